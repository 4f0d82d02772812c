"""Nobody let in: the REST route's token, web sessions the server minted, forwarded headers
only from trusted proxies, the /status limit shared through Redis, /metrics, and a
complaint's owner being a channel and a user id together."""

from __future__ import annotations

import ipaddress
import os
import re
import secrets
import socket
import uuid
from collections.abc import AsyncIterator, Callable
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa
import yaml
from aiohttp import ClientSession
from aiohttp.test_utils import TestServer, make_mocked_request
from redis import asyncio as aioredis

from bot.channels.web import COOKIE, SECURE_COOKIE, Attempts, RedisAttempts, WebChannel
from bot.errors import ConfigError
from bot.server.app import Server
from bot.server.clients import Proxies, is_local
from bot.settings import load_settings
from bot.wiring import build_server, prepare_database, waiting_notices
from handlers import inquiries
from handlers.identity import Identity
from handlers.intake import ComplaintDetails, file_complaint
from handlers.references import parse_reference
from storage import repositories as repo
from storage import web_sessions
from storage.db import transaction
from storage.models import WebSession
from storage.types import utcnow
from tests.helpers import Chat

ROOT = Path(__file__).resolve().parent.parent
REDIS_URL = os.environ.get("COMPLAINTBOT_TEST_REDIS", "redis://127.0.0.1:6379/0")
IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}
LOCAL_PROXY = Proxies((ipaddress.ip_network("127.0.0.1/32"),))
DETAILS = ComplaintDetails(
    "the door cracked", "Washing machine", "Refund", "yesterday", None, "Alice Kim", "a@b.cd"
)


@pytest.fixture
async def http() -> AsyncIterator[ClientSession]:
    async with ClientSession() as session:
        yield session


@pytest.fixture
async def serve() -> AsyncIterator[Callable]:
    servers: list[TestServer] = []

    async def start(server: Server) -> str:
        test_server = TestServer(server.app(), host="127.0.0.1", port=0)
        await test_server.start_server()
        servers.append(test_server)
        return str(test_server.make_url("")).rstrip("/")

    yield start
    for server in servers:
        await server.close()


def wired(desk, **changes) -> Server:
    """The server as `run` wires it, without its background jobs (the sweep, the outbox)."""
    settings, database, dialogue = desk
    server = build_server(replace(settings, **changes), database, dialogue)
    server.starting.clear()
    server.stopping.clear()
    return server


# --- the REST route (defect 4) ---------------------------------------------------------


async def test_with_a_token_set_rest_needs_it_on_loopback_too(desk, serve, http) -> None:
    # the README's deployment: 127.0.0.1 behind a TLS proxy, which makes the route public
    base = await serve(wired(desk, api_token="s3cret", http_host="127.0.0.1"))
    victim = f"victim-{uuid.uuid4().hex[:8]}"
    reference = file_complaint(
        desk[1].factory,
        desk[0].policy,
        identity=Identity("rest", victim),
        language="en",
        details=DETAILS,
    ).reference
    spoofed = {"sender": victim, "message": "show my complaints"}
    async with http.post(f"{base}/webhooks/rest/webhook", json=spoofed) as r:
        assert r.status == 401
        body = await r.text()
    assert "API token" in (await r.json())["error"] and reference not in body
    wrong = {"Authorization": "Bearer s3cre"}
    async with http.post(f"{base}/webhooks/rest/webhook", json=spoofed, headers=wrong) as r:
        assert r.status == 401
    right = {"Authorization": "Bearer s3cret"}
    async with http.post(f"{base}/webhooks/rest/webhook", json=spoofed, headers=right) as r:
        assert r.status == 200
        assert reference in await r.text()  # the trusted backend vouches for its sender
    async with http.post(f"{base}/webhooks/rest/webhook?token=s3cret", json=spoofed) as r:
        assert r.status == 200


async def test_without_a_token_rest_answers_only_this_machine(desk, serve, http) -> None:
    base = await serve(wired(desk, api_token=None))
    body = {"sender": uuid.uuid4().hex, "message": "hello"}
    async with http.post(f"{base}/webhooks/rest/webhook", json=body) as r:
        assert r.status == 200  # `complaintbot run` with no token, curl on the same machine
    proxied = {"X-Forwarded-For": "203.0.113.9", "X-Forwarded-Proto": "https"}
    async with http.post(f"{base}/webhooks/rest/webhook", json=body, headers=proxied) as r:
        assert r.status == 403  # through a proxy on this machine: someone anywhere
        assert "COMPLAINTBOT_API_TOKEN" in (await r.json())["error"]


