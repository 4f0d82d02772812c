"""`complaintbot actions`: our custom actions behind rasa_sdk's HTTP protocol, for scale-out.

Rasa's own `rasa run actions` cannot build our actions (they need the database and the
policy), so this serves the same executor the in-process endpoint uses.
"""

from __future__ import annotations

import logging

from aiohttp import web
from rasa_sdk.executor import ActionExecutor
from rasa_sdk.interfaces import ActionExecutionRejection, ActionNotFoundException

log = logging.getLogger(__name__)


def action_server_app(executor: ActionExecutor) -> web.Application:
    """POST /webhook runs an action call; GET /health answers ok (rasa_sdk's routes)."""

    async def webhook(request: web.Request) -> web.Response:
        try:
            call = await request.json()
        except ValueError:
            return web.json_response({"error": "the request body is not valid JSON"}, status=400)
        try:
            result = await executor.run(call)
        except ActionExecutionRejection as exc:
            return web.json_response(
                {"error": exc.message, "action_name": exc.action_name}, status=400
            )
        except ActionNotFoundException as exc:
            log.error("actions.not_found", extra={"action": exc.action_name})
            return web.json_response(
                {"error": exc.message, "action_name": exc.action_name}, status=404
            )
        return web.json_response(result)

    async def health(request: web.Request) -> web.Response:
        return web.json_response({"status": "ok"})

    app = web.Application(client_max_size=4 * 1024 * 1024)
    app.router.add_post("/webhook", webhook)
    app.router.add_get("/health", health)
    return app
