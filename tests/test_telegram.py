"""The Telegram channel against a local fake Bot API (real HTTP, Telegram's wire format).

Updates are fed as Telegram sends them: through the webhook route, or queued for long polling.
"""

from __future__ import annotations

import html
import uuid
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from aiohttp.test_utils import TestClient, TestServer

from bot.channels.telegram import SECRET_HEADER, TelegramChannel, messages_of, split_message
from bot.dialogue import Reply
from bot.server.app import Server
from bot.settings import TelegramSettings
from handlers.attachments import Limits
from handlers.identity import Identity
from storage.db import transaction
from storage.models import Attachment, Complaint
from tests.fakes.telegram import FakeBotAPI, Updates
from tests.helpers import REFERENCE

SECRET = "test-secret_123"


@pytest.fixture
async def fake() -> AsyncIterator[FakeBotAPI]:
    api = FakeBotAPI()
    await api.start()
    yield api
    await api.stop()
    assert api.unknown == [], f"the bot called methods the fake does not know: {api.unknown}"


def _limits(tmp_path: Path, max_bytes: int = 2_000_000) -> Limits:
    return Limits(
        tmp_path / "attachments", max_bytes, ("image/jpeg", "image/png", "application/pdf")
    )


def _channel(desk, fake: FakeBotAPI, tmp_path: Path, *, webhook: bool, **limits) -> TelegramChannel:
    settings = TelegramSettings(
        token=fake.token,
        webhook_url="http://127.0.0.1:9/telegram/webhook" if webhook else None,
        webhook_secret=SECRET,
        api_base_url=fake.url,
    )
    return TelegramChannel(desk[2], desk[1].factory, settings, _limits(tmp_path, **limits))


@pytest.fixture
async def webhook(desk, fake, tmp_path) -> AsyncIterator[tuple[TestClient, TelegramChannel]]:
    """The desk's server with the Telegram channel in webhook mode."""
    channel = _channel(desk, fake, tmp_path, webhook=True)
    server = Server(desk[2], desk[1].engine, api_token=None)
    server.mount(channel)
    client = TestClient(TestServer(server.app()))
    await client.start_server()
    yield client, channel
    await client.close()


def _customer() -> int:
    return 500_000_000 + uuid.uuid4().int % 100_000_000


async def _post(client: TestClient, update: dict, secret: str | None = SECRET) -> int:
    headers = {SECRET_HEADER: secret} if secret is not None else {}
    response = await client.post("/telegram/webhook", json=update, headers=headers)
    return response.status


def _stored(desk, chat_id: int) -> list[Complaint]:
    with transaction(desk[1].factory) as session:
        rows = list(
            session.execute(
                sa.select(Complaint).where(
                    Complaint.channel == "telegram", Complaint.user_id == str(chat_id)
                )
            ).scalars()
        )
        for row in rows:
            session.expunge(row)
        return rows


async def test_the_webhook_is_registered_with_its_secret(webhook, fake) -> None:
    [call] = fake.called("setWebhook")
    assert call.params["secret_token"] == SECRET
    assert "callback_query" in call.params["allowed_updates"]
    assert fake.called("getMe")


async def test_a_missing_or_wrong_secret_gets_403_and_is_not_read(webhook, fake) -> None:
    client, _ = webhook
    updates = Updates(_customer())
    assert await _post(client, updates.message("hello"), secret=None) == 403
    assert await _post(client, updates.message("hello"), secret="wrong") == 403
    assert fake.sent() == []
    assert await _post(client, {"not": "an update"}) == 400


