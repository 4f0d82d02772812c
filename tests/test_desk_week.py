"""A week at the desk, simulated: 30 complaints over five working days for two agents (one
Korean-speaking, one English-speaking), a supervisor and a manager, the sweep run every
half hour through the nights and the weekend, the outbox sending to the fake Slack as it
goes. Who got what, and when; and that no card anywhere shows a stale state at the end."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace
from datetime import datetime, timedelta, timezone

import pytest
import sqlalchemy as sa

from bot.channels.slack import SlackChannel
from bot.channels.slack_cards import WORDS, status_word
from bot.jobs.outbox import OutboxDispatcher
from bot.settings import Settings, SlackSettings
from bot.wiring import prepare_database
from handlers import casework, closing
from handlers.chase import sweep
from handlers.identity import Identity
from handlers.intake import ComplaintDetails, file_complaint
from storage.db import transaction
from storage.models import Complaint, ComplaintEvent, OutboxMessage
from storage.repositories import StaffMember
from tests.fakes.slack import FakeSlackAPI, dm_channel
from tests.test_slack_desk import NoPace

KST = timezone(timedelta(hours=9))
MONDAY = datetime(2026, 11, 30, tzinfo=KST)
SLOTS = [(9, 30), (10, 30), (11, 30), (13, 30), (15, 30), (17, 0)]  # six a working day
ROSTER = (
    StaffMember("kim.minji", "Kim Minji", "product-quality", "U0KIM", "agent", "ko"),
    StaffMember("baker.tom", "Tom Baker", "product-quality", "U0TOM", "agent", "en"),
    StaffMember("lee.junho", "Lee Junho", "product-quality", "U0LEE", "supervisor", "ko"),
    StaffMember("yoon.ara", "Yoon Ara", "customer-care", "U0YOON", "manager", "en"),
)
SLACK_IDS = {m.slack_user_id: m.handle for m in ROSTER}
WHAT = {
    "ko": ("화면이 저절로 깨졌어요", "충전기에서 연기가 나고 아이가 화상을 입었어요"),
    "en": ("The screen cracked on its own", "The charger smoked and burnt my child's hand"),
}
URGENT = {14}  # filed Wednesday 11:30, left unacknowledged
LEFT_ALONE = {n for n in range(30) if n % 5 == 4}  # nobody acknowledges these
# Tuesday: one complaint lent to the other agent for the afternoon and given back; two
# answered, one of them closed on Wednesday (each acknowledged first)
LENT, ANSWERED, CLOSED = 6, (1, 7), 1
QUALITY = "C0QUALITY"
REFERENCE = re.compile(r"CMP-[0-9A-Z]{4}-[0-9A-Z]{4}")


def at(day: int, hour: int, minute: int = 0) -> datetime:
    """Day 0 is Monday 30 November 2026, in Seoul."""
    return (MONDAY + timedelta(days=day, hours=hour, minutes=minute)).astimezone(timezone.utc)


@pytest.fixture
def desk_week(settings: Settings) -> Settings:
    policy = settings.policy
    categories = tuple(replace(rule, team="product-quality") for rule in policy.categories)
    policy = replace(
        policy,
        roster=ROSTER,
        categories=categories,
        default_team="product-quality",
        team_channels={"product-quality": QUALITY},
    )
    return replace(settings, policy=policy)


def _language(n: int) -> str:
    return "en" if n % 3 == 2 else "ko"


async def test_a_week_at_the_desk(desk_week: Settings, desk) -> None:
    fake = FakeSlackAPI()
    await fake.start()
    settings = replace(desk_week, slack=SlackSettings(fake.token, "s3cret", None, fake.url))
    policy = settings.policy
    db = prepare_database(settings)
    channel = SlackChannel(desk[2], db.factory, policy, settings.slack)
    clock = [at(0, 9)]
    outbox = OutboxDispatcher(
        db.factory, {"slack": channel.sender()}, clock=lambda: clock[0], pacer=NoPace()
    )
    try:
        await _the_week(settings, db, outbox, clock)
        _no_card_is_stale(fake, db, policy)
    finally:
        await channel.stop()
        await fake.stop()


async def _the_week(settings: Settings, db, outbox: OutboxDispatcher, clock: list) -> None:
    policy = settings.policy
    plan: list[tuple[datetime, int, str, int]] = []  # (when, order, what, n)
    for n in range(30):
        day, (hour, minute) = divmod(n, 6)[0], SLOTS[n % 6]
        filed = at(day, hour, minute)
        plan.append((filed, 0, "file", n))
        if n not in LEFT_ALONE:
            plan.append((filed + timedelta(hours=1), 1, "ack", n))
    plan.append((at(1, 14), 1, "lend", LENT))
    plan.append((at(1, 16), 1, "give back", LENT))
    plan += [(at(1, 17), 1, "answer", n) for n in ANSWERED]
    plan.append((at(2, 10), 1, "close", CLOSED))
    sweep_at = at(0, 9)
    while sweep_at <= at(8, 18):  # to Tuesday of the next week
        plan.append((sweep_at, 2, "sweep", -1))
        sweep_at += timedelta(minutes=30)
    references: dict[int, str] = {}
    lee = policy.staff("lee.junho")
    assert lee is not None
    for when, _, what, n in sorted(plan):
        clock[0] = when
        if what == "file":
            language = _language(n)
            references[n] = file_complaint(
                db.factory,
                policy,
                identity=Identity("telegram", f"9000{n:02d}"),
                language=language,
                details=ComplaintDetails(
                    WHAT[language][n in URGENT],
                    "Galaxy S24",
                    "Replacement",
                    "today",
                    None,
                    "Customer",
                    f"c{n}@example.com",
                ),
                now=when,
            ).reference
        elif what == "ack":
            with transaction(db.factory) as session:
                assignee = (
                    session.execute(
                        sa.select(Complaint).where(Complaint.reference == references[n])
                    )
                    .scalar_one()
                    .assignee.handle
                )
            member = policy.staff(assignee)
            assert member is not None
            done = casework.acknowledge(
                db.factory, policy, reference=references[n], by=member, now=when
            )
            assert done.result == "done"
        elif what in ("lend", "give back"):
            to = "baker.tom" if what == "lend" else "kim.minji"
            done = casework.assign(
                db.factory, policy, reference=references[n], to=to, by=lee, now=when
            )
            assert done.result == "done"
        elif what == "answer":
            done = casework.respond(
                db.factory, policy, reference=references[n], response="Replaced", by=lee, now=when
            )
            assert done.result == "done"
        elif what == "close":
            done = closing.close_by_staff(
                db.factory, policy, reference=references[n], reason="Replaced", by=lee, now=when
            )
            assert done.result == "done"
        else:
            sweep(db.factory, policy, settings.chase, now=when)
        while await outbox.run_once():  # the cards follow each change, as the desk runs
            pass

    number = {reference: n for n, reference in references.items()}
    with transaction(db.factory) as session:
        complaints = {c.reference: c for c in session.execute(sa.select(Complaint)).scalars()}
        events = [
            (number[c.reference], e.kind, e.at, dict(e.data))
            for e in session.execute(
                sa.select(ComplaintEvent).order_by(ComplaintEvent.id)
            ).scalars()
            for c in [complaints_by_id(session, e.complaint_id)]
        ]
        dms = [
            (
                number[complaints_by_id(session, m.complaint_id).reference],
                m.kind,
                SLACK_IDS[m.recipient],
                m.created_at,
            )
            for m in session.execute(
                sa.select(OutboxMessage).where(
                    OutboxMessage.kind.in_(("staff.assigned", "staff.reminder", "staff.escalated"))
                )
            ).scalars()
        ]
        assignees = {number[r]: c.assignee.handle for r, c in complaints.items()}
        levels = {number[r]: c.escalation_level for r, c in complaints.items()}

    # new work: Korean to the Korean-speaking agent, English to the English-speaking one,
    # none to the supervisor or the manager
    assert Counter(assignees.values()) == {"kim.minji": 20, "baker.tom": 10}
    assert all(
        assignees[n] == ("baker.tom" if _language(n) == "en" else "kim.minji") for n in range(30)
    )

    # only the six left alone climbed, and never past the manager
    assert {n for n, level in levels.items() if level} == LEFT_ALONE
    assert set(levels.values()) <= {0, 2}

    # who got what, when (Seoul time): a Friday-morning complaint's ladder waits out the
    # weekend; a Friday-evening one's climbs the next Monday and Tuesday in office hours
    def ladder(n: int) -> list[tuple[str, str, datetime]]:
        return [
            (kind, who, when)
            for m, kind, who, when in sorted(dms, key=lambda d: d[3])
            if m == n and kind != "staff.assigned"
        ]

    assert ladder(24) == [  # Friday 09:30, Korean: acknowledgement due Monday 09:30
        ("staff.reminder", "kim.minji", at(7, 9, 30)),
        ("staff.escalated", "lee.junho", at(7, 13, 30)),
        ("staff.escalated", "yoon.ara", at(7, 17, 30)),
    ]
    assert ladder(29) == [  # Friday 17:00, English: due Monday 17:00
        ("staff.reminder", "baker.tom", at(7, 17)),
        ("staff.escalated", "lee.junho", at(8, 12)),
        ("staff.escalated", "yoon.ara", at(8, 16)),
    ]
    # the urgent one (Wednesday 11:30, English, due 15:30): its leads are told at night, as
    # `chase.urgent_clock: calendar` says; its answer, due Friday 11:30, is chased likewise,
    # the leads already told reminded, not escalated again
    assert ladder(14) == [
        ("staff.reminder", "baker.tom", at(2, 15, 30)),
        ("staff.escalated", "lee.junho", at(2, 19, 30)),
        ("staff.escalated", "yoon.ara", at(2, 23, 30)),
        ("staff.reminder", "baker.tom", at(4, 11, 30)),
        ("staff.reminder", "lee.junho", at(4, 15, 30)),
        ("staff.reminder", "yoon.ara", at(4, 19, 30)),
    ]

    # nothing else reached anyone outside office hours, or at the weekend
    for n, kind, who, when in dms:
        local = when.astimezone(KST)
        if n in URGENT or kind == "staff.assigned":  # assigned as filed, in office hours
            continue
        assert local.weekday() < 5 and (
            9 <= local.hour < 18 or (local.hour, local.minute) == (18, 0)
        ), (n, kind, who, local)

    # one DM per person and complaint at a time; escalations never to the assignee
    assert max(Counter((n, who, when) for n, _, who, when in dms).values()) == 1
    for n, kind, _, data in events:
        if kind == "escalated":
            assert assignees[n] not in data["to"] and data["level"] <= 2


def complaints_by_id(session, complaint_id: int) -> Complaint:
    return session.get(Complaint, complaint_id)


def _no_card_is_stale(fake: FakeSlackAPI, db, policy) -> None:
    """Every card the fake Slack holds (the channel's and each DM's, as last posted or
    updated) shows the complaint's status now; one card per place and complaint; a card in
    the DM of someone who no longer handles it has no buttons and no contact."""
    viewers = {dm_channel(str(m.slack_user_id)): m for m in policy.roster}
    with transaction(db.factory) as session:
        complaints = {c.reference: c for c in session.execute(sa.select(Complaint)).scalars()}
        handling = {
            (r, m.handle): casework.can_see_contact(m, c)
            for r, c in complaints.items()
            for m in policy.roster
        }
        contacts = {r: c.contact for r, c in complaints.items()}
        statuses = {r: c.status for r, c in complaints.items()}
    cards = [
        (place, message)
        for (place, ts), message in fake.messages.items()
        if message.get("thread_ts", ts) == ts and message.get("subtype") != "thread_broadcast"
    ]
    seen: Counter[tuple[str, str]] = Counter()
    for place, message in cards:
        member = viewers.get(place)
        assert member is not None or place == QUALITY, place
        language = member.language if member else policy.staff_language
        sections = [b for b in message["blocks"] if b["type"] == "section"]
        [reference] = REFERENCE.findall(str(sections[0]["text"]["text"]))  # the title
        seen[(place, reference)] += 1
        shown = str(message["blocks"])
        fields = [f["text"] for b in sections for f in b.get("fields", [])]
        status = f"*{WORDS[language]['status']}:* {status_word(language, statuses[reference])}"
        assert status in fields, (place, reference, fields)
        buttons = [b for b in message["blocks"] if b["type"] == "actions"]
        if member is None or handling[(reference, member.handle)]:
            assert (contacts[reference] in shown) == (member is not None), (place, reference)
            continue
        assert buttons == [] and contacts[reference] not in shown, (place, reference)
    assert seen and max(seen.values()) == 1
    # the lent complaint's card stayed in the other agent's DM, for the record only
    tom = dm_channel("U0TOM")
    assert any(place == tom and not handling[(r, "baker.tom")] for place, r in seen)
