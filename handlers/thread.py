"""The case thread: after filing, a complaint is one conversation between its customer and
staff (ISO 10002 7.3, 7.6, 7.7).

- `customer_message`: what the customer says about their complaint is recorded on it (an
  audit event), posted in the thread of its Slack cards, and answers a question staff asked
  (the chase resumes, the time waited added to the answer's due date).
- `conversation`: the thread in order (customer, staff, the desk's notices), for the CLI,
  the Slack card and the web page.
- `delivery`: whether the customer received the last message staff sent them.
- `cases` and `route`: which of the customer's complaints a message is about.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Literal

import sqlalchemy as sa
from sqlalchemy.orm import Session, sessionmaker

from handlers import casework, vocabulary
from handlers.assessment import safety_words
from handlers.casework import NOTIFICATIONS, STAFF_THREAD, Outcome, in_slack
from handlers.fields import tells_a_story
from handlers.identity import Identity
from handlers.language import HANGUL
from handlers.lexicon import typo_apart
from handlers.policy import Policy
from handlers.references import without_references
from storage import repositories as repo
from storage.db import transaction
from storage.models import Complaint, ComplaintEvent, OutboxMessage
from storage.vocabulary import ENDED_STATUSES

# A message longer than this is kept whole on the complaint but shortened in Slack.
THREAD_CHARS = 2900


@dataclass(frozen=True)
class Case:
    """One of the customer's complaints as the thread needs it."""

    reference: str
    status: str
    product: str
    team: str
    channel: str
    contact_kind: str
    contact: str
    respond_due_at: datetime
    responded_at: datetime | None
    closed_at: datetime | None
    ack_due_at: datetime | None = None
    acknowledged_at: datetime | None = None
    #: staff asked a question that this message answers
    answered_question: bool = False
    #: staff asked a question and wait for the customer's answer
    awaiting: bool = False
    #: the desk or staff wrote to the customer about it after the customer last did: what
    #: the customer says next is most likely the reply
    replying: bool = False
    #: when it was last talked about: a notice or staff message to the customer, or the
    #: customer's own message about it (filing alone is not: two new complaints are asked
    #: about until one is talked about)
    last_heard: datetime | None = None
    created_at: datetime | None = None

    @classmethod
    def of(cls, complaint: Complaint | sa.engine.Row, policy: Policy, **more: Any) -> Case:
        """The thread's view of a stored complaint (or a row of its columns)."""
        return cls(
            reference=complaint.reference,
            status=complaint.status,
            product=complaint.product,
            team=policy.team_for(complaint.category),
            channel=complaint.channel,
            contact_kind=complaint.contact_kind,
            contact=complaint.contact,
            respond_due_at=complaint.answer_due_at,  # what the customer was last told
            responded_at=complaint.responded_at,
            closed_at=complaint.closed_at,
            ack_due_at=complaint.ack_due_at,
            acknowledged_at=complaint.acknowledged_at,
            created_at=complaint.created_at,
            awaiting=awaiting_customer(complaint),
            **more,
        )

    @property
    def open(self) -> bool:
        """Whether the complaint is still being handled."""
        return self.status not in ENDED_STATUSES


@dataclass(frozen=True)
class Recorded:
    """What became of a customer's message about a complaint."""

    outcome: Outcome
    case: Case | None = None


def to_staff_thread(
    session: Session, policy: Policy, complaint: Complaint, text: str, **flags: bool
) -> None:
    """What the customer said, posted in the complaint's Slack thread when it has a card: in
    order with the card's redraws (the card exists first), cut to what a message holds."""
    if in_slack(policy, complaint):
        repo.enqueue(
            session,
            channel="slack",
            recipient=f"card:{complaint.reference}",
            kind=STAFF_THREAD,
            payload={"reference": complaint.reference, "text": text[:THREAD_CHARS], **flags},
            complaint=complaint,
        )


