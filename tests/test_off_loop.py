"""Database work runs off the event loop (`bot/workers.py`): while a use case waits on the
database, every other conversation is still served.

A probe task sleeps 10 ms over and over and records how late it wakes: the loop's stalls.
The database is made slow at SQLAlchemy's cursor hook (each statement waits), or given a
lot to do (1,500 complaints falling due at once).
"""

from __future__ import annotations

import asyncio
import gc
import time
import uuid
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from datetime import timedelta
from typing import Any

import sqlalchemy as sa
from aiohttp import ClientSession
from aiohttp.test_utils import TestServer
from sqlalchemy.engine import Engine

from bot.channels.web import WebChannel
from bot.jobs.scheduler import ChaseScheduler
from bot.server.app import Server
from bot.wiring import action_endpoint, prepare_database
from storage.db import transaction
from storage.models import Complaint
from tests.test_chase import ACK_DUE, _file

STALL = 0.15  # seconds: the longest the loop may be held
SLOW = 0.4  # seconds each statement waits in a slow database


@asynccontextmanager
async def loop_lag() -> AsyncIterator[list[float]]:
    """How late a 10 ms sleep wakes, again and again, while the block runs."""
    lags: list[float] = []
    done = asyncio.Event()

    async def probe() -> None:
        while not done.is_set():
            started = time.perf_counter()
            await asyncio.sleep(0.01)
            lags.append(time.perf_counter() - started - 0.01)

    # A full collection holds every thread, the loop's too; `complaintbot run` freezes what it
    # loaded so that one costs little (wiring.settle_after_load), the tests hold them off.
    gc.disable()
    task = asyncio.create_task(probe())
    await asyncio.sleep(0.05)  # the probe is ticking
    try:
        yield lags
    finally:
        done.set()
        await task
        gc.enable()


@contextmanager
def slow_statements(engine: Engine, seconds: float = SLOW) -> Iterator[None]:
    """Every statement on `engine` waits `seconds` first, as over a slow network."""

    def wait(*_: Any) -> None:
        time.sleep(seconds)

    sa.event.listen(engine, "before_cursor_execute", wait)
    try:
        yield
    finally:
        sa.event.remove(engine, "before_cursor_execute", wait)


def _copies(db: Any, reference: str, count: int) -> None:
    """`count` more complaints like `reference`, due at the same time."""
    table = Complaint.__table__
    with transaction(db.factory) as session:
        row = session.execute(sa.select(table).where(table.c.reference == reference)).one()
        like = {k: v for k, v in row._mapping.items() if k != "id"}
        session.execute(
            sa.insert(table), [{**like, "reference": f"LOAD-{i:05d}"} for i in range(count)]
        )


async def test_a_sweep_of_1500_due_complaints_leaves_the_loop_free(settings) -> None:
    db = prepare_database(settings)
    _copies(db, _file(db, settings), 1499)
    swept: dict[str, float] = {}
    finished = asyncio.Event()

    def observe(rungs: dict[str, int], seconds: float) -> None:
        swept.update(rungs, seconds=seconds)
        finished.set()

    later = ACK_DUE + timedelta(hours=9)  # reminder, supervisor and manager for each
    chaser = ChaseScheduler(
        db.factory,
        settings.policy,
        settings.chase,
        observe=observe,
        clock=lambda: later,
        workers=db.workers,
    )
    chaser.start()  # scheduled, not yet run (APScheduler's set-up is not what is measured)
    try:
        async with loop_lag() as lags:
            await asyncio.wait_for(finished.wait(), 120)
    finally:
        await chaser.stop()
    assert swept["remind"] == 1500 and swept["supervisor"] == 1500 and swept["manager"] == 1500
    assert swept["seconds"] > STALL  # on the loop, it would have held it longer than allowed
    assert max(lags) < STALL, (
        f"the loop stalled {max(lags):.3f} s during a {swept['seconds']:.3f} s sweep"
    )
    db.workers.close()


def _action_call(action: str, sender: str, text: str) -> dict[str, Any]:
    """Rasa's call of a custom action, as the in-process endpoint gets it."""
    message = {"text": text, "intent": {"name": "list_complaints"}, "entities": []}
    tracker = {
        "sender_id": sender,
        "slots": {},
        "latest_message": message,
        "events": [],
        "paused": False,
        "followup_action": None,
        "active_loop": {},
        "latest_action_name": "action_listen",
    }
    return {"next_action": action, "sender_id": sender, "tracker": tracker, "domain": {}}


async def test_a_custom_action_waiting_on_the_database_leaves_the_loop_free(settings) -> None:
    db = prepare_database(settings)
    endpoint = action_endpoint(settings, db.factory, db.workers)
    call = _action_call("action_list_complaints", "rest:slow-db", "my complaints")
    with slow_statements(db.engine):
        async with loop_lag() as lags:
            started = time.perf_counter()
            answer = await endpoint.request(json=call)
            took = time.perf_counter() - started
    assert [r["response"] for r in answer["responses"]] == ["utter_no_complaints"]
    assert took >= SLOW  # it did wait on the database
    assert max(lags) < STALL, f"the loop stalled {max(lags):.3f} s during a {took:.3f} s action"
    db.workers.close()


async def test_healthz_waiting_on_the_database_leaves_the_loop_free(desk) -> None:
    _settings, database, dialogue = desk
    server = Server(dialogue, database.engine, api_token=None, workers=database.workers)
    async with (
        TestServer(server.app(), host="127.0.0.1", port=0) as http,
        ClientSession() as client,
    ):
        with slow_statements(database.engine):
            async with loop_lag() as lags, client.get(http.make_url("/healthz")) as response:
                assert response.status == 200
    assert max(lags) < STALL, f"the loop stalled {max(lags):.3f} s during /healthz"


async def test_a_status_look_up_waiting_on_the_database_leaves_the_loop_free(desk) -> None:
    settings, database, dialogue = desk
    server = Server(dialogue, database.engine, api_token=None, workers=database.workers)
    server.mount(WebChannel(dialogue, database.factory, settings.policy, workers=database.workers))
    reference = _file(database, settings, user=uuid.uuid4().hex[:12])  # a real one: it is looked up
    form = {"reference": reference, "contact": "jane@example.com", "lang": "en"}
    async with (
        TestServer(server.app(), host="127.0.0.1", port=0) as http,
        ClientSession() as client,
    ):
        with slow_statements(database.engine):
            async with loop_lag() as lags:
                url = http.make_url("/status")
                headers = {"Origin": str(http.make_url("")).rstrip("/")}
                async with client.post(url, data=form, headers=headers) as response:
                    assert response.status == 200
                    assert reference in await response.text()
    assert max(lags) < STALL, f"the loop stalled {max(lags):.3f} s during a /status look-up"
