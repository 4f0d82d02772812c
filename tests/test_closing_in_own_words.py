"""Closing the loop in the customer's own words, as round 5's customers said it: acceptances
read as a decline or not at all ("OK. THAT I CAN LIVE WITH. … WE'RE DONE HERE." had been sent
to a senior team), declines missed, insistence read as a question ("해결됐다니까"), an
acceptance beside a question only staff can answer, scores in words beside others, and a
"no new complaint" that opened a new one. Then phrasings nobody tuned for."""

from __future__ import annotations

import pytest

from bot.settings import load_settings
from handlers.actions.closing import glad_with_question
from handlers.actions.triage import declines_filing
from handlers.decisions import score, score_in_words
from handlers.meta import asks, read_meta
from handlers.reading import Reading

POLICY = load_settings().policy


def reading(text: str) -> Reading:
    return Reading(text, meta=read_meta(text), asks=asks(text))


@pytest.mark.parametrize(
    ("text", "decided"),
    [
        # round 5 (trials AI, AJ)
        ("OK. THAT I CAN LIVE WITH. MONEY HIT MY ACCOUNT THIS MORNING. WE'RE DONE HERE.", "accept"),
        (
            "Aye well, a letter fae the manager himsel, that's mair like it. Ah'll take that. "
            "Ye can shut it.",
            "accept",
        ),
        (
            "Well. Thursday morning will do nicely, and I shall consider the matter closed "
            "provided the man actually turns up this time.",
            "accept",
        ),
        ("해결됐다니까", "accept"),
        ("해결됐다꼬 캤다 아이가, 몇 번을 말하노", "accept"),
        ("답변 주신 대로 하면 저는 더 바랄 것이 없습니다", "accept"),
        ("좋아요 이제 close 해주셔도 돼요", "accept"),
        ("is not resolve for me. maybe somebody can come take it?", "decline"),
        ("뚜껑 쪼가리 하나 보내고 끝이라꼬? 그래는 몬 받아들인다.", "decline"),
        ("이건 아직 끝난 걸로 치지 말어", "decline"),
        ("고쳐진거 보기 전까진 끝났다고 하기엔 좀;;", "decline"),
        # held out
        ("right, that I can live with. we're done now.", "accept"),
        ("ok the money hit my account. cheers, we're done here", "accept"),
        ("더 바랄 게 없네요 감사합니다", "accept"),
        ("된다니까요 이제 잘 돼요", "accept"),
        ("sorry but it is not resolve, the door still not close", "decline"),
        ("아직 끝난 걸로 치지 마세요", "decline"),
        ("Yes. We're done here.", "accept"),
        ("ok we're done here", "accept"),
        # leaving alone, or with a no, is still a no; a real question still asks
        ("no. we're done here.", "decline"),
        ("we're done here", "decline"),
        ("해결됐다니까요?", None),
        # round 16 (trial BE): taking what was offered, a check asked again, a learner's "not
        # finish" and "not agree"
        (
            "ehh kinda lame i gotta cover it but the shop's like 10 min from my place so "
            "whatever, ill take the refund, we're good",
            "accept",
        ),
        (
            "Well, that's interesting, because it's been posted, not pending, for five days "
            "now, so I'm not sure it's a hold. I'd appreciate it if someone actually checked again.",
            "decline",
        ),
        (
            "training good. but apology email, me not get yet. apology arrive first, then finish. now not finish.",
            "decline",
        ),
        (
            "Only half? I did not sleep all the night, I am not agree with this. Why only 50%?",
            "decline",
        ),
        # held out
        ("fine, I'll take the replacement, cheers", "accept"),
        ("could somebody look again please, the charge is still there", "decline"),
        ("me not agree. money not back", "decline"),
        # round 17 (trial BG): an Irish "not at all", a second look asked, content with a
        # proviso
        ("Divil a bit it resolves it. Not till the meat is paid right.", "decline"),
        (
            "The freezer part is grand. I'd want somebody to take another look at that now "
            "before I'd be happy.",
            "decline",
        ),
        (
            "That is a sensible disposal, and I am content to let the matter rest there, "
            "provided the crew does in fact attend on Thursday.",
            "accept",
        ),
        # held out
        ("devil a bit of use that is to me", "decline"),
        ("could you look at it again please, it's not what I asked", "decline"),
        ("I'm content with that, thank you", "accept"),
    ],
)
def test_a_decision_in_own_words_is_read(text: str, decided: str | None) -> None:
    assert reading(text).decision() == decided


