"""Bilingual tokenisation and tag derivation."""

from __future__ import annotations

import pytest

from app.matching.profiles import TagNode
from app.matching.taxonomy import Taxonomy
from app.matching.text import make_analyzer


@pytest.mark.parametrize("text, expected", [
    ("", []),
    ("The and of", []),
    ("Photonics photonic", ["photo", "photo"]),
    ("化合物", ["化合", "合物", "化合物"]),
    ("量", ["量"]),
    ("ＧａＮ wafers", ["gan", "wafer"]),  # full-width Latin folds to ASCII
    ("ｶﾞﾘｳﾑ", ["ガリ", "リウ", "ウム", "ガリウ", "リウム"]),  # half-width kana fold too
])
def test_analyzer(text, expected):
    assert make_analyzer(5, {})(text) == expected


@pytest.mark.parametrize("text", ["บริษัทเซมิคอนดักเตอร์", "شركة أشباه الموصلات", "Полупроводник"])
def test_scripts_without_a_rule_still_give_tokens(text):
    assert make_analyzer(5, {})(text)


def test_analyzer_records_readable_forms():
    forms: dict[str, str] = {}
    make_analyzer(5, forms)("semiconductors semiconductor")
    assert forms == {"semic": "semiconductor"}


@pytest.fixture
def taxonomy() -> Taxonomy:
    nodes = [TagNode(1, None, "Semiconductors", "半導体"),
             TagNode(2, 1, "Compound semiconductors", "化合物半導体"),
             TagNode(3, 2, "Gallium nitride", "窒化ガリウム"),
             TagNode(4, 99, "Orphan", "孤児"),  # unknown parent: treated as a root
             TagNode(5, 6, "Loop A", ""), TagNode(6, 5, "Loop B", "")]
    return Taxonomy(nodes, parent_weight=0.5, stem_len=5)


@pytest.mark.parametrize("text, tags", [
    ("We grow compound semiconductor crystals", {1, 2}),
    ("化合物半導体の結晶成長", {1, 2}),
    ("窒化ガリウム", {3}),
    ("compound interest", set()),
    ("", set()),
])
def test_labels_found_in_text(taxonomy, text, tags):
    assert taxonomy.derive(text) == tags


def test_ancestors_stop_at_unknown_parents_and_cycles(taxonomy):
    assert taxonomy.ancestors[3] == (2, 1)
    assert taxonomy.ancestors[4] == ()
    assert taxonomy.ancestors[5] == (6,)
    assert taxonomy.known([1, 42, 3]) == {1, 3}
    assert taxonomy.weights([3], [], 0.5) == {3: 1.0, 2: 0.5, 1: 0.25}
