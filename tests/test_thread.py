"""The case thread's use cases (`handlers/casework.py` `message`, `handlers/thread.py`): staff
updates and questions, the customer's messages recorded on their own complaint, the chase
paused while staff wait for an answer, a request for a person until staff act, e-mail only
where the desk cannot push, which complaint a message is about, and the thread as staff see it."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta, timezone
from typing import Any

import pytest
import sqlalchemy as sa

from bot.settings import Settings
from bot.wiring import Database, prepare_database
from handlers import casework, closing, thread
from handlers.chase import ChaseRules, sweep
from handlers.identity import Identity
from handlers.intake import ComplaintDetails, file_complaint
from handlers.thread import Case, route
from storage import repositories as repo
from storage.db import transaction
from storage.models import Complaint, ComplaintEvent, OutboxMessage
from storage.types import utcnow
from tests.helpers import QUALITY_CHANNEL, in_slack

# Wednesday 25 Nov 2026, 10:00 KST (as tests/test_chase.py): the answer of a normal
# complaint falls due days later, on the office clock.
FILED = datetime(2026, 11, 25, 1, 0, tzinfo=timezone.utc)
RULES = ChaseRules(escalate_after=timedelta(hours=4), hold_for=timedelta(days=5))
CUSTOMER = Identity("telegram", "5550001")
STRANGER = Identity("telegram", "5550002")


@pytest.fixture
def db(slack_settings: Settings) -> Database:
    return prepare_database(slack_settings)


def _file(
    db: Database,
    settings: Settings,
    *,
    identity: Identity = CUSTOMER,
    product: str = "Galaxy S24",
    contact: str = "a@b.cd",
    now: datetime = FILED,
) -> str:
    return file_complaint(
        db.factory,
        settings.policy,
        identity=identity,
        language="ko",
        details=ComplaintDetails(
            "화면이 깨졌어요", product, "Replacement", "yesterday", None, "김 민수", contact
        ),
        now=now,
    ).reference


def _member(settings: Settings, handle: str):
    member = settings.policy.staff(handle)
    assert member is not None
    return member


def _complaint(db: Database, reference: str) -> Complaint:
    with transaction(db.factory) as session:
        complaint = repo.get_by_reference(session, reference=reference)
        assert complaint is not None
        session.expunge(complaint)
        return complaint


def _events(db: Database, reference: str, kind: str) -> list[tuple[str, dict]]:
    with transaction(db.factory) as session:
        complaint = repo.get_by_reference(session, reference=reference)
        assert complaint is not None
        return [
            (e.actor, dict(e.data))
            for e in repo.events_for(session, complaint=complaint)
            if e.kind == kind
        ]


def _outbox(db: Database, reference: str) -> list[tuple[str, str, str, dict]]:
    with transaction(db.factory) as session:
        complaint = repo.get_by_reference(session, reference=reference)
        assert complaint is not None
        rows = session.execute(
            sa.select(OutboxMessage)
            .where(OutboxMessage.complaint_id == complaint.id)
            .order_by(OutboxMessage.id)
        ).scalars()
        return [(r.channel, r.recipient, r.kind, dict(r.payload)) for r in rows]


def _counts(db: Database) -> tuple[int, int]:
    with transaction(db.factory) as session:
        events = session.execute(sa.select(sa.func.count()).select_from(ComplaintEvent))
        outbox = session.execute(sa.select(sa.func.count()).select_from(OutboxMessage))
        return int(events.scalar_one()), int(outbox.scalar_one())


def test_an_update_and_a_question_are_recorded_and_sent_to_the_customer(db, slack_settings) -> None:
    reference = _file(db, slack_settings)
    kim, policy = _member(slack_settings, "kim.minji"), slack_settings.policy
    at = FILED + timedelta(hours=2)
    update = casework.message(
        db.factory, policy, reference=reference, text="부품을 주문했습니다", by=kim, now=at
    )
    # an unacknowledged complaint is acknowledged by it, without a notice of its own
    assert (update.result, update.status, update.notified) == ("done", "acknowledged", True)
    complaint = _complaint(db, reference)
    assert complaint.acknowledged_at == at and complaint.awaiting_customer_since is None
    assert _events(db, reference, "acknowledged") == [("staff:kim.minji", {})]
    asked_at = at + timedelta(hours=1)
    question = casework.message(
        db.factory,
        policy,
        reference=reference,
        text="모델명이 뭔가요?",
        by=kim,
        now=asked_at,
        ask=True,
    )
    assert (question.result, question.status) == ("done", "acknowledged")
    assert _events(db, reference, "staff_message") == [
        ("staff:kim.minji", {"kind": "update", "text": "부품을 주문했습니다"}),
        ("staff:kim.minji", {"kind": "question", "text": "모델명이 뭔가요?"}),
    ]
    customer = [row for row in _outbox(db, reference) if row[0] == "telegram"]
    assert customer == [
        (
            "telegram",
            "5550001",
            "customer.update",
            {"language": "ko", "reference": reference, "message": "부품을 주문했습니다"},
        ),
        (
            "telegram",
            "5550001",
            "customer.question",
            {"language": "ko", "reference": reference, "message": "모델명이 뭔가요?"},
        ),
    ]
    assert _complaint(db, reference).awaiting_customer_since == asked_at
    # a second question keeps the wait from the first
    casework.message(
        db.factory,
        policy,
        reference=reference,
        text="사진도요",
        by=kim,
        now=asked_at + timedelta(hours=1),
        ask=True,
    )
    assert _complaint(db, reference).awaiting_customer_since == asked_at


def _delivered(db, reference: str, *, at) -> None:
    """The customer's notifications reached them (as the outbox or a channel records it)."""
    with transaction(db.factory) as session:
        complaint = repo.get_by_reference(session, reference=reference)
        session.execute(
            sa.update(OutboxMessage)
            .where(
                OutboxMessage.complaint_id == complaint.id, OutboxMessage.kind.like("customer.%")
            )
            .values(status="sent", sent_at=at)
            .execution_options(synchronize_session=False)
        )


