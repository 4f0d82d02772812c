"""Where a phone number said without its country code is from, and how staff dial it.

A number is read in the desk's own region (config.yml `phone_region`) when it is a valid
number there written as numbers there are ("010 2345 6789", "01023456789"). Otherwise the
customer's own words decide when they name a country ("it's a British landline", "NZ mobile",
"영국 번호"); else the one region of `contact: regions` (nlu/vocabulary/names.yml) where it is
a mobile number written in that region's own groups ("0412 555 019" is Australian); else it
is kept as typed, because a number given a country it is not from is one staff misdial
("021 847 3302" is valid in Korea, Australia, New Zealand and Ireland: no guess is made).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

import phonenumbers

from handlers.lexicon import Lexicon
from handlers.vocabulary import load


@dataclass(frozen=True)
class Contact:
    """An e-mail address or a phone number, as given and normalised for comparison."""

    kind: str  # "email" or "phone"
    display: str
    normalized: str


@cache
def _contact_words() -> dict:
    return load("names")["contact"]


@cache
def other_regions() -> tuple[str, ...]:
    """Where else a customer's number may be from: `contact: regions`, in order."""
    return tuple(str(r) for r in _contact_words().get("regions") or ())


@cache
def _countries() -> Lexicon:
    said = _contact_words().get("countries") or {}
    return Lexicon([(word, str(region)) for region, words in said.items() for word in words])


def named_region(text: str) -> str | None:
    """The one country the customer's words name ("a British landline", "뉴질랜드 번호"),
    if they name exactly one."""
    named = {hit.label for hit in _countries().hits(text)} if text else set()
    return named.pop() if len(named) == 1 else None


@cache
def _spoken_digits() -> dict[str, str]:
    return {str(k): str(v) for k, v in (_contact_words().get("spoken_digits") or {}).items()}


def with_digits(text: str) -> str:
    """The text with a phone number said in Sino-Korean number words written in digits
    ("공일공 일이삼사 오육칠팔이요" → "010 1234 5678이요"); character for character, so places
    hold. Only a run of such words with seven digits or more is read ("이 사" stays words);
    its last word may carry an ending or a particle ("…이이이이로")."""
    spoken = _spoken_digits()
    words = _contact_words()
    joins = set(words.get("spoken_joins") or ())
    endings = set(words.get("spoken_endings") or ())
    # marks between its groups part them as a space does ("공일공…육육공일…구팔칠삼",
    # "공일공에 구팔칠육, 오사삼이"), place for place
    digit = "[" + "".join(spoken) + "]"
    text = re.sub(rf"(?<={digit})[,…·.~\-]+(?=\s*{digit})", lambda m: " " * len(m.group(0)), text)
    dashes = "|".join(
        map(re.escape, sorted(words.get("spoken_dashes") or (), key=len, reverse=True))
    )
    if dashes:  # "공일공 다시 삼사오육": the word said for a dash parts the groups as a space does
        text = re.sub(
            rf"(?<={digit})\s*(?:{dashes})\s+(?={digit})", lambda m: " " * len(m.group(0)), text
        )
    pieces = text.split(" ")
    out = list(pieces)
    lead = [_digits_lead(p, spoken) for p in pieces]
    copula = [False] * len(pieces)
    numbered = [0] * len(pieces)  # an ending of number syllables a word ends with
    for k, piece in enumerate(pieces):
        n = lead[k]
        # (a mark after it too: "…이칠삼육이유.")
        if n > 1 and piece[n - 1] == "이" and f"이{piece[n:].rstrip('.,!?~')}" in endings:
            lead[k], copula[k] = n - 1, True  # "구팔칠육이유": the copula's 이
        elif n > 2 and piece[:n].endswith(numeric := _syllable_endings(endings)):
            # an ending made of number syllables ("칠팔구공이오": 함경's copula), taken off
            # below when the number is whole without it
            numbered[k] = len(next(e for e in numeric if piece[:n].endswith(e)))
    # a group joined on by a particle ("공일공에 이이팔삼", "010에 2283"): the particle is
    # blanked (place for place) and the run goes on
    for k, piece in enumerate(pieces[:-1]):
        if lead[k] and piece[lead[k] :] in joins and lead[k + 1]:
            pieces[k] = out[k] = piece[: lead[k]] + " " * (len(piece) - lead[k])
            lead[k] = len(pieces[k])
    i = 0
    while i < len(pieces):
        j = i
        # (a group after a mark stands after two spaces: the empty piece between goes on)
        while j < len(pieces) and (
            (lead[j] and lead[j] == len(pieces[j])) or (not pieces[j] and j > i)
        ):
            j += 1
        if j < len(pieces) and lead[j]:
            j += 1  # the last word, with its ending
        said = "".join(pieces[k][: lead[k]] for k in range(i, j))
        if j - 1 > i and pieces[j - 1].rstrip(".,!?~") in endings and len(said) > 11:
            j -= 1  # "010-3456-7890 이오": the copula said after the number, no 25
            said = "".join(pieces[k][: lead[k]] for k in range(i, j))
        digits = sum(ch in spoken or ch.isdigit() for ch in said)
        if j > i and numbered[j - 1] and digits - numbered[j - 1] == 11:
            lead[j - 1] -= numbered[j - 1]  # "…칠팔구공이오" is 7890 and its copula
            said = "".join(pieces[k][: lead[k]] for k in range(i, j))
        if j > i and copula[j - 1] and len(said) == 10:
            # "공일공 일이삼사 오육칠이요": without its 이 the number would lack a digit
            lead[j - 1] += 1
            said = "".join(pieces[k][: lead[k]] for k in range(i, j))
        if sum(ch in spoken or ch.isdigit() for ch in said) >= 7 and any(
            ch in spoken for ch in said
        ):
            for k in range(i, j):
                out[k] = "".join(spoken.get(ch, ch) for ch in pieces[k][: lead[k]])
                out[k] += pieces[k][lead[k] :]
        i = max(j, i + 1)
    return " ".join(out)


