"""One locked state-transition path (`casework.transition`): a customer's withdrawal and a
staff answer racing on PostgreSQL never both apply."""

from __future__ import annotations

import threading
import time
from dataclasses import replace

import pytest
import sqlalchemy as sa

from bot.settings import Settings
from bot.wiring import Database, prepare_database
from handlers import casework, inquiries
from handlers.identity import Identity
from handlers.intake import ComplaintDetails, file_complaint
from storage import repositories as repo
from storage.db import transaction
from storage.models import Complaint
from storage.types import utcnow

CUSTOMER = Identity("telegram", "5550042")
pytestmark = pytest.mark.postgres


@pytest.fixture
def pg(base_settings: Settings, postgres_database: str) -> tuple[Settings, Database]:
    settings = replace(base_settings, database_url=postgres_database)
    return settings, prepare_database(settings)


def _file(db: Database, settings: Settings) -> str:
    details = ComplaintDetails(
        "화면이 깨졌어요", "Galaxy S24", "Replacement", "yesterday", None, "김 민수", "a@b.cd"
    )
    receipt = file_complaint(
        db.factory, settings.policy, identity=CUSTOMER, language="ko", details=details
    )
    return receipt.reference


def _stored(db: Database, reference: str) -> tuple[str, object, list[str]]:
    with transaction(db.factory) as session:
        complaint = repo.get_by_reference(session, reference=reference)
        assert complaint is not None
        kinds = [
            f"{e.kind}:{(e.data or {}).get('to', '')}"
            for e in repo.events_for(session, complaint=complaint)
        ]
        return complaint.status, complaint.responded_at, kinds


def test_a_withdrawal_waits_for_a_staff_action_holding_the_row(pg) -> None:
    """A staff action holds the row; the withdrawal started meanwhile waits for it and then
    sees the answer, instead of overwriting it (it read without the lock before)."""
    settings, db = pg
    reference = _file(db, settings)
    result: list[str] = []
    with db.engine.connect() as staff:
        tx = staff.begin()
        staff.execute(
            sa.select(Complaint.id).where(Complaint.reference == reference).with_for_update()
        )
        withdrawing = threading.Thread(
            target=lambda: result.append(
                inquiries.withdraw(db.factory, identity=CUSTOMER, reference=reference)
            )
        )
        withdrawing.start()
        time.sleep(0.3)
        assert withdrawing.is_alive(), result  # it waits for the row, as staff actions do
        now = utcnow()
        staff.execute(
            sa.update(Complaint)
            .where(Complaint.reference == reference)
            .values(status="responded", responded_at=now, updated_at=now)
        )
        tx.commit()
    withdrawing.join(10)
    assert result == ["not_withdrawable"]
    status, responded_at, _ = _stored(db, reference)
    assert status == "responded" and responded_at is not None


def _race(db: Database, settings: Settings, reference: str) -> dict[str, object]:
    """The customer's withdrawal and a staff answer started at the same moment."""
    kim = settings.policy.staff("kim.minji")
    assert kim is not None
    start = threading.Barrier(2)
    results: dict[str, object] = {}

    def customer() -> None:
        start.wait()
        results["withdraw"] = inquiries.withdraw(
            db.factory, identity=CUSTOMER, reference=reference, policy=settings.policy
        )

    def staff() -> None:
        start.wait()
        results["respond"] = casework.respond(
            db.factory,
            settings.policy,
            reference=reference,
            response="교환해 드리겠습니다",
            by=kim,
            now=utcnow(),
        ).result

    threads = [threading.Thread(target=customer), threading.Thread(target=staff)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    return results


def test_a_withdrawal_and_a_response_racing_never_both_apply(pg) -> None:
    settings, db = pg
    for _ in range(12):
        reference = _file(db, settings)
        results = _race(db, settings, reference)
        status, responded_at, kinds = _stored(db, reference)
        applied = (results["withdraw"] == "withdrawn", results["respond"] == "done")
        assert applied in ((True, False), (False, True)), results
        if applied[0]:
            assert (status, responded_at) == ("withdrawn", None)
            assert not any(k.startswith("responded") for k in kinds)
        else:
            assert status == "responded" and responded_at is not None
            assert "status_changed:withdrawn" not in kinds
