"""The new customers' trial: replies to "Does the answer resolve your complaint?" that were
not understood (a decline beside a question or a request, an acceptance in slang, dialect,
with the customer's own plan or a remark on the desk), through the real agent and actions."""

from __future__ import annotations

from tests.test_closing_dialogue import _complaint, _file, _respond, _show

NOT_UNDERSTOOD = ("A yes or a no is enough", "'네' 또는 '아니요'로")


async def test_close_it_in_the_answered_state_accepts_not_withdraws(chat, desk) -> None:
    reference = await _file(chat, "the sound keeps cutting out, it is broken", "soundbar")
    _respond(desk, reference, "We have restored the balance of your card.")
    await chat.say("um yes?? it's resolved, you can close it")
    assert "can be withdrawn" not in chat.text
    assert _complaint(desk, reference).status == "closed"
    assert "How satisfied are you" in chat.text


async def test_slang_praise_accepts_with_no_safety_advice(chat, desk) -> None:
    reference = await _file(chat, "the remote of my soundbar stopped working", "soundbar")
    _respond(desk, reference, "A replacement pair is on its way to you.")
    await chat.say("oh bet, thats fire 🔥 ya we good")
    assert "Please stop using it now" not in chat.text
    assert not any(words in chat.text for words in NOT_UNDERSTOOD)
    assert _complaint(desk, reference).status == "closed"


async def test_a_decline_beside_a_request_in_korean_is_recorded_with_it(
    chat, desk, capsys, monkeypatch
) -> None:
    reference = await _file(chat, "바닥으로 물이 새요", "냉장고", "ko")
    _respond(desk, reference, "반품 라벨을 출력하셔서 택배로 보내 주세요.")
    text = "아뇨 아직 해결 안됨ㅠ 라벨 없는데 어케 보내냐구여 걍 기사님이 가지러 오면 안됨?"
    await chat.say(text)
    assert not any(words in chat.text for words in NOT_UNDERSTOOD)
    case = _show(desk, reference, capsys, monkeypatch)
    assert case["status"] != "closed"
    declined = next(e for e in case["events"] if e["kind"] == "declined")
    assert declined["data"]["reason"] == text  # the request stays for staff to read
