"""What a customer's answer means at the read-back ("Shall I submit it?") and mid-form.

Words match whole words, never as prefixes of others: "now please submit" is not "no",
"nice, submit it" not "n". A yes at the start wins over field words later on ("yes,
the details are correct", "yes thanks for your time" change nothing), unless a "but"
names a field to change ("yes but the date is wrong").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from handlers.meta import read_meta, unquoted
from handlers.remedies import remedy_words
from handlers.vocabulary import pattern as vocabulary_pattern
from handlers.vocabulary import says as vocabulary_says

# Form fields and the words that name them, in both languages (for "no, the date is
# wrong" and for the correction buttons' payloads).
FIELD_WORDS: tuple[tuple[str, re.Pattern[str]], ...] = (
    # not 언제: "답장 언제쯤 옴?" asks when the answer comes, it names no field
    ("incident_date", re.compile(r"\b(date|when|day)\b|날짜|일시|발생일", re.I)),
    (
        "contact",
        re.compile(
            r"\b(contact|e-?mail|phone|number|mobile|tel)\b|연락처|이메일|메일|전화|번호", re.I
        ),
    ),
    ("customer_name", re.compile(r"\bname\b|이름|성함", re.I)),
    ("product", re.compile(r"\b(product|service|item|model)\b|제품|상품|서비스|모델", re.I)),
    (
        "desired_outcome",
        re.compile(
            r"\b(outcome|would like|want)\b|조치|요청\s?사항|원하"
            rf"|\b(?:{remedy_words('en')})\b|{remedy_words('ko')}",  # the remedies' own words
            re.I,
        ),
    ),
    (
        "description",
        re.compile(r"\b(description|what happened|details?|story)\b|내용|설명|사연", re.I),
    ),
)

_YES_START = re.compile(
    r"^\s*(yes|y|yeah|yea|yep|yup|ya|sure|ok|okay|k|correct|right|submit|confirm|perfect|"
    r"fine|great|good|go ahead|looks good|all good|sounds good)\b"
    r"|^\s*(네|예|넵|넹|응|ㅇㅇ|ㅇㅋ|오케이|좋아)+(?=$|[\s.,!~?]|요)"
    r"|^\s*(맞아요|맞습니다|맞아|맞네요|좋아요|좋습니다|접수|제출|확인|그래요|그렇게)",
    re.IGNORECASE,
)
_NO_START = re.compile(
    r"^\s*(no(?!\s+(problem|worries))|nope|nah|n|wrong|incorrect|not quite|change|edit|fix|"
    r"correct the|update)\b"
    r"|^\s*(아니|아뇨|아닙니다|아니에요|틀렸|틀려|잘못|수정|변경|고쳐|고칠|바꿔|바꿀)",
    re.IGNORECASE,
)

_NOT_YET = re.compile(
    r"\b((don'?t|do not)\s+(submit|send|file)|not yet|wait|hold on)\b|하지 ?마|말아|잠깐|아직",
    re.IGNORECASE,
)


def holds(text: str) -> bool:
    """Whether the message holds the filing back ("not yet", "이대로는 못 올리겠어요",
    "don't send it like this")."""
    return bool(_NOT_YET.search(text)) or vocabulary_says("corrections", "holding", text)


_BUT = re.compile(r"\b(but|except|although|however)\b|하지만|근데|그런데|다만", re.IGNORECASE)


def _changes(text: str) -> bool:
    """Whether a message says a detail is wrong or how it should read (corrections.yml
    `change_words`): "wrong", "fix", "now it says …", "should be …", "로 돼 있어요"."""
    return vocabulary_says("corrections", "change_words", text)


@dataclass(frozen=True)
class Answer:
    """The gist of an answer: yes, no (perhaps naming the field to change), or unclear."""

    kind: Literal["yes", "no", "unclear"]
    field: str | None = None


def named_field(text: str) -> str | None:
    """The form field a customer's words point at, if any ("my job number" points at none)."""
    text = vocabulary_pattern("corrections", "not_fields").sub(" ", text)
    for slot, pattern in FIELD_WORDS:
        if pattern.search(text):
            return slot
    return None


def is_cancel(text: str) -> bool:
    """Whether the message calls the complaint off ("cancel", "걍 취소할래", "no. stop this
    form"): the meta-answers' table decides (`handlers/meta.py`)."""
    return read_meta(text).answer == "leave"


# A word of Hangul alone ("피승현", "위소연"): a value; every Korean yes is in the meta
# vocabulary, so the classifier's yes is not taken for it.
_HANGUL_WORD = re.compile(r"[\uac00-\ud7a3]{2,5}")


def _a_value(text: str, field: str | None) -> bool:
    """Whether an answer to "Shall I submit it?" is a value rather than a yes: a field
    named, a name, a contact ("피승현", "성함: 위소연" correct the name; they are no yes)."""
    from handlers.fields import find_contact
    from handlers.names import looks_like_a_name

    if "yes" in read_meta(text).kinds:
        return False
    return bool(
        field
        or _HANGUL_WORD.fullmatch(text.strip(" .!~"))
        or find_contact(text) is not None
        or looks_like_a_name(text)
    )


# Where "put it in" puts it, up to the next mark: "… the description", "… on the product line".
_INTO = re.compile(
    r"\s*(?:(?:in|into|on|to|under)\s+)?(?:the|my|your|that)?\s*[^,.;!?\n]{1,30}", re.I
)


