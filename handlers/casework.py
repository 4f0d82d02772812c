"""Staff work on a complaint: acknowledge, investigate, respond, reassign, escalate.

The use cases behind Slack's buttons and the back-office CLI alike. Each runs in one
transaction with the complaint's row locked (`FOR UPDATE` on PostgreSQL; SQLite has one
writer at a time), so when two staff act at once one wins and the other is told what
happened instead. Each change writes its audit event with the staff member as actor, and its
notifications to the outbox (`bot/jobs/outbox.py`) in the same transaction:

- the customer, on the channel they used: pushed on Telegram and Slack; on channels the desk
  cannot push to (REST, console) kept until their next message, which shows it first;
- staff in Slack: the assignee's DM, escalations to supervisors and managers, and the
  complaint's cards, redrawn from the database so they always show the truth.

Which event may happen in which status is the lifecycle's one table
(`storage.vocabulary.LIFECYCLE`): each use case asks it (`allows`, `after`), as do the Slack
card's buttons and the sweep. Closing the loop with the customer (accept, decline, close
with a reason, reopen, the satisfaction survey) is `handlers/closing.py`.

Every change of a complaint's state goes through `transition`: staff actions, the customer's
withdrawal, and (a batch at a time, `handlers/chase.py`) the sweep, which locks the same
rows with `SKIP LOCKED` and reads their status under the lock as `transition` does. A check
made before the lock is worth nothing: a `respond` committed in between would be overwritten.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any, Literal

import sqlalchemy as sa
from sqlalchemy.orm import Session, sessionmaker

from handlers.formatting import format_date
from handlers.policy import Policy
from storage import repositories as repo
from storage.db import transaction
from storage.models import (
    Complaint,
    ComplaintEvent,
    OutboxAttempt,
    OutboxMessage,
    SlackCard,
    Staff,
)
from storage.repositories import StaffMember
from storage.vocabulary import after, allows

# Channels whose customers can be sent a message outside a conversation.
PUSH_CHANNELS = ("telegram", "slack")
# Channels whose customers may also be e-mailed (they gave an address and cannot be pushed to).
EMAIL_CHANNELS = ("rest", "web", "console")
# The domain response each customer notification is written with.
NOTIFICATIONS = {
    "customer.acknowledged": "utter_notify_acknowledged",
    "customer.responded": "utter_notify_responded",
    "customer.closed": "utter_notify_closed",
    "customer.holding": "utter_notify_holding",
    "customer.update": "utter_notify_update",
    "customer.question": "utter_notify_question",
    # closing the loop (handlers/closing.py): the reminder to accept or decline the answer,
    # the satisfaction question and its reminder. Until the dialogue has responses of their
    # own they are written as an update is, their words in `message`.
    "customer.decision_reminder": "utter_notify_update",
    "customer.survey": "utter_notify_update",
    "customer.survey_reminder": "utter_notify_update",
}
# Staff messages to the customer: an update, a question, or the answer (`respond`).
STAFF_MESSAGE_KINDS = ("update", "question")
# Outbox kinds for staff in Slack.
STAFF_ASSIGNED = "staff.assigned"  # the assignee's DM with the card
STAFF_ESCALATED = "staff.escalated"  # a supervisor's or manager's DM with the card
STAFF_CARD = "staff.card"  # redraw the complaint's cards (team channel, DMs)
STAFF_REMINDER = "staff.reminder"  # the assignee's DM: overdue (the chase sweep)
# a customer's message about the complaint: posted in the thread of each of its cards
STAFF_THREAD = "staff.thread"
# the customer withdrew the complaint: the assignee's DM
STAFF_WITHDRAWN = "staff.withdrawn"

Result = Literal[
    "done",
    "not_found",
    "not_now",
    "not_allowed",
    "no_such_staff",
    # closing the loop (handlers/closing.py): a staff close without a reason; a reopening
    # after `closing.reopen_within`; a satisfaction question answered before
    "no_reason",
    "too_late",
    "already_answered",
    # escalation: already at (or above) the level this press would raise it to; a manager
    # pressed (the top of the ladder); nobody in a role above but whoever handles it
    "already_escalated",
    "at_top",
    "no_one_above",
]


@dataclass(frozen=True)
class Outcome:
    """What happened. `not_now`: the complaint's status does not allow it (`status`, and
    `by`: who made the last change); `not_allowed`: not this staff member's to do; the
    rest are `handlers/closing.py`'s."""

    result: Result
    status: str | None = None
    notified: bool = False
    by: str | None = None
    reference: str | None = None
    level: int = 0  # escalations: the level it is at now
    to: tuple[str, ...] = ()  # escalations: who was told


