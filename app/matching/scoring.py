"""Score arithmetic shared by all engine queries: dense blocks and single pairs."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from app.matching.features import Rows
from app.matching.profiles import MatchParams


@dataclass
class Columns:
    """Candidate-side matrices, transposed once so that many query blocks can reuse them."""

    rows: Rows
    Ot: sp.csr_matrix
    St: sp.csr_matrix
    Gt: sp.csr_matrix
    type_code: np.ndarray

    @classmethod
    def of(cls, rows: Rows, types: TypeTable) -> Columns:
        """Transpose the candidate rows' matrices for block products."""
        return cls(rows, sp.csr_matrix(rows.O.T), sp.csr_matrix(rows.S.T),
                   sp.csr_matrix(rows.G.T), types.codes(rows.org_type))


class TypeTable:
    """Org-type complementarity as a small dense table indexed by type codes."""

    def __init__(self, params: MatchParams) -> None:
        names = sorted({t for pair in params.type_affinity for t in pair})
        self.code = {t: i + 1 for i, t in enumerate(names)}  # 0 = any other type
        self.table = np.zeros((len(names) + 1, len(names) + 1), dtype=np.float32)
        for pair, value in params.type_affinity.items():
            a, b = (sorted(pair) * 2)[:2]
            self.table[self.code[a], self.code[b]] = self.table[self.code[b], self.code[a]] = value
        self.table *= np.float32(params.type_bonus)
        self.active = bool(self.table.any())

    def codes(self, org_types: np.ndarray) -> np.ndarray:
        """Integer codes of org types (0 for types without affinities)."""
        return np.array([self.code.get(t, 0) for t in org_types], dtype=np.intp)


def harmonic(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Elementwise harmonic mean, 0 where both are 0, so a one-sided fit scores low."""
    s = x + y
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(s > 0, 2.0 * x * y / np.where(s > 0, s, 1.0), 0.0).astype(np.float32)


def block_scores(q: Rows, cols: Columns, params: MatchParams, types: TypeTable) -> np.ndarray:
    """Final blended scores of each query row against every candidate column (dense)."""
    x = np.minimum((q.S @ cols.Ot).toarray(), 1.0)
    y = np.minimum((q.O @ cols.St).toarray(), 1.0)
    out = harmonic(x, y)
    del x, y
    out *= np.float32(params.w_reciprocal)
    out += (q.G @ cols.Gt).toarray()
    if types.active:
        out += types.table[np.ix_(types.codes(q.org_type), cols.type_code)]
    return out


def _rowdot(a: sp.csr_matrix, b: sp.csr_matrix) -> np.ndarray:
    return np.asarray(a.multiply(b).sum(axis=1), dtype=np.float64).ravel()


def _rowsum(z: sp.csr_matrix) -> np.ndarray:
    return np.asarray(z.sum(axis=1), dtype=np.float64).ravel()


def pair_components(
    q: Rows, c: Rows, qi: np.ndarray, ci: np.ndarray, params: MatchParams, types: TypeTable,
    products: dict[str, sp.csr_matrix] | None = None,
) -> dict[str, np.ndarray]:
    """Named score components of the pairs (q[qi[j]], c[ci[j]]), each an array over j.

    If products is a dict, the elementwise products behind the components ("SO": a's seeks by
    b's offers, "OS": the reverse, "P": profile texts) are stored in it for explanations.
    """
    if len(qi) == 0:
        return {k: np.zeros(0) for k in ("a_to_b", "b_to_a", "reciprocal", "similarity",
                                          "tags", "type", "final")}
    z = {"SO": q.S[qi].multiply(c.O[ci]), "OS": q.O[qi].multiply(c.S[ci]),
         "P": q.P[qi].multiply(c.P[ci])}
    z = {key: sp.csr_matrix(m) for key, m in z.items()}
    x = np.minimum(_rowsum(z["SO"]), 1.0)
    y = np.minimum(_rowsum(z["OS"]), 1.0)
    rec = harmonic(x, y).astype(np.float64)
    sim = _rowsum(z["P"])
    tag = _rowdot(q.T[qi], c.T[ci])
    typ = (types.table[types.codes(q.org_type[qi]), types.codes(c.org_type[ci])]
           if types.active else np.zeros(len(qi)))
    final = params.w_reciprocal * rec + params.w_similarity * sim + params.w_tags * tag + typ
    if products is not None:
        products.update(z)
    return {"a_to_b": x, "b_to_a": y, "reciprocal": rec, "similarity": sim, "tags": tag,
            "type": np.asarray(typ, dtype=np.float64), "final": final}


def pair_scores(q: Rows, c: Rows, qi: np.ndarray, ci: np.ndarray, params: MatchParams,
                types: TypeTable) -> np.ndarray:
    """Final scores of the pairs (q[qi[j]], c[ci[j]]) with block_scores' arithmetic, no evidence."""
    if len(qi) == 0:
        return np.zeros(0, dtype=np.float32)
    x = np.minimum(_rowdot(q.S[qi], c.O[ci]), 1.0).astype(np.float32)
    y = np.minimum(_rowdot(q.O[qi], c.S[ci]), 1.0).astype(np.float32)
    out = harmonic(x, y) * np.float32(params.w_reciprocal)
    out += _rowdot(q.G[qi], c.G[ci]).astype(np.float32)
    if types.active:
        out += types.table[types.codes(q.org_type[qi]), types.codes(c.org_type[ci])]
    return out


def query_scores(q: Rows, seg: Rows, params: MatchParams, types: TypeTable) -> np.ndarray:
    """Final scores of one query row against every row of a segment (no transposed copies)."""
    x = np.minimum((seg.O @ q.S.T).toarray().ravel(), 1.0)
    y = np.minimum((seg.S @ q.O.T).toarray().ravel(), 1.0)
    out = harmonic(x, y) * np.float32(params.w_reciprocal)
    out += (seg.G @ q.G.T).toarray().ravel()
    if types.active:
        out += types.table[types.codes(q.org_type)[0], types.codes(seg.org_type)]
    return out


def topk_positions(scores: np.ndarray, ids: np.ndarray, k: int) -> np.ndarray:
    """Positions of the k best positive scores, best first, ties broken by ascending id."""
    valid = np.flatnonzero(scores > 0)
    if len(valid) > k:
        kth = np.partition(scores[valid], len(valid) - k)[len(valid) - k]
        valid = valid[scores[valid] >= kth]
    order = np.lexsort((ids[valid], -scores[valid]))
    return valid[order[:k]]
