"""Closing the loop with the customer (ISO 10002 7.8-7.9, 8.3): the answer is a decision the
customer accepts or declines; staff may close with a reason; a closed complaint can be
reopened within `closing.reopen_within`; after closing, one 1-5 satisfaction question.

The use cases the dialogue (the customer's words, buttons), Slack and the CLI call. Each is a
`casework.transition`: one transaction, the complaint's row locked, the event checked against
the lifecycle's table (`storage.vocabulary`) under that lock, its audit event and outbox rows
written with it. The customer's own actions are for the identity that filed the complaint
only (anyone else gets `not_found`, as for a reference that does not exist). What the
customer is told in the conversation (thanks, what happens next, the recourse, the survey's
buttons) is the dialogue's: these return what happened for it to say.

The sweep's side (the reminder halfway through `close_after`, closing after silence, the
survey's reminder) is `handlers/chase.py`, with the same words (`WORDS`).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session, sessionmaker

from handlers import casework
from handlers.casework import (
    Outcome,
    actor_of,
    notify_customer,
    tell_staff,
    transition,
)
from handlers.formatting import format_date
from handlers.identity import Identity
from handlers.policy import Policy
from handlers.thread import to_staff_thread
from storage import repositories as repo
from storage.db import transaction
from storage.models import Complaint
from storage.repositories import StaffMember
from storage.vocabulary import after, allows

# Outbox kinds for staff in Slack: a DM to the assignee with the card.
STAFF_DECLINED = "staff.declined"  # the customer declined the answer
STAFF_REOPENED = "staff.reopened"  # the customer reopened a closed complaint
# a DM to the team's supervisors: a low score with a comment (feedback, not a complaint)
STAFF_FEEDBACK = "staff.feedback"

DESK = "system:desk"  # the desk itself: a reopened complaint goes back to work
SCORES = range(1, 6)
LOW_SCORES = (1, 2)

# What the desk writes to the customer outside a conversation when closing the loop, as
# staff updates are written (`customer.update`'s frame: "An update on your complaint …"),
# until the dialogue has responses of its own for them. Korean per shared/KOREAN.md.
WORDS = {
    "en": {
        "decision_reminder": (
            "Does the answer we sent you on {answered} resolve your complaint? Please let "
            "us know here. If we don't hear from you by {close_by}, we'll close it."
        ),
        "survey": (
            "How satisfied are you with how we handled your complaint? Please reply with a "
            "number from 1 (not at all) to 5 (very satisfied)."
        ),
        "survey_reminder": (
            "We'd still like to know how satisfied you are with how we handled your "
            "complaint: please reply with a number from 1 (not at all) to 5 (very "
            "satisfied). We won't ask again."
        ),
    },
    "ko": {
        "decision_reminder": (
            "{answered}에 보내 드린 답변으로 불편 사항이 해결되었는지 여기에 말씀해 주세요. "
            "{close_by}까지 말씀이 없으시면 처리를 완료하겠습니다."
        ),
        "survey": (
            "불편 사항 처리 과정에 얼마나 만족하셨는지 1(매우 불만족)부터 5(매우 만족)까지 "
            "숫자로 알려 주세요."
        ),
        "survey_reminder": (
            "불편 사항 처리 과정에 얼마나 만족하셨는지 1(매우 불만족)부터 5(매우 만족)까지 "
            "숫자로 알려 주시면 큰 도움이 됩니다. 다시 여쭙지 않겠습니다."
        ),
    },
}


# The customer's notifications that ask something, and their buttons on every channel (REST
# and the web page, Telegram's inline keyboard, Slack's Block Kit): the answer and the
# reminder to decide ask to accept or decline, the survey and its reminder ask for 1-5.
DECISION_NOTICES = ("customer.responded", "customer.decision_reminder")
SURVEY_NOTICES = ("customer.survey", "customer.survey_reminder")


def _payload(intent: str, **entities: str) -> str:
    return f"/{intent}{json.dumps(entities, ensure_ascii=False)}"


def decision_buttons(reference: str, title: Callable[[str], str]) -> list[dict[str, str]]:
    """Accept or decline the answer: a yes or a no about the complaint (`title`: a domain
    response's text in the customer's language)."""
    return [
        {
            "title": title("utter_closing_accept_button"),
            "payload": _payload("affirm", reference=reference),
        },
        {
            "title": title("utter_closing_decline_button"),
            "payload": _payload("deny", reference=reference),
        },
    ]


def survey_buttons(reference: str) -> list[dict[str, str]]:
    """The satisfaction score, 1 to 5, about the complaint."""
    return [
        {"title": str(n), "payload": _payload("inform", reference=reference, score=str(n))}
        for n in SCORES
    ]


def notice_buttons(
    kind: str, values: Mapping[str, Any], title: Callable[[str], str]
) -> list[dict[str, str]]:
    """The buttons a customer notification comes with (none for most)."""
    reference = str(values.get("reference") or "")
    if not reference:
        return []
    if kind in DECISION_NOTICES:
        return decision_buttons(reference, title)
    if kind in SURVEY_NOTICES:
        return survey_buttons(reference)
    return []


@dataclass(frozen=True)
class State:
    """Where a complaint stands, for what the customer is told after a step."""

    reference: str
    status: str
    product: str
    category: str
    respond_due_at: datetime
    closed_at: datetime | None


def state(factory: sessionmaker, reference: str) -> State | None:
    """The complaint's state now (None: no such complaint)."""
    with transaction(factory) as session:
        c = session.execute(
            sa.select(Complaint).where(Complaint.reference == reference)
        ).scalar_one_or_none()
        if c is None:
            return None
        return State(c.reference, c.status, c.product, c.category, c.answer_due_at, c.closed_at)


