"""Internal notes from a card in Slack, against the fake Slack Web API: the Note button opens
a modal with the text and an optional root cause in the member's language; refusals show in
the modal (its text kept); the note goes in the cards' thread, never to the customer."""

from __future__ import annotations

import json

import sqlalchemy as sa

from handlers import closing
from storage import repositories as repo
from storage.db import transaction
from storage.models import OutboxMessage
from storage.types import utcnow
from tests.fakes.slack import SlackRequests
from tests.test_slack import KIM, LEE, QUALITY, _card_calls, _file, _post, slack  # noqa: F401

FOUND = "Batch 7731 <had> cracked glass; the courier is not to blame"


def _typed(text: str, cause: str | None = None) -> dict:
    values: dict = {"answer": {"text": {"type": "plain_text_input", "value": text}}}
    if cause is not None:
        option = {"text": {"type": "plain_text", "text": cause}, "value": cause}
        values["cause"] = {"cause": {"type": "static_select", "selected_option": option}}
    return values


def _notes(database, reference: str) -> list[dict]:
    with transaction(database.factory) as session:
        complaint = repo.get_by_reference(session, reference=reference)
        assert complaint is not None
        return [e.data for e in repo.events_for(session, complaint=complaint) if e.kind == "note"]


def _outbox(database) -> list[tuple[str, str, str]]:
    with transaction(database.factory) as session:
        rows = session.execute(sa.select(OutboxMessage).order_by(OutboxMessage.id)).scalars()
        return [(r.channel, r.recipient, r.kind) for r in rows]


async def _open(fake, url, requests, user: str, reference: str) -> dict:
    opened = len(fake.called("views.open"))
    await _post(url, requests.block_actions(user, "note", value=reference, channel=QUALITY))
    await fake.wait_for(lambda: len(fake.called("views.open")) > opened)
    return fake.called("views.open")[-1].params["view"]


async def test_a_note_from_the_card_with_a_root_cause_in_the_members_language(slack) -> None:  # noqa: F811
    settings, database, fake, _bot, url = slack
    requests = SlackRequests(fake=fake)
    reference = _file(settings, database)
    await fake.wait_for(lambda: _card_calls(fake, reference))
    [channel_card] = [c for c in _card_calls(fake, reference) if c.params["channel"] == QUALITY]
    buttons = [
        e["action_id"]
        for b in channel_card.params["blocks"]
        if b["type"] == "actions"
        for e in b["elements"]
    ]
    assert "note" in buttons
    # Kim reads Korean: the root causes are listed in Korean, the pick is optional
    view = await _open(fake, url, requests, KIM, reference)
    assert view["callback_id"] == "note" and view["submit"]["text"] == "저장"
    [cause] = [b for b in view["blocks"] if b.get("block_id") == "cause"]
    assert cause["optional"] is True
    labels = {o["value"]: o["text"]["text"] for o in cause["element"]["options"]}
    assert labels["product_defect"] == "제품 결함" and set(labels) == set(
        settings.policy.root_causes
    )
    english = await _open(fake, url, requests, LEE, reference)
    [cause] = [b for b in english["blocks"] if b.get("block_id") == "cause"]
    assert cause["element"]["options"][0]["text"]["text"] == "Product defect"

    before = _outbox(database)
    # refused: nothing written; the modal stays open (its text kept) with why, on the field
    _code, answer = await _post(url, requests.view_submission(KIM, "note", _typed(" "), reference))
    assert json.loads(answer) == {
        "response_action": "errors",
        "errors": {"answer": "메모 내용을 먼저 입력해 주세요."},
    }
    _code, answer = await _post(
        url, requests.view_submission(KIM, "note", _typed(FOUND, "gremlins"), reference)
    )
    refused = json.loads(answer)
    assert refused["response_action"] == "errors" and "근본 원인" in refused["errors"]["cause"]
    assert _notes(database, reference) == []
    # saved: the modal closes; the note goes in the channel card's thread, escaped
    _code, answer = await _post(
        url, requests.view_submission(KIM, "note", _typed(FOUND, "product_defect"), reference)
    )
    assert answer == ""
    assert _notes(database, reference) == [{"text": FOUND, "root_cause": "product_defect"}]

    def threaded() -> list:
        return [
            c
            for c in fake.called("chat.postMessage")
            if c.ok and c.params.get("thread_ts") and "내부 메모" in str(c.params.get("text"))
        ]

    await fake.wait_for(lambda: any(c.params["channel"] == QUALITY for c in threaded()))
    shown = str(threaded()[0].params["blocks"])
    assert "Batch 7731 &lt;had&gt; cracked glass" in shown and "제품 결함" in shown
    # and nowhere near the customer: only rows for the cards' thread
    new = [row for row in _outbox(database) if row not in before]
    assert new and all(r == ("slack", f"card:{reference}", "staff.thread") for r in new)


async def test_a_closed_complaint_still_takes_a_note(slack) -> None:  # noqa: F811
    settings, database, fake, _bot, url = slack
    requests = SlackRequests(fake=fake)
    reference = _file(settings, database)
    lee = settings.policy.staff("lee.junho")
    closing.close_by_staff(
        database.factory, settings.policy, reference=reference, reason="dup", by=lee, now=utcnow()
    )
    view = await _open(fake, url, requests, LEE, reference)
    assert view["callback_id"] == "note" and view["title"]["text"] == "Internal note"
    _code, answer = await _post(
        url, requests.view_submission(LEE, "note", _typed("Found later: bad batch"), reference)
    )
    assert answer == "" and _notes(database, reference) == [{"text": "Found later: bad batch"}]
