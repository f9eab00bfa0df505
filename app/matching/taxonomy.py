"""The tag tree as the matcher uses it: ancestors, IDF-weighted tag vectors, tags found in text."""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Sequence
from operator import itemgetter

import numpy as np
import scipy.sparse as sp

from app.matching.profiles import TagNode
from app.matching.text import latin_words, normalise, prepare, stem


class Taxonomy:
    """Bilingual tag tree; unknown tag ids are merged away (ignored) wherever they appear."""

    def __init__(self, tags: Sequence[TagNode], parent_weight: float, stem_len: int) -> None:
        self.nodes = {t.id: t for t in sorted(tags, key=lambda t: t.id)}
        self.col = {tid: i for i, tid in enumerate(self.nodes)}
        self.parent_weight = parent_weight
        self.ancestors = {tid: self._chain(tid) for tid in self.nodes}
        self.idf = np.ones(len(self.nodes), dtype=np.float64)
        # English labels as word sequences: first word -> length -> sequence -> tag ids
        self._en: dict[str, dict[int, dict[tuple[str, ...], list[int]]]] = {}
        self._ja: dict[str, list[tuple[str, int]]] = {}  # first character -> labels
        for tid, node in self.nodes.items():
            seq = tuple(stem(w, stem_len) for w in latin_words(normalise(node.label_en)))
            if seq:
                by_len = self._en.setdefault(seq[0], {}).setdefault(len(seq), {})
                by_len.setdefault(seq, []).append(tid)
            ja = normalise(node.label_ja).strip()
            if len(ja) >= 2:
                self._ja.setdefault(ja[0], []).append((ja, tid))
        self.stem_len = stem_len
        self._cut = itemgetter(slice(0, stem_len))

    def _chain(self, tid: int) -> tuple[int, ...]:
        """Ancestors of a tag, nearest first; stops at unknown parents and at cycles."""
        out: list[int] = []
        seen = {tid}
        parent = self.nodes[tid].parent_id
        while parent is not None and parent in self.nodes and parent not in seen:
            out.append(parent)
            seen.add(parent)
            parent = self.nodes[parent].parent_id
        return tuple(out)

    @property
    def size(self) -> int:
        """Number of known tags (columns of a tag vector)."""
        return len(self.nodes)

    def known(self, ids: Iterable[int]) -> frozenset[int]:
        """The ids the taxonomy knows; others are dropped."""
        return frozenset(i for i in ids if i in self.nodes)

    def closure(self, ids: Iterable[int]) -> frozenset[int]:
        """The tags and all their ancestors."""
        out: set[int] = set()
        for i in ids:
            out.add(i)
            out.update(self.ancestors.get(i, ()))
        return frozenset(out)

    def labels(self, ids: Iterable[int]) -> str:
        """Both labels of each tag, as text that can join a profile's free text."""
        return " ".join(f"{self.nodes[i].label_en} {self.nodes[i].label_ja}" for i in sorted(ids))

    def derive(self, text: str, prepared: Callable[[str], tuple[str, list[str]]] = prepare
               ) -> frozenset[int]:
        """Tags whose English or Japanese label occurs in the text (derived tags).

        prepared may return memoised results of text.prepare.
        """
        if not text or not self.nodes:
            return frozenset()
        norm, words = prepared(text)
        found: set[int] = set()
        if self.stem_len:  # cut in C: this runs for every word of every profile
            words = list(map(self._cut, words))
        for head in self._en.keys() & set(words):
            by_len, at = self._en[head], -1
            for _ in range(words.count(head)):  # each place the head occurs, found in C
                at = words.index(head, at + 1)
                for n, seqs in by_len.items():
                    got = seqs.get(tuple(words[at : at + n]))
                    if got:
                        found.update(got)
        if not norm.isascii():  # only the labels starting with a character of the text
            for start in self._ja.keys() & set(norm):
                found.update(tid for label, tid in self._ja[start] if label in norm)
        return frozenset(found)

    def weights(self, declared: Collection[int], derived: Collection[int], derived_weight: float
                ) -> dict[int, float]:
        """Column weights of one tag vector before IDF: own tags, derived tags, then ancestors."""
        own: dict[int, float] = {}
        for tid in derived:
            own[tid] = max(own.get(tid, 0.0), derived_weight)
        for tid in declared:
            own[tid] = 1.0
        out = dict(own)
        for tid, w in own.items():
            for depth, anc in enumerate(self.ancestors[tid], start=1):
                out[anc] = max(out.get(anc, 0.0), w * self.parent_weight**depth)
        return out

    def raw(self, rows: Sequence[dict[int, float]]) -> sp.csr_matrix:
        """Tag vectors before IDF (float64, columns sorted), one row per weights dict."""
        indptr = [0]
        cols: list[int] = []
        vals: list[float] = []
        col = self.col
        for row in rows:
            for tid in sorted(row):
                cols.append(col[tid])
                vals.append(row[tid])
            indptr.append(len(cols))
        return sp.csr_matrix(
            (np.asarray(vals, dtype=np.float64), np.asarray(cols, dtype=np.int32),
             indptr),
            shape=(len(rows), self.size),
        )

    def fit_idf(self, raw: sp.csr_matrix) -> None:
        """Smooth IDF of each tag over the organisations carrying it (directly or via a child),
        from their tag vectors before IDF (raw)."""
        df = np.bincount(raw.indices, minlength=self.size).astype(np.float64)
        self.idf = np.log((1 + raw.shape[0]) / (1 + df)) + 1.0

    def matrix(self, raw: sp.csr_matrix) -> sp.csr_matrix:
        """L2-normalised IDF-weighted tag vectors of tag vectors before IDF (raw)."""
        m = sp.csr_matrix(
            ((raw.data * self.idf[raw.indices]).astype(np.float32), raw.indices, raw.indptr),
            shape=raw.shape,
        )
        return _l2(m)


def _l2(m: sp.csr_matrix) -> sp.csr_matrix:
    """Rows scaled to unit length (zero rows stay zero)."""
    norms = np.sqrt(np.asarray(m.multiply(m).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    return sp.csr_matrix(sp.diags((1.0 / norms).astype(np.float32)) @ m)
