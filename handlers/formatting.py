"""Dates, durations and status names in the customer's language."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

STATUS_LABELS = {
    "en": {
        "received": "received",
        "acknowledged": "acknowledged",
        "investigating": "being investigated",
        "responded": "answered",
        "closed": "closed",
        "escalated": "escalated to a senior team",
        "withdrawn": "withdrawn",
        "reopened": "reopened",
    },
    "ko": {
        "received": "접수됨",
        "acknowledged": "확인됨",
        "investigating": "조사 중",
        "responded": "답변 완료",
        "closed": "종결",
        "escalated": "상위 부서로 이관됨",
        "withdrawn": "철회됨",
        "reopened": "재조사 요청됨",
    },
}
_MONTHS_EN = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


def status_label(status: str, language: str) -> str:
    """The status in words."""
    return STATUS_LABELS.get(language, STATUS_LABELS["en"]).get(status, status)


def local_date(moment: datetime, timezone: str) -> date:
    """The calendar date of a moment in the organisation's time zone."""
    return moment.astimezone(ZoneInfo(timezone)).date()


def format_date(moment: datetime, language: str, timezone: str) -> str:
    """A date in the organisation's time zone: `2 Dec 2026` or `2026년 12월 2일`."""
    local = moment.astimezone(ZoneInfo(timezone))
    if language == "ko":
        return f"{local.year}년 {local.month}월 {local.day}일"
    return f"{local.day} {_MONTHS_EN[local.month - 1]} {local.year}"


def format_duration(span: timedelta, language: str) -> str:
    """A target as people say it: `24 hours`, `5 days` / `24시간`, `5일`."""
    hours = int(span.total_seconds() // 3600)
    if hours % 24 == 0 and hours >= 48:
        days = hours // 24
        return f"{days}일" if language == "ko" else f"{days} days"
    if language == "ko":
        return f"{hours}시간"
    return f"{hours} hour" if hours == 1 else f"{hours} hours"
