"""Closing the loop with the customer (issue 21, handlers/closing.py and the sweep's closing
ladders in handlers/chase.py): accept, decline (twice: the supervisor), staff close with a
reason, reopen within the window or link a new complaint after it, the satisfaction survey
once, the reminder and closing after silence, and `complaints show --json` with it all."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import datetime, timedelta, timezone

import pytest
import sqlalchemy as sa

from bot.cli import main
from bot.settings import Settings
from bot.wiring import Database, prepare_database
from handlers import casework, closing
from handlers.chase import ChaseRules, sweep
from handlers.identity import Identity
from handlers.intake import ComplaintDetails, file_complaint
from storage import repositories as repo
from storage.db import transaction
from storage.models import Complaint, OutboxMessage
from tests.helpers import QUALITY_CHANNEL, in_slack

FILED = datetime(2026, 12, 1, 1, 0, tzinfo=timezone.utc)  # Tuesday 10:00 in Seoul
ANSWERED = FILED + timedelta(hours=5)
CUSTOMER = Identity("telegram", "5550001")
STRANGER = Identity("telegram", "5550002")
RULES = ChaseRules()


@pytest.fixture
def calendar(settings: Settings) -> Settings:
    """Staff in Slack; targets and the closing windows counted in calendar time."""
    slack = in_slack(settings, team_channels=QUALITY_CHANNEL)
    return replace(slack, policy=replace(slack.policy, target_clock="calendar"))


@pytest.fixture
def db(calendar: Settings) -> Database:
    return prepare_database(calendar)


def _file(db: Database, settings: Settings, *, linked: str | None = None) -> str:
    return file_complaint(
        db.factory,
        settings.policy,
        identity=CUSTOMER,
        language="ko",
        details=ComplaintDetails(
            "화면이 깨졌어요", "Galaxy S24", "교환", "어제", None, "김 민수", "a@b.cd"
        ),
        now=FILED,
        linked_reference=linked,
    ).reference


def _answered(db: Database, settings: Settings, at: datetime = ANSWERED) -> str:
    reference = _file(db, settings)
    _respond(db, settings, reference, at)
    return reference


def _respond(db: Database, settings: Settings, reference: str, at: datetime) -> None:
    kim = settings.policy.staff("kim.minji")
    assert kim is not None
    done = casework.respond(
        db.factory,
        settings.policy,
        reference=reference,
        response="교환해 드리겠습니다",
        by=kim,
        now=at,
    )
    assert done.result == "done"


def _complaint(db: Database, reference: str) -> Complaint:
    with transaction(db.factory) as session:
        complaint = repo.get_by_reference(session, reference=reference)
        assert complaint is not None
        session.expunge(complaint)
        return complaint


def _events(db: Database, reference: str, kind: str | None = None) -> list[tuple[str, dict]]:
    with transaction(db.factory) as session:
        complaint = repo.get_by_reference(session, reference=reference)
        assert complaint is not None
        return [
            (e.kind, dict(e.data or {}))
            for e in repo.events_for(session, complaint=complaint)
            if kind is None or e.kind == kind
        ]


def _outbox(db: Database, reference: str, kind: str) -> list[tuple[str, dict]]:
    with transaction(db.factory) as session:
        complaint = repo.get_by_reference(session, reference=reference)
        assert complaint is not None
        rows = session.execute(
            sa.select(OutboxMessage)
            .where(OutboxMessage.complaint_id == complaint.id, OutboxMessage.kind == kind)
            .order_by(OutboxMessage.id)
        ).scalars()
        return [(r.recipient, dict(r.payload or {})) for r in rows]


def test_a_first_decline_goes_back_to_work_a_second_to_the_supervisor(db, calendar) -> None:
    policy = calendar.policy
    reference = _answered(db, calendar)
    stranger = closing.decline(
        db.factory, policy, reference=reference, identity=STRANGER, reason="no", now=ANSWERED
    )
    assert stranger.result == "not_found"  # someone else's: as if it did not exist
    later = ANSWERED + timedelta(days=1)
    first = closing.decline(
        db.factory,
        policy,
        reference=reference,
        identity=CUSTOMER,
        reason="교환 말고 환불을 원해요",
        now=later,
    )
    assert (first.result, first.status) == ("done", "investigating")
    complaint = _complaint(db, reference)
    assert complaint.declined_count == 1 and complaint.resumed_at == later
    # back to work with a new answer due from now, and the assignee told in a DM
    assert complaint.respond_due_at == later + policy.targets[complaint.priority].respond
    assert _events(db, reference, "declined") == [
        (
            "declined",
            {
                "reason": "교환 말고 환불을 원해요",
                "count": 1,
                "from": "responded",
                "to": "investigating",
            },
        )
    ]
    assert [r for r, _ in _outbox(db, reference, closing.STAFF_DECLINED)] == ["U0KIMMINJI"]
    # the respond ladder starts again from the new due date
    late = sweep(db.factory, policy, RULES, now=complaint.respond_due_at)
    assert sorted(d.step for d in late.done) == ["respond.hold", "respond.remind"]

    _respond(db, calendar, reference, later + timedelta(days=2))
    second = closing.decline(
        db.factory, policy, reference=reference, identity=CUSTOMER, reason="", now=later
    )
    assert (second.result, second.status) == ("done", "escalated")
    assert _complaint(db, reference).escalation_level == 1
    escalated = _events(db, reference, "escalated")[-1][1]
    assert escalated["to"] == ["lee.junho"] and escalated["from"] == "responded"
    assert "U0LEEJUNHO" in [r for r, _ in _outbox(db, reference, casework.STAFF_ESCALATED)]


def test_a_late_answer_declined_is_chased_again_from_its_new_due_date(db, calendar) -> None:
    policy = calendar.policy
    reference = _file(db, calendar)
    due = _complaint(db, reference).respond_due_at
    first = sweep(db.factory, policy, RULES, now=due)
    assert "respond.hold" in [d.step for d in first.done]  # the first round was late
    _respond(db, calendar, reference, due + timedelta(hours=1))
    declined_at = due + timedelta(days=1)
    closing.decline(
        db.factory, policy, reference=reference, identity=CUSTOMER, reason="no", now=declined_at
    )
    new_due = _complaint(db, reference).respond_due_at
    assert new_due == declined_at + policy.targets[_complaint(db, reference).priority].respond
    assert sweep(db.factory, policy, RULES, now=new_due - timedelta(minutes=1)).done == []
    again = sweep(db.factory, policy, RULES, now=new_due)
    assert sorted((d.step, d.due_at) for d in again.done) == [
        ("respond.hold", new_due),
        ("respond.remind", new_due),
    ]


def test_staff_close_only_with_a_reason_and_the_survey_is_asked(db, calendar) -> None:
    policy = calendar.policy
    reference = _file(db, calendar)
    kim = policy.staff("kim.minji")
    assert kim is not None
    refused = closing.close_by_staff(
        db.factory, policy, reference=reference, by=kim, reason="  ", now=FILED
    )
    assert refused.result == "no_reason" and _complaint(db, reference).status == "received"
    done = closing.close_by_staff(
        db.factory, policy, reference=reference, by=kim, reason="duplicate of CMP-X", now=FILED
    )
    assert (done.result, done.status) == ("done", "closed")
    assert _events(db, reference, "closed") == [
        ("closed", {"reason": "duplicate of CMP-X", "from": "received", "to": "closed"})
    ]
    assert [r for r, _ in _outbox(db, reference, "customer.closed")] == ["5550001"]
    ((_, survey),) = _outbox(db, reference, "customer.survey")
    assert "1(매우 불만족)" in survey["message"]  # the customer's language
    assert _complaint(db, reference).survey_asked_at == FILED


def test_reopening_within_the_window_and_a_linked_complaint_after_it(db, calendar) -> None:
    policy = calendar.policy
    reference = _answered(db, calendar)
    closed_at = ANSWERED + timedelta(hours=1)
    closing.accept(db.factory, policy, reference=reference, identity=CUSTOMER, now=closed_at)
    within = closed_at + policy.closing.reopen_within
    assert (
        closing.reopen(db.factory, policy, reference=reference, identity=STRANGER, now=within)
    ).result == "not_found"
    again = closing.reopen(db.factory, policy, reference=reference, identity=CUSTOMER, now=within)
    assert (again.result, again.status) == ("done", "investigating")
    complaint = _complaint(db, reference)
    assert complaint.reopened_count == 1 and complaint.assignee.handle == "kim.minji"
    assert complaint.closed_at is None
    assert complaint.respond_due_at == within + policy.targets[complaint.priority].respond
    kinds = [k for k, _ in _events(db, reference)][-2:]
    assert kinds == ["reopened", "status_changed"]  # reopened, then back to work
    assert [r for r, _ in _outbox(db, reference, closing.STAFF_REOPENED)] == ["U0KIMMINJI"]

    # answered and accepted again; a month and a day later it is too late
    _respond(db, calendar, reference, within + timedelta(days=1))
    closing.accept(
        db.factory, policy, reference=reference, identity=CUSTOMER, now=within + timedelta(days=1)
    )
    too_late = within + timedelta(days=1) + policy.closing.reopen_within + timedelta(minutes=1)
    late = closing.reopen(db.factory, policy, reference=reference, identity=CUSTOMER, now=too_late)
    assert (late.result, late.status, late.reference) == ("too_late", "closed", reference)
    assert _complaint(db, reference).status == "closed"
    follow_up = _file(db, calendar, linked=reference)
    assert _complaint(db, follow_up).linked_reference == reference
    assert _events(db, follow_up, "received")[0][1]["linked_reference"] == reference
    with transaction(db.factory) as session:
        assert list(repo.linked_to(session, reference=reference)) == [follow_up]


def test_satisfaction_is_stored_once_and_a_low_score_with_a_comment_goes_to_the_supervisor(
    db, calendar
) -> None:
    policy = calendar.policy
    reference = _answered(db, calendar)
    early = closing.record_satisfaction(
        db.factory, policy, reference=reference, identity=CUSTOMER, score=2, now=ANSWERED
    )
    assert early.result == "not_now"  # not closed yet: nothing to rate
    closing.accept(db.factory, policy, reference=reference, identity=CUSTOMER, now=ANSWERED)
    with pytest.raises(ValueError):
        closing.record_satisfaction(
            db.factory, policy, reference=reference, identity=CUSTOMER, score=6, now=ANSWERED
        )
    first = closing.record_satisfaction(
        db.factory, policy, reference=reference, identity=CUSTOMER, score=2, now=ANSWERED
    )
    assert first.result == "done"
    second = closing.record_satisfaction(
        db.factory, policy, reference=reference, identity=CUSTOMER, score=5, now=ANSWERED
    )
    assert second.result == "already_answered"  # never overwritten
    assert _outbox(db, reference, closing.STAFF_FEEDBACK) == []  # a score alone: no DM
    comment = closing.record_satisfaction(
        db.factory,
        policy,
        reference=reference,
        identity=CUSTOMER,
        comment="답변이 너무 늦었어요",
        now=ANSWERED,
    )
    assert comment.result == "done"
    complaint = _complaint(db, reference)
    assert (complaint.satisfaction_score, complaint.satisfaction_comment) == (
        2,
        "답변이 너무 늦었어요",
    )
    # feedback for the supervisor, not a new complaint
    assert [r for r, _ in _outbox(db, reference, closing.STAFF_FEEDBACK)] == ["U0LEEJUNHO"]
    with transaction(db.factory) as session:
        assert session.execute(sa.select(sa.func.count(Complaint.id))).scalar_one() == 1
    again = closing.record_satisfaction(
        db.factory, policy, reference=reference, identity=CUSTOMER, comment="또", now=ANSWERED
    )
    assert again.result == "already_answered"
    assert _complaint(db, reference).satisfaction_comment == "답변이 너무 늦었어요"
    assert [k for k, _ in _events(db, reference)][-2:] == ["satisfaction", "satisfaction_comment"]


def test_silence_reminds_halfway_then_closes_and_the_survey_is_reminded_once(db, calendar) -> None:
    policy = calendar.policy
    rules = policy.closing
    reference = _answered(db, calendar)
    assert sweep(db.factory, policy, RULES, now=ANSWERED + timedelta(days=6)).done == []
    halfway = ANSWERED + rules.close_after / 2
    reminded = sweep(db.factory, policy, RULES, now=halfway)
    assert [(d.step, d.to) for d in reminded.done] == [("close.remind", "customer")]
    assert sweep(db.factory, policy, RULES, now=halfway + timedelta(days=1)).done == []
    ((recipient, payload),) = _outbox(db, reference, "customer.decision_reminder")
    assert recipient == "5550001" and "2026년 12월 15일" in payload["message"]  # closes by
    assert _complaint(db, reference).status == "responded"

    end = ANSWERED + rules.close_after
    closed = sweep(db.factory, policy, RULES, now=end)
    assert [d.step for d in closed.done] == ["close.silence"]
    complaint = _complaint(db, reference)
    assert (complaint.status, complaint.closed_at, complaint.survey_asked_at) == (
        "closed",
        end,
        end,
    )
    ((_kind, data),) = _events(db, reference, "closed_silence")
    assert data["from"] == "responded" and data["to"] == "closed"
    assert len(_outbox(db, reference, "customer.closed")) == 1
    assert len(_outbox(db, reference, "customer.survey")) == 1

    survey_due = end + rules.survey_reminder_after
    assert sweep(db.factory, policy, RULES, now=survey_due - timedelta(minutes=1)).done == []
    assert [d.step for d in sweep(db.factory, policy, RULES, now=survey_due).done] == [
        "survey.remind"
    ]
    assert sweep(db.factory, policy, RULES, now=survey_due + timedelta(days=30)).done == []
    assert len(_outbox(db, reference, "customer.survey_reminder")) == 1
    assert _complaint(db, reference).next_chase_at is None  # nothing more to do


def test_a_decision_before_the_end_stops_the_closing_ladder(db, calendar) -> None:
    policy = calendar.policy
    accepted, declined = _answered(db, calendar), _answered(db, calendar)
    closing.accept(db.factory, policy, reference=accepted, identity=CUSTOMER, now=ANSWERED)
    closing.decline(
        db.factory, policy, reference=declined, identity=CUSTOMER, reason="no", now=ANSWERED
    )
    report = sweep(db.factory, policy, RULES, now=ANSWERED + policy.closing.close_after)
    assert not [d for d in report.done if d.step.startswith("close.")]
    assert _complaint(db, accepted).status == "closed"
    # the accepted one's survey is reminded (the dialogue asked it at acceptance)
    assert [d.reference for d in report.done if d.step == "survey.remind"] == [accepted]


def test_the_office_clock_counts_close_after_in_working_days(settings) -> None:
    policy = in_slack(settings, team_channels=QUALITY_CHANNEL).policy  # target_clock: office
    assert policy.target_clock == "office"
    db = prepare_database(in_slack(settings, team_channels=QUALITY_CHANNEL))
    _answered(db, in_slack(settings, team_channels=QUALITY_CHANNEL))
    two_weeks = ANSWERED + policy.closing.close_after
    assert [d.step for d in sweep(db.factory, policy, RULES, now=two_weeks).done] == [
        "close.remind"  # fourteen working days are not two calendar weeks
    ]
    working = policy.due(ANSWERED, policy.closing.close_after)
    assert working > two_weeks
    assert [d.step for d in sweep(db.factory, policy, RULES, now=working).done] == ["close.silence"]


def test_show_json_has_the_whole_path(db, calendar, capsys, monkeypatch) -> None:
    """File → answer → decline → answer again → accept → survey: the numbers in
    `complaints show --json`, and a staff close from the command line needs its reason."""
    monkeypatch.setenv("DATABASE_URL", calendar.database_url)
    policy = calendar.policy
    reference = _answered(db, calendar)
    closing.decline(
        db.factory,
        policy,
        reference=reference,
        identity=CUSTOMER,
        reason="still broken",
        now=ANSWERED,
    )
    _respond(db, calendar, reference, ANSWERED + timedelta(hours=1))
    closing.accept(
        db.factory,
        policy,
        reference=reference,
        identity=CUSTOMER,
        now=ANSWERED + timedelta(hours=2),
    )
    closing.record_satisfaction(
        db.factory,
        policy,
        reference=reference,
        identity=CUSTOMER,
        score=4,
        comment="ok",
        now=ANSWERED,
    )
    follow_up = _file(db, calendar, linked=reference)
    assert main(["complaints", "show", reference, "--json"]) == 0
    case = json.loads(capsys.readouterr().out)
    assert (case["reference"], case["status"], case["assignee"]) == (
        reference,
        "closed",
        "kim.minji",
    )
    assert case["priority"] and case["category"] == "product"
    assert case["satisfaction"]["score"] == 4 and case["satisfaction"]["comment"] == "ok"
    assert (case["reopened"], case["declined"], case["linked_from"]) == (0, 1, [follow_up])
    assert case["closed_by"]["kind"] == "accepted"
    kinds = [e["kind"] for e in case["events"]]
    for kind in ("responded", "declined", "accepted", "satisfaction", "satisfaction_comment"):
        assert kind in kinds
    assert set(case["events"][0]) == {"at", "actor", "kind", "data"}
    declined = next(e for e in case["events"] if e["kind"] == "declined")
    assert declined["actor"] == "customer:telegram:5550001"
    assert declined["data"]["reason"] == "still broken"

    assert main(["complaints", "show", follow_up, "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["linked_reference"] == reference
    assert main(["complaints", "show", reference]) == 0
    shown = capsys.readouterr().out
    assert "satisfaction: 4/5 · ok" in shown and f"followed by: {follow_up}" in shown
    assert "the customer accepted the answer" in shown and "declined: 1×" in shown
    assert "[declined the answer] still broken" in shown


def test_a_no_without_a_reason_is_never_lost_and_its_reason_is_added_when_it_comes(
    db, calendar, capsys, monkeypatch
) -> None:
    """A bare "no" (or the decline button) and then silence: the decline is recorded at
    once and the complaint is back at work, so the sweep never closes it as if the customer
    had been silent about the answer; the reason said later is added to that decline."""
    policy = calendar.policy
    reference = _answered(db, calendar)
    said_no = closing.decline(
        db.factory, policy, reference=reference, identity=CUSTOMER, reason="", now=ANSWERED
    )
    assert (said_no.result, said_no.status) == ("done", "investigating")
    report = sweep(db.factory, policy, RULES, now=ANSWERED + 3 * policy.closing.close_after)
    assert not [d for d in report.done if d.step.startswith("close.")]
    assert [d.step for d in report.done if d.reference == reference][:1] == ["respond.remind"]
    assert _complaint(db, reference).status != "closed"
    # the reason, later: on the events (and so the card and the history), not a 2nd decline
    later = ANSWERED + timedelta(hours=2)
    stranger = closing.explain_decline(
        db.factory, policy, reference=reference, identity=STRANGER, reason="x", now=later
    )
    assert stranger.result == "not_found"
    said = closing.explain_decline(
        db.factory,
        policy,
        reference=reference,
        identity=CUSTOMER,
        reason="화면이 또 깨졌어요",
        now=later,
    )
    assert said.result == "done"
    assert _events(db, reference, "decline_reason") == [
        ("decline_reason", {"reason": "화면이 또 깨졌어요", "count": 1})
    ]
    assert _complaint(db, reference).declined_count == 1
    monkeypatch.setenv("DATABASE_URL", calendar.database_url)
    capsys.readouterr()
    assert main(["complaints", "show", reference]) == 0
    assert "[what is still wrong] 화면이 또 깨졌어요" in capsys.readouterr().out
    # answered again since: a late reason belongs to no decline (any message of theirs)
    _respond(db, calendar, reference, later + timedelta(hours=1))
    late = closing.explain_decline(
        db.factory,
        policy,
        reference=reference,
        identity=CUSTOMER,
        reason="still broken",
        now=later + timedelta(hours=2),
    )
    assert late.result == "not_now"


def test_the_sweep_never_closes_a_complaint_declined_since_its_answer(db, calendar) -> None:
    """Where the sweep closes, the rule written down: a decline since the answer keeps the
    complaint off the closing ladder even in a state the table would let it close from."""
    policy = calendar.policy
    reference = _answered(db, calendar)
    with transaction(db.factory) as session:  # as if a decline left it `responded`
        complaint = repo.get_by_reference(session, reference=reference)
        assert complaint is not None
        complaint.declined_count, complaint.resumed_at = 1, ANSWERED + timedelta(minutes=1)
    report = sweep(db.factory, policy, RULES, now=ANSWERED + 3 * policy.closing.close_after)
    assert [d.to for d in report.done if d.step.startswith("close.")] == ["-", "-"]
    assert _complaint(db, reference).status == "responded"
    assert _outbox(db, reference, "customer.closed") == []