@pytest.mark.parametrize(
    "text",
    [
        "Okay, this new fridge arrangement is good, I accept it, thank you. But please, will it "
        "be the same boys that damaged the first one that are coming on Thursday?",
        # held out
        "Fine, I'll take that, thanks. But tell me, will the driver ring before he comes?",
        # round 9 (trial AQ): a request beside the acceptance, a bare yes or no asked for
        "This is more correct. I accept, lab can try recovery. Send me address of lab please.",
        # held out
        "OK I accept the repair. Please send me the courier's number.",
        # round 10 (trial AT): an acceptance in 조선족 speech with a question, a bare yes asked
        "일없슴다, 그리 해주면 됐지비. 근데 돈은 언제쯤 들어옵니까?",
    ],
)
def test_an_acceptance_beside_a_question_for_staff_is_glad_and_waits(text: str) -> None:
    assert glad_with_question(reading(text))


@pytest.mark.parametrize(
    ("text", "given"),
    [
        ("For the handling I will give you people three over five.", 3),
        ("I'd gie it three oot o five", 3),  # trial AK
        ("결과는 괜찮은데 말귀를 너무 몬 알아묵어서 두 개만 준다", 2),
        # held out
        ("i will give 4 over 5 for the effort", 4),
        ("세 개 드린다", 3),
    ],
)
def test_a_score_given_in_a_sentence_is_read(text: str, given: int) -> None:
    assert score(text, asked=True) == given


@pytest.mark.parametrize(
    ("text", "given"),
    [
        ("Overall service was good only, full marks I will give.", 5),
        ("최하점 주겠습니다", 1),
        # held out
        ("the engineer was good but honestly average I would give overall", 3),
        ("good and bad", None),
    ],
)
def test_a_score_in_words_is_the_one_given(text: str, given: int | None) -> None:
    assert score_in_words(text) == given


@pytest.mark.parametrize(
    ("text", "none"),
    [
        ("No no, no new complaint. I was only giving rating for your service. Bye.", True),
        ("ㄴㄴ 새로 접수하는거 아님 아까 그거 해결됐다는 뜻임", True),
        ("아 ㅡㅡ 이거 취소 접수 안한다고", True),
        # held out
        ("I'm not filing anything, the fridge is fine now", True),
        ("접수할 생각 없어요 그냥 알려드린 거예요", True),
        # round 6 (trials AK, AL), after the case was closed
        ("Thank you. I have no intention of lodging any further complaint. Goodbye.", True),
        ("I DON'T WANT TO OPEN ANOTHER COMPLAINT", True),
        ("nothin else to moan about. Laters", True),
        ("이건 뭐 또 접수허는 게 아니구유, 그냥 기사님께 고맙다고 전해주셔유.", True),
        ("아녀유, 접수할 거 읎슈. 만족도 점수 말한 거여유.", True),
        # held out
        ("not looking to raise a new complaint, just saying cheers", True),
        ("민원 넣는 게 아니구요 그냥 감사해서요", True),
        ("I want to open a complaint about my fridge", False),
        # a fault or a question beside it is still one
        ("not filing a complaint but my fridge is leaking", False),
        ("its not a complaint exactly, more that the delivery guy was rude", False),
        ("접수 안 하면 어떻게 되나요?", False),
        ("I never got a reply to my complaint", False),
        # round 7 (trials AM, AN)
        ("고맙심더. 다른 거 또 접수할 거는 없으예, 이걸로 끝입니더.", True),
        ("또 접수 할거는 없고 그냥 고맙다고 할려고 들어왔어요", True),
        ("새로 접수하려는 것이 아닙니다. 만족도 점수를 드린 것뿐입니다.", True),
        ("아 새로 하지 말래두. 됐소, 관두우야.", True),
        ("k thx. nah i dont need 2 do another one, just the 1 lol", True),
        # held out
        ("신고하려는 게 아니고요 고맙다는 말씀 드리려고요", True),
        ("I won't be making another one, thanks", True),
        ("접수 안 한 걸로 알고 있는데 확인해 주세요", False),
        ("접수할 게 또 있어요", False),
        # round 8 (trial AO)
        (
            "I only wanted to say thank you again. I do not wish to make any further complaint, "
            "you have been most helpful.",
            True,
        ),
        # held out
        ("not making a new complaint, just saying thanks", True),
        ("I don't want to file another complaint", True),
        # round 13 (trial AY): a new complaint opened on each
        (
            "No dear, I have no new complaint. I was telling you that I am satisfied with your"
            " answer about my heater.",
            True,
        ),
        ("naw it's no a new complaint, it's the same boiler, stick it wi the other yin", True),
        # held out
        ("no new complaint. nobody answered my calls though", False),
        ("it's not new, it's the same washer as before", True),
    ],
)
def test_no_filing_said_files_nothing(text: str, none: bool) -> None:
    assert declines_filing(POLICY, text) is none