def test_while_staff_wait_for_an_answer_the_chase_neither_reminds_nor_escalates(
    db, slack_settings
) -> None:
    reference = _file(db, slack_settings)
    kim, policy = _member(slack_settings, "kim.minji"), slack_settings.policy
    casework.acknowledge(db.factory, policy, reference=reference, by=kim, now=FILED)
    due = _complaint(db, reference).respond_due_at
    asked = due - timedelta(days=1)
    casework.message(
        db.factory,
        policy,
        reference=reference,
        text="영수증이 있나요?",
        by=kim,
        now=asked,
        ask=True,
    )
    for later in (due, due + timedelta(hours=9), due + timedelta(days=20)):
        assert sweep(db.factory, policy, RULES, now=later).done == []
    assert not [row for row in _outbox(db, reference) if row[2] == "customer.holding"]

    # written before the question reached them: it is not the answer, and the wait goes on
    early = thread.customer_message(
        db.factory, policy, reference=reference, identity=CUSTOMER, text="언제 와요?", now=asked
    )
    assert early.case is not None and not early.case.answered_question
    assert _complaint(db, reference).awaiting_customer_since == asked
    _delivered(db, reference, at=asked + timedelta(hours=1))
    # the answer comes three days after the question: the answer's due date moves on by as much
    answered = asked + timedelta(days=3)
    recorded = thread.customer_message(
        db.factory, policy, reference=reference, identity=CUSTOMER, text="네 있어요", now=answered
    )
    assert recorded.outcome.result == "done" and recorded.case is not None
    assert recorded.case.answered_question
    complaint = _complaint(db, reference)
    assert complaint.awaiting_customer_since is None
    assert complaint.respond_due_at == due + timedelta(days=3)
    assert _events(db, reference, "customer_message")[-1][1]["answers_question"] is True
    assert (
        sweep(db.factory, policy, RULES, now=due + timedelta(days=3) - timedelta(minutes=1)).done
        == []
    )
    late = sweep(db.factory, policy, RULES, now=due + timedelta(days=3))
    assert sorted(d.step for d in late.done) == ["respond.hold", "respond.remind"]


