"""`complaintbot report [--since 30d | --from DATE --to DATE] [--team T] [--csv FILE]
[--png FILE] [--lang ko|en]`: the ISO 10002 clause 8 figures for management review, as text
on the terminal, one CSV row per complaint (no personal data) and a one-page chart."""

from __future__ import annotations

import argparse
import csv
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from bot.cli.common import fail, say
from bot.settings import Settings, parse_duration

# what --csv writes: each figure's inputs, never the customer's name, contact or words
# (`product`: the catalogue's name or blank); `reference` is the key auditors join on
CSV_COLUMNS = (
    "reference", "filed_at", "category", "priority", "channel", "team", "language", "status",
    "product", "acknowledged_at", "first_answer_at", "ack_due_original", "answer_due_original",
    "ack_hours", "answer_hours", "ack_within_target", "answer_within_target",
    "escalation_level", "reopened_count", "survey_asked", "satisfaction_score", "root_cause",
)  # fmt: skip


def register(commands: Any) -> None:
    """Add the command."""
    report = commands.add_parser("report", help="the ISO 10002 clause 8 figures of a period")
    when = report.add_mutually_exclusive_group()
    when.add_argument("--since", default=None, help="a span up to now: 36h, 30d (default), 4w")
    when.add_argument("--from", dest="first", metavar="DATE", help="first local day, YYYY-MM-DD")
    report.add_argument("--to", dest="last", metavar="DATE", help="last local day (with --from)")
    report.add_argument("--team", help="one team's complaints only (e.g. product-quality)")
    report.add_argument("--csv", type=Path, metavar="FILE", help="one row per complaint")
    report.add_argument("--png", type=Path, metavar="FILE", help="a one-page chart")
    report.add_argument("--lang", choices=["en", "ko"], help="default: slack.language")
    report.add_argument(
        "--post",
        action="store_true",
        help="post the weekly digest (the last 7 days) to reports.slack_channel now, "
        "through the outbox (sent by `complaintbot run` with Slack)",
    )
    report.add_argument("--now", help=argparse.SUPPRESS)  # tests: the report as of then
    report.set_defaults(func=cmd_report)


def cmd_report(settings: Settings, args: argparse.Namespace) -> int:
    """Print the report; write the CSV and the chart when asked."""
    from bot.wiring import prepare_database
    from handlers import reports

    policy = settings.policy
    now = _now(args.now, policy.timezone)
    try:
        if args.first:
            today = now.astimezone(ZoneInfo(policy.timezone)).date()  # the organisation's day
            last = date.fromisoformat(args.last) if args.last else today
            first = date.fromisoformat(args.first)
            if last < first:
                return fail("--to is before --from")
            period = reports.period_between(first, last, policy)
        elif args.last:
            return fail("--to needs --from")
        else:
            span = parse_duration(args.since or "30d")
            if not span:
                return fail("--since needs a span longer than nothing, e.g. 36h, 30d, 4w")
            period = reports.period_since(span, now)
    except ValueError as exc:
        return fail(f"not a date or a duration: {exc}")
    if args.post:
        return post_digest(settings, now)
    language = args.lang or policy.staff_language
    database = prepare_database(settings, say)
    report = reports.build(database.engine, policy, period, now=now, team=args.team)
    from bot.report_text import render

    print(render(report, language, policy), end="")
    if args.csv:
        rows = reports.facts(database.engine, policy, period, now=now, team=args.team)
        count = write_csv(args.csv, rows, policy.timezone)
        say(f"✓ {count} complaints written to {args.csv}")
    if args.png:
        from bot.report_chart import draw

        for warning in draw(report, args.png, language, policy):
            say(f"! {warning}")
        say(f"✓ chart written to {args.png}")
    return 0


def post_digest(settings: Settings, now: datetime) -> int:
    """Queue the digest of the 7 days up to now for the Slack channel, as the weekly job does."""
    from bot.jobs.digest import post
    from bot.wiring import prepare_database

    if not settings.report_channel:
        return fail(f"set reports.slack_channel in {settings.config_path} (where to post)")
    database = prepare_database(settings, say)
    post(database.factory, settings.policy, settings.report_channel, now=now)
    say(
        f"✓ digest of the last 7 days queued for {settings.report_channel}: "
        "`complaintbot run` posts it (with SLACK_BOT_TOKEN)"
    )
    return 0


def _now(given: str | None, zone: str) -> datetime:
    if not given:
        return datetime.now(timezone.utc)
    moment = datetime.fromisoformat(given)
    return (moment if moment.tzinfo else moment.replace(tzinfo=ZoneInfo(zone))).astimezone(
        timezone.utc
    )


def write_csv(path: Path, rows: Any, zone: str) -> int:
    """The facts rows as CSV, times local and ISO 8601; how many were written."""
    tz = ZoneInfo(zone)

    def moment(seconds: float | None) -> str:
        if seconds is None:
            return ""
        return datetime.fromtimestamp(seconds, tz).isoformat(timespec="seconds")

    def within(outcome: int | None) -> str:
        return "" if outcome is None else ("yes" if outcome else "no")

    def hours(seconds: float | None) -> str:
        return "" if seconds is None else f"{seconds / 3600:.2f}"

    path.parent.mkdir(parents=True, exist_ok=True)
    count = 0
    with path.open("w", newline="", encoding="utf-8-sig") as out:  # Excel reads the BOM
        writer = csv.writer(out)
        writer.writerow(CSV_COLUMNS)
        for row in rows:
            writer.writerow([
                row["reference"], moment(row["created"]), row["category"], row["priority"],
                row["channel"], row["team"], row["language"], row["status"], row["product"],
                moment(row["acknowledged"]), moment(row["answered"]), moment(row["ack_due"]),
                moment(row["respond_due"]), hours(row["ack_time"]), hours(row["answer_time"]),
                within(row["ack_within"]), within(row["answer_within"]), row["escalation_level"],
                row["reopened_count"], "yes" if row["survey_asked"] else "no",
                row["score"] if row["score"] is not None else "", row["root_cause"] or "",
            ])  # fmt: skip
            count += 1
    return count
