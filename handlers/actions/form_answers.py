"""The answer to each question of the complaint form, read by one loop from one table: which
kind of value fills which slot (`READERS`), what else an answer may be when it is not that
(`INSTEAD`: the customer answered the question they expected), and what is said back. A value
is taken out of the sentence and the rest stays what happened; a question is never a value;
a change of mind ("actually …", "X 말고 Y", "no wait, …") takes its value at any question
and says what changed."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from handlers.answers import (
    as_wish,
    asks_for_something,
    clause,
    for_staff,
    news_for,
    noun_phrase,
    phrases,
    says_availability,
    tells_news,
)
from handlers.answers import without_irritation as calm
from handlers.corrections import turned_down_at
from handlers.dates import (
    IncidentDate,
    find_incident_date,
    parse_incident_date,
    shown_date,
    why_not_a_date,
)
from handlers.fields import (
    FORM_FIELDS,
    Contact,
    loose_contacts,
    parse_contact,
    preferred_contact,
    tells_a_story,
    the_wish,
    valid_description,
    valid_short,
)
from handlers.mends import mends
from handlers.meta import asks, read_meta
from handlers.names import looks_like_a_name, name_in, read_name, without_contacts
from handlers.policy import Policy
from handlers.products import (
    answered_product,
    product_answer,
    said_as_answer,
    without_value_ending,
)
from handlers.reading import Reading
from handlers.remedies import (
    alternatives,
    changed_at,
    chosen,
    is_remedy_name,
    joined_to_more,
    left_to_us,
    only_joining,
    remedies_asked,
    remedies_said,
    together,
)
from handlers.values import Value
from handlers.vocabulary import said_just_before as says_before
from handlers.vocabulary import says
from handlers.wishes import several, the_one, wishes
from handlers.words import sentences, tokens

FORM_SLOTS = FORM_FIELDS
# The questions about who the customer is: any contact said in their answer is theirs.
WHO = ("customer_name", "contact")
# What an answer may be instead of what was asked, tried in this order.
INSTEAD: dict[str, tuple[str, ...]] = {
    "description": ("product", "desired_outcome", "incident_date", "customer_name"),
    "product": ("contact", "customer_name", "desired_outcome", "incident_date"),
    "desired_outcome": ("contact", "product", "incident_date", "customer_name"),
    "incident_date": ("contact", "customer_name", "desired_outcome", "product"),
    "customer_name": ("incident_date", "product", "desired_outcome"),
    "contact": ("customer_name",),
}
# What a change of mind may take at any question, from the values the message names.
CHANGEABLE = {
    "story": "description",
    "product": "product",
    "remedy": "desired_outcome",
    "date": "incident_date",
    "name": "customer_name",
    "contact": "contact",
}
# The read-back's names of the fields, for saying what changed.
LABELS = {
    "en": {
        "description": "What happened",
        "product": "Product or service",
        "desired_outcome": "You'd like",
        "incident_date": "When",
        "customer_name": "Name",
        "contact": "Contact",
    },
    "ko": {
        "description": "내용",
        "product": "제품/서비스",
        "desired_outcome": "요청 사항",
        "incident_date": "발생일",
        "customer_name": "성함",
        "contact": "연락처",
    },
}


@dataclass(frozen=True)
class Answer:
    """A message read as the answer to one question of the form."""

    text: str
    asked: str
    reading: Reading
    policy: Policy
    today: date
    language: str
    slots: Mapping[str, Any]

    @property
    def story(self) -> str | None:
        """What happened, as told so far."""
        story = self.slots.get("description")
        return story if isinstance(story, str) else None

    @property
    def turn(self) -> int:
        """Where a change of mind ends ("세탁기 말고 | 건조기요"); 0 without one."""
        return (changed_at(self.text) or 0) if self.reading.changes_mind else 0

    @property
    def product_said(self) -> str | None:
        """The product the message names, as the customer named it (after a change of
        mind, the one it ends on)."""
        said = [v for v in self.reading.values if v.kind == "product"]
        found = next((v for v in said if v.start >= self.turn), None) if self.turn else None
        found = found or self.reading.value("product")
        return self.text[found.start : found.end] if found else None

    @property
    def not_wished(self) -> list[tuple[int, int]]:
        """Where the values no wish is made of stand: a contact, a day, a name ("i need a
        phone for meanwhile" asks for a thing, which a wish names)."""
        return [v.span for v in self.reading.values if v.kind not in ("remedy", "product")]

    @property
    def elsewhere(self) -> list[tuple[int, int]]:
        """Where the values of the other fields stand ("store credit pls, 010-1234-5678")."""
        mine = next(kind for kind, slot in CHANGEABLE.items() if slot == self.asked)
        return [v.span for v in self.reading.values if v.kind != mine]

    def alone(self, *spans: tuple[int, int]) -> bool:
        """Whether the message says nothing but what stands at `spans` (and what is said
        around any answer: fillers, a yes, remedies turned down)."""
        return not phrases(self.text, [*spans, *remedies_said(self.text)])


@dataclass(frozen=True)
class Got:
    """A value for a field: as stored, as said back, and any other slots it sets."""

    field: str
    value: Any
    shown: str
    more: dict[str, Any] = dataclasses.field(default_factory=dict)

    def events(self) -> list[EventType]:
        """The slot events that keep it."""
        return [SlotSet(self.field, self.value), *(SlotSet(k, v) for k, v in self.more.items())]


@dataclass(frozen=True)
class Refused:
    """An answer to the question that is no value for it, with the reply that says why;
    `story`: it tells what happened, so it is kept with it."""

    response: str
    story: bool = False


Reader = Callable[[Answer], "Got | Refused | None"]


def date_got(parsed: IncidentDate, language: str) -> Got:
    """The date as said, as understood, and as the read-back shows it."""
    shown = shown_date(parsed, language)
    more = {
        "incident_on": parsed.on.isoformat() if parsed.on else None,
        "incident_date_shown": shown,
    }
    return Got("incident_date", parsed.text, shown, more)


def _description(a: Answer) -> Got | Refused | None:
    """What happened, without what is said to the desk around it ("안녕하세여", "Dear
    Sir/Madam", "Yours faithfully"), and never lost to that reading; an opener that only said
    what it is about ("it is about the armchair I bought") goes before it."""
    told = valid_description(for_staff(a.text, questions=True)) or valid_description(a.text)
    opener = a.slots.get("opener")
    about = for_staff(str(opener), questions=True) if opener else ""
    told = valid_description(f"{about}\n{told}") if about and told else told
    return Got("description", told, told, {"opener": None}) if told else None


# How sure a kind of product said alone is read ("desk" of "standing desk"): the answer's
# own phrase names it better.
_KIND_ALONE = 0.8


def note_for_staff(a: Answer, values: list[tuple[int, int]], wished: bool, danger: bool) -> str:
    """What an answer to another question adds to what happened: only the sentences that
    tell news of the problem ("oh and the seal is split too"), never a remark to the desk
    ("It is a lovely chair", "literally the first thing i wrote"). A danger is kept as said,
    as what the customer was advised on; several contacts too, so that none is lost."""
    if danger or several_contacts(a):
        return a.text
    news = news_for(a.policy)
    if wished:  # "새걸로 교환해 주세요. 그리고 … 교육 좀 시켜 주세요": every wish is the wish
        values = [*values, *((w.start, w.end) for w in wishes(a.text, a.not_wished))]
    if a.asked == "contact":  # "call me … after 6pm", "문자가 편해요": how to reach them
        return for_staff(a.text, values, news=lambda s: news(s) or says("answers", "reach", s))
    return for_staff(a.text, values, the_wish if wished else None, news=news)


def refusal(refused: Refused, slot: str, added: bool) -> str:
    """The reply to an answer that gives no value: "added to what happened" only when
    something was."""
    told = refused.response == "utter_story_added"
    return f"utter_invalid_{slot}" if told and not added else refused.response


def _product(a: Answer) -> Got | None:
    """Only a product's name ("samsung 25w charger", "제 갤럭시 버즈요"), however it was
    asked: the catalogue's name when it is just that."""
    said = a.product_said
    at = a.text.lower().find(said.lower()) if said else -1
    if said and at >= 0 and a.asked != "product" and a.slots.get("product"):
        # where another question was asked, a product named in a sentence moves the one
        # held only in a change of mind about it ("actually it was the freezer not the
        # fridge"); named alone ("samsung 25w charger") it is the answer
        alone = a.alone((at, at + len(said))) or product_answer(a.policy.products, a.text, said)
        if not alone and not _in_the_change(a, at):
            return None
    if a.turn and said:  # "actually it was the freezer not the fridge"
        named = answered_product(a.policy.products, said) or said
        return Got("product", named, named)
    found = product_answer(a.policy.products, a.text, said)
    read = a.reading.value("product")
    sure = read is not None and read.confidence > _KIND_ALONE
    inside = bool(found and said and said.lower() in found.lower() != said.lower())
    if found and said and sure and inside:
        # the name as read with its brand or model, not the whole fragment around it ("the
        # trainers lol nike pegasus 41", "캐리어 벽걸이 에어컨이에요 작년에 설치한 거")
        found = answered_product(a.policy.products, said) or said
    if not found and a.asked == "product":
        found = _named_first(a)
    if not found and a.asked != "product":
        found = _named_more_exactly(a)
    return Got("product", found, found) if found else None


# Words of a product's name said more exactly, at most ("Form 3 Mathematics textbooks")
_MORE_EXACT_WORDS = 6


def _named_more_exactly(a: Answer) -> str | None:
    """The product held named again, more exactly, where another question was asked
    ("number 13 bus" for the bus, "Form 3 Mathematics textbooks" for the textbooks): a noun
    phrase holding the held name's words, asking and wishing nothing."""
    held = str(a.slots.get("product") or "").lower().split()
    if not held or remedies_said(a.text) or asks(a.text.rstrip(" ?")) or a.elsewhere:
        return None
    said = a.text.strip(" .!,")
    words = said.lower().split()
    if clause(said) or not len(held) < len(words) <= _MORE_EXACT_WORDS:
        return None  # a sentence, or the name held as it was
    if not all(w in words for w in held):
        return None
    return valid_short(without_value_ending(said))


def _named_first(a: Answer) -> str | None:
    """A thing named as the answer first in a longer message ("보청기요. 근데 맡긴지 한참
    됐는데…", "아이고 보청기라니까요 귀에 끼는거"), not a remedy, a day or another value."""
    span = said_as_answer(a.text)
    if span is None:
        return None
    taken = [*a.elsewhere, *remedies_said(a.text)]
    if any(span[0] < end and start < span[1] for start, end in taken):
        return None  # "환불이요 그리고 …", "어제요": another field's value
    said = a.text[span[0] : span[1]]
    if looks_like_a_name(a.text, korean=False, catalogue=a.policy.products):
        return None  # "남궁세영": a name the analyser knows, read as one instead
    return answered_product(a.policy.products, said) or valid_short(without_value_ending(said))


def _product_words(a: Answer) -> Got | Refused | None:
    """The noun phrase of an answer to "which product?" ("정수기 렌탈이요 방금 말했잖아요" →
    정수기 렌탈, "staff. store service." → store service); never a question."""
    if looks_like_a_name(a.text, catalogue=a.policy.products) and not a.reading.value("product"):
        return None  # "윤서준" where the product was asked: a name, read as one below
    named = a.reading.value("product")
    if named is not None and not asks(a.text.rstrip(" ?")):
        # "캐리어 벽걸이 에어컨이에요 작년에 설치한 거": the product the sentence names
        return Got("product", named.value, named.value)
    phrase = noun_phrase(a.text, a.elsewhere)
    if phrase is None:
        # only a clause ("booked it 3 times"): what happened, never the product
        return _told(a)
    said = a.text[phrase.start : phrase.end]
    if asks(a.text.rstrip(" ?")):  # "where do I send the photos?"; "soundbar??" is no question
        return Refused("utter_invalid_product")
    found = answered_product(a.policy.products, said) or valid_short(without_value_ending(said))
    return Got("product", found, found) if found else None


def _remedy(a: Answer) -> Got | None:
    """A remedy of the vocabulary (after a change of mind, the last one); at the remedy
    question the answer is a wish, so a remedy said in other words counts too ("took it away
    and brought one that actually works", "기사님 불러주세요")."""
    wish = a.asked == "desired_outcome"
    # "병원비 내 주시고 사과도 해 주세요" where the product was asked: every wish asked is one
    asked_instead = (
        a.asked in ("product", "incident_date")
        and asks_for_something(a.text)
        and not a.reading.asks
    )
    if (wish or asked_instead) and (told := several(a.text, a.language, a.not_wished)):
        # "my money back, and someone ought to look into the others on the shelf": each
        # wish kept, a remedy by its name
        return Got("desired_outcome", told, told)
    found = chosen(a.text, wish=wish)
    if found is None and wish and (one := the_one(a.text, a.not_wished)):
        return Got("desired_outcome", one.name(a.language), one.name(a.language))
    if found is None:
        # "fix or swap, dont care which", "고쳐주시던지 새걸로주시던지": any one will do
        either = alternatives(a.text, a.language, wish=wish) if wish else None
        # "repair and an apology", "수리랑 보상 둘 다요": several asked at once, kept together
        if wish and not either and _only_remedies(a):
            either = together(a.text, a.language, wish=wish)
        if wish and not either and len(remedies_asked(a.text, wish=True)) > 1:
            # several asked with more said ("환불이요 그리고 콘센트 수리비도요"): as said
            wished = _wish(a)
            return wished if isinstance(wished, Got) else None
        if wish and not either and not a.reading.asks:
            either = left_to_us(a.text, a.language)  # "dunno, up to you really", "알아서 해 주세요"
        return Got("desired_outcome", either, either) if either else None
    if not wish and not (
        a.alone((found.start, found.end)) or asks_for_something(a.text) or a.reading.changes_mind
    ):
        return None  # a remedy said in passing where something else was asked
    joined = joined_to_more(a.text, found) if wish else None
    more = a.text[joined:] if joined is not None else ""
    # a person asked for is answered and noted, no wish ("…fix it, and honestly i'd rather
    # speak to a real person")
    if (
        (more and phrases(more) and not read_meta(more).person)
        or (
            wish
            and any(
                asks_for_something(a.text[p.start : p.end])
                for p in phrases(a.text, [(found.start, found.end)])
                # a person asked for is answered and noted, no wish ("i'd rather speak to a person")
                if p.sentence
                # the sentence the remedy stands in is its own ("…차라리 새걸로 주세요")
                and not p.start <= found.start < p.end
                and not read_meta(a.text[p.start : p.end]).person
                # the remedy's own lead is no more asked ("i'd like my £49 back")
                and not _leads_to(a.text, p.end, found.start)
            )
        )
    ):
        # "someone needs to carry it up and install it. and an apology", "환불 + 케어플랜
        # 해지": more is asked than the one remedy named; the wish is kept in the customer's
        # own words
        wished = _wish(a)
        if isinstance(wished, Got):
            return wished
    name = found.remedy.name(a.language)
    return Got("desired_outcome", name, name)


def _only_remedies(a: Answer) -> bool:
    """Whether an answer says nothing beside its remedies but what joins them."""
    spans = [(r.start, r.end) for r in remedies_asked(a.text, wish=True)]
    return all(only_joining(a.text[p.start : p.end]) for p in phrases(a.text, spans))


def _leads_to(text: str, end: int, start: int) -> bool:
    """Whether what ends at `end` leads into what starts at `start` in one clause."""
    return start - end >= 0 and not _CLAUSE_END.search(text[end:start])


# What ends a clause between two parts of an answer.
_CLAUSE_END = re.compile(r"[.,;:!?\n]")


def _wish(a: Answer) -> Got | Refused | None:
    """A remedy in the customer's own words ("store credit", "중복결제된거 취소해주세요")."""
    if looks_like_a_name(a.text, catalogue=a.policy.products):
        return None  # "Mike Chen": a name, read as one below
    if a.reading.asks and asks(a.text.rstrip(" ?")):
        return Refused("utter_invalid_desired_outcome")
    said = a.text
    # a thing named in a wish is part of it ("a spare battery or a charger"); a contact, a
    # name or a day said with it is not
    others = a.not_wished
    if others and (kept := phrases(a.text, others)):
        # only what is left once the other values are off its ends, in one piece: a value
        # cut out of the middle would garble the words ("new battery i guess. or new phone")
        said = a.text[kept[0].start : kept[-1].end]
    parts = _SAID_APART.split(said)
    while len(parts) > 1 and read_meta(parts[0]).only:  # "fine. someone needs to …"
        parts.pop(0)
    said = " ".join(parts)
    # the sentences that ask for something, without the remarks beside them ("…봐주시면
    # 좋겠어요 1년 넘었나 헷갈리네", "…취소해주셔야죠? 청소기는 멀쩡해요 아직까진ㅎ")
    asking = [
        said[start:end]
        for start, end in sentences(said, clauses=False)
        if asks_for_something(said[start:end]) or remedies_asked(said[start:end], wish=True)
    ]
    if asking:
        said = " ".join(part.strip(" ,;") for part in asking)
    wish = as_wish(calm(said))
    english = not any(t.tag for t in tokens(wish))
    if (
        english
        and any(p.sentence for p in phrases(wish))
        and not asks_for_something(said)
        and clause(wish)
    ):
        # "fix idk a refund for an app makes no sense": a clause that asks nothing, never
        # the remedy; "delivery to my door and installation" and "someone needs to carry it
        # up" are wishes (a Korean wish is said with its verb, "중복결제된거 취소해주세요")
        return _told(a)
    found = valid_short(_NOUN_ENDING.sub("", wish) or wish)  # "설치 재방문이요": 설치 재방문
    return Got("desired_outcome", found, found) if found else None


# A polite ending on a wish said as a noun ("설치 재방문이요"); a verb's ("취소해 주세요") stays.
_NOUN_ENDING = re.compile(r"(?<=[\uac00-\ud7a3])(?:이요|이에요|예요|입니다)\s*[.!~]*\s*$")
# Where a sentence or a clause of an answer ends.
_SAID_APART = re.compile(r"(?<=[.!?,;])\s+")


def _told(a: Answer) -> Refused | None:
    """An answer that is a clause where a thing was asked: kept with what happened, and the
    question asked again."""
    if not valid_description(a.text):
        return None
    return Refused("utter_story_added", story=True) if a.story else None


def _date(a: Answer) -> Got | Refused | None:
    """A day in the past, or "I don't remember"; a purchase date or a day to come is kept
    as what happened and the question asked again. A day counted from another ("the next
    day") may count from a day told in what happened ("delivered on nov 10")."""
    parsed = parse_incident_date(a.text, a.today, a.story or "")
    if parsed is not None:  # "it broke tuesday, call me thursday": the day it broke
        return date_got(parsed, a.language)
    if says_availability(a.text):  # "call thursday after 5 not before": when to call
        return Refused("utter_invalid_incident_date_future", story=True)
    why = why_not_a_date(a.text, a.today, a.story or "")
    if why and a.story:
        return Refused(f"utter_invalid_incident_date_{why}", story=True)
    return None


def who_besides(
    values: tuple[Value, ...],
    filled: set[str],
    name_before: Any = None,
    preferred: Contact | None = None,
) -> list[Value]:
    """The name and the contact a message gives besides what was asked, for the fields not
    `filled`; a name said as one ("my name is …") also when another was taken; of several
    contacts the `preferred` one ("… so the mobile, 07794 …")."""
    found: list[Value] = []
    name = next((v for v in values if v.kind == "name"), None)
    if name and (
        "customer_name" not in filled
        or (name.confidence == 1.0 and name_before and name.value != name_before)
    ):
        found.append(name)
    sure = [v for v in values if v.kind == "contact" and v.confidence == 1.0]
    contact = next((v for v in sure if preferred and v.value == preferred.display), None)
    contact = contact or next(iter(sure), None)
    if contact and "contact" not in filled:
        found.append(contact)
    return found


def day_told(a: Answer, told: str, taken: Iterable[Got | None]) -> list[Got]:
    """The day of what happened told with an answer to another question, when none is held
    yet: read as the first message's is ("2026년 11월 25일 자로 … 두 차례 결제되었습니다")."""
    if a.asked == "incident_date" or a.slots.get("incident_date"):
        return []
    if any(g is not None and g.field == "incident_date" for g in taken):
        return []
    parsed = find_incident_date(told, a.today)
    return [date_got(parsed, a.language)] if parsed is not None and parsed.on else []


def _date_instead(a: Answer) -> Got | None:
    """A day in the past given where something else was asked, said alone or as a change."""
    parsed = parse_incident_date(a.text, a.today)
    if parsed is None or parsed.on is None or says_availability(a.text):
        return None
    found = a.reading.value("date")
    spans = [found.span] if found else []
    said = a.text.lower().find((parsed.words or parsed.text).lower())
    if said >= 0:
        spans.append((said, said + len(parsed.words or parsed.text)))
    if not (a.alone(*spans) or a.reading.changes_mind):
        return None
    return date_got(parsed, a.language)


def _name(a: Answer) -> Got | Refused | None:
    """The name ("김민지요 010-1234-5678" is 김민지), or why there is none; a bracketed
    remark goes to what happened."""
    policy = a.policy
    reading = read_name(a.text, policy.products, policy.phone_region)
    found = name_in(a.text, labelled=True) or reading.name or name_in(a.text)
    if found is None:
        reason = reading.reason
        return Refused(f"utter_invalid_customer_name_{reason}") if reason else None
    more: dict[str, Any] = {}
    # "Coombe with an e on the end", "It is at the bottom of my letter", "since you'll want
    # that too": about the name or the chat, nothing for staff
    named = {t.word for t in tokens(found)}
    taken = [(t.start, t.end) for t in tokens(reading.aside) if t.word in named]
    aside = for_staff(reading.aside, taken, news=news_for(a.policy))
    if a.story and valid_description(aside) and not several_contacts(a):
        more["description"] = valid_description(f"{a.story}\n{aside}")
    return Got("customer_name", found, found, more)


def _name_instead(a: Answer) -> Got | None:
    """A name said as one ("my name is No Eun-ji"), or an answer that is plainly a person's
    name: in Latin letters only where the product was asked ("김민수" is as often a
    product's line), never beside a remedy."""
    labelled = name_in(a.text, labelled=True)
    if labelled and labelled == read_name(a.text).name:
        return Got("customer_name", labelled, labelled)
    if a.asked == "contact" or a.slots.get("customer_name"):
        said = name_in(a.text)  # only a name said as one corrects the one given
        return Got("customer_name", said, said) if said else None
    korean = a.asked != "product"
    catalogue = a.policy.products
    if answered_product(catalogue, a.text) or chosen(a.text):
        return None
    if looks_like_a_name(a.text, korean=korean, catalogue=catalogue):
        name = read_name(a.text).name or a.text
        return Got("customer_name", name, name)
    return None


def _contact_here(a: Answer) -> Got | Refused | None:
    """The contact asked for, or, said to reach them in this chat ("just hit me up on here,
    telegram is fine", "여기로 주세요"), why a number or an address is needed all the same."""
    found = _contact(a)
    if found is None and says("answers", "this_chat", a.text):
        return Refused("utter_contact_here")
    return found


def _contact(a: Answer) -> Got | None:
    """An e-mail address or a phone number, anywhere in the answer; where who the customer
    is was asked (the name or the contact), any number said in it is theirs ("i literally
    just gave it. 07700 900123", "박순자라고 합니다 … 031-902-3344 로 해주세요")."""
    region = a.policy.phone_region
    found = parse_contact(a.text, region) or preferred_contact(a.text, region)
    if found is None and a.asked in WHO:
        found = next((c for c, _, _ in loose_contacts(a.text, region)), None)
    if found is None:
        return None
    # "jaeyun.han@gmial.com 아 오타 gmail임": a typo put right in the same answer
    at = a.text.lower().find(found.display.lower()) if found.kind == "email" else -1
    after = a.text[at + len(found.display) :] if at >= 0 else ""
    mended = (
        next(
            (
                m.value
                for m in mends(after, {"contact": found.display}, region, a.today)
                if m.field == "contact" and m.value
            ),
            None,
        )
        if after.strip()
        else None
    )
    shown = mended or found.display
    return Got("contact", shown, shown)


def contact_spans(a: Answer) -> list[tuple[int, int]]:
    """Where the contacts of an answer about who the customer is stand."""
    found = loose_contacts(a.text, a.policy.phone_region) if a.asked in WHO else []
    return [(start, end) for _, start, end in found]


def several_contacts(a: Answer) -> bool:
    """Whether an answer gives more than one contact: only one is the contact, and the
    answer is kept whole with what happened so that none is lost."""
    region = a.policy.phone_region
    found = loose_contacts(a.text, region) if a.asked in WHO else []
    return len({c.normalized for c, _, _ in found}) > 1 or (
        len({v.value for v in a.reading.values if v.kind == "contact"}) > 1
    )


def _contact_instead(a: Answer) -> Got | None:
    """Only a contact ("lena@mail.com"), or a name with one ("한가영 01033447788")."""
    found = _contact(a)
    if found is None:
        return None
    bare = without_contacts(a.text, a.policy.phone_region)
    name = read_name(bare).name if bare and looks_like_a_name(bare) else None
    if bare and not name:
        return None
    more = {"customer_name": name} if name else {}
    shown = " · ".join([name, found.shown] if name else [found.shown])
    return Got("contact", found.value, shown, more)


@dataclass(frozen=True)
class Readers:
    """How one field is read: as the answer to its question (`asked`, then `loose` when
    nothing else fits), and where another question was asked (`instead`)."""

    asked: Reader
    instead: Reader | None = None
    loose: Reader | None = None


READERS: dict[str, Readers] = {
    "description": Readers(asked=lambda a: None, loose=_description),
    "product": Readers(asked=_product, instead=_product, loose=_product_words),
    "desired_outcome": Readers(asked=_remedy, instead=_remedy, loose=_wish),
    "incident_date": Readers(asked=_date, instead=_date_instead),
    "customer_name": Readers(asked=_name, instead=_name_instead),
    "contact": Readers(asked=_contact_here, instead=_contact_instead),
}


def read_answer(a: Answer, *, loose: bool = True) -> tuple[Got | None, list[Got], Refused | None]:
    """The value for the field asked, the values for other fields the answer gives instead,
    and the refusal when it gives neither (the table read in order: the field's own reader,
    the others in `INSTEAD`, then, with `loose`, the field's loose reading)."""
    readers = READERS[a.asked]
    first = readers.asked(a)
    if isinstance(first, Got):
        return first, [], None
    refused = first
    for other in INSTEAD[a.asked]:
        reader = READERS[other].instead
        found = reader(a) if reader else None
        if isinstance(found, Got):
            return None, [found], None
    if not loose:
        return None, [], refused
    if a.asked in ("product", "desired_outcome") and tells_more(a):
        return None, [], Refused("utter_story_added", story=True)
    last = readers.loose(a) if readers.loose else None
    if isinstance(last, Got):
        return last, [], None
    return None, [], refused or (last if isinstance(last, Refused) else None)


def changes(a: Answer, taken: Iterable[str]) -> list[Got]:
    """Values of other fields a change of mind names ("…, actually make it a replacement",
    "세탁기 말고 건조기요"), beside the answer: of each kind, the first after the change."""
    if not a.reading.changes_mind:
        return []
    turn = a.turn
    found: list[Got] = []
    skip = {a.asked, *taken}
    for kind, slot in CHANGEABLE.items():
        said = [v for v in a.reading.values if v.kind == kind]
        value = next((v for v in said if v.start >= turn), said[-1] if said else None)
        if value is None or slot in skip:
            continue
        if slot == "product" and a.slots.get("product") and not _in_the_change(a, value.start):
            # "Since it is still under warranty, … replace it rather than repair": the change
            # is of the remedy; a product named in another clause leaves the one held
            continue
        if slot != "incident_date":
            found.append(Got(slot, value.value, value.value))
        elif (parsed := parse_incident_date(value.value, a.today)) is not None:
            found.append(date_got(parsed, a.language))
    return found


def _in_the_change(a: Answer, at: int) -> bool:
    """Whether a value said at `at` stands in the clause where the customer changes their
    mind ("세탁기 말고 건조기요", "actually it was the freezer not the fridge"), and the
    product held is turned down there or the new one named as what it is about ("it was the
    freezer"): "actually naw, the washer is only 3 months old so just send me a new one"
    changes the remedy, not the washing machine."""
    turn = changed_at(a.text) if a.reading.changes_mind else None
    if turn is None:
        return False
    held = str(a.slots.get("product") or "")
    for start, end in sentences(a.text):
        if not (start <= turn <= end and start <= at < end):
            continue
        clause = a.text[start:end]
        return _held_turned_down(clause, held) or says_before("products", "named_as", a.text, at)
    return False


def _held_turned_down(clause: str, held: str) -> bool:
    """Whether a word of the product held is turned down in the clause ("not the washing
    machine", "세탁기 말고")."""
    lowered = clause.lower()
    for word in re.findall(r"[^\W\d_]{2,}", held.lower()):
        at = lowered.find(word)
        if at >= 0 and turned_down_at(clause, at, at + len(word)):
            return True
    return False


def tells_more(a: Answer) -> bool:
    """What happened, told where the product or the remedy was asked (the first message
    only said "I want to complain about my washing machine"); a request told at the remedy
    question is the remedy in the customer's own words."""
    asking = a.asked == "desired_outcome" and asks_for_something(a.text)
    sentence = any(p.sentence for p in phrases(a.text))  # "용산 서비스센터 접수 창구요" is a name
    return bool(a.story) and sentence and tells_a_story(a.text) and not asking


def rest_tells(a: Answer, got: Got) -> bool:
    """Whether the answer says more than its values: a sentence is left of it once they
    are off ("repair I guess. but have a human call me monday")."""
    spans = [v.span for v in a.reading.values] + remedies_said(a.text)
    if isinstance(got.value, str) and (at := a.text.lower().find(got.value.lower())) >= 0:
        spans.append((at, at + len(got.value)))
    # "교환해 주세요 벌써 두 번째 고장이에요": news of the problem, whatever its form
    return tells_a_story(a.text) or any(
        p.sentence or tells_news(a.text[p.start : p.end], a.policy) for p in phrases(a.text, spans)
    )


def said_back(
    dispatcher: CollectingDispatcher,
    got: Iterable[Got],
    slots: Mapping[str, Any],
    language: str,
    *,
    changing: bool = False,
) -> None:
    """Tell the customer what was taken: "Noted: …" for what is new or more exact,
    "Changed: …" (with what it was) for what a change of mind (`changing`) or another
    remedy replaces."""
    noted: list[str] = []
    changed: list[str] = []
    labels = LABELS["ko" if language == "ko" else "en"]
    for found in got:
        shown_slot = "incident_date_shown" if found.field == "incident_date" else found.field
        before = slots.get(shown_slot)
        other = isinstance(before, str) and before.lower() not in str(found.shown).lower()
        replaced = changing or (found.field == "desired_outcome" and is_remedy_name(str(before)))
        if before and other and replaced:  # "jon" → "Jonathan Park" is more exact, not other
            changed.append(f"{labels[found.field]}: {before} → {found.shown}")
        else:
            noted.append(found.shown)
    if noted:
        dispatcher.utter_message(response="utter_details_taken", details=" · ".join(noted))
    if changed:
        dispatcher.utter_message(response="utter_details_changed", changes=" · ".join(changed))


def paused(a: Answer) -> list[EventType]:
    """A message that goes for now ("noticed it friday arvo btw. will finish this later"):
    the values it gives, read strictly, and what it tells beside, kept with what happened;
    with no value for the question asked, the question waits."""
    got, others, _ = read_answer(a, loose=False) if a.asked in READERS else (None, [], None)
    if (
        got
        and a.asked == "customer_name"
        and got.value != name_in(a.text, labelled=True)
        and not looks_like_a_name(str(got.value))
    ):
        got = None  # "gotta dash, ill msg u back": going, no name; "Tom Reid. gotta run" is one
    told = for_staff(a.text, news=news_for(a.policy))
    kept = valid_description(f"{a.story}\n{told}") if a.story and told else None
    events = got.events() if got else [SlotSet(a.asked, None)]
    events += [event for other in others for event in other.events()]
    return [*events, *([SlotSet("description", kept)] if kept else [])]


def so_far(slots: Mapping[str, Any], asked: str) -> str:
    """What the form holds, short, for a customer who is back ("Roborock S8 · yesterday (Sat
    5 Dec 2026)"), less the slot `asked` (it holds the message); what happened, cut, when
    nothing else is held yet."""
    fields = ("product", "incident_date_shown", "desired_outcome", "customer_name", "contact")
    held = " · ".join(str(slots[f]) for f in fields if slots.get(f) and asked not in f)
    return held or str(slots.get("description") or "")[:80]
