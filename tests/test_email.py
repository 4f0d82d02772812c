"""E-mail to customers the desk cannot push to, against a real local SMTP server (aiosmtpd).

Nothing of ours or of aiosmtplib is faked: the outbox dispatcher sends through
`EmailSender` to an aiosmtpd server on 127.0.0.1, whose handler keeps what it was given or
refuses what a test tells it to.
"""

from __future__ import annotations

import asyncio
import email
import email.policy
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import aiohttp
import pytest
import sqlalchemy as sa
import yaml
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, Envelope, LoginPassword

from bot.channels.email import EmailSender
from bot.errors import ConfigError
from bot.jobs.outbox import OutboxDispatcher, Unreachable
from bot.settings import Settings, load_settings
from handlers import casework, thread
from handlers.identity import Identity
from handlers.intake import ComplaintDetails, file_complaint
from storage import repositories as repo
from storage.db import transaction
from storage.models import ComplaintEvent, OutboxMessage
from storage.types import utcnow
from tests.helpers import REFERENCE
from tests.processes import free_port, run_environment

ROOT = Path(__file__).resolve().parent.parent
CONFIG = str(ROOT / "config.yml")


class Clock:
    """The dispatcher's clock, moved by the test (it starts now: rows are due from now)."""

    def __init__(self) -> None:
        self.now = utcnow() + timedelta(seconds=1)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


@dataclass
class Inbox:
    """An aiosmtpd handler: keeps every message it accepts; refuses the addresses in
    `refuse` with the reply given there."""

    envelopes: list[Envelope] = field(default_factory=list)
    refuse: dict[str, str] = field(default_factory=dict)
    recipients_tried: list[str] = field(default_factory=list)
    logins: list[tuple[bytes, bytes]] = field(default_factory=list)

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options) -> str:
        self.recipients_tried.append(address)
        if address in self.refuse:
            return self.refuse[address]
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope) -> str:
        self.envelopes.append(envelope)
        return "250 Message accepted for delivery"

    def authenticate(self, server, session, envelope, mechanism, auth_data) -> AuthResult:
        assert isinstance(auth_data, LoginPassword)
        self.logins.append((auth_data.login, auth_data.password))
        ok = (auth_data.login, auth_data.password) == (b"desk@example.com", b"p@ss:word")
        return AuthResult(success=ok, handled=False)

    def messages(self) -> list[EmailMessage]:
        return [
            email.message_from_bytes(e.original_content or e.content, policy=email.policy.default)
            for e in self.envelopes
        ]


def _serve(inbox: Inbox, port: int, **options: Any) -> Controller:
    controller = Controller(inbox, hostname="127.0.0.1", port=port, **options)
    controller.start()
    return controller


@pytest.fixture
def inbox() -> Iterator[tuple[Inbox, int]]:
    """A local SMTP server and its port."""
    box, port = Inbox(), free_port()
    controller = _serve(box, port)
    yield box, port
    controller.stop()


def _settings(tmp_path: Path, smtp_url: str | None) -> Settings:
    env = {"COMPLAINTBOT_CONFIG": CONFIG}
    if smtp_url:
        env["SMTP_URL"] = smtp_url
    settings = load_settings(env)
    return replace(settings, database_url=f"sqlite:///{tmp_path / 'email.db'}")


