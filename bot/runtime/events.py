"""Event classes looked up by type name once, not by walking every subclass of `Event`.

Rasa 3.6 finds the class of every event read back from an action (and from the tracker
store) by walking all subclasses of `Event`.
"""

from __future__ import annotations

from rasa.shared.core.events import Event

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


def install() -> None:
    """Look event classes up through the cache."""
    Event.resolve_by_type = staticmethod(resolve_by_type)
