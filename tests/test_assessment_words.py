"""Words that name no category: a remedy asked for or talked about ("a refund for an app
makes no sense"; only a remedy missing is a fault: "still waiting for my refund"), praise
before a turn ("your staff were super helpful … but the soundbar drops bluetooth") and asking
for a person ("상담사랑 통화하고싶어요"). Each found in a trial, where the category came from
them."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

import pytest

from bot.settings import load_settings
from handlers.assessment import assess, complaint_words
from handlers.policy import Policy

CONFIG = Path(__file__).resolve().parent.parent / "config.yml"
RECEIVED = datetime(2026, 12, 6, 9, 0, tzinfo=timezone.utc)


@pytest.fixture(scope="module")
def policy() -> Policy:
    return load_settings({"COMPLAINTBOT_CONFIG": str(CONFIG)}).policy


def category(policy: Policy, description: str, product: str = "") -> str:
    return assess(policy, description=description, product=product, received_at=RECEIVED).category


@pytest.mark.parametrize(
    "description",
    [
        # the trial's, word for word
        "ok so the app for my robot vaccum keeps loging me out evry 5 min, cant schedule "
        "anything. been like this since the updte on wendsday\njust fix the app?? idk a "
        "refund for an app makes no sense",
        "the app logs me out all the time. honestly a refund is pointless for an app",
        "앱 로그인이 계속 풀려요. 앱인데 환불은 의미가 없잖아요",
        "the app keeps crashing on the login screen. a refund wont help me, i need it working",
        "앱이 자꾸 튕겨요\n환불은 필요 없고 고쳐 주세요",
        "the app freezes on startup, maybe a refund or whatever, i just want it to open",
    ],
)
def test_a_remedy_talked_about_names_no_billing_fault(policy: Policy, description: str) -> None:
    assert category(policy, description, "app") != "billing"


@pytest.mark.parametrize(
    "description",
    [
        "i returned the kettle two weeks ago and i still haven't got my refund",
        "i was promised a refund two weeks ago and nothing",
        "반품한 지 2주가 지났는데 아직 환불이 안 됐어요",
        "환불 처리가 한 달째 안 되고 있어요",
        "where is my refund? you promised it last week",
    ],
)
def test_a_refund_missing_is_a_billing_fault(policy: Policy, description: str) -> None:
    assert category(policy, description) == "billing"


@pytest.mark.parametrize(
    ("description", "product", "expected"),
    [
        # found by hand: "doesn't dock" names no category, a robot vacuum is goods
        ("아 진짜 짜증나네 로봇청소기 산지 2주됐는데 충전독에 안붙어요", "로봇청소기", "product"),
        ("the kettle lid does something weird when i pour", "kettle", "product"),
        ("my account page looks strange to me", "my account", "general"),
        ("정수기 렌탈이 좀 이상해요", "정수기 렌탈", "general"),
    ],
)
def test_goods_go_to_product_quality_when_nothing_names_a_category(
    policy: Policy, description: str, product: str, expected: str
) -> None:
    assert category(policy, description, product) == expected


@pytest.mark.parametrize(
    ("description", "product"),
    [
        (
            "hi there! just wanna say your staff at the gangnam store were super helpful last "
            "month when i bought my tv, really nice guy. BUT the soundbar i got with it keeps "
            "dropping bluetooth every 10 min or so and its driving me nuts",
            "soundbar",
        ),
        (
            "아니 노트북 산지 한달도 안됐는데 화면에 줄 생김 진짜 어이없네 상담사랑 "
            "통화하고싶어요 챗봇말고",
            "노트북",
        ),
        ("the blender makes a weird rattle. i want to talk to a real person not a bot", "blender"),
    ],
)
def test_praise_and_asking_for_a_person_name_no_service_fault(
    policy: Policy, description: str, product: str
) -> None:
    assert category(policy, description, product) == "product"


def test_staff_who_did_wrong_are_still_a_service_fault(policy: Policy) -> None:
    assert category(policy, "직원이 너무 불친절해요 말도 안 들어요") == "service"
    assert category(policy, "the staff at the store were rude to me") == "service"


@pytest.mark.parametrize(
    ("said", "word"),
    [
        ("my earbuds right one has stoped working", "stopped working"),  # trial I's i05
        ("the screen is brokn", "broken"),  # held out
    ],
)
def test_a_fault_word_with_a_letter_left_out_counts(said: str, word: str) -> None:
    assert word in complaint_words(load_settings().policy, said)


@pytest.mark.parametrize("said", ["the charger works", "the lid broke off the first time"])
def test_a_longer_or_other_word_is_no_typo_of_a_keyword(said: str) -> None:
    found = complaint_words(load_settings().policy, said)
    assert "charge" not in found and "fires" not in found


@pytest.mark.parametrize(
    "said",
    [
        "my toaster burns one side of the bread and the lever sticks",  # the fresh clone's try
        "it burns half the bagel",  # held out
    ],
)
def test_burning_a_part_of_the_food_is_no_danger(said: str) -> None:
    from handlers.assessment import safety_words

    assert safety_words(load_settings().policy, said) == []
