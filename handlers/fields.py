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


_NOT_A_NAME = re.compile(
    r"[?!@:/]|\d|\b(i|i'm|my|me|you|your|why|what|who|how|when|where|no|not|don'?t|do not|"
    r"won'?t|dunno|idk|later|wait|yet|want|need|name|ago|yesterday|today|refund|replace\w*|"
    r"repair|please|thanks?|sorry|help|complaint|status)\b|"
    r"싫|왜|뭐|무슨|모르|나중|안 ?할|안 ?줄|알려 ?주|이름|성함|어제|오늘|전에|환불|교환|수리|"
    r"지난\s?주|저번\s?주|요일|그저께|그제|"
    r"상담원|연결|접수|취소|요\s*$|니다\s*$|세요",
    re.IGNORECASE,
)


_NAME_LEAD = re.compile(
    r"^\s*(?:(?:ok|okay|fine|ugh|um|uh|yeah|sorry)[\s,.!]+)*"
    r"(?:(?:(?:put|use|write)\s+(?:my\s+)?(?:full\s+)?name(?:\s+as)?(?:\s+(?:pls|please|plz))?|"
    r"(?:my\s+)?(?:full\s+)?name\s*(?:is|'s)|i am|i'm|im|it'?s|this is|call me)\s+|"
    r"(?:my\s+)?(?:full\s+)?name\s*:\s*)?",
    re.I,
)
_NAME_END = re.compile(r"[\s,.!]+(?:pls|please|plz|thanks|thx|ty)[\s.!]*$", re.I)
_NAME_LEAD_KO = re.compile(r"^\s*(제\s*이름은|이름은|성함은|저는|전)\s*")
_NAME_TAIL_KO = re.compile(
    r"\s*(이라고\s*합니다|라고\s*합니다|입니다|이에요|예요|이요|요)\s*[.!~]*\s*$"
)


# A polite ending on a one-phrase answer ("갤럭시 무선충전기요", "세탁기입니다"): said, not meant.
_ANSWER_TAIL_KO = re.compile(
    r"(?<=[\uac00-\ud7a3A-Za-z0-9])\s*(입니다|이에요|예요|이요|요)\s*[.!~]*\s*$"
)


def without_ending(text: str) -> str:
    """A short Korean answer without its polite ending: "갤럭시 무선충전기요" → "갤럭시 무선충전기"."""
    return _ANSWER_TAIL_KO.sub("", text).strip() or text


# A name said in a longer message: "…name's dave miller, dave.m@gmail.com", "…이름은 정하늘이고
# 연락처는 …". Only explicit wording: "i'm" is as often "i'm furious" as a name.
_NAME_IN_TEXT = (
    re.compile(
        # the customer's own name: "my name is …", or a clause that starts "name's …"
        # ("his name is Kevin", "the product name is …" are somebody's or something else's)
        r"(?:\bmy\s+name\s+is|\bmy\s+name'?s|(?:^|[,;.!?]\s*)(?:name'?s|name\s+is|name:))\s+"
        r"(?P<v>[^\W\d_][^\W\d_'’. -]*(?:[ '’.-]+[^\W\d_][^\W\d_'’.-]*){0,3}?)"
        r"(?=\s*(?:[,;:!?\n]|\.(?:\s|$)|\s+(?:and|my|email|e-mail|phone|number|contact|call|"
        r"you|i|it|from|here)\b|\s+\S*[@\d]|$))",
        re.IGNORECASE,
    ),
    re.compile(
        r"(?:^|(?<=[\s,.!?]))(?:제\s*|저의\s*|내\s*)?(?<!제품\s)(?<!상품\s)(?<!모델\s)(?<!회사\s)"
        r"(?<!기사님\s)(?<!직원\s)(?<!담당자\s)(?:이름은|성함은|이름:)\s*(?P<v>[\uac00-\ud7a3]{2,5}?|[A-Za-z]+(?: [A-Za-z]+){0,2})"
        r"(?=이고|이며|고|입니다|이에요|예요|이요|요|[\s,.]|$)"
    ),
)


