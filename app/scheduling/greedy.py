"""Greedy slot placement: a warm start for CP-SAT and the fallback for very large missions."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from app.scheduling.model import Meeting, SchedulingProblem


@dataclass
class Occupancy:
    """Who is busy when and how many tables each slot has left."""

    problem: SchedulingProblem
    busy: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    used: dict[str, int] = field(default_factory=lambda: defaultdict(int))

    def fits(self, m: Meeting, sid: str) -> bool:
        """Whether both parties are free in `sid` and it still has a table."""
        return (
            sid not in self.busy[m.a]
            and sid not in self.busy[m.b]
            and self.used[sid] < self.problem.tables(sid)
        )

    def add(self, m: Meeting, sid: str) -> None:
        """Record meeting `m` in slot `sid`."""
        self.busy[m.a].add(sid)
        self.busy[m.b].add(sid)
        self.used[sid] += 1


def greedy_slots(
    problem: SchedulingProblem,
    allowed: dict[str, list[str]],
    start: dict[str, str] | None = None,
) -> dict[str, str]:
    """Place meetings one by one (fixed, then heaviest and tightest first) next to their parties'
    other meetings where possible; `start` gives placements to keep."""
    order = sorted(problem.ordered_slots(), key=lambda s: (s.day, s.index))
    pos = {s.id: i for i, s in enumerate(order)}
    day = {s.id: s.day for s in order}
    occ = Occupancy(problem)
    slot_of: dict[str, str] = {}
    by_id = {m.id: m for m in problem.meetings}
    for mid, sid in (start or {}).items():
        occ.add(by_id[mid], sid)
        slot_of[mid] = sid
    todo = sorted(
        (m for m in problem.meetings if m.id not in slot_of),
        key=lambda m: (m.fixed_slot is None, -m.weight, len(allowed[m.id]), m.id),
    )
    for m in todo:
        best: tuple[float, int] | None = None
        best_sid = None
        for sid in allowed[m.id]:
            if not occ.fits(m, sid):
                continue
            score = 0.0
            for who in (m.a, m.b):
                same_day = [pos[o] for o in occ.busy[who] if day[o] == day[sid]]
                if same_day:
                    score += min(abs(pos[sid] - o) for o in same_day) - 1
                else:
                    score += 0.5
            key = (score, pos[sid])
            if best is None or key < best:
                best, best_sid = key, sid
        if best_sid is not None:
            occ.add(m, best_sid)
            slot_of[m.id] = best_sid
    return slot_of
