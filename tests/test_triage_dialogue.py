"""The offer to file: a message the classifier is unsure about is asked about, not trapped in
the form and not lost. A desk whose thresholds offer on anything short of certainty makes
every opening an offer, so these tests do not depend on where the model puts one message."""

from __future__ import annotations

import uuid
from dataclasses import replace

import pytest

from handlers.identity import Identity
from handlers.policy import Triage
from tests.helpers import Chat, stored_complaint


@pytest.fixture(scope="module")
def asking_desk(base_settings, model_path, tmp_path_factory):
    """A desk that asks before filing anything short of certain (safety still files)."""
    from bot.wiring import build_dialogue, prepare_database

    policy = replace(base_settings.policy, triage=Triage(file_at=1.0, offer_at=0.0))
    url = f"sqlite:///{tmp_path_factory.mktemp('asking') / 'desk.db'}"
    settings = replace(base_settings, database_url=url, policy=policy)
    database = prepare_database(settings)
    return settings, database, build_dialogue(settings, database, model_path)


@pytest.fixture
def customer(asking_desk) -> Chat:
    return Chat(asking_desk[2], Identity("rest", uuid.uuid4().hex[:12]))


async def test_a_yes_files_the_message_it_was_asked_about(customer, asking_desk) -> None:
    opening = "my galaxy buds fe keep dropping out every few minutes"  # no policy word
    await customer.say(opening)
    assert "Would you like to file a complaint about this?" in customer.text
    assert [b.payload for b in customer.buttons] == ["/affirm", "/deny"]
    await customer.say("yes please")
    assert "Noted: Galaxy Buds FE" in customer.text  # taken from the message asked about
    assert "What would you like us to do" in customer.text  # what happened is not asked
    for text in ("replacement", "3 days ago", "Dana White", "dana@example.com", "yes"):
        await customer.say(text)
    stored = stored_complaint(asking_desk, customer.text)
    assert stored.description == opening
    assert (stored.product, stored.desired_outcome) == ("Galaxy Buds FE", "Replacement")
    assert stored.category == "product"


@pytest.mark.parametrize(
    ("name", "language"),
    [
        # round 14 (trial BA): the name given to the offer went on, and was asked again
        ("Delphine Thibodeaux", "en"),
        # held out
        ("Jago Penhaligon", "en"),
        ("김철룡입니다", "ko"),
    ],
)
async def test_a_name_given_to_the_offer_goes_ahead_as_who_they_are(
    customer, asking_desk, name: str, language: str
) -> None:
    opening = (
        "my galaxy buds fe keep dropping out every few minutes, i want a replacement"
        if language == "en"
        else "갤럭시 버즈 FE 산 지 일주일 됐는데 좀 그렇네요"
    )
    await customer.say(opening)
    assert (
        "Would you like to file a complaint" in customer.text or "접수하시겠어요" in customer.text
    )
    await customer.say(name)
    assert name.removesuffix("입니다") in customer.text  # said back as noted
    assert "May I have your name" not in customer.text and "성함" not in customer.text


async def test_a_no_files_nothing_and_says_where_questions_go(customer, asking_desk) -> None:
    await customer.say("세탁기 배송이 언제 오는지 궁금해요")
    assert "불편 사항을 접수하시겠어요?" in customer.text
    await customer.say("아니요")
    assert "접수하지 않았습니다" in customer.text and "example.com/help" in customer.text
    await customer.say("네")  # nothing is pending any more: a yes opens nothing
    assert "불편 사항을 접수하시겠어요?" not in customer.text
    tracker = await asking_desk[2].agent.tracker_store.retrieve(customer.sender_id)
    assert tracker.active_loop_name is None
    assert tracker.get_slot("pending_complaint") is None


async def test_another_request_forgets_the_offer(customer, asking_desk) -> None:
    await customer.say("the app keeps asking for my password every hour")
    assert "Would you like to file a complaint" in customer.text
    await customer.say("show my complaints")
    tracker = await asking_desk[2].agent.tracker_store.retrieve(customer.sender_id)
    assert tracker.get_slot("pending_complaint") is None
    await customer.say("yes")
    tracker = await asking_desk[2].agent.tracker_store.retrieve(customer.sender_id)
    assert tracker.active_loop_name is None


