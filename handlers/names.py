"""A customer's name, read from an answer by taking off what is known not to be one.

What is said around a name (a lead-in such as "my name is" or "제 이름은", a polite ending, a
contact and the particles it leaves) is taken off; what is left is refused only for a reason
the customer is told (a question, a sentence, a refusal, a date, a remedy, a product). The
words are data in nlu/vocabulary/names.yml, and products come from the catalogue in
config.yml. A list is compared with the whole answer's shape, never word by word: "No Eun-ji",
"Amanda Wait" and "Song Ha-eun" are names.

A bracketed part that is itself a name ("Lee Soo-jin (이수진)") is kept with the name: staff
who call back need both how the name is written and how it is said. A bracketed remark
("Daniel Cho (my mom bought it)") is left out of the name and kept as `aside`, and so is a
remark said beside it in a part of its own ("its tom, tom reyes. hurry pls" is Tom Reyes,
"박순자라고 합니다 전화는 집으로 …" is 박순자): the name is the part that reads as one (a whole
name before a part of it, which is the same name said twice), the rest is `aside`.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from itertools import pairwise
from pathlib import Path
from typing import Any

import phonenumbers

from handlers.analyser import analyser
from handlers.answers import without_irritation
from handlers.fields import _EMAIL_IN_TEXT, clean, letter_count
from handlers.meta import read_meta
from handlers.phones import with_digits
from handlers.products import Product, answered_product
from handlers.vocabulary import load, read
from handlers.vocabulary import pattern as vocabulary_pattern
from handlers.words import _WORD, Token, morphemes, tokens, without_speech_end

VOCABULARY = Path(__file__).resolve().parent.parent / "nlu" / "vocabulary" / "names.yml"
MAX_NAME = 100

# Why an answer holds no name; each has its reply, utter_invalid_customer_name_<reason>.
REASONS = ("question", "sentence", "declined", "date", "remedy", "product", "digits", "contact")


@dataclass(frozen=True)
class NameReading:
    """What an answer to "your name?" gives: the name, or why there is none."""

    name: str | None
    reason: str | None = None  # one of REASONS; None with no name: nothing name-like
    labelled: bool = False  # said as a name ("my name is …", "이름은 …")
    aside: str = ""  # a bracketed remark beside the name


_HANGUL = "\uac00-\ud7a3"
_SEPARATOR = r"[\s,:;.!~-]+"


def _alternation(phrases: Iterable[str]) -> str:
    """Phrases as one regex alternation, longest first, any spacing between words."""
    ordered = sorted({p.strip() for p in phrases if p.strip()}, key=len, reverse=True)
    return "|".join(r"\s*".join(re.escape(w) for w in p.split()) for p in ordered)


@dataclass(frozen=True)
class _Vocabulary:
    naming: re.Pattern[str]
    weak: re.Pattern[str]
    surnames_too: re.Pattern[str]
    fillers: re.Pattern[str]
    tail: re.Pattern[str]
    honorific: re.Pattern[str]
    title: re.Pattern[str]
    contact_before: re.Pattern[str]
    contact_after: re.Pattern[str]
    korean_name: re.Pattern[str]
    surnames: frozenset[str]
    particles: tuple[str, ...]
    declined: frozenset[str]
    declining: tuple[str, ...]
    words: dict[str, frozenset[str]]  # date, remedy, other: every word of an answer
    brands: frozenset[str]
    kinds: frozenset[str]
    sentence_words: frozenset[str]
    remark_words: frozenset[str]
    name_ends: re.Pattern[str]
    name_turns: re.Pattern[str]
    question_words: frozenset[str]
    question_endings: tuple[str, ...]
    verb_endings: tuple[str, ...]
    short_tails: frozenset[str]  # Korean endings a name's word may carry ("임", "이라예")
    quoting: frozenset[str]  # the endings that quote what one is called ("라고", "라꼬")


def _lead(phrases: Sequence[str]) -> re.Pattern[str]:
    # a lead ends at a separator, or at a Korean particle that runs into the name ("이름은김민지")
    return re.compile(
        rf"^(?:{_alternation(phrases)})(?:{_SEPARATOR}|(?<=[은는:])(?=\S))", re.IGNORECASE
    )


@cache
def vocabulary(path: Path = VOCABULARY) -> _Vocabulary:
    """The name vocabulary, read once."""
    data: dict[str, Any] = read(path)
    products = load("products")  # the kinds of product and brands a name is not
    leads, refused = data["leads"], data["not_a_name"]
    tails = [str(t) for t in data["tails"]]
    latin = [t for t in tails if re.match(r"[A-Za-z]", t)]
    attached = [t for t in tails if t not in latin]
    surnames = data["surnames"]
    compound = [str(s) for s in surnames["compound"]]
    single = str(surnames["single"])
    lower = lambda items: frozenset(str(i).lower() for i in items)  # noqa: E731
    return _Vocabulary(
        naming=_lead(leads["naming"]),
        weak=_lead(leads["weak"]),
        surnames_too=_lead(leads["surnames_too"]),
        fillers=_lead(leads["fillers"]),
        tail=re.compile(
            rf"(?:[\s,.!]+(?:{_alternation(latin)})|(?<=\S)\s*(?:{_alternation(attached)}))"
            r"[\s.!~?;]*$",
            re.IGNORECASE,
        ),
        honorific=re.compile(rf"(?<=[{_HANGUL}]{{2}})\s*(?:{_alternation(data['honorifics'])})$"),
        # "총무 윤서현", "윤서현 과장": the title before or after a name, with a space
        title=re.compile(
            rf"^(?:{_alternation(data.get('titles') or [])})\s+(?=\S)"
            rf"|(?<=\S)\s+(?:{_alternation(data.get('titles') or [])})$"
        ),
        contact_before=re.compile(
            rf"(?:(?:\band\s+)?\b(?:{_alternation(data['contact']['before'])})[\s,;:.-]*)?"
            r"[\s,;:.-]*\x00",
            re.IGNORECASE,
        ),
        contact_after=re.compile(
            rf"\x00\s*(?:(?:{_alternation(data['contact']['after'])})(?![{_HANGUL}]))?"
        ),
        korean_name=re.compile(
            rf"^(?:(?:{'|'.join(compound)})\s?[{_HANGUL}]{{1,2}}|[{single}]\s?[{_HANGUL}]{{2}})$"
        ),
        surnames=frozenset([*compound, *single]),
        particles=tuple(sorted(map(str, data["particles"]), key=len, reverse=True)),
        declined=lower(refused["declined"]),
        declining=tuple(str(w).lower() for w in refused["declining_words"]),
        words={k: lower(refused[k]) for k in ("date", "remedy", "other")},
        brands=lower(products["brands"]["en"] + products["brands"]["ko"]),
        kinds=lower(
            products["kinds"]["en"]
            + products["kinds"]["ko"]
            + products["after_kind"]["en"]
            + products["after_kind"]["ko"]
        ),
        sentence_words=lower(refused["sentence_words"]),
        remark_words=lower(refused["remark_words"]),
        # a Korean name closed by its ending, with more said after it ("박순자라고 합니다 …")
        name_ends=re.compile(
            rf"(?<=[{_HANGUL}])\s*(?:{_alternation(data['ends'])})(?=[\s,.!~]+[^\s,.!~])"
        ),
        # before a word that turns to a remark ("… MacLeod | but naebody calls me that")
        name_turns=re.compile(rf"\s(?=(?:{_alternation(data.get('turns') or [])})\b)", re.I),
        question_words=lower(refused["question_words"]),
        question_endings=tuple(map(str, refused["question_endings"])),
        verb_endings=tuple(map(str, refused["verb_endings"])),
        short_tails=frozenset(
            t.replace(" ", "") for t in [*attached, *map(str, data.get("speech_endings") or [])]
        ),
        quoting=frozenset(map(str, data.get("quoting") or ())),
    )


def _in(vocab: _Vocabulary, word: str, words: frozenset[str]) -> bool:
    """Whether a word is in a list, as it is or with a Korean particle ("반품만")."""
    return word in words or any(
        word.endswith(p) and word[: -len(p)] in words for p in vocab.particles
    )


def _without_lead(text: str) -> tuple[str, bool]:
    """The answer without its lead-ins, and whether one said a name follows."""
    vocab = vocabulary()
    labelled = False
    for _ in range(4):
        before = text
        text = vocab.fillers.sub("", text, count=1)
        named = vocab.naming.sub("", text, count=1)
        labelled = labelled or named != text
        text = vocab.weak.sub("", named, count=1)
        also = vocab.surnames_too.sub("", text, count=1)
        if also != text and _whole_name_follows(also):
            text = also
        if text == before:
            break
    return text.strip(), labelled


def _whole_name_follows(rest: str) -> bool:
    """After "Im" or "전", which are surnames too: a whole name (two words, three syllables)."""
    hangul = re.sub(rf"[^{_HANGUL}]", "", rest)
    return len(rest.split()) >= 2 or len(hangul) >= 3


def _without_tail(text: str) -> str:
    vocab = vocabulary()
    for _ in range(4):
        before = text
        text = vocab.tail.sub("", text).strip()
        text = vocab.honorific.sub("", text).strip()
        text = vocab.title.sub("", text).strip()
        if text == before:
            break
    return text.strip(" .,!~")


def name_from(text: str) -> str:
    """The name in an answer ("my name is Jane Smith", "제 이름은 박지훈입니다" → "Jane Smith",
    "박지훈"); an answer that gives none is returned as it is, to be refused as it is."""
    return read_name(text).name or clean(text, MAX_NAME)


def _contacts_out(text: str, region: str) -> tuple[str, bool]:
    """The text with each contact, the words that introduce it and the particles after it
    taken out; and whether there was one."""
    vocab = vocabulary()
    marked = _EMAIL_IN_TEXT.sub("\x00", text)
    for match in phonenumbers.PhoneNumberMatcher(
        marked, region, leniency=phonenumbers.Leniency.POSSIBLE
    ):
        if sum(ch.isdigit() for ch in match.raw_string) >= 7:  # not "Agent 007"
            marked = marked.replace(match.raw_string, "\x00")
    marked = re.sub(r"\+?\d[\d\s().-]{6,}\d", "\x00", marked)  # one the matcher would not take
    if "\x00" not in marked:
        return text, False
    marked = vocab.contact_after.sub("\x00", marked)
    marked = vocab.contact_before.sub(", ", marked)  # a contact ends a part of the answer
    return re.sub(r"\s+", " ", marked).replace(" , ", ", ").strip(" ,;:.-"), True


def without_contacts(text: str, region: str = "KR") -> str:
    """An answer with its e-mail addresses and phone numbers (and the words around them)
    taken out: "mike o'brien, call me on 07700 900123" → "mike o'brien"."""
    rest, _ = _contacts_out(text, region)
    return _without_fillers(rest)


def _without_fillers(text: str) -> str:
    """The text without fillers at its start ("ugh fine. mike" → "mike")."""
    fillers = vocabulary().fillers
    for _ in range(4):
        shorter = fillers.sub("", text, count=1)
        if shorter == text:
            break
        text = shorter
    return text.strip(" ,;:.-")


def _without_jamo(text: str) -> str:
    """The answer without words of bare jamo ("정우성 ㅇㅇ 번호 …": "ㅇㅇ", "ㅋㅋ" are a yes or a
    laugh, never part of a name), unless nothing else is said."""
    words = text.split(" ")
    kept = [w for w in words if not w or not all("\u3131" <= ch <= "\u318e" for ch in w)]
    return " ".join(kept) if any(w.strip() for w in kept) else text


_BRACKET = re.compile(r"\s*[(\[（]([^()\[\]（）]*)(?:[)\]）]|$)")


# A word spelled out letter by letter, with hyphens or dots between ("K-A-R-E-N", "D.A.N.A")
_SPELLED = re.compile(r"\b(?:[A-Za-z]-){2,}[A-Za-z]\b")


@cache
def _surname_part() -> re.Pattern[str]:
    """`surname_labels` opening a part of an answer ("last name Okafor"): the surname, joined
    after the other part's name."""
    said = _alternation([str(w) for w in load("names").get("surname_labels") or ()])
    return re.compile(rf"^\s*(?:{said})\b", re.IGNORECASE)


