"""The FAQ (`config.yml` `faq`): questions about the process and privacy are recognised in
words nobody wrote into the data, in both languages and with typos, and answered wherever
they are asked: in the middle of the form (never stored; the question comes again), as the
first message, and after filing."""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest
import yaml

from bot.errors import ConfigError
from bot.settings import load_settings
from handlers.fields import FORM_FIELDS
from handlers.identity import Identity
from tests.helpers import Chat, stored_complaint

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def faq(base_settings):
    return base_settings.policy.faq


# Phrasings written after the data, never copied into it (typos included). The first run
# found 44 of 47; the three it missed were each taught with one word in config.yml
# ("안 밝*", "text message*", "now what").
QUESTIONS = [
    ("why would you need my full name?", None, "why_name"),
    ("do I really have to tell you my name", None, "why_name"),
    ("이름을 꼭 알려줘야 하나요", None, "why_name"),
    ("성함은 왜 여쭤보시는 거죠?", None, "why_name"),
    ("why do u want my phone numebr", None, "why_contact"),
    ("do you need my email adress?", None, "why_contact"),
    ("휴대폰 번호는 왜 필요하신가요", None, "why_contact"),
    ("why is the date needed?", None, "why_date"),
    ("날짜를 왜 알아야 하나요?", None, "why_date"),
    ("why do you need to know the product", None, "why_product"),
    # a bare "why?" is about the question being asked
    ("why do you ask", "product", "why_product"),
    ("but why??", "contact", "why_contact"),
    ("그게 왜 필요해요?", "customer_name", "why_name"),
    ("왜 물어보세요", "incident_date", "why_date"),
    ("what do you use my personal data for", None, "privacy"),
    ("is my information kept private?", None, "privacy"),
    ("how long will you store my details?", None, "privacy"),
    ("개인정보 어디다 쓰세요?", None, "privacy"),
    ("제 정보는 누가 보나요", None, "privacy"),
    ("개인 정보 안전하게 보관되나요?", None, "privacy"),
    ("is it possible to complain anonymously?", None, "anonymous"),
    ("can I do this without giving my name", None, "anonymous"),
    ("i'd prefer to stay anonymus", None, "anonymous"),
    ("익명으로 해주세요", None, "anonymous"),
    ("이름은 안 밝혀도 되죠?", None, "anonymous"),
    ("can you answer me through telegram instead?", None, "reply_channel"),
    ("will the reply come here?", None, "reply_channel"),
    ("do you send the answer by text message?", None, "reply_channel"),
    ("텔레그램으로 답변 받을 수 있나요?", None, "reply_channel"),
    ("답변 여기로 주시는 거예요?", None, "reply_channel"),
    ("where do i send the pics", None, "photos"),
    ("can I share a photo of the damage?", None, "photos"),
    ("should i attach pictures?", None, "photos"),
    ("사진 어디에 올리면 돼요?", None, "photos"),
    ("동영상도 보내도 되나요?", None, "photos"),
    ("what happens next?", None, "what_next"),
    ("ok and now what?", None, "what_next"),
    ("이제 어떻게 진행돼요?", None, "what_next"),
    ("다음 단계는 뭔가요", None, "what_next"),
    ("how soon do you answer?", None, "how_long"),
    ("when will i get a reply?", None, "how_long"),
    ("답변까지 며칠 걸리나요", None, "how_long"),
    ("언제 연락 받을 수 있어요?", None, "how_long"),
    ("can a person from your team call me?", None, "call_me"),
    ("could somebody ring me back", None, "call_me"),
    ("담당자분이 전화해 주실 수 있어요?", None, "call_me"),
    ("직원이 직접 전화 줄 수 있나요?", None, "call_me"),
]

