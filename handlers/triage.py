"""Is a conversation's opening message a complaint? File it, ask, or answer it as what it is.

The classifier's probability that the message is a complaint decides, with the thresholds in
`config.yml` (`triage`). Where it is unsure the desk asks ("Would you like to file a complaint
about this?") instead of trapping a question in the form or losing a complaint: character
n-grams alone cannot tell every real complaint from every question (PERFORMANCE.md).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal

from handlers.policy import Triage

Decision = Literal["file", "offer", "answer"]
COMPLAINT_INTENT = "file_complaint"


def complaint_probability(message: Mapping[str, Any]) -> float:
    """The classifier's probability that a parsed message is a complaint."""
    for ranked in message.get("intent_ranking") or []:
        if ranked.get("name") == COMPLAINT_INTENT:
            return float(ranked.get("confidence") or 0.0)
    intent = message.get("intent") or {}
    return float(intent.get("confidence") or 0.0) if intent.get("name") == COMPLAINT_INTENT else 0.0


def decide(triage: Triage, probability: float, *, safety: bool = False) -> Decision:
    """File at once, offer to file, or answer the message as what it is.

    Safety always files: a burning charger is not a case for a clarifying question.
    """
    if safety or probability >= triage.file_at:
        return "file"
    if probability >= triage.offer_at:
        return "offer"
    return "answer"
