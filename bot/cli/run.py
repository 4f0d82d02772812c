"""`complaintbot run`: migrations, the model, and every configured channel on one server."""

from __future__ import annotations

import argparse
import time
from pathlib import Path
from typing import Any

from bot.cli.common import say
from bot.settings import Settings

SHUTDOWN_SECONDS = 5.0


def register(commands: Any) -> None:
    """Add the command."""
    commands.add_parser(
        "run", help="apply migrations, train if stale, serve the channels"
    ).set_defaults(func=cmd_run)


def cmd_run(settings: Settings, args: argparse.Namespace) -> int:
    """Serve the REST channel and the HTTP API."""
    from aiohttp import web

    from bot import wiring

    settings.check_serving()  # before anything heavy loads
    if settings.telegram is not None:
        import asyncio

        from bot.channels.telegram import check_token

        username = asyncio.run(check_token(settings.telegram))
        say(f"• Telegram token: accepted, the bot is @{username}")
    if settings.slack is not None:
        import asyncio

        from bot.channels.slack import check_token as check_slack

        who = asyncio.run(check_slack(settings.slack))
        say(f"• Slack token: accepted, workspace {who.get('team')!r} as @{who.get('user')}")
    database = wiring.prepare_database(settings, say)
    model = wiring.model(settings, say)
    say("• dialogue: loading the model")
    dialogue = wiring.build_dialogue(settings, database, model)
    server = wiring.build_server(settings, database, dialogue)
    wiring.settle_after_load()
    base = f"http://{settings.http_host}:{settings.http_port}"
    say(f"• web page: {base}/ (how to complain, a chat, and {base}/status)")
    say(f"• REST channel: POST {base}/webhooks/rest/webhook")
    # with a token set the route needs it, on 127.0.0.1 too
    auth = ' -H "Authorization: Bearer $COMPLAINTBOT_API_TOKEN"' if settings.api_token else ""
    say(
        f"  try: curl -s{auth} {base}/webhooks/rest/webhook"
        f' -d \'{{"sender": "me", "message": "hello"}}\''
    )
    say(f"• health: {base}/healthz   metrics: {base}/metrics")
    say("• console chat: `complaintbot chat` in another terminal (same database)")
    minutes = settings.chase.interval.total_seconds() / 60
    every = f"{minutes:g} minute" + ("" if minutes == 1 else "s")
    say(
        f"• overdue sweep: now, then every {every} (`complaintbot chase --dry-run` shows what is due)"
    )
    telegram = next((c for c in server.channels if c.name == "telegram"), None)
    if telegram is not None:

        async def tell_telegram() -> None:  # after the channel has asked Telegram who it is
            bot = f"@{getattr(telegram, 'username', '?')}"
            if settings.telegram and settings.telegram.webhook_url:
                say(f"• Telegram: {bot}, webhook at {settings.telegram.webhook_url}")
            else:
                say(f"• Telegram: {bot}, long polling (no webhook URL set)")

        server.starting.append(tell_telegram)
    if settings.email is not None:
        smtp = settings.email
        how = " (TLS)" if smtp.tls else " (STARTTLS)" if smtp.starttls else ""
        say(
            f"• e-mail: to REST and web customers who gave an address, through "
            f"{smtp.host}:{smtp.port}{how}"
        )
    if settings.slack is not None:
        if settings.slack.app_token:
            say("• Slack: Socket Mode (no public URL needed)")
        else:
            say(f"• Slack: events, buttons and commands at POST {base}/slack/events")

    async def tell_ready() -> None:  # the last thing before the port opens
        say(f"• ready: {_since_process_start():.1f} s after the process started")

    server.starting.append(tell_ready)
    # SIGTERM or SIGINT: stop listening, let the requests in hand finish (Server._stop),
    # stop the channels, the sweep and the dispatcher (which finishes or gives back its
    # claims), then wait at most SHUTDOWN_SECONDS for stragglers instead of aiohttp's 60
    web.run_app(
        server.app(),
        host=settings.http_host,
        port=settings.http_port,
        print=None,
        access_log=None,
        shutdown_timeout=SHUTDOWN_SECONDS,
    )
    return 0


_IMPORTED = time.monotonic()


def _since_process_start() -> float:
    """Seconds since this process started (the kernel's clock on Linux, else since import)."""
    try:
        ticks = int(Path("/proc/self/stat").read_text().rpartition(")")[2].split()[19])
        uptime = float(Path("/proc/uptime").read_text().split()[0])
        import os

        return uptime - ticks / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return time.monotonic() - _IMPORTED
