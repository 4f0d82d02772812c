"""The office clock (`handlers.policy.Hours`): working time, weekends and Korean public
holidays (substitute holidays included), for due dates and "the line is closed"."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from bot.settings import load_settings
from handlers.policy import Hours

SEOUL = ZoneInfo("Asia/Seoul")
POLICY = load_settings({}).policy
OFFICE = POLICY.human_hours  # Mon-Fri 09:00-18:00, closed on Korean public holidays


def kst(*args: int) -> datetime:
    return datetime(*args, tzinfo=SEOUL)


@pytest.mark.parametrize(
    ("start", "duration", "due"),
    [
        (kst(2026, 11, 25, 10), timedelta(hours=4), kst(2026, 11, 25, 14)),  # Wed, same day
        (kst(2026, 11, 25, 16), timedelta(hours=4), kst(2026, 11, 26, 11)),  # over the night
        (kst(2026, 11, 25, 10), timedelta(days=1), kst(2026, 11, 26, 10)),  # a working day
        (kst(2026, 11, 27, 20), timedelta(hours=24), kst(2026, 11, 30, 18)),  # Fri evening
        (kst(2026, 11, 28, 9), timedelta(hours=4), kst(2026, 11, 30, 13)),  # Saturday
        (kst(2026, 11, 25, 7), timedelta(hours=2), kst(2026, 11, 25, 11)),  # before opening
        (kst(2026, 11, 25, 10), timedelta(days=10), kst(2026, 12, 9, 10)),  # two weeks
    ],
)
def test_targets_count_office_hours_only(start: datetime, duration: timedelta, due: datetime):
    assert OFFICE.add(start, duration) == due


def test_a_friday_evening_complaint_is_not_overdue_on_saturday_morning() -> None:
    filed = kst(2026, 11, 27, 19, 30).astimezone(timezone.utc)
    due = POLICY.due(filed, POLICY.targets["normal"].ack)  # 24h
    assert due.tzinfo is not None and due > kst(2026, 11, 28, 9)
    assert due.astimezone(SEOUL) == kst(2026, 11, 30, 18)  # Monday's closing


def test_korean_public_holidays_and_their_substitutes_are_closed() -> None:
    assert not OFFICE.working_day(date(2026, 12, 25))  # Christmas, a Friday
    assert not OFFICE.working_day(date(2026, 3, 2))  # substitute for 1 March (a Sunday)
    assert not OFFICE.working_day(date(2026, 9, 25))  # Chuseok
    assert OFFICE.working_day(date(2026, 12, 24))
    # Thursday 24 Dec 17:00 + one working day: an hour on Thursday, eight on Monday 28th
    assert OFFICE.add(kst(2026, 12, 24, 17), timedelta(days=1)) == kst(2026, 12, 28, 17)
    # Friday 27 Feb 18:00 + 4 h: not the weekend, not Monday 2 March
    assert OFFICE.add(kst(2026, 2, 27, 18), timedelta(hours=4)) == kst(2026, 3, 3, 13)


def test_the_line_is_closed_on_a_holiday_and_opens_after_it() -> None:
    christmas_morning = kst(2026, 12, 25, 10)
    assert not OFFICE.open_at(christmas_morning)
    assert OFFICE.next_opening(christmas_morning) == kst(2026, 12, 28, 9)


def test_the_calendar_clock_counts_every_hour() -> None:
    calendar = replace(POLICY, target_clock="calendar")
    filed = kst(2026, 11, 27, 19, 30)
    assert calendar.due(filed, timedelta(hours=24)) == filed + timedelta(hours=24)


def test_an_office_that_never_opens_falls_back_to_calendar_time() -> None:
    never = Hours(days=(), opens=time(9), closes=time(18))
    start = kst(2026, 11, 25, 10)
    assert never.add(start, timedelta(hours=4)) == start + timedelta(hours=4)


def test_holidays_are_configurable(tmp_path) -> None:
    import yaml

    from bot.errors import ConfigError
    from tests.test_settings import ROOT

    raw = yaml.safe_load((ROOT / "config.yml").read_text(encoding="utf-8"))
    raw["human_hours"] = {**raw["human_hours"], "holidays": None}
    path = tmp_path / "config.yml"
    path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    open_on_christmas = load_settings({"COMPLAINTBOT_CONFIG": str(path)}).policy.human_hours
    assert open_on_christmas.working_day(date(2026, 12, 25))
    raw["human_hours"] = {**raw["human_hours"], "holidays": "XX"}
    path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    with pytest.raises(ConfigError, match=r"human_hours\.holidays"):
        load_settings({"COMPLAINTBOT_CONFIG": str(path)})
