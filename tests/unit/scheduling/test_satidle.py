"""The SAT descent on idle periods: legal schedules, each cheaper, ending at the optimum."""

import time

from hypothesis import HealthCheck, given, settings

from app.scheduling.bounds import idle_lower_bound
from app.scheduling.cpsat import SlotModel, SolverOptions, make_solver
from app.scheduling.greedy import greedy_slots
from app.scheduling.lns import idle_cost
from app.scheduling.model import Meeting
from app.scheduling.satidle import descend, start_descent
from tests.unit.scheduling.helpers import grid, problem, random_problems
from tests.unit.scheduling.test_anneal import _violations

# A meets B, C and D; B meets E. One table in each of four slots: the gap-free order exists
# (be, ab, then A's other two), but a careless one leaves A with a gap.
MEETINGS = [Meeting("ab", "A", "B"), Meeting("ac", "A", "C"), Meeting("ad", "A", "D"),
            Meeting("be", "B", "E")]


def _optimum(pb, meetings, allowed) -> int | None:
    """CP-SAT's proven least idle periods with every meeting placed (None: infeasible)."""
    mod = SlotModel(pb, meetings, allowed, place_all=True)
    total, _ = mod.total_idle()
    mod.m.minimize(total)
    solver = make_solver(0, 20, SolverOptions(workers=1))
    status = solver.solve(mod.m)
    if solver.status_name(status) != "OPTIMAL":
        return None
    return round(solver.objective_value)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(random_problems(per_day=(2, 5), meetings=(1, 12), weights=(1, 1), tables=(1, 3), seed=3))
def test_every_schedule_is_legal_and_cheaper_and_the_last_is_optimal(pb):
    allowed = {m.id: pb.allowed_slots(m) for m in pb.meetings}
    meetings = list(pb.meetings)
    best = _optimum(pb, meetings, allowed)
    if best is None:
        return  # not every meeting fits: the descent is only run on placed meetings
    upper = 10 * len(meetings) + 1
    bound = idle_lower_bound(pb, meetings, allowed)
    costs = []
    proved = False
    for cost, slots, optimal in descend(pb, meetings, allowed, upper, bound.value,
                                        bound.mandatory):
        if cost is None:
            proved = True
            continue
        slot_of = dict(zip([m.id for m in meetings], slots, strict=True))
        assert _violations(pb, slot_of) == []
        assert idle_cost(pb, slot_of) == cost
        assert not costs or cost < costs[-1]
        costs.append(cost)
        proved = optimal
    assert proved
    assert costs and costs[-1] == best


def test_forked_child_sends_the_gap_free_schedule_and_proves_it():
    pb = problem(MEETINGS, participants=tuple("ABCDE"), slots=grid(per_day=4), tables=1)
    allowed = {m.id: pb.allowed_slots(m) for m in MEETINGS}
    gappy = {"ab": "d1s0", "be": "d1s1", "ac": "d1s2", "ad": "d1s3"}
    assert idle_cost(pb, gappy) == 1
    child = start_descent(pb, MEETINGS, allowed, upper=1, floor=0)
    assert child is not None
    try:
        deadline = time.monotonic() + 20
        while not child.done and time.monotonic() < deadline:
            child.poll(0.5)
        assert child.best is not None and child.best[0] == 0 and child.optimal
        assert _violations(pb, child.best[1]) == []
    finally:
        child.stop()


def test_stop_ends_a_child_that_is_still_searching():
    # Many participants meeting everyone: the child is still encoding or solving when stopped.
    people = tuple(f"P{i}" for i in range(14))
    ms = [Meeting(f"m{i}_{j}", a, b) for i, a in enumerate(people) for j, b in
          enumerate(people) if i < j]
    pb = problem(ms, participants=people, slots=grid(days=2, per_day=48, morning=24), tables=7)
    allowed = {m.id: pb.allowed_slots(m) for m in ms}
    start = greedy_slots(pb, allowed)
    child = start_descent(pb, ms, allowed, upper=idle_cost(pb, start) + 1, floor=0)
    assert child is not None
    started = time.monotonic()
    child.stop()
    assert child.done and time.monotonic() - started < 2
