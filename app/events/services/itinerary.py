"""What someone does at an event, in time order: meetings, roundtable seats, host visits."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from flask_babel import gettext as _
from sqlalchemy import or_, select

from ...accounts.models import User
from ...extensions import db
from ...organisations.models import Organisation
from ..meeting_models import HostVisit, Meeting, Seating
from ..models import Event, Participation, Venue


@dataclass
class Entry:
    """One line of an itinerary; times are UTC."""

    uid: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    title: str
    venue: Venue | None
    place: str = ""
    partners: tuple[Organisation, ...] = ()
    travel: str = ""
    meeting: Meeting | None = None


def _meeting_entries(meetings, me: Participation | None) -> list[Entry]:
    out = []
    for m in meetings:
        if m.slot is None:
            continue
        partners = (m.other(me.id).organisation,) if me else (m.a.organisation, m.b.organisation)
        title = _("Meeting with %(org)s", org=partners[0].name) if me else " ↔ ".join(
            p.name for p in partners)
        out.append(Entry(f"meeting-{m.id}", m.slot.starts_at, m.slot.ends_at, title,
                         m.slot.session.venue, _("Table %(n)d", n=m.table_no), partners, meeting=m))
    return out


def _seat_entries(seats) -> list[Entry]:
    return [Entry(f"seat-{s.id}", s.slot.starts_at, s.slot.ends_at,
                  _("Roundtable"), s.slot.session.venue,
                  _("Table %(n)d", n=s.table_no)) for s in seats]


def _visit_entries(visits) -> list[Entry]:
    out = []
    for v in visits:
        travel = ""
        if v.travel_minutes and v.from_venue is not None and v.from_venue_id != v.venue_id:
            travel = _("%(min)d min by %(mode)s from %(venue)s", min=v.travel_minutes,
                       mode=v.travel_mode, venue=v.from_venue.name)
        out.append(Entry(f"visit-{v.id}", v.starts_at, v.ends_at,
                         _("Visit to %(org)s", org=v.host.organisation.name), v.venue,
                         v.venue.address or v.venue.city, (v.host.organisation,), travel))
    return out


def participant_entries(event: Event, me: Participation) -> list[Entry]:
    """The participant's published meetings, seats and visits, in time order."""
    entries: list[Entry] = []
    if event.schedule_published_at:
        entries += _meeting_entries(db.session.scalars(select(Meeting).where(
            Meeting.event_id == event.id, or_(Meeting.a_id == me.id, Meeting.b_id == me.id))), me)
    if event.seating_published_at:
        entries += _seat_entries(db.session.scalars(select(Seating).where(
            Seating.event_id == event.id, Seating.participation_id == me.id)))
    if event.itinerary_published_at:
        stmt = select(HostVisit).where(HostVisit.event_id == event.id, HostVisit.starts_at.is_not(None))
        if me.role != "delegate":
            stmt = stmt.where(HostVisit.host_id == me.id)
        entries += _visit_entries(db.session.scalars(stmt))
    return sorted(entries, key=lambda e: (e.starts_at, e.uid))


def event_entries(event: Event) -> list[Entry]:
    """Everything placed at the event, published or not, for its organisers."""
    entries = _meeting_entries(db.session.scalars(select(Meeting).where(Meeting.event_id == event.id)),
                               None)
    entries += _visit_entries(db.session.scalars(select(HostVisit).where(
        HostVisit.event_id == event.id, HostVisit.starts_at.is_not(None))))
    return sorted(entries, key=lambda e: (e.starts_at, e.uid))


def by_day(entries: list[Entry], zone: str) -> list[tuple[dt.date, list[Entry]]]:
    """Entries grouped by their local date in `zone`."""
    groups: dict[dt.date, list[Entry]] = defaultdict(list)
    for e in entries:
        groups[e.starts_at.astimezone(ZoneInfo(zone)).date()].append(e)
    return sorted(groups.items())


def can_see_contacts(user: User, organisation: Organisation) -> bool:
    """Admins, organisers of an event it joined, members, and partners of an agreed meeting."""
    if not user.is_authenticated:
        return False
    if user.is_admin or user.is_member_of(organisation.id):
        return True
    theirs = select(Participation.id).where(Participation.organisation_id == organisation.id)
    if user.is_organiser and db.session.scalar(select(Event.id).join(Participation).where(
            Event.organiser_id == user.id, Participation.organisation_id == organisation.id).limit(1)):
        return True
    mine = user.organisation
    if mine is None:
        return False
    ours = select(Participation.id).where(Participation.organisation_id == mine.id)
    pair = or_((Meeting.a_id.in_(theirs) & Meeting.b_id.in_(ours)),
               (Meeting.b_id.in_(theirs) & Meeting.a_id.in_(ours)))
    agreed = or_(Meeting.source == "request",
                 Meeting.slot_id.is_not(None) & Event.schedule_published_at.is_not(None))
    return bool(db.session.scalar(select(Meeting.id).join(Event, Event.id == Meeting.event_id)
                                  .where(pair, agreed).limit(1)))
