"""Score arithmetic shared by all engine queries: dense blocks and single pairs."""

from __future__ import annotations

import threading
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from app.matching.features import Rows
from app.matching.profiles import MatchParams

try:  # the loop behind `csr_matrix @ vector`, called on a run's arrays without building one
    from scipy.sparse._sparsetools import csr_matvec as _csr_matvec
except ImportError:  # pragma: no cover - a scipy without it: build the matrix
    _csr_matvec = None


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


_DENSE_CELLS = 1 << 23  # float32 cells (32 MB) of the buffer holding a run of query rows
_local = threading.local()


def _runs(qi: np.ndarray, per: int) -> tuple[list[tuple[int, int, np.ndarray]], np.ndarray]:
    """Runs of pairs (sorted by query row qi) with at most per distinct query rows each, as
    (first pair, end, those rows), and each pair's query row's rank within its run."""
    new_row = np.r_[True, qi[1:] != qi[:-1]]
    rank = (np.cumsum(new_row) - 1).astype(np.int32)
    firsts = np.flatnonzero(new_row)
    cuts = [*firsts[::per].tolist(), len(qi)]
    runs = [(cuts[g], cuts[g + 1], qi[firsts[g * per : (g + 1) * per]])
            for g in range(len(cuts) - 1)]
    return runs, rank % np.int32(per)


