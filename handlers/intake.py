"""Intake: store a confirmed complaint, assess it, assign it, acknowledge it (ISO 10002 7.2-7.5)."""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import sessionmaker

from handlers.assessment import assess
from handlers.assignment import assign
from handlers.fields import parse_contact
from handlers.identity import Identity
from handlers.names import without_contacts
from handlers.policy import Policy
from handlers.references import new_reference
from storage import repositories as repo
from storage.db import transaction
from storage.models import Complaint
from storage.types import utcnow

log = logging.getLogger(__name__)
MAX_REFERENCE_ATTEMPTS = 5
# Channels a customer can send files on (the others never have files waiting).
FILE_CHANNELS = ("telegram", "slack", "web")


@dataclass(frozen=True)
class ComplaintDetails:
    """What the customer confirmed at the read-back."""

    description: str
    product: str
    desired_outcome: str
    incident_date_text: str
    incident_on: date | None
    customer_name: str
    contact: str


@dataclass(frozen=True)
class Receipt:
    """The acknowledgement given at once: reference and promised dates."""

    reference: str
    ack_due_at: datetime
    respond_due_at: datetime
    priority: str
    category: str
    #: filed by an earlier try of the same submission (nothing new was stored)
    again: bool = False

    @classmethod
    def of(cls, complaint: Complaint, *, again: bool = False) -> Receipt:
        """The receipt of a stored complaint."""
        return cls(
            reference=complaint.reference,
            ack_due_at=complaint.ack_due_at,
            respond_due_at=complaint.respond_due_at,
            priority=complaint.priority,
            category=complaint.category,
            again=again,
        )


class InvalidDetails(ValueError):
    """The details cannot be stored as they are (the form should have caught this)."""


def file_complaint(
    factory: sessionmaker,
    policy: Policy,
    *,
    identity: Identity,
    language: str,
    details: ComplaintDetails,
    now: datetime | None = None,
    submission: str | None = None,
    told: Sequence[str] = (),
    linked_reference: str | None = None,
) -> Receipt:
    """Store a confirmed complaint with its assessment and assignment, in one transaction.

    `told`: everything else the customer said while filing; the assessment reads it for a
    danger and the priority (a danger told at any question is stored as the customer was
    told it would be treated).

    `submission` names the form confirmed: a submission filed already (a turn retried
    after its conversation could not be saved, a message delivered twice) gets the receipt
    of the complaint it filed, marked `again`, and nothing new is stored.

    `linked_reference`: an earlier complaint of the same customer this one follows on from
    (closed too long ago to be reopened, `closing.reopen`'s `too_late`); kept, shown on
    both, and in the `received` event.
    """
    # No look-up of `submission` first either: a submission filed already breaks the
    # unique index on `submission_key`, answered below with the complaint it filed.
    contact = parse_contact(details.contact, policy.phone_region)
    if contact is None:
        raise InvalidDetails("contact is neither an e-mail address nor a phone number")
    received_at = now or utcnow()
    assessment = assess(
        policy,
        description=_not_who(details.description, details, policy.phone_region),
        product=details.product,
        received_at=received_at,
        told=[_not_who(said, details, policy.phone_region) for said in told],
    )
    for attempt in range(MAX_REFERENCE_ATTEMPTS):
        reference = new_reference()
        try:
            with transaction(factory) as session:
                # No look-up first: the unique index on `reference` answers a collision
                # (one in 2**40 draws) with IntegrityError, and the loop draws again.
                complaint = Complaint(
                    reference=reference,
                    channel=identity.channel,
                    user_id=identity.user_id,
                    language=language,
                    description=details.description,
                    product=details.product,
                    desired_outcome=details.desired_outcome,
                    incident_date_text=details.incident_date_text,
                    incident_on=details.incident_on,
                    customer_name=details.customer_name,
                    contact=contact.display,
                    contact_kind=contact.kind,
                    contact_normalized=contact.normalized,
                    status="received",
                    priority=assessment.priority,
                    category=assessment.category,
                    created_at=received_at,
                    updated_at=received_at,
                    ack_due_at=assessment.ack_due_at,
                    respond_due_at=assessment.respond_due_at,
                    next_chase_at=assessment.ack_due_at,  # the acknowledgement ladder's start
                    submission_key=submission,
                    linked_reference=linked_reference,
                )
                repo.add_complaint(session, complaint=complaint, actor=identity.actor)
                repo.add_event(
                    session,
                    complaint=complaint,
                    actor="system",
                    kind="assessed",
                    data={
                        "category": assessment.category,
                        "priority": assessment.priority,
                        "matched": list(assessment.matched),
                        "ack_due_at": assessment.ack_due_at.isoformat(),
                        "respond_due_at": assessment.respond_due_at.isoformat(),
                    },
                    at=received_at,
                )
                assign(session, policy, complaint=complaint, now=received_at)
                if identity.channel in FILE_CHANNELS:
                    repo.claim_waiting_attachments(session, complaint=complaint)
        except IntegrityError as exc:
            if submission is not None and repo.is_duplicate_submission(exc):
                # the same submission, filed before (a retried turn, a message delivered
                # twice) or meanwhile by a concurrent try
                filed = _filed(factory, identity, submission)
                if filed is not None:
                    return filed
                raise
            if not repo.is_duplicate_reference(exc):
                raise  # any other broken constraint is a bug, not bad luck
            # The reference was drawn before (one in 2**35 draws): draw again.
            log.warning("complaint.intake.reference_collision", extra={"attempt": attempt})
            continue
        log.info(
            "complaint.intake.saved",
            extra={"reference": reference, "priority": assessment.priority},
        )
        return Receipt(
            reference=reference,
            ack_due_at=assessment.ack_due_at,
            respond_due_at=assessment.respond_due_at,
            priority=assessment.priority,
            category=assessment.category,
        )
    raise RuntimeError(f"{MAX_REFERENCE_ATTEMPTS} references drawn were all taken")


def _not_who(text: str, details: ComplaintDetails, region: str) -> str:
    """What the customer said without their name and contact: "Jane Burns" names no burn."""
    rest = without_contacts(text or "", region)
    name = (details.customer_name or "").strip()  # missing only through a bug upstream
    return re.sub(re.escape(name), " ", rest, flags=re.IGNORECASE) if name else rest


def _filed(factory: sessionmaker, identity: Identity, submission: str) -> Receipt | None:
    """The receipt of the complaint this identity's submission filed, if it did."""
    with transaction(factory) as session:
        complaint = repo.complaint_by_submission(session, submission_key=submission)
        if complaint is None or (complaint.channel, complaint.user_id) != (
            identity.channel,
            identity.user_id,
        ):
            return None
        log.info("complaint.intake.filed_already", extra={"reference": complaint.reference})
        return Receipt.of(complaint, again=True)
