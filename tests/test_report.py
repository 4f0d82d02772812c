"""The clause 8 report (issue 23): every figure against complaints with known timestamps,
worked out by hand on the office clock (09:00-18:00 Mon-Fri, closed on Korean public holidays:
Friday 25 December 2026), in Asia/Seoul and in UTC, on SQLite and PostgreSQL; the text, the
CSV (no personal data) and the chart."""

from __future__ import annotations

import csv
import sqlite3
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from bot.cli import main
from bot.report_text import headline, render, width
from bot.settings import Settings
from bot.wiring import prepare_database
from handlers import reports
from tests.report_fixture import CASES, CONTACT, LOW_COMMENT, NAME, NOW, Case, in_zone, load, utc

H = 3600.0
ROOT = Path(__file__).resolve().parent.parent


def _report(settings: Settings, zone: str, team: str | None = None) -> reports.Report:
    settings = in_zone(settings, zone)
    database = prepare_database(settings)
    load(database.factory, settings)
    period = reports.period_between(date(2026, 12, 21), date(2026, 12, 30), settings.policy)
    return reports.build(database.engine, settings.policy, period, now=NOW, team=team)


def _counts(report: reports.Report, dimension: str) -> dict[str, tuple[int, int]]:
    return {c.value: (c.now, c.before) for c in report.by[dimension]}


def test_seoul_figures(settings: Settings) -> None:
    report = _report(settings, "Asia/Seoul")
    assert (report.received, report.received_before) == (6, 3)
    assert _counts(report, "category") == {
        "product": (3, 1), "billing": (1, 2), "general": (1, 0), "safety": (1, 0)
    }  # fmt: skip
    assert _counts(report, "channel") == {
        "telegram": (2, 1), "rest": (2, 2), "slack": (1, 0), "web": (1, 0)
    }  # fmt: skip
    assert _counts(report, "team")["product-quality"] == (3, 1)
    assert _counts(report, "language") == {"ko": (4, 3), "en": (2, 0)}
    assert [c.value for c in report.trending] == ["product", "general", "safety"]
    # acknowledged after 2 h (Thursday 17-18, Christmas off, Monday 9-10), 1.5, 18, 0.5, 0.5
    ack = report.ack["all"]
    assert (ack.count, ack.median, ack.p90) == (5, pytest.approx(1.5 * H), pytest.approx(11.6 * H))
    assert report.ack["normal"].median == pytest.approx(1.25 * H)
    # answered after 7, 11, 1 (the first of two answers) and 8 office hours
    answer = report.answer["all"]
    assert (answer.count, answer.median) == (4, pytest.approx(7.5 * H))
    assert answer.p90 == pytest.approx(10.1 * H)
    # the high-priority one missed both targets; its holding date does not count
    assert report.ack_within["all"] == reports.Share(4, 5)
    assert report.answer_within["all"] == reports.Share(4, 5)
    assert report.answer_within["high"] == reports.Share(0, 1)
    assert report.targets["normal"] == (9 * H, 90 * H)
    # overdue now: the unacknowledged one of the period before, and the held one (its
    # original target passed)
    assert report.overdue_now == 2
    assert (report.escalated, report.levels) == (2, {1: 1, 2: 1})
    assert (report.reopened, report.ever_closed, report.withdrawn) == (1, 3, 1)
    assert report.scores == {2: 1, 5: 1}
    assert (report.surveys_asked, report.average_score) == (3, 3.5)
    assert report.low_comments == [("CMP-EEEE-EEEE", 2, LOW_COMMENT)]
    assert report.root_causes == [("design", 2), ("training", 1)]  # the latest note counts
    assert report.products[0] == ("Galaxy S24", 2)
    assert [(str(w), c, n) for w, c, n in report.weeks] == [
        ("2026-12-21", "billing", 1), ("2026-12-21", "product", 2), ("2026-12-21", "safety", 1),
        ("2026-12-28", "general", 1), ("2026-12-28", "product", 1),
    ]  # fmt: skip


def test_utc_figures(settings: Settings) -> None:
    """The same instants with the office in UTC: other office hours, other figures."""
    report = _report(settings, "UTC")
    # acknowledged after 9 (Thursday 09-18, Christmas off, Monday before opening), 0, 9, 0, 0
    ack = report.ack["all"]
    assert (ack.median, ack.p90) == (0, pytest.approx(9 * H))
    # answered after 9, 9, 0 and 1 office hours
    answer = report.answer["all"]
    assert (answer.median, answer.p90) == (pytest.approx(5 * H), pytest.approx(9 * H))
    # acknowledged on Monday before opening, after Thursday's 18:00 due date: late
    assert report.ack_within["normal"] == reports.Share(1, 2)
    assert report.ack_within["all"] == reports.Share(3, 5)
    assert report.answer_within["all"] == reports.Share(4, 5)


def test_one_team(settings: Settings) -> None:
    report = _report(settings, "Asia/Seoul", team="product-quality")
    assert (report.received, report.received_before) == (3, 1)
    assert report.withdrawn == 1 and report.overdue_now == 1
    assert report.root_causes == [("design", 2)]


