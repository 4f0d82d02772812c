"""One turn in, typed replies out: the Rasa agent behind every channel.

Every channel hands a customer's message to `Dialogue.handle` with the customer's
`Identity` and gets `Reply` objects back to render its own way. This is the catch-all of
a turn for every channel: empty and oversized messages get a polite answer without
reaching Rasa, and any failure inside a turn (database, custom action, Rasa itself) gets
"please try again" in the customer's language, is logged once with its traceback and the
turn's correlation id, and is counted. A failed turn saves nothing (the conversation
store raises on every failure instead of falling back to memory), so the customer's next
try starts from where they were; its reply is marked `failed` (REST answers it with 503).
"""

from __future__ import annotations

import contextlib
import json
import logging
import time
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Protocol

from bot.runtime import SequentialGraphRunner, install
from bot.runtime.actions import ActionFailed
from bot.runtime.trusted_domain import loading_a_trained_model

import structlog
from rasa.core.agent import Agent
from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
from rasa.core.lock_store import LockStore
from rasa.core.tracker_store import TrackerStore
from rasa.shared.core.events import BotUttered, UserUttered
from rasa.utils.endpoints import EndpointConfig

from bot.text import TooDeep, clean, clean_payload, clean_value, is_identity
from handlers.casework import NOTIFICATIONS
from handlers.closing import notice_buttons
from handlers.fields import detect_language
from handlers.formatting import render_response
from handlers.identity import Identity
from handlers.language import spoken_language

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Button:
    """A choice offered with a reply: what it says and what pressing it sends."""

    title: str
    payload: str


@dataclass(frozen=True)
class Reply:
    """One message from the bot: text, buttons, and Rasa's rarer parts (image, custom)."""

    text: str | None = None
    buttons: tuple[Button, ...] = ()
    image: str | None = None
    custom: Mapping[str, Any] | None = None
    #: the turn failed and saved nothing: this is the "please send it again" answer
    failed: bool = False

    @classmethod
    def from_rasa(cls, message: Mapping[str, Any]) -> Reply:
        """A reply from one of Rasa's output-channel messages."""
        return cls(
            text=message.get("text") or None,
            buttons=tuple(
                Button(str(b.get("title", "")), str(b.get("payload", "")))
                for b in message.get("buttons") or []
            ),
            image=message.get("image") or None,
            custom=message.get("custom") or None,
        )


class TurnObserver(Protocol):
    """What wants to know about turns (the metrics)."""

    def turn_finished(self, channel: str, seconds: float) -> None:
        """A turn was answered."""

    def turn_failed(self, channel: str) -> None:
        """A turn failed and got the "please try again" answer."""


@dataclass
class _Unobserved:
    def turn_finished(self, channel: str, seconds: float) -> None:
        pass

    def turn_failed(self, channel: str) -> None:
        pass


