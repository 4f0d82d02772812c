"""The incremental `applied_events` answers exactly as Rasa's, turn after turn."""

from __future__ import annotations

from bot.runtime.applied_events import RASA_APPLIED_EVENTS, applied_events

from hypothesis import given, settings
from hypothesis import strategies as st
from rasa.shared.core.events import (
    ActionExecuted,
    ActionExecutionRejected,
    ActionReverted,
    ActiveLoop,
    Restarted,
    SessionStarted,
    SlotSet,
    UserUtteranceReverted,
    UserUttered,
)
from rasa.shared.core.trackers import DialogueStateTracker

EVENTS = st.sampled_from(
    [
        lambda: UserUttered("hi", {"name": "greet", "confidence": 1.0}),
        lambda: ActionExecuted("action_listen"),
        lambda: ActionExecuted("complaint_form"),
        lambda: ActionExecuted("other_form"),
        lambda: ActionExecuted("utter_greet"),
        lambda: ActiveLoop("complaint_form"),
        lambda: ActiveLoop("other_form"),
        lambda: ActiveLoop(None),
        lambda: ActionExecutionRejected("complaint_form"),
        lambda: SlotSet("language", "ko"),
        lambda: UserUtteranceReverted(),
        lambda: ActionReverted(),
        lambda: Restarted(),
        lambda: SessionStarted(),
    ]
)


@settings(max_examples=300, deadline=None)
@given(
    steps=st.lists(st.lists(EVENTS, min_size=0, max_size=4), min_size=1, max_size=25),
    resets=st.sets(st.integers(0, 24), max_size=2),
)
def test_same_answer_as_rasa_after_every_step(steps, resets) -> None:
    tracker = DialogueStateTracker("rest:test", [])
    for i, batch in enumerate(steps):
        if i in resets:
            tracker._reset()  # Rasa swaps in a new, empty deque
        for make in batch:
            tracker.events.append(make())
        ours = applied_events(tracker)
        rasa = RASA_APPLIED_EVENTS(tracker)
        assert [id(e) for e in ours] == [id(e) for e in rasa]
        ours.clear()  # a caller changing the list it got must not change the next answer
        assert [id(e) for e in applied_events(tracker)] == [id(e) for e in rasa]