@dataclass
class Desk:
    """One test's database, settings, e-mail sender and dispatcher."""

    settings: Settings
    factory: Any
    dispatcher: OutboxDispatcher
    clock: Clock
    sender: EmailSender | None

    @property
    def policy(self) -> Any:
        return self.settings.policy

    def file(
        self,
        contact: str = "jane.doe@example.com",
        *,
        channel: str = "rest",
        language: str = "en",
    ) -> str:
        receipt = file_complaint(
            self.factory,
            self.policy,
            identity=Identity(channel, uuid.uuid4().hex[:12]),
            language=language,
            details=ComplaintDetails(
                description="the charger stopped working"
                if language == "en"
                else "충전기가 작동하지 않아요",
                product="charger",
                desired_outcome="Refund",
                incident_date_text="yesterday",
                incident_on=None,
                customer_name="Jane Doe",
                contact=contact,
            ),
            now=utcnow(),
        )
        return receipt.reference

    def message(self, reference: str, text: str, *, ask: bool = False) -> None:
        outcome = casework.message(
            self.factory,
            self.policy,
            reference=reference,
            text=text,
            by=self.policy.roster[0],
            now=utcnow(),
            ask=ask,
        )
        assert outcome.result == "done"

    async def send(self, rounds: int = 1) -> None:
        for _ in range(rounds):
            await self.dispatcher.run_once()
            self.clock.advance(2)

    def rows(self, channel: str | None = None) -> list[OutboxMessage]:
        with transaction(self.factory) as session:
            query = sa.select(OutboxMessage).order_by(OutboxMessage.id)
            if channel:
                query = query.where(OutboxMessage.channel == channel)
            rows = list(session.execute(query).scalars())
            for row in rows:
                session.expunge(row)
            return rows

    def events(self, reference: str) -> list[ComplaintEvent]:
        with transaction(self.factory) as session:
            complaint = repo.get_by_reference(session, reference=reference)
            assert complaint is not None
            rows = list(
                session.execute(
                    sa.select(ComplaintEvent).where(ComplaintEvent.complaint_id == complaint.id)
                ).scalars()
            )
            for row in rows:
                session.expunge(row)
            return rows


def _desk(desk, tmp_path: Path, smtp_url: str | None) -> Desk:
    from bot.wiring import prepare_database

    settings = _settings(tmp_path, smtp_url)
    database = prepare_database(settings)
    clock = Clock()
    sender = None
    senders = {}
    if settings.email is not None:
        sender = EmailSender(desk[2].render, settings.email, settings.policy.organisation)
        sender.per_chat_interval = 0.0
        senders["email"] = sender
    dispatcher = OutboxDispatcher(database.factory, senders, clock=clock)
    return Desk(settings, database.factory, dispatcher, clock, sender)


@pytest.fixture
def mailing(desk, inbox, tmp_path) -> Desk:
    """A desk that e-mails through the local SMTP server."""
    return _desk(desk, tmp_path, f"smtp://127.0.0.1:{inbox[1]}")


def _text(message: EmailMessage) -> str:
    body = message.get_body(("plain",))
    assert body is not None
    return str(body.get_content())


def _html(message: EmailMessage) -> str:
    body = message.get_body(("html",))
    assert body is not None
    return str(body.get_content())


# -- what is sent ---------------------------------------------------------------------------


async def test_a_rest_customer_who_gave_an_address_is_emailed_a_staff_message(
    mailing, inbox
) -> None:
    box, _ = inbox
    reference = mailing.file("Jane.Doe@Example.com")
    mailing.message(reference, "The courier will collect the charger on Friday.")
    await mailing.send()
    [envelope] = box.envelopes
    assert envelope.mail_from == "care@example.com"
    assert envelope.rcpt_tos == ["jane.doe@example.com"]
    [message] = box.messages()
    assert message["Subject"] == f"[{reference}] An update on your complaint"
    assert message["From"] == "Example Electronics <care@example.com>"
    assert message["To"] == "jane.doe@example.com"
    assert message["Message-ID"].endswith("@example.com>") and message["Date"]
    assert message["Auto-Submitted"] == "auto-generated"
    text = _text(message)
    assert "The courier will collect the charger on Friday." in text
    assert reference in text
    assert "replies to it are not read" in text and "status page" in text
    assert "The courier will collect the charger on Friday." in _html(message)
    [email_row] = mailing.rows("email")
    assert email_row.status == "sent" and email_row.kind == "customer.update"
    # the chat's copy still waits for their next message
    [rest_row] = mailing.rows("rest")
    assert rest_row.status == "pending"
    with transaction(mailing.factory) as session:
        complaint = repo.get_by_reference(session, reference=reference)
        delivered = thread.delivery(session, complaint)
    assert delivered is not None
    assert delivered.ways == (("rest", "waiting"), ("email", "sent"))