@dataclass
class Dialogue:
    """Turns a customer's message into the bot's replies."""

    agent: Agent
    max_message_chars: int
    observer: TurnObserver = field(default_factory=_Unobserved)

    @classmethod
    def load(
        cls,
        model: Path,
        *,
        tracker_store: TrackerStore,
        lock_store: LockStore,
        action_endpoint: EndpointConfig,
        max_message_chars: int,
        stock_rasa: bool = False,
    ) -> Dialogue:
        """Load the trained model with our stores and action endpoint.

        `stock_rasa` leaves Rasa as shipped (no `bot.runtime` changes): the benchmark's
        baseline. The changes are process-wide, so it only means something in a process
        that never installed them.
        """
        if not stock_rasa:
            install()
        with contextlib.nullcontext() if stock_rasa else loading_a_trained_model():
            agent = Agent.load(
                str(model),
                tracker_store=tracker_store,
                lock_store=lock_store,
                action_endpoint=action_endpoint,
            )
        if not stock_rasa and agent.processor is not None:
            agent.processor.graph_runner = SequentialGraphRunner.replacing(
                agent.processor.graph_runner
            )
        return cls(agent, max_message_chars)

    @property
    def ready(self) -> bool:
        """Whether a model is loaded."""
        return bool(self.agent.is_ready())

    def render(self, response: str, language: str, /, **values: Any) -> str:
        """A domain response as text, in the language, outside a Rasa turn."""
        return render_response(self.agent.domain.responses, response, language, **values)

    def notice(self, kind: str, values: Mapping[str, Any]) -> Reply:
        """A customer notification (`handlers.casework.NOTIFICATIONS`) as a reply, in the
        language it carries, with its buttons: the answer's accept and decline, the
        survey's 1-5 (`handlers.closing.notice_buttons`)."""
        language = str(values.get("language") or "en")
        rest = {k: v for k, v in values.items() if k != "language"}
        text = self.render(NOTIFICATIONS[kind], language, **rest)
        buttons = notice_buttons(kind, rest, lambda name: self.render(name, language))
        return Reply(text, tuple(Button(b["title"], b["payload"]) for b in buttons))

    async def language_of(
        self, identity: Identity, text: str = "", *, hint: str | None = None
    ) -> str:
        """The language of the text, else of the conversation so far, else the channel's
        `hint` (a Telegram user's language), else English."""
        spoken = detect_language(text) or await self._spoken(identity)
        return spoken or (hint if hint in ("en", "ko") else "en")

    async def _spoken(self, identity: Identity) -> str | None:
        """The conversation's language so far, if it has one."""
        try:
            tracker = await self.agent.tracker_store.retrieve(identity.sender_id)
        except Exception:  # the database may be what failed: the turn fails politely
            return None
        spoken = tracker.get_slot("language") if tracker is not None else None
        return str(spoken) if spoken in ("en", "ko") else None

    async def _payload_in_language(self, identity: Identity, payload: str, hint: str) -> str:
        """A button or command payload (`/greet`) carries no words to tell the language by,
        and Rasa does not run the NLU on it: on a conversation's first message the
        channel's hint (a Telegram user's language) goes in as the `language` entity."""
        intent, brace, rest = payload.partition("{")
        try:
            entities = json.loads(brace + rest) if brace else {}
        except ValueError:
            return payload
        if not isinstance(entities, dict):
            return payload
        entities.setdefault("language", hint)
        return f"{intent}{json.dumps(entities, ensure_ascii=False)}"

    async def in_form(self, identity: Identity) -> bool:
        """Whether the customer is in the middle of filing a complaint."""
        tracker = await self.agent.tracker_store.retrieve(identity.sender_id)
        return tracker is not None and tracker.active_loop_name is not None

    async def say(self, identity: Identity, response: str, text: str = "", **values: Any) -> Reply:
        """A domain response in the customer's language, as a reply outside a turn."""
        return Reply(self.render(response, await self.language_of(identity, text), **values))

    async def handle(
        self,
        identity: Identity,
        text: str | None,
        *,
        metadata: Mapping[str, Any] | None = None,
    ) -> list[Reply]:
        """Answer one message; bad input and any failure get a polite reply."""
        # What any channel hands in is made safe to store here, once (bot/text.py).
        text = clean_payload(clean(text if isinstance(text, str) else "").strip())
        try:
            details: dict[str, Any] = clean_value(dict(metadata or {}))
        except TooDeep:
            log.warning("dialogue.metadata.too_deep")
            details = {}
        if not is_identity(identity.sender_id):
            # no store may see it: a NUL in a tracker store's query stopped the process
            log.error("dialogue.identity.refused", extra={"channel": identity.channel})
            return [Reply(self.render("utter_try_again_later", _hint(details)))]
        if not text:
            return [await self.say(identity, "utter_empty_message")]
        if len(text) > self.max_message_chars:
            return [
                await self.say(
                    identity,
                    "utter_message_too_long",
                    text,
                    length=f"{len(text):,}",
                    limit=f"{self.max_message_chars:,}",
                )
            ]
        hint = details.get("language")
        if hint in ("en", "ko") and spoken_language(text) is None:
            # the channel's hint (a Telegram client's language) decides a conversation's
            # first language only: a bare reference, "ok" or a command never switches it
            if await self._spoken(identity) is not None:
                details.pop("language")
            elif text.startswith("/"):
                text = await self._payload_in_language(identity, text, str(hint))
        turn = uuid.uuid4().hex[:12]
        output = CollectingOutputChannel()
        message = UserMessage(
            text,
            output,
            identity.sender_id,
            input_channel=identity.channel,
            metadata=details,
        )
        started = time.perf_counter()
        with structlog.contextvars.bound_contextvars(turn=turn, channel=identity.channel):
            try:
                await self.agent.handle_message(message)
            except (Exception, ActionFailed) as exc:
                log.error(
                    "dialogue.turn.failed",
                    exc_info=exc,
                    extra={"error": type(exc.__cause__ or exc).__name__},
                )
                self.observer.turn_failed(identity.channel)
                sorry = await self.say(identity, "utter_try_again_later", text)
                return [replace(sorry, failed=True)]
        self.observer.turn_finished(identity.channel, time.perf_counter() - started)
        return [Reply.from_rasa(m) for m in output.messages]

    async def replies_to(self, identity: Identity, delivery: str) -> list[Reply] | None:
        """The replies of the stored turn whose message came as `delivery` (the channel's
        `metadata["delivery"]`), or None when no such turn was stored. A redelivery after a
        crash between saving a turn and sending its replies is answered with them, not run
        again (that would store the message twice and answer the next question with it)."""
        try:
            tracker = await self.agent.tracker_store.retrieve(identity.sender_id)
        except Exception:  # the database may be away: the turn is run and fails politely
            return None
        if tracker is None:
            return None
        replies: list[Reply] | None = None
        for event in tracker.events:
            if isinstance(event, UserUttered):
                if replies is not None:
                    break
                if (event.metadata or {}).get("delivery") == delivery:
                    replies = []
            elif replies is not None and isinstance(event, BotUttered):
                replies.append(Reply.from_rasa({**(event.data or {}), "text": event.text}))
        return replies


def _hint(metadata: Mapping[str, Any]) -> str:
    language = metadata.get("language")
    return language if language in ("en", "ko") else "en"
