"""After filing: which complaint a message is about, and passing it on to its staff.

`action_read_case` runs after every message outside the form whose intent may be about a
complaint (a custom slot mapping, `nlu/domain.yml`): it names the case in the `case` slot
and says in `thread` whether the message is about it (`this`) or the customer must say
which (`which`). The rules then send it to `action_case_message` (`nlu/data/rules.yml`), so
routing is the dialogue's decision, read from one interpretation of the message.
"""

from __future__ import annotations

import logging
import re
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from handlers import thread, vocabulary
from handlers.actions import closing as loop
from handlers.actions import faq
from handlers.actions.base import (
    CLEAR_PENDING,
    ComplaintAction,
    entity_value,
    is_payload,
)
from handlers.actions.greeting import answer_aside, only_asks_what_we_do
from handlers.actions.triage import (
    ActionTriage,
    decision,
    declines_filing,
    no_complaint,
    offer_to_file,
    only_praises,
    signs_off,
)
from handlers.answers import (
    for_staff,
    happened,
    says_availability,
    small_word,
    tells_news,
    without_irritation,
)
from handlers.fields import looks_like_description, tells_a_story, valid_description
from handlers.formatting import render_response
from handlers.identity import Identity
from handlers.inquiries import read_reference
from handlers.meta import asks, read_meta, says_nothing_else
from handlers.phrases import language_asked
from handlers.policy import Policy
from handlers.products import product_name
from handlers.references import without_references
from handlers.thread import Case
from handlers.words import sentences, words
from storage.vocabulary import allows

log = logging.getLogger(__name__)

# Intents that read as being about a complaint already filed, whatever they name.
FOLLOW_UP_INTENTS = ("follow_up", "request_human", "check_status")
# A yes, no, thanks, hello or goodbye: about a complaint when staff wait for the customer's
# answer, or when it says more ("ok but when is …", "아직임?").
SMALL_TALK = ("affirm", "deny", "thank", "greet", "goodbye", "compliment")
# Of those, what a status question is misread as ("hi got reply or not": a goodbye)
GREETINGS = ("greet", "goodbye", "compliment")


def _pending(tracker: Tracker) -> bool:
    """Whether the desk asked something a yes or no answers."""
    return bool(tracker.get_slot("pending_withdrawal") or tracker.get_slot("pending_complaint"))


def _step(tracker: Tracker) -> tuple[str, str] | None:
    """The step of closing the loop `action_read_case` read the message as."""
    step, _, reference = str(tracker.get_slot("closing") or "").partition(" ")
    return (
        (step, reference)
        if step in ("decide", "reopen", "unscored", "rescored") and reference
        else None
    )


# The parts of the answer to a message passed on: what was done, what happens next, how
# the customer hears back.
LEAD = {
    "passed": "utter_case_passed",
    "answer": "utter_case_answer",
    "about": "utter_case_about",
}
NEXT = {
    "received": "utter_case_next_received",
    "taken_up_late": "utter_case_next_taken_up_late",
    "overdue": "utter_case_next_overdue",
    "open": "utter_case_next_open",
    "responded": "utter_case_next_responded",
    "responded_asked": "utter_case_next_responded_asked",
    "responded_shown": "utter_case_next_responded_shown",
    "responded_above": "utter_case_next_responded_above",
    "responded_glad": "utter_case_next_responded_glad",
    "ended": "utter_case_next_ended",
    "ended_asked": "utter_case_next_ended_asked",
    "awaiting": "utter_case_next_awaiting",
}
REACH = {
    "push": "utter_case_reach_push",
    "email": "utter_case_reach_email",
    "phone": "utter_case_reach_phone",
    "visit": "utter_case_reach_visit",
    "call": "utter_case_reach_call",
}


# An answer to "which complaint?" this long or shorter names one and says no more.
CHOICE_WORDS = 3


def said(tracker: Tracker) -> str:
    """What the customer said: a button's payload, or their choice of complaint, stands for
    the message it answers."""
    text = tracker.latest_message.get("text") or ""
    pending = tracker.get_slot("pending_complaint")
    if is_payload(text):
        return pending or ""
    if tracker.get_slot("case_choice") and pending:
        # "ㅇㅇ 어제 받음 잘됨" chooses and says more: both kept, never the choice alone
        return pending if only_a_choice(text) else f"{pending}\n{text}"
    return text


