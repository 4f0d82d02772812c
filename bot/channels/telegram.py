"""Telegram, with python-telegram-bot 22: complaints, status, files, and notifications.

Two modes: long polling when only `TELEGRAM_BOT_TOKEN` is set (works behind a firewall), or a
webhook at `POST /telegram/webhook` when `TELEGRAM_WEBHOOK_URL` is set (registered with
`setWebhook` and a secret token; a request without that secret gets 403 and is not read).
`TELEGRAM_API_BASE_URL` points the bot at another Bot API server.

What a customer sees:
- A private chat is one conversation (`telegram:<chat id>`). Replies are sent as HTML with
  every text escaped; buttons become an inline keyboard, and pressing one answers the
  callback, removes the keyboard (a choice cannot be made twice) and continues.
- `/start` greets and explains the desk; `/help`, `/status CMP-…` and `/mycomplaints` work as
  commands too.
- Photos and PDF files are attached to the complaint (see `handlers/attachments.py`); a
  caption is read as a message. Stickers, voice, locations and the like get a polite "please
  write it", and the form waits where it was.
- An edited message is not read again: the customer is told that edits do not change what
  was recorded and to send the change as a new message (at the read-back any detail can be
  corrected). Re-reading an edit in the middle of the form would answer whichever question
  is open now, not the one the message answered.
- In a group or a channel the bot takes no complaint: it says once per chat (until a
  restart) that it works in a private chat, with a `t.me` link to start one.
- Chats are handled concurrently, each chat's updates in the order they came (`ChatOrder`):
  a 429 wait or a large download in one chat holds up no other.
- An update is claimed in the database, with its payload, before it is handled, and marked
  done once its replies are sent (`bot/channels/deliveries.py`): a redelivery of a finished
  update is skipped, one whose process died mid-turn is handled (and one left unfinished is
  replayed at start), keyed by the bot's id so another token's update ids are new. A turn
  already stored when the process died is answered with its stored replies, not run again.
"""

from __future__ import annotations

import asyncio
import contextlib
import html
import inspect
import json
import logging
import warnings
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping
from datetime import timedelta
from typing import Any

from aiohttp import web
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import sessionmaker
from telegram import (
    Bot,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    Update,
)
from telegram.constants import MessageLimit, ParseMode
from telegram.error import (
    BadRequest,
    Forbidden,
    InvalidToken,
    NetworkError,
    RetryAfter,
    TelegramError,
)
from telegram.ext import (
    AIORateLimiter,
    Application,
    BaseUpdateProcessor,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    ExtBot,
    MessageHandler,
    filters,
)
from telegram.warnings import PTBDeprecationWarning

from bot.channels.base import Channel
from bot.channels.deliveries import RENEW_EVERY, Deliveries
from bot.channels.telegram_request import AiohttpRequest
from bot.dialogue import Dialogue, Reply
from bot.errors import StartupError
from bot.jobs.outbox import RetryLater, Unreachable
from bot.server.http import error, json_object, same_secret
from bot.settings import TelegramSettings
from handlers.attachments import Limits, keep, refusal
from handlers.identity import Identity
from handlers.policy import Policy
from storage import repositories as repo
from storage.db import transaction
from storage.types import utcnow

log = logging.getLogger(__name__)

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
ALLOWED_UPDATES = ["message", "edited_message", "callback_query", "channel_post"]
CALLBACK_DATA_BYTES = 64  # Telegram's limit on a button's data
# Updates handled at once, across chats (each chat's own one at a time, in order).
CONCURRENT_UPDATES = 256
# The webhook answers once the update is handled, or after this long with the update stored
# and queued: Telegram waits about a minute before it sends an update again.
WEBHOOK_WAIT = 10.0
COMMANDS = {
    "en": [
        ("start", "What this desk does, and how to complain"),
        ("status", "Where a complaint stands: /status CMP-…"),
        ("mycomplaints", "Your complaints"),
        ("help", "What I can do"),
    ],
    "ko": [
        ("start", "불편 사항 접수 안내"),
        ("status", "처리 상황 확인: /status CMP-…"),
        ("mycomplaints", "접수 내역"),
        ("help", "도움말"),
    ],
}


