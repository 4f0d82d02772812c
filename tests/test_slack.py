"""The Slack channel against a local fake Slack Web API, with requests signed as Slack signs
them: cards and DMs, each button, the respond modal reaching a Telegram customer, refusals,
signatures, retries, slash commands, and customers who DM the app."""

from __future__ import annotations

import time
import uuid
from collections.abc import AsyncIterator
from dataclasses import replace

import pytest
import sqlalchemy as sa
from aiohttp import ClientSession
from aiohttp.test_utils import TestServer

from bot.settings import SlackSettings
from bot.wiring import build_server
from handlers import casework
from handlers.identity import Identity
from handlers.intake import ComplaintDetails, file_complaint
from storage import repositories as repo
from storage.db import transaction
from storage.models import OutboxMessage
from storage.types import utcnow
from tests.fakes.slack import FakeSlackAPI, SlackRequests, dm_channel, retry_headers, sign
from tests.fakes.telegram import FakeBotAPI

SECRET = "8f742231b10e8888abcd99yyyzzz85a5"
KIM, LEE, PARK, STRANGER = "U0KIMMINJI", "U0LEEJUNHO", "U0PARKSOYEON", "U0STRANGER"
QUALITY = "C0QUALITY"


@pytest.fixture
async def slack(desk, model_path, tmp_path) -> AsyncIterator[tuple]:
    """The desk with Slack (and Telegram) pointed at local fakes, served on a real port, on a
    database of its own (the outbox sends in order per recipient: another test's leftovers
    would queue ahead)."""
    from bot.wiring import build_dialogue, prepare_database

    settings = desk[0]
    fake, bot_api = FakeSlackAPI(), FakeBotAPI()
    await fake.start()
    await bot_api.start()
    for user, name, locale in (
        (KIM, "kim.minji", "ko-KR"),
        (LEE, "lee.junho", "en-US"),
        (PARK, "park.soyeon", "ko-KR"),
        (STRANGER, "someone.else", "en-US"),
    ):
        fake.add_user(user, name, locale)
    ids = {"kim.minji": KIM, "lee.junho": LEE, "park.soyeon": PARK}
    roster = tuple(
        replace(
            m, slack_user_id=ids.get(m.handle), language="en" if m.handle == "lee.junho" else "ko"
        )
        for m in settings.policy.roster
    )
    policy = replace(settings.policy, roster=roster, team_channels={"product-quality": QUALITY})
    from bot.settings import TelegramSettings

    settings = replace(
        settings,
        database_url=f"sqlite:///{tmp_path / 'slack.db'}",
        policy=policy,
        slack=SlackSettings(fake.token, SECRET, None, fake.url),
        telegram=TelegramSettings(
            bot_api.token, "http://127.0.0.1:9/telegram/webhook", "s3cret", bot_api.url
        ),
    )
    database = prepare_database(settings)  # the roster with its Slack ids
    dialogue = build_dialogue(settings, database, model_path)  # its actions on this database
    server = TestServer(build_server(settings, database, dialogue).app(), host="127.0.0.1", port=0)
    await server.start_server()
    try:
        yield settings, database, fake, bot_api, str(server.make_url("/slack/events"))
    finally:
        await server.close()
        await fake.stop()
        await bot_api.stop()


async def _post(url: str, request: tuple[bytes, str], headers: dict | None = None, **sig) -> tuple:
    body, content_type = request
    signed = sign(body, sig.get("secret", SECRET), sig.get("timestamp"), content_type)
    async with (
        ClientSession() as http,
        http.post(url, data=body, headers={**signed, **(headers or {})}) as response,
    ):
        return response.status, await response.text()


def _file(settings, database, *, channel: str = "rest", user: str | None = None, **kw) -> str:
    details = ComplaintDetails(
        kw.get("description", "The screen cracked on its own <!channel> <https://evil|click>"),
        "Galaxy S24",
        "Replacement",
        "yesterday",
        None,
        "Min-su Kim",
        "minsu@example.com",
    )
    receipt = file_complaint(
        database.factory,
        settings.policy,
        identity=Identity(channel, user or uuid.uuid4().hex[:10]),
        language=kw.get("language", "en"),
        details=details,
        now=utcnow(),
    )
    return receipt.reference


