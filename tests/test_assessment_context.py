"""Keywords read in their clause (`handlers/clauses.py`, `nlu/vocabulary/assessment.yml`): a
negated danger or fault does not count, nor one whose subject or object is something other
than the product; the same words said plainly still do. Every sentence here was written after
the vocabulary and is in none of its lists."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

import pytest

from bot.settings import load_settings
from handlers.assessment import assess, safety_words
from handlers.clauses import keywords_said
from handlers.policy import Policy

CONFIG = Path(__file__).resolve().parent.parent / "config.yml"
RECEIVED = datetime(2026, 11, 26, 9, 0, tzinfo=timezone.utc)


@pytest.fixture(scope="module")
def policy() -> Policy:
    return load_settings({"COMPLAINTBOT_CONFIG": str(CONFIG)}).policy


def _assess(policy: Policy, text: str):
    return assess(policy, description=text, product="", received_at=RECEIVED)


@pytest.mark.parametrize(
    "text",
    [
        "no smoke came out, it just stopped",
        "It never caught fire, it only gets a bit warm",
        "nobody was injured thankfully but the door fell off",
        "The charger didn't overheat or melt, it just won't charge",
        "i wasnt hurt and theres no burn mark",
        "it doesn't smoke anymore since the repair",
        "연기는 전혀 안 났어요 그냥 소리만 나요",
        "다친 사람은 없어요 문이 안 닫혀요",
        "불꽃이 튀지는 않았어요",
        "과열되지 않았고 화면만 안 나와요",
        "감전된 건 아니고 전원이 안 켜져요",
    ],
)
def test_a_negated_danger_is_no_danger(policy: Policy, text: str) -> None:
    assert safety_words(policy, text) == []
    result = _assess(policy, text)
    assert (result.category, result.priority) != ("safety", "urgent")


@pytest.mark.parametrize(
    "text",
    [
        "it made a loud bang and then smoke came out",
        "there was smoke, no warning at all",  # the negation is in another clause
        "my son got burned by the kettle",
        "it won't stop sparking",  # "stop" undoes the negation
        "the toaster burnt my fingers",
        "the plug melted",
        "충전하다가 연기가 났어요",
        "연기가 나고 안 꺼져요",  # the negation is in the next clause
        "전기장판이 과열돼서 화상을 입었어요",
        # trials S and T: someone unwell after eating, food named beside it or not; the food
        # context cancels only what heat does to food ("burnt my bread")
        "got food poisoning from the chicken",
        "코팅이 벗겨져서 치킨너겟에 검은 가루가 묻어 나왔어요. 딸이 먹고 나서 배 아프다고 하네요",
        "my son threw up after eating the yoghurt",
        "아이가 이유식 먹고 토했어요",  # held out
        "the chicken poisoned my kid",  # food as the subject: still a danger
    ],
)
def test_a_danger_said_plainly_is_a_danger(policy: Policy, text: str) -> None:
    assert safety_words(policy, text)
    result = _assess(policy, text)
    assert (result.category, result.priority) == ("safety", "urgent")


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("friday doesnt work for me, can the engineer come monday", "general"),
        ("sorry, that afternoon does not work", "general"),
        ("목요일은 안 돼요 금요일에 와주세요", "general"),
        ("그 시간은 안 돼요", "general"),
        ("안 돼요 그때는", "general"),
        # the day is when it happened, not what did not work
        ("the fridge stopped working on tuesday", "product"),
        ("월요일에 고장났어요", "product"),
    ],
)
def test_a_day_that_does_not_suit_is_no_fault(policy: Policy, text: str, category: str) -> None:
    assert _assess(policy, text).category == category


@pytest.mark.parametrize(
    "text",
    [
        "somebody leaked my personal information",
        "my account details got leaked online",
        "고객 정보가 새어 나갔어요",
    ],
)
def test_leaked_data_is_a_privacy_matter_not_a_leaking_product(policy: Policy, text: str) -> None:
    result = _assess(policy, text)
    assert result.category != "product"
    assert result.priority == "high"


@pytest.mark.parametrize(
    "text",
    [
        "my sandwich got burnt in the new grill",
        "popcorn burned in the microwave even on low",
        "the oven burns every pizza",
        "빵 탄 냄새가 나요",
        "토스트가 다 그을렸어요",
        "냉동실 아이스크림이 다 녹았어요",
    ],
)
def test_burnt_or_melted_food_is_a_fault_without_danger(policy: Policy, text: str) -> None:
    assert safety_words(policy, text) == []
    result = _assess(policy, text)
    assert (result.category, result.priority) == ("product", "normal")


@pytest.mark.parametrize(
    "text",
    [
        "the dishwasher leaked all over my kitchen floor",
        "my fridge is leaking from the bottom",
        "냉장고 밑에서 물이 새요",
    ],
)
def test_a_leaking_appliance_is_still_a_fault(policy: Policy, text: str) -> None:
    assert _assess(policy, text).category == "product"


def test_what_should_happen_is_a_complaint_when_it_did_not(policy: Policy) -> None:
    """Negation does not cancel what should happen: its absence is the complaint."""
    assert _assess(policy, "the parcel never arrived").category == "delivery"
    assert _assess(policy, "I haven't received my refund").category == "billing"
    assert _assess(policy, "택배가 아직 안 왔어요").category == "delivery"


def test_a_keyword_of_parts_needs_every_part(policy: Policy) -> None:
    assert keywords_said(["points & card & charged"], "points taken and card charged") == [
        "points & card & charged"
    ]
    assert keywords_said(["points & card & charged"], "I paid with points") == []
    assert keywords_said(["points & card & charged"], "no points, card not charged") == []


@pytest.mark.parametrize(
    "text",
    [
        "the washer you installed on monday is leaking everywhere",
        "the dryer delivered last friday stopped working",
        "bought it in the morning sale and by the evening the screen was cracked",
    ],
)
def test_a_day_after_a_preposition_says_when_not_what(text: str) -> None:
    assert keywords_said(["leak*", "stopped working", "crack*"], text)


@pytest.mark.parametrize(
    "text",
    [
        "hello my dehumidifier tank leaking onto my parquet floor, wah the floor all swell up",
        "the washing machine leaked and now the laminate floor has swollen",
        "the fridge leaked and the kitchen cabinet swelled up",
        "정수기 물이 새서 마룻바닥이 부풀었어요",
    ],
)
def test_the_home_swollen_by_a_leak_is_damage_not_danger(policy: Policy, text: str) -> None:
    """The trial's "Wah the floor all swell up" got the 119 advice and urgent."""
    assert safety_words(policy, text) == []
    result = _assess(policy, text)
    assert (result.category, result.priority) == ("product", "normal")


