"""Meta-answers: what a customer says about the conversation at any question (leave, yes, no,
wait, repeat, a change of mind, thanks), read from the table in `nlu/vocabulary/meta.yml` by
one mechanism for every question and both languages. ("Why?" is the FAQ's: `handlers/faq.py`.)"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache

from handlers.vocabulary import load, pattern
from handlers.words import Token, joined, morphemes, sentences, tokens, words

KINDS = (
    "leave",
    "later",
    "back",
    "yes",
    "no",
    "wait",
    "repeat",
    "change",
    "thanks",
    "leave_anywhere",
    "leave_alone",
    "greeting",
)
# Which meta-answer a message made of several is: "no. stop this form" leaves, "ok wait"
# waits, "whatever, yes" says yes, "yes thanks" too.
_PRECEDENCE = (
    "leave",
    "later",
    "back",
    "wait",
    "repeat",
    "change",
    "no",
    "yes",
    "thanks",
    "greeting",
)
_FILLER = "filler"


@dataclass(frozen=True)
class Meta:
    """The meta-answers a message gives, and whether it says anything else."""

    kinds: frozenset[str] = frozenset()
    #: nothing but meta-answers and fillers was said
    only: bool = False
    #: the message, or one of its sentences, calls it all off: its last sentence says only
    #: that ("월요일쯤이요 근데 그냥 됐어요 취소할게요"), or any says only "forget it"
    leaves: bool = False

    @property
    def answer(self) -> str | None:
        """The one meta-answer the message is, when it says nothing else."""
        if self.leaves:
            return "leave"
        if not self.only:
            return None
        return next((kind for kind in _PRECEDENCE if kind in self.kinds), None)

    def consent(self, *, to_leaving: bool = False) -> str | None:
        """Yes or no, when the message says nothing else; `to_leaving`: the question was
        whether to call something off, so calling it off is the yes ("네 취소요") unless a
        no is said ("아니요 됐어요", "취소하지 마세요")."""
        if not self.only:
            return None
        if to_leaving and "leave" in self.kinds:
            return "no" if "no" in self.kinds else "yes"
        if "leave" in self.kinds:
            return "no"
        if {"yes", "no"} <= self.kinds:
            return self.last
        return self.answer if self.answer in ("yes", "no") else None

    @property
    def pauses(self) -> bool:
        """The customer is going for now, to finish later ("애기 깼어요 이따 올게요"),
        whatever else the message says."""
        return "later" in self.kinds and not self.leaves

    def says(self, kind: str) -> bool:
        """Whether the message gives that meta-answer (alone or beside other words)."""
        return kind in self.kinds

    #: the message asks for something to be done ("put me through", "연결해 주세요")
    requests: bool = False
    #: of a yes and a no, the one said last ("아니 접수해 달라고요": yes)
    last: str | None = None
    #: asks for a person or a call somewhere in it ("…and i want to talk to a real person")
    person: bool = False
    #: declines a person or a call, or tells of one already had ("don't call me",
    #: "상담사 연결은 필요 없습니다", "담당자님 전화 받았습니다")
    declines_person: bool = False


@cache
def _phrases() -> dict[str, tuple[tuple[str, frozenset[str]], ...]]:
    """Every phrase as its key with its kinds (a phrase may mean two: "하지 마세요" leaves
    a form and declines a withdrawal), by the key's first character; longest first."""
    table = load("meta")
    kinds: dict[str, set[str]] = {}
    for kind in (*KINDS, "fillers"):
        for language in ("en", "ko"):
            for phrase in (table.get(kind) or {}).get(language, []):
                # as analysed, and as written: the analyser reads "아뇨" alone as a verb
                # (아니다) and in a sentence as an interjection (아뇨)
                for key in {joined(words(str(phrase))), joined(tuple(str(phrase).lower().split()))}:
                    if key:
                        kinds.setdefault(key, set()).add(_FILLER if kind == "fillers" else kind)
    index: dict[str, list[tuple[str, frozenset[str]]]] = {}
    for key in sorted(kinds, key=len, reverse=True):
        meant = kinds[key] - {_FILLER} or {_FILLER}  # a meaning over a filler
        index.setdefault(key[0], []).append((key, frozenset(meant)))
    return {first: tuple(entries) for first, entries in index.items()}


