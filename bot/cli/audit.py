"""`complaintbot audit export --since … [--to …] [--out FILE]`: every complaint event as JSON
lines (at, actor, kind, data, reference) for auditors (ISO 10002 8.5). Rows are streamed
from a server-side cursor and written as they come, so memory stays flat on a large
database."""

from __future__ import annotations

import argparse
import contextlib
import json
import re
import sys
from datetime import date, datetime, timedelta, timezone
from typing import IO, Any
from zoneinfo import ZoneInfo

from bot.cli.common import fail, say
from bot.settings import Settings

_AGO = re.compile(r"^(\d+)([dw])$")


def register(commands: Any) -> None:
    """Add the command group."""
    audit = commands.add_parser("audit", help="the audit trail for auditors")
    actions = audit.add_subparsers(dest="action", required=True, metavar="ACTION")
    export = actions.add_parser(
        "export", help="every complaint event as JSON lines (at, actor, kind, data, reference)"
    )
    export.add_argument(
        "--since",
        required=True,
        help="from this date or time (ISO 8601, local time unless it names a zone), or a "
        "period back from now (30d, 12w)",
    )
    export.add_argument("--to", help="up to (not including) this date or time")
    export.add_argument("--out", metavar="FILE", help="write to this file (default: stdout)")
    audit.set_defaults(func=cmd_audit)


def moment(text: str, zone: ZoneInfo, now: datetime) -> datetime:
    """A date, a timestamp or `30d`/`12w` ago, as UTC; ValueError otherwise."""
    ago = _AGO.match(text.strip())
    if ago:
        days = int(ago.group(1)) * (7 if ago.group(2) == "w" else 1)
        return now - timedelta(days=days)
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text.strip()):
        start = datetime.combine(date.fromisoformat(text.strip()), datetime.min.time())
        return start.replace(tzinfo=zone).astimezone(timezone.utc)
    given = datetime.fromisoformat(text.strip())
    return (given if given.tzinfo else given.replace(tzinfo=zone)).astimezone(timezone.utc)


def _line(row: dict[str, Any]) -> str:
    return json.dumps(
        {
            "at": row["at"].isoformat(),
            "actor": row["actor"],
            "kind": row["kind"],
            "data": row["data"],
            "reference": row["reference"],
        },
        ensure_ascii=False,
    )


def cmd_audit(settings: Settings, args: argparse.Namespace) -> int:
    """Write the events from `--since` up to `--to`, oldest first."""
    from storage.db import make_engine
    from storage.migrate import upgrade
    from storage.retention import audit_events
    from storage.types import utcnow

    zone = ZoneInfo(settings.policy.timezone)
    now = utcnow()
    try:
        since = moment(args.since, zone, now)
        until = moment(args.to, zone, now) if args.to else None
    except ValueError:
        return fail("--since and --to take a date (2026-11-01), a time or a period (30d)")
    engine = make_engine(settings.database_url)
    upgrade(engine)
    with contextlib.ExitStack() as stack:
        out: IO[str] = (
            stack.enter_context(open(args.out, "w", encoding="utf-8")) if args.out else sys.stdout
        )
        count = 0
        with engine.connect() as connection:
            for row in audit_events(connection, since=since, until=until):
                out.write(_line(row) + "\n")
                count += 1
    say(f"• {count} events exported")
    return 0
