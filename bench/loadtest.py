"""`make loadtest`: real `complaintbot run` processes driven by many customers at once.

Three set-ups, each on a database of its own: SQLite with one process (`sqlite`), and
PostgreSQL with Redis locks with one process (`pg1`) and with two (`pg2`, each customer's
messages dealt to the processes in turn). Customers talk over the REST route and the
Telegram webhook (the tests' fake Bot API, on loopback): each files a complaint through the
whole form and asks its status, pausing 0.5-2 s between messages as people do (a seeded
random generator). A saturated run follows: 50 REST conversations sending without pause.
Redis is the shared server: the lock store's key prefix is fixed (`complaintbot`), so every
conversation id carries this run's id instead, and nothing is flushed.

Then it checks what the customers saw against the database: every confirmed complaint
stored once, under the reference the customer was shown; every message answered; no
reply carrying another customer's reference or contact, and none addressed to another.
It prints turns/s, latency percentiles, errors, each process's start to its first answer
and peak memory, and the saturated turns/s; with two processes, their ratio to one.
It stops by itself, and stops its processes and drops its scratch database on Ctrl-C.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import random
import re
import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from collections import Counter
from collections.abc import Awaitable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from aiohttp import ClientSession, ClientTimeout, TCPConnector

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "var" / "loadtest"
SETUPS = ("sqlite", "pg1", "pg2")
# one process on PostgreSQL without Redis: the conversation cache on (not run by default)
EXTRA = ("pg1-cached",)
PG_ADMIN = os.environ.get(
    "COMPLAINTBOT_TEST_POSTGRES", "postgresql+psycopg2://postgres@127.0.0.1:5432/postgres"
)
REDIS = os.environ.get("COMPLAINTBOT_TEST_REDIS", "redis://127.0.0.1:6379/0")
API_TOKEN = "loadtest-token"
WEBHOOK_SECRET = "loadtest-secret"
REFERENCE = re.compile(r"CMP-[0-9A-Z]{4}-[0-9A-Z]{4}")
EMAIL = re.compile(r"lt\d+\.[0-9a-f]+@example\.com")
PHONE = re.compile(r"010-?2\d{3}-?\d{4}")
REPLY_TIMEOUT = 30.0  # a turn unanswered this long counts as unanswered
ARRIVALS = 10.0  # paced customers arrive over this many seconds
PAUSE = (0.5, 2.0)  # seconds between a customer's messages

# What customers type ({contact}, {phone} and {ref} are theirs). The confirming message is
# the one whose reply shows the reference; the last asks the status by it.
JOURNEYS: dict[str, list[str]] = {
    "en": [
        "hello",
        "my washing machine arrived with a cracked door and nobody answers the phone",
        "Replacement",
        "yesterday",
        "Jane Smith",
        "{contact}",
        "yes",
        "status of {ref}",
    ],
    # with a "no" at the read-back and a corrected contact, as tests/helpers.py FORM_JOURNEY
    "en-corrected": [
        "hello",
        "my washing machine arrived with a cracked door and nobody answers the phone",
        "Replacement",
        "yesterday",
        "Jane Smith",
        "{contact}",
        "no",
        "contact",
        "{phone}",
        "yes",
        "status of {ref}",
    ],
    "ko": [
        "안녕하세요",
        "지난주에 주문한 노트북이 아직도 안 왔어요",
        "환불",
        "김민지",
        "{phone}",
        "네",
        "{ref} 처리 상황 알려주세요",
    ],
}
CONFIRM = {"yes", "네"}


def say(text: str) -> None:
    """A progress line."""
    print(text, flush=True)


# -- the customers -------------------------------------------------------------------------


@dataclass
class Customer:
    """One person talking to the desk, and everything they saw."""

    number: int
    run: str
    channel: str  # rest or telegram
    journey: str
    chat_id: int
    replies: list[list[str]] = field(default_factory=list)  # per message sent
    shown: str | None = None  # the reference the filing reply gave
    confirmed: bool = False
    unanswered: int = 0
    errors: list[str] = field(default_factory=list)
    crossed: list[str] = field(default_factory=list)

    @property
    def sender(self) -> str:
        return f"lt-{self.run}-{self.number}"

    @property
    def user_id(self) -> str:
        return self.sender if self.channel == "rest" else str(self.chat_id)

    @property
    def language(self) -> str:
        return "ko" if self.journey == "ko" else "en"

    @property
    def email(self) -> str:
        return f"lt{self.number}.{self.run}@example.com"

    @property
    def phone(self) -> str:
        return f"010-{2000 + self.number // 10000:04d}-{self.number % 10000:04d}"

    def message(self, template: str) -> str:
        return template.format(contact=self.email, phone=self.phone, ref=self.shown or "")

    def expected_contact(self) -> str:
        """The contact the stored complaint must carry (the last one given)."""
        return self.email if self.journey == "en" else self.phone

    def read(self, text: str, confirming: bool) -> None:
        """Check one reply's content against this customer, and keep the reference shown."""
        references = set(REFERENCE.findall(text))
        if confirming and references:
            self.shown = sorted(references)[0]
        if references - ({self.shown} if self.shown else set()):
            self.crossed.append(f"reference {sorted(references)} not the customer's own")
        if any(e != self.email for e in EMAIL.findall(text)):
            self.crossed.append("another customer's e-mail address")
        own_digits = re.sub(r"\D", "", self.phone)
        if any(re.sub(r"\D", "", p) != own_digits for p in PHONE.findall(text)):
            self.crossed.append("another customer's phone number")