# Round 6 (trial AL): acceptances, declines and scores in Korean speech.
@pytest.mark.parametrize(
    ("text", "decided"),
    [
        ("알았다. 시간까지 알았으니 인자 볼일 다 봤다, 닫아뿌라.", "accept"),
        ("인자사 말이 통허네. 새 놈으로 바꿔준다믄 나가 더 헐 말 없제.", "accept"),
        ("아따 이라믄 안 되제. 내는 이걸로 마무리된 걸로 못 해주겄소.", "decline"),
        ("새 제품 받을 때 맞교환하는 방식 아니면 이 답변은 accept 못 하겠어요.", "decline"),
        # held out
        ("됐네요 이제 닫아 주세요", "accept"),
        ("이걸로 충분합니다 감사해요", "accept"),
        ("이걸로 끝난 걸로 못 하겠어요", "decline"),
        # round 16 (trial BF): the matter closed in own words, the heart eased, an offer said
        # plainly ("빼준다 카니"), "what's the use"
        ("한 시면 딱 좋다. 요금도 빼준다 카니 됐다 마", "accept"),
        (
            "덕분에 늦지 않게 입혀 드릴 수 있겠습니다. 정말 감사합니다. 이 건은 이것으로 마무리해 주셔도 됩니다.",
            "accept",
        ),
        (
            "진심 어린 사과를 받았으니 이제 제 마음이 풀렸습니다. 이로써 이 일은 마무리된 줄로 믿습니다.",
            "accept",
        ),
        ("세 번이믄 뭐 합니까, 원래 네 번이었는데. 주민들한테 이래 가 설명 못 합니다.", "decline"),
        # held out
        ("이제 종결해 주셔도 됩니다 고생하셨어요", "accept"),
        ("기사님 온다 카니 딱 좋네요", "accept"),
        ("이래 가지고는 무슨 소용입니까", "decline"),
        # round 17 (trial BH): taken formally or in short, an offer hailed, a second look asked
        ("목요일 18시 30분 재방문 수용함. 본 건 종결 처리 바람.", "accept"),
        ("대체 모니터라니, 구원의 손길이군요. 그 제안 기꺼이 받겠습니다.", "accept"),
        (
            "팔십만 원이라… 온전치는 않으나 이만하면 성의는 보였다고 여기겠소. 그 제안을 받아들이리다.",
            "accept",
        ),
        ("오 이제야 말이 통하네 ㅋㅋ 그렇게 해줘 그럼 끝", "accept"),
        ("이것을 어찌 해결이라 하겠소. 윗선에서 다시 살펴보길 바라오.", "decline"),
        ("수리 말고 교환해달라고 했잖아. 센서 다시 제대로 체크해보고 답 줘", "decline"),
        # held out
        ("제안하신 방안 수용합니다. 종결해 주세요", "accept"),
        ("토요일 재설치 수용함.", "accept"),
        ("이걸 해결이라 할 수 있나요 재검토 부탁드립니다", "decline"),
    ],
)
def test_a_korean_decision_in_speech_is_read(text: str, decided: str) -> None:
    assert reading(text).decision() == decided


