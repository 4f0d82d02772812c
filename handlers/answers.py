"""What is said around a short answer, taken off it by words, not by patterns: irritation
("soundbar?? i literally said it", "아까 말했잖아요"), fillers and meta-answers
(`nlu/vocabulary/meta.yml`), and the words around a name or a wish
(`nlu/vocabulary/answers.yml`). What is left of a sentence is its phrases: the noun phrase
of an answer ("정수기 렌탈이요 방금 말했잖아요" → 정수기 렌탈), or the rest, kept as what
happened."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

from handlers.analyser import analyser
from handlers.clauses import keywords_said
from handlers.lexicon import Lexicon, lexicon
from handlers.meta import asks, ends_asking, read_meta
from handlers.phones import with_digits
from handlers.remedies import names_a_remedy
from handlers.vocabulary import load
from handlers.vocabulary import pattern as vocabulary_pattern
from handlers.words import Token, says_much, sentences, tokens, without_speech_end

if TYPE_CHECKING:
    from handlers.policy import Policy

# What ends a fragment of an answer: a sentence's end, a comma, a line, brackets.
_BREAK = re.compile(r"[.,;!?\n()\[\]…~]")
# The meta-answers said around a value ("yes", "ok", "actually", "no wait"), never one.
_META_AROUND = ("yes", "no", "thanks", "change", "wait", "fillers")
# An English phrase of more words than this is a sentence, not the name of a thing.
_NOUN_PHRASE_WORDS = 5


@dataclass(frozen=True)
class Phrase:
    """What is left of one fragment of a message once what is said around it is off."""

    start: int
    end: int
    words: tuple[Token, ...]

    @property
    def sentence(self) -> bool:
        """A sentence, not the name of a thing: a Korean verb inside it, or more words than a
        name has."""
        korean = any(t.tag for t in self.words)
        if korean:
            return any(t.verb for t in self.words)
        # a pronoun or an auxiliary makes a clause of a few words ("booked it 3 times")
        return len(self.words) > _NOUN_PHRASE_WORDS or (
            len(self.words) > 1 and any(t.word in _clause_words() for t in self.words)
        )


def clause(text: str) -> bool:
    """Whether an English text has a word that makes a clause of it ("it", "makes"), so it
    names no thing ("delivery to my door and installation" names one)."""
    return any(t.word in _clause_words() for t in tokens(text))


@cache
def _clause_words() -> frozenset[str]:
    """The English words that make a clause of a phrase, never the name of a thing."""
    return frozenset(str(w).lower() for w in load("answers")["clause"]["en"])


@cache
def _around() -> Lexicon:
    """Everything said around an answer: irritation, fillers, meta-answers, leads."""
    answers, meta = load("answers"), load("meta")
    entries = [(p, "irritation") for lang in ("en", "ko") for p in answers["irritation"][lang]]
    entries += [
        (p, "around")
        for key in ("around", "labels")
        for lang in ("en", "ko")
        for p in answers[key][lang]
    ]
    entries += [
        (p, "meta")
        for kind in _META_AROUND
        for lang in ("en", "ko")
        for p in (meta.get(kind) or {}).get(lang, [])
    ]
    return Lexicon(entries)


@cache
def own_contact() -> Lexicon:
    """What says a contact is the customer's ("you can reach me on …", "제 번호는 …")."""
    return lexicon((load("names").get("contact") or {}).get("own"), "own")


@cache
def _irritation() -> Lexicon:
    return lexicon(load("answers")["irritation"], "irritation")


@cache
def _turned_down() -> Lexicon:
    return lexicon(load("answers")["turned_down"], "turned_down")


def turned_down(toks: tuple[Token, ...], first: int, last: int) -> bool:
    """Whether the value at words `first`…`last` is turned down: "not" before it in English
    ("not the soundbar"), "말고" after it in Korean ("세탁기 말고")."""
    said = [t.word for t in toks]
    lex = _turned_down()
    korean = bool(toks[first].tag)
    if korean:
        return last < len(toks) and lex.at(said, last) is not None
    return any(
        (found := lex.at(said, k)) is not None and k + found[0] == first
        for k in range(max(0, first - 3), first)
    )


@cache
def _wish() -> Lexicon:
    return lexicon(load("answers")["wish"], "wish")


@cache
def _request() -> Lexicon:
    return lexicon(load("answers")["request"], "request")


def fragments(text: str, toks: tuple[Token, ...]) -> list[tuple[int, int]]:
    """The message's fragments, as ranges of its words, split where punctuation stands."""
    found: list[tuple[int, int]] = []
    first = 0
    for i in range(1, len(toks) + 1):
        if i == len(toks) or _BREAK.search(text[toks[i - 1].end : toks[i].start]):
            if first < i:
                found.append((first, i))
            first = i
    return found