def actor_of(member: StaffMember) -> str:
    """The audit trail's name for a staff member."""
    return f"staff:{member.handle}"


def can_see_contact(member: StaffMember, complaint: Complaint) -> bool:
    """The customer's contact detail is for the assignee, supervisors and managers only
    (ISO 10002 confidentiality)."""
    assignee = complaint.assignee.handle if complaint.assignee else None
    return member.handle == assignee or member.role in ("supervisor", "manager")


def locked(query: sa.sql.Select, *, skip_locked: bool = False) -> sa.sql.Select:
    """A query of complaints whose rows are locked until the transaction ends, as every
    transition takes them (`skip_locked`: the sweep passes over rows another holds)."""
    return query.with_for_update(of=Complaint, skip_locked=skip_locked)


def _locked(session: Session, reference: str) -> Complaint | None:
    query = locked(sa.select(Complaint).where(Complaint.reference == reference))
    return session.execute(query).scalar_one_or_none()


def awaits_an_answer(complaint: Complaint) -> bool:
    """Whether a complaint still awaits its answer (may be answered or escalated): not once
    it is answered or ended."""
    return allows("respond", complaint.status)


def _last_actor(session: Session, complaint: Complaint) -> str | None:
    """Who made the last change: a customer's message since (kept on an ended complaint
    too) changes nothing, so a closed complaint's refusal names who closed it."""
    event = session.execute(
        sa.select(ComplaintEvent.actor)
        .where(
            ComplaintEvent.complaint_id == complaint.id,
            ComplaintEvent.kind.not_in(("customer_message", "human_requested")),
        )
        .order_by(ComplaintEvent.id.desc())
        .limit(1)
    ).scalar_one_or_none()
    return event.removeprefix("staff:") if event else None


def _refused(session: Session, complaint: Complaint) -> Outcome:
    return Outcome(
        "not_now",
        complaint.status,
        by=_last_actor(session, complaint),
        reference=complaint.reference,
    )


def emailed(policy: Policy | None, complaint: Complaint) -> bool:
    """Whether the complaint's notifications also go by e-mail: its customer gave an
    address on a channel the desk cannot push to, and e-mail is set up (`SMTP_URL`)."""
    return (
        policy is not None
        and policy.email_customers
        and complaint.channel in EMAIL_CHANNELS
        and complaint.contact_kind == "email"
    )


def notify_customer(
    session: Session, policy: Policy | None, complaint: Complaint, kind: str, **values: str
) -> bool:
    """The customer's notification, on their channel and (`emailed`) by e-mail; True when
    it is pushed to them now."""
    payload = {"language": complaint.language, "reference": complaint.reference, **values}
    at = complaint.updated_at  # the change's time: the thread is ordered by it
    repo.enqueue(
        session,
        channel=complaint.channel,
        recipient=complaint.user_id,
        kind=kind,
        payload=payload,
        complaint=complaint,
        at=at,
    )
    if emailed(policy, complaint):
        repo.enqueue(
            session,
            channel="email",
            recipient=complaint.contact_normalized,
            kind=kind,
            payload=payload,
            complaint=complaint,
            at=at,
        )
        return True
    return complaint.channel in PUSH_CHANNELS


def staff_acted(complaint: Complaint) -> None:
    """Someone on staff acted on the complaint: a call the customer asked for is no longer
    waiting for someone to notice it."""
    complaint.human_requested_at = None


def in_slack(policy: Policy, complaint: Complaint) -> bool:
    """Whether the complaint has a card anywhere: its team's channel or a DM."""
    team = policy.team_for(complaint.category)
    return bool(policy.team_channels.get(team)) or any(m.slack_user_id for m in policy.roster)


def redraw_cards(session: Session, policy: Policy, complaint: Complaint) -> None:
    """Have the complaint's Slack cards show its state now (posted once, then updated)."""
    if in_slack(policy, complaint):
        _redraw(session, complaint)


