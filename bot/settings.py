"""Settings: `config.yml` checked and overridden by the environment, built once, passed explicitly.

Every default lives in the models below. Every mistake (a missing file, bad YAML, a wrong
type, an unknown key, team or time zone, a host reachable from other machines without an
API token) is a `ConfigError` whose one line names the file and the key; the CLI prints it
and exits 2 before anything heavy loads.
"""

from __future__ import annotations

import hashlib
import ipaddress
import os
import re
import string
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, time, timedelta
from email.message import EmailMessage
from pathlib import Path
from typing import Any, Literal
from urllib.parse import parse_qsl, unquote, urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import phonenumbers
import pydantic
import yaml

from bot.errors import ConfigError
from handlers.chase import ChaseRules
from handlers.faq import Entry, Faq, Why
from handlers.fields import FORM_FIELDS
from handlers.policy import CategoryRule, Closing, Hours, Policy, Retention, Targets, Triage
from handlers.products import Product
from storage.db import sqlite_url_relative_to
from storage.repositories import StaffMember
from storage.vocabulary import PRIORITIES

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CONFIG = ROOT / "config.yml"
LOOPBACK_HOSTS = {"127.0.0.1", "localhost", "::1"}
_DURATION = re.compile(r"^\s*(\d+)\s*([mhdw])\s*$")
_UNITS = {"m": "minutes", "h": "hours", "d": "days", "w": "weeks"}
_HANDLE = re.compile(r"[a-z0-9][a-z0-9._-]*")


def parse_duration(text: str) -> timedelta:
    """`4h`, `2d`, `30m`, `1w` → timedelta."""
    match = _DURATION.match(str(text))
    if not match:
        raise ValueError(f"not a duration: {text!r} (use e.g. 30m, 4h, 2d, 1w)")
    return timedelta(**{_UNITS[match.group(2)]: int(match.group(1))})


class _Model(pydantic.BaseModel):
    class Config:
        extra = pydantic.Extra.forbid  # a misspelt key is an error, not a silent default
        allow_mutation = False


class _Languages(_Model):
    en: str = ""
    ko: str = ""


class _Target(_Model):
    acknowledge: timedelta
    respond: timedelta

    @pydantic.validator("acknowledge", "respond", pre=True)
    def _duration(cls, value: Any) -> timedelta:
        return parse_duration(value)


class _Category(_Model):
    name: pydantic.constr(strip_whitespace=True, min_length=1)  # type: ignore[valid-type]
    team: pydantic.constr(strip_whitespace=True, min_length=1)  # type: ignore[valid-type]
    keywords: tuple[pydantic.StrictStr, ...] = ()
    # Any match picks this category whatever the others match (product safety).
    override: bool = False
    # Words that decide this category over any count of the others' (how staff behaved).
    decisive: tuple[pydantic.StrictStr, ...] = ()
    labels: _Languages = _Languages()  # what staff call it, by language


class _Staff(_Model):
    handle: str
    name: str = ""
    team: str
    slack_user_id: pydantic.constr(regex=r"^[UW][A-Z0-9]{2,}$") | None = None  # type: ignore[valid-type]
    # agents work their complaints; supervisors and managers also reassign, see contacts of
    # their team's complaints, and receive escalations (supervisor first, then manager)
    role: Literal["agent", "supervisor", "manager"] = "agent"
    language: Literal["en", "ko"] | None = None  # the staff default (`slack.language`) when unset

    @pydantic.validator("handle")
    def _handle(cls, value: str) -> str:
        if not _HANDLE.fullmatch(value):
            raise ValueError(f"{value!r} is not a handle (lower-case letters, digits, . _ -)")
        return value


_DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


class _Slack(_Model):
    # each team's channel for complaint cards, by channel id (C…, from the channel's details)
    team_channels: dict[str, pydantic.constr(regex=r"^[CG][A-Z0-9]{2,}$")] = {}  # type: ignore[valid-type]
    language: Literal["en", "ko"] = "ko"  # staff messages and cards, unless a member says


def _holidays(country: str | None) -> Callable[[date], bool]:
    """Whether a date is a public holiday there; the calendar is built on first use."""
    calendar: Any = None

    def holiday(day: date) -> bool:
        nonlocal calendar
        if country is None:
            return False
        if calendar is None:
            import holidays

            calendar = holidays.country_holidays(country)  # each year added when asked
        return day in calendar

    return holiday


