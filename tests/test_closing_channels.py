"""Closing the loop on the push channels, end to end through the local fakes (issue 21): on
Telegram (a fake Bot API) and in a Slack DM (a fake Slack Web API) the customer files in the
conversation, staff answer, the outbox pushes the answer with its two buttons, and the
customer accepts or declines by button or in words, scores the handling with the survey's
buttons and comments, reopens in their own words, and is reminded of the survey; the
numbers show in `complaints show --json`."""

from __future__ import annotations

import json
import uuid
from collections.abc import AsyncIterator
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest
from aiohttp import ClientSession
from aiohttp.test_utils import TestClient, TestServer

from bot.channels.telegram import SECRET_HEADER, TelegramChannel
from bot.cli import main
from bot.jobs.outbox import OutboxDispatcher
from bot.server.app import Server
from bot.settings import SlackSettings, TelegramSettings
from handlers import casework
from handlers.attachments import Limits
from storage import repositories as repo
from storage.db import transaction
from storage.models import Complaint
from storage.types import utcnow
from tests.fakes.slack import FakeSlackAPI, SlackRequests, sign
from tests.fakes.telegram import FakeBotAPI, Updates
from tests.helpers import REFERENCE

SECRET = "closing-secret_123"
SLACK_SECRET = "8f742231b10e8888abcd99yyyzzz85a5"


# -- Telegram --------------------------------------------------------------------------


@pytest.fixture
async def telegram(desk, tmp_path: Path) -> AsyncIterator[tuple]:
    """The desk's server with Telegram (webhook mode) against a fake Bot API; the outbox is
    driven by hand (`_push`)."""
    fake = FakeBotAPI()
    await fake.start()
    settings = TelegramSettings(
        token=fake.token,
        webhook_url="http://127.0.0.1:9/telegram/webhook",
        webhook_secret=SECRET,
        api_base_url=fake.url,
    )
    limits = Limits(tmp_path / "attachments", 2_000_000, ("image/jpeg",))
    channel = TelegramChannel(desk[2], desk[1].factory, settings, limits)
    server = Server(desk[2], desk[1].engine, api_token=None)
    server.mount(channel)
    client = TestClient(TestServer(server.app()))
    await client.start_server()
    try:
        yield client, channel, fake
    finally:
        await client.close()
        await fake.stop()
    assert fake.unknown == []


async def _send(client: TestClient, update: dict) -> None:
    response = await client.post("/telegram/webhook", json=update, headers={SECRET_HEADER: SECRET})
    assert response.status == 200


async def _push(factory, channel: str, sender) -> None:
    """Every notification due on the channel, sent (each run sends one per recipient; a
    new dispatcher each time, so its pacing does not wait)."""
    for _ in range(20):
        if await OutboxDispatcher(factory, {channel: sender}).run_once() == 0:
            return


def _chat_id() -> int:
    return 600_000_000 + uuid.uuid4().int % 100_000_000


def _keyboard(call) -> list[tuple[str, str]]:
    """A sent message's inline keyboard: (title, callback_data) per button."""
    rows = (call.params.get("reply_markup") or {}).get("inline_keyboard") or []
    return [(b["text"], b["callback_data"]) for row in rows for b in row]


TELEGRAM_FILING = {
    "en": [
        "my dishwasher is leaking water all over the kitchen floor",
        "Repair",
        "2 days ago",
        "Ann Lee",
        "ann@example.com",
        "yes",
    ],
    "ko": ["세탁기 문이 깨져서 왔어요", "교환", "어제", "김민지", "010-1234-5678", "네"],
}


async def _file_on_telegram(client: TestClient, fake: FakeBotAPI, updates: Updates) -> str:
    for text in TELEGRAM_FILING[updates.language_code]:
        await _send(client, updates.message(text))
    found = REFERENCE.search(fake.texts(updates.user_id)[-1])
    assert found, fake.texts(updates.user_id)[-1]
    return found.group(0)


def _complaint(factory, reference: str) -> Complaint:
    with transaction(factory) as session:
        complaint = repo.get_by_reference(session, reference=reference)
        assert complaint is not None
        _ = complaint.assignee
        session.expunge(complaint)
        return complaint


def _respond(settings, factory, reference: str, text: str) -> None:
    by = settings.policy.staff(_complaint(factory, reference).assignee.handle)
    outcome = casework.respond(
        factory, settings.policy, reference=reference, response=text, by=by, now=utcnow()
    )
    assert outcome.result == "done", outcome