@dataclass
class Turn:
    """One message and how long its answer took."""

    channel: str
    seconds: float
    ok: bool


class Desk:
    """The processes under test, as the customers reach them."""

    def __init__(self, ports: list[int], http: ClientSession, bot_api: Any) -> None:
        self.ports = ports
        self.http = http
        self.bot_api = bot_api
        self._next = 0
        self.turns: list[Turn] = []
        self.finished = 0  # customers whose journey is over

    def _port(self) -> int:
        # round-robin per message: one conversation's turns go to every process in turn
        port = self.ports[self._next % len(self.ports)]
        self._next += 1
        return port

    async def send(self, customer: Customer, text: str) -> list[str] | None:
        """Send one message; its reply texts, or None if it went unanswered."""
        started = time.perf_counter()
        try:
            if customer.channel == "rest":
                texts = await self._rest(customer, text)
            else:
                texts = await self._telegram(customer, text)
        except (asyncio.TimeoutError, OSError, ValueError) as exc:
            customer.errors.append(type(exc).__name__)
            texts = None
        self.turns.append(Turn(customer.channel, time.perf_counter() - started, bool(texts)))
        return texts

    async def _rest(self, customer: Customer, text: str) -> list[str] | None:
        url = f"http://127.0.0.1:{self._port()}/webhooks/rest/webhook"
        async with self.http.post(
            url,
            json={"sender": customer.sender, "message": text},
            headers={"Authorization": f"Bearer {API_TOKEN}"},
        ) as response:
            if response.status != 200:
                customer.errors.append(f"HTTP {response.status}")
                return None
            replies = await response.json()
        for reply in replies:
            if reply.get("recipient_id") != customer.sender:
                customer.crossed.append("a REST reply addressed to another sender")
        return [str(r.get("text") or "") for r in replies if r.get("text")]

    async def _telegram(self, customer: Customer, text: str) -> list[str] | None:
        from bot.channels.telegram import SECRET_HEADER

        api = self.bot_api
        before = api.count(customer.chat_id)
        update = api.chat_updates(customer).message(text)
        url = f"http://127.0.0.1:{self._port()}/telegram/webhook"
        async with self.http.post(
            url, json=update, headers={SECRET_HEADER: WEBHOOK_SECRET}
        ) as response:
            if response.status != 200:
                customer.errors.append(f"HTTP {response.status}")
                return None
        # the reply is a sendMessage to the fake Bot API: after the POST returns, or later
        # if the route acknowledges before the turn is done
        if not await api.wait_beyond(customer.chat_id, before, REPLY_TIMEOUT):
            return None
        await asyncio.sleep(0)  # a second message of the same turn, if any, is sent now
        return api.texts_since(customer.chat_id, before)


