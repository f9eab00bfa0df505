"""An independent checker of meeting schedules: every hard rule, and the cost recomputed."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass

from app.scheduling.model import Placement, Schedule, SchedulingProblem, in_window


@dataclass(frozen=True)
class Violation:
    """One broken rule: a short rule name, a message, and the offending item."""

    rule: str
    message: str
    item: object = None


def idle_periods(
    problem: SchedulingProblem, placements: Mapping[str, Placement]
) -> dict[str, int]:
    """Idle periods per participant: maximal free runs between a day's first and last meeting."""
    slot_of = {s.id: s for s in problem.slots}
    position = {s.id: i for i, s in enumerate(problem.ordered_slots())}
    meeting_of = {m.id: m for m in problem.meetings}
    busy: dict[tuple[str, int], list[int]] = defaultdict(list)
    for p in placements.values():
        m = meeting_of.get(p.meeting_id)
        slot = slot_of.get(p.slot_id)
        if m is None or slot is None:
            continue
        for who in (m.a, m.b):
            busy[(who, slot.day)].append(position[slot.id])
    idle = {who: 0 for who in problem.participants}
    for (who, _day), where in busy.items():
        where = sorted(set(where))
        idle[who] += sum(1 for x, y in zip(where, where[1:], strict=False) if y - x > 1)
    return idle


def check_schedule(problem: SchedulingProblem, schedule: Schedule) -> list[Violation]:
    """List every hard rule the schedule breaks and every cost figure it misstates."""
    out: list[Violation] = []
    slot_of = {s.id: s for s in problem.slots}
    meeting_of = {m.id: m for m in problem.meetings}
    _check_coverage(problem, schedule, meeting_of, out)
    tables_used: set[tuple[str, int]] = set()
    people_busy: set[tuple[str, str]] = set()
    per_slot: dict[str, int] = defaultdict(int)
    for mid, p in schedule.placements.items():
        m = meeting_of.get(mid)
        slot = slot_of.get(p.slot_id)
        if m is None or p.meeting_id != mid:
            out.append(Violation("unknown-meeting", f"placement of unknown meeting {mid!r}", mid))
            continue
        if slot is None:
            out.append(Violation("unknown-slot", f"meeting {mid!r} in unknown slot", mid))
            continue
        per_slot[slot.id] += 1
        if not 1 <= p.table <= problem.tables(slot.id):
            out.append(Violation("table-range", f"meeting {mid!r} at missing table", mid))
        if (slot.id, p.table) in tables_used:
            out.append(Violation("table-twice", f"table {p.table} used twice in {slot.id}", mid))
        tables_used.add((slot.id, p.table))
        for who in (m.a, m.b):
            if (who, slot.id) in people_busy:
                out.append(Violation("double-booked", f"{who!r} twice in slot {slot.id}", mid))
            people_busy.add((who, slot.id))
            if slot.id in problem.forbidden.get(who, frozenset()):
                out.append(Violation("forbidden", f"{mid!r} in a slot {who!r} forbids", mid))
        if not in_window(slot, m.window):
            out.append(Violation("window", f"meeting {mid!r} outside its {m.window}", mid))
        if m.fixed_slot is not None and slot.id != m.fixed_slot:
            out.append(Violation("fixed-moved", f"fixed meeting {mid!r} was moved", mid))
        if m.locked_table is not None and p.table != m.locked_table:
            out.append(Violation("table-moved", f"locked meeting {mid!r} changed table", mid))
    for sid, n in per_slot.items():
        if n > problem.tables(sid):
            out.append(Violation("capacity", f"slot {sid} holds {n} meetings", sid))
    _check_cost(problem, schedule, meeting_of, out)
    return out


def _check_coverage(
    problem: SchedulingProblem, schedule: Schedule, meeting_of: dict, out: list[Violation]
) -> None:
    for m in problem.meetings:
        placed = m.id in schedule.placements
        reason = schedule.unplaced.get(m.id)
        if placed and reason is not None:
            out.append(Violation("both", f"meeting {m.id!r} both placed and unplaced", m.id))
        elif not placed and not reason:
            out.append(Violation("no-reason", f"meeting {m.id!r} unplaced without reason", m.id))
        if m.fixed_slot is not None and not placed:
            out.append(Violation("fixed-dropped", f"fixed meeting {m.id!r} not placed", m.id))
    for mid in schedule.unplaced:
        if mid not in meeting_of:
            out.append(Violation("unknown-meeting", f"reason for unknown meeting {mid!r}", mid))


def _check_cost(
    problem: SchedulingProblem, schedule: Schedule, meeting_of: dict, out: list[Violation]
) -> None:
    idle = idle_periods(problem, schedule.placements)
    if sum(idle.values()) != schedule.idle_total:
        out.append(Violation("cost", f"idle total is {sum(idle.values())}, not "
                                     f"{schedule.idle_total}", "idle_total"))
    if {k: v for k, v in idle.items() if v} != {
        k: v for k, v in schedule.idle_by_participant.items() if v
    }:
        out.append(Violation("cost", "idle periods per participant misstated", "idle"))
    weight = sum(meeting_of[mid].weight for mid in schedule.placements if mid in meeting_of)
    if weight != schedule.weight_placed:
        out.append(Violation("weight", f"placed weight is {weight}", "weight_placed"))
    requested = sum(m.weight for m in problem.meetings)
    if requested != schedule.weight_requested:
        out.append(Violation("weight", f"requested weight is {requested}", "weight_requested"))