def language_hint(language_code: str | None) -> str:
    """The customer's language from Telegram's `language_code` (`ko*` is Korean)."""
    return "ko" if (language_code or "").lower().startswith("ko") else "en"


def html_text(text: str) -> str:
    """Text for HTML parse mode: every customer- or staff-provided character escaped."""
    return html.escape(text, quote=False)


def split_message(text: str, limit: int = MessageLimit.MAX_TEXT_LENGTH) -> list[str]:
    """A text in pieces of at most `limit` characters, cut at line ends where possible."""
    pieces: list[str] = []
    current = ""
    for line in text.split("\n"):
        while len(line) > limit:  # a single line longer than a message: cut it
            if current:
                pieces.append(current)
                current = ""
            pieces.append(line[:limit])
            line = line[limit:]
        candidate = f"{current}\n{line}" if current else line
        if len(candidate) > limit:
            pieces.append(current)
            current = line
        else:
            current = candidate
    if current or not pieces:
        pieces.append(current)
    return pieces


def keyboard(replies: list[Reply]) -> InlineKeyboardMarkup | None:
    """The replies' buttons as an inline keyboard, one button a row."""
    rows = []
    for reply in replies:
        for button in reply.buttons:
            data = button.payload
            if len(data.encode()) > CALLBACK_DATA_BYTES:
                data = button.title.encode()[:CALLBACK_DATA_BYTES].decode(errors="ignore")
            rows.append([InlineKeyboardButton(button.title[:64], callback_data=data)])
    return InlineKeyboardMarkup(rows) if rows else None


def messages_of(replies: list[Reply]) -> list[tuple[str, InlineKeyboardMarkup | None]]:
    """A turn's replies as Telegram messages: texts joined, so a turn is one message (the
    per-chat limit is about one a second), split when over 4096 characters, the buttons on
    the last piece."""
    texts = [r.text for r in replies if r.text]
    images = [r.image for r in replies if r.image]
    body = "\n\n".join(html_text(t) for t in texts + images)
    if not body:
        return []
    pieces = split_message(body)
    markup = keyboard(replies)
    return [(piece, markup if i == len(pieces) - 1 else None) for i, piece in enumerate(pieces)]


async def check_token(settings: TelegramSettings) -> str:
    """Ask Telegram who the token belongs to (getMe): the bot's username, or one clear
    `StartupError` (checked before the model loads, so a wrong token fails at once)."""
    where = settings.api_base_url or "https://api.telegram.org"
    async with (
        startup_errors(where),
        Bot(settings.token, base_url=f"{where}/bot", base_file_url=f"{where}/file/bot") as bot,
    ):
        return str(bot.username)


@contextlib.asynccontextmanager
async def startup_errors(where: str) -> AsyncIterator[None]:
    """Telegram refusing the token, or not answering, as one clear `StartupError`."""
    try:
        yield
    except InvalidToken as exc:
        raise StartupError(
            "TELEGRAM_BOT_TOKEN was refused by Telegram (getMe): copy the token again "
            "from @BotFather (/mybots → API Token)"
        ) from exc
    except NetworkError as exc:
        raise StartupError(f"cannot reach the Telegram Bot API at {where}: {exc}") from exc


def bot_id(token: str) -> str:
    """The bot's id: the token's numeric part before the colon (what getMe answers)."""
    return token.partition(":")[0]


class UpdateQueue(asyncio.Queue[object]):
    """python-telegram-bot's update queue; each update is claimed (and stored) before it is
    queued, and a redelivery is dropped here. The updater confirms an offset with the next
    `getUpdates`, so what it fetched must be stored before it asks again."""

    def __init__(self, admit: Callable[[Update], bool]) -> None:
        super().__init__()
        self._admit = admit

    async def put(self, item: object) -> None:
        if isinstance(item, Update) and not self._admit(item):
            return
        await super().put(item)


