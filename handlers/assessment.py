"""Initial assessment (ISO 10002 7.5): category, priority and due dates from the policy.

Keywords match whole words and phrases, never inside another word ("charge" does not
match "charger", "sue" not "suede"). A keyword ending in `*` matches words that start
with it ("injur*" finds "injured" and "injury"). Korean keywords match at the start of a
word and allow a particle after it ("화재" finds "화재가", "화재로"); with `*` any ending
("다쳤*" finds "다쳤어요"). Every keyword is read in its clause (`handlers/clauses.py`): a
negated one ("it doesn't leak any more") or one about something else ("tuesday doesn't work
for me", "the toaster burnt my bread") does not count.

The category is read from what happened and the product: the remedy the customer wants ("a
refund") says nothing about what went wrong. A danger and the priority are read from
everything the customer said while filing, each answer too: the customer told at any question
that it is treated as urgent has it stored so.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import cache

from handlers import vocabulary
from handlers.clauses import keywords_said, missed
from handlers.lexicon import Lexicon, lexicon
from handlers.policy import CategoryRule, Policy
from handlers.products import find_product
from handlers.remedies import remedies_said, remedy_words
from handlers.triage import point
from handlers.values import names_goods
from handlers.words import tokens
from storage.vocabulary import PRIORITIES


@dataclass(frozen=True)
class Assessment:
    """What the rules made of a new complaint, and the words that decided it."""

    category: str
    priority: str
    ack_due_at: datetime
    respond_due_at: datetime
    matched: tuple[str, ...]


# Where a remedy's clause ends: a comma, a semicolon, or a word that starts another clause
# ("I need a replacement because the battery exploded", "…, the charger caught fire").
_END = r"(?:\s*[,;:]|\s+(?:because|since|cause|cuz|coz|bc|and|but|as|so|after|when|while|then)\b)"
# Korean words after a request that still belong to it: not a subject or topic ("배터리가"),
# not a verb that ends or links a clause ("부풀고", "나요", "터졌어요").
_KO_CLAUSE = r"\S*(?:이|가|은|는|고|서|며|데|지만|니까|면|요|다)(?![^\s.!?])"
_KO_MORE = rf"(?:[ \t]+(?!{_KO_CLAUSE})[^\s.!?,]+)*"
# Any character of the same clause (no sentence or clause end before it).
_SAME = rf"(?:(?!{_END})[^.!?\n])"
# The remedy a customer asks for inside the description ("… i want a full refund back to
# my card", "… 환불해 주세요"), as far as the remedy reaches and no further: what follows
# in another clause is what went wrong.
# The remedies' words are the shared vocabulary's (nlu/vocabulary/remedies.yml).
_REMEDY = re.compile(
    r"\b((i\s+)?(really\s+)?(want|need|demand|expect|request)|i'?d\s+like|i\s+would\s+like|please\s+give\s+me|"
    rf"give\s+me|can\s+i\s+(get|have))\b{_SAME}{{0,60}}?\b({remedy_words('en')})\b{_SAME}*"
    # Korean: the request's verb, then words that add to it ("… 카드 결제 취소로요") up to
    # one that starts or ends another clause ("교환해 주세요 배터리가 부풀고…")
    rf"|(전액\s*)?({remedy_words('ko')})\s*(을|를|로|으로)?\s*(해\s*주세요|해주세요|받고\s*싶|원해|원합니다|"
    rf"부탁|바랍니다|해\s*줘|요청|희망)\S*{_KO_MORE}"
    rf"|(\S+\s*(말고|아니고|대신)\s*)?새\s*(제품|걸로|것으로|거로)\s*(바꿔|교환)\S*(\s*주세요)?{_KO_MORE}",
    re.IGNORECASE,
)


@cache
def _person() -> Lexicon:
    """The phrases that ask for a person (`person` in nlu/vocabulary/meta.yml)."""
    return lexicon(vocabulary.load("meta").get("person"), "person")


def of_the_fault(description: str) -> str:
    """What a description says of what went wrong, for the category: without the praise
    before a turn ("your staff were super helpful … BUT the soundbar keeps dropping
    bluetooth" is about the soundbar, not the staff) and without asking for a person
    ("상담사랑 통화하고 싶어요" names no service fault)."""
    text = description
    for hit in reversed(_person().hits(tokens(text))):
        text = text[: hit.start] + " " + text[hit.end :]
    return after_praise(text) or text


def after_praise(text: str) -> str | None:
    """What a message turns to after praise ("your staff were super helpful … BUT the
    soundbar keeps dropping bluetooth"), if it turns so."""
    turned = point(text)
    if turned != text and vocabulary.says("triage", "praise", text[: len(text) - len(turned)]):
        return turned
    return None


def without_remedy(description: str) -> str:
    """The description without the clauses that ask for a remedy, and without a remedy's
    words anywhere else unless the remedy is what went wrong ("a refund for an app makes no
    sense" names no billing fault; "still waiting for my refund" does)."""
    text = _REMEDY.sub(" ", description)
    for start, end in reversed(remedies_said(text)):
        if not missed(text, start, end):
            text = text[:start] + " " + text[end:]
    return text


def remedy_asked(description: str) -> str | None:
    """The clause of a description that asks for a remedy, if there is one."""
    match = _REMEDY.search(description)
    return match.group(0) if match else None


def complaint_words(policy: Policy, text: str) -> list[str]:
    """Every policy keyword (any category, its decisive ones too: "트레이너가 노쇼했어요",
    "he was rude"; any priority) that the text says happened."""
    words = [
        k
        for rule in policy.categories
        for k in keywords_said((*rule.keywords, *rule.decisive), text, kind=_kind(rule))
    ]
    for level, keywords in policy.priority_keywords.items():
        words += keywords_said(keywords, text, kind=_level_kind(level))
    return words


def priority_words(policy: Policy, text: str) -> list[str]:
    """The policy's priority words the text says happened ("charged my card twice", "개인정보
    유출"): what it counts as grave, whatever the category."""
    return [
        word
        for level, keywords in policy.priority_keywords.items()
        for word in keywords_said(keywords, text, kind=_level_kind(level))
    ]


def _distinct(words: list[str]) -> list[str]:
    """One of the keywords written with and without a space ("안 돼요", "안돼요"): a Korean
    keyword matches either way, so both find the same words and count once."""
    first: dict[str, str] = {}
    for word in words:
        first.setdefault(word.replace(" ", ""), word)
    return list(first.values())


@cache
def _how_bought() -> frozenset[str]:
    """Category keywords that only tell how the thing was bought (assessment.yml)."""
    return frozenset(str(w) for w in vocabulary.load("assessment").get("how_bought") or ())


def _kind(rule: CategoryRule) -> str:
    """What a category's keywords name: a danger (an override category) or a fault."""
    return "danger" if rule.override else "fault"


def _level_kind(level: str) -> str:
    """What a priority level's keywords name: the most pressing level's are dangers."""
    return "danger" if level == PRIORITIES[0] else "priority"


def safety_words(policy: Policy, text: str) -> list[str]:
    """The words of an override category (product safety) that the text says happened.

    The one test of danger: the advice the customer is given and the category and
    priority stored are both decided by it, over everything the customer said (a danger
    told beside a remedy, "I want a refund, the charger caught fire", is still a danger).
    """
    return [word for _, words in _dangers(policy, text) for word in words]


def _dangers(policy: Policy, text: str) -> list[tuple[CategoryRule, list[str]]]:
    """Each override category the text names, with the words that name it."""
    return [
        (rule, hits)
        for rule in policy.categories
        if rule.override and (hits := keywords_said(rule.keywords, text, kind="danger"))
    ]


def assess(
    policy: Policy,
    *,
    description: str,
    product: str,
    received_at: datetime,
    told: Sequence[str] = (),
) -> Assessment:
    """Categorise and prioritise a complaint; compute its deadlines.

    `told`: everything else the customer said while filing (each answer), read for a danger
    and for the priority, not for the category (a remedy answered, "Refund", names none).
    """
    story = f"{without_remedy(of_the_fault(description))}\n{product}"
    everything = "\n".join([description, product, *told])
    pressing = "\n".join([story, *(without_remedy(said) for said in told)])
    priority, priority_words = "normal", []
    for level in PRIORITIES:  # most pressing first: "feedback … my lawyer" is urgent
        keywords = policy.priority_keywords.get(level, ())
        hits = keywords_said(keywords, pressing, kind=_level_kind(level))
        if hits:
            priority, priority_words = level, hits
            break
    category = policy.default_category
    category_words: list[str] = []
    dangers = _dangers(policy, everything)
    if dangers:
        # Product safety: the customer is told at once that it is treated as urgent,
        # so it is, whatever the priority words found ("it melted" names no injury).
        rule, category_words = dangers[0]
        category, priority = rule.name, PRIORITIES[0]
    else:
        bought = _how_bought()
        for rule in policy.categories:
            hits = _distinct(keywords_said(rule.keywords, story, kind=_kind(rule)))
            # "홈쇼핑서 주문헌 온수매트 … 냉골이유": how it was bought counts for nothing
            hits = [h for h in hits if h not in bought]
            if len(hits) > len(category_words):
                category, category_words = rule.name, hits
        # "the clerk was rude when I came about my order": how staff behaved is the complaint
        decided = next(
            (
                (rule.name, said)
                for rule in policy.categories
                if rule.decisive and (said := keywords_said(rule.decisive, story))
            ),
            None,
        )
        if decided is not None:
            category, category_words = decided[0], _distinct(decided[1])
    if not category_words:
        # Nothing said names a category: a catalogue product routes it (a speaker that
        # "just stopped" goes to product quality, a care plan to billing).
        known = find_product(policy.products, f"{product}\n{description}")
        if known is not None:
            category = known.category
        elif policy.product_category and names_goods(product):
            category = policy.product_category
    targets = policy.targets[priority]
    return Assessment(
        category=category,
        priority=priority,
        ack_due_at=policy.due(received_at, targets.ack),
        respond_due_at=policy.due(received_at, targets.respond),
        matched=tuple(dict.fromkeys([*priority_words, *category_words])),
    )