def submits(text: str) -> bool:
    """Whether a message asks to submit, besides anything else it says ("…. ok submit",
    "otherwise yes, please send it"), and does not hold it back ("don't submit yet")."""
    wished = vocabulary_pattern("corrections", "submit_wished")
    said = [
        m
        for m in vocabulary_pattern("corrections", "submit").finditer(text)
        # "put it in the description": where it goes is a field, an edit, no submit
        if not ((place := _INTO.match(text, m.end())) and named_field(place.group(0)))
        # "… and confirm in writing that the installers are retrained": a wish, no submit
        and not (
            wished.match(after := text[m.end() :].lstrip())
            and not vocabulary_pattern("corrections", "submit_draft").match(after)
        )
    ]
    return bool(said) and not holds(text)


def files_now(text: str) -> bool:
    """Whether a message asked something else asks to file as it stands ("That's enough
    questions, please just file it as it is"), or only asks to file ("grand, send it on"),
    beside nothing but meta words ("빠진 부품만 보내주세요" asks for a part, no filing)."""
    if holds(text):
        return False
    if vocabulary_says("meta", "file_now", text):
        return True
    rest = vocabulary_pattern("corrections", "submit").sub(" ", text)
    rest = vocabulary_pattern("corrections", "submit_particles").sub(" ", rest)
    return submits(text) and (not rest.strip(" ,.!~") or read_meta(rest).only)


def acts_on_the_draft(text: str) -> bool:
    """Whether a message at the read-back changes, edits or files the draft ("Now hold on, I
    said the house phone is better …", "Take out de line bout somebody at de door … Den send
    it"): whatever wait words it holds, no pause."""
    from handlers.mends import without_story_edits  # mends reads this module's corrections

    return named_field(text) is not None or without_story_edits(text) != text or submits(text)


def leaves_as_is(text: str) -> bool:
    """Whether the message says to leave the details as they stand ("leave it as is,
    description says it all"), asking no change beside it ("as is except the date")."""
    return (
        vocabulary_says("corrections", "as_it_is", text)
        # "날짜 칸에 제 말이 그대로 들어갔네요": what went in as said, no "leave it as it is"
        and not vocabulary_says("corrections", "recorded_wrong", text)
        and not _changes(text)
        and not _BUT.search(text)
        and not holds(text)
    )


def _consents(text: str) -> bool:
    """Whether the message says yes and nothing against it, as the Reading reads a yes;
    something asked to be done to the draft ("그건 빼 주세요") is no yes to it."""
    from handlers.answers import asks_for_something
    from handlers.meta import asks, read_meta  # meta reads this module's neighbours
    from handlers.reading import Reading

    reading = Reading(text, meta=read_meta(text), asks=asks(text))
    return reading.consent() == "yes" and not (
        asks_for_something(text) and not reading.meta.says("yes")
    )


def _unconfirmed(text: str) -> str:
    """The text without its sentences that say a value is right ("제품은 … 맞고여")."""
    from handlers.corrections import confirms  # corrections reads this module's neighbours
    from handlers.words import sentences

    return " ".join(text[a:b] for a, b in sentences(text) if not confirms(text[a:b]))


def understand(text: str, intent: str | None = None) -> Answer:
    """Read an answer to "Shall I submit it?"; `intent` is the NLU's reading, if any."""
    text = text.strip()
    if text.startswith("/"):  # a button's payload
        if text.startswith("/affirm"):
            return Answer("yes")
        if text.startswith("/deny"):
            return Answer("no")
        return Answer("unclear")
    field = named_field(text)
    text = unquoted(text)  # a filing quoted ("not 'file it as it is'") is asked by nobody
    if field is not None and submits(text) and not named_field(_unconfirmed(text)):
        # "아니 제품은 무선청소기 맞고여;; 네 접수해주세요": the field named is said to be right
        return Answer("yes")
    if not field and submits(text):
        # "아니 접수하라고요", "이만하면 됐지 뭐. 올려 주소": filing asked, whatever opens it
        return Answer("yes")
    # the opening words' yes or no as every question reads them ("Nah yeah, she'll be right"
    # agrees; "Yeah nah, …" does not), else as these patterns do
    cut = min((i for i in map(text.find, ",.!?;") if i >= 0), default=len(text))
    opening = read_meta(text[:cut]).consent()
    if opening == "no" or (opening is None and _NO_START.match(text)):
        return Answer("no", field)
    if (opening == "yes" or _YES_START.match(text)) and not holds(text):
        if field and (_BUT.search(text) or _changes(text)):
            return Answer("no", field)
        return Answer("yes")
    if field and _changes(text):
        return Answer("no", field)
    if holds(text):
        return Answer("no", field)
    if submits(text) or (field and leaves_as_is(text)):
        # "포기 걍 이대로 ㄱㄱ 내용에 다 써있으니": the field named is where it all is
        return Answer("yes")
    if not field and _consents(text):
        return Answer("yes")  # "ㅇㅇ 당연하지 ㄱㄱ": a yes as every question reads one
    if intent == "affirm" and not _a_value(text, field):
        return Answer("yes")
    if intent == "deny":
        return Answer("no", field)
    if field:
        return Answer("no", field)
    return Answer("unclear")
