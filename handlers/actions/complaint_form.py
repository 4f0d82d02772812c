"""The complaint form: validation of each answer, the read-back, corrections, submission."""

from __future__ import annotations

import dataclasses
from datetime import date
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import ActiveLoop, EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from handlers import vocabulary
from handlers.actions import faq
from handlers.actions.base import ComplaintAction, entity_value, is_payload
from handlers.actions.closing import linked
from handlers.actions.form_answers import (
    FORM_SLOTS,
    READERS,
    Answer,
    Got,
    changes,
    contact_spans,
    date_got,
    day_told,
    note_for_staff,
    paused,
    read_answer,
    refusal,
    rest_tells,
    said_back,
    several_contacts,
    so_far,
    who_besides,
)
from handlers.actions.form_events import submission_key, told_in_form
from handlers.actions.form_readback import ReadBackAnswers
from handlers.actions.greeting import answer_aside
from handlers.actions.inquiries import (
    ActionCheckStatus,
    ActionListComplaints,
    ActionNotUnderstood,
    ActionRequestHuman,
    how_to_reach_a_person,
)
from handlers.actions.opening import remedy_in_opening, tells_what_happened
from handlers.actions.triage import (
    ActionTriage,
    answers_offer,
    decision,
    declines_filing,
    no_complaint,
    only_asks_for_help,
    signs_off,
    told_before,
)
from handlers.answers import (
    asks_for_something,
    for_staff,
    phrases,
    says_availability,
)
from handlers.assessment import after_praise, complaint_words, safety_words
from handlers.clauses import faults_said
from handlers.dates import find_incident_date, parse_incident_date
from handlers.fields import (
    find_contact,
    looks_like_description,
    preferred_contact,
    tells_a_story,
    the_wish,
    valid_description,
    valid_short,
)
from handlers.identity import Identity
from handlers.inquiries import request_human
from handlers.intake import ComplaintDetails, InvalidDetails, file_complaint
from handlers.meta import leaves_plainly, read_meta, says_nothing_else
from handlers.names import looks_like_a_name, read_name
from handlers.phrases import language_asked, lost_reference
from handlers.products import product_answer
from handlers.readback import acts_on_the_draft, files_now, named_field, submits, understand
from handlers.reading import Reading, clauses, read
from handlers.remedies import left_to_us, left_unsaid
from handlers.triage import refers_back
from handlers.values import best, brand_alone, not_a_product, values_in
from handlers.words import sentences

ALL_SLOTS = (
    *FORM_SLOTS,
    "incident_on",
    "incident_date_shown",
    "confirmed",
    "correction_field",
    "opener",
    "leaving",
)


# Questions a customer may ask in the middle of a complaint, answered by the action that
# answers them outside the form. Above this confidence the classifier is trusted.
INTERRUPTIONS: dict[str, type[ComplaintAction]] = {
    "request_human": ActionRequestHuman,
    "check_status": ActionCheckStatus,
    "list_complaints": ActionListComplaints,
}
INTERRUPTION_CONFIDENCE = 0.6
# What a meta-answer at a question gets before the question is asked again.
META_REPLIES = {"wait": "utter_meta_wait", "repeat": "utter_meta_repeat", "back": "utter_meta_back"}
# Meta-answers that answer no question of the form ("yes" where the name was asked, "ok"
# where the product was): never stored, the question put another way.
NOT_ANSWERS = ("yes", "no", "thanks", "greeting")


# The answers beside which more told is what happened ("repair I guess. but have a human
# call me monday", "보청기요. 근데 맡긴지 한참 됐는데 …").
_TOLD_BESIDE = frozenset({"product", "desired_outcome", "incident_date"})


