"""The policy's clock for people: when the line is open and when it opens next."""

from __future__ import annotations

from datetime import datetime, time
from zoneinfo import ZoneInfo

import pytest

from handlers.policy import Hours

SEOUL = ZoneInfo("Asia/Seoul")
WEEKDAYS = Hours(days=(0, 1, 2, 3, 4), opens=time(9), closes=time(18))


@pytest.mark.parametrize(
    ("moment", "open_now"),
    [
        (datetime(2026, 11, 26, 10, 0, tzinfo=SEOUL), True),  # Thursday morning
        (datetime(2026, 11, 26, 8, 59, tzinfo=SEOUL), False),
        (datetime(2026, 11, 26, 18, 0, tzinfo=SEOUL), False),  # closes at 18:00 sharp
        (datetime(2026, 11, 28, 11, 0, tzinfo=SEOUL), False),  # Saturday
    ],
)
def test_the_line_is_open_on_weekdays_in_office_hours(moment: datetime, open_now: bool) -> None:
    assert WEEKDAYS.open_at(moment) is open_now


@pytest.mark.parametrize(
    ("moment", "opens"),
    [
        (datetime(2026, 11, 27, 19, 0, tzinfo=SEOUL), datetime(2026, 11, 30, 9, 0, tzinfo=SEOUL)),
        (datetime(2026, 11, 28, 11, 0, tzinfo=SEOUL), datetime(2026, 11, 30, 9, 0, tzinfo=SEOUL)),
        (datetime(2026, 11, 26, 5, 27, tzinfo=SEOUL), datetime(2026, 11, 26, 9, 0, tzinfo=SEOUL)),
    ],
)
def test_the_next_opening_skips_the_weekend(moment: datetime, opens: datetime) -> None:
    assert WEEKDAYS.next_opening(moment) == opens
