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
]


@pytest.mark.parametrize("said", LEFT_OUT)
def test_what_is_about_the_chat_is_left_out(said: str) -> None:
    assert for_staff(said) == ""


@pytest.mark.parametrize("said", KEPT_WHOLE)
def test_news_is_kept_as_said(said: str) -> None:
    assert for_staff(said) == said


@pytest.mark.parametrize(("said", "kept"), PARTLY)
def test_news_beside_chatter_is_kept_alone(said: str, kept: str) -> None:
    taken = [(0, 13)] if said.startswith("010") else []
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
