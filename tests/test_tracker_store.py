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
