"""The vocabulary files are read as words: an unquoted yes, no, on or off is a word."""

from __future__ import annotations

from pathlib import Path

import pytest

from handlers.vocabulary import DIRECTORY, load, read


def _booleans(node: object) -> list[object]:
    if isinstance(node, bool):
        return [node]
    if isinstance(node, dict):
        return [b for k, v in node.items() for b in _booleans(k) + _booleans(v)]
    if isinstance(node, list):
        return [b for v in node for b in _booleans(v)]
    return []


@pytest.mark.parametrize("name", sorted(p.stem for p in DIRECTORY.glob("*.yml")))
def test_no_word_of_a_vocabulary_is_read_as_a_boolean(name: str) -> None:
    assert _booleans(load(name)) == []


def test_yes_no_on_and_off_are_words(tmp_path: Path) -> None:
    path = tmp_path / "words.yml"
    path.write_text("small: [yes, no, on, off, Yes, ON]\nflag: true\n", encoding="utf-8")
    assert read(path) == {"small": ["yes", "no", "on", "off", "Yes", "ON"], "flag": True}