def _status(database, reference: str) -> str:
    with transaction(database.factory) as session:
        complaint = repo.get_by_reference(session, reference=reference)
        assert complaint is not None
        return complaint.status


def _card_calls(fake: FakeSlackAPI, reference: str, method: str = "chat.postMessage") -> list:
    return [c for c in fake.called(method) if c.ok and reference in str(c.params.get("text", ""))]


async def test_url_verification_and_signatures(slack) -> None:
    _settings, _db, fake, _bot, url = slack
    requests = SlackRequests(fake=fake)
    status, body = await _post(url, requests.url_verification("abc123"))
    assert (status, body) == (200, "abc123") or '"abc123"' in body
    assert (await _post(url, requests.url_verification("x"), secret="wrong"))[0] == 401
    stale = int(time.time()) - 6 * 60
    assert (await _post(url, requests.url_verification("x"), timestamp=stale))[0] == 401


async def test_a_complaint_filed_over_rest_dms_the_assignee_and_posts_an_escaped_card(
    slack,
) -> None:
    _settings, _database, fake, _bot, url = slack
    rest = url.replace("/slack/events", "/webhooks/rest/webhook")
    sender, reference = uuid.uuid4().hex[:10], ""
    async with ClientSession() as http:
        for text in (
            "the screen of my phone cracked on its own <!channel> <https://evil|click>",
            "Galaxy S24",
            "a replacement",
            "yesterday",
            "Min-su Kim",
            "minsu@example.com",
            "yes",
        ):
            async with http.post(rest, json={"sender": sender, "message": text}) as response:
                for reply in await response.json():
                    for word in (reply.get("text") or "").split():
                        if word.startswith("CMP-") and len(word) >= 13:
                            reference = word[:13]
    assert reference, "the complaint was not filed"
    await fake.wait_for(lambda: len(_card_calls(fake, reference)) >= 2)
    channels = {c.params["channel"] for c in _card_calls(fake, reference)}
    assert channels == {QUALITY, KIM}  # the team channel, and the assignee (kim.minji)
    for call in _card_calls(fake, reference):
        text = str(call.params["blocks"])
        assert "&lt;!channel&gt;" in text and "<!channel>" not in text
        assert "&lt;https://evil|click&gt;" in text
        buttons = next(b for b in call.params["blocks"] if b["type"] == "actions")["elements"]
        assert [e["action_id"] for e in buttons] == [
            "ack",
            "investigate",
            "respond",
            "message",
            "ask",
            "close",
            "escalate",
            "note",
            "reassign",
        ]
    by_channel = {
        c.params["channel"]: str(c.params["blocks"]) for c in _card_calls(fake, reference)
    }
    assert "minsu@example.com" in by_channel[KIM]  # the assignee sees the contact
    assert "minsu@example.com" not in by_channel[QUALITY]  # the channel does not
    assert "확인" in by_channel[KIM]  # kim.minji reads Korean
    assert fake.unknown == []


async def _filed_with_card(settings, database, fake: FakeSlackAPI) -> tuple[str, str]:
    """A new complaint once its cards are posted: its reference and the channel card's ts."""
    reference = _file(settings, database)
    await fake.wait_for(lambda: len(_card_calls(fake, reference)) >= 2)
    card = next(c for c in _card_calls(fake, reference) if c.params["channel"] == QUALITY)
    return reference, card.response["ts"]


async def test_acknowledge_changes_the_status_and_updates_the_cards_in_place(slack) -> None:
    settings, database, fake, _bot, url = slack
    reference, ts = await _filed_with_card(settings, database, fake)
    requests = SlackRequests(fake=fake)
    status, _ = await _post(
        url, requests.block_actions(LEE, "ack", value=reference, channel=QUALITY, message_ts=ts)
    )
    assert status == 200
    await fake.wait_for(
        lambda: _status(database, reference) == "acknowledged"
    )  # worked after the ack
    await fake.wait_for(lambda: len(_card_calls(fake, reference, "chat.update")) >= 2)
    updated = fake.messages[(QUALITY, ts)]
    assert "확인" in str(updated["blocks"])  # the channel card says acknowledged (in Korean)
    with transaction(database.factory) as session:
        complaint = repo.get_by_reference(session, reference=reference)
        events = [(e.kind, e.actor) for e in repo.events_for(session, complaint=complaint)]
    assert ("acknowledged", "staff:lee.junho") in events
    # a second press is told who did it, and nothing changes
    await _post(
        url, requests.block_actions(KIM, "ack", value=reference, channel=QUALITY, message_ts=ts)
    )
    await fake.wait_for(lambda: fake.called("chat.postEphemeral"))
    told = fake.called("chat.postEphemeral")[-1].params
    assert told["user"] == KIM and "Lee Junho" in told["text"]


