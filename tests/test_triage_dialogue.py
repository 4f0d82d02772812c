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
    opening = "my galaxy buds fe keep losing the connection to my phone every few minutes"
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


async def test_a_button_pressed_from_an_earlier_question_is_not_an_answer(chat) -> None:
    await chat.say("my fridge leaks all over the kitchen floor")
    assert "What would you like us to do" in chat.text
    await chat.say("/affirm")  # a stale "Yes" from an earlier message
    assert "What would you like us to do" in chat.text  # asked again, nothing stored
    await chat.say("Refund")
    assert "When did it happen" in chat.text
