"""The greeting: what the desk does, that it is free, and how soon we answer (ISO 10002 5.2)."""

from __future__ import annotations

from rasa_sdk import Tracker
from rasa_sdk.events import EventType, FollowupAction
from rasa_sdk.executor import CollectingDispatcher

from handlers.actions.base import CLEAR_PENDING, ComplaintAction, is_payload
from handlers.fields import looks_like_description
from handlers.formatting import format_span
from handlers.identity import Identity
from handlers.policy import Policy


class ActionGreet(ComplaintAction):
    """Explains what the desk does, that it is free, and how soon we answer (ISO 10002 5.2)."""

    action_name = "action_greet"

    async def act(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        identity: Identity,
        language: str,
    ) -> list[EventType]:
        """Greet with the configured targets; a greeting that says more ("안녕하세요 로봇청소기가
        자꾸 멈춰요") is read for what it says."""
        said = tracker.latest_message.get("text") or ""
        if (
            not is_payload(said)
            and not self.read(tracker).meta.only
            and looks_like_description(said)
        ):
            return [FollowupAction("action_triage")]
        dispatcher.utter_message(
            response="utter_greet",
            organisation=self.policy.organisation.get(language, ""),
            **targets_said(self.policy, language),
        )
        return CLEAR_PENDING


def targets_said(policy: Policy, language: str) -> dict[str, str]:
    """How soon we acknowledge and answer a complaint (normal priority), as said to customers."""
    targets = policy.targets["normal"]
    return {
        "ack_target": format_span(policy.span(targets.ack), language),
        "respond_target": format_span(policy.span(targets.respond), language),
    }


def tell_how_long(dispatcher: CollectingDispatcher, policy: Policy, language: str) -> None:
    """Answer "how long will this take?" with the targets."""
    dispatcher.utter_message(response="utter_how_long", **targets_said(policy, language))