@cache
def _others_names() -> re.Pattern[str]:
    """`others_names`: the label of someone else's name, or of one not to be used."""
    said = _alternation([str(w) for w in load("names").get("others_names") or ()])
    return re.compile(rf"(?:{said})", re.IGNORECASE)


@cache
def _letters_after() -> re.Pattern[str]:
    """`letters_after` said at the end of an answer, with what sets them apart."""
    said = _alternation([str(w) for w in load("names").get("letters_after") or ()])
    return re.compile(rf"[\s,]+(?:{said})\.?\s*$", re.IGNORECASE)


def read_name(text: str, catalogue: Iterable[Product] = (), region: str = "KR") -> NameReading:
    """The name an answer to "your name?" gives, or the reason it gives none."""
    # a number said in words is a number ("공일공 이삼사오 육칠팔구"), never a name
    text = with_digits(_without_jamo(without_irritation(clean(text, 300))))
    # spelled out letter by letter ("name me D-A-N-A, last name O-K-A-F-O-R"): the word
    text = _SPELLED.sub(lambda m: re.sub(r"[-.]", "", m.group(0)).capitalize(), text)
    # "ㅎㅈㅇ 아니 한재윤", "jon, no wait, John": the name said after taking one back
    taken_back = list(vocabulary_pattern("names", "self_corrections").finditer(text))
    if taken_back and (after := text[taken_back[-1].end() :].strip(" ,.!~")):
        again = read_name(after, catalogue, region)
        if again.name:
            return again
    text, contact = _contacts_out(text, region)
    asides = [a.strip() for a in _BRACKET.findall(text) if a.strip()]
    # "Anyhoo it's Karen Lindqvist, RN": what is said after a name, off the whole answer first
    # (a Korean ending is read with its word, later)
    main = _BRACKET.sub(" ", text).strip()
    main = _letters_after().sub("", main)
    if not main and asides:  # "(이수진)"
        main, asides = asides[0], asides[1:]
    reading, remarks = _read_parts(main, tuple(catalogue))
    if reading.name is None and ":" in main:
        # "For the avoidance of doubt: Chief (Dr.) Babatunde Adeyemi-Okafor.": what follows
        # the colon, when it is a name
        colon = _read(main.rsplit(":", 1)[1].strip(), tuple(catalogue))
        reading = colon if colon.name else reading
    if reading.name is None:
        if contact and reading.reason is None:
            return NameReading(None, "contact")
        return reading
    kept = [a for a in asides if _read(a, ()).name == a.strip(" .")]  # a name, whole
    # "Margaret Ellison (Mrs)": a title in brackets is no second name
    kept = [a for a in kept if vocabulary().weak.sub("", f"{a.strip(' .')} ").strip()]
    told = remarks + [a for a in asides if a not in kept]
    name = " ".join([reading.name, *(f"({a.strip(' .')})" for a in kept)])
    return NameReading(name[:MAX_NAME], labelled=reading.labelled, aside=" ".join(told))