def customer_message(
    factory: sessionmaker,
    policy: Policy,
    *,
    reference: str,
    identity: Identity,
    text: str,
    now: datetime,
    wants_person: bool = False,
    attachment: dict[str, Any] | None = None,
    language: str | None = None,
    asked_back: bool = False,
) -> Recorded:
    """Record the customer's message on their complaint, whatever its state (nothing the
    customer says is lost), and post it to staff; `wants_person`: they asked for a call,
    which the card shows until someone on staff acts; `language`: the one the customer now
    writes in, which the desk's notices about it use from now on; `asked_back`: it only
    asks ("how shall I send the photo?"), so staff's question still waits for its answer."""
    answered: list[bool] = []
    built: list[Case] = []  # the complaint as it is once the message is recorded

    def change(session: Session, complaint: Complaint) -> bool:
        if language in ("en", "ko"):
            complaint.language = language
        data: dict[str, Any] = {"text": text, "channel": identity.channel}
        if attachment:
            data["attachment"] = attachment
        waited = complaint.awaiting_customer_since
        if waited is not None and not asked_back and _question_seen(session, complaint, before=now):
            # the answer to staff's question: the answer's clock runs again, moved on by
            # the time it waited
            complaint.awaiting_customer_since = None
            if complaint.responded_at is None:
                waiting = max(now - waited, timedelta(0))
                complaint.respond_due_at = complaint.respond_due_at + waiting
                if complaint.promised_at is not None:
                    complaint.promised_at = complaint.promised_at + waiting
            data["answers_question"] = True
            answered.append(True)
        if wants_person:
            data["wants_person"] = True
            complaint.human_requested_at = now
        danger = safety_words(policy, text)
        if danger and complaint.status not in ENDED_STATUSES:
            data["safety"] = True
            _urgent(session, policy, complaint, identity=identity, now=now, words=danger)
        repo.add_event(
            session,
            complaint=complaint,
            actor=identity.actor,
            # a request for a person keeps its own kind in the audit trail
            kind="human_requested" if wants_person else "customer_message",
            data=data,
            at=now,
        )
        complaint.updated_at = now
        to_staff_thread(
            session,
            policy,
            complaint,
            text,
            wants_person=wants_person,
            attachment=bool(attachment),
            safety=bool(danger),
        )
        built.append(Case.of(complaint, policy, answered_question=bool(answered)))
        return False

    outcome = casework.transition(
        factory,
        policy,
        reference=reference,
        allowed=lambda complaint: True,
        change=change,
        visible=lambda c: (c.channel, c.user_id) == (identity.channel, identity.user_id),
    )
    return Recorded(outcome, built[0] if outcome.result == "done" and built else None)


def _cases_query() -> sa.sql.Select:
    """The identity's complaints with when each was last talked about, built once (its
    construction cost more than running it)."""
    complaint = Complaint.__table__.c
    channel, user_id = sa.bindparam("channel"), sa.bindparam("user_id")
    # what reached the customer, when it did: a message kept for their next visit is heard
    # after the turn that shows it, not when staff wrote it
    heard = (
        sa.select(sa.func.max(OutboxMessage.sent_at))
        .where(
            OutboxMessage.complaint_id == complaint.id,
            OutboxMessage.channel == channel,
            OutboxMessage.recipient == user_id,
            OutboxMessage.status == "sent",
        )
        .scalar_subquery()
    )
    said = (
        sa.select(sa.func.max(ComplaintEvent.at))
        .where(
            ComplaintEvent.complaint_id == complaint.id,
            ComplaintEvent.kind.in_(("customer_message", "human_requested")),
        )
        .scalar_subquery()
    )
    return (
        sa.select(
            complaint.reference,
            complaint.status,
            complaint.product,
            complaint.category,
            complaint.channel,
            complaint.contact_kind,
            complaint.contact,
            sa.func.coalesce(complaint.promised_at, complaint.respond_due_at).label(
                "answer_due_at"
            ),
            complaint.responded_at,
            complaint.closed_at,
            complaint.ack_due_at,
            complaint.acknowledged_at,
            complaint.created_at,
            complaint.awaiting_customer_since,
            heard.label("heard"),
            said.label("said"),
        )
        .where(complaint.channel == channel, complaint.user_id == user_id)
        .order_by(complaint.created_at.desc(), complaint.id.desc())
        .limit(sa.bindparam("limit"))
    )


