"""`complaintbot complaints …`: the back office for staff without Slack (list, show with the
conversation with the customer, and the same actions as Slack's buttons and modals).

It touches the database only (no Rasa, no model), and shows times in the organisation's
time zone, labelled.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from bot.cli.common import fail, say
from bot.settings import Settings
from storage.vocabulary import ENDED_STATUSES, STATUSES


def register(commands: Any) -> None:
    """Add the command group."""
    complaints = commands.add_parser("complaints", help="back-office view of complaints")
    actions = complaints.add_subparsers(dest="action", required=True, metavar="ACTION")
    listing = actions.add_parser("list", help="list complaints, newest first")
    listing.add_argument(
        "--status",
        choices=["open", *STATUSES],
        help="one status, or `open` for all not yet closed or withdrawn",
    )
    listing.add_argument(
        "--limit", type=int, default=50, help="at most this many a page (default 50)"
    )
    listing.add_argument("--page", type=int, default=1, help="which page of --limit (default 1)")
    listing.add_argument(
        "--mine-as",
        metavar="HANDLE",
        help="only those assigned or escalated to this staff member",
    )
    listing.add_argument(
        "--category",
        metavar="WORDS",
        help="only this category, by its name, label or team's name in English or Korean "
        "(e.g. billing, 결제)",
    )
    listing.add_argument(
        "--search",
        metavar="WORDS",
        help="only those whose reference, product, customer name or contact has every word",
    )
    listing.add_argument(
        "--by",
        metavar="HANDLE",
        help="who searches (with --search: staff only, and logged by handle)",
    )
    listing.add_argument(
        "--overdue",
        action="store_true",
        help="only those past their acknowledgement or answer target (the original target, "
        "not a later date promised to the customer)",
    )
    show = actions.add_parser("show", help="one complaint in full")
    show.add_argument("reference", help="its reference, e.g. CMP-7K3F-9QX2")
    show.add_argument("--history", action="store_true", help="also print the audit trail")
    show.add_argument(
        "--json",
        action="store_true",
        help="print the case as one JSON object (UTC times in ISO 8601), for scripts",
    )
    away = actions.add_parser(
        "away",
        help="mark a staff member away (leave, a day off): new complaints pass them by",
        description="Mark a staff member away until a moment: round-robin assignment passes "
        "them by until then (their complaints stay theirs: reassign those that cannot wait).",
    )
    away.add_argument("handle", help="their staff handle")
    until = away.add_mutually_exclusive_group(required=True)
    until.add_argument(
        "--until",
        metavar="TIMESTAMP",
        help="back at this moment (ISO 8601, e.g. 2026-12-10 or 2026-12-10T09:00; local time)",
    )
    until.add_argument("--back", action="store_true", help="back now: new work reaches them again")
    work = {
        "ack": "acknowledge a complaint (the customer is told)",
        "investigate": "mark a complaint as under investigation (acknowledging it if need be)",
        "respond": "send the organisation's answer to the customer and mark it responded",
        "message": "send the customer an update on progress, as often as needed (the status "
        "stays as it is; an unacknowledged complaint is acknowledged by it)",
        "ask": "ask the customer a question: the case waits for their answer, and overdue "
        "reminders pause until it comes (the time waited is added to the answer's due date)",
        "close": "close a complaint without the customer's acceptance, with a reason (they "
        "cannot be reached, a duplicate): the customer is told and asked how satisfied they "
        "are. An answered complaint is closed by the customer's acceptance, or by the sweep "
        "after `closing.close_after` without a reply",
        "assign": "give a complaint to another staff member (they get it in Slack)",
        "note": "add an internal note (findings, the root cause): staff only, the customer "
        "never sees it",
        "escalate": "raise a complaint one level above you: an agent's to the team's supervisor, "
        "a supervisor's to a manager (the top: a manager cannot escalate); a complaint already "
        "at that level is left as it is",
    }
    for action, text in work.items():
        parser = actions.add_parser(
            action,
            help=text,
            description=text[:1].upper() + text[1:] + ".",
            aliases=["resolve"] if action == "close" else [],
        )
        parser.add_argument("reference", help="its reference, e.g. CMP-7K3F-9QX2")
        parser.add_argument(
            "--by", required=True, metavar="HANDLE", help="who does it: your staff handle"
        )
        if action in TEXTS:
            parser.add_argument(
                "--text",
                required=True,
                help=f"{TEXTS[action]}, as the customer will read it (`-`: read it from stdin)",
            )
        if action == "assign":
            parser.add_argument("--to", required=True, metavar="HANDLE", help="the new assignee")
        if action == "note":
            parser.add_argument(
                "--text", required=True, help="the note, for staff only (`-`: read it from stdin)"
            )
            parser.add_argument(
                "--root-cause",
                metavar="KEY",
                help="the root cause found, one of `root_causes` in config.yml",
            )
        if action == "escalate":
            parser.add_argument("--reason", default="", help="why (kept in the audit trail)")
        if action == "close":
            parser.add_argument(
                "--reason",
                required=True,
                help="why it is closed without the customer's acceptance (kept in the audit "
                "trail and shown on the card)",
            )
    erase = actions.add_parser(
        "erase",
        help="forget a customer at their request: closed complaints anonymised now, open "
        "ones when they end, their conversation and files deleted",
    )
    erase.add_argument(
        "--customer", required=True, metavar="CHANNEL:ID", help="e.g. telegram:12345, rest:alice"
    )
    erase.add_argument(
        "--by", required=True, metavar="HANDLE", help="who does it: your staff handle"
    )
    complaints.set_defaults(func=cmd_complaints)


def _away(settings: Settings, factory: Any, args: argparse.Namespace, zone: ZoneInfo) -> int:
    """Mark a member away until a moment, or back."""
    from storage import repositories as repo
    from storage.db import transaction

    if settings.policy.staff(args.handle) is None:
        handles = ", ".join(m.handle for m in settings.policy.roster)
        return fail(f"{args.handle!r} is not on the staff roster in config.yml ({handles})")
    until = None
    if not args.back:
        try:
            given = datetime.fromisoformat(args.until)
        except ValueError:
            return fail(f"--until {args.until!r} is not a timestamp (e.g. 2026-12-10T09:00)")
        until = given if given.tzinfo else given.replace(tzinfo=zone)
    with transaction(factory) as session:
        repo.set_away(session, handle=args.handle, until=until)
    if until is None:
        print(f"{args.handle}: back, new complaints reach them again")
    else:
        print(f"{args.handle}: away until {_local(until, zone)}, new complaints pass them by")
    return 0


# What the `--text` of each command is.
TEXTS = {"respond": "the answer", "message": "the update", "ask": "the question"}


def _local(moment: datetime | None, zone: ZoneInfo) -> str:
    if moment is None:
        return "-"
    return f"{moment.astimezone(zone):%Y-%m-%d %H:%M %Z}"


def cmd_complaints(settings: Settings, args: argparse.Namespace) -> int:
    """List complaints, show one (its conversation, or as JSON), or act on one."""
    from bot.wiring import prepare_database
    from handlers.references import parse_reference
    from storage import repositories as repo
    from storage.db import transaction

    if args.action == "erase":
        from bot.cli.retention import erase

        return erase(settings, customer=args.customer, by=args.by)
    zone = ZoneInfo(settings.policy.timezone)
    database = prepare_database(settings, say)
    if args.action == "away":
        return _away(settings, database.factory, args, zone)
    with transaction(database.factory) as session:
        if args.action == "list":
            if args.search and not settings.policy.staff(args.by or ""):
                handles = ", ".join(m.handle for m in settings.policy.roster)
                return fail(f"--search needs --by HANDLE, a member of staff ({handles})")
            rows = _listed(settings, session, args)
            if rows is None:
                return fail(f"--category {args.category!r} names no category")
            if not rows:
                print("no complaints" + (f" with status {args.status}" if args.status else ""))
                return 0
            print(f"times in {settings.policy.timezone}")
            for c in rows:
                assignee = c.assignee.handle if c.assignee else "-"
                print(
                    f"{c.reference}  {c.status:<13} {c.priority:<7} {c.category:<10} "
                    f"{assignee:<14} {_local(c.created_at, zone)}  {c.product[:40]}"
                )
            return 0
        parsed = parse_reference(args.reference)
        if parsed.outcome == "malformed":
            return fail(f"{args.reference!r} is not a reference (expected like CMP-7K3F-9QX2)")
        if parsed.outcome == "mistyped":
            return fail(f"{parsed.reference} looks mistyped: its check symbol does not match")
        if args.action in CASEWORK:
            session.rollback()
            return _casework(settings, database.factory, args, parsed.reference or "")
        complaint = repo.get_by_reference(session, reference=parsed.reference or "")
        if complaint is None:
            say(f"✗ no complaint {parsed.reference}")
            return 1
        if args.json:
            print(json.dumps(_as_json(session, complaint), ensure_ascii=False, indent=2))
            return 0
        _show(session, complaint, settings, history=args.history)
    return 0


def _listed(settings: Settings, session: Any, args: argparse.Namespace) -> Any:
    """The complaints `list` asks for (None: its --category names none)."""
    import logging

    from storage import repositories as repo
    from storage.types import utcnow

    categories = None
    if args.category:
        categories = settings.policy.categories_named(args.category)
        if not categories:
            return None
    words = tuple((args.search or "").split())
    if words:  # who searched, and how much: never the words (a customer's personal data)
        logging.getLogger(__name__).info(
            "cli.complaints.search", extra={"by": args.by, "words": len(words)}
        )
    return repo.list_complaints(
        session,
        status=args.status,
        limit=args.limit,
        offset=(max(args.page, 1) - 1) * args.limit,
        mine=args.mine_as,
        categories=categories,
        search=words,
        overdue_at=utcnow() if args.overdue else None,
    )


def _show(session: Any, complaint: Any, settings: Settings, *, history: bool) -> None:
    """The complaint's fields, its conversation with the customer, and (`history`) its
    audit trail."""
    from handlers import casework, thread
    from storage import repositories as repo

    zone, zone_name = ZoneInfo(settings.policy.timezone), settings.policy.timezone

    incident = complaint.incident_date_text + (
        f" ({complaint.incident_on})" if complaint.incident_on else ""
    )
    fields = [
        ("reference", complaint.reference),
        ("status", complaint.status),
        ("priority", complaint.priority),
        ("category", complaint.category),
        ("assignee", complaint.assignee.handle if complaint.assignee else "-"),
        ("filed by", f"{complaint.channel}:{complaint.user_id} ({complaint.language})"),
        ("received", _local(complaint.created_at, zone)),
        ("ack due", _local(complaint.ack_due_at, zone)),
        ("respond due", _local(complaint.respond_due_at, zone)),
        ("product", complaint.product),
        ("description", complaint.description),
        ("desired outcome", complaint.desired_outcome),
        ("incident date", incident),
        ("name", complaint.customer_name),
        ("contact", complaint.contact),
    ]
    fields += _closing_fields(session, complaint, zone)
    for label, value in fields:
        print(f"{label:>16}: {value}")
    if thread.asked_for_person(complaint):
        print(f"\n! customer asked for a call ({_local(complaint.human_requested_at, zone)})")
    if thread.awaiting_customer(complaint):
        since = _local(complaint.awaiting_customer_since, zone)
        print(f"\n… waiting for the customer's answer since {since}")
    entries = thread.conversation(session, complaint)
    print(f"\nconversation (times in {zone_name}):")
    if not entries:
        print("  nothing yet")
    for entry in entries:
        lead = f"  {_local(entry.at, zone)}  {_speaker(entry):<24} "
        # a message of several lines stays readable: its further lines under its first
        print(lead + _said(entry).replace("\n", "\n" + " " * len(lead)))
    last = thread.delivery(session, complaint)
    print(f"\n{_delivered(last, zone)}")
    unreachable = complaint.channel not in casework.PUSH_CHANNELS and not casework.emailed(
        settings.policy, complaint
    )
    waiting = last is not None and not last.reached and complaint.status not in ENDED_STATUSES
    if waiting and unreachable and complaint.contact_kind == "phone":
        # the desk cannot reach them first: staff can
        print(f"reachable by phone only: call {complaint.contact}")
    noted = [e for e in repo.events_for(session, complaint=complaint) if e.kind == "note"]
    if noted:
        print(f"\ninternal notes, staff only (times in {zone_name}):")
    for event in noted:
        cause = event.data.get("root_cause")
        said = f"[{cause}] " if cause else ""
        print(f"  {_local(event.at, zone)}  {_by_whom(event.actor):<24} {said}{event.data['text']}")
    if history:
        print(f"\nhistory (times in {zone_name}):")
        for event in repo.events_for(session, complaint=complaint):
            data = json.dumps(event.data, ensure_ascii=False) if event.data else ""
            print(f"  {_local(event.at, zone)}  {event.kind:<20} {event.actor:<30} {data}")


# The events that end a complaint, and who ends it so.
CLOSINGS = ("accepted", "closed", "closed_silence")


def _last_closing(session: Any, complaint: Any) -> Any:
    """The event that closed the complaint (accepted, closed by staff, closed after
    silence), or None while it is not closed."""
    from storage import repositories as repo

    if complaint.status != "closed":
        return None
    events = [e for e in repo.events_for(session, complaint=complaint) if e.kind in CLOSINGS]
    return events[-1] if events else None


def _closing_fields(session: Any, complaint: Any, zone: ZoneInfo) -> list[tuple[str, str]]:
    """Closing the loop, as staff read it: how it was closed, satisfaction, reopenings,
    declines, and the complaints it is linked with."""
    from storage import repositories as repo

    fields = []
    closed = _last_closing(session, complaint)
    if closed is not None:
        how = {
            "accepted": "the customer accepted the answer",
            "closed_silence": "no reply to the answer: closed by the sweep",
        }.get(closed.kind) or f"by {_by_whom(closed.actor)}: {closed.data.get('reason', '-')}"
        fields.append(("closed", f"{_local(complaint.closed_at, zone)} ({how})"))
    if complaint.satisfaction_score is not None:
        comment = complaint.satisfaction_comment
        said = f" · {comment}" if comment else ""
        fields.append(("satisfaction", f"{complaint.satisfaction_score}/5{said}"))
    elif complaint.survey_asked_at is not None:
        fields.append(
            ("satisfaction", f"asked {_local(complaint.survey_asked_at, zone)}, no answer")
        )
    if complaint.declined_count:
        fields.append(("declined", f"{complaint.declined_count}× by the customer"))
    if complaint.reopened_count:
        fields.append(("reopened", f"{complaint.reopened_count}× by the customer"))
    if complaint.linked_reference:
        fields.append(("follows on from", complaint.linked_reference))
    later = repo.linked_to(session, reference=complaint.reference)
    if later:
        fields.append(("followed by", ", ".join(later)))
    return fields


def _speaker(entry: Any) -> str:
    if entry.who == "staff":
        return f"staff ({entry.by})" if entry.by else "staff"
    return entry.who


# What each of the desk's notices told the customer (its text is the customer's language's).
NOTICES = {
    "acknowledged": "[notice] acknowledged, with the date of the answer",
    "holding": "[notice] the answer is late, with a new date",
    "closed": "[notice] the complaint is closed",
    "decision_reminder": "[notice] reminded to accept or decline the answer",
    "survey": "[notice] asked how satisfied they are (1-5)",
    "survey_reminder": "[notice] reminded of the satisfaction question",
}
# What the customer's and staff's closing-the-loop entries are (handlers/thread.py).
DECISIONS = {
    "accepted": "[accepted the answer]",
    "declined": "[declined the answer]",
    "decline_reason": "[what is still wrong]",
    "reopened": "[reopened it]",
    "satisfaction": "[satisfaction score]",
    "satisfaction_comment": "[satisfaction comment]",
    "closed": "[closed]",
}


def _said(entry: Any) -> str:
    """What an entry says: a staff message labelled with its kind, a notice described."""
    if entry.who == "desk":
        return NOTICES.get(entry.kind, f"[notice] {entry.kind}")
    if entry.kind in DECISIONS:
        return f"{DECISIONS[entry.kind]} {entry.text}".rstrip()
    return entry.text if entry.who == "customer" else f"[{entry.kind}] {entry.text}"


# How a way of reaching the customer went, for staff deciding whether to phone.
STATES = {"sent": "sent", "sending": "being sent", "failed": "failed"}


def _state(channel: str, state: str) -> str:
    """A way's state; a message kept for a customer the desk cannot push to waits for their
    next visit, on the others it is not sent yet."""
    from handlers import casework

    if state != "waiting":
        return STATES[state]
    if channel in (*casework.PUSH_CHANNELS, "email"):
        return "not sent yet"
    return "waiting for their next visit"


def _delivered(last: Any, zone: ZoneInfo) -> str:
    if last is None:
        return "nothing has been sent to the customer yet"
    ways = ", ".join(f"{channel} {_state(channel, state)}" for channel, state in last.ways)
    if last.reached:
        verdict = "the customer received the last message"
    elif last.failed:
        verdict = "the last message did NOT reach the customer"
    else:
        verdict = "the customer has not received the last message yet"
    kind = last.kind.removeprefix("customer.")
    return f"{verdict} ({kind}, {_local(last.at, zone)}: {ways})"


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment is not None else None


def _as_json(session: Any, complaint: Any) -> dict[str, Any]:
    """The case for scripts: stable keys, UTC times in ISO 8601, null when not (yet) known."""
    from handlers import thread
    from storage import repositories as repo

    last = thread.delivery(session, complaint)
    closing = _last_closing(session, complaint)
    return {
        "reference": complaint.reference,
        "status": complaint.status,
        "priority": complaint.priority,
        "category": complaint.category,
        "assignee": complaint.assignee.handle if complaint.assignee else None,
        "escalation_level": complaint.escalation_level,
        "language": complaint.language,
        "channel": complaint.channel,
        "filed_by": f"{complaint.channel}:{complaint.user_id}",
        "product": complaint.product,
        "description": complaint.description,
        "desired_outcome": complaint.desired_outcome,
        "incident_date": complaint.incident_date_text,
        "incident_on": complaint.incident_on.isoformat() if complaint.incident_on else None,
        "name": complaint.customer_name,
        "contact": complaint.contact,
        "received_at": _iso(complaint.created_at),
        "ack_due_at": _iso(complaint.ack_due_at),
        "respond_due_at": _iso(complaint.respond_due_at),
        "acknowledged_at": _iso(complaint.acknowledged_at),
        "responded_at": _iso(complaint.responded_at),
        "closed_at": _iso(complaint.closed_at),
        "customer_asked_for_call_at": _iso(
            complaint.human_requested_at if thread.asked_for_person(complaint) else None
        ),
        "awaiting_customer_since": _iso(
            complaint.awaiting_customer_since if thread.awaiting_customer(complaint) else None
        ),
        "satisfaction": None
        if complaint.satisfaction_score is None
        else {
            "score": complaint.satisfaction_score,
            "comment": complaint.satisfaction_comment,
            "at": _iso(complaint.satisfaction_at),
        },
        "survey_asked_at": _iso(complaint.survey_asked_at),
        "reopened": complaint.reopened_count or 0,
        "declined": complaint.declined_count or 0,
        "linked_reference": complaint.linked_reference,
        "linked_from": list(repo.linked_to(session, reference=complaint.reference)),
        "closed_by": None
        if closing is None
        else {
            "actor": closing.actor,
            "kind": closing.kind,
            "reason": (closing.data or {}).get("reason"),
        },
        "conversation": [
            {"at": _iso(e.at), "who": e.who, "kind": e.kind, "text": e.text, "by": e.by}
            for e in thread.conversation(session, complaint)
        ],
        "delivery": None
        if last is None
        else {
            "kind": last.kind,
            "at": _iso(last.at),
            "reached": last.reached,
            "ways": [{"channel": channel, "state": state} for channel, state in last.ways],
        },
        "events": [
            {"at": _iso(e.at), "actor": e.actor, "kind": e.kind, "data": e.data or {}}
            for e in repo.events_for(session, complaint=complaint)
        ],
    }


CASEWORK = (
    "ack",
    "investigate",
    "respond",
    "message",
    "ask",
    "close",
    "resolve",
    "assign",
    "escalate",
    "note",
)
DOING = {
    "ack": "acknowledged",
    "investigate": "put under investigation",
    "respond": "answered again (the customer accepts or declines the answer)",
    "close": "closed",
    "assign": "reassigned",
    "escalate": "escalated",
}


def _text(args: argparse.Namespace) -> str | None:
    """The `--text` given (`-`: read from stdin), stripped; None when there is none."""
    text = sys.stdin.read() if args.text == "-" else args.text
    return text.strip() or None


def _by_whom(actor: str | None) -> str:
    """An audit actor as a person reads it."""
    if not actor:
        return "nobody recorded"
    if actor == "customer" or actor.startswith("customer:"):  # bare: since anonymised
        return "the customer"
    if actor.startswith("system:"):
        return f"the {actor.removeprefix('system:')} sweep"
    return actor


def _casework(settings: Settings, factory: Any, args: argparse.Namespace, reference: str) -> int:
    """The staff actions: the change, its audit event and the notifications."""
    from handlers import casework, closing
    from storage.types import utcnow

    policy = settings.policy
    if args.action == "resolve":  # the old name of `close`
        args.action = "close"
    by = policy.staff(args.by)
    if by is None:
        handles = ", ".join(m.handle for m in policy.roster)
        return fail(f"--by {args.by!r} is not on the staff roster in config.yml ({handles})")
    text = None
    if args.action == "note":
        return _note(settings, factory, args, reference, by)
    if args.action in TEXTS:
        text = _text(args)
        if text is None:
            return fail(f"--text is empty: write {TEXTS[args.action]} the customer will read")
    now = utcnow()
    common: dict[str, Any] = {"reference": reference, "by": by, "now": now}
    if args.action == "ack":
        outcome = casework.acknowledge(factory, policy, **common)
    elif args.action == "investigate":
        outcome = casework.investigate(factory, policy, **common)
    elif args.action == "respond":
        outcome = casework.respond(factory, policy, response=text or "", **common)
    elif args.action in ("message", "ask"):
        ask = args.action == "ask"
        outcome = casework.message(factory, policy, text=text or "", ask=ask, **common)
    elif args.action == "close":
        reason = args.reason.strip()
        if not reason:
            return fail(
                "--reason is empty: say why it is closed without the customer's acceptance "
                "(e.g. 'customer unreachable', 'duplicate of CMP-…')"
            )
        outcome = closing.close_by_staff(factory, policy, reason=reason, **common)
    elif args.action == "assign":
        outcome = casework.assign(factory, policy, to=args.to, **common)
    else:
        outcome = casework.escalate(factory, policy, reason=args.reason.strip(), **common)
    if outcome.result == "not_found":
        say(f"✗ no complaint {reference}")
        return 1
    if outcome.result == "no_such_staff":
        handles = ", ".join(m.handle for m in policy.roster)
        return fail(f"--to {args.to!r} is not an active member of staff ({handles})")
    if outcome.result == "not_allowed":
        return fail(
            f"{reference} is assigned to {outcome.by or 'nobody'}: only they, a supervisor "
            f"or a manager can reassign it"
        )
    if outcome.result == "not_now" and args.action in ("message", "ask"):
        return fail(
            f"{reference} was {outcome.status} by {_by_whom(outcome.by)}: nothing more can "
            f"be sent to the customer on it"
        )
    if outcome.result == "not_now":
        last = _last_by(outcome)
        return fail(f"{reference} is {outcome.status}{last}: it cannot be {DOING[args.action]} now")
    if outcome.result == "at_top":
        return fail(
            f"{reference} cannot be escalated by {by.handle}: a manager is the top of the "
            "ladder, there is no one above"
        )
    if outcome.result == "no_one_above":
        return fail(
            f"{reference} cannot be escalated by {by.handle}: there is no supervisor or "
            "manager above them other than whoever handles it; reassign or answer it"
        )
    if outcome.result == "already_escalated":
        role = casework.ESCALATION_ROLES.get(outcome.level, "-")
        return fail(
            f"{reference} is already escalated to {role} level{_last_by(outcome)}: nothing changed"
        )
    if args.action == "escalate":
        role = casework.ESCALATION_ROLES[outcome.level]
        print(f"{reference}: escalated to {role} ({', '.join(outcome.to)})")
        return 0
    if args.action == "assign":
        print(f"{reference}: {outcome.status}")
        return 0
    told = _told(settings, factory, reference, outcome.notified)
    if args.action == "ask":
        told += "; the case waits for their answer, and reminders pause until it comes"
    sent = {"message": "update sent, ", "ask": "question sent, "}.get(args.action, "")
    print(f"{reference}: {sent}{outcome.status} ({told})")
    return 0


def _note(
    settings: Settings, factory: Any, args: argparse.Namespace, reference: str, by: Any
) -> int:
    """An internal note, for staff only."""
    from handlers import notes
    from storage.types import utcnow

    causes = settings.policy.root_causes
    if args.root_cause and args.root_cause not in causes:
        return fail(f"--root-cause {args.root_cause!r} is not one of {', '.join(causes) or '-'}")
    outcome = notes.add_note(
        factory,
        settings.policy,
        reference=reference,
        text=_text(args) or "",
        by=by,
        now=utcnow(),
        root_cause=args.root_cause,
    )
    if outcome.result == "not_found":
        say(f"✗ no complaint {reference}")
        return 1
    if outcome.result == "no_reason":
        return fail("--text is empty: write the note")
    cause = f", root cause {args.root_cause}" if args.root_cause else ""
    print(f"{reference}: note added{cause} (staff only: the customer never sees it)")
    return 0


def _last_by(outcome: Any) -> str:
    return f" (last change by {_by_whom(outcome.by)})" if outcome.by else ""


def _told(settings: Settings, factory: Any, reference: str, notified: bool) -> str:
    """How the customer gets what was just sent: pushed now, by e-mail, or at their next
    visit (REST, web, console: the desk cannot reach them first)."""
    from handlers import casework
    from storage import repositories as repo
    from storage.db import transaction

    with transaction(factory) as session:
        complaint = repo.get_by_reference(session, reference=reference)
        if complaint is None:  # cannot be: complaints are never deleted
            return "the customer will be told"
        pushed = complaint.channel in casework.PUSH_CHANNELS
        if not notified and (pushed or casework.emailed(settings.policy, complaint)):
            return "nothing is sent: the customer sees it when they ask about it"
        if casework.emailed(settings.policy, complaint):
            return (
                "queued for e-mail to the customer now (`complaints show` says when it is "
                "delivered); they also see it at their next message"
            )
        if pushed:
            return (
                f"queued for the customer on {complaint.channel} now (`complaints show` says "
                "when it is delivered)"
            )
        if complaint.contact_kind == "phone":
            return "the customer sees it at their next message; phone them if it cannot wait"
        return "the customer sees it at their next message"