def words(language: str, key: str, **values: str) -> str:
    """One of the desk's closing messages in the language (English when unknown)."""
    return WORDS.get(language, WORDS["en"])[key].format(**values)


def decision_reminder(policy: Policy, complaint: Complaint, close_by: datetime) -> str:
    """The reminder to accept or decline the answer, with the day it closes by itself."""
    language = complaint.language
    return words(
        language,
        "decision_reminder",
        answered=format_date(complaint.responded_at, language, policy.timezone),
        close_by=format_date(close_by, language, policy.timezone),
    )


def _own(identity: Identity) -> Callable[[Complaint], bool]:
    """Who may act on it: only the identity that filed it."""
    return lambda c: (c.channel, c.user_id) == (identity.channel, identity.user_id)


def _closed_in(complaint: Complaint, now: datetime) -> None:
    """What every closing sets: when, nothing more awaited, the survey asked from now."""
    complaint.closed_at = complaint.updated_at = now
    complaint.awaiting_customer_since = None
    if complaint.survey_asked_at is None:  # asked once per complaint, never again
        complaint.survey_asked_at = now


def ask_survey(session: Session, policy: Policy, complaint: Complaint) -> bool:
    """The satisfaction question to the customer through the outbox (after a closing they
    did not make in a conversation: staff's, the sweep's)."""
    text = words(complaint.language, "survey")
    return notify_customer(session, policy, complaint, "customer.survey", message=text)


def accept(
    factory: sessionmaker, policy: Policy, *, reference: str, identity: Identity, now: datetime
) -> Outcome:
    """The customer accepts the answer: closed. The dialogue thanks them and asks the
    satisfaction question in its reply (`survey_asked_at` is set here, for its reminder)."""

    def change(session: Session, complaint: Complaint) -> bool:
        previous = complaint.status
        complaint.status = after("accept", previous)
        _closed_in(complaint, now)
        repo.add_event(
            session,
            complaint=complaint,
            actor=identity.actor,
            kind="accepted",
            data={"from": previous, "to": complaint.status},
            at=now,
        )
        return False

    return transition(
        factory,
        policy,
        reference=reference,
        allowed=lambda c: allows("accept", c.status),
        change=change,
        visible=_own(identity),
    )


def decline(
    factory: sessionmaker,
    policy: Policy,
    *,
    reference: str,
    identity: Identity,
    reason: str = "",
    now: datetime,
) -> Outcome:
    """The customer declines the answer, in their own words (`reason`, may be empty: a bare
    "no" or the button is recorded at once all the same, and the reason said after it is
    added by `explain_decline`): back to work with a new answer due from now
    (`investigating`), or for a second decline `escalated` to the team's supervisor. The assignee gets the card in a DM; the dialogue
    tells the customer what happens next and the recourse (`policy.closing.recourse`)."""

    def change(session: Session, complaint: Complaint) -> bool:
        previous = complaint.status
        complaint.declined_count = (complaint.declined_count or 0) + 1
        event = "decline" if complaint.declined_count < 2 else "decline_again"
        status = after(event, previous)
        _back_to_work(policy, complaint, now)
        repo.add_event(
            session,
            complaint=complaint,
            actor=identity.actor,
            kind="declined",
            data={
                "reason": reason.strip(),
                "count": complaint.declined_count,
                "from": previous,
                "to": status,
            },
            at=now,
        )
        if status == "escalated":
            casework.escalate_in(
                session, policy, complaint, actor=DESK, now=now, reason="declined again"
            )
        else:
            complaint.status = status
        _tell_assignee(session, policy, complaint, STAFF_DECLINED)
        return False

    return transition(
        factory,
        policy,
        reference=reference,
        allowed=lambda c: allows("decline", c.status),
        change=change,
        visible=_own(identity),
    )