class ChatOrder(BaseUpdateProcessor):
    """Updates of different chats at once, each chat's one at a time in the order they were
    queued; `finished` is called after an update was handled (not when cancelled)."""

    def __init__(self, finished: Callable[[object], None], limit: int = CONCURRENT_UPDATES):
        super().__init__(limit)
        self._finished = finished
        self._chats: dict[int | None, tuple[asyncio.Lock, int]] = {}

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        chat_of = update.effective_chat if isinstance(update, Update) else None
        chat = chat_of.id if chat_of is not None else None
        lock, users = self._chats.get(chat) or (asyncio.Lock(), 0)
        self._chats[chat] = (lock, users + 1)
        started = False
        try:
            async with lock:
                cancelled, started = False, True
                try:
                    await coroutine
                except asyncio.CancelledError:  # stopping: left unfinished, replayed later
                    cancelled = True
                    raise
                finally:
                    if not cancelled:
                        self._finished(update)
        finally:
            if not started and inspect.iscoroutine(coroutine):
                coroutine.close()  # cancelled while waiting its turn: never run
            lock, users = self._chats[chat]
            if users == 1:
                del self._chats[chat]
            else:
                self._chats[chat] = (lock, users - 1)

    async def initialize(self) -> None:
        return None

    async def shutdown(self) -> None:
        return None


