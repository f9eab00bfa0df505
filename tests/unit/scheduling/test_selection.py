"""Meeting selection: rules, forced pairs, limits, fairness before score, bad input."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.scheduling.errors import SchedulingInputError
from app.scheduling.selection import (
    CandidatePair,
    MeetingRules,
    Participant,
    SelectionProblem,
    select_meetings,
)

GB_DELEGATE = Participant("g1", "GB", "delegate")
GB_HOST = Participant("g2", "GB", "host")
JP_DELEGATE = Participant("j1", "JP", "delegate")
JP_HOST = Participant("j2", "JP", "host")
PEOPLE = (GB_DELEGATE, GB_HOST, JP_DELEGATE, JP_HOST)


def solve(pairs, people=PEOPLE, **kwargs):
    problem = SelectionProblem(tuple(people), tuple(pairs), **kwargs)
    return select_meetings(problem, time_limit=1.0)


def chosen(result):
    return {frozenset((p.a, p.b)) for p in result.pairs}


@pytest.mark.parametrize(("a", "b", "rules", "allowed"), [
    ("g1", "j1", MeetingRules(), True),
    ("g1", "g2", MeetingRules(), False),
    ("j1", "j2", MeetingRules(), False),
    ("g1", "g2", MeetingRules(country_pairs=(("GB", "JP"), ("GB", "GB"))), True),
    ("g1", "j2", MeetingRules(role_pairs=(("delegate", "host"),)), True),
    ("j1", "g2", MeetingRules(role_pairs=(("host", "delegate"),)), True),
    ("g1", "j1", MeetingRules(role_pairs=(("delegate", "host"),)), False),
])
def test_rules_decide_which_pairs_can_be_chosen(a, b, rules, allowed):
    result = solve([CandidatePair(a, b, 50)], rules=rules)
    assert (frozenset((a, b)) in chosen(result)) is allowed
    assert bool(result.excluded) is not allowed


def test_forced_pair_is_chosen_even_when_it_costs_score():
    pairs = [CandidatePair("g1", "j1", 5, forced=True), CandidatePair("g1", "j2", 99)]
    result = solve(pairs, max_meetings=1)
    assert chosen(result) == {frozenset(("g1", "j1"))}


def test_forced_pair_breaking_a_rule_is_rejected_by_name():
    with pytest.raises(SchedulingInputError, match=r"\(g1, g2\)") as err:
        solve([CandidatePair("g1", "g2", 50, forced=True)])
    assert err.value.item == CandidatePair("g1", "g2", 50, forced=True)


def test_forced_pairs_beyond_the_maximum_are_kept_with_a_warning():
    pairs = [CandidatePair("g1", "j1", 50, forced=True), CandidatePair("g1", "j2", 50, True),
             CandidatePair("g2", "j1", 90)]
    result = solve(pairs, max_meetings=1)
    assert result.counts["g1"] == 2
    assert any("'g1'" in w for w in result.warnings)
    assert frozenset(("g2", "j1")) not in chosen(result)  # j1 is full with its forced one


def test_maximum_per_participant_and_override_are_respected():
    pairs = [CandidatePair(g, j, 50) for g in ("g1", "g2") for j in ("j1", "j2")]
    result = solve(pairs, max_meetings=2, max_by_participant={"j1": 0})
    assert result.counts["j1"] == 0
    assert result.counts["j2"] == 2


def test_everyone_reaches_the_minimum_before_the_best_scores():
    # Score alone would give g1 its 95 with j1 and leave g2 with nothing.
    pairs = [CandidatePair("g1", "j1", 95), CandidatePair("g1", "j2", 50),
             CandidatePair("g2", "j1", 10)]
    result = solve(pairs, min_meetings=1, max_meetings=1)
    assert chosen(result) == {frozenset(("g1", "j2")), frozenset(("g2", "j1"))}
    assert result.below_minimum == ()


def test_second_meetings_wait_until_everyone_has_a_first():
    # j1 can take one meeting and is g2's only candidate. Score (and even the sum of
    # min(count, 2)) is as good when g1 takes j1 as a second meeting; the levels are not.
    people = [Participant("g1", "GB"), Participant("g2", "GB"), Participant("j1", "JP"),
              Participant("j2", "JP")]
    pairs = [CandidatePair("g1", "j1", 99), CandidatePair("g1", "j2", 98),
             CandidatePair("g2", "j1", 1)]
    result = solve(pairs, people, min_meetings=2, max_meetings=2,
                   max_by_participant={"j1": 1})
    assert chosen(result) == {frozenset(("g1", "j2")), frozenset(("g2", "j1"))}


def test_shortfall_names_the_lack_of_candidates():
    result = solve([CandidatePair("g1", "j1", 50)], min_meetings=2)
    reasons = {s.participant: s.reason for s in result.below_minimum}
    assert "allowed candidate" in reasons["g1"]
    assert set(reasons) == {"g1", "g2", "j1", "j2"}


def test_shortfall_names_partners_at_their_maximum():
    pairs = [CandidatePair("g1", "j1", 50, forced=True), CandidatePair("g2", "j1", 50)]
    result = solve(pairs, min_meetings=1, max_meetings=1)
    reasons = {s.participant: s.reason for s in result.below_minimum}
    assert "maximum" in reasons["g2"] and "j1" in reasons["g2"]


@pytest.mark.parametrize(("pairs", "kwargs", "named"), [
    ([CandidatePair("g1", "zz", 50)], {}, "zz"),
    ([CandidatePair("g1", "g1", 50)], {}, "g1, g1"),
    ([CandidatePair("g1", "j1", 50), CandidatePair("j1", "g1", 40)], {}, "j1, g1"),
    ([CandidatePair("g1", "j1", 150)], {}, "g1, j1"),
    ([], {"min_meetings": 3, "max_meetings": 2}, "min_meetings"),
    ([], {"max_by_participant": {"nobody": 2}}, "nobody"),
])
def test_bad_input_is_rejected_naming_the_item(pairs, kwargs, named):
    with pytest.raises(SchedulingInputError, match=named):
        solve(pairs, **kwargs)


def test_duplicate_participant_is_rejected():
    with pytest.raises(SchedulingInputError, match="g1"):
        solve([], people=[GB_DELEGATE, GB_DELEGATE])


def test_same_input_and_seed_give_the_same_choice():
    pairs = [CandidatePair(g, j, (ord(g[1]) * 7 + ord(j[1]) * 3) % 100)
             for g in ("g1", "g2") for j in ("j1", "j2")]
    assert solve(pairs, min_meetings=1, max_meetings=1) == \
        solve(pairs, min_meetings=1, max_meetings=1)


def test_a_limit_too_short_to_solve_still_returns_a_valid_choice():
    people = [Participant(f"g{i}", "GB") for i in range(30)] + \
        [Participant(f"j{i}", "JP") for i in range(30)]
    pairs = [CandidatePair(f"g{i}", f"j{(i * 7 + k) % 30}", (i * 13 + k * 29) % 100,
                           forced=k == 0) for i in range(30) for k in range(8)]
    problem = SelectionProblem(tuple(people), tuple(pairs), 3, 5)
    result = select_meetings(problem, time_limit=0.0)
    assert all(p in result.pairs for p in pairs if p.forced)
    assert max(result.counts.values()) <= 5


@st.composite
def instances(draw):
    n_gb, n_jp = draw(st.integers(1, 4)), draw(st.integers(1, 4))
    roles = st.sampled_from(["delegate", "host"])
    people = [Participant(f"g{i}", "GB", draw(roles)) for i in range(n_gb)] + \
        [Participant(f"j{i}", "JP", draw(roles)) for i in range(n_jp)]
    rules = draw(st.sampled_from([MeetingRules(), MeetingRules(
        role_pairs=(("delegate", "host"), ("host", "host")))]))
    pairs, forced_load = [], {p.id: 0 for p in people}
    for i, p in enumerate(people):
        for q in people[i + 1:]:
            if draw(st.booleans()):
                allowed = rules.violation(p, q) is None
                forced = allowed and draw(st.integers(0, 4)) == 0
                forced_load[p.id] += forced
                forced_load[q.id] += forced
                pairs.append(CandidatePair(p.id, q.id, draw(st.integers(0, 100)), forced))
    lo = draw(st.integers(0, 2))
    hi = draw(st.integers(lo, 3))
    return SelectionProblem(tuple(people), tuple(pairs), lo, hi, rules), forced_load


@settings(max_examples=25, deadline=None)
@given(instances())
def test_selection_respects_forced_pairs_maxima_and_rules(case):
    problem, forced_load = case
    result = select_meetings(problem, time_limit=0.5)
    people = {p.id: p for p in problem.participants}
    picked = set(result.pairs)
    assert all(p in picked for p in problem.pairs if p.forced)
    assert all(problem.rules.violation(people[p.a], people[p.b]) is None for p in picked)
    counts = {pid: 0 for pid in people}
    for p in picked:
        counts[p.a] += 1
        counts[p.b] += 1
    assert counts == dict(result.counts)
    for pid, n in counts.items():
        assert n <= max(problem.max_meetings, forced_load[pid])
    assert {s.participant for s in result.below_minimum} == \
        {pid for pid, n in counts.items() if n < problem.min_meetings}
