"""Adjusting the delegation's planned visits by hand, with travel legs re-estimated."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from flask_babel import gettext as _
from sqlalchemy import select

from ...errors import Conflict, DomainError
from ...extensions import db
from ...scheduling.geo import TravelModel, estimate_minutes, haversine_km
from ..meeting_models import HostVisit
from ..models import Event, Venue


def _local_day(visit: HostVisit) -> dt.date:
    return visit.starts_at.astimezone(ZoneInfo(visit.venue.timezone)).date()


def leg_minutes(a: Venue, b: Venue) -> tuple[int, str] | None:
    """Estimated travel between two venues, or None when one has no coordinates."""
    if a.id == b.id:
        return 0, "same venue"
    if None in (a.lat, a.lon, b.lat, b.lon):
        return None
    return estimate_minutes(haversine_km(a.lat, a.lon, b.lat, b.lon), TravelModel())


def relink_day(event: Event, day: dt.date) -> None:
    """Recompute the legs of one day from the base (the first venue) through its visits in order."""
    planned = [v for v in db.session.scalars(select(HostVisit).where(
        HostVisit.event_id == event.id, HostVisit.starts_at.is_not(None))) if _local_day(v) == day]
    previous, free_at = event.venues[0], None
    for visit in sorted(planned, key=lambda v: v.starts_at):
        leg = leg_minutes(previous, visit.venue)
        if leg is None:
            visit.from_venue_id, visit.travel_minutes, visit.travel_mode = previous.id, None, ""
        else:
            minutes, mode = leg
            arrive = (free_at or visit.starts_at - dt.timedelta(minutes=minutes)) + \
                dt.timedelta(minutes=minutes)
            if arrive > visit.starts_at:
                raise Conflict(_("Not enough time to travel from %(a)s to %(b)s (about %(m)d minutes).",
                                 a=previous.name, b=visit.venue.name, m=minutes))
            visit.from_venue_id, visit.travel_minutes, visit.travel_mode = previous.id, minutes, mode
            visit.arrive_at = arrive
        previous, free_at = visit.venue, visit.ends_at
    db.session.flush()


def adjust_visit(event: Event, visit: HostVisit, day: dt.date, start: dt.time) -> None:
    """Move a visit to a programme day and time inside the host's hours, without overlaps."""
    if day not in {s.day for s in event.sessions}:
        raise DomainError(_("Choose one of the programme days."))
    end_minutes = start.hour * 60 + start.minute + visit.duration_minutes
    if start < visit.opens or end_minutes > visit.closes.hour * 60 + visit.closes.minute:
        raise DomainError(_("The host receives visitors from %(a)s to %(b)s.",
                            a=visit.opens.strftime("%H:%M"), b=visit.closes.strftime("%H:%M")))
    old_day = _local_day(visit) if visit.starts_at else None
    starts = dt.datetime.combine(day, start, tzinfo=ZoneInfo(visit.venue.timezone)).astimezone(dt.UTC)
    ends = starts + dt.timedelta(minutes=visit.duration_minutes)
    for other in db.session.scalars(select(HostVisit).where(
            HostVisit.event_id == event.id, HostVisit.id != visit.id, HostVisit.starts_at.is_not(None))):
        if other.starts_at < ends and starts < other.ends_at:
            raise Conflict(_("That overlaps the visit to %(org)s.", org=other.host.organisation.name))
    visit.starts_at, visit.ends_at, visit.left_out_reason = starts, ends, ""
    db.session.flush()
    relink_day(event, day)
    if old_day is not None and old_day != day:
        relink_day(event, old_day)