# a dot after a lone letter is an initial of the name ("Harold J. Whitaker"), no part's end
_PART_END = re.compile(r"[,;!?…~\n/|]+|(?<!\b[A-Za-z])\.+(?=\s|$)|(?<=\s)[-–—]+(?=\s)")


def _parts(text: str) -> list[str]:
    """The parts of an answer, split where punctuation or a Korean name's ending closes
    one ("its tom, tom reyes. hurry pls"; "박순자라고 합니다 전화는 집으로")."""
    marked = vocabulary().name_ends.sub(lambda m: m.group(0) + "\x00", text)
    marked = vocabulary().name_turns.sub("\x00", marked)
    marked = _PART_END.sub(lambda m: m.group(0) + "\x00", marked)
    return [p.strip(" ,;/|\n–—-") for p in marked.split("\x00") if p.strip(" ,;:.!?…~-/|–—")]


def _remark(part: str) -> bool:
    """A part said beside a name, not a name: it holds a word of a sentence or of a remark
    ("hurry pls", "mai is fine")."""
    vocab = vocabulary()
    said, _ = _without_lead(part)
    words = [w.strip(".,!~?") for w in _without_tail(said).lower().split()]
    return any(w in vocab.sentence_words or w in vocab.remark_words for w in words)


def _read_parts(text: str, catalogue: tuple[Product, ...]) -> tuple[NameReading, list[str]]:
    """The name of an answer that says it in a part of its own, beside remarks or the same
    name said twice, and those remarks; else the answer read whole."""
    whole = _read(text, catalogue)
    parts = _parts(text)
    if len(parts) < 2:
        return whole, []
    readings = [_read(p, catalogue) for p in parts]
    others = _others_names()
    # "남편 이름 박정수 인데 제 이름으로 해 주세요": someone else's name is no answer
    names = [
        i
        for i, r in enumerate(readings)
        if r.name and not _remark(parts[i]) and not others.search(parts[i])
    ]
    if any(_shaped(readings[i].name) for i in names):  # "박순자" beside "전화는 집으로"
        names = [i for i in names if _shaped(readings[i].name)]
    said = [set(str(readings[i].name).lower().split()) for i in names]
    repeated = any(a < b for a in said for b in said)  # "tom" beside "tom reyes"
    labelled = any(readings[i].labelled for i in names)
    if not names or (len(names) == len(parts) and not repeated and not labelled):
        return whole, []  # "Reyes, Tom" is one name
    surname = [i for i in names if _surname_part().match(parts[i])]
    if len(names) == 2 and len(surname) == 1:
        # "name me Dana, last name Okafor": the given name, then the surname
        first = next(i for i in names if i != surname[0])
        joined_name = f"{readings[first].name} {readings[surname[0]].name}"
        return NameReading(joined_name, labelled=True), []
    # "call me Tom, Tom Baker": the whole name, not the part of it said first
    whole_names = [i for i in names if not any(said[names.index(i)] < b for b in said)]
    # the fullest name ("Devendra Kulkarni. you can call me Dev"), then one said as a name
    best = max(
        whole_names,
        key=lambda i: (
            len(said[names.index(i)]),
            readings[i].labelled,
            _shaped(readings[i].name),
            -i,
        ),
    )
    chosen = said[names.index(best)]
    remarks = [
        p
        for i, p in enumerate(parts)
        if i != best
        and not (i in names and said[names.index(i)] <= chosen)
        and not _filler(p)
        and (readings[i].name or readings[i].reason)  # "thanks" says nothing
    ]
    return NameReading(readings[best].name, labelled=labelled), remarks


