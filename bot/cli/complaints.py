"""`complaintbot complaints …`: the back office for staff without Slack (list, show, and the
same actions as Slack's buttons).

It touches the database only (no Rasa, no model), and shows times in the organisation's
time zone, labelled.
"""

from __future__ import annotations

import argparse
import json
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from bot.cli.common import fail, say
from bot.settings import Settings
from storage.vocabulary import STATUSES


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
    listing.add_argument("--limit", type=int, default=50, help="at most this many (default 50)")
    show = actions.add_parser("show", help="one complaint in full")
    show.add_argument("reference", help="its reference, e.g. CMP-7K3F-9QX2")
    show.add_argument("--history", action="store_true", help="also print the audit trail")
    work = {
        "ack": "acknowledge a complaint (the customer is told)",
        "investigate": "mark a complaint as under investigation (acknowledging it if need be)",
        "respond": "send the organisation's answer to the customer and mark it responded",
        "resolve": "close a complaint that has been answered (the customer is told)",
        "assign": "give a complaint to another staff member (they get it in Slack)",
        "escalate": "raise a complaint to the team's supervisor, then to a manager",
    }
    for action, text in work.items():
        parser = actions.add_parser(action, help=text)
        parser.add_argument("reference", help="its reference, e.g. CMP-7K3F-9QX2")
        parser.add_argument(
            "--by", required=True, metavar="HANDLE", help="who does it: your staff handle"
        )
        if action == "respond":
            parser.add_argument(
                "--text", required=True, help="the answer, as the customer will read it"
            )
        if action == "assign":
            parser.add_argument("--to", required=True, metavar="HANDLE", help="the new assignee")
        if action == "escalate":
            parser.add_argument("--reason", default="", help="why (kept in the audit trail)")
    complaints.set_defaults(func=cmd_complaints)


def _local(moment: datetime | None, zone: ZoneInfo) -> str:
    if moment is None:
        return "-"
    return f"{moment.astimezone(zone):%Y-%m-%d %H:%M %Z}"


def cmd_complaints(settings: Settings, args: argparse.Namespace) -> int:
    """List complaints, or show one with its history."""
    from bot.wiring import prepare_database
    from handlers.references import parse_reference
    from storage import repositories as repo
    from storage.db import transaction

    zone = ZoneInfo(settings.policy.timezone)
    database = prepare_database(settings, say)
    with transaction(database.factory) as session:
        if args.action == "list":
            rows = repo.list_complaints(session, status=args.status, limit=args.limit)
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
        for label, value in fields:
            print(f"{label:>16}: {value}")
        if args.history:
            print(f"\nhistory (times in {settings.policy.timezone}):")
            for event in repo.events_for(session, complaint=complaint):
                data = json.dumps(event.data, ensure_ascii=False) if event.data else ""
                print(f"  {_local(event.at, zone)}  {event.kind:<20} {event.actor:<30} {data}")
    return 0


CASEWORK = ("ack", "investigate", "respond", "resolve", "assign", "escalate")
DOING = {
    "ack": "acknowledged",
    "investigate": "put under investigation",
    "respond": "answered again",
    "resolve": "closed (answer it first)",
    "assign": "reassigned",
    "escalate": "escalated",
}


def _casework(settings: Settings, factory: Any, args: argparse.Namespace, reference: str) -> int:
    """The staff actions: the change, its audit event and the notifications."""
    from handlers import casework
    from storage.types import utcnow

    policy = settings.policy
    by = policy.staff(args.by)
    if by is None:
        handles = ", ".join(m.handle for m in policy.roster)
        return fail(f"--by {args.by!r} is not on the staff roster in config.yml ({handles})")
    now = utcnow()
    common: dict[str, Any] = {"reference": reference, "by": by, "now": now}
    if args.action == "ack":
        outcome = casework.acknowledge(factory, policy, **common)
    elif args.action == "investigate":
        outcome = casework.investigate(factory, policy, **common)
    elif args.action == "respond":
        text = args.text.strip()
        if not text:
            return fail("--text is empty: write the answer the customer will read")
        outcome = casework.respond(factory, policy, response=text, **common)
    elif args.action == "resolve":
        outcome = casework.resolve(factory, policy, **common)
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
    if outcome.result == "not_now":
        last = f" (last change by {outcome.by})" if outcome.by else ""
        return fail(f"{reference} is {outcome.status}{last}: it cannot be {DOING[args.action]} now")
    if args.action in ("assign", "escalate"):
        print(f"{reference}: {outcome.status}")
        return 0
    told = (
        "the customer will be told"
        if outcome.notified
        else "the customer sees it at their next message"
    )
    print(f"{reference}: {outcome.status} ({told})")
    return 0
