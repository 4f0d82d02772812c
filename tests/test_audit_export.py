"""`complaintbot audit export` (issue 23, ISO 10002 8.5): every complaint event in the period
as one JSON line (at, actor, kind, data, reference), oldest first, on SQLite and PostgreSQL."""

from __future__ import annotations

import json
from datetime import datetime, timezone

from bot.cli import main
from bot.wiring import prepare_database
from storage.db import transaction
from storage.models import Complaint, ComplaintEvent


def _at(day: int, hour: int = 9) -> datetime:
    return datetime(2026, 11, day, hour, tzinfo=timezone.utc)


def _complaint(reference: str) -> Complaint:
    return Complaint(
        reference=reference,
        channel="rest",
        user_id="u",
        description="d",
        product="p",
        desired_outcome="repair",
        incident_date_text="yesterday",
        customer_name="n",
        contact="c@example.com",
        contact_kind="email",
        contact_normalized="c@example.com",
        created_at=_at(1),
        ack_due_at=_at(2),
        respond_due_at=_at(9),
    )


def test_the_period_is_exported_as_json_lines_oldest_first(settings, tmp_path, monkeypatch):
    database = prepare_database(settings)
    with transaction(database.factory) as session:
        first, second = _complaint("CMP-AAAA-AAAA"), _complaint("CMP-BBBB-BBBB")
        session.add_all([first, second])
        for complaint, day, kind, data in [
            (first, 3, "received", {"channel": "rest"}),
            (second, 5, "acknowledged", {}),
            (first, 4, "status_changed", {"from": "received", "to": "acknowledged"}),
            (second, 10, "closed", {}),  # after --to
            (first, 1, "assigned", {"assignee": "kim"}),  # before --since
        ]:
            session.add(
                ComplaintEvent(
                    complaint=complaint, at=_at(day), actor="staff:kim", kind=kind, data=data
                )
            )
    monkeypatch.setenv("DATABASE_URL", settings.database_url)
    out = tmp_path / "audit.jsonl"
    # local dates (Asia/Seoul): 2026-11-02 00:00 KST is 11-01 15:00 UTC
    assert (
        main(["audit", "export", "--since", "2026-11-02", "--to", "2026-11-10", "--out", str(out)])
        == 0
    )
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [(r["reference"], r["kind"]) for r in lines] == [
        ("CMP-AAAA-AAAA", "received"),
        ("CMP-AAAA-AAAA", "status_changed"),
        ("CMP-BBBB-BBBB", "acknowledged"),
    ]
    assert lines[1] == {
        "at": "2026-11-04T09:00:00+00:00",
        "actor": "staff:kim",
        "kind": "status_changed",
        "data": {"from": "received", "to": "acknowledged"},
        "reference": "CMP-AAAA-AAAA",
    }


def test_without_to_it_runs_up_to_now_on_stdout_with_korean_readable(settings, capsys, monkeypatch):
    database = prepare_database(settings)
    with transaction(database.factory) as session:
        complaint = _complaint("CMP-CCCC-CCCC")
        session.add(complaint)
        session.add(
            ComplaintEvent(
                complaint=complaint,
                at=_at(10),
                actor="staff:kim",
                kind="closed",
                data={"reason": "중복 접수"},
            )
        )
    monkeypatch.setenv("DATABASE_URL", settings.database_url)
    capsys.readouterr()
    assert main(["audit", "export", "--since", "2026-11-09T00:00+00:00"]) == 0
    out = capsys.readouterr().out
    assert '"reason": "중복 접수"' in out and len(out.splitlines()) == 1


def test_a_bad_since_is_one_line(settings, capsys, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", settings.database_url)
    assert main(["audit", "export", "--since", "last tuesday"]) == 2
    assert "--since and --to take a date" in capsys.readouterr().err