def test_a_request_is_local_only_from_loopback_and_not_through_a_proxy() -> None:
    def local(remote: str, **headers: str) -> bool:
        return is_local(make_mocked_request("GET", "/", headers=headers).clone(remote=remote))

    assert local("127.0.0.1") and local("::1") and local("::ffff:127.0.0.1")
    assert not local("10.0.0.5")
    assert not local("127.0.0.1", **{"X-Forwarded-For": "127.0.0.1"})
    assert not local("127.0.0.1", Forwarded="for=203.0.113.9")


# --- /metrics (defect 10) --------------------------------------------------------------


async def test_metrics_take_the_token_when_one_is_set(desk, serve, http) -> None:
    base = await serve(wired(desk, api_token="s3cret"))
    async with http.get(f"{base}/metrics") as r:
        assert r.status == 401
    async with http.get(f"{base}/metrics", headers={"Authorization": "Bearer s3cret"}) as r:
        assert r.status == 200 and "complaintbot_" in await r.text()


async def test_metrics_without_a_token_answer_this_machine_only(desk, serve, http) -> None:
    base = await serve(wired(desk, api_token=None))
    async with http.get(f"{base}/metrics") as r:
        assert r.status == 200  # a Prometheus on this machine
    async with http.get(f"{base}/metrics", headers={"X-Forwarded-For": "203.0.113.9"}) as r:
        assert r.status == 403


# --- web sessions (defect 5) -----------------------------------------------------------


@pytest.fixture
async def site(desk, serve) -> Callable:
    async def start(*, attempts=None, proxies: Proxies | None = None) -> str:
        settings, database, dialogue = desk
        server = Server(dialogue, database.engine, api_token=None)
        server.mount(
            WebChannel(
                dialogue,
                database.factory,
                settings.policy,
                notices=waiting_notices(database),
                attempts=attempts,
                proxies=proxies,
            )
        )
        return await serve(server)

    return start


async def post(
    http: ClientSession, base: str, text: str, cookie: tuple[str, str] | None = None, **headers
) -> tuple[dict[str, str], list[dict]]:
    """One chat message with an explicit cookie (none kept between calls): the cookies set
    in the answer, and the replies."""
    if cookie is not None:
        headers["Cookie"] = f"{cookie[0]}={cookie[1]}"
    async with http.post(
        f"{base}/web/messages", json={"message": text}, headers={"Origin": base, **headers}
    ) as r:
        assert r.status == 200, await r.text()
        return {k: v.value for k, v in r.cookies.items()}, (await r.json())["messages"]


async def history(http: ClientSession, base: str, cookie: tuple[str, str], **headers) -> tuple:
    headers["Cookie"] = f"{cookie[0]}={cookie[1]}"
    async with http.get(f"{base}/web/history", headers=headers) as r:
        return r.cookies, (await r.json())["messages"]


async def test_a_key_the_server_never_issued_is_replaced_not_adopted(desk, site, http) -> None:
    base = await site()
    # the attacker plants a key of their own choosing in the victim's browser
    planted = secrets.token_hex(16)
    set_cookies, _ = await post(http, base, "my kettle leaks everywhere", (COOKIE, planted))
    fresh = set_cookies.get(COOKIE)
    assert fresh and fresh != planted and re.fullmatch(r"[0-9a-f]{32}", fresh)
    # the planted key opens nothing the victim said, and is cleared
    cleared, said = await history(http, base, (COOKIE, planted))
    assert said == [] and cleared[COOKIE].value == ""
    assert await desk[2].agent.tracker_store.retrieve(f"web:{WebChannel.user_id(planted)}") is None
    _, own = await history(http, base, (COOKIE, fresh))
    assert [m["text"] for m in own if m["from"] == "you"] == ["my kettle leaks everywhere"]
    # the server keeps only the key's SHA-256: a copy of the table gives no cookie
    with transaction(desk[1].factory) as session:
        kept = session.execute(sa.select(WebSession.key_hash)).scalars().all()
    assert web_sessions.key_hash(fresh) in kept
    assert not any(fresh in value for value in kept)


