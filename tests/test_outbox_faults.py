"""The outbox under faults, with `complaintbot run` as a real process and the platforms faked
at the HTTP boundary: Telegram and Slack answering 500 and then 429 for a while, and SIGTERM
while turns and notifications are in flight.

The guarantee under test is the one `bot/jobs/outbox.py` states: at least once, in order per
recipient, and without a crash between a platform's acceptance and our record, exactly once.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import AsyncIterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from storage import repositories as repo
from storage.db import make_engine, transaction
from storage.models import OutboxMessage
from tests.conftest import IN_CI
from tests.fakes.slack import FakeSlackAPI
from tests.fakes.telegram import FakeBotAPI, Updates
from tests.processes import free_port as _port

ROOT = Path(__file__).resolve().parent.parent
SIGNING_SECRET = "8f742231b10e8888abcd99yyyzzz85a5"


class SlowBotAPI(FakeBotAPI):
    """A Bot API whose sendMessage takes `delay` seconds (the call is recorded on arrival,
    the message counts as sent when answered)."""

    def __init__(self) -> None:
        super().__init__()
        self.delay = 0.0

    async def _sendMessage(self, params: dict[str, Any]) -> Any:
        if self.delay:
            await asyncio.sleep(self.delay)
        return await super()._sendMessage(params)


@pytest.fixture
async def telegram() -> AsyncIterator[SlowBotAPI]:
    api = SlowBotAPI()
    await api.start()
    yield api
    await api.stop()
    assert api.unknown == []


@pytest.fixture
async def slack() -> AsyncIterator[FakeSlackAPI]:
    api = FakeSlackAPI()
    await api.start()
    yield api
    await api.stop()
    assert api.unknown == []


def _env(url: str, telegram: FakeBotAPI, slack: FakeSlackAPI | None = None) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("COMPLAINTBOT_", "TELEGRAM_", "SLACK_", "REDIS_"))
    }
    env.update(
        COMPLAINTBOT_CONFIG=str(ROOT / "config.yml"),
        DATABASE_URL=url,
        COMPLAINTBOT_HTTP_PORT=str(_port()),
        TELEGRAM_BOT_TOKEN=telegram.token,
        TELEGRAM_API_BASE_URL=telegram.url,
    )
    if slack is not None:
        env.update(
            SLACK_BOT_TOKEN=slack.token,
            SLACK_SIGNING_SECRET=SIGNING_SECRET,
            SLACK_API_BASE_URL=slack.url,
        )
    return env


async def _started(env: dict[str, str], marker: str = "long polling") -> subprocess.Popen[str]:
    process = subprocess.Popen(
        [sys.executable, "-m", "bot", "run"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    seen = ""
    deadline = time.monotonic() + 120
    assert process.stderr is not None
    while marker not in seen and time.monotonic() < deadline:
        line = await asyncio.to_thread(process.stderr.readline)
        if not line:
            break
        seen += line
    if marker not in seen:
        _killed(process)
        raise AssertionError(f"`run` did not start:\n{seen[-3000:]}")
    return process


def _killed(process: subprocess.Popen[str]) -> None:
    if process.poll() is None:
        process.kill()
    process.communicate(timeout=10)  # also for one that died by itself: its pipe is closed


async def _stopped(process: subprocess.Popen[str], seconds: float) -> tuple[str, float]:
    """SIGTERM, as a service manager stops it: what it wrote after, and how long it took."""
    began = time.monotonic()
    process.send_signal(signal.SIGTERM)
    try:
        _, rest = await asyncio.to_thread(process.communicate, None, seconds)
    except subprocess.TimeoutExpired:
        process.kill()
        _, rest = await asyncio.to_thread(process.communicate, None, 10)
        raise AssertionError(f"still running {seconds} s after SIGTERM:\n{rest[-3000:]}") from None
    return rest, time.monotonic() - began


def _notices(url: str, channel: str, recipients: list[str], count: int) -> None:
    """`count` numbered staff answers queued for each recipient, as casework writes them."""
    engine = make_engine(url)
    from sqlalchemy.orm import sessionmaker

    with transaction(sessionmaker(engine, future=True)) as session:
        for i in range(1, count + 1):
            for recipient in recipients:
                repo.enqueue(
                    session,
                    channel=channel,
                    recipient=recipient,
                    kind="customer.responded",
                    payload={"language": "en", "reference": "CMP-TEST-0000", "response": f"n{i}"},
                )
    engine.dispose()


def _statuses(url: str) -> dict[str, int]:
    engine = make_engine(url)
    with engine.connect() as connection:
        rows = connection.execute(
            sa.select(OutboxMessage.status, sa.func.count()).group_by(OutboxMessage.status)
        ).all()
    engine.dispose()
    return {status: count for status, count in rows}


def _redis_url() -> str:
    import redis

    url = os.environ.get("COMPLAINTBOT_TEST_REDIS", "redis://127.0.0.1:6379/0")
    try:
        redis.Redis.from_url(url).ping()
    except redis.RedisError as exc:
        if IN_CI:
            pytest.fail(f"Redis is required in CI but unreachable at {url}: {exc}")
        pytest.skip(f"no Redis at {url}: {exc}")
    return url


def _numbers(texts: list[str]) -> list[str]:
    return [line for text in texts for line in text.split("\n") if line in {"n1", "n2", "n3"}]


async def test_sigterm_lets_turns_and_sends_finish_and_leaves_no_claim(
    model_path, telegram, tmp_path
) -> None:
    url = f"sqlite:///{tmp_path / 'term.db'}"
    process = await _started(_env(url, telegram))
    try:
        chats = [810_000_000 + uuid.uuid4().int % 1_000_000 + i for i in range(3)]
        customers = [830_000_000 + uuid.uuid4().int % 1_000_000 + i for i in range(2)]
        _notices(url, "telegram", [str(c) for c in chats], 2)
        telegram.delay = 2.0  # every sendMessage now takes two seconds
        for customer in customers:
            telegram.queue_update(Updates(customer, "en").message("hello"))
        await telegram.wait_for(
            lambda: (
                {int(c.params["chat_id"]) for c in telegram.called("sendMessage")}
                >= {*chats[:1], *customers[:1]}
            ),
            timeout=30,
        )  # a turn's reply and a notification are both on their way
    except BaseException:
        _killed(process)
        raise
    rest, took = await _stopped(process, 30)
    assert process.returncode == 0, rest[-3000:]
    assert took < 20, took
    assert "Traceback" not in rest, rest[-3000:]
    for customer in customers:  # the turns in flight were answered
        assert len(telegram.sent(customer)) == 1, customer
    statuses = _statuses(url)
    assert "sending" not in statuses, statuses  # every claim finished or given back
    assert statuses.get("sent", 0) + statuses.get("pending", 0) == 6
    for chat in chats:  # each notice sent at most once, in order
        numbers = _numbers(telegram.texts(chat))
        assert numbers == ["n1", "n2"][: len(numbers)], numbers
    sent = sum(len(_numbers(telegram.texts(chat))) for chat in chats)
    assert sent == statuses.get("sent", 0)  # what we recorded is what Telegram got


async def test_sigterm_in_webhook_mode_answers_the_update_in_hand(
    model_path, telegram, tmp_path
) -> None:
    import aiohttp

    env = _env(f"sqlite:///{tmp_path / 'hook.db'}", telegram)
    webhook = f"http://127.0.0.1:{env['COMPLAINTBOT_HTTP_PORT']}/telegram/webhook"
    env.update(TELEGRAM_WEBHOOK_URL=webhook, TELEGRAM_WEBHOOK_SECRET="sigterm-test")
    process = await _started(env, marker="webhook at")
    chat = 840_000_000 + uuid.uuid4().int % 1_000_000
    try:
        async with aiohttp.ClientSession() as session:
            base = webhook.removesuffix("/telegram/webhook")
            for _ in range(200):  # the marker is printed just before the port opens
                with contextlib.suppress(aiohttp.ClientError):
                    async with session.get(f"{base}/healthz") as health:
                        if health.status == 200:
                            break
                await asyncio.sleep(0.05)
            telegram.delay = 2.0
            posted = asyncio.ensure_future(
                session.post(
                    webhook,
                    json=Updates(chat, "en").message("hello"),
                    headers={"X-Telegram-Bot-Api-Secret-Token": "sigterm-test"},
                )
            )
            await telegram.wait_for(lambda: telegram.called("sendMessage"), timeout=30)
            rest, _took = await _stopped(process, 30)
            response = await posted
            assert response.status == 200
    except BaseException:
        _killed(process)
        raise
    assert process.returncode == 0, rest[-3000:]
    assert len(telegram.sent(chat)) == 1  # the turn in hand was answered


@pytest.mark.postgres
async def test_500s_then_429s_delay_notices_but_each_arrives_once_in_order_and_paced(
    model_path, base_settings, postgres_database, telegram, slack
) -> None:
    """Two processes on one database and one Redis, as the README's scale-out runs them."""
    url = postgres_database
    env = _env(url, telegram, slack)
    env["SLACK_SIGNING_SECRET"] = uuid.uuid4().hex  # the form `run` checks
    env["REDIS_URL"] = _redis_url()
    from bot.wiring import prepare_database

    prepare_database(replace(base_settings, database_url=url))  # migrated once, then both start
    started = await asyncio.gather(
        _started(env),
        _started({**env, "COMPLAINTBOT_HTTP_PORT": str(_port())}),
        return_exceptions=True,
    )
    processes = [p for p in started if isinstance(p, subprocess.Popen)]
    if len(processes) < len(started):
        for process in processes:
            _killed(process)
        raise next(e for e in started if isinstance(e, BaseException))
    try:
        chats = [str(850_000_000 + uuid.uuid4().int % 1_000_000 + i) for i in range(2)]
        users = [f"U0STORM{i}{uuid.uuid4().hex[:6].upper()}" for i in range(2)]
        telegram.fail_next("sendMessage", 500, times=3)
        telegram.fail_next("sendMessage", 429, times=3, retry_after=1)
        slack.fail_next("chat.postMessage", 500, times=3)
        slack.fail_next("chat.postMessage", 429, times=3, retry_after=1)
        _notices(url, "telegram", chats, 3)
        _notices(url, "slack", [f"T0EXAMPLE:{user}" for user in users], 3)

        def delivered() -> bool:
            return all(len(_numbers(telegram.texts(c))) >= 3 for c in chats) and all(
                len(_numbers([str(p.params.get("text")) for p in slack.posted(u)])) >= 3
                for u in users
            )

        await telegram.wait_for(delivered, timeout=90)
        await asyncio.sleep(1.5)  # a duplicate would come within a round or two
    finally:
        stopped = await asyncio.gather(*(_stopped(p, 30) for p in processes))
    for process, (rest, _took) in zip(processes, stopped, strict=True):
        assert process.returncode == 0, rest[-3000:]
    assert not telegram.failures and not slack.failures  # every fault was met
    for chat in chats:  # no crash: each exactly once, in order, a second apart
        assert _numbers(telegram.texts(chat)) == ["n1", "n2", "n3"]
        times = [c.at for c in telegram.sent(chat)]
        assert all(b - a >= 0.9 for a, b in itertools.pairwise(times)), times
    for user in users:
        posts = slack.posted(user)
        assert _numbers([str(p.params.get("text")) for p in posts]) == ["n1", "n2", "n3"]
        times = [p.at for p in posts]
        assert all(b - a >= 0.9 for a, b in itertools.pairwise(times)), times
    assert _statuses(url) == {"sent": 12}
    engine = make_engine(url)
    with engine.connect() as connection:
        outcomes = connection.execute(sa.text("SELECT outcome FROM outbox_attempts")).scalars()
        counted = sorted(outcomes)
    engine.dispose()
    assert counted == ["retry"] * 12 + ["sent"] * 12  # every attempt recorded
