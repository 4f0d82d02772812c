"""A danger told beside a remedy ("I want a refund, the charger caught fire") is stored as
the customer was told: product safety, urgent, for the product-safety team. The advice and
the stored assessment both come from `assessment.safety_words` over everything said."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

import pytest

from bot.settings import load_settings
from handlers.assessment import assess, remedy_asked, without_remedy
from handlers.policy import Policy
from storage import repositories as repo
from storage.db import transaction
from tests.helpers import stored_complaint

CONFIG = Path(__file__).resolve().parent.parent / "config.yml"
RECEIVED = datetime(2026, 11, 26, 9, 0, tzinfo=timezone.utc)
ADVICE = ("Your safety comes first", "무엇보다 고객님의 안전이 중요합니다")
# Answers to whatever the form still asks, until the reference is given.
ANSWERS = {
    "en": ["power bank", "Refund", "yesterday", "Jane Smith", "jane.smith@example.org", "yes"],
    "ko": ["보조배터리", "환불", "어제", "김민수", "010-1234-5678", "네"],
}

# The three, then phrasings written after the fix and never tuned for.
REMEDY_FIRST = [
    ("I need a replacement because the battery exploded and burned my hand", "en"),
    ("I want a refund, the charger caught fire last night", "en"),
    ("교환해 주세요 배터리가 부풀고 연기가 나요", "ko"),
    ("Can I get my money back? the kettle sparked and tripped the fuse", "en"),
    ("I'd like a new one as the heater started smoking yesterday", "en"),
    ("i need a repair, my son got an electric shock from the dryer", "en"),
    ("I demand compensation since the hair dryer melted in my hand", "en"),
    ("i want a refund and the toaster burst into flames this morning", "en"),
    ("환불 받고 싶어요 충전기에서 불꽃이 튀었어요", "ko"),
    ("수리해 주세요 전기장판이 과열돼서 화상을 입었어요", "ko"),
    ("새 제품으로 바꿔 주세요 노트북 배터리가 폭발했어요", "ko"),
    ("보상 원합니다, 제품에서 탄 냄새가 나고 연기가 났어요", "ko"),
]


@pytest.fixture(scope="module")
def policy() -> Policy:
    return load_settings({"COMPLAINTBOT_CONFIG": str(CONFIG)}).policy


async def _file(chat, turns: list[str], language: str) -> tuple[bool, str]:
    """Say the turns, answer the form to the end; whether advice was given, and the last reply."""
    advised = False
    for text in [*turns, *ANSWERS[language]]:
        if "CMP-" in chat.text:
            break
        await chat.say(text)
        advised |= any(words in chat.text for words in ADVICE)
    return advised, chat.text


def _team(desk, reference: str) -> str | None:
    """The team the stored complaint is assigned to."""
    with transaction(desk[1].factory) as session:
        complaint = repo.get_by_reference(session, reference=reference)
        assert complaint is not None and complaint.assignee is not None
        return complaint.assignee.team


@pytest.mark.parametrize(("opening", "language"), REMEDY_FIRST)
async def test_a_danger_told_after_a_remedy_is_stored_as_safety(
    chat, desk, opening: str, language: str
) -> None:
    advised, last = await _file(chat, [opening], language)
    stored = stored_complaint(desk, last)
    assert advised
    assert (stored.category, stored.priority) == ("safety", "urgent"), stored.description
    assert _team(desk, stored.reference) == "product-safety"
    policy = desk[0].policy
    urgent = policy.targets["urgent"]
    assert stored.respond_due_at == policy.due(stored.created_at, urgent.respond)


@pytest.mark.parametrize(
    ("turns", "language"),
    [
        # a short danger told at a later question: advised, so it is stored too
        (["my phone stopped working", "galaxy s23", "it exploded"], "en"),
        (
            [
                "my phone stopped working",
                "galaxy s23",
                "refund",
                "yesterday",
                "Jane Smith",
                "fire!",
            ],
            "en",
        ),
        (["휴대폰이 고장났어요", "갤럭시 s23", "환불", "어제", "김민수", "폭발했어요"], "ko"),
        (["휴대폰이 고장났어요", "갤럭시 s23", "환불", "연기났어요"], "ko"),
        # a danger as the whole first message: advised, filed, and what happened
        (["it exploded"], "en"),
        (["smoke"], "en"),
        (["연기나요"], "ko"),
    ],
)
async def test_a_danger_told_alone_or_at_a_later_question_is_stored_as_safety(
    chat, desk, turns: list[str], language: str
) -> None:
    advised, last = await _file(chat, turns, language)
    stored = stored_complaint(desk, last)
    assert advised
    assert (stored.category, stored.priority) == ("safety", "urgent")
    assert turns[-1] in stored.description  # staff read what the customer said


async def test_a_name_that_holds_a_danger_word_is_no_danger(chat, desk) -> None:
    turns = ["my phone stopped working", "galaxy s23", "refund", "yesterday", "Jane Burns"]
    advised, last = await _file(chat, turns, "en")
    stored = stored_complaint(desk, last)
    assert not advised
    assert (stored.customer_name, stored.priority) == ("Jane Burns", "normal")


@pytest.mark.parametrize(("opening", "language"), REMEDY_FIRST)
def test_the_assessment_finds_the_danger_beside_the_remedy(
    policy: Policy, opening: str, language: str
) -> None:
    result = assess(policy, description=opening, product="", received_at=RECEIVED)
    assert (result.category, result.priority) == ("safety", "urgent")


@pytest.mark.parametrize(
    ("text", "remedy", "kept"),
    [
        ("I need a replacement because the battery exploded", "I need a replacement", "exploded"),
        ("I want a refund, the charger caught fire", "I want a refund", "caught fire"),
        ("I want a refund since I was charged twice", "I want a refund", "charged twice"),
        ("i want a full refund back to my card", "i want a full refund back to my card", ""),
        ("교환해 주세요 배터리가 부풀고 연기가 나요", "교환해 주세요", "배터리가 부풀고"),
        ("환불해 주세요 카드가 두번 결제됐어요", "환불해 주세요", "카드가 두번"),
    ],
)
def test_a_remedy_reaches_no_further_than_its_clause(text: str, remedy: str, kept: str) -> None:
    assert remedy_asked(text) == remedy
    assert kept in without_remedy(text)


@pytest.mark.parametrize(
    "description",
    [
        "Some feedback: the invoice is wrong and I have called my lawyer",
        "a suggestion for you, the police had to come because of your installer",
        "제안 하나 드려요 설치 기사 때문에 변호사 선임했습니다",
    ],
)
def test_the_most_pressing_priority_wins(policy: Policy, description: str) -> None:
    """A text with an urgent and a low word is urgent (levels are tried urgent first)."""
    result = assess(policy, description=description, product="", received_at=RECEIVED)
    assert result.category != "safety"  # the override would make it urgent anyway
    assert result.priority == "urgent"


@pytest.mark.parametrize(
    ("text", "danger"),
    [
        # the trial: "fire" in slang praise set off the safety advice and made the case urgent
        ("oh bet, thats fire 🔥 ya we good", False),
        ("its fire fr, all good now", False),
        ("that's fire ngl, we're good", False),
        ("the new one is lit, cheers", False),
        ("my charger caught fire 🔥", True),
        ("there is fire coming out of the plug", True),
    ],
)
def test_fire_as_slang_praise_is_no_danger(policy: Policy, text: str, danger: bool) -> None:
    from handlers.assessment import safety_words

    assert bool(safety_words(policy, text)) is danger


@pytest.mark.parametrize(
    ("text", "hurt"),
    [
        # stop 38: an English fall that hurt a wrist was filed general and normal, while
        # Korean 다쳤 was safety and urgent
        ("i slipped on a wet floor near the showers and hurt my wrist", True),
        # held out: whose and which part, in new words
        ("the treadmill belt jerked and my daughter twisted her ankle", True),
        ("fell off the rowing machine and banged my head on the rack", True),
        ("러닝머신 벨트가 튀어서 발목을 삐었어요", True),
        ("탈의실에서 넘어져서 손목이 부러졌어요", True),
        # a part of the body said without harm, or a thing broken: no injury
        ("my back hurts from waiting in the queue so long", False),
        ("the handle broke off and I had to hold it with my hand", False),
        ("손잡이가 부러졌어요", False),
    ],
)
def test_a_part_of_the_body_hurt_is_an_injury(policy: Policy, text: str, hurt: bool) -> None:
    result = assess(policy, description=text, product="gym", received_at=RECEIVED)
    assert (result.category == "safety" and result.priority == "urgent") is hurt
