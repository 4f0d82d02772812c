"""Escalation's ceiling and its double-press guard (`casework.escalate`, the sweep's
escalation rungs): one level above the presser, never past the manager, never to the
assignee, a second press changes nothing, one sweep sends one DM per person."""

from __future__ import annotations

import threading
from collections import Counter
from dataclasses import replace
from datetime import datetime, timedelta, timezone

import pytest
import sqlalchemy as sa

from bot.channels.slack_desk import desk_say
from bot.cli import main
from bot.settings import Settings
from bot.wiring import Database, prepare_database
from handlers import casework
from handlers.chase import ChaseRules, sweep
from handlers.identity import Identity
from handlers.intake import ComplaintDetails, file_complaint
from storage import repositories as repo
from storage.db import transaction
from storage.models import OutboxMessage
from tests.helpers import in_slack

NOW = datetime(2026, 11, 25, 1, 0, tzinfo=timezone.utc)  # Wednesday 10:00 KST
RULES = ChaseRules(escalate_after=timedelta(hours=4), hold_for=timedelta(days=5))


@pytest.fixture
def db(staffed: Settings) -> Database:
    return prepare_database(staffed)


def _file(db: Database, settings: Settings, description: str = "화면이 깨졌어요") -> str:
    return file_complaint(
        db.factory,
        settings.policy,
        identity=Identity("telegram", "5550001"),
        language="ko",
        details=ComplaintDetails(
            description, "Galaxy S24", "Replacement", "yesterday", None, "김 민수", "a@b.cd"
        ),
        now=NOW,
    ).reference


def _member(settings: Settings, handle: str):
    member = settings.policy.staff(handle)
    assert member is not None
    return member


def _escalations(db: Database, reference: str) -> list[dict]:
    with transaction(db.factory) as session:
        complaint = repo.get_by_reference(session, reference=reference)
        assert complaint is not None
        return [
            dict(e.data)
            for e in repo.events_for(session, complaint=complaint)
            if e.kind == "escalated"
        ]


def _dms(db: Database, reference: str, kind: str = "staff.escalated") -> list[str]:
    with transaction(db.factory) as session:
        complaint = repo.get_by_reference(session, reference=reference)
        assert complaint is not None
        return list(
            session.execute(
                sa.select(OutboxMessage.recipient)
                .where(OutboxMessage.complaint_id == complaint.id, OutboxMessage.kind == kind)
                .order_by(OutboxMessage.id)
            ).scalars()
        )


def _escalate(db, settings, reference, handle, at=NOW):
    member = _member(settings, handle)
    return casework.escalate(db.factory, settings.policy, reference=reference, by=member, now=at)


def _assign(db, settings, reference, handle) -> None:
    outcome = casework.assign(
        db.factory,
        settings.policy,
        reference=reference,
        to=handle,
        by=_member(settings, "yoon.ara"),
        now=NOW,
    )
    assert outcome.result == "done"


def test_a_second_press_changes_nothing(db, staffed) -> None:
    reference = _file(db, staffed)
    first = _escalate(db, staffed, reference, "kim.minji")
    second = _escalate(db, staffed, reference, "kim.minji", NOW + timedelta(seconds=0.3))
    assert (first.result, first.level, first.to) == ("done", 1, ("lee.junho",))
    assert (second.result, second.level, second.by) == ("already_escalated", 1, "kim.minji")
    assert [e["level"] for e in _escalations(db, reference)] == [1]
    assert _dms(db, reference) == ["U0LEEJUNHO"]


def test_the_manager_is_the_top(db, staffed) -> None:
    reference = _file(db, staffed)
    assert _escalate(db, staffed, reference, "kim.minji").level == 1
    up = _escalate(db, staffed, reference, "lee.junho")
    assert (up.result, up.level, up.to) == ("done", 2, ("yoon.ara",))
    again = _escalate(db, staffed, reference, "lee.junho")
    top = _escalate(db, staffed, reference, "yoon.ara")
    assert (again.result, top.result) == ("already_escalated", "at_top")
    assert [e["level"] for e in _escalations(db, reference)] == [1, 2]
    assert _dms(db, reference) == ["U0LEEJUNHO", "U0YOONARA"]


