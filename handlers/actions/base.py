"""What every custom action shares: its dependencies, the language, the identity, the clock.

Failures are not handled here: a custom action that raises ends the turn, and the
dialogue answers "please try again" and logs it once (see `bot/runtime/actions.py`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import date as Date
from datetime import datetime
from pathlib import Path
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy.orm import sessionmaker

from handlers import vocabulary
from handlers.assessment import safety_words
from handlers.dates import customer_zone
from handlers.formatting import format_date, local_date
from handlers.identity import Identity
from handlers.meta import asks, read_meta
from handlers.policy import Policy
from handlers.reading import Reading, read
from handlers.values import Scope, names_goods
from storage.types import utcnow

# What a yes or no would answer: a withdrawal asked about, an offer to file a complaint, or
# which complaint a message is about (`case_choice`).
# Whatever else the customer does next forgets both.
CLEAR_PENDING: list[EventType] = [
    SlotSet("pending_withdrawal", None),
    SlotSet("pending_complaint", None),
    SlotSet("pending_product", None),
    SlotSet("case_choice", None),
    SlotSet("pending_erasure", None),
]


@dataclass(frozen=True)
class ActionContext:
    """The dependencies of the custom actions, passed in by the wiring."""

    factory: sessionmaker
    policy: Policy
    clock: Callable[[], datetime] = field(default=utcnow)
    #: the domain's responses by name, for replies put together from parts
    responses: Mapping[str, Any] = field(default_factory=dict)
    #: where customers' files are kept (an erased customer's are deleted)
    files: Path | None = None


# The actions the rules pick by the classifier's reading of a message (help, thanks, a
# greeting, a question, praise, nothing understood).
READ_AS_WHAT_IT_SEEMS = frozenset({"action_triage", "action_greet", "action_not_understood"})
# The actions a request to see staff's question again is misread to ("what did you ask me
# again?": help; "질문이 뭐였죠? 다시 보여주세요": a list of complaints).
SHOWS_THE_QUESTION = READ_AS_WHAT_IT_SEEMS | {"action_list_complaints"}
# The actions that answer a customer's message as it comes (not a form's, not a slot's).
ANSWERS_A_MESSAGE = READ_AS_WHAT_IT_SEEMS | {
    "action_case_message",
    "action_check_status",
    "action_list_complaints",
    "action_request_human",
}


def asks_erasure(text: str) -> bool:
    """Whether a message asks for the customer's personal data to be deleted: a word of
    deleting and a word of what is theirs (`nlu/vocabulary/erasure.yml`)."""
    return (
        not text.startswith("/")
        and vocabulary.says("erasure", "delete", text)
        and vocabulary.says("erasure", "personal", text)
    )


def erasure_consent(text: str) -> str | None:
    """The yes or no to "shall we delete your personal data?" said as what to do with it:
    "Go ahead and remove it please", "예, 삭제 진행하여 주십시오" (a word of deleting) say
    yes, "don't delete it yet", "지우지 마세요" (`keep` in erasure.yml) say no; a question
    says neither."""
    if text.startswith("/") or asks(text):
        return None
    if vocabulary.says("erasure", "keep", text):
        return "no"
    if vocabulary.says("erasure", "delete", text):
        return "yes"
    # "Aye, go on, …": a yes with more said, and no no
    meta = read_meta(text)
    return "yes" if meta.says("yes") and not meta.says("no") and not meta.says("leave") else None


def closing_awaits(tracker: Tracker) -> bool:
    """Whether `action_read_case` read the message as a step of closing the loop of the
    complaint it is about (the `closing` slot names the step and that complaint)."""
    step, _, reference = str(tracker.get_slot("closing") or "").partition(" ")
    return (
        bool(step and reference)
        and tracker.get_slot("thread") == "this"
        and tracker.get_slot("case") == reference
    )


def _clears_an_empty_slot(event: EventType, tracker: Tracker) -> bool:
    """A `SlotSet(name, None)` for a slot that is empty already: it changes nothing, and
    every event is stored and replayed for the rest of the conversation (forgetting pending
    answers after every inquiry wrote three of them a turn)."""
    return (
        event.get("event") == "slot"
        and event.get("value") is None
        and event.get("name") != "requested_slot"
        and tracker.get_slot(str(event.get("name"))) is None
    )


def language_of(tracker: Tracker) -> str:
    """The conversation's language (English until the customer shows otherwise)."""
    return "ko" if tracker.get_slot("language") == "ko" else "en"


def is_payload(text: str) -> bool:
    """A button's payload (`/follow_up{…}`), not words the customer typed."""
    return text.startswith("/")


