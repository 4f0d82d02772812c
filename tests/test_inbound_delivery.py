"""Inbound deliveries: nothing lost when a process dies mid-turn, nothing handled twice,
update ids per bot, chats handled concurrently and each in order, old rows pruned.

Telegram and Slack are the local fakes (real HTTP); other processes are real processes.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import socket
import subprocess
import sys
import uuid
from collections.abc import AsyncIterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa
from aiohttp.test_utils import TestClient, TestServer
from rasa.shared.core.events import UserUttered

from bot.channels.deliveries import CLAIM_LIFETIME, OWNER, Deliveries
from bot.channels.telegram import TelegramChannel
from bot.jobs.scheduler import ChaseScheduler
from bot.server.app import Server
from handlers.chase import ChaseRules
from storage import repositories as repo
from storage.models import ProcessedUpdate
from storage.types import utcnow
from tests.fakes.slack import SlackRequests
from tests.fakes.telegram import FakeBotAPI, Updates
from tests.test_slack import _post as _slack_post
from tests.test_slack import slack  # noqa: F401  (the fixture)
from tests.test_telegram import _channel, _customer, _post


@pytest.fixture
async def fake() -> AsyncIterator[FakeBotAPI]:
    api = FakeBotAPI()
    await api.start()
    yield api
    api.release_all()
    await api.stop()
    assert api.unknown == [], f"the bot called methods the fake does not know: {api.unknown}"


@contextlib.asynccontextmanager
async def _serving(desk, channel: TelegramChannel) -> AsyncIterator[TestClient]:
    """The desk's server with this channel mounted (started and stopped with it)."""
    server = Server(desk[2], desk[1].engine, api_token=None)
    server.mount(channel)
    client = TestClient(TestServer(server.app()))
    await client.start_server()
    try:
        yield client
    finally:
        await client.close()


