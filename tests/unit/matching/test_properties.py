"""Properties of all-pairs results on random small populations."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from app.matching.engine import MatchIndex, OrgProfile, TagNode

TAGS = [TagNode(1, None, "Photonics", "フォトニクス"), TagNode(2, 1, "Lasers", "レーザー"),
        TagNode(3, None, "Quantum", "量子")]
WORDS = ["laser", "quantum", "レーザー", "量子", "wafer", "design", "設計", "", "optics"]

profiles = st.lists(
    st.builds(
        OrgProfile,
        id=st.integers(1, 40),
        country=st.sampled_from(["GB", "JP"]),
        description=st.lists(st.sampled_from(WORDS), max_size=5).map(" ".join),
        offers=st.lists(st.sampled_from(WORDS), max_size=3).map(" ".join),
        seeks=st.lists(st.sampled_from(WORDS), max_size=3).map(" ".join),
        capability_tags=st.frozensets(st.integers(1, 4), max_size=2),
        interest_tags=st.frozensets(st.integers(1, 4), max_size=2),
    ),
    max_size=12, unique_by=lambda p: p.id,
)


@settings(max_examples=25, deadline=None)
@given(profiles, st.booleans(), st.integers(1, 5))
def test_all_pairs_rules_hold(population, cross_border, k):
    country = {p.id: p.country for p in population}
    ids = sorted(country)
    excluded = list(zip(ids[::2], ids[1::2], strict=False))
    banned = {frozenset(p) for p in excluded}
    index = MatchIndex.build(population, TAGS)
    lists = list(index.top_k_all(k, cross_border=cross_border, excluded=excluded))
    assert len(lists) == len(population)
    for lst in lists:
        assert len(lst) <= k
        assert [m.score for m in lst] == sorted((m.score for m in lst), reverse=True)
        for m in lst:
            assert m.a != m.b and frozenset((m.a, m.b)) not in banned
            assert 0 < m.score <= 100
            assert not cross_border or country[m.a] != country[m.b]
        if lst:
            single = index.top_k_for(lst[0].a, k, cross_border=cross_border, excluded=excluded)
            assert [m.b for m in single] == [m.b for m in lst]
