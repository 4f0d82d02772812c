"""Inquiries about one's own complaints: status, list, withdrawal (with its yes/no), a person."""

from __future__ import annotations

import json
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from handlers import inquiries as use_case
from handlers import thread
from handlers.actions import closing as loop
from handlers.actions import erasure, faq
from handlers.actions.base import CLEAR_PENDING, ComplaintAction, entity_value, is_payload
from handlers.actions.greeting import answer_aside, tell_help
from handlers.actions.triage import (
    ActionTriage,
    answer_question,
    answers_offer,
    decision,
    declines_filing,
    demands_a_remedy,
    might_be_a_complaint,
    names_a_problem,
    no_complaint,
    offer_to_file,
    only_asks_for_help,
    signs_off,
)
from handlers.assessment import complaint_words, safety_words, without_remedy
from handlers.corrections import corrections
from handlers.fields import looks_like_description
from handlers.formatting import format_day, status_label
from handlers.identity import Identity
from handlers.inquiries import Summary
from handlers.phrases import language_asked, lost_reference
from handlers.triage import only_asks_to_complain


def _best_guess(message: dict) -> str | None:
    """The classifier's best real intent (under the fallback, if it gave up)."""
    ranked = [r for r in message.get("intent_ranking") or [] if r.get("name") != "nlu_fallback"]
    return ranked[0].get("name") if ranked else None


def _payload(intent: str, reference: str) -> str:
    return f"/{intent}{json.dumps({'reference': reference})}"


def utter_list(
    action: ComplaintAction, dispatcher: CollectingDispatcher, own: list[Summary], language: str
) -> None:
    """The customer's complaints, one line each: reference, status, date filed, product."""
    items = "\n".join(
        f"• {s.reference} · {status_label(s.status, language)} · "
        f"{action.date(s.created_at, language)} · {s.product}"
        for s in own
    )
    dispatcher.utter_message(response="utter_list", items=items)


class ActionCheckStatus(ComplaintAction):
    """Status by reference, for the identity that filed it and nobody else."""

    action_name = "action_check_status"

    async def act(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        identity: Identity,
        language: str,
    ) -> list[EventType]:
        """Answer with status, last update and the expected response date."""
        text = tracker.latest_message.get("text") or ""
        parsed = use_case.read_reference(text, entity_value(tracker, "reference"))
        answer = use_case.lookup(self.context.factory, identity=identity, parsed=parsed)
        if answer.outcome == "found" and answer.summary:
            summary, team = answer.summary, None
            if thread.says_more(text) and not is_payload(text):
                # recorded first: a danger told with it changes the dates the status shows
                team = self.pass_on(dispatcher, tracker, identity, summary.reference, language)
                again = use_case.lookup(self.context.factory, identity=identity, parsed=parsed)
                summary = again.summary or summary
            self.utter_status(dispatcher, summary, language)
            if team:
                dispatcher.utter_message(response="utter_case_also_passed", team=team)
            return [*CLEAR_PENDING, SlotSet("case", summary.reference)]
        elif answer.outcome == "mistyped":
            dispatcher.utter_message(response="utter_status_mistyped", reference=answer.reference)
        elif answer.outcome == "not_found":
            dispatcher.utter_message(response="utter_status_not_found", reference=answer.reference)
        else:
            own = use_case.list_own(self.context.factory, identity=identity)
            if not own and might_be_a_complaint(self.policy, tracker.latest_message):
                # "where is my parcel, three weeks now!" from someone with no complaint
                # yet is about an order, not a complaint's status: ask whether to file one.
                return offer_to_file(dispatcher, tracker, self.policy)
            self.without_reference(dispatcher, own, language)
        return CLEAR_PENDING

    def pass_on(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        identity: Identity,
        reference: str,
        language: str,
    ) -> str | None:
        """A status asked with more to say: that is recorded on the complaint for its staff
        (a danger in it advised on at once); the team's name, once recorded."""
        text = tracker.latest_message.get("text") or ""
        recorded = thread.customer_message(
            self.context.factory,
            self.policy,
            reference=reference,
            identity=identity,
            text=text,
            now=self.context.clock(),
        )
        if recorded.case is None:
            return None
        self.advise_on_danger(dispatcher, text, language, recorded.case.product)
        return self.policy.team_name(recorded.case.team, language)

    def without_reference(
        self, dispatcher: CollectingDispatcher, own: list[Summary], language: str
    ) -> None:
        """No reference given: the only complaint's status, or a choice among them."""
        if not own:
            dispatcher.utter_message(response="utter_no_complaints")
        elif len(own) == 1:
            self.utter_status(dispatcher, own[0], language)
        else:
            dispatcher.utter_message(
                response="utter_ask_reference",
                buttons=[
                    {
                        "title": f"{s.reference} · {s.product}"[:60],
                        "payload": _payload("check_status", s.reference),
                    }
                    for s in own[:5]
                ],
            )

    def utter_status(
        self, dispatcher: CollectingDispatcher, summary: Summary, language: str
    ) -> None:
        """One complaint's status in the customer's words."""
        common = {
            "reference": summary.reference,
            "status": status_label(summary.status, language),
            "updated": self.date(summary.updated_at, language),
        }
        if summary.status == "withdrawn" and summary.closed_at:
            dispatcher.utter_message(
                response="utter_status_withdrawn",
                withdrawn=self.date(summary.closed_at, language),
                **common,
            )
        elif summary.status == "closed" and summary.closed_at:
            dispatcher.utter_message(
                response="utter_status_closed",
                closed=self.date(summary.closed_at, language),
                **common,
            )
        elif summary.responded_at:
            dispatcher.utter_message(
                response="utter_status_responded",
                responded=self.date(summary.responded_at, language),
                **common,
            )
        else:
            dispatcher.utter_message(
                response="utter_status",
                respond_by=self.date(summary.respond_due_at, language),
                **common,
            )


