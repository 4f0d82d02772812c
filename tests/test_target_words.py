"""Deadlines are told as the clock counts them: the words the greeting, the help and the
status page give for a target come from `Policy.span`, the reckoning `Policy.due` adds. Each
target's words are read back and counted on a plain office calendar, independently of
`handlers.policy`, and must land where `Policy.due` does."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.settings import load_settings
from handlers.actions.greeting import targets_said
from handlers.formatting import format_span
from handlers.policy import Policy

SEOUL = ZoneInfo("Asia/Seoul")
POLICY = load_settings({}).policy  # config.yml: Mon-Fri 09:00-18:00, office clock
# Monday 23 Nov 2026, opening time; no public holiday in the three weeks after it
MONDAY = datetime(2026, 11, 23, 9, 0, tzinfo=SEOUL)
# targets an operator may write besides the configured ones ("36h" was told as
# "36 office hours" while the clock counted 21)
MORE = [timedelta(hours=36), timedelta(hours=12), timedelta(hours=9), timedelta(minutes=30)]


def _configured(policy: Policy) -> list[timedelta]:
    return [t for targets in policy.targets.values() for t in (targets.ack, targets.respond)]


def _read(words: str) -> tuple[int, timedelta]:
    """Working days and office time, read back from the words in either language."""
    days = re.search(r"(\d+) working days?|영업일 기준 (\d+)일", words)
    hours = re.search(r"(\d+) (?:office )?hours?|(\d+)시간", words)
    minutes = re.search(r"(\d+) minutes?|(\d+)분", words)

    def number(found: re.Match[str] | None) -> int:
        return int(next(g for g in found.groups() if g)) if found else 0

    return number(days), timedelta(hours=number(hours), minutes=number(minutes))


def _office_count(start: datetime, days: int, rest: timedelta) -> datetime:
    """Whole working days, then office time, from a Monday's opening, weekends skipped."""
    opens, closes = time(9), time(18)
    working: list[date] = []
    day = start.date()
    while len(working) < days + 1:
        if day.weekday() < 5:
            working.append(day)
        day += timedelta(days=1)
    if not rest:
        return datetime.combine(working[days - 1], closes, tzinfo=start.tzinfo)
    return datetime.combine(working[days], opens, tzinfo=start.tzinfo) + rest


@pytest.mark.parametrize("target", [*_configured(POLICY), *MORE], ids=str)
def test_the_words_for_a_target_are_what_the_clock_counts(target: timedelta) -> None:
    span = POLICY.span(target)
    english, korean = format_span(span, "en"), format_span(span, "ko")
    assert _read(english) == _read(korean) == (span.days, span.rest)
    assert span.rest < timedelta(hours=9)  # never more office hours than a working day
    assert POLICY.due(MONDAY, target) == _office_count(MONDAY, *_read(english))


def test_a_36_hour_target_is_two_working_days_and_three_office_hours() -> None:
    span = POLICY.span(timedelta(hours=36))
    assert format_span(span, "en") == "2 working days and 3 office hours"
    assert format_span(span, "ko") == "영업일 기준 2일 3시간"
    assert POLICY.due(MONDAY, timedelta(hours=36)) == datetime(2026, 11, 25, 12, 0, tzinfo=SEOUL)


@pytest.mark.parametrize("target", [*_configured(POLICY), *MORE], ids=str)
def test_on_the_calendar_clock_the_words_are_calendar_time(target: timedelta) -> None:
    calendar = replace(POLICY, target_clock="calendar")
    words = format_span(calendar.span(target), "en")
    found = re.fullmatch(
        r"(?:(\d+) days|(\d+) hours?)(?: and (\d+) minutes?)?|(\d+) minutes", words
    )
    assert found, words
    days, hours, minutes, only = (int(g) if g else 0 for g in found.groups())
    said = timedelta(days=days, hours=hours, minutes=minutes or only)
    assert calendar.due(MONDAY, target) == MONDAY + said


@pytest.mark.parametrize("language", ["en", "ko"])
def test_the_greeting_and_the_help_say_the_clocks_words(language: str) -> None:
    normal = POLICY.targets["normal"]
    assert targets_said(POLICY, language) == {
        "ack_target": format_span(POLICY.span(normal.ack), language),
        "respond_target": format_span(POLICY.span(normal.respond), language),
    }
    late = replace(
        POLICY, targets={**POLICY.targets, "normal": replace(normal, ack=timedelta(hours=36))}
    )
    assert targets_said(late, "en")["ack_target"] == "2 working days and 3 office hours"
