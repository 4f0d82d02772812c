"""Policy keywords read in their clause: found where the sentence says it happened to the
product, not where it is negated ("it doesn't leak any more", "연기는 안 나요") or about
something else ("tuesday doesn't work for me", "my data was leaked", "toaster burnt my
bread"). The words of each rule are data in `nlu/vocabulary/assessment.yml`.

A keyword made of parts joined by `&` ("points & charged") is said when every part is, in any
order: two payments for one order are a double charge even in two sentences. A part "@name"
stands for each word of that group (`groups` in assessment.yml): "@foreign & @eaten" is a
shard, a splinter or 이물질 with formula, food or 분유; inside a phrase too ("hurt my @body").
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, lru_cache
from itertools import product

from handlers import vocabulary
from handlers.keywords import keyword_pattern
from handlers.lexicon import one_slip
from handlers.vocabulary import load
from handlers.words import standard_spelling

_HANGUL = re.compile(r"[\uac00-\ud7a3]")
# Punctuation closes a clause in both languages.
_PUNCTUATION = re.compile(r"[.,;:!?()\[\]\n\r~…]")
_WORD_EN = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
_WORD_REST = re.compile(r"^[a-z0-9']+")
# What a keyword names: its kind decides which contexts cancel it.
KINDS = ("danger", "fault", "priority")
_NEGATION_SPAN = 3  # words a negation reaches ("doesn't really leak", "no smoke or fire")


@dataclass(frozen=True)
class _Context:
    """Words that, as a keyword's subject or object, make it about something else."""

    phrases: frozenset[tuple[str, ...]]
    sizes: tuple[int, ...]  # of the phrases, in words
    korean: tuple[str, ...]
    where: frozenset[str]
    cancels: frozenset[str]  # the kinds of keyword it cancels
    only: tuple[str, ...] = ()  # the starts of the keywords it cancels (empty: every one)

    def cancels_keyword(self, keyword: str, kind: str) -> bool:
        """Whether it cancels this keyword of this kind."""
        stem = keyword.rstrip("*").strip().lower()
        return kind in self.cancels and (not self.only or stem.startswith(self.only))


@dataclass(frozen=True)
class _Rules:
    negators: frozenset[str]
    negator_endings: tuple[str, ...]
    ko_words: frozenset[str]
    ko_starts: tuple[str, ...]
    undo: frozenset[str]
    expected: tuple[str, ...]
    clause_words: frozenset[str]
    ko_endings: tuple[str, ...]
    linkers: frozenset[str]
    ko_linkers: frozenset[str]
    prepositions: frozenset[str]
    subject_particles: frozenset[str]
    object_particles: frozenset[str]
    contexts: tuple[_Context, ...]
    awaited: tuple[str, ...]


def _words(entries: Iterable[str]) -> frozenset[str]:
    return frozenset(str(e).lower() for e in entries)


@cache
def _rules() -> _Rules:
    """The vocabulary, read once."""
    data = load("assessment")
    negation = data.get("negation") or {}
    korean = negation.get("ko") or {}
    english = [str(v).lower() for v in negation.get("en") or []]
    expected = data.get("expected") or {}
    clauses = data.get("clauses") or {}
    linkers = data.get("linkers") or {}
    particles = data.get("particles") or {}
    contexts = tuple(
        _Context(
            phrases=frozenset(tuple(str(p).lower().split()) for p in entry.get("en") or []),
            sizes=tuple(sorted({len(str(p).split()) for p in entry.get("en") or []})),
            korean=tuple(str(p) for p in entry.get("ko") or []),
            where=frozenset(entry.get("where") or ()),
            cancels=frozenset(entry.get("cancels") or KINDS),
            only=tuple(str(w).lower() for w in entry.get("only") or ()),
        )
        for entry in (data.get("contexts") or {}).values()
    )
    return _Rules(
        negators=frozenset(v for v in english if not v.startswith("*")),
        negator_endings=tuple(v[1:] for v in english if v.startswith("*")),
        ko_words=_words(korean.get("words") or ()),
        ko_starts=tuple(korean.get("starts") or ()),
        undo=_words(data.get("undo") or ()),
        expected=tuple(str(e).lower() for e in [*expected.get("en", []), *expected.get("ko", [])]),
        clause_words=_words(clauses.get("en") or ()),
        ko_endings=tuple(clauses.get("ko_endings") or ()),
        linkers=_words(linkers.get("en") or ()),
        ko_linkers=_words(linkers.get("ko") or ()),
        prepositions=_words(data.get("prepositions") or ()),
        subject_particles=_words(particles.get("subject") or ()),
        object_particles=_words(particles.get("object") or ()),
        contexts=contexts,
        awaited=tuple(str(w).lower() for w in data.get("awaited") or ()),
    )


