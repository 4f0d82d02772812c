"""`complaintbot db upgrade` / `db backup FILE`: the schema, and a copy of the data."""

from __future__ import annotations

import argparse
from typing import Any

from bot.cli.common import fail, say
from bot.settings import Settings


def register(commands: Any) -> None:
    """Add the command."""
    db = commands.add_parser("db", help="database schema and backups")
    db.add_argument(
        "action",
        choices=["upgrade", "backup"],
        help="upgrade: apply pending migrations; backup FILE: copy the database while it runs",
    )
    db.add_argument("file", nargs="?", help="backup: the new file to write")
    db.set_defaults(func=cmd_db)


def cmd_db(settings: Settings, args: argparse.Namespace) -> int:
    """Apply migrations and say where the schema stands, or back the database up."""
    if args.action == "backup":
        return _backup(settings, args.file)
    from bot.wiring import prepare_database
    from storage.migrate import current_revision

    database = prepare_database(settings, say)
    print(f"database at revision {current_revision(database.engine)}")
    return 0


def _backup(settings: Settings, file: str | None) -> int:
    from pathlib import Path

    from storage.backup import BackupError, backup

    if not file:
        return fail("db backup needs the file to write: complaintbot db backup var/backup.db")
    target = Path(file)
    say(f"• backing up the database to {target}")
    try:
        how = backup(settings.database_url, target)
    except BackupError as exc:
        return fail(f"backup failed: {exc}")
    size = target.stat().st_size
    print(f"{target}: {size:,} bytes ({how})")
    return 0
