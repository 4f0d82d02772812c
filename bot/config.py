"""Settings: `config.yml` overridden by the environment, built once and passed explicitly."""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

import yaml

from handlers.policy import CategoryRule, Policy, Targets
from storage.repositories import StaffMember

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CONFIG = ROOT / "config.yml"
_DURATION = re.compile(r"^\s*(\d+)\s*([mhdw])\s*$")
_UNITS = {"m": "minutes", "h": "hours", "d": "days", "w": "weeks"}
LOOPBACK_HOSTS = {"127.0.0.1", "localhost", "::1"}


class ConfigError(ValueError):
    """The configuration cannot be used; the message says what to fix."""


def parse_duration(text: str) -> timedelta:
    """`4h`, `2d`, `30m`, `1w` → timedelta."""
    match = _DURATION.match(str(text))
    if not match:
        raise ConfigError(f"not a duration: {text!r} (use e.g. 30m, 4h, 2d, 1w)")
    return timedelta(**{_UNITS[match.group(2)]: int(match.group(1))})


@dataclass(frozen=True)
class Settings:
    """Everything the process needs, from config.yml and the environment."""

    database_url: str
    redis_url: str | None
    http_host: str
    http_port: int
    api_token: str | None
    model_project: Path
    model_directory: Path
    action_endpoint_url: str | None
    policy: Policy

    @property
    def loopback_only(self) -> bool:
        """Whether the HTTP server listens on this machine only."""
        return self.http_host in LOOPBACK_HOSTS


def _resolve(path: str, base: Path) -> Path:
    candidate = Path(path)
    return candidate if candidate.is_absolute() else base / candidate


def _sqlite_relative_to(url: str, base: Path) -> str:
    # A relative SQLite path in config.yml is relative to the project, not the cwd.
    prefix = "sqlite:///"
    if url.startswith(prefix) and not url.startswith("sqlite:////") and url != "sqlite://":
        path = url[len(prefix) :]
        if path and path != ":memory:":
            return prefix + str(base / path)
    return url


def _policy(raw: Mapping[str, Any]) -> Policy:
    try:
        targets = {
            level: Targets(parse_duration(value["acknowledge"]), parse_duration(value["respond"]))
            for level, value in raw["targets"].items()
        }
    except (KeyError, TypeError) as exc:
        raise ConfigError("targets: each priority needs `acknowledge` and `respond`") from exc
    missing = {"urgent", "high", "normal", "low"} - set(targets)
    if missing:
        raise ConfigError(f"targets: missing priorities {sorted(missing)}")
    roster = tuple(
        StaffMember(
            handle=str(member["handle"]),
            display_name=str(member.get("name", member["handle"])),
            team=str(member["team"]),
            slack_user_id=member.get("slack_user_id"),
        )
        for member in raw.get("staff", []) or []
    )
    return Policy(
        targets=targets,
        priority_keywords={
            level: tuple(str(k) for k in words)
            for level, words in (raw.get("priority_keywords") or {}).items()
        },
        categories=tuple(
            CategoryRule(
                str(c["name"]),
                str(c["team"]),
                tuple(str(k) for k in c.get("keywords", [])),
            )
            for c in raw.get("categories", []) or []
        ),
        default_category=str(raw.get("default_category", "general")),
        default_team=str(raw.get("default_team", "customer-care")),
        roster=roster,
        reference_prefix=str(raw.get("reference_prefix", "CMP")).upper(),
        timezone=str(raw.get("timezone", "Asia/Seoul")),
        phone_region=str(raw.get("phone_region", "KR")),
        human_contact={str(k): str(v) for k, v in (raw.get("human_contact") or {}).items()},
        organisation={str(k): str(v) for k, v in (raw.get("organisation") or {}).items()},
        max_message_chars=int(raw.get("max_message_chars", 4000)),
    )


def load_settings(environ: Mapping[str, str] | None = None) -> Settings:
    """Read config.yml (or `COMPLAINTBOT_CONFIG`) and apply environment overrides."""
    env = os.environ if environ is None else environ
    path = Path(env.get("COMPLAINTBOT_CONFIG") or DEFAULT_CONFIG)
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except FileNotFoundError as exc:
        raise ConfigError(f"configuration file not found: {path}") from exc
    base = path.resolve().parent
    http = raw.get("http") or {}
    model = raw.get("model") or {}
    port_text = env.get("COMPLAINTBOT_HTTP_PORT") or str(http.get("port", 5005))
    if not port_text.isdigit() or not 0 <= int(port_text) < 65536:
        raise ConfigError(f"COMPLAINTBOT_HTTP_PORT must be a port number, not {port_text!r}")
    database_url = env.get("DATABASE_URL") or str(
        raw.get("database_url", "sqlite:///var/complaintbot.db")
    )
    return Settings(
        database_url=_sqlite_relative_to(database_url, base),
        redis_url=env.get("REDIS_URL") or None,
        http_host=env.get("COMPLAINTBOT_HTTP_HOST") or str(http.get("host", "127.0.0.1")),
        http_port=int(port_text),
        api_token=env.get("COMPLAINTBOT_API_TOKEN") or None,
        model_project=_resolve(str(model.get("project", "nlu")), base),
        model_directory=_resolve(str(model.get("directory", "var/models")), base),
        action_endpoint_url=str(raw.get("action_endpoint_url") or "") or None,
        policy=_policy(raw),
    )