def _shaped(name: str | None) -> bool:
    """Whether a name is written as one: a Korean name, or each word capitalised."""
    if not name:
        return False
    if vocabulary().korean_name.match(name):
        return True
    return all(w[:1].isupper() for w in name.split()) and not re.search(rf"[{_HANGUL}]", name)


def _filler(part: str) -> bool:
    """A part that is only fillers and leads ("fine.", "아 네")."""
    said, _ = _without_lead(part)
    return not _without_tail(said).strip(" ,;:.!?…~-")


def _without_symbols(text: str) -> str:
    """A name as typed without emoji and other symbols ("sione 🙂 sione tuipulotu"), and
    without a first word said again ("sione sione tuipulotu")."""
    text = "".join(ch for ch in text if unicodedata.category(ch) not in ("So", "Sk", "Cs"))
    return re.sub(r"^(\S+)\s+(?=\1(?:\s|$))", "", text.strip(), flags=re.IGNORECASE)


def _person(word: str) -> str | None:
    """A Korean word that is a person's name with what speech adds after it ("박상철이다",
    "정순자랑께", "한지우임", "정순자여"): the name, when the analyser reads it as one
    (인명) and what follows is only an ending, a particle or a tail of the vocabulary."""
    word = without_speech_end(word)
    if (said := _before_copula(word)) is not None:
        return said
    if not re.fullmatch(rf"[{_HANGUL}]{{3,}}", word):
        return None
    parsed = analyser().parse(word)
    first = parsed[0]
    if _a_person(first.surface) and all(m.feature.pos.startswith(_ADDED) for m in parsed[1:]):
        return first.surface
    for end in range(len(word) - 1, 1, -1):  # the longest name a tail leaves
        # a syllable off a three-syllable word leaves no name ("김서유" is whole)
        if end < 3 and len(word) - end < 2:
            continue
        if word[end:] in vocabulary().short_tails and _a_person(word[:end]):
            return word[:end]
    return None


def _before_copula(word: str) -> str | None:
    """The name a word says with the copula or a quote after it, whatever ending follows
    ("박동철이라꼬예", "윤갑순이구먼유", "민서라고", "Jay라고"): what comes before it, when it is
    a Korean person's name or a capitalised Latin one; None otherwise ("정수기라고")."""
    parsed = morphemes(word)
    for i, (_, tag, start, _) in enumerate(parsed):
        if tag.startswith(("VCP", "JKQ")):
            head = word[:start]
            latin = head.isascii() and head.isalpha() and head[:1].isupper() and len(head) > 1
            # quoted as what they are called ("민서라고 하셈"): a name's length is enough
            quoted = any(form in vocabulary().quoting for form, _, _, _ in parsed[i:])
            shaped = re.fullmatch(rf"[{_HANGUL}]{{2,4}}", head) is not None
            named = _a_person(head) or (quoted and shaped)
            return head if start and (latin or named) else None
    return None


def _a_person(word: str) -> bool:
    """Whether a word is a person's name of two to four syllables with a surname first: one
    the analyser knows (인명), or one shaped as a Korean name that it reads as no common
    word ("탁예린", not "한국인")."""
    parsed = analyser().parse(word)
    if not (2 <= len(word) <= 4 and word[0] in vocabulary().surnames | {word[:2]}):
        return False
    if word.endswith(vocabulary().verb_endings):
        return False  # "주세요", read alone as a name, asks for something
    if len(parsed) == 1 and parsed[0].feature.semantic == "인명":
        return True
    # the analyser splits names it does not know any way ("강옥자": 강옥 + 자, "남도윤": 남 +
    # 도 + 윤), but into nouns, a suffix or a particle inside, a noun or a suffix (no title) last
    # (a surname it reads as a prefix or a determiner first: "부한솔" is 부 + 한솔, "한재윤"
    # is 한 + 재윤, a given name it reads as a common noun after it)
    first_read = parsed[0].feature.pos == "XPN" or (
        parsed[0].feature.pos == "MM"
        and len(parsed) > 1
        and parsed[1].feature.pos in ("NNG", "NNP")
    )
    inside = all(
        m.feature.pos.startswith(("NN", "XSN", "J")) or (i == 0 and first_read)
        for i, m in enumerate(parsed[:-1])
    )
    last = parsed[-1].feature.pos.startswith("NN") or (
        parsed[-1].feature.pos == "XSN" and parsed[-1].surface not in "님씨들"
    )
    nouns = inside and last
    common = len(parsed) == 1 and parsed[0].feature.pos.startswith("NNG")
    return bool(vocabulary().korean_name.match(word)) and nouns and not common


