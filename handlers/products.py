"""The product catalogue: the products a customer may name, found in what they write.

A product is found by an alias (matched like a policy keyword: whole words in English, the
start of a word with a particle allowed in Korean) or by a model-number pattern (matched whole,
in any case). Where several match, the longest mention wins, so "LG OLED C3 tv" is the LG OLED
C3 and "갤럭시 버즈" is Galaxy Buds, not a Galaxy phone.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, lru_cache

from handlers.analyser import analyser
from handlers.answers import Phrase, phrases
from handlers.fields import valid_short
from handlers.keywords import keyword_pattern
from handlers.language import HANGUL
from handlers.vocabulary import load
from handlers.words import _WORD, morphemes, sentences, tokens, words


@dataclass(frozen=True)
class Product:
    """One catalogue entry: the name complaints are stored under and how customers say it."""

    name: str
    aliases: tuple[str, ...] = ()
    patterns: tuple[str, ...] = ()
    category: str = "product"


@lru_cache(maxsize=256)
def model_number(pattern: str) -> re.Pattern[str]:
    """A model-number pattern, matched whole (not inside a longer code) and in any case."""
    return re.compile(rf"(?<![A-Za-z0-9-])(?:{pattern})(?![A-Za-z0-9])", re.IGNORECASE)


def mention(catalogue: Iterable[Product], text: str) -> tuple[Product, re.Match[str]] | None:
    """The catalogue product the text names and where, by its longest mention."""
    lowered = text.lower()
    best: tuple[Product, re.Match[str]] | None = None
    for product in catalogue:
        spans = [keyword_pattern(alias).search(lowered) for alias in product.aliases]
        spans += [model_number(pattern).search(text) for pattern in product.patterns]
        for found in spans:
            if found is not None and (best is None or len(found.group(0)) > len(best[1].group(0))):
                best = (product, found)
    return best


def find_product(catalogue: Iterable[Product], text: str) -> Product | None:
    """The catalogue product the text names, by its longest mention; None if none."""
    found = mention(catalogue, text)
    return found[0] if found else None


def product_name(catalogue: Iterable[Product], text: str) -> str | None:
    """The catalogue name of the product a sentence names, if any."""
    product = find_product(catalogue, text)
    return product.name if product else None


def _besides(answer: str, start: int, end: int) -> list[Phrase]:
    """What an answer says besides the product at `start`…`end`, once what is said around
    any answer is off ("it's the", "제품이요?", "방금 말했잖아요")."""
    return phrases(answer, [(start, end)])


def answered_product(catalogue: Iterable[Product], answer: str) -> str | None:
    """The catalogue name for an answer to "which product?" that is just that product
    ("galaxy tab s9", "제 갤럭시 버즈요"). None when the answer says more than the name
    ("LG OLED TV 65 inch"): the customer's own words are then the better record."""
    named = mention(catalogue, answer)
    if named is None:
        return None
    product, found = named
    return product.name if not _besides(answer, *found.span()) else None


# Words that make an answer a wish rather than a product ("a charger that works", "새
# 충전기로 바꿔 주세요"): such an answer is the customer's remedy in their own words.
_WISH = re.compile(
    r"\b(?:that|which|to|want|wanted|need|get|give|send|back|work|works|working|please|pls|"
    r"plz|instead|just|another|different|new)\b|주세요|해줘|싶|원해|받고|바꿔|다른|새\s?(?:걸|것|제품)",
    re.IGNORECASE,
)


def product_answer(catalogue: Iterable[Product], answer: str, said: str | None) -> str | None:
    """The product, when an answer is only a product's name ("samsung 25w charger", "삼성
    그랑데 세탁기요"), however it was asked; None when it says anything more.

    Customers who were not asked for the product (it was taken from their first message)
    often give it at the next question; it must not be stored as their remedy or date.
    `said` is the product the entity extractor found in the answer, if any.
    """
    named = mention(catalogue, answer)
    if named is not None:
        start, end = named[1].span()
    elif said and said.lower() in answer.lower():
        start = answer.lower().index(said.lower())
        end = start + len(said)
    else:
        return None
    if _WISH.search(answer[:start] + " " + answer[end:]):
        return None
    # what the thing is contrasted with is none of it ("It's a kettle no a mortgage")
    turned = {str(w).split()[0] for w in load("answers")["turned_down"]["en"]}
    contrast = next((end + t.start for t in tokens(answer[end:]) if t.word in turned), None)
    answer = answer[:contrast].rstrip(" ,") if contrast is not None else answer
    # a brand and a model are all that may stand beside the name ("samsung 25w")
    besides = [t for p in _besides(answer, start, end) for t in p.words]
    if len([t for t in besides if not any(c.isdigit() for c in t.word)]) > 2:
        return None
    if any(t.verb for t in besides):
        return None
    # the name without what is said around it: "it's the smeg kettle" is a "smeg kettle",
    # "정수기 렌탈이요 방금 말했잖아요" a "정수기 렌탈"
    phrase = next((p for p in phrases(answer) if p.start < end and start < p.end), None)
    said = answer[phrase.start : phrase.end] if phrase else answer[start:end]
    return (
        answered_product(catalogue, answer)
        or answered_product(catalogue, said)
        or valid_short(said)
    )


