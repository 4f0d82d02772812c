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
from handlers.actions.greeting import tell_how_long
from handlers.assessment import complaint_words, remedy_asked, safety_words, without_remedy
from handlers.dates import parse_incident_date
from handlers.fields import looks_like_description
from handlers.identity import Identity
from handlers.phrases import asks_for_help, asks_how_long, lost_reference
from handlers.policy import Policy
from handlers.products import product_answer
from handlers.remedies import remedy_of
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


# "아니요 불만 없어요", "no lol its a compliment", "not complaining, just saying thanks": the
# customer says there is nothing to file.
_NO_COMPLAINT = re.compile(
    r"\b(?:no|not|don'?t\s+have\s+a|nothing\s+to)\s+(?:a\s+)?complain(?:t|ts|ing)?\b"
    r"|\bno\s+complaints?\b|\b(?:it'?s|its|it\s+is|it\s+was|just)\s+(?:a\s+)?"
    r"(?:compliment|praise|positive\s+feedback)\b"
    r"|불만\s*(?:은|이|도)?\s*(?:없|아니)|민원\s*(?:은|이)?\s*아니|칭찬\s*(?:이에요|이요|입니다|하려고|하려는|한\s*거)",
    re.IGNORECASE,
)
_PRAISE = re.compile(
    r"compliment|praise|thank|thx|\bty\b|great|awesome|amazing|fast|quick|helpful|kind|nice|"
    r"lovely|excellent|칭찬|감사|고마|친절|최고|빨리\s?와|좋았",
    re.IGNORECASE,
)


# "no complaints about delivery but the screen is cracked", "불만은 없는데 문이 안 열려요"
_CONTRAST = re.compile(r"\b(?:but|though|however|except)\b|는데\s*\S|지만\s*\S|그런데|근데")


def says_no_complaint(policy: Policy, text: str) -> bool:
    """Whether the customer says they have nothing to complain about (and then names no
    problem: "no complaint, the phone just arrived damaged" is one)."""
    return (
        bool(_NO_COMPLAINT.search(text))
        and not _CONTRAST.search(text)
        and not safety_words(policy, text)
        # "…ur delivery guys were super fast thx" names delivery to praise it
        and (bool(_PRAISE.search(text)) or not complaint_words(policy, text))
    )


def no_complaint(
    dispatcher: CollectingDispatcher, tracker: Tracker, policy: Policy, language: str
) -> list[EventType]:
    """Nothing to file: thanked for praise, or told nothing was filed, with no offer."""
    text = tracker.latest_message.get("text") or ""
    if _PRAISE.search(text):
        dispatcher.utter_message(response="utter_compliment")
    else:
        where = policy.where_questions_go(language)
        dispatcher.utter_message(response="utter_offer_declined", where=where)
    return CLEAR_PENDING


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
        if says_no_complaint(self.policy, text):
            return no_complaint(dispatcher, tracker, self.policy, language)
        if asks_how_long(text) and not tracker.get_slot("pending_complaint"):
            # "how long does it take to get an answer?": told, with no offer to file
            tell_how_long(dispatcher, self.policy, language)
            return CLEAR_PENDING
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
