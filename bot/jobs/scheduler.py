"""The overdue sweep on APScheduler, in `complaintbot run`.

An `AsyncIOScheduler` runs `handlers.chase.sweep` every `chase.interval` with `coalesce` and
`max_instances=1` (a slow sweep is never run twice at once, and runs missed while the loop was
busy are made up once), and once at start: what fell due while the process was down is done
then, once, since the sweep does every rung that has come by now. Every process may run it:
the ledger and the `FOR UPDATE SKIP LOCKED` batches send each step once however many
processes sweep together (see `handlers/chase.py`). The sweep runs on a worker thread
(`bot/workers.py`), each batch one unit of work: 1,500 complaints falling due at once held the
event loop, and so every channel, for 0.43 s when it ran on it.

A second job forgets, every hour (and at start), the platform deliveries done more than
`DELIVERIES_KEPT` ago: Telegram and Slack redeliver within minutes, and the table otherwise
grows by a row per message forever.

A third forgets, every day (and at start), what retention says is due
(`handlers.retention.purge`): complaints closed longer ago than `retention.days` and those
ended since their customer asked to be forgotten are anonymised, and conversations that
never became a complaint are deleted after `retention.conversation_days`. Its batches lock
with `SKIP LOCKED`, so processes purging together never do one complaint twice.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from sqlalchemy.exc import OperationalError, SQLAlchemyError
from sqlalchemy.orm import sessionmaker

from bot.workers import DatabaseWorkers
from handlers.chase import ChaseRules, SweepReport, sweep
from handlers.policy import Policy
from handlers.retention import PurgeReport, purge
from storage.repositories import prune_deliveries
from storage.types import utcnow

log = logging.getLogger(__name__)

RUNGS = ("remind", "supervisor", "manager", "hold")
DELIVERIES_KEPT = timedelta(days=1)
PRUNE_EVERY = timedelta(hours=1)
PURGE_EVERY = timedelta(days=1)


class ChaseScheduler:
    """Sweeps for overdue work every `rules.interval`, and once at start."""

    def __init__(
        self,
        factory: sessionmaker,
        policy: Policy,
        rules: ChaseRules,
        *,
        observe: Callable[[dict[str, int], float], None] | None = None,
        clock: Callable[[], datetime] = utcnow,
        workers: DatabaseWorkers | None = None,
        files: Path | None = None,
    ) -> None:
        self.factory = factory
        self.workers = workers or DatabaseWorkers(factory.kw["bind"])
        self.policy = policy
        self.rules = rules
        self.observe = observe
        self.clock = clock
        self.files = files  # where attachments are kept: an anonymised complaint's go
        self.scheduler = AsyncIOScheduler(timezone="UTC")

    def start(self) -> None:
        """Schedule the sweep (the first one now) on the running event loop."""
        seconds = max(self.rules.interval.total_seconds(), 1.0)
        self.scheduler.add_job(
            self.run_once,
            "interval",
            seconds=seconds,
            id="chase",
            coalesce=True,
            max_instances=1,
            misfire_grace_time=int(seconds) * 2,
            next_run_time=self.clock(),
        )
        self.scheduler.add_job(
            self.prune_once,
            "interval",
            seconds=PRUNE_EVERY.total_seconds(),
            id="prune",
            coalesce=True,
            max_instances=1,
            next_run_time=self.clock(),
        )
        self.scheduler.add_job(
            self.purge_once,
            "interval",
            seconds=PURGE_EVERY.total_seconds(),
            id="retention",
            coalesce=True,
            max_instances=1,
            next_run_time=self.clock(),
        )
        self.scheduler.start()

    async def stop(self) -> None:
        """Stop sweeping (a sweep under way finishes its batch)."""
        if self.scheduler.running:
            self.scheduler.shutdown(wait=False)

    async def run_once(self) -> SweepReport | None:
        """One sweep, logged in one line and counted in /metrics."""
        try:
            report = await self.workers.run_in_units(
                sweep, self.factory, self.policy, self.rules, now=self.clock()
            )
        except OperationalError as exc:  # the database is away: the next sweep catches up
            log.warning("chase.sweep.failed", extra={"error": type(exc).__name__})
            return None
        rungs = {rung: report.count(rung) for rung in RUNGS}
        log.info(
            "chase.sweep",
            extra={
                "due": report.due,
                "reminded": rungs["remind"],
                "escalated": rungs["supervisor"] + rungs["manager"],
                "held": rungs["hold"],
                "took_ms": round(report.took_ms, 1),
            },
        )
        if self.observe is not None:
            self.observe(rungs, report.took_ms / 1000)
        return report

    async def prune_once(self) -> int | None:
        """Forget the deliveries done more than `DELIVERIES_KEPT` ago (off the event loop)."""
        try:
            pruned = await self.workers.run(
                prune_deliveries, self.factory, done_before=self.clock() - DELIVERIES_KEPT
            )
        except SQLAlchemyError as exc:  # the database is away: the next hour catches up
            log.warning("deliveries.prune.failed", extra={"error": type(exc).__name__})
            return None
        log.info("deliveries.pruned", extra={"rows": pruned})
        return pruned

    async def purge_once(self) -> PurgeReport | None:
        """What retention says is due, anonymised and deleted (off the event loop)."""
        try:
            return await self.workers.run_in_units(
                purge, self.factory, self.policy.retention, now=self.clock(), files=self.files
            )
        except SQLAlchemyError as exc:  # the database is away: tomorrow catches up
            log.warning("retention.purge.failed", extra={"error": type(exc).__name__})
            return None