@pytest.mark.parametrize(
    "text",
    [
        "아이가 카시트에 갇혀서 벨트를 잘라야 했어요",
        "my son's finger got trapped in the folding high chair and we had to cut him free",
        "the cot side collapsed and my baby was stuck underneath",
        "아이가 유모차 안전벨트에 끼어서 빠지지 않았어요",
    ],
)
def test_a_person_caught_in_the_product_is_a_danger(policy: Policy, text: str) -> None:
    result = _assess(policy, text)
    assert (result.category, result.priority) == ("safety", "urgent")


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("Well the trouble is the motor has stopped. It went up on Sunday morning", "product"),
        ("the motor on my blender has stopped", "product"),
        ("안마의자 모터가 멈췄어요", "product"),
        ("so ma nike pegasus 41 came n theres 2 LEFT shoes in the box", "delivery"),
        ("I got two different sizes of boots in the box", "delivery"),
        ("주문한 것과 다른 색상이 왔어요", "delivery"),
    ],
)
def test_a_stopped_motor_or_a_wrong_item_is_no_general_matter(
    policy: Policy, text: str, category: str
) -> None:
    assert _assess(policy, text).category == category


@pytest.mark.parametrize(
    "text",
    [
        # held out: "missing" and "2 left" of money or stock are no wrong item delivered
        "it said only 2 left in stock",
        "missing payment on my statement, you took 50 pounds twice",
        "my refund is missing, it's been 3 weeks",
        "the cashback credit is missing from my account",
        "포인트 적립이 누락됐어요",
    ],
)
def test_missing_money_or_stock_left_is_no_delivery(policy: Policy, text: str) -> None:
    assert _assess(policy, text).category != "delivery"


@pytest.mark.parametrize(
    "text",
    ["the box was missing a shelf", "의자 부품이 누락되어 왔어요", "parcel came with 2 left shoes"],
)
def test_a_part_missing_from_the_order_is_delivery(policy: Policy, text: str) -> None:
    assert _assess(policy, text).category == "delivery"


