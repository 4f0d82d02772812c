"""What staff see in Slack: a complaint's card (Block Kit), the customer's messages in its
thread, the modals staff write to the customer in, and the short staff messages, in each
staff member's language (Korean by default, `slack.language`).

The card shows the case thread (`handlers.thread`): the last few messages, whether the last
one reached the customer, a call the customer asked for, a question waiting for its answer.
Customer text is escaped for mrkdwn (`&`, `<`, `>`), so a complaint that says `<!channel>` or
`<https://evil|click>` pings nobody and links nowhere. The contact detail appears only on
cards for the assignee and leads (`handlers.casework.can_see_contact`), never in a channel.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from sqlalchemy.orm import Session

from handlers import thread
from handlers.casework import PUSH_CHANNELS
from handlers.policy import Policy
from handlers.thread import Delivered, Entry
from storage import repositories as repo
from storage.models import Attachment, Complaint
from storage.types import utcnow
from storage.vocabulary import ENDED_STATUSES, allows

# Characters of the description on the card, once escaped.
SUMMARY_CHARS = 600
# The conversation on the card: its last messages, each shortened (escaped) to this.
CONVERSATION_ENTRIES = 5
ENTRY_CHARS = 400

WORDS: dict[str, dict[str, str]] = {
    "en": {
        "escalate_title": "Escalate",
        "escalate_label": "Why it needs someone more senior",
        "escalate_hint": "Shown on the cards and in the history, and to whom it goes. The customer does not see it.",
        "escalate_empty": "Please say why it is escalated.",
        "note": "Note",
        "note_title": "Internal note",
        "note_label": "What you found (staff only)",
        "note_hint": "Shown in the thread of the complaint's cards and in its history. The customer never sees it.",
        "note_empty": "Please write the note first.",
        "note_submit": "Save",
        "note_cause": "Root cause (optional)",
        "note_cause_pick": "Choose a root cause",
        "escalate_confirm_title": "Escalate this complaint?",
        "escalate_confirm_text": "It goes one level up: to the team's supervisor, then to a manager. You will be asked why.",
        "close_confirm_title": "Close without the customer?",
        "close_confirm_text": "The customer has not accepted an answer. You will be asked why it is closed; they are told it is closed.",
        "confirm_yes": "Yes, go on",
        "confirm_no": "Cancel",
        "modal_language": "The customer reads *{language}*.",
        "modal_last": "*Their last message* ({at}): {text}",
        "channel_heading": "New complaint: {reference}",
        "yours_dm": "Yours: {reference}",
        "team_dm": "For your attention: {reference}",
        "moved_dm": "Now handled by {name}: {reference}",
        "moved_card": "👉 Now handled by {name}. This card stays for the record, without the contact or the buttons.",
        "incident": "Happened",
        "received_at": "Received",
        "overdue_ack": "⏰ *Overdue:* acknowledgement was due {ago} ago.",
        "overdue_respond": "⏰ *Overdue:* the answer was due {ago} ago.",
        "left_ack": "⏳ {left} left to acknowledge.",
        "left_respond": "⏳ {left} left to answer.",
        "promised": "Promised to the customer",
        "missed_promised": "⏰ *Target missed* {ago} ago; the date promised to the customer is in {left}.",
        "overdue_promised": "⏰ *Overdue:* the date promised to the customer passed {ago} ago (the target was missed {missed} ago).",
        "did_acknowledged": "✔️ Acknowledged by {name} ({at}).",
        "did_responded": "✉️ Answered by {name} ({at}):",
        "did_closed": "🏁 Closed by {name} ({at}).",
        "escalation_reason": "⬆️ *Escalated* (level {level}) by {name}: {reason}",
        "escalation_no_reason": "⬆️ *Escalated* (level {level}) by {name}.",
        "attachments": "📎 *Attachments:* {links}",
        "days": "{n}d",
        "hours": "{n}h",
        "minutes": "{n}m",
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
        "close": "Close…",
        "escalate": "Escalate",
        "message": "Update",
        "ask": "Ask the customer",
        "reassign": "Reassign to…",
        "respond_title": "Respond",
        "respond_label": "Your answer, as the customer will read it",
        "respond_hint": "Sent to the customer on the channel they used, in their language's thread.",
        "message_title": "Send an update",
        "message_label": "Your update, as the customer will read it",
        "message_hint": "Sent to the customer on the channel they used. The complaint's status stays as it is.",
        "ask_title": "Ask the customer",
        "ask_label": "Your question, as the customer will read it",
        "ask_hint": "Sent to the customer on the channel they used. The complaint waits for their answer, and its reminders pause until then.",
        "close_title": "Close the complaint",
        "close_label": "Why you close it without the customer's acceptance",
        "close_hint": "E.g. the customer can't be reached, or it's a duplicate of another complaint. Kept in the history and shown on the card; the customer is told it is closed and asked how satisfied they are.",
        "close_empty": "Please say why it is closed.",
        "declined_dm": "The customer declined the answer: {reference}",
        "reopened_dm": "Reopened by the customer: {reference}",
        "feedback_dm": "Low satisfaction with a comment: {reference}",
        "satisfaction": "⭐ *Satisfaction:* {score}/5",
        "satisfaction_asked": "⭐ Satisfaction asked, not answered yet.",
        "reopened_card": "↩️ Reopened by the customer ({count}×).",
        "declined_card": "👎 The customer declined the answer ({count}×).",
        "linked": "🔗 Follows on from {reference}.",
        "kind_accepted": "accepted the answer",
        "kind_declined": "declined the answer",
        "kind_decline_reason": "what is still wrong",
        "kind_reopened": "reopened it",
        "kind_satisfaction": "satisfaction score",
        "kind_satisfaction_comment": "satisfaction comment",
        "kind_staff_closed": "closed it",
        "kind_decision_reminder": "reminded to accept or decline",
        "kind_survey": "asked how satisfied",
        "kind_survey_reminder": "reminded of the survey",
        "msg_decision_reminder": "reminder to accept or decline",
        "msg_survey": "satisfaction question",
        "msg_survey_reminder": "survey reminder",
        "send": "Send",
        "cancel": "Cancel",
        "not_staff": "Only the complaints team can do that. Ask a supervisor to add you to the roster.",
        "try_again": "Sorry, that did not go through because of a technical problem, and nothing was changed. Please try again in a moment.",
        "not_found": "There is no complaint {reference}.",
        "not_now": "{reference} is already {status}{by}: nothing changed.",
        "by": " (by {name})",
        "by_customer": " (by the customer)",
        "by_desk": " (by the desk's overdue sweep)",
        "not_allowed": "{reference} is assigned to {name}: only they, a supervisor or a manager can reassign it.",
        "no_such_staff": "That person is not on the complaints roster.",
        "done": "{reference}: {status}.",
        "respond_empty": "Please write the answer first.",
        "message_empty": "Please write the update first.",
        "ask_empty": "Please write the question first.",
        "assigned_dm": "You have a new complaint: {reference}",
        "escalated_dm": "Escalated to you: {reference}",
        "reminder_dm": "Overdue: {reference}",
        "usage": "Use `/complaint CMP-XXXX-XXXX`, or `/complaints mine`, `/complaints overdue`, `/complaints open [category]`, `/complaints search <words>`; add `page N` for the next 30.",
        "none": "No complaints.",
        "history": "History",
        "malformed": "{given} is not a reference (like CMP-7K3F-9QX2).",
        "mistyped": "{given} looks mistyped: its check symbol does not match.",
        "withdrawn_dm": "{reference} was withdrawn by the customer.",
        "withdrawn_card": "🚫 Withdrawn by the customer.",
        "customer_wrote": "💬 *{reference}* · Customer wrote:",
        "wants_call": "📞 *{reference}* · The customer asked for a call.",
        "safety_wrote": "⚠️ *{reference}* · The customer reports a danger; it is now urgent:",
        "attached": "📎 The customer attached a file.",
        "asked_call": "📞 *The customer asked for a call* ({since}).",
        "awaiting": "⏳ Waiting for the customer's answer since {since}.",
        "phone_only": "☎️ Reachable by phone only: call {contact}.",
        "phone_only_hidden": "☎️ Reachable by phone only.",
        "conversation": "Conversation",
        "earlier": "…and {count} earlier",
        "who_customer": "Customer",
        "who_desk": "Desk",
        "kind_human_requested": "asked for a call",
        "kind_update": "update",
        "kind_question": "question",
        "kind_answer": "answer",
        "kind_acknowledged": "told it is acknowledged",
        "kind_holding": "told it is taking longer",
        "kind_closed": "told it is closed",
        "msg_acknowledged": "acknowledgement",
        "msg_holding": "holding notice",
        "msg_closed": "closing notice",
        "msg_responded": "answer",
        "msg_update": "update",
        "msg_question": "question",
        "last_message": "Last message to the customer",
        "way_chat": "chat",
        "way_email": "e-mail",
        "state_sent": "delivered",
        "state_sending": "sending",
        "state_waiting": "waiting for the customer to come back",
        "state_failed": "failed — phone them",
    },
    "ko": {
        "escalate_title": "상향",
        "escalate_label": "상위 담당자가 필요한 이유",
        "escalate_hint": "카드와 처리 이력에 남고 상향 받는 분에게 전달됩니다. 고객에게는 보이지 않습니다.",
        "escalate_empty": "상향하는 이유를 먼저 입력해 주세요.",
        "note": "메모",
        "note_title": "내부 메모",
        "note_label": "확인한 내용 (직원 전용)",
        "note_hint": "카드 스레드와 처리 이력에 남습니다. 고객에게는 보이지 않습니다.",
        "note_empty": "메모 내용을 먼저 입력해 주세요.",
        "note_submit": "저장",
        "note_cause": "근본 원인 (선택)",
        "note_cause_pick": "근본 원인 선택",
        "escalate_confirm_title": "이 불편 사항을 상향할까요?",
        "escalate_confirm_text": "한 단계 위로 올라갑니다: 팀장, 그다음 관리자. 이유를 입력하는 창이 열립니다.",
        "close_confirm_title": "고객 동의 없이 종결할까요?",
        "close_confirm_text": "고객이 아직 답변을 수락하지 않았습니다. 종결 이유를 입력하는 창이 열리며, 고객에게 종결 안내가 전달됩니다.",
        "confirm_yes": "계속",
        "confirm_no": "취소",
        "modal_language": "고객 언어: *{language}*",
        "modal_last": "*고객의 마지막 메시지* ({at}): {text}",
        "channel_heading": "새 불편 사항: {reference}",
        "yours_dm": "담당 불편 사항: {reference}",
        "team_dm": "확인이 필요한 불편 사항: {reference}",
        "moved_dm": "{name} 님이 담당합니다: {reference}",
        "moved_card": "👉 이제 {name} 님이 담당합니다. 이 카드는 기록용으로 남으며 연락처와 버튼은 없습니다.",
        "incident": "발생일",
        "received_at": "접수 시각",
        "overdue_ack": "⏰ *기한 초과:* 확인 기한이 {ago} 지났습니다.",
        "overdue_respond": "⏰ *기한 초과:* 답변 기한이 {ago} 지났습니다.",
        "left_ack": "⏳ 확인 기한까지 {left} 남았습니다.",
        "left_respond": "⏳ 답변 기한까지 {left} 남았습니다.",
        "promised": "고객 안내 기한",
        "missed_promised": "⏰ *답변 기한 초과:* 답변 기한이 {ago} 지났습니다. 고객에게 안내한 기한까지 {left} 남았습니다.",
        "overdue_promised": "⏰ *기한 초과:* 고객에게 안내한 기한이 {ago} 지났습니다 (답변 기한은 {missed} 지남).",
        "did_acknowledged": "✔️ {name} 님이 확인했습니다 ({at}).",
        "did_responded": "✉️ {name} 님이 답변했습니다 ({at}):",
        "did_closed": "🏁 {name} 님이 종결했습니다 ({at}).",
        "escalation_reason": "⬆️ *상향* ({level}단계, {name} 님): {reason}",
        "escalation_no_reason": "⬆️ *상향* ({level}단계, {name} 님).",
        "attachments": "📎 *첨부 파일:* {links}",
        "days": "{n}일",
        "hours": "{n}시간",
        "minutes": "{n}분",
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
        "close": "종결…",
        "escalate": "상향",
        "message": "업데이트 보내기",
        "ask": "고객에게 질문",
        "reassign": "담당자 변경…",
        "respond_title": "답변",
        "respond_label": "고객에게 보낼 답변",
        "respond_hint": "고객이 접수한 채널로 전달됩니다.",
        "message_title": "업데이트 보내기",
        "message_label": "고객에게 보낼 진행 상황",
        "message_hint": "고객이 접수한 채널로 전달됩니다. 처리 상태는 바뀌지 않습니다.",
        "ask_title": "고객에게 질문",
        "ask_label": "고객에게 보낼 질문",
        "ask_hint": "고객이 접수한 채널로 전달됩니다. 고객이 답할 때까지 기한 알림이 멈춥니다.",
        "close_title": "불편 사항 종결",
        "close_label": "고객 동의 없이 종결하는 이유",
        "close_hint": "예: 고객과 연락이 되지 않음, 다른 접수와 중복. 처리 이력과 카드에 남으며, 고객에게 종결 안내와 만족도 질문이 전달됩니다.",
        "close_empty": "종결 이유를 먼저 입력해 주세요.",
        "declined_dm": "고객이 답변에 동의하지 않았습니다: {reference}",
        "reopened_dm": "고객이 다시 처리를 요청했습니다: {reference}",
        "feedback_dm": "만족도 낮음(의견 있음): {reference}",
        "satisfaction": "⭐ *만족도:* {score}/5",
        "satisfaction_asked": "⭐ 만족도 질문을 보냈고 아직 답이 없습니다.",
        "reopened_card": "↩️ 고객이 다시 처리를 요청했습니다 ({count}회).",
        "declined_card": "👎 고객이 답변에 동의하지 않았습니다 ({count}회).",
        "linked": "🔗 {reference} 건과 이어지는 불편 사항입니다.",
        "kind_accepted": "답변 수락",
        "kind_declined": "답변 거절",
        "kind_decline_reason": "해결되지 않은 점",
        "kind_reopened": "재검토 요청",
        "kind_satisfaction": "만족도 점수",
        "kind_satisfaction_comment": "만족도 의견",
        "kind_staff_closed": "종결",
        "kind_decision_reminder": "답변 확인 요청 안내",
        "kind_survey": "만족도 질문",
        "kind_survey_reminder": "만족도 질문 재안내",
        "msg_decision_reminder": "답변 확인 요청",
        "msg_survey": "만족도 질문",
        "msg_survey_reminder": "만족도 재안내",
        "send": "보내기",
        "cancel": "취소",
        "not_staff": "불편 사항 담당 직원만 할 수 있습니다. 담당자 명단 등록은 관리자에게 요청해 주세요.",
        "try_again": "죄송합니다. 일시적인 오류로 처리하지 못했고 바뀐 것은 없습니다. 잠시 후 다시 시도해 주세요.",
        "not_found": "{reference} 건이 없습니다.",
        "not_now": "{reference} 건은 이미 {status} 상태입니다{by}. 변경된 내용은 없습니다.",
        "by": " ({name} 님 처리)",
        "by_customer": " (고객 요청)",
        "by_desk": " (기한 관리 자동 처리)",
        "not_allowed": "{reference} 건의 담당자는 {name} 님입니다. 담당자 본인이나 관리자만 변경할 수 있습니다.",
        "no_such_staff": "선택한 분은 불편 사항 담당자 명단에 없습니다.",
        "done": "{reference}: {status}",
        "respond_empty": "답변을 먼저 입력해 주세요.",
        "message_empty": "보낼 내용을 먼저 입력해 주세요.",
        "ask_empty": "질문을 먼저 입력해 주세요.",
        "assigned_dm": "새로 배정된 불편 사항: {reference}",
        "escalated_dm": "상향 보고된 불편 사항: {reference}",
        "reminder_dm": "기한 초과: {reference}",
        "usage": "`/complaint CMP-XXXX-XXXX`, `/complaints mine`, `/complaints overdue`, `/complaints open [분류]`, `/complaints search <검색어>` 를 사용해 주세요. 다음 30건은 끝에 `page N` 을 붙여 주세요.",
        "none": "해당하는 불편 사항이 없습니다.",
        "history": "처리 이력",
        "malformed": "{given}은(는) 접수번호 형식이 아닙니다 (예: CMP-7K3F-9QX2).",
        "mistyped": "{given}: 접수번호의 마지막 확인 문자가 맞지 않습니다. 다시 확인해 주세요.",
        "withdrawn_dm": "{reference} 건은 고객이 접수를 취소했습니다.",
        "withdrawn_card": "🚫 고객이 접수를 취소했습니다.",
        "customer_wrote": "💬 *{reference}* · 고객 메시지:",
        "wants_call": "📞 *{reference}* · 고객이 통화를 요청했습니다.",
        "safety_wrote": "⚠️ *{reference}* · 고객이 위험 상황을 알렸습니다. 긴급으로 바뀌었습니다:",
        "attached": "📎 고객이 파일을 첨부했습니다.",
        "asked_call": "📞 *고객이 통화를 요청했습니다* ({since}).",
        "awaiting": "⏳ {since}부터 고객의 답변을 기다리고 있습니다.",
        "phone_only": "☎️ 전화로만 연락할 수 있습니다. {contact} 번호로 전화해 주세요.",
        "phone_only_hidden": "☎️ 전화로만 연락할 수 있습니다.",
        "conversation": "대화",
        "earlier": "…이전 메시지 {count}건",
        "who_customer": "고객",
        "who_desk": "안내",
        "kind_human_requested": "통화 요청",
        "kind_update": "업데이트",
        "kind_question": "질문",
        "kind_answer": "답변",
        "kind_acknowledged": "접수 확인 안내",
        "kind_holding": "처리 지연 안내",
        "kind_closed": "종결 안내",
        "msg_acknowledged": "접수 확인 안내",
        "msg_holding": "처리 지연 안내",
        "msg_closed": "종결 안내",
        "msg_responded": "답변",
        "msg_update": "업데이트",
        "msg_question": "질문",
        "last_message": "고객에게 보낸 마지막 메시지",
        "way_chat": "채팅",
        "way_email": "이메일",
        "state_sent": "전달 완료",
        "state_sending": "보내는 중",
        "state_waiting": "고객이 다시 접속하면 전달",
        "state_failed": "전달 실패 — 전화로 연락해 주세요",
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
        "withdrawn": "접수 취소",
        "reopened": "재접수",
    },
}
PRIORITY_MARKS = {"urgent": "🔴", "high": "🟠", "normal": "🟢", "low": "⚪"}
# The values on a card as staff read them (a value missing here shows as stored).
VALUE_WORDS: dict[str, dict[str, dict[str, str]]] = {
    "priority": {
        "en": {"urgent": "urgent", "high": "high", "normal": "normal", "low": "low"},
        "ko": {"urgent": "긴급", "high": "높음", "normal": "보통", "low": "낮음"},
    },
    "category": {
        "en": {
            "safety": "safety",
            "product": "product quality",
            "delivery": "delivery",
            "billing": "billing",
            "service": "service",
            "general": "general",
        },
        "ko": {
            "safety": "안전",
            "product": "제품 품질",
            "delivery": "배송",
            "billing": "결제",
            "service": "서비스",
            "general": "일반",
        },
    },
    "channel": {
        "en": {
            "telegram": "Telegram",
            "slack": "Slack",
            "rest": "the REST API",
            "web": "the web page",
            "console": "the console",
        },
        "ko": {
            "telegram": "텔레그램",
            "slack": "슬랙",
            "rest": "REST API",
            "web": "웹 페이지",
            "console": "콘솔",
        },
    },
    "language": {
        "en": {"en": "English", "ko": "Korean"},
        "ko": {"en": "영어", "ko": "한국어"},
    },
}


# The audit trail in words (`/complaint`'s history): each event kind's sentence, filled from
# its data (a value it lacks shows as "-"); a kind missing here shows as stored.
EVENT_WORDS: dict[str, dict[str, str]] = {
    "en": {
        "received": "filed on {channel}",
        "assessed": "assessed: {priority}, {category}",
        "assigned": "assigned to {assignee}",
        "assignment_pending": "nobody to assign it to yet",
        "acknowledged": "acknowledged it",
        "status_changed": "status {from} → {to}",
        "responded": "answered: “{response}”",
        "staff_message": "sent the customer a message ({kind}): “{text}”",
        "escalated": "escalated it to level {level} ({to}): {reason}",
        "closed": "closed it: {reason}",
        "accepted": "accepted the answer",
        "declined": "declined the answer",
        "decline_reason": "said what is still wrong: “{reason}”",
        "reopened": "reopened it",
        "satisfaction": "rated it {score}/5",
        "satisfaction_comment": "commented: “{comment}”",
        "customer_message": "wrote: “{text}”",
        "human_requested": "asked for a call: “{text}”",
        "attachment.added": "sent a file",
        "priority_raised": "priority {from} → {to}",
        "reminded": "reminded {to} that it is overdue",
        "holding_update": "told the customer it takes longer (now by {to})",
        "note": "noted: “{text}”",
        "closed_silence": "closed it: the customer did not answer in time",
        "decision_reminded": "asked the customer again whether the answer resolves it",
        "survey_reminded": "asked the customer again for their satisfaction score",
        "escalation_skipped": "skipped an escalation (it was {status})",
        "closing_skipped": "skipped a closing step (it was {status})",
        "anonymised": "removed the customer's personal data",
        "erasure_requested": "the customer asked for their personal data to be deleted",
        "overdue": "overdue",
    },
    "ko": {
        "received": "{channel}(으)로 접수",
        "assessed": "초기 평가: {priority}, {category}",
        "assigned": "{assignee} 님에게 배정",
        "assignment_pending": "배정할 담당자 없음",
        "acknowledged": "접수 확인",
        "status_changed": "상태 변경: {from} → {to}",
        "responded": "답변: “{response}”",
        "staff_message": "고객에게 {kind}: “{text}”",
        "escalated": "{level}단계로 상향 ({to}): {reason}",
        "closed": "종결: {reason}",
        "accepted": "답변 수락",
        "declined": "답변 거절",
        "decline_reason": "해결되지 않은 점: “{reason}”",
        "reopened": "재검토 요청",
        "satisfaction": "만족도 {score}/5",
        "satisfaction_comment": "만족도 의견: “{comment}”",
        "customer_message": "고객 메시지: “{text}”",
        "human_requested": "통화 요청: “{text}”",
        "attachment.added": "파일 첨부",
        "priority_raised": "우선순위 변경: {from} → {to}",
        "reminded": "{to} 님에게 기한 초과 알림",
        "holding_update": "고객에게 처리 지연 안내 (새 기한 {to})",
        "note": "메모: “{text}”",
        "closed_silence": "고객 응답이 기한 안에 없어 종결",
        "decision_reminded": "답변으로 해결되었는지 고객에게 다시 물음",
        "survey_reminded": "고객에게 만족도 점수를 다시 요청",
        "escalation_skipped": "상향 단계를 건너뜀 (당시 상태: {status})",
        "closing_skipped": "종결 단계를 건너뜀 (당시 상태: {status})",
        "anonymised": "고객 개인정보 삭제",
        "erasure_requested": "고객이 개인정보 삭제를 요청",
        "overdue": "기한 초과",
    },
}


def say(language: str, key: str, **values: Any) -> str:
    """A staff message in the language (English when unknown)."""
    words = WORDS.get(language, WORDS["en"])
    return words[key].format(**values)


def status_word(language: str, status: str) -> str:
    """A status as staff read it."""
    return STATUS_WORDS.get(language, STATUS_WORDS["en"]).get(status, status)


def value_word(language: str, kind: str, value: str) -> str:
    """A priority, category, channel or language name as staff read it."""
    words = VALUE_WORDS[kind]
    return words.get(language, words["en"]).get(value, value)


class _Blank(dict[str, str]):
    def __missing__(self, key: str) -> str:
        return "-"


def history_line(event: Any, *, language: str, policy: Policy, zone: ZoneInfo) -> str:
    """One event of the audit trail as staff read it: when, who, and what happened in words
    (the target, the reason, the text), values in the language."""
    words = EVENT_WORDS.get(language, EVENT_WORDS["en"])
    data = event.data or {}

    def name(handle: Any) -> str:
        member = policy.staff(str(handle)) if handle else None
        return member.display_name if member else str(handle or "-")

    values = _Blank({k: _line(str(v)) for k, v in data.items() if isinstance(v, str | int)})
    if event.kind in ("status_changed", "closed"):
        values["from"] = status_word(language, str(data.get("from") or ""))
        values["to"] = status_word(language, str(data.get("to") or ""))
    if "status" in data:
        values["status"] = status_word(language, str(data["status"]))
    if event.kind == "priority_raised":
        values["from"] = value_word(language, "priority", str(data.get("from") or ""))
        values["to"] = value_word(language, "priority", str(data.get("to") or ""))
    for kind in ("priority", "category", "channel"):
        if kind in data:
            values[kind] = value_word(language, kind, str(data[kind]))
    if "assignee" in data:
        values["assignee"] = escape(name(data["assignee"]))
    if event.kind in ("escalated", "reminded"):
        given = data.get("to")
        targets: list[Any] = given if isinstance(given, list) else [given]
        values["to"] = escape(", ".join(name(t) for t in targets if t)) or "-"
        reason = str(data.get("reason") or "")
        # the sweep's reason is its rung ("respond.supervisor"): overdue
        values["reason"] = (
            words["overdue"] if "." in reason and " " not in reason else _line(reason) or "-"
        )
    if event.kind == "staff_message":
        values["kind"] = say(language, f"kind_{data.get('kind') or 'update'}")
    if event.kind == "holding_update" and data.get("to"):
        # the date promised, on the organisation's clock (stored in UTC)
        values["to"] = _when(datetime.fromisoformat(str(data["to"])), zone)
    template = words.get(event.kind)
    what = template.format_map(values) if template else escape(event.kind)
    who = escape(actor_name(event.actor, policy, language))
    return f"{event.at.astimezone(zone):%m-%d %H:%M} *{who}*: {what}"


def escape(text: str) -> str:
    """Text as mrkdwn shows it literally: no mention, no link, no formatting control."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def clipped(text: str, limit: int) -> str:
    """Customer or staff text escaped, at most `limit` characters (escaping can make it up
    to five times longer), cut between entities and marked with "…"."""
    shown = escape(text)
    if len(shown) <= limit:
        return shown
    cut = shown[: limit - 1]
    entity = cut.rfind("&")
    if entity != -1 and ";" not in cut[entity:]:
        cut = cut[:entity]  # never half an entity
    return cut + "…"