def _buttons_on(fake: FakeSlackAPI, channel: str, ts: str) -> list[str]:
    blocks = fake.messages[(channel, ts)]["blocks"]
    actions = next((b for b in blocks if b["type"] == "actions"), {"elements": []})
    return [e["action_id"] for e in actions["elements"]]


async def test_investigate_acknowledges_and_the_card_offers_the_next_steps(slack) -> None:
    settings, database, fake, _bot, url = slack
    reference, ts = await _filed_with_card(settings, database, fake)
    requests = SlackRequests(fake=fake)
    press = requests.block_actions(KIM, "investigate", value=reference, channel=QUALITY)
    assert (await _post(url, press))[0] == 200
    await fake.wait_for(
        lambda: _status(database, reference) == "investigating"
    )  # worked after the ack
    with transaction(database.factory) as session:
        complaint = repo.get_by_reference(session, reference=reference)
        assert complaint is not None and complaint.acknowledged_at is not None
        events = [(e.kind, e.data) for e in repo.events_for(session, complaint=complaint)]
        told = session.execute(
            sa.select(OutboxMessage.kind).where(OutboxMessage.complaint_id == complaint.id)
        ).scalars()
        assert "customer.acknowledged" in set(told)  # the customer learns it is being handled
    assert ("acknowledged", None) in [(k, d or None) for k, d in events]
    assert ("status_changed", {"from": "received", "to": "investigating"}) in events
    await fake.wait_for(lambda: "조사 중" in str(fake.messages[(QUALITY, ts)]["blocks"]))
    assert _buttons_on(fake, QUALITY, ts) == [
        "respond", "message", "ask", "close", "escalate", "note", "reassign"
    ]  # fmt: skip
    # a second press on an older card is told, and nothing changes
    await _post(url, requests.block_actions(LEE, "investigate", value=reference, channel=QUALITY))
    await fake.wait_for(lambda: fake.called("chat.postEphemeral"))
    assert "Kim Minji" in fake.called("chat.postEphemeral")[-1].params["text"]
    # answered: the customer decides; staff can write to them or close it with a reason
    await _post(url, requests.block_actions(KIM, "respond", value=reference, channel=QUALITY))
    answer = {"answer": {"text": {"type": "plain_text_input", "value": "A new one is on its way."}}}
    await _post(url, requests.view_submission(KIM, "respond", answer, private_metadata=reference))
    await fake.wait_for(lambda: _status(database, reference) == "responded")  # worked after the ack
    await fake.wait_for(
        lambda: _buttons_on(fake, QUALITY, ts) == ["message", "ask", "close", "note", "reassign"]
    )


async def test_someone_not_on_the_roster_changes_nothing(slack) -> None:
    settings, database, fake, _bot, url = slack
    reference = _file(settings, database)
    requests = SlackRequests(fake=fake)
    for action in ("ack", "close", "escalate", "respond"):
        await _post(url, requests.block_actions(STRANGER, action, value=reference, channel=QUALITY))
    await fake.wait_for(lambda: len(fake.called("chat.postEphemeral")) >= 4)
    assert all(c.params["user"] == STRANGER for c in fake.called("chat.postEphemeral"))
    # told in their Slack locale (en-US), not the desk's staff language
    assert all(
        "Only the complaints team" in c.params["text"] for c in fake.called("chat.postEphemeral")
    )
    assert fake.called("views.open") == []
    assert _status(database, reference) == "received"


