"""A consistent copy of the whole database while the desk keeps running.

SQLite: the library's online backup (pages copied under a read transaction, so writes in
WAL mode go on and the copy is one moment's database). PostgreSQL: `pg_dump` in its custom
format, restored with `pg_restore`; the password goes through the environment, never argv
(visible to every user of the machine in `ps`).
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from sqlalchemy.engine import make_url

from storage.db import sqlite_path


class BackupError(Exception):
    """The backup could not be made; the message says why and what to do."""


def backup(url: str, target: Path) -> str:
    """Copy the database at `url` to the file `target`; returns what kind of copy it is."""
    parsed = make_url(url)
    backend = parsed.get_backend_name()
    if target.exists():
        raise BackupError(f"{target} exists already: name a new file")
    target.parent.mkdir(parents=True, exist_ok=True)
    if backend == "sqlite":
        path = sqlite_path(url)
        if path is None:
            raise BackupError("an in-memory SQLite database has nothing to back up")
        if not Path(path).exists():
            raise BackupError(f"no database file at {path}")
        source = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        copy = sqlite3.connect(target)
        try:
            with copy:
                source.backup(copy)
        finally:
            copy.close()
            source.close()
        return "SQLite online backup"
    if backend == "postgresql":
        pg_dump = shutil.which("pg_dump")
        if pg_dump is None:
            raise BackupError(
                "pg_dump is not installed (Debian: apt-get install postgresql-client)"
            )
        env = dict(os.environ)
        if parsed.password:
            env["PGPASSWORD"] = str(parsed.password)
        dsn = parsed.set(drivername="postgresql", password=None).render_as_string(
            hide_password=False
        )
        done = subprocess.run(
            [pg_dump, "--format=custom", f"--file={target}", f"--dbname={dsn}"],
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        if done.returncode != 0:
            target.unlink(missing_ok=True)
            problem = (done.stderr.strip().splitlines() or ["pg_dump failed"])[-1]
            raise BackupError(problem)
        return "pg_dump, custom format"
    raise BackupError(f"no backup for {backend} databases")