@pytest.mark.parametrize(
    ("text", "danger"),
    [
        # trials M and O: a yes in words confirmed the read-back and filed a cracked TV as
        # urgent safety
        ("yup, fire away", False),
        ("grand so, fire away", False),
        # written before they were tried
        ("honestly this is killing me, the tv is cracked", False),
        ("열받아서 미치겠어요 화면이 깨졌어요", False),
        ("the charger caught fire", True),
        ("충전기에서 불이 났어요", True),
        ("shocking service, and the kettle gave me a shock", True),
    ],
)
def test_a_saying_names_no_danger(policy: Policy, text: str, danger: bool) -> None:
    from handlers.assessment import safety_words

    assert bool(safety_words(policy, text)) is danger


@pytest.mark.parametrize(
    ("text", "category"),
    [
        # trials O, N, P: a person arriving is no delivery; how staff behaved is service
        (
            "The fridge has failed to keep food cold. I must step away now, my daughter has just "
            "arrived.",
            "general",
        ),
        (
            "세탁기 고치러 온 수리기사님이 한숨 쉬고 반말하다가 출장비만 받고 가셨어요. 서비스 최고네요",
            "service",
        ),
        (
            "교환하러 갔는데 직원이 제 얼굴도 안 쳐다보고 '그건 안돼요' 한마디 하고 끝이더라구요",
            "service",
        ),
        # written before the fix was tried on them
        ("Sorry, I have to go, my son just arrived. The washing machine still leaks.", "product"),
        ("My oven door is cracked. Have to run, guests are arriving.", "product"),
        ("The engineer who came to fix my dryer was rude and swore at my wife", "service"),
        ("Your technician shouted at my mother and left the TV unmounted", "service"),
        ("the installer was condescending and dismissive about my broken hob", "service"),
        ("딸이 도착해서 이제야 글 남겨요. 냉장고가 시원하지 않아요", "product"),
        ("기사님이 반말하고 욕설까지 했어요. 에어컨 설치는 하고 갔어요", "service"),
        ("상담원이 비꼬듯이 말하고 무시하더라고요", "service"),
        ("남편이 도착하면 다시 연락할게요. 건조기 소음이 너무 심해요", "product"),
        ("아들이 방금 도착했어요. 전자레인지가 작동을 안 해요", "product"),
    ],
)
def test_a_person_arriving_is_no_delivery_and_staff_conduct_is_service(
    policy: Policy, text: str, category: str
) -> None:
    assert _assess(policy, text).category == category


@pytest.mark.parametrize(
    "text",
    [
        # trial P: a foreign object in a baby's formula was filed general / normal
        "아기 분유 캔 땄는데 안에 까만 플라스틱 조각이 들어있었어요 애기가 먹기 직전에 발견했네요",
        "I found a black plastic shard in the baby formula",
        # written before the fix was tried on them
        "found a piece of glass in the baby food jar",
        "a small part snapped off the teether and my baby nearly swallowed it",
        "plastic fragments in the formula powder",
        "the toy's eye came loose, a real choking hazard",
        "이유식에 금속 조각이 들어 있었어요",
        "젖병 꼭지에서 플라스틱 파편이 나왔어요",
        "과자 봉지에서 이물질이 나왔어요 아이가 먹을 뻔했어요",
        "장난감 부품이 빠져서 아기가 삼킬 뻔했어요",
        "분유에 유리조각 같은 게 보여요",
    ],
)
def test_a_foreign_object_in_food_or_a_choking_hazard_is_a_danger(
    policy: Policy, text: str
) -> None:
    assessed = _assess(policy, text)
    assert (assessed.category, assessed.priority) == ("safety", "urgent")


@pytest.mark.parametrize(
    "text",
    ["the glass shelf in my fridge cracked, food everywhere", "세탁기 나사가 빠져서 물이 새요"],
)
def test_a_products_own_glass_or_screw_is_no_foreign_object(policy: Policy, text: str) -> None:
    assert _assess(policy, text).category == "product"


@pytest.mark.parametrize(
    "text",
    [
        # trial U: an edit asked at the read-back filed a late parcel as urgent safety
        "Also cut my sarcasm out of the story, your staff don't need it",
        "cut my name from the description please",  # held out
    ],
)
def test_cutting_words_is_no_injury(policy: Policy, text: str) -> None:
    assert safety_words(policy, text) == []


def test_a_cut_finger_is_an_injury(policy: Policy) -> None:
    assert safety_words(policy, "the blender blade came loose and cut my finger")
