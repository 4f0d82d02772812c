"""Staff work on a complaint that the customer hears about: acknowledging it, answering it.

Each change, its audit event and the customer's notification are written in one transaction;
the notification goes out through the outbox (`bot/jobs/outbox.py`) on channels that can
reach a customer later (Telegram, Slack). A REST or console customer sees the change when
they ask for the status.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from sqlalchemy.orm import Session, sessionmaker

from handlers.formatting import format_date
from handlers.policy import Policy
from storage import repositories as repo
from storage.db import transaction
from storage.models import Complaint

# Channels whose customers can be sent a message outside a conversation.
PUSH_CHANNELS = ("telegram", "slack")
# The domain response each customer notification is written with.
NOTIFICATIONS = {
    "customer.acknowledged": "utter_notify_acknowledged",
    "customer.responded": "utter_notify_responded",
}


@dataclass(frozen=True)
class Outcome:
    """What happened: done, not found, or not possible in the complaint's status."""

    result: Literal["done", "not_found", "not_now"]
    status: str | None = None
    notified: bool = False


def _notify(
    session: Session, policy: Policy, complaint: Complaint, kind: str, **values: str
) -> bool:
    if complaint.channel not in PUSH_CHANNELS:
        return False
    repo.enqueue(
        session,
        channel=complaint.channel,
        recipient=complaint.user_id,
        kind=kind,
        payload={"language": complaint.language, "reference": complaint.reference, **values},
        complaint=complaint,
    )
    return True


def acknowledge(
    factory: sessionmaker, policy: Policy, *, reference: str, actor: str, now: datetime
) -> Outcome:
    """Staff have the complaint and are looking into it (ISO 10002 7.3)."""
    with transaction(factory) as session:
        complaint = repo.get_by_reference(session, reference=reference)
        if complaint is None:
            return Outcome("not_found")
        if complaint.status != "received":
            return Outcome("not_now", complaint.status)
        complaint.status, complaint.acknowledged_at, complaint.updated_at = "acknowledged", now, now
        repo.add_event(session, complaint=complaint, actor=actor, kind="acknowledged", at=now)
        respond_by = format_date(complaint.respond_due_at, complaint.language, policy.timezone)
        notified = _notify(
            session, policy, complaint, "customer.acknowledged", respond_by=respond_by
        )
        return Outcome("done", complaint.status, notified)


def respond(
    factory: sessionmaker,
    policy: Policy,
    *,
    reference: str,
    response: str,
    actor: str,
    now: datetime,
) -> Outcome:
    """The organisation's answer, sent to the customer (ISO 10002 7.7)."""
    with transaction(factory) as session:
        complaint = repo.get_by_reference(session, reference=reference)
        if complaint is None:
            return Outcome("not_found")
        if complaint.status in ("closed", "withdrawn", "responded"):
            return Outcome("not_now", complaint.status)
        complaint.status, complaint.responded_at, complaint.updated_at = "responded", now, now
        if complaint.acknowledged_at is None:
            complaint.acknowledged_at = now
        repo.add_event(
            session,
            complaint=complaint,
            actor=actor,
            kind="responded",
            data={"response": response},
            at=now,
        )
        notified = _notify(session, policy, complaint, "customer.responded", response=response)
        return Outcome("done", complaint.status, notified)