def test_an_answer_after_the_complaint_was_answered_leaves_the_due_date(db, slack_settings) -> None:
    reference = _file(db, slack_settings)
    kim, policy = _member(slack_settings, "kim.minji"), slack_settings.policy
    casework.respond(db.factory, policy, reference=reference, response="교환", by=kim, now=FILED)
    casework.message(
        db.factory, policy, reference=reference, text="받으셨나요?", by=kim, now=FILED, ask=True
    )
    _delivered(db, reference, at=FILED)
    due = _complaint(db, reference).respond_due_at
    thread.customer_message(
        db.factory,
        policy,
        reference=reference,
        identity=CUSTOMER,
        text="네",
        now=FILED + timedelta(days=2),
    )
    complaint = _complaint(db, reference)
    assert complaint.awaiting_customer_since is None and complaint.respond_due_at == due


def test_a_customer_message_is_recorded_on_their_own_complaint_and_posted_to_staff(
    db, slack_settings
) -> None:
    reference = _file(db, slack_settings)
    policy = slack_settings.policy
    before = _counts(db)
    theirs = thread.customer_message(
        db.factory, policy, reference=reference, identity=STRANGER, text="hi", now=FILED
    )
    assert theirs.outcome.result == "not_found" and theirs.case is None
    assert _counts(db) == before  # nothing written, nothing posted
    mine = thread.customer_message(
        db.factory,
        policy,
        reference=reference,
        identity=CUSTOMER,
        text="언제 와요?",
        now=FILED + timedelta(hours=1),
    )
    assert mine.outcome.result == "done"
    assert mine.case is not None and mine.case.reference == reference
    assert not mine.case.answered_question
    assert _events(db, reference, "customer_message") == [
        ("customer:telegram:5550001", {"text": "언제 와요?", "channel": "telegram"})
    ]
    assert _outbox(db, reference)[-2:] == [
        (
            "slack",
            f"card:{reference}",
            casework.STAFF_THREAD,
            {
                "reference": reference,
                "text": "언제 와요?",
                "wants_person": False,
                "attachment": False,
                "safety": False,
            },
        ),
        ("slack", f"card:{reference}", casework.STAFF_CARD, {"reference": reference}),
    ]
    assert _complaint(db, reference).human_requested_at is None


def _act(action: str, db: Database, settings: Settings, reference: str, now: datetime) -> None:
    kim, policy = _member(settings, "kim.minji"), settings.policy
    common: dict[str, Any] = {"reference": reference, "by": kim, "now": now}
    if action == "ack":
        outcome = casework.acknowledge(db.factory, policy, **common)
    elif action == "message":
        outcome = casework.message(db.factory, policy, text="곧 전화드릴게요", **common)
    elif action == "respond":
        outcome = casework.respond(db.factory, policy, response="교환", **common)
    elif action == "assign":
        outcome = casework.assign(db.factory, policy, to="lee.junho", **common)
    else:
        outcome = casework.escalate(db.factory, policy, **common)
    assert outcome.result == "done", outcome


@pytest.mark.parametrize("action", ["ack", "message", "respond", "assign", "escalate"])
def test_a_request_for_a_person_shows_until_someone_on_staff_acts(
    db, slack_settings, action
) -> None:
    reference = _file(db, slack_settings)
    asked = FILED + timedelta(hours=1)
    thread.customer_message(
        db.factory,
        slack_settings.policy,
        reference=reference,
        identity=CUSTOMER,
        text="사람이랑 통화하고 싶어요",
        now=asked,
        wants_person=True,
    )
    complaint = _complaint(db, reference)
    assert complaint.human_requested_at == asked and thread.asked_for_person(complaint)
    assert _events(db, reference, "human_requested")[0][1]["wants_person"] is True
    posted = [r for r in _outbox(db, reference) if r[2] == casework.STAFF_THREAD]
    assert posted[0][3]["wants_person"] is True
    _act(action, db, slack_settings, reference, asked + timedelta(hours=1))
    complaint = _complaint(db, reference)
    assert complaint.human_requested_at is None and not thread.asked_for_person(complaint)


