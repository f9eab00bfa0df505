"""Choose which meetings happen: everyone's fair share first, then the best-scored pairs.

Model (CP-SAT): one boolean per allowed candidate pair; per participant the count of chosen
pairs is capped by its maximum. Levels `y[p, k]` ("p has at least k meetings", k up to the
minimum) are maximised one level at a time — first as many participants as possible reach
one meeting, then two, ... — each optimum is frozen as a constraint before the next stage;
the last stage maximises the total matcher score. Both-sides-accepted pairs are fixed to 1.

Forced pairs and limits (a documented choice): a forced pair that breaks a meeting rule
raises `SchedulingInputError`; forced pairs beyond a participant's maximum are kept (the
participant's cap becomes its forced count) and reported in `SelectionResult.warnings`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from ortools.sat.python import cp_model

from app.scheduling.errors import SchedulingInputError
from app.scheduling.solver_config import make_solver, solved

SCORE_SCALE = 100  # scores are kept to two decimals inside the integer model


@dataclass(frozen=True)
class Participant:
    id: str
    country: str  # "GB" or "JP"
    role: str = "delegate"


@dataclass(frozen=True)
class CandidatePair:
    a: str
    b: str
    score: float  # matcher score 0-100
    forced: bool = False  # both sides accepted the request: the meeting must happen


@dataclass(frozen=True)
class MeetingRules:
    """Who may meet whom, as unordered allowed pairs; `role_pairs=None` allows any roles."""

    country_pairs: tuple[tuple[str, str], ...] = (("GB", "JP"),)
    role_pairs: tuple[tuple[str, str], ...] | None = None

    def violation(self, p: Participant, q: Participant) -> str | None:
        """Return why p and q may not meet, or None when the rules allow it."""
        if not _pair_in((p.country, q.country), self.country_pairs):
            return f"countries {p.country}-{q.country} may not meet"
        if self.role_pairs is not None and not _pair_in((p.role, q.role), self.role_pairs):
            return f"roles {p.role}-{q.role} may not meet"
        return None


def _pair_in(pair: tuple[str, str], allowed: tuple[tuple[str, str], ...]) -> bool:
    return pair in allowed or (pair[1], pair[0]) in allowed


@dataclass(frozen=True)
class SelectionProblem:
    participants: tuple[Participant, ...]
    pairs: tuple[CandidatePair, ...]
    min_meetings: int = 0
    max_meetings: int = 10
    rules: MeetingRules = MeetingRules()
    max_by_participant: Mapping[str, int] = field(default_factory=dict)  # overrides max


@dataclass(frozen=True)
class Shortfall:
    participant: str
    count: int
    reason: str


@dataclass(frozen=True)
class SelectionResult:
    pairs: tuple[CandidatePair, ...]  # chosen, in input order
    counts: Mapping[str, int]
    below_minimum: tuple[Shortfall, ...]
    excluded: tuple[tuple[CandidatePair, str], ...]  # candidate pairs the rules forbid
    warnings: tuple[str, ...]
    total_score: float
    optimal: bool


def _validate(problem: SelectionProblem) -> dict[str, Participant]:
    people: dict[str, Participant] = {}
    for p in problem.participants:
        if p.id in people:
            raise SchedulingInputError(f"duplicate participant {p.id!r}", p.id)
        people[p.id] = p
    if problem.min_meetings < 0 or problem.max_meetings < problem.min_meetings:
        raise SchedulingInputError(
            f"need 0 <= min_meetings <= max_meetings, got {problem.min_meetings}"
            f" and {problem.max_meetings}", (problem.min_meetings, problem.max_meetings))
    for pid, cap in problem.max_by_participant.items():
        if pid not in people or cap < 0:
            raise SchedulingInputError(f"bad maximum {cap!r} for participant {pid!r}", pid)
    seen: set[frozenset[str]] = set()
    for pair in problem.pairs:
        for side in (pair.a, pair.b):
            if side not in people:
                raise SchedulingInputError(
                    f"pair ({pair.a}, {pair.b}) names unknown participant {side!r}", pair)
        if pair.a == pair.b:
            raise SchedulingInputError(f"pair ({pair.a}, {pair.b}) pairs a participant with "
                                       "itself", pair)
        key = frozenset((pair.a, pair.b))
        if key in seen:
            raise SchedulingInputError(f"duplicate pair ({pair.a}, {pair.b})", pair)
        seen.add(key)
        if not 0 <= pair.score <= 100:
            raise SchedulingInputError(
                f"pair ({pair.a}, {pair.b}) has score {pair.score} outside 0-100", pair)
        if pair.forced:
            why = problem.rules.violation(people[pair.a], people[pair.b])
            if why:
                raise SchedulingInputError(
                    f"accepted pair ({pair.a}, {pair.b}) breaks the rules: {why}", pair)
    return people


def select_meetings(problem: SelectionProblem, time_limit: float = 5.0,
                    seed: int = 0) -> SelectionResult:
    """Pick meetings giving each participant its minimum before anyone gets more, then score."""
    people = _validate(problem)
    allowed: list[CandidatePair] = []
    excluded: list[tuple[CandidatePair, str]] = []
    for pair in problem.pairs:
        why = problem.rules.violation(people[pair.a], people[pair.b])
        if why:
            excluded.append((pair, why))
        else:
            allowed.append(pair)

    forced_count = {pid: 0 for pid in people}
    degree = {pid: 0 for pid in people}
    for pair in allowed:
        for side in (pair.a, pair.b):
            degree[side] += 1
            forced_count[side] += pair.forced
    warnings: list[str] = []
    cap: dict[str, int] = {}
    for pid in people:
        limit = problem.max_by_participant.get(pid, problem.max_meetings)
        if forced_count[pid] > limit:
            warnings.append(f"participant {pid!r} has {forced_count[pid]} accepted meetings, "
                            f"above its maximum of {limit}")
        cap[pid] = max(limit, forced_count[pid])

    model = cp_model.CpModel()
    x = [model.new_bool_var(f"x{i}") for i in range(len(allowed))]
    incident: dict[str, list[cp_model.IntVar]] = {pid: [] for pid in people}
    for var, pair in zip(x, allowed, strict=True):
        incident[pair.a].append(var)
        incident[pair.b].append(var)
        if pair.forced:
            model.add(var == 1)
    for pid, vars_ in incident.items():
        if vars_:
            model.add(sum(vars_) <= cap[pid])

    levels: list[list[cp_model.IntVar]] = []  # levels[k-1] = [y[p, k] for p]
    for pid in people:
        reach = min(problem.min_meetings, cap[pid], degree[pid])
        ys = [model.new_bool_var(f"y_{pid}_{k}") for k in range(1, reach + 1)]
        for k, y in enumerate(ys):
            if k:
                model.add_implication(y, ys[k - 1])
            while len(levels) <= k:
                levels.append([])
            levels[k].append(y)
        if ys:
            model.add(sum(ys) <= sum(incident[pid]))

    picked = [pair.forced for pair in allowed]  # feasible: the caps cover forced pairs
    spent = 0.0  # wall seconds used by earlier stages
    stages = len(levels) + 1
    optimal = True
    for stage in range(stages):
        scoring = stage == len(levels)
        if scoring:
            _fill_by_score(allowed, picked, cap)  # still feasible: levels only rise
            objective = sum(round(p.score * SCORE_SCALE) * v
                            for p, v in zip(allowed, x, strict=True))
        else:
            objective = sum(levels[stage])
        model.maximize(objective)
        model.clear_hints()
        for var, value in zip(x, picked, strict=True):
            model.add_hint(var, value)
        solver = make_solver(max(0.05, (time_limit - spent) / (stages - stage)), seed)
        status = solver.solve(model)
        spent += solver.wall_time
        if not solved(status):  # out of time: keep the last solution, skip this stage's bound
            optimal = False
            continue
        optimal = optimal and status == cp_model.OPTIMAL
        picked = [bool(solver.value(var)) for var in x]
        if not scoring:
            model.add(objective >= round(solver.objective_value))

    chosen = tuple(p for p, on in zip(allowed, picked, strict=True) if on)
    counts = {pid: 0 for pid in people}
    for pair in chosen:
        counts[pair.a] += 1
        counts[pair.b] += 1
    below = _shortfalls(problem, people, allowed, chosen, counts, cap, degree, optimal)
    return SelectionResult(
        pairs=chosen, counts=counts, below_minimum=below, excluded=tuple(excluded),
        warnings=tuple(warnings), total_score=sum(p.score for p in chosen), optimal=optimal)


def _fill_by_score(allowed: list[CandidatePair], picked: list[bool],
                   cap: Mapping[str, int]) -> None:
    """Add the best-scored pairs that still fit both participants' caps (a hint)."""
    load: dict[str, int] = dict.fromkeys(cap, 0)
    for pair, on in zip(allowed, picked, strict=True):
        if on:
            load[pair.a] += 1
            load[pair.b] += 1
    for k in sorted(range(len(allowed)), key=lambda k: -allowed[k].score):
        pair = allowed[k]
        if not picked[k] and load[pair.a] < cap[pair.a] and load[pair.b] < cap[pair.b]:
            picked[k] = True
            load[pair.a] += 1
            load[pair.b] += 1


