"""The greeting and the help: what the desk does, that it is free, and how soon we answer
(ISO 10002 5.2), worded for whether the customer has filed a complaint here yet."""

from __future__ import annotations

from rasa_sdk import Tracker
from rasa_sdk.events import EventType, FollowupAction
from rasa_sdk.executor import CollectingDispatcher

from handlers import inquiries as use_case
from handlers.actions.base import CLEAR_PENDING, ComplaintAction, is_payload
from handlers.fields import looks_like_description
from handlers.formatting import format_span
from handlers.identity import Identity
from handlers.policy import Policy


def latest_reference(action: ComplaintAction, identity: Identity) -> str | None:
    """The reference of the customer's newest complaint, if they have filed one: a reference
    is mentioned only to someone who has one."""
    own = use_case.list_own(action.context.factory, identity=identity, limit=1)
    return own[0].reference if own else None


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
        """Greet with the configured targets, or a returning customer with their latest; a
        greeting that says more ("안녕하세요 로봇청소기가 자꾸 멈춰요") is read for what it says."""
        said = tracker.latest_message.get("text") or ""
        if (
            not is_payload(said)
            and not self.read(tracker).meta.only
            and looks_like_description(said)
        ):
            return [FollowupAction("action_triage")]
        organisation = self.policy.organisation.get(language, "")
        reference = latest_reference(self, identity)
        if reference:
            dispatcher.utter_message(
                response="utter_greet_returning", organisation=organisation, reference=reference
            )
        else:
            dispatcher.utter_message(
                response="utter_greet",
                organisation=organisation,
                **targets_said(self.policy, language),
            )
        return CLEAR_PENDING


def tell_help(
    action: ComplaintAction, dispatcher: CollectingDispatcher, identity: Identity
) -> None:
    """What the desk can do: for a customer with no complaint yet, filing one; for one who
    has filed, following it up too."""
    reference = latest_reference(action, identity)
    if reference:
        dispatcher.utter_message(response="utter_help_returning", reference=reference)
    else:
        dispatcher.utter_message(response="utter_help")


def targets_said(policy: Policy, language: str) -> dict[str, str]:
    """How soon we acknowledge and answer a complaint (normal priority), as said to customers."""
    targets = policy.targets["normal"]
    return {
        "ack_target": format_span(policy.span(targets.ack), language),
        "respond_target": format_span(policy.span(targets.respond), language),
    }
