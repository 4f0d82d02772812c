"""A first message that gives several details at once, as a letter or in a hurry: each is
taken, none asked again, and the story keeps only what happened. Found by trying the
round-5 customers' kinds in new words (a formal letter, a Scots text, a Korean 민원), then
phrasings nobody tuned for."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from bot.settings import load_settings
from handlers.actions.opening import remedy_in_opening
from handlers.answers import for_staff
from handlers.assessment import complaint_words
from handlers.dates import find_incident_date
from handlers.fields import the_wish
from handlers.names import name_in
from handlers.values import Scope, values_in
from handlers.vocabulary import pattern
from handlers.words import words
from tests.helpers import reading_scope

POLICY = load_settings().policy
SCOPE = Scope(POLICY.products, date(2026, 12, 7), POLICY.phone_region, POLICY.own_contacts)


@pytest.mark.parametrize(
    ("text", "language", "stored"),
    [
        (
            "The steam wand leaks. I would like a replacement, or failing that a full refund "
            "of £549, and compensation for the two bags of coffee wasted. My name is Margaret.",
            "en",
            "Replacement, else Refund; Compensation",
        ),
        (
            "밥솥에서 증기가 새요. 제품 교환을 원하며, 교환이 어려우면 환불해 주시고, 버린 "
            "쌀값도 보상해 주셨으면 합니다.",
            "ko",
            "교환, 안 되면 환불; 보상",
        ),
        (
            "the hoover has packed in. id like it fixed, if yous cant then swap it, and a wee "
            "apology wouldnt go amiss",
            "en",
            "Repair, else Replacement; An apology",
        ),
        # trial AK: a ranked list, its fallback said as "should a refund not be possible"
        (
            "It is dented. What I should like is, in order of preference: a full refund of the "
            "£489 paid, including the £25 delivery charge; or, should a refund not be possible, "
            "a replacement unit delivered at no additional cost.",
            "en",
            "Refund, else Replacement",
        ),
        # held out
        (
            "The door seal is torn. I want a refund, or if that's not possible a replacement, "
            "plus compensation for the spoiled food.",
            "en",
            "Refund, else Replacement; Compensation",
        ),
        (
            "식기세척기 물이 새요. 수리해 주시고 수리가 안 되면 새 제품으로 바꿔 주세요.",
            "ko",
            "수리, 안 되면 교환",
        ),
        ("tv broke. fix it or swap it, dont care which", "en", "Repair or Replacement"),
    ],
)
def test_every_remedy_a_first_message_asks_is_kept(text: str, language: str, stored: str) -> None:
    assert remedy_in_opening(text, "", (), language) == stored


@pytest.mark.parametrize(
    ("text", "mine"),
    [
        ("My name is Margaret Hollis and you can reach me on 07700 900123.", True),
        ("its Fiona, text me on 07700 900456", True),
        ("제 번호는 02-555-1234입니다.", True),
        ("저한테 02 555 1234로 연락 주세요", True),
        (
            "My name is Margaret Whitfield and I may be reached on 07700 914 362 during the day.",
            True,
        ),
        # held out
        ("get hold of me on 0113 496 0999 after six", True),
        ("I can be reached on 0113 496 0998 in the evenings", True),
        ("내 연락처 031-777-1234", True),
        # a number that is somebody else's stays unsure
        ("the shop's number is 0113 496 0000 and they never answer", False),
        ("매장 번호는 02-555-9999인데 안 받아요", False),
    ],
)
def test_a_number_said_to_be_the_customers_is_theirs(text: str, mine: bool) -> None:
    (contact,) = [v for v in values_in(text, SCOPE) if v.kind == "contact"]
    assert (contact.confidence == 1.0) is mine


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("저는 박정희이고 제 번호는 02-555-1234입니다.", "박정희"),
        ("its Fiona McAllister, text me on 07700 900456", "Fiona McAllister"),
        # held out
        ("안녕하세요 저는 이수진이에요. 청소기가 고장났어요", "이수진"),
        ("I am Sean O'Neill, 087 123 4567", "Sean O'Neill"),
        ("it's Bob Smith here, the fridge is dead", "Bob Smith"),
        # an introduction of no name
        ("저는 회사원입니다. 노트북이 안 켜져요", None),
        ("It's Samsung Galaxy, the screen died.", None),
        ("I am VERY ANGRY.", None),
    ],
)
def test_a_name_introduced_in_a_sentence_is_found(text: str, name: str | None) -> None:
    assert name_in(text) == name


def test_the_story_keeps_neither_the_fallback_wish_nor_how_to_reach_the_customer() -> None:
    text = (
        "Since last week the steam wand leaks hot water. I would like a replacement, or "
        "failing that a full refund of £549. My name is Margaret Hollis and you can reach "
        "me on 07700 900123."
    )
    found = values_in(text, SCOPE)
    who = [v.span for v in found if v.kind in ("name", "contact")]
    assert for_staff(text, who, the_wish, questions=True) == (
        "Since last week the steam wand leaks hot water."
    )


@pytest.mark.parametrize(
    ("clause", "wish"),
    [
        ("or failing that a full refund of £549,", True),
        ("otherwise a replacement.", True),
        ("otherwise I'm going to trading standards.", False),
    ],
)
def test_a_remedy_fallen_back_on_is_a_wish(clause: str, wish: bool) -> None:
    assert the_wish(clause) is wish


def test_dialect_and_texting_spellings_are_read_as_the_standard_word() -> None:
    assert words("yous sent it oot late, u said") == (
        "you",
        "sent",
        "it",
        "out",
        "late",
        "you",
        "said",
    )
    assert complaint_words(POLICY, "the motor cuts oot after 2 mins")
    assert pattern("remedies", "fallback").search("fix it, if yous cant then swap it")
    assert pattern("remedies", "fallback").search("fix it, if u can't then swap it")


@pytest.mark.parametrize(
    ("text", "fault"),
    [
        ("the dyson has packed in", True),
        ("my kettle just packed in on me", True),
        # held out
        ("the telly's gone and conked out", True),
        ("the biscuits were packed in a tin", False),
    ],
)
def test_british_words_for_stopped_working_are_faults(text: str, fault: bool) -> None:
    assert bool(complaint_words(POLICY, text)) is fault


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("Happened the Saturday afore last", date(2026, 11, 28)),
        # held out
        ("it wis the tuesday afore last", date(2026, 12, 1) - timedelta(days=7)),
        ("It wis the 28th o November", date(2026, 11, 28)),  # trial AI
        ("it happened on Setterday past", date(2026, 12, 5)),  # trial AK
        # trial AI: the weekday was taken, not the date it names
        ("The installation was booked for Tuesday the 4th of March", date(2026, 3, 4)),
        ("the engineer was due Friday, 7 November and never came", date(2026, 11, 7)),
        ("it broke on the 3rd o October", date(2026, 10, 3)),
        # trial AK: a learner's "before" for "ago", where the clause ends with it
        ("i send back it 3 weeks before but money is not come back", date(2026, 11, 16)),
        ("two days before, the motor is stop", date(2026, 12, 5)),
    ],
)
def test_a_day_said_in_dialect_or_with_its_weekday_is_read(text: str, day: date) -> None:
    found = find_incident_date(text, date(2026, 12, 7))
    assert found is not None and found.on == day


@pytest.mark.parametrize(
    ("text", "thing"),
    [
        # trial AJ: 전기요 was asked for three times
        ("전기요 주문헌 게 배송완료라구 문자는 왔는디 우리 집엔 안 왔어유", "전기요"),
        ("쿠팡에서 산 무선 이어폰 충전이 안돼요", "무선 이어폰"),
        ("bought a wee bamboo steamer off yous, its cracked", "wee bamboo steamer"),
        # held out
        ("어제 편백 도마 주문했는데 금이 가서 왔어요", "편백 도마"),
        ("I purchased the Aurora bath caddy online and it arrived dented", "Aurora bath caddy"),
        # trial AK: a learner tells the past in the present ("i buy jacket in your shop")
        ("sorry my english. i buy jacket in your shop online, size is too small", "jacket"),
        ("i order blender from your site and it not working", "blender"),
        ("i want to buy a new one", None),
        ("they buy it for me", None),
        # what was bought is not said: none made up
        ("I bought it last week and it broke", None),
        ("my order never arrived", None),
        ("지난달에 샀는데 고장났어요", None),
    ],
)
def test_a_thing_no_list_names_is_what_was_bought(text: str, thing: str | None) -> None:
    found = [v.value for v in values_in(text, SCOPE) if v.kind == "product"]
    assert found == ([thing] if thing else [])


@pytest.mark.parametrize(
    ("text", "name"),
    [
        # trial AI: the signed name was asked for again
        (
            "The engineer never came.\n\nYours faithfully,\nMrs Margaret Whitcombe-Hale",
            "Margaret Whitcombe-Hale",
        ),
        # held out
        ("The sofa is torn.\n\nKind regards,\nChidinma Okafor-Eze", "Chidinma Okafor-Eze"),
        ("It leaks.\n\nRegards,\nSean O'Neill", "Sean O'Neill"),
    ],
)
def test_a_letter_signed_with_a_hyphened_or_apostrophed_name_gives_it(text: str, name: str) -> None:
    found = [v.value for v in values_in(text, SCOPE) if v.kind == "name"]
    assert found == [name]


@pytest.mark.parametrize(
    ("text", "things"),
    [
        # trial AL: 고데기 주문, 산, 배달 and 인터넷 were stored as the product
        ("ㅎㅇ 무선 고데기 주문했는데 ㄹㅇ 한번 쓰고 충전이 안됨ㅋㅋ", ["고데기"]),
        ("우리 영감이 누워만 지내는 사람인디, 산 물건이 고장나부런 속상허연 글 쓰쿠다.", []),
        ("물건이 배달이 왔는디 상자가 다 찌그러져서 왔슈.", []),
        ("지난달 스무닷새날 인터넷으로 로봇청소기를 샀는디 충전이 안돼요", ["로봇청소기"]),
        # held out
        ("앱에서 텀블러 시켰는데 결제가 두 번 됐어요", ["텀블러"]),
        ("세탁기로 빨래했는데 물이 새요", ["세탁기"]),
        ("세탁기 배송이 늦어요", ["세탁기 배송"]),
        ("앱에서 결제가 안 돼요", ["앱"]),
    ],
)
def test_the_way_a_thing_was_bought_is_not_the_thing(text: str, things: list[str]) -> None:
    assert [v.value for v in values_in(text, reading_scope("ko")) if v.kind == "product"] == things


@pytest.mark.parametrize(
    "text",
    [
        "3 days before the wedding it arrived",
        "i bought it 3 weeks before christmas",
    ],
)
def test_before_a_day_names_no_day(text: str) -> None:
    assert find_incident_date(text, date(2026, 12, 7)) is None


@pytest.mark.parametrize(
    ("text", "fault"),
    [
        # trial AK: "money is not come back", "size is too small" were no complaint words
        ("i send back it 3 weeks before but money is not come back to me until now", True),
        ("the size is too small", True),
        # held out
        ("my parcel not arrive until now", True),
        ("the trousers is too big and my money not return yet", True),
        ("the shoes does not fit", True),
        ("the money came back on friday, thanks", False),
    ],
)
def test_a_learners_words_for_what_went_wrong_are_complaint_words(text: str, fault: bool) -> None:
    assert bool(complaint_words(POLICY, text)) is fault


@pytest.mark.parametrize(
    ("text", "language", "thing"),
    [
        # round 7 (trials AM, AN): the shop, the channel or a place was stored as the product
        (
            "지난 목요일에 농협 인터넷 쇼핑몰서 주문헌 한라봉 한 박스가 반이 썩어서 왔수다",
            "ko",
            "한라봉",
        ),
        (
            "I am writing about a cast-iron casserole dish which I ordered from your online "
            "shop. The base is cracked so it cannot safely go in the oven.",
            "en",
            "cast-iron casserole dish",
        ),
        (
            "I'm after getting a Christmas hamper I ordered over the phone from yer Galway shop",
            "en",
            "Christmas hamper",
        ),
        ("the glow in the dark phone case i got off ur app is peeling already", "en", "phone case"),
        (
            "bought one of them cordless SDS drills off your trade counter",
            "en",
            "cordless SDS drills",
        ),
        # held out
        ("홈페이지서 주문한 캠핑의자가 부러져서 왔어요", "ko", "캠핑의자"),
        ("스키장 시즌권을 스키장 홈페이지서 샀는데 환불해 주세요", "ko", "스키장 시즌권"),
        ("the tablet stand I bought online wobbles", "en", "tablet stand"),
        ("a teapot that I ordered on your website arrived chipped", "en", "teapot"),
        # the place is the thing when nothing else is named
        ("water is leaking under the fridge", "en", "fridge"),
        ("our garden bench has rusted after a month", "en", "garden bench"),
        # the final check's own words: one of a pair, and 충청's copula read as a noun
        ("홈쇼핑서 주문헌 온수매트여유. 한짝만 뜨뜻허구 한짝은 영 냉골이유.", "ko", "온수매트"),
        ("앱이 자꾸 튕겨요", "ko", "앱"),
        # round 9 (trial AR): how many said after the thing, and a pass bought ("끊다")
        (
            "11월 28일에 귀사 쇼핑몰에서 등산화 1켤레를 주문했습니다. 배송 완료로 떴는데 못 받았습니다.",
            "ko",
            "등산화",
        ),
        ("헬스장 PT 20회 끊었거든예. 근데 트레이너가 세 번이나 노쇼했음", "ko", "헬스장 PT"),
        # held out
        ("마스크 50개 주문했는데 30개만 왔어요", "ko", "마스크"),
        ("요가 수강권 10회 등록했는데 강사님이 안 나와요", "ko", "요가 수강권"),
        # round 9 (trial AQ): a texted word after a kind read as its model ("app 2day")
        (
            "bought a £50 steam gift card on ur app 2day and the code was already redeemed",
            "en",
            "gift card",
        ),
        (
            "I booked your home setup service for Saturday and nobody came",
            "en",
            "home setup service",
        ),
        # round 12 (trials AW, AX): asked again although named first
        ("Alreet. Me broadband's been knackered since last Wednesday man", "en", "broadband"),
        (
            "지난주 토요일에 주문한 아기 원목 치발기 장난감인데요, 구슬 하나가 빠져있더라구요",
            "ko",
            "원목 치발기 장난감",
        ),
        ("저 어제 강남점에서 염색했는뎅ㅠㅠ 완전 당근색 됐어요", "ko", "염색"),
        ("플래티넘 신용카드 연회비 관련 이의 제기입니다", "ko", "신용카드"),
        # held out
        ("the fridge's door seal came off", "en", "fridge"),
        ("지난달 구입한 원목 흔들의자가 삐걱거려요", "ko", "원목 흔들의자"),
        ("어제 펌 했는데 벌써 다 풀렸어요", "ko", "펌"),
    ],
)
def test_the_thing_bought_is_the_product_not_the_shop_the_channel_or_a_place(
    text: str, language: str, thing: str
) -> None:
    found = [v.value for v in values_in(text, reading_scope(language)) if v.kind == "product"]
    assert found[:1] == [thing]


def test_a_texted_word_after_a_kind_is_no_model_of_it() -> None:
    # round 9 (trial AQ): "Noted: app 2day" ("2day" is today, no model code)
    text = "bought a £50 steam gift card on ur app 2day and the code was already redeemed"
    found = [v.value for v in values_in(text, reading_scope("en")) if v.kind == "product"]
    assert "app 2day" not in found and "gift card" in found
    said = "my Galaxy S23 screen went black b4 lunch"  # a code with a digit is still one
    assert "Galaxy S23" in [v.value for v in values_in(said, reading_scope("en"))]


def test_a_model_with_decimals_keeps_them() -> None:
    # round 10 (trial AS): "Philips 4.1L" stored as "Philips 4", even after a correction
    text = "is the air fryer lah, Philips 4.1L one. order number EE-558201."
    found = [v.value for v in values_in(text, reading_scope("en")) if v.kind == "product"]
    assert "Philips 4.1L" in found
    held_out = "the 1.5 litre kettle lid snapped"
    assert any("1.5" in v.value for v in values_in(held_out, reading_scope("en")))


@pytest.mark.parametrize(
    ("text", "thing"),
    [
        # round 10 (trial AT): the analyser read 따 alone, the product stored as 숨보일러
        ("따숨보일러서비스라는 데서 12월 4일에 온다 했는데 아무도 안 왔음메.", "따숨보일러서비스"),
        # held out
        ("에코클린세탁기라는 모델인데 물이 새요", "에코클린세탁기"),
        ("쿨바람이라는 선풍기가 안 돌아가요", "선풍기"),  # a name said before the kind: the kind
    ],
)
def test_a_thing_quoted_with_ranun_is_named_whole(text: str, thing: str) -> None:
    found = [v.value for v in values_in(text, reading_scope("ko")) if v.kind == "product"]
    assert found[:1] == [thing]