def _redraw(session: Session, complaint: Complaint) -> None:
    repo.enqueue(
        session,
        channel="slack",
        # in order per complaint; one complaint's failing card holds up no other's
        recipient=f"card:{complaint.reference}",
        kind=STAFF_CARD,
        payload={"reference": complaint.reference},
        complaint=complaint,
    )


def delivery_changed(session: Session, complaint_id: int) -> None:
    """A message to the customer was delivered, failed, or was shown when they came back:
    the complaint's Slack cards say how the last one went, so those it has are redrawn."""
    carded = session.execute(
        sa.select(SlackCard.id).where(SlackCard.complaint_id == complaint_id).limit(1)
    ).first()
    complaint = session.get(Complaint, complaint_id) if carded is not None else None
    if complaint is not None:
        _redraw(session, complaint)


def tell_staff(session: Session, member: StaffMember, complaint: Complaint, kind: str) -> None:
    """A DM with the complaint's card to one staff member in Slack."""
    if member.slack_user_id:
        repo.enqueue(
            session,
            channel="slack",
            recipient=member.slack_user_id,
            kind=kind,
            payload={"reference": complaint.reference},
            complaint=complaint,
        )


def ladders(complaint: Complaint) -> list[tuple[str, datetime]]:
    """The ladders a complaint is on (`handlers.chase`) and the date each starts from: the
    acknowledgement's while unacknowledged, the response's while unanswered (its due dates,
    and the date a holding message promised);
    an answer's while the customer has not accepted or declined it (from the answer); the
    satisfaction question's while unanswered (from when it was asked)."""
    status = complaint.status
    found = []
    if complaint.acknowledged_at is None and allows("acknowledge", status):
        found.append(("ack", complaint.ack_due_at))
    if allows("respond", status) and complaint.awaiting_customer_since is None:
        # paused while staff wait for the customer's answer to their question
        found.append(("respond", complaint.respond_due_at))
        if complaint.promised_at is not None:  # the later date told to the customer
            found.append(("promised", complaint.promised_at))
    if allows("close_silence", status) and complaint.responded_at is not None:
        found.append(("close", complaint.responded_at))
    if (
        allows("remind_survey", status)
        and complaint.survey_asked_at is not None
        and complaint.satisfaction_score is None
    ):
        found.append(("survey", complaint.survey_asked_at))
    return found


def schedule(complaint: Complaint, now: datetime) -> None:
    """After a change, the chase sweep looks at the complaint again at its next sweep (and
    works out when its next rung comes), or never once nothing is owed."""
    complaint.next_chase_at = now if ladders(complaint) else None


def _done(session: Session, policy: Policy | None, complaint: Complaint, notified: bool) -> Outcome:
    """A change made: the complaint rescheduled, its cards redrawn (with a `policy`)."""
    schedule(complaint, complaint.updated_at)
    if policy is not None:
        redraw_cards(session, policy, complaint)
    return Outcome("done", complaint.status, notified, reference=complaint.reference)


def transition(
    factory: sessionmaker,
    policy: Policy | None,
    *,
    reference: str,
    allowed: Callable[[Complaint], bool],
    change: Callable[[Session, Complaint], bool],
    visible: Callable[[Complaint], bool] = lambda complaint: True,
) -> Outcome:
    """The one way a complaint's state changes: in one transaction, its row locked, the
    change checked against the status read under that lock (`allowed`), then made with its
    events and outbox rows (`change`, True when the customer is pushed a message now).
    `visible`: who may act on it at all (anyone else gets `not_found`); `policy`: where the
    staff's cards are (None: not redrawn)."""
    with transaction(factory) as session:
        complaint = _locked(session, reference)
        if complaint is None or not visible(complaint):
            return Outcome("not_found")
        if not allowed(complaint):
            return _refused(session, complaint)
        return _done(session, policy, complaint, change(session, complaint))


def acknowledge(
    factory: sessionmaker, policy: Policy, *, reference: str, by: StaffMember, now: datetime
) -> Outcome:
    """Staff have the complaint and are looking into it (ISO 10002 7.3)."""

    def change(session: Session, complaint: Complaint) -> bool:
        complaint.status = after("acknowledge", complaint.status)
        complaint.updated_at = now
        return _acknowledge_in(session, policy, complaint, by=by, now=now)

    return transition(
        factory,
        policy,
        reference=reference,
        allowed=lambda c: c.acknowledged_at is None and allows("acknowledge", c.status),
        change=change,
    )


