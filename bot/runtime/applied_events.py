"""Rasa's `DialogueStateTracker.applied_events`, computed incrementally.

Rasa 3.6 recomputes a conversation's applied events (the events left after restarts,
rewinds and form loops are taken into account) from the first event each time it is
asked, about four times a turn: twice for the session check, once per policy prediction.
A tracker's events only ever grow at the end (Rasa replaces the deque when it resets a
tracker), so the result for the events seen before can be kept and the fold
continued over the new ones. The fold is Rasa's own loop; the one thing it reads from
the whole history, the names of the loops that were ever active, is checked: when new
events name a loop not seen before, everything is recomputed as Rasa would.
`install()` is idempotent; `tests/test_applied_events.py` checks the result against
Rasa's on generated conversations.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass
from typing import Any

from rasa.shared.core.events import (
    ActionExecuted,
    ActionReverted,
    ActiveLoop,
    Event,
    Restarted,
    SessionStarted,
    UserUtteranceReverted,
    UserUttered,
)
from rasa.shared.core.trackers import DialogueStateTracker

RASA_APPLIED_EVENTS = DialogueStateTracker.applied_events
_MEMO = "_complaintbot_applied_events"


@dataclass
class _Memo:
    events: deque[Event]  # the deque it was computed from (Rasa swaps it on reset)
    length: int
    first: Event | None
    last: Event | None
    loop_names: frozenset[str]
    applied: list[Event]


def _loop_names(events: Any) -> frozenset[str]:
    return frozenset(e.name for e in events if isinstance(e, ActiveLoop) and e.name)


def _fold(
    tracker: DialogueStateTracker,
    applied: list[Event],
    events: Any,
    loop_names: frozenset[str],
) -> None:
    """Rasa 3.6's `applied_events` loop body, applied to `applied` in place."""
    for event in events:
        if isinstance(event, (Restarted, SessionStarted)):
            applied.clear()
        elif isinstance(event, ActionReverted):
            tracker._undo_till_previous(ActionExecuted, applied)
        elif isinstance(event, UserUtteranceReverted):
            tracker._undo_till_previous(UserUttered, applied)
            tracker._undo_till_previous(ActionExecuted, applied)
        elif (
            isinstance(event, ActionExecuted)
            and event.action_name in loop_names
            and not tracker._first_loop_execution_or_unhappy_path(event.action_name, applied)
        ):
            tracker._undo_till_previous_loop_execution(event.action_name, applied)
        else:
            applied.append(event)


def applied_events(self: DialogueStateTracker) -> list[Event]:
    """All events that should be applied, without reverted ones (as Rasa's method)."""
    events = self.events
    length = len(events)
    memo: _Memo | None = self.__dict__.get(_MEMO)
    applied: list[Event] | None = None
    loop_names = frozenset[str]()
    if (
        memo is not None
        and memo.events is events
        and memo.length <= length
        and (memo.length == 0 or (events[0] is memo.first and events[memo.length - 1] is memo.last))
    ):
        new = [events[i] for i in range(memo.length, length)]
        loop_names = memo.loop_names | _loop_names(new)
        if loop_names == memo.loop_names:
            applied = list(memo.applied)
            _fold(self, applied, new, loop_names)
    if applied is None:
        loop_names = _loop_names(events)
        applied = []
        _fold(self, applied, events, loop_names)
    self.__dict__[_MEMO] = _Memo(
        events=events,
        length=length,
        first=events[0] if length else None,
        last=events[-1] if length else None,
        loop_names=loop_names,
        applied=applied,
    )
    return list(applied)


def install() -> None:
    """Make every tracker use the incremental version."""
    DialogueStateTracker.applied_events = applied_events
