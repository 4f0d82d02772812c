"""Reading answers at the read-back: yes, no (and which field), unclear, and cancelling."""

from __future__ import annotations

import pytest

from handlers.mends import mends, removal
from handlers.readback import Answer, is_cancel, named_field, submits, understand


@pytest.mark.parametrize(
    "text",
    [
        "now please submit",
        "nice, submit it",
        "yes, the details are correct",
        "yes thanks for your time",
        "yes the date is correct",
        "yes please",
        "Yes!",
        "y",
        "ok",
        "sure",
        "go ahead",
        "okay then, submit",
        "네",
        "네 접수해 주세요",
        "맞아요",
        "좋아요",
        "응",
        "제출해 주세요",
        "접수해 주세요",
        # trials S and T: filing asked for in own words was answered "Please answer yes…"
        "Wow, we got there. Ship it.",
        "Just file the thing already.",
        "됐다 고마 그래 넣으소",
        "lodge it please",  # held out
        "그대로 올려주세요",  # held out
        # trial V, in dialect
        "됐고 빨리 올리소",
        "인자 됐소, 그대로 올려 주쇼잉",
        "상기 내용으로 접수하여 주시기 바랍니다.",  # trial X, a 공문's words
        "위 내용으로 접수 요청드립니다",  # held out
        "맞심더 고대로 해주이소",  # trial Z
    ],
)
def test_yes_answers_submit_without_naming_a_field(text: str) -> None:
    assert understand(text) == Answer("yes", None)


@pytest.mark.parametrize("text", ["no", "n", "No.", "nope", "no wait", "not yet", "아니요", "아니"])
def test_no_answers_change_nothing_in_particular(text: str) -> None:
    assert understand(text) == Answer("no", None)


@pytest.mark.parametrize(
    ("text", "field"),
    [
        ("nope the date is wrong", "incident_date"),
        ("yes but the date is wrong", "incident_date"),
        ("yes, the name is wrong", "customer_name"),
        ("어제 날짜가 틀렸어요", "incident_date"),
        ("아니요 이름이 틀렸어요", "customer_name"),
        ("correct the phone number", "contact"),
        ("correct the date", "incident_date"),
        ("update my email", "contact"),
        ("이메일 바꿔주세요", "contact"),
        ("the product is wrong", "product"),
        ("change the description", "description"),
    ],
)
def test_a_no_that_names_a_field_says_which(text: str, field: str) -> None:
    assert understand(text) == Answer("no", field)


@pytest.mark.parametrize("text", ["nice", "notice", "nowhere", "noo", "yellow"])
def test_yes_and_no_words_match_only_as_whole_words(text: str) -> None:
    assert understand(text).kind == "unclear"


@pytest.mark.parametrize("text", ["don't submit yet", "yes but wait", "잠깐만요", "아직이요"])
def test_not_yet_is_a_no(text: str) -> None:
    assert understand(text).kind == "no"


def test_button_payloads_are_read_directly() -> None:
    assert understand("/affirm") == Answer("yes")
    assert understand("/deny") == Answer("no")
    assert understand("/something_else") == Answer("unclear")


@pytest.mark.parametrize("text", ["hmm", "whatever", "yesterday", "음"])
def test_an_answer_with_no_yes_no_or_field_is_unclear(text: str) -> None:
    assert understand(text) == Answer("unclear")


@pytest.mark.parametrize(
    ("text", "intent", "expected"),
    [
        ("whatever", "affirm", Answer("yes")),
        ("whatever", "deny", Answer("no")),
        ("whatever", "greet", Answer("unclear")),
        ("hmm", "deny", Answer("no")),
        # a field named is what to change, whatever the classifier read (trial H)
        ("the date", "affirm", Answer("no", "incident_date")),
        ("the date", None, Answer("no", "incident_date")),
    ],
)
def test_the_nlu_intent_decides_when_the_words_do_not(
    text: str, intent: str | None, expected: Answer
) -> None:
    assert understand(text, intent=intent) == expected