def only_chases(text: str) -> bool:
    """Whether a message after filing asks after the complaint and says nothing else, kept
    waiting or not ("so is anyone actually doing anything or what? been days", "well??",
    "저기요 … 어떻게 되고 있는 거예요? 연락이 없어서요"): never the answer to a question of
    staff's ("any news? the firmware is 2.4.1" answers it)."""
    if _nudge(text):
        return True
    if not vocabulary.says("thread", "chasing", text):
        return False
    rest = for_staff(_without_chasing(text))
    return not rest or all(small_word(w) for w in words(rest))


def _nudge(text: str) -> bool:
    """Whether a message is only a nudge ("well??", "저기요?"; `nudges` in thread.yml)."""
    bare = " ".join(words(text)).strip()
    return bool(bare) and bool(vocabulary.pattern("thread", "nudges").fullmatch(bare))


def _still_to_come(text: str) -> bool:
    """Whether the answer to staff's question is still to come ("oh ok hang on let me fnid
    the reciept", "…포장지 어디 뒀더라.. 잠시만요 찾아볼게요!"): a wait said, last or with nothing
    that happened beside it, and no number that could be the answer (how long to wait,
    "1분만 기다려 주십시오", is none: `wait_for` in thread.yml)."""
    waits = lambda said: bool(read_meta(said).kinds & {"wait", "later"})  # noqa: E731
    parts = sentences(text, clauses=False)
    last = text[parts[-1][0] : parts[-1][1]] if parts else text
    numbers = vocabulary.pattern("thread", "wait_for").sub(" ", without_references(text))
    if any(ch.isdigit() for ch in numbers):
        return False
    return waits(last) or (waits(text) and not happened(text))


def _without_chasing(text: str) -> str:
    """The text without its words of chasing ("3 days now", "any update")."""
    return vocabulary.pattern("thread", "chasing").sub(" ", text)


def _tells_nothing(rest: str, policy: Policy | None) -> bool:
    """Whether no sentence of what is left tells news or something that happened; one that
    only says the problem goes on ("Still have towels all over the floor here", "아직
    물새서 …"; `goes_on` in thread.yml) is the chase's reason, no news."""
    return not any(
        happened(said) or (tells_news(said, policy) and not _goes_on(said))
        for said in (rest[a:b] for a, b in sentences(rest, clauses=False))
    )


def _goes_on(sentence: str) -> bool:
    """Whether a sentence says the problem goes on and answers nothing: no yes or no in it
    (to "is it still leaking?", "yes still" answers)."""
    return vocabulary.says("thread", "goes_on", sentence) and not read_meta(sentence).kinds & {
        "yes",
        "no",
    }


def asks_status(text: str, policy: Policy | None = None) -> bool:
    """Whether a message after filing only asks where the complaint stands: words that ask
    for news ("any news", "어떻게 됐") or a nudge alone ("well??", "저기요?"), and nothing
    for staff once questions, greetings and who writes are left out."""
    if _nudge(text):
        return True
    asked = vocabulary.pattern("thread", "status_asked")
    if not asked.search(text):
        return False
    # what is said besides, greetings and who writes left out ("hey any update on my charger
    # thing"), tells nothing for staff: no news, nothing that happened
    # how long they have waited, and what is said besides the news asked for
    rest = vocabulary.pattern("thread", "waited").sub(" ", asked.sub(" ", beside_news(text)))
    return _tells_nothing(for_staff(rest, questions=True), policy)


def beside_news(text: str) -> str:
    """The message without its questions for news, with what they name ("보소 내 PT 환불
    우째 됐노?", "how's my setup fee thing going?")."""
    asked = vocabulary.pattern("thread", "status_asked")
    return " ".join(
        said
        for said in (text[a:b] for a, b in sentences(text, clauses=False))
        if not (asked.search(said) and (asks(said) or said.rstrip().endswith("?")))
    )


