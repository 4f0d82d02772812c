"""Slack as a team works in it, against the local fake Slack Web API, the outbox driven by
hand: every card of a complaint stays true (a reminder goes in the DM card's thread, a card
in the DM of someone who no longer has the complaint loses the contact and the buttons), the
card says what staff need, in the member's language, and push previews say what they are."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from dataclasses import replace
from typing import Any

import pytest

from bot.channels.slack import SlackChannel
from bot.jobs.outbox import OutboxDispatcher
from bot.settings import SlackSettings
from handlers import casework
from handlers.identity import Identity
from handlers.intake import ComplaintDetails, file_complaint
from storage import repositories as repo
from storage.db import transaction
from storage.types import utcnow
from tests.fakes.slack import FakeSlackAPI
from tests.helpers import NoPace

SECRET = "8f742231b10e8888abcd99yyyzzz85a5"
KIM, LEE, PARK = "U0KIMMINJI", "U0LEEJUNHO", "U0PARKSOYEON"
QUALITY = "C0QUALITY"
IDS = {"kim.minji": KIM, "lee.junho": LEE, "park.soyeon": PARK}


@pytest.fixture
async def team(desk, tmp_path) -> AsyncIterator[tuple]:
    """Kim (agent, Korean), Lee (supervisor, English) and Park (agent, Korean) in Slack, the
    quality team's channel, and the outbox sending to the fake Slack when told to."""
    from bot.wiring import prepare_database

    settings, _database, dialogue = desk
    fake = FakeSlackAPI()
    await fake.start()
    roster = tuple(
        replace(
            m,
            slack_user_id=IDS.get(m.handle),
            language="en" if m.handle == "lee.junho" else m.language,
        )
        for m in settings.policy.roster
    )
    policy = replace(settings.policy, roster=roster, team_channels={"product-quality": QUALITY})
    settings = replace(
        settings,
        policy=policy,
        database_url=f"sqlite:///{tmp_path / 'slack.db'}",
        slack=SlackSettings(fake.token, SECRET, None, fake.url),
    )
    database = prepare_database(settings)
    channel = SlackChannel(dialogue, database.factory, policy, settings.slack)
    outbox = OutboxDispatcher(database.factory, {"slack": channel.sender()}, pacer=NoPace())
    try:
        yield settings, database, fake, outbox, channel
    finally:
        await channel.stop()
        await fake.stop()


def _file(settings, database, **kw: Any) -> str:
    details = ComplaintDetails(
        kw.get("description", "The screen cracked on its own"),
        "Galaxy S24",
        "Replacement",
        "yesterday",
        None,
        "Min-su Kim",
        "minsu@example.com",
    )
    return file_complaint(
        database.factory,
        settings.policy,
        identity=Identity(kw.get("channel", "rest"), kw.get("user") or uuid.uuid4().hex[:10]),
        language=kw.get("language", "en"),
        details=details,
        now=kw.get("now") or utcnow(),
    ).reference


def _top_level(fake: FakeSlackAPI, user: str, reference: str) -> list:
    """Cards posted in a DM (not replies in a thread) about a complaint."""
    return [
        c
        for c in fake.posted(user)
        if not c.params.get("thread_ts") and reference in str(c.params.get("text"))
    ]


def _card(fake: FakeSlackAPI, call) -> dict[str, Any]:
    """A posted card as it is in Slack now (after every chat.update)."""
    return fake.messages[(call.response["channel"], call.response["ts"])]


def _buttons(message: dict[str, Any]) -> list[str]:
    actions = [b for b in message["blocks"] if b["type"] == "actions"]
    return [e["action_id"] for a in actions for e in a["elements"]]


def _remind(database, settings, reference: str, member: str) -> None:
    """The sweep's reminder DM to a staff member, as the chase writes it."""
    with transaction(database.factory) as session:
        complaint = repo.get_by_reference(session, reference=reference)
        assert complaint is not None
        staff = settings.policy.staff(member)
        casework.tell_staff(session, staff, complaint, casework.STAFF_REMINDER)


