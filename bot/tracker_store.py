"""Rasa's SQL tracker store with a write-through cache for a single serving process."""

from __future__ import annotations

import json
import logging
from collections import OrderedDict

import sqlalchemy as sa
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.nlu.constants import INTENT_NAME_KEY
from sqlalchemy.orm import sessionmaker

from storage.db import sqlite_engine_options, tune_sqlite

log = logging.getLogger(__name__)


class ComplaintTrackerStore(SQLTrackerStore):
    """Rasa's SQL tracker store, with pooled SQLite connections and an optional cache.

    With `max_conversations` > 0 it keeps each conversation's tracker in memory after it
    is saved.

    Rasa's store re-reads and re-deserialises the whole conversation on every message and
    counts the stored rows before every save; that was about 40 % of a turn here. With one
    serving process the database only ever holds what this process saved, so the tracker
    object it saved last is the current one, and the new events are exactly those after
    the count it saved. A tracker that gained events which were never saved (a turn that
    failed half-way) no longer matches its saved count and is read from the database
    again. Use it only when this process is the only writer (not with REDIS_URL).
    """

    engine: sa.engine.Engine

    def __init__(self, *args: object, max_conversations: int = 0, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        rasa_engine: sa.engine.Engine = self.engine
        if rasa_engine.dialect.name == "sqlite":
            # Rasa's engine for SQLite opens a connection per session (see storage.db).
            url = rasa_engine.url.render_as_string(hide_password=False)
            rasa_engine.dispose()
            engine = sa.create_engine(url, **sqlite_engine_options(url))
            tune_sqlite(engine)
            self.engine = engine
            self.sessionmaker = sessionmaker(bind=engine)
        self.max_conversations = max_conversations
        self._insert = sa.insert(self.SQLEvent.__table__)
        self._cache: OrderedDict[str, tuple[DialogueStateTracker, int]] = OrderedDict()

    async def retrieve(self, sender_id: str) -> DialogueStateTracker | None:
        """The cached tracker when it is exactly what was saved; else from the database."""
        cached = self._cache.get(sender_id)
        if cached is not None and self.max_conversations:
            tracker, saved = cached
            if len(tracker.events) == saved:
                self._cache.move_to_end(sender_id)
                return tracker
            del self._cache[sender_id]
        tracker = await super().retrieve(sender_id)
        if tracker is not None and self.max_conversations:
            self._remember(tracker, len(tracker.events))
        return tracker

    async def save(self, tracker: DialogueStateTracker) -> None:
        """Insert the events after those already saved, then remember the tracker."""
        cached = self._cache.get(tracker.sender_id)
        if not self.max_conversations:
            await super().save(tracker)
            return
        if cached is None or cached[0] is not tracker:
            # Not the object we handed out: let Rasa work out what is new.
            await super().save(tracker)
            self._remember(tracker, len(tracker.events))
            return
        events = list(tracker.events)[cached[1] :]
        if events:
            rows = []
            for event in events:
                data = event.as_dict()
                rows.append(
                    {
                        "sender_id": tracker.sender_id,
                        "type_name": event.type_name,
                        "timestamp": data.get("timestamp"),
                        "intent_name": data.get("parse_data", {})
                        .get("intent", {})
                        .get(INTENT_NAME_KEY),
                        "action_name": data.get("name"),
                        "data": json.dumps(data),
                    }
                )
            # One INSERT executed for all the turn's events in one transaction: the ORM's
            # per-object unit of work cost more than the database here.
            with self.engine.begin() as connection:
                connection.execute(self._insert, rows)
        self._remember(tracker, cached[1] + len(events))

    def _remember(self, tracker: DialogueStateTracker, saved: int) -> None:
        self._cache[tracker.sender_id] = (tracker, saved)
        self._cache.move_to_end(tracker.sender_id)
        while len(self._cache) > self.max_conversations:
            self._cache.popitem(last=False)
