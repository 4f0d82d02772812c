"""The overdue sweep's rules: who is reminded, escalated or kept informed, and when.

Two ladders per complaint, each from its due date (ISO 10002 7.3, 7.8):
- acknowledgement, from `ack_due_at` while unacknowledged: remind the assignee; after
  `escalate_after` more, the team's supervisor (escalation level up); after another, a manager;
- response, from `respond_due_at` while unanswered (acknowledged or not): the same rungs, and
  at once one holding message to the customer with a new expected date (`hold_for` on the
  office clock), kept as `promised_at` beside the target (overdue counts against the
  target; the customer is told the promise);
- the promise, from `promised_at` while still unanswered: the reminder and the rungs again
  (leads already told are reminded, `_escalate`).

Closing the loop (ISO 10002 7.9, 8.3; `handlers/closing.py`), from the answer while the
customer has neither accepted nor declined it: one reminder to the customer halfway through
`closing.close_after`, then closed at its end (`closed_silence`), told so and asked the
satisfaction question; and from that question while unanswered, one reminder after
`closing.survey_reminder_after`. Both on the desk's clock (`target_clock`).

Which events the sweep may cause in which status is the lifecycle's table
(`storage.vocabulary`): `escalate_overdue`, `remind_decision`, `close_silence`,
`remind_survey`, checked on the batch's rows read under their locks.

Each rung is done once per complaint and due date: a `chase_steps` row with a unique key,
written in the same transaction as the outbox rows it causes. The sweep reads only complaints
whose `next_chase_at` has come (an indexed column), in batches, locking each batch with
`FOR UPDATE SKIP LOCKED` on PostgreSQL so that two processes sweeping at once never take the
same complaint; a process that dies mid-sweep leaves its batch uncommitted, for the next.

A batch's rows are collected while its complaints are chased and written at the end, one
Core statement per table and one UPDATE per set of columns changed (on PostgreSQL each one
statement for the whole batch, its rows sent as arrays). Through the ORM's unit of work the
same rows were most of a sweep's time: a mapped object each, its bookkeeping at the flush,
and ids fetched back that nothing reads (`python -m bench.sweep`, 100 due complaints, on one
machine: 80-90 ms through the ORM, 33-55 ms with executemany rows, 29-37 ms with arrays).
"""

from __future__ import annotations

import functools
import json
import logging
import time
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import cached_property
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from handlers import closing
from handlers.casework import (
    ESCALATION_ROLES,
    STAFF_CARD,
    STAFF_ESCALATED,
    STAFF_REMINDER,
    emailed,
    escalation_to,
    in_slack,
    ladders,
    locked,
)
from handlers.formatting import format_date
from handlers.policy import Policy
from storage.models import ChaseStep, Complaint, ComplaintEvent, OutboxMessage
from storage.repositories import StaffMember
from storage.types import UTCDateTime
from storage.vocabulary import LIFECYCLE, allows

log = logging.getLogger(__name__)

CUSTOMER_HOLDING = "customer.holding"
ACTOR = "system:chase"
# The statuses the sweep has anything to do for: where the table allows a sweep's event.
SWEPT_STATUSES = tuple(dict.fromkeys(s for m in LIFECYCLE if m.by == "sweep" for s in m.from_))


@dataclass(frozen=True)
class ChaseRules:
    """How the ladder climbs (config.yml `chase`)."""

    interval: timedelta = timedelta(minutes=1)
    escalate_after: timedelta = timedelta(hours=4)
    hold_for: timedelta = timedelta(days=5)
    # an urgent complaint's ladder: on the desk's clock ("office") or every hour ("calendar")
    urgent_clock: str = "office"


@dataclass(frozen=True)
class Done:
    """One rung done (or, in a dry run, that would be done)."""

    reference: str
    step: str
    due_at: datetime
    to: str  # who hears about it
    what: str = ""  # an escalation rung: what it came to ("escalated to manager")


