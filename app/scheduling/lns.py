"""Large-neighbourhood search on idle periods with the full CP-SAT block model.

Each step keeps most meetings where they are (their slot becomes their only allowed slot), frees
the meetings of a random group of participants or of a random run of slots, and re-solves the
whole block model from the current schedule as a hint. Steps run on one worker with a
deterministic time budget and seeded random choices, so the sequence of steps is reproducible;
only the wall-clock limit decides how many steps run.
"""

from __future__ import annotations

import random
import time
from collections import defaultdict

from ortools.sat.python import cp_model

from app.scheduling.checker import idle_periods
from app.scheduling.model import Meeting, Placement, SchedulingProblem

_DEBUG = False


def idle_cost(problem: SchedulingProblem, slot_of: dict[str, str]) -> int:
    """Total idle periods of a slot assignment."""
    pl = {mid: Placement(mid, sid, 1) for mid, sid in slot_of.items()}
    return sum(idle_periods(problem, pl).values())


def _neighbourhood(
    problem: SchedulingProblem,
    meetings: list[Meeting],
    slot_of: dict[str, str],
    rng: random.Random,
    share: float,
) -> set[str]:
    pl = {mid: Placement(mid, sid, 1) for mid, sid in slot_of.items()}
    idle = idle_periods(problem, pl)
    target = max(2, int(share * len(meetings)))
    movable = [m for m in meetings if m.fixed_slot is None]
    free: set[str] = set()
    if rng.random() < 0.5:
        order = problem.ordered_slots()
        width = max(2, int(share * len(order)))
        first = rng.randrange(0, max(1, len(order) - width + 1))
        window = {s.id for s in order[first : first + width]}
        return {m.id for m in movable if slot_of[m.id] in window}
    of_person: dict[str, list[str]] = defaultdict(list)
    for m in movable:
        of_person[m.a].append(m.id)
        of_person[m.b].append(m.id)
    people = sorted(of_person)
    bad = [p for p in people if idle.get(p, 0) > 0]
    while len(free) < target and people:
        pool = bad if bad and rng.random() < 0.5 else people
        free.update(of_person[rng.choice(pool)])
    return free


def improve_idle(
    problem: SchedulingProblem,
    meetings: list[Meeting],
    allowed: dict[str, list[str]],
    slot_of: dict[str, str],
    seconds: float,
    seed: int,
    build,
    max_steps: int | None = None,
    step_dtime: float = 0.1,
    target: int = 0,
) -> dict[str, str]:
    """Run LNS steps until `seconds` pass (or `max_steps`, or the cost reaches `target`),
    keeping non-worsening schedules;
    `build(allowed)` returns (model, x, objective) over the given allowed slots."""
    rng = random.Random(seed)
    end = time.monotonic() + seconds
    best = dict(slot_of)
    cost = idle_cost(problem, best)
    share = 0.15
    step = 0
    while cost > target and time.monotonic() < end and (max_steps is None or step < max_steps):
        step += 1
        free = _neighbourhood(problem, meetings, best, rng, share)
        narrowed = {m.id: (allowed[m.id] if m.id in free else [best[m.id]]) for m in meetings}
        model, x, objective = build(narrowed)
        model.add(objective <= cost)
        for (mid, sid), v in x.items():
            model.add_hint(v, best[mid] == sid)
        solver = cp_model.CpSolver()
        solver.parameters.num_workers = 1
        solver.parameters.random_seed = rng.randrange(1 << 30)
        solver.parameters.max_deterministic_time = step_dtime
        solver.parameters.max_time_in_seconds = max(0.05, min(end - time.monotonic(),
                                                              10 * step_dtime))
        status = solver.solve(model)
        if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            cand = {mid: sid for (mid, sid), v in x.items() if solver.value(v)}
            new = idle_cost(problem, cand)
            if _DEBUG:
                print("lns", step, len(free), solver.status_name(status), cost, new,
                      round(solver.wall_time, 2), flush=True)
            if new <= cost:
                best, cost = cand, new
            if status == cp_model.OPTIMAL:
                share = min(0.8, share * 1.1)
        else:
            share = max(0.1, share * 0.9)
    return best
