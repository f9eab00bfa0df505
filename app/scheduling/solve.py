"""The solving phases: place every meeting (or the most weight), then minimise idle periods.

Phase 1 looks for a placement of every meeting, falling back to weight maximisation. Phase 2
first bounds the idle periods from below (`bounds.idle_lower_bound`); when the bound is 0 it
asks for a schedule with no idle period at all (the block model makes this quick when it
exists). Otherwise simulated annealing with Kempe-chain moves (`anneal.anneal_idle`) takes the
phase-1 placement down for most of the time left, pairwise swaps polish it, and CP-SAT
large-neighbourhood search (`lns.improve_idle`) uses the rest; every step stops once a schedule
reaches the bound. On the clock with two workers a SAT descent (`satidle`, CaDiCaL in a
forked child) works up from the bound on the second core from just after the bound on; its
schedules are taken in whenever cheaper, and an UNSAT answer proves the schedule optimal.
With `lns` off, CP-SAT minimises idle periods alone (block-start encoding, max-idle tie-break).

Measured on the b2b benchmark (benchmarks/README.md): annealing from the phase-1 placement
reaches in 10-20 s what 60 s of CP-SAT minimisation plus LNS did not (forum-14: 2 against 32,
ticf-13crafb: about 6 against 30). Measured dead ends for CP-SAT minimisation (forum-13crafc,
tic-13crafc, 20-30 s): core-based search (`optimize_with_core`) on a pure sum-of-block-starts
objective finds no schedule at all; neither does a feasibility solve with idle <= best known;
8 interleaved workers or `use_lns_only` from a hint end at 9-26."""

from __future__ import annotations

import time
from dataclasses import dataclass

from ortools.sat.python import cp_model

from app.scheduling.anneal import anneal_idle
from app.scheduling.bounds import idle_lower_bound
from app.scheduling.cpsat import SlotModel, SolverOptions, make_solver
from app.scheduling.lns import idle_cost, improve_idle
from app.scheduling.model import Meeting, SchedulingProblem
from app.scheduling.satidle import SatChild, start_descent
from app.scheduling.swaps import improve_by_swaps

_GOOD = (cp_model.OPTIMAL, cp_model.FEASIBLE)
# Share of the time left after phase 1 that simulated annealing gets; LNS has the rest.
ANNEAL_SHARE = 0.5
# Annealing moves when the run must be reproducible (`deterministic_time` set, no
# `anneal_moves`): about a second of work.
DETERMINISTIC_ANNEAL_MOVES = 100_000
# CP-SAT work (deterministic time) for the lower bound on idle periods, as a share of the time
# left after phase 1, and its cap.
BOUND_SHARE = 0.02
BOUND_WORK = 1.0
# Run the SAT descent (satidle.py) in a forked child beside the annealing and CP-SAT.
SAT_DESCENT = True
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
    work = min(BOUND_WORK, BOUND_SHARE * (end - time.monotonic()))
    bound = idle_lower_bound(problem, kept, kept_allowed, work, problem.seed)
    floor = bound.value
    _log("bound", floor, end - time.monotonic())
    child = None
    if opts.lns and opts.deterministic_time is None and opts.workers > 1 and SAT_DESCENT:
        # The SAT descent takes the second core from here on (the zero-idle search uses one).
        child = start_descent(problem, kept, kept_allowed, idle_cost(problem, best), floor,
                              bound.mandatory)
    try:
        if floor == 0:
            zero = _zero_idle(problem, kept, kept_allowed, end, opts)
            if zero is not None:
                return SlotResult(zero, "OPTIMAL", weight_optimal)
        if opts.lns:
            best = _improve(problem, kept, kept_allowed, best, end, opts, floor, child)
            cost = idle_cost(problem, best)
            # Optimal at the lower bound, or when the SAT descent proved nothing cheaper than
            # its best (or than the schedule it started from, which `best` never exceeds).
            proven = cost <= floor or (child is not None and child.optimal and (
                child.best is None or cost <= child.best[0]))
            return SlotResult(best, status, weight_optimal and proven)
    finally:
        if child is not None:
            child.stop()
    mod = SlotModel(problem, kept, kept_allowed, place_all=True)
    total, mx = mod.total_idle()
    mod.m.add(total >= floor)
    mod.m.minimize(total * (len(problem.slots) + 1) + mx)
    # No hint here: measured on the b2b instances, hinting the greedy (or phase-1) placement
    # steers CP-SAT into much worse idle costs than letting it search from scratch.
    solver = make_solver(problem.seed + 1, end - time.monotonic(), opts)
    st = solver.solve(mod.m)
    _log("phase2", solver.status_name(st), end - time.monotonic())
    if st in _GOOD:
        best, status = mod.read(solver), solver.status_name(st)
    return SlotResult(best, status, weight_optimal and st == cp_model.OPTIMAL)