def explain_decline(
    factory: sessionmaker,
    policy: Policy,
    *,
    reference: str,
    identity: Identity,
    reason: str,
    now: datetime,
) -> Outcome:
    """Why the answer does not resolve it, said after the decline ("no", the decline
    button, then "What is still wrong?"). A "no" is never lost: `decline` recorded it and
    sent the complaint back to work at once, whether or not a reason ever comes, so the
    complaint is never left `responded` for the sweep to close as if the customer had been
    silent about the answer. The reason, when it comes, is added to that decline: a
    `decline_reason` event (the card, the history and `complaints show` show it) and the
    complaint's staff thread in Slack. `not_now` when no decline is awaiting it: the
    complaint was answered again since (or was never declined), and the message is then
    any message of the customer's."""
    reason = reason.strip()

    def change(session: Session, complaint: Complaint) -> bool:
        repo.add_event(
            session,
            complaint=complaint,
            actor=identity.actor,
            kind="decline_reason",
            data={"reason": reason, "count": complaint.declined_count},
            at=now,
        )
        complaint.updated_at = now
        to_staff_thread(session, policy, complaint, reason)  # as a customer's message is
        return False

    if not reason:
        return Outcome("no_reason", reference=reference)
    return transition(
        factory,
        policy,
        reference=reference,
        allowed=_awaiting_reason,
        change=change,
        visible=_own(identity),
    )


def _awaiting_reason(complaint: Complaint) -> bool:
    """Declined, back at work since, and not answered again: a reason said now is the
    decline's."""
    resumed, answered = complaint.resumed_at, complaint.responded_at
    return (
        bool(complaint.declined_count)
        and resumed is not None
        and (answered is None or answered <= resumed)
        and allows("message", complaint.status)
        and not allows("decline", complaint.status)
    )


def awaits_reason(factory: sessionmaker, reference: str) -> bool:
    """Whether the complaint's decline still awaits its reason ("What is still wrong?"
    asked): not once it was answered again."""
    with transaction(factory) as session:
        complaint = session.execute(
            sa.select(Complaint).where(Complaint.reference == reference)
        ).scalar_one_or_none()
        return complaint is not None and _awaiting_reason(complaint)


def _back_to_work(policy: Policy, complaint: Complaint, now: datetime) -> None:
    """A complaint going back to work (declined, reopened): new due dates from now, the
    answer's overdue ladder started again from them (`resumed_at`)."""
    targets = policy.targets.get(complaint.priority) or policy.targets["normal"]
    complaint.ack_due_at = policy.due(now, targets.ack)
    complaint.respond_due_at = policy.due(now, targets.respond)
    complaint.promised_at = None  # a new target: the old promise is kept in the trail
    complaint.resumed_at = complaint.updated_at = now
    complaint.closed_at = None
    complaint.awaiting_customer_since = None


def _tell_assignee(session: Session, policy: Policy, complaint: Complaint, kind: str) -> None:
    if complaint.assignee is not None:
        member = policy.staff(complaint.assignee.handle)
        if member is not None:
            tell_staff(session, member, complaint, kind)


def close_by_staff(
    factory: sessionmaker,
    policy: Policy,
    *,
    reference: str,
    by: StaffMember,
    reason: str,
    now: datetime,
) -> Outcome:
    """Staff close an open complaint without the customer's acceptance, with a reason (the
    customer cannot be reached, a duplicate): `no_reason` without one. The customer is told
    it is closed and asked the satisfaction question; the card and history say who and why."""
    reason = reason.strip()
    if not reason:
        return Outcome("no_reason", reference=reference)

    def change(session: Session, complaint: Complaint) -> bool:
        previous = complaint.status
        complaint.status = after("close", previous)
        casework.staff_acted(complaint)
        _closed_in(complaint, now)
        repo.add_event(
            session,
            complaint=complaint,
            actor=actor_of(by),
            kind="closed",
            data={"reason": reason, "from": previous, "to": complaint.status},
            at=now,
        )
        notified = notify_customer(session, policy, complaint, "customer.closed")
        ask_survey(session, policy, complaint)
        return notified

    return transition(
        factory,
        policy,
        reference=reference,
        allowed=lambda c: allows("close", c.status),
        change=change,
    )


