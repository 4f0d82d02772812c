"""Phrases of a vocabulary found in a text by their words, with where each stands: the one
matcher of the word lists under `nlu/vocabulary/` that need a place in the sentence (remedies,
products, what is said around an answer). A phrase is written as a customer writes it and read
by the same `handlers.words.tokens` as the text, so Korean particles and endings never
matter; an English phrase ending in `*` covers every word that starts so ("refund*")."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from handlers.words import Token, joined, tokens, words

_LONGEST = 8  # words in the longest phrase of any list


@dataclass(frozen=True)
class Hit:
    """A phrase found: its label, its tokens (`first` up to `last`) and its characters."""

    label: str
    first: int
    last: int
    start: int
    end: int


class Lexicon:
    """Labelled phrases, each found where its words stand in a text (longest first)."""

    def __init__(self, entries: Iterable[tuple[str, str]]) -> None:
        found: dict[tuple[str, bool], str] = {}
        longest = 1
        for phrase, label in entries:
            text = str(phrase).strip()
            stem = text.endswith("*")
            text = text.rstrip("*")
            # as analysed, and as written: the analyser reads some words alone differently
            for said in {words(text), tuple(text.lower().split())}:
                if said:
                    found.setdefault((joined(said), stem), label)
                    longest = max(longest, len(said))
        self._exact = {key: label for (key, stem), label in found.items() if not stem}
        self._starts = {key[0] for key, _ in found}
        self._longest = min(longest, _LONGEST)
        self._stems: dict[str, list[tuple[str, str]]] = {}
        for (key, stem), label in sorted(found.items(), key=lambda e: len(e[0][0]), reverse=True):
            if stem:
                self._stems.setdefault(key[0], []).append((key, label))

    def at(self, said: Sequence[str], i: int) -> tuple[int, str] | None:
        """The longest phrase that starts at word `i`: how many words it covers, its label."""
        if said[i][:1] not in self._starts:
            return None
        reach = min(len(said), i + self._longest)
        texts = [joined(said[i : j + 1]) for j in range(i, reach)]
        best: tuple[int, str] | None = None
        for size in range(len(texts), 0, -1):
            label = self._exact.get(texts[size - 1])
            if label is not None:
                best = (size, label)
                break
        for key, label in self._stems.get(texts[0][:1], ()):
            for size, text in enumerate(texts, start=1):
                if text.startswith(key) and " " not in text[len(key) :]:
                    if best is None or size > best[0]:
                        best = (size, label)
                    break
                if len(text) >= len(key):
                    break
        return best

    def hits(self, text: str | Sequence[Token]) -> list[Hit]:
        """Every phrase in a text, left to right, none overlapping another."""
        toks = tokens(text) if isinstance(text, str) else tuple(text)
        said = [t.word for t in toks]
        found: list[Hit] = []
        i = 0
        while i < len(said):
            match = self.at(said, i)
            if match is None:
                i += 1
                continue
            size, label = match
            found.append(Hit(label, i, i + size, toks[i].start, toks[i + size - 1].end))
            i += size
        return found

    def covers(self, text: str) -> set[int]:
        """The indexes of the tokens any phrase covers."""
        return {i for hit in self.hits(text) for i in range(hit.first, hit.last)}


def lexicon(table: dict[str, Iterable[str]] | None, label: str) -> Lexicon:
    """One vocabulary entry (`en:` and `ko:` lists) as a lexicon of one label."""
    table = table or {}
    return Lexicon((p, label) for language in ("en", "ko") for p in table.get(language) or [])
