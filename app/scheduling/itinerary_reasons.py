"""Say why each visit was left out of an itinerary."""

from __future__ import annotations

from app.scheduling.itinerary_model import ItineraryProblem, TravelTable, Visit, earliest_start


def fits_alone(problem: ItineraryProblem, table: TravelTable, visit: Visit, d: int) -> bool:
    """Tell whether the visit alone fits day d, travelling from its start venue and back."""
    day = problem.days[d]
    there = table.leg(day.start_venue, visit.venue)
    back = table.leg(visit.venue, day.end_venue)
    if there is None or back is None:
        return False
    start = earliest_start(visit, day.id, day.start + there[0])
    return start is not None and start + visit.duration + back[0] <= day.end


def explain_left_out(problem: ItineraryProblem, table: TravelTable,
                     routes: list[list[Visit]], made: set[str]) -> list[tuple[str, str]]:
    """Return (visit id, reason) for every visit not in the plan, in input order."""
    day_ids = [day.id for day in problem.days]
    out: list[tuple[str, str]] = []
    for visit in problem.visits:
        if visit.id in made:
            continue
        if visit.venue in table.unlocated:
            out.append((visit.id, f"venue {visit.venue!r} has no travel time to anywhere and "
                                  "no coordinates"))
            continue
        open_days = [d for d, day in enumerate(problem.days)
                     if any(w.day == day.id and w.close - w.open >= visit.duration
                            for w in visit.windows)]
        if not open_days:
            out.append((visit.id, "not open long enough on any day of the itinerary"))
            continue
        feasible = [d for d in open_days if fits_alone(problem, table, visit, d)]
        if not feasible:
            names = ", ".join(day_ids[d] for d in open_days)
            first = problem.days[open_days[0]]
            out.append((visit.id, f"no opening window fits with travel from "
                                  f"{first.start_venue!r} and back within the day "
                                  f"(open on {names})"))
            continue
        chosen = [v for d in feasible for v in routes[d]]
        names = ", ".join(day_ids[d] for d in feasible)
        if not chosen:
            out.append((visit.id, f"fits alone on {names}, but the search stopped (time or "
                                  "solution limit) before placing it"))
        elif all(v.priority >= visit.priority for v in chosen):
            out.append((visit.id, f"lower priority than the visits chosen on {names}"))
        else:
            out.append((visit.id, f"does not fit on {names} around the visits and travel "
                                  "chosen there, which together are worth more"))
    return out
