"""Term counts of texts with a vocabulary fitted once, for any analyzer (pure numpy/scipy).

It gives what scikit-learn's CountVectorizer(analyzer=...) gives with its defaults (columns in
sorted term order, counts as float32), but counts the tokens of a batch in C-level loops:
CountVectorizer looks up and tallies each token in a Python loop, about a third of the fit.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from itertools import chain

import numpy as np
import scipy.sparse as sp

_BATCH = 4096  # texts analysed at a time


class _Known(dict):
    """A vocabulary answering -1 for unknown tokens."""

    def __missing__(self, token: str) -> int:
        return -1


class TermCounter:
    """Counts of an analyzer's tokens per text, over a vocabulary fixed by fit."""

    def __init__(self, analyzer: Callable[[str], list[str]]) -> None:
        self.analyzer = analyzer
        self.vocabulary_: dict[str, int] = {}
        self._known = _Known()

    def fit(self, texts: Sequence[str]) -> TermCounter:
        """Fix the vocabulary to the tokens of texts (ValueError if there are none)."""
        self.fit_transform(texts)
        return self

    def fit_transform(self, texts: Sequence[str]) -> sp.csr_matrix:
        """Fix the vocabulary to the tokens of texts and return their counts."""
        grown: defaultdict[str, int] = defaultdict()
        grown.default_factory = grown.__len__  # a new token gets the next id, in C
        lens, ids = self._ids(texts, grown.__getitem__)
        if not grown:
            raise ValueError("empty vocabulary: the texts hold no token")
        terms = sorted(grown)
        col = np.empty(len(terms), dtype=np.int64)
        col[np.fromiter(map(grown.__getitem__, terms), dtype=np.int64, count=len(terms))] = (
            np.arange(len(terms)))
        self.vocabulary_ = dict(zip(terms, range(len(terms)), strict=True))
        self._known = _Known(self.vocabulary_)
        m = _matrix(lens, ids, len(terms))
        # renumber the columns but keep each row's entries in first-seen order, as
        # CountVectorizer.fit_transform leaves them (so that later float sums are identical)
        m.indices = col[m.indices].astype(m.indices.dtype)
        m.has_sorted_indices = False
        return m

    def transform(self, texts: Sequence[str]) -> sp.csr_matrix:
        """Counts of the texts' tokens that are in the vocabulary (others are ignored)."""
        lens, ids = self._ids(texts, self._known.__getitem__)
        rows = np.repeat(np.arange(len(lens)), lens)
        known = ids >= 0
        lens = np.bincount(rows[known], minlength=len(lens))
        return _matrix(lens, ids[known], len(self.vocabulary_))

    def get_feature_names_out(self) -> np.ndarray:
        """The vocabulary's terms in column order."""
        return np.array(sorted(self.vocabulary_, key=self.vocabulary_.__getitem__),
                        dtype=object)

    def _ids(self, texts: Sequence[str], lookup: Callable[[str], int]
             ) -> tuple[np.ndarray, np.ndarray]:
        """Token counts per text and the token ids (lookup maps a token to its id), a batch of
        texts at a time so that only one batch's token strings are alive at once."""
        lens, ids = [], []
        for at in range(0, len(texts), _BATCH):
            lists = list(map(self.analyzer, texts[at : at + _BATCH]))
            n = np.fromiter(map(len, lists), dtype=np.int64, count=len(lists))
            lens.append(n)
            ids.append(np.fromiter(map(lookup, chain.from_iterable(lists)), dtype=np.int64,
                                   count=int(n.sum())))
        if not lens:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
        return np.concatenate(lens), np.concatenate(ids)


def _matrix(lens: np.ndarray, cols: np.ndarray, width: int) -> sp.csr_matrix:
    """CSR counts (float32, columns sorted) of rows holding lens[i] tokens with these columns."""
    rows = np.repeat(np.arange(len(lens)), lens)
    m = sp.csr_matrix((np.ones(len(cols), dtype=np.float32), (rows, cols)),
                      shape=(len(lens), width))
    m.sum_duplicates()
    return m