# The trial's own words (issue 20, kinds 7 and 8).
TRIAL = [
    ("Why do you need my name?", "customer_name", "why_name"),
    ("개인정보 어디에 쓰는지", None, "privacy"),
    ("익명으로 하면 안돼요?", None, "anonymous"),
    ("텔레그램으로 답 주시면 안 되나요?", None, "reply_channel"),
    ("사진은 어디로 보내요?", None, "photos"),
    ("what happens now", None, "what_next"),
    ("when will someone call me", None, "how_long"),
    ("상담사분이 전화 주실 수 있나요", None, "call_me"),
    ("how long will this take btw?", None, "how_long"),
    ("답변까지 얼마나 걸려요?", None, "how_long"),
    ("식세기요 근데 이거 얼마나 걸려요 처리", None, "how_long"),
]
# found by hand in a later trial, tested in new words: a contact refused, the remedies asked
LATER = [
    ("ugh i really dont want to give out my phone", "contact", "no_contact"),
    ("번호는 좀 안 알려 드리고 싶은데", "contact", "no_contact"),
    ("so what are the options here", "desired_outcome", "options"),
    ("뭘 해 주실 수 있는데요?", "desired_outcome", "options"),
    ("will my details be passed on to anyone else?", "customer_name", "privacy"),
    ("번호 받아서 뭐 하시려고요? 광고 오는 거 아니죠", "contact", "privacy"),
    ("and how long will it take to sort this out?", None, "how_long"),
    ("보통 며칠이나 걸리나요?", None, "how_long"),
]


# issue 20's trial words, and (after them) phrasings written after the data
OWN_WORDS = [
    # round 14 (trials BA, BB): a question when someone comes, never answered; whether a
    # person reads it, read as asking for a call
    ("So when's your engineer actually comin, huh?", "description", "visit_when"),
    # a deadline set with "before" (found on make run): not told
    ("I want him back out here before the 20th", "description", "deadline"),
    ("I need it fixed before the 3rd", "desired_outcome", "deadline"),
    ("기사는 대체 은제 온다요?", "product", "visit_when"),
    ("됐다 고마 그래 올리라. 근데 언제쯤 사람 오노", None, "visit_when"),
    ("wait is this going to a real person or just into the void", "customer_name", "who_reads"),
    # held out
    ("what time is the technician turning up tomorrow?", "incident_date", "visit_when"),
    ("설치 기사님 몇 시에 방문하세요?", "desired_outcome", "visit_when"),
    ("does this even get to a human?", "contact", "who_reads"),
    ("무상으로 되는거 맞아요?", "desired_outcome", "cost"),
    ("Will someone telephone us this time?", "product", "call_me"),
    ("how long does this usually take to sort out?", "description", "how_long"),
    ("보통 며칠 걸려요?", None, "how_long"),
    ("do i have to?", "customer_name", "why_name"),
    ("does filing this cost me anything", None, "cost"),
    ("수리비 따로 내야 하나요", None, "cost"),
    # whether it is under warranty is the team's to check (a trial's "보증기간은 1년 맞죠?"
    # and "is that covered by warranty btw?" went unanswered)
    ("교환이요 근데 보증기간 1년 맞죠?", "desired_outcome", "warranty"),
    ("repair i guess. is that covered by warranty btw?", "desired_outcome", "warranty"),
    ("what is the warranty period", None, "warranty"),
    ("아직 무상수리 기간 안이죠?", None, "warranty"),
    ("is it still under guarantee", "product", "warranty"),
    # trial I's i06: a privacy question inside an answer, in her own words
    (
        "wait who sees all this info btw? like is my stuff shared with anyone",
        "incident_date",
        "privacy",
    ),
    ("제 정보 다른 데 넘기는 거 아니죠?", "contact", "privacy"),  # held out
    # round 7 (trial AN): asked in speech beside an answer, and not answered
    (
        "핸드폰은 공일공 칠칠삼이에 오일팔구여유. 근디 이거 워치게 되는 거래유, 월매나 걸린대유?",
        None,
        "how_long",
    ),
    ("우리 엄니 대신 쓰는 거인디 그래도 되것소?", None, "on_behalf"),
    ("엄니 이름으로 해야 쓰까, 내 이름으로 해야 쓰까?", None, "on_behalf"),
    # held out
    ("근데 이거 답 받을라믄 얼매나 걸리우?", None, "how_long"),
    ("아버지 대신 써도 되나요?", None, "on_behalf"),
    ("It's for my nan, is that ok?", None, "on_behalf"),
    # round 7 (trials AM, AN): a deadline set for hearing back was neither noted nor answered
    (
        "FORGET IT, ITS IN THERE ANYWAY. SEND IT. AND I WANT A TEXT BACK BY 5 O'CLOCK TODAY",
        None,
        "deadline",
    ),
    (
        "다만 내부 보고 일정상 이번 주 금요일까지는 회신을 받아야 하니 참고해 주시기 바랍니다.",
        None,
        "deadline",
    ),
    ("오늘 안에 전화 안 오면 소비자원에 신고합니다.", None, "deadline"),
    # held out
    ("I need an answer by friday or I'm going to the ombudsman", None, "deadline"),
    ("내일까지 연락 주세요", None, "deadline"),
    # round 9 (trial AQ): "y" typed for "why", unanswered and the name refused
    ("y u need my name 😭 its Tyler but every1 calls me Ty", "customer_name", "why_name"),
    # held out
    ("y do u need my number", "contact", "why_contact"),
    # round 10 (trial AS): a day said in another sentence turned the call question away
    (
        "Yes dear that all looks about right, go ahead and send it in. Will somebody telephone "
        "me about it? I do not look at this telegram very often, my grandson only comes Sundays.",
        "confirmed",
        "call_me",
    ),
    # round 10 (trial AS): a deadline in days, asked about twice and not answered
    (
        "I request you to kindly revert within 7 days, otherwise I shall approach the court.",
        None,
        "deadline",
    ),
    ("will my 7 day timeline be honoured or not?", None, "deadline"),
    # round 12 (trials AW, AX): a date of the month or "today" set, and what must happen by it
    ("you sent me the wrong boot size twice, I need the right ones by 18 Dec", None, "deadline"),
    ("이번 달 15일까지는 처리됐으면 좋겠어요, 16일에 출국해요", None, "deadline"),
    ("18일 전에 처리가 가능한지 확답 부탁드립니다", None, "deadline"),
    ("보일러가 사흘째 안 돌아가요 오늘 안으로 와야 돼요", None, "deadline"),
    # held out
    ("I need it sorted by the 20th, we have guests", None, "deadline"),
    ("23일까지 환불 받았으면 합니다", None, "deadline"),
]