async def converse(desk: Desk, customer: Customer, rng: random.Random | None, stop: float) -> None:
    """The customer's whole journey; `rng` paces it (None: no pauses), `stop` ends it early."""
    for template in JOURNEYS[customer.journey]:
        if time.monotonic() >= stop:
            return
        if "{ref}" in template and customer.shown is None:
            return  # nothing to ask about (the filing failed, counted already)
        confirming = template in CONFIRM
        texts = await desk.send(customer, customer.message(template))
        customer.replies.append(texts or [])
        if not texts:
            customer.unanswered += 1
        else:
            for text in texts:
                customer.read(text, confirming)
        if confirming and texts is not None:
            customer.confirmed = True
        if rng is not None:
            await asyncio.sleep(rng.uniform(*PAUSE))


# -- the fake Telegram -----------------------------------------------------------------------


def _bot_api() -> Any:
    """The tests' fake Bot API, told to wake the customer waiting for each reply."""
    from tests.fakes.telegram import FakeBotAPI, Updates

    class BotAPI(FakeBotAPI):
        def __init__(self) -> None:
            super().__init__()
            self._arrived: dict[str, asyncio.Event] = {}
            self._updates: dict[int, Updates] = {}

        async def _sendMessage(self, params: dict[str, Any]) -> Any:
            chat = str(params["chat_id"])
            # after the fake has recorded the call (it does so right after this returns)
            asyncio.get_running_loop().call_soon(self._event(chat).set)
            return await super()._sendMessage(params)

        def _event(self, chat: str) -> asyncio.Event:
            return self._arrived.setdefault(chat, asyncio.Event())

        def chat_updates(self, customer: Customer) -> Updates:
            if customer.chat_id not in self._updates:
                self._updates[customer.chat_id] = Updates(customer.chat_id, customer.language)
            return self._updates[customer.chat_id]

        def count(self, chat_id: int) -> int:
            return len(self._sent.get(str(chat_id), ()))

        def texts_since(self, chat_id: int, before: int) -> list[str]:
            calls = self._sent.get(str(chat_id), [])[before:]
            return [str(c.params.get("text", "")) for c in calls]

        async def wait_beyond(self, chat_id: int, before: int, timeout: float) -> bool:
            event = self._event(str(chat_id))
            deadline = time.monotonic() + timeout
            while self.count(chat_id) <= before:
                event.clear()
                left = deadline - time.monotonic()
                if left <= 0:
                    return False
                with contextlib.suppress(asyncio.TimeoutError):
                    await asyncio.wait_for(event.wait(), left)
            return True

        def strays(self, chats: set[str]) -> int:
            """Messages sent to a chat that no customer of this run has."""
            return sum(len(calls) for chat, calls in self._sent.items() if chat not in chats)

    return BotAPI()


# -- the processes ---------------------------------------------------------------------------


@dataclass
class Process:
    """One `complaintbot run`."""

    name: str
    port: int
    handle: subprocess.Popen[bytes]
    log: Path
    first_answer_s: float = float("nan")
    first_answer_cpu_s: float = float("nan")  # the CPU it used to get there: less noisy
    peak_rss_mb: float = float("nan")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _environment(database_url: str, redis: bool, port: int, bot_api: Any) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("TELEGRAM_", "SLACK_", "COMPLAINTBOT_", "SMTP_"))
        and key not in {"DATABASE_URL", "REDIS_URL"}
    }
    env.update(
        DATABASE_URL=database_url,
        COMPLAINTBOT_HTTP_HOST="127.0.0.1",
        COMPLAINTBOT_HTTP_PORT=str(port),
        COMPLAINTBOT_API_TOKEN=API_TOKEN,
        PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""),
    )
    if "COMPLAINTBOT_CONFIG" in os.environ:
        env["COMPLAINTBOT_CONFIG"] = os.environ["COMPLAINTBOT_CONFIG"]
    if redis:
        env["REDIS_URL"] = REDIS
    if bot_api is not None:
        env.update(
            TELEGRAM_BOT_TOKEN=bot_api.token,
            TELEGRAM_API_BASE_URL=bot_api.url,
            TELEGRAM_WEBHOOK_URL=f"http://127.0.0.1:{port}/telegram/webhook",
            TELEGRAM_WEBHOOK_SECRET=WEBHOOK_SECRET,
        )
    return env


