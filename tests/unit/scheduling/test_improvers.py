"""The idle-period improvers (CP-SAT LNS, swap local search, large-mission path) stay legal."""

import pytest

import app.scheduling.meetings as meetings_module
from app.scheduling.checker import check_schedule
from app.scheduling.cpsat import SlotModel
from app.scheduling.lns import idle_cost, improve_idle
from app.scheduling.meetings import schedule_meetings
from app.scheduling.model import Meeting
from app.scheduling.swaps import improve_by_swaps
from tests.unit.scheduling.helpers import grid, problem

# A meets B and C; D meets E. Two tables per slot, three slots.
MEETINGS = [Meeting("ab", "A", "B"), Meeting("ac", "A", "C"), Meeting("de", "D", "E")]
PEOPLE = ("A", "B", "C", "D", "E")
# A has a gap (slots 0 and 2); trading 'ac' with 'de' closes it.
GAPPY = {"ab": "d1s0", "ac": "d1s2", "de": "d1s1"}


def test_swap_closes_a_gap_when_every_table_is_taken():
    pb = problem(MEETINGS, participants=PEOPLE, slots=grid(per_day=3), tables=1)
    allowed = {m.id: pb.allowed_slots(m) for m in MEETINGS}
    assert idle_cost(pb, GAPPY) == 1
    better = improve_by_swaps(pb, MEETINGS, allowed, GAPPY, seconds=5)
    assert idle_cost(pb, better) == 0
    assert sorted(better.values()) == sorted(GAPPY.values())


def test_lns_never_worsens_and_stays_legal():
    pb = problem(MEETINGS, participants=PEOPLE, slots=grid(per_day=3), tables=1)
    allowed = {m.id: pb.allowed_slots(m) for m in MEETINGS}

    def build(narrowed):
        mod = SlotModel(pb, MEETINGS, narrowed, place_all=True)
        total, _ = mod.total_idle()
        mod.m.minimize(total)
        return mod.m, mod.x, total

    out = improve_idle(pb, MEETINGS, allowed, GAPPY, 5, seed=3, build=build, max_steps=20)
    assert set(out) == set(GAPPY)
    assert idle_cost(pb, out) == 0


@pytest.mark.parametrize("seed", [0, 1])
def test_large_mission_path_is_checked_and_explained(monkeypatch, seed):
    monkeypatch.setattr(meetings_module, "FULL_MODEL_LIMIT", 0)
    people = tuple(f"P{i}" for i in range(10))
    ms = [
        Meeting(f"m{i}{j}", people[i], people[j], weight=1 + (i * j + seed) % 4)
        for i in range(10)
        for j in range(i + 1, 10)
        if (i + j + seed) % 3 == 0
    ]
    pb = problem(ms, participants=people, slots=grid(days=2, per_day=3), tables=2, seed=seed)
    s = schedule_meetings(pb)
    assert check_schedule(pb, s) == []
    assert len(s.placements) <= 12 and s.unplaced
    assert s.status == "GREEDY+SWAPS" and not s.optimal


def test_default_options_reach_the_least_idle_schedule_when_a_gap_is_unavoidable():
    # A's two pinned meetings leave a gap at s1 whatever happens, so the zero-idle search fails
    # and annealing plus CP-SAT's portfolio run; the others must end gap-free around it.
    ms = [Meeting("ab", "A", "B", fixed_slot="d1s0"), Meeting("ac", "A", "C", fixed_slot="d1s2"),
          Meeting("bd", "B", "D"), Meeting("cd", "C", "D"), Meeting("de", "D", "E"),
          Meeting("be", "B", "E")]
    pb = problem(ms, participants=PEOPLE, slots=grid(per_day=4), tables=2, seed=2)
    s = schedule_meetings(pb)
    assert check_schedule(pb, s) == []
    assert len(s.placements) == len(ms) and s.idle_total == 1