@pytest.mark.parametrize(
    ("text", "given"),
    [
        ("점수 같은 거 줄 기분 아이다. 제일 밑바닥 주께.", 1),
        ("지는 꽉 채워서 다 드릴라구유. 친절허게 해줬으니께.", 5),
        ("담당자분 응대는 만점 드리고 싶은데, 챗봇이 같은 걸 두 번 물어서 하나 뺄게요.", 4),
        # held out
        ("줄 수 있는 거 중에 제일 낮은 거", 1),
        ("full marks minus one for the wait", 4),
        # round 16 (trials BE, BF): two taken off where from, what it would have been said
        # as it sounds
        ("결과는 좋은데 처음 답이 시원찮았으니 다섯에서 둘 빼고 드리겠소.", 3),
        ("I'd give it a four. Woulda been five but that contraption hollered at me", 4),
        # held out
        ("five stars, knock two off for the wait", 3),
        ("from five, minus two for the wait", 3),
        ("다섯 개 만점에 두 개 빼가 세 개 주께예", 3),
        ("coulda been a five if you'd called. a four then", 4),
        # round 17 (trials BG c7, BH c9): a sum or a mean said
        ("셋에 하나를 더한 만큼 주겠소.", 4),
        ("I shall award the mean of five and one.", 3),
        # held out
        ("two plus one, no more", 3),
        ("넷과 다섯의 평균으로 할게요", 5),
    ],
)
def test_a_score_in_korean_words_or_less_one_is_read(text: str, given: int) -> None:
    assert (score(text, asked=True) or score_in_words(text)) == given


def test_an_acceptance_before_a_turn_to_a_question_is_glad() -> None:
    text = "오 감사해여!! 그거면 충분해요ㅎㅎ 근데 육각렌치도 같이 넣어주실수있나여?"
    assert glad_with_question(reading(text))


@pytest.mark.parametrize(
    "text",
    [
        # review: "not" said of someone else, or of a fuss, is no refusal to file
        "I don't want to make a fuss but my order is wrong.",
        "Your staff never opened a complaint for me even though I asked",
        "You didn't log my complaint properly last time.",
        "접수 안 한 걸로 알고 있는데 확인해 주세요",
    ],
)
def test_a_not_that_is_not_the_customers_refusal_files_as_ever(text: str) -> None:
    assert not declines_filing(POLICY, text)


@pytest.mark.parametrize(
    ("text", "decided"),
    [
        # round 7 (trials AM, AN): each had been read as no decision, or as an acceptance
        (
            "I am obliged for the replacement, but I cannot regard the matter as settled while "
            "the 6.95 delivery charge remains unrefunded.",
            "decline",
        ),
        ("아따 삼십만 원 갖고 어치케 고친다요. 그 돈으론 택도 없응께 못 받아들이것소.", "decline"),
        (
            "게난 환불은 싫댄 몇 번을 골아수꽈. 이건 안 되쿠다. 천혜향이라도 보내주는 건 안 되우꽈?",
            "decline",
        ),
        ("엥 ㄴㄴ 이건 아니지 ㅋㅋ 주문내역 다시 확인해보셈", "decline"),
        ("장난해요? 상품권 오만 원이요? 이걸로 끝낼 생각 꿈도 꾸지 마세요.", "decline"),
        ("네 기사 오면 줄게요. 이제 됐어요.", "accept"),
        # held out
        ("I wouldn't call this sorted, the fee is still on my bill", "decline"),
        ("I don't consider this resolved", "decline"),
        ("I can't see why it took so long, but it's resolved now", "accept"),
        ("I can't see why it took so long, it's resolved now anyway", "accept"),
        ("이 정도로는 안 됩니다", "decline"),
        ("그걸로는 안 돼요. 다시 알아봐 주세요", "decline"),
        ("이건 좋네요 감사합니다", "accept"),
    ],
)
def test_the_answer_pointed_at_and_turned_down_declines(text: str, decided: str) -> None:
    assert reading(text).decision() == decided