# Trials E and F (issue 20: a question back unanswered or answered with the wrong entry)
TRIAL_EF = [
    ("Is there a number I can call?", "contact", "phone_line"),
    (
        "Hi, quick question before I start - how long do you usually take to sort out "
        "complaints? My cordless vacuum only runs for about 4 minutes now",
        None,
        "how_long",
    ),
    ("do I need the receipt?", None, "receipt"),
    ("will it be a call or a text?", None, "call_or_text"),
    ("010-2274-6631. will someone actually call or is it text?", "contact", "call_or_text"),
    ("아직 접수 안된거죠?", "desired_outcome", "filed_yet"),
]
# The same kinds in words written after the data, never copied into it.
NEW_EN = [
    ("what number do I ring if I want to talk it through?", None, "phone_line"),
    ("do you have a helpline?", None, "phone_line"),
    ("whats your customer service number", None, "phone_line"),
    (
        "ok one thing, roughly how many days does it take you to deal with these? the oven "
        "door fell off",
        None,
        "how_long",
    ),
    ("should I hang on to the receipt?", "desired_outcome", "receipt"),
    ("do you need proof of purchase?", None, "receipt"),
    # a short question that names nothing leans on the sentence before it (round 16)
    ("I threw the invoice away, is that a problem?", None, "receipt"),
    ("will you phone me or send an sms?", "contact", "call_or_text"),
    ("do you call or email people back?", None, "call_or_text"),
    ("has it been submitted yet?", "customer_name", "filed_yet"),
    ("so it isnt lodged yet right?", None, "filed_yet"),
    ("what's the next step then?", None, "what_next"),
]
NEW_KO = [
    ("전화할 수 있는 번호 있나요?", None, "phone_line"),
    ("고객센터 번호가 뭐예요?", "contact", "phone_line"),
    ("상담 전화번호가 어떻게 되나요?", None, "phone_line"),
    ("답변 받으려면 며칠 기다려야 돼요?", None, "how_long"),
    ("영수증 있어야 하나요?", None, "receipt"),
    ("영수증 버렸는데 괜찮을까요?", "desired_outcome", "receipt"),
    ("보증서도 필요해요?", None, "receipt"),
    ("연락은 전화로 오나요 문자로 오나요?", None, "call_or_text"),
    ("전화 주시는 거예요, 아니면 카톡으로 오나요?", "contact", "call_or_text"),
    ("벌써 접수된 건가요?", None, "filed_yet"),
    ("이거 접수 완료된 거 맞아요?", "customer_name", "filed_yet"),
    ("그럼 이제 어떻게 해야 돼요?", None, "what_next"),
    # trials U and V: how long, asked alone, was never answered with a period
    ("How many months or years exactly?", None, "retention"),
    ("그러니까 몇 년 보관하냐구요.", None, "retention"),
    ("how many years do you hold on to it?", None, "retention"),  # held out
    ("본명 꼭 써야됨? 걍 Jun으로 ㄱ", "customer_name", "anonymous"),  # trial Z: unanswered
    # trials AE and AF: how it works, photos in Scots, who pays to send it back: unanswered
    ("Hi there. How does this work, is this where I complain?", None, "what_next"),
    ("cannae send a photie on here can ah?", None, "photos"),
    ("And who pays the postage to send the broken one back?", None, "returns"),
    ("근데 반품 택배비는 누가 냄? 내가 내야됨?", None, "returns"),
    # held out
    ("do I need to keep the original box?", None, "returns"),
    ("박스 버려도 되나요?", None, "returns"),
    ("여기서 접수하면 되는 거예요?", None, "what_next"),
    # round 16 (trials BE, BF): a short question leaning on the sentence before it, privacy
    # in its own words, an ID number, writing only, a call asked plainly
    ("photo receipt have, can send you?", None, "receipt"),
    ("photo question you not answer. can send or not?", None, "photos"),
    ("Sir one question, how many days for this? Shop is running short", None, "how_long"),
    ("can I ask what you do with my name once I give it?", "customer_name", "privacy"),
    ("can u just call me? whatsapp +62 812 3456 7890", None, "call_me"),
    ("근데 개인정보 GDPR 쪽은 어떻게 처리돼요? EU 거주자라서 물어봐요", None, "privacy"),
    ("혹시 이거 외국인등록번호 필요해요? 제 비자 문제 생기면 안돼요", None, "id_number"),
    ("수어 영상 상담 있음? 없으면 채팅 계속 괜찮음?", None, "accessible"),
    ("전화로 직접 말씀 나눌 수 있겠습니까? 글로는 답답하여서요.", None, "call_me"),
    # held out
    ("I have the screenshots. where to?", None, "photos"),
    ("do you need my passport number?", None, "id_number"),
    ("I'm deaf, is text only ok?", None, "accessible"),
    ("주민번호도 알려 드려야 하나요?", None, "id_number"),
    # the stop's own try: a deadline for a visit
    (
        "his heater's been off for four days, can you get someone out before Friday",
        None,
        "deadline",
    ),
]


