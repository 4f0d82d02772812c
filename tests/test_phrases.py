"""Phrases that mean one clear thing whatever the classifier thought."""

from __future__ import annotations

import pytest

from handlers.phrases import language_asked


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