def _covered(lex: Lexicon, toks: tuple[Token, ...]) -> set[int]:
    return {i for hit in lex.hits(toks) for i in range(hit.first, hit.last)}


def phrases(text: str, taken: Iterable[tuple[int, int]] = ()) -> list[Phrase]:
    """What is left of each fragment once what is said around an answer is taken off its
    edges (a filler inside a name stays: "용산 서비스센터 접수 창구"); `taken` are spans
    of values read already, which count as said around it."""
    toks = tokens(text)
    spans = list(taken)
    around = _covered(_around(), toks) | {
        i for i, t in enumerate(toks) if any(s <= t.start and t.end <= e for s, e in spans)
    }
    found: list[Phrase] = []
    for first, last in fragments(text, toks):
        while first < last and first in around:
            first += 1
        while last > first and last - 1 in around:
            last -= 1
        if first < last:
            words = toks[first:last]
            found.append(Phrase(words[0].start, words[-1].end, words))
    return found


def noun_phrase(text: str, taken: Iterable[tuple[int, int]] = ()) -> Phrase | None:
    """The longest phrase of an answer that names a thing (no sentence), if one."""
    named = [p for p in phrases(text, taken) if not p.sentence]
    return max(named, key=lambda p: len(p.words), default=None)


def says_only(text: str, span: tuple[int, int]) -> bool:
    """Whether the fragment of a message that holds `span` says nothing else ("my tv broke,
    replacement please": the second fragment is only a remedy)."""
    toks = tokens(text)
    for first, last in fragments(text, toks):
        start, end = toks[first].start, toks[last - 1].end
        if start <= span[0] and span[1] <= end:
            return not phrases(text[start:end], [(span[0] - start, span[1] - start)])
    return False


def without_irritation(text: str) -> str:
    """An answer without what an irritated customer says around it ("i literally just told
    u. dave miller", "아까 말했잖아요 박서준"): a fragment that is only that goes, and it is
    taken off the edges of the others."""
    toks = tokens(text)
    irritated = _covered(_irritation(), toks)
    around = irritated | _covered(_around(), toks)
    cut: list[tuple[int, int]] = []
    for first, last in fragments(text, toks):
        inside = range(first, last)
        if any(i in irritated for i in inside) and all(i in around for i in inside):
            cut.append((toks[first].start, toks[last - 1].end))
            continue
        end = last
        while end > first and end - 1 in irritated:
            end -= 1
        if end < last:
            cut.append((toks[end].start, toks[last - 1].end))
        start = first
        while start < end and start in irritated:
            start += 1
        if start > first:
            cut.append((toks[first].start, toks[start - 1].end))
    if not cut or not _kept(toks, cut):
        return text
    for start, end in sorted(cut, reverse=True):
        # a Korean word goes whole, with its endings ("위에 썼는데": not "는데" left over)
        while (
            end < len(text) and _HANGUL_CHAR.match(text[end]) and _HANGUL_CHAR.match(text[end - 1])
        ):
            end += 1
        text = text[:start] + " " + text[end:]
    return re.sub(r"\s+", " ", text).strip(" .,;:!?-~") or text


_HANGUL_CHAR = re.compile(r"[\uac00-\ud7a3]")


def _kept(toks: tuple[Token, ...], cut: list[tuple[int, int]]) -> bool:
    """Whether any word is left outside the spans cut."""
    return any(not any(s <= t.start and t.end <= e for s, e in cut) for t in toks)


def as_wish(text: str) -> str:
    """A remedy in the customer's own words without how a wish begins: "i want a store
    credit" → "store credit"."""
    toks = tokens(text)
    lead = _wish()
    i = 0
    while i < len(toks):
        found = lead.at([t.word for t in toks], i)
        if found is None:
            break
        i += found[0]
    if i == 0 or i == len(toks):
        return text.strip(" .!") or text
    start = toks[i].start
    while start > 0 and text[start - 1] in _CURRENCIES:  # "the £45 back": the pound kept
        start -= 1
    return text[start:].strip(" .!") or text


# The signs of money written before an amount.
_CURRENCIES = "£$€₩¥"