_NOT_NAME_START = re.compile(
    r"(on|in|at|the|a|an|not|under|written|printed|wrong|different|missing|same|also|still)\b",
    re.IGNORECASE,
)


# "Im Tom Baker, +44 7700 900123": after "I'm" only a capitalised name is one ("I'm furious"
# is not).
_IM_NAME = re.compile(
    r"(?:^|[\s,.!])(?i:i'?m|i\s+am|this\s+is)\s+(?P<v>[A-Z][a-z'’-]+(?:\s+[A-Z][a-z'’-]+){1,2})"
    r"(?=\s*(?:[,;:!?\n]|\.(?:\s|$)|\s+\S*[@\d+]|$))"
)


# A bare name just before a contact: "… 바꿔주세요 이지은 010 9876 5432", "Mark Ellis 010 …"
_NAME_BEFORE_CONTACT = re.compile(
    r"(?:^|[\s,.!?])(?P<v>[\uac00-\ud7a3]{2,4}|[A-Z][a-z'’-]+(?:\s+[A-Z][a-z'’-]+){1,2})"
    r"(?:이요|요|입니다)?\s*[,/]?\s*(?=\+?\d[\d\s-]{7,}\d|[\w.+-]+@[\w-]+\.)"
)


def name_before_contact(text: str) -> str | None:
    """A name given bare right before a phone number or e-mail address, if it looks like one."""
    for found in _NAME_BEFORE_CONTACT.finditer(clean(text, 2000)):
        if looks_like_a_name(found.group("v")):
            return found.group("v")
    return None


def name_in(text: str, *, labelled: bool = False) -> str | None:
    """A name the customer gave in a message about something else, if said explicitly
    (with `labelled`, only after "my name is", "이름은" and the like, not "I'm …")."""
    for pattern in _NAME_IN_TEXT if labelled else (*_NAME_IN_TEXT, _IM_NAME):
        found = pattern.search(clean(text, 2000))
        if (
            found
            and not _NOT_NAME_START.match(found.group("v"))
            and not _NOT_A_NAME_WORD.search(found.group("v"))
        ):
            name = valid_name(found.group("v").strip(" .,"))
            if name:
                return name
    return None


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


_TITLE_NAME = re.compile(r"^[A-Z][a-z'’-]+(?:\s+[A-Z][a-z'’-]+){1,2}$")
_KOREAN_NAME = re.compile(
    r"^[김이박최정강조윤장임한오서신권황안송류전홍고문양손배백허유남심노하곽성차주우구민진지엄채원천방"
    r"공현함변염여추도소석선설마길연위표명기반라왕금옥육인맹제모탁국어은편용][\uac00-\ud7a3]{2}$"
)


def looks_like_a_name(text: str, *, korean: bool = True) -> bool:
    """Whether an answer is plainly a person's name ("Mike Chen", "김민수": a surname and two
    syllables), given where something else was asked. Without `korean`, only a Latin name:
    where the product was asked, three syllables that start like a surname are as often a
    product ("노트북", "이어폰")."""
    text = clean(text, 100).strip(" .!")
    if _NOT_A_NAME_WORD.search(text):
        return False
    shaped = _TITLE_NAME.match(text) or (korean and _KOREAN_NAME.match(text))
    return bool(shaped) and valid_name(text) is not None