def test_the_words_win_over_the_nlu_intent() -> None:
    assert understand("no", intent="affirm") == Answer("no")
    assert understand("yes", intent="deny") == Answer("yes")


@pytest.mark.parametrize(
    ("payload", "slot"),
    [
        ("description", "description"),
        ("product", "product"),
        ("outcome", "desired_outcome"),
        ("date", "incident_date"),
        ("name", "customer_name"),
        ("contact", "contact"),
        ("내용", "description"),
        ("제품", "product"),
        ("조치", "desired_outcome"),
        ("일시", "incident_date"),
        ("성함", "customer_name"),
        ("연락처", "contact"),
    ],
)
def test_correction_button_payloads_name_their_slot(payload: str, slot: str) -> None:
    assert named_field(payload) == slot


@pytest.mark.parametrize(
    ("text", "slot"),
    [
        ("Date", "incident_date"),
        ("when", "incident_date"),
        ("날짜", "incident_date"),
        ("email", "contact"),
        ("phone", "contact"),
        ("전화번호", "contact"),
        ("이메일", "contact"),
        ("이름", "customer_name"),
        ("refund", "desired_outcome"),
        ("환불", "desired_outcome"),
        ("what happened", "description"),
    ],
)
def test_other_words_for_a_field_name_it(text: str, slot: str) -> None:
    assert named_field(text) == slot


@pytest.mark.parametrize("text", ["hello", "update", "dated", "named", "phones", "productive"])
def test_field_words_match_only_as_whole_words(text: str) -> None:
    assert named_field(text) is None


@pytest.mark.parametrize(
    "text",
    [
        "cancel",
        "Cancel.",
        "CANCEL!",
        "please cancel",
        "cancel it please",
        "cancel the complaint",
        "never mind",
        "nevermind",
        "forget it",
        "취소",
        "그만할게요",
        "취소해 주세요",
        "접수 취소",
    ],
)
def test_asking_to_cancel_is_a_cancel(text: str) -> None:
    assert is_cancel(text)


@pytest.mark.parametrize(
    "text",
    [
        "cancel my order arrived broken",
        "cancellation",
        "취소된 주문이 왔어요",
    ],
)
def test_cancel_inside_a_complaint_is_not_a_cancel(text: str) -> None:
    assert not is_cancel(text)


@pytest.mark.parametrize(
    "text", ["no problem, submit it", "no worries, go ahead", "네네", "yes, don't change anything"]
)
def test_yes_phrases_that_contain_no_words_are_yes(text: str) -> None:
    assert understand(text) == Answer("yes")


@pytest.mark.parametrize(
    "text",
    [
        "actually forget it, cancel",
        "아 잠깐만요 그냥 안할래요",
        "ok never mind then",
        "월요일쯤이요 아 근데 생각해보니까 그냥 됐어요 취소할게요",  # an answer, then calling it off
        "취소한다고요",
        "nvm forget it, ill just go to the store",
        "i said forget it",
        "10일이나요? 에휴 그냥 됐어요 안할래요",
        "접수 안한다고요 그만해요",
        "아니 접수하지 마세요",
    ],
)
def test_a_cancel_with_words_around_it_is_a_cancel(text: str) -> None:
    assert is_cancel(text)


@pytest.mark.parametrize("text", ["I want to cancel my subscription", "stop charging me"])
def test_a_complaint_about_cancelling_is_not_a_cancel(text: str) -> None:
    assert not is_cancel(text)


@pytest.mark.parametrize(
    "text",
    [
        "주문을 취소해 주세요",
        "환불하고 계약 취소해 주세요",
        "환불이나 교환은 안 할래요",
        "i want to cancel it",
        "생각해보니 환불이 나아요",
        "don't forget it's under warranty",
    ],
)
def test_an_answer_about_cancelling_something_else_is_not_a_cancel(text: str) -> None:
    assert not is_cancel(text)


