"""Bilingual tokenisation: Latin words (lightly stemmed) and character n-grams of CJK runs."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from itertools import filterfalse
from operator import itemgetter

from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

# Han, Hiragana, Katakana (incl. prolonged sound mark) and the CJK compatibility blocks.
_CJK = "\u3040-\u30ff\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_CJK_RUN = re.compile(f"[{_CJK}]+")
# Runs of two or more word characters that are not CJK (Latin, digits, Thai, Arabic, ...): the
# same runs as "one or more, then drop 1-letter runs", since a match never starts inside a run.
_WORD = re.compile(f"[^\\W_{_CJK}]{{2,}}")
_ASCII_WORD = re.compile("[a-z0-9]{2,}")  # the same runs in a lower-cased ASCII text, faster
_STOP = frozenset(ENGLISH_STOP_WORDS)
# slice(i, i + 2) and slice(i, i + 3) for every i of a CJK run, grown on demand
_BIGRAMS: list[slice] = []
_TRIGRAMS: list[slice] = []


def normalise(text: str) -> str:
    """Fold width and case so that full-width Latin and half-width kana compare equal."""
    return unicodedata.normalize("NFKC", text or "").lower()


def latin_words(text: str) -> list[str]:
    """Words of a normalised text outside CJK runs, minus English stop words and 1-letter tokens."""
    words = (_ASCII_WORD if text.isascii() else _WORD).findall(text)
    return list(filterfalse(_STOP.__contains__, words))


def cjk_runs(text: str) -> list[str]:
    """Maximal runs of Japanese/Chinese characters of a normalised text."""
    return _CJK_RUN.findall(text)


def cjk_grams(run: str) -> list[str]:
    """Character bigrams and trigrams of one CJK run (the run itself when shorter than 2)."""
    n = len(run)
    if n < 2:
        return [run]
    if n > len(_BIGRAMS):
        _BIGRAMS.extend(slice(i, i + 2) for i in range(len(_BIGRAMS), 2 * n))
        _TRIGRAMS.extend(slice(i, i + 3) for i in range(len(_TRIGRAMS), 2 * n))
    grams = list(map(run.__getitem__, _BIGRAMS[: n - 1]))  # slicing in C, not a Python loop
    grams += map(run.__getitem__, _TRIGRAMS[: n - 2])
    return grams


def stem(word: str, stem_len: int) -> str:
    """Cut a word to its first stem_len characters (0 keeps it whole)."""
    return word[:stem_len] if stem_len and len(word) > stem_len else word


def prepare(text: str) -> tuple[str, list[str]]:
    """A text normalised, and its Latin words (what both the analyzer and tag search need)."""
    norm = normalise(text)
    return norm, latin_words(norm)


class Analyzer:
    """Tokens of a text for the term counter: stemmed Latin words, then CJK character n-grams.

    The words it sees are kept until forms() turns them into, for each cut stem, the shortest
    word seen (ties: alphabetical), so that explanations can show "semiconductor" rather than
    "semic". prepared may return memoised results of prepare (the lists are not modified).
    """

    def __init__(self, stem_len: int,
                 prepared: Callable[[str], tuple[str, list[str]]] = prepare) -> None:
        self.stem_len = stem_len
        self._prepared = prepared
        self._cut = itemgetter(slice(0, stem_len))
        self._seen: set[str] = set()

    def __call__(self, text: str) -> list[str]:
        norm, words = self._prepared(text)
        if self.stem_len:
            self._seen.update(words)  # in C; the forms are worked out once, in forms()
            tokens = list(map(self._cut, words))
        else:
            tokens = list(words)
        if not norm.isascii():
            for run in _CJK_RUN.findall(norm):
                tokens += cjk_grams(run)
        return tokens

    def forms(self, into: dict[str, str]) -> dict[str, str]:
        """Record in into the readable form of every stem cut since the last call; return it."""
        seen, self._seen = self._seen, set()
        return merge_forms(into, seen, self.stem_len)


def merge_forms(into: dict[str, str], words: Iterable[str], stem_len: int) -> dict[str, str]:
    """Record in into, for each stem that a word is cut to, the shortest word (ties:
    alphabetical) among those already there and these; return into."""
    for w in words:
        if stem_len and len(w) > stem_len:
            best = into.get(w[:stem_len])
            if best is None or (len(w), w) < (len(best), best):
                into[w[:stem_len]] = w
    return into
