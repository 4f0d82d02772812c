"""The case thread in Slack, against the local fake Slack Web API with requests signed as
Slack signs them: a customer's message in the thread of each card and the assignee's DM, a
call asked for on the card until someone acts, a withdrawal redrawing every card, Update and
Ask the customer from modals that keep their text when refused, and the delivery of the last
message on the card."""

from __future__ import annotations

import json
import uuid
from typing import Any

import pytest
import sqlalchemy as sa

from handlers import casework, thread
from handlers.identity import Identity
from handlers.intake import ComplaintDetails, file_complaint
from storage import repositories as repo
from storage.db import transaction
from storage.models import Complaint, OutboxMessage, SlackCard
from storage.types import utcnow
from tests.fakes.slack import FakeSlackAPI, SlackRequests, dm_channel
from tests.test_slack import KIM, LEE, QUALITY, _post, slack, standalone  # noqa: F401

KIM_DM, LEE_DM = dm_channel(KIM), dm_channel(LEE)


@pytest.fixture
def desk_in_slack(slack):  # noqa: F811
    """test_slack's desk with Slack at a local fake, on a database of its own."""
    return slack


async def _filed(
    settings, database, fake: FakeSlackAPI, *, channel: str = "rest", user: str | None = None,
    contact: str = "minsu@example.com", language: str = "en",
) -> tuple[str, Identity]:  # fmt: skip
    """A complaint once its cards are posted."""
    identity = Identity(channel, user or uuid.uuid4().hex[:10])
    details = ComplaintDetails(
        "The screen cracked on its own", "Galaxy S24", "Replacement", "yesterday", None,
        "Min-su Kim", contact,
    )  # fmt: skip
    receipt = file_complaint(
        database.factory,
        settings.policy,
        identity=identity,
        language=language,
        details=details,
        now=utcnow(),
    )
    # the team channel's card and the assignee's DM card (kim.minji for a test's first)
    await fake.wait_for(lambda: len(_cards(database, receipt.reference)) == 2)
    return receipt.reference, identity


def _cards(database, reference: str) -> dict[str, str]:
    """The complaint's cards: channel -> ts."""
    with transaction(database.factory) as session:
        complaint = repo.get_by_reference(session, reference=reference)
        assert complaint is not None
        rows = session.execute(
            sa.select(SlackCard.channel, SlackCard.ts).where(SlackCard.complaint_id == complaint.id)
        ).all()
        return dict(rows)


def _card(fake: FakeSlackAPI, database, reference: str, channel: str) -> str:
    """What a card shows now (its blocks as the fake keeps them)."""
    ts = _cards(database, reference)[channel]
    return json.dumps(fake.messages[(channel, ts)]["blocks"], ensure_ascii=False)


def _buttons(fake: FakeSlackAPI, database, reference: str, channel: str) -> list[str]:
    ts = _cards(database, reference)[channel]
    blocks = fake.messages[(channel, ts)]["blocks"]
    return [e["action_id"] for b in blocks if b["type"] == "actions" for e in b["elements"]]


def _replies(fake: FakeSlackAPI, database, reference: str, channel: str) -> list[dict[str, Any]]:
    return fake.replies(channel, _cards(database, reference)[channel])


def _complaint(database, reference: str) -> Complaint:
    with transaction(database.factory) as session:
        complaint = repo.get_by_reference(session, reference=reference)
        assert complaint is not None
        session.expunge(complaint)
        return complaint


def _told(database, reference: str) -> list[tuple[str, str, str]]:
    """The customer's outbox rows: (channel, kind, message)."""
    with transaction(database.factory) as session:
        rows = session.execute(
            sa.select(OutboxMessage)
            .join(Complaint, OutboxMessage.complaint_id == Complaint.id)
            .where(Complaint.reference == reference, OutboxMessage.kind.like("customer.%"))
            .order_by(OutboxMessage.id)
        ).scalars()
        return [(r.channel, r.kind, str((r.payload or {}).get("message", ""))) for r in rows]


