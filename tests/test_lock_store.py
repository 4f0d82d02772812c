"""With REDIS_URL, Rasa's RedisLockStore serialises one conversation across processes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from pathlib import Path

from bot.runtime.lock_store import lock_store_for

import pytest
from rasa.core.lock_store import InMemoryLockStore, RedisLockStore

ROOT = Path(__file__).resolve().parent.parent
REDIS_URL = os.environ.get("COMPLAINTBOT_TEST_REDIS", "redis://127.0.0.1:6379/0")
IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}
# One turn of another process: hold the conversation's lock for a while, and report when.
TURN = """
import asyncio, json, sys, time
from bot.runtime.lock_store import lock_store_for

async def main(url, conversation, name):
    store = lock_store_for(url)
    async with store.lock(conversation, wait_time_in_seconds=0.01):
        start = time.time()
        await asyncio.sleep(0.3)
        print(json.dumps({"name": name, "start": start, "end": time.time()}))

asyncio.run(main(*sys.argv[1:]))
"""


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


def test_two_processes_take_turns_on_one_conversation() -> None:
    _redis_or_skip()
    conversation = f"rest:{uuid.uuid4().hex}"
    processes = [
        subprocess.Popen(
            [sys.executable, "-c", TURN, REDIS_URL, conversation, name],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            text=True,
        )
        for name in ("a", "b")
    ]
    turns = []
    for process in processes:
        out, _ = process.communicate(timeout=60)
        assert process.returncode == 0
        turns.append(json.loads(out.strip().splitlines()[-1]))
    first, second = sorted(turns, key=lambda t: t["start"])
    assert {first["name"], second["name"]} == {"a", "b"}
    assert second["start"] >= first["end"]  # never both inside the lock at once
