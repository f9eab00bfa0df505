"""The meeting scheduler keeps every hard rule, explains what it leaves out, and is repeatable."""

import pytest

from app.scheduling.checker import check_schedule
from app.scheduling.cpsat import SolverOptions
from app.scheduling.meetings import assign_tables, schedule_meetings
from app.scheduling.model import Meeting, Slot
from tests.unit.scheduling.helpers import grid, problem


def run(pb, **opts):
    schedule = schedule_meetings(pb, SolverOptions(**opts) if opts else None)
    assert check_schedule(pb, schedule) == []
    return schedule


def test_all_pairs_of_four_fit_without_idle_time():
    people = ("A", "B", "C", "D")
    ms = [Meeting(f"{x}{y}", x, y) for i, x in enumerate(people) for y in people[i + 1 :]]
    pb = problem(ms, slots=grid(per_day=3), tables=2)
    s = run(pb)
    assert len(s.placements) == 6
    assert s.idle_total == 0 and s.optimal and not s.unplaced


def test_participant_is_never_in_two_meetings_at_once():
    ms = [Meeting(f"m{i}", "A", x) for i, x in enumerate("BCD")]
    s = run(problem(ms, slots=grid(per_day=3), tables=3))
    assert len({p.slot_id for p in s.placements.values()}) == 3


@pytest.mark.parametrize("tables", [1, 2, 3])
def test_a_slot_holds_at_most_its_tables(tables):
    people = tuple(f"P{i}" for i in range(8))
    ms = [Meeting(f"m{i}", people[2 * i], people[2 * i + 1]) for i in range(4)]
    pb = problem(ms, participants=people, slots=grid(per_day=1, morning=1), tables=tables)
    s = run(pb)
    assert len(s.placements) == tables
    assert sorted(p.table for p in s.placements.values()) == list(range(1, tables + 1))
    assert len(s.unplaced) == 4 - tables
    assert all("already full" in r for r in s.unplaced.values())


def test_tables_per_slot_can_differ():
    people = tuple(f"P{i}" for i in range(6))
    ms = [Meeting(f"m{i}", people[2 * i], people[2 * i + 1]) for i in range(3)]
    slots = (Slot("a", 1, 0), Slot("b", 1, 1))
    s = run(problem(ms, participants=people, slots=slots, tables={"a": 1, "b": 2}))
    assert len(s.placements) == 3
    assert sum(p.slot_id == "a" for p in s.placements.values()) == 1


@pytest.mark.parametrize(("window", "afternoon"), [("morning", False), ("afternoon", True)])
def test_half_day_windows_are_respected(window, afternoon):
    slots = grid(per_day=4, morning=2)
    ms = [Meeting("m1", "A", "B", window=window), Meeting("m2", "A", "C", window=window)]
    s = run(problem(ms, slots=slots))
    by_id = {sl.id: sl for sl in slots}
    assert all(by_id[p.slot_id].afternoon is afternoon for p in s.placements.values())


def test_forbidden_slots_are_respected():
    slots = grid(per_day=3)
    ms = [Meeting("m1", "A", "B"), Meeting("m2", "B", "C")]
    forbidden = {"B": frozenset({"d1s0", "d1s1"})}
    s = run(problem(ms, slots=slots, forbidden=forbidden))
    assert [p.slot_id for p in s.placements.values()] == ["d1s2"]
    assert "B" in next(iter(s.unplaced.values()))


@pytest.mark.parametrize(
    ("meeting", "forbidden", "phrase"),
    [
        (Meeting("m1", "A", "B", window="morning"), {"A": frozenset({"d1s0", "d1s1"})},
         "A has no free slot in the morning"),
        (Meeting("m1", "A", "B", window="morning"),
         {"A": frozenset({"d1s0"}), "B": frozenset({"d1s1"})},
         "no common free slot in the morning"),
    ],
)
def test_reasons_name_the_cause(meeting, forbidden, phrase):
    s = run(problem([meeting], forbidden=forbidden))
    assert phrase in s.unplaced["m1"]


def test_participant_with_too_many_meetings_is_named():
    ms = [Meeting(f"m{i}", "A", x) for i, x in enumerate("BCD")]
    s = run(problem(ms, slots=grid(per_day=2)))
    assert len(s.placements) == 2
    assert "participant A has more meetings (3) than available slots (2)" in s.unplaced[
        next(iter(s.unplaced))
    ]


def test_heavier_meeting_wins_a_contested_slot():
    ms = [Meeting("light", "A", "B", weight=1), Meeting("heavy", "A", "C", weight=5)]
    s = run(problem(ms, slots=grid(per_day=1, morning=1)))
    assert set(s.placements) == {"heavy"} and s.weight_placed == 5


def test_fixed_and_locked_meetings_stay_where_they_are():
    ms = [
        Meeting("m1", "A", "B", fixed_slot="d1s3", locked_table=2, locked=True),
        Meeting("m2", "A", "C", fixed_slot="d1s0"),
        Meeting("m3", "C", "D", fixed_slot="d1s3"),
    ]
    s = run(problem(ms))
    assert s.placements["m1"].slot_id == "d1s3" and s.placements["m1"].table == 2
    assert s.placements["m2"].slot_id == "d1s0"
    assert s.placements["m3"].table == 1


def test_assign_tables_fills_around_locked_tables():
    ms = [Meeting("m1", "A", "B", fixed_slot="d1s0", locked_table=1), Meeting("m2", "C", "D")]
    pb = problem(ms)
    placed = assign_tables(pb, {"m1": "d1s0", "m2": "d1s0"})
    assert placed["m1"].table == 1 and placed["m2"].table == 2


def test_idle_time_is_removed_when_possible():
    # A meets B, C, D; compact placement must leave A without a gap.
    ms = [Meeting(f"m{x}", "A", x) for x in "BCD"]
    s = run(problem(ms, slots=grid(per_day=6, morning=3), forbidden={"C": frozenset({"d1s1"})}))
    assert s.idle_total == 0 and s.optimal


def test_days_are_separate_for_idle_periods():
    slots = grid(days=2, per_day=2, morning=1)
    ms = [Meeting("m1", "A", "B", fixed_slot="d1s1"), Meeting("m2", "A", "C", fixed_slot="d2s0")]
    s = run(problem(ms, slots=slots))
    assert s.idle_total == 0


def test_unavoidable_idle_period_is_counted():
    slots = grid(per_day=3)
    ms = [Meeting("m1", "A", "B", fixed_slot="d1s0"), Meeting("m2", "A", "C", fixed_slot="d1s2")]
    s = run(problem(ms, slots=slots))
    assert s.idle_total == 1 and s.idle_by_participant["A"] == 1 and s.idle_max == 1


@pytest.mark.parametrize("opts", [{"workers": 1}, {"workers": 2, "interleave": True}])
def test_same_input_and_seed_give_the_same_schedule(opts):
    people = tuple(f"P{i}" for i in range(8))
    ms = [
        Meeting(f"m{i}{j}", people[i], people[j], weight=1 + (i + j) % 3)
        for i in range(8)
        for j in range(i + 1, 8)
        if (i + j) % 2
    ]
    pb = problem(ms, participants=people, slots=grid(per_day=5), tables=3, seed=7)
    first = run(pb, deterministic_time=0.5, lns_steps=3, **opts)
    second = run(pb, deterministic_time=0.5, lns_steps=3, **opts)
    assert first.placements == second.placements and first.unplaced == second.unplaced
