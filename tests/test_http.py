"""The HTTP server over real sockets: REST channel, API routes, health, metrics."""

from __future__ import annotations

import json
import logging
import uuid
from collections.abc import AsyncIterator, Callable

import pytest
from aiohttp import ClientSession
from aiohttp.test_utils import TestServer

from bot.channels.rest import RestChannel
from bot.server.app import Server


@pytest.fixture
async def serve(desk) -> AsyncIterator[Callable]:
    servers: list[TestServer] = []

    async def start(**options) -> str:
        _settings, database, dialogue = desk
        token = options.get("api_token")
        app = Server(dialogue, database.engine, api_token=token)
        app.mount(RestChannel(dialogue, token=token))
        server = TestServer(app.app(), host="127.0.0.1", port=0)
        await server.start_server()
        servers.append(server)
        return str(server.make_url(""))

    yield start
    for server in servers:
        await server.close()


@pytest.fixture
async def http() -> AsyncIterator[ClientSession]:
    async with ClientSession() as session:
        yield session


async def test_rest_channel_answers_in_rasa_shape(serve, http) -> None:
    base = await serve()
    sender = uuid.uuid4().hex
    async with http.post(
        f"{base}/webhooks/rest/webhook", json={"sender": sender, "message": "hello", "extra": 1}
    ) as r:
        assert r.status == 200
        body = await r.json()
    assert body and all(m["recipient_id"] == sender for m in body)
    assert "complaints desk" in body[0]["text"]
    async with http.post(
        f"{base}/webhooks/rest/webhook", json={"sender": sender, "message": "I want to complain"}
    ) as r:
        body = await r.json()
    async with http.post(
        f"{base}/webhooks/rest/webhook",
        json={"sender": sender, "message": "The parcel arrived soaked"},
    ) as r:
        body = await r.json()
    assert "Which product" in body[0]["text"]


@pytest.mark.parametrize(
    ("payload", "message"),
    [
        (b"\xff\xfe not utf-8", "not valid UTF-8"),
        (b"{not json", "not valid JSON"),
        (b"[1, 2]", "must be a JSON object"),
        (json.dumps({"message": "hi"}).encode(), "`sender` is required"),
        (json.dumps({"sender": "", "message": "hi"}).encode(), "`sender` is required"),
        (json.dumps({"sender": "a", "message": 5}).encode(), "`message` must be a string"),
        (
            json.dumps({"sender": "a", "message": "hi", "metadata": []}).encode(),
            "`metadata` must be",
        ),
    ],
)
async def test_malformed_requests_get_400_with_a_json_error(
    serve, http, payload: bytes, message: str
) -> None:
    base = await serve()
    async with http.post(f"{base}/webhooks/rest/webhook", data=payload) as r:
        assert r.status == 400
        assert message in (await r.json())["error"]


async def test_rest_needs_the_token_when_one_is_set(serve, http) -> None:
    base = await serve(api_token="s3cret")
    body = {"sender": "x", "message": "hello"}
    async with http.post(f"{base}/webhooks/rest/webhook", json=body) as r:
        assert r.status == 401
    async with http.post(f"{base}/webhooks/rest/webhook?token=s3cret", json=body) as r:
        assert r.status == 200


async def test_api_routes_are_off_without_a_token_and_guarded_with_one(serve, http) -> None:
    base = await serve()
    async with http.post(f"{base}/model/parse", json={"text": "hello"}) as r:
        assert r.status == 404
    base = await serve(api_token="s3cret")
    async with http.post(f"{base}/model/parse", json={"text": "hello"}) as r:
        assert r.status == 401
    async with http.post(f"{base}/model/parse?token=wrong", json={"text": "hello"}) as r:
        assert r.status == 401
    headers = {"Authorization": "Bearer s3cret"}
    async with http.post(
        f"{base}/model/parse", json={"text": "CMP-7K3F-9QX2 어떻게 됐나요"}, headers=headers
    ) as r:
        assert r.status == 200
        parsed = await r.json()
    assert parsed["intent"]["name"] == "check_status"
    assert any(e["entity"] == "reference" for e in parsed["entities"])


async def test_tracker_route_shows_slots_and_events(serve, http) -> None:
    base = await serve(api_token="s3cret")
    sender = uuid.uuid4().hex
    await (
        await http.post(
            f"{base}/webhooks/rest/webhook?token=s3cret",
            json={"sender": sender, "message": "안녕하세요"},
        )
    ).read()
    async with http.get(f"{base}/conversations/rest:{sender}/tracker?token=s3cret") as r:
        assert r.status == 200
        tracker = await r.json()
    assert tracker["slots"]["language"] == "ko"
    assert tracker["latest_message"]["intent"]["name"] == "greet"
    assert any(e["event"] == "user" for e in tracker["events"])
    async with http.get(f"{base}/conversations/rest:nobody-{sender}/tracker?token=s3cret") as r:
        assert r.status == 404


