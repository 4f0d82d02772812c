"""A separate action server (`complaintbot actions`) serves the same actions over HTTP."""

from __future__ import annotations

import uuid

from aiohttp import ClientSession
from aiohttp.test_utils import TestServer
from rasa.utils.endpoints import EndpointConfig

from bot.action_server import action_server_app
from bot.app import action_executor
from bot.dialogue import Dialogue, lock_store_for, tracker_store_for


async def test_the_bot_runs_its_actions_on_a_separate_server(desk, model_path) -> None:
    settings, database, _ = desk
    server = TestServer(action_server_app(action_executor(settings, database.factory)), port=0)
    await server.start_server()
    try:
        dialogue = Dialogue.load(
            model_path,
            tracker_store=tracker_store_for(settings.database_url, cached=False),
            lock_store=lock_store_for(None),
            action_endpoint=EndpointConfig(url=str(server.make_url("/webhook"))),
            max_message_chars=settings.policy.max_message_chars,
        )
        sender = f"rest:{uuid.uuid4().hex}"
        replies = await dialogue.handle(sender, "안녕하세요")
        assert "무료" in replies[0]["text"]
        replies = await dialogue.handle(sender, "I want to complain")
        replies = await dialogue.handle(sender, "😡")
        assert "describe what happened" in " ".join(r.get("text", "") for r in replies)
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