def asks_question_again(text: str) -> bool:
    """Whether a message asks to see staff's question again ("what did you ask?", "뭘
    물어봤는지 … 다시 보여주쇼"): a phrase of `question_again` in thread.yml, or a sentence
    with a word of the question and one of not finding it or wanting it again."""
    if vocabulary.says("thread", "question_again", text):
        return True
    return any(
        vocabulary.says("thread", "question_word", text[a:b])
        and vocabulary.says("thread", "seen_again", text[a:b])
        for a, b in sentences(text, clauses=False)
    )


def only_a_choice(text: str) -> bool:
    """Whether an answer to "which complaint?" says no more than which ("the washer one",
    "CMP-… 그거요", "새로운 거요", "yes"): a few words besides a reference."""
    rest = without_irritation(without_references(text))  # "the kettle one, obviously"
    return says_nothing_else(rest) or len(words(rest)) <= CHOICE_WORDS


class ActionReadCase(ComplaintAction):
    """Names the complaint a message is about (the `case` and `thread` slots)."""

    action_name = "action_read_case"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        """Only slots: Rasa runs this as a slot mapping and keeps nothing else."""
        message = tracker.latest_message
        intent = (message.get("intent") or {}).get("name")
        text = message.get("text") or ""
        named = read_reference(text, entity_value(tracker, "reference"))
        if named is not None and named.outcome == "malformed":
            named = None
        reference = named.reference if named is not None else None
        case = tracker.get_slot("case")
        if language_asked(text) or (named is not None and named.outcome != "valid"):
            # "한국어로 해줘" is about the conversation; a mistyped reference is said so
            return self._set(tracker, None, case)
        identity = Identity.from_sender_id(tracker.sender_id)
        step = self._closing(tracker, identity, reference)
        if step is not None:
            # a step of closing the loop (a decision on the answer, what is still wrong, a
            # score, a comment, the problem back): about that complaint, whatever it reads as
            return [*self._set(tracker, "this", step[1]), *self._closing_slot(tracker, step)]
        kept = loop.asked(tracker)
        if kept is not None and not (
            kept[0] == "score" or (kept[0] == "linked" and tracker.get_slot("pending_complaint"))
        ):
            kept = None  # asked once: what the desk asked is not asked any more
        cleared = self._closing_slot(tracker, kept)
        if intent == "check_status" and reference:
            # a status by reference: answered as one (`action_check_status`), and what
            # more it says passed on (`says_more`)
            return [*self._set(tracker, None, case), *cleared]
        if not case and reference is None:
            return [*self._set(tracker, None, None), *cleared]  # nothing filed here
        own = thread.cases(self.context.factory, self.policy, identity=identity)
        # the classifier's product entity alone ("the cable" of the radiator complained of)
        # names no other product: only a product the desk reads does
        read = self.read(tracker).value("product")
        product = product_name(self.policy.products, text) or (read.value if read else None)
        said = text[read.start : read.end] if read is not None and read.end <= len(text) else ""
        if product and said and any(thread.same_product(c.product, said) for c in own):
            # "워치" of a "스마트워치" complaint, read as the catalogue's "Galaxy Watch": the
            # words said name the complaint's product
            product = said
        if product is None and (entity := entity_value(tracker, "product")):
            product = entity if any(thread.same_product(c.product, entity) for c in own) else None
        if tracker.get_slot("case_choice"):
            # the answer to "which complaint, or something new?": one of them, new, or
            # still unclear (asked again)
            if is_payload(text) and intent == "affirm":  # the "something new" button
                return cleared + self._set(tracker, "new", case)
            choice = thread.chosen(own, text, named=reference, product=product)
            if choice is None:
                return cleared + self._set(tracker, "which", case)
            return cleared + self._set(tracker, choice[0], choice[1] or case)
        if intent == "help" and only_asks_what_we_do(text):
            return cleared + self._set(tracker, None, case)  # "what can you do?": the help
        if thread.says_new_complaint(text):
            return cleared + self._set(
                tracker, None, case
            )  # "that's a separate complaint": not this
        if intent in SMALL_TALK:
            if _pending(tracker):
                return cleared + self._set(tracker, None, case)  # it answers what the desk asked
            waiting = [c for c in own if c.awaiting]
            if waiting:  # staff asked the customer something: this is the answer
                return cleared + self._set(tracker, "this", waiting[0].reference)
            replying = [c for c in own if c.open and c.replying]
            if replying:  # staff wrote last: "ㅇㅇ", "ok thanks" answers them
                return cleared + self._set(tracker, "this", replying[0].reference)
            chasing = vocabulary.says("thread", "chasing", text)  # "hi got reply or not"
            # "Good morning, I am checking for update.", read as a greeting
            chasing = chasing or asks_status(text, self.policy)
            # a word more for the complaint talked about ("카드는" / "국민카드" / "두번", sent
            # one at a time after staff's question was answered): kept with it, never dropped
            more = not read_meta(text).only and any(c.reference == case and c.open for c in own)
            if not (
                tells_a_story(text) or asks(text) or says_availability(text) or chasing or more
            ):
                # a bare yes, thanks or hello; "im free any morning" (read as a greeting)
                # says when to reach them
                return cleared + self._set(tracker, None, case)
        reading = self.read(tracker)
        routed = thread.route(
            own,
            named=reference,
            product=product,
            # a question after filing is about a complaint, not a new one
            follow_up=intent in FOLLOW_UP_INTENTS
            or intent in SMALL_TALK
            or "?" in text
            # "Oh and the smoke came out of the plug itself", "아 그리고 …": more of what was
            # told, unless it names another product ("also my Galaxy S23 screen went black")
            or (
                product is None
                and bool(vocabulary.pattern("thread", "continuing").match(text.strip()))
            )
            or reading.asks
            or reading.meta.person  # "전화로 연락 주시면 안될까요"
            or says_availability(text)  # "im free any morning": when to reach them
            or vocabulary.says("thread", "chasing", text)
            or asks_status(text, self.policy),
            complaint=intent == "file_complaint",
        )
        if routed is None:
            return cleared + self._set(tracker, None, case)
        where, routed_case = routed
        log.debug("thread.routed", extra={"intent": intent, "where": where, "case": routed_case})
        return cleared + self._set(tracker, where, routed_case or case)

    def _closing(
        self, tracker: Tracker, identity: Identity, reference: str | None
    ) -> tuple[str, str] | None:
        """A step of closing the loop the message is (`handlers/actions/closing.py`)."""
        return loop.read_step(
            self, tracker, identity, self.read(tracker), reference, pending=_pending(tracker)
        )

    @staticmethod
    def _closing_slot(tracker: Tracker, step: tuple[str, str] | None) -> list[EventType]:
        value = f"{step[0]} {step[1]}" if step is not None else None
        return [] if tracker.get_slot("closing") == value else [SlotSet("closing", value)]

    @staticmethod
    def _set(tracker: Tracker, where: str | None, case: str | None) -> list[EventType]:
        events: list[EventType] = []
        if tracker.get_slot("thread") != where:
            events.append(SlotSet("thread", where))
        if tracker.get_slot("case") != case:
            events.append(SlotSet("case", case))
        return events


