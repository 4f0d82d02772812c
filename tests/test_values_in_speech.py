"""Values as speech wraps them, from round 5's Korean customers: a dialect's copula or a
particle after a thing named alone ("제습기마씸" was stored as the product), a Jeju surname the
analyser reads as a prefix ("부한솔이우다" stored whole), a fallback said in other words or in
dialect ("고칠 수 없으면", "환불 안 되믄"), and the priority of a customer in a vulnerable
situation (an 81-year-old with a walking frame, insulin left in the sun, both normal). Then
phrasings nobody tuned for."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from bot.settings import load_settings
from handlers.assessment import assess
from handlers.fields import loose_contacts
from handlers.names import name_in, read_name
from handlers.products import without_value_ending
from handlers.remedies import chosen
from handlers.values import values_in
from handlers.wishes import wish_of
from tests.helpers import reading_scope

POLICY = load_settings().policy


@pytest.mark.parametrize(
    ("said", "thing"),
    [
        ("제습기마씸", "제습기"),
        ("스마트쿡 미니 음식물처리기다", "스마트쿡 미니 음식물처리기"),
        ("중복결제임", "중복결제"),
        # held out
        ("김치냉장고여", "김치냉장고"),
        ("로봇청소기이우다", "로봇청소기"),
        ("전기장판이다", "전기장판"),
        # a kind that ends as an ending would, and short words, stay whole
        ("전기요", "전기요"),
        ("바다", "바다"),
        ("세탁기", "세탁기"),
    ],
)
def test_a_thing_named_alone_loses_what_speech_put_after_it(said: str, thing: str) -> None:
    assert without_value_ending(said) == thing


@pytest.mark.parametrize(
    ("said", "name"),
    [
        ("부한솔이우다", "부한솔"),
        # held out
        ("좌영미마씸", "좌영미"),
        ("부선희", "부선희"),
    ],
)
def test_a_surname_the_analyser_reads_as_another_word_is_a_surname(said: str, name: str) -> None:
    assert read_name(said).name == name


@pytest.mark.parametrize(
    ("answer", "stored"),
    [
        ("돈 돌리도. 환불 안 되믄 새걸로 바꿔주든가", "환불, 안 되면 교환"),
        (
            "하루라도 빨리 기사님을 보내 고쳐 주시고, 고칠 수 없으면 새 것으로 바꿔 주시기 바랍니다",
            "수리, 안 되면 교환",
        ),
        # held out
        ("교환해 주이소. 교환 몬 하면 환불이라도 해 주고", "교환, 안 되면 환불"),
        ("수리 부탁드려요 부품이 없으면 환불해 주세요", "수리, 안 되면 환불"),
    ],
)
def test_a_fallback_said_in_other_words_is_kept(answer: str, stored: str) -> None:
    assert wish_of(answer, "ko") == stored


@pytest.mark.parametrize(
    ("story", "priority"),
    [
        ("My mother is 81 and walks with a walking frame; the engineer never came twice", "high"),
        ("Insulin for my diabetic mom was left on the porch in the sun", "high"),
        ("수술 후 쓰는 의료용 전동침대 등판이 안 올라가요", "high"),
        # held out
        ("I'm a wheelchair user and the parcel was left at the bottom of the stairs", "high"),
        ("어르신 혼자 사시는데 보일러 기사님이 안 오셨어요", "high"),
        ("the fridge is not cooling", "normal"),
    ],
)
def test_a_customer_in_a_vulnerable_situation_is_a_high_priority(story: str, priority: str) -> None:
    result = assess(
        POLICY,
        description=story,
        product="",
        received_at=datetime(2026, 12, 7, 9, tzinfo=timezone.utc),
    )
    assert result.priority == priority


@pytest.mark.parametrize(
    ("said", "name"),
    [
        ("ok im back 🙃 its kayleigh btw", "kayleigh"),
        # held out
        ("i'm back, sorry about that. its Dev Patel", "Dev Patel"),
        ("다시 왔어요 김민지요", "김민지"),
    ],
)
def test_a_name_said_on_coming_back_is_the_name(said: str, name: str) -> None:
    assert read_name(said).name == name


@pytest.mark.parametrize(
    ("answer", "wish"),
    [
        # trial AJ: stored as 환불
        ("돈을 돌려받고 싶은 건 아니고요", None),
        ("환불을 원하는 게 아니라 사과를 받고 싶어요", "사과"),
        # held out
        ("교환 바라는 거 아니에요 고쳐만 주세요", "수리"),
        ("환불 받고 싶어요", "환불"),
        # round 9 (trial AR): remedies listed and turned down together, an offer reported and
        # turned down ("트레이너 바꿔준다 캐도 인자 싫어예" had stored 교환)
        (
            "환불 교환 그런거 아니고 내 정보가 새나갔는지 확인해 주시고 왜 그런건지 설명해 주세요",
            None,
        ),
        ("남은 12회 환불해 주이소. 트레이너 바꿔준다 캐도 인자 싫어예, 정 떨어짔다", "환불"),
        # held out
        ("교환 환불 다 필요없고 사과만 해주세요", "사과"),
        ("새걸로 바꿔준다 해도 이제 싫어요 그냥 돈으로 돌려주세요", "환불"),
        # round 10 (trial AT): not thought of yet, stored as 환불
        ("환불 그런 건 아직 생각 없고요", None),
        ("교환은 생각이 없어요 수리해 주세요", "수리"),  # held out
        # round 10 (trial AS): refused in a learner's English and in anger, stored as the wish
        ("Not need refund, the laptop is fine", None),
        ("and dont you dare offer me a voucher", None),
        ("i said NO voucher", None),
        ("don't give me a refund, fix it", "수리"),  # held out
        # round 12 (trials AW, AX): stored as store credit, or as "…같은 건 필요"
        ("Please don't trouble yourselves with vouchers or anything of that sort", None),
        ("그 extra 8만원 refund 해주세요. voucher나 credit 같은 건 필요 없어요", "환불"),
        ("아 근데 쿠폰 이런건 싫어용 쿠폰 주시지 마세용 ㅠ", None),
        # held out
        ("dont bother with a voucher, refund me", "환불"),
        ("상품권은 주지 마세염 환불해 주세용", "환불"),
    ],
)
def test_a_remedy_wanted_and_then_turned_down_is_no_wish(answer: str, wish: str | None) -> None:
    asked = chosen(answer, wish=True)
    assert (asked.remedy.name("ko") if asked else None) == wish


@pytest.mark.parametrize(
    "text",
    [
        "아따 이거 참말로 속터져 죽겄네. 문짝 손잡이가 쑥 빠져부렀당께",  # trial AJ: 문짝 stored
        "제품 칸이 아직두 '전기'네유",  # trial AJ: 칸이 아직두 '전기 stored
        # held out
        "서랍이 빠져서 안 닫혀요",
    ],
)
def test_a_part_alone_is_not_the_thing(text: str) -> None:
    assert [v for v in values_in(text, reading_scope("ko")) if v.kind == "product"] == []


@pytest.mark.parametrize(
    ("text", "contacts"),
    [
        # trial AI: the account number was stored as the contact
        ("GREG KOWALSKI. ACCOUNT 4471-209 SINCE YOU'LL PROBABLY ASK FOR THAT TOO", []),
        # held out
        ("order no 55213344 and my number 010-2345-6789", ["010-2345-6789"]),
        ("회원번호 88123456", []),
        ("i literally just gave it. 07700 900123", ["07700 900123"]),
    ],
)
def test_a_number_labelled_as_something_else_is_no_contact(text: str, contacts: list) -> None:
    assert [c.display for c, _, _ in loose_contacts(text, "KR")] == contacts


@pytest.mark.parametrize(
    ("story", "category"),
    [
        # trials AI, AJ: damage done while installing was product or general
        ("the installers dented the fridge door while installing it", "service"),
        ("세탁기 설치기사가 어제 문틀을 다 까놓고 갔어요", "service"),
        # held out
        ("the engineer damaged my kitchen worktop fitting the oven", "service"),
        ("설치하면서 바닥을 다 긁어놓고 갔어요", "service"),
        ("the fridge door is dented", "product"),
    ],
)
def test_damage_done_while_installing_is_the_service(story: str, category: str) -> None:
    result = assess(
        POLICY,
        description=story,
        product="",
        received_at=datetime(2026, 12, 7, 9, tzinfo=timezone.utc),
    )
    assert result.category == category


@pytest.mark.parametrize(
    ("said", "name"),
    [
        ("ㅎㅈㅇ 아니 한재윤", "한재윤"),  # trial AJ: refused as a sentence
        # held out
        ("jon, no wait, John Smith", "John Smith"),
        ("박지민 아니 박지은이요", "박지은"),
        ("정정희", "정정희"),
    ],
)
def test_a_name_taken_back_is_the_one_said_after(said: str, name: str) -> None:
    assert read_name(said).name == name


@pytest.mark.parametrize(
    ("said", "name"),
    [
        ("Myself Devendra Ragunathan.", "Devendra Ragunathan"),  # trial AI: "Myself" kept
        # held out
        ("this side Priya Nair", "Priya Nair"),
        ("myself is fine thanks", None),
    ],
)
def test_an_indian_english_lead_is_no_part_of_the_name(said: str, name: str | None) -> None:
    assert read_name(said).name == name


@pytest.mark.parametrize(
    ("answer", "remedy"),
    [
        # trial AK: the credit asked for instead of a refund was dropped
        (
            "NO. I TOLD YOU I CHANGED MY MIND. NOT A REFUND. A CREDIT ON MY ACCOUNT. READ.",
            "Bill credit",
        ),
        ("WHAT I WANT = 79.99 CREDITED TO MY BILL INSTEAD OF A REFUND TO MY CARD.", "Bill credit"),
        # held out
        ("skip the refund, credit my next bill instead", "Bill credit"),
        ("다음 달 요금에서 빼 주세요", "Bill credit"),
        ("refund to my card please", "Refund"),
    ],
)
def test_a_credit_on_the_bill_is_its_own_remedy(answer: str, remedy: str) -> None:
    asked = chosen(answer, wish=True)
    assert asked is not None and asked.remedy.name("en") == remedy


@pytest.mark.parametrize(
    ("answer", "remedy"),
    [
        # trial AK: "keep yer apology" was stored as An apology
        (
            "Ah want the tiles replaced. Ye kin keep yer apology if the job gets done right",
            "교환",
        ),
        # held out
        ("you can keep your apology, I want a refund", "환불"),
    ],
)
def test_a_remedy_told_to_keep_is_turned_down(answer: str, remedy: str) -> None:
    assert wish_of(answer, "ko") == remedy


def test_a_surname_read_as_a_determiner_is_a_surname() -> None:
    # 한 of 한재윤 is read as "one"; introduced in a first message the name was lost
    assert (
        name_in("세탁기 설치기사가 문틀을 까놓고 갔어요. 저는 한재윤이고 010-3344-5566입니다")
        == "한재윤"
    )
