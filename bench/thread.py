"""What routing a message to its complaint costs a turn (`make bench`; alone:
`python -m bench.thread`).

Customers file a complaint, then write follow-ups (chasing, a reply, a question about the
next step) and ask for its status, in English and Korean, through the real dialogue on
SQLite. Every call of `action_read_case` (the custom slot mapping that names the complaint
a message is about: Rasa's action call, our action and its database reads) is timed, and so
is every turn. Printed: the routing's cost per turn it runs in (p50, p99) against the
target (1 ms at p50), and the turn latencies of the follow-ups for scale.
"""

from __future__ import annotations

import asyncio
import statistics
import tempfile
import time
import uuid
from dataclasses import replace
from pathlib import Path
from typing import Any

from bench.run import EN_JOURNEY, KO_JOURNEY

TARGET_P50_MS = 1.0
FOLLOW_UPS = {
    "en": [
        "its been 2 days, whats going on",
        "ok but when is the technician coming?",
        "i can only do afternoons after 3pm",
        "did you get the photos i sent?",
    ],
    "ko": [
        "기사 언제 와요?",
        "이틀째 연락이 없네요",
        "오전에는 집에 없어요 오후로 부탁드려요",
        "사진 받으셨나요?",
    ],
}


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


async def _measure(customers: int) -> dict[str, Any]:
    from rasa.core.actions.action import RemoteAction

    from bot.settings import load_settings
    from bot.wiring import build_dialogue, model, prepare_database
    from handlers.identity import Identity

    routing: list[float] = []
    original = RemoteAction.run

    async def timed(self: RemoteAction, *args: Any, **kwargs: Any) -> Any:
        if self.name() != "action_read_case":
            return await original(self, *args, **kwargs)
        started = time.perf_counter()
        try:
            return await original(self, *args, **kwargs)
        finally:
            routing.append(time.perf_counter() - started)

    db_file = Path(tempfile.mkdtemp()) / "thread.db"
    settings = replace(load_settings(), database_url=f"sqlite:///{db_file}")
    database = prepare_database(settings)
    dialogue = build_dialogue(settings, database, model(settings))
    RemoteAction.run = timed  # after load: `bot.runtime.install` replaced it first
    follow_up_turns: list[float] = []
    for i in range(customers):
        language = "en" if i % 2 == 0 else "ko"
        customer = Identity("rest", f"thread-{uuid.uuid4().hex[:10]}")
        for text in EN_JOURNEY if language == "en" else KO_JOURNEY:
            await dialogue.handle(customer, text)
        for text in FOLLOW_UPS[language]:
            started = time.perf_counter()
            await dialogue.handle(customer, text)
            if i >= 2:  # the first two warm up
                follow_up_turns.append(time.perf_counter() - started)
        if (i + 1) % 10 == 0:
            print(f"  {i + 1}/{customers} customers", flush=True)
    routing = routing[4 * 2 :]  # the warm-up customers' calls
    return {
        "calls": len(routing),
        "routing_p50_ms": statistics.median(routing) * 1000,
        "routing_p99_ms": _percentile(routing, 0.99) * 1000,
        "turn_p50_ms": statistics.median(follow_up_turns) * 1000,
        "turn_p99_ms": _percentile(follow_up_turns, 0.99) * 1000,
    }


def main() -> None:
    """Measure and print."""
    from bot.logs import configure_logging

    configure_logging("ERROR")  # as the other benches: a log line per turn is not routing
    print("== routing a message to its complaint (action_read_case)")
    figures = asyncio.run(_measure(customers=40))
    verdict = "met" if figures["routing_p50_ms"] <= TARGET_P50_MS else "MISSED"
    print(
        f"  routing per turn it runs in: p50 {figures['routing_p50_ms']:.2f} ms, "
        f"p99 {figures['routing_p99_ms']:.2f} ms over {figures['calls']} calls "
        f"(target p50 <= {TARGET_P50_MS:.0f} ms: {verdict})"
    )
    print(
        f"  a follow-up turn, all told: p50 {figures['turn_p50_ms']:.1f} ms, "
        f"p99 {figures['turn_p99_ms']:.1f} ms"
    )


if __name__ == "__main__":
    main()