def _die_with_parent() -> None:
    """In the child, before exec: the kernel SIGTERMs it if this script dies (Linux)."""
    with contextlib.suppress(OSError, AttributeError):
        import ctypes

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


def _cpu_seconds(pid: int | None = None) -> float:
    """CPU time (user + system) of a live process, or of this one (Linux for others)."""
    if pid is None:
        times = os.times()
        return times.user + times.system
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return float("nan")


def _waited_seconds(pid: int) -> float:
    """Time a live process's threads were ready to run but waited for a CPU (Linux)."""
    total = 0
    try:
        for task in Path(f"/proc/{pid}/task").iterdir():
            with contextlib.suppress(OSError, ValueError, IndexError):
                total += int((task / "schedstat").read_text().split()[1])
    except OSError:
        return float("nan")
    return total / 1e9


def _peak_rss_mb(pid: int) -> float:
    """A live process's peak resident memory (Linux)."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return float("nan")


async def _start(
    name: str,
    env: dict[str, str],
    port: int,
    logs: Path,
    http: ClientSession,
    live: list[Process],
    profile: bool = False,
) -> Process:
    """Start one process and wait for its first answer (timed from the spawn)."""
    log = logs / f"{name}.log"
    started = time.perf_counter()
    with log.open("wb") as out:
        handle = subprocess.Popen(  # its own session: Ctrl-C reaches us, and we stop it
            [
                sys.executable,
                *(["-m", "cProfile", "-o", str(logs / f"{name}.prof")] if profile else []),
                "-m",
                "bot",
                "run",
            ],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            preexec_fn=_die_with_parent if sys.platform == "linux" else None,
        )
    process = Process(name, port, handle, log)
    live.append(process)
    url = f"http://127.0.0.1:{port}/webhooks/rest/webhook"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if handle.poll() is not None:
            raise RuntimeError(f"{name} exited with status {handle.returncode}: see {log}")
        with contextlib.suppress(OSError, asyncio.TimeoutError):
            async with http.post(
                url,
                json={"sender": f"{name}-first", "message": "hello"},
                headers={"Authorization": f"Bearer {API_TOKEN}"},
                timeout=ClientTimeout(total=5),
            ) as response:
                if response.status == 200 and await response.json():
                    process.first_answer_s = time.perf_counter() - started
                    process.first_answer_cpu_s = _cpu_seconds(handle.pid)
                    return process
        await asyncio.sleep(0.02)
    raise RuntimeError(f"{name} gave no answer within 120 s: see {log}")


def _stop(processes: list[Process]) -> None:
    """SIGTERM each process, then SIGKILL what is left after 15 s."""
    for process in processes:
        if process.handle.poll() is None:
            process.handle.send_signal(signal.SIGTERM)
    deadline = time.monotonic() + 15
    for process in processes:
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.handle.wait(max(0.1, deadline - time.monotonic()))
        if process.handle.poll() is None:
            process.handle.kill()
            process.handle.wait()


# -- one set-up ------------------------------------------------------------------------------


def _percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def _latency(turns: list[Turn]) -> dict[str, float]:
    ms = [t.seconds * 1000 for t in turns if t.ok]
    return {
        "turns": len(turns),
        "p50_ms": _percentile(ms, 0.5),
        "p95_ms": _percentile(ms, 0.95),
        "p99_ms": _percentile(ms, 0.99),
    }


def _audit(database_url: str, customers: list[Customer], bot_api: Any) -> dict[str, Any]:
    """What the customers saw, checked against the database."""
    import sqlalchemy as sa

    from storage.db import make_engine

    engine = make_engine(database_url)
    try:
        with engine.connect() as conn:
            rows = conn.execute(
                sa.text("SELECT reference, channel, user_id, contact FROM complaints")
            ).all()
    finally:
        engine.dispose()
    by_customer: dict[tuple[str, str], list[Any]] = {}
    for row in rows:
        by_customer.setdefault((row.channel, row.user_id), []).append(row)
    known = {(c.channel, c.user_id) for c in customers}
    result: Counter[str] = Counter()
    problems: list[str] = []
    for customer in customers:
        stored = by_customer.get((customer.channel, customer.user_id), [])
        result["messages"] += len(customer.replies)
        result["unanswered"] += customer.unanswered
        result["errors"] += len(customer.errors)
        result["crossed"] += len(customer.crossed)
        if customer.crossed:
            problems.append(f"{customer.sender}: {customer.crossed[0]}")
        if customer.confirmed:
            result["confirmed"] += 1
            if customer.shown is None:
                result["confirmed, no reference shown"] += 1
        if customer.shown is not None:
            result["shown"] += 1
            mine = [r for r in stored if r.reference == customer.shown]
            if not mine:
                result["lost"] += 1
                problems.append(f"{customer.sender}: {customer.shown} shown but not stored")
            elif (
                re.sub(r"\D", "", mine[0].contact) != re.sub(r"\D", "", customer.expected_contact())
                and mine[0].contact != customer.expected_contact()
            ):
                result["wrong contact"] += 1
        if len(stored) > 1:
            result["duplicated"] += len(stored) - 1
            problems.append(f"{customer.sender}: {len(stored)} complaints stored")
        if stored and customer.shown is None:
            result["stored, not shown"] += 1
        asked = len(customer.replies) == len(JOURNEYS[customer.journey])
        if asked and customer.shown is not None:
            result["status asked"] += 1
            if customer.shown in " ".join(customer.replies[-1]):
                result["status answered"] += 1
    result["stored"] = len(rows)
    result["stored for nobody"] = sum(len(v) for k, v in by_customer.items() if k not in known)
    if bot_api is not None:
        result["telegram strays"] = bot_api.strays(
            {str(c.chat_id) for c in customers if c.channel == "telegram"}
        )
    return {"counts": dict(result), "problems": problems[:10]}


async def _progress(
    label: str, desk: Desk, first: int, total: int | str, done: asyncio.Event
) -> None:
    while not done.is_set():
        with contextlib.suppress(asyncio.TimeoutError):
            await asyncio.wait_for(done.wait(), 5)
        turns = desk.turns[first:]
        failed = sum(1 for t in turns if not t.ok)
        say(
            f"  [{label}] {len(turns)} turns, {desk.finished}/{total} customers done, "
            f"{failed} unanswered or failed"
        )


async def _phase(
    label: str,
    desk: Desk,
    customers: Iterable[Customer],
    talked: list[Customer],
    *,
    paced: bool,
    seed: int,
    seconds: float,
    workers: int,
) -> tuple[list[Turn], float]:
    """Paced: every customer's journey once, arriving over ARRIVALS seconds. Saturated:
    `workers` conversations without pauses, each starting a new customer when done, for
    `seconds`. Returns the phase's turns and how long it took."""
    first = len(desk.turns)
    done = asyncio.Event()
    desk.finished = 0
    total = len(customers) if isinstance(customers, list) else "?"
    progress = asyncio.create_task(_progress(label, desk, first, total, done))
    started = time.monotonic()
    try:
        if paced:
            stop = started + ARRIVALS + 300  # no journey may run on for ever

            async def person(customer: Customer) -> None:
                rng = random.Random(seed * 100_003 + customer.number)
                await asyncio.sleep(rng.uniform(0, ARRIVALS))
                await converse(desk, customer, rng, stop)
                desk.finished += 1

            talked.extend(customers)
            await asyncio.gather(*(person(c) for c in customers))
        else:
            stop = started + seconds
            queue = iter(customers)

            async def worker() -> None:
                for customer in queue:
                    if time.monotonic() >= stop:
                        return
                    talked.append(customer)
                    await converse(desk, customer, None, stop)
                    desk.finished += 1

            await asyncio.gather(*(worker() for _ in range(workers)))
    finally:
        done.set()
        await progress
    return desk.turns[first:], time.monotonic() - started


