"""`complaintbot db backup FILE` while the desk runs, and the copy restored as the README says."""

from __future__ import annotations

import subprocess
from dataclasses import replace
from datetime import date

import sqlalchemy as sa

from bot.cli import main
from bot.wiring import prepare_database
from handlers.identity import Identity
from handlers.intake import ComplaintDetails, file_complaint
from storage.db import make_engine, scratch_database
from tests.conftest import POSTGRES_ADMIN_URL


def _file_one(settings) -> str:
    database = prepare_database(settings)
    receipt = file_complaint(
        database.factory,
        settings.policy,
        identity=Identity("rest", "backup-test"),
        language="en",
        details=ComplaintDetails(
            "the kettle leaks",
            "kettle",
            "refund",
            "yesterday",
            date(2026, 11, 24),
            "Jo",
            "jo@example.com",
        ),
    )
    # An open connection keeps what was written in SQLite's WAL, not yet in the main file:
    # a plain file copy would miss the complaint; the online backup must not.
    database.engine.connect().close()
    return receipt.reference


def _references(url: str) -> set[str]:
    engine = make_engine(url)
    with engine.connect() as connection:
        found = set(connection.execute(sa.text("SELECT reference FROM complaints")).scalars())
    engine.dispose()
    return found


def test_a_backup_holds_what_was_filed_and_restores(
    base_settings, database_url, tmp_path, monkeypatch, capsys
) -> None:
    settings = replace(base_settings, database_url=database_url)
    reference = _file_one(settings)
    monkeypatch.setenv("DATABASE_URL", database_url)
    target = tmp_path / "copies" / "desk.backup"
    assert main(["db", "backup", str(target)]) == 0
    assert str(target) in capsys.readouterr().out
    if database_url.startswith("sqlite"):
        assert _references(f"sqlite:///{target}") == {reference}
    else:
        with scratch_database(POSTGRES_ADMIN_URL, "complaintbot_restore") as restored:
            dsn = restored.replace("postgresql+psycopg2", "postgresql")
            subprocess.run(
                ["pg_restore", "--no-owner", f"--dbname={dsn}", str(target)],
                check=True,
                capture_output=True,
            )
            assert _references(restored) == {reference}
    # a second backup never overwrites the first
    assert main(["db", "backup", str(target)]) == 2
    assert "exists already" in capsys.readouterr().err


def test_backup_without_a_file_says_how(monkeypatch, tmp_path, capsys) -> None:
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'x.db'}")
    assert main(["db", "backup"]) == 2
    assert "complaintbot db backup var/backup.db" in capsys.readouterr().err
