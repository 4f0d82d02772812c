"""The staff desk's words in Slack that are not a card's: escalation refusals, notes, the
list views' headings and an unknown category (`bot/channels/slack.py` says them; the cards' are `slack_cards`)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from bot.channels.slack_cards import clipped
from handlers.notes import root_cause_label
from handlers.policy import Policy

WORDS = {
    "en": {
        "at_top": "{reference} is with a manager, the top of the ladder: it cannot be "
        "escalated further. Reassign it or answer it instead.",
        "no_one_above": "{reference} cannot be escalated: there is no supervisor or manager "
        "above you other than whoever handles it. Reassign it or answer it instead.",
        "already_escalated": "{reference} is already escalated to {role}{by}: nothing changed.",
        "supervisor": "the supervisors",
        "manager": "a manager",
        "page": "Page {page}. More: `/complaints {more}`",
        "search_usage": "Search by reference, product, name or contact: "
        "`/complaints search <words>`",
        "note_done": "Note added to {reference} (staff only; the customer never sees it).",
        "note": ":memo: *Internal note* by {name} (staff only)",
        "root_cause": "Root cause: {cause}",
        "cause_unknown": "That root cause is no longer on the list: please choose another, "
        "or none.",
        "unknown_category": "No category is called “{words}”. Categories: {names}",
    },
    "ko": {
        "at_top": "{reference} 건은 최상위 단계인 관리자에게 있어 더 상향할 수 없습니다. "
        "담당자를 변경하거나 직접 답변해 주세요.",
        "no_one_above": "{reference} 건은 담당자 외에 상향할 팀장이나 관리자가 없습니다. "
        "담당자를 변경하거나 직접 답변해 주세요.",
        "already_escalated": "{reference} 건은 이미 {role}에게 상향되었습니다{by}. "
        "변경된 내용은 없습니다.",
        "supervisor": "팀장",
        "manager": "관리자",
        "page": "{page}쪽입니다. 다음 쪽: `/complaints {more}`",
        "search_usage": "접수번호, 제품, 성함이나 연락처로 찾습니다: `/complaints search <검색어>`",
        "note_done": "{reference} 건에 내부 메모를 남겼습니다(직원 전용, 고객에게는 보이지 않습니다).",
        "note": ":memo: *내부 메모* · {name} 님 (직원 전용)",
        "root_cause": "근본 원인: {cause}",
        "cause_unknown": "선택한 근본 원인이 목록에 없습니다. 다른 항목을 고르거나 비워 두세요.",
        "unknown_category": "“{words}” 유형은 찾지 못했습니다. 찾을 수 있는 유형: {names}",
    },
}


def desk_say(language: str, key: str, **values: Any) -> str:
    """A desk message in the language (English when unknown)."""
    return WORDS.get(language, WORDS["en"])[key].format(**values)


def note_reply(
    language: str, reference: str, payload: Mapping[str, Any], policy: Policy
) -> tuple[str, list[dict[str, Any]]]:
    """A staff note as it reads in a card's thread: who wrote it, the text escaped, the
    root cause in the reader's language."""
    member = policy.staff(str(payload.get("by") or ""))
    name = member.display_name if member else str(payload.get("by") or "-")
    lead = desk_say(language, "note", name=name)
    text = clipped(str(payload.get("text") or ""), 3000)
    blocks: list[dict[str, Any]] = [
        {"type": "section", "text": {"type": "mrkdwn", "text": lead}},
        {"type": "section", "text": {"type": "mrkdwn", "text": text}},
    ]
    cause = payload.get("root_cause")
    if cause:
        label = root_cause_label(policy, str(cause), language)
        said = desk_say(language, "root_cause", cause=label)
        blocks.append({"type": "context", "elements": [{"type": "mrkdwn", "text": said}]})
    return f"{reference} · {lead.replace('*', '')}", blocks


# A list view's page: 30 lines.
PAGE = 30
VIEWS = ("mine", "overdue", "open", "search")


@dataclass(frozen=True)
class View:
    """A `/complaints` view: which list, its words (a category, search words), the page."""

    which: str
    words: tuple[str, ...] = ()
    page: int = 1


def desk_view(text: str) -> View | None:
    """`mine | overdue | open [category] | search <words>`, `page N` at the end; `mine`
    when empty; None for anything else."""
    words = text.split()
    page = 1
    if len(words) >= 2 and words[-2].lower() == "page" and words[-1].isdigit():
        page, words = max(int(words[-1]), 1), words[:-2]
    which = words[0].lower() if words else "mine"
    if which not in VIEWS:
        return None
    return View(which, tuple(words[1:]), page)
