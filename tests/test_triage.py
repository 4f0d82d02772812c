"""Telling a complaint from a question or praise: file, offer to file, or answer."""

from __future__ import annotations

import pytest

from handlers.policy import Triage
from handlers.triage import complaint_probability, decide

TRIAGE = Triage(file_at=0.6, offer_at=0.1)


@pytest.mark.parametrize(
    ("probability", "expected"),
    [
        (0.95, "file"),
        (0.6, "file"),
        (0.59, "offer"),
        (0.1, "offer"),
        (0.09, "answer"),
        (0.0, "answer"),
    ],
)
def test_the_thresholds_decide(probability: float, expected: str) -> None:
    assert decide(TRIAGE, probability) == expected


def test_safety_always_files() -> None:
    assert decide(TRIAGE, 0.0, safety=True) == "file"


def test_the_probability_is_read_from_the_ranking_even_when_another_intent_won() -> None:
    message = {
        "intent": {"name": "ask_question", "confidence": 0.7},
        "intent_ranking": [
            {"name": "ask_question", "confidence": 0.7},
            {"name": "file_complaint", "confidence": 0.25},
        ],
    }
    assert complaint_probability(message) == pytest.approx(0.25)


def test_after_the_fallback_the_ranking_still_counts() -> None:
    message = {
        "intent": {"name": "nlu_fallback", "confidence": 0.25},
        "intent_ranking": [
            {"name": "nlu_fallback", "confidence": 0.25},
            {"name": "file_complaint", "confidence": 0.2},
        ],
    }
    assert complaint_probability(message) == pytest.approx(0.2)


def test_no_ranking_falls_back_to_the_intent() -> None:
    assert complaint_probability({"intent": {"name": "file_complaint", "confidence": 0.8}}) == 0.8
    assert complaint_probability({"intent": {"name": "greet", "confidence": 0.8}}) == 0.0
    assert complaint_probability({}) == 0.0
