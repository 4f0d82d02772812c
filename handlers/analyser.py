"""The Korean analyser: MeCab with mecab-ko-dic, and a user dictionary that keeps the words
our vocabularies name whole (`nlu/vocabulary/analyser.yml`)."""

from __future__ import annotations

import hashlib
import logging
import os
import subprocess
import sys
import tempfile
from collections.abc import Iterable, Iterator
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from handlers.vocabulary import load

if TYPE_CHECKING:
    from mecab import MeCab

log = logging.getLogger(__name__)

# What follows a word in an answer or a sentence, after a last syllable without and with a
# final consonant: alone, the polite 요 (after a final consonant as typed too: "환불요"), the
# subject and the topic.
_TAILS = (("", "요", "가", "는"), ("", "이요", "요", "이", "은"))
# Tags of what a word may be made of: nouns (a compound may be read as its nouns, 공기 +
# 청정기), adverbs of time (어제), roots and noun suffixes.
_WORD_TAGS = ("NN", "MAG", "XR", "XSN", "SL", "SN")
# A user word's cost, the highest first that has it read whole: low enough to beat a wrong
# split ("어|제요"), high enough that the system dictionary's own reading wins where it reads
# the word whole ("어제 샀어요": an adverb).
_COSTS = (2500, 1500, 500, -500)


def _strings(value: Any) -> Iterator[str]:
    """Every string in a vocabulary entry (lists, language maps, remedies' records)."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def _korean_word(word: str) -> bool:
    """One word of two syllables or more, Hangul only."""
    return len(word) >= 2 and all("\uac00" <= ch <= "\ud7a3" for ch in word)


def vocabulary_words() -> tuple[list[str], list[str]]:
    """The Korean words (one word each, Hangul only) the analyser must read whole: those
    listed as nouns, and those of the other vocabularies (nouns among verbs and phrases)."""
    data = load("analyser")
    listed = {w for w in _strings(data.get("whole") or []) if _korean_word(w)}
    found: list[str] = []
    for name, entries in (data.get("from") or {}).items():
        vocabulary = load(str(name))
        for entry in entries:
            found += _strings(vocabulary.get(entry))
    return sorted(listed), sorted({w for w in found if _korean_word(w)} - listed)


def _noun_parts(parsed: list[Any], end: int) -> bool:
    """Whether the morphemes before `end` are nouns (or the like) that end where it ends."""
    inside = [m for m in parsed if m.span[0] < end]
    return (
        bool(inside)
        and inside[-1].span[1] == end
        and all(m.feature.pos.startswith(_WORD_TAGS) for m in inside)
    )


def _final(word: str) -> bool:
    """Whether the word's last syllable has a final consonant (받침)."""
    return (ord(word[-1]) - 0xAC00) % 28 != 0


def split(mecab: MeCab, word: str, *, noun: bool = False) -> bool:
    """Whether the analyser splits a noun wrongly: a part of it read as something else
    ("파우치가": 파우 + 치가) or running into what follows ("어제요": 어 + 제요). `noun`: the
    word is known to be one; else only a word read alone as nouns is ("돌려주다" is a verb)."""
    if not noun and not _noun_parts(mecab.parse(word), len(word)):
        return False
    return any(
        not _noun_parts(mecab.parse(word + tail), len(word)) for tail in _TAILS[_final(word)]
    )


def _entry(mecab: MeCab, word: str, cost: int) -> str:
    """The word's line of the user dictionary (context ids left for the indexer to give)."""
    # its tag as a sentence's first word ("어제 있어요": an adverb, though alone a noun)
    first = mecab.parse(f"{word} 있어요")[0]
    tag = first.feature.pos if first.surface == word and _noun_parts([first], len(word)) else "NNG"
    return f"{word},,,{cost},{tag},*,{'T' if _final(word) else 'F'},{word},*,*,*,*"


def _cache_dir() -> Path:
    root = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(root) / "complaintbot"


def _index(lines: list[str], target: Path) -> None:
    """Compile user dictionary lines into `target` (replaced atomically: another process
    may build the same one)."""
    with tempfile.TemporaryDirectory(dir=target.parent) as work:
        source = Path(work) / "user.csv"
        source.write_text("\n".join(lines) + "\n", encoding="utf-8")
        built = Path(work) / "user.dic"
        index = ("dict-index", "-u", str(built), "-f", "utf-8", "-t", "utf-8")
        subprocess.run(
            [sys.executable, "-m", "mecab", *index, str(source)],
            check=True,
            capture_output=True,
            timeout=60,
        )
        os.replace(built, target)


def user_entries(plain: MeCab, nouns: Iterable[str], words: Iterable[str], work: Path) -> list[str]:
    """The user dictionary's lines: the `nouns`, and the nouns among `words`, that the
    system dictionary splits, each at the highest of `_COSTS` that has it read whole."""
    from mecab import MeCab

    pending = sorted({w for w in nouns if split(plain, w, noun=True)})
    pending += sorted({w for w in words if split(plain, w)} - set(pending))
    kept: list[str] = []
    for cost in _COSTS:
        if not pending:
            break
        trial = {w: _entry(plain, w, cost) for w in pending}
        _index([*kept, *trial.values()], work / "trial.dic")
        mecab = MeCab(user_dictionary_path=str(work / "trial.dic"))
        kept += [trial[w] for w in pending if not split(mecab, w, noun=True)]
        pending = [w for w in pending if trial[w] not in kept]
    if pending:
        log.debug("the analyser still splits %s", ", ".join(pending))
    return kept


def _built(plain: MeCab) -> Path | None:
    """The user dictionary of our words (cached by the words), or None when it cannot be
    built (the analyser then runs on its own dictionary)."""
    nouns, words = vocabulary_words()
    digest = hashlib.sha256(repr((nouns, words, _COSTS, _TAILS)).encode()).hexdigest()[:16]
    for directory in (_cache_dir(), Path(tempfile.gettempdir()) / f"complaintbot-{os.getuid()}"):
        target = directory / f"mecab-user-{digest}.dic"
        if target.exists():
            return target
        try:
            directory.mkdir(parents=True, exist_ok=True)
            with tempfile.TemporaryDirectory(dir=directory) as work:
                lines = user_entries(plain, nouns, words, Path(work))
                if not lines:
                    return None
                _index(lines, target)
            return target
        except (OSError, subprocess.SubprocessError) as error:
            log.warning("the analyser's user dictionary was not built in %s: %s", directory, error)
    return None


@cache
def analyser() -> MeCab:
    """MeCab with mecab-ko-dic and the user dictionary of our words, loaded once."""
    from mecab import MeCab

    plain = MeCab()
    path = _built(plain)
    return MeCab(user_dictionary_path=str(path)) if path else plain
