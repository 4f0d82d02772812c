"""The staff desk in Slack against the fake Slack Web API: escalation refused past the top
or on a second press, said in the member's language."""

from __future__ import annotations

import json

from bot.channels.slack_desk import WORDS, desk_say
from handlers import casework, notes
from storage.types import utcnow
from tests.fakes.slack import SlackRequests
from tests.test_slack import KIM, LEE, QUALITY, _card_calls, _file, _post, _status, slack  # noqa: F401


def _said_to(fake, user: str) -> list[str]:
    return [
        str(c.params.get("text"))
        for c in fake.called("chat.postEphemeral")
        if c.params.get("user") == user
    ]


async def test_a_second_escalate_and_one_past_the_top_are_refused_in_words(slack) -> None:  # noqa: F811
    settings, database, fake, _bot, url = slack
    reference = _file(settings, database)
    requests = SlackRequests(fake=fake)
    why = {"answer": {"text": {"type": "plain_text_input", "value": "고객이 변호사를 언급함"}}}
    answers = []
    for _ in range(2):  # Kim (Korean) sends the reason twice, as two presses would
        _code, answer = await _post(
            url, requests.view_submission(KIM, "escalate", why, private_metadata=reference)
        )
        answers.append(json.loads(answer) if answer else {})
    assert "errors" not in answers[0]
    assert answers[1]["errors"]["answer"] == (
        f"{reference} 건은 이미 팀장에게 상향되었습니다 (Kim Minji 님 처리). 변경된 내용은 없습니다."
    )
    assert _status(database, reference) == "escalated"


async def test_escalating_with_nobody_above_but_the_assignee_is_refused_in_words(slack) -> None:  # noqa: F811
    settings, database, fake, _bot, url = slack
    requests = SlackRequests(fake=fake)
    # the manager has it: the supervisor (English) has nobody above but her
    mine = _file(settings, database)
    lee = settings.policy.staff("lee.junho")
    assigned = casework.assign(
        database.factory, settings.policy, reference=mine, to="yoon.ara", by=lee, now=utcnow()
    )
    assert assigned.result == "done"
    why = {"answer": {"text": {"type": "plain_text_input", "value": "Needs a decision"}}}
    _code, answer = await _post(
        url, requests.view_submission(LEE, "escalate", why, private_metadata=mine)
    )
    assert json.loads(answer)["errors"]["answer"] == desk_say("en", "no_one_above", reference=mine)
    assert _status(database, mine) == "received"


def test_every_desk_word_is_in_both_languages() -> None:
    assert WORDS["en"].keys() == WORDS["ko"].keys()


async def test_a_note_goes_in_the_cards_thread_for_staff(slack) -> None:  # noqa: F811
    settings, database, fake, _bot, _url = slack
    reference = _file(settings, database)
    await fake.wait_for(lambda: _card_calls(fake, reference))
    kim = settings.policy.staff("kim.minji")
    done = notes.add_note(
        database.factory,
        settings.policy,
        reference=reference,
        text="Batch 7731 <had> cracked glass",
        by=kim,
        now=utcnow(),
        root_cause="product_defect",
    )
    assert done.result == "done"

    def threaded() -> list:
        return [
            c
            for c in fake.called("chat.postMessage")
            if c.ok and c.params.get("thread_ts") and "내부 메모" in str(c.params.get("text"))
        ]

    await fake.wait_for(lambda: {c.params.get("channel") for c in threaded()} >= {QUALITY})
    blocks = str(threaded()[0].params.get("blocks"))
    assert "Batch 7731 &lt;had&gt; cracked glass" in blocks and "제품 결함" in blocks


async def test_the_list_views_page_find_categories_and_search(slack, caplog) -> None:  # noqa: F811
    settings, database, fake, _bot, url = slack
    requests = SlackRequests(fake=fake)
    screens = [_file(settings, database) for _ in range(31)]
    bill = _file(settings, database, description="I was charged twice for my order")
    kim = settings.policy.staff("kim.minji")
    casework.escalate(database.factory, settings.policy, reference=screens[0], by=kim, now=utcnow())

    async def command(user: str, text: str) -> str:
        status, body = await _post(url, requests.slash_command(user, "/complaints", text))
        assert status == 200
        return body

    mine = await command(LEE, "mine")  # Lee, the supervisor: what was escalated to him
    assert screens[0] in mine and screens[1] not in mine
    billing = await command(KIM, "open 결제")
    assert bill in billing and screens[0] not in billing
    first = await command(LEE, "open 제품 불량")
    assert sum(r in first for r in screens) == 30 and "`/complaints open 제품 불량 page 2`" in first
    second = await command(LEE, "open 제품 불량 page 2")
    assert sum(r in second for r in screens) == 1 and "page 3" not in second
    with caplog.at_level("INFO", logger="bot.channels.slack"):
        found = await command(LEE, f"search {bill[-4:]}")
    assert bill in found and screens[0] not in found
    searched = [r for r in caplog.records if r.getMessage() == "slack.complaints.search"]
    assert searched and all(bill[-4:] not in str(r.__dict__) for r in caplog.records)
    assert "`/complaints search" in await command(LEE, "search")
