"""Plays the conversations in nlu/tests/conversations.yml through the real agent and
actions, and checks what each stored (in the database, not in the replies)."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
import yaml

from handlers.identity import Identity
from storage.db import transaction
from storage.models import Complaint
from tests.helpers import Chat

CORPUS = Path(__file__).resolve().parent.parent / "nlu" / "tests" / "conversations.yml"
# Every value as written: with YAML's usual reading a customer's "yes" or "no" became True or
# False, and "True" was what the desk was sent.
CONVERSATIONS = yaml.load(CORPUS.read_text(encoding="utf-8"), Loader=yaml.BaseLoader)[
    "conversations"
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


@pytest.mark.parametrize("conversation", CONVERSATIONS, ids=lambda c: c["name"])
async def test_conversation(desk, conversation: dict[str, Any]) -> None:
    chat = Chat(desk[2], Identity("rest", f"corpus-{uuid.uuid4().hex[:10]}"))
    for turn in conversation["turns"]:
        await chat.say(turn["customer"])
        if "says" in turn:
            assert turn["says"] in chat.text, (turn["customer"], chat.text)
        if "not_says" in turn:
            assert turn["not_says"] not in chat.text, (turn["customer"], chat.text)
    filed = _filed_by(desk, chat.identity)
    expected = conversation["stored"]
    if expected == "none":
        assert filed == []
        return
    [complaint] = filed
    for field, value in expected.items():
        if field == "team":
            actual = complaint.assignee.team
        elif field == "human_requested":  # "yes": a person was asked for, and it is noted
            actual = "yes" if complaint.human_requested_at is not None else "no"
        else:
            actual = getattr(complaint, field)
        assert actual == value, (field, actual)
