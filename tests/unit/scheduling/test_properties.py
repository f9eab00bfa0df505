"""Random small instances: every schedule passes the checker and every gap has a reason."""

from hypothesis import HealthCheck, given, settings

from app.scheduling.checker import check_schedule
from app.scheduling.cpsat import SolverOptions
from app.scheduling.meetings import schedule_meetings
from tests.unit.scheduling.helpers import random_problems


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(random_problems())
def test_every_schedule_passes_the_checker(pb):
    schedule = schedule_meetings(pb, SolverOptions(workers=1))
    assert check_schedule(pb, schedule) == []
    assert set(schedule.placements) | set(schedule.unplaced) == {m.id for m in pb.meetings}
    assert all(schedule.unplaced.values())
