"""Generating, reviewing and publishing an event's meeting schedule with the pure engines."""

from __future__ import annotations

import re
from collections import defaultdict
from zoneinfo import ZoneInfo

from flask import url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, select

from ...accounts.models import utcnow
from ...errors import DomainError
from ...extensions import db
from ...jobs.services import report_progress
from ...scheduling import model as sm
from ...scheduling import selection as sel
from ...scheduling.errors import SchedulingInputError
from ...scheduling.meetings import schedule_meetings
from ..meeting_models import Meeting, MeetingSeat
from ..models import Event, Participation, Slot
from .participation import notify_members
from .placement import create_meeting, rule_violation
from .suggestions import score_pairs

WEIGHTS = {"request": 3, "organiser": 3, "suggestion": 1}


def _pid(p_id: int) -> str:
    return f"p{p_id}"


def engine_slots(event: Event) -> list[sm.Slot]:
    """The event's slots as the scheduler sees them: day number, order in the day, half-day."""
    out, days, count = [], {}, defaultdict(int)
    for slot in sorted(event.slots, key=lambda s: s.starts_at):
        local = slot.starts_at.astimezone(ZoneInfo(slot.session.venue.timezone))
        day = days.setdefault(local.date(), len(days))
        out.append(sm.Slot(str(slot.id), day, count[day], afternoon=local.hour >= 12))
        count[day] += 1
    return out


def rules_of(event: Event) -> sel.MeetingRules:
    countries = (("GB", "JP"),) if event.cross_border_only else (("GB", "JP"), ("GB", "GB"), ("JP", "JP"))
    roles = tuple(tuple(r) for r in event.role_rules) if event.role_rules else None
    return sel.MeetingRules(country_pairs=countries, role_pairs=roles)


def select_suggestions(event: Event, admitted: list[Participation], time_limit: float) -> int:
    """Replace unlocked matcher meetings by the selection engine's picks; returns how many."""
    for meeting in db.session.scalars(select(Meeting).where(
            Meeting.event_id == event.id, Meeting.source == "suggestion", Meeting.locked.is_(False))):
        db.session.delete(meeting)
    db.session.flush()
    by_org = {p.organisation_id: p for p in admitted}
    people = tuple(sel.Participant(_pid(p.id), p.organisation.country, p.role) for p in admitted)
    seen, pairs = set(), []
    for m in db.session.scalars(select(Meeting).where(Meeting.event_id == event.id)):
        if rule_violation(event, m.a, m.b) is None:
            seen.add(frozenset((m.a_id, m.b_id)))
            pairs.append(sel.CandidatePair(_pid(m.a_id), _pid(m.b_id), 100.0, forced=True))
    scores = {}
    for s in score_pairs(list(by_org), k=max(10, 3 * event.target_meetings),
                         cross_border=event.cross_border_only):
        if s.a in by_org and s.b in by_org:
            key = frozenset((by_org[s.a].id, by_org[s.b].id))
            if key not in seen:
                seen.add(key)
                a, b = sorted(key)
                scores[key] = s.score
                pairs.append(sel.CandidatePair(_pid(a), _pid(b), max(0.0, min(100.0, s.score))))
    problem = sel.SelectionProblem(people, tuple(pairs), min_meetings=event.target_meetings,
                                   max_meetings=event.target_meetings, rules=rules_of(event))
    chosen = sel.select_meetings(problem, time_limit=time_limit)
    participations = {_pid(p.id): p for p in admitted}
    added = 0
    for pair in chosen.pairs:
        if not pair.forced:
            create_meeting(event, participations[pair.a], participations[pair.b], "suggestion",
                           score=scores.get(frozenset((participations[pair.a].id,
                                                       participations[pair.b].id))))
            added += 1
    return added