def _longest(said: tuple[str, ...], i: int) -> tuple[int, frozenset[str]] | None:
    """The longest phrase that starts at word `i`: how many words it covers, its kinds."""
    texts = [joined(said[i : j + 1]) for j in range(i, min(len(said), i + 8))]
    for key, kinds in _phrases().get(texts[0][:1], ()):
        for size, text in enumerate(texts, start=1):
            if text == key:
                return size, kinds
            if len(text) >= len(key):
                break
    return None


@cache
def _soft() -> frozenset[str]:
    """The leave phrases that also say "that's fine", as `joined` keys."""
    table = load("meta").get("leave_soft") or {}
    return frozenset(joined(words(str(p))) for lang in ("en", "ko") for p in table.get(lang, []))


def only_soft(text: str) -> bool:
    """Whether a text says nothing but "됐어요"-like words, a yes or a leave alike."""
    said = words(text)
    return bool(said) and all(joined((w,)) in _soft() for w in said)


def _verb(word: str) -> bool:
    """A Korean verb as `words` gives it ("하다", "주다"): a request's ending, no yes alone."""
    return len(word) > 1 and word.endswith("다") and "\uac00" <= word[0] <= "\ud7a3"


# Words that turn the yes word after them ("not sure", "never fine").
_NEGATING = frozenset(["not", "never", "hardly", "barely"])


# Who a verb is said of in a story ("we wait 4 hours", "they hang on to it"): no meta-answer
_TELLERS = frozenset(["i", "we", "they", "he", "she", "you", "u", "me", "us", "them"])


def _cover(text: str) -> tuple[frozenset[str], bool, str | None, bool]:
    """The meta kinds of a text, whether they cover every word, the last yes or no said,
    and whether a yes comes after the last leave ("ㅇㅇ 이제 됐네요 접수": the yes is the
    answer; "네 취소요" leaves): each word is taken by the longest phrase that starts there;
    a word no phrase takes is something else said."""
    said = words(text)
    kinds: set[str] = set()
    last = None
    uncovered = 0
    yes_after_leave = hard = False
    i = 0
    while i < len(said):
        found = _longest(said, i)
        if found is None:
            uncovered += 1
            i += 1
            continue
        size, meant = found
        if "yes" in meant and i and said[i - 1] in _NEGATING:
            # "not sure", "not ok": a yes word turned, no yes; something else said
            uncovered += 1
            i += size
            continue
        if "later" in meant and _told_done(_analysed(text)[i : i + size]):
            # "다시 왔어요", "갔다 왔어요": coming back, told in the past, is no pause
            meant = meant - {"later"} | {"back"}
        if meant & {"later", "back"} and (
            _someone_else(_analysed(text), i, size) or _other_subject(text, _analysed(text)[i])
        ):
            # "기사님 다시 오시게 해주세요": someone else's coming, asked for, no pause
            meant = meant - {"later", "back"}
        if "wait" in meant and i and said[i - 1] in _TELLERS:
            # "We wait 4 hours in the clinic": what someone did, no pause asked
            uncovered += 1
            i += size
            continue
        if "leave" in meant and said[i : i + size] == ("되다",) and not _analysed(text)[i].past:
            # "됐어요" calls it off; "보내주시면 돼요", "그거면 돼요" say what will do
            meant = frozenset({_FILLER})
        kinds |= meant - {_FILLER}
        if len(consent := meant & {"yes", "no"}) == 1:
            last = next(iter(consent))
        if "leave" in meant and joined(said[i : i + size]) not in _soft():
            yes_after_leave = False
            hard = True
        elif "yes" in meant and "leave" in kinds and not _verb(said[i]):
            yes_after_leave = True  # "…됐네요 접수", not the "해 주세요" of "취소해 주세요"
        i += size
    covered = bool(said) and bool(kinds) and not uncovered
    # "네 이제 됐네요": the yes with a "that's fine", no leaving
    soft_only = "leave" in kinds and "yes" in kinds and not hard
    return frozenset(kinds), covered, last, yes_after_leave or soft_only


@lru_cache(maxsize=256)
def _analysed(text: str) -> tuple[Token, ...]:
    """The text's words with their tense, analysed once for all its phrases."""
    return tokens(text)


