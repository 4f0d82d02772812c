"""The outbox dispatcher and the Telegram sender, against the local fake Bot API.

Each test has its own database: the dispatcher sends every due row it finds.
"""

from __future__ import annotations

import asyncio
import itertools
import os
import time
import uuid
from collections.abc import AsyncIterator
from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any

import pytest
import sqlalchemy as sa

from bot.channels.slack import SlackSender
from bot.channels.telegram import TelegramChannel, TelegramSender
from bot.jobs.outbox import CLAIM_LEASE, OutboxDispatcher, RedisPacer
from bot.settings import SlackSettings, TelegramSettings
from handlers import casework
from handlers.attachments import Limits
from handlers.identity import Identity
from handlers.intake import ComplaintDetails, file_complaint
from storage import repositories as repo
from storage.db import transaction
from storage.models import ComplaintEvent, OutboxAttempt, OutboxMessage
from storage.types import utcnow
from tests.conftest import IN_CI
from tests.fakes.slack import FakeSlackAPI
from tests.fakes.telegram import FakeBotAPI


class Clock:
    """The dispatcher's clock, moved by the test (it starts now: rows are due from now)."""

    def __init__(self) -> None:
        self.now = utcnow() + timedelta(seconds=1)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


@pytest.fixture
async def fake() -> AsyncIterator[FakeBotAPI]:
    api = FakeBotAPI()
    await api.start()
    yield api
    await api.stop()
    assert api.unknown == []


@pytest.fixture
def database(base_settings, tmp_path):
    from bot.wiring import prepare_database

    return prepare_database(replace(base_settings, database_url=f"sqlite:///{tmp_path / 'o.db'}"))


@pytest.fixture
async def sender(desk, database, fake, tmp_path) -> AsyncIterator[TelegramSender]:
    settings = TelegramSettings(fake.token, None, "s", fake.url)
    channel = TelegramChannel(
        desk[2], database.factory, settings, Limits(tmp_path, 1000, ("image/png",))
    )
    await channel.application.initialize()
    await channel.notifier.initialize()
    telegram = channel.sender()
    telegram.per_chat_interval = 0.0
    yield telegram
    await channel.notifier.shutdown()
    await channel.application.shutdown()


def _file(database, policy, chat: int, language: str = "en") -> str:
    receipt = file_complaint(
        database.factory,
        policy,
        identity=Identity("telegram", str(chat)),
        language=language,
        details=ComplaintDetails(
            description="the charger stopped working",
            product="charger",
            desired_outcome="Refund",
            incident_date_text="yesterday",
            incident_on=None,
            customer_name="Test Person",
            contact="test@example.com",
        ),
        now=utcnow(),
    )
    return receipt.reference


def _answers(database, reference: str, count: int) -> None:
    """`count` answers queued for the customer, numbered in the order they were written."""
    with transaction(database.factory) as session:
        complaint = repo.get_by_reference(session, reference=reference)
        for i in range(1, count + 1):
            repo.enqueue(
                session,
                channel="telegram",
                recipient=complaint.user_id,
                kind="customer.responded",
                payload={"language": "en", "reference": reference, "response": f"answer {i}"},
                complaint=complaint,
            )


def _rows(database) -> list[OutboxMessage]:
    with transaction(database.factory) as session:
        rows = list(session.execute(sa.select(OutboxMessage).order_by(OutboxMessage.id)).scalars())
        for row in rows:
            session.expunge(row)
        return rows


async def _drain(dispatcher: OutboxDispatcher, clock: Clock, rounds: int = 40) -> None:
    for _ in range(rounds):
        await dispatcher.run_once()
        clock.advance(2)


async def test_a_429_storm_during_a_notification_burst_loses_nothing(
    database, sender, fake, base_settings
) -> None:
    chats = [700_000_000 + uuid.uuid4().int % 1_000_000 for _ in range(3)]
    references = [_file(database, base_settings.policy, chat) for chat in chats]
    for reference in references:
        _answers(database, reference, 5)
    fake.fail_next("sendMessage", 429, times=6, retry_after=3)
    clock = Clock()
    dispatcher = OutboxDispatcher(database.factory, {"telegram": sender}, clock=clock)
    await _drain(dispatcher, clock)
    for chat, reference in zip(chats, references, strict=True):
        texts = fake.texts(chat)
        assert [t.split("\n")[1] for t in texts] == [f"answer {i}" for i in range(1, 6)]  # in order
        assert all(reference in t for t in texts)
    rows = _rows(database)
    assert [r.status for r in rows] == ["sent"] * 15  # each once, none lost
    with transaction(database.factory) as session:
        outcomes = session.execute(sa.select(OutboxAttempt.outcome)).scalars().all()
    assert outcomes.count("retry") == 6 and outcomes.count("sent") == 15


