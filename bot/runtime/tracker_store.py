"""Rasa's SQL tracker store on the service's own engine, with a write-through cache.

Rasa's `SQLTrackerStore` builds an engine of its own from connection parts; here it
shares the service's engine (one pool, one set of SQLite settings). With
`max_conversations` > 0 it keeps each conversation's tracker in memory after saving it.

Rasa's store re-reads and re-deserialises the whole conversation on every message and
counts the stored rows before every save. With one
serving process the database only ever holds what this process saved, so the tracker
object it saved last is the current one, and the new events are exactly those after the
count it saved. A tracker that gained events which were never saved (a turn that failed
half-way) no longer matches its saved count and is read from the database again. Use the
cache as it is only when this process is the only writer. With several processes
(REDIS_URL, `shared`), a cached conversation is brought up to date under its lock by
reading only the rows stored after the last one it knows (another process's turns, applied
as Rasa applies them when it replays a conversation); a new session started elsewhere reads
it whole. Without this, every turn re-read and replayed the whole conversation and counted
its rows again: about 60 % of a turn with two processes on PostgreSQL.

Every failure to read or write a conversation raises `ConversationStoreError`, and the
turn fails: Rasa's Agent wraps its store in a `FailSafeTrackerStore` that answered a
failed read with a new conversation and kept a failed write in memory (the customer was
shown a reference that was never saved), so `install()` leaves the store unwrapped. A
tracker whose save failed is dropped from the cache.

On PostgreSQL the store's reads and writes run on a few threads of their own: the commit
wait of a turn's save held the event loop (and so every other conversation) for about a
third of a turn, and taking it off the loop doubled saturation in an A/B. SQLite's are
sub-millisecond and stay on the loop.
"""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
import json
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

import sqlalchemy as sa
from rasa.core.agent import Agent
from rasa.core.tracker_store import SQLTrackerStore, TrackerStore, ensure_schema_exists
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import AllSlotsReset, SessionStarted, deserialise_events
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.nlu.constants import INTENT_NAME_KEY
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

# A cached conversation takes about 80 KB (measured over 1,000 bench journeys); 500 of them
# keep every conversation that is active right now in memory for ~40 MB. Older ones are
# read back from the database when their customer returns.
CACHED_CONVERSATIONS = 500
# Threads for PostgreSQL's reads and writes: within the engine's pool of 5 beside the
# loop's own connection and the use cases' workers (pool_size 5 + overflow 10).
STORE_THREADS = 4
# PostgreSQL advisory lock taken while Rasa's `events` table is created (a number of our own)
CREATE_LOCK = 0x434D505F455654  # "CMP_EVT"
T = TypeVar("T")

RASA_CREATE_TRACKER_STORE = Agent._create_tracker_store


class ConversationStoreError(RuntimeError):
    """A conversation could not be read or saved: the turn fails and saves nothing."""


def _failed(doing: str, error: Exception) -> str:
    # the cause's own text may carry what the customer said; it stays on `__cause__`
    return f"{doing} failed ({type(error).__name__})"


def _strict_tracker_store(store: TrackerStore | None, domain: Domain) -> TrackerStore:
    """The Agent's store as given, without Rasa's fall-back to memory on errors."""
    if store is None:
        return RASA_CREATE_TRACKER_STORE(store, domain)
    store.domain = domain
    return store


def install() -> None:
    """Agents load with their tracker store unwrapped (errors reach the turn)."""
    Agent._create_tracker_store = staticmethod(_strict_tracker_store)


def uninstall() -> None:
    """Rasa's `FailSafeTrackerStore` again."""
    Agent._create_tracker_store = staticmethod(RASA_CREATE_TRACKER_STORE)


