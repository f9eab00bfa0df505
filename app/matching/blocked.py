"""All-pairs top-k candidates computed block by block, with bounded memory (pure numpy/scipy)."""

from __future__ import annotations

import numpy as np

from app.matching.features import Rows
from app.matching.profiles import MatchParams
from app.matching.scoring import Columns, TypeTable, block_scores, topk_positions


class BlockPlan:
    """Candidate-side matrices of a population, ready to score any block of its rows."""

    def __init__(self, rows: Rows, cross_border: bool, skip: dict[int, set[int]],
                 params: MatchParams, types: TypeTable) -> None:
        self.rows, self.cross_border, self.skip = rows, cross_border, skip
        self.params, self.types = params, types
        n = len(rows)
        self.cols: dict[object, tuple[np.ndarray, Columns]] = {}
        for country in (sorted(set(rows.country)) if cross_border else [None]):
            pos = np.flatnonzero(rows.country != country) if cross_border else np.arange(n)
            self.cols[country] = (pos, Columns.of(rows.take(pos), types))

    def top_pairs(self, block: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray, list[int]]:
        """(query positions, candidate positions, count per block row) of each row's best k."""
        rows = self.rows
        per_row: dict[int, np.ndarray] = {}
        groups = sorted(set(rows.country[block])) if self.cross_border else [None]
        for country in groups:
            sub = block[rows.country[block] == country] if self.cross_border else block
            pos, col = self.cols[country]
            scores = block_scores(rows.take(sub), col, self.params, self.types)
            cand_ids = rows.ids[pos]
            for r, q in enumerate(sub.tolist()):
                bad = sorted(self.skip.get(int(rows.ids[q]), set()) | {int(rows.ids[q])})
                hit = np.searchsorted(cand_ids, bad)
                hit = hit[hit < len(cand_ids)]
                hit = hit[np.isin(cand_ids[hit], bad)]
                scores[r, hit] = -np.inf
                per_row[q] = pos[topk_positions(scores[r], cand_ids, k)]
            del scores
        counts = [len(per_row[q]) for q in block.tolist()]
        qi = np.repeat(block, counts)
        ci = (np.concatenate([per_row[q] for q in block.tolist()]) if len(block)
              else np.zeros(0, dtype=np.intp))
        return qi, ci.astype(np.intp), counts
