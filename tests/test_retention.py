"""Retention and erasure (issue 23), through the real agent and actions on SQLite and
PostgreSQL: after `purge`, and after an erasure, no text column of any table (Rasa's
conversation store included) holds the customer's name, contact, e-mail or a phrase of what
they wrote, and the numbers a report reads are unchanged."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa
import yaml

from bot.cli import main
from bot.wiring import build_dialogue, prepare_database
from handlers import casework, closing
from handlers.identity import Identity
from handlers.policy import Retention
from handlers.retention import purge
from storage.db import transaction
from storage.models import Complaint, ComplaintEvent
from storage.types import utcnow
from tests.helpers import REFERENCE, Chat

# Who the customer is and what they wrote: none of it may survive.
NAME = "Quentin Marchetti"
PHONE = "010-4821-7735"
PHONE_DIGITS = "48217735"
EMAIL = "q.marchetti@example.org"
PHRASE = "whistles like a dragon"
SECRETS = (NAME, "Marchetti", PHONE, PHONE_DIGITS, EMAIL, PHRASE)
# another customer, whose complaint is still open: kept
KEPT_NAME = "Beatrix Olowokandi"


@pytest.fixture
def desk_on(settings, model_path, tmp_path):
    """The desk on this test's database (SQLite or PostgreSQL), files in a temporary folder."""
    settings = replace(
        settings, attachments=replace(settings.attachments, directory=tmp_path / "files")
    )
    database = prepare_database(settings)
    dialogue = build_dialogue(settings, database, model_path)
    return settings, database, dialogue


def text_hits(engine: sa.engine.Engine, needles: tuple[str, ...]) -> set[tuple[str, str, str]]:
    """(table, column, needle) for every text column of every table holding a needle."""
    found = set()
    with engine.connect() as connection:
        inspector = sa.inspect(connection)
        for table in inspector.get_table_names():
            for column in inspector.get_columns(table):
                kind = column["type"]
                if not isinstance(kind, (sa.String, sa.Text, sa.JSON)) and "JSON" not in str(kind):
                    continue
                text = sa.cast(sa.column(column["name"]), sa.Text)
                for needle in needles:
                    query = (
                        sa.select(sa.func.count())
                        .select_from(sa.table(table))
                        .where(sa.func.lower(text).contains(needle.lower()))
                    )
                    if connection.execute(query).scalar():
                        found.add((table, column["name"], needle))
    return found


def report_numbers(engine: sa.engine.Engine) -> list[tuple]:
    """What a clause 8 report reads: counts by category, priority, status, channel and
    language, scores, and the times."""
    c = Complaint.__table__.c
    query = (
        sa.select(
            c.category,
            c.priority,
            c.status,
            c.channel,
            c.language,
            c.product,
            sa.func.count(),
            sa.func.sum(c.satisfaction_score),
            sa.func.count(c.satisfaction_score),
            sa.func.min(c.created_at),
            sa.func.max(c.closed_at),
            sa.func.max(c.responded_at),
        )
        .group_by(c.category, c.priority, c.status, c.channel, c.language, c.product)
        .order_by(c.category, c.priority, c.status, c.channel)
    )
    with engine.connect() as connection:
        return [tuple(row) for row in connection.execute(query)]


async def _file(chat: Chat, story: str, product: str, name: str, contact: str) -> str:
    for answer in (story, product, "Repair", "yesterday", name, contact, "yes"):
        await chat.say(answer)
    found = REFERENCE.search(chat.text)
    assert found, chat.text
    return found.group(0)


def _complaint(factory, reference: str) -> Complaint:
    with transaction(factory) as session:
        complaint = session.execute(
            sa.select(Complaint).where(Complaint.reference == reference)
        ).scalar_one()
        _ = complaint.assignee
        session.expunge(complaint)
        return complaint


def _respond(desk, reference: str, text: str) -> None:
    settings, database, _ = desk
    complaint = _complaint(database.factory, reference)
    by = settings.policy.staff(complaint.assignee.handle)
    outcome = casework.respond(
        database.factory, settings.policy, reference=reference, response=text, by=by, now=utcnow()
    )
    assert outcome.result == "done", outcome
    casework.waiting_notices(
        database.factory, channel=complaint.channel, user_id=complaint.user_id, now=utcnow()
    )


async def _closed_complaint_with_everything(desk, chat: Chat) -> str:
    """File, write to the case, get an answer that names the customer, accept, score 2 and
    comment: every place personal data goes."""
    reference = await _file(
        chat, f"it {PHRASE} and the lid cracked on the first day", "turquoise kettle", NAME, PHONE
    )
    await chat.say(f"about {reference}: you can also e-mail me at {EMAIL}")
    _respond(desk, reference, f"Dear {NAME}, we will send you a new lid this week.")
    await chat.say("yes that sorts it, thanks")
    assert "How satisfied are you" in chat.text
    await chat.say("2")
    await chat.say(f"it still {PHRASE} when it boils")
    complaint = _complaint(desk[1].factory, reference)
    assert complaint.status == "closed" and complaint.satisfaction_score == 2
    assert PHRASE in (complaint.satisfaction_comment or "")
    return reference


