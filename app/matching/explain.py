"""Why two organisations match: shared and directional tags and terms, as deterministic data."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from app.matching.features import FeatureModel, Rows


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


def _top_terms(model: FeatureModel, z: sp.csr_matrix, n: int) -> list[tuple[str, ...]]:
    """Per row of an elementwise product, the n terms contributing most (readable forms)."""
    z = sp.csr_matrix(z)
    z.eliminate_zeros()
    z.sort_indices()  # ties then fall back to column (alphabetical) order, whatever the history
    counts = np.diff(z.indptr)
    rowid = np.repeat(np.arange(z.shape[0]), counts)
    top = float(z.data.max(initial=0.0)) or 1.0
    # row first, then larger contribution, then column (stable sort keeps CSR column order)
    order = np.argsort(rowid * 2.0 + (1.0 - z.data / top), kind="stable")
    within = np.arange(len(order)) - np.repeat(z.indptr[:-1], counts)
    keep = within < n
    cols, rows = z.indices[order][keep], rowid[keep]
    display, _ = model.display_terms()
    bounds = np.searchsorted(rows, np.arange(1, z.shape[0]))
    return [tuple(part) for part in np.split(display[cols], bounds)] if z.shape[0] else []


def _meets(model: FeatureModel, offered: frozenset[int], sought: frozenset[int],
           sought_closure: frozenset[int]) -> tuple[int, ...]:
    """Offered tags equal to, narrower than or broader than a sought tag."""
    if not offered or not sought:
        return ()
    anc = model.taxonomy.ancestors
    return tuple(sorted(
        t for t in offered if t in sought_closure or not sought.isdisjoint(anc.get(t, ()))
    ))


def explain_pairs(
    model: FeatureModel, q: Rows, c: Rows, qi: np.ndarray, ci: np.ndarray,
    components: Sequence[tuple[tuple[str, float], ...]],
) -> list[Explanation]:
    """Explanations of the pairs (q[qi[j]], c[ci[j]]) with their rounded components."""
    if len(qi) == 0:
        return []
    nt, n = model.n_text, model.params.explain_terms
    shared = _top_terms(model, q.P[qi].multiply(c.P[ci]), n)
    theirs = _top_terms(model, q.S[qi][:, :nt].multiply(c.O[ci][:, :nt]), n)
    ours = _top_terms(model, q.O[qi][:, :nt].multiply(c.S[ci][:, :nt]), n)
    out = []
    for j, (a, b) in enumerate(zip(qi, ci, strict=True)):
        out.append(Explanation(
            shared_tags=tuple(sorted(q.all_own[a] & c.all_own[b])),
            they_offer_we_seek_tags=_meets(model, c.cap_own[b], q.int_own[a], q.int_closure[a]),
            we_offer_they_seek_tags=_meets(model, q.cap_own[a], c.int_own[b], c.int_closure[b]),
            shared_terms=shared[j], they_offer_we_seek_terms=theirs[j],
            we_offer_they_seek_terms=ours[j],
            components=components[j],
        ))
    return out