class CachingSQLTrackerStore(SQLTrackerStore):
    """Rasa's SQL tracker store on a given engine, with an optional in-memory cache."""

    def __init__(self, engine: Engine, *, max_conversations: int = 0, shared: bool = False) -> None:
        # Rasa's __init__ would build its own engine; this is the rest of what it does.
        self.engine = engine
        with engine.begin() as connection:
            if engine.dialect.name == "postgresql":
                # processes starting together on a new database: one creates Rasa's table
                connection.execute(
                    sa.text("SELECT pg_advisory_xact_lock(:key)"), {"key": CREATE_LOCK}
                )
            self.Base.metadata.create_all(connection)
        self.sessionmaker = sessionmaker(bind=engine)
        TrackerStore.__init__(self, None, None)
        self.max_conversations = max_conversations
        self._insert = sa.insert(self.SQLEvent.__table__)
        self.shared = shared
        # tracker, events of it saved, id of the last row of it stored (kept when `shared`)
        self._cache: OrderedDict[str, tuple[DialogueStateTracker, int, int]] = OrderedDict()
        # senders found with nothing stored, until their new tracker is saved
        self._absent: OrderedDict[str, None] = OrderedDict()
        self._threads = (
            ThreadPoolExecutor(STORE_THREADS, thread_name_prefix="tracker-store")
            if engine.dialect.name == "postgresql"
            else None
        )

    async def _blocking(self, work: Callable[..., T], *args: Any) -> T:
        """Database work: on a store thread for PostgreSQL, inline for SQLite."""
        if self._threads is None:
            return work(*args)
        # the turn's context (its correlation id in log lines) goes along to the thread
        context = contextvars.copy_context()
        return await asyncio.get_running_loop().run_in_executor(
            self._threads, context.run, work, *args
        )

    def _read_events(self, sender_id: str) -> tuple[list[dict[str, Any]], int]:
        """The latest session's events as stored (Rasa's `_retrieve`, without the tracker),
        and the id of the last row."""
        with self.session_scope() as session:
            rows = self._event_query(session, sender_id, fetch_events_from_all_sessions=False)
            found = rows.all()
            return [json.loads(row.data) for row in found], max((r.id for r in found), default=0)

    def _events_after(self, sender_id: str, last: int) -> tuple[list[dict[str, Any]], int] | None:
        """The rows stored after row `last`, and the new last id; None when one of them
        starts a session (then the conversation is read as Rasa reads it)."""
        table = self.SQLEvent.__table__
        query = (
            sa.select(table.c.id, table.c.type_name, table.c.data)
            .where(table.c.sender_id == sender_id, table.c.id > last)
            .order_by(table.c.id)
        )
        with self.engine.connect() as connection:
            rows = connection.execute(query).all()
        if any(row.type_name == SessionStarted.type_name for row in rows):
            return None
        return [json.loads(row.data) for row in rows], max((r.id for r in rows), default=last)

    def _last_id(self, connection: Any, sender_id: str) -> int:
        table = self.SQLEvent.__table__
        query = sa.select(sa.func.max(table.c.id)).where(table.c.sender_id == sender_id)
        return int(connection.execute(query).scalar() or 0)

    def _write_new_events(self, tracker: DialogueStateTracker) -> int:
        """The events not stored yet, after counting those stored (Rasa's `save`), in one
        INSERT; the id of the conversation's last row."""
        with self.session_scope() as session:
            rows = [
                self._row(tracker.sender_id, e) for e in self._additional_events(session, tracker)
            ]
            if rows:
                session.execute(self._insert, rows)
            last = self._last_id(session, tracker.sender_id) if self.shared else 0
            session.commit()
            return last

    def _insert_rows(self, rows: list[dict[str, Any]]) -> int:
        """Insert a turn's rows; the id of the conversation's last row (when `shared`: the
        conversation's lock keeps every other writer out until the turn ends)."""
        with self.engine.begin() as connection:
            connection.execute(self._insert, rows)
            return self._last_id(connection, rows[0]["sender_id"]) if self.shared else 0

    @staticmethod
    def _row(sender_id: str, event: Any) -> dict[str, Any]:
        data = event.as_dict()
        return {
            "sender_id": sender_id,
            "type_name": event.type_name,
            "timestamp": data.get("timestamp"),
            "intent_name": data.get("parse_data", {}).get("intent", {}).get(INTENT_NAME_KEY),
            "action_name": data.get("name"),
            "data": json.dumps(data),
        }

    @contextlib.contextmanager
    def session_scope(self) -> Iterator[Session]:
        """Rasa's session scope without its exit on `ValueError` (psycopg2 raises one for a
        NUL in a parameter, and Rasa took it for a missing schema and stopped the process)."""
        session = self.sessionmaker()
        try:
            ensure_schema_exists(session)
            yield session
        finally:
            session.close()

    async def retrieve(self, sender_id: str) -> DialogueStateTracker | None:
        """The conversation as saved (`ConversationStoreError` when it cannot be read)."""
        try:
            return await self._retrieve_cached(sender_id)
        except Exception as exc:
            raise ConversationStoreError(_failed("reading the conversation", exc)) from exc

    async def retrieve_full_tracker(self, sender_id: str) -> DialogueStateTracker | None:
        """Every session of the conversation (`ConversationStoreError` when unreadable)."""
        try:
            return await super().retrieve_full_tracker(sender_id)
        except Exception as exc:
            raise ConversationStoreError(_failed("reading the conversation", exc)) from exc

    async def keys(self) -> Iterable[str]:
        """Every stored conversation id (`ConversationStoreError` when unreadable)."""
        try:
            return await super().keys()
        except Exception as exc:
            raise ConversationStoreError(_failed("listing conversations", exc)) from exc

    async def save(self, tracker: DialogueStateTracker) -> None:
        """Save the tracker's new events; on failure nothing of it stays in the cache."""
        try:
            await self._save_cached(tracker)
        except Exception as exc:
            self._forget(tracker.sender_id)
            raise ConversationStoreError(_failed("saving the conversation", exc)) from exc

    def _forget(self, sender_id: str) -> None:
        self._cache.pop(sender_id, None)
        self._absent.pop(sender_id, None)

    async def _retrieve_cached(self, sender_id: str) -> DialogueStateTracker | None:
        """The cached tracker when it is exactly what was saved; else from the database."""
        cached = self._cache.get(sender_id)
        if cached is not None:
            tracker, saved, last = cached
            if len(tracker.events) == saved:
                if not self.shared:
                    self._cache.move_to_end(sender_id)
                    return tracker
                newer = await self._blocking(self._events_after, sender_id, last)
                if newer is not None and self._cache.get(sender_id) is cached:
                    events, last = newer
                    for event in deserialise_events(events):
                        tracker.update(event)
                    self._remember(tracker, len(tracker.events), last)
                    return tracker
            self._cache.pop(sender_id, None)
        last = 0
        if (
            self.max_conversations
            and not self.shared
            and not await self._blocking(self._stored, sender_id)
        ):
            tracker = None  # a new conversation: Rasa's query for it took 2 ms to say so
        else:
            events, last = await self._blocking(self._read_events, sender_id)
            tracker = (
                DialogueStateTracker.from_dict(sender_id, events, self.domain.slots)
                if self.domain and events
                else None
            )
        if tracker is not None and self.max_conversations:
            self._remember(tracker, len(tracker.events), last)
        elif tracker is None and self.max_conversations and not self.shared:
            # Nothing stored: Rasa creates the tracker and saves it next, all of it new.
            self._absent[sender_id] = None
            while len(self._absent) > self.max_conversations:
                self._absent.popitem(last=False)
        return tracker

    async def _save_cached(self, tracker: DialogueStateTracker) -> None:
        """Insert the events after those already saved, then remember the tracker."""
        cached = self._cache.get(tracker.sender_id)
        if not self.max_conversations:
            await self._blocking(self._write_new_events, tracker)
            return
        if cached is None and self._absent.pop(tracker.sender_id, False) is None:
            # A new conversation (retrieve found nothing stored): every event is new. Rasa's
            # save would count the stored rows and write each event through the ORM (2 ms,
            # a seventh of a seven-turn conversation's time in the store).
            cached = (tracker, 0, 0)
        if cached is None or cached[0] is not tracker:
            # Not the object we handed out: count what is stored, as Rasa does.
            last = await self._blocking(self._write_new_events, tracker)
            self._remember(tracker, len(tracker.events), last)
            return
        events = list(tracker.events)[cached[1] :]
        last = cached[2]
        if events:
            rows = [self._row(tracker.sender_id, event) for event in events]
            # One INSERT executed for all the turn's events in one transaction: the ORM's
            # per-object unit of work cost more than the database here.
            last = await self._blocking(self._insert_rows, rows)
        if any(isinstance(event, AllSlotsReset) for event in events):
            # the customer was forgotten this turn (erasure ends with all slots reset): the
            # conversation's past is gone from the database, and goes from memory too
            self._forget(tracker.sender_id)
            return
        self._remember(tracker, cached[1] + len(events), last)

    def _stored(self, sender_id: str) -> bool:
        """Whether any event of the conversation is stored (one indexed lookup)."""
        table = self.SQLEvent.__table__
        query = sa.select(sa.literal(1)).where(table.c.sender_id == sender_id).limit(1)
        with self.engine.connect() as connection:
            return connection.execute(query).first() is not None

    def _remember(self, tracker: DialogueStateTracker, saved: int, last: int) -> None:
        self._cache[tracker.sender_id] = (tracker, saved, last)
        self._cache.move_to_end(tracker.sender_id)
        while len(self._cache) > self.max_conversations:
            self._cache.popitem(last=False)


def tracker_store_for(
    engine: Engine, *, cached: bool, shared: bool = False
) -> CachingSQLTrackerStore:
    """Rasa's SQL tracker store in our database (its table is `events`).

    `cached` keeps conversations in memory too; `shared` when other processes write the
    same conversations (REDIS_URL: each turn under a lock shared by every process).
    """
    return CachingSQLTrackerStore(
        engine, max_conversations=CACHED_CONVERSATIONS if cached else 0, shared=shared
    )