def _someone_else(said: tuple[Token, ...], at: int, size: int) -> bool:
    """Whether the phrase of `size` words at `at` is said of someone else, with the honorific
    시: its last verb, or for a phrase of none ("이따 다시"), the verb right after it."""
    verbs = [t for t in said[at : at + size] if t.verb] or [
        t for t in said[at + size : at + size + 1] if t.verb
    ]
    return bool(verbs) and verbs[-1].honorific


def _other_subject(text: str, first: Token) -> bool:
    """Whether the phrase's subject, right before it with only adverbs between, is someone
    else ("기사가 (이따) 다시 와서"): a noun with a subject particle, not the customer
    (`first_person`)."""
    me = set((load("meta").get("first_person") or {}).get("ko") or [])
    parsed = [m for m in morphemes(text) if m[3] <= first.start]
    while parsed and parsed[-1][1].startswith("MAG"):
        parsed.pop()  # "이따", "다시"
    if len(parsed) < 2 or not parsed[-1][1].startswith("JKS"):
        return False
    noun, tag = parsed[-2][0], parsed[-2][1]
    return tag.startswith(("NN", "XSN")) and noun not in me


def _told_done(phrase: tuple[Token, ...]) -> bool:
    """Whether a phrase's last verb is in the past ("갔다 왔어요"; "갔다 올게요" is to come)."""
    verbs = [t for t in phrase if t.verb]
    return bool(verbs) and verbs[-1].past


def says_nothing_else(text: str) -> bool:
    """Whether every word of the text is a meta-answer or a filler ("ok then", "uh", ""):
    what is left of a message once its answer is taken out says nothing more."""
    said = words(text)
    i = 0
    while i < len(said):
        found = _longest(said, i)
        if found is None:
            return False
        i += found[0]
    return True


@cache
def _turns() -> re.Pattern[str]:
    """Where a message turns to something else: a sentence's end, a comma, "근데"."""
    return re.compile(rf"[.,;!?\n]+|{pattern('meta', 'turns').pattern}")


def _yes_after_leaving(said: list[str], parts: list[tuple[frozenset[str], bool]]) -> bool:
    """Whether a part after the last that leaves opens with a yes, asks to file, and leaves
    or denies nothing itself."""
    leaving = [i for i, (kinds, _) in enumerate(parts) if kinds & {"leave", "leave_anywhere"}]
    if not leaving:
        return False
    after = leaving[-1] + 1
    return any(
        "yes" in kinds
        and not kinds & {"leave", "leave_anywhere", "no"}
        and "yes" in _cover(part.split()[0])[0]
        # and asks to file ("Yes send it off"), not "ok I'll just buy one elsewhere"
        and pattern("corrections", "submit").search(part) is not None
        for part, (kinds, _) in zip(said[after:], parts[after:], strict=True)
    )


def _without_closing_particle(text: str) -> str:
    """The text without a word of tone at its end ("그래 접수해라 마": `closing_particles`)."""
    table = load("meta").get("closing_particles") or {}
    said = text.rstrip(" .!~")
    head, _, last = said.rpartition(" ")
    if head.strip() and last in (table.get("ko") or []) and head[-1:] in (table.get("after") or []):
        return head
    return text


@lru_cache(maxsize=4096)  # one message is read from many places in a turn
def read_meta(text: str) -> Meta:
    """The meta-answers a message gives, and whether it says anything else."""
    text = _without_closing_particle(text)
    kinds, only, said_last, yes_after_leave = _cover(text)
    said = [part for part in _turns().split(text) if part and part.strip()]
    parts = [_cover(part)[:2] for part in said]
    # a yes said last, after a turn, takes back a leave before it ("에휴 됐다 그냥
    # 접수해주세요", "forget it… actually yes file it"), as does a yes after it in a
    # message of nothing else ("ㅇㅇ 이제 됐네요 접수"), and a part after the leave that
    # opens with a yes, whatever is asked after it ("…but never mind, … Yes send it off.
    # Will a real person actually read this?")
    taken_back = (
        (
            len(parts) > 1
            and parts[-1][1]
            and "yes" in parts[-1][0]
            and not parts[-1][0] & {"leave", "leave_anywhere", "no"}
        )
        or (only and yes_after_leave and "leave_anywhere" not in kinds and len(parts) == 1)
        or _yes_after_leaving(said, parts)
    )
    leaves = not taken_back and (
        (only and bool(kinds & {"leave", "leave_alone"}))
        or any(
            part_only and ("leave_anywhere" in part_kinds or ("leave" in part_kinds and last))
            for last, (part_kinds, part_only) in (
                (i == len(parts) - 1, part) for i, part in enumerate(parts)
            )
        )
    )
    if taken_back:  # what came before the turn is taken back: the yes is the answer
        kinds = frozenset({"yes"}) | kinds & {"thanks", "greeting"}
        said_last = "yes"
    elif "leave_anywhere" in kinds or leaves:
        kinds = kinds - {"leave_anywhere", "leave_alone"} | {"leave"}
    elif "leave_alone" in kinds:  # "i changed my mind, refund not repair": a change
        kinds = kinds - {"leave_alone"} | {"change"}
    return Meta(
        kinds,
        only=only,
        leaves=leaves,
        requests=_said(text, "requests"),
        last=said_last,
        person=_clauses_with(text, "person", declined=False),
        declines_person=_clauses_with(text, "call", declined=True),
    )