def reopen(
    factory: sessionmaker, policy: Policy, *, reference: str, identity: Identity, now: datetime
) -> Outcome:
    """The customer reopens their closed complaint within `closing.reopen_within` of its
    closing: `reopened`, then at once back to work (`investigating`) with the same assignee,
    new due dates from now, the assignee told in a DM and the card redrawn. After the window:
    `too_late` (the caller offers a new complaint that links this reference, `linked_reference`
    of `intake.file_complaint`)."""
    window = policy.closing.reopen_within

    def in_window(complaint: Complaint) -> bool:
        closed = complaint.closed_at
        return allows("reopen", complaint.status) and (closed is None or now - closed <= window)

    def change(session: Session, complaint: Complaint) -> bool:
        previous = complaint.status
        reopened = after("reopen", previous)
        complaint.reopened_count = (complaint.reopened_count or 0) + 1
        complaint.declined_count = 0  # a new round: its first decline goes back to work
        complaint.status = reopened
        repo.add_event(
            session,
            complaint=complaint,
            actor=identity.actor,
            kind="reopened",
            data={
                "from": previous,
                "to": reopened,
                "count": complaint.reopened_count,
                "closed_at": _iso(complaint.closed_at),
            },
            at=now,
        )
        _back_to_work(policy, complaint, now)
        resumed = after("resume", reopened)
        repo.set_status(session, complaint=complaint, status=resumed, actor=DESK, at=now)
        _tell_assignee(session, policy, complaint, STAFF_REOPENED)
        return False

    outcome = transition(
        factory,
        policy,
        reference=reference,
        allowed=in_window,
        change=change,
        visible=_own(identity),
    )
    if outcome.result == "not_now" and outcome.status == "closed":
        return Outcome("too_late", "closed", by=outcome.by, reference=outcome.reference)
    return outcome


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment is not None else None


def _scored(
    session: Session,
    complaint: Complaint,
    identity: Identity,
    score: int,
    now: datetime,
    **more: int | None,
) -> None:
    """The satisfaction score stored on the complaint, and the event that records it."""
    complaint.satisfaction_score, complaint.satisfaction_at = score, now
    repo.add_event(
        session,
        complaint=complaint,
        actor=identity.actor,
        kind="satisfaction",
        data={"score": score, **more},
        at=now,
    )


def change_satisfaction(
    factory: sessionmaker,
    policy: Policy,
    *,
    reference: str,
    identity: Identity,
    score: int,
    now: datetime,
) -> Outcome:
    """The satisfaction score given again, to change the one stored ("make that a perfect
    score after all"); the comment stays. Only a closed complaint already scored."""
    if score not in SCORES:
        raise ValueError(f"a satisfaction score is 1 to 5, not {score!r}")

    def fits(complaint: Complaint) -> bool:
        return allows("rate", complaint.status) and complaint.satisfaction_score is not None

    def change(session: Session, complaint: Complaint) -> bool:
        before = {"changed_from": complaint.satisfaction_score}
        _scored(session, complaint, identity, score, now, **before)
        complaint.updated_at = now
        return False

    return transition(
        factory, policy, reference=reference, allowed=fits, change=change, visible=_own(identity)
    )


def record_satisfaction(
    factory: sessionmaker,
    policy: Policy,
    *,
    reference: str,
    identity: Identity,
    score: int | None = None,
    comment: str | None = None,
    now: datetime,
) -> Outcome:
    """The customer's answer to the satisfaction question (ISO 10002 8.3): a score 1-5,
    stored once (a second score is `already_answered` and changes nothing), and a comment,
    with the score or after it (once too). A score of 1-2 with a comment is feedback for the
    team's supervisors: a DM, not a new complaint."""
    if score is not None and score not in SCORES:
        raise ValueError(f"a satisfaction score is 1 to 5, not {score!r}")
    comment = (comment or "").strip() or None
    if score is None and comment is None:
        raise ValueError("a satisfaction answer needs a score or a comment")

    def fits(complaint: Complaint) -> bool:
        if not allows("rate", complaint.status):
            return False
        if score is not None:
            return complaint.satisfaction_score is None
        # a comment comes after the score, and once
        return complaint.satisfaction_score is not None and complaint.satisfaction_comment is None

    def change(session: Session, complaint: Complaint) -> bool:
        if score is not None:
            _scored(session, complaint, identity, score, now)
        if comment is not None:
            complaint.satisfaction_comment = comment
            repo.add_event(
                session,
                complaint=complaint,
                actor=identity.actor,
                kind="satisfaction_comment",
                data={"comment": comment},
                at=now,
            )
            if complaint.satisfaction_score in LOW_SCORES:
                team = policy.team_for(complaint.category)
                for member in policy.leads(team, "supervisor") or policy.leads(team, "manager"):
                    tell_staff(session, member, complaint, STAFF_FEEDBACK)
        complaint.updated_at = now
        return False

    outcome = transition(
        factory,
        policy,
        reference=reference,
        allowed=fits,
        change=change,
        visible=_own(identity),
    )
    if outcome.result == "not_now" and outcome.status == "closed":
        return Outcome("already_answered", "closed", reference=outcome.reference)
    return outcome