class ActionListComplaints(ComplaintAction):
    """The sender's own complaints, newest first."""

    action_name = "action_list_complaints"

    async def act(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        identity: Identity,
        language: str,
    ) -> list[EventType]:
        """List reference, status, date and product of each."""
        if lost_reference(tracker.latest_message.get("text") or ""):
            # "I forgot my reference": the list, and how else to find it
            return await ActionNotUnderstood(self.context).act(
                dispatcher, tracker, identity, language
            )
        if names_a_problem(self.policy, tracker.latest_message):
            # "my kettle leaks everywhere" read as "my complaints": a problem, not a list
            return offer_to_file(dispatcher, tracker, self.policy)
        own = use_case.list_own(self.context.factory, identity=identity)
        if not own:
            dispatcher.utter_message(response="utter_no_complaints")
            return CLEAR_PENDING
        utter_list(self, dispatcher, own, language)
        return CLEAR_PENDING


class ActionWithdrawComplaint(ComplaintAction):
    """Finds the complaint to withdraw and asks for confirmation first."""

    action_name = "action_withdraw_complaint"

    async def act(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        identity: Identity,
        language: str,
    ) -> list[EventType]:
        """Ask "withdraw CMP-…?" for the named complaint, or offer a choice."""
        text = tracker.latest_message.get("text") or ""
        if only_asks_to_complain(text):
            # "complaint please", "Complaint.": no word of withdrawing, a wish to file one
            return [*CLEAR_PENDING, FollowupAction("complaint_form")]
        parsed = use_case.read_reference(text, entity_value(tracker, "reference"))
        step = loop.read_step(
            self,
            tracker,
            identity,
            self.read(tracker),
            parsed.reference if parsed is not None and parsed.outcome != "malformed" else None,
            pending=bool(tracker.get_slot("pending_withdrawal")),
        )
        if step is not None and step[0] == "decide":
            # "um yes?? it's resolved, you can close it" to an answer awaiting a decision:
            # the answer accepted, no withdrawal (the classifier's intent is not read then)
            return [
                SlotSet("case", step[1]),
                SlotSet("thread", "this"),
                SlotSet("closing", f"decide {step[1]}"),
                FollowupAction("action_case_message"),
            ]
        candidates = use_case.withdrawable(self.context.factory, identity=identity)
        if parsed is not None and parsed.outcome != "malformed":
            answer = use_case.lookup(self.context.factory, identity=identity, parsed=parsed)
            if answer.outcome == "mistyped":
                dispatcher.utter_message(
                    response="utter_status_mistyped", reference=answer.reference
                )
                return CLEAR_PENDING
            if answer.outcome != "found" or answer.summary is None:
                dispatcher.utter_message(
                    response="utter_status_not_found", reference=answer.reference
                )
                return CLEAR_PENDING
            if answer.summary.reference not in {c.reference for c in candidates}:
                self.not_withdrawable(dispatcher, answer.summary, language)
                return CLEAR_PENDING
            return self.confirm(dispatcher, answer.summary)
        if not candidates:
            dispatcher.utter_message(response="utter_withdraw_none")
            return CLEAR_PENDING
        if len(candidates) == 1:
            return self.confirm(dispatcher, candidates[0])
        dispatcher.utter_message(
            response="utter_withdraw_which",
            buttons=[
                {
                    "title": f"{c.reference} · {c.product}"[:60],
                    "payload": _payload("withdraw_complaint", c.reference),
                }
                for c in candidates[:5]
            ],
        )
        return CLEAR_PENDING

    def not_withdrawable(
        self, dispatcher: CollectingDispatcher, summary: Summary, language: str
    ) -> None:
        """Why this complaint cannot be withdrawn: withdrawn already, or already answered."""
        ended = summary.closed_at or summary.responded_at or summary.updated_at
        dispatcher.utter_message(
            response=(
                "utter_withdraw_already"
                if summary.status == "withdrawn"
                else "utter_withdraw_answered"
            ),
            reference=summary.reference,
            date=self.date(ended, language),
        )

    @staticmethod
    def confirm(dispatcher: CollectingDispatcher, summary: Summary) -> list[EventType]:
        """Ask for confirmation and remember what the yes would withdraw."""
        dispatcher.utter_message(
            response="utter_withdraw_confirm",
            reference=summary.reference,
            product=summary.product,
        )
        return [SlotSet("pending_withdrawal", summary.reference)]


