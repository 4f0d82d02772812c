"""What every custom action shares: its dependencies, the language, the identity, DB errors."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import sessionmaker

from handlers.formatting import format_date
from handlers.identity import Identity
from handlers.policy import Policy
from storage.types import utcnow

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ActionContext:
    """The dependencies of the custom actions, passed in by the wiring."""

    factory: sessionmaker
    policy: Policy
    clock: Callable[[], datetime] = field(default=utcnow)


def language_of(tracker: Tracker) -> str:
    """The conversation's language (English until the customer shows otherwise)."""
    return "ko" if tracker.get_slot("language") == "ko" else "en"


def entity_value(tracker: Tracker, name: str) -> str | None:
    """The first value of an entity in the latest message."""
    for entity in tracker.latest_message.get("entities", []) or []:
        if entity.get("entity") == name and entity.get("value"):
            return str(entity["value"])
    return None


class ComplaintAction(Action):
    """A custom action with its context; database trouble gets a polite "try again"."""

    action_name = ""

    def __init__(self, context: ActionContext) -> None:
        self.context = context

    def name(self) -> str:
        """The action's name in the domain."""
        return self.action_name

    @property
    def policy(self) -> Policy:
        """The complaints-handling policy."""
        return self.context.policy

    def date(self, moment: datetime, language: str) -> str:
        """A date in the customer's language and the organisation's time zone."""
        return format_date(moment, language, self.policy.timezone)

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        """Run the action; a database outage is answered, never raised at the customer."""
        identity = Identity.from_sender_id(tracker.sender_id)
        language = language_of(tracker)
        try:
            return await self.act(dispatcher, tracker, identity, language)
        except SQLAlchemyError:
            log.exception("complaint.action.database_error", extra={"action": self.name()})
            dispatcher.utter_message(response="utter_try_again_later")
            return self.on_database_error(tracker)

    def on_database_error(self, tracker: Tracker) -> list[EventType]:
        """Events to return when the database failed (nothing by default)."""
        return []

    async def act(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        identity: Identity,
        language: str,
    ) -> list[EventType]:
        """The action's work."""
        raise NotImplementedError
