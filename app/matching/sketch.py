"""A cheap estimate of the final score, to pick candidates among very many pairs.

Each product behind the score (profile vectors G.G, directional S.O and O.S) is split by
column: the sketch_common columns shared by most rows (frequent words, broad tags) are
projected onto sketch_dims directions (the principal axes of those columns, from their
Gram matrix), so their contribution is a small dense matrix product; every other column stays sparse,
each row cut to its sketch_terms largest entries. The estimate is only used to keep each row's
best candidates; they are then rescored exactly (see engine.MatchIndex._blocked).
"""

from __future__ import annotations

import threading

import numpy as np
import scipy.sparse as sp

from app.matching.features import Rows, prune_rows
from app.matching.profiles import MatchParams
from app.matching.scoring import TypeTable

try:  # scipy's own loops behind `a @ b` (sparse) and toarray() (after zeroing its result)
    from scipy.sparse._sparsetools import csr_matmat as _csr_matmat
    from scipy.sparse._sparsetools import csr_todense as _csr_todense
except ImportError:  # pragma: no cover - a scipy without them: sparse product, dense copy
    _csr_matmat = _csr_todense = None

_TILE = 2048  # candidate columns scored at a time (a 512-row block: 4 MB per temporary)
_local = threading.local()


def _split(mats: list[sp.csr_matrix], params: MatchParams
           ) -> tuple[list[np.ndarray], list[sp.csr_matrix]]:
    """Dense projections of the frequent columns and pruned sparse rest of some matrices."""
    ncol = mats[0].shape[1]
    df = sum(np.bincount(m.indices, minlength=ncol) for m in mats)
    common = np.sort(np.argsort(-df, kind="stable")[: params.sketch_common])
    slot = np.full(ncol, -1, dtype=np.intp)
    slot[common] = np.arange(len(common))
    dense = []
    for m in mats:
        d = np.zeros((m.shape[0], len(common)), dtype=np.float32)
        at = slot[m.indices]
        hit = at >= 0
        d[np.repeat(np.arange(m.shape[0]), np.diff(m.indptr))[hit], at[hit]] = m.data[hit]
        dense.append(d)
    gram = sum(d.T @ d for d in dense).astype(np.float64)
    _, vectors = np.linalg.eigh(gram)  # ascending eigenvalues: the last are the principal
    dims = max(1, min(params.sketch_dims, len(common)))
    basis = np.ascontiguousarray(vectors[:, ::-1][:, :dims], dtype=np.float32)
    emb = [np.ascontiguousarray(d @ basis, dtype=np.float32) for d in dense]
    rare = []
    for m in mats:
        m = sp.csr_matrix(m, copy=True)
        m.data[slot[m.indices] >= 0] = 0
        m.eliminate_zeros()
        rare.append(prune_rows(m, params.sketch_terms))
    return emb, rare


