"""Shared by the hostile-input tests: the whole desk served with every channel (REST, web,
API, Telegram webhook and Slack against their local fakes), and raw HTTP for requests a
client library would refuse to send (header bytes that are not UTF-8)."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import pytest
from aiohttp.test_utils import TestServer

from bot.settings import Settings, SlackSettings, TelegramSettings
from storage.db import scratch_database
from tests.conftest import POSTGRES_ADMIN_URL
from tests.fakes.slack import FakeSlackAPI
from tests.fakes.telegram import FakeBotAPI

API_TOKEN = "hostile-test-token"
TELEGRAM_SECRET = "hostile_secret-1"
SLACK_SECRET = "0123456789abcdef0123456789abcdef"


@dataclass
class Desk:
    """A served desk: its base URL, settings, database, dialogue and the fakes."""

    url: str
    settings: Settings
    database: Any
    dialogue: Any
    bot_api: FakeBotAPI
    slack_api: FakeSlackAPI
    routes: list[tuple[str, str]]  # (method, path) of every route served


@contextlib.asynccontextmanager
async def database(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> AsyncIterator[str]:
    """A database of its own for a module's desk: SQLite, or (`request.param`) PostgreSQL
    in a scratch database on the test server (skipped as conftest says when there is none)."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path_factory.mktemp('hostile') / 'desk.db'}"
        return
    request.getfixturevalue("postgres_server")
    with scratch_database(POSTGRES_ADMIN_URL, "complaintbot_hostile") as url:
        yield url


@contextlib.asynccontextmanager
async def served_desk(base: Settings, database_url: str, model: Path) -> AsyncIterator[Desk]:
    """The desk on `database_url` with every channel mounted, on a real port."""
    from bot.wiring import build_dialogue, build_server, prepare_database

    bot_api, slack_api = FakeBotAPI(), FakeSlackAPI()
    await bot_api.start()
    await slack_api.start()
    settings = replace(
        base,
        database_url=database_url,
        api_token=API_TOKEN,
        telegram=TelegramSettings(
            bot_api.token, "http://127.0.0.1:9/telegram/webhook", TELEGRAM_SECRET, bot_api.url
        ),
        slack=SlackSettings(slack_api.token, SLACK_SECRET, None, slack_api.url),
    )
    database = prepare_database(settings)
    dialogue = build_dialogue(settings, database, model)
    app = build_server(settings, database, dialogue).app()
    routes = [(route.method, route.resource.canonical) for route in app.router.routes()]
    server = TestServer(app, host="127.0.0.1", port=0)
    await server.start_server()
    try:
        yield Desk(
            str(server.make_url("")).rstrip("/"),
            settings,
            database,
            dialogue,
            bot_api,
            slack_api,
            routes,
        )
    finally:
        await server.close()
        await slack_api.stop()
        await bot_api.stop()
        database.engine.dispose()


async def raw_request(url: str, head: bytes, body: bytes = b"") -> int:
    """Send bytes as they are (`head`: the request line and headers, without the blank line)
    and return the status of the answer."""
    host, port = url.removeprefix("http://").split(":")
    reader, writer = await asyncio.open_connection(host, int(port))
    try:
        writer.write(
            head + b"\r\nContent-Length: %d\r\nConnection: close\r\n\r\n" % len(body) + body
        )
        await writer.drain()
        status_line = await reader.readline()
        return int(status_line.split()[1])
    finally:
        writer.close()
        with contextlib.suppress(ConnectionError):
            await writer.wait_closed()
