"""The lifecycle and priority vocabulary, in one place.

It lives in `storage` because the schema constrains columns to it and `storage` imports
nothing of ours; `handlers/` and `bot/` read it from here. Migrations keep their own
literal copies: they are history and must not change when this does.
"""

from __future__ import annotations

from dataclasses import dataclass

# ISO 10002 lifecycle (DESIGN.md): received → acknowledged → investigating → responded →
# closed, plus escalated, withdrawn, and reopened → investigating.
STATUSES = (
    "received",
    "acknowledged",
    "investigating",
    "responded",
    "closed",
    "escalated",
    "withdrawn",
    "reopened",
)
ENDED_STATUSES = ("closed", "withdrawn")
OPEN_STATUSES = tuple(s for s in STATUSES if s not in ENDED_STATUSES)
# Still to be answered: the statuses staff work on before the answer goes out.
AT_WORK = ("received", "acknowledged", "investigating", "escalated", "reopened")


@dataclass(frozen=True)
class Move:
    """One row of the lifecycle: `event` (who causes it: `by`) takes a complaint from any
    of `from_` to `to`; `to` None: the event is allowed there and the status stays."""

    event: str
    by: str  # staff, customer, sweep
    from_: tuple[str, ...]
    to: str | None


# The lifecycle in one table (DESIGN.md "Lifecycle"): every use case that changes a
# complaint (handlers/casework.py, handlers/closing.py), the Slack card's buttons and the
# chase sweep ask it whether an event may happen now and what status follows. What the
# table does not list is refused. tests/test_lifecycle.py walks every cell.
LIFECYCLE = (
    # staff
    Move("acknowledge", "staff", ("received",), "acknowledged"),
    # escalated by the sweep before anyone looked, or closed unseen and reopened
    Move("acknowledge", "staff", ("investigating", "escalated", "reopened"), None),
    Move(
        "investigate",
        "staff",
        ("received", "acknowledged", "escalated", "reopened"),
        "investigating",
    ),
    Move("respond", "staff", AT_WORK, "responded"),
    Move("escalate", "staff", AT_WORK, "escalated"),
    Move("message", "staff", OPEN_STATUSES, None),  # an update or a question
    Move("assign", "staff", OPEN_STATUSES, None),
    Move("close", "staff", OPEN_STATUSES, "closed"),  # with a reason: unreachable, duplicate
    # the customer
    Move("accept", "customer", ("responded",), "closed"),
    Move("decline", "customer", ("responded",), "investigating"),
    Move("decline_again", "customer", ("responded",), "escalated"),  # a second decline
    Move("withdraw", "customer", AT_WORK, "withdrawn"),  # once answered: accept or decline
    Move("reopen", "customer", ("closed",), "reopened"),  # within closing.reopen_within
    Move("rate", "customer", ("closed",), None),  # the satisfaction survey, once
    # the sweep
    Move("escalate_overdue", "sweep", AT_WORK, "escalated"),
    Move("close_silence", "sweep", ("responded",), "closed"),  # no answer in close_after
    Move("remind_decision", "sweep", ("responded",), None),  # halfway to close_after
    Move("remind_survey", "sweep", ("closed",), None),
    # the desk itself, right after a reopening: the same assignee goes back to work
    Move("resume", "desk", ("reopened",), "investigating"),
)
EVENTS = tuple(dict.fromkeys(m.event for m in LIFECYCLE))

_TABLE: dict[tuple[str, str], str] = {}
for _move in LIFECYCLE:
    for _status in _move.from_:
        if (_move.event, _status) in _TABLE:
            raise ValueError(f"lifecycle: {_move.event} from {_status} listed twice")
        _TABLE[(_move.event, _status)] = _move.to or _status


def allows(event: str, status: str) -> bool:
    """Whether the lifecycle allows `event` on a complaint in `status`."""
    if event not in EVENTS:
        raise KeyError(f"no lifecycle event {event!r}")
    return (event, status) in _TABLE


def after(event: str, status: str) -> str:
    """The status `event` leads to from `status` (a KeyError when not allowed)."""
    if not allows(event, status):
        raise KeyError(f"{event} is not allowed from {status}")
    return _TABLE[(event, status)]


# Once a complaint is answered there is nothing left to withdraw (accept or decline).
WITHDRAWABLE_STATUSES = tuple(s for s in STATUSES if allows("withdraw", s))

# Most pressing first: assessment takes the first level whose words match.
PRIORITIES = ("urgent", "high", "normal", "low")
