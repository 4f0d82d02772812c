"""An opening message that may be a complaint, a question or praise: file, ask, or answer."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from handlers import vocabulary
from handlers.actions import faq
from handlers.actions.base import CLEAR_PENDING, ComplaintAction, entity_value, is_payload
from handlers.actions.greeting import answer_aside, only_asks_what_we_do, tell_help
from handlers.answers import only_introduces, tells_news
from handlers.assessment import (
    complaint_words,
    priority_words,
    remedy_asked,
    safety_words,
    without_remedy,
)
from handlers.dates import parse_incident_date
from handlers.fields import looks_like_description, tells_a_story
from handlers.identity import Identity
from handlers.lexicon import Lexicon, lexicon
from handlers.meta import asks, read_meta
from handlers.phrases import lost_reference
from handlers.policy import Policy
from handlers.products import product_answer
from handlers.reading import clauses
from handlers.remedies import remedy_of
from handlers.triage import (
    PRAISE_INTENTS,
    complaint_probability,
    decide,
    only_asks_to_complain,
    point,
    refers_back,
    turns,
    voices_discontent,
)
from handlers.values import Scope, products_in
from handlers.words import says_much, sentences, tokens

# How many of the customer's messages before this one a complaint opened now may carry on
# (the opener answered as praise or a question, a "no", then "it's a complaint").
EARLIER_TURNS = 3
# Slots set where what was told before went elsewhere: the form asked something (the story
# is in its slots), or a complaint was filed.
_BOUNDARIES = ("requested_slot", "case")


def might_be_a_complaint(policy: Policy, message: Mapping[str, Any]) -> bool:
    """Whether a message another intent won may still be a complaint worth asking about:
    a sentence saying something ("where is my parcel, it's been three weeks"), not a bare
    "no" or "thanks", with a complaint probability from `offer_at` up, discontent said, or
    a remedy asked for ("… 상담사랑 통화하고 싶어요 환불 원해요")."""
    text = message.get("text") or ""
    return looks_like_description(text) and (
        decide(policy.triage, complaint_probability(message)) != "answer"
        or voices_discontent(text)
        or bool(remedy_asked(text))
    )


def names_a_problem(policy: Policy, message: Mapping[str, Any]) -> bool:
    """Whether a message another intent won says what went wrong in the policy's words
    ("my kettle leaks everywhere", read as a list request; "kettle leaks everywhere", read
    as praise): such a message is never thanked or answered with a list."""
    text = message.get("text") or ""
    return might_be_a_complaint(policy, message) and bool(
        complaint_words(policy, without_remedy(text))
    )


@dataclass(frozen=True)
class Told:
    """What the customer told in messages the desk answered outside the form."""

    text: str
    product: str | None = None


def told_before(policy: Policy, tracker: Tracker) -> Told | None:
    """The story a complaint opened now carries on: the customer's messages of the last
    turns that the desk answered outside the form (read as praise, a question, a request for
    a person, the help menu, whatever the classifier said), when the latest message says
    nothing of its own ("complaint", "불만이요"), refers back to them ("no, that was a
    complaint"), or tells what happened after one of them said a complaint was coming
    ("세탁기 소음 때문에 접수하려구요", then the story); with the latest one when it says more.
    None when the latest tells a new story, or nothing before was told since the form last
    ran or the customer said there was nothing to complain about."""
    text = tracker.latest_message.get("text") or ""
    back = refers_back(text)
    told: list[str] = []
    product: str | None = None
    announced = False
    for message, offered in _earlier_messages(tracker):
        said = message.get("text") or ""
        if says_no_complaint(policy, said):
            break
        if only_introduces(said, policy):
            # "Hi, I'm writing on behalf of my tenant", "my name is Tom Park": who writes,
            # for whom, then the story
            told.insert(0, said)
            announced = True
            continue
        if is_payload(said) or not looks_like_description(said) or read_meta(said).only:
            # "아뇨 접수 안해도 된다구요" answered the offer: no part of the story
            continue
        if not offered and _only_asks(policy, said):
            # "what happens to my personal information if I complain here?": a question
            # answered, no part of the story, and no complaint announced
            continue
        if not offered and _passing(policy, message, thanked_counts=back):
            continue
        told.insert(0, said)
        product = _product(message.get("parse_data") or {}) or product
        announced = announced or _announces(said)
    own = looks_like_description(text) and not is_payload(text)
    # "결국 기사님 안 오셨고 … 이제 접수할게요": the story told before goes on, now filed
    if not told or (own and not (announced or back or _announces(text))):
        return None
    # what it says besides referring back is added ("아니 2주째 안 오고 있다고요 불만이에요");
    # "no, that was a complaint" and "아까 그거 불만이에요" add nothing
    rest = vocabulary.pattern("triage", "refers_back").sub(" ", text)
    more = own and (announced or looks_like_description(rest))
    return Told("\n".join([*told, text] if more else told), product)


def _only_asks(policy: Policy, text: str) -> bool:
    """Whether a message only asks, or remarks on the desk's answer besides ("'as our
    privacy notice sets out' is not really an answer. How many years exactly?"): no clause
    tells what went wrong ("my fridge leaks, can you help?" does)."""
    parts = [text[a:b] for a, b in sentences(text)]
    return any(asks(p) for p in parts) and not any(
        tells_news(p, policy) and not asks(p) for p in parts
    )


def _announces(text: str) -> bool:
    """Whether a message says a complaint is coming ("I want to complain about my washer")."""
    return vocabulary.says("triage", "complain", text) and not vocabulary.says(
        "triage", "other_business", text
    )


def _earlier_messages(tracker: Tracker) -> list[tuple[dict[str, Any], bool]]:
    """The customer's messages before the latest, newest first, each with whether the desk
    offered to file it; back to `EARLIER_TURNS` or to where the form asked something, a
    complaint was filed or passed on, or the conversation began (a form opened and closed at
    once, to ask first, is no boundary)."""
    events = list(tracker.events)
    latest = next((i for i in range(len(events) - 1, -1, -1) if _is_user(events[i])), 0)
    found: list[tuple[dict[str, Any], bool]] = []
    offers: list[str] = []
    for event in reversed(events[:latest]):  # the form opening now is after the latest
        kind = event.get("event")
        if kind in ("session_started", "restart"):
            break
        if kind == "slot" and event.get("name") in _BOUNDARIES and event.get("value"):
            break
        if kind == "slot" and event.get("name") == "pending_complaint" and event.get("value"):
            offers.append(str(event["value"]))
        if kind == "action" and event.get("name") == "action_case_message":
            break  # recorded on a complaint filed before
        if _is_user(event):
            said = event.get("text") or ""
            found.append((event, any(said and said in offer for offer in offers)))
            if len(found) == EARLIER_TURNS:
                break
    return found


def _is_user(event: Mapping[str, Any]) -> bool:
    return event.get("event") == "user"


def _passing(policy: Policy, message: Mapping[str, Any], *, thanked_counts: bool) -> bool:
    """Whether an earlier message told nothing a complaint carries on: a short one the desk
    had no doubt was no complaint ("아니요", "상담사 연결 부탁드려요", "what can you do?"), or
    praise it thanked with no offer ("complaint" after it is a new one), unless
    `thanked_counts` (the customer refers back to it: "no, that was a complaint")."""
    parsed = message.get("parse_data") or {}
    intent = (parsed.get("intent") or {}).get("name")
    text = message.get("text") or ""
    if voices_discontent(text):
        return False
    praise = intent in PRAISE_INTENTS
    doubtless = decide(policy.triage, complaint_probability(parsed), praise=praise) == "answer"
    if doubtless and not (tells_a_story(text) or says_much(text)):
        return True
    return doubtless and praise and not thanked_counts


def _product(parsed: Mapping[str, Any]) -> str | None:
    """The first product the entity extractor found in a parsed message."""
    for entity in parsed.get("entities") or []:
        if entity.get("entity") == "product" and entity.get("value"):
            return str(entity["value"])
    return None


def remembered(tracker: Tracker, policy: Policy) -> list[EventType]:
    """The message a yes would file, with what was told before that it carries on ("no,
    that was a complaint"), and the product the classifier found in them (the yes itself
    carries neither)."""
    text = tracker.latest_message.get("text") or ""
    product = entity_value(tracker, "product")
    told = told_before(policy, tracker)
    said = told.text if told else text
    pending = tracker.get_slot("pending_complaint")
    if isinstance(pending, str) and pending and pending not in said:
        # asked again while the first offer is open ("…loses suction after 5 mins", then
        # "repair or swap whichever is quicker"): both are kept, the first message never lost
        said = f"{pending}\n{said}"
    return [
        SlotSet("pending_withdrawal", None),
        SlotSet("pending_complaint", said),
        SlotSet("pending_product", product or (told.product if told else None)),
    ]


def answer_question(
    dispatcher: CollectingDispatcher, tracker: Tracker, policy: Policy, language: str
) -> list[EventType]:
    """Where questions go, and the offer to file one if something went wrong: a complaint
    worded as a question ("why won't my buds pair??") is then one yes away."""
    dispatcher.utter_message(response="utter_question", where=policy.where_questions_go(language))
    return remembered(tracker, policy)


def only_asks_for_help(text: str) -> bool:
    """Whether a message asks what the desk can do and tells nothing else ("menu", "how does
    this work?"); "what can you do? my buds stopped charging yesterday" tells a problem, and
    is read as any opening message is."""
    return only_asks_what_we_do(text)


def answers_offer(policy: Policy, tracker: Tracker, today: date) -> bool:
    """Whether the latest message answers "Would you like to file a complaint about this?"
    with details instead of a yes: the product ("its the smeg kettle"), the remedy ("i want
    my money back") or the date ("yesterday"). The offered message is then filed with them;
    a new story of its own is not an answer."""
    if not tracker.get_slot("pending_complaint"):
        return False
    text = tracker.latest_message.get("text") or ""
    parts = sentences(text.strip(), clauses=False)
    opening = text.strip()[parts[0][0] : parts[0][1]] if parts else ""
    opening = re.split(r"[,.!?;\n]", opening, maxsplit=1)[0]
    if opening.strip(" ,.!?") != text.strip(" ,.!?") and read_meta(opening).consent() == "yes":
        # "Ja obviously, that's why I'm here boet. Parts missing out of a sealed box": a yes
        # first, and more said of the same thing
        return True
    if remedy_of(text, "en") and not complaint_words(policy, without_remedy(text)):
        # "교환해 주시고 … 교환이 안 되면 풀 리펀드로 가죠. 이번 주 금요일까지 …": what would
        # put it right, however long, with no problem of its own told beside
        return True
    if product_answer(policy.products, text, entity_value(tracker, "product")):
        return True
    parsed = parse_incident_date(text, today)
    return parsed is not None and parsed.on is not None and len(text.split()) <= 4


def offer_to_file(
    dispatcher: CollectingDispatcher, tracker: Tracker, policy: Policy
) -> list[EventType]:
    """Ask whether to file a complaint, remembering the message (and what it carries on)
    as what happened."""
    dispatcher.utter_message(response="utter_offer_complaint")
    return remembered(tracker, policy)


def decision(policy: Policy, message: Mapping[str, Any]) -> str:
    """File, offer or answer an opening message, as the classifier read it."""
    text = message.get("text") or ""
    intent = (message.get("intent") or {}).get("name")
    rest = _without_thanks_lead(text)
    if rest != text and looks_like_description(rest):
        # "Thank you. So, I purchased the QuietPro X3 … makes a loud hissing sound": thanks
        # for the answer before, then the story; read as what follows the thanks
        text, intent = rest, None
    decided = decide(
        policy.triage,
        complaint_probability(message),
        safety=bool(safety_words(policy, text)),
        praise=intent in PRAISE_INTENTS,
    )
    if decided != "file" and only_asks_to_complain(text):
        return "file"  # "complaint please", "불만이요": the form asks what happened
    if decided != "file" and _announces(text) and looks_like_description(text):
        # "결국 기사님 안 오셨고 연락도 안 돼요 이제 접수할게요": what happened, and the wish
        # to file it
        return "file"
    if decided != "file" and turns_to_a_problem(policy, text):
        # "love the vacuum honestly but battery dies after 4 mins": what follows the turn is
        # the point, and it says what went wrong in the policy's words; the praise before it
        # (which the classifier weighs) does not make it praise
        return "file"
    if (
        decided != "file"
        and (
            (decided == "offer" and (intent == "file_complaint" or _tells_without_asking(text)))
            or _names_a_fault(policy, text)
        )
        and complaint_words(policy, without_remedy(text))
    ):
        # The classifier's best guess is a complaint, or the message asks nothing and tells
        # what happened ("the hinge on my galaxy book cracked when i opened the lid", read
        # as a question), and it names what went wrong in the policy's words: no need to
        # ask. A fault told of a thing files whatever the classifier said ("ma nike pegasus
        # came n theres 2 LEFT shoes in the box"). ("how long does delivery take?" asks.)
        return "file"
    if decided != "file" and demands_a_remedy(policy, text):
        # "laptop screen flickers and goes black. i want a full refund": a problem and the
        # remedy wanted for it is a complaint, whatever the classifier's best guess
        return "file"
    if decided == "answer" and (
        intent == "file_complaint"
        or voices_discontent(text)
        or (intent in PRAISE_INTENTS and (remedy_asked(text) or priority_words(policy, text)))
        # "My grandson ordered me a Samsung television and the picture keeps going black. I
        # would like somebody to look at it.": a thing's story with no word of praise
        or (intent in PRAISE_INTENTS and _story_without_praise(policy, text))
    ):
        # the best guess is a complaint, however unsure; or the customer says they are
        # unhappy ("so fed up of …"), or asks for a remedy or says what the policy counts
        # as grave, in what read as praise ("lovely that only the left one works. a refund
        # would be nice", "wow great job guys, charged my card twice"): ask
        return "offer"
    return decided


def _without_thanks_lead(text: str) -> str:
    """The message without a first sentence that only thanks ("Thank you. So, …")."""
    parts = sentences(text, clauses=False)
    if len(parts) < 2:
        return text
    first = text[parts[0][0] : parts[0][1]]
    meta = read_meta(first)
    return text[parts[1][0] :] if meta.only and "thanks" in meta.kinds else text


def _story_without_praise(policy: Policy, text: str) -> bool:
    """Whether a message tells a story about a thing and says no word of praise (read as
    praise all the same by the classifier)."""
    return (
        not vocabulary.says("triage", "praise", text)
        and tells_a_story(text)
        and bool(products_in(text, Scope(catalogue=policy.products)))
    )


def _names_a_fault(policy: Policy, text: str) -> bool:
    """Whether a message tells of a thing and asks nothing: a product named ("s24 battery.
    dead by lunch. every day"), or a story told ("카시트 버클이 안풀려요"); with a fault word
    of the policy, a complaint told."""
    # praise names what it praises in the policy's words ("배송 빠르고 … 친절하셨어요")
    praised = vocabulary.says("triage", "praise", text) and not turns(text)
    return not (asks(text) or read_meta(text).person or praised) and bool(
        products_in(text, Scope(catalogue=policy.products)) or tells_a_story(text)
    )


def _tells_without_asking(text: str) -> bool:
    """Whether a message tells what happened and asks nothing: no question in it, no
    request for a person, no praise without a turn."""
    reading = read_meta(text)
    return (
        "?" not in text
        and not asks(text)
        and not reading.person
        and tells_a_story(text)
        and looks_like_description(text)
    )


def turns_to_a_problem(policy: Policy, text: str) -> bool:
    """Whether a message turns ("but", "근데", "…했는데") to what went wrong, in the policy's
    words or as discontent: "the engineer was lovely but the washer leaks again",
    "배송은 빨랐지만 화면에 금이 가 있어요". Praise after the turn is no problem."""
    if not turns(text):
        return False
    said = point(text)
    return looks_like_description(said) and bool(
        complaint_words(policy, without_remedy(said)) or voices_discontent(said)
    )


@cache
def _areas() -> frozenset[str]:
    """Policy keywords that only name what a message is about ("rating for your service")."""
    return frozenset(str(w) for w in vocabulary.load("triage").get("areas") or ())


def says_no_complaint(policy: Policy, text: str) -> bool:
    """Whether the customer says they have nothing to complain about (and then names no
    problem: "no complaint, the phone just arrived damaged" is one)."""
    return (
        vocabulary.says("triage", "no_complaint", text)
        and not asks(text)  # "불만 없으면 어떻게 되나요?": a question, for the FAQ
        # "no complaints about delivery but the screen is cracked", "불만은 없는데 문이 안 열려요"
        and not turns(text)
        and not safety_words(policy, text)
        # "…ur delivery guys were super fast thx" names delivery to praise it
        and (vocabulary.says("triage", "praise", text) or not complaint_words(policy, text))
    )


def declines_filing(policy: Policy, text: str) -> bool:
    """Whether the customer says nothing is to be filed now: nothing to complain about, or
    filing said with a "no" ("No no, no new complaint. I was only giving rating for your
    service", "ㄴㄴ 새로 접수하는거 아님"), no question asked and no fault told beside it."""
    if says_no_complaint(policy, text):
        return True
    # "… I am satisfied with your answer about my heater": glad of the answer, no fault told
    told = " ".join(
        text[a:b]
        for a, b in sentences(text, clauses=False)
        if not vocabulary.says("closing", "glad", text[a:b])
    )
    return (
        not asks(text)
        and (
            vocabulary.says("triage", "not_filing", text)
            or bool(_not_filing_words().hits(tokens(text)))
        )
        and not set(complaint_words(policy, told)) - _areas()
        and not safety_words(policy, text)
    )


def signs_off(policy: Policy, text: str) -> bool:
    """Whether the customer only says goodbye, with nothing more to tell ("nah nothing new
    mate, that's me done. cheers for sorting it"): no problem told, nothing asked."""
    rest = vocabulary.pattern("triage", "signing_off").sub(
        " ", text
    )  # "다른 문제는 없": no problem
    return (
        rest != text
        and not asks(text)
        and not turns(rest)
        and not set(complaint_words(policy, rest)) - _areas()
        and not safety_words(policy, text)
    )


@cache
def _not_filing_words() -> Lexicon:
    return lexicon(vocabulary.load("triage")["not_filing_words"], "not_filing")


def only_praises(policy: Policy, message: Mapping[str, Any]) -> bool:
    """Whether a message praises or thanks and does nothing else: no discontent, no business
    with a complaint, and no doubt that it is none ("어제 방문하신 기사님 너무 감사했어요",
    whatever intent the classifier gave it)."""
    text = message.get("text") or ""
    return (
        vocabulary.says("triage", "praise", text)
        and not voices_discontent(text)
        and not turns_to_a_problem(policy, text)
        and not vocabulary.says("triage", "other_business", text)
        and decide(policy.triage, complaint_probability(message), praise=True) == "answer"
    )


def no_complaint(
    dispatcher: CollectingDispatcher, tracker: Tracker, policy: Policy, language: str
) -> list[EventType]:
    """Nothing to file: thanked for praise, or told nothing was filed, with no offer."""
    text = tracker.latest_message.get("text") or ""
    if vocabulary.says("triage", "praise", text):
        dispatcher.utter_message(response="utter_compliment")
    else:
        where = policy.where_questions_go(language)
        dispatcher.utter_message(response="utter_offer_declined", where=where)
    return CLEAR_PENDING


def demands_a_remedy(policy: Policy, text: str) -> bool:
    """Whether a message says what went wrong (in the policy's words) and demands a remedy
    for it ("… i want a full refund", "… 교환해 주세요"); "can i get a refund if …?" asks."""
    clause = remedy_asked(text)
    if not clause or re.match(r"\s*(can|could|may)\s+i\b", clause, re.IGNORECASE):
        return False
    rest = without_remedy(text)
    return looks_like_description(rest) and bool(complaint_words(policy, rest))


class ActionTriage(ComplaintAction):
    """A question, praise or thanks (the form opens on its own for a complaint, and asks
    this action when it is unsure): answered, with the offer to file where it may be one."""

    action_name = "action_triage"

    async def act(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        identity: Identity,
        language: str,
    ) -> list[EventType]:
        """Open the form, offer to, or answer the question or the praise."""
        message = tracker.latest_message
        text = message.get("text") or ""
        if answers_offer(self.policy, tracker, self.today()):
            # details in answer to the offer: that is a yes, with the details
            return [SlotSet("pending_withdrawal", None), FollowupAction("complaint_form")]
        aside = answer_aside(self, dispatcher, tracker, identity)
        if aside is not None:  # "hang on", "잠깐만요", "so what do u guys actually do"
            return aside
        goodbye = (message.get("intent") or {}).get("name") == "goodbye"
        if (goodbye and not looks_like_description(text)) or signs_off(self.policy, text):
            dispatcher.utter_message(response="utter_goodbye")
            return []
        if lost_reference(text) or only_asks_for_help(text):
            # "접수번호 까먹었어요", "how does this work": phrases the classifier may miss
            from handlers.actions.inquiries import ActionNotUnderstood  # it offers to file too

            return await ActionNotUnderstood(self.context).act(
                dispatcher, tracker, identity, language
            )
        if declines_filing(self.policy, text):
            return no_complaint(dispatcher, tracker, self.policy, language)
        answered = self.answer_faq(dispatcher, tracker, identity, language)
        if answered is not None:
            return answered
        decided = decision(self.policy, message)
        if decided == "file":
            return [*CLEAR_PENDING, FollowupAction("complaint_form")]
        return self.respond(dispatcher, tracker, language, decided)

    def answer_faq(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        identity: Identity,
        language: str,
    ) -> list[EventType] | None:
        """A question about the process ("why do you need my name?", "사진은 어디로 보내요?")
        answered from the FAQ; a problem told with it ("my fridge leaks, where do I send
        photos?") is then taken as any complaint (filed, or offered). None when the message
        asks none. A question asked before (file one? withdraw it?) still stands."""
        entries = faq.asked(self, tracker)
        if not entries:
            return None
        text = tracker.latest_message.get("text") or ""
        said = [read_meta(c).consent() for c in clauses(text) if not asks(c)]
        if tracker.get_slot("pending_complaint") and said and set(said) == {"yes"}:
            # "넹 해주세여🙏 근데 이거 처리 얼마나 걸림?": filed, the question answered there
            return [FollowupAction("complaint_form")]
        pending = tracker.get_slot("pending_complaint") or tracker.get_slot("pending_withdrawal")
        rest = self.policy.faq.beside(text)
        told = safety_words(self.policy, text) or (
            looks_like_description(rest) and complaint_words(self.policy, without_remedy(rest))
        )
        if not pending and told and decision(self.policy, tracker.latest_message) == "file":
            # the form answers the question as it opens (`faq.at_opening`): said once
            return [*CLEAR_PENDING, FollowupAction("complaint_form")]
        events = faq.say(self, dispatcher, tracker, identity, language, entries)
        if pending:
            return events
        if not told:  # only the question ("개인정보 어디에 쓰는지"): nothing to file
            return [*events, *CLEAR_PENDING]
        return [*events, *offer_to_file(dispatcher, tracker, self.policy)]

    def respond(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, language: str, decided: str
    ) -> list[EventType]:
        """Offer to file, or answer the message as what it is."""
        message = tracker.latest_message
        intent = (message.get("intent") or {}).get("name")
        text = message.get("text") or ""
        # praise names what it praises in the policy's words too ("thanks to the courier last
        # night"): a problem counts in it only when it does not praise ("kettle leaks
        # everywhere", read as praise)
        # praise before a turn is not the point ("the engineer was nice but the battery only
        # lasts an hour"): what follows it is, and unless it praises too it is asked about
        said = point(text)
        praised = intent in PRAISE_INTENTS and vocabulary.says("triage", "praise", said)
        turned = turns(text) and not praised and looks_like_description(said)
        if (
            decided == "offer"
            or intent == "file_complaint"
            or turned
            or (not praised and names_a_problem(self.policy, message))
        ):
            return offer_to_file(dispatcher, tracker, self.policy)
        if intent == "compliment":
            dispatcher.utter_message(response="utter_compliment")
        elif intent == "thank":
            dispatcher.utter_message(response="utter_thank")
        elif intent == "help":
            tell_help(self, dispatcher, Identity.from_sender_id(tracker.sender_id))
        else:
            return answer_question(dispatcher, tracker, self.policy, language)
        return CLEAR_PENDING