def _person_said(bare: str) -> str:
    """The name in a Korean answer whose one person's name has speech around it ("박상철이다",
    "정순자랑께 이름이", "최민석 연락", "나는 광주 사는 정순자여"), or whose words are all
    one foreign name ("라메시 타파입니다"); the answer as it is when no word, or more than
    one, is a name."""
    words = bare.split()
    if len(words) > 1 and vocabulary().korean_name.match("".join(words)):
        return bare  # "김 하 늘": a spaced name, joined elsewhere
    # "마리아 곤살레스 입니다": every word a person's name (a copula apart), or one the
    # analyser guesses at in pieces ("바트바야르 엥흐체첵"), the name whole
    named = [w for w in words if not _only_added(w.strip(".,!~?"))]
    if len(named) > 1 and all(
        _name_word(bare_word := w.strip(".,!~?")) or _guessed_proper(bare_word, tokens(bare_word))
        for w in named
    ):
        return " ".join(named)
    found = {p for w in words if (p := _person(w.strip(".,!~?")) or _whole_person(w))}
    if len(found) != 1:
        return bare
    person = found.pop()
    if _foreign_name(named, person):
        return " ".join(named)
    return person


def _foreign_name(words: list[str], person: str) -> bool:
    """Whether a few words are one name in Hangul: the person found among them unknown to
    the analyser (a name it knows, "김민지", has its speech after it), the others nouns and
    none a title or a word said after a name ("고객", "대리", "할머니", "연락")."""
    vocab = load("names")
    said = {str(w) for key in ("honorifics", "titles", "after_names") for w in vocab[key]}
    return (
        1 < len(words) <= 3
        and not _name_word(person)
        and not any(w in said for w in words)
        and _name_words(" ".join(words), bare_word=True)
    )


def _only_added(word: str) -> bool:
    """Whether a word is only what speech adds after a name: a copula, an ending ("입니다")."""
    parsed = analyser().parse(word) if word else []
    return bool(parsed) and all(m.feature.pos.startswith(_ADDED) for m in parsed)


def _name_word(word: str) -> bool:
    """Whether the analyser reads a Hangul word whole as a person's name (인명: "곤살레스")."""
    parsed = analyser().parse(word) if word else []
    return len(parsed) == 1 and parsed[0].feature.semantic == "인명"


def _whole_person(word: str) -> str | None:
    word = word.strip(".,!~?")
    return word if len(word) >= 3 and _a_person(word) else None


def _read(text: str, catalogue: tuple[Product, ...]) -> NameReading:
    """The name in an answer without contacts or brackets, or why it has none."""
    vocab = vocabulary()
    asked = "?" in text or "？" in text
    said, labelled = _without_lead(_without_symbols(text).strip())
    bare = _spaced_name_joined(_without_tail(said))
    if re.search(rf"[{_HANGUL}]", bare):
        bare = _person_said(bare)
    if letter_count(bare) < 2 or re.fullmatch(r"[\u3131-\u318e\s\W]*", bare):
        return NameReading(None, "declined" if said.lower() in vocab.declined else None)
    words = [w.strip(".,!~?") for w in bare.lower().split()]
    words = [w for w in words if w] or [bare.lower()]
    whole = " ".join(words)

    def refused(reason: str) -> NameReading:
        if reason in ("question", "sentence") and any(w in whole for w in vocab.declining):
            reason = "declined"
        return NameReading(None, reason, labelled)

    if whole in vocab.declined or said.lower().strip(" .!~") in vocab.declined:
        return refused("declined")
    if read_meta(bare).only:
        return NameReading(None, None, labelled)  # "actually no", "wait ok": no name
    if asked or _asks(vocab, words, bare):
        return refused("question")
    if all(_in(vocab, w, vocab.words["date"]) or _counts(w) for w in words):
        return refused("date")
    if any(ch.isdigit() for ch in bare):
        return refused("digits")
    if all(_in(vocab, w, vocab.words["remedy"]) for w in words):
        return refused("remedy")
    if _is_product(vocab, words, bare, catalogue):
        return refused("product")
    if all(_in(vocab, w, vocab.words["other"]) for w in words):
        return NameReading(None, None, labelled)
    if _is_sentence(vocab, words, said, bare) or not _name_words(bare):
        # "Folks round here call me Pap but my given name is Virgil Lee Caudill": a sentence
        # that says which its name is
        labelled_name = name_in(text, labelled=True)
        if labelled_name and labelled_name != bare:
            return NameReading(labelled_name[:MAX_NAME], labelled=True)
        return refused("sentence")
    return NameReading(bare[:MAX_NAME], labelled=labelled)


# What the analyser reads after a name inside its word: a copula, an ending, a particle.
_ADDED = ("VCP", "E", "J")
# Word classes no part of a name is: interjections, adverbs ("그냥", "하하"), verbs.
_NOT_NAME_TAGS = ("IC", "MAG", "MAJ")


def _name_words(bare: str, *, bare_word: bool = False) -> bool:
    """Whether the Korean words of an answer can be a name's, by the analyser's reading:
    no interjection, adverb or verb; no word that starts with a particle or an ending ("으로
    주세"); no common word with a particle ("연락은"). With `bare_word` (a name said in a
    sentence, where it stands bare), no word with a particle after a noun at all ("문의는")."""
    toks = [t for t in tokens(bare) if t.tag]
    if not toks:
        return True
    # the analyser reads a name's surname as a word of its own ("허민재": 허 an interjection)
    shaped = vocabulary().korean_name.match(bare)
    if _negated_verb(bare):
        return False  # "이름 안 댄다": a refusal, shaped as 안 and two syllables
    if (
        not shaped
        and not _guessed_proper(bare, toks)
        and any(t.verb or t.tag.startswith(_NOT_NAME_TAGS) for t in toks)
    ):
        return False
    if shaped and toks[0].tag.startswith("NP") and not _a_person(bare.replace(" ", "")):
        return False  # "제꺼루" (mine), shaped as 제 and two syllables: a pronoun, no name
    for word in _WORD.finditer(bare.lower()):
        inside = [t for t in toks if word.start() <= t.start < word.end()]
        if not inside:
            return not any("\uac00" <= ch <= "\ud7a3" for ch in word.group(0))  # "으로"
        if inside[0].start != word.start():
            return False  # "으로 주세": the word starts with what follows a word
        last = inside[-1]
        carried = last.end < word.end() and "\uac00" <= bare[last.end] <= "\ud7a3"
        if carried and (last.common or not last.noun or (bare_word and last.tag != "NNP")):
            return False
    return True


