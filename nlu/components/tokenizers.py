"""Tokens for Korean and English: a whitespace tokenizer that keeps Hangul, and a
reference masker."""

from __future__ import annotations

from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.constants import TOKENS_NAMES
from rasa.nlu.tokenizers.whitespace_tokenizer import WhitespaceTokenizer
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from handlers.references import reference_spans


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.MESSAGE_TOKENIZER, is_trainable=False)
class HangulWhitespaceTokenizer(WhitespaceTokenizer):
    """Rasa's whitespace tokenizer, without dropping Korean words.

    Rasa 3.6 removes every token that its emoji pattern matches in full, and that pattern's
    ranges cover the Hangul syllables: "CMP-4T9B-M2KJ 취소" became the single token
    "CMP-4T9B-M2KJ", and a Korean sentence one token with its spaces. A token with a letter
    or digit in it is kept here; pure emoji and symbols are still removed.
    """

    def remove_emoji(self, text: str) -> str:
        """Drop a token only when it has no letter or digit."""
        if any(ch.isalnum() for ch in text):
            return text
        return str(super().remove_emoji(text))


REFERENCE_PLACEHOLDER = "cmpreference"


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.MESSAGE_TOKENIZER], is_trainable=False)
class ReferenceMasker(GraphComponent):
    """Shows the featurizers one placeholder word where a tracking reference stands.

    A reference's random symbols are noise to character n-grams: "CMP-4T9B-M2KJ 취소"
    leaned towards check_status because of the symbols, not the words. The message text
    and its entities are untouched; only the token lemmas the featurizers read change.
    """

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> ReferenceMasker:
        """Build the component (it has no state)."""
        return cls()

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        """Mask references in the training examples as at prediction time."""
        self.process(training_data.training_examples)
        return training_data

    def process(self, messages: list[Message]) -> list[Message]:
        """Replace the lemma of every token inside a reference."""
        for message in messages:
            text = message.get(TEXT) or ""
            spans = reference_spans(text)
            if not spans:
                continue
            for token in message.get(TOKENS_NAMES[TEXT], []) or []:
                lemma = token.lemma
                for start, end in spans:
                    if token.end <= start or token.start >= end:
                        continue
                    before = text[token.start : max(start, token.start)]
                    after = text[min(end, token.end) : token.end]
                    lemma = before + (REFERENCE_PLACEHOLDER if token.start <= start else "") + after
                token.lemma = lemma or REFERENCE_PLACEHOLDER
        return messages
