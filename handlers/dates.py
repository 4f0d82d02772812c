"""Reading when something happened from the customer's words, in English and Korean.

The words are data (`nlu/vocabulary/dates.yml`); this module holds the date arithmetic and
the few written formats ("2026-11-20", "11월 20일", "Nov 20th", "11/18"). Every day a text
names is found with the words around it: a day said as when it was bought, or about the
future ("can they call wednesday"), is not when it went wrong.

Customers mistype: before reading, a long English word one letter off a date word (two for
words of eight letters and more) is read as that word ("yestarday", "tommorow", "mornin"),
and Korean vowels that are typed for one another (ㅐ/ㅔ, ㅒ/ㅖ: "어재" for "어제") are one.
"""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import date, timedelta
from functools import cache
from pathlib import Path
from typing import Any

from handlers import vocabulary
from handlers.formatting import format_day
from handlers.language import HANGUL
from handlers.words import standard_spelling

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
    # days after the day said before it ("그 다음날": 1), read once that day is known
    after: int | None = None
    # when the customer is free ("평일 오전만", "weekday mornings"): no day, a day to come
    times: bool = False
    # how many days either side the words may mean ("지난달 말", "last week"): 0 when exact
    rough: int = 0


def _phrase(words: str) -> str:
    """A phrase of the vocabulary as a pattern: any spacing, an optional apostrophe, and
    English words whole ("ago" is not "agony"; Korean words take endings)."""
    # an English word also as a dialect spells it ("the saturday afore last")
    pattern = r"\s*".join(vocabulary.spelt_word(part).replace("'", "'?") for part in words.split())
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
    return _fold(re.sub(r"[\s']", "", standard_spelling(words.lower())))


# Korean vowels typed for one another, read as one in the text and the vocabulary alike
_VOWELS = {1: 5, 3: 7}  # ㅐ → ㅔ, ㅒ → ㅖ (indexes of the medial vowel in a syllable)


