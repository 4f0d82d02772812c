"""The contract every channel follows (as Rasa's `rasa/core/channels/channel.py` does).

A channel names its customers with an `Identity` (`rest:<sender>`, `telegram:<chat id>`),
feeds each message to the dialogue as one turn, and renders the typed replies its own way:
where a platform has no buttons, they become numbered choices (`numbered`).
"""

from __future__ import annotations

import logging
from abc import ABC
from collections.abc import Callable, Mapping
from typing import Any, ClassVar

from aiohttp import web

from bot.dialogue import Dialogue, Reply
from handlers.identity import Identity

log = logging.getLogger(__name__)

# What a customer the desk cannot push to has waiting (channel, user id → notifications,
# each a kind and its values), handed over once: `handlers.casework.waiting_notices`.
Notices = Callable[[str, str], list[tuple[str, Mapping[str, Any]]]]


class Channel(ABC):
    """A transport the desk talks through."""

    #: the channel part of every identity and conversation id (`rest`, `telegram`, …)
    name: ClassVar[str]

    def __init__(self, dialogue: Dialogue, notices: Notices | None = None) -> None:
        self.dialogue = dialogue
        self.notices = notices

    def identity(self, user_id: str) -> Identity:
        """The customer with this user id on this channel."""
        return Identity(self.name, user_id)

    async def turn(
        self, user_id: str, text: str | None, metadata: Mapping[str, Any] | None = None
    ) -> list[Reply]:
        """One message from a customer of this channel, answered; on a channel that cannot
        reach the customer between messages, what staff sent meanwhile comes first.

        The notices are taken only after a turn that succeeded, and failing to take them
        fails nothing: the turn is saved by then, so an error here must not ask the
        customer to resend (the message would be handled twice), and notices not taken
        wait for the next reply. A failed turn's "please try again" (a 503 on REST, whose
        body a client may drop) takes none, so none is lost with it.
        """
        replies = await self.dialogue.handle(self.identity(user_id), text, metadata=metadata)
        if self.notices is None or any(reply.failed for reply in replies):
            return replies
        try:
            waiting = self.notices(self.name, user_id)
        except Exception as exc:
            log.warning(
                "channel.notices.failed",
                exc_info=exc,
                extra={"channel": self.name, "error": type(exc).__name__},
            )
            return replies
        return [*(self._notice(kind, values) for kind, values in waiting), *replies]

    def _notice(self, kind: str, values: Mapping[str, Any]) -> Reply:
        return self.dialogue.notice(kind, values)

    def routes(self) -> list[web.RouteDef]:
        """The HTTP routes this channel serves on the one server (none by default)."""
        return []

    async def start(self) -> None:
        """Connect to the platform when the server starts (nothing by default)."""
        return None

    async def stop(self) -> None:
        """Disconnect when the server stops (nothing by default)."""
        return None


def numbered(replies: list[Reply]) -> tuple[list[str], list[str]]:
    """Replies as lines of text with numbered buttons, and the payload of each number."""
    lines: list[str] = []
    payloads: list[str] = []
    for reply in replies:
        if reply.text:
            lines.append(reply.text)
        for button in reply.buttons:
            payloads.append(button.payload)
            lines.append(f"  [{len(payloads)}] {button.title}")
    return lines, payloads
