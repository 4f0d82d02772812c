"""The customer's decision on an answer, and a satisfaction score, read from their words
(handlers/decisions.py through the Reading): a question, a request, a negation or a count is
never taken for what it is not (a review found each)."""

from __future__ import annotations

import pytest

from handlers.decisions import score
from handlers.meta import asks, read_meta
from handlers.reading import Reading


def decision(text: str) -> str | None:
    return Reading(text, meta=read_meta(text), asks=asks(text)).decision()


@pytest.mark.parametrize(
    ("text", "decided"),
    [
        ("yes that sorts it", "accept"),
        ("fine whatever", "accept"),
        ("네 해결됐어요", "accept"),
        ("thanks, it still works great", "accept"),
        ("still leaking, not fixed", "decline"),
        ("아니요 아직 해결 안 됐어요", "decline"),
        ("nah mate, it still thumps just as loud", "decline"),
        ("it hasnt been fixed", "decline"),  # a negation reaches "fixed"
        ("nobody fixed it", "decline"),
        ("it was never resolved", "decline"),
        ("is this resolved?", None),  # a question is passed to staff
        ("해결됐나요?", None),
        ("great, but when do I get my money back?", None),
        ("됐어요 됐어 그냥 환불해줘요", None),  # a request is passed to staff
        ("아직 안 써봤어요", None),
    ],
)
def test_a_decision_is_read_only_where_one_is_said(text: str, decided: str | None) -> None:
    assert decision(text) == decided


@pytest.mark.parametrize(
    ("text", "decided"),
    [
        # trial E: a no said in a clause of its own, the rest its reason or a question
        ("lol no. the banner said FREE DELIVERY. a 10k voucher is not a refund", "decline"),
        ("so that's a no from me. not resolved. what happens now?", "decline"),
        ("no, I want my money back", "decline"),
        ("nope. when is someone actually coming?", "decline"),
        ("아니요 근데 언제 오세요?", "decline"),
        ("수리는 받아들이기 어렵습니다. 교환 안 되나요?", "decline"),
        # grudging, resigned, or said as a request to go ahead
        ("well that will have to do i suppose", "accept"),
        ("fine, close it please", "accept"),
        ("ㅇㅇ 어제 받음 잘됨", "accept"),
        ("김치 버린건 속상하지만 어쩌겠습니까. 그렇게 해 주십시오.", "accept"),
        ("속상하지만 별수 없죠", "accept"),
        # still no decision
        ("no problem, when will he come?", None),
        ("해결됐나요", None),  # asked by its ending
        ("어쩔 수 없죠?", None),  # a question mark asks
        ("no one has called me yet", None),
        # trials W and X: thanks beside what the customer will do now is glad of the answer
        ("ok thanks, see you wednesday", "accept"),
    ],
)
def test_a_clause_decides_beside_a_question_a_reason_or_resignation(
    text: str, decided: str | None
) -> None:
    assert decision(text) == decided


def test_with_another_question_pending_only_words_decide() -> None:
    def pending(text: str) -> str | None:
        return Reading(text, meta=read_meta(text), asks=asks(text)).decision(by_consent=False)

    assert pending("ㅇㅇ") is None  # the yes answers "which complaint?"
    assert pending("no") is None
    assert pending("ㅇㅇ 어제 받음 잘됨") == "accept"
    assert pending("no, still broken") == "decline"


@pytest.mark.parametrize(
    ("text", "asked", "scored"),
    [
        ("Middling I'd say. The chat was quick but nobody rang.", 3, None),
        ("그냥 보통이요", 3, None),
        ("very good thanks", 5, None),  # the longest phrase: no "good" (4) besides
        ("not happy with how long it took", 2, None),
        ("별로였어요", 2, None),  # no score in a story, the answer to the survey
        ("최고예요 감사합니다", 5, None),
        ("good and bad", None, None),  # two levels: none
        ("the fridge is leaking again", None, None),
        ("how do I rate?", None, None),
    ],
)
def test_a_score_in_words_only_as_the_answer_to_the_survey(
    text: str, asked: int | None, scored: int | None
) -> None:
    reading = Reading(text, meta=read_meta(text), asks=asks(text))
    assert (reading.score(asked=True), reading.score()) == (asked, scored)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("4", 4),
        ("4점", 4),
        ("3, it was slow", 3),
        ("my washer broke 3 days ago", None),  # a count, never a score
        ("it happened 2 times this week", None),
        ("세탁기가 3일 전에 고장났어요", None),
        ("3 주 전에 샀는데 아직이에요", None),
    ],
)
def test_a_count_is_no_score(text: str, value: int | None) -> None:
    assert score(text, asked=True) == value


