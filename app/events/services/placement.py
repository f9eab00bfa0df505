"""Putting meetings in slots without double-booking anyone: row locks, then constraints."""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from ...errors import Conflict, DomainError
from ...extensions import db
from ..meeting_models import Meeting, MeetingSeat
from ..models import ROLES, Event, Participation, Slot, Unavailability
from .setup import unplace


def rule_violation(event: Event, p: Participation, q: Participation) -> str | None:
    """Why the event's rules keep p and q from meeting, or None."""
    if p.id == q.id:
        return _("A participant cannot meet itself.")
    if event.cross_border_only and p.organisation.country == q.organisation.country:
        return _("This event pairs UK organisations with Japanese ones only.")
    rules = {tuple(r) for r in event.role_rules or []}
    if rules and (p.role, q.role) not in rules and (q.role, p.role) not in rules:
        return _("At this event a %(a)s does not meet a %(b)s.", a=str(ROLES[p.role]).lower(),
                 b=str(ROLES[q.role]).lower())
    return None


def lock_rows(participation_ids, slot_id: int | None = None) -> None:
    """SELECT … FOR UPDATE the participants (in id order, so no deadlock) and the slot."""
    db.session.execute(select(Participation.id).where(Participation.id.in_(sorted(
        participation_ids))).order_by(Participation.id).with_for_update())
    if slot_id is not None:
        db.session.execute(select(Slot.id).where(Slot.id == slot_id).with_for_update())


def meeting_between(event: Event, p: Participation, q: Participation) -> Meeting | None:
    a, b = sorted((p.id, q.id))
    return db.session.scalar(select(Meeting).where(
        Meeting.event_id == event.id, Meeting.a_id == a, Meeting.b_id == b))


def create_meeting(event: Event, p: Participation, q: Participation, source: str,
                   request_id: int | None = None, score: float | None = None) -> Meeting:
    """Record that p and q meet (unplaced); the pair may meet once per event."""
    why = rule_violation(event, p, q)
    if why:
        raise DomainError(why)
    if not (p.admitted and q.admitted):
        raise DomainError(_("Both sides must be admitted participants of the event."))
    if meeting_between(event, p, q) is not None:
        raise Conflict(_("These two already have a meeting at this event."))
    a, b = sorted((p.id, q.id))
    meeting = Meeting(event_id=event.id, a_id=a, b_id=b, source=source, request_id=request_id,
                      score=score)
    db.session.add(meeting)
    db.session.flush()
    return meeting


def busy_in(participation_ids, slot_id: int) -> set[int]:
    """Which of the participants already sit in a meeting in the slot."""
    return set(db.session.scalars(select(MeetingSeat.participation_id).where(
        MeetingSeat.slot_id == slot_id, MeetingSeat.participation_id.in_(list(participation_ids)))))


def free_tables(slot: Slot, ignore: set[int] = frozenset()) -> list[int]:
    taken = set(db.session.scalars(select(Meeting.table_no).where(
        Meeting.slot_id == slot.id, Meeting.id.not_in(list(ignore) or [0]))))
    return [t for t in range(1, slot.tables + 1) if t not in taken]


def check_place(meeting: Meeting, slot: Slot, table: int | None, ignore: set[int]) -> int:
    """The table the meeting would take in the slot; Conflict when anyone would be double-booked."""
    if slot.event_id != meeting.event_id:
        raise DomainError(_("That time is not part of this event."))
    people = (meeting.a_id, meeting.b_id)
    seated = set(db.session.scalars(select(MeetingSeat.participation_id).where(
        MeetingSeat.slot_id == slot.id, MeetingSeat.participation_id.in_(people),
        MeetingSeat.meeting_id.not_in(list(ignore)))))
    if seated:
        names = ", ".join(sorted(p.organisation.name for p in (meeting.a, meeting.b) if p.id in seated))
        raise Conflict(_("%(names)s already has a meeting at that time.", names=names))
    if db.session.scalar(select(Unavailability.participation_id).where(
            Unavailability.slot_id == slot.id, Unavailability.participation_id.in_(people)).limit(1)):
        raise Conflict(_("One side has said it cannot make that time."))
    tables = free_tables(slot, ignore)
    if table is None:
        if not tables:
            raise Conflict(_("Every table is taken at that time."))
        return tables[0]
    if not 1 <= table <= slot.tables:
        raise DomainError(_("That slot has tables 1 to %(n)d.", n=slot.tables))
    if table not in tables:
        raise Conflict(_("Table %(t)d is taken at that time.", t=table))
    return table


def _seat(meeting: Meeting, slot: Slot, table: int) -> None:
    meeting.slot_id, meeting.table_no, meeting.unplaced_reason = slot.id, table, ""
    for pid in (meeting.a_id, meeting.b_id):
        db.session.add(MeetingSeat(meeting_id=meeting.id, participation_id=pid, slot_id=slot.id))


def place_meeting(meeting: Meeting, slot: Slot, table: int | None = None, *,
                  lock: bool | None = None) -> Meeting:
    """Put a meeting in a slot (a free table unless one is named); nothing is written on Conflict."""
    lock_rows((meeting.a_id, meeting.b_id), slot.id)
    try:
        with db.session.begin_nested():
            if meeting.slot_id is not None:
                unplace(meeting)
            table_no = check_place(meeting, slot, table, {meeting.id})
            _seat(meeting, slot, table_no)
            if lock is not None:
                meeting.locked = lock
            db.session.flush()
    except IntegrityError as exc:
        raise Conflict(_("Someone else has just taken that time or table; reload and try again.")) \
            from exc
    return meeting


def swap_meetings(first: Meeting, second: Meeting) -> None:
    """Exchange the slots and tables of two placed meetings, if nobody is double-booked."""
    if first.slot_id is None or second.slot_id is None:
        raise DomainError(_("Only placed meetings can be swapped."))
    if first.event_id != second.event_id:
        raise DomainError(_("Both meetings must belong to the same event."))
    s1, t1, s2, t2 = first.slot, first.table_no, second.slot, second.table_no
    lock_rows({first.a_id, first.b_id, second.a_id, second.b_id})
    try:
        with db.session.begin_nested():
            unplace(first)
            unplace(second)
            check_place(first, s2, t2, {first.id, second.id})
            _seat(first, s2, t2)
            db.session.flush()
            check_place(second, s1, t1, {second.id})
            _seat(second, s1, t1)
            first.locked = second.locked = True
            db.session.flush()
    except IntegrityError as exc:
        raise Conflict(_("Someone else has just changed these meetings; reload and try again.")) \
            from exc


def remove_meeting(meeting: Meeting) -> None:
    """Cancel a meeting the organiser or the matcher proposed; accepted requests stay."""
    if meeting.source == "request":
        raise Conflict(_("Both sides agreed to this meeting; it can be moved but not removed."))
    db.session.delete(meeting)
    db.session.flush()
