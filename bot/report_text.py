"""The clause 8 report as text, in English or Korean: the terminal's, and the weekly
digest's headline figures. Columns are padded by display width (Hangul takes two cells)."""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from handlers.formatting import channel_name, language_name
from handlers.policy import Policy
from handlers.reports import Count, Report, Share, Spread, labels
from storage.vocabulary import PRIORITIES

WORDS = {
    "en": {
        "title": "Complaints report (ISO 10002 clause 8)",
        "period": "Period",
        "previous": "compared with",
        "team": "Team",
        "all_teams": "all teams",
        "received": "Received",
        "prev": "previous",
        "category": "By category",
        "priority": "By priority",
        "channel": "By channel",
        "team_dim": "By team",
        "language": "By language",
        "now": "now",
        "before": "before",
        "change": "change",
        "times": "Time to acknowledge and to answer (hours, {clock} clock)",
        "office": "office",
        "calendar": "calendar",
        "ack": "acknowledge",
        "answer": "answer",
        "median": "median",
        "p90": "p90",
        "target": "target",
        "within": "within target",
        "all": "all",
        "within_note": "within target: done by the due date given at filing (holding dates "
        "not counted), of those done or past due",
        "work": "Handling",
        "overdue": "Overdue now",
        "escalated": "Escalated",
        "levels": "highest level",
        "reopen": "Reopen rate",
        "reopened_of": "{n} of {m} closed",
        "withdrawn": "Withdrawn",
        "satisfaction": "Satisfaction",
        "average": "Average",
        "distribution": "Scores",
        "response_rate": "Response rate",
        "answered_of": "{n} of {m} asked",
        "low_comments": "Comments with a score of 1-2 (the customer's words, for management only)",
        "none": "none",
        "root_causes": "Root causes",
        "products": "Top products",
        "trending": "Categories trending up most",
        "no_product": "(none given)",
        "hours": "h",
    },
    "ko": {
        "title": "불편 사항 처리 보고서 (ISO 10002 8항)",
        "period": "기간",
        "previous": "비교 기간",
        "team": "팀",
        "all_teams": "전체 팀",
        "received": "접수 건수",
        "prev": "이전",
        "category": "유형별",
        "priority": "우선순위별",
        "channel": "채널별",
        "team_dim": "팀별",
        "language": "언어별",
        "now": "이번",
        "before": "이전",
        "change": "증감",
        "times": "확인·답변 소요 시간 ({clock} 기준, 시간)",
        "office": "업무 시간",
        "calendar": "달력 시간",
        "ack": "확인",
        "answer": "답변",
        "median": "중앙값",
        "p90": "90%",
        "target": "목표",
        "within": "목표 내",
        "all": "전체",
        "within_note": "목표 내: 접수 때 안내한 기한 안에 처리한 비율입니다(지연 안내로 바뀐 "
        "기한은 제외, 처리했거나 기한이 지난 건 기준).",
        "work": "처리 현황",
        "overdue": "현재 기한 초과",
        "escalated": "상향 보고",
        "levels": "최고 단계",
        "reopen": "재개 비율",
        "reopened_of": "종결 {m}건 중 {n}건",
        "withdrawn": "접수 취소",
        "satisfaction": "만족도",
        "average": "평균",
        "distribution": "점수 분포",
        "response_rate": "응답률",
        "answered_of": "요청 {m}건 중 {n}건",
        "low_comments": "1~2점 의견 (고객이 쓴 내용, 경영 검토용)",
        "none": "없음",
        "root_causes": "근본 원인",
        "products": "주요 제품",
        "trending": "가장 많이 늘어난 유형",
        "no_product": "(제품 없음)",
        "hours": "시간",
    },
}
PRIORITY_NAMES = {
    "en": {"urgent": "urgent", "high": "high", "normal": "normal", "low": "low", "all": "all"},
    "ko": {"urgent": "긴급", "high": "높음", "normal": "보통", "low": "낮음", "all": "전체"},
}