class ActionReadConsent(ComplaintAction):
    """Reads a yes or no to what the desk asked (a withdrawal, an offer to file) from the
    customer's words, into the `consent` slot the rules route by."""

    action_name = "action_read_consent"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        """Only the slot: Rasa runs this as a slot mapping and keeps nothing else."""
        withdrawal = tracker.get_slot("pending_withdrawal")
        consent = None
        # asked which complaint a message is about, a yes is no answer to an offer
        offered = tracker.get_slot("pending_complaint") and not tracker.get_slot("case_choice")
        if withdrawal or offered or tracker.get_slot("pending_erasure"):
            consent = self.read(tracker).consent(to_leaving=bool(withdrawal))
        if consent == tracker.get_slot("consent"):
            return []
        return [SlotSet("consent", consent)]


class ActionAnswerYesNo(ComplaintAction):
    """A yes or no outside the form: it confirms a pending withdrawal, or leads back."""

    action_name = "action_answer_yes_no"

    async def act(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        identity: Identity,
        language: str,
    ) -> list[EventType]:
        """Carry out or drop the pending withdrawal; file or drop the offered complaint."""
        pending = tracker.get_slot("pending_withdrawal")
        intent = (tracker.latest_message.get("intent") or {}).get("name")
        consent = self.read(tracker).consent(to_leaving=bool(pending))
        if tracker.get_slot("pending_erasure"):
            return erasure.answer(self, dispatcher, identity, language, consent)
        if tracker.get_slot("pending_complaint") and consent == "yes":
            # the form opens with the offered message as what happened
            return [SlotSet("pending_withdrawal", None), FollowupAction("complaint_form")]
        aside = answer_aside(self, dispatcher, tracker, identity)
        if aside is not None:  # "hang on" reads as a no: a wait, and what was asked stands
            return aside
        answered = ActionTriage(self.context).answer_faq(dispatcher, tracker, identity, language)
        if answered is not None:  # "익명으로 하면 안돼요?" reads as a no: a question
            return answered
        if tracker.get_slot("pending_complaint"):
            dispatcher.utter_message(
                response="utter_offer_declined", where=self.policy.where_questions_go(language)
            )
            return CLEAR_PENDING
        text = tracker.latest_message.get("text") or ""
        if not pending and declines_filing(self.policy, text):  # "아니요 불만 없어요"
            return no_complaint(dispatcher, tracker, self.policy, language)
        if not pending and might_be_a_complaint(self.policy, tracker.latest_message):
            # "no, it still doesn't work after the repair" with nothing to answer
            return offer_to_file(dispatcher, tracker, self.policy)
        if not pending:
            # "no that's all" / "아니요 됐어요" with nothing to answer is a goodbye
            closing = "utter_goodbye" if intent == "deny" else "utter_nothing_pending"
            dispatcher.utter_message(response=closing)
            return []
        if consent != "yes":
            dispatcher.utter_message(response="utter_withdraw_kept", reference=pending)
            return CLEAR_PENDING
        outcome = use_case.withdraw(
            self.context.factory,
            identity=identity,
            reference=pending,
            now=self.context.clock(),
            policy=self.policy,
        )
        if outcome == "withdrawn":
            dispatcher.utter_message(response="utter_withdrawn", reference=pending)
        else:
            dispatcher.utter_message(response="utter_status_not_found", reference=pending)
        return CLEAR_PENDING


