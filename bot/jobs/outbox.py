"""The outbox dispatcher: notifications written with the change that caused them, sent later.

Each due message goes through its channel's sender, in order per recipient (a message waits
while an earlier one to the same person is still pending), each once: a row is claimed by
moving it from `pending` to `sending` in one UPDATE, so two dispatchers never send the same
row. Every attempt is recorded (`outbox_attempts`). A failure is retried with backoff, or
after the `retry_after` the platform asked for; a recipient who cannot be reached (blocked
the bot) is recorded on the complaint and not retried. Channels with no sender configured
keep their messages pending until one is.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Protocol

import sqlalchemy as sa
from sqlalchemy.orm import sessionmaker

from storage import repositories as repo
from storage.db import transaction
from storage.models import OutboxAttempt, OutboxMessage
from storage.types import utcnow

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 12
MAX_BACKOFF = timedelta(hours=1)
STALE_SENDING = timedelta(minutes=5)  # a claim older than this was a crashed process's


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

    async def deliver(self, recipient: str, kind: str, payload: Mapping[str, Any]) -> None: ...


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


class OutboxDispatcher:
    """Sends due outbox messages through the configured senders."""

    def __init__(
        self,
        factory: sessionmaker,
        senders: Mapping[str, Sender],
        *,
        clock: Callable[[], datetime] = utcnow,
        batch: int = 100,
    ) -> None:
        self.factory = factory
        self.senders = dict(senders)
        self.clock = clock
        self.batch = batch
        self._task: asyncio.Task[None] | None = None

    def _due(self) -> list[Work]:
        """Claim the due messages of configured channels, the first pending one per
        recipient only (in order per recipient)."""
        now = self.clock()
        claimed: list[Work] = []
        with transaction(self.factory) as session:
            # A claim left by a process that died mid-send goes back to pending.
            session.execute(
                sa.update(OutboxMessage)
                .where(
                    OutboxMessage.status == "sending",
                    OutboxMessage.next_attempt_at < now - STALE_SENDING,
                )
                .values(status="pending")
            )
            rows = session.execute(
                sa.select(OutboxMessage)
                .where(
                    OutboxMessage.status.in_(("pending", "sending")),
                    OutboxMessage.channel.in_(list(self.senders)),
                )
                .order_by(OutboxMessage.id)
                .limit(self.batch * 4)
            ).scalars()
            seen: set[tuple[str, str]] = set()
            for row in rows:
                key = (row.channel, row.recipient)
                if key in seen:
                    continue  # an earlier message to this recipient goes first
                seen.add(key)
                if row.status != "pending" or row.next_attempt_at > now:
                    continue
                won = session.execute(
                    sa.update(OutboxMessage)
                    .where(OutboxMessage.id == row.id, OutboxMessage.status == "pending")
                    .values(status="sending", next_attempt_at=now)
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
                if len(claimed) >= self.batch:
                    break
        return claimed

    async def run_once(self) -> int:
        """Send what is due now; the number of messages sent."""
        work = await asyncio.to_thread(self._due)
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
        sender = self.senders[item.channel]
        try:
            await sender.deliver(item.recipient, item.kind, item.payload)
        except RetryLater as exc:
            await asyncio.to_thread(
                self._record, item, "retry", str(exc), timedelta(seconds=max(exc.seconds, 1))
            )
            return 0
        except Unreachable as exc:
            await asyncio.to_thread(self._record, item, "failed", str(exc), None, unreachable=True)
            return 0
        except Exception as exc:  # a 5xx, a timeout, a bug: retried, and logged
            log.warning(
                "outbox.send.failed", extra={"outbox_id": item.id, "error": type(exc).__name__}
            )
            log.debug("outbox.send.failed.traceback", exc_info=exc)  # may hold message text
            detail = f"{type(exc).__name__}: {exc}"[:500]
            if item.attempts + 1 >= MAX_ATTEMPTS:
                await asyncio.to_thread(self._record, item, "failed", detail, None)
            else:
                await asyncio.to_thread(
                    self._record, item, "retry", detail, backoff(item.attempts + 1)
                )
            return 0
        await asyncio.to_thread(self._record, item, "sent", None, None)
        return 1

    def _record(
        self,
        item: Work,
        outcome: str,
        detail: str | None,
        wait: timedelta | None,
        *,
        unreachable: bool = False,
    ) -> None:
        now = self.clock()
        with transaction(self.factory) as session:
            row = session.get(OutboxMessage, item.id)
            assert row is not None
            row.attempts = item.attempts + 1
            session.add(OutboxAttempt(outbox_id=item.id, at=now, outcome=outcome, detail=detail))
            if outcome == "sent":
                row.status, row.sent_at, row.last_error = "sent", now, None
            elif outcome == "retry":
                assert wait is not None
                row.status, row.next_attempt_at, row.last_error = "pending", now + wait, detail
            else:
                row.status, row.last_error = "failed", detail
                if row.complaint is not None:
                    repo.add_event(
                        session,
                        complaint=row.complaint,
                        actor="system",
                        kind="customer.unreachable" if unreachable else "notification.failed",
                        data={"channel": item.channel, "kind": item.kind, "error": detail},
                        at=now,
                    )
        log.info(
            "outbox.attempt",
            extra={"outbox_id": item.id, "outcome": outcome, "channel": item.channel},
        )

    async def run_forever(self, interval: float = 1.0) -> None:
        """Send what is due, then again every `interval` seconds, until cancelled."""
        while True:
            try:
                await self.run_once()
            except asyncio.CancelledError:
                raise
            except Exception:  # the database may be briefly down: try again next round
                log.exception("outbox.round.failed")
            await asyncio.sleep(interval)

    def start(self, interval: float = 1.0) -> None:
        self._task = asyncio.get_running_loop().create_task(self.run_forever(interval))

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None
