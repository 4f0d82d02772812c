"""Reading and checking what a customer typed into each complaint field."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection, Iterator

from handlers.answers import asks_for_something, phrases, tells_news
from handlers.phones import Contact, numbers_in, placed, with_digits
from handlers.remedies import judged_wanted, names_a_remedy, remedies_asked, remedies_said
from handlers.vocabulary import pattern as vocabulary_pattern
from handlers.words import syllable_count, tokens

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


def parse_contact(text: str, region: str = "KR") -> Contact | None:
    """An e-mail (lower-cased) or a phone number (placed as `handlers.phones` reads it), or
    None if it is neither; a polite ending after it ("010-2345-6789 입니다") is not part of
    it, and a number said in words ("공일공 …") is read in digits."""
    text = without_ending(with_digits(clean(text, 320)))
    if _EMAIL.match(text):
        return Contact("email", text, text.lower())
    if sum(ch.isdigit() for ch in text) < 7 or letter_count(text) > 0:
        return None
    read = placed(text, region)
    return read[0] if read else None


# A run of digits that may be a phone number, however it is written ("07700 900123").
_DIGITS = re.compile(r"\+?\d[\d\s().-]{5,}\d")


def loose_contacts(text: str, region: str = "KR") -> list[tuple[Contact, int, int]]:
    """Every contact in an answer to a question about who the customer is (their name or
    contact), where any number is theirs: the e-mail addresses and numbers `contacts_found`
    reads, and any other run of digits that is a number said alone ("i literally just gave
    it. 07700 900123"), in the order they stand."""
    text = with_digits(clean(text, 2000))
    found = [(c, start, end) for c, start, end, _ in contacts_found(text, region)]
    for run in _DIGITS.finditer(text):
        start, end = run.span()
        if any(s < end and start < e for _, s, e in found) or _labelled_other(text[:start]):
            continue
        contact = parse_contact(run.group(0), region)
        if contact is not None:
            found.append((contact, start, end))
    return sorted(found, key=lambda f: f[1])


def _labelled_other(before: str) -> bool:
    """Whether the words just before a number say it is something else ("ACCOUNT 4471-209",
    "order no. 5521", "회원번호 8812"): names.yml `contact: not_labels`, in the last two words."""
    from handlers.vocabulary import load  # the vocabulary reads no fields

    labels = (load("names").get("contact") or {}).get("not_labels") or ()
    said = [t.word for t in tokens(before)][-2:]
    return any(word in labels for word in said)


_EMAIL_IN_TEXT = re.compile(
    r"(?<![\w.+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?"
    r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+"
)


def contacts_in(text: str, region: str = "KR") -> frozenset[str]:
    """Every e-mail address and phone number in a text, normalised (lower-cased, E.164)."""
    text = clean(text, 4000)
    found = {m.group(0).rstrip(".").lower() for m in _EMAIL_IN_TEXT.finditer(text)}
    found |= {contact.normalized for contact, _, _, _ in numbers_in(text, region)}
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


def preferred_contact(
    text: str, region: str = "KR", not_ours: str | Collection[str] = frozenset()
) -> Contact | None:
    """Of several contacts, the one the customer says to use ("…@bellsouth.net, but the house
    phone is better, 985-447-2318", "Landline's … so the mobile, 07794 310 228"), not the one
    for when they do not answer ("or the email is … if I don't answer"); else `find_contact`'s.
    A preference between two contacts is the next one's, unless it starts right after the
    one before ("010-… 로 주세요"); a fallback is the next one's, if one follows ("010-… 안
    받으면 jane@…"), else the last one's ("… or the email is … if I don't answer")."""
    from handlers.vocabulary import pattern

    text = clean(text, 2000)
    found = sorted(contacts_found(text, region, not_ours), key=lambda c: c[1])
    if len({c.normalized for c, _, _, _ in found}) < 2:
        return find_contact(text, region, not_ours=not_ours)
    scores = [0] * len(found)
    for i in range(len(found) + 1):
        start = found[i - 1][2] if i else 0
        end = found[i][1] if i < len(found) else len(text)
        between = text[start:end]
        for entry, weight in (("preferred", 1), ("fallback", -1)):
            for m in pattern("names", f"contact_{entry}").finditer(between):
                leads = weight > 0 and not between[: m.start()].strip(" ,:") and i > 0
                whose = i - 1 if leads or i == len(found) else i
                scores[whose] += weight
    best = max(range(len(found)), key=lambda k: (scores[k], -k))
    if scores[best] > 0 or min(scores) < 0:
        return found[best][0]
    return find_contact(text, region, not_ours=not_ours)


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
    for contact, start, end, mobile in numbers_in(text, region):
        if contact.normalized not in ours:
            yield contact, start, end, mobile


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
    # "…, or failing that a full refund": the remedy fallen back on is wished too
    led = vocabulary_pattern("remedies", "fallback").match(sentence.lstrip())
    led = led or vocabulary_pattern("remedies", "alternatives").match(sentence.lstrip())
    if led and remedies_asked(sentence.lstrip()[led.end() :]):
        return True
    if asks_for_something(sentence):
        told = tells_a_story(sentence) or tells_news(sentence)  # "just sits there blinking"
        return not told or bool(remedies_asked(sentence, wish=True))
    asked = remedies_asked(sentence)
    if not asked:
        return False
    if judged_wanted(sentence):  # "reckon me money back'd be fair dinkum"
        return True
    # an imperative ("replace the unit", not "refunded twice…") or the remedy alone ("refund!!")
    said = tokens(sentence)[0].word
    return (asked[0].first == 0 and not said.endswith("ed")) or not phrases(
        sentence, remedies_said(sentence)
    )
