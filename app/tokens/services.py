"""Creating, checking and revoking personal access tokens.

A token's secret is shown once, when it is created; the database keeps only its SHA-256, so a
leaked database does not leak working tokens. Secrets are 256 random bits, so a plain hash is
enough (no salt or slow hash is needed for values nobody can guess).
"""

from __future__ import annotations

import datetime as dt
import hmac
import secrets

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from ..accounts.models import Membership, User, utcnow
from ..errors import DomainError, NotFound
from ..extensions import db
from ..security import hash_secret
from .models import SCOPES, ApiToken

SECRET_PREFIX = "kkh_"
MAX_TOKENS = 20
TOUCH_EVERY = dt.timedelta(minutes=5)


def create_token(user: User, name: str, scope: str) -> tuple[ApiToken, str]:
    """A new token for `user` and its secret, which is never stored and cannot be shown again."""
    name = (name or "").strip()
    if not name or len(name) > 80:
        raise DomainError(
            _("Name the token (up to 80 characters)."),
            fields={"name": [_("Name the token (up to 80 characters).")]},
        )
    if scope not in SCOPES:
        raise DomainError(
            _("Choose read or read-write access."), fields={"scope": [_("Choose read or read-write access.")]}
        )
    if len(active_tokens(user)) >= MAX_TOKENS:
        raise DomainError(_("You have %(n)d tokens; revoke one first.", n=MAX_TOKENS))
    secret = SECRET_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(
        user=user, name=name, scope=scope, prefix=secret[:12], secret_hash=hash_secret(secret)
    )
    db.session.add(token)
    db.session.flush()
    return token, secret


def active_tokens(user: User) -> list[ApiToken]:
    """The user's tokens that still work, newest first."""
    return list(
        db.session.scalars(
            select(ApiToken)
            .where(ApiToken.user_id == user.id, ApiToken.revoked_at.is_(None))
            .order_by(ApiToken.created_at.desc(), ApiToken.id.desc())
        )
    )


def revoke_token(user: User, token_id: int) -> ApiToken:
    """Stop one of the user's tokens from working; another user's token is not found."""
    token = db.session.get(ApiToken, token_id)
    if token is None or token.user_id != user.id:
        raise NotFound(_("No such token."))
    if token.revoked_at is None:
        token.revoked_at = utcnow()
    return token


def token_for_secret(secret: str) -> ApiToken | None:
    """The live token with this secret whose owner is active, or None; notes when it was used."""
    if not secret or not secret.startswith(SECRET_PREFIX) or len(secret) > 100:
        return None
    digest = hash_secret(secret)
    from ..organisations.models import Organisation  # its package imports views that import this

    # The owner and the organisation it acts for come with the token, as with a session's user.
    owner = joinedload(ApiToken.user).joinedload(User.memberships).joinedload(Membership.organisation)
    token = db.session.scalar(select(ApiToken).where(ApiToken.secret_hash == digest).options(
        owner.lazyload(Organisation.tag_links)))
    if token is None or not hmac.compare_digest(token.secret_hash, digest):
        return None
    if token.revoked_at is not None or not token.user.active:
        return None
    now = utcnow()
    if token.last_used_at is None or now - token.last_used_at > TOUCH_EVERY:
        token.last_used_at = now
        db.session.commit()
    return token
