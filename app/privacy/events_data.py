"""The events part of a user's data export: their organisation's participations, requests, meetings."""

from __future__ import annotations

from sqlalchemy import or_, select

from ..accounts.models import User
from ..events.meeting_models import Meeting, MeetingRequest
from ..events.models import Participation
from ..extensions import db
from .services import register_exporter


def _iso(value):
    return value.isoformat() if value is not None else None


@register_exporter("events")
def export_events(user: User) -> list[dict]:
    """Per participation of the user's organisations: the event, requests and meetings."""
    org_ids = [m.organisation_id for m in user.memberships]
    if not org_ids:
        return []
    out = []
    for p in db.session.scalars(select(Participation).where(Participation.organisation_id.in_(org_ids))):
        requests = db.session.scalars(select(MeetingRequest).where(
            or_(MeetingRequest.from_id == p.id, MeetingRequest.to_id == p.id)))
        meetings = db.session.scalars(select(Meeting).where(or_(Meeting.a_id == p.id, Meeting.b_id == p.id)))
        out.append({
            "event": {"id": p.event.id, "title": p.event.title, "starts_on": _iso(p.event.starts_on)},
            "role": p.role, "status": p.status, "note": p.note, "applied_at": _iso(p.created_at),
            "requests": [{"from_participation": r.from_id, "to_participation": r.to_id,
                          "status": r.status, "note": r.note, "created_at": _iso(r.created_at)}
                         for r in requests],
            "meetings": [{"with": m.other(p.id).organisation.name, "source": m.source,
                          "starts_at": _iso(m.slot.starts_at) if m.slot else None,
                          "table": m.table_no} for m in meetings],
        })  # fmt: skip
    return out
