"""Forgetting personal data: the rows of a complaint anonymised, a customer's conversation in
Rasa's `events` table deleted, conversations that never became a complaint deleted, and the
audit trail read in a stream for export. Each function takes the session or connection of
its caller's unit of work; none commits."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from storage.models import Attachment, Complaint, ComplaintEvent, OutboxAttempt, OutboxMessage
from storage.vocabulary import ENDED_STATUSES

# What stays in a text column that cannot be empty for staff to read: the data was there.
ERASED = "(erased)"
# Event data that holds someone's words (the customer's messages, reasons, comments; staff's
# answers, which name the customer): dropped. Other values are dropped when they contain a
# personal value of the complaint.
WORDS_KEYS = frozenset({"text", "reason", "comment", "response", "attachment", "message"})
CUSTOMER_ACTOR = "customer"
# Rasa's tracker store table (its SQLTrackerStore), in the same database
CONVERSATIONS = sa.table(
    "events", sa.column("id"), sa.column("sender_id"), sa.column("timestamp", sa.Float)
)


def conversation_id(complaint: Complaint) -> str:
    """The Rasa conversation (sender) id of the identity that filed it."""
    return f"{complaint.channel}:{complaint.user_id}"


def due_for_erasure(
    session: Session, *, closed_before: datetime, limit: int
) -> Sequence[Complaint]:
    """Complaints ended before `closed_before`, or ended with an erasure asked for, not
    anonymised yet; oldest first, locked for this unit of work (other sweeps skip them)."""
    query = (
        sa.select(Complaint)
        .where(
            Complaint.status.in_(ENDED_STATUSES),
            Complaint.erased_at.is_(None),
            sa.or_(Complaint.closed_at < closed_before, Complaint.erase_requested_at.isnot(None)),
        )
        .order_by(Complaint.closed_at, Complaint.id)
        .limit(limit)
        .with_for_update(skip_locked=True, of=Complaint)
    )
    return session.execute(query).unique().scalars().all()


def count_due_for_erasure(session: Session, *, closed_before: datetime) -> int:
    """How many complaints `due_for_erasure` would give, without a limit."""
    query = sa.select(sa.func.count(Complaint.id)).where(
        Complaint.status.in_(ENDED_STATUSES),
        Complaint.erased_at.is_(None),
        sa.or_(Complaint.closed_at < closed_before, Complaint.erase_requested_at.isnot(None)),
    )
    return int(session.execute(query).scalar_one())


def for_identity(session: Session, *, channel: str, user_id: str) -> Sequence[Complaint]:
    """Every complaint an identity filed that still holds its personal data, locked."""
    query = (
        sa.select(Complaint)
        .where(
            Complaint.channel == channel,
            Complaint.user_id == user_id,
            Complaint.erased_at.is_(None),
        )
        .order_by(Complaint.id)
        .with_for_update(of=Complaint)
    )
    return session.execute(query).unique().scalars().all()


def _personal(complaint: Complaint) -> list[str]:
    values = [
        complaint.customer_name,
        complaint.contact,
        complaint.contact_normalized,
        complaint.user_id,
        conversation_id(complaint),
    ]
    # a short id ("12") would match unrelated values: only distinctive ones are looked for
    return [value for value in values if value and len(value) > 3 and value != ERASED]


def _scrubbed(value: Any, personal: list[str]) -> Any:
    """The value without any personal text: dicts and lists walked, strings that contain
    a personal value dropped (None)."""
    if isinstance(value, dict):
        return {
            key: _scrubbed(item, personal) for key, item in value.items() if key not in WORDS_KEYS
        }
    if isinstance(value, list):
        return [_scrubbed(item, personal) for item in value]
    if isinstance(value, str) and any(p.lower() in value.lower() for p in personal):
        return None
    return value


@dataclass(frozen=True)
class Erased:
    """What anonymising one complaint removed."""

    sender_id: str
    events: int  # audit events whose actor or data changed
    outbox: int  # notifications deleted
    attachments: tuple[str, ...]  # SHA-256 of the files its rows named


def anonymise(
    session: Session, *, complaints: Sequence[Complaint], at: datetime
) -> dict[int, Erased]:
    """Remove the personal data from these complaints and their rows, by complaint id; the
    numbers reports need (dates, status, priority, category, channel, language, product,
    score) stay. A few statements for the whole batch, not a few per complaint."""
    ids = [complaint.id for complaint in complaints]
    personal = {complaint.id: _personal(complaint) for complaint in complaints}
    actors = {complaint.id: f"customer:{conversation_id(complaint)}" for complaint in complaints}
    changed: dict[int, int] = dict.fromkeys(ids, 0)
    events = session.execute(
        sa.select(ComplaintEvent).where(ComplaintEvent.complaint_id.in_(ids))
    ).scalars()
    for event in events:
        owner = event.complaint_id
        data = _scrubbed(event.data or {}, personal[owner])
        who = CUSTOMER_ACTOR if event.actor == actors[owner] else event.actor
        if data != event.data or who != event.actor:
            event.data, event.actor = data, who
            changed[owner] += 1
    outbox: dict[int, int] = dict.fromkeys(ids, 0)
    for owner, count in session.execute(
        sa.select(OutboxMessage.complaint_id, sa.func.count())
        .where(OutboxMessage.complaint_id.in_(ids))
        .group_by(OutboxMessage.complaint_id)
    ):
        outbox[owner] = count
    mine = sa.select(OutboxMessage.id).where(OutboxMessage.complaint_id.in_(ids))
    # rows of other sessions' objects are not loaded here: nothing in memory to update
    bulk = {"synchronize_session": False}
    session.execute(
        sa.delete(OutboxAttempt).where(OutboxAttempt.outbox_id.in_(mine)), execution_options=bulk
    )
    session.execute(
        sa.delete(OutboxMessage).where(OutboxMessage.complaint_id.in_(ids)), execution_options=bulk
    )
    files: dict[int, list[str]] = {complaint_id: [] for complaint_id in ids}
    for owner, digest in session.execute(
        sa.select(Attachment.complaint_id, Attachment.sha256).where(
            Attachment.complaint_id.in_(ids)
        )
    ):
        files[owner].append(digest)
    session.execute(
        sa.delete(Attachment).where(Attachment.complaint_id.in_(ids)), execution_options=bulk
    )
    erased = {}
    for complaint in complaints:
        erased[complaint.id] = Erased(
            conversation_id(complaint),
            changed[complaint.id],
            outbox[complaint.id],
            tuple(files[complaint.id]),
        )
        complaint.customer_name = complaint.contact = ERASED
        complaint.contact_normalized = ""
        complaint.description = complaint.desired_outcome = ERASED
        complaint.incident_date_text = ERASED
        complaint.user_id = ""
        complaint.submission_key = None
        complaint.satisfaction_comment = None
        complaint.erased_at = at
    return erased


def files_still_used(session: Session, *, sha256s: Sequence[str]) -> set[str]:
    """Which of these files another attachment row still names (kept on disk)."""
    if not sha256s:
        return set()
    query = sa.select(Attachment.sha256).where(Attachment.sha256.in_(list(sha256s)))
    return set(session.execute(query).scalars())


def waiting_attachments(session: Session, *, channel: str, user_id: str) -> tuple[str, ...]:
    """Delete the files an identity sent that never reached a complaint; their SHA-256."""
    where = (
        (Attachment.channel == channel)
        & (Attachment.user_id == user_id)
        & Attachment.complaint_id.is_(None)
    )
    files = tuple(session.execute(sa.select(Attachment.sha256).where(where)).scalars())
    session.execute(sa.delete(Attachment).where(where))
    return files


def has_conversations(connection: Connection) -> bool:
    """Whether Rasa's tracker store table exists (it is made when the dialogue first runs)."""
    return sa.inspect(connection).has_table("events")