@pytest.mark.parametrize(("text", "field", "entry"), TRIAL_EF + NEW_EN + NEW_KO)
def test_a_question_back_gets_its_own_answer(faq, text, field, entry) -> None:
    """The entry asked and only as specific ones: a receipt is not a photo, a number to
    call is not the customer's number, a call or a text is not a wish for a call."""
    asked = [e.id for e in faq.asked(text, field)]
    assert asked == [entry], text


# The other sense of the same words: the customer's number, a story about a receipt.
OTHER_SENSE = [
    ("why do you need my number?", "contact", "why_contact"),
    ("왜 제 번호가 필요해요?", "contact", "why_contact"),
    ("can someone call me?", None, "call_me"),
    ("where do i send the photos?", None, "photos"),
    ("I lost the receipt and the screen cracked", "description", None),
    ("they never called or texted me back", None, None),
    ("영수증 잃어버렸는데 액정이 깨졌어요", "description", None),
    ("전화도 문자도 안 왔어요", None, None),
]


@pytest.mark.parametrize(("text", "field", "entry"), OTHER_SENSE)
def test_the_words_in_their_other_sense_ask_the_other_entry(faq, text, field, entry) -> None:
    asked = [e.id for e in faq.asked(text, field)]
    assert asked == ([entry] if entry else []), text


@pytest.mark.parametrize(("text", "field", "entry"), QUESTIONS + TRIAL + LATER + OWN_WORDS)
def test_a_question_about_the_process_is_recognised(faq, text, field, entry) -> None:
    assert entry in [e.id for e in faq.asked(text, field)], text


