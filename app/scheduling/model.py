"""Plain data types of the B2B meeting scheduler and the validation of its input."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Literal

from app.scheduling.errors import SchedulingInputError

Window = Literal["any", "morning", "afternoon"]
WINDOWS: tuple[str, ...] = ("any", "morning", "afternoon")


@dataclass(frozen=True)
class Slot:
    """One time slot: `index` orders the slots of a `day`; `afternoon` flags the half-day."""

    id: str
    day: int
    index: int
    afternoon: bool = False


@dataclass(frozen=True)
class Meeting:
    """A requested meeting between participants `a` and `b`.

    `fixed_slot` pins the meeting to a slot (it must then be placed there); `locked_table`
    also pins its table; `locked` marks an organiser's lock and requires `fixed_slot`.
    """

    id: str
    a: str
    b: str
    weight: int = 1
    window: Window = "any"
    fixed_slot: str | None = None
    locked_table: int | None = None
    locked: bool = False


@dataclass(frozen=True)
class SchedulingProblem:
    """Everything the scheduler needs; tables are numbered 1..tables in each slot."""

    participants: tuple[str, ...]
    meetings: tuple[Meeting, ...]
    slots: tuple[Slot, ...]
    tables_per_slot: dict[str, int] | int
    forbidden: dict[str, frozenset[str]] = field(default_factory=dict)
    time_limit_s: float = 10.0
    seed: int = 0

    def tables(self, slot_id: str) -> int:
        """Number of tables available in `slot_id`."""
        if isinstance(self.tables_per_slot, int):
            return self.tables_per_slot
        return self.tables_per_slot.get(slot_id, 0)

    def ordered_slots(self) -> list[Slot]:
        """Slots sorted by day, then index."""
        return sorted(self.slots, key=lambda s: (s.day, s.index))

    def allowed_slots(self, meeting: Meeting) -> list[str]:
        """Slots (in order) that the meeting's window and both parties' forbidden sets allow."""
        if meeting.fixed_slot is not None:
            return [meeting.fixed_slot]
        bad = self.forbidden.get(meeting.a, frozenset()) | self.forbidden.get(
            meeting.b, frozenset()
        )
        return [
            s.id
            for s in self.ordered_slots()
            if in_window(s, meeting.window) and s.id not in bad and self.tables(s.id) > 0
        ]


def in_window(slot: Slot, window: str) -> bool:
    """Whether `slot` lies in the half-day `window` ('any', 'morning' or 'afternoon')."""
    if window == "morning":
        return not slot.afternoon
    if window == "afternoon":
        return slot.afternoon
    return True


@dataclass(frozen=True)
class Placement:
    """Where a meeting takes place."""

    meeting_id: str
    slot_id: str
    table: int


@dataclass(frozen=True)
class Schedule:
    """The scheduler's answer: placements, reasons for unplaced meetings, and cost figures."""

    placements: dict[str, Placement]
    unplaced: dict[str, str]
    weight_placed: int
    weight_requested: int
    idle_total: int
    idle_by_participant: dict[str, int]
    status: str
    optimal: bool
    seconds: float = 0.0

    @property
    def idle_max(self) -> int:
        """Largest number of idle periods of any participant."""
        return max(self.idle_by_participant.values(), default=0)


def validate_problem(problem: SchedulingProblem) -> None:
    """Raise SchedulingInputError naming the first item no schedule can be built from."""
    if not problem.slots:
        raise SchedulingInputError("the slot grid is empty", item="slots")
    slot_ids: set[str] = set()
    positions: set[tuple[int, int]] = set()
    for s in problem.slots:
        if s.id in slot_ids:
            raise SchedulingInputError(f"duplicate slot id {s.id!r}", item=s.id)
        if (s.day, s.index) in positions:
            raise SchedulingInputError(
                f"slot {s.id!r} repeats day {s.day} index {s.index}", item=s.id
            )
        slot_ids.add(s.id)
        positions.add((s.day, s.index))
    _validate_tables(problem, slot_ids)
    people = set(problem.participants)
    if len(people) != len(problem.participants):
        raise SchedulingInputError("duplicate participant", item="participants")
    for who, banned in problem.forbidden.items():
        if who not in people:
            raise SchedulingInputError(f"forbidden slots for unknown participant {who!r}", who)
        for sid in banned:
            if sid not in slot_ids:
                raise SchedulingInputError(f"unknown slot {sid!r} forbidden for {who!r}", sid)
    seen: set[str] = set()
    for m in problem.meetings:
        _validate_meeting(problem, m, people, slot_ids, seen)
    _validate_pinned(problem)


