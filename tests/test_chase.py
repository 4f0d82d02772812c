"""The overdue sweep (`handlers/chase.py`) with an injected clock: each rung at its time and
once, acknowledgement stopping the ladder, the holding message, dry runs, and two sweeps at
once on PostgreSQL."""

from __future__ import annotations

import threading
from dataclasses import replace
from datetime import datetime, timedelta, timezone

import pytest
import sqlalchemy as sa

from bot.settings import Settings
from bot.wiring import prepare_database
from handlers import casework
from handlers.chase import ChaseRules, sweep
from handlers.formatting import format_date
from handlers.identity import Identity
from handlers.intake import ComplaintDetails, file_complaint
from storage import repositories as repo
from storage.db import transaction
from storage.models import ChaseStep, OutboxMessage
from tests.helpers import in_slack

# Wednesday 25 Nov 2026, 10:00 KST: a normal complaint is due for acknowledgement on
# Thursday 10:00 KST (one working day) = 01:00 UTC.
FILED = datetime(2026, 11, 25, 1, 0, tzinfo=timezone.utc)
ACK_DUE = datetime(2026, 11, 26, 1, 0, tzinfo=timezone.utc)
RULES = ChaseRules(escalate_after=timedelta(hours=4), hold_for=timedelta(days=5))


def _file(db, settings: Settings, user: str = "5550001") -> str:
    return file_complaint(
        db.factory,
        settings.policy,
        identity=Identity("telegram", user),
        language="ko",
        details=ComplaintDetails(
            "화면이 깨졌어요", "Galaxy S24", "Replacement", "yesterday", None, "김 민수", "a@b.cd"
        ),
        now=FILED,
    ).reference


def _steps(db, reference: str) -> list[str]:
    with transaction(db.factory) as session:
        complaint = repo.get_by_reference(session, reference=reference)
        assert complaint is not None
        return [
            s.step
            for s in session.execute(
                sa.select(ChaseStep)
                .where(ChaseStep.complaint_id == complaint.id)
                .order_by(ChaseStep.id)
            ).scalars()
        ]


def _outbox(db, kind: str) -> list[str]:
    with transaction(db.factory) as session:
        return [
            r.recipient
            for r in session.execute(
                sa.select(OutboxMessage)
                .where(OutboxMessage.kind == kind)
                .order_by(OutboxMessage.id)
            ).scalars()
        ]


def test_each_rung_of_the_acknowledgement_ladder_fires_at_its_time_and_once(settings) -> None:
    settings = in_slack(settings)
    db = prepare_database(settings)
    reference = _file(db, settings)
    policy = settings.policy
    assert sweep(db.factory, policy, RULES, now=ACK_DUE - timedelta(minutes=1)).done == []
    first = sweep(db.factory, policy, RULES, now=ACK_DUE)
    assert [(d.reference, d.step, d.to) for d in first.done] == [
        (reference, "ack.remind", "kim.minji")
    ]
    assert sweep(db.factory, policy, RULES, now=ACK_DUE + timedelta(minutes=5)).done == []
    supervisor = sweep(db.factory, policy, RULES, now=ACK_DUE + timedelta(hours=4))
    assert [(d.step, d.to) for d in supervisor.done] == [("ack.supervisor", "lee.junho")]
    manager = sweep(db.factory, policy, RULES, now=ACK_DUE + timedelta(hours=9))
    assert [(d.step, d.to) for d in manager.done] == [("ack.manager", "yoon.ara")]
    assert sweep(db.factory, policy, RULES, now=ACK_DUE + timedelta(days=3)).done == []
    assert _steps(db, reference) == ["ack.remind", "ack.supervisor", "ack.manager"]
    assert _outbox(db, "staff.reminder") == ["U0KIMMINJI"]
    assert _outbox(db, "staff.escalated") == ["U0LEEJUNHO", "U0YOONARA"]
    with transaction(db.factory) as session:
        complaint = repo.get_by_reference(session, reference=reference)
        assert complaint is not None
        assert (complaint.status, complaint.escalation_level) == ("escalated", 2)
        # the acknowledgement's ladder is done; the answer's comes at its due date
        assert complaint.next_chase_at == complaint.respond_due_at


def test_a_restart_mid_ladder_goes_on_from_where_it_was(settings) -> None:
    """A process that stopped after the reminder, and one that died mid-sweep (its batch
    rolled back): the next process, with a new engine, does each missed rung once."""
    settings = in_slack(settings)
    db = prepare_database(settings)
    reference = _file(db, settings)
    policy = settings.policy
    assert [d.step for d in sweep(db.factory, policy, RULES, now=ACK_DUE).done] == ["ack.remind"]
    db.engine.dispose()  # the process stops

    # down for ten hours: a sweep that dies mid-way writes its rows, then they roll back
    again = prepare_database(settings)
    dead = sweep(again.factory, policy, RULES, now=ACK_DUE + timedelta(hours=10), dry_run=True)
    assert [d.step for d in dead.done] == ["ack.supervisor", "ack.manager"]
    again.engine.dispose()

    restarted = prepare_database(settings)
    made_up = sweep(restarted.factory, policy, RULES, now=ACK_DUE + timedelta(hours=10))
    assert [(d.step, d.to) for d in made_up.done] == [
        ("ack.supervisor", "lee.junho"),
        ("ack.manager", "yoon.ara"),
    ]
    assert sweep(restarted.factory, policy, RULES, now=ACK_DUE + timedelta(hours=11)).done == []
    assert _steps(restarted, reference) == ["ack.remind", "ack.supervisor", "ack.manager"]
    assert _outbox(restarted, "staff.reminder") == ["U0KIMMINJI"]  # not reminded again
    assert _outbox(restarted, "staff.escalated") == ["U0LEEJUNHO", "U0YOONARA"]


