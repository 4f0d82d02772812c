"""Closing the loop in the conversation (ISO 10002 7.8-7.9, 8.3): the customer's side.

Staff's answer reaches the customer with "Does this resolve your complaint?" and two buttons
(`handlers/closing.py` `notice_buttons`); while a complaint is `responded`, what the customer
says is read as that decision (`Reading.decision`: buttons, "yes that sorts it", "fine
whatever", "아니요 아직 해결 안 됐어요"). Accepting closes it and asks the 1-5 satisfaction
question at once, then an optional comment; declining sends it back to work at once (a "no"
is never lost, also when no reason follows) and, unless the message says why, asks once
what is still wrong, the answer added to the decline (`closing.explain_decline`); with the
reason the customer is told by when and their recourse; "it's leaking again" about a recently closed complaint reopens it, and after the
window offers a new complaint that names the old one.

`step` is read by `action_read_case` (a slot mapping, so only slots: the `closing` slot as
"<step> <reference>") and carried out by `action_case_message`, so routing stays the rules'
(`thread: this`). What the desk asked and awaits is the same slot ("reason …", "comment …",
"score …", "linked …").
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from rasa_sdk import Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from handlers import closing, vocabulary
from handlers.actions import faq as faq_answers
from handlers.actions.base import CLEAR_PENDING, ComplaintAction, entity_value, is_payload
from handlers.answers import asks_for_something
from handlers.assessment import complaint_words
from handlers.casework import Outcome
from handlers.decisions import other_scale_said
from handlers.formatting import render_response
from handlers.identity import Identity
from handlers.meta import asks, read_meta
from handlers.reading import Reading
from handlers.thread import mentions, same_product, says_new_complaint
from handlers.words import full_stops, words
from storage.db import transaction
from storage.models import Complaint, OutboxMessage
from storage.vocabulary import allows

log = logging.getLogger(__name__)

# What the desk asks and then awaits in the `closing` slot
ASKED = ("reason", "comment", "score", "rescore", "linked")


@dataclass(frozen=True)
class Loop:
    """One of the customer's complaints as closing the loop needs it."""

    reference: str
    status: str
    product: str
    category: str
    closed_at: datetime | None
    responded_at: datetime | None
    survey_asked_at: datetime | None
    score: int | None
    comment: str | None
    #: the answer has not reached the customer yet (REST and the web page show it before
    #: the reply to their next message): what they write now was written without it
    unseen: bool = False

    @property
    def deciding(self) -> bool:
        """Answered, the answer seen: the customer's decision is awaited."""
        return allows("accept", self.status) and not self.unseen

    @property
    def surveyed(self) -> bool:
        """Closed, the satisfaction question asked and not answered."""
        return self.status == "closed" and self.survey_asked_at is not None and self.score is None


def loops(action: ComplaintAction, identity: Identity) -> list[Loop]:
    """The identity's complaints, newest first."""
    with transaction(action.context.factory) as session:
        rows = session.execute(
            sa.select(Complaint)
            .where(Complaint.channel == identity.channel, Complaint.user_id == identity.user_id)
            .order_by(Complaint.created_at.desc(), Complaint.id.desc())
            .limit(20)
        ).scalars()
        complaints = list(rows)
        # "ok" sent to check for news, before the answer was shown, is no acceptance of it;
        # only answered complaints await a decision, so only they are looked up
        answered = [c.id for c in complaints if allows("accept", c.status)]
        unseen = (
            set(
                session.execute(
                    sa.select(OutboxMessage.complaint_id).where(
                        OutboxMessage.complaint_id.in_(answered),
                        OutboxMessage.kind == "customer.responded",
                        OutboxMessage.status == "pending",
                    )
                ).scalars()
            )
            if answered
            else set()
        )
        return [
            Loop(
                c.reference,
                c.status,
                c.product,
                c.category,
                c.closed_at,
                c.responded_at,
                c.survey_asked_at,
                c.satisfaction_score,
                c.satisfaction_comment,
                unseen=c.id in unseen,
            )
            for c in complaints
        ]