def _show(database_url: str, reference: str, capsys, monkeypatch) -> dict:
    monkeypatch.setenv("DATABASE_URL", database_url)
    capsys.readouterr()
    assert main(["complaints", "show", reference, "--json"]) == 0
    return json.loads(capsys.readouterr().out)


async def test_telegram_accept_by_button_then_the_survey_by_button_and_a_comment(
    telegram, desk, capsys, monkeypatch
) -> None:
    client, channel, fake = telegram
    chat = _chat_id()
    updates = Updates(chat, "en")
    reference = await _file_on_telegram(client, fake, updates)
    _respond(desk[0], desk[1].factory, reference, "An engineer replaced the door seal.")
    await _push(desk[1].factory, "telegram", channel.sender())
    [answer] = [c for c in fake.sent(chat) if "replaced the door seal" in c.params["text"]]
    assert "Does this resolve your complaint?" in answer.params["text"]
    assert _keyboard(answer) == [
        ("Yes, it's resolved", f'/affirm{{"reference": "{reference}"}}'),
        ("No, not yet", f'/deny{{"reference": "{reference}"}}'),
    ]
    await _send(client, updates.callback(_keyboard(answer)[0][1]))  # Accept
    assert _complaint(desk[1].factory, reference).status == "closed"
    said = fake.sent(chat)[-1]
    assert "is now closed" in said.params["text"] and "How satisfied" in said.params["text"]
    survey = _keyboard(said)
    assert [title for title, _ in survey] == ["1", "2", "3", "4", "5"]
    assert all(reference in data for _, data in survey)
    await _send(client, updates.callback(survey[3][1]))  # "4"
    assert _complaint(desk[1].factory, reference).satisfaction_score == 4
    assert "anything we could have done better" in fake.texts(chat)[-1]
    await _send(client, updates.message("the engineer could have called before coming"))
    assert "passed your comments on" in fake.texts(chat)[-1]
    case = _show(desk[0].database_url, reference, capsys, monkeypatch)
    assert case["status"] == "closed" and case["closed_by"]["kind"] == "accepted"
    assert (case["satisfaction"]["score"], case["satisfaction"]["comment"]) == (
        4,
        "the engineer could have called before coming",
    )
    kinds = [e["kind"] for e in case["events"]]
    for kind in ("responded", "accepted", "satisfaction", "satisfaction_comment"):
        assert kind in kinds, kinds


async def test_telegram_decline_by_button_in_korean_then_the_reason_in_own_words(
    telegram, desk, capsys, monkeypatch
) -> None:
    client, channel, fake = telegram
    chat = _chat_id()
    updates = Updates(chat, "ko")
    reference = await _file_on_telegram(client, fake, updates)
    _respond(desk[0], desk[1].factory, reference, "새 문으로 교체해 드렸습니다.")
    await _push(desk[1].factory, "telegram", channel.sender())
    [answer] = [c for c in fake.sent(chat) if "새 문으로 교체" in c.params["text"]]
    assert "해결되었는지" in answer.params["text"]
    [(accept, _), (decline, data)] = _keyboard(answer)
    assert (accept, decline) == ("네, 해결되었습니다", "아니요, 아직 해결되지 않았습니다")
    assert data == f'/deny{{"reference": "{reference}"}}'
    await _send(client, updates.callback(data))  # Decline
    assert "아직 해결되지 않은 점" in fake.texts(chat)[-1]
    # the decline is recorded at once, and what happens next told at once: it goes back to
    # work even if no reason ever comes
    told = " ".join(fake.texts(chat)[-3:])
    assert reference in told and "답변드리겠습니다" in told
    assert "한국소비자원 1372" in told and "재검토" in told
    assert _complaint(desk[1].factory, reference).status == "investigating"
    reason = "교체한 문도 닫으면 덜컹거리고 틈이 벌어져요"
    await _send(client, updates.message(reason))
    assert f"{reference} 건에 추가해" in fake.texts(chat)[-1]
    complaint = _complaint(desk[1].factory, reference)
    assert (complaint.status, complaint.declined_count) == ("investigating", 1)
    case = _show(desk[0].database_url, reference, capsys, monkeypatch)
    reasons = [e["data"].get("reason") for e in case["events"] if e["data"]]
    assert reason in reasons, case["events"]


