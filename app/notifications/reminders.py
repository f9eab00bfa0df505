"""The day-before reminder: each participant's meetings of tomorrow, in the event's calendar."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from zoneinfo import ZoneInfo

from flask import url_for
from flask_babel import lazy_ngettext
from sqlalchemy import select

from ..accounts.models import utcnow
from ..events.meeting_models import Meeting
from ..events.models import Event, Participation, Slot
from ..extensions import db
from .models import ReminderSent
from .services import notify


def tomorrow_bounds(event: Event, now: dt.datetime) -> tuple[dt.date, dt.datetime, dt.datetime]:
    """Tomorrow's date where the event is held, and its start and end in UTC."""
    zone = ZoneInfo(event.timezone)
    day = now.astimezone(zone).date() + dt.timedelta(days=1)
    start = dt.datetime.combine(day, dt.time(0), zone).astimezone(dt.UTC)
    end = dt.datetime.combine(day + dt.timedelta(days=1), dt.time(0), zone).astimezone(dt.UTC)
    return day, start, end


def send_reminders(now: dt.datetime | None = None) -> int:
    """E-mail every member of each participant with placed meetings tomorrow, once; returns e-mails sent."""
    now = now or utcnow()
    sent = 0
    events = db.session.scalars(select(Event).where(
        Event.schedule_published_at.is_not(None), Event.ends_on >= (now - dt.timedelta(days=1)).date()))
    for event in events:
        day, start, end = tomorrow_bounds(event, now)
        meetings = db.session.scalars(
            select(Meeting).join(Slot, Meeting.slot_id == Slot.id)
            .where(Meeting.event_id == event.id, Slot.starts_at >= start, Slot.starts_at < end)
            .order_by(Slot.starts_at, Meeting.table_no))
        by_participant: dict[int, list[Meeting]] = defaultdict(list)
        for meeting in meetings:
            by_participant[meeting.a_id].append(meeting)
            by_participant[meeting.b_id].append(meeting)
        done = set(db.session.scalars(select(ReminderSent.user_id).where(
            ReminderSent.event_id == event.id, ReminderSent.day == day)))
        for participation_id, mine in by_participant.items():
            participation = db.session.get(Participation, participation_id)
            for membership in participation.organisation.memberships:
                user = membership.user
                if user.id in done:
                    continue
                done.add(user.id)
                db.session.add(ReminderSent(user_id=user.id, event_id=event.id, day=day))
                sent += _remind(user, event, participation_id, mine)
    db.session.flush()
    return sent


def _remind(user, event: Event, participation_id: int, meetings: list[Meeting]) -> int:
    lang = user.locale or "en"
    items = [{
        "starts_at": m.slot.starts_at,
        "partner": m.other(participation_id).organisation.display_name(lang),
        "table": m.table_no,
        "venue": m.slot.session.venue.name if m.slot.session and m.slot.session.venue else "",
    } for m in meetings]
    subject = lazy_ngettext("Tomorrow: %(num)d meeting at %(event)s",
                            "Tomorrow: %(num)d meetings at %(event)s", len(items), event=event.title)
    link = url_for("events.itinerary", event_id=event.id, _external=True)
    return int(notify(user, "meeting_reminder", subject, link, headline=subject,
                      event_title=event.title, event_zone=event.timezone, meetings=items))
