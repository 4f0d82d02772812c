"""Internal notes (`handlers/notes.py`): a staff-only audit event with an optional root cause
from the configured list; the customer never sees one."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from bot.cli import main
from bot.settings import Settings
from bot.wiring import Database, prepare_database
from handlers import casework, notes, thread
from handlers.identity import Identity
from handlers.inquiries import lookup
from handlers.intake import ComplaintDetails, file_complaint
from handlers.references import parse_reference
from storage import repositories as repo
from storage.db import transaction
from storage.models import OutboxMessage
from storage.types import utcnow

NOW = utcnow()
SECRET = "suspect the courier dropped it; batch 7731 had cracked glass"
CUSTOMER = Identity("telegram", "5550001")


@pytest.fixture
def db(staffed: Settings) -> Database:
    return prepare_database(staffed)


def _file(db, settings) -> str:
    return file_complaint(
        db.factory,
        settings.policy,
        identity=CUSTOMER,
        language="en",
        details=ComplaintDetails(
            "The screen cracked", "Galaxy S24", "Replacement", "yesterday", None, "Kim", "a@b.cd"
        ),
        now=NOW,
    ).reference


def _note(db, settings, reference, text=SECRET, **kw):
    kim = settings.policy.staff("kim.minji")
    return notes.add_note(
        db.factory, settings.policy, reference=reference, text=text, by=kim, now=NOW, **kw
    )


def _outbox(db, reference) -> list[tuple[str, str, str, dict]]:
    with transaction(db.factory) as session:
        complaint = repo.get_by_reference(session, reference=reference)
        return [
            (r.channel, r.recipient, r.kind, dict(r.payload))
            for r in session.execute(
                sa.select(OutboxMessage).where(OutboxMessage.complaint_id == complaint.id)
            ).scalars()
        ]


def test_a_note_is_an_event_the_customer_never_sees(db, staffed) -> None:
    reference = _file(db, staffed)
    kim = staffed.policy.staff("kim.minji")
    casework.respond(
        db.factory, staffed.policy, reference=reference, response="We replace it", by=kim, now=NOW
    )
    before = _outbox(db, reference)
    outcome = _note(db, staffed, reference, root_cause="delivery")
    assert outcome.result == "done"
    with transaction(db.factory) as session:
        complaint = repo.get_by_reference(session, reference=reference)
        assert complaint is not None
        events = [e for e in repo.events_for(session, complaint=complaint) if e.kind == "note"]
        assert [(e.actor, e.data) for e in events] == [
            ("staff:kim.minji", {"text": SECRET, "root_cause": "delivery"})
        ]
        said = thread.conversation(session, complaint)
    assert all(SECRET not in e.text for e in said)
    new = [row for row in _outbox(db, reference) if row not in before]
    # nothing to the customer; only the cards' thread
    assert [(c, r, k) for c, r, k, _ in new] == [("slack", f"card:{reference}", "staff.thread")]
    assert new[0][3]["note"] is True and new[0][3]["text"] == SECRET
    found = lookup(db.factory, identity=CUSTOMER, parsed=parse_reference(reference))
    assert found.summary is not None and SECRET not in repr(found.summary)


def test_a_note_needs_words_and_a_known_root_cause(db, staffed) -> None:
    reference = _file(db, staffed)
    assert _note(db, staffed, reference, text="  ").result == "no_reason"
    assert _note(db, staffed, reference, root_cause="gremlins").result == "not_allowed"
    assert _note(db, staffed, "CMP-0000-0000").result == "not_found"
    assert _note(db, staffed, reference).result == "done"  # no root cause: fine


def test_notes_from_the_command_line(db, staffed, monkeypatch, capsys) -> None:
    monkeypatch.setenv("DATABASE_URL", staffed.database_url)
    reference = _file(db, staffed)
    args = ["complaints", "note", reference, "--by", "lee.junho", "--text", SECRET]
    assert main([*args, "--root-cause", "product_defect"]) == 0
    assert "note added, root cause product_defect" in capsys.readouterr().out
    assert main([*args, "--root-cause", "gremlins"]) == 2
    assert "not one of product_defect" in capsys.readouterr().err
    assert main(["complaints", "show", reference]) == 0
    shown = capsys.readouterr().out
    assert "internal notes, staff only" in shown and f"[product_defect] {SECRET}" in shown


def test_root_causes_are_configured_in_both_languages(staffed) -> None:
    causes = staffed.policy.root_causes
    assert "product_defect" in causes
    assert all(labels["en"] and labels["ko"] for labels in causes.values())
    assert notes.root_cause_label(staffed.policy, "delivery", "ko") == "배송·물류"
