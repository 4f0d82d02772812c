"""The cached tracker store writes exactly the new events and never serves unsaved state."""

from __future__ import annotations

from pathlib import Path

from bot.runtime.tracker_store import tracker_store_for

import pytest
import sqlalchemy as sa
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, SlotSet, UserUttered

from storage.db import make_engine

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def domain() -> Domain:
    return Domain.from_path(ROOT / "nlu" / "domain.yml")


def stores(tmp_path: Path, domain: Domain, size: int = 10_000):
    url = f"sqlite:///{tmp_path / 'tracker.db'}"
    cached = tracker_store_for(make_engine(url), cached=True)
    cached.max_conversations = size
    cached.domain = domain
    plain = SQLTrackerStore(domain=domain, dialect="sqlite", db=str(tmp_path / "tracker.db"))
    return cached, plain


async def _turn(store, sender: str, text: str) -> None:
    tracker = await store.retrieve(sender) or store.init_tracker(sender)
    tracker.update(UserUttered(text, {"name": "greet", "confidence": 1.0}))
    tracker.update(ActionExecuted("action_greet"))
    tracker.update(ActionExecuted("action_listen"))
    await store.save(tracker)


async def test_every_turn_reaches_the_database_once(tmp_path, domain) -> None:
    cached, plain = stores(tmp_path, domain)
    for text in ("hello", "again", "and again"):
        await _turn(cached, "rest:a", text)
    from_db = await plain.retrieve("rest:a")
    from_cache = await cached.retrieve("rest:a")
    assert [e.as_dict()["event"] for e in from_db.events] == [
        e.as_dict()["event"] for e in from_cache.events
    ]
    assert len(from_db.events) == 9
    assert [e.text for e in from_db.events if isinstance(e, UserUttered)] == [
        "hello",
        "again",
        "and again",
    ]


async def test_a_turn_that_failed_before_saving_is_not_served(tmp_path, domain) -> None:
    cached, _ = stores(tmp_path, domain)
    await _turn(cached, "rest:b", "hello")
    tracker = await cached.retrieve("rest:b")
    tracker.update(SlotSet("language", "ko"))  # the turn dies here, nothing saved
    again = await cached.retrieve("rest:b")
    assert again is not tracker
    assert again.get_slot("language") is None
    assert len(again.events) == 3


async def test_a_tracker_from_elsewhere_is_saved_by_counting_rows(tmp_path, domain) -> None:
    cached, plain = stores(tmp_path, domain)
    await _turn(cached, "rest:c", "hello")
    await _turn(plain, "rest:c", "from another process")  # not through the cache
    cached._cache.clear()
    await _turn(cached, "rest:c", "back")
    from_db = await plain.retrieve("rest:c")
    assert [e.text for e in from_db.events if isinstance(e, UserUttered)] == [
        "hello",
        "from another process",
        "back",
    ]


async def test_the_cache_is_bounded(tmp_path, domain) -> None:
    cached, _ = stores(tmp_path, domain, size=2)
    for sender in ("rest:1", "rest:2", "rest:3"):
        await _turn(cached, sender, "hi")
    assert list(cached._cache) == ["rest:2", "rest:3"]
    assert (await cached.retrieve("rest:1")) is not None


async def test_without_the_cache_it_is_rasas_store(tmp_path, domain) -> None:
    store = tracker_store_for(make_engine(f"sqlite:///{tmp_path / 'plain.db'}"), cached=False)
    store.domain = domain
    await _turn(store, "rest:d", "hello")
    await _turn(store, "rest:d", "again")
    assert store._cache == {}
    assert len((await store.retrieve("rest:d")).events) == 6


async def test_a_new_conversation_is_written_whole_once(tmp_path, domain) -> None:
    cached, plain = stores(tmp_path, domain)
    statements: list[str] = []

    def seen(conn, cursor, statement, *args) -> None:
        statements.append(statement.split()[0].upper())

    sa.event.listen(cached.engine, "before_cursor_execute", seen)
    tracker = await cached.get_or_create_tracker("rest:new")  # as Rasa starts a conversation
    sa.event.remove(cached.engine, "before_cursor_execute", seen)
    # one indexed look-up and one INSERT: not Rasa's session query, row count and ORM writes
    assert statements == ["SELECT", "INSERT"]
    tracker.update(UserUttered("hi", {"name": "greet", "confidence": 1.0}))
    await cached.save(tracker)
    from_db = await plain.retrieve("rest:new")
    assert [e.as_dict()["event"] for e in from_db.events] == ["action", "user"]


async def test_a_conversation_stored_by_another_writer_is_not_taken_for_new(
    tmp_path, domain
) -> None:
    cached, plain = stores(tmp_path, domain)
    await _turn(plain, "rest:d", "stored elsewhere")
    tracker = await cached.retrieve("rest:d")
    assert tracker is not None and len(tracker.events) == 3


def _processes(url: str, domain: Domain) -> tuple:
    """The conversation store of two processes on one database (REDIS_URL: `shared`)."""
    stores = tuple(tracker_store_for(make_engine(url), cached=True, shared=True) for _ in "ab")
    for store in stores:
        store.domain = domain
    return stores


def _events(tracker) -> list[dict]:
    return [{k: v for k, v in e.as_dict().items() if k != "timestamp"} for e in tracker.events]


async def test_processes_sharing_a_conversation_each_read_what_the_others_stored(
    tmp_path, domain
) -> None:
    """Two processes (REDIS_URL) taking turns on one conversation: each one's cached tracker
    is brought up to date with the other's turns, and equals Rasa's own read every time."""
    first, second = _processes(f"sqlite:///{tmp_path / 'tracker.db'}", domain)
    plain = SQLTrackerStore(domain=domain, dialect="sqlite", db=str(tmp_path / "tracker.db"))
    for turn in range(6):
        store = (first, second)[turn % 2]
        await _turn(store, "rest:shared", f"turn {turn}")
        rasa = await plain.retrieve("rest:shared")
        for each in (first, second):
            assert _events(await each.retrieve("rest:shared")) == _events(rasa)
    assert len((await plain.retrieve("rest:shared")).events) == 18  # each turn stored once


async def test_a_session_started_by_another_process_is_read_whole(tmp_path, domain) -> None:
    from rasa.shared.core.events import ActionExecuted as Action
    from rasa.shared.core.events import SessionStarted

    first, second = _processes(f"sqlite:///{tmp_path / 'tracker.db'}", domain)
    plain = SQLTrackerStore(domain=domain, dialect="sqlite", db=str(tmp_path / "tracker.db"))
    await _turn(first, "rest:s", "before")
    tracker = await second.retrieve("rest:s")
    tracker.update(Action("action_session_start"))
    tracker.update(SessionStarted())
    await second.save(tracker)
    await _turn(second, "rest:s", "after")
    # Rasa reads the latest session only; so does the first process, not its longer cache
    assert _events(await first.retrieve("rest:s")) == _events(await plain.retrieve("rest:s"))


async def test_a_retrieve_outside_a_turn_never_applies_rows_twice(database_url, domain) -> None:
    """On PostgreSQL the store reads on its threads, so two reads can overlap."""
    import asyncio

    first, second = _processes(database_url, domain)
    await _turn(first, "rest:c", "one")
    await _turn(second, "rest:c", "two")
    # the language check and the turn both read the conversation at once
    a, b = await asyncio.gather(first.retrieve("rest:c"), first.retrieve("rest:c"))
    assert len(a.events) == len(b.events) == 6
    assert len((await first.retrieve("rest:c")).events) == 6
