"""The lower bound on idle periods: never above a real schedule's cost, exact where it is tight."""

from hypothesis import HealthCheck, given, settings

from app.scheduling.bounds import idle_lower_bound, participant_runs
from app.scheduling.cpsat import SolverOptions
from app.scheduling.meetings import schedule_meetings
from app.scheduling.model import Meeting, SchedulingProblem
from tests.unit.scheduling.helpers import grid, problem, random_problems


def _bound(pb: SchedulingProblem, meetings=None) -> int:
    meetings = list(pb.meetings if meetings is None else meetings)
    allowed = {m.id: pb.allowed_slots(m) for m in meetings}
    return idle_lower_bound(pb, meetings, allowed, work=1.0).value


def test_participant_runs_need_a_run_that_holds_every_meeting():
    # Two meetings: one only in position 0 or 1, the other only in position 3.
    assert participant_runs([[0, 1], [3]], [0, 1, 2, 3]) == []
    assert participant_runs([[1, 2], [2, 3]], [0, 1, 2, 3]) == [(1, 2), (2, 3)]


def test_boundary_shared_by_two_participants_with_one_table_is_exact():
    # Slots s0 s1 (morning) s2 s3 (afternoon), one table. A and B each meet once in the morning
    # and once in the afternoon, so both need s1 and s2; one table serves only one of them.
    # C meets in the morning and in the afternoon but cannot meet in s1: it is always idle.
    meetings = [
        Meeting("ax", "A", "X", window="morning"),
        Meeting("ay", "A", "Y", window="afternoon"),
        Meeting("bz", "B", "Z", window="morning"),
        Meeting("bw", "B", "W", window="afternoon"),
        Meeting("cv", "C", "V", window="morning"),
        Meeting("cu", "C", "U", window="afternoon"),
    ]
    people = ("A", "B", "C", "U", "V", "W", "X", "Y", "Z")
    pb = problem(meetings, participants=people, slots=grid(per_day=6, morning=3), tables=1,
                 forbidden={"C": frozenset({"d1s2"})})
    allowed = {m.id: pb.allowed_slots(m) for m in meetings}
    bound = idle_lower_bound(pb, meetings, allowed)
    assert bound.gapped == {"C"}
    assert bound.mandatory["A"] == bound.mandatory["B"] == {"d1s2", "d1s3"}
    assert bound.value == 2
    schedule = schedule_meetings(pb, SolverOptions(workers=1))
    assert len(schedule.placements) == len(meetings)
    assert schedule.idle_total == 2
    assert schedule.optimal


def test_no_bound_without_idle_pressure():
    meetings = [Meeting("ab", "A", "B"), Meeting("ac", "A", "C")]
    assert _bound(problem(meetings)) == 0


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(random_problems(per_day=(2, 5), meetings=(1, 12), weights=(1, 1), tables=(1, 3), seed=2))
def test_bound_never_exceeds_the_cost_of_a_valid_schedule(pb):
    schedule = schedule_meetings(pb, SolverOptions(workers=1))
    placed = [m for m in pb.meetings if m.id in schedule.placements]
    assert _bound(pb, placed) <= schedule.idle_total
