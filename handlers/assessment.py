"""Initial assessment (ISO 10002 7.5): category, priority and due dates from the policy."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from handlers.policy import Policy

PRIORITY_ORDER = ("urgent", "high", "normal", "low")


@dataclass(frozen=True)
class Assessment:
    """What the rules made of a new complaint."""

    category: str
    priority: str
    ack_due_at: datetime
    respond_due_at: datetime
    matched: tuple[str, ...]


def _matches(keyword: str, text: str) -> bool:
    keyword = keyword.lower()
    if keyword.isascii():
        # English words match at a word start ("injur" finds "injured", not "uninjured").
        return re.search(rf"(?<![a-z]){re.escape(keyword)}", text) is not None
    # Korean words carry particles ("화재가", "화재로"): a substring match is right.
    return keyword in text


def assess(policy: Policy, *, text: str, received_at: datetime) -> Assessment:
    """Categorise and prioritise a complaint from its words; compute its deadlines."""
    lowered = text.lower()
    matched: list[str] = []
    priority = "normal"
    for level in PRIORITY_ORDER:
        hits = [k for k in policy.priority_keywords.get(level, ()) if _matches(k, lowered)]
        if hits:
            priority = level
            matched.extend(hits)
            break
    category = policy.default_category
    best = 0
    for rule in policy.categories:
        hits = [k for k in rule.keywords if _matches(k, lowered)]
        if len(hits) > best:
            category, best = rule.name, len(hits)
            matched.extend(hits)
    targets = policy.targets[priority]
    return Assessment(
        category=category,
        priority=priority,
        ack_due_at=received_at + targets.ack,
        respond_due_at=received_at + targets.respond,
        matched=tuple(matched),
    )
