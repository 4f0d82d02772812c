"""The staff desk in Slack against the fake Slack Web API: escalation refused past the top
or on a second press, said in the member's language."""

from __future__ import annotations

from bot.channels.slack_desk import WORDS
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
    for _ in range(2):  # Kim (Korean) presses twice
        await _post(url, requests.block_actions(KIM, "escalate", value=reference, channel=QUALITY))
    await fake.wait_for(lambda: _said_to(fake, KIM))
    assert _said_to(fake, KIM) == [
        f"{reference} 건은 이미 팀장에게 상향되었습니다 (Kim Minji 님 처리). 변경된 내용은 없습니다."
    ]
    assert _status(database, reference) == "escalated"

    # the manager has it: the supervisor (English) cannot escalate it past her
    mine = _file(settings, database)
    lee = settings.policy.staff("lee.junho")
    assigned = casework.assign(
        database.factory, settings.policy, reference=mine, to="yoon.ara", by=lee, now=utcnow()
    )
    assert assigned.result == "done"
    await _post(url, requests.block_actions(LEE, "escalate", value=mine, channel=QUALITY))
    await fake.wait_for(lambda: _said_to(fake, LEE))
    assert _said_to(fake, LEE) == [
        f"{mine} is with a manager, the top of the ladder: it cannot be escalated further. "
        "Reassign it or answer it instead."
    ]
    assert _status(database, mine) == "received"


def test_every_desk_word_is_in_both_languages() -> None:
    assert WORDS["en"].keys() == WORDS["ko"].keys()


async def test_a_note_goes_in_the_cards_thread_for_staff(slack) -> None:  # noqa: F811
    settings, database, fake, _bot, url = slack
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
