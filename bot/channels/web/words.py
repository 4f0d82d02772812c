"""What the web page says, in English and Korean (terms and register as in KOREAN.md: the
service term is 불편 사항 / 접수, polite 합쇼체 and 해요체 as the bot speaks).

Values in braces come from `config.yml` at render time (targets, contacts, names); every
value is HTML-escaped where it is inserted.
"""

from __future__ import annotations

WORDS: dict[str, dict[str, str]] = {
    "en": {
        "title": "Complaints — {organisation}",
        "heading": "Tell us what went wrong",
        "lead": (
            "This is {organisation}'s complaints desk. Complaining is free, takes a few "
            "minutes, and you can do it here at any time of day."
        ),
        "switch": "한국어",
        "chat_heading": "Chat with the complaints desk",
        "chat_label": "Your message",
        "chat_placeholder": "Describe what happened, or ask about a complaint by its reference",
        "chat_send": "Send",
        "chat_greeting": (
            "Hello! Tell me what went wrong and I'll record it and give you a reference. "
            "You can also ask about a complaint you made, with its reference."
        ),
        "chat_error": (
            "Sorry, your message didn't reach us. Please check your connection and try again."
        ),
        "chat_busy": "Sending…",
        "you": "You",
        "desk": "Complaints desk",
        "how_heading": "How it works",
        "how_1": (
            "Tell us what happened in the chat: the product or service, when it happened, "
            "what you would like us to do, your name and a phone number or e-mail address "
            "for our answer. The chat asks for each in turn and reads it back before filing."
        ),
        "how_2": "You get a reference (CMP-…) at once. Keep it to follow your complaint.",
        "how_3": (
            "A member of staff acknowledges it and answers within the times below. If we "
            "need longer, we tell you why and give you a new date."
        ),
        "how_4": (
            "If anything is unsafe (fire, smoke, a shock, an injury), say so: we treat it as "
            "urgent and tell you at once how to stay safe."
        ),
        "how_5": (
            'Follow it in the chat ("status CMP-…"), or on the status page from any device '
            "with your reference and the contact you gave."
        ),
        "how_6": "Prefer a person? {human_contact}",
        "targets_heading": "How long it takes",
        "targets_caption": "Our targets, counted {clock}",
        "clock_office": "in office hours and working days (weekends and public holidays excluded)",
        "clock_calendar": "in calendar time",
        "priority": "Priority",
        "acknowledge": "We acknowledge it within",
        "respond": "We answer within",
        "priority_urgent": "Urgent (safety, injury, legal)",
        "priority_high": "High (billing errors, personal data)",
        "priority_normal": "Normal",
        "priority_low": "Suggestions",
        "privacy_heading": "Your details",
        "privacy": (
            "Your name and contact are used only to handle your complaint and are seen only "
            "by the staff handling it. We keep them for {kept} after your complaint is closed, "
            "then delete them with what you wrote; chats that never become a complaint are "
            'deleted after {chats}. To have your data deleted sooner, write "delete my '
            'personal data" in the chat. Questions that are not complaints: {questions}'
        ),
        "status_link": "Check the status of a complaint",
        "home_link": "Back to the complaints desk",
        "status_title": "Complaint status — {organisation}",
        "status_heading": "Check the status of a complaint",
        "status_lead": (
            "Enter your reference and the phone number or e-mail address you gave with your "
            "complaint."
        ),
        "reference": "Reference",
        "reference_hint": "e.g. CMP-7K2Q-9XWW",
        "contact": "Phone number or e-mail",
        "contact_hint": "e.g. 010-1234-5678 or you@example.com",
        "check": "Check status",
        "found": "Complaint {reference}",
        "status": "Status",
        "filed": "Filed",
        "updated": "Last update",
        "respond_by": "Answer expected by",
        "responded": "Answered on",
        "closed": "Closed on",
        "withdrawn": "Withdrawn on",
        "not_found": (
            "We couldn't find a complaint with that reference and contact. Please check both "
            "and try again; the contact must be the one you gave with the complaint."
        ),
        "mistyped": (
            "{reference} doesn't look right: one of its characters may be mistyped. Please "
            "copy it again from our message."
        ),
        "missing": "Please enter a reference such as CMP-7K2Q-9XWW and your contact.",
        "too_many": (
            "Too many attempts from this connection. Please try again in {minutes} minutes, "
            "or ask in the chat."
        ),
        "refused": "This request didn't come from our page, so it was not accepted.",
        "unreadable": (
            "We couldn't read what was sent. Please enter the reference and contact again."
        ),
        "next_heading": "What happens next",
        "next_open": "{team} has your complaint and will answer by {date}.",
        "next_late": (
            "{team} has your complaint. We're sorry: the answer is taking longer than we said "
            "({date}), and we'll send it as soon as it is ready."
        ),
        "next_waiting": (
            "{team} has asked you a question (below) and is waiting for your answer. As soon "
            "as you reply, they carry on."
        ),
        "next_responded": (
            "{team} has answered (below). If the answer doesn't settle it, tell us and we'll "
            "look at it again."
        ),
        "next_closed": (
            "This complaint is closed. If the problem comes back, tell us in the chat and give "
            "the reference."
        ),
        "next_withdrawn": "You withdrew this complaint, so nothing more will happen with it.",
        "how_web": (
            "We write to you in the chat on our complaints page, in the browser you complained "
            "from; reply there. Every message also shows here."
        ),
        "how_telegram": "We write to you on Telegram, where you complained; reply there.",
        "how_slack": "We write to you in Slack, where you complained; reply there.",
        "how_app": (
            "We write to you in the app you complained through; reply there. Every message "
            "also shows here."
        ),
        "how_email": "We also send every message by e-mail to the address you gave.",
        "how_phone": (
            "You gave us a phone number, so if our messages don't reach you we'll call you on it."
        ),
        "thread_heading": "Conversation",
        "kind_update": "Update",
        "kind_question": "Question for you",
        "kind_answer": "Our answer",
        "notice_acknowledged": "We confirmed that we have your complaint and when we'll answer.",
        "notice_holding": "We told you our answer would take longer, and gave a new date.",
        "notice_closed": "We closed the complaint.",
        "notice_decision_reminder": "We asked whether our answer resolves your complaint.",
        "notice_survey": "We asked how satisfied you are with how we handled it.",
        "notice_survey_reminder": "We asked again how satisfied you are.",
        "kind_declined": "Not resolved yet",
        "kind_decline_reason": "What is still wrong",
        "kind_reopened": "Reopened",
        "kind_satisfaction": "Your rating (1-5)",
        "kind_satisfaction_comment": "Your comment",
        "said_accepted": "You told us the answer resolves your complaint.",
        "said_declined": "You told us the answer doesn't resolve your complaint.",
        # closing the loop on the page (as in the chat: utter_closing_* in nlu/domain.yml)
        "loop_question": "Does this resolve your complaint?",
        "loop_accept": "Yes, it's resolved",
        "loop_decline": "No, not yet",
        "loop_reason": "If not, what is still wrong? (optional)",
        "loop_accepted": "Thank you for letting us know. Your complaint {reference} is now closed.",
        "loop_declined": (
            "We've sent your complaint {reference} back to {team} with what you told us. "
            "They will answer by {date}."
        ),
        "loop_declined_again": (
            "We've passed your complaint {reference} to a senior team for review, with what "
            "you told us. They will answer by {date}."
        ),
        "loop_recourse": (
            "If you are still not satisfied, you can ask for an internal review by a senior "
            "team, or contact {recourse}."
        ),
        "loop_survey": (
            "How satisfied are you with how we handled your complaint? 1 is not at all, 5 is "
            "very satisfied."
        ),
        "loop_comment": "Is there anything we could have done better? (optional)",
        "loop_send": "Send",
        "loop_scored": "Thank you for your rating.",
        "loop_thanks": "Thank you for your feedback.",
        "loop_unchanged": (
            "Nothing was recorded: this complaint has moved on since the page was shown. "
            "Where it stands now is below."
        ),
    },
    "ko": {
        "title": "불편 사항 접수 — {organisation}",
        "heading": "불편하셨던 점을 알려 주세요",
        "lead": (
            "{organisation} 불편 사항 접수 창구입니다. 접수는 무료이며 몇 분이면 끝나고, "
            "24시간 언제든 이곳에서 하실 수 있습니다."
        ),
        "switch": "English",
        "chat_heading": "채팅으로 접수하기",
        "chat_label": "메시지",
        "chat_placeholder": "어떤 일이 있었는지 적어 주세요. 접수번호로 진행 상황도 확인할 수 있습니다",
        "chat_send": "보내기",
        "chat_greeting": (
            "안녕하세요. 어떤 점이 불편하셨는지 말씀해 주시면 접수하고 접수번호를 안내해 "
            "드리겠습니다. 이미 접수하셨다면 접수번호로 진행 상황을 확인하실 수 있습니다."
        ),
        "chat_error": "메시지를 보내지 못했습니다. 인터넷 연결을 확인하신 뒤 다시 보내 주세요.",
        "chat_busy": "보내는 중…",
        "you": "고객님",
        "desk": "접수 창구",
        "how_heading": "접수 절차",
        "how_1": (
            "채팅으로 어떤 일이 있었는지 알려 주세요. 제품이나 서비스, 발생일, 원하시는 처리 "
            "방법, 성함과 답변받으실 연락처(휴대폰 번호나 이메일)를 차례로 여쭙고, 접수 전에 "
            "내용을 다시 확인해 드립니다."
        ),
        "how_2": "접수하시면 바로 접수번호(CMP-…)를 안내해 드립니다. 진행 상황을 확인하실 때 필요합니다.",
        "how_3": (
            "담당자가 아래 기한 안에 접수를 확인하고 답변드립니다. 시간이 더 필요하면 이유와 "
            "새 답변 예정일을 알려 드립니다."
        ),
        "how_4": (
            "화재, 연기, 감전, 부상처럼 안전과 관련된 일이라면 꼭 말씀해 주세요. 긴급 건으로 "
            "처리하고, 안전하게 조치하는 방법을 바로 안내해 드립니다."
        ),
        "how_5": (
            '진행 상황은 채팅에서("CMP-… 진행 상황") 확인하시거나, 다른 기기에서는 접수번호와 '
            "접수 때 남기신 연락처로 진행 상황 조회 페이지에서 확인하실 수 있습니다."
        ),
        "how_6": "상담사와 직접 이야기하시려면: {human_contact}",
        "targets_heading": "처리 기한",
        "targets_caption": "처리 기한은 {clock}",
        "clock_office": "영업일·업무 시간 기준입니다(주말·공휴일 제외).",
        "clock_calendar": "달력 기준입니다.",
        "priority": "구분",
        "acknowledge": "접수 확인",
        "respond": "답변",
        "priority_urgent": "긴급(안전, 부상, 법적 문제)",
        "priority_high": "높음(결제 오류, 개인정보)",
        "priority_normal": "일반",
        "priority_low": "제안",
        "privacy_heading": "개인정보",
        "privacy": (
            "성함과 연락처는 접수하신 건을 처리하는 데에만 쓰이며, 담당 직원만 볼 수 "
            "있습니다. 처리가 끝난 뒤 {kept} 동안 보관하고, 그 뒤 작성하신 내용과 함께 "
            "삭제합니다. 접수로 이어지지 않은 대화는 {chats} 뒤에 삭제됩니다. 더 일찍 삭제를 "
            '원하시면 채팅에 "개인정보 삭제해 주세요"라고 말씀해 주세요. 불편 사항이 아닌 문의는 '
            "다음을 이용해 주세요. {questions}"
        ),
        "status_link": "진행 상황 조회",
        "home_link": "접수 창구로 돌아가기",
        "status_title": "진행 상황 조회 — {organisation}",
        "status_heading": "진행 상황 조회",
        "status_lead": "접수번호와 접수 때 남기신 휴대폰 번호나 이메일을 입력해 주세요.",
        "reference": "접수번호",
        "reference_hint": "예: CMP-7K2Q-9XWW",
        "contact": "휴대폰 번호 또는 이메일",
        "contact_hint": "예: 010-1234-5678 또는 you@example.com",
        "check": "조회하기",
        "found": "접수번호 {reference}",
        "status": "진행 상황",
        "filed": "접수일",
        "updated": "최근 업데이트",
        "respond_by": "답변 예정일",
        "responded": "답변일",
        "closed": "처리 완료일",
        "withdrawn": "접수 취소일",
        "not_found": (
            "입력하신 접수번호와 연락처로 접수된 건을 찾지 못했습니다. 두 가지 모두 다시 확인해 "
            "주세요. 연락처는 접수 때 남기신 것이어야 합니다."
        ),
        "mistyped": (
            "{reference}는 올바른 접수번호가 아닌 것 같습니다. 한 글자가 잘못 입력되었을 수 "
            "있으니 안내받으신 메시지에서 다시 복사해 주세요."
        ),
        "missing": "CMP-7K2Q-9XWW 같은 접수번호와 연락처를 입력해 주세요.",
        "too_many": (
            "조회 시도가 너무 많습니다. {minutes}분 뒤에 다시 시도하시거나 채팅으로 문의해 주세요."
        ),
        "refused": "저희 페이지에서 보낸 요청이 아니어서 처리하지 않았습니다.",
        "unreadable": "보내신 내용을 읽을 수 없었습니다. 접수번호와 연락처를 다시 입력해 주세요.",
        "next_heading": "앞으로의 처리",
        "next_open": "{team}에서 처리하고 있으며, {date}까지 답변드리겠습니다.",
        "next_late": (
            "{team}에서 처리하고 있습니다. 안내드린 날짜({date})보다 답변이 늦어지고 있어 "
            "죄송합니다. 답변이 준비되는 대로 바로 보내 드리겠습니다."
        ),
        "next_waiting": (
            "{team}에서 고객님께 확인할 내용을 여쭤보았고(아래 참고), 답변을 기다리고 "
            "있습니다. 답해 주시면 바로 이어서 처리하겠습니다."
        ),
        "next_responded": (
            "{team}에서 답변을 드렸습니다(아래 참고). 답변으로 해결되지 않았다면 말씀해 "
            "주세요. 다시 살펴보겠습니다."
        ),
        "next_closed": (
            "처리가 완료된 건입니다. 같은 문제가 다시 생기면 채팅에서 접수번호와 함께 말씀해 주세요."
        ),
        "next_withdrawn": "접수를 취소하신 건이라 더 이상 처리되지 않습니다.",
        "how_web": (
            "안내는 접수하신 브라우저의 채팅 창으로 보내 드리니, 답장도 그곳에서 해 주세요. "
            "보내 드린 안내는 이 페이지에서도 보실 수 있습니다."
        ),
        "how_telegram": "안내는 접수하신 텔레그램으로 보내 드리니, 답장도 텔레그램에서 해 주세요.",
        "how_slack": "안내는 접수하신 슬랙으로 보내 드리니, 답장도 슬랙에서 해 주세요.",
        "how_app": (
            "안내는 접수하신 앱으로 보내 드리니, 답장도 그곳에서 해 주세요. 보내 드린 안내는 "
            "이 페이지에서도 보실 수 있습니다."
        ),
        "how_email": "남기신 이메일 주소로도 같은 내용을 보내 드립니다.",
        "how_phone": "안내가 닿지 않으면 남기신 휴대폰 번호로 전화드리겠습니다.",
        "thread_heading": "주고받은 내용",
        "kind_update": "진행 상황 안내",
        "kind_question": "확인 요청",
        "kind_answer": "답변",
        "notice_acknowledged": "접수를 확인하고 답변 예정일을 안내해 드렸습니다.",
        "notice_holding": "답변이 늦어진다는 점과 새 답변 예정일을 안내해 드렸습니다.",
        "notice_closed": "처리를 완료했습니다.",
        "notice_decision_reminder": "답변으로 불편 사항이 해결되었는지 여쭤보았습니다.",
        "notice_survey": "처리 과정에 얼마나 만족하셨는지 여쭤보았습니다.",
        "notice_survey_reminder": "처리 과정에 대한 만족도를 한 번 더 여쭤보았습니다.",
        "kind_declined": "해결되지 않음",
        "kind_decline_reason": "해결되지 않은 점",
        "kind_reopened": "재검토 요청",
        "kind_satisfaction": "만족도(1~5)",
        "kind_satisfaction_comment": "의견",
        "said_accepted": "답변으로 불편 사항이 해결되었다고 알려 주셨습니다.",
        "said_declined": "답변으로 불편 사항이 해결되지 않았다고 알려 주셨습니다.",
        # 채팅과 같은 말(nlu/domain.yml utter_closing_*)
        "loop_question": "이 답변으로 불편 사항이 해결되었는지 알려 주시겠어요?",
        "loop_accept": "네, 해결되었습니다",
        "loop_decline": "아니요, 아직 해결되지 않았습니다",
        "loop_reason": "해결되지 않았다면 아직 남은 문제를 적어 주세요(선택 사항).",
        "loop_accepted": "알려 주셔서 감사합니다. {reference} 건은 처리를 완료했습니다.",
        "loop_declined": (
            "말씀하신 내용과 함께 {reference} 건을 {team}에 다시 전달했습니다. "
            "{date}까지 답변드리겠습니다."
        ),
        "loop_declined_again": (
            "말씀하신 내용과 함께 {reference} 건을 상급 부서에 전달해 다시 검토하겠습니다. "
            "{date}까지 답변드리겠습니다."
        ),
        "loop_recourse": (
            "그래도 해결되지 않으면 상급 부서의 재검토를 요청하시거나 {recourse}에 도움을 "
            "요청하실 수 있습니다."
        ),
        "loop_survey": (
            "불편 사항 처리 과정에 얼마나 만족하셨는지 알려 주시겠어요? 1은 매우 불만족, "
            "5는 매우 만족입니다."
        ),
        "loop_comment": "저희가 더 잘할 수 있었던 점이 있으면 적어 주세요(선택 사항).",
        "loop_send": "보내기",
        "loop_scored": "평가해 주셔서 감사합니다.",
        "loop_thanks": "의견 주셔서 감사합니다.",
        "loop_unchanged": (
            "페이지를 여신 뒤 처리 상황이 바뀌어 요청하신 내용을 반영하지 않았습니다. "
            "현재 진행 상황은 아래와 같습니다."
        ),
    },
}
