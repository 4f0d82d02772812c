"""The staff desk's words in Slack that are not a card's: escalation refusals, notes, the
list views' headings (`bot/channels/slack.py` says them; the cards' are `slack_cards`)."""

from __future__ import annotations

from typing import Any

WORDS = {
    "en": {
        "at_top": "{reference} is with a manager, the top of the ladder: it cannot be "
        "escalated further. Reassign it or answer it instead.",
        "already_escalated": "{reference} is already escalated to {role}{by}: nothing changed.",
        "supervisor": "the supervisors",
        "manager": "a manager",
        "page": "Page {page}. More: `/complaints {command} {next}`",
        "search_usage": "Search by reference, product, name or contact: "
        "`/complaints search <words>`",
        "note_done": "Note added to {reference} (staff only; the customer never sees it).",
    },
    "ko": {
        "at_top": "{reference} 건은 최상위 단계인 관리자에게 있어 더 상향할 수 없습니다. "
        "담당자를 변경하거나 직접 답변해 주세요.",
        "already_escalated": "{reference} 건은 이미 {role}에게 상향되었습니다{by}. "
        "변경된 내용은 없습니다.",
        "supervisor": "팀장",
        "manager": "관리자",
        "page": "{page}쪽입니다. 다음 쪽: `/complaints {command} {next}`",
        "search_usage": "접수번호, 제품, 성함이나 연락처로 찾습니다: `/complaints search <검색어>`",
        "note_done": "{reference} 건에 내부 메모를 남겼습니다(직원 전용, 고객에게는 보이지 않습니다).",
    },
}


def desk_say(language: str, key: str, **values: Any) -> str:
    """A desk message in the language (English when unknown)."""
    return WORDS.get(language, WORDS["en"])[key].format(**values)
