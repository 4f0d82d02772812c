"""A fake Telegram for hand trials: the tests' Bot API fake on a fixed port, and a control port.

    python nlu/tests/trials/kit/tg_trial.py API_PORT CONTROL_PORT

Start the bot with TELEGRAM_BOT_TOKEN=123456:TEST-token and
TELEGRAM_API_BASE_URL=http://127.0.0.1:API_PORT, then drive customers with tg_say.py:
POST /say {"user", "lang", "text"}, POST /press {"user", "lang", "data"}, POST /poll {"user"}
answer with what the bot sent that chat since that chat's last call (pushed staff messages too).
"""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path
from typing import Any

from aiohttp import web

sys.path.insert(0, str(Path(__file__).resolve().parents[4]))

from tests.fakes.telegram import FakeBotAPI, Updates

SETTLE = 2.0  # seconds without a new message before a turn's replies are taken as complete
LIMIT = 60.0


def shown(call: Any) -> dict[str, Any]:
    markup = call.params.get("reply_markup") or {}
    rows = markup.get("inline_keyboard", []) if isinstance(markup, dict) else []
    buttons = [f"{b.get('text')} => {b.get('callback_data')}" for row in rows for b in row]
    return {"text": call.params.get("text", ""), "buttons": buttons}


async def main(api_port: int, control_port: int) -> None:
    api = FakeBotAPI()
    await api.start(api_port)
    seen: dict[str, int] = {}
    users: dict[str, Updates] = {}

    def updates(user: str, lang: str) -> Updates:
        if user not in users:
            users[user] = Updates(user_id=int(user), language_code=lang or "en")
        return users[user]

    def unseen(user: str) -> list[dict[str, Any]]:
        calls = api.sent(user)
        start = seen.get(user, 0)
        seen[user] = len(calls)
        return [shown(c) for c in calls[start:]]

    async def settle(user: str) -> None:
        before = len(api.sent(user))
        loop = asyncio.get_running_loop()
        began = last = loop.time()
        count = before
        while loop.time() - began < LIMIT:
            await asyncio.sleep(0.2)
            now = len(api.sent(user))
            if now != count:
                count, last = now, loop.time()
            if count > before and loop.time() - last >= SETTLE:
                return

    async def sent(request: web.Request, what: str) -> web.Response:
        body = await request.json()
        user = str(body["user"])
        unseen(user)
        update = updates(user, body.get("lang", "en"))
        api.queue_update(
            update.message(body["text"]) if what == "say" else update.callback(body["data"])
        )
        await settle(user)
        return web.json_response({"messages": unseen(user)})

    async def say(request: web.Request) -> web.Response:
        return await sent(request, "say")

    async def press(request: web.Request) -> web.Response:
        return await sent(request, "press")

    async def poll(request: web.Request) -> web.Response:
        body = await request.json()
        return web.json_response({"messages": unseen(str(body["user"]))})

    app = web.Application()
    app.router.add_post("/say", say)
    app.router.add_post("/press", press)
    app.router.add_post("/poll", poll)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", control_port).start()
    print(f"fake Telegram on {api.url}, control on http://127.0.0.1:{control_port}", flush=True)
    await asyncio.Event().wait()


if __name__ == "__main__":
    asyncio.run(main(int(sys.argv[1]), int(sys.argv[2])))
