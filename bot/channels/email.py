"""E-mail to the customers the desk cannot push to (REST, the web page, the console) who gave
an e-mail address, when `SMTP_URL` is set.

Every notice and staff message about their complaint is written to the outbox twice: for
their channel (shown at their next message) and for channel "email", recipient their address
(`handlers.casework.notify_customer`). `EmailSender` sends the second: the text the chat
shows, in the customer's language, as plain text and a simple HTML part, the reference in
the subject. Replies are not read: every e-mail says to answer in the chat or on the status
page.

The outbox retries what did not go (a temporary refusal, 4xx; a refused connection; a
timeout) with backoff; a permanent refusal of the address (5xx to RCPT TO) makes the
customer unreachable by e-mail, recorded on the complaint. One connection per e-mail: few
are sent, and a connection kept open would need keeping alive.
"""

from __future__ import annotations

import asyncio
import html
import re
from collections.abc import Callable, Mapping
from datetime import datetime, timezone
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import aiosmtplib

from bot.jobs.outbox import Unreachable
from bot.settings import EmailSettings
from handlers.references import ALPHABET, PREFIX

# each SMTP step; within the outbox's 10 s for the whole send
SMTP_TIMEOUT = 8.0
_REFERENCE = re.compile(rf"{PREFIX}-[{ALPHABET}]{{4}}-[{ALPHABET}]{{4}}")
# what a contact parsed as an e-mail address looks like; anything else is not sent to
_ADDRESS = re.compile(r"[^@\s<>,;\"]+@[^@\s<>,;\"]+")

# The words of an e-mail around the notification itself. The subject holds only these and
# the reference: nothing a customer or staff member wrote.
SUBJECTS = {
    "en": {
        "customer.acknowledged": "Your complaint is being looked into",
        "customer.responded": "Our answer to your complaint",
        "customer.update": "An update on your complaint",
        "customer.question": "A question about your complaint",
        "customer.holding": "Your complaint is taking longer than we said",
        "customer.closed": "Your complaint is closed",
    },
    "ko": {
        "customer.acknowledged": "접수하신 불편 사항을 확인하고 있습니다",
        "customer.responded": "접수하신 불편 사항에 대한 답변입니다",
        "customer.update": "접수하신 불편 사항 진행 안내",
        "customer.question": "접수하신 불편 사항 관련 문의",
        "customer.holding": "접수하신 불편 사항 답변 지연 안내",
        "customer.closed": "접수하신 불편 사항 처리 완료 안내",
    },
}
WORDS = {
    "en": {
        "greeting": "Hello,",
        "closing": "Kind regards,\n{organisation}",
        "footer": (
            "This e-mail was sent automatically: replies to it are not read. To answer or add "
            "anything, write to us in the chat where you filed your complaint, quoting your "
            "reference {reference}; the status page{where} shows where it stands."
        ),
    },
    "ko": {
        "greeting": "안녕하세요, 고객님. {organisation}입니다.",
        "closing": "감사합니다.\n{organisation} 드림",
        "footer": (
            "이 메일은 발신 전용이라 답장하셔도 확인할 수 없습니다. 답변이나 추가로 하실 말씀은 "
            "접수하신 상담 채팅에 접수번호({reference})와 함께 남겨 주세요. 처리 상황은 처리 상황 "
            "페이지{where}에서 확인하실 수 있습니다."
        ),
    },
}
_ORGANISATION = {"en": "Customer care", "ko": "고객센터"}
# The answer and the reminder to decide: the status page has the same two buttons as the
# chat. Its link names the reference only: the customer still types the contact they gave,
# so the link opens nothing by itself (the e-mail may be forwarded, or read by others).
DECISION_KINDS = ("customer.responded", "customer.decision_reminder")
DECIDE = {
    "en": {
        "link": (
            "You can also tell us on our status page, where the same two buttons are: {link} "
            "(enter the phone number or e-mail address you gave with your complaint)."
        ),
        "page": (
            "You can also tell us on our status page, where the same two buttons are: enter "
            "your reference {reference} and the phone number or e-mail address you gave with "
            "your complaint."
        ),
    },
    "ko": {
        "link": (
            "처리 상황 페이지에서도 같은 버튼으로 해결 여부를 알려 주실 수 있습니다: {link} "
            "(접수 때 남기신 휴대폰 번호나 이메일을 입력해 주세요)."
        ),
        "page": (
            "처리 상황 페이지에서도 같은 버튼으로 해결 여부를 알려 주실 수 있습니다. 접수번호"
            "({reference})와 접수 때 남기신 휴대폰 번호나 이메일을 입력해 주세요."
        ),
    },
}


