"""`complaintbot actions`: our custom actions behind rasa_sdk's HTTP protocol, for scale-out.

Rasa's own `rasa run actions` cannot build our actions (they need the database and the
policy), so this serves the executor the in-process endpoint uses, with the same answers
to rejected and unknown actions (`bot/runtime/actions.py`).
"""

from __future__ import annotations

import logging

from bot.runtime.actions import action_error

from aiohttp import web
from rasa_sdk.executor import ActionExecutor

from bot.server.http import dumps, error, json_object

log = logging.getLogger(__name__)


def action_server_app(executor: ActionExecutor) -> web.Application:
    """POST /webhook runs an action call; GET /health answers ok (rasa_sdk's routes)."""

    async def webhook(request: web.Request) -> web.Response:
        call = await json_object(request)
        if isinstance(call, web.Response):
            return call
        try:
            result = await executor.run(call)
        except Exception as exc:
            known = action_error(exc)
            if known is None:
                log.exception("actions.failed", extra={"action": call.get("next_action")})
                return error(500, "the action failed; it has been logged")
            status, body = known
            return web.json_response(body, status=status, dumps=dumps)
        return web.json_response(result, dumps=dumps)

    async def health(request: web.Request) -> web.Response:
        return web.json_response({"status": "ok"})

    app = web.Application(client_max_size=4 * 1024 * 1024)
    app.router.add_post("/webhook", webhook)
    app.router.add_get("/health", health)
    return app
