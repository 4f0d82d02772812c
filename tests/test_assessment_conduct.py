"""How staff behaved decides the category over what they came about: a rude clerk of an
order is customer care's, not logistics' (trial AD and round 1's AB: filed as delivery, and
the customer told "배송팀")."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from handlers.assessment import assess

NOW = datetime(2026, 12, 7, 1, 0, tzinfo=timezone.utc)


@pytest.mark.parametrize(
    ("description", "product", "category"),
    [
        # the trials'
        (
            "강남역점 매장에서 음료 주문했는데 알바가 너무 불친절했어요",
            "강남역점 직원 응대",
            "service",
        ),
        # new
        (
            "the clerk at the returns desk was rude to me when I came about my order",
            "order",
            "service",
        ),
        ("배송 기사님이 반말하고 택배를 던지고 갔어요", "택배", "service"),
        # trial AF: a look and a tone, filed as delivery
        (
            "광주 상무점에서 냉장고 주문헌거 언제 오냐고 물어봤더니 직원이 귀찮다는 듯이 '그걸 제가"
            " 어떻게 알아요' 허고 째려보드랑께.",
            "냉장고 주문",
            "service",
        ),
        ("the driver glared at me and dumped the parcel on the step", "parcel", "service"),
        # trial AF: a visit promised and not made, filed as a product fault
        ("정수기 필터 교체 기사님이 약속 날짜에 안 오셨어요 연락도 없이", "정수기 필터", "service"),
        ("the engineer never showed up for the dishwasher installation", "dishwasher", "service"),
        ("수리 기사님이 다녀가셨는데 또 고장났어요", "세탁기", "product"),  # the visit was made
        ("the parcel never turned up", "parcel", "delivery"),
        # round 9 (trial AR): a trainer who did not come, filed as general
        (
            "서면점 헬스장 PT 20회 끊었거든예. 근데 담당 트레이너가 세 번이나 노쇼했음",
            "헬스장 PT",
            "service",
        ),
        # held out
        ("my personal trainer no-showed twice this month", "personal training", "service"),
        # review: a part that did not come after a visit, and the customer's own temper
        (
            "기사님이 수리하고 가셨는데 부품이 아직 안 왔다고 해서 냉장고가 그대로예요",
            "냉장고",
            "delivery",
        ),
        ("짜증 내서 죄송한데 세탁기가 또 멈췄어요", "세탁기", "product"),
        # not these: conduct denied, or none named
        ("the staff weren't rude, but my parcel never arrived", "parcel", "delivery"),
        ("the courier was late and the parcel was damaged", "parcel", "delivery"),
    ],
)
def test_conduct_decides_the_category(
    base_settings, description: str, product: str, category: str
) -> None:
    found = assess(base_settings.policy, description=description, product=product, received_at=NOW)
    assert found.category == category


@pytest.mark.parametrize(
    ("description", "product"),
    [
        # trial AF: a face come up red after a cream, filed as delivery and normal
        (
            "여기서 산 수분크림 바르고 얼굴 다 뒤집어졌어요ㅠㅠ 3일 전부터 바르기 시작했는데 어제 밤에"
            " 빨갛게 올라옴..",
            "수분크림",
        ),
        # held out
        ("my face came up in a rash after using your moisturiser", "moisturiser"),
        ("샴푸 쓰고 두피가 가렵고 피부 트러블이 올라왔어요", "샴푸"),
    ],
)
def test_the_skin_after_using_it_is_a_danger(base_settings, description: str, product: str) -> None:
    found = assess(base_settings.policy, description=description, product=product, received_at=NOW)
    assert (found.category, found.priority) == ("safety", "urgent")


@pytest.mark.parametrize(
    ("description", "product"),
    [
        # review: a handle's paint and a screen hidden are no skin
        ("the paint on the handle blistered after a week", "kettle"),
        ("피부 관리기 화면이 가려져서 잘 안 보여요", "피부 관리기"),
    ],
)
def test_words_of_the_skin_about_a_thing_are_no_danger(
    base_settings, description: str, product: str
) -> None:
    found = assess(base_settings.policy, description=description, product=product, received_at=NOW)
    assert found.category != "safety"


@pytest.mark.parametrize(
    ("description", "product", "category"),
    [
        # round 9 (trials AQ, AR): a data complaint filed as general or service, money taken
        # after cancelling filed as general
        (
            "Your rewards program shared my data with third-party marketers after I opted out",
            "rewards program",
            "privacy",
        ),
        (
            "주문내역을 봤더니 모르는 사람 이름하고 주소 전화번호가 다 나오는거에요 제 정보도 새나갔는지 걱정돼요",
            "홈페이지",
            "privacy",
        ),
        (
            "작년 10월에 정수기 렌탈 해지 했는데요~ 이번달 1일에도 통장에서 29,900원 나갔네요~~",
            "정수기 렌탈",
            "billing",
        ),
        # held out
        ("the delivery note had another customer's details and address on it", "order", "privacy"),
        ("구독 해지했는데 이번 달에도 결제됐어요", "구독", "billing"),
        (
            "I cancelled my care plan and I'm still being charged every month",
            "care plan",
            "billing",
        ),
        ("the driver was rude and threw the parcel", "parcel", "service"),
    ],
)
def test_privacy_and_money_after_cancelling_have_their_category(
    base_settings, description: str, product: str, category: str
) -> None:
    found = assess(base_settings.policy, description=description, product=product, received_at=NOW)
    assert found.category == category