def unsaid(tracker: Tracker, language: str, asked: str) -> list[EventType]:
    """Every field that may go unsaid and is not filled (the one `asked` holds only what was
    just said), as left to the team (answers.yml `left_unsaid`)."""
    events: list[EventType] = []
    for field in ("product", "desired_outcome", "incident_date"):
        if field == asked or not tracker.get_slot(field):
            value = left_unsaid(field, language)
            events.append(SlotSet(field, value))
            if field == "incident_date":
                events += [SlotSet("incident_on", None), SlotSet("incident_date_shown", value)]
    return events


def _going(text: str) -> bool:
    """Whether the customer is the one going for now: a clause that says so and asks
    nothing of staff but to wait ("이따 올게요", "가만 있어 보쇼", not "다시 와서 고쳐
    주든가": staff to come again)."""
    return any(
        (meta := read_meta(said)).pauses and (meta.says("wait") or not asks_for_something(said))
        for said in clauses(text)
    )


def _advised(tracker: Tracker) -> bool:
    """Whether the customer has had the safety advice in this conversation."""
    return any(
        event.get("event") == "bot"
        and (event.get("metadata") or {}).get("utter_action") == "utter_safety_advice"
        for event in tracker.events
    )


class ValidateComplaintForm(ReadBackAnswers, ComplaintAction):
    """Checks each answer, keeps details given up front, and runs the read-back."""

    action_name = "validate_complaint_form"

    async def act(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        identity: Identity,
        language: str,
    ) -> list[EventType]:
        """Validate what the customer just said for the slot being asked; "shall I stop?"
        asked, anything but a yes to it goes on with the form."""
        events = await self._validate(dispatcher, tracker, identity, language)
        if tracker.get_slot("leaving") and not any(e.get("name") == "leaving" for e in events):
            events.append(SlotSet("leaving", None))
        return events

    async def _validate(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        identity: Identity,
        language: str,
    ) -> list[EventType]:
        text = tracker.latest_message.get("text") or ""
        requested = tracker.get_slot("requested_slot")
        today = self.today()
        if requested is None:
            intent = (tracker.latest_message.get("intent") or {}).get("name")
            offered = tracker.get_slot("pending_complaint")
            if declines_filing(self.policy, text):  # "아니요 불만 없어요", "its a compliment"
                events = no_complaint(dispatcher, tracker, self.policy, language)
                return [*events, SlotSet("requested_slot", None), ActiveLoop(None)]
            if signs_off(self.policy, text):  # "nah, I just said, all good. ka kite"
                dispatcher.utter_message(response="utter_goodbye")
                return [SlotSet("requested_slot", None), ActiveLoop(None)]
            new_story = (
                intent == "file_complaint"
                and looks_like_description(text)
                and not answers_offer(self.policy, tracker, today)
            )
            if offered and not new_story:
                # A yes (or details) to "Would you like to file a complaint about this?";
                # a question asked with it answered, and read for no detail ("교환으로 해
                # 주세요. 영수증도 있어야 하나요?")
                entries = faq.asked(self, tracker)
                said = faq.say(self, dispatcher, tracker, identity, language, entries, in_form=True)
                answer = self.policy.faq.beside(text) if entries else text
                opened = self._opening(
                    dispatcher, tracker, offered, today, language, offered=True, answer=answer
                )
                return [*said, *opened]
            aside = answer_aside(self, dispatcher, tracker, identity)
            if aside is not None:  # "hold on a sec" read as a complaint: a wait, no form
                return [*aside, SlotSet("requested_slot", None), ActiveLoop(None)]
            if lost_reference(text) or only_asks_for_help(text):
                # Not a complaint after all ("접수번호 까먹었어요"): answer it, no form.
                await ActionNotUnderstood(self.context).act(dispatcher, tracker, identity, language)
                return [SlotSet("requested_slot", None), ActiveLoop(None)]
            noted = faq.at_opening(self, dispatcher, tracker, identity, language)
            if noted is None:  # only a question ("can I complain anonymously?"): answered
                return [SlotSet("requested_slot", None), ActiveLoop(None)]
            if not noted and self.read(tracker).meta.person:
                # "… i want to talk to an actual person NOT a bot" with the complaint: the
                # way to a person at once, and the wish noted once it is filed
                how_to_reach_a_person(self, dispatcher, language)
                noted = [SlotSet("person_asked", True)]
            decided = decision(self.policy, tracker.latest_message)
            earlier = told_before(self.policy, tracker)
            if earlier is not None and (decided == "file" or refers_back(text)):
                # "no, that was a complaint" after the opener was answered as praise or a
                # question: the opener is what happened, and its details are kept
                return self._opening(
                    dispatcher,
                    tracker,
                    earlier.text,
                    today,
                    language,
                    offered=True,
                    answer=text,
                    kept_product=earlier.product,
                )
            if intent == "file_complaint" and decided != "file":
                # The classifier is unsure it is a complaint: ask first (no form yet).
                events = ActionTriage(self.context).respond(dispatcher, tracker, language, decided)
                return [*noted, *events, SlotSet("requested_slot", None), ActiveLoop(None)]
            opened = self._opening(dispatcher, tracker, text, today, language, decided=decided)
            return [*noted, *opened]
        asked = language_asked(text)
        if asked is not None:
            # "한국어로 해주세요" in the middle of the form: the form goes on in that language
            # (and staff will answer in it); never stored as an answer.
            dispatcher.utter_message(
                response="utter_language_to_ko" if asked == "ko" else "utter_language_to_en"
            )
            return [SlotSet("language", asked), SlotSet(requested, None)]
        reading = self.read(tracker)
        answered = text  # the answer, without a remark of "enough" after it ("수리, 환불. 됐냐?")
        if (
            reading.leaves
            and not reading.meta.only
            and not vocabulary.says("meta", "turns", text)  # "월요일쯤이요 근데 그냥 됐어요"
        ):
            parts = sentences(text, clauses=False)
            answered = " ".join(text[a:b] for a, b in parts if not says_nothing_else(text[a:b]))
            if answered and self._answers(tracker, requested, answered):
                # "refund, im done with it": the answer, and a remark about the product; a
                # complaint half filed is not thrown away on a remark beside an answer
                reading = dataclasses.replace(
                    reading, meta=dataclasses.replace(reading.meta, leaves=False)
                )
            else:
                answered = text
        if (
            requested in FORM_SLOTS
            and requested not in ("description", "confirmed", "correction_field")
            and files_now(text)
            and not self._answers(tracker, requested, text)
        ):
            # "That's enough questions, please just file it as it is", "grand, send it on": what
            # may go unsaid is left to the team; who they are and how to reach them are asked
            dispatcher.utter_message(response="utter_filing_as_it_is")
            return [SlotSet(requested, None), *unsaid(tracker, language, requested)]
        # "됐어요 이대로 접수해 주세요": done with the remark, and filing asked for: no leave
        leaves = reading.leaves and not (requested == "confirmed" and submits(text))
        confirming = bool(tracker.get_slot("leaving"))
        if confirming and requested != "confirmed" and reading.meta.consent() == "yes":
            leaves = True  # "yes" to "shall I stop?" (at the read-back a yes files)
        plainly = leaves_plainly(text) and named_field(text) is None
        if leaves and not confirming and not plainly and self._drafted(tracker):
            # "그만하믄 됐소. 넣어 주시우", "I give up. Change the when …": asked before dropped
            dispatcher.utter_message(response="utter_confirm_leave")
            return [SlotSet("leaving", True), SlotSet(requested, None)]
        if leaves or declines_filing(self.policy, text):
            # "no dont submit its not a complaint" calls it off too
            dispatcher.utter_message(response="utter_complaint_cancelled")
            return [SlotSet(slot, None) for slot in ALL_SLOTS] + [
                SlotSet("person_asked", None),
                SlotSet("requested_slot", None),
                ActiveLoop(None),
            ]
        if requested and not reading.meta.answer and self._waits(tracker, requested, text):
            # "hang on a tick, someone at the door, brb": a wait with its reason, no answer
            dispatcher.utter_message(response="utter_meta_wait")
            return paused(self._answer(tracker, requested, text, today, language))
        if requested and reading.meta.pauses and _going(text):
            # "애기 깼어요 이따 올게요", "noticed it friday btw. will finish this later": the
            # question waits unless answered beside; what is told beside is kept
            dispatcher.utter_message(response="utter_meta_later")
            return paused(self._answer(tracker, requested, text, today, language))
        said_instead = META_REPLIES.get(reading.meta.answer or "")
        if (
            reading.meta.answer in NOT_ANSWERS
            and requested in ("description", "customer_name")
            and not is_payload(text)
        ):
            # the other questions refuse it with their own words ("Please name the product")
            said_instead = "utter_meta_repeat"
        if said_instead and requested in FORM_SLOTS:
            # "hold on", "what do you need from me?": never an answer; the question again
            dispatcher.utter_message(response=said_instead, so_far=so_far(tracker.slots, requested))
            return [SlotSet(requested, None)]
        value = tracker.get_slot(requested)
        value = answered if answered != text or not isinstance(value, str) else value
        answered = faq.in_form(
            self,
            dispatcher,
            tracker,
            identity,
            language,
            requested,
            value,
            lambda said: self._gives(tracker, requested, said, today, language),
        )
        faq_said: list[EventType] = []
        if answered is not None:
            # "why do you need my name?", "사진은 어디로 보내요?": answered, never stored;
            # the question asked again, unless the message answers it beside the question
            # ("Tom Whitfield. Why do you need my name?"), which is read alone
            faq_said, answered_by = answered
            if answered_by is None:
                return [*faq_said, SlotSet(requested, None)]
            value = answered_by
        answer = self._answer(tracker, requested, value, today, language)
        interruption = None if answered else self._interruption(tracker, requested, value, today)
        if interruption is not None:
            # Answer the question asked instead; the form then asks its own again, unless
            # the message answered it too ("repair I guess. but have a human call me").
            if not (interruption is ActionRequestHuman and tracker.get_slot("person_asked")):
                await interruption(self.context).act(dispatcher, tracker, identity, language)
            # the answer given with it is taken too ("권나연 / 010-… 이 번호로 전화주세요")
            got, others, _ = (
                read_answer(answer, loose=False) if requested in FORM_SLOTS else (None, [], None)
            )
            also = bool(got or others)
            events = self._take(dispatcher, tracker, answer) if also else []
            story = answer.story
            if not also and story and says_availability(value) and value not in story:
                # "weekday evenings are best, ring me": when to call, kept for staff
                told = for_staff(value)
                events.append(SlotSet("description", valid_description(f"{story}\n{told}")))
            if interruption is ActionRequestHuman:
                # noted on the complaint once it is filed, for the staff who handle it; said once
                if not tracker.get_slot("person_asked"):
                    dispatcher.utter_message(response="utter_call_noted")
                return [SlotSet(requested, None), *events, SlotSet("person_asked", True)]
            return [SlotSet(requested, None), *events]
        brand = brand_alone(value) if requested in ("desired_outcome", "incident_date") else None
        if brand and (current := tracker.get_slot("product")):
            # "its a bosch" where the remedy was asked: the product named more exactly
            named = current if brand.lower() in current.lower() else f"{brand} {current}"
            dispatcher.utter_message(response="utter_details_taken", details=named)
            return [SlotSet("product", named), SlotSet(requested, None)]
        if value.startswith("/") and requested not in ("confirmed", "correction_field"):
            # A button pressed from an earlier question (`/affirm`) is not an answer to this.
            dispatcher.utter_message(response=f"utter_invalid_{requested}")
            return [SlotSet(requested, None)]
        if requested == "confirmed":
            return [*faq_said, *self._confirmation(dispatcher, tracker, value, today, language)]
        if requested == "correction_field":
            return [*faq_said, *self._correction(dispatcher, tracker, value, today, language)]
        taken = self._retold(dispatcher, tracker, answer) or self._take(dispatcher, tracker, answer)
        return [*faq_said, *taken]

    def _gives(
        self, tracker: Tracker, requested: str, text: str, today: date, language: str
    ) -> bool:
        """Whether a text gives what was asked (or another field's value): what happened at
        the first question, a yes, no or field at the read-back."""
        if requested == "description":
            return tells_a_story(text)
        if requested in ("confirmed", "correction_field"):
            return understand(text).kind != "unclear" or bool(named_field(text))
        return self._answers(tracker, requested, text)

    def _reading(self, tracker: Tracker, text: str, language: str) -> Reading:
        """The reading of the answer (the slot's text is the message's, as a rule)."""
        message = {**tracker.latest_message, "text": text}
        return read(message, self.scope(language))

    def _take(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, a: Answer
    ) -> list[EventType]:
        """Read an answer by the table (`form_answers`), keep every value it gives in its
        own field, say them back, and ask the question again when it is not answered."""
        slot, text, story = a.asked, a.text, a.story
        if (
            slot in ("product", "desired_outcome")
            and a.reading.says_nothing_else
            and not (slot == "desired_outcome" and left_to_us(text, a.language))
        ):
            # "yes", "ok", "네" answers no question here (the customer was answering another);
            # "알아서 해 주세요" leaves the wish to us
            dispatcher.utter_message(response=f"utter_invalid_{slot}")
            return [SlotSet(slot, None)]
        # a danger, not a name that holds a danger word ("Jane Burns"): advised, and added
        # to what happened so that what is stored is what the customer was told
        danger = bool(safety_words(self.policy, text)) and not (
            slot == "customer_name" and looks_like_a_name(text)
        )
        if danger and not _advised(tracker):
            # the danger told in an answer, not in the first message: advised now, first
            self.advise(dispatcher, a.language, tracker.get_slot("product"))
        if danger and slot == "product" and story and not a.reading.value("product"):
            # "sparks" where the product was asked: what happened, never the product
            dispatcher.utter_message(response="utter_story_added")
            told_now = valid_description(f"{story}\n{text}")
            return [SlotSet("description", told_now), SlotSet(slot, None)]
        got, instead, refused = read_answer(a)
        others = [*instead, *self._along(a, [g.field for g in (got, *instead) if g])]
        told = refused is not None and refused.story  # what happened, where a thing was asked
        named = a.reading.value("product")
        if got is None and slot == "product" and named:  # a product named in a sentence
            others.append(Got("product", named.value, named.value))
        if got and slot == "description" and named and not a.slots.get("product"):
            # "전자렌지가 고장났어요" told when asked what happened: its product is taken, as
            # from a first message
            others.append(Got("product", named.value, named.value))
        if got and slot == "description":  # its day too ("the installer came three days ago")
            others += day_told(a, text, [got, *others])
        # what happened, told with the answer or as it: added for staff to read and the
        # assessment to count
        more = story and (
            danger
            or told
            or (got and slot in _TOLD_BESIDE and rest_tells(a, got))
            # "…but text is better", "문자로 주세요 전화는 못받아요": how to reach them, for staff
            or (
                got
                and slot == "contact"
                and bool(phrases(text, [v.span for v in a.reading.values] + contact_spans(a)))
            )
            # "010-1234-5678 or my son's 010-2222-3333": the one not taken is kept, for staff
            or several_contacts(a)
            # "평일 오전만 돼요", "call thursday after 5": when to reach them, for staff
            or says_availability(text)
        )
        events: list[EventType] = []
        # only news of the problem, the values and what is said to the desk left out: "It
        # is at the bottom of my letter", a question, "이따 올게요", "literally the first
        # thing i wrote"; the sentence that is the wish, said at its question, is the answer
        values = [v.span for v in a.reading.values] + contact_spans(a)
        wished = got is not None and slot == "desired_outcome"
        note = note_for_staff(a, values, wished, danger).strip()
        added = bool(more and story and note and note not in story)
        if added:
            events.append(SlotSet("description", valid_description(f"{story}\n{note}")))
            others += day_told(a, note, [got, *others])  # "2026년 11월 25일 자로 … 결제되었습니다"
        reply = None
        if got is None and not others and added and slot in ("customer_name", "contact"):
            reply = "utter_story_added"  # "oh and last night smoke came out the back"
        elif got is None and refused is not None and not (others and a.reading.changes_mind):
            reply = refusal(refused, slot, added)  # a change of mind is said back, then asked
        elif got is None and not others:
            reply = f"utter_invalid_{slot}"
        if reply:
            dispatcher.utter_message(response=reply)
        said_back(dispatcher, others, tracker.slots, a.language, changing=a.reading.changes_mind)
        events += got.events() if got else [SlotSet(slot, None)]
        if a.reading.meta.declines_person and not a.reading.meta.person:  # "전화는 안 주셔도 돼요"
            events.append(SlotSet("person_asked", None))
        return events + [event for other in others for event in other.events()]

    def _drafted(self, tracker: Tracker) -> bool:
        """Whether the customer has told the form anything yet."""
        return any(tracker.get_slot(slot) for slot in FORM_SLOTS)

    def _waits(self, tracker: Tracker, requested: str, text: str) -> bool:
        """Whether a message asks the form to wait and answers nothing ("hang on let me
        fnid the reciept"); "wait, actually a replacement" changes a value."""
        reading = self.read(tracker)
        if not reading.meta.says("wait") or reading.meta.pauses or reading.changes_mind:
            return False
        if reading.asks or faq.asked(self, tracker, requested):
            return False  # "이름은 와 묻소? 전화번호로 찾으면 되지 않갔소": a question, answered
        if requested in ("confirmed", "correction_field") and acts_on_the_draft(text):
            return False  # "Now hold on, I said the house phone is better …": a correction
        return not self._answers(tracker, requested, text)

    def _answers(self, tracker: Tracker, requested: str | None, text: str) -> bool:
        """Whether a message gives a value: for the question asked, or another field's."""
        if requested not in FORM_SLOTS or requested == "description":
            return False
        language = str(tracker.get_slot("language") or "en")
        answer = self._answer(tracker, requested, text, self.today(), language)
        got, others, _ = read_answer(answer, loose=False)
        return got is not None or bool(others)

    def _answer(
        self, tracker: Tracker, requested: str, text: str, today: date, language: str
    ) -> Answer:
        """An answer to the question asked, as the form's table reads it."""
        reading = self._reading(tracker, text, language)
        return Answer(text, requested, reading, self.policy, today, language, tracker.slots)

    def _along(self, a: Answer, taken: list[str]) -> list[Got]:
        """A name or a contact given with another answer ("…name's dave miller,
        dave.m@gmail.com"), for the fields not filled yet; a name said as one corrects the
        one taken before; a change of mind ("actually a replacement") at any question."""
        found: list[Got] = []
        filled = {slot for slot in ("customer_name", "contact") if a.slots.get(slot)}
        for value in who_besides(
            a.reading.values,
            filled | {a.asked},
            a.slots.get("customer_name"),
            preferred_contact(a.text, self.policy.phone_region),
        ):
            field = "customer_name" if value.kind == "name" else "contact"
            if field not in taken:
                found.append(Got(field, value.value, value.value))
        if a.asked == "customer_name" and "contact" not in filled | {g.field for g in found}:
            # "fine. Priya Raghunathan. 07700 900123": at the name question any number is theirs
            contact = READERS["contact"].asked(a)
            if isinstance(contact, Got):
                found.append(contact)
        return [*found, *changes(a, [*taken, *(g.field for g in found)])]

    def _interruption(
        self, tracker: Tracker, requested: str, value: str, today: date
    ) -> type[ComplaintAction] | None:
        """The action for a question asked in the middle of the form, if this is one.

        A request for a person, a status or a list is never stored as an answer. Text that
        is a plain answer to the question asked (a contact, a date, a yes or no at the
        read-back) stays an answer whatever the classifier thought.
        """
        intent = tracker.latest_message.get("intent") or {}
        action = INTERRUPTIONS.get(str(intent.get("name")))
        reading = self.read(tracker)
        if reading.meta.person and requested in FORM_SLOTS:
            return ActionRequestHuman  # asked in words, whatever the classifier said
        if action is None or float(intent.get("confidence") or 0) < INTERRUPTION_CONFIDENCE:
            return None
        if action is ActionRequestHuman and reading.meta.declines_person:
            return None  # "상담사 연결은 필요 없습니다", "don't call me": no request
        if not (reading.asks or reading.meta.requests):
            return None  # neither asks nor requests: an answer ("Priya Raman")
        if requested == "contact" and find_contact(value, self.policy.phone_region):
            return None
        if requested == "incident_date":
            parsed = parse_incident_date(value, today)
            if parsed is not None and parsed.on is not None:
                return None
        if requested in ("confirmed", "correction_field") and (
            understand(value).kind != "unclear" or named_field(value)
        ):
            return None
        return action

    def _opening(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        text: str,
        today: date,
        language: str,
        offered: bool = False,
        answer: str = "",
        decided: str = "",
        kept_product: str | None = None,
    ) -> list[EventType]:
        """Keep what the opening message already said, so it is not asked again, and say
        what was kept (a silent skip made customers answer the question they expected).

        `offered`: the text is a message the customer agreed to file when asked, not the
        latest one (whose intent and entities belong to the "yes"); `answer` is that yes,
        which may carry details of its own ("yes, I want a refund"). `decided`: the triage's
        reading of the latest message (`triage.decision`), already made by the caller.
        `kept_product`: the product found in the earlier messages `text` holds.
        """
        details = f"{text}\n{answer}" if answer else text
        events: list[EventType] = [
            SlotSet("pending_withdrawal", None),
            SlotSet("pending_complaint", None),
            SlotSet("pending_product", None),
        ]
        found = values_in(details, self.scope(language))
        intent = (tracker.latest_message.get("intent") or {}).get("name")
        said = entity_value(tracker, "product")  # after an offer, from the answer to it
        if offered:
            said = said or kept_product or tracker.get_slot("pending_product")
        # "your staff were super helpful when i bought my tv … BUT the soundbar keeps
        # dropping bluetooth": the product of the fault, not of the praise before the turn
        turned = after_praise(details)
        after = details.rfind(turned) if turned else 0
        named = best([v for v in found if v.start >= after] or found, "product")
        product = (
            (named.value if named and named.confidence == 1.0 else None)  # the catalogue's
            or (product_answer(self.policy.products, answer, said) if offered else None)
            or (named.value if named else None)
            or (valid_short(said) if said and not not_a_product(details, said) else None)
        )
        story = (
            offered
            or intent in ("file_complaint", "inform")
            or decided == "file"  # safety, a demand for a remedy
        )
        danger = bool(safety_words(self.policy, text))
        got: list[Got] = []
        # a danger told is what happened, however short ("it exploded"): the advice given
        # for it and the assessment stored read the same words
        told = danger or (
            story
            # "my washing machine is leaking": a fault word tells, however few the others
            and (
                looks_like_description(text, said or product)
                or bool(faults_said(self.policy.fault_keywords, text))
            )
            and tells_what_happened(self.policy, text)
        )
        # "I am Mr. Sunil Wickramasinghe, retired …" offered, then "Yes, that is why I am here.
        # The hot water geyser … stopped working": the problem told in the yes, none before
        told_after = (
            told
            and offered
            and bool(answer)
            and not complaint_words(self.policy, text)
            and bool(complaint_words(self.policy, answer))
            and tells_what_happened(self.policy, answer)
        )
        # what happened, without a greeting, the wish, the name or the contact said with it
        who = [v.span for v in found if v.kind in ("name", "contact")]
        news = for_staff(details if told_after or not told else text, who, the_wish, questions=True)
        if told and (description := valid_description(news) or valid_description(text)):
            events.append(SlotSet("description", description))
        elif story and news.strip():  # "it is about the armchair I bought": kept, and asked
            events.append(SlotSet("opener", news))
        if product:
            got.append(Got("product", product, product))
        if (parsed := find_incident_date(details, today)) is not None:
            got.append(date_got(parsed, language))
        if remedy := remedy_in_opening(text, answer, found, language):
            got.append(Got("desired_outcome", remedy, remedy))
        got += [
            Got("customer_name" if v.kind == "name" else "contact", v.value, v.value)
            for v in who_besides(
                found, set(), preferred=preferred_contact(details, self.policy.phone_region)
            )
        ]
        if (
            offered
            and answer
            and not any(g.field == "customer_name" for g in got)
            and looks_like_a_name(answer)
            and (name := read_name(answer).name)
        ):
            # "Delphine Thibodeaux" to "Would you like to file a complaint?": going ahead, as
            # who they are
            got.append(Got("customer_name", name, name))
        if danger:
            self.advise(dispatcher, language, product)
        elif any(e.get("name") == "description" and e.get("value") for e in events):
            dispatcher.utter_message(response="utter_sorry")  # what happened is told: sorry
        said_back(dispatcher, got, {}, language)
        return events + [event for value in got for event in value.events()]