def _acknowledge_in(
    session: Session, policy: Policy, complaint: Complaint, *, by: StaffMember, now: datetime
) -> bool:
    """The acknowledgement itself: its time, its event, the customer told when we will
    answer; True when that is pushed to them now."""
    complaint.acknowledged_at = complaint.updated_at = now
    staff_acted(complaint)
    repo.add_event(session, complaint=complaint, actor=actor_of(by), kind="acknowledged", at=now)
    # after a holding message the customer was promised a later date: never the missed one
    respond_by = format_date(complaint.answer_due_at, complaint.language, policy.timezone)
    return notify_customer(
        session, policy, complaint, "customer.acknowledged", respond_by=respond_by
    )


def investigate(
    factory: sessionmaker, policy: Policy, *, reference: str, by: StaffMember, now: datetime
) -> Outcome:
    """Staff are looking into the complaint (ISO 10002 7.6, the lifecycle's `investigating`).
    A complaint not yet acknowledged is acknowledged with it, and the customer is told so;
    once acknowledged, the customer sees the step in their status answer, not as a message."""

    def change(session: Session, complaint: Complaint) -> bool:
        notified = False
        if complaint.acknowledged_at is None:
            notified = _acknowledge_in(session, policy, complaint, by=by, now=now)
        staff_acted(complaint)
        status = after("investigate", complaint.status)
        repo.set_status(session, complaint=complaint, status=status, actor=actor_of(by), at=now)
        return notified

    return transition(
        factory,
        policy,
        reference=reference,
        allowed=lambda c: allows("investigate", c.status),
        change=change,
    )


def respond(
    factory: sessionmaker,
    policy: Policy,
    *,
    reference: str,
    response: str,
    by: StaffMember,
    now: datetime,
) -> Outcome:
    """The organisation's answer, sent to the customer (ISO 10002 7.7): a decision the
    customer accepts or declines (`handlers/closing.py`); with no reply it is closed after
    `closing.close_after` (the sweep)."""

    def change(session: Session, complaint: Complaint) -> bool:
        complaint.status = after("respond", complaint.status)
        complaint.responded_at, complaint.updated_at = now, now
        complaint.awaiting_customer_since = None
        staff_acted(complaint)
        if complaint.acknowledged_at is None:
            complaint.acknowledged_at = now
        repo.add_event(
            session,
            complaint=complaint,
            actor=actor_of(by),
            kind="responded",
            data={"response": response},
            at=now,
        )
        return notify_customer(session, policy, complaint, "customer.responded", response=response)

    return transition(
        factory,
        policy,
        reference=reference,
        allowed=awaits_an_answer,
        change=change,
    )


def message(
    factory: sessionmaker,
    policy: Policy,
    *,
    reference: str,
    text: str,
    by: StaffMember,
    now: datetime,
    ask: bool = False,
) -> Outcome:
    """A staff message to the customer on an open complaint, as often as needed: an update
    (the lifecycle stays as it is) or, with `ask`, a question the case then waits on (the
    chase pauses until the customer answers, `handlers.thread.customer_message`). A
    complaint not yet acknowledged is acknowledged by it: staff have it in hand."""

    def change(session: Session, complaint: Complaint) -> bool:
        staff_acted(complaint)
        if complaint.acknowledged_at is None:
            complaint.acknowledged_at = now
            repo.add_event(
                session, complaint=complaint, actor=actor_of(by), kind="acknowledged", at=now
            )
            if allows("acknowledge", complaint.status):
                complaint.status = after("acknowledge", complaint.status)
        kind = "question" if ask else "update"
        repo.add_event(
            session,
            complaint=complaint,
            actor=actor_of(by),
            kind="staff_message",
            data={"kind": kind, "text": text},
            at=now,
        )
        if ask and complaint.awaiting_customer_since is None:
            complaint.awaiting_customer_since = now
        complaint.updated_at = now
        return notify_customer(session, policy, complaint, f"customer.{kind}", message=text)

    return transition(
        factory,
        policy,
        reference=reference,
        allowed=lambda c: allows("message", c.status),
        change=change,
    )


