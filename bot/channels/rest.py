"""Rasa's REST channel: `POST /webhooks/rest/webhook` with `{"sender", "message", "metadata"?}`.

A REST sender id is only a claim, so the route is for a trusted backend, never a browser
(those use the web page). With `COMPLAINTBOT_API_TOKEN` set it needs the token wherever
the server listens (a proxy in front makes 127.0.0.1 public); without one it answers only
requests made on this machine, not through a proxy.
"""

from __future__ import annotations

from typing import Any

from aiohttp import web

from bot.channels.base import Channel, Notices
from bot.dialogue import Dialogue, Reply
from bot.server.clients import refusal
from bot.server.http import dumps, error, json_object

MAX_SENDER_CHARS = 200
NEEDS_TOKEN = (
    "the REST channel needs the API token: send `Authorization: Bearer <token>` or `?token=`"
)
LOCAL_ONLY = (
    "without COMPLAINTBOT_API_TOKEN the REST channel answers only requests made on this "
    "machine, not through a proxy: set the token and send it"
)


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
    """The REST webhook: with a `token`, only for requests that carry it; without one, only
    for requests made on this machine."""

    name = "rest"

    def __init__(
        self,
        dialogue: Dialogue,
        *,
        token: str | None = None,
        notices: Notices | None = None,
    ) -> None:
        super().__init__(dialogue, notices)
        self.token = token

    def routes(self) -> list[web.RouteDef]:
        """The webhook route."""
        return [web.post("/webhooks/rest/webhook", self.webhook)]

    async def webhook(self, request: web.Request) -> web.Response:
        """`{"sender", "message", "metadata"?}` → the list of reply messages."""
        refused = refusal(request, self.token, unauthorised=NEEDS_TOKEN, local_only=LOCAL_ONLY)
        if refused is not None:
            return refused
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
        # A failed turn saved nothing: 503 tells a backend to send the message again.
        failed = any(r.failed for r in replies)
        return web.json_response(
            [render(sender, r) for r in replies],
            dumps=dumps,
            status=503 if failed else 200,
            headers={"Retry-After": "1"} if failed else None,
        )
