"""`complaintbot db upgrade`: apply the schema migrations."""

from __future__ import annotations

import argparse
from typing import Any

from bot.cli.common import say
from bot.settings import Settings


def register(commands: Any) -> None:
    """Add the command."""
    db = commands.add_parser("db", help="database schema")
    db.add_argument("action", choices=["upgrade"], help="upgrade: apply pending migrations")
    db.set_defaults(func=cmd_db)


def cmd_db(settings: Settings, args: argparse.Namespace) -> int:
    """Apply migrations and say where the schema stands."""
    from bot.wiring import prepare_database
    from storage.migrate import current_revision

    database = prepare_database(settings, say)
    print(f"database at revision {current_revision(database.engine)}")
    return 0
