"""With REDIS_URL, one conversation's turns are serialised across processes by Redis locks.

Rasa's own RedisLockStore fails the process test below about every time: it reads, changes
and writes a lock in separate commands, so processes asking at once can all go ahead.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

from bot.runtime.lock_store import AtomicRedisLockStore, lock_store_for

import pytest
from rasa.core.lock_store import InMemoryLockStore, RedisLockStore

ROOT = Path(__file__).resolve().parent.parent
REDIS_URL = os.environ.get("COMPLAINTBOT_TEST_REDIS", "redis://127.0.0.1:6379/0")
IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}
# One turn of another process: wait until every process is ready (a Redis counter as a
# barrier, so they ask for the lock at the same moment), hold the conversation's lock for a
# while, and report when.
TURN = """
import asyncio, json, sys, time
from bot.runtime.lock_store import AtomicRedisLockStore, lock_store_for

async def main(url, conversation, name, processes):
    store = lock_store_for(url)
    barrier = "barrier:" + conversation
    store.red.incr(barrier)
    while int(store.red.get(barrier)) < int(processes):
        await asyncio.sleep(0.001)
    async with store.lock(conversation, wait_time_in_seconds=0.01):
        start = time.time()
        await asyncio.sleep(0.2)
        print(json.dumps({"name": name, "start": start, "end": time.time()}))

asyncio.run(main(*sys.argv[1:]))
"""
PROCESSES = 3


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


def test_processes_take_turns_on_one_conversation() -> None:
    _redis_or_skip()
    conversation = f"rest:{uuid.uuid4().hex}"
    processes = [
        subprocess.Popen(
            [sys.executable, "-c", TURN, REDIS_URL, conversation, name, str(PROCESSES)],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            text=True,
        )
        for name in "abc"[:PROCESSES]
    ]
    turns = []
    for process in processes:
        out, _ = process.communicate(timeout=90)
        assert process.returncode == 0
        turns.append(json.loads(out.strip().splitlines()[-1]))
    turns.sort(key=lambda t: t["start"])
    assert sorted(t["name"] for t in turns) == list("abc"[:PROCESSES])
    for first, second in itertools.pairwise(turns):
        assert second["start"] >= first["end"]  # never two inside the lock at once


# A process that takes a conversation's lock and is then killed inside its turn.
ABANDON = """
import asyncio, sys
from bot.runtime.lock_store import AtomicRedisLockStore, lock_store_for

async def main(url, conversation, lifetime):
    store = lock_store_for(url, lifetime=float(lifetime))
    async with store.lock(conversation, wait_time_in_seconds=0.01):
        print("held", flush=True)
        await asyncio.sleep(600)  # killed before this ends

asyncio.run(main(*sys.argv[1:]))
"""


async def _acquire(store, conversation: str) -> float:
    """Seconds until this process holds the conversation's lock."""
    started = time.monotonic()
    async with store.lock(conversation, wait_time_in_seconds=0.05):
        return time.monotonic() - started


async def test_a_killed_process_holds_its_conversations_only_for_the_lifetime() -> None:
    _redis_or_skip()
    lifetime = 2.0
    conversation = f"rest:{uuid.uuid4().hex}"
    holder = subprocess.Popen(
        [sys.executable, "-c", ABANDON, REDIS_URL, conversation, str(lifetime)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        time.sleep(lifetime)  # it lives and renews past its first lifetime
        store = lock_store_for(REDIS_URL, lifetime=lifetime)
        with pytest.raises(asyncio.TimeoutError):  # a live holder keeps the lock
            await asyncio.wait_for(_acquire(store, conversation), 0.5)
        holder.send_signal(signal.SIGKILL)
        holder.wait(10)
        killed = time.monotonic()
        waited = await asyncio.wait_for(_acquire(store, conversation), lifetime + 3)
        assert time.monotonic() - killed <= lifetime + 1.5, waited
    finally:
        if holder.poll() is None:
            holder.kill()
            holder.wait(10)
        assert holder.stdout is not None
        holder.stdout.close()


async def test_a_turn_longer_than_the_lifetime_keeps_its_lock() -> None:
    """Its ticket is renewed: a second turn of the conversation waits for it to end."""
    _redis_or_skip()
    store = lock_store_for(REDIS_URL, lifetime=1.0)
    conversation = f"rest:{uuid.uuid4().hex}"
    spans: list[tuple[str, float, float]] = []

    async def turn(name: str, hold: float, delay: float) -> None:
        await asyncio.sleep(delay)
        async with store.lock(conversation, wait_time_in_seconds=0.05):
            start = time.monotonic()
            await asyncio.sleep(hold)
            spans.append((name, start, time.monotonic()))

    await asyncio.gather(turn("slow", 2.5, 0), turn("next", 0.1, 0.2))
    assert [name for name, _, _ in spans] == ["slow", "next"]
    assert spans[1][1] >= spans[0][2]


def test_the_lifetime_is_a_setting(base_settings, tmp_path: Path) -> None:
    from bot.settings import load_settings

    assert base_settings.turn_lock_seconds == 10
    config = tmp_path / "config.yml"
    text = (
        (ROOT / "config.yml").read_text().replace("turn_lock_seconds: 10", "turn_lock_seconds: 4")
    )
    config.write_text(text)
    settings = load_settings({"COMPLAINTBOT_CONFIG": str(config)})
    assert settings.turn_lock_seconds == 4
    store = lock_store_for(REDIS_URL, lifetime=settings.turn_lock_seconds)
    assert isinstance(store, AtomicRedisLockStore) and store.lifetime == 4