class _Hours(_Model):
    days: tuple[str, ...] = ("mon", "tue", "wed", "thu", "fri")
    open: str = "09:00"
    close: str = "18:00"
    # closed on this country's public holidays (the `holidays` package; KR includes
    # substitute holidays); null for none
    holidays: str | None = "KR"

    @pydantic.validator("holidays")
    def _country(cls, value: str | None) -> str | None:
        if value is None:
            return None
        import holidays

        if value.upper() not in holidays.list_supported_countries():
            raise ValueError(f"no public holidays known for {value!r} (a country code, e.g. KR)")
        return value.upper()

    @pydantic.validator("days", each_item=True)
    def _day(cls, value: str) -> str:
        if value.lower() not in _DAYS:
            raise ValueError(f"{value!r} is not a day (use {', '.join(_DAYS)})")
        return value.lower()

    @pydantic.validator("open", "close")
    def _time(cls, value: str) -> str:
        if not re.fullmatch(r"([01]\d|2[0-3]):[0-5]\d", value):
            raise ValueError(f"{value!r} is not a time of day (use e.g. 09:00)")
        return value

    def hours(self) -> Hours:
        return Hours(
            days=tuple(_DAYS.index(d) for d in self.days),
            opens=time.fromisoformat(self.open),
            closes=time.fromisoformat(self.close),
            holiday=_holidays(self.holidays),
        )


class _Chase(_Model):
    interval: timedelta = timedelta(minutes=1)
    escalate_after: timedelta = timedelta(hours=4)
    hold_for: timedelta = timedelta(days=5)
    urgent_clock: Literal["office", "calendar"] = "office"

    @pydantic.validator("interval", "escalate_after", "hold_for", pre=True)
    def _duration(cls, value: Any) -> timedelta:
        return value if isinstance(value, timedelta) else parse_duration(value)


class _Reports(_Model):
    # where the weekly digest goes: a channel id (C…) or name (#management)
    slack_channel: str = ""
    weekly: str = ""  # "mon 09:00" in `timezone`; empty: no digest

    @pydantic.validator("slack_channel")
    def _channel(cls, value: str) -> str:
        value = value.strip()
        if value and not re.fullmatch(r"#?[a-z0-9][a-z0-9_-]{0,79}|[CG][A-Z0-9]{2,}", value):
            raise ValueError(f"{value!r} is not a Slack channel id (C…) or name (#management)")
        return value

    @pydantic.validator("weekly")
    def _weekly(cls, value: str) -> str:
        value = " ".join(value.lower().split())
        if value and not re.fullmatch(rf"({'|'.join(_DAYS)}) ([01]\d|2[0-3]):[0-5]\d", value):
            raise ValueError(f'{value!r} is not a day and a time (use e.g. "mon 09:00")')
        return value

    def digest(self) -> Digest | None:
        if not self.weekly:
            return None
        day, at = self.weekly.split()
        return Digest(self.slack_channel, _DAYS.index(day), time.fromisoformat(at))


@dataclass(frozen=True)
class Digest:
    """The weekly digest of the report to a Slack channel: where, and when (local time)."""

    channel: str  # a channel id, or a name looked up at sending
    weekday: int  # Monday is 0
    at: time


class _Closing(_Model):
    close_after: timedelta = timedelta(days=14)
    reopen_within: timedelta = timedelta(days=30)
    survey_reminder_after: timedelta = timedelta(days=2)
    recourse: _Languages = _Languages(
        en="the Korea Consumer Agency, 1372 (www.ccn.go.kr)",
        ko="한국소비자원 1372 소비자상담센터(www.ccn.go.kr)",
    )

    @pydantic.validator("close_after", "reopen_within", "survey_reminder_after", pre=True)
    def _duration(cls, value: Any) -> timedelta:
        duration = value if isinstance(value, timedelta) else parse_duration(value)
        if duration <= timedelta(0):
            raise ValueError("must be longer than nothing (e.g. 14d)")
        return duration

    @pydantic.validator("recourse")
    def _both_languages(cls, value: _Languages) -> _Languages:
        missing = [language for language in ("en", "ko") if not value.dict()[language].strip()]
        if missing:
            raise ValueError(
                f"needs the external body in {' and '.join(missing)} too (a customer who "
                "declines the answer is told where else to turn)"
            )
        return value


class _Retention(_Model):
    days: pydantic.conint(ge=1) = 1095  # type: ignore[valid-type]
    conversation_days: pydantic.conint(ge=1) = 90  # type: ignore[valid-type]


class _Triage(_Model):
    file_at: pydantic.confloat(ge=0, le=1) = 0.7  # type: ignore[valid-type]
    offer_at: pydantic.confloat(ge=0, le=1) = 0.1  # type: ignore[valid-type]
    offer_praise_at: pydantic.confloat(ge=0, le=1) = 0.25  # type: ignore[valid-type]

    @pydantic.root_validator(skip_on_failure=True)
    def _ordered(cls, values: dict[str, Any]) -> dict[str, Any]:
        if values["offer_at"] > values["file_at"]:
            raise ValueError("offer_at must not be above file_at")
        if values["offer_praise_at"] > values["file_at"]:
            raise ValueError("offer_praise_at must not be above file_at")
        return values


