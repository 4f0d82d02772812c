"""`complaintbot actions`: serve the custom actions for a separate bot process."""

from __future__ import annotations

import argparse
from typing import Any

from bot.cli.common import say
from bot.settings import Settings


def register(commands: Any) -> None:
    """Add the command."""
    server = commands.add_parser(
        "actions", help="serve the custom actions for a separate bot process"
    )
    server.add_argument("--host", default="127.0.0.1")
    server.add_argument("--port", type=int, default=5055)
    server.set_defaults(func=cmd_actions)


def cmd_actions(settings: Settings, args: argparse.Namespace) -> int:
    """Serve the actions over rasa_sdk's HTTP protocol."""
    from aiohttp import web

    from bot import wiring
    from bot.server.actions import action_server_app

    database = wiring.prepare_database(settings, say)
    say(f"• actions: POST http://{args.host}:{args.port}/webhook")
    say(f"  point the bot at it with action_endpoint_url: http://{args.host}:{args.port}/webhook")
    app = action_server_app(wiring.action_executor(settings, database.factory))
    web.run_app(app, host=args.host, port=args.port, print=None, access_log=None)
    return 0
