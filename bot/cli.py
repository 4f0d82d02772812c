"""The `complaintbot` command line."""

from __future__ import annotations

import argparse
import asyncio
import getpass
import json
import logging
import sys
from collections.abc import Sequence
from typing import Any

from bot.config import ConfigError, Settings, load_settings

log = logging.getLogger("bot.cli")


def _say(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def _prepare(settings: Settings) -> Any:
    from bot.app import prepare_database

    _say(f"• database: applying migrations ({settings.database_url.split('://')[0]})")
    return prepare_database(settings)


def _model(settings: Settings) -> Any:
    from bot.model import model_path, train

    if not model_path(settings.model_project, settings.model_directory).exists():
        _say("• model: missing or out of date, training (about half a minute)…")
    path, trained = train(settings.model_project, settings.model_directory)
    _say(f"• model: {'trained' if trained else 'up to date'} ({path.name})")
    return path


def cmd_train(settings: Settings, args: argparse.Namespace) -> int:
    """Train the model unless it is up to date."""
    from bot.model import train

    path, trained = train(settings.model_project, settings.model_directory, force=args.force)
    print(f"{'trained' if trained else 'up to date'}: {path}")
    return 0


def cmd_db(settings: Settings, args: argparse.Namespace) -> int:
    """Apply migrations."""
    from storage.migrate import current_revision

    database = _prepare(settings)
    print(f"database at revision {current_revision(database.engine)}")
    return 0


def cmd_parse(settings: Settings, args: argparse.Namespace) -> int:
    """One JSON parse result per stdin line."""
    from bot.dialogue import Agent  # imports skops before Rasa: see bot/dialogue.py

    agent = Agent.load(str(_model(settings)))

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


def _dialogue(settings: Settings) -> tuple[Any, Any]:
    from bot.app import build_dialogue, settle_after_load

    database = _prepare(settings)
    model = _model(settings)
    _say("• dialogue: loading the model")
    dialogue = build_dialogue(settings, database, model)
    settle_after_load()
    return database, dialogue


def cmd_run(settings: Settings, args: argparse.Namespace) -> int:
    """Serve the REST channel and the HTTP API."""
    from aiohttp import web

    from bot.http import Server

    database, dialogue = _dialogue(settings)
    server = Server(
        dialogue,
        database.engine,
        api_token=settings.api_token,
        rest_needs_token=not settings.loopback_only,
    )
    if not settings.loopback_only and not settings.api_token:
        _say("✗ COMPLAINTBOT_HTTP_HOST is not a loopback address: set COMPLAINTBOT_API_TOKEN first")
        return 2
    base = f"http://{settings.http_host}:{settings.http_port}"
    _say(f"• REST channel: POST {base}/webhooks/rest/webhook")
    _say(
        f'  try: curl -s {base}/webhooks/rest/webhook -d \'{{"sender": "me", "message": "hello"}}\''
    )
    _say(f"• health: {base}/healthz   metrics: {base}/metrics")
    _say("• console chat: `complaintbot chat` in another terminal (same database)")
    web.run_app(
        server.app(),
        host=settings.http_host,
        port=settings.http_port,
        print=None,
        access_log=None,
    )
    return 0


def cmd_actions(settings: Settings, args: argparse.Namespace) -> int:
    """Serve the custom actions over rasa_sdk's HTTP protocol."""
    from aiohttp import web

    from bot.action_server import action_server_app
    from bot.app import action_executor

    database = _prepare(settings)
    _say(f"• actions: POST http://{args.host}:{args.port}/webhook")
    _say(f"  point the bot at it with action_endpoint_url: http://{args.host}:{args.port}/webhook")
    app = action_server_app(action_executor(settings, database.factory))
    web.run_app(app, host=args.host, port=args.port, print=None, access_log=None)
    return 0


def _show(messages: list[dict[str, Any]]) -> list[dict[str, Any]]:
    buttons: list[dict[str, Any]] = []
    for message in messages:
        if message.get("text"):
            print(f"bot> {message['text']}")
        for button in message.get("buttons") or []:
            buttons.append(button)
            print(f"     [{len(buttons)}] {button.get('title')}")
    return buttons


def cmd_chat(settings: Settings, args: argparse.Namespace) -> int:
    """A console conversation as a local customer."""
    _, dialogue = _dialogue(settings)
    sender = f"console:{args.sender or getpass.getuser()}"
    print("Chat with the complaint desk. Type a message; a number picks a button; Ctrl-D quits.")

    async def loop() -> None:
        buttons: list[dict[str, Any]] = []
        while True:
            try:
                line = await asyncio.to_thread(input, "you> ")
            except EOFError:
                print()
                return
            text = line.strip()
            if text.isdigit() and 1 <= int(text) <= len(buttons):
                text = str(buttons[int(text) - 1].get("payload", ""))
            replies = await dialogue.handle(sender, text, input_channel="console")
            buttons = _show(replies)

    asyncio.run(loop())
    return 0


def _complaint_line(c: Any) -> str:
    assignee = c.assignee.handle if c.assignee else "-"
    return (
        f"{c.reference}  {c.status:<13} {c.priority:<7} {c.category:<10} {assignee:<14} "
        f"{c.created_at:%Y-%m-%d %H:%M}  {c.product[:40]}"
    )


def cmd_complaints(settings: Settings, args: argparse.Namespace) -> int:
    """Back-office listing and detail for staff without Slack."""
    from handlers.references import parse_reference
    from storage import repositories as repo
    from storage.db import transaction

    database = _prepare(settings)
    with transaction(database.factory) as session:
        if args.action == "list":
            rows = repo.list_complaints(session, status=args.status, limit=args.limit)
            if not rows:
                print("no complaints")
            for row in rows:
                print(_complaint_line(row))
            return 0
        parsed = parse_reference(args.reference, settings.policy.reference_prefix)
        if parsed.outcome == "malformed":
            _say(f"✗ {args.reference!r} is not a reference (expected like CMP-7K3F-9QX2)")
            return 2
        if parsed.outcome == "mistyped":
            _say(f"✗ {parsed.reference} looks mistyped: its check symbol does not match")
            return 2
        complaint = repo.get_by_reference(session, reference=parsed.reference or "")
        if complaint is None:
            _say(f"✗ no complaint {parsed.reference}")
            return 1
        fields = [
            ("reference", complaint.reference),
            ("status", complaint.status),
            ("priority", complaint.priority),
            ("category", complaint.category),
            ("assignee", complaint.assignee.handle if complaint.assignee else "-"),
            (
                "filed by",
                f"{complaint.channel}:{complaint.user_id} ({complaint.language})",
            ),
            ("received", complaint.created_at.isoformat()),
            ("ack due", complaint.ack_due_at.isoformat()),
            ("respond due", complaint.respond_due_at.isoformat()),
            ("product", complaint.product),
            ("description", complaint.description),
            ("desired outcome", complaint.desired_outcome),
            (
                "incident date",
                complaint.incident_date_text
                + (f" ({complaint.incident_on})" if complaint.incident_on else ""),
            ),
            ("name", complaint.customer_name),
            ("contact", complaint.contact),
        ]
        for label, value in fields:
            print(f"{label:>16}: {value}")
        if args.history:
            print("\nhistory:")
            for event in repo.events_for(session, complaint=complaint):
                data = json.dumps(event.data, ensure_ascii=False) if event.data else ""
                print(f"  {event.at:%Y-%m-%d %H:%M:%S}  {event.kind:<20} {event.actor:<30} {data}")
    return 0


def parser() -> argparse.ArgumentParser:
    """The command-line grammar."""
    root = argparse.ArgumentParser(
        prog="complaintbot", description="An ISO 10002 complaint desk in chat."
    )
    root.add_argument("--log-level", default="WARNING", help="logging level (default WARNING)")
    commands = root.add_subparsers(dest="command", required=True, metavar="COMMAND")
    commands.add_parser(
        "run", help="apply migrations, train if stale, serve the channels"
    ).set_defaults(func=cmd_run)
    action_server = commands.add_parser(
        "actions", help="serve the custom actions for a separate bot process"
    )
    action_server.add_argument("--host", default="127.0.0.1")
    action_server.add_argument("--port", type=int, default=5055)
    action_server.set_defaults(func=cmd_actions)
    chat = commands.add_parser("chat", help="talk to the bot in this terminal as a local customer")
    chat.add_argument("--sender", help="your customer id (default: your login name)")
    chat.set_defaults(func=cmd_chat)
    train = commands.add_parser("train", help="train the Rasa model (no-op when up to date)")
    train.add_argument("--force", action="store_true", help="train even if up to date")
    train.set_defaults(func=cmd_train)
    commands.add_parser(
        "parse", help="parse stdin lines, print one JSON result per line"
    ).set_defaults(func=cmd_parse)
    db = commands.add_parser("db", help="database schema")
    db.add_argument("action", choices=["upgrade"])
    db.set_defaults(func=cmd_db)
    complaints = commands.add_parser("complaints", help="back-office view of complaints")
    actions = complaints.add_subparsers(dest="action", required=True, metavar="ACTION")
    listing = actions.add_parser("list", help="list complaints, newest first")
    listing.add_argument("--status", help="a status, or `open` for all not yet closed")
    listing.add_argument("--limit", type=int, default=50)
    show = actions.add_parser("show", help="one complaint in full")
    show.add_argument("reference")
    show.add_argument("--history", action="store_true", help="also print the audit trail")
    complaints.set_defaults(func=cmd_complaints)
    return root


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of `complaintbot` and `python -m bot`."""
    args = parser().parse_args(argv)
    from bot.logs import configure_logging

    configure_logging(
        "INFO" if args.command == "run" and args.log_level == "WARNING" else args.log_level
    )
    try:
        settings = load_settings()
    except ConfigError as exc:
        _say(f"✗ configuration: {exc}")
        return 2
    return int(args.func(settings, args) or 0)


if __name__ == "__main__":
    sys.exit(main())
