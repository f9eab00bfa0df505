"""The matcher: proposes UK-Japan partners by reciprocal fit of offers and seeks, with reasons.

Score of a pair (a, b), 0..100 (see MatchParams for the named weights and benchmarks/README.md
for the measurements that chose them):

    a_to_b     = fit of b's offers (text, capability tags) to a's seeks (text, interest tags)
    b_to_a     = the same the other way round
    reciprocal = harmonic mean of a_to_b and b_to_a (a one-sided fit scores low)
    similarity = cosine of the whole profiles' texts (tag labels in both languages included)
    tags       = cosine of IDF-weighted tag vectors (a tag also counts for its ancestors)
    score      = 100 * (w_reciprocal*reciprocal + w_similarity*similarity + w_tags*tags + type)

Text vectors are sublinear TF-IDF over stemmed Latin words and CJK character bi/trigrams, with
tag labels in both languages appended; taxonomy labels found in free text become "derived"
tags. Texts are length-normalised with a pivot (offer_pivot_slope), because on real
partnerships (benchmarks/match_quality.py) cosine under-ranks active organisations.

The score is symmetric; explanations are written from a's side. All-pairs work is done in
blocks of rows against sparse candidate matrices, so memory is bounded by block x candidates.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Iterator, Sequence

import numpy as np

from app.matching.blocked import gc_paused
from app.matching.explain import Explanation, TagSets
from app.matching.features import FeatureModel, Rows
from app.matching.profiles import (
    DEFAULT,
    DuplicateOrganisationError,
    MatchParams,
    OrgProfile,
    TagNode,
    UnknownOrganisationError,
)
from app.matching.results import Match, all_pairs, assemble, evidence
from app.matching.scoring import TypeTable, query_scores, topk_positions

__all__ = ["ENGINE_VERSION", "DEFAULT", "Explanation", "Match", "MatchIndex", "MatchParams",
           "OrgProfile", "TagNode", "UnknownOrganisationError", "DuplicateOrganisationError"]

ENGINE_VERSION = "1.1"  # 1.1: term weights tf^0.5 idf^0.5 (MatchParams.tf_power, idf_power)
_TAIL_LIMIT = 2048  # upserted rows kept apart before they are merged into the main block


def _exclusions(excluded: Collection[tuple[int, int]]) -> dict[int, set[int]]:
    out: dict[int, set[int]] = {}
    for x, y in excluded:
        out.setdefault(int(x), set()).add(int(y))
        out.setdefault(int(y), set()).add(int(x))
    return out


class MatchIndex:
    """Fitted features of a population of organisations, answering match queries."""

    def __init__(self, model: FeatureModel, rows: Rows) -> None:
        self._model = model
        self._params = model.params
        self._types = TypeTable(model.params)
        self._segs: list[Rows] = [rows]
        self._active: list[np.ndarray] = [np.ones(len(rows), dtype=bool)]
        self._where = {int(i): (0, r) for r, i in enumerate(rows.ids)}

    @classmethod
    def build(cls, profiles: Sequence[OrgProfile], tags: Sequence[TagNode],
              params: MatchParams = DEFAULT) -> MatchIndex:
        """Fit vectorisers on the profiles and index them (profiles need distinct ids)."""
        seen: set[int] = set()
        for p in profiles:
            if p.id in seen:
                raise DuplicateOrganisationError(f"organisation {p.id} appears twice")
            seen.add(p.id)
        ordered = sorted(profiles, key=lambda p: p.id)
        model = FeatureModel(tags, params)
        return cls(model, model.fit(ordered))

    def __len__(self) -> int:
        return len(self._where)

    def __contains__(self, org_id: object) -> bool:
        return org_id in self._where

    # -- maintenance -------------------------------------------------------------------------
    def upsert(self, profile: OrgProfile) -> None:
        """Add or replace one organisation, transformed with the fitted vectorisers."""
        rows = self._model.transform([profile])
        if profile.id in self._where:
            seg, r = self._where[profile.id]
            self._active[seg][r] = False
        if len(self._segs) == 1:
            self._segs.append(rows)
            self._active.append(np.ones(1, dtype=bool))
        else:
            self._segs[1] = Rows.concat([self._segs[1], rows])
            self._active[1] = np.append(self._active[1], True)
        self._where[int(profile.id)] = (1, len(self._segs[1]) - 1)
        if len(self._segs[1]) > _TAIL_LIMIT:
            self._compact()

    def remove(self, org_id: int) -> None:
        """Drop one organisation from all future results."""
        if org_id not in self._where:
            raise UnknownOrganisationError(org_id)
        seg, r = self._where.pop(org_id)
        self._active[seg][r] = False

    def _compact(self) -> Rows:
        """Merge all live rows into one block sorted by id and return it."""
        if len(self._segs) > 1 or not self._active[0].all():
            parts = [s.take(np.flatnonzero(a))
                     for s, a in zip(self._segs, self._active, strict=True)]
            rows = Rows.concat(parts)
            rows = rows.take(np.argsort(rows.ids, kind="stable"))
            self.__init__(self._model, rows)  # type: ignore[misc]
        return self._segs[0]

    def _rows_of(self, ids: Sequence[int]) -> Rows:
        """Feature rows of the given organisations, in that order."""
        base = self._segs[0]
        if len(self._segs) == 1 and len(base):
            want = np.asarray(ids, dtype=np.int64)
            pos = np.minimum(np.searchsorted(base.ids, want), len(base) - 1)
            ok = (base.ids[pos] == want) & self._active[0][pos]
            if ok.all():
                return base.take(pos)
        parts, order = [], []
        for s, seg in enumerate(self._segs):
            pos = [(j, self._where[i][1]) for j, i in enumerate(ids)
                   if self._where.get(i, (-1, 0))[0] == s]
            if pos:
                parts.append(seg.take(np.array([p for _, p in pos], dtype=np.intp)))
                order.extend(j for j, _ in pos)
        for i in ids:
            if i not in self._where:
                raise UnknownOrganisationError(i)
        rows = Rows.concat(parts)
        return rows.take(np.argsort(np.array(order), kind="stable"))

    # -- results -----------------------------------------------------------------------------
    def _evidence(self, q: Rows, c: Rows, qi: np.ndarray, ci: np.ndarray,
                  tags: tuple[TagSets, TagSets] | None = None) -> tuple:
        return evidence(self._model, self._params, self._types, q, c, qi, ci, tags)

    def _assemble(self, ev: tuple) -> list[Match]:
        with gc_paused():
            return assemble(self._model, ev)

    def _matches(self, q: Rows, c: Rows, qi: np.ndarray, ci: np.ndarray) -> list[Match]:
        return self._assemble(self._evidence(q, c, qi, ci))

    def score_pairs(self, pairs: Iterable[tuple[int, int]]) -> list[Match]:
        """Score and explain the given (a, b) pairs, in the given order."""
        pairs = [(int(a), int(b)) for a, b in pairs]
        if not pairs:
            return []
        q, c = self._rows_of([a for a, _ in pairs]), self._rows_of([b for _, b in pairs])
        idx = np.arange(len(pairs))
        return self._matches(q, c, idx, idx)

    def score_against(self, query: OrgProfile | int,
                      candidates: Sequence[int | OrgProfile]) -> np.ndarray:
        """Raw blended scores (0..1) of one organisation against candidates, for ranking.

        Profiles given here (as the query or among the candidates, e.g. a draft of an existing
        organisation) are transformed with the fitted vectorisers but not stored.
        """
        q = (self._model.transform([query]) if isinstance(query, OrgProfile)
             else self._rows_of([query]))
        drafts = [j for j, c in enumerate(candidates) if isinstance(c, OrgProfile)]
        known = [j for j, c in enumerate(candidates) if not isinstance(c, OrgProfile)]
        out = np.zeros(len(candidates), dtype=np.float64)
        if known:
            rows = self._rows_of([int(candidates[j]) for j in known])  # type: ignore[arg-type]
            out[known] = query_scores(q, rows, self._params, self._types)
        if drafts:
            rows = self._model.transform([candidates[j] for j in drafts])  # type: ignore[misc]
            out[drafts] = query_scores(q, rows, self._params, self._types)
        return out

    def top_k_for(self, profile_or_id: OrgProfile | int, k: int = 20, *, cross_border: bool = True,
                  excluded: Collection[tuple[int, int]] = ()) -> list[Match]:
        """Best k partners of one organisation; a profile given here first replaces its row."""
        if isinstance(profile_or_id, OrgProfile):
            self.upsert(profile_or_id)
            org_id = profile_or_id.id
        else:
            org_id = int(profile_or_id)
        q = self._rows_of([org_id])
        skip = _exclusions(excluded).get(org_id, set()) | {org_id}
        found: list[tuple[float, int, int, int]] = []
        for s, (seg, live) in enumerate(zip(self._segs, self._active, strict=True)):
            scores = query_scores(q, seg, self._params, self._types)
            ok = live & ~np.isin(seg.ids, list(skip))
            if cross_border:
                ok &= seg.country != q.country[0]
            scores = np.where(ok, scores, -np.inf)
            found += [(-scores[p], int(seg.ids[p]), s, int(p))
                      for p in topk_positions(scores, seg.ids, k)]
        found = sorted(found)[:k]
        by_seg = {s: [p for _, _, t, p in found if t == s] for s in {f[2] for f in found}}
        made = {(s, p): m for s, ps in by_seg.items()  # one batch per segment
                for p, m in zip(ps, self._matches(q, self._segs[s], np.zeros(len(ps), np.intp),
                                                  np.array(ps)), strict=True)}
        return [made[s, p] for _, _, s, p in found]

    def similar(self, org_id: int, k: int = 6) -> list[tuple[int, float]]:
        """The k organisations (any country) whose whole profile is most like this one's."""
        if org_id not in self._where:
            raise UnknownOrganisationError(org_id)
        seg, r = self._where[org_id]
        weight = self._params.w_similarity + self._params.w_tags or 1.0
        # only the row of G (an organisation page asks on every view: _rows_of would copy all
        # five feature matrices); matrix × dense vector: one pass, no sparse product
        vector = self._segs[seg].G[r].toarray().ravel()
        best: list[tuple[float, int]] = []
        for seg, live in zip(self._segs, self._active, strict=True):
            sim = np.asarray(seg.G @ vector).ravel() / weight
            sim = np.where(live & (seg.ids != org_id), sim, -np.inf)
            best += [(-float(sim[p]), int(seg.ids[p])) for p in topk_positions(sim, seg.ids, k)]
        return [(i, round(-s, 4)) for s, i in sorted(best)[:k]]

    def top_k_all(self, k: int = 20, *, cross_border: bool = True,
                  excluded: Collection[tuple[int, int]] = (),
                  progress: Callable[[int, int], None] | None = None) -> Iterator[list[Match]]:
        """Best k partners of every organisation, one list per organisation in id order."""
        rows = self._compact()
        yield from all_pairs(self._model, self._types, rows, k, cross_border,
                             _exclusions(excluded), progress)

    def candidate_pairs(self, org_ids: Collection[int], k: int = 10, *, cross_border: bool = True,
                        excluded: Collection[tuple[int, int]] = ()) -> list[Match]:
        """Pairs among the given organisations (each once, a < b), from each one's best k."""
        ids = sorted({int(i) for i in org_ids})
        if len(ids) < 2:
            return []
        best: dict[tuple[int, int], Match] = {}
        for lst in all_pairs(self._model, self._types, self._rows_of(ids), k, cross_border,
                               _exclusions(excluded), None):
            for m in lst:
                if (min(m.a, m.b), max(m.a, m.b)) not in best:
                    best[(min(m.a, m.b), max(m.a, m.b))] = m
        pairs = sorted(best, key=lambda p: (-best[p].score, p))
        return [best[p] if best[p].a == p[0] else self.score_pairs([p])[0] for p in pairs]
