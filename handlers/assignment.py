"""Assignment: round-robin within the team that handles the complaint's category."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from handlers.casework import STAFF_ASSIGNED, redraw_cards, tell_staff
from handlers.policy import Policy
from storage import repositories as repo
from storage.models import Complaint, Staff


def assign(
    session: Session,
    policy: Policy,
    *,
    complaint: Complaint,
    now: datetime,
    actor: str = "system",
) -> Staff | None:
    """Give the complaint to the team member assigned least recently; record it and notify."""
    team = policy.team_for(complaint.category)
    staff = repo.next_assignee(session, team=team)
    if staff is None and team != policy.default_team:
        team = policy.default_team
        staff = repo.next_assignee(session, team=team)
    if staff is None:
        repo.add_event(
            session,
            complaint=complaint,
            actor=actor,
            kind="assignment_pending",
            data={"team": team, "reason": "no active staff in team"},
            at=now,
        )
        return None
    complaint.assignee_id = staff.id
    complaint.assignee = staff
    staff.last_assigned_at = now
    repo.add_event(
        session,
        complaint=complaint,
        actor=actor,
        kind="assigned",
        data={"assignee": staff.handle, "team": team},
        at=now,
    )
    member = policy.staff(staff.handle)
    if member is not None:
        tell_staff(session, member, complaint, STAFF_ASSIGNED)
    redraw_cards(session, policy, complaint)
    return staff
