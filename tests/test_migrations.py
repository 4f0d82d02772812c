"""The migrations build exactly the schema the models describe, on SQLite and PostgreSQL."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from storage.db import make_engine
from storage.migrate import current_revision, head_revision, include_object, upgrade
from storage.models import Base


def test_after_upgrade_alembic_finds_nothing_to_change(database_url: str) -> None:
    engine = make_engine(database_url)
    # a new database gets every revision, in order
    assert upgrade(engine) == ["0001", "0002", "0003", "0004", "0005", "0006", "0007"]
    assert upgrade(engine) == []  # and nothing the second time
    assert current_revision(engine) == head_revision()
    with engine.connect() as connection:
        context = MigrationContext.configure(
            connection,
            opts={"include_object": include_object, "compare_type": True},
        )
        assert compare_metadata(context, Base.metadata) == []
    engine.dispose()
