"""Data functions. Each takes the session and keyword-only arguments; none commits."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa
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
from storage.vocabulary import ENDED_STATUSES, OPEN_STATUSES


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
        data={"channel": complaint.channel, "language": complaint.language},
        at=complaint.created_at,
    )
    return complaint


def get_by_reference(session: Session, *, reference: str) -> Complaint | None:
    """The complaint with this reference, or None."""
    query = sa.select(Complaint).where(Complaint.reference == reference)
    return session.execute(query).scalar_one_or_none()


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
    session: Session, *, status: str | None = None, limit: int = 50
) -> Sequence[Complaint]:
    """All complaints for staff, newest first, optionally by status (`open` = not ended)."""
    query = sa.select(Complaint)
    if status == "open":
        query = query.where(Complaint.status.in_(OPEN_STATUSES))
    elif status:
        query = query.where(Complaint.status == status)
    query = query.order_by(Complaint.created_at.desc(), Complaint.id.desc()).limit(limit)
    return session.execute(query).scalars().all()


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


def next_assignee(session: Session, *, team: str) -> Staff | None:
    """The active member of the team assigned least recently (round-robin), locked."""
    query = (
        sa.select(Staff)
        .where(Staff.team == team, Staff.active.is_(True))
        .order_by(Staff.last_assigned_at.is_not(None), Staff.last_assigned_at, Staff.id)
        .limit(1)
        .with_for_update()
    )
    # Staff rows do not depend on what the transaction has pending, so nothing is
    # flushed for this query; the caller's commit writes everything in one flush.
    with session.no_autoflush:
        return session.execute(query).scalar_one_or_none()


def enqueue(
    session: Session,
    *,
    channel: str,
    recipient: str,
    kind: str,
    payload: dict[str, Any],
    complaint: Complaint | None = None,
) -> OutboxMessage:
    """Write a notification to the outbox, in the caller's transaction."""
    message = OutboxMessage(
        complaint=complaint,
        channel=channel,
        recipient=recipient,
        kind=kind,
        payload=payload,
    )
    session.add(message)
    return message


RECORD_DELIVERY = sa.insert(ProcessedUpdate)


def first_delivery(factory: sessionmaker, *, channel: str, key: int) -> bool:
    """Record a platform's delivery id (Telegram's update id, Slack's event id); False when
    it was recorded before: a redelivery, to be dropped. One Core statement on the engine, a
    quarter of an ORM session's cost (0.2 ms), on the caller's thread: from a worker thread
    it held SQLite's write lock while the event loop's own writes waited. A database that is
    down raises `OperationalError`."""
    try:
        with factory.kw["bind"].begin() as connection:
            connection.execute(RECORD_DELIVERY, {"channel": channel, "update_id": key})
    except IntegrityError:
        return False
    return True


def is_duplicate_reference(error: IntegrityError) -> bool:
    """Whether an insert failed only because its reference is taken (and may be redrawn)."""
    diagnostics = getattr(error.orig, "diag", None)  # PostgreSQL names the constraint
    constraint = getattr(diagnostics, "constraint_name", None)
    if constraint is not None:
        return bool(constraint == "complaints_reference_key")
    return "UNIQUE constraint failed: complaints.reference" in str(error.orig)  # SQLite


def complaint_by_submission(session: Session, *, submission_key: str) -> Complaint | None:
    """The complaint a form submission filed, if it was filed already."""
    return session.execute(
        sa.select(Complaint).where(Complaint.submission_key == submission_key)
    ).scalar_one_or_none()


def is_duplicate_submission(error: IntegrityError) -> bool:
    """Whether an insert failed because its form submission was filed already."""
    diagnostics = getattr(error.orig, "diag", None)
    constraint = getattr(diagnostics, "constraint_name", None)
    if constraint is not None:
        return bool(constraint == "ux_complaints_submission_key")
    return "UNIQUE constraint failed: complaints.submission_key" in str(error.orig)


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
