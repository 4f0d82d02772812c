"""Intake, assessment, assignment, status, withdraw: the use cases on SQLite and PostgreSQL."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta, timezone

import pytest
import sqlalchemy as sa

import handlers.intake
from bot.settings import Settings
from bot.wiring import prepare_database
from handlers import inquiries
from handlers.identity import Identity
from handlers.intake import ComplaintDetails, InvalidDetails, file_complaint
from handlers.references import new_reference, parse_reference
from storage import repositories as repo
from storage.db import transaction
from storage.migrate import current_revision, head_revision
from storage.models import Complaint, OutboxMessage

NOW = datetime(2026, 11, 25, 9, 0, tzinfo=timezone.utc)
ALICE = Identity("rest", "alice")
MALLORY = Identity("telegram", "666")


def details(**overrides: object) -> ComplaintDetails:
    base = {
        "description": "my washing machine arrived with a cracked door",
        "product": "washing machine",
        "desired_outcome": "replacement",
        "incident_date_text": "yesterday",
        "incident_on": date(2026, 11, 24),
        "customer_name": "Jane Smith",
        "contact": "jane@example.com",
    }
    base.update(overrides)
    return ComplaintDetails(**base)  # type: ignore[arg-type]


def _kinds(session, complaint: Complaint) -> list[str]:
    """The kinds of the complaint's audit events, oldest first."""
    return [e.kind for e in repo.events_for(session, complaint=complaint)]


@pytest.fixture
def db(settings: Settings):
    return prepare_database(settings)


def test_migrations_reach_head_and_are_idempotent(settings: Settings) -> None:
    database = prepare_database(settings)
    prepare_database(settings)
    assert current_revision(database.engine) == head_revision()
    tables = set(sa.inspect(database.engine).get_table_names())
    assert {"complaints", "complaint_events", "attachments", "outbox", "staff"} <= tables


def test_filing_stores_assesses_assigns_and_records_every_change(settings, db) -> None:
    receipt = file_complaint(
        db.factory, settings.policy, identity=ALICE, language="en", details=details(), now=NOW
    )
    assert parse_reference(receipt.reference).outcome == "valid"
    assert receipt.category == "product"
    assert receipt.priority == "normal"
    # Wednesday 18:00 KST: one working day is Thursday's; ten end on Wednesday 9 December
    assert receipt.ack_due_at == datetime(2026, 11, 26, 9, 0, tzinfo=timezone.utc)
    assert receipt.respond_due_at == datetime(2026, 12, 9, 9, 0, tzinfo=timezone.utc)
    with transaction(db.factory) as session:
        complaint = repo.get_by_reference(session, reference=receipt.reference)
        assert complaint is not None
        assert (complaint.channel, complaint.user_id, complaint.status) == (
            "rest",
            "alice",
            "received",
        )
        assert complaint.contact_normalized == "jane@example.com"
        assert complaint.assignee is not None and complaint.assignee.team == "product-quality"
        assert _kinds(session, complaint) == ["received", "assessed", "assigned"]


def test_safety_words_make_a_complaint_urgent_in_both_languages(settings, db) -> None:
    english = file_complaint(
        db.factory,
        settings.policy,
        identity=ALICE,
        language="en",
        details=details(description="the heater overheated and I burned my hand"),
        now=NOW,
    )
    korean = file_complaint(
        db.factory,
        settings.policy,
        identity=ALICE,
        language="ko",
        details=details(
            description="전자레인지에서 불꽃이 튀고 화재가 났어요", product="전자레인지"
        ),
        now=NOW,
    )
    for receipt in (english, korean):
        assert receipt.priority == "urgent"
        assert receipt.category == "safety"
        assert receipt.respond_due_at == settings.policy.due(NOW, timedelta(days=2))
        assert receipt.ack_due_at == settings.policy.due(NOW, timedelta(hours=4))
    with transaction(db.factory) as session:
        complaint = repo.get_by_reference(session, reference=english.reference)
        assert complaint.assignee.team == "product-safety"
        [assessed] = [
            e for e in repo.events_for(session, complaint=complaint) if e.kind == "assessed"
        ]
        # the words that decided it, and only the winning category's
        assert assessed.data["matched"] == ["burned", "overheat*"]
        assert (assessed.data["category"], assessed.data["priority"]) == ("safety", "urgent")


def test_a_broken_constraint_other_than_the_reference_is_not_retried(
    settings, db, monkeypatch
) -> None:
    draws = []
    monkeypatch.setattr(
        handlers.intake, "new_reference", lambda: draws.append(1) or new_reference()
    )
    with pytest.raises(sa.exc.IntegrityError):
        file_complaint(
            db.factory,
            settings.policy,
            identity=ALICE,
            language="en",
            details=details(customer_name=None),  # NOT NULL: a bug upstream, not bad luck
            now=NOW,
        )
    assert len(draws) == 1


def test_assignment_is_round_robin_within_the_team(settings) -> None:
    """Among the team's agents (its supervisor takes no new work while they are at work)."""
    choi = repo.StaffMember("choi.sua", "Choi Sua", "product-quality")
    settings = replace(
        settings, policy=replace(settings.policy, roster=(*settings.policy.roster, choi))
    )
    db = prepare_database(settings)
    assignees = []
    for i in range(4):
        receipt = file_complaint(
            db.factory,
            settings.policy,
            identity=ALICE,
            language="en",
            details=details(),
            now=NOW + timedelta(minutes=i),
        )
        with transaction(db.factory) as session:
            complaint = repo.get_by_reference(session, reference=receipt.reference)
            assignees.append(complaint.assignee.handle)
    assert assignees[0] != assignees[1]
    assert assignees[:2] == assignees[2:]
    assert set(assignees) == {"kim.minji", "choi.sua"}


