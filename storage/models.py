"""SQLAlchemy models. Rasa's tracker store owns the table `events`; ours never use it."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import declarative_base, relationship

from storage.types import UTCDateTime, utcnow
from storage.vocabulary import PRIORITIES, STATUSES

Base: Any = declarative_base()


def _in(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


class Staff(Base):
    """A member of staff who can be assigned complaints."""

    __tablename__ = "staff"

    id = sa.Column(sa.Integer, primary_key=True)
    handle = sa.Column(sa.String(100), nullable=False, unique=True)
    display_name = sa.Column(sa.String(200), nullable=False)
    team = sa.Column(sa.String(100), nullable=False, index=True)
    slack_user_id = sa.Column(sa.String(50))
    active = sa.Column(sa.Boolean, nullable=False, default=True)
    last_assigned_at = sa.Column(UTCDateTime)
    # away (leave, a day off) until then: new work passes them by (`complaints away`)
    away_until: sa.Column[datetime] = sa.Column(UTCDateTime)


class Complaint(Base):
    """One complaint, from receipt to closure (ISO 10002 7.2-7.9)."""

    __tablename__ = "complaints"
    __table_args__ = (
        sa.CheckConstraint(_in("status", STATUSES), name="ck_complaints_status"),
        sa.CheckConstraint(_in("priority", PRIORITIES), name="ck_complaints_priority"),
        sa.CheckConstraint(
            "satisfaction_score BETWEEN 1 AND 5", name="ck_complaints_satisfaction_score"
        ),
        sa.Index("ix_complaints_identity", "channel", "user_id"),
        sa.Index("ux_complaints_submission_key", "submission_key", unique=True),
        # the retention sweep reads the complaints closed before a date
        sa.Index("ix_complaints_retention", "status", "closed_at"),
    )

    id = sa.Column(sa.Integer, primary_key=True)
    reference = sa.Column(sa.String(32), nullable=False, unique=True)
    # The identity that filed it: only it (and staff) may see the details.
    channel = sa.Column(sa.String(32), nullable=False)
    user_id = sa.Column(sa.String(255), nullable=False)
    language = sa.Column(sa.String(2), nullable=False, default="en")

    description = sa.Column(sa.Text, nullable=False)
    product = sa.Column(sa.String(500), nullable=False)
    desired_outcome = sa.Column(sa.Text, nullable=False)
    incident_date_text = sa.Column(sa.String(200), nullable=False)
    incident_on: sa.Column[date] = sa.Column(sa.Date)
    customer_name = sa.Column(sa.String(200), nullable=False)
    contact = sa.Column(sa.String(320), nullable=False)
    contact_kind = sa.Column(sa.String(10), nullable=False)
    contact_normalized = sa.Column(sa.String(320), nullable=False)
    # One per form confirmed (its conversation and start): a retried submission finds the
    # complaint it filed instead of filing another. None for complaints filed before it.
    submission_key = sa.Column(sa.String(64))

    status = sa.Column(sa.String(20), nullable=False, default="received")
    priority = sa.Column(sa.String(10), nullable=False, default="normal")
    category = sa.Column(sa.String(50), nullable=False, default="general")
    assignee_id = sa.Column(sa.Integer, sa.ForeignKey("staff.id"))
    # 0 until escalated; each escalation (by staff or by the chase sweep) adds one
    escalation_level = sa.Column(sa.Integer, nullable=False, default=0, server_default="0")
    # When the chase sweep next has something to do for it (a reminder, an escalation, a
    # holding message); None once nothing is overdue. Indexed: a sweep reads only these.
    next_chase_at: sa.Column[datetime] = sa.Column(UTCDateTime, index=True)

    created_at: sa.Column[datetime] = sa.Column(UTCDateTime, nullable=False, default=utcnow)
    updated_at: sa.Column[datetime] = sa.Column(UTCDateTime, nullable=False, default=utcnow)
    ack_due_at: sa.Column[datetime] = sa.Column(UTCDateTime, nullable=False)
    # the answer's target (ISO 10002 7.3): overdue is counted against it
    respond_due_at: sa.Column[datetime] = sa.Column(UTCDateTime, nullable=False)
    # the later date a holding message promised the customer (the sweep chases it); None
    # until one is sent, and again once the complaint goes back to work with a new target
    promised_at: sa.Column[datetime] = sa.Column(UTCDateTime)
    acknowledged_at: sa.Column[datetime] = sa.Column(UTCDateTime)
    responded_at: sa.Column[datetime] = sa.Column(UTCDateTime)
    closed_at: sa.Column[datetime] = sa.Column(UTCDateTime)
    human_requested_at: sa.Column[datetime] = sa.Column(UTCDateTime)
    # staff asked the customer a question not yet answered: the chase waits for the answer
    awaiting_customer_since: sa.Column[datetime] = sa.Column(UTCDateTime)

    # Closing the loop (ISO 10002 7.8-7.9, 8.3; handlers/closing.py). How often the customer
    # declined an answer (the second goes to the supervisor) and reopened it after closing;
    # when it last went back to work (a decline or a reopening: the answer's overdue ladder
    # starts again from its new due date).
    declined_count = sa.Column(sa.Integer, nullable=False, default=0, server_default="0")
    reopened_count = sa.Column(sa.Integer, nullable=False, default=0, server_default="0")
    resumed_at: sa.Column[datetime] = sa.Column(UTCDateTime)
    # the earlier complaint this one follows on from (closed too long ago to be reopened)
    linked_reference = sa.Column(sa.String(32), index=True)
    # the satisfaction survey after closing: asked once, answered once (1-5), a comment
    survey_asked_at: sa.Column[datetime] = sa.Column(UTCDateTime)
    satisfaction_score = sa.Column(sa.Integer)
    satisfaction_comment = sa.Column(sa.Text)
    satisfaction_at: sa.Column[datetime] = sa.Column(UTCDateTime)
    # Retention and erasure (handlers/retention.py): when its personal data was removed, and
    # when its customer asked for that while it was open (it is anonymised once it closes).
    erased_at: sa.Column[datetime] = sa.Column(UTCDateTime)
    erase_requested_at: sa.Column[datetime] = sa.Column(UTCDateTime)

    @property
    def answer_due_at(self) -> datetime:
        """When the customer expects the answer: the promised date once one was given."""
        return self.promised_at or self.respond_due_at

    assignee = relationship(Staff, lazy="joined")
    events = relationship(
        "ComplaintEvent", order_by="ComplaintEvent.id", back_populates="complaint"
    )


class ComplaintEvent(Base):
    """The append-only audit trail: who did what, when."""

    __tablename__ = "complaint_events"

    id = sa.Column(sa.Integer, primary_key=True)
    complaint_id = sa.Column(sa.Integer, sa.ForeignKey("complaints.id"), nullable=False, index=True)
    at: sa.Column[datetime] = sa.Column(UTCDateTime, nullable=False, default=utcnow)
    actor = sa.Column(sa.String(300), nullable=False)
    kind = sa.Column(sa.String(50), nullable=False)
    data = sa.Column(sa.JSON, nullable=False, default=dict)

    complaint = relationship(Complaint, back_populates="events")


class ErasureRequest(Base):
    """A customer's request to be forgotten, kept without who they are (the complaints it
    touched carry an `erasure_requested` event)."""

    __tablename__ = "erasure_requests"

    id = sa.Column(sa.Integer, primary_key=True)
    at: sa.Column[datetime] = sa.Column(UTCDateTime, nullable=False, default=utcnow)
    channel = sa.Column(sa.String(32), nullable=False)
    requested_by = sa.Column(sa.String(100), nullable=False)  # "customer" or a staff actor
    erased = sa.Column(sa.Integer, nullable=False)  # closed complaints anonymised at once
    flagged = sa.Column(sa.Integer, nullable=False)  # open ones, anonymised when they close


class Attachment(Base):
    """A file the customer sent, kept under `attachments.directory` by its SHA-256.

    Sent before the complaint it belongs to is filed (in the middle of the form), it waits
    with no complaint and is linked when the customer files one.
    """

    __tablename__ = "attachments"
    __table_args__ = (sa.Index("ix_attachments_owner", "channel", "user_id"),)

    id = sa.Column(sa.Integer, primary_key=True)
    complaint_id = sa.Column(sa.Integer, sa.ForeignKey("complaints.id"), index=True)
    complaint = relationship(Complaint)
    channel = sa.Column(sa.String(32), nullable=False)
    user_id = sa.Column(sa.String(255), nullable=False, server_default="")
    sha256 = sa.Column(sa.String(64), nullable=False, server_default="")
    file_id = sa.Column(sa.String(500), nullable=False)
    filename = sa.Column(sa.String(300))
    mime_type = sa.Column(sa.String(100))
    size_bytes = sa.Column(sa.Integer)
    created_at: sa.Column[datetime] = sa.Column(UTCDateTime, nullable=False, default=utcnow)


class OutboxMessage(Base):
    """A notification to send, written in the transaction of the change that causes it."""

    __tablename__ = "outbox"
    __table_args__ = (
        sa.Index("ix_outbox_due", "status", "next_attempt_at"),
        # a customer's waiting notices, looked up at each message on REST and console
        sa.Index("ix_outbox_recipient", "channel", "recipient", "status"),
        sa.Index("ux_outbox_dedupe_key", "dedupe_key", unique=True),
    )

    id = sa.Column(sa.Integer, primary_key=True)
    complaint_id = sa.Column(sa.Integer, sa.ForeignKey("complaints.id"))
    complaint = relationship(Complaint)
    channel = sa.Column(sa.String(32), nullable=False)
    recipient = sa.Column(sa.String(255), nullable=False)
    kind = sa.Column(sa.String(50), nullable=False)
    payload = sa.Column(sa.JSON, nullable=False, default=dict)
    status = sa.Column(sa.String(10), nullable=False, default="pending")
    attempts = sa.Column(sa.Integer, nullable=False, default=0)
    created_at: sa.Column[datetime] = sa.Column(UTCDateTime, nullable=False, default=utcnow)
    next_attempt_at: sa.Column[datetime] = sa.Column(UTCDateTime, nullable=False, default=utcnow)
    sent_at: sa.Column[datetime] = sa.Column(UTCDateTime)
    last_error = sa.Column(sa.Text)
    # a message meant once however many processes write it (the weekly digest); most have none
    dedupe_key = sa.Column(sa.String(200))


class OutboxAttempt(Base):
    """One try at sending an outbox message, and how it went."""

    __tablename__ = "outbox_attempts"

    id = sa.Column(sa.Integer, primary_key=True)
    outbox_id = sa.Column(sa.Integer, sa.ForeignKey("outbox.id"), nullable=False, index=True)
    at: sa.Column[datetime] = sa.Column(UTCDateTime, nullable=False, default=utcnow)
    outcome = sa.Column(sa.String(20), nullable=False)  # sent, retry, failed
    detail = sa.Column(sa.Text)


class ProcessedUpdate(Base):
    """A platform delivery (Telegram's update_id, Slack's event_id) for one bot: claimed by
    the process handling it, `done` once its replies are sent. A redelivery of a done one is
    skipped; one whose claim went stale (its process died) is handled again, from the
    payload kept until done."""

    __tablename__ = "processed_updates"
    __table_args__ = (
        sa.UniqueConstraint("channel", "bot", "update_id", name="uq_processed_updates"),
        sa.CheckConstraint("state IN ('received', 'done')", name="ck_processed_updates_state"),
        sa.Index("ix_processed_updates_done_at", "done_at"),
        # what is unfinished, read every 10 s per channel by each process (renew, replay)
        sa.Index("ix_processed_updates_open", "state", "channel"),
    )

    id = sa.Column(sa.Integer, primary_key=True)
    channel = sa.Column(sa.String(32), nullable=False)
    #: the receiving bot: Telegram's bot id, Slack's app and team (update ids are per bot)
    bot = sa.Column(sa.String(64), nullable=False, default="")
    update_id = sa.Column(sa.BigInteger, nullable=False)
    state = sa.Column(sa.String(16), nullable=False, default="received")
    claimed_by = sa.Column(sa.String(160))
    claimed_at: sa.Column[datetime] = sa.Column(UTCDateTime)
    attempts = sa.Column(sa.Integer, nullable=False, default=1)
    payload = sa.Column(sa.Text)  # the update as delivered, until it is done
    received_at: sa.Column[datetime] = sa.Column(UTCDateTime, nullable=False, default=utcnow)
    done_at: sa.Column[datetime] = sa.Column(UTCDateTime)


class SlackCard(Base):
    """A complaint's card in a Slack channel or DM, updated in place as the complaint moves."""

    __tablename__ = "slack_cards"
    __table_args__ = (
        sa.UniqueConstraint("complaint_id", "channel", name="uq_slack_cards"),
        sa.Index("ix_slack_cards_message", "channel", "ts"),
    )

    id = sa.Column(sa.Integer, primary_key=True)
    complaint_id = sa.Column(sa.Integer, sa.ForeignKey("complaints.id"), nullable=False)
    channel = sa.Column(sa.String(32), nullable=False)
    ts = sa.Column(sa.String(32), nullable=False)
    viewer = sa.Column(sa.String(100))  # the staff member whose DM it is; None in a channel
    posted_at: sa.Column[datetime] = sa.Column(UTCDateTime, nullable=False, default=utcnow)


