"""Several wishes in one answer to "what would put it right?" are kept together, each a
remedy's name where it asks for one, any other request as said; a wish added at the read-back
goes beside the one held. The trial's turns (AA, AB), then phrasings nobody tuned for."""

from __future__ import annotations

import pytest

from handlers.answers import asks_for_something
from handlers.wishes import several, the_one, with_wish


@pytest.mark.parametrize(
    ("answer", "language", "stored"),
    [
        # trial AA: refused and asked again; one of three kept
        (
            "Thank you, dear. I don't think I would trust another one of the same make, to be "
            "honest. I would just like my money back, and I think someone ought to look into "
            "whether the others on the shelf are safe.",
            "en",
            "Refund; someone ought to look into whether the others on the shelf are safe",
        ),
        (
            "I want the hinge fixed PROPERLY at no cost, and I want to know if you can get my "
            "data back, and frankly some compensation for the photos",
            "en",
            "hinge fixed PROPERLY at no cost; to know if you can get my data back; Compensation",
        ),
        # trial AB: in dialect, refused; the second wish dropped
        (
            "돈 다 돌리도. 그라고 이거 왜 이런지 제대로 조사해가 알려도",
            "ko",
            "환불; 이거 왜 이런지 제대로 조사해가 알려도",
        ),
        (
            "고쳐주믄 되제. 근디 버린 김치값은 어찌께 해줄랑가 그것도 좀 봐주쇼",
            "ko",
            "수리; 버린 김치값은 어찌께 해줄랑가 그것도 좀 봐주쇼",
        ),
        # new
        (
            "A replacement please, and somebody should check why the courier left it in the rain.",
            "en",
            "Replacement; somebody should check why the courier left it in the rain",
        ),
        (
            "refund me the delivery fee. also you should train your drivers",
            "en",
            "Refund; you should train your drivers",
        ),
        (
            "환불해 주세요. 그리고 배송 기사님 교육 좀 시켜 주세요",
            "ko",
            "환불; 배송 기사님 교육 좀 시켜 주세요",
        ),
        ("새걸로 바까주이소. 글고 와 이런지 알아봐 주이소", "ko", "교환; 와 이런지 알아봐 주이소"),
        # trials AE and AF: a first choice and its fallback, both kept (the fallback was lost)
        ("a new one, or failing that my money back", "en", "Replacement, else Refund"),
        ("환불해주셈 안되면 교환이라도", "ko", "환불, 안 되면 교환"),
        (
            "i prefer you change it for a new one. if not possible, then repair is ok but i need"
            " a phone for meanwhile",
            "en",
            "Replacement, else Repair; phone for meanwhile",
        ),
        ("I would like it delivered or my money back please", "en", "it delivered or Refund"),
        # held out
        ("수리 먼저 해 보고 그래도 안 되면 교환해 주세요", "ko", "수리, 안 되면 교환"),
        ("store credit is fine, if you can't then a refund", "en", "Store credit, else Refund"),
        # review: "2 or 3 days" and "언제든지" are no alternatives between wishes
        (
            "a refund please, and send someone to collect it in 2 or 3 days",
            "en",
            "Refund; send someone to collect it in 2 or 3 days",
        ),
        (
            "빨리 수리해 주세요. 그리고 오시기 전에 언제든지 문자 한 통 주세요",
            "ko",
            "수리; 오시기 전에 언제든지 문자 한 통 주세요",
        ),
    ],
)
def test_several_wishes_are_kept_together(answer: str, language: str, stored: str) -> None:
    assert several(answer, language) == stored


@pytest.mark.parametrize(
    "answer",
    [
        "take it back and send me one that works",  # one request
        "repair and an apology",  # remedies only: read as remedies together
        "refund or replacement, whatever is faster",  # any one will do
        "replacement. and can you tell me who pays the shipping?",  # a question, no wish
        "refund please, and have someone call me tomorrow",  # a call asked for, noted apart
        "환불이요 그리고 콘센트 수리비도요",  # remedies only
        # review: "first", "우선", "otherwise" rank or threaten, no fallback between wishes
        "우선 환불해 주세요. 그리고 기사님 사과도 받고 싶어요",
        "First of all I want a refund. And I want an apology from the driver",
        "refund please, otherwise I'm going to trading standards. and an apology",
    ],
)
def test_one_wish_or_remedies_weighed_are_not_several(answer: str) -> None:
    language = "ko" if any("\uac00" <= ch <= "\ud7a3" for ch in answer) else "en"
    assert several(answer, language) is None


