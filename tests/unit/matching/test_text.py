"""Bilingual tokenisation and tag derivation."""

from __future__ import annotations

import re
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

from app.matching.profiles import TagNode
from app.matching.taxonomy import Taxonomy
from app.matching.text import Analyzer
from benchmarks.match_speed import profiles as synthetic_profiles
from benchmarks.match_speed import taxonomy as synthetic_taxonomy

SYNTHETIC_TAGS = synthetic_taxonomy()


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
    assert Analyzer(5)(text) == expected


@pytest.mark.parametrize("text", ["บริษัทเซมิคอนดักเตอร์", "شركة أشباه الموصلات", "Полупроводник"])
def test_scripts_without_a_rule_still_give_tokens(text):
    assert Analyzer(5)(text)


def test_analyzer_records_readable_forms():
    analyzer = Analyzer(5)
    analyzer("semiconductors semiconductor")
    assert analyzer.forms({}) == {"semic": "semiconductor"}
    analyzer("semiconductor semicolon")
    assert analyzer.forms({"semic": "semiconductors"}) == {"semic": "semicolon"}


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


# -- the analyzer and tag search give exactly what their plain reference versions give --------
# (the versions before they were made cheaper: any change of a token changes fitted rows)

_CJK = "\u3040-\u30ff\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"


def reference_prepare(text: str) -> tuple[str, list[str]]:
    norm = unicodedata.normalize("NFKC", text or "").lower()
    return norm, [w for w in re.findall(f"[^\\W_{_CJK}]+", norm)
                  if len(w) > 1 and w not in ENGLISH_STOP_WORDS]


def reference_tokens(text: str, stem_len: int = 5) -> tuple[list[str], dict[str, str]]:
    norm, words = reference_prepare(text)
    forms: dict[str, str] = {}
    for w in words:
        if stem_len and len(w) > stem_len:
            best = forms.get(w[:stem_len])
            if best is None or (len(w), w) < (len(best), best):
                forms[w[:stem_len]] = w
    tokens = [w[:stem_len] if stem_len else w for w in words]
    for run in re.findall(f"[{_CJK}]+", norm):
        if len(run) < 2:
            tokens.append(run)
        else:
            tokens += [run[i : i + 2] for i in range(len(run) - 1)]
            tokens += [run[i : i + 3] for i in range(len(run) - 2)]
    return tokens, forms


def reference_derive(tags: list[TagNode], text: str, stem_len: int = 5) -> set[int]:
    norm, words = reference_prepare(text)
    words = [w[:stem_len] if stem_len else w for w in words]
    found = set()
    for t in tags:
        seq = [w[:stem_len] if stem_len else w for w in reference_prepare(t.label_en)[1]]
        if seq and any(words[i : i + len(seq)] == seq for i in range(len(words))):
            found.add(t.id)
        ja = unicodedata.normalize("NFKC", t.label_ja).lower().strip()
        if len(ja) >= 2 and ja in norm:
            found.add(t.id)
    return found if text else set()


SAMPLES = [
    "", "   ", "a b c", "The and of", "GaN-on-Si power devices for 5G base stations",
    "化合物半導体のウエハーを探しています。", "量子", "量", "ー", "ｶﾞﾘｳﾑ ＧａＮ",
    "GaN パワー半導体 for 5G基地局 and IoTセキュリティ", "snake_case_word and e-mail",
    "café naïve Ünïcödé", "한국어 반도체 회사", "半导体制造设备", "บริษัทเซมิคอนดักเตอร์",
    "شركة أشباه الموصلات", "Полупроводник", "emoji 🚀 rockets 🚀🚀", "Ⅻ ① ㍿ ﬁber",
    "数字123と英字abcの混在ABC123", "量子" * 400, "x" * 30 + " " + "y",
]


@pytest.mark.parametrize("text", SAMPLES)
@pytest.mark.parametrize("stem_len", [5, 0])
def test_analyzer_gives_the_reference_tokens_and_forms(text, stem_len):
    analyzer = Analyzer(stem_len)
    tokens, forms = reference_tokens(text, stem_len)
    assert analyzer(text) == tokens
    assert analyzer.forms({}) == forms


@given(st.text(alphabet="abcXYZ019_- 。、量子半導体のウエハーｶﾞﾘｳﾑＧａＮ한국éß🚀\n\t", max_size=60))
@settings(max_examples=200, deadline=None)
def test_analyzer_and_tag_search_match_the_reference_on_any_text(text):
    assert Analyzer(5)(text) == reference_tokens(text)[0]
    tags = SYNTHETIC_TAGS + [TagNode(900, None, "GaN wafers", "ＧａＮウエハー"),
                             TagNode(901, None, "Quantum", "量子")]
    assert Taxonomy(tags, 0.5, 5).derive(text) == reference_derive(tags, text)


def test_analyzer_and_tag_search_match_the_reference_on_the_benchmark_profiles():
    texts = [t for p in synthetic_profiles(300) for t in (p.description, p.offers, p.seeks)]
    analyzer, taxonomy = Analyzer(5), Taxonomy(SYNTHETIC_TAGS, 0.5, 5)
    for text in texts:
        assert analyzer(text) == reference_tokens(text)[0]
        assert taxonomy.derive(text) == reference_derive(SYNTHETIC_TAGS, text)
    assert analyzer.forms({}) == reference_tokens("\n".join(texts))[1]