async def test_safety_is_never_a_question(customer, asking_desk) -> None:
    await customer.say("my EP-P5400 charger caught fire on the desk")
    assert "Would you like to file" not in customer.text
    assert "119" in customer.text  # the safety advice, and the form is open
    tracker = await asking_desk[2].agent.tracker_store.retrieve(customer.sender_id)
    assert tracker.active_loop_name == "complaint_form"
    assert tracker.get_slot("product") == "Wireless charger"


async def test_the_product_in_the_offered_message_is_kept_after_the_yes(customer) -> None:
    await customer.say("세탁기 언제 와요? 2주째 기다리고 있어요")
    assert "접수하시겠어요?" in customer.text
    await customer.say("/affirm")
    assert "세탁기" in customer.text  # "Noted: 세탁기": the product is not asked again
    assert "어떤 제품" not in customer.text


@pytest.mark.parametrize(
    ("opening", "answer", "product"),
    [
        # round 12 (trial AW): the yes with more said was read as a new story, the product of
        # the message asked about lost and asked for three times
        (
            "I bought one of your Weber gas braais on Saturday and the regulator is missing",
            "Ja obviously, that's why I'm here boet. Parts missing out of a sealed box.",
            "Weber gas braais",
        ),
        # held out
        (
            "my galaxy buds fe keep dropping out every few minutes",
            "yes of course, it happens every time I take a call and it's really annoying",
            "Galaxy Buds FE",
        ),
        (
            "세탁기 언제 와요? 2주째 기다리고 있어요",
            "네 당연하죠, 배송 예정일이 지난주였어요",
            "세탁기",
        ),
        # round 13 (trial AZ): a yes with no mark after it, the offer asked again
        (
            "카드단말기 오늘 아침부터 먹통입니다 결제가 안돼요!!! 점심장사 다 날렸어요 기사 언제"
            " 와요?? 빨리빨리요",
            "네 해주세요 근데 수리 말고 그냥 오늘 중으로 새 단말기로 바꿔줘야 됩니다 가게 이름은"
            " 맛나분식이고요",
            "카드단말기",
        ),
    ],
)
async def test_a_yes_with_more_said_files_the_message_asked_about(
    customer, asking_desk, opening, answer, product
) -> None:
    await customer.say(opening)
    assert "접수하시겠어요?" in customer.text or "Would you like to file" in customer.text
    await customer.say(answer)
    assert product in customer.text, customer.text
    assert "Which product" not in customer.text and "어떤 제품" not in customer.text


async def test_a_button_pressed_from_an_earlier_question_is_not_an_answer(chat) -> None:
    await chat.say("my fridge leaks all over the kitchen floor")
    assert "What would you like us to do" in chat.text
    await chat.say("/affirm")  # a stale "Yes" from an earlier message
    assert "What would you like us to do" in chat.text  # asked again, nothing stored
    await chat.say("Refund")
    assert "When did it happen" in chat.text


# What the customer means at the first message (issue 20, kind 7a), on the desk's own model
# and thresholds, in phrasings none of the training examples has.
async def _state(desk, chat: Chat) -> tuple[str | None, str | None]:
    """The form open (or not), and the message an offer would file."""
    tracker = await desk[2].agent.tracker_store.retrieve(chat.sender_id)
    return tracker.active_loop_name, tracker.get_slot("pending_complaint")


THANKS = ("Thank you, that's kind of you", "You're welcome", "좋게 말씀해 주셔서", "별말씀을요")
HELP_MENU = ("I can take a complaint (just tell me", "불편 사항 접수(무슨 일이")


@pytest.mark.parametrize(
    "text",
    [
        "wow great job guys, you took 89,000 won TWICE",
        "bravo guys, my brand new hoover died on day two",
        "well done, you've now lost my parcel for the second time",
        "정말 훌륭하네요 같은 구독료가 이번 달에 세 번이나 빠져나갔어요",
        "참 대단들 하세요 택배를 두 번째 분실하셨네요",
        "thank you for nothing",
    ],
)
async def test_sarcasm_is_not_thanked_and_not_lost(desk, chat, text: str) -> None:
    await chat.say(text)
    loop, offered = await _state(desk, chat)
    assert loop == "complaint_form" or offered == text
    assert not any(t in chat.text for t in THANKS)