class ActionSubmitComplaint(ComplaintAction):
    """Stores the confirmed complaint and acknowledges it at once with its reference."""

    action_name = "action_submit_complaint"

    async def act(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        identity: Identity,
        language: str,
    ) -> list[EventType]:
        """File the complaint when the customer confirmed it (a cancelled form did not)."""
        if tracker.get_slot("confirmed") is not True:
            return []
        slots: dict[str, Any] = {slot: tracker.get_slot(slot) for slot in ALL_SLOTS}
        incident_on = slots.get("incident_on")
        told = told_in_form(tracker)
        details = ComplaintDetails(
            # a deadline the customer set, told as noted, kept for the team
            description=faq.noted(self.policy, slots["description"], told),
            product=slots["product"],
            desired_outcome=slots["desired_outcome"],
            incident_date_text=slots["incident_date"],
            incident_on=date.fromisoformat(incident_on) if incident_on else None,
            customer_name=slots["customer_name"],
            contact=slots["contact"],
        )
        try:
            receipt = file_complaint(
                self.context.factory,
                self.policy,
                identity=identity,
                language=language,
                details=details,
                now=self.context.clock(),
                submission=submission_key(tracker),
                told=told,
                # closed too long ago to reopen: the new complaint follows on from it
                linked_reference=linked(tracker),
            )
        except InvalidDetails:
            dispatcher.utter_message(response="utter_invalid_contact")
            return [
                SlotSet("contact", None),
                SlotSet("confirmed", None),
                *self._reopen("contact"),
            ]
        dispatcher.utter_message(
            response="utter_complaint_filed",
            reference=receipt.reference,
            ack_by=self.date(receipt.ack_due_at, language),
            respond_by=self.date(receipt.respond_due_at, language),
        )
        if tracker.get_slot("person_asked") and not receipt.again:
            # a person was asked for while it was being filed: staff see it on the complaint
            request_human(
                self.context.factory,
                identity=identity,
                now=self.context.clock(),
                policy=self.policy,
                reference=receipt.reference,
            )
        return [SlotSet(slot, None) for slot in ALL_SLOTS] + [
            SlotSet("person_asked", None),
            SlotSet("closing", None),
            SlotSet("case", receipt.reference),  # what the conversation is about from now
        ]

    @staticmethod
    def _reopen(slot: str) -> list[EventType]:
        return [ActiveLoop("complaint_form"), SlotSet("requested_slot", slot)]