def leaves_plainly(text: str) -> bool:
    """Whether a message calls it all off in words that mean nothing else: a leave said
    without "enough" ("됐어요", "we're done": `meta.yml enough`), and not asked ("됐냐?",
    "can I cancel?")."""
    if text.rstrip().endswith("?"):
        return False
    return read_meta(pattern("meta", "enough").sub(" ", text)).leaves


@cache
def _declining() -> tuple[frozenset[str], tuple[str, ...], tuple[str, ...]]:
    """`person_declined`: English words (and word endings, "*n't"), Korean words unspaced."""
    table = load("meta").get("person_declined") or {}
    english = [str(w).lower() for w in table.get("en", [])]
    korean = tuple(str(w).replace(" ", "") for w in table.get("ko", []))
    ends = tuple(w[1:] for w in english if w.startswith("*"))
    return frozenset(w for w in english if not w.startswith("*")), ends, korean


def _declined(text: str, start: int, end: int) -> bool:
    """Whether the call or person at `start`…`end` is declined or already had: a negation up
    to three words before it in its clause ("please don't phone me"), or a Korean word of
    `person_declined` in the three words after it ("연결은 필요 없습니다", "전화 받았습니다")."""
    negators, ends, korean = _declining()
    before = [t.word for t in tokens(_turns().split(text[:start])[-1])][-3:]
    if any(w in negators or w.endswith(ends) for w in before):
        return True
    # a learner's or a hurried "no" after it, ending its sentence ("phone me not use", "phone
    # call no.", "call never"); "call me, no email" says no of the email
    after = text[end:]
    clause = next(iter(sentences(after)), (0, 0))
    rest = [t.word for t in tokens(after[: clause[1]])] if after[: clause[0]].strip() == "" else []
    rest = rest[1:] if rest[:1] in (["me"], ["us"]) else rest  # "phone me not use"
    if 1 <= len(rest) <= 2 and rest[0] in negators:
        return True
    after = "".join(_turns().split(text[end:])[0].split()[:3])
    return any(w in after for w in korean)


def _clauses_with(text: str, entry: str, *, declined: bool) -> bool:
    """Whether a clause says a phrase of the entry that is (`declined`) or is not declined:
    a request for a person is read in its clause, so that "no need for a call, email is
    fine" asks for none and "ring me pls dont email" for one."""
    keys = frozenset(_keys(entry))
    said = tokens(text)
    for i in range(len(said)):
        for j in range(i + 1, min(len(said), i + 4) + 1):
            if joined([t.word for t in said[i:j]]) not in keys:
                continue
            if entry == "person" and _names_after(text, said[j - 1].end):
                continue  # "please call me Kasia": what to call them, no call asked
            if _declined(text, said[i].start, said[j - 1].end) == declined:
                return True
    return False


def _names_after(text: str, end: int) -> bool:
    """Whether "call me" is followed by a name ("call me Kasia", "call me Mr Bell"): a
    capitalised word that is no day or time (meta.yml `call_me_when`)."""
    if not text[:end].lower().endswith("call me"):
        return False
    after = text[end:].split()
    word = after[0].strip(".,!?") if after else ""
    when = {str(w) for w in load("meta").get("call_me_when") or ()}
    return word[:1].isupper() and word.lower() not in when


@cache
def _keys(entry: str) -> tuple[str, ...]:
    table = load("meta").get(entry) or {}
    return tuple(
        key
        for language in ("en", "ko")
        for phrase in table.get(language, [])
        if (key := joined(words(str(phrase))))
    )


