"""Human-readable reasons why a requested meeting was left out of a schedule."""

from __future__ import annotations

from collections import defaultdict

from app.scheduling.model import Meeting, SchedulingProblem, in_window

_HALF = {"any": "", "morning": " in the morning", "afternoon": " in the afternoon"}


def _free_slots(problem: SchedulingProblem, who: str, window: str) -> list[str]:
    banned = problem.forbidden.get(who, frozenset())
    return [
        s.id
        for s in problem.slots
        if in_window(s, window) and s.id not in banned and problem.tables(s.id) > 0
    ]


def explain_unplaced(
    problem: SchedulingProblem, unplaced: list[Meeting], slot_of: dict[str, str]
) -> dict[str, str]:
    """Explain each unplaced meeting from the input and the final placement `slot_of`."""
    by_id = {m.id: m for m in problem.meetings}
    busy: dict[str, set[str]] = defaultdict(set)
    used: dict[str, int] = defaultdict(int)
    for mid, sid in slot_of.items():
        m = by_id[mid]
        busy[m.a].add(sid)
        busy[m.b].add(sid)
        used[sid] += 1
    requests: dict[str, int] = defaultdict(int)
    for m in problem.meetings:
        requests[m.a] += 1
        requests[m.b] += 1
    out: dict[str, str] = {}
    for m in unplaced:
        out[m.id] = _reason(problem, m, busy, used, requests)
    return out


def _reason(
    problem: SchedulingProblem,
    m: Meeting,
    busy: dict[str, set[str]],
    used: dict[str, int],
    requests: dict[str, int],
) -> str:
    half = _HALF[m.window]
    if not any(in_window(s, m.window) for s in problem.slots):
        return f"the event has no slot{half}"
    for who in (m.a, m.b):
        if not _free_slots(problem, who, m.window):
            return f"participant {who} has no free slot{half}"
    common = problem.allowed_slots(m)
    if not common:
        return f"no common free slot{half} for {m.a} and {m.b}"
    for who in (m.a, m.b):
        available = _free_slots(problem, who, "any")
        if requests[who] > len(available):
            return (
                f"participant {who} has more meetings ({requests[who]}) than available "
                f"slots ({len(available)}); heavier meetings took its slots"
            )
    together = [s for s in common if s not in busy[m.a] and s not in busy[m.b]]
    if not together:
        return (
            f"every common free slot{half} of {m.a} and {m.b} is taken by their other "
            "(heavier or more constrained) meetings"
        )
    if all(used[s] >= problem.tables(s) for s in together):
        return f"both parties are free together{half} only in slots already full"
    return "left out by the optimiser in favour of other meetings"  # pragma: no cover