class _Product(_Model):
    name: pydantic.constr(strip_whitespace=True, min_length=1)  # type: ignore[valid-type]
    aliases: tuple[pydantic.constr(strip_whitespace=True, min_length=1), ...] = ()  # type: ignore[valid-type]
    patterns: tuple[str, ...] = ()
    category: str | None = None  # None: the category named "product" if there is one

    @pydantic.validator("patterns", each_item=True)
    def _pattern(cls, value: str) -> str:
        try:
            re.compile(value)
        except re.error as exc:
            raise ValueError(f"{value!r} is not a regular expression ({exc})") from exc
        return value


class _Attachments(_Model):
    directory: str = "var/attachments"
    # Telegram bots can download files up to 20 MB.
    max_bytes: pydantic.conint(ge=1, le=20 * 1024 * 1024) = 20 * 1024 * 1024  # type: ignore[valid-type]
    types: tuple[str, ...] = (
        "image/jpeg",
        "image/png",
        "image/webp",
        "image/heic",
        "application/pdf",
    )

    @pydantic.validator("types", each_item=True)
    def _mime(cls, value: str) -> str:
        if not re.fullmatch(r"[a-z]+/[a-z0-9.+-]+", value):
            raise ValueError(f"{value!r} is not a media type (e.g. image/jpeg)")
        return value


# What an FAQ answer may name, filled in when it is said (see config.yml `faq`).
FAQ_VALUES = (
    "organisation",
    "ack_target",
    "respond_target",
    "contact_way",
    "where",
    "kept_years",
    "kept_days",
    "conversation_days",
)
FAQ_CHANNELS = ("telegram", "slack", "web", "rest", "console")
_Words = tuple[pydantic.StrictStr, ...]


def _fillers(text: str) -> set[str]:
    """The {names} a text fills in."""
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


class _FaqEntry(_Model):
    id: pydantic.constr(strip_whitespace=True, min_length=1)  # type: ignore[valid-type]
    asks: tuple[_Words, ...] = ()
    answer: _Languages
    channels: dict[str, _Languages] = {}
    field: Literal[FORM_FIELDS] | None = None  # type: ignore[valid-type]
    unless: _Words = ()
    statement: bool = False
    case: bool = False
    call: bool = False
    sense: _Words = ()
    person: bool = False
    instead_of: _Words = ()
    staff: bool = False

    @pydantic.validator("asks")
    def _groups(cls, value: tuple[tuple[str, ...], ...]) -> tuple[tuple[str, ...], ...]:
        if any(not group for group in value):
            raise ValueError("a group of `asks` has no words")
        return value

    @pydantic.validator("answer")
    def _said(cls, value: _Languages) -> _Languages:
        if not value.en:
            raise ValueError(
                "needs an English answer (`en`), said when there is none in the language"
            )
        return value

    @pydantic.validator("channels")
    def _channels(cls, value: dict[str, _Languages]) -> dict[str, _Languages]:
        unknown = [name for name in value if name not in FAQ_CHANNELS]
        if unknown:
            raise ValueError(
                f"unknown channel {unknown[0]!r} (channels: {', '.join(FAQ_CHANNELS)})"
            )
        return value

    @pydantic.root_validator(skip_on_failure=True)
    def _complete(cls, values: dict[str, Any]) -> dict[str, Any]:
        if not values["asks"] and values["field"] is None:
            raise ValueError(f"{values['id']}: needs `asks` (or a `field` it explains)")
        answers = [values["answer"], *values["channels"].values()]
        for text in (t for a in answers for t in (a.en, a.ko)):
            try:
                unknown = sorted(_fillers(text) - set(FAQ_VALUES))
            except ValueError as exc:
                raise ValueError(f"{values['id']}: {exc} in {text!r}") from exc
            if unknown:
                raise ValueError(
                    f"{values['id']}: unknown {{{unknown[0]}}} in an answer "
                    f"(answers may use {', '.join('{' + v + '}' for v in FAQ_VALUES)})"
                )
        return values


class _FaqWhy(_Model):
    words: _Words = ()
    need: _Words = ()
    only: _Words = ()


class _Faq(_Model):
    why: _FaqWhy = _FaqWhy()
    alternatives: _Words = ()
    pointing_back: _Words = ()
    entries: tuple[_FaqEntry, ...] = ()

    @pydantic.validator("entries")
    def _unique(cls, value: tuple[_FaqEntry, ...]) -> tuple[_FaqEntry, ...]:
        seen: set[str] = set()
        for entry in value:
            if entry.id in seen:
                raise ValueError(f"{entry.id!r} is listed twice")
            seen.add(entry.id)
        for entry in value:
            unknown = [other for other in entry.instead_of if other not in seen]
            if unknown:
                raise ValueError(f"{entry.id}: `instead_of` names no entry {unknown[0]!r}")
        return value

    def faq(self) -> Faq:
        return Faq(
            entries=tuple(
                Entry(
                    id=e.id,
                    asks=tuple(tuple(group) for group in e.asks),
                    answer=e.answer.dict(),
                    channels={name: answers.dict() for name, answers in e.channels.items()},
                    field=e.field,
                    unless=tuple(e.unless),
                    statement=e.statement,
                    case=e.case,
                    call=e.call,
                    sense=tuple(e.sense),
                    person=e.person,
                    instead_of=tuple(e.instead_of),
                    staff=e.staff,
                )
                for e in self.entries
            ),
            why=Why(tuple(self.why.words), tuple(self.why.need), tuple(self.why.only)),
            alternatives=tuple(self.alternatives),
            pointing_back=tuple(self.pointing_back),
        )


