"""Remedies: what a customer asks us to do, read from one vocabulary
(`nlu/vocabulary/remedies.yml`) by the form, the read-back, the opening message and the
assessment alike. A remedy word only mentioned ("oven repair booking", "confirmation it's
fixed"), turned down ("not a refund", "환불 말고") or had already ("이미 환불 받았어요") asks
for nothing; after a change of mind ("refund, no wait, a replacement") the last one counts."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from handlers.lexicon import Lexicon, lexicon
from handlers.vocabulary import load
from handlers.words import Token, tokens

_BREAK = re.compile(r"[.,;!?\n]")  # what ends a clause between two words


@dataclass(frozen=True)
class Remedy:
    """One remedy and the name it is stored under in each language."""

    en: str
    ko: str

    def name(self, language: str) -> str:
        """The name in the customer's language ("Refund" / "환불")."""
        return self.ko if language == "ko" else self.en


@dataclass(frozen=True)
class Asked:
    """A remedy asked for, and where: its characters and its words."""

    remedy: Remedy
    start: int
    end: int
    first: int
    last: int


@dataclass(frozen=True)
class _Vocabulary:
    remedies: tuple[Remedy, ...]
    words: Lexicon  # each remedy's phrases, labelled by its index; mentions as "mention"
    mentioned_before: Lexicon
    declined_after: Lexicon
    declined_before: Lexicon
    between: Lexicon
    change: Lexicon
    quoted: tuple[str, ...]
    saying: frozenset[str]
    fallback: Lexicon


@cache
def _vocabulary() -> _Vocabulary:
    data = load("remedies")
    remedies = tuple(Remedy(**entry["name"]) for entry in data["remedies"])
    entries = [
        (phrase, str(i))
        for i, entry in enumerate(data["remedies"])
        for language in ("en", "ko")
        for phrase in entry.get(language) or []
    ]
    entries += [(p, "mention") for language in ("en", "ko") for p in data["mentions"][language]]
    return _Vocabulary(
        remedies=remedies,
        words=Lexicon(entries, typos=True, real_words=load("answers")["real_words"]),
        mentioned_before=lexicon(data["mentioned_before"], "mention"),
        declined_after=lexicon(data["declined_after"], "declined"),
        declined_before=lexicon(data["declined_before"], "declined"),
        between=lexicon(data["between"], "between"),
        change=lexicon(load("meta").get("change"), "change"),
        quoted=tuple(data.get("quoted") or ()),
        saying=frozenset(str(w) for w in data.get("saying") or ()),
        fallback=lexicon(data.get("fallback"), "fallback"),
    )


def _same_clause(text: str, toks: tuple[Token, ...], a: int, b: int) -> bool:
    """Whether no clause ends between word `a` and word `b` (a < b)."""
    return not _BREAK.search(text[toks[a].end : toks[b].start])


def _ends_at(lex: Lexicon, said: list[str], j: int) -> bool:
    """Whether a phrase of `lex` ends at word `j`."""
    for k in range(max(0, j - 7), j + 1):
        found = lex.at(said, k)
        if found is not None and k + found[0] == j + 1:
            return True
    return False


def _declined(text: str, toks: tuple[Token, ...], said: list[str], first: int, last: int) -> bool:
    """Whether the remedy at words `first`…`last` is only mentioned, turned down or had."""
    vocab = _vocabulary()
    if last < len(said) and vocab.mentioned_before.at(said, last):
        return True  # "repair booking", "환불 규정"
    before = first - 1
    while before >= 0 and _same_clause(text, toks, before, first):
        if _ends_at(vocab.declined_after, said, before):
            return True  # "not a refund", "already got a refund", "이미 환불"
        if not vocab.between.at(said, before):
            break
        before -= 1
    after = last
    while after < len(said) and vocab.between.at(said, after):
        after += 1
    if after < len(said) and vocab.declined_before.at(said, after):
        return True  # "환불 말고", "교환은 싫어요"
    # a Korean remedy whose verb is past was had already ("환불 받았어요", "수리했는데")
    verb = next(
        (i for i in range(last - 1, min(len(toks), last + 3)) if toks[i].verb),
        None,
    )
    if verb is None or not toks[verb].past or not _same_clause(text, toks, first, verb):
        return False
    # "환불이라고 했잖아요", "교환이요 위에 썼는데": the past verb is the saying, not the
    # remedy had
    quoting = text[toks[last - 1].end : toks[verb].start]
    if toks[verb].word in vocab.saying:
        return False
    return not any(mark in quoting for mark in vocab.quoted)


def remedies_asked(text: str) -> list[Asked]:
    """Every remedy the text asks for, in order."""
    vocab = _vocabulary()
    toks = tokens(text)
    said = [t.word for t in toks]
    found: list[Asked] = []
    for hit in vocab.words.hits(toks):
        if hit.label == "mention" or _declined(text, toks, said, hit.first, hit.last):
            continue
        remedy = vocab.remedies[int(hit.label)]
        found.append(Asked(remedy, hit.start, hit.end, hit.first, hit.last))
    return found


def remedies_said(text: str) -> list[tuple[int, int]]:
    """Where remedies stand in a text, asked for or turned down (what is said of a remedy,
    not of what happened)."""
    return [(h.start, h.end) for h in _vocabulary().words.hits(text) if h.label != "mention"]


def changed_at(text: str) -> int | None:
    """Where the last change of mind in a text ends ("refund, no wait, make it a …"), if any."""
    toks = tokens(text)
    hits = _vocabulary().change.hits(toks)
    if not hits:
        return None
    after = hits[-1].last  # a Korean verb's span leaves its ending ("말|고"): up to the next word
    return toks[after].start if after < len(toks) else len(text)


def chosen(text: str) -> Asked | None:
    """The one remedy a text asks for; after a change of mind, the one it ends on; None for
    none, or several at once ("refund or replacement, whatever is faster")."""
    asked = remedies_asked(text)
    if len({a.remedy for a in asked}) > 1 and _vocabulary().fallback.hits(tokens(text)):
        # "a new one, or failing that my money back": the first choice is the one asked
        return asked[0]
    if len({a.remedy for a in asked}) > 1 and (turn := changed_at(text)) is not None:
        asked = [a for a in asked if a.start >= turn]
    if len({a.remedy for a in asked}) != 1:
        return None
    return asked[-1]


def remedy_of(text: str, language: str) -> str | None:
    """The remedy a text asks for, in the customer's language ("Refund" / "환불"), if one."""
    found = chosen(text)
    return found.remedy.name(language) if found else None


def names_a_remedy(text: str) -> bool:
    """Whether a text asks for any remedy (one or several), not only mentions one."""
    return bool(remedies_asked(text))


def is_remedy_name(text: str) -> bool:
    """Whether a text is a remedy's stored name ("Refund", "교환")."""
    return any(text in (r.en, r.ko) for r in _vocabulary().remedies)


@cache
def remedy_words(language: str) -> str:
    """The remedies' words of one language as a pattern's alternation (for a clause that
    reads words, not a sentence's structure): English phrases with their stems, Korean
    nouns."""
    phrases: list[str] = []
    for entry in load("remedies")["remedies"]:
        for phrase in entry.get(language) or []:
            phrase = str(phrase)
            if language == "ko" and not all(t.noun for t in tokens(phrase)):
                continue  # a Korean phrase with its verb is matched by the lexicon only
            stem = phrase.endswith("*")
            body = r"\s+".join(re.escape(w) for w in phrase.rstrip("*").split())
            phrases.append(body + (r"\w*" if stem else ""))
    return "|".join(sorted(set(phrases), key=len, reverse=True))
