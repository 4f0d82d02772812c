"""Policy keywords found in text: whole words and phrases, never inside another word.

"charge" does not match "charger", "sue" not "suede". A keyword ending in `*` matches words
that start with it ("injur*" finds "injured" and "injury"). Korean keywords match at the start
of a word and allow a particle after it ("화재" finds "화재가", "화재로"); with `*` any ending
("다쳤*" finds "다쳤어요"). Used for the assessment's keywords and the product catalogue's
aliases.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

# Particles that attach to a Korean noun, longest first so the alternation takes them whole.
_PARTICLES = sorted(
    [
        "이",
        "가",
        "을",
        "를",
        "은",
        "는",
        "에",
        "에서",
        "에게",
        "께",
        "으로",
        "로",
        "와",
        "과",
        "도",
        "만",
        "의",
        "까지",
        "부터",
        "이나",
        "나",
        "랑",
        "이랑",
        "하고",
        "요",
        "이요",
        "이에요",
        "예요",
        "이라",
        "라",
        "이며",
        "며",
        "처럼",
        "보다",
        "때문에",
        "인데",
        "이었",
        "였",
    ],
    key=len,
    reverse=True,
)
_HANGUL = re.compile(r"[\uac00-\ud7a3]")


@lru_cache(maxsize=1024)
def keyword_pattern(keyword: str) -> re.Pattern[str]:
    """The pattern a policy keyword stands for (see the module docstring)."""
    stem = keyword.endswith("*")
    words = keyword.rstrip("*").strip().lower().split()
    body = r"\s+".join(re.escape(word) for word in words)
    if _HANGUL.search(keyword):
        particles = "|".join(_PARTICLES)
        # a particle may come between the words too ("얼지 않*" finds "얼지를 않아요"), and
        # the space is often left out ("케어 플랜" finds "케어플랜", "물 새*" finds "물새요")
        body = rf"(?:{particles})?\s*".join(re.escape(word) for word in words)
        end = "" if stem else rf"(?:{particles})?(?![\uac00-\ud7a3])"
        return re.compile(rf"(?<![\uac00-\ud7a3A-Za-z0-9]){body}{end}")
    end = "" if stem else r"(?![a-z0-9])"
    return re.compile(rf"(?<![a-z0-9]){body}{end}")


def matching(keywords: Iterable[str], text: str) -> list[str]:
    """The keywords found in the text (which is lower-cased here)."""
    lowered = text.lower()
    return [k for k in keywords if keyword_pattern(k).search(lowered)]
