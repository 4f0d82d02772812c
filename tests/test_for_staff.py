"""What an answer adds to "what happened" (issue 20): the sentences that are news for staff,
without meta-answers, remarks on the answer, questions and going for now (one mechanism,
`handlers.answers.for_staff`, over `handlers.words.sentences`)."""

from __future__ import annotations

import pytest

from handlers.answers import for_staff
from handlers.meta import ends_asking, read_meta
from handlers.words import sentences

LEFT_OUT = [
    "It is at the bottom of my letter.",
    "since you'll want that too",
    "hang on... baby woke up, i'll finish later",
    "애기 깼어요 이따 올게요",
    "네!! 접수하라고요",
    "글 끝에 써놓았는데요",
    "Is this chat actually read by people?",
    "위에 썼잖아요",
    "uk mobile btw",
    # held out: written after the data
    "brb kid is screaming, back in a bit",
    "I already told you that. see above",
    "택배 왔네요 좀 있다가 다시 할게요",
    "yes that's double d",  # the stop's own try: a spelling remark beside the name
    "its with a capital k",  # held out
]

KEPT_WHOLE = [
    "it leaks every night and the floor is soaked",
    "call me after 6 on weekdays",
    "냉장고 문도 잘 안 닫혀요. 이것도 같이 봐주세요",
    "I literally said it broke on tuesday",
    "when i opened the box the glass was already cracked",
]

PARTLY = [
    ("지난주 수요일쯤이요 근데 보증기간은 1년 맞죠?", "지난주 수요일쯤이요"),
    (
        "the door also doesn't close properly. is that covered?",
        "the door also doesn't close properly.",
    ),
    ("ok fine. the seal is split as well", "the seal is split as well"),
    ("oh and the engineer was rude too", "and the engineer was rude too"),
    ("010-4821-7730 이요 문자가 편해요", "문자가 편해요"),
    # a number said in words, taken, is no news either
    ("공일공 구팔칠육 오사삼이 입니다 문자가 편해요", "문자가 편해요"),
]


@pytest.mark.parametrize("said", LEFT_OUT)
def test_what_is_about_the_chat_is_left_out(said: str) -> None:
    assert for_staff(said) == ""


@pytest.mark.parametrize("said", KEPT_WHOLE)
def test_news_is_kept_as_said(said: str) -> None:
    assert for_staff(said) == said


@pytest.mark.parametrize(("said", "kept"), PARTLY)
def test_news_beside_chatter_is_kept_alone(said: str, kept: str) -> None:
    taken = [(0, 13)] if said.startswith(("010", "공일공")) else []
    assert for_staff(said, taken) == kept


def test_a_value_said_with_a_remark_on_it_leaves_nothing() -> None:
    said = "Coombe with an e on the end"
    assert for_staff(said) == said  # a surname nobody took is news…
    assert for_staff(said, [(0, 6)]) == ""  # …the name taken, the remark is not


@pytest.mark.parametrize(
    ("text", "parts"),
    [
        ("harriet.coombe@mail.com - my work email", ["harriet.coombe@mail.com", "my work email"]),
        ("물이 새요 바닥이 다 젖었어요", ["물이 새요", "바닥이 다 젖었어요"]),
        ("물이 새는데 사진은 어디로 보내요?", ["물이 새는데", "사진은 어디로 보내요?"]),
        ("it paid 3,000 won twice", ["it paid 3,000 won twice"]),
        # a noun or adverb ending in an ending's syllable ends nothing
        ("이런 거 처음 써봐요", ["이런 거 처음 써봐요"]),
        (
            "마음 같아선 다음 주까지 기다리기 힘들어요",
            ["마음 같아선 다음 주까지 기다리기 힘들어요"],
        ),
    ],
)
def test_sentences_split_where_a_sentence_ends_not_inside_a_word(text, parts) -> None:
    assert [text[a:b] for a, b in sentences(text)] == parts


@pytest.mark.parametrize(
    ("said", "asking"),
    [
        ("when will someone call me", True),
        ("when i opened the box it was broken", False),
        ("보증기간은 1년 맞죠", True),
        ("네 맞아요.", False),
        ("is it covered by warranty", True),
    ],
)
def test_a_sentence_asks_by_its_form(said: str, asking: bool) -> None:
    assert ends_asking(said) is asking


@pytest.mark.parametrize(
    "said",
    ["gotta run, will finish this tonight", "애기 깼어요 이따 올게요", "i'll come back to this"],
)
def test_going_for_now_is_a_pause_not_a_leave(said: str) -> None:
    meta = read_meta(said)
    assert meta.pauses and not meta.leaves


# What is said to the desk, not about the problem (trials K/L: chatter in every description).
# Held out: written before the chrome and news vocabularies, nothing tuned for them.
@pytest.fixture(scope="module")
def policy():
    from pathlib import Path

    from bot.settings import load_settings

    config = Path(__file__).resolve().parent.parent / "config.yml"
    return load_settings({"COMPLAINTBOT_CONFIG": str(config)}).policy