def value_name(policy: Policy, dimension: str, value: str, language: str) -> str:
    """A category, priority, channel, team or language as a manager reads it."""
    if dimension == "category":
        return policy.category_label(value, language)
    if dimension == "team":
        return policy.team_label(value, language)
    if dimension == "channel":
        return channel_name(value, language)
    if dimension == "language":
        return language_name(value, language)
    return PRIORITY_NAMES.get(language, PRIORITY_NAMES["en"]).get(value, value)


DIMENSION_WORDS = {
    "category": "category",
    "priority": "priority",
    "channel": "channel",
    "team": "team_dim",
    "language": "language",
}


def width(text: str) -> int:
    """Terminal cells the text takes (wide East Asian characters take two)."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def pad(text: str, cells: int, right: bool = False) -> str:
    """The text padded to `cells` terminal cells (on the left when `right`)."""
    space = " " * max(cells - width(text), 0)
    return space + text if right else text + space


def table(rows: list[list[str]], indent: str = "  ") -> list[str]:
    """Rows as aligned columns: the first left-aligned, the others right-aligned."""
    cells = [max(width(row[i]) for row in rows) for i in range(len(rows[0]))]
    return [
        indent
        + "  ".join(pad(value, cells[i], right=i > 0) for i, value in enumerate(row)).rstrip()
        for row in rows
    ]


def hours(seconds: float | None) -> str:
    return "-" if seconds is None else f"{seconds / 3600:.1f}"


def percent(share: Share | None) -> str:
    if share is None or share.percent is None:
        return "-"
    return f"{share.percent:.0f}% ({share.within}/{share.known})"


def change(count: Count) -> str:
    delta = count.now - count.before
    return f"▲ +{delta}" if delta > 0 else (f"▼ {delta}" if delta < 0 else "=")


def render(report: Report, language: str, policy: Policy) -> str:
    """The whole report, for the terminal."""
    timezone, causes = policy.timezone, policy.root_causes
    w = WORDS[language]
    names = PRIORITY_NAMES[language]
    lines = [w["title"], ""]
    lines += _header(report, w, timezone)
    lines.append("")
    total = Count("", report.received, report.received_before)
    lines.append(
        f"{w['received']}: {report.received}  ({w['prev']} {report.received_before}, "
        f"{change(total)})"
    )
    for dimension in ("category", "priority", "channel", "team", "language"):
        counts = report.by.get(dimension) or []
        if not counts:
            continue
        lines.append("")
        lines.append(w[DIMENSION_WORDS[dimension]])
        shown = [
            [
                value_name(policy, dimension, c.value, language),
                str(c.now),
                str(c.before),
                change(c),
            ]
            for c in counts
        ]
        lines += table([["", w["now"], w["before"], w["change"]], *shown])
    lines += ["", w["times"].format(clock=w[report.clock])]
    rows = [
        [
            "",
            w["ack"] + " " + w["median"],
            w["p90"],
            w["target"],
            w["within"],
            w["answer"] + " " + w["median"],
            w["p90"],
            w["target"],
            w["within"],
        ]
    ]
    for priority in (*PRIORITIES, "all"):
        ack, answer = report.ack.get(priority), report.answer.get(priority)
        target = report.targets.get(priority)
        if priority != "all" and not (ack or answer or priority in report.ack_within):
            continue
        rows.append(
            [
                names.get(priority, priority),
                hours(_m(ack)),
                hours(_p(ack)),
                hours(target[0] if target else None),
                percent(report.ack_within.get(priority)),
                hours(_m(answer)),
                hours(_p(answer)),
                hours(target[1] if target else None),
                percent(report.answer_within.get(priority)),
            ]
        )
    lines += table(rows)
    lines.append("  " + w["within_note"])
    lines += ["", w["work"]]
    levels = ", ".join(f"{level}: {n}" for level, n in sorted(report.levels.items()))
    reopen = (
        f"{100 * report.reopened / report.ever_closed:.0f}% "
        + w["reopened_of"].format(n=report.reopened, m=report.ever_closed)
        if report.ever_closed
        else "-"
    )
    lines += table(
        [
            [w["overdue"], str(report.overdue_now)],
            [
                w["escalated"],
                f"{report.escalated}" + (f"  ({w['levels']} {levels})" if levels else ""),
            ],
            [w["reopen"], reopen],
            [w["withdrawn"], str(report.withdrawn)],
        ]
    )
    lines += ["", w["satisfaction"]]
    average = report.average_score
    rate = (
        f"{100 * report.rated / report.surveys_asked:.0f}% "
        + w["answered_of"].format(n=report.rated, m=report.surveys_asked)
        if report.surveys_asked
        else "-"
    )
    scores = "  ".join(f"{s}: {report.scores.get(s, 0)}" for s in range(1, 6))
    lines += table(
        [
            [w["average"], "-" if average is None else f"{average:.2f} / 5"],
            [w["distribution"], scores],
            [w["response_rate"], rate],
        ]
    )
    lines += ["", w["low_comments"]]
    if not report.low_comments:
        lines.append("  " + w["none"])
    for reference, score, comment in report.low_comments:
        lines.append(f"  {reference} ({score}): {' '.join(comment.split())}")
    lines += ["", w["root_causes"]]
    lines += _ranked([(labels(causes, key, language), n) for key, n in report.root_causes], w)
    lines += ["", w["products"]]
    lines += _ranked([(name or w["no_product"], n) for name, n in report.products], w)
    lines += ["", w["trending"]]
    lines += (
        table(
            [
                [
                    value_name(policy, "category", c.value, language),
                    f"{c.before} → {c.now}",
                    change(c),
                ]
                for c in report.trending
            ]
        )
        if report.trending
        else ["  " + w["none"]]
    )
    return "\n".join(lines) + "\n"


def headline(report: Report, language: str, timezone: str) -> str:
    """The figures a weekly digest leads with, in a few lines."""
    w = WORDS[language]
    total = Count("", report.received, report.received_before)
    ack, answer = report.ack.get("all"), report.answer.get("all")
    average = report.average_score
    unit = " " + w["hours"] if language == "en" else w["hours"]  # "7.5 h", "7.5시간"
    return "\n".join(
        [
            f"*{w['title']}*",
            _header(report, w, timezone)[0],
            f"{w['received']}: {report.received} ({w['prev']} {report.received_before}, {change(total)})",
            f"{w['ack']} {w['median']} {hours(_m(ack))}{unit}, {w['within']} "
            f"{percent(report.ack_within.get('all'))}",
            f"{w['answer']} {w['median']} {hours(_m(answer))}{unit}, {w['within']} "
            f"{percent(report.answer_within.get('all'))}",
            f"{w['overdue']}: {report.overdue_now}, {w['escalated']}: {report.escalated}",
            f"{w['satisfaction']}: " + ("-" if average is None else f"{average:.2f} / 5"),
        ]
    )


def _header(report: Report, w: Mapping[str, str], timezone: str) -> list[str]:
    zone = ZoneInfo(timezone)

    def span(start: datetime, end: datetime) -> str:
        last = (end - timedelta(microseconds=1)).astimezone(zone)
        return f"{start.astimezone(zone):%Y-%m-%d} – {last:%Y-%m-%d}"

    previous = report.period.previous
    return [
        f"{w['period']}: {span(report.period.start, report.period.end)} ({timezone})   "
        f"{w['team']}: {report.team or w['all_teams']}",
        f"{w['previous']}: {span(previous.start, previous.end)}",
    ]


def _ranked(items: list[tuple[str, int]], w: Mapping[str, str]) -> list[str]:
    return table([[name, str(n)] for name, n in items]) if items else ["  " + w["none"]]


def _m(spread: Spread | None) -> float | None:
    return spread.median if spread else None


def _p(spread: Spread | None) -> float | None:
    return spread.p90 if spread else None
