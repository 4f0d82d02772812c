"""Engines and sessions for SQLite (embedded default) and PostgreSQL."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import QueuePool

SQLITE_BUSY_TIMEOUT_MS = 5000


def _sqlite_on_connect(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    # WAL lets readers (status queries, the console chat) proceed while the bot writes;
    # NORMAL durability is safe in WAL mode (a power cut may lose the last commit, never
    # corrupt the file).
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def sqlite_path(url: str) -> str | None:
    """The file path of a SQLite URL, or None for other databases and in-memory SQLite.

    Raises ValueError when the text is not a database URL at all.
    """
    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        raise ValueError(f"not a database URL: {url!r}") from exc
    try:
        parsed.get_dialect()  # imports the driver: an unknown database is an error here
    except (NoSuchModuleError, ImportError) as exc:
        raise ValueError(f"no database driver for {parsed.drivername!r}") from exc
    if parsed.get_backend_name() != "sqlite" or not parsed.database:
        return None
    if parsed.database == ":memory:":
        return None
    return parsed.database


def sqlite_url_relative_to(url: str, base: Path) -> str:
    """The URL with a relative SQLite file path made relative to `base`, not the cwd."""
    path = sqlite_path(url)
    if path is None or os.path.isabs(path):
        return url
    return make_url(url).set(database=str(base / path)).render_as_string(hide_password=False)


def sqlite_engine_options(url: str) -> dict[str, Any]:
    """Pool options for a SQLite file: keep connections open.

    SQLAlchemy 1.4 gives file SQLite a NullPool: a new connection per session, PRAGMAs
    again, and a WAL checkpoint whenever the last connection closes. That cost about 3 ms
    per transaction here. All our database work runs on the event loop's thread, but a
    pooled connection may be returned from another (the console chat's input thread).
    """
    if not sqlite_path(url):
        return {}
    return {"poolclass": QueuePool, "connect_args": {"check_same_thread": False}}


def tune_sqlite(engine: Engine) -> None:
    """WAL, NORMAL sync, a busy timeout and foreign keys on every new SQLite connection."""
    if engine.dialect.name == "sqlite":
        sa.event.listen(engine, "connect", _sqlite_on_connect)


def make_engine(url: str, **kwargs: Any) -> Engine:
    """Create an engine in SQLAlchemy 2.0 style, tuned for the backend."""
    path = sqlite_path(url)
    if path:
        directory = os.path.dirname(os.path.abspath(path))
        os.makedirs(directory, exist_ok=True)
    options = {**sqlite_engine_options(url), **kwargs}
    if make_url(url).get_backend_name() == "postgresql":
        # psycopg2 runs an executemany UPDATE as one round trip per row; batched, a chase
        # sweep's updates of 100 complaints go in one (make bench: 230-270 ms → 150-185 ms)
        options.setdefault("executemany_mode", "values_plus_batch")
    # hide_parameters: an error's message must not carry a customer's name or contact
    # into the logs (SQLAlchemy puts the statement's parameters there otherwise).
    engine = sa.create_engine(
        url, future=True, pool_pre_ping=path is None, hide_parameters=True, **options
    )
    tune_sqlite(engine)
    return engine


def make_session_factory(engine: Engine) -> sessionmaker:
    """A session factory bound to the engine (2.0 style, no autoflush surprises)."""
    return sessionmaker(bind=engine, future=True, expire_on_commit=False)


@contextmanager
def transaction(factory: sessionmaker) -> Iterator[Session]:
    """One unit of work: commit on success, roll back on any error."""
    with factory() as session, session.begin():
        yield session


@contextmanager
def scratch_database(admin_url: str, prefix: str) -> Iterator[str]:
    """A new, empty PostgreSQL database on the server of `admin_url` (its URL), dropped
    afterwards with any connection still open to it: for the tests and the benchmarks."""
    name = f"{prefix}_{uuid.uuid4().hex[:10]}"
    admin = make_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(admin_url).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(
                sa.text(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = :n"
                ),
                {"n": name},
            )
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}"'))
        admin.dispose()
