"""Account operations: registering, authenticating, password reset tokens, roles."""

from __future__ import annotations

from flask import current_app
from flask_babel import gettext as _
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy import select

from ..errors import Conflict, DomainError
from ..extensions import db
from ..security import ROLES
from .models import User, normalise_email

RESET_SALT = "kakehashi-password-reset"


def find_user_by_email(email: str) -> User | None:
    """The user with this address, compared case-insensitively."""
    return db.session.scalar(select(User).where(User.email == normalise_email(email)))


def register_user(name: str, email: str, password: str, role: str = "participant") -> User:
    """Create an account; an address already registered (in any case) is a conflict."""
    if find_user_by_email(email):
        raise Conflict(
            _("An account with this e-mail address already exists."),
            fields={"email": [_("This e-mail address is already registered.")]},
        )
    user = User(name=name.strip(), email=normalise_email(email), role=role)
    user.set_password(password)
    db.session.add(user)
    db.session.flush()
    return user


def authenticate(email: str, password: str) -> User | None:
    """The active user these credentials belong to, or None (never saying which part was wrong)."""
    user = find_user_by_email(email)
    if user is None or not user.active or not user.check_password(password):
        return None
    return user


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=RESET_SALT)


def make_reset_token(user: User) -> str:
    """A signed, expiring token that stops working once the password changes."""
    return _serializer().dumps({"id": user.id, "h": user.password_hash[-16:]})


def user_from_reset_token(token: str) -> User | None:
    """The user a still-valid reset token was made for, or None."""
    try:
        data = _serializer().loads(token, max_age=current_app.config["PASSWORD_RESET_MAX_AGE"])
    except (SignatureExpired, BadSignature):
        return None
    if not isinstance(data, dict) or not isinstance(data.get("id"), int):
        return None
    user = db.session.get(User, data["id"])
    if user is None or user.password_hash[-16:] != data.get("h"):
        return None
    return user


def change_role(user: User, role: str) -> None:
    """Give a user one of the known roles."""
    if role not in ROLES:
        raise DomainError(_("Unknown role."))
    user.role = role