async def test_the_acknowledgement_and_the_answer_are_emailed_in_order(mailing, inbox) -> None:
    box, _ = inbox
    reference = mailing.file()
    member = mailing.policy.roster[0]
    assert (
        casework.acknowledge(
            mailing.factory, mailing.policy, reference=reference, by=member, now=utcnow()
        ).result
        == "done"
    )
    assert (
        casework.respond(
            mailing.factory,
            mailing.policy,
            reference=reference,
            response="We will refund the full price within 3 days.",
            by=member,
            now=utcnow(),
        ).result
        == "done"
    )
    await mailing.send(rounds=3)
    acknowledged, answered = box.messages()
    assert acknowledged["Subject"] == f"[{reference}] Your complaint is being looked into"
    assert "We will answer by" in _text(acknowledged)
    assert answered["Subject"] == f"[{reference}] Our answer to your complaint"
    assert "We will refund the full price within 3 days." in _text(answered)
    assert [r.status for r in mailing.rows("email")] == ["sent", "sent"]


async def test_a_korean_complaint_is_emailed_in_korean(mailing, inbox) -> None:
    box, _ = inbox
    reference = mailing.file(language="ko")
    mailing.message(reference, "기사님이 금요일에 방문할 예정입니다.", ask=False)
    mailing.message(reference, "제품 뒷면의 모델명을 알려 주시겠어요?", ask=True)
    await mailing.send(rounds=3)
    update, question = box.messages()
    assert update["Subject"] == f"[{reference}] 접수하신 불편 사항 진행 안내"
    assert question["Subject"] == f"[{reference}] 접수하신 불편 사항 관련 문의"
    assert update["Content-Language"] == "ko"
    text = _text(update)
    assert "진행 상황을 알려 드립니다" in text and "기사님이 금요일에 방문할 예정입니다." in text
    assert "발신 전용" in text and "예시전자" in text
    assert "An update" not in text and "not read" not in text
    assert '<html lang="ko">' in _html(update)
    assert "제품 뒷면의 모델명을 알려 주시겠어요?" in _text(question)


async def test_a_status_page_address_is_given_and_linked(desk, inbox, tmp_path) -> None:
    box, port = inbox
    mailing = _desk(desk, tmp_path, f"smtp://127.0.0.1:{port}")
    assert mailing.sender is not None
    mailing.sender.settings = replace(
        mailing.sender.settings, status_url="https://desk.example.com/status"
    )
    mailing.message(mailing.file(), "We have your photos.")
    await mailing.send()
    [message] = box.messages()
    assert "status page (https://desk.example.com/status)" in _text(message)
    assert '<a href="https://desk.example.com/status">' in _html(message)


# -- who is not e-mailed --------------------------------------------------------------------


async def test_a_phone_only_rest_customer_gets_no_email(mailing, inbox) -> None:
    box, _ = inbox
    mailing.message(mailing.file("010-1234-5678"), "The courier comes on Friday.")
    await mailing.send(rounds=2)
    assert box.envelopes == [] and box.recipients_tried == []
    assert mailing.rows("email") == []
    assert [r.channel for r in mailing.rows()] == ["rest"]  # waits for their next message


async def test_a_telegram_customer_gets_no_email_copy(mailing, inbox) -> None:
    box, _ = inbox
    mailing.message(mailing.file("jane@example.com", channel="telegram"), "Friday it is.")
    await mailing.send(rounds=2)
    assert box.envelopes == []
    assert [r.channel for r in mailing.rows()] == ["telegram"]