async def test_a_whole_complaint_in_english_through_the_webhook(webhook, fake, desk) -> None:
    client, _ = webhook
    chat = _customer()
    updates = Updates(chat, "en")
    assert await _post(client, updates.message("/start")) == 200
    assert "complaints desk" in fake.texts(chat)[-1]
    # /start also says how long data is kept and how to have it deleted (issue 23)
    assert "for 3 years after" in fake.texts(chat)[-1]
    assert "delete my personal data" in fake.texts(chat)[-1]
    for text in (
        "my washing machine arrived with a cracked door <b>seriously</b>",
        "Replacement",
        "yesterday",
        "Jane Smith",
        "jane@example.com",
    ):
        assert await _post(client, updates.message(text)) == 200
    readback = fake.sent(chat)[-1]
    assert "Please check your complaint" in readback.params["text"]
    assert "&lt;b&gt;seriously&lt;/b&gt;" in readback.params["text"]  # escaped, not markup
    assert readback.params["parse_mode"] == "HTML"
    buttons = [row[0] for row in readback.params["reply_markup"]["inline_keyboard"]]
    assert [b["callback_data"] for b in buttons][:2] == ["/affirm", "/deny"]
    assert await _post(client, updates.callback("/affirm", readback.params.get("_id", 1))) == 200
    assert fake.called("answerCallbackQuery")
    assert fake.called("editMessageReplyMarkup")  # the keyboard goes: one choice per question
    assert REFERENCE.search(fake.texts(chat)[-1])
    [stored] = _stored(desk, chat)
    assert (stored.product, stored.desired_outcome, stored.customer_name) == (
        "washing machine",
        "Replacement",
        "Jane Smith",
    )
    assert stored.description.endswith("<b>seriously</b>")  # stored as written


SCRIPTS = {
    "en": (
        "Hello!",
        ["my microwave sparks when it runs", "Refund", "yesterday", "Lee Dana", "dana@example.com"],
        "Please check your complaint",
        "Your complaint's reference is",
        ("en", "Refund", "Lee Dana"),
    ),
    "ko": (
        "안녕하세요",
        ["세탁기 문이 깨져서 왔어요", "교환", "어제", "김민지", "010-1234-5678"],
        "접수 내용을 확인해 주세요",
        "접수번호는",
        ("ko", "교환", "김민지"),
    ),
}


@pytest.mark.parametrize("language", ["en", "ko"])
async def test_a_whole_complaint_through_long_polling(desk, fake, tmp_path, language) -> None:
    greeting, answers, readback, filed, stored_as = SCRIPTS[language]
    channel = _channel(desk, fake, tmp_path, webhook=False)
    chat = _customer()
    updates = Updates(chat, language)
    await channel.start()
    try:
        assert fake.called("deleteWebhook")  # polling needs no webhook
        fake.queue_update(updates.message("/start"))
        await fake.wait_for(lambda: len(fake.sent(chat)) == 1)
        assert greeting in fake.texts(chat)[0]  # the language from the user's language_code
        for i, text in enumerate(answers, start=2):
            fake.queue_update(updates.message(text))
            await fake.wait_for(lambda n=i: len(fake.sent(chat)) == n)
        assert readback in fake.texts(chat)[-1]
        fake.queue_update(updates.callback("/affirm"))
        await fake.wait_for(lambda: len(fake.sent(chat)) == len(answers) + 2)
        assert filed in fake.texts(chat)[-1]
    finally:
        await channel.stop()
    [stored] = _stored(desk, chat)
    assert (stored.language, stored.desired_outcome, stored.customer_name) == stored_as


async def test_a_whole_complaint_in_korean_through_the_webhook(webhook, fake, desk) -> None:
    greeting, answers, readback, filed, stored_as = SCRIPTS["ko"]
    client, _ = webhook
    chat = _customer()
    updates = Updates(chat, "ko")
    for text in ["/start", *answers]:
        assert await _post(client, updates.message(text)) == 200
    assert greeting in fake.texts(chat)[0] and readback in fake.texts(chat)[-1]
    assert await _post(client, updates.callback("/affirm")) == 200
    assert filed in fake.texts(chat)[-1]
    [stored] = _stored(desk, chat)
    assert (stored.language, stored.desired_outcome, stored.customer_name) == stored_as


async def test_status_by_command_and_by_free_text(webhook, fake, desk) -> None:
    client, _ = webhook
    chat = _customer()
    updates = Updates(chat)
    for text in (
        "my dishwasher is leaking water all over the kitchen floor",
        "Repair",
        "2 days ago",
        "Ann Lee",
        "ann@example.com",
        "yes",
    ):
        await _post(client, updates.message(text))
    reference = REFERENCE.search(fake.texts(chat)[-1]).group(0)
    await _post(client, updates.message(f"/status {reference}"))
    assert reference in fake.texts(chat)[-1] and "Received" in fake.texts(chat)[-1]
    await _post(client, updates.message(f"what's happening with {reference.lower()}?"))
    assert reference in fake.texts(chat)[-1]
    await _post(client, updates.message("/mycomplaints"))
    assert reference in fake.texts(chat)[-1]
    await _post(client, updates.message("/status CMP-0000-0000"))
    assert "CMP-0000-0000" in fake.texts(chat)[-1]  # not ours / mistyped: said politely