@dataclass
class SweepReport:
    """What one sweep did: the complaints due and the rungs done."""

    due: int = 0
    done: list[Done] = field(default_factory=list)
    took_ms: float = 0.0

    def count(self, rung: str) -> int:
        """How many rungs of a kind: remind, supervisor, manager, hold."""
        return sum(1 for d in self.done if d.step.endswith("." + rung))


def rungs(
    kind: str,
    due: datetime,
    rules: ChaseRules,
    policy: Policy | None = None,
    *,
    urgent: bool = False,
) -> list[tuple[str, datetime]]:
    """Each rung of a ladder and when it comes: the reminder at the due date, the
    escalations `escalate_after` apart on the desk's clock (with a `policy`; office hours:
    never at night), an `urgent` complaint's on the calendar clock when `urgent_clock` says
    so. The closing ladders count from their start (the answer, the survey's question) on
    the desk's clock, with `policy.closing`."""
    if kind in ("close", "survey"):
        if policy is None:
            raise ValueError(f"the {kind} ladder needs the policy's closing rules")
        rules_ = policy.closing
        if kind == "survey":
            return [("survey.remind", policy.due(due, rules_.survey_reminder_after))]
        return [
            ("close.remind", policy.due(due, rules_.close_after / 2)),
            ("close.silence", policy.due(due, rules_.close_after)),
        ]
    steps = [(f"{kind}.remind", due)]
    if kind == "respond":
        steps.append(("respond.hold", due))
    calendar = policy is None or (urgent and rules.urgent_clock == "calendar")
    for n, rung in enumerate(("supervisor", "manager"), start=1):
        after = n * rules.escalate_after
        at = due + after if calendar or policy is None else policy.due(due, after)
        steps.append((f"{kind}.{rung}", at))
    return steps


def sweep(
    factory: sessionmaker,
    policy: Policy,
    rules: ChaseRules,
    *,
    now: datetime,
    dry_run: bool = False,
    batch: int = 250,
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
                Complaint.status.in_(SWEPT_STATUSES),
                Complaint.id.not_in(seen) if seen else sa.true(),
            )
            .order_by(Complaint.next_chase_at, Complaint.id)
            .limit(batch)
        )
        query = locked(query, skip_locked=True)  # as every transition locks, or passes over
        complaints = list(session.execute(query).scalars().all())
        # Detached, they are the batch's working copies: the rules read them and each change
        # is set on them (a later rung sees an earlier one's), but only `_Rows.write` writes
        # it, never the session's flush. The locks stay: they are the transaction's.
        session.expunge_all()
        seen.update(c.id for c in complaints)
        ledger: dict[int, set[tuple[str, datetime]]] = {c.id: set() for c in complaints}
        if complaints:  # the batch's done rungs in one query
            for complaint_id, step, due_at in session.execute(
                sa.select(ChaseStep.complaint_id, ChaseStep.step, ChaseStep.due_at).where(
                    ChaseStep.complaint_id.in_(list(ledger))
                )
            ):
                ledger[complaint_id].add((step, due_at))
        rows = _Rows(policy, rules, now)
        try:
            for complaint in complaints:
                report.due += 1
                _chase(rows, complaint, ledger[complaint.id], report)
            rows.write(session)  # a dry run writes too (constraints checked), then rolls back
            if dry_run:
                session.rollback()
        except IntegrityError:
            del report.done[done_before:]
            raise
    return complaints