async def test_the_respond_modal_reaches_a_telegram_customer(slack) -> None:
    settings, database, fake, bot_api, url = slack
    chat = 880_000_000 + uuid.uuid4().int % 1_000_000
    reference = _file(settings, database, channel="telegram", user=str(chat), language="ko")
    requests = SlackRequests(fake=fake)
    await _post(url, requests.block_actions(KIM, "respond", value=reference, channel=QUALITY))
    await fake.wait_for(lambda: fake.called("views.open"))
    empty = await _post(
        url,
        requests.view_submission(
            KIM, "respond", {"answer": {"text": {"type": "plain_text_input", "value": "  "}}}
        ),
    )
    assert empty[0] == 200 and "errors" in empty[1]  # the modal asks for the answer
    answer = "새 제품으로 교환해 드리겠습니다 <내일 발송>"
    await _post(
        url,
        requests.view_submission(
            KIM, "respond", {"answer": {"text": {"type": "plain_text_input", "value": answer}}}
        ),
    )
    await fake.wait_for(lambda: _status(database, reference) == "responded")  # worked after the ack
    await bot_api.wait_for(lambda: any(answer[:10] in t for t in bot_api.texts(chat)))
    (sent,) = [t for t in bot_api.texts(chat) if answer[:10] in t]
    assert "&lt;내일 발송&gt;" in sent and reference in sent


async def test_escalate_and_reassign(slack) -> None:
    settings, database, fake, _bot, url = slack
    reference = _file(settings, database)
    requests = SlackRequests(fake=fake)
    await _post(url, requests.block_actions(KIM, "escalate", value=reference, channel=QUALITY))
    await fake.wait_for(lambda: fake.called("views.open"))  # the modal asks why
    assert _status(database, reference) == "received"
    empty = {"answer": {"text": {"type": "plain_text_input", "value": " "}}}
    _status_code, answer = await _post(
        url, requests.view_submission(KIM, "escalate", empty, private_metadata=reference)
    )
    assert "errors" in answer and _status(database, reference) == "received"
    reason = {"answer": {"text": {"type": "plain_text_input", "value": "Mentions a lawyer"}}}
    await _post(url, requests.view_submission(KIM, "escalate", reason, private_metadata=reference))
    assert _status(database, reference) == "escalated"  # before the modal closed
    with transaction(database.factory) as session:
        complaint = repo.get_by_reference(session, reference=reference)
        [escalated] = [
            e for e in repo.events_for(session, complaint=complaint) if e.kind == "escalated"
        ]
        assert escalated.data["reason"] == "Mentions a lawyer"
    await fake.wait_for(
        lambda: any(c.params.get("channel") == LEE for c in _card_calls(fake, reference))
    )
    # an agent who is not the assignee may not reassign; the supervisor may
    await _post(
        url,
        requests.block_actions(PARK, "reassign", selected_user=PARK, channel=QUALITY, blocks=None),
    )
    blocks = [{"type": "actions", "block_id": f"work:{reference}", "elements": []}]
    del blocks
    body = requests.block_actions(LEE, "reassign", selected_user=PARK, channel=QUALITY)
    await _post(url, _with_block(body, reference))

    def assignee() -> str:
        with transaction(database.factory) as session:
            complaint = repo.get_by_reference(session, reference=reference)
            assert complaint is not None
            return complaint.assignee.handle

    await fake.wait_for(lambda: assignee() == "park.soyeon")  # worked after the ack


def _with_block(request: tuple[bytes, str], reference: str) -> tuple[bytes, str]:
    """The users_select sits in the card's `work:<reference>` block."""
    import json
    from urllib.parse import parse_qs, urlencode

    body, content_type = request
    payload = json.loads(parse_qs(body.decode())["payload"][0])
    payload["actions"][0]["block_id"] = f"work:{reference}"
    return urlencode({"payload": json.dumps(payload)}).encode(), content_type


async def test_a_retried_event_is_processed_once_and_a_dm_is_a_conversation(slack) -> None:
    _settings, _db, fake, _bot, url = slack
    requests = SlackRequests(fake=fake)
    user = "U0" + uuid.uuid4().hex[:8].upper()
    fake.add_user(user, "internal.customer", "en-US")
    event = requests.message_im(user, "hello", event_id=f"Ev{uuid.uuid4().hex[:10].upper()}")
    assert (await _post(url, event))[0] == 200
    assert (await _post(url, event, headers=retry_headers(1)))[0] == 200
    await fake.wait_for(lambda: fake.posted(user))
    await _wait_quiet()
    replies = fake.posted(user)
    assert len(replies) == 1
    assert "complaints desk" in replies[0].params["text"]
    assert replies[0].params["channel"] in (user, dm_channel(user))


