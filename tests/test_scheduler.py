"""The overdue sweep on APScheduler (`bot/jobs/scheduler.py`): a sweep at start makes up
what fell due while the process was down, once; the interval job; one log line and /metrics."""

from __future__ import annotations

import asyncio
import logging
from dataclasses import replace
from datetime import timedelta

from prometheus_client import generate_latest

from bot.jobs.scheduler import ChaseScheduler
from bot.server.metrics import Metrics
from bot.wiring import prepare_database
from handlers.chase import ChaseRules
from tests.test_chase import ACK_DUE, _file, _steps


async def test_the_first_sweep_runs_at_start_and_each_step_once(settings, caplog) -> None:
    db = prepare_database(settings)
    reference = _file(db, settings)
    metrics = Metrics()
    now = [ACK_DUE + timedelta(hours=9)]  # down all night: three rungs have come
    rules = replace(ChaseRules(), interval=timedelta(seconds=1))
    chaser = ChaseScheduler(
        db.factory, settings.policy, rules, observe=metrics.sweep_finished, clock=lambda: now[0]
    )
    with caplog.at_level(logging.INFO, logger="bot.jobs.scheduler"):
        chaser.start()
        try:
            for _ in range(100):
                await asyncio.sleep(0.05)
                if _steps(db, reference):
                    break
            await asyncio.sleep(1.3)  # the interval's next sweep: nothing new
        finally:
            await chaser.stop()
    assert _steps(db, reference) == ["ack.remind", "ack.supervisor", "ack.manager"]
    sweeps = [r for r in caplog.records if r.getMessage() == "chase.sweep"]
    assert len(sweeps) >= 2
    assert (sweeps[0].reminded, sweeps[0].escalated, sweeps[0].held) == (1, 2, 0)
    assert (sweeps[-1].reminded, sweeps[-1].escalated) == (0, 0)
    text = generate_latest(metrics.registry).decode()
    assert 'complaintbot_chase_steps_total{rung="supervisor"} 1.0' in text
    assert 'complaintbot_chase_steps_total{rung="manager"} 1.0' in text
    assert f"complaintbot_chase_sweeps_total {float(len(sweeps))}" in text
