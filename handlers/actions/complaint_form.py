"""The complaint form: validation of each answer, the read-back, corrections, submission."""

from __future__ import annotations

import hashlib
from datetime import date
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import ActiveLoop, EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from handlers.actions.base import ComplaintAction, entity_value
from handlers.actions.greeting import tell_how_long
from handlers.actions.inquiries import (
    ActionCheckStatus,
    ActionListComplaints,
    ActionNotUnderstood,
    ActionRequestHuman,
)
from handlers.actions.triage import (
    ActionTriage,
    answers_offer,
    decision,
    no_complaint,
    says_no_complaint,
)
from handlers.answers import as_wish, asks_for_something, without_irritation
from handlers.assessment import remedy_asked, safety_words
from handlers.dates import (
    IncidentDate,
    find_incident_date,
    parse_incident_date,
    shown_date,
    why_not_a_date,
)
from handlers.fields import (
    Contact,
    corrections,
    find_contact,
    looks_like_description,
    parse_contact,
    says_much,
    tells_a_story,
    valid_description,
    valid_short,
    without_ending,
)
from handlers.identity import Identity
from handlers.inquiries import request_human
from handlers.intake import ComplaintDetails, InvalidDetails, file_complaint
from handlers.meta import read_meta
from handlers.names import (
    looks_like_a_name,
    name_before_contact,
    name_in,
    read_name,
    without_contacts,
)
from handlers.phrases import asks_for_help, asks_how_long, language_asked, lost_reference
from handlers.products import answered_product, product_answer, product_name, without_lead
from handlers.readback import Answer, named_field, understand
from handlers.remedies import names_a_remedy, remedy_of

FORM_SLOTS = (
    "description",
    "product",
    "desired_outcome",
    "incident_date",
    "customer_name",
    "contact",
)
ALL_SLOTS = (*FORM_SLOTS, "incident_on", "incident_date_shown", "confirmed", "correction_field")


# Questions a customer may ask in the middle of a complaint, answered by the action that
# answers them outside the form. Above this confidence the classifier is trusted.
INTERRUPTIONS: dict[str, type[ComplaintAction]] = {
    "request_human": ActionRequestHuman,
    "check_status": ActionCheckStatus,
    "list_complaints": ActionListComplaints,
}
INTERRUPTION_CONFIDENCE = 0.6
# What a meta-answer at a question gets before the question is asked again.
META_REPLIES = {"wait": "utter_meta_wait", "repeat": "utter_meta_repeat"}


def _advised(tracker: Tracker) -> bool:
    """Whether the customer has had the safety advice in this conversation."""
    return any(
        event.get("event") == "bot"
        and (event.get("metadata") or {}).get("utter_action") == "utter_safety_advice"
        for event in tracker.events
    )