def _gathered(a: sp.csr_matrix, b: sp.csr_matrix, ai: np.ndarray, bi: np.ndarray, fused: bool
              ) -> tuple[np.ndarray | None, np.ndarray | sp.csr_matrix]:
    """b's rows of the pairs, ordered by a's row, with each entry times a's entry in its
    column: the products (rows, one per pair, zeros kept), or (fused) their float32 sums.

    Sums run over b's row in its stored order, as the sparse product b @ a.T (query_scores)
    adds them. Only b's rows are copied; a's rows are spread a run at a time into a dense
    buffer. Returns the pair order used (None: as given) and the result.
    """
    order = None
    if (ai[1:] < ai[:-1]).any():
        order = np.argsort(ai, kind="stable")
        ai, bi = ai[order], bi[order]
    ncols = np.int32(a.shape[1])
    per = max(1, _DENSE_CELLS // max(1, int(ncols)))
    runs, rank = _runs(ai, per)
    rows = b[bi]
    counts = np.diff(rows.indptr)
    buf = _buffer(min(per, len(runs[0][2])) * int(ncols))
    out = np.zeros(len(ai), dtype=np.float32) if fused else np.empty_like(rows.data)
    try:
        _fill(a, ai, rows, counts, runs, rank, buf, out, fused)
    except BaseException:
        _local.buf = None  # it may hold values now
        raise
    if fused:
        return order, out
    return order, sp.csr_matrix((out, rows.indices, rows.indptr), shape=rows.shape)


def _buffer(size: int) -> np.ndarray:
    """This thread's dense buffer of at least size float32 cells, all zero (users set cells
    and clear them again): allocating 32 MB per call cost page faults every time."""
    buf = getattr(_local, "buf", None)
    if buf is None or len(buf) < size:
        buf = _local.buf = np.zeros(size, dtype=np.float32)
    return buf


def _fill(a: sp.csr_matrix, ai: np.ndarray, rows: sp.csr_matrix, counts: np.ndarray,
          runs: list, rank: np.ndarray, buf: np.ndarray, out: np.ndarray, fused: bool) -> None:
    """The loop of _gathered over runs of query rows, writing into out."""
    ncols = np.int32(a.shape[1])
    # scipy's csr_matvec checks no bounds: call it only where every index it reads and the
    # rows it writes are known to lie inside buf and out (the CSR arrays' own invariants)
    direct = _csr_matvec is not None and rows.shape[1] <= a.shape[1] and len(out) >= rows.shape[0]
    for p0, p1, at_rows in runs:
        src = a[at_rows]
        at = np.repeat(np.arange(len(at_rows)) * ncols, np.diff(src.indptr)) + src.indices
        buf[at] = src.data
        e0, e1 = rows.indptr[p0], rows.indptr[p1]
        idx = np.repeat(rank[p0:p1] * ncols, counts[p0:p1]) + rows.indices[e0:e1]
        if fused:  # csr_matvec: float32 sums in b's entry order, as csr_matmat makes them
            indptr = rows.indptr[p0 : p1 + 1] - e0
            # out is zero here, as `part @ buf` starts its sums
            if direct and len(at_rows) * int(ncols) <= len(buf):
                _csr_matvec(p1 - p0, len(buf), indptr, idx.astype(indptr.dtype, copy=False),
                            rows.data[e0:e1], buf, out[p0:p1])
            else:
                part = sp.csr_matrix((rows.data[e0:e1], idx, indptr), shape=(p1 - p0, len(buf)))
                out[p0:p1] = part @ buf
        else:
            np.multiply(rows.data[e0:e1], buf[idx], out=out[e0:e1])
        buf[at] = 0


def pair_dots(a: sp.csr_matrix, b: sp.csr_matrix, ai: np.ndarray, bi: np.ndarray) -> np.ndarray:
    """Dot products a[ai[j]] . b[bi[j]] (float32), equal to the same pair's sparse product
    b[bi[j]] @ a[ai[j]].T, without copying a's rows."""
    if len(ai) == 0:
        return np.zeros(0, dtype=np.float32)
    order, sums = _gathered(a, b, ai, bi, fused=True)
    if order is None:
        return sums
    out = np.empty_like(sums)
    out[order] = sums
    return out


def pair_products(a: sp.csr_matrix, b: sp.csr_matrix, ai: np.ndarray, bi: np.ndarray
                  ) -> tuple[sp.csr_matrix, np.ndarray]:
    """Elementwise products a[ai[j]] * b[bi[j]] as row j (zeros dropped), and their sums
    (pair_dots' float32 values), without copying a's rows."""
    if len(ai) == 0:
        return sp.csr_matrix((0, b.shape[1]), dtype=np.float32), np.zeros(0, dtype=np.float32)
    order, z = _gathered(a, b, ai, bi, fused=False)
    sums = z @ np.ones(z.shape[1], dtype=np.float32)  # csr_matvec, as in _gathered
    z.eliminate_zeros()
    if order is None:
        return z, sums
    back = np.argsort(order)
    return z[back], sums[back]


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
    z, sums = {}, {}
    for key, a, b in (("SO", q.S, c.O), ("OS", q.O, c.S), ("P", q.P, c.P)):
        z[key], sums[key] = pair_products(a, b, qi, ci)
    x = np.minimum(sums["SO"].astype(np.float64), 1.0)
    y = np.minimum(sums["OS"].astype(np.float64), 1.0)
    rec = harmonic(x, y).astype(np.float64)
    sim = sums["P"].astype(np.float64)
    tag = pair_dots(q.T, c.T, qi, ci).astype(np.float64)
    typ = (types.table[types.codes(q.org_type[qi]), types.codes(c.org_type[ci])]
           if types.active else np.zeros(len(qi)))
    final = params.w_reciprocal * rec + params.w_similarity * sim + params.w_tags * tag + typ
    if products is not None:
        products.update(z)
    return {"a_to_b": x, "b_to_a": y, "reciprocal": rec, "similarity": sim, "tags": tag,
            "type": np.asarray(typ, dtype=np.float64), "final": final}


def pair_scores(q: Rows, c: Rows, qi: np.ndarray, ci: np.ndarray, params: MatchParams,
                types: TypeTable) -> np.ndarray:
    """Final scores of the pairs (q[qi[j]], c[ci[j]]), equal to query_scores' of q[qi[j]]
    against c[ci[j]] (same float32 products, added in the same order), without evidence."""
    if len(qi) == 0:
        return np.zeros(0, dtype=np.float32)
    x = np.minimum(pair_dots(q.S, c.O, qi, ci), 1.0)
    y = np.minimum(pair_dots(q.O, c.S, qi, ci), 1.0)
    out = harmonic(x, y) * np.float32(params.w_reciprocal)
    out += pair_dots(q.G, c.G, qi, ci)
    if types.active:
        out += types.table[types.codes(q.org_type[qi]), types.codes(c.org_type[ci])]
    return out


def query_scores(q: Rows, seg: Rows, params: MatchParams, types: TypeTable) -> np.ndarray:
    """Final scores of one query row against every row of a segment.

    Each product is the segment's matrix times the query row as a dense vector: one pass
    (scipy's csr_matvec), summing every row in its stored order in float32 exactly as the
    sparse product did (the query's zeros add +0.0), 100,000 orgs: ~6x faster.
    """
    x = np.minimum(seg.O @ _dense(q.S), 1.0)
    y = np.minimum(seg.S @ _dense(q.O), 1.0)
    out = harmonic(x, y) * np.float32(params.w_reciprocal)
    out += seg.G @ _dense(q.G)
    if types.active:
        out += types.table[types.codes(q.org_type)[0], types.codes(seg.org_type)]
    return out


def _dense(row: sp.csr_matrix) -> np.ndarray:
    """One sparse row as a dense vector."""
    return row.toarray().ravel()


def topk_positions(scores: np.ndarray, ids: np.ndarray, k: int) -> np.ndarray:
    """Positions of the k best positive scores, best first, ties broken by ascending id."""
    valid = np.flatnonzero(scores > 0)
    if len(valid) > k:
        kth = np.partition(scores[valid], len(valid) - k)[len(valid) - k]
        valid = valid[scores[valid] >= kth]
    order = np.lexsort((ids[valid], -scores[valid]))
    return valid[order[:k]]
