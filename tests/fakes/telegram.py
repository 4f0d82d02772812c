"""A local fake of the Telegram Bot API: real HTTP on 127.0.0.1 (port 0), the real wire format.

It answers the methods the desk uses, records every call with its parameters, serves file
downloads, queues updates for `getUpdates`, can be told to answer 429 (with `retry_after`),
500 or 403, and records any method it does not know so the test fails on it.
Point the bot at it with `TELEGRAM_API_BASE_URL=fake.url`.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import time
from collections import deque
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

KNOWN = {
    "getMe",
    "sendMessage",
    "editMessageReplyMarkup",
    "answerCallbackQuery",
    "getFile",
    "setWebhook",
    "deleteWebhook",
    "getUpdates",
    "setMyCommands",
}
JSON_STARTS = frozenset('{["-0123456789tfn')
BOT = {
    "id": 7000001,
    "is_bot": True,
    "first_name": "Complaints desk",
    "username": "example_complaints_bot",
    "can_join_groups": True,
    "can_read_all_group_messages": False,
    "supports_inline_queries": False,
}


@dataclass
class Call:
    """One request the bot made: the method and its parameters, decoded."""

    method: str
    params: dict[str, Any]
    at: float = field(default_factory=time.monotonic)


class FakeBotAPI:
    """The fake server. `await fake.start()`, use `fake.url`, `await fake.stop()`."""

    def __init__(self, token: str = "123456:TEST-token") -> None:
        self.token = token
        self.calls: list[Call] = []
        # the successful sendMessage calls per chat: the bench asks after every update, and
        # scanning every call made so far grew with the run and slowed the figures it took
        self._sent: dict[str, list[Call]] = {}
        self.unknown: list[str] = []
        self.files: dict[str, bytes] = {}  # file_id -> content
        self.updates: deque[dict[str, Any]] = deque()
        self.failures: deque[tuple[str, int, int]] = deque()  # (method, status, retry_after)
        self.blocked: set[str] = set()  # chat ids that "blocked the bot"
        self.holds: list[tuple[str, str | None, asyncio.Event]] = []  # (method, chat, release)
        self._releases: list[asyncio.Event] = []
        self._expected: dict[str, asyncio.Future[Call]] = {}  # chat -> its next sendMessage
        self._ids = itertools.count(1000)
        self._update_event = asyncio.Event()
        self._runner: web.AppRunner | None = None
        self.url = ""

    # -- control ----------------------------------------------------------------------
    async def start(self, port: int = 0) -> None:
        """Serve on 127.0.0.1, on `port` (0: any free one; the trial kit gives one)."""
        app = web.Application()
        app.router.add_route("*", "/bot{token}/{method}", self._method)
        app.router.add_get("/file/bot{token}/{path:.+}", self._download)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", port)
        await site.start()
        port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        self.url = f"http://127.0.0.1:{port}"

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()

    def fail_next(self, method: str, status: int, times: int = 1, retry_after: int = 1) -> None:
        """Answer the next `times` calls of `method` with an error of that status."""
        for _ in range(times):
            self.failures.append((method, status, retry_after))

    def hold(self, method: str, chat_id: int | str | None = None) -> asyncio.Event:
        """Keep the next call of `method` (to that chat) open until the returned event is
        set, as a slow Telegram would; a call whose client went away meanwhile (a killed
        process) is recorded but not counted as sent."""
        release = asyncio.Event()
        self.holds.append((method, None if chat_id is None else str(chat_id), release))
        self._releases.append(release)
        return release

    def expect_sent(self, chat_id: int | str) -> asyncio.Future[Call]:
        """A future of the next successful `sendMessage` to the chat (set the moment it
        arrives: the bench times replies by it, where polling would add its own delay)."""
        future: asyncio.Future[Call] = asyncio.get_running_loop().create_future()
        self._expected[str(chat_id)] = future
        return future

    def release_all(self) -> None:
        """Let every held call go on (before `stop`, which waits for open calls)."""
        for release in self._releases:
            release.set()

    def add_file(self, file_id: str, content: bytes) -> None:
        self.files[file_id] = content

    def queue_update(self, update: dict[str, Any]) -> None:
        """An update for the next `getUpdates` (long polling)."""
        self.updates.append(update)
        self._update_event.set()

    def sent(self, chat_id: int | str | None = None) -> list[Call]:
        """The `sendMessage` calls that succeeded, optionally to one chat."""
        if chat_id is not None:
            return list(self._sent.get(str(chat_id), ()))
        return [c for c in self.calls if c.method == "sendMessage" and c.params.get("_ok")]

    def texts(self, chat_id: int | str | None = None) -> list[str]:
        return [str(c.params.get("text", "")) for c in self.sent(chat_id)]

    def called(self, method: str) -> list[Call]:
        return [c for c in self.calls if c.method == method]

    async def wait_for(self, predicate, timeout: float = 10.0) -> None:
        """Wait until `predicate()` holds (the bot works in the background)."""
        deadline = time.monotonic() + timeout
        while not predicate():
            if time.monotonic() > deadline:
                raise AssertionError("the fake Bot API did not see what was expected in time")
            await asyncio.sleep(0.02)

    # -- the API ----------------------------------------------------------------------
    async def _params(self, request: web.Request) -> dict[str, Any]:
        if request.content_type == "application/json":
            raw = await request.json()
        else:
            raw = dict(await request.post())
        params: dict[str, Any] = {}
        for key, value in raw.items():
            # JSON-encoded values (markup, numbers); a text is taken as it came (a failed
            # json.loads on every text was most of this server's time in the bench)
            if isinstance(value, str) and value[:1] in JSON_STARTS:
                try:
                    params[key] = json.loads(value)
                except ValueError:
                    params[key] = value
            else:
                params[key] = value
        return params

    async def _method(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        params = await self._params(request) if request.can_read_body else {}
        call = Call(method, params)
        self.calls.append(call)
        if request.match_info["token"] != self.token:
            return _error(401, "Unauthorized")
        if method not in KNOWN:
            self.unknown.append(method)
            return _error(404, "Not Found: method not found")
        for i, (failing, status, retry_after) in enumerate(self.failures):
            if failing == method:
                del self.failures[i]
                if status == 429:
                    return _error(
                        429,
                        f"Too Many Requests: retry after {retry_after}",
                        {"retry_after": retry_after},
                    )
                return _error(status, "Internal Server Error" if status >= 500 else "Error")
        for i, (holding, chat, release) in enumerate(self.holds):
            if holding == method and chat in (None, str(params.get("chat_id"))):
                del self.holds[i]
                params["_held"] = True
                await release.wait()
                if request.transport is None or request.transport.is_closing():
                    return web.Response(status=499)  # nobody to answer: not sent
                break
        if method == "sendMessage" and str(params.get("chat_id")) in self.blocked:
            return _error(403, "Forbidden: bot was blocked by the user")
        result = await getattr(self, f"_{method}")(params)
        params["_ok"] = True
        if method == "sendMessage":
            self._sent.setdefault(str(params.get("chat_id")), []).append(call)
            expected = self._expected.pop(str(params.get("chat_id")), None)
            if expected is not None and not expected.done():
                expected.set_result(call)
        return web.json_response({"ok": True, "result": result})

    async def _getMe(self, params: dict[str, Any]) -> Any:
        return BOT

    async def _sendMessage(self, params: dict[str, Any]) -> Any:
        chat_id = params["chat_id"]
        return {
            "message_id": next(self._ids),
            "date": int(time.time()),
            "chat": {"id": chat_id, "type": "private"},
            "from": BOT,
            "text": params.get("text", ""),
        }

    async def _editMessageReplyMarkup(self, params: dict[str, Any]) -> Any:
        return True

    async def _answerCallbackQuery(self, params: dict[str, Any]) -> Any:
        return True

    async def _getFile(self, params: dict[str, Any]) -> Any:
        file_id = str(params["file_id"])
        content = self.files.get(file_id, b"")
        return {
            "file_id": file_id,
            "file_unique_id": f"u-{file_id}",
            "file_size": len(content),
            "file_path": f"documents/{file_id}.bin",
        }

    async def _setWebhook(self, params: dict[str, Any]) -> Any:
        return True

    async def _deleteWebhook(self, params: dict[str, Any]) -> Any:
        return True

    async def _setMyCommands(self, params: dict[str, Any]) -> Any:
        return True

    async def _getUpdates(self, params: dict[str, Any]) -> Any:
        offset = int(params.get("offset") or 0)
        while self.updates and self.updates[0]["update_id"] < offset:
            self.updates.popleft()
        if not self.updates:
            self._update_event.clear()
            timeout = min(float(params.get("timeout") or 0), 0.5)
            try:
                await asyncio.wait_for(self._update_event.wait(), timeout)
            except asyncio.TimeoutError:
                return []
        return [u for u in self.updates if u["update_id"] >= offset]

    async def _download(self, request: web.Request) -> web.Response:
        self.calls.append(Call("download", {"path": request.match_info["path"]}))
        file_id = request.match_info["path"].rsplit("/", 1)[-1].removesuffix(".bin")
        if file_id not in self.files:
            return web.Response(status=404)
        return web.Response(body=self.files[file_id])


def _error(status: int, description: str, parameters: dict[str, Any] | None = None) -> web.Response:
    body: dict[str, Any] = {"ok": False, "error_code": status, "description": description}
    if parameters:
        body["parameters"] = parameters
    return web.json_response(body, status=status)


# Update ids are unique per bot, as Telegram's are: every test's updates are new ones.
_UPDATE_IDS = itertools.count(int(time.time() * 1000) % 10**9)


class Updates:
    """Update JSON as Telegram sends it."""

    def __init__(self, user_id: int = 555001, language_code: str = "en") -> None:
        self.user_id = user_id
        self.language_code = language_code
        self._ids = _UPDATE_IDS
        self._messages = itertools.count(1)

    def _user(self) -> dict[str, Any]:
        return {
            "id": self.user_id,
            "is_bot": False,
            "first_name": "Test",
            "username": "customer",
            "language_code": self.language_code,
        }

    def _chat(self, kind: str = "private") -> dict[str, Any]:
        if kind == "private":
            return {"id": self.user_id, "first_name": "Test", "type": "private"}
        return {"id": -100987654321, "title": "Neighbours", "type": kind}

    def message(
        self, text: str | None = None, chat: str = "private", **extra: Any
    ) -> dict[str, Any]:
        message: dict[str, Any] = {
            "message_id": next(self._messages),
            "from": self._user(),
            "chat": self._chat(chat),
            "date": int(time.time()),
        }
        if text is not None:
            message["text"] = text
            if text.startswith("/"):
                command = text.split()[0]
                message["entities"] = [{"type": "bot_command", "offset": 0, "length": len(command)}]
        message.update(extra)
        return {"update_id": next(self._ids), "message": message}

    def edited(self, text: str) -> dict[str, Any]:
        update = self.message(text)
        message = update.pop("message")
        message["edit_date"] = int(time.time())
        update["edited_message"] = message
        return update

    def callback(self, data: str, message_id: int = 1) -> dict[str, Any]:
        return {
            "update_id": next(self._ids),
            "callback_query": {
                "id": f"cb{next(self._messages)}",
                "from": self._user(),
                "chat_instance": "42",
                "data": data,
                "message": {
                    "message_id": message_id,
                    "from": BOT,
                    "chat": self._chat(),
                    "date": int(time.time()),
                    "text": "…",
                },
            },
        }

    def photo(self, file_id: str, size: int, caption: str | None = None) -> dict[str, Any]:
        sizes = [
            {
                "file_id": f"{file_id}-s",
                "file_unique_id": "s",
                "width": 90,
                "height": 90,
                "file_size": 100,
            },
            {
                "file_id": file_id,
                "file_unique_id": "l",
                "width": 1280,
                "height": 960,
                "file_size": size,
            },
        ]
        extra: dict[str, Any] = {"photo": sizes}
        if caption:
            extra["caption"] = caption
        return self.message(None, **extra)

    def document(self, file_id: str, size: int, name: str, mime: str) -> dict[str, Any]:
        return self.message(
            None,
            document={
                "file_id": file_id,
                "file_unique_id": f"u{file_id}",
                "file_name": name,
                "mime_type": mime,
                "file_size": size,
            },
        )

    def sticker(self) -> dict[str, Any]:
        return self.message(
            None,
            sticker={
                "file_id": "stk",
                "file_unique_id": "ustk",
                "type": "regular",
                "width": 512,
                "height": 512,
                "is_animated": False,
                "is_video": False,
                "emoji": "😡",
            },
        )
