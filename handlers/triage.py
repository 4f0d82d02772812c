"""Is a conversation's opening message a complaint? File it, ask, or answer it as what it is.

The classifier's probability that the message is a complaint decides, with the thresholds in
`config.yml` (`triage`). Where it is unsure the desk asks ("Would you like to file a complaint
about this?") instead of trapping a question in the form or losing a complaint: character
n-grams alone cannot tell every real complaint from every question (PERFORMANCE.md). Words
the classifier weighs poorly are read beside it, from `nlu/vocabulary/triage.yml`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import cache
from typing import Any, Literal

from handlers import vocabulary
from handlers.fields import looks_like_description
from handlers.policy import Triage

Decision = Literal["file", "offer", "answer"]
COMPLAINT_INTENT = "file_complaint"
# Best guesses answered with thanks: asking "a complaint?" about praise reads as not listening,
# so they are asked about only from `triage.offer_praise_at` up.
PRAISE_INTENTS = ("compliment", "thank")


def complaint_probability(message: Mapping[str, Any]) -> float:
    """The classifier's probability that a parsed message is a complaint."""
    for ranked in message.get("intent_ranking") or []:
        if ranked.get("name") == COMPLAINT_INTENT:
            return float(ranked.get("confidence") or 0.0)
    intent = message.get("intent") or {}
    return float(intent.get("confidence") or 0.0) if intent.get("name") == COMPLAINT_INTENT else 0.0


def decide(
    triage: Triage, probability: float, *, safety: bool = False, praise: bool = False
) -> Decision:
    """File at once, offer to file, or answer the message as what it is (`praise`: the
    classifier's best guess is praise or thanks).

    Safety always files: a burning charger is not a case for a clarifying question.
    """
    if safety or probability >= triage.file_at:
        return "file"
    if probability >= (triage.offer_praise_at if praise else triage.offer_at):
        return "offer"
    return "answer"


def voices_discontent(text: str) -> bool:
    """Whether a message says the customer is unhappy ("fed up", "worst", "너무 실망")."""
    return vocabulary.says("triage", "discontent", text)


def only_asks_to_complain(text: str) -> bool:
    """Whether a message asks to file a complaint and says nothing else: no story ("complaint
    please", "불만이요") and no business with one already filed ("cancel my complaint")."""
    return (
        vocabulary.says("triage", "complain", text)
        and not vocabulary.says("triage", "other_business", text)
        and not looks_like_description(text)
    )


def refers_back(text: str) -> bool:
    """Whether a message carries on the one before ("no, that was a complaint", "아까 그거
    불만이에요") rather than telling something new."""
    return vocabulary.says("triage", "refers_back", text)


_HANGUL = "\uac00-\ud7a3"


@cache
def _contrast() -> re.Pattern[str]:
    """The turns of `triage.yml` `contrast`: English whole words, Korean words (a 요 may
    follow: "근데요"), and Korean endings marked `~` ("…했는데", "…좋지만") that a word ends
    with before a space or a stop."""
    table = vocabulary.load("triage").get("contrast") or {}
    english = [r"\b" + re.escape(p).replace(r"\ ", r"\s+") + r"\b" for p in table.get("en", [])]
    korean = [
        rf"(?<=[{_HANGUL}]){re.escape(p[1:])}(?=[\s,.!?~]|$)"
        if p.startswith("~")
        else rf"(?<![{_HANGUL}]){re.escape(p)}요?(?![{_HANGUL}])"
        for p in map(str, table.get("ko", []))
    ]
    return re.compile("|".join(english + korean) or r"(?!)", re.IGNORECASE)


def turns(text: str) -> bool:
    """Whether a message turns to something else part-way ("…but", "…근데", "…했는데")
    with something said after the turn."""
    return point(text) != text


def point(text: str) -> str:
    """What a message comes to: what follows its last turn ("love the vacuum honestly but
    battery dies after 4 mins" comes to "battery dies after 4 mins"; "기사님은 친절했는데 또
    물이 새요" to "또 물이 새요"). The whole message when it does not turn."""
    for found in reversed(list(_contrast().finditer(text))):
        rest = text[found.end() :].strip(" ,.;:!?-~")
        if rest:
            return rest
    return text