@pytest.mark.parametrize(
    ("text", "asked", "value"),
    [
        ("별 세 개", False, 3),  # stars named before their number, wherever
        ("별 세 개요", True, 3),
        ("별점 4개 드릴게요", False, 4),
        ("별 하나", False, 1),
        ("세 개요", True, 3),  # the whole answer to the question just asked
        ("3개", True, 3),
        ("두 개 드릴게요", True, 2),
        ("three stars", False, 3),
        ("★★★★", False, 4),
        ("★★★☆☆", True, 3),
        ("⭐️⭐️⭐️⭐️⭐️", False, 5),
        ("4 ⭐", True, 4),  # one star beside the number is its unit
        ("세 개요", False, None),  # not asked: a counted number is no score
        ("세 개 샀는데 다 고장났어요", True, None),  # a count in a story
        ("3개 주문했는데 2개만 왔어요", True, None),
        ("세탁기 세 개 중에 하나가 고장", True, None),
        ("별로였어요", True, None),  # 별로 is no star
        ("별 3일 전에 샀어요", True, None),
        ("★★★★★★", True, None),  # six: no score of five
    ],
)
def test_stars_said_counted_or_drawn_are_a_score(text: str, asked: bool, value: int | None) -> None:
    assert score(text, asked=asked) == value


# Trials I and J: a status question read as accepting the answer closed the case; a yes
# said after "됐네요" threw the draft away; "해결된걸로 칠게요" was read as a cancel.
@pytest.mark.parametrize(
    ("said", "decided"),
    [
        ("hey hows my complaint going", None),
        ("any update on my complaint", None),
        ("해결된걸로 칠게요", "accept"),
        ("whats happening with my complaint then", None),  # held out
        ("제 민원 어떻게 되고 있나요", None),  # held out
        ("just checking in on my complaint", None),  # no question mark, no yes
        ("제 민원 확인차 연락드려요", None),
        # trial Q: the customer's own step still to come is no "still not fixed"
        ("any update? I still haven't collected the phone", None),
        ("still need to pick it up from the shop, any news on the refund?", None),
        ("I still havent tried it, is the new one coming?", None),  # held out
        ("I still haven't got my refund, any update?", "decline"),
        ("any news? it still rattles", "decline"),
    ],
)
def test_a_status_question_is_no_decision(said: str, decided: str | None) -> None:
    reading = Reading(
        said, intent="check_status", confidence=0.9, meta=read_meta(said), asks=asks(said)
    )
    assert reading.decision() == decided


@pytest.mark.parametrize(
    ("said", "answer"),
    [
        ("ㅇㅇ 이제 됐네요 접수", "yes"),
        ("네 취소요", "leave"),
        ("그냥 취소해줘요", "leave"),
        ("됐어요 됐어 그냥 접수해요", "yes"),  # held out
    ],
)
def test_a_yes_after_a_leave_takes_it_back(said: str, answer: str) -> None:
    assert read_meta(said).answer == answer


@pytest.mark.parametrize(
    ("said", "scored"),
    [("사점", 4), ("오점이요", 5), ("삼 점 드릴게요", 3)],  # trial J: Sino-Korean numbers
)
def test_a_sino_korean_score_counts(said: str, scored: int) -> None:
    assert score(said, asked=True) == scored


def test_a_score_in_the_middle_is_three() -> None:
    assert Reading("중간 정도요").score(asked=True) == 3  # trial J stored 4


@pytest.mark.parametrize(("said", "answer"), [("네 이제 됐네요", "yes"), ("넵 됐습니다", "yes")])
def test_a_yes_with_thats_fine_is_a_yes(said: str, answer: str) -> None:
    assert read_meta(said).answer == answer  # trial L: "네 이제 됐네요" threw the form away


# Trials K and L: acceptances and declines in the customer's own words that needed a bare
# 네/아니요 or the button
@pytest.mark.parametrize(
    ("said", "decided"),
    [
        ("아니오, 그것으로는 부족하다고 봅니다.", "decline"),
        ("아니요 환불 원해요", "decline"),
        ("아뇨 해결 안됐어요 환불로 해주세요", "decline"),
        ("오 환불 해주시는거면 됐어여", "accept"),
        ("8일방문좋습니다 그렇게해주세요", "accept"),
        ("that is acceptable to us", "accept"),
        ("fine, go ahead with the repair then", "accept"),
        # held out
        ("아니요 그걸로는 안 돼요", "decline"),
        ("ok go ahead with the replacement", "accept"),
    ],
)
def test_a_decision_in_own_words(said: str, decided: str) -> None:
    reading = Reading(said, intent="inform", confidence=0.5, meta=read_meta(said), asks=asks(said))
    assert reading.decision() == decided


