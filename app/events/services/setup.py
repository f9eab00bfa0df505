"""Setting an event up: its fields, venues, sessions, and the slot grid derived from them."""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from flask_babel import gettext as _
from sqlalchemy import delete, select, update

from ...accounts.models import User
from ...errors import Conflict, DomainError, NotAllowed
from ...extensions import db
from ..meeting_models import Meeting, MeetingRequest, MeetingSeat
from ..models import Event, EventSession, Slot, Venue

EVENT_FIELDS = (
    "kind", "title", "description", "starts_on", "ends_on", "timezone", "places",
    "request_expiry_hours", "target_meetings", "cross_border_only", "table_size", "listed",
)  # fmt: skip
FIRST_ZONES = ("Asia/Tokyo", "Europe/London")


def zone_choices() -> list[tuple[str, str]]:
    """Every IANA zone, Tokyo and London first."""
    rest = sorted(z for z in available_timezones() if z not in FIRST_ZONES and "/" in z)
    return [(z, z.replace("_", " ")) for z in (*FIRST_ZONES, *rest)]


def valid_zone(name: str | None) -> bool:
    """True for a known IANA zone name."""
    if not name or "/" not in name:
        return False
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return True


def ensure_admin(event: Event, user: User) -> None:
    """Raise NotAllowed unless `user` organises `event` or is an administrator."""
    if not event.admin_by(user):
        raise NotAllowed(_("Only the organiser of this event can do that."))


def _local_to_utc(day: dt.date, time: dt.time, zone: str) -> dt.datetime:
    return dt.datetime.combine(day, time, tzinfo=ZoneInfo(zone)).astimezone(dt.UTC)


def save_event(event: Event | None, data: dict[str, Any], by: User) -> Event:
    """Create or update an event from validated form data (registration times in its zone)."""
    if not valid_zone(data.get("timezone")):
        raise DomainError(_("Choose the event's time zone from the list."),
                          {"timezone": [_("Choose a time zone.")]})
    if data["ends_on"] < data["starts_on"]:
        raise DomainError(_("The event cannot end before it starts."),
                          {"ends_on": [_("The last day comes before the first.")]})
    opens = _local_to_utc(data["registration_opens"], dt.time(0), data["timezone"])
    closes = _local_to_utc(data["registration_closes"], dt.time(23, 59), data["timezone"])
    if closes < opens:
        raise DomainError(_("Registration cannot close before it opens."),
                          {"registration_closes": [_("This comes before the opening date.")]})
    if event is None:
        event = Event(organiser_id=by.id)
        db.session.add(event)
    elif event.sessions and (data["starts_on"] > min(s.day for s in event.sessions)
                             or data["ends_on"] < max(s.day for s in event.sessions)):
        raise DomainError(_("Sessions already fall outside those dates; move them first."),
                          {"starts_on": [_("A session lies outside the new dates.")]})
    for name in EVENT_FIELDS:
        if name in data:
            value = data[name]
            setattr(event, name, value.strip() if isinstance(value, str) else value)
    event.registration_opens_at, event.registration_closes_at = opens, closes
    event.role_rules = [list(pair) for pair in data.get("role_rules") or []]
    db.session.flush()
    return event


def add_venue(event: Event, data: dict[str, Any]) -> Venue:
    """Add a venue; its time zone must be a real IANA zone and coordinates come in pairs."""
    zone = data.get("timezone") or ""
    if not valid_zone(zone):
        raise DomainError(_("A venue needs a time zone; choose one from the list."),
                          {"timezone": [_("Choose a time zone.")]})
    lat, lon = data.get("lat"), data.get("lon")
    if (lat is None) != (lon is None):
        raise DomainError(_("Give both latitude and longitude, or neither."),
                          {"lon": [_("Give both coordinates or neither.")]})
    venue = Venue(event=event, name=data["name"].strip(), address=(data.get("address") or "").strip(),
                  city=data["city"].strip(), timezone=zone, lat=lat, lon=lon)
    db.session.add(venue)
    db.session.flush()
    return venue


def remove_venue(event: Event, venue: Venue) -> None:
    """Remove a venue no session or visit uses."""
    if any(s.venue_id == venue.id for s in event.sessions):
        raise Conflict(_("Sessions take place at this venue; remove them first."))
    from ..meeting_models import HostVisit

    if db.session.scalar(select(HostVisit.id).where(HostVisit.venue_id == venue.id).limit(1)):
        raise Conflict(_("A host visit takes place at this venue; remove it first."))
    db.session.delete(venue)
    db.session.flush()


def session_bounds(session: EventSession) -> tuple[dt.datetime, dt.datetime]:
    """A session's start and end in UTC, from its day and local times at its venue."""
    zone = session.venue.timezone
    return (_local_to_utc(session.day, session.start_time, zone),
            _local_to_utc(session.day, session.end_time, zone))