def status_link(status_url: str, reference: str, language: str) -> str:
    """The status page's address with the reference (and the language) filled in; nothing
    that grants access: no contact, no token."""
    parts = urlsplit(status_url)
    query = [*parse_qsl(parts.query), ("reference", reference), ("lang", language)]
    return urlunsplit(parts._replace(query=urlencode(query)))


Render = Callable[..., str]  # `Dialogue.render(response, language, **values)`
# Each notification's e-mail wording (`utter_email_*`): as in the chat, but replies to an
# e-mail are not read, so it says to answer in the chat.
EMAIL_NOTIFICATIONS = {
    "customer.acknowledged": "utter_email_acknowledged",
    "customer.responded": "utter_email_responded",
    "customer.closed": "utter_email_closed",
    "customer.holding": "utter_email_holding",
    "customer.update": "utter_email_update",
    "customer.question": "utter_email_question",
    # closing the loop: written as an update is, their words in `message`, until the
    # dialogue has responses of their own (`casework.NOTIFICATIONS`)
    "customer.decision_reminder": "utter_email_update",
    "customer.survey": "utter_email_update",
    "customer.survey_reminder": "utter_email_update",
}


class EmailNotSent(Exception):
    """The e-mail did not go this time (the server busy, down or slow): the outbox tries
    again with backoff."""


class EmailSender:
    """Outbox notifications by e-mail, one SMTP connection each (`SMTP_URL`)."""

    channel = "email"
    per_chat_interval = 1.0

    def __init__(
        self,
        render: Render,
        settings: EmailSettings,
        organisation: Mapping[str, str] | None = None,
        *,
        timeout: float = SMTP_TIMEOUT,
    ) -> None:
        self.render = render
        self.settings = settings
        self.organisation = dict(organisation or {})
        self.timeout = timeout

    def compose(self, recipient: str, kind: str, payload: Mapping[str, Any]) -> EmailMessage:
        """The e-mail of one notification to one address."""
        language = "ko" if payload.get("language") == "ko" else "en"
        values = {k: v for k, v in payload.items() if k != "language"}
        text = self.render(EMAIL_NOTIFICATIONS[kind], language, **values)
        reference = str(payload.get("reference") or "")
        if not _REFERENCE.fullmatch(reference):
            reference = ""
        words = WORDS[language]
        organisation = self.organisation.get(language) or _ORGANISATION[language]
        greeting = words["greeting"].format(organisation=organisation)
        closing = words["closing"].format(organisation=organisation)
        url = self.settings.status_url
        where = (f"({url})" if language == "ko" else f" ({url})") if url else ""
        footer = words["footer"].format(where=where, reference=reference)
        link = None
        if kind in DECISION_KINDS and reference:
            if url:
                link = status_link(url, reference, language)
                text += "\n\n" + DECIDE[language]["link"].format(link=link)
            else:
                text += "\n\n" + DECIDE[language]["page"].format(reference=reference)

        message = EmailMessage()
        subject = SUBJECTS[language].get(kind) or SUBJECTS[language]["customer.update"]
        message["Subject"] = f"[{reference}] {subject}" if reference else subject
        message["From"] = self.settings.sender
        message["To"] = recipient
        domain = message["From"].addresses[0].domain
        message["Date"] = format_datetime(datetime.now(timezone.utc))
        message["Message-ID"] = make_msgid(domain=domain)
        if reference:  # mail programs show one complaint's e-mails as one conversation
            message["References"] = f"<{reference.lower()}@{domain}>"
        message["Auto-Submitted"] = "auto-generated"  # no out-of-office answers (RFC 3834)
        message.set_content(f"{greeting}\n\n{text}\n\n{closing}\n\n-- \n{footer}\n")
        message.add_alternative(
            _html(language, greeting, text, closing, footer, url, link), subtype="html"
        )
        message["Content-Language"] = language  # after the content, which clears Content-*
        return message

    async def deliver(self, recipient: str, kind: str, payload: Mapping[str, Any]) -> None:
        """Send one notification; a temporary failure raises for a retry, a permanent
        refusal of the address `Unreachable`."""
        if kind not in EMAIL_NOTIFICATIONS:
            raise Unreachable(f"no e-mail for {kind}")
        if not _ADDRESS.fullmatch(recipient):
            raise Unreachable("not an e-mail address")
        message = self.compose(recipient, kind, payload)
        settings = self.settings
        try:
            await aiosmtplib.send(
                message,
                sender=message["From"].addresses[0].addr_spec,
                recipients=[recipient],
                hostname=settings.host,
                port=settings.port,
                username=settings.username,
                password=settings.password,
                use_tls=settings.tls,
                start_tls=settings.starttls,
                timeout=self.timeout,
            )
        except aiosmtplib.SMTPRecipientsRefused as exc:
            raise _refused(exc.recipients, recipient) from exc
        except aiosmtplib.SMTPRecipientRefused as exc:
            raise _refused([exc], recipient) from exc
        except aiosmtplib.SMTPResponseException as exc:
            # the server refused us or the message, not the address: worth another try
            # (a password or sender fixed meanwhile), and failed after the last
            raise EmailNotSent(f"SMTP {exc.code} {_said(exc.message, recipient)}") from exc
        except (aiosmtplib.SMTPException, OSError, asyncio.TimeoutError) as exc:
            raise EmailNotSent(f"SMTP server not reached: {type(exc).__name__}") from exc


