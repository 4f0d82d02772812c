"""Questions about the process and privacy answered from the FAQ (`config.yml` `faq`), in
the middle of the form and out of it: one place that says the answers, for every action."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable

from rasa_sdk import Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from handlers import inquiries as use_case
from handlers import thread
from handlers.actions.base import ComplaintAction, is_payload
from handlers.actions.greeting import targets_said
from handlers.assessment import complaint_words, safety_words, without_remedy
from handlers.dates import parse_incident_date
from handlers.faq import Entry
from handlers.fields import find_contact, looks_like_description
from handlers.identity import Identity
from handlers.policy import Policy
from handlers.readback import named_field, understand
from handlers.thread import Case
from handlers.words import full_stops

log = logging.getLogger(__name__)


def asked(action: ComplaintAction, tracker: Tracker, field: str | None = None) -> tuple[Entry, ...]:
    """The FAQ entries the latest message asks; `field` is the form question being asked
    (which a bare "why?" is about)."""
    text = tracker.latest_message.get("text") or ""
    return () if is_payload(text) else action.policy.faq.asked(text, field)


def say(
    action: ComplaintAction,
    dispatcher: CollectingDispatcher,
    tracker: Tracker,
    identity: Identity,
    language: str,
    entries: tuple[Entry, ...],
    *,
    in_form: bool = False,
    note_call: bool = True,
) -> list[EventType]:
    """Answer the entries asked. Outside the form, a customer with an open complaint is told
    where theirs stands for an entry that says so, and a wish for a call is noted on it
    (`note_call`); in the form it is noted once the complaint is filed (`person_asked`)."""
    policy = action.policy
    values = {
        "organisation": policy.organisation.get(language, ""),
        "contact_way": policy.contact_way(language),
        "where": policy.where_questions_go(language),
        **targets_said(policy, language),
        # how long what they tell is kept, as config.yml `retention` says
        "kept_days": str(policy.retention.days),
        "kept_years": f"{policy.retention.days / 365:g}",
        "conversation_days": str(policy.retention.conversation_days),
    }
    case = None
    if not in_form and any(e.case for e in entries):
        case = _open_case(action, identity, tracker.get_slot("case"))
    said: list[str] = []
    for entry in entries:
        if entry.person:  # the line, and whether it is open now, as a request for a person
            _way_to_a_person(action, dispatcher, language)
            continue
        if entry.case and case is not None:
            text = _where_it_stands(action, case, language)
        else:
            text = entry.text(language, identity.channel).format(**values)
        if text and text not in said:
            said.append(text)
            dispatcher.utter_message(text=text)
    log.debug("faq.answered", extra={"entries": [e.id for e in entries], "in_form": in_form})
    if not any(e.call for e in entries):
        return []
    if in_form:
        return [SlotSet("person_asked", True)]
    if note_call:
        reference = use_case.request_human(
            action.context.factory,
            identity=identity,
            now=action.context.clock(),
            policy=policy,
            reference=tracker.get_slot("case"),
            text=tracker.latest_message.get("text") or "",
        )
        if reference:
            dispatcher.utter_message(response="utter_human_recorded", reference=reference)
    return []


def in_form(
    action: ComplaintAction,
    dispatcher: CollectingDispatcher,
    tracker: Tracker,
    identity: Identity,
    language: str,
    requested: str,
    value: str,
    gives: Callable[[str], bool],
) -> tuple[list[EventType], str | None] | None:
    """A question asked in the middle of the form, answered: the events to keep, and the
    text to read as the answer (None: none, and the question is asked again). None when the
    message asks none.

    The answer is what the message says beside the question ("Tom Whitfield. Why do you need
    my name?", "그럼 수리로 해주세요. 근데 며칠이나 걸려요?") when that `gives` what was asked,
    so that the question is never stored; else the whole message when it is a plain answer
    that asks too ("can you call me on 010-…?", "yes. what happens now?")."""
    entries = asked(action, tracker, requested)
    if not entries:
        return None
    rest = action.policy.faq.beside(value, requested)
    answer = None
    if rest.strip() and gives(rest):
        answer = rest
    elif _plain_answer(action, requested, value):
        answer = value
    return say(action, dispatcher, tracker, identity, language, entries, in_form=True), answer


def _plain_answer(action: ComplaintAction, requested: str, value: str) -> bool:
    """Whether a message that asks is all the same the answer: a contact, a date at the date
    question, a yes, no or field at the read-back."""
    if find_contact(value, action.policy.phone_region):
        return True
    if requested == "incident_date":
        parsed = parse_incident_date(value, action.today())
        return parsed is not None and parsed.on is not None
    return requested in ("confirmed", "correction_field") and (
        understand(value).kind != "unclear" or bool(named_field(value))
    )


def at_opening(
    action: ComplaintAction,
    dispatcher: CollectingDispatcher,
    tracker: Tracker,
    identity: Identity,
    language: str,
) -> list[EventType] | None:
    """A question in the message that opened the form, answered. Alone ("can I complain
    anonymously?") it is all there is, and the form waits for what happened (None); told
    with a problem, the form goes on, and a wish for a call is noted on this complaint (the
    events to keep)."""
    entries = asked(action, tracker)
    if not entries:
        return []
    text = tracker.latest_message.get("text") or ""
    rest = without_remedy(action.policy.faq.beside(text))
    told = bool(complaint_words(action.policy, rest) or safety_words(action.policy, text)) or (
        # a deadline set beside what went wrong ("you sent me the wrong boot size twice, I
        # need the right ones by 18 Dec"): a statement about the complaint told with it
        any(e.statement for e in entries) and looks_like_description(rest)
    )
    said = say(action, dispatcher, tracker, identity, language, entries, in_form=told)
    if told and any(e.person for e in entries) and action.read(tracker).meta.person:
        # "I need to speak to a human … is there a number I can call?": the way to a
        # person said once, and the wish noted once the complaint is filed
        said = [*said, SlotSet("person_asked", True)]
    return said if told else None


def noted(policy: Policy, description: str, told: Iterable[str]) -> str:
    """What happened, with the sentences said while filing that the desk told the customer
    it noted for the team (a statement of an entry about their complaint: a deadline set,
    "이번 주 금요일까지는 어느 쪽인지 컨펌 주셨으면 합니다"), so that it is."""
    kept = [description]
    for said in told:
        for a, b in full_stops(said):
            sentence = said[a : b + 1].strip()
            entries = policy.faq.asked(sentence)
            if not any(e.statement and e.case for e in entries):
                continue
            # "my kettle leaks …, I want a text back by 5 today": what the story lacks of it
            said = description.strip()
            if said and sentence.startswith(said):
                sentence = sentence[len(said) :].strip(" ,.;")
            if sentence and sentence not in " ".join(kept):
                kept.append(sentence)
    return "\n".join(kept)


def _open_case(action: ComplaintAction, identity: Identity, named: str | None) -> Case | None:
    """The customer's open complaint the conversation is about, else their latest open one."""
    own = thread.cases(action.context.factory, action.policy, identity=identity)
    open_ = [c for c in own if c.open]
    return next((c for c in open_ if c.reference == named), open_[0] if open_ else None)


def _where_it_stands(action: ComplaintAction, case: Case, language: str) -> str:
    """Who has the complaint, by when they answer, and how the customer hears."""
    # imported here: the case thread's actions import the triage, which answers the FAQ
    from handlers.actions.thread import ActionCaseMessage

    return ActionCaseMessage(action.context).passed_on(case, language, recorded=False)


def _way_to_a_person(
    action: ComplaintAction, dispatcher: CollectingDispatcher, language: str
) -> None:
    # imported here: the inquiries' actions import this module
    from handlers.actions.inquiries import how_to_reach_a_person

    how_to_reach_a_person(action, dispatcher, language)