CASES = _cases_query()


def answer_unseen(factory: sessionmaker, reference: str, kind: str = "customer.responded") -> bool:
    """Whether staff's latest answer (or message of `kind`: "customer.question") waits to be
    shown to the customer, as REST and the web page show it before the reply to this very
    message: what they wrote was written before they saw it."""
    with transaction(factory) as session:
        latest = session.execute(
            sa.select(OutboxMessage.status)
            .join(Complaint, Complaint.id == OutboxMessage.complaint_id)
            .where(Complaint.reference == reference, OutboxMessage.kind == kind)
            .order_by(OutboxMessage.id.desc())
            .limit(1)
        ).scalar_one_or_none()
    return latest == "pending"


def pending_question(factory: sessionmaker, reference: str) -> str | None:
    """The question staff wait on the customer to answer, as staff wrote it, or None when
    none waits (asked again: "what did you ask?")."""
    with transaction(factory) as session:
        complaint = session.execute(
            sa.select(Complaint).where(Complaint.reference == reference)
        ).scalar_one_or_none()
        if complaint is None or not awaiting_customer(complaint):
            return None
        asked = session.execute(
            sa.select(ComplaintEvent.data)
            .where(
                ComplaintEvent.complaint_id == complaint.id,
                ComplaintEvent.kind == "staff_message",
            )
            .order_by(ComplaintEvent.id.desc())
        ).scalars()
        return next(
            (str(data["text"]) for data in asked if (data or {}).get("kind") == "question"), None
        )


def _question_seen(session: Session, complaint: Complaint, *, before: datetime) -> bool:
    """Whether staff's latest question reached the customer, on any way, before this
    message: one written before they saw it does not answer it (REST and the web page
    show a waiting question only after the turn of the customer's next message)."""
    sent = session.execute(
        sa.select(sa.func.max(OutboxMessage.sent_at)).where(
            OutboxMessage.complaint_id == complaint.id,
            OutboxMessage.kind == "customer.question",
            OutboxMessage.status == "sent",
            OutboxMessage.created_at >= complaint.awaiting_customer_since,
        )
    ).scalar_one_or_none()
    return sent is not None and sent <= before


def _urgent(
    session: Session,
    policy: Policy,
    complaint: Complaint,
    *,
    identity: Identity,
    now: datetime,
    words: list[str],
) -> None:
    """A danger told after filing ("it's sparking now"): the complaint becomes urgent, its
    due dates as short as an urgent one's from its filing, if that is sooner."""
    if complaint.priority == "urgent":
        return
    previous = complaint.priority
    targets = policy.targets.get("urgent")
    if targets is not None:
        complaint.ack_due_at = min(
            complaint.ack_due_at, policy.due(complaint.created_at, targets.ack)
        )
        complaint.respond_due_at = min(
            complaint.respond_due_at, policy.due(complaint.created_at, targets.respond)
        )
    complaint.priority = "urgent"
    repo.add_event(
        session,
        complaint=complaint,
        actor=identity.actor,
        kind="priority_raised",
        data={"from": previous, "to": "urgent", "words": words[:5]},
        at=now,
    )


def cases(
    factory: sessionmaker, policy: Policy, *, identity: Identity, limit: int = 10
) -> list[Case]:
    """The identity's complaints, newest first, each with when it was last talked about:
    one query of the columns needed (it runs for most messages after filing)."""
    values = {"channel": identity.channel, "user_id": identity.user_id, "limit": limit}
    with transaction(factory) as session:
        rows = session.execute(CASES, values).all()
    return [
        Case.of(
            row,
            policy,
            # filing it is talking about it: "how long will this one take?" just after is
            # about the newest
            last_heard=_last(row.heard, row.said, row.created_at),
            replying=row.heard is not None and (row.said is None or row.heard > row.said),
        )
        for row in rows
    ]


