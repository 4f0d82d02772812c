"""Dates, durations and status names in the customer's language."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

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
_MONTHS_EN = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
_DAYS_EN = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
_DAYS_KO = "월화수목금토일"


def status_label(status: str, language: str) -> str:
    """The status in words."""
    return STATUS_LABELS.get(language, STATUS_LABELS["en"]).get(status, status)


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


def format_duration(span: timedelta, language: str, *, working: bool = False) -> str:
    """A target as people say it: `24 hours`, `5 days` / `24시간`, `5일`; on the office
    clock (`working`) whole days are working days (`1 working day`, `영업일 기준 1일`) and
    hours are office hours."""
    hours = int(span.total_seconds() // 3600)
    if working:
        if hours % 24 == 0 and hours >= 24:
            days = hours // 24
            if language == "ko":
                return f"영업일 기준 {days}일"
            return "1 working day" if days == 1 else f"{days} working days"
        if language == "ko":
            return f"업무 시간 기준 {hours}시간"
        return "1 office hour" if hours == 1 else f"{hours} office hours"
    if hours % 24 == 0 and hours >= 48:
        days = hours // 24
        return f"{days}일" if language == "ko" else f"{days} days"
    if language == "ko":
        return f"{hours}시간"
    return f"{hours} hour" if hours == 1 else f"{hours} hours"


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
