"""The words of a message as the desk compares them: English words lower-cased, Korean words
reduced to the morphemes that carry meaning, so particles and endings never matter
("취소하라고", "취소할래", "취소요" all read 취소 + 하). Phrases in the vocabularies are read by
the same function, so a phrase is written as a customer would write it."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import cache, lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from mecab import MeCab

_HANGUL = re.compile(r"[\uac00-\ud7a3\u3131-\u318e]")
# (a number with its decimals is one word: "Philips 4.1L" had been cut to "Philips 4")
_ENGLISH_WORD = re.compile(r"[0-9]+\.[0-9]+[a-z]*|[a-z0-9]+(?:'[a-z]+)?")
# Morpheme tags that only shape a Korean word: particles (J…), endings (E…), noun suffixes,
# the copula, punctuation and symbols.
_SHAPE_ONLY = ("J", "E", "XSN", "VCP", "SF", "SE", "SS", "SC", "SY")
_VERBS = ("VV", "VA", "VX", "VCN", "XSV", "XSA")
_KO_LAUGH = re.compile(r"^[ㅋㅎㅠㅜ]+$")
_JAMO_WORD = re.compile(r"^[\u3131-\u318e]+$")


def _mecab() -> MeCab:
    """The Korean analyser, loaded on the first Korean message."""
    from handlers.analyser import analyser

    return analyser()


@dataclass(frozen=True)
class Token:
    """A word that carries meaning, with where it stands in the text."""

    word: str
    start: int
    end: int
    #: MeCab's tag of a Korean morpheme ("NNG", "VV", "SL"); "" for a word of English text
    tag: str = ""
    #: a Korean verb in the past tense ("받았어요", "수리했는데"): told, not asked for
    past: bool = False
    #: a Korean word the dictionary gives a meaning class ("연락": an act), a common word
    common: bool = False
    #: a Korean verb with the honorific 시 ("오시게", "오실"): someone else does it
    honorific: bool = False

    @property
    def noun(self) -> bool:
        """A noun, a number or a word in Latin letters (what a name of a thing is made of)."""
        return not self.tag or self.tag.startswith(("NN", "SL", "SN", "SH", "XR"))

    @property
    def verb(self) -> bool:
        """A Korean verb or adjective: where a noun phrase ends and a sentence begins."""
        return self.tag.startswith(_VERBS)


def _morphemes(text: str, offset: int = 0) -> list[tuple[str, str, int, int, bool]]:
    """Each morpheme, its tag, its span and whether it is a common word (see `Token`); an
    inflected word ("됐어요") split into its parts, which share the word's span."""
    found: list[tuple[str, str, int, int, bool]] = []
    parsed = _mecab().parse(text)
    for i, morpheme in enumerate(parsed):
        start, end = morpheme.span
        if _counted_apart(text, parsed, i):
            # a counter after a space may be a verb the number misled the analyser into
            # ("010-1111-2222 말고" is 말다, not 월말's 말): that word read alone
            word_end = text.find(" ", start)
            word_end = len(text) if word_end < 0 else word_end
            alone = _morphemes(text[start:word_end], offset + start)
            if any(tag.startswith(_VERBS) for _, tag, *_ in alone):
                rest = text[word_end:]
                skipped = len(rest) - len(rest.lstrip())
                return found + alone + _morphemes(rest.lstrip(), offset + word_end + skipped)
        start, end = start + offset, end + offset
        expression = morpheme.feature.expression
        common = morpheme.feature.semantic not in (None, "*", "인명")
        if expression and "+" in morpheme.feature.pos:
            for part in expression.split("+"):
                form, tag, *_ = part.split("/")
                found.append((form, tag, start, end, False))
        else:
            found.append((morpheme.surface, morpheme.feature.pos, start, end, common))
    return found


def morphemes(text: str) -> list[tuple[str, str, int, int]]:
    """Each Korean morpheme of a text as written, with its tag and span (particles too)."""
    skipped = len(text) - len(text.lstrip())
    return [(f, tag, s, e) for f, tag, s, e, _ in _morphemes(text.lstrip(), skipped)]


