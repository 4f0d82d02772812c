"""The status page's view of one complaint after its reference and contact matched: the
thread in order (the customer's messages, staff's updates, questions and answer, the desk's
notices) and what happens next in plain words: who has it, by when, and how the customer
will hear. Every text from the customer or staff is HTML-escaped where it is inserted.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy.orm import sessionmaker

from bot.channels.web.words import WORDS
from handlers import casework, closing, inquiries
from handlers.fields import Contact
from handlers.formatting import format_date
from handlers.identity import Identity
from handlers.policy import Policy
from handlers.references import ParsedReference
from handlers.thread import Entry, awaiting_customer, conversation
from storage import repositories as repo
from storage.db import transaction

# How the customer hears from the desk, by the channel they complained on.
_HOW = {"web": "how_web", "telegram": "how_telegram", "slack": "how_slack"}
# A deadline this close is given with its time of day, not only its date.
SOON = timedelta(days=2)
# The most recent entries shown; the whole thread stays on the complaint for staff.
THREAD_LIMIT = 100


@dataclass(frozen=True)
class Case:
    """What the status page shows of a complaint beyond its summary."""

    status: str
    team: str
    respond_due_at: datetime
    awaiting_customer: bool
    channel: str
    contact_kind: str
    emailed: bool
    entries: tuple[Entry, ...]
    #: the satisfaction question was asked (on closing) and not answered yet
    survey_open: bool = False
    #: a score was given and no comment yet
    comment_open: bool = False

    @property
    def answer(self) -> str:
        """Staff's latest answer, for the question whether it resolves the complaint."""
        answers = [e.text for e in self.entries if e.who == "staff" and e.kind == "answer"]
        return answers[-1] if answers else ""


def look_up(
    factory: sessionmaker,
    policy: Policy,
    *,
    parsed: ParsedReference | None,
    contact: Contact | None,
) -> tuple[inquiries.Lookup, Case | None]:
    """Status by reference and contact (`inquiries.lookup_by_contact`, whose answer for a
    wrong pair is that of an unknown reference), and the thread only when they matched."""
    answer = inquiries.lookup_by_contact(factory, parsed=parsed, contact=contact)
    if answer.outcome != "found" or answer.summary is None:
        return answer, None
    with transaction(factory) as session:
        complaint = repo.get_by_reference(session, reference=answer.summary.reference)
        if complaint is None:
            return answer, None
        return (
            answer,
            Case(
                status=complaint.status,
                team=policy.team_for(complaint.category),
                respond_due_at=complaint.answer_due_at,  # what the customer was last told
                awaiting_customer=awaiting_customer(complaint),
                channel=complaint.channel,
                contact_kind=complaint.contact_kind,
                emailed=casework.emailed(policy, complaint),
                entries=tuple(conversation(session, complaint)[-THREAD_LIMIT:]),
                survey_open=(
                    complaint.status == "closed"
                    and complaint.survey_asked_at is not None
                    and complaint.satisfaction_score is None
                ),
                comment_open=(
                    complaint.status == "closed"
                    and complaint.satisfaction_score is not None
                    and complaint.satisfaction_comment is None
                ),
            ),
        )


# What the customer can do on the page once the pair matched: accept or decline the answer
# (the decline with what is still wrong), then the 1-5 satisfaction score and a comment.
STEPS = ("accept", "decline", "score", "comment")


def act(
    factory: sessionmaker,
    policy: Policy,
    *,
    parsed: ParsedReference | None,
    contact: Contact | None,
    step: str,
    now: datetime,
    reason: str = "",
    score: int | None = None,
    comment: str = "",
) -> tuple[inquiries.Lookup, Case | None, str | None]:
    """A step of closing the loop taken on the status page, authorised exactly as the
    look-up is: the reference together with the contact given at filing, the same answer
    as an unknown reference otherwise, and nothing recorded.

    The use cases (`handlers.closing`) let only the identity that filed a complaint act on
    it. The page has no identity of its own: the pair proves what `shared/DESIGN.md` ("Who
    may see what") accepts as the filer, so the step is taken as the complaint's own
    identity (its channel and user id, read from the complaint the pair matched). That is
    safe because the identity is built only after the pair matched, only for that one
    complaint (each use case acts on the reference it is given), and never leaves the
    server. Returns the look-up, the case as it is after the step, and the step when it was
    recorded (None: wrong pair, or the complaint has moved on)."""
    answer = inquiries.lookup_by_contact(factory, parsed=parsed, contact=contact)
    if answer.outcome != "found" or answer.summary is None or step not in STEPS:
        return answer, None, None
    reference = answer.summary.reference
    with transaction(factory) as session:
        complaint = repo.get_by_reference(session, reference=reference)
        if complaint is None:
            return answer, None, None
        identity = Identity(complaint.channel, complaint.user_id)
    common = {
        "factory": factory,
        "policy": policy,
        "reference": reference,
        "identity": identity,
        "now": now,
    }
    if step == "accept":
        outcome = closing.accept(**common)
    elif step == "decline":
        outcome = closing.decline(**common, reason=reason)
    elif step == "score" and score is not None:
        outcome = closing.record_satisfaction(**common, score=score, comment=comment or None)
    elif step == "comment" and comment.strip():
        outcome = closing.record_satisfaction(**common, comment=comment)
    else:
        outcome = None
    done = step if outcome is not None and outcome.result == "done" else None
    answer, found = look_up(factory, policy, parsed=parsed, contact=contact)
    return answer, found, done


