"""Large-neighbourhood search on idle periods: free a few meetings, re-solve them with CP-SAT.

Each step frees either every meeting in a short run of slots or every meeting of a few
participants and their partners, keeps the rest where it is, and lets CP-SAT re-place the freed
meetings minimising the idle periods of everyone they touch. Steps run on one worker with a
deterministic time budget and a seeded random choice, so the sequence of steps is reproducible;
only the wall-clock limit decides how many steps run.
"""

from __future__ import annotations

import random
import time
from collections import defaultdict

from ortools.sat.python import cp_model

from app.scheduling.model import Meeting, SchedulingProblem


def _day_idle(m: cp_model.CpModel, busy: list) -> cp_model.LinearExprT:
    """Idle periods of one participant-day as block starts minus 'has a meeting' (linear)."""
    starts = []
    prev = None
    for b in busy:
        st = m.new_bool_var("")
        if prev is None:
            m.add_implication(b, st)
        else:
            m.add_bool_or([b.Not(), prev, st])
        starts.append(st)
        prev = b
    anyb = m.new_bool_var("")
    m.add_bool_or(busy).only_enforce_if(anyb)
    for b in busy:
        m.add_implication(b, anyb)
    return sum(starts) - anyb


_DEBUG = False


class IdleLNS:
    """Improves a complete slot assignment of `meetings` without unplacing any of them."""

    def __init__(
        self, problem: SchedulingProblem, meetings: list[Meeting], allowed: dict[str, list[str]]
    ) -> None:
        self.problem = problem
        self.meetings = {m.id: m for m in meetings}
        self.allowed = allowed
        order = problem.ordered_slots()
        self.pos = {s.id: i for i, s in enumerate(order)}
        self.days: dict[int, list[str]] = defaultdict(list)
        for s in order:
            self.days[s.day].append(s.id)
        self.day_of = {s.id: s.day for s in order}
        self.of_person: dict[str, list[str]] = defaultdict(list)
        for m in meetings:
            self.of_person[m.a].append(m.id)
            self.of_person[m.b].append(m.id)

    def idle_of(self, slot_of: dict[str, str], who: str) -> int:
        """Idle periods of one participant under `slot_of`."""
        per_day: dict[int, list[int]] = defaultdict(list)
        for mid in self.of_person[who]:
            sid = slot_of[mid]
            per_day[self.day_of[sid]].append(self.pos[sid])
        total = 0
        for where in per_day.values():
            where.sort()
            total += sum(1 for x, y in zip(where, where[1:], strict=False) if y - x > 1)
        return total

    def _neighbourhood(self, slot_of: dict[str, str], rng: random.Random, size: int) -> set[str]:
        idle_people = [p for p in self.of_person if self.idle_of(slot_of, p) > 0]
        free: set[str] = set()
        if idle_people and rng.random() < 0.5:
            while len(free) < size:
                who = rng.choice(idle_people if rng.random() < 0.7 else list(self.of_person))
                for mid in self.of_person[who]:
                    m = self.meetings[mid]
                    free.add(mid)
                    other = m.b if m.a == who else m.a
                    free.update(self.of_person[other][: size // 4])
        else:
            day = rng.choice(sorted(self.days))
            slots = self.days[day]
            width = max(2, min(len(slots), size * len(slots) // max(1, len(slot_of))))
            first = rng.randrange(0, max(1, len(slots) - width + 1))
            window = set(slots[first : first + width])
            free = {mid for mid, sid in slot_of.items() if sid in window}
        return {mid for mid in free if self.meetings[mid].fixed_slot is None}

    def _step(self, slot_of: dict[str, str], free: set[str], seed: int, dtime: float) -> dict:
        problem = self.problem
        m = cp_model.CpModel()
        x: dict[tuple[str, str], cp_model.IntVar] = {}
        used: dict[str, int] = defaultdict(int)
        fixed_busy: set[tuple[str, str]] = set()
        for mid, sid in slot_of.items():
            if mid not in free:
                used[sid] += 1
                mt = self.meetings[mid]
                fixed_busy.update({(mt.a, sid), (mt.b, sid)})
        by_slot: dict[str, list] = defaultdict(list)
        by_ps: dict[tuple[str, str], list] = defaultdict(list)
        for mid in sorted(free):
            mt = self.meetings[mid]
            lits = []
            for sid in self.allowed[mid]:
                if (mt.a, sid) in fixed_busy or (mt.b, sid) in fixed_busy:
                    continue
                v = m.new_bool_var("")
                x[(mid, sid)] = v
                m.add_hint(v, slot_of[mid] == sid)
                lits.append(v)
                by_slot[sid].append(v)
                by_ps[(mt.a, sid)].append(v)
                by_ps[(mt.b, sid)].append(v)
            m.add_exactly_one(lits)
        for sid, lits in by_slot.items():
            m.add(sum(lits) <= problem.tables(sid) - used[sid])
        for lits in by_ps.values():
            if len(lits) > 1:
                m.add_at_most_one(lits)
        people = {w for mid in free for w in (self.meetings[mid].a, self.meetings[mid].b)}
        terms = []
        one = m.new_constant(1)
        zero = m.new_constant(0)
        for who in sorted(people):
            for day_slots in self.days.values():
                busy = []
                for sid in day_slots:
                    if (who, sid) in fixed_busy:
                        busy.append(one)
                    elif (who, sid) in by_ps:
                        b = m.new_bool_var("")
                        m.add(sum(by_ps[(who, sid)]) == b)
                        busy.append(b)
                    else:
                        busy.append(zero)
                terms.append(_day_idle(m, busy))
        m.minimize(sum(terms))
        solver = cp_model.CpSolver()
        solver.parameters.num_workers = 1
        solver.parameters.random_seed = seed
        solver.parameters.max_deterministic_time = dtime
        solver.parameters.max_time_in_seconds = 10 * dtime + 1
        st = solver.solve(m)
        if st not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            return slot_of
        out = dict(slot_of)
        for (mid, sid), v in x.items():
            if solver.value(v):
                out[mid] = sid
        return out

    def improve(
        self,
        slot_of: dict[str, str],
        seconds: float,
        seed: int,
        max_steps: int | None = None,
        size: int = 40,
    ) -> dict[str, str]:
        """Run steps until `seconds` pass (or `max_steps`), keeping only non-worsening moves."""
        rng = random.Random(seed)
        end = time.monotonic() + seconds
        best = dict(slot_of)
        cost = sum(self.idle_of(best, p) for p in self.of_person)
        step = 0
        while time.monotonic() < end and cost > 0 and (max_steps is None or step < max_steps):
            step += 1
            free = self._neighbourhood(best, rng, size)
            if not free:
                continue
            cand = self._step(best, free, rng.randrange(1 << 30), dtime=0.5)
            new = sum(self.idle_of(cand, p) for p in self.of_person)
            if _DEBUG:
                print("step", step, len(free), cost, new, flush=True)
            if new <= cost:
                best, cost = cand, new
        return best
