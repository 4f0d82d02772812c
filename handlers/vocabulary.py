"""Vocabularies as data: word lists under `nlu/vocabulary/`, read once, matched the same
way everywhere (English as whole words, Korean anywhere: Korean attaches its particles)."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Any

import yaml

DIRECTORY = Path(__file__).resolve().parent.parent / "nlu" / "vocabulary"


class _WordsLoader(yaml.SafeLoader):
    """YAML as word lists are written: "yes", "no", "on" and "off" are words, never booleans
    (YAML 1.1 read an unquoted `on` in a list of words as True)."""


_WordsLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_WordsLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)


def read(path: Path) -> dict[str, Any]:
    """A vocabulary file, its words all words, each phrase written with choices ("{안 되|못
    하}{면|믄}") as every phrase they make."""
    return _expanded(yaml.load(path.read_text(encoding="utf-8"), _WordsLoader) or {})


_CHOICES = re.compile(r"\{([^{}]*\|[^{}]*)\}")


def _expanded(data: Any) -> Any:
    """Lists with every phrase of choices written out ("{안 되|없으}{면|믄}": 안 되면, 안
    되믄, 없으면, 없으믄): the forms of a word, each written once."""
    if isinstance(data, dict):
        return {key: _expanded(value) for key, value in data.items()}
    if isinstance(data, list):
        return [phrase for item in data for phrase in _phrases(item)]
    return data


def _phrases(item: Any) -> list[Any]:
    if not isinstance(item, str) or (found := _CHOICES.search(item)) is None:
        return [_expanded(item)]
    head, tail = item[: found.start()], item[found.end() :]
    return [p for choice in found.group(1).split("|") for p in _phrases(head + choice + tail)]


@cache
def load(name: str) -> dict[str, Any]:
    """The vocabulary file `nlu/vocabulary/<name>.yml`."""
    return read(DIRECTORY / f"{name}.yml")


_HANGUL_FIRST, _HANGUL_LAST = 0xAC00, 0xD7A3
_SS, _S = 20, 19  # the finals ㅆ and ㅅ
_WAE, _OE = 10, 11  # the vowels ㅙ and ㅚ


def _slips(syllable: str) -> str:
    """A Korean syllable as a pattern with the spelling slips of a quick thumb: a final ㅆ
    typed ㅅ ("잇음", "됫어요") and ㅙ typed ㅚ ("됬어요"); any other character as it is."""
    code = ord(syllable) - _HANGUL_FIRST
    if not 0 <= code <= _HANGUL_LAST - _HANGUL_FIRST:
        return re.escape(syllable)
    first, vowel, final = code // 588, (code // 28) % 21, code % 28
    vowels = (vowel, _OE) if vowel == _WAE else (vowel,)
    finals = (final, _S) if final == _SS else (final,)
    said = {chr(_HANGUL_FIRST + first * 588 + v * 28 + f) for v in vowels for f in finals}
    return syllable if len(said) == 1 else "[" + "".join(sorted(said)) + "]"


def _korean(phrase: str) -> str:
    """A Korean phrase as a pattern: found with or without spaces, its slips too, and a
    last 요 as a texting hand types it ("보내주세용", "해주세여", "주세염")."""
    found = r"\s*".join("".join(_slips(ch) for ch in part) for part in str(phrase).split())
    return found[:-1] + _CUTE_YO if found.endswith("요") else found


# The polite 요 at a phrase's end as texting types it.
_CUTE_YO = "[요용여염]"


@cache
def _spelt_so() -> dict[str, list[str]]:
    """Each standard English word and how a dialect or a hurried hand spells it
    (analyser.yml `english_spellings`, read backwards)."""
    from handlers.words import english_spellings  # the words read this module's lists

    found: dict[str, list[str]] = {}
    for spelt, word in english_spellings().items():
        found.setdefault(word, []).append(spelt)
    return found


def _english(phrase: str) -> str:
    """An English phrase as a pattern: its words apart by any spaces, each also as a dialect
    or a hurried hand spells it ("if you can't" is found in "if yous cant" … "if u can't")."""
    return r"\s+".join(spelt_word(word) for word in str(phrase).split())


def spelt_word(word: str) -> str:
    """An English word as a pattern that also finds it as a dialect or a hurried hand spells
    it ("before": before, afore, b4)."""
    spelt = _spelt_so().get(word.lower())
    return (
        "(?:" + "|".join(re.escape(w) for w in [word, *spelt]) + ")" if spelt else re.escape(word)
    )


@cache
def pattern(name: str, entry: str) -> re.Pattern[str]:
    """One entry's phrases in both languages as one pattern."""
    phrases = load(name).get(entry) or {}
    english = [r"\b" + _english(p) + r"\b" for p in phrases.get("en", [])]
    korean = [_korean(p) for p in phrases.get("ko", [])]
    return re.compile("|".join(english + korean) or r"(?!)", re.IGNORECASE)


def says(name: str, entry: str, text: str) -> bool:
    """Whether the text uses one of the entry's phrases."""
    return bool(pattern(name, entry).search(text))


def said_just_before(name: str, entry: str, text: str, at: int) -> bool:
    """Whether one of the entry's phrases ends right where `at` begins (spaces between),
    within the 40 characters before it ("on his" before "phone", "it's the" before "dryer")."""
    before = text[max(0, at - 40) : at].rstrip(" \t")
    return any(found.end() == len(before) for found in pattern(name, entry).finditer(before))