def _negated_verb(bare: str) -> bool:
    """Whether a negation adverb comes right before a verb ("안 댄다", "못 대요")."""
    parsed = analyser().parse(bare)
    return any(
        "부정부사" in (m.feature.semantic or "") and n.feature.pos.startswith(("VV", "VA"))
        for m, n in pairwise(parsed)
    )


def _guessed_proper(bare: str, toks: Sequence[Token]) -> bool:
    """Whether each of a few words of three syllables or more is a proper noun the analyser
    guessed at, read in pieces it takes for interjections ("엥흐체첵": 엥 + 흐 + 체 + 첵;
    "압두라흐모노프 쇼흐루흐")."""
    said = bare.split()
    if not 0 < len(said) <= 3 or not all(t.tag in ("IC", "NNP", "NNG") for t in toks):
        return False
    ends = {t.end for t in toks if t.tag == "NNP"}
    at = 0
    for word in said:
        start = bare.index(word, at)
        at = start + len(word)
        if len(word) < 3 or at not in ends:
            return False
    return True


def _spaced_name_joined(bare: str) -> str:
    """A Korean name typed with spaces inside, joined as it is written ("김 하 늘",
    "남궁 민수" → "김하늘", "남궁민수"): a surname and syllables that make one name."""
    pieces = bare.split()
    joined = "".join(pieces)
    if (
        len(pieces) > 1
        and vocabulary().korean_name.match(joined)
        and pieces[0] in vocabulary().surnames
    ):
        return joined
    return bare


def _counts(word: str) -> bool:
    """A number, with or without a Korean unit ("3", "3일", "11월")."""
    return bool(re.fullmatch(r"\d+(?:일|주|개월|달|월|년|시|분|st|nd|rd|th)?", word))


def _asks(vocab: _Vocabulary, words: list[str], bare: str) -> bool:
    """A question without a question mark: a question word first, or a Korean one anywhere,
    or a Korean question ending."""
    if words[0] in vocab.question_words:
        return True
    korean = [q for q in vocab.question_words if re.match(rf"[{_HANGUL}]", q)]
    if any(w.startswith(q) for w in words for q in korean):
        return True
    return bare.endswith(vocab.question_endings)


def _is_product(
    vocab: _Vocabulary, words: list[str], bare: str, catalogue: tuple[Product, ...]
) -> bool:
    """A product: a catalogue name, or an answer that starts with a brand or ends with a
    kind of product ("Dyson Airwrap", "무선충전기")."""
    if catalogue and answered_product(catalogue, bare):
        return True
    last = words[-1]
    hangul_kind = any(
        len(k) >= 2 and last.endswith(k) for k in vocab.kinds if re.match(rf"[{_HANGUL}]", k)
    )
    return words[0] in vocab.brands or _in(vocab, last, vocab.kinds) or hangul_kind


def _is_sentence(vocab: _Vocabulary, words: list[str], said: str, bare: str) -> bool:
    """A sentence, not a name: more words than a name has, sentence words (two, or one
    first), or a Korean verb ending ("…드릴게요") where what is left is no Korean name."""
    if len(words) > 5 or words[0] in vocab.sentence_words:
        return True
    if sum(w in vocab.sentence_words for w in words) >= 2:
        return True
    if said.strip(" .!~") in vocab.verb_endings:
        return True
    if len(words) > 1 and any(t.verb for t in tokens(bare) if t.tag):
        return True  # "전에 다 알려드렸는데": a Korean verb among words makes a sentence
    ending = next((v for v in vocab.verb_endings if said.rstrip(" .!~").endswith(v)), None)
    reaches_in = ending is not None and len(said.rstrip(" .!~")) - len(ending) < len(bare)
    return reaches_in and not vocab.korean_name.match(bare)


def valid_name(text: str) -> str | None:
    """A name: a few words of letters, not a contact, a number, a date or a sentence
    ("3 days ago", "dunno" and "wait what? I don't want to give my name yet" are not names)."""
    return read_name(text).name


# an initial with its dot is a word of the name ("V. Iyer", "Harold J. Whitaker")
# A capitalised word of a name, a capital after a hyphen, an apostrophe or a "Mc" too
# ("Whitcombe-Hale", "O'Neill", "McAllister").
_CAPITALISED = r"[A-Z][a-z]*(?:['’-][A-Z]?[a-z]+|[A-Z][a-z]+)*"
_LATIN_NAME = re.compile(rf"^(?:(?:{_CAPITALISED}|[A-Z]\.)\s+){{1,2}}{_CAPITALISED}$")


def looks_like_a_name(text: str, *, korean: bool = True, catalogue: Iterable[Product] = ()) -> bool:
    """Whether an answer is plainly a person's name ("Mike Chen", "김민수", "남궁 민수",
    "Lee Soo-jin (이수진)"), given where something else was asked. Without `korean`, only a
    Latin name: where the product was asked, three syllables that start like a surname are
    as often a product, unless the analyser knows the name ("남궁세영", "김민수", not
    "신라면")."""
    text = clean(text, MAX_NAME).strip(" .!")
    reading = read_name(text, catalogue)
    if reading.name is None or reading.aside:
        return False
    # the name as read, its ending off ("박서연이요" is 박서연)
    main = reading.name if reading.name.replace(" ", "") in text.replace(" ", "") else ""
    main = _BRACKET.sub("", main or text).strip()
    korean = korean or _known_person(main)
    shaped = _LATIN_NAME.match(main) or (korean and vocabulary().korean_name.match(main))
    return bool(shaped)


