"""A part of a stored value corrected by itself at the read-back, and a part of what happened
taken out.

A part: "ends 9035 not 9053", "번호 끝자리 1735 에요", "전화번호가운데 2290아니고 2209요",
"the email is the .co.uk one not .com", "it should end in .co.uk", "oops its yahoo with 2 os".
One reading for all of them: the parts the message says (digits, pieces of an address, words),
the one turned down ("A not B", "B 말고 A"), where the new one stands ("ends", "끝자리",
"가운데", "domain"), or a word one slip from a piece of the address. The part is applied to the
stored contact or name when it fits one way only; when it fits nowhere, the field is asked
again (`Mend(field, None)`), never dropped. The words are data: `parts` in
`nlu/vocabulary/corrections.yml`, `turned_down` in `answers.yml`.

A removal: "애기깼다는건 빼주세요", "take out the bit about the delivery guy": the sentences of
the description that match what is quoted go (`removing` in `corrections.yml`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Any

from handlers.answers import small_word
from handlers.corrections import (
    fields_named,
    without_leading,
    without_leading_story_name,
    without_story_name,
)
from handlers.fields import find_contact, parse_contact, valid_description, without_ending
from handlers.lexicon import typo_apart
from handlers.remedies import remedies_said
from handlers.vocabulary import load
from handlers.vocabulary import pattern as vocabulary_pattern
from handlers.words import Token, sentences, tokens
from handlers.words import words as words_of

_HANGUL = r"\uac00-\ud7a3"
# A part as written: a run of what addresses and numbers are made of, or of Hangul; a name's
# apostrophe goes with it ("O'Brien").
_TOKEN = re.compile(rf"[A-Za-z0-9@._+\-]+(?:'[A-Za-z][A-Za-z\-]*)*|[{_HANGUL}]+")
_SENTENCES = re.compile(r"(?<=[.!?])\s+|\n|[?!]+")


@dataclass(frozen=True)
class Mend:
    """A field's value with a part corrected; `value` None: a part was said for the field that
    fits it nowhere, so the field is asked again."""

    field: str
    value: str | None


@dataclass(frozen=True)
class Removal:
    """What is left of the description once the sentences quoted are out (`left` None: none
    matched what was quoted, or nothing would be left), and the sentences taken out."""

    left: str | None
    removed: tuple[str, ...] = ()
    quoted: str = ""  # what the message quoted, to tell whether it was said but left out


def _phrases(phrases: list[str], *, english: bool) -> str:
    ordered = sorted(phrases, key=len, reverse=True)
    space = r"\s+" if english else r"\s*"
    escaped = [re.escape(p).replace(r"\ ", space) for p in ordered]
    if english:
        return "|".join(rf"(?<![\w@.]){p}(?![\w@])" for p in escaped)
    return "|".join(escaped)


def _both(entry: Mapping[str, list[str]]) -> re.Pattern[str]:
    found = [
        _phrases(entry.get("en") or [], english=True),
        _phrases(entry.get("ko") or [], english=False),
    ]
    return re.compile("|".join(f for f in found if f) or r"(?!)", re.I)


@cache
def _words() -> dict[str, Any]:
    """The patterns of `parts` and `removing` in corrections.yml, and of what turns down."""
    parts = load("corrections")["parts"]
    removing = load("corrections")["removing"]
    turned = load("answers")["turned_down"]
    english_down = [p for p in turned["en"] if p.split()[0] != "no"]  # "no, …" answers
    return {
        "where": {w: _both(parts[w]) for w in ("end", "middle", "start", "domain", "local")},
        "of_name": _both(parts["of_name"]),
        "units": re.compile(
            rf"^\s*(?:{_phrases(parts['units']['en'], english=True)}|"
            rf"{_phrases(parts['units']['ko'], english=False)})",
            re.I,
        ),
        "fillers": {w.lower() for w in parts["fillers"]["en"]},
        "down_en": re.compile(_phrases(english_down, english=True), re.I),
        "down_ko": re.compile(_phrases(turned["ko"], english=False)),
        "verbs_en": re.compile(_phrases(removing["verbs"]["en"], english=True), re.I),
        "verbs_ko": re.compile(_phrases(removing["verbs"]["ko"], english=False)),
        # "take the bit about the baby out": the verb, and "out" at the end
        "verbs_apart": re.compile(
            rf"(?:{_phrases(removing['verbs_apart']['en'], english=True)})(?=.*\bout\s*$)", re.I
        ),
        # the same said of a part of a value ("take the apology out of what I'd like")
        "verbs_around": re.compile(
            rf"(?:{_phrases(removing['verbs_apart']['en'], english=True)})"
            rf"(?=.*\b(?:{_phrases(removing['verbs_apart_ends']['en'], english=True)})\b)",
            re.I,
        ),
        "what_en": re.compile(_phrases(removing["what"]["en"], english=True), re.I),
        "what_ko": re.compile(rf"(?:{_phrases(removing['what']['ko'], english=False)})\s*$"),
        "placed": {place: _placed(removing, place) for place in ("first", "last")},
        "keep": _both(removing["keep"]),
        "rest": _both(removing["rest"]),
        "pointers_en": re.compile(
            rf"^\s*(?:{_phrases(removing['pointers']['en'], english=True)})\W*$", re.I
        ),
        "pointers_ko": re.compile(_phrases(removing["pointers"]["ko"], english=False)),
        "quote_fillers": re.compile(_phrases(removing["fillers"]["en"], english=True), re.I),
        "said": removing["said"],
        "matches": removing["matches"],
    }


def _placed(removing: Mapping[str, Any], place: str) -> re.Pattern[str]:
    """A part of the story by where it stands: the place, a count, the unit ("last two
    lines", "첫 문장"); the unit's name is the group it matches."""
    counts = {**removing["counts"]["en"], **removing["counts"]["ko"]}
    count = "|".join(re.escape(c) for c in sorted(counts, key=len, reverse=True))
    units = "|".join(
        rf"(?P<{unit}>{_both(said).pattern})" for unit, said in removing["units"].items()
    )
    return re.compile(
        rf"(?:{_both(removing[place]).pattern})\s*(?:(?:{_both(removing['between']).pattern})\s*)?"
        rf"(?:(?P<n>\d+|{count})\s*)?(?:{units})",
        re.I,
    )


@dataclass(frozen=True)
class _Part:
    """A part said: its text, where it stands, and what kind of thing it is."""

    text: str
    start: int
    end: int
    kind: str  # "digits", "address" (with @ or .), "word", "hangul"


def _parts(clause: str, cues: list[tuple[int, int]]) -> list[_Part]:
    """The parts a clause says, outside the cue words."""
    words = _words()
    blanked = list(clause)
    for start, end in cues:
        blanked[start:end] = " " * (end - start)
    found: list[_Part] = []
    for m in _TOKEN.finditer("".join(blanked)):
        text = m.group(0).rstrip(".,-")
        if not text:
            continue
        if "\uac00" <= text[0] <= "\ud7a3":  # a Hangul word (the token is one kind)
            text = without_ending(text)
            found.append(_Part(text, m.start(), m.start() + len(text), "hangul"))
            continue
        end = m.start() + len(text)
        digits = sum(ch.isdigit() for ch in text)
        if re.fullmatch(r"[\d\-]+", text):
            if digits >= 2 and not words["units"].match(clause[end:]):
                found.append(_Part(text.replace("-", ""), m.start(), end, "digits"))
        elif "@" in text or "." in text:
            found.append(_Part(text.lower(), m.start(), end, "address"))
        elif _name_word(text) and len(text) >= 2 and text.lower() not in words["fillers"]:
            found.append(_Part(text, m.start(), end, "word"))
    return found


def _name_word(text: str) -> bool:
    """A word of a name: letters, joined by a hyphen or an apostrophe ("Mokoena-Dlamini")."""
    pieces = text.replace("'", "-").split("-")
    return all(p.isascii() and p.isalpha() for p in pieces)


def _same_kind(a: _Part, b: _Part) -> bool:
    """Whether one part may replace the other: digits for digits, a word for a piece of an
    address ("gmail not gmial")."""
    kinds = {a.kind, b.kind}
    return a.kind == b.kind or kinds == {"word", "address"}


@dataclass(frozen=True)
class _Said:
    """One reading of a part correction: the new part, the one it replaces (if said), and
    where it stands (if said)."""

    new: _Part
    old: _Part | None = None
    where: str | None = None
    of_name: bool = False  # where was said of a name ("surname"): a part of the name only


def _positions(clause: str) -> list[tuple[str, int, int]]:
    """Where the clause says a part stands ("ends", "끝자리"), and where it says so."""
    words = _words()
    return [
        (where, m.start(), m.end())
        for where, pattern in words["where"].items()
        for m in pattern.finditer(clause)
    ]


def _readings(clause: str) -> list[_Said]:
    """Every way the clause says a part: with the part it replaces first, then with where
    it stands."""
    words = _words()
    downs = [(m.start(), m.end(), "en") for m in words["down_en"].finditer(clause)]
    downs += [(m.start(), m.end(), "ko") for m in words["down_ko"].finditer(clause)]
    positions = _positions(clause)
    cues = [(s, e) for s, e, _ in downs] + [(s, e) for _, s, e in positions]
    parts = _parts(clause, cues)
    where = positions[0][0] if positions else None
    said: list[_Said] = []
    for start, end, language in downs:
        after = [p for p in parts if p.start >= end]
        before = [p for p in parts if p.end <= start][::-1]
        # English turns down what follows ("A not B"), Korean what precedes ("B 말고 A")
        turned, other = (after, before) if language == "en" else (before, after)
        for old in turned[:3]:
            rest = [p for p in (*other, *turned) if p is not old and _same_kind(p, old)]
            if rest:
                said.append(_Said(rest[0], old, where))
    # a part said with the one it replaces is only that: "ends 9035 not 9053" of a number
    # ending 2222 fits nowhere
    paired = {id(p) for s in said for p in (s.new, s.old)}
    parts = [p for p in parts if id(p) not in paired]
    for position, start, end in positions:
        after = [p for p in parts if p.start >= end]
        before = [p for p in parts if p.end <= end][::-1]
        of_name = bool(words["of_name"].fullmatch(clause[start:end]))
        for new in (after or before)[:3]:
            said.append(_Said(new, None, position, of_name))
    return said


def _replace_once(
    value: str, old: str, new: str, where: str | None, *, whole: bool = False
) -> str | None:
    """`value` with `old` replaced, when it stands there once (or where said); `whole`, only
    as whole pieces of it, between marks ("gmial" of "x@gmial.com", never the "am" of
    "example")."""
    found = re.escape(old)
    if whole and old[:1].isalnum():  # a letter or digit at either end has none beside it
        found = r"(?<![^\W_])" + found
    if whole and old[-1:].isalnum():
        found += r"(?![^\W_])"
    at = [m.start() for m in re.finditer(found, value, re.I)]
    if len(at) > 1 and where == "end" and value.lower().endswith(old.lower()):
        at = [len(value) - len(old)]
    if len(at) != 1:
        return None
    return value[: at[0]] + new + value[at[0] + len(old) :]


def _phone(display: str, said: _Said) -> str | None:
    """A phone number with digits replaced: those turned down, else those where said."""
    if said.new.kind != "digits" or (said.old is not None and said.old.kind != "digits"):
        return None
    places = [i for i, ch in enumerate(display) if ch.isdigit()]
    digits = "".join(display[i] for i in places)
    new = said.new.text
    if said.old is not None:
        found = [m.start() for m in re.finditer(f"(?={said.old.text})", digits)]
        if len(found) > 1 and said.where == "end" and digits.endswith(said.old.text):
            found = [len(digits) - len(said.old.text)]
        if len(found) != 1:
            return None
        first, length = found[0], len(said.old.text)
    elif said.where == "end" and len(new) < len(digits) - 2:
        first, length = len(digits) - len(new), len(new)
    elif said.where in ("middle", "start"):
        groups = [(m.start(), m.end()) for m in re.finditer(r"\d+", display)]
        inner = groups[1:-1] if said.where == "middle" else groups[:-1]
        fitting = [g for g in inner if g[1] - g[0] == len(new)]
        if len(fitting) != 1 and not (said.where == "start" and fitting):
            return None
        first = places.index(fitting[0][0])
        length = len(new)
    else:
        return None
    start, end = places[first], places[first + length - 1] + 1
    return display[:start] + new + display[end:]


def _email(address: str, said: _Said) -> str | None:
    """An e-mail address with a piece replaced: the piece turned down, else where said."""
    new = said.new.text.lower()
    if said.new.kind not in ("address", "word"):
        return None
    local, _, domain = address.partition("@")
    if said.old is not None:
        if said.old.kind not in ("address", "word"):
            return None
        return _replace_once(address, said.old.text.lower(), new, said.where, whole=True)
    if said.where == "local" or (said.where == "start" and "@" not in new):
        return f"{new.rstrip('@')}@{domain}"
    if said.where not in ("end", "domain"):
        return None
    if new.startswith("@"):
        return local + new
    if new.startswith("."):
        return f"{local}@{domain.split('.')[0]}{new}"
    if "." in new:
        return f"{local}@{new}"
    labels = domain.split(".")
    if said.where == "end":
        return f"{local}@{'.'.join([*labels[:-1], new])}"
    return f"{local}@{'.'.join([new, *labels[1:]])}"


def part_removed(text: str, held: str) -> str | None:
    """A value of several parts with the part the message takes out ("take the apology out
    of what I'd like" of "Refund and an apology", "요청사항에서 환불 이라는 말만 지워
    주세요" of "환불; …"): what is left; None when it takes out none, or every one."""
    words = _words()
    removes = (
        words["verbs_en"].search(text)
        or words["verbs_ko"].search(text)
        or words["verbs_around"].search(text)  # "take the apology out of what I'd like"
    )
    if not held or not removes:
        return None
    joiner = "; " if ";" in held else ", "
    parts = [p for p in _PARTS_OF_A_VALUE.split(held) if p.strip()]
    if len(parts) == 1 and len(spans := remedies_said(held)) > 1:
        parts = [held[a:b] for a, b in spans]  # "수리 사과 요금 차감": its remedies
    # the words of the sentence that asks it ("… Water supply. And take the compensation off.")
    asking = next((text[a:b] for a, b in sentences(text) if a <= removes.start() < b), text)
    said = {t.word for t in tokens(asking) if _naming(t)}
    gone = [p for p in parts if any(_naming(t) and t.word in said for t in tokens(p))]
    if not gone or len(gone) == len(parts):
        return None
    return joiner.join(p.strip() for p in parts if p not in gone)


def _naming(token: Token) -> bool:
    """A word that names a part: a noun, or an English word that is no small one."""
    return token.tag.startswith(("NN", "SL")) if token.tag else not small_word(token.word)


# Where the parts of a value of several part ("Refund and an apology", "환불; 확인해 주세요").
_PARTS_OF_A_VALUE = re.compile(r"\s*(?:;|,|\band\b|\bor\b|그리고)\s*", re.IGNORECASE)


def _name(name: str, said: _Said, clause: str) -> str | None:
    """A name with a word (or, in Hangul, a part) replaced."""
    if said.new.kind not in ("word", "hangul"):
        return None
    if said.old is not None:
        if said.old.kind != said.new.kind:
            return None
        # a Latin word of the name, whole ("you did not answer me" has no "me" of "Emeka")
        if said.old.kind == "word" and said.old.text.lower() not in name.lower().split():
            return None
        if said.new.kind == "word" and said.new.text.lower() in name.lower().split():
            # "Priya not jsut Priya": the word already there stays, the one put wrong goes
            kept = [w for w in name.split() if w.lower() != said.old.text.lower()]
            return " ".join(kept) or None
        return _replace_once(name, said.old.text, said.new.text, None)
    words = name.split()
    if len(words) < 2 or not _words()["of_name"].search(clause):
        return None
    if said.where == "end":
        return " ".join([*words[:-1], said.new.text])
    if said.where == "start":
        return " ".join([said.new.text, *words[1:]])
    return None


def _typo(address: str, clause: str) -> str | None:
    """An address with the piece a word of the clause is one slip from ("yahoo" for the
    "yaho" of "kellyob@yaho.com"), when one piece only is. Unless the clause speaks of the
    contact, an everyday word is no such piece: not the ending ("come" is no "com"), and
    a word of five letters or more ("jane" is no "jade")."""
    local, _, domain = address.lower().partition("@")
    labels = domain.split(".")
    named = "contact" in fields_named(clause)
    pieces = {p for p in [local, *(labels if named else labels[:-1])] if len(p) >= 3}
    shortest = 4 if named else 5
    mended = {
        (piece, word.lower())
        for word in re.findall(rf"[A-Za-z]{{{shortest},}}", clause)
        for piece in pieces
        if word.lower() != piece and typo_apart(piece, word)
    }
    if len(mended) != 1:
        return None
    [(piece, word)] = mended
    return _replace_once(address, piece, word, None)


def _year(part: _Part, today: date) -> bool:
    """Whether a number may be a year ("it happened in 2025 not 2026")."""
    return (
        part.kind == "digits" and len(part.text) == 4 and 1950 <= int(part.text) <= today.year + 1
    )


def mends(
    text: str, slots: Mapping[str, Any], region: str = "KR", today: date | None = None
) -> list[Mend]:
    """The stored contact or name with a part the message corrects (see the module's
    docstring); a field a part is said for that it fits nowhere, with no value."""
    today = today or date.today()
    contact = parse_contact(str(slots.get("contact") or ""), region)
    name = str(slots.get("customer_name") or "")
    found: dict[str, str] = {}
    unfit: list[str] = []  # fields a part was said for that it fits nowhere in
    for clause in (c.strip() for c in _SENTENCES.split(text or "")):
        if not clause:
            continue
        named = fields_named(clause)
        for said in _readings(clause):
            years = _year(said.new, today) or (said.old is not None and _year(said.old, today))
            if years and said.where is None and "contact" not in named:
                continue
            # a word put right in an e-mail address only where the address is named or
            # the words are an address's ("you did not answer me" is no "me" → "did")
            of_address = "contact" in named or any(
                ch in part.text for part in (said.new, said.old) if part for ch in "@.0123456789"
            )
            if (
                contact is not None
                and "contact" not in found
                and not said.of_name
                and (contact.kind == "phone" or of_address)
            ):
                mended = (
                    _phone(contact.display, said)
                    if contact.kind == "phone"
                    else _email(contact.display, said)
                )
                valid = parse_contact(mended, region) if mended else None
                if valid is not None and valid.display != contact.display:
                    found["contact"] = valid.display
                    continue
            if name and "customer_name" not in found:
                mended = _name(name, said, clause)
                if mended and mended != name:
                    found["customer_name"] = mended
                    continue
            if (field := _meant(said, named, clause)) is not None:
                unfit.append(field)
        if contact is not None and contact.kind == "email" and "contact" not in found:
            mended = _typo(contact.display, clause)
            valid = parse_contact(mended, region) if mended else None
            if valid is not None:
                found["contact"] = valid.display
    asked = [Mend(field, None) for field in dict.fromkeys(unfit) if field not in found]
    return [*(Mend(field, value) for field, value in found.items()), *asked]


def _meant(said: _Said, named: set[str], clause: str) -> str | None:
    """The field a part is said for when the message makes it plain: a name's word by where
    it stands ("surname"), a piece of an address, a number's digits by where they stand or
    with the number named. Words turned down for others ("환불 말고 교환") say no field."""
    if said.where is not None and _words()["of_name"].search(clause):
        return "customer_name"
    if said.new.kind == "address" or (said.where is not None and said.new.kind == "digits"):
        return "contact"
    if said.new.kind == "digits" and "contact" in named:
        return "contact"
    return None


def _bigrams(text: str) -> set[str]:
    squeezed = re.sub(r"[\W_]+", "", text.lower())
    return {squeezed[i : i + 2] for i in range(len(squeezed) - 1)}


def _quoted(clause: str, previous: str = "") -> str | None:
    """What a clause asks to take out of the story, as quoted, or None when it asks nothing
    out (a verb that takes out, with words that point at something said, or at the clause
    said just before: "전화 주세요 이건 내용 아니니까 지워주세요", "…, delete it")."""
    words = _words()
    quotes = re.search(r"[\"'“‘]([^\"'”’]+)[\"'”’]", clause)
    verb = words["verbs_en"].search(clause) or words["verbs_apart"].search(clause)
    if verb is not None:
        after = clause[verb.end() :]
        if quotes is not None:
            return quotes.group(1)
        if words["pointers_en"].match(after) and previous:
            return previous
        if not words["what_en"].search(after):
            return None
        after = re.sub(r"\s+out\s*$", "", after, flags=re.I)  # "take the bit … out"
        return words["quote_fillers"].sub(" ", words["what_en"].sub(" ", after))
    verb = words["verbs_ko"].search(clause)
    if verb is None:
        return None
    before = clause[: verb.start()].rstrip()
    what = words["what_ko"].search(before)
    if what is None:
        pointer = words["pointers_ko"].search(before)
        if pointer is None:
            return None
        return without_leading(before[: pointer.start()]) or previous or None
    return without_leading(before[: what.start()])


# How a story parts into each unit a customer counts in
_UNIT_BREAKS = {"sentences": r"(?<=[.!?])\s+|\n+", "lines": r"\n+", "paragraphs": r"\n\s*\n"}


def _sentences(story: str, unit: str = "sentences") -> list[tuple[int, int]]:
    """Where each sentence (or line, or paragraph) of the story stands; a story of one
    paragraph counts in lines (each message told is one), of one line in sentences."""
    spans: list[tuple[int, int]] = []
    start = 0
    for m in re.finditer(_UNIT_BREAKS[unit], story):
        spans.append((start, m.start()))
        start = m.end()
    spans.append((start, len(story)))
    spans = [(s, e) for s, e in spans if story[s:e].strip()]
    if len(spans) < 2 and unit != "sentences":
        # a paragraph is at least a line: a story of one line has one paragraph
        below = _sentences(story, "lines" if unit == "paragraphs" else "sentences")
        return below if unit == "lines" or "\n" in story.strip() else spans
    return spans


def _by_place(clause: str, story: str) -> tuple[list[tuple[int, int]], list] | None:
    """The parts of the story a clause takes out by where they stand ("remove the last two
    lines"), or keeps ("keep only the first paragraph", "첫 문장만 남겨주세요"); None when
    it names no place."""
    words = _words()
    verb = words["verbs_en"].search(clause) or words["verbs_ko"].search(clause)
    keeps = words["keep"].search(clause) or (verb and words["rest"].search(clause))
    if not (keeps or verb):
        return None
    for place, pattern in words["placed"].items():
        found = pattern.search(clause)
        if found is None:
            continue
        unit = next(u for u in _UNIT_BREAKS if found.group(u))
        units = _sentences(story, unit)
        counts = {**load("corrections")["removing"]["counts"]["en"]}
        counts |= load("corrections")["removing"]["counts"]["ko"]
        said = (found.group("n") or "1").lower()
        n = min(int(said) if said.isdigit() else int(counts.get(said, 1)), len(units))
        named = units[:n] if place == "first" else units[len(units) - n :]
        return units, [u for u in units if u not in named] if keeps else named
    return None


def _holding(
    quote: str, story: str, units: list[tuple[int, int]], region: str
) -> list[tuple[int, int]]:
    """The sentences a quote means: those holding a contact when it names one ("the line
    with my email address"), else those that hold most of its letter pairs."""
    if "contact" in fields_named(quote):
        holding = [(s, e) for s, e in units if find_contact(story[s:e], region) is not None]
        if holding:
            return holding
    wanted = _bigrams(quote)
    scores = [len(wanted & _bigrams(story[s:e])) / len(wanted) if wanted else 0.0 for s, e in units]
    best = max(scores, default=0.0)
    enough = float(_words()["matches"])
    return [span for span, score in zip(units, scores, strict=True) if score == best >= enough]


def without_story_edits(text: str) -> str:
    """A correction without its sentences that edit what happened ("Take out de line bout
    somebody at de door", "And put in dat is 189,000 won I waitin on"): no other field's value
    is read in them (one that names another field is kept: "take the apology out of what I'd
    like")."""
    words = _words()
    adding = vocabulary_pattern("corrections", "adding")
    kept = []
    for start, end in sentences(text, clauses=False):
        said = text[start:end]
        edits = any(
            words[key].search(said) for key in ("verbs_en", "verbs_ko", "verbs_apart")
        ) or adding.search(said)
        if edits and not (fields_named(said) - {"description"}):
            continue
        kept.append(said)
    return " ".join(kept)


def removal(text: str, description: str, region: str = "KR") -> Removal | None:
    """The story with the sentences the message asks to take out ("애기깼다는건 빼주세요",
    "take out the bit about the delivery guy", "remove the last two lines", "keep only the
    first paragraph"), or None when it asks nothing out."""
    previous = ""
    for clause in (c.strip() for c in re.split(r"[,;\n]|(?<=[.!?])\s+", text or "")):
        placed = _by_place(clause, description)
        if placed is not None:
            return _taken(description, *placed)
        # "take the line about X out of the description", "내용에서 X 빼주세요": the story's
        # name is no part of what is quoted
        quote = _quoted(clause, previous) or _quoted(without_story_name(clause), previous)
        previous = clause or previous
        if quote is None:
            continue
        quote = without_story_name(quote)
        units = _sentences(description)
        taken = _taken(description, units, _holding(quote, description, units, region))
        return taken if taken.left else Removal(None, quoted=quote)
    return None


def _taken(story: str, units: list[tuple[int, int]], chosen: list) -> Removal:
    """The story without the units chosen; nothing left, or nothing chosen: no removal."""
    if not chosen or len(chosen) == len(units):
        return Removal(None)
    # each unit kept with what followed it ("… 닫혀요. " and "…\n")
    after = [nxt[0] for nxt in units[1:]] + [len(story)]
    kept = "".join(
        story[s:following]
        for (s, e), following in zip(units, after, strict=True)
        if (s, e) not in chosen
    )
    left = valid_description(kept.strip())
    removed = tuple(story[s:e].strip() for s, e in chosen)
    return Removal(left, removed if left else ())


@dataclass(frozen=True)
class Restoral:
    """The story with a part put back (`story` None: what was asked back is not found), and
    the parts put back."""

    story: str | None
    back: tuple[str, ...] = ()
    new: bool = False  # what is put in was never said before: added, not put back


def edit_asked(text: str) -> bool:
    """Whether a message asks for an edit of what happened (`editing` beside its name)."""
    return "description" in fields_named(text) and bool(
        vocabulary_pattern("corrections", "editing").search(text)
    )


def restored(text: str, story: str, earlier: list[str], before: str | None) -> Restoral | None:
    """The story with what the message asks to put back ("put that back", "you dropped the
    bit about X, put it back", "아까 뺀 거 다시 넣어주세요"): the part of what was said
    earlier that the message names, added; named none, the story before its last change.
    None when nothing is asked back; "" when what is asked back is not found."""
    asked = vocabulary_pattern("corrections", "restoring").search(text or "")
    lacks = None if asked else missing_said(text or "")
    if asked is None and lacks is None:
        return None
    noise = _noise("restoring_noise")
    if lacks is not None:  # "내용에 X 빠졌어요": X, put back as said earlier or added as said now
        piece = left_out(lacks, story, earlier)
        return Restoral(
            valid_description(f"{story}\n{piece or lacks}"), (piece or lacks,), not piece
        )
    assert asked is not None
    rest = text[: asked.start()] + " " + text[asked.end() :]
    quote = " ".join(rest[t.start : t.end] for t in tokens(rest) if t.word not in noise)
    if not quote.strip():  # "put that back": the story before its last change
        was = before or ""
        back = [was[s:e] for s, e in _sentences(was)]
        back = [p for p in back if not _bigrams(p) <= _bigrams(story)]
        return Restoral(was, tuple(back)) if back else Restoral(None)
    piece = left_out(quote, story, earlier)
    if piece is None:
        return Restoral(None)
    return Restoral(valid_description(f"{story}\n{piece}"), (piece,))


def missing_said(text: str) -> str | None:
    """What a message says the story lacks ("내용에 연기 났다는 말이 빠졌어요", "the description
    is missing that the plug got hot"): the words beside `missing` (Korean before, English
    after) without the story's name and what points at them; None when it says none."""
    if "description" not in fields_named(text):
        return None
    found = vocabulary_pattern("corrections", "missing").search(text)
    if found is None:
        return None
    sides = [text[: found.start()], text[found.end() :]]
    side = sides[0] if not found.group(0).isascii() else sides[1]
    told = [s for s in (side, *sides) if _news(s, _noise("restoring_noise"))]
    if not told:
        return None
    said = without_story_name(told[0]).strip(" ,.:")
    said = vocabulary_pattern("corrections", "missing_pointers").sub("", said).strip(" ,.:")
    said = _lead_off(said, _noise())
    return valid_description(said) if _news(said, _noise("restoring_noise")) else None


def retells(text: str, story: str) -> bool:
    """Whether a text tells a story again (holds at least half of its letter pairs) rather
    than adding to it."""
    had = _bigrams(story)
    return bool(had) and len(_bigrams(text) & had) >= len(had) / 2


def left_out(quote: str, story: str, earlier: list[str]) -> str | None:
    """The part of what the customer said earlier that a quote means and the story lacks
    ("you dropped the bit about X"; "전화 주세요 … 지워주세요" when it was never kept)."""
    have = _bigrams(story)
    pieces = [
        piece.strip(" .,")
        for said in earlier
        for part in re.split(r"[,;\n]|(?<=[.!?])\s+", said)
        for piece in (part[start:end] for start, end in sentences(part))  # "…나요 ㅠㅠ …"
        if piece.strip() and len(_bigrams(piece) - have) > len(_bigrams(piece)) / 5
    ]
    wanted = _bigrams(quote)
    scores = [len(wanted & _bigrams(p)) / len(wanted) if wanted else 0.0 for p in pieces]
    best = max(scores, default=0.0)
    return pieces[scores.index(best)] if best >= float(_words()["matches"]) else None


def removal_said(removed: tuple[str, ...], language: str) -> str:
    """How the sentences taken out are said back ("“…” taken out")."""
    said = _words()["said"]["ko" if language == "ko" else "en"]
    return " ".join(f"“{sentence}”" for sentence in removed) + f" {said}"


def restoral_said(back: tuple[str, ...], language: str) -> str:
    """How the parts put back are said back ("“…” put back")."""
    said = load("corrections")["restoring_said"]["ko" if language == "ko" else "en"]
    return " ".join(f"“{part}”" for part in back) + f" {said}"


@cache
def _noise(name: str = "adding_noise") -> frozenset[str]:
    """The words of an instruction that are no news (`corrections.yml adding_noise`)."""
    entry = load("corrections")[name]
    return frozenset(w for lang in ("en", "ko") for phrase in entry[lang] for w in words_of(phrase))


def addition(text: str) -> str | None:
    """What a message at the read-back asks to add to what happened ("oh and add that the
    case light doesn't come on either" → "the case light doesn't come on either"; "내용에
    추가해 주세요. 기사님이 그냥 가셨어요" → "기사님이 그냥 가셨어요"), or None when it adds
    nothing. From the first sentence that asks to add: each sentence without the asking and
    what leads to it, kept when it says something besides the instruction's own words."""
    pattern, noise = vocabulary_pattern("corrections", "adding"), _noise()
    filing = vocabulary_pattern("corrections", "submit")
    kept: list[str] = []
    asked = False
    previous = ""
    for start, end in sentences(text or ""):
        said = text[start:end]
        found = pattern.search(said)
        # "졸려서 그냥 이걸로 넣어주세요": put in as it is, the filing, nothing to add
        if found is not None and any(
            m.start() < found.end() and found.start() < m.end() for m in filing.finditer(said)
        ):
            found = None
        if found is None and not asked:
            previous = said  # before it: another field's correction, or what "that" is
            continue
        asked = True
        if found is not None:
            before, after = said[: found.start()], said[found.end() :]
            said = after if _news(after, noise) else before
            # "…에러떠요 그것도 적어주세요": the sentence before is what to add
            said = said if _news(said, noise) else previous
        if _news(said, noise):  # "내용에 박스 테이프가 …": the story's name is no news
            kept.append(_tail_off(_lead_off(without_leading_story_name(said), noise)))
    added = " ".join(kept).strip(" ,.:")
    return valid_description(added) if asked and added else None


def _news(said: str, noise: frozenset[str]) -> bool:
    return any(t.word not in noise for t in tokens(said))


_ARTICLES = frozenset(["the", "a", "an", "my", "this", "it"])


def _tail_off(said: str) -> str:
    """An English sentence without where it is to go after its news ("my job number
    RJ-55821 to the description")."""
    toks = tokens(said)
    if not toks or toks[0].tag:
        return said.strip()  # Korean keeps its words as said
    last = next((t for t in reversed(toks) if t.word not in _PLACE), None)
    if last is None or last is toks[-1]:
        return said.strip()
    return said[: last.end].strip()


# Where an addition is to go, said after it ("… to the description", "… in the story").
_PLACE = frozenset(
    [
        "to",
        "in",
        "into",
        "on",
        "the",
        "my",
        "description",
        "story",
        "complaint",
        "what",
        "happened",
        "part",
        "bit",
        "line",
        "section",
    ]
)


def _lead_off(said: str, noise: frozenset[str]) -> str:
    """A sentence without the instruction's words before its news ("that the light…")."""
    toks = tokens(said)
    first = next((t for t in toks if t.word not in noise or t.word in _ARTICLES or t.tag), None)
    if first is None or toks[0].tag:  # Korean keeps its words as said
        return said.strip()
    return said[first.start :].strip()