async def test_without_smtp_url_nothing_is_emailed(desk, inbox, tmp_path) -> None:
    box, _ = inbox
    quiet = _desk(desk, tmp_path, None)
    assert quiet.settings.email is None and not quiet.policy.email_customers
    reference = quiet.file("jane@example.com")
    quiet.message(reference, "The courier comes on Friday.")
    casework.respond(
        quiet.factory,
        quiet.policy,
        reference=reference,
        response="Refunded.",
        by=quiet.policy.roster[0],
        now=utcnow(),
    )
    await quiet.send(rounds=2)
    assert box.envelopes == []
    assert quiet.rows("email") == []
    assert {r.channel for r in quiet.rows()} == {"rest"}


# -- failures --------------------------------------------------------------------------------


async def test_an_address_the_server_refuses_for_good_is_recorded_on_the_complaint(
    mailing, inbox
) -> None:
    box, _ = inbox
    box.refuse["gone@example.com"] = "550 5.1.1 <gone@example.com>: mailbox unavailable"
    reference = mailing.file("gone@example.com")
    mailing.message(reference, "The courier comes on Friday.")
    await mailing.send(rounds=4)
    assert box.recipients_tried == ["gone@example.com"]  # tried once, never again
    assert box.envelopes == []
    [row] = mailing.rows("email")
    assert row.status == "failed"
    assert "550" in (row.last_error or "") and "gone@example.com" not in (row.last_error or "")
    [event] = [e for e in mailing.events(reference) if e.kind == "customer.unreachable"]
    assert event.data["channel"] == "email" and event.data["kind"] == "customer.update"
    with transaction(mailing.factory) as session:
        complaint = repo.get_by_reference(session, reference=reference)
        delivered = thread.delivery(session, complaint)
    assert delivered is not None
    assert delivered.ways == (("rest", "waiting"), ("email", "failed")) and not delivered.failed


async def test_an_address_refused_for_now_is_tried_again(mailing, inbox) -> None:
    box, _ = inbox
    box.refuse["busy@example.com"] = "450 4.2.1 mailbox busy, try later"
    reference = mailing.file("busy@example.com")
    mailing.message(reference, "The courier comes on Friday.")
    await mailing.dispatcher.run_once()
    [row] = mailing.rows("email")
    assert row.status == "pending" and "450" in (row.last_error or "")
    assert row.next_attempt_at > mailing.clock.now
    del box.refuse["busy@example.com"]
    mailing.clock.advance(3)  # the first backoff is 2 s
    await mailing.dispatcher.run_once()
    [row] = mailing.rows("email")
    assert row.status == "sent" and row.attempts == 2
    assert len(box.envelopes) == 1
    assert not [e for e in mailing.events(reference) if e.kind == "customer.unreachable"]


async def test_a_server_that_is_down_is_tried_again_later(desk, tmp_path) -> None:
    port = free_port()  # nobody listens here yet
    mailing = _desk(desk, tmp_path, f"smtp://127.0.0.1:{port}")
    reference = mailing.file()
    mailing.message(reference, "The courier comes on Friday.")
    await mailing.dispatcher.run_once()
    [row] = mailing.rows("email")
    assert row.status == "pending" and row.attempts == 1
    assert row.next_attempt_at > mailing.clock.now
    assert "not reached" in (row.last_error or "")
    box = Inbox()
    controller = _serve(box, port)
    try:
        mailing.clock.advance(3)
        await mailing.dispatcher.run_once()
    finally:
        controller.stop()
    assert [r.status for r in mailing.rows("email")] == ["sent"]
    assert len(box.envelopes) == 1


async def test_the_user_name_and_password_of_the_url_log_in(desk, tmp_path) -> None:
    box, port = Inbox(), free_port()
    controller = _serve(box, port, auth_require_tls=False, authenticator=box.authenticate)
    try:
        mailing = _desk(desk, tmp_path, f"smtp://desk%40example.com:p%40ss%3Aword@127.0.0.1:{port}")
        mailing.message(mailing.file(), "The courier comes on Friday.")
        await mailing.send()
    finally:
        controller.stop()
    assert box.logins == [(b"desk@example.com", b"p@ss:word")]
    assert len(box.envelopes) == 1
    assert [r.status for r in mailing.rows("email")] == ["sent"]