def asked(tracker: Tracker) -> tuple[str, str] | None:
    """What the desk asked in closing the loop, and about which complaint."""
    value = tracker.get_slot("closing") or ""
    step, _, reference = str(value).partition(" ")
    return (step, reference) if step in ASKED and reference else None


def _asking_nothing(reading: Reading) -> Reading | None:
    """The reading of a message's sentences that ask nothing, when some do and some don't
    ("ah ok perfect, like this is good for me." of "… what i need to bring to the shop?")."""
    text = reading.text
    # whole sentences, their marks kept: "But please, will it be …?" is one question; a
    # sentence that turns to its question keeps what comes before the turn ("그거면 충분해요ㅎㅎ
    # 근데 육각렌치도 같이 넣어주실수있나여?")
    said: list[str] = []
    turn = vocabulary.pattern("closing", "contrast")
    for a, b in full_stops(text):
        sentence = text[a : b + 1]
        turned = turn.search(sentence)
        if turned and turned.start() > 0 and asks(sentence[turned.start() :]):
            said += [sentence[: turned.start()], sentence[turned.start() :]]
        else:
            said.append(sentence)
    rest = " ".join(
        sentence
        for sentence in said
        if sentence.strip()
        and not asks(sentence)
        # a request beside the acceptance goes with the question ("Send me address of lab
        # please."); one that accepts stays ("그리 해주면 됐지비")
        and not (
            asks_for_something(sentence)
            and Reading(sentence).decision(by_consent=False) != "accept"
        )
    )
    if not rest.strip() or rest.strip() == text.strip():
        return None
    return Reading(rest, meta=read_meta(rest), asks=asks(rest), scope=reading.scope)


def glad_with_question(reading: Reading) -> bool:
    """Whether a message is glad of the answer in words and asks staff something besides
    (no decision: the question would be left unanswered once it closes), or asks for
    something ("I accept, lab can try recovery. Send me address of lab please.")."""
    if not (reading.asks or asks_for_something(reading.text)) or reading.decision() is not None:
        return False
    alone = _asking_nothing(reading)
    return alone is not None and alone.decision(by_consent=False) == "accept"


def decision(action: ComplaintAction, reading: Reading, *, by_consent: bool = True) -> str | None:
    """The decision on an answer (`Reading.decision`), and an acceptance in words beside a
    question the FAQ answers ("ah ok perfect, like this is good for me. what i need to bring
    to the shop, the receipt?"): accepted, the question answered with it. A question only
    staff can answer still goes to them with the decision left open."""
    decided = reading.decision(by_consent=by_consent)
    faq = action.policy.faq
    asked = faq.asked(reading.text) if reading.asks else ()
    if decided is not None or not asked or any(entry.staff for entry in asked):
        return decided
    alone = _asking_nothing(reading)  # "ah ok perfect, like this is good for me."
    return "accept" if alone is not None and alone.decision(by_consent=False) == "accept" else None


