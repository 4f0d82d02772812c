"""The report as a one-page chart for a management review (matplotlib, Agg backend):
complaints by week and category, time to answer against target by priority, satisfaction.

Korean labels need a CJK font; the first one found on the system is used (CI installs
fonts-noto-cjk). Without one the chart is drawn in English and `draw` says why.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from bot.report_text import PRIORITY_NAMES
from handlers.policy import Policy
from handlers.reports import Report
from storage.vocabulary import PRIORITIES

CJK_FAMILIES = (
    "Noto Sans CJK KR",
    "Noto Sans KR",
    "Noto Sans CJK JP",
    "Noto Serif CJK KR",
    "NanumGothic",
    "Malgun Gothic",
    "AppleGothic",
    "UnDotum",
)
TEXT = {
    "en": {
        "title": "Complaints {start} – {end}",
        "weeks": "Complaints received by week and category",
        "week_of": "week of",
        "answer": "Time to answer by priority ({clock} hours)",
        "median": "median",
        "p90": "90th percentile",
        "target": "target",
        "satisfaction": "Satisfaction (average {average}, {rated} answers)",
        "score": "score",
        "count": "complaints",
        "office": "office",
        "calendar": "calendar",
        "lang": "en",
    },
    "ko": {
        "title": "불편 사항 {start} – {end}",
        "weeks": "주별·유형별 접수 건수",
        "week_of": "주 시작일",
        "answer": "우선순위별 답변 소요 시간 ({clock}, 시간)",
        "median": "중앙값",
        "p90": "90%",
        "target": "목표",
        "satisfaction": "만족도 (평균 {average}, 응답 {rated}건)",
        "score": "점수",
        "count": "건수",
        "office": "업무 시간",
        "calendar": "달력 시간",
        "lang": "ko",
    },
}


def cjk_font() -> str | None:
    """The family of a CJK font on this system, if any."""
    from matplotlib import font_manager

    installed = {f.name for f in font_manager.fontManager.ttflist}
    found = next((family for family in CJK_FAMILIES if family in installed), None)
    if found is None:  # fonts installed after matplotlib built its cache
        for path in font_manager.findSystemFonts():
            if "CJK" in path or "Nanum" in path:
                font_manager.fontManager.addfont(path)
        installed = {f.name for f in font_manager.fontManager.ttflist}
        found = next((family for family in CJK_FAMILIES if family in installed), None)
    return found


def draw(report: Report, path: Path, language: str, policy: Policy) -> list[str]:
    """Draw the chart into `path` (PNG); the warnings to show (a missing font)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.ticker import MaxNLocator

    warnings = []
    font = cjk_font()
    if language == "ko" and font is None:
        warnings.append(
            "no CJK font found (install fonts-noto-cjk): the chart's labels are in English"
        )
        language = "en"
    words = TEXT[language]
    families = [font, "DejaVu Sans"] if font else ["DejaVu Sans"]
    with plt.rc_context({"font.family": families, "axes.unicode_minus": False}):
        figure, (weeks, answer, score) = plt.subplots(3, 1, figsize=(8.27, 11.69), dpi=100)
        _weeks(weeks, report, words, policy)
        _answer(answer, report, words)
        _scores(score, report, words)
        for counts in (weeks, score):  # complaints come whole
            counts.yaxis.set_major_locator(MaxNLocator(integer=True))
        start, end = _days(report, policy.timezone)
        figure.suptitle(words["title"].format(start=start, end=end), fontsize=15)
        figure.tight_layout(rect=(0, 0, 1, 0.97))
        path.parent.mkdir(parents=True, exist_ok=True)
        figure.savefig(path, format="png")
        plt.close(figure)
    return warnings


def _days(report: Report, timezone: str) -> tuple[str, str]:
    from datetime import timedelta
    from zoneinfo import ZoneInfo

    zone = ZoneInfo(timezone)
    last = (report.period.end - timedelta(microseconds=1)).astimezone(zone)
    return f"{report.period.start.astimezone(zone):%Y-%m-%d}", f"{last:%Y-%m-%d}"


def _weeks(axes: Any, report: Report, words: dict[str, str], policy: Policy) -> None:
    weeks = sorted({week for week, _, _ in report.weeks})
    categories = sorted({category for _, category, _ in report.weeks})
    counts = {(week, category): n for week, category, n in report.weeks}
    bottom = [0] * len(weeks)
    labels = [f"{week:%m-%d}" for week in weeks]
    for category in categories:
        heights = [counts.get((week, category), 0) for week in weeks]
        name = policy.category_label(category, words["lang"])
        axes.bar(labels, heights, bottom=bottom, label=name)
        bottom = [b + h for b, h in zip(bottom, heights, strict=True)]
    axes.set_title(words["weeks"])
    axes.set_xlabel(words["week_of"])
    axes.set_ylabel(words["count"])
    if categories:
        axes.legend(fontsize=8, ncol=min(len(categories), 4))


def _answer(axes: Any, report: Report, words: dict[str, str]) -> None:
    priorities = [p for p in PRIORITIES if p in report.targets]
    x = list(range(len(priorities)))

    def hours(values: list[float | None]) -> list[float]:
        return [(v or 0) / 3600 for v in values]

    medians = hours([s.median if (s := report.answer.get(p)) else None for p in priorities])
    p90s = hours([s.p90 if (s := report.answer.get(p)) else None for p in priorities])
    targets = hours([report.targets[p][1] for p in priorities])
    axes.bar([i - 0.2 for i in x], medians, width=0.4, label=words["median"])
    axes.bar([i + 0.2 for i in x], p90s, width=0.4, label=words["p90"])
    axes.scatter(x, targets, marker="_", s=900, color="black", label=words["target"], zorder=3)
    axes.set_xticks(x)
    axes.set_xticklabels([PRIORITY_NAMES[words["lang"]][p] for p in priorities])
    axes.set_title(words["answer"].format(clock=words[report.clock]))
    axes.legend(fontsize=8, loc="upper left")


def _scores(axes: Any, report: Report, words: dict[str, str]) -> None:
    scores = [1, 2, 3, 4, 5]
    colours = ["#c0392b", "#e67e22", "#f1c40f", "#7fb3d5", "#27ae60"]
    counts = [report.scores.get(s, 0) for s in scores]
    axes.bar([str(s) for s in scores], counts, color=colours)
    average = report.average_score
    title = words["satisfaction"].format(
        average="-" if average is None else f"{average:.2f}", rated=report.rated
    )
    axes.set_title(title)
    axes.set_xlabel(words["score"])
    axes.set_ylabel(words["count"])
