"""What the form's events say about the complaint being filed: the key that names its
submission (a retried or doubled confirming turn files it once), and everything the
customer typed while filing it (each answer is assessed, not only the description)."""

from __future__ import annotations

import hashlib

from rasa_sdk import Tracker

from handlers.actions.base import is_payload


def submission_key(tracker: Tracker) -> str | None:
    """The idempotency key of the form being submitted: its conversation and when the form
    started. A retry of the confirming turn (its save failed, the message came twice)
    reads the same saved start, so it names the same submission; a new form, a new one."""
    started = next(
        (
            event.get("timestamp")
            for event in reversed(tracker.events)
            if event.get("event") == "active_loop" and event.get("name") == "complaint_form"
        ),
        None,
    )
    if started is None:
        return None  # no form start to tell this submission from another
    named = f"{tracker.sender_id}\x00{started!r}"
    return hashlib.sha256(named.encode("utf-8", "surrogatepass")).hexdigest()


def told_in_form(tracker: Tracker) -> list[str]:
    """What the customer typed while this complaint was being filed, from the message that
    opened the form: each answer is assessed, not only the description. Answers to the name
    and contact questions are who the customer is (a danger said there is in the story)."""
    events = tracker.events
    # the complaint before this one was filed or dropped: both clear what happened
    start = 1 + max(
        (
            i
            for i, event in enumerate(events)
            if event.get("event") == "slot"
            and event.get("name") == "description"
            and event.get("value") is None
        ),
        default=-1,
    )
    opened = next(
        (
            i
            for i in range(start, len(events))
            if events[i].get("event") == "active_loop" and events[i].get("name") == "complaint_form"
        ),
        None,
    )
    if opened is None:
        return []
    first = max(
        (i for i in range(start, opened) if events[i].get("event") == "user"), default=opened
    )
    told, asked = [], None
    for event in events[first:]:
        if event.get("event") == "slot" and event.get("name") == "requested_slot":
            asked = event.get("value")
        elif event.get("event") == "user" and asked not in ("customer_name", "contact"):
            text = event.get("text") or ""
            if text and not is_payload(text):
                told.append(text)
    return told
