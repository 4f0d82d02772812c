"""The weekly digest (issue 23): the headline figures of the last 7 days and the chart, from
the scheduled job through the outbox and its dispatcher to the fake Slack Web API (the
chart uploaded with files.getUploadURLExternal / completeUploadExternal), once per week
however many processes run the job, and after a restart; a 429 waits its Retry-After."""

from __future__ import annotations

import asyncio
import io
import threading
from collections.abc import AsyncIterator
from dataclasses import replace
from datetime import datetime, time, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from bot.channels.slack import SlackChannel
from bot.errors import ConfigError
from bot.jobs.digest import DIGEST, WeeklyDigest, last_slot
from bot.jobs.outbox import OutboxDispatcher
from bot.settings import Digest, SlackSettings, load_settings
from bot.wiring import prepare_database
from storage import repositories as repo
from storage.db import transaction
from storage.models import OutboxMessage
from tests.fakes.slack import FakeSlackAPI
from tests.helpers import NoPace
from tests.report_fixture import CASES, NOW, load

ROOT = Path(__file__).resolve().parent.parent
SECRET = "8f742231b10e8888abcd99aa00bb85a5"
MANAGEMENT = "C0MANAGEMENT"
PNG = b"\x89PNG\r\n\x1a\n"
# Wednesday 30 December 2026, 12:00 in Seoul: NOW of the report fixture
WEEKLY = Digest("#management", weekday=2, at=time(12, 0))


class Clock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


def _rows(factory: Any) -> list[OutboxMessage]:
    with transaction(factory) as session:
        rows = session.execute(sa.select(OutboxMessage).where(OutboxMessage.kind == DIGEST))
        return list(rows.scalars())


@pytest.fixture
async def slack(settings) -> AsyncIterator[tuple]:
    """The report fixture's complaints, and Slack (a #management channel) behind the outbox."""
    fake = FakeSlackAPI()
    await fake.start()
    fake.add_channel(MANAGEMENT, "management")
    settings = replace(settings, slack=SlackSettings(fake.token, SECRET, None, fake.url))
    database = prepare_database(settings)
    load(database.factory, settings)
    channel = SlackChannel(None, database.factory, settings.policy, settings.slack)  # type: ignore[arg-type]
    clock = Clock(NOW + timedelta(seconds=3))
    outbox = OutboxDispatcher(
        database.factory, {"slack": channel.sender()}, pacer=NoPace(), clock=clock
    )
    try:
        yield settings, database, fake, outbox, clock
    finally:
        await fake.stop()


def _in_week(start: datetime, end: datetime) -> int:
    return sum(1 for case in CASES if start <= case.filed < end)


@pytest.mark.parametrize("language", ["ko", "en"])
async def test_the_digest_reaches_slack_once_with_its_figures_and_chart(slack, language) -> None:
    settings, database, fake, outbox, clock = slack
    policy = replace(settings.policy, staff_language=language)
    job = WeeklyDigest(database.factory, policy, WEEKLY, clock=clock)
    assert await job.run_once() is True
    assert await job.run_once() is False  # the same slot again
    restarted = WeeklyDigest(database.factory, policy, WEEKLY, clock=clock)
    assert await restarted.run_once() is False
    assert len(_rows(database.factory)) == 1

    assert await outbox.run_once() == 1
    assert fake.unknown == []
    methods = [c.method for c in fake.calls]
    assert methods == [
        "conversations.list",
        "files.getUploadURLExternal",
        "upload",
        "files.completeUploadExternal",
    ]
    complete = fake.called("files.completeUploadExternal")[0].params
    assert complete["channel_id"] == MANAGEMENT  # the name, looked up
    [message] = fake.shared(MANAGEMENT)
    text = message["text"]
    week = _in_week(NOW - timedelta(days=7), NOW)
    before = _in_week(NOW - timedelta(days=14), NOW - timedelta(days=7))
    assert week and before  # the fixture has complaints in both weeks
    if language == "ko":
        assert text.startswith("*불편 사항 처리 보고서 (ISO 10002 8항)*")
        assert f"접수 건수: {week} (이전 {before}," in text
        assert "기간: 2026-12-23 – 2026-12-30" in text
    else:
        assert text.startswith("*Complaints report (ISO 10002 clause 8)*")
        assert f"Received: {week} (previous {before}," in text
        assert "Period: 2026-12-23 – 2026-12-30" in text
    [shared] = message["files"]
    assert shared["name"] == "complaints-2026-12-30.png"
    data = shared["data"]
    assert data.startswith(PNG)
    from matplotlib import image

    pixels = image.imread(io.BytesIO(data), format="png")
    assert pixels.shape[:2] == (1169, 827)  # the report's A4 page
    assert pixels.std() > 0.05  # drawn, not blank
    out = ROOT / "var" / f"digest-{language}.png"
    out.parent.mkdir(exist_ok=True)
    out.write_bytes(data)
    [row] = _rows(database.factory)
    assert row.status == "sent"


