"""Why two organisations match: shared and directional tags and terms, as deterministic data."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TypeVar

import numpy as np
import scipy.sparse as sp

from app.matching.features import FeatureModel, Rows

T = TypeVar("T")


@dataclass(frozen=True)
class Explanation:
    """Evidence for a match of a (the organisation asking) with b (the proposed partner)."""

    shared_tags: tuple[int, ...] = ()
    they_offer_we_seek_tags: tuple[int, ...] = ()  # b's capabilities meeting a's interests
    we_offer_they_seek_tags: tuple[int, ...] = ()  # a's capabilities meeting b's interests
    shared_terms: tuple[str, ...] = ()
    they_offer_we_seek_terms: tuple[str, ...] = ()
    we_offer_they_seek_terms: tuple[str, ...] = ()
    components: tuple[tuple[str, float], ...] = ()

    def to_dict(self) -> dict:
        """A JSON-safe dict with lists in a fixed order."""
        return {
            "shared_tags": list(self.shared_tags),
            "they_offer_we_seek_tags": list(self.they_offer_we_seek_tags),
            "we_offer_they_seek_tags": list(self.we_offer_they_seek_tags),
            "shared_terms": list(self.shared_terms),
            "they_offer_we_seek_terms": list(self.they_offer_we_seek_terms),
            "we_offer_they_seek_terms": list(self.we_offer_they_seek_terms),
            "components": {k: v for k, v in self.components},
        }


def frozen_instance(cls: type[T], values: dict[str, object]) -> T:
    """A frozen dataclass instance from a dict of complete, valid field values (no __init__).

    For hot loops over hundreds of thousands of pairs: the generated __init__ of a frozen
    dataclass sets each field through object.__setattr__, several times slower than this
    (and so is passing the values as keyword arguments).
    """
    obj = object.__new__(cls)
    obj.__dict__.update(values)
    return obj


def _top_terms(model: FeatureModel, z: sp.csr_matrix, n: int, ncols: int) -> list[tuple[str, ...]]:
    """Per row of an elementwise product, the n text columns (< ncols) contributing most."""
    z = sp.csr_matrix(z, copy=True)
    z.data[z.indices >= ncols] = 0
    z.eliminate_zeros()
    z.sort_indices()  # ties then fall back to column (alphabetical) order, whatever the history
    counts = np.diff(z.indptr)
    rowid = np.repeat(np.arange(z.shape[0], dtype=np.int64), counts)
    # row first, then larger contribution, then column (the stable sort keeps column order):
    # exact keys, so the choice among near-equal contributions cannot depend on which other
    # pairs share the batch. The bits of a non-negative float32 grow with its value.
    bits = np.maximum(z.data, 0).astype(np.float32).view(np.uint32).astype(np.int64)
    order = np.argsort((rowid << 32) | (0xFFFFFFFF - bits), kind="stable")
    within = np.arange(len(order)) - np.repeat(z.indptr[:-1], counts)
    keep = within < n
    display, _ = model.display_terms()
    names = display[z.indices[order][keep]].tolist()
    ends = np.cumsum(np.minimum(counts, n)).tolist()
    starts = [0, *ends[:-1]]
    return [tuple(names[a:b]) for a, b in zip(starts, ends, strict=True)]


def _reach(model: FeatureModel) -> Callable[[frozenset[int]], frozenset[int]]:
    """Tags that meet a sought set: the sought tags, their ancestors and their descendants.

    Memoised on the model (its taxonomy is fixed once built).
    """
    cached = getattr(model, "_meet_reach", None)
    if cached is not None:
        return cached
    below: dict[int, set[int]] = {}
    for t, chain in model.taxonomy.ancestors.items():
        for a in chain:
            below.setdefault(a, set()).add(t)
    cache: dict[frozenset[int], frozenset[int]] = {}

    def reach(sought: frozenset[int]) -> frozenset[int]:
        if sought not in cache:
            out = set(model.taxonomy.closure(sought))
            for t in sought:
                out |= below.get(t, set())
            cache[sought] = frozenset(out)
        return cache[sought]

    model._meet_reach = reach  # type: ignore[attr-defined]
    return reach


Terms = tuple[list[tuple[str, ...]], list[tuple[str, ...]], list[tuple[str, ...]]]


def explain_terms(model: FeatureModel, products: dict[str, sp.csr_matrix]) -> Terms:
    """Shared, they-offer-we-seek and we-offer-they-seek terms of pairs from their products."""
    nt, n = model.n_text, model.params.explain_terms
    return (_top_terms(model, products["P"], n, nt), _top_terms(model, products["SO"], n, nt),
            _top_terms(model, products["OS"], n, nt))


def explain_pairs(
    model: FeatureModel, q: Rows, c: Rows, qi: np.ndarray, ci: np.ndarray,
    components: Sequence[tuple[tuple[str, float], ...]], terms: Terms | None = None,
) -> list[Explanation]:
    """Explanations of the pairs (q[qi[j]], c[ci[j]]) with their rounded components.

    terms may hold explain_terms of the pairs' products already computed for the score
    (see scoring.pair_components); otherwise they are computed here.
    """
    if len(qi) == 0:
        return []
    if terms is None:
        terms = explain_terms(model, {"SO": q.S[qi].multiply(c.O[ci]),
                                      "OS": q.O[qi].multiply(c.S[ci]),
                                      "P": q.P[qi].multiply(c.P[ci])})
    shared, theirs, ours = terms
    reach = _reach(model)
    q_all, q_cap, q_int = q.all_own, q.cap_own, q.int_own
    c_all, c_cap, c_int = c.all_own, c.cap_own, c.int_own
    new, empty = object.__new__, ()
    out = []
    for a, b, sh, th, ou, co in zip(qi.tolist(), ci.tolist(), shared, theirs, ours, components,
                                    strict=True):
        both, met_b, met_a = q_all[a] & c_all[b], c_cap[b] & reach(q_int[a]), q_cap[a] & reach(
            c_int[b])
        e = new(Explanation)  # frozen_instance inlined: this loop runs once per pair
        e.__dict__.update({
            "shared_tags": tuple(sorted(both)) if both else empty,
            "they_offer_we_seek_tags": tuple(sorted(met_b)) if met_b else empty,
            "we_offer_they_seek_tags": tuple(sorted(met_a)) if met_a else empty,
            "shared_terms": sh, "they_offer_we_seek_terms": th, "we_offer_they_seek_terms": ou,
            "components": co,
        })
        out.append(e)
    return out
