"""The `complaintbot` commands, called as a user would (in this process)."""

from __future__ import annotations

import io
import json
from dataclasses import replace
from datetime import date, datetime

import pytest

from bot.cli import main
from bot.wiring import prepare_database
from handlers import casework, inquiries, thread
from handlers.identity import Identity
from handlers.intake import ComplaintDetails, file_complaint
from handlers.references import new_reference
from storage.types import utcnow


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
    with pytest.raises(SystemExit) as stopped:  # a staff close needs its reason (issue 21)
        main(["complaints", "close", ref, "--by", "kim.minji"])
    assert stopped.value.code == 2
    assert "--reason" in capsys.readouterr().err
    assert main(["complaints", "close", ref, "--reason", "  ", "--by", "kim.minji"]) == 2
    assert "--reason is empty" in capsys.readouterr().err
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
    # answered, it waits for the customer; staff close it only with a reason
    assert main(["complaints", "resolve", ref, "--by", "lee.junho", "--reason", "unreachable"]) == 0
    assert "closed" in capsys.readouterr().out
    assert main(["complaints", "show", ref, "--history"]) == 0
    history = capsys.readouterr().out
    for kind in ("acknowledged", "assigned", "escalated", "responded", "status_changed", "closed"):
        assert kind in history
    assert "staff:yoon.ara" in history and '"reason": "VIP"' in history
    assert "(by staff:lee.junho: unreachable)" in history


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


def test_staff_write_to_the_customer_and_ask_them_from_the_command_line(
    env, base_settings, monkeypatch, capsys
) -> None:
    """`message` and `ask`: what was done and how it reaches the customer; the conversation
    and what it waits for in `show`; a closed or withdrawn complaint refused, naming who."""
    settings = replace(base_settings, database_url=env)
    factory = prepare_database(settings).factory
    ref = _filed(env, base_settings, "erin", "Erin", "010-1234-5678")
    assert (
        main(["complaints", "message", ref, "--text", "We ordered the part.", "--by", "kim"]) == 2
    )
    assert "not on the staff roster" in capsys.readouterr().err
    assert main(["complaints", "message", ref, "--text", "  ", "--by", "kim.minji"]) == 2
    assert "--text is empty: write the update" in capsys.readouterr().err
    unknown = new_reference()
    assert main(["complaints", "ask", unknown, "--text", "?", "--by", "kim.minji"]) == 1
    assert f"no complaint {unknown}" in capsys.readouterr().err

    assert (
        main(["complaints", "message", ref, "--text", "We ordered the part.", "--by", "kim.minji"])
        == 0
    )
    out = capsys.readouterr().out
    assert "update sent, acknowledged" in out
    assert "sees it at their next message; phone them" in out  # REST, no e-mail address
    monkeypatch.setattr("sys.stdin", io.StringIO("Which model is it?\nIt is on the back.\n"))
    assert main(["complaints", "ask", ref, "--text", "-", "--by", "kim.minji"]) == 0
    assert "the case waits for their answer" in capsys.readouterr().out
    monkeypatch.setattr("sys.stdin", io.StringIO("\n"))
    assert main(["complaints", "ask", ref, "--text", "-", "--by", "kim.minji"]) == 2
    assert "--text is empty: write the question" in capsys.readouterr().err

    assert main(["complaints", "show", ref]) == 0
    out = capsys.readouterr().out
    assert "waiting for the customer's answer since" in out
    assert "customer asked for a call" not in out
    assert "the customer has not received the last message yet" in out
    assert "rest waiting for their next visit" in out
    assert "reachable by phone only: call 010-1234-5678" in out
    # the REST customer sees the question after their next message's turn, as the channel does
    casework.waiting_notices(factory, channel="rest", user_id="erin", now=utcnow())
    thread.customer_message(
        factory,
        settings.policy,
        reference=ref,
        identity=Identity("rest", "erin"),
        text="It's the X200. Can someone call me?",
        now=utcnow(),
        wants_person=True,
    )
    assert main(["complaints", "show", ref]) == 0
    out = capsys.readouterr().out
    assert "waiting for the customer's answer" not in out and "customer asked for a call" in out
    conversation = out[out.index("conversation (times in Asia/Seoul)") :].splitlines()
    assert (
        "staff (kim.minji)" in conversation[1]
        and "[update] We ordered the part." in conversation[1]
    )
    assert "[question] Which model is it?" in conversation[2]
    # a message's further lines under its first
    assert conversation[3].strip() == "It is on the back."
    assert conversation[3].index("It is") == conversation[2].index("[question]")
    assert "customer" in conversation[4] and "It's the X200." in conversation[4]

    assert main(["complaints", "respond", ref, "--text", "A new one.", "--by", "kim.minji"]) == 0
    assert main(["complaints", "close", ref, "--by", "kim.minji", "--reason", "duplicate"]) == 0
    capsys.readouterr()
    assert (
        main(["complaints", "message", ref, "--text", "Anything else?", "--by", "lee.junho"]) == 2
    )
    err = capsys.readouterr().err
    assert f"{ref} was closed by kim.minji" in err and "nothing more can be sent" in err

    withdrawn = _filed(env, base_settings, "fay", "Fay", "fay@example.com")
    inquiries.withdraw(factory, identity=Identity("rest", "fay"), reference=withdrawn)
    assert main(["complaints", "ask", withdrawn, "--text", "Why?", "--by", "kim.minji"]) == 2
    assert f"{withdrawn} was withdrawn by the customer" in capsys.readouterr().err