def entity_value(tracker: Tracker, name: str) -> str | None:
    """The first value of an entity in the latest message, with the same entity found
    right after it joined on: "my phone charger" is a "phone charger", not a "phone"."""
    text = tracker.latest_message.get("text") or ""
    found = [
        entity
        for entity in tracker.latest_message.get("entities", []) or []
        if entity.get("entity") == name and entity.get("value")
    ]
    if not found:
        return None
    first = found[0]
    start, end = first.get("start"), first.get("end")
    if is_payload(text) or not isinstance(start, int) or not isinstance(end, int):
        # a button's entities all span the payload's JSON (Rasa's regex reading of
        # `/inform{"reference": …, "score": "4"}`): the value is the entity's own
        return str(first["value"])
    for entity in sorted(found[1:], key=lambda e: e.get("start") or 0):
        after = entity.get("start")
        if isinstance(after, int) and after >= end and not text[end:after].strip():
            end = max(end, int(entity.get("end") or after))
    return text[start:end] or str(first["value"])


# The time zone of the customer this turn is for, when they said where they are: a context
# variable, as actions run for many conversations at once.
_ZONE: ContextVar[str | None] = ContextVar("customer_zone", default=None)


class ComplaintAction(Action):
    """A custom action with its context."""

    action_name = ""

    def __init__(self, context: ActionContext) -> None:
        self.context = context

    def name(self) -> str:
        """The action's name in the domain."""
        return self.action_name

    @property
    def policy(self) -> Policy:
        """The complaints-handling policy."""
        return self.context.policy

    def date(self, moment: datetime, language: str) -> str:
        """A date in the customer's language and the organisation's time zone."""
        return format_date(moment, language, self.policy.timezone)

    def read(self, tracker: Tracker) -> Reading:
        """The reading of the latest message (made once a turn, whichever action asks)."""
        return read(tracker.latest_message, self.scope(language_of(tracker)))

    def scope(self, language: str) -> Scope:
        """What values are read with: the catalogue, today, the phone region, the desk's own
        contacts, the language remedies are named in."""
        policy = self.policy
        return Scope(
            policy.products,
            self.today(),
            policy.phone_region,
            policy.own_contacts,
            language,
            policy.fault_keywords,
        )

    def today(self) -> Date:
        """Today's date where the customer says they are, else where the organisation is
        (not in UTC)."""
        return local_date(self.context.clock(), _ZONE.get() or self.policy.timezone)

    def advise_on_danger(
        self, dispatcher: CollectingDispatcher, text: str, language: str, product: str | None = None
    ) -> None:
        """A danger told after filing gets the safety advice at once, as at filing."""
        if text and safety_words(self.policy, text):
            self.advise(dispatcher, language, product)

    def advise(self, dispatcher: CollectingDispatcher, language: str, product: str | None) -> None:
        """The safety advice: for a thing, to stop using it; for a service or a place ("gym",
        "미용실"), nothing to unplug, only to get help."""
        advice = self.policy.safety_advice
        if product and self.policy.injury_advice and not names_goods(product):
            advice = self.policy.injury_advice
        dispatcher.utter_message(response="utter_safety_advice", advice=advice.get(language, ""))

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        """Run the action for the conversation's identity, in its language, its days read
        where the customer says they are."""
        said = [str(e.get("text") or "") for e in tracker.events if e.get("event") == "user"]
        zone = _ZONE.set(customer_zone(said))
        try:
            return await self._run(dispatcher, tracker, domain)
        finally:
            _ZONE.reset(zone)

    async def _run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        text = tracker.latest_message.get("text") or ""
        if self.action_name in ANSWERS_A_MESSAGE and tracker.get_slot("pending_erasure"):
            consent = self.read(tracker).consent(strict=True) or erasure_consent(text)
            if consent is not None:  # the yes or no to "delete your personal data?" comes first
                from handlers.actions import erasure

                identity = Identity.from_sender_id(tracker.sender_id)
                return erasure.answer(self, dispatcher, identity, language_of(tracker), consent)
        if self.action_name in ANSWERS_A_MESSAGE and asks_erasure(text):
            # "please delete all my personal data" after a complaint closed: never a survey
            # comment, a message on the case or a new complaint, whatever the classifier read
            from handlers.actions.erasure import ActionEraseRequest

            return await ActionEraseRequest(self.context).run(dispatcher, tracker, domain)
        if self.action_name in READ_AS_WHAT_IT_SEEMS and closing_awaits(tracker):
            # the answer to what the desk asked in closing the loop (a comment, the reason
            # for a decline): whatever the classifier read it as ("처음부터 검수 좀 잘해서
            # 보내주세요" as a request for help), it goes there, never to the help menu;
            # carried out here, so what follows this action follows it
            from handlers.actions.thread import ActionCaseMessage

            return await ActionCaseMessage(self.context).run(dispatcher, tracker, domain)
        identity = Identity.from_sender_id(tracker.sender_id)
        if self.action_name in SHOWS_THE_QUESTION:
            # "what did you ask me again?" read as help or a list: staff's waiting question
            # shown again, whatever the classifier read
            from handlers.actions.thread import ActionCaseMessage

            shown = ActionCaseMessage(self.context).show_question(
                dispatcher, tracker, identity, None, language_of(tracker)
            )
            if shown is not None:
                return shown
        events = await self.act(dispatcher, tracker, identity, language_of(tracker))
        return [e for e in events if not _clears_an_empty_slot(e, tracker)]

    async def act(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        identity: Identity,
        language: str,
    ) -> list[EventType]:
        """The action's work."""
        raise NotImplementedError
