"""Seat roundtable participants at GB/JP-balanced tables over several rounds.

Tables: T = ceil(n / table_size) tables whose sizes differ by at most one (the first
n mod T tables take one more; e.g. 100 people at tables of 8 -> 9 tables of 8 and 4 of 7).
Balance, per table t of size m with GB count g_t (overall: G GB out of n):
  * if the overall counts allow |GB - JP| <= 1 at every table (sum floor(m/2) <= G <=
    sum ceil(m/2)), then floor(m/2) <= g_t <= ceil(m/2);
  * otherwise g_t is G*m/n rounded down or up (each table mirrors the overall ratio).
Objective, round by round: a pair's weight is its affinity minus, for pairs that already sat
together in earlier rounds, a penalty larger than all affinity in the round, so repeats are
minimised first and affinity second. Search (see `seating_search`): a greedy seating that
keeps the quotas, a best-swap descent, then CP-SAT re-seats pairs of tables.
"""

from __future__ import annotations

import math
import time
from collections.abc import Mapping
from dataclasses import dataclass, field

from app.scheduling.errors import SchedulingInputError
from app.scheduling.seating_search import greedy_round, improve_round, swap_descent

COUNTRIES = ("GB", "JP")
AFFINITY_RESOLUTION = 1000  # the largest |affinity| becomes this integer weight


@dataclass(frozen=True)
class Seat:
    id: str
    country: str  # "GB" or "JP"


@dataclass(frozen=True)
class SeatingProblem:
    participants: tuple[Seat, ...]
    table_size: int
    rounds: int = 1
    affinity: Mapping[tuple[str, str], float] = field(default_factory=dict)  # symmetric


@dataclass(frozen=True)
class Table:
    number: int  # 1-based
    members: tuple[str, ...]
    gb: int
    jp: int
    affinity: float  # sum over member pairs


@dataclass(frozen=True)
class RoundSeating:
    number: int  # 1-based
    tables: tuple[Table, ...]
    repeated_pairs: int  # member pairs that already shared a table in an earlier round
    affinity: float
    local_optimum: bool  # no pair of tables can be re-seated for a better score


@dataclass(frozen=True)
class SeatingPlan:
    rounds: tuple[RoundSeating, ...]
    repeated_pairs: int
    affinity: float


def table_sizes(n: int, table_size: int) -> list[int]:
    """Return the table sizes: ceil(n / size) tables, sizes differing by at most one."""
    count = math.ceil(n / table_size)
    base, extra = divmod(n, count)
    return [base + 1 if t < extra else base for t in range(count)]


def gb_bounds(sizes: list[int], gb: int) -> list[tuple[int, int]]:
    """Return per-table (min, max) GB counts following the balance rule in the module doc."""
    n = sum(sizes)
    halves = [(m // 2, (m + 1) // 2) for m in sizes]
    if sum(lo for lo, _ in halves) <= gb <= sum(hi for _, hi in halves):
        return halves
    return [(gb * m // n, -(-gb * m // n)) for m in sizes]


def _validate(problem: SeatingProblem) -> dict[tuple[str, str], float]:
    ids: set[str] = set()
    for p in problem.participants:
        if p.id in ids:
            raise SchedulingInputError(f"duplicate participant {p.id!r}", p.id)
        if p.country not in COUNTRIES:
            raise SchedulingInputError(f"participant {p.id!r} has country {p.country!r}; "
                                       "seating balances GB and JP only", p.id)
        ids.add(p.id)
    if not problem.participants:
        raise SchedulingInputError("no participants to seat", None)
    if problem.table_size < 2:
        raise SchedulingInputError(f"table size {problem.table_size} is below 2",
                                   problem.table_size)
    if problem.rounds < 1:
        raise SchedulingInputError(f"{problem.rounds} rounds requested", problem.rounds)
    pairs: dict[tuple[str, str], float] = {}
    for (a, b), value in problem.affinity.items():
        for side in (a, b):
            if side not in ids:
                raise SchedulingInputError(f"affinity ({a}, {b}) names unknown participant "
                                           f"{side!r}", (a, b))
        if a == b:
            raise SchedulingInputError(f"affinity ({a}, {b}) pairs a participant with itself",
                                       (a, b))
        if not math.isfinite(value):
            raise SchedulingInputError(f"affinity ({a}, {b}) is {value}", (a, b))
        key = (a, b) if a < b else (b, a)
        if key in pairs and pairs[key] != value:
            raise SchedulingInputError(f"affinity ({a}, {b}) differs from ({b}, {a})", (a, b))
        if value:
            pairs[key] = value
    return pairs


def seat_rounds(problem: SeatingProblem, time_limit: float = 4.0,
                seed: int = 0) -> SeatingPlan:
    """Seat everyone once per round at balanced tables, avoiding repeat pairs, then by affinity."""
    affinity = _validate(problem)
    people = problem.participants
    sizes = table_sizes(len(people), problem.table_size)
    bounds = gb_bounds(sizes, sum(p.country == "GB" for p in people))
    index = {p.id: i for i, p in enumerate(people)}
    countries = [p.country for p in people]
    top = max((abs(v) for v in affinity.values()), default=1.0)
    scaled: dict[tuple[int, int], int] = {}
    for (a, b), v in affinity.items():
        i, j = sorted((index[a], index[b]))
        scaled[(i, j)] = round(v * AFFINITY_RESOLUTION / top)
    penalty = sum(abs(v) for v in scaled.values()) + 1
    country = {p.id: p.country for p in people}
    met: dict[tuple[str, str], int] = {}
    wall_deadline = time.monotonic() + 2.0 * time_limit
    rounds: list[RoundSeating] = []
    for r in range(problem.rounds):
        weights = dict(scaled)
        for (a, b), times in met.items():
            i, j = sorted((index[a], index[b]))
            weights[(i, j)] = weights.get((i, j), 0) - penalty * times
        seats = swap_descent(greedy_round(countries, sizes, bounds, weights), countries,
                             weights)
        seats, local_optimum = improve_round(seats, countries, bounds, weights,
                                             time_limit / problem.rounds, seed + r,
                                             wall_deadline)
        groups = [[people[i].id for i in sorted(members)] for members in seats]
        tables: list[Table] = []
        repeats = 0
        for t, members in enumerate(groups):
            pair_keys = [(a, b) if a < b else (b, a)
                         for i, a in enumerate(members) for b in members[i + 1:]]
            repeats += sum(1 for k in pair_keys if k in met)
            gb = sum(country[m] == "GB" for m in members)
            tables.append(Table(t + 1, tuple(members), gb, len(members) - gb,
                                sum(affinity.get(k, 0.0) for k in pair_keys)))
            for k in pair_keys:
                met[k] = met.get(k, 0) + 1
        rounds.append(RoundSeating(r + 1, tuple(tables), repeats,
                                   sum(t.affinity for t in tables), local_optimum))
    return SeatingPlan(tuple(rounds), sum(r.repeated_pairs for r in rounds),
                       sum(r.affinity for r in rounds))