class _Rows:
    """One batch's writes, collected while its complaints are chased and written together.

    The rows are those the use cases write through the ORM (`repositories.add_event`,
    `repositories.enqueue`, `casework.tell_staff`, `casework.redraw_cards`,
    `casework.escalate_in`): the same columns and payloads, the tables' defaults for the rest
    (an outbox row's status, attempts and times). tests/test_chase_batch.py holds the two
    ways side by side.
    """

    def __init__(self, policy: Policy, rules: ChaseRules, now: datetime) -> None:
        self.policy, self.rules, self.now = policy, rules, now
        self.steps: list[dict[str, Any]] = []
        self.events: list[dict[str, Any]] = []
        self.outbox: list[dict[str, Any]] = []
        self.changes: dict[int, dict[str, Any]] = {}  # complaint id -> column -> new value
        self.told: set[tuple[int, str]] = set()  # (complaint id, handle) DMed in this sweep
        self.said: dict[int, str] = {}  # complaint id -> what its escalation rung came to

    @cached_property
    def promised(self) -> datetime:
        """A holding message's new date: `hold_for` after now on the office clock, the same
        for every complaint (worked out once per batch: the office clock walks day by day)."""
        return self.policy.due(self.now, self.rules.hold_for)

    def step(self, complaint: Complaint, step: str, due: datetime) -> None:
        """The ledger's row of a rung (`chase_steps`)."""
        self.steps.append(
            {"complaint_id": complaint.id, "step": step, "due_at": due, "at": self.now}
        )

    def event(self, complaint: Complaint, kind: str, data: dict[str, Any]) -> None:
        """An audit event by the sweep (`repositories.add_event`)."""
        self.events.append(
            {
                "complaint_id": complaint.id,
                "at": self.now,
                "actor": ACTOR,
                "kind": kind,
                "data": data,
            }
        )

    def enqueue(
        self, complaint: Complaint, channel: str, recipient: str, kind: str, payload: dict[str, Any]
    ) -> None:
        """A notification to send (`repositories.enqueue`)."""
        self.outbox.append(
            {
                "complaint_id": complaint.id,
                "channel": channel,
                "recipient": recipient,
                "kind": kind,
                "payload": payload,
                "created_at": self.now,
            }
        )

    def tell(self, member: StaffMember, complaint: Complaint, kind: str) -> None:
        """A DM with the card to a staff member in Slack (`casework.tell_staff`), at most
        one per complaint and person in a sweep (rungs of two ladders may come together)."""
        key = (complaint.id, member.handle)
        if member.slack_user_id and key not in self.told:
            self.told.add(key)
            payload = {"reference": complaint.reference}
            self.enqueue(complaint, "slack", member.slack_user_id, kind, payload)

    def redraw(self, complaint: Complaint) -> None:
        """The complaint's Slack cards redrawn (`casework.redraw_cards`)."""
        if in_slack(self.policy, complaint):
            payload = {"reference": complaint.reference}
            self.enqueue(complaint, "slack", f"card:{complaint.reference}", STAFF_CARD, payload)

    def change(self, complaint: Complaint, **values: Any) -> None:
        """Set columns of a complaint: on the working copy, and for the batch's UPDATE when
        the value is new (as the unit of work, which writes only what changed)."""
        for name, value in values.items():
            if getattr(complaint, name) != value:
                setattr(complaint, name, value)
                self.changes.setdefault(complaint.id, {})[name] = value

    def write(self, session: Session) -> None:
        """Everything in the session's transaction: the ledger first (its unique key is what
        a conflicting sweep trips on), then events, outbox rows, and the complaints' changes,
        one UPDATE per set of columns changed (mostly one: `next_chase_at`, and a holding
        message's or an escalation's few more)."""
        postgresql = session.get_bind().dialect.name == "postgresql"
        for table, rows in (
            (ChaseStep.__table__, self.steps),
            (ComplaintEvent.__table__, self.events),
            (OutboxMessage.__table__, self.outbox),
        ):
            if rows and postgresql:
                defaults = _defaults(table, rows[0])
                rows = [{**defaults, **row} for row in rows]
                names = tuple(rows[0])
                session.execute(_insert_unnested(table, names), _arrays(table, names, rows))
            elif rows:
                session.execute(sa.insert(table), rows)
        by_columns: dict[tuple[str, ...], list[dict[str, Any]]] = {}
        for complaint_id, changed in self.changes.items():
            by_columns.setdefault(tuple(sorted(changed)), []).append(
                {"complaint_id": complaint_id, **changed}
            )
        for columns, rows in by_columns.items():
            if postgresql:
                names = ("complaint_id", *columns)
                arrays = _arrays(Complaint.__table__, names, rows)
                session.execute(_update_unnested(columns), arrays)
            else:
                session.execute(_update_each(columns), rows)