# Taking a part out of what happened at the read-back (handlers/mends.py `removal`): the
# sentences that match what is quoted go, the rest stays; it is never a yes.
_DISHWASHER = (
    "식세기 밑으로 물이 새요 ㅠㅠ 주방바닥이 흥건하네요 어제 저녁에 돌리고 나서 알았어요\n"
    "아 잠깐만요 애기 깼어요 ㅠ 이따 다시 올게요"
)
_FRIDGE_KO = "냉장고 문이 안 닫혀요. 배송 기사님이 좀 불친절했어요. 어제부터 그래요."
_FRIDGE_EN = "The fridge door won't close. The delivery guy was rude. Started yesterday."
_BABY_EN = "my dishwasher leaks under the door, the floor is soaked\nhold on baby woke up brb"


@pytest.mark.parametrize(
    ("story", "said", "left"),
    [
        (
            _DISHWASHER,
            "애기깼다는건 빼주세요ㅋㅋ 나머진 맞아요",
            _DISHWASHER.split("\n")[0],
        ),  # trial
        (_DISHWASHER, "이따 다시 온다는 말은 지워주세요", _DISHWASHER.split("\n")[0]),
        (_DISHWASHER, "애기 얘기는 빼 주세요", _DISHWASHER.split("\n")[0]),
        (_DISHWASHER, "아기 깼다는 말 지워 주세요", _DISHWASHER.split("\n")[0]),
        (
            _FRIDGE_KO,
            "기사님 불친절했다는 부분은 빼주세요",
            "냉장고 문이 안 닫혀요. 어제부터 그래요.",
        ),
        (_FRIDGE_KO, "배송 기사님 얘기는 삭제해 주세요", "냉장고 문이 안 닫혀요. 어제부터 그래요."),
        (
            _FRIDGE_KO,
            "어제부터 그렇다는 건 빼주시고 나머지는 그대로 접수해주세요",
            "냉장고 문이 안 닫혀요. 배송 기사님이 좀 불친절했어요.",
        ),
        (
            _FRIDGE_KO,
            "아 그리고 기사님 불친절했다는 내용은 없애 주세요",
            "냉장고 문이 안 닫혀요. 어제부터 그래요.",
        ),
        (
            _FRIDGE_KO,
            "마지막 문장은 빼주세요",
            "냉장고 문이 안 닫혀요. 배송 기사님이 좀 불친절했어요.",
        ),
        (
            _FRIDGE_EN,
            "take out the bit about the delivery guy",
            "The fridge door won't close. Started yesterday.",
        ),
        (
            _FRIDGE_EN,
            "remove the part where I said the delivery guy was rude",
            "The fridge door won't close. Started yesterday.",
        ),
        (
            _FRIDGE_EN,
            "please delete the line about the delivery guy, rest is fine",
            "The fridge door won't close. Started yesterday.",
        ),
        (
            _FRIDGE_EN,
            "can you leave out the rude delivery guy bit",
            "The fridge door won't close. Started yesterday.",
        ),
        (
            _FRIDGE_EN,
            "please scrap the delivery guy sentence",
            "The fridge door won't close. Started yesterday.",
        ),
        (
            _FRIDGE_EN,
            "drop the sentence about it starting yesterday",
            "The fridge door won't close. The delivery guy was rude.",
        ),
        (
            _FRIDGE_EN,
            "remove the last sentence please",
            "The fridge door won't close. The delivery guy was rude.",
        ),
        (_BABY_EN, "take the bit about the baby out, otherwise fine", _BABY_EN.split("\n")[0]),
        (_BABY_EN, "get rid of the baby stuff pls", _BABY_EN.split("\n")[0]),
        (_BABY_EN, "yes but remove the line where i said brb", _BABY_EN.split("\n")[0]),
    ],
)
def test_a_part_of_the_story_taken_out_leaves_the_rest(story: str, said: str, left: str) -> None:
    taken = removal(said, story)
    assert taken is not None and taken.left == left


