"""`complaintbot chat`: a console conversation as a local customer, same database."""

from __future__ import annotations

import argparse
import asyncio
import getpass
from typing import Any

from bot.cli.common import say
from bot.settings import Settings


def register(commands: Any) -> None:
    """Add the command."""
    chat = commands.add_parser("chat", help="talk to the bot in this terminal as a local customer")
    chat.add_argument("--sender", help="your customer id (default: your login name)")
    chat.set_defaults(func=cmd_chat)


def cmd_chat(settings: Settings, args: argparse.Namespace) -> int:
    """A console conversation."""
    from bot import wiring
    from bot.channels.console import ConsoleChannel

    database = wiring.prepare_database(settings, say)
    model = wiring.model(settings, say)
    say("• dialogue: loading the model")
    dialogue = wiring.build_dialogue(settings, database, model)
    wiring.settle_after_load()
    channel = ConsoleChannel(dialogue, wiring.waiting_notices(database))
    asyncio.run(channel.chat(args.sender or getpass.getuser()))
    return 0
