"""What running database work off the event loop costs a turn: an A/B in one process.

`python -m bench.off_loop_ab [--database sqlite|postgresql] [--what actions|store]`

Runs the journeys of `bench.run` through the in-process dialogue, alternating round by round
between the work on the loop (A) and on a worker thread of `bot/workers.py` (B): the custom
actions (`--what actions`, what `complaintbot run` does), or, to see whether it would pay,
Rasa's tracker store as well (`--what store`). Each round: 30 journeys one at a time (p50,
p99), then 50 conversations without pause for `--seconds` (turns/s). This machine's speed
drifts, so the rounds alternate and each pairing is printed.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import tempfile
import time
import uuid
from collections.abc import Iterator
from dataclasses import replace
from typing import Any

from bench.run import EN_JOURNEY, KO_JOURNEY, _percentile
from bench.sweep import ADMIN


@contextlib.contextmanager
def _database(kind: str) -> Iterator[str]:
    from storage.db import scratch_database

    if kind == "postgresql":
        with scratch_database(ADMIN, "complaintbot_ab") as url:
            yield url
    else:
        yield f"sqlite:///{tempfile.mkdtemp()}/ab.db"


async def main(url: str, what: str, rounds: int, seconds: float) -> None:
    """Alternate A and B `rounds` times each; print every round and the pairings."""
    from bot.settings import load_settings
    from bot.wiring import build_dialogue, model, prepare_database, settle_after_load
    from handlers.identity import Identity

    settings = replace(load_settings(), database_url=url)
    database = prepare_database(settings)
    dialogue = build_dialogue(settings, database, model(settings))
    settle_after_load()
    endpoint: Any = dialogue.agent.action_endpoint
    store: Any = dialogue.agent.tracker_store
    workers = database.workers
    on_loop = {name: getattr(store, name) for name in ("retrieve", "save")}

    def moved(name: str) -> Any:
        async def off(*args: Any) -> Any:
            return await workers.run_async(lambda: on_loop[name](*args))

        return off

    off_loop = {name: moved(name) for name in on_loop}

    def use(mode: str) -> None:
        if what == "actions":
            endpoint.workers = workers if mode == "B" else None
        else:
            for name in on_loop:
                setattr(store, name, off_loop[name] if mode == "B" else on_loop[name])

    async def journey(i: int, timings: list[float]) -> None:
        sender = Identity("rest", f"ab-{uuid.uuid4().hex[:10]}")
        reference = None
        for text in [EN_JOURNEY, KO_JOURNEY][i % 2] + ["status"]:
            if text == "status":
                text = f"status of {reference}" if reference else "show my complaints"
            started = time.perf_counter()
            replies = await dialogue.handle(sender, text)
            timings.append(time.perf_counter() - started)
            for reply in replies:
                for word in (reply.text or "").split():
                    if word.startswith("CMP-") and len(word) >= 13:
                        reference = word[:13]

    async def saturate() -> float:
        stop = time.perf_counter() + seconds
        counted: list[float] = []

        async def conversation(k: int) -> None:
            while time.perf_counter() < stop:
                await journey(k, counted)
                k += 2

        started = time.perf_counter()
        await asyncio.gather(*(conversation(k) for k in range(50)))
        return len(counted) / (time.perf_counter() - started)

    for i in range(2):
        await journey(i, [])
    label = {"A": "on the loop", "B": "on a worker thread"}
    results: dict[str, list[tuple[float, float, float]]] = {"A": [], "B": []}
    print(f"{what} on the loop (A) or on a worker thread (B), {url.split(':')[0]}:", flush=True)
    for round_number in range(rounds):
        for mode in ("A", "B") if round_number % 2 == 0 else ("B", "A"):
            use(mode)
            timings: list[float] = []
            for i in range(30):
                await journey(i, timings)
            p50, p99 = _percentile(timings, 0.5) * 1000, _percentile(timings, 0.99) * 1000
            results[mode].append((p50, p99, await saturate()))
            print(
                f"  round {round_number + 1} {mode} ({label[mode]}): p50 {p50:.1f} ms, "
                f"p99 {p99:.1f} ms, saturated {results[mode][-1][2]:.1f} turns/s",
                flush=True,
            )
    pairs = [b[2] / a[2] for a, b in zip(results["A"], results["B"], strict=True)]
    print("  B / A saturation, round by round: " + ", ".join(f"{p:.2f}" for p in pairs))
    for mode in ("A", "B"):
        rows = results[mode]
        print(
            f"  {mode} best: p50 {min(r[0] for r in rows):.1f} ms, p99 "
            f"{min(r[1] for r in rows):.1f} ms, {max(r[2] for r in rows):.1f} turns/s"
        )


def run() -> None:
    """The command line."""
    import bot.runtime  # noqa: F401  (before Rasa: see bot/runtime/preload.py)

    from bot.logs import configure_logging

    parser = argparse.ArgumentParser()
    parser.add_argument("--database", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument("--what", choices=("actions", "store"), default="actions")
    parser.add_argument("--rounds", type=int, default=4)
    parser.add_argument("--seconds", type=float, default=8.0)
    args = parser.parse_args()
    configure_logging("ERROR")
    with _database(args.database) as url:
        asyncio.run(main(url, args.what, args.rounds, args.seconds))


if __name__ == "__main__":
    run()