def delete_conversation(
    connection: Connection, *, sender_id: str, until: datetime | None = None
) -> int:
    """Delete a conversation's stored events (up to `until`, else all of it); how many."""
    where = CONVERSATIONS.c.sender_id == sender_id
    if until is not None:
        where = where & (CONVERSATIONS.c.timestamp <= until.timestamp())
    return int(connection.execute(sa.delete(CONVERSATIONS).where(where)).rowcount)


def _unfiled() -> Any:
    """Conversations of identities that hold no complaint (an anonymised one holds none)."""
    filed = sa.select(Complaint.channel + ":" + Complaint.user_id).where(
        Complaint.erased_at.is_(None)
    )
    return CONVERSATIONS.c.sender_id.notin_(filed)


def stale_conversations(connection: Connection, *, quiet_since: datetime) -> int:
    """How many conversations that never became a complaint had no message since then."""
    query = (
        sa.select(sa.func.count(sa.distinct(CONVERSATIONS.c.sender_id)))
        .where(_unfiled())
        .where(CONVERSATIONS.c.sender_id.in_(_quiet(quiet_since)))
    )
    return int(connection.execute(query).scalar_one())


def _quiet(since: datetime) -> Any:
    return (
        sa.select(CONVERSATIONS.c.sender_id)
        .group_by(CONVERSATIONS.c.sender_id)
        .having(sa.func.max(CONVERSATIONS.c.timestamp) < since.timestamp())
    )


def delete_stale_conversations(connection: Connection, *, quiet_since: datetime) -> int:
    """Delete the conversations that never became a complaint, quiet since then; the rows
    deleted."""
    query = (
        sa.delete(CONVERSATIONS)
        .where(_unfiled())
        .where(CONVERSATIONS.c.sender_id.in_(_quiet(quiet_since)))
    )
    return int(connection.execute(query).rowcount)


def audit_events(
    connection: Connection, *, since: datetime, until: datetime | None, batch: int = 1000
) -> Iterator[dict[str, Any]]:
    """Every complaint event from `since` (up to `until`), oldest first, read in batches from
    a server-side cursor: memory stays flat however many there are."""
    table = ComplaintEvent.__table__
    query = (
        sa.select(
            table.c.id,
            table.c.at,
            table.c.actor,
            table.c.kind,
            table.c.data,
            Complaint.__table__.c.reference,
        )
        .join(Complaint.__table__, Complaint.__table__.c.id == table.c.complaint_id)
        .where(table.c.at >= since)
        .order_by(table.c.at, table.c.id)
    )
    if until is not None:
        query = query.where(table.c.at < until)
    streaming = connection.execution_options(stream_results=True, max_row_buffer=batch)
    for rows in streaming.execute(query).partitions(batch):
        for row in rows:
            yield dict(row._mapping)
