"""Internal notes: what staff found out about a complaint (ISO 10002 7.6, the investigation)
and, optionally, its root cause from the configured list (`root_causes` in config.yml), which
the reports count. A note is an audit event (kind `note`, data `{"text", "root_cause"?}`)
that the customer never sees: no outbox row to them, and their conversation and status
answers read other events only (`handlers/thread.conversation`). In Slack it goes in the
thread of the complaint's cards."""

from __future__ import annotations

import logging
from datetime import datetime

from sqlalchemy.orm import Session, sessionmaker

from handlers.casework import STAFF_THREAD, Outcome, actor_of, in_slack, transition
from handlers.policy import Policy
from storage import repositories as repo
from storage.models import Complaint
from storage.repositories import StaffMember

log = logging.getLogger(__name__)

NOTE = "note"
# as a customer's message in a card's thread is cut (`thread.THREAD_CHARS`)
NOTE_CHARS = 2900


def add_note(
    factory: sessionmaker,
    policy: Policy,
    *,
    reference: str,
    text: str,
    by: StaffMember,
    now: datetime,
    root_cause: str | None = None,
) -> Outcome:
    """Add a staff-only note to a complaint, in any status (a root cause is often found
    after closing). `no_reason`: the text is empty; `not_allowed`: the root cause is not one
    of `policy.root_causes`."""
    text = text.strip()
    if not text:
        return Outcome("no_reason", reference=reference)
    if root_cause and root_cause not in policy.root_causes:
        return Outcome("not_allowed", reference=reference)

    def change(session: Session, complaint: Complaint) -> bool:
        data = {"text": text, **({"root_cause": root_cause} if root_cause else {})}
        repo.add_event(
            session, complaint=complaint, actor=actor_of(by), kind=NOTE, data=data, at=now
        )
        if in_slack(policy, complaint):
            payload = {"reference": complaint.reference, "note": True, "by": by.handle, **data}
            payload["text"] = text[:NOTE_CHARS]
            repo.enqueue(
                session,
                channel="slack",
                recipient=f"card:{complaint.reference}",
                kind=STAFF_THREAD,
                payload=payload,
                complaint=complaint,
                at=now,
            )
        log.info("complaint.note.added", extra={"root_cause": root_cause or "-"})
        return False

    return transition(
        factory, policy, reference=reference, allowed=lambda complaint: True, change=change
    )


def root_cause_label(policy: Policy, key: str, language: str) -> str:
    """A root cause as staff read it, in the language (its key when it has no label)."""
    labels = policy.root_causes.get(key) or {}
    return labels.get(language) or labels.get("en") or key