def test_a_message_to_a_closed_complaint_is_recorded_but_staff_cannot_write_on_it(
    db, slack_settings
) -> None:
    reference = _file(db, slack_settings)
    kim, lee = _member(slack_settings, "kim.minji"), _member(slack_settings, "lee.junho")
    policy = slack_settings.policy
    casework.respond(db.factory, policy, reference=reference, response="교환", by=kim, now=FILED)
    closing.close_by_staff(
        db.factory, policy, reference=reference, by=kim, reason="duplicate", now=FILED
    )
    late = thread.customer_message(
        db.factory, policy, reference=reference, identity=CUSTOMER, text="아직 안 왔어요", now=FILED
    )
    assert late.outcome.result == "done" and late.case is not None and not late.case.open
    assert [d["text"] for _, d in _events(db, reference, "customer_message")] == ["아직 안 왔어요"]
    assert [r for r in _outbox(db, reference) if r[2] == casework.STAFF_THREAD]
    for ask in (False, True):
        refused = casework.message(
            db.factory, policy, reference=reference, text="?", by=lee, now=FILED, ask=ask
        )
        # who closed it, not the customer who wrote since
        assert (refused.result, refused.status, refused.by) == ("not_now", "closed", "kim.minji")
    assert len(_events(db, reference, "staff_message")) == 0


def test_a_withdrawn_complaint_tells_its_assignee_redraws_its_cards_and_takes_no_message(
    db, slack_settings
) -> None:
    reference = _file(db, slack_settings)
    policy = slack_settings.policy
    filed = len(_outbox(db, reference))
    withdrawn = casework.withdraw(
        db.factory,
        policy,
        reference=reference,
        channel=CUSTOMER.channel,
        user_id=CUSTOMER.user_id,
        actor=CUSTOMER.actor,
        now=FILED,
    )
    assert withdrawn.result == "done"
    assert _outbox(db, reference)[filed:] == [
        ("slack", "U0KIMMINJI", casework.STAFF_WITHDRAWN, {"reference": reference}),
        ("slack", f"card:{reference}", casework.STAFF_CARD, {"reference": reference}),
    ]
    refused = casework.message(
        db.factory,
        policy,
        reference=reference,
        text="?",
        by=_member(slack_settings, "kim.minji"),
        now=FILED,
    )
    assert (refused.result, refused.status) == ("not_now", "withdrawn")
    assert refused.by == CUSTOMER.actor


@pytest.mark.parametrize(
    ("channel", "contact", "email_customers", "emailed"),
    [
        ("rest", "jane@example.com", True, True),
        ("web", "jane@example.com", True, True),
        ("console", "jane@example.com", True, True),
        ("rest", "jane@example.com", False, False),  # e-mail not set up
        ("rest", "010-1234-5678", True, False),  # no address to write to
        ("telegram", "jane@example.com", True, False),  # pushed on their channel instead
    ],
)
def test_notices_are_emailed_only_to_customers_the_desk_cannot_push_to(
    settings, channel, contact, email_customers, emailed
) -> None:
    settings = in_slack(settings, email_customers=email_customers, team_channels=QUALITY_CHANNEL)
    db = prepare_database(settings)
    identity = Identity(channel, "jane")
    reference = _file(db, settings, identity=identity, contact=contact)
    outcome = casework.message(
        db.factory,
        settings.policy,
        reference=reference,
        text="We ordered the part.",
        by=_member(settings, "kim.minji"),
        now=FILED,
    )
    assert outcome.notified is (emailed or channel == "telegram")
    customer = [r for r in _outbox(db, reference) if r[2] == "customer.update"]
    payload = {"language": "ko", "reference": reference, "message": "We ordered the part."}
    expected = [(channel, "jane", "customer.update", payload)]
    if emailed:
        expected.append(("email", "jane@example.com", "customer.update", payload))
    assert customer == expected