def normalised(text: str) -> str:
    """The text as keywords are matched in it: lower case, one kind of apostrophe."""
    return text.lower().replace("\u2019", "'").replace("`", "'")


def keywords_said(keywords: Iterable[str], text: str, *, kind: str = "fault") -> list[str]:
    """The keywords the text says happened, in the order given; `kind`, what they name (a
    danger is cancelled by harmless objects too: "burnt my toast")."""
    given = tuple(keywords)
    lowered = _mended(_literal(standard_spelling(normalised(text))), given)
    present = _present(given, lowered)
    held = {n for n in _all_needles(present) if n in lowered}  # each needle looked for once
    candidates = [k for k, needles in _needles(present) if held.issuperset(needles)]
    return [k for k in candidates if said(k, lowered, kind=kind)]


@lru_cache(maxsize=64)
def _all_needles(keywords: tuple[str, ...]) -> frozenset[str]:
    return frozenset(n for _, needles in _needles(keywords) for n in needles)


@lru_cache(maxsize=1024)
def _present(keywords: tuple[str, ...], lowered: str) -> tuple[str, ...]:
    """The keywords with each "@group" part said as each word of its group the text holds:
    the pairs of two groups are thousands, the words of them in one message a few."""
    if not _grouped(keywords):
        return keywords
    groups = _groups()
    found: list[str] = []
    for keyword in keywords:
        if "@" not in keyword:
            found.append(keyword)
            continue
        choices = [_said_as(part.strip(), groups, lowered) for part in keyword.split("&")]
        found += [" & ".join(chosen) for chosen in product(*choices)]
    return tuple(found)


def _said_as(part: str, groups: dict[str, tuple[str, ...]], lowered: str) -> list[str]:
    """A keyword's part with each of its "@group" words said as each word of that group the
    text holds ("hurt my @body": "hurt my wrist", "hurt my knee")."""
    words = [
        [w for w in groups[word[1:]] if _first_word(w) in lowered]
        if word.startswith("@")
        else [word]
        for word in part.split()
    ]
    return [" ".join(chosen) for chosen in product(*words)]


@lru_cache(maxsize=64)
def _grouped(keywords: tuple[str, ...]) -> bool:
    return any("@" in k for k in keywords)


@cache
def _groups() -> dict[str, tuple[str, ...]]:
    groups = load("assessment").get("groups") or {}
    return {
        name: tuple(str(w) for lang in ("en", "ko") for w in words.get(lang) or ())
        for name, words in groups.items()
    }


def _first_word(part: str) -> str:
    return (part.strip().rstrip("*").lower().split() or [""])[0]


@lru_cache(maxsize=64)
def _expanded(keywords: tuple[str, ...]) -> tuple[str, ...]:
    """The keywords with each "@group" part said as each word of its group."""
    groups = load("assessment").get("groups") or {}
    found: list[str] = []
    for keyword in keywords:
        parts = [part.strip() for part in keyword.split("&")]
        if not any(part.startswith("@") for part in parts):
            found.append(keyword)
            continue
        choices = [
            [str(w) for lang in ("en", "ko") for w in groups[p[1:]].get(lang) or ()]
            if p.startswith("@")
            else [p]
            for p in parts
        ]
        found += [" & ".join(chosen) for chosen in product(*choices)]
    return tuple(found)


@lru_cache(maxsize=1024)
def _literal(lowered: str) -> str:
    """The text without the sayings whose words name no fault or danger ("yup, fire away",
    "you're killing me", "my phone blew up with calls"; `figurative` in assessment.yml)."""
    return vocabulary.pattern("assessment", "figurative").sub(" ", lowered)


@lru_cache(maxsize=64)
def _keyword_words(keywords: tuple[str, ...]) -> frozenset[str]:
    """The English words of the keywords a typo may stand for (five letters or more)."""
    return frozenset(
        w for k in keywords for w in re.findall(r"[a-z]+", k.lower().rstrip("*")) if len(w) >= 5
    )


