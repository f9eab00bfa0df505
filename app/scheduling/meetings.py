"""Schedule B2B meetings into slots and tables: validate, warm-start, solve, repair, explain."""

from __future__ import annotations

import time
from collections import defaultdict

from app.scheduling.checker import idle_periods
from app.scheduling.cpsat import SolverOptions
from app.scheduling.greedy import greedy_slots
from app.scheduling.model import Meeting, Placement, Schedule, SchedulingProblem, validate_problem
from app.scheduling.reasons import explain_unplaced
from app.scheduling.solve import SlotResult, solve_slots
from app.scheduling.swaps import improve_by_swaps

# Above this many (meeting, slot) pairs CP-SAT is not used: the greedy placement (heaviest and
# most constrained first) decides what is placed and a swap local search removes idle periods.
FULL_MODEL_LIMIT = 60_000


def schedule_meetings(
    problem: SchedulingProblem, options: SolverOptions | None = None
) -> Schedule:
    """Place as much meeting weight as possible, then minimise idle periods, within the limit."""
    started = time.monotonic()
    validate_problem(problem)
    opts = options or SolverOptions()
    allowed = {m.id: problem.allowed_slots(m) for m in problem.meetings}
    hint = greedy_slots(problem, allowed)
    pairs = sum(len(v) for v in allowed.values())
    budget = problem.time_limit_s - (time.monotonic() - started) - _reserve(problem)
    if pairs <= FULL_MODEL_LIMIT:
        candidates = [m for m in problem.meetings if allowed[m.id]]
        polish = min(2.0, 0.05 * budget)
        result = solve_slots(problem, candidates, hint, budget - polish, opts)
        if not result.optimal:
            kept = [m for m in candidates if m.id in result.slot_of]
            result.slot_of = improve_by_swaps(problem, kept, allowed, result.slot_of, polish)
    else:
        candidates = [m for m in problem.meetings if m.id in hint]
        compact = improve_by_swaps(problem, candidates, allowed, hint, budget)
        result = SlotResult(compact, "GREEDY+SWAPS", False)
    slot_of = greedy_slots(problem, allowed, start=result.slot_of)
    placements = assign_tables(problem, slot_of)
    left = [m for m in problem.meetings if m.id not in slot_of]
    idle = idle_periods(problem, placements)
    return Schedule(
        placements=placements,
        unplaced=explain_unplaced(problem, left, slot_of),
        weight_placed=sum(m.weight for m in problem.meetings if m.id in slot_of),
        weight_requested=sum(m.weight for m in problem.meetings),
        idle_total=sum(idle.values()),
        idle_by_participant=idle,
        status=result.status,
        optimal=result.optimal and (pairs <= FULL_MODEL_LIMIT or not left),
        seconds=time.monotonic() - started,
    )


def _reserve(problem: SchedulingProblem) -> float:
    """Wall time kept back for repair, tables and reasons after the solver stops."""
    return min(0.2 * problem.time_limit_s, 0.5 + len(problem.meetings) / 20_000)


def assign_tables(problem: SchedulingProblem, slot_of: dict[str, str]) -> dict[str, Placement]:
    """Give each placed meeting a free table of its slot, keeping organiser-locked tables."""
    by_id: dict[str, Meeting] = {m.id: m for m in problem.meetings}
    per_slot: dict[str, list[Meeting]] = defaultdict(list)
    for mid, sid in slot_of.items():
        per_slot[sid].append(by_id[mid])
    out: dict[str, Placement] = {}
    for sid, group in per_slot.items():
        taken = {m.locked_table for m in group if m.locked_table is not None}
        free = (t for t in range(1, problem.tables(sid) + 1) if t not in taken)
        for m in sorted(group, key=lambda m: m.id):
            table = m.locked_table if m.locked_table is not None else next(free)
            out[m.id] = Placement(m.id, sid, table)
    return out