class Sketch:
    """Sketched rows of a population, scoring blocks of rows against groups of rows."""

    def __init__(self, rows: Rows, params: MatchParams, types: TypeTable) -> None:
        self.params, self.types = params, types
        (self.eg,), (self.rg,) = _split([rows.G], params)
        (self.es, self.eo), (self.rs, self.ro) = _split([rows.S, rows.O], params)
        self.codes = types.codes(rows.org_type) if types.active else None
        self._cols: dict[bytes, tuple] = {}

    def _columns(self, cb: np.ndarray) -> list[tuple]:
        """Candidate-side matrices of a group in tiles of _TILE columns, transposed once and
        cached: (first column, dense G O S parts, sparse G O S parts)."""
        key = cb.tobytes()
        if key not in self._cols:  # one group at a time: a race only computes it twice
            self._cols = {key: [
                (j, tuple(np.ascontiguousarray(m[cb[j : j + _TILE]].T)
                          for m in (self.eg, self.eo, self.es)),
                 tuple(sp.csr_matrix(m[cb[j : j + _TILE]].T) for m in (self.rg, self.ro, self.rs)))
                for j in range(0, len(cb), _TILE)]}
        return self._cols[key]

    def block(self, blk: np.ndarray, cb: np.ndarray, chunk: int = 0
              ) -> tuple[np.ndarray, np.ndarray | None]:
        """Estimated final scores of rows blk (positions) against rows cb (dense, float32),
        and (if chunk > 0) each row's maximum over each whole run of chunk columns.

        Computed a tile of columns at a time into this thread's reused tile buffers (fresh
        4 MB temporaries cost page faults on every tile), so that they stay in cache; the
        maxima are taken there too, instead of in another pass over the whole block.
        """
        q = (self.eg[blk], self.eo[blk], self.es[blk], self.rg[blk], self.ro[blk], self.rs[blk])
        out = np.empty((len(blk), len(cb)), dtype=np.float32)
        maxima = None
        if chunk > 0:
            assert _TILE % chunk == 0
            maxima = np.empty((len(blk), len(cb) // chunk), dtype=np.float32)
        w = np.float32(2.0 * self.params.w_reciprocal)
        for j, (eg, eo, es), (rg, ro, rs) in self._columns(cb):
            x, y, total = _tiles(len(blk), eo.shape[1])
            np.matmul(q[2], eo, out=x)
            add_product(q[5], ro, x)
            np.matmul(q[1], es, out=y)
            add_product(q[4], rs, y)
            np.clip(x, 0.0, 1.0, out=x)  # the projection can dip below 0
            np.clip(y, 0.0, 1.0, out=y)
            np.add(x, y, out=total)
            np.maximum(total, np.float32(1e-30), out=total)
            x *= y
            x *= w
            x /= total  # harmonic mean of x and y, times the weight (0 when both are 0)
            x += np.matmul(q[0], eg, out=y)
            add_product(q[3], rg, x)
            if self.codes is not None:
                x += self.types.table[np.ix_(self.codes[blk], self.codes[cb[j : j + x.shape[1]]])]
            out[:, j : j + x.shape[1]] = x
            if maxima is not None and x.shape[1] >= chunk:
                whole = x.shape[1] // chunk
                x[:, : whole * chunk].reshape(len(blk), whole, chunk).max(
                    axis=2, out=maxima[:, j // chunk : j // chunk + whole])
        return out, maxima


def _tiles(rows: int, cols: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Three rows x cols float32 arrays, views of this thread's reused buffers."""
    size = rows * cols
    bufs = getattr(_local, "tiles", None)
    if bufs is None or len(bufs[0]) < size:
        bufs = _local.tiles = tuple(np.empty(max(size, rows * _TILE), dtype=np.float32)
                                    for _ in range(3))
    return tuple(b[:size].reshape(rows, cols) for b in bufs)  # type: ignore[return-value]


def add_product(a: sp.csr_matrix, b: sp.csr_matrix, out: np.ndarray) -> None:
    """out += (a @ b).toarray() for float32 CSR a, b and a C-contiguous float32 out.

    The same sums as the sparse product (scipy's csr_matmat), but written into arrays sized
    by the number of multiplications (an upper bound of the product's entries), so scipy's
    counting pass is skipped, and added to out in place without a dense temporary. Only an
    entry's sign of zero can differ (-0.0 plus no entry stays -0.0), which no comparison sees.
    """
    if (_csr_matmat is None or not out.flags.c_contiguous or out.dtype != np.float32
            or a.dtype != np.float32 or b.dtype != np.float32 or a.shape[1] != b.shape[0]
            or out.shape != (a.shape[0], b.shape[1])):  # scipy's functions check no bounds
        out += (a @ b).toarray()
        return
    arrays = (a.indptr, a.indices, b.indptr, b.indices)
    idx = np.int64 if any(x.dtype == np.int64 for x in arrays) else np.int32
    ap, aj, bp, bj = (np.asarray(x, dtype=idx) for x in arrays)
    most = int(np.diff(bp)[aj].sum())
    if most == 0:
        return
    cp = np.empty(a.shape[0] + 1, dtype=idx)
    cj = np.empty(most, dtype=idx)
    cx = np.empty(most, dtype=np.float32)
    _csr_matmat(a.shape[0], b.shape[1], ap, aj, a.data, bp, bj, b.data, cp, cj, cx)
    _csr_todense(a.shape[0], b.shape[1], cp, cj, cx, out)
