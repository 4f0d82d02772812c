"""Reading and checking what a customer typed into each complaint field."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection, Iterator
from dataclasses import dataclass
from datetime import date
from functools import cache

import phonenumbers

from handlers.dates import find_incident_date, parse_incident_date, read_date
from handlers.remedies import names_a_remedy, remedies_asked, remedy_of, remedy_words
from handlers.vocabulary import load
from handlers.vocabulary import pattern as vocabulary_pattern

# The complaint form's questions, in the order asked.
FORM_FIELDS = (
    "description",
    "product",
    "desired_outcome",
    "incident_date",
    "customer_name",
    "contact",
)
MAX_DESCRIPTION = 4000
MAX_SHORT = 200
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_EMAIL = re.compile(
    r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$"
)
_HANGUL = re.compile(r"[\uac00-\ud7a3\u1100-\u11ff\u3130-\u318f]")
_LATIN_WORD = re.compile(r"[A-Za-z]{2,}")


def clean(text: str | None, limit: int = MAX_DESCRIPTION) -> str:
    """Strip control characters and surrounding space; cap the length."""
    if not text:
        return ""
    text = unicodedata.normalize("NFC", _CONTROL.sub("", text)).strip()
    return text[:limit]


def letter_count(text: str) -> int:
    """How many letters (any script) the text has."""
    return sum(1 for ch in text if ch.isalpha())


def syllable_count(text: str) -> int:
    """How many Hangul syllables the text has."""
    return sum(1 for ch in text if _HANGUL.match(ch))


def says_much(text: str) -> bool:
    """Whether an answer says much more than a short value would (10 words, or 15 Hangul
    syllables)."""
    return syllable_count(text) >= 15 or len(text.split()) >= 10


def detect_language(text: str) -> str | None:
    """`ko` when the text has Hangul, `en` when it has Latin words, else None (keep as is)."""
    if _HANGUL.search(text):
        return "ko"
    if _LATIN_WORD.search(text):
        return "en"
    return None


def valid_description(text: str) -> str | None:
    """A description needs a few letters (emoji or a single word are not one)."""
    text = clean(text)
    return text if letter_count(text) >= 4 else None


def valid_short(text: str, minimum_letters: int = 1) -> str | None:
    """A short free-text field (product, desired outcome): some letters or digits."""
    text = clean(text, MAX_SHORT)
    alnum = sum(1 for ch in text if ch.isalnum())
    return text if alnum >= 2 and letter_count(text) >= minimum_letters else None


# A polite ending on a one-phrase answer ("갤럭시 무선충전기요", "세탁기입니다"): said, not meant.
_ANSWER_TAIL_KO = re.compile(
    r"(?<=[\uac00-\ud7a3A-Za-z0-9])\s*(입니다|이에요|예요|이요|요)\s*[.!~]*\s*$"
)


def without_ending(text: str) -> str:
    """A short Korean answer without its polite ending: "갤럭시 무선충전기요" → "갤럭시 무선충전기"."""
    return _ANSWER_TAIL_KO.sub("", text).strip() or text


@dataclass(frozen=True)
class Contact:
    """An e-mail address or a phone number, as given and normalised for comparison."""

    kind: str  # "email" or "phone"
    display: str
    normalized: str


def parse_contact(text: str, region: str = "KR") -> Contact | None:
    """An e-mail (lower-cased) or a phone number (E.164), or None if it is neither; a polite
    ending after it ("010-2345-6789 입니다") is not part of it."""
    text = without_ending(clean(text, 320))
    if _EMAIL.match(text):
        return Contact("email", text, text.lower())
    if sum(ch.isdigit() for ch in text) < 7 or letter_count(text) > 0:
        return None
    return _read_phone(text, region)


@cache
def _other_regions() -> tuple[str, ...]:
    """Where else a customer's number may be from when it is none at home ("07911 123456"
    is British): `contact: regions` in nlu/vocabulary/names.yml, tried in order."""
    return tuple(str(r) for r in load("names")["contact"].get("regions") or ())


def _read_phone(text: str, region: str) -> Contact | None:
    """A phone number said alone: as the home region reads it, else as the first other
    region reads it validly, else as typed (a number no region knows is not made into a
    home number staff would misdial: "07700 900123" is not 077-0090-0123)."""
    try:
        number = phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_possible_number(number):
        return None
    if phonenumbers.is_valid_number(number) or text.lstrip().startswith("+"):
        return _phone(number, region)
    for other in _other_regions():
        there = phonenumbers.parse(text, other)
        if phonenumbers.is_valid_number(there):
            return _phone(there, region)
    shown = re.sub(r"\s+", " ", text.strip())
    return Contact("phone", shown, re.sub(r"\D", "", shown))


# A run of digits that may be a phone number, however it is written ("07700 900123").
_DIGITS = re.compile(r"\+?\d[\d\s().-]{5,}\d")


def loose_contacts(text: str, region: str = "KR") -> list[tuple[Contact, int, int]]:
    """Every contact in an answer to a question about who the customer is (their name or
    contact), where any number is theirs: the e-mail addresses and numbers `contacts_found`
    reads, and any other run of digits that is a number said alone ("i literally just gave
    it. 07700 900123"), in the order they stand."""
    text = clean(text, 2000)
    found = [(c, start, end) for c, start, end, _ in contacts_found(text, region)]
    for run in _DIGITS.finditer(text):
        start, end = run.span()
        if any(s < end and start < e for _, s, e in found):
            continue
        contact = parse_contact(run.group(0), region)
        if contact is not None:
            found.append((contact, start, end))
    return sorted(found, key=lambda f: f[1])


def _phone(number: phonenumbers.PhoneNumber, region: str) -> Contact:
    """A phone number as staff dial it (national format at home: "010-2345-6789", however
    it was typed) and in E.164 for comparison."""
    e164 = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    home = phonenumbers.region_code_for_number(number) == region
    style = (
        phonenumbers.PhoneNumberFormat.NATIONAL
        if home
        else phonenumbers.PhoneNumberFormat.INTERNATIONAL
    )
    return Contact("phone", phonenumbers.format_number(number, style), e164)


_EMAIL_IN_TEXT = re.compile(
    r"(?<![\w.+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?"
    r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+"
)


_PERSONAL_NUMBERS = (
    phonenumbers.PhoneNumberType.MOBILE,
    phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE,
)


def contacts_in(text: str, region: str = "KR") -> frozenset[str]:
    """Every e-mail address and phone number in a text, normalised (lower-cased, E.164)."""
    text = clean(text, 4000)
    found = {m.group(0).rstrip(".").lower() for m in _EMAIL_IN_TEXT.finditer(text)}
    for match in phonenumbers.PhoneNumberMatcher(
        text, region, leniency=phonenumbers.Leniency.POSSIBLE
    ):
        found.add(_phone(match.number, region).normalized)
    return frozenset(found)


def find_contact(
    text: str,
    region: str = "KR",
    *,
    personal: bool = False,
    not_ours: str | Collection[str] = frozenset(),
) -> Contact | None:
    """An e-mail address or a phone number anywhere in a message ("dave.m@gmail.com like i
    said", "call me 010-2222-3333 after 6pm", "…이름은 정하늘이고 연락처는 010-3333-4444입니다").

    `personal`: only a mobile number will do (in a message about something else, "called
    your hotline 1588-3366" or "the store at 02-555-1234" is not the customer's); none of
    `not_ours` (the desk's own contact details, normalised or as text), compared whole:
    "e@example.com" is not "care@example.com".
    """
    for contact, _, _, mobile in contacts_found(clean(text, 2000), region, not_ours):
        if mobile or not personal:
            return contact
    return None


def contacts_found(
    text: str, region: str = "KR", not_ours: str | Collection[str] = frozenset()
) -> Iterator[tuple[Contact, int, int, bool]]:
    """Each contact in a text, e-mail addresses first, with where it stands and whether it
    is the customer's own for sure (an e-mail address or a mobile number; see
    `find_contact`)."""
    ours = contacts_in(not_ours, region) if isinstance(not_ours, str) else not_ours
    for found in _EMAIL_IN_TEXT.finditer(text):
        email = found.group(0).rstrip(".")
        if email.lower() not in ours:
            contact = Contact("email", email, email.lower())
            yield contact, found.start(), found.start() + len(email), True
    for match in phonenumbers.PhoneNumberMatcher(text, region):
        number = match.number
        if not phonenumbers.is_valid_number(number):
            continue
        contact = _phone(number, region)
        if contact.normalized not in ours:
            mobile = phonenumbers.number_type(number) in _PERSONAL_NUMBERS
            yield contact, match.start, match.end, mobile


def looks_like_description(text: str, product: str | None = None) -> bool:
    """Whether an opening message already says what went wrong, not just "I want to
    complain about my washing machine" (which names a product but not what happened)."""
    text = clean(text)
    if product:
        text = re.sub(re.escape(product), " ", text, flags=re.IGNORECASE)
    if _HANGUL.search(text):
        for asked in reversed(remedies_asked(text)):  # a remedy is not what happened
            text = text[: asked.start] + " " + text[asked.end :]
    rest = vocabulary_pattern("answers", "not_a_story").sub("", text)
    if _HANGUL.search(text):
        # two syllables say what happened ("안 돼요", "고장났어요" once the generic words
        # of a request to complain are gone)
        return syllable_count(rest) >= 2
    words = [w for w in re.findall(r"[^\W\d_]{2,}", rest)]
    return len(words) >= 2


def tells_a_story(text: str) -> bool:
    """Whether an answer tells what happened rather than answering a short question: a
    sentence of several words that says something ("it bangs every time it spins and the
    floor shakes", "탈수할 때마다 엄청 덜컹거리고 바닥이 흔들려요")."""
    text = clean(text)
    if names_a_remedy(text):
        # "I'd like a refund because it broke twice", "환불이요 그리고 콘센트 수리비도요"
        # answer the remedy
        return False
    if _HANGUL.search(text):
        long_enough = syllable_count(text) >= 12
    else:
        long_enough = len(re.findall(r"[^\W\d_]{2,}", text)) >= 7
    return long_enough and looks_like_description(text)


# How a correction may begin ("no wait the product is …", "아 잠깐만요 제품은 …")
_LEADING_ANSWER = re.compile(
    r"^((no|nope|nah|actually|sorry|wait|oops|oh|hmm|um|ok|okay|아니요|아니|아뇨|아|잠깐만요|잠깐)"
    r"\b[\s,.!]*)+",
    re.I,
)
_ARTICLE = re.compile(r"^(a|an|the)\s+", re.I)
_CLAUSES = re.compile(
    r"[,;\n]|\.\s|\s+and\s+|\s*그리고\s*"
    # "제품은 tv 리모컨이고 날짜는 그저께예요": "…이고" before the next label ends a clause
    r"|(?<=[\uac00-\ud7a3A-Za-z0-9])(?:이고|고|이며|며)\s+"
    r"(?=(?:제품|상품|모델|날짜|발생일|이름|성함|연락처|전화\s?번호|번호|이메일|메일|요청\s?사항)\s*(?:은|는|:))",
    re.IGNORECASE,
)
_LABELLED = (
    ("product", re.compile(r"^(the\s+)?(product|item|model)\s*(is|was|:)\s*(?P<v>.+)$", re.I)),
    (
        "product",
        re.compile(r"^(제품|상품|모델)\s*(은|는|:)\s*(?P<v>.+?)(이에요|예요|입니다|이요|요)?$"),
    ),
    (
        "customer_name",
        re.compile(r"^(my\s+name\s+is|name\s*(is|:)|i'?m|i\s+am)\s+(?P<v>.+)$", re.I),
    ),
    ("customer_name", re.compile(r"^(제\s*)?(이름|성함)\s*(은|는|:)\s*(?P<v>.+)$")),
    (
        "contact",
        re.compile(r"^(my\s+)?(e-?mail|phone|number|mobile|contact)\s*(is|:)\s*(?P<v>.+)$", re.I),
    ),
    (
        "contact",
        re.compile(
            r"^(제\s*)?(연락처|전화\s?번호|번호|이메일|메일)\s*(은|는|:)\s*(?P<v>.+?)(이에요|예요|입니다|이요|요)?$"
        ),
    ),
    ("incident_date", re.compile(r"^(it\s+)?(happened|was|started)\s+(?P<v>.+)$", re.I)),
    (
        "incident_date",
        re.compile(
            r"^(날짜|발생일|일자|언제)\s*(은|는|:)\s*(?P<v>.+?)(이에요|예요|입니다|이요|요)?$"
        ),
    ),
    ("desired_outcome", re.compile(r"^i\s+(want|would\s+like|need|'d\s+like)\s+(?P<v>.+)$", re.I)),
)


# Labels that are also ordinary words ("it was …", "i want …"): a clause they give nothing
# for is still searched for other fields.
_WEAK_LABELS = {
    pattern.pattern
    for field, pattern in _LABELLED
    if pattern.pattern.startswith(("^(it\\s+)?", "^i\\s+"))
}


def corrections(
    text: str, today: date, language: str, region: str = "KR", *, anywhere: bool = True
) -> dict[str, str]:
    """Field values named in one message ("product is Galaxy Buds FE, I want a replacement,
    it happened 3 days ago, my name is John Smith"), each checked as its question would.
    With `anywhere`, clauses without a label of their own are searched too ("…프로고 환불로
    해주세요, 3일 전부터 그랬어요")."""
    from handlers.names import read_name  # names reads this module's helpers

    found: dict[str, str] = {}
    unlabelled: list[str] = []
    for clause in (_LEADING_ANSWER.sub("", c.strip()) for c in _CLAUSES.split(text or "")):
        if not clause:
            continue
        before = len(found)
        for field, pattern in _LABELLED:
            match = pattern.match(clause)
            if not match or field in found:
                continue
            value = _ARTICLE.sub("", match.group("v").strip(" .!"))
            checked: str | None
            if field == "product":
                checked = valid_short(value)
            elif field == "customer_name":
                checked = read_name(value).name
            elif field == "contact":
                contact = parse_contact(value, region)
                checked = contact.display if contact else None
            elif field == "incident_date":
                parsed = parse_incident_date(value, today)
                # the words that name the date ("wednesday" of "wednesday not thursday")
                checked = (parsed.words or parsed.text) if parsed else None
            else:
                checked = remedy_of(value, language) or valid_short(value)
            if checked:
                found[field] = checked
                break
        else:
            contact = parse_contact(clause, region)
            if contact and "contact" not in found:
                found["contact"] = contact.display
        strong = any(p.match(clause) for _, p in _LABELLED if p.pattern not in _WEAK_LABELS)
        if len(found) == before and not strong:
            # no label here, or only a loose one that gave nothing ("it was a replacement
            # i want not refund" is no date): searched for any field below
            unlabelled.append(clause)
    if not anywhere:
        return found
    rest = "\n".join(unlabelled)
    return {**found, **_found_anywhere(rest, today, language, region, found)}


# "제품은 갤럭시 버즈3 프로고 환불로 해주세요": a Korean label's value ends at "…고" before more
# words, or where a remedy starts.
_KO_PRODUCT = re.compile(
    r"(?:제품|상품|모델)\s*(?:은|는|:)\s*(?P<v>.+?)"
    r"(?=(?:이고|고)\s|\s*(?:그리고|,|\.)|"
    rf"\s+(?:{remedy_words('ko')})|(?:이에요|예요|입니다|이요|요)?\s*$)"
)


_DATE_WORD = re.compile(r"\b(?:date|day)\b|날짜|발생일|일자", re.IGNORECASE)


def _found_anywhere(
    text: str, today: date, language: str, region: str, found: dict[str, str]
) -> dict[str, str]:
    """Fields a correction names without a clause of their own ("…프로고 환불로 해주세요, 3일
    전부터 그랬어요"): each looked for in the whole message, for the fields not `found`."""
    from handlers.names import name_in  # names reads this module's helpers

    more: dict[str, str] = {}
    if "product" not in found and (m := _KO_PRODUCT.search(text)):
        product = valid_short(m.group("v"))
        if product:
            more["product"] = product
    if "desired_outcome" not in found and (remedy := remedy_of(text, language)):
        more["desired_outcome"] = remedy
    if "incident_date" not in found and (when := find_incident_date(text, today)):
        more["incident_date"] = when.text
    elif (
        "incident_date" not in found
        and (_DATE_WORD.search(text) or len(text.split()) <= 3)
        and (day := read_date(text, today))
    ):
        # "아 날짜 틀렸다 22일이에요", "아 잠깐 24일이요": the date is what is corrected, so a
        # day alone is one
        more["incident_date"] = day.words
    if "customer_name" not in found and (name := name_in(text)):
        more["customer_name"] = name
    if "contact" not in found and (contact := find_contact(text, region)):
        more["contact"] = contact.display
    return more