def _fold(text: str) -> str:
    """The text with the Korean vowels customers type for one another made one ("어재" reads
    as "어제"); the length stays, so a place in it is a place in the text."""

    def syllable(ch: str) -> str:
        code = ord(ch) - 0xAC00
        if not 0 <= code < 11172:
            return ch
        vowel = (code // 28) % 21
        if vowel not in _VOWELS:
            return ch
        return chr(0xAC00 + code + (_VOWELS[vowel] - vowel) * 28)

    return "".join(map(syllable, text))


# every Korean syllable that ends in ㄴ ("산", "한", "난"): before 지 it says "since"
_ENDS_IN_N = "".join(chr(0xAC00 + vowel_and_initial * 28 + 4) for vowel_and_initial in range(399))


def _compile(pattern: str) -> re.Pattern[str]:
    return re.compile(_fold(pattern), re.IGNORECASE)


def _distance(a: str, b: str, most: int) -> int:
    """Edits from one word to the other (a letter added, dropped, changed or two swapped),
    or `most + 1` once it is more than `most`."""
    if abs(len(a) - len(b)) > most:
        return most + 1
    before: list[int] = []
    row = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            current[j] = min(row[j] + 1, current[j - 1] + 1, row[j - 1] + (ca != cb))
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                current[j] = min(current[j], before[j - 2] + 1)
        if min(current) > most:
            return most + 1
        before, row = row, current
    return row[-1]


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
        # a day of the month in words beside its month, read as its number
        units = {str(w): int(n) for n, ws in data["day_ordinals"].items() for w in ws}
        self.day_words = {
            **units,
            **{
                f"{ten}{sep}{unit}": int(t) + n
                for t, ten in data["day_tens"].items()
                for unit, n in units.items()
                if n < 10 and int(t) + n <= 31
                for sep in (" ", "-", "")
            },
        }
        said = _either(self.day_words)
        self.spelled_day = _compile(
            rf"(?<![A-Za-z-])(?P<word>{said})(?=\s+(?:day\s+)?(?:of\s+)?{month_names})"
            rf"|(?P<lead>{month_names})\s+(?:the\s+)?(?P<after>{said})(?![A-Za-z-])"
        )
        year = r"(?:,?\s+(?P<year>\d{4}))?"
        ordinal = r"(?:st|nd|rd|th)"
        self.days_back_words = _compile(_either(_words(data["days_back"])))
        self.month_ago = _compile(
            rf"(?P<ref>{_either(_words(data['months_back']))})\s*(?P<day>\d{{1,2}})\s*일"
            rf"|(?<!\w)(?:the\s+)?(?P<day2>\d{{1,2}}){ordinal}?\s+(?:(?:of|o)\s+)?"
            rf"(?P<ref2>{_either(_words(data['months_back']))})"
            rf"|(?P<ref3>{_either(_words(data['months_back']))})\s+(?:on\s+)?(?:the\s+)?"
            rf"(?P<day3>\d{{1,2}}){ordinal}(?![A-Za-z])"
        )
        self.day_month = _compile(
            rf"(?<!\w)(?P<day>\d{{1,2}}){ordinal}?\s+(?:(?:day\s+)?(?:of|o)\s+)?(?P<month>{month_names})\.?{year}"
        )
        self.month_day = _compile(
            rf"(?P<month>{month_names})\.?\s+(?P<day>\d{{1,2}}){ordinal}?(?![A-Za-z\d]){year}"
        )
        self.weekday_ko = _compile(
            rf"(?:(?P<week>{_either(_words(data['weeks_back']))})\s*)?"
            rf"(?P<day>{_either(korean_days)})"
        )
        self.before_last = _table(data["weekday_before_last"])
        before_last = rf"(?:\s+(?P<before>{_either(_words(data['weekday_before_last']))}))?"
        self.weekday_en = _compile(
            rf"(?:(?P<last>{_either(data['last_weekday'])})\s+)?(?P<day>{_either(english_days)})"
            rf"{before_last}"
            rf"|(?P<lead>{_either(data['short_weekday_after'])})\s+"
            rf"(?P<short>{_either(self.short)})\.?(?![A-Za-z])"
        )
        parts = _words(data["month_parts"])
        self.month_parts = _table(data["month_parts"])
        months_back = _either(_words(data["months_back"]))
        self.month_part_ko = _compile(
            rf"(?:(?P<ref>{months_back})|(?P<month>\d{{1,2}})\s*월)\s*"
            rf"(?P<part>{_either(p for p in parts if not p.isascii())})"
            r"(?=쯤|경|께|에|이|부터|까지|[^\uac00-\ud7a3]|$)"
        )
        self.month_part_en = _compile(
            rf"(?P<part>{_either(p for p in parts if p.isascii())})[\s-]*(?:of\s+)?(?:the\s+)?"
            rf"(?:(?P<ref>{months_back})|(?P<name>{month_names})(?![A-Za-z]))"
        )
        # "11월 둘째주 수요일", "the second wednesday of november": a weekday counted in a month
        self.nth_weekday = _table(data["nth_weekday"])
        nth = _either(_words(data["nth_weekday"]))
        self.nth_weekday_ko = _compile(
            rf"(?:(?P<ref>{months_back})|(?P<month>\d{{1,2}})\s*월)\s*(?P<nth>{nth})\s*주\s*(?:의\s*)?"
            rf"(?P<day>{_either(korean_days)})"
        )
        self.nth_weekday_en = _compile(
            rf"(?P<nth>{nth})\s+(?P<day>{_either(english_days)})\s+(?:of|in)\s+(?:the\s+)?"
            rf"(?:(?P<ref>{months_back})|(?P<name>{month_names})(?![A-Za-z]))"
        )
        self.days_after = _table(data["days_after"])
        self.after = _compile(_either(_words(data["days_after"])))
        self.ordinals = _table(data["ordinals"])
        running = data["running"]
        self.running_ordinal = {_key(w) for w in running["ordinal"]}
        count = (
            rf"(?:(?<!\d)\d{{1,3}}(?P<nth>st|nd|rd|th)?|{_either(_words(data['counts']))}"
            rf"|(?P<nth_word>{_either(_words(data['ordinals']))}))"
        )
        ago = (
            rf"(?:\s*{_either(data['ago_fillers'])})?\s*(?!{_either(data['not_ago'])})"
            rf"(?:{_either(data['ago'])}|{_either(data['ago_stems'])}[\uac00-\ud7a3]*"
            rf"|{_either(data['ago_at_clause_end'])}"
            rf"(?=\s*(?:[,.;:!?\n]|$|{_either(data['clause_words'])})))"
        )
        amount = (
            rf"(?:(?P<count>{count})\s*(?P<unit>{_either(_words(data['units']))})"
            rf"|(?P<amount>{_either(_words(data['day_amounts']))}))"
        )
        # "3 days ago", "3일째", "for the past 3 days": after a word of `running.before` the
        # word after the amount may be left out
        lasting = rf"\s*(?P<running>{_either(running['after'])})"
        self.ago = _compile(
            rf"(?:(?P<lead>{_either(running['before'])})\s*(?!{_either(running['not_amounts'])}))?"
            rf"{amount}"
            rf"(?:{ago}|{lasting}|(?(lead)|(?!)))"
        )
        # an amount said as how long since ("산 지 일주일", "고장 난 지 사흘"): a word ending
        # in ㄴ, then 지
        since = rf"(?:(?<=[{_ENDS_IN_N}]지)|(?<=[{_ENDS_IN_N}]\s지))\s*"
        self.since = _compile(rf"{since}{amount}(?!\s*(?:째|동안|간))")
        self.times = _compile(_either(data["future"]["times"]))
        self.last_year = _compile(_either(data["last_year"]))
        self.unknown = _compile(_either(data["unknown"]))
        self.clauses = _compile(
            rf"[,.;:!?\n]+|{_either(data['clause_words'])}"
            rf"|(?<=[\uac00-\ud7a3])(?:{'|'.join(data['clause_endings'])})(?=[\s,.!?]|$)"
        )
        purchase, future = data["purchase"], data["future"]
        self.bought_before = _compile(_either(purchase["before"]))
        self.bought_after = _compile(_either(purchase["after"]))
        self.bought_far = _compile(_either(purchase["far"]))
        self.story = _compile(_either(data["story_words"]))
        self.next = _compile(_either(future["just_before"]))
        self.future_before = _compile(_either(future["before"]))
        self.future_after = _compile(_either(future["after"]))
        self.requests = _compile(_either(future["requests"]))
        self.but_past = _compile(_either(future["but_past"]))
        self.past_syllables = _compile("|".join(map(re.escape, future["past_syllables"])))
        self.generic = _compile(_either(data["not_a_day"]["just_before"]))
        self.writing = _compile(_either(data["not_a_day"]["writing"]))
        # the English date words a typo is read as, and every English word the vocabulary knows
        self.typo_targets = sorted(
            {
                w.lower()
                for key in ("days_back", "weekdays", "months", "units")
                for w in _all_words(data[key])
                if w.isalpha() and w.isascii() and len(w) >= 5
            }
        )
        self.known = {w.lower() for w in _all_words(data) if w.isascii() and w.isalpha()}
        self.not_typos = {w.lower() for w in data["not_typos"]}
        self._mended: dict[str, str | None] = {}

    def mended(self, word: str) -> str | None:
        """The date word a long English word is a typo of ("yestarday", "tommorow"), if it is
        one and only one: one letter off (two from a word of eight letters or more), the
        first letter right; a word the vocabulary knows, its plural ("mondays") or a word of
        `not_typos` is no typo."""
        low = word.lower()
        if low not in self._mended:
            found = None
            if len(low) >= 5 and not (
                low in self.known or low in self.not_typos or low[:-1] in self.known
            ):
                near = [
                    (d, target)
                    for target in self.typo_targets
                    if target[0] == low[0]
                    and (d := _distance(low, target, most := 1 if len(target) < 8 else 2)) <= most
                ]
                closest = [t for d, t in near if d == min(d for d, _ in near)]
                found = closest[0] if len(closest) == 1 else None
            self._mended[low] = found
        return self._mended[low]


def _words(entries: dict[Any, list[str]]) -> list[str]:
    return [w for words in entries.values() for w in words]


def _all_words(node: Any) -> Iterator[str]:
    """Every word of every phrase under a node of the vocabulary."""
    if isinstance(node, dict):
        node = list(node.values())
    if isinstance(node, list):
        for item in node:
            yield from _all_words(item)
    elif isinstance(node, str):
        yield from node.split()


def _load() -> _Vocabulary:
    return _Vocabulary(vocabulary.read(VOCABULARY))


_WORDS = _load()

# The written formats: ISO and Korean dates with a year, "11월 20일", "11/18" (month first, as
# Koreans and Americans write it, unless the first number can only be a day: "18/11").
_ISO = _compile(r"(\d{4})[-./년]\s?(\d{1,2})[-./월]\s?(\d{1,2})")
_MONTH_DAY_KO = _compile(r"(\d{1,2})\s?월\s?(\d{1,2})\s?일")
_SLASHED = _compile(r"(?<![\d/])(?!24/7\b)(\d{1,2})/(\d{1,2})(?![\d/])")
# A day, its month and its year with slashes, dots or dashes: "26/10/2026", "10/26/26"
_SLASHED_YEAR = _compile(r"(?<![\d/.-])(\d{1,2})([/.-])(\d{1,2})\2(\d{4}|\d{2})(?![\d/.-])")
# A day of the month alone, in answer to "when?": "22일", "the 23rd" (in a sentence, "the
# 3rd time it broke" is no date, so a sentence is not searched for these)
_DAY_ONLY = _compile(
    r"(?<![\d월])(\d{1,2})\s?일(?!\s?(?:전|째|동안|간|뒤|후|만에|정도|쯤\s?전))"
    r"|\b(?:the\s+)?(\d{1,2})(?:st|nd|rd|th)\b(?!\s+(?:time|times|of\s+\w+\s+ago))"
)


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


# A day of the month written without its year this many days ahead or fewer is one to come
# ("잔치가 12월 19일이라서 그 전에 …" on 8 December), not last year's.
_NEAR_AHEAD = 60


def _without_year(month: int, day: int, today: date) -> date | None:
    """The most recent such day: this year's, or last year's when it is still to come,
    unless it is near enough ahead to be a day to come (then this year's, in the future)."""
    found = _safe_date(today.year, month, day)
    if found and found > today and (found - today).days > _NEAR_AHEAD:
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
    if m.group("day") and m.group("before"):
        # "the tuesday before last": the one before the most recent
        weeks = _WORDS.before_last[_key(m.group("before"))]
        return _weekday(target, today, None) - timedelta(weeks=weeks), False
    if _key(lead) in _WORDS.last:
        # "last tuesday" said on a Friday is this week's Tuesday (the most recent one before
        # today), unlike "지난주 화요일", which is last week's
        return today - timedelta(days=(today.weekday() - target) % 7 or 7), False
    return _weekday(target, today, None), True


def _month_part(m: re.Match[str], today: date) -> tuple[date | None, bool]:
    """A part of a month ("지난달 말일", "early last month", "11월 중순"): the day that stands
    for it (the words say how exact it is)."""
    day = _WORDS.month_parts[_key(m.group("part"))]
    index = _month_index(m, today)
    if day < 0:  # the month's last day: the day before the next month's first
        first_after = _safe_date((index + 1) // 12, (index + 1) % 12 + 1, 1)
        return (first_after - timedelta(days=1) if first_after else None), False
    return _safe_date(index // 12, index % 12 + 1, day), False


def _month_index(m: re.Match[str], today: date) -> int:
    """The month a reading names, as year * 12 + month - 1: one back from this month, or a
    month by its number or name (one still to come this year is last year's)."""
    if m.group("ref"):
        return today.year * 12 + today.month - 1 - _WORDS.months_back[_key(m.group("ref"))]
    said = m.groupdict().get("month") or ""
    month = int(said) if said else _WORDS.months[_key(m.group("name"))]
    return today.year * 12 + month - 1 - (12 if month > today.month else 0)


def _nth_weekday(m: re.Match[str], today: date) -> tuple[date | None, bool]:
    """A weekday counted in a month ("11월 둘째주 수요일": the month's second Wednesday,
    "the last friday of last month")."""
    index = _month_index(m, today)
    year, month = index // 12, index % 12 + 1
    first = _safe_date(year, month, 1)
    if first is None:
        return None, False
    target = _WORDS.weekdays[_key(m.group("day"))]
    nth = _WORDS.nth_weekday[_key(m.group("nth"))]
    day = first + timedelta(days=(target - first.weekday()) % 7)
    if nth > 0:
        day += timedelta(weeks=nth - 1)
    else:  # the last: the latest that is still in the month
        while (day + timedelta(weeks=1)).month == month:
            day += timedelta(weeks=1)
    return (day if day.month == month else None), False


def _slashed_year(m: re.Match[str], today: date) -> tuple[date | None, bool]:
    first, second, year = int(m.group(1)), int(m.group(3)), int(m.group(4))
    month, day = (second, first) if first > 12 >= second else (first, second)
    if month > 12:
        return None, True
    found = _safe_date(year + 2000 if year < 100 else year, month, day)
    return found, True


def _slashed(m: re.Match[str], today: date) -> tuple[date | None, bool]:
    month, day = int(m.group(1)), int(m.group(2))
    if month > 12 >= day:
        month, day = day, month
    return _without_year(month, day, today), True


def _ago(m: re.Match[str], today: date) -> tuple[date | None, bool]:
    said = m.groupdict()
    if said["amount"]:
        days = _WORDS.day_amounts[_key(said["amount"])]
    else:
        count = said["count"]
        if said.get("nth_word"):
            number = _WORDS.ordinals[_key(count)]
        else:
            number = (
                int(count.rstrip("stndrh")) if count[0].isdigit() else _WORDS.counts[_key(count)]
            )
        days = number * _WORDS.units[_key(said["unit"])]
    # an ordinal counts today as one of the days ("3일째", "the 3rd day"): day 1 is N-1 back
    ordinal = said.get("nth") or said.get("nth_word")
    if ordinal or _key(said.get("running") or "") in _WORDS.running_ordinal:
        days -= 1
    return today - timedelta(days=days), False


def _days_back(m: re.Match[str], today: date) -> tuple[date | None, bool]:
    days = _WORDS.days_back[_key(m.group(0))]
    return today - timedelta(days=days), days == 0  # "can they come today" is to come


def _day_only(m: re.Match[str], today: date) -> tuple[date | None, bool]:
    return _day_of_month(int(m.group(1) or m.group(2)), today), True


def _rough(m: re.Match[str], read: _Reader) -> int:
    """How many days either side a reading may mean: a part of a month, a week or a month
    back ("last week", "2 weeks ago"); 0 for a day."""
    if read is _month_part:
        return 10
    if read is _days_back:
        days = _WORDS.days_back[_key(m.group(0))]
    elif read is _ago and (unit := m.groupdict().get("unit")):
        days = _WORDS.units[_key(unit)]
    else:
        return 0
    return days if days >= 7 else 0


def _nothing(m: re.Match[str], today: date) -> tuple[date | None, bool]:
    """Days after another day and times the customer is free name no day by themselves."""
    return None, True


def _readers() -> tuple[tuple[re.Pattern[str], _Reader, bool], ...]:
    """The readings, most exact first: where two overlap ("지난달 20일", "지난달"), the first
    is kept. The third value: whether the date is written out in numbers."""
    return (
        (_ISO, _iso, True),
        (_WORDS.month_ago, _month_ago, True),
        (_MONTH_DAY_KO, _month_day_ko, True),
        (_WORDS.nth_weekday_ko, _nth_weekday, False),
        (_WORDS.nth_weekday_en, _nth_weekday, False),
        (_WORDS.month_part_ko, _month_part, False),
        (_WORDS.month_part_en, _month_part, False),
        (_WORDS.day_month, _written_en, True),
        (_WORDS.month_day, _written_en, True),
        (_WORDS.weekday_ko, _weekday_ko, False),
        (_WORDS.weekday_en, _weekday_en, False),
        (_SLASHED_YEAR, _slashed_year, True),
        (_SLASHED, _slashed, True),
        (_WORDS.ago, _ago, False),
        (_WORDS.since, _ago, False),
        (_WORDS.days_back_words, _days_back, False),
        (_WORDS.after, _nothing, False),
        (_WORDS.times, _nothing, False),
        (_DAY_ONLY, _day_only, True),
    )


_READERS = _readers()
# Read only in an answer to "when?": in a sentence "1/2" is as often a half, "the 3rd" a count
_ANSWER_ONLY = (_SLASHED, _DAY_ONLY)


@dataclass(frozen=True)
class _Text:
    """A text as read (typos mended, Korean vowels made one) and as said: `places` gives
    for each place of `read`, and its end, the place in `said`."""

    said: str
    read: str
    places: tuple[int, ...]

    def words(self, start: int, end: int) -> str:
        return self.said[self.places[start] : self.places[end]].strip()


def _as_read(text: str) -> _Text:
    folded = _fold(text)
    pieces: list[str] = []
    places: list[int] = []
    at = 0
    for word in re.finditer(r"[A-Za-z]+", folded):
        mended = _WORDS.mended(word.group(0))
        if mended is None:
            continue
        pieces += [folded[at : word.start()], mended]
        places += [*range(at, word.start()), *[word.start()] * len(mended)]
        at = word.end()
    pieces.append(folded[at:])
    places += range(at, len(folded) + 1)
    return _Text(text, "".join(pieces), tuple(places))


def _mentions(text: _Text, today: date, *, answer: bool) -> Iterator[_Mention]:
    """Every day a text names, most exact reading first, none overlapping another."""
    taken: list[tuple[int, int]] = []
    for pattern, read, written in _READERS:
        if not answer and pattern in _ANSWER_ONLY:
            continue
        for m in pattern.finditer(text.read):
            start, end = m.span()
            if any(start < e and s < end for s, e in taken):
                continue
            taken.append((start, end))
            on, still_open = read(m, today)
            after = _WORDS.days_after[_key(m.group(0))] if pattern is _WORDS.after else None
            yield _Mention(
                on,
                start,
                end,
                text.words(start, end),
                still_open,
                written,
                after=after,
                times=pattern is _WORDS.times,
                rough=_rough(m, read),
            )


def _placed(text: _Text, today: date, *, answer: bool, earlier: str = "") -> list[_Mention]:
    """The days a text names in the order they are said. A day counted from another ("그
    다음날", "the next day") is counted from the day said before it, in the text or else in
    what was told `earlier`; that day is then only where it is counted from (when it was
    repaired, delivered), never when it went wrong. With no such day it names none: the
    desk does not guess."""
    placed: list[_Mention] = []
    for mention in sorted(_mentions(text, today, answer=answer), key=lambda m: m.start):
        if mention.after is not None:
            base = next((m for m in reversed(placed) if m.on is not None), None)
            if base is not None:
                placed.remove(base)
            elif earlier:
                told = [m for m in _placed(_as_read(earlier), today, answer=False) if m.on]
                base = told[-1] if told else None
            if base is None or base.on is None:
                continue
            mention = replace(mention, on=base.on + timedelta(days=mention.after))
        label = placed[-1] if placed else None
        if (
            label is not None
            and mention.written
            and not label.written
            and text.read[label.end : mention.start].strip(" ,").lower() in ("", "the")
        ):
            # "Tuesday the 4th of March": the weekday names the date written after it
            placed.remove(label)
        placed.append(mention)
    return placed


def _clause(text: str, mention: _Mention) -> tuple[str, str]:
    """The words of a mention's clause before it and after it."""
    start, end = 0, len(text)
    for boundary in _WORDS.clauses.finditer(text):
        if boundary.end() <= mention.start:
            start = boundary.end()
        elif boundary.start() >= mention.end and not _date_point(text, mention, boundary):
            end = boundary.start()
            break
    return text[start : mention.start], text[mention.end : end]


def _date_point(text: str, mention: _Mention, boundary: re.Match[str]) -> bool:
    """Whether a boundary is only the point that closes a date written "2026. 11. 16.":
    its clause goes on after it."""
    return (
        boundary.start() == mention.end and text[boundary.start() : boundary.end()].strip() == "."
    )


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
    # "I bought from your store on 14 November": a few words may stand between; a Korean
    # clause ends with its verb ("2026년 11월 28일 귀사 공식몰에서 … 퀸 사이즈를 구매하였습니다")
    korean = HANGUL.search(after) is not None
    # "i copped the SoundMax X2 wireless earbuds from u guys on oct 20": the thing named
    # between, up to the clause's start
    return (
        _near_before(_WORDS.bought_before, before, 5)
        or (not korean and _near_before(_WORDS.bought_far, before, 10))
        or _near_after(_WORDS.bought_after, after, 6 if korean else 2)
    )


def _not_a_day(before: str, after: str) -> bool:
    """A weekday that is no day: any such day ("on a Sunday"), or the day the customer
    writes on ("sorry to bother you on a weekend", "주말인데 죄송합니다")."""
    return (
        _near_before(_WORDS.generic, before, 0)
        or _near_before(_WORDS.writing, before, 4)
        or _near_after(_WORDS.writing, after, 2)
    )


def _to_come(before: str, after: str) -> bool:
    """A day still to come ("can they call wednesday", "다음 주 월요일", "토요일에 오실 수 …",
    "can someone come look at it on thursday"), unless its clause tells of it as past ("they
    promised to call tuesday")."""
    said = (
        _near_before(_WORDS.next, before, 1)
        or _near_before(_WORDS.future_before, before, 3)
        or _near_before(_WORDS.requests, before, 8)
        or _near_after(_WORDS.future_after, after, 2)
    )
    past = _WORDS.but_past.search(before + " " + after) or _WORDS.past_syllables.search(after)
    return said and not past


def _said_near(pattern: str, said: tuple[str, str]) -> tuple[bool, bool]:
    """Whether a vocabulary entry (`dates.yml`, as written) ends right before the day and
    starts right after it, in the words as said."""
    before, after = said
    return _near_before(vocabulary.pattern("dates", f"{pattern}_before"), before, 0), _near_after(
        vocabulary.pattern("dates", f"{pattern}_after"), after, 0
    )


def _ended(said: tuple[str, str]) -> bool:
    """When a service was ended ("cancelled it on Nov 2", "해지는 11월 3일에 했는데") or the
    thing came ("delivered on tuesday"): a step before what went wrong, the incident only
    when no other day is said."""
    before, after = said
    # a Korean clause ends with its verb, however many words come between ("2026. 11. 16.
    # 귀사로부터 사무용 의자 20개를 납품받았으나")
    return any(
        _near_before(vocabulary.pattern("dates", f"{step}_before"), before, 5)
        or _near_after(vocabulary.pattern("dates", f"{step}_after"), after, reach)
        for step, reach in (("ended", 3), ("received", 8))
    )


def _replaces(text: _Text, chosen: _Mention, later: _Mention) -> bool:
    """Whether a day said later in the same text takes the place of the one chosen: after a
    correction ("어제요 아 아니다 그저께", "tuesday, no wait, wednesday"), or written out
    within the span a vaguer one means ("지난달 말에요 … 11/30 이네요")."""
    between = text.said[text.places[chosen.end] : text.places[later.start]]
    if vocabulary.says("dates", "corrected", between):
        return True
    assert chosen.on is not None and later.on is not None
    return later.written and not chosen.written and abs((later.on - chosen.on).days) <= chosen.rough


def _incident(
    said: str, today: date, *, answer: bool, earlier: str = ""
) -> tuple[_Mention | None, str]:
    """The day named that is when it went wrong: the first, unless a later one corrects or
    pins it down, and a day a service was ended only when no other is; else why none is
    ("purchase" when a day named is when it was bought, "future" when it is still to come,
    "" when none is)."""
    why = ""
    text = _as_read(said)
    chosen: _Mention | None = None
    ended: _Mention | None = None
    for mention in _placed(text, today, answer=answer, earlier=earlier):
        if mention.on is None:
            why = why or ("future" if mention.times else "")
            continue
        before, after = _clause(text.read, mention)
        near = (
            text.said[text.places[mention.start - len(before)] : text.places[mention.start]],
            text.said[text.places[mention.end] : text.places[mention.end + len(after)]],
        )
        if mention.on == today and (
            any(_said_near("remark", near)) or vocabulary.says("dates", "reported_now", near[1])
        ):
            # "방금 말했잖아요", "방금 엄마가 … 바꿔달래여": when it was said (today), not when it
            # went wrong
            continue
        if mention.open and mention.on != today and _not_a_day(before, after):
            continue
        if mention.written and mention.on > today and _WORDS.last_year.search(f"{before} {after}"):
            # "12 December last year", "작년 12월 20일": the year said
            year_before = _safe_date(mention.on.year - 1, mention.on.month, mention.on.day)
            if year_before is None:
                continue
            mention = dataclasses.replace(mention, on=year_before)
        assert mention.on is not None
        if _bought(before, after):
            why = why or "purchase"
        elif mention.on > today or (mention.open and _to_come(before, after)):
            why = why or "future"
        elif _ended(near):
            ended = mention  # "ordered on the 20th, marked delivered on the 3rd": the last
        elif chosen is None or _replaces(text, chosen, mention):
            chosen = mention
    chosen = chosen or ended
    return (chosen, "") if chosen is not None else (None, why)


def _clean(text: str | None, limit: int) -> str:
    text = unicodedata.normalize("NFC", re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", "", text or ""))
    return _WORDS.spelled_day.sub(_day_number, text.strip()[:limit])


def _day_number(found: re.Match[str]) -> str:
    """A day of the month said in words as its number ("twenty-sixth" → "26th")."""
    word = (found.group("word") or found.group("after")).lower()
    day = _WORDS.day_words[word]
    suffix = {1: "st", 2: "nd", 3: "rd"}.get(day % 10 if day // 10 != 1 else 0, "th")
    lead = f"{found.group('lead')} " if found.group("lead") else ""
    return f"{lead}{day}{suffix}"


def _found(mention: _Mention) -> IncidentDate:
    return IncidentDate(mention.words, mention.on, mention.words, mention.written)


def parse_incident_date(text: str, today: date, earlier: str = "") -> IncidentDate | None:
    """Read an answer to "when did it happen?"; None when it names no day in the past that
    went wrong (a purchase date, a day to come, "Samsung fridge").

    Relative words ("yesterday", "지난주", "last friday") become dates, stored as the words
    that name them ("어제라니까" is "어제"); "I don't remember" is accepted as such (ISO 10002
    asks for the date where known, not a guess). A day counted from another ("the next
    day") is counted from one said in it or, failing that, in what was told `earlier`.
    """
    text = _clean(text, _LONGEST)
    if not text:
        return None
    mention, _ = _incident(text, today, answer=True, earlier=earlier)
    if mention is not None:
        return _found(mention)
    if (unknown := _WORDS.unknown.search(text)) is not None:
        # "음.. 날짜는 정확히 기억이 안 나서요 죄송해요.. 그냥 이대로 넣어주시면 안 될까요?": not
        # remembered, in a word, never the sentence said
        from handlers.meta import says_nothing_else  # the meta-answers read no dates

        rest = f"{text[: unknown.start()]} {text[unknown.end() :]}"
        return IncidentDate(text if says_nothing_else(rest) else _not_remembered(text), None)
    return None


def _not_remembered(text: str) -> str:
    """How a day not remembered is stored, in the text's language (dates.yml `unknown_as`)."""
    table = vocabulary.load("dates").get("unknown_as") or {}
    korean = any("\uac00" <= ch <= "\ud7a3" for ch in text)
    return str(table.get("ko" if korean else "en") or text)


def find_incident_date(text: str, today: date) -> IncidentDate | None:
    """A past day named anywhere in a longer message as when it went wrong, as its words."""
    mention, _ = _incident(_clean(text, 4000), today, answer=False)
    return _found(mention) if mention is not None else None


def read_date(text: str, today: date) -> IncidentDate | None:
    """A past day a short correction names, a day of the month alone too ("아 잠깐 24일이요")."""
    mention, _ = _incident(_clean(text, 4000), today, answer=True)
    return _found(mention) if mention is not None else None


def why_not_a_date(text: str, today: date, earlier: str = "") -> str:
    """Why an answer to "when?" gives no date although it names days: "purchase" (only when
    it was bought: "bought it last week") or "future" ("can they come on monday", "평일
    오전만 돼요"); else ""."""
    mention, why = _incident(_clean(text, _LONGEST), today, answer=True, earlier=earlier)
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


def customer_zone(said: Iterable[str]) -> str | None:
    """The time zone of the place a customer last said they are in ("I'm down in New
    Yawk", "here in Montréal", "뉴욕에 있는데"; dates.yml `customer_places`), else None."""
    found: str | None = None
    for text in said:
        found = _zone_said(text) or found
    return found


def _zone_said(text: str) -> str | None:
    lowered = text.lower()
    english, korean = _place_patterns()
    hits = [(m.start(), zone) for zone, pattern in english for m in pattern.finditer(lowered)]
    hits += [(m.start(), zone) for zone, pattern in korean for m in pattern.finditer(text)]
    return max(hits)[1] if hits else None


@cache
def _place_patterns() -> tuple[
    tuple[tuple[str, re.Pattern[str]], ...], tuple[tuple[str, re.Pattern[str]], ...]
]:
    data = vocabulary.load("dates").get("customer_places") or {}
    here = "|".join(re.escape(str(w)) for w in data.get("here") or ())
    there = "|".join(re.escape(str(w)) for w in data.get("there") or ())
    english: list[tuple[str, re.Pattern[str]]] = []
    korean: list[tuple[str, re.Pattern[str]]] = []
    for zone, places in (data.get("zones") or {}).items():
        latin = [re.escape(str(p)) for p in places if re.match(r"[A-Za-z]", str(p))]
        hangul = [re.escape(str(p)) for p in places if not re.match(r"[A-Za-z]", str(p))]
        if latin and here:
            english.append(
                (
                    str(zone),
                    re.compile(rf"\b(?:{here})\b[^.!?\n]{{0,20}}?\bin\s+(?:{'|'.join(latin)})\b"),
                )
            )
        if hangul and there:
            korean.append((str(zone), re.compile(rf"(?:{'|'.join(hangul)})\s*(?:{there})")))
    return tuple(english), tuple(korean)