def asks_for_something(text: str) -> bool:
    """Whether a message asks for something: an English request that begins it ("pls send
    someone …"), a Korean one anywhere ("…해주세요") but not told in the past ("환불해
    줬어요")."""
    thanked = vocabulary_pattern("answers", "thanked_for").search(text)
    if thanked and not vocabulary_pattern("answers", "asked_after_thanks").search(
        text, thanked.end()
    ):
        return False  # "알려주셔서 감사해요", "챙겨 주신다니 고맙습니다": thanks, no request
    toks = tokens(text)
    starts = {_after_leads(toks, first) for first, _ in fragments(text, toks)}
    return _ends_asking_in_speech(text) or any(
        ((toks[hit.first].tag and not toks[hit.last - 1].past) or hit.first in starts)
        and not _told_not_asked(text, toks, hit.first, hit.last)
        for hit in _request().hits(toks)
    )


def _told_not_asked(text: str, toks: tuple[Token, ...], first: int, last: int) -> bool:
    """Whether request words tell rather than ask: an English one before a verb in the past
    ("just saw your message", "just got it"), a Korean one whose word reports what is offered
    ("방문수거 해준다는 거 봄", "환불 준다카니"; `reported` in answers.yml)."""
    if not toks[first].tag:
        after = toks[last].word.lower() if last < len(toks) else ""
        return after in _past_verbs() or (len(after) > 4 and after.endswith("ed"))
    word_end = re.match(r"\S*", text[toks[last - 1].end :])
    said = text[toks[last - 1].start : toks[last - 1].end + (word_end.end() if word_end else 0)]
    if said.endswith("고") and last < len(toks) and toks[last].tag.startswith("V"):
        # "기사양반 와서 고쳐주고 갔어라": done, then the next thing done, in the past
        return toks[last].past
    return any(vocabulary_pattern("answers", key).search(said) for key in ("reported", "promised"))


@cache
def _request_leads() -> Lexicon:
    return lexicon(load("answers")["request_leads"], "lead")


def request_leads_end(text: str) -> str:
    """A clause without the words that lead its request ("and I think …", "근디 …")."""
    toks = tokens(text)
    first = _after_leads(toks, 0)
    return text[toks[first].start :] if 0 < first < len(toks) else text


def _after_leads(toks: tuple[Token, ...], first: int) -> int:
    """Where a clause's request would begin, past the words that may lead it ("and I think
    someone ought to …")."""
    said = [t.word for t in toks]
    while first < len(toks) and (found := _request_leads().at(said, first)) is not None:
        first += found[0]
    return first


def _ends_asking_in_speech(text: str) -> bool:
    """Whether a Korean sentence ends with a request said in speech ("조사해가 알려도", "봐주쇼"):
    its last word a verb with one of `request_endings`."""
    endings = tuple(load("answers")["request_endings"]["ko"])
    for start, end in sentences(text):
        words = without_speech_end(text[start:end]).split()
        if not words or not words[-1].endswith(endings):
            continue
        parsed = analyser().parse(words[-1])
        verb = any(m.feature.pos.startswith(("VV", "VX", "XSV")) for m in parsed)
        # a tense marks a telling, never a request ("안 했소", "못 받아들이것소")
        told = any("EP" in m.feature.pos.split("+") for m in parsed)
        if verb and not told and not parsed[-1].feature.pos.startswith(("J", "NNG", "NNP")):
            return True
    return False


@cache
def _availability() -> Lexicon:
    data = load("answers")["availability"]
    return Lexicon(
        (phrase, label)
        for label in ("when", "arrange", "not")
        for language in ("en", "ko")
        for phrase in data[label][language]
    )


def says_availability(text: str) -> bool:
    """Whether a message says when the customer can be called or visited ("평일 오전만
    돼요", "call thursday after 5 not before"): a day or a time with a call or a visit, not
    told in the past. Kept with what happened; never the day it went wrong."""
    toks = tokens(text)
    labels = {hit.label for hit in _availability().hits(toks)}
    past = any(t.past for t in toks)
    return {"when", "arrange"} <= labels and "not" not in labels and not past


def without_spans(text: str, spans: list[tuple[int, int]]) -> str:
    """The text without the words at `spans`, its spaces and stray punctuation tidied."""
    for start, end in sorted(spans, reverse=True):
        text = text[:start] + " " + text[end:]
    return " ".join(text.split()).strip(" ,.;:-")


@cache
def _about_the_answer() -> Lexicon:
    return lexicon(load("answers")["about_the_answer"], "about")


@cache
def _small_words() -> frozenset[str]:
    """Words that carry no news of their own in a remark ("it is at the bottom of my letter")."""
    answers, meta = load("answers"), load("meta")
    return frozenset(
        str(w).lower()
        for w in [
            *answers["clause"]["en"],
            *answers["small_words"]["en"],
            *answers["small_words"]["ko"],
            *meta["fillers"]["en"],
        ]
    )