def test_acknowledging_stops_the_ladder_and_the_late_answer_gets_one_holding_message(
    settings,
) -> None:
    db = prepare_database(settings)
    reference = _file(db, settings)
    policy = settings.policy
    sweep(db.factory, policy, RULES, now=ACK_DUE)  # reminded
    kim = policy.staff("kim.minji")
    assert kim is not None
    casework.acknowledge(
        db.factory, policy, reference=reference, by=kim, now=ACK_DUE + timedelta(hours=1)
    )
    assert sweep(db.factory, policy, RULES, now=ACK_DUE + timedelta(hours=5)).done == []
    with transaction(db.factory) as session:
        complaint = repo.get_by_reference(session, reference=reference)
        assert complaint is not None
        respond_due = complaint.respond_due_at
    late = sweep(db.factory, policy, RULES, now=respond_due)
    assert sorted(d.step for d in late.done) == ["respond.hold", "respond.remind"]
    assert sweep(db.factory, policy, RULES, now=respond_due + timedelta(hours=1)).done == []
    assert _outbox(db, "customer.holding") == ["5550001"]
    with transaction(db.factory) as session:
        complaint = repo.get_by_reference(session, reference=reference)
        assert complaint is not None
        promised = complaint.promised_at
        assert promised == policy.due(respond_due, RULES.hold_for) > respond_due
        assert complaint.respond_due_at == respond_due  # the target is kept
        # the ladder stays on the missed date: the supervisor hears 4 hours after it
        assert complaint.next_chase_at == respond_due + RULES.escalate_after
    casework.respond(db.factory, policy, reference=reference, response="done", by=kim, now=promised)
    assert sweep(db.factory, policy, RULES, now=promised + timedelta(days=2)).done == []


def test_a_dry_run_says_what_it_would_do_and_does_nothing(settings) -> None:
    db = prepare_database(settings)
    reference = _file(db, settings)
    report = sweep(
        db.factory, settings.policy, RULES, now=ACK_DUE + timedelta(hours=4), dry_run=True
    )
    assert [d.step for d in report.done] == ["ack.remind", "ack.supervisor"]
    assert _steps(db, reference) == []
    again = sweep(db.factory, settings.policy, RULES, now=ACK_DUE + timedelta(hours=4))
    assert [d.step for d in again.done] == ["ack.remind", "ack.supervisor"]


@pytest.mark.postgres
def test_two_sweeps_at_once_send_each_notification_once(base_settings, postgres_database) -> None:
    """Two processes sharing PostgreSQL sweep at the same moment (two engines, two threads)."""
    settings = in_slack(replace(base_settings, database_url=postgres_database))
    first = prepare_database(settings)
    second = prepare_database(settings)
    references = [_file(first, settings, user=str(600000 + i)) for i in range(1000)]
    barrier = threading.Barrier(2)
    reports = []

    def run(db) -> None:
        barrier.wait()
        reports.append(sweep(db.factory, settings.policy, RULES, now=ACK_DUE, batch=50))

    threads = [threading.Thread(target=run, args=(db,)) for db in (first, second)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sum(len(r.done) for r in reports) == len(references)
    assert all(r.done for r in reports)  # both took a share (SKIP LOCKED), neither waited
    assert sorted(_outbox(first, "staff.reminder")).count("U0KIMMINJI") + sorted(
        _outbox(first, "staff.reminder")
    ).count("U0LEEJUNHO") == len(references)
    with transaction(first.factory) as session:
        steps = session.execute(sa.select(sa.func.count()).select_from(ChaseStep)).scalar_one()
    assert steps == len(references)


@pytest.mark.postgres
def test_times_written_by_a_sweep_are_utc_whatever_the_servers_time_zone(
    base_settings, postgres_database
) -> None:
    """The batch's UPDATE on PostgreSQL sends its times as UTC: a session in Seoul time must
    not shift them (an untyped array parameter was read in the session's TimeZone)."""
    url = f"{postgres_database}?options=-c%20timezone%3DAsia/Seoul"
    settings = in_slack(replace(base_settings, database_url=url))
    db = prepare_database(settings)
    reference = _file(db, settings)
    sweep(db.factory, settings.policy, RULES, now=ACK_DUE)
    with transaction(db.factory) as session:
        complaint = repo.get_by_reference(session, reference=reference)
        assert complaint is not None
        # the supervisor's rung is next: escalate_after (4 hours) after the reminder's due date
        assert complaint.next_chase_at == ACK_DUE + RULES.escalate_after


def test_an_acknowledgement_after_the_holding_message_gives_the_promised_date(settings) -> None:
    """The customer told "by <promise>" is not then told the missed target's date."""
    db = prepare_database(settings)
    reference = _file(db, settings)
    policy = settings.policy
    with transaction(db.factory) as session:
        complaint = repo.get_by_reference(session, reference=reference)
        assert complaint is not None
        respond_due = complaint.respond_due_at
    sweep(db.factory, policy, RULES, now=respond_due)  # the ladders and the holding message
    kim = policy.staff("kim.minji")
    assert kim is not None
    casework.acknowledge(
        db.factory, policy, reference=reference, by=kim, now=respond_due + timedelta(hours=1)
    )
    with transaction(db.factory) as session:
        complaint = repo.get_by_reference(session, reference=reference)
        assert complaint is not None and complaint.promised_at is not None
        told = session.execute(
            sa.select(OutboxMessage.payload).where(OutboxMessage.kind == "customer.acknowledged")
        ).scalar_one()
        promised = format_date(complaint.promised_at, "ko", policy.timezone)
    assert told["respond_by"] == promised != format_date(respond_due, "ko", policy.timezone)
