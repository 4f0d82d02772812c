"""Questions about the process and privacy that a customer asks before or during a complaint
("why do you need my name?", "개인정보 어디에 쓰는지", "사진은 어디로 보내요?"), recognised by
their words and answered from `config.yml` (`faq`, whose comment says how entries match).

Words are matched as the policy's keywords are (`handlers/keywords.py`): whole English words,
a Korean word with any particle after it, `*` for any ending. Korean words also match with
or without spaces inside ("개인 정보"), and English words of five letters or more with one
typo ("anonymusly"), because customers type fast.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache

from handlers.answers import says_availability
from handlers.keywords import _PARTICLES, keyword_pattern
from handlers.meta import asks, ends_asking, unreported
from handlers.words import sentences

_HANGUL = re.compile(r"[\uac00-\ud7a3]")
_ENGLISH_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
_TOKEN = re.compile(r"[a-z0-9]+(?:'[a-z]+)?|[\uac00-\ud7a3]+")
_TYPO_FROM = 6  # shorter words have too many neighbours one typo away ("where", "here")


@lru_cache(maxsize=4096)
def _pattern(keyword: str) -> re.Pattern[str]:
    """A keyword's pattern; Korean ones with or without spaces between their syllables."""
    if not _HANGUL.search(keyword):
        return keyword_pattern(keyword)
    stem = keyword.endswith("*")
    # "#일까지*": a day of the month first ("15일까지는", "18일 전에")
    number = keyword.startswith("#")
    letters = re.sub(r"\s+", "", keyword.rstrip("*").lstrip("#").lower())
    body = r"\s*".join(re.escape(letter) for letter in letters)
    end = "" if stem else rf"(?:{'|'.join(_PARTICLES)})?(?![\uac00-\ud7a3])"
    if number:
        return re.compile(rf"(?<![\d.]){_DAY_NUMBER}\s*{body}{end}")
    return re.compile(rf"(?<![\uac00-\ud7a3A-Za-z0-9]){body}{end}")


# The day of a month before a Korean keyword that starts with "#".
_DAY_NUMBER = r"(?:[1-9]|[12]\d|3[01])"


def _one_typo(said: str, word: str) -> bool:
    """Whether two words are at most one typo apart (a letter wrong, missing, extra, or two
    letters swapped)."""
    if said == word:
        return True
    if abs(len(said) - len(word)) > 1:
        return False
    i = 0
    while i < min(len(said), len(word)) and said[i] == word[i]:
        i += 1
    if len(said) == len(word):
        swapped = said[i : i + 2] == word[i : i + 2][::-1] and said[i + 2 :] == word[i + 2 :]
        return said[i + 1 :] == word[i + 1 :] or swapped
    if len(said) > len(word):
        return said[i + 1 :] == word[i:]
    return said[i:] == word[i + 1 :]


def _close(said: str, word: str, stem: bool) -> bool:
    """Whether a word said is the keyword's word, or one typo from it."""
    if said == word or (stem and said.startswith(word)):
        return True
    if len(word) < _TYPO_FROM:
        return False
    if not stem:
        return _one_typo(said, word)
    # a stem's own last letter may not be the typo: "happene(d)" is not "happens"
    same = next((i for i, (a, b) in enumerate(zip(said, word, strict=False)) if a != b), len(word))
    return same < len(word) - 1 and any(
        _one_typo(said[:size], word) for size in (len(word) - 1, len(word), len(word) + 1)
    )


@lru_cache(maxsize=4096)
def _typo_words(keyword: str) -> tuple[tuple[str, ...], bool] | None:
    """An English keyword's words and whether its last is a stem; None when no word of it
    is long enough to be told apart with a typo."""
    if _HANGUL.search(keyword):
        return None
    words = tuple(keyword.rstrip("*").lower().split())
    if not words or all(len(word) < _TYPO_FROM for word in words):
        return None
    return words, keyword.endswith("*")


class _Message:
    """A message as the entries read it: lower-cased, its English words, its tokens."""

    def __init__(self, text: str) -> None:
        self.lowered = text.lower().replace("\u2019", "'")
        self.words = _ENGLISH_WORD.findall(self.lowered)
        self.tokens = _TOKEN.findall(self.lowered)

    def says(self, keyword: str) -> bool:
        """Whether the message says the keyword (with one typo in a long English word)."""
        if _pattern(keyword).search(self.lowered):
            return True
        typo = _typo_words(keyword)
        if typo is None:
            return False
        words, stem = typo
        last = len(words) - 1
        return any(
            all(
                _close(self.words[start + i], word, stem and i == last)
                for i, word in enumerate(words)
            )
            for start in range(len(self.words) - last)
        )

    def says_any(self, keywords: tuple[str, ...]) -> bool:
        """Whether it says any of the keywords."""
        return any(self.says(keyword) for keyword in keywords)

    def without(self, phrases: tuple[str, ...]) -> _Message:
        """The message with these phrases left out (a comma where each was): their words
        mean something else there."""
        lowered = self.lowered
        for phrase in phrases:
            lowered = _pattern(phrase).sub(" , ", lowered)
        return self if lowered == self.lowered else _Message(lowered)


