"""Whole conversations through the in-process agent and custom actions, in both languages."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from handlers.references import find_reference, new_reference, parse_reference
from storage import repositories as repo
from storage.db import transaction
from storage.models import Complaint
from tests.helpers import REFERENCE


def _reference(text: str) -> str:
    match = REFERENCE.search(text)
    assert match, text
    return match.group(0)


async def _file_english(chat) -> str:
    await chat.say("my washing machine arrived with a cracked door and nobody answers the phone")
    await chat.say("Replacement")
    await chat.say("yesterday")
    await chat.say("Jane Smith")
    await chat.say("jane@example.com")
    await chat.say("yes")
    return _reference(chat.text)


async def test_greeting_explains_the_desk_in_the_customers_language(chat, new_chat) -> None:
    await chat.say("hello")
    assert (
        "costs nothing" in chat.text
        and "1 working day" in chat.text
        and "10 working days" in chat.text
    )
    korean = new_chat()
    await korean.say("안녕하세요")
    assert (
        "무료" in korean.text
        and "영업일 기준 1일" in korean.text
        and "영업일 기준 10일" in korean.text
    )


async def test_english_complaint_keeps_given_details_and_reads_back(chat, desk) -> None:
    await chat.say("my washing machine arrived with a cracked door and nobody answers the phone")
    # description and product came with the opening message: the next question is the outcome
    assert "What would you like us to do" in chat.text
    assert [b.title for b in chat.buttons][:2] == ["Refund", "Replacement"]
    await chat.say("Replacement")
    assert "When did it happen" in chat.text
    await chat.say("2 days ago")
    await chat.say("Jane Smith")
    await chat.say("not an address")
    assert "doesn't look like an e-mail address" in chat.text
    await chat.say("jane@example.com")
    assert "Please check your complaint" in chat.text
    assert "washing machine" in chat.text and "jane@example.com" in chat.text
    # the date as said and as understood, so a wrong reading can be seen
    assert re.search(
        r"When: 2 days ago \([A-Z][a-z]{2} \d{1,2} [A-Z][a-z]{2} \d{4}\)", chat.text
    ), chat.text
    await chat.say("yes")
    reference = _reference(chat.text)
    assert parse_reference(reference).outcome == "valid"
    assert "respond by" in chat.text
    with transaction(desk[1].factory) as session:
        stored = repo.get_by_reference(session, reference=reference)
        assert stored.description.startswith("my washing machine arrived")
        assert stored.product == "washing machine"
        assert stored.incident_on is not None
        assert stored.language == "en"


async def test_korean_complaint_end_to_end(chat, desk) -> None:
    await chat.say("지난주에 주문한 노트북이 아직도 안 왔어요")
    assert "어떻게 처리해 드리면" in chat.text
    await chat.say("환불")
    # the date was in the opening message ("지난주"): the name is next
    assert "성함" in chat.text
    await chat.say("김민지")
    await chat.say("010-1234-5678")
    assert "접수 내용을 확인해 주세요" in chat.text and "노트북" in chat.text
    assert re.search(
        r"발생일: 지난주, \d{4}년 \d{1,2}월 \d{1,2}일\([월화수목금토일]\)", chat.text
    ), chat.text
    await chat.say("네")
    reference = _reference(chat.text)
    assert "접수번호는" in chat.text
    with transaction(desk[1].factory) as session:
        stored = repo.get_by_reference(session, reference=reference)
        assert (stored.language, stored.category, stored.contact_normalized) == (
            "ko",
            "delivery",
            "+821012345678",
        )
        # the refund asked for is a remedy, not a sign of urgency or of a billing problem
        assert stored.priority == "normal"


async def test_no_at_the_read_back_corrects_one_field(chat, desk) -> None:
    await chat.say("I want to make a complaint")
    assert "tell me what happened" in chat.text
    await chat.say("The delivery driver threw my parcel over the fence and it broke")
    assert "Which product or service" in chat.text
    await chat.say("TV")
    await chat.say("Refund")
    await chat.say("today")
    await chat.say("Alex Kim")
    await chat.say("alex@example.com")
    await chat.say("no")
    assert "Which detail" in chat.text
    await chat.say("product")
    assert "Which product or service" in chat.text
    await chat.say("LG OLED TV")
    assert "LG OLED TV" in chat.text and "Please check" in chat.text
    await chat.say("/affirm")
    reference = _reference(chat.text)
    with transaction(desk[1].factory) as session:
        assert repo.get_by_reference(session, reference=reference).product == "LG OLED TV"


async def test_cancel_abandons_politely_and_stores_nothing(chat, desk) -> None:
    factory = desk[1].factory
    with transaction(factory) as session:
        before = session.execute(sa.select(sa.func.count(Complaint.id))).scalar()
    await chat.say("불만 접수하고 싶어요")
    await chat.say("세탁기가 고장 났어요 물이 새요")
    await chat.say("취소")
    assert "작성을 중단했고" in chat.text
    await chat.say("hello there")  # English words switch the language; one word does not
    assert "complaints desk" in chat.text
    with transaction(factory) as session:
        assert session.execute(sa.select(sa.func.count(Complaint.id))).scalar() == before


async def test_status_list_and_privacy(chat, new_chat) -> None:
    reference = await _file_english(chat)
    await chat.say(f"what is the status of {reference.lower().replace('-', ' ')}?")
    assert reference in chat.text and "Status: Received" in chat.text and "respond by" in chat.text
    await chat.say("show my complaints")
    assert reference in chat.text
    stranger = new_chat()
    await stranger.say(f"what is the status of {reference}?")
    leaked = stranger.text
    unknown = new_reference()
    await stranger.say(f"what is the status of {unknown}?")
    assert leaked.replace(reference, "X") == stranger.text.replace(unknown, "X")
    assert "washing machine" not in leaked
    await stranger.say("show my complaints")
    assert reference not in stranger.text


async def test_a_wrong_check_symbol_is_called_mistyped(chat) -> None:
    reference = await _file_english(chat)
    last = reference[-1]
    typo = reference[:-1] + ("0" if last != "0" else "1")
    await chat.say(f"status of {typo}")
    assert "looks mistyped" in chat.text


async def test_withdraw_needs_confirmation(chat, desk) -> None:
    reference = await _file_english(chat)
    await chat.say("withdraw my complaint")
    assert reference in chat.text and "Withdraw" in chat.text
    await chat.say("no")
    assert "stays open" in chat.text
    await chat.say(f"please withdraw {reference}")
    await chat.say("yes")
    assert "has been withdrawn" in chat.text
    with transaction(desk[1].factory) as session:
        assert repo.get_by_reference(session, reference=reference).status == "withdrawn"


async def test_request_human_gives_the_way_and_records_it(chat, desk) -> None:
    reference = await _file_english(chat)
    await chat.say("i want to talk to a human")
    assert "1588-0000" in chat.text and reference in chat.text
    with transaction(desk[1].factory) as session:
        complaint = repo.get_by_reference(session, reference=reference)
        assert "human_requested" in [e.kind for e in repo.events_for(session, complaint=complaint)]


async def test_small_talk_leads_back(chat) -> None:
    await chat.say("tell me a joke")
    assert "complaints" in chat.text
    await chat.say("thanks")
    assert "welcome" in chat.text


async def test_bad_input_gets_a_polite_answer(chat, desk) -> None:
    await chat.say("")
    assert "didn't receive any text" in chat.text
    await chat.say("x" * 10_000)
    assert "10,000 characters" in chat.text and "4,000" in chat.text
    await chat.say("🙂🙂🙂")
    assert "I take complaints" in chat.text
    for text in ("<b>hi</b> *there* `code`", "'; DROP TABLE complaints; --"):
        await chat.say(text)
        answered = (
            "?",
            "Please tell me what happened",
            "Tell me in your own words",
            "If something went wrong",
        )
        assert any(part in chat.text for part in answered), text  # greeted, asked or offered
        assert "technical problem" not in chat.text
    with transaction(desk[1].factory) as session:  # the table is still there
        assert session.execute(sa.select(sa.func.count(Complaint.id))).scalar() >= 0


async def test_a_withdrawn_complaint_says_so_and_is_not_withdrawn_twice(chat, desk) -> None:
    reference = await _file_english(chat)
    await chat.say(f"withdraw {reference}")
    await chat.say("yes")
    assert "has been withdrawn" in chat.text
    await chat.say(f"what is the status of {reference}")
    assert f"Complaint {reference} was withdrawn on" in chat.text
    assert "respond by" not in chat.text
    await chat.say(f"please withdraw {reference}")
    assert "already withdrawn on" in chat.text and "can no longer" not in chat.text


async def test_an_answered_complaint_cannot_be_withdrawn_and_says_why(chat, desk) -> None:
    reference = await _file_english(chat)
    with transaction(desk[1].factory) as session:
        complaint = repo.get_by_reference(session, reference=reference)
        complaint.responded_at = complaint.created_at
        repo.set_status(session, complaint=complaint, status="responded", actor="staff:test")
    await chat.say(f"withdraw {reference}")
    assert "already answered" in chat.text and "nothing left to withdraw" in chat.text


async def test_markup_and_emoji_in_the_form_are_handled(chat) -> None:
    await chat.say("I want to complain")
    await chat.say("😡😡😡")
    assert "a little more about what happened" in chat.text
    await chat.say("<script>alert(1)</script> the `app` *crashed* and lost my order")
    # the product named in what happened is taken without its markup
    assert "Noted: app." in chat.text and "What would you like" in chat.text


async def test_a_half_finished_form_survives_a_restart(desk, model_path, new_chat) -> None:
    from bot.wiring import build_dialogue

    settings, database, _dialogue = desk
    first = new_chat()
    await first.say("my laptop stopped working after two days")
    await first.say("Repair")
    restarted = build_dialogue(settings, database, model_path)
    first.dialogue = restarted
    await first.say("yesterday")
    assert "May I have your name" in first.text
    assert find_reference(first.text) is None


async def test_the_graph_runs_without_dask_and_answers_as_dask_does(desk) -> None:
    from bot.runtime.graph_runner import SequentialGraphRunner

    from rasa.core.channels.channel import UserMessage
    from rasa.engine.runner.dask import DaskGraphRunner
    from rasa.shared.core.events import ActionExecuted, UserUttered
    from rasa.shared.core.trackers import DialogueStateTracker

    processor = desk[2].agent.processor
    ours = processor.graph_runner
    assert isinstance(ours, SequentialGraphRunner)
    # Rasa's runner over the same loaded components (its constructor would load them again).
    dask = DaskGraphRunner.__new__(DaskGraphRunner)
    dask._graph_schema, dask._instantiated_nodes = ours._graph_schema, ours._nodes
    dask._execution_context = None

    def both(run):
        processor.graph_runner = dask
        try:
            expected = run()
        finally:
            processor.graph_runner = ours
        return run(), expected

    for text in ("my laptop never arrived", "CMP-7K3F-9QX2 어떻게 됐나요", "hello", "🙂"):
        ours_parse, dask_parse = both(
            lambda text=text: processor._parse_message_with_graph(UserMessage(text), None)
        )
        assert ours_parse == dask_parse
        tracker = DialogueStateTracker.from_events(
            "graph-test",
            [
                ActionExecuted("action_listen"),
                UserUttered(text, ours_parse["intent"], ours_parse["entities"]),
            ],
            slots=processor.domain.slots,
        )
        ours_next, dask_next = both(
            lambda tracker=tracker: processor._predict_next_with_tracker(tracker)
        )
        assert (ours_next.policy_name, ours_next.probabilities) == (
            dask_next.policy_name,
            dask_next.probabilities,
        )


async def test_in_process_action_calls_carry_what_rasa_would_send(chat, desk) -> None:
    from bot.runtime.actions import RASA_ACTION_CALL_FORMAT

    from rasa.core.actions.action import RemoteAction

    await chat.say("my washing machine arrived with a cracked door and nobody answers the phone")
    agent = desk[2].agent
    tracker = await agent.tracker_store.retrieve(chat.sender_id)
    assert tracker.active_loop is not None  # the form is open, with its trigger message
    action = RemoteAction("validate_complaint_form", agent.processor.action_endpoint)
    ours = action._action_call_format(tracker, agent.domain)
    assert ours == RASA_ACTION_CALL_FORMAT(action, tracker, agent.domain)
    assert ours["tracker"]["active_loop"]["trigger_message"]["intent"]["name"] == "file_complaint"
    assert tracker.active_loop.trigger_message is ours["tracker"]["active_loop"]["trigger_message"]


async def test_help_and_a_lost_reference_are_understood_outside_the_form(chat, new_chat) -> None:
    await chat.say("what can you do?")
    assert "I can take a complaint" in chat.text
    korean = new_chat()
    await korean.say("도움말")
    assert "불편 사항 접수" in korean.text
    reference = await _file_english(chat)
    await chat.say("I lost my reference number")
    assert reference in chat.text and "in my reply when you filed" in chat.text
    await korean.say("접수번호 까먹었어요")
    assert "성함과 연락처로 찾아 드릴 수 있습니다" in korean.text


async def test_no_with_nothing_pending_is_a_goodbye(chat, new_chat) -> None:
    await chat.say("no that's all")
    assert "Have a good day" in chat.text
    korean = new_chat()
    await korean.say("아니요 됐어요")
    assert "좋은 하루 보내세요" in korean.text


@pytest.mark.parametrize(
    "said",
    [
        # round 15 (trial BC): answered "can't answer that here" or "can't help with that"
        "Good evening sir/madam",
        "hiya babe, you alright?",
        # held out
        "hello, how are you doing?",
        "Dear Sir or Madam,",
    ],
)
async def test_a_greeting_with_small_talk_is_greeted(chat, said: str) -> None:
    await chat.say(said)
    assert "complaints desk" in chat.text, chat.text
    assert "can't" not in chat.text
