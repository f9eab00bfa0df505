"""Account operations: registering, authenticating, password reset tokens, roles."""

from __future__ import annotations

import datetime as dt
import secrets

from flask import current_app
from flask_babel import gettext as _
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy import delete, select
from werkzeug.security import check_password_hash, generate_password_hash

from ..errors import Conflict, DomainError
from ..extensions import db
from ..security import ROLES, hash_secret
from .models import PendingSignup, User, normalise_email, utcnow

RESET_SALT = "kakehashi-password-reset"
PENDING_PER_ADDRESS = 5  # newest unconfirmed sign-ups kept per address


def find_user_by_email(email: str) -> User | None:
    """The user with this address, compared case-insensitively."""
    return db.session.scalar(select(User).where(User.email == normalise_email(email)))


def _signup_cutoff() -> dt.datetime:
    return utcnow() - dt.timedelta(seconds=current_app.config["SIGNUP_CONFIRM_MAX_AGE"])


def purge_pending_signups() -> int:
    """Delete the sign-ups nobody confirmed in time; how many there were."""
    result = db.session.execute(delete(PendingSignup).where(PendingSignup.created_at < _signup_cutoff()))
    return result.rowcount or 0


def start_signup(name: str, email: str, password: str, locale: str | None) -> str | None:
    """Hold a sign-up until the address's owner confirms it; the link's token, or None when the
    address already has an account (the caller then tells that owner, and answers the same).

    The password is hashed on both paths so the answer takes as long either way.
    """
    password_hash = generate_password_hash(password)
    address = normalise_email(email)
    purge_pending_signups()
    if find_user_by_email(address):
        return None
    older = db.session.scalars(
        select(PendingSignup.id).where(PendingSignup.email == address)
        .order_by(PendingSignup.created_at.desc(), PendingSignup.id.desc())
        .offset(PENDING_PER_ADDRESS - 1)
    ).all()
    if older:
        db.session.execute(delete(PendingSignup).where(PendingSignup.id.in_(older)))
    token = secrets.token_urlsafe(32)
    db.session.add(PendingSignup(
        name=name.strip(), email=address, password_hash=password_hash, locale=locale,
        token_hash=hash_secret(token),
    ))
    db.session.flush()
    return token


def pending_signup(token: str) -> PendingSignup | None:
    """The unexpired sign-up a confirmation link belongs to, or None."""
    if not token or len(token) > 100:
        return None
    return db.session.scalar(select(PendingSignup).where(
        PendingSignup.token_hash == hash_secret(token),
        PendingSignup.created_at >= _signup_cutoff(),
    ))


def confirm_signup(pending: PendingSignup, password: str) -> User:
    """Create the account of a confirmed sign-up, given the password chosen for it.

    Asking for the password means only the person who signed up can finish, even if someone
    else's sign-up for the same address is waiting too.
    """
    if not check_password_hash(pending.password_hash, password or ""):
        raise DomainError(
            _("That is not the password you chose when you signed up."),
            fields={"password": [_("That is not the password you chose when you signed up.")]},
        )
    if find_user_by_email(pending.email):
        raise Conflict(_("This address already has an account: sign in instead."))
    user = User(name=pending.name, email=pending.email, password_hash=pending.password_hash)
    db.session.add(user)
    db.session.execute(delete(PendingSignup).where(PendingSignup.email == pending.email))
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
