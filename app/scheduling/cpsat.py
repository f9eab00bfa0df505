"""The CP-SAT model of slot assignment and how its solver is seeded and limited.

Determinism: every solve runs with a fixed `random_seed`; runs that must be reproducible to the
bit set `deterministic_time` and `lns_steps` (and `anneal_moves`), and then several workers
search with `interleave_search`, which is reproducible, and the LNS draws its neighbourhoods
from a seeded RNG with a deterministic time budget per step. Runs bounded by the wall clock
alone cannot be reproducible (the clock decides where they stop), so they use CP-SAT's default
parallel portfolio, which is much faster on these models."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from ortools.sat.python import cp_model

from app.scheduling.model import Meeting, SchedulingProblem


@dataclass(frozen=True)
class SolverOptions:
    """How CP-SAT is run: workers, interleaving, an optional deterministic budget, and LNS;
    `lns_steps` and `anneal_moves` cap the improvement phases (None: until the time limit)."""

    workers: int = 2
    interleave: bool = True
    deterministic_time: float | None = None
    lns: bool = True
    lns_steps: int | None = None
    anneal_moves: int | None = None


class SlotModel:
    """CP-SAT variables x[meeting, slot], capacity, one meeting per participant and slot, and
    idle periods per participant (block model for participants who meet on one day)."""

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
        self.place_all = place_all
        self._idle(problem)

    def _idle(self, problem: SchedulingProblem) -> None:
        """Idle periods per participant-day; one-day participants also get the block model."""
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
            active = [d for d in days.values() if any((who, sid) in self.busy for sid in d)]
            for day_slots in active:
                busy = [self.busy.get((who, sid)) for sid in day_slots]
                if sum(b is not None for b in busy) >= 2:
                    terms.append(self._day_idle(busy))
            if self.place_all and len(active) == 1 and terms:
                terms = [self._block(active[0], who, n, terms[0])]
            self.idle_terms[who] = terms

    def _day_idle(self, busy: list) -> cp_model.IntVar:
        """Block starts minus 'has a meeting that day'; exact once the objective is minimised."""
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
                    m.add_bool_or([b.Not(), prev, st])
                starts.append(st)
            prev = b
        anyb = m.new_bool_var("")
        m.add_bool_or(present).only_enforce_if(anyb)
        for b in present:
            m.add_implication(b, anyb)
        idle = m.new_int_var(0, len(busy), "")
        m.add(idle >= sum(starts) - anyb)
        return idle

    def _block(self, day_slots: list[str], who: str, n: int, idle: cp_model.IntVar):
        """Redundant block model: either the n meetings fill one run of n slots (chosen by one
        start literal, which fixes every busy flag) or the participant pays an idle period."""
        m = self.m
        loose = m.new_bool_var("")
        cover: list[list] = [[] for _ in day_slots]
        starts = []
        for t in range(len(day_slots) - n + 1):
            run = day_slots[t : t + n]
            if all((who, sid) in self.busy for sid in run):
                y = m.new_bool_var("")
                starts.append(y)
                for i in range(t, t + n):
                    cover[i].append(y)
        m.add(sum(starts) + loose == 1)
        for i, sid in enumerate(day_slots):
            b = self.busy.get((who, sid))
            if b is None:
                continue
            m.add(b == sum(cover[i])).only_enforce_if(loose.Not())
            m.add(b >= sum(cover[i]))
        m.add(idle >= loose)
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
        """Placed weight, the phase-1 objective."""
        return sum(mt.weight * self.placed[mt.id] for mt in self.meetings)

    def hint(self, slot_of: dict[str, str]) -> None:
        """Offer `slot_of` to CP-SAT as a starting solution."""
        for (mid, sid), v in self.x.items():
            self.m.add_hint(v, 1 if slot_of.get(mid) == sid else 0)

    def full_hint(self, slot_of: dict[str, str], seed: int, time_limit: float) -> bool:
        """Hint `slot_of` with every auxiliary variable filled in (CP-SAT then starts from it as
        a complete solution); False if the placement breaks the model."""
        fixed = self.m.clone()
        for (mid, sid), v in self.x.items():
            fixed.add(fixed.get_bool_var_from_proto_index(v.index) == int(slot_of.get(mid) == sid))
        solver = make_solver(seed, time_limit, SolverOptions(workers=1, interleave=False))
        if solver.solve(fixed) not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            return False
        self.m.clear_hints()
        hint = self.m.proto.solution_hint
        for i, value in enumerate(solver.response_proto.solution):
            hint.vars.append(i)
            hint.values.append(value)
        return True

    def read(self, solver: cp_model.CpSolver) -> dict[str, str]:
        """The slot of every placed meeting in the solver's incumbent."""
        return {mid: sid for (mid, sid), v in self.x.items() if solver.value(v)}


def make_solver(seed: int, time_limit: float, opts: SolverOptions) -> cp_model.CpSolver:
    """A CP-SAT solver seeded and limited as `opts` says (see the module note on determinism)."""
    solver = cp_model.CpSolver()
    p = solver.parameters
    p.random_seed = seed
    p.max_time_in_seconds = max(0.05, time_limit)
    p.num_workers = max(1, opts.workers)
    # Interleaving buys reproducibility, which only a deterministic budget can deliver, and
    # costs speed (phase-1 feasibility on forum-14: 3.8 s against 0.5 s for the portfolio).
    if opts.workers > 1 and opts.interleave and opts.deterministic_time is not None:
        p.interleave_search = True
    if opts.deterministic_time is not None:
        p.max_deterministic_time = opts.deterministic_time
    return solver