def _said(text: str, entry: str) -> bool:
    """Whether a phrase of the entry is said anywhere ("i want …", "…해 주세요"): words, not
    a meaning of their own, so they never make a message more or less of a meta-answer."""
    said = words(text)
    spans = {
        joined(said[i:j]) for i in range(len(said)) for j in range(i + 1, min(len(said), i + 4) + 1)
    }
    return any(key in spans for key in _keys(entry))


_QUESTION_END = re.compile(r"\?\s*[\W\d_ㅠㅜㅋㅎ]*$")
# Where a sentence ends, for the words that ask at its start or its end ("ok. where do i
# send the photos"); not a comma or an "and" ("the screen went black and won't turn on")
_SENTENCE = re.compile(r"[.!?？;\n]+")
_HANGUL = re.compile(r"[\uac00-\ud7a3]")
_TRAILING = re.compile(r"[\W\d_ㅠㅜㅋㅎ]+$")


@cache
def _question_words() -> tuple[frozenset[str], frozenset[str]]:
    table = load("meta").get("question") or {}
    english = frozenset(w for p in table.get("en", []) for w in words(str(p))[:1])
    korean = frozenset(w for p in table.get("ko", []) for w in words(str(p)))
    return english, korean


def names_a_question_word(text: str) -> bool:
    """Whether a text holds a question word ("언제", "when", "how"), whatever its marks."""
    english, korean = _question_words()
    return bool((english | korean).intersection(words(text)))


@cache
def _tells(sentence: str) -> bool:
    """Whether a Korean sentence with a question word tells ("누가 문 두드려싸네": someone is
    knocking): it ends so, and no word of it ends as a question ("언제 오냐고요 답답하네")."""
    asking = _endings()
    return _TRAILING.sub("", sentence.strip()).endswith(_endings("telling")) and not any(
        _TRAILING.sub("", word).removesuffix("요").endswith(asking) for word in sentence.split()
    )


def _endings(entry: str = "endings") -> tuple[str, ...]:
    """Korean endings that ask at a sentence's end ("…되나요", "…맞죠"), or, of `telling`,
    that tell whatever question word the sentence holds ("누가 왔네")."""
    return tuple(str(e) for e in (load("meta").get(entry) or {}).get("ko", []))


def _because(said: str) -> bool:
    """Whether a sentence ends in the 니까 of a reason ("세 번이나 말해야 됐으니까"), not of
    a formal question, whose 니 follows a syllable ending in ㅂ ("됩니까", "합니까")."""
    if not said.endswith(("니까", "니깐")) or len(said) < 3:
        return False
    before = ord(said[-3]) - 0xAC00
    return not (0 <= before <= 11171 and before % 28 == _FINAL_B)


# The final consonant ㅂ of a Hangul syllable, by its index.
_FINAL_B = 17


@cache
def _lead_ins() -> frozenset[str]:
    """Single words said before a question without changing it ("wait", "ok", "so", "um")."""
    table = load("meta")
    return frozenset(
        phrase.lower()
        for kind in ("wait", "yes", "no", "thanks", "greeting", "fillers")
        for phrase in map(str, (table.get(kind) or {}).get("en", []))
        if " " not in phrase
        and phrase.lower() not in _question_words()[0]
        # a subject is no lead-in: "I am sick …" tells, "am I …" asks
        and phrase.lower() not in _SUBJECTS
    )


def ends_asking(sentence: str) -> bool:
    """Whether one sentence is a question by its form: it ends with "?", begins with an
    English question word, or ends with a Korean question ending. Stricter than `asks`:
    a Korean question word inside a sentence ("언제 샀는지 기억 안 나요") does not ask."""
    if _QUESTION_END.search(sentence):
        return True
    said = [w for w in words(sentence.lower()) if w not in _lead_ins()] + [""]
    if not _HANGUL.search(sentence) and said[0] in _question_words()[0]:
        # "is it covered", "when will someone call": a question word before a verb that
        # asks; "when i opened the box it was broken" tells
        asking = said[0] not in _WH or said[1] in _question_words()[0] or said[1] in _HOW
        return asking and bool(said[1])
    if sentence.rstrip().endswith("."):
        return False  # "네 맞아요." tells; "맞아요?" asks
    bare = _TRAILING.sub("", sentence.strip())
    return bool(_HANGUL.search(bare[-1:])) and bare.endswith(_endings())