def _syllable_endings(endings: set[str]) -> tuple[str, ...]:
    """The endings that are number syllables themselves ("이오": 2 and 5 as digits)."""
    spoken = _spoken_digits()
    return tuple(
        sorted((e for e in endings if all(ch in spoken for ch in e)), key=len, reverse=True)
    )


def _digits_lead(word: str, spoken: dict[str, str]) -> int:
    """How many characters a word starts with that are digits or number words; none for a
    word of one number syllable ("이에요", "오 분"), which is as often a word as a digit."""
    n = 0
    while n < len(word) and (word[n] in spoken or word[n].isdigit() or word[n] == "-"):
        n += 1
    return n if sum(ch in spoken for ch in word[:n]) != 1 else 0


def _groups(text: str) -> tuple[int, ...]:
    """The lengths of the runs of digits a number is written in ("0412 555 019": 4, 3, 3)."""
    runs: list[int] = []
    run = 0
    for ch in text:
        if ch.isdigit():
            run += 1
        elif run:
            runs.append(run)
            run = 0
    return tuple([*runs, run] if run else runs)


def _national(number: phonenumbers.PhoneNumber) -> str:
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)


def _written_there(text: str, typed: tuple[int, ...], number: phonenumbers.PhoneNumber) -> bool:
    """Whether a number is written as its region writes it: its national prefix typed ("(503)
    555-0199" is no Korean 050 number), in one run or with the region's first group
    ("01632 960 187" is not written as 016-3296-0187 is)."""
    national = _national(number)
    first = next((ch for ch in national if ch.isdigit()), "")
    if next((ch for ch in text if ch.isdigit()), "") != first:
        return False
    return len(typed) < 2 or typed[0] == _groups(national)[0]


def _parsed(text: str, region: str) -> phonenumbers.PhoneNumber | None:
    try:
        return phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException:
        return None


def as_typed(text: str) -> Contact:
    shown = " ".join(text.split())
    return Contact("phone", shown, "".join(ch for ch in shown if ch.isdigit()))


def placed(
    text: str, region: str, said: str = ""
) -> tuple[Contact, phonenumbers.PhoneNumber | None] | None:
    """A number as the module's rule reads it (see above), with the number read when a
    region was found for it; None when no region has such a number. `said`: the customer's
    words around it, which may name its country."""
    home = _parsed(text, region)
    if home is None or not phonenumbers.is_possible_number(home):
        return None
    if text.lstrip().startswith("+"):
        return phone(home, region), home
    typed = _groups(text)
    if phonenumbers.is_valid_number(home) and _written_there(text, typed, home):
        return phone(home, region), home
    country = named_region(said or text)
    there = _parsed(text, country) if country else None
    if there is not None and phonenumbers.is_possible_number(there):
        return phone(there, region), there
    valid = [
        n
        for r in dict.fromkeys((region, *other_regions()))
        if (n := _parsed(text, r)) is not None and phonenumbers.is_valid_number(n)
    ]
    # a mobile there, written in its groups as that region writes them: a grouping that
    # only happens to match a landline or a service number proves nothing (a Nigerian "0803
    # 123 4567"), nor does a number typed in one piece (an Indian "9820011223" is valid in GB)
    cuts = _cuts(typed)
    fits = [n for n in valid if cuts and cuts == _cuts(_groups(_national(n))) and personal(n)]
    if len({phonenumbers.region_code_for_number(n) for n in fits}) == 1:
        return phone(fits[0], region), fits[0]
    return as_typed(text), None


def _cuts(groups: tuple[int, ...]) -> set[int]:
    """Where a number written in these groups is cut, counted in digits: how it is written
    says where it is from ("021 847 3302" is cut as New Zealand writes it, not Australia)."""
    return {sum(groups[: i + 1]) for i in range(len(groups) - 1)}


def phone(number: phonenumbers.PhoneNumber, region: str) -> Contact:
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


_PERSONAL_NUMBERS = (
    phonenumbers.PhoneNumberType.MOBILE,
    phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE,
)


def personal(number: phonenumbers.PhoneNumber) -> bool:
    """Whether a number is a mobile one (a person's, not a shop's or a hotline)."""
    return phonenumbers.number_type(number) in _PERSONAL_NUMBERS


def numbers_in(text: str, region: str) -> list[tuple[Contact, int, int, bool]]:
    """Each phone number in a text, placed by the rule above, with where it stands and
    whether it is surely the customer's own: a mobile at home, or abroad when written with
    its trunk prefix or its country named ("07911 123456", "(415) 555-2671" is less sure).
    A number no region knows is kept as typed when it has a trunk prefix and ten digits
    ("07700 900412"), not surely theirs."""
    text = with_digits(text)
    found: list[tuple[Contact, int, int, bool]] = []
    for match in phonenumbers.PhoneNumberMatcher(
        text, region, leniency=phonenumbers.Leniency.POSSIBLE
    ):
        raw = match.raw_string
        read = placed(raw, region, text)
        if read is None:
            continue
        contact, number = read
        digits = sum(ch.isdigit() for ch in raw)
        if number is None:
            if raw.startswith("0") and digits >= 10:
                found.append((contact, match.start, match.end, False))
            continue
        if phonenumbers.region_code_for_number(number) == region:
            if not phonenumbers.is_valid_number(number):
                continue
            found.append((contact, match.start, match.end, personal(number)))
            continue
        sure = raw.startswith(("0", "+")) or named_region(text) is not None
        found.append((contact, match.start, match.end, sure and personal(number)))
    return found
