"""Plays the conversations in nlu/tests/conversations.yml (and nlu/tests/conversations/*.yml,
one file per theme) through the real agent and actions, and checks what each stored (in the
database, not in the replies)."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
import yaml

from handlers import casework
from handlers.identity import Identity
from storage.db import transaction
from storage.models import Complaint, ComplaintEvent
from storage.types import utcnow
from tests.helpers import Chat

TESTS = Path(__file__).resolve().parent.parent / "nlu" / "tests"
CORPUS = [TESTS / "conversations.yml", *sorted((TESTS / "conversations").glob("*.yml"))]
# Every value as written: with YAML's usual reading a customer's "yes" or "no" became True or
# False, and "True" was what the desk was sent.
CONVERSATIONS = [
    conversation
    for path in CORPUS
    for conversation in yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.BaseLoader)[
        "conversations"
    ]
]


def _filed_by(desk, identity: Identity) -> list[Complaint]:
    with transaction(desk[1].factory) as session:
        rows = (
            session.execute(
                sa.select(Complaint).where(
                    Complaint.channel == identity.channel, Complaint.user_id == identity.user_id
                )
            )
            .scalars()
            .all()
        )
        for row in rows:
            _ = row.assignee  # loaded before the session closes
            session.expunge(row)
        return list(rows)


def _customer_messages(desk, complaint: Complaint) -> list[str]:
    with transaction(desk[1].factory) as session:
        events = session.execute(
            sa.select(ComplaintEvent.data)
            .where(
                ComplaintEvent.complaint_id == complaint.id,
                ComplaintEvent.kind == "customer_message",
            )
            .order_by(ComplaintEvent.id)
        ).scalars()
        return [str(data["text"]) for data in events]


def _staff_writes(desk, identity: Identity, turn: dict[str, str]) -> None:
    """A staff step: the assignee of the customer's newest complaint writes to them."""
    settings = desk[0]
    [newest, *_] = sorted(_filed_by(desk, identity), key=lambda c: c.id, reverse=True)
    by = settings.policy.staff(newest.assignee.handle)
    common: dict[str, Any] = {"reference": newest.reference, "by": by, "now": utcnow()}
    factory, policy = desk[1].factory, settings.policy
    if "staff_respond" in turn:
        outcome = casework.respond(factory, policy, response=turn["staff_respond"], **common)
    else:
        ask = "staff_ask" in turn
        text = turn["staff_ask"] if ask else turn["staff_update"]
        outcome = casework.message(factory, policy, text=text, ask=ask, **common)
    assert outcome.result == "done", outcome
    # the customer sees it (the web page's poll, an e-mail): what they say next may answer it
    casework.waiting_notices(
        factory, channel=identity.channel, user_id=identity.user_id, now=utcnow()
    )


@pytest.mark.parametrize("conversation", CONVERSATIONS, ids=lambda c: c["name"])
async def test_conversation(desk, conversation: dict[str, Any]) -> None:
    chat = Chat(desk[2], Identity("rest", f"corpus-{uuid.uuid4().hex[:10]}"))
    for turn in conversation["turns"]:
        if "customer" not in turn:
            _staff_writes(desk, chat.identity, turn)
            continue
        await chat.say(turn["customer"])
        if "says" in turn:
            assert turn["says"] in chat.text, (turn["customer"], chat.text)
        unsaid = turn.get("not_says", [])
        for words in [unsaid] if isinstance(unsaid, str) else unsaid:
            assert words not in chat.text, (turn["customer"], chat.text)
    filed = _filed_by(desk, chat.identity)
    expected = dict(conversation["stored"]) if conversation["stored"] != "none" else "none"
    if expected == "none":
        assert filed == []
        return
    assert len(filed) == int(expected.pop("complaints", "1")), [c.product for c in filed]
    complaint = min(filed, key=lambda c: c.id)  # the first filed
    for field, value in expected.items():
        if field == "customer_messages":  # recorded on the first complaint, in order
            assert _customer_messages(desk, complaint) == value
            continue
        if field == "team":
            actual = complaint.assignee.team
        elif field == "human_requested":  # "yes": a person was asked for, and it is noted
            actual = "yes" if complaint.human_requested_at is not None else "no"
        else:
            actual = getattr(complaint, field)
            if isinstance(actual, int) and not isinstance(actual, bool):
                actual = str(actual)  # satisfaction_score, declined_count: written as text
        assert actual == value, (field, actual)
