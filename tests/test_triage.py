"""Telling a complaint from a question or praise: file, offer to file, or answer."""

from __future__ import annotations

import pytest

from handlers.policy import Triage
from handlers.triage import (
    complaint_probability,
    decide,
    only_asks_to_complain,
    point,
    refers_back,
    turns,
    voices_discontent,
)

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


PRAISING = Triage(file_at=0.7, offer_at=0.1, offer_praise_at=0.25)


@pytest.mark.parametrize(
    ("probability", "praise", "expected"),
    [
        (0.2, False, "offer"),  # a question or anything else is asked about from offer_at
        (0.2, True, "answer"),  # praise is thanked below offer_praise_at
        (0.3, True, "offer"),
        (0.7, True, "file"),
    ],
)
def test_praise_is_asked_about_only_from_its_own_threshold(
    probability: float, praise: bool, expected: str
) -> None:
    assert decide(PRAISING, probability, praise=praise) == expected


@pytest.mark.parametrize(
    "text",
    [
        "honestly the worst checkout queue i've stood in",
        "i'm so fed up with this app",
        "이번 배송은 정말 실망이네요",
        "어이가 없어서 말이 안 나오네요",
    ],
)
def test_discontent_is_heard(text: str) -> None:
    assert voices_discontent(text)


@pytest.mark.parametrize(
    "text", ["tell me a joke", "the engineer was lovely", "설치 기사님이 친절하셨어요"]
)
def test_no_discontent_is_heard_where_none_is_said(text: str) -> None:
    assert not voices_discontent(text)


@pytest.mark.parametrize("text", ["complaint, please", "Complaint!!", "불만이요", "민원요"])
def test_a_bare_wish_to_complain_only_asks_to_file(text: str) -> None:
    assert only_asks_to_complain(text)


@pytest.mark.parametrize(
    "text",
    [
        "cancel my complaint",  # business with one filed
        "민원 처리 상황 알려주세요",
        "complaint: the oven door fell off the hinges",  # says what happened
        "what are your opening hours",  # no complaint at all
    ],
)
def test_a_message_with_more_to_it_is_not_a_bare_wish(text: str) -> None:
    assert not only_asks_to_complain(text)


@pytest.mark.parametrize(
    "text",
    ["no no, that was a complaint", "i was being sarcastic", "아까 그거 불만이에요"],
)
def test_a_message_carrying_on_the_one_before_refers_back(text: str) -> None:
    assert refers_back(text)


@pytest.mark.parametrize("text", ["my kettle leaks", "냉장고 문이 안 닫혀요"])
def test_a_new_story_does_not_refer_back(text: str) -> None:
    assert not refers_back(text)


# What follows a turn is the message's point (triage.yml `contrast`); held-out phrasings
# written after the data.
@pytest.mark.parametrize(
    ("text", "after"),
    [
        ("love the cordless vacuum honestly but battery dies after like 4 mins now??", "battery"),
        ("the delivery guy was great, however the box was crushed", "the box"),
        ("기사님은 친절했는데 또 물이 새요", "또 물이"),
        ("배송은 빨랐지만 화면에 금이 가 있어요", "화면에"),
        ("디자인은 좋아요 근데요 소음이 너무 심해요", "소음이"),
    ],
)
def test_what_follows_a_turn_is_the_point(text: str, after: str) -> None:
    assert turns(text) and point(text).startswith(after)