def _last(*moments: datetime | None) -> datetime | None:
    known = [m for m in moments if m is not None]
    return max(known) if known else None


Routed = tuple[Literal["this", "which"], str | None] | None


def route(
    cases_: Sequence[Case],
    *,
    named: str | None = None,
    product: str | None = None,
    follow_up: bool = False,
    complaint: bool = False,
) -> Routed:
    """Which complaint a message is about: ("this", reference), ("which", None) when the
    customer must say, or None when it is about none of them (a new problem).

    `named`: the reference the message gives; `product`: the product it names;
    `follow_up`: it reads as chasing, a reply or a question about a complaint;
    `complaint`: it reads as a complaint, which may be a new one. The complaint named wins;
    then one whose product the message names; then one waiting for the customer's answer
    (another product is a new problem only without one, unless the message reads as a
    follow-up); a
    complaint naming no product is asked about (more about one, or a new problem?) unless
    it replies to what staff last wrote; else the open one last talked about, their only
    open one, or they say which.
    """
    if named is not None:
        own = next((c for c in cases_ if c.reference == named), None)
        return ("this", own.reference) if own else None
    live = [c for c in cases_ if c.open]
    waiting = [c for c in live if c.awaiting]
    if product:
        same = [c for c in cases_ if same_product(c.product, product)]
        if same:
            return "this", (next((c for c in same if c.open), same[0])).reference
        if waiting:
            # staff asked: the answer may name another thing ("… before it had been anywhere
            # near the hob"); a new problem is said to be one (`says_new_complaint`)
            return "this", _latest(waiting).reference
        if not follow_up:
            return None
        if live:  # a follow-up naming another product: about one of them, or new?
            return "which", None
    if not live:
        # a follow-up on a complaint already closed is kept with it for staff to read
        ended = [c for c in cases_ if c.last_heard is not None or c.closed_at is not None]
        if follow_up and ended:
            return "this", max(
                ended, key=lambda c: c.closed_at or c.last_heard or datetime.min
            ).reference
        return None
    if waiting:  # staff asked: this is most likely the answer
        return "this", _latest(waiting).reference
    replies = [c for c in live if c.replying]
    if complaint and not follow_up:
        if replies:  # the reply to what staff last wrote
            return "this", _latest(replies).reference
        return "which", None  # more about one of them, or a new problem: only they know
    heard = [c for c in live if c.last_heard is not None]
    if heard:
        return "this", _latest(heard).reference
    if len(live) == 1:
        return "this", live[0].reference
    return "which", None


def _latest(cases_: Sequence[Case]) -> Case:
    return max(cases_, key=lambda c: c.last_heard or c.created_at or datetime.min)


def chosen(
    cases_: Sequence[Case], text: str, *, named: str | None = None, product: str | None = None
) -> Routed | tuple[Literal["new"], None]:
    """The customer's answer to "which complaint is this about, or something new?":
    ("this", reference), ("new", None), or None when it is still unclear (asked again).
    A reference or a product named decides; then a word of one complaint's product ("the
    blendr one", "드라이어 그거"); then words meaning new, or the newest; then, with one
    open complaint, that one."""
    live = [c for c in cases_ if c.open]
    if named is not None:
        return route(cases_, named=named)
    if product:
        same = [c for c in cases_ if same_product(c.product, product)]
        return ("this", same[0].reference) if same else ("new", None)
    mentioned = [c for c in live if mentions(text, c.product)]
    if len(mentioned) == 1:
        return "this", mentioned[0].reference
    if vocabulary.says("thread", "new", text):
        return "new", None
    if live and vocabulary.says("thread", "newest", text):
        return "this", max(
            live, key=lambda c: c.created_at or c.last_heard or datetime.min
        ).reference
    if len(live) == 1:
        return "this", live[0].reference
    return None