def test_text_in_both_languages(settings: Settings) -> None:
    report = _report(settings, "Asia/Seoul")
    policy = in_zone(settings, "Asia/Seoul").policy
    english = render(report, "en", policy)
    assert "Received: 6  (previous 3, ▲ +3)" in english
    assert "2026-12-21 – 2026-12-30 (Asia/Seoul)" in english
    assert LOW_COMMENT in english and "quick and kind" not in english
    causes = {"design": {"en": "Design", "ko": "설계 결함"}}
    korean = render(report, "ko", replace(policy, root_causes=causes))
    assert "접수 건수: 6" in korean and "설계 결함" in korean and "training" in korean
    # columns line up by display width, Hangul two cells
    times = [line for line in korean.splitlines() if "%" in line and "/" in line]
    assert [t.split()[0] for t in times] == ["긴급", "높음", "보통", "낮음", "전체"]
    assert len({width(t) for t in times}) == 1, times
    assert NAME not in english + korean and CONTACT not in english + korean
    # every value in Korean: categories, teams (config.yml), channels and languages
    for said in (
        "결제·청구",
        "제품 불량",
        "일반",
        "안전",
        "제품 품질팀",
        "텔레그램",
        "웹 페이지",
        "한국어",
        "영어",
    ):
        assert f"  {said} " in korean, said
    rows = {line.split()[0] for line in korean.splitlines() if line.startswith("  ")}
    raw = {"billing", "product", "general", "safety", "product-quality", "rest", "web", "ko", "en"}
    assert not rows & raw
    assert "  Product fault " in english and "  product-quality " in english  # a team's key
    digest = headline(report, "ko", "Asia/Seoul")
    assert "중앙값 1.5시간" in digest and " h," not in digest
    assert "median 1.5 h," in headline(report, "en", "Asia/Seoul")


def test_the_chart_names_categories_in_the_language(settings: Settings) -> None:
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot

    from bot import report_chart

    report = _report(settings, "Asia/Seoul")
    figure, axes = pyplot.subplots()
    report_chart._weeks(axes, report, report_chart.TEXT["ko"], settings.policy)
    pyplot.close(figure)
    assert set(axes.get_legend_handles_labels()[1]) == {"제품 불량", "결제·청구", "일반", "안전"}


def test_command_csv_and_png(settings: Settings, monkeypatch, capsys, tmp_path: Path) -> None:
    settings = in_zone(settings, "Asia/Seoul")
    database = prepare_database(settings)
    said = {  # products as customers write them: a catalogue product named, and none
        "CMP-EEEE-EEEE": "the buds pro I bought for Minsu",
        "CMP-FFFF-FFFF": "a speaker from Minsu's market stall",
    }
    load(
        database.factory,
        settings,
        tuple(replace(c, product=said.get(c.ref, c.product)) for c in CASES),
    )
    monkeypatch.setattr("bot.cli.load_settings", lambda: settings)
    out_csv = tmp_path / "report.csv"
    png = ROOT / "var" / "test-report.png"
    code = main([
        "report", "--from", "2026-12-21", "--to", "2026-12-30", "--now", "2026-12-30T12:00",
        "--lang", "ko", "--csv", str(out_csv), "--png", str(png),
    ])  # fmt: skip
    assert code == 0
    printed = capsys.readouterr().out
    assert "접수 건수: 6" in printed
    text = out_csv.read_text(encoding="utf-8-sig")
    for private in (NAME, CONTACT, LOW_COMMENT, "quick and kind", "screen cracked", "Gildong"):
        assert private not in text
    rows = list(csv.DictReader(text.splitlines()))
    assert len(rows) == 6
    first = {r["reference"]: r for r in rows}["CMP-AAAA-AAAA"]
    assert first["ack_hours"] == "2.00" and first["answer_hours"] == "7.00"
    assert first["filed_at"] == "2026-12-24T17:00:00+09:00"
    assert first["ack_within_target"] == "yes" and first["root_cause"] == "design"
    by_reference = {r["reference"]: r for r in rows}
    assert by_reference["CMP-CCCC-CCCC"]["ack_within_target"] == "no"
    assert "Minsu" not in text
    assert by_reference["CMP-EEEE-EEEE"]["product"] == "Galaxy Buds"
    assert by_reference["CMP-FFFF-FFFF"]["product"] == ""
    assert by_reference["CMP-AAAA-AAAA"]["product"] == "Galaxy S24"
    # the report's shares, from the rows: the unanswered one past its target is a miss
    assert by_reference["CMP-CCCC-CCCC"]["answer_within_target"] == "no"
    for column, share in (("ack_within_target", "4 / 5"), ("answer_within_target", "4 / 5")):
        told = [r[column] for r in rows]
        assert f"{told.count('yes')} / {told.count('yes') + told.count('no')}" == share
    _is_a_chart(png)


