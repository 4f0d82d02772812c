"""Phrases that mean one clear thing whatever the classifier thought."""

from __future__ import annotations

import pytest

from handlers.phrases import asks_how_long, language_asked


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("한국어로 해주세요", "ko"),
        ("아 한국어로 좀 해주세요", "ko"),
        ("korean please", "ko"),
        ("in english please", "en"),
        ("can you speak english?", "en"),
        ("영어로 해주세요", "en"),
    ],
)
def test_a_request_for_a_language_is_read(text: str, language: str) -> None:
    assert language_asked(text) == language


@pytest.mark.parametrize(
    "text", ["the manual is only in english", "한국어로 된 설명서가 없어요", "refund"]
)
def test_a_sentence_that_mentions_a_language_is_not_a_request(text: str) -> None:
    assert language_asked(text) is None


@pytest.mark.parametrize(
    "text",
    [
        "how long will this take btw?",
        "답변까지 얼마나 걸려요?",
        "when will i hear back?",
        "식세기요 근데 이거 얼마나 걸려요 처리",
    ],
)
def test_asking_how_long_handling_takes_is_recognised(text: str) -> None:
    assert asks_how_long(text)


@pytest.mark.parametrize(
    "text", ["how long does the battery last?", "전기포트 물 끓는 시간이 보통 얼마나 걸려요?"]
)
def test_how_long_a_product_takes_is_a_question_about_the_product(text: str) -> None:
    assert not asks_how_long(text)
