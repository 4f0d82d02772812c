"""How often the page may be asked.

- Failed `/status` look-ups per client in a sliding window: after `limit` within `window`
  seconds, look-ups from that client are refused until the oldest expires, so a reference
  and a contact cannot be found by trying. Counted in this process, or with `REDIS_URL` in
  Redis, shared by every process and kept across restarts.
- The chat's poll for staff messages: one per session per `Pace.interval`."""

from __future__ import annotations

import logging
import time
import uuid
from collections import OrderedDict, deque
from typing import Protocol

from redis import asyncio as aioredis
from redis.exceptions import RedisError

log = logging.getLogger(__name__)
LIMIT = 5
WINDOW = 15 * 60.0


class FailedLookups(Protocol):
    """Where failed look-ups are counted."""

    async def blocked_for(self, address: str, now: float | None = None) -> float:
        """Seconds until this client may try again (0 when it may now)."""

    async def failed(self, address: str, now: float | None = None) -> None:
        """Count one failed look-up."""


class Attempts:
    """Failed look-ups counted in this process; beyond `addresses` clients the oldest are
    forgotten, so memory stays bounded."""

    def __init__(self, limit: int = LIMIT, window: float = WINDOW, addresses: int = 10_000) -> None:
        self.limit = limit
        self.window = window
        self.addresses = addresses
        self._failures: OrderedDict[str, deque[float]] = OrderedDict()

    def _recent(self, address: str, now: float) -> deque[float]:
        failures = self._failures.get(address) or deque()
        while failures and now - failures[0] >= self.window:
            failures.popleft()
        return failures

    async def blocked_for(self, address: str, now: float | None = None) -> float:
        """Seconds until this client may try again (0 when it may now)."""
        now = time.monotonic() if now is None else now
        failures = self._recent(address, now)
        if len(failures) < self.limit:
            return 0.0
        return self.window - (now - failures[-self.limit])

    async def failed(self, address: str, now: float | None = None) -> None:
        """Count one failed look-up."""
        now = time.monotonic() if now is None else now
        failures = self._recent(address, now)
        failures.append(now)
        while len(failures) > self.limit:
            failures.popleft()
        self._failures[address] = failures
        self._failures.move_to_end(address)
        while len(self._failures) > self.addresses:
            self._failures.popitem(last=False)


# One sorted set per client, scored by the time of each failure; each script reads and
# changes it in one step, so processes counting at once lose nothing.
_FAILED = """
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[1] - ARGV[2])
redis.call('ZADD', KEYS[1], ARGV[1], ARGV[3])
redis.call('ZREMRANGEBYRANK', KEYS[1], 0, -(tonumber(ARGV[4]) + 1))
redis.call('PEXPIRE', KEYS[1], math.ceil(ARGV[2] * 1000))
return 0
"""
_BLOCKED_FOR = """
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[1] - ARGV[2])
local count = redis.call('ZCARD', KEYS[1])
if count < tonumber(ARGV[3]) then return '0' end
local oldest = redis.call('ZRANGE', KEYS[1], count - tonumber(ARGV[3]), count - tonumber(ARGV[3]), 'WITHSCORES')
return tostring(ARGV[2] - (ARGV[1] - oldest[2]))
"""


class RedisAttempts:
    """Failed look-ups counted in Redis under `prefix`; when Redis does not answer, in this
    process meanwhile (a limit per process beats none, and look-ups keep working)."""

    def __init__(
        self,
        client: aioredis.Redis,
        *,
        prefix: str = "complaintbot:status-failures:",
        limit: int = LIMIT,
        window: float = WINDOW,
    ) -> None:
        self.client = client
        self.prefix = prefix
        self.limit = limit
        self.window = window
        self.fallback = Attempts(limit, window)
        self._failed = client.register_script(_FAILED)
        self._blocked_for = client.register_script(_BLOCKED_FOR)

    @classmethod
    def from_url(cls, url: str, **options: object) -> RedisAttempts:
        """Counted in the Redis at this URL."""
        client = aioredis.Redis.from_url(url, socket_timeout=2, socket_connect_timeout=2)
        return cls(client, **options)  # type: ignore[arg-type]

    async def blocked_for(self, address: str, now: float | None = None) -> float:
        """Seconds until this client may try again (0 when it may now)."""
        now = time.time() if now is None else now
        try:
            left = await self._blocked_for(
                keys=[self.prefix + address], args=[now, self.window, self.limit]
            )
        except RedisError:
            log.warning("web.status.limit.redis_unavailable")
            return await self.fallback.blocked_for(address, time.monotonic())
        return max(0.0, float(left))

    async def failed(self, address: str, now: float | None = None) -> None:
        """Count one failed look-up."""
        now = time.time() if now is None else now
        try:
            await self._failed(
                keys=[self.prefix + address],
                args=[now, self.window, uuid.uuid4().hex, self.limit],
            )
        except RedisError:
            log.warning("web.status.limit.redis_unavailable")
            await self.fallback.failed(address, time.monotonic())

    async def close(self) -> None:
        """Close the connections."""
        await self.client.close(close_connection_pool=True)


class Pace:
    """At most one request per `interval` seconds per key (the chat's poll for staff
    messages, per session), counted in this process: a page polls far less often, and a
    request refused here costs no database work. Beyond `keys` keys the oldest are
    forgotten, so memory stays bounded."""

    def __init__(self, interval: float = 10.0, keys: int = 10_000) -> None:
        self.interval = interval
        self.keys = keys
        self._last: OrderedDict[str, float] = OrderedDict()

    def wait(self, key: str, now: float | None = None) -> float:
        """Seconds until `key` may be served again; 0 when it may now (and it is counted)."""
        now = time.monotonic() if now is None else now
        last = self._last.get(key)
        if last is not None and now - last < self.interval:
            return self.interval - (now - last)
        self._last[key] = now
        self._last.move_to_end(key)
        while len(self._last) > self.keys:
            self._last.popitem(last=False)
        return 0.0