def _known_person(word: str) -> bool:
    """A name shaped as a Korean one that the analyser reads as a person's whole (인명:
    "김민수"), or as a two-syllable surname and a given name ("남궁세영"); a product's line
    ("신라면", "정관장": 정 + 관장) or a brand it takes for a name ("하기스") is none."""
    if not _a_person(word) or word in _brands():
        return False
    parsed = analyser().parse(word)
    first = parsed[0]
    # one person's name, or a surname and a given name each read as one ("최" + "민혁")
    whole = all(m.feature.semantic == "인명" for m in parsed) and len(parsed) <= 2
    # "남궁세영", "황보영순": a two-syllable surname the analyser reads as (part of) a name
    two = word[:2] in vocabulary().surnames and first.feature.semantic == "인명"
    return whole or two


@cache
def _brands() -> frozenset[str]:
    return frozenset(map(str, (load("products").get("brands") or {}).get("ko") or ()))


# A name said in a longer message: "…name's dave miller, dave.m@gmail.com", "…이름은 정하늘이고
# 연락처는 …". Only explicit wording: "i'm" is as often "i'm furious" as a name.
_NAME_IN_TEXT = (
    re.compile(
        # the customer's own name: "my name is …", or a clause that starts "name's …"
        # ("his name is Kevin", "the product name is …" are somebody's or something else's)
        r"(?:\bmy\s+(?:(?:given|full|real|legal|proper|christian|first|actual)\s+)?name\s+is"
        r"|\bmy\s+name'?s|(?:^|[,;.!?]\s*)(?:name'?s|name\s+is|name:))\s+"
        r"(?P<v>[^\W\d_][^\W\d_'’. -]*(?:[ '’.-]+[^\W\d_][^\W\d_'’.-]*){0,3}?)"
        r"(?=\s*(?:[,;:!?\n(\[]|(?<!\b[A-Za-z])\.(?:\s|$)|\s+(?:and|my|email|e-mail|phone|number|contact|call|"
        r"you|i|it|from|here)\b|\s+\S*[@\d]|$))",
        re.IGNORECASE,
    ),
    # a name of several words in Hangul, closed by its copula ("제 이름이 응우옌 티 란이에요")
    re.compile(
        r"(?:^|(?<=[\s,.!?]))(?:제\s*|저의\s*|내\s*)?(?:이름은|성함은|이름이|성함이)\s*"
        rf"(?P<v>[{_HANGUL}]{{1,8}}(?:\s[{_HANGUL}]{{1,8}}){{1,2}})"
        # (or how to write it: "이름은 압두라흐모노프 쇼흐루흐 로 써주세요")
        r"(?=이라고|라고|이에요|예요|입니다|이래요|이래|이요|(?<!으)\s*(?:으로|로)\s*(?:써|적어|해|바꿔|고쳐))"
    ),
    re.compile(
        r"(?:^|(?<=[\s,.!?]))(?:제\s*|저의\s*|내\s*)?(?<!제품\s)(?<!상품\s)(?<!모델\s)(?<!회사\s)"
        r"(?<!기사님\s)(?<!직원\s)(?<!담당자\s)(?:이름은|성함은|이름이|성함이|이름:)\s*"
        # a surname may stand apart ("남궁 민수", "김 민수")
        rf"(?P<v>(?:[{_HANGUL}]{{1,2}}\s(?=[{_HANGUL}]))?[{_HANGUL}]{{1,5}}?"
        r"|[A-Za-z]+(?: [A-Za-z]+){0,2})"
        # ("최옥순이래요": 강원's copula)
        r"(?=이라고|라고|이라|이래|래요|이고|이구|이며|고|구|입니다|이에요|예요|이요|요|[\s,.]|$)"
    ),
)

# "Im Tom Baker, +44 7700 900123": after "I'm" only a capitalised name is one ("I'm furious"
# is not).
_IM_NAME = re.compile(
    rf"(?:^|[\s,.!])(?i:i'?m|i\s+am|this\s+is)\s+(?:(?:Mr|Mrs|Ms|Miss|Dr|Prof)\.?\s+)?"
    rf"(?P<v>{_CAPITALISED}(?:\s+{_CAPITALISED}){{1,2}})"
    # where the customer writes from after it ("this is Mrs Doris Loads from Wymondham")
    r"(?=\s*(?:[,;:!?\n]|\s+(?:here|speaking|from)\b|\.(?:\s|$)|\s+\S*[@\d+]|$))"
)
# "it's Fiona McAllister, text me on …", "it's Bob Smith here": "it's" leads a name only
# where a contact or "here" follows it ("It's Christmas Eve, and the oven died" names none)
_ITS_NAME = re.compile(
    rf"(?:^|[\s,.!])(?i:it'?s|it\s+is)\s+(?P<v>{_CAPITALISED}(?:\s+{_CAPITALISED}){{1,2}})"
    r"(?=\s+(?:here|speaking)\b|\s*,?\s*(?i:text|call|ring|phone|email|e-mail|reach|contact|my "
    r"(?:number|mobile|email|phone))\b|\s*[,.]?\s*\S*[@\d+]|\s*$)"
)


# "Dan Joe O'Sullivan here, my chest freezer …": a capitalised name that a sentence opens
# with "here" after it
_HERE_NAME = re.compile(
    rf"(?:^|[.!?]\s+|\n)(?P<v>{_CAPITALISED}(?:\s+{_CAPITALISED}){{1,3}})\s+here\b(?=\s*[,.;:!-])"
)