# Answers, complaints and other questions that name the same things: none is an FAQ.
NOT_QUESTIONS = [
    ("when did the engineer come? he never did", "description"),
    ("the washing machine floods the bathroom", "description"),
    ("Park Min-ho", "customer_name"),
    ("minho.park@gmail.com", "contact"),
    ("call me Dave", "customer_name"),
    ("i'd like my money back", "desired_outcome"),
    ("3 days ago", "incident_date"),
    ("그저께요", "incident_date"),
    ("이수진", "customer_name"),
    ("why does the screen flicker at night", "description"),
    ("why does nobody ever answer the phone at your call centre?", None),
    ("nobody called me when they said they would", None),
    ("the photos on my phone disappeared after the update", "description"),
    ("my privacy was violated when the technician went through my photos", "description"),
    ("사진 앱이 계속 꺼져요", "description"),
    ("개인정보를 마음대로 공유했어요", "description"),
    ("상담원이 전화를 갑자기 끊었어요", None),
    ("전화를 몇 번이나 했는데 안 받아요", None),
    ("세탁기 언제 와요? 2주째 기다리고 있어요", None),
    ("what colours does it come in", None),
    ("can I buy a new charger online", None),
    ("how long does the battery last?", None),
    ("전기포트 물 끓는 시간이 보통 얼마나 걸려요?", None),
    ("what happened to my complaint", None),
    ("can they call wednesday instead", "incident_date"),
    ("does the cordless vacuum have a mop attachment?", None),
    ("/affirm", "contact"),
    ("the box was crushed and the postage label torn", "description"),
    # review: the courier, the shipping of a new one, and how a thing works are no returns
    ("do I need to be home when the courier comes?", None),
    ("great thanks, that works. how does it work if it breaks again?", None),
    ("택배 상자가 찢어져서 왔어요", "description"),
    # a day gone by, and a day of the month told, set no deadline
    ("지난달 20일까지 기다렸는데 연락이 없어요", "description"),
    ("2일까지 잘 되다가 고장났어요", "description"),
    ("it broke on the 3rd and I sent it back by 5pm", "description"),
]


@pytest.mark.parametrize(("text", "field"), NOT_QUESTIONS)
def test_an_answer_or_a_complaint_is_not_an_faq_question(faq, text, field) -> None:
    assert faq.asked(text, field) == ()


def test_a_bare_why_outside_the_form_asks_nothing(faq) -> None:
    assert faq.asked("why?") == ()
    assert [e.id for e in faq.asked("why?", "customer_name")] == ["why_name"]


def test_two_fields_in_one_question_are_both_answered(faq) -> None:
    asked = {e.id for e in faq.asked("why do you need my name and my phone number?")}
    assert asked == {"why_name", "why_contact"}


def test_every_form_question_has_its_why(faq) -> None:
    fields = {e.field for e in faq.entries if e.field}
    assert fields == set(FORM_FIELDS)
    for entry in faq.entries:
        assert entry.answer.get("en") and entry.answer.get("ko"), entry.id


def _config_with_faq(tmp_path: Path, faq: dict) -> dict[str, str]:
    config = yaml.safe_load((ROOT / "config.yml").read_text(encoding="utf-8"))
    config["faq"] = faq
    path = tmp_path / "config.yml"
    path.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    return {"COMPLAINTBOT_CONFIG": str(path)}


def test_an_answer_naming_an_unknown_value_is_a_config_error(tmp_path) -> None:
    entry = {"id": "x", "asks": [["refund*"]], "answer": {"en": "by {respond_by}", "ko": "x"}}
    with pytest.raises(ConfigError, match=r"faq.entries.0: x: unknown \{respond_by\}"):
        load_settings(_config_with_faq(tmp_path, {"entries": [entry]}))


def test_an_entry_listed_twice_is_a_config_error(tmp_path) -> None:
    entry = {"id": "x", "asks": [["refund*"]], "answer": {"en": "a", "ko": "b"}}
    with pytest.raises(ConfigError, match="'x' is listed twice"):
        load_settings(_config_with_faq(tmp_path, {"entries": [entry, entry]}))


def test_a_new_phrasing_is_one_word_of_data(tmp_path) -> None:
    question = "can i get the answer on kakaotalk?"
    faq = {
        "entries": [
            {
                "id": "reply",
                "asks": [["telegram"], ["answer*"]],
                "answer": {"en": "Here.", "ko": "여기로 드립니다."},
            }
        ],
    }
    before = load_settings(_config_with_faq(tmp_path, faq)).policy.faq
    assert before.asked(question) == ()
    faq["entries"][0]["asks"][0].append("kakaotalk")
    after = load_settings(_config_with_faq(tmp_path, faq)).policy.faq
    assert [e.id for e in after.asked(question)] == ["reply"]


# In the dialogue.

NAME_REASON = "what to call you"
CONTACT_REASON_KO = "답변을 보내 드리고"