@pytest.mark.parametrize(
    ("said", "decided"),
    [
        # trials K and L: agreeing to what staff offered, in the customer's own words
        ("Oh that is marvellous news, Thursday suits me perfectly. Thank you dear.", "accept"),
        ("ok can, wednesday ok for me. settled lor", "accept"),  # "ok can" asks nothing
        ("네 그렇게 해주시면 될 것 같아요", "accept"),
        # new phrasings
        ("oh that's great, next tuesday works for us", "accept"),
        ("cool, a refund's fine with me then", "accept"),
        ("네 그럼 그렇게 해주시면 될 것 같습니다", "accept"),
        ("화요일 방문 괜찮아요 그걸로 할게요", "accept"),
        ("is it settled?", None),  # asked, not said
    ],
)
def test_an_acceptance_of_what_staff_offered_in_own_words(said: str, decided: str | None) -> None:
    assert decision(said) == decided


@pytest.mark.parametrize(
    ("said", "decided", "reason"),
    [
        # a no that opens its reason: the reason kept whole, never asked again
        ("nah 10 days without my laptop is a joke", "decline", True),
        ("아니오 그건 말이 안되죠 환불해주세요", "decline", True),
        ("nope, a repair isn't what i asked for", "decline", True),
        ("naw mate, that won't work for me at all", "decline", True),
        ("아니오 저는 환불을 원합니다", "decline", True),
        ("아니요 그건 말이 안 되는 거죠", "decline", False),  # only that it is no answer
        ("nah all good thanks", "accept", False),  # a no that opens good news
        ("no one has called me yet", None, False),  # "no one" opens no no
        ("아직도 안 됐나요", None, False),  # asked by its ending: no retort
    ],
)
def test_a_no_that_opens_its_reason_declines_with_it(
    said: str, decided: str | None, reason: bool
) -> None:
    reading = Reading(said, meta=read_meta(said), asks=asks(said))
    assert reading.decision() == decided
    if decided == "decline":
        assert reading.reason == (said if reason else "")


@pytest.mark.parametrize(
    ("said", "scored"),
    [
        ("like a 3 i guess? shouldnt have happened in the first place lol", 3),
        ("maybe a 4? the wait was long though", 4),  # a clause that is only a score
        ("full marks from me", 5),
        ("오점 만점에 사점 드림", 4),  # the scale is no score (was 5)
        ("오점만점에 삼점이요", 3),
        ("완전 만족이에여 만점!!", 5),
        ("별네개", 4),  # the star word glued to its count
        ("별다섯개", 5),
        ("다섯개중에네개정도요", 4),
        ("다섯 개 중에 네 개요", 4),
        ("별일 없어요", None),  # no counter: no stars
        ("3 days late, the engineer came twice", None),
    ],
)
def test_a_score_said_with_its_scale_or_glued_to_its_stars(said: str, scored: int | None) -> None:
    assert Reading(said, meta=read_meta(said), asks=asks(said)).score(asked=True) == scored


@pytest.mark.parametrize(
    ("said", "decided"),
    [
        # trials M, N, O, P: a clause that accepts decides when nothing else asks or declines
        # ("Yes, it does. Thank you."), an exclamation asks nothing ("Oh how wonderful"); the
        # last ten were written before they were tried
        ("Yes, I'm quite satisfied with that", "accept"),
        ("k cool thats all i wanted", "accept"),
        ("Okay, I will accept that. Thank you.", "accept"),
        (
            "Oh how wonderful, thank you so much dear. That's all sorted then, I'm very grateful.",
            "accept",
        ),
        ("Yes, it does. Thank you.", "accept"),
        (
            "Ah ah, discount for a broken item? I should get a new one. I am not accepting this.",
            "decline",
        ),
        ("ㅇㅋ 됐음", "accept"),
        # trials AE and AF: declines asked again as a yes or a no, one read as withdrawing
        (
            "답변은 감사한데 아직 수리를 받은 게 아니라서 해결됐다고 하긴 어렵네요. 택배 수리로"
            " 하고 싶은데 신청은 어디서 하면 되나요?",
            "decline",
        ),
        ("날짜 잡히기 전까진 끝난 걸로 하기는 좀 그렇네요", "decline"),
        ("해결 안 된 걸로 해 주세요~", "decline"),
        ("택도 없다 마. 15일꺼정 우째 기다리노. 고마 돈 돌리도", "decline"),
        (
            "mmm no, is not fair for me. 10 days without phone is too much, i use it for my work.",
            "decline",
        ),
        # held out
        ("이걸 해결이라고 보긴 어렵죠. 다시 연락 주세요", "decline"),
        ("어림도 없는 소리 하지 마소", "decline"),
        ("please mark it as not resolved, the part never came", "decline"),
        ("honestly that is not fair, I paid for next-day delivery", "decline"),
        # review: slang words in ordinary sentences decide nothing
        ("the voucher is only valid for 30 days, that's useless to me", None),
        ("I bet it breaks again next week", None),
        ("it's fixed now, though I think the delay was unfair", "accept"),
        # trial AG: slang acceptance asked again as a yes or a no
        ("ayy W. bet", "accept"),
        ("say less, we gucci", "accept"),  # held out
        # trial AH: surprise as a question mark beside an acceptance
        ("헐 진료비까지요?? ㄱㅅㄱㅅ 이정도면 완전 해결이져 ㅎㅎ", "accept"),
        ("헐 환불은 언제 와요?? 이정도면 해결이져", None),  # a real question: to staff
        # review: a question without a question word is still one ("와이파이", "무료인가요?")
        ("네 해결됐어요. 와이파이 모델도 같은 건가요?", None),
        ("네 해결됐어요. 대박 이거 무료인가요?", None),
        ("이건 해결 아닙니다", "decline"),
        ("해결된 걸로 하죠", "accept"),
        ("해결된거 아님", "decline"),
        ("다 해결된거 같아요", "accept"),
        ("해결 안됨", "decline"),
        ("잘 처리됐네요", "accept"),
        ("grand so, that'll do", "accept"),
        ("yes, but when is the engineer coming?", None),
        ("yes the engineer came but it's still leaking", "decline"),
        ("thank you", None),
        ("no", "decline"),
        ("yes", "accept"),
        ("ok, and what about the delivery fee?", None),
        ("아니요 아직도 물이 새요", "decline"),
        ("네 감사합니다", "accept"),
        ("네 근데 언제 오시나요?", None),
        ("that'll be fine thanks, appreciate it", "accept"),
        ("yep that's me sorted cheers", "accept"),
        ("ok I'm happy with that outcome", "accept"),
        ("no thats not good enough, i want a full refund", "decline"),
        ("sorry but i can't accept a voucher", "decline"),
        ("네 그렇게 처리해 주셔서 감사해요", "accept"),
        ("그건 해결이라고 할 수 없죠", "decline"),
        ("이 정도면 됐어요 감사합니다", "accept"),
        ("아뇨 그건 좀 아닌거 같아요", "decline"),
        ("괜찮아요 해결된걸로 해주세요", "accept"),
        # trial Q
        ("Thank you, that resolves it.", "accept"),
        ("that resolves nothing, I want my money", "decline"),
    ],
)
def test_a_clause_accepts_when_nothing_else_asks_or_declines(
    said: str, decided: str | None
) -> None:
    reading = Reading(said, intent=None, confidence=0.0, meta=read_meta(said), asks=asks(said))
    assert reading.decision() == decided