def _shortfalls(problem: SelectionProblem, people: Mapping[str, Participant],
                allowed: list[CandidatePair], chosen: tuple[CandidatePair, ...],
                counts: Mapping[str, int], cap: Mapping[str, int], degree: Mapping[str, int],
                optimal: bool) -> tuple[Shortfall, ...]:
    """Explain, for each participant left under the minimum, what held it back."""
    chosen_set = set(chosen)
    out: list[Shortfall] = []
    for pid in people:
        n = counts[pid]
        if n >= problem.min_meetings:
            continue
        if cap[pid] < problem.min_meetings:
            reason = f"its own maximum of {cap[pid]} is below the minimum"
        elif degree[pid] < problem.min_meetings:
            reason = (f"only {degree[pid]} allowed candidate pair(s), fewer than the minimum "
                      f"of {problem.min_meetings}")
        else:
            partners = [p.b if p.a == pid else p.a for p in allowed
                        if pid in (p.a, p.b) and p not in chosen_set]
            full = [q for q in partners if counts[q] >= cap[q]]
            if len(full) == len(partners):
                reason = ("every other allowed partner is already at its maximum: "
                          + ", ".join(sorted(full)))
            elif not optimal:
                reason = "the solver stopped at its time limit before proving a fairer choice"
            else:
                reason = ("another meeting would take one from a participant that is at or "
                          "below the minimum itself")
        out.append(Shortfall(pid, n, reason))
    return tuple(out)
