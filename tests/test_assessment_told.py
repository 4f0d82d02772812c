"""Every answer is assessed, and the priority told is the priority stored: a danger said only
in a one-word answer ("sparks" where the product or the remedy was asked) gets the safety
advice, and the complaint is filed as urgent product safety with the description as the
customer told it. Names and contacts are who the customer is, never what happened."""

from __future__ import annotations

from datetime import date, datetime, timezone

import pytest
from rasa_sdk import Tracker

from bot.wiring import prepare_database
from handlers.actions.form_events import told_in_form
from handlers.identity import Identity
from handlers.intake import ComplaintDetails, file_complaint
from tests.helpers import stored_complaint

ADVICE = ("Your safety comes first", "무엇보다 고객님의 안전이 중요합니다")
URGENT = ("we are treating it as urgent", "우선 처리하겠습니다")
ANSWERS = {
    "en": ["galaxy s23", "Refund", "yesterday", "Jane Smith", "jane.smith@example.org", "yes"],
    "ko": ["갤럭시 s23", "환불", "어제", "김민수", "010-1234-5678", "네"],
}
NOW = datetime(2026, 11, 25, 9, 0, tzinfo=timezone.utc)


async def _file(chat, turns: list[str], language: str) -> tuple[bool, bool, str]:
    """Say the turns, then answer what the form still asks until the reference is given;
    whether the advice was given and urgency promised, and the last reply."""
    advised = promised = False
    for text in [*turns, *ANSWERS[language]]:
        if "CMP-" in chat.text:
            break
        await chat.say(text)
        advised |= any(words in chat.text for words in ADVICE)
        promised |= any(words in chat.text for words in URGENT)
    return advised, promised, chat.text


@pytest.mark.parametrize(
    ("turns", "language"),
    [
        # the danger where the product was asked: what happened, and the product asked again
        (["I want to complain", "it stopped working", "sparks"], "en"),
        (["the thing i bought stopped working", "smoking!"], "en"),
        (["불만 접수하려고요", "작동이 안 돼요", "스파크"], "ko"),
        (["제품이 고장났어요", "타는 냄새"], "ko"),
        # the danger where the remedy was asked
        (["my phone stopped working", "galaxy s23", "it exploded"], "en"),
        (["휴대폰이 고장났어요", "갤럭시 s23", "불꽃이 튀어요"], "ko"),
    ],
)
async def test_a_danger_told_in_any_answer_is_stored_as_it_was_told(
    chat, desk, turns: list[str], language: str
) -> None:
    advised, promised, last = await _file(chat, turns, language)
    stored = stored_complaint(desk, last)
    assert advised and promised
    assert (stored.category, stored.priority) == ("safety", "urgent")
    assert turns[-1] in stored.description  # staff read what the customer said
    assert stored.product == "Galaxy S23"  # the danger is no product


async def test_a_plain_answer_changes_nothing(chat, desk) -> None:
    advised, _, last = await _file(chat, ["I want to complain", "it stopped working"], "en")
    stored = stored_complaint(desk, last)
    assert not advised
    assert (stored.category, stored.priority) == ("product", "normal")


@pytest.fixture
def db(settings):
    return prepare_database(settings)


def _details(**overrides: object) -> ComplaintDetails:
    base: dict[str, object] = {
        "description": "the screen flickers",
        "product": "tv",
        "desired_outcome": "Repair",
        "incident_date_text": "yesterday",
        "incident_on": date(2026, 11, 24),
        "customer_name": "Jane Smith",
        "contact": "jane@example.com",
    }
    base.update(overrides)
    return ComplaintDetails(**base)  # type: ignore[arg-type]


def test_intake_reads_what_was_told_for_danger_and_priority(settings, db) -> None:
    def filed(details: ComplaintDetails, told: list[str]):
        return file_complaint(
            db.factory,
            settings.policy,
            identity=Identity("rest", "told"),
            language="en",
            details=details,
            now=NOW,
            told=told,
        )

    danger = filed(_details(), ["the screen flickers", "tv", "sparks"])
    assert (danger.category, danger.priority) == ("safety", "urgent")
    lawyer = filed(_details(), ["Repair, or my lawyer will hear about it"])
    assert (lawyer.category, lawyer.priority) == ("product", "urgent")
    # the remedy answered names no category: "refund" is no billing complaint
    remedy = filed(_details(), ["the screen flickers", "refund"])
    assert (remedy.category, remedy.priority) == ("product", "normal")
    # a name and a contact are not what happened, in the story or in an answer
    named = filed(
        _details(
            description="Jane Burns here, the screen flickers",
            customer_name="Jane Burns",
            contact="jane.burns@example.org",
        ),
        ["my name is Jane Burns", "jane.burns@example.org"],
    )
    assert (named.category, named.priority) == ("product", "normal")


def _user(text: str) -> dict:
    return {"event": "user", "text": text}


def _asked(slot: str | None) -> dict:
    return {"event": "slot", "name": "requested_slot", "value": slot}


def test_what_was_told_is_this_forms_answers_without_the_name_and_contact() -> None:
    events = [
        _user("my old kettle sparked"),  # a complaint filed before this one
        {"event": "active_loop", "name": "complaint_form"},
        {"event": "slot", "name": "description", "value": None},
        _user("hello"),
        _user("I want to complain"),
        {"event": "active_loop", "name": "complaint_form"},
        _asked("description"),
        _user("it stopped working"),
        _asked("product"),
        _user("sparks"),
        _asked("customer_name"),
        _user("Jane Burns"),
        _asked("contact"),
        _user("burns@example.org"),
        _asked("confirmed"),
        _user("/affirm"),  # a button pressed, not words
    ]
    tracker = Tracker("t", {}, {}, events, False, None, {}, "")
    assert told_in_form(tracker) == ["I want to complain", "it stopped working", "sparks"]


@pytest.mark.parametrize(
    ("turns", "asked"),
    [
        (["I want to complain", "it stopped working", "sparks"], "Which product"),
        (["불만 접수하려고요", "작동이 안 돼요", "스파크"], "어떤 제품"),
    ],
)
async def test_a_danger_where_the_product_was_asked_is_no_product(
    chat, turns: list[str], asked: str
) -> None:
    for text in turns:
        await chat.say(text)
    assert any(words in chat.text for words in ADVICE)
    assert "added that to what happened" in chat.text or "덧붙였습니다" in chat.text
    assert asked in chat.text  # the product is asked again
