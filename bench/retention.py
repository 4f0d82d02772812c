"""Retention on PostgreSQL: the purge of 10,000 expired complaints (target: under 30 s), and
the memory `audit export` takes to stream every event of a large database (flat: it should
not grow with the number of events). `python -m bench.retention`; `make bench` runs it.

A throw-away database on the local server (`COMPLAINTBOT_BENCH_PG`, default the tests'
`postgresql+psycopg2://postgres@127.0.0.1:5432/postgres`) is filled with one INSERT … SELECT
generate_series per table: 10,000 complaints closed four years ago and 10,000 closed last
month, each with 8 audit events (the customer's words in 3 of them), 2 notifications and 40
rows of its Rasa conversation, and 10,000 conversations that never became a complaint. The
purge is run as `complaintbot purge` runs it, in committed batches.
"""

from __future__ import annotations

import os
import resource
import time
from datetime import datetime, timedelta, timezone

import sqlalchemy as sa

ADMIN = os.environ.get(
    "COMPLAINTBOT_BENCH_PG", "postgresql+psycopg2://postgres@127.0.0.1:5432/postgres"
)
EXPIRED = 10_000
NOW = datetime(2026, 12, 1, 3, 0, tzinfo=timezone.utc)

RASA_EVENTS = """
CREATE TABLE IF NOT EXISTS events (
    id SERIAL PRIMARY KEY, sender_id VARCHAR(255) NOT NULL, type_name VARCHAR(255) NOT NULL,
    timestamp FLOAT, intent_name VARCHAR(255), action_name VARCHAR(255), data TEXT);
CREATE INDEX IF NOT EXISTS ix_events_sender_id ON events (sender_id)
"""

COMPLAINTS = """
INSERT INTO complaints (
    reference, channel, user_id, language, description, product, desired_outcome,
    incident_date_text, customer_name, contact, contact_kind, contact_normalized, status,
    priority, category, escalation_level, declined_count, reopened_count, created_at,
    updated_at, ack_due_at, respond_due_at, acknowledged_at, responded_at, closed_at,
    satisfaction_score, satisfaction_comment)
SELECT
    'BENCH-' || g, 'rest', 'bench-' || g, 'en', 'my kettle number ' || g || ' leaks',
    'kettle', 'Refund', 'yesterday', 'Customer ' || g, 'c' || g || '@example.com', 'email',
    'c' || g || '@example.com', 'closed', 'normal', 'product', 0, 0, 0,
    :closed - interval '20 days', :closed, :closed - interval '19 days',
    :closed - interval '10 days', :closed - interval '19 days', :closed - interval '2 days',
    :closed, 1 + g % 5, 'comment of customer ' || g
FROM generate_series(:first, :last) AS g
"""

EVENTS = """
INSERT INTO complaint_events (complaint_id, at, actor, kind, data)
SELECT c.id, c.created_at + k * interval '1 hour',
    CASE WHEN k % 3 = 0 THEN 'customer:rest:' || c.user_id ELSE 'staff:kim' END,
    CASE WHEN k % 3 = 0 THEN 'customer_message' ELSE 'status_changed' END,
    CASE WHEN k % 3 = 0
        THEN json_build_object('text', 'this is ' || c.customer_name || ' again', 'channel', 'rest')
        ELSE json_build_object('from', 'received', 'to', 'acknowledged') END
FROM complaints c, generate_series(1, 8) AS k
"""

OUTBOX = """
INSERT INTO outbox (complaint_id, channel, recipient, kind, payload, status, attempts,
    created_at, next_attempt_at, sent_at)
SELECT c.id, 'rest', c.user_id, 'customer.responded',
    json_build_object('message', 'Dear ' || c.customer_name), 'sent', 1,
    c.created_at, c.created_at, c.created_at
FROM complaints c, generate_series(1, 2) AS k
"""

CONVERSATIONS = """
INSERT INTO events (sender_id, type_name, timestamp, intent_name, action_name, data)
SELECT s.sender, 'user', s.at + k, 'inform', NULL,
    '{"event": "user", "text": "my name is ' || s.sender || '"}'
FROM (
    SELECT 'rest:' || user_id AS sender, extract(epoch FROM created_at) AS at FROM complaints
    UNION ALL
    SELECT 'rest:chat-' || g, extract(epoch FROM :quiet) FROM generate_series(1, :chats) AS g
) AS s, generate_series(1, 40) AS k
"""


def _fill(engine: sa.engine.Engine) -> None:
    with engine.begin() as conn:
        for statement in RASA_EVENTS.split(";"):
            conn.execute(sa.text(statement))
        conn.execute(
            sa.text(COMPLAINTS),
            {"first": 1, "last": EXPIRED, "closed": NOW - timedelta(days=4 * 365)},
        )
        conn.execute(
            sa.text(COMPLAINTS),
            {"first": EXPIRED + 1, "last": 2 * EXPIRED, "closed": NOW - timedelta(days=30)},
        )
        conn.execute(sa.text(EVENTS))
        conn.execute(sa.text(OUTBOX))
        conn.execute(
            sa.text(CONVERSATIONS),
            {"quiet": (NOW - timedelta(days=200)).replace(tzinfo=None), "chats": EXPIRED},
        )
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(sa.text("VACUUM ANALYZE"))


def _max_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    """Fill, purge and export; print the figures."""
    from bot.logs import configure_logging
    from bot.settings import load_settings
    from bot.wiring import prepare_database
    from handlers.retention import purge
    from storage.db import scratch_database
    from storage.retention import audit_events

    configure_logging("ERROR")
    with scratch_database(ADMIN, "complaintbot_retention") as url:
        settings = load_settings({"DATABASE_URL": url})
        database = prepare_database(settings)
        started = time.perf_counter()
        _fill(database.engine)
        with database.engine.connect() as conn:
            counts = {
                table: conn.execute(sa.text(f"SELECT count(*) FROM {table}")).scalar_one()
                for table in ("complaints", "complaint_events", "outbox", "events")
            }
        print(
            f"retention on PostgreSQL: {counts['complaints']:,} complaints "
            f"({EXPIRED:,} closed 4 years ago), {counts['complaint_events']:,} audit events, "
            f"{counts['outbox']:,} notifications, {counts['events']:,} conversation rows "
            f"(filled in {time.perf_counter() - started:.0f} s)",
            flush=True,
        )
        # the export first: every event streamed, memory measured before and after
        before = _max_rss_mb()
        exported = 0
        started = time.perf_counter()
        with database.engine.connect() as conn:
            for _ in audit_events(conn, since=NOW - timedelta(days=3650), until=None):
                exported += 1
        print(
            f"  audit export: {exported:,} events streamed in {time.perf_counter() - started:.1f} s, "
            f"peak memory grew {_max_rss_mb() - before:.1f} MB (flat: the rows are not kept)",
            flush=True,
        )
        report = purge(database.factory, settings.policy.retention, now=NOW)
        assert report.complaints == EXPIRED, report.complaints
        met = report.took_s < 30
        print(
            f"  purge: {report.complaints:,} complaints anonymised, {report.conversations:,} "
            f"stale conversations and {report.conversation_rows:,} conversation rows deleted "
            f"in {report.took_s:.1f} s (target under 30 s — {'met' if met else 'missed'})",
            flush=True,
        )
        database.engine.dispose()


if __name__ == "__main__":
    main()