class _Http(_Model):
    host: str = "127.0.0.1"
    port: pydantic.conint(ge=0, le=65535) = 5005  # type: ignore[valid-type]
    # proxies whose X-Forwarded-For, -Proto and -Host are believed; anyone can send them
    trusted_proxies: tuple[pydantic.StrictStr, ...] = ()
    # where staff's browsers reach this server: the links to attachments on Slack cards
    public_url: str = ""

    @pydantic.validator("public_url")
    def _public_url(cls, value: str) -> str:
        value = value.strip().rstrip("/")
        if value and not re.fullmatch(r"https?://[^/\s]+(/\S*)?", value):
            raise ValueError(f"{value!r} is not an http(s) address (e.g. https://desk.example.com)")
        return value

    @pydantic.validator("trusted_proxies", each_item=True)
    def _network(cls, value: str) -> str:
        try:
            ipaddress.ip_network(value.strip(), strict=False)
        except ValueError as exc:
            raise ValueError(
                f"{value!r} is not an IP address or network (e.g. 127.0.0.1 or 10.0.0.0/8)"
            ) from exc
        return value.strip()


def mailbox(value: str) -> str:
    """One e-mail address, with or without a display name ("Desk <care@example.com>")."""
    message = EmailMessage()
    try:
        message["From"] = value
        addresses = message["From"].addresses
    except (ValueError, IndexError) as exc:
        raise ValueError(f"{value!r} is not an e-mail address") from exc
    if len(addresses) != 1 or not addresses[0].username or not addresses[0].domain:
        raise ValueError(
            f"{value!r} is not one e-mail address (e.g. Example Electronics <care@example.com>)"
        )
    return value


class _Email(_Model):
    # the From of every e-mail to customers; needed once SMTP_URL is set
    sender: str = pydantic.Field("", alias="from")
    # the status page's public address, given in every e-mail ("" : "the status page")
    status_url: str = ""

    @pydantic.validator("sender")
    def _sender(cls, value: str) -> str:
        return mailbox(value.strip()) if value.strip() else ""

    @pydantic.validator("status_url")
    def _status_url(cls, value: str) -> str:
        value = value.strip()
        if value and not re.fullmatch(r"https?://[^/\s]+/\S*", value):
            raise ValueError(
                f"{value!r} is not an http(s) URL (e.g. https://desk.example.com/status)"
            )
        return value


class _ModelFiles(_Model):
    project: str = "nlu"
    directory: str = "var/models"


class _Assignment(_Model):
    fallback: tuple[Literal["supervisor", "manager"], ...] = ("supervisor", "manager")