def _when(moment: datetime | None, zone: ZoneInfo) -> str:
    return "-" if moment is None else f"{moment.astimezone(zone):%Y-%m-%d %H:%M}"


@dataclass(frozen=True)
class Thread:
    """What the card shows of the case thread (`handlers.thread`) and its history: the
    conversation, the last message's delivery, who on staff wrote (handle -> display name),
    who acknowledged, answered and closed it (kind -> name, when), the answer, the last
    escalation (level, by whom, why) and the attachments (name, staff-only link)."""

    entries: tuple[Entry, ...] = ()
    delivered: Delivered | None = None
    names: Mapping[str, str] = field(default_factory=dict)
    acts: Mapping[str, tuple[str, datetime]] = field(default_factory=dict)
    answer: str = ""
    escalation: tuple[int, str, str] | None = None
    attachments: tuple[tuple[str, str], ...] = ()


# The events whose doer the card names, as the card calls them.
ACTS = {"acknowledged": "acknowledged", "responded": "responded", "closed": "closed"}


def actor_name(actor: str, policy: Policy, language: str) -> str:
    """Who an audit actor is, as staff read it: a name, the customer, or the desk."""
    kind, _, who = actor.partition(":")
    if kind == "staff":
        member = policy.staff(who)
        return member.display_name if member else who
    return say(language, "who_customer" if kind == "customer" else "who_desk")