class ChaseStep(Base):
    """A rung of the overdue ladder done for a complaint: each at most once per due date
    (the unique key), written in the transaction of the notifications it sends."""

    __tablename__ = "chase_steps"
    __table_args__ = (sa.UniqueConstraint("complaint_id", "step", "due_at", name="uq_chase_steps"),)

    id = sa.Column(sa.Integer, primary_key=True)
    complaint_id = sa.Column(sa.Integer, sa.ForeignKey("complaints.id"), nullable=False)
    step = sa.Column(sa.String(40), nullable=False)  # e.g. ack.remind, respond.hold
    due_at: sa.Column[datetime] = sa.Column(UTCDateTime, nullable=False)
    at: sa.Column[datetime] = sa.Column(UTCDateTime, nullable=False, default=utcnow)


class WebSession(Base):
    """A web page session the server minted, by the SHA-256 of its key: a copy of this
    table opens no conversation, and a key the server never issued is not one of these."""

    __tablename__ = "web_sessions"

    key_hash = sa.Column(sa.String(64), primary_key=True)
    created_at: sa.Column[datetime] = sa.Column(UTCDateTime, nullable=False, default=utcnow)
    last_seen: sa.Column[datetime] = sa.Column(
        UTCDateTime, nullable=False, default=utcnow, index=True
    )
