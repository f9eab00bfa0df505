"""Builders of small scheduling problems for the scheduler's tests."""

from __future__ import annotations

from hypothesis import strategies as st

from app.scheduling.model import Meeting, SchedulingProblem, Slot

WINDOWS = ("any", "morning", "afternoon")


def grid(days: int = 1, per_day: int = 4, morning: int = 2) -> tuple[Slot, ...]:
    """Slots d{day}s{index}; the first `morning` of each day are morning slots."""
    return tuple(
        Slot(f"d{d}s{i}", d, i, afternoon=i >= morning)
        for d in range(1, days + 1)
        for i in range(per_day)
    )


def problem(
    meetings: list[Meeting],
    participants: tuple[str, ...] = ("A", "B", "C", "D"),
    slots: tuple[Slot, ...] | None = None,
    tables: dict[str, int] | int = 2,
    forbidden: dict[str, frozenset[str]] | None = None,
    seed: int = 0,
) -> SchedulingProblem:
    """A problem with a 1-second limit, fit for unit tests."""
    return SchedulingProblem(
        participants=participants,
        meetings=tuple(meetings),
        slots=slots if slots is not None else grid(),
        tables_per_slot=tables,
        forbidden=forbidden or {},
        time_limit_s=1.5,
        seed=seed,
    )


@st.composite
def random_problems(draw, per_day=(1, 4), meetings=(0, 10), weights=(1, 3), tables=(0, 3),
                    seed: int = 1) -> SchedulingProblem:
    """Small random instances for property tests: 2-6 participants, 1-2 days of `per_day`
    slots (the second half of each day afternoon), meetings between random pairs with random
    windows and `weights`, up to two forbidden slots per participant, `tables` per slot."""
    n_people = draw(st.integers(2, 6))
    people = tuple(f"P{i}" for i in range(n_people))
    days = draw(st.integers(1, 2))
    slots_per_day = draw(st.integers(*per_day))
    slots = tuple(
        Slot(f"{d}-{i}", d, i, afternoon=i >= slots_per_day // 2)
        for d in range(days)
        for i in range(slots_per_day)
    )
    pairs = [(a, b) for i, a in enumerate(people) for b in people[i + 1 :]]
    chosen = draw(st.lists(st.sampled_from(pairs), min_size=meetings[0], max_size=meetings[1]))
    drawn = tuple(
        Meeting(f"m{k}", a, b, weight=draw(st.integers(*weights)),
                window=draw(st.sampled_from(WINDOWS)))
        for k, (a, b) in enumerate(chosen)
    )
    forbidden = {
        p: frozenset(draw(st.sets(st.sampled_from([s.id for s in slots]), max_size=2)))
        for p in people
    }
    return SchedulingProblem(people, drawn, slots, draw(st.integers(*tables)), forbidden,
                             time_limit_s=1.0, seed=seed)
