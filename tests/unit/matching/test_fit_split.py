"""A large fit split with a forked child process fits exactly what one process fits."""

from __future__ import annotations

import dataclasses
import os

import numpy as np
import pytest
import scipy.sparse as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from app.matching import features
from app.matching.documents import Described
from app.matching.engine import DEFAULT, MatchIndex
from app.matching.features import FeatureModel
from benchmarks.match_speed import profiles as synthetic_profiles
from benchmarks.match_speed import taxonomy as synthetic_taxonomy
from tests.unit.matching.conftest import org

PARENT = os.getpid()
MATRICES = ("S", "O", "G", "P", "T")


def fitted(population, tags, fork_above: int):
    index = MatchIndex.build(population, tags, dataclasses.replace(DEFAULT, fork_above=fork_above))
    return index, index._compact()


def assert_identical(a, b) -> None:
    for name in MATRICES:
        x, y = getattr(a, name), getattr(b, name)
        assert x.shape == y.shape and x.dtype == y.dtype
        for part in ("indptr", "indices", "data"):  # to the last bit, entry order included
            assert np.array_equal(getattr(x, part), getattr(y, part)), (name, part)
    assert (a.cap_own, a.int_own, a.all_own, a.int_closure) == (
        b.cap_own, b.int_own, b.all_own, b.int_closure)


@pytest.fixture(scope="module")
def synthetic():
    return synthetic_profiles(400), synthetic_taxonomy()


@pytest.fixture
def forks(monkeypatch) -> list:
    """The pending children the fit starts (so a test can tell that it forked)."""
    started = []
    real = features.in_child

    def spy(fn, *args):
        started.append(real(fn, *args))
        return started[-1]

    monkeypatch.setattr(features, "in_child", spy)
    return started


def test_forked_fit_is_bit_identical(synthetic, forks):
    population, tags = synthetic
    one_index, one = fitted(population, tags, fork_above=10**9)
    assert not forks
    two_index, two = fitted(population, tags, fork_above=100)
    assert len(forks) == 1
    assert_identical(one, two)
    m1, m2 = one_index._model, two_index._model
    assert list(m1.terms) == list(m2.terms) and m1.forms == m2.forms
    assert (m1.mean_norm, m1.max_pivot) == (m2.mean_norm, m2.max_pivot)
    assert list(m1.display_terms()[0]) == list(m2.display_terms()[0])
    first = [[(m.b, m.score) for m in lst] for lst in one_index.top_k_all(5)]
    assert first == [[(m.b, m.score) for m in lst] for lst in two_index.top_k_all(5)]


def test_forked_fit_of_the_bilingual_population(tags, population):
    assert_identical(fitted(population, tags, 10**9)[1], fitted(population, tags, 2)[1])


def test_forked_fit_without_a_single_word(tags):
    blank = [org(i, "GB" if i % 2 else "JP", description="the of and" if i % 3 else "")
             for i in range(1, 6)]
    assert_identical(fitted(blank, tags, 10**9)[1], fitted(blank, tags, 2)[1])


def test_a_failing_child_leaves_its_half_to_this_process(synthetic, forks, monkeypatch):
    population, tags = synthetic
    real = FeatureModel._fit_part

    def fails_in_child(self, profiles):
        if os.getpid() != PARENT:
            raise MemoryError("the child ran out of memory")
        return real(self, profiles)

    monkeypatch.setattr(FeatureModel, "_fit_part", fails_in_child)
    split = fitted(population, tags, fork_above=100)[1]
    assert len(forks) == 1
    assert_identical(fitted(population, tags, fork_above=10**9)[1], split)


def test_without_fork_one_process_fits_it_all(synthetic, forks, monkeypatch):
    population, tags = synthetic
    monkeypatch.delattr(os, "fork")
    assert_identical(fitted(population, tags, 10**9)[1], fitted(population, tags, 100)[1])
    assert not forks


WORDS = ["", " ", "wafer", "量子", "wafer 量子", "design", "設計"]


@given(st.lists(st.lists(st.lists(st.sampled_from(WORDS), max_size=3), min_size=3, max_size=3),
                max_size=7),
       st.integers(0, 7))
@settings(max_examples=150, deadline=None)
def test_described_halves_merge_into_the_whole(profiles, cut):
    def describe(group):
        empty = sp.csr_matrix((len(group), 2))
        own = [(frozenset(), frozenset(), frozenset())] * len(group)
        return Described.of([p[i] for i in range(3) for p in group], (empty,) * 3, own,
                            [frozenset()] * len(group))

    cut = min(cut, len(profiles))
    halves = [describe(profiles[:cut]), describe(profiles[cut:])]
    whole, merged, at = describe(profiles), *Described.merge(halves)
    assert merged.texts == whole.texts and merged.n == whole.n
    assert np.array_equal(merged.doc, whole.doc) and np.array_equal(merged.text, whole.text)
    for half, where in zip(halves, at, strict=True):
        assert [whole.texts[i] for i in where] == half.texts


def test_forked_fit_of_one_profile(tags, population):
    assert_identical(fitted(population[:1], tags, 10**9)[1], fitted(population[:1], tags, 0)[1])
