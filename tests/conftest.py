"""Shared fixtures: settings on a temporary database, PostgreSQL when present, one model."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from bot.logs import LIBRARY_WARNINGS, configure_logging, quiet_library_warnings

# The imports below load Rasa and TensorFlow, whose named warnings are not errors.
quiet_library_warnings()

# isort: split
import bot.runtime  # noqa: E402, F401  (before anything imports Rasa: see bot/runtime/preload.py)

# isort: split
import sqlalchemy as sa  # noqa: E402

from bot.settings import Settings, load_settings  # noqa: E402
from handlers.identity import Identity  # noqa: E402
from storage.db import make_engine, scratch_database  # noqa: E402
from tests.helpers import QUALITY_CHANNEL, Chat, in_slack  # noqa: E402

configure_logging("WARNING")


def pytest_configure(config: pytest.Config) -> None:
    """The named library warnings of bot/logs.py are not errors; every other one is."""
    for action, message, category, module in LIBRARY_WARNINGS:
        config.addinivalue_line(
            "filterwarnings",
            f"{action}:{message}:{category.__module__}.{category.__name__}:{module}",
        )


ROOT = Path(__file__).resolve().parent.parent
POSTGRES_ADMIN_URL = os.environ.get(
    "COMPLAINTBOT_TEST_POSTGRES", "postgresql+psycopg2://postgres@127.0.0.1:5432/postgres"
)
IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}


@pytest.fixture(scope="session")
def base_settings() -> Settings:
    """The project's config.yml, as a user would run it."""
    return load_settings({"COMPLAINTBOT_CONFIG": str(ROOT / "config.yml")})


def _postgres_available() -> str | None:
    try:
        engine = make_engine(POSTGRES_ADMIN_URL, isolation_level="AUTOCOMMIT")
        with engine.connect() as conn:
            conn.execute(sa.text("SELECT 1"))
        engine.dispose()
        return None
    except sa.exc.OperationalError as exc:
        return str(exc).splitlines()[0]


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[str]:
    """A fresh PostgreSQL database for this test session (skipped off CI when no server)."""
    problem = _postgres_available()
    if problem:
        if IN_CI:
            pytest.fail(f"PostgreSQL is required in CI but unreachable: {problem}")
        pytest.skip(f"no PostgreSQL server at {POSTGRES_ADMIN_URL}: {problem}")
    with scratch_database(POSTGRES_ADMIN_URL, "complaintbot_test") as url:
        yield url


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """Each storage test runs on SQLite and on PostgreSQL."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'test.db'}"
        return
    yield request.getfixturevalue("postgres_database")


@pytest.fixture
def postgres_database(postgres_server: str) -> Iterator[str]:
    """The session's PostgreSQL database for one test, emptied after it."""
    yield postgres_server
    engine = make_engine(postgres_server)
    with engine.begin() as conn:  # every table, so a new migration's tables go too
        tables = sa.inspect(conn).get_table_names()
        for table in tables:
            conn.execute(sa.text(f'DROP TABLE IF EXISTS "{table}" CASCADE'))
    engine.dispose()


@pytest.fixture
def settings(base_settings: Settings, database_url: str) -> Settings:
    """Project settings pointed at the test database."""
    return replace(base_settings, database_url=database_url)


@pytest.fixture
def staffed(settings: Settings) -> Settings:
    """The settings with every member of staff in Slack."""
    return in_slack(settings)


@pytest.fixture
def slack_settings(settings: Settings) -> Settings:
    """Staff in Slack, and the product-quality team's channel (its cards posted there)."""
    return in_slack(settings, team_channels=QUALITY_CHANNEL)


@pytest.fixture(scope="session")
def model_path(base_settings: Settings) -> Path:
    """The trained model, trained once (or reused when up to date)."""
    from bot.training import train

    path, _ = train(base_settings.model_project, base_settings.model_directory)
    return path


@pytest.fixture(scope="session")
def desk(base_settings: Settings, model_path: Path, tmp_path_factory: pytest.TempPathFactory):
    """The whole desk (database, agent, in-process actions) on a session-wide SQLite file."""
    from bot.wiring import build_dialogue, prepare_database

    url = f"sqlite:///{tmp_path_factory.mktemp('desk') / 'desk.db'}"
    settings = replace(base_settings, database_url=url)
    database = prepare_database(settings)
    dialogue = build_dialogue(settings, database, model_path)
    return settings, database, dialogue


@pytest.fixture
def chat(desk) -> Chat:
    """A new customer on the REST channel."""
    return Chat(desk[2], Identity("rest", uuid.uuid4().hex[:12]))


@pytest.fixture
def new_chat(desk):
    """A factory of further customers (for "someone else asks" tests)."""
    return lambda channel="rest": Chat(desk[2], Identity(channel, uuid.uuid4().hex[:12]))