def read_step(
    action: ComplaintAction,
    tracker: Tracker,
    identity: Identity,
    reading: Reading,
    named: str | None,
    *,
    pending: bool = False,
) -> tuple[str, str] | None:
    """Whether the message is a step of closing the loop, and of which complaint: the
    answer to what the desk asked, a decision on an answered complaint, a score for the
    survey, or the problem back on a closed one. None: any other message. `pending`: the
    desk asked something else a yes or a no answers (a withdrawal, an offer to file), so a
    yes or a no is not a decision here; a score still is."""
    waiting = asked(tracker)
    # a score given again to change it ("make that a perfect score after all", "사점으로
    # 바꿀래요"): read as the survey's answer is, and taken only where one was given before
    rescoring = vocabulary.says("closing", "rescoring", reading.text) and vocabulary.says(
        "closing", "score_named", reading.text
    )
    if (
        waiting is not None
        and waiting[0] in ("reason", "comment")
        # the comment asked, the score changed ("Please make it 5 points, not 4"): no comment
        and not (waiting[0] == "comment" and rescoring and reading.score(asked=True))
        and (not is_payload(reading.text) or named in (None, waiting[1]))
        # "What is still wrong?" no longer awaits once staff answered again: what they say
        # now is read as about that answer
        and (waiting[0] != "reason" or closing.awaits_reason(action.context.factory, waiting[1]))
        # "새 상판도 찍힌 자국 있네 다시 봐주세요" asked for a comment: the problem is back,
        # no comment (read below as a reopening)
        and not (
            waiting[0] == "comment"
            and reading.again
            # a fault named with it, or a reopening asked: "I had to explain it again" is a
            # comment
            and (complaint_words(action.policy, reading.text) or reading.reopens)
        )
    ):
        return waiting  # asked once: the message is the answer
    # the survey's score: from its buttons, or typed ("4", "4/5", "네 점")
    pressed = entity_value(tracker, "score")
    score_asked = waiting is not None and waiting[0] in ("score", "rescore")
    said_score = pressed or reading.score(asked=score_asked or rescoring)
    if waiting and score_asked and not said_score and reading.no_comment:
        return ("comment", waiting[1])  # "nah", "없어요": the survey is left there
    # with another question asked (which complaint?), a yes or a no answers that one: only
    # words that say whether it is resolved decide ("ㅇㅇ 어제 받음 잘됨")
    decided = decision(action, reading, by_consent=not pending)
    if (
        waiting is not None
        and score_asked
        and not said_score
        and decision(action, reading, by_consent=False) == "decline"
    ):
        # "40 quid is a piss take. I want the full 85 back. not closed": the acceptance
        # taken back in words while the survey waits; the complaint goes back to work
        return ("reopen", waiting[1])
    # the survey just asked and no number read ("it was ok i guess, slow though", "well
    # that will have to do"): the number is asked for once more, never an offer to file
    unscored = (
        waiting[1]
        if waiting is not None
        and waiting[0] == "score"
        and not (said_score or reading.again or reading.asks or reading.meta.person)
        and not says_new_complaint(reading.text)
        else None
    )
    if not (said_score or reading.again or decided is not None or unscored):
        return None  # it says nothing that closes a loop: the complaints are not looked up
    own = loops(action, identity)
    if unscored is not None and any(c.reference == unscored and c.surveyed for c in own):
        return ("unscored", unscored)
    if not own:
        return None
    by_reference = {c.reference: c for c in own}
    chosen = by_reference.get(named) if named else None
    surveyed = [c for c in own if c.surveyed]
    if said_score and surveyed:
        target = chosen if chosen in surveyed else None
        if target is None and score_asked:
            target = by_reference.get(waiting[1]) if waiting else None
        target = target or (surveyed[0] if not named else None)
        if target is not None and target.surveyed:
            return ("score", target.reference)
    scored = [c for c in own if c.status == "closed" and c.score is not None]
    if (
        said_score
        and rescoring
        and not surveyed
        and scored
        and (chosen is None or chosen in scored)
    ):
        # "make that a perfect score after all… bye!": the survey answered, its score changed
        return ("rescored", (chosen or scored[0]).reference)
    if named is not None and chosen is None:
        return None  # a reference not theirs decides nothing on their own complaints
    if says_new_complaint(reading.text):
        return None  # "that's a new problem": never a decision on, or a reopening of, another
    from handlers.actions.triage import declines_filing  # triage reads this module

    if reading.again and not reading.reopens and declines_filing(action.policy, reading.text):
        # "이건 뭐 또 접수허는 게 아니구유, 그냥 … 전해주셔유": the "again" is of filing, said
        # with a no; nothing is back
        return None
    named_product = reading.value("product")

    def about_another(case: Loop) -> bool:
        """The message names another product ("great, now my fridge stopped working too")."""
        return named_product is not None and not same_product(case.product, named_product.value)

    # the decision on an answered complaint
    deciding = [c for c in own if c.deciding]
    if deciding and (chosen is None or chosen.deciding):
        target = chosen or max(deciding, key=lambda c: c.responded_at or datetime.min)
        # another product named ("great, now my fridge stopped working too") accepts
        # nothing; a no still declines ("lol no. the banner said free delivery on all
        # tablets"): at worst the complaint goes back to work with the words as the reason
        if decided == "decline" or (decided == "accept" and not about_another(target)):
            return ("decide", target.reference)
    if pending:
        return None  # the problem back is no answer to the question asked
    # the problem is back: on an open complaint about it, a follow-up; else a closed one
    if reading.again:
        # a part named with a reopening asked for ("케이블 안와서 다시 열어주세요") names no
        # other complaint
        return _again(own, chosen, reading.text, None if reading.reopens else named_product)
    return None


