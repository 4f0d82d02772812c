"""The chase ladder on the office clock (`handlers.chase.rungs`): no escalation at night or
at a weekend, an urgent complaint's on the calendar clock when `chase.urgent_clock` says so;
and the date promised to a customer is chased while the original target is kept."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta, timezone

import pytest

from bot.settings import Settings
from bot.wiring import Database, prepare_database
from handlers import casework
from handlers.chase import ChaseRules, sweep
from handlers.identity import Identity
from handlers.inquiries import lookup
from handlers.intake import ComplaintDetails, file_complaint
from handlers.references import parse_reference
from storage import repositories as repo
from storage.db import transaction

KST = timezone(timedelta(hours=9))
RULES = ChaseRules(escalate_after=timedelta(hours=4), hold_for=timedelta(days=5))


def kst(day: int, hour: int, minute: int = 0) -> datetime:
    """A moment of November/December 2026 in Seoul (30 Nov is a Monday)."""
    month, day = (11, day) if day <= 30 else (12, day - 30)
    return datetime(2026, month, day, hour, minute, tzinfo=KST)


@pytest.fixture
def db(settings: Settings) -> Database:
    return prepare_database(settings)


def _file(db, settings, at: datetime, description: str = "화면이 깨졌어요") -> str:
    return file_complaint(
        db.factory,
        settings.policy,
        identity=Identity("telegram", "5550001"),
        language="ko",
        details=ComplaintDetails(
            description, "Galaxy S24", "Replacement", "yesterday", None, "김 민수", "a@b.cd"
        ),
        now=at,
    ).reference


def _steps(db, settings, at: datetime, rules: ChaseRules = RULES) -> list[str]:
    return [d.step for d in sweep(db.factory, settings.policy, rules, now=at).done]


def test_the_ladder_waits_for_office_hours(db, settings) -> None:
    """Filed Friday 15:00: acknowledgement due Monday 15:00; the supervisor is told four
    office hours later (Tuesday 10:00), not at 19:00, and the manager Tuesday 14:00."""
    _file(db, settings, kst(27, 15))
    assert _steps(db, settings, kst(30, 15)) == ["ack.remind"]
    for night in (kst(30, 19), kst(30, 22, 5), kst(31, 2, 5), kst(31, 9, 59)):
        assert _steps(db, settings, night) == []
    assert _steps(db, settings, kst(31, 10)) == ["ack.supervisor"]
    assert _steps(db, settings, kst(31, 13, 59)) == []
    assert _steps(db, settings, kst(31, 14)) == ["ack.manager"]


@pytest.mark.parametrize("clock", ["calendar", "office"])
def test_an_urgent_ladder_runs_at_night_only_when_configured(db, settings, clock) -> None:
    """An urgent complaint filed Monday 14:00 is due for acknowledgement at 18:00."""
    _file(db, settings, kst(30, 14), "아이가 충전기에 화상을 입었어요")
    rules = replace(RULES, urgent_clock=clock)
    assert _steps(db, settings, kst(30, 18), rules) == ["ack.remind"]
    night = _steps(db, settings, kst(30, 22, 5), rules)
    assert night == (["ack.supervisor"] if clock == "calendar" else [])
    assert ("ack.supervisor" in _steps(db, settings, kst(31, 13), rules)) == (clock == "office")


def test_the_promised_date_is_chased_and_the_target_kept(db, settings) -> None:
    reference = _file(db, settings, kst(25, 10))
    kim = settings.policy.staff("kim.minji")
    assert kim is not None
    casework.acknowledge(db.factory, settings.policy, reference=reference, by=kim, now=kst(25, 11))
    with transaction(db.factory) as session:
        target = repo.get_by_reference(session, reference=reference).respond_due_at
    late = _steps(db, settings, target)
    assert sorted(late) == ["respond.hold", "respond.remind"]
    for hours in (4, 8):  # the supervisor, then the manager, on the answer's target
        sweep(db.factory, settings.policy, RULES, now=target + timedelta(hours=hours, days=1))
    with transaction(db.factory) as session:
        complaint = repo.get_by_reference(session, reference=reference)
        assert complaint is not None
        promised = complaint.promised_at
        assert complaint.respond_due_at == target  # the ISO target stays
        assert promised == settings.policy.due(target, RULES.hold_for) > target
    # the customer's status answer gives the promised date
    found = lookup(
        db.factory, identity=Identity("telegram", "5550001"), parsed=parse_reference(reference)
    )
    assert found.summary is not None and found.summary.respond_due_at == promised
    # the promise missed: the assignee is reminded, the leads already told are reminded
    assert _steps(db, settings, promised - timedelta(minutes=1)) == []
    assert _steps(db, settings, promised) == ["promised.remind"]
    assert _steps(db, settings, promised + timedelta(days=1)) == [
        "promised.supervisor",
        "promised.manager",
    ]
    with transaction(db.factory) as session:
        complaint = repo.get_by_reference(session, reference=reference)
        assert complaint is not None and complaint.escalation_level == 2
        reminded = [
            e.data for e in repo.events_for(session, complaint=complaint) if e.kind == "reminded"
        ]
    assert reminded[-1] == {"step": "promised.manager", "to": ["yoon.ara"]}
