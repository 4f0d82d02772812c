"""Apply Alembic migrations programmatically (`complaintbot db upgrade`, `run`)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.engine import Engine

MIGRATIONS = Path(__file__).with_name("migrations")
# PostgreSQL advisory lock taken while the schema changes (any 64-bit number of our own)
SCHEMA_LOCK = 0x434D505F534348  # "CMP_SCH"


def include_object(
    obj: Any, name: str | None, type_: str, reflected: bool, compare_to: Any
) -> bool:
    """Whether Alembic should look at a schema object: not at tables that are not ours
    (Rasa's tracker store creates `events` in the same database)."""
    from storage.models import Base

    return not (type_ == "table" and reflected and name not in Base.metadata.tables)


def alembic_config(url: str) -> Config:
    """An Alembic config pointing at our migrations and the given database."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def upgrade(engine: Engine) -> list[str]:
    """Bring the schema to the newest revision; the revisions applied, oldest first."""
    config = alembic_config(engine.url.render_as_string(hide_password=False))
    script = ScriptDirectory.from_config(config)
    with engine.begin() as connection:
        if engine.dialect.name == "postgresql":
            # processes starting together on a new database: one migrates, the rest wait
            connection.execute(sa.text("SELECT pg_advisory_xact_lock(:key)"), {"key": SCHEMA_LOCK})
        current = MigrationContext.configure(connection).get_current_revision()
        pending = [r.revision for r in script.iterate_revisions(script.get_current_head(), current)]
        if not pending:
            return []
        config.attributes["connection"] = connection
        command.upgrade(config, "head")
    return list(reversed(pending))


def current_revision(engine: Engine) -> str | None:
    """The revision the database is at (None before the first migration)."""
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def head_revision() -> str | None:
    """The newest revision in the migrations folder."""
    config = alembic_config("sqlite://")
    return ScriptDirectory.from_config(config).get_current_head()
