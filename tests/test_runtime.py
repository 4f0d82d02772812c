"""bot/runtime: the changes to how Rasa runs give Rasa's answers, are really installed,
can be taken back, and refuse another Rasa version."""

from __future__ import annotations

import copy
import inspect
import re

import bot.runtime as runtime
from bot.runtime import debug_copies, events

import pytest
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
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.utils.common import all_subclasses

from tests.helpers import FORM_JOURNEY


def _rasa(type_name: str) -> type[Event] | None:
    for cls in all_subclasses(Event):
        if cls.type_name == type_name:
            return cls
    return None


def test_event_classes_are_found_as_rasa_finds_them() -> None:
    runtime.install()
    names = {cls.type_name for cls in all_subclasses(Event)}
    assert {"user", "action", "slot", "active_loop", "bot"} <= names
    for name in sorted(names):
        assert Event.resolve_by_type(name) is _rasa(name)
        assert Event.resolve_by_type(name) is _rasa(name)  # second time from the cache
    assert events._event_classes["slot"] is SlotSet
    assert Event.resolve_by_type("no such event", default=SlotSet) is SlotSet
    assert Event.resolve_by_type("topic") is None


def test_events_read_back_from_an_action_keep_their_types() -> None:
    runtime.install()
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
    runtime.install()
    for module in debug_copies.MODULES:
        value = {"events": [1, 2, 3]}
        assert module.copy.deepcopy(value) is value
        # Every use of `copy` in the module is a keyword argument of a debug log call;
        # a Rasa upgrade that copies for another reason fails here.
        source = inspect.getsource(module)
        uses = re.findall(r"[^\n]*\bcopy\.\w+\([^\n]*", source)
        assert uses and all(re.search(r"\w+=copy\.deepcopy\(", u) for u in uses), uses


def _tracker() -> DialogueStateTracker:
    tracker = DialogueStateTracker("rest:runtime", [])
    for event in (
        ActionExecuted("action_listen"),
        UserUttered("hi", {"name": "greet", "confidence": 1.0}),
        ActionExecuted("action_greet"),
        SlotSet("language", "ko"),
    ):
        tracker.update(event)
    return tracker


def _replayed_events(tracker: DialogueStateTracker, monkeypatch: pytest.MonkeyPatch) -> int:
    """How many events `tracker.copy()` replays (Rasa's copy replays them all)."""
    count = 0
    stock_update = DialogueStateTracker.update

    def counting(self: DialogueStateTracker, event: Event, *args: object) -> None:
        nonlocal count
        count += 1
        stock_update(self, event, *args)

    with monkeypatch.context() as patch:
        patch.setattr(DialogueStateTracker, "update", counting)
        tracker.copy()
    return count


def test_install_changes_how_rasa_runs_and_uninstall_restores_it(monkeypatch) -> None:
    try:
        runtime.uninstall()
        stock = _tracker()
        stock.applied_events()
        assert "_complaintbot_applied_events" not in vars(stock)
        assert _replayed_events(stock, monkeypatch) == len(stock.events)
        assert rasa.core.processor.copy is copy
        assert not runtime.installed()

        runtime.install()
        tuned = _tracker()
        tuned.applied_events()
        assert "_complaintbot_applied_events" in vars(tuned)  # the incremental fold's memo
        assert _replayed_events(tuned, monkeypatch) == 0
        value = {"x": [1]}
        assert rasa.core.actions.forms.copy.deepcopy(value) is value
        assert runtime.installed()
    finally:
        runtime.install()


def test_another_rasa_version_is_refused_and_nothing_is_patched(monkeypatch) -> None:
    try:
        runtime.uninstall()
        monkeypatch.setattr(runtime, "version", lambda name: "3.7.0")
        with pytest.raises(runtime.UnsupportedRasa, match=r"3\.6\.21"):
            runtime.install()
        assert not runtime.installed()
        assert rasa.core.processor.copy is copy
    finally:
        monkeypatch.undo()
        runtime.install()


