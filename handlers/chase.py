"""The overdue sweep's rules: who is reminded, escalated or kept informed, and when.

Two ladders per complaint, each from its due date (ISO 10002 7.3, 7.8):
- acknowledgement, from `ack_due_at` while unacknowledged: remind the assignee; after
  `escalate_after` more, the team's supervisor (escalation level up); after another, a manager;
- response, from `respond_due_at` while unanswered (acknowledged or not): the same rungs, and
  at once one holding message to the customer with a new expected date (`hold_for` on the
  office clock), which becomes the new `respond_due_at` (staff see it on the card); the
  ladder itself stays on the date that was missed.

Each rung is done once per complaint and due date: a `chase_steps` row with a unique key,
written in the same transaction as the outbox rows it causes. The sweep reads only complaints
whose `next_chase_at` has come (an indexed column), in batches, locking each batch with
`FOR UPDATE SKIP LOCKED` on PostgreSQL so that two processes sweeping at once never take the
same complaint; a process that dies mid-sweep leaves its batch uncommitted, for the next.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from handlers.casework import STAFF_REMINDER, escalate_in, ladders, redraw_cards, tell_staff
from handlers.formatting import format_date
from handlers.policy import Policy
from storage import repositories as repo
from storage.models import ChaseStep, Complaint
from storage.vocabulary import OPEN_STATUSES

log = logging.getLogger(__name__)

CUSTOMER_HOLDING = "customer.holding"
ACTOR = "system:chase"


@dataclass(frozen=True)
class ChaseRules:
    """How the ladder climbs (config.yml `chase`)."""

    interval: timedelta = timedelta(minutes=1)
    escalate_after: timedelta = timedelta(hours=4)
    hold_for: timedelta = timedelta(days=5)


@dataclass(frozen=True)
class Done:
    """One rung done (or, in a dry run, that would be done)."""

    reference: str
    step: str
    due_at: datetime
    to: str  # who hears about it


@dataclass
class SweepReport:
    """What one sweep did: the complaints due and the rungs done."""

    due: int = 0
    done: list[Done] = field(default_factory=list)
    took_ms: float = 0.0

    def count(self, rung: str) -> int:
        """How many rungs of a kind: remind, supervisor, manager, hold."""
        return sum(1 for d in self.done if d.step.endswith("." + rung))


def rungs(kind: str, due: datetime, rules: ChaseRules) -> list[tuple[str, datetime]]:
    """Each rung of a ladder and when it comes (calendar time after the due date: an overdue
    complaint is chased at night too, the reminders then wait in Slack)."""
    steps = [(f"{kind}.remind", due)]
    if kind == "respond":
        steps.append(("respond.hold", due))
    steps += [
        (f"{kind}.supervisor", due + rules.escalate_after),
        (f"{kind}.manager", due + 2 * rules.escalate_after),
    ]
    return steps


def sweep(
    factory: sessionmaker,
    policy: Policy,
    rules: ChaseRules,
    *,
    now: datetime,
    dry_run: bool = False,
    batch: int = 100,
) -> SweepReport:
    """Do every rung that has come by `now` (or, with `dry_run`, say what would be done)."""
    started = time.perf_counter()
    report = SweepReport()
    seen: set[int] = set()
    while True:
        try:
            complaints = _batch(factory, policy, rules, now, dry_run, batch, seen, report)
        except IntegrityError:  # see `_chase`: nothing of the batch was sent
            log.warning("chase.batch.conflict", extra={"batch": batch})
            continue
        if len(complaints) < batch:
            break
    report.took_ms = (time.perf_counter() - started) * 1000
    return report


def _batch(
    factory: sessionmaker,
    policy: Policy,
    rules: ChaseRules,
    now: datetime,
    dry_run: bool,
    batch: int,
    seen: set[int],
    report: SweepReport,
) -> list[Complaint]:
    """One batch in one transaction: the complaints locked, their rungs, their outbox rows."""
    done_before = len(report.done)
    with factory() as session, session.begin():
        query = (
            sa.select(Complaint)
            .where(
                Complaint.next_chase_at <= now,
                Complaint.status.in_(OPEN_STATUSES),
                Complaint.id.not_in(seen) if seen else sa.true(),
            )
            .order_by(Complaint.next_chase_at, Complaint.id)
            .limit(batch)
            .with_for_update(skip_locked=True, of=Complaint)
        )
        complaints = list(session.execute(query).scalars().all())
        seen.update(c.id for c in complaints)
        ledger: dict[int, set[tuple[str, datetime]]] = {c.id: set() for c in complaints}
        if complaints:  # the batch's done rungs in one query
            for complaint_id, step, due_at in session.execute(
                sa.select(ChaseStep.complaint_id, ChaseStep.step, ChaseStep.due_at).where(
                    ChaseStep.complaint_id.in_(list(ledger))
                )
            ):
                ledger[complaint_id].add((step, due_at))
        try:
            for complaint in complaints:
                report.due += 1
                _chase(session, policy, rules, complaint, ledger[complaint.id], now, report)
            session.flush()  # a dry run writes too (constraints checked), then rolls back
            if dry_run:
                session.rollback()
        except IntegrityError:
            del report.done[done_before:]
            raise
    return complaints


def _chase(
    session: Session,
    policy: Policy,
    rules: ChaseRules,
    complaint: Complaint,
    done: set[tuple[str, datetime]],
    now: datetime,
    report: SweepReport,
) -> None:
    open_ladders = ladders(complaint)
    if not open_ladders:
        complaint.next_chase_at = None
        return
    upcoming: list[datetime] = []
    for kind, current_due in open_ladders:
        # a late answer's ladder stays on the date that was missed: the holding message's
        # new date is told to the customer and shown to staff, not climbed again
        started = [d for step, d in done if step.startswith(kind + ".")]
        due = min(started) if started else current_due
        for step, at in rungs(kind, due, rules):
            if (step, due) in done:
                continue
            if at > now:
                upcoming.append(at)
                break
            # The unique key is the last word: a step another sweep already did fails
            # this batch's commit, nothing of it is sent, and the next sweep reads the
            # ledger again.
            session.add(ChaseStep(complaint_id=complaint.id, step=step, due_at=due, at=now))
            done.add((step, due))
            to = _do(session, policy, rules, complaint, step, now)
            report.done.append(Done(complaint.reference, step, due, to))
    complaint.next_chase_at = min(upcoming) if upcoming else None
    redraw_cards(session, policy, complaint)


def _do(
    session: Session,
    policy: Policy,
    rules: ChaseRules,
    complaint: Complaint,
    step: str,
    now: datetime,
) -> str:
    """One rung's notifications and events; who hears about it."""
    rung = step.split(".", 1)[1]
    if rung == "remind":
        assignee = policy.staff(complaint.assignee.handle) if complaint.assignee else None
        if assignee is not None:
            tell_staff(session, assignee, complaint, STAFF_REMINDER)
        repo.add_event(
            session,
            complaint=complaint,
            actor=ACTOR,
            kind="reminded",
            data={"step": step, "to": assignee.handle if assignee else None},
            at=now,
        )
        return assignee.handle if assignee else "-"
    if rung == "hold":
        promised = policy.due(now, rules.hold_for)
        previous = complaint.respond_due_at
        complaint.respond_due_at, complaint.updated_at = promised, now
        repo.add_event(
            session,
            complaint=complaint,
            actor=ACTOR,
            kind="holding_update",
            data={"from": previous.isoformat(), "to": promised.isoformat()},
            at=now,
        )
        repo.enqueue(
            session,
            channel=complaint.channel,
            recipient=complaint.user_id,
            kind=CUSTOMER_HOLDING,
            payload={
                "language": complaint.language,
                "reference": complaint.reference,
                "respond_by": format_date(promised, complaint.language, policy.timezone),
            },
            complaint=complaint,
        )
        return "customer"
    leads = escalate_in(session, policy, complaint, actor=ACTOR, now=now, reason=step)
    return ",".join(m.handle for m in leads) or "-"