# -- what a message cannot do ----------------------------------------------------------------


async def test_the_html_part_escapes_what_staff_wrote(mailing, inbox) -> None:
    box, _ = inbox
    mailing.message(mailing.file(), "<script>alert('x')</script> & <b>bold</b>")
    await mailing.send()
    [message] = box.messages()
    page = _html(message)
    assert "<script>" not in page and "<b>" not in page
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;" in page
    assert "<script>alert('x')</script> & <b>bold</b>" in _text(message)  # plain text as is


async def test_a_line_break_in_a_message_cannot_add_headers(mailing, inbox) -> None:
    box, _ = inbox
    reference = mailing.file()
    hostile = "Hello\r\nBcc: thief@example.com\r\nSubject: You won\r\n\r\n<b>prize</b>"
    mailing.message(reference, hostile)
    await mailing.send()
    [envelope] = box.envelopes
    assert envelope.rcpt_tos == ["jane.doe@example.com"]
    [message] = box.messages()
    assert message["Bcc"] is None
    assert message.get_all("Subject") == [f"[{reference}] An update on your complaint"]
    assert "Bcc: thief@example.com" in _text(message)  # kept as the body's text


def test_the_subject_holds_only_the_reference_and_fixed_words(desk, tmp_path) -> None:
    settings = _settings(tmp_path, "smtp://127.0.0.1:2525")
    assert settings.email is not None
    sender = EmailSender(desk[2].render, settings.email, settings.policy.organisation)
    forged = {"language": "en", "reference": "CMP-1234\r\nBcc: x@example.com", "message": "hi"}
    message = sender.compose("jane@example.com", "customer.update", forged)
    assert message["Subject"] == "An update on your complaint"
    assert message["Bcc"] is None


async def test_an_address_that_is_not_one_is_not_sent_to(mailing, inbox) -> None:
    box, _ = inbox
    assert mailing.sender is not None
    with pytest.raises(Unreachable):
        await mailing.sender.deliver(
            "a@example.com>\r\nRCPT TO:<b@example.com", "customer.update", {"message": "x"}
        )
    assert box.recipients_tried == []


# -- settings --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("smtp://127.0.0.1:8025", ("127.0.0.1", 8025, None, None, False, None)),
        ("smtp://relay.internal", ("relay.internal", 25, None, None, False, None)),
        (
            "smtps://care%40example.com:s%3Acret%2F1@mail.example.com",
            ("mail.example.com", 465, "care@example.com", "s:cret/1", True, None),
        ),
        (
            "smtp://care:secret@mail.example.com:587?starttls=true",
            ("mail.example.com", 587, "care", "secret", False, True),
        ),
        ("smtp://localhost:1025?starttls=false", ("localhost", 1025, None, None, False, False)),
    ],
)
def test_smtp_url_is_read(url: str, expected: tuple[Any, ...]) -> None:
    settings = load_settings({"COMPLAINTBOT_CONFIG": CONFIG, "SMTP_URL": url})
    smtp = settings.email
    assert smtp is not None
    assert (smtp.host, smtp.port, smtp.username, smtp.password, smtp.tls, smtp.starttls) == expected
    assert smtp.sender == "Example Electronics <care@example.com>"
    assert settings.policy.email_customers
    assert "secret" not in repr(settings) and "s:cret" not in repr(settings)


def test_without_smtp_url_there_is_no_email() -> None:
    settings = load_settings({"COMPLAINTBOT_CONFIG": CONFIG})
    assert settings.email is None and not settings.policy.email_customers


