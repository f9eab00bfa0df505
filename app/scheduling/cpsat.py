"""The CP-SAT model of slot assignment: placed weight first, then idle periods, lexicographically.

Determinism: the solver runs with a fixed `random_seed` and either one worker or several
workers with `interleave_search`, both of which make the search itself reproducible; a run
that stops on the wall-clock limit may still return a different incumbent on a slower
machine, so runs that must be reproducible to the bit should set `deterministic_time`.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from ortools.sat.python import cp_model

from app.scheduling.model import Meeting, SchedulingProblem


@dataclass(frozen=True)
class SolverOptions:
    """How CP-SAT is run: worker count, interleaving, and an optional deterministic budget."""

    workers: int = 2
    interleave: bool = True
    deterministic_time: float | None = None


@dataclass
class SlotResult:
    """Slot per placed meeting, the solver status and whether the answer is proven optimal."""

    slot_of: dict[str, str]
    status: str
    optimal: bool


class _Model:
    """Variables and constraints shared by both phases."""

    def __init__(
        self,
        problem: SchedulingProblem,
        meetings: list[Meeting],
        allowed: dict[str, list[str]],
        place_all: bool,
    ) -> None:
        self.m = cp_model.CpModel()
        self.meetings = meetings
        self.x: dict[tuple[str, str], cp_model.IntVar] = {}
        self.placed: dict[str, cp_model.IntVar | int] = {}
        by_slot: dict[str, list] = defaultdict(list)
        by_person_slot: dict[tuple[str, str], list] = defaultdict(list)
        for mt in meetings:
            lits = []
            for sid in allowed[mt.id]:
                v = self.m.new_bool_var(f"x_{mt.id}_{sid}")
                self.x[(mt.id, sid)] = v
                lits.append(v)
                by_slot[sid].append(v)
                by_person_slot[(mt.a, sid)].append(v)
                by_person_slot[(mt.b, sid)].append(v)
            if place_all or mt.fixed_slot is not None:
                self.m.add_exactly_one(lits)
                self.placed[mt.id] = 1
            else:
                p = self.m.new_bool_var(f"p_{mt.id}")
                self.m.add(sum(lits) == p)
                self.placed[mt.id] = p
        for sid, lits in by_slot.items():
            cap = problem.tables(sid)
            if len(lits) > cap:
                self.m.add(sum(lits) <= cap)
        self.busy: dict[tuple[str, str], cp_model.IntVar] = {}
        for key, lits in by_person_slot.items():
            if len(lits) > 1:
                self.m.add_at_most_one(lits)
            if len(lits) == 1:
                self.busy[key] = lits[0]
            else:
                b = self.m.new_bool_var(f"b_{key[0]}_{key[1]}")
                self.m.add(sum(lits) == b)
                self.busy[key] = b
        self.idle_terms: dict[str, list] = {}
        self._idle(problem)

    def _idle(self, problem: SchedulingProblem) -> None:
        """Idle periods of a day = number of busy blocks minus one if the day has any meeting."""
        count: dict[str, int] = defaultdict(int)
        for mt in self.meetings:
            count[mt.a] += 1
            count[mt.b] += 1
        days: dict[int, list[str]] = defaultdict(list)
        for s in problem.ordered_slots():
            days[s.day].append(s.id)
        for who, n in count.items():
            if n < 2:
                continue
            terms = []
            for day_slots in days.values():
                busy = [self.busy.get((who, sid)) for sid in day_slots]
                if sum(b is not None for b in busy) < 2:
                    continue
                terms.append(self._day_idle(who, busy, n))
            self.idle_terms[who] = terms

    def _day_idle(self, who: str, busy: list, n: int) -> cp_model.IntVar:
        m = self.m
        starts = []
        prev = None
        present = [b for b in busy if b is not None]
        for b in busy:
            if b is not None:
                st = m.new_bool_var("")
                if prev is None:
                    m.add_implication(b, st)
                else:
                    m.add(st >= b - prev)
                starts.append(st)
            prev = b
        anyb = m.new_bool_var("")
        m.add_bool_or(present).only_enforce_if(anyb)
        for b in present:
            m.add_implication(b, anyb)
        idle = m.new_int_var(0, len(busy), "")
        m.add(idle == sum(starts) - anyb)
        return idle

    def total_idle(self) -> tuple[cp_model.LinearExpr, cp_model.IntVar]:
        """Sum of idle periods and the largest per-participant idle count."""
        per = []
        for terms in self.idle_terms.values():
            if terms:
                v = self.m.new_int_var(0, 1000, "")
                self.m.add(v == sum(terms))
                per.append(v)
        mx = self.m.new_int_var(0, 1000, "max_idle")
        if per:
            self.m.add_max_equality(mx, per)
        else:
            self.m.add(mx == 0)
        return sum(per), mx

    def weight(self) -> cp_model.LinearExpr:
        return sum(mt.weight * self.placed[mt.id] for mt in self.meetings)

    def hint(self, slot_of: dict[str, str]) -> None:
        for (mid, sid), v in self.x.items():
            self.m.add_hint(v, 1 if slot_of.get(mid) == sid else 0)

    def read(self, solver: cp_model.CpSolver) -> dict[str, str]:
        return {mid: sid for (mid, sid), v in self.x.items() if solver.value(v)}


def _solver(seed: int, time_limit: float, opts: SolverOptions) -> cp_model.CpSolver:
    solver = cp_model.CpSolver()
    p = solver.parameters
    p.random_seed = seed
    p.max_time_in_seconds = max(0.05, time_limit)
    p.num_workers = max(1, opts.workers)
    if opts.workers > 1 and opts.interleave:
        p.interleave_search = True
    if opts.deterministic_time is not None:
        p.max_deterministic_time = opts.deterministic_time
    return solver


def solve_slots(
    problem: SchedulingProblem,
    meetings: list[Meeting],
    hint: dict[str, str],
    time_limit: float,
    opts: SolverOptions,
    deadline_share: float = 0.3,
) -> SlotResult:
    """Assign slots to `meetings`: maximise placed weight, then minimise idle periods."""
    allowed = {mt.id: problem.allowed_slots(mt) for mt in meetings}
    total_weight = sum(mt.weight for mt in meetings)
    best = dict(hint)
    weight_optimal = sum(mt.weight for mt in meetings if mt.id in best) == total_weight
    status = "HINT"
    import time

    start = time.monotonic()
    if not weight_optimal:
        mod = _Model(problem, meetings, allowed, place_all=False)
        mod.m.maximize(mod.weight())
        mod.hint(best)
        solver = _solver(problem.seed, time_limit * deadline_share, opts)
        st = solver.solve(mod.m)
        status = solver.status_name(st)
        if st in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            best = mod.read(solver)
            weight_optimal = st == cp_model.OPTIMAL
    kept = [mt for mt in meetings if mt.id in best]
    remaining = time_limit - (time.monotonic() - start)
    if not kept or remaining <= 0.05:
        return SlotResult(best, status, False)
    mod = _Model(problem, kept, {mt.id: allowed[mt.id] for mt in kept}, place_all=True)
    total, mx = mod.total_idle()
    mod.m.minimize(total * (len(problem.slots) + 1) + mx)
    mod.hint(best)
    solver = _solver(problem.seed + 1, remaining, opts)
    st = solver.solve(mod.m)
    if st in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return SlotResult(mod.read(solver), solver.status_name(st),
                          weight_optimal and st == cp_model.OPTIMAL)
    return SlotResult(best, status, False)
