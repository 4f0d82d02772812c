"""Hostile input on every channel, on SQLite and PostgreSQL: NUL and unpaired surrogates
are refused where they would name someone and cleaned where they are text, malformed
bodies get 400, and nothing gets a 500 or stops the process. On PostgreSQL a NUL in a REST
sender used to end the process (Rasa's tracker store turns the driver's ValueError into
an exit)."""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import AsyncIterator

import pytest
import sqlalchemy as sa
from aiohttp import ClientSession

from bot.channels.telegram import SECRET_HEADER
from handlers.identity import Identity
from storage.db import transaction
from storage.models import Complaint
from tests.fakes.slack import SlackRequests, sign
from tests.fakes.telegram import Updates
from tests.helpers import REFERENCE, Chat
from tests.hostile import (
    API_TOKEN,
    SLACK_SECRET,
    TELEGRAM_SECRET,
    Desk,
    database,
    raw_request,
    served_desk,
)

REST = f"/webhooks/rest/webhook?token={API_TOKEN}"  # the token is needed once set
JSON = {"Content-Type": "application/json"}
DEEP = b"[" * 100_000 + b"]" * 100_000


@pytest.fixture(
    scope="module", params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]
)
async def desk_all(request, base_settings, model_path, tmp_path_factory) -> AsyncIterator[Desk]:
    """The whole desk, once per module and database (loading the model takes seconds)."""
    async with (
        database(request, tmp_path_factory) as url,
        served_desk(base_settings, url, model_path) as desk,
    ):
        yield desk


@pytest.fixture
async def http() -> AsyncIterator[ClientSession]:
    async with ClientSession() as session:
        yield session


async def _post(http: ClientSession, url: str, body: bytes | str, **headers: str) -> tuple:
    data = body.encode("utf-8", "surrogatepass") if isinstance(body, str) else body
    async with http.post(url, data=data, headers={**JSON, **headers}) as response:
        return response.status, await response.text()


async def _alive(http: ClientSession, desk: Desk) -> None:
    """The desk still answers a customer and says it is healthy."""
    body = json.dumps({"sender": uuid.uuid4().hex, "message": "hello"})
    status, text = await _post(http, desk.url + REST, body)
    assert status == 200 and "complaints desk" in text
    async with http.get(desk.url + "/healthz") as response:
        assert response.status == 200


# -- defect 1: NUL and surrogates never reach the stores --------------------------------


@pytest.mark.parametrize(
    "sender",
    ["a\x00b", "\x00", "a\ud800", "\udfff", "line\r\nbreak", "\u202eevil", "bell\x07"],
)
async def test_a_sender_that_cannot_name_someone_gets_400_and_the_desk_keeps_answering(
    desk_all, http, sender
) -> None:
    body = json.dumps({"sender": sender, "message": "my kettle broke"})
    status, text = await _post(http, desk_all.url + REST, body)
    assert status == 400, text
    assert "`sender` must be printable text" in json.loads(text)["error"]
    await _alive(http, desk_all)


async def test_nul_and_surrogates_in_message_and_metadata_are_cleaned(desk_all, http) -> None:
    sender = uuid.uuid4().hex
    body = json.dumps(
        {
            "sender": sender,
            "message": "my kettle\x00 \ud800 leaks water",
            "metadata": {"k\x00": "v\ud800\x00", "list": ["\x00", {"\udc00": 1}]},
        }
    )
    status, text = await _post(http, desk_all.url + REST, body)
    assert status == 200, text
    assert "sorry" in text.lower()
    # what was stored is clean: the conversation reads back through the tracker API
    url = f"{desk_all.url}/conversations/rest:{sender}/tracker?token={API_TOKEN}"
    async with http.get(url) as response:
        assert response.status == 200
        tracker = await response.json()
    user = [e for e in tracker["events"] if e["event"] == "user"][-1]
    assert user["text"] == "my kettle \ufffd leaks water"
    assert {k: user["metadata"][k] for k in ("k", "list")} == {
        "k": "v\ufffd",
        "list": ["", {"\ufffd": 1}],
    }


async def test_a_payloads_entities_cannot_spell_nul_or_surrogates(desk_all, http) -> None:
    sender = uuid.uuid4().hex
    payload = '/check_status{"reference": "CMP-\\u0000\\ud800"}'
    status, text = await _post(
        http, desk_all.url + REST, json.dumps({"sender": sender, "message": payload})
    )
    assert status == 200, text
    url = f"{desk_all.url}/conversations/rest:{sender}/tracker?token={API_TOKEN}"
    async with http.get(url) as response:
        tracker = await response.json()
    user = [e for e in tracker["events"] if e["event"] == "user"][-1]
    entities = {e["entity"]: e["value"] for e in user["parse_data"]["entities"]}
    assert entities["reference"] == "CMP-\ufffd"


FILING = [
    "my kettle\x00 \ud83d leaks water all over the counter",
    "Replacement",
    "yesterday",
    "Jane Smith",
    "jane@example.com",
    "yes",
]