def _text(value: str) -> dict[str, dict[str, dict[str, str]]]:
    return {"answer": {"text": {"type": "plain_text_input", "value": value}}}


async def _write(url: str, fake: FakeSlackAPI, user: str, kind: str, reference: str, text: str):
    """Press Respond, Update or Ask on the channel card and send the modal: Slack's answer
    to the submission (status, body)."""
    requests = SlackRequests(fake=fake)
    opened = len(fake.called("views.open"))
    press = requests.block_actions(user, kind, value=reference, channel=QUALITY)
    assert (await _post(url, press))[0] == 200
    await fake.wait_for(lambda: len(fake.called("views.open")) > opened)
    view = fake.called("views.open")[-1].params["view"]
    assert (view["callback_id"], view["private_metadata"]) == (kind, reference)
    return await _post(url, requests.view_submission(user, kind, _text(text)))


async def test_a_customer_message_reaches_the_thread_of_each_card_and_the_assignees_dm(
    desk_in_slack,
) -> None:
    settings, database, fake, _bot, _url = desk_in_slack
    reference, identity = await _filed(settings, database, fake)
    said = "Any news? <!channel> <https://evil|click> & thanks"
    recorded = thread.customer_message(
        database.factory, settings.policy, reference=reference, identity=identity, text=said,
        now=utcnow(),
    )  # fmt: skip
    assert recorded.outcome.result == "done"
    await fake.wait_for(
        lambda: (
            _replies(fake, database, reference, QUALITY)
            and _replies(fake, database, reference, KIM_DM)
        )
    )
    [in_channel] = _replies(fake, database, reference, QUALITY)
    [in_dm] = _replies(fake, database, reference, KIM_DM)
    for reply in (in_channel, in_dm):
        shown = reply["text"] + json.dumps(reply["blocks"], ensure_ascii=False)
        assert "<!channel>" not in shown and "<https://evil" not in shown
        assert "&lt;!channel&gt;" in shown and "&amp; thanks" in shown
        assert "고객 메시지" in shown and reference in shown  # the channel's and kim's language
    # the assignee sees it in the DM itself, not only in the card's thread
    assert in_dm.get("subtype") == "thread_broadcast"
    assert in_channel.get("subtype") is None
    # every card then shows it in its conversation
    for channel in (QUALITY, KIM_DM):
        await fake.wait_for(lambda c=channel: "Any news?" in _card(fake, database, reference, c))
        assert "&lt;!channel&gt;" in _card(fake, database, reference, channel)
    assert fake.unknown == []


async def test_an_assignee_without_a_dm_card_gets_the_customers_message_in_a_dm(
    desk_in_slack,
) -> None:
    settings, database, fake, _bot, _url = desk_in_slack
    reference, identity = await _filed(settings, database, fake)
    with transaction(database.factory) as session:  # her DM card is gone
        session.execute(sa.delete(SlackCard).where(SlackCard.channel == KIM_DM))
    thread.customer_message(
        database.factory, settings.policy, reference=reference, identity=identity,
        text="hello again", now=utcnow(),
    )  # fmt: skip
    await fake.wait_for(lambda: any("hello again" in c.params["text"] for c in fake.posted(KIM)))
    [dm] = [c for c in fake.posted(KIM) if "hello again" in c.params["text"]]
    assert "thread_ts" not in dm.params and reference in dm.params["text"]
    await fake.wait_for(lambda: _replies(fake, database, reference, QUALITY))


