"""Download my data, and delete my account.

Features that keep data about a user add it to the export and clear it on deletion by
registering functions here, so this module never needs to know every table:

    @register_exporter("participations")
    def _export(user): return [...]          # JSON-able

    @register_eraser
    def _erase(user): ...                      # runs before the account is anonymised

Deleting an account removes every personal detail and keeps a tombstone row (no name, no
address, no password) so records that point at it — meetings, the audit log — still hold
together. An organisation with other members stays; one left without members is anonymised,
keeping only its country, type and size so organisers' counts stay right.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import delete, func, select

from ..accounts.models import Membership, User, utcnow
from ..audit.models import AuditEntry
from ..audit.services import record_audit
from ..extensions import db
from ..jobs.models import Job
from ..organisations.models import Organisation
from ..tokens.models import ApiToken

EXPORT_FORMAT = "kakehashi-personal-data/1"
EXPORTERS: dict[str, Callable[[User], Any]] = {}
ERASERS: list[Callable[[User], None]] = []


def register_exporter(name: str) -> Callable:
    """Add a section `name` to every user's data export."""

    def decorator(func: Callable[[User], Any]) -> Callable[[User], Any]:
        EXPORTERS[name] = func
        return func

    return decorator


def register_eraser(func: Callable[[User], None]) -> Callable[[User], None]:
    """Run `func(user)` when the user deletes their account, before it is anonymised."""
    ERASERS.append(func)
    return func


def _iso(value) -> str | None:
    return value.isoformat() if value is not None else None


def organisation_data(org: Organisation) -> dict[str, Any]:
    """Everything Kakehashi holds about an organisation, as JSON-able data."""
    return {
        "id": org.id,
        **{col: getattr(org, col) for col in (
            "name", "name_ja", "country", "org_type", "size_band", "region", "city", "website",
            "description", "offers", "seeks", "interests", "contact_name", "contact_email",
            "contact_phone",
        )},  # fmt: skip
        "capabilities": [{"slug": t.slug, "en": t.label_en, "ja": t.label_ja} for t in org.capabilities],
        "looking_for": [{"slug": t.slug, "en": t.label_en, "ja": t.label_ja} for t in org.looking_for],
        "created_at": _iso(org.created_at),
        "updated_at": _iso(org.updated_at),
    }


def export_user_data(user: User) -> dict[str, Any]:
    """Everything held about `user` and their organisations, ready for json.dumps."""
    data: dict[str, Any] = {
        "format": EXPORT_FORMAT,
        "exported_at": _iso(utcnow()),
        "user": {
            "id": user.id, "email": user.email, "name": user.name, "role": user.role,
            "locale": user.locale, "timezone": user.timezone, "email_preferences": user.email_prefs,
            "created_at": _iso(user.created_at),
        },  # fmt: skip
        "memberships": [
            {"organisation_id": m.organisation_id, "since": _iso(m.created_at)}
            for m in user.memberships
        ],
        "organisations": [organisation_data(m.organisation) for m in user.memberships],
        "api_tokens": [
            {"name": t.name, "starts_with": t.prefix, "scope": t.scope,
             "created_at": _iso(t.created_at), "last_used_at": _iso(t.last_used_at),
             "revoked_at": _iso(t.revoked_at)}
            for t in db.session.scalars(select(ApiToken).where(ApiToken.user_id == user.id))
        ],  # fmt: skip
        "audit_log": [
            {"when": _iso(e.created_at), "action": e.action, "target": e.target, "details": e.details}
            for e in db.session.scalars(
                select(AuditEntry).where(AuditEntry.actor_id == user.id).order_by(AuditEntry.id)
            )
        ],
        "jobs": [
            {"kind": j.kind, "status": j.status, "created_at": _iso(j.created_at)}
            for j in db.session.scalars(select(Job).where(Job.owner_id == user.id))
        ],
    }
    for name, exporter in EXPORTERS.items():
        data[name] = exporter(user)
    return data


def anonymise_organisation(org: Organisation) -> None:
    """Strip an organisation of everything but its country, type and size."""
    org.name = f"Former participant {org.id}"
    for column in ("name_ja", "region", "city", "website", "description", "offers", "seeks",
                   "contact_name", "contact_email", "contact_phone"):  # fmt: skip
        setattr(org, column, "")
    org.interests = []
    org.seed_key = None
    org.tag_links.clear()
    org.anonymised_at = utcnow()


def delete_account(user: User) -> None:
    """Erase `user`'s personal data; anonymise organisations they leave without members."""
    for membership in list(user.memberships):
        org = membership.organisation
        others = db.session.scalar(
            select(func.count()).select_from(Membership).where(
                Membership.organisation_id == org.id, Membership.user_id != user.id
            )
        )
        if not others:
            anonymise_organisation(org)
    for eraser in ERASERS:
        eraser(user)
    record_audit(user, "account.deleted", user)
    user.memberships.clear()
    db.session.execute(delete(ApiToken).where(ApiToken.user_id == user.id))
    db.session.execute(delete(Job).where(Job.owner_id == user.id))
    user.email = f"deleted-{user.id}@deleted.invalid"
    user.name = "Deleted account"
    user.password_hash = "!"  # matches no password
    user.role = "participant"
    user.locale = None
    user.timezone = "UTC"
    user.email_prefs = {}
    user.active = False
    db.session.flush()