@pytest.mark.parametrize(
    ("said", "scored"),
    [
        # trial R: the count given in a long answer to the survey is the score
        ("많이 만족해요. 처음엔 속상했는데 빨리 처리해 주셔서 다섯 개 다 드릴게요.", 5),
        ("세 개 드릴게요 좀 느렸어요", 3),
        (
            "it took ages and the first guy was useless but the second one was great so id give it a 3",
            3,
        ),
        # trial AE: stored as 2 (the "two times" of the comment)
        ("I give 3 of 5. Chat was confusing, it ask my name two times.", 3),
        # trial AF: no score stored, read as asking for a person
        ("5 주고 싶어요. 기사님 오기 전에 문자 보내 주세요", 5),
        # held out
        ("I wanna give 4 from 5, the driver was late twice", 4),
        ("네 개 주고 싶네요 두 번이나 전화했지만요", 4),
        # trial AH: a Jeju giving verb, stored as the 4 of "좋았을"
        ("세 개 주쿠다. 처음에 제대로 고쳐시민 좋았을 건디", 3),
    ],
)
def test_a_score_given_in_a_long_answer_to_the_survey(said: str, scored: int) -> None:
    reading = Reading(said, intent=None, confidence=0.0, meta=read_meta(said), asks=asks(said))
    assert reading.score(asked=True) == scored
    assert score(said) is None or score(said) == scored  # not asked: no count is a score


