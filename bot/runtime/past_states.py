"""Rasa's `Domain.states_for_tracker_history`, extended turn by turn instead of replayed.

RulePolicy reads the whole conversation as states before each prediction (two or three a
turn). Rasa 3.6 builds them by replaying every event since the start onto an empty tracker
and taking a state before each action: a tenth of a turn's time under load, and growing
with the conversation. A state before an action depends only on the events before it, so
the states already taken stay as they are when events are added at the end. This keeps,
per conversation, the replay where it stopped (its tracker, the events it has applied,
the states taken) and continues it over the new events; the last state (after every event)
is taken afresh each time, as Rasa does. Where the applied events differ from those
replayed (a form's happy path folds its last turn away), it goes back to the replay as it
was before one of the form's last runs and goes on from there; where that is not enough (a
restart, another process's tracker), it starts again from the first event, as Rasa would.

Only the call RulePolicy makes is served this way (`ignore_rule_only_turns=False`); the ML
policies' call hides rule turns depending on the turns after them, and goes to Rasa.
`tests/test_runtime.py` compares the states with Rasa's along real conversations.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Any

from rasa.shared.core.domain import Domain, State
from rasa.shared.core.events import ActionExecuted, Event
from rasa.shared.core.trackers import DialogueStateTracker

RASA_STATES_FOR_TRACKER_HISTORY = Domain.states_for_tracker_history
RASA_IS_EMPTY = Domain.is_empty
_REPLAYS = "_complaintbot_replays"
_IS_EMPTY = "_complaintbot_is_empty"
# Conversations whose replay is kept (least recently used first out; as many as the
# tracker store keeps), and the marks each keeps to go back to: a replay is about 50 KB.
KEPT = 500
MARKS = 2


@dataclass
class _Replay:
    tracker: DialogueStateTracker  # the replay so far: the events below applied
    events: list[Event] = field(default_factory=list)
    states: list[State] = field(default_factory=list)  # one before each action replayed
    # the replay as it was before each of the last few runs of a form: (position, a copy
    # of its tracker, how many states it had taken)
    marks: list[tuple[int, DialogueStateTracker, int]] = field(default_factory=list)


def _diverges(events: list[Event], replayed: list[Event]) -> int:
    """Where `events` stop being the replayed ones (the same objects)."""
    for at, (a, b) in enumerate(zip(events, replayed, strict=False)):
        if a is not b:
            return at
    return min(len(events), len(replayed))


def _rewound(replay: _Replay, to: int) -> _Replay | None:
    """The replay as it was at the last mark at or before `to`, or None without one.

    A form that runs again on its happy path takes the actions and messages since its last
    run out of the applied events (Rasa's `applied_events`), so at most turns of a form
    the events change just after its last run, not only at the end."""
    while replay.marks and replay.marks[-1][0] > to:
        replay.marks.pop()
    if not replay.marks:
        return None
    at, tracker, taken = replay.marks.pop()  # taken out: its tracker goes on from here
    return _Replay(tracker, replay.events[:at], replay.states[:taken], replay.marks)


def states_for_tracker_history(
    self: Domain,
    tracker: DialogueStateTracker,
    omit_unset_slots: bool = False,
    ignore_rule_only_turns: bool = False,
    rule_only_data: dict[str, Any] | None = None,
) -> list[State]:
    """The conversation's states (as Rasa's)."""
    if ignore_rule_only_turns:
        return RASA_STATES_FOR_TRACKER_HISTORY(
            self, tracker, omit_unset_slots, ignore_rule_only_turns, rule_only_data
        )
    replays: OrderedDict[tuple[Any, ...], _Replay] = self.__dict__.setdefault(
        _REPLAYS, OrderedDict()
    )
    key = (tracker.sender_id, tracker.is_rule_tracker, omit_unset_slots)
    events = tracker.applied_events()
    replay = replays.pop(key, None)
    if replay is not None:
        at = _diverges(events, replay.events)
        if at < len(replay.events):
            replay = _rewound(replay, at)
    if replay is None:
        replay = _Replay(tracker.init_copy())
    for at in range(len(replay.events), len(events)):
        event = events[at]
        if isinstance(event, ActionExecuted):
            if event.action_name in self.form_names:  # where a happy path folds back to
                replay.marks.append((at, replay.tracker.copy(), len(replay.states)))
                del replay.marks[:-MARKS]
            state = self.get_active_state(replay.tracker, omit_unset_slots)
            replay.states.append(self._clean_state(state))
        replay.tracker.update(event)
        replay.events.append(event)
    replays[key] = replay
    while len(replays) > KEPT:
        replays.popitem(last=False)
    last = self._clean_state(self.get_active_state(replay.tracker, omit_unset_slots))
    return [*replay.states, last]


def is_empty(self: Domain) -> bool:
    """Rasa's `Domain.is_empty`, once per domain: it builds and compares the whole domain
    as a dict, and the processor asks at every message (3 % of a turn)."""
    found = self.__dict__.get(_IS_EMPTY)
    if found is None:
        found = self.__dict__[_IS_EMPTY] = RASA_IS_EMPTY(self)
    return bool(found)


def install() -> None:
    """Serve RulePolicy's states this way, and remember whether the domain is empty."""
    Domain.states_for_tracker_history = states_for_tracker_history
    Domain.is_empty = is_empty


def uninstall() -> None:
    """Put Rasa's back."""
    Domain.states_for_tracker_history = RASA_STATES_FOR_TRACKER_HISTORY
    Domain.is_empty = RASA_IS_EMPTY
