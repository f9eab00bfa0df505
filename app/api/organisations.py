"""/api/v1/organisations: the directory's search, one organisation, and updating one's own."""

from __future__ import annotations

import marshmallow as ma
from flask import url_for
from flask_login import current_user
from flask_smorest import Blueprint
from marshmallow import validate

from ..extensions import db
from ..inputs import DB_INT_MAX
from ..organisations import services
from ..organisations.contacts import can_see_contacts, prefetch_contacts
from ..organisations.forms import MAX_TAGS
from ..organisations.models import COUNTRIES, INTERESTS, ORG_TYPES, SIZE_BANDS, Organisation
from .auth import token_required
from .pagination import paginate
from .schemas import PageArgsSchema, SensitiveTagSchema, StrictSchema, TagSchema, page_of

blp = Blueprint(
    "api_organisations", __name__, url_prefix="/api/v1/organisations",
    description="Organisations in the directory: search, read, and update your own.",
)  # fmt: skip


def _not_blank(value: str) -> None:
    if not value.strip():
        raise ma.ValidationError("Must not be blank.")


def _empty_or(validator):
    def check(value: str) -> None:
        if value != "":
            validator(value)

    return check


class ContactSchema(ma.Schema):
    name = ma.fields.String(required=True, attribute="contact_name")
    email = ma.fields.String(required=True, attribute="contact_email")
    phone = ma.fields.String(required=True, attribute="contact_phone")


# Built once: a schema instance deep-copies its fields, and a page dumps twenty organisations.
_CONTACT = ContactSchema()
_SENSITIVE = SensitiveTagSchema(many=True)


class OrganisationSchema(ma.Schema):
    id = ma.fields.Integer(required=True)
    name = ma.fields.String(required=True)
    name_ja = ma.fields.String(required=True)
    country = ma.fields.String(required=True, validate=validate.OneOf(list(COUNTRIES)))
    org_type = ma.fields.String(required=True, validate=validate.OneOf(list(ORG_TYPES)))
    size_band = ma.fields.String(required=True)
    region = ma.fields.String(required=True)
    city = ma.fields.String(required=True)
    website = ma.fields.String(required=True)
    description = ma.fields.String(required=True)
    offers = ma.fields.String(required=True)
    seeks = ma.fields.String(required=True)
    interests = ma.fields.List(ma.fields.String(), required=True)
    capabilities = ma.fields.List(ma.fields.Nested(TagSchema), required=True)
    looking_for = ma.fields.List(ma.fields.Nested(TagSchema), required=True)
    contact = ma.fields.Method(
        "get_contact", required=True, allow_none=True,
        metadata={"description": "For members, admins, organisers of an event it joined and partners "
                              "of an agreed meeting; null for everyone else."},
    )  # fmt: skip
    sensitive_tags = ma.fields.Method("get_sensitive", required=True)
    html_url = ma.fields.Method("get_html_url", required=True)
    created_at = ma.fields.DateTime(required=True)
    updated_at = ma.fields.DateTime(required=True)

    def get_contact(self, org: Organisation):
        if not can_see_contacts(current_user, org):
            return None
        return _CONTACT.dump(org)

    def get_sensitive(self, org: Organisation):
        return _SENSITIVE.dump(services.sensitive_tags(org))

    def get_html_url(self, org: Organisation) -> str:
        return url_for("organisations.show", org_id=org.id, _external=True)


# Method fields document as plain objects; describe them properly for the OpenAPI document.
OrganisationSchema._declared_fields["contact"].metadata["type"] = "object"
OrganisationSchema._declared_fields["sensitive_tags"].metadata["type"] = "array"
OrganisationSchema._declared_fields["html_url"].metadata["type"] = "string"

OrganisationPageSchema = page_of(OrganisationSchema, "OrganisationPage")


class OrganisationSearchSchema(PageArgsSchema):
    q = ma.fields.String(load_default="", validate=validate.Length(max=200))
    country = ma.fields.String(load_default="", validate=validate.OneOf(["", *COUNTRIES]))
    type = ma.fields.String(load_default="", validate=validate.OneOf(["", *ORG_TYPES]))
    tag = ma.fields.Integer(
        load_default=None, allow_none=True, validate=validate.Range(min=1, max=DB_INT_MAX)
    )
    region = ma.fields.String(load_default="", validate=validate.Length(max=100))


def _text(max_len: int, blank: bool = True, **kw) -> ma.fields.String:
    checks = [validate.Length(max=max_len)] + ([] if blank else [_not_blank])
    return ma.fields.String(validate=checks, **kw)


class OrganisationUpdateSchema(StrictSchema):
    """Every field is optional: send only what changes (the same rules as the profile form)."""

    name = _text(200, blank=False)
    name_ja = _text(200)
    country = ma.fields.String(validate=validate.OneOf(list(COUNTRIES)))
    org_type = ma.fields.String(validate=validate.OneOf(list(ORG_TYPES)))
    size_band = ma.fields.String(validate=validate.OneOf(["", *SIZE_BANDS]))
    region = _text(100)
    city = _text(100)
    website = ma.fields.String(
        validate=[validate.Length(max=300), _empty_or(validate.URL(require_tld=True))]
    )
    description = _text(5000, blank=False)
    offers = _text(2000)
    seeks = _text(2000)
    interests = ma.fields.List(
        ma.fields.String(validate=validate.OneOf(list(INTERESTS))),
        validate=validate.Length(max=len(INTERESTS)),
    )
    capabilities = ma.fields.List(
        ma.fields.Integer(validate=validate.Range(min=1, max=DB_INT_MAX)),
        validate=validate.Length(max=MAX_TAGS),
    )
    looking_for = ma.fields.List(
        ma.fields.Integer(validate=validate.Range(min=1, max=DB_INT_MAX)),
        validate=validate.Length(max=MAX_TAGS),
    )
    contact_name = _text(120)
    contact_email = ma.fields.String(
        validate=[validate.Length(max=254), _empty_or(validate.Email())]
    )
    contact_phone = _text(40)


@blp.route("")
@token_required()
@blp.arguments(OrganisationSearchSchema, location="query", as_kwargs=True)
@blp.response(200, OrganisationPageSchema)
def search(page, per_page, q, country, type, tag, region):
    """Search the directory with the same filters as the web page, by name."""
    stmt = services.directory_query(q=q, country=country, org_type=type, tag=tag, region=region)
    result = paginate(stmt, {"page": page, "per_page": per_page})
    prefetch_contacts(current_user, [org.id for org in result["items"]])
    return result


@blp.route("/<int:org_id>")
@token_required()
@blp.response(200, OrganisationSchema)
def read(org_id: int):
    """One organisation's profile; contact details only for those allowed to see them."""
    return db.get_or_404(Organisation, org_id)


@blp.route("/<int:org_id>", methods=["PATCH"])
@token_required(write=True)
@blp.arguments(OrganisationUpdateSchema)
@blp.response(200, OrganisationSchema)
def update(data: dict, org_id: int):
    """Change your own organisation's profile (read-write token); send only what changes."""
    organisation = db.get_or_404(Organisation, org_id)
    services.ensure_can_edit(current_user, organisation)
    services.update_organisation(organisation, data)
    db.session.commit()
    return organisation