async def test_over_https_only_the_host_cookie_counts(desk, site, http) -> None:
    base = await site(proxies=LOCAL_PROXY)
    minted, _ = await post(http, base, "hello")  # plain HTTP: the plain name
    key = minted[COOKIE]
    https = {"X-Forwarded-Proto": "https"}  # nginx in front, terminating TLS
    # a plain-named cookie over HTTPS could have been set by any site on the domain
    replaced, _ = await post(http, base, "hello", (COOKIE, key), **https)
    assert COOKIE not in replaced and replaced[SECURE_COOKIE] != key
    host_key = replaced[SECURE_COOKIE]
    kept, _ = await post(http, base, "thanks", (SECURE_COOKIE, host_key), **https)
    assert kept == {}  # the session is kept, not minted again
    # and over plain HTTP the `__Host-` cookie cannot exist (it needs Secure)
    _, said = await history(http, base, (SECURE_COOKIE, host_key))
    assert said == []


async def test_an_idle_session_is_forgotten(desk, site, http) -> None:
    base = await site()
    minted, _ = await post(http, base, "hello")
    key = minted[COOKIE]
    kept, _ = await post(http, base, "hello again", (COOKIE, key))
    assert kept == {}
    idle = utcnow() - web_sessions.IDLE - timedelta(minutes=1)
    with transaction(desk[1].factory) as session:
        session.execute(
            sa.update(WebSession)
            .where(WebSession.key_hash == web_sessions.key_hash(key))
            .values(last_seen=idle)
        )
    replaced, _ = await post(http, base, "hello after a month", (COOKIE, key))
    assert replaced[COOKIE] != key


# --- forwarded headers and the /status limit (defect 10) -------------------------------


async def look_up(http: ClientSession, base: str, **headers: str) -> int:
    form = {"reference": "CMP-7K2Q-9XWW", "contact": "guess@example.com", "lang": "en"}
    async with http.post(f"{base}/status", data=form, headers=headers) as r:
        return r.status


async def test_forwarded_for_from_an_untrusted_peer_does_not_reset_the_limit(site, http) -> None:
    base = await site(attempts=Attempts(limit=3, window=600))  # no trusted proxies: the default
    codes = [await look_up(http, base, **{"X-Forwarded-For": f"198.51.100.{i}"}) for i in range(5)]
    assert codes == [200, 200, 200, 429, 429]


async def test_behind_a_trusted_proxy_clients_are_counted_apart(site, http) -> None:
    base = await site(attempts=Attempts(limit=2, window=600), proxies=LOCAL_PROXY)
    one = {"X-Forwarded-For": "198.51.100.1"}
    codes = [await look_up(http, base, **one) for _ in range(3)]
    assert codes == [200, 200, 429]
    assert await look_up(http, base, **{"X-Forwarded-For": "198.51.100.2"}) == 200
    # a client's own X-Forwarded-For, passed on by the proxy, is not believed
    spoofed = {"X-Forwarded-For": "203.0.113.50, 198.51.100.1"}
    assert await look_up(http, base, **spoofed) == 429


async def test_forwarded_host_from_an_untrusted_peer_is_not_the_site(site, http) -> None:
    base = await site()
    proxied = {"Origin": "https://evil.example", "X-Forwarded-Host": "evil.example"}
    async with http.post(f"{base}/web/messages", json={"message": "hi"}, headers=proxied) as r:
        assert r.status == 403


def test_trusted_proxies_come_from_config_and_a_bad_one_is_named(tmp_path: Path) -> None:
    config = yaml.safe_load((ROOT / "config.yml").read_text(encoding="utf-8"))
    path = tmp_path / "config.yml"
    assert load_settings({"COMPLAINTBOT_CONFIG": str(ROOT / "config.yml")}).trusted_proxies == ()
    config["http"]["trusted_proxies"] = ["127.0.0.1", "10.0.0.0/8", "::1"]
    path.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    settings = load_settings({"COMPLAINTBOT_CONFIG": str(path)})
    assert Proxies(settings.trusted_proxies).trusts("10.1.2.3")
    assert not Proxies(settings.trusted_proxies).trusts("192.0.2.1")
    config["http"]["trusted_proxies"] = ["127.0.0.1", "localhost"]
    path.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    with pytest.raises(ConfigError, match=r"http\.trusted_proxies\.1: 'localhost' is not an IP"):
        load_settings({"COMPLAINTBOT_CONFIG": str(path)})


async def _redis_or_skip() -> aioredis.Redis:
    client = aioredis.Redis.from_url(REDIS_URL)
    try:
        await client.ping()
    except Exception as exc:  # redis raises its own ConnectionError family
        await client.close(close_connection_pool=True)
        if IN_CI:
            pytest.fail(f"Redis is required in CI but unreachable at {REDIS_URL}: {exc}")
        pytest.skip(f"no Redis at {REDIS_URL}: {exc}")
    return client