# Trial S: acceptance told as what came about ("refund's landed", "it is cooling well"), each
# answered "A yes or a no is enough"; a fault or a "but" beside it accepts nothing
@pytest.mark.parametrize(
    ("said", "decided"),
    [
        ("I confirm the refund has been credited to my card.", "accept"),
        ("righto, refund's landed, that'll do me for now", "accept"),
        ("aye awright, its back up", "accept"),
        ("Thank you, it is cooling well now.", "accept"),
        ("collected it yesterday and it's charging fine, cheers", "accept"),  # held out
        ("환불 들어왔어요 감사합니다", "accept"),
        ("이제 잘 나와요 고마워요", "accept"),
        ("교환 받았어요 잘 쓰고 있습니다", "accept"),  # held out
        ("got the replacement but it's cracked too", None),
        ("got the replacement, the door is cracked", None),
        ("refund came but only half of it", None),
        ("새 제품 받았는데 또 고장났어요", None),
        ("환불 안 들어왔어요", "decline"),
        ("any news? has the refund been credited?", None),  # asked, not told
        # trial T: agreeing to the offer in own words, a pointer at it and a word of assent
        ("새걸로 바꿔주신다니 더 바랄게 없어요", "accept"),
        ("제시하신 교환 조치를 수용합니다", "accept"),
        ("그걸로 받을게요", "accept"),
        ("그거면 충분해요", "accept"),
        ("오 굿굿 이제야 말이 통하네 ㅋㅋ 그렇게 ㄱㄱ", "accept"),
        ("이대로 처리해 주세요", "accept"),
        ("그 정도면 괜찮습니다 감사해요", "accept"),  # held out
        ("Your offer is acceptable, thank you.", "accept"),  # held out
        ("그걸로는 안 돼요", "decline"),
        (
            "그거면 충분하지 않아요",
            "decline",
        ),  # "not enough": declined (round 6 read 충분 as a word)
        ("그렇게 해주시면 좋겠는데 언제 와요?", None),
        ("is that good?", None),
        # trials U and V: accepting in dialect, in haste, formally and in slang
        ("고맙소잉, 이만하면 됐당께", "accept"),  # read as a decline ("됐어" as never mind)
        ("ㄱㅅㄱㅅ 택배 옴 해결된듯", "accept"),
        ("암튼 resolved로 해도 됨", "accept"),
        ("귀사의 조치 계획을 수용합니다. 본 건은 종결 처리하셔도 무방합니다.", "accept"),
        (
            "Well, would you look at that, competence. They showed up this morning. Fine, we're square.",
            "accept",
        ),
        ("you can put that one to bed now", "accept"),
        ("이 정도면 됐어요 고마워요", "accept"),  # held out
        ("righto, consider it closed", "accept"),  # held out
        # glad of the answer, nothing against it (trials W and X)
        ("ㅇㅋㅇㅋ 매장가서 바꿀게요 ㄳ", "accept"),
        ("고맙수다 삼십만원 돌려준다니 이제 맘 편허우다", "accept"),
        ("bless up, dat sound irie. mi satisfy wid dat", "accept"),
        ("cheers, I'll drop it in on friday", "accept"),  # held out
        ("네사과받았으니까됬어요사진은따로보낼께요", "accept"),  # trial Z: typed unspaced, 됬
        # trial Y: a formal decline asking for what the answer left out
        (
            "I regret that this does not fully address my complaint. I also requested "
            "compensation, which your reply does not mention.",
            "decline",
        ),
        ("that only partly sorts it", "decline"),  # held out
        # the lead's try days later, in 경상 speech
        ("아이고 목요일 오전이면 딱 좋네예 그래 해주이소 고맙심더", "accept"),
        ("그래 해주소 그럼", "accept"),  # held out
        ("thanks for nothing", "decline"),
        ("thanks, the new one is also cracked", None),
        ("감사합니다 근데 아직 안 왔어요", None),
    ],
)
def test_what_came_about_told_decides(said: str, decided: str | None) -> None:
    from bot.settings import load_settings
    from handlers.values import Scope

    faults = load_settings({}).policy.fault_keywords
    reading = Reading(said, meta=read_meta(said), asks=asks(said), scope=Scope(faults=faults))
    assert reading.decision() == decided


# Trials S and T: "second one ok. 3" was scored 1, "세 개 주께" 4, and "삼점 … 교환해줬으면
# 오점이었음" not at all (what might have been is no score)
@pytest.mark.parametrize(
    ("said", "value"),
    [
        ("first reply was useless, second one ok. 3", 3),
        ("처음 연락 늦은거 빼믄 괜찮았다 세 개 주께", 3),
        ("삼점 ㅋ 한번에 교환해줬으면 오점이었음", 3),
        ("if you had fixed it the first time it would have been a 5. its a 3", 3),
        ("the new one works fine, 4", 4),  # held out
        ("처음부터 환불해 줬더라면 다섯 개였을 텐데 두 개 드릴게요", 2),  # held out
        ("one", 1),
        # trial V: a score meant and not given before its marker, a native number alone, and
        # "not good at all" (held out)
        ("처음엔 다섯 개 다 줄란디, 연락이 늦어서 넷 주께", 4),
        ("넷이유", 4),
        ("I was going to give five but the wait, so four", 4),
        ("하나도 안 좋았어요", 1),
        ("안 좋았어요", 2),
        # trial X: the score said first, what might have been after ("…믄 다섯 줬을텐디")
        ("넷은 줘야겄지유 처음에 기사님이 그냥 가신거만 아니었으믄 다섯 줬을텐디", 4),
        ("셋은 드려야겠네요", 3),  # held out
        # the lead's try days later
        ("I'd have said a 5 if it hadn't taken a few days, so 4. staff were lovely", 4),
        ("would've said five if you hadn't lost my form, but three", 3),  # held out
    ],
)
def test_a_score_among_things_and_what_might_have_been(said: str, value: int) -> None:
    assert Reading(said).score(asked=True) == value


