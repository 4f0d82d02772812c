"""Faults in the database under `complaintbot run`, as a customer meets them over REST.

A store error fails the turn: the customer is asked politely to send it again (503 on
REST, never 500), nothing half-done is kept, and filing is idempotent, so the message sent
again files one complaint. The process runs as a user starts it; PostgreSQL goes away
through a fault-injecting proxy (tests/faultproxy.py), never by stopping the server.
"""

from __future__ import annotations

import asyncio
import random
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

import pytest
import sqlalchemy as sa
from aiohttp import ClientSession, ClientTimeout, CookieJar
from sqlalchemy.engine import make_url

from handlers.identity import Identity
from handlers.references import new_reference
from storage.db import make_engine, scratch_database
from tests.conftest import POSTGRES_ADMIN_URL
from tests.faultproxy import FaultProxy
from tests.helpers import REFERENCE
from tests.processes import free_port as _port
from tests.processes import run_environment
from tests.test_slack import slack  # noqa: F401  (the desk with Slack at a local fake)

ROOT = Path(__file__).resolve().parent.parent
SORRY = "please send your last message again"
STEPS = ("my washing machine arrived with a cracked door", "Replacement", "yesterday", "Jane Smith")


@dataclass
class Desk:
    """`complaintbot run` in a process of its own, and its REST route."""

    process: subprocess.Popen[bytes]
    url: str
    log: Path

    def alive(self) -> bool:
        return self.process.poll() is None


@pytest.fixture
async def run_desk(tmp_path: Path) -> AsyncIterator:
    """Starts `complaintbot run` on a database URL; stopped (and checked) after the test."""
    started: list[Desk] = []

    async def start(database_url: str, **environment: str) -> Desk:
        port = _port()
        env = run_environment(database_url, port, **environment)
        log = tmp_path / f"run-{len(started)}.log"
        with log.open("wb") as out:
            process = subprocess.Popen(
                [sys.executable, "-m", "bot", "run"],
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=out,
            )
        desk = Desk(process, f"http://127.0.0.1:{port}/webhooks/rest/webhook", log)
        started.append(desk)
        deadline = time.monotonic() + 120
        async with ClientSession(timeout=ClientTimeout(total=5)) as http:
            while True:
                assert desk.alive(), log.read_text(errors="replace")[-3000:]
                assert time.monotonic() < deadline, "the desk did not start in 120 s"
                try:
                    async with http.get(f"http://127.0.0.1:{port}/healthz") as r:
                        if r.status == 200:
                            return desk
                except OSError:
                    pass
                await asyncio.sleep(0.2)

    yield start
    for desk in started:
        if desk.alive():
            desk.process.send_signal(signal.SIGINT)
            try:
                await asyncio.to_thread(desk.process.wait, 30)
            except subprocess.TimeoutExpired:
                desk.process.kill()
                await asyncio.to_thread(desk.process.wait)


@pytest.fixture
def scratch_postgres(postgres_server: str) -> Iterator[str]:
    """A PostgreSQL database of this test's own (`postgres_server` skips off CI without one)."""
    with scratch_database(POSTGRES_ADMIN_URL, "complaintbot_fault") as url:
        yield url


@dataclass
class Customer:
    """A REST customer who files a complaint and sends a message again when asked to."""

    http: ClientSession
    url: str
    n: int
    sender: str = field(default_factory=lambda: f"fault-{uuid.uuid4().hex[:10]}")
    answers: list[tuple[int, str]] = field(default_factory=list)

    @property
    def contact(self) -> str:
        return f"jane.{self.n}@example.com"

    async def send(self, text: str) -> tuple[int, str]:
        async with self.http.post(self.url, json={"sender": self.sender, "message": text}) as r:
            status = r.status
            body = await r.json(content_type=None)
        said = "\n".join(m.get("text", "") for m in body) if isinstance(body, list) else str(body)
        self.answers.append((status, said))
        return status, said

    async def until_answered(self, text: str, *, pause: float, deadline: float) -> str:
        """Send the message, and again after each "please try again", until it is answered."""
        while True:
            status, said = await self.send(text)
            if status == 200:
                return said
            assert status == 503 and SORRY in said, (status, said)
            assert time.monotonic() < deadline, "the desk did not come back"
            await asyncio.sleep(pause)

    async def file(self, *, pause: float, deadline: float) -> str:
        """The whole complaint, paced like a person; the reference the customer was shown."""
        for text in STEPS:
            await self.until_answered(text, pause=pause, deadline=deadline)
            await asyncio.sleep(pause * random.uniform(0.5, 1.5))
        readback = await self.until_answered(self.contact, pause=pause, deadline=deadline)
        assert "Please check your complaint" in readback, readback
        filed = await self.until_answered("yes", pause=pause, deadline=deadline)
        match = REFERENCE.search(filed)
        assert match, filed
        return match.group(0)


