"""Roundtable seating per round and the delegation's multi-site itinerary, via the engines."""

from __future__ import annotations

import datetime as dt
import re
from zoneinfo import ZoneInfo

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, select

from ...accounts.models import utcnow
from ...errors import Conflict, DomainError
from ...extensions import db
from ...jobs.services import report_progress
from ...scheduling import itinerary as it
from ...scheduling import seating as st
from ...scheduling.errors import SchedulingInputError
from ..meeting_models import HostVisit, Seating
from ..models import Event, Participation, Venue
from .schedule import notify_admitted
from .suggestions import score_pairs

MAX_ROUNDS = 12


def generate_seating(event_id: int, time_limit: float = 3.0) -> dict:
    """Job: seat the admitted participants at balanced tables, one round per slot; commits."""
    event = db.session.get(Event, event_id)
    admitted = [p for p in event.participations if p.admitted]
    rounds = event.slots[:MAX_ROUNDS]
    if not rounds:
        raise DomainError(_("Add a session first: each of its slots is one round."))
    if len(admitted) < 2:
        raise DomainError(_("Admit at least two participants before seating them."))
    by_org = {p.organisation_id: p for p in admitted}
    affinity = {}
    for s in score_pairs(list(by_org), k=10, cross_border=event.cross_border_only):
        a, b = sorted((str(by_org[s.a].id), str(by_org[s.b].id)))
        affinity[(a, b)] = max(affinity.get((a, b), 0.0), s.score)
    report_progress(20, _("Seating the rounds…"))
    plan = st.seat_rounds(st.SeatingProblem(
        participants=tuple(st.Seat(str(p.id), p.organisation.country) for p in admitted),
        table_size=event.table_size, rounds=len(rounds), affinity=affinity), time_limit=time_limit)
    db.session.execute(delete(Seating).where(Seating.event_id == event.id))
    for slot, seating in zip(rounds, plan.rounds, strict=True):
        for table in seating.tables:
            for member in table.members:
                db.session.add(Seating(event_id=event.id, slot_id=slot.id,
                                       participation_id=int(member), table_no=table.number))
    event.seating_published_at = None
    db.session.commit()
    return {"rounds": len(plan.rounds), "repeated_pairs": plan.repeated_pairs}


def publish_seating(event: Event) -> int:
    """Publish the seating plan and tell the participants."""
    if not db.session.scalar(select(Seating.id).where(Seating.event_id == event.id).limit(1)):
        raise DomainError(_("Generate the seating plan first."))
    event.seating_published_at = utcnow()
    db.session.flush()
    return notify_admitted(event, _l("The seating plan of %(event)s is published", event=event.title),
                           _l("Your tables at %(event)s are in your itinerary.", event=event.title))


def add_visit(event: Event, data: dict) -> HostVisit:
    """Add a candidate host visit for the delegation."""
    host = db.session.get(Participation, data["host_id"])
    venue = db.session.get(Venue, data["venue_id"])
    if host is None or host.event_id != event.id or not host.admitted:
        raise DomainError(_("Choose an admitted participant as the host."))
    if venue is None or venue.event_id != event.id:
        raise DomainError(_("Choose one of this event's venues."))
    if data["closes"] <= data["opens"]:
        raise DomainError(_("The host closes before it opens."), {"closes": [_("Before the opening.")]})
    if db.session.scalar(select(HostVisit.id).where(HostVisit.event_id == event.id,
                                                    HostVisit.host_id == host.id)):
        raise Conflict(_("This host already has a visit."))
    visit = HostVisit(event_id=event.id, host=host, venue=venue, opens=data["opens"],
                      closes=data["closes"], duration_minutes=data["duration_minutes"],
                      priority=data.get("priority") or 50.0)
    db.session.add(visit)
    db.session.flush()
    return visit


def _minutes(t: dt.time) -> int:
    return t.hour * 60 + t.minute