@pytest.mark.parametrize(
    ("url", "says"),
    [
        ("http://mail.example.com", "not an SMTP URL"),
        ("smtp://", "not an SMTP URL"),
        ("smtp://u:TopSecret1@mail.example.com:99999", "bad host or port"),
        ("smtp://u:TopSecret1@mail.example.com:587?starttls=maybe", "starttls="),
        ("smtp://u:TopSecret1@mail.example.com:587?tls=true", "unknown option 'tls'"),
        ("smtps://u:TopSecret1@mail.example.com?starttls=true", "TLS from the start"),
        ("smtp://u:TopSecret1@mail.example.com:587", "need TLS"),
        ("smtp://:TopSecret1@mail.example.com", "without a user name"),
        ("smtp://mail.example.com/path", "no path"),
    ],
)
def test_a_bad_smtp_url_is_one_line_that_never_shows_the_password(url: str, says: str) -> None:
    with pytest.raises(ConfigError) as error:
        load_settings({"COMPLAINTBOT_CONFIG": CONFIG, "SMTP_URL": url})
    line = str(error.value)
    assert line.startswith("SMTP_URL: ") and says in line
    assert "TopSecret1" not in line and "\n" not in line


@pytest.mark.parametrize(
    ("section", "says"),
    [
        ({"form": "care@example.com"}, "email.form"),
        ({"from": "Example Electronics"}, "email.from"),
        ({"from": "a@example.com, b@example.com"}, "not one e-mail address"),
        ({"from": "a@example.com\r\nBcc: b@example.com"}, "email.from"),
        ({"status_url": "desk.example.com/status"}, "email.status_url"),
        ({"from": ""}, "email.from: needed when SMTP_URL is set"),
    ],
)
def test_the_email_section_is_checked(tmp_path: Path, section: dict[str, str], says: str) -> None:
    config = yaml.safe_load(Path(CONFIG).read_text(encoding="utf-8"))
    config["email"] = section
    path = tmp_path / "config.yml"
    path.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    with pytest.raises(ConfigError) as error:
        load_settings({"COMPLAINTBOT_CONFIG": str(path), "SMTP_URL": "smtp://127.0.0.1:25"})
    assert says in str(error.value) and str(path) in str(error.value)


# -- end to end ------------------------------------------------------------------------------


