"""An opening message that may be a complaint, a question or praise: file, ask, or answer."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from handlers.actions.base import CLEAR_PENDING, ComplaintAction, entity_value
from handlers.assessment import complaint_words, remedy_asked, safety_words, without_remedy
from handlers.fields import looks_like_description, parse_incident_date, remedy_of
from handlers.identity import Identity
from handlers.phrases import asks_for_help, lost_reference
from handlers.policy import Policy
from handlers.products import product_answer
from handlers.triage import complaint_probability, decide


def might_be_a_complaint(policy: Policy, message: Mapping[str, Any]) -> bool:
    """Whether a message another intent won may still be a complaint worth asking about:
    a sentence saying something ("where is my parcel, it's been three weeks"), not a bare
    "no" or "thanks", with a complaint probability from `offer_at` up."""
    text = message.get("text") or ""
    return looks_like_description(text) and (
        decide(policy.triage, complaint_probability(message)) != "answer"
    )


def names_a_problem(policy: Policy, message: Mapping[str, Any]) -> bool:
    """Whether a message another intent won says what went wrong in the policy's words
    ("my kettle leaks everywhere", read as a list request; "kettle leaks everywhere", read
    as praise): such a message is never thanked or answered with a list."""
    text = message.get("text") or ""
    return might_be_a_complaint(policy, message) and bool(
        complaint_words(policy, without_remedy(text))
    )


def remembered(tracker: Tracker) -> list[EventType]:
    """The message a yes would file, and the product the classifier found in it (the yes
    itself carries neither)."""
    return [
        SlotSet("pending_withdrawal", None),
        SlotSet("pending_complaint", tracker.latest_message.get("text") or ""),
        SlotSet("pending_product", entity_value(tracker, "product")),
    ]


def answer_question(
    dispatcher: CollectingDispatcher, tracker: Tracker, policy: Policy, language: str
) -> list[EventType]:
    """Where questions go, and the offer to file one if something went wrong: a complaint
    worded as a question ("why won't my buds pair??") is then one yes away."""
    dispatcher.utter_message(response="utter_question", where=policy.where_questions_go(language))
    return remembered(tracker)


def answers_offer(policy: Policy, tracker: Tracker, today: date) -> bool:
    """Whether the latest message answers "Would you like to file a complaint about this?"
    with details instead of a yes: the product ("its the smeg kettle"), the remedy ("i want
    my money back") or the date ("yesterday"). The offered message is then filed with them;
    a new story of its own is not an answer."""
    if not tracker.get_slot("pending_complaint"):
        return False
    text = tracker.latest_message.get("text") or ""
    if remedy_of(text, "en") and len(text.split()) <= 8:
        return True
    if product_answer(policy.products, text, entity_value(tracker, "product")):
        return True
    parsed = parse_incident_date(text, today)
    return parsed is not None and parsed.on is not None and len(text.split()) <= 4


def offer_to_file(dispatcher: CollectingDispatcher, tracker: Tracker) -> list[EventType]:
    """Ask whether to file a complaint, remembering the message as what happened."""
    dispatcher.utter_message(response="utter_offer_complaint")
    return remembered(tracker)


def decision(policy: Policy, message: Mapping[str, Any]) -> str:
    """File, offer or answer an opening message, as the classifier read it."""
    text = message.get("text") or ""
    intent = (message.get("intent") or {}).get("name")
    decided = decide(
        policy.triage,
        complaint_probability(message),
        safety=bool(safety_words(policy, text)),
    )
    if (
        decided == "offer"
        and intent == "file_complaint"
        and complaint_words(policy, without_remedy(text))
    ):
        # The classifier's best guess is a complaint and it names what went wrong in the
        # policy's words ("screen flickers", "stopped charging"): no need to ask. (Not for
        # other best guesses: "how long does delivery take?" has a policy word too.)
        return "file"
    if (
        decided == "offer"
        and intent == "file_complaint"
        and _WISH_TO_COMPLAIN.search(text)
        and not looks_like_description(text)
    ):
        # "불만 접수할게요", "I want to make a complaint": nothing to ask about; the form
        # opens and asks what happened
        return "file"
    if decided == "answer" and intent == "file_complaint":
        return "offer"  # the best guess is a complaint, however unsure: ask
    if decided != "file" and demands_a_remedy(policy, text):
        # "laptop screen flickers and goes black. i want a full refund": a problem and the
        # remedy wanted for it is a complaint, whatever the classifier's best guess
        return "file"
    return decided


_WISH_TO_COMPLAIN = re.compile(r"complain|complaint|불만|민원|접수|신고|항의", re.IGNORECASE)


def demands_a_remedy(policy: Policy, text: str) -> bool:
    """Whether a message says what went wrong (in the policy's words) and demands a remedy
    for it ("… i want a full refund", "… 교환해 주세요"); "can i get a refund if …?" asks."""
    clause = remedy_asked(text)
    if not clause or re.match(r"\s*(can|could|may)\s+i\b", clause, re.IGNORECASE):
        return False
    rest = without_remedy(text)
    return looks_like_description(rest) and bool(complaint_words(policy, rest))


class ActionTriage(ComplaintAction):
    """A question, praise or thanks (the form opens on its own for a complaint, and asks
    this action when it is unsure): answered, with the offer to file where it may be one."""

    action_name = "action_triage"

    async def act(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        identity: Identity,
        language: str,
    ) -> list[EventType]:
        """Open the form, offer to, or answer the question or the praise."""
        message = tracker.latest_message
        text = message.get("text") or ""
        if answers_offer(self.policy, tracker, self.today()):
            # details in answer to the offer: that is a yes, with the details
            return [SlotSet("pending_withdrawal", None), FollowupAction("complaint_form")]
        if lost_reference(text) or asks_for_help(text):
            # "접수번호 까먹었어요", "how does this work": phrases the classifier may miss
            from handlers.actions.inquiries import ActionNotUnderstood  # it offers to file too

            return await ActionNotUnderstood(self.context).act(
                dispatcher, tracker, identity, language
            )
        decided = decision(self.policy, message)
        if decided == "file":
            return [*CLEAR_PENDING, FollowupAction("complaint_form")]
        return self.respond(dispatcher, tracker, language, decided)

    def respond(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, language: str, decided: str
    ) -> list[EventType]:
        """Offer to file, or answer the message as what it is."""
        intent = (tracker.latest_message.get("intent") or {}).get("name")
        if (
            decided == "offer"
            or intent == "file_complaint"
            or names_a_problem(self.policy, tracker.latest_message)
        ):
            return offer_to_file(dispatcher, tracker)
        if intent == "compliment":
            dispatcher.utter_message(response="utter_compliment")
        elif intent == "thank":
            dispatcher.utter_message(response="utter_thank")
        else:
            return answer_question(dispatcher, tracker, self.policy, language)
        return CLEAR_PENDING
