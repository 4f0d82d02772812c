"""Reading when something happened from the customer's words, in English and Korean.

The words are data (`nlu/vocabulary/dates.yml`); this module holds the date arithmetic and
the few written formats ("2026-11-20", "11월 20일", "Nov 20th", "11/18"). Every day a text
names is found with the words around it: a day said as when it was bought, or about the
future ("can they call wednesday"), is not when it went wrong.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import yaml

from handlers.formatting import format_day

VOCABULARY = Path(__file__).resolve().parent.parent / "nlu" / "vocabulary" / "dates.yml"
_LONGEST = 200  # an answer to "when?" longer than this is a story, read with find_incident_date


@dataclass(frozen=True)
class IncidentDate:
    """When it happened: the customer's words, and the date when they name one."""

    text: str
    on: date | None
    # the words that name the date ("3 days ago" in "hmm like 3 days ago i think")
    words: str = ""
    # a date written out ("11/18", "11월 18일"), shown only as understood
    written: bool = False


@dataclass(frozen=True)
class _Mention:
    on: date | None
    start: int
    end: int
    words: str
    # a day that may be still to come ("wednesday", "20일"), unlike "yesterday" or "지난주 금요일"
    open: bool
    written: bool


def _phrase(words: str) -> str:
    """A phrase of the vocabulary as a pattern: any spacing, an optional apostrophe, and
    English words whole ("ago" is not "agony"; Korean words take endings)."""
    pattern = r"\s*".join(re.escape(part).replace("'", "'?") for part in words.split())
    if words[:1].isascii() and words[:1].isalpha():
        pattern = r"(?<![A-Za-z])" + pattern
    if words[-1:].isascii() and words[-1:].isalpha():
        pattern += r"(?![A-Za-z])"
    return pattern


def _either(words: Iterable[str]) -> str:
    """One pattern for several phrases, the longest first ("a couple of" before "a")."""
    return "(?:" + "|".join(_phrase(w) for w in sorted(words, key=len, reverse=True)) + ")"


def _table(entries: dict[Any, list[str]]) -> dict[str, int]:
    """A phrase → number table from a YAML mapping of number → phrases."""
    return {_key(w): int(n) for n, words in entries.items() for w in words}


def _key(words: str) -> str:
    """A phrase as looked up once matched: lower case, without spaces or apostrophes."""
    return re.sub(r"[\s']", "", words.lower())


def _compile(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)