def itinerary_problem(event: Event, visits: list[HostVisit]) -> it.ItineraryProblem:
    """The delegation's days (from the sessions, starting at the first venue) and visits."""
    if not event.venues:
        raise DomainError(_("Add the delegation's base (e.g. the hotel) as the first venue."))
    base = str(event.venues[0].id)
    days: dict[dt.date, tuple[int, int]] = {}
    for s in event.sessions:
        lo, hi = days.get(s.day, (24 * 60, 0))
        days[s.day] = (min(lo, _minutes(s.start_time)), max(hi, _minutes(s.end_time)))
    if not days:
        raise DomainError(_("Add a session for each programme day first."))
    return it.ItineraryProblem(
        visits=tuple(it.Visit(str(v.id), str(v.host_id), str(v.venue_id), v.duration_minutes,
                              tuple(it.OpeningWindow(d.isoformat(), _minutes(v.opens), _minutes(v.closes))
                                    for d in days), float(v.priority)) for v in visits),
        venues=tuple(it.Venue(str(v.id), v.name, v.lat, v.lon) for v in event.venues),
        days=tuple(it.Day(d.isoformat(), base, base, lo, hi) for d, (lo, hi) in sorted(days.items())))


def generate_itinerary(event_id: int, time_limit: float = 3.0) -> dict:
    """Job: plan which hosts the delegation visits on which day, with travel legs; commits."""
    event = db.session.get(Event, event_id)
    visits = list(db.session.scalars(select(HostVisit).where(HostVisit.event_id == event.id)))
    if not visits:
        raise DomainError(_("Add candidate host visits first."))
    try:
        plan = it.plan_itinerary(itinerary_problem(event, visits), time_limit=time_limit)
    except SchedulingInputError as exc:
        raise DomainError(_("The itinerary cannot be planned: %(why)s", why=str(exc))) from exc
    report_progress(80, _("Saving the itinerary…"))
    by_id = {str(v.id): v for v in visits}
    for v in visits:
        v.starts_at = v.ends_at = v.arrive_at = v.from_venue_id = v.travel_minutes = None
        v.travel_mode, v.left_out_reason = "", ""
    for day in plan.days:
        date = dt.date.fromisoformat(day.day)
        for stop, leg in zip(day.stops, day.legs, strict=False):
            v = by_id[stop.visit]
            zone = ZoneInfo(v.venue.timezone)
            at = dt.datetime.combine(date, dt.time(0), tzinfo=zone)
            v.starts_at = (at + dt.timedelta(minutes=stop.start)).astimezone(dt.UTC)
            v.ends_at = (at + dt.timedelta(minutes=stop.end)).astimezone(dt.UTC)
            v.arrive_at = (at + dt.timedelta(minutes=stop.arrival)).astimezone(dt.UTC)
            v.from_venue_id, v.travel_minutes, v.travel_mode = int(leg.from_venue), leg.minutes, leg.mode
    names = {str(v.id): v.name for v in event.venues}
    for left in plan.left_out:
        by_id[left.visit].left_out_reason = re.sub(
            r"'(\d+)'", lambda m: names.get(m.group(1), m.group(0)), left.reason)
    event.itinerary_published_at = None
    db.session.commit()
    return {"planned": sum(len(d.stops) for d in plan.days), "left_out": len(plan.left_out),
            "travel_minutes": plan.travel_minutes}


def publish_itinerary(event: Event) -> int:
    """Publish the delegation's itinerary and tell the participants."""
    if not db.session.scalar(select(HostVisit.id).where(HostVisit.event_id == event.id,
                                                        HostVisit.starts_at.is_not(None)).limit(1)):
        raise DomainError(_("Generate the itinerary first."))
    event.itinerary_published_at = utcnow()
    db.session.flush()
    return notify_admitted(event, _l("The itinerary of %(event)s is published", event=event.title),
                           _l("The delegation's visits for %(event)s are in your itinerary.",
                              event=event.title))