async def test_a_call_asked_for_shows_on_the_cards_until_someone_acts(desk_in_slack) -> None:
    settings, database, fake, _bot, url = desk_in_slack
    reference, identity = await _filed(settings, database, fake)
    thread.customer_message(
        database.factory, settings.policy, reference=reference, identity=identity,
        text="Can someone call me please", now=utcnow(), wants_person=True,
    )  # fmt: skip
    await fake.wait_for(lambda: _replies(fake, database, reference, KIM_DM))
    [asked] = _replies(fake, database, reference, KIM_DM)
    assert "고객이 통화를 요청했습니다" in json.dumps(asked["blocks"], ensure_ascii=False)
    assert asked.get("subtype") == "thread_broadcast"
    for channel in (QUALITY, KIM_DM):
        await fake.wait_for(
            lambda c=channel: "고객이 통화를 요청했습니다" in _card(fake, database, reference, c)
        )
    # kim acknowledges: the call is no longer waiting for someone to notice it
    press = SlackRequests(fake=fake).block_actions(KIM, "ack", value=reference, channel=QUALITY)
    assert (await _post(url, press))[0] == 200
    for channel in (QUALITY, KIM_DM):
        await fake.wait_for(
            lambda c=channel: "통화를 요청" not in _card(fake, database, reference, c)
        )
    assert "ack" not in _buttons(fake, database, reference, QUALITY)


async def test_a_withdrawal_redraws_every_card_without_buttons_and_tells_the_assignee(
    desk_in_slack,
) -> None:
    settings, database, fake, _bot, _url = desk_in_slack
    reference, identity = await _filed(settings, database, fake)
    # escalated: the supervisor (lee.junho, English) has a card in his DM too
    kim = settings.policy.staff("kim.minji")
    casework.escalate(database.factory, settings.policy, reference=reference, by=kim, now=utcnow())
    await fake.wait_for(lambda: LEE_DM in _cards(database, reference))
    outcome = casework.withdraw(
        database.factory, settings.policy, reference=reference, channel=identity.channel,
        user_id=identity.user_id, actor=identity.actor, now=utcnow(),
    )  # fmt: skip
    assert outcome.result == "done"
    words = {QUALITY: "고객이 접수를 취소했습니다", KIM_DM: "고객이 접수를 취소했습니다"}
    words[LEE_DM] = "Withdrawn by the customer"
    for channel, withdrawn in words.items():
        await fake.wait_for(lambda c=channel, w=withdrawn: w in _card(fake, database, reference, c))
        # nothing left to do but note what was found
        assert _buttons(fake, database, reference, channel) == ["note"]
    await fake.wait_for(
        lambda: any("고객이 접수를 취소했습니다" in c.params["text"] for c in fake.posted(KIM))
    )
    [told] = [c for c in fake.posted(KIM) if "접수를 취소" in c.params["text"]]
    assert told.params["text"] == f"{reference} 건은 고객이 접수를 취소했습니다."
    assert not any("취소" in c.params.get("text", "") for c in fake.posted(LEE))  # not his


async def test_update_and_ask_reach_a_telegram_customer_and_the_card_lists_them(
    desk_in_slack,
) -> None:
    settings, database, fake, bot_api, url = desk_in_slack
    chat = 880_000_000 + uuid.uuid4().int % 1_000_000
    reference, identity = await _filed(
        settings, database, fake, channel="telegram", user=str(chat), language="ko"
    )
    update = "택배 기사님이 화요일에 방문합니다 <오전>"
    status, body = await _write(url, fake, KIM, "message", reference, update)
    assert (status, body) == (200, "")  # the modal closes
    await bot_api.wait_for(lambda: any("택배 기사님" in t for t in bot_api.texts(chat)))
    [sent] = [t for t in bot_api.texts(chat) if "택배 기사님" in t]
    assert reference in sent and "&lt;오전&gt;" in sent
    question = "제품 색상이 검정색인가요?"
    assert (await _write(url, fake, LEE, "ask", reference, question)) == (200, "")
    await bot_api.wait_for(lambda: any(question in t for t in bot_api.texts(chat)))
    assert _told(database, reference)[-2:] == [
        ("telegram", "customer.update", update),
        ("telegram", "customer.question", question),
    ]
    assert _complaint(database, reference).awaiting_customer_since is not None
    # the card lists both, in order, waits for the answer, and says the question arrived
    await fake.wait_for(lambda: "채팅: 전달 완료" in _card(fake, database, reference, QUALITY))
    shown = _card(fake, database, reference, QUALITY)
    assert shown.index("택배 기사님") < shown.index("검정색인가요")
    assert "Kim Minji* (업데이트)" in shown and "Lee Junho* (질문)" in shown
    assert "고객의 답변을 기다리고 있습니다" in shown and "(질문, " in shown
    # the customer answers: the card stops waiting and shows the answer last
    thread.customer_message(
        database.factory, settings.policy, reference=reference, identity=identity,
        text="네 검정색입니다", now=utcnow(),
    )  # fmt: skip
    await fake.wait_for(lambda: "네 검정색입니다" in _card(fake, database, reference, QUALITY))
    shown = _card(fake, database, reference, QUALITY)
    assert "답변을 기다리고" not in shown
    assert shown.index("검정색인가요") < shown.index("네 검정색입니다")


