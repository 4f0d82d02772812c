"""A local fake of the Slack Web API, and the requests Slack sends to a Bolt app.

`FakeSlackAPI` is real HTTP on 127.0.0.1 (port 0) with Slack's wire format: it answers the
methods the desk uses, records every call with its parameters (query string, form or JSON body,
merged), keeps the messages it was asked to post so `chat.update` can change them, and threads
replies (`thread_ts`) under their parent as Slack does (`replies`), takes file uploads as
Slack's current API does (files.getUploadURLExternal gives an upload URL on this server, the
bytes are POSTed there, files.completeUploadExternal shares the file in a channel with its
`initial_comment` as the message; `files` keeps them), can be told
to answer 429 (with `Retry-After`), 500 or an `ok: false` error, and records any method it does
not know so the test fails on it. Point slack_sdk at it with
`AsyncWebClient(token=fake.token, base_url=fake.url + "/api/")`.

`SlackRequests` builds the bodies Slack posts to `/slack/events` (Events API envelopes,
interactivity payloads, slash commands) and `sign` the headers that authenticate them.
Nothing here imports slack_sdk, so the fake works without it.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import itertools
import json
import re
import time
import uuid
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from aiohttp import web

TEAM_ID = "T0EXAMPLE"
TEAM_NAME = "Example Team"
TEAM_DOMAIN = "example-team"
APP_ID = "A0EXAMPLE"
BOT_USER_ID = "U0BOT"
BOT_ID = "B0BOT"
BOT_NAME = "complaintbot"
CHANNEL_ID = "C0EXAMPLE"
CHANNEL_NAME = "complaints"

KNOWN = {
    "auth.test",
    "chat.postMessage",
    "chat.update",
    "chat.postEphemeral",
    "views.open",
    "users.info",
    "conversations.open",
    "apps.connections.open",
    "conversations.list",
    "files.getUploadURLExternal",
    "files.completeUploadExternal",
}
# Parameters Slack takes as JSON; in form bodies they arrive as JSON strings.
JSON_PARAMS = {"blocks", "attachments", "view", "metadata", "files"}
FORM = "application/x-www-form-urlencoded"


def is_user_id(value: str) -> bool:
    """A user id ("U…", or "W…" on Enterprise Grid), as opposed to a channel id."""
    return len(value) > 1 and value[0] in "UW" and value[1:].isalnum() and value.isupper()


def dm_channel(user_id: str) -> str:
    """The id of the bot's direct-message channel with a user: "U0ALICE" -> "D0ALICE".

    A "W…" user gets "DW…" so the two kinds never share a channel.
    """
    return "D" + (user_id[1:] if user_id.startswith("U") else user_id)


@dataclass
class Call:
    """One request the bot made: the method, its parameters (decoded) and the answer it got."""

    method: str
    params: dict[str, Any]
    at: float = field(default_factory=time.monotonic)
    response: dict[str, Any] | None = None  # the JSON answered; None for HTTP errors

    @property
    def ok(self) -> bool:
        return bool(self.response and self.response.get("ok"))


@dataclass
class _Failure:
    method: str
    status: int
    retry_after: int
    error: str | None
    channel: str | None = None


class FakeSlackAPI:
    """The fake server. `await fake.start()`, use `fake.url`, `await fake.stop()`."""

    def __init__(
        self,
        token: str = "xoxb-0000000000-0000000000000-testtoken",
        app_token: str = "xapp-1-A0EXAMPLE-0000000000000-testapptoken",
    ) -> None:
        self.token = token
        self.app_token = app_token  # Socket Mode: apps.connections.open takes only this one
        self.sockets: list[web.WebSocketResponse] = []
        self.socket_acks: dict[str, dict[str, Any]] = {}  # envelope id -> what the app acked
        self._socket_connected = asyncio.Event()
        self.calls: list[Call] = []
        self.unknown: list[str] = []
        self.users: dict[str, dict[str, Any]] = {}  # user id -> users.info "user"
        self.messages: dict[tuple[str, str], dict[str, Any]] = {}  # (channel, ts) -> message
        self.views: dict[str, dict[str, Any]] = {}  # view id -> the view as opened
        # file id -> name, length promised, bytes uploaded ("data"), channels shared in
        self.files: dict[str, dict[str, Any]] = {}
        self.channels: dict[str, str] = {CHANNEL_ID: CHANNEL_NAME}  # conversations.list
        self.failures: deque[_Failure] = deque()
        self._ts = itertools.count(1_700_000_000_000_100, 100)  # microseconds
        self._view_ids = itertools.count(1)
        self._runner: web.AppRunner | None = None
        self.url = ""

    # -- control ----------------------------------------------------------------------
    async def start(self) -> None:
        app = web.Application()
        app.router.add_route("*", "/api/{method}", self._method)
        app.router.add_post("/response/{n}", self._response_url)
        app.router.add_post("/upload/v1/{file_id}", self._upload)
        app.router.add_get("/socket", self._socket)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        port = self._runner.addresses[0][1]
        self.url = f"http://127.0.0.1:{port}"

    async def stop(self) -> None:
        for ws in list(self.sockets):
            await ws.close()
        if self._runner is not None:
            await self._runner.cleanup()

    # -- Socket Mode ------------------------------------------------------------------
    async def socket_connected(self, timeout: float = 10.0) -> None:
        """Wait until the app has opened its Socket Mode connection (and had its hello)."""
        await asyncio.wait_for(self._socket_connected.wait(), timeout)

    async def socket_send(
        self, kind: str, payload: dict[str, Any], *, accepts_response_payload: bool = False
    ) -> str:
        """Send an envelope (`events_api`, `interactive`, `slash_commands`) as Slack does
        over Socket Mode; its envelope id, under which `socket_acks` records the app's ack."""
        envelope_id = str(uuid.uuid4())
        envelope: dict[str, Any] = {
            "envelope_id": envelope_id,
            "type": kind,
            "payload": payload,
            "accepts_response_payload": accepts_response_payload,
        }
        if kind == "events_api":
            envelope["retry_attempt"] = 0
            envelope["retry_reason"] = ""
        await self.sockets[-1].send_str(json.dumps(envelope))
        return envelope_id

    async def _socket(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse(autoping=True)
        await ws.prepare(request)
        self.sockets.append(ws)
        await ws.send_str(
            json.dumps(
                {
                    "type": "hello",
                    "num_connections": len(self.sockets),
                    "debug_info": {"host": "fake", "approximate_connection_time": 18060},
                    "connection_info": {"app_id": APP_ID},
                }
            )
        )
        self._socket_connected.set()
        async for message in ws:
            if message.type.name == "TEXT":
                data = json.loads(message.data)
                if "envelope_id" in data:
                    self.socket_acks[data["envelope_id"]] = data.get("payload") or {}
        if ws in self.sockets:
            self.sockets.remove(ws)
        return ws

    def fail_next(
        self,
        method: str,
        status: int = 429,
        times: int = 1,
        retry_after: int = 1,
        error: str | None = None,
        channel: str | None = None,
    ) -> None:
        """Answer the next `times` calls of `method` with a failure (with `channel`: the
        next calls to that channel, or to the DM with that user).

        With `error`, HTTP 200 and `{"ok": false, "error": error}` (e.g. "channel_not_found");
        otherwise HTTP `status`: 429 carries `Retry-After: retry_after` and the error
        "ratelimited", any other status the error "fatal_error". `method` may also be
        "response_url".
        """
        where = None if channel is None else _resolve(channel)
        for _ in range(times):
            self.failures.append(_Failure(method, status, retry_after, error, where))

    def add_user(
        self,
        user_id: str,
        name: str,
        locale: str = "ko-KR",
        *,
        real_name: str | None = None,
        tz: str = "Asia/Seoul",
    ) -> None:
        """A workspace member `users.info` knows."""
        real_name = real_name or name
        self.users[user_id] = {
            "id": user_id,
            "team_id": TEAM_ID,
            "name": name,
            "deleted": False,
            "real_name": real_name,
            "tz": tz,
            "tz_label": "Korean Standard Time" if tz == "Asia/Seoul" else tz,
            "tz_offset": 32400 if tz == "Asia/Seoul" else 0,
            "locale": locale,
            "profile": {"display_name": name, "real_name": real_name, "team": TEAM_ID},
            "is_admin": False,
            "is_owner": False,
            "is_bot": False,
            "is_app_user": False,
            "updated": int(time.time()),
        }

    def called(self, method: str) -> list[Call]:
        return [c for c in self.calls if c.method == method]

    def posted(self, channel: str | None = None) -> list[Call]:
        """The `chat.postMessage` calls that succeeded, optionally to one channel or user.

        For a user id, posts to the user id and to the DM channel with that user both count.
        """
        wanted = None if channel is None else {channel, _resolve(channel)}
        return [
            c
            for c in self.calls
            if c.method == "chat.postMessage"
            and c.ok
            and (wanted is None or (c.response or {}).get("channel") in wanted)
        ]

    def replies(self, channel: str, thread_ts: str) -> list[dict[str, Any]]:
        """The replies in the thread of the message `thread_ts` in `channel` (a user id means
        the DM with them), oldest first; none when no such message was posted."""
        channel = _resolve(channel)
        if (channel, thread_ts) not in self.messages:
            return []
        return [
            m
            for (c, ts), m in sorted(self.messages.items(), key=lambda item: item[0][1])
            if c == channel and ts != thread_ts and m.get("thread_ts") == thread_ts
        ]

    def responses(self, n: int | None = None) -> list[Call]:
        """The POSTs to `response_url`s (params are the JSON posted; `_n` names the url)."""
        return [c for c in self.called("response_url") if n is None or c.params.get("_n") == n]

    async def wait_for(self, predicate: Callable[[], Any], timeout: float = 10.0) -> None:
        """Wait until `predicate()` holds (the bot works in the background)."""
        deadline = time.monotonic() + timeout
        while not predicate():
            if time.monotonic() > deadline:
                raise AssertionError("the fake Slack API did not see what was expected in time")
            await asyncio.sleep(0.02)

    def next_ts(self) -> str:
        """A message timestamp as Slack writes them ("1700000000.000100"), increasing."""
        micros = next(self._ts)
        return f"{micros // 1_000_000}.{micros % 1_000_000:06d}"

    def add_channel(self, channel_id: str, name: str) -> None:
        """A channel `conversations.list` shows."""
        self.channels[channel_id] = name

    def shared(self, channel: str) -> list[dict[str, Any]]:
        """The messages that shared files in `channel`, oldest first, each with its files'
        bytes (`files[i]["data"]`)."""
        return [
            {**m, "files": [{**f, "data": self.files[f["id"]]["data"]} for f in m["files"]]}
            for (c, _ts), m in sorted(self.messages.items(), key=lambda item: item[0][1])
            if c == channel and m.get("files")
        ]

    # -- the API ----------------------------------------------------------------------
    async def _params(self, request: web.Request) -> dict[str, Any]:
        raw: dict[str, Any] = dict(request.query)
        if request.can_read_body:
            if request.content_type == "application/json":
                body = await request.json()
                if isinstance(body, dict):
                    raw.update(body)
            else:
                raw.update(await request.post())
        params: dict[str, Any] = {}
        for key, value in raw.items():
            if key in JSON_PARAMS and isinstance(value, str) and value[:1] in "[{":
                try:
                    params[key] = json.loads(value)
                    continue
                except ValueError:
                    pass
            params[key] = value
        return params

    def _failure(self, method: str, params: dict[str, Any] | None = None) -> _Failure | None:
        channel = _resolve(str((params or {}).get("channel") or ""))
        for i, failure in enumerate(self.failures):
            if failure.method == method and failure.channel in (None, channel):
                del self.failures[i]
                return failure
        return None

    def _answer_failure(self, call: Call, failure: _Failure) -> web.Response:
        if failure.error is not None:
            return self._answer(call, {"ok": False, "error": failure.error})
        if failure.status == 429:
            call.response = {"ok": False, "error": "ratelimited"}
            return web.json_response(
                call.response, status=429, headers={"Retry-After": str(failure.retry_after)}
            )
        call.response = {"ok": False, "error": "fatal_error"}
        return web.json_response(call.response, status=failure.status)

    @staticmethod
    def _answer(call: Call, body: dict[str, Any]) -> web.Response:
        call.response = body
        return web.json_response(body)

    async def _method(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        params = await self._params(request)
        token = params.pop("token", None)
        authorization = request.headers.get("Authorization", "")
        if authorization.startswith("Bearer "):
            token = authorization.removeprefix("Bearer ")
        call = Call(method, params)
        self.calls.append(call)
        if method not in KNOWN:
            self.unknown.append(method)
            return self._answer(call, {"ok": False, "error": "unknown_method"})
        if not token:
            return self._answer(call, {"ok": False, "error": "not_authed"})
        expected = self.app_token if method == "apps.connections.open" else self.token
        if token != expected:
            return self._answer(call, {"ok": False, "error": "invalid_auth"})
        failure = self._failure(method, params)
        if failure is not None:
            return self._answer_failure(call, failure)
        handler = getattr(self, "_" + method.replace(".", "_"))
        return self._answer(call, handler(params))

    async def _response_url(self, request: web.Request) -> web.Response:
        n = int(request.match_info["n"])
        body = await request.json() if request.content_type == "application/json" else {}
        call = Call("response_url", {**body, "_n": n})
        self.calls.append(call)
        failure = self._failure("response_url")
        if failure is not None:
            return self._answer_failure(call, failure)
        return self._answer(call, {"ok": True})

    async def _upload(self, request: web.Request) -> web.Response:
        """The upload URL: the file's bytes, raw or as a multipart form's one file."""
        file_id = request.match_info["file_id"]
        call = Call("upload", {"file_id": file_id})
        self.calls.append(call)
        failure = self._failure("upload")
        if failure is not None:
            return web.Response(status=failure.status, text="upload failed")
        if file_id not in self.files:
            return web.Response(status=404, text="no such upload")
        if request.content_type.startswith("multipart/"):
            form = await request.post()
            field = next(iter(form.values()))
            data = field.file.read() if hasattr(field, "file") else str(field).encode()
        else:
            data = await request.read()
        self.files[file_id]["data"] = data
        call.response = {"ok": True}
        return web.Response(text=f"OK - {len(data)}")

    def _files_getUploadURLExternal(self, params: dict[str, Any]) -> dict[str, Any]:
        filename, length = params.get("filename"), str(params.get("length") or "")
        if not filename or not length.isdigit():
            return {"ok": False, "error": "invalid_arguments"}
        file_id = "F0" + uuid.uuid4().hex[:9].upper()
        self.files[file_id] = {"name": filename, "length": int(length), "data": None}
        return {"ok": True, "upload_url": f"{self.url}/upload/v1/{file_id}", "file_id": file_id}

    def _files_completeUploadExternal(self, params: dict[str, Any]) -> dict[str, Any]:
        files = params.get("files")
        if not isinstance(files, list) or not files:
            return {"ok": False, "error": "invalid_arguments"}
        for item in files:
            stored = self.files.get(str(item.get("id")))
            if stored is None or stored["data"] is None:
                return {"ok": False, "error": "file_not_found"}
            if len(stored["data"]) != stored["length"]:
                return {"ok": False, "error": "file_uploads_length_mismatch"}  # as Slack checks
        channel = str(params.get("channel_id") or "")
        shared = [
            {"id": str(i["id"]), "name": self.files[str(i["id"])]["name"], "title": i.get("title")}
            for i in files
        ]
        for item in shared:
            self.files[item["id"]].setdefault("channels", [])
        if channel:
            if channel not in self.channels and not channel.startswith("D"):
                return {"ok": False, "error": "channel_not_found"}  # ids only, never names
            ts = self.next_ts()
            message = self._bot_message({"text": params.get("initial_comment", "")}, ts)
            message["files"] = shared
            self.messages[(channel, ts)] = message
            for item in shared:
                self.files[item["id"]]["channels"].append(channel)
        return {"ok": True, "files": shared}

    def _conversations_list(self, params: dict[str, Any]) -> dict[str, Any]:
        """Every channel on one page; `limit` pages them as Slack does, by a cursor."""
        ids = sorted(self.channels)
        start = int(str(params.get("cursor") or "0") or 0)
        limit = int(str(params.get("limit") or "100"))
        page = ids[start : start + limit]
        channels = [{"id": c, "name": self.channels[c], "is_channel": True} for c in page]
        more = str(start + limit) if start + limit < len(ids) else ""
        return {"ok": True, "channels": channels, "response_metadata": {"next_cursor": more}}

    def _apps_connections_open(self, params: dict[str, Any]) -> dict[str, Any]:
        return {"ok": True, "url": self.url.replace("http://", "ws://") + "/socket"}

    def _auth_test(self, params: dict[str, Any]) -> dict[str, Any]:
        return {
            "ok": True,
            "url": f"https://{TEAM_DOMAIN}.slack.com/",
            "team": TEAM_NAME,
            "user": BOT_NAME,
            "team_id": TEAM_ID,
            "user_id": BOT_USER_ID,
            "bot_id": BOT_ID,
            "is_enterprise_install": False,
        }

    def _bot_message(self, params: dict[str, Any], ts: str) -> dict[str, Any]:
        message: dict[str, Any] = {
            "type": "message",
            "user": BOT_USER_ID,
            "bot_id": BOT_ID,
            "app_id": APP_ID,
            "team": TEAM_ID,
            "text": params.get("text", ""),
            "ts": ts,
            "blocks": params.get("blocks") or [],
            "bot_profile": {"id": BOT_ID, "app_id": APP_ID, "name": BOT_NAME, "team_id": TEAM_ID},
        }
        if params.get("attachments"):
            message["attachments"] = params["attachments"]
        if params.get("thread_ts"):
            message["thread_ts"] = str(params["thread_ts"])
            if _truthy(params.get("reply_broadcast")):
                message["subtype"] = "thread_broadcast"  # also shown in the channel itself
        return message

    def _chat_postMessage(self, params: dict[str, Any]) -> dict[str, Any]:
        channel = str(params.get("channel") or "")
        if not channel:
            return {"ok": False, "error": "channel_not_found"}
        if not (params.get("text") or params.get("blocks") or params.get("attachments")):
            return {"ok": False, "error": "no_text"}
        channel = _resolve(channel)
        thread_ts = params.get("thread_ts")
        if thread_ts is not None and not _TS.fullmatch(str(thread_ts)):
            return {"ok": False, "error": "invalid_thread_ts"}
        ts = self.next_ts()
        message = self._bot_message(params, ts)
        self.messages[(channel, ts)] = message
        parent = self.messages.get((channel, str(thread_ts))) if thread_ts else None
        if parent is not None:
            # As Slack does; a reply to a message that is not there is taken and shown nowhere.
            parent.setdefault("thread_ts", parent["ts"])
            parent["reply_count"] = int(parent.get("reply_count", 0)) + 1
            parent["latest_reply"] = ts
        return {"ok": True, "channel": channel, "ts": ts, "message": dict(message)}

    def _chat_update(self, params: dict[str, Any]) -> dict[str, Any]:
        channel, ts = str(params.get("channel") or ""), str(params.get("ts") or "")
        message = self.messages.get((channel, ts))
        if message is None:
            return {"ok": False, "error": "message_not_found"}
        for key in ("text", "blocks", "attachments"):
            if key in params:
                message[key] = params[key]
        message["edited"] = {"user": BOT_USER_ID, "ts": self.next_ts()}
        return {
            "ok": True,
            "channel": channel,
            "ts": ts,
            "text": message["text"],
            "message": dict(message),
        }

    def _chat_postEphemeral(self, params: dict[str, Any]) -> dict[str, Any]:
        if not params.get("channel"):
            return {"ok": False, "error": "channel_not_found"}
        if not params.get("user"):
            return {"ok": False, "error": "user_not_in_channel"}
        return {"ok": True, "message_ts": self.next_ts()}

    def _views_open(self, params: dict[str, Any]) -> dict[str, Any]:
        view = params.get("view")
        if not params.get("trigger_id") or not isinstance(view, dict):
            return {"ok": False, "error": "invalid_arguments"}
        view_id = f"V0{next(self._view_ids):08d}"
        opened = {
            "id": view_id,
            "team_id": TEAM_ID,
            "type": "modal",
            "blocks": [],
            "private_metadata": "",
            "callback_id": "",
            "external_id": "",
            "clear_on_close": False,
            "notify_on_close": False,
            **view,
            "state": {"values": {}},
            "hash": f"{int(time.time())}.{uuid.uuid4().hex[:8]}",
            "root_view_id": view_id,
            "previous_view_id": None,
            "app_id": APP_ID,
            "app_installed_team_id": TEAM_ID,
            "bot_id": BOT_ID,
        }
        self.views[view_id] = opened
        return {"ok": True, "view": opened}

    def _users_info(self, params: dict[str, Any]) -> dict[str, Any]:
        user = self.users.get(str(params.get("user") or ""))
        if user is None:
            return {"ok": False, "error": "user_not_found"}
        user = json.loads(json.dumps(user))
        # As Slack does, the locale only comes when asked for (slack_sdk sends "1"/"0").
        if str(params.get("include_locale", "")).lower() not in {"1", "true"}:
            user.pop("locale")
        return {"ok": True, "user": user}

    def _conversations_open(self, params: dict[str, Any]) -> dict[str, Any]:
        if params.get("channel"):
            channel = {"id": str(params["channel"])}
            return {"ok": True, "no_op": True, "already_open": True, "channel": channel}
        users = params.get("users") or ""
        ids = users if isinstance(users, list) else [u for u in str(users).split(",") if u]
        if not ids:
            return {"ok": False, "error": "users_list_not_supplied"}
        if len(ids) == 1:
            return {"ok": True, "channel": {"id": dm_channel(ids[0])}}
        digest = hashlib.sha1(",".join(sorted(ids)).encode()).hexdigest()[:9].upper()
        return {"ok": True, "channel": {"id": f"G{digest}"}}


# A message timestamp as Slack writes them: seconds, a dot, microseconds.
_TS = re.compile(r"\d{10}\.\d{6}")


def _truthy(value: Any) -> bool:
    """A boolean parameter as JSON (true) or a form field ("true", "1") sends it."""
    return value is True or str(value).lower() in {"1", "true"}


def _resolve(channel: str) -> str:
    """Where a post to `channel` lands: a user id means the DM channel with that user."""
    return dm_channel(channel) if is_user_id(channel) else channel


# -- requests to the app ----------------------------------------------------------------


def sign(
    body: bytes, secret: str, timestamp: int | None = None, content_type: str | None = None
) -> dict[str, str]:
    """The headers that authenticate a request from Slack (v0 signing secret scheme).

    `X-Slack-Signature` is "v0=" + hex HMAC-SHA256(secret, b"v0:{timestamp}:" + body).
    """
    timestamp = int(time.time()) if timestamp is None else timestamp
    base = f"v0:{timestamp}:".encode() + body
    digest = hmac.new(secret.encode(), base, hashlib.sha256).hexdigest()
    headers = {"X-Slack-Request-Timestamp": str(timestamp), "X-Slack-Signature": f"v0={digest}"}
    if content_type is not None:
        headers["Content-Type"] = content_type
    return headers


def retry_headers(n: int, reason: str = "http_timeout") -> dict[str, str]:
    """The headers of Slack's `n`-th redelivery of an event the app did not acknowledge."""
    return {"X-Slack-Retry-Num": str(n), "X-Slack-Retry-Reason": reason}


# Event ids and message timestamps are unique per process, as Slack's are per workspace:
# every test's events are new ones to an app that drops duplicates.
_EVENT_IDS = itertools.count(int(time.time() * 1000) % 10**9)
_MESSAGE_TS = itertools.count(1)


def _incoming_ts() -> str:
    return f"{int(time.time())}.{next(_MESSAGE_TS) % 1_000_000:06d}"


def _trigger_id() -> str:
    return f"{int(time.time() * 1000)}.{next(_EVENT_IDS)}.{uuid.uuid4().hex}"


class SlackRequests:
    """Bodies as Slack posts them to the app: each method returns `(body, content_type)`.

    Given the fake, `response_url`s point at it (`fake.url + "/response/<n>"`), user names
    come from its `add_user`, and a `block_actions` on a message the bot posted (or a
    `view_submission` of a modal it opened) carries that message (or view) as the fake has it.
    """

    def __init__(
        self,
        team_id: str = TEAM_ID,
        api_app_id: str = APP_ID,
        fake: FakeSlackAPI | None = None,
        *,
        team_domain: str = TEAM_DOMAIN,
        verification_token: str = "Jhj5dZrVaK7ZwHHjRyZWjbDl",
    ) -> None:
        self.team_id = team_id
        self.api_app_id = api_app_id
        self.fake = fake
        self.team_domain = team_domain
        self.verification_token = verification_token
        self._responses: Iterator[int] = itertools.count(1)

    # -- pieces -------------------------------------------------------------------------
    def response_url(self) -> str:
        n = next(self._responses)
        if self.fake is not None and self.fake.url:
            return f"{self.fake.url}/response/{n}"
        return f"https://hooks.slack.com/actions/{self.team_id}/{n}/{uuid.uuid4().hex[:24]}"

    def _name(self, user: str) -> str:
        if self.fake is not None and user in self.fake.users:
            return str(self.fake.users[user]["name"])
        return user.lower()

    def _user(self, user: str) -> dict[str, Any]:
        name = self._name(user)
        return {"id": user, "username": name, "name": name, "team_id": self.team_id}

    def _team(self) -> dict[str, Any]:
        return {"id": self.team_id, "domain": self.team_domain}

    @staticmethod
    def _channel_name(channel: str) -> str:
        if channel.startswith("D"):
            return "directmessage"
        return CHANNEL_NAME if channel == CHANNEL_ID else channel.lower()

    def _json(self, payload: dict[str, Any]) -> tuple[bytes, str]:
        return json.dumps(payload).encode(), "application/json"

    def _form_payload(self, payload: dict[str, Any]) -> tuple[bytes, str]:
        return urlencode({"payload": json.dumps(payload)}).encode(), FORM

    # -- Events API ---------------------------------------------------------------------
    def url_verification(self, challenge: str) -> tuple[bytes, str]:
        return self._json(
            {"token": self.verification_token, "challenge": challenge, "type": "url_verification"}
        )

    def event_callback(
        self, event: dict[str, Any], event_id: str | None = None
    ) -> tuple[bytes, str]:
        """Any event in the `event_callback` envelope."""
        return self._json(
            {
                "token": self.verification_token,
                "team_id": self.team_id,
                "context_team_id": self.team_id,
                "context_enterprise_id": None,
                "api_app_id": self.api_app_id,
                "event": event,
                "type": "event_callback",
                "event_id": event_id or f"Ev{next(_EVENT_IDS):09d}",
                "event_time": int(time.time()),
                "authorizations": [
                    {
                        "enterprise_id": None,
                        "team_id": self.team_id,
                        "user_id": BOT_USER_ID,
                        "is_bot": True,
                        "is_enterprise_install": False,
                    }
                ],
                "is_ext_shared_channel": False,
                "event_context": f"4-{uuid.uuid4().hex}",
            },
        )

    def file_share_im(self, user: str, text: str = "") -> tuple[bytes, str]:
        """A file sent to the bot in a DM, with an optional comment (subtype `file_share`)."""
        body, _ = self.message_im(user, text)
        payload = json.loads(body)
        file_id = "F0" + uuid.uuid4().hex[:9].upper()
        payload["event"].update(
            subtype="file_share",
            upload=False,
            display_as_bot=False,
            files=[
                {
                    "id": file_id,
                    "name": "IMG_1024.jpg",
                    "mimetype": "image/jpeg",
                    "filetype": "jpg",
                    "size": 482133,
                    "url_private": f"https://files.slack.com/files-pri/{self.team_id}-{file_id}/img_1024.jpg",
                }
            ],
        )
        return self.event_callback(payload["event"])

    def message_im(
        self,
        user: str,
        text: str,
        event_id: str | None = None,
        channel: str | None = None,
        ts: str | None = None,
    ) -> tuple[bytes, str]:
        """A direct message from `user` to the bot (in `dm_channel(user)` unless told)."""
        ts = ts or _incoming_ts()
        event = {
            "client_msg_id": str(uuid.uuid4()),
            "type": "message",
            "text": text,
            "user": user,
            "ts": ts,
            "blocks": [
                {
                    "type": "rich_text",
                    "block_id": uuid.uuid4().hex[:5],
                    "elements": [
                        {"type": "rich_text_section", "elements": [{"type": "text", "text": text}]}
                    ],
                }
            ],
            "team": self.team_id,
            "channel": channel or dm_channel(user),
            "event_ts": ts,
            "channel_type": "im",
        }
        return self.event_callback(event, event_id)

    # -- interactivity ------------------------------------------------------------------
    def block_actions(
        self,
        user: str,
        action_id: str,
        value: str | None = None,
        selected_user: str | None = None,
        channel: str = CHANNEL_ID,
        message_ts: str | None = None,
        blocks: list[dict[str, Any]] | None = None,
        trigger_id: str | None = None,
    ) -> tuple[bytes, str]:
        """A click (button, or users_select with `selected_user`) on a message's block."""
        stored = None
        if self.fake is not None and message_ts is not None:
            stored = self.fake.messages.get((channel, message_ts))
        message_ts = message_ts or _incoming_ts()
        if blocks is None:
            blocks = list(stored["blocks"]) if stored else []
        message = {
            "type": "message",
            "user": BOT_USER_ID,
            "bot_id": BOT_ID,
            "team": self.team_id,
            "ts": message_ts,
            "text": stored["text"] if stored else "",
            "blocks": blocks,
        }
        block_id, element = _find_element(blocks, action_id)
        action: dict[str, Any] = {
            "type": (element or {}).get("type")
            or ("users_select" if selected_user is not None else "button"),
            "action_id": action_id,
            "block_id": block_id,
            "action_ts": _incoming_ts(),
        }
        if action["type"] == "button":
            action["text"] = (element or {}).get(
                "text", {"type": "plain_text", "text": action_id, "emoji": True}
            )
        if value is not None:
            action["value"] = value
        if selected_user is not None:
            action["selected_user"] = selected_user
        return self._form_payload(
            {
                "type": "block_actions",
                "user": self._user(user),
                "api_app_id": self.api_app_id,
                "token": self.verification_token,
                "container": {
                    "type": "message",
                    "message_ts": message_ts,
                    "channel_id": channel,
                    "is_ephemeral": False,
                },
                "trigger_id": trigger_id or _trigger_id(),
                "team": self._team(),
                "enterprise": None,
                "is_enterprise_install": False,
                "channel": {"id": channel, "name": self._channel_name(channel)},
                "message": message,
                "state": {"values": {}},
                "response_url": self.response_url(),
                "actions": [action],
            }
        )

    def view_submission(
        self,
        user: str,
        callback_id: str,
        values: dict[str, dict[str, dict[str, Any]]],
        private_metadata: str = "",
    ) -> tuple[bytes, str]:
        """The submit of a modal: `values` is block_id -> action_id -> {"type", "value"}."""
        opened: dict[str, Any] = {}
        if self.fake is not None:
            matching = [v for v in self.fake.views.values() if v.get("callback_id") == callback_id]
            opened = matching[-1] if matching else {}
        view_id = opened.get("id") or f"V{uuid.uuid4().hex[:9].upper()}"
        view = {
            "id": view_id,
            "team_id": self.team_id,
            "type": "modal",
            "blocks": opened.get("blocks", []),
            "private_metadata": private_metadata or opened.get("private_metadata", ""),
            "callback_id": callback_id,
            "state": {"values": values},
            "hash": f"{int(time.time())}.{uuid.uuid4().hex[:8]}",
            "title": opened.get("title", {"type": "plain_text", "text": "Complaint"}),
            "clear_on_close": False,
            "notify_on_close": False,
            "close": opened.get("close"),
            "submit": opened.get("submit", {"type": "plain_text", "text": "Submit"}),
            "previous_view_id": None,
            "root_view_id": view_id,
            "app_id": self.api_app_id,
            "external_id": "",
            "app_installed_team_id": self.team_id,
            "bot_id": BOT_ID,
        }
        return self._form_payload(
            {
                "type": "view_submission",
                "team": self._team(),
                "user": self._user(user),
                "api_app_id": self.api_app_id,
                "token": self.verification_token,
                "trigger_id": _trigger_id(),
                "view": view,
                "response_urls": [],
                "is_enterprise_install": False,
                "enterprise": None,
            }
        )

    def slash_command(
        self, user: str, command: str, text: str, channel: str = CHANNEL_ID
    ) -> tuple[bytes, str]:
        """A slash command, form-encoded with the fields (and in the order) Slack sends."""
        fields = {
            "token": self.verification_token,
            "team_id": self.team_id,
            "team_domain": self.team_domain,
            "channel_id": channel,
            "channel_name": self._channel_name(channel),
            "user_id": user,
            "user_name": self._name(user),
            "command": command,
            "text": text,
            "api_app_id": self.api_app_id,
            "is_enterprise_install": "false",
            "response_url": self.response_url(),
            "trigger_id": _trigger_id(),
        }
        return urlencode(fields).encode(), FORM


def _find_element(
    blocks: list[dict[str, Any]], action_id: str
) -> tuple[str, dict[str, Any] | None]:
    """The block id and element of `action_id` in `blocks` (("actions", None) if absent)."""
    for block in blocks:
        elements = block.get("elements") or ([block["accessory"]] if "accessory" in block else [])
        for element in elements:
            if isinstance(element, dict) and element.get("action_id") == action_id:
                return str(block.get("block_id", "actions")), element
    return "actions", None
