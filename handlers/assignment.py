"""Assignment: round-robin within the team that handles the complaint's category, to its
agents (preferring the customer's language), to supervisors and managers only as a fallback
(`assignment.fallback` in config.yml), passing over anyone away."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from handlers.casework import STAFF_ASSIGNED, redraw_cards, tell_staff
from handlers.policy import Policy
from storage import repositories as repo
from storage.models import Complaint, Staff


def candidates(policy: Policy, team: str, language: str) -> list[tuple[str, ...]]:
    """Whom new work goes to, group by group, the first with anyone at work taking it: the
    team's agents (those whose language is the customer's first), then each fallback role
    (`assignment.fallback`), likewise."""
    groups: list[tuple[str, ...]] = []
    for role in ("agent", *policy.assignment_fallback):
        members = [m for m in policy.roster if m.team == team and m.role == role]
        own = tuple(m.handle for m in members if m.language == language)
        groups += [g for g in (own, tuple(m.handle for m in members)) if g]
    return groups


def assign(
    session: Session,
    policy: Policy,
    *,
    complaint: Complaint,
    now: datetime,
    actor: str = "system",
) -> Staff | None:
    """Give the complaint to whom `candidates` picks, least recently assigned first, in its
    team (else the default team); record it and notify."""
    team = policy.team_for(complaint.category)
    staff = _pick(session, policy, team, complaint.language, now)
    if staff is None and team != policy.default_team:
        team = policy.default_team
        staff = _pick(session, policy, team, complaint.language, now)
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


def _pick(
    session: Session, policy: Policy, team: str, language: str, now: datetime
) -> Staff | None:
    for handles in candidates(policy, team, language):
        staff = repo.next_assignee(session, handles=handles, now=now)
        if staff is not None:
            return staff
    return None