_THREE_EN = (
    "The fridge door won't close.\nThe delivery guy was rude.\nCall me on 07911 123456 after 6."
)
_THREE_KO = "냉장고 문이 안 닫혀요.\n배송 기사님이 불친절했어요.\n010-1234-5678로 연락 주세요."


# A part of the story named by where it stands and how many ("the last two lines", "첫 문장만
# 남겨"), by a sentence said just before ("… 이건 내용 아니니까 지워주세요", "…, delete it"), or
# by the contact it holds ("the line with my phone number") is taken out; the rest stays.
@pytest.mark.parametrize(
    ("story", "said", "left"),
    [
        (_THREE_EN, "can you delete the last 2 lines of what happened", _THREE_EN.split("\n")[0]),
        (_THREE_EN, "only keep the first sentence pls", _THREE_EN.split("\n")[0]),
        (_THREE_EN, "get rid of everything after the first line", _THREE_EN.split("\n")[0]),
        (_THREE_EN, "keep just the first two sentences", _THREE_EN.rsplit("\n", 1)[0]),
        (_THREE_EN, "remove the last sentence", _THREE_EN.rsplit("\n", 1)[0]),
        (
            _THREE_EN,
            "the sentence with my phone number is not part of it, remove it",
            _THREE_EN.rsplit("\n", 1)[0],
        ),
        (_THREE_KO, "마지막 한 줄은 지워주세요", _THREE_KO.rsplit("\n", 1)[0]),
        (_THREE_KO, "앞에 두 문장만 남겨 주세요", _THREE_KO.rsplit("\n", 1)[0]),
        (_THREE_KO, "내용에서 마지막 두 줄 지워주세요", _THREE_KO.split("\n")[0]),
        (_THREE_KO, "첫 문장만 남겨주세요", _THREE_KO.split("\n")[0]),
        (_THREE_EN, "keep only the first paragraph", _THREE_EN.split("\n")[0]),
        (
            _THREE_KO,
            "010-1234-5678로 연락 주세요 이 문장은 내용이 아니라서 빼주세요",
            _THREE_KO.rsplit("\n", 1)[0],
        ),
    ],
)
def test_a_part_named_by_place_or_pointed_at_is_taken_out(story: str, said: str, left: str) -> None:
    region = "KR" if story[0] > "z" else "GB"
    taken = removal(said, story, region)
    assert taken is not None and taken.left == left


@pytest.mark.parametrize(
    ("story", "said"),
    [
        (_FRIDGE_EN, "take out the bit about my neighbour"),
        (_FRIDGE_KO, "강아지 얘기는 빼주세요"),
        # one paragraph only: keeping the first keeps all, so the whole new text is asked for
        (_FRIDGE_EN, "keep only the first paragraph"),
    ],
)
def test_a_part_not_in_the_story_is_asked_about(story: str, said: str) -> None:
    taken = removal(said, story)
    assert taken is not None and taken.left is None


@pytest.mark.parametrize(
    "said",
    [
        "yes submit it",
        "remove the charge from my card",
        "환불은 빼주세요 교환으로 해주세요",
        "네 맞아요",
        "please take out the old unit when you deliver the new one",
    ],
)
def test_no_removal_is_read_where_none_is_asked(said: str) -> None:
    assert removal(said, _FRIDGE_EN) is None


@pytest.mark.parametrize(
    "text", ["피승현", "성함: 위소연", "Jane Smith", "010-2222-3333", "a@b.com"]
)
def test_a_bare_value_at_the_read_back_is_never_the_classifiers_yes(text: str) -> None:
    """Trial H filed "피승현" and "성함: 위소연" as a yes, with the garbled name they were
    meant to replace."""
    from handlers.readback import understand

    assert understand(text, "affirm").kind != "yes"