def said_as_answer(text: str) -> tuple[int, int] | None:
    """Where a Korean answer names a thing it says nothing else of, in a longer message: a
    sentence that is nouns with a copula or a polite ending ("보청기요. 근데 맡긴지 한참 …",
    "… 썼잖아요. 러닝화요, 러.닝.화.", "안경 렌즈유."), or such a word first after an
    interjection ("아이고 보청기라니까요 귀에 끼는거"): the nouns' span."""
    if not HANGUL.search(text):
        return None  # English answers have their own readers (noun phrases, the catalogue)
    for start, end in sentences(text, clauses=False):
        words = [(m.start() + start, m.end() + start) for m in _WORD.finditer(text[start:end])]
        while words and _interjection(text[words[0][0] : words[0][1]]):
            words.pop(0)
        nouns: list[tuple[int, int]] = []
        for i, (a, b) in enumerate(words):
            word = text[a:b].rstrip(".,!?~…ㅋㅎㅠㅜ")
            kept = _nouns_before_ending(word)
            if kept is None:
                break
            nouns.append((a, a + kept))
            if kept < len(word):  # the ending closes the answer: what follows is more said
                return nouns[0][0], nouns[-1][1]
            if i == len(words) - 1:  # the sentence is nouns only ("안경 렌즈")
                return nouns[0][0], nouns[-1][1]
    return None


def _interjection(word: str) -> bool:
    """An interjection or a filler before an answer ("아이고", "역시나ㅎ")."""
    word = word.rstrip(".,!?~…ㅋㅎㅠㅜ")
    parsed = analyser().parse(word) if word else []
    return all(m.feature.pos.startswith(("IC", "SF", "SY")) for m in parsed) or all(
        w in _fillers() for w in words(word)
    )


@lru_cache(maxsize=1)
def _fillers() -> frozenset[str]:
    meta = load("meta")["fillers"]
    return frozenset(w for phrase in meta["ko"] for w in words(str(phrase))) | {"역시나"}


def _nouns_before_ending(word: str) -> int | None:
    """How much of a word is nouns before one of `answer_endings` (or the whole word when
    it is nouns only), or None."""
    if not word.isalnum():
        return None
    # an ending first ("러닝화요" is 러닝화 + 요, though the analyser reads 러닝 + 화요)
    for end in [*range(len(word) - 1, 0, -1), len(word)]:
        ending = word[end:]
        if ending and ending not in _answer_endings():
            continue
        parsed = analyser().parse(word[:end])
        if parsed and all(m.feature.pos.startswith(_NOUN_TAGS) for m in parsed):
            return end
    return None


@lru_cache(maxsize=1)
def _answer_endings() -> frozenset[str]:
    return frozenset(str(e) for e in load("products").get("answer_endings") or [])


# What a thing's name is made of: nouns, a noun suffix ("러닝화": 러닝 + 화), letters, numbers.
_NOUN_TAGS = ("NNG", "NNP", "XSN", "XPN", "SL", "SN")


@cache
def _kinds_ko() -> frozenset[str]:
    return frozenset(str(k) for k in load("products")["kinds"].get("ko") or ())


@cache
def _value_endings() -> tuple[str, ...]:
    """What speech puts after a Korean thing named alone: a dialect's or a hurried copula
    and a particle of choosing (products.yml `value_endings`), the longest first."""
    said = load("products").get("value_endings") or []
    return tuple(sorted((str(e) for e in said), key=len, reverse=True))


def without_value_ending(said: str) -> str:
    """A Korean thing named alone without the copula or particle speech puts after it
    ("제습기마씸" → 제습기, "음식물처리기다" → 음식물처리기, "중복결제임" → 중복결제): what is left
    ends in a kind of product or a noun as the analyser reads it; a kind that ends as an
    ending would ("전기요") is whole."""
    word = said.strip(" .!~")
    last = word.split()[-1] if word.split() else ""
    if not HANGUL.search(last) or last in _kinds_ko():
        return said
    for ending in _value_endings():
        rest = word[: -len(ending)]
        if not last.endswith(ending) or len(last) - len(ending) < 2:
            continue
        head = rest.split()[-1]
        parsed = morphemes(head)
        if any(head.endswith(kind) for kind in _kinds_ko()):
            return rest
        # a noun left by an ending of two syllables or more; one syllable only where the
        # analyser reads it as a copula or a particle ("중복결제임", "쿠키로"), never the
        # noun's own ("사이다", "올리브유")
        whole = morphemes(last)
        said_as_ending = bool(whole) and whole[-1][1].startswith(("J", "E", "VCP"))
        if (
            (len(ending) > 1 or said_as_ending)
            and parsed
            and parsed[-1][1].startswith(("NNG", "NNP"))
            and parsed[-1][3] == len(head)
        ):
            return rest
    return said