def _case(reference: str, product: str, *, status: str = "acknowledged", heard: int | None = None):
    return Case(
        reference=reference,
        status=status,
        product=product,
        team="product-quality",
        channel="rest",
        contact_kind="email",
        contact="a@b.cd",
        respond_due_at=FILED,
        responded_at=None,
        closed_at=None,
        last_heard=None if heard is None else FILED + timedelta(hours=heard),
    )


WASHER = _case("CMP-AAAA-AAAA", "washing machine", heard=1)
FRIDGE = _case("CMP-BBBB-BBBB", "fridge", heard=2)
KETTLE = _case("CMP-CCCC-CCCC", "kettle")
CLOSED = _case("CMP-DDDD-DDDD", "heater", status="closed", heard=5)


@pytest.mark.parametrize(
    ("cases", "asked", "expected"),
    [
        # the reference named wins, even over a product another complaint is about
        (
            [WASHER, FRIDGE],
            {"named": WASHER.reference, "product": "fridge"},
            ("this", WASHER.reference),
        ),
        ([WASHER], {"named": "CMP-ZZZZ-ZZZZ"}, None),  # not theirs
        ([CLOSED, WASHER], {"named": CLOSED.reference}, ("this", CLOSED.reference)),
        # the product of one of their complaints
        ([WASHER, FRIDGE], {"product": "Washing Machine"}, ("this", WASHER.reference)),
        # another product is a new problem; a follow-up naming it is asked about
        ([WASHER, FRIDGE], {"product": "television"}, None),
        (
            [WASHER, FRIDGE],
            {"product": "television", "follow_up": True},
            ("which", None),  # a follow-up naming another product: about which?
        ),
        # the open one they last heard about (not the closed one heard of since)
        ([WASHER, FRIDGE, CLOSED], {}, ("this", FRIDGE.reference)),
        ([CLOSED, KETTLE], {}, ("this", KETTLE.reference)),  # their only open one
        ([KETTLE, replace(KETTLE, reference="CMP-EEEE-EEEE")], {}, ("which", None)),
        ([CLOSED], {}, None),
        ([], {}, None),
        # a complaint naming no product: asked about, unless staff wait for an answer or
        # wrote last (then it is the reply)
        ([WASHER, FRIDGE], {"complaint": True}, ("which", None)),
        ([WASHER], {"complaint": True}, ("which", None)),
        ([WASHER, replace(KETTLE, awaiting=True)], {"complaint": True}, ("this", KETTLE.reference)),
        ([replace(WASHER, replying=True), FRIDGE], {"complaint": True}, ("this", WASHER.reference)),
        ([replace(WASHER, replying=True)], {"complaint": True}, ("this", WASHER.reference)),
        # trial AM: the answer to staff's question named another thing ("… anywhere near the
        # hob") and was filed as a new complaint; a question waiting claims it
        ([replace(KETTLE, awaiting=True)], {"product": "hob"}, ("this", KETTLE.reference)),
        (
            [WASHER, replace(KETTLE, awaiting=True)],
            {"product": "charger", "complaint": True},
            ("this", KETTLE.reference),
        ),
        # the product of another of their complaints still names that one
        (
            [WASHER, replace(KETTLE, awaiting=True)],
            {"product": "washing machine"},
            ("this", WASHER.reference),
        ),
    ],
)
def test_route_decides_which_complaint_a_message_is_about(cases, asked, expected) -> None:
    assert route(cases, **asked) == expected