def mentions(text: str, product: str) -> bool:
    """Whether the text names the product in a word or so, typos and all: a word of three
    letters in common, or (Korean) the same first two syllables ("드라이어" for "드라이기")."""
    said = {w.casefold() for w in re.findall(r"\w{2,}", text)}
    for word in re.findall(r"\w{2,}", product):
        word = word.casefold()
        if any(w == word or (len(word) >= 4 and w.startswith(word[:4])) for w in said):
            return True
        if HANGUL.match(word) and any(w.startswith(word[:2]) for w in said if len(word) >= 2):
            return True
    return False


def same_product(stored: str, named: str) -> bool:
    """Whether the product a message names is the complaint's ("washer" in "my washer"), a
    word of it typed one slip apart too ("charger" of "laptop chargr")."""
    a, b = stored.casefold().strip(), named.casefold().strip()
    if not (a and b):
        return False
    if a in b or b in a:
        return True
    kept = re.findall(r"[^\W\d_]{4,}", a)
    if any(typo_apart(said, word) for said in re.findall(r"[^\W\d_]{4,}", b) for word in kept):
        return True
    return _shortened(a, b) or _shortened(b, a)


def _shortened(long: str, short: str) -> bool:
    """Whether a Korean word is short for another, its syllables taken in order with the
    first and the last kept ("식세기" of "식기세척기")."""
    if not (3 <= len(short) < len(long)) or not HANGUL.match(short):
        return False
    if short[0] != long[0] or short[-1] != long[-1]:
        return False
    rest = iter(long)
    return all(syllable in rest for syllable in short)


def says_more(text: str) -> bool:
    """Whether a message that gives a reference says more than that: a question or a
    sentence ("CMP-… where is my refund???"), for its complaint's staff to read."""
    text = without_references(text)
    return tells_a_story(text) or "?" in text


@dataclass(frozen=True)
class Entry:
    """One message of the thread: who said it, when, and what."""

    at: datetime
    who: Literal["customer", "staff", "desk"]
    kind: str  # customer_message, update, question, answer, or a notice's kind
    text: str
    by: str | None = None  # the staff member's handle


# Closing-the-loop events shown in the thread (handlers/closing.py): the customer's
# acceptance, decline (with their reason, or the reason said after it), reopening and
# satisfaction; a staff close.
CLOSING_ENTRIES = (
    "accepted",
    "declined",
    "decline_reason",
    "reopened",
    "satisfaction",
    "satisfaction_comment",
    "closed",
)


def conversation(session: Session, complaint: Complaint) -> list[Entry]:
    """The thread in order: the customer's messages, staff's, and the desk's notices (the
    acknowledgement, holding messages, closing)."""
    events = session.execute(
        sa.select(ComplaintEvent)
        .where(
            ComplaintEvent.complaint_id == complaint.id,
            ComplaintEvent.kind.in_(
                (
                    "customer_message",
                    "human_requested",
                    "staff_message",
                    "responded",
                    *CLOSING_ENTRIES,
                )
            ),
        )
        .order_by(ComplaintEvent.id)
    ).scalars()
    entries = []
    for event in events:
        data = event.data or {}
        by = event.actor.removeprefix("staff:") if event.actor.startswith("staff:") else None
        if event.kind in ("customer_message", "human_requested"):
            entries.append(Entry(event.at, "customer", event.kind, str(data.get("text", ""))))
        elif event.kind in CLOSING_ENTRIES:
            # closing the loop: the customer's decision (a decline's reason in their
            # words), a reopening, a score; staff's close with its reason
            who: Literal["customer", "staff"] = "staff" if by else "customer"
            said = data.get("reason") or data.get("comment") or data.get("score") or ""
            entries.append(Entry(event.at, who, event.kind, str(said), by))
        elif event.kind == "staff_message":
            kind = str(data.get("kind", "update"))
            entries.append(Entry(event.at, "staff", kind, str(data.get("text", "")), by))
        else:
            entries.append(Entry(event.at, "staff", "answer", str(data.get("response", "")), by))
    notices = session.execute(
        sa.select(OutboxMessage.created_at, OutboxMessage.kind)
        .where(
            OutboxMessage.complaint_id == complaint.id,
            OutboxMessage.channel == complaint.channel,
            OutboxMessage.kind.in_(
                (
                    "customer.acknowledged",
                    "customer.holding",
                    "customer.closed",
                    "customer.decision_reminder",
                    "customer.survey",
                    "customer.survey_reminder",
                )
            ),
        )
        .order_by(OutboxMessage.id)
    ).all()
    entries += [Entry(at, "desk", kind.removeprefix("customer."), "") for at, kind in notices]
    return sorted(entries, key=lambda e: e.at)


