"""All-pairs candidates computed block by block, with bounded memory (pure numpy/scipy).

Each unordered pair of groups (two countries when cross-border, else everybody with everybody)
is scored once, block of rows of one group against all rows of the other: the score is
symmetric, so a block's rows give both the rows' best candidates and, reading it by column,
the other group's. Running best lists of fixed width are merged block by block.

Up to MatchParams.exact_pairs pairs per group pair the block scores are the exact final
scores. Above it they come from a sketch (sketch.py) and the candidates must be rescored.
"""

from __future__ import annotations

import gc
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from itertools import islice
from typing import TypeVar

import numpy as np

from app.matching.features import Rows
from app.matching.profiles import MatchParams
from app.matching.scoring import Columns, TypeTable, block_scores, pair_scores
from app.matching.sketch import Sketch

_CHUNK = 64  # columns per chunk whose maximum stands in for them when finding a row's floor
T = TypeVar("T")
U = TypeVar("U")


class BlockPlan:
    """Groups of a population and how to score blocks of one group against another."""

    def __init__(self, rows: Rows, cross_border: bool, skip: dict[int, set[int]],
                 params: MatchParams, types: TypeTable) -> None:
        self.rows, self.cross_border, self.params, self.types = rows, cross_border, params, types
        n = len(rows)
        if cross_border:
            self.groups = [np.flatnonzero(rows.country == c) for c in sorted(set(rows.country))]
            self.pairs = [(a, b) for a in range(len(self.groups))
                          for b in range(a + 1, len(self.groups))]
        else:
            self.groups, self.pairs = [np.arange(n)], [(0, 0)]
        size = max((len(self.groups[a]) * len(self.groups[b]) for a, b in self.pairs), default=0)
        self.exact = size <= params.exact_pairs
        pos_of = {int(i): p for p, i in enumerate(rows.ids.tolist())}
        self.skip = {pos_of[i]: np.array(sorted(pos_of[j] for j in js if j in pos_of),
                                         dtype=np.intp)
                     for i, js in skip.items() if i in pos_of}
        self.sketch = None if self.exact else Sketch(rows, params, types)

    def candidates(self, width: int) -> tuple[np.ndarray, np.ndarray]:
        """(positions, scores), each n x width: every row's best candidates, -1 / -inf padded.

        Scores are exact when self.exact, else sketch estimates. Only scores that can still
        enter a best list are gathered: per row, those above a lower bound of its width-th best
        (see _floor); per column, those above its running width-th best.
        """
        n = len(self.rows)
        best_p = np.full((n, width), -1, dtype=np.intp)
        best_s = np.full((n, width), -np.inf, dtype=np.float32)
        step = max(1, self.params.block_rows)
        for a, b in self.pairs:
            qa, cb = self.groups[a], self.groups[b]
            if len(cb) == 0:
                continue
            score = self._scorer(cb, width, same=a == b)
            blocks = (qa[s : s + step] for s in range(0, len(qa), step))
            # worker threads score blocks ahead (scipy and numpy release the GIL); this
            # thread merges them in block order, so the result does not depend on timing
            for blk, f, r, c in in_order(score, blocks, self.params.workers):
                _push(best_s, best_p, blk[r], cb[c], f[r, c])
                if a != b:
                    floor = best_s[cb].min(axis=1, initial=np.inf)
                    if np.isneginf(floor).any():
                        floor = np.maximum(floor, _floor(f.T, width))
                    r, c = np.nonzero(f >= floor[None, :])
                    _push(best_s, best_p, cb[c], blk[r], f[r, c])
        return best_p, best_s

    def rescore(self, pos: np.ndarray, est: np.ndarray, start: int) -> np.ndarray:
        """Exact scores of the candidates (positions pos, -1 = none) of the rows from start
        on; candidates scored -inf (excluded) stay -inf."""
        ok = (pos >= 0) & (est > -np.inf)
        qi = np.repeat(np.arange(start, start + len(pos)), ok.sum(axis=1))
        out = np.full(est.shape, -np.inf, dtype=np.float32)
        out[ok] = pair_scores(self.rows, self.rows, qi, pos[ok], self.params, self.types)
        return out

    def _scorer(self, cb: np.ndarray, width: int, same: bool) -> Callable:
        """A function scoring a block of rows against the rows cb: (block, scores, and the
        row and column indices of the scores above each row's floor)."""
        cols = Columns.of(self.rows.take(cb), self.types) if self.exact else None

        def score(blk: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
            maxima = None
            if cols is not None:
                f = block_scores(self.rows.take(blk), cols, self.params, self.types)
            else:
                f, maxima = self.sketch.block(blk, cb, _CHUNK)
            if self._mask(f, blk, cb, same):
                maxima = None  # the sketch's chunk maxima predate the masked scores
            r, c = np.nonzero(f >= _floor(f, width, maxima)[:, None])
            return blk, f, r, c

        return score

    def _mask(self, f: np.ndarray, blk: np.ndarray, cb: np.ndarray, same: bool) -> bool:
        """Set to -inf the score of each row with itself and with its excluded partners
        (returns whether there may have been any)."""
        masked = same
        if same:
            f[np.arange(len(blk)), blk - cb[0]] = -np.inf  # cb is 0..n-1 here
        for r, q in enumerate(blk.tolist()):
            bad = self.skip.get(q)
            if bad is not None and len(bad):
                hit = np.searchsorted(cb, bad)
                inside = hit < len(cb)
                hit, bad = hit[inside], bad[inside]
                f[r, hit[cb[hit] == bad]] = -np.inf
                masked = True
        return masked


def _floor(f: np.ndarray, width: int, maxima: np.ndarray | None = None) -> np.ndarray:
    """Per row of f, a score its width-th best reaches (-inf if fewer than width columns).

    With many columns, the width-th best of the maxima of chunks of _CHUNK columns: these are
    scores of distinct columns, so a lower bound, and at 64-column chunks nearly the exact
    value, for one max pass instead of a partition of every score. maxima, if given, holds
    those chunk maxima already (Sketch.block takes them while the scores are in cache).
    """
    if f.shape[1] <= width or width == 0:
        return np.full(f.shape[0], -np.inf, dtype=f.dtype)
    chunks = f.shape[1] // _CHUNK
    g = f
    if chunks >= 4 * width:
        g = (maxima if maxima is not None else
             f[:, : chunks * _CHUNK].reshape(f.shape[0], chunks, _CHUNK).max(axis=2))
    return np.partition(g, g.shape[1] - width, axis=1)[:, g.shape[1] - width]


def _push(best_s: np.ndarray, best_p: np.ndarray, at: np.ndarray, pos: np.ndarray,
          score: np.ndarray) -> None:
    """Merge candidates (row at[j] meets pos[j] with score[j]) into the running best lists
    (kept unordered: a row's list and its new candidates side by side, the best kept)."""
    if len(at) == 0:
        return
    width = best_s.shape[1]
    order = np.argsort(at, kind="stable")
    at, pos, score = at[order], pos[order], score[order]
    rows, first, counts = np.unique(at, return_index=True, return_counts=True)
    extra = int(counts.max())
    s = np.full((len(rows), width + extra), -np.inf, dtype=best_s.dtype)
    p = np.full((len(rows), width + extra), -1, dtype=best_p.dtype)
    s[:, :width], p[:, :width] = best_s[rows], best_p[rows]
    r = np.repeat(np.arange(len(rows)), counts)
    slot = width + np.arange(len(at)) - np.repeat(first, counts)
    s[r, slot], p[r, slot] = score, pos
    keep = np.argpartition(s, extra, axis=1)[:, extra:]
    best_s[rows] = np.take_along_axis(s, keep, axis=1)
    best_p[rows] = np.take_along_axis(p, keep, axis=1)


def pick(qi: np.ndarray, ci: np.ndarray, scores: np.ndarray, ids: np.ndarray,
         k: int) -> tuple[np.ndarray, np.ndarray]:
    """Of candidate pairs (qi, ci), each row's k best positive scores, ties by ascending id.

    Returns the chosen pairs ordered by row, then best first.
    """
    ok = scores > 0
    qi, ci, scores = qi[ok], ci[ok], scores[ok]
    order = np.lexsort((ids[ci], -scores, qi))
    qi, ci = qi[order], ci[order]
    starts = np.r_[0, np.flatnonzero(np.diff(qi)) + 1] if len(qi) else np.zeros(0, np.intp)
    rank = np.arange(len(qi)) - np.repeat(starts, np.diff(np.r_[starts, len(qi)]))
    keep = rank < k
    return qi[keep], ci[keep]


def in_order(fn: Callable[[U], T], items: Iterable[U], workers: int) -> Iterator[T]:
    """fn of each item, computed in up to workers threads ahead and yielded in item order."""
    items = iter(items)
    with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        ahead = deque(pool.submit(fn, x) for x in islice(items, max(1, workers)))
        while ahead:
            done = ahead.popleft().result()
            ahead.extend(pool.submit(fn, x) for x in islice(items, 1))
            yield done


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while many acyclic result objects are built.

    Collections triggered by building 200,000 Match objects (10,000 orgs) traverse every live
    object and took two thirds of the assembly time; these objects hold no reference cycles.
    """
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def split_counts(items: list[T], counts: list[int]) -> Iterator[list[T]]:
    """Consecutive slices of items of the given lengths."""
    at = 0
    for cnt in counts:
        yield items[at : at + cnt]
        at += cnt
