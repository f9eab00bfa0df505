"""/api/v1/me: who the token belongs to."""

from __future__ import annotations

import marshmallow as ma
from flask import g
from flask_login import current_user
from flask_smorest import Blueprint

from .auth import token_required

blp = Blueprint(
    "api_me", __name__, url_prefix="/api/v1/me", description="The token's owner."
)


class OrganisationRefSchema(ma.Schema):
    id = ma.fields.Integer(required=True)
    name = ma.fields.String(required=True)
    country = ma.fields.String(required=True)


class TokenInfoSchema(ma.Schema):
    name = ma.fields.String(required=True)
    scope = ma.fields.String(required=True)
    created_at = ma.fields.DateTime(required=True)


class MeSchema(ma.Schema):
    id = ma.fields.Integer(required=True)
    name = ma.fields.String(required=True)
    email = ma.fields.String(required=True)
    role = ma.fields.String(required=True)
    locale = ma.fields.String(required=True, allow_none=True)
    timezone = ma.fields.String(required=True)
    organisation = ma.fields.Nested(OrganisationRefSchema, required=True, allow_none=True)
    token = ma.fields.Nested(TokenInfoSchema, required=True)


@blp.route("")
@token_required()
@blp.response(200, MeSchema)
def me():
    """Your account, your organisation and the token in use."""
    user = current_user._get_current_object()
    return {
        "id": user.id, "name": user.name, "email": user.email, "role": user.role,
        "locale": user.locale, "timezone": user.timezone, "organisation": user.organisation,
        "token": g.api_token,
    }  # fmt: skip
