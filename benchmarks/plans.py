"""Print solve times and quality of the selection, seating and itinerary engines.

Synthetic inputs of realistic size (seeded): selection for 80 GB x 80 JP participants with
about 20 scored candidates each; seating of 100 people in 4 rounds at tables of 8 with dense
GB-JP affinity; a 5-day Tokyo/Nagoya/Osaka delegation with 60 candidate visits and an
hour for lunch each day.

    python benchmarks/plans.py [--seed N] [--json FILE]
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from app.scheduling.itinerary import (  # noqa: E402
    Day,
    ItineraryProblem,
    Lunch,
    OpeningWindow,
    Venue,
    Visit,
    check_itinerary,
    plan_itinerary,
)
from app.scheduling.seating import Seat, SeatingProblem, seat_rounds  # noqa: E402
from app.scheduling.selection import (  # noqa: E402
    CandidatePair,
    Participant,
    SelectionProblem,
    select_meetings,
)


def selection_problem(rng: random.Random, per_side: int = 80) -> SelectionProblem:
    roles = ["delegate", "host", "exhibitor", "expert"]
    people = [Participant(f"g{i}", "GB", rng.choice(roles)) for i in range(per_side)] + \
        [Participant(f"j{i}", "JP", rng.choice(roles)) for i in range(per_side)]
    pairs = []
    for g in range(per_side):
        for j in rng.sample(range(per_side), rng.randint(3, 35)):  # uneven popularity
            pairs.append(CandidatePair(f"g{g}", f"j{j}", round(rng.uniform(20, 100), 1),
                                       forced=rng.random() < 0.04))
    return SelectionProblem(tuple(people), tuple(pairs), min_meetings=4, max_meetings=8)


def seating_problem(rng: random.Random) -> SeatingProblem:
    people = tuple(Seat(f"p{i:03d}", "GB" if i < 48 else "JP") for i in range(100))
    affinity = {(a.id, b.id): round(rng.uniform(0, 100), 1)
                for a in people for b in people if a.country == "GB" and b.country == "JP"}
    return SeatingProblem(people, table_size=8, rounds=4, affinity=affinity)


def itinerary_problem(rng: random.Random) -> ItineraryProblem:
    cities = {"tokyo": (35.68, 139.76), "nagoya": (35.17, 136.90), "osaka": (34.69, 135.50)}
    venues = [Venue("hotel-tokyo", lat=35.681, lon=139.767),
              Venue("hotel-osaka", lat=34.733, lon=135.500)]
    schedule = [("d1", "hotel-tokyo", "hotel-tokyo"), ("d2", "hotel-tokyo", "hotel-tokyo"),
                ("d3", "hotel-tokyo", "hotel-osaka"), ("d4", "hotel-osaka", "hotel-osaka"),
                ("d5", "hotel-osaka", "hotel-osaka")]
    visits = []
    for i in range(60):
        lat, lon = cities[rng.choice(list(cities))]
        venues.append(Venue(f"v{i}", lat=lat + rng.uniform(-0.08, 0.08),
                            lon=lon + rng.uniform(-0.08, 0.08)))
        windows = [OpeningWindow(d, rng.choice([540, 600]), rng.choice([720, 1020]))
                   for d, _, _ in schedule if rng.random() < 0.6]
        visits.append(Visit(f"visit{i}", f"host{i}", f"v{i}", rng.choice([60, 90]),
                            tuple(windows or [OpeningWindow("d1", 540, 1020)]),
                            rng.randint(10, 100)))
    days = tuple(Day(d, s, e, 510, 1110, Lunch(690, 840, 60)) for d, s, e in schedule)
    return ItineraryProblem(tuple(visits), tuple(venues), days)


def timed(fn, *args, **kwargs):
    start = time.perf_counter()
    out = fn(*args, **kwargs)
    return out, time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    args = parser.parse_args()
    rows: list[dict] = []

    problem = selection_problem(random.Random(args.seed))
    print(f"selection: {len(problem.participants)} participants, {len(problem.pairs)} "
          f"candidate pairs, min {problem.min_meetings}, max {problem.max_meetings}")
    print("limit_s  wall_s  meetings  below_min  min_count  total_score  optimal")
    for limit in (1.0, 5.0):
        res, wall = timed(select_meetings, problem, time_limit=limit, seed=args.seed)
        row = {"engine": "selection", "limit_s": limit, "wall_s": round(wall, 2),
               "meetings": len(res.pairs), "below_min": len(res.below_minimum),
               "min_count": min(res.counts.values()), "total_score": round(res.total_score),
               "optimal": res.optimal}
        rows.append(row)
        print(f"{limit:7.1f}  {wall:6.2f}  {row['meetings']:8d}  {row['below_min']:9d}  "
              f"{row['min_count']:9d}  {row['total_score']:11d}  {res.optimal}")

    problem_s = seating_problem(random.Random(args.seed))
    print("\nseating: 100 people (48 GB, 52 JP), tables of 8, 4 rounds, dense GB-JP affinity")
    mean = sum(problem_s.affinity.values()) / len(problem_s.affinity)
    first = seat_rounds(problem_s, time_limit=0.01).rounds[0]
    baseline = problem_s.rounds * sum(t.gb * t.jp for t in first.tables) * mean
    print(f"reference: random balanced seating, expected affinity {baseline:.0f}")
    rows.append({"engine": "seating", "random_balanced_expected_affinity": round(baseline)})
    print("limit_s  wall_s  repeated_pairs  affinity  per_round")
    for limit in (0.01, 1.0, 4.0):
        plan, wall = timed(seat_rounds, problem_s, time_limit=limit, seed=args.seed)
        per_round = [round(r.affinity) for r in plan.rounds]
        rows.append({"engine": "seating", "limit_s": limit, "wall_s": round(wall, 2),
                     "repeated_pairs": plan.repeated_pairs, "affinity": round(plan.affinity),
                     "per_round": per_round})
        print(f"{limit:7.2f}  {wall:6.2f}  {plan.repeated_pairs:14d}  {plan.affinity:8.0f}  "
              f"{per_round}")

    problem_i = itinerary_problem(random.Random(args.seed))
    total = sum(v.priority for v in problem_i.visits)
    print(f"\nitinerary: 5 days, 3 cities, {len(problem_i.visits)} candidate visits "
          f"(total priority {total:.0f})")
    print("limit_s  solutions  wall_s  visits  priority  travel_min  checker_issues")
    for limit, solutions in ((2.0, 50), (5.0, 100), (30.0, 500)):
        plan_i, wall = timed(plan_itinerary, problem_i, time_limit=limit,
                             solution_limit=solutions)
        made = sum(len(d.stops) for d in plan_i.days)
        issues = len(check_itinerary(problem_i, plan_i))
        rows.append({"engine": "itinerary", "limit_s": limit, "solution_limit": solutions,
                     "wall_s": round(wall, 2), "visits": made,
                     "priority": plan_i.total_priority, "travel_min": plan_i.travel_minutes,
                     "checker_issues": issues})
        print(f"{limit:7.1f}  {solutions:9d}  {wall:6.2f}  {made:6d}  "
              f"{plan_i.total_priority:8.0f}  {plan_i.travel_minutes:10d}  {issues:14d}")

    if args.json:
        args.json.write_text(json.dumps(rows, indent=2))


if __name__ == "__main__":
    main()
