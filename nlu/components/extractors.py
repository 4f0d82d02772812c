"""Entity extractors of ours: the language a message is written in."""

from __future__ import annotations

from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import ENTITIES, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from handlers.language import clearly, spoken_language, words_only


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR], is_trainable=False)
class LanguageDetector(GraphComponent):
    """Adds a `language` entity (`en`/`ko`) that fills the `language` slot.

    Messages without letters (a phone number, an emoji), a bare reference, a word or two
    of English, and button payloads (`/affirm`) carry no language, so the slot keeps its
    value.
    """

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> LanguageDetector:
        """Build the component (it has no state)."""
        return cls()

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        """Nothing to learn."""
        return training_data

    def process(self, messages: list[Message]) -> list[Message]:
        """Tag each message with its language, when it has one.

        A channel may send the customer's language as a hint (`metadata.language`, from a
        Telegram user's settings): it decides for text that is not clearly either language
        ("ok", a reference, a button) and for the first message of a conversation; text
        clearly in the other language (Hangul, or a few English words) wins over it.
        """
        for message in messages:
            text = message.get(TEXT) or ""
            metadata = message.get("metadata") or {}
            hint = metadata.get("language") if isinstance(metadata, dict) else None
            hint = hint if hint in ("en", "ko") else None
            language = None if text.startswith("/") else spoken_language(text)
            if hint and (language is None or not clearly(words_only(text), language)):
                language = hint
            if language is None:
                continue
            entities = list(message.get(ENTITIES, []))
            entities.append(
                {
                    "entity": "language",
                    "value": language,
                    "start": 0,
                    "end": 0,
                    "extractor": "LanguageDetector",
                }
            )
            message.set(ENTITIES, entities, add_to_output=True)
        return messages
