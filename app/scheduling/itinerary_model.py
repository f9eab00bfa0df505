"""Data, validation and travel times for delegation itineraries (see `itinerary`).

Times are whole minutes since local midnight of the day they belong to (0-1440).
Travel between two venues: a given `travel[(a, b)]` (or `travel[(b, a)]` when only that
direction is given) is used as is, with mode "given"; otherwise it is estimated from both
venues' coordinates (see `geo`). Same venue: 0 minutes. A visit whose venue has neither
coordinates nor any given travel time is left out with that reason; any other pair of venues
that could follow each other on a day and has no time is a `SchedulingInputError`.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field

from app.scheduling.errors import SchedulingInputError
from app.scheduling.geo import TravelModel, estimate_minutes, haversine_km

DAY_MINUTES = 1440


@dataclass(frozen=True)
class Venue:
    id: str
    name: str = ""
    lat: float | None = None
    lon: float | None = None


@dataclass(frozen=True)
class OpeningWindow:
    day: str  # a Day.id
    open: int
    close: int


@dataclass(frozen=True)
class Visit:
    id: str
    host: str
    venue: str
    duration: int  # minutes
    windows: tuple[OpeningWindow, ...]
    priority: float  # > 0, e.g. the matcher score


@dataclass(frozen=True)
class Lunch:
    """A break of `minutes` inside [earliest, latest]: at a venue or on the way between two."""

    earliest: int
    latest: int
    minutes: int


@dataclass(frozen=True)
class Day:
    id: str  # e.g. "2026-03-02"
    start_venue: str  # e.g. the hotel
    end_venue: str
    start: int
    end: int
    lunch: Lunch | None = None


@dataclass(frozen=True)
class ItineraryProblem:
    visits: tuple[Visit, ...]
    venues: tuple[Venue, ...]
    days: tuple[Day, ...]
    travel: Mapping[tuple[str, str], float] = field(default_factory=dict)  # minutes
    travel_model: TravelModel = TravelModel()


@dataclass(frozen=True)
class Leg:
    from_venue: str
    to_venue: str
    depart: int
    arrive: int
    minutes: int
    mode: str  # "given", "walk", "car", "train" or "same venue"


@dataclass(frozen=True)
class Stop:
    visit: str
    host: str
    venue: str
    arrival: int
    start: int
    end: int
    departure: int


@dataclass(frozen=True)
class DayPlan:
    day: str
    stops: tuple[Stop, ...]
    legs: tuple[Leg, ...]  # legs[k] leads to stops[k]; the last leg to the end venue
    lunch: tuple[int, int] | None = None  # (start, end); a leg that spans it takes longer


@dataclass(frozen=True)
class LeftOut:
    visit: str
    reason: str


@dataclass(frozen=True)
class ItineraryPlan:
    days: tuple[DayPlan, ...]
    left_out: tuple[LeftOut, ...]
    total_priority: float
    travel_minutes: int


def validate(problem: ItineraryProblem) -> None:
    """Raise SchedulingInputError naming the first malformed venue, day, visit or window."""
    venues: set[str] = set()
    for v in problem.venues:
        if v.id in venues:
            raise SchedulingInputError(f"duplicate venue {v.id!r}", v.id)
        if (v.lat is None) != (v.lon is None):
            raise SchedulingInputError(f"venue {v.id!r} has only one coordinate", v.id)
        venues.add(v.id)
    days: set[str] = set()
    for d in problem.days:
        if d.id in days:
            raise SchedulingInputError(f"duplicate day {d.id!r}", d.id)
        days.add(d.id)
        for venue in (d.start_venue, d.end_venue):
            if venue not in venues:
                raise SchedulingInputError(f"day {d.id!r} uses unknown venue {venue!r}", d.id)
        if not 0 <= d.start < d.end <= DAY_MINUTES:
            raise SchedulingInputError(
                f"day {d.id!r} window {d.start}-{d.end} must satisfy 0 <= start < end <= "
                f"{DAY_MINUTES}", d.id)
        lunch = d.lunch
        if lunch and not (d.start <= lunch.earliest and lunch.latest <= d.end
                          and 0 < lunch.minutes <= lunch.latest - lunch.earliest):
            raise SchedulingInputError(f"day {d.id!r} lunch {lunch} does not fit inside the "
                                       "day window", d.id)
    seen: set[str] = set()
    for visit in problem.visits:
        if visit.id in seen:
            raise SchedulingInputError(f"duplicate visit {visit.id!r}", visit.id)
        seen.add(visit.id)
        if visit.venue not in venues:
            raise SchedulingInputError(
                f"visit {visit.id!r} is at unknown venue {visit.venue!r}", visit.id)
        if visit.duration <= 0 or not visit.priority > 0 or not math.isfinite(visit.priority):
            raise SchedulingInputError(f"visit {visit.id!r} needs a positive duration and "
                                       "priority", visit.id)
        for w in visit.windows:
            if not 0 <= w.open < w.close <= DAY_MINUTES:
                raise SchedulingInputError(
                    f"visit {visit.id!r} has window {w.open}-{w.close} on day {w.day!r}; need "
                    f"0 <= open < close <= {DAY_MINUTES}", visit.id)
        if not any(w.close - w.open >= visit.duration for w in visit.windows):
            raise SchedulingInputError(
                f"visit {visit.id!r} lasts {visit.duration} min, longer than every opening "
                "window", visit.id)
    for (a, b), minutes in problem.travel.items():
        for venue in (a, b):
            if venue not in venues:
                raise SchedulingInputError(f"travel time ({a}, {b}) names unknown venue "
                                           f"{venue!r}", (a, b))
        if not 0 <= minutes < DAY_MINUTES:
            raise SchedulingInputError(f"travel time ({a}, {b}) is {minutes} min", (a, b))


class TravelTable:
    """Resolved travel minutes and modes between venues, given times first, then estimates."""

    def __init__(self, problem: ItineraryProblem) -> None:
        self._given = {k: v for k, v in problem.travel.items()}
        self._venues = {v.id: v for v in problem.venues}
        self._model = problem.travel_model
        mentioned = {venue for pair in self._given for venue in pair}
        self.unlocated = {v.id for v in problem.venues
                          if v.lat is None and v.id not in mentioned}

    def leg(self, a: str, b: str) -> tuple[int, str] | None:
        """Return (minutes, mode) from a to b, or None when nothing says how long it takes."""
        if a == b:
            return 0, "same venue"
        for key in ((a, b), (b, a)):
            if key in self._given:
                return math.ceil(self._given[key]), "given"
        va, vb = self._venues[a], self._venues[b]
        if va.lat is None or vb.lat is None or va.lon is None or vb.lon is None:
            return None
        return estimate_minutes(haversine_km(va.lat, va.lon, vb.lat, vb.lon), self._model)

    def require(self, a: str, b: str) -> tuple[int, str]:
        """Return (minutes, mode) from a to b or raise SchedulingInputError naming the pair."""
        found = self.leg(a, b)
        if found is None:
            raise SchedulingInputError(
                f"no travel time between venues {a!r} and {b!r} and no coordinates for both",
                (a, b))
        return found


def earliest_start(visit: Visit, day: str, arrival: int) -> int | None:
    """Return the earliest start at or after `arrival` inside one of the visit's windows."""
    starts = [max(arrival, w.open) for w in visit.windows
              if w.day == day and max(arrival, w.open) + visit.duration <= w.close]
    return min(starts, default=None)