class _Config(_Model):
    organisation: _Languages = _Languages(en="our company", ko="저희 회사")
    database_url: str = "sqlite:///var/complaintbot.db"
    http: _Http = _Http()
    model: _ModelFiles = _ModelFiles()
    action_endpoint_url: str = ""
    timezone: str = "Asia/Seoul"
    phone_region: str = "KR"
    max_message_chars: pydantic.conint(ge=100, le=100_000) = 4000  # type: ignore[valid-type]
    turn_lock_seconds: pydantic.confloat(ge=1, le=600) = 10.0  # type: ignore[valid-type]
    targets: dict[str, _Target]
    priority_keywords: dict[str, tuple[pydantic.StrictStr, ...]] = {}
    categories: tuple[_Category, ...] = ()
    default_category: str = "general"
    default_category_labels: _Languages = _Languages()  # what staff call it, by language
    default_team: str = "customer-care"
    staff: tuple[_Staff, ...] = ()
    slack: _Slack = _Slack()
    # what each team is called to its customers, by language ("our product quality team")
    teams: dict[str, _Languages] = {}
    human_contact: _Languages = _Languages()
    human_hours: _Hours = _Hours()
    target_clock: Literal["office", "calendar"] = "office"
    chase: _Chase = _Chase()
    closing: _Closing = _Closing()
    assignment: _Assignment = _Assignment()
    root_causes: dict[str, _Languages] = {}
    reports: _Reports = _Reports()
    retention: _Retention = _Retention()
    safety_advice: _Languages = _Languages(
        en="Please stop using it and unplug it. If anyone is hurt, call emergency services.",
        ko="사용을 멈추고 전원 플러그를 뽑아 주세요. 다친 분이 있으면 119에 먼저 연락해 주세요.",
    )
    injury_advice: _Languages = _Languages(
        en="If anyone is hurt, please get medical help first.",
        ko="다치신 분이 있으면 먼저 치료를 받아 주세요.",
    )
    question_contact: _Languages = _Languages(
        en="Please ask our customer service about that.",
        ko="해당 문의는 고객센터로 부탁드립니다.",
    )
    triage: _Triage = _Triage()
    faq: _Faq = _Faq()
    products: tuple[_Product, ...] = ()
    attachments: _Attachments = _Attachments()
    email: _Email = _Email.parse_obj({})  # `from` is a keyword: only its alias is named

    @pydantic.validator("products")
    def _known_categories(
        cls, value: tuple[_Product, ...], values: dict[str, Any]
    ) -> tuple[_Product, ...]:
        known = {c.name for c in values.get("categories", ())} | {values.get("default_category")}
        for product in value:
            if product.category is not None and product.category not in known:
                raise ValueError(
                    f"{product.name}: unknown category {product.category!r} "
                    f"(categories: {', '.join(sorted(k for k in known if k))})"
                )
        return value

    @pydantic.validator("timezone")
    def _timezone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(f"unknown time zone {value!r} (e.g. Asia/Seoul)") from exc
        return value

    @pydantic.validator("phone_region")
    def _region(cls, value: str) -> str:
        if value not in phonenumbers.SUPPORTED_REGIONS:
            raise ValueError(f"unknown phone region {value!r} (a two-letter code, e.g. KR)")
        return value

    @pydantic.validator("targets")
    def _all_priorities(cls, value: dict[str, _Target]) -> dict[str, _Target]:
        missing = [p for p in PRIORITIES if p not in value]
        unknown = [p for p in value if p not in PRIORITIES]
        if missing or unknown:
            raise ValueError(
                f"needs exactly the priorities {', '.join(PRIORITIES)}"
                + (f"; missing {', '.join(missing)}" if missing else "")
                + (f"; unknown {', '.join(unknown)}" if unknown else "")
            )
        return value

    @pydantic.validator("priority_keywords")
    def _known_priorities(cls, value: dict[str, Any]) -> dict[str, Any]:
        unknown = [p for p in value if p not in PRIORITIES]
        if unknown:
            raise ValueError(f"unknown priority {unknown[0]!r} (use {', '.join(PRIORITIES)})")
        return value


@dataclass(frozen=True)
class AttachmentRules:
    """Where customers' files are kept, and which are taken."""

    directory: Path
    max_bytes: int = 20 * 1024 * 1024
    types: tuple[str, ...] = ("image/jpeg", "image/png", "image/webp", "application/pdf")


@dataclass(frozen=True)
class TelegramSettings:
    """The Telegram channel: long polling unless a webhook URL is set."""

    token: str = field(repr=False)
    webhook_url: str | None = None
    webhook_secret: str = ""
    api_base_url: str | None = None  # another Bot API server (a local one, or a fake)

    @property
    def mode(self) -> str:
        return "webhook" if self.webhook_url else "polling"


@dataclass(frozen=True)
class SlackSettings:
    """Slack for staff (and internal customers): HTTP events, or Socket Mode with an app token."""

    bot_token: str = field(repr=False)
    signing_secret: str = field(repr=False, default="")
    app_token: str | None = field(repr=False, default=None)
    api_base_url: str | None = None  # another Web API server (a fake one in tests)

    @property
    def mode(self) -> str:
        return "socket" if self.app_token else "http"


def _slack(env: Mapping[str, str]) -> SlackSettings | None:
    token = (env.get("SLACK_BOT_TOKEN") or "").strip()
    secret = (env.get("SLACK_SIGNING_SECRET") or "").strip()
    app_token = (env.get("SLACK_APP_TOKEN") or "").strip() or None
    base_url = (env.get("SLACK_API_BASE_URL") or "").strip().rstrip("/") or None
    if not token:
        if secret or app_token:
            raise ConfigError(
                "SLACK_SIGNING_SECRET or SLACK_APP_TOKEN is set but SLACK_BOT_TOKEN is not"
            )
        return None
    if not token.startswith("xoxb-"):
        raise ConfigError(
            "SLACK_BOT_TOKEN: not a bot token (Slack app → OAuth & Permissions → Bot User "
            "OAuth Token, starting xoxb-)"
        )
    if app_token is not None and not app_token.startswith("xapp-"):
        raise ConfigError(
            "SLACK_APP_TOKEN: not an app-level token (Slack app → Basic Information → "
            "App-Level Tokens, starting xapp-, with connections:write)"
        )
    if app_token is None and not secret:
        raise ConfigError(
            "SLACK_SIGNING_SECRET is needed to check that requests to /slack/events come from "
            "Slack (Slack app → Basic Information → Signing Secret), or set SLACK_APP_TOKEN "
            "for Socket Mode"
        )
    if secret and not re.fullmatch(r"[0-9a-f]{32}", secret):
        # Slack offers no call to check a signing secret, but its form is fixed: a token
        # or the client secret pasted here is caught at start, not as 401s later
        raise ConfigError(
            "SLACK_SIGNING_SECRET: not a signing secret (Slack app → Basic Information → App "
            "Credentials → Signing Secret: 32 letters a–f and digits)"
        )
    if base_url and not re.match(r"https?://[^/\s]+", base_url):
        raise ConfigError(f"SLACK_API_BASE_URL: {base_url!r} is not an http(s) URL")
    return SlackSettings(token, secret, app_token, base_url)


