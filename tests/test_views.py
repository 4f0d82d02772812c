"""Views for a working day (`repositories.list_complaints`, `complaints list`): mine with
what was escalated to me, a category in either language, pages, search, overdue against
the original target."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from bot.channels.slack_desk import desk_say
from bot.cli import main
from bot.settings import Settings
from bot.wiring import Database, prepare_database
from handlers import casework, reports
from handlers.chase import ChaseRules, sweep
from handlers.identity import Identity
from handlers.intake import ComplaintDetails, file_complaint
from storage import repositories as repo
from storage.db import transaction

NOW = datetime(2026, 11, 25, 1, 0, tzinfo=timezone.utc)


@pytest.fixture
def db(settings: Settings) -> Database:
    return prepare_database(settings)


def _file(db, settings, n: int, what: str = "The screen cracked", name="Kim", contact=None) -> str:
    return file_complaint(
        db.factory,
        settings.policy,
        identity=Identity("telegram", f"77700{n:02d}"),
        language="en",
        details=ComplaintDetails(
            what, "Galaxy S24", "Replacement", "yesterday", None, name, contact or f"c{n}@b.cd"
        ),
        now=NOW + timedelta(minutes=n),
    ).reference


def _refs(db, **filters) -> list[str]:
    with transaction(db.factory) as session:
        return [c.reference for c in repo.list_complaints(session, **filters)]


def test_mine_includes_what_was_escalated_to_me(db, settings) -> None:
    kept, escalated = _file(db, settings, 1), _file(db, settings, 2)
    kim = settings.policy.staff("kim.minji")
    casework.escalate(db.factory, settings.policy, reference=escalated, by=kim, now=NOW)
    assert _refs(db, mine="lee.junho") == [escalated]
    assert set(_refs(db, mine="kim.minji")) == {kept, escalated}
    assert _refs(db, mine="yoon.ara") == []


def test_a_category_in_either_language_and_pages(db, settings) -> None:
    screens = [_file(db, settings, n) for n in range(7)]
    bill = _file(db, settings, 20, "I was charged twice for it")
    for words in ("결제", "billing", "Billing", "결제·청구"):
        categories = settings.policy.categories_named(words)
        assert _refs(db, status="open", categories=categories) == [bill]
    product = settings.policy.categories_named("제품 불량")
    assert _refs(db, categories=product, limit=5) == screens[::-1][:5]
    assert _refs(db, categories=product, limit=5, offset=5) == screens[::-1][5:]


def test_every_category_has_its_labels_and_an_unknown_one_is_said(db, settings) -> None:
    policy = settings.policy
    vague = file_complaint(
        db.factory,
        policy,
        identity=Identity("telegram", "7770099"),
        language="ko",
        details=ComplaintDetails(
            "그냥 마음에 안 들어요", "상품권", "환불", "어제", None, "Kim", "k@b.cd"
        ),
        now=NOW,
    ).reference
    _file(db, settings, 2)  # a product fault
    for words in ("일반", "general", "General"):
        assert _refs(db, status="open", categories=policy.categories_named(words)) == [vague]
    for category in (*(r.name for r in policy.categories), policy.default_category):
        for language in ("en", "ko"):
            assert policy.category_label(category, language) != category
    assert policy.category_label("general", "ko") == "일반"
    assert policy.categories_named("쇼핑몰") == ()  # unknown: the lists say so
    assert "쇼핑몰" in desk_say("ko", "unknown_category", words="쇼핑몰", names="일반")


def test_search_reads_reference_product_name_and_contact(db, settings) -> None:
    lee = _file(db, settings, 1, name="Lee Seo-yeon", contact="010-2345-6789")
    park = _file(db, settings, 2, name="박민수", contact="minsu.park@example.com")
    assert _refs(db, search=("seo-yeon",)) == [lee]
    assert _refs(db, search=("박민수",)) == [park]
    assert _refs(db, search=("MINSU.PARK",)) == [park]
    assert _refs(db, search=("2345",)) == [lee]
    assert _refs(db, search=(park[-4:].lower(),)) == [park]
    assert set(_refs(db, search=("galaxy", "s24"))) == {lee, park}
    assert _refs(db, search=("galaxy", "nokia")) == []
    assert _refs(db, search=("100%",)) == []  # a wildcard is a character


def test_overdue_counts_against_the_original_target(db, settings) -> None:
    reference = _file(db, settings, 1)
    kim = settings.policy.staff("kim.minji")
    casework.acknowledge(db.factory, settings.policy, reference=reference, by=kim, now=NOW)
    with transaction(db.factory) as session:
        target = repo.get_by_reference(session, reference=reference).respond_due_at
    sweep(db.factory, settings.policy, ChaseRules(), now=target)  # the holding message
    later = target + timedelta(hours=1)
    assert _refs(db, status="open", overdue_at=later) == [reference]
    assert _refs(db, status="open", overdue_at=target - timedelta(hours=1)) == []


def test_the_lists_the_report_and_a_card_agree_on_what_is_overdue(db, settings) -> None:
    """One definition: unacknowledged past its target, or unanswered past the original
    target (a holding date given); not while staff wait for the customer's answer, not
    once answered."""
    policy = settings.policy
    kim = policy.staff("kim.minji")
    unseen, held, asked, answered = (_file(db, settings, n) for n in range(1, 5))
    for reference in (held, asked, answered):
        casework.acknowledge(db.factory, policy, reference=reference, by=kim, now=NOW)
    casework.message(
        db.factory, policy, reference=asked, text="Which colour?", by=kim, now=NOW, ask=True
    )
    casework.respond(db.factory, policy, reference=answered, response="ok", by=kim, now=NOW)
    with transaction(db.factory) as session:
        target = repo.get_by_reference(session, reference=held).respond_due_at
    sweep(db.factory, policy, ChaseRules(), now=target)  # the holding messages
    later = target + timedelta(hours=1)

    assert set(_refs(db, status="open", overdue_at=later)) == {unseen, held}
    with transaction(db.factory) as session:
        flagged = {c.reference for c in repo.list_complaints(session) if repo.is_overdue(c, later)}
    assert flagged == {unseen, held}
    report = reports.build(
        db.engine, policy, reports.period_since(timedelta(days=30), later), now=later
    )
    assert report.overdue_now == 2


def test_the_command_line_takes_the_same_filters(db, settings, monkeypatch, capsys) -> None:
    monkeypatch.setenv("DATABASE_URL", settings.database_url)
    screen = _file(db, settings, 1, name="Choi Ara")
    bill = _file(db, settings, 2, "I was charged twice for it")
    kim = settings.policy.staff("kim.minji")
    casework.escalate(db.factory, settings.policy, reference=screen, by=kim, now=NOW)

    def listed(*args: str) -> str:
        assert main(["complaints", "list", *args]) == 0
        return capsys.readouterr().out

    assert screen in listed("--mine-as", "lee.junho") and bill not in listed(
        "--mine-as", "lee.junho"
    )
    out = listed("--category", "결제")
    assert bill in out and screen not in out
    # logged at INFO: who searched (a staff handle) and how many words, never the words
    search = ["--log-level", "INFO", "complaints", "list", "--search", "choi ara"]
    assert main([*search, "--by", "kim.minji"]) == 0
    out, err = capsys.readouterr()
    assert screen in out and bill not in out
    logged = [line for line in err.splitlines() if "cli.complaints.search" in line]
    assert len(logged) == 1 and "kim.minji" in logged[0] and "choi" not in err.lower()
    assert main(search) == 2  # a search says who makes it
    assert "--by" in capsys.readouterr().err
    assert main([*search, "--by", "choi.ara"]) == 2  # staff only
    first, second = listed("--limit", "1"), listed("--limit", "1", "--page", "2")
    assert bill in first and screen in second
    assert main(["complaints", "list", "--category", "nothing-like-it"]) == 2
    with pytest.raises(SystemExit):
        main(["complaints", "list", "--help"])
    helped = capsys.readouterr().out
    assert "--mine-as" in helped and "--search" in helped and "--category" in helped