@pytest.mark.parametrize(
    ("text", "given"),
    [
        # round 7 (trials AM, AN): asked again, or stored wrong (5, 3)
        ("다섯 개 중에 세 개 줄랍니더. 처리는 괜찮은데", 3),
        ("니 개 주쿠다. 처음에 환불로 잘못 적어부난.", 4),
        ("음 four out of five? 접수할 때 name이랑 product 좀 헷갈려서 하나 뺄게요 ㅎㅎ", 4),
        ("처리 결과는 만족스러우나 응대 과정은 보통 수준으로 평가하겠습니다.", 3),
        ("Four outta five. Would've been full marks if the bot didn't keep askin me", 4),
        # held out
        ("다섯 개 중에 두 개 드릴랍니더", 2),
        ("three outta five, could be worse", 3),
        ("would have been top marks but the wait was long, three", 3),
        ("full marks minus one for the wait", 4),
        ("Would've been full marks if the wait was shorter. Good though.", 4),
    ],
)
def test_a_score_of_a_scale_or_of_what_might_have_been_is_the_one_given(
    text: str, given: int
) -> None:
    assert reading(text).score(asked=True) == given


@pytest.mark.parametrize(
    ("text", "decided"),
    [
        # round 8 (trials AO, AP): closed as accepted, or asked for a bare yes or no
        (
            "음.. 그렇게 처리해 주시는 건 저희한테는 별 의미가 없어요ㅠ 거치대만 와도 아이가 안 차려고 하거든요",
            "decline",
        ),
        ("Dat nah go work fi mi at all", "decline"),
        # held out
        ("그 방법은 저희한테 소용없어요", "decline"),
        ("that's not gonna work for me", "decline"),
        ("그렇게 해 주시면 좋겠어요", "accept"),
    ],
)
def test_an_answer_of_no_use_declines(text: str, decided: str) -> None:
    assert reading(text).decision() == decided


@pytest.mark.parametrize(
    "text",
    [
        # round 14 (trial BB): read as an acceptance, or not read (a bare 아니요 needed)
        "이거이 해결됐다 할 수 없디요",
        "이거 다 끝난거 아니에요",
        # held out
        "아직 끝난 게 아니잖아요",
        "이걸로 해결된 건 아니지요",
    ],
)
def test_not_finished_in_own_words_declines(text: str) -> None:
    assert reading(text).decision() == "decline"


@pytest.mark.parametrize(
    ("text", "given"),
    [
        # round 8 (trial AP): stored 5, or asked again
        ("다섯 개 만점에 두 개 빼가 세 개 주께예", 3),
        ("다섯 중에 시 개는 줄라요", 3),
        ("닷 개 중에 세 개", 3),
        ("5점 척도 기준으로 4점", 4),
        # held out
        ("다섯 개 중에 네 개 드릴게요", 4),
        ("5점 척도로 3점 주겠습니다", 3),
    ],
)
def test_a_score_against_a_scale_in_speech_is_the_one_given(text: str, given: int) -> None:
    assert reading(text).score(asked=True) == given


@pytest.mark.parametrize(
    ("text", "given"),
    [
        # round 14 (trials BA, BB): stored 5, stored 2 without a word, dropped, or asked again
        ("다섯 단계 중 셋으로 평가합니다.", 3),
        ("A generous two and a half. Don't spend it all at once.", 3),
        ("세 개 반쯤?", 4),
        ("4.5. Woulda been a 5 if the guy showed up the first time", 5),
        ("3 outta 5 innit", 3),
        # held out
        ("three and a half, the engineer was late", 4),
        ("5단계 중에 넷이요", 4),
        ("3.5 out of 5", 4),
        ("별 두 개 반", 3),
        ("2 out of 5 tho", 2),
    ],
)
def test_a_half_is_rounded_up_and_a_scale_of_levels_is_read(text: str, given: int) -> None:
    assert reading(text).score(asked=True) == given


