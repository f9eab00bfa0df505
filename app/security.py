"""Sign-in plumbing and the shared role check used outside the organiser area."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from functools import wraps

from flask import Flask, abort, flash, g, redirect, request, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from .errors import error_body, wants_json
from .extensions import db, login_manager


def hash_secret(secret: str) -> str:
    """The SHA-256 hex digest stored in place of a secret (API tokens, sign-up links)."""
    return hashlib.sha256(secret.encode("utf-8", "surrogatepass")).hexdigest()

ROLES = ("participant", "organiser", "admin")


def init_app(app: Flask) -> None:
    """Wire Flask-Login to the user table and set the sign-in page."""
    from sqlalchemy.orm import joinedload, lazyload

    from .accounts.models import Membership, User
    from .organisations.models import Organisation

    # Every page shows the user's organisation in the navigation: load both in one statement.
    with_organisation = [
        joinedload(User.memberships).joinedload(Membership.organisation).options(
            lazyload(Organisation.tag_links)
        )
    ]

    @app.before_request
    def forget_previous_user():
        # `g` outlives a request when an app context was already pushed (tests, scripts); never
        # let one request's signed-in user or API token leak into the next.
        g.pop("_login_user", None)
        g.pop("api_token", None)

    login_manager.login_view = "accounts.login"
    login_manager.login_message = _l("Please sign in to see this page.")
    login_manager.login_message_category = "info"

    @login_manager.user_loader
    def load_user(user_id: str):
        if not user_id.isdigit():
            return None
        user = db.session.get(User, int(user_id), options=with_organisation)
        return user if user and user.active else None

    @login_manager.unauthorized_handler
    def unauthorized():
        if wants_json():
            return error_body("unauthorised", str(_l("Sign in first."))), 401
        flash(login_manager.login_message, "info")
        return redirect(url_for("accounts.login", next=request.full_path.rstrip("?")))


def role_required(*roles: str) -> Callable:
    """Let through signed-in users with one of `roles`; others get 403 (JSON) or the sign-in page."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapped(*args, **kwargs):
            if not current_user.is_authenticated:
                return login_manager.unauthorized()
            if current_user.role not in roles and current_user.role != "admin":
                abort(403)
            return view(*args, **kwargs)

        return wrapped

    return decorator
