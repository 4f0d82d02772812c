"""Reading and checking what a customer typed into each complaint field."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection
from dataclasses import dataclass
from datetime import date

import phonenumbers

from handlers.dates import find_incident_date, parse_incident_date, read_date

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


# What an irritated customer says around an answer they think they gave already.
_ALREADY_SAID = re.compile(
    r"^\s*(?:(?:i\s+)?(?:literally\s+)?(?:just\s+|already\s+)?(?:told|said|gave)\s+(?:u|you|it)"
    r"(?:\s+(?:already|that|this|before))*|like\s+i\s+said|as\s+i\s+said|i\s+already\s+said(?:\s+it)?)"
    r"[\s.,!:;-]*|[\s,.-]*(?:like|as)\s+i\s+(?:said|told\s+(?:u|you))(?:\s+(?:already|before))?[\s.!]*$"
    r"|[\s,.-]*(?:(?:it|my\s+\w+|\w+)\s+(?:is|was|'s)\s+)?in\s+my\s+(?:first|last|previous)\s+(?:message|msg)[\s.!]*$"
    r"|[\s,.-]*i\s+(?:literally\s+)?(?:already|just)\s+(?:said|told\s+(?:u|you))(?:\s+(?:that|this|it))?[\s.!]*$"
    r"|^\s*(?:아까|이미|벌써|위에)?\s*(?:말했잖아요|말했잖아|말씀드렸잖아요|말씀드렸는데요?|말했는데요?|"
    r"적었잖아요|썼잖아요)[\s.,!~]*",
    re.IGNORECASE,
)


def without_irritation(text: str) -> str:
    """The answer without "I literally just told you", "like I said", "아까 말했잖아요"
    (a short answer's: on a long text the pattern's backtracking grows with its square)."""
    if len(text) > MAX_SHORT:
        return text
    return _ALREADY_SAID.sub(" ", text).strip() or text


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
    try:
        number = phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_possible_number(number):
        return None
    return _phone(number, region)


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
    ours = contacts_in(not_ours, region) if isinstance(not_ours, str) else not_ours
    text = clean(text, 2000)
    for found in _EMAIL_IN_TEXT.finditer(text):
        email = found.group(0).rstrip(".")
        if email.lower() not in ours:
            return Contact("email", email, email.lower())
    for match in phonenumbers.PhoneNumberMatcher(text, region):
        number = match.number
        if not phonenumbers.is_valid_number(number):
            continue
        contact = _phone(number, region)
        if contact.normalized in ours:
            continue
        if personal and phonenumbers.number_type(number) not in _PERSONAL_NUMBERS:
            continue
        return contact
    return None


_REMEDIES: tuple[tuple[str, str, re.Pattern[str]], ...] = (
    # common typos too ("refnd", "replacment", "repiar"): customers type in a hurry
    (
        "Refund",
        "환불",
        re.compile(
            r"\b(refund\w*|refnd|refud|rfund|money back|reimburse\w*)\b|환불|돈\s*돌려", re.I
        ),
    ),
    (
        "Replacement",
        "교환",
        re.compile(r"\b(replac\w*|repalce\w*|exchange|new one)\b|교환|새\s*(제품|걸로|것)", re.I),
    ),
    ("Repair", "수리", re.compile(r"\b(repair\w*|repiar\w*|fix(ed)?)\b|수리|고쳐", re.I)),
    # "say sorry" asks for one; a customer's own "sorry typo" does not
    (
        "An apology",
        "사과",
        re.compile(
            r"\b(apolog\w*|(?:say|saying|said|an?|some|proper|formal|real)\s+sorry)\b|사과", re.I
        ),
    ),
)


# A remedy said only to be turned down: "refund not replacement", "instead of a repair",
# "교환 말고 환불", "수리 아니고 환불".
_NEGATED_REMEDY = re.compile(
    r"\b(?:not|no|don'?t\s+(?:want|need)|no\s+need\s+for|instead\s+of|rather\s+than|"
    r"already\s+(?:got|gave\s+me|received|had|have|given\s+me))\s+(?:an?\s+|the\s+|my\s+)?"
    r"(?:refund|replacement|replace|exchange|repair|apology|new\s+one)\b"
    r"|(?:환불|교환|수리|사과)\s*(?:말고|아니고|아니라|대신|은\s*싫|는\s*싫)",
    re.IGNORECASE,
)


_WISH_LEAD = re.compile(
    r"^\s*(?:(?:i\s+(?:really\s+)?(?:want|need|would\s+like|'d\s+like|expect)|please\s+give\s+me|"
    r"can\s+i\s+(?:get|have)|just)\s+(?:to\s+(?:get|have)\s+)?)?(?:a\s+|an\s+|the\s+|my\s+)?",
    re.IGNORECASE,
)


def as_wish(text: str) -> str:
    """A remedy in the customer's own words without "I want a": "i want a store credit" →
    "store credit"."""
    return _WISH_LEAD.sub("", text, count=1).strip(" .!") or text


# A change of mind: "교환이요 아니다 그냥 수리해주세요", "refund, no wait, make it a replacement"
_CHANGE_OF_MIND = re.compile(
    r"아니다|아니\s+그냥|아니요\s+그냥|\bno\s+wait\b|\bactually\b|\bon\s+second\s+thought\b|"
    r"\bmake\s+(?:it|that)\b",
    re.IGNORECASE,
)
# Asking for something, not telling what happened: "중복결제된거 취소해주세요", "pls send
# someone to check it"
_ASKS_FOR = re.compile(
    r"(?:해|줘|주)\s?(?:주세요|주십시오|줘요|줘)\s*[.!~ㅠㅜ]*$|바랍니다|원합니다|원해요|"
    r"부탁(?:드려요|드립니다|해요|합니다)|^\s*(?:pls|please|plz|i\s+want|i'?d\s+like|i\s+need|"
    r"send|give\s+me|just)\b",
    re.IGNORECASE,
)


def asks_for_something(text: str) -> bool:
    """Whether an answer asks for something ("…해주세요", "pls send someone …")."""
    return bool(_ASKS_FOR.search(clean(text)))


def names_a_remedy(text: str) -> bool:
    """Whether a text names any remedy (one or several), not only to turn it down."""
    text = _NEGATED_REMEDY.sub(" ", text)
    return any(pattern.search(text) for _, _, pattern in _REMEDIES)


def remedy_of(text: str, language: str) -> str | None:
    """The remedy a text asks for, in the customer's language ("Refund" / "환불"), if one;
    after a change of mind, the one it ends on."""
    text = _NEGATED_REMEDY.sub(" ", text)
    found = [(en, ko) for en, ko, pattern in _REMEDIES if pattern.search(text)]
    if len(found) > 1 and len(parts := _CHANGE_OF_MIND.split(text)) > 1:
        return remedy_of(parts[-1], language)
    if len(found) != 1:
        return None  # none, or several at once: the customer's own words say it better
    en, ko = found[0]
    return ko if language == "ko" else en


_GENERIC = re.compile(
    r"\b(i|i'd|i'm|id|would|like|want|wanna|need|to|a|an|the|make|file|lodge|register|"
    r"submit|raise|complain|complaint|complaints|please|hi|hello|hey|about|something|"
    r"have|got|new|my|can|you|help|me|with|report|issue|problem|regarding|concerning|"
    r"bought|purchased|ordered|from|your|store|shop|online|recently|last|year|month|week|"
    r"it|this|that|one|of|for|on|at|in|is|was|which|we)\b",
    re.IGNORECASE,
)
_GENERIC_KO = re.compile(
    r"신청|불편|항의|하는데요|하는데|하려고요|좋아요|좋아|네|예|그래요|"
    r"넣을려구|넣으려고|할려구|하려구|할려고|연락\s?드립니다|연락\s?드려요|연락\s?드렸|문의\s?드려|"
    r"사항|내용|환불|교환|수리|사과|보상|돈\s?돌려|받고|원해|원합니다|"
    r"불만|민원|접수|신고|하고\s?싶|싶어요|싶습니다|합니다|할게요|하려고|좀|요|안녕하세요|"
    r"제기|넣고|넣을|하고|해주세요|해 주세요|부탁|드립니다|있어요|있습니다|하나|건|을|를|이|가|"
    r"때문에|관련해서|관련|관해서|대해서|대해|에서|산|구매한|구입한|주문한|샀던|산\s|제품|저번에|얼마\s?전에|"
    r"문의|있어서|있는데|말씀\s?드리|얘기|이야기|드릴게|드리려고"
)


def looks_like_description(text: str, product: str | None = None) -> bool:
    """Whether an opening message already says what went wrong, not just "I want to
    complain about my washing machine" (which names a product but not what happened)."""
    text = clean(text)
    if product:
        text = re.sub(re.escape(product), " ", text, flags=re.IGNORECASE)
    if _HANGUL.search(text):
        rest = _GENERIC_KO.sub("", text)
        # two syllables say what happened ("안 돼요", "고장났어요" once the generic words
        # of a request to complain are gone)
        return syllable_count(rest) >= 2
    rest = _GENERIC.sub("", text)
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
    r"(?=(?:이고|고)\s|\s*(?:그리고|,|\.)|\s+(?:환불|교환|수리|사과)|(?:이에요|예요|입니다|이요|요)?\s*$)"
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