class TelegramChannel(Channel):
    """The Telegram bot: polling or webhook, the same conversation as every channel."""

    name = "telegram"

    def __init__(
        self,
        dialogue: Dialogue,
        factory: sessionmaker,
        settings: TelegramSettings,
        limits: Limits,
        policy: Policy | None = None,
    ) -> None:
        super().__init__(dialogue)
        self.factory = factory
        self.settings = settings
        self.limits = limits
        self.policy = policy  # a file sent after filing is posted to the complaint's staff
        self.deliveries = Deliveries(factory, self.name, bot_id(settings.token))
        self._handled: dict[int, asyncio.Future[None]] = {}  # in flight: the webhook waits
        self._keeper: asyncio.Task[None] | None = None
        api = settings.api_base_url or "https://api.telegram.org"
        # Notifications go through a bot of their own, held by AIORateLimiter to Telegram's
        # overall (~30 a second) and group limits; replies to a customer's message do not
        # wait behind them (a 429 on a reply is waited out and the reply sent again).
        self.notifier: ExtBot[Any] = ExtBot(
            settings.token,
            base_url=f"{api}/bot",
            base_file_url=f"{api}/file/bot",
            rate_limiter=AIORateLimiter(max_retries=0),  # the outbox retries, not the limiter
            request=AiohttpRequest(4),
        )
        builder = (
            Application.builder()
            .token(settings.token)
            # aiohttp's client instead of httpx (see telegram_request.py). Sixteen keep-alive
            # connections, waited for up to 5 s: with chats handled in parallel, eight and
            # 1 s timed replies out under load (a reply not taken goes to the outbox).
            .request(AiohttpRequest(16, pool_timeout=5.0))
            # the long poll holds one connection; stopping asks getUpdates once more to
            # confirm what was fetched, which needs a second
            .get_updates_request(AiohttpRequest(2))
            .update_queue(UpdateQueue(self._admit))
            .concurrent_updates(ChatOrder(self._finished))
        )
        if settings.api_base_url:
            builder = builder.base_url(f"{settings.api_base_url}/bot").base_file_url(
                f"{settings.api_base_url}/file/bot"
            )
        if settings.webhook_url:
            builder = builder.updater(None)  # the web route feeds the updates
        self.application = builder.build()
        self.username = ""
        self._told_groups: set[int] = set()
        self._add_handlers()

    # -- lifecycle ---------------------------------------------------------------------
    async def start(self) -> None:
        """Check the token (getMe), register the webhook or start polling."""
        async with startup_errors(self.settings.api_base_url or "https://api.telegram.org"):
            await self.application.initialize()
        self.username = self.application.bot.username
        await self.notifier.initialize()
        bot = self.application.bot
        for language, commands in COMMANDS.items():
            await bot.set_my_commands(
                commands, language_code=None if language == "en" else language
            )
        await self._replay()  # what a process that died left unfinished, first
        if self.settings.webhook_url:
            await bot.set_webhook(
                self.settings.webhook_url,
                secret_token=self.settings.webhook_secret,
                allowed_updates=ALLOWED_UPDATES,
            )
        else:
            assert self.application.updater is not None
            await self.application.updater.start_polling(
                allowed_updates=ALLOWED_UPDATES, poll_interval=0.0, timeout=10
            )
        await self.application.start()
        self._keeper = asyncio.create_task(self._keep())
        log.info(
            "telegram.started",
            extra={"bot": self.username, "mode": self.settings.mode},
        )

    async def stop(self) -> None:
        """Stop polling and processing; the webhook stays registered for the next start."""
        if self._keeper is not None:
            self._keeper.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._keeper
        if self.application.updater is not None and self.application.updater.running:
            await self.application.updater.stop()
        if self.application.running:
            await self.application.stop()
        await self.application.shutdown()
        await self.notifier.shutdown()

    def routes(self) -> list[web.RouteDef]:
        return [web.post("/telegram/webhook", self.webhook)] if self.settings.webhook_url else []

    async def webhook(self, request: web.Request) -> web.Response:
        """An update from Telegram, only with the secret we registered."""
        secret = request.headers.get(SECRET_HEADER, "")
        if not same_secret(secret, self.settings.webhook_secret):
            return web.json_response({"error": "forbidden"}, status=403)
        data = await json_object(request)
        if isinstance(data, web.Response):
            return data
        update_id = data.get("update_id")
        if type(update_id) is not int or not 0 <= update_id < 2**63:
            return error(400, "the body must be a Telegram update with an integer `update_id`")
        try:
            update = Update.de_json(data, self.application.bot)
        except Exception as exc:  # whatever python-telegram-bot makes of a malformed update
            log.info("telegram.update.unreadable", extra={"error": type(exc).__name__})
            return error(400, "the body is not a Telegram update")
        # Stored and queued (each chat in order) before the answer; the answer waits for the
        # turn within WEBHOOK_WAIT, so Telegram paces its sending by ours.
        await self.application.update_queue.put(update)
        handled = self._handled.get(update.update_id)
        if handled is not None:
            with contextlib.suppress(asyncio.TimeoutError):
                await asyncio.wait_for(asyncio.shield(handled), WEBHOOK_WAIT)
        return web.json_response({"ok": True})

    # -- deliveries --------------------------------------------------------------------
    def _admit(self, update: Update) -> bool:
        """Claim an update (stored with its payload) before it is queued; False for a
        redelivery of one done or in flight."""
        if update.update_id in self._handled:
            return False  # in flight here
        if not self.deliveries.claim(update.update_id, json.dumps(update.to_dict())).handle:
            return False
        self._handled[update.update_id] = asyncio.get_running_loop().create_future()
        return True

    def _finished(self, update: object) -> None:
        """An update was handled and its replies sent: done."""
        if not isinstance(update, Update):
            return
        self.deliveries.finish(update.update_id)
        handled = self._handled.pop(update.update_id, None)
        if handled is not None and not handled.done():
            handled.set_result(None)

    async def _replay(self) -> None:
        """Queue the updates that a process which died left unfinished."""
        try:
            orphans = await asyncio.to_thread(self.deliveries.orphans)
        except SQLAlchemyError as exc:
            log.warning("telegram.replay.failed", extra={"error": type(exc).__name__})
            return
        for _, key, payload in orphans:
            try:
                update = Update.de_json(json.loads(payload or ""), self.application.bot)
            except (ValueError, TypeError, KeyError):
                log.warning("telegram.replay.unreadable", extra={"update_id": key})
                await asyncio.to_thread(self.deliveries.finish, key)
                continue
            log.info("telegram.replay", extra={"update_id": key})
            await self.application.update_queue.put(update)

    async def _keep(self) -> None:
        """Renew this process's claims, and replay what a dead process left, periodically."""
        while True:
            await asyncio.sleep(RENEW_EVERY)
            try:
                await asyncio.to_thread(self.deliveries.renew)
            except SQLAlchemyError as exc:
                log.warning("telegram.claims.unrenewed", extra={"error": type(exc).__name__})
                continue
            await self._replay()

    # -- handlers ----------------------------------------------------------------------
    def _add_handlers(self) -> None:
        app = self.application
        app.add_handler(
            MessageHandler(
                ~filters.ChatType.PRIVATE | filters.UpdateType.CHANNEL_POSTS, self._group
            )
        )
        app.add_handler(MessageHandler(filters.UpdateType.EDITED_MESSAGE, self._edited))
        app.add_handler(CommandHandler("start", self._command("/greet")))
        app.add_handler(CommandHandler("help", self._command("/help")))
        app.add_handler(CommandHandler("mycomplaints", self._command("/list_complaints")))
        app.add_handler(CommandHandler("status", self._status))
        app.add_handler(CallbackQueryHandler(self._button))
        app.add_handler(MessageHandler(filters.PHOTO | filters.Document.ALL, self._file))
        app.add_handler(MessageHandler(filters.TEXT & ~filters.COMMAND, self._text))
        app.add_handler(MessageHandler(filters.COMMAND, self._command("/help")))  # unknown ones
        app.add_handler(MessageHandler(filters.ALL, self._not_text))
        app.add_error_handler(self._error)

    def _identity(self, update: Update) -> Identity:
        assert update.effective_chat is not None
        return self.identity(str(update.effective_chat.id))

    def _hint(self, update: Update) -> str:
        user = update.effective_user
        return language_hint(user.language_code if user else None)

    async def _converse(self, update: Update, text: str) -> None:
        """One turn of the conversation, answered in the chat."""
        chat = update.effective_chat
        assert chat is not None
        delivery = self.deliveries.tag(update.update_id)
        if update.update_id in self.deliveries.again:
            # taken over from a process that died: its turn may be stored already
            stored = await self.dialogue.replies_to(self._identity(update), delivery)
            if stored is not None:
                log.info("telegram.update.answered_again", extra={"update_id": update.update_id})
                await self.send(chat.id, stored)
                return
        metadata = {"language": self._hint(update), "delivery": delivery}
        replies = await self.turn(str(chat.id), text, metadata)
        await self.send(chat.id, replies)

    async def _text(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        message = update.effective_message
        assert message is not None and message.text is not None
        await self._converse(update, message.text)

    def _command(self, payload: str):
        async def handle(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
            await self._converse(update, payload)

        return handle

    async def _status(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """`/status CMP-…`: that complaint; `/status` alone: the customer's own."""
        given = " ".join(context.args or []).strip()
        payload = "/check_status"
        if given:
            payload += json.dumps({"reference": given[:40]})
        await self._converse(update, payload)

    async def _button(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        query = update.callback_query
        assert query is not None
        with contextlib.suppress(BadRequest):  # too old to answer (a replay): go on
            await query.answer()
        # One choice per question; a message too old to edit keeps its keyboard.
        with contextlib.suppress(BadRequest):
            await query.edit_message_reply_markup(None)
        if query.data:
            await self._converse(update, query.data)

    async def _edited(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        await self._say(update, "utter_edit_not_used")

    async def _not_text(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        await self._say(update, "utter_text_only")

    async def _group(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        chat = update.effective_chat
        if chat is None or chat.id in self._told_groups:
            return
        self._told_groups.add(chat.id)
        link = f"https://t.me/{self.username}?start=complaint"
        language = self._hint(update)
        text = self.dialogue.render("utter_private_chat_only", language, link=link)
        try:
            await self.application.bot.send_message(
                chat.id, html_text(text), parse_mode=ParseMode.HTML
            )
        except TelegramError as exc:  # a channel where the bot may not post
            log.info("telegram.group.unanswered", extra={"error": type(exc).__name__})

    async def _file(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """A photo or document: checked, fetched, kept and linked; a caption is then read."""
        message = update.effective_message
        assert message is not None
        if message.photo:
            item: Any = message.photo[-1]  # the largest size
            mime, name = "image/jpeg", "photo.jpg"
        else:
            item = message.document
            assert item is not None
            mime, name = (item.mime_type or "application/octet-stream"), (item.file_name or "file")
        identity = self._identity(update)
        refused = refusal(self.limits, mime_type=mime, size=item.file_size)
        if refused:
            await self._refuse(update, refused, mime, item.file_size)
            return
        try:
            remote = await item.get_file()
            content = bytes(await remote.download_as_bytearray())
        except (NetworkError, BadRequest) as exc:
            log.warning("telegram.file.fetch_failed", extra={"error": type(exc).__name__})
            await self._say(update, "utter_file_failed")
            return
        if len(content) > self.limits.max_bytes:
            await self._refuse(update, "too_big", mime, len(content))
            return
        filing = await self.dialogue.in_form(identity)
        kept = await asyncio.to_thread(
            keep,
            self.factory,
            self.limits,
            identity=identity,
            content=content,
            file_id=item.file_id,
            filename=name,
            mime_type=mime,
            filing=filing,
            now=utcnow(),
            policy=self.policy,  # its caption is read next, as a message of its own
        )
        if kept.outcome == "attached":
            await self._say(update, "utter_file_attached", name=name, reference=kept.reference)
        elif filing:
            await self._say(update, "utter_file_waiting", name=name)
        elif not message.caption:
            await self._say(update, "utter_file_kept_for_later", name=name)
        if message.caption:
            await self._converse(update, message.caption)

    async def _refuse(self, update: Update, why: str, mime: str, size: int | None) -> None:
        if why == "too_big":
            await self._say(
                update,
                "utter_file_too_big",
                size=_megabytes(size or 0),
                limit=_megabytes(self.limits.max_bytes),
            )
        else:
            await self._say(update, "utter_file_wrong_type", kind=mime)

    async def _language(self, update: Update, identity: Identity) -> str:
        return await self.dialogue.language_of(identity, hint=self._hint(update))

    async def _say(self, update: Update, response: str, **values: Any) -> None:
        """A reply outside the conversation, in the customer's language."""
        identity = self._identity(update)
        language = await self._language(update, identity)
        text = self.dialogue.render(response, language, **values)
        assert update.effective_chat is not None
        await self.send(update.effective_chat.id, [Reply(text)])

    async def _error(self, update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        log.error("telegram.update.failed", exc_info=context.error)
        if not isinstance(update, Update) or update.effective_chat is None:
            return
        try:  # outside a turn (a file, say) the customer is told too, and can send it again
            await self._say(update, "utter_try_again_later")
        except Exception as exc:
            log.warning("telegram.apology.failed", extra={"error": type(exc).__name__})

    # -- sending -----------------------------------------------------------------------
    async def send(
        self, chat_id: int | str, replies: list[Reply], *, bot: Bot | None = None
    ) -> None:
        """Send a turn's replies as HTML, split where too long, buttons on the last piece.

        A reply that meets a 429 is sent again after Telegram's `retry_after` (twice at
        most); one that Telegram did not take (a timeout, a 5xx, 429s that go on) goes to the
        outbox with what follows it, to be retried there: the turn is stored, so the answer
        must not be lost. Notifications (`bot=self.notifier`) leave retrying to the outbox.
        """
        sender = bot or self.application.bot
        pieces = messages_of(replies)
        for index, (text, markup) in enumerate(pieces):
            try:
                await self._send_piece(sender, chat_id, text, markup, retry=bot is None)
            except (NetworkError, RetryAfter) as exc:
                if bot is not None:
                    raise
                await self._hold(chat_id, pieces[index:], exc)
                return

    async def _send_piece(
        self,
        sender: Bot,
        chat_id: int | str,
        text: str,
        markup: InlineKeyboardMarkup | None,
        *,
        retry: bool,
    ) -> None:
        for attempt in range(3):
            try:
                await sender.send_message(
                    chat_id, text, parse_mode=ParseMode.HTML, reply_markup=markup
                )
                return
            except RetryAfter as exc:
                if not retry or attempt == 2:
                    raise
                await asyncio.sleep(retry_seconds(exc))

    async def _hold(
        self,
        chat_id: int | str,
        pieces: list[tuple[str, InlineKeyboardMarkup | None]],
        error: Exception,
    ) -> None:
        """Replies Telegram did not take, written to the outbox in order (kind `reply`)."""
        held = [{"html": text, "markup": m.to_dict() if m else None} for text, m in pieces]
        try:
            await asyncio.to_thread(hold_replies, self.factory, str(chat_id), held)
        except SQLAlchemyError as exc:
            log.error(
                "telegram.reply.lost",
                extra={"error": type(error).__name__, "store": type(exc).__name__},
            )
            return
        log.warning(
            "telegram.reply.held", extra={"error": type(error).__name__, "pieces": len(held)}
        )

    def sender(self) -> TelegramSender:
        """What the outbox dispatcher sends Telegram notifications with."""
        return TelegramSender(self)


class TelegramSender:
    """Outbox notifications to Telegram customers.

    Within Telegram's limits: the notifier bot's `AIORateLimiter` keeps to about 30 messages
    a second overall and the group limits; the dispatcher paces each chat to one message a
    second (`per_chat_interval`, across processes with Redis), which the limiter does not. A
    429 becomes "retry after N seconds" for the dispatcher, a 5xx or a network error a retry
    with backoff, a blocked bot (403) an unreachable customer.
    """

    channel = "telegram"
    per_chat_interval = 1.0

    def __init__(self, telegram: TelegramChannel) -> None:
        self.telegram = telegram

    async def deliver(self, recipient: str, kind: str, payload: Mapping[str, Any]) -> None:
        """Render the notification in the customer's language and send it; a held reply
        (kind `reply`) goes as it was made, HTML and buttons."""
        notifier = self.telegram.notifier
        try:
            if kind == REPLY:
                markup = payload.get("markup")
                buttons = InlineKeyboardMarkup.de_json(markup, notifier) if markup else None
                html_text = str(payload["html"])
                await self.telegram._send_piece(
                    notifier, recipient, html_text, buttons, retry=False
                )
                return
            # with its buttons (the answer's accept and decline, the survey's 1-5)
            reply = self.telegram.dialogue.notice(kind, payload)
            await self.telegram.send(recipient, [reply], bot=notifier)
        except RetryAfter as exc:
            raise RetryLater(retry_seconds(exc), "429 Too Many Requests") from exc
        except Forbidden as exc:
            raise Unreachable(f"403 {exc.message}") from exc


# The outbox kind of a reply Telegram did not take when it was made (its HTML and buttons).
REPLY = "reply"


def hold_replies(factory: sessionmaker, chat_id: str, held: list[dict[str, Any]]) -> None:
    """Write replies to the outbox, in order, to be sent by the dispatcher."""
    with transaction(factory) as session:
        for payload in held:
            repo.enqueue(
                session, channel="telegram", recipient=chat_id, kind=REPLY, payload=payload
            )


def retry_seconds(exc: RetryAfter) -> float:
    """How long Telegram asked us to wait."""
    with warnings.catch_warnings():  # an int now, a timedelta in a later release
        warnings.simplefilter("ignore", PTBDeprecationWarning)
        retry = exc.retry_after
    return retry.total_seconds() if isinstance(retry, timedelta) else float(retry)


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB"
