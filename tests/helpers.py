"""Helpers shared by the tests: a customer talking to the desk, the complaint a reply names
(as stored), the staff in Slack, and the outbox without its pacing."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date
from typing import Any

from bot.dialogue import Reply
from bot.settings import Settings, load_settings
from handlers.identity import Identity
from handlers.values import Scope
from storage import repositories as repo
from storage.db import transaction
from storage.models import Complaint

# the product-quality team's Slack channel, for tests where its card is posted
QUALITY_CHANNEL = {"product-quality": "C0QUALITY"}
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


def in_slack(settings: Settings, **policy: Any) -> Settings:
    """Every member of the roster in Slack (user id `U0` and the handle, e.g. U0KIMMINJI);
    `policy`: other fields of the policy (`team_channels=QUALITY_CHANNEL`)."""
    roster = tuple(
        replace(m, slack_user_id=f"U0{m.handle.replace('.', '').upper()}")
        for m in settings.policy.roster
    )
    return replace(settings, policy=replace(settings.policy, roster=roster, **policy))


class NoPace:
    """The outbox's pacing left out: the fake Slack has no rate limit to keep to."""

    async def wait(self, key: str, interval: float) -> None:
        return None

    async def sent(self, key: str, interval: float) -> None:
        return None


def reading_scope(language: str = "en") -> Scope:
    """What values are read with in the tests of readers: the catalogue, the policy's
    region, contacts and fault words, on 7 December 2026, in `language`."""
    policy = load_settings().policy
    return Scope(
        policy.products,
        date(2026, 12, 7),
        policy.phone_region,
        policy.own_contacts,
        language=language,
        faults=tuple(policy.fault_keywords),
    )