def _whole(keyword: str, token: str) -> bool:
    """Whether one token of the message is the keyword (with its particle, or any ending
    for a `*` keyword)."""
    found = _pattern(keyword).match(token)
    return found is not None and (keyword.endswith("*") or found.end() == len(token))


@dataclass(frozen=True)
class Why:
    """The words that ask why a question of the form is asked: `words` ask why, `need` say
    something is asked for, `only` may come with them in a bare "why?"."""

    words: tuple[str, ...] = ()
    need: tuple[str, ...] = ()
    only: tuple[str, ...] = ()


@dataclass(frozen=True)
class Entry:
    """One question and its answer (see `config.yml` `faq`)."""

    id: str
    asks: tuple[tuple[str, ...], ...]
    answer: Mapping[str, str]
    channels: Mapping[str, Mapping[str, str]] = dataclasses.field(default_factory=dict)
    field: str | None = None  # the form question it explains ("why do you need my name?")
    unless: tuple[str, ...] = ()
    statement: bool = False  # answered when said as a statement too
    case: bool = False  # a customer with an open complaint is told where theirs stands
    call: bool = False  # also a request for a call
    # phrases in which the entry's words mean something else ("number" in "a number I can
    # call" is the desk's, not the customer's): left out before its words are looked for
    sense: tuple[str, ...] = ()
    person: bool = False  # answered with the way to a person (the line, open now or when)
    # entries this one is answered instead of when both are asked (a call or a text is
    # which way the answer comes, not a wish for a call)
    instead_of: tuple[str, ...] = ()
    # only staff can answer it: beside an answer to a complaint, the decision on that answer
    # stays open and the question goes to them ("해결이에요. 근데 기사님은 몇 시쯤 오세요?")
    staff: bool = False

    def text(self, language: str, channel: str) -> str:
        """The answer in the language, for the channel (English when it has no such text)."""
        answers = self.channels.get(channel) or self.answer
        return answers.get(language) or answers.get("en") or ""


@dataclass(frozen=True, eq=False)  # one per policy, compared and hashed as itself
class Faq:
    """The questions the desk answers, and the words that ask why a question is asked."""

    entries: tuple[Entry, ...] = ()
    why: Why = Why()
    # words that begin the second half of an either-or question ("a call, or a text?"),
    # which asks with the half before it
    alternatives: tuple[str, ...] = ()
    # words of a question that point back at the sentence before ("I have three pictures.
    # Where should I send them?"), which it asks about too
    pointing_back: tuple[str, ...] = ()

    def entry(self, entry_id: str) -> Entry | None:
        """The entry with this id."""
        return next((e for e in self.entries if e.id == entry_id), None)

    def beside(self, text: str, field: str | None = None) -> str:
        """What a message says beside the questions it asks: its sentences and clauses that
        ask nothing here ("my fridge leaks" in "my fridge leaks, where do I send photos?");
        `field` is the form question being asked ("Tom Whitfield. why?")."""
        parts: list[str] = []
        for start, end in sentences(text):
            part = text[start:end]
            if parts and ends_asking(parts[-1]) and ends_asking(part):
                # one question in two clauses ("전화로 오나요 문자로 오나요?")
                parts[-1] = f"{parts[-1]} {part}"
            else:
                parts.append(part)
        return " ".join(part for part in parts if not self.asked(part, field))

    def asked(self, text: str, field: str | None = None) -> tuple[Entry, ...]:
        """The entries a message asks, the most specific first (all those as specific: "why
        do you need my name and number?" asks two); `field` is the form question being asked,
        which a bare "why?" asks about. Empty when it asks none."""
        return _asked(self, text, field)


def _only(message: _Message, keywords: tuple[str, ...]) -> bool:
    """Whether every word of the message is one of the keywords (the words of a phrase
    among them count one by one: "what for")."""
    words: list[str] = []
    for keyword in keywords:
        words += [keyword] if " " not in keyword.strip() else keyword.rstrip("*").split()
    return all(any(_whole(k, token) for k in words) for token in message.tokens)