def _update_each(columns: tuple[str, ...]) -> sa.sql.Update:
    """An UPDATE of the complaints' `columns` by id, run once per complaint (executemany)."""
    table = Complaint.__table__
    return (
        sa.update(table)
        .where(table.c.id == sa.bindparam("complaint_id"))
        .values({name: sa.bindparam(name) for name in columns})
    )


# On PostgreSQL a batch's rows travel as one array parameter per column, unnested into rows
# on the server: one statement per table, parsed and planned once, instead of an executemany
# (psycopg2 sends an UPDATE's as one statement per row: 100 complaints, 2.5 ms against 6.7 ms)
# or a multi-row VALUES that SQLAlchemy and psycopg2 build row by row (200 rows of two
# tables: 9 ms against 12 ms, the server's own work, foreign keys and indexes, about 6).


@functools.cache  # built once: a new one per batch costs its types' and cache key's making
def _update_unnested(columns: tuple[str, ...]) -> sa.sql.Update:
    """One UPDATE of the complaints' `columns` for the whole batch, joined on id."""
    table = Complaint.__table__
    changed = _unnested(table, ("complaint_id", *columns), name="changed")
    return (
        sa.update(table)
        .where(table.c.id == changed.c.complaint_id)
        .values({name: changed.c[name] for name in columns})
    )


@functools.cache
def _insert_unnested(table: sa.Table, names: tuple[str, ...]) -> sa.sql.Insert:
    """One INSERT … SELECT of the batch's rows of `table`."""
    given = _unnested(table, names, name="given")
    return sa.insert(table).from_select(list(names), sa.select(*(given.c[n] for n in names)))


def _column(table: sa.Table, name: str) -> sa.Column:
    return table.c.id if name == "complaint_id" and table is Complaint.__table__ else table.c[name]


def _unnested(table: sa.Table, names: tuple[str, ...], *, name: str) -> Any:
    """Array parameters, one per column (`_arrays`: values made ready, bound as they are),
    as a table of rows, each array cast on the server to its column's type (the cast types
    an array of NULLs too)."""
    arrays = []
    for n in names:
        kind = _column(table, n).type
        stored = kind.impl if isinstance(kind, UTCDateTime) else kind
        bound = sa.Text() if isinstance(kind, sa.JSON) else stored
        arrays.append(sa.cast(sa.bindparam(n, type_=ARRAY(bound)), ARRAY(stored)))
    return sa.func.unnest(*arrays).table_valued(*names).render_derived(name=name)


def _arrays(table: sa.Table, names: tuple[str, ...], rows: list[dict[str, Any]]) -> dict[str, Any]:
    """The rows' values by column, made ready here rather than element by element in the
    bind processing: times as naive UTC (what `UTCDateTime` stores: binding them aware would
    have the server read them in the session's TimeZone and store them shifted), JSON as
    text (cast to JSON on the server)."""
    arrays: dict[str, Any] = {}
    for n in names:
        values = [row[n] for row in rows]
        kind = _column(table, n).type
        if isinstance(kind, UTCDateTime):
            values = [kind.process_bind_param(v, None) for v in values]
        elif isinstance(kind, sa.JSON):
            values = [None if v is None else json.dumps(v) for v in values]
        arrays[n] = values
    return arrays


