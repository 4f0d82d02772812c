"""Every public route fuzzed with hostile bodies (hypothesis): NUL, unpaired surrogates,
direction marks, deep nesting, bodies over the limit, wrong types and random bytes. No
answer is a 500, and the desk keeps answering: in-process on SQLite and PostgreSQL, and as
a real `complaintbot run` process on PostgreSQL, which must never exit."""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import http.client
import json
import subprocess
import sys
import time
import uuid
from collections.abc import AsyncIterator, Callable
from typing import Any
from urllib.parse import quote_from_bytes, urlsplit

import pytest
from aiohttp import ClientSession, ClientTimeout
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.channels.telegram import SECRET_HEADER
from bot.server.http import MAX_BODY_BYTES
from storage.db import scratch_database
from tests.conftest import POSTGRES_ADMIN_URL
from tests.fakes.slack import FakeSlackAPI
from tests.fakes.telegram import FakeBotAPI
from tests.hostile import (
    API_TOKEN,
    SLACK_SECRET,
    TELEGRAM_SECRET,
    Desk,
    database,
    served_desk,
)
from tests.processes import free_port as _port
from tests.processes import run_environment

# Characters that broke something somewhere, mixed into ordinary text.
SPECIALS = [
    "\x00",
    "\ud800",
    "\udfff",
    "\ud83d",
    "\u202e",
    "\u200b",
    "\ufeff",
    "\r\n",
    "\x85",
    "😡",
    "𠜎",
    "CMP-",
    "/",
    "/affirm",
    "{",
    "\\",
    '"',
    "%00",
    "<img src=x onerror=alert(1)>",
    "<!channel>",
]
text = st.lists(st.one_of(st.text(max_size=10), st.sampled_from(SPECIALS)), max_size=6).map("".join)
scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), text, text)
values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(text, inner, max_size=3),
    max_leaves=10,
)


def _json(value: Any) -> bytes:
    return json.dumps(value).encode()  # surrogates travel as `\ud800`, as JSON spells them


def _form(fields: dict[str, str]) -> bytes:
    return "&".join(
        f"{key}={quote_from_bytes(value.encode('utf-8', 'surrogatepass'))}"
        for key, value in fields.items()
    ).encode()


class _Big(bytes):
    def __repr__(self) -> str:  # hypothesis prints failing examples
        return f"<{len(self):,} bytes>"


deep = st.integers(33, 100_000).map(lambda n: _Big(b"[" * n + b"]" * n))
huge = st.just(_Big(b'{"message": "' + b"x" * (MAX_BODY_BYTES + 1) + b'"}'))
noise = st.binary(max_size=400)


def bodies(*shapes: st.SearchStrategy[Any]) -> st.SearchStrategy[bytes]:
    """A route's hostile bodies: its own shapes with hostile values, any JSON, JSON nested
    too deep, a body over the limit, random bytes."""
    return st.one_of(*(shape.map(_json) for shape in shapes), values.map(_json), deep, huge, noise)


def _message(fields: st.SearchStrategy[Any]) -> st.SearchStrategy[dict[str, Any]]:
    chat = st.fixed_dictionaries(
        {"id": st.integers(1, 10**12) | values, "type": st.just("private") | values},
        optional={"first_name": fields},
    )
    return st.fixed_dictionaries(
        {"message_id": st.integers(1, 10**6), "date": st.integers(0, 2**31), "chat": chat},
        optional={"text": fields, "caption": fields, "from": values},
    )


def _update() -> st.SearchStrategy[dict[str, Any]]:
    field = text | values
    return st.fixed_dictionaries(
        {"update_id": st.integers(-5, 2**64) | values},
        optional={
            "message": _message(field) | values,
            "callback_query": st.fixed_dictionaries(
                {"id": text, "from": values, "chat_instance": text, "data": field}
            )
            | values,
        },
    )


def _slack(body: bytes) -> dict[str, str]:
    timestamp = str(int(time.time()))
    digest = hmac.new(
        SLACK_SECRET.encode(), f"v0:{timestamp}:".encode() + body, hashlib.sha256
    ).hexdigest()
    return {"X-Slack-Request-Timestamp": timestamp, "X-Slack-Signature": f"v0={digest}"}