def _is_a_chart(path: Path) -> None:
    from matplotlib import image

    pixels = image.imread(str(path))
    height, width_ = pixels.shape[:2]
    assert (height, width_) == (1169, 827) and path.stat().st_size > 30_000
    rgb = pixels[..., :3]
    ink = (rgb.sum(axis=2) < 2.9).mean()  # not white
    assert 0.02 < ink < 0.6
    colours = {tuple((p * 255).astype(int)) for p in rgb[::7, ::7].reshape(-1, 3)}
    assert len(colours) > 20  # bars of several colours and text, not one flat fill


def test_chart_without_cjk_font_falls_back_to_english(settings, monkeypatch, tmp_path) -> None:
    from bot import report_chart

    report = _report(settings, "Asia/Seoul")
    monkeypatch.setattr(report_chart, "cjk_font", lambda: None)
    policy = in_zone(settings, "Asia/Seoul").policy
    warnings = report_chart.draw(report, tmp_path / "c.png", "ko", policy)
    assert warnings and "fonts-noto-cjk" in warnings[0]
    _is_a_chart(tmp_path / "c.png")


def test_calendar_clock(settings: Settings) -> None:
    settings = replace(settings, policy=replace(settings.policy, target_clock="calendar"))
    report = _report(settings, "Asia/Seoul")
    # the Thursday one: acknowledged 3 days and 17 hours after filing
    assert report.clock == "calendar"
    assert report.ack["normal"].count == 2
    assert max(s.median or 0 for s in [report.ack["normal"]]) == pytest.approx((89 + 0.5) / 2 * H)


class _CountingCursor(sqlite3.Cursor):
    """A SQLite cursor that counts the rows handed to the program."""

    fetched = 0

    def fetchone(self):  # type: ignore[override]
        row = super().fetchone()
        _CountingCursor.fetched += row is not None
        return row

    def fetchmany(self, size: int = 1):  # type: ignore[override]
        rows = super().fetchmany(size)
        _CountingCursor.fetched += len(rows)
        return rows

    def fetchall(self):  # type: ignore[override]
        rows = super().fetchall()
        _CountingCursor.fetched += len(rows)
        return rows


class _CountingConnection(sqlite3.Connection):
    def cursor(self, factory=_CountingCursor):  # type: ignore[override]
        return super().cursor(factory)


def _rows_read(settings: Settings, complaints: int) -> int:
    """The rows the report reads on SQLite for that many answered complaints."""
    from storage.db import make_engine, sqlite_path

    settings = in_zone(settings, "Asia/Seoul")
    database = prepare_database(settings)
    cases = tuple(
        Case(
            f"CMP-{i:04d}-ROWS",
            utc(21 + i % 9, i % 9),
            ("urgent", "high", "normal", "low")[i % 4],
            ("product", "billing")[i % 2],
            "telegram",
            "ko",
            acked=utc(21 + i % 9, i % 9, 30),
            answers=(utc(21 + i % 9, i % 9 + 2, i % 60),),
            status="responded",
        )
        for i in range(complaints)
    )
    load(database.factory, settings, cases)
    path = sqlite_path(settings.database_url)
    engine = make_engine(
        "sqlite://", creator=lambda: sqlite3.connect(path, factory=_CountingConnection)
    )
    period = reports.period_between(date(2026, 12, 21), date(2026, 12, 30), settings.policy)
    _CountingCursor.fetched = 0
    report = reports.build(engine, settings.policy, period, now=NOW)
    assert report.answer["all"].count == complaints
    engine.dispose()
    return _CountingCursor.fetched


def test_the_report_reads_aggregates_not_rows(base_settings: Settings, tmp_path: Path) -> None:
    """Medians and percentiles in SQL on SQLite too: four times the complaints, no more
    rows read by the program."""

    def on(name: str) -> Settings:
        return replace(base_settings, database_url=f"sqlite:///{tmp_path / name}")

    assert _rows_read(on("many.db"), 160) == _rows_read(on("few.db"), 40)


def _command(settings: Settings, monkeypatch, *args: str) -> int:
    settings = in_zone(settings, "Asia/Seoul")
    load(prepare_database(settings).factory, settings)
    monkeypatch.setattr("bot.cli.load_settings", lambda: settings)
    return main(["report", "--lang", "en", *args])


def test_from_without_to_ends_on_the_organisations_day(settings, monkeypatch, capsys) -> None:
    # 08:00 on the 30th in Seoul is still the 29th in UTC
    assert _command(settings, monkeypatch, "--from", "2026-12-21", "--now", "2026-12-30T08:00") == 0
    assert "Period: 2026-12-21 – 2026-12-30 (Asia/Seoul)" in capsys.readouterr().out


def test_since_takes_hours_days_and_weeks(settings, monkeypatch, capsys) -> None:
    now = ("--now", "2026-12-30T12:00")
    assert _command(settings, monkeypatch, "--since", "36h", *now) == 0
    assert "Received: 1  (previous 1" in capsys.readouterr().out  # filed 26 and 51 hours before
    assert main(["report", "--lang", "en", "--since", "2w", *now]) == 0
    assert "Received: 7  (previous 2" in capsys.readouterr().out
    assert main(["report", "--since", "3 days", *now]) == 2
    assert "30m, 4h, 2d, 1w" in capsys.readouterr().err
    assert main(["report", "--since", "0d", *now]) == 2