# Words of remedies and products that a Title Case answer may hold ("Store Credit").
_NOT_A_NAME_WORD = re.compile(
    r"\b(credit|voucher|discount|compensation|money|cash|new|exchange|return|refund|gift|card|"
    r"coupon|points|store|shop|service|delivery|order|phone|tv|machine|charger|kettle|free|"
    r"upgrade|full|partial|very|really|so|angry|upset|furious|sorry|disappointed|happy|fine|"
    r"done|tired|sick|frustrated|annoyed|not|just|still|here|calling|writing|waiting|galaxy|"
    r"buds|samsung|lg|apple|sony|dyson|xiaomi|watch|fridge|freezer|laptop|tablet|earbuds|"
    r"headphones|airpods|iphone|ipad|pixel|macbook|oven|microwave|dishwasher|washer|dryer|"
    r"vacuum|router|monitor|speaker|camera|printer|airwrap|plan|subscription|account)\b"
    # products whose Korean names start like a surname ("노트북", "이어폰", "정수기")
    r"|노트북|이어폰|정수기|선풍기|제습기|마우스|모니터|라디오|오디오|인덕션|도어락|유모차|구독료"
    # remedies and sums in Korean ("배상금", "위자료", "반품만", "현금만")
    r"|금$|료$|만$|비$|액$|권$|반품|현금|배상|보상|환급|할인|쿠폰|포인트",
    re.IGNORECASE,
)


def without_irritation(text: str) -> str:
    """The answer without "I literally just told you", "like I said", "아까 말했잖아요"
    (a short answer's: on a long text the pattern's backtracking grows with its square)."""
    if len(text) > MAX_SHORT:
        return text
    return _ALREADY_SAID.sub(" ", text).strip() or text


def name_from(text: str) -> str:
    """The name in an answer such as "my name is Jane Smith" or "제 이름은 박지훈입니다"."""
    text = without_irritation(clean(text, 100))
    text = _NAME_END.sub("", _NAME_LEAD.sub("", text, count=1))
    text = _NAME_LEAD_KO.sub("", text)
    return _NAME_TAIL_KO.sub("", text).strip(" .!~")


# How a contact is introduced, left behind once the contact is taken out of an answer
_CONTACT_LEAD = re.compile(
    r"[\s,;:.-]*(?:(?:and\s+)?(?:call|text|reach)\s+me(?:\s+(?:on|at))?|(?:and\s+)?my\s+"
    r"(?:number|phone|mobile|cell|email|e-mail)(?:\s+(?:number|address))?(?:\s+is)?|"
    r"(?:연락처|번호|전화번호|핸드폰|휴대폰|이메일)(?:는|은)?)[\s,;:.-]*$",
    re.IGNORECASE,
)
_FED_UP = re.compile(
    r"^\s*(?:ugh|uh|um|ok|okay|fine|whatever|sigh)(?:[\s,.!]+(?:fine|ok|okay))*[\s,.!]+", re.I
)


def without_contacts(text: str, region: str = "KR") -> str:
    """An answer with its e-mail addresses and phone numbers (and the words that introduce
    them) taken out: "mike o'brien, call me on 07700 900123" → "mike o'brien"."""
    text = _EMAIL_IN_TEXT.sub(" ", text)
    for match in phonenumbers.PhoneNumberMatcher(
        text, region, leniency=phonenumbers.Leniency.POSSIBLE
    ):
        text = text.replace(match.raw_string, " ")
    text = re.sub(r"\+?\d[\d\s().-]{6,}\d", " ", text)  # a number the matcher would not take
    text = _CONTACT_LEAD.sub("", text.strip())
    return _FED_UP.sub("", text).strip(" ,;:.-")


_MIXED_SCRIPTS = re.compile(r"[A-Za-z].*[\uac00-\ud7a3]|[\uac00-\ud7a3].*[A-Za-z]")


def valid_name(text: str) -> str | None:
    """A name: a few words of letters, not an e-mail, a number, a date or a sentence.

    "3 days ago", "dunno" and "wait what? I don't want to give my name yet" are not names.
    """
    text = clean(text, 100)
    words = text.split()
    if not 1 <= len(words) <= 5 or letter_count(text) < 2 or _NOT_A_NAME.search(text):
        return None
    if _MIXED_SCRIPTS.search(text):  # "LG 휘센", "삼성 Galaxy": a brand and a product
        return None
    if re.fullmatch(r"[\u3131-\u318e\s]+", text):  # "ㅇㅇ", "ㅋㅋ": no name
        return None
    return text


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
                checked = valid_name(name_from(value))
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
