"""Tracking references: `CMP-XXXX-XXXX`, Crockford base32 with a Luhn mod-32 check symbol.

The prefix is fixed, not configured: a reference printed on a receipt must stay readable
for as long as the complaint is kept, and the NLU's reference pattern and examples are
trained on this prefix. Changing it would orphan every reference already given out.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from typing import Literal

PREFIX = "CMP"
ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
BASE = len(ALPHABET)
BODY_LENGTH = 7
_INDEX = {symbol: i for i, symbol in enumerate(ALPHABET)}
# Crockford's decoding folds the symbols people confuse with digits.
_FOLD = str.maketrans({"O": "0", "I": "1", "L": "1"})
_SEPARATORS = re.compile(r"[\s\-_.]+")


def _luhn_sum(symbols: str, double_first: bool) -> int:
    total = 0
    factor = 2 if double_first else 1
    for symbol in reversed(symbols):
        addend = factor * _INDEX[symbol]
        total += addend // BASE + addend % BASE
        factor = 1 if factor == 2 else 2
    return total


def check_symbol(body: str) -> str:
    """The Luhn mod-32 check symbol for a body of alphabet symbols."""
    return ALPHABET[(BASE - _luhn_sum(body, double_first=True) % BASE) % BASE]


def is_valid_code(code: str) -> bool:
    """Whether the 8 symbols (body + check) pass the Luhn mod-32 check."""
    return _luhn_sum(code, double_first=False) % BASE == 0


def format_reference(code: str) -> str:
    """`CMP-XXXX-XXXX` from 8 symbols."""
    return f"{PREFIX}-{code[:4]}-{code[4:]}"


def new_reference() -> str:
    """A fresh random reference (35 random bits, never sequential)."""
    body = "".join(secrets.choice(ALPHABET) for _ in range(BODY_LENGTH))
    return format_reference(body + check_symbol(body))


@dataclass(frozen=True)
class ParsedReference:
    """The outcome of reading what a person typed as a reference."""

    outcome: Literal["valid", "mistyped", "malformed"]
    reference: str | None = None  # canonical form when valid or mistyped


def parse_reference(text: str) -> ParsedReference:
    """Read a reference in any case, with or without spaces/dashes/prefix, O/I/L folded."""
    compact = _SEPARATORS.sub("", text).upper()
    if compact.startswith(PREFIX) and len(compact) == len(PREFIX) + 8:
        compact = compact[len(PREFIX) :]
    code = compact.translate(_FOLD)
    if len(code) != BODY_LENGTH + 1 or any(symbol not in _INDEX for symbol in code):
        return ParsedReference("malformed")
    reference = format_reference(code)
    if not is_valid_code(code):
        return ParsedReference("mistyped", reference)
    return ParsedReference("valid", reference)


_SYMBOL = r"[0-9A-Za-z]"
_CANDIDATE = re.compile(
    rf"(?<![0-9A-Za-z])(?:{PREFIX}[\s\-_]*)?({_SYMBOL}(?:[\s\-]?{_SYMBOL}){{7}})(?![0-9A-Za-z])",
    re.IGNORECASE,
)


# Without the prefix a reference is written whole or split in the middle ("7K3F 9QX2"), not
# spread over words ("here for 1").
_UNPREFIXED = re.compile(rf"{_SYMBOL}{{4}}[\s\-]?{_SYMBOL}{{4}}")


def _candidates(text: str) -> list[tuple[re.Match[str], bool]]:
    """Reference-shaped tokens: with the prefix, or 8 symbols split only in the middle with
    both a digit and a letter in them (so ordinary words, and card, phone and order numbers,
    are not mistaken for references); and whether prefixed."""
    found = []
    at = 0
    while match := _CANDIDATE.search(text, at):
        has_prefix = match.group(0).upper().startswith(PREFIX)
        body = match.group(1)
        if has_prefix or (
            _UNPREFIXED.fullmatch(body)
            and any(ch.isdigit() for ch in body)
            and any(ch.isalpha() for ch in body)
            and not _a_word_in(body)
        ):
            found.append((match, has_prefix))
            at = match.end()
        else:  # a shape that is none may have taken a real one's start ("it's CMP-…": s CMP-…)
            at = match.start() + 1
    return found


def _a_word_in(body: str) -> bool:
    """Whether half of an unprefixed candidate is a word typed in lower case ("account number
    ends 7731" is no reference ENDS-7731); a reference's letters are written as shown."""
    halves = body.replace("-", " ").split() if len(body) > 8 else [body[:4], body[4:]]
    return any(h.isalpha() and h.islower() for h in halves)


def reference_spans(text: str) -> list[tuple[int, int]]:
    """Where reference-shaped tokens stand in the text (start, end)."""
    return [match.span() for match, _ in _candidates(text)]


def without_references(text: str) -> str:
    """The text with its reference-shaped tokens blanked out."""
    for start, end in reversed(reference_spans(text)):
        text = text[:start] + " " + text[end:]
    return text


def find_reference(text: str) -> ParsedReference | None:
    """The first reference-shaped token in free text, parsed; None when there is none."""
    best: ParsedReference | None = None
    for match, has_prefix in _candidates(text):
        parsed = parse_reference(match.group(1))
        if parsed.outcome == "valid":
            return parsed
        if parsed.outcome == "mistyped" and best is None and has_prefix:
            best = parsed
    return best
