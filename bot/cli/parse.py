"""`complaintbot parse`: one utterance per stdin line → one JSON parse result per line."""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from typing import Any

from bot.cli.common import say
from bot.settings import Settings


def register(commands: Any) -> None:
    """Add the command."""
    commands.add_parser(
        "parse", help="parse stdin lines, print one JSON result per line"
    ).set_defaults(func=cmd_parse)


def cmd_parse(settings: Settings, args: argparse.Namespace) -> int:
    """Print intent, confidence and entities of each line."""
    from bot.runtime import preload  # noqa: F401  (before Rasa)

    from rasa.core.agent import Agent

    from bot import wiring

    agent = Agent.load(str(wiring.model(settings, say)))

    async def parse_all() -> None:
        for line in sys.stdin:
            text = line.rstrip("\n")
            result = await agent.parse_message(text)
            out = {
                "text": text,
                "intent": {
                    "name": result["intent"]["name"],
                    "confidence": round(float(result["intent"]["confidence"]), 4),
                },
                "entities": [
                    {k: e[k] for k in ("entity", "value", "start", "end") if k in e}
                    for e in result.get("entities", [])
                ],
            }
            print(json.dumps(out, ensure_ascii=False), flush=True)

    asyncio.run(parse_all())
    return 0