@pytest.mark.parametrize("text", ["sounds perfect mate", "ok go", "좋습니다", "yes please"])
def test_a_yes_in_other_words_is_still_read_with_the_classifier(text: str) -> None:
    from handlers.readback import understand

    assert understand(text, "affirm").kind == "yes"


@pytest.mark.parametrize(
    ("said", "added"),
    [
        ("내용추가 세탁기 소리도 커요", "세탁기 소리도 커요"),
        ("내용추가: 냄새도 나요", "냄새도 나요"),
        ("문도 잘 안 닫혀요 그것도 적어 주세요", "문도 잘 안 닫혀요"),
        ("the fan is loud too. can you add that", "the fan is loud too"),
        # trial AH: the story said to lack it; the product was changed to "배터리" instead
        (
            "내용에 배터리 얘기가 없자나여 배터리 5분도 안간다는게 핵심인데",
            "배터리 5분도 안간다는게 핵심인데",
        ),
        ("you left out that the door was cracked too", "the door was cracked too"),  # held out
    ],
)
def test_an_addition_is_read_without_a_space_or_before_its_request(said: str, added: str) -> None:
    from handlers.mends import addition

    assert addition(said) == added


@pytest.mark.parametrize(
    ("said", "added"),
    [
        ("the description is missing that the cord was smoking", "the cord was smoking"),
        ("What happened doesn't mention that my son saw it first", "my son saw it first"),
        ("내용에 아이가 먼저 불꽃을 봤다는 얘기가 빠졌네요", "아이가 먼저 불꽃을 봤다"),
        ("접수 내용에 콘센트가 그을렸다는 말이 누락됐어요", "콘센트가 그을렸다"),
    ],
)
def test_what_the_story_lacks_is_added_to_it(said: str, added: str) -> None:
    from handlers.mends import restored

    back = restored(said, "The heater broke.", ["The heater broke."], None)
    assert back is not None and back.new
    assert back.story == f"The heater broke.\n{added}"


def test_what_the_story_lacks_and_was_said_earlier_is_put_back_as_said() -> None:
    from handlers.mends import restored

    story = "ㅠㅠ 취사 누르고 불꽃이 튀었어요"
    earlier = ["밥솥에서 연기가 나요 ㅠㅠ 취사 누르고 불꽃이 튀었어요"]
    back = restored("내용에 밥솥에서 연기가 났다는 말이 빠졌어요", story, earlier, None)
    assert back is not None and not back.new
    assert back.story == f"{story}\n밥솥에서 연기가 나요"


@pytest.mark.parametrize(
    ("said", "gone"),
    [
        ("Please also remove the sentence about my daughter from the description.", "daughter"),
        ("please take the line about my neighbour out of the description", "neighbour"),
        ("내용에서 이웃 얘기는 빼주세요", "이웃"),
    ],
)
def test_the_story_named_in_a_removal_is_no_part_of_the_quote(said: str, gone: str) -> None:
    story = (
        "I wrote to express my dissatisfaction with the fridge from your description. "
        "My daughter has just arrived. My neighbour had to help me. 이웃이 도와줬어요."
    )
    taken = removal(said, story, "US")
    assert taken is not None and len(taken.removed) == 1
    assert gone.lower() in taken.removed[0].lower()
    assert "dissatisfaction" in str(taken.left)


@pytest.mark.parametrize(
    ("said", "asks"),
    [
        ("installation AND compensation both. ok submit", True),
        ("Otherwise yes, please send it.", True),
        ("no. refund the extra. then send", True),
        ("날짜는 그저께예요. 이대로 접수해주세요", True),
        ("요청사항 교환으로 바꿔주시고 접수 부탁드려요", True),
        ("change the date but don't submit yet", False),
        ("요청사항은 교환이에요", False),
    ],
)
def test_a_submit_said_beside_a_correction_is_read(said: str, asks: bool) -> None:
    from handlers.readback import submits

    assert submits(said) is asks


