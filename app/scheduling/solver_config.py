"""CP-SAT settings shared by the selection and seating engines.

One search worker, so no thread races: the same model and seed explore the same way. Two
bounds stop the search: deterministic time (`max_deterministic_time`, CP-SAT's own work
count, independent of machine load) and a wall-clock cap. Deterministic time runs several
times slower than the clock on these models (about 0.1 unit per wall second measured for
selection), so:
  * selection passes its limit as both bounds: the wall limit is kept, and the answer is
    reproducible whenever the search ends by proving optimality (`SelectionResult.optimal`);
  * seating's small sub-models are bounded by deterministic time only (the wall cap is a
    distant safety net), so their answers are reproducible even when the limit stops them.
(Interleaved multi-worker search, which is deterministic too, was measured 10-20x slower.)
"""

from __future__ import annotations

from ortools.sat.python import cp_model


def make_solver(time_limit: float, seed: int,
                wall_cap: float | None = None) -> cp_model.CpSolver:
    """Return a single-worker CP-SAT solver bounded by `time_limit` (and `wall_cap` seconds)."""
    solver = cp_model.CpSolver()
    params = solver.parameters
    params.num_workers = 1
    params.random_seed = seed
    params.max_deterministic_time = max(0.001, time_limit)
    params.max_time_in_seconds = max(0.01, time_limit if wall_cap is None else wall_cap)
    params.log_search_progress = False
    return solver


def solved(status: int) -> bool:
    """Tell whether a CP-SAT status carries a usable solution."""
    return status in (cp_model.OPTIMAL, cp_model.FEASIBLE)