@pytest.mark.parametrize(
    ("said", "none"),
    [
        # trials U and V: "nah you're good" was stored as the comment, "pass할게요" not read
        ("nah you're good", True),
        ("pass할게요", True),
        ("패스요", True),  # held out
        ("the delivery man was rude", False),
        # trial W: declining the survey reopened the closed complaint ("again")
        ("id rather not rate it again, already did", True),
        ("점수는 안 줄래요 그냥", True),  # held out
        ("별도 의견은 없습니다.", True),  # trial X, stored as a comment
        ("할말 읎소", True),
        # trials Y and Z: the survey declined in own words
        ("no thanks, don't have time for surveys", True),
        ("nah already did one of these, skip", True),
        ("안한다고 ㅡㅡ", True),
        ("걍 스킵할게여", True),
    ],
)
def test_no_comment_in_own_words(said: str, none: bool) -> None:
    from handlers.decisions import no_comment

    assert no_comment(said, None) == none


@pytest.mark.parametrize(
    ("said", "back"),
    [
        ("id rather not rate it again, already did", False),  # trial W: reopened
        ("why do you ask again, I told you", False),  # held out
        ("또 물어보시네 아까 말했잖아요", False),  # held out
        ("its leaking again", True),
        ("또 물이 새요", True),
    ],
)
def test_again_about_the_chat_is_no_problem_back(said: str, back: bool) -> None:
    from handlers.decisions import again

    assert again(said) == back


def _read_with_faults(said: str) -> str | None:
    from bot.settings import load_settings
    from handlers.values import Scope

    faults = load_settings({}).policy.fault_keywords
    return Reading(
        said, meta=read_meta(said), asks=asks(said), scope=Scope(faults=faults)
    ).decision()


# The new customers' trial: declines beside a question or a request were not understood, and
# they had to say a bare yes or no. The no is recorded; the question stays in its reason.
@pytest.mark.parametrize(
    "said",
    [
        "Hmm, 2 weeks without a phone is too long for me po … I'm sorry but I can't agree to "
        "that. Is it possible to send the new one first?",
        "oh a $20 voucher, how generous 🙄 no, that doesn't cut it. I paid $79. I want the $79 "
        "back, full stop.",
        "그러나 제가 요청드린 재발 방지 대책에 대한 설명이 전혀 없으므로, 이 답변으로는 수용하기 "
        "어렵습니다.",
        "아뇨 아직 해결 안됨ㅠ 라벨 없는데 어케 보내냐구여 걍 기사님이 가지러 오면 안됨?",
        # held out, typos and all
        "sory but i cant agree to that, can u send the new one first?",
        "nah that doesnt cut it mate, i want a full refund",
        "I'm afraid I cannot agree to this. Could someone collect it instead?",
        "이 조치로는 동의하기 어렵습니다. 전액 환불 부탁드립니다.",
        "죄송하지만 이 답변은 수용할 수 없습니다 교환으로 해 주세요",
        "아뇨ㅜㅜ 아직도 그대로예요 언제 다시 와주시나요?",
        "아니요 아직 해결 안됐어요ㅠㅠ 택배 기사님 언제 와요?",
        # round 8 (trial AP): slang for "no" and "too much" beside the question, a bare yes
        # or no asked
        "ㅇㄴ 이건 좀 에바인듯 ㅋㅋ 환불을 왜 11번가에 따로 신청해야 됨? 거기서 여기로 넘기라던데",
        # held out
        "이건 좀 아닌듯 왜 제가 직접 해야 돼요?",
        "에바임 ㅋㅋ 그걸 왜 내가 해야 됨?",
        "노노 그건 좀 별로임 다른 방법 없어요?",
        "장난해요? 아직도 안 되는데 언제 고쳐줘요",
    ],
)
def test_a_decline_beside_a_question_or_a_request_declines_with_it_as_reason(said: str) -> None:
    assert _read_with_faults(said) == "decline"
    assert Reading(said).reason == said.strip()  # the question or request is read by staff


# Acceptances of the trial: slang, the customer's own plan, dialect, a remark on the desk
@pytest.mark.parametrize(
    "said",
    [
        "oh bet, thats fire 🔥 ya we good",
        "just saw your message, the balance is back on the card!! thank you so much, all good "
        "now 🙏",
        "um yes?? it's resolved, you can close it",
        "방문수거 해준다는 거 봄!! 9일에 집에 있을게여 이제 해결된듯ㅎㅎ",
        "그래 진작 그랬어야지. 전액 환불에 조사 결과까지 준다카니 그라믄 됐다",
        "오 쿠폰까지ㅋㅋ 인정합니다 ㅇㅈ 이정도면 됐어여 근데 왜 배송팀임?ㅋㅋ",
        "네, 해결됐습니다. 이 정도는 알아들으시죠?",
        # held out
        "its fire fr, all good now",
        "that's fire ngl, we're good",
        "just got the refund, all good now thanks",
        "just checked my account, money's back. all sorted!",
        "교환해 준다니 다행이네요 토요일에 집에 있을게요 해결된 걸로 할게요",
        "기사님 보내준다는 문자 받았어요 그날 집에 있을게요 해결됐어요ㅎㅎ",
        "환불해 준다카이 그라믄 됐어예",
        "그래 그럼 됐어 고마워",
        "해결됐어요ㅎㅎ 근데 상담원분 로봇이에요?ㅋㅋ",
        "됐어요 됐어 근데 답장 왜케 빨라요?ㅋㅋㅋ",
        "해결됐네요. 이제 좀 알아들으시겠죠?",
        "all sorted thanks! are you guys even human lol",
        "we're good. you a bot or what? lol",
        # round 8 (trial AP): the answer quoted back in surprise, then an ok in slang
        "오 11번가 직접 넣어준다고? ㅇㅋㅇㅋ 그럼 됐음 ㄱㅅㄱㅅ",
        # held out
        "기사님이 내일 온다구? 오키 그럼 됐어요",
        "환불해 준다고요? 감사합니다 그럼 해결된 걸로 할게요",
        # found on `make run`: the ending read with its 요 as one ("준다구요")
        "오 교환해 준다구요? ㅇㅋ 그럼 됐어요",
    ],
)
def test_an_acceptance_in_slang_dialect_with_a_plan_or_a_remark_accepts(said: str) -> None:
    assert _read_with_faults(said) == "accept"


