"""`complaintbot purge [--now TIMESTAMP] [--dry-run]`: what the daily retention sweep does,
by hand, with progress and a summary; and `complaints erase` (a customer forgotten at their
request). `complaintbot run` purges on its own every day."""

from __future__ import annotations

import argparse
import time
from datetime import datetime, timedelta, timezone
from typing import Any
from zoneinfo import ZoneInfo

from bot.cli.common import fail, say
from bot.settings import Settings

DELIVERIES_KEPT = timedelta(days=1)


def register(commands: Any) -> None:
    """Add the command."""
    purge = commands.add_parser(
        "purge",
        help="anonymise complaints closed longer ago than retention.days and delete old "
        "conversations that never became a complaint",
    )
    purge.add_argument(
        "--now",
        metavar="TIMESTAMP",
        help="purge as if it were then (ISO 8601, e.g. 2029-12-01T09:00; local time unless "
        "it names a zone)",
    )
    purge.add_argument(
        "--dry-run", action="store_true", help="count what would be removed; change nothing"
    )
    purge.set_defaults(func=cmd_purge)


def _moment(text: str | None, zone: ZoneInfo) -> datetime | None:
    """`--now` as UTC (None: now); ValueError when it is not a timestamp."""
    from storage.types import utcnow

    if not text:
        return utcnow()
    given = datetime.fromisoformat(text)
    return (given if given.tzinfo else given.replace(tzinfo=zone)).astimezone(timezone.utc)


def cmd_purge(settings: Settings, args: argparse.Namespace) -> int:
    """One retention sweep at `--now` (default: now)."""
    from bot.wiring import prepare_database
    from handlers.retention import PurgeReport, purge

    zone = ZoneInfo(settings.policy.timezone)
    try:
        now = _moment(args.now, zone)
    except ValueError:
        return fail(f"--now {args.now!r} is not a timestamp (e.g. 2029-12-01T09:00)")
    assert now is not None
    rules = settings.policy.retention
    database = prepare_database(settings, say)
    started = time.perf_counter()

    def progress(report: PurgeReport) -> None:
        say(f"• anonymised {report.complaints} complaints ({time.perf_counter() - started:.1f} s)")

    report = purge(
        database.factory,
        rules,
        now=now,
        dry_run=args.dry_run,
        files=settings.attachments.directory,
        deliveries_before=now - DELIVERIES_KEPT,
        progress=progress,
    )
    when = f"{now.astimezone(zone):%Y-%m-%d %H:%M %Z}"
    if args.dry_run:
        print(
            f"{when}: would anonymise {report.complaints} complaints closed more than "
            f"{rules.days} days ago (or whose customer asked), and delete "
            f"{report.conversations} conversations quiet for {rules.conversation_days} days "
            f"that never became a complaint"
        )
        return 0
    print(
        f"{when}: anonymised {report.complaints} complaints, deleted {report.conversations} "
        f"conversations that no complaint holds ({report.conversation_rows} "
        f"conversation events in all), {report.files} files and {report.deliveries} old "
        f"deliveries in {report.took_s:.1f} s"
    )
    return 0


def erase(settings: Settings, *, customer: str, by: str) -> int:
    """`complaints erase --customer CHANNEL:ID --by HANDLE`."""
    from bot.wiring import prepare_database
    from handlers.casework import actor_of
    from handlers.identity import Identity
    from handlers.retention import erase_customer
    from storage.types import utcnow

    channel, sep, user_id = customer.partition(":")
    if not sep or not channel or not user_id:
        return fail(f"--customer {customer!r}: give the channel and the id, e.g. telegram:12345")
    member = settings.policy.staff(by)
    if member is None:
        handles = ", ".join(m.handle for m in settings.policy.roster)
        return fail(f"--by {by!r} is not on the staff roster in config.yml ({handles})")
    database = prepare_database(settings, say)
    done = erase_customer(
        database.factory,
        Identity(channel, user_id),
        by=actor_of(member),
        now=utcnow(),
        files=settings.attachments.directory,
    )
    if not done.erased and not done.flagged:
        print(f"{customer}: no complaint holds personal data; their conversation is deleted")
        return 0
    if done.erased:
        print(f"anonymised now: {', '.join(done.erased)}")
    if done.flagged:
        print(f"open, anonymised when they end: {', '.join(done.flagged)}")
    return 0
