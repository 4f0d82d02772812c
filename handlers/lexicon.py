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
# Texts (and words) remembered per lexicon: a message is read by the same lexicon from
# several places in one turn, and a typo search scans every word of the vocabulary.
_REMEMBERED = 2048


@dataclass(frozen=True)
class Hit:
    """A phrase found: its label, its tokens (`first` up to `last`) and its characters."""

    label: str
    first: int
    last: int
    start: int
    end: int


# An English word this long or longer may be read with one typo or as a plural.
_TYPO_LENGTH = 5


def one_slip(said: str, word: str) -> bool:
    """Whether `said` is `word` with one letter left out, one added or two swapped (the
    typos of a quick hand: "heatr", "refnud", "replcement"); the first letter is right."""
    if said[:1] != word[:1] or said == word:
        return False
    if len(said) == len(word):
        diff = [i for i in range(len(word)) if said[i] != word[i]]
        return (
            len(diff) == 2
            and diff[1] == diff[0] + 1
            and said[diff[0]] == word[diff[1]]
            and said[diff[1]] == word[diff[0]]  # swapped, not two letters changed
        )
    short, long = sorted((said, word), key=len)
    if len(long) - len(short) != 1:
        return False
    return any(long[:i] + long[i + 1 :] == short for i in range(len(long)))


def typo_apart(a: str, b: str) -> bool:
    """Whether two words differ by one typo: a letter left out, added, swapped with the
    next, or mistyped ("jordna" and "jordan", "smtih" and "smith"); the first letter is
    right."""
    a, b = a.lower(), b.lower()
    if len(a) == len(b) and a[:1] == b[:1] and sum(x != y for x, y in zip(a, b, strict=True)) == 1:
        return True
    return one_slip(a, b)


def singular(word: str) -> str:
    """An English plural's singular, by the simple rule ("refrigerators", "batteries")."""
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("ches", "shes", "xes", "sses")):
        return word[:-2]
    if word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


_HANGUL_FIRST, _HANGUL_LAST = 0xAC00, 0xD7A3
# The analyser's tags of a word it does not know: "보샹" is read as a name, "뷸해줘" unknown.
_GUESSED = ("NNP", "UNKNOWN")


def _jamo(syllable: str) -> tuple[int, int, int]:
    """A Hangul syllable's initial, vowel and final (the final 0 when it has none)."""
    code = ord(syllable) - _HANGUL_FIRST
    return code // 588, (code // 28) % 21, code % 28


def _hangul(text: str) -> bool:
    return bool(text) and all(_HANGUL_FIRST <= ord(ch) <= _HANGUL_LAST for ch in text)


def jamo_apart(a: str, b: str) -> bool:
    """Whether two Korean words of as many syllables differ by one letter (jamo) of one
    syllable: the typos of a quick thumb ("환뷸" and "환불", "교횐" and "교환", "보샹" and
    "보상")."""
    if len(a) != len(b) or a == b or not (_hangul(a) and _hangul(b)):
        return False
    apart = [(x, y) for x, y in zip(a, b, strict=True) if x != y]
    if len(apart) != 1:
        return False
    x, y = apart[0]
    return sum(i != j for i, j in zip(_jamo(x), _jamo(y), strict=True)) == 1


# Words whose 's is "is" or "has", never a thing's ("it's fixed", "that's it", "let's go").
_NOT_OWNERS = frozenset(
    ["it", "that", "what", "there", "here", "let", "he", "she", "who", "where", "when", "how"]
)