# A question about the answer's substance (money, a date, what happens next) is passed to
# staff, laughing or not; so is a question alone
@pytest.mark.parametrize(
    "said",
    [
        "is this resolved?",
        "great, but when do I get my money back?",
        "해결됐어요ㅋㅋ 근데 환불은 언제 들어와요?ㅋㅋ",
        "resolved lol but when does the refund land? lol",
        "네 알겠어요 근데 기사님 언제 오시죠?",
        "ok lol why?",
        "yes?",
        "그래 진작 그랬어야지",
        # a bare yes is no acceptance in words: beside a remark it decides nothing
        "ㅇㅇ 근데 님 로봇임?ㅋㅋ",
        "yes. are you a bot? lol",
    ],
)
def test_a_question_of_substance_beside_an_acceptance_is_passed_to_staff(said: str) -> None:
    assert _read_with_faults(said) is None


@pytest.mark.parametrize(
    ("said", "asked"),
    [
        ("just saw your message,", False),  # told in the past
        ("just got it yesterday", False),
        ("just send someone", True),
        ("방문수거 해준다는 거 봄!!", False),  # what the desk offers, reported
        ("전액 환불에 조사 결과까지 준다카니", False),
        ("교환해 준다고 하셨죠", False),
        ("방문수거 해주세요", True),
        ("환불해 줘요", True),
    ],
)
def test_a_request_word_that_tells_or_reports_asks_nothing(said: str, asked: bool) -> None:
    from handlers.answers import asks_for_something

    assert asks_for_something(said) is asked


@pytest.mark.parametrize(
    ("text", "found"),
    [
        # trial AD: "that will do" in dialect read as "no thanks", a decline (one escalated)
        ("아이고 김치까지 보내준댄 하난 고맙수다. 이만하믄 됐수다, 해결된 걸로 합서", "accept"),
        ("음 교육까지 한다카이 됐다 마. 이 정도면 넘어가께", "accept"),
        # trial AC: turned down in other words, a bare "no." needed
        ("A week without my phone? Hard pass. I asked for a replacement, not a repair.", "decline"),
        ("The Pixel one. The only one I have. I'm saying NO to your answer.", "decline"),
        # new
        ("그럼 됐어요 감사합니다", "accept"),
        ("이정도면 됐슈 고마워유", "accept"),
        ("nah not having it, i want the refund", "decline"),
        # not these: a no thanks to the answer, a refund asked instead, a pass of another kind
        ("아니요 됐어요 해결 안 됐어요", "decline"),
        ("수리 안 되면 됐다 그냥 환불해", None),
        ("yes I'll pass it on to my wife, thanks, all good", "accept"),
        # round 9 (trials AQ, AR): that will do in dialect, a thank-you for me, "will not do"
        (
            "야 그래 그마하면 됐드래요. 내일 기사 양반 오믄 따뜻한 옥수수차라도 한 잔 드려야겠네",
            "accept",
        ),
        ("오 고마 됐다 ㅋㅋ 그래 해 주믄 내사 땡큐지예. 끝!", "accept"),
        ("That answer simply will not do. Three vendors cited my purchases.", "decline"),
        # held out
        ("그 정도면 됐어요 수고하셨어요", "accept"),
        ("this simply wont do, I want the full amount", "decline"),
        ("그만하면 됐다고 생각하세요? 아직도 물이 새요", "decline"),
        # round 10 (trials AS, AT): turned down formally, "not till it is in hand", 조선족 speech
        ("Hence I am unable to accept this offer in its present form.", "decline"),
        ("물건 손에 받아보기 전까진 해결됐다고 하긴 좀 그래요", "decline"),
        ("일없슴다, 그리 해주면 됐지비.", "accept"),
        # held out
        ("써 보기 전에는 해결이라고 하기가 좀 그래요", "decline"),
        ("기렇게 해주시면 됐소", "accept"),
        ("yeah it'll do. done", "accept"),  # round 10 (trial AS)
        ("이걸로는 끝난 거 아이다", "decline"),  # round 10 (trial AT): 경상's 아이다
        ("해결된 게 아이지예", "decline"),  # held out
        # found by hand: Irish "no worries, it's fine" had escalated the complaint
        ("nah you're grand. ta-ra", "accept"),
        ("ah that's grand so, cheers", "accept"),
        # round 11 (trial AV): initials, slang and a learner's Korean
        ("ㄴㄴ 이건 ㅇㄴ 예매할 때 그런 안내 본 적 없음 ㅡㅡ 납득 불가", "decline"),
        ("오 쿠퐁 드러왔네 ㅋㅋ 인정 굳굳", "accept"),
        ("와, 정말 감사합니다! 5만원과 트리트먼트, 제가 원한 대로입니다. 문제 없습니다", "accept"),
        # held out
        ("ㅇㅈ 이걸로 됐음", "accept"),
        ("이해 불가네요 다시 처리해 주세요", "decline"),
        ("인정 못 하겠어요", "decline"),
    ],
)
def test_that_will_do_and_a_pass_in_other_words(text: str, found: str | None) -> None:
    assert decision(text) == found


