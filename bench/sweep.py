"""The overdue sweep on PostgreSQL: 10,000, 100,000 and 1,000,000 complaints stored, 100 of
them due, the sweep's time for each (target: the 1,000,000 case within 2× of the 10,000 case
and under 50 ms). `python -m bench.sweep`; `make bench` runs it after the dialogue figures.

Each size gets a throw-away database on the local server (`COMPLAINTBOT_BENCH_PG`, default
the tests' `postgresql+psycopg2://postgres@127.0.0.1:5432/postgres`), filled with one INSERT …
SELECT generate_series (closed, answered and not-yet-due complaints, as a desk accumulates
them), analysed and checkpointed. Then it is swept as `complaintbot run` sweeps it, once a
minute, each sweep committed: a new group of 100 complaints falls due each minute (their
answer's reminder and holding message: two rungs each), the groups before it chased and
waiting hours for their next rung. The figure is the median of the sweeps after the first,
which is printed apart: only a process's first sweep compiles the statements and warms the
server's caches (10–20 ms more here).

The process's garbage collector is tuned as `complaintbot run` tunes it once it has loaded
(`bot.wiring.settle_after_load`): untuned, a full collection walked every object the
process had loaded during one of the sweeps and doubled its time.

Why committed sweeps, not dry runs rolled back: a rolled-back sweep leaves dead rows in the
tables and indexes that the next one has to step over (the second dry run took twice the
time of the others here), which no real sweep meets. Why the checkpoint: the fill writes a
few hundred megabytes that the server otherwise flushes during the first sweeps.
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
RUNS = 7  # timed sweeps after the first
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


def _minute(group: int) -> datetime:
    """When the sweep of a group runs: a minute after the one before."""
    return NOW + timedelta(minutes=group)


def measure(size: int) -> list[float]:
    """Fill a database with `size` complaints, 100 overdue; the sweep times in ms, the first
    sweep's first."""
    from bot.settings import load_settings
    from bot.wiring import prepare_database, settle_after_load
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
            # a group of 100 open complaints falls due for their answer each minute
            for group in range(1 + RUNS):
                conn.execute(
                    sa.text(
                        "UPDATE complaints SET responded_at = NULL, respond_due_at = :due, "
                        "next_chase_at = :due WHERE id IN (SELECT id FROM complaints "
                        "WHERE status = 'acknowledged' AND next_chase_at > :later "
                        "ORDER BY id LIMIT :k)"
                    ),
                    {
                        "due": _minute(group) - timedelta(seconds=30),
                        "later": NOW + timedelta(days=1),  # not yet in a group
                        "k": DUE,
                    },
                )
        with database.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(sa.text("VACUUM ANALYZE complaints"))
            try:
                conn.execute(sa.text("CHECKPOINT"))
            except sa.exc.DBAPIError:  # not a superuser (COMPLAINTBOT_BENCH_PG)
                print("  (no CHECKPOINT allowed: the first sweeps may meet the fill's writes)")
        settle_after_load()  # the collector as `complaintbot run` tunes it, where sweeps run
        times = []
        for group in range(1 + RUNS):
            report = sweep(database.factory, settings.policy, settings.chase, now=_minute(group))
            assert report.due == DUE, report.due
            times.append(report.took_ms)
        database.engine.dispose()
        return times


def main() -> None:
    """Print the sweep time for each size."""
    from bot.logs import configure_logging

    configure_logging("ERROR")
    print(
        f"overdue sweep on PostgreSQL, {DUE} due at each sweep (sweeps a minute apart, committed):"
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
