"""The overdue sweep on PostgreSQL: 10,000, 100,000 and 1,000,000 complaints stored, 100 of
them due, the sweep's time for each (target: the 1,000,000 case within 2× of the 10,000 case
and under 50 ms). `python -m bench.sweep`; `make bench` runs it after the dialogue figures.

Each size gets a throw-away database on the local server (`COMPLAINTBOT_BENCH_PG`, default
the tests' `postgresql+psycopg2://postgres@127.0.0.1:5432/postgres`), filled with one INSERT …
SELECT generate_series (closed, answered and not-yet-due complaints, as a desk accumulates
them), analysed, then swept at a moment when exactly 100 are overdue (two rungs each: the
answer's reminder and holding message). The figure is the median of five dry runs after a
first one, printed apart: `complaintbot run` sweeps every minute in one process, and only its
first sweep compiles the statements and warms the server's caches (10–20 ms more here).
"""

from __future__ import annotations

import os
import statistics
import time
from datetime import datetime, timedelta, timezone

import sqlalchemy as sa

ADMIN = os.environ.get(
    "COMPLAINTBOT_BENCH_PG", "postgresql+psycopg2://postgres@127.0.0.1:5432/postgres"
)
SIZES = (10_000, 100_000, 1_000_000)
DUE = 100
RUNS = 5  # timed sweeps after the first
NOW = datetime(2026, 12, 1, 3, 0, tzinfo=timezone.utc)

FILL = """
INSERT INTO complaints (
    reference, channel, user_id, language, description, product, desired_outcome,
    incident_date_text, customer_name, contact, contact_kind, contact_normalized, status,
    priority, category, assignee_id, escalation_level, created_at, updated_at, ack_due_at,
    respond_due_at, acknowledged_at, responded_at, closed_at, next_chase_at)
SELECT
    'BENCH-' || g, 'rest', 'bench-' || g, 'en', 'it broke', 'kettle', 'Refund', 'yesterday',
    'A B', 'a@b.cd', 'email', 'a@b.cd',
    CASE WHEN g % 10 < 7 THEN 'closed' ELSE 'acknowledged' END,
    'normal', 'product', :assignee, 0,
    :now - interval '30 days', :now - interval '30 days',
    :now - interval '29 days', :now + interval '10 days',
    :now - interval '29 days',
    CASE WHEN g % 10 < 7 THEN :now - interval '20 days' END,
    CASE WHEN g % 10 < 7 THEN :now - interval '19 days' END,
    CASE WHEN g % 10 < 7 THEN NULL ELSE :now + interval '10 days' END
FROM generate_series(1, :n) AS g
"""


def measure(size: int) -> list[float]:
    """Fill a database with `size` complaints, 100 overdue; the sweep times in ms, the first
    sweep's first."""
    from bot.settings import load_settings
    from bot.wiring import prepare_database
    from handlers.chase import sweep
    from storage.db import scratch_database, transaction
    from storage.models import Staff

    with scratch_database(ADMIN, "complaintbot_sweep") as url:
        settings = load_settings({"DATABASE_URL": url})
        database = prepare_database(settings)
        with transaction(database.factory) as session:
            assignee = session.execute(sa.select(Staff.id).limit(1)).scalar_one()
        with database.engine.begin() as conn:
            conn.execute(sa.text(FILL), {"n": size, "now": NOW, "assignee": assignee})
            # 100 of the open ones are due for their answer's reminder now
            conn.execute(
                sa.text(
                    "UPDATE complaints SET responded_at = NULL, respond_due_at = :due, "
                    "next_chase_at = :due WHERE id IN (SELECT id FROM complaints "
                    "WHERE status = 'acknowledged' ORDER BY id LIMIT :k)"
                ),
                {"due": NOW - timedelta(minutes=5), "k": DUE},
            )
        with database.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(sa.text("VACUUM ANALYZE complaints"))
        times = []
        for _ in range(1 + RUNS):
            report = sweep(database.factory, settings.policy, settings.chase, now=NOW, dry_run=True)
            assert report.due == DUE, report.due
            times.append(report.took_ms)
        database.engine.dispose()
        return times


def main() -> None:
    """Print the sweep time for each size."""
    from bot.logs import configure_logging

    configure_logging("ERROR")
    print(
        f"overdue sweep on PostgreSQL, {DUE} due (dry runs: the same reads and writes, rolled back):"
    )
    results = {}
    for size in SIZES:
        started = time.perf_counter()
        first, *times = measure(size)
        results[size] = statistics.median(times)
        print(
            f"  {size:>9,} stored: {results[size]:6.1f} ms (median of {len(times)}: "
            f"{', '.join(f'{t:.1f}' for t in times)}; first sweep {first:.1f}; "
            f"filled in {time.perf_counter() - started:.0f} s)",
            flush=True,
        )
    ratio = results[SIZES[-1]] / results[SIZES[0]]
    met = ratio <= 2 and results[SIZES[-1]] < 50
    print(
        f"  1,000,000 / 10,000: {ratio:.2f}× (target ≤ 2× and under 50 ms — "
        f"{'met' if met else 'missed'})"
    )


if __name__ == "__main__":
    main()
