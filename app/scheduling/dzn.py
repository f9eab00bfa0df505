"""Read the MiniZinc data files (.dzn) of the published B2B meeting-scheduling instances."""

from __future__ import annotations

import re
from pathlib import Path

from app.scheduling.errors import SchedulingInputError
from app.scheduling.model import Meeting, SchedulingProblem, Slot

_WINDOW = {1: "morning", 2: "afternoon", 3: "any"}
_ASSIGN = re.compile(r"(\w+)\s*=\s*(.*?);", re.S)


def _ints(text: str) -> list[int]:
    return [int(t) for t in re.findall(r"-?\d+", text)]


def _sets(text: str) -> list[set[int]]:
    """Parse `[{1,2}, {}, 3..5]`-style set lists (ranges allowed) into Python sets."""
    out: list[set[int]] = []
    for body in re.findall(r"\{([^}]*)\}", text):
        values: set[int] = set()
        for part in body.split(","):
            part = part.strip()
            if not part:
                continue
            if ".." in part:
                lo, hi = part.split("..")
                values.update(range(int(lo), int(hi) + 1))
            else:
                values.add(int(part))
        out.append(values)
    return out


def read_dzn(path: str | Path, time_limit_s: float = 60.0, seed: int = 0) -> SchedulingProblem:
    """Build a one-day SchedulingProblem from a B2B `.dzn` file (participants "1".."n")."""
    text = re.sub(r"%[^\n]*", "", Path(path).read_text())
    data = {k: v for k, v in _ASSIGN.findall(text)}
    for key in ("nBusiness", "nTables", "nTotalSlots", "nMorningSlots", "requested"):
        if key not in data:
            raise SchedulingInputError(f"{path}: missing {key}", item=key)
    n = int(data["nBusiness"])
    n_slots = int(data["nTotalSlots"])
    morning = int(data["nMorningSlots"])
    slots = tuple(Slot(str(i), 1, i, afternoon=i > morning) for i in range(1, n_slots + 1))
    rows = _ints(data["requested"])
    if len(rows) % 3:
        raise SchedulingInputError(f"{path}: requested is not a list of triples", "requested")
    fixed = _ints(data.get("fixed", "[]"))
    meetings = []
    for k in range(len(rows) // 3):
        a, b, w = rows[3 * k : 3 * k + 3]
        if w not in _WINDOW:
            raise SchedulingInputError(f"{path}: meeting {k + 1} has window code {w}", k + 1)
        slot = fixed[k] if k < len(fixed) and fixed[k] > 0 else None
        meetings.append(
            Meeting(str(k + 1), str(a), str(b), 1, _WINDOW[w], None if slot is None else str(slot))
        )
    forbidden = {}
    for i, banned in enumerate(_sets(data.get("forbidden", "[]")), start=1):
        real = frozenset(str(s) for s in banned if 1 <= s <= n_slots)
        if real:
            forbidden[str(i)] = real
    return SchedulingProblem(
        participants=tuple(str(i) for i in range(1, n + 1)),
        meetings=tuple(meetings),
        slots=slots,
        tables_per_slot=int(data["nTables"]),
        forbidden=forbidden,
        time_limit_s=time_limit_s,
        seed=seed,
    )
