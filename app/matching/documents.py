"""What the fit needs of profiles before any fitted weight, and how parts of it are merged.

Each profile gives three documents — what it seeks, what it offers, the whole profile — each
made of texts (free text and tag labels); equal texts are analysed once. FeatureModel.fit may
describe two halves of the profiles in two processes; Described.merge joins them so that the
result is exactly what describing all of them at once gives (pure numpy/scipy).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from app.matching.counting import first_seen

Own = tuple[frozenset[int], frozenset[int], frozenset[int]]


@dataclass
class Described:
    """Documents, tag weights and own tags of n profiles, before any fitted weight.

    Documents are numbered seek documents first (0..n-1), then offer, then whole-profile
    ones; doc[e] and text[e] say which document and which of texts the e-th part of a
    document is (document by document, in order; texts in first-seen order).
    """

    n: int
    texts: list[str]
    doc: np.ndarray
    text: np.ndarray
    tags: tuple[sp.csr_matrix, sp.csr_matrix, sp.csr_matrix]  # before IDF: seek, all, offer
    own: list[Own]  # capabilities, interests, all (declared or found in text)
    int_closure: list[frozenset[int]]

    @staticmethod
    def of(docs: list[list[str]], tags: tuple[sp.csr_matrix, sp.csr_matrix, sp.csr_matrix],
           own: list[Own], int_closure: list[frozenset[int]]) -> Described:
        """The description of n profiles from their 3n documents' texts (blank ones skipped)."""
        uniq: dict[str, int] = {}
        doc: list[int] = []
        text: list[int] = []
        for r, parts in enumerate(docs):
            for t in parts:
                if t and t.strip():
                    doc.append(r)
                    text.append(uniq.setdefault(t, len(uniq)))
        return Described(len(own), list(uniq), np.array(doc, dtype=np.int64),
                         np.array(text, dtype=np.int64), tags, own, int_closure)

    @staticmethod
    def merge(parts: Sequence[Described]) -> tuple[Described, list[np.ndarray]]:
        """The description of the profiles of all parts, in order, and where each part's texts
        are among its texts: exactly what describing all the profiles at once gives."""
        n = sum(p.n for p in parts)
        common: defaultdict[str, int] = defaultdict()
        common.default_factory = common.__len__
        ids = [np.fromiter(map(common.__getitem__, p.texts), dtype=np.int64, count=len(p.texts))
               for p in parts]
        # a text's place is where it first occurs over all documents: (document, part of it)
        width = 1 + max((_slots(p.doc).max(initial=0) for p in parts), default=0)
        first = np.full(len(common), np.iinfo(np.int64).max, dtype=np.int64)
        docs, offset = [], 0
        for p, i in zip(parts, ids, strict=True):
            side, row = np.divmod(p.doc, max(p.n, 1))
            docs.append(side * n + offset + row)
            offset += p.n
            key = docs[-1] * width + _slots(p.doc)
            first[i] = np.minimum(first[i], key[first_seen(p.text)])
        pos = np.empty(len(common), dtype=np.int64)
        pos[np.argsort(first, kind="stable")] = np.arange(len(common))
        texts = np.array(list(common), dtype=object)[np.argsort(pos)].tolist()
        at = [pos[i] for i in ids]
        doc = np.concatenate(docs)
        text = np.concatenate([a[p.text] for p, a in zip(parts, at, strict=True)])
        order = np.argsort(doc, kind="stable")  # a document's parts all come from one part
        return Described(
            n, texts, doc[order], text[order],
            tuple(sp.csr_matrix(sp.vstack([p.tags[k] for p in parts], format="csr"))
                  for k in range(3)),  # type: ignore[arg-type]
            [o for p in parts for o in p.own], [c for p in parts for c in p.int_closure],
        ), at

    def counts(self, unit: sp.csr_matrix) -> sp.csr_matrix:
        """Term counts of the 3n documents: the sum of the unit rows (one per text) of their
        parts."""
        sel = sp.csr_matrix((np.ones(len(self.doc), dtype=np.float32), (self.doc, self.text)),
                            shape=(3 * self.n, unit.shape[0]))
        return sp.csr_matrix(sel @ sp.csr_matrix(unit, dtype=np.float32))


def _slots(doc: np.ndarray) -> np.ndarray:
    """Of each entry of a non-decreasing array, how many equal entries precede it."""
    return np.arange(len(doc)) - np.searchsorted(doc, doc, side="left")