def _defaults(table: sa.Table, given: dict[str, Any]) -> dict[str, Any]:
    """The values the ORM would give the columns a row leaves out (their Python defaults:
    an outbox row's status, attempts and times)."""
    found = {}
    for column in table.columns:
        default = column.default
        if column.name in given or column.primary_key or default is None:
            continue
        found[column.name] = default.arg if default.is_scalar else default.arg(None)
    return found


def _chase(
    rows: _Rows,
    complaint: Complaint,
    done: set[tuple[str, datetime]],
    report: SweepReport,
) -> None:
    open_ladders = ladders(complaint)
    if not open_ladders:
        rows.change(complaint, next_chase_at=None)
        return
    upcoming: list[datetime] = []
    for kind, current_due in open_ladders:
        # a late answer's ladder stays on the date that was missed: the holding message's
        # new date is told to the customer and shown to staff, not climbed again; once the
        # complaint went back to work (declined, reopened) it starts again from its new date
        since = complaint.resumed_at
        started = [
            d
            for step, d in done
            if kind in ("ack", "respond")
            and step.startswith(kind + ".")
            and (since is None or d >= since)
        ]
        due = min(started) if started else current_due
        urgent = complaint.priority == "urgent"
        for step, at in rungs(kind, due, rows.rules, rows.policy, urgent=urgent):
            if (step, due) in done:
                continue
            if at > rows.now:
                upcoming.append(at)
                break
            # The unique key is the last word: a step another sweep already did fails
            # this batch's write, nothing of it is sent, and the next sweep reads the
            # ledger again.
            rows.step(complaint, step, due)
            done.add((step, due))
            to = _do(rows, complaint, step, at)
            what = rows.said.pop(complaint.id, "")
            report.done.append(Done(complaint.reference, step, due, to, what))
    if {k for k, _ in ladders(complaint)} - {k for k, _ in open_ladders}:
        upcoming.append(rows.now)  # closed by silence: the survey's ladder, at the next sweep
    rows.change(complaint, next_chase_at=min(upcoming) if upcoming else None)
    rows.redraw(complaint)


def _do(rows: _Rows, complaint: Complaint, step: str, at: datetime) -> str:
    """One rung's notifications and events (`at`: when it came); who hears about it."""
    policy, now = rows.policy, rows.now
    ladder, rung = step.split(".", 1)
    if ladder in ("close", "survey"):
        return _closing(rows, complaint, step)
    if rung == "remind":
        assignee = policy.staff(complaint.assignee.handle) if complaint.assignee else None
        if assignee is not None:
            rows.tell(assignee, complaint, STAFF_REMINDER)
        rows.event(
            complaint, "reminded", {"step": step, "to": assignee.handle if assignee else None}
        )
        return assignee.handle if assignee else "-"
    if rung == "hold":
        promised, previous = rows.promised, complaint.respond_due_at
        rows.change(complaint, promised_at=promised, updated_at=now)
        rows.event(
            complaint, "holding_update", {"from": previous.isoformat(), "to": promised.isoformat()}
        )
        payload = {
            "language": complaint.language,
            "reference": complaint.reference,
            "respond_by": format_date(promised, complaint.language, policy.timezone),
        }
        _tell_customer(rows, complaint, CUSTOMER_HOLDING, payload)
        return "customer"
    if not allows("escalate_overdue", complaint.status):  # under the lock, as `escalate`
        rows.event(complaint, "escalation_skipped", {"step": step, "status": complaint.status})
        return "-"
    leads = _escalate(rows, complaint, step)
    return ",".join(m.handle for m in leads) or "-"


# The level each escalation rung raises a complaint to (`casework.ESCALATION_ROLES`).
RUNG_LEVELS = {"supervisor": 1, "manager": 2}


