"""The lock store: Redis locks serialise one conversation's messages across processes.

Rasa's `RedisLockStore` reads a conversation's lock, changes it and writes it back in
separate commands. Two processes that issue tickets for one conversation at the same
moment can both read "no lock", both write a lock holding only their own ticket, and both
go ahead: two turns of one conversation at once (seen in `tests/test_lock_store.py`).
`AtomicRedisLockStore` makes every change to a lock one optimistic Redis transaction
(WATCH, then MULTI/EXEC, retried when another process changed the lock meanwhile), and
deletes a lock in the same transaction that removes its last ticket.

A ticket lives `lifetime` seconds (config.yml `turn_lock_seconds`), not Rasa's 60
(`TICKET_LOCK_LIFETIME`): the tickets of a process that was killed block its conversations
only that long. Its holder renews it every third of that while the turn waits or runs, so a
slow turn keeps its place however long it takes, and only a dead process's tickets run out.
"""

from __future__ import annotations

import asyncio
import json
import logging
import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import TypeVar

from rasa.core.lock import TicketLock
from rasa.core.lock_store import (
    InMemoryLockStore,
    LockError,
    LockStore,
    RedisLockStore,
)
from redis.exceptions import WatchError
from sqlalchemy.engine import make_url

Result = TypeVar("Result")
log = logging.getLogger(__name__)
# How long a ticket outlives its process (seconds): a few above the longest a turn's event
# loop may be too busy to renew it.
DEFAULT_LIFETIME = 10.0


class AtomicRedisLockStore(RedisLockStore):
    """Rasa's Redis ticket locks, each change made atomically, each ticket renewed by its
    holder and expiring `lifetime` seconds after its process stops renewing it."""

    def __init__(self, *args: object, lifetime: float = DEFAULT_LIFETIME, **kwargs: object):
        super().__init__(*args, **kwargs)
        self.lifetime = lifetime

    @asynccontextmanager
    async def lock(
        self,
        conversation_id: str,
        lock_lifetime: float | None = None,
        wait_time_in_seconds: float = 1,
    ) -> AsyncIterator[TicketLock]:
        """Rasa's ticket lock (wait for the tickets before ours), our ticket renewed until
        it is given back."""
        lifetime = lock_lifetime or self.lifetime
        ticket = self.issue_ticket(conversation_id, lifetime)
        keeper = asyncio.create_task(self._keep(conversation_id, ticket, lifetime))
        try:
            yield await self._acquire_lock(conversation_id, ticket, wait_time_in_seconds)
        finally:
            keeper.cancel()
            self.cleanup(conversation_id, ticket)

    async def _keep(self, conversation_id: str, ticket: int, lifetime: float) -> None:
        """Push the ticket's expiry on while this process lives."""
        while True:
            await asyncio.sleep(lifetime / 3)
            try:
                self._change(conversation_id, lambda lock: _renew(lock, ticket, lifetime))
            except Exception:  # Redis away: the ticket may lapse; the turn goes on
                log.warning("lock.ticket.renew_failed", exc_info=True)

    def _change(self, conversation_id: str, change: Callable[[TicketLock], Result]) -> Result:
        key = self.key_prefix + conversation_id
        with self.red.pipeline() as pipe:
            while True:
                try:
                    pipe.watch(key)
                    raw = pipe.get(key)
                    lock = (
                        TicketLock.from_dict(json.loads(raw))
                        if raw
                        else self.create_lock(conversation_id)
                    )
                    result = change(lock)
                    pipe.multi()
                    if lock.tickets:
                        pipe.set(key, lock.dumps())
                    else:
                        pipe.delete(key)
                    pipe.execute()
                    return result
                except WatchError:
                    continue  # another process changed the lock first: read it again

    def issue_ticket(self, conversation_id: str, lock_lifetime: float | None = None) -> int:
        """A new ticket for the conversation's lock (created if there is none)."""
        lifetime = lock_lifetime or self.lifetime
        try:
            return self._change(conversation_id, lambda lock: lock.issue_ticket(lifetime))
        except Exception as exc:
            raise LockError(f"Error while acquiring lock. Error:\n{exc}") from exc

    def update_lock(self, conversation_id: str) -> None:
        """Remove the lock's expired tickets."""
        self._change(conversation_id, lambda lock: lock.remove_expired_tickets())

    def cleanup(self, conversation_id: str, ticket_number: int) -> None:
        """Give the ticket back; the lock goes with its last ticket."""
        self._change(conversation_id, lambda lock: lock.remove_ticket_for(ticket_number))


def _renew(lock: TicketLock, ticket: int, lifetime: float) -> None:
    for held in lock.tickets:
        if held.number == ticket:
            held.expires = time.time() + lifetime


def lock_store_for(redis_url: str | None, *, lifetime: float = DEFAULT_LIFETIME) -> LockStore:
    """Atomic Redis ticket locks for a `redis://` URL, each ticket outliving its process by
    `lifetime` seconds; in-memory locks without one."""
    if not redis_url:
        return InMemoryLockStore()
    url = make_url(redis_url)
    return AtomicRedisLockStore(
        host=url.host or "localhost",
        port=url.port or 6379,
        db=int(url.database or 0),
        password=url.password,
        use_ssl=url.drivername == "rediss",
        key_prefix="complaintbot",
        lifetime=lifetime,
    )
