"""Why two organisations match: shared and directional tags and terms, as deterministic data."""

from __future__ import annotations

from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass, fields
from itertools import chain, repeat
from typing import TypeVar

import numpy as np
import scipy.sparse as sp

from app.matching.features import FeatureModel, Rows
from app.matching.scoring import pair_products

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
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


def frozen_instances(cls: type[T], columns: Sequence[Sequence[object]]) -> list[T]:
    """Instances of a frozen, slotted dataclass from one column of complete, valid values per
    field (in field order), one instance per row, without __init__.

    For hot loops over hundreds of thousands of pairs: the generated __init__ of a frozen
    dataclass sets each field through object.__setattr__, several times slower; here each
    field's slot is filled for all rows by a C-level loop over its descriptor (no per-object
    __dict__ either: a slotted instance costs half as much to build).
    """
    names = [f.name for f in fields(cls)]  # type: ignore[arg-type]
    if len(columns) != len(names):
        raise ValueError(f"{cls.__name__} has {len(names)} fields, got {len(columns)} columns")
    n = len(columns[0]) if columns else 0
    if any(len(col) != n for col in columns):
        raise ValueError("columns of different lengths")
    out = list(map(object.__new__, repeat(cls, n)))
    for name, col in zip(names, columns, strict=True):
        deque(map(cls.__dict__[name].__set__, out, col), maxlen=0)
    return out


# Per-pair lists kept flat until the objects are built: items[starts[j]:ends[j]] is pair j's.
Slices = tuple[list, list[int], list[int]]


def _top_terms(model: FeatureModel, z: sp.csr_matrix, n: int, ncols: int) -> Slices:
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
    return names, [0, *ends[:-1]], ends


@dataclass
class TagSets:
    """Organisations' tags as 0/1 matrices over the taxonomy's columns (id order): all own
    tags, capability tags, and the tags meeting their interests (reach: the sought tags,
    their ancestors and their descendants)."""

    all: sp.csr_matrix
    cap: sp.csr_matrix
    reach: sp.csr_matrix


def _incidence(ids: np.ndarray, sets: Sequence[frozenset[int]]) -> sp.csr_matrix:
    """One 0/1 row per set of tag ids, columns in the order of ids (sorted); unknown dropped."""
    lens = np.fromiter(map(len, sets), dtype=np.intp, count=len(sets))
    flat = np.fromiter(chain.from_iterable(sets), dtype=np.int64, count=int(lens.sum()))
    row = np.repeat(np.arange(len(sets)), lens)
    col = np.minimum(np.searchsorted(ids, flat), max(0, len(ids) - 1))
    ok = ids[col] == flat if len(ids) else np.zeros(len(flat), dtype=bool)
    m = sp.csr_matrix((np.ones(int(ok.sum()), dtype=np.float32), (row[ok], col[ok])),
                      shape=(len(sets), len(ids)))
    m.sum_duplicates()
    return m


def _meet_matrix(model: FeatureModel) -> tuple[np.ndarray, sp.csr_matrix]:
    """Sorted tag ids, and the 0/1 matrix of which tags meet a sought tag (itself, its
    ancestors, its descendants). Memoised on the model (its taxonomy is fixed once built)."""
    cached = getattr(model, "_meet_matrix", None)
    if cached is not None:
        return cached
    ids = np.array(sorted(model.taxonomy.nodes), dtype=np.int64)
    pairs = [(t, t) for t in ids.tolist()]
    for t, chain_up in model.taxonomy.ancestors.items():
        pairs += [(t, a) for a in chain_up] + [(a, t) for a in chain_up]
    sought, met = (np.searchsorted(ids, np.array([p[j] for p in pairs], dtype=np.int64))
                   for j in (0, 1))
    m = sp.csr_matrix((np.ones(len(pairs), dtype=np.float32), (sought, met)),
                      shape=(len(ids), len(ids)))
    m.data[:] = 1
    model._meet_matrix = (ids, m)  # type: ignore[attr-defined]
    return ids, m


def tag_sets(model: FeatureModel, rows: Rows, at: np.ndarray | None = None) -> TagSets:
    """TagSets of rows (or of rows at the positions at, in that order)."""
    ids, meet = _meet_matrix(model)

    def pick(sets: list[frozenset[int]]) -> Sequence[frozenset[int]]:
        return sets if at is None else [sets[i] for i in at.tolist()]

    reach = _incidence(ids, pick(rows.int_own)) @ meet
    reach.data[:] = 1
    reach.sort_indices()
    return TagSets(_incidence(ids, pick(rows.all_own)), _incidence(ids, pick(rows.cap_own)),
                   reach)


def _meets(ids: np.ndarray, x: sp.csr_matrix, y: sp.csr_matrix) -> Slices:
    """Per row, the ids of the columns set in both x and y, ascending."""
    z = sp.csr_matrix(x.multiply(y))
    z.sort_indices()
    bounds = z.indptr.tolist()
    return ids[z.indices].tolist(), bounds[:-1], bounds[1:]


def _tuples(part: Slices) -> list[tuple]:
    """tuple(items[a:b]) for each pair, in C-level loops (this runs for every pair)."""
    items, starts, ends = part
    return list(map(tuple, map(items.__getitem__, map(slice, starts, ends))))


def explain_parts(model: FeatureModel, q: Rows, c: Rows, qi: np.ndarray, ci: np.ndarray,
                  products: dict[str, sp.csr_matrix] | None = None,
                  tags: tuple[TagSets, TagSets] | None = None) -> list[Slices]:
    """The lists behind the explanations of the pairs (q[qi[j]], c[ci[j]]), still flat: shared,
    they-offer-we-seek and we-offer-they-seek tags, then terms (numpy and scipy only, so it
    can run in a worker thread without creating many objects for the garbage collector).

    products may hold the pairs' elementwise products already computed for the score (see
    scoring.pair_components); tags may hold the TagSets of all of q's and c's rows (worth it
    for many pairs); what is not given is computed here.
    """
    if products is None:
        products = {key: pair_products(a, b, qi, ci)[0] for key, a, b in (
            ("SO", q.S, c.O), ("OS", q.O, c.S), ("P", q.P, c.P))}
    if tags is None:
        ta, tb = tag_sets(model, q, qi), tag_sets(model, c, ci)
    else:
        ta, tb = (TagSets(*(m[i] for m in (t.all, t.cap, t.reach)))
                  for t, i in zip(tags, (qi, ci), strict=True))
    ids = _meet_matrix(model)[0]
    nt, n = model.n_text, model.params.explain_terms
    return [_meets(ids, ta.all, tb.all), _meets(ids, tb.cap, ta.reach),
            _meets(ids, ta.cap, tb.reach), *(_top_terms(model, products[key], n, nt)
                                             for key in ("P", "SO", "OS"))]


def explain_pairs(
    model: FeatureModel, q: Rows, c: Rows, qi: np.ndarray, ci: np.ndarray,
    components: Sequence[tuple[tuple[str, float], ...]], parts: list[Slices] | None = None,
) -> list[Explanation]:
    """Explanations of the pairs (q[qi[j]], c[ci[j]]) with their rounded components, from
    explain_parts (computed here if not given)."""
    if len(qi) == 0:
        return []
    if parts is None:
        parts = explain_parts(model, q, c, qi, ci)
    return frozen_instances(Explanation, [*map(_tuples, parts), components])
