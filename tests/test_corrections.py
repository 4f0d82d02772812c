"""A correction in the customer's own words: every field it names, the value turned down left
out, the day settled on taken (handlers/corrections.py, nlu/vocabulary/corrections.yml)."""

from __future__ import annotations

from datetime import date

import pytest

from handlers.corrections import corrections

TODAY = date(2026, 12, 6)  # a Sunday


@pytest.mark.parametrize(
    ("language", "said", "expected"),
    [
        # a trial's read-back: two fields in one message, the second only said once
        (
            "en",
            "close, but it was the weekend before that, sat 28th. and put the product as "
            "cordless stick vacuum pls",
            {"incident_date": "28th", "product": "cordless stick vacuum"},
        ),
        (
            "en",
            "the date is wrong it was the 29th and the product is the dryer not the washer",
            {"incident_date": "29th", "product": "dryer"},
        ),
        (
            "en",
            "actually change the name to Tom Reyes and email tom@x.com",
            {"customer_name": "Tom Reyes", "contact": "tom@x.com"},
        ),
        (
            "en",
            "product should be dryer, date last sunday",
            {"product": "dryer", "incident_date": "last sunday"},
        ),
        (
            "en",
            "wrong product - it's the fridge. also it happened friday not thursday",
            {"product": "fridge", "incident_date": "friday"},
        ),
        (
            "ko",
            "이름 박순자로 바꿔주시고 번호는 010-1111-2222요",
            {"customer_name": "박순자", "contact": "010-1111-2222"},
        ),
        (
            "ko",
            "환불 말고 교환이요, 그리고 어제가 아니라 그저께예요",
            {"desired_outcome": "교환", "incident_date": "그저께"},
        ),
        ("ko", "날짜가 틀렸어요 28일이에요", {"incident_date": "28일"}),
        ("ko", "연락처 010-5656-7878로 바꿔주세요", {"contact": "010-5656-7878"}),
        (
            "en",
            "not refund, repair. and it was yesterday not today",
            {"desired_outcome": "Repair", "incident_date": "yesterday"},
        ),
    ],
)
def test_every_field_a_correction_names_is_read(language: str, said: str, expected: dict) -> None:
    assert corrections(said, TODAY, language) == expected


@pytest.mark.parametrize(
    ("said", "day"),
    [
        ("it was the 2nd, not the 3rd", "2nd"),
        ("the 5th not the 4th", "the 5th"),
        ("not the 4th, the 5th", "the 5th"),
        ("i said thursday not tuesday", "thursday"),
        ("5일이요 4일 말고", "5일"),
        ("어제가 아니라 그저께요", "그저께"),
    ],
)
def test_a_day_turned_down_is_never_the_one_taken(said: str, day: str) -> None:
    assert corrections(said, TODAY, "en").get("incident_date") == day


def test_of_several_days_the_last_one_said_is_meant() -> None:
    """ "it was the weekend before that, sat 28th": the customer settles on the 28th."""
    assert corrections("close, it was the weekend before that, sat 28th", TODAY, "en") == {
        "incident_date": "28th"
    }
    assert corrections("it was monday, no sorry, tuesday", TODAY, "en") == {
        "incident_date": "tuesday"
    }


@pytest.mark.parametrize(
    "said", ["the date is wrong", "no", "my name is 3 days ago", "이름이 틀렸어요"]
)
def test_naming_a_field_without_a_value_changes_nothing(said: str) -> None:
    assert corrections(said, TODAY, "en") == {}


@pytest.mark.parametrize(
    ("said", "expected"),
    [
        # a trial stored the product "still wrong ugh": the field named, its value after
        ("product still wrong ugh. JBL Flip 6", {"product": "JBL Flip 6"}),
        ("the name is wrong. Tom Reyes", {"customer_name": "Tom Reyes"}),
        ("the product is wrong, its the LG one", {"product": "LG one"}),
        ("product still wrong", {}),
    ],
)
def test_a_field_named_without_its_value_takes_the_next_clause(said: str, expected: dict) -> None:
    assert corrections(said, TODAY, "en") == expected


def test_when_to_call_is_no_date_of_what_went_wrong() -> None:
    """A trial's yes at the read-back changed the date to the day a call was asked for."""
    assert corrections("네 근데 월욜 오전에 꼭 전화주세요", TODAY, "ko") == {}


@pytest.mark.parametrize(
    "said",
    [
        # a field said to be right gives the next clause nothing (review)
        "the product is fine, call me monday",
        "product is correct, but please hurry",
        "제품은 맞아요. 빨리 처리해 주세요",
        "my name is ok. anyway thanks",
    ],
)
def test_a_field_said_to_be_right_changes_nothing(said: str) -> None:
    assert corrections(said, TODAY, "en") == {}


def test_a_brand_is_the_product_only_when_said_as_it() -> None:
    from handlers.values import brand_named

    assert brand_named("wait nah its an LG 27 inch, i mixed it up w my old one") == "LG 27 inch"
    assert brand_named("I called Samsung twice already") is None
    assert brand_named("yes but Apple support told me to file here") is None