async def test_why_at_the_name_question_is_answered_and_the_question_asked_again(
    chat, desk
) -> None:
    await chat.say("my washing machine arrived with a cracked door")
    await chat.say("Replacement")
    await chat.say("yesterday")
    assert "May I have your name" in chat.text
    await chat.say("Why do you need my name?")
    assert NAME_REASON in chat.text and "May I have your name" in chat.text
    await chat.say("why tho?")  # a bare "why?": about the question being asked
    assert NAME_REASON in chat.text and "May I have your name" in chat.text
    await chat.say("Jane Smith")
    assert "How can we reach you" in chat.text
    await chat.say("is my email kept private?")
    assert "only to handle your complaint" in chat.text and "How can we reach you" in chat.text
    await chat.say("jane@example.com")
    assert "Why do you" not in chat.text and "private" not in chat.text  # the read-back
    await chat.say("yes")
    stored = stored_complaint(desk, chat.text)
    assert (stored.customer_name, stored.contact) == ("Jane Smith", "jane@example.com")
    assert stored.description == "my washing machine arrived with a cracked door"


async def test_a_question_mid_form_in_korean_is_answered_in_korean(chat, desk) -> None:
    await chat.say("세탁기 문이 깨져서 왔어요")
    for answer in ("교환", "어제", "김민지"):
        await chat.say(answer)
    assert "휴대폰 번호나 이메일" in chat.text
    await chat.say("왜요?")
    assert CONTACT_REASON_KO in chat.text and "휴대폰 번호나 이메일" in chat.text
    await chat.say("사진은 어디로 보내요?")
    assert "사진이나 파일을 받을 수 없습니다" in chat.text  # REST takes no files
    assert "휴대폰 번호나 이메일" in chat.text
    await chat.say("010-1234-5678")
    await chat.say("네")
    stored = stored_complaint(desk, chat.text)
    assert (stored.customer_name, stored.contact) == ("김민지", "010-1234-5678")


async def test_a_contact_given_with_a_question_is_taken(chat, desk) -> None:
    for answer in ("my kettle leaks from the base", "kettle", "Refund", "today", "Sam Lee"):
        await chat.say(answer)
    await chat.say("why do you need it? fine, sam@example.com")
    assert "Please check your complaint" in chat.text  # an answer, whatever it asks


@pytest.mark.parametrize(
    ("opening", "answer"),
    [
        ("개인정보 어디에 쓰는지 궁금해요", "불편 사항 처리(답변과 확인 연락)에만 사용"),
        ("익명으로 하면 안돼요?", "실명이 아니어도"),  # read as a "no" by the classifier
        ("what happens after I complain?", "give you its reference"),
        ("when will someone call me", "We acknowledge every complaint within"),
        # read by the classifier as a request for a person
        ("when will an agent call me", "We acknowledge every complaint within"),
        ("언제 전화 주세요?", "접수된 불편 사항은"),
    ],
)
async def test_a_process_question_as_the_first_message_is_answered(
    chat, desk, opening, answer
) -> None:
    await chat.say(opening)
    assert answer in chat.text
    assert "can't answer that here" not in chat.text and "답변드리기 어렵습니다" not in chat.text
    assert "1588-0000" not in chat.text  # not taken for a request for a person
    tracker = await desk[2].agent.tracker_store.retrieve(chat.sender_id)
    assert tracker.active_loop_name is None and not tracker.get_slot("pending_complaint")


async def test_photos_are_answered_for_the_channel(desk) -> None:
    telegram = Chat(desk[2], Identity("telegram", str(uuid.uuid4().int)[:9]))
    await telegram.say("where do I send photos?")
    assert "right here in this chat" in telegram.text
    rest = Chat(desk[2], Identity("rest", uuid.uuid4().hex[:12]))
    await rest.say("where do I send photos?")
    assert "can't take photos" in rest.text


async def test_a_complaint_with_a_process_question_is_still_taken(chat) -> None:
    await chat.say("my fridge is leaking water all over the floor, where can I send photos?")
    assert "can't take photos" in chat.text
    assert "What would you like us to do" in chat.text or "file a complaint" in chat.text


