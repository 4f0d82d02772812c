"""Dates, durations, status, channel and language names in a reader's language."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

if TYPE_CHECKING:
    from handlers.policy import Span

STATUS_LABELS = {
    "en": {
        "received": "Received",
        "acknowledged": "Acknowledged",
        "investigating": "Under review",
        "responded": "Answered",
        "closed": "Closed",
        "escalated": "With a senior team",
        "withdrawn": "Withdrawn",
        "reopened": "Reopened",
    },
    "ko": {
        "received": "접수 완료",
        "acknowledged": "담당자 확인",
        "investigating": "검토 중",
        "responded": "답변 완료",
        "closed": "처리 완료",
        "escalated": "상급 부서 검토 중",
        "withdrawn": "접수 취소",
        "reopened": "재검토 중",
    },
}
# the channels a complaint comes in on and the languages it is in, as people read them
CHANNEL_NAMES = {
    "en": {
        "telegram": "Telegram",
        "slack": "Slack",
        "rest": "REST API",
        "web": "web page",
        "console": "console",
        "email": "e-mail",
    },
    "ko": {
        "telegram": "텔레그램",
        "slack": "슬랙",
        "rest": "REST API",
        "web": "웹 페이지",
        "console": "콘솔",
        "email": "이메일",
    },
}
LANGUAGE_NAMES = {"en": {"en": "English", "ko": "Korean"}, "ko": {"en": "영어", "ko": "한국어"}}
_MONTHS_EN = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
_DAYS_EN = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
_DAYS_KO = "월화수목금토일"


def status_label(status: str, language: str) -> str:
    """The status in words."""
    return STATUS_LABELS.get(language, STATUS_LABELS["en"]).get(status, status)


def channel_name(channel: str, language: str) -> str:
    """A channel in words (its key when it has none)."""
    return CHANNEL_NAMES.get(language, CHANNEL_NAMES["en"]).get(channel, channel)


def language_name(code: str, language: str) -> str:
    """A language code (`en`, `ko`) in words."""
    return LANGUAGE_NAMES.get(language, LANGUAGE_NAMES["en"]).get(code, code)


def local_date(moment: datetime, timezone: str) -> date:
    """The calendar date of a moment in the organisation's time zone."""
    return moment.astimezone(ZoneInfo(timezone)).date()


def format_date(moment: datetime, language: str, timezone: str) -> str:
    """A date in the organisation's time zone: `Wed 2 Dec 2026` or `2026년 12월 2일(수)`."""
    local = moment.astimezone(ZoneInfo(timezone))
    return format_day(local.date(), language)


def format_day(day: date, language: str) -> str:
    """A calendar day with its weekday, as customers read it."""
    if language == "ko":
        return f"{day.year}년 {day.month}월 {day.day}일({_DAYS_KO[day.weekday()]})"
    return f"{_DAYS_EN[day.weekday()]} {day.day} {_MONTHS_EN[day.month - 1]} {day.year}"


def format_span(span: Span, language: str) -> str:
    """A target as people say it, in the clock's own reckoning (`Policy.span`), so that what
    customers read is what the clock counts: `2 working days and 3 office hours`, `영업일 기준
    2일 3시간`, `4 office hours`; on the calendar clock `36 hours`, `5 days`."""
    hours, minutes = divmod(int(span.rest.total_seconds()) // 60, 60)
    if not span.working:
        if not hours and not minutes and span.days >= 2:
            return f"{span.days}일" if language == "ko" else f"{span.days} days"
        return _hours(span.days * 24 + hours, minutes, language, "")
    if language == "ko":
        if not span.days:
            return "업무 시간 기준 " + _hours(hours, minutes, language, "")
        more = f" {_hours(hours, minutes, language, '')}" if hours or minutes else ""
        return f"영업일 기준 {span.days}일{more}"
    days = "1 working day" if span.days == 1 else f"{span.days} working days"
    if not hours and not minutes:
        return days
    rest = _hours(hours, minutes, language, "office ")
    return f"{days} and {rest}" if span.days else rest


def _hours(hours: int, minutes: int, language: str, kind: str) -> str:
    """Hours and minutes in words: `3 office hours`, `1 hour and 30 minutes`, `3시간 30분`."""
    if language == "ko":
        return " ".join(
            [
                *([f"{hours}시간"] if hours or not minutes else []),
                *([f"{minutes}분"] if minutes else []),
            ]
        )
    said = []
    if hours or not minutes:
        said.append(f"1 {kind}hour" if hours == 1 else f"{hours} {kind}hours")
    if minutes:
        said.append("1 minute" if minutes == 1 else f"{minutes} minutes")
    return " and ".join(said)


def render_response(
    responses: Mapping[str, Any], name: str, language: str, /, **values: Any
) -> str:
    """A domain response as text in the language (its variation for that `language` slot
    value, else the one without a condition), outside a Rasa turn; a response the domain
    lacks is its name, so that it shows."""
    variations = responses.get(name) or []
    chosen = next(
        (
            v
            for v in variations
            if any(
                c.get("name") == "language" and c.get("value") == language
                for c in v.get("condition") or []
            )
        ),
        None,
    ) or next((v for v in variations if not v.get("condition")), {"text": name})
    return str(chosen.get("text") or "").format(**values)
