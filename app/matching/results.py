"""Match results: scored pairs' numbers and reasons, Match objects, and every row's top k.

Building results is split in two so that the numeric part can run in worker threads: evidence
(numpy/scipy, mostly without the GIL, few Python objects) and assemble (pure Python, C-level
loops, run with the cyclic garbage collector paused). all_pairs pipelines both over blocks.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from itertools import repeat

import numpy as np
from threadpoolctl import threadpool_limits

from app.matching.blocked import BlockPlan, gc_paused, in_order, pick, split_counts
from app.matching.explain import (
    Explanation,
    TagSets,
    explain_pairs,
    explain_parts,
    frozen_instances,
    tag_sets,
)
from app.matching.features import FeatureModel, Rows
from app.matching.profiles import MatchParams
from app.matching.scoring import TypeTable, pair_components

_TIE_MARGIN = 16  # extra candidates kept per row so that ties at the k-th place break by id
COMPONENTS = ("a_to_b", "b_to_a", "reciprocal", "similarity", "tags", "type")


@dataclass(frozen=True, slots=True)
class Match:
    """A proposed partner b for organisation a, with its score (0..100) and reasons."""

    a: int
    b: int
    score: float
    components: dict[str, float] = field(hash=False)
    explanation: Explanation = field(hash=False)


def evidence(model: FeatureModel, params: MatchParams, types: TypeTable, q: Rows, c: Rows,
             qi: np.ndarray, ci: np.ndarray,
             tags: tuple[TagSets, TagSets] | None = None) -> tuple:
    """Everything numeric about the pairs (q row qi[j], c row ci[j]), in flat lists
    (thread-safe: reads the rows only, and makes few objects for the garbage collector)."""
    products: dict = {}
    comp = pair_components(q, c, qi, ci, params, types, products)
    cols = [np.round(comp[k], 4).tolist() for k in COMPONENTS]
    parts = explain_parts(model, q, c, qi, ci, products, tags) if len(qi) else None
    scores = np.round(np.clip(100.0 * comp["final"], 0.0, 100.0), 2).tolist()
    return q, c, qi, ci, cols, parts, scores, q.ids[qi].tolist(), c.ids[ci].tolist()


def assemble(model: FeatureModel, ev: tuple) -> list[Match]:
    """The Match objects of evidence(...), in pair order."""
    q, c, qi, ci, cols, parts, scores, a_ids, b_ids = ev
    # per pair ((name, value), ...) and Match objects, in C-level loops: once per pair
    rounded = list(zip(*(zip(repeat(k), v) for k, v in zip(COMPONENTS, cols, strict=True)),
                       strict=True))
    expl = explain_pairs(model, q, c, qi, ci, rounded, parts)
    return frozen_instances(Match, [a_ids, b_ids, scores, list(map(dict, rounded)), expl])


def all_pairs(model: FeatureModel, types: TypeTable, rows: Rows, k: int, cross_border: bool,
              skip: dict[int, set[int]],
              progress: Callable[[int, int], None] | None) -> Iterator[list[Match]]:
    """Top-k lists of every row of rows against the others (skip: excluded partners by id).

    A first pass (blocked.BlockPlan, in worker threads) finds every row's best candidates
    with bounded memory. Then worker threads take blocks of rows in turn, rescore their
    sketched candidates exactly, pick each row's best k and compute their evidence (numpy
    and scipy, mostly without the GIL), while this thread turns finished blocks, in
    order, into Match objects (pure Python, holding the GIL).
    """
    params = model.params
    n, step = len(rows), max(1, params.block_rows)
    # one BLAS thread: the blocks run in worker threads already, and on a busy machine
    # BLAS threads spin (30,000 sketched orgs: candidates 13-18 CPU-s instead of 9-10)
    with threadpool_limits(1, user_api="blas"):
        plan = BlockPlan(rows, cross_border, skip, params, types)
        width = k + _TIE_MARGIN
        if not plan.exact:
            width = max(width, params.sketch_width * k)
        cand_p, cand_s = plan.candidates(width)
    tags = tag_sets(model, rows)

    def work(start: int) -> tuple[int, list[int], tuple]:
        end = min(n, start + step)
        pos, est = cand_p[start:end], cand_s[start:end]
        if not plan.exact:
            est = plan.rescore(pos, est, start)
        ok = (pos >= 0) & (est > -np.inf)
        qi, ci = np.repeat(np.arange(start, end), ok.sum(axis=1)), pos[ok]
        qi, ci = pick(qi, ci, est[ok], rows.ids, k)
        counts = np.bincount(qi - start, minlength=end - start).tolist()
        return end, counts, evidence(model, params, types, rows, rows, qi, ci, (tags, tags))

    for end, counts, ev in in_order(work, range(0, n, step), params.workers):
        # paused until the caller has taken this block's lists (and usually dropped them):
        # re-enabled sooner, the next collection traverses all of the block's new objects
        # (30,000 orgs: 71 ms per block, a fifth of the rebuild after the fit)
        with gc_paused():
            yield from split_counts(assemble(model, ev), counts)
        if progress is not None:
            progress(end, n)