def test_the_sweep_never_climbs_past_the_manager(db, staffed) -> None:
    """Both ladders run out (acknowledgement, then the answer): level 2 at most, and the
    answer's rungs remind the leads already told instead of escalating again."""
    reference = _file(db, staffed)
    for days in (1, 3, 12, 13, 20):
        sweep(db.factory, staffed.policy, RULES, now=NOW + timedelta(days=days))
    assert [e["level"] for e in _escalations(db, reference)] == [1, 2]
    with transaction(db.factory) as session:
        complaint = repo.get_by_reference(session, reference=reference)
        assert complaint is not None and complaint.escalation_level == 2
    assert Counter(_dms(db, reference)) == {"U0LEEJUNHO": 1, "U0YOONARA": 1}
    assert Counter(_dms(db, reference, "staff.reminder")) == {
        "U0KIMMINJI": 2,
        "U0LEEJUNHO": 1,
        "U0YOONARA": 1,
    }


def test_no_one_is_escalated_to_themselves(db, staffed) -> None:
    """The supervisor as assignee: the agent's escalation goes past him to the manager; the
    manager as assignee: the ladder tells no one above her, and she is not DMed as a lead."""
    reference = _file(db, staffed)
    _assign(db, staffed, reference, "lee.junho")
    up = _escalate(db, staffed, reference, "kim.minji")
    assert (up.result, up.level, up.to) == ("done", 2, ("yoon.ara",))
    assert _escalate(db, staffed, reference, "lee.junho").result == "already_escalated"

    mine = _file(db, staffed, "화면이 또 깨졌어요")
    _assign(db, staffed, mine, "yoon.ara")
    sweep(db.factory, staffed.policy, RULES, now=NOW + timedelta(days=3))
    assert "yoon.ara" not in {h for e in _escalations(db, mine) for h in e["to"]}
    assert "U0YOONARA" not in _dms(db, mine)
    assert _escalate(db, staffed, mine, "lee.junho").result == "no_one_above"


def test_one_sweep_sends_one_dm_per_person_for_a_complaint(db, staffed) -> None:
    """Down for two weeks: both ladders' rungs come in one sweep; each person hears once."""
    reference = _file(db, staffed)
    report = sweep(db.factory, staffed.policy, RULES, now=NOW + timedelta(days=20))
    assert {d.step for d in report.done} >= {"ack.manager", "respond.manager"}
    dms = _dms(db, reference) + _dms(db, reference, "staff.reminder")
    assert Counter(dms) == {"U0KIMMINJI": 1, "U0LEEJUNHO": 1, "U0YOONARA": 1}


def test_the_command_line_says_to_whom_and_refuses_past_the_top(
    db, staffed, monkeypatch, capsys
) -> None:
    monkeypatch.setenv("DATABASE_URL", staffed.database_url)
    reference = _file(db, staffed)
    assert main(["complaints", "escalate", reference, "--by", "lee.junho"]) == 0
    assert f"{reference}: escalated to manager (yoon.ara)" in capsys.readouterr().out
    assert main(["complaints", "escalate", reference, "--by", "yoon.ara"]) == 2
    assert "a manager is the top" in capsys.readouterr().err
    assert main(["complaints", "escalate", reference, "--by", "kim.minji"]) == 2
    assert "already escalated to manager level" in capsys.readouterr().err

    mine = _file(db, staffed, "화면이 또 깨졌어요")
    _assign(db, staffed, mine, "yoon.ara")  # the only manager handles it
    assert main(["complaints", "escalate", mine, "--by", "lee.junho"]) == 2
    said = capsys.readouterr().err
    assert "no supervisor or manager above" in said and "top of the ladder" not in said


def test_nobody_above_has_its_own_words_in_both_languages() -> None:
    for language in ("en", "ko"):
        words = desk_say(language, "no_one_above", reference="CMP-AAAA-AAAA")
        assert words != desk_say(language, "at_top", reference="CMP-AAAA-AAAA")
        assert "CMP-AAAA-AAAA" in words
    assert "팀장이나 관리자가 없습니다" in desk_say("ko", "no_one_above", reference="R")


@pytest.mark.postgres
def test_two_presses_at_once_escalate_once(base_settings: Settings, postgres_database: str) -> None:
    staffed = in_slack(replace(base_settings, database_url=postgres_database))
    db = prepare_database(staffed)
    for _ in range(5):
        reference = _file(db, staffed)
        barrier = threading.Barrier(2)
        results: list[casework.Outcome] = []

        def press(reference=reference, barrier=barrier, results=results) -> None:
            barrier.wait()
            results.append(_escalate(db, staffed, reference, "kim.minji"))

        threads = [threading.Thread(target=press) for _ in range(2)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert sorted(r.result for r in results) == ["already_escalated", "done"]
        assert [e["level"] for e in _escalations(db, reference)] == [1]
        assert _dms(db, reference) == ["U0LEEJUNHO"]