async def test_a_duplicate_update_is_processed_once_also_after_a_restart(
    webhook, fake, desk, tmp_path
) -> None:
    client, _ = webhook
    chat = _customer()
    update = Updates(chat).message("hello")
    assert await _post(client, update) == 200
    assert await _post(client, update) == 200  # a webhook retry
    assert len(fake.sent(chat)) == 1
    again = _channel(desk, fake, tmp_path, webhook=True)  # a restarted process
    server = Server(desk[2], desk[1].engine, api_token=None)
    server.mount(again)
    restarted = TestClient(TestServer(server.app()))
    await restarted.start_server()
    try:
        assert await _post(restarted, update) == 200
    finally:
        await restarted.close()
    assert len(fake.sent(chat)) == 1


async def test_files_are_checked_kept_and_attached(webhook, fake, desk, tmp_path) -> None:
    client, _ = webhook
    chat = _customer()
    updates = Updates(chat)
    await _post(client, updates.document("big", 3_000_000, "video.pdf", "application/pdf"))
    assert "too big" in fake.texts(chat)[-1] and fake.called("getFile") == []
    await _post(client, updates.document("exe", 1000, "setup.exe", "application/x-msdownload"))
    assert "can't take that kind of file" in fake.texts(chat)[-1]
    await _post(client, updates.sticker())
    assert "written messages" in fake.texts(chat)[-1]
    await _post(client, updates.message("the screen of my laptop cracked"))
    fake.add_file("ph1", b"\xff\xd8jpeg-bytes")
    await _post(client, updates.photo("ph1", 12))
    assert "attached to this complaint when you confirm" in fake.texts(chat)[-1]
    for text in ("Repair", "yesterday", "Bo Kim", "bo@example.com", "yes"):
        await _post(client, updates.message(text))
    reference = REFERENCE.search(fake.texts(chat)[-1]).group(0)
    fake.add_file("doc2", b"%PDF-1.4 receipt")
    await _post(client, updates.document("doc2", 16, "receipt.pdf", "application/pdf"))
    assert f"receipt.pdf is attached to complaint {reference}" in fake.texts(chat)[-1]
    with transaction(desk[1].factory) as session:
        kept = (
            session.execute(
                sa.select(Attachment).where(Attachment.user_id == str(chat)).order_by(Attachment.id)
            )
            .scalars()
            .all()
        )
        assert [a.complaint.reference for a in kept] == [reference, reference]
        assert [a.mime_type for a in kept] == ["image/jpeg", "application/pdf"]
        paths = [tmp_path / "attachments" / a.sha256[:2] / a.sha256 for a in kept]
    assert paths[0].read_bytes() == b"\xff\xd8jpeg-bytes"


async def test_a_group_is_told_once_to_use_a_private_chat(webhook, fake) -> None:
    client, _ = webhook
    updates = Updates(_customer())
    await _post(client, updates.message("my fridge is broken", chat="group"))
    await _post(client, updates.message("hello??", chat="group"))
    [told] = fake.sent(-100987654321)
    assert "private chat" in told.params["text"]
    assert "https://t.me/example_complaints_bot?start=complaint" in told.params["text"]


async def test_an_edited_message_is_explained_and_the_form_waits(webhook, fake) -> None:
    client, _ = webhook
    chat = _customer()
    updates = Updates(chat)
    await _post(client, updates.message("my oven door broke off"))
    asked = fake.texts(chat)[-1]
    await _post(client, updates.edited("my oven door broke off yesterday"))
    assert "new message" in fake.texts(chat)[-1]
    await _post(client, updates.message("Repair"))
    assert fake.texts(chat)[-1] != asked  # the form went on from where it was


def test_long_replies_are_split_on_line_boundaries_within_4096() -> None:
    lines = [f"line {i} " + "x" * 90 for i in range(100)]
    pieces = split_message("\n".join(lines))
    assert all(len(p) <= 4096 for p in pieces) and len(pieces) == 3
    assert "\n".join(pieces) == "\n".join(lines)  # nothing lost, cut only at line ends
    assert split_message("y" * 5000) == ["y" * 4096, "y" * 904]


