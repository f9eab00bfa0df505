"""Itineraries: travel estimates, windows per day, priority, reasons, bad input, checker."""

import dataclasses

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.scheduling.errors import SchedulingInputError
from app.scheduling.geo import TravelModel, estimate_minutes, haversine_km
from app.scheduling.itinerary import (
    Day,
    ItineraryProblem,
    Lunch,
    OpeningWindow,
    Venue,
    Visit,
    check_itinerary,
    plan_itinerary,
)

H9, H12, H13, H17, H18 = 540, 720, 780, 1020, 1080
HOTEL = Venue("hotel", lat=35.6812, lon=139.7671)  # Tokyo station
NEAR = Venue("near", lat=35.6900, lon=139.7000)  # about 6 km west
FAR = Venue("far", lat=35.7000, lon=139.6000)  # about 15 km west
OSAKA = Venue("osaka", lat=34.7334, lon=135.5002)  # Shin-Osaka
VENUES = (HOTEL, NEAR, FAR, OSAKA)


def day(day_id="d1", start=H9, end=H18, venue="hotel"):
    return Day(day_id, venue, venue, start, end)


def visit(visit_id, venue="near", duration=60, priority=10.0, windows=None):
    windows = windows or (OpeningWindow("d1", H9, H17),)
    return Visit(visit_id, f"host-{visit_id}", venue, duration, tuple(windows), priority)


def plan(visits, days=(None,), venues=VENUES, travel=None, **kwargs):
    days = tuple(d or day() for d in days)
    problem = ItineraryProblem(tuple(visits), tuple(venues), days, travel or {}, **kwargs)
    result = plan_itinerary(problem, time_limit=1.0, solution_limit=50)
    assert check_itinerary(problem, result) == []
    return problem, result


def stops(result):
    return {d.day: [s.visit for s in d.stops] for d in result.days}


def test_haversine_tokyo_to_shin_osaka_is_about_400_km():
    assert 395 < haversine_km(HOTEL.lat, HOTEL.lon, OSAKA.lat, OSAKA.lon) < 405


@pytest.mark.parametrize(("km", "model", "minutes", "mode"), [
    (0.1, TravelModel(), 10, "walk"),  # the minimum transfer time
    (0.9, TravelModel(), 16, "walk"),
    (5.0, TravelModel(), 22, "car"),
    (400.0, TravelModel(), 218, "train"),
    (5.0, TravelModel(mode="walk"), 87, "walk"),
    (5.0, TravelModel(min_transfer_minutes=30), 30, "car"),
])
def test_travel_estimate_by_distance_and_mode(km, model, minutes, mode):
    assert estimate_minutes(km, model) == (minutes, mode)


def test_single_visit_is_timed_with_travel_both_ways():
    _, result = plan([visit("a", windows=[OpeningWindow("d1", 600, 700)])])
    (d,) = result.days
    (s,) = d.stops
    assert (s.start, s.end) == (600, 660)
    assert [leg.mode for leg in d.legs] == ["car", "car"]
    assert d.legs[0].arrive <= 600 and d.legs[1].depart == 660


def test_visit_is_placed_on_the_only_day_it_is_open():
    v = visit("a", windows=[OpeningWindow("d2", H13, H17)])
    _, result = plan([v], days=(day("d1"), day("d2")))
    assert stops(result) == {"d1": [], "d2": ["a"]}


def test_second_window_of_the_day_is_used_when_the_first_is_too_short():
    v = visit("a", duration=120, windows=[OpeningWindow("d1", H9, 600),
                                          OpeningWindow("d1", 840, H17)])
    _, result = plan([v])
    assert result.days[0].stops[0].start == 840


def test_higher_priority_wins_a_clash_and_the_loser_is_explained():
    clash = [OpeningWindow("d1", 600, 700)]
    _, result = plan([visit("low", "near", priority=5, windows=clash),
                      visit("high", "far", priority=50, windows=clash)])
    assert stops(result) == {"d1": ["high"]}
    assert result.left_out[0].visit == "low"
    assert "lower priority" in result.left_out[0].reason