def _owner_of(pid: int) -> str:
    """How a claim names the process `pid` (as `bot.channels.deliveries` names itself)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[-1].split()
    namespace = os.readlink("/proc/self/ns/pid").strip("pid:[]")
    return f"{socket.gethostname()[:64]}/{namespace}/{pid}/{fields[19]}"


def _dead_owner() -> str:
    """The claim name of a process that has ended."""
    process = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        owner = _owner_of(process.pid)
    finally:
        process.kill()
        process.wait()
    return owner


def _claim(desk, update: dict, owner: str, *, at: datetime | None = None) -> None:
    """Another process claimed this update (and stored it), as `_admit` does."""
    claim = repo.claim_delivery(
        desk[1].factory,
        channel="telegram",
        bot="123456",  # the fake's token
        key=update["update_id"],
        owner=owner,
        now=at or utcnow(),
        stale=lambda *_: False,
        payload=json.dumps(update),
    )
    assert claim.handle


def _row(desk, key: int, bot: str = "123456") -> ProcessedUpdate:
    with desk[1].factory() as session:
        row = session.execute(
            sa.select(ProcessedUpdate).where(
                ProcessedUpdate.channel == "telegram",
                ProcessedUpdate.bot == bot,
                ProcessedUpdate.update_id == key,
            )
        ).scalar_one()
        session.expunge(row)
        return row


async def _user_messages(desk, chat: int, text: str) -> int:
    tracker = await desk[2].agent.tracker_store.retrieve(f"telegram:{chat}")
    return sum(1 for e in tracker.events if isinstance(e, UserUttered) and e.text == text)


# -- defect 6: an update whose turn never finished -------------------------------------------
async def test_a_redelivery_of_an_update_whose_process_died_is_answered_once(
    desk, fake, tmp_path
) -> None:
    chat = _customer()
    update = Updates(chat).message("hello")
    _claim(desk, update, _dead_owner())  # taken by a process that died before its turn
    async with _serving(desk, _channel(desk, fake, tmp_path, webhook=True)) as client:
        assert await _post(client, update) == 200  # Telegram sends it again
        assert len(fake.sent(chat)) == 1
        assert "complaints desk" in fake.texts(chat)[0]
        assert await _post(client, update) == 200  # done now: a retry is skipped
    assert len(fake.sent(chat)) == 1
    row = _row(desk, update["update_id"])
    assert (row.state, row.payload, row.claimed_by, row.attempts) == ("done", None, OWNER, 2)


async def test_an_update_in_flight_in_a_live_process_waits_for_it_or_for_its_death(
    desk, fake, tmp_path
) -> None:
    chat = _customer()
    update = Updates(chat).message("hello")
    other = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        _claim(desk, update, _owner_of(other.pid))
        async with _serving(desk, _channel(desk, fake, tmp_path, webhook=True)) as client:
            assert await _post(client, update) == 200
            assert fake.sent(chat) == []  # the other process is answering it
            other.kill()
            other.wait()
            assert await _post(client, update) == 200
            assert len(fake.sent(chat)) == 1  # it died: answered here
    finally:
        other.kill()
        other.wait()


async def test_a_claim_from_another_host_is_taken_over_once_it_is_not_renewed(
    desk, fake, tmp_path
) -> None:
    chat = _customer()
    update = Updates(chat).message("hello")
    _claim(desk, update, "elsewhere/1/4242/1")
    async with _serving(desk, _channel(desk, fake, tmp_path, webhook=True)) as client:
        assert await _post(client, update) == 200
        assert fake.sent(chat) == []  # renewed recently: alive
        with desk[1].engine.begin() as connection:
            connection.execute(
                sa.update(ProcessedUpdate.__table__)
                .where(ProcessedUpdate.update_id == update["update_id"])
                .values(claimed_at=utcnow() - CLAIM_LIFETIME - timedelta(seconds=1))
            )
        assert await _post(client, update) == 200
        assert len(fake.sent(chat)) == 1


async def test_what_a_dead_process_left_is_replayed_at_start_and_a_stored_turn_not_run_again(
    desk, fake, tmp_path
) -> None:
    chat = _customer()
    updates = Updates(chat)
    first = updates.message("hello")
    async with _serving(desk, _channel(desk, fake, tmp_path, webhook=True)) as client:
        assert await _post(client, first) == 200
    [answer] = fake.texts(chat)
    # A process that stored this turn and died before its reply reached Telegram (which had
    # the webhook's answer and will not send it again) leaves the row as it was then.
    with desk[1].engine.begin() as connection:
        connection.execute(
            sa.update(ProcessedUpdate.__table__)
            .where(ProcessedUpdate.update_id == first["update_id"])
            .values(
                state="received",
                done_at=None,
                claimed_by=_dead_owner(),
                payload=json.dumps(first),
            )
        )
    assert await _user_messages(desk, chat, "hello") == 1
    async with _serving(desk, _channel(desk, fake, tmp_path, webhook=True)):
        await fake.wait_for(lambda: len(fake.sent(chat)) == 2)
    assert fake.texts(chat) == [answer, answer]  # its stored replies, sent
    assert await _user_messages(desk, chat, "hello") == 1  # the turn not run again
    assert _row(desk, first["update_id"]).state == "done"


# -- defect 18: update ids are per bot ---------------------------------------------------------
async def test_a_new_token_s_update_ids_are_not_taken_for_duplicates(desk, tmp_path) -> None:
    first, second = FakeBotAPI("111111:first-token"), FakeBotAPI("222222:second-token")
    await first.start()
    await second.start()
    try:
        chat = _customer()
        update = Updates(chat).message("hello")
        for api in (first, second):  # the same update id, from each bot
            async with _serving(desk, _channel(desk, api, tmp_path, webhook=True)) as client:
                assert await _post(client, update) == 200
            assert len(api.sent(chat)) == 1
    finally:
        await first.stop()
        await second.stop()


async def test_a_slack_event_id_of_another_app_is_not_a_duplicate(slack) -> None:  # noqa: F811
    _settings, _db, fake, _bot, url = slack
    event_id = f"Ev{uuid.uuid4().hex[:10].upper()}"
    users = []
    for app in ("A0FIRSTAPP", "A0OTHERAPP"):
        user = "U0" + uuid.uuid4().hex[:8].upper()
        fake.add_user(user, "internal.customer", "en-US")
        requests = SlackRequests(api_app_id=app, fake=fake)
        assert (await _slack_post(url, requests.message_im(user, "hello", event_id)))[0] == 200
        users.append(user)
    for user in users:
        await fake.wait_for(lambda u=user: fake.posted(u))


async def test_a_slack_event_whose_process_died_is_handled_and_a_done_one_skipped(
    slack,  # noqa: F811
) -> None:
    _settings, database, fake, _bot, url = slack
    user = "U0" + uuid.uuid4().hex[:8].upper()
    fake.add_user(user, "internal.customer", "en-US")
    requests = SlackRequests(fake=fake)
    event_id = f"Ev{uuid.uuid4().hex[:10].upper()}"
    body = requests.message_im(user, "hello", event_id)
    dead = Deliveries(database.factory, "slack", f"{requests.api_app_id}:{requests.team_id}")
    dead.owner = _dead_owner()
    from bot.channels.slack import event_key

    assert dead.claim(event_key(event_id), body[0].decode()).handle  # and then it died
    assert (await _slack_post(url, body))[0] == 200  # Slack retries
    await fake.wait_for(lambda: fake.posted(user))
    assert (await _slack_post(url, body))[0] == 200  # done: skipped
    await asyncio.sleep(0.3)
    assert len(fake.posted(user)) == 1


# -- defect 15: chats concurrently, each in order ----------------------------------------------
async def test_polling_answers_other_chats_while_one_waits_and_keeps_each_chat_in_order(
    desk, fake, tmp_path
) -> None:
    slow, quick = _customer(), _customer()
    slow_updates, quick_updates = Updates(slow), Updates(quick)
    channel = _channel(desk, fake, tmp_path, webhook=False)
    await channel.start()
    try:
        release = fake.hold("sendMessage", slow)  # Telegram slow for one chat
        fake.queue_update(slow_updates.message("/start"))
        fake.queue_update(slow_updates.message("/help"))
        await fake.wait_for(lambda: fake.called("sendMessage"))
        fake.queue_update(quick_updates.message("hello"))
        await fake.wait_for(lambda: len(fake.sent(quick)) == 1)  # not held up
        assert fake.sent(slow) == []  # /help waits behind /start
        release.set()
        await fake.wait_for(lambda: len(fake.sent(slow)) == 2)
    finally:
        await channel.stop()
    greeting, help_text = fake.texts(slow)
    assert "complaints desk" in greeting  # /start answered first, as sent
    assert help_text != greeting


async def test_the_webhook_queues_each_chat_in_order_and_other_chats_go_on(
    desk, fake, tmp_path
) -> None:
    slow, quick = _customer(), _customer()
    slow_updates, quick_updates = Updates(slow), Updates(quick)
    async with _serving(desk, _channel(desk, fake, tmp_path, webhook=True)) as client:
        release = fake.hold("sendMessage", slow)
        first = asyncio.create_task(_post(client, slow_updates.message("/start")))
        await fake.wait_for(lambda: fake.called("sendMessage"))
        second = asyncio.create_task(_post(client, slow_updates.message("/help")))
        assert await _post(client, quick_updates.message("hello")) == 200
        assert len(fake.sent(quick)) == 1  # not held up
        await asyncio.sleep(0.2)
        assert fake.sent(slow) == []  # /help waits behind /start
        release.set()
        assert (await first, await second) == (200, 200)
    greeting, help_text = fake.texts(slow)
    assert "complaints desk" in greeting and help_text != greeting


# -- defect 11: done deliveries are pruned after a day -----------------------------------------
async def test_the_scheduler_prunes_deliveries_done_more_than_a_day_ago(desk) -> None:
    now = utcnow()
    factory = desk[1].factory
    keys = {name: 9_000_000_000 + uuid.uuid4().int % 10**9 for name in ("old", "new", "open")}
    for name, key in keys.items():
        at = now - (timedelta(hours=25) if name in ("old", "open") else timedelta(hours=23))
        deliveries = Deliveries(factory, "telegram", "prune-test", clock=lambda at=at: at)
        assert deliveries.claim(key, None).handle
        if name != "open":
            deliveries.finish(key)
    chaser = ChaseScheduler(factory, desk[0].policy, ChaseRules(), clock=lambda: now)
    assert await chaser.prune_once() >= 1
    left = {name for name, key in keys.items() if _exists(desk, key)}
    assert left == {"new", "open"}  # an unfinished one is kept for its replay


def _exists(desk, key: int) -> bool:
    with desk[1].engine.begin() as connection:
        return (
            connection.execute(
                sa.select(sa.func.count()).where(ProcessedUpdate.__table__.c.update_id == key)
            ).scalar_one()
            == 1
        )


# -- the fault test: SIGKILL mid-turn, a real process restarted ---------------------------------
async def test_a_process_killed_mid_turn_answers_the_redelivered_update_once_after_restart(
    model_path, fake, tmp_path
) -> None:
    import signal
    import sqlite3

    from tests.test_telegram_process import _env, _read_until, _start

    env = _env(tmp_path, fake, fake.token)
    chat = 800_000_000 + uuid.uuid4().int % 1_000_000
    update = Updates(chat, "en").message("my kettle started sparking and smoking")
    fake.hold("sendMessage", chat)  # Telegram slow to take the reply
    first = _start(env)
    try:
        assert "long polling" in await _read_until(first, "long polling", 120)
        fake.queue_update(update)
        await fake.wait_for(lambda: fake.called("sendMessage"), timeout=30)
    finally:
        first.kill()  # mid-turn: the reply on its way, never confirmed
        await asyncio.to_thread(first.communicate, None, 30)
    assert fake.sent(chat) == []

    def polled_past(key: int):
        return lambda: any(
            int(c.params.get("offset") or 0) > key for c in fake.called("getUpdates")
        )

    fake.queue_update(update)  # Telegram sends it again
    second = _start(env)
    try:
        assert "long polling" in await _read_until(second, "long polling", 120)
        await fake.wait_for(lambda: len(fake.sent(chat)) == 1, timeout=30)
        assert "Your safety comes first" in fake.texts(chat)[0]
        fake.calls.clear()
        fake.queue_update(update)  # and once more, now that it was answered
        await fake.wait_for(polled_past(update["update_id"]), timeout=30)
        await asyncio.sleep(0.5)
        assert len(fake.sent(chat)) == 1  # answered exactly once
    finally:
        second.send_signal(signal.SIGINT)
        _, rest = await asyncio.to_thread(second.communicate, None, 30)
    assert second.returncode == 0, rest
    with contextlib.closing(sqlite3.connect(tmp_path / "run.db")) as db:
        [(stored,)] = db.execute(
            "SELECT count(*) FROM events WHERE sender_id = ? AND type_name = 'user'",
            (f"telegram:{chat}",),
        ).fetchall()
        [(state,)] = db.execute(
            "SELECT state FROM processed_updates WHERE update_id = ?", (update["update_id"],)
        ).fetchall()
    assert (stored, state) == (1, "done")  # the turn stored once


async def test_a_slack_event_a_dead_process_left_is_replayed_at_start(desk) -> None:
    from bot.channels.slack import SlackChannel, event_key
    from bot.settings import SlackSettings
    from tests.fakes.slack import FakeSlackAPI
    from tests.test_slack import SECRET

    fake = FakeSlackAPI()
    await fake.start()
    user = "U0" + uuid.uuid4().hex[:8].upper()
    fake.add_user(user, "internal.customer", "en-US")
    requests = SlackRequests(fake=fake)
    event_id = f"Ev{uuid.uuid4().hex[:10].upper()}"
    body, _ = requests.message_im(user, "hello", event_id)
    dead = Deliveries(desk[1].factory, "slack", f"{requests.api_app_id}:{requests.team_id}")
    dead.owner = _dead_owner()
    assert dead.claim(event_key(event_id), body.decode()).handle  # acknowledged, then it died
    channel = SlackChannel(
        desk[2], desk[1].factory, desk[0].policy, SlackSettings(fake.token, SECRET, None, fake.url)
    )
    try:
        await channel.start()  # the restarted process
        await fake.wait_for(lambda: fake.posted(user))
        assert "complaints desk" in fake.posted(user)[0].params["text"]
    finally:
        await channel.stop()
        await fake.stop()
