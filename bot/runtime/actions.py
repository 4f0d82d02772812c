"""How Rasa calls custom actions here: in-process, checked once, and failing loudly.

- `InProcessActionEndpoint` hands Rasa's action call to rasa_sdk's `ActionExecutor` in this
  process instead of POSTing it; rejections become the 400/404 answers an action server
  gives (`action_error`, shared with `complaintbot actions`).
- Answers from an action server are checked against Rasa's schema compiled once (Rasa
  3.6 re-checks the schema itself against the metaschema on every call); answers built
  in this process by rasa_sdk are not re-checked.
- In-process actions run off the event loop (`workers`: a thread of `bot/workers.py`):
  they are `async` in rasa_sdk's way but do their database work synchronously, and on
  the loop every other conversation waited for it.
- In-process calls pass the active form as it is instead of deep-copying its trigger
  message, and actions that read no past events get the tracker without them.
- A custom action that fails ends the turn with `ActionFailed`. Rasa's processor catches
  every `Exception` from an action, logs it and carries on as if the action had returned
  nothing: a customer who confirmed a complaint whose storing failed would get silence
  and a form half-closed. `ActionFailed` is a `BaseException` so it passes Rasa's handler
  and reaches the caller of the turn (`bot/dialogue.py`), which answers politely; the
  tracker is then not saved, so the customer's next try starts from the same state.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from dataclasses import fields
from functools import lru_cache
from typing import Any, Protocol, TypeVar

import rasa
from jsonschema import ValidationError
from jsonschema.validators import validator_for
from rasa.core.actions.action import ActionExecutionRejection, RemoteAction
from rasa.utils.endpoints import ClientResponseError, EndpointConfig
from rasa_sdk.executor import ActionExecutor
from rasa_sdk.interfaces import ActionExecutionRejection as SdkRejection
from rasa_sdk.interfaces import ActionNotFoundException

T = TypeVar("T")


class Workers(Protocol):
    """Where a coroutine that blocks is run (`bot.workers.DatabaseWorkers`)."""

    async def run_async(self, work: Callable[[], Awaitable[T]]) -> T: ...


class ActionFailed(BaseException):
    """A custom action failed; the turn ends here and its caller answers."""

    def __init__(self, action: str) -> None:
        super().__init__(f"custom action {action!r} failed")
        self.action = action


def action_error(exc: Exception) -> tuple[int, dict[str, Any]] | None:
    """The action server's answer to an executor error: (status, body), or None if unknown."""
    if isinstance(exc, SdkRejection):
        return 400, {"error": exc.message, "action_name": exc.action_name}
    if isinstance(exc, ActionNotFoundException):
        return 404, {"error": exc.message, "action_name": exc.action_name}
    return None


class InProcessActionEndpoint(EndpointConfig):
    """An action endpoint that runs `rasa_sdk` actions in this process, not over HTTP."""

    def __init__(
        self,
        executor: ActionExecutor,
        workers: Workers | None = None,
        without_history: frozenset[str] = frozenset(),
    ) -> None:
        super().__init__(url="in-process://actions")
        self.executor = executor
        self.workers = workers
        # actions that read no past events (the slot mapping run for every message):
        # passed the tracker without them
        self.without_history = without_history

    async def request(
        self,
        method: str = "post",
        subpath: str | None = None,
        content_type: str | None = "application/json",
        compress: bool = False,
        **kwargs: Any,
    ) -> Any:
        """Run the action call given as `json` and return the action server's answer."""
        call = kwargs["json"]
        try:
            if self.workers is None:
                return await self.executor.run(call)
            return await self.workers.run_async(lambda: self.executor.run(call))
        except (SdkRejection, ActionNotFoundException) as exc:
            status, body = action_error(exc) or (500, {})
            raise ClientResponseError(status, "action error", json.dumps(body)) from exc


@lru_cache(maxsize=1)
def _action_result_validator() -> Any:
    # The validator class `jsonschema.validate` itself would pick for this schema.
    spec = RemoteAction.action_response_format_spec()
    return validator_for(spec)(spec)


def validate_action_result(self: RemoteAction, result: dict[str, Any]) -> bool:
    """Rasa's check of an action server's answer, with the schema compiled once."""
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
RASA_RUN = RemoteAction.run


def action_call_format(self: RemoteAction, tracker: Any, domain: Any) -> dict[str, Any]:
    """Rasa's action call, without deep-copying the active form for in-process actions.

    Rasa serialises the tracker with `dataclasses.asdict(tracker.active_loop)`, which
    deep-copies the message that opened the form (its whole parse result) for every call.
    For a call that never leaves this process the same values are passed as they are.
    """
    endpoint = self.action_endpoint
    if isinstance(endpoint, InProcessActionEndpoint) and self.name() in endpoint.without_history:
        from rasa.shared.core.trackers import EventVerbosity

        # the same call without the events: serialising them cost more than the action
        return {
            "next_action": self.name(),
            "sender_id": tracker.sender_id,
            "tracker": tracker.current_state(EventVerbosity.NONE),
            "version": rasa.__version__,
        }
    loop = tracker.active_loop
    if loop is None or not isinstance(endpoint, InProcessActionEndpoint):
        return RASA_ACTION_CALL_FORMAT(self, tracker, domain)
    tracker.active_loop = None
    try:
        call = RASA_ACTION_CALL_FORMAT(self, tracker, domain)
    finally:
        tracker.active_loop = loop
    call["tracker"]["active_loop"] = {f.name: getattr(loop, f.name) for f in fields(loop)}
    return call


async def run(self: RemoteAction, *args: Any, **kwargs: Any) -> Any:
    """Rasa's `RemoteAction.run`; a failure other than a rejection ends the turn."""
    try:
        return await RASA_RUN(self, *args, **kwargs)
    except ActionExecutionRejection:
        raise  # Rasa's way for a form to say "not my slot": part of the dialogue
    except Exception as exc:
        raise ActionFailed(self.name()) from exc


def install() -> None:
    """Apply the changes above to Rasa's `RemoteAction`."""
    RemoteAction._validate_action_result = validate_action_result
    RemoteAction._action_call_format = action_call_format
    RemoteAction.run = run
