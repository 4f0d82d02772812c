"""The Korean analyser reads the words our vocabularies name whole: a user dictionary of the
nouns MeCab splits, built from `nlu/vocabulary/analyser.yml` and cached."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from mecab import MeCab

from handlers import analyser as module
from handlers.analyser import analyser, split, vocabulary_words
from handlers.words import tokens


@pytest.mark.parametrize("word", ["파우치", "에어팟", "어제", "그제", "사운드바", "환불"])
def test_the_words_mecab_splits_are_read_whole(word: str) -> None:
    nouns, words = vocabulary_words()
    assert word in nouns or word in words
    assert split(MeCab(), word, noun=True)  # the system dictionary alone splits it
    assert not split(analyser(), word, noun=True)


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("어제요", "어제"),
        ("그제요", "그제"),
        ("노트북 파우치가 찢어졌어요", "파우치"),
        ("에어팟이요 ㅠ", "에어팟"),
        # 요 typed straight after a final consonant ("환불요" had been 환 + 불요, no remedy)
        ("환불요", "환불"),
        ("그냥 환불요 ㅠ", "환불"),
        # held out: not in the vocabularies' examples
        ("믹서기가 안 돌아가요", "믹서기"),
        ("안마의자 등받이가 부러졌어요", "안마의자"),
    ],
)
def test_a_sentence_keeps_the_word(text: str, word: str) -> None:
    assert word in [t.word for t in tokens(text)]


def test_the_system_dictionary_still_reads_what_it_read_whole() -> None:
    # "어제 답장했는데" stays an adverb; "저기여" a pronoun, not 저 + 기여
    ours = analyser()
    first = ours.parse("어제 답장했는데")[0]
    assert (first.surface, first.feature.pos) == ("어제", "MAG")
    assert ours.parse("저기여 어제 받은")[0].surface == "저기"


def test_a_verb_of_the_vocabularies_is_no_noun_to_keep() -> None:
    assert not split(MeCab(), "돌려주다")
    assert not split(MeCab(), "바꾸다")


def test_the_dictionary_is_built_once_in_the_cache(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    built = module._built(MeCab())
    assert built is not None and built.parent == tmp_path / "complaintbot"
    stamp = built.stat().st_mtime_ns
    assert module._built(MeCab()) == built and built.stat().st_mtime_ns == stamp
    assert MeCab(user_dictionary_path=str(built)).parse("파우치가")[0].surface == "파우치"


def test_without_a_writable_place_the_analyser_runs_on_its_own(
    tmp_path: Path, monkeypatch, caplog
) -> None:
    blocked = tmp_path / "a-file"
    blocked.write_text("")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocked))
    monkeypatch.setattr(module.tempfile, "gettempdir", lambda: str(blocked))
    with caplog.at_level(logging.WARNING, logger="handlers.analyser"):
        assert module._built(MeCab()) is None
    assert "user dictionary was not built" in caplog.text


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("다시왓어요", "오다"),  # trial AB: read as "다시 올게요", a pause, not being back
        ("왓어요", "오다"),
        ("받앗는데 고장났어요", "받다"),  # new
        ("어제 고쳐 줫는데 또 그래요", "주다"),  # new
    ],
)
def test_a_hurried_past_is_read_as_the_past(text: str, word: str) -> None:
    assert any(t.word == word and t.past for t in tokens(text))


@pytest.mark.parametrize(
    ("text", "word"),
    [("잇몸이 아파요", "잇몸"), ("갓 태어난 아기", "갓"), ("이거 산 것이 문제", "것")],
)
def test_a_word_that_starts_with_such_a_syllable_is_left_as_it_is(text: str, word: str) -> None:
    assert word in [t.word for t in tokens(text)]
    assert not any(t.past for t in tokens(text))


@pytest.mark.parametrize("text", ["다시왓어요", "방금 돌아왓어요 어디까지 햇죠"])
def test_back_typed_in_a_hurry_is_being_back(text: str) -> None:
    from handlers.meta import read_meta

    meta = read_meta(text)
    assert "back" in meta.kinds and "later" not in meta.kinds