def test_the_conversation_lists_customer_staff_and_desk_in_order(db, slack_settings) -> None:
    """On the real clock: a notice is placed by when it was written."""
    kim, policy = _member(slack_settings, "kim.minji"), slack_settings.policy
    reference = _file(db, slack_settings, now=utcnow())

    def customer(text: str) -> None:
        thread.customer_message(
            db.factory, policy, reference=reference, identity=CUSTOMER, text=text, now=utcnow()
        )

    customer("언제 와요?")
    casework.acknowledge(db.factory, policy, reference=reference, by=kim, now=utcnow())
    casework.message(
        db.factory, policy, reference=reference, text="주문했어요", by=kim, now=utcnow()
    )
    casework.message(
        db.factory, policy, reference=reference, text="사진 있나요?", by=kim, now=utcnow(), ask=True
    )
    customer("여기요")
    casework.respond(db.factory, policy, reference=reference, response="교환", by=kim, now=utcnow())
    closing.close_by_staff(
        db.factory, policy, reference=reference, by=kim, reason="duplicate", now=utcnow()
    )
    with transaction(db.factory) as session:
        complaint = repo.get_by_reference(session, reference=reference)
        assert complaint is not None
        entries = thread.conversation(session, complaint)
    assert [(e.who, e.kind, e.text, e.by) for e in entries] == [
        ("customer", "customer_message", "언제 와요?", None),
        ("desk", "acknowledged", "", None),
        ("staff", "update", "주문했어요", "kim.minji"),
        ("staff", "question", "사진 있나요?", "kim.minji"),
        ("customer", "customer_message", "여기요", None),
        ("staff", "answer", "교환", "kim.minji"),
        # closed by staff with its reason; the customer told, and asked how satisfied
        ("staff", "closed", "duplicate", "kim.minji"),
        ("desk", "closed", "", None),
        ("desk", "survey", "", None),
    ]
    assert [e.at for e in entries] == sorted(e.at for e in entries)


def _mark(db: Database, reference: str, states: dict[str, str]) -> None:
    """Set the outbox status of the complaint's customer rows, by channel."""
    with transaction(db.factory) as session:
        complaint = repo.get_by_reference(session, reference=reference)
        assert complaint is not None
        for row in session.execute(
            sa.select(OutboxMessage).where(OutboxMessage.complaint_id == complaint.id)
        ).scalars():
            if row.channel in states:
                row.status = states[row.channel]


def _delivery(db: Database, reference: str) -> thread.Delivered | None:
    with transaction(db.factory) as session:
        complaint = repo.get_by_reference(session, reference=reference)
        assert complaint is not None
        return thread.delivery(session, complaint)


@pytest.mark.parametrize(
    ("states", "ways", "reached", "failed"),
    [
        ({}, (("rest", "waiting"), ("email", "waiting")), False, False),
        ({"email": "sending"}, (("rest", "waiting"), ("email", "sending")), False, False),
        ({"email": "sent"}, (("rest", "waiting"), ("email", "sent")), True, False),
        ({"rest": "sent", "email": "failed"}, (("rest", "sent"), ("email", "failed")), True, False),
        (
            {"rest": "failed", "email": "failed"},
            (("rest", "failed"), ("email", "failed")),
            False,
            True,
        ),
    ],
)
def test_delivery_says_how_the_last_message_went_on_each_way(
    settings, states, ways, reached, failed
) -> None:
    settings = in_slack(settings, email_customers=True, team_channels=QUALITY_CHANNEL)
    db = prepare_database(settings)
    identity = Identity("rest", "jane")
    reference = _file(db, settings, identity=identity, contact="jane@example.com")
    assert _delivery(db, reference) is None  # nothing sent to the customer yet
    kim = _member(settings, "kim.minji")
    casework.acknowledge(db.factory, settings.policy, reference=reference, by=kim, now=FILED)
    casework.message(
        db.factory, settings.policy, reference=reference, text="hi", by=kim, now=FILED, ask=True
    )
    _mark(db, reference, states)
    last = _delivery(db, reference)
    assert last is not None and last.kind == "customer.question"
    assert (last.ways, last.reached, last.failed) == (ways, reached, failed)


BLENDER = _case("CMP-FFFF-FFFF", "blender", heard=1)
DRYER = _case("CMP-GGGG-GGGG", "드라이기", heard=2)


