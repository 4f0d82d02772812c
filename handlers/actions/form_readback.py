"""The read-back ("Please check your complaint … Shall I submit it?") and corrections: a yes
submits, every field a message corrects is changed at once and said back, a no or a field
named asks that field again. Split out of `complaint_form.py`, whose form class uses it."""

from __future__ import annotations

from datetime import date

from rasa_sdk import Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from handlers.actions.base import ComplaintAction, is_payload
from handlers.actions.form_answers import LABELS, Got, date_got, said_back
from handlers.actions.form_answers import Answer as FormAnswer
from handlers.answers import for_staff, tells_news
from handlers.corrections import (
    chosen_over,
    fields_named,
    read_corrections,
    replaced_wish,
    written_as,
)
from handlers.dates import parse_incident_date
from handlers.fields import valid_description, without_ending
from handlers.lexicon import typo_apart
from handlers.mends import (
    addition,
    edit_asked,
    left_out,
    mends,
    part_removed,
    removal,
    removal_said,
    restoral_said,
    restored,
    retells,
    without_story_edits,
)
from handlers.meta import asks
from handlers.names import looks_like_a_name
from handlers.products import answered_product
from handlers.readback import Answer as ReadBack
from handlers.readback import leaves_as_is, named_field, submits, understand
from handlers.reading import Reading
from handlers.remedies import names_a_remedy
from handlers.values import brand_named
from handlers.vocabulary import says
from handlers.wishes import with_wish
from handlers.words import full_stops

_SUBMITTED = [SlotSet("confirmed", True), SlotSet("requested_slot", None)]