async def test_a_file_in_a_dm_is_not_kept_and_the_customer_is_told(slack) -> None:
    _settings, _db, fake, _bot, url = slack
    requests = SlackRequests(fake=fake)
    user = "U0" + uuid.uuid4().hex[:8].upper()
    fake.add_user(user, "internal.customer", "ko-KR")
    assert (await _post(url, requests.file_share_im(user)))[0] == 200
    await fake.wait_for(lambda: fake.posted(user))
    [reply] = fake.posted(user)
    assert "파일은 보관할 수 없습니다" in reply.params["text"]
    # a comment sent with a file is read as a message
    assert (await _post(url, requests.file_share_im(user, "모니터 화면이 깨져서 왔어요")))[0] == 200
    await fake.wait_for(lambda: len(fake.posted(user)) == 2)
    text = fake.posted(user)[1].params["text"]
    assert "파일은 보관할 수 없습니다" in text and "모니터" in text


async def _wait_quiet() -> None:
    import asyncio

    await asyncio.sleep(0.5)


async def test_slash_commands_are_for_staff(slack) -> None:
    settings, database, fake, _bot, url = slack
    reference = _file(settings, database)
    requests = SlackRequests(fake=fake)
    status, body = await _post(url, requests.slash_command(LEE, "/complaint", reference.lower()))
    assert status == 200 and reference in body and "minsu@example.com" in body  # a supervisor
    status, body = await _post(url, requests.slash_command(STRANGER, "/complaint", reference))
    assert reference not in body and "Only the complaints team" in body  # their Slack locale
    status, body = await _post(url, requests.slash_command(LEE, "/complaints", "open product"))
    assert reference in body
    status, body = await _post(url, requests.slash_command(KIM, "/complaints", "open product"))
    body = _unescaped(body)
    assert "보통 · 제품 품질" in body and "normal" not in body  # kim.minji reads Korean
    # the history says what happened, in words
    kim = settings.policy.staff("kim.minji")
    casework.escalate(
        database.factory,
        settings.policy,
        reference=reference,
        by=kim,
        now=utcnow(),
        reason="The customer mentions a lawyer",
    )
    status, body = await _post(url, requests.slash_command(LEE, "/complaint", reference))
    assert "*Kim Minji*: escalated it to level 1 (Lee Junho): The customer mentions a lawyer" in (
        body
    )
    assert "escalated ·" not in body and "status_changed" not in body
    status, body = await _post(url, requests.slash_command(KIM, "/complaint", reference))
    body = _unescaped(body)
    assert "1단계로 상향 (Lee Junho): The customer mentions a lawyer" in body
    assert "*우선순위:* 보통" in body
    status, body = await _post(url, requests.slash_command(LEE, "/complaint", "CMP-1234"))
    assert "not a reference" in body


def _unescaped(body: str) -> str:
    """A JSON answer as the member reads it (Korean, not \\u escapes)."""
    import json

    return json.dumps(json.loads(body), ensure_ascii=False) if body.startswith("{") else body


@pytest.fixture
async def standalone(desk, tmp_path) -> AsyncIterator[tuple]:
    """The Slack channel and its outbox sender on a database of their own (no server, no
    running dispatcher): for driving the outbox by hand."""
    from bot.channels.slack import SlackChannel
    from bot.wiring import prepare_database

    settings, _database, dialogue = desk
    fake = FakeSlackAPI()
    await fake.start()
    roster = tuple(
        replace(m, slack_user_id=KIM if m.handle == "kim.minji" else None)
        for m in settings.policy.roster
    )
    policy = replace(settings.policy, roster=roster, team_channels={"product-quality": QUALITY})
    settings = replace(
        settings,
        policy=policy,
        database_url=f"sqlite:///{tmp_path / 'slack.db'}",
        slack=SlackSettings(fake.token, SECRET, fake.app_token, fake.url),
    )
    database = prepare_database(settings)
    channel = SlackChannel(dialogue, database.factory, policy, settings.slack)
    try:
        yield settings, database, fake, channel
    finally:
        await channel.stop()
        await fake.stop()


