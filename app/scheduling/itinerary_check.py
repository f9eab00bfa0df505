"""Independent check of an itinerary plan against its problem; used by tests and callers."""

from __future__ import annotations

from app.scheduling.itinerary_model import (
    Day,
    DayPlan,
    ItineraryPlan,
    ItineraryProblem,
    TravelTable,
)


def check_itinerary(problem: ItineraryProblem, plan: ItineraryPlan) -> list[str]:
    """List every broken rule: travel legs, opening hours, day windows, repeated or lost visits."""
    problems: list[str] = []
    table = TravelTable(problem)
    visits = {v.id: v for v in problem.visits}
    days = {d.id: d for d in problem.days}
    seen: set[str] = set()
    planned_days: set[str] = set()
    for day_plan in plan.days:
        day = days.get(day_plan.day)
        if day is None or day_plan.day in planned_days:
            problems.append(f"day {day_plan.day!r} is unknown or planned twice")
            continue
        planned_days.add(day.id)
        if not day_plan.stops:
            if day_plan.legs or day_plan.lunch:
                problems.append(f"day {day.id}: legs or lunch without stops")
            continue
        if len(day_plan.legs) != len(day_plan.stops) + 1:
            problems.append(f"day {day.id}: {len(day_plan.legs)} legs for "
                            f"{len(day_plan.stops)} stops")
            continue
        here, clock = day.start_venue, day.start
        for k, leg in enumerate(day_plan.legs):
            stop = day_plan.stops[k] if k < len(day_plan.stops) else None
            target = stop.venue if stop else day.end_venue
            where = f"day {day.id} leg {k + 1} {leg.from_venue}->{leg.to_venue}"
            if (leg.from_venue, leg.to_venue) != (here, target):
                problems.append(f"{where}: should run {here}->{target}")
            need = table.leg(here, target)
            if need is None:
                problems.append(f"{where}: no travel time known")
            elif leg.minutes < need[0]:
                problems.append(f"{where}: {leg.minutes} min, needs {need[0]}")
            moving = leg.arrive - leg.depart - _overlap((leg.depart, leg.arrive), day_plan.lunch)
            if leg.depart < clock or moving < leg.minutes:
                problems.append(f"{where}: departs {leg.depart}, arrives {leg.arrive}, "
                                f"free from {clock}")
            if stop is None:
                if leg.arrive > day.end:
                    problems.append(f"{where}: arrives {leg.arrive} after the day ends "
                                    f"{day.end}")
                break
            visit = visits.get(stop.visit)
            if visit is None:
                problems.append(f"day {day.id}: unknown visit {stop.visit!r}")
                break
            if stop.visit in seen:
                problems.append(f"visit {stop.visit!r} planned twice")
            seen.add(stop.visit)
            if stop.venue != visit.venue or stop.host != visit.host:
                problems.append(f"visit {visit.id!r}: wrong venue or host")
            if not (leg.arrive <= stop.arrival <= stop.start
                    and stop.end == stop.start + visit.duration <= stop.departure):
                problems.append(f"visit {visit.id!r}: times {stop.arrival}/{stop.start}/"
                                f"{stop.end}/{stop.departure} are inconsistent")
            if not any(w.day == day.id and w.open <= stop.start and stop.end <= w.close
                       for w in visit.windows):
                problems.append(f"visit {visit.id!r}: {stop.start}-{stop.end} is outside its "
                                f"opening windows on day {day.id}")
            if _overlap((stop.start, stop.end), day_plan.lunch):
                problems.append(f"visit {visit.id!r} overlaps lunch {day_plan.lunch}")
            here, clock = stop.venue, stop.departure
        problems.extend(_lunch_problems(day, day_plan))
    left = {item.visit for item in plan.left_out}
    for visit_id in visits:
        if (visit_id in seen) == (visit_id in left):
            problems.append(f"visit {visit_id!r} must be either planned or left out, once")
    return problems


def _overlap(span: tuple[int, int], other: tuple[int, int] | None) -> int:
    """Return how many minutes two [start, end) spans share."""
    if other is None:
        return 0
    return max(0, min(span[1], other[1]) - max(span[0], other[0]))


def _lunch_problems(day: Day, day_plan: DayPlan) -> list[str]:
    """Check a planned day's lunch against the day's lunch rule."""
    if day.lunch is None:
        return [f"day {day.id}: lunch planned but none asked for"] if day_plan.lunch else []
    if day_plan.lunch is None:
        return [f"day {day.id}: no lunch"]
    start, end = day_plan.lunch
    if start < day.lunch.earliest or end > day.lunch.latest or end - start < day.lunch.minutes:
        return [f"day {day.id}: lunch {start}-{end} breaks {day.lunch}"]
    return []
