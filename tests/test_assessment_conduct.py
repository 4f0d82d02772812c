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
