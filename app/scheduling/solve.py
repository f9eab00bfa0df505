"""The solving phases: place every meeting (or the most weight), then minimise idle periods.

Phase 1 looks for a placement of every meeting, falling back to weight maximisation. Phase 2
first asks for a schedule with no idle period at all (the block model makes this quick when it
exists), then minimises idle periods with CP-SAT and hands the incumbent to large-neighbourhood
search (`lns.improve_idle`) for the rest of the time.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from ortools.sat.python import cp_model

from app.scheduling.cpsat import SlotModel, SolverOptions, make_solver
from app.scheduling.lns import idle_cost, improve_idle
from app.scheduling.model import Meeting, SchedulingProblem

_GOOD = (cp_model.OPTIMAL, cp_model.FEASIBLE)
_DEBUG = False


@dataclass
class SlotResult:
    """Slot per placed meeting, the solver status and whether the answer is proven optimal."""

    slot_of: dict[str, str]
    status: str
    optimal: bool


def _log(*args: object) -> None:
    if _DEBUG:
        print(*args, flush=True)


def solve_slots(
    problem: SchedulingProblem,
    meetings: list[Meeting],
    hint: dict[str, str],
    time_limit: float,
    opts: SolverOptions,
    weight_share: float = 0.3,
) -> SlotResult:
    """Assign slots to `meetings`: maximise placed weight, then minimise idle periods."""
    end = time.monotonic() + time_limit
    allowed = {mt.id: problem.allowed_slots(mt) for mt in meetings}
    total_weight = sum(mt.weight for mt in meetings)
    best = dict(hint)
    weight_optimal = sum(mt.weight for mt in meetings if mt.id in best) == total_weight
    status = "HINT"
    if not weight_optimal:
        best, status, weight_optimal = _max_weight(
            problem, meetings, allowed, best, time_limit * weight_share, opts
        )
    kept = [mt for mt in meetings if mt.id in best]
    if not kept or end - time.monotonic() <= 0.05:
        return SlotResult(best, status, False)
    kept_allowed = {mt.id: allowed[mt.id] for mt in kept}
    zero = _zero_idle(problem, kept, kept_allowed, end, opts)
    if zero is not None:
        return SlotResult(zero, "OPTIMAL", weight_optimal)
    mod = SlotModel(problem, kept, kept_allowed, place_all=True)
    total, mx = mod.total_idle()
    mod.m.minimize(total * (len(problem.slots) + 1) + mx)
    # No hint here: measured on the b2b instances, hinting the greedy (or phase-1) placement
    # steers CP-SAT into much worse idle costs than letting it search from scratch.
    share = 0.6 if opts.lns else 1.0
    solver = make_solver(problem.seed + 1, share * (end - time.monotonic()), opts)
    st = solver.solve(mod.m)
    _log("phase2", solver.status_name(st), end - time.monotonic())
    if st in _GOOD:
        best, status = mod.read(solver), solver.status_name(st)
    if st == cp_model.OPTIMAL or not opts.lns:
        return SlotResult(best, status, weight_optimal and st == cp_model.OPTIMAL)
    _log("before lns", idle_cost(problem, best))

    def build(narrowed: dict[str, list[str]]):
        sub = SlotModel(problem, kept, narrowed, place_all=True)
        sub_total, _ = sub.total_idle()
        sub.m.minimize(sub_total)
        return sub.m, sub.x, sub_total

    best = improve_idle(
        problem, kept, kept_allowed, best, end - time.monotonic(), problem.seed, build,
        max_steps=opts.lns_steps,
    )
    _log("after lns", idle_cost(problem, best))
    return SlotResult(best, status, weight_optimal and idle_cost(problem, best) == 0)


def _zero_idle(
    problem: SchedulingProblem,
    kept: list[Meeting],
    allowed: dict[str, list[str]],
    end: float,
    opts: SolverOptions,
) -> dict[str, str] | None:
    """A schedule of `kept` with no idle period, if one-worker CP-SAT finds it quickly."""
    mod = SlotModel(problem, kept, allowed, place_all=True)
    total, _ = mod.total_idle()
    mod.m.add(total == 0)
    budget = min(0.15 * (end - time.monotonic()), 10.0)
    solver = make_solver(problem.seed, budget, SolverOptions(1, False, opts.deterministic_time))
    st = solver.solve(mod.m)
    _log("zero-idle", solver.status_name(st), end - time.monotonic())
    return mod.read(solver) if st in _GOOD else None


def _max_weight(
    problem: SchedulingProblem,
    meetings: list[Meeting],
    allowed: dict[str, list[str]],
    hint: dict[str, str],
    time_limit: float,
    opts: SolverOptions,
) -> tuple[dict[str, str], str, bool]:
    """First try to place every meeting (a pure feasibility search, usually quick), and only
    if that fails maximise placed weight from the greedy hint."""
    start = time.monotonic()
    mod = SlotModel(problem, meetings, allowed, place_all=True)
    solver = make_solver(problem.seed, time_limit / 2, opts)
    st = solver.solve(mod.m)
    _log("phase1a", solver.status_name(st), time.monotonic() - start)
    if st in _GOOD:
        return mod.read(solver), solver.status_name(st), True
    mod = SlotModel(problem, meetings, allowed, place_all=False)
    mod.m.maximize(mod.weight())
    mod.hint(hint)
    solver = make_solver(problem.seed, time_limit - (time.monotonic() - start), opts)
    st = solver.solve(mod.m)
    _log("phase1b", solver.status_name(st), time.monotonic() - start)
    if st in _GOOD:
        return mod.read(solver), solver.status_name(st), st == cp_model.OPTIMAL
    return hint, solver.status_name(st), False
