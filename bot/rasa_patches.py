"""Where this process runs Rasa 3.6 differently from stock, all installed by `install()`.

Each change removes work a profile of whole journeys found in Rasa's per-turn path and
gives the same results; each has a test that compares it with Rasa's own code:
- trackers compute their applied events incrementally (`bot/applied_events.py`);
- trackers copy their state instead of replaying every event (`bot/tracker_copy.py`);
- the form action's scratch tracker (made up to twice a turn while a form is open) is a
  copy of the conversation plus the new events, not a replay of it (~4 % of a turn);
- an event's class is looked up by its type name once, not by walking every subclass of
  `Event` for each event read back from an action (~4 % of a turn);
- the message processor and the form action stop deep-copying the values they pass to
  debug logging, which is dropped here anyway (`bot/logs.py`); that was ~6 % of a turn.
The action-call changes for in-process actions are in `bot/dialogue.py`.
"""

from __future__ import annotations

import types
from typing import Any

import rasa.core.actions.forms
import rasa.core.processor
from rasa.core.actions.forms import FormAction
from rasa.shared.core.constants import REQUESTED_SLOT
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, Event, SlotSet
from rasa.shared.core.trackers import DialogueStateTracker

from bot import applied_events, tracker_copy

RASA_RESOLVE_BY_TYPE = Event.resolve_by_type
_event_classes: dict[str, type[Event]] = {}


def resolve_by_type(type_name: str, default: type[Event] | None = None) -> type[Event] | None:
    """The event class for a type name, as Rasa's `Event.resolve_by_type` finds it.

    Found classes are kept by name. Rasa's answer could only change if a module imported
    later defined another event class with the same type name, which nothing here does.
    """
    found = _event_classes.get(type_name)
    if found is not None:
        return found
    resolved: type[Event] | None = RASA_RESOLVE_BY_TYPE(type_name, default)
    if resolved is not None and resolved is not default:
        _event_classes[type_name] = resolved
    return resolved


RASA_TEMPORARY_TRACKER = FormAction._temporary_tracker


def temporary_tracker(
    self: FormAction,
    current_tracker: DialogueStateTracker,
    additional_events: list[Event],
    domain: Domain,
) -> DialogueStateTracker:
    """The form's scratch tracker, as Rasa's `FormAction._temporary_tracker` makes it.

    Rasa builds a new tracker with the domain's slots from every event since the last
    restart, then the form's own events. For a conversation that was never restarted,
    keeps every event and has exactly the domain's slots, that is the current tracker
    (whose state is what those events made it) followed by the same new events; anything
    else is left to Rasa.
    """
    if (
        current_tracker.idx_after_latest_restart() != 0
        or current_tracker._max_event_history is not None
        or list(current_tracker.slots) != [slot.name for slot in domain.slots]
    ):
        return RASA_TEMPORARY_TRACKER(self, current_tracker, additional_events, domain)
    tracker = current_tracker.copy()  # like a new tracker, without model id or source
    for event in [
        SlotSet(REQUESTED_SLOT, self.get_slot_to_fill(current_tracker)),
        ActionExecuted(self.name()),
        *additional_events,
    ]:
        tracker.update(event)
    return tracker


def _as_they_are(value: Any, memo: Any = None) -> Any:
    return value


# `rasa.core.processor` and `rasa.core.actions.forms` use their `copy` module only for
# `copy.deepcopy(...)` of values they hand to `structlogger.debug`, which renders them at
# once or drops them.
_LOGGING_COPY = types.SimpleNamespace(deepcopy=_as_they_are)


def install() -> None:
    """Apply every change above (idempotent)."""
    applied_events.install()
    tracker_copy.install()
    FormAction._temporary_tracker = temporary_tracker
    Event.resolve_by_type = staticmethod(resolve_by_type)
    rasa.core.processor.copy = _LOGGING_COPY
    rasa.core.actions.forms.copy = _LOGGING_COPY
