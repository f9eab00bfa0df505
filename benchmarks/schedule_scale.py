"""Schedule a synthetic mission of 1,000 participants and 6,000 requests; print size, cost, time."""

from __future__ import annotations

import argparse
import json
import random
import re
import resource
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from app.scheduling.checker import check_schedule  # noqa: E402
from app.scheduling.meetings import schedule_meetings  # noqa: E402
from app.scheduling.model import Meeting, SchedulingProblem, Slot  # noqa: E402


def synthetic_mission(
    participants: int = 1000,
    meetings: int = 6000,
    days: int = 2,
    slots_per_day: int = 16,
    tables: int = 60,
    seed: int = 42,
    time_limit_s: float = 120.0,
) -> SchedulingProblem:
    """Half UK, half Japanese participants; requests cross sides, with seeded weights,
    half-day windows and a few forbidden slots."""
    rng = random.Random(seed)
    people = tuple(f"{'GB' if i % 2 else 'JP'}{i:04d}" for i in range(participants))
    uk, jp = people[1::2], people[0::2]
    slots = tuple(
        Slot(f"d{d}s{i:02d}", d, i, afternoon=i >= slots_per_day // 2)
        for d in range(1, days + 1)
        for i in range(slots_per_day)
    )
    pairs: set[tuple[str, str]] = set()
    while len(pairs) < meetings:
        pairs.add((rng.choice(uk), rng.choice(jp)))
    windows = ["any"] * 7 + ["morning", "afternoon"] * 1 + ["morning"]
    requests = tuple(
        Meeting(f"r{k:05d}", a, b, weight=rng.randint(1, 5), window=rng.choice(windows))
        for k, (a, b) in enumerate(sorted(pairs))
    )
    forbidden = {
        p: frozenset(rng.sample([s.id for s in slots], rng.randint(1, 4)))
        for p in rng.sample(people, participants // 5)
    }
    return SchedulingProblem(people, requests, slots, tables, forbidden, time_limit_s, seed)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--json", type=Path)
    parser.add_argument("--time-limit", type=float, default=120.0)
    args = parser.parse_args()
    started = time.monotonic()
    problem = synthetic_mission(time_limit_s=args.time_limit)
    schedule = schedule_meetings(problem)
    solve_s = time.monotonic() - started
    violations = check_schedule(problem, schedule)
    seconds = time.monotonic() - started
    capacity = sum(problem.tables(s.id) for s in problem.slots)
    top = sorted((m.weight for m in problem.meetings), reverse=True)[:capacity]
    reasons = Counter(re.sub(r"\b(GB|JP)\d{4}\b", "X", r) for r in schedule.unplaced.values())
    figures = {
        "participants": len(problem.participants),
        "requested": len(problem.meetings),
        "capacity": capacity,
        "placed": len(schedule.placements),
        "unplaced": len(schedule.unplaced),
        "weight_placed": schedule.weight_placed,
        "weight_requested": schedule.weight_requested,
        "weight_bound_top_capacity": sum(top),
        "idle_total": schedule.idle_total,
        "idle_max": schedule.idle_max,
        "status": schedule.status,
        "checker_violations": len(violations),
        "solve_seconds": round(solve_s, 1),
        "seconds": round(seconds, 1),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }
    for key, value in figures.items():
        print(f"{key:<28}{value}")
    print("unplaced reasons (participants shown as X):")
    for reason, n in reasons.most_common(6):
        print(f"  {n:>6}  {reason}")
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2) + "\n")


if __name__ == "__main__":
    main()
