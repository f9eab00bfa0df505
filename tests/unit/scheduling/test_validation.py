"""Bad input is refused before solving, with an error naming the offending item."""

import pytest

from app.scheduling.errors import SchedulingInputError
from app.scheduling.meetings import schedule_meetings
from app.scheduling.model import Meeting, SchedulingProblem, Slot
from tests.unit.scheduling.helpers import grid, problem

S = grid()


@pytest.mark.parametrize(
    ("meetings", "kwargs", "item"),
    [
        ([Meeting("m1", "A", "Z")], {}, "m1"),
        ([Meeting("m1", "A", "A")], {}, "m1"),
        ([Meeting("m1", "A", "B"), Meeting("m1", "C", "D")], {}, "m1"),
        ([Meeting("m1", "A", "B", weight=0)], {}, "m1"),
        ([Meeting("m1", "A", "B", window="evening")], {}, "m1"),  # type: ignore[arg-type]
        ([Meeting("m1", "A", "B", fixed_slot="nope")], {}, "m1"),
        ([Meeting("m1", "A", "B", locked=True)], {}, "m1"),
        ([Meeting("m1", "A", "B", locked_table=1)], {}, "m1"),
        ([Meeting("m1", "A", "B", fixed_slot="d1s0", locked_table=3)], {}, "m1"),
        (
            [Meeting("m1", "A", "B", fixed_slot="d1s0")],
            {"forbidden": {"B": frozenset({"d1s0"})}},
            "m1",
        ),
        ([Meeting("m1", "A", "B", window="afternoon", fixed_slot="d1s0")], {}, "m1"),
        (
            [
                Meeting("m1", "A", "B", fixed_slot="d1s0"),
                Meeting("m2", "C", "D", fixed_slot="d1s0"),
            ],
            {"tables": 1},
            "d1s0",
        ),
        (
            [
                Meeting("m1", "A", "B", fixed_slot="d1s0"),
                Meeting("m2", "A", "C", fixed_slot="d1s0"),
            ],
            {},
            "m2",
        ),
        (
            [
                Meeting("m1", "A", "B", fixed_slot="d1s0", locked_table=1),
                Meeting("m2", "C", "D", fixed_slot="d1s0", locked_table=1),
            ],
            {},
            "m2",
        ),
        ([Meeting("m1", "A", "B")], {"slots": ()}, "slots"),
        ([Meeting("m1", "A", "B")], {"tables": {"zz": 1}}, "zz"),
        ([Meeting("m1", "A", "B")], {"tables": -1}, "tables"),
        ([Meeting("m1", "A", "B")], {"forbidden": {"A": frozenset({"zz"})}}, "zz"),
        ([Meeting("m1", "A", "B")], {"forbidden": {"Q": frozenset()}}, "Q"),
        ([Meeting("m1", "A", "B")], {"slots": (Slot("x", 1, 0), Slot("x", 1, 1))}, "x"),
        ([Meeting("m1", "A", "B")], {"slots": (Slot("x", 1, 0), Slot("y", 1, 0))}, "y"),
    ],
)
def test_bad_input_raises_naming_the_item(meetings, kwargs, item):
    with pytest.raises(SchedulingInputError) as err:
        schedule_meetings(problem(meetings, **kwargs))
    assert err.value.item == item


def test_duplicate_participant_is_refused():
    bad = SchedulingProblem(("A", "A"), (), S, 1)
    with pytest.raises(SchedulingInputError):
        schedule_meetings(bad)
