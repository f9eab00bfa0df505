"""Behaviour of MatchIndex on small crafted populations."""

from __future__ import annotations

import dataclasses
import json

import numpy as np
import pytest

from app.matching.engine import (
    DEFAULT,
    DuplicateOrganisationError,
    MatchIndex,
    UnknownOrganisationError,
)
from app.matching.scoring import pair_scores
from tests.unit.matching.conftest import COMPOUND, ENERGY, QUANTUM, SEMI, SENSING, org


def ids(matches) -> list[int]:
    return [m.b for m in matches]


@pytest.mark.parametrize("mutual_text", [
    ("Quantum sensing instruments.", "We need compound semiconductor wafers."),
    ("量子センシングの装置。", "化合物半導体のウエハーを探しています。"),
])
def test_mutual_fit_outranks_one_sided(tags, mutual_text):
    offers, seeks = mutual_text
    seeker = org(1, "GB", offers="Compound semiconductor wafers.", seeks="Quantum sensing.",
                 capability_tags=[COMPOUND], interest_tags=[SENSING])
    mutual = org(2, "JP", offers=offers, seeks=seeks, capability_tags=[SENSING],
                 interest_tags=[COMPOUND])
    one_sided = org(3, "JP", offers="Quantum sensing instruments.", seeks="Clean energy investors.",
                    capability_tags=[SENSING], interest_tags=[ENERGY])
    index = MatchIndex.build([seeker, mutual, one_sided], tags)
    best = index.top_k_for(1)
    assert ids(best) == [2, 3]
    assert best[0].score > best[1].score
    assert best[0].components["reciprocal"] > best[1].components["reciprocal"]


@pytest.mark.parametrize("en_tags, ja_tags", [
    ([SENSING], [SENSING]),
    ([COMPOUND, ENERGY], [COMPOUND]),
    ([SENSING], [QUANTUM]),  # a tag also counts for its parent
])
def test_tags_bridge_english_and_japanese_profiles(tags, en_tags, ja_tags):
    english = org(1, "GB", description="A small firm in Cambridge.", capability_tags=en_tags,
                  interest_tags=en_tags)
    japanese = org(2, "JP", description="京都の中小企業です。", capability_tags=ja_tags,
                   interest_tags=ja_tags)
    unrelated = [ENERGY] if ENERGY not in en_tags else [QUANTUM]
    other = org(3, "JP", description="大阪の商社です。", capability_tags=unrelated)
    best = MatchIndex.build([english, japanese, other], tags).top_k_for(1)
    assert best and best[0].b == 2 and best[0].score > 0


def test_labels_in_free_text_become_shared_tags_across_languages(tags):
    english = org(1, "GB", description="We grow compound semiconductor crystals.")
    japanese = org(2, "JP", description="化合物半導体の結晶成長を行っています。")
    unrelated = org(3, "JP", description="クリーンエネルギーの投資会社です。")
    best = MatchIndex.build([english, japanese, unrelated], tags).top_k_for(1)
    assert best[0].b == 2
    assert COMPOUND in best[0].explanation.shared_tags


@pytest.mark.parametrize("pair", [(1, 2), (2, 1)])
def test_dismissed_pairs_never_return(tags, population, pair):
    index = MatchIndex.build(population, tags)
    assert 2 in ids(index.top_k_for(1, cross_border=False))
    assert 2 not in ids(index.top_k_for(1, excluded=[pair], cross_border=False))
    assert 1 not in ids(index.top_k_for(2, excluded=[pair], cross_border=False))
    for lst in index.top_k_all(excluded=[pair], cross_border=False):
        assert all({m.a, m.b} != {1, 2} for m in lst)
    assert all({m.a, m.b} != {1, 2} for m in index.candidate_pairs([1, 2, 3], excluded=[pair]))


@pytest.mark.parametrize("cross_border", [True, False])
def test_country_rule_and_never_self(tags, population, cross_border):
    index = MatchIndex.build(population, tags)
    country = {p.id: p.country for p in population}
    lists = list(index.top_k_all(k=10, cross_border=cross_border))
    assert [lst[0].a for lst in lists if lst] == sorted(lst[0].a for lst in lists if lst)
    pairs = [m for lst in lists for m in lst]
    assert all(m.a != m.b for m in pairs)
    same = [m for m in pairs if country[m.a] == country[m.b]]
    assert (not same) if cross_border else bool(same)


def test_same_country_option_finds_the_home_partner(tags, population):
    index = MatchIndex.build(population, tags)
    assert 6 not in ids(index.top_k_for(1))
    assert 6 in ids(index.top_k_for(1, cross_border=False))


def test_same_input_gives_identical_output(tags, population):
    first = MatchIndex.build(population, tags)
    second = MatchIndex.build(list(reversed(population)), tags)
    a, b = list(first.top_k_all(cross_border=False)), list(second.top_k_all(cross_border=False))
    assert a == b
    dump = [[m.explanation.to_dict() for m in lst] for lst in a]
    assert json.dumps(dump, sort_keys=True) == json.dumps(
        [[m.explanation.to_dict() for m in lst] for lst in b], sort_keys=True)


