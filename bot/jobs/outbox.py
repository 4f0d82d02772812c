"""The outbox dispatcher: notifications written with the change that caused them, sent later.

The guarantee is **at least once, in order per recipient**. Telegram and Slack take no
idempotency key, so a message the platform accepted just before the process died (or whose
answer never came back within the send timeout) is sent again: that window, from the
platform's acceptance to our commit of `sent`, is the only source of a duplicate. A row is
claimed by moving it from `pending` to `sending` in one guarded UPDATE with a lease of
`CLAIM_LEASE` (the send timeout and a margin), so two dispatchers never send the same row; a
claim whose lease ran out belonged to a process that stopped, and is taken back, which holds
that recipient's later messages back by the lease at most. A result that cannot be recorded
(the database is down) is kept and recorded at the next round, not resent.

Only due rows are read (`next_attempt_at` has come), the first unsent one per recipient,
each channel its share of the batch: a channel whose messages are backing off does not hold
up another. Every attempt is recorded (`outbox_attempts`). A failure is retried with backoff,
or after the `retry_after` the platform asked for, up to `MAX_ATTEMPTS` tries; a recipient who
cannot be reached (blocked the bot) is recorded on the complaint and not retried. Channels
with no sender configured keep their messages pending until one is.

Each recipient is paced (`Sender.per_chat_interval`): across processes through Redis when
`REDIS_URL` is set (`RedisPacer`, one key per recipient held for the interval with SET NX PX),
within the process otherwise (`LocalPacer`).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import math
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Protocol

import sqlalchemy as sa
from sqlalchemy.orm import aliased, sessionmaker

from handlers.casework import NOTIFICATIONS, delivery_changed
from storage import repositories as repo
from storage.db import transaction
from storage.models import OutboxAttempt, OutboxMessage
from storage.types import utcnow

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 12
MAX_BACKOFF = timedelta(hours=1)
SEND_TIMEOUT = 10.0  # seconds for one delivery, its pacing and the rate limiter included
# a claim older than this belonged to a process that stopped mid-send
CLAIM_LEASE = timedelta(seconds=SEND_TIMEOUT + 5)
UNSENT = ("pending", "sending")


class RetryLater(Exception):
    """The platform asked us to wait (429 `retry_after`)."""

    def __init__(self, seconds: float, detail: str) -> None:
        super().__init__(detail)
        self.seconds = seconds


class Unreachable(Exception):
    """The recipient cannot be reached (blocked the bot, left the workspace)."""


class Sender(Protocol):
    """Sends one kind of notification to one recipient on one channel."""

    channel: str
    per_chat_interval: float  # seconds between two messages to one recipient

    async def deliver(self, recipient: str, kind: str, payload: Mapping[str, Any]) -> None: ...


class Pacer(Protocol):
    """Spaces the messages to one recipient by an interval."""

    async def wait(self, key: str, interval: float) -> None:
        """Return when a message to `key` may go."""

    async def sent(self, key: str, interval: float) -> None:
        """A message to `key` has just gone: the next one waits `interval` from now."""


class LocalPacer:
    """Pacing within this process only."""

    def __init__(self) -> None:
        self._last: dict[str, float] = {}

    async def wait(self, key: str, interval: float) -> None:
        delay = self._last.get(key, -math.inf) + interval - time.monotonic()
        if delay > 0:
            await asyncio.sleep(delay)

    async def sent(self, key: str, interval: float) -> None:
        self._last[key] = time.monotonic()


class RedisPacer:
    """Pacing shared by every process on one Redis: a key per recipient, set with NX and a
    time to live of the interval, so only one process at a time may send to it."""

    def __init__(self, url: str, prefix: str = "complaintbot:outbox:pace:") -> None:
        from redis.asyncio import Redis

        # a Redis that hangs is given up on in 2 s, not after the whole send timeout
        self.redis = Redis.from_url(url, socket_timeout=2, socket_connect_timeout=2)
        self.prefix = prefix
        self.local = LocalPacer()  # while Redis is unreachable

    async def wait(self, key: str, interval: float) -> None:
        ms = max(int(interval * 1000), 1)
        try:
            while not await self.redis.set(self.prefix + key, 1, nx=True, px=ms):
                left = await self.redis.pttl(self.prefix + key)
                await asyncio.sleep(max(int(left), 5) / 1000)
        except Exception as exc:  # redis' own ConnectionError family
            log.warning("outbox.pace.redis_failed", extra={"error": type(exc).__name__})
            await self.local.wait(key, interval)

    async def sent(self, key: str, interval: float) -> None:
        await self.local.sent(key, interval)
        with contextlib.suppress(Exception):
            await self.redis.set(self.prefix + key, 1, px=max(int(interval * 1000), 1))

    async def close(self) -> None:
        await self.redis.close()
        await self.redis.connection_pool.disconnect()


def backoff(attempts: int) -> timedelta:
    """2, 4, 8 … seconds after each failed attempt, at most an hour."""
    return min(timedelta(seconds=2**attempts), MAX_BACKOFF)


@dataclass
class Work:
    """A claimed message, detached from its session."""

    id: int
    channel: str
    recipient: str
    kind: str
    payload: dict[str, Any]
    attempts: int
    complaint_id: int | None


@dataclass
class Outcome:
    """How an attempt went, waiting to be written."""

    item: Work
    outcome: str  # sent, retry, failed
    detail: str | None = None
    wait: timedelta | None = None
    unreachable: bool = False


class OutboxDispatcher:
    """Sends due outbox messages through the configured senders."""

    def __init__(
        self,
        factory: sessionmaker,
        senders: Mapping[str, Sender],
        *,
        clock: Callable[[], datetime] = utcnow,
        batch: int = 100,
        pacer: Pacer | None = None,
        send_timeout: float = SEND_TIMEOUT,
        lease: timedelta = CLAIM_LEASE,
    ) -> None:
        self.factory = factory
        self.senders = dict(senders)
        self.clock = clock
        self.batch = batch
        self.pacer: Pacer = pacer or LocalPacer()
        self.send_timeout = send_timeout
        self.lease = lease
        self._task: asyncio.Task[None] | None = None
        self._stopping = asyncio.Event()
        self._held: set[int] = set()  # claimed here, outcome not yet written
        self._unwritten: list[Outcome] = []  # outcomes the database did not take yet

    # -- claiming ----------------------------------------------------------------------
    def claim(self) -> list[Work]:
        """Take back expired claims, then claim the due messages: the first unsent one per
        recipient, oldest due first, each channel at most its share of the batch."""
        now = self.clock()
        claimed: list[Work] = []
        channels = sorted(self.senders)
        if not channels:
            return claimed
        share = max(1, math.ceil(self.batch / len(channels)))
        with transaction(self.factory) as session:
            self._reclaim(session, now)
            earlier = aliased(OutboxMessage)
            ahead = (
                sa.select(earlier.id)
                .where(
                    earlier.channel == OutboxMessage.channel,
                    earlier.recipient == OutboxMessage.recipient,
                    earlier.status.in_(UNSENT),
                    earlier.id < OutboxMessage.id,
                )
                .exists()
            )
            for channel in channels:
                rows = session.execute(
                    sa.select(OutboxMessage)
                    .where(
                        OutboxMessage.channel == channel,
                        OutboxMessage.status == "pending",
                        OutboxMessage.next_attempt_at <= now,
                        ~ahead,  # an earlier message to this recipient goes first
                    )
                    .order_by(OutboxMessage.next_attempt_at, OutboxMessage.id)
                    .limit(share)
                ).scalars()
                for row in list(rows):
                    won = session.execute(
                        sa.update(OutboxMessage)
                        .where(OutboxMessage.id == row.id, OutboxMessage.status == "pending")
                        .values(status="sending", next_attempt_at=now + self.lease)
                        .execution_options(synchronize_session=False)
                    ).rowcount
                    if won:
                        claimed.append(
                            Work(
                                row.id,
                                row.channel,
                                row.recipient,
                                row.kind,
                                dict(row.payload or {}),
                                row.attempts,
                                row.complaint_id,
                            )
                        )
        self._held.update(w.id for w in claimed)
        return claimed

    def _reclaim(self, session: Any, now: datetime) -> None:
        """A claim whose lease ran out goes back to pending, counted as an attempt (so a
        message that stops every process that sends it still gives up)."""
        stale = session.execute(
            sa.select(OutboxMessage.id, OutboxMessage.attempts).where(
                OutboxMessage.status == "sending", OutboxMessage.next_attempt_at <= now
            )
        ).all()
        for outbox_id, attempts in stale:
            given_up = attempts + 1 >= MAX_ATTEMPTS
            taken = session.execute(
                sa.update(OutboxMessage)
                .where(
                    OutboxMessage.id == outbox_id,
                    OutboxMessage.status == "sending",
                    OutboxMessage.next_attempt_at <= now,
                )
                .values(
                    status="failed" if given_up else "pending",
                    attempts=attempts + 1,
                    next_attempt_at=now,
                    last_error="claim expired",
                )
                .execution_options(synchronize_session=False)
            ).rowcount
            if taken:
                session.add(
                    OutboxAttempt(
                        outbox_id=outbox_id, at=now, outcome="expired", detail="claim expired"
                    )
                )
                log.warning("outbox.claim.expired", extra={"outbox_id": outbox_id})

    # -- sending -----------------------------------------------------------------------
    async def run_once(self) -> int:
        """Send what is due now; the number of messages sent."""
        if self._unwritten:
            await asyncio.to_thread(self._write_unwritten)
        work = await asyncio.to_thread(self.claim)
        by_recipient: dict[tuple[str, str], list[Work]] = {}
        for item in work:
            by_recipient.setdefault((item.channel, item.recipient), []).append(item)
        results = await asyncio.gather(*(self._send_all(items) for items in by_recipient.values()))
        return sum(results)

    async def _send_all(self, items: list[Work]) -> int:
        sent = 0
        for item in items:
            sent += await self._send(item)
        return sent

    async def _send(self, item: Work) -> int:
        try:
            await asyncio.wait_for(self._deliver(item), self.send_timeout)
        except RetryLater as exc:
            wait = timedelta(seconds=max(exc.seconds, 1))
            await self._settle(Outcome(item, "retry", str(exc), wait))
            return 0
        except Unreachable as exc:
            await self._settle(Outcome(item, "failed", str(exc), unreachable=True))
            return 0
        except Exception as exc:  # a 5xx, a timeout, a bug: retried, and logged
            log.warning(
                "outbox.send.failed", extra={"outbox_id": item.id, "error": type(exc).__name__}
            )
            log.debug("outbox.send.failed.traceback", exc_info=exc)  # may hold message text
            detail = f"{type(exc).__name__}: {exc}"[:500]
            if item.attempts + 1 >= MAX_ATTEMPTS:
                await self._settle(Outcome(item, "failed", detail))
            else:
                await self._settle(Outcome(item, "retry", detail, backoff(item.attempts + 1)))
            return 0
        await self._settle(Outcome(item, "sent"))
        return 1

    async def _deliver(self, item: Work) -> None:
        sender = self.senders[item.channel]
        interval = sender.per_chat_interval
        key = f"{item.channel}:{item.recipient}"
        if interval > 0:
            await self.pacer.wait(key, interval)
        try:
            await sender.deliver(item.recipient, item.kind, item.payload)
        finally:
            if interval > 0:
                await self.pacer.sent(key, interval)

    async def _settle(self, outcome: Outcome) -> None:
        """Write the outcome; when the database does not take it, keep it for the next round
        (resending a message the platform took is what this avoids)."""
        try:
            await asyncio.to_thread(self._record, outcome)
        except sa.exc.SQLAlchemyError as exc:
            log.warning(
                "outbox.record.deferred",
                extra={"outbox_id": outcome.item.id, "error": type(exc).__name__},
            )
            self._unwritten.append(outcome)

    def _write_unwritten(self) -> None:
        waiting, self._unwritten = self._unwritten, []
        for i, outcome in enumerate(waiting):
            try:
                self._record(outcome)
            except sa.exc.SQLAlchemyError:
                self._unwritten.extend(waiting[i:])
                raise

    def _record(self, outcome: Outcome) -> None:
        item = outcome.item
        now = self.clock()
        with transaction(self.factory) as session:
            row = session.get(OutboxMessage, item.id)
            assert row is not None
            row.attempts = item.attempts + 1
            session.add(
                OutboxAttempt(
                    outbox_id=item.id, at=now, outcome=outcome.outcome, detail=outcome.detail
                )
            )
            if outcome.outcome != "retry" and row.complaint_id and row.kind in NOTIFICATIONS:
                delivery_changed(session, row.complaint_id)  # staff's cards show how it went
            if outcome.outcome == "sent":
                row.status, row.sent_at, row.last_error = "sent", now, None
            elif outcome.outcome == "retry":
                assert outcome.wait is not None
                row.status, row.next_attempt_at = "pending", now + outcome.wait
                row.last_error = outcome.detail
            else:
                row.status, row.last_error = "failed", outcome.detail
                if row.complaint is not None:
                    kind = "customer.unreachable" if outcome.unreachable else "notification.failed"
                    repo.add_event(
                        session,
                        complaint=row.complaint,
                        actor="system",
                        kind=kind,
                        data={"channel": item.channel, "kind": item.kind, "error": outcome.detail},
                        at=now,
                    )
        self._held.discard(item.id)
        log.info(
            "outbox.attempt",
            extra={"outbox_id": item.id, "outcome": outcome.outcome, "channel": item.channel},
        )

    def _release(self) -> None:
        """Give back the claims of messages not sent (stopping mid-round): pending again, due
        now, for the next process."""
        held, self._held = list(self._held), set()
        if not held:
            return
        with transaction(self.factory) as session:
            session.execute(
                sa.update(OutboxMessage)
                .where(OutboxMessage.id.in_(held), OutboxMessage.status == "sending")
                .values(status="pending", next_attempt_at=self.clock())
                .execution_options(synchronize_session=False)
            )
        log.info("outbox.claims.released", extra={"count": len(held)})

    # -- running -----------------------------------------------------------------------
    async def run_forever(self, interval: float = 1.0) -> None:
        """Send what is due, then again every `interval` seconds, until stopped."""
        while not self._stopping.is_set():
            try:
                await self.run_once()
            except asyncio.CancelledError:
                raise
            except Exception:  # the database may be briefly down: try again next round
                log.exception("outbox.round.failed")
            with contextlib.suppress(asyncio.TimeoutError):
                await asyncio.wait_for(self._stopping.wait(), interval)

    def start(self, interval: float = 1.0) -> None:
        self._stopping.clear()
        self._task = asyncio.get_running_loop().create_task(self.run_forever(interval))

    async def stop(self, grace: float | None = None) -> None:
        """Finish the round in hand (within `grace`, by default the send timeout), write
        what it did, and give back any claim not sent."""
        self._stopping.set()
        if self._task is not None:
            grace = self.send_timeout + 1 if grace is None else grace
            try:
                await asyncio.wait_for(asyncio.shield(self._task), grace)
            except asyncio.TimeoutError:
                self._task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await self._task
            except Exception:
                log.exception("outbox.stop.failed")
            self._task = None
        try:
            await asyncio.to_thread(self._write_unwritten)
            await asyncio.to_thread(self._release)
        except sa.exc.SQLAlchemyError:
            log.warning("outbox.stop.unrecorded", extra={"count": len(self._held)})
        close = getattr(self.pacer, "close", None)
        if close is not None:
            await close()