async def test_after_filing_a_call_asked_for_is_noted_and_when_is_not(chat, desk) -> None:
    for answer in (
        "the blender blade came loose and cut my finger",
        "blender",
        "refund",
        "yesterday",
        "Ivy Chen",
        "010-2222-3333",
        "yes",
    ):
        await chat.say(answer)
    reference = stored_complaint(desk, chat.text).reference
    await chat.say("when will an agent call me?")  # read as a request for a person
    assert reference in chat.text and "answer by" in chat.text  # where it stands
    assert stored_complaint(desk, reference).human_requested_at is None
    await chat.say("could somebody ring me back")  # read as out of scope
    # noted on the complaint, and on which number the call will come
    assert "will call you on 010-2222-3333" in chat.text and reference in chat.text
    assert stored_complaint(desk, reference).human_requested_at is not None
    await chat.say("상담사분이 전화 주실 수 있나요")  # read as a request for a person
    assert "기록해 두었습니다" in chat.text and reference in chat.text


async def test_greeting_and_help_mention_a_reference_only_to_a_customer_with_one(
    chat, desk
) -> None:
    for opening in ("hello", "what can you do?", "can I talk to a person"):
        await chat.say(opening)
        assert "CMP-" not in chat.text and "by its reference" not in chat.text, opening
        assert "reference to hand" not in chat.text and "show all your" not in chat.text
    for answer in (
        "my kettle leaks from the base",
        "kettle",
        "Refund",
        "today",
        "Sam Lee",
        "sam@example.com",
        "yes",
    ):
        await chat.say(answer)
    reference = stored_complaint(desk, chat.text).reference
    for opening in ("hello", "what can you do?", "can I talk to a person"):
        await chat.say(opening)
        assert reference in chat.text, opening


@pytest.mark.parametrize(
    ("text", "asked"),
    [
        # what a question is about is in the sentence that asks (two trials: "free" and
        # "수리비" in a statement brought the cost answer)
        ("im free any morning, can someone call?", None),  # a time: kept for staff
        (
            "바닥 수리비 견적도 나왔고 설명할게 많아서.. 평일 저녁 7시 넘어서 전화 가능하신가요",
            None,
        ),
        ("my washer broke. is the repair free?", "cost"),
        ("무상으로 되는거 맞아요?", "cost"),
    ],
)
def test_an_faq_is_what_the_asking_sentence_is_about(text: str, asked: str | None) -> None:
    from bot.settings import load_settings

    entries = load_settings().policy.faq.asked(text)
    assert (entries[0].id if entries else None) == asked


@pytest.mark.parametrize(
    ("story", "product", "language", "asked", "said_next"),
    [
        ("the door glass cracked", "oven", "en", "what happens now?", "back to our"),
        ("문이 깨졌어요", "오븐", "ko", "이제 어떻게 되는 거예요?", "다시 전달"),
    ],
)
async def test_what_happens_now_after_a_decline_is_answered_never_the_reason(
    chat, desk, capsys, monkeypatch, story, product, language, asked, said_next
) -> None:
    from tests.test_closing_dialogue import _file, _respond, _show

    reference = await _file(chat, story, product, language)
    _respond(desk, reference, "We adjusted the hinges remotely.")
    await chat.say("no" if language == "en" else "아니요")
    await chat.say(asked)
    assert said_next in chat.text, chat.text  # what happens next: back to the team, by when
    case = _show(desk, reference, capsys, monkeypatch)
    reasons = [e["data"]["reason"] for e in case["events"] if e["kind"] == "decline_reason"]
    assert asked not in reasons


async def test_how_long_data_is_kept_is_said_from_the_retention_policy(chat) -> None:
    """The period said is config.yml `retention` (1095 and 90 days), never "as our privacy
    notice sets out" (trials U and V asked three times)."""
    await chat.say("How many months or years exactly do you keep my details?")
    assert "3 years" in chat.text and "90 days" in chat.text, chat.text
    await chat.say("그래서 제 정보는 몇 년 보관되는 거예요?")
    assert "3년" in chat.text and "90일" in chat.text, chat.text


@pytest.mark.parametrize(
    ("opening", "answer", "language"),
    [
        # trial AB: the time asked was answered and the yes beside it lost; filing stalled
        (
            "저기요 님들 무선이어폰 샀는데 한쪽이 안들림ㅠㅠ 저번주 토욜부터요",
            "넹 해주세여🙏 근데 이거 처리 얼마나 걸림?",
            "ko",
        ),
        # new
        (
            "hey so my earbuds only play on one side since saturday",
            "yes please, how long does it take?",
            "en",
        ),
        (
            "hey so my earbuds only play on one side since saturday",
            "ya go on. how long will it take",
            "en",
        ),
    ],
)
async def test_a_yes_to_the_offer_with_a_question_files_and_answers(
    chat, opening: str, answer: str, language: str
) -> None:
    await chat.say(opening)
    assert "file a complaint" in chat.text or "접수하시겠어요" in chat.text, chat.text
    await chat.say(answer)
    assert "working day" in chat.text or "영업일" in chat.text, chat.text
    asked = "What would you like" in chat.text or "어떻게 처리해" in chat.text
    assert asked or "Which product" in chat.text or "어떤 제품" in chat.text, chat.text


