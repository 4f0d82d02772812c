"""Vocabularies as data: word lists under `nlu/vocabulary/`, read once, matched the same
way everywhere (English as whole words, Korean anywhere: Korean attaches its particles)."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Any

import yaml

DIRECTORY = Path(__file__).resolve().parent.parent / "nlu" / "vocabulary"


@cache
def load(name: str) -> dict[str, Any]:
    """The vocabulary file `nlu/vocabulary/<name>.yml`."""
    return yaml.safe_load((DIRECTORY / f"{name}.yml").read_text(encoding="utf-8")) or {}


@cache
def pattern(name: str, entry: str) -> re.Pattern[str]:
    """One entry's phrases in both languages as one pattern."""
    phrases = load(name).get(entry) or {}
    english = [r"\b" + re.escape(p).replace(r"\ ", r"\s+") + r"\b" for p in phrases.get("en", [])]
    korean = [re.escape(p).replace(r"\ ", r"\s*") for p in phrases.get("ko", [])]
    return re.compile("|".join(english + korean) or r"(?!)", re.IGNORECASE)


def says(name: str, entry: str, text: str) -> bool:
    """Whether the text uses one of the entry's phrases."""
    return bool(pattern(name, entry).search(text))
