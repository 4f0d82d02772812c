"""python-telegram-bot's requests on aiohttp (`bot/channels/telegram_request.py`): the same
errors and bodies as its own httpx request, against real local servers."""

from __future__ import annotations

import asyncio
import socket

import pytest
from aiohttp import web
from telegram import Bot, InputFile
from telegram.error import NetworkError, TimedOut

from bot.channels.telegram_request import AiohttpRequest
from tests.fakes.telegram import FakeBotAPI


async def test_a_method_reaches_the_bot_api_form_encoded_with_its_markup() -> None:
    fake = FakeBotAPI()
    await fake.start()
    try:
        async with Bot(fake.token, base_url=f"{fake.url}/bot", request=AiohttpRequest(2)) as bot:
            message = await bot.send_message(42, "<b>hi</b> & bye", parse_mode="HTML")
        assert message.text == "<b>hi</b> & bye"
        (call,) = fake.sent(42)
        assert call.params["parse_mode"] == "HTML"
        assert call.params["text"] == "<b>hi</b> & bye"
    finally:
        await fake.stop()


async def _server(handler) -> tuple[web.AppRunner, str]:
    app = web.Application()
    app.router.add_post("/bot1:x/{method}", handler)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    return runner, f"http://127.0.0.1:{port}/bot"


async def test_a_file_goes_as_multipart() -> None:
    seen: dict[str, object] = {}

    async def send_document(request: web.Request) -> web.Response:
        form = await request.post()
        upload = form["document"]
        with upload.file:  # type: ignore[union-attr]
            content = upload.file.read()  # type: ignore[union-attr]
        seen.update(
            method=request.match_info["method"],
            chat_id=form["chat_id"],
            name=upload.filename,  # type: ignore[union-attr]
            content=content,
        )
        message = {"message_id": 1, "date": 0, "chat": {"id": 7, "type": "private"}}
        return web.json_response({"ok": True, "result": message})

    runner, base = await _server(send_document)
    request = AiohttpRequest(2)
    try:
        await request.initialize()
        bot = Bot("1:x", base_url=base, request=request)
        await bot.send_document(7, InputFile(b"%PDF-1.4 receipt", filename="receipt.pdf"))
    finally:
        await request.shutdown()
        await runner.cleanup()
    assert seen == {
        "method": "sendDocument",
        "chat_id": "7",
        "name": "receipt.pdf",
        "content": b"%PDF-1.4 receipt",
    }


async def test_no_server_is_a_network_error() -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # closed again before the request: nobody listens
    request = AiohttpRequest(2)
    await request.initialize()
    try:
        bot = Bot("1:x", base_url=f"http://127.0.0.1:{port}/bot", request=request)
        with pytest.raises(NetworkError, match="aiohttp"):
            await bot.send_message(7, "hello")
    finally:
        await request.shutdown()


async def test_a_server_that_does_not_answer_in_time_is_a_timeout() -> None:
    async def slow(request: web.Request) -> web.Response:
        await asyncio.sleep(2)
        return web.json_response({"ok": True, "result": True})

    runner, base = await _server(slow)
    request = AiohttpRequest(2, read_timeout=0.2, write_timeout=0.0)
    await request.initialize()
    try:
        bot = Bot("1:x", base_url=base, request=request)
        with pytest.raises(TimedOut):
            await bot.send_message(7, "hello")
    finally:
        await request.shutdown()
        await runner.cleanup()


async def test_a_request_before_initialize_is_refused() -> None:
    bot = Bot("1:x", base_url="http://127.0.0.1:9/bot", request=AiohttpRequest(2))
    with pytest.raises(NetworkError, match="not initialized"):
        await bot.send_message(7, "hello")
