"""A separate action server (`complaintbot actions`) serves the same actions over HTTP,
and what such a server answers is checked before the dialogue believes it."""

from __future__ import annotations

import uuid

from bot.runtime.lock_store import lock_store_for
from bot.runtime.tracker_store import tracker_store_for

from aiohttp import ClientSession, web
from aiohttp.test_utils import TestServer
from rasa.utils.endpoints import EndpointConfig

from bot.dialogue import Dialogue
from bot.server.actions import action_server_app
from bot.wiring import action_executor
from handlers.identity import Identity


def _dialogue(desk, model_path, url: str) -> Dialogue:
    settings, database, _ = desk
    return Dialogue.load(
        model_path,
        tracker_store=tracker_store_for(database.engine, cached=False),
        lock_store=lock_store_for(None),
        action_endpoint=EndpointConfig(url=url),
        max_message_chars=settings.policy.max_message_chars,
    )


class Failures:
    def __init__(self) -> None:
        self.failed: list[str] = []

    def turn_finished(self, channel: str, seconds: float) -> None:
        pass

    def turn_failed(self, channel: str) -> None:
        self.failed.append(channel)


async def _serve(app: web.Application) -> TestServer:
    server = TestServer(app, port=0)
    await server.start_server()
    return server


async def test_the_bot_runs_its_actions_on_a_separate_server(desk, model_path) -> None:
    settings, database, _ = desk
    server = await _serve(action_server_app(action_executor(settings, database.factory)))
    try:
        dialogue = _dialogue(desk, model_path, str(server.make_url("/webhook")))
        customer = Identity("rest", uuid.uuid4().hex)
        replies = await dialogue.handle(customer, "안녕하세요")
        assert "무료" in (replies[0].text or "")
        await dialogue.handle(customer, "I want to complain")
        replies = await dialogue.handle(customer, "😡")
        assert "a little more about what happened" in " ".join(r.text or "" for r in replies)
        async with ClientSession() as http:
            async with http.post(
                server.make_url("/webhook"), json={"next_action": "action_nope", "tracker": {}}
            ) as r:
                assert r.status == 404
                assert (await r.json())["action_name"] == "action_nope"
            async with http.post(server.make_url("/webhook"), data=b"{") as r:
                assert r.status == 400
    finally:
        await server.close()


async def _answering(body: dict) -> TestServer:
    async def webhook(request: web.Request) -> web.Response:
        return web.json_response(body)

    app = web.Application()
    app.router.add_post("/webhook", webhook)
    return await _serve(app)


async def test_an_answer_that_breaks_the_action_schema_fails_the_turn_politely(
    desk, model_path
) -> None:
    # A timestamp that is not a number: Rasa's schema refuses it; unchecked, Rasa would
    # store the event as it is (and trip over it later) and answer as if nothing were wrong.
    server = await _answering(
        {
            "events": [{"event": "slot", "name": "language", "value": "ko", "timestamp": "soon"}],
            "responses": [{"text": "from a confused action server"}],
        }
    )
    try:
        dialogue = _dialogue(desk, model_path, str(server.make_url("/webhook")))
        dialogue.observer = failures = Failures()
        replies = await dialogue.handle(Identity("rest", uuid.uuid4().hex), "hello")
        assert "technical problem" in " ".join(r.text or "" for r in replies)
        assert failures.failed == ["rest"]
    finally:
        await server.close()


async def test_a_valid_answer_is_used_as_it_is(desk, model_path) -> None:
    server = await _answering({"events": [], "responses": [{"text": "from the action server"}]})
    try:
        dialogue = _dialogue(desk, model_path, str(server.make_url("/webhook")))
        dialogue.observer = failures = Failures()
        replies = await dialogue.handle(Identity("rest", uuid.uuid4().hex), "hello")
        assert [r.text for r in replies] == ["from the action server"]
        assert failures.failed == []
    finally:
        await server.close()


async def test_an_action_server_that_fails_gets_the_customer_a_polite_answer(
    desk, model_path
) -> None:
    async def webhook(request: web.Request) -> web.Response:
        return web.Response(status=500, text="boom")

    app = web.Application()
    app.router.add_post("/webhook", webhook)
    server = await _serve(app)
    try:
        dialogue = _dialogue(desk, model_path, str(server.make_url("/webhook")))
        replies = await dialogue.handle(Identity("rest", uuid.uuid4().hex), "안녕하세요")
        assert "일시적인 오류" in " ".join(r.text or "" for r in replies)
    finally:
        await server.close()