def test_a_turn_is_one_message_with_its_buttons_last() -> None:
    from bot.dialogue import Button

    replies = [Reply("Noted: <fridge> & co"), Reply("Shall I?", [Button("Yes", "/affirm")])]
    [(text, markup)] = messages_of(replies)
    assert text == "Noted: &lt;fridge&gt; &amp; co\n\nShall I?"
    assert markup is not None and markup.inline_keyboard[0][0].callback_data == "/affirm"


async def test_rest_and_telegram_give_the_same_conversation_and_store_the_same(
    webhook, fake, desk
) -> None:
    """One script through both channels: the same texts, the same complaint stored."""
    from tests.helpers import Chat

    script = [
        "my fridge is leaking water all over the kitchen floor",
        "Refund",
        "last friday",
        "my name is Sam Park",
        "010-2345-6789",
    ]
    rest = Chat(desk[2], Identity("rest", f"same-{uuid.uuid4().hex[:8]}"))
    rest_texts = []
    for text in [*script, "/affirm"]:
        await rest.say(text)
        rest_texts.append("\n\n".join(r.text for r in rest.replies if r.text))  # one message
    client, _ = webhook
    chat = _customer()
    updates = Updates(chat)
    for text in script:
        await _post(client, updates.message(text))
    await _post(client, updates.callback("/affirm"))
    telegram_texts = fake.texts(chat)
    assert len(telegram_texts) == len(rest_texts)
    for theirs, ours in zip(rest_texts[:-1], telegram_texts[:-1], strict=True):
        assert html.unescape(ours) == theirs
    assert REFERENCE.sub("REF", html.unescape(telegram_texts[-1])) == REFERENCE.sub(
        "REF", rest_texts[-1]
    )
    [by_telegram] = _stored(desk, chat)
    with transaction(desk[1].factory) as session:
        [by_rest] = (
            session.execute(sa.select(Complaint).where(Complaint.user_id == rest.identity.user_id))
            .scalars()
            .all()
        )
        fields = ("description", "product", "desired_outcome", "incident_on", "customer_name")
        assert [getattr(by_rest, f) for f in fields] == [getattr(by_telegram, f) for f in fields]
        assert (by_rest.contact_normalized, by_rest.category, by_rest.priority) == (
            by_telegram.contact_normalized,
            by_telegram.category,
            by_telegram.priority,
        )


async def test_a_reply_that_meets_a_429_is_sent_after_retry_after(webhook, fake) -> None:
    client, _ = webhook
    chat = _customer()
    fake.fail_next("sendMessage", 429, retry_after=1)
    assert await _post(client, Updates(chat).message("hello")) == 200
    [answer] = fake.sent(chat)
    refused = [c for c in fake.called("sendMessage") if not c.params.get("_ok")]
    assert refused and answer.at - refused[-1].at >= 0.95  # waited as asked, then sent


async def test_a_reply_telegram_does_not_take_waits_in_the_outbox_and_is_sent(
    desk, fake, webhook
) -> None:
    from bot.jobs.outbox import OutboxDispatcher
    from storage.models import OutboxMessage

    client, channel = webhook
    chat = _customer()
    fake.fail_next("sendMessage", 502)  # Telegram's gateway fails once: the turn is stored
    assert await _post(client, Updates(chat, "ko").message("/start")) == 200
    assert fake.texts(chat) == []
    with transaction(desk[1].factory) as session:
        held = session.scalars(
            sa.select(OutboxMessage).where(OutboxMessage.recipient == str(chat))
        ).all()
        assert [(m.channel, m.kind, m.status) for m in held] == [("telegram", "reply", "pending")]
        buttons = held[0].payload["markup"]
    assert await OutboxDispatcher(desk[1].factory, {"telegram": channel.sender()}).run_once() == 1
    sent = fake.sent(chat)
    assert len(sent) == 1 and "불편" in sent[0].params["text"]
    assert sent[0].params.get("parse_mode") == "HTML"
    if buttons:  # the greeting's buttons come with it, as they were made
        assert "reply_markup" in sent[0].params