def read_thread(
    session: Session,
    complaint: Complaint,
    policy: Policy,
    *,
    language: str = "",
    link: Callable[[int], str] | None = None,
) -> Thread:
    """The complaint's thread as its card shows it, read in the caller's transaction
    (`link`: an attachment's id -> the staff-only address it is fetched from)."""
    language = language or policy.staff_language
    entries = tuple(thread.conversation(session, complaint))
    names = {}
    for entry in entries:
        member = policy.staff(entry.by) if entry.by else None
        if entry.by and member is not None:
            names[entry.by] = member.display_name
    acts: dict[str, tuple[str, datetime]] = {}
    answer, escalation = "", None
    for event in repo.events_for(session, complaint=complaint):
        data = event.data or {}
        kind = "closed" if event.kind == "accepted" else event.kind
        if kind in ACTS:
            acts[kind] = (actor_name(event.actor, policy, language), event.at)
        if kind == "responded":
            answer = str(data.get("response") or "")
        if kind == "escalated":
            name = actor_name(event.actor, policy, language)
            escalation = (int(data.get("level") or 0), name, str(data.get("reason") or ""))
    files = session.execute(
        sa.select(Attachment.id, Attachment.filename, Attachment.mime_type)
        .where(Attachment.complaint_id == complaint.id)
        .order_by(Attachment.id)
    ).all()
    attachments = tuple(
        (name or mime or str(id_), link(id_) if link else "") for id_, name, mime in files
    )
    return Thread(
        entries, thread.delivery(session, complaint), names, acts, answer, escalation, attachments
    )


