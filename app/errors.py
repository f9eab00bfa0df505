"""Domain exceptions, and the one place they (and HTTP errors) become responses."""

from __future__ import annotations

from flask import Flask, jsonify, make_response, render_template, request
from flask_babel import lazy_gettext as _l
from werkzeug.exceptions import HTTPException


class DomainError(Exception):
    """A rule of the domain was broken; `status` is what the edge answers with."""

    status = 400
    code = "invalid"

    def __init__(self, message: str, fields: dict[str, list[str]] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.fields = fields or {}


class Unauthorised(DomainError):
    status = 401
    code = "unauthorised"


class NotAllowed(DomainError):
    status = 403
    code = "forbidden"


class NotFound(DomainError):
    status = 404
    code = "not_found"


class Conflict(DomainError):
    status = 409
    code = "conflict"


def wants_json() -> bool:
    """True for API paths and for clients that prefer JSON to HTML."""
    if request.path.startswith("/api/"):
        return True
    best = request.accept_mimetypes.best_match(["application/json", "text/html"])
    return best == "application/json" and request.accept_mimetypes[best] > request.accept_mimetypes[
        "text/html"
    ]


def error_body(code: str, message: str, fields: dict | None = None) -> dict:
    """The JSON error shape every API error uses."""
    return {"error": {"code": code, "message": message, "fields": fields or {}}}


TITLES = {
    400: _l("The request could not be understood"),
    401: _l("Sign in first"),
    403: _l("You do not have access to this page"),
    404: _l("Page not found"),
    405: _l("That action is not allowed here"),
    409: _l("That conflicts with something already agreed"),
    413: _l("The upload is too large"),
    415: _l("Send the request body as JSON"),
    422: _l("Some fields are not valid"),
    429: _l("Too many requests"),
    500: _l("Something went wrong on our side"),
}


def _respond(status: int, code: str, message: str, fields: dict | None = None):
    if wants_json():
        return jsonify(error_body(code, message, fields)), status
    title = TITLES.get(status, TITLES[400])
    page = render_template("errors/error.html", status=status, title=title, message=message)
    return make_response(page), status


def _fields_of(exc: HTTPException) -> dict[str, list[str]]:
    """Per-field messages a validation error carries (webargs puts them in exc.data)."""
    messages = (getattr(exc, "data", None) or {}).get("messages") or {}
    fields: dict[str, list[str]] = {}

    def walk(prefix: str, value) -> None:
        if isinstance(value, dict):
            for key, inner in value.items():
                walk(f"{prefix}.{key}" if prefix else str(key), inner)
        elif isinstance(value, list) and all(isinstance(v, str) for v in value):
            fields.setdefault(prefix or "_body", []).extend(value)
        elif isinstance(value, list):
            for index, inner in enumerate(value):
                walk(f"{prefix}.{index}", inner)
        else:
            fields.setdefault(prefix or "_body", []).append(str(value))

    for location in messages.values() if isinstance(messages, dict) else [messages]:
        walk("", location)
    return fields


def init_app(app: Flask) -> None:
    """Register handlers so no error reaches the user as a bare traceback."""

    @app.errorhandler(DomainError)
    def domain_error(exc: DomainError):
        response = _respond(exc.status, exc.code, exc.message, exc.fields)
        if exc.status == 401:
            response[0].headers["WWW-Authenticate"] = "Bearer"
        return response

    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException):
        code = (exc.name or "error").lower().replace(" ", "_")
        message = str(TITLES.get(exc.code or 500, exc.description or ""))
        if exc.code == 413:
            limit = app.config["MAX_CONTENT_LENGTH"] // (1024 * 1024)
            message = str(_l("Uploads are limited to %(mb)s MB.", mb=limit))
        elif exc.code == 429 and exc.description:
            message = str(exc.description)
        response = _respond(exc.code or 500, code, message, _fields_of(exc))
        if exc.code == 405 and exc.valid_methods:
            response[0].headers["Allow"] = ", ".join(exc.valid_methods)
        return response

    @app.errorhandler(500)
    def server_error(exc):
        from .extensions import db

        db.session.rollback()
        return _respond(500, "server_error", str(TITLES[500]))
