"""Turn a day's ordered visits into times: earliest starts, legs, and the lunch break."""

from __future__ import annotations

from app.scheduling.itinerary_model import (
    Day,
    DayPlan,
    Leg,
    Stop,
    TravelTable,
    Visit,
    earliest_start,
)


def timed_day(day: Day, route: list[Visit], table: TravelTable,
              lunch_slot: int | None) -> DayPlan:
    """Time a day's visits as early as they fit; lunch goes after `lunch_slot` visits.

    Lunch starts at max(free, earliest), where `free` is when the previous visit ends: right
    away (the leg then departs after it), on the way (the leg spans it and takes that much
    longer) or at the next venue before the visit. Each time is no later than in the routing
    solution, whose break sat in the same gap, so the plan stays feasible.
    """
    if not route:
        return DayPlan(day.id, (), ())
    stops: list[Stop] = []
    legs: list[Leg] = []
    lunch: tuple[int, int] | None = None
    here, free = day.start_venue, day.start
    for k, target in enumerate([*route, None]):
        venue = target.venue if target else day.end_venue
        minutes, mode = table.require(here, venue)
        depart, arrive = free, free + minutes
        ready = arrive  # when the next visit could begin
        if lunch_slot == k and day.lunch:
            begin = max(free, day.lunch.earliest)
            lunch = (begin, begin + day.lunch.minutes)
            ready = max(free + minutes, begin) + day.lunch.minutes
            if begin == free:  # eat first, then travel
                depart, arrive = lunch[1], ready
            elif begin < free + minutes:  # on the way: the leg spans the lunch
                arrive = ready
        if target is None:
            legs.append(Leg(here, venue, depart, arrive, minutes, mode))
            break
        start = earliest_start(target, day.id, ready)
        if start is None:  # cannot happen for a solution the routing model accepted
            raise RuntimeError(f"visit {target.id!r} no longer fits on day {day.id!r}")
        if not stops and lunch_slot != 0:  # leave the start venue just in time
            depart = max(day.start, start - minutes)
            arrive = depart + minutes
        legs.append(Leg(here, venue, depart, arrive, minutes, mode))
        end = start + target.duration
        stops.append(Stop(target.id, target.host, venue, arrive, start, end, end))
        here, free = venue, end
    return DayPlan(day.id, tuple(stops), tuple(legs), lunch)