@pytest.mark.parametrize(
    ("text", "given"),
    [
        # round 8 (trial AO), and a round-6 one asked again
        ("a five, but knock one off for the wait, call it four", 4),
        ("solid 5 for the ppl, but the bot part was kinda mid so like... 4", 4),
        # held out
        ("the staff were a 5, the bot a 2, so overall 3", 3),
    ],
)
def test_the_score_settled_on_after_others_is_the_one(text: str, given: int) -> None:
    assert reading(text).score(asked=True) == given


@pytest.mark.parametrize(
    ("text", "decided"),
    [
        # round 12 (trials AW, AX): a bare yes or no asked for, or read the other way
        (
            "오메 그라제 기사양반 와서 고쳐주고 갔어라. 인자 방이 뜨끈뜨끈허니 살것네. 고맙소잉",
            "accept",
        ),
        ("11일이믄 됐다. 그날 오전에 오라 하소", "accept"),
        ("꺅 완전 조아용💕💕 이걸로 오케이에용 ㅎㅎ", "accept"),
        ("이의 없습니다. 본 건은 이것으로 종결하는 데 동의합니다.", "accept"),
        ("음.. 20만원 너무 적어요. 계산 어떻게 했어요? 저 이거 받을 수 없어요", "decline"),
        ("Why aye, that's champion like. Line's been grand since. Ta pet.", "accept"),
        ("Noted with thanks. With this my issue is resolved, kindly close the ticket.", "accept"),
        ("A FRENCH MAST?? PULL THE OTHER ONE. FORTY QUID MY ARSE, I WANT ALL 87 BACK.", "decline"),
        ("WHAT DO YOU THINK. NO IT FLAMING DOESN'T.", "decline"),
        (
            "How very kind of you, the heaters will be most welcome. I wouldn't want to be "
            "difficult, but I'd rather not call it settled quite yet, not until Paul has been.",
            "decline",
        ),
        # held out
        ("기사님이 새걸로 바꿔주고 가셨어요 감사해요", "accept"),
        ("금요일이면 됐어 그때 와요", "accept"),
        ("별다른 이의 없습니다", "accept"),
        ("제시하신 금액은 받을 수가 없습니다", "decline"),
        ("no it bloody doesn't, still dead", "decline"),
        ("Why yes, that sorts it nicely", "accept"),
        ("I'd rather not call it resolved until the engineer has been", "decline"),
    ],
)
def test_a_decision_of_round_12_in_own_words_is_read(text: str, decided: str) -> None:
    assert reading(text).decision() == decided


@pytest.mark.parametrize(
    ("text", "given"),
    [
        # round 12 (trials AW, AX): asked again, stored 5, or not read
        ("음 5점! 아 아니당 4점 할게용 ㅋㅋ", 4),
        ("음.. 10점 만점에 9점이요! 아 근데 죄송한데 8점으로 할게요", 4),
        ("나는 100점 중에서 80점을 주겠습니다. 배송은 느렸지만 직원은 친절했습니다.", 4),
        ("Eh, I'd gi ye a seven oot of ten. Would've been an eight but the bot drove us mad.", 4),
        ("Gan on then, call it a fower.", 4),
        # held out
        ("3점이요 아니다 2점", 2),
        ("100점 중에 60점 정도요", 3),
        ("10점 만점에 7점 주려다가 6점으로 할게요", 3),
    ],
)
def test_a_score_changed_or_scaled_in_the_message_is_the_one_settled_on(
    text: str, given: int
) -> None:
    assert reading(text).score(asked=True) == given


