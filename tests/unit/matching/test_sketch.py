"""The sketch's in-place arithmetic and the bulk object builder give what the plain code gives."""

from __future__ import annotations

import pickle

import numpy as np
import pytest
import scipy.sparse as sp

from app.matching.engine import MatchIndex
from app.matching.explain import Explanation, frozen_instances
from app.matching.results import Match
from app.matching.sketch import Sketch, add_product
from benchmarks.match_speed import profiles as synthetic_profiles
from benchmarks.match_speed import taxonomy as synthetic_taxonomy


def _random_csr(rng, rows, cols, density, index_dtype):
    m = sp.random(rows, cols, density=density, format="csr", dtype=np.float32, random_state=rng)
    m.data[::5] = 0.0  # explicit zeros, as pruned and masked matrices hold
    m.indices, m.indptr = m.indices.astype(index_dtype), m.indptr.astype(index_dtype)
    m.sort_indices()
    if rows > 3:
        m.data[m.indptr[2] : m.indptr[4]] = 0.0
    return m


@pytest.mark.parametrize("index_dtype", [np.int32, np.int64])
@pytest.mark.parametrize("density", [0.0, 0.002, 0.05])
def test_add_product_adds_the_sparse_product_exactly(index_dtype, density):
    rng = np.random.default_rng(3)
    a = _random_csr(rng, 40, 300, density, index_dtype)
    b = _random_csr(rng, 300, 70, density * 4, index_dtype)
    base = rng.standard_normal((40, 70)).astype(np.float32)
    want = base + (a @ b).toarray()
    got = base.copy()
    add_product(a, b, got)
    assert np.array_equal(got, want)  # equal values (a zero may keep its sign)


def test_add_product_takes_scipys_kernel_only_where_its_writes_fit(kernel_calls):
    import app.matching.sketch as sketch_module

    calls = kernel_calls(sketch_module, "_csr_matmat")
    rng = np.random.default_rng(5)
    a = _random_csr(rng, 40, 300, 0.05, np.int32)
    b = _random_csr(rng, 300, 70, 0.2, np.int32)
    add_product(a, b, np.zeros((40, 70), dtype=np.float32))
    assert calls == [1]
    # the kernel checks no bounds: a too-small output goes the checked way and is refused
    for wrong in (np.zeros((40, 60), dtype=np.float32), np.zeros((39, 70), dtype=np.float32)):
        with pytest.raises(ValueError):
            add_product(a, b, wrong)
    assert calls == [1]


def test_sketch_block_maxima_are_the_chunk_maxima_of_its_scores():
    population = synthetic_profiles(400)
    index = MatchIndex.build(population, synthetic_taxonomy())
    rows = index._compact()
    sketch = Sketch(rows, index._params, index._types)
    blk, cb = np.arange(0, 400, 2), np.arange(1, 400, 2)
    scores, maxima = sketch.block(blk, cb, 8)
    assert scores.shape == (200, 200) and maxima.shape == (200, 25)
    assert np.array_equal(maxima, scores.reshape(200, 25, 8).max(axis=2))
    again, none = sketch.block(blk, cb)
    assert none is None and np.array_equal(again, scores)
    # the estimate of a pair follows its exact score: the best estimate is a good partner
    exact = np.array([index.score_against(int(rows.ids[i]), rows.ids[cb].tolist())
                      for i in blk[:20]])
    best = scores[:20].argmax(axis=1)
    assert (exact[np.arange(20), best] >= np.quantile(exact, 0.9, axis=1)).mean() > 0.8


def test_frozen_instances_equal_the_constructed_ones():
    expl = frozen_instances(Explanation, [[(1, 2), ()], [(), (3,)], [(), ()], [("quantum",), ()],
                                          [(), ()], [(), ("wafer",)], [(("tags", 0.5),), ()]])
    assert expl == [Explanation((1, 2), (), (), ("quantum",), (), (), (("tags", 0.5),)),
                    Explanation((), (3,), (), (), (), ("wafer",), ())]
    matches = frozen_instances(Match, [[1, 2], [5, 6], [40.0, 12.5],
                                       [{"tags": 0.5}, {}], expl])
    assert matches[0] == Match(1, 5, 40.0, {"tags": 0.5}, expl[0])
    assert hash(matches[1]) == hash(Match(2, 6, 12.5, {}, expl[1]))
    assert pickle.loads(pickle.dumps(matches)) == matches
    with pytest.raises(AttributeError):
        matches[0].score = 1.0  # type: ignore[misc]
    with pytest.raises(ValueError):
        frozen_instances(Match, [[1], [2], [3.0], [{}]])
    with pytest.raises(ValueError):
        frozen_instances(Match, [[1], [2], [3.0], [{}], []])