async def test_retry_after_is_honoured(database, sender, fake, base_settings) -> None:
    chat = 710_000_000 + uuid.uuid4().int % 1_000_000
    _answers(database, _file(database, base_settings.policy, chat), 1)
    fake.fail_next("sendMessage", 429, retry_after=30)
    clock = Clock()
    dispatcher = OutboxDispatcher(database.factory, {"telegram": sender}, clock=clock)
    await dispatcher.run_once()
    clock.advance(29)
    await dispatcher.run_once()
    assert fake.texts(chat) == []  # Telegram said 30 seconds
    clock.advance(2)
    await dispatcher.run_once()
    assert len(fake.texts(chat)) == 1


async def test_a_5xx_is_retried_with_backoff_and_blocks_later_messages_to_that_chat(
    database, sender, fake, base_settings
) -> None:
    chat = 720_000_000 + uuid.uuid4().int % 1_000_000
    _answers(database, _file(database, base_settings.policy, chat), 2)
    fake.fail_next("sendMessage", 500)
    clock = Clock()
    dispatcher = OutboxDispatcher(database.factory, {"telegram": sender}, clock=clock)
    assert await dispatcher.run_once() == 0
    assert await dispatcher.run_once() == 0  # the second waits for the first: order per chat
    assert fake.texts(chat) == []
    clock.advance(3)  # first backoff: 2 s
    await _drain(dispatcher, clock, rounds=2)
    assert [t.split("\n")[1] for t in fake.texts(chat)] == ["answer 1", "answer 2"]
    first = _rows(database)[0]
    assert first.attempts == 2 and first.status == "sent"


async def test_a_customer_who_blocked_the_bot_is_recorded_and_not_retried(
    database, sender, fake, base_settings
) -> None:
    chat = 730_000_000 + uuid.uuid4().int % 1_000_000
    reference = _file(database, base_settings.policy, chat)
    _answers(database, reference, 1)
    fake.blocked.add(str(chat))
    clock = Clock()
    dispatcher = OutboxDispatcher(database.factory, {"telegram": sender}, clock=clock)
    await _drain(dispatcher, clock, rounds=5)
    assert len(fake.called("sendMessage")) == 1  # tried once, never again
    [row] = _rows(database)
    assert row.status == "failed" and "403" in (row.last_error or "")
    with transaction(database.factory) as session:
        kinds = session.execute(sa.select(ComplaintEvent.kind)).scalars().all()
    assert "customer.unreachable" in kinds


async def test_each_chat_is_paced_to_one_message_a_second(
    database, sender, fake, base_settings
) -> None:
    chat = 740_000_000 + uuid.uuid4().int % 1_000_000
    _answers(database, _file(database, base_settings.policy, chat), 3)
    sender.per_chat_interval = 0.3  # Telegram's is about 1 s; shorter here to keep tests fast
    clock = Clock()
    dispatcher = OutboxDispatcher(database.factory, {"telegram": sender}, clock=clock)
    await _drain(dispatcher, clock, rounds=3)
    times = [c.at for c in fake.sent(chat)]
    assert len(times) == 3
    assert all(b - a >= 0.29 for a, b in itertools.pairwise(times))


async def test_acknowledging_and_answering_tell_a_telegram_customer_in_their_language(
    database, sender, fake, base_settings
) -> None:
    chat = 750_000_000 + uuid.uuid4().int % 1_000_000
    reference = _file(database, base_settings.policy, chat, language="ko")
    policy = base_settings.policy
    kim = policy.staff("kim.minji")
    assert kim is not None
    done = casework.acknowledge(database.factory, policy, reference=reference, by=kim, now=utcnow())
    assert done.result == "done" and done.notified
    again = casework.acknowledge(
        database.factory, policy, reference=reference, by=kim, now=utcnow()
    )
    assert again.result == "not_now"  # acknowledged once
    casework.respond(
        database.factory,
        policy,
        reference=reference,
        response="새 충전기를 보내 드렸습니다 <교환>",
        by=kim,
        now=utcnow(),
    )
    clock = Clock()
    await _drain(OutboxDispatcher(database.factory, {"telegram": sender}, clock=clock), clock, 3)
    acknowledged, answered = fake.texts(chat)
    assert reference in acknowledged and "담당 팀에서 확인" in acknowledged
    assert "새 충전기를 보내 드렸습니다 &lt;교환&gt;" in answered  # staff text escaped


