"""Data functions. Each takes the session and keyword-only arguments; none commits."""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from storage.models import (
    Attachment,
    Complaint,
    ComplaintEvent,
    OutboxMessage,
    ProcessedUpdate,
    Staff,
)
from storage.types import utcnow
from storage.vocabulary import AT_WORK, ENDED_STATUSES, OPEN_STATUSES


@dataclass(frozen=True)
class StaffMember:
    """A roster entry from configuration."""

    handle: str
    display_name: str
    team: str
    slack_user_id: str | None = None
    role: str = "agent"  # agent, supervisor, manager
    language: str = "ko"  # of cards and staff messages


def add_complaint(session: Session, *, complaint: Complaint, actor: str) -> Complaint:
    """Insert a complaint and its `received` event."""
    session.add(complaint)
    add_event(
        session,
        complaint=complaint,
        actor=actor,
        kind="received",
        data={
            "channel": complaint.channel,
            "language": complaint.language,
            **(
                {"linked_reference": complaint.linked_reference}
                if complaint.linked_reference
                else {}
            ),
        },
        at=complaint.created_at,
    )
    return complaint


def get_by_reference(session: Session, *, reference: str) -> Complaint | None:
    """The complaint with this reference, or None."""
    query = sa.select(Complaint).where(Complaint.reference == reference)
    return session.execute(query).scalar_one_or_none()


def linked_to(session: Session, *, reference: str) -> Sequence[str]:
    """The references of later complaints that follow on from this one, oldest first."""
    query = (
        sa.select(Complaint.reference)
        .where(Complaint.linked_reference == reference)
        .order_by(Complaint.created_at, Complaint.id)
    )
    return session.execute(query).scalars().all()


def list_for_identity(
    session: Session,
    *,
    channel: str,
    user_id: str,
    statuses: Iterable[str] | None = None,
    limit: int = 20,
) -> Sequence[Complaint]:
    """The complaints filed by one identity, newest first."""
    query = sa.select(Complaint).where(Complaint.channel == channel, Complaint.user_id == user_id)
    if statuses is not None:
        query = query.where(Complaint.status.in_(list(statuses)))
    query = query.order_by(Complaint.created_at.desc(), Complaint.id.desc()).limit(limit)
    return session.execute(query).scalars().all()


def list_complaints(
    session: Session,
    *,
    status: str | None = None,
    limit: int = 50,
    offset: int = 0,
    mine: str | None = None,
    categories: Collection[str] | None = None,
    search: Sequence[str] = (),
    overdue_at: datetime | None = None,
    by_due: bool = False,
) -> Sequence[Complaint]:
    """Complaints for staff, newest first (`by_due`: the answer's target first), optionally
    by status (`open` = not ended); `mine`: assigned or escalated to that handle;
    `categories`; `search`: every word in the reference, product, customer's name or
    contact; `overdue_at`: overdue at that moment (`is_overdue`)."""
    query = sa.select(Complaint)
    if status == "open":
        query = query.where(Complaint.status.in_(OPEN_STATUSES))
    elif status:
        query = query.where(Complaint.status == status)
    if mine is not None:
        query = query.where(
            sa.or_(
                Complaint.assignee.has(Staff.handle == mine), Complaint.id.in_(_escalated_to(mine))
            )
        )
    if categories is not None:
        query = query.where(Complaint.category.in_(list(categories)))
    for word in search:
        query = query.where(
            sa.or_(
                *(
                    sa.func.lower(column).contains(word.lower(), autoescape=True)
                    for column in SEARCHED
                )
            )
        )
    if overdue_at is not None:
        query = query.where(overdue(overdue_at))
    order = (
        (Complaint.respond_due_at, Complaint.id)
        if by_due
        else (Complaint.created_at.desc(), Complaint.id.desc())
    )
    query = query.order_by(*order).offset(offset).limit(limit)
    return session.execute(query).scalars().all()


def owed(complaint: Complaint) -> tuple[str, datetime] | None:
    """What staff owe the customer now and its target: `ack` until acknowledged, then
    `respond` by the original target (ISO 10002 counts misses against it, not against a
    holding message's later date); None once answered or ended, and while staff wait for
    the customer's answer to their question (the answer's clock is paused)."""
    if complaint.status not in AT_WORK or complaint.awaiting_customer_since is not None:
        return None
    if complaint.acknowledged_at is None:
        return "ack", complaint.ack_due_at
    return "respond", complaint.respond_due_at


def is_overdue(complaint: Complaint, at: datetime) -> bool:
    """Overdue at that moment: the one definition of the lists, the report and the cards."""
    found = owed(complaint)
    return found is not None and found[1] < at