@pytest.mark.parametrize(
    "text",
    ["Thanks a lot, the engineer who came yesterday was brilliant!", "좋았는데", "but"],
)
def test_a_message_without_a_turn_is_its_own_point(text: str) -> None:
    assert not turns(text) and point(text) == text


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("hiya so ma nike pegasus 41 came n theres 2 LEFT shoes in the box", "file_complaint"),
        ("so my new dyson v15 arrived and the charger isnt in the box", "ask_question"),
        ("heya my kettle came with a cracked lid lol", "greet"),
        ("저기요 급해요ㅠㅠㅠ 카시트 버클이 안풀려요", "greet"),
        ("받은 운동화가 두 짝 다 오른쪽이에요 하나는 반품할게요", "ask_question"),
        ("저기요 세탁기 문이 안 열려요ㅠㅠ", "greet"),
        # trial Y: thanks for the desk's answer before the story, read as thanks
        (
            "Thank you. So, I purchased the QuietPro X3 noise cancelling headphones online a "
            "month ago, and since the 28th of November the noise cancelling makes a loud hissing "
            "sound in the left ear.",
            "thank",
        ),
        # round 14 (trials BA, BB): offered, the fault in no word the policy knew
        (
            "the engineer came to fix our gas heater last tuesday and now it won't stay lit, "
            "no heat since. I'd like a repair",
            "file_complaint",
        ),
        (
            "water's been off at the farm since friday after your roadworks, fix it",
            "file_complaint",
        ),
        ("보소 어제 아침부터 물이 한방울도 안나온다 아이가", "greet"),
        # held out
        ("the pilot light keeps going out on the boiler you serviced", "ask_question"),
        ("there's been a power cut on our street since the works, nobody came", "file_complaint"),
        # the stop's own try: a supply that should be on and is not, read as a follow-up
        ("my boiler has been out for 3 days, please send someone", "follow_up"),
        ("heating's out again in the flat, been out since monday", "follow_up"),
        ("his storage heater's been off for four days now and the house is freezing", "follow_up"),
        # trial S: read as a compliment and thanked
        (
            "Hello, this is Dolores. My grandson ordered me a 55 inch Samsung television and "
            "the picture keeps going black. I would like somebody to look at it.",
            "compliment",
        ),
    ],
)
def test_a_fault_told_of_a_thing_files_whatever_the_classifier_said(text: str, intent: str) -> None:
    """A fault with an object is a complaint at any probability (trials K and L)."""
    from pathlib import Path

    from bot.settings import load_settings
    from handlers.actions.triage import decision

    config = Path(__file__).resolve().parent.parent / "config.yml"
    policy = load_settings({"COMPLAINTBOT_CONFIG": str(config)}).policy
    message = {"text": text, "intent": {"name": intent, "confidence": 0.4}, "intent_ranking": []}
    assert decision(policy, message) == "file"


@pytest.mark.parametrize(
    "text",
    [
        "Yes dear, it is about the rise and recline armchair I bought in October.",
        "yeah its about my headphones from last month",
        "네 지난달에 산 식기세척기 얘기예요",
    ],
)
def test_a_yes_with_what_it_is_about_is_a_yes(text: str) -> None:
    from handlers.meta import read_meta
    from handlers.reading import Reading

    assert Reading(text, intent="ask_question", meta=read_meta(text)).consent() == "yes"


@pytest.mark.parametrize(
    "text",
    [
        # a thing's story with no fault word the policy knows and no word of praise (held out)
        "My son bought me a Dyson hoover last month and now it only runs for a minute at a "
        "time. I would like someone to have a look at it.",
    ],
)
def test_a_story_read_as_praise_without_praise_is_offered(text: str) -> None:
    from pathlib import Path

    from bot.settings import load_settings
    from handlers.actions.triage import decision

    config = Path(__file__).resolve().parent.parent / "config.yml"
    policy = load_settings({"COMPLAINTBOT_CONFIG": str(config)}).policy
    message = {
        "text": text,
        "intent": {"name": "compliment", "confidence": 0.5},
        "intent_ranking": [],
    }
    assert decision(policy, message) in ("offer", "file")


@pytest.mark.parametrize(
    ("text", "consent"),
    [
        # trial U: what would put it right, said to the offer to file, was "off topic"
        ("idk fix em or swap em, whatever's faster fr", "yes"),
        ("a refund would do", "yes"),  # held out
        ("can you repair it or do I have to pay?", None),  # a question, no yes
    ],
)
def test_a_remedy_said_to_the_offer_to_file_is_a_yes(text: str, consent: str | None) -> None:
    from handlers.meta import asks, read_meta
    from handlers.reading import Reading

    reading = Reading(text, meta=read_meta(text), asks=asks(text))
    assert reading.consent() == consent
