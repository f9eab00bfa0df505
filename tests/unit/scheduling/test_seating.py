"""Roundtable seating: table sizes, GB/JP balance, affinity, repeat pairs, bad input."""

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.scheduling.errors import SchedulingInputError
from app.scheduling.seating import (
    Seat,
    SeatingProblem,
    gb_bounds,
    seat_rounds,
    table_sizes,
)


def people(n_gb, n_jp):
    return tuple(Seat(f"g{i}", "GB") for i in range(n_gb)) + \
        tuple(Seat(f"j{i}", "JP") for i in range(n_jp))


@pytest.mark.parametrize(("n", "size", "expected"), [
    (100, 8, [8] * 9 + [7] * 4),
    (17, 8, [6, 6, 5]),
    (16, 8, [8, 8]),
    (5, 8, [5]),
    (9, 2, [2, 2, 2, 2, 1]),
])
def test_table_sizes_are_ceil_n_over_size_tables_differing_by_one(n, size, expected):
    assert table_sizes(n, size) == expected


@pytest.mark.parametrize(("sizes", "gb", "expected"), [
    ([8, 8], 8, [(4, 4), (4, 4)]),
    ([8, 7], 7, [(4, 4), (3, 4)]),  # 7 GB of 15: balanced everywhere is possible
    ([8, 8], 7, [(3, 4), (3, 4)]),  # 7 of 16 cannot give 4/4 twice: 3 or 4 GB each
    ([8, 8], 4, [(2, 2), (2, 2)]),  # a quarter GB: each table mirrors the ratio
    ([5, 5], 3, [(1, 2), (1, 2)]),
])
def test_gb_bounds_follow_the_documented_balance_rule(sizes, gb, expected):
    assert gb_bounds(sizes, gb) == expected


def test_seating_puts_high_affinity_pairs_together():
    problem = SeatingProblem(people(2, 2), table_size=2,
                             affinity={("g0", "j1"): 90, ("g1", "j0"): 80, ("g0", "j0"): 10})
    plan = seat_rounds(problem, time_limit=0.5)
    tables = {frozenset(t.members) for t in plan.rounds[0].tables}
    assert tables == {frozenset(("g0", "j1")), frozenset(("g1", "j0"))}
    assert plan.affinity == 170


def test_rounds_avoid_repeat_pairs_when_possible():
    problem = SeatingProblem(people(8, 8), table_size=4, rounds=2,
                             affinity={("g0", "j0"): 100, ("g1", "j1"): 100})
    plan = seat_rounds(problem, time_limit=1.0)
    assert plan.repeated_pairs == 0
    assert plan.rounds[0].affinity == 200  # first round may use both affinities


def test_repeat_pairs_are_counted_when_unavoidable():
    # Two tables of 4 twice: every second-round table holds two pairs from round one.
    plan = seat_rounds(SeatingProblem(people(4, 4), table_size=4, rounds=2), time_limit=0.5)
    assert plan.rounds[1].repeated_pairs == plan.repeated_pairs == 4


def test_same_input_and_seed_give_the_same_seating():
    problem = SeatingProblem(people(6, 6), 4, 3, {("g0", "j0"): 3.0, ("g1", "j2"): 1.5})
    assert seat_rounds(problem, 0.5, seed=3) == seat_rounds(problem, 0.5, seed=3)


@pytest.mark.parametrize(("kwargs", "named"), [
    ({"participants": people(1, 1) + (Seat("g0", "GB"),)}, "g0"),
    ({"participants": (Seat("f0", "FR"),)}, "f0"),
    ({"participants": ()}, "no participants"),
    ({"table_size": 1}, "table size"),
    ({"rounds": 0}, "rounds"),
    ({"affinity": {("g0", "x9"): 1.0}}, "x9"),
    ({"affinity": {("g0", "g0"): 1.0}}, "g0, g0"),
    ({"affinity": {("g0", "j0"): 1.0, ("j0", "g0"): 2.0}}, "differs"),
    ({"affinity": {("g0", "j0"): math.nan}}, "g0, j0"),
])
def test_bad_input_is_rejected_naming_the_item(kwargs, named):
    fields = {"participants": people(2, 2), "table_size": 2, "rounds": 1, "affinity": {}}
    fields.update(kwargs)
    with pytest.raises(SchedulingInputError, match=named):
        seat_rounds(SeatingProblem(**fields), time_limit=0.2)


@st.composite
def instances(draw):
    n_gb, n_jp = draw(st.integers(0, 12)), draw(st.integers(0, 12))
    if n_gb + n_jp == 0:
        n_gb = 1
    group = people(n_gb, n_jp)
    ids = [p.id for p in group]
    affinity = {}
    for i, a in enumerate(ids):
        for b in ids[i + 1:]:
            if draw(st.integers(0, 3)) == 0:
                affinity[(a, b)] = draw(st.floats(-10, 100, allow_nan=False))
    return SeatingProblem(group, draw(st.integers(2, 6)), draw(st.integers(1, 3)), affinity)


@settings(max_examples=20, deadline=None)
@given(instances())
def test_every_round_seats_everyone_once_at_balanced_tables(problem):
    plan = seat_rounds(problem, time_limit=0.3)
    n = len(problem.participants)
    gb_total = sum(p.country == "GB" for p in problem.participants)
    country = {p.id: p.country for p in problem.participants}
    assert len(plan.rounds) == problem.rounds
    for seating in plan.rounds:
        seated = [m for t in seating.tables for m in t.members]
        assert sorted(seated) == sorted(country)
        sizes = [len(t.members) for t in seating.tables]
        assert len(sizes) == math.ceil(n / problem.table_size)
        assert max(sizes) - min(sizes) <= 1 and max(sizes) <= problem.table_size
        half_lo = sum(m // 2 for m in sizes)
        half_hi = sum((m + 1) // 2 for m in sizes)
        for t in seating.tables:
            gb = sum(country[m] == "GB" for m in t.members)
            assert (t.gb, t.jp) == (gb, len(t.members) - gb)
            if half_lo <= gb_total <= half_hi:
                assert abs(gb - t.jp) <= 1
            else:
                share = gb_total * len(t.members) / n
                assert math.floor(share) <= gb <= math.ceil(share)
