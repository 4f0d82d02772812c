"""The only code that touches Rasa's internals: how this process runs Rasa 3.6.

Each change removes work that a profile of whole journeys found in Rasa's per-turn path
and gives Rasa's results; each has a test that compares it with Rasa's own code:
- `graph_runner`: the prediction graph runs in order, without dask;
- `tracker_store`: Rasa's SQL tracker store on our engine, with a write-through cache,
  and no fall-back to memory when it fails (a failed read or write fails the turn);
- `lock_store`: Redis locks across processes, in-memory otherwise;
- `applied_events`: trackers compute their applied events incrementally;
- `tracker_copy`: trackers copy their state instead of replaying every event;
- `past_states`: RulePolicy's view of the conversation is extended turn by turn, not
  replayed from the first event before each prediction;
- `rule_keys`: RulePolicy tests only the rules whose last turn could match the latest;
- `forms`: the form's scratch tracker is a copy plus the new events;
- `actions`: in-process custom actions, the action-result schema compiled once, no deep
  copy of the active form, and a failing action ends the turn instead of being swallowed;
- `events`: event classes are looked up by type name once;
- `debug_copies`: no deep copies of values handed to dropped debug logs.

`install()` applies the patches (the wiring calls it); `uninstall()` restores stock Rasa,
which the benchmark's baseline needs. Both refuse to run against another Rasa version:
these changes replace private methods whose code was read for 3.6.21 only.
"""

from __future__ import annotations

from importlib.metadata import version

from bot.runtime import preload  # noqa: F401  (first, before anything imports Rasa)

# isort: split
from bot.runtime import (
    actions,
    applied_events,
    debug_copies,
    events,
    forms,
    past_states,
    rule_keys,
    tracker_copy,
    tracker_store,
)
from bot.runtime.graph_runner import SequentialGraphRunner

SUPPORTED_RASA = "3.6.21"
_installed = False


class UnsupportedRasa(RuntimeError):
    """The installed Rasa is not the version these changes were written for."""


def check_version() -> None:
    """Raise `UnsupportedRasa` unless the installed Rasa is the supported one."""
    found = version("rasa")
    if found != SUPPORTED_RASA:
        raise UnsupportedRasa(
            f"bot/runtime patches Rasa {SUPPORTED_RASA} internals, but Rasa {found} is "
            f"installed; reinstall from requirements.lock (make install)"
        )


def install() -> None:
    """Apply every change above (idempotent)."""
    global _installed
    check_version()
    applied_events.install()
    tracker_copy.install()
    past_states.install()
    rule_keys.install()
    forms.install()
    events.install()
    debug_copies.install()
    actions.install()
    tracker_store.install()
    _installed = True


def uninstall() -> None:
    """Put stock Rasa back (the benchmark's "Rasa as shipped" baseline)."""
    global _installed
    from rasa.core.actions.action import RemoteAction
    from rasa.core.actions.forms import FormAction
    from rasa.shared.core.events import Event
    from rasa.shared.core.trackers import DialogueStateTracker

    DialogueStateTracker.applied_events = applied_events.RASA_APPLIED_EVENTS
    DialogueStateTracker.copy = tracker_copy.RASA_COPY
    past_states.uninstall()
    rule_keys.uninstall()
    FormAction._temporary_tracker = forms.RASA_TEMPORARY_TRACKER
    Event.resolve_by_type = staticmethod(events.RASA_RESOLVE_BY_TYPE)
    debug_copies.uninstall()
    RemoteAction._validate_action_result = actions.RASA_VALIDATE_ACTION_RESULT
    RemoteAction._action_call_format = actions.RASA_ACTION_CALL_FORMAT
    RemoteAction.run = actions.RASA_RUN
    tracker_store.uninstall()
    _installed = False


def installed() -> bool:
    """Whether the changes are in place in this process."""
    return _installed


__all__ = ["SequentialGraphRunner", "UnsupportedRasa", "install", "installed", "uninstall"]