@pytest.mark.parametrize(
    "said",
    [
        # trial AU: filed at once, in the middle of three corrections
        "It is not about a phone. And what I want is the explanation, not 'file it as it is'. "
        "And my email is maricel.dc@nhsmail.example not that one",
        'the wish should not say "just send it", it should say refund',
        "요청 칸에 '접수해 주세요'라고 적힌 건 빼 주세요",
    ],
)
def test_a_filing_quoted_in_a_correction_files_nothing(said: str) -> None:
    assert understand(said).kind != "yes"


@pytest.mark.parametrize(
    "said", ["그건 빼 주세요", "마지막 문장은 지워 주세요", "take the last bit out please"]
)
def test_something_asked_to_be_done_to_the_draft_is_no_yes_to_it(said: str) -> None:
    assert understand(said).kind != "yes"


@pytest.mark.parametrize(
    ("said", "values"),
    [
        # round 12 (trial AW): how to write it stored with the value, a sentence as the name,
        # the read-back's own label, a remark on a field as its value
        (
            "Few corrections please. Name kindly write as Ravishankar Iyer, one word.",
            {"customer_name": "Ravishankar Iyer"},
        ),
        (
            "I am afraid this has become worse. Please let me be clear. Name: Khalid bin Saeed "
            "Al-Mansouri. Product or service: customer service at Deira City Centre branch.",
            {
                "customer_name": "Khalid bin Saeed Al-Mansouri",
                "product": "customer service at Deira City Centre branch",
            },
        ),
        (
            "And perhaps the product could just say Worcester boiler.",
            {"product": "Worcester boiler"},
        ),
        (
            "The product line still carries a small error, but I shall not trouble you further.",
            {},
        ),
        # held out
        ("the name should simply read Ana Lucia Souza", {"customer_name": "Ana Lucia Souza"}),
        ("the product could say Bosch dishwasher instead", {"product": "Bosch dishwasher"}),
        ("The date line has a typo, nothing else.", {}),
        # round 13 (trial AY): a remark stored as the wish, the quoted wording cut at its
        # comma, and the customer's own next step read as a repair asked for
        (
            'The request now reads oddly. Please write what I would like as: "a refund of the'
            ' £6.99 delivery charge, and the checkout delivery options labelled".',
            {
                "desired_outcome": "a refund of the £6.99 delivery charge, and the checkout"
                " delivery options labelled"
            },
        ),
        (
            "Very well. Please submit the complaint as it now stands; I will raise the"
            " accessibility fix with whoever handles it.",
            {},
        ),
        # held out
        (
            'Put what I would like as "a refund, and a written apology".',
            {"desired_outcome": "a refund, and a written apology"},
        ),
        # round 16 (trial BE c1, c5): the words to write, as said; the read-back's label
        # quoted; remedies joined in a sentence of their own; an edit asked is no repair
        (
            "what you'd like should just say refund the second charge",
            {"desired_outcome": "refund the second charge"},
        ),
        (
            "the 'you'd like' bit is wrong, it should just say fix the boiler before Friday",
            {"desired_outcome": "fix the boiler before Friday"},
        ),
        (
            "want still wrong. refund AND apology. fix then send",
            {"desired_outcome": "Refund and an apology"},
        ),
        ("date is wrong, fix it to december 2nd please", {"incident_date": "december 2nd"}),
    ],
)
def test_how_to_write_a_value_or_a_remark_on_it_is_no_part_of_it(said: str, values: dict) -> None:
    from datetime import date

    from handlers.corrections import read_corrections

    assert read_corrections(said, date(2026, 12, 7), "en", "GB").values == values