def _validate_tables(problem: SchedulingProblem, slot_ids: set[str]) -> None:
    tps = problem.tables_per_slot
    if isinstance(tps, int):
        if tps < 0:
            raise SchedulingInputError(f"negative number of tables {tps}", item="tables")
        return
    for sid, n in tps.items():
        if sid not in slot_ids:
            raise SchedulingInputError(f"tables given for unknown slot {sid!r}", item=sid)
        if n < 0:
            raise SchedulingInputError(f"negative number of tables in slot {sid!r}", item=sid)


def _validate_meeting(
    problem: SchedulingProblem, m: Meeting, people: set[str], slot_ids: set[str], seen: set[str]
) -> None:
    if m.id in seen:
        raise SchedulingInputError(f"duplicate meeting id {m.id!r}", item=m.id)
    seen.add(m.id)
    for who in (m.a, m.b):
        if who not in people:
            raise SchedulingInputError(f"meeting {m.id!r} names unknown participant {who!r}", m.id)
    if m.a == m.b:
        raise SchedulingInputError(f"meeting {m.id!r}: participant {m.a!r} meets itself", m.id)
    if m.weight <= 0:
        raise SchedulingInputError(f"meeting {m.id!r} has non-positive weight", item=m.id)
    if m.window not in WINDOWS:
        raise SchedulingInputError(f"meeting {m.id!r} has unknown window {m.window!r}", m.id)
    if (m.locked or m.locked_table is not None) and m.fixed_slot is None:
        raise SchedulingInputError(f"locked meeting {m.id!r} has no fixed slot", item=m.id)
    if m.fixed_slot is None:
        return
    if m.fixed_slot not in slot_ids:
        raise SchedulingInputError(f"meeting {m.id!r} fixed to unknown slot", item=m.id)
    slot = next(s for s in problem.slots if s.id == m.fixed_slot)
    if not in_window(slot, m.window):
        raise SchedulingInputError(f"meeting {m.id!r} fixed outside its {m.window}", m.id)
    for who in (m.a, m.b):
        if m.fixed_slot in problem.forbidden.get(who, frozenset()):
            raise SchedulingInputError(
                f"meeting {m.id!r} fixed to slot {m.fixed_slot!r}, forbidden for {who!r}", m.id
            )
    tables = problem.tables(m.fixed_slot)
    if m.locked_table is not None and not 1 <= m.locked_table <= tables:
        raise SchedulingInputError(f"meeting {m.id!r} locked to a missing table", item=m.id)


def _validate_pinned(problem: SchedulingProblem) -> None:
    per_slot: dict[str, int] = defaultdict(int)
    tables_used: set[tuple[str, int]] = set()
    busy: set[tuple[str, str]] = set()
    for m in problem.meetings:
        if m.fixed_slot is None:
            continue
        per_slot[m.fixed_slot] += 1
        if per_slot[m.fixed_slot] > problem.tables(m.fixed_slot):
            raise SchedulingInputError(
                f"slot {m.fixed_slot!r} has more fixed meetings than tables", item=m.fixed_slot
            )
        if m.locked_table is not None:
            key = (m.fixed_slot, m.locked_table)
            if key in tables_used:
                raise SchedulingInputError(f"meeting {m.id!r} locked to a taken table", m.id)
            tables_used.add(key)
        for who in (m.a, m.b):
            if (who, m.fixed_slot) in busy:
                raise SchedulingInputError(
                    f"participant {who!r} has two fixed meetings in slot {m.fixed_slot!r}", m.id
                )
            busy.add((who, m.fixed_slot))
