"""The dependency arrow is bot → handlers → storage; this walks the imports to keep it so."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FORBIDDEN = {
    "storage": {"handlers", "bot", "telegram", "slack_bolt", "slack_sdk", "rasa", "rasa_sdk"},
    "handlers": {"bot", "telegram", "slack_bolt", "slack_sdk", "aiohttp", "rasa"},
}


def imported_packages(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module.split(".")[0])
    return found


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_no_reversed_arrows(package: str) -> None:
    offenders = {
        str(path.relative_to(ROOT)): sorted(imported_packages(path) & FORBIDDEN[package])
        for path in (ROOT / package).rglob("*.py")
    }
    assert {k: v for k, v in offenders.items() if v} == {}


def test_the_walker_sees_imports() -> None:
    assert {"bot", "handlers", "storage"} <= imported_packages(ROOT / "bot" / "app.py")