async def test_a_refused_or_failed_submission_keeps_the_modal_and_its_text(desk_in_slack) -> None:
    settings, database, fake, _bot, url = desk_in_slack
    reference, identity = await _filed(settings, database, fake)
    requests = SlackRequests(fake=fake)

    def errors(body: str) -> dict[str, str]:
        answer = json.loads(body)
        assert answer["response_action"] == "errors"
        return answer["errors"]

    status, body = await _post(url, requests.view_submission(KIM, "ask", _text("  "), reference))
    assert status == 200 and errors(body) == {"answer": "질문을 먼저 입력해 주세요."}
    casework.withdraw(
        database.factory, settings.policy, reference=reference, channel=identity.channel,
        user_id=identity.user_id, actor=identity.actor, now=utcnow(),
    )  # fmt: skip
    for user, kind in ((KIM, "message"), (LEE, "ask"), (KIM, "respond")):
        status, body = await _post(
            url, requests.view_submission(user, kind, _text("We are on it"), reference)
        )
        reason = errors(body)["answer"]
        assert status == 200 and reference in reason
        assert "접수 취소" in reason or "withdrawn" in reason  # kim reads Korean, lee English
        assert "customer:" not in reason and ("고객 요청" in reason or "by the customer" in reason)
    assert _told(database, reference) == []  # nothing reached the customer
    # a database that fails: the modal stays open with its text, and says so
    other, _ = await _filed(settings, database, fake)
    _away(database, True)
    try:
        status, body = await _post(
            url, requests.view_submission(LEE, "message", _text("Soon"), other)
        )
    finally:
        _away(database, False)
    assert status == 200 and "technical problem" in errors(body)["answer"]
    assert _told(database, other) == []
    # someone not on the roster is refused, and nothing is sent
    status, body = await _post(
        url, requests.view_submission("U0STRANGER", "message", _text("hi"), other)
    )
    assert status == 200 and _told(database, other) == []


def _away(database, gone: bool) -> None:
    """The complaints table taken away (renamed) or given back, as on a broken disk."""
    old, new = ("complaints", "complaints_away") if gone else ("complaints_away", "complaints")
    with database.engine.begin() as connection:
        connection.execute(sa.text(f"ALTER TABLE {old} RENAME TO {new}"))


async def test_the_card_says_a_phone_only_customer_waits_and_when_they_were_told(
    desk_in_slack,
) -> None:
    settings, database, fake, _bot, url = desk_in_slack
    reference, identity = await _filed(settings, database, fake, contact="010-1234-5678")
    # the number is on the assignee's card only
    assert "전화로만 연락할 수 있습니다. 010-1234-5678" in _card(fake, database, reference, KIM_DM)
    channel_card = _card(fake, database, reference, QUALITY)
    assert "전화로만 연락할 수 있습니다." in channel_card and "010-1234-5678" not in channel_card
    assert (await _write(url, fake, KIM, "message", reference, "Courier on Tuesday")) == (200, "")
    await fake.wait_for(
        lambda: "채팅: 고객이 다시 접속하면 전달" in _card(fake, database, reference, QUALITY)
    )
    # they come back: the update is shown to them, and the card says so
    shown = casework.waiting_notices(
        database.factory, channel="rest", user_id=identity.user_id, now=utcnow()
    )
    assert [kind for kind, _ in shown][-1] == "customer.update"
    await fake.wait_for(lambda: "채팅: 전달 완료" in _card(fake, database, reference, QUALITY))


