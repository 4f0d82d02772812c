"""Questions asked in the middle of a complaint are answered, never stored as answers,
and the form then asks its question again (in English and in Korean)."""

from __future__ import annotations

from tests.helpers import REFERENCE, stored_complaint


async def test_asking_for_a_person_mid_form_is_answered_not_stored(chat, desk) -> None:
    await chat.say("my washing machine arrived with a cracked door")
    assert "What would you like us to do" in chat.text
    await chat.say("can I talk to a real person please")
    assert "1588-0000" in chat.text  # how to reach a person…
    assert "What would you like us to do" in chat.text  # …then the question again
    await chat.say("Replacement")
    await chat.say("yesterday")
    await chat.say("Jane Smith")
    await chat.say("jane@example.com")
    assert "real person" not in chat.text  # not in the read-back either
    await chat.say("yes")
    stored = stored_complaint(desk, chat.text)
    assert stored.desired_outcome == "Replacement"


async def test_a_status_question_mid_form_is_answered_in_korean(chat, new_chat, desk) -> None:
    earlier = new_chat()
    await earlier.say("지난주에 주문한 노트북이 아직도 안 왔어요")
    for text in ("환불", "김민지", "010-1234-5678", "네"):
        await earlier.say(text)
    reference = REFERENCE.search(earlier.text).group(0)
    chat.identity = earlier.identity  # the same customer starts a second complaint
    await chat.say("세탁기 문이 깨져서 왔어요")
    await chat.say("교환")
    assert "언제" in chat.text
    await chat.say(f"{reference} 처리 상황 알려주세요")
    assert reference in chat.text and "건의 처리 상황입니다" in chat.text
    assert "언제" in chat.text  # the date question again
    await chat.say("어제")
    assert "성함" in chat.text
    await chat.say("김민지")
    await chat.say("010-1234-5678")
    await chat.say("네")
    stored = stored_complaint(desk, chat.text)
    assert stored.incident_date_text == "어제" and stored.desired_outcome == "교환"


async def test_my_complaints_mid_form_lists_them_and_asks_again(chat) -> None:
    await chat.say("I want to make a complaint")
    await chat.say("The courier threw my parcel over the fence and it broke")
    assert "Which product or service" in chat.text
    await chat.say("show my complaints")
    assert "can't find any complaints from you" in chat.text
    assert "Which product or service" in chat.text