async def test_a_rate_limit_waits_its_retry_after_then_posts(slack) -> None:
    settings, database, fake, outbox, clock = slack
    job = WeeklyDigest(database.factory, settings.policy, replace(WEEKLY, channel=MANAGEMENT))
    job.clock = clock
    assert await job.run_once()
    fake.fail_next("files.getUploadURLExternal", status=429, retry_after=30)
    assert await outbox.run_once() == 0
    [row] = _rows(database.factory)
    assert row.status == "pending"
    assert row.next_attempt_at == clock.now + timedelta(seconds=30)
    clock.now += timedelta(seconds=29)
    assert await outbox.run_once() == 0  # not yet
    clock.now += timedelta(seconds=1)
    assert await outbox.run_once() == 1
    assert len(fake.shared(MANAGEMENT)) == 1
    assert fake.called("conversations.list") == []  # an id is used as it is


async def test_a_failed_upload_is_retried_with_backoff(slack) -> None:
    settings, database, fake, outbox, clock = slack
    job = WeeklyDigest(database.factory, settings.policy, WEEKLY, clock=clock)
    assert await job.run_once()
    fake.fail_next("upload", status=500)
    assert await outbox.run_once() == 0
    [row] = _rows(database.factory)
    assert (row.status, row.attempts) == ("pending", 1)
    assert row.next_attempt_at == clock.now + timedelta(seconds=2)
    assert fake.shared(MANAGEMENT) == []
    clock.now += timedelta(seconds=2)
    assert await outbox.run_once() == 1
    assert len(fake.shared(MANAGEMENT)) == 1


async def test_a_slot_missed_long_ago_is_not_made_up(slack) -> None:
    settings, database, _fake, _outbox, _clock = slack
    late = Clock(NOW + timedelta(days=1, minutes=1))
    job = WeeklyDigest(database.factory, settings.policy, WEEKLY, clock=late)
    assert await job.run_once() is False
    assert _rows(database.factory) == []
    late.now = NOW + timedelta(hours=5)  # down at 12:00, back at 17:00: made up
    assert await job.run_once() is True


@pytest.mark.postgres
async def test_two_processes_at_once_post_once(base_settings, postgres_database) -> None:
    settings = replace(base_settings, database_url=postgres_database)
    databases = [prepare_database(settings) for _ in range(2)]  # each its own pool
    load(databases[0].factory, settings)
    clock = Clock(NOW + timedelta(seconds=1))
    jobs = [WeeklyDigest(d.factory, settings.policy, WEEKLY, clock=clock) for d in databases]
    written = await asyncio.gather(*(job.run_once() for job in jobs))
    assert sorted(written) == [False, True]
    assert len(_rows(databases[0].factory)) == 1
    for database in databases:
        database.engine.dispose()


