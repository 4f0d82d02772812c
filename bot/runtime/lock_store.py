"""The lock store: Redis locks serialise one conversation's messages across processes."""

from __future__ import annotations

from rasa.core.lock_store import InMemoryLockStore, LockStore, RedisLockStore
from sqlalchemy.engine import make_url


def lock_store_for(redis_url: str | None) -> LockStore:
    """Rasa's `RedisLockStore` for a `redis://` URL; in-memory locks without one."""
    if not redis_url:
        return InMemoryLockStore()
    url = make_url(redis_url)
    return RedisLockStore(
        host=url.host or "localhost",
        port=url.port or 6379,
        db=int(url.database or 0),
        password=url.password,
        use_ssl=url.drivername == "rediss",
        key_prefix="complaintbot",
    )