def generate_schedule(event_id: int, with_suggestions: bool = False, time_limit: float = 5.0) -> dict:
    """Job: pick meetings (optionally), place every unlocked one, record reasons; commits."""
    event = db.session.get(Event, event_id)
    if event is None:
        raise DomainError(_("That event no longer exists."))
    if not event.slots:
        raise DomainError(_("The event has no sessions yet, so there are no slots to fill."))
    admitted = [p for p in event.participations if p.admitted]
    report_progress(5, _("Choosing meetings…"))
    added = select_suggestions(event, admitted, time_limit / 2) if with_suggestions else 0
    report_progress(40, _("Placing meetings in slots…"))
    meetings = list(db.session.scalars(select(Meeting).where(Meeting.event_id == event.id)))
    problem = sm.SchedulingProblem(
        participants=tuple(_pid(p.id) for p in admitted),
        meetings=tuple(sm.Meeting(str(m.id), _pid(m.a_id), _pid(m.b_id), weight=WEIGHTS[m.source],
                                  fixed_slot=str(m.slot_id) if m.locked and m.slot_id else None,
                                  locked_table=m.table_no if m.locked and m.slot_id else None,
                                  locked=bool(m.locked and m.slot_id)) for m in meetings),
        slots=tuple(engine_slots(event)),
        tables_per_slot={str(s.id): s.tables for s in event.slots},
        forbidden={_pid(p.id): frozenset(str(u.slot_id) for u in p.unavailable) for p in admitted},
        time_limit_s=time_limit,
    )
    try:
        result = schedule_meetings(problem)
    except SchedulingInputError as exc:
        raise DomainError(_("The schedule cannot be built: %(why)s", why=_named(str(exc), admitted))) \
            from exc
    report_progress(85, _("Saving the schedule…"))
    _apply(event, meetings, result, admitted)
    db.session.commit()
    return {"placed": len(result.placements), "unplaced": len(result.unplaced), "suggested": added}


def _named(text: str, admitted: list[Participation]) -> str:
    names = {_pid(p.id): p.organisation.name for p in admitted}
    return re.sub(r"\bp\d+\b", lambda m: names.get(m.group(0), m.group(0)), text)


def _apply(event: Event, meetings: list[Meeting], result: sm.Schedule,
           admitted: list[Participation]) -> None:
    movable = [m for m in meetings if not (m.locked and m.slot_id)]
    ids = [m.id for m in movable]
    if ids:
        db.session.execute(delete(MeetingSeat).where(MeetingSeat.meeting_id.in_(ids)))
        for m in movable:
            m.slot_id, m.table_no = None, None
        db.session.flush()
    for m in movable:
        db.session.expire(m, ["seats"])
        placement = result.placements.get(str(m.id))
        if placement is None:
            m.unplaced_reason = _named(result.unplaced.get(str(m.id), ""), admitted)
            continue
        m.slot_id, m.table_no, m.unplaced_reason = int(placement.slot_id), placement.table, ""
        for pid in (m.a_id, m.b_id):
            db.session.add(MeetingSeat(meeting_id=m.id, participation_id=pid, slot_id=m.slot_id))
    db.session.flush()


def publish_schedule(event: Event) -> int:
    """Publish the schedule and tell every admitted participant; returns e-mails sent."""
    if not db.session.scalar(select(Meeting.id).where(Meeting.event_id == event.id,
                                                      Meeting.slot_id.is_not(None)).limit(1)):
        raise DomainError(_("No meeting is placed yet; generate the schedule first."))
    event.schedule_published_at = utcnow()
    db.session.flush()
    return notify_admitted(event, _l("The schedule of %(event)s is published", event=event.title),
                           _l("Your meetings at %(event)s are in your itinerary.", event=event.title))


def notify_admitted(event: Event, subject, headline) -> int:
    """Send `schedule_published` to every member of every admitted participant."""
    link = url_for("events.itinerary", event_id=event.id, _external=True)
    return sum(notify_members(p.organisation, "schedule_published", subject, link, headline=headline)
               for p in event.participations if p.admitted)


def grid(event: Event) -> tuple[list[Slot], dict[tuple[int, int], Meeting], list[Meeting]]:
    """Slots in order, placed meetings by (slot id, table), and the unplaced meetings."""
    meetings = list(db.session.scalars(select(Meeting).where(Meeting.event_id == event.id)))
    placed = {(m.slot_id, m.table_no): m for m in meetings if m.slot_id is not None}
    return list(event.slots), placed, [m for m in meetings if m.slot_id is None]