async def test_with_redis_failures_are_shared_by_processes_and_kept_across_restarts(
    site, http
) -> None:
    client = await _redis_or_skip()
    prefix = f"complaintbot-test:{uuid.uuid4().hex}:"
    try:
        # two processes on one Redis, each with its own limiter
        first = await site(attempts=RedisAttempts(client, prefix=prefix, limit=3))
        second = await site(attempts=RedisAttempts(client, prefix=prefix, limit=3))
        assert [await look_up(http, first) for _ in range(2)] == [200, 200]
        assert await look_up(http, second) == 200
        assert await look_up(http, first) == 429 and await look_up(http, second) == 429
        # a restarted process finds the count where it was
        restarted = RedisAttempts(client, prefix=prefix, limit=3)
        assert 890 < await restarted.blocked_for("127.0.0.1") <= 900
        [key] = await client.keys(f"{prefix}*")
        assert 0 < await client.ttl(key) <= 900  # and Redis forgets it after the window
    finally:
        for key in await client.keys(f"{prefix}*"):
            await client.delete(key)
        await client.close(close_connection_pool=True)


async def test_redis_attempts_slide_with_the_window() -> None:
    client = await _redis_or_skip()
    prefix = f"complaintbot-test:{uuid.uuid4().hex}:"
    try:
        attempts = RedisAttempts(client, prefix=prefix, limit=2, window=60)
        await attempts.failed("a", now=1000)
        await attempts.failed("a", now=1010)
        assert await attempts.blocked_for("a", now=1020) == pytest.approx(40)
        assert await attempts.blocked_for("a", now=1061) == 0  # the first has expired
        assert await attempts.blocked_for("b", now=1020) == 0
    finally:
        for key in await client.keys(f"{prefix}*"):
            await client.delete(key)
        await client.close(close_connection_pool=True)


async def test_when_redis_is_down_failures_are_counted_in_the_process() -> None:
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    attempts = RedisAttempts.from_url(f"redis://127.0.0.1:{port}/0", limit=2)
    try:
        for _ in range(2):
            assert await attempts.blocked_for("198.51.100.7") == 0
            await attempts.failed("198.51.100.7")
        assert await attempts.blocked_for("198.51.100.7") > 0
    finally:
        await attempts.close()


# --- a complaint's owner is a channel and a user id (item 20) --------------------------


@pytest.mark.parametrize(
    ("owner", "other"),
    [("rest", "telegram"), ("telegram", "rest"), ("rest", "console"), ("web", "rest")],
)
def test_the_same_user_id_on_another_channel_owns_nothing(settings, owner, other) -> None:
    database = prepare_database(settings)
    user_id = uuid.uuid4().hex  # a web user id looks like this: REST could name it as sender
    reference = file_complaint(
        database.factory,
        settings.policy,
        identity=Identity(owner, user_id),
        language="en",
        details=DETAILS,
    ).reference
    mine, theirs = Identity(owner, user_id), Identity(other, user_id)
    parsed = parse_reference(reference)
    assert inquiries.lookup(database.factory, identity=mine, parsed=parsed).outcome == "found"
    assert inquiries.lookup(database.factory, identity=theirs, parsed=parsed).outcome == (
        "not_found"
    )
    assert [s.reference for s in inquiries.list_own(database.factory, identity=mine)] == [reference]
    assert inquiries.list_own(database.factory, identity=theirs) == []
    assert inquiries.withdrawable(database.factory, identity=theirs) == []
    assert inquiries.request_human(database.factory, identity=theirs) is None
    assert inquiries.withdraw(database.factory, identity=theirs, reference=reference) == "not_found"
    with transaction(database.factory) as session:
        assert repo.get_by_reference(session, reference=reference).status == "received"
        assert repo.list_for_identity(session, channel=other, user_id=user_id) == []
    database.engine.dispose()


async def test_a_telegram_chat_does_not_see_a_rest_senders_complaints(desk) -> None:
    user_id = str(uuid.uuid4().int % 10**9)  # a Telegram chat id, sent as a REST sender
    reference = file_complaint(
        desk[1].factory,
        desk[0].policy,
        identity=Identity("rest", user_id),
        language="en",
        details=DETAILS,
    ).reference
    owner, stranger = (
        Chat(desk[2], Identity("rest", user_id)),
        Chat(desk[2], Identity("telegram", user_id)),
    )
    await owner.say("show my complaints")
    assert reference in owner.text
    await stranger.say("show my complaints")
    assert reference not in stranger.text
    await stranger.say(f"what is the status of {reference}?")
    assert "can't find a complaint" in stranger.text  # as for a reference that does not exist
