"""/api/v1/tags: the bilingual capability taxonomy."""

from __future__ import annotations

import marshmallow as ma
from flask_smorest import Blueprint
from marshmallow import validate
from sqlalchemy import or_, select

from ..extensions import db
from ..inputs import DB_INT_MAX
from ..organisations.models import SENSITIVITIES, Tag
from ..organisations.services import _escape_like
from .auth import token_required
from .pagination import paginate
from .schemas import PageArgsSchema, TagPageSchema, TagSchema

blp = Blueprint(
    "api_tags", __name__, url_prefix="/api/v1/tags",
    description="The capability taxonomy, with English and Japanese labels.",
)  # fmt: skip


class TagSearchSchema(PageArgsSchema):
    q = ma.fields.String(load_default="", validate=validate.Length(max=100))
    parent_id = ma.fields.Integer(
        load_default=None, allow_none=True, validate=validate.Range(min=1, max=DB_INT_MAX)
    )
    sensitivity = ma.fields.String(load_default="", validate=validate.OneOf(["", *SENSITIVITIES]))


@blp.route("")
@token_required()
@blp.arguments(TagSearchSchema, location="query", as_kwargs=True)
@blp.response(200, TagPageSchema)
def search(page, per_page, q, parent_id, sensitivity):
    """Tags whose English or Japanese label contains `q`, in English label order."""
    stmt = select(Tag).order_by(Tag.label_en, Tag.id)
    if q.strip():
        pattern = f"%{_escape_like(q.strip())}%"
        stmt = stmt.where(
            or_(Tag.label_en.ilike(pattern, escape="\\"), Tag.label_ja.ilike(pattern, escape="\\"))
        )
    if parent_id is not None:
        stmt = stmt.where(Tag.parent_id == parent_id)
    if sensitivity:
        stmt = stmt.where(Tag.sensitivity == sensitivity)
    return paginate(stmt, {"page": page, "per_page": per_page})


@blp.route("/<int:tag_id>")
@token_required()
@blp.response(200, TagSchema)
def read(tag_id: int):
    """One tag."""
    return db.get_or_404(Tag, tag_id)
