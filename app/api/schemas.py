"""Marshmallow schemas shared by every resource: errors, pagination, links, tags."""

from __future__ import annotations

import marshmallow as ma
from marshmallow import validate

from ..organisations.models import SENSITIVITIES


class StrictSchema(ma.Schema):
    class Meta:
        unknown = ma.RAISE


class ErrorBodySchema(ma.Schema):
    code = ma.fields.String(required=True, metadata={"example": "unprocessable_entity"})
    message = ma.fields.String(required=True, metadata={"description": "A sentence for people."})
    fields = ma.fields.Dict(
        keys=ma.fields.String(),
        values=ma.fields.List(ma.fields.String()),
        required=True,
        metadata={"description": "Messages for each field that was wrong (dotted paths)."},
    )


class ErrorSchema(ma.Schema):
    """Every API error: {"error": {"code", "message", "fields"}}."""

    error = ma.fields.Nested(ErrorBodySchema, required=True)


class PageArgsSchema(StrictSchema):
    class Meta:
        unknown = ma.EXCLUDE

    page = ma.fields.Integer(load_default=1, validate=validate.Range(min=1, max=100_000))
    per_page = ma.fields.Integer(load_default=20, validate=validate.Range(min=1, max=100))


class PaginationSchema(ma.Schema):
    page = ma.fields.Integer(required=True)
    per_page = ma.fields.Integer(required=True)
    total = ma.fields.Integer(required=True)
    pages = ma.fields.Integer(required=True)


class PageLinksSchema(ma.Schema):
    self = ma.fields.String(required=True)
    first = ma.fields.String(required=True)
    last = ma.fields.String(required=True)
    prev = ma.fields.String(required=True, allow_none=True)
    next = ma.fields.String(required=True, allow_none=True)


def page_of(item_schema: type[ma.Schema], name: str) -> type[ma.Schema]:
    """A schema for one page of `item_schema` items with pagination figures and links."""
    return type(
        name,
        (ma.Schema,),
        {
            "items": ma.fields.List(ma.fields.Nested(item_schema), required=True),
            "pagination": ma.fields.Nested(PaginationSchema, required=True),
            "links": ma.fields.Nested(PageLinksSchema, required=True),
        },
    )


class TagSchema(ma.Schema):
    id = ma.fields.Integer(required=True)
    slug = ma.fields.String(required=True)
    label_en = ma.fields.String(required=True)
    label_ja = ma.fields.String(required=True)
    parent_id = ma.fields.Integer(required=True, allow_none=True)
    sensitivity = ma.fields.String(required=True, validate=validate.OneOf(list(SENSITIVITIES)))


class SensitiveTagSchema(ma.Schema):
    tag = ma.fields.Nested(TagSchema, required=True)
    level = ma.fields.String(required=True, validate=validate.OneOf(["dual_use", "export_controlled"]))
    held_by = ma.fields.List(ma.fields.Integer(), required=True)


TagPageSchema = page_of(TagSchema, "TagPage")
