"""Bind the API to the app: flask-smorest, its OpenAPI document, the docs page, CSRF and limits."""

from __future__ import annotations

from flask import Flask
from flask_smorest import Api

from ..extensions import csrf, limiter
from ..ratelimit import by_credential, configured, too_many
from . import docs, event_actions, event_meetings, events, me, organisations, suggestions, tags
from .auth import BEARER_SCHEME
from .schemas import ErrorSchema

RESOURCES = (me.blp, organisations.blp, tags.blp, suggestions.blp, events.blp, event_meetings.blp,
             event_actions.blp)

API_CONFIG = {
    "API_TITLE": "Kakehashi API",
    "API_VERSION": "v1",
    "OPENAPI_VERSION": "3.0.3",
    "OPENAPI_URL_PREFIX": "/api/v1",
    "OPENAPI_JSON_PATH": "openapi.json",
    "API_SPEC_OPTIONS": {
        "info": {
            "description": (
                "Kakehashi's JSON API. Authenticate every request with a personal access token "
                "(create one on your account page) sent as `Authorization: Bearer <token>`. "
                "Errors always have the shape {\"error\": {\"code\", \"message\", \"fields\"}}; "
                "lists are paginated with `page` and `per_page` and carry `links`; times are "
                "ISO 8601 with an offset."
            )
        },
        "security": [{"bearerAuth": []}],
        "servers": [{"url": "/"}],
    },
}


# Limits attach to the blueprints once, at import: the limiter is shared by every app in a process.
_api_limit = limiter.limit(configured("RATE_LIMIT_API"), key_func=by_credential, error_message=too_many)
for _blp in RESOURCES:
    _api_limit(_blp)


class KakehashiApi(Api):
    """flask-smorest, documenting our error shape and leaving error handling to app.errors."""

    ERROR_SCHEMA = ErrorSchema

    def _register_error_handlers(self) -> None:
        """app.errors already answers JSON with the one error shape for every /api/ path."""


def init_api(app: Flask) -> KakehashiApi:
    """Register the API resources, the OpenAPI document at /api/v1/openapi.json and the docs page."""
    for key, value in API_CONFIG.items():
        app.config.setdefault(key, value)
    api = KakehashiApi()
    api.init_app(app)
    api.spec.components.security_scheme("bearerAuth", BEARER_SCHEME)
    for blp in RESOURCES:
        api.register_blueprint(blp)
        csrf.exempt(blp)  # token-only: browsers never send the Authorization header on their own
    app.register_blueprint(docs.bp)
    app.extensions["kakehashi_api"] = api
    return api
