"""Text as the desk stores it: no NUL, no unpaired surrogate, nothing nested without end.

PostgreSQL refuses a NUL in any text, and no database driver can encode a lone surrogate
(`\\ud800`, which JSON can spell but UTF-8 cannot); inside Rasa's tracker store either one
ended the process. Text that a customer wrote is cleaned (`clean`); a name that says who
someone is (a REST sender id) is refused instead (`is_identity`), so that two senders
never become one.
"""

from __future__ import annotations

import json
import re
import unicodedata
from typing import Any

# JSON deeper than this is refused: a Telegram update, the deepest thing we are sent, is
# about ten levels; Rasa copies metadata recursively, so depth is work on every turn.
MAX_DEPTH = 32
REPLACEMENT = "\ufffd"
_SURROGATE = re.compile("[\ud800-\udfff]")
# Characters that reorder or hide what a staff member reads in an identity.
_INVISIBLE = set("\u061c\u200b\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


class TooDeep(ValueError):
    """A value nested deeper than `MAX_DEPTH`."""


def clean(text: str) -> str:
    """The text without NUL characters and with each unpaired surrogate replaced by U+FFFD."""
    if text.isascii():
        return text.replace("\x00", "")
    return _SURROGATE.sub(REPLACEMENT, text.replace("\x00", ""))


def clean_value(value: Any, *, depth: int = 0) -> Any:
    """A JSON value with every string (keys too) cleaned; `TooDeep` past `MAX_DEPTH`."""
    if isinstance(value, str):
        return clean(value)
    if isinstance(value, dict | list) and depth >= MAX_DEPTH:
        raise TooDeep(f"nested more than {MAX_DEPTH} levels deep")
    if isinstance(value, dict):
        return {clean(str(k)): clean_value(v, depth=depth + 1) for k, v in value.items()}
    if isinstance(value, list):
        return [clean_value(v, depth=depth + 1) for v in value]
    return value


def clean_payload(text: str) -> str:
    """A button payload (`/intent{"entity": "value"}`) whose entities cannot spell a NUL or
    an unpaired surrogate as a JSON escape (Rasa decodes them into slots); entities nested
    deeper than `MAX_DEPTH` are dropped."""
    start, end = text.find("{"), text.rfind("}")
    if not text.startswith("/") or start < 0 or end < start:
        return text
    try:
        entities = clean_value(json.loads(text[start : end + 1]))
    except (TooDeep, RecursionError):
        return text[:start]
    except ValueError:  # not JSON: Rasa reads no entities from it either
        return text
    return text[:start] + json.dumps(entities, ensure_ascii=False) + text[end + 1 :]


def is_identity(text: str) -> bool:
    """Whether the text can name someone as given: no control characters, no unpaired
    surrogates, nothing that reorders or hides what is shown."""
    return not any(ch in _INVISIBLE or unicodedata.category(ch) in ("Cc", "Cs") for ch in text)
