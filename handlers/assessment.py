"""Initial assessment (ISO 10002 7.5): category, priority and due dates from the policy.

Keywords match whole words and phrases, never inside another word ("charge" does not
match "charger", "sue" not "suede"). A keyword ending in `*` matches words that start
with it ("injur*" finds "injured" and "injury"). Korean keywords match at the start of a
word and allow a particle after it ("화재" finds "화재가", "화재로"); with `*` any ending
("다쳤*" finds "다쳤어요"). Only what happened and the product are read: the remedy the
customer wants ("a refund") says nothing about what went wrong.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from handlers.keywords import matching
from handlers.policy import Policy
from handlers.products import find_product
from storage.vocabulary import PRIORITIES


@dataclass(frozen=True)
class Assessment:
    """What the rules made of a new complaint, and the words that decided it."""

    category: str
    priority: str
    ack_due_at: datetime
    respond_due_at: datetime
    matched: tuple[str, ...]


# The remedy a customer asks for inside the description ("… i want a full refund back to
# my card", "… 환불해 주세요"), up to the end of its clause: it is not what went wrong.
_REMEDY = re.compile(
    r"\b((i\s+)?(really\s+)?(want|need|demand|expect)|i'?d\s+like|i\s+would\s+like|please\s+give\s+me|"
    r"give\s+me|can\s+i\s+(get|have))\b[^.!?\n]*?\b(refund\w*|replace\w*|repair\w*|fix(ed)?|"
    r"money\s+back|new\s+one|compensation|apology)\b[^.!?\n]*"
    r"|(전액\s*)?(환불|교환|수리|보상|사과)\s*(을|를|로|으로)?\s*(해\s*주세요|해주세요|받고\s*싶|원해|원합니다|"
    r"부탁|바랍니다|해\s*줘)[^.!?\n]*"
    r"|(\S+\s*(말고|아니고|대신)\s*)?새\s*(제품|걸로|것으로|거로)\s*(바꿔|교환)[^.!?\n]*",
    re.IGNORECASE,
)


def without_remedy(description: str) -> str:
    """The description without the clauses that ask for a remedy."""
    return _REMEDY.sub(" ", description)


def remedy_asked(description: str) -> str | None:
    """The clause of a description that asks for a remedy, if there is one."""
    match = _REMEDY.search(description)
    return match.group(0) if match else None


def complaint_words(policy: Policy, text: str) -> list[str]:
    """Every policy keyword (any category, any priority) that the text contains."""
    words = [k for rule in policy.categories for k in matching(rule.keywords, text)]
    for keywords in policy.priority_keywords.values():
        words += matching(keywords, text)
    return words


def safety_words(policy: Policy, text: str) -> list[str]:
    """The words of an override category (product safety) that the text contains."""
    return [k for rule in policy.categories if rule.override for k in matching(rule.keywords, text)]


def assess(policy: Policy, *, description: str, product: str, received_at: datetime) -> Assessment:
    """Categorise and prioritise a complaint from what happened; compute its deadlines."""
    text = f"{without_remedy(description)}\n{product}"
    priority, priority_words = "normal", []
    for level in PRIORITIES:
        hits = matching(policy.priority_keywords.get(level, ()), text)
        if hits:
            priority, priority_words = level, hits
            break
    category, category_words = policy.default_category, []
    for rule in policy.categories:
        hits = matching(rule.keywords, text)
        if hits and rule.override:
            # Product safety: the customer is told at once that it is treated as urgent,
            # so it is, whatever the priority words found ("it melted" names no injury).
            category, category_words = rule.name, hits
            priority = PRIORITIES[0]
            break
        if len(hits) > len(category_words):
            category, category_words = rule.name, hits
    if not category_words:
        # Nothing said names a category: a catalogue product routes it (a speaker that
        # "just stopped" goes to product quality, a care plan to billing).
        known = find_product(policy.products, f"{product}\n{description}")
        if known is not None:
            category = known.category
    targets = policy.targets[priority]
    return Assessment(
        category=category,
        priority=priority,
        ack_due_at=policy.due(received_at, targets.ack),
        respond_due_at=policy.due(received_at, targets.respond),
        matched=tuple(dict.fromkeys([*priority_words, *category_words])),
    )
