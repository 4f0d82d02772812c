"""The dialogue client: Rasa's Agent in-process, with in-process custom actions."""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, fields
from functools import lru_cache
from pathlib import Path
from typing import Any

# Rasa's LogisticRegressionClassifier loads through skops, whose first import walks every
# module in sys.modules for each of ~750 types. With TensorFlow already imported that walk
# took ~10 s of every model load; imported before Rasa it costs ~2 s and the model loads
# in about half a second.
import skops.io  # noqa: F401

from jsonschema import ValidationError
from jsonschema.validators import validator_for
from rasa.core.actions.action import RemoteAction
from rasa.core.agent import Agent
from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
from rasa.core.lock_store import InMemoryLockStore, LockStore, RedisLockStore
from rasa.core.tracker_store import SQLTrackerStore, TrackerStore
from rasa.utils.endpoints import ClientResponseError, EndpointConfig
from rasa_sdk.executor import ActionExecutor
from rasa_sdk.interfaces import ActionExecutionRejection, ActionNotFoundException
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError

from bot import rasa_patches
from bot.graph_runner import SequentialGraphRunner
from bot.tracker_store import ComplaintTrackerStore
from handlers.fields import detect_language

log = logging.getLogger(__name__)


@lru_cache(maxsize=1)
def _action_result_validator() -> Any:
    # The validator class `jsonschema.validate` itself would pick for this schema.
    spec = RemoteAction.action_response_format_spec()
    return validator_for(spec)(spec)


class InProcessActionEndpoint(EndpointConfig):
    """An action endpoint that runs `rasa_sdk` actions in this process, not over HTTP.

    Rasa's `RemoteAction` calls `request(json=...)`; the executor answers the same JSON
    an action server would, and rejections become the 400/404 errors Rasa expects.
    """

    def __init__(self, executor: ActionExecutor) -> None:
        super().__init__(url="in-process://actions")
        self.executor = executor

    async def request(
        self,
        method: str = "post",
        subpath: str | None = None,
        content_type: str | None = "application/json",
        compress: bool = False,
        **kwargs: Any,
    ) -> Any:
        """Run the action call given as `json` and return the action server's answer."""
        try:
            return await self.executor.run(kwargs["json"])
        except ActionExecutionRejection as exc:
            body = json.dumps({"error": exc.message, "action_name": exc.action_name})
            raise ClientResponseError(400, "action rejected", body) from exc
        except ActionNotFoundException as exc:
            body = json.dumps({"error": exc.message, "action_name": exc.action_name})
            raise ClientResponseError(404, "action not found", body) from exc


def _validate_action_result(self: RemoteAction, result: dict[str, Any]) -> bool:
    """Rasa's check of an action server's answer, with the schema compiled once.

    Answers from `InProcessActionEndpoint` are built by rasa_sdk's executor in this process
    (it validates the events itself) and never crossed a wire, so they are not re-checked.
    """
    if isinstance(self.action_endpoint, InProcessActionEndpoint):
        return True
    try:
        _action_result_validator().validate(result)
    except ValidationError as exc:
        exc.message += (
            ". Failed to validate Action server response from API, make sure your "
            "response from the Action endpoint is valid."
        )
        raise
    return True


RASA_VALIDATE_ACTION_RESULT = RemoteAction._validate_action_result
RASA_ACTION_CALL_FORMAT = RemoteAction._action_call_format


def _action_call_format(self: RemoteAction, tracker: Any, domain: Any) -> dict[str, Any]:
    """Rasa's action call, without deep-copying the active form for in-process actions.

    Rasa serialises the tracker with `dataclasses.asdict(tracker.active_loop)`, which
    deep-copies the message that opened the form (its whole parse result) for every
    action call: ~5 % of a turn while a form is active. For a call that never leaves
    this process the same values are passed as they are; nothing on the way changes them.
    """
    loop = tracker.active_loop
    if loop is None or not isinstance(self.action_endpoint, InProcessActionEndpoint):
        return RASA_ACTION_CALL_FORMAT(self, tracker, domain)
    tracker.active_loop = None
    try:
        call = RASA_ACTION_CALL_FORMAT(self, tracker, domain)
    finally:
        tracker.active_loop = loop
    call["tracker"]["active_loop"] = {f.name: getattr(loop, f.name) for f in fields(loop)}
    return call


def speed_up_rasa() -> None:
    """Install every change to how Rasa runs here (idempotent; see `bot/rasa_patches.py`).

    `Dialogue.load` calls it, so a process that builds Rasa's agent by itself (the
    benchmark's "as Rasa ships it" baseline) runs stock Rasa.
    """
    # Rasa 3.6 calls `jsonschema.validate(result, spec)` for every custom action, which
    # checks the spec itself against the metaschema each time: ~13 ms of a ~50 ms turn
    # when measured (the form's validation action runs on almost every turn). Same
    # validation with the schema checked once; none for answers made in this process.
    RemoteAction._validate_action_result = _validate_action_result
    RemoteAction._action_call_format = _action_call_format
    rasa_patches.install()