def test_the_command_line_says_how_the_customer_gets_the_message(
    env, base_settings, monkeypatch, capsys
) -> None:
    """Pushed on Telegram now; e-mailed to a REST customer once e-mail is set up."""
    settings = replace(base_settings, database_url=env)
    rest = _filed(env, base_settings, "gus", "Gus", "gus@example.com")
    assert main(["complaints", "message", rest, "--text", "Soon.", "--by", "kim.minji"]) == 0
    assert "(the customer sees it at their next message)" in capsys.readouterr().out
    emailing = replace(settings, policy=replace(settings.policy, email_customers=True))
    monkeypatch.setattr("bot.cli.load_settings", lambda: emailing)
    assert main(["complaints", "message", rest, "--text", "Sooner.", "--by", "kim.minji"]) == 0
    assert "queued for e-mail to the customer now" in capsys.readouterr().out
    telegram = file_complaint(
        prepare_database(settings).factory,
        settings.policy,
        identity=Identity("telegram", "5550001"),
        language="ko",
        details=ComplaintDetails(
            "화면이 깨졌어요", "Galaxy S24", "교환", "어제", None, "김 민수", "a@b.cd"
        ),
    ).reference
    assert main(["complaints", "ask", telegram, "--text", "모델명?", "--by", "kim.minji"]) == 0
    assert (
        "question sent, acknowledged (queued for the customer on telegram now"
        in capsys.readouterr().out
    )


# What `complaints show --json` promises scripts: these keys, always.
JSON_KEYS = {
    "reference", "status", "priority", "category", "assignee", "escalation_level", "language",
    "channel", "filed_by", "product", "description", "desired_outcome", "incident_date",
    "incident_on", "name", "contact", "received_at", "ack_due_at", "respond_due_at",
    "acknowledged_at", "responded_at", "closed_at", "customer_asked_for_call_at",
    "awaiting_customer_since", "satisfaction", "conversation", "delivery", "events",
    # closing the loop (issue 21)
    "survey_asked_at", "reopened", "declined", "linked_reference", "linked_from", "closed_by",
}  # fmt: skip


def test_show_json_prints_the_case_for_scripts(env, base_settings, capsys) -> None:
    ref = file_complaint(
        prepare_database(replace(base_settings, database_url=env)).factory,
        base_settings.policy,
        identity=Identity("telegram", "5550003"),
        language="ko",
        details=ComplaintDetails(
            "화면이 깨졌어요", "Galaxy S24", "교환", "어제", None, "김 민수", "a@b.cd"
        ),
    ).reference
    assert main(["complaints", "show", ref, "--json"]) == 0
    out = capsys.readouterr().out
    case = json.loads(out)
    assert set(case) == JSON_KEYS
    assert (case["delivery"], case["conversation"], case["satisfaction"]) == (None, [], None)
    assert main(["complaints", "ask", ref, "--text", "모델명이 뭔가요?", "--by", "kim.minji"]) == 0
    capsys.readouterr()
    assert main(["complaints", "show", ref, "--json"]) == 0
    out = capsys.readouterr().out
    assert "모델명이 뭔가요?" in out  # not \uXXXX escapes
    case = json.loads(out)
    assert set(case) == JSON_KEYS
    assert (case["reference"], case["status"], case["assignee"]) == (
        ref,
        "acknowledged",
        "kim.minji",
    )
    assert case["conversation"] == [
        {
            "at": case["awaiting_customer_since"],
            "who": "staff",
            "kind": "question",
            "text": "모델명이 뭔가요?",
            "by": "kim.minji",
        }
    ]
    assert case["delivery"]["kind"] == "customer.question"
    assert case["delivery"]["ways"] == [{"channel": "telegram", "state": "waiting"}]
    assert case["delivery"]["reached"] is False
    assert [e["kind"] for e in case["events"]][-2:] == ["acknowledged", "staff_message"]
    assert case["events"][-1]["data"] == {"kind": "question", "text": "모델명이 뭔가요?"}
    for key in ("received_at", "ack_due_at", "respond_due_at", "acknowledged_at"):
        moment = datetime.fromisoformat(case[key])
        assert moment.utcoffset() is not None and moment.utcoffset().total_seconds() == 0
    assert case["responded_at"] is None and case["customer_asked_for_call_at"] is None
