"""Input hygiene shared by every form and API body.

PostgreSQL cannot store the NUL character, and UTF-8 cannot encode lone surrogates (which JSON
can smuggle in as "\\ud800"). Refusing both at the edge, with a message, keeps them from ever
reaching the database as a 500.
"""

from __future__ import annotations

from typing import Any

from flask import Flask, request
from flask_babel import gettext as _
from werkzeug.routing import IntegerConverter

from .errors import DomainError


def _bad_text(value: str) -> bool:
    if "\x00" in value:
        return True
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def _walk(value: Any, depth: int = 0) -> bool:
    if isinstance(value, str):
        return _bad_text(value)
    if depth > 50:
        return False
    if isinstance(value, dict):
        return any(_bad_text(str(k)) or _walk(v, depth + 1) for k, v in value.items())
    if isinstance(value, list):
        return any(_walk(v, depth + 1) for v in value)
    return False


DB_INT_MAX = 2**31 - 1


class DatabaseIntConverter(IntegerConverter):
    """`<int:…>` limited to what an INTEGER column holds, so huge ids are a 404, not a 500."""

    def __init__(self, map, fixed_digits: int = 0, min: int | None = None, max: int | None = DB_INT_MAX,
                 signed: bool = False) -> None:  # fmt: skip
        super().__init__(map, fixed_digits=fixed_digits, min=min, max=max, signed=signed)


MAX_PAGE = 100_000


def id_or_none(value: str | None) -> int | None:
    """A database id typed as text ("42"), or None for anything else, however odd or large."""
    value = (value or "").strip()
    if not (value.isascii() and value.isdigit() and len(value) <= 10):
        return None
    number = int(value)
    return number if 0 < number <= DB_INT_MAX else None


def page_number() -> int:
    """The `page` query parameter for db.paginate, kept within 1..MAX_PAGE (huge ones overflow)."""
    number = id_or_none(request.args.get("page"))
    return min(number, MAX_PAGE) if number else 1


def install_converters(app: Flask) -> None:
    """Make every `<int:…>` URL part a DatabaseIntConverter; call before registering routes."""
    app.url_map.converters["int"] = DatabaseIntConverter


def init_app(app: Flask) -> None:
    """Refuse requests whose query, form or JSON text holds a NUL or an unencodable character."""

    @app.before_request
    def refuse_unstorable_text():
        texts = [*request.args.values(), *request.args.keys()]
        if request.method in ("POST", "PUT", "PATCH", "DELETE"):
            texts += [*request.form.keys(), *request.form.values()]
            if request.is_json:
                body = request.get_json(silent=True)
                if _walk(body):
                    texts.append("\x00")
        if any(_bad_text(t) for t in texts):
            raise DomainError(
                _("Text may not contain control characters such as NUL."),
                fields={"_body": [_("Remove the control characters and try again.")]},
            )
