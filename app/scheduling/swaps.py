"""Pairwise-swap local search on idle periods, for missions too large for the full CP-SAT model.

When every table is taken no single meeting can move, but two meetings in different slots can
trade places. Each pass tries, for every meeting of a participant who has an idle period, the
slots next to that participant's other meetings, and trades with a meeting there when the
trade keeps every rule and strictly lowers the idle periods of the people involved.
"""

from __future__ import annotations

import time
from collections import defaultdict

from app.scheduling.model import Meeting, SchedulingProblem


class _State:
    def __init__(self, problem: SchedulingProblem, meetings: list[Meeting], slot_of: dict):
        order = problem.ordered_slots()
        self.pos = {s.id: i for i, s in enumerate(order)}
        self.day = {s.id: s.day for s in order}
        self.slot_at = [s.id for s in order]
        self.by_id = {m.id: m for m in meetings}
        self.slot_of = dict(slot_of)
        self.busy: dict[str, set[str]] = defaultdict(set)
        self.in_slot: dict[str, set[str]] = defaultdict(set)
        for mid, sid in self.slot_of.items():
            m = self.by_id[mid]
            self.busy[m.a].add(sid)
            self.busy[m.b].add(sid)
            self.in_slot[sid].add(mid)

    def idle(self, who: str, busy: set[str] | None = None) -> int:
        per_day: dict[int, list[int]] = defaultdict(list)
        for sid in self.busy[who] if busy is None else busy:
            per_day[self.day[sid]].append(self.pos[sid])
        total = 0
        for where in per_day.values():
            where.sort()
            total += sum(1 for x, y in zip(where, where[1:], strict=False) if y - x > 1)
        return total

    def gain(self, m1: Meeting, m2: Meeting) -> int | None:
        """Idle periods saved by trading the slots of m1 and m2, or None if the trade is illegal."""
        s1, s2 = self.slot_of[m1.id], self.slot_of[m2.id]
        after: dict[str, set[str]] = {}
        for who in {m1.a, m1.b, m2.a, m2.b}:
            busy = set(self.busy[who])
            in1, in2 = who in (m1.a, m1.b), who in (m2.a, m2.b)
            if in1 and not in2:
                if s2 in busy:
                    return None
                busy.discard(s1)
                busy.add(s2)
            elif in2 and not in1:
                if s1 in busy:
                    return None
                busy.discard(s2)
                busy.add(s1)
            after[who] = busy
        return sum(self.idle(w) - self.idle(w, b) for w, b in after.items())

    def move_gain(self, m: Meeting, s2: str) -> int:
        """Idle periods saved by moving m to s2 (0 when a party is busy there)."""
        s1 = self.slot_of[m.id]
        if s2 in self.busy[m.a] or s2 in self.busy[m.b]:
            return 0
        return sum(
            self.idle(w) - self.idle(w, (self.busy[w] - {s1}) | {s2}) for w in (m.a, m.b)
        )

    def move(self, m: Meeting, s2: str) -> None:
        s1 = self.slot_of[m.id]
        for w in (m.a, m.b):
            self.busy[w].discard(s1)
            self.busy[w].add(s2)
        self.in_slot[s1].discard(m.id)
        self.in_slot[s2].add(m.id)
        self.slot_of[m.id] = s2

    def swap(self, m1: Meeting, m2: Meeting) -> None:
        s1, s2 = self.slot_of[m1.id], self.slot_of[m2.id]
        for m, old, _new in ((m1, s1, s2), (m2, s2, s1)):
            self.busy[m.a].discard(old)
            self.busy[m.b].discard(old)
            self.in_slot[old].discard(m.id)
        for m, _old, new in ((m1, s1, s2), (m2, s2, s1)):
            self.busy[m.a].add(new)
            self.busy[m.b].add(new)
            self.in_slot[new].add(m.id)
            self.slot_of[m.id] = new


def improve_by_swaps(
    problem: SchedulingProblem,
    meetings: list[Meeting],
    allowed: dict[str, list[str]],
    slot_of: dict[str, str],
    seconds: float,
) -> dict[str, str]:
    """Trade slots between pairs of meetings while that strictly lowers idle periods."""
    end = time.monotonic() + seconds
    st = _State(problem, meetings, slot_of)
    allowed_set = {mid: set(v) for mid, v in allowed.items()}
    improved = True
    while improved and time.monotonic() < end:
        improved = False
        for mid in sorted(st.slot_of):
            m1 = st.by_id[mid]
            if m1.fixed_slot is not None or time.monotonic() >= end:
                continue
            for who in (m1.a, m1.b):
                if not st.idle(who):
                    continue
                s1 = st.slot_of[mid]
                targets = set()
                for sid in st.busy[who]:
                    p = st.pos[sid]
                    for q in (p - 1, p + 1):
                        if 0 <= q < len(st.slot_at):
                            targets.add(st.slot_at[q])
                for s2 in sorted(targets - st.busy[who] - {s1}):
                    if s2 not in allowed_set[mid]:
                        continue
                    if len(st.in_slot[s2]) < problem.tables(s2) and st.move_gain(m1, s2) > 0:
                        st.move(m1, s2)
                        improved = True
                        break
                    for other in sorted(st.in_slot[s2]):
                        m2 = st.by_id[other]
                        if m2.fixed_slot is not None or s1 not in allowed_set[other]:
                            continue
                        g = st.gain(m1, m2)
                        if g is not None and g > 0:
                            st.swap(m1, m2)
                            improved = True
                            break
                    if st.slot_of[mid] != s1:
                        break
    return st.slot_of
