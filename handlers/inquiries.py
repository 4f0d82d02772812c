"""Inquiries a customer makes about their own complaints: status, list, withdrawal, a person."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from sqlalchemy.orm import sessionmaker
from typing_extensions import TypeIs

from handlers import casework, thread
from handlers.fields import Contact
from handlers.identity import Identity
from handlers.policy import Policy
from handlers.references import ParsedReference, find_reference, parse_reference
from storage import repositories as repo
from storage.db import transaction
from storage.models import Complaint
from storage.types import utcnow
from storage.vocabulary import OPEN_STATUSES, WITHDRAWABLE_STATUSES

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Summary:
    """What the complainant may see of their complaint."""

    reference: str
    status: str
    product: str
    created_at: datetime
    updated_at: datetime
    respond_due_at: datetime
    responded_at: datetime | None
    closed_at: datetime | None

    @classmethod
    def of(cls, complaint: Complaint) -> Summary:
        """The customer-facing summary of a stored complaint."""
        return cls(
            reference=complaint.reference,
            status=complaint.status,
            product=complaint.product,
            created_at=complaint.created_at,
            updated_at=complaint.updated_at,
            respond_due_at=complaint.answer_due_at,  # what the customer was last told
            responded_at=complaint.responded_at,
            closed_at=complaint.closed_at,
        )


@dataclass(frozen=True)
class Lookup:
    """The answer to "what is the status of …": found, mistyped, not_found or missing."""

    outcome: Literal["found", "mistyped", "not_found", "missing"]
    reference: str | None = None
    summary: Summary | None = None


def _filed_by(complaint: Complaint | None, identity: Identity) -> TypeIs[Complaint]:
    """Whether the complaint exists and was filed by this identity."""
    return complaint is not None and (complaint.channel, complaint.user_id) == (
        identity.channel,
        identity.user_id,
    )


def read_reference(text: str, entity: str | None = None) -> ParsedReference | None:
    """The reference the customer gave: the NLU entity if any, else searched in the text."""
    if entity:
        parsed = parse_reference(entity)
        if parsed.outcome != "malformed":
            return parsed
    return find_reference(text)


def _lookup(
    factory: sessionmaker,
    parsed: ParsedReference | None,
    visible: Callable[[Complaint | None], bool],
) -> Lookup:
    """Status by reference for whoever `visible` lets see the complaint; anyone else gets
    `not_found`, exactly as for a reference that does not exist."""
    if parsed is None or parsed.outcome == "malformed":
        return Lookup("missing")
    if parsed.outcome == "mistyped":
        return Lookup("mistyped", parsed.reference)
    with transaction(factory) as session:
        complaint = repo.get_by_reference(session, reference=parsed.reference or "")
        if complaint is None or not visible(complaint):
            log.info("complaint.status.not_found")
            return Lookup("not_found", parsed.reference)
        return Lookup("found", parsed.reference, Summary.of(complaint))


def lookup(
    factory: sessionmaker,
    *,
    identity: Identity,
    parsed: ParsedReference | None,
) -> Lookup:
    """Status by reference, only for the identity that filed it."""
    return _lookup(factory, parsed, lambda complaint: _filed_by(complaint, identity))


def lookup_by_contact(
    factory: sessionmaker, *, parsed: ParsedReference | None, contact: Contact | None
) -> Lookup:
    """Status by reference and the contact given with the complaint, from any device.

    A wrong contact is answered as a reference that does not exist, so the answer tells
    nobody whether a reference is real. A mistyped check symbol is said (it is worked out
    from the reference alone and reveals nothing).
    """
    return _lookup(
        factory,
        parsed,
        lambda complaint: (
            contact is not None
            and complaint is not None
            and complaint.contact_normalized == contact.normalized
        ),
    )


def list_own(factory: sessionmaker, *, identity: Identity, limit: int = 10) -> list[Summary]:
    """The identity's own complaints, newest first."""
    with transaction(factory) as session:
        rows = repo.list_for_identity(
            session, channel=identity.channel, user_id=identity.user_id, limit=limit
        )
        return [Summary.of(row) for row in rows]


def withdrawable(factory: sessionmaker, *, identity: Identity) -> list[Summary]:
    """The identity's complaints that can still be withdrawn."""
    with transaction(factory) as session:
        rows = repo.list_for_identity(
            session,
            channel=identity.channel,
            user_id=identity.user_id,
            statuses=WITHDRAWABLE_STATUSES,
        )
        return [Summary.of(row) for row in rows]


def withdraw(
    factory: sessionmaker,
    *,
    identity: Identity,
    reference: str,
    now: datetime | None = None,
    policy: Policy | None = None,
) -> Literal["withdrawn", "not_found", "not_withdrawable"]:
    """Withdraw the identity's complaint (after the customer confirmed), through the locked
    transition staff actions take; with `policy`, staff's cards show it."""
    outcome = casework.withdraw(
        factory,
        policy,
        reference=reference,
        channel=identity.channel,
        user_id=identity.user_id,
        actor=identity.actor,
        now=now or utcnow(),
    )
    if outcome.result == "not_found":
        return "not_found"
    if outcome.result != "done":
        return "not_withdrawable"
    log.info("complaint.withdrawn", extra={"reference": reference})
    return "withdrawn"


def request_human(
    factory: sessionmaker,
    *,
    identity: Identity,
    now: datetime | None = None,
    policy: Policy | None = None,
    reference: str | None = None,
    text: str = "",
) -> str | None:
    """Record that the customer asked for a person on their complaint (`reference`, else
    their newest open one): on the complaint, and (with `policy`) to its staff, whose card
    shows it until one of them acts."""
    at = now or utcnow()
    with transaction(factory) as session:
        rows = repo.list_for_identity(
            session,
            channel=identity.channel,
            user_id=identity.user_id,
            statuses=OPEN_STATUSES,
            limit=10,
        )
        named = [r for r in rows if r.reference == reference]
        if not (named or rows):
            return None
        target = (named or rows)[0]
        if policy is None:
            target.human_requested_at = at
            target.updated_at = at
            repo.add_event(
                session, complaint=target, actor=identity.actor, kind="human_requested", at=at
            )
            return target.reference
        found = target.reference
    recorded = thread.customer_message(
        factory,
        policy,
        reference=found,
        identity=identity,
        text=text,
        now=at,
        wants_person=True,
    )
    return found if recorded.case is not None else None
