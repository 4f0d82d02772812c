"""The one HTTP server: channels mounted, the API, health and metrics.

A middleware writes one access line per request (method, route, status, milliseconds;
never a body, a sender id or a query string), counts every refused request (400, 401,
403, 413) in `/metrics`, answers an oversized body with a JSON 413, answers a database
that cannot be reached with a polite 503 (the customer's "please try again"), and turns
any other unexpected error into a logged JSON 500.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import time
from collections.abc import Awaitable, Callable

from bot.runtime.tracker_store import ConversationStoreError

import sqlalchemy as sa
from aiohttp import web
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from sqlalchemy.engine import Engine

from bot.channels.base import Channel
from bot.dialogue import Dialogue
from bot.server.api import UNAUTHORISED, Api
from bot.server.clients import refusal
from bot.server.http import MAX_BODY_BYTES, dumps, error
from bot.server.metrics import Metrics
from bot.workers import DatabaseWorkers

log = logging.getLogger(__name__)
REFUSED = {400, 401, 403, 413}
# A database or conversation store that cannot be reached: the request may be sent again.
UNAVAILABLE = (ConversationStoreError, sa.exc.DBAPIError, sa.exc.TimeoutError)
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]
# how long a stopping server lets the requests in hand (turns) finish before it stops the rest
DRAIN_SECONDS = 15.0


def _route(request: web.Request) -> str:
    resource = request.match_info.route.resource
    return resource.canonical if resource is not None else "unmatched"


class Server:
    """Routes over the dialogue and the database."""

    def __init__(
        self,
        dialogue: Dialogue,
        engine: Engine,
        *,
        api_token: str | None,
        workers: DatabaseWorkers | None = None,
    ) -> None:
        self.dialogue = dialogue
        self.engine = engine
        self.workers = workers or DatabaseWorkers(engine)
        self.metrics = Metrics()
        dialogue.observer = self.metrics
        self.api_token = api_token
        self.api = Api(dialogue, api_token)
        self.channels: list[Channel] = []
        self.routes: list[web.RouteDef] = []  # more routes of ours (the attachments)
        # Started when the server starts, stopped (in reverse) when it stops: the channels'
        # own connections (Telegram polling), the outbox dispatcher.
        self.starting: list[Callable[[], Awaitable[None]]] = []
        self.stopping: list[Callable[[], Awaitable[None]]] = []
        self._in_flight = 0
        self._idle = asyncio.Event()
        self._idle.set()

    def mount(self, channel: Channel) -> None:
        """Serve a channel's routes, and start and stop it with the server."""
        self.channels.append(channel)
        self.starting.append(channel.start)
        self.stopping.append(channel.stop)

    async def _start(self, app: web.Application) -> None:
        for start in self.starting:
            await start()

    async def _stop(self, app: web.Application) -> None:
        # aiohttp runs this before it waits for the requests in hand: a webhook's turn would
        # lose its channel (and its reply) halfway, so the requests go first
        with contextlib.suppress(asyncio.TimeoutError):
            await asyncio.wait_for(self._idle.wait(), DRAIN_SECONDS)
        for stop in reversed(self.stopping):
            try:
                await stop()
            except Exception:
                log.exception("server.stop.failed")

    def app(self) -> web.Application:
        """The aiohttp application."""
        app = web.Application(client_max_size=MAX_BODY_BYTES, middlewares=[self._middleware])
        for channel in self.channels:
            app.router.add_routes(channel.routes())
        app.router.add_routes(self.api.routes())
        app.router.add_routes(self.routes)
        app.router.add_get("/healthz", self.healthz)
        app.router.add_get("/metrics", self.prometheus)
        app.on_startup.append(self._start)  # type: ignore[arg-type]
        app.on_shutdown.append(self._stop)  # type: ignore[arg-type]
        return app

    @web.middleware
    async def _middleware(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        started = time.perf_counter()
        route = _route(request)
        self._in_flight += 1
        self._idle.clear()
        try:
            response = await handler(request)
        except web.HTTPRequestEntityTooLarge:
            response = error(413, f"the request body is larger than {MAX_BODY_BYTES} bytes")
        except web.HTTPException as exc:
            response = exc
        except UNAVAILABLE as exc:
            log.error(
                "http.request.unavailable",
                exc_info=exc,
                extra={"route": route, "error": type(exc).__name__},
            )
            response = await self._unavailable(request, route)
        except Exception:
            log.exception("http.request.failed", extra={"route": route})
            response = error(500, "internal error; it has been logged")
        finally:
            self._in_flight -= 1
            if not self._in_flight:
                self._idle.set()
        if response.status in REFUSED:
            self.metrics.rejected.labels(route, str(response.status)).inc()
        log.info(
            "http.request",
            extra={
                "method": request.method,
                "route": route,
                "status": response.status,
                "ms": round((time.perf_counter() - started) * 1000, 1),
            },
        )
        if isinstance(response, web.HTTPException):
            raise response
        return response

    async def _unavailable(self, request: web.Request, route: str) -> web.Response:
        """The customer's "please try again" as a 503, in the shape the route answers in."""
        language = "ko" if request.headers.get("Accept-Language", "").startswith("ko") else "en"
        text = self.dialogue.render("utter_try_again_later", language)
        if route == "/webhooks/rest/webhook":
            sender = ""
            try:  # the body was read already: aiohttp keeps it
                body = json.loads(await request.read())
                sender = body.get("sender", "") if isinstance(body, dict) else ""
            except (ValueError, web.HTTPException):
                pass
            return web.json_response(
                [{"recipient_id": sender, "text": text}],
                status=503,
                dumps=dumps,
                headers={"Retry-After": "1"},
            )
        if "text/html" in request.headers.get("Accept", ""):  # a browser, on the page
            return web.Response(
                text=text, status=503, charset="utf-8", headers={"Retry-After": "1"}
            )
        return web.json_response(
            {"error": text, "messages": [{"text": text, "buttons": []}]},
            status=503,
            dumps=dumps,
            headers={"Retry-After": "1"},
        )

    async def healthz(self, request: web.Request) -> web.Response:
        """200 when the database answers and the model is loaded; 503 otherwise."""
        problems = []
        try:
            await self.workers.run(self._database_answers)
        except sa.exc.SQLAlchemyError:
            problems.append("database unavailable")
        if not self.dialogue.ready:
            problems.append("model not loaded")
        if problems:
            return web.json_response({"status": "unavailable", "problems": problems}, status=503)
        return web.json_response({"status": "ok"})

    def _database_answers(self) -> None:
        with self.engine.connect() as connection:
            connection.execute(sa.text("SELECT 1"))

    async def prometheus(self, request: web.Request) -> web.Response:
        """Prometheus text format: with the API token when one is set, else only to requests
        made on this machine (a proxy in front would make them public)."""
        refused = refusal(
            request,
            self.api_token,
            unauthorised=UNAUTHORISED,
            local_only="without COMPLAINTBOT_API_TOKEN, /metrics answers only requests made on "
            "this machine, not through a proxy",
        )
        if refused is not None:
            return refused
        return web.Response(
            body=generate_latest(self.metrics.registry),
            headers={"Content-Type": CONTENT_TYPE_LATEST},
        )
