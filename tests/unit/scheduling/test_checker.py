"""The checker catches each broken rule and each misstated cost on hand-made schedules."""

from dataclasses import replace

import pytest

from app.scheduling.checker import check_schedule, idle_periods
from app.scheduling.model import Meeting, Placement, Schedule
from tests.unit.scheduling.helpers import grid, problem

MEETINGS = [
    Meeting("m1", "A", "B", window="morning"),
    Meeting("m2", "A", "C", fixed_slot="d1s3", locked_table=2),
    Meeting("m3", "C", "D"),
]
PB = problem(MEETINGS, forbidden={"D": frozenset({"d1s0"})})


def schedule(placements: dict[str, tuple[str, int]], unplaced=None) -> Schedule:
    pl = {k: Placement(k, s, t) for k, s, t in ((k, *v) for k, v in placements.items())}
    idle = idle_periods(PB, pl)
    return Schedule(
        placements=pl,
        unplaced=unplaced or {},
        weight_placed=len(pl),
        weight_requested=3,
        idle_total=sum(idle.values()),
        idle_by_participant=idle,
        status="TEST",
        optimal=False,
    )


GOOD = {"m1": ("d1s0", 1), "m2": ("d1s3", 2), "m3": ("d1s1", 1)}


def test_a_legal_schedule_passes():
    assert check_schedule(PB, schedule(GOOD)) == []


@pytest.mark.parametrize(
    ("change", "rule"),
    [
        ({"m3": ("d1s3", 1)}, "double-booked"),
        ({"m3": ("d1s0", 1)}, "table-twice"),
        ({"m3": ("d1s0", 3)}, "table-range"),
        ({"m1": ("d1s2", 1)}, "window"),
        ({"m3": ("d1s0", 2)}, "forbidden"),
        ({"m2": ("d1s2", 2)}, "fixed-moved"),
        ({"m2": ("d1s3", 1)}, "table-moved"),
        ({"m3": ("zz", 1)}, "unknown-slot"),
    ],
)
def test_each_broken_rule_is_reported(change, rule):
    rules = {v.rule for v in check_schedule(PB, schedule({**GOOD, **change}))}
    assert rule in rules


def test_capacity_is_checked_independently_of_tables():
    pb = problem(MEETINGS, tables={"d1s0": 1, "d1s1": 0, "d1s2": 1, "d1s3": 2})
    rules = {v.rule for v in check_schedule(pb, schedule(GOOD))}
    assert {"capacity", "table-range"} <= rules


def test_unplaced_meeting_needs_a_reason_and_fixed_ones_must_be_placed():
    sched = schedule({"m1": ("d1s0", 1)}, unplaced={"m3": ""})
    rules = [v.rule for v in check_schedule(PB, sched)]
    assert "no-reason" in rules and "fixed-dropped" in rules


def test_misstated_cost_is_reported():
    sched = replace(schedule(GOOD), idle_total=5, weight_placed=1)
    rules = {v.rule for v in check_schedule(PB, sched)}
    assert {"cost", "weight"} <= rules


@pytest.mark.parametrize(
    ("slots", "idle"),
    [(["d1s0", "d1s1"], 0), (["d1s0", "d1s2"], 1), (["d1s0", "d1s3"], 1), (["d1s1", "d1s3"], 1)],
)
def test_idle_periods_count_runs_of_free_slots(slots, idle):
    ms = [Meeting("x", "A", "B"), Meeting("y", "A", "C")]
    pb = problem(ms, slots=grid(per_day=4))
    pl = {mid: Placement(mid, s, 1) for mid, s in zip(("x", "y"), slots, strict=True)}
    assert idle_periods(pb, pl)["A"] == idle


def test_two_runs_of_free_slots_are_two_idle_periods():
    ms = [Meeting(f"m{i}", "A", p) for i, p in enumerate("BCD")]
    pb = problem(ms, slots=grid(per_day=5))
    pl = {f"m{i}": Placement(f"m{i}", f"d1s{s}", 1) for i, s in enumerate((0, 2, 4))}
    assert idle_periods(pb, pl)["A"] == 2