class ActionCaseMessage(ComplaintAction):
    """A message about a complaint already filed: recorded on it and passed to its staff,
    the customer told who has it, by when, and how they will hear; or, when it could be
    about several, a question which."""

    action_name = "action_case_message"

    async def act(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        identity: Identity,
        language: str,
    ) -> list[EventType]:
        """Pass the message on, ask which complaint, or say there is none."""
        reference = tracker.get_slot("case")
        where = tracker.get_slot("thread")
        step = loop.asked(tracker) or _step(tracker)
        if where == "this" and reference and step is not None and step[1] == reference:
            done = loop.ClosingSteps(self).act(
                dispatcher, tracker, identity, language, step[0], reference
            )
            if done is not None:
                return done
        if where == "this" and reference and not tracker.get_slot("case_choice"):
            shown = self.show_question(dispatcher, tracker, identity, reference, language)
            if shown is not None:
                return shown
        asked = () if tracker.get_slot("case_choice") else faq.asked(self, tracker)
        latest = tracker.latest_message.get("text") or ""
        if asked and asks_status(latest, self.policy):
            # "how's my setup fee thing going?": what a question for news names is no question
            asked = self.policy.faq.asked(beside_news(latest))
        # ("what happens now?" about a complaint: where it stands; "기사님 몇 시에 와요?" about
        # it: a question only its staff can answer, passed to them)
        if asked and not (where in ("this", "which") and all(e.case or e.staff for e in asked)):
            # "사진은 어디로 보내요?" after filing: answered from the FAQ, not passed on
            # ("what happens now?" about a complaint is: its answer says where it stands)
            text = tracker.latest_message.get("text") or ""
            rest = self.policy.faq.beside(text)
            if where == "this" and reference and valid_description(rest):
                # "모델명은 AF-5520K 라고 써있어요 사진은 어떻게 보내요?": what it tells
                # besides the question is kept on the complaint, never dropped
                self._record(tracker, identity, reference, text)
                # kept on the complaint: never offered as a new one
                return [
                    *faq.say(self, dispatcher, tracker, identity, language, asked),
                    *CLEAR_PENDING,
                ]
            return (
                ActionTriage(self.context).answer_faq(dispatcher, tracker, identity, language) or []
            )
        if where == "which":
            return self.ask_which(dispatcher, tracker, identity, language)
        if where == "new":  # "something new": the message asked about is filed
            return [
                SlotSet("pending_withdrawal", None),
                SlotSet("case_choice", None),
                FollowupAction("complaint_form"),
            ]
        case = None
        text = said(tracker)  # the choice typed with more to say: both (`said`)
        if (
            text
            and signs_off(self.policy, text)
            and not (reference and thread.pending_question(self.context.factory, reference))
        ):
            # "That is all from my side for now. Have a good day.": a goodbye, nothing for
            # staff (an answer to their question is one all the same)
            dispatcher.utter_message(response="utter_goodbye")
            return CLEAR_PENDING
        call = False
        if where == "this" and reference and text:
            call = read_meta(text).person
            case = self._record(tracker, identity, reference, text)
            log.info("thread.customer_message", extra={"recorded": case is not None})
        elif where == "this" and reference:  # a button with nothing said: where it stands
            own = thread.cases(self.context.factory, self.policy, identity=identity)
            case = next((c for c in own if c.reference == reference), None)
        if case is None:
            return self.no_case(dispatcher, tracker, identity, language)
        if case.open and not tracker.get_slot("case_choice"):  # advised when asked which
            self.advise_on_danger(dispatcher, text, language, case.product)
        # "제 민원 어떻게 되고 있어요", "any update?": asked where it stands, told where it
        # stands, not that what was said was passed on (it is kept for staff all the same)
        intent = (tracker.latest_message.get("intent") or {}).get("name")
        # a chase ("its been 2 days, whats going on??") is passed on: staff see it
        # read without who writes ("it's me again" is no "again")
        impatient = vocabulary.says("thread", "impatient", for_staff(text, questions=True))
        status_only = not impatient and (
            # "Hello, it's me again. I was wondering whether there was any news?": nothing
            # for staff but a question about where it stands, whatever the intent read
            asks_status(text, self.policy)
            or (
                not tells_a_story(text)
                and (
                    intent == "check_status"
                    or (intent == "follow_up" and (asks(text) or not for_staff(text)))
                    # "any word on the laptop hinge", read as praise, a hello or a goodbye
                    # ("아직임?" read as a no is a chase, passed on)
                    or (intent in GREETINGS and vocabulary.says("thread", "chasing", text))
                )
            )
        )
        dispatcher.utter_message(
            text=self.passed_on(
                case,
                language,
                recorded=bool(text) and not status_only,
                call=call,
                # "This solution is good for me. Is it OK to go to the Shibuya shop instead?":
                # glad of the answer, with a question for staff: no yes or no asked for
                glad=bool(text) and loop.glad_with_question(self.read(tracker)),
            )
        )
        # `thread` stays as read: the rule that led here goes on to listen with it
        return CLEAR_PENDING

    def show_question(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        identity: Identity,
        reference: str | None,
        language: str,
    ) -> list[EventType] | None:
        """Staff's question shown again when the customer asks for it ("what did you ask?",
        "뭘 물어봤는지 … 다시 보여주쇼"): their message kept for staff, the question still
        waiting for its answer. `reference`: the complaint the message is about, None when
        the classifier read it as no message about one (help, a list): then the newest
        whose question waits. None when it asks no such thing or no question waits."""
        text = said(tracker)
        if not (text and asks_question_again(text)):
            return None
        if reference is None:
            own = thread.cases(self.context.factory, self.policy, identity=identity)
            reference = next((c.reference for c in own if c.awaiting), None)
            if reference is None:
                return None
        question = thread.pending_question(self.context.factory, reference)
        if question is None:
            return None
        unseen = thread.answer_unseen(self.context.factory, reference, "customer.question")
        if self._record(tracker, identity, reference, text) is None:
            return self.no_case(dispatcher, tracker, identity, language)
        if unseen:  # shown with this very reply (REST, the web page): not twice
            return CLEAR_PENDING
        dispatcher.utter_message(
            text=render_response(
                self.context.responses,
                "utter_notify_question",
                language,
                reference=reference,
                message=question,
            )
        )
        return CLEAR_PENDING

    def _record(
        self, tracker: Tracker, identity: Identity, reference: str, text: str
    ) -> Case | None:
        """A message kept on the complaint and passed to its staff; a call asked for in it
        ("Could someone please telephone us at home?") is noted, not only passed on."""
        return thread.customer_message(
            self.context.factory,
            self.policy,
            reference=reference,
            identity=identity,
            text=text,
            now=self.context.clock(),
            language=tracker.get_slot("language"),
            wants_person=read_meta(text).person,
            # "can I just attach it here?" to staff's question: asked back, no answer yet;
            # "hi again, any word on the sofa yet?" only asks where it stands
            asked_back=bool(text)
            and (
                all(asks(text[a:b]) for a, b in sentences(text, clauses=False))
                or only_chases(text)
                or asks_question_again(text)  # "뭘 물어봤는지 … 다시 보여주쇼": not seen yet
                # "Hello again, … I thought I'd see if there was any news": no news, no
                # number or code that could be what staff asked for
                or (
                    asks_status(text, self.policy)
                    and not re.search(r"\d", _without_chasing(without_references(text)))
                )
                or _still_to_come(text)
            ),
        ).case

    def passed_on(
        self,
        case: Case,
        language: str,
        *,
        recorded: bool = True,
        call: bool = False,
        glad: bool = False,
    ) -> str:
        """What the customer is told: passed to whom, what happens next, how they hear
        (`call`: they asked for a call, which is noted; `glad`: the answer suits them, and
        they asked staff something more)."""
        values = {
            "reference": case.reference,
            "product": case.product,
            "team": self.policy.team_name(case.team, language),
            "respond_by": self.date(case.respond_due_at, language),
            "ack_by": self.date(case.ack_due_at, language) if case.ack_due_at else "",
            "responded": self.date(case.responded_at, language) if case.responded_at else "",
            "closed": self.date(case.closed_at, language) if case.closed_at else "",
            "contact": case.contact,
        }
        if not case.open:
            state = "ended" if recorded else "ended_asked"
        elif case.responded_at is not None and allows("accept", case.status):
            # an answer awaits the customer's decision; after a decline or a reopening the
            # team is at work again, and the answer turned down is no news
            unseen = thread.answer_unseen(self.context.factory, case.reference)
            if not recorded:
                # "any news?": told of the answer and asked about it, or pointed at it when
                # it is shown with this very reply (which asks already)
                state = "responded_above" if unseen else "responded_asked"
            elif unseen:
                state = "responded_shown"  # shown above, asking already: asked once
            elif glad:
                state = "responded_glad"  # closed once staff have answered the question
            else:
                state = "responded"
        elif case.awaiting and not case.answered_question:
            state = "awaiting"  # "well??" while staff wait for them: never "late"
        elif case.respond_due_at <= self.context.clock():
            state = "overdue"  # never "will answer by" a day gone
        elif case.acknowledged_at is None and case.ack_due_at is not None:
            late = case.ack_due_at <= self.context.clock()
            state = "taken_up_late" if late else "received"
        else:
            state = "open"
        lead = ("answer" if case.answered_question else "passed") if recorded else "about"
        # an ended complaint promises no reply: the message is kept for staff to read
        how = self.reach(case)
        if call and case.contact_kind == "phone":
            how = "call"  # "could someone telephone us?": told it is noted, and on which number
        told_all = state in ("ended", "ended_asked", "responded_asked", "responded_above")
        names = (LEAD[lead], NEXT[state]) + (() if told_all else (REACH[how],))
        parts = [
            render_response(self.context.responses, name, language, **values) for name in names
        ]
        return " ".join(p for p in parts if p)

    def reach(self, case: Case) -> str:
        """How the customer will hear back: pushed on their channel, by e-mail, by phone,
        or at their next visit."""
        if case.channel in ("telegram", "slack"):
            return "push"
        if case.contact_kind == "email" and self.policy.email_customers:
            return "email"
        if case.contact_kind == "phone":
            return "phone"
        return "visit"

    def ask_which(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        identity: Identity,
        language: str,
    ) -> list[EventType]:
        """Several complaints it could be about: a button for each and one for a new
        complaint; the message is kept, so that the choice passes it on or files it."""
        own = thread.cases(self.context.factory, self.policy, identity=identity)
        buttons = [
            {
                "title": f"{c.reference} · {c.product}"[:60],
                "payload": f'/follow_up{{"reference": "{c.reference}"}}',
            }
            for c in [c for c in own if c.open][:4]
        ]
        new = render_response(self.context.responses, "utter_case_new_button", language)
        buttons.append({"title": new, "payload": "/affirm"})
        text = tracker.latest_message.get("text") or ""
        self.advise_on_danger(dispatcher, text, language)
        dispatcher.utter_message(response="utter_case_which", buttons=buttons)
        asked_again = is_payload(text) or tracker.get_slot("case_choice")
        kept = tracker.get_slot("pending_complaint") if asked_again else text
        return [
            SlotSet("pending_withdrawal", None),
            SlotSet("pending_complaint", kept),
            SlotSet("pending_product", entity_value(tracker, "product")),
            SlotSet("case_choice", True),
        ]

    def no_case(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        identity: Identity,
        language: str,
    ) -> list[EventType]:
        """A follow-up from someone with no complaint here: a complaint told in it is taken
        as any opening message is (`action_triage`'s decision); otherwise they are told no
        complaint of theirs is known here, and offered to file what they wrote."""
        aside = answer_aside(self, dispatcher, tracker, identity)
        if aside is not None:  # "one sec let me find the receipt", "what do u guys do"
            return aside
        text = tracker.latest_message.get("text") or ""
        if decision(self.policy, tracker.latest_message) == "file":
            # "결국 기사님 안 오셨고 연락도 안 돼요 이제 접수할게요": filed, not looked up
            return [*CLEAR_PENDING, FollowupAction("complaint_form")]
        if declines_filing(self.policy, tracker.latest_message.get("text") or ""):
            return no_complaint(dispatcher, tracker, self.policy, language)  # "its a compliment"
        if only_praises(self.policy, tracker.latest_message):
            # praise of a visit read as about a complaint ("어제 방문하신 기사님 너무 감사했어요")
            dispatcher.utter_message(response="utter_compliment")
            return CLEAR_PENDING
        # only ended ones: said so, and a new complaint offered; one with no closing date
        # (answered, awaiting the customer) is never said to be closed
        own = [
            c
            for c in thread.cases(self.context.factory, self.policy, identity=identity)
            if c.closed_at is not None
        ]
        if own:
            ended = own[0]
            assert ended.closed_at is not None  # the cases kept are closed ones
            dispatcher.utter_message(
                response="utter_case_ended_offer",
                reference=ended.reference,
                product=ended.product,
                closed=self.date(ended.closed_at, language),
            )
        elif (
            vocabulary.says("triage", "other_business", text)
            or vocabulary.says("thread", "chasing", text)
            or not looks_like_description(text)
        ):
            # asked about or chasing a complaint ("status of my complaint?", "its been 3 days
            # and the engineer never showed up"): none is known here; a story told is only
            # offered, with no word of a complaint it never had
            dispatcher.utter_message(response="utter_case_none")
        return offer_to_file(dispatcher, tracker, self.policy)