def _failed(desk: Desk) -> str:
    """The answer of a failed turn."""
    return str(desk.dialogue.render("utter_try_again_later", "en"))


async def test_a_customer_who_sent_a_surrogate_can_still_file(desk_all) -> None:
    chat = Chat(desk_all.dialogue, Identity("console", uuid.uuid4().hex[:12]))
    await chat.say("\ud800")
    assert _failed(desk_all) not in chat.text
    for text in FILING:
        await chat.say(text)
        assert _failed(desk_all) not in chat.text, (text, chat.text)
    match = REFERENCE.search(chat.text)
    assert match, chat.text
    with transaction(desk_all.database.factory) as session:
        complaint = session.execute(
            sa.select(Complaint).where(Complaint.reference == match.group(0))
        ).scalar_one()
        assert complaint.description == "my kettle \ufffd leaks water all over the counter"
    await chat.say("show my complaints")
    assert match.group(0) in chat.text


async def test_an_identity_that_cannot_be_stored_never_reaches_the_stores(desk_all) -> None:
    chat = Chat(desk_all.dialogue, Identity("console", "a\x00b"))
    await chat.say("hello")
    assert chat.text == _failed(desk_all)
    chat = Chat(desk_all.dialogue, Identity("console", uuid.uuid4().hex))
    deep: dict = {}
    for _ in range(40):
        deep = {"d": deep}
    chat.replies = await desk_all.dialogue.handle(chat.identity, "hello", metadata=deep)
    assert "complaints desk" in chat.text


async def test_a_tracker_id_with_a_nul_is_no_conversation(desk_all, http) -> None:
    for sender in ("rest:a%00b", "rest:%ED%A0%80"):
        url = f"{desk_all.url}/conversations/{sender}/tracker?token={API_TOKEN}"
        async with http.get(url) as response:
            assert response.status == 404
    await _alive(http, desk_all)


# -- defect 9: malformed bodies get 400 ----------------------------------------------


@pytest.mark.parametrize(
    ("route", "headers"),
    [
        (REST, {}),
        ("/web/messages", {}),
        (f"/model/parse?token={API_TOKEN}", {}),
        ("/telegram/webhook", {SECRET_HEADER: TELEGRAM_SECRET}),
    ],
)
@pytest.mark.parametrize(
    ("body", "says"),
    [
        (DEEP, "nested more than 32 levels deep"),
        (b'{"a":' * 40 + b"1" + b"}" * 40, "nested more than 32 levels deep"),
        (b"1" * 5000, "not valid JSON"),
        (b'{"sender": "a", "sender": "b", "text": "x"}', "gives a key twice"),
        (b'{"sender": "a", "message": NaN}', "not valid JSON"),
        (b'{"sender": "\xed\xa0\x80"}', "not valid UTF-8"),
    ],
    ids=["deep-array", "deep-object", "huge-integer", "duplicate-key", "nan", "utf8-surrogate"],
)
async def test_malformed_json_gets_400_on_every_json_route(
    desk_all, http, route, headers, body, says
) -> None:
    status, text = await _post(http, desk_all.url + route, body, **headers)
    assert status == 400, text
    assert says in json.loads(text)["error"]


@pytest.mark.parametrize(
    "update",
    [
        {"update_id": "x", "message": 5},
        {"update_id": 7, "message": 5},
        {"update_id": 7, "message": {"text": "hi"}},
        {"update_id": 7, "message": {"message_id": 1, "date": "x", "chat": {"id": 1}}},
        {"update_id": 7, "callback_query": [1]},
        {"update_id": True},
        {"update_id": -1},
        {"update_id": 2**70},
    ],
)
async def test_a_malformed_telegram_update_with_the_right_secret_gets_400(
    desk_all, http, update
) -> None:
    headers = {SECRET_HEADER: TELEGRAM_SECRET}
    status, text = await _post(
        http, desk_all.url + "/telegram/webhook", json.dumps(update), **headers
    )
    assert status == 400, text


async def test_telegram_text_captions_buttons_and_names_are_cleaned(desk_all, http) -> None:
    chat = 700_000_000 + uuid.uuid4().int % 100_000_000
    updates = Updates(chat, "en")
    # a photo Telegram has (a JPEG's first bytes): only its caption is hostile
    desk_all.bot_api.add_file(f"photo-{chat}", b"\xff\xd8\xff\xe0" + bytes(64))
    hostile = [
        updates.message("my kettle\x00 \ud800 leaks water"),
        updates.callback("\x00\ud800/affirm"),
        updates.message(
            "hi", **{"from": {"id": chat, "is_bot": False, "first_name": "\x00\ud800"}}
        ),
        updates.photo(f"photo-{chat}", 68, caption="\ud800 the photo\x00"),
    ]
    for update in hostile:
        status, _ = await _post(
            http,
            desk_all.url + "/telegram/webhook",
            json.dumps(update),
            **{SECRET_HEADER: TELEGRAM_SECRET},
        )
        assert status == 200
    await desk_all.bot_api.wait_for(lambda: len(desk_all.bot_api.sent(chat)) >= 3, timeout=20)
    assert not any(_failed(desk_all) in t for t in desk_all.bot_api.texts(chat))
    await _alive(http, desk_all)


