"""The term counter gives what scikit-learn's CountVectorizer gives, in C-level loops."""

from __future__ import annotations

import numpy as np
import pytest
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
