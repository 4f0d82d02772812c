"""Rasa's REST channel: `POST /webhooks/rest/webhook` with `{"sender", "message", "metadata"?}`.

A REST sender id is only a claim, so the server listens on 127.0.0.1 by default; bound
elsewhere, the route needs the API token too.
"""

from __future__ import annotations

from typing import Any

from aiohttp import web

from bot.channels.base import Channel, Notices
from bot.dialogue import Dialogue, Reply
from bot.server.http import dumps, error, has_token, json_object

MAX_SENDER_CHARS = 200


def render(sender: str, reply: Reply) -> dict[str, Any]:
    """One reply in Rasa's REST shape (keys without a value are left out)."""
    message: dict[str, Any] = {"recipient_id": sender}
    if reply.text is not None:
        message["text"] = reply.text
    if reply.buttons:
        message["buttons"] = [{"title": b.title, "payload": b.payload} for b in reply.buttons]
    if reply.image:
        message["image"] = reply.image
    if reply.custom:
        message["custom"] = dict(reply.custom)
    return message


class RestChannel(Channel):
    """The REST webhook; `needs_token` when the server is reachable from other machines."""

    name = "rest"

    def __init__(
        self,
        dialogue: Dialogue,
        *,
        needs_token: bool = False,
        token: str | None = None,
        notices: Notices | None = None,
    ) -> None:
        super().__init__(dialogue, notices)
        self.needs_token = needs_token
        self.token = token

    def routes(self) -> list[web.RouteDef]:
        """The webhook route."""
        return [web.post("/webhooks/rest/webhook", self.webhook)]

    async def webhook(self, request: web.Request) -> web.Response:
        """`{"sender", "message", "metadata"?}` → the list of reply messages."""
        if self.needs_token and not has_token(request, self.token):
            return error(
                401, "this server is not on localhost: the REST channel needs the API token"
            )
        body = await json_object(request, identities=("sender",))
        if isinstance(body, web.Response):
            return body
        sender = body.get("sender")
        message = body.get("message", "")
        metadata = body.get("metadata")
        metadata = {} if metadata is None else metadata
        if not isinstance(sender, str) or not sender.strip():
            return error(400, "`sender` is required and must be a non-empty string")
        if len(sender) > MAX_SENDER_CHARS:
            return error(400, f"`sender` is longer than {MAX_SENDER_CHARS} characters")
        if message is not None and not isinstance(message, str):
            return error(400, "`message` must be a string")
        if not isinstance(metadata, dict):
            return error(400, "`metadata` must be a JSON object")
        replies = await self.turn(sender, message, metadata)
        return web.json_response([render(sender, r) for r in replies], dumps=dumps)
