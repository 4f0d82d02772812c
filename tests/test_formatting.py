"""Status names, dates and durations in the customer's language and the organisation's zone."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest

from handlers.formatting import (
    STATUS_LABELS,
    format_date,
    format_span,
    local_date,
    status_label,
)
from handlers.policy import Span
from storage.vocabulary import STATUSES

DAY = timedelta(days=1)
WORKING_DAY = timedelta(hours=9)

SEOUL = "Asia/Seoul"
# 20:30 UTC on the 25th is 05:30 on the 26th in Seoul.
LATE_EVENING_UTC = datetime(2026, 11, 25, 20, 30, tzinfo=timezone.utc)


@pytest.mark.parametrize("status", STATUSES)
@pytest.mark.parametrize("language", ["en", "ko"])
def test_every_status_has_a_label_in_both_languages(status: str, language: str) -> None:
    assert status in STATUS_LABELS[language]
    assert status_label(status, language)


@pytest.mark.parametrize("status", STATUSES)
def test_korean_status_labels_are_translated(status: str) -> None:
    assert status_label(status, "ko") != status


def test_a_status_label_is_words_not_the_code() -> None:
    assert status_label("investigating", "en") == "Under review"
    assert status_label("investigating", "ko") == "검토 중"


def test_an_unknown_language_falls_back_to_english() -> None:
    assert status_label("investigating", "fr") == "Under review"


def test_format_date_uses_the_organisation_time_zone() -> None:
    assert format_date(LATE_EVENING_UTC, "en", SEOUL) == "Thu 26 Nov 2026"
    assert format_date(LATE_EVENING_UTC, "ko", SEOUL) == "2026년 11월 26일(목)"


def test_format_date_in_utc_keeps_the_utc_day() -> None:
    assert format_date(LATE_EVENING_UTC, "en", "UTC") == "Wed 25 Nov 2026"


def test_format_date_does_not_pad_the_day() -> None:
    moment = datetime(2026, 12, 2, 3, 0, tzinfo=timezone.utc)
    assert format_date(moment, "en", SEOUL) == "Wed 2 Dec 2026"
    assert format_date(moment, "ko", SEOUL) == "2026년 12월 2일(수)"


def test_local_date_is_the_calendar_day_in_the_time_zone() -> None:
    assert local_date(LATE_EVENING_UTC, SEOUL) == date(2026, 11, 26)
    assert local_date(LATE_EVENING_UTC, "UTC") == date(2026, 11, 25)


@pytest.mark.parametrize(
    ("span", "english", "korean"),
    [
        (Span(0, timedelta(hours=1), False, DAY), "1 hour", "1시간"),
        (Span(0, timedelta(hours=4), False, DAY), "4 hours", "4시간"),
        (Span(1, timedelta(0), False, DAY), "24 hours", "24시간"),
        (Span(1, timedelta(hours=12), False, DAY), "36 hours", "36시간"),
        (Span(2, timedelta(0), False, DAY), "2 days", "2일"),
        (Span(10, timedelta(0), False, DAY), "10 days", "10일"),
        (Span(0, timedelta(minutes=90), False, DAY), "1 hour and 30 minutes", "1시간 30분"),
    ],
)
def test_calendar_spans_are_hours_then_whole_days(span: Span, english: str, korean: str) -> None:
    assert format_span(span, "en") == english
    assert format_span(span, "ko") == korean


@pytest.mark.parametrize(
    ("span", "english", "korean"),
    [
        (Span(0, timedelta(hours=4), True, WORKING_DAY), "4 office hours", "업무 시간 기준 4시간"),
        (Span(1, timedelta(0), True, WORKING_DAY), "1 working day", "영업일 기준 1일"),
        (Span(10, timedelta(0), True, WORKING_DAY), "10 working days", "영업일 기준 10일"),
        (
            Span(2, timedelta(hours=3), True, WORKING_DAY),
            "2 working days and 3 office hours",
            "영업일 기준 2일 3시간",
        ),
    ],
)
def test_on_the_office_clock_spans_are_working_days_and_office_hours(
    span: Span, english: str, korean: str
) -> None:
    assert format_span(span, "en") == english
    assert format_span(span, "ko") == korean
