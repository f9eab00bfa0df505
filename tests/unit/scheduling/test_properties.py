"""Random small instances: every schedule passes the checker and every gap has a reason."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.scheduling.checker import check_schedule
from app.scheduling.cpsat import SolverOptions
from app.scheduling.meetings import schedule_meetings
from app.scheduling.model import Meeting, SchedulingProblem, Slot

WINDOWS = ("any", "morning", "afternoon")


@st.composite
def problems(draw) -> SchedulingProblem:
    n_people = draw(st.integers(2, 6))
    people = tuple(f"P{i}" for i in range(n_people))
    days = draw(st.integers(1, 2))
    per_day = draw(st.integers(1, 4))
    slots = tuple(
        Slot(f"{d}-{i}", d, i, afternoon=i >= per_day // 2)
        for d in range(days)
        for i in range(per_day)
    )
    pairs = [(a, b) for i, a in enumerate(people) for b in people[i + 1 :]]
    chosen = draw(st.lists(st.sampled_from(pairs), min_size=0, max_size=10))
    meetings = tuple(
        Meeting(
            f"m{k}", a, b, weight=draw(st.integers(1, 3)), window=draw(st.sampled_from(WINDOWS))
        )
        for k, (a, b) in enumerate(chosen)
    )
    forbidden = {
        p: frozenset(draw(st.sets(st.sampled_from([s.id for s in slots]), max_size=2)))
        for p in people
    }
    tables = draw(st.integers(0, 3))
    return SchedulingProblem(people, meetings, slots, tables, forbidden, time_limit_s=1.0, seed=1)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(problems())
def test_every_schedule_passes_the_checker(pb):
    schedule = schedule_meetings(pb, SolverOptions(workers=1))
    assert check_schedule(pb, schedule) == []
    assert set(schedule.placements) | set(schedule.unplaced) == {m.id for m in pb.meetings}
    assert all(schedule.unplaced.values())
