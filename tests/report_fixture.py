"""Complaints with known timestamps for the report tests (tests/test_report*.py).

Rows are written as intake and the use cases write them (the complaint, its `assessed`
event with the due dates `Policy.due` gives, `responded` events, staff notes with a root
cause); the times are chosen so that every figure is worked out by hand in the tests, on
the office clock (09:00-18:00 Mon-Fri, Korean public holidays: Friday 25 December 2026 is
Christmas) in Asia/Seoul and in UTC.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta, timezone
from typing import Any

from sqlalchemy.orm import sessionmaker

from bot.settings import Settings
from storage.db import transaction
from storage.models import Complaint, ComplaintEvent


def utc(day: int, hour: int, minute: int = 0, month: int = 12) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=timezone.utc)


NOW = utc(30, 3)  # Wednesday 30 December, noon in Seoul
NAME, CONTACT = "Hong Gildong", "gildong@example.com"
LOW_COMMENT = "너무 느렸어요"


@dataclass
class Case:
    ref: str
    filed: datetime
    priority: str
    category: str
    channel: str
    language: str
    product: str = ""
    acked: datetime | None = None
    answers: tuple[datetime, ...] = ()
    status: str = "received"
    level: int = 0
    reopened: int = 0
    closed: datetime | None = None
    asked: bool = False
    score: int | None = None
    comment: str | None = None
    notes: tuple[str, ...] = ()  # root causes, in order
    held_to: datetime | None = None  # a holding date given: promised_at
    extra: dict[str, Any] = field(default_factory=dict)


CASES = (
    # Thursday 17:00 in Seoul, the day before Christmas; acknowledged and answered on Monday
    Case(
        "CMP-AAAA-AAAA",
        utc(24, 8),
        "normal",
        "product",
        "telegram",
        "ko",
        "Galaxy S24",
        acked=utc(28, 1),
        answers=(utc(28, 6),),
        status="closed",
        asked=True,
        closed=utc(29, 2),
        notes=("design",),
    ),
    Case(
        "CMP-BBBB-BBBB",
        utc(22, 1),
        "urgent",
        "safety",
        "telegram",
        "ko",
        "Wireless charger",
        acked=utc(22, 2, 30),
        answers=(utc(23, 3),),
        status="responded",
        level=1,
    ),
    # late; a holding date given since: overdue now all the same, against its original target
    Case(
        "CMP-CCCC-CCCC",
        utc(21, 0),
        "high",
        "billing",
        "rest",
        "ko",
        "Premium Care plan",
        acked=utc(22, 9),
        status="escalated",
        level=2,
        held_to=datetime(2027, 1, 8, 0, tzinfo=timezone.utc),
    ),
    Case(
        "CMP-DDDD-DDDD",
        utc(23, 1),
        "normal",
        "product",
        "rest",
        "en",
        "Galaxy S24",
        status="withdrawn",
    ),
    # answered twice (reopened): the first answer counts
    Case(
        "CMP-EEEE-EEEE",
        utc(28, 0),
        "low",
        "general",
        "slack",
        "ko",
        "",
        acked=utc(28, 0, 30),
        answers=(utc(28, 1), utc(29, 5)),
        status="closed",
        reopened=1,
        closed=utc(29, 6),
        asked=True,
        score=2,
        comment=LOW_COMMENT,
        notes=("process", "training"),
    ),
    Case(
        "CMP-FFFF-FFFF",
        utc(29, 1),
        "normal",
        "product",
        "web",
        "en",
        "Galaxy Buds",
        acked=utc(29, 1, 30),
        answers=(utc(29, 10),),
        status="closed",
        closed=utc(29, 11),
        asked=True,
        score=5,
        comment="quick and kind",
        notes=("design",),
    ),
    # the period before (11-20 December): one still unacknowledged, overdue now
    Case("CMP-GGGG-GGGG", utc(15, 2), "normal", "product", "telegram", "ko", "Galaxy S24"),
    Case(
        "CMP-HHHH-HHHH",
        utc(16, 2),
        "high",
        "billing",
        "rest",
        "ko",
        "Premium Care plan",
        acked=utc(16, 3),
        answers=(utc(17, 3),),
        status="closed",
        closed=utc(18, 3),
    ),
    Case(
        "CMP-JJJJ-JJJJ",
        utc(17, 2),
        "high",
        "billing",
        "rest",
        "ko",
        "Premium Care plan",
        acked=utc(17, 3),
        answers=(utc(18, 3),),
        status="closed",
        closed=utc(19, 3),
    ),
)


def in_zone(settings: Settings, zone: str) -> Settings:
    """The settings with the organisation in another time zone."""
    return replace(settings, policy=replace(settings.policy, timezone=zone))


def load(factory: sessionmaker, settings: Settings, cases: tuple[Case, ...] = CASES) -> None:
    """Write the cases."""
    policy = settings.policy
    with transaction(factory) as session:
        for case in cases:
            targets = policy.targets[case.priority]
            ack_due = policy.due(case.filed, targets.ack)
            respond_due = policy.due(case.filed, targets.respond)
            complaint = Complaint(
                reference=case.ref,
                channel=case.channel,
                user_id="u-" + case.ref,
                language=case.language,
                description="The screen cracked when I opened the box, said Hong Gildong",
                product=case.product,
                desired_outcome="refund",
                incident_date_text="yesterday",
                customer_name=NAME,
                contact=CONTACT,
                contact_kind="email",
                contact_normalized=CONTACT,
                status=case.status,
                priority=case.priority,
                category=case.category,
                escalation_level=case.level,
                reopened_count=case.reopened,
                created_at=case.filed,
                updated_at=case.filed,
                ack_due_at=ack_due,
                respond_due_at=respond_due,
                promised_at=case.held_to,
                acknowledged_at=case.acked,
                responded_at=case.answers[-1] if case.answers else None,
                closed_at=case.closed,
                survey_asked_at=case.closed if case.asked and case.closed else None,
                satisfaction_score=case.score,
                satisfaction_comment=case.comment,
            )
            session.add(complaint)
            session.flush()
            event = _event(session, complaint.id)
            event(
                case.filed,
                "assessed",
                {
                    "category": case.category,
                    "priority": case.priority,
                    "matched": [],
                    "ack_due_at": ack_due.isoformat(),
                    "respond_due_at": respond_due.isoformat(),
                },
            )
            for at in case.answers:
                event(at, "responded", {"response": "We are sorry, Hong Gildong"})
            for i, cause in enumerate(case.notes):
                event(
                    case.filed + timedelta(hours=i + 1),
                    "note",
                    {"text": "cause noted", "root_cause": cause},
                )


def _event(session: Any, complaint_id: int) -> Any:
    def add(at: datetime, kind: str, data: dict[str, Any]) -> None:
        session.add(
            ComplaintEvent(complaint_id=complaint_id, at=at, actor="test", kind=kind, data=data)
        )

    return add
