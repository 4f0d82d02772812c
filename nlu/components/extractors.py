"""Entity extractors of ours: the language a message is written in."""

from __future__ import annotations

import re
from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import ENTITIES, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from handlers.fields import detect_language
from handlers.references import reference_spans

_LATIN_WORD = re.compile(r"[A-Za-z]{2,}")
_HANGUL = re.compile(r"[\uac00-\ud7a3]")
# Written the same in every language: an e-mail address, a link, a model or order number.
_NOT_WORDS = re.compile(r"\S+@\S+|https?://\S+|www\.\S+|\b\w*\d\w*\b")


def words_only(text: str) -> str:
    """The text without what carries no language: references, addresses, links, codes."""
    for start, end in reversed(reference_spans(text)):
        text = text[:start] + " " + text[end:]
    return _NOT_WORDS.sub(" ", text)


def spoken_language(text: str) -> str | None:
    """The language the customer writes in, when the text shows it: any Korean word, or
    English of two words or more ("ok", a bare reference or a model number show nothing,
    so a Korean conversation stays Korean)."""
    text = words_only(text)
    language = detect_language(text)
    if language == "en" and len(_LATIN_WORD.findall(text)) < 2:
        return None
    return language


def clearly(text: str, language: str) -> bool:
    """Whether the text is plainly written in that language, beyond a word or two."""
    if language == "ko":
        return len(_HANGUL.findall(text)) >= 2
    return not _HANGUL.search(text) and len(_LATIN_WORD.findall(text)) >= 3


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