async def test_rule_policys_states_are_rasas_at_every_prediction(chat, desk, monkeypatch) -> None:
    """Each time RulePolicy reads the conversation, along conversations with a form, an
    interruption, a correction, a cancel and a second complaint, the states extended turn
    by turn are the states Rasa replays from the first event."""
    from bot.runtime import past_states

    from rasa.shared.core.domain import Domain

    checked, replayed, different = 0, 0, []
    init_copy = DialogueStateTracker.init_copy

    def counted(self):  # a replay from the first event starts with an empty tracker
        nonlocal replayed
        replayed += 1
        return init_copy(self)

    def both(self, tracker, omit_unset_slots=False, ignore_rule_only_turns=False, **kw):
        nonlocal checked
        with monkeypatch.context() as patch:
            patch.setattr(DialogueStateTracker, "init_copy", counted)
            ours = past_states.states_for_tracker_history(
                self, tracker, omit_unset_slots, ignore_rule_only_turns, **kw
            )
        rasas = past_states.RASA_STATES_FOR_TRACKER_HISTORY(
            self, tracker, omit_unset_slots, ignore_rule_only_turns, **kw
        )
        checked += 1
        if ours != rasas:
            different.append((len(tracker.events), ours, rasas))
        return ours

    monkeypatch.setattr(Domain, "states_for_tracker_history", both)
    journey = [*FORM_JOURNEY]
    journey.insert(3, "what's the status of CMP-7K3F-9QX2?")  # an interruption in the form
    for text in (
        *journey,
        "my fridge is leaking water since monday",
        "cancel",
        "세탁기가 고장났어요",
        "환불해주세요",
    ):
        await chat.say(text)
    assert different == []
    assert checked >= 20 and replayed <= 3  # extended, not replayed: new conversations only


async def test_rule_policy_finds_the_rules_rasa_finds_at_every_prediction(
    chat, monkeypatch
) -> None:
    """The rules indexed by their last turn that apply are those Rasa's test of every rule
    finds, along conversations with a form, an offer answered in own words, a cancel and a
    question; and most rules are never tested."""
    from bot.runtime import rule_keys

    from rasa.core.policies.rule_policy import RulePolicy

    checked, found, different, tested = 0, 0, [], [0, 0]
    applicable = RulePolicy._is_rule_applicable

    def counting(which: int):
        def count(self, key, turn, state):
            if turn == 0:
                tested[which] += 1
            return applicable(self, key, turn, state)

        return count

    def both(self, lookup, states):
        nonlocal checked, found
        with monkeypatch.context() as patch:
            patch.setattr(RulePolicy, "_is_rule_applicable", counting(0))
            ours = rule_keys.get_possible_keys(self, lookup, states)
            patch.setattr(RulePolicy, "_is_rule_applicable", counting(1))
            rasas = rule_keys.RASA_GET_POSSIBLE_KEYS(self, lookup, states)
        checked += 1
        found += bool(rasas)
        if ours != rasas:
            different.append((states[-1], ours ^ rasas))
        return ours

    monkeypatch.setattr(RulePolicy, "_get_possible_keys", both)
    for text in (
        *FORM_JOURNEY,
        "thanks for nothing, 3 hours on hold",
        "yes please file it",
        "my fridge is leaking water since monday",
        "cancel",
        "how long does it take?",
        "세탁기가 고장났어요",
        "환불해주세요",
    ):
        await chat.say(text)
    assert different == []
    assert checked >= 20 and found >= 5
    assert tested[0] * 4 < tested[1]  # a quarter of Rasa's tests or fewer


def test_an_action_that_reads_no_history_is_called_without_the_events() -> None:
    """The slot mapping run for every message gets the tracker's slots and latest message
    but not its events (serialising them cost more than the action); others get them all."""
    from bot.runtime.actions import InProcessActionEndpoint, action_call_format

    from rasa.core.actions.action import RemoteAction
    from rasa.shared.core.domain import Domain
    from rasa.shared.core.events import SlotSet, UserUttered
    from rasa.shared.core.trackers import DialogueStateTracker

    from handlers.actions import WITHOUT_HISTORY

    domain = Domain.from_yaml("version: '3.1'\nslots:\n  case:\n    type: text\n    mappings: []")
    tracker = DialogueStateTracker.from_events(
        "rest:x", [UserUttered("hi", {"name": "greet"}), SlotSet("case", "CMP-1")], domain.slots
    )
    endpoint = InProcessActionEndpoint(None, without_history=WITHOUT_HISTORY)  # type: ignore[arg-type]
    light = action_call_format(RemoteAction("action_read_case", endpoint), tracker, domain)
    full = action_call_format(RemoteAction("action_case_message", endpoint), tracker, domain)
    assert not light["tracker"].get("events") and light["tracker"]["slots"]["case"] == "CMP-1"
    assert light["tracker"]["latest_message"]["text"] == "hi"
    assert len(full["tracker"]["events"]) == 2
