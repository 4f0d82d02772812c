"""The words of a message as the desk compares them: English words lower-cased, Korean words
reduced to the morphemes that carry meaning, so particles and endings never matter
("취소하라고", "취소할래", "취소요" all read 취소 + 하). Phrases in the vocabularies are read by
the same function, so a phrase is written as a customer would write it."""

from __future__ import annotations

import re
from functools import cache, lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from mecab import MeCab

_HANGUL = re.compile(r"[\uac00-\ud7a3\u3131-\u318e]")
_ENGLISH_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
# Morpheme tags that only shape a Korean word: particles (J…), endings (E…), noun suffixes,
# the copula, punctuation and symbols.
_SHAPE_ONLY = ("J", "E", "XSN", "VCP", "SF", "SE", "SS", "SC", "SY")
_VERBS = ("VV", "VA", "VX", "VCN", "XSV", "XSA")
_KO_LAUGH = re.compile(r"^[ㅋㅎㅠㅜ]+$")
_JAMO_WORD = re.compile(r"^[\u3131-\u314e]+$")


@cache
def _mecab() -> MeCab:
    """The Korean analyser (MeCab with mecab-ko-dic), loaded on the first Korean message."""
    from mecab import MeCab

    return MeCab()


def _morphemes(text: str) -> list[tuple[str, str]]:
    """Each morpheme and its tag; an inflected word ("됐어요") split into its parts."""
    found: list[tuple[str, str]] = []
    for morpheme in _mecab().parse(text):
        expression = morpheme.feature.expression
        if expression and "+" in morpheme.feature.pos:
            for part in expression.split("+"):
                form, tag, *_ = part.split("/")
                found.append((form, tag))
        else:
            found.append((morpheme.surface, morpheme.feature.pos))
    return found


@lru_cache(maxsize=4096)
def words(text: str) -> tuple[str, ...]:
    """The words that carry meaning, in order."""
    text = text.lower().replace("\u2019", "'")
    if not _HANGUL.search(text):
        return tuple(_ENGLISH_WORD.findall(text))
    found: list[str] = []
    for form, tag in _morphemes(text):
        if _KO_LAUGH.match(form):
            continue
        if _JAMO_WORD.match(form):  # "ㅇㅇ", "ㄴㄴ": a yes or a no typed in letters
            found.append(form)
        elif tag == "SL":
            found.extend(_ENGLISH_WORD.findall(form))
        elif tag.startswith(_SHAPE_ONLY):
            continue
        elif tag.startswith(_VERBS):
            found.append(f"{form}다")  # 말고 (말다) is not 말 (a word): verbs as lemmas
        else:
            found.append(form)
    return tuple(found)


def find(phrase: tuple[str, ...], said: tuple[str, ...]) -> list[int]:
    """Where a phrase's words start in the words said, each place once."""
    size = len(phrase)
    if not size:
        return []
    return [i for i in range(len(said) - size + 1) if said[i : i + size] == phrase]
