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

# Form fields and the words that name them, in both languages (for "no, the date is
# wrong" and for the correction buttons' payloads).
FIELD_WORDS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("incident_date", re.compile(r"\b(date|when|day)\b|날짜|일시|발생일|언제", re.I)),
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
            r"\b(outcome|would like|want|refund|replace(ment)?|repair)\b|조치|요청\s?사항|원하|환불|교환|수리",
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
    r"|^\s*(네|예|넵|넹|응|ㅇㅇ|좋아)+(?=$|[\s.,!~?]|요)"
    r"|^\s*(맞아요|맞습니다|맞아|맞네요|좋아요|좋습니다|접수|제출|확인|그래요|그렇게)",
    re.IGNORECASE,
)
_NO_START = re.compile(
    r"^\s*(no(?!\s+(problem|worries))|nope|nah|n|wrong|incorrect|not quite|change|edit|fix|"
    r"correct the|update)\b"
    r"|^\s*(아니|아뇨|아닙니다|아니에요|틀렸|틀려|잘못|수정|변경|고쳐|고칠|바꿔|바꿀)",
    re.IGNORECASE,
)
_SUBMIT = re.compile(
    r"\b(submit|send it|file it|go ahead|confirm)\b|접수해|제출해|보내 ?주세요|진행해", re.I
)
_NOT_YET = re.compile(
    r"\b((don'?t|do not)\s+(submit|send|file)|not yet|wait|hold on)\b|하지 ?마|말아|잠깐|아직",
    re.IGNORECASE,
)
_BUT = re.compile(r"\b(but|except|although|however)\b|하지만|근데|그런데|다만", re.IGNORECASE)
_CHANGE = re.compile(
    r"\b(wrong|incorrect|change|edit|fix|update|typo|mistake|not right)\b|"
    r"틀렸|틀려|잘못|수정|변경|고쳐|바꿔|오타",
    re.IGNORECASE,
)
_CANCEL = re.compile(
    r"^\s*((actually|ok|okay|no|nah|hmm|wait|ugh|uh|argh|oh|jeez|fine|whatever|just)[\s,.!]+)*"
    r"(please\s+)?"
    r"(cancel|stop|abort|quit|never\s?mind|forget\s+it)"
    r"([\s,.!]+(it|this|that|the\s+complaint|my\s+complaint|cancel|all|then))*(\s+please)?[\s.!]*$"
    r"|^\s*((아|아니|음|그냥|잠깐만요|잠깐만|잠시만요|됐고|그냥요)[\s,.!~]+)*(그냥\s*)?"
    r"(취소|그만|중단|안\s?할래요|안\s?할게요|안\s?할래|됐어요|그만둘게요|그만할게요|취소할게요|"
    r"취소해\s?주세요|취소요|접수\s?취소|접수\s?안\s?할래요|안\s?하고\s?싶어요)[\s.!~]*$",
    re.IGNORECASE,
)
# A Korean message made only of calling it off and filler ("아 잠깐 그거 말고 그냥 취소할래요",
# "접수 안할래요 그만", "그만하라고요 취소!!"); any other word ("주문을 취소해 주세요", "환불이나
# 교환은 안 할래요") makes it an answer.
_KO_FILLER = re.compile(
    r"아|아니|아니요|아뇨|음|어|잠깐|잠깐만|잠깐만요|잠시만요|그거|그건|말고|그냥|됐고|이제|다|좀|진짜|"
    r"제발|접수|작성|그만|안|할래요|할게요|하라고요|에휴|아휴|휴|하|참|접수하지|하지|ㅠㅠ|ㅠ|ㅋㅋ"
)
_KO_CALL_OFF = re.compile(
    r"취소(?:할래요|할게요|해\s?주세요|해주세요|해요|해|하자|요|할래|할게|한다고요|하라고요|한다니까요|"
    r"하라니까요)?|그만(?:할래요|할게요|해요|둘래요|둘게요|하라고요|하라니까요|해|할래)?|안할래요|안할게요|"
    r"안할래|됐어요|됐어|안한다고요|안한다니까요|마세요|말아주세요|말아\s?주세요"
)
# Where a Korean message turns ("어제요 아 근데 생각해보니까 그냥 됐어요 취소할게요"): what
# follows the last turn is read on its own.
_KO_TURN = re.compile(r"근데|그런데|생각해\s?보니까|생각해\s?보니|아니다|[?.!]")
# "nvm forget it, ill just go to the store", "i said forget it", "i give up": calling the
# whole thing off in English, anywhere in the message ("don't forget it's …" is not).
_FORGET = re.compile(
    r"(?<!don't )(?<!dont )(?<!do not )(?<!won't )\b(?:forget\s+(?:it|this|about\s+it|the\s+whole\s+thing)"
    r"(?!\s*(?:'s|is|was)\b)|i\s+give\s+up)\b",
    re.IGNORECASE,
)


def _calls_it_off(text: str) -> bool:
    words = [w.strip(".,!?~") for w in text.split()]
    words = [w for w in words if w]
    return (
        0 < len(words) <= 8
        and all(_KO_FILLER.fullmatch(w) or _KO_CALL_OFF.fullmatch(w) for w in words)
        and any(_KO_CALL_OFF.fullmatch(w) for w in words)
    )


@dataclass(frozen=True)
class Answer:
    """The gist of an answer: yes, no (perhaps naming the field to change), or unclear."""

    kind: Literal["yes", "no", "unclear"]
    field: str | None = None


def named_field(text: str) -> str | None:
    """The form field a customer's words point at, if any."""
    for slot, pattern in FIELD_WORDS:
        if pattern.search(text):
            return slot
    return None


def is_cancel(text: str) -> bool:
    """Whether the message asks to abandon the complaint ("cancel", "취소")."""
    tail = next((part for part in reversed(_KO_TURN.split(text)) if part.strip()), "")
    return bool(_CANCEL.match(text) or _FORGET.search(text)) or _calls_it_off(tail)


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
    if _NO_START.match(text):
        return Answer("no", field)
    if _YES_START.match(text) and not _NOT_YET.search(text):
        if field and (_BUT.search(text) or _CHANGE.search(text)):
            return Answer("no", field)
        return Answer("yes")
    if field and _CHANGE.search(text):
        return Answer("no", field)
    if _NOT_YET.search(text):
        return Answer("no", field)
    if _SUBMIT.search(text):
        return Answer("yes")
    if intent == "affirm":
        return Answer("yes")
    if intent == "deny":
        return Answer("no", field)
    if field:
        return Answer("no", field)
    return Answer("unclear")
