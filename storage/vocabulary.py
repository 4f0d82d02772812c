"""The lifecycle and priority vocabulary, in one place.

It lives in `storage` because the schema constrains columns to it and `storage` imports
nothing of ours; `handlers/` and `bot/` read it from here. Migrations keep their own
literal copies: they are history and must not change when this does.
"""

from __future__ import annotations

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
# Once a complaint is answered there is nothing left to withdraw.
WITHDRAWABLE_STATUSES = tuple(s for s in OPEN_STATUSES if s != "responded")

# Most pressing first: assessment takes the first level whose words match.
PRIORITIES = ("urgent", "high", "normal", "low")
