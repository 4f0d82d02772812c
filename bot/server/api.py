"""Rasa's HTTP API shapes: `POST /model/parse` and `GET /conversations/{id}/tracker`.

Both need the API token; without one configured they are off (404).
"""

from __future__ import annotations

from aiohttp import web
from rasa.shared.core.trackers import EventVerbosity

from bot.dialogue import Dialogue
from bot.server.http import dumps, error, has_token, json_object
from bot.text import is_identity

UNAUTHORISED = "a valid API token is required (?token= or Authorization: Bearer)"


class Api:
    """The API routes over the dialogue."""

    def __init__(self, dialogue: Dialogue, token: str | None) -> None:
        self.dialogue = dialogue
        self.token = token

    def routes(self) -> list[web.RouteDef]:
        """Parse and tracker."""
        return [
            web.post("/model/parse", self.parse),
            web.get("/conversations/{sender_id}/tracker", self.tracker),
        ]

    def _refusal(self, request: web.Request) -> web.Response | None:
        if not self.token:
            raise web.HTTPNotFound()
        return None if has_token(request, self.token) else error(401, UNAUTHORISED)

    async def parse(self, request: web.Request) -> web.Response:
        """`{"text"}` → intent, confidence and entities."""
        refusal = self._refusal(request)
        if refusal is not None:  # a Response is falsy: it is a mapping with no items
            return refusal
        body = await json_object(request)
        if isinstance(body, web.Response):
            return body
        text = body.get("text")
        if not isinstance(text, str):
            return error(400, "`text` is required and must be a string")
        result = await self.dialogue.agent.parse_message(text[: self.dialogue.max_message_chars])
        return web.json_response(result, dumps=dumps)

    async def tracker(self, request: web.Request) -> web.Response:
        """A conversation's tracker (slots, latest message, events)."""
        refusal = self._refusal(request)
        if refusal is not None:  # a Response is falsy: it is a mapping with no items
            return refusal
        sender_id = request.match_info["sender_id"]
        if not is_identity(sender_id):  # never a conversation's id; no store may see it
            return error(404, "no conversation with that id")
        tracker = await self.dialogue.agent.tracker_store.retrieve(sender_id)
        if tracker is None:
            return error(404, "no conversation with that id")
        return web.json_response(tracker.current_state(EventVerbosity.AFTER_RESTART), dumps=dumps)
