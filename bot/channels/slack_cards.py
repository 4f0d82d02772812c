"""What staff see in Slack: a complaint's card (Block Kit) and the short staff messages, in
each staff member's language (Korean by default, `slack.language`).

Customer text is escaped for mrkdwn (`&`, `<`, `>`), so a complaint that says `<!channel>` or
`<https://evil|click>` pings nobody and links nowhere. The contact detail appears only on
cards for the assignee and leads (`handlers.casework.can_see_contact`), never in a channel.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from storage.models import Complaint
from storage.vocabulary import ENDED_STATUSES

SUMMARY_CHARS = 600

WORDS: dict[str, dict[str, str]] = {
    "en": {
        "new": "New complaint",
        "priority": "Priority",
        "category": "Category",
        "status": "Status",
        "assignee": "Assignee",
        "nobody": "unassigned",
        "ack_due": "Acknowledge by",
        "respond_due": "Respond by",
        "product": "Product",
        "what": "What happened",
        "wants": "Customer would like",
        "contact": "Contact",
        "channel": "Filed on",
        "escalated": "Escalation level",
        "ack": "Acknowledge",
        "investigate": "Investigate",
        "respond": "Respond",
        "resolve": "Resolve",
        "escalate": "Escalate",
        "reassign": "Reassign to…",
        "modal_title": "Respond",
        "modal_label": "Your answer, as the customer will read it",
        "modal_hint": "Sent to the customer on the channel they used, in their language's thread.",
        "send": "Send",
        "cancel": "Cancel",
        "not_staff": "Only the complaints team can do that. Ask a supervisor to add you to the roster.",
        "try_again": "Sorry, that did not go through because of a technical problem, and nothing was changed. Please try again in a moment.",
        "not_found": "There is no complaint {reference}.",
        "not_now": "{reference} is already {status}{by}: nothing changed.",
        "by": " (by {name})",
        "not_allowed": "{reference} is assigned to {name}: only they, a supervisor or a manager can reassign it.",
        "no_such_staff": "That person is not on the complaints roster.",
        "done": "{reference}: {status}.",
        "empty": "Please write the answer first.",
        "assigned_dm": "You have a new complaint: {reference}",
        "escalated_dm": "Escalated to you: {reference}",
        "reminder_dm": "Overdue: {reference} is waiting for you",
        "usage": "Use `/complaint CMP-XXXX-XXXX`, or `/complaints mine`, `/complaints overdue`, `/complaints open [category]`.",
        "none": "No complaints.",
        "history": "History",
        "malformed": "{given} is not a reference (like CMP-7K3F-9QX2).",
        "mistyped": "{given} looks mistyped: its check symbol does not match.",
    },
    "ko": {
        "new": "새 불편 사항",
        "priority": "우선순위",
        "category": "분류",
        "status": "상태",
        "assignee": "담당자",
        "nobody": "미배정",
        "ack_due": "확인 기한",
        "respond_due": "답변 기한",
        "product": "제품",
        "what": "내용",
        "wants": "고객 요청",
        "contact": "연락처",
        "channel": "접수 채널",
        "escalated": "상향 단계",
        "ack": "확인",
        "investigate": "조사 시작",
        "respond": "답변",
        "resolve": "종결",
        "escalate": "상향",
        "reassign": "담당자 변경…",
        "modal_title": "답변",
        "modal_label": "고객에게 보낼 답변",
        "modal_hint": "고객이 접수한 채널로 전달됩니다.",
        "send": "보내기",
        "cancel": "취소",
        "not_staff": "불편 사항 담당 직원만 할 수 있습니다. 담당자 명단 등록은 관리자에게 요청해 주세요.",
        "try_again": "죄송합니다. 일시적인 오류로 처리하지 못했고 바뀐 것은 없습니다. 잠시 후 다시 시도해 주세요.",
        "not_found": "{reference} 건이 없습니다.",
        "not_now": "{reference} 건은 이미 {status} 상태입니다{by}. 변경된 내용은 없습니다.",
        "by": " ({name} 님 처리)",
        "not_allowed": "{reference} 건의 담당자는 {name} 님입니다. 담당자 본인이나 관리자만 변경할 수 있습니다.",
        "no_such_staff": "선택한 분은 불편 사항 담당자 명단에 없습니다.",
        "done": "{reference}: {status}",
        "empty": "답변을 먼저 입력해 주세요.",
        "assigned_dm": "새로 배정된 불편 사항: {reference}",
        "escalated_dm": "상향 보고된 불편 사항: {reference}",
        "reminder_dm": "기한이 지났습니다: {reference} 건을 확인해 주세요",
        "usage": "`/complaint CMP-XXXX-XXXX`, `/complaints mine`, `/complaints overdue`, `/complaints open [분류]` 를 사용해 주세요.",
        "none": "해당하는 불편 사항이 없습니다.",
        "history": "처리 이력",
        "malformed": "{given}은(는) 접수번호 형식이 아닙니다 (예: CMP-7K3F-9QX2).",
        "mistyped": "{given}: 접수번호의 마지막 확인 문자가 맞지 않습니다. 다시 확인해 주세요.",
    },
}
STATUS_WORDS = {
    "en": {
        "received": "received",
        "acknowledged": "acknowledged",
        "investigating": "investigating",
        "responded": "responded",
        "closed": "closed",
        "escalated": "escalated",
        "withdrawn": "withdrawn",
        "reopened": "reopened",
    },
    "ko": {
        "received": "접수",
        "acknowledged": "확인",
        "investigating": "조사 중",
        "responded": "답변 완료",
        "closed": "종결",
        "escalated": "상향",
        "withdrawn": "철회",
        "reopened": "재접수",
    },
}
PRIORITY_MARKS = {"urgent": "🔴", "high": "🟠", "normal": "🟢", "low": "⚪"}


def say(language: str, key: str, **values: Any) -> str:
    """A staff message in the language (English when unknown)."""
    words = WORDS.get(language, WORDS["en"])
    return words[key].format(**values)


def status_word(language: str, status: str) -> str:
    """A status as staff read it."""
    return STATUS_WORDS.get(language, STATUS_WORDS["en"]).get(status, status)


def escape(text: str) -> str:
    """Text as mrkdwn shows it literally: no mention, no link, no formatting control."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _when(moment: datetime | None, zone: ZoneInfo) -> str:
    return "-" if moment is None else f"{moment.astimezone(zone):%Y-%m-%d %H:%M}"


