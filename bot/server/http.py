"""What every route shares: JSON errors and bodies, and the API token check."""

from __future__ import annotations

import hmac
import json
from collections.abc import Collection
from typing import Any

from aiohttp import web

from bot.text import MAX_DEPTH, TooDeep, clean_value, is_identity

MAX_BODY_BYTES = 256 * 1024


def dumps(data: Any) -> str:
    """JSON with Korean kept readable instead of \\uXXXX escapes."""
    return json.dumps(data, ensure_ascii=False)


def error(status: int, message: str) -> web.Response:
    """A JSON error response: `{"error": message}`."""
    return web.json_response({"error": message}, status=status, dumps=dumps)


class _Duplicate(ValueError):
    pass


def _pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    # One key given twice could be read one way by a proxy and the other way here.
    body = dict(pairs)
    if len(body) != len(pairs):
        raise _Duplicate
    return body


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def parse_json(raw: bytes) -> Any:
    """A JSON document from bytes, strictly: UTF-8, no NaN, no key given twice. Raises
    ValueError (the message says what is wrong) or `TooDeep`."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ValueError("the request body is not valid UTF-8") from exc
    try:
        return json.loads(text, object_pairs_hook=_pairs, parse_constant=_no_constant)
    except _Duplicate as exc:
        raise ValueError("the request body gives a key twice") from exc
    except RecursionError as exc:
        raise TooDeep(f"nested more than {MAX_DEPTH} levels deep") from exc
    except ValueError as exc:  # JSONDecodeError, and integers of over 4,300 digits
        raise ValueError("the request body is not valid JSON") from exc


async def json_object(
    request: web.Request, *, identities: Collection[str] = ()
) -> dict[str, Any] | web.Response:
    """The request body as a JSON object whose text is safe to store, or the 400 response
    that says what is wrong.

    Every string is cleaned (NUL removed, unpaired surrogates replaced: `bot.text.clean`)
    except the top-level fields named in `identities`: those name a customer, so one with
    such characters is refused rather than changed into someone else's name.
    """
    try:
        body = parse_json(await request.read())
    except TooDeep as exc:
        return error(400, f"the request body is {exc}")
    except ValueError as exc:
        return error(400, str(exc))
    if not isinstance(body, dict):
        return error(400, "the request body must be a JSON object")
    for name in identities:
        value = body.get(name)
        if isinstance(value, str) and not is_identity(value):
            return error(
                400,
                f"`{name}` must be printable text: no control characters, direction marks or "
                "unpaired surrogates",
            )
    try:
        cleaned: dict[str, Any] = clean_value(body)
    except TooDeep as exc:
        return error(400, f"the request body is {exc}")
    for name in identities:
        if isinstance(body.get(name), str):
            cleaned[name] = body[name]
    return cleaned


def has_token(request: web.Request, token: str | None) -> bool:
    """Whether the request carries the API token (`?token=` or `Authorization: Bearer`)."""
    if not token:
        return False
    given = request.query.get("token", "")
    header = request.headers.get("Authorization", "")
    if header.lower().startswith("bearer "):
        given = header[7:].strip()
    return same_secret(given, token)


def same_secret(given: str, expected: str) -> bool:
    """Whether a secret from a header is the expected one, in constant time. A header's
    bytes that are not UTF-8 arrive as surrogates: they are compared as sent."""
    return hmac.compare_digest(given.encode("utf-8", "surrogateescape"), expected.encode())