# -- Slack DM --------------------------------------------------------------------------


@pytest.fixture
async def slack(desk, model_path, tmp_path: Path) -> AsyncIterator[tuple]:
    """The desk with Slack pointed at a fake Web API, served on a real port with its outbox
    dispatcher running, on a database of its own (the outbox sends in order per recipient:
    another test's leftovers would queue ahead)."""
    from bot.wiring import build_dialogue, build_server, prepare_database

    fake = FakeSlackAPI()
    await fake.start()
    settings = replace(
        desk[0],
        database_url=f"sqlite:///{tmp_path / 'closing.db'}",
        slack=SlackSettings(fake.token, SLACK_SECRET, None, fake.url),
        telegram=None,
    )
    database = prepare_database(settings)
    dialogue = build_dialogue(settings, database, model_path)
    built = build_server(settings, database, dialogue)
    channel = next(c for c in built.channels if c.name == "slack")
    server = TestServer(built.app(), host="127.0.0.1", port=0)
    await server.start_server()
    try:
        yield settings, database, fake, str(server.make_url("/slack/events")), channel
    finally:
        await server.close()
        await fake.stop()
    assert fake.unknown == []


async def _post(url: str, request: tuple[bytes, str]) -> None:
    body, content_type = request
    async with (
        ClientSession() as http,
        http.post(url, data=body, headers=sign(body, SLACK_SECRET, None, content_type)) as response,
    ):
        assert response.status == 200


def _customer(fake: FakeSlackAPI, locale: str) -> str:
    user = "U0" + uuid.uuid4().hex[:8].upper()
    fake.add_user(user, "internal.customer", locale)
    return user


async def _dm(url: str, fake: FakeSlackAPI, user: str, text: str) -> str:
    """A DM to the app, and the desk's reply to it."""
    before = len(fake.posted(user))
    await _post(url, SlackRequests(fake=fake).message_im(user, text))
    await fake.wait_for(lambda: len(fake.posted(user)) > before)
    return str(fake.posted(user)[-1].params["text"])


async def _press(url: str, fake: FakeSlackAPI, user: str, message, title: str) -> str:
    """The customer presses the button titled `title` on a message the desk posted them; the
    desk's reply to it."""
    actions = next(b for b in message.params["blocks"] if b["type"] == "actions")
    [button] = [e for e in actions["elements"] if e["text"]["text"] == title]
    before = len(fake.posted(user))
    request = SlackRequests(fake=fake).block_actions(
        user,
        button["action_id"],
        value=button["value"],
        channel=message.response["channel"],
        message_ts=message.response["ts"],
    )
    await _post(url, request)
    await fake.wait_for(lambda: len(fake.posted(user)) > before)
    return str(fake.posted(user)[-1].params["text"])


def _buttons(message) -> list[tuple[str, str, str]]:
    """A Slack message's buttons: (action_id, title, value)."""
    return [
        (e["action_id"], e["text"]["text"], e["value"])
        for b in message.params["blocks"]
        if b["type"] == "actions"
        for e in b["elements"]
    ]


SLACK_FILING = [
    "my kettle leaks from the base whenever I boil water",
    "Replacement",
    "yesterday",
    "Dana Cho",
    "dana@example.com",
    "yes",
]


async def _file_in_slack(url: str, fake: FakeSlackAPI, user: str) -> str:
    for text in SLACK_FILING:
        said = await _dm(url, fake, user, text)
    found = REFERENCE.search(said)
    assert found, said
    return found.group(0)


async def _answered_in_slack(slack, user: str, reference: str, text: str):
    """Staff answer; the outbox posts the answer into the customer's DM: that message."""
    settings, database, fake, _url, _channel = slack
    _respond(settings, database.factory, reference, text)
    await fake.wait_for(lambda: any(text in str(c.params["text"]) for c in fake.posted(user)))
    [answer] = [c for c in fake.posted(user) if text in str(c.params["text"])]
    return answer