def _improve(
    problem: SchedulingProblem,
    kept: list[Meeting],
    allowed: dict[str, list[str]],
    best: dict[str, str],
    end: float,
    opts: SolverOptions,
    floor: int = 0,
    child: SatChild | None = None,
) -> dict[str, str]:
    """Anneal the placement of every kept meeting, polish it with swaps, then run CP-SAT
    (its portfolio, or seeded LNS when the run must be reproducible), taking in what the SAT
    descent `child` (if any) finds beside them. Stop as soon as the idle periods reach
    `floor`, a lower bound."""
    def merged(current: dict[str, str], wait: float = 0.0) -> dict[str, str]:
        got = child.poll(wait) if child is not None else None
        _log("sat best", got and got[0], child and child.optimal, end - time.monotonic())
        if got is not None and got[0] < idle_cost(problem, current):
            _log("sat", got[0], end - time.monotonic())
            return got[1]
        return current

    def settled() -> bool:
        got = child.poll() if child is not None else None
        return child is not None and (child.optimal or (got is not None and got[0] <= floor))

    moves = opts.anneal_moves
    if moves is None and opts.deterministic_time is not None:
        moves = DETERMINISTIC_ANNEAL_MOVES
    seconds = ANNEAL_SHARE * (end - time.monotonic())
    best = anneal_idle(problem, kept, allowed, best, seconds, problem.seed, max_moves=moves,
                       target=floor, stop=settled if child is not None else None)
    _log("after anneal", idle_cost(problem, best), end - time.monotonic())
    best = merged(best)
    if idle_cost(problem, best) <= floor or settled():
        return best
    polish = min(2.0, 0.1 * (end - time.monotonic()))
    best = improve_by_swaps(problem, kept, allowed, best, polish)
    best = merged(best)
    if idle_cost(problem, best) <= floor or settled():
        return best
    if opts.deterministic_time is None and opts.workers > 1:
        best = _portfolio(problem, kept, allowed, best, end, opts, floor)
        return merged(best)

    def build(narrowed: dict[str, list[str]]):
        sub = SlotModel(problem, kept, narrowed, place_all=True)
        sub_total, _ = sub.total_idle()
        sub.m.minimize(sub_total)
        return sub.m, sub.x, sub_total

    best = improve_idle(
        problem, kept, allowed, best, end - time.monotonic(), problem.seed, build,
        max_steps=opts.lns_steps, target=floor,
    )
    _log("after lns", idle_cost(problem, best))
    return best


def _portfolio(
    problem: SchedulingProblem,
    kept: list[Meeting],
    allowed: dict[str, list[str]],
    best: dict[str, str],
    end: float,
    opts: SolverOptions,
    floor: int = 0,
) -> dict[str, str]:
    """Minimise idle periods with CP-SAT's own parallel portfolio (its LNS workers do the work)
    from `best` as a complete hint; keep `best` unless CP-SAT finds a cheaper schedule. The
    lower bound `floor` lets CP-SAT stop, proven optimal, once it is reached."""
    mod = SlotModel(problem, kept, allowed, place_all=True)
    total, _ = mod.total_idle()
    mod.m.add(total >= floor)
    mod.m.minimize(total)
    if not mod.full_hint(best, problem.seed, min(5.0, end - time.monotonic())):
        return best
    solver = make_solver(problem.seed + 2, end - time.monotonic(), opts)
    st = solver.solve(mod.m)
    _log("portfolio", solver.status_name(st), end - time.monotonic())
    if st in _GOOD:
        cand = mod.read(solver)
        if idle_cost(problem, cand) <= idle_cost(problem, best):
            return cand
    return best


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
