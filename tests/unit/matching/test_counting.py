"""The term counter gives what scikit-learn's CountVectorizer gives, in C-level loops."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.feature_extraction.text import CountVectorizer

from app.matching.counting import TermCounter
from app.matching.text import Analyzer

TEXTS = ["Compound semiconductor wafers and compound epitaxy.", "化合物半導体のウエハー。",
         "", "the and of", "Quantum sensing 量子センシング sensing", "GaN ＧａＮ wafers"]


def test_counts_match_scikit_learn():
    ours, theirs = TermCounter(Analyzer(5)), CountVectorizer(
        analyzer=Analyzer(5), dtype=np.float32)
    fitted, expected = ours.fit_transform(TEXTS[:4]), theirs.fit_transform(TEXTS[:4])
    assert list(ours.get_feature_names_out()) == list(theirs.get_feature_names_out())
    assert (fitted != expected).nnz == 0 and fitted.dtype == np.float32
    # unseen words are ignored, seen ones counted
    later = ours.transform(TEXTS[4:])
    assert (later != theirs.transform(TEXTS[4:])).nnz == 0
    assert later[1].sum() == 1  # "wafers" is known, "gan" is not


@pytest.mark.parametrize("texts", [[], ["", "the of"]])
def test_no_token_at_all_is_an_error_as_in_scikit_learn(texts):
    with pytest.raises(ValueError):
        TermCounter(Analyzer(5)).fit_transform(texts)


def _distinct(seq: list[str]) -> list[str]:
    return list(dict.fromkeys(seq))


def _same(a, b) -> bool:
    """Equal to the last bit, entry order included."""
    return (a.shape == b.shape and a.dtype == b.dtype and (a.indptr == b.indptr).all()
            and (a.indices == b.indices).all() and (a.data == b.data).all())


@given(st.lists(st.sampled_from(TEXTS + ["量子 wafers", "sensing epitaxy", "半導体"]), max_size=14),
       st.lists(st.integers(0, 2), min_size=14, max_size=14))
@settings(max_examples=150, deadline=None)
def test_texts_counted_in_parts_give_what_counting_them_at_once_gives(sequence, owner):
    # parts are subsequences of one sequence (a text may be in several parts), as FeatureModel
    # splits its documents between two processes
    texts = _distinct(sequence)
    position = {t: i for i, t in enumerate(texts)}
    counter = TermCounter(Analyzer(5))
    subs = [_distinct([t for t, o in zip(sequence, owner, strict=False) if o == p])
            for p in range(3)]
    parts = [counter.count_part(s) for s in subs]
    rows = [np.array([position[t] for t in s], dtype=np.int64) for s in subs]
    try:
        expected = TermCounter(Analyzer(5)).fit_transform(texts)
    except ValueError:
        with pytest.raises(ValueError):
            counter.fit_parts(parts, rows)
        return
    assert _same(counter.fit_parts(parts, rows), expected)
    assert list(counter.get_feature_names_out()) == sorted(counter.vocabulary_)
    assert _same(TermCounter(Analyzer(5)).fit_part(TermCounter(Analyzer(5)).count_part(texts)),
                 expected)
