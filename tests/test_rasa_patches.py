"""The smaller changes to how Rasa runs here give Rasa's answers."""

from __future__ import annotations

import inspect
import re

import rasa.core.actions.forms
import rasa.core.processor
from rasa.shared.core.events import (
    ActionExecuted,
    ActiveLoop,
    BotUttered,
    Event,
    SlotSet,
    UserUttered,
)
from rasa.shared.utils.common import all_subclasses

from bot import rasa_patches


def _rasa(type_name: str) -> type[Event] | None:
    for cls in all_subclasses(Event):
        if cls.type_name == type_name:
            return cls
    return None


def test_event_classes_are_found_as_rasa_finds_them() -> None:
    rasa_patches.install()
    names = {cls.type_name for cls in all_subclasses(Event)}
    assert {"user", "action", "slot", "active_loop", "bot"} <= names
    for name in sorted(names):
        assert Event.resolve_by_type(name) is _rasa(name)
        assert Event.resolve_by_type(name) is _rasa(name)  # second time from the cache
    assert Event.resolve_by_type("no such event", default=SlotSet) is SlotSet
    assert Event.resolve_by_type("topic") is None


def test_events_read_back_from_an_action_keep_their_types() -> None:
    rasa_patches.install()
    written = [
        UserUttered("hi", {"name": "greet", "confidence": 1.0}),
        ActionExecuted("action_listen"),
        SlotSet("language", "ko"),
        ActiveLoop("complaint_form"),
        BotUttered("hello"),
    ]
    read = [Event.from_parameters(e.as_dict()) for e in written]
    assert read == written


def test_only_copies_made_for_debug_logs_are_skipped() -> None:
    rasa_patches.install()
    for module in (rasa.core.processor, rasa.core.actions.forms):
        value = {"events": [1, 2, 3]}
        assert module.copy.deepcopy(value) is value
        # Every use of `copy` in the module is a keyword argument of a debug log call;
        # a Rasa upgrade that copies for another reason fails here.
        source = inspect.getsource(module)
        uses = re.findall(r"[^\n]*\bcopy\.\w+\([^\n]*", source)
        assert uses and all(re.search(r"\w+=copy\.deepcopy\(", u) for u in uses), uses