_TOKEN = re.compile(r"\d+:[A-Za-z0-9_-]+")
_SECRET = re.compile(r"[A-Za-z0-9_-]{1,256}")


def _telegram(env: Mapping[str, str]) -> TelegramSettings | None:
    token = (env.get("TELEGRAM_BOT_TOKEN") or "").strip()
    webhook_url = (env.get("TELEGRAM_WEBHOOK_URL") or "").strip() or None
    base_url = (env.get("TELEGRAM_API_BASE_URL") or "").strip().rstrip("/") or None
    if not token:
        if webhook_url:
            raise ConfigError("TELEGRAM_WEBHOOK_URL is set but TELEGRAM_BOT_TOKEN is not")
        return None
    if not _TOKEN.fullmatch(token):
        raise ConfigError(
            "TELEGRAM_BOT_TOKEN: not a bot token (BotFather gives one like 123456789:AAE…)"
        )
    if base_url and not re.match(r"https?://[^/\s]+", base_url):
        raise ConfigError(f"TELEGRAM_API_BASE_URL: {base_url!r} is not an http(s) URL")
    if webhook_url:
        # Telegram only calls https webhooks; a local Bot API server may call http ones.
        scheme = "https?" if base_url else "https"
        if not re.fullmatch(rf"{scheme}://[^/\s]+/\S*", webhook_url):
            raise ConfigError(
                f"TELEGRAM_WEBHOOK_URL: {webhook_url!r} is not an https URL of this server's "
                "/telegram/webhook route (e.g. https://desk.example.com/telegram/webhook)"
            )
    secret = (env.get("TELEGRAM_WEBHOOK_SECRET") or "").strip()
    if secret and not _SECRET.fullmatch(secret):
        raise ConfigError(
            "TELEGRAM_WEBHOOK_SECRET: use 1-256 of A-Z, a-z, 0-9, _ and - (Telegram's rule)"
        )
    if not secret:  # the same in every process and across restarts, never the token itself
        secret = hashlib.sha256(f"complaintbot-webhook:{token}".encode()).hexdigest()[:48]
    return TelegramSettings(token, webhook_url, secret, base_url)


@dataclass(frozen=True)
class EmailSettings:
    """E-mail to customers the desk cannot push to: the SMTP server (`SMTP_URL`) and what
    the e-mails say (`email:` in config.yml)."""

    host: str
    port: int
    sender: str  # the From header
    username: str | None = None
    password: str | None = field(repr=False, default=None)
    tls: bool = False  # smtps://: TLS from the first byte
    # STARTTLS: True required, False never, None when the server offers it
    starttls: bool | None = None
    status_url: str | None = None


_SMTP_PORTS = {"smtp": 25, "smtps": 465}
_YES_NO = {"true": True, "yes": True, "1": True, "false": False, "no": False, "0": False}