def test_a_remedy_in_a_remark_is_no_wish() -> None:
    found = the_one("I don't think I'd trust another one, just my money back please")
    assert found is not None and found.en == "Refund"


@pytest.mark.parametrize(
    ("text", "asks"),
    [
        ("그라고 이거 왜 이런지 제대로 조사해가 알려도", True),  # a request in speech
        ("근디 버린 김치값은 어찌께 해줄랑가 그것도 좀 봐주쇼", True),
        ("마 됐고 빨리 올리라", True),
        ("and I think someone ought to look into it", True),
        ("and frankly you should refund the fee", True),
        ("김치값도", False),  # the particle 도, no ending
        ("I think it broke on tuesday", False),
        ("so the courier came and left", False),
    ],
)
def test_a_request_is_read_after_its_lead_and_in_speech(text: str, asks: bool) -> None:
    assert asks_for_something(text) is asks


@pytest.mark.parametrize(
    ("held", "said", "language", "stored"),
    [
        # trial AB and AA: the added wish replaced the one held
        (
            "중복 결제 취소",
            "재발 방지 대책 설명 요청도 포함해 주십시오",
            "ko",
            "중복 결제 취소; 재발 방지 대책 설명 요청",
        ),
        ("수리", "보상", "ko", "수리; 보상"),
        (
            "somebody to come back and hang it straight",
            "put that you pay for the wall to be patched",
            "en",
            "somebody to come back and hang it straight; you pay for the wall to be patched",
        ),
        # what holds the old one is the new one; what the old holds adds nothing
        ("수리", "수리, 보상", "ko", "수리, 보상"),
        ("Repair and an apology", "An apology", "en", "Repair and an apology"),
    ],
)
def test_a_wish_added_at_the_read_back_goes_beside_the_one_held(
    held: str, said: str, language: str, stored: str
) -> None:
    assert with_wish(held, said, language) == stored


# Round 5 (trial AI): a letter's list of wishes lost its middle one, and "all three things"
# was stored as the wish.
@pytest.mark.parametrize(
    ("answer", "stored"),
    [
        (
            "I should like three things: the £45 installation fee refunded, a firm morning "
            "appointment this week, and a written apology.",
            "Refund; firm morning appointment this week; An apology",
        ),
        (
            "I want all three things, not one or the other: my £45 back, a morning appointment, "
            "and the apology.",
            "Refund; morning appointment; An apology",
        ),
        # held out
        (
            "I'd like three things: an engineer visit, a written explanation, and a voucher.",
            "engineer visit; written explanation; Store credit",
        ),
        (
            "both please, not one or the other. a callback from the manager, a written explanation",
            "callback from the manager; written explanation",
        ),
        ("I'd like two things: a new kettle and a voucher for the hassle.", None),
        (
            "refund please, a proper apology, and a callback from the manager",
            "Refund; An apology; callback from the manager",
        ),
        ("Refund, thanks.", None),
        ("refund or replacement, whatever is faster", None),
    ],
)
def test_a_list_of_wishes_keeps_every_item(answer: str, stored: str | None) -> None:
    assert several(answer, "en") == stored


@pytest.mark.parametrize(
    ("said", "wish"),
    [
        # round 14 (trial BA): "the £45 back" stored as "45 back"
        ("the £45 back", "£45 back"),
        # held out
        ("i want my $90 back", "$90 back"),
        ("just the €20 delivery fee refunded", "€20 delivery fee refunded"),
    ],
)
def test_a_wish_keeps_the_sign_of_its_money(said: str, wish: str) -> None:
    from handlers.answers import as_wish

    assert as_wish(said) == wish