def withdraw(
    factory: sessionmaker,
    policy: Policy | None,
    *,
    reference: str,
    channel: str,
    user_id: str,
    actor: str,
    now: datetime,
) -> Outcome:
    """The complainant calls their complaint off while it is not yet answered: locked as
    a staff action is, so a `respond` committed first wins and this is refused."""

    def change(session: Session, complaint: Complaint) -> bool:
        status = after("withdraw", complaint.status)
        repo.set_status(session, complaint=complaint, status=status, actor=actor, at=now)
        complaint.awaiting_customer_since = None
        if policy is not None and complaint.assignee is not None:
            member = policy.staff(complaint.assignee.handle)
            if member is not None:
                tell_staff(session, member, complaint, STAFF_WITHDRAWN)
        return False

    return transition(
        factory,
        policy,
        reference=reference,
        allowed=lambda c: allows("withdraw", c.status),
        change=change,
        visible=lambda c: (c.channel, c.user_id) == (channel, user_id),
    )


def assign(
    factory: sessionmaker,
    policy: Policy,
    *,
    reference: str,
    to: str,
    by: StaffMember,
    now: datetime,
) -> Outcome:
    """Give the complaint to another staff member: the assignee, supervisors and managers
    may; the new assignee gets the card in a DM."""
    member = policy.staff(to)
    with transaction(factory) as session:
        complaint = _locked(session, reference)
        if complaint is None:
            return Outcome("not_found")
        row = session.execute(
            sa.select(Staff).where(Staff.handle == to, Staff.active.is_(True))
        ).scalar_one_or_none()
        if member is None or row is None:
            return Outcome("no_such_staff", complaint.status, reference=complaint.reference)
        assignee = complaint.assignee.handle if complaint.assignee else None
        if by.handle != assignee and by.role == "agent":
            return Outcome("not_allowed", complaint.status, by=assignee, reference=reference)
        if not allows("assign", complaint.status) or assignee == to:
            return _refused(session, complaint)
        complaint.assignee_id, complaint.assignee, complaint.updated_at = row.id, row, now
        row.last_assigned_at = now
        staff_acted(complaint)
        repo.add_event(
            session,
            complaint=complaint,
            actor=actor_of(by),
            kind="assigned",
            data={"assignee": to, "from": assignee, "team": row.team},
            at=now,
        )
        tell_staff(session, member, complaint, STAFF_ASSIGNED)
        return _done(session, policy, complaint, False)


# Escalation levels (ISO 10002 7.8): 1 the team's supervisors, 2 the managers, the top.
ESCALATION_ROLES = {1: "supervisor", 2: "manager"}
TOP_LEVEL = max(ESCALATION_ROLES)
# The level a staff member's own escalation raises a complaint to: one above their role.
RAISES_TO = {"agent": 1, "supervisor": 2, "manager": TOP_LEVEL + 1}


def escalation_to(
    policy: Policy, complaint: Complaint, level: int
) -> tuple[int, tuple[StaffMember, ...]]:
    """The level an escalation to `level` reaches and who is told: the team's supervisors
    at 1, its managers (any manager when it has none) at 2; never the assignee, so a level
    with no one else goes one up. No one at all: the top, and nobody."""
    team = policy.team_for(complaint.category)
    assignee = complaint.assignee.handle if complaint.assignee else None
    for step in range(max(level, 1), TOP_LEVEL + 1):
        leads = policy.leads(team, ESCALATION_ROLES[step])
        others = tuple(m for m in leads if m.handle != assignee)
        if others:
            return step, others
    return TOP_LEVEL, ()


def may_escalate(policy: Policy, member: StaffMember, complaint: Complaint) -> bool:
    """Whether the member's Escalate would raise the complaint now (as `escalate` checks):
    not at or past the level above their role, not past the top."""
    raises = RAISES_TO.get(member.role, 1)
    level, leads = escalation_to(policy, complaint, raises)
    return (
        allows("escalate", complaint.status)
        and raises <= TOP_LEVEL
        and bool(leads)
        and level > (complaint.escalation_level or 0)
    )


