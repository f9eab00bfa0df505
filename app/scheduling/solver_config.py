"""CP-SAT settings shared by the selection and seating engines.

Determinism: one search worker (no thread races) bounded by deterministic time
(`max_deterministic_time`, roughly seconds of work on a typical machine), so the same model and
seed give the same answer. A wall-clock cap of three times the limit stays as a safety net;
only when that cap bites can two runs on the same input differ. (Interleaved multi-worker
search was measured: it was 10-20x slower on these models for the same answers.)
"""

from __future__ import annotations

from ortools.sat.python import cp_model


def make_solver(time_limit: float, seed: int) -> cp_model.CpSolver:
    """Return a CP-SAT solver whose answer depends only on the model, the seed and the limit."""
    solver = cp_model.CpSolver()
    params = solver.parameters
    params.num_workers = 1
    params.random_seed = seed
    params.max_deterministic_time = max(0.01, time_limit)
    params.max_time_in_seconds = max(0.05, 3.0 * time_limit)
    params.log_search_progress = False
    return solver


def solved(status: int) -> bool:
    """Tell whether a CP-SAT status carries a usable solution."""
    return status in (cp_model.OPTIMAL, cp_model.FEASIBLE)
