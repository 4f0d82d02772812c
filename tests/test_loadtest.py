"""`make loadtest`'s own checks: a reply carrying another customer's reference or contact is
caught, the reference shown at filing is the one kept, and the database audit counts lost,
duplicated and foreign complaints."""

from __future__ import annotations

from bench.loadtest import JOURNEYS, Customer, _audit
from storage.db import make_engine
from storage.migrate import upgrade


def _customer(number: int, journey: str = "en", channel: str = "rest") -> Customer:
    return Customer(number, "abc123", channel, journey, 7_000_000_000 + number)


def test_a_reply_with_another_customers_reference_or_contact_is_crossed() -> None:
    me, other = _customer(1), _customer(2, "ko")
    me.read(f"Thanks, I have {me.email}", confirming=False)
    assert me.crossed == []
    me.read("Your complaint's reference is CMP-7K3F-9QX2.", confirming=True)
    assert me.shown == "CMP-7K3F-9QX2" and me.crossed == []
    me.read("CMP-7K3F-9QX2 is received", confirming=False)
    assert me.crossed == []
    me.read("CMP-AAAA-BBBB is received", confirming=False)
    me.read(f"We will write to {other.email}", confirming=False)
    me.read(f"We will call {other.phone}", confirming=False)
    assert len(me.crossed) == 3, me.crossed


def test_a_reference_before_filing_is_crossed() -> None:
    me = _customer(1)
    me.read("Your complaint CMP-7K3F-9QX2 is received", confirming=False)
    assert me.crossed and me.shown is None


def _seed(url: str, rows: list[tuple[str, str, str, str]]) -> None:
    import sqlalchemy as sa

    engine = make_engine(url)
    upgrade(engine)
    with engine.begin() as conn:
        for reference, channel, user_id, contact in rows:
            conn.execute(
                sa.text(
                    "INSERT INTO complaints (reference, channel, user_id, language, description,"
                    " product, desired_outcome, incident_date_text, customer_name, contact,"
                    " contact_kind, contact_normalized, status, priority, category,"
                    " escalation_level, created_at, updated_at, ack_due_at, respond_due_at)"
                    " VALUES (:r, :c, :u, 'en', 'd', 'p', 'o', 'y', 'n', :contact, 'email',"
                    " :contact, 'received', 'normal', 'general', 0, :t, :t, :t, :t)"
                ),
                {"r": reference, "c": channel, "u": user_id, "contact": contact, "t": "2026-12-01"},
            )
    engine.dispose()


def test_the_audit_counts_lost_duplicated_and_foreign_complaints(tmp_path) -> None:
    url = f"sqlite:///{tmp_path / 'audit.db'}"
    kept, lost, twice = _customer(1), _customer(2), _customer(3)
    for customer, reference in (
        (kept, "CMP-AAAA-AAA1"),
        (lost, "CMP-AAAA-AAA2"),
        (twice, "CMP-AAAA-AAA3"),
    ):
        customer.shown, customer.confirmed = reference, True
        customer.replies = [["…"]] * len(JOURNEYS["en"])
    _seed(
        url,
        [
            ("CMP-AAAA-AAA1", "rest", kept.sender, kept.email),
            ("CMP-AAAA-AAA3", "rest", twice.sender, twice.email),
            ("CMP-AAAA-AAA4", "rest", twice.sender, twice.email),
            ("CMP-AAAA-AAA5", "rest", "someone-else", "x@example.com"),
        ],
    )
    counts = _audit(url, [kept, lost, twice], None)["counts"]
    assert counts["lost"] == 1
    assert counts["duplicated"] == 1
    assert counts["stored for nobody"] == 1
    assert counts["confirmed"] == counts["shown"] == 3