@pytest.mark.parametrize(
    ("cases", "text", "expected"),
    [
        # a word of one complaint's product, typos and all
        ([BLENDER, DRYER], "the blendr one obvs", ("this", BLENDER.reference)),
        ([BLENDER, DRYER], "드라이어 그거여", ("this", DRYER.reference)),
        # words meaning new, in either language
        ([BLENDER, DRYER], "새로운 거예요", ("new", None)),
        ([BLENDER], "no its a different thing entirely", ("new", None)),
        # the newest: "this one", "방금 접수한 거"
        ([BLENDER, DRYER], "방금 접수한 거 말하는 거잖아요", ("this", DRYER.reference)),
        # one open complaint: whatever else is said, that one
        ([BLENDER], "same one", ("this", BLENDER.reference)),
        ([BLENDER], "아까 말씀드린 그거요", ("this", BLENDER.reference)),
        # still unclear between two: asked again
        ([BLENDER, DRYER], "umm", None),
    ],
)
def test_a_typed_answer_to_which_complaint_is_read(cases, text, expected) -> None:
    assert thread.chosen(cases, text) == expected


@pytest.mark.parametrize(
    ("text", "new"),
    [
        ("새로 접수할게요", True),
        ("this is a new complaint", True),
        # said not to be new (a trial opened a second form for it)
        ("아니요, 새로 접수하려는 것이 아니라 아까 그 의자 건이요", False),
        ("its not a new complaint, its the same chair", False),
    ],
)
def test_a_new_complaint_is_one_not_turned_down(text: str, new: bool) -> None:
    from handlers.thread import says_new_complaint

    assert says_new_complaint(text) is new


def test_an_answer_to_which_complaint_that_says_more_is_kept_with_the_message() -> None:
    """ "ㅇㅇ 어제 받음 잘됨" to "which complaint, or something new?" chooses and tells: both
    are kept (trial F's f08 lost it while the reply said it was added)."""
    from rasa_sdk import Tracker

    from handlers.actions.thread import said

    asked = {"case_choice": "which", "pending_complaint": "충전기 옴?"}

    def answer(text: str) -> str:
        return said(Tracker("s", asked, {"text": text}, [], False, None, {}, "action_listen"))

    assert answer("CMP-7K3F-9QX2 그거요") == "충전기 옴?"
    assert answer("the charger one") == "충전기 옴?"
    assert answer("ㅇㅇ") == "충전기 옴?"
    assert (
        answer("ㅇㅇ 어제 받음 잘됨 근데 케이블이 짧아요")
        == "충전기 옴?\nㅇㅇ 어제 받음 잘됨 근데 케이블이 짧아요"
    )
    assert answer('/follow_up{"reference": "CMP-7K3F-9QX2"}') == "충전기 옴?"


@pytest.mark.parametrize(
    "text",
    [
        # a yes or no to staff's question beside the chase answers it
        "any news? yes still leaking from the door",
        "any update? no its still dry underneath",
        # something new that happened is news for staff
        "any news? the water still comes out and it flooded the kitchen yesterday",
    ],
)
def test_a_chase_that_answers_or_tells_news_is_no_bare_status_question(text: str) -> None:
    from handlers.actions.thread import asks_status

    assert not asks_status(text)


@pytest.mark.parametrize(
    ("text", "again"),
    [
        ("what did you ask me again?", True),
        ("뭘 물어봤는지 지나가부러서 못 찾겄네. 다시 좀 보여주쇼", True),
        # answers that speak of the question are answers
        ("re your question, its the DV90 model", False),
        ("물어보신 모델명은 DV90이에요", False),
        ("I asked the engineer and he said its the pump", False),
        ("it's leaking again underneath", False),
    ],
)
def test_a_request_to_see_staffs_question_again_is_read(text: str, again: bool) -> None:
    from handlers.actions.thread import asks_question_again

    assert asks_question_again(text) is again


@pytest.mark.parametrize(
    ("said", "asked"),
    [("어케됫어요", True), ("어떻게 됬나요", True), ("어떻게 됐나요", True), ("잘 됫네요", False)],
)
def test_korean_vocabulary_is_found_with_a_quick_thumbs_slips(said: str, asked: bool) -> None:
    """됐 typed 됫 or 됬 (a final ㅆ as ㅅ, ㅙ as ㅚ) is still 됐 ("세탁기 교환 어케됫어요")."""
    from handlers import vocabulary

    assert vocabulary.says("thread", "status_asked", said) is asked