def _customers(run: str, start: int, count: int, telegram: bool, seed: int) -> Iterator[Customer]:
    """Customers numbered from `start`: every other one on Telegram if `telegram`."""
    rng = random.Random(seed)
    base = 7_000_000_000 + int(run, 16) % 1_000_000 * 1000  # chat ids of this run only
    kinds = ("en", "ko", "en-corrected")
    for i in range(start, start + count):
        channel = "telegram" if telegram and i % 2 else "rest"
        yield Customer(i, run, channel, kinds[rng.randrange(3)], base + i)


async def _setup(
    name: str, database_url: str, args: argparse.Namespace, run: str, logs: Path
) -> dict[str, Any]:
    """One set-up: start its processes, drive the customers, check, stop."""
    processes = 2 if name == "pg2" else 1
    redis = name in ("pg1", "pg2")
    bot_api = None if args.no_telegram else _bot_api()
    live: list[Process] = []
    report: dict[str, Any] = {"setup": name, "processes": processes}
    connector = TCPConnector(limit=0)
    async with ClientSession(
        connector=connector, timeout=ClientTimeout(total=REPLY_TIMEOUT)
    ) as http:
        try:
            if bot_api is not None:
                await bot_api.start()
            for k in range(processes):
                port = _free_port()
                env = _environment(database_url, redis, port, bot_api)
                say(f"• {name}: starting process {k + 1} of {processes} on port {port}")
                process = await _start(
                    f"{name}-{k + 1}", env, port, logs, http, live, profile=args.profile
                )
                say(f"  first answer {process.first_answer_s:.2f} s after start")
            desk = Desk([p.port for p in live], http, bot_api)
            paced = list(_customers(run, 0, args.customers, bot_api is not None, args.seed))
            talked: list[Customer] = []
            say(f"• {name}: {len(paced)} customers, paced {PAUSE[0]}-{PAUSE[1]} s")
            turns, took = await _phase(
                name, desk, paced, talked, paced=True, seed=args.seed, seconds=0, workers=0
            )
            report["paced"] = {**_latency(turns), "turns_per_s": len(turns) / took}
            report["paced"]["by_channel"] = {
                channel: _latency([t for t in turns if t.channel == channel])
                for channel in sorted({t.channel for t in turns})
            }
            # saturated: REST only, so the figure is the desk's, not the fake Bot API's
            saturated = _customers(run, 100_000, 100_000, False, args.seed + 1)
            say(
                f"• {name}: saturated, {args.workers} conversations without pauses, {args.seconds:g} s"
            )
            cpu = [_cpu_seconds(p.handle.pid) for p in live] + [_cpu_seconds()]
            waited = [_waited_seconds(p.handle.pid) for p in live]
            turns, took = await _phase(
                name + " saturated",
                desk,
                saturated,
                talked,
                paced=False,
                seed=args.seed,
                seconds=args.seconds,
                workers=args.workers,
            )
            report["saturated"] = {**_latency(turns), "turns_per_s": len(turns) / took}
            who = [p.name for p in live] + ["load generator"]
            now = [_cpu_seconds(p.handle.pid) for p in live] + [_cpu_seconds()]
            used = [after - before for before, after in zip(cpu, now, strict=True)]
            report["saturated"]["cpu_ms_per_turn"] = {
                w: 1000 * u / max(1, len(turns)) for w, u in zip(who, used, strict=True)
            }
            report["saturated"]["cpu_busy"] = {w: u / took for w, u in zip(who, used, strict=True)}
            # ready to run but no CPU free: the machine's share, not the desk's own cost
            report["saturated"]["waited_for_cpu"] = {
                p.name: (_waited_seconds(p.handle.pid) - before) / took
                for p, before in zip(live, waited, strict=True)
            }
            report["audit"] = _audit(database_url, talked, bot_api)
            for process in live:
                process.peak_rss_mb = _peak_rss_mb(process.handle.pid)
                if process.handle.poll() is not None:
                    report.setdefault("exited", []).append(process.name)
            report["process"] = [
                {
                    "name": p.name,
                    "first_answer_s": p.first_answer_s,
                    "first_answer_cpu_s": p.first_answer_cpu_s,
                    "peak_rss_mb": p.peak_rss_mb,
                    "log": str(p.log),
                }
                for p in live
            ]
        finally:
            await asyncio.get_running_loop().run_in_executor(None, _stop, live)
            if bot_api is not None:
                await bot_api.stop()
    return report