class _Vocabulary:
    """The date words of `dates.yml`, compiled once."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.days_back = _table(data["days_back"])
        self.months_back = _table(data["months_back"])
        self.weeks_back = _table(data["weeks_back"])
        self.weekdays = {_key(w): i for i, ws in enumerate(data["weekdays"]) for w in ws}
        self.short = {_key(w): i for i, ws in enumerate(data["short_weekdays"]) for w in ws}
        self.last = {_key(w) for w in data["last_weekday"]}
        self.months = {_key(w): i + 1 for i, ws in enumerate(data["months"]) for w in ws}
        self.counts = _table(data["counts"])
        self.units = _table(data["units"])
        self.day_amounts = _table(data["day_amounts"])
        korean_days = [w for w in self.weekdays if not w.isascii()]
        english_days = [w for w in self.weekdays if w.isascii()]
        month_names = _either(self.months)
        year = r"(?:,?\s+(?P<year>\d{4}))?"
        ordinal = r"(?:st|nd|rd|th)"
        self.days_back_words = _compile(_either(_words(data["days_back"])))
        self.month_ago = _compile(
            rf"(?P<ref>{_either(_words(data['months_back']))})\s*(?P<day>\d{{1,2}})\s*일"
            rf"|(?<!\w)(?:the\s+)?(?P<day2>\d{{1,2}}){ordinal}?\s+(?:of\s+)?"
            rf"(?P<ref2>{_either(_words(data['months_back']))})"
            rf"|(?P<ref3>{_either(_words(data['months_back']))})\s+(?:on\s+)?(?:the\s+)?"
            rf"(?P<day3>\d{{1,2}}){ordinal}(?![A-Za-z])"
        )
        self.day_month = _compile(
            rf"(?<!\w)(?P<day>\d{{1,2}}){ordinal}?\s+(?:of\s+)?(?P<month>{month_names})\.?{year}"
        )
        self.month_day = _compile(
            rf"(?P<month>{month_names})\.?\s+(?P<day>\d{{1,2}}){ordinal}?(?![A-Za-z\d]){year}"
        )
        self.weekday_ko = re.compile(
            rf"(?:(?P<week>{_either(_words(data['weeks_back']))})\s*)?"
            rf"(?P<day>{_either(korean_days)})"
        )
        self.weekday_en = _compile(
            rf"(?:(?P<last>{_either(data['last_weekday'])})\s+)?(?P<day>{_either(english_days)})"
            rf"|(?P<lead>{_either(data['short_weekday_after'])})\s+"
            rf"(?P<short>{_either(self.short)})\.?(?![A-Za-z])"
        )
        count = rf"(?:(?<!\d)\d{{1,3}}|{_either(_words(data['counts']))})"
        ago = (
            rf"(?:\s*{_either(data['ago_fillers'])})?\s*(?!{_either(data['not_ago'])})"
            rf"(?:{_either(data['ago'])}|{_either(data['ago_stems'])}[\uac00-\ud7a3]*)"
        )
        self.ago = _compile(
            rf"(?:(?P<count>{count})\s*(?P<unit>{_either(_words(data['units']))})"
            rf"|(?P<amount>{_either(_words(data['day_amounts']))})){ago}"
        )
        self.unknown = _compile(_either(data["unknown"]))
        self.clauses = _compile(
            rf"[,.;:!?\n]+|{_either(data['clause_words'])}"
            rf"|(?<=[\uac00-\ud7a3])(?:{'|'.join(data['clause_endings'])})(?=[\s,.!?]|$)"
        )
        purchase, future = data["purchase"], data["future"]
        self.bought_before = _compile(_either(purchase["before"]))
        self.bought_after = _compile(_either(purchase["after"]))
        self.story = _compile(_either(data["story_words"]))
        self.next = _compile(_either(future["just_before"]))
        self.future_before = _compile(_either(future["before"]))
        self.future_after = _compile(_either(future["after"]))
        self.but_past = _compile(_either(future["but_past"]))
        self.past_syllables = re.compile("|".join(map(re.escape, future["past_syllables"])))


def _words(entries: dict[Any, list[str]]) -> list[str]:
    return [w for words in entries.values() for w in words]


def _load() -> _Vocabulary:
    with VOCABULARY.open(encoding="utf-8") as file:
        return _Vocabulary(yaml.safe_load(file))


_WORDS = _load()

# The written formats: ISO and Korean dates with a year, "11월 20일", "11/18" (month first, as
# Koreans and Americans write it, unless the first number can only be a day: "18/11").
_ISO = re.compile(r"(\d{4})[-./년]\s?(\d{1,2})[-./월]\s?(\d{1,2})")
_MONTH_DAY_KO = re.compile(r"(\d{1,2})\s?월\s?(\d{1,2})\s?일")
_SLASHED = re.compile(r"(?<![\d/])(?!24/7\b)(\d{1,2})/(\d{1,2})(?![\d/])")
# A day of the month alone, in answer to "when?": "22일", "the 23rd" (in a sentence, "the
# 3rd time it broke" is no date, so a sentence is not searched for these)
_DAY_ONLY = re.compile(
    r"(?<![\d월])(\d{1,2})\s?일(?!\s?(?:전|째|동안|간|뒤|후|만에|정도|쯤\s?전))"
    r"|\b(?:the\s+)?(\d{1,2})(?:st|nd|rd|th)\b(?!\s+(?:time|times|of\s+\w+\s+ago))",
    re.IGNORECASE,
)


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _without_year(month: int, day: int, today: date) -> date | None:
    """The most recent such day: this year's, or last year's when it is still to come."""
    found = _safe_date(today.year, month, day)
    if found and found > today:
        found = _safe_date(today.year - 1, month, day)
    return found


def _months_back(months: int, day: int, today: date) -> date | None:
    """That day of the month `months` before this one ("지난달 20일")."""
    index = today.year * 12 + today.month - 1 - months
    return _safe_date(index // 12, index % 12 + 1, day)


def _day_of_month(day: int, today: date) -> date | None:
    """The most recent such day: this month's, or last month's when it is still to come."""
    return _months_back(0 if day <= today.day else 1, day, today)


def _weekday(target: int, today: date, weeks_back: int | None) -> date:
    """The most recent such weekday before today (a customer naming today's weekday means
    last week's: today they call "today"); with `weeks_back`, that day of the week so many
    weeks before this one (weeks start on Monday), as "지난주 금요일" means in Korean."""
    if weeks_back is not None:
        monday_this_week = today - timedelta(days=today.weekday())
        return monday_this_week - timedelta(weeks=weeks_back) + timedelta(days=target)
    return today - timedelta(days=(today.weekday() - target) % 7 or 7)


_Reader = Callable[[re.Match[str], date], tuple[date | None, bool]]  # the day; still open?


def _iso(m: re.Match[str], today: date) -> tuple[date | None, bool]:
    return _safe_date(int(m.group(1)), int(m.group(2)), int(m.group(3))), False


def _month_ago(m: re.Match[str], today: date) -> tuple[date | None, bool]:
    ref = m.group("ref") or m.group("ref2") or m.group("ref3")
    months = _WORDS.months_back[_key(ref)]
    day = int(m.group("day") or m.group("day2") or m.group("day3"))
    return _months_back(months, day, today), months == 0


def _month_day_ko(m: re.Match[str], today: date) -> tuple[date | None, bool]:
    return _without_year(int(m.group(1)), int(m.group(2)), today), True


def _written_en(m: re.Match[str], today: date) -> tuple[date | None, bool]:
    month, day = _WORDS.months[_key(m.group("month"))], int(m.group("day"))
    if m.group("year"):
        return _safe_date(int(m.group("year")), month, day), False
    return _without_year(month, day, today), True


def _weekday_ko(m: re.Match[str], today: date) -> tuple[date | None, bool]:
    week = m.group("week")
    weeks = _WORDS.weeks_back[_key(week)] if week else None
    return _weekday(_WORDS.weekdays[_key(m.group("day"))], today, weeks), not weeks


def _weekday_en(m: re.Match[str], today: date) -> tuple[date | None, bool]:
    lead = m.group("last") or m.group("lead") or ""
    target = (
        _WORDS.weekdays[_key(m.group("day"))] if m.group("day") else _WORDS.short[_key(m["short"])]
    )
    if _key(lead) in _WORDS.last:
        # "last tuesday" said on a Friday is this week's Tuesday (the most recent one before
        # today), unlike "지난주 화요일", which is last week's
        return today - timedelta(days=(today.weekday() - target) % 7 or 7), False
    return _weekday(target, today, None), True


def _slashed(m: re.Match[str], today: date) -> tuple[date | None, bool]:
    month, day = int(m.group(1)), int(m.group(2))
    if month > 12 >= day:
        month, day = day, month
    return _without_year(month, day, today), True


def _ago(m: re.Match[str], today: date) -> tuple[date | None, bool]:
    if m.group("amount"):
        return today - timedelta(days=_WORDS.day_amounts[_key(m.group("amount"))]), False
    count = m.group("count")
    number = int(count) if count.isdigit() else _WORDS.counts[_key(count)]
    return today - timedelta(days=number * _WORDS.units[_key(m.group("unit"))]), False


def _days_back(m: re.Match[str], today: date) -> tuple[date | None, bool]:
    days = _WORDS.days_back[_key(m.group(0))]
    return today - timedelta(days=days), days == 0  # "can they come today" is to come


def _day_only(m: re.Match[str], today: date) -> tuple[date | None, bool]:
    return _day_of_month(int(m.group(1) or m.group(2)), today), True


def _readers() -> tuple[tuple[re.Pattern[str], _Reader, bool], ...]:
    """The readings, most exact first: where two overlap ("지난달 20일", "지난달"), the first
    is kept. The third value: whether the date is written out in numbers."""
    return (
        (_ISO, _iso, True),
        (_WORDS.month_ago, _month_ago, True),
        (_MONTH_DAY_KO, _month_day_ko, True),
        (_WORDS.day_month, _written_en, True),
        (_WORDS.month_day, _written_en, True),
        (_WORDS.weekday_ko, _weekday_ko, False),
        (_WORDS.weekday_en, _weekday_en, False),
        (_SLASHED, _slashed, True),
        (_WORDS.ago, _ago, False),
        (_WORDS.days_back_words, _days_back, False),
        (_DAY_ONLY, _day_only, True),
    )


_READERS = _readers()
# Read only in an answer to "when?": in a sentence "1/2" is as often a half, "the 3rd" a count
_ANSWER_ONLY = (_SLASHED, _DAY_ONLY)


def _mentions(text: str, today: date, *, answer: bool) -> Iterator[_Mention]:
    """Every day a text names, most exact reading first, none overlapping another."""
    taken: list[tuple[int, int]] = []
    for pattern, read, written in _READERS:
        if not answer and pattern in _ANSWER_ONLY:
            continue
        for m in pattern.finditer(text):
            start, end = m.span()
            if any(start < e and s < end for s, e in taken):
                continue
            taken.append((start, end))
            on, still_open = read(m, today)
            yield _Mention(on, start, end, m.group(0).strip(), still_open, written)


def _clause(text: str, mention: _Mention) -> tuple[str, str]:
    """The words of a mention's clause before it and after it."""
    start, end = 0, len(text)
    for boundary in _WORDS.clauses.finditer(text):
        if boundary.end() <= mention.start:
            start = boundary.end()
        elif boundary.start() >= mention.end:
            end = boundary.start()
            break
    return text[start : mention.start], text[mention.end : end]


def _near_before(pattern: re.Pattern[str], before: str, words: int) -> bool:
    """Whether a phrase ends at most `words` words before the day, with no story word between."""
    found = list(pattern.finditer(before))
    if not found:
        return False
    between = before[found[-1].end() :]
    return len(between.split()) <= words and not _WORDS.story.search(between)


def _near_after(pattern: re.Pattern[str], after: str, words: int) -> bool:
    """Whether a phrase starts at most `words` words after the day."""
    found = pattern.search(after)
    if not found:
        return False
    between = after[: found.start()]
    return len(between.split()) <= words and not _WORDS.story.search(between)


def _bought(before: str, after: str) -> bool:
    """When it was bought ("bought it last week", "산 지 일주일", "지난주에 샀는데")."""
    return _near_before(_WORDS.bought_before, before, 3) or _near_after(
        _WORDS.bought_after, after, 2
    )


def _to_come(before: str, after: str) -> bool:
    """A day still to come ("can they call wednesday", "다음 주 월요일", "토요일에 오실 수 …"),
    unless its clause tells of it as past ("they promised to call tuesday")."""
    said = (
        _near_before(_WORDS.next, before, 1)
        or _near_before(_WORDS.future_before, before, 3)
        or _near_after(_WORDS.future_after, after, 2)
    )
    past = _WORDS.but_past.search(before + " " + after) or _WORDS.past_syllables.search(after)
    return said and not past


def _incident(text: str, today: date, *, answer: bool) -> tuple[_Mention | None, str]:
    """The first day named that is when it went wrong; else why none is ("purchase" when a
    day named is when it was bought, "future" when it is still to come, "" when none is)."""
    why = ""
    for mention in _mentions(text, today, answer=answer):
        if mention.on is None:
            continue
        before, after = _clause(text, mention)
        if _bought(before, after):
            why = why or "purchase"
        elif mention.on > today or (mention.open and _to_come(before, after)):
            why = why or "future"
        else:
            return mention, ""
    return None, why


def _clean(text: str | None, limit: int) -> str:
    text = unicodedata.normalize("NFC", re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", "", text or ""))
    return text.strip()[:limit]


def _found(mention: _Mention) -> IncidentDate:
    return IncidentDate(mention.words, mention.on, mention.words, mention.written)


def parse_incident_date(text: str, today: date) -> IncidentDate | None:
    """Read an answer to "when did it happen?"; None when it names no day in the past that
    went wrong (a purchase date, a day to come, "Samsung fridge").

    Relative words ("yesterday", "지난주", "last friday") become dates, stored as the words
    that name them ("어제라니까" is "어제"); "I don't remember" is accepted as such (ISO 10002
    asks for the date where known, not a guess).
    """
    text = _clean(text, _LONGEST)
    if not text:
        return None
    mention, _ = _incident(text, today, answer=True)
    if mention is not None:
        return _found(mention)
    if _WORDS.unknown.search(text):
        return IncidentDate(text, None)
    return None


def find_incident_date(text: str, today: date) -> IncidentDate | None:
    """A past day named anywhere in a longer message as when it went wrong, as its words."""
    mention, _ = _incident(_clean(text, 4000), today, answer=False)
    return _found(mention) if mention is not None else None


def read_date(text: str, today: date) -> IncidentDate | None:
    """A past day a short correction names, a day of the month alone too ("아 잠깐 24일이요")."""
    mention, _ = _incident(_clean(text, 4000), today, answer=True)
    return _found(mention) if mention is not None else None


def why_not_a_date(text: str, today: date) -> str:
    """Why an answer to "when?" gives no date although it names days: "purchase" (only when
    it was bought: "bought it last week") or "future" ("can they come on monday"); else ""."""
    mention, why = _incident(_clean(text, _LONGEST), today, answer=True)
    return "" if mention is not None else why


def shown_date(parsed: IncidentDate, language: str) -> str:
    """The date as said and as understood: "yesterday (Sat 5 Dec 2026)"; a date written out
    ("11/18", "11월 18일") only as understood."""
    if parsed.on is None:
        return parsed.text
    day = format_day(parsed.on, language)
    if parsed.written:
        return day
    said = parsed.words or parsed.text
    return f"{said}, {day}" if language == "ko" else f"{said} ({day})"
