"""The migrations build exactly the schema the models describe, on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from storage.db import make_engine
from storage.migrate import current_revision, head_revision, include_object, upgrade
from storage.models import Base


def test_after_upgrade_alembic_finds_nothing_to_change(database_url: str) -> None:
    engine = make_engine(database_url)
    # a new database gets every revision, in order
    assert upgrade(engine) == [
        "0001",
        "0002",
        "0003",
        "0004",
        "0005",
        "0006",
        "0007",
        "0008",
        "0009",
        "0010",
        "0011",
        "0012",
    ]
    assert upgrade(engine) == []  # and nothing the second time
    assert current_revision(engine) == head_revision()
    with engine.connect() as connection:
        context = MigrationContext.configure(
            connection,
            opts={"include_object": include_object, "compare_type": True},
        )
        assert compare_metadata(context, Base.metadata) == []
    engine.dispose()


@pytest.mark.postgres
def test_processes_starting_together_on_a_new_database_all_start(postgres_database) -> None:
    """`run` in several processes at once on an empty PostgreSQL database: one migrates and
    creates Rasa's table while the others wait (without the lock one died on a duplicate)."""
    from concurrent.futures import ThreadPoolExecutor

    from bot.runtime.tracker_store import tracker_store_for

    # a lock waited for longer than this is an error, so that a race fails and never hangs
    waits = {"options": "-c lock_timeout=15s"}
    engines = [make_engine(postgres_database, connect_args=waits) for _ in range(4)]

    def start(engine):
        applied = upgrade(engine)
        tracker_store_for(engine, cached=True, shared=True)
        return applied

    try:
        with ThreadPoolExecutor(len(engines)) as pool:
            applied = list(pool.map(start, engines))
    finally:
        for engine in engines:
            engine.dispose()
    assert applied.count([]) == len(engines) - 1  # migrated once