def test_a_rest_customers_notice_waits_for_their_next_message(database, base_settings) -> None:
    """REST cannot push: the notice is kept (no dispatcher sends it) and handed over once."""
    receipt = file_complaint(
        database.factory,
        base_settings.policy,
        identity=Identity("rest", "someone"),
        language="en",
        details=ComplaintDetails("it broke", "kettle", "Refund", "today", None, "A B", "a@b.cd"),
        now=utcnow(),
    )
    kim = base_settings.policy.staff("kim.minji")
    assert kim is not None
    outcome = casework.acknowledge(
        database.factory, base_settings.policy, reference=receipt.reference, by=kim, now=utcnow()
    )
    assert outcome.result == "done" and not outcome.notified
    assert [(r.channel, r.kind, r.status) for r in _rows(database)] == [
        ("rest", "customer.acknowledged", "pending")
    ]
    waiting = casework.waiting_notices(
        database.factory, channel="rest", user_id="someone", now=utcnow()
    )
    assert [(kind, values["reference"]) for kind, values in waiting] == [
        ("customer.acknowledged", receipt.reference)
    ]
    assert (
        casework.waiting_notices(database.factory, channel="rest", user_id="someone", now=utcnow())
        == []
    )  # handed over once
    assert [r.status for r in _rows(database)] == ["sent"]


async def test_notifications_stay_within_thirty_a_second_overall(
    database, sender, fake, base_settings
) -> None:
    """AIORateLimiter on the notifier bot: a burst to many chats goes out at Telegram's pace
    (a leaky bucket of 30 a second: 30 at once, then 30 a second)."""
    chats = [760_000_000 + i for i in range(75)]
    for chat in chats:
        _answers(database, _file(database, base_settings.policy, chat), 1)
    clock = Clock()
    dispatcher = OutboxDispatcher(database.factory, {"telegram": sender}, clock=clock, batch=100)
    started = time.monotonic()
    await _drain(dispatcher, clock, rounds=2)
    times = sorted(c.at for c in fake.sent() if int(c.params["chat_id"]) in set(chats))
    assert len(times) == 75
    # Not the whole burst at once: from the first message taken from the bucket the last can
    # leave no sooner than (75 - 30) / 30 s. Measured from the start, not the first arrival,
    # which a slow first connection delays while the bucket already drains.
    assert times[-1] - started >= (75 - 30) / 30 - 0.05
    # 30 at once, then 30 a second; a few more where a loaded machine delayed the receipts
    assert sum(1 for t in times if t < times[0] + 0.5) <= 30 + 15 + 5


# -- fairness, claims, give-up, pacing across processes ------------------------------------


@pytest.fixture
async def slack_sender(desk, database, base_settings) -> AsyncIterator[SlackSender]:
    """The Slack outbox sender against the local fake Web API."""
    from bot.channels.slack import SlackChannel

    fake = FakeSlackAPI()
    await fake.start()
    channel = SlackChannel(
        desk[2],
        database.factory,
        base_settings.policy,
        SlackSettings(fake.token, "", None, fake.url),
    )
    slack = channel.sender()
    slack.per_chat_interval = 0.0
    try:
        yield slack
    finally:
        await fake.stop()


def _backing_off_on_slack(database, count: int, until: datetime) -> None:
    """`count` customer answers in Slack DMs, each waiting for a retry (a Slack outage)."""
    with transaction(database.factory) as session:
        for i in range(count):
            row = repo.enqueue(
                session,
                channel="slack",
                recipient=f"T0EXAMPLE:U0OUTAGE{i}",
                kind="customer.responded",
                payload={"language": "en", "reference": "CMP-0000-0000", "response": "x"},
            )
            row.attempts, row.next_attempt_at = 3, until


async def test_a_channel_backing_off_does_not_hold_up_a_due_message_on_another(
    database, sender, slack_sender, fake, base_settings
) -> None:
    clock = Clock()
    _backing_off_on_slack(database, 400, until=clock.now + timedelta(minutes=10))
    chat = 770_000_000 + uuid.uuid4().int % 1_000_000
    _answers(database, _file(database, base_settings.policy, chat), 1)  # written after them
    dispatcher = OutboxDispatcher(
        database.factory, {"telegram": sender, "slack": slack_sender}, clock=clock
    )
    assert await dispatcher.run_once() == 1  # the first round
    assert [t.split("\n")[1] for t in fake.texts(chat)] == ["answer 1"]


