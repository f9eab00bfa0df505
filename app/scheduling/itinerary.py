"""Plan a delegation's multi-day, multi-city visits with OR-Tools routing.

Model: one vehicle per day, starting and ending at that day's venues inside the day window.
Each visit gets one node per day on which one of its windows can hold it; the node is allowed
only on that day's vehicle and its start time (the time-dimension cumul) is restricted to the
union of [open, close - duration] over that day's windows (gaps removed). The nodes of one
visit form a disjunction (at most one is visited) whose drop penalty is the priority (to
hundredths) times a factor larger than any possible total travel, so the solver maximises the
priority made first and only then minimises the arc cost, which is travel minutes. Transit
is service (visit duration) plus travel; slack is waiting. Search: parallel cheapest
insertion, then guided local search bounded by a solution count (reproducible) and a wall
time limit (safety net). A day's lunch is a routing break interval: it may interrupt travel
or waiting, never a visit. Data, validation and travel times: `itinerary_model`.
"""

from __future__ import annotations

from ortools.constraint_solver import pywrapcp, routing_enums_pb2

from app.scheduling.geo import TravelModel
from app.scheduling.itinerary_check import check_itinerary
from app.scheduling.itinerary_model import (
    DAY_MINUTES,
    Day,
    DayPlan,
    ItineraryPlan,
    ItineraryProblem,
    LeftOut,
    Leg,
    Lunch,
    OpeningWindow,
    Stop,
    TravelTable,
    Venue,
    Visit,
    validate,
)
from app.scheduling.itinerary_reasons import explain_left_out
from app.scheduling.itinerary_timing import timed_day

__all__ = ["Day", "DayPlan", "ItineraryPlan", "ItineraryProblem", "Leg", "LeftOut", "Lunch",
           "OpeningWindow", "Stop", "TravelModel", "Venue", "Visit", "check_itinerary",
           "plan_itinerary"]

UNREACHABLE = 10 * DAY_MINUTES  # transit between nodes that can never follow each other