def _escalate(rows: _Rows, complaint: Complaint, step: str) -> tuple[StaffMember, ...]:
    """`casework.escalate_in` as the batch's rows, to the rung's level
    (`casework.escalation_to` says whom); who is told. A complaint already at that level is
    not raised again: its leads there are reminded (another date was missed)."""
    target = RUNG_LEVELS[step.split(".", 1)[1]]
    level, leads = escalation_to(rows.policy, complaint, target)
    current = complaint.escalation_level or 0
    role = ESCALATION_ROLES[level]
    if level <= current or not leads:
        for member in leads:
            rows.tell(member, complaint, STAFF_REMINDER)
        rows.event(complaint, "reminded", {"step": step, "to": [m.handle for m in leads]})
        rows.said[complaint.id] = f"{role} reminded: already escalated" if leads else "-"
        return leads
    rows.said[complaint.id] = f"escalated to {role}"
    previous = complaint.status
    rows.change(complaint, status="escalated", escalation_level=level, updated_at=rows.now)
    data = {"level": level, "from": previous, "to": [m.handle for m in leads], "reason": step}
    rows.event(complaint, "escalated", data)
    for member in leads:
        rows.tell(member, complaint, STAFF_ESCALATED)
    return leads


def _tell_customer(rows: _Rows, complaint: Complaint, kind: str, payload: dict[str, Any]) -> None:
    """A notification on the customer's channel and, where they are e-mailed, by e-mail
    (as `casework.notify_customer` does)."""
    rows.enqueue(complaint, complaint.channel, complaint.user_id, kind, payload)
    if emailed(rows.policy, complaint):
        rows.enqueue(complaint, "email", complaint.contact_normalized, kind, payload)


def declined_since_answer(complaint: Complaint) -> bool:
    """The customer declined the answer the closing ladder runs from: never closed as if
    they had been silent about it. A decline sends the complaint back to work at once (with
    or without its reason, `closing.decline`), so the table already keeps it off the
    ladder; this is that rule written where the sweep closes."""
    resumed, answered = complaint.resumed_at, complaint.responded_at
    return bool(complaint.declined_count) and (
        resumed is not None and answered is not None and resumed >= answered
    )


def _closing(rows: _Rows, complaint: Complaint, step: str) -> str:
    """A rung of the closing ladders (`handlers/closing.py`): the reminder to accept or
    decline the answer, closing after silence (told, and asked the satisfaction question),
    the survey's one reminder. Checked against the table on the row read under the lock."""
    policy, now = rows.policy, rows.now
    language = complaint.language
    base = {"language": language, "reference": complaint.reference}
    event = {
        "close.remind": "remind_decision",
        "close.silence": "close_silence",
        "survey.remind": "remind_survey",
    }[step]
    if not allows(event, complaint.status) or (
        step.startswith("close.") and declined_since_answer(complaint)
    ):
        rows.event(complaint, "closing_skipped", {"step": step, "status": complaint.status})
        return "-"
    if step == "close.remind":
        close_by = policy.due(complaint.responded_at, policy.closing.close_after)
        text = closing.decision_reminder(policy, complaint, close_by)
        rows.event(complaint, "decision_reminded", {"close_by": close_by.isoformat()})
        _tell_customer(rows, complaint, "customer.decision_reminder", {**base, "message": text})
        return "customer"
    if step == "close.silence":
        previous = complaint.status
        rows.change(
            complaint,
            status="closed",
            closed_at=now,
            updated_at=now,
            awaiting_customer_since=None,
            survey_asked_at=complaint.survey_asked_at or now,
        )
        rows.event(
            complaint,
            "closed_silence",
            {
                "from": previous,
                "to": "closed",
                "answered_at": complaint.responded_at.isoformat(),
                "close_after": str(policy.closing.close_after),
            },
        )
        _tell_customer(rows, complaint, "customer.closed", base)
        survey = closing.words(language, "survey")
        _tell_customer(rows, complaint, "customer.survey", {**base, "message": survey})
        return "customer"
    text = closing.words(language, "survey_reminder")
    rows.event(complaint, "survey_reminded", {})
    _tell_customer(rows, complaint, "customer.survey_reminder", {**base, "message": text})
    return "customer"