def overdue(at: datetime) -> sa.ColumnElement[bool]:
    """`is_overdue` as a SQL condition on complaints (an acknowledgement is always due
    before the answer, so the step owed is the unacknowledged one's)."""
    due = sa.case(
        (Complaint.acknowledged_at.is_(None), Complaint.ack_due_at),
        else_=Complaint.respond_due_at,
    )
    return Complaint.status.in_(AT_WORK) & Complaint.awaiting_customer_since.is_(None) & (due < at)


# What a staff search reads (`list_complaints`).
SEARCHED = (
    Complaint.reference,
    Complaint.product,
    Complaint.customer_name,
    Complaint.contact,
    Complaint.contact_normalized,
)


def _escalated_to(handle: str) -> sa.sql.Select:
    """The ids of complaints an escalation named this handle in (its JSON `to`, as text:
    the same on SQLite and PostgreSQL)."""
    return sa.select(ComplaintEvent.complaint_id).where(
        ComplaintEvent.kind == "escalated",
        sa.cast(ComplaintEvent.data, sa.Text).contains(f'"{handle}"', autoescape=True),
    )


def add_event(
    session: Session,
    *,
    complaint: Complaint,
    actor: str,
    kind: str,
    data: dict[str, Any] | None = None,
    at: datetime | None = None,
) -> ComplaintEvent:
    """Append an audit event for the complaint."""
    # By relationship, not id: a complaint added in this transaction has no id until the
    # one flush at commit, and none is needed before.
    event = ComplaintEvent(
        complaint=complaint,
        actor=actor,
        kind=kind,
        data=data or {},
        at=at or utcnow(),
    )
    session.add(event)
    return event


def events_for(session: Session, *, complaint: Complaint) -> Sequence[ComplaintEvent]:
    """The audit trail of one complaint, oldest first."""
    query = (
        sa.select(ComplaintEvent)
        .where(ComplaintEvent.complaint_id == complaint.id)
        .order_by(ComplaintEvent.id)
    )
    return session.execute(query).scalars().all()


def set_status(
    session: Session,
    *,
    complaint: Complaint,
    status: str,
    actor: str,
    at: datetime | None = None,
    data: dict[str, Any] | None = None,
) -> None:
    """Change the status and record the change."""
    now = at or utcnow()
    previous = complaint.status
    complaint.status = status
    complaint.updated_at = now
    if status in ENDED_STATUSES:
        complaint.closed_at = now
    add_event(
        session,
        complaint=complaint,
        actor=actor,
        kind="status_changed",
        data={"from": previous, "to": status, **(data or {})},
        at=now,
    )


def sync_staff(session: Session, *, roster: Iterable[StaffMember]) -> None:
    """Make the staff table match the configured roster (missing members are deactivated)."""
    members = {member.handle: member for member in roster}
    existing = {row.handle: row for row in session.execute(sa.select(Staff)).scalars()}
    for handle, member in members.items():
        row = existing.get(handle)
        if row is None:
            session.add(
                Staff(
                    handle=handle,
                    display_name=member.display_name,
                    team=member.team,
                    slack_user_id=member.slack_user_id,
                    active=True,
                )
            )
            continue
        row.display_name = member.display_name
        row.team = member.team
        row.slack_user_id = member.slack_user_id
        row.active = True
    for handle, row in existing.items():
        if handle not in members:
            row.active = False
    session.flush()


def next_assignee(
    session: Session, *, handles: Sequence[str], now: datetime | None = None
) -> Staff | None:
    """Of these members, the active one not away at `now` who was assigned least recently
    (round-robin), locked."""
    query = sa.select(Staff).where(Staff.handle.in_(list(handles)), Staff.active.is_(True))
    if now is not None:
        query = query.where(sa.or_(Staff.away_until.is_(None), Staff.away_until <= now))
    query = (
        query.order_by(Staff.last_assigned_at.is_not(None), Staff.last_assigned_at, Staff.id)
        .limit(1)
        .with_for_update()
    )
    # Staff rows do not depend on what the transaction has pending, so nothing is
    # flushed for this query; the caller's commit writes everything in one flush.
    with session.no_autoflush:
        return session.execute(query).scalar_one_or_none()


def set_away(session: Session, *, handle: str, until: datetime | None) -> bool:
    """Mark a member away until a moment (None: back); False when there is no such member."""
    row = session.execute(sa.select(Staff).where(Staff.handle == handle)).scalar_one_or_none()
    if row is None:
        return False
    row.away_until = until
    return True