def test_a_team_with_slack_ids_gets_a_notification_in_the_outbox(settings) -> None:
    roster = tuple(replace(m, slack_user_id=f"U{i}") for i, m in enumerate(settings.policy.roster))
    settings = replace(settings, policy=replace(settings.policy, roster=roster))
    db = prepare_database(settings)
    receipt = file_complaint(
        db.factory, settings.policy, identity=ALICE, language="en", details=details(), now=NOW
    )
    with transaction(db.factory) as session:
        rows = session.execute(sa.select(OutboxMessage)).scalars().all()
        assert [(r.channel, r.kind, r.payload["reference"]) for r in rows] == [
            ("slack", "staff.assigned", receipt.reference),
            ("slack", "staff.card", receipt.reference),  # the team's card, posted once
        ]
        complaint = repo.get_by_reference(session, reference=receipt.reference)
        assert rows[0].complaint_id == complaint.id


def test_an_unusable_contact_is_refused_and_nothing_is_stored(settings, db) -> None:
    with pytest.raises(InvalidDetails):
        file_complaint(
            db.factory,
            settings.policy,
            identity=ALICE,
            language="en",
            details=details(contact="nope"),
        )
    with transaction(db.factory) as session:
        assert session.execute(sa.select(sa.func.count(Complaint.id))).scalar() == 0


def test_a_reference_drawn_twice_is_drawn_again(settings, db, monkeypatch) -> None:
    first = file_complaint(
        db.factory, settings.policy, identity=ALICE, language="en", details=details(), now=NOW
    )
    # The random draw repeats the stored reference once, then gives a fresh one.
    draws = iter([first.reference])
    monkeypatch.setattr(
        handlers.intake, "new_reference", lambda: next(draws, None) or new_reference()
    )
    second = file_complaint(
        db.factory, settings.policy, identity=MALLORY, language="en", details=details(), now=NOW
    )
    assert second.reference != first.reference
    with transaction(db.factory) as session:
        stored = session.execute(sa.select(Complaint.reference, Complaint.user_id)).all()
        assert sorted(stored) == sorted([(first.reference, "alice"), (second.reference, "666")])
        stored_second = repo.get_by_reference(session, reference=second.reference)
        assert _kinds(session, stored_second) == ["received", "assessed", "assigned"]


def test_korean_phone_numbers_are_normalised(settings, db) -> None:
    receipt = file_complaint(
        db.factory,
        settings.policy,
        identity=ALICE,
        language="ko",
        details=details(contact="010-1234-5678"),
        now=NOW,
    )
    with transaction(db.factory) as session:
        complaint = repo.get_by_reference(session, reference=receipt.reference)
        assert complaint.contact_kind == "phone"
        assert complaint.contact_normalized == "+821012345678"


def test_status_is_shown_only_to_the_identity_that_filed_it(settings, db) -> None:
    receipt = file_complaint(
        db.factory, settings.policy, identity=ALICE, language="en", details=details(), now=NOW
    )
    parsed = parse_reference(receipt.reference)
    mine = inquiries.lookup(db.factory, identity=ALICE, parsed=parsed)
    assert mine.outcome == "found" and mine.summary.status == "received"
    theirs = inquiries.lookup(db.factory, identity=MALLORY, parsed=parsed)
    unknown = inquiries.lookup(
        db.factory,
        identity=MALLORY,
        parsed=parse_reference(_other_valid(receipt.reference)),
    )
    assert theirs.outcome == unknown.outcome == "not_found"
    assert theirs.summary is None


def _other_valid(reference: str) -> str:
    from handlers.references import new_reference

    while True:
        other = new_reference()
        if other != reference:
            return other


def test_list_withdraw_and_request_human(settings, db) -> None:
    first = file_complaint(
        db.factory, settings.policy, identity=ALICE, language="en", details=details(), now=NOW
    )
    second = file_complaint(
        db.factory,
        settings.policy,
        identity=ALICE,
        language="en",
        details=details(),
        now=NOW + timedelta(hours=1),
    )
    assert [s.reference for s in inquiries.list_own(db.factory, identity=ALICE)] == [
        second.reference,
        first.reference,
    ]
    assert inquiries.list_own(db.factory, identity=MALLORY) == []
    assert (
        inquiries.withdraw(db.factory, identity=MALLORY, reference=first.reference) == "not_found"
    )
    assert inquiries.withdraw(db.factory, identity=ALICE, reference=first.reference) == "withdrawn"
    assert (
        inquiries.withdraw(db.factory, identity=ALICE, reference=first.reference)
        == "not_withdrawable"
    )
    assert [s.reference for s in inquiries.withdrawable(db.factory, identity=ALICE)] == [
        second.reference
    ]
    assert inquiries.request_human(db.factory, identity=ALICE) == second.reference
    assert inquiries.request_human(db.factory, identity=MALLORY) is None
    with transaction(db.factory) as session:
        withdrawn = repo.get_by_reference(session, reference=first.reference)
        assert withdrawn.status == "withdrawn" and withdrawn.closed_at is not None
        assert _kinds(session, withdrawn)[-1] == "status_changed"
        asked = repo.get_by_reference(session, reference=second.reference)
        assert asked.human_requested_at is not None
        assert "human_requested" in _kinds(session, asked)