def _span(delta: timedelta, w: dict[str, str]) -> str:
    """A duration as staff read it at a glance: days and hours, or hours and minutes."""
    minutes = max(int(delta.total_seconds() // 60), 1)
    days, rest = divmod(minutes, 24 * 60)
    hours, minutes = divmod(rest, 60)
    parts = [(days, "days"), (hours, "hours")] if days else [(hours, "hours"), (minutes, "minutes")]
    return " ".join(w[unit].format(n=n) for n, unit in parts if n) or w["minutes"].format(n=0)


def _due(complaint: Complaint, w: dict[str, str], now: datetime) -> str | None:
    """The overdue flag, or the time left, of the step owed now (none once answered); once
    a later date was promised to the customer, the flag counts against it (as the sweep
    chases it) and says that the target was missed."""
    status = complaint.status
    if complaint.acknowledged_at is None and allows("acknowledge", status):
        step, due = "ack", complaint.ack_due_at
    elif allows("respond", status) and complaint.responded_at is None:
        step, due = "respond", complaint.respond_due_at
    else:
        return None
    if due is None:
        return None
    promised = complaint.promised_at if step == "respond" else None
    if promised is not None and due <= now:
        if promised <= now:
            return w["overdue_promised"].format(
                ago=_span(now - promised, w), missed=_span(now - due, w)
            )
        return w["missed_promised"].format(ago=_span(now - due, w), left=_span(promised - now, w))
    if due <= now:
        return w[f"overdue_{step}"].format(ago=_span(now - due, w))
    return w[f"left_{step}"].format(left=_span(due - now, w))


def card(
    complaint: Complaint,
    *,
    language: str,
    timezone: str,
    show_contact: bool,
    heading: str = "",
    case: Thread | None = None,
    now: datetime | None = None,
    roster: Sequence[tuple[str, str]] = (),
    moved_to: str | None = None,
    escalate: bool = True,
) -> tuple[str, list[dict[str, Any]]]:
    """The complaint's card: a fallback text (what a notification previews: the heading
    first) and its blocks, with buttons while it is open. `roster`: (handle, name) of the
    staff it can be reassigned to; `moved_to`: the card is in the DM of someone who no
    longer handles it, it names who does and has no contact and no buttons; `escalate`:
    False for a viewer whose escalation would be refused (at or past their level). Within
    Slack's limits whatever the customer wrote: a handful of blocks, each text far under
    3,000 characters."""
    zone = ZoneInfo(timezone)
    w = WORDS.get(language, WORDS["en"])
    case = case or Thread()
    now = now or utcnow()
    show_contact = show_contact and moved_to is None
    ended = complaint.status in ENDED_STATUSES
    mark = PRIORITY_MARKS.get(complaint.priority, "")
    title = f"{mark} *{complaint.reference}* · {clipped(complaint.product, 300)}"
    fields = [
        f"*{w['status']}:* {status_word(language, complaint.status)}",
        f"*{w['priority']}:* {value_word(language, 'priority', complaint.priority)}",
        f"*{w['category']}:* {value_word(language, 'category', complaint.category)}",
        f"*{w['assignee']}:* "
        + (clipped(complaint.assignee.display_name, 200) if complaint.assignee else w["nobody"]),
        f"*{w['received_at']}:* {_when(complaint.created_at, zone)}",
        f"*{w['incident']}:* {_incident(complaint)}",
    ]
    if not ended:  # a closed complaint owes nothing by a date
        fields.append(f"*{w['ack_due']}:* {_when(complaint.ack_due_at, zone)}")
        fields.append(f"*{w['respond_due']}:* {_when(complaint.respond_due_at, zone)}")
        if complaint.promised_at is not None:  # the later date a holding message gave
            fields.append(f"*{w['promised']}:* {_when(complaint.promised_at, zone)}")
    if complaint.escalation_level:
        fields.append(f"*{w['escalated']}:* {complaint.escalation_level}")
    channel = value_word(language, "channel", complaint.channel)
    spoken = value_word(language, "language", complaint.language)
    details = [
        f"*{w['what']}:* {clipped(complaint.description, SUMMARY_CHARS)}",
        f"*{w['wants']}:* {clipped(complaint.desired_outcome, 400)}",
        f"*{w['channel']}:* {channel} ({spoken})",
    ]
    if show_contact:
        details.append(
            f"*{w['contact']}:* {clipped(complaint.customer_name, 200)} · "
            f"{clipped(complaint.contact, 400)}"
        )
    blocks: list[dict[str, Any]] = []
    if heading:
        blocks.append({"type": "context", "elements": [{"type": "mrkdwn", "text": heading}]})
    blocks += [
        {"type": "section", "text": {"type": "mrkdwn", "text": title}},
        {"type": "section", "fields": [{"type": "mrkdwn", "text": f} for f in fields]},
        {"type": "section", "text": {"type": "mrkdwn", "text": "\n".join(details)}},
    ]
    notes = _notes(complaint, case, w, zone, show_contact)
    if moved_to is not None:
        notes.insert(0, w["moved_card"].format(name=clipped(moved_to, 200)))
    elif not ended and (due := _due(complaint, w, now)):
        notes.insert(0, due)
    notes += _history_notes(complaint, case, w, zone)
    if notes:
        blocks.append(
            {"type": "section", "text": {"type": "mrkdwn", "text": "\n".join(notes)[:2900]}}
        )
    if case.entries:
        blocks.append(
            {"type": "section", "text": {"type": "mrkdwn", "text": _conversation(case, w, zone)}}
        )
    if moved_to is None:  # a note is for every state: a root cause is often found later
        work = [] if ended else _buttons(complaint, w, escalate)
        note = _button(w["note"], "note", complaint.reference)
        picker = [] if ended else _picker(roster, complaint, w)
        blocks.append(
            {
                "type": "actions",
                "block_id": f"work:{complaint.reference}",
                "elements": [*work, note, *picker],
            }
        )
    # every heading names the reference: a notification's preview starts with what it is
    lead = _plain(heading) if heading else complaint.reference
    status = status_word(language, complaint.status)
    return f"{lead} · {status} · {clipped(complaint.product, 300)}", blocks


def _plain(text: str) -> str:
    return text.replace("*", "")


def _incident(complaint: Complaint) -> str:
    """When it happened: the date read from what the customer said, and their words."""
    said = clipped(complaint.incident_date_text or "", 100) or "-"
    if complaint.incident_on is None:
        return said
    return f"{complaint.incident_on:%Y-%m-%d} ({said})"


def _history_notes(
    complaint: Complaint, case: Thread, w: dict[str, str], zone: ZoneInfo
) -> list[str]:
    """Who acknowledged, answered (and the answer) and closed it; why it was escalated;
    the files the customer sent."""
    notes = []
    for kind in ACTS:
        if kind in case.acts:
            name, at = case.acts[kind]
            notes.append(w[f"did_{kind}"].format(name=clipped(name, 100), at=_when(at, zone)))
            if kind == "responded" and case.answer:
                notes.append(f"> {_line(case.answer)}")
    if case.escalation is not None and complaint.escalation_level:
        level, name, reason = case.escalation
        key = "escalation_reason" if reason else "escalation_no_reason"
        notes.append(w[key].format(level=level, name=clipped(name, 100), reason=_line(reason)))
    if case.attachments:
        links = ", ".join(
            f"<{url}|{clipped(name, 80).replace('|', '¦')}>" if url else clipped(name, 80)
            for name, url in case.attachments[:10]
        )
        notes.append(w["attachments"].format(links=links))
    return notes


def _picker(
    roster: Sequence[tuple[str, str]], complaint: Complaint, w: dict[str, str]
) -> list[dict[str, Any]]:
    """Reassign: a choice among the staff on the roster (not the whole workspace)."""
    current = complaint.assignee.handle if complaint.assignee else None
    options = [
        {"text": {"type": "plain_text", "text": name[:75]}, "value": handle}
        for handle, name in roster
        if handle != current
    ][:100]
    if not options:
        return []
    return [
        {
            "type": "static_select",
            "action_id": "reassign",
            "placeholder": {"type": "plain_text", "text": w["reassign"]},
            "options": options,
        }
    ]


def _notes(
    complaint: Complaint, case: Thread, w: dict[str, str], zone: ZoneInfo, show_contact: bool
) -> list[str]:
    """What staff must know before they act: withdrawn, a call asked for, a question
    waiting for its answer, a customer only a phone call reaches, how the last message went."""
    notes = []
    if complaint.status == "withdrawn":
        notes.append(w["withdrawn_card"])
    if complaint.linked_reference:
        notes.append(w["linked"].format(reference=complaint.linked_reference))
    if complaint.reopened_count:
        notes.append(w["reopened_card"].format(count=complaint.reopened_count))
    if complaint.declined_count:
        notes.append(w["declined_card"].format(count=complaint.declined_count))
    if complaint.satisfaction_score is not None:
        comment = complaint.satisfaction_comment
        said = f" · {_line(comment)}" if comment else ""
        notes.append(w["satisfaction"].format(score=complaint.satisfaction_score) + said)
    elif complaint.survey_asked_at is not None and complaint.status == "closed":
        notes.append(w["satisfaction_asked"])
    if thread.asked_for_person(complaint):
        notes.append(w["asked_call"].format(since=_when(complaint.human_requested_at, zone)))
    if thread.awaiting_customer(complaint):
        notes.append(w["awaiting"].format(since=_when(complaint.awaiting_customer_since, zone)))
    if complaint.channel not in PUSH_CHANNELS and complaint.contact_kind == "phone":
        # nothing reaches them until they come back; a channel card keeps the number back
        notes.append(
            w["phone_only"].format(contact=clipped(complaint.contact, 100))
            if show_contact
            else w["phone_only_hidden"]
        )
    delivered = case.delivered
    if delivered is not None:
        ways = " · ".join(
            f"{w['way_email'] if way == 'email' else w['way_chat']}: {_state(way, state, w)}"
            for way, state in delivered.ways
        )
        kind = w.get(f"msg_{delivered.kind.removeprefix('customer.')}", delivered.kind)
        notes.append(f"*{w['last_message']}* ({kind}, {_when(delivered.at, zone)}): {ways}")
    return notes


def _state(way: str, state: str, w: dict[str, str]) -> str:
    if state == "waiting" and way in (*PUSH_CHANNELS, "email"):
        return w["state_sending"]  # queued or retrying: it goes without the customer
    return w[f"state_{state}"]


def _line(text: str) -> str:
    """A message on one line of the card, shortened and escaped."""
    return clipped(" ".join(text.split()), ENTRY_CHARS)


def _conversation(case: Thread, w: dict[str, str], zone: ZoneInfo) -> str:
    """The last few messages of the thread, newest last, and how many came before."""
    shown = case.entries[-CONVERSATION_ENTRIES:]
    lines = [f"*{w['conversation']}*"]
    earlier = len(case.entries) - len(shown)
    if earlier:
        lines.append(f"_{w['earlier'].format(count=earlier)}_")
    for entry in shown:
        at = f"{entry.at.astimezone(zone):%m-%d %H:%M}"
        if entry.who == "customer":
            asked = (
                f" ({w[f'kind_{entry.kind}']})"
                if entry.kind != "customer_message" and f"kind_{entry.kind}" in w
                else ""
            )
            lines.append(f"{at} *{w['who_customer']}*{asked}: {_line(entry.text)}")
        elif entry.who == "staff":
            name = case.names.get(entry.by or "", entry.by or "-")
            key = "kind_staff_closed" if entry.kind == "closed" else f"kind_{entry.kind}"
            kind = w.get(key, entry.kind)
            lines.append(f"{at} *{clipped(name, 100)}* ({kind}): {_line(entry.text)}")
        else:
            lines.append(f"{at} _{w['who_desk']}: {w.get(f'kind_{entry.kind}', entry.kind)}_")
    return "\n".join(lines)


def _buttons(complaint: Complaint, w: dict[str, str], escalate: bool) -> list[dict[str, Any]]:
    """The steps the lifecycle's table (`storage.vocabulary`) allows now: acknowledge until
    acknowledged, investigate, respond and escalate until answered; an update or a question
    to the customer, and closing with a reason, while it is open. Once answered the customer
    accepts or declines; staff can still close it with a reason. A button pressed on an
    older card is still checked by the use case."""
    reference, status = complaint.reference, complaint.status
    buttons = []
    if complaint.acknowledged_at is None and allows("acknowledge", status):
        buttons.append(_button(w["ack"], "ack", reference, primary=True))
    if allows("investigate", status):
        buttons.append(_button(w["investigate"], "investigate", reference))
    if allows("respond", status):
        buttons.append(_button(w["respond"], "respond", reference))
    if allows("message", status):
        buttons.append(_button(w["message"], "message", reference))
        buttons.append(_button(w["ask"], "ask", reference))
    if allows("close", status):
        buttons.append(_button(w["close"], "close", reference, confirm=_confirm(w, "close")))
    if escalate and allows("escalate", status):
        confirm = _confirm(w, "escalate")
        buttons.append(_button(w["escalate"], "escalate", reference, danger=True, confirm=confirm))
    return buttons


def _confirm(w: dict[str, str], action: str) -> dict[str, Any]:
    """Slack's "are you sure?" before a step that is hard to take back."""
    return {
        "title": {"type": "plain_text", "text": w[f"{action}_confirm_title"][:100]},
        "text": {"type": "plain_text", "text": w[f"{action}_confirm_text"][:300]},
        "confirm": {"type": "plain_text", "text": w["confirm_yes"]},
        "deny": {"type": "plain_text", "text": w["confirm_no"]},
        "style": "danger",
    }


def _button(
    label: str,
    action: str,
    reference: str,
    *,
    primary: bool = False,
    danger: bool = False,
    confirm: dict[str, Any] | None = None,
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
    if confirm:
        button["confirm"] = confirm
    return button


# The modals staff write in: the answer, an update, a question (the customer reads them),
# why a complaint is closed without the customer's acceptance, why it is escalated; and the
# lifecycle's event each one is (a modal opens only while its event is allowed); and an
# internal note, in any status (a root cause is often found after closing).
MODALS: dict[str, str | None] = {
    "respond": "respond",
    "message": "message",
    "ask": "message",
    "close": "close",
    "escalate": "escalate",
    "note": None,
}


def staff_modal(
    kind: str,
    reference: str,
    language: str,
    *,
    customer_language: str = "",
    last_message: Entry | None = None,
    timezone: str = "UTC",
    causes: Sequence[tuple[str, str]] = (),
) -> dict[str, Any]:
    """The modal where staff write what the customer will read, or why, or a note (`kind`:
    one of MODALS, also its callback id), with the customer's language and their last
    message; `causes`: (key, label) of the root causes a note may name, an optional pick."""
    w = WORDS.get(language, WORDS["en"])
    about = [f"*{reference}*"]
    if customer_language:
        spoken = value_word(language, "language", customer_language)
        about.append(w["modal_language"].format(language=spoken))
    if last_message is not None:
        at = _when(last_message.at, ZoneInfo(timezone))
        about.append(w["modal_last"].format(at=at, text=_line(last_message.text)))
    blocks: list[dict[str, Any]] = [
        {"type": "context", "elements": [{"type": "mrkdwn", "text": t} for t in about]},
        {
            "type": "input",
            "block_id": "answer",
            "label": {"type": "plain_text", "text": w[f"{kind}_label"]},
            "hint": {"type": "plain_text", "text": w[f"{kind}_hint"]},
            "element": {
                "type": "plain_text_input",
                "action_id": "text",
                "multiline": True,
                "max_length": 3000,
            },
        },
    ]
    if causes:
        options = [
            {"text": {"type": "plain_text", "text": label[:75]}, "value": key}
            for key, label in causes
        ][:100]
        blocks.append(
            {
                "type": "input",
                "block_id": "cause",
                "optional": True,
                "label": {"type": "plain_text", "text": w["note_cause"]},
                "element": {
                    "type": "static_select",
                    "action_id": "cause",
                    "placeholder": {"type": "plain_text", "text": w["note_cause_pick"]},
                    "options": options,
                },
            }
        )
    return {
        "type": "modal",
        "callback_id": kind,
        "private_metadata": reference,
        "title": {"type": "plain_text", "text": w[f"{kind}_title"]},
        "submit": {"type": "plain_text", "text": w.get(f"{kind}_submit", w["send"])},
        "close": {"type": "plain_text", "text": w["cancel"]},
        "blocks": blocks,
    }


def thread_reply(
    language: str,
    reference: str,
    payload: Mapping[str, Any],
) -> tuple[str, list[dict[str, Any]]]:
    """A customer's message as staff read it in a card's thread (or a DM): a lead line,
    the text escaped, a note of a file."""
    w = WORDS.get(language, WORDS["en"])
    if payload.get("safety"):
        lead = w["safety_wrote"]
    else:
        lead = w["wants_call" if payload.get("wants_person") else "customer_wrote"]
    lead = lead.format(reference=reference)
    text = str(payload.get("text") or "").strip()
    blocks: list[dict[str, Any]] = [{"type": "section", "text": {"type": "mrkdwn", "text": lead}}]
    if text:
        blocks.append({"type": "section", "text": {"type": "mrkdwn", "text": clipped(text, 3000)}})
    if payload.get("attachment"):
        blocks.append({"type": "context", "elements": [{"type": "mrkdwn", "text": w["attached"]}]})
    fallback = f"{lead.replace('*', '')} {clipped(text, 3000)}".strip()
    return fallback, blocks
