"""Retention and erasure (PIPA, the GDPR; config.yml `retention`).

A complaint closed longer ago than `retention.days`, or ended after its customer asked to be
forgotten, is anonymised: its name, contact, the customer's words, files, identity and
conversation go, and the numbers the clause 8 report reads stay (`storage.retention`). A
conversation that never became a complaint is deleted `conversation_days` after its last
message. Each batch is one unit of work, so a purge stopped half-way leaves no complaint
half-anonymised, and concurrent sweeps skip each other's rows.

A customer who asks (in chat, or staff for them) has their closed complaints anonymised at
once and their open ones flagged: those are anonymised when they end. The request is
recorded without who made it.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy.orm import Session, sessionmaker

from handlers.identity import Identity
from handlers.policy import Retention
from storage import repositories as repo
from storage import retention as store
from storage.db import transaction
from storage.models import Complaint, ErasureRequest
from storage.vocabulary import ENDED_STATUSES

log = logging.getLogger(__name__)

BATCH = 500
SWEEP_ACTOR = "system:retention"


def periods(rules: Retention, language: str) -> dict[str, str]:
    """How long data is kept, as the privacy notice says it: `kept` after closing (in years
    when whole), `chats` for conversations that never became a complaint."""

    def span(days: int) -> str:
        years, rest = divmod(days, 365)
        if years and not rest:
            return f"{years}년" if language == "ko" else f"{years} year{'s' * (years > 1)}"
        return f"{days}일" if language == "ko" else f"{days} day{'s' * (days > 1)}"

    return {"kept": span(rules.days), "chats": span(rules.conversation_days)}


@dataclass
class PurgeReport:
    """What a purge did (or, dry, would do)."""

    complaints: int = 0
    conversations: int = 0  # conversations that never became a complaint
    conversation_rows: int = 0  # Rasa events deleted, of both kinds
    files: int = 0
    deliveries: int = 0
    took_s: float = 0.0
    references: list[str] = field(default_factory=list)


def _forget_files(directory: Path | None, session: Session, sha256s: list[str]) -> int:
    """Delete the files no attachment row names any more; how many."""
    if directory is None or not sha256s:
        return 0
    kept = store.files_still_used(session, sha256s=sha256s)
    gone = 0
    for digest in set(sha256s) - kept:
        path = directory / digest[:2] / digest
        if path.exists():
            path.unlink()
            gone += 1
    return gone


def anonymise(
    session: Session,
    complaints: Sequence[Complaint],
    *,
    why: Callable[[Complaint], str],
    actor: str,
    now: datetime,
    files: Path | None,
) -> tuple[int, int]:
    """Anonymise complaints in the caller's unit of work and record each (without the
    personal data); the conversation rows and files deleted. A complaint anonymised at its
    customer's request loses their whole conversation; one past retention the conversation
    up to its last turn (a newer one about another complaint is that complaint's to keep)."""
    if not complaints:
        return 0, 0
    erased = store.anonymise(session, complaints=complaints, at=now)
    connection = session.connection()
    stored = store.has_conversations(connection)
    rows = 0
    for complaint in complaints:
        done = erased[complaint.id]
        reason = why(complaint)
        deleted = 0
        if stored:
            until = None if reason == "request" else _last_activity(complaint)
            deleted = store.delete_conversation(connection, sender_id=done.sender_id, until=until)
        rows += deleted
        repo.add_event(
            session,
            complaint=complaint,
            actor=actor,
            kind="anonymised",
            data={
                "why": reason,
                "conversation_rows": deleted,
                "attachments": len(done.attachments),
                "notifications": done.outbox,
            },
            at=now,
        )
    session.flush()
    digests = [digest for done in erased.values() for digest in done.attachments]
    return rows, _forget_files(files, session, digests)


def _why(complaint: Complaint) -> str:
    return "request" if complaint.erase_requested_at is not None else "retention"


def _last_activity(complaint: Complaint) -> datetime:
    moments = [complaint.updated_at, complaint.closed_at, complaint.satisfaction_at]
    return max(m for m in moments if m is not None)


def purge(
    factory: sessionmaker,
    rules: Retention,
    *,
    now: datetime,
    dry_run: bool = False,
    files: Path | None = None,
    deliveries_before: datetime | None = None,
    progress: Callable[[PurgeReport], None] | None = None,
) -> PurgeReport:
    """Anonymise what retention says is due, delete stale conversations and old deliveries."""
    started = time.perf_counter()
    report = PurgeReport()
    closed_before = now - timedelta(days=rules.days)
    quiet_since = now - timedelta(days=rules.conversation_days)
    if dry_run:
        with transaction(factory) as session:
            report.complaints = store.count_due_for_erasure(session, closed_before=closed_before)
            if store.has_conversations(session.connection()):
                report.conversations = store.stale_conversations(
                    session.connection(), quiet_since=quiet_since
                )
        report.took_s = time.perf_counter() - started
        return report
    while True:
        with transaction(factory) as session:
            batch = store.due_for_erasure(session, closed_before=closed_before, limit=BATCH)
            rows, gone = anonymise(
                session, batch, why=_why, actor=SWEEP_ACTOR, now=now, files=files
            )
            report.conversation_rows += rows
            report.files += gone
            report.references.extend(complaint.reference for complaint in batch)
        report.complaints += len(batch)
        if progress is not None and batch:
            progress(report)
        if len(batch) < BATCH:
            break
    with transaction(factory) as session:
        connection = session.connection()
        if store.has_conversations(connection):
            report.conversations = store.stale_conversations(connection, quiet_since=quiet_since)
            report.conversation_rows += store.delete_stale_conversations(
                connection, quiet_since=quiet_since
            )
    if deliveries_before is not None:
        report.deliveries = repo.prune_deliveries(factory, done_before=deliveries_before)
    report.took_s = time.perf_counter() - started
    log.info(
        "retention.purged",
        extra={
            "complaints": report.complaints,
            "conversations": report.conversations,
            "rows": report.conversation_rows,
            "took_s": round(report.took_s, 2),
        },
    )
    return report


@dataclass(frozen=True)
class Erasure:
    """What an erasure request did: the references anonymised now, and those flagged (open:
    anonymised when they end)."""

    erased: tuple[str, ...]
    flagged: tuple[str, ...]
    conversation_rows: int = 0


def erase_customer(
    factory: sessionmaker,
    identity: Identity,
    *,
    by: str,
    now: datetime,
    files: Path | None = None,
    conversation: bool = True,
) -> Erasure:
    """A customer's request to be forgotten: closed complaints anonymised now, open ones
    flagged, their files and (with `conversation`) their chat deleted; the request recorded
    without who they are. `by`: "customer" or a staff actor."""
    erased: list[str] = []
    flagged: list[str] = []
    rows = 0
    with transaction(factory) as session:
        complaints = store.for_identity(session, channel=identity.channel, user_id=identity.user_id)
        ended = [c for c in complaints if c.status in ENDED_STATUSES]
        for complaint in complaints:
            repo.add_event(session, complaint=complaint, actor=by, kind="erasure_requested", at=now)
            if complaint.status in ENDED_STATUSES:
                erased.append(complaint.reference)
            else:
                flagged.append(complaint.reference)
                complaint.erase_requested_at = complaint.erase_requested_at or now
        anonymise(session, ended, why=lambda _: "request", actor=by, now=now, files=files)
        waiting = store.waiting_attachments(
            session, channel=identity.channel, user_id=identity.user_id
        )
        session.flush()
        _forget_files(files, session, list(waiting))
        connection = session.connection()
        if conversation and store.has_conversations(connection):
            # an open complaint keeps its own record of the case (its events), not the chat
            rows = store.delete_conversation(connection, sender_id=identity.sender_id)
        session.add(
            ErasureRequest(
                at=now,
                channel=identity.channel,
                requested_by=by.split(":", 1)[0] if by.startswith("customer") else by,
                erased=len(erased),
                flagged=len(flagged),
            )
        )
    log.info(
        "retention.erasure",
        extra={"erased": len(erased), "flagged": len(flagged), "channel": identity.channel},
    )
    return Erasure(tuple(erased), tuple(flagged), rows)