async def test_a_429_waits_slacks_retry_after_and_loses_nothing(standalone) -> None:
    from datetime import timedelta

    import sqlalchemy as sa

    from bot.jobs.outbox import OutboxDispatcher
    from storage.models import OutboxAttempt, OutboxMessage

    settings, database, fake, channel = standalone
    reference = _file(settings, database)
    now = [utcnow()]  # the complaint's notifications are due
    dispatcher = OutboxDispatcher(
        database.factory, {"slack": channel.sender()}, clock=lambda: now[0]
    )
    fake.fail_next("chat.postMessage", 429, times=2, retry_after=7)
    await dispatcher.run_once()
    with transaction(database.factory) as session:
        rows = session.execute(sa.select(OutboxMessage).order_by(OutboxMessage.id)).scalars().all()
        waits = [(r.next_attempt_at - now[0]).total_seconds() for r in rows]
        outcomes = [a.outcome for a in session.execute(sa.select(OutboxAttempt)).scalars()]
    assert outcomes == ["retry", "retry"] and all(w == 7 for w in waits)
    assert fake.posted() == []
    await dispatcher.run_once()  # too early: nothing goes
    assert fake.posted() == []
    now[0] += timedelta(seconds=8)
    await dispatcher.run_once()
    assert {c.params["channel"] for c in fake.posted()} == {KIM, QUALITY}
    assert all(reference in c.params["text"] for c in fake.posted())


async def test_a_customer_who_filed_in_a_slack_dm_gets_the_answer_there(standalone) -> None:
    from bot.jobs.outbox import OutboxDispatcher
    from handlers import casework

    settings, database, fake, channel = standalone
    customer = "U0CUSTOMER"
    reference = _file(settings, database, channel="slack", user=f"T0EXAMPLE:{customer}")
    casework.respond(
        database.factory,
        settings.policy,
        reference=reference,
        response="We will replace it <tomorrow> & call you.",
        by=settings.policy.staff("kim.minji"),
        now=utcnow(),
    )
    await OutboxDispatcher(database.factory, {"slack": channel.sender()}).run_once()
    (answer,) = fake.posted(customer)
    assert reference in answer.params["text"]
    assert "We will replace it &lt;tomorrow&gt; &amp; call you." in answer.params["text"]


async def test_socket_mode_takes_events_and_commands_without_a_public_url(standalone) -> None:
    import asyncio
    import json

    _settings, _database, fake, channel = standalone
    assert channel.routes() == []  # no /slack/events in Socket Mode
    await channel.start()
    await fake.socket_connected()
    requests = SlackRequests(fake=fake)
    user = "U0" + uuid.uuid4().hex[:8].upper()
    fake.add_user(user, "internal.customer", "en-US")
    body, _ = requests.message_im(user, "hello")
    acked = await fake.socket_send("events_api", json.loads(body))
    await fake.wait_for(lambda: fake.posted(user))
    assert "complaints desk" in fake.posted(user)[0].params["text"]
    assert acked in fake.socket_acks
    form, _ = requests.slash_command(KIM, "/complaints", "mine")
    from urllib.parse import parse_qsl

    command = await fake.socket_send(
        "slash_commands", dict(parse_qsl(form.decode())), accepts_response_payload=True
    )
    for _ in range(100):
        if command in fake.socket_acks:
            break
        await asyncio.sleep(0.05)
    assert "text" in fake.socket_acks[command]  # the private answer rides on the ack


async def test_a_reply_in_a_dm_that_meets_a_429_is_sent_after_the_wait(slack) -> None:
    _settings, _db, fake, _bot, url = slack
    requests = SlackRequests(fake=fake)
    user = "U0" + uuid.uuid4().hex[:8].upper()
    fake.add_user(user, "internal.customer", "ko-KR")
    fake.fail_next("chat.postMessage", 429, retry_after=1)
    started = time.monotonic()
    await _post(url, requests.message_im(user, "안녕하세요"))
    await fake.wait_for(lambda: fake.posted(user))
    assert time.monotonic() - started >= 0.9  # Slack's Retry-After was waited out
    assert [c.response["ok"] for c in fake.called("chat.postMessage")] == [False, True]
    assert "고객센터" in fake.posted(user)[0].params["text"]  # in the Slack locale's language