def _counted_apart(text: str, parsed: list, i: int) -> bool:
    """Whether morpheme `i` is read as a counter of the number before it although a space
    stands between them."""
    start = parsed[i].span[0]
    return (
        i > 0
        and parsed[i].feature.pos.startswith("NNBC")
        and parsed[i - 1].feature.pos == "SN"
        and start > 0
        and text[start - 1].isspace()
    )


_PAST = ("았", "었", "였")
_WISH = ("으면", "면")
_HONORIFIC = ("시", "으시")


def _jamo_runs(
    morphemes: list[tuple[str, str, int, int, bool]], text: str
) -> list[tuple[str, str, int, int, bool]]:
    """The morphemes with letters typed without their syllable ("ㄱㄱ", "ㅇㅋ", "ㄱㅎ") read
    as the one word they were typed as, never a noun: the analyser splits them into single
    letters, so "ㄱㄱ" (go go) read as ㄱ, the 교환 of "ㄱㅎ" with its ㅎ taken for a laugh."""
    merged: list[tuple[str, str, int, int, bool]] = []
    for form, tag, start, end, common in morphemes:
        if _JAMO_WORD.match(form):
            if merged and _JAMO_WORD.match(merged[-1][0]) and merged[-1][3] == start:
                start = merged.pop()[2]
            merged.append((text[start:end], "UNKNOWN", start, end, False))
        else:
            merged.append((form, tag, start, end, common))
    return merged


@cache
def _slips() -> dict[str, str]:
    from handlers.vocabulary import load  # the vocabulary reads no words of ours

    return {str(k): str(v) for k, v in (load("analyser").get("slips") or {}).items()}


@cache
def english_spellings() -> dict[str, str]:
    """English words as a dialect or a hurried hand spells them, and the standard word
    (analyser.yml `english_spellings`: "oot" is "out", "u" is "you")."""
    from handlers.vocabulary import load

    return {str(k): str(v) for k, v in (load("analyser").get("english_spellings") or {}).items()}


@lru_cache(maxsize=4096)
def standard_spelling(lowered: str) -> str:
    """A lower-case English text with each word spelt as `english_spellings` reads it."""
    spelt = english_spellings()
    return _ENGLISH_WORD.sub(lambda m: spelt.get(m.group(0), m.group(0)), lowered)


@cache
def _dialect_endings() -> dict[str, tuple[str, frozenset[str]]]:
    from handlers.vocabulary import load

    table = load("analyser").get("dialect_endings") or {}
    return {str(k): (str(v["as"]), frozenset(map(str, v["after"]))) for k, v in table.items()}


def _standard_endings(text: str) -> str:
    """The text with a dialect's polite ending at a word's end read as the standard one
    ("며느리헌티 물어보구 올게유" → … 올게요), one syllable for one, so places stay."""
    endings = _dialect_endings()
    chars = list(text)
    for i, ch in enumerate(chars):
        if ch not in endings or i == 0:
            continue
        standard, after = endings[ch]
        last = i + 1 == len(chars) or not _HANGUL.match(chars[i + 1])
        if last and chars[i - 1] in after:
            chars[i] = standard
    return "".join(chars)


# What may follow a slipped syllable at a word's start: an ending ("왓어요", "됫음", "햇다").
_ENDING_NEXT = frozenset("어음으다고는지네요")


def _unslipped(text: str) -> str:
    """The text with hurried syllables of a verb's past read as meant ("다시왓어요" → 다시왔어요),
    one syllable for one, so places stay."""
    slips = _slips()
    if not any(ch in slips for ch in text):
        return text
    starts = _word_starts()
    chars = list(text)
    for i, ch in enumerate(chars):
        inside = i > 0 and _HANGUL.match(chars[i - 1]) is not None
        ending = i + 1 < len(chars) and chars[i + 1] in _ENDING_NEXT
        if ch in starts and not inside:
            chars[i] = starts[ch]  # Jeju's "필요 엇고": 없고, no hurried past
        elif ch in slips and (inside or ending):
            chars[i] = slips[ch]
    return "".join(chars)


@cache
def _word_starts() -> dict[str, str]:
    from handlers.vocabulary import load  # the vocabulary reads no words of ours

    return {str(k): str(v) for k, v in (load("analyser").get("word_starts") or {}).items()}