def test_order_minimises_travel_when_all_visits_fit():
    travel = {("hotel", "near"): 10, ("hotel", "far"): 30, ("near", "far"): 20}
    _, result = plan([visit("f", "far"), visit("n", "near")], travel=travel)
    assert result.travel_minutes == 60  # hotel-near-far-hotel (or reverse) = 10 + 20 + 30
    assert {leg.mode for leg in result.days[0].legs} == {"given"}


def test_visits_follow_the_delegation_between_cities():
    both_days = [OpeningWindow("d1", H9, H17), OpeningWindow("d2", H9, H17)]
    days = (Day("d1", "hotel", "osaka", H9, H18), Day("d2", "osaka", "osaka", H9, H18))
    _, result = plan([visit("tokyo-lab", "near", windows=both_days),
                      visit("osaka-fab", "osaka", windows=both_days)], days=days)
    assert stops(result) == {"d1": ["tokyo-lab"], "d2": ["osaka-fab"]}
    assert result.days[0].legs[-1].mode == "train"


LUNCH = Lunch(720, 840, 60)


def test_lunch_fits_between_visits_without_touching_them():
    days = (Day("d1", "hotel", "hotel", H9, H18, LUNCH),)
    _, result = plan([visit("a", "near", 120, windows=[OpeningWindow("d1", H9, H17)]),
                      visit("b", "far", 120, windows=[OpeningWindow("d1", H9, H17)])],
                     days=days)
    (d,) = result.days
    assert len(d.stops) == 2
    start, end = d.lunch
    assert 720 <= start and end <= 840 and end - start == 60


def test_a_visit_that_would_swallow_lunch_is_left_out():
    swallow = visit("long", duration=150, windows=[OpeningWindow("d1", 690, 840)])
    _, without = plan([swallow])
    _, with_lunch = plan([swallow], days=(Day("d1", "hotel", "hotel", H9, H18, LUNCH),))
    assert stops(without) == {"d1": ["long"]}
    assert stops(with_lunch) == {"d1": []}
    assert with_lunch.days[0].lunch is None  # nothing planned that day


def test_same_input_gives_the_same_plan():
    visits = [visit(f"v{i}", ("near", "far")[i % 2], 60, 10 + i) for i in range(6)]
    problem = ItineraryProblem(tuple(visits), VENUES, (day(),))
    assert plan_itinerary(problem, 2.0, 30) == plan_itinerary(problem, 2.0, 30)


@pytest.mark.parametrize(("v", "venues", "reason"), [
    (visit("a", windows=[OpeningWindow("d9", H9, H17)]), VENUES, "not open"),
    (visit("a", "osaka", windows=[OpeningWindow("d1", H9, 660)]), VENUES, "with travel"),
    (visit("a", "nowhere"), VENUES + (Venue("nowhere"),), "no coordinates"),
])
def test_left_out_visits_carry_a_reason(v, venues, reason):
    _, result = plan([v], venues=venues)
    assert result.left_out[0].visit == "a"
    assert reason in result.left_out[0].reason


@pytest.mark.parametrize(("change", "named"), [
    ({"venues": (HOTEL, FAR, Venue("near")), "travel": {("near", "far"): 9}},
     "'hotel' and 'near'"),
    ({"visits": (visit("a", "mars"),)}, "mars"),
    ({"days": (Day("d1", "moon", "hotel", H9, H18),)}, "moon"),
    ({"days": (day(start=H18, end=H9),)}, "d1"),
    ({"visits": (visit("a", duration=600),)}, "'a'"),
    ({"visits": (visit("a"), visit("a"))}, "'a'"),
    ({"visits": (visit("a", priority=0),)}, "'a'"),
    ({"visits": (visit("a", windows=[OpeningWindow("d1", 700, 600)]),)}, "'a'"),
    ({"travel": {("hotel", "pluto"): 5}}, "pluto"),
    ({"travel": {("hotel", "near"): -5}}, "hotel, near"),
    ({"travel": {("hotel", "near"): float("nan")}}, "hotel, near"),
    ({"days": (Day("d1", "hotel", "hotel", H9, H18, Lunch(500, 600, 30)),)}, "lunch"),
    ({"days": (Day("d1", "hotel", "hotel", H9, H18, Lunch(720, 740, 30)),)}, "lunch"),
])
def test_bad_input_is_rejected_before_solving(change, named):
    fields = {"visits": (visit("a"),), "venues": VENUES, "days": (day(),), "travel": {}}
    fields.update(change)
    with pytest.raises(SchedulingInputError, match=named):
        plan_itinerary(ItineraryProblem(**fields), time_limit=0.5)


