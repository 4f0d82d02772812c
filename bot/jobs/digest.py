"""The weekly digest: the report's headline figures of the last 7 days (against the 7 before)
and its chart, posted to a Slack channel through the outbox (`reports:` in config.yml).

An APScheduler cron job fires at `reports.weekly` in the organisation's time zone, and once
at start to make up a slot missed while the process was down (within `CATCH_UP`). Each slot
is one outbox row, keyed by the slot (`report.digest:<local date and time>`): two processes
firing together, or a restart right after the post, write it once (`enqueue_once`). The
figures are those as of the slot, not of whenever a process got round to it, so every
process computes the same digest.
"""

from __future__ import annotations

import base64
import logging
import tempfile
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import sessionmaker

from bot.settings import Digest
from bot.workers import DatabaseWorkers
from handlers import reports
from handlers.policy import Policy
from storage import repositories as repo
from storage.db import transaction
from storage.types import utcnow

log = logging.getLogger(__name__)

DIGEST = "report.digest"  # the outbox kind
DAYS = 7
# a slot missed while no process ran is still news this long after it; later, skipped
CATCH_UP = timedelta(days=1)
CRON_DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def last_slot(digest: Digest, zone: str, now: datetime) -> datetime:
    """The latest scheduled moment at or before `now` (UTC)."""
    local = now.astimezone(ZoneInfo(zone))
    day = local.date() - timedelta(days=(local.weekday() - digest.weekday) % 7)
    slot = datetime.combine(day, digest.at, tzinfo=ZoneInfo(zone))
    if slot > local:
        slot -= timedelta(days=7)
    return slot.astimezone(timezone.utc)


def compose(factory: sessionmaker, policy: Policy, *, now: datetime) -> dict[str, Any]:
    """The digest of the 7 days up to `now`: the headline text and the chart (base64 PNG),
    in the desk's Slack language."""
    from bot.report_chart import draw
    from bot.report_text import headline

    language = policy.staff_language
    report = reports.build(
        factory.kw["bind"], policy, reports.period_since(timedelta(days=DAYS), now), now=now
    )
    with tempfile.TemporaryDirectory() as scratch:
        chart = Path(scratch) / "digest.png"
        for warning in draw(report, chart, language, policy):
            log.warning("digest.chart.warning", extra={"warning": warning})
        png = chart.read_bytes()
    local = (now - timedelta(microseconds=1)).astimezone(ZoneInfo(policy.timezone))
    return {
        "text": headline(report, language, policy.timezone),
        "png": base64.b64encode(png).decode("ascii"),
        "filename": f"complaints-{local:%Y-%m-%d}.png",
        "title": f"{report.period.start.astimezone(local.tzinfo):%Y-%m-%d} – {local:%Y-%m-%d}",
    }


def post(
    factory: sessionmaker,
    policy: Policy,
    channel: str,
    *,
    now: datetime,
    key: str | None = None,
) -> bool:
    """Write the digest as of `now` to the outbox for `channel`; with `key`, only if no
    digest with that key was written before (by any process). Whether it was written."""
    if key is not None:
        with transaction(factory) as session:
            if repo.outbox_has(session, dedupe_key=key):
                return False  # the chart is not drawn for nothing
    payload = compose(factory, policy, now=now)
    with transaction(factory) as session:
        if key is None:
            repo.enqueue(session, channel="slack", recipient=channel, kind=DIGEST, payload=payload)
            return True
        return repo.enqueue_once(
            session,
            dedupe_key=key,
            channel="slack",
            recipient=channel,
            kind=DIGEST,
            payload=payload,
            at=now,
        )


def slot_key(slot: datetime, zone: str) -> str:
    """The dedupe key of one week's digest."""
    return f"{DIGEST}:{slot.astimezone(ZoneInfo(zone)):%Y-%m-%d %H:%M}"


class WeeklyDigest:
    """Posts the digest at each `digest` slot, and at start for a slot just missed."""

    def __init__(
        self,
        factory: sessionmaker,
        policy: Policy,
        digest: Digest,
        *,
        clock: Callable[[], datetime] = utcnow,
        workers: DatabaseWorkers | None = None,
    ) -> None:
        self.factory = factory
        self.policy = policy
        self.digest = digest
        self.clock = clock
        self.workers = workers or DatabaseWorkers(factory.kw["bind"])
        self.scheduler = AsyncIOScheduler(timezone="UTC")

    def start(self) -> None:
        """Schedule the weekly post (and a catch-up now) on the running event loop."""
        self.scheduler.add_job(
            self.run_once,
            "cron",
            day_of_week=CRON_DAYS[self.digest.weekday],
            hour=self.digest.at.hour,
            minute=self.digest.at.minute,
            timezone=self.policy.timezone,
            id="digest",
            coalesce=True,
            max_instances=1,
            misfire_grace_time=int(CATCH_UP.total_seconds()),
        )
        self.scheduler.add_job(self.run_once, "date", id="digest-catch-up")  # now
        self.scheduler.start()

    async def stop(self) -> None:
        if self.scheduler.running:
            self.scheduler.shutdown(wait=False)

    async def run_once(self) -> bool:
        """Post the digest of the latest slot unless it is too old or posted already."""
        now = self.clock()
        slot = last_slot(self.digest, self.policy.timezone, now)
        if now - slot > CATCH_UP:
            return False
        key = slot_key(slot, self.policy.timezone)
        try:
            # drawing the chart takes a second: on a worker, not the event loop
            written = await self.workers.run(
                post, self.factory, self.policy, self.digest.channel, now=slot, key=key
            )
        except SQLAlchemyError as exc:  # the database is away: a restart catches up
            log.warning("digest.failed", extra={"error": type(exc).__name__})
            return False
        log.info("digest.posted" if written else "digest.already", extra={"slot": key})
        return written
