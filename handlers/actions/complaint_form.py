"""The complaint form: validation of each answer, the read-back, corrections, submission."""

from __future__ import annotations

import logging
import re
from datetime import date
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import ActiveLoop, EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from handlers.actions.base import ComplaintAction, entity_value
from handlers.fields import (
    looks_like_description,
    parse_contact,
    parse_incident_date,
    valid_description,
    valid_name,
    valid_short,
)
from handlers.identity import Identity
from handlers.intake import ComplaintDetails, InvalidDetails, file_complaint

log = logging.getLogger(__name__)

FORM_SLOTS = (
    "description",
    "product",
    "desired_outcome",
    "incident_date",
    "customer_name",
    "contact",
)
ALL_SLOTS = (*FORM_SLOTS, "incident_on", "confirmed", "correction_field")

_CANCEL = re.compile(
    r"^\s*(please\s+)?(cancel|stop|abort|quit|never\s?mind|forget\s+it)"
    r"(\s+(it|this|that|the\s+complaint|my\s+complaint))?(\s+please)?[\s.!]*$"
    r"|^\s*(취소|그만|중단|안\s?할래요|안\s?할게요|됐어요|그만둘게요|그만할게요|취소할게요|"
    r"취소해\s?주세요|취소요|접수\s?취소)[\s.!~]*$",
    re.IGNORECASE,
)
_YES = re.compile(
    r"^\s*(yes|y|yeah|yep|yup|sure|ok|okay|correct|right|submit|confirm|"
    r"네|예|넵|응|맞아요|맞습니다|좋아요|접수|제출|확인)\b",
    re.IGNORECASE,
)
_NO = re.compile(
    r"^\s*(no|n|nope|nah|wrong|incorrect|change|edit|fix|아니|아뇨|아닙니다|틀렸|수정|변경|고칠)",
    re.IGNORECASE,
)
# Words that name a field, in both languages (for "no, the date is wrong" and the buttons).
_FIELD_WORDS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("incident_date", re.compile(r"date|when|day|time|날짜|일시|언제|날", re.I)),
    (
        "contact",
        re.compile(r"contact|e-?mail|phone|number|연락처|이메일|전화|번호", re.I),
    ),
    ("customer_name", re.compile(r"name|이름|성함", re.I)),
    ("product", re.compile(r"product|service|item|model|제품|상품|서비스|모델", re.I)),
    (
        "desired_outcome",
        re.compile(
            r"outcome|would like|want|refund|replace|repair|조치|원하|환불|교환|수리",
            re.I,
        ),
    ),
    (
        "description",
        re.compile(r"description|what happened|details?|story|내용|설명|사연", re.I),
    ),
)


def named_field(text: str) -> str | None:
    """The form field a customer's words point at, if any."""
    for slot, pattern in _FIELD_WORDS:
        if pattern.search(text):
            return slot
    return None


def is_cancel(text: str) -> bool:
    """Whether the message asks to abandon the complaint ("cancel", "취소")."""
    return bool(_CANCEL.match(text))


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
        today = self.context.clock().date()
        if requested is None:
            return self._opening(tracker, text, today)
        if is_cancel(text):
            dispatcher.utter_message(response="utter_complaint_cancelled")
            return [SlotSet(slot, None) for slot in ALL_SLOTS] + [
                SlotSet("requested_slot", None),
                ActiveLoop(None),
            ]
        value = tracker.get_slot(requested)
        value = value if isinstance(value, str) else text
        if requested == "confirmed":
            return self._confirmation(dispatcher, tracker, value)
        if requested == "correction_field":
            return self._correction(dispatcher, value)
        return self._answer(dispatcher, requested, value, today)

    def _opening(self, tracker: Tracker, text: str, today: date) -> list[EventType]:
        """Keep what the opening message already said, so it is not asked again."""
        events: list[EventType] = [SlotSet("pending_withdrawal", None)]
        intent = (tracker.latest_message.get("intent") or {}).get("name")
        if intent == "file_complaint" and looks_like_description(text):
            description = valid_description(text)
            if description:
                events.append(SlotSet("description", description))
        product = entity_value(tracker, "product")
        if product and valid_short(product):
            events.append(SlotSet("product", valid_short(product)))
        when = entity_value(tracker, "incident_date")
        parsed = parse_incident_date(when, today) if when else None
        if parsed and parsed.on:
            events.append(SlotSet("incident_date", parsed.text))
            events.append(SlotSet("incident_on", parsed.on.isoformat()))
        return events

    def _answer(
        self, dispatcher: CollectingDispatcher, slot: str, value: str, today: date
    ) -> list[EventType]:
        """Validate one answer; on failure clear it and say why (the form asks again)."""
        cleaned: str | None
        extra: list[EventType] = []
        if slot == "description":
            cleaned = valid_description(value)
        elif slot == "product" or slot == "desired_outcome":
            cleaned = valid_short(value)
        elif slot == "incident_date":
            parsed = parse_incident_date(value, today)
            cleaned = parsed.text if parsed else None
            extra = [
                SlotSet(
                    "incident_on",
                    parsed.on.isoformat() if parsed and parsed.on else None,
                )
            ]
        elif slot == "customer_name":
            cleaned = valid_name(value)
        elif slot == "contact":
            contact = parse_contact(value, self.policy.phone_region)
            cleaned = contact.display if contact else None
        else:
            return []
        if cleaned is None:
            dispatcher.utter_message(response=f"utter_invalid_{slot}")
            return [SlotSet(slot, None)]
        return [SlotSet(slot, cleaned), *extra]

    def _confirmation(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, value: str
    ) -> list[EventType]:
        """Yes submits; no (or naming a field) leads to a correction; anything else re-asks."""
        intent = (tracker.latest_message.get("intent") or {}).get("name")
        field = named_field(value) if not value.startswith("/") else None
        if intent == "deny" or _NO.match(value) or field:
            if field:
                return [
                    SlotSet("confirmed", None),
                    SlotSet(field, None),
                    SlotSet("requested_slot", field),
                ]
            return [
                SlotSet("confirmed", None),
                SlotSet("correction_field", None),
                SlotSet("requested_slot", "correction_field"),
            ]
        if intent == "affirm" or _YES.match(value):
            return [SlotSet("confirmed", True)]
        dispatcher.utter_message(response="utter_confirm_yes_no")
        return [SlotSet("confirmed", None)]

    def _correction(self, dispatcher: CollectingDispatcher, value: str) -> list[EventType]:
        """Clear the field the customer wants to change, so the form asks it again."""
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
        return [SlotSet(slot, None) for slot in ALL_SLOTS]

    @staticmethod
    def _reopen(slot: str) -> list[EventType]:
        return [ActiveLoop("complaint_form"), SlotSet("requested_slot", slot)]

    def on_database_error(self, tracker: Tracker) -> list[EventType]:
        """Keep every answer and return to the read-back, so "yes" again submits it."""
        return [SlotSet("confirmed", None), *self._reopen("confirmed")]
