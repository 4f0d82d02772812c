"""The greeting and the help: what the desk does, that it is free, and how soon we answer
(ISO 10002 5.2), worded for whether the customer has filed a complaint here yet."""

from __future__ import annotations

from rasa_sdk import Tracker
from rasa_sdk.events import EventType, FollowupAction
from rasa_sdk.executor import CollectingDispatcher

from handlers import inquiries as use_case
from handlers import vocabulary
from handlers.actions.base import CLEAR_PENDING, ComplaintAction, is_payload, language_of
from handlers.answers import only_introduces
from handlers.fields import looks_like_description, tells_a_story
from handlers.formatting import format_span, render_response
from handlers.identity import Identity
from handlers.phrases import asks_for_help
from handlers.policy import Policy
from handlers.retention import periods
from handlers.words import says_much


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
        answered = answer_aside(self, dispatcher, tracker, identity)
        if answered is not None:  # "hi, one sec": a wait
            return answered
        if (
            not is_payload(said)
            and not self.read(tracker).meta.only
            and not only_introduces(said, self.policy)
            and looks_like_description(said)
        ):
            return [FollowupAction("action_triage")]
        greet(self, dispatcher, identity, language, privacy=said.startswith("/greet"))
        return CLEAR_PENDING


def greet(
    action: ComplaintAction,
    dispatcher: CollectingDispatcher,
    identity: Identity,
    language: str,
    *,
    privacy: bool = False,
) -> None:
    """The greeting with the configured targets, or a returning customer's with their latest;
    with `privacy` (Telegram's /start), how long data is kept, and erasure."""
    organisation = action.policy.organisation.get(language, "")
    reference = latest_reference(action, identity)
    if reference:
        name, values = "utter_greet_returning", {"reference": reference}
    else:
        name, values = "utter_greet", targets_said(action.policy, language)
    values["organisation"] = organisation
    if privacy:
        parts = [
            render_response(action.context.responses, name, language, **values),
            render_response(
                action.context.responses,
                "utter_privacy",
                language,
                **periods(action.policy.retention, language),
            ),
        ]
        dispatcher.utter_message(text="\n\n".join(parts))
    else:
        dispatcher.utter_message(response=name, **values)


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


def only_asks_what_we_do(text: str) -> bool:
    """Whether a message asks what the desk does or whether it is the place for something,
    and tells nothing else ("what do u guys actually do", "not sure if this is the right
    place", "여기서 뭐 하는 곳이에요?", "menu"): the help's words (`handlers/phrases.py`) or
    `triage.yml` `about_desk`; "what can you do? my buds stopped charging" tells a problem."""
    about = vocabulary.pattern("triage", "about_desk")
    rest = about.sub(" ", text)  # "not sure if this is the right place" tells no story
    return (asks_for_help(text) or rest != text) and not (tells_a_story(rest) or says_much(text))


def answer_aside(
    action: ComplaintAction,
    dispatcher: CollectingDispatcher,
    tracker: Tracker,
    identity: Identity,
) -> list[EventType] | None:
    """A message that says only something about the conversation, answered as what it is
    whatever intent the classifier gave it and wherever the rules sent it: a wait ("hang
    on", "잠깐만요", "one sec let me find the receipt") is waited for, and what the desk asked
    before still stands; a thanks is acknowledged; what the desk does is told. None when the
    message says more (it is read as any message is)."""
    said = tracker.latest_message.get("text") or ""
    if is_payload(said):
        return None
    answer = action.read(tracker).meta.answer
    if answer == "wait":
        dispatcher.utter_message(response="utter_wait_opening")
        return []
    if tracker.get_slot("pending_complaint") or tracker.get_slot("pending_withdrawal"):
        return None  # a yes, a no or a thanks answers what was asked
    if answer == "thanks":
        dispatcher.utter_message(response="utter_thank")
        return CLEAR_PENDING
    greets = answer == "greeting" or only_introduces(said, action.policy)
    if greets and action.action_name != ActionGreet.action_name:  # which reads on itself
        # "hiya babe, you alright?" or "Hi, I'm writing on behalf of my tenant", whatever
        # the classifier said: greeted, and the story asked for (no second action, which
        # the policies would not know how to follow)
        greet(action, dispatcher, identity, language_of(tracker))
        return CLEAR_PENDING
    if only_asks_what_we_do(said):
        tell_help(action, dispatcher, identity)
        return CLEAR_PENDING
    return None
