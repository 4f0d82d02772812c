"""A turn that fails anywhere gets a polite "try again", is logged once with its turn id
and counted; nothing the customer said is lost, and a retry goes on from where they were."""

from __future__ import annotations

import io
import json
import logging
import uuid
from dataclasses import replace

import sqlalchemy as sa
from aiohttp import ClientSession
from aiohttp.test_utils import TestServer

from bot.wiring import build_dialogue, build_server, prepare_database
from storage import repositories as repo
from storage.db import transaction
from tests.helpers import REFERENCE


async def test_the_database_briefly_down_at_submit_loses_nothing(
    base_settings, model_path, tmp_path, caplog
) -> None:
    settings = replace(base_settings, database_url=f"sqlite:///{tmp_path / 'down.db'}")
    database = prepare_database(settings)
    dialogue = build_dialogue(settings, database, model_path)
    server = build_server(settings, database, dialogue)
    test_server = TestServer(server.app(), port=0)
    await test_server.start_server()
    url = str(test_server.make_url("/webhooks/rest/webhook"))
    sender = uuid.uuid4().hex
    try:
        async with ClientSession() as http:

            async def say(text: str, status: int = 200) -> str:
                async with http.post(url, json={"sender": sender, "message": text}) as r:
                    assert r.status == status
                    return "\n".join(m.get("text", "") for m in await r.json())

            for text in (
                "my washing machine arrived with a cracked door",
                "Replacement",
                "yesterday",
                "Jane Smith",
            ):
                await say(text)
            assert "Please check your complaint" in await say("jane@example.com")
            with database.engine.begin() as connection:  # the database "goes away"
                connection.execute(sa.text("ALTER TABLE complaints RENAME TO complaints_away"))
            caplog.clear()
            printed = io.StringIO()
            handler = logging.StreamHandler(printed)
            handler.setFormatter(logging.getLogger().handlers[0].formatter)  # ours, JSON
            logging.getLogger().addHandler(handler)
            try:
                with caplog.at_level(logging.INFO):
                    reply = await say("yes", 503)  # saved nothing: send it again
            finally:
                logging.getLogger().removeHandler(handler)
            [line] = [json.loads(x) for x in printed.getvalue().splitlines() if "turn.failed" in x]
            assert line["turn"] and line["channel"] == "rest" and "Traceback" in line["exception"]
            assert "Jane" not in printed.getvalue() and "yes" not in line["event"]
            assert "technical problem" in reply and "send your last message again" in reply
            failures = [r for r in caplog.records if r.getMessage() == "dialogue.turn.failed"]
            assert len(failures) == 1 and failures[0].exc_info is not None
            assert not [
                r for r in caplog.records if r.levelno >= logging.ERROR and r not in failures
            ]
            async with http.get(str(test_server.make_url("/metrics"))) as r:
                metrics = await r.text()
            assert 'complaintbot_turn_failures_total{channel="rest"} 1.0' in metrics

            with database.engine.begin() as connection:  # …and comes back
                connection.execute(sa.text("ALTER TABLE complaints_away RENAME TO complaints"))
            reply = await say("yes")  # the same answer again: the read-back was kept
            match = REFERENCE.search(reply)
            assert match, reply
        with transaction(database.factory) as session:
            stored = repo.get_by_reference(session, reference=match.group(0))
            assert stored is not None
            assert (stored.product, stored.customer_name) == ("washing machine", "Jane Smith")
    finally:
        await test_server.close()