@contextlib.contextmanager
def _database(name: str, work: Path) -> Iterator[str]:
    """A database for one set-up: a new SQLite file, or a scratch PostgreSQL database."""
    if name == "sqlite":
        yield f"sqlite:///{work / 'loadtest.db'}"
        return
    from storage.db import scratch_database

    with scratch_database(PG_ADMIN, "complaintbot_loadtest") as url:
        yield url


def _prepare(database_url: str) -> None:
    """An existing database, as a restart finds it: migrated, staff loaded."""
    env = {**os.environ, "DATABASE_URL": database_url}
    subprocess.run(
        [sys.executable, "-m", "bot", "db", "upgrade"],
        cwd=ROOT,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )


def _print(report: dict[str, Any]) -> None:
    name = report["setup"]
    say(f"\n== {name}: {report['processes']} process(es) ==")
    paced, saturated = report.get("paced"), report.get("saturated")
    if paced:
        say(
            f"  paced:     {paced['turns']} turns, {paced['turns_per_s']:.1f} turns/s, "
            f"p50 {paced['p50_ms']:.0f} ms, p95 {paced['p95_ms']:.0f} ms, p99 {paced['p99_ms']:.0f} ms"
        )
        for channel, figures in paced["by_channel"].items():
            say(
                f"    {channel:<9} {figures['turns']} turns, p50 {figures['p50_ms']:.0f} ms, "
                f"p95 {figures['p95_ms']:.0f} ms, p99 {figures['p99_ms']:.0f} ms"
            )
    if saturated:
        say(
            f"  saturated: {saturated['turns']} turns, {saturated['turns_per_s']:.1f} turns/s, "
            f"p50 {saturated['p50_ms']:.0f} ms, p99 {saturated['p99_ms']:.0f} ms"
        )
        say(
            "    CPU per turn: "
            + ", ".join(
                f"{who} {ms:.1f} ms ({saturated['cpu_busy'][who]:.0%} of a core)"
                for who, ms in saturated["cpu_ms_per_turn"].items()
            )
        )
        say(
            "    waiting for a free CPU: "
            + ", ".join(
                f"{who} {share:.0%} of the time"
                for who, share in saturated["waited_for_cpu"].items()
            )
        )
    for process in report.get("process", []):
        say(
            f"  {process['name']}: start to first answer {process['first_answer_s']:.2f} s "
            f"({process['first_answer_cpu_s']:.2f} s of CPU), "
            f"peak RSS {process['peak_rss_mb']:.0f} MB"
        )
    audit = report.get("audit")
    if audit:
        counts = audit["counts"]
        say("  checks: " + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())))
        for problem in audit["problems"]:
            say(f"    ✗ {problem}")


