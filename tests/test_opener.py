"""The opener is never lost (issue 20, kind 4a): a first message the desk answered outside the
form (thanked as praise, answered as a question, offered, passed to a person) is what
happened when the customer then says it was a complaint, and its details are not asked
again. Played over the REST channel, on the desk's own model and thresholds; each test
first checks that the opener was indeed answered outside the form."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path

import pytest
from aiohttp import ClientSession
from aiohttp.test_utils import TestServer

from bot.channels.rest import RestChannel
from bot.server.app import Server
from tests.helpers import stored_complaint

Say = Callable[[str], Awaitable[str]]
CONFIG = Path(__file__).resolve().parent.parent / "config.yml"


@pytest.fixture
async def customer(desk) -> AsyncIterator[tuple[Say, str]]:
    """A new REST customer talking to the desk over HTTP: what they say, their sender id."""
    _settings, database, dialogue = desk
    app = Server(dialogue, database.engine, api_token=None)
    app.mount(RestChannel(dialogue, token=None))
    server = TestServer(app.app(), host="127.0.0.1", port=0)
    await server.start_server()
    sender = f"opener-{uuid.uuid4().hex[:10]}"
    async with ClientSession() as http:

        async def say(text: str) -> str:
            url = str(server.make_url("/webhooks/rest/webhook"))
            async with http.post(url, json={"sender": sender, "message": text}) as response:
                assert response.status == 200
                return "\n".join(m.get("text") or "" for m in await response.json())

        yield say, f"rest:{sender}"
    await server.close()


async def answered_outside_the_form(desk, sender_id: str, *, offered: bool = True) -> None:
    """The opener was answered outside the form (`offered=False`: and with no offer to file,
    so that nothing but the conversation itself remembers it)."""
    tracker = await desk[2].agent.tracker_store.retrieve(sender_id)
    assert tracker.active_loop_name is None, "the opener must be answered outside the form"
    if not offered:
        assert tracker.get_slot("pending_complaint") is None, "the opener must not be offered"


async def test_praise_that_was_a_complaint_is_filed_with_what_it_said(desk, customer) -> None:
    say, sender_id = customer
    opener = (
        "thank you so much for the galaxy buds fe yesterday, "
        "really loving the silence from the right one"
    )
    reply = await say(opener)
    assert "Thank you, that's kind of you" in reply  # sarcasm the classifier took for praise
    await answered_outside_the_form(desk, sender_id, offered=False)
    reply = await say("no, that was a complaint")
    assert "Noted: Galaxy Buds FE · yesterday" in reply
    assert "What would you like us to do" in reply  # neither the product nor the story asked
    for text in ("Refund", "Dana White", "dana@example.com"):
        reply = await say(text)
    reply = await say("yes")
    stored = stored_complaint(desk, reply)
    assert stored.description == opener
    assert (stored.product, stored.incident_date_text) == ("Galaxy Buds FE", "yesterday")


async def test_a_request_for_a_person_that_was_a_complaint_keeps_its_details(
    desk, customer
) -> None:
    say, sender_id = customer
    opener = "어제 받은 갤럭시 버즈 FE 때문에 상담사랑 통화하고 싶어요 환불 원해요"
    await say(opener)
    await answered_outside_the_form(desk, sender_id)
    reply = await say("불만 접수하려는 거예요")
    assert "확인했습니다: Galaxy Buds FE · 어제" in reply and "환불" in reply
    assert "성함을 알려 주시겠어요?" in reply  # product, date and remedy are not asked again
    for text in ("김하늘", "010-2345-6789"):
        reply = await say(text)
    reply = await say("네")
    stored = stored_complaint(desk, reply)
    # the wish is kept as the wish, not also as what happened
    assert stored.description == opener.removesuffix(" 환불 원해요")
    assert (stored.product, stored.desired_outcome) == ("Galaxy Buds FE", "환불")
    assert stored.incident_date_text == "어제"


async def test_the_opener_is_kept_across_a_no_and_a_change_of_mind(desk, customer) -> None:
    say, sender_id = customer
    opener = "quick question about my galaxy tab s9 from last friday: can i get a replacement?"
    await say(opener)
    await answered_outside_the_form(desk, sender_id)
    await say("no")
    reply = await say("actually it is a complaint")
    assert "Noted: Galaxy Tab S9 · last friday" in reply
    tracker = await desk[2].agent.tracker_store.retrieve(sender_id)
    assert tracker.get_slot("description") == opener


async def test_korean_praise_said_to_be_a_complaint_is_what_happened(desk, customer) -> None:
    say, sender_id = customer
    opener = "지난주 금요일에 받은 갤럭시 탭 S9 정말 감사해요 충전기만 빠져 있는 센스까지"
    await say(opener)
    await answered_outside_the_form(desk, sender_id)
    reply = await say("아까 그거 칭찬 아니고 불만이에요")
    assert "Galaxy Tab S9" in reply and "지난주 금요일" in reply
    assert "어떤 점이 불편하셨는지" not in reply and "어떤 제품" not in reply
    tracker = await desk[2].agent.tracker_store.retrieve(sender_id)
    assert tracker.get_slot("description") == opener


async def test_a_new_story_after_an_answered_question_stands_alone(desk, customer) -> None:
    say, sender_id = customer
    await say("what are your opening hours on sunday?")
    await answered_outside_the_form(desk, sender_id)
    story = "my galaxy s23 screen cracked by itself overnight"
    await say(story)
    tracker = await desk[2].agent.tracker_store.retrieve(sender_id)
    pending = tracker.get_slot("pending_complaint")
    assert (tracker.get_slot("description") or pending) == story


async def test_praise_thanked_then_a_wish_to_complain_asks_what_happened(customer) -> None:
    say, _ = customer
    reply = await say("Many thanks, the fitter who came on thursday did a lovely job!")
    assert "Thank you, that's kind of you" in reply
    reply = await say("i want to make a complaint")
    assert "Please tell me what happened" in reply  # the praise is not the complaint


@pytest.mark.parametrize(
    ("question", "story", "kept"),
    [
        ("where's my parcel?", "it's been two weeks, that's a complaint", "it's been two weeks"),
        (
            "배송 언제 와요?",
            "아니 2주째 안 오고 있다고요 불만이에요",
            "아니 2주째 안 오고 있다고요",
        ),
    ],
)
async def test_a_short_question_offered_is_kept_with_the_story_that_follows(
    desk, customer, question: str, story: str, kept: str
) -> None:
    say, sender_id = customer
    await say(question)
    await answered_outside_the_form(desk, sender_id)
    await say(story)
    tracker = await desk[2].agent.tracker_store.retrieve(sender_id)
    # "that's a complaint" says what it is, not what happened
    assert tracker.get_slot("description") == f"{question}\n{kept}"


@pytest.mark.parametrize(
    "question",
    [
        # trial U: a process question with "complain" in it, answered by the FAQ, carried
        # into the story of the complaint told next
        "Good evening. Before I tell you anything, what happens to my personal information "
        "if I complain here? Who gets to see it?",
        "불만 접수하면 제 개인정보는 누가 봐요?",  # held out
    ],
)
async def test_a_process_question_answered_is_no_part_of_the_story(customer, question) -> None:
    say, _ = customer
    await say(question)
    korean = not question.isascii()
    story = (
        "제 TV 화면 가운데에 불량 화소가 잔뜩 있어요 11월 28일부터요"
        if korean
        else "My new QLED television has a cluster of dead pixels since the 28th of November."
    )
    for answer in (story, "교환" if korean else "replacement", "Thandi Nkosi"):
        await say(answer)
    reply = await say("thandi@example.com")
    assert story in reply and question not in reply and "information" not in reply, reply


@pytest.mark.parametrize(
    "opener",
    [
        # trial G: told what went wrong, asked nothing, read by the classifier as a question
        "hiya, the hinge on my galaxy book cracked when i opened the lid this morning, screen "
        "is wobbling about and the casing's split near the corner",
        "My Galaxy Watch6 keeps losing its bluetooth connection to my phone every half hour "
        "or so, been like that since wednesday. I'd like it repaired please.",
        "the oak chest of drawers turned up last thursday with a big dent in the top and one "
        "drawer front hanging off",
    ],
)
async def test_a_story_that_asks_nothing_is_filed_whatever_the_classifier_guessed(
    customer, opener
) -> None:
    say, _ = customer
    said = await say(opener)
    assert "Would you like to file a complaint" not in said
    assert "I'm sorry about this" in said


@pytest.mark.parametrize(
    "opener",
    ["is the dryer covered by warranty if the drum is noisy", "how long does delivery take"],
)
async def test_a_question_with_a_fault_word_is_still_no_complaint_filed(customer, opener) -> None:
    say, _ = customer
    assert "I'm sorry about this" not in await say(opener)


@pytest.mark.parametrize(
    ("opener", "then"),
    [
        # the stop's own try: the wish said while the offer was open replaced the opener, and
        # the complaint was filed with "repair or swap whichever is quicker tbh" as its story
        ("do u guys ship to jeju?? mine never arrived", "repair or swap whichever is quicker tbh"),
        ("배송 언제 와요?", "교환이든 환불이든 빨리 해주세요"),  # held out
    ],
)
async def test_a_message_while_the_offer_is_open_keeps_the_first(
    desk, customer, opener: str, then: str
) -> None:
    say, sender_id = customer
    await say(opener)
    await answered_outside_the_form(desk, sender_id)
    tracker = await desk[2].agent.tracker_store.retrieve(sender_id)
    if tracker.get_slot("pending_complaint") is None:
        pytest.fail(f"{opener!r} must be offered for this test")
    await say(then)
    tracker = await desk[2].agent.tracker_store.retrieve(sender_id)
    if tracker.active_loop_name is None:  # still offered: both are what a yes would file
        assert opener in str(tracker.get_slot("pending_complaint"))
    else:  # filed at once: the first message is what happened
        assert opener in str(tracker.get_slot("description"))


@pytest.mark.parametrize(
    ("opener", "product"),
    [
        # held out (issue 20, trial K k02): an opener that says only what it is about
        ("Yes, it's about the sofa you delivered last week.", "sofa"),
        ("Good morning. I'm writing about the Samsung fridge you delivered on Tuesday.", "fridge"),
        ("네 지난주에 배송받은 소파 건이에요", "소파"),
    ],
)
async def test_an_opener_that_tells_no_story_is_asked_what_happened(
    chat, desk, opener: str, product: str
) -> None:
    await chat.say(opener)
    if "Would you like to file" in chat.text or "접수하시겠어요" in chat.text:
        await chat.say("yes")
    assert "what happened" in chat.text or "말씀해 주세요" in chat.text
    story = "one of the legs snapped off" if opener.isascii() else "다리 하나가 부러져 있었어요"
    await chat.say(story)
    for text in ("Replacement", "Ann Lee", "ann@example.com"):
        await chat.say(text)
    if "When did it happen" in chat.text or "언제" in chat.text:
        await chat.say("last tuesday")
    await chat.say("yes")
    stored = stored_complaint(desk, chat.text)
    assert story in stored.description and product.lower() in stored.description.lower()


async def test_a_yes_that_says_what_it_is_about_gets_what_happened_asked(chat, desk) -> None:
    await chat.say(
        "Good evening. I do hope I have come to the right place, my grandson set this up."
    )
    await chat.say(
        "Yes dear, it is about the rise and recline armchair I bought from you in October."
    )
    assert "what happened" in chat.text


@pytest.mark.parametrize(
    "text",
    [
        "Yes, it's about the sofa you delivered last week.",
        "Hello, it's about the dishwasher I ordered from you last month.",
        "yes it's regarding my washing machine",
        "안녕하세요 작년에 산 건조기 관련해서요",
        "네 맞아요 냉장고 때문에요",
        # talk of the chat itself
        "Good evening. I do hope I have come to the right place, my grandson set this up.",
        "hi, first time using one of these chat things",
        "안녕하세요 이런 거 처음 써봐요 잘 찾아온 건지 모르겠네요",
    ],
)
def test_saying_what_it_is_about_tells_nothing(text: str) -> None:
    from bot.settings import load_settings
    from handlers.actions.opening import tells_what_happened

    policy = load_settings({"COMPLAINTBOT_CONFIG": str(CONFIG)}).policy
    assert not tells_what_happened(policy, text)


@pytest.mark.parametrize(
    "text",
    [
        "it's about my fridge, it leaks all over the floor",
        "regarding my order, it never arrived",
        "It's about the delivery that never came",
        "지난주 배송받은 소파 건인데요 다리가 부러져 있었어요",
        # a symptom in words of no fault list tells too
        "세탁 후에 옷에 하얀 가루가 묻어 나와요",
        "there's a weird grey film on every glass after a cycle",
    ],
)
def test_what_it_is_about_with_what_went_wrong_tells(text: str) -> None:
    from bot.settings import load_settings
    from handlers.actions.opening import tells_what_happened

    policy = load_settings({"COMPLAINTBOT_CONFIG": str(CONFIG)}).policy
    assert tells_what_happened(policy, text)


@pytest.mark.parametrize(
    ("first", "answer", "wish", "deadline"),
    [
        # round 9 (trial AR): the answer to the offer, long, was taken as a new story (the
        # monitor lost), its fallback dropped, and the deadline told as noted kept nowhere
        (
            "27인치 4K 모니터 웹사이트에서 샀는데 데드픽셀이 3개 있어요 어제 받았어요",
            "교환해 주시고 재고 이슈로 교환이 안 되면 풀 리펀드로 가죠. "
            "이번 주 금요일까지는 어느 쪽인지 컨펌 주셨으면 합니다.",
            "교환, 안 되면 환불",
            "금요일까지는",
        ),
        # held out
        (
            "the 27 inch monitor I got from your website has three dead pixels, came yesterday",
            "swap it for a new one, if you cant then a full refund please. "
            "let me know by friday which it is",
            "Replacement, else Refund",
            "by friday",
        ),
    ],
)
async def test_a_long_answer_to_the_offer_keeps_the_story_the_fallback_and_the_deadline(
    chat, desk, first, answer, wish, deadline
) -> None:
    korean = not first.isascii()
    await chat.say(first)
    await chat.say(answer)
    for text in (
        ("한지민", "010-7777-8888", "네") if korean else ("Jo Hale", "jo@example.com", "yes")
    ):
        await chat.say(text)
    stored = stored_complaint(desk, chat.text)
    assert "모니터" in stored.product if korean else "monitor" in stored.product
    assert stored.desired_outcome == wish
    assert deadline in stored.description, stored.description