async def test_a_wrong_token_or_no_slack_is_one_clear_line() -> None:
    from bot.channels.slack import check_token
    from bot.errors import StartupError

    fake = FakeSlackAPI()
    await fake.start()
    try:
        who = await check_token(SlackSettings(fake.token, SECRET, None, fake.url))
        assert (who["team"], who["user"]) == ("Example Team", "complaintbot")
        with pytest.raises(StartupError, match="SLACK_BOT_TOKEN was refused by Slack"):
            await check_token(SlackSettings("xoxb-wrong", SECRET, None, fake.url))
    finally:
        await fake.stop()
    with pytest.raises(StartupError, match="cannot reach the Slack Web API"):
        await check_token(SlackSettings("xoxb-1", SECRET, None, fake.url))  # stopped


def _typed(text: str) -> dict:
    return {"answer": {"text": {"type": "plain_text_input", "value": text}}}


async def test_the_respond_modal_keeps_the_work(slack) -> None:
    import asyncio
    import json

    from handlers import thread

    settings, database, fake, _bot, url = slack
    requests = SlackRequests(fake=fake)
    user = uuid.uuid4().hex[:10]
    reference = _file(settings, database, user=user, language="ko")
    thread.customer_message(
        database.factory,
        settings.policy,
        reference=reference,
        identity=Identity("rest", user),
        text="언제 연락 주시나요?",
        now=utcnow(),
    )
    # the modal shows whom they write to: the customer's language and last message
    await _post(url, requests.block_actions(LEE, "respond", value=reference, channel=QUALITY))
    await fake.wait_for(lambda: fake.called("views.open"))
    shown = str(fake.called("views.open")[-1].params["view"]["blocks"][0])
    assert "Korean" in shown and "언제 연락 주시나요?" in shown  # to lee.junho, in English
    # two answers sent at once: one goes; the other modal stays open with why, and its text
    kim_sends = _post(
        url, requests.view_submission(KIM, "respond", _typed("교환해 드리겠습니다."), reference)
    )
    lee_sends = _post(
        url, requests.view_submission(LEE, "respond", _typed("We will replace it."), reference)
    )
    answers = await asyncio.gather(kim_sends, lee_sends)
    assert sorted(bool(body) for _status, body in answers) == [False, True]
    [(_status, refused)] = [a for a in answers if a[1]]
    refusal = json.loads(refused)
    assert refusal["response_action"] == "errors"  # Slack keeps the modal and what was typed
    assert (
        "nothing changed" in refusal["errors"]["answer"]
        or "변경된 내용은 없습니다" in (refusal["errors"]["answer"])
    )
    # closed: a Respond button on an older card opens nothing and says why
    from handlers import closing

    closing.close_by_staff(
        database.factory,
        settings.policy,
        reference=reference,
        reason="duplicate",
        by=settings.policy.staff("lee.junho"),
        now=utcnow(),
    )
    opened = len(fake.called("views.open"))
    await _post(url, requests.block_actions(LEE, "respond", value=reference, channel=QUALITY))
    await fake.wait_for(lambda: fake.called("chat.postEphemeral"))
    told = fake.called("chat.postEphemeral")[-1].params
    assert told["user"] == LEE and "already closed" in told["text"] and "Lee Junho" in told["text"]
    assert len(fake.called("views.open")) == opened


def test_escalate_and_close_ask_first() -> None:
    from bot.channels.slack_cards import card
    from tests.test_slack_cards import _complaint

    _text, blocks = card(_complaint(), language="ko", timezone="Asia/Seoul", show_contact=False)
    buttons = {e["action_id"]: e for b in blocks if b["type"] == "actions" for e in b["elements"]}
    for action in ("escalate", "close"):
        confirm = buttons[action]["confirm"]
        assert confirm["title"]["text"] and confirm["confirm"]["text"] == "계속"
        assert confirm["deny"]["text"] == "취소"
    assert "confirm" not in buttons["respond"]
