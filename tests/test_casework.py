"""Staff actions (`handlers/casework.py`): the lifecycle, who may do what, the audit trail,
the notifications they write, and two staff acting at once."""

from __future__ import annotations

import threading
from dataclasses import replace
from datetime import timedelta

import pytest
import sqlalchemy as sa

from bot.settings import Settings
from bot.wiring import Database, prepare_database
from handlers import casework, closing
from handlers.identity import Identity
from handlers.intake import ComplaintDetails, file_complaint
from storage import repositories as repo
from storage.db import transaction
from storage.models import OutboxMessage
from storage.types import utcnow
from tests.helpers import QUALITY_CHANNEL, in_slack

NOW = utcnow()


@pytest.fixture
def db(slack_settings: Settings) -> Database:
    return prepare_database(slack_settings)


def _file(db: Database, settings: Settings, channel: str = "telegram") -> str:
    receipt = file_complaint(
        db.factory,
        settings.policy,
        identity=Identity(channel, "5550001"),
        language="ko",
        details=ComplaintDetails(
            "화면이 깨졌어요", "Galaxy S24", "Replacement", "yesterday", None, "김 민수", "a@b.cd"
        ),
        now=NOW,
    )
    return receipt.reference


def _member(settings: Settings, handle: str):
    member = settings.policy.staff(handle)
    assert member is not None
    return member


def _kinds(db: Database, reference: str) -> list[tuple[str, str, str]]:
    with transaction(db.factory) as session:
        complaint = repo.get_by_reference(session, reference=reference)
        assert complaint is not None
        rows = session.execute(
            sa.select(OutboxMessage)
            .where(OutboxMessage.complaint_id == complaint.id)
            .order_by(OutboxMessage.id)
        ).scalars()
        return [(r.channel, r.recipient, r.kind) for r in rows]


def _events(db: Database, reference: str) -> list[tuple[str, str]]:
    with transaction(db.factory) as session:
        complaint = repo.get_by_reference(session, reference=reference)
        assert complaint is not None
        return [(e.kind, e.actor) for e in repo.events_for(session, complaint=complaint)]


def test_filing_dms_the_assignee_and_posts_the_team_card(db, slack_settings) -> None:
    reference = _file(db, slack_settings)
    assert _kinds(db, reference) == [
        ("slack", "U0KIMMINJI", "staff.assigned"),
        ("slack", f"card:{reference}", "staff.card"),
    ]


def test_the_whole_lifecycle_is_recorded_with_each_actor(db, slack_settings) -> None:
    reference = _file(db, slack_settings)
    kim = _member(slack_settings, "kim.minji")
    policy = slack_settings.policy
    assert (
        casework.acknowledge(db.factory, policy, reference=reference, by=kim, now=NOW).result
        == "done"
    )
    answered = casework.respond(
        db.factory, policy, reference=reference, response="교환해 드리겠습니다", by=kim, now=NOW
    )
    assert (answered.result, answered.status, answered.notified) == ("done", "responded", True)
    # the answer no longer closes it: the customer accepts it (issue 21)
    customer = Identity("telegram", "5550001")
    closed = closing.accept(db.factory, policy, reference=reference, identity=customer, now=NOW)
    assert (closed.result, closed.status) == ("done", "closed")
    kinds = [k for k in _events(db, reference) if k[1] in ("staff:kim.minji", customer.actor)][1:]
    assert kinds == [
        ("acknowledged", "staff:kim.minji"),
        ("responded", "staff:kim.minji"),
        ("accepted", "customer:telegram:5550001"),
    ]
    told = [k for k in _kinds(db, reference) if k[0] == "telegram"]
    assert told == [  # the thanks and the survey are the conversation's reply
        ("telegram", "5550001", "customer.acknowledged"),
        ("telegram", "5550001", "customer.responded"),
    ]
    cards = [k for k in _kinds(db, reference) if k[2] == "staff.card"]
    assert len(cards) == 4  # filed, then each of the three changes redraws it


def test_a_second_acknowledgement_is_told_who_did_it(db, slack_settings) -> None:
    reference = _file(db, slack_settings)
    policy = slack_settings.policy
    kim, lee = _member(slack_settings, "kim.minji"), _member(slack_settings, "lee.junho")
    casework.acknowledge(db.factory, policy, reference=reference, by=kim, now=NOW)
    again = casework.acknowledge(db.factory, policy, reference=reference, by=lee, now=NOW)
    assert (again.result, again.status, again.by) == ("not_now", "acknowledged", "kim.minji")


def test_only_an_answered_complaint_can_be_accepted(db, slack_settings) -> None:
    reference = _file(db, slack_settings)
    refused = closing.accept(
        db.factory,
        slack_settings.policy,
        reference=reference,
        identity=Identity("telegram", "5550001"),
        now=NOW,
    )
    assert (refused.result, refused.status) == ("not_now", "received")


