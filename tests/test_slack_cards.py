"""The Slack card and the thread reply as Block Kit, without Slack: what they show of the case
thread, in both languages, and that no customer text takes them past Slack's limits."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Any

import pytest

from bot.channels.slack_cards import (
    WORDS,
    Thread,
    card,
    clipped,
    staff_modal,
    thread_reply,
)
from handlers.thread import Delivered, Entry
from storage.models import Complaint

NOW = datetime(2026, 5, 4, 6, 0, tzinfo=timezone.utc)  # 15:00 in Seoul


ROSTER = (("kim.minji", "Kim Minji"), ("lee.junho", "Lee Junho"))


def _complaint(**changes: Any) -> Complaint:
    values: dict[str, Any] = {
        "reference": "CMP-7K3F-9QX2",
        "channel": "rest",
        "user_id": "u1",
        "language": "ko",
        "description": "The screen cracked",
        "product": "Galaxy S24",
        "desired_outcome": "Replacement",
        "incident_date_text": "yesterday",
        "customer_name": "Min-su Kim",
        "contact": "minsu@example.com",
        "contact_kind": "email",
        "contact_normalized": "minsu@example.com",
        "status": "acknowledged",
        "priority": "normal",
        "category": "product",
        "created_at": NOW - timedelta(days=2),
        "updated_at": NOW,
        "acknowledged_at": NOW - timedelta(days=1),
        "ack_due_at": NOW,
        "respond_due_at": NOW + timedelta(days=8),
        "escalation_level": 0,
    }
    values.update(changes)
    return Complaint(**values)


def _texts(blocks: list[dict[str, Any]]) -> list[str]:
    """Every mrkdwn or plain text in the blocks."""
    found: list[str] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if node.get("type") in ("mrkdwn", "plain_text") and "text" in node:
                found.append(str(node["text"]))
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(blocks)
    return found


def _shown(blocks: list[dict[str, Any]]) -> str:
    return "\n".join(_texts(blocks))


def test_every_word_is_there_in_both_languages() -> None:
    assert set(WORDS["en"]) == set(WORDS["ko"])


def test_clipped_text_never_ends_in_half_an_entity() -> None:
    assert clipped("a < b", 100) == "a &lt; b"
    for n in range(2, 30):
        shown = clipped("<&>" * 50, n)
        assert len(shown) <= n and shown.endswith("…")
        body = shown.removesuffix("…")
        assert body.replace("&lt;", "").replace("&gt;", "").replace("&amp;", "") == ""


def test_the_card_stays_within_slacks_limits_whatever_was_written() -> None:
    huge = "<!channel> & <https://evil|x> " * 400
    complaint = _complaint(
        description=huge,
        product="&" * 200,
        desired_outcome=huge,
        customer_name="<" * 200,
        contact="&" * 300,
        escalation_level=3,
        status="escalated",
        human_requested_at=NOW,
        awaiting_customer_since=NOW,
    )
    entries = tuple(
        Entry(NOW + timedelta(minutes=i), ("customer", "staff", "desk")[i % 3], "update", huge, "x")
        for i in range(40)
    )
    case = Thread(
        entries, Delivered("customer.update", NOW, (("rest", "waiting"), ("email", "failed")))
    )
    for language in ("en", "ko"):
        _text, blocks = card(
            complaint, language=language, timezone="Asia/Seoul", show_contact=True, case=case,
            heading="Escalated to you: CMP-7K3F-9QX2",
        )  # fmt: skip
        assert len(blocks) <= 50
        for block in blocks:
            for field in block.get("fields", []):
                assert len(field["text"]) <= 2000
            assert len(block.get("fields", [])) <= 10
            if block["type"] == "actions":
                assert len(block["elements"]) <= 25
                assert all(len(e.get("text", {}).get("text", "")) <= 75 for e in block["elements"])
        assert all(len(t) <= 3000 for t in _texts(blocks))
        assert "<!channel>" not in _shown(blocks) and "<https" not in _shown(blocks)


def test_the_card_shows_the_last_messages_in_order_and_counts_the_rest() -> None:
    entries = (
        Entry(NOW, "customer", "customer_message", "first, when is the courier coming?"),
        Entry(NOW + timedelta(minutes=1), "desk", "acknowledged", ""),
        Entry(NOW + timedelta(minutes=2), "staff", "update", "Courier on Tuesday", "kim.minji"),
        Entry(NOW + timedelta(minutes=3), "staff", "question", "Which colour?", "kim.minji"),
        Entry(NOW + timedelta(minutes=4), "customer", "human_requested", "Black\n<b>please</b>"),
        Entry(NOW + timedelta(minutes=5), "staff", "answer", "A black one is on its way", "lee"),
        Entry(NOW + timedelta(minutes=6), "customer", "customer_message", "Thanks!"),
    )
    case = Thread(entries, None, {"kim.minji": "Kim Minji"})
    _text, blocks = card(
        _complaint(), language="en", timezone="Asia/Seoul", show_contact=False, case=case
    )
    (conversation,) = [t for t in _texts(blocks) if t.startswith("*Conversation*")]
    lines = conversation.splitlines()
    assert lines[1] == "_…and 2 earlier_"
    assert lines[2:] == [
        "05-04 15:02 *Kim Minji* (update): Courier on Tuesday",
        "05-04 15:03 *Kim Minji* (question): Which colour?",
        "05-04 15:04 *Customer* (asked for a call): Black &lt;b&gt;please&lt;/b&gt;",
        "05-04 15:05 *lee* (answer): A black one is on its way",
        "05-04 15:06 *Customer*: Thanks!",
    ]
    _text, blocks = card(
        _complaint(), language="ko", timezone="Asia/Seoul", show_contact=False, case=case
    )
    assert "…이전 메시지 2건" in _shown(blocks) and "*고객*: Thanks!" in _shown(blocks)
    _text, blocks = card(
        _complaint(), language="en", timezone="Asia/Seoul", show_contact=False, case=Thread()
    )
    assert "Conversation" not in _shown(blocks)  # nothing said since filing


@pytest.mark.parametrize(
    ("ways", "en", "ko"),
    [
        ((("telegram", "sent"),), "chat: delivered", "채팅: 전달 완료"),
        ((("telegram", "waiting"),), "chat: sending", "채팅: 보내는 중"),
        ((("telegram", "sending"),), "chat: sending", "채팅: 보내는 중"),
        (
            (("rest", "waiting"), ("email", "sent")),
            "chat: waiting for the customer to come back · e-mail: delivered",
            "채팅: 고객이 다시 접속하면 전달 · 이메일: 전달 완료",
        ),
        (
            (("telegram", "failed"),),
            "chat: failed — phone them",
            "전달 실패 — 전화로 연락해 주세요",
        ),
    ],
)
def test_the_card_says_how_the_last_message_went(ways, en, ko) -> None:
    case = Thread((), Delivered("customer.question", NOW, ways))
    channel = ways[0][0]
    for language, expected in (("en", en), ("ko", ko)):
        _text, blocks = card(
            _complaint(channel=channel),
            language=language,
            timezone="Asia/Seoul",
            show_contact=False,
            case=case,
        )
        assert expected in _shown(blocks)
    _text, blocks = card(
        _complaint(), language="en", timezone="Asia/Seoul", show_contact=False, case=case
    )
    assert "*Last message to the customer* (question, 2026-05-04 15:00)" in _shown(blocks)


def test_calls_questions_and_phone_only_customers_show_while_they_hold() -> None:
    phone = {
        "contact": "010-1234-5678",
        "contact_kind": "phone",
        "contact_normalized": "+821012345678",
    }
    waiting = _complaint(human_requested_at=NOW, awaiting_customer_since=NOW, **phone)
    _text, blocks = card(waiting, language="en", timezone="Asia/Seoul", show_contact=True)
    shown = _shown(blocks)
    assert "The customer asked for a call* (2026-05-04 15:00)" in shown
    assert "Waiting for the customer's answer since 2026-05-04 15:00" in shown
    assert "Reachable by phone only: call 010-1234-5678" in shown
    _text, blocks = card(waiting, language="ko", timezone="Asia/Seoul", show_contact=False)
    shown = _shown(blocks)
    assert "고객이 통화를 요청했습니다" in shown and "2026-05-04 15:00부터 고객의 답변을" in shown
    assert "전화로만 연락할 수 있습니다." in shown and "010-1234-5678" not in shown  # a channel
    # answered, and no longer asked: nothing to flag; a Telegram customer is reachable anyway
    settled = _complaint(channel="telegram", **phone)
    _text, blocks = card(settled, language="en", timezone="Asia/Seoul", show_contact=True)
    shown = _shown(blocks)
    assert "call" not in shown and "Waiting" not in shown and "phone only" not in shown
    # ended: nothing is waited for, and nothing can be done
    withdrawn = _complaint(status="withdrawn", human_requested_at=NOW, awaiting_customer_since=NOW)
    _text, blocks = card(withdrawn, language="en", timezone="Asia/Seoul", show_contact=True)
    shown = _shown(blocks)
    assert "Withdrawn by the customer" in shown and "asked for a call" not in shown
    assert "Waiting" not in shown
    [actions] = [b for b in blocks if b["type"] == "actions"]  # only a note, for the record
    assert [e["action_id"] for e in actions["elements"]] == ["note"]


def test_the_buttons_write_to_the_customer_while_the_complaint_is_open() -> None:
    def buttons(complaint: Complaint) -> list[str]:
        _text, blocks = card(
            complaint, language="en", timezone="Asia/Seoul", show_contact=False, roster=ROSTER
        )
        actions = [b for b in blocks if b["type"] == "actions"]
        return [e["action_id"] for a in actions for e in a["elements"]]

    received = _complaint(status="received", acknowledged_at=None)
    assert buttons(received) == [
        "ack", "investigate", "respond", "message", "ask", "close", "escalate", "note",
        "reassign",
    ]  # fmt: skip
    # answered: the customer accepts or declines; staff may only close it with a reason
    assert buttons(_complaint(status="responded")) == [
        "message", "ask", "close", "note", "reassign"
    ]  # fmt: skip
    # closed: a note still (what was found, the root cause), nothing else
    assert buttons(_complaint(status="closed")) == ["note"]
    # Reassign picks among the roster, not among everyone in the workspace
    _text, blocks = card(received, language="ko", timezone="Asia/Seoul", show_contact=False)
    assert "reassign" not in str(blocks)  # nobody to give it to
    _text, blocks = card(
        received, language="ko", timezone="Asia/Seoul", show_contact=False, roster=ROSTER
    )
    [picker] = [e for b in blocks if b["type"] == "actions" for e in b["elements"][-1:]]
    assert picker["type"] == "static_select"
    assert [o["value"] for o in picker["options"]] == ["kim.minji", "lee.junho"]
    for kind, title in (
        ("respond", "답변"),
        ("message", "업데이트 보내기"),
        ("ask", "고객에게 질문"),
        ("close", "불편 사항 종결"),
        ("note", "내부 메모"),
    ):
        modal = staff_modal(kind, "CMP-7K3F-9QX2", "ko")
        assert modal["callback_id"] == kind and modal["title"]["text"] == title
        assert len(modal["title"]["text"]) <= 24
        assert modal["blocks"][1]["block_id"] == "answer"


def test_a_customer_message_in_a_thread_is_escaped_and_led_in_the_viewers_language() -> None:
    payload = {"text": "<!channel> when? & <https://evil|x>", "wants_person": False}
    text, blocks = thread_reply("en", "CMP-7K3F-9QX2", payload)
    shown = _shown(blocks)
    assert "Customer wrote:" in shown and "&lt;!channel&gt; when? &amp; &lt;https" in shown
    assert "<!channel>" not in shown + text and "<https" not in shown + text
    text, blocks = thread_reply(
        "ko", "CMP-7K3F-9QX2", {"text": "전화 주세요", "wants_person": True, "attachment": True}
    )
    shown = _shown(blocks)
    assert "고객이 통화를 요청했습니다" in shown and "전화 주세요" in shown
    assert "고객이 파일을 첨부했습니다" in shown and "CMP-7K3F-9QX2" in text
    _text, blocks = thread_reply("en", "CMP-7K3F-9QX2", {"text": "&" * 2900})
    assert all(len(t) <= 3000 for t in _texts(blocks))


def test_the_card_reads_every_way_the_last_message_went(desk) -> None:
    """A REST customer who gave an e-mail address is sent each message on both ways."""
    import uuid
    from dataclasses import replace

    from bot.channels.slack_cards import read_thread
    from handlers import casework
    from handlers.identity import Identity
    from handlers.intake import ComplaintDetails, file_complaint
    from storage import repositories as repo
    from storage.db import transaction
    from storage.types import utcnow

    settings, database, _dialogue = desk
    policy = replace(settings.policy, email_customers=True)
    details = ComplaintDetails(
        "It cracked", "Galaxy S24", "Replacement", "yesterday", None, "Min-su Kim", "a@b.kr"
    )
    reference = file_complaint(
        database.factory, policy, identity=Identity("rest", uuid.uuid4().hex[:10]),
        language="en", details=details, now=utcnow(),
    ).reference  # fmt: skip
    kim = policy.staff("kim.minji")
    assert kim is not None
    for text in ("Courier on Tuesday", "Courier on Tuesday"):  # the same words twice
        casework.message(
            database.factory, policy, reference=reference, text=text, by=kim, now=utcnow()
        )
    with transaction(database.factory) as session:
        complaint = repo.get_by_reference(session, reference=reference)
        assert complaint is not None
        case = read_thread(session, complaint, policy)
        _text, blocks = card(
            complaint, language="en", timezone="Asia/Seoul", show_contact=False, case=case
        )
    assert case.delivered is not None
    assert case.delivered.ways == (("rest", "waiting"), ("email", "waiting"))
    assert "chat: waiting for the customer to come back · e-mail: sending" in _shown(blocks)
    assert [e.text for e in case.entries] == ["Courier on Tuesday"] * 2
    assert "*Kim Minji* (update): Courier on Tuesday" in _shown(blocks)


def _card_text(complaint: Complaint, language: str = "en", **kw: Any) -> str:
    kw.setdefault("show_contact", True)
    _text, blocks = card(complaint, language=language, timezone="Asia/Seoul", now=NOW, **kw)
    return _shown(blocks)


def test_the_card_says_when_it_came_and_how_late_it_is() -> None:
    from datetime import date

    late = _complaint(
        status="received",
        acknowledged_at=None,
        ack_due_at=NOW - timedelta(hours=3, minutes=20),
        incident_on=date(2026, 5, 1),
        incident_date_text="last Friday",
    )
    shown = _card_text(late)
    assert "*Received:* 2026-05-02 15:00" in shown  # in Seoul time
    assert "*Happened:* 2026-05-01 (last Friday)" in shown
    assert "*Overdue:* acknowledgement was due 3h 20m ago" in shown
    assert "확인 기한이 3시간 20분 지났습니다" in _card_text(late, "ko")
    on_time = _complaint(respond_due_at=NOW + timedelta(days=2, hours=4, minutes=10))
    assert "2d 4h left to answer" in _card_text(on_time)
    assert "답변 기한까지 2일 4시간 남았습니다" in _card_text(on_time, "ko")
    # closed: no due date, no flag
    closed = _complaint(status="closed", respond_due_at=NOW - timedelta(days=1))
    shown = _card_text(closed)
    assert "Respond by" not in shown and "Acknowledge by" not in shown and "Overdue" not in shown


def test_the_card_says_who_did_what_and_why() -> None:
    case = Thread(
        acts={
            "acknowledged": ("Kim Minji", NOW - timedelta(days=1)),
            "responded": ("Lee Junho", NOW - timedelta(hours=1)),
        },
        answer="A new phone leaves today <by courier>.",
        escalation=(1, "Kim Minji", "The customer mentions a lawyer"),
        attachments=(("receipt.pdf", "https://desk.example.com/attachments/7?sig=ab"),),
    )
    complaint = _complaint(
        status="escalated",
        escalation_level=1,
        human_requested_at=NOW - timedelta(hours=2),
    )
    shown = _card_text(complaint, case=case)
    assert "Acknowledged by Kim Minji (2026-05-03 15:00)" in shown
    assert "Answered by Lee Junho (2026-05-04 14:00)" in shown
    assert "A new phone leaves today &lt;by courier&gt;." in shown
    assert "*Escalated* (level 1) by Kim Minji: The customer mentions a lawyer" in shown
    assert "The customer asked for a call" in shown
    assert "<https://desk.example.com/attachments/7?sig=ab|receipt.pdf>" in shown
    korean = _card_text(complaint, "ko", case=case)
    assert "Kim Minji 님이 확인했습니다" in korean and "상향" in korean


def test_every_value_on_a_korean_card_is_in_korean() -> None:
    complaint = _complaint(priority="urgent", category="safety", channel="telegram")
    shown = _card_text(complaint, "ko")
    assert "*우선순위:* 긴급" in shown and "*분류:* 안전" in shown
    assert "*접수 채널:* 텔레그램 (한국어)" in shown
    for english in ("urgent", "safety", "telegram", "(ko)"):
        assert english not in shown
    assert "*Priority:* urgent" in _card_text(complaint)


def test_the_card_shows_the_promised_date_and_chases_it_while_saying_the_target_was_missed() -> (
    None
):
    target = NOW - timedelta(hours=5)
    promised = _complaint(respond_due_at=target, promised_at=NOW + timedelta(days=1, hours=2))
    shown = _card_text(promised)
    assert "*Respond by:* 2026-05-04 10:00" in shown  # the original target stays
    assert "*Promised to the customer:* 2026-05-05 17:00" in shown
    assert "*Target missed* 5h ago; the date promised to the customer is in 1d 2h." in shown
    assert "Overdue" not in shown  # chased against the promise, not yet past it
    korean = _card_text(promised, "ko")
    assert "*고객 안내 기한:* 2026-05-05 17:00" in korean
    assert "답변 기한이 5시간 지났습니다. 고객에게 안내한 기한까지 1일 2시간 남았습니다." in korean
    # the promise passed too: overdue against it, the missed target still said
    broken = _complaint(
        respond_due_at=NOW - timedelta(days=3), promised_at=NOW - timedelta(hours=2)
    )
    shown = _card_text(broken)
    assert (
        "*Overdue:* the date promised to the customer passed 2h ago "
        "(the target was missed 3d ago)." in shown
    )
    assert "고객에게 안내한 기한이 2시간 지났습니다 (답변 기한은 3일 지남)." in _card_text(
        broken, "ko"
    )
    # answered or closed: no dates owed, no promise shown
    closed = _complaint(status="closed", respond_due_at=target, promised_at=NOW)
    assert "Promised" not in _card_text(closed)
    # no promise: as before
    assert "Promised" not in _card_text(_complaint())


def test_every_event_the_desk_writes_is_told_in_words_in_both_languages() -> None:
    """The history says what happened in words (issue 22 item 7): every kind of event the
    code writes has its words, in English and Korean (the review found the sweep's shown bare)."""
    import re
    from pathlib import Path

    from bot.channels.slack_cards import EVENT_WORDS

    written: set[str] = set()
    for path in Path("handlers").rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        written |= set(
            re.findall(r'add_event\((?:[^()]|\([^()]*\))*?kind="([a-z_.]+)"', text, re.S)
        )
        written |= set(re.findall(r'rows\.event\(\s*complaint,\s*"([a-z_.]+)"', text))
        written |= set(re.findall(r'^\s+"([a-z_]+)",\n\s+\{', text, flags=re.M)) & {
            "closed_silence"
        }
    assert EVENT_WORDS["en"].keys() == EVENT_WORDS["ko"].keys()
    missing = written - EVENT_WORDS["en"].keys()
    assert not missing, missing