def how_to_reach_a_person(
    action: ComplaintAction, dispatcher: CollectingDispatcher, language: str
) -> None:
    """The configured way to a person, and whether the line is open now (when it opens)."""
    contact_way = action.policy.contact_way(language)
    now = action.policy.local(action.context.clock())
    hours = action.policy.human_hours
    if hours.open_at(now):
        dispatcher.utter_message(response="utter_human", contact_way=contact_way)
    else:
        opening = hours.next_opening(now)
        dispatcher.utter_message(
            response="utter_human_closed",
            opens=f"{format_day(opening.date(), language)} {opening:%H:%M}",
            contact_way=contact_way,
        )


class ActionRequestHuman(ComplaintAction):
    """How to reach a person; the request is noted on the customer's open complaint."""

    action_name = "action_request_human"

    async def act(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        identity: Identity,
        language: str,
    ) -> list[EventType]:
        """Give the configured contact way and record the request."""
        meta = self.read(tracker).meta
        if not meta.person and (meta.declines_person or meta.says("thanks")):
            # "상담사 연결은 필요 없습니다", "담당자님 전화 받았습니다 … 고맙습니다": the words
            # decline a person or thank for one, whatever the classifier thought: a message
            # about the complaint it is about, or one to answer
            if tracker.get_slot("thread") in ("this", "which"):
                from handlers.actions.thread import ActionCaseMessage  # thread imports this

                return await ActionCaseMessage(self.context).act(
                    dispatcher, tracker, identity, language
                )
            return await ActionTriage(self.context).act(dispatcher, tracker, identity, language)
        # a line to call asked with it is answered by the way to a person, said below
        entries = tuple(entry for entry in faq.asked(self, tracker) if not entry.person)
        if entries and not any(entry.call for entry in entries):
            # "when will someone call me?" asks how long it takes, not for a person
            triage = ActionTriage(self.context)
            return triage.answer_faq(dispatcher, tracker, identity, language) or []
        if entries:  # "can an agent call me?": yes, said first; then how, and the wish noted
            faq.say(self, dispatcher, tracker, identity, language, entries, note_call=False)
        text = tracker.latest_message.get("text") or ""
        reference = use_case.request_human(
            self.context.factory,
            identity=identity,
            now=self.context.clock(),
            policy=self.policy,
            reference=tracker.get_slot("case"),
            text="" if is_payload(text) else text,
        )
        how_to_reach_a_person(self, dispatcher, language)
        if reference:
            dispatcher.utter_message(response="utter_human_recorded", reference=reference)
        if tracker.get_slot("pending_complaint"):
            # Asked for a person while the desk was asking whether to file a complaint: the
            # question still stands (a "yes" or the details next still file it).
            dispatcher.utter_message(response="utter_offer_complaint")
            return []
        if (
            not reference
            and not (tracker.active_loop or {}).get("name")  # the form is filing it already
            and might_be_a_complaint(self.policy, tracker.latest_message)
        ):
            # "someone else's address shows in my orders", read as asking for a person: the
            # way to one, and the offer to file it
            return offer_to_file(dispatcher, tracker, self.policy)
        return CLEAR_PENDING