def add_session(event: Event, data: dict[str, Any], *, reschedule: bool = False) -> EventSession:
    """Add a session after checking it against the event's dates and its other sessions."""
    venue = db.session.get(Venue, data["venue_id"])
    if venue is None or venue.event_id != event.id:
        raise DomainError(_("Choose one of this event's venues."), {"venue_id": [_("Unknown venue.")]})
    if not event.starts_on <= data["day"] <= event.ends_on:
        raise DomainError(_("The session's day is outside the event's dates."),
                          {"day": [_("Pick a day between the first and last day of the event.")]})
    if data["end_time"] <= data["start_time"]:
        raise DomainError(_("A session cannot end before it starts."),
                          {"end_time": [_("The end comes before the start.")]})
    start = _local_to_utc(data["day"], data["start_time"], venue.timezone)
    end = _local_to_utc(data["day"], data["end_time"], venue.timezone)
    if dt.timedelta(minutes=data["meeting_minutes"]) > end - start:
        raise DomainError(_("A meeting is longer than the session."),
                          {"meeting_minutes": [_("Shorten the meetings or lengthen the session.")]})
    for other in event.sessions:
        o_start, o_end = session_bounds(other)
        if start < o_end and o_start < end:
            raise DomainError(_("This session overlaps another session of the event."),
                              {"start_time": [_("Overlaps %(label)s.", label=_session_name(other))]})
    _guard_published(event, reschedule)
    session = EventSession(event_id=event.id, venue_id=venue.id, label=(data.get("label") or "").strip(),
                           day=data["day"], start_time=data["start_time"], end_time=data["end_time"],
                           meeting_minutes=data["meeting_minutes"],
                           break_minutes=data.get("break_minutes") or 0, tables=data["tables"])
    db.session.add(session)
    db.session.flush()
    db.session.expire(event, ["sessions"])
    db.session.flush()
    rebuild_slots(event, reschedule=reschedule)
    return session


def _session_name(session: EventSession) -> str:
    times = f"{session.day.isoformat()} {session.start_time:%H:%M}–{session.end_time:%H:%M}"
    return f"{session.label} ({times})" if session.label else times


def remove_session(event: Event, session: EventSession, *, reschedule: bool = False) -> None:
    """Remove a session and rebuild the grid (refused on a published schedule without reschedule)."""
    _guard_published(event, reschedule)
    rebuild_slots(event, reschedule=reschedule, without=session)
    event.sessions.remove(session)
    db.session.flush()


def _guard_published(event: Event, reschedule: bool) -> None:
    """Refuse to touch a published grid unless re-scheduling, which unpublishes the schedule."""
    if event.schedule_published_at is None:
        return
    if not reschedule:
        raise Conflict(_("The schedule is published: changing the slot grid needs an explicit "
                         "re-schedule. Tick “Re-schedule” to unplace the affected meetings."))
    event.schedule_published_at = None


def wanted_slots(event: Event, without: EventSession | None = None
                 ) -> list[tuple[EventSession, dt.datetime, dt.datetime]]:
    """Every meeting period the sessions (but `without`) hold, in time order."""
    out = []
    for session in event.sessions:
        if session is without:
            continue
        start, end = session_bounds(session)
        step = dt.timedelta(minutes=session.meeting_minutes + session.break_minutes)
        length = dt.timedelta(minutes=session.meeting_minutes)
        at = start
        while at + length <= end:
            out.append((session, at, at + length))
            at += step
    return sorted(out, key=lambda item: item[1])


def rebuild_slots(event: Event, *, reschedule: bool = False, without: EventSession | None = None) -> int:
    """Make the slot rows match the sessions, keeping unchanged slots; returns meetings unplaced."""
    wanted = {(s.id, a, b): s for s, a, b in wanted_slots(event, without)}
    current = {(s.session_id, s.starts_at, s.ends_at): s for s in event.slots}
    doomed = [slot for key, slot in current.items() if key not in wanted]
    changed_tables = [s for key, s in current.items() if key in wanted and s.tables != wanted[key].tables]
    if not doomed and not changed_tables and set(wanted) == set(current):
        return 0
    affected = _meetings_in([s.id for s in doomed]) + [
        m for s in changed_tables for m in _meetings_in([s.id]) if m.table_no > wanted[
            (s.session_id, s.starts_at, s.ends_at)].tables
    ]
    if affected:
        _guard_published(event, reschedule)
    for meeting in affected:
        unplace(meeting, _("Its slot was removed when the sessions changed."))
    doomed_ids = [slot.id for slot in doomed]
    if doomed_ids:
        from ..meeting_models import Seating
        from ..models import Unavailability

        db.session.execute(delete(Seating).where(Seating.slot_id.in_(doomed_ids)))
        db.session.execute(delete(Unavailability).where(Unavailability.slot_id.in_(doomed_ids)))
        db.session.execute(update(MeetingRequest).where(MeetingRequest.slot_id.in_(doomed_ids))
                           .values(slot_id=None))
    for slot in doomed:
        event.slots.remove(slot)
    for slot in changed_tables:
        slot.tables = wanted[(slot.session_id, slot.starts_at, slot.ends_at)].tables
    for key, session in wanted.items():
        if key not in current:
            event.slots.append(Slot(session_id=session.id, starts_at=key[1], ends_at=key[2],
                                    tables=session.tables))
    db.session.flush()
    return len(affected)


def _meetings_in(slot_ids: list[int]) -> list[Meeting]:
    if not slot_ids:
        return []
    return list(db.session.scalars(select(Meeting).where(Meeting.slot_id.in_(slot_ids))))


def unplace(meeting: Meeting, reason: str = "") -> None:
    """Take a meeting out of its slot (it stays agreed) and free its seats."""
    db.session.execute(delete(MeetingSeat).where(MeetingSeat.meeting_id == meeting.id))
    db.session.expire(meeting, ["seats"])
    meeting.slot_id = None
    meeting.table_no = None
    meeting.locked = False
    meeting.unplaced_reason = reason
    db.session.flush()
