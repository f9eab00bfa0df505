"""A cheap lower bound on the idle periods of any schedule that places a given set of meetings.

Two facts about one participant who meets on one day only (each read off its own meetings, their
allowed slots and nothing else):
  * if no run of consecutive slots as long as its number of meetings can hold them all (a
    bipartite matching of meetings to the run's slots), it has at least one idle period;
  * otherwise every idle-free schedule puts it in a run that can hold them, so the slots common to
    all such runs are *mandatory*: a participant free in one of them has an idle period. (A
    participant with morning-only and afternoon-only meetings must, for instance, be busy in the
    last morning and the first afternoon slot.)
The participants that share a mandatory slot compete for its tables: a small CP-SAT model places
meetings in the mandatory slots only (each meeting at most once, one meeting per participant and
slot, tables per slot) and minimises the participants left out of one of their mandatory slots.
Any real schedule is a solution of that model, so its optimum (or CP-SAT's proven bound on it
when the time limit stops the search) plus the participants of the first kind is a lower bound.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field

from ortools.sat.python import cp_model

from app.scheduling.model import Meeting, SchedulingProblem


@dataclass
class IdleBound:
    """`value` bounds the idle periods from below.

    `gapped` are the participants that cannot meet without an idle period, `mandatory` the slots
    each other participant must be busy in to have none, and `contested` the mandatory slots
    whose tables cannot serve everyone who needs them."""

    value: int
    gapped: frozenset[str] = frozenset()
    mandatory: dict[str, frozenset[str]] = field(default_factory=dict)
    contested: frozenset[str] = frozenset()


def _matches(options: list[list[int]], run: set[int]) -> bool:
    """Whether every meeting gets its own slot of `run` (Kuhn's augmenting paths)."""
    owner: dict[int, int] = {}

    def augment(k: int, seen: set[int]) -> bool:
        for s in options[k]:
            if s in run and s not in seen:
                seen.add(s)
                if s not in owner or augment(owner[s], seen):
                    owner[s] = k
                    return True
        return False

    return all(augment(k, set()) for k in sorted(range(len(options)), key=lambda k: len(options[k])))


def participant_runs(options: list[list[int]], positions: list[int]) -> list[tuple[int, int]]:
    """The runs (first, last position) of len(options) consecutive `positions` that can hold one
    meeting each, where options[k] lists the positions meeting k may take."""
    n = len(options)
    union = {s for opt in options for s in opt}
    runs = []
    for i in range(len(positions) - n + 1):
        run = positions[i : i + n]
        if run[-1] - run[0] != n - 1 or not union.issuperset(run):
            continue
        if _matches(options, set(run)):
            runs.append((run[0], run[-1]))
    return runs


def idle_lower_bound(
    problem: SchedulingProblem,
    meetings: list[Meeting],
    allowed: dict[str, list[str]],
    work: float = 2.0,
    seed: int = 0,
) -> IdleBound:
    """A lower bound on the idle periods of every schedule that places all of `meetings` in
    their `allowed` slots (see the module note). `work` caps CP-SAT's deterministic time, so
    the bound does not depend on the machine's load; the wall clock only caps it at 4 × work."""
    order = problem.ordered_slots()
    pos = {s.id: i for i, s in enumerate(order)}
    day_of = [s.day for s in order]
    mine: dict[str, list[Meeting]] = defaultdict(list)
    for m in meetings:
        mine[m.a].append(m)
        mine[m.b].append(m)
    gapped: set[str] = set()
    mandatory: dict[str, frozenset[str]] = {}
    for who, ms in sorted(mine.items()):
        if len(ms) < 2:
            continue
        options = [sorted(pos[s] for s in allowed[m.id]) for m in ms]
        days = {day_of[p] for opt in options for p in opt}
        if len(days) != 1:
            continue  # a participant that may meet on several days is left out of the bound
        day = days.pop()
        positions = [i for i, d in enumerate(day_of) if d == day]
        runs = participant_runs(options, positions)
        if not runs:
            gapped.add(who)
            continue
        first, last = max(r[0] for r in runs), min(r[1] for r in runs)
        if first <= last:
            mandatory[who] = frozenset(order[i].id for i in range(first, last + 1))
    value, contested = _shared_slots(problem, meetings, allowed, mandatory, work, seed)
    return IdleBound(len(gapped) + value, frozenset(gapped), mandatory, contested)


def _shared_slots(
    problem: SchedulingProblem,
    meetings: list[Meeting],
    allowed: dict[str, list[str]],
    mandatory: dict[str, frozenset[str]],
    work: float,
    seed: int,
) -> tuple[int, frozenset[str]]:
    """The coupling bound slot by slot (small, quick models), then over every slot that alone
    leaves someone out, together; the larger count, and those slots."""
    need: dict[str, set[str]] = defaultdict(set)
    for who, slots in mandatory.items():
        for sid in slots:
            need[sid].add(who)
    crowded = sorted(need, key=lambda sid: (-len(need[sid]) / max(1, problem.tables(sid)), sid))
    best, tight = 0, []
    for sid in crowded:
        value = _coupling(problem, meetings, allowed, {w: frozenset([sid]) for w in need[sid]},
                          work / (len(crowded) + 1), seed)
        if value > 0:
            tight.append(sid)
        best = max(best, value)
    if len(tight) > 1:
        joint = {w: frozenset(v & set(tight)) for w, v in mandatory.items() if v & set(tight)}
        best = max(best, _coupling(problem, meetings, allowed, joint, work / 2, seed))
    return best, frozenset(tight)


def _coupling(
    problem: SchedulingProblem,
    meetings: list[Meeting],
    allowed: dict[str, list[str]],
    mandatory: dict[str, frozenset[str]],
    work: float,
    seed: int,
) -> int:
    """Fewest participants left out of a mandatory slot when the mandatory slots' tables are
    shared out (CP-SAT's proven bound on it if the time limit stops the search first)."""
    model = cp_model.CpModel()
    per_meeting: dict[str, list] = defaultdict(list)
    per_slot: dict[str, list] = defaultdict(list)
    busy: dict[tuple[str, str], list] = defaultdict(list)
    for m in meetings:
        for sid in allowed[m.id]:
            if sid in mandatory.get(m.a, ()) or sid in mandatory.get(m.b, ()):
                v = model.new_bool_var("")
                per_meeting[m.id].append(v)
                per_slot[sid].append(v)
                busy[(m.a, sid)].append(v)
                busy[(m.b, sid)].append(v)
    for lits in per_meeting.values():
        model.add_at_most_one(lits)
    for sid, lits in per_slot.items():
        model.add(sum(lits) <= problem.tables(sid))
    for lits in busy.values():
        model.add_at_most_one(lits)
    missed = []
    for who, slots in sorted(mandatory.items()):
        z = model.new_bool_var("")
        for sid in slots:
            model.add(sum(busy.get((who, sid), [])) + z >= 1)
        missed.append(z)
    if not missed:
        return 0
    model.minimize(sum(missed))
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    solver.parameters.random_seed = seed
    solver.parameters.max_deterministic_time = max(0.01, work)
    solver.parameters.max_time_in_seconds = max(0.05, 4 * work)
    status = solver.solve(model)
    if status == cp_model.OPTIMAL:
        return round(solver.objective_value)
    return max(0, math.ceil(solver.best_objective_bound - 1e-6))
