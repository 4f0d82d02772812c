"""The form action's scratch tracker, as a copy plus the new events instead of a replay.

Rasa's `FormAction._temporary_tracker` (made up to twice a turn while a form is open)
builds a new tracker from every event since the last restart, then the form's own
events. `tests/test_tracker_copy.py` compares it with Rasa's.
"""

from __future__ import annotations

from rasa.core.actions.forms import FormAction
from rasa.shared.core.constants import REQUESTED_SLOT
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, Event, SlotSet
from rasa.shared.core.trackers import DialogueStateTracker

RASA_TEMPORARY_TRACKER = FormAction._temporary_tracker


def temporary_tracker(
    self: FormAction,
    current_tracker: DialogueStateTracker,
    additional_events: list[Event],
    domain: Domain,
) -> DialogueStateTracker:
    """The form's scratch tracker, as Rasa's `FormAction._temporary_tracker` makes it.

    For a conversation that was never restarted, keeps every event and has exactly the
    domain's slots, Rasa's replay is the current tracker (whose state is what those events
    made it) followed by the same new events; anything else is left to Rasa.
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


def install() -> None:
    """Make forms build their scratch tracker this way."""
    FormAction._temporary_tracker = temporary_tracker