def _again(
    own: list[Loop], chosen: Loop | None, text: str, named_product: Any
) -> tuple[str, str] | None:
    """The problem back ("it's leaking again", "또 물이 새요"): about the thing the message
    names (its product, named or a word of it), an open complaint about it takes it as a
    follow-up, never a reopening of an older closed one nor a new complaint; else the
    latest closed one about it is reopened. Naming no product, the latest closed complaint
    is reopened when none is open; with open ones, the message is routed as any other."""
    closed = [c for c in own if c.status == "closed"]
    open_ = [c for c in own if c.status != "closed" and allows("message", c.status)]
    if chosen is not None:
        return ("reopen", chosen.reference) if chosen.status == "closed" else None
    if named_product is not None:
        about = [c for c in own if same_product(c.product, named_product.value)]
    else:
        about = [c for c in own if mentions(text, c.product)]
    if about:
        following = [c for c in open_ if c in about]
        if following:  # own is newest first
            return ("follow", following[0].reference)
        back = [c for c in closed if c in about]
        if back:
            return ("reopen", max(back, key=lambda c: c.closed_at or datetime.min).reference)
        return None
    if named_product is not None or open_ or not closed:
        return None  # another product (a new problem), or routed among the open ones
    return ("reopen", max(closed, key=lambda c: c.closed_at or datetime.min).reference)


# Words besides a score, this many or more, say something: the message is its comment.
COMMENT_WORDS = 3


def said_more(text: str) -> str | None:
    """The message as the survey's comment when it says more than a score ("3, the engineer
    was late"; "★★★☆☆ 빠르긴했는데 처음 챗봇이 말귀를 못알아들음"); None for "4", "4점이요",
    "id give it a 3 out of 5" (`score_framing` in closing.yml)."""
    rest = other_scale_said(text)  # "백점 만점에 구십점이요"
    rest = vocabulary.pattern("closing", "score_scale").sub(" ", rest)  # "오점 만점에 사점"
    rest = vocabulary.pattern("closing", "score_framing").sub(" ", rest)
    rest = vocabulary.pattern("closing", "score_units").sub(" ", rest)
    # "… 아 근데 8점으로 할게요": the score settled on is no comment
    for settling in ("score_final_after", "score_final"):
        rest = vocabulary.pattern("closing", settling).sub(" ", rest)
    rest = re.sub(r"[0-9★⭐🌟✭✮☆✩]+", " ", rest)
    return text.strip() if len(words(rest)) >= COMMENT_WORDS else None


