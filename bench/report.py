"""The clause 8 report on 100,000 complaints in PostgreSQL (target: under 5 s).
`python -m bench.report`; `make bench` runs it.

A throw-away database on the server of `COMPLAINTBOT_BENCH_PG` (default the tests'
`postgresql+psycopg2://postgres@127.0.0.1:5432/postgres`) is filled with one INSERT … SELECT
generate_series per table: complaints over 60 days in every category, priority, channel and
language, most acknowledged and answered, some escalated, reopened, withdrawn or rated; their
`assessed` events with the original due dates, `responded` events and root-cause notes. The
report of the last 30 days (against the 30 before) is then built three times: the figure is
the slowest, the first included.
"""

from __future__ import annotations

import os
import time
from dataclasses import replace
from datetime import datetime, timedelta, timezone

import sqlalchemy as sa

from bot.settings import load_settings
from handlers import reports
from storage.db import scratch_database

ADMIN = os.environ.get(
    "COMPLAINTBOT_BENCH_PG", "postgresql+psycopg2://postgres@127.0.0.1:5432/postgres"
)
SIZE = int(os.environ.get("COMPLAINTBOT_BENCH_REPORT_SIZE", "100000"))
NOW = datetime(2026, 12, 1, 3, 0, tzinfo=timezone.utc)
TARGET = 5.0

FILL = """
INSERT INTO complaints (reference, channel, user_id, language, description, product,
    desired_outcome, incident_date_text, customer_name, contact, contact_kind,
    contact_normalized, status, priority, category, escalation_level, reopened_count,
    declined_count, created_at, updated_at, ack_due_at, respond_due_at, acknowledged_at,
    responded_at, closed_at, survey_asked_at, satisfaction_score, satisfaction_comment)
SELECT 'CMP-' || lpad(i::text, 9, '0'),
    (ARRAY['telegram','slack','rest','web'])[1 + i % 4], 'u' || i,
    (ARRAY['ko','ko','en'])[1 + i % 3], 'words', (ARRAY['Galaxy S24','Galaxy Buds',
    'Bespoke refrigerator','LG OLED C3','Wireless charger'])[1 + i % 5], 'refund', 'today',
    'name', 'a@b.cd', 'email', 'a@b.cd',
    (ARRAY['closed','closed','closed','responded','investigating','withdrawn'])[1 + i % 6],
    (ARRAY['normal','normal','high','low','urgent'])[1 + i % 5],
    (ARRAY['product','product','delivery','billing','service','safety','general'])[1 + i % 7],
    CASE WHEN i % 11 = 0 THEN 1 + i % 3 ELSE 0 END, CASE WHEN i % 17 = 0 THEN 1 ELSE 0 END, 0,
    t, t, t + interval '1 day', t + interval '10 days',
    CASE WHEN i % 6 <> 5 THEN t + (i % 50) * interval '1 hour' END,
    CASE WHEN i % 6 < 4 THEN t + (i % 300) * interval '1 hour' END,
    CASE WHEN i % 6 < 3 THEN t + (i % 300 + 24) * interval '1 hour' END,
    CASE WHEN i % 6 < 3 THEN t + (i % 300 + 24) * interval '1 hour' END,
    CASE WHEN i % 6 < 2 THEN 1 + i % 5 END, CASE WHEN i % 6 < 2 THEN 'comment' END
FROM (SELECT i, TIMESTAMP '2026-12-01 03:00' - (i % 86400) * interval '60 seconds' AS t
      FROM generate_series(1, :size) AS i) AS s
"""
EVENTS = """
INSERT INTO complaint_events (complaint_id, at, actor, kind, data)
SELECT id, created_at, 'system', 'assessed', json_build_object(
    'ack_due_at', to_char(ack_due_at, 'YYYY-MM-DD"T"HH24:MI:SS"+00:00"'),
    'respond_due_at', to_char(respond_due_at, 'YYYY-MM-DD"T"HH24:MI:SS"+00:00"'))
FROM complaints;
INSERT INTO complaint_events (complaint_id, at, actor, kind, data)
SELECT id, responded_at, 'staff:kim.minji', 'responded', '{"response": "…"}'::json
FROM complaints WHERE responded_at IS NOT NULL;
INSERT INTO complaint_events (complaint_id, at, actor, kind, data)
SELECT id, created_at + interval '2 hours', 'staff:kim.minji', 'note',
    json_build_object('text', '…', 'root_cause',
        (ARRAY['design','supplier','process','training'])[1 + id % 4])
FROM complaints WHERE id % 3 = 0;
"""


def main() -> None:
    """Fill a scratch database, time the report, print the seconds."""
    from bot.wiring import prepare_database

    base = load_settings()
    with scratch_database(ADMIN, "complaintbot_bench_report") as url:
        settings = replace(base, database_url=url)
        database = prepare_database(settings)
        started = time.perf_counter()
        with database.engine.begin() as conn:
            conn.execute(sa.text(FILL), {"size": SIZE})
            for statement in EVENTS.split(";"):
                if statement.strip():
                    conn.execute(sa.text(statement))
        with database.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(sa.text("VACUUM ANALYZE"))
        print(f"report: {SIZE:,} complaints stored in {time.perf_counter() - started:.1f} s")
        period = reports.period_since(timedelta(days=30), NOW)
        took = []
        for _ in range(3):
            started = time.perf_counter()
            report = reports.build(database.engine, settings.policy, period, now=NOW)
            took.append(time.perf_counter() - started)
        verdict = "ok" if max(took) < TARGET else f"OVER the {TARGET:.0f} s target"
        print(
            f"report: {report.received:,} complaints in the period of 30 days "
            f"({report.received_before:,} before): {max(took):.2f} s slowest of 3, "
            f"{min(took):.2f} s fastest ({verdict})"
        )
        database.engine.dispose()


if __name__ == "__main__":
    main()