async def test_a_dm_keeps_one_card_per_complaint_and_a_reassigned_one_goes_quiet(team) -> None:
    settings, database, fake, outbox, _channel = team
    policy = settings.policy
    reference = _file(settings, database, user="customer-1")
    await outbox.run_once()
    [first] = _top_level(fake, KIM, reference)  # kim.minji's card, in Korean
    assert "minsu@example.com" in str(first.params["blocks"])
    # overdue: the reminder goes in the thread of her card, shown in the DM; no second card
    _remind(database, settings, reference, "kim.minji")
    await outbox.run_once()
    assert len(_top_level(fake, KIM, reference)) == 1
    [reminder] = [c for c in fake.posted(KIM) if c.params.get("thread_ts")]
    assert reminder.params["thread_ts"] == first.response["ts"]
    assert reminder.params["text"].startswith(f"기한 초과: {reference}")  # the preview says it
    # reassigned by the supervisor: Park gets a card; Kim's card keeps no contact, no button
    lee = policy.staff("lee.junho")
    outcome = casework.assign(
        database.factory, policy, reference=reference, to="park.soyeon", by=lee, now=utcnow()
    )
    assert outcome.result == "done"
    await outbox.run_once()
    [parks] = _top_level(fake, PARK, reference)
    assert "minsu@example.com" in str(_card(fake, parks)["blocks"])
    kims = _card(fake, first)
    assert "minsu@example.com" not in str(kims["blocks"])
    assert _buttons(kims) == []
    assert "Park Soyeon" in str(kims["blocks"])
    # escalated: every card, Kim's old one too, says so; Lee (a lead) keeps his buttons
    park = policy.staff("park.soyeon")
    casework.escalate(database.factory, policy, reference=reference, by=park, now=utcnow())
    await outbox.run_once()
    [lees] = _top_level(fake, LEE, reference)
    assert "respond" in _buttons(_card(fake, lees))
    for call in (first, parks):
        assert "상향" in str(_card(fake, call)["blocks"])
    assert "escalated" in str(_card(fake, lees)["blocks"])
    channel_card = next(c for c in fake.posted(QUALITY) if reference in c.params["text"])
    assert "상향" in str(_card(fake, channel_card)["blocks"])
    # a customer's message reaches those who have the complaint, not Kim any more
    from handlers import thread

    thread.customer_message(
        database.factory,
        policy,
        reference=reference,
        identity=Identity("rest", "customer-1"),
        text="any news?",
        now=utcnow(),
    )
    await outbox.run_once()
    parks_thread = fake.replies(parks.response["channel"], parks.response["ts"])
    assert any("any news" in str(m.get("text")) for m in parks_thread)
    kims_thread = fake.replies(first.response["channel"], first.response["ts"])
    assert all("any news" not in str(m.get("text")) for m in kims_thread)
    assert fake.unknown == []


async def test_push_previews_say_what_each_message_is(team) -> None:
    settings, database, fake, outbox, _channel = team
    reference = _file(settings, database)
    await outbox.run_once()
    [channel_card] = [c for c in fake.posted(QUALITY) if reference in c.params["text"]]
    assert channel_card.params["text"].startswith(f"새 불편 사항: {reference}")
    heading = channel_card.params["blocks"][0]
    assert heading["type"] == "context" and "새 불편 사항" in str(heading)
    [kims] = _top_level(fake, KIM, reference)
    assert kims.params["text"].startswith(f"새로 배정된 불편 사항: {reference}")
    kim = settings.policy.staff("kim.minji")
    casework.escalate(database.factory, settings.policy, reference=reference, by=kim, now=utcnow())
    await outbox.run_once()
    [lees] = _top_level(fake, LEE, reference)  # the supervisor reads English
    assert lees.params["text"].startswith(f"Escalated to you: {reference}")


