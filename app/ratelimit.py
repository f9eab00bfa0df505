"""Rate limits: where they are stored, and the limits that guard sign-in, sign-up, resets and the API.

Limits read their values from the configuration (RATE_LIMIT_*) when a request arrives, so an
instance can tune them without code. The counters live in Redis when REDIS_URL is set (shared by
every worker) and in memory otherwise.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable

from flask import Flask, current_app, request
from flask_babel import gettext as _
from flask_limiter.util import get_remote_address

from .extensions import limiter


def init_app(app: Flask) -> None:
    """Point the limiter at Redis or memory and bind it to the app."""
    if not app.config.get("RATELIMIT_STORAGE_URI"):
        app.config["RATELIMIT_STORAGE_URI"] = app.config.get("REDIS_URL") or "memory://"
    limiter.init_app(app)


def configured(name: str) -> Callable[[], str]:
    """A limit whose value is the setting `name`, read at request time."""
    return lambda: current_app.config[name]


def by_address() -> str:
    """Key a limit on the e-mail address typed in, registered or not, so it reveals nothing."""
    return "address:" + (request.form.get("email") or "").strip().lower()[:254]


def too_many() -> str:
    """The same message whoever is limited and whatever address they typed."""
    return _("Too many attempts. Please wait a few minutes, then try again.")


def limit(setting: str, key_func: Callable[[], str] | None = None, methods=("POST",)):
    """Decorator: limit a view's `methods` by the setting's value, per client (or per `key_func`)."""
    return limiter.limit(
        configured(setting), key_func=key_func, methods=list(methods), error_message=too_many
    )


def by_credential() -> str:
    """Key API limits on the bearer token presented (hashed), else on the client address."""
    header = request.headers.get("Authorization", "")
    if header:
        return "credential:" + hashlib.sha256(header.encode("utf-8", "replace")).hexdigest()[:32]
    return get_remote_address()