def _asks_for(faq: Faq, message: _Message, entry: Entry, *, asks_why: bool) -> bool:
    """Whether a message naming an entry's field asks why it is asked for: "why do you need
    my number if the store has it?", "do you need my name?", "why my name?"; not "why does
    nobody answer the phone?", which names the phone for another reason."""
    why = faq.why
    if message.says_any(why.need):
        return True  # the message is a question (checked before)
    topic = tuple(word for group in entry.asks for word in group)
    return asks_why and _only(message, (*why.words, *why.only, *topic))


# Where a sentence or a clause of a message ends, for which of them asks.
_SENTENCES = re.compile(r"(?<=[.!?,;~\n])\s*|\.\.+")


# Words of a question short enough to ask about the sentence before it ("send how?")
_LEANING = 4


@lru_cache(maxsize=1024)
def _asked(faq: Faq, text: str, field: str | None) -> tuple[Entry, ...]:
    if not text.strip() or text.startswith("/"):  # a button's payload asks nothing
        return ()
    # a question reported or quoted is not asked here ("언제 오냐고 물어봤더니 '그걸 제가
    # 어떻게 알아요' 허고 째려보드랑께")
    text = unreported(text)
    message = _Message(text)
    question = asks(text)  # the Reading's test, the same everywhere (handlers/meta.py)
    why = faq.why
    asks_why = message.says_any(why.words)
    if asks_why and _only(message, (*why.words, *why.only)):
        # a bare "why?": about the question being asked, if any
        return tuple(e for e in faq.entries if field is not None and e.field == field)[:1]
    # what a question is about is in the sentences that ask ("im free any morning, can
    # someone call?" asks for a call, not whether it is free)
    parts = [part for part in _SENTENCES.split(text) if part.strip()]
    asking = [
        part
        for i, part in enumerate(parts)
        if asks(part)
        or (
            i + 1 < len(parts)
            and asks(parts[i + 1])
            and (
                _begins_with(parts[i + 1], faq)
                or _points_back(parts[i + 1], faq)
                # "photo receipt have, can send you?": a short question that names nothing
                # leans on what it follows ("im free any morning, can someone call?" names one)
                or (len(parts[i + 1].split()) <= _LEANING and not _names_topic(parts[i + 1], faq))
            )
        )
    ]
    # a sentence that asks in the middle of a message asks too ("quick question - how long
    # do you take? my vacuum only runs 4 minutes")
    question = question or bool(asking)
    asked_in = _Message(" ".join(asking)) if question and asking else message
    found: list[tuple[int, int, Entry]] = []
    for order, entry in enumerate(faq.entries):
        # what turns an entry away is read where it is asked ("Will somebody telephone me?
        # … my grandson only comes Sundays": the day is no time to call)
        turned_away = asked_in.says_any(entry.unless) or (
            message.says_any(entry.unless) and says_availability(text)  # "im free any morning"
        )
        if not (question or entry.statement) or turned_away:
            continue
        whole = message.without(entry.sense)
        said = whole if entry.statement else asked_in.without(entry.sense)
        if not (entry.asks and all(said.says_any(group) for group in entry.asks)):
            continue
        if entry.field is not None and not _asks_for(faq, whole, entry, asks_why=asks_why):
            continue
        found.append((-(len(entry.asks) + (entry.field is not None)), order, entry))
    instead = {other for _, _, entry in found for other in entry.instead_of}
    found = [f for f in found if f[2].id not in instead]
    if not found:
        return ()
    best = min(rank for rank, _, _ in found)
    return tuple(entry for rank, _, entry in sorted(found, key=lambda f: f[:2]) if rank == best)


def _names_topic(part: str, faq: Faq) -> bool:
    """Whether a sentence names what an entry is about (the first words of its `asks`)."""
    said = _Message(part)
    return any(entry.asks and said.says_any(entry.asks[0]) for entry in faq.entries)


def _points_back(part: str, faq: Faq) -> bool:
    """Whether a question points back at the sentence before ("where should I send them?")."""
    tokens = _TOKEN.findall(part.lower())
    return any(_whole(word, token) for word in faq.pointing_back for token in tokens)


def _begins_with(part: str, faq: Faq) -> bool:
    """Whether a sentence begins with a word of `alternatives` ("…, or is it a text?")."""
    tokens = _TOKEN.findall(part.lower())
    return bool(tokens) and any(_whole(word, tokens[0]) for word in faq.alternatives)