def _failed(report: dict[str, Any]) -> bool:
    counts = report.get("audit", {}).get("counts", {})
    bad = (
        "lost",
        "duplicated",
        "crossed",
        "unanswered",
        "errors",
        "stored for nobody",
        "stored, not shown",  # filed, but the reply with the reference never arrived
    )
    return (
        any(counts.get(k) for k in bad)
        or bool(counts.get("telegram strays"))
        or bool(report.get("exited"))
    )


def main(argv: list[str] | None = None) -> int:
    """Run the chosen set-ups one after another; exit 1 if a check failed."""
    parser = argparse.ArgumentParser(prog="python -m bench.loadtest", description=__doc__)
    parser.add_argument("--customers", type=int, default=200, help="paced customers (200)")
    parser.add_argument("--seconds", type=float, default=20.0, help="saturated run length (20)")
    parser.add_argument("--workers", type=int, default=50, help="saturated conversations (50)")
    parser.add_argument(
        "--only", choices=SETUPS + EXTRA, action="append", help="one set-up (repeatable)"
    )
    parser.add_argument("--no-telegram", action="store_true", help="REST customers only")
    parser.add_argument("--seed", type=int, default=18, help="random seed for the pacing (18)")
    parser.add_argument(
        "--profile", action="store_true", help="run each process under cProfile (<name>.prof)"
    )
    args = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT))
    run = uuid.uuid4().hex[:6]
    WORK.mkdir(parents=True, exist_ok=True)
    logs = Path(tempfile.mkdtemp(prefix=f"{run}-", dir=WORK))
    say(f"• run {run}: process logs and results in {logs}")
    say("• the model: checking it is trained")
    subprocess.run([sys.executable, "-m", "bot", "train"], cwd=ROOT, check=True)
    reports: list[dict[str, Any]] = []
    status = 0
    try:
        for name in args.only or SETUPS:
            with _database(name, logs) as url:
                _prepare(url)
                report = asyncio.run(_guarded(_setup(name, url, args, run, logs)))
            reports.append(report)
            _print(report)
            status = max(status, int(_failed(report)))
    except KeyboardInterrupt:
        say("\n• stopped: processes ended, scratch database dropped")
        return 130
    finally:
        (logs / "results.json").write_text(json.dumps(reports, indent=2, default=str))
    _summary(reports)
    return status