def test_one_given_direction_serves_both_ways():
    venues = (Venue("hotel"), Venue("near"))
    _, result = plan([visit("a")], venues=venues, travel={("hotel", "near"): 25})
    assert [leg.minutes for leg in result.days[0].legs] == [25, 25]


@pytest.mark.parametrize("breakage", ["short leg", "outside window", "visit twice",
                                      "late home", "lost visit", "lunch on a visit",
                                      "no lunch"])
def test_checker_reports_broken_plans(breakage):
    days = (Day("d1", "hotel", "hotel", H9, H18, Lunch(600, 840, 30)),)
    problem, result = plan([visit("a", windows=[OpeningWindow("d1", 600, 700)])], days=days)
    d = result.days[0]
    s = d.stops[0]
    if breakage == "short leg":
        legs = (dataclasses.replace(d.legs[0], minutes=1),) + d.legs[1:]
        d = dataclasses.replace(d, legs=legs)
    elif breakage == "outside window":
        d = dataclasses.replace(d, stops=(dataclasses.replace(s, start=650, end=710,
                                                              departure=710),))
    elif breakage == "visit twice":
        d = dataclasses.replace(d, stops=(s, s), legs=(d.legs[0], d.legs[1], d.legs[1]))
    elif breakage == "late home":
        d = dataclasses.replace(d, legs=(d.legs[0], dataclasses.replace(
            d.legs[1], depart=H18, arrive=H18 + d.legs[1].minutes)))
    elif breakage == "lunch on a visit":
        d = dataclasses.replace(d, lunch=(s.start, s.start + 30))
    elif breakage == "no lunch":
        d = dataclasses.replace(d, lunch=None)
    else:
        d = dataclasses.replace(d, stops=(), legs=())
    assert check_itinerary(problem, dataclasses.replace(result, days=(d,))) != []


@st.composite
def instances(draw):
    n_days = draw(st.integers(1, 2))
    lunches = st.one_of(st.none(), st.builds(Lunch, st.sampled_from([660, 720]),
                                             st.sampled_from([810, 870]),
                                             st.sampled_from([30, 60])))
    days = tuple(Day(f"d{k}", "hotel", "hotel", draw(st.sampled_from([H9, 600])),
                     draw(st.sampled_from([H17, H18])), draw(lunches)) for k in range(n_days))
    venues = [HOTEL]
    visits = []
    for i in range(draw(st.integers(1, 6))):
        venues.append(Venue(f"v{i}", lat=35.68 + draw(st.floats(-0.1, 0.1)),
                            lon=139.76 + draw(st.floats(-0.1, 0.1))))
        windows = []
        for k in range(n_days):
            if draw(st.booleans()):
                start = draw(st.integers(H9, H17 - 60))
                windows.append(OpeningWindow(f"d{k}", start,
                                             draw(st.integers(start + 60, H18))))
        windows = windows or [OpeningWindow("d0", H9, H17)]
        visits.append(Visit(f"x{i}", f"h{i}", f"v{i}", draw(st.sampled_from([30, 60])),
                            tuple(windows), draw(st.integers(1, 100))))
    return ItineraryProblem(tuple(visits), tuple(venues), days)


@settings(max_examples=40, deadline=None)
@given(instances())
def test_plans_never_break_travel_opening_hours_day_windows_or_lunch(problem):
    result = plan_itinerary(problem, time_limit=0.5, solution_limit=20)
    assert check_itinerary(problem, result) == []
