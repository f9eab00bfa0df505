"""Builders of small scheduling problems for the scheduler's tests."""

from __future__ import annotations

from app.scheduling.model import Meeting, SchedulingProblem, Slot


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
