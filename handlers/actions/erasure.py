"""Erasure on request in the conversation: "delete my personal data" asks for a yes, and the
yes (a button or words) forgets the customer (`handlers.retention.erase_customer`)."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import AllSlotsReset, EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from handlers import vocabulary
from handlers.actions.base import CLEAR_PENDING, ComplaintAction, erasure_consent, is_payload
from handlers.actions.closing import ClosingSteps
from handlers.identity import Identity
from handlers.retention import erase_customer


class ActionEraseRequest(ComplaintAction):
    """Asks the customer to confirm erasure, or (asked already, and a yes) carries it out."""

    action_name = "action_erase_request"

    async def act(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        identity: Identity,
        language: str,
    ) -> list[EventType]:
        """The question with yes/no buttons; a yes in the same words as the request does it."""
        text = tracker.latest_message.get("text") or ""
        if not is_payload(text) and not vocabulary.says("erasure", "delete", text):
            return [FollowupAction("action_triage")]  # about privacy, not asking to delete
        if tracker.get_slot("pending_erasure"):
            # asked already: "예, 삭제 진행하여 주십시오" is the yes, "don't delete it yet" the no
            consent = self.read(tracker).consent() or erasure_consent(text)
            if consent is not None:
                return answer(self, dispatcher, identity, language, consent)
        # "five out of five. However, … erase all my personal information": the score first
        ClosingSteps(self).score_beside(tracker, identity)
        dispatcher.utter_message(response="utter_erase_confirm")
        return [*CLEAR_PENDING, SlotSet("pending_erasure", True)]


def erase(
    action: ComplaintAction, dispatcher: CollectingDispatcher, identity: Identity, language: str
) -> list[EventType]:
    """Forget the customer now (open complaints when they end) and clear what the
    conversation remembers of them; the conversation's stored past is deleted too."""
    done = erase_customer(
        action.context.factory,
        identity,
        by="customer",
        now=action.context.clock(),
        files=action.context.files,
    )
    if done.flagged:
        dispatcher.utter_message(
            response="utter_erased_when_closed", references=", ".join(done.flagged)
        )
    else:
        dispatcher.utter_message(response="utter_erased")
    # the slots held the name and contact: only the language stays; the turn ends here, as no
    # rule follows a conversation forgotten (the fallback answered it: "didn't get that")
    return [AllSlotsReset(), SlotSet("language", language), FollowupAction("action_listen")]


def answer(
    action: ComplaintAction,
    dispatcher: CollectingDispatcher,
    identity: Identity,
    language: str,
    consent: Any,
) -> list[EventType]:
    """The yes or no to the erasure question."""
    if consent == "yes":
        return erase(action, dispatcher, identity, language)
    dispatcher.utter_message(response="utter_erase_kept")
    return [SlotSet("pending_erasure", None)]
