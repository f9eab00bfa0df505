"""/api/v1/suggestions: my organisation's suggested partners, explained, and my feedback on them."""

from __future__ import annotations

import marshmallow as ma
from flask_babel import gettext as _
from flask_login import current_user
from flask_smorest import Blueprint
from marshmallow import validate

from ..errors import Conflict
from ..extensions import db
from ..inputs import DB_INT_MAX
from ..matching import services
from ..matching.services import tag_lookup
from ..organisations.models import ORG_TYPES, Organisation
from ..organisations.services import sensitive_tags
from .auth import token_required
from .pagination import paginate
from .schemas import PageArgsSchema, SensitiveTagSchema, StrictSchema, TagSchema, page_of

blp = Blueprint(
    "api_suggestions", __name__, url_prefix="/api/v1/suggestions",
    description="Partners suggested for your organisation, with why, and your shortlist.",
)  # fmt: skip

TAG_KEYS = ("shared_tags", "they_offer_we_seek_tags", "we_offer_they_seek_tags")
TERM_KEYS = ("shared_terms", "they_offer_we_seek_terms", "we_offer_they_seek_terms")


class PartnerSchema(ma.Schema):
    id = ma.fields.Integer(required=True)
    name = ma.fields.String(required=True)
    name_ja = ma.fields.String(required=True)
    country = ma.fields.String(required=True)
    org_type = ma.fields.String(required=True)
    region = ma.fields.String(required=True)


class ExplanationSchema(ma.Schema):
    shared_tags = ma.fields.List(ma.fields.Nested(TagSchema), required=True)
    they_offer_we_seek_tags = ma.fields.List(ma.fields.Nested(TagSchema), required=True)
    we_offer_they_seek_tags = ma.fields.List(ma.fields.Nested(TagSchema), required=True)
    shared_terms = ma.fields.List(ma.fields.List(ma.fields.String()), required=True)
    they_offer_we_seek_terms = ma.fields.List(ma.fields.List(ma.fields.String()), required=True)
    we_offer_they_seek_terms = ma.fields.List(ma.fields.List(ma.fields.String()), required=True)
    components = ma.fields.Dict(keys=ma.fields.String(), values=ma.fields.Float(), required=True)


class SuggestionSchema(ma.Schema):
    partner = ma.fields.Nested(PartnerSchema, required=True)
    score = ma.fields.Float(required=True)
    rank = ma.fields.Integer(required=True)
    status = ma.fields.String(required=True, allow_none=True, metadata={"description": "saved or null"})
    explanation = ma.fields.Nested(ExplanationSchema, required=True)
    sensitive_tags = ma.fields.List(ma.fields.Nested(SensitiveTagSchema), required=True)
    computed_at = ma.fields.DateTime(required=True)


SuggestionPageSchema = page_of(SuggestionSchema, "SuggestionPage")


class SuggestionArgsSchema(PageArgsSchema):
    type = ma.fields.String(load_default="", validate=validate.OneOf(["", *ORG_TYPES]))
    tag = ma.fields.Integer(
        load_default=None, allow_none=True, validate=validate.Range(min=1, max=DB_INT_MAX)
    )
    region = ma.fields.String(load_default="", validate=validate.Length(max=100))
    saved = ma.fields.Boolean(load_default=False)


class FeedbackSchema(StrictSchema):
    status = ma.fields.String(
        required=True, allow_none=True, validate=validate.OneOf(["saved", "dismissed"]),
        metadata={"description": "saved (shortlist), dismissed (for good), or null (unsave)."},
    )  # fmt: skip


class FeedbackResultSchema(ma.Schema):
    partner_id = ma.fields.Integer(required=True)
    status = ma.fields.String(required=True, allow_none=True)


def _own_organisation() -> Organisation:
    organisation = current_user.organisation
    if organisation is None:
        raise Conflict(_("Register your organisation first: suggestions are made for organisations."))
    return organisation


def _explained(organisation: Organisation, rows) -> list[dict]:
    tags = tag_lookup([s.explanation for s, _status in rows])
    items = []
    for suggestion, status in rows:
        raw = suggestion.explanation or {}
        explanation = {k: [tags[i] for i in raw.get(k, []) if i in tags] for k in TAG_KEYS}
        explanation.update({k: [list(t) for t in raw.get(k, [])] for k in TERM_KEYS})
        explanation["components"] = raw.get("components", {})
        items.append({
            "partner": suggestion.partner, "score": suggestion.score, "rank": suggestion.rank,
            "status": status, "explanation": explanation, "computed_at": suggestion.computed_at,
            "sensitive_tags": sensitive_tags(organisation, suggestion.partner),
        })  # fmt: skip
    return items


@blp.route("")
@token_required()
@blp.arguments(SuggestionArgsSchema, location="query", as_kwargs=True)
@blp.response(200, SuggestionPageSchema)
def mine(page, per_page, type, tag, region, saved):
    """Suggested partners for your organisation, best first, each with its explanation."""
    organisation = _own_organisation()
    rows = services.suggestions_for(
        organisation, org_type=type, tag=tag, region=region, saved_only=saved
    )
    result = paginate(rows, {"page": page, "per_page": per_page})
    result["items"] = _explained(organisation, result["items"])
    return result


@blp.route("/<int:partner_id>/feedback", methods=["PUT"])
@token_required(write=True)
@blp.arguments(FeedbackSchema)
@blp.response(200, FeedbackResultSchema)
def feedback(data: dict, partner_id: int):
    """Save a partner to your shortlist, dismiss it for good, or unsave it (read-write token)."""
    organisation = _own_organisation()
    services.set_feedback(organisation, partner_id, data["status"], by=current_user)
    db.session.commit()
    return {"partner_id": partner_id, "status": data["status"]}