@pytest.mark.parametrize(
    "text",
    [
        "Thanks a lot, the engineer who came yesterday was brilliant!",
        "Many thanks, the fitter who came on thursday did a lovely job!",
        "big thanks to the courier last night, super careful with my tv",
        "감사합니다 어제 오신 기사님 정말 친절하셨어요!",
        "목요일에 오신 설치 기사님이 너무 꼼꼼하게 해 주셨어요 감사해요!",
        "어젯밤 배송 기사님 TV 조심히 옮겨 주셔서 감사합니다",
        "어제 방문하신 기사님 너무 감사했어요",  # read as about a complaint, by someone with none
    ],
)
async def test_praise_that_names_a_day_is_thanked_not_filed(desk, chat, text: str) -> None:
    await chat.say(text)
    assert await _state(desk, chat) == (None, None)  # no form, no "file a complaint?"
    assert any(t in chat.text for t in THANKS)


@pytest.mark.parametrize(
    "text",
    [
        "does the warranty cover a cracked screen on my galaxy s23?",
        "if my watch strap snaps, is that something the warranty pays for?",
        "am i still under warranty if i dropped the tablet?",
        "워치 스트랩 끊어지면 보증으로 교체해 주나요?",
        "태블릿 떨어뜨렸는데 보증 적용 되나요?",
    ],
)
async def test_a_warranty_question_is_neither_filed_nor_thanked(desk, chat, text: str) -> None:
    await chat.say(text)
    loop, _ = await _state(desk, chat)
    assert loop is None
    assert not any(t in chat.text for t in THANKS)


@pytest.mark.parametrize(
    "text",
    [
        "someone else's order details showed up in my account, with their address and phone number",
        "the receipt you emailed me has another customer's full name and card number on it",
        "your driver gave my phone number to some random guy who then texted me",
        "제 주문 내역에 다른 사람 주소랑 전화번호가 보여요",
        "메일로 받은 영수증에 다른 고객 이름이랑 카드번호가 다 나와 있어요",
        "배송 기사가 제 번호를 모르는 남자한테 알려줘서 문자가 왔어요",
    ],
)
async def test_a_privacy_breach_is_a_complaint(desk, chat, text: str) -> None:
    await chat.say(text)
    loop, offered = await _state(desk, chat)
    assert loop == "complaint_form" or offered == text


@pytest.mark.parametrize(
    "text",
    [
        "what can you do? my galaxy buds fe stopped charging yesterday",
        "can you help me please, the microwave i got on saturday won't heat anything",
        "need some help here, my broadband has been down since friday",
        "메뉴 좀 보여 주세요 그리고 어제 산 갤럭시 버즈 FE가 충전이 안 돼서 교환받고 싶어요",
        "좀 도와주실래요 토요일에 산 전자레인지가 데워지지가 않아요",
        "도움 부탁드려요 금요일부터 인터넷이 안 돼요",
    ],
)
async def test_a_one_line_complaint_is_not_answered_with_the_menu(desk, chat, text: str) -> None:
    await chat.say(text)
    loop, offered = await _state(desk, chat)
    assert loop == "complaint_form" or offered == text
    assert not any(t in chat.text for t in HELP_MENU)


@pytest.mark.parametrize(
    ("text", "asked"),
    [
        ("complaint", "Please tell me what happened"),
        ("complaint, please", "Please tell me what happened"),
        ("Complaint", "Please tell me what happened"),
        ("i want to put in a complaint", "Please tell me what happened"),
        ("불만 접수요", "어떤 점이 불편하셨는지"),
        ("민원 하나 넣을게요", "어떤 점이 불편하셨는지"),
    ],
)
async def test_complaint_alone_opens_the_form(desk, chat, text: str, asked: str) -> None:
    await chat.say(text)
    loop, _ = await _state(desk, chat)
    assert loop == "complaint_form" and asked in chat.text


async def test_a_problem_told_in_the_yes_after_an_introduction_is_what_happened(
    customer, asking_desk
) -> None:
    # round 15 (trial BC): the introduction stored as what happened, the story lost
    await customer.say("I am Mr. Sunil Wickramasinghe, retired from Ceylon Electricity Board")
    assert "Would you like to file a complaint" in customer.text
    await customer.say(
        "Yes, that is why I am here. The room heater you people installed has stopped working "
        "since three days and the nights are very cold."
    )
    for text in ("Repair", "sunil@example.com"):
        await customer.say(text)
    assert "stopped working since three days" in customer.text.split("What happened:")[-1]