def moment(at: datetime, language: str, timezone: str) -> str:
    """A date and time of day in the organisation's time zone: `Wed 2 Dec 2026, 3:05 pm
    KST` or `2026년 12월 2일(수) 오후 3:05`."""
    local = at.astimezone(ZoneInfo(timezone))
    hour = local.hour % 12 or 12
    if language == "ko":
        half = "오전" if local.hour < 12 else "오후"
        return f"{format_date(at, language, timezone)} {half} {hour}:{local.minute:02d}"
    half = "am" if local.hour < 12 else "pm"
    zone = local.tzname() or ""
    return (
        f"{format_date(at, language, timezone)}, {hour}:{local.minute:02d} {half} {zone}".rstrip()
    )


def _sentence(text: str) -> str:
    """A team name at the start of a sentence ("our product quality team" → "Our …")."""
    return text[:1].upper() + text[1:]


def next_steps(case: Case, policy: Policy, language: str, now: datetime) -> list[str]:
    """What happens next, in plain sentences: who has it and by when (or that they wait for
    the customer's answer), and how the customer will hear."""
    words = WORDS[language]
    team = policy.team_name(case.team, language)
    values = {"team": _sentence(team)}
    if case.status == "withdrawn":
        return [words["next_withdrawn"]]
    if case.status == "closed":
        return [words["next_closed"]]
    if case.status == "responded":
        first = words["next_responded"].format_map(values)
    elif case.awaiting_customer:
        first = words["next_waiting"].format_map(values)
    else:
        due = case.respond_due_at
        if due - now < SOON:
            values["date"] = moment(due, language, policy.timezone)
        else:
            values["date"] = format_date(due, language, policy.timezone)
        first = words["next_late" if due < now else "next_open"].format_map(values)
    lines = [first, words[_HOW.get(case.channel, "how_app")]]
    if case.emailed:
        lines.append(words["how_email"])
    elif case.contact_kind == "phone" and case.channel in casework.EMAIL_CHANNELS:
        # a customer the desk cannot push to and cannot e-mail: staff phone them
        lines.append(words["how_phone"])
    return lines


def _who(entry: Entry, policy: Policy, case: Case, language: str) -> str:
    words = WORDS[language]
    if entry.who == "customer":
        return words["you"]
    if entry.who == "staff":
        return _sentence(policy.team_name(case.team, language))
    return words["desk"]


def _text(entry: Entry, language: str) -> str:
    if entry.who == "desk":
        return WORDS[language].get(f"notice_{entry.kind}", "")
    if entry.who == "customer" and not entry.text:  # a decision without words
        return WORDS[language].get(f"said_{entry.kind}", "")
    return entry.text


def render(case: Case, policy: Policy, language: str, now: datetime) -> str:
    """The case's "what happens next" and its conversation, as HTML."""
    words = WORDS[language]
    steps = "".join(
        f"<p>{html.escape(line)}</p>" for line in next_steps(case, policy, language, now)
    )
    parts = [
        f'<section class="next" id="next"><h3>{html.escape(words["next_heading"])}</h3>'
        f"{steps}</section>"
    ]
    items = []
    for entry in case.entries:
        text = _text(entry, language)
        if not text:
            continue
        tag = words.get(f"kind_{entry.kind}")
        label = html.escape(_who(entry, policy, case, language))
        if tag:
            label += f' · <span class="kind">{html.escape(tag)}</span>'
        when = html.escape(moment(entry.at, language, policy.timezone))
        items.append(
            f'<li class="entry {html.escape(entry.who)}"><p class="meta">'
            f'<span class="who">{label}</span> '
            f'<time datetime="{html.escape(entry.at.isoformat())}">{when}</time></p>'
            f'<p class="text">{html.escape(text)}</p></li>'
        )
    if items:
        parts.append(
            f'<section class="thread" id="thread"><h3>{html.escape(words["thread_heading"])}</h3>'
            f'<ol class="entries">{"".join(items)}</ol></section>'
        )
    return "".join(parts)