# A cached conversation takes about 80 KB (measured over 1,000 bench journeys); 500 of them
# keep every conversation that is active right now in memory for ~40 MB. Older ones are
# read back from the database when their customer returns.
CACHED_CONVERSATIONS = 500


def tracker_store_for(database_url: str, *, cached: bool) -> SQLTrackerStore:
    """Rasa's SQL tracker store in our database (its table is `events`).

    `cached` keeps conversations in memory too; only for a single serving process.
    """
    url = make_url(database_url)
    size = {"max_conversations": CACHED_CONVERSATIONS if cached else 0}
    if url.get_backend_name() == "sqlite":
        return ComplaintTrackerStore(dialect="sqlite", db=url.database or "", **size)
    return ComplaintTrackerStore(
        dialect=url.drivername,
        host=url.host,
        port=url.port,
        db=url.database or "",
        username=url.username,
        password=url.password,
        query=dict(url.query) or None,
        **size,
    )


def lock_store_for(redis_url: str | None) -> LockStore:
    """Redis locks serialise one conversation's messages across processes; else in-memory."""
    if not redis_url:
        return InMemoryLockStore()
    url = make_url(redis_url)
    return RedisLockStore(
        host=url.host or "localhost",
        port=url.port or 6379,
        db=int(url.database or 0),
        password=url.password,
        use_ssl=url.drivername == "rediss",
        key_prefix="complaintbot",
    )


@dataclass
class Reply:
    """What the bot says back: Rasa's REST message shape."""

    recipient_id: str
    text: str | None = None
    buttons: list[dict[str, Any]] | None = None

    def as_dict(self) -> dict[str, Any]:
        """The REST channel's JSON for one message."""
        data: dict[str, Any] = {"recipient_id": self.recipient_id}
        if self.text is not None:
            data["text"] = self.text
        if self.buttons:
            data["buttons"] = self.buttons
        return data


class Dialogue:
    """Turns a customer's message into the bot's replies."""

    def __init__(self, agent: Agent, *, max_message_chars: int) -> None:
        self.agent = agent
        self.max_message_chars = max_message_chars

    @classmethod
    def load(
        cls,
        model: Path,
        *,
        tracker_store: TrackerStore,
        lock_store: LockStore,
        action_endpoint: EndpointConfig,
        max_message_chars: int,
    ) -> Dialogue:
        """Load the trained model with our stores and action endpoint."""
        speed_up_rasa()
        agent = Agent.load(
            str(model),
            tracker_store=tracker_store,
            lock_store=lock_store,
            action_endpoint=action_endpoint,
        )
        if agent.processor is not None:
            agent.processor.graph_runner = SequentialGraphRunner.replacing(
                agent.processor.graph_runner
            )
        return cls(agent, max_message_chars=max_message_chars)

    @property
    def ready(self) -> bool:
        """Whether a model is loaded."""
        return self.agent.is_ready()

    def render(self, response: str, language: str, **values: Any) -> str:
        """A domain response as text, in the language, outside a Rasa turn."""
        variations = self.agent.domain.responses.get(response, [])
        chosen = next(
            (
                v
                for v in variations
                if any(
                    c.get("name") == "language" and c.get("value") == language
                    for c in v.get("condition", [])
                )
            ),
            None,
        ) or next((v for v in variations if not v.get("condition")), {"text": response})
        return str(chosen.get("text", "")).format(**values)

    async def _language(self, sender_id: str, text: str) -> str:
        detected = detect_language(text)
        if detected:
            return detected
        try:
            tracker = await self.agent.tracker_store.retrieve(sender_id)
        except SQLAlchemyError:
            return "en"
        return "ko" if tracker is not None and tracker.get_slot("language") == "ko" else "en"

    async def handle(
        self,
        sender_id: str,
        text: str | None,
        *,
        input_channel: str = "rest",
        metadata: dict[str, Any] | None = None,
    ) -> list[dict[str, Any]]:
        """Answer one message; bad input and a database outage get a polite reply."""
        text = (text or "").strip()
        if not text:
            language = await self._language(sender_id, "")
            return [Reply(sender_id, self.render("utter_empty_message", language)).as_dict()]
        if len(text) > self.max_message_chars:
            language = await self._language(sender_id, text)
            reply = self.render(
                "utter_message_too_long",
                language,
                length=len(text),
                limit=self.max_message_chars,
            )
            return [Reply(sender_id, reply).as_dict()]
        output = CollectingOutputChannel()
        message = UserMessage(
            text,
            output,
            sender_id,
            input_channel=input_channel,
            metadata=metadata or {},
        )
        try:
            await self.agent.handle_message(message)
        except SQLAlchemyError:
            log.exception("dialogue.turn.database_error")
            language = detect_language(text) or "en"
            return [Reply(sender_id, self.render("utter_try_again_later", language)).as_dict()]
        return [self._clean(m) for m in output.messages]

    @staticmethod
    def _clean(message: dict[str, Any]) -> dict[str, Any]:
        # CollectingOutputChannel adds keys with None values; the REST shape omits them.
        return {k: v for k, v in message.items() if v not in (None, [], {})}
