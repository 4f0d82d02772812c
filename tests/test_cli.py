"""The `complaintbot` commands, called as a user would (in this process)."""

from __future__ import annotations

import io
import json
from datetime import date

import pytest

from bot.cli import main
from bot.wiring import prepare_database
from handlers.identity import Identity
from handlers.intake import ComplaintDetails, file_complaint


@pytest.fixture
def env(monkeypatch, tmp_path):
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    monkeypatch.setenv("DATABASE_URL", url)
    return url


def test_parse_prints_one_json_object_per_line(env, model_path, monkeypatch, capsys) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("hello\nCMP7K3F9QX2 어떻게 됐나요\n"))
    assert main(["parse"]) == 0
    lines = capsys.readouterr().out.splitlines()
    results = [json.loads(line) for line in lines]
    assert [r["intent"]["name"] for r in results] == ["greet", "check_status"]
    assert 0 < results[0]["intent"]["confidence"] <= 1
    assert {"entity": "reference", "value": "CMP7K3F9QX2", "start": 0, "end": 11} in results[1][
        "entities"
    ]


def test_complaints_list_and_show_with_history(env, base_settings, capsys) -> None:
    from dataclasses import replace

    settings = replace(base_settings, database_url=env)
    database = prepare_database(settings)
    receipt = file_complaint(
        database.factory,
        settings.policy,
        identity=Identity("rest", "alice"),
        language="en",
        details=ComplaintDetails(
            "the heater caught fire",
            "heater",
            "refund",
            "yesterday",
            date(2026, 11, 24),
            "Jane",
            "jane@example.com",
        ),
    )
    assert main(["complaints", "list", "--status", "open"]) == 0
    out = capsys.readouterr().out
    assert receipt.reference in out and "urgent" in out
    assert main(["complaints", "show", receipt.reference.lower(), "--history"]) == 0
    out = capsys.readouterr().out
    assert "the heater caught fire" in out and "assessed" in out and "assigned" in out
    typo = receipt.reference[:-1] + ("0" if receipt.reference[-1] != "0" else "1")
    assert main(["complaints", "show", typo]) == 2
    assert "looks mistyped" in capsys.readouterr().err
    assert main(["complaints", "show", "nonsense"]) == 2


def test_a_bad_config_is_reported_not_raised(monkeypatch, tmp_path, capsys) -> None:
    bad = tmp_path / "config.yml"
    bad.write_text("targets: {urgent: {acknowledge: soon, respond: 2d}}\n")
    monkeypatch.setenv("COMPLAINTBOT_CONFIG", str(bad))
    assert main(["db", "upgrade"]) == 2
    assert "not a duration: 'soon'" in capsys.readouterr().err


def _filed(url: str, base_settings, user: str, name: str, contact: str) -> str:
    """A laptop complaint filed in the database at `url`; its reference."""
    from dataclasses import replace

    settings = replace(base_settings, database_url=url)
    database = prepare_database(settings)
    return file_complaint(
        database.factory,
        settings.policy,
        identity=Identity("rest", user),
        language="en",
        details=ComplaintDetails(
            "the screen flickers", "laptop", "repair", "today", None, name, contact
        ),
    ).reference


def test_the_staff_actions_from_the_command_line(env, base_settings, capsys) -> None:
    """For staff without Slack: the same use cases, with `--by` checked against the roster."""
    ref = _filed(env, base_settings, "bob", "Bob", "bob@example.com")
    assert main(["complaints", "ack", ref, "--by", "nobody"]) == 2
    assert "not on the staff roster" in capsys.readouterr().err
    assert main(["complaints", "resolve", ref, "--by", "kim.minji"]) == 2
    assert "answer it first" in capsys.readouterr().err
    assert main(["complaints", "ack", ref, "--by", "kim.minji"]) == 0
    assert "acknowledged (the customer sees it at their next message)" in capsys.readouterr().out
    assert main(["complaints", "ack", ref, "--by", "lee.junho"]) == 2
    assert "last change by kim.minji" in capsys.readouterr().err
    assert main(["complaints", "assign", ref, "--to", "park.soyeon", "--by", "jung.hana"]) == 2
    assert "only they, a supervisor or a manager" in capsys.readouterr().err
    assert main(["complaints", "assign", ref, "--to", "lee.junho", "--by", "yoon.ara"]) == 0
    assert main(["complaints", "escalate", ref, "--reason", "VIP", "--by", "lee.junho"]) == 0
    assert main(["complaints", "investigate", ref, "--by", "lee.junho"]) == 0
    assert "investigating" in capsys.readouterr().out
    assert main(["complaints", "investigate", ref, "--by", "lee.junho"]) == 2
    assert "cannot be put under investigation now" in capsys.readouterr().err
    assert main(["complaints", "respond", ref, "--text", "Fixed.", "--by", "lee.junho"]) == 0
    assert main(["complaints", "resolve", ref, "--by", "lee.junho"]) == 0
    assert "closed" in capsys.readouterr().out
    assert main(["complaints", "show", ref, "--history"]) == 0
    history = capsys.readouterr().out
    for kind in ("acknowledged", "assigned", "escalated", "responded", "status_changed"):
        assert kind in history
    assert "staff:yoon.ara" in history and '"reason": "VIP"' in history


def test_chase_prints_what_a_sweep_would_do_then_does_it(env, base_settings, capsys) -> None:
    reference = _filed(env, base_settings, "carol", "Carol", "c@example.com")
    assert main(["chase", "--now", "yesterday"]) == 2
    assert "not a timestamp" in capsys.readouterr().err
    later = "2030-01-07T10:00"  # long overdue: every acknowledgement rung has come
    assert main(["chase", "--now", later, "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "would do 7 steps" in out and reference in out  # both ladders, all rungs
    assert "escalated to manager: not acknowledged" in out
    assert main(["chase", "--now", later, "--really-send"]) == 0
    assert "did 7 steps" in capsys.readouterr().out
    assert main(["chase", "--now", later, "--really-send"]) == 0
    assert "nothing overdue" in capsys.readouterr().out  # each step once


def test_chase_at_another_time_sends_only_when_told_to(env, base_settings, capsys) -> None:
    """A sweep `--now` in the future without --dry-run would send reminders, escalations
    and customer messages early: refused in one line, nothing done."""
    from dataclasses import replace

    import sqlalchemy as sa

    from storage.db import transaction
    from storage.models import ChaseStep, OutboxMessage

    _filed(env, base_settings, "dave", "Dave", "d@example.com")
    database = prepare_database(replace(base_settings, database_url=env))

    def counts() -> tuple[int, int]:
        with transaction(database.factory) as session:
            steps = session.execute(sa.select(sa.func.count()).select_from(ChaseStep)).scalar()
            sent = session.execute(sa.select(sa.func.count()).select_from(OutboxMessage)).scalar()
            return int(steps or 0), int(sent or 0)

    before = counts()
    capsys.readouterr()
    assert main(["chase", "--now", "2030-01-07T10:00"]) == 2
    captured = capsys.readouterr()
    assert captured.out == "" and len(captured.err.strip().splitlines()) == 1
    assert "--dry-run" in captured.err and "--really-send" in captured.err
    assert counts() == before
    with pytest.raises(SystemExit) as exited:  # the two ways at once make no sense
        main(["chase", "--now", "2030-01-07T10:00", "--dry-run", "--really-send"])
    assert exited.value.code == 2
    assert main(["chase"]) == 0  # a sweep now needs neither