def _config_with_files(settings, tmp_path) -> Path:
    """config.yml with the attachments kept in the test's folder."""
    config = yaml.safe_load(settings.config_path.read_text(encoding="utf-8"))
    config["attachments"]["directory"] = str(settings.attachments.directory)
    config["model"] = {"project": str(settings.model_project), "directory": str(tmp_path)}
    path = tmp_path / "config.yml"
    path.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    return path


async def test_purge_forgets_every_trace_and_keeps_the_numbers(
    desk_on, capsys, monkeypatch, tmp_path
):
    settings, database, dialogue = desk_on
    engine = database.engine
    chat = Chat(dialogue, Identity("rest", "quentin-7"))
    reference = await _closed_complaint_with_everything(desk_on, chat)
    # a file the customer sent, kept on disk
    files = settings.attachments.directory
    sha = "ab" * 32
    (files / "ab").mkdir(parents=True)
    (files / "ab" / sha).write_bytes(b"photo")
    with transaction(database.factory) as session:
        complaint = session.execute(
            sa.select(Complaint).where(Complaint.reference == reference)
        ).scalar_one()
        session.execute(
            sa.text(
                "INSERT INTO attachments (complaint_id, channel, user_id, sha256, file_id, "
                "filename, created_at) VALUES (:c, 'rest', 'quentin-7', :s, 'f1', :n, :t)"
            ),
            {"c": complaint.id, "s": sha, "n": f"{NAME}.jpg", "t": utcnow().replace(tzinfo=None)},
        )
    # someone who only chatted, naming the customer, and never filed
    bystander = Chat(dialogue, Identity("rest", "bystander-3"))
    await bystander.say(f"hi, is {NAME} working today? he said it {PHRASE}")
    # another customer, still open: kept whole
    other = Chat(dialogue, Identity("rest", "beatrix-9"))
    kept = await _file(
        other, "the screen flickers all the time", "tablet", KEPT_NAME, "b@example.com"
    )

    before = text_hits(engine, SECRETS)
    tables = {table for table, _, _ in before}
    # the fixture put the data everywhere it goes (else finding none later proves nothing)
    assert {"complaints", "complaint_events", "events", "outbox", "attachments"} <= tables, before
    numbers = report_numbers(engine)

    # a dry run, at a time when nothing has expired yet, and then three years on
    monkeypatch.setenv("DATABASE_URL", settings.database_url)
    monkeypatch.setenv("COMPLAINTBOT_CONFIG", str(_config_with_files(settings, tmp_path)))
    capsys.readouterr()
    assert main(["purge", "--dry-run"]) == 0
    assert "would anonymise 0 complaints" in capsys.readouterr().out
    later = (utcnow() + timedelta(days=1096)).isoformat()
    assert main(["purge", "--now", later, "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "would anonymise 1 complaints" in out and "delete 1 conversations" in out, out
    assert text_hits(engine, SECRETS) == before  # a dry run changes nothing
    # the purge itself, the way an operator runs it
    assert main(["purge", "--now", later]) == 0
    out, err = capsys.readouterr()
    assert "anonymised 1 complaints" in out and "1 files" in out, out
    assert "anonymised 1 complaints (" in err  # the progress line

    assert text_hits(engine, SECRETS) == set()
    assert not (files / "ab" / sha).exists()
    assert report_numbers(engine) == numbers
    # the other customer's open complaint and conversation are untouched
    assert _complaint(database.factory, kept).customer_name == KEPT_NAME
    assert ("events", "data", KEPT_NAME) in text_hits(engine, (KEPT_NAME,))
    # the anonymisation is in the audit trail, without the personal data
    with transaction(database.factory) as session:
        events = session.execute(
            sa.select(ComplaintEvent)
            .join(Complaint)
            .where(Complaint.reference == reference)
            .order_by(ComplaintEvent.id)
        ).scalars()
        trail = [(e.kind, e.actor, e.data) for e in events]
    assert trail[-1][0] == "anonymised" and trail[-1][1] == "system:retention"
    assert trail[-1][2]["why"] == "retention" and trail[-1][2]["conversation_rows"] > 0
    assert any(kind == "customer_message" and actor == "customer" for kind, actor, _ in trail)
    # a second purge finds nothing more to do
    assert main(["purge", "--now", later]) == 0
    assert "anonymised 0 complaints" in capsys.readouterr().out


def test_purge_counts_retention_days_from_closing(settings) -> None:
    """Closed 1,094 days ago: kept; 1,096: anonymised; an open one of any age: kept."""
    database = prepare_database(settings)
    now = utcnow()
    rows = []
    with transaction(database.factory) as session:
        for i, (status, closed_days_ago) in enumerate(
            [("closed", 1094), ("closed", 1096), ("investigating", None), ("withdrawn", 2000)]
        ):
            closed = now - timedelta(days=closed_days_ago) if closed_days_ago else None
            complaint = Complaint(
                reference=f"CMP-TEST-000{i}",
                channel="rest",
                user_id=f"user-{i}",
                description="secret words",
                product="kettle",
                desired_outcome="repair",
                incident_date_text="yesterday",
                customer_name="Somebody Else",
                contact="x@example.com",
                contact_kind="email",
                contact_normalized="x@example.com",
                status=status,
                created_at=now - timedelta(days=2100),
                ack_due_at=now,
                respond_due_at=now,
                closed_at=closed,
            )
            session.add(complaint)
            rows.append(complaint.reference)
    report = purge(database.factory, Retention(days=1095), now=now)
    assert sorted(report.references) == ["CMP-TEST-0001", "CMP-TEST-0003"]
    with transaction(database.factory) as session:
        names = dict(session.execute(sa.select(Complaint.reference, Complaint.customer_name)).all())
    assert names["CMP-TEST-0000"] == names["CMP-TEST-0002"] == "Somebody Else"
    assert names["CMP-TEST-0001"] == names["CMP-TEST-0003"] == "(erased)"


async def test_staff_erasure_forgets_a_closed_complaint_at_once_and_an_open_one_when_it_closes(
    desk_on, capsys, monkeypatch
):
    settings, database, dialogue = desk_on
    engine = database.engine
    chat = Chat(dialogue, Identity("rest", "quentin-8"))
    closed = await _closed_complaint_with_everything(desk_on, chat)
    # a second complaint of the same customer, still open
    second = Chat(dialogue, Identity("rest", "quentin-8"))
    await second.say("I have another complaint")
    opened = await _file(second, "the toaster sparks when I plug it in", "toaster", NAME, PHONE)
    assert opened != closed
    numbers = report_numbers(engine)
    monkeypatch.setenv("DATABASE_URL", settings.database_url)
    capsys.readouterr()
    handle = _complaint(database.factory, opened).assignee.handle
    assert main(["complaints", "erase", "--customer", "rest:quentin-8", "--by", handle]) == 0
    out = capsys.readouterr().out
    assert f"anonymised now: {closed}" in out and f"open, anonymised when they end: {opened}" in out
    erased = _complaint(database.factory, closed)
    assert erased.erased_at is not None and erased.customer_name == "(erased)"
    assert _complaint(database.factory, opened).customer_name == NAME  # still being handled
    assert report_numbers(engine) == numbers
    with engine.connect() as connection:
        request = connection.execute(sa.text("SELECT * FROM erasure_requests")).mappings().one()
    assert (request["channel"], request["erased"], request["flagged"]) == ("rest", 1, 1)
    assert request["requested_by"] == f"staff:{handle}" or handle in request["requested_by"]

    # staff close the open one: the next sweep forgets it and the conversation
    by = settings.policy.staff(handle)
    outcome = closing.close_by_staff(
        database.factory, settings.policy, reference=opened, by=by, reason="duplicate", now=utcnow()
    )
    assert outcome.result == "done", outcome
    report = purge(database.factory, settings.policy.retention, now=utcnow())
    assert report.references == [opened]
    assert text_hits(engine, SECRETS) == set()
    with engine.connect() as connection:
        trail_kinds = (
            connection.execute(
                sa.select(ComplaintEvent.kind)
                .join(Complaint)
                .where(Complaint.reference == opened)
                .order_by(ComplaintEvent.id)
            )
            .scalars()
            .all()
        )
    assert "erasure_requested" in trail_kinds and trail_kinds[-1] == "anonymised"


def test_a_bad_customer_or_staff_handle_is_one_line(settings, capsys, monkeypatch) -> None:
    monkeypatch.setenv("DATABASE_URL", settings.database_url)
    assert main(["complaints", "erase", "--customer", "nobody", "--by", "x"]) == 2
    assert "give the channel and the id" in capsys.readouterr().err
    assert main(["complaints", "erase", "--customer", "rest:a", "--by", "not-staff"]) == 2
    assert "not on the staff roster" in capsys.readouterr().err


async def test_a_customer_asks_in_chat_and_a_yes_forgets_them(desk_on) -> None:
    """ "delete my personal data", yes/no buttons, a yes in words: the closed complaint and
    the conversation are forgotten at once; the numbers stay."""
    _, database, dialogue = desk_on
    chat = Chat(dialogue, Identity("rest", "quentin-9"))
    reference = await _closed_complaint_with_everything(desk_on, chat)
    numbers = report_numbers(database.engine)
    # said after the complaint closed: only erasing the whole conversation removes it
    await chat.say(f"please delete my personal data, {EMAIL} included")
    assert "delete your personal data?" in chat.text, chat.text
    assert [b.payload for b in chat.buttons] == ["/affirm", "/deny"]
    await chat.say("yes please")
    assert "your personal data and this conversation have been deleted" in chat.text, chat.text
    assert text_hits(database.engine, SECRETS) == set()
    assert report_numbers(database.engine) == numbers
    assert _complaint(database.factory, reference).erased_at is not None
    # the conversation goes on, knowing nothing of them, in memory too (trials K and L: the
    # web page's history showed the whole chat until a restart)
    tracker = await dialogue.agent.tracker_store.retrieve(chat.identity.sender_id)
    assert not any(s in json.dumps([e.as_dict() for e in tracker.events]) for s in SECRETS)
    await chat.say("hello")
    assert NAME not in chat.text and text_hits(database.engine, SECRETS) == set()
    tracker = await dialogue.agent.tracker_store.retrieve(chat.identity.sender_id)
    assert not any(s in json.dumps([e.as_dict() for e in tracker.events]) for s in SECRETS)


async def test_erasure_asked_in_korean_and_in_untuned_words_and_a_no_keeps_everything(
    desk,
) -> None:
    dialogue = desk[2]
    korean = Chat(dialogue, Identity("rest", "ko-erase-1"))
    await korean.say("제 개인정보 삭제해 주세요")
    assert "개인정보를 삭제해 드릴까요?" in korean.text, korean.text
    await korean.say("네")
    assert "개인정보와 이 대화 내용을 삭제했습니다" in korean.text, korean.text
    for words in (
        "i would like you to scrub my personal details from your records",
        "제 정보 보관하지 말고 삭제해 주실래요",
    ):
        other = Chat(dialogue, Identity("rest", f"asks-{len(words)}"))
        await other.say(words)
        assert "delete your personal data?" in other.text or "개인정보를 삭제해" in other.text, (
            words,
            other.text,
        )
        await other.say("no")
        assert "nothing has been deleted" in other.text or "삭제하지 않았습니다" in other.text


@pytest.mark.parametrize(
    ("answer", "erased"),
    [
        # trials S and T: answered by what to do with it, taken as thanks or asked again
        ("Go ahead and remove it please.", True),
        ("예, 삭제 진행하여 주십시오.", True),
        ("ok wipe it all", True),  # held out
        ("Aye, go on, bin the lot.", True),  # trial Y: read as a survey answer
        ("don't delete it yet, I might need it", False),
        ("아 지우지 마세요 나중에 할게요", False),
    ],
)
async def test_the_erasure_question_answered_in_own_words(desk, answer: str, erased: bool) -> None:
    chat = Chat(desk[2], Identity("rest", f"erase-own-{abs(hash(answer)) % 10**8}"))
    korean = not answer.isascii()
    await chat.say("제 개인정보 삭제해 주세요" if korean else "please delete my personal data")
    assert "개인정보를 삭제해 드릴까요?" in chat.text or "delete your personal data?" in chat.text
    await chat.say(answer)
    done = "이 대화 내용을 삭제했습니다" in chat.text or "have been deleted" in chat.text
    kept = "삭제하지 않았습니다" in chat.text or "nothing has been deleted" in chat.text
    assert (done, kept) == (erased, not erased), chat.text


@pytest.mark.parametrize(
    "asked",
    [
        "actually can you just delete all my personal data please",  # trial K's k08
        "제 개인정보 다 지워주세요 이제 필요없어요",  # trial L
    ],
)
async def test_asked_at_the_survey_erasure_is_no_comment(desk_on, asked: str) -> None:
    """Asked for erasure where the survey awaits a score: the erasure question, not a
    comment stored with the customer's words."""
    _, database, dialogue = desk_on
    chat = Chat(dialogue, Identity("rest", f"quentin-s{len(asked)}"))
    reference = await _file(
        chat, f"it {PHRASE} and the lid cracked on the first day", "turquoise kettle", NAME, PHONE
    )
    _respond(desk_on, reference, "We will send you a new lid this week.")
    await chat.say("yes that sorts it, thanks")
    assert "How satisfied are you" in chat.text
    await chat.say(asked)
    assert "delete your personal data?" in chat.text or "삭제해 드릴까요?" in chat.text, chat.text
    await chat.say("yes")
    assert "deleted" in chat.text or "삭제했습니다" in chat.text, chat.text
    assert text_hits(database.engine, SECRETS) == set()
    assert _complaint(database.factory, reference).satisfaction_comment is None