@pytest.mark.parametrize(
    "said",
    [
        # round 12 (trial AX): "그대로" of what went in read as "file it as it is", and filed
        "아 죄송해요 날짜 칸에 제 말이 그대로 들어갔네요ㅠ 거긴 그냥 모름으로 해주세요.. 나머지는 괜찮아요",
        # held out
        "제품 칸에 제가 쓴 문장이 그대로 적혀 있네요",
    ],
)
def test_what_went_in_as_said_is_no_leave_it_as_it_is(said: str) -> None:
    assert understand(said).kind == "no"


@pytest.mark.parametrize(
    "said",
    [
        # round 16 (trial BE c3): a name given with a yes and thanks had filed the wrong one
        'Okay well now it says my name is "name\'s" which, I mean. Karen Lindqvist. Thanks so much.',
        # held out
        "ok but the name should be Karen Lindqvist",
        "네 근데 이름이 김철수로 돼 있어요",
        "yes, except the product still shows kettle, it's a toaster",
    ],
)
def test_a_yes_beside_how_a_field_should_read_corrects_it(said: str) -> None:
    assert understand(said).kind == "no"


def test_a_line_adds_to_a_story_and_a_retelling_replaces_it() -> None:
    from handlers.mends import retells

    story = "My heater started smoking this morning and the plug went black."
    assert not retells("also the plug was hot to touch", story)
    assert retells("The heater started smoking this morning, and the plug went black", story)


@pytest.mark.parametrize(
    ("text", "submits_it"),
    [
        # trial AA: filed at once, without the job number the customer asked to put in
        ("you still haven't put the job number in. RJ-55821. put it in the description", False),
        ("put it in the what happened part: the job number is RJ-1", False),
        ("ok put it in", True),
        ("put it in please", True),
        ("fix that then send it", True),
    ],
)
def test_put_it_in_a_field_is_an_edit_not_a_submit(text: str, submits_it: bool) -> None:
    assert submits(text) is submits_it


@pytest.mark.parametrize(
    "text", ["제품은 세탁기로 바꾸고 진행해 주세요", "날짜는 3일로 고치고 접수해 주세요"]
)
def test_a_field_changed_beside_a_go_ahead_is_a_correction_first(text: str) -> None:
    assert understand(text).kind == "no" and understand(text).field is not None


@pytest.mark.parametrize(
    ("text", "submits_it"),
    [
        # round 14 (trial BA): a wish corrected with "confirm in writing that …" filed at once
        (
            "What I want: reimburse the EUR 240 floor repair and confirm in writing that the "
            "installers are retrained.",
            False,
        ),
        # held out
        ("please go ahead with the refund, not the voucher", False),
        ("I'd like you to proceed with the repair visit this week", False),
        ("confirm by email when the engineer is booked", False),
        ("a refund, and confirm that nobody else was charged twice", False),
        ("then proceed whether or not the part is in stock", False),
        ("ok confirm", True),
        ("looks right, go ahead and send", True),
        ("you can confirm that, file it", True),
    ],
)
def test_a_submit_word_with_what_is_wished_after_it_is_no_submit(
    text: str, submits_it: bool
) -> None:
    assert submits(text) is submits_it


@pytest.mark.parametrize(
    "text",
    [
        "add my job number RJ-55821 to the description",  # trial AA: asked for a contact again
        "pls add the order number 55-1290 to the story",  # new
        "송장번호 6789-1234-5678도 내용에 적어주세요",  # new
    ],
)
def test_a_number_of_something_else_names_no_contact(text: str) -> None:
    assert named_field(text) != "contact"


@pytest.mark.parametrize(
    "text",
    [
        # trial AH: a "no" that says the product is right, and files: the product was asked
        "아니 제품은 무선청소기 맞고여;; 네 접수해주세요",
        "no the product is right, submit it",  # held out
        "제품 맞아요 접수해 주세요",
    ],
)
def test_a_field_said_to_be_right_beside_a_submit_files(text: str) -> None:
    assert understand(text) == Answer("yes")


