"""Feature rows of organisations: directional (seek/offer) and profile vectors of text and tags."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import TfidfTransformer

from app.matching import process
from app.matching.counting import Part, TermCounter
from app.matching.documents import Described
from app.matching.process import in_child
from app.matching.profiles import MatchParams, OrgProfile, TagNode
from app.matching.taxonomy import Taxonomy, _l2
from app.matching.text import Analyzer, cjk_runs, merge_forms, prepare


@dataclass
class Rows:
    """Feature rows of a set of organisations, aligned by position.

    S (seek side) times O (offer side) transposed gives directional fits a->b; G holds the
    weighted profile text and tag vectors so that G G^T is the symmetric part of the score.
    """

    ids: np.ndarray
    country: np.ndarray
    org_type: np.ndarray
    S: sp.csr_matrix
    O: sp.csr_matrix  # noqa: E741
    G: sp.csr_matrix
    P: sp.csr_matrix
    T: sp.csr_matrix
    cap_own: list[frozenset[int]]
    int_own: list[frozenset[int]]
    all_own: list[frozenset[int]]
    int_closure: list[frozenset[int]]

    def __len__(self) -> int:
        return len(self.ids)

    def take(self, idx: np.ndarray) -> Rows:
        """The rows at the given positions, in that order."""
        return Rows(
            self.ids[idx], self.country[idx], self.org_type[idx],
            self.S[idx], self.O[idx], self.G[idx], self.P[idx], self.T[idx],
            [self.cap_own[i] for i in idx], [self.int_own[i] for i in idx],
            [self.all_own[i] for i in idx], [self.int_closure[i] for i in idx],
        )

    @staticmethod
    def concat(parts: Sequence[Rows]) -> Rows:
        """Rows of several blocks stacked in order."""
        def stack(name: str) -> sp.csr_matrix:
            return sp.csr_matrix(sp.vstack([getattr(p, name) for p in parts], format="csr"))

        return Rows(
            np.concatenate([p.ids for p in parts]),
            np.concatenate([p.country for p in parts]),
            np.concatenate([p.org_type for p in parts]),
            stack("S"), stack("O"), stack("G"), stack("P"), stack("T"),
            [s for p in parts for s in p.cap_own], [s for p in parts for s in p.int_own],
            [s for p in parts for s in p.all_own], [s for p in parts for s in p.int_closure],
        )


def _join(parts: list[str]) -> str:
    """Non-blank parts joined by spaces (equal texts stay equal, so they are analysed once)."""
    return " ".join(t.strip() for t in parts if t and t.strip())


def _first(*texts: str) -> str:
    """The first non-blank text (or the empty string)."""
    return next((t for t in texts if t and t.strip()), "")


class FeatureModel:
    """Vectorisers fitted once on a population and then applied to any profile (no refit)."""

    def __init__(self, tags: Sequence[TagNode], params: MatchParams) -> None:
        self.params = params
        self.taxonomy = Taxonomy(tags, params.parent_weight, params.stem_len)
        self.forms: dict[str, str] = {}
        self._prepared: dict[str, tuple[str, list[str]]] = {}  # per fit/transform call
        self.analyzer = Analyzer(params.stem_len, self._prepare)
        self.counter = TermCounter(self.analyzer)
        self.idf = TfidfTransformer(norm=None)  # only its fitted idf_ is used
        self._term_weight = np.ones(0, dtype=np.float32)
        self.mean_norm = 1.0
        self.max_pivot = 1.0
        self._display: tuple[int, np.ndarray, np.ndarray] | None = None
        self.terms: np.ndarray = np.array([], dtype=object)

    def _prepare(self, text: str) -> tuple[str, list[str]]:
        """text.prepare, memoised while one batch is analysed (tag search, then vectoriser)."""
        got = self._prepared.get(text)
        if got is None:
            got = self._prepared[text] = prepare(text)
        return got

    # -- fitting -----------------------------------------------------------------------------
    def fit(self, profiles: Sequence[OrgProfile]) -> Rows:
        """Fit the text vocabulary, IDF and tag IDF on the profiles and return their rows."""
        try:
            return self._fit(profiles)
        finally:
            self._prepared = {}

    def _fit(self, profiles: Sequence[OrgProfile]) -> Rows:
        n = len(profiles)
        if n > self.params.fork_above and process.can_fork():
            # a forked child does the second half's tag search and term counts meanwhile
            half = n // 2
            pending = in_child(self._fit_part, profiles[half:])
            try:
                parts = [self._fit_part(profiles[:half])]
            except BaseException:
                pending.cancel()
                raise
            parts.append(pending.result())
            desc, at = Described.merge([d for d, _, _ in parts])
        else:
            parts = [self._fit_part(profiles)]
            desc, at = parts[0][0], None
        for _, _, forms in parts:
            merge_forms(self.forms, forms.values(), self.params.stem_len)
        try:
            if at is None:  # one part holds the texts in order: its ids are the first-seen
                unit = self.counter.fit_part(parts[0][1])
            else:  # the same to the last bit as counting all the texts at once
                unit = self.counter.fit_parts([c for _, c, _ in parts], at)
        except ValueError:  # not one usable token anywhere: keep a placeholder vocabulary
            self.counter.fit(["\u672a\u77e5"])
            unit = self.counter.transform(desc.texts)
        del parts
        counts = desc.counts(unit)
        self.idf.fit(counts[2 * n :] if n else sp.csr_matrix((1, counts.shape[1])))
        self._term_weight = (self.idf.idf_ ** self.params.idf_power).astype(np.float32)
        self.terms = self.counter.get_feature_names_out().astype(object)
        self._display = None
        self.display_terms()
        self.taxonomy.fit_idf(desc.tags[1])
        raw = self._tfidf(counts)
        norms = _norms(raw[n:])
        self.mean_norm = float(norms[norms > 0].mean()) if (norms > 0).any() else 1.0
        self.max_pivot = max(1e-12, float(self._pivot(norms).max(initial=0.0)))
        return self._rows(profiles, desc, raw)

    def _fit_part(self, profiles: Sequence[OrgProfile]) -> tuple[Described, Part, dict[str, str]]:
        """Some profiles described, their texts' token counts over a vocabulary of their own,
        and the readable forms of their stems."""
        try:
            desc = self._describe(profiles)
            return desc, self.counter.count_part(desc.texts), self.analyzer.forms({})
        finally:
            self._prepared = {}

    def _pivot(self, norms: np.ndarray) -> np.ndarray:
        """Pivoted length factor n / ((1-s) mean + s n): above 1 for longer than average texts."""
        slope = self.params.offer_pivot_slope
        return norms / ((1 - slope) * self.mean_norm + slope * norms + 1e-12)

    def transform(self, profiles: Sequence[OrgProfile]) -> Rows:
        """Rows of profiles with the fitted vectorisers (new words are ignored)."""
        try:
            desc = self._describe(profiles)
            unit = self.counter.transform(desc.texts)
            self.analyzer.forms(self.forms)
            return self._rows(profiles, desc, self._tfidf(desc.counts(unit)))
        finally:
            self._prepared = {}

    # -- internals ---------------------------------------------------------------------------
    def _describe(self, profiles: Sequence[OrgProfile]) -> Described:
        """Documents, tag weights before IDF and own tags of profiles."""
        tax = self.taxonomy
        sides = [self._sides(p) for p in profiles]
        return Described.of(
            [s[i] for i in range(3) for s in sides],
            (tax.raw([s[3] for s in sides]), tax.raw([s[4] for s in sides]),
             tax.raw([s[5] for s in sides])),
            [s[6] for s in sides], [tax.closure(s[6][1]) for s in sides])

    def _sides(self, p: OrgProfile):
        """Seek text, offer text, profile text and the tag weights of seek/all/offer sides."""
        tax, prm = self.taxonomy, self.params
        cap, intr = tax.known(p.capability_tags), tax.known(p.interest_tags)
        offer_src = _first(p.offers, p.description, p.seeks)
        seek_src = _first(p.seeks, p.description, p.offers)
        d_offer = tax.derive(offer_src, self._prepare)
        d_seek = d_offer if seek_src == offer_src else tax.derive(seek_src, self._prepare)
        if not intr and not d_seek:  # says nothing about what it seeks: like seeks like
            intr, d_seek = cap, d_offer
        if not cap and not d_offer:
            cap, d_offer = intr, d_seek
        rep = prm.label_repeat
        offer_text = [offer_src] + [tax.labels(cap)] * rep
        seek_text = [seek_src] + [tax.labels(intr)] * rep
        full = [p.description, p.offers, p.seeks] + [tax.labels(cap | intr)] * rep
        w_seek = tax.weights(intr, d_seek, prm.derived_weight)
        w_offer = tax.weights(cap, d_offer, prm.derived_weight)
        w_all = tax.weights(cap | intr, d_offer | d_seek, prm.derived_weight)
        own = (cap | d_offer, intr | d_seek, cap | intr | d_offer | d_seek)
        return seek_text, offer_text, full, w_seek, w_all, w_offer, own

    def _tfidf(self, counts: sp.csr_matrix) -> sp.csr_matrix:
        """Term weights tf ** tf_power * idf ** idf_power (MatchParams), unnormalised."""
        out = sp.csr_matrix(counts, dtype=np.float32, copy=True)
        if out.nnz:
            out.data **= np.float32(self.params.tf_power)
            out.data *= self._term_weight[out.indices]
        return out

    def _rows(self, profiles: Sequence[OrgProfile], desc: Described, raw: sp.csr_matrix) -> Rows:
        prm, tax = self.params, self.taxonomy
        n = len(profiles)
        norms = _norms(raw)
        pivot = np.minimum(1.0, self._pivot(norms) / self.max_pivot)
        unit = prune_rows(_l2(raw), prm.max_terms)
        seek_t = unit[:n]
        offer_t = _scale(unit[n : 2 * n], pivot[n : 2 * n])
        full = _scale(unit[2 * n :], pivot[2 * n :]) if prm.profile_pivot else unit[2 * n :]
        I_m, T_m, C_m = (tax.matrix(m) for m in desc.tags)
        has_txt = _norms(seek_t) > 0
        has_tag = _norms(I_m) > 0
        g = np.where(has_tag & has_txt, prm.directional_tag_share, np.where(has_tag, 1.0, 0.0))
        S = sp.hstack([_scale(seek_t, 1 - g), _scale(I_m, g)], format="csr")
        O = sp.hstack([offer_t, C_m], format="csr")  # noqa: E741
        G = sp.hstack(
            [full * np.float32(np.sqrt(prm.w_similarity)), T_m * np.float32(np.sqrt(prm.w_tags))],
            format="csr",
        )
        return Rows(
            ids=np.array([p.id for p in profiles], dtype=np.int64).reshape(n),
            country=np.array([p.country for p in profiles], dtype=object).reshape(n),
            org_type=np.array([p.org_type for p in profiles], dtype=object).reshape(n),
            S=sp.csr_matrix(S, dtype=np.float32), O=sp.csr_matrix(O, dtype=np.float32),
            G=sp.csr_matrix(G, dtype=np.float32), P=full, T=T_m,
            cap_own=[o[0] for o in desc.own], int_own=[o[1] for o in desc.own],
            all_own=[o[2] for o in desc.own], int_closure=desc.int_closure,
        )

    def display_terms(self) -> tuple[np.ndarray, np.ndarray]:
        """Readable form of each text column (and whether it is CJK), fixed by the fitted corpus.

        Computed once, so explanations do not depend on which profiles were upserted since.
        """
        if self._display is None:
            shown = np.array([self.forms.get(t, t) for t in self.terms], dtype=object)
            cjk = np.array([bool(cjk_runs(t)) for t in self.terms], dtype=bool)
            self._display = (len(self.forms), shown, cjk)
        return self._display[1], self._display[2]

    @property
    def n_text(self) -> int:
        """Number of text columns (they come first in S, O and G)."""
        return len(self.terms)


def _norms(m: sp.csr_matrix) -> np.ndarray:
    return np.sqrt(np.asarray(m.multiply(m).sum(axis=1), dtype=np.float64).ravel())


def _scale(m: sp.csr_matrix, factors: np.ndarray) -> sp.csr_matrix:
    return sp.csr_matrix(sp.diags(np.asarray(factors, dtype=np.float32)) @ m)


def prune_rows(m: sp.csr_matrix, keep: int) -> sp.csr_matrix:
    """Each row cut to its keep largest entries (ties: lower column), so products stay sparse."""
    m = sp.csr_matrix(m)
    m.sort_indices()
    counts = np.diff(m.indptr)
    if keep <= 0 or counts.max(initial=0) <= keep:
        return m
    rowid = np.repeat(np.arange(m.shape[0]), counts)
    top = float(np.abs(m.data).max(initial=0.0)) or 1.0
    order = np.argsort(rowid * 2.0 + (1.0 - m.data / top), kind="stable")
    within = np.arange(len(order)) - np.repeat(m.indptr[:-1], counts)
    chosen = np.sort(order[within < keep])
    return sp.csr_matrix((m.data[chosen], (rowid[chosen], m.indices[chosen])), shape=m.shape)