class ValidateComplaintForm(ComplaintAction):
    """Checks each answer, keeps details given up front, and runs the read-back."""

    action_name = "validate_complaint_form"

    async def act(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        identity: Identity,
        language: str,
    ) -> list[EventType]:
        """Validate what the customer just said for the slot being asked."""
        text = tracker.latest_message.get("text") or ""
        requested = tracker.get_slot("requested_slot")
        today = self.today()
        if requested is None:
            intent = (tracker.latest_message.get("intent") or {}).get("name")
            offered = tracker.get_slot("pending_complaint")
            if says_no_complaint(self.policy, text):  # "아니요 불만 없어요", "its a compliment"
                events = no_complaint(dispatcher, tracker, self.policy, language)
                return [*events, SlotSet("requested_slot", None), ActiveLoop(None)]
            new_story = (
                intent == "file_complaint"
                and looks_like_description(text)
                and not answers_offer(self.policy, tracker, today)
            )
            if offered and not new_story:
                # A yes (or details) to "Would you like to file a complaint about this?"
                return self._opening(
                    dispatcher, tracker, offered, today, language, offered=True, answer=text
                )
            if lost_reference(text) or asks_for_help(text):
                # Not a complaint after all ("접수번호 까먹었어요"): answer it, no form.
                await ActionNotUnderstood(self.context).act(dispatcher, tracker, identity, language)
                return [SlotSet("requested_slot", None), ActiveLoop(None)]
            decided = decision(self.policy, tracker.latest_message)
            if intent == "file_complaint" and decided != "file":
                # The classifier is unsure it is a complaint: ask first (no form yet).
                events = ActionTriage(self.context).respond(dispatcher, tracker, language, decided)
                return [*events, SlotSet("requested_slot", None), ActiveLoop(None)]
            return self._opening(dispatcher, tracker, text, today, language, decided=decided)
        asked = language_asked(text)
        if asked is not None:
            # "한국어로 해주세요" in the middle of the form: the form goes on in that language
            # (and staff will answer in it); never stored as an answer.
            dispatcher.utter_message(
                response="utter_language_to_ko" if asked == "ko" else "utter_language_to_en"
            )
            return [SlotSet("language", asked), SlotSet(requested, None)]
        reading = self.read(tracker)
        if reading.leaves or says_no_complaint(self.policy, text):
            # "no dont submit its not a complaint" calls it off too
            dispatcher.utter_message(response="utter_complaint_cancelled")
            return [SlotSet(slot, None) for slot in ALL_SLOTS] + [
                SlotSet("person_asked", None),
                SlotSet("requested_slot", None),
                ActiveLoop(None),
            ]
        said_instead = META_REPLIES.get(reading.meta.answer or "")
        if said_instead and requested in FORM_SLOTS:
            # "hold on", "what do you need from me?": never an answer; the question again
            dispatcher.utter_message(response=said_instead)
            return [SlotSet(requested, None)]
        value = tracker.get_slot(requested)
        value = value if isinstance(value, str) else text
        if asks_how_long(text) and len(text.split()) <= 10:
            # "how long will this take btw?": answered, and the question asked again
            tell_how_long(dispatcher, self.policy, language)
            return [SlotSet(requested, None)]
        interruption = self._interruption(tracker, requested, value, today)
        if interruption is not None:
            # Answer the question asked instead; the form then asks its own again.
            await interruption(self.context).act(dispatcher, tracker, identity, language)
            if interruption is ActionRequestHuman:
                # noted on the complaint once it is filed, for the staff who handle it
                return [SlotSet(requested, None), SlotSet("person_asked", True)]
            return [SlotSet(requested, None)]
        if value.startswith("/") and requested not in ("confirmed", "correction_field"):
            # A button pressed from an earlier question (`/affirm`) is not an answer to this.
            dispatcher.utter_message(response=f"utter_invalid_{requested}")
            return [SlotSet(requested, None)]
        if requested == "confirmed":
            return self._confirmation(dispatcher, tracker, value, today, language)
        if requested == "correction_field":
            return self._correction(dispatcher, value, today, language)
        said = entity_value(tracker, "product")
        story = tracker.get_slot("description")
        # a danger, not a name that holds a danger word ("Jane Burns"): advised, and added
        # to what happened so that what is stored is what the customer was told
        danger = bool(safety_words(self.policy, value)) and not (
            requested == "customer_name" and looks_like_a_name(value)
        )
        if danger and not _advised(tracker):
            # the danger told in an answer ("배터리가 부풀어서 뜨겁고 타는 냄새나요"), not
            # in the first message: the advice comes now, before anything else
            dispatcher.utter_message(
                response="utter_safety_advice",
                advice=self.policy.safety_advice.get(language, ""),
            )
        told = self._more_story(requested, value, story, danger=danger)
        if told and requested in ("customer_name", "contact") and not find_contact(value):
            # "oh and last night smoke came out the back": what happened, not a name
            dispatcher.utter_message(response="utter_story_added")
            return [*told, SlotSet(requested, None)]
        # a name or a contact given with another answer is kept, not asked again; a name
        # said as one ("이름은 박지민이고 번호는 …") corrects the one taken before
        filled = tuple(
            slot
            for slot in ("customer_name", "contact")
            if slot == requested or tracker.get_slot(slot)
        )
        before = None if requested == "customer_name" else tracker.get_slot("customer_name")
        who = self._who(value, filled, before) if requested in FORM_SLOTS else {}
        if requested == "contact" and "customer_name" in who and not self._contact(value):
            # "no wait my name is Jonathan Park": a name, not a wrong contact; the contact
            # is asked again after the name is said back
            events = [SlotSet("contact", None)]
        elif (
            requested != "contact"
            and "customer_name" in who
            and who["customer_name"] == read_name(value).name
        ):
            # "my name is No Eun-ji" (and a contact) where the remedy was asked: the name,
            # and the question asked again
            events = [SlotSet(requested, None)]
        else:
            events = self._answer(dispatcher, requested, value, today, language, said, story)
        if who:  # said, so the customer can see what was taken
            dispatcher.utter_message(
                response="utter_details_taken", details=" · ".join(who.values())
            )
        return told + events + [SlotSet(slot, found) for slot, found in who.items()]

    def _more_story(
        self, requested: str, value: str, story: str | None, *, danger: bool
    ) -> list[EventType]:
        """More of what happened, told with the answer to a later question: a danger
        ("…smoke came out the back"), or a long answer that says more than its value
        ("설치기사님이 배관을 잘못한거같아요 다시 와서 고쳐주세요"); added to what happened so
        that staff read it and the assessment counts it. (Where the product or the remedy
        was asked, a story that answers nothing is handled by `_answer`.)"""
        if not story or requested not in (
            "desired_outcome",
            "incident_date",
            "customer_name",
            "contact",
        ):
            return []
        # at the name or contact question only a danger: "no wait my name is …" is long too
        long = requested in ("desired_outcome", "incident_date") and (
            tells_a_story(value) or (names_a_remedy(value) and says_much(value))
        )
        if not (danger or long) or value.strip() in story:
            return []
        return [SlotSet("description", valid_description(f"{story}\n{value}"))]

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
        if action is None or float(intent.get("confidence") or 0) < INTERRUPTION_CONFIDENCE:
            return None
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
    ) -> list[EventType]:
        """Keep what the opening message already said, so it is not asked again, and say
        what was kept (a silent skip made customers answer the question they expected).

        `offered`: the text is a message the customer agreed to file when asked, not the
        latest one (whose intent and entities belong to the "yes"); `answer` is that yes,
        which may carry details of its own ("yes, I want a refund"). `decided`: the triage's
        reading of the latest message (`triage.decision`), already made by the caller.
        """
        details = f"{text}\n{answer}" if answer else text
        events: list[EventType] = [
            SlotSet("pending_withdrawal", None),
            SlotSet("pending_complaint", None),
            SlotSet("pending_product", None),
        ]
        taken: list[str] = []
        intent = (tracker.latest_message.get("intent") or {}).get("name")
        said = entity_value(tracker, "product")  # after an offer, from the answer to it
        if offered:
            said = said or tracker.get_slot("pending_product")
        product = (
            product_name(self.policy.products, details)
            or (product_answer(self.policy.products, answer, said) if offered else None)
            or valid_short(said or "")
        )
        story = (
            offered
            or intent in ("file_complaint", "inform")
            or decided == "file"  # safety, a demand for a remedy
        )
        danger = bool(safety_words(self.policy, text))
        # a danger told is what happened, however short ("it exploded"): the advice given
        # for it and the assessment stored read the same words
        if danger or (story and looks_like_description(text, said or product)):
            description = valid_description(text)
            if description:
                events.append(SlotSet("description", description))
        if product:
            events.append(SlotSet("product", product))
            taken.append(product)
        parsed = find_incident_date(details, today)
        if parsed is not None:
            events += self._date_events(parsed, language)
            taken.append(shown_date(parsed, language))
        clause = remedy_asked(text) or (answer and remedy_of(answer, language))
        remedy = remedy_of(clause, language) if clause else None
        if remedy:
            events.append(SlotSet("desired_outcome", remedy))
            taken.append(remedy)
        for slot, found in self._who(details).items():
            events.append(SlotSet(slot, found))
            taken.append(found)
        if danger:
            dispatcher.utter_message(
                response="utter_safety_advice",
                advice=self.policy.safety_advice.get(language, ""),
            )
        elif any(e.get("name") == "description" and e.get("value") for e in events):
            dispatcher.utter_message(response="utter_sorry")  # what happened is told: sorry
        if taken:
            dispatcher.utter_message(response="utter_details_taken", details=" · ".join(taken))
        return events

    def _who(
        self, text: str, filled: tuple[str, ...] = (), name_before: str | None = None
    ) -> dict[str, str]:
        """The name and the contact a message gives besides what was asked ("…name's dave
        miller, dave.m@gmail.com"), for the fields not `filled` yet; a name said as one
        ("my name is …") also when another was taken before (`name_before`)."""
        found: dict[str, str] = {}
        if "customer_name" not in filled:
            name = name_in(text) or name_before_contact(text)
        else:
            name = name_in(text, labelled=True)
            name = name if name_before and name != name_before else None
        if name:
            found["customer_name"] = name
        ours = self.policy.own_contacts
        contact = (
            find_contact(text, self.policy.phone_region, personal=True, not_ours=ours)
            if "contact" not in filled
            else None
        )
        if contact:
            found["contact"] = contact.display
        return found

    def _date_events(self, parsed: IncidentDate, language: str) -> list[EventType]:
        """The date as said, as understood, and as the read-back shows it."""
        return [
            SlotSet("incident_date", parsed.text),
            SlotSet("incident_on", parsed.on.isoformat() if parsed.on else None),
            SlotSet("incident_date_shown", shown_date(parsed, language)),
        ]

    def _answer(
        self,
        dispatcher: CollectingDispatcher,
        slot: str,
        value: str,
        today: date,
        language: str,
        said: str | None = None,
        story: str | None = None,
    ) -> list[EventType]:
        """Validate one answer; on failure clear it and say why (the form asks again).
        `said`: the product the entity extractor found in the answer, if any; `story`:
        what happened, as told so far."""
        cleaned: str | None
        if slot in ("product", "desired_outcome") and read_meta(value).answer in (
            "yes",
            "no",
            "thanks",
        ):
            # "yes", "ok", "네" answers no question here (the customer was answering another)
            dispatcher.utter_message(response=f"utter_invalid_{slot}")
            return [SlotSet(slot, None)]
        if (
            slot in ("product", "desired_outcome")
            and story
            and tells_a_story(value)
            and not (slot == "desired_outcome" and asks_for_something(value))
        ):
            # What happened, told where the product or the remedy was asked (the first
            # message only said "I want to complain about my washing machine"): added to
            # what happened, and the question asked again. A product named in it is kept.
            dispatcher.utter_message(response="utter_story_added")
            events: list[EventType] = [
                SlotSet("description", valid_description(f"{story}\n{value}")),
                SlotSet(slot, None),
            ]
            product = product_name(self.policy.products, value) or valid_short(said or "")
            if slot == "product" and product:
                dispatcher.utter_message(response="utter_details_taken", details=product)
                events[-1] = SlotSet("product", product)
            return events
        if slot == "description":
            product = product_answer(self.policy.products, value, said)
            remedy = remedy_of(value, language) if len(value.split()) <= 4 else None
            if product and not looks_like_description(value, said or product):
                # Just the product ("oven"): kept as the product; what happened is asked again.
                return self._elsewhere(dispatcher, slot, product, [SlotSet("product", product)])
            if remedy:
                return self._elsewhere(
                    dispatcher, slot, remedy, [SlotSet("desired_outcome", remedy)]
                )
            if when := self._date_answer(value, today, words=4):
                return self._date_elsewhere(dispatcher, slot, when, language)
            cleaned = valid_description(value)
        elif slot == "product":
            if moved := self._who_elsewhere(dispatcher, slot, value, names=True):
                return moved
            remedy = remedy_of(value, language)
            if remedy and (len(value.split()) <= 4 or asks_for_something(value)):
                # "refund", "그냥 빨리 보내주세요 아니면 환불": the remedy, not the product
                return self._elsewhere(
                    dispatcher, slot, remedy, [SlotSet("desired_outcome", remedy)]
                )
            if when := self._date_answer(value, today, words=3):  # "yesterday" answered early
                return self._date_elsewhere(dispatcher, slot, when, language)
            known = answered_product(self.policy.products, value)
            cleaned = known or valid_short(without_lead(without_irritation(without_ending(value))))
        elif slot == "desired_outcome":
            if moved := self._who_elsewhere(dispatcher, slot, value, names=False):
                return moved
            remedy = remedy_of(value, language)
            product = None if remedy else product_answer(self.policy.products, value, said)
            if product:
                # The product, given where the remedy was asked (it was taken from the first
                # message, and the customer answered the question they expected).
                return self._elsewhere(dispatcher, slot, product, [SlotSet("product", product)])
            when = None if remedy else self._date_answer(value, today, words=5)
            if when:  # "when? this morning"
                return self._date_elsewhere(dispatcher, slot, when, language)
            if not remedy and looks_like_a_name(value, catalogue=self.policy.products):
                name = read_name(value).name or value  # "Mike Chen", "Lee Soo-jin (이수진)"
                return self._elsewhere(dispatcher, slot, name, [SlotSet("customer_name", name)])
            cleaned = remedy or valid_short(as_wish(without_irritation(value)))
        elif slot == "incident_date":
            parsed = parse_incident_date(value, today)
            if parsed is not None:
                return self._date_events(parsed, language)
            if (why := why_not_a_date(value, today)) and story:
                # "bought it last week", "can they come monday": kept for staff to read,
                # and the question asked again for when it went wrong
                dispatcher.utter_message(response=f"utter_invalid_{slot}_{why}")
                if value.strip() in story:
                    return [SlotSet(slot, None)]
                told = valid_description(f"{story}\n{value}")
                return [SlotSet("description", told), SlotSet(slot, None)]
            cleaned = None
        elif slot == "customer_name":
            if when := self._date_answer(value, today, words=4):  # "지난주 토요일"
                return self._date_elsewhere(dispatcher, slot, when, language)
            # "김민지요 010-1234-5678": the name, the contact taken with it (`_who`)
            reading = read_name(value, self.policy.products, self.policy.phone_region)
            cleaned = name_in(value, labelled=True) or reading.name or name_in(value)
            product = None if cleaned else product_answer(self.policy.products, value, said)
            if product:  # "samsung 25w charger": the product, more exactly than before
                return self._elsewhere(dispatcher, slot, product, [SlotSet("product", product)])
            if cleaned is None and reading.reason:  # refused, and the customer told why
                dispatcher.utter_message(response=f"utter_invalid_{slot}_{reading.reason}")
                return [SlotSet(slot, None)]
            if cleaned and story and valid_description(reading.aside):
                # "Daniel Cho (my mom bought it for me)": the remark is kept with the story
                told = valid_description(f"{story}\n{reading.aside}")
                return [SlotSet(slot, cleaned), SlotSet("description", told)]
        elif slot == "contact":
            contact = self._contact(value)
            cleaned = contact.display if contact else None
        else:
            return []
        if cleaned is None:
            dispatcher.utter_message(response=f"utter_invalid_{slot}")
            return [SlotSet(slot, None)]
        return [SlotSet(slot, cleaned)]

    def _who_elsewhere(
        self, dispatcher: CollectingDispatcher, slot: str, value: str, *, names: bool
    ) -> list[EventType]:
        """Only a contact ("lena@mail.com"), a name with a contact ("한가영 01033447788"), or
        with `names` only a person's name in Latin letters ("Alex Johnson"), given where
        something else was asked: kept as what it is, and the question asked again."""
        contact = self._contact(value)
        bare = without_contacts(value, self.policy.phone_region) if contact else ""
        name = read_name(bare).name if bare and looks_like_a_name(bare) else None
        if contact is not None and (not bare or name):
            events = [SlotSet("contact", contact.display)]
            shown = [contact.display]
            if name:
                events.append(SlotSet("customer_name", name))
                shown.insert(0, name)
            return self._elsewhere(dispatcher, slot, " · ".join(shown), events)
        known = answered_product(self.policy.products, value)
        if names and not known and looks_like_a_name(value, korean=False):
            name = read_name(value).name or value
            return self._elsewhere(dispatcher, slot, name, [SlotSet("customer_name", name)])
        return []

    def _contact(self, value: str) -> Contact | None:
        """The contact an answer to the contact question gives, if it gives one."""
        region = self.policy.phone_region
        return parse_contact(value, region) or find_contact(value, region)

    @staticmethod
    def _elsewhere(
        dispatcher: CollectingDispatcher, asked: str, shown: str, events: list[EventType]
    ) -> list[EventType]:
        """An answer that belongs to another field (the customer answered the question they
        expected): kept there (`events`), said back, and the question `asked` asked again."""
        dispatcher.utter_message(response="utter_details_taken", details=shown)
        return [*events, SlotSet(asked, None)]

    def _date_elsewhere(
        self, dispatcher: CollectingDispatcher, asked: str, when: IncidentDate, language: str
    ) -> list[EventType]:
        """A date given where `asked` was asked: it sets (or corrects) the date."""
        shown = shown_date(when, language)
        return self._elsewhere(dispatcher, asked, shown, self._date_events(when, language))

    @staticmethod
    def _date_answer(value: str, today: date, *, words: int) -> IncidentDate | None:
        """A short answer (at most `words` words) that is a day in the past, if it is one."""
        if len(value.split()) > words:
            return None
        when = parse_incident_date(value, today)
        return when if when is not None and when.on is not None else None

    def _fixes(self, value: str, today: date, language: str) -> list[EventType]:
        """Every field a message corrects, as slot events; the read-back then comes again."""
        fixed = corrections(value, today, language, self.policy.phone_region)
        events: list[EventType] = []
        for field, new in fixed.items():
            if field == "incident_date":
                parsed = parse_incident_date(new, today)
                if parsed is not None:
                    events += self._date_events(parsed, language)
            elif field == "product":
                known = answered_product(self.policy.products, new)
                events.append(SlotSet(field, known or without_ending(new)))
            else:
                events.append(SlotSet(field, new))
        if events:
            events += [
                SlotSet("confirmed", None),
                SlotSet("correction_field", None),
                SlotSet("requested_slot", "confirmed"),
            ]
        return events

    def _confirmation(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        value: str,
        today: date,
        language: str,
    ) -> list[EventType]:
        """Yes submits; corrections given are applied; no (or naming a field) leads to a
        correction; anything else re-asks."""
        intent = (tracker.latest_message.get("intent") or {}).get("name")
        answer = understand(value, intent)
        consent = self.read(tracker).meta.consent()
        if answer.kind == "unclear" and consent is not None:  # "whatever, yes", "넹 부탁드려요"
            answer = Answer("yes" if consent == "yes" else "no")
        fixes = self._fixes(value, today, language) if answer.kind != "yes" else []
        if fixes:
            return fixes
        if answer.kind == "yes":
            return [SlotSet("confirmed", True)]
        if answer.kind == "no" and answer.field:
            return [
                SlotSet("confirmed", None),
                SlotSet(answer.field, None),
                SlotSet("requested_slot", answer.field),
            ]
        if answer.kind == "no":
            return [
                SlotSet("confirmed", None),
                SlotSet("correction_field", None),
                SlotSet("requested_slot", "correction_field"),
            ]
        dispatcher.utter_message(response="utter_confirm_yes_no")
        return [SlotSet("confirmed", None)]

    def _correction(
        self, dispatcher: CollectingDispatcher, value: str, today: date, language: str
    ) -> list[EventType]:
        """Apply the corrections given, or clear the field named so the form asks it again."""
        fixes = self._fixes(value, today, language)
        if fixes:
            return fixes
        field = named_field(value)
        if field is None:
            return [
                SlotSet("correction_field", None),
                SlotSet("requested_slot", "correction_field"),
            ]
        return [
            SlotSet("correction_field", None),
            SlotSet(field, None),
            SlotSet("requested_slot", field),
        ]


def submission_key(tracker: Tracker) -> str | None:
    """The idempotency key of the form being submitted: its conversation and when the form
    started. A retry of the confirming turn (its save failed, the message came twice)
    reads the same saved start, so it names the same submission; a new form, a new one."""
    started = next(
        (
            event.get("timestamp")
            for event in reversed(tracker.events)
            if event.get("event") == "active_loop" and event.get("name") == "complaint_form"
        ),
        None,
    )
    if started is None:
        return None  # no form start to tell this submission from another
    named = f"{tracker.sender_id}\x00{started!r}"
    return hashlib.sha256(named.encode("utf-8", "surrogatepass")).hexdigest()


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
        details = ComplaintDetails(
            description=slots["description"],
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
            SlotSet("case", receipt.reference),  # what the conversation is about from now
        ]

    @staticmethod
    def _reopen(slot: str) -> list[EventType]:
        return [ActiveLoop("complaint_form"), SlotSet("requested_slot", slot)]
