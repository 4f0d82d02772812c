"""Phrases the classifier may miss that mean one clear thing: asking what the desk can do,
and having lost a reference. Read only when the classifier gave up or called a message out
of scope, so they never override a confident reading."""

from __future__ import annotations

import re

_HELP = re.compile(
    r"^\W*(help|menu|options|commands|instructions)\W*$"
    r"|\bwhat (can|do) you do\b|\bhow (does|do) (this|it|you) work\b|\bhow do i use (this|you)\b"
    r"|\bwhat is this (bot|chat|for)\b|\bwhat can i (ask|do)\b"
    r"|도움말|메뉴|사용법|이용\s?방법|어떻게\s?(사용|이용|쓰)|뭐\s?할\s?수\s?있|무엇을\s?할\s?수|기능\s?(이|을|설명)",
    re.IGNORECASE,
)
_LOST_REFERENCE = re.compile(
    r"\b(forgot|forgotten|lost|can'?t find|cannot find|don'?t have|don'?t know|misplaced)\b"
    r".{0,30}\b(reference|ref|complaint number|case number|tracking)"
    r"|\b(reference|ref|complaint number|case number)\b.{0,20}\b(forgot|lost|gone|missing)\b"
    r"|접수\s?번호.{0,10}(까먹|잊어|잊었|모르|잃어|분실|기억\s?(이\s?)?안|생각\s?(이\s?)?안)",
    re.IGNORECASE,
)


def asks_for_help(text: str) -> bool:
    """Whether the message asks what the desk can do ("menu", "도움말", "how does this work")."""
    return bool(_HELP.search(text))


def lost_reference(text: str) -> bool:
    """Whether the customer says they lost or forgot their reference ("접수번호 까먹었어요")."""
    return bool(_LOST_REFERENCE.search(text))


_IN_KOREAN = re.compile(
    r"^\W*(?:(?:아|저기요?|그냥)\s+)?(?:한국어로|한국말로|한글로)\s*"
    r"(?:좀\s*)?(?:해\s*주세요|해\s*줘요?|해\s*주실래요|부탁\s*(?:드려요|드립니다|해요|합니다)?|"
    r"말해\s*주세요|얘기해\s*주세요|안내해\s*주세요|가능한가요|돼요|되나요|할게요|요)?\W*$"
    r"|^\W*(?:(?:can|could)\s+you\s+)?(?:(?:please|pls)\s+)?(?:speak|reply|answer|talk|continue|write)?"
    r"\s*(?:in\s+)?korean(?:\s+(?:please|pls))?\W*$",
    re.IGNORECASE,
)
_IN_ENGLISH = re.compile(
    r"^\W*(?:(?:can|could)\s+you\s+)?(?:(?:please|pls)\s+)?(?:speak|reply|answer|talk|continue|write)?"
    r"\s*(?:in\s+)?english(?:\s+(?:please|pls))?\W*$"
    r"|^\W*(?:영어로|영문으로)\s*(?:좀\s*)?(?:해\s*주세요|해\s*줘요?|부탁\s*(?:드려요|드립니다|해요|합니다)?|"
    r"말해\s*주세요|안내해\s*주세요)?\W*$",
    re.IGNORECASE,
)


def language_asked(text: str) -> str | None:
    """The language a customer asks the desk to speak ("한국어로 해주세요", "in english
    please"), if the message asks for one and nothing else."""
    if _IN_KOREAN.search(text):
        return "ko"
    if _IN_ENGLISH.search(text):
        return "en"
    return None
