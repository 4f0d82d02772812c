"""The values a message names (handlers/values.py) and what is left of an answer once what
is said around it is taken off (handlers/answers.py): products from the catalogue and from
the kinds of product in `nlu/vocabulary/products.yml`, with where they stand. Phrasings are
not the vocabularies' own lines."""

from __future__ import annotations

import logging
from datetime import date

import pytest

from bot.settings import load_settings
from handlers.answers import noun_phrase, phrases, without_irritation
from handlers.reading import read
from handlers.values import Scope, best, values_in
from tests.helpers import reading_scope

POLICY = load_settings().policy
SCOPE = Scope(POLICY.products, date(2026, 11, 26), POLICY.phone_region, POLICY.own_contacts)


@pytest.mark.parametrize(
    ("text", "product"),
    [
        ("테레비 화면이 안 나와요", "테레비"),  # the trial's
        ("my 85 inch QLED has lines across the screen", "85 inch QLED"),
        ("I want to complain about my soundbar order", "soundbar order"),
        ("my new 65 inch oled tv flickers", "65 inch oled tv"),
        ("the dyson vacuum stopped sucking", "dyson vacuum"),
        ("우리집 김치냉장고가 고장났어요", "김치냉장고"),  # a compound, with its particle
        ("엘지 티비가 안 켜져요", "엘지 티비"),
        ("삼성 에어컨에서 물이 떨어져요", "삼성 에어컨"),
        ("정수기 설치가 잘못됐어요", "정수기 설치"),
        ("my phone charger cable frayed", "phone charger cable"),
        ("my galaxy buds fe wont pair", "Galaxy Buds FE"),  # the catalogue's name first
        # round 16 (trials BE, BF): a service or a thing no vocabulary names, as the subject
        # "the" leads, or as what was left to be done
        ("the number 13 bus never came this morning and I missed the doctor", "number 13 bus"),
        ("so the 9:10 shuttle didn't turn up again", "9:10 shuttle"),
        ("면접 정장 바지를 수선 맡겼는데 7cm나 짧게 잘라놨어요", "면접 정장 바지"),
        ("세탁 맡긴 패딩 점퍼가 줄어들어서 왔어요", "패딩 점퍼"),
        # the thing bought by the box, beside the way it was bought; the service told of, not
        # where it is (round 16, trial BF c02 c05)
        ("인터넷으로 태국 라면 한 박스 샀어요 근데 유통기한 지났어요", "태국 라면"),
        # held out
        ("온라인으로 생수 두 박스 시켰는데 다 터져서 왔어요", "생수"),
    ],
)
def test_a_product_named_in_a_sentence_is_found_with_its_name(text: str, product: str) -> None:
    found = best(values_in(text, SCOPE), "product")
    assert found is not None and found.value == product
    if found.confidence < 1:  # the customer's words, where they stand
        assert text[found.start : found.end] == product


@pytest.mark.parametrize(
    ("text", "product"),
    [
        # stop 38: a place whose service it is had been no product ("Which product or
        # service is it about?" asked again); a thing named there is the product
        ("i want to complain about my gym, i slipped on a wet floor near the showers", "gym"),
        ("헬스장에서 바닥이 미끄러워서 넘어졌어요", "헬스장"),
        ("the restaurant gave me food poisoning", "restaurant"),
        ("미용실에서 머리를 망쳤어요", "미용실"),
        ("I went to the cafe to buy a coffee machine and it leaks", "coffee machine"),
        ("카페에서 산 텀블러가 새요", "텀블러"),
        ("the hotel was awful and the kettle in the room sparked", "kettle"),
    ],
)
def test_a_place_is_the_product_only_where_no_thing_is_named(text: str, product: str) -> None:
    found = best(values_in(text, SCOPE), "product")
    assert found is not None and found.value == product


@pytest.mark.parametrize(
    ("text", "product"),
    [
        ("it's the subwoofer, not the soundbar", "subwoofer"),
        ("not the fridge, the freezer", "freezer"),
        ("세탁기 말고 건조기요", "건조기"),
        ("냉장고 아니고 김치냉장고예요", "김치냉장고"),
    ],
)
def test_a_product_turned_down_is_not_the_product(text: str, product: str) -> None:
    assert [v.value for v in values_in(text, SCOPE) if v.kind == "product"] == [product]


@pytest.mark.parametrize(
    ("text", "product"),
    [
        # round 16 (trial BF c02): where the service is, stored as the product
        ("동구 사택 인터넷이 금욜 밤부터 먹통이라고", "인터넷"),
        # held out
        ("본가 아파트 인터넷이 또 끊겼어요", "인터넷"),
    ],
)
def test_the_service_told_of_is_the_product_not_where_it_is(text: str, product: str) -> None:
    found = best(values_in(text, reading_scope("ko")), "product")
    assert found is not None and found.value == product


@pytest.mark.parametrize(
    "text",
    [
        "my order never arrived",
        "the delivery guy was rude",
        "결제가 두 번 됐어요",
        "yes but my phone number changed",  # a phone number is no phone
        "휴대폰 번호가 바뀌었어요",
        # round 14 (trial BA): the mobile named before its number, stored as the product
        "Landline's 01208 872 441 but I'm out with the cows mostly, so the mobile, 07794 310 228",
        "try the mobile, 010-2233-4455",
        # round 15 (trial BC): a day said as owned, stored as the product "yesterday"
        "Small thing: with the time difference, my yesterday was Sunday the 6th, not Monday.",
        # round 15 (trial BC): the person spoken for stored as the product
        # (the water main is a thing now told as the subject, "the" leading its clause)
        "water's been cut off by your road works, my tenant has a 4 month old baby",
        # round 16 (trials BE, BF): where someone lives, and the people "the" leads
        "저는 오사카에 사는 재일교포 3세입니다",
        # round 17 (trial BH c01): the analyser reading 사는 as a noun and its particle
        "여보슈 나 서산 운산면 사는 늙은이유",
        "나는 광주 사는 정순자여",
        "the guy at the counter was so rude to my mum",
        "I waited all day and the engineer never came",
        # a kind's word in a saying, a way of contact turned down (round 16, trial BE c5 c10)
        "I had to miss the doctor's on Wednesday on account of it",
        "hello. me deaf. phone call no. text only please.",
    ],
)
def test_no_product_is_made_up(text: str) -> None:
    assert best(values_in(text, SCOPE), "product") is None


