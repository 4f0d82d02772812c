"""The same complaint gets the same priority in English and in Korean, and a combination is
at least as pressing as its worst part (points used and the card charged too is a double
charge). Every sentence here was written after the keywords and is in no list."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

import pytest

from bot.settings import load_settings
from handlers.assessment import assess
from handlers.policy import Policy

CONFIG = Path(__file__).resolve().parent.parent / "config.yml"
RECEIVED = datetime(2026, 11, 26, 9, 0, tzinfo=timezone.utc)

# (meaning, English, Korean, priority)
SAME_MEANING = [
    # round 12 (trials AW, AX): stored normal
    (
        "an elderly customer without heating",
        "my wife and I are both in our eighties and the boiler hasn't come on since Thursday",
        "보일러가 사흘째 안 돌아가 이 추운디 늙은이 혼자 사는디 방이 얼음장이여라",
        "urgent",
    ),
    (
        "a child hurt when the brakes failed",
        "the brake snapped off and my son went flying, his knees are all grazed",
        "브레이크가 부러져서 아이가 넘어져 다쳤어요",
        "urgent",
    ),
    # round 13 (trial AZ): stored normal
    (
        "a child stitched up after a fall",
        "the scooter handle snapped, he fell and went to A&E for stitches",
        "손잡이가 뚝 뿌러지삐가 아가 넘어져 이마가 찢어짔다 아인교. 병원 가가 일곱 바늘 꼬맸심더",
        "urgent",
    ),
    # round 14 (trials BA, BB): stored normal, one of them billing
    (
        "someone on oxygen without heat",
        "we ain't had no heat nor hot water for four days now. My husband Earl is 84 and on "
        "his oxygen",
        "내 나이 일흔여섯에 다리도 성치않은데 보일러가 고장나서 방이 냉골이다",
        "urgent",
    ),
    (
        "someone bedbound without water",
        "Water's been off since Friday. Mother's 91 and bedbound, we're carrying it in buckets",
        "어제 아침부터 물이 한방울도 안나온다. 내 나이 일흔여섯에 다리도 성치않다",
        "urgent",
    ),
    # round 16 (trial BE c1, c5): stored normal
    (
        "children without hot water",
        "the engineer never showed, no hot water since Tuesday and I've three kids",
        "애들이 셋인데 보일러가 고장나서 온수가 안 나와요",
        "urgent",
    ),
    (
        "an old man's heating off (the stop's own try)",
        "I'm writing for my dad, he's 82. His storage heater's been off for four days now",
        "아버지 댁 보일러가 고장 나서 사흘째 추워요 연세가 여든이세요",
        "urgent",
    ),
    (
        "a deaf customer turned away",
        "me deaf. yesterday pharmacy staff refuse write, tell me go away",
        "저는 농인인데 약국 직원이 필담을 거부하고 나가라고 했어요",
        "high",
    ),
    (
        "a baby without hot water",
        "my 7-month-old baby has had no hot water for bathing since the water heater died",
        "7개월 아기가 있는데 전기 온수기가 고장나서 따뜻한 물이 안 나와요",
        "urgent",
    ),
    # held out
    (
        "a grandmother without heating",
        "my gran lives on her own and the boiler has packed in, it's freezing in there",
        "할머니 혼자 사시는데 보일러가 사흘째 안 돼요 방이 얼음장이에요",
        "urgent",
    ),
    (
        "a pensioner in the cold",
        "I'm a pensioner and the heating's been off for two days, it's freezing",
        "어르신 혼자 계신데 보일러가 고장나서 집이 너무 추워요",
        "urgent",
    ),
    ("a data leak", "my personal information got leaked", "개인정보가 유출됐어요", "high"),
    (
        "another customer's data shown",
        "someone else's order details showed up in my account",
        "제 주문서에 남의 이름이랑 주소가 나와요",
        "high",
    ),
    (
        "data given away without consent",
        "you shared my phone number with a third party without my consent",
        "동의 없이 제 전화번호를 다른 업체에 넘겼어요",
        "high",
    ),
    (
        "an account taken over",
        "my account got hacked and someone placed orders",
        "계정이 해킹당해서 누가 주문했어요",
        "high",
    ),
    (
        "a payment not allowed",
        "someone paid with my card without my permission",
        "누가 제 카드를 무단으로 결제했어요",
        "high",
    ),
    (
        "a double charge",
        "I got billed twice for one subscription",
        "구독료가 두 번 청구됐어요",
        "high",
    ),
    (
        "points and the card both charged",
        "the points were deducted and then my card was charged the full price as well",
        "포인트도 차감되고 카드로도 전액 결제됐어요",
        "high",
    ),
    ("a scam", "this is a scam, the product never existed", "사기당한 것 같아요", "high"),
    ("legal action", "my attorney will be in touch", "법원에 소장을 제출하겠습니다", "urgent"),
    (
        "a suggestion",
        "just an idea, the app could show delivery times",
        "앱에 배송 시간이 보이면 좋겠다는 의견입니다",
        "low",
    ),
]


@pytest.fixture(scope="module")
def policy() -> Policy:
    return load_settings({"COMPLAINTBOT_CONFIG": str(CONFIG)}).policy


def _priority(policy: Policy, text: str) -> str:
    return assess(policy, description=text, product="", received_at=RECEIVED).priority


@pytest.mark.parametrize(
    ("english", "korean", "priority"),
    [case[1:] for case in SAME_MEANING],
    ids=[case[0] for case in SAME_MEANING],
)
def test_one_meaning_one_priority_in_both_languages(
    policy: Policy, english: str, korean: str, priority: str
) -> None:
    assert _priority(policy, english) == priority
    assert _priority(policy, korean) == priority


@pytest.mark.parametrize(
    "text",
    [
        "used my points AND charged my credit card for the same tv",
        "I was charged twice this month for the same order",
        "같은 주문인데 카드에서 두 번 빠져나갔어요",
        "포인트로 결제했는데 카드에서도 돈이 나갔어요",
    ],
)
def test_two_payments_for_one_order_are_at_least_high(policy: Policy, text: str) -> None:
    assert _priority(policy, text) in ("urgent", "high")


@pytest.mark.parametrize(
    "text",
    [
        "I paid with points and the delivery is late",
        "포인트로 결제했는데 배송이 늦어요",
        "the data cable is too short",
        "I wasn't charged twice, it was my mistake, but the screen is cracked",
        "my new card reader doesn't work",
        # round 12 (trial AW): "three burner" had been read as a burn, the safety advice given
        "the regulator is missing from my three burner gas braai",
        "the back burner on my hob won't light",
        # round 13 (trial AY): "fire sticks" read as a fire, the gas-emergency advice given
        "me two fire sticks from yous both died after a week",
        "the smoke alarm I bought beeps for no reason",
        # round 16 (trial BE c2): a scary word naming a thing, the safety advice given twice
        "Had to get Tyler to find the slip, it was in the burn barrel near bout",
        # held out
        "the glass door on my fireplace insert won't close",
        # round 14: someone vulnerable beside no loss of heating or water, or a loss beside
        # nobody vulnerable, or the loss said not to be
        "the baby monitor's screen has a scratch on it",
        "아기 옷을 샀는데 사이즈가 안 맞아요",
        "the boiler makes a clicking noise in the mornings",
        "my nan's new kettle has a wobbly handle",
        "there's no hot water problem, the shower head is just the wrong colour",
    ],
)
def test_one_part_of_a_combination_or_a_negated_one_is_not_high(policy: Policy, text: str) -> None:
    assert _priority(policy, text) == "normal"


@pytest.mark.parametrize(
    ("text", "urgent"),
    [
        # round 15 (trial BD): wheel nuts found loose on a motorway, filed normal delivery
        ("뒷바퀴 너트 2개 풀려있었음. 큰일날뻔", True),
        # held out
        ("the wheel nuts were loose, I could have been killed on the motorway", True),
        ("브레이크가 밀려서 사고 날 뻔했어요", True),
        ("다칠 뻔한 건 아니고 그냥 소리가 나요", False),
        ("I nearly killed myself laughing at your ad, but the kettle leaks", False),
    ],
)
def test_a_near_miss_is_urgent(policy: Policy, text: str, urgent: bool) -> None:
    assert (_priority(policy, text) == "urgent") is urgent