@pytest.mark.parametrize(
    ("said", "asked", "scored"),
    [
        # review: Korean units moved to the survey's own list by a misplaced line
        ("별로였어요 2점", False, 2),
        ("네 점", False, 4),
        ("4점이요", False, 4),
        # "N of 5" only as a score said whole, not a count of things
        ("one of 5 boxes was broken", True, None),
        ("4 of 5 because it took long", True, 4),
    ],
)
def test_a_score_with_its_unit_and_a_count_of_things(said: str, asked: bool, scored) -> None:
    assert score(said, asked=asked) == scored


@pytest.mark.parametrize(
    ("said", "value"),
    [
        # round 9 (trials AQ, AR): another scale stored 5 or asked again; one off, a last
        # sentence settling it, a rounding stored nothing or the wrong number
        ("eh I'd give it a 7 out of ten", 4),
        ("음 10점 만점에 육점이요 처음에 기사님 안 오신 게 너무 컸어서", 3),
        ("스코어는 10점 스케일로 치면 7점 정도요. 5점 기준으로 알아서 환산해 주세요.", 4),
        ("Second answer deserves four, but first one was bad, so minus one. Three.", 3),
        ("id say 5 but minus 1 cuz the name thing was so annoying 😒", 4),
        ("eh, three and a half? round it up to four I reckon", 4),
        ("다섯 개 중에 하나 빼고 줄라요", 4),
        # held out
        ("8/10 would recommend", 4),
        ("100점 만점에 70점", 4),
        ("one out of ten, awful", 1),
        ("10점 척도로 9점 드릴게요", 5),
        ("the engineer was great, the wait was not. Two.", 2),
        ("4 out of 5", 4),
        ("3 out of 10 boxes came broken", None),
        # round 10 (trial AT): 1 stored for one taken off, 5 for a hundred's scale
        ("만점에서 하나를 덜어 드리겠사옵니다", 4),
        ("백점 만점에 육십점", 3),
        # held out
        ("백점 만점이면 칠십오점 정도요", 4),
        ("다섯 개 만점에서 하나 덜고 드릴게요", 4),
        # round 10 (trial AS): settled on after "nah go on then", another scale beside "ngl",
        # full marks said as what might have been, one knocked off
        ("ehh a three? nah go on then, a four, yous sorted it in the end", 4),
        ("like a 7/10 ngl, first answer was mid", 4),
        ("I'd have said full marks but I'll knock one off for that courier, fair play", 4),
        # held out
        ("a two? nah make that a three, they got there", 3),
        ("8/10 tbh", 4),
        # round 10 (trial AT): a change to another score, said last
        ("생각해보니 4점은 좀 후하네요. 3점으로 바꿀게요", 3),
        ("4 stars. hmm actually change it to 3", 3),  # held out
        # round 11 (trial AU): the scale said first with one off, one removed from full
        # marks, scales with "on" and a tag after them
        ("Out of ten I'd say a five, minus one for that voucher stunt", 2),
        ("full marks but I go remove one", 4),
        ("I would say 16 on 20, like at school in France. The team was correct", 4),
        ("Maybe 80 over 100 po. The chat was confusing at first", 4),
        ("다섯 가운데 넷을 드리겠습니다", 4),  # round 11 (trial AV)
        # held out
        ("out of a hundred, I'd give ninety", 5),
        ("12 on 20 sha", 3),
    ],
)
def test_a_score_on_another_scale_taken_off_or_settled_last(said: str, value: int | None) -> None:
    assert Reading(said).score(asked=True) == value
