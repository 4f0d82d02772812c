"""Who is talking: a channel and a user id within it (`rest:alice`, `slack:T1:U2`)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Identity:
    """The identity a complaint is linked to: only it (and staff) may see the details."""

    channel: str
    user_id: str

    @classmethod
    def from_sender_id(cls, sender_id: str) -> Identity:
        """Split a namespaced sender id; an unnamespaced one counts as the REST channel."""
        channel, sep, user_id = sender_id.partition(":")
        if not sep or not user_id:
            return cls("rest", sender_id)
        return cls(channel, user_id)

    @property
    def sender_id(self) -> str:
        """The namespaced form used as the conversation id."""
        return f"{self.channel}:{self.user_id}"

    @property
    def actor(self) -> str:
        """How this identity appears in the audit trail."""
        return f"customer:{self.sender_id}"