class ReadBackAnswers(ComplaintAction):
    """The answers to the read-back and to "which detail?", for the form's validation."""

    def _reading(self, tracker: Tracker, text: str, language: str) -> Reading:
        raise NotImplementedError  # the form's own

    def _fixes(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        value: str,
        today: date,
        language: str,
    ) -> list[EventType]:
        """Every field a message corrects, as slot events, with what changed said (the
        read-back then comes again): parts of a value ("ends 9035 not 9053"), sentences taken
        out of the story, whole values. A field named that gets no value is asked again,
        never dropped."""
        region = self.policy.phone_region
        parts = mends(value, tracker.slots, region, today)
        story = str(tracker.get_slot("description") or "")
        # "put that back": what a change took out, or what was said earlier, back in the story
        earlier, before = _told(tracker, story)
        back = restored(value, story, earlier, before) if story else None
        # "oh and add that …", "내용에 추가해 주세요 …": added to the story, never in its place
        asks_edit = edit_asked(value)  # "내용을 정리해서 써주세요" adds nothing
        added = addition(value) if story and back is None and not asks_edit else None
        if added:  # "…, and the product is X not just Y" corrects a field: never the story

            def corrects(said: str) -> bool:  # naming the story itself adds to it
                field = named_field(said)
                return field not in (None, "description") and not tells_news(said, self.policy)

            added = for_staff(added, answer=corrects) or None
        taken_out = removal(value, story, region) if story and not added and not back else None
        on = tracker.get_slot("incident_on")
        stored_on = date.fromisoformat(on) if isinstance(on, str) else None
        # "Take out de line bout …. And put in dat is 189,000 won …": edits of the story give
        # no other field a value
        read = read_corrections(
            without_story_edits(value), today, language, region, stored_on=stored_on
        )
        whole = str(read.values.get("customer_name") or "")
        if len(whole.split()) > 1 and looks_like_a_name(whole):
            # "its Jade Connolly not 'im jade'": a whole name said, no word of the old one
            parts = [m for m in parts if m.field != "customer_name"]
        # a part's reading wins for its field: "the email is the .co.uk one" is no new address
        fixed = {k: v for k, v in read.values.items() if k not in {m.field for m in parts}}
        # "내용에 배터리 얘기가 없자나여": the story's; "제품명 탭은 맘에 안 들지만 됐고": the
        # product named by its label, and what it said read as a remark, not as a product
        # ("배송비는 또 빠졌네.. 마 됐다, 그대로 넣어 주이소": filed as it stands, no product
        # guessed from the remark)
        held = str(tracker.get_slot("desired_outcome") or "")
        if (left := part_removed(value, held)) is not None:
            # "take the apology out of what I'd like", "요청사항에서 환불 이라는 말만 지워
            # 주세요": what is left, not the part named (it had been kept alone)
            fixed["desired_outcome"] = left
        elif "desired_outcome" not in fixed and (wish := replaced_wish(value, held, language)):
            # "I don't want refund again. Put it as deliver the laptop to me": the remedy held,
            # turned down, names the field; the laptop in the new wish is no product
            fixed["desired_outcome"] = wish
        elif not (added or fields_named(value) or says("corrections", "as_it_is", value)):
            # ("…메모는 결국 빠졌네요… 그래도 접수는 진행해 주세요": what the story lacks, added;
            # no product guessed from it)
            self._product_named(tracker, value, language, fixed)
        named = [*read.unresolved, *read.values]
        said = written_as(value)
        if said and not named and names_a_remedy(said):
            # "voucher 부분 빼고 그냥 '추가요금 8만원 환불'만 남겨주세요": the wish, named by
            # what it asks; nothing of the story is taken out
            named, taken_out = ["desired_outcome"], None
        if len(named) == 1 and said:
            # "요청에 무상이 빠졌잖아. … 무상 재수리라고 써": the field named, its value in
            # another sentence, said as what to write (not the remedy's bare name)
            fixed[named[0]] = said
        got: list[Got] = []
        for field, new in fixed.items():
            if field == "incident_date":
                if (parsed := parse_incident_date(new, today)) is not None:
                    got.append(date_got(parsed, language))
            elif field == "product":
                known = answered_product(self.policy.products, new) or without_ending(new)
                got.append(Got(field, known, known))
            elif field == "desired_outcome" and says("corrections", "adding_wish", value):
                # "also put that you pay for the wall", "보상도 넣어주쇼": beside the wish held
                held = str(tracker.get_slot(field) or "")
                new = with_wish(held, new, language)
                got.append(Got(field, new, new))
            else:
                new = mended(str(tracker.get_slot(field) or ""), new)
                got.append(Got(field, new, new))
        got += [Got(m.field, m.value, m.value) for m in parts if m.value]
        got = [g for g in got if g.value != tracker.get_slot(g.field)]  # only what changes
        taken = [g.field for g in got]
        asked = [m.field for m in parts if m.value is None]
        asked += [f for f in read.unresolved if f not in taken and f not in asked]
        if added:  # "내용에 추가해 주세요": the story named, and added to
            asked = [f for f in asked if f != "description"]
        if taken_out is not None or back is not None:
            asked = []  # "하은맘 메일로 주세요 이건 … 지워주세요": the story's words, no field
        events: list[EventType] = [e for found in got for e in found.events()]
        if got:
            said_back(dispatcher, got, tracker.slots, language, changing=True)
        if added:
            dispatcher.utter_message(response="utter_story_added")
            events.append(SlotSet("description", valid_description(f"{story}\n{added}")))
        label = LABELS["ko" if language == "ko" else "en"]["description"]
        if taken_out is not None and taken_out.left:
            changes = f"{label}: {removal_said(taken_out.removed, language)}"
            dispatcher.utter_message(response="utter_details_changed", changes=changes)
            events.append(SlotSet("description", taken_out.left))
        if back is not None and back.story and back.new:
            dispatcher.utter_message(response="utter_story_added")
            events.append(SlotSet("description", back.story))
        elif back is not None and back.story:
            changes = f"{label}: {restoral_said(back.back, language)}"
            dispatcher.utter_message(response="utter_details_changed", changes=changes)
            events.append(SlotSet("description", back.story))
        if taken_out is not None and left_out(taken_out.quoted, story, earlier) is not None:
            # "전화 주세요 … 지워주세요" of a sentence never kept: nothing to take out
            dispatcher.utter_message(response="utter_story_lacks_it")
            taken_out = None
            events.append(SlotSet("confirmed", None))
        failed = (
            (back is not None and not back.story)
            or (taken_out is not None and not taken_out.left)
            or (asks_edit and not events)
        )
        if failed:
            # an edit of what happened not made: said so, and the whole new text asked for
            dispatcher.utter_message(response="utter_story_edit_failed")
            asked = ["description", *(f for f in asked if f != "description")]
        unfit = any(m.value is None for m in parts) or failed
        if asked and (events or unfit):
            # "…and the phone number is wrong too", a part that fits nowhere: asked again
            return [
                *events,
                SlotSet("confirmed", None),
                *(SlotSet(field, None) for field in asked),
                SlotSet("requested_slot", asked[0]),
            ]
        if not events:
            return []
        return [
            *events,
            SlotSet("confirmed", None),
            SlotSet("correction_field", None),
            SlotSet("requested_slot", "confirmed"),
        ]

    def _retold(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, a: FormAnswer
    ) -> list[EventType] | None:
        """What happened asked again from the read-back: what is told is added to the story
        kept before, never put in its place, unless it tells the story again or is a whole
        new text where one was asked for (a line is never a whole story); a correction of another field said there is applied ("뭔소리에요
        요청사항만 수리로 바꿔달라고요"). None: an ordinary answer."""
        told = [
            str(e.get("value") or "")
            for e in tracker.events
            if e.get("event") == "slot" and e.get("name") == "description"
        ]
        while told and told[-1] == a.text:
            told.pop()  # the answer itself, as extracted
        before = next((story for story in reversed(told) if story), None)
        read_back = any(
            e.get("event") == "slot"
            and e.get("name") == "requested_slot"
            and e.get("value") == "confirmed"
            for e in tracker.events
        )
        if a.asked != "description" or not read_back or not told or told[-1] or not before:
            return None  # asked the first time, or before any read-back
        kept = SlotSet("description", before)
        if fields_named(a.text) - {"description"}:
            fixes = self._fixes(dispatcher, tracker, a.text, a.today, a.language)
            if fixes:
                return [kept, *fixes]
        if retells(a.text, before) or (_whole_asked(tracker) and len(a.text) * 2 >= len(before)):
            return None  # told again, or a whole new text where one was asked: in its place
        news = addition(a.text) or for_staff(a.text) or a.text
        dispatcher.utter_message(response="utter_story_added")
        return [SlotSet("description", valid_description(f"{before}\n{news}"))]

    def _product_named(
        self, tracker: Tracker, value: str, language: str, fixed: dict[str, str]
    ) -> None:
        """The product a correction names without its label: the one named that is not the
        one taken, or the one taken named more exactly."""
        current = str(tracker.get_slot("product") or "").lower()
        # a product named in a question asks about it, corrects nothing ("…submit 해주세요. 근데
        # 멤버십 넘버로 조회는 안 돼요?" had made the product 멤버십)
        value = " ".join(
            value[a : b + 1] for a, b in full_stops(value) if not asks(value[a : b + 1])
        )
        if not value.strip():
            return
        # a brand with its size names the product taken, not another ("its an LG 27 inch")
        brand = brand_named(value) if current else None
        named = [
            v.value
            for v in self._reading(tracker, value, language).values
            if v.kind == "product" and v.value.lower() not in (current, (brand or "").lower())
        ]
        if "product" not in fixed and named:
            # "no, it's the subwoofer not the soundbar", "the tv is fine, its the soundbar
            # thats broken": the product named that is not the one taken
            fixed["product"] = named[-1]
        elif (
            "product" not in fixed
            and current
            and (
                chosen := chosen_over(
                    value, str(tracker.get_slot("product")), self.today(), language
                )
            )
        ):
            # "It should be staff service, not laptop": the one held, turned down, names the field
            fixed["product"] = chosen
        elif "product" not in fixed and current and brand:
            # "its an LG 27 inch": the product taken, named more exactly
            taken = str(tracker.get_slot("product"))
            fixed["product"] = taken if brand.lower() in current else f"{brand} {taken}"

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
        consent = self.read(tracker).meta.consent()
        # a correction comes first, whatever the classifier called the message ("엊그제" was
        # read as a yes and filed the old date); only a bare yes in words changes nothing
        if consent != "yes" and not is_payload(value):
            fixes = self._fixes(dispatcher, tracker, value, today, language)
            if fixes and submits(value) and SlotSet("requested_slot", "confirmed") in fixes:
                # "installation AND compensation both. ok submit": changed, then submitted
                return [*(e for e in fixes if e.get("name") != "requested_slot"), *_SUBMITTED]
            if fixes:
                return fixes
        answer = understand(value, intent)
        if answer.kind == "unclear" and consent is not None:  # "whatever, yes", "넹 부탁드려요"
            answer = ReadBack("yes" if consent == "yes" else "no")
        if answer.kind == "yes":
            # "네 그리고 전화 꼭 주세요": the call asked for with the yes is noted on filing
            called = [SlotSet("person_asked", True)] if self.read(tracker).meta.person else []
            return [SlotSet("confirmed", True), *called]
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
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        value: str,
        today: date,
        language: str,
    ) -> list[EventType]:
        """Apply the corrections given, or clear the field named so the form asks it again."""
        fixes = self._fixes(dispatcher, tracker, value, today, language)
        if fixes:
            return fixes
        field = named_field(value)
        if (field is None or leaves_as_is(value)) and understand(value).kind == "yes":
            # "None of em! Don't wanna change nothin, submit it": nothing to change after all,
            # the read-back's yes (trial AM: the list of fields came back four times)
            return self._confirmation(dispatcher, tracker, value, today, language)
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