@pytest.mark.parametrize("odd", [
    org(10, "JP"),
    org(10, "JP", description="   "),
    org(10, "JP", description="quantum"),
    org(10, "JP", description="量"),
    org(10, "JP", description="บริษัทเซมิคอนดักเตอร์ในกรุงเทพ"),
    org(10, "JP", description="شركة أشباه الموصلات"),
    org(10, "JP", description="🙂🙂 ---", capability_tags=[999], interest_tags=[998]),
    org(10, "JP", capability_tags=[999, SENSING]),
])
def test_odd_profiles_do_not_crash(tags, population, odd):
    index = MatchIndex.build([*population, odd], tags)
    lists = list(index.top_k_all())
    assert len(lists) == len(population) + 1
    for m in [*index.top_k_for(10), *index.top_k_for(1)]:
        assert 0.0 <= m.score <= 100.0
        assert 999 not in m.explanation.shared_tags + m.explanation.they_offer_we_seek_tags
    json.dumps([m.explanation.to_dict() for lst in lists for m in lst])


@pytest.mark.parametrize("profiles", [[], [org(1, "GB")], [org(1, "GB"), org(2, "JP")]])
def test_tiny_or_empty_populations(tags, profiles):
    index = MatchIndex.build(profiles, tags)
    assert [m for lst in index.top_k_all() for m in lst] == []
    assert index.candidate_pairs([p.id for p in profiles]) == []


def test_upsert_and_remove_are_reflected(tags, population):
    index = MatchIndex.build(population, tags)
    assert ids(index.top_k_for(1))[0] == 2
    index.remove(2)
    assert 2 not in ids(index.top_k_for(1))
    newcomer = org(7, "JP", offers="量子センシング装置", seeks="化合物半導体ウエハー",
                   capability_tags=[SENSING], interest_tags=[COMPOUND])
    index.upsert(newcomer)
    assert ids(index.top_k_for(1))[0] == 7
    edited = org(3, "JP", offers="Quantum sensing instruments.",
                 seeks="Compound semiconductor wafers.", capability_tags=[SENSING],
                 interest_tags=[COMPOUND])
    before = {m.b: m.score for m in index.top_k_for(1)}[3]
    assert [m.b for m in index.top_k_for(edited)][:1] == [1]
    assert {m.b: m.score for m in index.top_k_for(1)}[3] > before
    assert len(index) == len(population)
    with pytest.raises(UnknownOrganisationError, match="organisation 2"):
        index.remove(2)


def test_full_rebuild_after_edits_matches_a_fresh_build(tags, population):
    index = MatchIndex.build(population, tags)
    index.remove(5)
    index.upsert(population[4])
    assert list(index.top_k_all()) == list(MatchIndex.build(population, tags).top_k_all())


def test_score_pairs_is_symmetric_and_names_unknown_ids(tags, population):
    index = MatchIndex.build(population, tags)
    ab, ba = index.score_pairs([(1, 2), (2, 1)])
    assert ab.score == ba.score
    assert ab.components["a_to_b"] == ba.components["b_to_a"]
    with pytest.raises(UnknownOrganisationError, match="organisation 42"):
        index.score_pairs([(1, 42)])


def test_candidate_pairs_lists_each_pair_once(tags, population):
    found = MatchIndex.build(population, tags).candidate_pairs([1, 2, 3, 4, 5], k=3)
    keys = [(m.a, m.b) for m in found]
    assert keys and all(a < b for a, b in keys) and len(set(keys)) == len(keys)
    assert [m.score for m in found] == sorted((m.score for m in found), reverse=True)


def test_similar_ignores_country_and_self(tags, population):
    sims = MatchIndex.build(population, tags).similar(1, k=3)
    assert 6 in [i for i, _ in sims] and all(i != 1 for i, _ in sims)
    assert [s for _, s in sims] == sorted((s for _, s in sims), reverse=True)


def test_duplicate_ids_are_refused(tags):
    with pytest.raises(DuplicateOrganisationError, match="organisation 1"):
        MatchIndex.build([org(1, "GB"), org(1, "JP")], tags)


def test_score_against_scores_drafts_without_storing_them(tags, population):
    index = MatchIndex.build(population, tags)
    draft = org(3, "JP", offers="Quantum sensing instruments.",
                seeks="Compound semiconductor wafers.", capability_tags=[SENSING],
                interest_tags=[COMPOUND])
    stored, drafted = index.score_against(1, [3, draft])
    assert drafted > stored
    assert index.score_against(1, [3])[0] == stored
    assert index.score_pairs([(1, 2)])[0].score == pytest.approx(
        100 * index.score_against(1, [2])[0], abs=0.01)