@pytest.mark.parametrize(
    ("answer", "phrase"),
    [
        # the trial's, stored whole or refused before
        ("soundbar?? i literally said it", "soundbar"),
        ("정수기!!!", "정수기"),
        ("공기청정기요 ㅠ", "공기청정기"),
        ("staff. store service.", "store service"),
        ("정수기 렌탈이요 방금 말했잖아요", "정수기 렌탈"),
        ("용산 서비스센터 접수 창구요", "용산 서비스센터 접수 창구"),  # a filler inside stays
        # new phrasings
        ("dishwasher!! i told you already", "dishwasher"),
        ("the fridge i told you already", "fridge"),
        ("hmm the blender. like i said", "blender"),
        ("냉장고요 아까 말했는데", "냉장고"),
        ("청소기요 몇번을 말해요", "청소기"),
        ("에어컨이요ㅠㅠ", "에어컨"),
        ("home delivery service", "home delivery service"),
    ],
)
def test_the_name_is_taken_out_of_a_short_answer(answer: str, phrase: str) -> None:
    found = noun_phrase(answer)
    assert found is not None and answer[found.start : found.end] == phrase


@pytest.mark.parametrize(
    "answer",
    [
        "탈수할 때마다 덜컹거리고 바닥이 흔들려요",
        "it bangs every time it spins and the floor shakes",
    ],
)
def test_a_sentence_is_no_name(answer: str) -> None:
    assert noun_phrase(answer) is None
    assert any(p.sentence for p in phrases(answer))


@pytest.mark.parametrize(
    ("text", "left"),
    [
        ("i literally just told u. dave miller", "dave miller"),
        ("아까 말했잖아요 박서준", "박서준"),
        ("An Jae-hyun", "An Jae-hyun"),  # a surname that is also a word stays
    ],
)
def test_irritation_is_taken_off_an_answer(text: str, left: str) -> None:
    assert without_irritation(text) == left


def test_a_sentence_keeps_its_other_words_where_a_value_was_taken() -> None:
    text = "repair I guess. but have a human call me monday"
    remedy = best(values_in(text, SCOPE), "remedy")
    assert remedy is not None and remedy.value == "Repair"
    rest = phrases(text, [remedy.span])
    assert [text[p.start : p.end] for p in rest] == ["have a human call me monday"]


def test_each_reading_logs_its_values_without_the_customers_words(caplog) -> None:
    text = "my dryer broke, name's dave miller, dave.m@gmail.com, i want a refund"
    with caplog.at_level(logging.DEBUG, logger="handlers.reading"):
        reading = read({"text": text, "intent": {"name": "inform", "confidence": 0.91}}, SCOPE)
    kinds = [v.kind for v in reading.values]
    assert kinds == ["product", "name", "contact", "remedy"]
    [record] = [r for r in caplog.records if r.getMessage() == "message.read"]
    assert record.levelno == logging.DEBUG
    logged = repr(record.__dict__)
    assert "dave" not in logged and "dryer" not in logged
    assert [kind for kind, *_ in record.values] == kinds  # type: ignore[attr-defined]


def test_the_entity_extractors_product_words_are_all_in_the_vocabulary() -> None:
    """The classifier's product regex (nlu/data/regexes.yml) and products.yml must not drift
    apart: a product the extractor finds is one the form finds too."""
    import re
    from pathlib import Path

    import yaml

    from handlers.vocabulary import load

    data = Path(__file__).resolve().parent.parent / "nlu" / "data" / "regexes.yml"
    [entry] = [e for e in yaml.safe_load(data.read_text())["nlu"] if e.get("regex") == "product"]
    said = {
        word
        for line in entry["examples"].splitlines()
        for word in re.sub(r"\\b|\(\?:|\)|^- ", "", line.strip()).split("|")
        if re.fullmatch(r"[\w ]+", word)
    }
    products = load("products")
    known = {
        str(w).lower() for key in ("kinds", "after_kind", "brands") for w in products[key]["en"]
    } | {str(w).lower() for key in ("kinds", "after_kind", "brands") for w in products[key]["ko"]}
    assert sorted(w for w in said if w.lower() not in known) == []
    assert len(said) > 100


@pytest.mark.parametrize(
    "text",
    [
        "  정수기요 방금 말했잖아요",
        "용산   서비스센터\n접수 창구요",
        "010-1111-2222 말고 010-3333-4444로",
    ],
)
def test_each_word_keeps_its_place_in_the_text(text: str) -> None:
    """Spans are the text's own: the analyser counts from its first word, and a number
    misleads it into a counter ("… 말고" read as 월말's 말) unless read again alone."""
    from handlers.words import tokens

    found = tokens(text)
    assert found
    for token in found:
        assert text[token.start : token.end].strip() and not text[token.start].isspace()
    if "말고" in text:
        assert "말다" in [t.word for t in found]
