"""The day-before reminder: each participant's meetings in the next 24 hours, once."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from flask import url_for
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from ...accounts.models import utcnow
from ...extensions import db
from ..meeting_models import Meeting
from ..models import Event, Participation, Slot
from .participation import notify_members


def send_reminders(now: dt.datetime | None = None) -> int:
    """Remind participants of published meetings starting within a day; returns e-mails sent."""
    now = now or utcnow()
    rows = db.session.execute(
        select(Meeting, Slot).join(Slot, Slot.id == Meeting.slot_id).join(Event, Event.id == Meeting.event_id)
        .where(Event.schedule_published_at.is_not(None), Slot.starts_at > now,
               Slot.starts_at <= now + dt.timedelta(hours=24)).order_by(Slot.starts_at)).all()
    due: dict[int, list[tuple[Meeting, Slot]]] = defaultdict(list)
    for meeting, slot in rows:
        for pid in (meeting.a_id, meeting.b_id):
            due[pid].append((meeting, slot))
    sent = 0
    for pid, items in due.items():
        me = db.session.get(Participation, pid)
        latest = items[-1][1].starts_at
        if not me.admitted or (me.reminded_until and me.reminded_until >= latest):
            continue
        event = me.event
        meetings = [{"starts_at": slot.starts_at, "partner": m.other(pid).organisation.name,
                     "table": m.table_no, "venue": slot.session.venue.name} for m, slot in items]
        sent += notify_members(me.organisation, "meeting_reminder",
                               _l("Your meetings at %(event)s", event=event.title),
                               url_for("events.itinerary", event_id=event.id, _external=True),
                               event_title=event.title, event_zone=event.timezone, meetings=meetings)
        me.reminded_until = latest
    db.session.flush()
    return sent
