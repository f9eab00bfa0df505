"""Bilingual tokenisation: Latin words (lightly stemmed) and character n-grams of CJK runs."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable

from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

# Han, Hiragana, Katakana (incl. prolonged sound mark) and the CJK compatibility blocks.
_CJK = "\u3040-\u30ff\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_CJK_RUN = re.compile(f"[{_CJK}]+")
# Any run of word characters that is not CJK (Latin, digits, Thai, Arabic, Cyrillic, ...).
_WORD = re.compile(f"[^\\W_{_CJK}]+")
_STOP = frozenset(ENGLISH_STOP_WORDS)


def normalise(text: str) -> str:
    """Fold width and case so that full-width Latin and half-width kana compare equal."""
    return unicodedata.normalize("NFKC", text or "").lower()


def latin_words(text: str) -> list[str]:
    """Words of a normalised text outside CJK runs, minus English stop words and 1-letter tokens."""
    return [w for w in _WORD.findall(text) if len(w) > 1 and w not in _STOP]


def cjk_runs(text: str) -> list[str]:
    """Maximal runs of Japanese/Chinese characters of a normalised text."""
    return _CJK_RUN.findall(text)


def cjk_grams(run: str) -> list[str]:
    """Character bigrams and trigrams of one CJK run (the run itself when shorter than 2)."""
    if len(run) < 2:
        return [run]
    return ([run[i : i + 2] for i in range(len(run) - 1)]
            + [run[i : i + 3] for i in range(len(run) - 2)])


def stem(word: str, stem_len: int) -> str:
    """Cut a word to its first stem_len characters (0 keeps it whole)."""
    return word[:stem_len] if stem_len and len(word) > stem_len else word


def prepare(text: str) -> tuple[str, list[str]]:
    """A text normalised, and its Latin words (what both the analyzer and tag search need)."""
    norm = normalise(text)
    return norm, latin_words(norm)


def make_analyzer(stem_len: int, forms: dict[str, str],
                  prepared: Callable[[str], tuple[str, list[str]]] = prepare,
                  ) -> Callable[[str], list[str]]:
    """An analyzer for scikit-learn vectorisers: stemmed words plus CJK character n-grams.

    It records in forms, for each cut stem, the shortest word seen (ties: alphabetical), so
    that explanations can show "semiconductor" rather than "semic". prepared may return
    memoised results of prepare (the lists are not modified).
    """

    def analyze(text: str) -> list[str]:
        norm, words = prepared(text)
        if stem_len:
            for w in {w for w in words if len(w) > stem_len}:
                key = w[:stem_len]
                best = forms.get(key)
                if best is None or (len(w), w) < (len(best), best):
                    forms[key] = w
            tokens = [w[:stem_len] for w in words]
        else:
            tokens = list(words)
        for run in cjk_runs(norm):
            tokens += cjk_grams(run)
        return tokens

    return analyze