def card(
    complaint: Complaint, *, language: str, timezone: str, show_contact: bool, heading: str = ""
) -> tuple[str, list[dict[str, Any]]]:
    """The complaint's card: a fallback text and its blocks, with buttons while it is open."""
    zone = ZoneInfo(timezone)
    w = WORDS.get(language, WORDS["en"])
    mark = PRIORITY_MARKS.get(complaint.priority, "")
    title = f"{mark} *{complaint.reference}* · {escape(complaint.product)[:150]}"
    fields = [
        f"*{w['status']}:* {status_word(language, complaint.status)}",
        f"*{w['priority']}:* {complaint.priority}",
        f"*{w['category']}:* {complaint.category}",
        f"*{w['assignee']}:* "
        + (escape(complaint.assignee.display_name) if complaint.assignee else w["nobody"]),
        f"*{w['ack_due']}:* {_when(complaint.ack_due_at, zone)}",
        f"*{w['respond_due']}:* {_when(complaint.respond_due_at, zone)}",
    ]
    if complaint.escalation_level:
        fields.append(f"*{w['escalated']}:* {complaint.escalation_level}")
    description = complaint.description
    if len(description) > SUMMARY_CHARS:
        description = description[: SUMMARY_CHARS - 1] + "…"
    details = [
        f"*{w['what']}:* {escape(description)}",
        f"*{w['wants']}:* {escape(complaint.desired_outcome)}",
        f"*{w['channel']}:* {complaint.channel} ({complaint.language})",
    ]
    if show_contact:
        details.append(
            f"*{w['contact']}:* {escape(complaint.customer_name)} · {escape(complaint.contact)}"
        )
    blocks: list[dict[str, Any]] = []
    if heading:
        blocks.append({"type": "context", "elements": [{"type": "mrkdwn", "text": heading}]})
    blocks += [
        {"type": "section", "text": {"type": "mrkdwn", "text": title}},
        {"type": "section", "fields": [{"type": "mrkdwn", "text": f} for f in fields]},
        {"type": "section", "text": {"type": "mrkdwn", "text": "\n".join(details)}},
    ]
    if complaint.status not in ENDED_STATUSES:
        blocks.append(
            {
                "type": "actions",
                "block_id": f"work:{complaint.reference}",
                "elements": [
                    *_buttons(complaint, w),
                    {
                        "type": "users_select",
                        "action_id": "reassign",
                        "placeholder": {"type": "plain_text", "text": w["reassign"]},
                    },
                ],
            }
        )
    text = f"{complaint.reference} · {status_word(language, complaint.status)} · {escape(complaint.product)[:100]}"
    return text, blocks


def _buttons(complaint: Complaint, w: dict[str, str]) -> list[dict[str, Any]]:
    """The steps the lifecycle allows now (DESIGN.md): acknowledge until acknowledged,
    investigate until under investigation, respond and escalate until answered, resolve
    once answered. A button pressed on an older card is still checked by the use case."""
    reference, status = complaint.reference, complaint.status
    buttons = []
    if complaint.acknowledged_at is None:
        buttons.append(_button(w["ack"], "ack", reference, primary=True))
    if status not in ("investigating", "responded"):
        buttons.append(_button(w["investigate"], "investigate", reference))
    if status == "responded":
        buttons.append(_button(w["resolve"], "resolve", reference, primary=True))
    else:
        buttons.append(_button(w["respond"], "respond", reference))
        buttons.append(_button(w["escalate"], "escalate", reference, danger=True))
    return buttons


def _button(
    label: str, action: str, reference: str, *, primary: bool = False, danger: bool = False
) -> dict[str, Any]:
    button: dict[str, Any] = {
        "type": "button",
        "action_id": action,
        "value": reference,
        "text": {"type": "plain_text", "text": label},
    }
    if primary:
        button["style"] = "primary"
    if danger:
        button["style"] = "danger"
    return button


def respond_modal(reference: str, language: str) -> dict[str, Any]:
    """The modal where staff write the answer the customer will read."""
    w = WORDS.get(language, WORDS["en"])
    return {
        "type": "modal",
        "callback_id": "respond",
        "private_metadata": reference,
        "title": {"type": "plain_text", "text": w["modal_title"]},
        "submit": {"type": "plain_text", "text": w["send"]},
        "close": {"type": "plain_text", "text": w["cancel"]},
        "blocks": [
            {"type": "context", "elements": [{"type": "mrkdwn", "text": f"*{reference}*"}]},
            {
                "type": "input",
                "block_id": "answer",
                "label": {"type": "plain_text", "text": w["modal_label"]},
                "hint": {"type": "plain_text", "text": w["modal_hint"]},
                "element": {
                    "type": "plain_text_input",
                    "action_id": "text",
                    "multiline": True,
                    "max_length": 3000,
                },
            },
        ],
    }