FIRST_MESSAGES = [
    (
        "ugh, a bot. fantastic. my Dyson V15 stopped picking up dust yesterday and the bin "
        "smells burnt",
        "my Dyson V15 stopped picking up dust yesterday and the bin smells burnt",
    ),
    (
        "Dear Customer Services,\nI am writing to complain about my Bosch dishwasher, which has "
        "flooded the kitchen twice this week.\nYours sincerely,\nHelen Marsh",
        "my Bosch dishwasher, which has flooded the kitchen twice this week.",
    ),
    (
        "hello there, hope you're well. the toaster i bought won't pop up, just keeps burning "
        "the bread",
        "the toaster i bought won't pop up, just keeps burning the bread",
    ),
    (
        "안녕하세요~ 수고하십니다 LG 세탁기 탈수할때 쿵쿵 소리가 나요",
        "LG 세탁기 탈수할때 쿵쿵 소리가 나요",
    ),
    (
        "담당자님께. 저는 부산에 사는 김영호라고 합니다. 지난주 산 전자레인지가 작동 중에 꺼져요. "
        "김영호 올림",
        "지난주 산 전자레인지가 작동 중에 꺼져요.",
    ),
    ("와 챗봇이네 대단하다 ㅋㅋ. 에어컨 리모컨이 안 먹혀요", "에어컨 리모컨이 안 먹혀요"),
    # the trial's own
    (
        "oh great, another chatbot. love that for me. so I cancelled my StreamMax Plus "
        "subscription on Nov 2 and you've charged my card $14.99 TWICE since. cool cool cool",
        "so I cancelled my StreamMax Plus subscription on Nov 2 and you've charged my card "
        "$14.99 TWICE since.",
    ),
    (
        "안녕하세여 갤럭시워치6 화면에 초록색 세로줄이 생겻어여",
        "갤럭시워치6 화면에 초록색 세로줄이 생겻어여",
    ),
    (
        "To, The Customer Care Manager  Subject: Complaint regarding Instant Pot Duo - lid "
        "opened under pressure. Respected Sir/Madam, With due respect I am writing to bring to "
        "your kind notice that on 28 Nov the lid opened and steam burnt my wife's forearm. "
        "Thanking you, Yours faithfully, Helen Marsh",
        "Instant Pot Duo lid opened under pressure. on 28 Nov the lid opened and steam burnt "
        "my wife's forearm.",
    ),
]

# A real clause is never cut, however it starts or ends.
STORIES_WHOLE = [
    "Hi, my Roomba i7 keeps getting stuck under the sofa, just spins round and round beeping",
    "세탁기가 배수가 안 돼요 그냥 물이 가득 찬 채로 멈춰 있어요",
    "g'day mate my roborock s8 has stoped chargin on the dock, just sits there blinkin orange",
]


@pytest.mark.parametrize(("said", "kept"), FIRST_MESSAGES)
def test_a_first_message_loses_what_is_said_to_the_desk(said: str, kept: str) -> None:
    from handlers.fields import the_wish

    # the signer's name is read as the name, as the first message's reading does
    name = next((n for n in ("Helen Marsh", "김영호") if n in said), None)
    taken = [(i, i + len(name)) for i in _all(said, name)] if name else []
    assert for_staff(said, taken, the_wish, questions=True) == kept


def _all(text: str, part: str) -> list[int]:
    return [i for i in range(len(text)) if text.startswith(part, i)]


@pytest.mark.parametrize("said", STORIES_WHOLE)
def test_every_clause_of_a_story_is_kept(said: str) -> None:
    from handlers.fields import the_wish

    kept = for_staff(said, [], the_wish, questions=True)
    assert said.split(", ")[-1] in kept and said.split()[-2] in kept


# Beside an answer to another question: only news of the problem is added.
REMARKS_TO_THE_DESK = [
    "the kettle, obviously, it's literally in my first message",
    "It's the Samsung one, a nice big silver fridge.",
    "tuesday i think, told you that already",
    "Tom Baker. please just get on with it",
    "정수기요 처음에 말했는데",
    "삼성 냉장고요 색깔은 예쁜 베이지색이에요",
    "어제요 몇번 말해야 돼요 진짜",
    "빨리 좀 해주세요",
    # the trial's own
    "The rise and recline armchair, as I said. It is a lovely chair in a sage green.",
    "Are you going to record my complaint or not?",
    "임지호요 근데 이거 사람이랑 직접 얘기는 못해요? 챗봇 말고",
    # told in the past, but of the chat
    "I already told you that in my very first message, please read it",
    "아까 위에 다 적었잖아요",
]

NEWS_BESIDE_AN_ANSWER = [
    ("a refund please, it's the third time it has broken", "it's the third time it has broken"),
    ("Sam Lee. oh and the door seal is split as well", "and the door seal is split as well"),
    ("교환해 주세요 벌써 두 번째 고장이에요", "벌써 두 번째 고장이에요"),
    ("박지민이요 아 그리고 문에서 물도 새요", "그리고 문에서 물도 새요"),
    ("그저께요 그날부터 계속 타는 냄새가 나요", "그날부터 계속 타는 냄새가 나요"),
    # something someone did, in no keyword's words
    ("아 그리고 설치기사님이 바닥도 긁어놓고 가셨어요", "설치기사님이 바닥도 긁어놓고 가셨어요"),
    ("Replacement. the installer also scratched the floor on his way out", "scratched the floor"),
]


@pytest.mark.parametrize("said", REMARKS_TO_THE_DESK)
def test_a_remark_beside_another_answer_adds_nothing(policy, said: str) -> None:
    from handlers.answers import news_for

    assert for_staff(said, news=news_for(policy)) == ""


@pytest.mark.parametrize(("said", "news"), NEWS_BESIDE_AN_ANSWER)
def test_news_beside_another_answer_is_added(policy, said: str, news: str) -> None:
    from handlers.answers import news_for
    from handlers.fields import the_wish

    assert news in for_staff(said, [], the_wish, news=news_for(policy))