async def test_the_card_names_who_answered_why_it_went_up_and_links_the_files(
    team, tmp_path
) -> None:
    from aiohttp import ClientSession, web
    from aiohttp.test_utils import TestServer

    from bot.server.files import Files, signed_link
    from handlers.attachments import Limits, keep

    settings, database, fake, outbox, channel = team
    policy, token = settings.policy, "api-token-for-files"
    channel.file_link = lambda id_: signed_link("https://desk.example.com", token, id_)
    reference = _file(settings, database, user="customer-2")
    limits = Limits(tmp_path / "files", 1_000_000, ("image/png",))
    keep(
        database.factory,
        limits,
        identity=Identity("rest", "customer-2"),
        content=b"\x89PNG the photo",
        file_id="f1",
        filename="crack.png",
        mime_type="image/png",
        filing=False,
        now=utcnow(),
    )
    kim, lee = policy.staff("kim.minji"), policy.staff("lee.junho")
    casework.escalate(
        database.factory,
        policy,
        reference=reference,
        by=kim,
        now=utcnow(),
        reason="The customer mentions a lawyer",
    )
    casework.respond(
        database.factory,
        policy,
        reference=reference,
        response="A new one ships today.",
        by=lee,
        now=utcnow(),
    )
    await outbox.run_once()
    [lees] = _top_level(fake, LEE, reference)
    shown = str(_card(fake, lees)["blocks"])
    assert "Answered by Lee Junho" in shown and "A new one ships today." in shown
    assert "Escalated* (level 1) by Kim Minji: The customer mentions a lawyer" in shown
    [link] = [w for w in shown.split("<")[1:] if w.startswith("https://desk.example.com/")]
    path = link.split("|")[0].removeprefix("https://desk.example.com")
    assert "crack.png" in link
    # the link works; without its signature, or for another file, it is refused
    app = web.Application()
    app.router.add_routes(Files(database.factory, limits.directory, token).routes())
    server = TestServer(app, host="127.0.0.1", port=0)
    await server.start_server()
    try:
        async with ClientSession() as http:
            async with http.get(server.make_url(path)) as response:
                assert response.status == 200 and await response.read() == b"\x89PNG the photo"
                assert response.headers["Content-Disposition"].startswith("attachment")
            bare = path.split("?")[0]
            for refused in (
                bare,
                bare + "?sig=00",
                path.replace("/attachments/", "/attachments/9"),
            ):
                async with http.get(server.make_url(refused)) as response:
                    assert response.status == 401, refused
            headers = {"Authorization": f"Bearer {token}"}
            async with http.get(server.make_url(bare), headers=headers) as response:
                assert response.status == 200
        off = web.Application()
        off.router.add_routes(Files(database.factory, limits.directory, None).routes())
        server_off = TestServer(off, host="127.0.0.1", port=0)
        await server_off.start_server()
        async with ClientSession() as http, http.get(server_off.make_url(path)) as response:
            assert response.status == 404  # no API token: nothing signs links, the route is off
        await server_off.close()
    finally:
        await server.close()


async def test_a_dm_card_offers_escalate_only_while_it_would_go_up(team) -> None:
    settings, database, fake, outbox, _channel = team
    policy = settings.policy
    reference = _file(settings, database)
    await outbox.run_once()
    [kims] = _top_level(fake, KIM, reference)
    assert "escalate" in _buttons(_card(fake, kims))
    kim, lee = policy.staff("kim.minji"), policy.staff("lee.junho")
    casework.escalate(database.factory, policy, reference=reference, by=kim, now=utcnow())
    await outbox.run_once()
    # with the supervisor: the agent's press could only be refused; his goes to a manager
    [lees] = _top_level(fake, LEE, reference)
    assert "escalate" not in _buttons(_card(fake, kims))
    assert "escalate" in _buttons(_card(fake, lees))
    casework.escalate(database.factory, policy, reference=reference, by=lee, now=utcnow())
    await outbox.run_once()
    # with a manager, the top: no DM card offers it; the channel's is for anyone on staff
    assert "escalate" not in _buttons(_card(fake, lees))
    assert "respond" in _buttons(_card(fake, lees))
    [channel_card] = [c for c in fake.posted(QUALITY) if reference in c.params["text"]]
    assert "escalate" in _buttons(_card(fake, channel_card))
