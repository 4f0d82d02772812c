"""`complaintbot chase [--now TIMESTAMP (--dry-run | --really-send)] [--dry-run]`: one overdue
sweep, printed as a table a supervisor can read. `complaintbot run` sweeps on its own; this is
for a look, or a catch-up. A sweep at another time than now sends only when told to
(`--really-send`): reminders and customer messages sent early cannot be taken back."""

from __future__ import annotations

import argparse
from datetime import datetime, timezone
from typing import Any
from zoneinfo import ZoneInfo

from bot.cli.common import fail, say
from bot.settings import Settings

WHAT = {
    "ack.remind": "reminder: not acknowledged",
    "ack.supervisor": "escalated to supervisor: not acknowledged",
    "ack.manager": "escalated to manager: not acknowledged",
    "respond.remind": "reminder: not answered",
    "respond.hold": "customer told the answer is late, new date",
    "respond.supervisor": "escalated to supervisor: not answered",
    "respond.manager": "escalated to manager: not answered",
    "promised.remind": "reminder: the date promised to the customer passed",
    "promised.supervisor": "supervisor told: the promised date passed",
    "promised.manager": "manager told: the promised date passed",
    "close.remind": "customer reminded to accept or decline the answer",
    "close.silence": "closed: no reply to the answer (survey asked)",
    "survey.remind": "customer reminded of the satisfaction question",
}


def register(commands: Any) -> None:
    """Add the command."""
    chase = commands.add_parser("chase", help="run one overdue sweep and print what it did")
    chase.add_argument(
        "--now",
        metavar="TIMESTAMP",
        help="sweep as if it were then (ISO 8601, e.g. 2026-11-30T09:00; local time unless it "
        "names a zone)",
    )
    mode = chase.add_mutually_exclusive_group()
    mode.add_argument(
        "--dry-run", action="store_true", help="print what would be done; change and send nothing"
    )
    mode.add_argument(
        "--really-send",
        action="store_true",
        help="with --now: do the sweep and send its reminders, escalations and customer "
        "messages now, as if it were then",
    )
    chase.set_defaults(func=cmd_chase)


def cmd_chase(settings: Settings, args: argparse.Namespace) -> int:
    """One sweep at `--now` (default: now)."""
    from bot.wiring import prepare_database
    from handlers.chase import sweep
    from storage.types import utcnow

    zone = ZoneInfo(settings.policy.timezone)
    now = utcnow()
    if args.now:
        try:
            given = datetime.fromisoformat(args.now)
        except ValueError:
            return fail(f"--now {args.now!r} is not a timestamp (e.g. 2026-11-30T09:00)")
        now = (given if given.tzinfo else given.replace(tzinfo=zone)).astimezone(timezone.utc)
        if not (args.dry_run or args.really_send):
            return fail(
                "--now sweeps as if it were another time: add --dry-run to see what it would "
                "do, or --really-send to send its messages now"
            )
    database = prepare_database(settings, say)
    report = sweep(database.factory, settings.policy, settings.chase, now=now, dry_run=args.dry_run)
    when = f"{now.astimezone(zone):%Y-%m-%d %H:%M %Z}"
    verb = "would do" if args.dry_run else "did"
    if not report.done:
        print(
            f"{when}: nothing overdue ({report.due} complaints looked at, {report.took_ms:.0f} ms)"
        )
        return 0
    print(f"{when}: {verb} {len(report.done)} steps for {report.due} overdue complaints")
    print(f"{'reference':<15} {'due':<17} {'step':<45} to")
    for done in report.done:
        due = f"{done.due_at.astimezone(zone):%Y-%m-%d %H:%M}"
        what = WHAT.get(done.step, done.step)
        if done.what:  # whom an escalation rung reached: a team without a supervisor, a manager
            what = f"{done.what}: {what.split(': ', 1)[-1]}"
        print(f"{done.reference:<15} {due:<17} {what:<45} {done.to}")
    print(
        f"reminded {report.count('remind')}, escalated "
        f"{report.count('supervisor') + report.count('manager')}, held {report.count('hold')}, "
        f"closed after silence {report.count('silence')}, "
        f"{report.took_ms:.0f} ms"
    )
    return 0