# Round 5 (trials AI, AJ): yeses in slang and dialect at the read-back were refused; a yes
# word turned by "not" is none.
@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("That's all grand, you can fire it in there for me so", "yes"),
        ("yh all looks calm, bang it through", "yes"),
        ("ㅇㅇ 당연하지 ㄱㄱ", "yes"),
        # held out
        ("grand job, pop it in there", "yes"),
        ("sound, whack it through", "yes"),
        ("aye thats it", "yes"),
        ("ok that all looks right, then good to go", "yes"),  # trial AK
        ("all correct thanks", "yes"),
        ("hmm not sure", "unclear"),
        ("not ok", "unclear"),
    ],
)
def test_a_yes_in_own_words_submits_and_a_turned_one_does_not(text: str, kind: str) -> None:
    assert understand(text).kind == kind


# Round 6 (trial AK): a "not" in a remark changed the e-mail ("you did not answer me": "me"
# of emeka became "did", edidka.obi@gmail.com) and the name ("Chukwuedidka").
@pytest.mark.parametrize(
    ("text", "slots", "changed"),
    [
        (
            "The product is still showing website. And you did not answer me about the screenshot.",
            {"contact": "emeka.obi@gmail.com", "customer_name": "Chukwuemeka Obi"},
            [],
        ),
        # held out
        (
            "it is not me who ordered it, it was my brother",
            {"contact": "mena.ade@gmail.com", "customer_name": "Menachem Adeyemi"},
            [],
        ),
        # a part of the address or of the name, said as one, is still put right
        (
            "email is wrong, it is jane not jame",
            {"contact": "jame@example.com"},
            [("contact", "jane@example.com")],
        ),
        ("its Jon not John", {"customer_name": "John Smith"}, [("customer_name", "Jon Smith")]),
    ],
)
def test_a_not_in_a_remark_changes_no_contact_or_name(
    text: str, slots: dict, changed: list
) -> None:
    from datetime import date

    assert [(m.field, m.value) for m in mends(text, slots, "KR", date(2026, 12, 7))] == changed


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        # round 7 (trial AM): an Australian yes read as a no, and its no as a yes
        ("Nah yeah, she'll be right. Send it through", "yes"),
        ("Yeah nah, that's not right", "no"),
        ("빨리 넣기나 하세요. 이번엔 제대로 처리하는지 두고 볼 거예요.", "yes"),
        # held out
        ("nah yeah all good, put it through", "yes"),
        ("얼른 접수나 하세요", "yes"),
        ("yeah nah the date's wrong", "no"),
    ],
)
def test_a_yes_or_a_no_in_dialect_opens_the_answer_as_said(text: str, kind: str) -> None:
    assert understand(text).kind == kind


@pytest.mark.parametrize(
    ("text", "submits_it"),
    [
        # round 15 (trial BC): a wish with "confirm" filed at once and replaced the others
        ("and i want you to confirm the batch has been tested, put that in what i want", False),
        # held out
        ("please confirm my booking is cancelled too", False),
        ("proceed the refund to my original card", False),
        ("submit the complaint please", True),
        ("go ahead, file the thing", True),
    ],
)
def test_a_filing_word_said_of_anything_but_the_draft_files_nothing(
    text: str, submits_it: bool
) -> None:
    assert submits(text) is submits_it


@pytest.mark.parametrize(
    ("said", "held", "left"),
    [
        # round 15 (trial BC): "take the compensation off" had left only Compensation
        (
            "The product's still wrong mate. Water supply. And take the compensation off.",
            "Repair; Compensation; bottled water for the baby",
            "Repair; bottled water for the baby",
        ),
        # held out
        ("get the voucher away from it", "Refund; voucher", "Refund"),
        ("take the apology out of what I'd like", "Refund and an apology", "Refund"),
    ],
)
def test_a_part_taken_off_a_value_leaves_the_rest(said: str, held: str, left: str) -> None:
    from handlers.mends import part_removed

    assert part_removed(said, held) == left
