"""Assignment (`handlers/assignment.py`): agents take new work, in the customer's language
when they can; supervisors and managers only when no agent of the team is at work (the
configured fallback); anyone away is passed by."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from datetime import datetime, timedelta, timezone

import pytest

from bot.cli import main
from bot.settings import Settings
from bot.wiring import Database, prepare_database
from handlers.identity import Identity
from handlers.intake import ComplaintDetails, file_complaint
from storage import repositories as repo
from storage.db import transaction
from storage.repositories import StaffMember

NOW = datetime(2026, 11, 25, 1, 0, tzinfo=timezone.utc)  # Wednesday 10:00 KST
TOM = StaffMember("baker.tom", "Tom Baker", "product-quality", role="agent", language="en")


@pytest.fixture
def team(settings: Settings) -> Settings:
    """Product quality with two agents (Korean, English), its supervisor; a manager."""
    policy = replace(settings.policy, roster=(*settings.policy.roster, TOM))
    return replace(settings, policy=policy)


@pytest.fixture
def db(team: Settings) -> Database:
    return prepare_database(team)


SCREEN = {"en": "The screen cracked on its own", "ko": "화면이 저절로 깨졌어요"}
BILL = {"en": "I was charged twice for my order", "ko": "결제가 두 번 됐어요"}


def _file(db, settings, language: str, n: int, *, what=SCREEN, at=NOW) -> str:
    receipt = file_complaint(
        db.factory,
        settings.policy,
        identity=Identity("telegram", f"55500{n:02d}"),
        language=language,
        details=ComplaintDetails(
            what[language], "Galaxy S24", "Replacement", "yesterday", None, "Kim", "a@b.cd"
        ),
        now=at + timedelta(minutes=n),
    )
    return receipt.reference


def _assignee(db, reference: str) -> str | None:
    with transaction(db.factory) as session:
        complaint = repo.get_by_reference(session, reference=reference)
        assert complaint is not None
        return complaint.assignee.handle if complaint.assignee else None


def test_each_language_goes_to_its_agents_and_never_to_the_leads(db, team) -> None:
    got = Counter(
        (language, _assignee(db, _file(db, team, language, n)))
        for n, language in enumerate(["ko", "en"] * 5)
    )
    assert got == {("ko", "kim.minji"): 5, ("en", "baker.tom"): 5}


def test_the_agents_take_turns_when_none_speaks_the_language(db, team) -> None:
    """Two Korean-speaking agents in logistics: English complaints alternate between them."""
    policy = team.policy
    roster = tuple(
        replace(m, team="logistics") if m.handle == "kim.minji" else m for m in policy.roster
    )
    team = replace(team, policy=replace(policy, roster=tuple(m for m in roster if m != TOM)))
    db = prepare_database(team)
    late = {"en": "My parcel was delivered late", "ko": "택배가 늦게 왔어요"}
    handles = [_assignee(db, _file(db, team, "en", n, what=late)) for n in range(4)]
    assert sorted(handles) == ["kim.minji", "kim.minji", "park.soyeon", "park.soyeon"]


def test_a_team_without_agents_falls_back_to_its_supervisor_then_manager(db, team) -> None:
    """Customer care has a supervisor and a manager and no agent."""
    references = [_file(db, team, "ko", n, what=BILL) for n in range(3)]
    with transaction(db.factory) as session:
        teams = {repo.get_by_reference(session, reference=r).category for r in references}
    assert teams == {"billing"}
    # billing has an agent: she takes it
    assert {_assignee(db, r) for r in references} == {"jung.hana"}
    away = datetime(2026, 12, 1, tzinfo=timezone.utc)
    with transaction(db.factory) as session:
        assert repo.set_away(session, handle="jung.hana", until=away)
    # billing's agent away, no lead of its own: the default team's supervisor, not the manager
    handles = {_assignee(db, _file(db, team, "ko", 10 + n, what=BILL)) for n in range(3)}
    assert handles == {"han.seojun"}
    with transaction(db.factory) as session:
        repo.set_away(session, handle="han.seojun", until=away)
    assert _assignee(db, _file(db, team, "en", 20, what=BILL)) == "yoon.ara"


def test_without_a_fallback_leads_never_take_new_work(db, team) -> None:
    team = replace(team, policy=replace(team.policy, assignment_fallback=()))
    with transaction(db.factory) as session:
        repo.set_away(session, handle="jung.hana", until=NOW + timedelta(days=9))
    assert _assignee(db, _file(db, team, "ko", 1, what=BILL)) is None


def test_away_is_passed_by_until_it_ends(db, team, monkeypatch, capsys) -> None:
    monkeypatch.setenv("DATABASE_URL", team.database_url)

    def away(*args: str) -> int:
        status = main(["complaints", "away", *args])
        prepare_database(team)  # the test's roster again (the command synced config.yml's)
        return status

    assert away("kim.minji", "--until", "2026-11-27T09:00") == 0
    assert "kim.minji: away until 2026-11-27 09:00 KST" in capsys.readouterr().out
    # a Korean complaint while she is away: the English-speaking agent, not the supervisor
    assert _assignee(db, _file(db, team, "ko", 1)) == "baker.tom"
    # Friday 09:00 KST she is back
    back = datetime(2026, 11, 27, 0, 0, tzinfo=timezone.utc)
    assert _assignee(db, _file(db, team, "ko", 2, at=back)) == "kim.minji"
    assert away("kim.minji", "--until", "2026-12-31") == 0
    assert _assignee(db, _file(db, team, "ko", 3)) == "baker.tom"
    assert away("kim.minji", "--back") == 0
    assert _assignee(db, _file(db, team, "ko", 4)) == "kim.minji"
    assert away("nobody", "--back") == 2