def mended(current: str, new: str) -> str:
    """A correction of one word of a value mends that word: "my name is jordan not jordna"
    of "jordna kim" is "jordan kim", not "jordan"."""
    words = current.split()
    if len(new.split()) != 1 or len(words) < 2:
        return new
    for i, word in enumerate(words):
        if typo_apart(word, new):
            return " ".join([*words[:i], new, *words[i + 1 :]])
    return new


def _told(tracker: Tracker, story: str) -> tuple[list[str], str | None]:
    """What the customer said before this message, and the story before its last change."""
    events = list(tracker.events)
    said = [str(e.get("text") or "") for e in events if e.get("event") == "user"][:-1]
    stories = [
        str(e.get("value") or "")
        for e in events
        if e.get("event") == "slot" and e.get("name") == "description" and e.get("value")
    ]
    before = next((s for s in reversed(stories) if s != story), None)
    return said, before


def _whole_asked(tracker: Tracker) -> bool:
    """Whether the bot's last turn asked for the whole new text of what happened."""
    users = 0
    for event in reversed(list(tracker.events)):
        users += event.get("event") == "user"
        if users > 1:
            return False
        said = (event.get("metadata") or {}).get("utter_action")
        if users == 1 and event.get("event") == "bot" and said == "utter_story_edit_failed":
            return True
    return False