JSON = "application/json"
# the REST channel needs the token wherever it listens once one is set (issue 18, defect 4)
BEARER = {"Authorization": f"Bearer {API_TOKEN}"}
FORM = "application/x-www-form-urlencoded"
POSTS: dict[str, tuple[st.SearchStrategy[bytes], dict[str, str]]] = {
    "/webhooks/rest/webhook": (
        bodies(
            st.fixed_dictionaries(
                {"sender": text | values, "message": text | values},
                optional={"metadata": values},
            )
        ),
        {"Authorization": f"Bearer {API_TOKEN}"},
    ),
    "/web/messages": (
        bodies(st.fixed_dictionaries({"message": text | values}, optional={"language": values})),
        {},
    ),
    "/model/parse": (
        bodies(st.fixed_dictionaries({"text": text | values})),
        {"Authorization": f"Bearer {API_TOKEN}"},
    ),
    "/telegram/webhook": (bodies(_update()), {SECRET_HEADER: TELEGRAM_SECRET}),
    "/slack/events": (
        bodies(
            st.fixed_dictionaries(
                {"type": st.sampled_from(["event_callback", "url_verification"]) | values},
                optional={"event": values, "event_id": text, "challenge": values},
            )
        ),
        {},
    ),
    "/status": (
        st.one_of(
            st.fixed_dictionaries({"reference": text, "contact": text}).map(_form),
            st.builds(lambda b: b"reference=" + b, noise),
            noise,
            huge,
        ),
        {},
    ),
}
GETS: dict[str, Callable[[str], str]] = {
    "/": lambda t: f"/?lang={t}",
    "/status": lambda t: f"/status?lang={t}",
    "/web/history": lambda t: "/web/history",
    "/web/notices": lambda t: "/web/notices",
    "/web/static/{name}": lambda t: f"/web/static/{t}",
    "/conversations/{sender_id}/tracker": lambda t: f"/conversations/rest:{t}/tracker",
    "/healthz": lambda t: f"/healthz?{t}",
    "/metrics": lambda t: f"/metrics?{t}",
    "/attachments/{attachment_id}": lambda t: f"/attachments/{t}?sig={t}",
}
FUZZ = settings(
    max_examples=20,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
header_text = st.text(st.characters(min_codepoint=0x20, max_codepoint=0x7E), max_size=40)


def _quoted(value: str) -> str:
    return quote_from_bytes(value.encode("utf-8", "surrogatepass"), safe="")


@pytest.fixture(
    scope="module", params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]
)
async def fuzzed(request, base_settings, model_path, tmp_path_factory) -> AsyncIterator[Desk]:
    """The whole desk; after the fuzz it must still answer a customer and be healthy."""
    async with (
        database(request, tmp_path_factory) as url,
        served_desk(base_settings, url, model_path) as desk,
    ):
        yield desk
        await _still_answers(desk.url)


async def _still_answers(base: str) -> None:
    async with ClientSession() as http:
        body = {"sender": uuid.uuid4().hex, "message": "my kettle leaks water"}
        async with http.post(
            f"{base}/webhooks/rest/webhook", json=body, headers=BEARER
        ) as response:
            assert response.status == 200
            assert "sorry" in (await response.text()).lower()
        async with http.get(f"{base}/healthz") as response:
            assert response.status == 200


def test_every_route_is_fuzzed(fuzzed) -> None:
    served = {(m, p) for m, p in fuzzed.routes if m != "HEAD"}
    fuzzed_routes = {("POST", p) for p in POSTS} | {("GET", p) for p in GETS}
    assert served == fuzzed_routes


def _send(method: str, url: str, body: bytes = b"", headers: dict[str, str] | None = None) -> int:
    """The status of one request sent as given (from a worker thread: hypothesis runs its
    examples synchronously, while the desk answers in the test's event loop)."""
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=60)
    try:
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        connection.request(method, path, body=body or None, headers=headers or {})
        response = connection.getresponse()
        response.read()
        return response.status
    finally:
        connection.close()


@pytest.mark.parametrize("route", sorted(POSTS))
async def test_hostile_posts_never_get_a_500(fuzzed, route) -> None:
    strategy, fixed = POSTS[route]

    @FUZZ
    @given(
        body=strategy,
        content_type=st.sampled_from([JSON, FORM, "text/plain", "multipart/form-data; boundary=x"]),
        signed=st.booleans(),
        agent=header_text,
    )
    def post(body: bytes, content_type: str, signed: bool, agent: str) -> None:
        headers = {**fixed, "Content-Type": content_type, "User-Agent": agent}
        if route == "/slack/events" and signed:
            headers.update(_slack(body))
        status = _send("POST", fuzzed.url + route, body, headers)
        assert status < 500, (route, body[:200], status)
        if len(body) > MAX_BODY_BYTES and route != "/status":  # a form reads only forms
            assert status in (413, 415)  # the chat takes only JSON

    await asyncio.to_thread(post)


@pytest.mark.parametrize("route", sorted(GETS))
async def test_hostile_gets_never_get_a_500(fuzzed, route) -> None:
    @FUZZ
    @given(value=text, language=header_text, cookie=header_text)
    def get(value: str, language: str, cookie: str) -> None:
        headers = {
            "Authorization": f"Bearer {API_TOKEN}",
            "Accept-Language": language,
            "Cookie": f"complaintbot_web={cookie.replace(';', '')}",
        }
        status = _send("GET", fuzzed.url + GETS[route](_quoted(value)), b"", headers)
        assert status < 500, (route, value, status)

    await asyncio.to_thread(get)


