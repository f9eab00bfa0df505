"""Bearer-token authentication for the API, with read and read-write scopes."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from flask import g, request
from flask_babel import gettext as _

from ..errors import NotAllowed, Unauthorised
from ..extensions import login_manager
from ..tokens.models import ApiToken
from ..tokens.services import token_for_secret

BEARER_SCHEME = {"type": "http", "scheme": "bearer", "description": "A personal access token."}


def bearer_secret() -> str:
    """The token sent as `Authorization: Bearer <secret>`, or an empty string."""
    header = request.headers.get("Authorization", "")
    scheme, _sep, secret = header.partition(" ")
    return secret.strip() if scheme.lower() == "bearer" else ""


def authenticate() -> ApiToken:
    """The request's token; raise Unauthorised when it is missing, unknown or revoked."""
    token = token_for_secret(bearer_secret())
    if token is None:
        raise Unauthorised(_("Send a valid personal access token as Authorization: Bearer <token>."))
    g.api_token = token
    # Make flask-login's current_user the token's owner for this request only (no session).
    login_manager._update_request_context_with_user(token.user)
    return token


def token_required(write: bool = False) -> Callable:
    """Let a view through for a valid token; `write` views need the read-write scope."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapped(*args, **kwargs):
            token = authenticate()
            if write and not token.can_write:
                raise NotAllowed(_("This token is read-only; create a read-write token to make changes."))
            return view(*args, **kwargs)

        return wrapped

    return decorator