def enqueue(
    session: Session,
    *,
    channel: str,
    recipient: str,
    kind: str,
    payload: dict[str, Any],
    complaint: Complaint | None = None,
    at: datetime | None = None,
) -> OutboxMessage:
    """Write a notification to the outbox, in the caller's transaction; `at`: when it was
    written, on the caller's clock (the change's time), else now."""
    message = OutboxMessage(
        complaint=complaint,
        channel=channel,
        recipient=recipient,
        kind=kind,
        payload=payload,
        **({"created_at": at} if at is not None else {}),
    )
    session.add(message)
    return message


def enqueue_once(
    session: Session,
    *,
    dedupe_key: str,
    channel: str,
    recipient: str,
    kind: str,
    payload: dict[str, Any],
    at: datetime | None = None,
) -> bool:
    """Write a notification to the outbox unless one with `dedupe_key` was written before
    (by any process; a concurrent writer waits for the first one's commit), in the caller's
    transaction; whether this call wrote it."""
    now = at or utcnow()
    values = {
        "channel": channel,
        "recipient": recipient,
        "kind": kind,
        "payload": payload,
        "status": "pending",
        "attempts": 0,
        "created_at": now,
        "next_attempt_at": now,
        "dedupe_key": dedupe_key,
    }
    insert = _INSERTS[session.get_bind().dialect.name](OutboxMessage)
    statement = insert.values(**values).on_conflict_do_nothing(index_elements=["dedupe_key"])
    return bool(session.execute(statement).rowcount)


def outbox_has(session: Session, *, dedupe_key: str) -> bool:
    """Whether a notification with this key was written already."""
    query = sa.select(OutboxMessage.id).where(OutboxMessage.dedupe_key == dedupe_key)
    return session.execute(query).first() is not None


_INSERTS = {"postgresql": postgresql.insert, "sqlite": sqlite.insert}
RECORD_DELIVERY = sa.insert(ProcessedUpdate)
DELIVERIES = ProcessedUpdate.__table__


@dataclass(frozen=True)
class DeliveryClaim:
    """What to do with a delivery: `handle` it (`again` when an earlier claim died), or
    skip it as `done`, `in_flight` (claimed by a live process) or `given_up`."""

    outcome: str
    again: bool = False

    @property
    def handle(self) -> bool:
        """Whether the caller now owns the delivery and must handle it."""
        return self.outcome == "handle"


def claim_delivery(
    factory: sessionmaker,
    *,
    channel: str,
    bot: str,
    key: int,
    owner: str,
    now: datetime,
    stale: Callable[[str | None, datetime | None], bool],
    payload: str | None = None,
    max_attempts: int = 3,
) -> DeliveryClaim:
    """Claim a platform's delivery for `owner` (a process). New: recorded with its payload,
    to handle. Seen before: skipped when done, or claimed by a live owner (`stale(owner,
    claimed_at)` says whether that claim is dead); a dead claim is taken over (compare and
    set, so one process wins), up to `max_attempts` (an update that kills every process
    that handles it is then dropped). Core statements on the caller's thread: from a worker
    thread the insert held SQLite's write lock while the event loop's own writes waited. A
    database that is down raises `OperationalError`."""
    values = {
        "channel": channel,
        "bot": bot,
        "update_id": key,
        "state": "received",
        "claimed_by": owner,
        "claimed_at": now,
        "attempts": 1,
        "payload": payload,
        "received_at": now,
    }
    engine = factory.kw["bind"]
    try:
        with engine.begin() as connection:
            connection.execute(RECORD_DELIVERY, values)
        return DeliveryClaim("handle")
    except IntegrityError:
        pass
    where = (
        (DELIVERIES.c.channel == channel)
        & (DELIVERIES.c.bot == bot)
        & (DELIVERIES.c.update_id == key)
    )
    with engine.begin() as connection:
        row = connection.execute(
            sa.select(
                DELIVERIES.c.state,
                DELIVERIES.c.claimed_by,
                DELIVERIES.c.claimed_at,
                DELIVERIES.c.attempts,
            ).where(where)
        ).one_or_none()
        if row is None or row.state == "done":
            return DeliveryClaim("done")
        if not stale(row.claimed_by, row.claimed_at):
            return DeliveryClaim("in_flight")
        if row.attempts >= max_attempts:
            connection.execute(
                DELIVERIES.update()
                .where(where & (DELIVERIES.c.state == "received"))
                .values(state="done", done_at=now, payload=None)
            )
            return DeliveryClaim("given_up")
        taken = connection.execute(
            DELIVERIES.update()
            .where(
                where & (DELIVERIES.c.state == "received") & (DELIVERIES.c.attempts == row.attempts)
            )
            .values(claimed_by=owner, claimed_at=now, attempts=row.attempts + 1)
        ).rowcount
    return DeliveryClaim("handle", again=True) if taken == 1 else DeliveryClaim("in_flight")