def _stored(database_url: str, sender: str) -> list[tuple[str, str, str, str]]:
    engine = make_engine(database_url)
    try:
        with engine.connect() as connection:
            rows = connection.execute(
                sa.text(
                    "SELECT reference, product, customer_name, contact FROM complaints "
                    "WHERE channel = 'rest' AND user_id = :sender"
                ),
                {"sender": sender},
            ).all()
    finally:
        engine.dispose()
    return [tuple(row) for row in rows]


def _redis_or_skip() -> str:
    from tests.test_lock_store import REDIS_URL, _redis_or_skip

    _redis_or_skip()
    return REDIS_URL


@pytest.mark.postgres
@pytest.mark.parametrize("locks", ["in-process", "redis"])
async def test_postgresql_away_mid_traffic_gets_polite_answers_and_loses_nothing(
    scratch_postgres: str, run_desk, locks: str
) -> None:
    # With Redis the conversations are not cached: every turn reads the store.
    redis = {"REDIS_URL": _redis_or_skip()} if locks == "redis" else {}
    url = make_url(scratch_postgres)
    proxy = await FaultProxy(url.host or "127.0.0.1", url.port or 5432).start()
    through_proxy = url.set(host="127.0.0.1", port=proxy.port).render_as_string(hide_password=False)
    try:
        desk = await run_desk(through_proxy, **redis)
        async with ClientSession(timeout=ClientTimeout(total=30)) as http:
            customers = [Customer(http, desk.url, n) for n in range(8)]
            deadline = time.monotonic() + 90

            async def one(customer: Customer) -> str:
                await asyncio.sleep(customer.n * 0.25)  # some start during the outage
                return await customer.file(pause=0.3, deadline=deadline)

            async def outage() -> None:
                await asyncio.sleep(1.0)  # every customer is mid-form by now
                proxy.cut()
                await asyncio.sleep(3.0)
                proxy.restore()

            *references, _ = await asyncio.gather(*(one(c) for c in customers), outage())
        assert desk.alive()
    finally:
        await proxy.stop()
    statuses = [status for c in customers for status, _ in c.answers]
    assert proxy.cuts and statuses.count(503) > 0  # the outage was met, politely
    assert set(statuses) <= {200, 503}
    for customer, reference in zip(customers, references, strict=True):
        # stored once, as confirmed, under the reference shown: no conversation restarted
        assert _stored(scratch_postgres, customer.sender) == [
            (reference, "washing machine", "Jane Smith", customer.contact)
        ]
    assert "SystemExit" not in desk.log.read_text(errors="replace")


FAIL_EVENTS = {
    "sqlite": [
        "CREATE TRIGGER events_fail BEFORE INSERT ON events "
        "BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END"
    ],
    "postgresql": [
        "CREATE FUNCTION events_fail() RETURNS trigger AS $$ "
        "BEGIN RAISE EXCEPTION 'could not extend file: No space left on device'; END $$ "
        "LANGUAGE plpgsql",
        "CREATE TRIGGER events_fail BEFORE INSERT ON events "
        "FOR EACH ROW EXECUTE FUNCTION events_fail()",
    ],
}
HEAL_EVENTS = {
    "sqlite": ["DROP TRIGGER events_fail"],
    "postgresql": ["DROP TRIGGER events_fail ON events", "DROP FUNCTION events_fail()"],
}


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def fault_database(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'fault.db'}"
    else:
        yield request.getfixturevalue("scratch_postgres")


