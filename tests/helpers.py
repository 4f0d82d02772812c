"""Helpers shared by the conversation tests: a customer talking to the desk, and the
complaint a reply names, as stored."""

from __future__ import annotations

import re

from bot.dialogue import Reply
from handlers.identity import Identity
from storage import repositories as repo
from storage.db import transaction
from storage.models import Complaint

REFERENCE = re.compile(r"CMP-[0-9A-Z]{4}-[0-9A-Z]{4}")
# A whole complaint through the form, with a "no" at the read-back and a correction,
# then the customer's list: for checks that follow a conversation turn by turn.
FORM_JOURNEY = [
    "hello",
    "my washing machine arrived with a cracked door and nobody answers the phone",
    "Replacement",
    "yesterday",
    "Jane Smith",
    "jane@example.com",
    "no",
    "contact",
    "010-1234-5678",
    "yes",
    "show my complaints",
]


def stored_complaint(desk, text: str) -> Complaint:
    """The complaint whose reference a reply gives, as stored (detached from its session)."""
    match = REFERENCE.search(text)
    assert match, text
    with transaction(desk[1].factory) as session:
        complaint = repo.get_by_reference(session, reference=match.group(0))
        assert complaint is not None
        session.expunge(complaint)
        return complaint


class Chat:
    """One customer talking to the desk; remembers the last replies."""

    def __init__(self, dialogue, identity: Identity) -> None:
        self.dialogue = dialogue
        self.identity = identity
        self.replies: list[Reply] = []

    @property
    def sender_id(self) -> str:
        """The conversation id."""
        return self.identity.sender_id

    async def say(self, text: str | None) -> list[Reply]:
        """Send a message; return the replies."""
        self.replies = await self.dialogue.handle(self.identity, text)
        return self.replies

    @property
    def text(self) -> str:
        """All reply texts of the last turn, joined."""
        return "\n".join(r.text or "" for r in self.replies)

    @property
    def buttons(self) -> list:
        """All buttons of the last turn."""
        return [b for r in self.replies for b in r.buttons]
