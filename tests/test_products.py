"""The product catalogue: products found in what customers write, and routing by product."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from bot.settings import load_settings
from handlers.assessment import assess
from handlers.products import (
    Product,
    answered_product,
    find_product,
    product_answer,
    product_name,
)

POLICY = load_settings().policy


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("my LG OLED C3 tv has dead pixels", "LG OLED C3"),
        ("갤럭시 버즈가 한쪽만 들려요", "Galaxy Buds"),  # not the phone: "갤럭시" is shorter
        ("갤럭시 버즈 FE 샀는데 충전이 안 돼요", "Galaxy Buds FE"),
        ("EP-P5400 caught fire on my desk", "Wireless charger"),  # model number
        ("ep-p5400 melted", "Wireless charger"),  # in any case
        ("Galaxy Watch 6 strap snapped", "Galaxy Watch 6"),
        ("galaxy tab s9 screen flickers", "Galaxy Tab S9"),
        ("my SM-R400N buds won't pair", "Galaxy Buds FE"),
        ("버즈가 한쪽만 충전이 안 돼요", "Galaxy Buds"),  # Korean particle after the alias
        ("비스포크 냉장고에서 소리가 나요", "Bespoke refrigerator"),
    ],
)
def test_a_product_is_found_by_alias_or_model_number(text: str, expected: str) -> None:
    assert product_name(POLICY.products, text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "my order never arrived",
        "the software update broke it",  # "s" + "oftware": no alias inside a word
        "XEP-P5400Z is not a model we sell",  # a pattern is matched whole, not inside a code
        "버즈니스 미팅",  # Korean alias only at the start of a word with a particle after
        "my fridge is leaking",  # generic words are not catalogue products
        "watchful",
    ],
)
def test_nothing_is_found_where_no_product_is_named(text: str) -> None:
    assert find_product(POLICY.products, text) is None


def test_equal_mentions_keep_catalogue_order() -> None:
    catalogue = (Product("First", aliases=("pad",)), Product("Second", aliases=("pad",)))
    assert product_name(catalogue, "my pad") == "First"


@pytest.mark.parametrize(
    ("answer", "expected"),
    [
        ("galaxy tab s9", "Galaxy Tab S9"),
        ("my galaxy watch 6", "Galaxy Watch 6"),
        ("제 갤럭시 버즈요", "Galaxy Buds"),
        ("the EP-P5400", "Wireless charger"),
        ("LG OLED C3 65 inch", None),  # says more than the name: keep the customer's words
        ("a lamp", None),
    ],
)
def test_an_answer_that_is_just_a_product_gets_its_catalogue_name(
    answer: str, expected: str | None
) -> None:
    assert answered_product(POLICY.products, answer) == expected


NOW = datetime(2026, 11, 26, 3, 0, tzinfo=timezone.utc)


def test_a_catalogue_product_routes_a_complaint_that_names_no_category() -> None:
    plain = assess(
        POLICY,
        description="something odd happened with it one day",
        product="my thing",
        received_at=NOW,
    )
    assert plain.category == POLICY.default_category
    buds = assess(
        POLICY,
        description="something odd happened with it one day",
        product="Galaxy Buds",
        received_at=NOW,
    )
    assert buds.category == "product"
    plan = assess(
        POLICY,
        description="it renewed itself without asking me",
        product="Premium Care plan",
        received_at=NOW,
    )
    assert plan.category == "billing"


def test_words_of_what_happened_still_decide_over_the_catalogue() -> None:
    late = assess(POLICY, description="it never arrived", product="Galaxy Buds", received_at=NOW)
    assert late.category == "delivery"
    fire = assess(
        POLICY, description="it caught fire", product="Premium Care plan", received_at=NOW
    )
    assert fire.category == "safety"


@pytest.mark.parametrize(
    ("answer", "said", "expected"),
    [
        # given where the remedy was asked (hand trials, in both languages)
        ("samsung 25w charger", "charger", "samsung 25w charger"),
        ("삼성 그랑데 세탁기요", "세탁기", "삼성 그랑데 세탁기"),
        ("갤럭시 무선충전기요", "충전기", "갤럭시 무선충전기"),
        ("its the smeg kettle", "kettle", "smeg kettle"),
        ("it's my phone", "phone", "phone"),
        ("galaxy tab s9", None, "Galaxy Tab S9"),  # the catalogue's name
        ("EP-P5400", None, "Wireless charger"),
    ],
)
def test_an_answer_that_is_only_a_product_is_that_product(
    answer: str, said: str | None, expected: str
) -> None:
    assert product_answer(POLICY.products, answer, said) == expected


@pytest.mark.parametrize(
    ("answer", "said"),
    [
        ("refund", None),
        ("I want the charger to work", "charger"),  # a wish in the customer's own words
        ("a charger that works", "charger"),
        ("새 충전기로 바꿔 주세요", "충전기"),
        ("just send me another kettle please", "kettle"),
        ("the kettle leaks all over the counter every time", "kettle"),  # what happened
        ("my order never arrived", None),
    ],
)
def test_an_answer_that_says_more_than_a_product_is_not_one(answer: str, said: str | None) -> None:
    assert product_answer(POLICY.products, answer, said) is None


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("케어플랜 해지해 주세요", "Premium Care plan"),  # trial F: "케어 플랜" in the catalogue
        ("케어 플랜이 결제됐어요", "Premium Care plan"),
        ("프리미엄케어플랜 빠져나갔어요", None),  # no word of its own starts there
    ],
)
def test_a_korean_alias_is_found_with_or_without_its_space(text: str, named: str | None) -> None:
    from handlers.products import Product, product_name

    catalogue = (
        Product("Premium Care plan", aliases=("케어 플랜", "care plan"), category="billing"),
    )
    assert product_name(catalogue, text) == named


@pytest.mark.parametrize(
    ("answer", "said", "product"),
    [
        # round 8 (trial AO): what the thing is contrasted with was kept in its name
        ("It's a kettle no a mortgage", "kettle", "kettle"),
        # held out
        ("its a toaster not a spaceship", "toaster", "toaster"),
        ("it's the smeg kettle", "smeg kettle", "smeg kettle"),
    ],
)
def test_what_the_thing_is_contrasted_with_is_no_part_of_its_name(
    answer: str, said: str, product: str
) -> None:
    assert product_answer(POLICY.products, answer, said) == product
