"""The overdue sweep's batched writes (`handlers/chase.py`, `_Rows`): the rows are those the
use cases' ORM helpers write for the same rungs, a later rung of one sweep sees an earlier
one's change, and a batch that trips the ledger's unique key writes and reports nothing."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import ORMExecuteState, Session

from bot.settings import Settings
from bot.wiring import prepare_database
from handlers import casework
from handlers.chase import ACTOR, CUSTOMER_HOLDING, sweep
from handlers.formatting import format_date
from storage import repositories as repo
from storage.db import transaction
from storage.models import ChaseStep, Complaint, ComplaintEvent, OutboxMessage
from tests.helpers import in_slack
from tests.test_chase import ACK_DUE, FILED, RULES, _file

Rows = dict[str, list[tuple[Any, ...]]]


def _rows(session: Session, reference: str) -> Rows:
    """What is stored for a complaint, in the order written; ids and the outbox's wall-clock
    times left out (the sweep and the helpers alike leave those to the table's defaults)."""
    complaint = repo.get_by_reference(session, reference=reference)
    assert complaint is not None

    def of(model: Any, *columns: str) -> list[tuple[Any, ...]]:
        query = sa.select(*(getattr(model, c) for c in columns))
        query = query.where(model.complaint_id == complaint.id).order_by(model.id)
        return [tuple(row) for row in session.execute(query)]

    return {
        "steps": of(ChaseStep, "step", "due_at", "at"),
        "events": of(ComplaintEvent, "at", "actor", "kind", "data"),
        "outbox": of(
            OutboxMessage,
            "channel",
            "recipient",
            "kind",
            "payload",
            "status",
            "attempts",
            "sent_at",
            "last_error",
        ),
        "complaint": [
            (
                complaint.status,
                complaint.escalation_level,
                complaint.next_chase_at,
                complaint.respond_due_at,
                complaint.updated_at,
            )
        ],
    }


def _by_helpers(
    db: Any, references: list[str], write: Callable[[Session, list[Complaint]], None]
) -> dict[str, Rows]:
    """The rows the use cases' ORM helpers write (what the sweep wrote before its rows were
    batched), in a transaction rolled back after they are read."""
    with db.factory() as session, session.begin():
        complaints = [repo.get_by_reference(session, reference=r) for r in references]
        assert all(complaints)
        write(session, complaints)  # type: ignore[arg-type]
        session.flush()
        found = {r: _rows(session, r) for r in references}
        session.rollback()
    return found


def _by_sweep(db: Any, references: list[str]) -> dict[str, Rows]:
    with transaction(db.factory) as session:
        return {r: _rows(session, r) for r in references}


def test_the_sweep_writes_the_rows_the_use_cases_helpers_write(settings: Settings) -> None:
    """Three rungs of one complaint in one sweep (a reminder, then two escalations: the second
    sees the first's level), another complaint only looked at, then the late answer's rungs
    with the holding message: the same rows, in the same order, as through the ORM helpers."""
    settings = in_slack(settings)
    policy = settings.policy
    db = prepare_database(settings)
    late, looked_at = _file(db, settings, user="5550001"), _file(db, settings, user="5550002")
    kim = policy.staff("kim.minji")
    assert kim is not None
    # acknowledged: only its answer's ladder is left, not due yet; the sweep looks once
    casework.acknowledge(db.factory, policy, reference=looked_at, by=kim, now=FILED)
    now = ACK_DUE + timedelta(hours=9)

    def ack_ladder(session: Session, complaints: list[Complaint]) -> None:
        complaint, other = complaints
        assignee = policy.staff(complaint.assignee.handle)
        assert assignee is not None
        for step in ("ack.remind", "ack.supervisor", "ack.manager"):
            session.add(
                ChaseStep(complaint_id=complaint.id, step=step, due_at=complaint.ack_due_at, at=now)
            )
        data = {"step": "ack.remind", "to": assignee.handle}
        repo.add_event(
            session, complaint=complaint, actor=ACTOR, kind="reminded", data=data, at=now
        )
        casework.tell_staff(session, assignee, complaint, casework.STAFF_REMINDER)
        for step in ("ack.supervisor", "ack.manager"):
            casework.escalate_in(session, policy, complaint, actor=ACTOR, now=now, reason=step)
        for each in (complaint, other):
            each.next_chase_at = each.respond_due_at
            casework.redraw_cards(session, policy, each)

    expected = _by_helpers(db, [late, looked_at], ack_ladder)
    report = sweep(db.factory, policy, RULES, now=now)
    assert [d.step for d in report.done] == ["ack.remind", "ack.supervisor", "ack.manager"]
    assert report.due == 2
    assert _by_sweep(db, [late, looked_at]) == expected
    assert expected[late]["complaint"][0][:2] == ("escalated", 2)

    respond_due = expected[late]["complaint"][0][3]  # the same for both: filed together
    now = respond_due + timedelta(minutes=1)

    def answer_ladders(session: Session, complaints: list[Complaint]) -> None:
        promised = policy.due(now, RULES.hold_for)
        for complaint in complaints:
            assignee = policy.staff(complaint.assignee.handle)
            assert assignee is not None and complaint.respond_due_at == respond_due
            for step in ("respond.remind", "respond.hold"):
                session.add(
                    ChaseStep(complaint_id=complaint.id, step=step, due_at=respond_due, at=now)
                )
            data = {"step": "respond.remind", "to": assignee.handle}
            repo.add_event(
                session, complaint=complaint, actor=ACTOR, kind="reminded", data=data, at=now
            )
            casework.tell_staff(session, assignee, complaint, casework.STAFF_REMINDER)
            complaint.promised_at, complaint.updated_at = promised, now
            data = {"from": respond_due.isoformat(), "to": promised.isoformat()}
            repo.add_event(
                session, complaint=complaint, actor=ACTOR, kind="holding_update", data=data, at=now
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
            # the promise's ladder begins: the next sweep works out when its rungs come
            complaint.next_chase_at = now
            casework.redraw_cards(session, policy, complaint)

    expected = _by_helpers(db, [late, looked_at], answer_ladders)
    report = sweep(db.factory, policy, RULES, now=now)
    assert sorted(d.step for d in report.done) == ["respond.hold"] * 2 + ["respond.remind"] * 2
    assert _by_sweep(db, [late, looked_at]) == expected


@contextmanager
def _ledger_written_behind_its_back(db: Any, reference: str, due: datetime) -> Iterator[None]:
    """Another sweep's ledger row for the complaint's reminder, written in the sweep's own
    transaction just after it read the ledger: as if that sweep had committed in between
    (on PostgreSQL the row locks keep two sweeps apart; this is the unique key's turn)."""

    def add_row(state: ORMExecuteState) -> Any:
        if not (state.is_select and ChaseStep.__table__ in state.statement.get_final_froms()):
            return None
        ledger = state.invoke_statement().freeze()  # the sweep's read, as it was
        complaint = state.session.execute(
            sa.select(Complaint.id).where(Complaint.reference == reference)
        ).scalar_one()
        state.session.execute(
            sa.insert(ChaseStep.__table__),
            {"complaint_id": complaint, "step": "ack.remind", "due_at": due, "at": due},
        )
        return ledger()

    sa.event.listen(db.factory, "do_orm_execute", add_row)
    try:
        yield
    finally:
        sa.event.remove(db.factory, "do_orm_execute", add_row)


def test_a_batch_that_trips_the_ledger_writes_and_reports_nothing(settings, caplog) -> None:
    """A dry run too: it writes its rows (and so meets the unique key) before rolling back."""
    settings = in_slack(settings)
    db = prepare_database(settings)
    reference = _file(db, settings)
    for dry_run in (True, False):
        caplog.clear()
        with (
            caplog.at_level(logging.WARNING, logger="handlers.chase"),
            _ledger_written_behind_its_back(db, reference, ACK_DUE),
        ):
            report = sweep(db.factory, settings.policy, RULES, now=ACK_DUE, dry_run=dry_run)
        assert [r.getMessage() for r in caplog.records] == ["chase.batch.conflict"]
        assert report.done == []
    with transaction(db.factory) as session:
        rows = _rows(session, reference)
        # the batch rolled back whole: no reminder, no event, not even the other sweep's row
        assert [e for e in rows["events"] if e[1] == ACTOR] == []
        assert rows["steps"] == []
        assert [o[2] for o in rows["outbox"] if o[2] == casework.STAFF_REMINDER] == []
        assert rows["complaint"][0][2] == ACK_DUE  # still due: the next sweep does it
    again = sweep(db.factory, settings.policy, RULES, now=ACK_DUE)
    assert [d.step for d in again.done] == ["ack.remind"]
