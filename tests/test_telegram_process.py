"""`complaintbot run` as a user starts it, with Telegram pointed at the local fake Bot API."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from tests.fakes.telegram import FakeBotAPI, Updates
from tests.processes import free_port as _port

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
async def fake() -> AsyncIterator[FakeBotAPI]:
    api = FakeBotAPI()
    await api.start()
    yield api
    await api.stop()
    assert api.unknown == []


def _env(tmp_path: Path, fake: FakeBotAPI, token: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("COMPLAINTBOT_", "TELEGRAM_"))}
    env.update(
        COMPLAINTBOT_CONFIG=str(ROOT / "config.yml"),
        DATABASE_URL=f"sqlite:///{tmp_path / 'run.db'}",
        COMPLAINTBOT_HTTP_PORT=str(_port()),
        TELEGRAM_BOT_TOKEN=token,
        TELEGRAM_API_BASE_URL=fake.url,
    )
    return env


def _start(env: dict[str, str]) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "bot", "run"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )


async def _read_until(process: subprocess.Popen[str], marker: str, seconds: float) -> str:
    """What the process wrote up to the line with `marker` (or until it ended or `seconds`
    passed). Read in a thread, so the fake Bot API in this loop keeps answering."""
    seen = ""
    deadline = time.monotonic() + seconds
    assert process.stderr is not None
    while marker not in seen and time.monotonic() < deadline:
        line = await asyncio.to_thread(process.stderr.readline)
        if not line:
            break
        seen += line
    return seen


async def test_run_serves_telegram_by_long_polling_end_to_end(model_path, fake, tmp_path) -> None:
    process = _start(_env(tmp_path, fake, fake.token))
    try:
        started = await _read_until(process, "long polling", 120)
        assert "• Telegram: @example_complaints_bot, long polling" in started, started
        chat = 800_000_000 + uuid.uuid4().int % 1_000_000
        updates = Updates(chat, "en")
        fake.queue_update(updates.message("my kettle started sparking and smoking"))
        await fake.wait_for(lambda: len(fake.sent(chat)) == 1, timeout=30)
        assert "Your safety comes first" in fake.texts(chat)[0]
        assert fake.sent(chat)[0].params["parse_mode"] == "HTML"
    finally:
        process.send_signal(signal.SIGINT)
        _, rest = await asyncio.to_thread(process.communicate, None, 30)
    assert process.returncode == 0, rest  # stopped cleanly: polling, dispatcher, server
    assert "Traceback" not in rest and '"level": "error"' not in rest


async def test_a_wrong_token_stops_run_with_one_line(model_path, fake, tmp_path) -> None:
    process = _start(_env(tmp_path, fake, "999:not-the-token"))
    _, stderr = await asyncio.to_thread(process.communicate, None, 120)
    assert process.returncode == 2, stderr
    refusals = [line for line in stderr.splitlines() if line.startswith("✗")]
    assert refusals == [
        "✗ TELEGRAM_BOT_TOKEN was refused by Telegram (getMe): copy the token again from "
        "@BotFather (/mybots → API Token)"
    ], stderr
    assert "Traceback" not in stderr
