"""With REDIS_URL, Rasa's RedisLockStore serialises one conversation across processes."""

from __future__ import annotations

import asyncio
import os
import uuid

from bot.runtime.lock_store import lock_store_for

import pytest
from rasa.core.lock_store import InMemoryLockStore, RedisLockStore

REDIS_URL = os.environ.get("COMPLAINTBOT_TEST_REDIS", "redis://127.0.0.1:6379/0")
IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def _redis_or_skip() -> RedisLockStore:
    store = lock_store_for(REDIS_URL)
    assert isinstance(store, RedisLockStore)
    try:
        store.red.ping()
    except Exception as exc:  # redis raises its own ConnectionError family
        if IN_CI:
            pytest.fail(f"Redis is required in CI but unreachable at {REDIS_URL}: {exc}")
        pytest.skip(f"no Redis at {REDIS_URL}: {exc}")
    return store


def test_no_redis_url_means_in_memory_locks() -> None:
    assert isinstance(lock_store_for(None), InMemoryLockStore)


async def test_two_processes_take_turns_on_one_conversation() -> None:
    first, second = _redis_or_skip(), lock_store_for(REDIS_URL)
    conversation = f"rest:{uuid.uuid4().hex}"
    order: list[str] = []

    async def turn(store: RedisLockStore, name: str) -> None:
        async with store.lock(conversation, wait_time_in_seconds=0.01):
            order.append(f"{name} in")
            await asyncio.sleep(0.05)
            order.append(f"{name} out")

    await asyncio.gather(turn(first, "a"), turn(second, "b"))
    assert order in (["a in", "a out", "b in", "b out"], ["b in", "b out", "a in", "a out"])