def small_word(word: str) -> bool:
    """Whether a word carries no news of its own ("the", "my", "about", "i"): never part of
    the name of a thing."""
    return word.lower() in _small_words()


@cache
def _chrome() -> Lexicon:
    """What is said to the desk, not about the problem: greetings, a letter's chrome,
    sarcasm about the chat (answers.yml `chrome`, meta.yml `greeting`); not thanks, which
    may open sarcasm that tells ("thank you so much for the buds, loving the silence")."""
    answers, meta = load("answers"), load("meta")
    return Lexicon(
        (p, kind)
        for lang in ("en", "ko")
        for kind, said in (("chrome", answers["chrome"]), ("lead", answers["chrome_leads"]))
        for p in [*said[lang], *(meta["greeting"][lang] if kind == "lead" else [])]
    )


@cache
def _news_words() -> tuple[str, ...]:
    return tuple(str(w) for lang in ("en", "ko") for w in load("answers")["news"][lang])


def _introduces(sentence: str, news: Callable[[str], bool]) -> bool:
    """Whether a sentence only says who writes: an introduction with no news besides its
    own words ("it's me again" holds "again")."""
    introduction = vocabulary_pattern("answers", "introduction")
    return bool(introduction.search(sentence)) and not news(introduction.sub(" ", sentence))


def only_introduces(text: str, policy: Policy) -> bool:
    """Whether a message only greets and says who writes or for whom (`writes_for`,
    `introduction`): the story is still to come, and it carries this on."""
    said = [
        vocabulary_pattern(entry, name)
        for entry, name in (("answers", "writes_for"), ("answers", "introduction"))
    ]
    if not any(p.search(text) for p in said):
        return False
    rest = vocabulary_pattern("meta", "greeting").sub(" ", text)
    for p in said:
        rest = p.sub(" ", rest)
    # a story besides ("… I am waiting there 4 hours with my son …, This is not human")
    told = says_much(rest)
    return not (told or tells_news(rest, policy) or asks(rest) or names_a_remedy(rest))


def tells_news(sentence: str, policy: Policy | None = None) -> bool:
    """Whether a sentence tells something about the problem: a fault, a danger, a charge or
    a service failure of the policy's categories, or that it came back, got worse or cost
    something (answers.yml `news`)."""
    keywords = _news_words()
    if policy is not None:
        keywords += tuple(k for rule in policy.categories for k in rule.keywords)
        keywords += tuple(k for said in policy.priority_keywords.values() for k in said)
    return bool(keywords_said(keywords, sentence))


def news_for(policy: Policy) -> Callable[[str], bool]:
    """The test of news for staff in an answer to another question than what happened: its
    words (`tells_news`), or something someone did, told in the past ("설치기사님이 바닥도
    긁어놓고 가셨어요", "the installer scratched the floor")."""
    return lambda sentence: tells_news(sentence, policy) or happened(sentence)


@cache
def _told_verbs() -> frozenset[str]:
    data = load("answers")["told_verbs"]
    return frozenset(str(w).lower() for lang in ("en", "ko") for w in data[lang])


@cache
def _past_verbs() -> frozenset[str]:
    return frozenset(str(w).lower() for w in load("answers")["past_verbs"])


def happened(sentence: str) -> bool:
    """Whether a sentence tells something done in the past, not what was said in the chat
    ("I already told you", "위에 썼잖아요"; `told_verbs` in answers.yml): a Korean verb in
    the past, or an English verb in "-ed" or of `past_verbs`."""
    told, past = _told_verbs(), _past_verbs()
    said = tokens(sentence)
    for i, token in enumerate(said):
        word = token.word.lower()
        # "말했는데" is 말 + 하다: the verb is the noun made one
        if word in told or (i and token.tag == "XSV" and said[i - 1].word + word in told):
            continue
        if token.tag and token.past and token.verb:
            return True
        if not token.tag and (word in past or (len(word) > 4 and word.endswith("ed"))):
            return True
    return False


def _without_chrome(said: str, toks: tuple[Token, ...]) -> int:
    """Where a sentence starts once the desk's chrome before it is off ("Dear Sir/Madam, …",
    "안녕하세여 갤럭시워치6 …"); 0 when two words would not be left."""
    covered = {
        i for hit in _chrome().hits(toks) if hit.label == "lead" for i in range(hit.first, hit.last)
    }
    first = 0
    while first < len(toks) and first in covered:
        first += 1
    return toks[first].start if 0 < first <= len(toks) - 2 else 0