async def test_run_emails_a_rest_customer_the_answer_staff_give_on_the_command_line(
    model_path, inbox, tmp_path
) -> None:
    """`complaintbot run` with SMTP_URL: a customer files through the REST route giving an
    e-mail address, staff answer with `complaintbot complaints respond`, the e-mail arrives."""
    box, smtp_port = inbox
    port = free_port()
    env = run_environment(
        f"sqlite:///{tmp_path / 'run.db'}", port, SMTP_URL=f"smtp://127.0.0.1:{smtp_port}"
    )
    process = subprocess.Popen(
        [sys.executable, "-m", "bot", "run"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stderr is not None
        started = ""
        while "• ready" not in started:
            line = await asyncio.to_thread(process.stderr.readline)
            assert line, started
            started += line
        assert (
            f"• e-mail: to REST and web customers who gave an address, through 127.0.0.1:{smtp_port}"
            in started
        )
        said = ""
        async with aiohttp.ClientSession() as http:
            for _ in range(100):  # "ready" is said just before the port opens
                try:
                    async with http.get(f"http://127.0.0.1:{port}/healthz"):
                        break
                except aiohttp.ClientConnectionError:
                    await asyncio.sleep(0.05)
            for text in (
                "my washing machine arrived with a cracked door",
                "Replacement",
                "yesterday",
                "Jane Smith",
                "jane.smith@example.com",
                "yes",
            ):
                async with http.post(
                    f"http://127.0.0.1:{port}/webhooks/rest/webhook",
                    json={"sender": "e2e-mail", "message": text},
                ) as response:
                    assert response.status == 200
                    said = " ".join(r.get("text", "") for r in await response.json())
        match = REFERENCE.search(said)
        assert match, said
        reference = match.group(0)
        answered = await asyncio.to_thread(
            subprocess.run,
            [
                sys.executable,
                "-m",
                "bot",
                "complaints",
                "respond",
                reference,
                "--by",
                "kim.minji",
                "--text",
                "A new door is on its way.",
            ],
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert answered.returncode == 0, answered.stderr
        deadline = time.monotonic() + 15
        while not box.envelopes and time.monotonic() < deadline:
            await asyncio.sleep(0.2)
        [message] = box.messages()
        assert box.envelopes[0].rcpt_tos == ["jane.smith@example.com"]
        assert message["Subject"] == f"[{reference}] Our answer to your complaint"
        assert "A new door is on its way." in _text(message)
    finally:
        process.send_signal(signal.SIGINT)
        _, rest = await asyncio.to_thread(process.communicate, None, 30)
    assert process.returncode == 0, rest
    assert "jane.smith@example.com" not in rest  # no address in the log


def test_every_customer_notification_has_its_e_mail_wording() -> None:
    from bot.channels.email import EMAIL_NOTIFICATIONS
    from handlers.casework import NOTIFICATIONS

    assert set(EMAIL_NOTIFICATIONS) == set(NOTIFICATIONS)


# -- closing the loop: the answer's e-mail links to the status page's two buttons ----------


async def _answered_by_email(mailing: Desk, contact: str, language: str) -> str:
    reference = mailing.file(contact, language=language)
    member = mailing.policy.roster[0]
    for outcome in (
        casework.acknowledge(
            mailing.factory, mailing.policy, reference=reference, by=member, now=utcnow()
        ),
        casework.respond(
            mailing.factory,
            mailing.policy,
            reference=reference,
            response="We will refund the full price within 3 days.",
            by=member,
            now=utcnow(),
        ),
    ):
        assert outcome.result == "done"
    await mailing.send(rounds=3)
    return reference


async def test_the_answer_links_to_the_status_page_with_the_reference_not_the_contact(
    desk, inbox, tmp_path
) -> None:
    box, port = inbox
    mailing = _desk(desk, tmp_path, f"smtp://127.0.0.1:{port}")
    assert mailing.sender is not None
    mailing.sender.settings = replace(
        mailing.sender.settings, status_url="https://desk.example.com/status"
    )
    contact = "Loop.Closer@Example.com"
    reference = await _answered_by_email(mailing, contact, "en")
    _, answered = box.messages()
    text, page = _text(answered), _html(answered)
    link = f"https://desk.example.com/status?reference={reference}&lang=en"
    assert "same two buttons" in text and link in text
    assert f'<a href="{link.replace("&", "&amp;")}">' in page
    assert "in the chat where you filed it" in text  # or in the chat, as before
    for secret in (contact, contact.lower(), "loop.closer", "token"):
        assert secret not in text.lower().replace("care@example.com", "")
        assert secret not in page.lower()
    # a staff update is no decision: no link to decide
    mailing.message(reference, "The courier comes on Friday.")
    await mailing.send()
    assert "same two buttons" not in _text(box.messages()[-1])


async def test_without_a_status_address_the_korean_answer_names_the_page_and_reference(
    mailing, inbox
) -> None:
    box, _ = inbox
    reference = await _answered_by_email(mailing, "minji@example.com", "ko")
    _, answered = box.messages()
    text = _text(answered)
    assert "처리 상황 페이지에서도 같은 버튼으로 해결 여부를 알려 주실 수 있습니다" in text
    assert f"접수번호({reference})와 접수 때 남기신 휴대폰 번호나 이메일을 입력해 주세요" in text
    assert "?reference=" not in text and "minji@" not in text


def test_the_decision_reminder_links_to_the_status_page_too(desk, tmp_path) -> None:
    settings = _settings(tmp_path, "smtp://127.0.0.1:25")
    assert settings.email is not None
    email = replace(settings.email, status_url="https://desk.example.com/care/status?src=mail")
    sender = EmailSender(desk[2].render, email, settings.policy.organisation)
    message = sender.compose(
        "someone@example.com",
        "customer.decision_reminder",
        {"reference": "CMP-7K2Q-9XWW", "language": "ko", "message": "답변이 해결되었나요?"},
    )
    text = _text(message)
    assert "https://desk.example.com/care/status?src=mail&reference=CMP-7K2Q-9XWW&lang=ko" in text
    assert "someone@" not in text