def _apart_surname(found: str) -> str:
    """A Korean name found as "X Y": whole when X is a surname or a noun the analyser
    reads (a foreign given name: "라메시 타파"), else Y, after a word of speech ("그냥
    민지", "걍 민지"); a name of three words is a foreign one written in Hangul ("응우옌
    티 란"), whole."""
    first, _, rest = found.partition(" ")
    if " " in rest or not rest or not re.match(rf"[{_HANGUL}]", first):
        return found
    if first in vocabulary().surnames or all(t.noun for t in tokens(first)):
        return found
    return rest


def name_in(text: str, *, labelled: bool = False) -> str | None:
    """A name the customer gave in a message about something else, if said explicitly
    (with `labelled`, only after "my name is", "이름은" and the like, not "I'm …")."""
    for pattern in _NAME_IN_TEXT if labelled else (*_NAME_IN_TEXT, _IM_NAME, _ITS_NAME, _HERE_NAME):
        found = pattern.search(clean(text, 2000))
        if found and _of_another(text, found.start()):
            continue  # "책 이름이 아직 기형도로 남아 있어요": a thing's name, or someone else's
        if found:
            name = valid_name(_apart_surname(found.group("v").strip(" .,")))
            # "이름은 바람에게나 줄까 합니다": a word with its particle is no name
            if name and re.search(f"[{_HANGUL}]", name) and not _name_words(name, bare_word=True):
                continue
            if name and not of_a_sentence(name):
                return name
    # "이름 윤재혁임 연락은 …": the word after the label (corrections.yml's words for the
    # name), when it is a person's name
    said = text.split()
    labels = {str(w) for w in load("corrections")["fields"]["customer_name"]["ko"]}
    for label, word in pairwise(said):
        # (its particle off: "지 이름은 윤갑순이구먼유,")
        bare_label = label.removeprefix("제").rstrip(":").removesuffix("은").removesuffix("는")
        if bare_label in labels and (name := _person(word) or _whole_person(word)):
            return name
        # "저는 박정희이고 …": introducing oneself, when the analyser reads a person's name
        # said with its copula ("저는 한가람 아파트 사는데" names a place)
        bare = word.strip(".,!~")
        if not labelled and label.endswith(("라고", "이라고")) and word.startswith(_SAYING):
            # "목포 북항서 배 부리는 문덕배라고 허요": the name said with its quote, in speech
            quoted = _before_copula(label.strip(".,!~"))
            if quoted and _a_person(quoted):
                return quoted
        if (
            not labelled
            and label in _introducing()
            # "저는 오사카에 사는 …": where they live, not who they are
            and not any(tag.startswith("JKB") for _, tag, _, _ in morphemes(bare))
            and (name := _person(bare))
            and (name != bare or said[-1] == word)
        ):
            return name
    return None


# Verbs of saying after a name quoted ("문덕배라고 허요", "…라고 합니다", "…라고 해유")
_SAYING = ("합", "해", "허", "하", "혀")


def _of_another(text: str, start: int) -> bool:
    """Whether a Korean word right before a name's label says whose it is, not the
    customer's ("책 이름이", "시집의 이름은", "아버지 성함은"); "제", "저의", "내" are theirs."""
    before = text[:start].rstrip()
    word = before.split()[-1] if before.split() else ""
    if not word or before[-1:] in ".,!?:;" or not re.search(f"[{_HANGUL}]$", word):
        return False
    toks = [t for t in tokens(word) if t.tag]
    # a noun, with its 의 or none ("책", "시집의"); "안녕하세요", "네" say nothing of whose
    own = {str(w) for w in load("names")["leads"]["own"]}
    return word not in own and bool(toks) and all(t.noun or t.tag.startswith("J") for t in toks)


def of_a_sentence(name: str) -> bool:
    """Whether a name found after a label holds a word of a sentence ("My name is difficult
    for english people, Katarzyna Wójcik": "for"); a name holds none ("jane lee")."""
    words = [w.strip(".,!?").lower() for w in name.split()]
    return len(words) > 1 and any(w in vocabulary().sentence_words for w in words)


@cache
def _introducing() -> frozenset[str]:
    """The Korean words of the weak leads ("저는", "나는"): a name only if one follows."""
    return frozenset(w for w in load("names")["leads"]["weak"] if re.search(f"[{_HANGUL}]", w))


def name_signed(text: str) -> str | None:
    """The name a letter is signed with: on the line after its closing ("Yours faithfully,\n
    Margaret Ellison (Mrs)"), or after the closing on its line ("Regards, Tom Reid")."""
    lines = [line.strip() for line in (text or "").splitlines() if line.strip()]
    closing = vocabulary_pattern("names", "closings")
    for i, line in enumerate(lines):
        found = closing.match(line)
        if found is None:
            continue
        after = line[found.end() :].strip(" ,.!") or (lines[i + 1] if i + 1 < len(lines) else "")
        name = read_name(after).name if after else None
        if name and looks_like_a_name(name):
            return name
    return None


# A bare name just before a contact: "… 바꿔주세요 이지은 010 9876 5432", "Mark Ellis 010 …"
_NAME_BEFORE_CONTACT = re.compile(
    rf"(?:^|[\s,.!?])(?P<v>(?:[{_HANGUL}]{{1,2}}\s)?[{_HANGUL}]{{2,4}}"
    r"|[A-Z][a-z'’-]+(?:\s+[A-Z][a-z'’-]+){1,2})"
    r"(?:이요|요|입니다)?\s*[,/]?\s*(?=\+?\d[\d\s-]{7,}\d|[\w.+-]+@[\w-]+\.)"
)


def name_before_contact(text: str) -> str | None:
    """A name given bare right before a phone number or e-mail address, if it looks like one."""
    for found in _NAME_BEFORE_CONTACT.finditer(clean(text, 2000)):
        whole = found.group("v")
        for candidate in (whole, whole.split()[-1]):
            if looks_like_a_name(candidate) and _name_words(candidate, bare_word=True):
                return _spaced_name_joined(candidate)
    return None
