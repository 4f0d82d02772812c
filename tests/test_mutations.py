"""Behaviours that a changed line once left the whole suite green on (issue 18, item 20):
the chase ladder stays on the date first missed, the sweep passes over a row a staff action
holds, and a reference typed without its prefix needs a letter. (Priorities tried urgent
first: tests/test_safety_assessment.py.)"""

from __future__ import annotations

import threading
from dataclasses import replace
from datetime import timedelta

import pytest
import sqlalchemy as sa

from bot.settings import Settings
from bot.wiring import prepare_database
from handlers.chase import SweepReport, sweep
from handlers.references import find_reference, is_valid_code
from storage import repositories as repo
from storage.db import transaction
from storage.models import Complaint
from tests.test_chase import ACK_DUE, RULES, _file, _steps


def _complaint(db, reference: str) -> Complaint:
    with transaction(db.factory) as session:
        complaint = repo.get_by_reference(session, reference=reference)
        assert complaint is not None
        session.expunge(complaint)
        return complaint


def test_the_response_ladder_climbs_from_the_date_missed_and_the_promise_on_its_own(
    settings,
) -> None:
    """The holding message keeps `respond_due_at` (the target) and sets the promised date;
    the supervisor still hears `escalate_after` past the date that was missed; at the
    promised date its own ladder starts, and the answer's is not reminded or held again."""
    db = prepare_database(settings)
    reference = _file(db, settings)
    policy = settings.policy
    missed = _complaint(db, reference).respond_due_at
    late = sweep(db.factory, policy, RULES, now=missed)
    respond = sorted(d.step for d in late.done if d.step.startswith("respond."))
    assert respond == ["respond.hold", "respond.remind"]
    assert _complaint(db, reference).respond_due_at == missed
    promised = _complaint(db, reference).promised_at
    assert promised > missed + 2 * RULES.escalate_after
    up = sweep(db.factory, policy, RULES, now=missed + RULES.escalate_after)
    assert "respond.supervisor" in [d.step for d in up.done]
    assert all(d.due_at == missed for d in up.done if d.step.startswith("respond."))
    chased = sweep(db.factory, policy, RULES, now=promised + timedelta(minutes=1))
    promise = [(d.step, d.due_at) for d in chased.done if d.step.startswith("promised.")]
    assert promise == [("promised.remind", promised)]
    respond_steps = [s for s in _steps(db, reference) if s.startswith("respond.")]
    assert respond_steps.count("respond.hold") == 1
    assert respond_steps.count("respond.remind") == 1


@pytest.mark.postgres
def test_a_sweep_passes_over_a_row_a_staff_action_holds(
    base_settings: Settings, postgres_database: str
) -> None:
    """The sweep neither waits for a row a staff action has locked nor writes to it; it
    takes the others, and the held one at its next sweep."""
    settings = replace(base_settings, database_url=postgres_database)
    db = prepare_database(settings)
    held, other = _file(db, settings, "5550001"), _file(db, settings, "5550002")
    report: list[SweepReport] = []
    with db.engine.connect() as staff:
        tx = staff.begin()
        staff.execute(sa.select(Complaint.id).where(Complaint.reference == held).with_for_update())
        sweeping = threading.Thread(
            target=lambda: report.append(sweep(db.factory, settings.policy, RULES, now=ACK_DUE))
        )
        sweeping.start()
        sweeping.join(3)
        blocked = sweeping.is_alive()
        tx.rollback()  # let a blocked sweep finish before the test ends
    sweeping.join(10)
    assert not blocked, "the sweep waited for a row a staff action holds"
    assert [(d.reference, d.step) for d in report[0].done] == [(other, "ack.remind")]
    assert _steps(db, held) == []
    later = sweep(db.factory, settings.policy, RULES, now=ACK_DUE + timedelta(minutes=1))
    assert [(d.reference, d.step) for d in later.done] == [(held, "ack.remind")]


def _passing_numbers(count: int) -> list[str]:
    """All-digit numbers whose last digit happens to be a valid check symbol."""
    found = []
    for n in range(40_000_000, 40_100_000):
        if is_valid_code(f"{n:08d}"):
            found.append(f"{n:08d}")
            if len(found) == count:
                return found
    raise AssertionError("no passing numbers")


@pytest.mark.parametrize("number", _passing_numbers(4))
@pytest.mark.parametrize(
    "sentence",
    [
        "order number {n} was charged twice",
        "주문번호 {n} 결제가 두번 됐어요",
        "my card ending {a} {b} was charged twice",
        "call me on {n} please",
    ],
)
def test_an_unprefixed_reference_needs_a_letter(number: str, sentence: str) -> None:
    text = sentence.format(n=number, a=number[:4], b=number[4:])
    assert find_reference(text) is None
    # the same symbols given as a reference are one
    assert find_reference(f"status of CMP-{number[:4]}-{number[4:]}") is not None


def test_an_unprefixed_reference_with_a_letter_is_found() -> None:
    code = next(
        f"{n:07d}K"
        for n in range(1_000_000, 1_100_000)
        if is_valid_code(f"{n:07d}K") and f"{n:07d}".isdigit()
    )
    found = find_reference(f"status of {code[:4]} {code[4:]} please")
    assert found is not None and found.reference == f"CMP-{code[:4]}-{code[4:]}"