async def test_health_and_metrics(serve, http) -> None:
    base = await serve()
    async with http.get(f"{base}/healthz") as r:
        assert r.status == 200
        assert await r.json() == {"status": "ok"}
    await (
        await http.post(f"{base}/webhooks/rest/webhook", json={"sender": "m", "message": "hi"})
    ).read()
    async with http.get(f"{base}/metrics") as r:
        text = await r.text()
    assert 'complaintbot_messages_total{channel="rest"} 1.0' in text
    assert "complaintbot_turn_seconds_bucket" in text


async def test_health_is_503_when_the_database_is_gone(desk, http, tmp_path) -> None:
    from storage.db import make_engine

    _settings, _database, dialogue = desk
    broken = make_engine(f"sqlite:///{tmp_path}/missing/dir/x.db")
    (tmp_path / "missing" / "dir").rmdir()
    server = TestServer(Server(dialogue, broken, api_token=None).app(), port=0)
    await server.start_server()
    async with http.get(str(server.make_url("/healthz"))) as r:
        assert r.status == 503
        assert "database unavailable" in (await r.json())["problems"]
    await server.close()


async def test_every_refused_request_is_counted_by_route_and_status(serve, http) -> None:
    base = await serve(api_token="s3cret")
    webhook = f"{base}/webhooks/rest/webhook?token=s3cret"
    async with http.post(webhook, data=b"{not json") as r:
        assert r.status == 400
    async with http.post(f"{base}/webhooks/rest/webhook", json={"sender": "a"}) as r:
        assert r.status == 401
    async with http.post(webhook, data=b"x" * (300 * 1024)) as r:
        assert r.status == 413
        assert "larger than" in (await r.json())["error"]
    async with http.post(f"{base}/model/parse?token=wrong", json={"text": "hi"}) as r:
        assert r.status == 401
    async with http.get(f"{base}/metrics?token=s3cret") as r:
        text = await r.text()
    counted = {
        line.split(" ")[0]: float(line.split(" ")[1])
        for line in text.splitlines()
        if line.startswith("complaintbot_rejected_requests_total{")
    }
    route = "/webhooks/rest/webhook"
    assert counted == {
        f'complaintbot_rejected_requests_total{{route="{route}",status="400"}}': 1.0,
        f'complaintbot_rejected_requests_total{{route="{route}",status="401"}}': 1.0,
        f'complaintbot_rejected_requests_total{{route="{route}",status="413"}}': 1.0,
        'complaintbot_rejected_requests_total{route="/model/parse",status="401"}': 1.0,
    }


async def test_one_access_line_per_request_without_what_was_said(serve, http, caplog) -> None:
    base = await serve()
    sender = f"private-{uuid.uuid4().hex}"
    with caplog.at_level(logging.INFO, logger="bot.server.app"):
        async with http.post(
            f"{base}/webhooks/rest/webhook",
            json={"sender": sender, "message": "my name is Jane Secret, jane@secret.example"},
        ) as r:
            assert r.status == 200
    lines = [r for r in caplog.records if r.name == "bot.server.app"]
    assert [(r.getMessage(), r.method, r.route, r.status) for r in lines] == [
        ("http.request", "POST", "/webhooks/rest/webhook", 200)
    ]
    assert lines[0].ms > 0
    everything = "\n".join(f"{r.getMessage()} {vars(r)}" for r in caplog.records)
    assert "Jane Secret" not in everything and "secret.example" not in everything
    assert sender not in everything


async def test_a_rest_customer_sees_the_staff_answer_before_the_reply_to_their_next_message(
    desk, http
) -> None:
    """REST cannot push: what staff sent waits for the customer's next message, shown once."""
    from bot.wiring import build_server
    from handlers import casework
    from handlers.identity import Identity
    from handlers.intake import ComplaintDetails, file_complaint
    from storage.types import utcnow

    settings, database, dialogue = desk
    sender = uuid.uuid4().hex
    receipt = file_complaint(
        database.factory,
        settings.policy,
        identity=Identity("rest", sender),
        language="en",
        details=ComplaintDetails("it broke", "kettle", "Refund", "today", None, "A B", "a@b.cd"),
        now=utcnow(),
    )
    kim = settings.policy.staff("kim.minji")
    casework.respond(
        database.factory,
        settings.policy,
        reference=receipt.reference,
        response="We are sending you a new kettle <today>.",
        by=kim,
        now=utcnow(),
    )
    server = TestServer(build_server(settings, database, dialogue).app(), host="127.0.0.1", port=0)
    await server.start_server()
    try:
        url = str(server.make_url("/webhooks/rest/webhook"))
        async with http.post(url, json={"sender": sender, "message": "hello"}) as r:
            first = [m["text"] for m in await r.json()]
        async with http.post(url, json={"sender": sender, "message": "hello"}) as r:
            second = [m["text"] for m in await r.json()]
    finally:
        await server.close()
    assert receipt.reference in first[0]
    assert "We are sending you a new kettle <today>." in first[0]  # JSON: no markup escaping
    assert "complaints desk" in first[1]  # then the reply to "hello"
    # shown once (the greeting of a customer with a complaint names it: not the answer)
    assert not any("new kettle" in text for text in second)