async def test_a_conversation_store_failing_after_filing_files_one_complaint(
    fault_database: str, run_desk
) -> None:
    desk = await run_desk(fault_database)
    engine = make_engine(fault_database)
    backend = engine.dialect.name

    def store_fails(failing: bool) -> None:
        with engine.begin() as connection:
            for statement in (FAIL_EVENTS if failing else HEAL_EVENTS)[backend]:
                connection.execute(sa.text(statement))

    try:
        async with ClientSession(timeout=ClientTimeout(total=30)) as http:
            customer = Customer(http, desk.url, 1)
            for text in STEPS[:-1]:
                assert (await customer.send(text))[0] == 200
            # mid-form (the disk is full): the answer is not dropped silently
            store_fails(True)
            status, said = await customer.send("Jane Smith")
            assert (status, SORRY in said) == (503, True), said
            store_fails(False)
            status, said = await customer.send("Jane Smith")
            assert status == 200 and "e-mail" in said, said  # asked for the contact next
            status, said = await customer.send(customer.contact)
            assert status == 200 and "Please check your complaint" in said, said
            # right after filing: no reference is shown for a turn that was not saved
            store_fails(True)
            status, said = await customer.send("yes")
            assert (status, SORRY in said, REFERENCE.search(said)) == (503, True, None), said
            store_fails(False)
            status, said = await customer.send("yes")  # sent again, as asked
            assert status == 200 and REFERENCE.search(said), said
            reference = REFERENCE.search(said).group(0)  # type: ignore[union-attr]
            await customer.send("yes")  # and once more, for good measure
    finally:
        engine.dispose()
    assert desk.alive()
    assert _stored(fault_database, customer.sender) == [
        (reference, "washing machine", "Jane Smith", customer.contact)
    ]


@pytest.fixture
async def local_desk(base_settings, model_path, tmp_path) -> AsyncIterator[tuple]:
    """The desk in this process on a SQLite file (REST and the web page), for faults that
    need one table taken away."""
    from aiohttp.test_utils import TestServer

    from bot.wiring import build_dialogue, build_server, prepare_database

    settings = replace(base_settings, database_url=f"sqlite:///{tmp_path / 'local.db'}")
    database = prepare_database(settings)
    server = TestServer(
        build_server(settings, database, build_dialogue(settings, database, model_path)).app(),
        host="127.0.0.1",
        port=0,
    )
    await server.start_server()
    try:
        yield database, str(server.make_url("")).rstrip("/")
    finally:
        await server.close()


def _away(database, table: str, gone: bool) -> None:
    """A table taken away (renamed) or given back: its queries fail as on a broken disk."""
    old, new = (table, f"{table}_away") if gone else (f"{table}_away", table)
    with database.engine.begin() as connection:
        connection.execute(sa.text(f"ALTER TABLE {old} RENAME TO {new}"))


async def test_notices_failing_after_a_saved_turn_never_ask_to_send_it_again(local_desk) -> None:
    database, base = local_desk
    async with ClientSession(timeout=ClientTimeout(total=30)) as http:
        customer = Customer(http, f"{base}/webhooks/rest/webhook", 1)
        assert (await customer.send(STEPS[0]))[0] == 200
        _away(database, "outbox", True)  # the staff notices cannot be read
        try:
            status, said = await customer.send(STEPS[1])
        finally:
            _away(database, "outbox", False)
        # the turn was saved: answered as usual, so the customer does not send it twice
        assert status == 200 and SORRY not in said and "When did" in said, said
        status, said = await customer.send(STEPS[2])
        assert status == 200 and "name" in said, said


async def test_database_errors_on_the_web_routes_get_the_polite_503(local_desk) -> None:
    database, base = local_desk
    async with ClientSession(cookie_jar=CookieJar(unsafe=True)) as browser:
        async with browser.post(
            f"{base}/web/messages", json={"message": "hello"}, headers={"Origin": base}
        ) as r:
            assert r.status == 200
        _away(database, "outbox", True)  # the notices shown in the history cannot be read
        try:
            async with browser.get(f"{base}/web/history") as r:
                assert r.status == 503, await r.text()
                assert SORRY in (await r.json())["messages"][0]["text"]
        finally:
            _away(database, "outbox", False)
        _away(database, "complaints", True)
        try:
            async with browser.post(
                f"{base}/status",
                data={"reference": new_reference(), "contact": "a@example.com"},
                headers={"Origin": base, "Accept": "text/html", "Accept-Language": "ko"},
            ) as r:
                assert r.status == 503
                assert "다시 보내 주세요" in await r.text()
        finally:
            _away(database, "complaints", False)