async def test_later_messages_to_a_recipient_wait_for_an_earlier_one_backing_off(
    database, sender, fake, base_settings
) -> None:
    chat = 775_000_000 + uuid.uuid4().int % 1_000_000
    _answers(database, _file(database, base_settings.policy, chat), 3)
    clock = Clock()
    with transaction(database.factory) as session:
        first = session.execute(sa.select(OutboxMessage).order_by(OutboxMessage.id)).scalar()
        first.next_attempt_at = clock.now + timedelta(seconds=30)  # the second and third are due
    dispatcher = OutboxDispatcher(database.factory, {"telegram": sender}, clock=clock)
    assert await dispatcher.run_once() == 0
    clock.advance(31)
    await _drain(dispatcher, clock, rounds=3)
    assert [t.split("\n")[1] for t in fake.texts(chat)] == ["answer 1", "answer 2", "answer 3"]


async def test_a_message_gives_up_after_twelve_tries(database, sender, fake, base_settings) -> None:
    chat = 780_000_000 + uuid.uuid4().int % 1_000_000
    reference = _file(database, base_settings.policy, chat)
    _answers(database, reference, 1)
    fake.fail_next("sendMessage", 500, times=20)
    clock = Clock()
    dispatcher = OutboxDispatcher(database.factory, {"telegram": sender}, clock=clock)
    for _ in range(16):
        await dispatcher.run_once()
        clock.advance(3601)  # past the longest backoff
    assert len(fake.called("sendMessage")) == 12
    [row] = _rows(database)
    assert (row.status, row.attempts) == ("failed", 12)
    with transaction(database.factory) as session:
        kinds = session.execute(sa.select(ComplaintEvent.kind)).scalars().all()
    assert "notification.failed" in kinds


async def test_a_claim_left_by_a_process_that_died_is_sent_once_the_lease_runs_out(
    database, sender, fake, base_settings
) -> None:
    """The stated guarantee: the platform took the first answer, the process died before
    writing `sent`; the answer goes again (one duplicate, no more) after the lease, and the
    customer's later answers follow in order, held back by the lease at most."""
    chat = 785_000_000 + uuid.uuid4().int % 1_000_000
    _answers(database, _file(database, base_settings.policy, chat), 2)
    clock = Clock()
    dead = OutboxDispatcher(database.factory, {"telegram": sender}, clock=clock)
    [claimed] = dead.claim()
    await sender.deliver(claimed.recipient, claimed.kind, claimed.payload)  # then it died
    assert [r.status for r in _rows(database)] == ["sending", "pending"]
    alive = OutboxDispatcher(database.factory, {"telegram": sender}, clock=clock)
    clock.advance(CLAIM_LEASE.total_seconds() - 1)
    assert await alive.run_once() == 0  # still someone's claim: nothing, not even the second
    clock.advance(1)
    await _drain(alive, clock, rounds=3)
    assert [t.split("\n")[1] for t in fake.texts(chat)] == ["answer 1", "answer 1", "answer 2"]
    assert [r.status for r in _rows(database)] == ["sent", "sent"]
    with transaction(database.factory) as session:
        outcomes = session.execute(
            sa.select(OutboxAttempt.outcome).order_by(OutboxAttempt.id)
        ).scalars()
        assert list(outcomes) == ["expired", "sent", "sent"]
    assert timedelta(seconds=30) >= CLAIM_LEASE  # seconds, tied to the send timeout


async def test_stopping_mid_send_gives_the_claim_back(
    desk, database, base_settings, tmp_path
) -> None:
    chat = 786_000_000 + uuid.uuid4().int % 1_000_000
    _answers(database, _file(database, base_settings.policy, chat), 1)
    slow = SlowBotAPI(delay=5.0)
    await slow.start()
    channel = TelegramChannel(
        desk[2],
        database.factory,
        TelegramSettings(slow.token, None, "s", slow.url),
        Limits(tmp_path, 1000, ("image/png",)),
    )
    await channel.notifier.initialize()
    try:
        dispatcher = OutboxDispatcher(database.factory, {"telegram": channel.sender()})
        dispatcher.start(interval=0.05)
        await slow.wait_for(lambda: slow.called("sendMessage"), timeout=5)
        await dispatcher.stop(grace=0.2)  # the send is still waiting for Telegram
    finally:
        await channel.notifier.shutdown()
        await slow.stop()
    [row] = _rows(database)
    assert (row.status, row.attempts) == ("pending", 0)  # not stuck `sending`: sent next time
    assert row.next_attempt_at <= utcnow()