def _email(env: Mapping[str, str], config: _Config, path: Path) -> EmailSettings | None:
    """`SMTP_URL` read and checked; every message names the variable, never the password."""
    url = (env.get("SMTP_URL") or "").strip()
    if not url:
        return None
    example = (
        "use smtp://host:port, smtps://user:password@host:465 or "
        "smtp://user:password@host:587?starttls=true"
    )
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:
        raise ConfigError(f"SMTP_URL: not an SMTP URL: bad host or port ({example})") from exc
    if parts.scheme not in _SMTP_PORTS or not parts.hostname:
        raise ConfigError(f"SMTP_URL: not an SMTP URL ({example})")
    if parts.path not in ("", "/") or parts.fragment:
        raise ConfigError(f"SMTP_URL: an SMTP URL has no path ({example})")
    starttls: bool | None = None
    for key, value in parse_qsl(parts.query, keep_blank_values=True):
        if key != "starttls":
            raise ConfigError(f"SMTP_URL: unknown option {key!r} (the one option is starttls)")
        if value.lower() not in _YES_NO:
            raise ConfigError(f"SMTP_URL: starttls={value!r}: use starttls=true or starttls=false")
        starttls = _YES_NO[value.lower()]
    tls = parts.scheme == "smtps"
    if tls and starttls:
        raise ConfigError(
            "SMTP_URL: smtps:// is TLS from the start; starttls=true is for smtp:// (port 587)"
        )
    username = unquote(parts.username) if parts.username else None
    password = unquote(parts.password) if parts.password is not None else None
    if password is not None and not username:
        raise ConfigError("SMTP_URL: a password without a user name (smtp://user:password@host)")
    if username and not (tls or starttls) and parts.hostname not in LOOPBACK_HOSTS:
        # never a password in clear text across the network
        raise ConfigError(
            "SMTP_URL: a user name and password to another machine need TLS: use smtps://…:465 "
            "or add ?starttls=true"
        )
    if not config.email.sender:
        raise ConfigError(
            f"{path}: email.from: needed when SMTP_URL is set "
            '(e.g. "Example Electronics <care@example.com>")'
        )
    return EmailSettings(
        host=parts.hostname,
        port=port or _SMTP_PORTS[parts.scheme],
        sender=config.email.sender,
        username=username,
        password=password,
        tls=tls,
        starttls=starttls,
        status_url=config.email.status_url or None,
    )


@dataclass(frozen=True)
class Settings:
    """Everything the process needs, from config.yml and the environment."""

    config_path: Path
    database_url: str
    redis_url: str | None
    http_host: str
    http_port: int
    api_token: str | None
    model_project: Path
    model_directory: Path
    action_endpoint_url: str | None
    policy: Policy
    attachments: AttachmentRules = field(
        default_factory=lambda: AttachmentRules(Path("var/attachments"))
    )
    telegram: TelegramSettings | None = None
    slack: SlackSettings | None = None
    email: EmailSettings | None = None  # with `SMTP_URL`
    chase: ChaseRules = field(default_factory=ChaseRules)
    trusted_proxies: tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...] = ()
    # how long a killed process's Redis lock tickets hold its conversations (seconds)
    turn_lock_seconds: float = 10.0
    # where staff's browsers reach this server ("": attachments on cards are not linked)
    public_url: str = ""
    digest: Digest | None = None  # the weekly report to Slack (`reports:`); None: off
    report_channel: str = ""  # where `complaintbot report --post` posts the digest

    @property
    def loopback_only(self) -> bool:
        """Whether the HTTP server listens on this machine only."""
        return self.http_host in LOOPBACK_HOSTS

    def check_serving(self) -> None:
        """Refuse to serve the REST channel beyond this machine without an API token."""
        if not self.loopback_only and not self.api_token:
            raise ConfigError(
                f"COMPLAINTBOT_HTTP_HOST (or http.host in {self.config_path.name}) is "
                f"{self.http_host!r}, reachable from other machines: set COMPLAINTBOT_API_TOKEN "
                f"too, since the REST channel trusts the sender it is given"
            )


def _where(location: tuple[Any, ...]) -> str:
    return ".".join(str(part) for part in location if part != "__root__")


def _read(path: Path) -> Mapping[str, Any]:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise ConfigError(
            f"{path}: configuration file not found (set COMPLAINTBOT_CONFIG)"
        ) from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot be read: {exc}") from exc
    try:
        raw = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f" at line {mark.line + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or "bad YAML"
        raise ConfigError(f"{path}: not valid YAML{line}: {problem}") from exc
    if raw is None:
        raw = {}
    if not isinstance(raw, dict):
        raise ConfigError(f"{path}: the top level must be a mapping of keys to values")
    return raw


def _check_roster(path: Path, config: _Config) -> None:
    handles: set[str] = set()
    for i, member in enumerate(config.staff):
        if member.handle in handles:
            raise ConfigError(f"{path}: staff.{i}.handle: {member.handle!r} is listed twice")
        handles.add(member.handle)
    teams = sorted({member.team for member in config.staff})
    known = ", ".join(teams) or "none: add staff"
    for i, category in enumerate(config.categories):
        if category.team not in teams:
            raise ConfigError(
                f"{path}: categories.{i}.team: unknown team {category.team!r} "
                f"(teams with staff: {known})"
            )
    for team in config.slack.team_channels:
        if team not in teams:
            raise ConfigError(
                f"{path}: slack.team_channels.{team}: unknown team (teams with staff: {known})"
            )
    if config.default_team not in teams:
        raise ConfigError(
            f"{path}: default_team: unknown team {config.default_team!r} (teams with staff: {known})"
        )


