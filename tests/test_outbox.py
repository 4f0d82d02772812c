"""The outbox dispatcher and the Telegram sender, against the local fake Bot API.

Each test has its own database: the dispatcher sends every due row it finds.
"""

from __future__ import annotations

import itertools
import uuid
from collections.abc import AsyncIterator
from dataclasses import replace
from datetime import datetime, timedelta

import pytest
import sqlalchemy as sa

from bot.channels.telegram import TelegramChannel, TelegramSender
from bot.jobs.outbox import OutboxDispatcher
from bot.settings import TelegramSettings
from handlers import casework
from handlers.attachments import Limits
from handlers.identity import Identity
from handlers.intake import ComplaintDetails, file_complaint
from storage import repositories as repo
from storage.db import transaction
from storage.models import ComplaintEvent, OutboxAttempt, OutboxMessage
from storage.types import utcnow
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
    await _drain(dispatcher, clock, rounds=2)
    times = sorted(c.at for c in fake.sent() if int(c.params["chat_id"]) in set(chats))
    assert len(times) == 75
    assert times[-1] - times[0] >= (75 - 30) / 30 - 0.1  # not the whole burst at once
    # 30 at once, then 30 a second; a few more where a loaded machine delayed the receipts
    assert sum(1 for t in times if t < times[0] + 0.5) <= 30 + 15 + 5
