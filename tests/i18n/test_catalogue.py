"""The Japanese catalogue is complete: every entry translated, none fuzzy, placeholders intact."""

from pathlib import Path

import pytest
from babel.messages.pofile import read_po

CATALOGUES = sorted((Path(__file__).parents[2] / "app" / "translations").glob("*/LC_MESSAGES/messages.po"))


def _load(path: Path):
    with path.open("rb") as fh:
        return read_po(fh, locale=path.parts[-3])


def test_there_is_a_japanese_catalogue():
    assert [p.parts[-3] for p in CATALOGUES] == ["ja"]


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda p: p.parts[-3])
def test_every_entry_is_translated_and_none_is_fuzzy(path):
    catalog = _load(path)
    assert len(catalog) > 100
    untranslated, fuzzy = [], []
    for message in catalog:
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if not all(s and s.strip() for s in strings):
            untranslated.append(message.id)
        if message.fuzzy:
            fuzzy.append(message.id)
    assert not untranslated, f"untranslated in {path}: {untranslated}"
    assert not fuzzy, f"fuzzy in {path}: {fuzzy}"


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda p: p.parts[-3])
def test_translations_keep_the_placeholders(path):
    problems = [
        (message.id, [str(e) for e in errors]) for message, errors in _load(path).check() if errors
    ]
    assert not problems
