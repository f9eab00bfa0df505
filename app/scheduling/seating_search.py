"""Search for one round's seating: greedy start, best-swap descent, then CP-SAT re-seating.

A single CP-SAT model over all tables (x[p, t] plus a "together" boolean per weighted pair)
was measured first: at 100 people and 13 tables it did not even improve on the greedy within
10 s. So a round is built in three steps: a greedy seating that keeps the quotas; a descent
that applies the best same-country swap (numpy, exact deltas) until none gains; then a
large-neighbourhood search in which CP-SAT re-seats the members of two tables at once (sizes
and GB quotas kept), which also finds multi-person exchanges. The CP-SAT work is budgeted in
its deterministic time plus a fixed charge per sub-model, so the result is reproducible
(a wall-clock cap of twice the limit is the safety net).
"""

from __future__ import annotations

import itertools
import time
from collections.abc import Mapping, Sequence

import numpy as np
from ortools.sat.python import cp_model

from app.scheduling.solver_config import make_solver, solved

Weights = Mapping[tuple[int, int], int]  # (i, j) with i < j -> integer weight
SUBSOLVE_LIMIT = 0.05  # deterministic seconds for one two-table re-seating
SUBSOLVE_CHARGE = 0.015  # fixed work charged per re-seating for building the model


def greedy_round(countries: Sequence[str], sizes: Sequence[int],
                 bounds: Sequence[tuple[int, int]], weights: Weights) -> list[list[int]]:
    """Seat people in order at the best-scoring table with room for their country."""
    gb_total = sum(c == "GB" for c in countries)
    gb_quota = [lo for lo, _ in bounds]
    spare = gb_total - sum(gb_quota)
    for t, (lo, hi) in enumerate(bounds):
        add = min(spare, hi - lo)
        gb_quota[t] += add
        spare -= add
    room = {"GB": gb_quota, "JP": [m - g for m, g in zip(sizes, gb_quota, strict=True)]}
    tables: list[list[int]] = [[] for _ in sizes]
    for i, country in enumerate(countries):
        best, best_key = -1, None
        for t, members in enumerate(tables):
            if room[country][t] <= 0:
                continue
            gain = sum(weights.get((j, i), 0) for j in members)  # members all precede i
            key = (gain, -len(members), -t)
            if best_key is None or key > best_key:
                best, best_key = t, key
        tables[best].append(i)
        room[country][best] -= 1
    return tables


def table_weight(members: Sequence[int], weights: Weights) -> int:
    """Sum the pair weights inside one table."""
    ordered = sorted(members)
    return sum(weights.get(pair, 0) for pair in itertools.combinations(ordered, 2))


def swap_descent(tables: list[list[int]], countries: Sequence[str], weights: Weights,
                 max_swaps: int = 10_000) -> list[list[int]]:
    """Apply the best same-country swap between tables until no swap raises the score."""
    n = len(countries)
    w = np.zeros((n, n), dtype=np.int64)
    for (i, j), v in weights.items():
        w[i, j] = w[j, i] = v
    table_of = np.empty(n, dtype=np.int64)
    for t, members in enumerate(tables):
        table_of[members] = t
    onehot = np.zeros((n, len(tables)), dtype=np.int64)
    onehot[np.arange(n), table_of] = 1
    s = w @ onehot  # s[i, t] = weight between i and the members of table t
    gb = np.array([c == "GB" for c in countries])
    same_country = gb[:, None] == gb[None, :]
    for _ in range(max_swaps):
        gain_if_moved = s[:, table_of] - s[np.arange(n), table_of][:, None]  # i to j's table
        delta = gain_if_moved + gain_if_moved.T - 2 * w
        allowed = same_country & (table_of[:, None] != table_of[None, :])
        delta = np.where(allowed, delta, 0)
        best = int(np.argmax(delta))
        i, j = divmod(best, n)
        if delta[i, j] <= 0:
            break
        a, b = table_of[i], table_of[j]
        s[:, a] += w[:, j] - w[:, i]
        s[:, b] += w[:, i] - w[:, j]
        table_of[i], table_of[j] = b, a
    return [sorted(np.flatnonzero(table_of == t).tolist()) for t in range(len(tables))]


def _reseat_two(members: list[int], size_a: int, bounds_a: tuple[int, int],
                bounds_b: tuple[int, int], countries: Sequence[str], weights: Weights,
                current_a: set[int], time_limit: float,
                seed: int) -> tuple[list[int], list[int], int, float] | None:
    """Split `members` optimally over two tables; None if the solver found nothing."""
    model = cp_model.CpModel()
    side = {i: model.new_bool_var(f"a{i}") for i in members}  # true = table A
    model.add(sum(side.values()) == size_a)
    gb = [side[i] for i in members if countries[i] == "GB"]
    gb_total = len(gb)
    model.add_linear_constraint(sum(gb), max(bounds_a[0], gb_total - bounds_b[1]),
                                min(bounds_a[1], gb_total - bounds_b[0]))
    terms = []
    ordered = sorted(members)
    for i, j in itertools.combinations(ordered, 2):
        w = weights.get((i, j), 0)
        if not w:
            continue
        together = model.new_bool_var(f"y{i}_{j}")
        if w > 0:  # together -> same side
            model.add_bool_or([~together, ~side[i], side[j]])
            model.add_bool_or([~together, side[i], ~side[j]])
        else:  # same side -> together
            model.add_bool_or([~side[i], ~side[j], together])
            model.add_bool_or([side[i], side[j], together])
        terms.append(w * together)
    model.maximize(sum(terms))
    for i in members:
        model.add_hint(side[i], i in current_a)
    solver = make_solver(time_limit, seed, wall_cap=1.0 + 20 * time_limit)
    status = solver.solve(model)
    if not solved(status):
        return None
    a = [i for i in members if solver.value(side[i])]
    b = [i for i in members if not solver.value(side[i])]
    return a, b, round(solver.objective_value), solver.deterministic_time


def improve_round(tables: list[list[int]], countries: Sequence[str],
                  bounds: Sequence[tuple[int, int]], weights: Weights, work_budget: float,
                  seed: int, wall_deadline: float) -> tuple[list[list[int]], bool]:
    """Re-seat pairs of tables until no pair improves; True when that local optimum is reached."""
    tables = [list(m) for m in tables]
    scores = [table_weight(m, weights) for m in tables]
    spent = 0.0
    # weakest table pairs first: that is where repeats and poor tables are
    pairs = sorted(itertools.combinations(range(len(tables)), 2),
                   key=lambda p: (scores[p[0]] + scores[p[1]], p))
    stale = 0  # pairs tried since the last improvement
    step = 0
    while stale < len(pairs):
        if spent >= work_budget or time.monotonic() >= wall_deadline:
            return tables, False
        ta, tb = pairs[step % len(pairs)]
        step += 1
        members = tables[ta] + tables[tb]
        result = _reseat_two(members, len(tables[ta]), bounds[ta], bounds[tb], countries,
                             weights, set(tables[ta]), SUBSOLVE_LIMIT, seed)
        if result is None:
            spent += SUBSOLVE_CHARGE
            stale += 1
            continue
        a, b, value, work = result
        spent += work + SUBSOLVE_CHARGE
        if value > scores[ta] + scores[tb]:
            tables[ta], tables[tb] = a, b
            scores[ta], scores[tb] = table_weight(a, weights), table_weight(b, weights)
            stale = 0
        else:
            stale += 1
    return tables, True