@pytest.mark.parametrize(
    ("question", "language"),
    [
        # trial AC: opened a complaint ("I'm sorry about this. Which product …?")
        ("Thank you. But will an actual staff member see it, or is it only you?", "en"),
        ("사람이 읽긴 해요?", "ko"),  # trial AD: ignored
        # new
        ("is a human going to look at this or just a bot", "en"),
        ("담당자가 직접 보나요?", "ko"),
    ],
)
async def test_who_reads_a_complaint_is_answered(chat, question: str, language: str) -> None:
    await chat.say(question)
    assert "read and answered by a person" in chat.text or "직접 읽고" in chat.text, chat.text
    assert "Which product" not in chat.text and "어떤 제품" not in chat.text


async def test_never_mind_before_what_it_is_about_is_no_leaving(chat, desk) -> None:
    # trial AC: "All right, I've stopped and kept nothing of it", then the story filed anyway
    await chat.say("I want to make a complaint")
    await chat.say(
        "Well you didn't answer my question dear, but never mind. It's about a PlayStation 5 "
        "I bought for my grandson. When he opened the box there was no controller in it."
    )
    assert "stopped" not in chat.text, chat.text


async def test_a_reported_question_in_the_first_message_is_no_question_asked(chat) -> None:
    """Trial AF: the story of a clerk asked "when will it come" got "why we need the date"."""
    await chat.say(
        "워매 내가 살다살다 이런 꼴은 처음 보네잉. 광주 상무점에서 냉장고 주문헌거 언제 오냐고"
        " 물어봤더니 직원이 귀찮다는 듯이 '그걸 제가 어떻게 알아요' 허고 째려보드랑께. 손님한테"
        " 그라믄 쓰것소?"
    )
    assert "필요합니다" not in chat.text, chat.text
    assert "어떻게 처리해 드리면" in chat.text, chat.text


@pytest.mark.parametrize(
    "said",
    [
        # trial AG: a learner's fault words read as a question out of scope
        "Hello. I am Kenji. The laptop charger (USB-C 65W) I purchase at your Shinjuku shop do"
        " not charge anymore since 3 days. Light is not on.",
        "my kettle from your shop do not work anymore, no light",  # held out
    ],
)
async def test_a_fault_in_a_learners_words_is_a_complaint(chat, said: str) -> None:
    await chat.say(said)
    assert "takes complaints, so I can't answer" not in chat.text, chat.text
    assert "What would you like us to do" in chat.text, chat.text


# Round 5 (trials AI, AJ): questions about the process asked beside an answer went unanswered.
@pytest.mark.parametrize(
    ("text", "entry"),
    [
        ("우리 아들 번호루 해두 되남?", "on_behalf"),
        (
            "The prescription account is under my mom's name though, Dorothy Parsons - is that "
            "going to be a problem?",
            "on_behalf",
        ),
        ("I have three pictures. Where should I send them?", "photos"),
        ("이번 주 안에 연락 오는 겁니까?", "how_long"),
        (
            "One small doubt — what are the timings of your customer care phone line, in case "
            "outlet people create any issue?",
            "phone_line",
        ),
        # held out
        ("can I complain on behalf of my dad?", "on_behalf"),
        ("엄마 명의로 된 계정인데 괜찮나요?", "on_behalf"),
        ("사진 두 장 있어요. 그거 어디로 보내요?", "photos"),
        # no question, or nothing pointed back at
        ("I'm complaining for my mum, she's 88", None),
        ("my washer leaks. is it covered?", None),
    ],
)
def test_a_process_question_beside_an_answer_is_answered(faq, text, entry) -> None:
    asked = [e.id for e in faq.asked(text)]
    assert asked == ([entry] if entry else []), text


def test_your_man_coming_asks_when_someone_comes(faq) -> None:
    # round 15 (trial BC): "When is your man coming to attend?" never answered
    assert "visit_when" in [e.id for e in faq.asked("When is your man coming to attend?")]
