"""Reading and checking what a customer typed into each complaint field."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection, Iterator
from dataclasses import dataclass
from functools import cache

import phonenumbers

from handlers.answers import asks_for_something, phrases, tells_news
from handlers.remedies import names_a_remedy, remedies_asked, remedies_said
from handlers.vocabulary import load
from handlers.vocabulary import pattern as vocabulary_pattern
from handlers.words import tokens

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
    if text.lstrip().startswith("+"):
        return _phone(number, region)
    if phonenumbers.is_valid_number(number):
        # "0412 555 019", "01632 960 551": grouped as no home number is, and a number
        # there: the customer's own region's (staff would misdial 041-255-5019)
        abroad = _grouped_abroad(text, number, region)
        if abroad is None and _led_apart(text, number):
            return _as_typed(text)  # "01632 960 551": not made 016-3296-0551
        return _phone(abroad or number, region)
    for other in _other_regions():
        there = phonenumbers.parse(text, other)
        if phonenumbers.is_valid_number(there):
            return _phone(there, region)
    return _as_typed(text)


def _as_typed(text: str) -> Contact:
    shown = re.sub(r"\s+", " ", text.strip())
    return Contact("phone", shown, re.sub(r"\D", "", shown))


def _led_apart(text: str, number: phonenumbers.PhoneNumber) -> bool:
    """Whether a number is written with a first group the home region never leads with
    ("01632 960 551" beside 016-3296-0551): written as a number from elsewhere."""
    typed = _groups(text)
    home = _groups(phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL))
    return len(typed) > 1 and typed[0] != home[0]


def _groups(text: str) -> tuple[int, ...]:
    """The lengths of the runs of digits a number is written in ("0412 555 019": 4, 3, 3)."""
    return tuple(len(run) for run in re.findall(r"\d+", text))


def _grouped_abroad(
    text: str, number: phonenumbers.PhoneNumber, region: str
) -> phonenumbers.PhoneNumber | None:
    """The number as another region reads it, when it is written in groups the home
    region never uses and is a valid number there ("0412 555 019" is Australian)."""
    typed = _groups(text)
    national = phonenumbers.PhoneNumberFormat.NATIONAL
    if len(typed) < 2 or typed == _groups(phonenumbers.format_number(number, national)):
        return None
    for other in _other_regions():
        there = phonenumbers.parse(text, other)
        if phonenumbers.is_valid_number(there):
            return there
    return None


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
        number = _grouped_abroad(match.raw_string, number, region) or number
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
    return len(re.findall(r"[^\W\d_]{2,}", rest)) >= 2


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


# Words that join a clause to the one before ("and", "but"), said before a wish.
_JOINING = frozenset(["and", "but", "so", "also", "then", "plus"])


def the_wish(sentence: str) -> bool:
    """Whether a sentence is the customer's wish, not what happened: it asks for something
    ("I want it replaced.", "환불해 주세요", "Kindly do the needful") or names only a remedy
    ("refund!!"); "they promised me a refund last week" tells."""
    toks = tokens(sentence)
    if len(toks) > 1 and toks[0].word in _JOINING:  # "… and replace the unit"
        sentence = sentence[toks[1].start :]
    if asks_for_something(sentence):
        told = tells_a_story(sentence) or tells_news(sentence)  # "just sits there blinking"
        return not told or bool(remedies_asked(sentence, wish=True))
    asked = remedies_asked(sentence)
    if not asked:
        return False
    # an imperative ("replace the unit", not "refunded twice…") or the remedy alone ("refund!!")
    said = tokens(sentence)[0].word
    return (asked[0].first == 0 and not said.endswith("ed")) or not phrases(
        sentence, remedies_said(sentence)
    )
