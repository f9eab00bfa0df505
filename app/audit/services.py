"""Recording and reading the audit log of organiser and admin actions.

Other features call `record_audit(current_user, "event.published", event, {"slots": 40})` in the
same transaction as the change they record (it adds, the view commits once). Keep personal data
out of `details`: name the target by its id, and record what changed, not who the person is.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import Select, select

from ..accounts.models import User
from ..extensions import db
from .models import AuditEntry


def _target_parts(target: Any) -> tuple[str, str]:
    if target is None:
        return "", ""
    if isinstance(target, str):
        kind, _, ident = target.partition(":")
        return kind[:40], ident[:40]
    kind = getattr(target, "__tablename__", type(target).__name__.lower())
    return str(kind)[:40], str(getattr(target, "id", "") or "")[:40]


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set):
        return [_plain(v) for v in value]
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)


def record_audit(
    actor: User | None, action: str, target: Any = None, details: dict | None = None
) -> AuditEntry:
    """Log that `actor` did `action` to `target` (a model instance, "type:id", or None)."""
    kind, ident = _target_parts(target)
    is_user = actor is not None and getattr(actor, "is_authenticated", False)
    entry = AuditEntry(
        actor_id=actor.id if is_user else None,
        actor_role=actor.role if is_user else "",
        action=action[:60],
        target_type=kind,
        target_id=ident,
        details=_plain(details or {}),
    )
    db.session.add(entry)
    db.session.flush()
    return entry


def audit_query(action: str = "", actor_id: int | None = None) -> Select:
    """Audit entries, newest first, optionally for one action (or prefix like "tag.") or actor."""
    stmt = select(AuditEntry).order_by(AuditEntry.created_at.desc(), AuditEntry.id.desc())
    if action:
        stmt = stmt.where(
            AuditEntry.action == action
            if not action.endswith(".")
            else AuditEntry.action.startswith(action, autoescape=True)
        )
    if actor_id is not None:
        stmt = stmt.where(AuditEntry.actor_id == actor_id)
    return stmt


def known_actions() -> list[str]:
    """Every action recorded so far, for the filter."""
    return list(db.session.scalars(select(AuditEntry.action).distinct().order_by(AuditEntry.action)))