@pytest.mark.postgres
def test_concurrent_writes_of_one_key_write_one_row(base_settings, postgres_database) -> None:
    """Two transactions insert the same key at the same moment: the second waits for the
    first's commit and writes nothing (the check before drawing is no guard on its own)."""
    settings = replace(base_settings, database_url=postgres_database)
    database = prepare_database(settings)
    for attempt in range(5):
        barrier = threading.Barrier(2)
        results: list[bool] = []

        def write(
            barrier: threading.Barrier = barrier,
            key: str = f"k{attempt}",
            results: list[bool] = results,
        ) -> None:
            with transaction(database.factory) as session:
                barrier.wait()
                results.append(
                    repo.enqueue_once(
                        session,
                        dedupe_key=key,
                        channel="slack",
                        recipient=MANAGEMENT,
                        kind=DIGEST,
                        payload={},
                    )
                )

        threads = [threading.Thread(target=write) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert sorted(results) == [False, True]
    assert len(_rows(database.factory)) == 5
    database.engine.dispose()


def test_enqueue_once_on_both_databases(settings) -> None:
    database = prepare_database(settings)
    kw: dict[str, Any] = {"channel": "slack", "recipient": MANAGEMENT, "kind": DIGEST}
    with transaction(database.factory) as session:
        assert repo.enqueue_once(session, dedupe_key="a", payload={"n": 1}, **kw)
        assert repo.enqueue(session, payload={}, **kw)  # no key: never deduplicated
    with transaction(database.factory) as session:
        assert not repo.enqueue_once(session, dedupe_key="a", payload={"n": 2}, **kw)
        assert repo.enqueue_once(session, dedupe_key="b", payload={}, **kw)
        assert repo.enqueue(session, payload={}, **kw)
    rows = _rows(database.factory)
    assert sorted(str(r.dedupe_key) for r in rows) == ["None", "None", "a", "b"]
    assert next(r.payload for r in rows if r.dedupe_key == "a") == {"n": 1}


def test_the_latest_slot_in_the_organisations_time_zone() -> None:
    monday = Digest("C0X", weekday=0, at=time(9, 0))
    seoul = "Asia/Seoul"
    # Monday 7 December 2026, 09:00 in Seoul is 00:00 UTC
    slot = datetime(2026, 12, 7, 0, 0, tzinfo=timezone.utc)
    assert last_slot(monday, seoul, slot) == slot
    assert last_slot(monday, seoul, slot - timedelta(seconds=1)) == slot - timedelta(days=7)
    assert last_slot(monday, seoul, slot + timedelta(days=6, hours=23)) == slot
    assert last_slot(monday, "UTC", slot) == slot - timedelta(days=7) + timedelta(hours=9)


def _config(tmp_path: Path, reports: str) -> dict[str, str]:
    text = (ROOT / "config.yml").read_text(encoding="utf-8")
    text = text.replace('reports:\n  slack_channel: ""\n  weekly: ""\n', reports)
    path = tmp_path / "config.yml"
    path.write_text(text, encoding="utf-8")
    return {"COMPLAINTBOT_CONFIG": str(path)}


def test_the_digest_settings(tmp_path: Path) -> None:
    off = load_settings(_config(tmp_path, 'reports:\n  slack_channel: "#mgmt"\n'))
    assert off.digest is None
    on = load_settings(
        _config(tmp_path, 'reports:\n  slack_channel: "C0MGMT"\n  weekly: "Fri  17:30"\n')
    )
    assert on.digest == Digest("C0MGMT", weekday=4, at=time(17, 30))
    with pytest.raises(ConfigError, match=r"reports\.weekly: set reports\.slack_channel"):
        load_settings(_config(tmp_path, 'reports:\n  weekly: "mon 09:00"\n'))
    with pytest.raises(ConfigError, match=r"reports\.weekly: .*monday 9"):
        load_settings(_config(tmp_path, 'reports:\n  slack_channel: "C0M"\n  weekly: "monday 9"\n'))
    with pytest.raises(ConfigError, match=r"reports\.slack_channel: .*not a Slack channel"):
        load_settings(_config(tmp_path, 'reports:\n  slack_channel: "Management Team"\n'))


async def test_report_post_queues_the_digest_now(slack, monkeypatch, capsys) -> None:
    from bot.cli import main

    settings, database, fake, outbox, _clock = slack
    monkeypatch.setattr("bot.cli.load_settings", lambda: replace(settings, report_channel=""))
    assert main(["report", "--post"]) == 2
    assert "reports.slack_channel" in capsys.readouterr().err
    settings = replace(settings, report_channel="#management")
    monkeypatch.setattr("bot.cli.load_settings", lambda: settings)
    for _ in range(2):  # by hand, each time it is asked
        assert main(["report", "--post", "--now", "2026-12-30T12:00"]) == 0
    assert "queued for #management" in capsys.readouterr().err
    assert [r.dedupe_key for r in _rows(database.factory)] == [None, None]
    assert await outbox.run_once() == 1  # one at a time to one channel
    [message] = fake.shared(MANAGEMENT)
    assert "기간: 2026-12-23 – 2026-12-30" in message["text"]
    assert message["files"][0]["data"].startswith(PNG)


async def test_started_it_makes_up_the_slot_and_waits_for_the_next(slack) -> None:
    settings, database, _fake, _outbox, clock = slack
    job = WeeklyDigest(database.factory, settings.policy, WEEKLY, clock=clock)
    job.start()
    try:
        for _ in range(200):
            if _rows(database.factory):
                break
            await asyncio.sleep(0.05)
        assert len(_rows(database.factory)) == 1
        weekly = job.scheduler.get_job("digest")
        # Wednesdays at 12:00 in Seoul, whatever the clock of the machine says
        assert weekly.next_run_time.weekday() == 2
        assert weekly.next_run_time.utcoffset() == timedelta(hours=9)
        assert (weekly.next_run_time.hour, weekly.next_run_time.minute) == (12, 0)
    finally:
        await job.stop()
