"""The console channel: `complaintbot chat`, a conversation in this terminal.

Buttons are shown numbered; typing a number sends that button's payload.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from bot.channels.base import Channel, numbered


class ConsoleChannel(Channel):
    """A local customer typing in a terminal."""

    name = "console"

    async def chat(
        self,
        user_id: str,
        read: Callable[[str], str] = input,
        write: Callable[[str], None] = print,
    ) -> None:
        """Talk until end of input (Ctrl-D)."""
        write(
            "Chat with the complaint desk. Type a message; a number picks a button; Ctrl-D quits."
        )
        payloads: list[str] = []
        while True:
            try:
                line = await asyncio.to_thread(read, "you> ")
            except EOFError:
                write("")
                return
            text = line.strip()
            if text.isdigit() and 1 <= int(text) <= len(payloads):
                text = payloads[int(text) - 1]
            lines, payloads = numbered(await self.turn(user_id, text))
            for shown in lines:
                write(shown if shown.startswith("  [") else f"bot> {shown}")