async def test_the_card_says_when_the_message_did_not_reach_the_customer(desk_in_slack) -> None:
    settings, database, fake, bot_api, url = desk_in_slack
    chat = 880_000_000 + uuid.uuid4().int % 1_000_000
    reference, _ = await _filed(settings, database, fake, channel="telegram", user=str(chat))
    bot_api.blocked.add(str(chat))  # they blocked the bot
    assert (await _write(url, fake, KIM, "message", reference, "Courier on Tuesday")) == (200, "")
    for channel in (QUALITY, KIM_DM):
        await fake.wait_for(
            lambda c=channel: (
                "전달 실패 — 전화로 연락해 주세요" in _card(fake, database, reference, c)
            )
        )


@pytest.fixture
def slack_by_hand(standalone):  # noqa: F811
    """test_slack's Slack channel and sender with no server or dispatcher running."""
    return standalone


async def test_a_thread_post_that_fails_is_retried_only_where_it_did_not_go(slack_by_hand) -> None:
    from datetime import timedelta

    from bot.jobs.outbox import OutboxDispatcher

    settings, database, fake, channel = slack_by_hand
    now = [utcnow()]  # the dispatcher's clock: only rows written before it are due
    sender = channel.sender()
    sender.per_chat_interval = 0.0
    dispatcher = OutboxDispatcher(database.factory, {"slack": sender}, clock=lambda: now[0])

    async def rounds(count: int = 4) -> None:
        now[0] = max(now[0], utcnow())
        for _ in range(count):
            await dispatcher.run_once()

    identity = Identity("rest", uuid.uuid4().hex[:10])
    details = ComplaintDetails(
        "It cracked", "Galaxy S24", "Replacement", "yesterday", None, "Min-su Kim", "a@b.kr"
    )
    reference = file_complaint(
        database.factory, settings.policy, identity=identity, language="en", details=details,
        now=now[0],
    ).reference  # fmt: skip
    await rounds()
    assert set(_cards(database, reference)) == {QUALITY, KIM_DM}
    thread.customer_message(
        database.factory, settings.policy, reference=reference, identity=identity,
        text="any news?", now=now[0],
    )  # fmt: skip
    fake.fail_next("chat.postMessage", 500, channel=QUALITY)  # the channel's thread fails once
    await rounds()
    assert len(_replies(fake, database, reference, KIM_DM)) == 1
    assert _replies(fake, database, reference, QUALITY) == []
    now[0] += timedelta(minutes=1)  # the retry is due
    await rounds()
    assert len(_replies(fake, database, reference, QUALITY)) == 1
    assert len(_replies(fake, database, reference, KIM_DM)) == 1  # not posted twice
    # a card whose channel is gone holds up none of the others, and is not retried
    fake.fail_next("chat.postMessage", error="channel_not_found", channel=KIM_DM)
    thread.customer_message(
        database.factory, settings.policy, reference=reference, identity=identity,
        text="hello?", now=now[0],
    )  # fmt: skip
    await rounds()
    assert [len(_replies(fake, database, reference, c)) for c in (QUALITY, KIM_DM)] == [2, 1]
    with transaction(database.factory) as session:
        statuses = session.execute(
            sa.select(OutboxMessage.status).where(OutboxMessage.kind == casework.STAFF_THREAD)
        ).scalars()
        assert set(statuses) == {"sent"}