@pytest.mark.parametrize(
    ("text", "decided"),
    [
        # round 13 (trials AY, AZ): an acceptance read as a decline and the other way round
        ("아니 ㅋㅋ 해결됐다고 그거 받을게", "accept"),
        ("콜, 그걸로 하자", "accept"),
        ("이제 됐드래요", "accept"),
        ("not ok", "decline"),
        (
            "The disc part is ótimo, thank you! But voucher não, obrigada, I don't want voucher."
            " I want my money back for the burner or a new one that works.",
            None,
        ),
        # held out
        ("no lol it's sorted, I said so", "accept"),
        ("ok fine, please send the replacement, that works", None),
    ],
)
def test_a_decision_of_round_13_in_own_words_is_read(text: str, decided: str | None) -> None:
    assert reading(text).decision() == decided


@pytest.mark.parametrize(
    ("text", "given"),
    [("다섯 개… 아이다, 네 개다", 4), ("5 no wait 4", 4), ("세 개, 아니다 두 개", 2)],
)
def test_a_score_taken_back_on_the_spot_is_the_later_one(text: str, given: int) -> None:
    assert reading(text).score(asked=True) == given


@pytest.mark.parametrize(
    ("text", "comment"),
    [
        # found on make run: a score changed on the spot kept as the survey's comment
        ("10점 만점에 9점이요! 아 근데 8점으로 할게요", False),
        ("5 no wait 4", False),
        ("3, the engineer was late", True),
    ],
)
def test_a_score_settled_on_in_the_message_is_no_comment(text: str, comment: bool) -> None:
    from handlers.actions.closing import said_more

    assert (said_more(text) is not None) is comment


@pytest.mark.parametrize(
    ("text", "decided"),
    [
        # round 14 (trial BA): "A yes or a no is enough", and a new complaint opened
        ("Look at you, growth. Fine, the full refund works, we're done here.", "accept"),
        (
            "oh amazing yes that's sorted then!! the refund's literally in my banking app, oh "
            "wait is that the pool reopening sign on your website? anyway yeah all good thank you",
            "accept",
        ),
        # held out
        ("ok the replacement works, cheers", "accept"),
        ("all sorted thanks, random q do you sell gift cards?", "accept"),
        ("yes sorted, btw when does the refund actually land?", None),
        ("the replacement would work if it came before friday", None),
    ],
)
def test_what_was_offered_said_to_work_or_a_question_aside_accepts(
    text: str, decided: str | None
) -> None:
    assert reading(text).decision() == decided


@pytest.mark.parametrize(
    ("text", "given"),
    [
        # round 15 (trial BC): "and half" without its "a", stored 3
        ("I give 3 and half, because the gym was dangerous but you answer fast", 4),
        ("I said before, three and half", 4),
        # held out
        ("2 & a half", 3),
    ],
)
def test_a_half_said_without_its_article_is_a_half(text: str, given: int) -> None:
    assert reading(text).score(asked=True) == given


@pytest.mark.parametrize(
    ("text", "given"),
    [
        # round 15 (trials BC, BD): not read, or a closed case reopened
        ("Adequate. No better than that.", 3),
        ("보통이요. 세 번이나 말해야 됐으니까", 3),
        ("며칠 지나 돌아보니, 지난번 드린 점수는 후했습니다. 넉 점으로 고쳐 주십시오.", 4),
        # held out
        ("석 점 드릴게요", 3),
        ("passable, nothing more", 3),
    ],
)
def test_a_score_in_old_or_plain_words_is_read(text: str, given: int) -> None:
    assert reading(text).score(asked=True) == given


@pytest.mark.parametrize(
    "text",
    [
        # round 15 (trial BC): a new complaint about "heart"
        "Ah, at last the tide turns kindly. The coin returned, the apology penned; my heart is "
        "mended, and I consider the matter laid gently to rest.",
        # held out
        "I deem the matter closed, thank you",
        "we may consider it settled",
    ],
)
def test_the_matter_laid_to_rest_in_flourish_accepts(text: str) -> None:
    assert reading(text).decision() == "accept"
