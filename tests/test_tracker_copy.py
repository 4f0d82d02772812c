"""The fast tracker copy equals Rasa's replayed copy, turn after turn, and is independent."""

from __future__ import annotations

from bot.runtime.tracker_copy import RASA_COPY, tracker_copy

from rasa.shared.core.events import ActiveLoop, SlotSet
from rasa.shared.core.trackers import DialogueStateTracker, EventVerbosity

from tests.helpers import FORM_JOURNEY as JOURNEY


def _same(ours: DialogueStateTracker, rasa: DialogueStateTracker) -> None:
    assert ours.current_state(EventVerbosity.ALL) == rasa.current_state(EventVerbosity.ALL)
    skip = {"events", "slots", "active_loop", "_complaintbot_applied_events"}
    assert {k: v for k, v in vars(ours).items() if k not in skip} == {
        k: v for k, v in vars(rasa).items() if k not in skip
    }
    assert list(ours.events) == list(rasa.events)
    assert ours.active_loop == rasa.active_loop
    assert {n: (s.value, s.has_been_set) for n, s in ours.slots.items()} == {
        n: (s.value, s.has_been_set) for n, s in rasa.slots.items()
    }


async def test_equal_to_rasas_copy_along_a_whole_conversation(chat, desk) -> None:
    agent = desk[2].agent
    checked = 0
    for text in JOURNEY:
        await chat.say(text)
        tracker = await agent.tracker_store.retrieve(chat.sender_id)
        tracker.model_id = "model-1"  # set on live trackers; neither copy carries it
        _same(tracker_copy(tracker), RASA_COPY(tracker))
        checked += tracker.active_loop is not None and tracker.active_loop.name is not None
    assert checked >= 5  # most of those turns were inside the form


async def test_the_copy_is_independent_of_the_original(chat, desk) -> None:
    await chat.say("my laptop never arrived")
    tracker = await desk[2].agent.tracker_store.retrieve(chat.sender_id)
    before = tracker.current_state(EventVerbosity.ALL)
    clone = tracker_copy(tracker)
    clone.update(SlotSet("product", "a different product"))
    clone.update(ActiveLoop(None))
    assert clone.active_loop_name is None and clone.get_slot("product") == "a different product"
    assert tracker.current_state(EventVerbosity.ALL) == before


async def test_the_forms_scratch_tracker_is_the_one_rasa_builds(chat, desk) -> None:
    from bot.runtime.forms import RASA_TEMPORARY_TRACKER, temporary_tracker

    from rasa.core.actions.forms import FormAction
    from rasa.shared.core.events import Restarted

    agent = desk[2].agent
    form = FormAction("complaint_form", agent.processor.action_endpoint)
    extra = [SlotSet("product", "laptop")]

    def both(tracker: DialogueStateTracker) -> tuple[DialogueStateTracker, ...]:
        made = [
            build(form, tracker, extra, agent.domain)
            for build in (temporary_tracker, RASA_TEMPORARY_TRACKER)
        ]
        for made_tracker in made:
            # The two events each call creates (requested slot, form executed) differ
            # only in their creation time.
            for event in list(made_tracker.events)[-len(extra) - 2 : -len(extra)]:
                event.timestamp = 0.0
        return tuple(made)

    compared = 0
    for text in JOURNEY[:6]:
        await chat.say(text)
        tracker = await agent.tracker_store.retrieve(chat.sender_id)
        tracker.model_id = "model-1"
        _same(*both(tracker))
        compared += tracker.active_loop_name == "complaint_form"
    assert compared >= 4
    tracker.update(Restarted())  # after a restart Rasa keeps only the later events
    tracker.update(SlotSet("language", "ko"))
    ours, rasa = both(tracker)
    _same(ours, rasa)
    assert len(ours.events) == 4