@lru_cache(maxsize=4096)
def tokens(text: str) -> tuple[Token, ...]:
    """The words that carry meaning, in order, each with its place in the text."""
    text = text.lower().replace("\u2019", "'")
    if not _HANGUL.search(text):
        spelt = english_spellings()
        return tuple(
            token
            for m in _ENGLISH_WORD.finditer(text)
            for token in _contracted(Token(spelt.get(m.group(0), m.group(0)), m.start(), m.end()))
        )
    text = _standard_endings(_unslipped(text))
    found: list[Token] = []
    skipped = len(text) - len(text.lstrip())  # the analyser's places start at its first word
    for form, tag, start, end, common in _jamo_runs(_morphemes(text.lstrip(), skipped), text):
        if tag.startswith("EP") and form in _PAST and found and found[-1].verb:
            last = found[-1]
            found[-1] = replace(last, past=True)
        elif tag.startswith("EP") and form in _HONORIFIC and found and found[-1].verb:
            last = found[-1]
            found[-1] = replace(last, honorific=True)
        elif tag.startswith("EC") and form in _WISH and found and found[-1].past:
            # "고쳐 주셨으면 합니다", "와 주셨으면 좋겠어요": a past before "-으면" is a wish
            last = found[-1]
            found[-1] = replace(last, past=False)
        if _KO_LAUGH.match(form):
            continue
        if _JAMO_WORD.match(form):  # "ㅇㅇ", "ㄴㄴ": a yes or a no typed in letters
            found.append(Token(form, start, end, tag))
        elif tag == "SL":
            found.extend(
                Token(m.group(0), start + m.start(), start + m.end(), tag)
                for m in _ENGLISH_WORD.finditer(text[start:end])
            )
        elif tag == "XSN" and found and found[-1].tag.startswith("NN") and found[-1].end == start:
            found[-1] = replace(found[-1], end=end)  # "시즌권": the suffix is its word's place
        elif tag.startswith(_SHAPE_ONLY):
            continue
        elif tag.startswith(_VERBS):
            found.append(Token(f"{form}다", start, end, tag))  # 말고 (말다) is not 말 (a word)
        else:
            found.append(Token(form, start, end, tag, common=common))
    return tuple(found)


# The contractions a noun takes in speech ("money back'd be fair"), read as their words; a
# pronoun's ("i'd", "you'll") are words of the vocabularies as written.
_CONTRACTED = {"'d": "would", "'ll": "will"}
_PRONOUNS = frozenset({"i", "you", "he", "she", "we", "they", "it", "that", "who", "there", "u"})


def _contracted(token: Token) -> tuple[Token, ...]:
    """A word with a contraction split in two ("back'd": back, would)."""
    for ending, word in _CONTRACTED.items():
        base = token.word[: -len(ending)]
        if token.word.endswith(ending) and base and base not in _PRONOUNS:
            cut = token.start + len(base)
            return (Token(base, token.start, cut), Token(word, cut, token.end))
    return (token,)


@lru_cache(maxsize=4096)
def words(text: str) -> tuple[str, ...]:
    """The words that carry meaning, in order."""
    return tuple(token.word for token in tokens(text))


def joined(said: Sequence[str]) -> str:
    """Words joined as one string, Korean words without a space: the analyser splits a
    Korean phrase differently alone and in a sentence ("부탁드리다" or "부탁" + "드리다"), the
    string is the same."""
    key = ""
    for word in said:
        korean = "\uac00" <= word[0] <= "\ud7a3"
        key += word if korean and key and "\uac00" <= key[-1] <= "\ud7a3" else f" {word}"
    return key.strip()


def find(phrase: tuple[str, ...], said: tuple[str, ...]) -> list[int]:
    """Where a phrase's words start in the words said, each place once."""
    size = len(phrase)
    if not size:
        return []
    return [i for i in range(len(said) - size + 1) if said[i : i + size] == phrase]


# Where a sentence or a clause ends in writing: its mark, a line, a comma, an ellipsis, a dash
# (not inside a word: "harriet.coombe@mail.com", "3,000")
_SENTENCE_MARK = re.compile(r"[.!?？;,…]+(?=\s|$)|\n+|(?<=\s)[-–—]+(?=\s)")