def _a_remark(toks: tuple[Token, ...], taken: list[tuple[int, int]]) -> bool:
    """Whether a sentence only remarks on the answer or the chat ("It is at the bottom of my
    letter", "Coombe with an e on the end", "i literally said", "cool cool cool", "Yours
    faithfully, Jo Bloggs"), or only gives the values taken: a remark's words, small words
    and those values are all it says."""
    remark = (
        _covered(_about_the_answer(), toks)
        | _covered(_irritation(), toks)
        | _covered(_chrome(), toks)
    )
    said_around = remark | _covered(_around(), toks)
    if taken:  # "and you can reach me on 07700 900123": the words that give the number
        said_around |= _covered(own_contact(), toks)
    return all(
        i in said_around
        or t.word in _small_words()
        or any(s < t.end and t.start < e for s, e in taken)  # "전이요": 전이 read as one
        for i, t in enumerate(toks)
    )


def _news_by_sentence(
    text: str, pieces: list[tuple[int, int]], news: Callable[[str], bool]
) -> list[bool]:
    """Whether each clause is in news: clauses joined without a mark are read as one
    ("탈수할때마다 엄청 덜컹거리고 …": the first clause tells when it shakes)."""
    found = [news(text[start:end]) for start, end in pieces]
    for i in range(len(pieces) - 1):
        if not _BREAK.search(text[pieces[i][1] : pieces[i + 1][0]]):
            found[i] = found[i + 1] = found[i] or found[i + 1]
    for i in reversed(range(len(pieces) - 1)):  # back along the chain too
        if not _BREAK.search(text[pieces[i][1] : pieces[i + 1][0]]):
            found[i] = found[i] or found[i + 1]
    return found


# A number or letter that only numbers a point of a letter ("1.", "3)", "가.")
_ENUMERATOR = re.compile(r"\s*(?:\d{1,2}|[A-Za-z]|[가-하])\s*[.)]\s*")


def for_staff(
    text: str,
    taken: Iterable[tuple[int, int]] = (),
    answer: Callable[[str], bool] | None = None,
    *,
    questions: bool = False,
    news: Callable[[str], bool] | None = None,
) -> str:
    """What of an answer is news for the staff who read what happened: its sentences less
    those about the conversation itself: a meta-answer ("네!! 접수하라고요"), a remark on the
    answer ("It is at the bottom of my letter"), a question (the FAQ answers it, "보증기간은
    1년 맞죠?") or going for now ("애기 깼어요 이따 올게요"). When to call stays. `answer`
    tells a sentence that is the answer itself (the wish said at the remedy question);
    `questions` keeps questions (a first message's "do u guys ship to jeju??" is context).
    `news`, for what is said beside an answer to another question: only a sentence it
    passes is kept (a fault, a symptom, what it cost), never a remark to the desk ("It is a
    lovely chair", "email better"). "" when nothing is left; the text as said when all of it
    is news."""
    from handlers.fields import tells_a_story  # fields imports this module

    spans = list(taken)
    kept: list[tuple[int, int]] = []
    pieces = sentences(text)
    pausing = read_meta(text).pauses
    told = _news_by_sentence(text, pieces, news) if news is not None else []
    for i, (start, end) in enumerate(pieces):
        said = text[start:end]
        inside = [(s - start, e - start) for s, e in spans if start <= s and e <= end]
        # a number said in words is read as its digits ("공일공 구팔칠육 …"), in place
        toks = tokens(with_digits(said))
        meta = read_meta(said)
        if _ENUMERATOR.fullmatch(said) and text[:start].rstrip(" \t")[-1:] in ("", "\n"):
            continue  # a letter's "1." or "3)" at a line's start, its sentence chrome or the wish
        if says_availability(said):
            kept.append((start, end))
        elif (
            meta.only
            or meta.leaves
            # a question unless it tells a symptom ("소리가 나요" ends as "…나요?" does)
            or (ends_asking(said) and not questions and not (news or tells_news)(said))
            or (answer and answer(said))
            or (pausing and not tells_a_story(said))  # "baby woke up": going, not news
            or (news is not None and not told[i])
            # "저는 수원에 사는 오태식이라고 합니다": read by its text, as Korean endings matter
            or _introduces(said, news or tells_news)
        ):
            continue
        elif toks and not _a_remark(toks, inside):
            kept.append((start + _without_chrome(said, toks), end))
    if kept == pieces:
        return text
    joined = ""
    for i, (start, end) in enumerate(kept):
        between = text[kept[i - 1][1] : start] if i else ""
        joined += ("\n" if "\n" in between else " " if i else "") + text[start:end]
    return joined.rstrip(" ,;")