# -- a real process on PostgreSQL ---------------------------------------------------------


async def _healthy(base: str, process: subprocess.Popen, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    async with ClientSession(timeout=ClientTimeout(total=2)) as http:
        while time.monotonic() < deadline and process.poll() is None:
            try:
                async with http.get(f"{base}/healthz") as response:
                    if response.status == 200:
                        return True
            except OSError:
                pass
            await asyncio.sleep(0.3)
    return False


KILLERS: list[tuple[str, bytes, dict[str, str]]] = [
    # a NUL or a surrogate in an identity: this one ended the process on PostgreSQL
    ("/webhooks/rest/webhook", _json({"sender": "a\x00b", "message": "hi"}), BEARER),
    ("/webhooks/rest/webhook", _json({"sender": "a\ud800", "message": "hi"}), BEARER),
    ("/webhooks/rest/webhook", _json({"sender": "x", "message": '/\x00{"a\x00": 1}'}), BEARER),
    (
        "/webhooks/rest/webhook",
        _json({"sender": "x", "message": "hi", "metadata": {"\x00": "\x00"}}),
        BEARER,
    ),
    ("/webhooks/rest/webhook", b"[" * 100_000 + b"]" * 100_000, BEARER),
    ("/web/messages", _json({"message": "\x00\ud800"}), {}),
    ("/model/parse", _json({"text": "\x00\ud800"}), {"Authorization": f"Bearer {API_TOKEN}"}),
    (
        "/telegram/webhook",
        _json({"update_id": "x", "message": 5}),
        {SECRET_HEADER: TELEGRAM_SECRET},
    ),
    (
        "/telegram/webhook",
        _json(
            {
                "update_id": 1,
                "message": {
                    "message_id": 1,
                    "date": 1,
                    "chat": {"id": 5, "type": "private"},
                    "text": "\x00\ud800",
                },
            }
        ),
        {SECRET_HEADER: TELEGRAM_SECRET},
    ),
    ("/slack/events", b"[" * 100_000, {}),
    ("/status", b"reference=%00&contact=%00", {"Content-Type": FORM}),
]


@pytest.mark.postgres
async def test_a_real_process_on_postgresql_never_exits(
    postgres_server, model_path, tmp_path
) -> None:
    bot_api, slack_api = FakeBotAPI(), FakeSlackAPI()
    await bot_api.start()
    await slack_api.start()
    port = _port()
    base = f"http://127.0.0.1:{port}"
    log = tmp_path / "run.log"
    with scratch_database(POSTGRES_ADMIN_URL, "complaintbot_fuzz") as url:
        env = run_environment(
            url,
            port,
            COMPLAINTBOT_API_TOKEN=API_TOKEN,
            TELEGRAM_BOT_TOKEN=bot_api.token,
            TELEGRAM_API_BASE_URL=bot_api.url,
            TELEGRAM_WEBHOOK_URL=f"{base}/telegram/webhook",
            TELEGRAM_WEBHOOK_SECRET=TELEGRAM_SECRET,
            SLACK_BOT_TOKEN=slack_api.token,
            SLACK_SIGNING_SECRET=SLACK_SECRET,
            SLACK_API_BASE_URL=slack_api.url,
        )
        with log.open("w") as output:
            process = subprocess.Popen(
                [sys.executable, "-m", "bot", "run"],
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=output,
            )
        try:
            assert await _healthy(base, process, 120), log.read_text()[-3000:]
            statuses = [
                await asyncio.to_thread(
                    _send, "POST", base + route, body, {"Content-Type": JSON, **headers}
                )
                for route, body, headers in KILLERS
            ]
            assert all(status < 500 for status in statuses), statuses
            for route, (strategy, fixed) in POSTS.items():
                await asyncio.to_thread(_fuzz_process, base + route, strategy, fixed)
            assert process.poll() is None, log.read_text()[-3000:]
            assert await _healthy(base, process, 5)
            await _still_answers(base)
        finally:
            process.terminate()
            await asyncio.to_thread(process.wait, 30)
            await slack_api.stop()
            await bot_api.stop()
    assert "Exiting application" not in log.read_text()


def _fuzz_process(url: str, strategy: st.SearchStrategy[bytes], fixed: dict[str, str]) -> None:
    @settings(FUZZ, max_examples=10)
    @given(body=strategy)
    def post(body: bytes) -> None:
        status = _send("POST", url, body, {"Content-Type": JSON, **fixed})
        assert status < 500, (url, body[:200], status)

    post()