@cache
def _parts() -> tuple[re.Pattern[str], tuple[str, ...], frozenset[str]]:
    """Where a clause begins (after a joining word or a Korean connective ending) and the
    syllables that end a Korean sentence: `clause_parts` in nlu/vocabulary/meta.yml."""
    from handlers.vocabulary import load  # the vocabulary reads no words of ours

    data = load("meta")["clause_parts"]
    joins = "|".join(re.escape(str(w)) for w in data["joins"])
    endings = "|".join(re.escape(str(e)) for e in data["endings"])
    pattern = re.compile(rf"\s+(?=(?i:{joins})\s)|(?:{endings})(?=\s)")
    nouns = frozenset(str(w) for w in data.get("nouns_in_yo") or ())
    return pattern, tuple(str(e) for e in data["ends"]), nouns


_WORD = re.compile(r"\S+")
# What may end a sentence or a word after its last letter: marks, laughter, emoji.
_SPEECH_END = re.compile(r"[\s.,!?~…ㅋㅎㅠㅜ^;:\U0001F300-\U0001FAFF]+$")


def without_speech_end(text: str) -> str:
    """A text without the marks, laughter and emoji after its last word ("오은영임ㅋ")."""
    return _SPEECH_END.sub("", text)


# A Korean word that is a noun or an adverb as a whole ("처음", "다음", "바다") ends no
# sentence, though it ends in a syllable that would ("음", "다"); not one in 요, which MeCab
# reads as a noun where it is a polite ending ("물이 새요", "…7730 이요").
_PLAIN = ("NNG", "NNP", "MAG", "MAJ")


def _plain_word(text: str, start: int, end: int) -> bool:
    """Whether the word at `start`…`end` of the text is one noun or adverb, read in its text
    (MeCab reads a word alone differently: "새요" alone is a noun)."""
    if text[end - 1] == "요" and text[start:end] not in _parts()[2]:
        return False  # "필요 없어요": 필요 is a noun, not "…요" ending a sentence
    found = [t for t in tokens(text) if start <= t.start and t.end <= end]
    return (
        len(found) == 1
        and (found[0].start, found[0].end) == (start, end)
        and (found[0].tag in _PLAIN)
    )


_FULL_STOP = re.compile(r"[.!?\n]+")


def full_stops(text: str) -> list[tuple[int, int]]:
    """Where the sentences of a text stand, without their marks, when only a full stop, a
    question or an exclamation mark or a line's end parts them (not a comma: "It should be
    staff service, not laptop" is one)."""
    found: list[tuple[int, int]] = []
    start = 0
    for mark in [*_FULL_STOP.finditer(text), None]:
        end = mark.start() if mark else len(text)
        if text[start:end].strip():
            found.append((start, end))
        start = mark.end() if mark else end
    return found


def sentences(text: str, *, clauses: bool = True) -> list[tuple[int, int]]:
    """Where the sentences and clauses of a message stand: split at punctuation, and in
    Korean after a word that ends one; with `clauses`, also where a clause is joined on
    ("… and where do I send photos?", "물이 새는데 …"); each span without its outer spaces."""
    found: list[tuple[int, int]] = []
    start = 0
    joined, ends, _ = _parts()
    cuts = [m.end() for m in _SENTENCE_MARK.finditer(text)]
    if clauses:
        cuts += [m.end() for m in joined.finditer(text)]
    for word in _WORD.finditer(text):
        bare = word.group(0)
        if (
            len(bare) > 1
            and _HANGUL.match(bare[-1])
            and bare.endswith(ends)
            and text[word.end() :].strip()
            and not _plain_word(text, word.start(), word.end())
        ):
            cuts.append(word.end())
    for cut in [*sorted(set(cuts)), len(text)]:
        piece = text[start:cut]
        if piece.strip():
            lead = len(piece) - len(piece.lstrip())
            found.append((start + lead, start + len(piece.rstrip(" \t\n-–—"))))
        start = cut
    return found


# Any Hangul syllable or jamo, as the answers of the form count them
_HANGUL_LETTER = re.compile(r"[\uac00-\ud7a3\u1100-\u11ff\u3130-\u318f]")


def syllable_count(text: str) -> int:
    """How many Hangul syllables the text has."""
    return sum(1 for ch in text if _HANGUL_LETTER.match(ch))


def says_much(text: str) -> bool:
    """Whether an answer says much more than a short value would (10 words, or 15 Hangul
    syllables)."""
    return syllable_count(text) >= 15 or len(text.split()) >= 10
