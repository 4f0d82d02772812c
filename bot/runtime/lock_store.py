"""The lock store: Redis locks serialise one conversation's messages across processes.

Rasa's `RedisLockStore` reads a conversation's lock, changes it and writes it back in
separate commands. Two processes that issue tickets for one conversation at the same
moment can both read "no lock", both write a lock holding only their own ticket, and both
go ahead: two turns of one conversation at once (seen in `tests/test_lock_store.py`).
`AtomicRedisLockStore` makes every change to a lock one optimistic Redis transaction
(WATCH, then MULTI/EXEC, retried when another process changed the lock meanwhile), and
deletes a lock in the same transaction that removes its last ticket.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import TypeVar

from rasa.core.lock import TicketLock
from rasa.core.lock_store import (
    LOCK_LIFETIME,
    InMemoryLockStore,
    LockError,
    LockStore,
    RedisLockStore,
)
from redis.exceptions import WatchError
from sqlalchemy.engine import make_url

Result = TypeVar("Result")


class AtomicRedisLockStore(RedisLockStore):
    """Rasa's Redis ticket locks, each change made atomically."""

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

    def issue_ticket(self, conversation_id: str, lock_lifetime: float = LOCK_LIFETIME) -> int:
        """A new ticket for the conversation's lock (created if there is none)."""
        try:
            return self._change(conversation_id, lambda lock: lock.issue_ticket(lock_lifetime))
        except Exception as exc:
            raise LockError(f"Error while acquiring lock. Error:\n{exc}") from exc

    def update_lock(self, conversation_id: str) -> None:
        """Remove the lock's expired tickets."""
        self._change(conversation_id, lambda lock: lock.remove_expired_tickets())

    def cleanup(self, conversation_id: str, ticket_number: int) -> None:
        """Give the ticket back; the lock goes with its last ticket."""
        self._change(conversation_id, lambda lock: lock.remove_ticket_for(ticket_number))


def lock_store_for(redis_url: str | None) -> LockStore:
    """Atomic Redis ticket locks for a `redis://` URL; in-memory locks without one."""
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
    )
