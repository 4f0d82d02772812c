from dataclasses import dataclass
from typing import Any, Mapping


@dataclass(frozen=True)
class Mend:
    field: str
    value: str | None


@dataclass(frozen=True)
class Removal:
    left: str | None
    removed: tuple[str, ...] = ()


def mends(text: str, slots: Mapping[str, Any], region: str = "KR") -> list[Mend]:
    return []


def removal(text: str, description: str) -> Removal | None:
    return None
