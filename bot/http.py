"""The one HTTP server: REST channel, Rasa-style API, health and metrics."""

from __future__ import annotations

import hmac
import json
import logging
import time
from typing import Any

import sqlalchemy as sa
from aiohttp import web
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
)
from rasa.shared.core.trackers import EventVerbosity
from sqlalchemy.engine import Engine

from bot.dialogue import Dialogue

log = logging.getLogger(__name__)
MAX_SENDER_CHARS = 200
MAX_BODY_BYTES = 256 * 1024


def _dumps(data: Any) -> str:
    # Korean stays readable in the response body instead of \uXXXX escapes.
    return json.dumps(data, ensure_ascii=False)


def _error(status: int, message: str) -> web.Response:
    return web.json_response({"error": message}, status=status)


class Metrics:
    """The service's Prometheus metrics, in a registry of its own (tests build many apps)."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self.messages = Counter(
            "complaintbot_messages_total",
            "Messages received",
            ["channel"],
            registry=self.registry,
        )
        self.turn_seconds = Histogram(
            "complaintbot_turn_seconds",
            "Time to answer one message",
            ["channel"],
            registry=self.registry,
            buckets=(0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5),
        )
        self.rejected = Counter(
            "complaintbot_rejected_requests_total",
            "Malformed or unauthorised requests",
            ["route"],
            registry=self.registry,
        )


class Server:
    """Routes over the dialogue and the database."""

    def __init__(
        self,
        dialogue: Dialogue,
        engine: Engine,
        *,
        api_token: str | None,
        rest_needs_token: bool,
    ) -> None:
        self.dialogue = dialogue
        self.engine = engine
        self.api_token = api_token
        self.rest_needs_token = rest_needs_token
        self.metrics = Metrics()

    def app(self) -> web.Application:
        """The aiohttp application."""
        app = web.Application(client_max_size=MAX_BODY_BYTES)
        app.router.add_post("/webhooks/rest/webhook", self.rest_webhook)
        app.router.add_post("/model/parse", self.parse)
        app.router.add_get("/conversations/{sender_id}/tracker", self.tracker)
        app.router.add_get("/healthz", self.healthz)
        app.router.add_get("/metrics", self.prometheus)
        return app

    def _authorised(self, request: web.Request) -> bool:
        if not self.api_token:
            return False
        given = request.query.get("token", "")
        header = request.headers.get("Authorization", "")
        if header.lower().startswith("bearer "):
            given = header[7:].strip()
        return hmac.compare_digest(given.encode(), self.api_token.encode())

    async def _json_body(self, request: web.Request) -> dict[str, Any] | web.Response:
        raw = await request.read()
        try:
            body = json.loads(raw.decode("utf-8"))
        except UnicodeDecodeError:
            return _error(400, "the request body is not valid UTF-8")
        except json.JSONDecodeError:
            return _error(400, "the request body is not valid JSON")
        if not isinstance(body, dict):
            return _error(400, "the request body must be a JSON object")
        return body

    async def rest_webhook(self, request: web.Request) -> web.Response:
        """Rasa's REST channel: `{"sender", "message", "metadata"?}` → list of messages."""
        if self.rest_needs_token and not self._authorised(request):
            self.metrics.rejected.labels("rest").inc()
            return _error(
                401,
                "this server is not on localhost: the REST channel needs the API token",
            )
        body = await self._json_body(request)
        if isinstance(body, web.Response):
            self.metrics.rejected.labels("rest").inc()
            return body
        sender = body.get("sender")
        message = body.get("message", "")
        metadata = body.get("metadata")
        metadata = {} if metadata is None else metadata
        if not isinstance(sender, str) or not sender.strip():
            return _error(400, "`sender` is required and must be a non-empty string")
        if len(sender) > MAX_SENDER_CHARS:
            return _error(400, f"`sender` is longer than {MAX_SENDER_CHARS} characters")
        if message is not None and not isinstance(message, str):
            return _error(400, "`message` must be a string")
        if not isinstance(metadata, dict):
            return _error(400, "`metadata` must be a JSON object")
        self.metrics.messages.labels("rest").inc()
        started = time.perf_counter()
        replies = await self.dialogue.handle(
            f"rest:{sender}", message, input_channel="rest", metadata=metadata
        )
        self.metrics.turn_seconds.labels("rest").observe(time.perf_counter() - started)
        for reply in replies:
            reply["recipient_id"] = sender
        return web.json_response(replies, dumps=_dumps)

    async def parse(self, request: web.Request) -> web.Response:
        """Rasa HTTP API: `{"text"}` → intent, confidence and entities."""
        if not self.api_token:
            raise web.HTTPNotFound()
        if not self._authorised(request):
            return _error(401, "a valid API token is required (?token= or Authorization: Bearer)")
        body = await self._json_body(request)
        if isinstance(body, web.Response):
            return body
        text = body.get("text")
        if not isinstance(text, str):
            return _error(400, "`text` is required and must be a string")
        result = await self.dialogue.agent.parse_message(text[: self.dialogue.max_message_chars])
        return web.json_response(result, dumps=_dumps)

    async def tracker(self, request: web.Request) -> web.Response:
        """Rasa HTTP API: a conversation's tracker (slots, latest message, events)."""
        if not self.api_token:
            raise web.HTTPNotFound()
        if not self._authorised(request):
            return _error(401, "a valid API token is required (?token= or Authorization: Bearer)")
        sender_id = request.match_info["sender_id"]
        tracker = await self.dialogue.agent.tracker_store.retrieve(sender_id)
        if tracker is None:
            return _error(404, f"no conversation with id {sender_id!r}")
        return web.json_response(tracker.current_state(EventVerbosity.AFTER_RESTART))

    async def healthz(self, request: web.Request) -> web.Response:
        """200 when the database answers and the model is loaded; 503 otherwise."""
        problems = []
        try:
            with self.engine.connect() as connection:
                connection.execute(sa.text("SELECT 1"))
        except sa.exc.SQLAlchemyError:
            problems.append("database unavailable")
        if not self.dialogue.ready:
            problems.append("model not loaded")
        if problems:
            return web.json_response({"status": "unavailable", "problems": problems}, status=503)
        return web.json_response({"status": "ok"})

    async def prometheus(self, request: web.Request) -> web.Response:
        """Prometheus text format."""
        return web.Response(
            body=generate_latest(self.metrics.registry),
            headers={"Content-Type": CONTENT_TYPE_LATEST},
        )
