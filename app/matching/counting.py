"""Term counts of texts with a vocabulary fitted once, for any analyzer (pure numpy/scipy).

It gives what scikit-learn's CountVectorizer(analyzer=...) gives with its defaults (columns in
sorted term order, counts as float32), but counts the tokens of a batch in C-level loops:
CountVectorizer looks up and tallies each token in a Python loop, about a third of the fit.

The texts can also be counted in parts, e.g. in two processes (count_part), and the parts
merged (fit_parts) into exactly what fit_transform gives for all the texts.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import chain

import numpy as np
import scipy.sparse as sp

_BATCH = 4096  # texts analysed at a time


class _Known(dict):
    """A vocabulary answering -1 for unknown tokens."""

    def __missing__(self, token: str) -> int:
        return -1


@dataclass
class Part:
    """Token counts of some texts over their own vocabulary (local term ids, first-seen order).

    counts has a row per text (columns = local ids, sorted); term i first occurs in text
    first_row[i], as its first_pos[i]-th token.
    """

    terms: list[str]
    counts: sp.csr_matrix
    first_row: np.ndarray
    first_pos: np.ndarray


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
        return self._fix(list(grown), _matrix(lens, ids, len(grown)))

    def _fix(self, seen: list[str], m: sp.csr_matrix) -> sp.csr_matrix:
        """Fix the vocabulary to seen (terms in first-seen order, the columns of m) and return
        m with its columns renumbered to sorted term order."""
        terms = sorted(seen)
        col = np.empty(len(terms), dtype=np.int64)
        index = dict(zip(seen, range(len(seen)), strict=True))
        col[np.fromiter(map(index.__getitem__, terms), dtype=np.int64, count=len(terms))] = (
            np.arange(len(terms)))
        self.vocabulary_ = dict(zip(terms, range(len(terms)), strict=True))
        self._known = _Known(self.vocabulary_)
        # renumber the columns but keep each row's entries in first-seen order, as
        # CountVectorizer.fit_transform leaves them (so that later float sums are identical)
        m.indices = col[m.indices].astype(m.indices.dtype)
        m.has_sorted_indices = False
        return m

    def count_part(self, texts: Sequence[str]) -> Part:
        """Counts of the texts' tokens over a vocabulary of their own, for fit_parts."""
        grown: defaultdict[str, int] = defaultdict()
        grown.default_factory = grown.__len__
        lens, ids = self._ids(texts, grown.__getitem__)
        first = first_seen(ids)
        ends = np.cumsum(lens)
        row = np.searchsorted(ends, first, side="right")
        return Part(list(grown), _matrix(lens, ids, len(grown)), row,
                    first - (ends[row] - lens[row]))

    def fit_part(self, part: Part) -> sp.csr_matrix:
        """Fix the vocabulary to the tokens of the texts counted in one part; their counts."""
        if not part.terms:
            raise ValueError("empty vocabulary: the texts hold no token")
        return self._fix(part.terms, part.counts)

    def fit_parts(self, parts: Sequence[Part], rows: Sequence[np.ndarray]) -> sp.csr_matrix:
        """Fix the vocabulary to the tokens of the texts counted in parts; return their counts.

        Each part must have counted a subsequence of one sequence of texts, without repeats,
        in order (a text may be in several parts), and rows[p][i] is the position of text i
        of part p among the distinct texts of that sequence in first-seen order. The result
        equals, to the last bit and entry order, fit_transform of those distinct texts: a
        term's first-seen rank is where it first occurs over all parts.
        """
        common: defaultdict[str, int] = defaultdict()
        common.default_factory = common.__len__
        ids = [np.fromiter(map(common.__getitem__, p.terms), dtype=np.int64, count=len(p.terms))
               for p in parts]
        if not common:
            raise ValueError("empty vocabulary: the texts hold no token")
        # where each term first occurs among all texts: (position, token) of its earliest text
        width = 1 + max((int(p.first_pos.max(initial=0)) for p in parts), default=0)
        first = np.full(len(common), np.iinfo(np.int64).max, dtype=np.int64)
        for p, at, i in zip(parts, rows, ids, strict=True):
            key = np.asarray(at, dtype=np.int64)[p.first_row] * width + p.first_pos
            first[i] = np.minimum(first[i], key)
        seen = np.empty(len(common), dtype=np.int64)  # common id -> first-seen id
        seen[np.argsort(first, kind="stable")] = np.arange(len(common))
        by_seen = np.array(list(common), dtype=object)[np.argsort(seen)]
        n = 1 + max((int(np.max(at, initial=-1)) for at in rows), default=-1)
        pick = np.full(n, -1, dtype=np.int64)  # the part row giving each position's counts
        blocks, offset = [], 0
        for p, at, i in zip(parts, rows, ids, strict=True):
            c = p.counts
            m = sp.csr_matrix((c.data.copy(), seen[i][c.indices], c.indptr),
                              shape=(c.shape[0], len(common)))
            m.has_sorted_indices = False
            m.sort_indices()  # entries by first-seen id, as _matrix leaves them
            blocks.append(m)
            pick[np.asarray(at, dtype=np.int64)] = offset + np.arange(m.shape[0])
            offset += m.shape[0]
        if (pick < 0).any():
            raise ValueError("some position is no part's text")
        m = sp.csr_matrix(sp.vstack(blocks, format="csr")[pick])
        return self._fix(list(by_seen), m)

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


def first_seen(ids: np.ndarray) -> np.ndarray:
    """Where each id first occurs in ids numbered in first-seen order (0, 1, 2, ... in turn):
    where the running maximum grows."""
    new = np.ones(len(ids), dtype=bool)
    if len(ids):
        top = np.maximum.accumulate(ids)
        new[1:] = top[1:] > top[:-1]
    return np.flatnonzero(new)


def _matrix(lens: np.ndarray, cols: np.ndarray, width: int) -> sp.csr_matrix:
    """CSR counts (float32, columns sorted) of rows holding lens[i] tokens with these columns."""
    rows = np.repeat(np.arange(len(lens)), lens)
    m = sp.csr_matrix((np.ones(len(cols), dtype=np.float32), (rows, cols)),
                      shape=(len(lens), width))
    m.sum_duplicates()
    return m
