"""After the event: each side says whether a meeting took place and what came of it."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from flask_babel import gettext as _
from sqlalchemy import select

from ...accounts.models import utcnow
from ...errors import DomainError, NotAllowed
from ...extensions import db
from ..meeting_models import OUTCOMES, Meeting, MeetingOutcome
from ..models import Event, Participation


def record_outcome(meeting: Meeting, by: Participation, took_place: bool, outcome: str | None) -> None:
    """Record (or correct) one side's account of a meeting once its time has come."""
    if by.id not in (meeting.a_id, meeting.b_id):
        raise NotAllowed(_("Only the two sides of a meeting can record its outcome."))
    if meeting.slot is None or meeting.slot.starts_at > utcnow():
        raise DomainError(_("You can record the outcome once the meeting has taken place."))
    if took_place and outcome not in OUTCOMES:
        raise DomainError(_("Choose what came of the meeting."), {"outcome": [_("Choose an outcome.")]})
    row = db.session.get(MeetingOutcome, (meeting.id, by.id))
    if row is None:
        row = MeetingOutcome(meeting_id=meeting.id, participation_id=by.id, took_place=took_place)
        db.session.add(row)
    row.took_place, row.outcome, row.recorded_at = took_place, outcome if took_place else None, utcnow()
    db.session.flush()


@dataclass
class Totals:
    placed: int = 0
    reported: int = 0
    took_place: int = 0
    no_shows: int = 0
    outcomes: Counter = field(default_factory=Counter)


def outcome_totals(event: Event) -> Totals:
    """Meetings placed, reported, held, no-shows (a side says it did not happen), outcomes by kind."""
    totals = Totals()
    meetings = list(db.session.scalars(select(Meeting).where(Meeting.event_id == event.id,
                                                             Meeting.slot_id.is_not(None))))
    totals.placed = len(meetings)
    for m in meetings:
        if not m.outcomes:
            continue
        totals.reported += 1
        if any(not o.took_place for o in m.outcomes):
            totals.no_shows += 1
        else:
            totals.took_place += 1
            for kind in {o.outcome for o in m.outcomes if o.outcome}:
                totals.outcomes[kind] += 1
    return totals


def outcome_of(meeting: Meeting, participation_id: int) -> MeetingOutcome | None:
    """What this side has recorded for the meeting so far."""
    return next((o for o in meeting.outcomes if o.participation_id == participation_id), None)