@lru_cache(maxsize=4096)
def _mended(lowered: str, keywords: tuple[str, ...]) -> str:
    """The text with an English word one slip from one keyword word put right ("stoped
    working" is "stopped working", "brokn" "broken"), unless it is a real word of its own
    (answers.yml `real_words`) or a longer word ("charger")."""
    known = _keyword_words(_expanded(keywords))  # the groups' words may be mistyped too
    real = _real_words()

    def mend(found: re.Match[str]) -> str:
        word = found.group(0)
        if len(word) < 5 or word in known or word in real:
            return word
        # a letter left out or two swapped, not one added ("charger" is no "charge")
        near = {k for k in known if len(k) >= len(word) and one_slip(word, k)}
        return near.pop() if len(near) == 1 else word

    return re.sub(r"[a-z]+", mend, lowered)


@cache
def _real_words() -> frozenset[str]:
    return frozenset(str(w).lower() for w in load("answers").get("real_words") or ())


def said(keyword: str, lowered: str, *, kind: str = "fault") -> bool:
    """Whether a (normalised) text says a keyword happened, somewhere."""
    parts = [part.strip() for part in keyword.split("&")] if "&" in keyword else [keyword]
    return all(
        any(_counts(part, lowered, m.start(), m.end(), kind) for m in _found(part, lowered))
        for part in parts
        if part
    )


def _found(keyword: str, lowered: str) -> Iterable[re.Match[str]]:
    return keyword_pattern(keyword).finditer(lowered)


@lru_cache(maxsize=64)
def _needles(keywords: tuple[str, ...]) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """Each keyword with text that every match of it holds (the first word of each part): a
    substring test first, as most keywords are absent from most texts."""
    return tuple(
        (
            keyword,
            tuple(
                part.strip().rstrip("*").lower().split()[0]
                for part in keyword.split("&")
                if part.strip().rstrip("*").strip()
            ),
        )
        for keyword in keywords
    )


def _counts(keyword: str, text: str, start: int, end: int, kind: str) -> bool:
    """Whether one occurrence of a keyword is said to have happened to the product."""
    rules = _rules()
    stem = keyword.rstrip("*").strip().lower()
    expected = stem.startswith(rules.expected)
    before = _PUNCTUATION.split(text[:start])[-1]
    after = _PUNCTUATION.split(text[end:])[0]
    if _HANGUL.search(keyword):
        own, _, rest = after.partition(" ")
        previous = before.split()
        following = rest.split()
        # "안 돼요 그날은": a subject said after its clause, as the sentence's last word
        closes = (own or text[start:end]).endswith(rules.ko_endings)
        if not expected and _negated_ko(rules, previous, own, following, closes=closes):
            return False
        return not _about_else_ko(
            rules, previous, following, kind=kind, closes=closes, keyword=keyword
        )
    previous = _clause_end(_WORD_EN.findall(before), rules.clause_words)
    after = _WORD_REST.sub("", after, count=1)  # "leak*" found "leak" in "leaked"
    following = _clause_start(_WORD_EN.findall(after), rules.clause_words)
    # "we ain't had no heat": a keyword that holds its own negation is said again by one
    # before it (negative concord), not undone
    concord = stem.split(" ", 1)[0] in rules.negators
    if not expected and not concord and _negated_en(rules, previous):
        return False
    return not _about_else_en(rules, previous, following, kind=kind, keyword=keyword)


def faults_said(keywords: tuple[str, ...], text: str) -> list[str]:
    """The keywords of a fault the text says happened, leaving out those that name only
    what should be there ("screen", "power": "the screen works well now" tells no fault)."""
    expected = _rules().expected
    return [
        k
        for k in keywords_said(keywords, text)
        if not k.rstrip("*").strip().lower().startswith(expected)
    ]


def negated(text: str, start: int, end: int) -> bool:
    """Whether a negation in its clause reaches the words at `start`…`end` ("it hasnt been
    fixed", "해결이 안 됐어요")."""
    return missed(text, start, end, awaited=False)


def missed(text: str, start: int, end: int, *, awaited: bool = True) -> bool:
    """Whether the words at `start`…`end` (a remedy: "refund", "환불") are said to be missing
    or awaited rather than asked for: "didn't get my refund", "still waiting for the repair",
    "환불이 안 됐어요", "아직 환불을 못 받았어요". Then they are what went wrong."""
    rules = _rules()
    lowered = normalised(text)
    before = _PUNCTUATION.split(lowered[:start])[-1]
    after = _PUNCTUATION.split(lowered[end:])[0]
    if _HANGUL.search(lowered[start:end]):
        own, _, rest = after.partition(" ")
        previous, following = before.split(), rest.split()
        closes = (own or lowered[start:end]).endswith(rules.ko_endings)
        waited = awaited and any(
            w.startswith(rules.awaited) for w in [*previous[-3:], *following[:2]]
        )
        return waited or _negated_ko(rules, previous, own, following, closes=closes)
    previous = _clause_end(_WORD_EN.findall(before), rules.clause_words)
    if awaited and any(word.startswith(rules.awaited) for word in previous[-4:]):
        return True
    return _negated_en(rules, previous)