def _policy(config: _Config, *, email: bool = False) -> Policy:
    names = {c.name for c in config.categories}
    product_category = "product" if "product" in names else config.default_category
    return Policy(
        targets={
            level: Targets(target.acknowledge, target.respond)
            for level, target in config.targets.items()
        },
        priority_keywords=dict(config.priority_keywords),
        categories=tuple(
            CategoryRule(
                c.name, c.team, tuple(c.keywords), c.override, c.labels.dict(), tuple(c.decisive)
            )
            for c in config.categories
        ),
        default_category=config.default_category,
        default_category_labels=config.default_category_labels.dict(),
        product_category=product_category,
        default_team=config.default_team,
        roster=tuple(
            StaffMember(
                handle=m.handle,
                display_name=m.name or m.handle,
                team=m.team,
                slack_user_id=m.slack_user_id,
                role=m.role,
                language=m.language or config.slack.language,
            )
            for m in config.staff
        ),
        team_channels=dict(config.slack.team_channels),
        staff_language=config.slack.language,
        team_names={team: names.dict() for team, names in config.teams.items()},
        target_clock=config.target_clock,
        timezone=config.timezone,
        phone_region=config.phone_region,
        human_contact=config.human_contact.dict(),
        human_hours=config.human_hours.hours(),
        organisation=config.organisation.dict(),
        safety_advice=config.safety_advice.dict(),
        injury_advice=config.injury_advice.dict(),
        max_message_chars=config.max_message_chars,
        question_contact=config.question_contact.dict(),
        triage=Triage(config.triage.file_at, config.triage.offer_at, config.triage.offer_praise_at),
        products=tuple(
            Product(p.name, tuple(p.aliases), tuple(p.patterns), p.category or product_category)
            for p in config.products
        ),
        email_customers=email,
        faq=config.faq.faq(),
        closing=Closing(
            close_after=config.closing.close_after,
            reopen_within=config.closing.reopen_within,
            survey_reminder_after=config.closing.survey_reminder_after,
            recourse=config.closing.recourse.dict(),
        ),
        assignment_fallback=tuple(config.assignment.fallback),
        root_causes={key: names.dict() for key, names in config.root_causes.items()},
        retention=Retention(config.retention.days, config.retention.conversation_days),
    )


def _digest(config: _Config, path: Path) -> Digest | None:
    digest = config.reports.digest()
    if digest is not None and not digest.channel:
        raise ConfigError(
            f"{path}: reports.weekly: set reports.slack_channel too (where the digest goes)"
        )
    return digest


def load_settings(environ: Mapping[str, str] | None = None) -> Settings:
    """Read config.yml (or `COMPLAINTBOT_CONFIG`), check it, apply environment overrides."""
    env = os.environ if environ is None else environ
    path = Path(env.get("COMPLAINTBOT_CONFIG") or DEFAULT_CONFIG)
    raw = _read(path)
    try:
        config = _Config.parse_obj(raw)
    except pydantic.ValidationError as exc:
        first = exc.errors()[0]
        raise ConfigError(f"{path}: {_where(first['loc'])}: {first['msg']}") from exc
    _check_roster(path, config)
    port_text = env.get("COMPLAINTBOT_HTTP_PORT") or str(config.http.port)
    if not (port_text.isascii() and port_text.isdigit()) or not 0 <= int(port_text) < 65536:
        raise ConfigError(f"COMPLAINTBOT_HTTP_PORT: {port_text!r} is not a port number (0-65535)")
    base = path.resolve().parent
    database_url = env.get("DATABASE_URL") or config.database_url
    try:
        database_url = sqlite_url_relative_to(database_url, base)
    except ValueError as exc:
        key = "DATABASE_URL" if env.get("DATABASE_URL") else f"{path}: database_url"
        raise ConfigError(
            f"{key}: not a database URL (e.g. sqlite:///var/complaintbot.db)"
        ) from exc
    email = _email(env, config, path)
    return Settings(
        config_path=path,
        database_url=database_url,
        redis_url=env.get("REDIS_URL") or None,
        http_host=env.get("COMPLAINTBOT_HTTP_HOST") or config.http.host,
        http_port=int(port_text),
        api_token=env.get("COMPLAINTBOT_API_TOKEN") or None,
        model_project=base / config.model.project,
        model_directory=base / config.model.directory,
        action_endpoint_url=config.action_endpoint_url or None,
        policy=_policy(config, email=email is not None),
        attachments=AttachmentRules(
            base / config.attachments.directory,
            config.attachments.max_bytes,
            tuple(config.attachments.types),
        ),
        telegram=_telegram(env),
        slack=_slack(env),
        email=email,
        chase=ChaseRules(
            config.chase.interval,
            config.chase.escalate_after,
            config.chase.hold_for,
            config.chase.urgent_clock,
        ),
        trusted_proxies=tuple(
            ipaddress.ip_network(value, strict=False) for value in config.http.trusted_proxies
        ),
        turn_lock_seconds=config.turn_lock_seconds,
        public_url=config.http.public_url,
        digest=_digest(config, path),
        report_channel=config.reports.slack_channel,
    )
