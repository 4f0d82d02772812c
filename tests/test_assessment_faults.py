"""Real faults said in a customer's own words go to product quality, not to the default
category: parts that break or come off, leaks, software and power faults. The keywords are
stems in config.yml; every sentence here was written after them and is in no list."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

import pytest

from bot.settings import load_settings
from handlers.assessment import assess
from handlers.policy import Policy

CONFIG = Path(__file__).resolve().parent.parent / "config.yml"
RECEIVED = datetime(2026, 11, 26, 9, 0, tzinfo=timezone.utc)

FAULTS = [
    "the freezer stopped freezing and the peas thawed",  # found by hand: filed as general
    "김치냉장고가 통 얼지를 않아요",
    "the hinge cracked after a week",
    "the glass door shattered when I closed it",
    "the knob came off in my hand",
    "one of the legs fell off",
    "the handle snapped clean off",
    "the lid broke off the first time I opened it",
    "the app crashes every time I open it",
    "it keeps rebooting by itself",
    "the screen freezes every few minutes",
    "the rubber seal is peeling away",
    "the app logs me out every single day",
    "it keeps switching off in the middle of a wash",
    "water leaks out of the washing machine door",
    "the drawer is stuck and won't open",
    "the fan makes a horrible grinding sound",
    "the door handle came loose and fell out",
    "my earbuds keep cutting out and the case lid snapped",
    "the display shattered inside the box",
    "the tv restarts on its own at night",
    "the kettle lid popped off while pouring",
    "mould is growing inside the washing machine seal",
    "the blender jams after a few seconds",
    "the speaker buzzes constantly",
    "뚜껑이 부러졌어요",
    "손잡이가 떨어져 나갔어요",
    "유리가 깨져버렸어요",
    "다리 하나가 빠져버렸어요",
    "앱이 계속 튕겨서 못 쓰겠어요",
    "화면이 자꾸 꺼졌다 켜졌다 해요",
    "문짝이 휘어져서 안 닫혀요",
    "정수기에서 물이 샜어요",
    "세탁기 문 고무가 찢어졌어요",
    "건조기가 멈췄어요 에러가 떠요",
    "선반이 부서졌어요",
    "냉장고 문 손잡이가 부러져서 덜렁거려요",
    "로그인해도 자꾸 로그아웃돼요",
    "노트북 경첩이 부러짐",
    "청소기 바퀴가 빠졌어요",
    "게임하면 자꾸 튕김",
    "티비가 혼자 꺼짐",
    "식기세척기 아래로 물이 새고 있어요",
    "유리 상판에 금갔어요",
    "에어컨에서 곰팡이 냄새가 나요",
    "의자 다리가 휘었어요",
]


@pytest.fixture(scope="module")
def policy() -> Policy:
    return load_settings({"COMPLAINTBOT_CONFIG": str(CONFIG)}).policy


@pytest.mark.parametrize("text", FAULTS)
def test_a_fault_in_other_words_goes_to_product_quality(policy: Policy, text: str) -> None:
    result = assess(policy, description=text, product="", received_at=RECEIVED)
    assert result.category == "product", result.matched
    assert policy.team_for(result.category) == "product-quality"


@pytest.mark.parametrize(
    ("text", "category"),
    [
        # money leaving the card is billing, whatever else the words can mean
        ("카드에서 돈이 빠졌어요", "billing"),
        ("같은 주문인데 카드에서 두 번 빠져나갔어요", "billing"),
        ("I was ripped off, the price doubled at checkout", "billing"),
    ],
)
def test_words_shared_with_billing_go_to_billing_when_money_is_named(
    policy: Policy, text: str, category: str
) -> None:
    result = assess(policy, description=text, product="", received_at=RECEIVED)
    assert result.category == category, result.matched


@pytest.mark.parametrize(
    ("text", "product", "category"),
    [
        # round 7 (trial AN): a product's fault filed as delivery or general, as it was ordered
        ("홈쇼핑서 주문헌 온수매트여유. 한짝만 뜨뜻허구 한짝은 영 냉골이유", "온수매트", "product"),
        ("약국에서 산 혈압 재는 기계가 잴때마다 숫자가 엉망이에요", "혈압계", "product"),
        (
            "my fan wont hold charge at all, I bought it at the Ikeja outlet",
            "standing fan",
            "product",
        ),
        # held out
        ("인터넷으로 주문한 전기요가 안 따뜻해요", "전기요", "product"),
        ("ordered a power bank, doesn't hold a charge", "power bank", "product"),
        # a delivery is named by its own words, ordered or not
        ("주문한 게 일주일째 안 왔어요", "택배", "delivery"),
        ("my order never arrived", "order", "delivery"),
    ],
)
def test_how_a_thing_was_bought_names_no_category(
    policy: Policy, text: str, product: str, category: str
) -> None:
    result = assess(policy, description=text, product=product, received_at=RECEIVED)
    assert result.category == category, result.matched