async def test_slack_dm_accept_by_button_then_a_score_by_button(slack, capsys, monkeypatch):
    settings, database, fake, url, _channel = slack
    user = _customer(fake, "en-US")
    reference = await _file_in_slack(url, fake, user)
    assert _complaint(database.factory, reference).channel == "slack"
    answer = await _answered_in_slack(slack, user, reference, "A new kettle is on its way.")
    assert "Does this resolve your complaint?" in answer.params["text"]
    assert _buttons(answer) == [
        ("customer:0", "Yes, it's resolved", f'/affirm{{"reference": "{reference}"}}'),
        ("customer:1", "No, not yet", f'/deny{{"reference": "{reference}"}}'),
    ]
    said = await _press(url, fake, user, answer, "Yes, it's resolved")
    assert "is now closed" in said and "How satisfied" in said
    assert _complaint(database.factory, reference).status == "closed"
    pressed = fake.messages[(answer.response["channel"], answer.response["ts"])]
    assert not [b for b in pressed["blocks"] if b["type"] == "actions"]  # one choice only
    survey = fake.posted(user)[-1]
    assert [(a, t) for a, t, _ in _buttons(survey)] == [
        (f"customer:{i}", str(i + 1)) for i in range(5)
    ]
    assert all(reference in value for _, _, value in _buttons(survey))
    said = await _press(url, fake, user, survey, "5")
    assert "anything we could have done better" in said
    assert _complaint(database.factory, reference).satisfaction_score == 5
    said = await _dm(url, fake, user, "no thanks")
    assert "Thank you for your feedback" in said
    case = _show(settings.database_url, reference, capsys, monkeypatch)
    assert case["status"] == "closed" and case["satisfaction"]["score"] == 5
    assert case["satisfaction"]["comment"] is None


async def test_slack_dm_decline_in_words_says_why_and_goes_back_to_work(slack) -> None:
    _settings, database, fake, url, _channel = slack
    user = _customer(fake, "en-US")
    reference = await _file_in_slack(url, fake, user)
    await _answered_in_slack(slack, user, reference, "Please descale it with vinegar.")
    said = await _dm(url, fake, user, "no, it still leaks from the base after descaling")
    assert reference in said and "will answer by" in said
    assert "internal review" in said and "Korea Consumer Agency, 1372" in said
    complaint = _complaint(database.factory, reference)
    assert (complaint.status, complaint.declined_count) == ("investigating", 1)


async def test_slack_dm_the_survey_reminder_comes_with_its_buttons_and_is_answered(
    slack,
) -> None:
    """Accepted in words, the survey left unanswered: the sweep's one reminder reaches the
    DM with the 1-5 buttons, and a press stores the score."""
    from handlers.chase import ChaseRules, sweep

    settings, database, fake, url, channel = slack
    user = _customer(fake, "en-US")
    reference = await _file_in_slack(url, fake, user)
    await _answered_in_slack(slack, user, reference, "We sent a new kettle.")
    said = await _dm(url, fake, user, "yes that sorts it")
    assert _complaint(database.factory, reference).status == "closed", said
    closed_at = _complaint(database.factory, reference).closed_at
    due = closed_at + settings.policy.closing.survey_reminder_after + timedelta(days=3)
    report = sweep(database.factory, settings.policy, ChaseRules(), now=due)
    assert [d.step for d in report.done] == ["survey.remind"]
    # the reminder is due at the sweep's moment: the outbox sends it on that clock
    await OutboxDispatcher(
        database.factory, {"slack": channel.sender()}, clock=lambda: due
    ).run_once()
    reminder = fake.posted(user)[-1]
    assert "We won't ask again" in reminder.params["text"]
    assert [t for _, t, _ in _buttons(reminder)] == ["1", "2", "3", "4", "5"]
    said = await _press(url, fake, user, reminder, "2")
    assert _complaint(database.factory, reference).satisfaction_score == 2
    assert "anything we could have done better" in said


async def test_telegram_the_same_problem_again_reopens_it_in_own_words(telegram, desk) -> None:
    client, channel, fake = telegram
    chat = _chat_id()
    updates = Updates(chat, "en")
    reference = await _file_on_telegram(client, fake, updates)
    _respond(desk[0], desk[1].factory, reference, "We replaced the drain hose.")
    await _push(desk[1].factory, "telegram", channel.sender())
    await _send(client, updates.message("yes that sorts it"))
    await _send(client, updates.message("5"))
    await _send(client, updates.message("no"))
    assert _complaint(desk[1].factory, reference).status == "closed"
    await _send(client, updates.message("the kitchen floor is wet again, same problem"))
    complaint = _complaint(desk[1].factory, reference)
    assert (complaint.status, complaint.reopened_count) == ("investigating", 1)
    assert "reopened your complaint" in fake.texts(chat)[-1]
    assert reference in fake.texts(chat)[-1]