def plan_itinerary(problem: ItineraryProblem, time_limit: float = 5.0,
                   solution_limit: int = 100) -> ItineraryPlan:
    """Choose and order visits per day to make the most priority, then travel the least."""
    validate(problem)
    table = TravelTable(problem)
    candidates: list[tuple[Visit, int]] = []  # (visit, day index) node payloads
    for visit in problem.visits:
        if visit.venue in table.unlocated:
            continue
        for d, day in enumerate(problem.days):
            if any(w.day == day.id and w.close - w.open >= visit.duration
                   for w in visit.windows):
                candidates.append((visit, d))
    # every pair of venues that may follow each other on a day needs a travel time
    minutes: dict[tuple[str, str], int] = {}
    for d, day in enumerate(problem.days):
        venues = {day.start_venue, day.end_venue}
        venues |= {v.venue for v, vd in candidates if vd == d}
        for a in sorted(venues):
            for b in sorted(venues):
                minutes[(a, b)] = table.require(a, b)[0]

    n_days = len(problem.days)
    node_venue = [day.start_venue for day in problem.days] + \
        [day.end_venue for day in problem.days] + [v.venue for v, _ in candidates]
    node_day = list(range(n_days)) * 2 + [d for _, d in candidates]
    node_service = [0] * (2 * n_days) + [v.duration for v, _ in candidates]
    manager = pywrapcp.RoutingIndexManager(len(node_venue), n_days, list(range(n_days)),
                                           list(range(n_days, 2 * n_days)))
    routing = pywrapcp.RoutingModel(manager)

    matrix = [[minutes[(a, b)] if node_day[i] == node_day[j] else UNREACHABLE
               for j, b in enumerate(node_venue)] for i, a in enumerate(node_venue)]

    routing.SetArcCostEvaluatorOfAllVehicles(routing.RegisterTransitMatrix(matrix))
    transit = [[node_service[i] + cost for cost in row] for i, row in enumerate(matrix)]
    routing.AddDimension(routing.RegisterTransitMatrix(transit), DAY_MINUTES, DAY_MINUTES,
                         False, "time")
    time_dim = routing.GetDimensionOrDie("time")
    for d, day in enumerate(problem.days):
        for index in (routing.Start(d), routing.End(d)):
            time_dim.CumulVar(index).SetRange(day.start, day.end)
    travel_bound = sum(day.end - day.start for day in problem.days) + 1
    by_visit: dict[str, list[int]] = {}
    for k, (visit, d) in enumerate(candidates):
        index = manager.NodeToIndex(2 * n_days + k)
        routing.VehicleVar(index).SetValues([-1, d])  # dropped, or on its day
        day_id = problem.days[d].id
        spans = sorted((w.open, w.close - visit.duration) for w in visit.windows
                       if w.day == day_id and w.close - w.open >= visit.duration)
        cumul = time_dim.CumulVar(index)
        cumul.SetRange(spans[0][0], max(hi for _, hi in spans))
        reach = spans[0][1]
        for lo, hi in spans[1:]:
            if lo > reach + 1:
                cumul.RemoveInterval(reach + 1, lo - 1)
            reach = max(reach, hi)
        by_visit.setdefault(visit.id, []).append(index)
    priority = {v.id: v.priority for v in problem.visits}
    for visit_id, indices in by_visit.items():
        penalty = max(1, round(priority[visit_id] * 100)) * travel_bound
        routing.AddDisjunction(indices, penalty, 1)

    lunches: dict[int, pywrapcp.IntervalVar] = {}
    transits_at = [node_service[manager.IndexToNode(i)] for i in range(routing.Size())]
    for d, day in enumerate(problem.days):
        if day.lunch:
            lunches[d] = routing.solver().FixedDurationIntervalVar(
                day.lunch.earliest, day.lunch.latest - day.lunch.minutes, day.lunch.minutes,
                False, f"lunch {day.id}")
            time_dim.SetBreakIntervalsOfVehicle([lunches[d]], d, transits_at)

    params = pywrapcp.DefaultRoutingSearchParameters()
    params.first_solution_strategy = (
        routing_enums_pb2.FirstSolutionStrategy.PARALLEL_CHEAPEST_INSERTION)
    # with one or two nodes guided local search finds no new solution and would idle until
    # the time limit; plain descent ends at once there and is exact at that size
    params.local_search_metaheuristic = (
        routing_enums_pb2.LocalSearchMetaheuristic.GUIDED_LOCAL_SEARCH if len(candidates) > 2
        else routing_enums_pb2.LocalSearchMetaheuristic.GREEDY_DESCENT)
    params.solution_limit = solution_limit
    params.time_limit.FromMilliseconds(max(1, round(time_limit * 1000)))
    solution = routing.SolveWithParameters(params)
    routes: list[list[Visit]] = [[] for _ in problem.days]
    lunch_slots: list[int | None] = [None] * n_days
    if solution is not None:
        intervals = solution.IntervalVarContainer()
        lunch_at = {intervals.Element(i).Var().Name(): intervals.Element(i).StartValue()
                    for i in range(intervals.Size())}
        for d in range(n_days):
            index = solution.Value(routing.NextVar(routing.Start(d)))
            ends: list[int] = []  # the solver's end time of each visit
            while not routing.IsEnd(index):
                visit = candidates[manager.IndexToNode(index) - 2 * n_days][0]
                routes[d].append(visit)
                ends.append(solution.Value(time_dim.CumulVar(index)) + visit.duration)
                index = solution.Value(routing.NextVar(index))
            if d in lunches and routes[d]:
                lunch_start = lunch_at[lunches[d].Name()]
                lunch_slots[d] = sum(end <= lunch_start for end in ends)
    day_plans = tuple(timed_day(problem.days[d], route, table, lunch_slots[d])
                      for d, route in enumerate(routes))
    made = {stop.visit for plan in day_plans for stop in plan.stops}
    left = explain_left_out(problem, table, routes, made)
    return ItineraryPlan(
        days=day_plans, left_out=tuple(LeftOut(v, why) for v, why in left),
        total_priority=sum(v.priority for v in problem.visits if v.id in made),
        travel_minutes=sum(leg.minutes for plan in day_plans for leg in plan.legs))