@pytest.mark.postgres
@pytest.mark.parametrize("cached", [False, True])
async def test_a_nul_in_a_conversation_id_is_our_error_never_an_exit(
    postgres_database: str, cached: bool
) -> None:
    from bot.runtime.tracker_store import ConversationStoreError, tracker_store_for

    from rasa.shared.core.domain import Domain

    store = tracker_store_for(make_engine(postgres_database), cached=cached)
    store.domain = Domain.from_path(ROOT / "nlu" / "domain.yml")
    sender = "rest:a\x00b"  # psycopg2 raises ValueError; Rasa's session scope exited on it
    with pytest.raises(ConversationStoreError):
        await store.retrieve(sender)
    with pytest.raises(ConversationStoreError):
        await store.save(store.init_tracker(sender))
    store.engine.dispose()


async def test_a_database_error_outside_a_telegram_turn_is_answered_politely(
    desk, tmp_path
) -> None:
    from aiohttp.test_utils import TestClient, TestServer

    from bot.channels.telegram import SECRET_HEADER, TelegramChannel
    from bot.server.app import Server
    from bot.settings import TelegramSettings
    from handlers.attachments import Limits
    from tests.fakes.telegram import FakeBotAPI, Updates

    fake = FakeBotAPI()
    await fake.start()
    settings = TelegramSettings(
        token=fake.token,
        webhook_url="http://127.0.0.1:9/telegram/webhook",
        webhook_secret="fault-secret",
        api_base_url=fake.url,
    )
    limits = Limits(tmp_path / "attachments", 2_000_000, ("image/jpeg",))
    server = Server(desk[2], desk[1].engine, api_token=None)
    server.mount(TelegramChannel(desk[2], desk[1].factory, settings, limits))
    client = TestClient(TestServer(server.app()))
    await client.start_server()
    chat = 700_000_000 + uuid.uuid4().int % 100_000_000
    updates = Updates(chat, "ko")
    try:
        fake.add_file("ph-fault", b"\xff\xd8jpeg-bytes")
        _away(desk[1], "attachments", True)  # the file cannot be kept
        try:
            response = await client.post(
                "/telegram/webhook",
                json=updates.photo("ph-fault", 12),
                headers={SECRET_HEADER: "fault-secret"},
            )
        finally:
            _away(desk[1], "attachments", False)
        assert response.status == 200
        assert "다시 보내 주세요" in fake.texts(chat)[-1]
    finally:
        await client.close()
        await fake.stop()


async def test_a_database_error_in_a_slack_command_is_answered_politely(slack) -> None:  # noqa: F811
    from tests.fakes.slack import SlackRequests
    from tests.test_slack import LEE, _file, _post

    settings, database, fake, _bot, url = slack
    reference = _file(settings, database)
    _away(database, "complaints", True)
    try:
        status, body = await _post(
            url, SlackRequests(fake=fake).slash_command(LEE, "/complaint", reference)
        )
    finally:
        _away(database, "complaints", False)
    assert status == 200 and "technical problem" in body and "nothing was changed" in body


def test_one_submission_filed_again_is_the_same_complaint(settings) -> None:
    from bot.wiring import prepare_database
    from handlers.intake import ComplaintDetails, file_complaint

    database = prepare_database(settings)
    details = ComplaintDetails(
        "The door cracked", "washing machine", "Replacement", "yesterday", None, "Jane Smith",
        "jane@example.com",
    )  # fmt: skip
    identity = Identity("rest", uuid.uuid4().hex[:10])

    def filed(submission: str):
        return file_complaint(
            database.factory,
            settings.policy,
            identity=identity,
            language="en",
            details=details,
            submission=submission,
        )

    first, again, other = filed("form-1"), filed("form-1"), filed("form-2")
    assert (first.again, again.again, other.again) == (False, True, False)
    assert again.reference == first.reference != other.reference
    assert {r for r, *_ in _stored(settings.database_url, identity.user_id)} == {
        first.reference,
        other.reference,
    }


async def test_a_failed_save_is_answered_in_the_conversations_language(local_desk) -> None:
    database, base = local_desk
    async with ClientSession(timeout=ClientTimeout(total=30)) as http:
        customer = Customer(http, f"{base}/webhooks/rest/webhook", 1)
        assert (await customer.send("세탁기 문이 깨져서 왔어요"))[0] == 200
        with database.engine.begin() as connection:
            for statement in FAIL_EVENTS["sqlite"]:
                connection.execute(sa.text(statement))
        # a number says nothing of the language: the conversation's is read back
        status, said = await customer.send("010-1234-5678")
    assert status == 503 and "다시 보내 주세요" in said, said
