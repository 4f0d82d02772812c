"""Does a large overdue sweep hold up the customers? `python -m bench.sweep_stall`; `make bench`
runs it after the sweep's own timing.

On a throw-away PostgreSQL database (`COMPLAINTBOT_BENCH_PG`, as `bench.sweep`), customers
converse with the in-process dialogue (the journeys of `bench.run`, each customer pausing
50–150 ms between messages) while, now and then, 1,500 complaints fall due at once (three
rungs each: a reminder, the supervisor, a manager). Each round has three phases of the same
customers: no sweep; the sweep as `complaintbot run` does it (on a worker thread,
`bot/workers.py`); and the sweep run on the event loop, as it was before. It prints, per
phase, the turns' p50 and p99 (the turns under way while the sweep ran), the longest stall of
the event loop (a task that sleeps 10 ms, again and again, and records how late it wakes)
and the sweep's time.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import time
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import timedelta

import sqlalchemy as sa

from bench.run import EN_JOURNEY, KO_JOURNEY, _percentile
from bench.sweep import ADMIN

DUE = 1500

FILL_DUE = """
INSERT INTO complaints (
    reference, channel, user_id, language, description, product, desired_outcome,
    incident_date_text, customer_name, contact, contact_kind, contact_normalized, status,
    priority, category, assignee_id, escalation_level, created_at, updated_at, ack_due_at,
    respond_due_at, next_chase_at)
SELECT
    'STALL-' || :round || '-' || g, 'rest', 'stall-' || g, 'en', 'it broke', 'kettle',
    'Refund', 'yesterday', 'A B', 'a@b.cd', 'email', 'a@b.cd', 'received', 'normal',
    'product', :assignee, 0, :due, :due, :due, :due + interval '10 days', :due
FROM generate_series(1, :n) AS g
"""


@dataclass
class Phase:
    """One phase's measurements."""

    name: str
    turns: list[float] = field(default_factory=list)
    stalls: list[float] = field(default_factory=list)
    sweeps: list[float] = field(default_factory=list)


async def main(customers: int, rounds: int, quiet: float) -> None:
    """Measure each phase `rounds` times, and print the table."""
    from bot.jobs.scheduler import ChaseScheduler
    from bot.settings import load_settings
    from bot.wiring import build_dialogue, model, prepare_database, settle_after_load
    from handlers.chase import sweep
    from handlers.identity import Identity
    from storage.db import scratch_database, transaction
    from storage.models import Staff
    from storage.types import utcnow

    with scratch_database(ADMIN, "complaintbot_stall") as url:
        settings = load_settings({"DATABASE_URL": url})
        database = prepare_database(settings)
        dialogue = build_dialogue(settings, database, model(settings))
        settle_after_load()
        with transaction(database.factory) as session:
            assignee = session.execute(sa.select(Staff.id).limit(1)).scalar_one()
        chaser = ChaseScheduler(
            database.factory, settings.policy, settings.chase, workers=database.workers
        )

        # what is under way: turns (start, end) and the loop's stalls (start, end)
        turns: list[tuple[float, float]] = []
        stalls: list[tuple[float, float]] = []
        running = True

        async def customer(k: int) -> None:
            i = k
            while running:
                sender = Identity("rest", f"stall-{uuid.uuid4().hex[:10]}")
                for text in [EN_JOURNEY, KO_JOURNEY][i % 2] + ["show my complaints"]:
                    started = time.perf_counter()
                    await dialogue.handle(sender, text)
                    turns.append((started, time.perf_counter()))
                    await asyncio.sleep(random.uniform(0.05, 0.15))
                    if not running:
                        return
                i += 1

        async def ticker() -> None:
            while running:
                started = time.perf_counter()
                await asyncio.sleep(0.01)
                stalls.append((started, time.perf_counter() - started - 0.01))

        def fill(round_number: int) -> None:
            due = utcnow() - timedelta(hours=9)
            with database.engine.begin() as conn:
                conn.execute(
                    sa.text(FILL_DUE),
                    {"round": round_number, "assignee": assignee, "due": due, "n": DUE},
                )
            with database.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as c:
                c.execute(sa.text("ANALYZE complaints"))

        async def off_the_loop() -> float:
            report = await chaser.run_once()
            assert report is not None and report.due >= DUE, report
            return report.took_ms / 1000

        async def on_the_loop() -> float:
            report = sweep(database.factory, settings.policy, settings.chase, now=utcnow())
            assert report.due >= DUE, report
            return report.took_ms / 1000

        phases = {
            "no sweep": Phase("no sweep"),
            "off": Phase("sweep off the loop (now)"),
            "on": Phase("sweep on the loop (before)"),
        }

        async def measure(phase: Phase, run: Callable[[], Awaitable[float]] | None) -> None:
            await asyncio.sleep(0.3)  # the customers are back in their stride
            begin = time.perf_counter()
            if run is None:
                await asyncio.sleep(quiet)
            else:
                phase.sweeps.append(await run())
            end = time.perf_counter()
            await asyncio.sleep(1.0)  # the turns under way at the end are done
            phase.turns += [e - s for s, e in turns if s < end and e > begin]
            phase.stalls += [lag for s, lag in stalls if s < end and s + lag > begin]

        print(
            f"sweep stall on PostgreSQL: {DUE:,} complaints due at once (3 rungs each), "
            f"{customers} customers conversing in-process, {rounds} rounds…",
            flush=True,
        )
        tasks = [asyncio.create_task(customer(k)) for k in range(customers)]
        tasks.append(asyncio.create_task(ticker()))
        try:
            await asyncio.sleep(3.0)  # warm-up: the model, the statements, the connections
            for round_number in range(rounds):
                await measure(phases["no sweep"], None)
                for key, run in (("off", off_the_loop), ("on", on_the_loop)):
                    await asyncio.to_thread(fill, round_number * 2 + (key == "on"))
                    await measure(phases[key], run)
        finally:
            running = False
            await asyncio.gather(*tasks)
        print(f"  {'':28} {'turns':>6} {'p50':>8} {'p99':>8} {'longest stall':>14} {'sweep':>8}")
        for phase in phases.values():
            took = f"{max(phase.sweeps):.2f} s" if phase.sweeps else "-"
            print(
                f"  {phase.name:28} {len(phase.turns):>6} "
                f"{_percentile(phase.turns, 0.5) * 1000:6.1f} ms "
                f"{_percentile(phase.turns, 0.99) * 1000:6.1f} ms "
                f"{max(phase.stalls) * 1000:10.1f} ms {took:>8}"
            )
        database.workers.close()
        database.engine.dispose()


def run() -> None:
    """The command line: `python -m bench.sweep_stall [--customers N] [--rounds N]`."""
    import bot.runtime  # noqa: F401  (before Rasa: see bot/runtime/preload.py)

    from bot.logs import configure_logging

    parser = argparse.ArgumentParser()
    parser.add_argument("--customers", type=int, default=8)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--quiet", type=float, default=1.0, help="seconds of the no-sweep phase")
    args = parser.parse_args()
    configure_logging("ERROR")
    asyncio.run(main(args.customers, args.rounds, args.quiet))


if __name__ == "__main__":
    run()
