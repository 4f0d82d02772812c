"""Plays the conversation tests in nlu/tests through the agent with the real actions."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

import pytest
import yaml
from rasa.shared.core.events import ActionExecuted, UserUttered

from handlers.identity import Identity

ROOT = Path(__file__).resolve().parent.parent
STORIES = yaml.safe_load((ROOT / "nlu" / "tests" / "test_stories.yml").read_text(encoding="utf-8"))
HIDDEN = {"action_listen", "action_session_start", "action_extract_slots"}


def turns(story: dict[str, Any]) -> list[tuple[str, str | None, list[str]]]:
    """(text, expected intent, expected actions) for each user turn of a story."""
    result: list[tuple[str, str | None, list[str]]] = []
    for step in story["steps"]:
        if "user" in step:
            result.append((step["user"].strip(), step.get("intent"), []))
        elif "action" in step:
            result[-1][2].append(step["action"])
    return result


@pytest.mark.parametrize("story", STORIES["stories"], ids=lambda s: s["story"])
async def test_story(desk, story: dict[str, Any]) -> None:
    dialogue = desk[2]
    customer = Identity("rest", f"story-{uuid.uuid4().hex[:10]}")
    for text, intent, actions in turns(story):
        await dialogue.handle(customer, text)
        tracker = await dialogue.agent.tracker_store.retrieve(customer.sender_id)
        events = list(tracker.events)
        last_user = max(i for i, e in enumerate(events) if isinstance(e, UserUttered))
        ran = [
            e.action_name
            for e in events[last_user:]
            if isinstance(e, ActionExecuted) and e.action_name not in HIDDEN
        ]
        if intent:
            assert tracker.latest_message.intent["name"] == intent, text
        assert ran == actions, text