@pytest.mark.postgres
async def test_two_dispatchers_never_claim_one_row(postgres_database, desk, fake, tmp_path) -> None:
    """Both read the same pending rows before either claims; the guard on `pending` lets
    one claim win and the other claim nothing of it."""
    from bot.wiring import prepare_database

    settings = replace(desk[0], database_url=postgres_database)
    database = prepare_database(settings)
    chats = [790_000_000 + i for i in range(20)]
    for chat in chats:
        _answers(database, _file(database, settings.policy, chat), 1)
    channel = TelegramChannel(
        desk[2],
        database.factory,
        TelegramSettings(fake.token, None, "s", fake.url),
        Limits(tmp_path, 1000, ("image/png",)),
    )
    await channel.notifier.initialize()
    telegram = channel.sender()
    telegram.per_chat_interval = 0.0
    first = OutboxDispatcher(database.factory, {"telegram": telegram})
    second = OutboxDispatcher(database.factory, {"telegram": telegram})
    blocker = database.engine.connect()
    try:
        with blocker.begin():
            blocker.execute(sa.text("SELECT id FROM outbox FOR UPDATE"))  # both claims queue
            rounds = asyncio.gather(first.run_once(), second.run_once())
            await _both_waiting_for_a_lock(database.engine)
    finally:
        blocker.close()
    sent = await rounds
    await channel.notifier.shutdown()
    assert sum(sent) == 20
    assert (
        sorted(int(c.params["chat_id"]) for c in fake.sent() if int(c.params["chat_id"]) in chats)
        == chats
    )
    assert [r.status for r in _rows(database)] == ["sent"] * 20


async def _both_waiting_for_a_lock(engine: sa.engine.Engine) -> None:
    waiting = sa.text(
        "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
        "AND datname = current_database()"
    )
    for _ in range(250):
        with engine.connect() as watch:  # the statistics are a snapshot per transaction
            if watch.execute(waiting).scalar() >= 2:
                return
        await asyncio.sleep(0.02)
    raise AssertionError("the two dispatchers never both waited to claim")


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


async def test_two_processes_pace_one_chat_together_through_redis(
    database, sender, fake, base_settings
) -> None:
    """Two dispatchers (as two processes would) take turns on one chat's messages; with a
    Redis pacer each waits for the other's last message to that chat."""
    url = _redis_url()
    prefix = f"test:{uuid.uuid4().hex}:"
    chat = 795_000_000 + uuid.uuid4().int % 1_000_000
    _answers(database, _file(database, base_settings.policy, chat), 4)
    sender.per_chat_interval = 0.3  # Telegram's is about 1 s; shorter here to keep tests fast
    dispatchers = [
        OutboxDispatcher(database.factory, {"telegram": sender}, pacer=RedisPacer(url, prefix))
        for _ in range(2)
    ]
    for _ in range(2):
        for dispatcher in dispatchers:  # one message each, alternately
            assert await dispatcher.run_once() == 1
    for dispatcher in dispatchers:
        await dispatcher.stop()
    times = [c.at for c in fake.sent(chat)]
    assert len(times) == 4
    assert all(b - a >= 0.29 for a, b in itertools.pairwise(times)), times


class SlowBotAPI(FakeBotAPI):
    """A Bot API that takes `delay` seconds to answer sendMessage."""

    def __init__(self, delay: float) -> None:
        super().__init__()
        self.delay = delay

    async def _sendMessage(self, params: dict[str, Any]) -> Any:
        await asyncio.sleep(self.delay)
        return await super()._sendMessage(params)


async def test_staff_updates_and_questions_reach_a_telegram_customer_in_their_language(
    database, sender, fake, base_settings
) -> None:
    """The case thread on Telegram: every staff message is pushed, in the complaint's
    language, in the order written, with the reference; a question says to reply."""
    chat = 700_000_000 + uuid.uuid4().int % 1_000_000
    policy = base_settings.policy
    reference = _file(database, policy, chat, language="ko")
    by = policy.staff("kim.minji")
    assert by is not None
    for text, ask in (("부품을 주문했습니다.", False), ("방문 가능한 시간을 알려 주세요.", True)):
        outcome = casework.message(
            database.factory, policy, reference=reference, text=text, by=by, now=utcnow(), ask=ask
        )
        assert outcome.result == "done" and outcome.notified
    clock = Clock()
    await _drain(OutboxDispatcher(database.factory, {"telegram": sender}, clock=clock), clock, 6)
    update, question = fake.texts(chat)
    assert reference in update and "부품을 주문했습니다." in update and "진행 상황" in update
    assert "방문 가능한 시간을 알려 주세요." in question and "답장해 주시면" in question
    assert [r.status for r in _rows(database)] == ["sent", "sent"]