class Lexicon:
    """Labelled phrases, each found where its words stand in a text (longest first). With
    `typos`, an English word of the phrases is also found as a plural or with one typo
    ("Bespoke refrigerators", "space heatr"), unless it is a real word of its own
    (`real_words`: "table" is no tablet, "charge" no charger); a Korean noun of the phrases
    is found typed one letter (jamo) off where the analyser knows no word ("환뷸해줘",
    "교횐 해주세용": `mended`)."""

    def __init__(
        self,
        entries: Iterable[tuple[str, str]],
        *,
        typos: bool = False,
        real_words: Iterable[str] = (),
    ) -> None:
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
        self._typos = typos
        self._real = frozenset(w.lower() for w in real_words)
        self._words = frozenset(
            w for key, _ in found for w in key.split() if w.isascii() and w.isalpha()
        )
        self._stem_labels = {
            key: label for (key, stem), label in found.items() if stem and " " not in key
        }
        self._stem_words = frozenset(self._stem_labels)
        # the Korean nouns of two syllables or more a typo may stand for, by their length
        self._nouns: dict[int, list[str]] = {}
        if typos:
            for (key, _), _label in found.items():
                for part in key.split():
                    if (
                        len(part) >= 2
                        and _hangul(part)
                        and part not in self._nouns.get(len(part), [])
                    ):
                        self._nouns.setdefault(len(part), []).append(part)
        self._mended: dict[str, str] = {}
        self._stems: dict[str, list[tuple[str, str]]] = {}
        self._meanings: dict[str, str] = {}
        self._found: dict[str | tuple[Token, ...], tuple[Hit, ...]] = {}
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

    def _meant(self, word: str) -> str:
        """The vocabulary's word an English word of the text stands for: itself, its
        singular, or the one word it is with one typo (when only one is near)."""
        meant = self._meanings.get(word)
        if meant is None:
            meant = self._meaning(word)
            _remember(self._meanings, word, meant)
        return meant

    def _meaning(self, word: str) -> str:
        # "Me broadband's been knackered", "the kettle's lid": the word, its 's off
        owner = word[:-2] if word[-2:] in ("'s", "’s") else None
        if owner in _NOT_OWNERS:
            owner = None  # "it's fixed", "that's it": a pronoun's is, no thing
        if self._typos and owner and (owner in self._words or singular(owner) in self._words):
            return owner if owner in self._words else singular(owner)
        if (
            not self._typos
            or len(word) < _TYPO_LENGTH
            or not word.isascii()
            or not word.isalpha()
            or word in self._words
            or word in self._real
            or any(word.startswith(stem) for stem in self._stem_words)
        ):
            return word
        if singular(word) in self._words:
            return singular(word)
        near = {
            w: self._exact.get(w)
            for w in self._words
            if len(w) >= _TYPO_LENGTH - 1 and one_slip(word, w)
        }
        near |= {
            stem + word[n:]: self._stem_labels[stem]  # "replcement": "replac" + "ement"
            for stem in self._stem_words
            if len(stem) >= _TYPO_LENGTH - 1
            for n in (len(stem) - 1, len(stem), len(stem) + 1)
            if one_slip(word[:n], stem)
        }
        if len(set(near.values())) != 1:  # none, or near words of two meanings
            return word
        return min(near)

    def mended(self, text: str) -> str:
        """The text with each Korean noun of the vocabulary that was typed one letter (jamo)
        off put right, where the analyser reads no word of its own there ("환뷸해줘" is read
        환 + 뷸해줘: 환불해줘; "사고" is a word, never 사과); as long as the text, so every
        place in it stays where it was."""
        if not self._nouns or not any(_HANGUL_FIRST <= ord(ch) <= _HANGUL_LAST for ch in text):
            return text
        mended = self._mended.get(text)
        if mended is None:
            mended = self._mend(text)
            _remember(self._mended, text, mended)
        return mended

    def _mend(self, text: str) -> str:
        toks = tokens(text)
        # the words the analyser knows (a proper noun or an unknown word is only its guess)
        known = [(t.start, t.end) for t in toks if t.tag not in _GUESSED]
        # a verb or an adjective starts there: a word of its own ("새어 나갔어요" is no 새거)
        predicates = {t.start for t in toks if t.tag.startswith("V")}
        lower = text.lower()
        chars = list(text)
        for start in sorted({t.start for t in toks} - predicates):
            near: set[str] = set()
            for size, nouns in self._nouns.items():
                said = lower[start : start + size]
                if (
                    len(said) < size
                    or said in nouns
                    or any(s <= start and start + size <= e for s, e in known)
                ):
                    continue  # the noun itself, or a word of its own ("사고", "수라상")
                near |= {noun for noun in nouns if jamo_apart(said, noun)}
            if len(near) == 1:  # one noun only is near: a typo of it
                noun = near.pop()
                chars[start : start + len(noun)] = list(noun)
        return "".join(chars)

    def tokens(self, text: str) -> tuple[Token, ...]:
        """The text's words as this lexicon reads them (a Korean typo of its nouns mended)."""
        return tokens(self.mended(text))

    def hits(self, text: str | Sequence[Token]) -> list[Hit]:
        """Every phrase in a text, left to right, none overlapping another."""
        key = text if isinstance(text, str) else tuple(text)
        found = self._found.get(key)
        if found is None:
            found = self._hits(self.tokens(text) if isinstance(text, str) else tuple(text))
            _remember(self._found, key, found)
        return list(found)

    def _hits(self, toks: tuple[Token, ...]) -> tuple[Hit, ...]:
        said = [t.word if t.tag else self._meant(t.word) for t in toks]
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
        return tuple(found)

    def covers(self, text: str) -> set[int]:
        """The indexes of the tokens any phrase covers."""
        return self.covers_tokens(self.tokens(text))

    def covers_tokens(self, toks: Sequence[Token]) -> set[int]:
        """The indexes of the tokens of `toks` any phrase covers."""
        return {i for hit in self.hits(toks) for i in range(hit.first, hit.last)}


def _remember(memory: dict, key: object, value: object) -> None:
    """Keep a value, forgetting everything once the memory is full (cheap, and a turn
    reads the same few texts again)."""
    if len(memory) >= _REMEMBERED:
        memory.clear()
    memory[key] = value


def lexicon(table: dict[str, Iterable[str]] | None, label: str) -> Lexicon:
    """One vocabulary entry (`en:` and `ko:` lists) as a lexicon of one label."""
    table = table or {}
    return Lexicon((p, label) for language in ("en", "ko") for p in table.get(language) or [])
