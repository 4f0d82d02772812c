"""The name question in the form: real names are stored whole, a refusal says why, and a
name given at another question is kept as the name."""

from __future__ import annotations

import pytest

from tests.helpers import stored_complaint


async def test_a_question_for_a_name_is_refused_with_its_reason(chat, desk) -> None:
    for text in ("my washing machine arrived with a cracked door", "Replacement", "yesterday"):
        await chat.say(text)
    await chat.say("what is this for?")
    assert "looks like a question" in chat.text
    await chat.say("No Eun-ji")
    await chat.say("eunji@example.com")
    await chat.say("yes")
    assert stored_complaint(desk, chat.text).customer_name == "No Eun-ji"


async def test_a_contact_with_its_particles_is_not_a_name(chat, desk) -> None:
    for text in ("세탁기 문이 깨져서 왔어요", "교환", "어제"):
        await chat.say(text)
    await chat.say("minsu@gmail.com 으로 주세요")
    assert "연락처는 확인했습니다" in chat.text and "성함" in chat.text
    await chat.say("남궁 민수")
    await chat.say("네")
    stored = stored_complaint(desk, chat.text)
    # one name, written as one
    assert (stored.customer_name, stored.contact) == ("남궁민수", "minsu@gmail.com")


async def test_a_name_said_at_the_remedy_question_is_the_name(chat, desk) -> None:
    await chat.say("my washing machine arrived with a cracked door")
    assert "What would you like us to do" in chat.text
    await chat.say("my name is No Eun-ji")
    assert "No Eun-ji" in chat.text and "What would you like us to do" in chat.text
    for text in ("Replacement", "yesterday", "eunji@example.com", "yes"):
        await chat.say(text)
    stored = stored_complaint(desk, chat.text)
    assert (stored.customer_name, stored.desired_outcome) == ("No Eun-ji", "Replacement")


async def test_a_remark_in_brackets_goes_to_the_story(chat, desk) -> None:
    for text in ("my washing machine arrived with a cracked door", "Replacement", "yesterday"):
        await chat.say(text)
    await chat.say("Daniel Cho (my mom bought it, I'm helping her)")
    await chat.say("daniel@example.com")
    await chat.say("yes")
    stored = stored_complaint(desk, chat.text)
    assert stored.customer_name == "Daniel Cho"
    assert "my mom bought it" in stored.description


@pytest.mark.parametrize(
    ("answer", "name"),
    [
        ("It's Mrs Harriet Coombe. Coombe with an e on the end.", "Harriet Coombe"),
        ("Olu Adeyemi, since you'll want that too", "Olu Adeyemi"),
        ("It is at the bottom of my letter. Bernadette Okafor.", "Bernadette Okafor"),
    ],
)
async def test_a_remark_about_the_name_itself_is_not_kept(chat, desk, answer, name) -> None:
    """Trial G: the spelling, where the name was written, why it is given: nothing for staff
    in what happened."""
    for text in ("my washing machine arrived with a cracked door", "Replacement", "yesterday"):
        await chat.say(text)
    await chat.say(answer)
    await chat.say("010-2222-3333")
    await chat.say("yes")
    stored = stored_complaint(desk, chat.text)
    assert stored.customer_name == name
    assert stored.description == "my washing machine arrived with a cracked door"


@pytest.mark.parametrize("name", ["최민혁", "박서연"])
async def test_a_korean_name_the_analyser_knows_at_the_product_question_is_the_name(
    chat, name
) -> None:
    # round 10 (trial AT): "최민혁" (최 + 민혁, both read as a person's) stored as the product
    await chat.say("요금이 두 번 나갔어요 어제요")
    await chat.say(name)
    assert f"확인했습니다: {name}" in chat.text and "어떻게 처리" not in chat.text, chat.text


@pytest.mark.parametrize(
    "said",
    [
        # round 13 (trial AZ): Jeju's "why" stored as the name
        "이름은 무사 물엄수과?",
        # held out
        "이름은 왜 물어보는 거요?",
    ],
)
async def test_a_question_after_the_names_label_gives_no_name(chat, desk, said) -> None:
    for text in ("보일러가 고장났어요 사흘째", "수리"):
        await chat.say(text)
    await chat.say(said)
    assert "성함을 알려 주시겠어요" in chat.text, chat.text
    for text in ("고순자", "010-3345-7712", "네"):
        await chat.say(text)
    assert stored_complaint(desk, chat.text).customer_name == "고순자"