class ClosingSteps:
    """Carries out a step of closing the loop for `action_case_message`."""

    def __init__(self, action: ComplaintAction) -> None:
        self.action = action
        self.context = action.context
        self.policy = action.policy

    def say(self, name: str, language: str, **values: Any) -> str:
        return render_response(self.context.responses, name, language, **values)

    def score_beside(self, tracker: Tracker, identity: Identity) -> None:
        """A score said with another request ("five out of five. However, … erase all my
        personal information"), when the survey asked for one: recorded, without a reply."""
        step, _, reference = str(tracker.get_slot("closing") or "").partition(" ")
        if step not in ("score", "rescore") or not reference:
            return
        score = self.action.read(tracker).score(asked=True)
        if score is not None:
            closing.record_satisfaction(
                factory=self.context.factory,
                policy=self.policy,
                reference=reference,
                identity=identity,
                now=self.context.clock(),
                score=int(score),
            )

    def act(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        identity: Identity,
        language: str,
        step: str,
        reference: str,
    ) -> list[EventType] | None:
        """The step carried out and the customer told; None: it no longer applies (the
        complaint moved on), and the message is passed on as any other."""
        reading = self.action.read(tracker)
        common = {
            "factory": self.context.factory,
            "policy": self.policy,
            "reference": reference,
            "identity": identity,
            "now": self.context.clock(),
        }
        if step == "decide":
            decided = decision(self.action, reading)
            if decided == "accept":
                outcome = closing.accept(**common)
                asked = self.policy.faq.asked(reading.text)
                if outcome.result == "done" and asked and not any(e.staff for e in asked):
                    # accepted with a question the FAQ answers: answered first
                    faq_answers.say(self.action, dispatcher, tracker, identity, language, asked)
                return self.accepted(dispatcher, language, outcome, reference)
            if decided == "decline":
                # recorded at once, with or without a reason (`closing.explain_decline`)
                outcome = closing.decline(**common, reason=reading.reason)
                if outcome.result != "done":
                    return None
                told = self.declined(dispatcher, language, common)
                if told is None or reading.reason:
                    return told
                # a bare "no": told at once what happens next and the recourse (they may
                # never write again), then asked what is still wrong
                dispatcher.utter_message(response="utter_closing_ask_reason_after")
                return [*CLEAR_PENDING, SlotSet("closing", f"reason {reference}")]
            return None
        if step == "reason":
            # the answer to "What is still wrong?", whatever it says (asked once), added to
            # the decline already recorded
            text = "" if is_payload(reading.text) else reading.text
            if text and self.policy.faq.asked(text):
                # "what happens now?": what follows says it; a question is never the reason
                rest = self.policy.faq.beside(text)
                # only its mark off ("이제 어떻게 되는 거예요"): nothing but the question
                text = "" if words(rest) == words(text) else rest
            if not text:  # "what happens now?": told again, nothing added
                return self.declined(dispatcher, language, common)
            if closing.explain_decline(**common, reason=text).result != "done":
                return None  # answered again meanwhile: any message of theirs
            # what happens next was said with the decline
            dispatcher.utter_message(response="utter_closing_reason_added", reference=reference)
            return [*CLEAR_PENDING, SlotSet("closing", None)]
        if step == "score":
            score = entity_value(tracker, "score") or reading.score(asked=True)
            if score is None:
                return None
            # "★★★☆☆ 빠르긴했는데 처음 챗봇이 말귀를 못알아들음": the words are the comment
            comment = None if is_payload(reading.text) else said_more(reading.text)
            outcome = closing.record_satisfaction(**common, score=int(score), comment=comment)
            if outcome.result != "done":
                return None
            if comment is not None:
                dispatcher.utter_message(response="utter_closing_comment_thanks")
                return [*CLEAR_PENDING, SlotSet("closing", None)]
            dispatcher.utter_message(response="utter_closing_ask_comment")
            return [*CLEAR_PENDING, SlotSet("closing", f"comment {reference}")]
        if step == "unscored":
            dispatcher.utter_message(
                response="utter_closing_score_again", buttons=closing.survey_buttons(reference)
            )
            return [*CLEAR_PENDING, SlotSet("closing", f"rescore {reference}")]
        if step == "comment":
            if reading.no_comment or is_payload(reading.text):
                dispatcher.utter_message(response="utter_closing_survey_done")
                return [*CLEAR_PENDING, SlotSet("closing", None)]
            outcome = closing.record_satisfaction(**common, comment=reading.text)
            if outcome.result != "done":
                return None
            dispatcher.utter_message(response="utter_closing_comment_thanks")
            return [*CLEAR_PENDING, SlotSet("closing", None)]
        if step == "rescored":
            score = entity_value(tracker, "score") or reading.score(asked=True)
            if (
                score is None
                or closing.change_satisfaction(**common, score=int(score)).result != "done"
            ):
                return None
            dispatcher.utter_message(response="utter_closing_score_changed", score=int(score))
            return [*CLEAR_PENDING, SlotSet("closing", None)]
        if step == "reopen":
            return self.reopened(dispatcher, tracker, language, common)
        # "follow": the problem back, about an open complaint: passed on to it as any
        # message is (`action_case_message` goes on with it)
        return None

    def accepted(
        self,
        dispatcher: CollectingDispatcher,
        language: str,
        outcome: Outcome,
        reference: str,
    ) -> list[EventType] | None:
        """Thanked, and the satisfaction question asked at once, with 1-5 buttons."""
        if outcome.result != "done":
            return None
        dispatcher.utter_message(response="utter_closing_accepted", reference=reference)
        dispatcher.utter_message(
            response="utter_closing_survey", buttons=closing.survey_buttons(reference)
        )
        log.info("closing.accepted")
        return [*CLEAR_PENDING, SlotSet("closing", f"score {reference}")]

    def declined(
        self,
        dispatcher: CollectingDispatcher,
        language: str,
        common: dict[str, Any],
    ) -> list[EventType] | None:
        """Declined (back to work, the reason with it): told by when, and the recourse."""
        state = closing.state(common["factory"], common["reference"])
        if state is None:
            return None
        escalated = state.status == "escalated"
        dispatcher.utter_message(
            response="utter_closing_declined_again" if escalated else "utter_closing_declined",
            reference=common["reference"],
            team=self.policy.team_name(self.policy.team_for(state.category), language),
            respond_by=self.action.date(state.respond_due_at, language),
        )
        dispatcher.utter_message(
            response="utter_closing_recourse",
            recourse=self.policy.closing.recourse_in(language),
        )
        log.info("closing.declined", extra={"escalated": escalated})
        return [*CLEAR_PENDING, SlotSet("closing", None)]

    def reopened(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        language: str,
        common: dict[str, Any],
    ) -> list[EventType] | None:
        """Reopened with the same team and new due dates; after the window, a new
        complaint offered that names the old one (a yes files it with the link)."""
        reference = common["reference"]
        outcome = closing.reopen(**common)
        state = closing.state(common["factory"], reference)
        if state is None:
            return None
        if outcome.result == "done":
            # what they said is the reason it is back: kept on the complaint for its staff
            from handlers import thread

            thread.customer_message(
                common["factory"],
                self.policy,
                reference=reference,
                identity=common["identity"],
                text=tracker.latest_message.get("text") or "",
                now=common["now"],
                language=language,
            )
            dispatcher.utter_message(
                response="utter_closing_reopened",
                reference=reference,
                product=state.product,
                team=self.policy.team_name(self.policy.team_for(state.category), language),
                respond_by=self.action.date(state.respond_due_at, language),
            )
            log.info("closing.reopened")
            return [*CLEAR_PENDING, SlotSet("closing", None)]
        if outcome.result == "too_late":
            dispatcher.utter_message(
                response="utter_closing_too_late",
                reference=reference,
                closed=self.action.date(state.closed_at or common["now"], language),
            )
            text = tracker.latest_message.get("text") or ""
            return [
                SlotSet("pending_withdrawal", None),
                SlotSet("case_choice", None),
                SlotSet("pending_complaint", text),
                SlotSet("pending_product", state.product),
                SlotSet("closing", f"linked {reference}"),
            ]
        return None


def linked(tracker: Tracker) -> str | None:
    """The complaint a new one follows on from (offered after the reopening window)."""
    waiting = asked(tracker)
    return waiting[1] if waiting is not None and waiting[0] == "linked" else None
