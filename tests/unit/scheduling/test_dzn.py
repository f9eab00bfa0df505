"""The .dzn reader turns the published instance format into a SchedulingProblem."""

from pathlib import Path

import pytest

from app.scheduling.dzn import read_dzn
from app.scheduling.errors import SchedulingInputError

SAMPLE = """% comment
nBusiness = 3;
nMeetings = 3;
nTables = 2;
nTotalSlots = 4;
nMorningSlots = 2;
requested = [|1, 2,1,
|1, 3,2,
|2, 3,3,
|];
forbidden = [{0},
{0,4},
{2..3}];
fixed = [0,3,0];
"""

# Shared data lives beside the checkout (../shared); a worktree sits one level deeper.
_ROOT = Path(__file__).resolve().parents[3]
SHARED = next(
    (
        d / "shared" / "benchmarks" / "b2b-scheduling"
        for d in (_ROOT.parent, _ROOT.parent.parent)
        if (d / "shared" / "benchmarks" / "b2b-scheduling").exists()
    ),
    _ROOT.parent / "shared" / "benchmarks" / "b2b-scheduling",
)


def test_sample_is_read(tmp_path):
    path = tmp_path / "x.dzn"
    path.write_text(SAMPLE)
    pb = read_dzn(path)
    assert pb.participants == ("1", "2", "3")
    assert [m.window for m in pb.meetings] == ["morning", "afternoon", "any"]
    assert pb.meetings[1].fixed_slot == "3"
    assert [s.afternoon for s in pb.slots] == [False, False, True, True]
    assert pb.forbidden == {"2": frozenset({"4"}), "3": frozenset({"2", "3"})}
    assert pb.tables_per_slot == 2


def test_missing_field_is_named(tmp_path):
    path = tmp_path / "x.dzn"
    path.write_text(SAMPLE.replace("nTables = 2;", ""))
    with pytest.raises(SchedulingInputError) as err:
        read_dzn(path)
    assert err.value.item == "nTables"


@pytest.mark.skipif(not SHARED.exists(), reason="shared benchmark data not present")
def test_a_published_instance_is_read():
    pb = read_dzn(SHARED / "tic-12.dzn")
    assert (len(pb.participants), len(pb.meetings), len(pb.slots)) == (42, 125, 8)
