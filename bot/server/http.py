"""What every route shares: JSON errors and bodies, and the API token check."""

from __future__ import annotations

import hmac
import json
from typing import Any

from aiohttp import web

MAX_BODY_BYTES = 256 * 1024


def dumps(data: Any) -> str:
    """JSON with Korean kept readable instead of \\uXXXX escapes."""
    return json.dumps(data, ensure_ascii=False)


def error(status: int, message: str) -> web.Response:
    """A JSON error response: `{"error": message}`."""
    return web.json_response({"error": message}, status=status, dumps=dumps)


async def json_object(request: web.Request) -> dict[str, Any] | web.Response:
    """The request body as a JSON object, or the 400 response that says what is wrong."""
    raw = await request.read()
    try:
        body = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        return error(400, "the request body is not valid UTF-8")
    except json.JSONDecodeError:
        return error(400, "the request body is not valid JSON")
    if not isinstance(body, dict):
        return error(400, "the request body must be a JSON object")
    return body


def has_token(request: web.Request, token: str | None) -> bool:
    """Whether the request carries the API token (`?token=` or `Authorization: Bearer`)."""
    if not token:
        return False
    given = request.query.get("token", "")
    header = request.headers.get("Authorization", "")
    if header.lower().startswith("bearer "):
        given = header[7:].strip()
    return hmac.compare_digest(given.encode(), token.encode())