Delivery = Literal["sent", "waiting", "failed", "sending"]


@dataclass(frozen=True)
class Delivered:
    """How the last message to the customer went, on each way it was sent."""

    kind: str
    at: datetime
    #: channel (the customer's, or "email") -> sent, sending, waiting (kept for their next
    #: visit, or not yet sent), failed
    ways: tuple[tuple[str, Delivery], ...]

    @property
    def reached(self) -> bool:
        """Whether any way reached the customer."""
        return any(state == "sent" for _, state in self.ways)

    @property
    def failed(self) -> bool:
        """Whether every way failed."""
        return all(state == "failed" for _, state in self.ways)


def delivery(session: Session, complaint: Complaint) -> Delivered | None:
    """Whether the customer got the last message sent to them about the complaint, or None
    when none was sent."""
    rows = (
        session.execute(
            sa.select(OutboxMessage)
            .where(
                OutboxMessage.complaint_id == complaint.id,
                OutboxMessage.kind.in_(tuple(NOTIFICATIONS)),
            )
            .order_by(OutboxMessage.id.desc())
            .limit(4)
        )
        .scalars()
        .all()
    )
    if not rows:
        return None
    last = rows[0]
    # one message is a row per way (`casework.notify_customer`), written one after another
    # with the same payload; each row has its own `created_at`
    same = [last]
    for row in rows[1:]:
        if (row.kind, row.payload) != (last.kind, last.payload):
            break
        if any(r.channel == row.channel for r in same):  # the same message sent before
            break
        same.append(row)
    ways = []
    for row in reversed(same):
        state: Delivery
        if row.status == "sent":
            state = "sent"
        elif row.status == "failed":
            state = "failed"
        elif row.status == "sending":
            state = "sending"
        else:
            state = "waiting"
        ways.append((row.channel, state))
    return Delivered(last.kind, last.created_at, tuple(ways))


def asked_for_person(complaint: Complaint) -> bool:
    """Whether the customer asked for a person and nobody on staff has acted since."""
    return complaint.human_requested_at is not None and complaint.status not in ENDED_STATUSES


def awaiting_customer(complaint: Complaint | sa.engine.Row) -> bool:
    """Whether staff asked the customer something and wait for the answer."""
    return complaint.awaiting_customer_since is not None and complaint.status not in ENDED_STATUSES


# What turns a phrase down when said in its clause: "새로 접수하려는 것이 아니라",
# "it's not a new complaint".
_NOT_AFTER = re.compile(r"^[^.,!?\n]*?(?:아니라|아니고|아닌데|아니에요|아닙니다|말고)")
_NOT_BEFORE = re.compile(r"\b(?:not|isn'?t)\b[^.,!?\n]{0,12}$", re.IGNORECASE)


def says_new_complaint(text: str) -> bool:
    """Whether a message after filing says it is about something new ("that's a separate
    complaint", "새로 접수할게요"), not that it is not ("새로 접수하려는 것이 아니라 아까 그
    의자 건이요")."""
    for found in vocabulary.pattern("thread", "new_complaint").finditer(text):
        before, after = text[: found.start()], text[found.end() :]
        if not (_NOT_AFTER.search(after) or _NOT_BEFORE.search(before)):
            return True
    return False