def escalate(
    factory: sessionmaker,
    policy: Policy,
    *,
    reference: str,
    by: StaffMember,
    now: datetime,
    reason: str = "",
) -> Outcome:
    """Raise the complaint to the level above the staff member's role (ISO 10002 7.8): an
    agent's to the supervisors, a supervisor's to the managers; a manager's is refused (the
    top), as is one with nobody above but whoever handles it (`no_one_above`). A complaint already at that level is left as it is: a second press, or two at
    once (the row is locked), changes nothing. `reason` goes in the event's data."""
    with transaction(factory) as session:
        complaint = _locked(session, reference)
        if complaint is None:
            return Outcome("not_found")
        if not allows("escalate", complaint.status):
            return _refused(session, complaint)
        current = complaint.escalation_level or 0
        up = RAISES_TO.get(by.role, 1)
        if up > TOP_LEVEL:
            return Outcome("at_top", complaint.status, level=current, reference=reference)
        level, leads = escalation_to(policy, complaint, up)
        if not leads:
            return Outcome("no_one_above", complaint.status, level=current, reference=reference)
        if level <= current:
            refused = _refused(session, complaint)
            return replace(refused, result="already_escalated", level=current)
        staff_acted(complaint)
        escalate_in(
            session,
            policy,
            complaint,
            actor=actor_of(by),
            now=now,
            reason=reason,
            to=(level, leads),
        )
        done = _done(session, policy, complaint, False)
        return replace(done, level=level, to=tuple(m.handle for m in leads))


def escalate_in(
    session: Session,
    policy: Policy,
    complaint: Complaint,
    *,
    actor: str,
    now: datetime,
    reason: str = "",
    to: tuple[int, tuple[StaffMember, ...]] | None = None,
) -> tuple[StaffMember, ...]:
    """Escalate within the caller's transaction (staff) to `to` (a level and who is told;
    by default one level up); who is told. The chase sweep writes the same rows in its
    batches (`handlers/chase.py`)."""
    up = min((complaint.escalation_level or 0) + 1, TOP_LEVEL)
    level, leads = to or escalation_to(policy, complaint, up)
    previous = complaint.status
    complaint.status = "escalated"  # the caller checked its event (escalate, decline_again)
    complaint.escalation_level, complaint.updated_at = level, now
    repo.add_event(
        session,
        complaint=complaint,
        actor=actor,
        kind="escalated",
        data={
            "level": level,
            "from": previous,
            "to": [m.handle for m in leads],
            **({"reason": reason} if reason else {}),
        },
        at=now,
    )
    for member in leads:
        tell_staff(session, member, complaint, STAFF_ESCALATED)
    return leads


def shown_notices(
    factory: sessionmaker, *, channel: str, user_id: str, limit: int = 100
) -> list[tuple[datetime, str, Mapping[str, Any]]]:
    """The notifications already shown to such a customer (when written, kind, values),
    oldest first: a web page puts them back in the conversation after a reload, in order
    with what the customer said meanwhile."""
    with transaction(factory) as session:
        rows = session.execute(
            sa.select(OutboxMessage.created_at, OutboxMessage.kind, OutboxMessage.payload)
            .where(
                OutboxMessage.channel == channel,
                OutboxMessage.recipient == user_id,
                OutboxMessage.status == "sent",
            )
            .order_by(OutboxMessage.id.desc())
            .limit(limit)
        ).all()
        return [
            (at, kind, dict(payload or {}))
            for at, kind, payload in reversed(rows)
            if kind in NOTIFICATIONS and at is not None
        ]


def waiting_notices(
    factory: sessionmaker, *, channel: str, user_id: str, now: datetime
) -> list[tuple[str, Mapping[str, Any]]]:
    """Notifications kept for a customer the desk cannot push to, oldest first, marked
    delivered: the channel shows them before the reply to the customer's next message."""
    with transaction(factory) as session:
        rows = (
            session.execute(
                sa.select(OutboxMessage)
                .where(
                    OutboxMessage.channel == channel,
                    OutboxMessage.recipient == user_id,
                    OutboxMessage.status == "pending",
                )
                .order_by(OutboxMessage.id)
                .with_for_update()
            )
            .scalars()
            .all()
        )
        for row in rows:
            row.status, row.sent_at, row.attempts = "sent", now, row.attempts + 1
            session.add(
                OutboxAttempt(outbox_id=row.id, at=now, outcome="sent", detail="shown in chat")
            )
        for complaint_id in {row.complaint_id for row in rows if row.complaint_id is not None}:
            delivery_changed(session, complaint_id)
        return [(row.kind, dict(row.payload or {})) for row in rows if row.kind in NOTIFICATIONS]
