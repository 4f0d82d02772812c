"""Which language a customer writes in: the conversation's language follows their words,
never a reference, a code, an address, a button or a word or two of English."""

from __future__ import annotations

import re

from handlers.fields import detect_language
from handlers.references import without_references

_LATIN_WORD = re.compile(r"[A-Za-z]{2,}")
HANGUL = re.compile(r"[\uac00-\ud7a3]")
# Written the same in every language: an e-mail address, a link, a model or order number.
_NOT_WORDS = re.compile(r"\S+@\S+|https?://\S+|www\.\S+|\b\w*\d\w*\b")


def words_only(text: str) -> str:
    """The text without what carries no language: references, addresses, links, codes."""
    return _NOT_WORDS.sub(" ", without_references(text))


def spoken_language(text: str) -> str | None:
    """The language the customer writes in, when the text shows it: any Korean word, or
    English of two words or more ("ok", a bare reference or a model number show nothing,
    so a Korean conversation stays Korean)."""
    text = words_only(text)
    language = detect_language(text)
    if language == "en" and len(_LATIN_WORD.findall(text)) < 2:
        return None
    return language


def clearly(text: str, language: str) -> bool:
    """Whether the text is plainly written in that language, beyond a word or two."""
    if language == "ko":
        return len(HANGUL.findall(text)) >= 2
    return not HANGUL.search(text) and len(_LATIN_WORD.findall(text)) >= 3