async def test_slack_bodies_that_are_not_requests_get_400_and_text_is_cleaned(
    desk_all, http
) -> None:
    url = desk_all.url + "/slack/events"
    form = "application/x-www-form-urlencoded"
    for body, content_type in [
        (DEEP, "application/json"),
        (b"{not json", "application/json"),
        (b"[1, 2]", "application/json"),
        (b"payload=%7Bbad", form),
        (b"payload=" + b"%5B" * 50_000, form),
        (b"\xff\xfe", "application/json"),
        (json.dumps({"type": "event_callback", "event": 5}).encode(), "application/json"),
    ]:
        for headers in (
            {"Content-Type": content_type},
            sign(body, SLACK_SECRET, None, content_type),
        ):
            async with http.post(url, data=body, headers=headers) as response:
                assert response.status in (400, 401), (body[:30], response.status)
    # a signed DM and a staff command with NUL and a surrogate are answered
    requests = SlackRequests(fake=desk_all.slack_api)
    user = "U0" + uuid.uuid4().hex[:8].upper()
    desk_all.slack_api.add_user(user, "someone", "en-US")
    for body, content_type in (
        requests.message_im(user, "my kettle\x00 \ud800 leaks water"),
        requests.slash_command(user, "/complaints", "open \x00"),
    ):
        async with http.post(
            url, data=body, headers=sign(body, SLACK_SECRET, int(time.time()), content_type)
        ) as response:
            assert response.status == 200
    await desk_all.slack_api.wait_for(lambda: desk_all.slack_api.posted(user), timeout=20)
    assert "sorry" in desk_all.slack_api.posted(user)[0].params["text"].lower()
    await _alive(http, desk_all)


@pytest.mark.parametrize("language", [{"$gt": ""}, ["ko"], 5, None, "xx"])
async def test_the_chats_language_of_any_type_is_only_a_hint(desk_all, http, language) -> None:
    body = json.dumps({"message": "hello", "language": language})
    status, text = await _post(http, desk_all.url + "/web/messages", body)
    assert status == 200, text
    assert "complaints desk" in text


@pytest.mark.parametrize("origin", ["http://[", "http://[::1", "http://a:99999999"])
async def test_an_origin_that_is_no_url_is_refused_not_failed(desk_all, http, origin) -> None:
    status, _ = await _post(
        http, desk_all.url + "/web/messages", b'{"message": "hi"}', Origin=origin
    )
    assert status == 403
    form = {"Content-Type": "application/x-www-form-urlencoded", "Origin": origin}
    async with http.post(desk_all.url + "/status", data=b"reference=a", headers=form) as response:
        assert response.status == 403


# -- odd bytes where text is not expected ----------------------------------------------


async def test_header_bytes_that_are_not_utf8_are_refused_not_failed(desk_all, http) -> None:
    body = b'{"text": "hi"}'
    head = b"POST /model/parse HTTP/1.1\r\nHost: x\r\nContent-Type: application/json"
    assert (
        await raw_request(desk_all.url, head + b"\r\nAuthorization: Bearer \xff\xfe", body) == 401
    )
    head = b"POST /telegram/webhook HTTP/1.1\r\nHost: x\r\nContent-Type: application/json"
    status = await raw_request(
        desk_all.url, head + b"\r\n" + SECRET_HEADER.encode() + b": \xff", body
    )
    assert status == 403
    head = b"GET /?lang=%FF HTTP/1.1\r\nHost: x\r\nAccept-Language: \xff\xfe;q=1"
    assert await raw_request(desk_all.url, head) == 200
    await _alive(http, desk_all)


async def test_the_status_form_cleans_its_fields_and_refuses_what_it_cannot_read(
    desk_all, http
) -> None:
    form = {"Content-Type": "application/x-www-form-urlencoded"}
    for body in (b"reference=CMP-%00&contact=a%00b%40x.com", b"reference=%ED%A0%80&contact=%F0"):
        async with http.post(desk_all.url + "/status", data=body, headers=form) as response:
            assert response.status == 200
            assert "reference" in (await response.text()).lower()
    async with http.post(
        desk_all.url + "/status?lang=ko", data=b"reference=\xff\xfe&contact=x", headers=form
    ) as response:
        assert response.status == 400
        assert "읽을 수 없었습니다" in await response.text()
    async with http.post(
        desk_all.url + "/status",
        data=b"--x\r\nbroken",
        headers={"Content-Type": "multipart/form-data; boundary=x"},
    ) as response:
        assert response.status == 400
    await _alive(http, desk_all)