def test_explanation_of_a_crafted_pair(tags, population):
    match = MatchIndex.build(population, tags).score_pairs([(1, 2)])[0]
    e = match.explanation
    assert e.they_offer_we_seek_tags == (SENSING,)
    assert COMPOUND in e.we_offer_they_seek_tags  # (with Semiconductors, derived from its text)
    assert {COMPOUND, SENSING} <= set(e.shared_tags)
    assert "sensing" in e.they_offer_we_seek_terms
    assert {"compound", "化合物"} & set(e.we_offer_they_seek_terms)
    d = e.to_dict()
    assert d["components"] == match.components
    assert json.loads(json.dumps(d)) == d
    assert list(d) == ["shared_tags", "they_offer_we_seek_tags", "we_offer_they_seek_tags",
                       "shared_terms", "they_offer_we_seek_terms", "we_offer_they_seek_terms",
                       "components"]


@pytest.mark.parametrize("block_rows, workers", [(1, 1), (2, 3), (3, 2)])
def test_blocks_and_worker_threads_do_not_change_results(tags, population, block_rows, workers):
    reference = list(MatchIndex.build(population, tags).top_k_all(k=3))
    params = dataclasses.replace(DEFAULT, block_rows=block_rows, workers=workers)
    seen: list[tuple[int, int]] = []
    index = MatchIndex.build(population, tags, params)
    lists = list(index.top_k_all(k=3, progress=lambda done, n: seen.append((done, n))))
    assert lists == reference
    assert [m.to_dict() for lst in lists for m in (x.explanation for x in lst)] == [
        m.to_dict() for lst in reference for m in (x.explanation for x in lst)]
    assert seen[-1] == (len(population), len(population))
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)


@pytest.mark.parametrize("cross_border", [True, False])
def test_sketch_only_narrows_candidates(tags, population, cross_border):
    """Forced on (exact_pairs=0) with every pair within its width, the sketch changes nothing."""
    excluded = [(1, 2)]
    exact = list(MatchIndex.build(population, tags).top_k_all(
        k=3, cross_border=cross_border, excluded=excluded))
    params = dataclasses.replace(DEFAULT, exact_pairs=0)
    sketched = list(MatchIndex.build(population, tags, params).top_k_all(
        k=3, cross_border=cross_border, excluded=excluded))
    assert sketched == exact
    assert all({m.a, m.b} != {1, 2} for lst in sketched for m in lst)


@pytest.mark.parametrize("exact_pairs", [DEFAULT.exact_pairs, 0])
def test_rebuild_ranks_partners_as_score_against_does(tags, population, exact_pairs):
    """The rebuild's lists are the ranking the quality benchmark measures (score_against)."""
    index = MatchIndex.build(population, tags, dataclasses.replace(DEFAULT, exact_pairs=exact_pairs))
    country = {p.id: p.country for p in population}
    for p, lst in zip(sorted(population, key=lambda p: p.id), index.top_k_all(k=2), strict=True):
        others = sorted(i for i in country if country[i] != p.country)
        scores = index.score_against(p.id, others)
        ranked = [i for s, i in sorted(zip(-scores, others, strict=True)) if s < 0]
        assert [m.b for m in lst] == ranked[:2]


def test_pair_scores_equal_score_against_exactly(tags, population):
    index = MatchIndex.build(population, tags)
    rows = index._compact()
    n = len(rows)
    qi, ci = np.repeat(np.arange(n), n), np.tile(np.arange(n), n)
    got = pair_scores(rows, rows, qi[::-1].copy(), ci[::-1].copy(), index._params, index._types)
    for a in range(n):
        want = index.score_against(int(rows.ids[a]), rows.ids.tolist())
        assert got[::-1][a * n : (a + 1) * n].tolist() == want.astype(np.float32).tolist()


@pytest.mark.parametrize("exact_pairs", [DEFAULT.exact_pairs, 0])
def test_a_sought_field_meets_its_narrower_capabilities(tags, exact_pairs):
    seeker = org(1, "GB", description="Looking for partners.", interest_tags=[SEMI],
                 capability_tags=[ENERGY])
    maker = org(2, "JP", description="Epitaxy.", capability_tags=[COMPOUND],
                interest_tags=[ENERGY])
    params = dataclasses.replace(DEFAULT, exact_pairs=exact_pairs)
    (match,), _ = MatchIndex.build([seeker, maker], tags, params).top_k_all(k=1)
    assert match.explanation.they_offer_we_seek_tags == (COMPOUND,)
    assert match.explanation.we_offer_they_seek_tags == (ENERGY,)
    assert match.explanation.shared_tags == (ENERGY,)


def test_similar_reads_edited_rows_and_skips_removed_ones(tags, population):
    """An organisation edited after the fit (its row now in the added segment) is compared by its
    new profile, both ways alike; a removed one is neither compared nor found."""
    index = MatchIndex.build(population, tags)
    edited = org(3, "JP", offers="Quantum sensing instruments.", seeks="Compound semiconductor wafers.",
                 capability_tags=[SENSING], interest_tags=[COMPOUND])
    index.upsert(edited)
    index.remove(5)
    from_edited = dict(index.similar(3, k=10))
    assert from_edited and 3 not in from_edited and 5 not in from_edited
    for other, score in from_edited.items():
        assert dict(index.similar(other, k=10)).get(3) == score  # the same pair, read from both ends
    with pytest.raises(UnknownOrganisationError, match="organisation 5"):
        index.similar(5)