def finish_delivery(
    factory: sessionmaker, *, channel: str, bot: str, key: int, now: datetime
) -> None:
    """Mark a delivery done (its replies are sent) and drop its payload."""
    with factory.kw["bind"].begin() as connection:
        connection.execute(
            DELIVERIES.update()
            .where(
                (DELIVERIES.c.channel == channel)
                & (DELIVERIES.c.bot == bot)
                & (DELIVERIES.c.update_id == key)
            )
            .values(state="done", done_at=now, payload=None)
        )


def unfinished_deliveries(
    factory: sessionmaker, *, channel: str, bot: str | None, limit: int = 500
) -> list[tuple[str, int, str | None, datetime | None, str | None]]:
    """Deliveries not yet done, of one bot or (None) of every bot of the channel, oldest
    first: (bot, key, owner, claimed at, payload)."""
    where = (DELIVERIES.c.channel == channel) & (DELIVERIES.c.state == "received")
    if bot is not None:
        where = where & (DELIVERIES.c.bot == bot)
    with factory.kw["bind"].begin() as connection:
        rows = connection.execute(
            sa.select(
                DELIVERIES.c.bot,
                DELIVERIES.c.update_id,
                DELIVERIES.c.claimed_by,
                DELIVERIES.c.claimed_at,
                DELIVERIES.c.payload,
            )
            .where(where)
            .order_by(DELIVERIES.c.received_at, DELIVERIES.c.id)
            .limit(limit)
        ).all()
    return [(r.bot, r.update_id, r.claimed_by, r.claimed_at, r.payload) for r in rows]


def renew_deliveries(factory: sessionmaker, *, channel: str, owner: str, now: datetime) -> int:
    """Keep this owner's claims on a channel fresh while it works on them (how others know
    it lives)."""
    with factory.kw["bind"].begin() as connection:
        return int(
            connection.execute(
                DELIVERIES.update()
                .where(
                    (DELIVERIES.c.channel == channel)
                    & (DELIVERIES.c.claimed_by == owner)
                    & (DELIVERIES.c.state == "received")
                )
                .values(claimed_at=now)
            ).rowcount
        )


def prune_deliveries(factory: sessionmaker, *, done_before: datetime) -> int:
    """Forget deliveries done before `done_before` (platforms redeliver within minutes)."""
    with factory.kw["bind"].begin() as connection:
        return int(
            connection.execute(
                DELIVERIES.delete().where(
                    (DELIVERIES.c.state == "done") & (DELIVERIES.c.done_at < done_before)
                )
            ).rowcount
        )


def _violates(error: IntegrityError, constraint: str, column: str) -> bool:
    """Whether an insert failed on this unique constraint (PostgreSQL names it; SQLite
    names the column)."""
    diagnostics = getattr(error.orig, "diag", None)
    named = getattr(diagnostics, "constraint_name", None)
    if named is not None:
        return bool(named == constraint)
    return f"UNIQUE constraint failed: {column}" in str(error.orig)


def is_duplicate_reference(error: IntegrityError) -> bool:
    """Whether an insert failed only because its reference is taken (and may be redrawn)."""
    return _violates(error, "complaints_reference_key", "complaints.reference")


def complaint_by_submission(session: Session, *, submission_key: str) -> Complaint | None:
    """The complaint a form submission filed, if it was filed already."""
    return session.execute(
        sa.select(Complaint).where(Complaint.submission_key == submission_key)
    ).scalar_one_or_none()


def is_duplicate_submission(error: IntegrityError) -> bool:
    """Whether an insert failed because its form submission was filed already."""
    return _violates(error, "ux_complaints_submission_key", "complaints.submission_key")


def claim_waiting_attachments(session: Session, *, complaint: Complaint) -> int:
    """Link the files its customer sent while filing it (they waited with no complaint)."""
    with session.no_autoflush:  # intake writes everything in one flush
        waiting = session.execute(
            sa.select(Attachment).where(
                Attachment.channel == complaint.channel,
                Attachment.user_id == complaint.user_id,
                Attachment.complaint_id.is_(None),
            )
        ).scalars()
        count = 0
        for attachment in waiting:
            attachment.complaint = complaint
            count += 1
    if count:
        add_event(
            session,
            complaint=complaint,
            actor="system",
            kind="attachments.linked",
            data={"count": count},
            at=complaint.created_at,
        )
    return count