async def _guarded(work: Awaitable[dict[str, Any]]) -> dict[str, Any]:
    """Run one set-up; SIGINT and SIGTERM cancel it, so its clean-up runs before we exit."""
    task = asyncio.ensure_future(work)
    loop = asyncio.get_running_loop()
    stopped = False

    def stop() -> None:
        nonlocal stopped
        stopped = True
        task.cancel()

    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop)
    try:
        return await task
    except asyncio.CancelledError:
        if stopped:
            raise KeyboardInterrupt from None
        raise
    finally:
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.remove_signal_handler(sig)


def _summary(reports: list[dict[str, Any]]) -> None:
    by = {r["setup"]: r for r in reports}
    say("\n== summary (a 2-core machine shared with other work: figures are noisy) ==")
    say(
        f"  {'set-up':<8} {'paced t/s':>9} {'p50':>6} {'p95':>6} {'p99':>6} {'sat. t/s':>9} "
        f"{'first answer':>13} {'peak RSS':>9}  checks"
    )
    for report in reports:
        paced, sat = report.get("paced", {}), report.get("saturated", {})
        first = max((p["first_answer_s"] for p in report.get("process", [])), default=float("nan"))
        rss = max((p["peak_rss_mb"] for p in report.get("process", [])), default=float("nan"))
        say(
            f"  {report['setup']:<8} {paced.get('turns_per_s', float('nan')):>9.1f} "
            f"{paced.get('p50_ms', float('nan')):>5.0f}ms {paced.get('p95_ms', float('nan')):>5.0f}ms "
            f"{paced.get('p99_ms', float('nan')):>5.0f}ms {sat.get('turns_per_s', float('nan')):>9.1f} "
            f"{first:>12.2f}s {rss:>7.0f}MB  {'FAILED' if _failed(report) else 'ok'}"
        )
    if "pg1" in by and "pg2" in by:
        one = by["pg1"].get("saturated", {}).get("turns_per_s")
        two = by["pg2"].get("saturated", {}).get("turns_per_s")
        if one and two:
            say(f"  two processes / one, saturated: {two / one:.2f}× (target ≥ 1.6×)")


if __name__ == "__main__":
    sys.exit(main())