def _refused(refusals: list[aiosmtplib.SMTPRecipientRefused], recipient: str) -> Exception:
    """5xx to RCPT TO: the address is refused for good; 4xx: try again later."""
    refusal = refusals[0]
    detail = f"SMTP {refusal.code} {_said(refusal.message, recipient)}"
    if refusal.code >= 500:
        return Unreachable(f"address refused: {detail}")
    return EmailNotSent(f"address refused for now: {detail}")


def _said(text: str, recipient: str) -> str:
    """What the server said, for the complaint's history: short, the address left out."""
    said = re.sub(re.escape(recipient), "<address>", str(text), flags=re.IGNORECASE)
    return " ".join(said.split())[:200]


def _html(
    language: str,
    greeting: str,
    text: str,
    closing: str,
    footer: str,
    url: str | None,
    link: str | None = None,
) -> str:
    """The same e-mail as simple HTML, every text escaped."""

    def paragraph(part: str) -> str:
        return "<p>" + "<br>\n".join(html.escape(line) for line in part.split("\n")) + "</p>"

    def linked(part: str, address: str | None) -> str:
        if not address:
            return part
        escaped = html.escape(address)
        return part.replace(escaped, f'<a href="{escaped}">{escaped}</a>', 1)

    small = linked(paragraph(footer), url)  # the status page's address, a link
    # the link to decide there (after what staff wrote, which cannot hold it: their text
    # is escaped, and the link is only looked for in the last paragraph)
    body = paragraph(text)
    if link:
        head, sep, last = body.rpartition("<br>\n<br>\n")
        body = head + sep + linked(last, link) if sep else linked(body, link)
    return (
        f'<!DOCTYPE html>\n<html lang="{language}">\n<head><meta charset="utf-8"></head>\n'
        '<body style="font-family: sans-serif; line-height: 1.5">\n'
        f"{paragraph(greeting)}\n{body}\n{paragraph(closing)}\n"
        f'<hr>\n<div style="color: #555; font-size: smaller">{small}</div>\n'
        "</body>\n</html>\n"
    )