def _clause_end(words: list[str], starters: frozenset[str]) -> list[str]:
    """The words of the last clause (a word such as "because" or "it" starts one)."""
    for i in range(len(words) - 1, -1, -1):
        if words[i] in starters:
            return words[i + 1 :]
    return words


def _clause_start(words: list[str], starters: frozenset[str]) -> list[str]:
    """The words up to where the next clause starts."""
    for i, word in enumerate(words):
        if word in starters:
            return words[:i]
    return words


def _negated_en(rules: _Rules, previous: list[str]) -> bool:
    """Whether a negation in the clause reaches the keyword ("it doesn't leak", "no smoke")."""
    for word in reversed(previous[-_NEGATION_SPAN:]):
        if word in rules.undo:
            return False  # "it won't stop leaking"
        if word in rules.negators or word.endswith(rules.negator_endings):
            return True
    return False


def _negated_ko(
    rules: _Rules, previous: list[str], own: str, following: list[str], *, closes: bool
) -> bool:
    """Whether a Korean negation reaches the keyword: 안/못 before it ("안 새요"), or after
    it in its own word or the next ones of its clause ("새지 않아요", "연기는 안 나요")."""
    if previous and previous[-1] in rules.ko_words:
        return True
    if any(start in own for start in rules.ko_starts):
        return True
    if closes:
        return False  # the clause ends with the keyword's own word
    for word in following[:2]:
        if word in rules.undo:
            return False
        if word in rules.ko_words or word.startswith(rules.ko_starts):
            return True
        if word.endswith(rules.ko_endings):
            break
    return False


def _about_else_en(
    rules: _Rules, previous: list[str], following: list[str], *, kind: str, keyword: str = ""
) -> bool:
    """Whether the keyword's subject or object makes it about something other than the
    product ("tuesday doesn't work", "leaked my data", "burnt toast")."""
    subject = _skip(list(reversed(previous)), rules.linkers)[1]
    skipped, obj = _skip(following, rules.linkers)
    for context in rules.contexts:
        if not context.cancels_keyword(keyword, kind):
            continue
        for size in context.sizes:
            if (
                "subject" in context.where
                and tuple(reversed(subject[:size])) in context.phrases
                # "installed on monday is leaking": a day after a preposition says when
                and not (len(subject) > size and subject[size] in rules.prepositions)
            ):
                return True
            if tuple(obj[:size]) in context.phrases and (
                "next" in context.where or ("object" in context.where and skipped > 0)
            ):
                return True
    return False


def _skip(words: list[str], linkers: frozenset[str]) -> tuple[int, list[str]]:
    """The words from the first one that is not a linker, and how many were skipped."""
    for i, word in enumerate(words):
        if word not in linkers:
            return i, words[i:]
    return len(words), []


def _about_else_ko(
    rules: _Rules,
    previous: list[str],
    following: list[str],
    *,
    kind: str,
    closes: bool,
    keyword: str = "",
) -> bool:
    """The same in Korean, where a neighbour's particle tells its role ("화요일은 안 돼요",
    "밥이 눌었어요", "개인정보를 …"); a word with another particle ("화요일에") has none."""
    neighbours: list[str] = []
    _, before = _skip(list(reversed(previous)), rules.ko_linkers)
    if before and not before[0].endswith(rules.ko_endings):  # not the end of another clause
        neighbours.append(before[0])
    if not closes:
        _, after = _skip(following, rules.ko_linkers)
        if after:
            neighbours.append(after[0])
    elif len(following) == 1:
        neighbours.append(following[0])  # "안 돼요 그날은": the subject, said last
    for context in rules.contexts:
        if not context.cancels_keyword(keyword, kind):
            continue
        roles: set[str] = set()
        if "subject" in context.where or "next" in context.where:
            roles |= rules.subject_particles
        if "object" in context.where or "next" in context.where:
            roles |= rules.object_particles
        for word in neighbours:
            for phrase in context.korean:
                if word.startswith(phrase) and (word[len(phrase) :] in roles | {""}):
                    return True
    return False
