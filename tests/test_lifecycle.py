"""The lifecycle's one table (`storage.vocabulary.LIFECYCLE`), walked cell by cell: every
event from every status, allowed or refused, first as the table says and then through the
use case that causes it (handlers/casework.py, handlers/closing.py) on a stored complaint
put in that status."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from typing import Any

import pytest

from bot.settings import Settings
from bot.wiring import Database, prepare_database
from handlers import casework, closing
from handlers.identity import Identity
from handlers.intake import ComplaintDetails, file_complaint
from storage import repositories as repo
from storage.db import transaction
from storage.vocabulary import EVENTS, STATUSES, after, allows

NOW = datetime(2026, 12, 7, 1, 0, tzinfo=timezone.utc)
CUSTOMER = Identity("telegram", "5550001")
WORK = {"received", "acknowledged", "investigating", "escalated", "reopened"}
OPEN = WORK | {"responded"}

# What the lifecycle must be (DESIGN.md "Lifecycle", issue 21), written out apart from the
# table: event -> {from: to} (to None: allowed, the status stays).
EXPECTED: dict[str, dict[str, str | None]] = {
    "acknowledge": {
        "received": "acknowledged",
        "investigating": None,
        "escalated": None,
        "reopened": None,
    },
    "investigate": {s: "investigating" for s in WORK - {"investigating"}},
    "respond": {s: "responded" for s in WORK},
    "escalate": {s: "escalated" for s in WORK},
    "message": {s: None for s in OPEN},
    "assign": {s: None for s in OPEN},
    "close": {s: "closed" for s in OPEN},
    "accept": {"responded": "closed"},
    "decline": {"responded": "investigating"},
    "decline_again": {"responded": "escalated"},
    "withdraw": {s: "withdrawn" for s in WORK},
    "reopen": {"closed": "reopened"},
    "rate": {"closed": None},
    "escalate_overdue": {s: "escalated" for s in WORK},
    "close_silence": {"responded": "closed"},
    "remind_decision": {"responded": None},
    "remind_survey": {"closed": None},
    "resume": {"reopened": "investigating"},
}


def test_the_table_is_the_lifecycle_cell_by_cell() -> None:
    assert set(EVENTS) == set(EXPECTED)
    for event, moves in EXPECTED.items():
        for status in STATUSES:
            assert allows(event, status) == (status in moves), (event, status)
            if status in moves:
                assert after(event, status) == (moves[status] or status), (event, status)
            else:
                with pytest.raises(KeyError):
                    after(event, status)
    # nothing leaves withdrawn; closed only by reopening (and the survey)
    assert [e for e in EVENTS if allows(e, "withdrawn")] == []
    assert [e for e in EVENTS if allows(e, "closed")] == ["reopen", "rate", "remind_survey"]
    with pytest.raises(KeyError):
        allows("resolve", "responded")  # no such event: a misspelt one is an error


@pytest.fixture
def db(settings: Settings) -> Database:
    return prepare_database(settings)


def _file(db: Database, settings: Settings) -> str:
    return file_complaint(
        db.factory,
        settings.policy,
        identity=CUSTOMER,
        language="en",
        details=ComplaintDetails(
            "the screen cracked", "Galaxy S24", "Replacement", "yesterday", None, "Kim", "a@b.cd"
        ),
        now=NOW - timedelta(days=1),
    ).reference


def _put(db: Database, reference: str, status: str) -> None:
    """The complaint in `status`, as the use cases leave it there (unacknowledged where
    that can be, answered once answered, closed just now)."""
    with transaction(db.factory) as session:
        complaint = repo.get_by_reference(session, reference=reference)
        assert complaint is not None
        complaint.status = status
        unseen = status in WORK - {"acknowledged"}
        complaint.acknowledged_at = None if unseen else NOW - timedelta(hours=3)
        complaint.responded_at = (
            NOW - timedelta(hours=2) if status in ("responded", "closed") else None
        )
        complaint.closed_at = (
            NOW - timedelta(hours=1) if status in ("closed", "withdrawn") else None
        )


def _status(db: Database, reference: str) -> str:
    with transaction(db.factory) as session:
        complaint = repo.get_by_reference(session, reference=reference)
        assert complaint is not None
        return str(complaint.status)


# Each event a use case causes, and the call (reference) -> Outcome.
def _cases(settings: Settings, db: Database) -> dict[str, Callable[[str], Any]]:
    policy = settings.policy
    kim = policy.staff("kim.minji")
    assert kim is not None
    staff = {"by": kim, "now": NOW}
    mine = {"identity": CUSTOMER, "now": NOW}
    f = db.factory
    return {
        "acknowledge": lambda r: casework.acknowledge(f, policy, reference=r, **staff),
        "investigate": lambda r: casework.investigate(f, policy, reference=r, **staff),
        "respond": lambda r: casework.respond(f, policy, reference=r, response="ok", **staff),
        "escalate": lambda r: casework.escalate(f, policy, reference=r, **staff),
        "message": lambda r: casework.message(f, policy, reference=r, text="hi", **staff),
        "assign": lambda r: casework.assign(f, policy, reference=r, to="lee.junho", **staff),
        "close": lambda r: closing.close_by_staff(f, policy, reference=r, reason="dup", **staff),
        "accept": lambda r: closing.accept(f, policy, reference=r, **mine),
        "decline": lambda r: closing.decline(f, policy, reference=r, reason="no", **mine),
        "withdraw": lambda r: casework.withdraw(
            f,
            policy,
            reference=r,
            channel=CUSTOMER.channel,
            user_id=CUSTOMER.user_id,
            actor=CUSTOMER.actor,
            now=NOW,
        ),
        "reopen": lambda r: closing.reopen(f, policy, reference=r, **mine),
        "rate": lambda r: closing.record_satisfaction(f, policy, reference=r, score=4, **mine),
    }


@pytest.mark.parametrize(
    "event",
    [
        "acknowledge",
        "investigate",
        "respond",
        "escalate",
        "message",
        "assign",
        "close",
        "accept",
        "decline",
        "withdraw",
        "reopen",
        "rate",
    ],
)
def test_each_use_case_does_what_the_table_allows_and_refuses_the_rest(
    event: str, settings: Settings
) -> None:
    db = prepare_database(settings)
    call = _cases(settings, db)[event]
    for status in STATUSES:
        reference = _file(db, settings)
        _put(db, reference, status)
        outcome = call(reference)
        if allows(event, status):
            assert outcome.result == "done", (event, status, outcome)
            expected = after(event, status)
            if event == "reopen":  # reopened, and at once back to work
                expected = after("resume", expected)
            if event == "message" and allows("acknowledge", status):
                expected = after("acknowledge", status)  # staff have it in hand
            assert _status(db, reference) == expected == outcome.status, (event, status)
        else:
            refused = ("not_now", "too_late", "already_answered")
            assert outcome.result in refused, (event, status, outcome)
            assert _status(db, reference) == status, (event, status)
