"""Why two organisations match: shared and directional tags and terms, as deterministic data."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from app.matching.features import FeatureModel, Rows
from app.matching.text import cjk_runs


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
    counts = np.diff(z.indptr)
    rowid = np.repeat(np.arange(z.shape[0]), counts)
    order = np.lexsort((z.indices, -z.data, rowid))
    cols = z.indices[order]
    out: list[tuple[str, ...]] = []
    for r in range(z.shape[0]):
        picked: list[str] = []
        for c in cols[z.indptr[r] : z.indptr[r + 1]]:
            term = model.terms[c]
            term = model.forms.get(term, term)
            picked.append(term)
            if len(picked) == 2 * n:
                break
        # a CJK bigram inside a listed trigram says nothing new
        kept = [t for t in picked if not (cjk_runs(t) and any(t != p and t in p for p in picked))]
        out.append(tuple(kept[:n]))
    return out


def _meets(model: FeatureModel, offered: frozenset[int], sought: frozenset[int]) -> tuple[int, ...]:
    """Offered tags equal to, narrower than or broader than a sought tag."""
    anc = model.taxonomy.ancestors
    sought_closure = model.taxonomy.closure(sought)
    return tuple(sorted(
        t for t in offered
        if t in sought or any(a in sought for a in anc.get(t, ())) or t in sought_closure
    ))


def explain_pairs(
    model: FeatureModel, q: Rows, c: Rows, qi: np.ndarray, ci: np.ndarray,
    components: Sequence[dict[str, float]],
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
            they_offer_we_seek_tags=_meets(model, c.cap_own[b], q.int_own[a]),
            we_offer_they_seek_tags=_meets(model, q.cap_own[a], c.int_own[b]),
            shared_terms=shared[j], they_offer_we_seek_terms=theirs[j],
            we_offer_they_seek_terms=ours[j],
            components=tuple(sorted(components[j].items())),
        ))
    return out
