"""The rooms keep their rules; this walks every import to keep them so.

- `bot → handlers → storage`, never back: storage imports nothing of ours, and handlers
  (outside `handlers/actions/`) nothing but storage and itself, and no framework;
- `bot/runtime/` is the only code that patches Rasa and imports Rasa and nothing of ours;
- each chat SDK is imported only by its channel module;
- the NLU components import Rasa and the domain's readers in handlers, not the process.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
OURS = {"bot", "handlers", "storage", "nlu", "tests", "bench"}
# Each chat SDK stays in its channel's modules (`bot/channels/telegram.py`,
# `bot/channels/telegram_request.py`, …).
SDKS = {
    "telegram": "bot/channels/telegram",
    "slack_bolt": "bot/channels/slack",
    "slack_sdk": "bot/channels/slack",
    "aiosmtplib": "bot/channels/email",
}


def imports(path: Path) -> set[str]:
    """Every module a file imports, dotted, as written (absolute imports only)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
    return found


def _top(module: str) -> str:
    return module.split(".")[0]


def files(folder: str) -> list[Path]:
    return sorted((ROOT / folder).rglob("*.py"))


RULES: dict[str, set[str]] = {
    # folder: top-level packages it must not import
    "storage": (OURS - {"storage"}) | {"rasa", "rasa_sdk", "aiohttp", "telegram", "slack_bolt"},
    "handlers/actions": (OURS - {"handlers", "storage"}) | {"rasa", "aiohttp"},
    "nlu/components": (OURS - {"handlers", "nlu"}) | {"aiohttp", "sqlalchemy"},
}


@pytest.mark.parametrize("folder", sorted(RULES))
def test_no_reversed_arrows(folder: str) -> None:
    offenders = {
        str(path.relative_to(ROOT)): sorted({_top(m) for m in imports(path)} & RULES[folder])
        for path in files(folder)
    }
    assert {k: v for k, v in offenders.items() if v} == {}


def test_use_cases_import_storage_only() -> None:
    allowed = {"handlers", "storage"}
    banned = (OURS - allowed) | {"rasa", "rasa_sdk", "aiohttp", "telegram", "slack_bolt"}
    offenders = {
        str(path.relative_to(ROOT)): sorted({_top(m) for m in imports(path)} & banned)
        for path in files("handlers")
        if "actions" not in path.relative_to(ROOT / "handlers").parts
    }
    assert {k: v for k, v in offenders.items() if v} == {}


def test_the_runtime_imports_rasa_and_nothing_of_ours() -> None:
    offenders = {
        str(path.relative_to(ROOT)): sorted(
            m for m in imports(path) if _top(m) in OURS and not m.startswith("bot.runtime")
        )
        for path in files("bot/runtime")
    }
    assert {k: v for k, v in offenders.items() if v} == {}


def test_only_the_runtime_patches_rasa() -> None:
    # Assigning to an attribute of a Rasa class or module is patching it.
    patched = {}
    for folder in ("bot", "handlers", "storage", "nlu"):
        for path in files(folder):
            if path.is_relative_to(ROOT / "bot" / "runtime"):
                continue
            source = path.read_text(encoding="utf-8")
            hits = [
                line.strip()
                for line in source.splitlines()
                if line.strip().startswith(("RemoteAction.", "DialogueStateTracker.", "rasa."))
                and "=" in line
            ]
            if hits:
                patched[str(path.relative_to(ROOT))] = hits
    assert patched == {}


def test_chat_sdks_only_in_their_channel() -> None:
    offenders = {}
    for folder in ("bot", "handlers", "storage", "nlu"):
        for path in files(folder):
            relative = str(path.relative_to(ROOT))
            for module in imports(path):
                home = SDKS.get(_top(module))
                if home and not relative.startswith(home):
                    offenders[relative] = module
    assert offenders == {}


def test_the_walker_sees_imports() -> None:
    found = {_top(m) for m in imports(ROOT / "bot" / "wiring.py")}
    assert {"bot", "storage", "sqlalchemy"} <= found
    assert "bot.runtime.actions" in imports(ROOT / "bot" / "dialogue.py")