def test_reassigning_is_for_the_assignee_and_leads(db, slack_settings) -> None:
    reference = _file(db, slack_settings)  # assigned to kim.minji (product-quality)
    policy = slack_settings.policy
    other_agent = _member(slack_settings, "park.soyeon")
    refused = casework.assign(
        db.factory, policy, reference=reference, to="park.soyeon", by=other_agent, now=NOW
    )
    assert (refused.result, refused.by) == ("not_allowed", "kim.minji")
    unknown = casework.assign(
        db.factory,
        policy,
        reference=reference,
        to="nobody",
        by=_member(slack_settings, "lee.junho"),
        now=NOW,
    )
    assert unknown.result == "no_such_staff"
    done = casework.assign(
        db.factory,
        policy,
        reference=reference,
        to="park.soyeon",
        by=_member(slack_settings, "lee.junho"),  # a supervisor
        now=NOW,
    )
    assert done.result == "done"
    with transaction(db.factory) as session:
        complaint = repo.get_by_reference(session, reference=reference)
        assert complaint is not None and complaint.assignee.handle == "park.soyeon"
    assert ("slack", "U0PARKSOYEON", "staff.assigned") in _kinds(db, reference)


def test_escalation_goes_to_the_supervisor_then_to_a_manager(db, slack_settings) -> None:
    reference = _file(db, slack_settings)
    policy = slack_settings.policy
    kim = _member(slack_settings, "kim.minji")
    lee = _member(slack_settings, "lee.junho")
    first = casework.escalate(
        db.factory, policy, reference=reference, by=kim, now=NOW, reason="VIP"
    )
    second = casework.escalate(
        db.factory, policy, reference=reference, by=lee, now=NOW + timedelta(hours=1)
    )
    assert (first.status, second.status) == ("escalated", "escalated")
    dms = [(r, k) for c, r, k in _kinds(db, reference) if k == "staff.escalated"]
    assert dms == [("U0LEEJUNHO", "staff.escalated"), ("U0YOONARA", "staff.escalated")]
    with transaction(db.factory) as session:
        complaint = repo.get_by_reference(session, reference=reference)
        assert complaint is not None and complaint.escalation_level == 2
        levels = [
            e.data for e in repo.events_for(session, complaint=complaint) if e.kind == "escalated"
        ]
    assert levels[0] == {"level": 1, "from": "received", "to": ["lee.junho"], "reason": "VIP"}
    assert levels[1]["level"] == 2 and levels[1]["to"] == ["yoon.ara"]


def test_only_the_assignee_and_leads_see_the_contact(db, slack_settings) -> None:
    reference = _file(db, slack_settings)
    with transaction(db.factory) as session:
        complaint = repo.get_by_reference(session, reference=reference)
        assert complaint is not None
        seen = {
            m.handle: casework.can_see_contact(m, complaint) for m in slack_settings.policy.roster
        }
    assert seen["kim.minji"] and seen["lee.junho"] and seen["yoon.ara"]
    assert not seen["park.soyeon"] and not seen["seo.jiwon"]


def test_a_unknown_reference_is_not_found(db, slack_settings) -> None:
    kim = _member(slack_settings, "kim.minji")
    outcome = casework.acknowledge(
        db.factory, slack_settings.policy, reference="CMP-0000-0000", by=kim, now=NOW
    )
    assert outcome.result == "not_found"


@pytest.mark.postgres
def test_two_staff_at_once_one_wins_and_the_other_is_told(
    base_settings: Settings, postgres_database: str
) -> None:
    """Row locks on PostgreSQL (several processes share it): both press Acknowledge at the
    same moment. (SQLite has one writer, and our process does its writes on one thread.)"""
    slack_settings = in_slack(
        replace(base_settings, database_url=postgres_database), team_channels=QUALITY_CHANNEL
    )
    db = prepare_database(slack_settings)
    policy = slack_settings.policy
    for _ in range(5):
        reference = _file(db, slack_settings)
        barrier = threading.Barrier(2)
        results: dict[str, casework.Outcome] = {}

        def press(handle: str, reference=reference, barrier=barrier, results=results) -> None:
            barrier.wait()
            results[handle] = casework.acknowledge(
                db.factory, policy, reference=reference, by=_member(slack_settings, handle), now=NOW
            )

        threads = [threading.Thread(target=press, args=(h,)) for h in ("kim.minji", "lee.junho")]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        outcomes = sorted(r.result for r in results.values())
        assert outcomes == ["done", "not_now"]
        loser = next(r for r in results.values() if r.result == "not_now")
        winner = next(h for h, r in results.items() if r.result == "done")
        assert loser.by == winner
        acknowledged = [k for k in _events(db, reference) if k[0] == "acknowledged"]
        assert len(acknowledged) == 1