class ActionNotUnderstood(ComplaintAction):
    """What the classifier gave up on, called out of scope, or took for a detail with no
    complaint open: a clear phrase it missed is answered (a lost reference, what the desk
    can do); anything else gets its usual reply."""

    action_name = "action_not_understood"

    async def act(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        identity: Identity,
        language: str,
    ) -> list[EventType]:
        """Answer a missed phrase, or say what the desk does."""
        text = tracker.latest_message.get("text") or ""
        intent = (tracker.latest_message.get("intent") or {}).get("name")
        if (tracker.get_slot("pending_complaint") and intent == "inform") or answers_offer(
            self.policy, tracker, self.today()
        ):
            # Details given in answer to "Would you like to file a complaint about this?"
            # ("Refund", "yesterday"): that is a yes, with the details.
            return [SlotSet("pending_withdrawal", None), FollowupAction("complaint_form")]
        aside = answer_aside(self, dispatcher, tracker, identity)
        if aside is not None:  # a wait, a thanks, "what do you guys do"
            return aside
        asked = language_asked(text)
        if asked is not None:
            dispatcher.utter_message(
                response="utter_language_to_ko" if asked == "ko" else "utter_language_to_en"
            )
            return [*CLEAR_PENDING, SlotSet("language", asked)]
        if declines_filing(self.policy, text):  # "no lol its a compliment"
            return no_complaint(dispatcher, tracker, self.policy, language)
        if signs_off(self.policy, text):  # "nah, I just said, all good. ka kite"
            dispatcher.utter_message(response="utter_goodbye")
            return CLEAR_PENDING
        if only_asks_to_complain(text):  # "complaint, please", "불만이요"
            return [*CLEAR_PENDING, FollowupAction("complaint_form")]
        answered = ActionTriage(self.context).answer_faq(dispatcher, tracker, identity, language)
        if answered is not None:  # "how long will this take?": an offer stays open
            return answered
        message = tracker.latest_message
        guess = {**message, "intent": {"name": _best_guess(message), "confidence": 0.0}}
        if intent == "nlu_fallback" and decision(self.policy, guess) == "file":
            # the classifier unsure between a complaint and praise, but the message names a
            # product and a fault and asks nothing ("s24 battery. dead by lunch. every day"):
            # filed as the triage would file it
            return [*CLEAR_PENDING, FollowupAction("complaint_form")]
        if lost_reference(text):
            own = use_case.list_own(self.context.factory, identity=identity)
            if own:
                utter_list(self, dispatcher, own, language)
            contact_way = self.policy.contact_way(language)
            dispatcher.utter_message(response="utter_lost_reference", contact_way=contact_way)
        elif safety_words(self.policy, text) or (
            intent == "inform"
            and looks_like_description(text)
            and complaint_words(self.policy, without_remedy(text))
        ):
            # A danger ("it exploded") is a complaint however briefly told: advised and filed.
            # Details of what went wrong with no complaint open ("my galaxy s23 screen
            # cracked last tuesday, i want a replacement"): that is a complaint; take it.
            return [FollowupAction("complaint_form")]
        elif (
            intent == "inform"
            and looks_like_description(text)
            and not corrections(
                text, self.today(), language, self.policy.phone_region, anywhere=False
            )
        ):
            # Details of a problem in words no policy keyword names ("my galaxy watch 6
            # strap snapped after a week"): ask whether to file it.
            return offer_to_file(dispatcher, tracker, self.policy)
        elif only_asks_for_help(text) or intent == "inform":  # details with no complaint open
            tell_help(self, dispatcher, identity)
        elif demands_a_remedy(self.policy, text):
            # a problem and the remedy wanted for it ("… i want a full refund"): a complaint
            return [FollowupAction("complaint_form")]
        elif intent == "nlu_fallback" and _best_guess(tracker.latest_message) == "ask_question":
            # Unsure, but most like a question: answered as one, with the offer to file.
            return answer_question(dispatcher, tracker, self.policy, language)
        elif might_be_a_complaint(self.policy, tracker.latest_message):
            # Not understood, but it may be a complaint in words the classifier missed: ask.
            return offer_to_file(dispatcher, tracker, self.policy)
        elif intent == "out_of_scope":
            dispatcher.utter_message(response="utter_out_of_scope")
        else:
            dispatcher.utter_message(response="utter_default")
        return CLEAR_PENDING