_WH = frozenset(
    [
        "what",
        "whats",
        "what's",
        "wat",
        "wot",
        "why",
        "how",
        "when",
        "where",
        "who",
        "which",
        "whether",
    ]
)
_HOW = frozenset(["long", "much", "many", "soon", "often", "come", "about", "else"])
_SUBJECTS = frozenset(["i", "you", "u", "we", "me", "it", "this", "that", "they", "he", "she"])


# words in quotes: said by someone, or named, not asked here
_QUOTED = re.compile(
    r"(?<![A-Za-z0-9])[\"'“‘「『][^\"“”‘’「」『』\n]{1,200}?[\"'”’」』](?![A-Za-z0-9])"
)


def quotes(text: str) -> list[tuple[int, int]]:
    """Where the message quotes something, each span with its marks."""
    return [m.span() for m in _QUOTED.finditer(text)]


def unquoted(text: str) -> str:
    """The message with what it quotes blanked: words in quotes are cited ("what I want is
    the explanation, not 'file it as it is'"), never said as the customer's own."""
    return _QUOTED.sub(lambda m: " " * len(m.group(0)), text)


def unreported(text: str) -> str:
    """A message without the questions it reports: what is quoted, and a Korean clause that
    reports a question ("광주 상무점에서 … 언제 오냐고 물어봤더니 …": `reported_asking`), up to
    its reporting word; places hold (blanked)."""
    text = unquoted(text)
    text = pattern("meta", "insisting").sub(lambda m: " " * len(m.group(0)), text)
    # "What do I want? I want …": the desk's question said back, the answer after it
    text = pattern("meta", "echoing").sub(lambda m: " " * len(m.group(0)), text)
    reported_by = tuple((load("meta").get("reported_by") or {}).get("ko") or ())
    for m in pattern("meta", "reported_asking").finditer(text):
        after = text[m.end() :].split()
        # the rest of its word and the next: "…냐고 물어봤더니", "…는지 물었는데"
        reporting = (
            " ".join(after[:2]) if text[m.end() : m.end() + 1] != " " else " ".join(after[:1])
        )
        if not any(word in reporting for word in reported_by):
            continue  # "언제 오냐고요 답답하네", "걸리는지 물어봐도 되나요": their own question
        start = max(text.rfind(mark, 0, m.start()) + 1 for mark in ".!?,;\n")
        text = text[:start] + " " * (m.end() - start) + text[m.end() :]
    return text


@cache
def asks(text: str) -> bool:
    """Whether a message asks something, the one test of a question for every reader (the
    Reading's `asks`, the FAQ): it ends with "?"; a sentence of it begins with a question
    word in English (after a lead-in: "wait what do u need", "ok so how long") or ends with
    a Korean question ending; it holds a Korean question word; or it says a phrase that
    asks ("i was wondering", "궁금한데"). The words are in `nlu/vocabulary/meta.yml`."""
    if _QUESTION_END.search(text):
        return True
    text = unreported(text)
    said = words(text)
    if not said:
        return False
    if _said(text, "asking"):
        return True
    english, korean = _question_words()
    korean_text = bool(_HANGUL.search(text))
    if korean_text and any(
        korean.intersection(words(sentence)) and not _tells(sentence)
        for sentence in _SENTENCE.split(text)
    ):
        return True
    for sentence in _SENTENCE.split(text.lower()):
        tokens = words(sentence)
        at = next((i for i, word in enumerate(tokens) if word not in _lead_ins()), None)
        if _said(sentence, "exclaiming"):  # "oh how wonderful", "what a relief": no question
            continue
        # a verb that asks needs what it asks about ("can you…"); "ok can" (Singlish) agrees
        # "is not fair for me", "do not call me": a verb before "not" tells, its subject left out
        told = (
            tokens[at + 1 : at + 2] in (("not",), ("no",), ("never",)) if at is not None else False
        )
        if (
            at is not None
            and tokens[at] in english
            and (tokens[at] in _WH or (tokens[at + 1 :] and not told))
        ):
            return True
        bare = _TRAILING.sub("", sentence.strip())
        if _HANGUL.search(bare[-1:]) and bare.endswith(_endings()) and not _because(bare):
            return True
    return False
