"""One query against a segment scores exactly what the plain sparse products give."""

from __future__ import annotations

import numpy as np

from app.matching.engine import MatchIndex
from app.matching.scoring import harmonic, query_scores
from benchmarks.match_speed import profiles as synthetic_profiles
from benchmarks.match_speed import taxonomy as synthetic_taxonomy


def reference_scores(q, seg, params, types) -> np.ndarray:
    x = np.minimum((seg.O @ q.S.T).toarray().ravel(), 1.0)
    y = np.minimum((seg.S @ q.O.T).toarray().ravel(), 1.0)
    out = harmonic(x, y) * np.float32(params.w_reciprocal)
    out += (seg.G @ q.G.T).toarray().ravel()
    if types.active:
        out += types.table[types.codes(q.org_type)[0], types.codes(seg.org_type)]
    return out


def test_query_scores_equal_the_sparse_products_to_the_last_bit():
    population = synthetic_profiles(300)
    index = MatchIndex.build(population, synthetic_taxonomy())
    seg = index._compact()
    for p in population[::7]:
        q = index._rows_of([p.id])
        got = query_scores(q, seg, index._params, index._types)
        want = reference_scores(q, seg, index._params, index._types)
        assert got.dtype == want.dtype and np.array_equal(got, want)


def test_pair_dots_take_scipys_kernel_and_equal_the_pairs_sparse_products(kernel_calls):
    import app.matching.scoring as scoring

    calls = kernel_calls(scoring, "_csr_matvec")
    population = synthetic_profiles(300)
    index = MatchIndex.build(population, synthetic_taxonomy())
    rows = index._compact()
    rng = np.random.default_rng(2)
    ai, bi = rng.integers(0, 300, 500), rng.integers(0, 300, 500)
    got = scoring.pair_dots(rows.S, rows.O, ai, bi)
    want = np.array([(rows.O[j] @ rows.S[i].T).toarray()[0, 0] for i, j in zip(ai, bi, strict=True)],
                    dtype=np.float32)
    assert calls and np.array_equal(got, want)
