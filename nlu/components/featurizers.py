"""Sentence-level count-vector features, without the per-token ones nothing reads."""

from __future__ import annotations

from typing import Any

import numpy as np
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.nlu.constants import DENSE_FEATURIZABLE_ATTRIBUTES
from rasa.nlu.featurizers.sparse_featurizer.count_vectors_featurizer import (
    CountVectorsFeaturizer,
)


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER, is_trainable=True)
class SentenceCountVectorsFeaturizer(CountVectorsFeaturizer):
    """Rasa's count-vector featurizer, making only the sentence features.

    Rasa's version vectorises each token for the sequence features and then the joined
    tokens for the sentence features; nothing here reads the first half.

    Two options Rasa's version lacks (both off by default, so the features are then exactly
    Rasa's): `binary` counts each n-gram once, and `normalize` scales each message's vector to
    unit length. Raw counts made long messages extreme: with them a long question or review
    was a complaint at full confidence whatever it said (PERFORMANCE.md).
    """

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        """Rasa's defaults plus ours."""
        return {**CountVectorsFeaturizer.get_default_config(), "binary": False, "normalize": False}

    def _create_features(
        self, attribute: str, all_tokens: list[list[str]]
    ) -> tuple[list[Any], list[Any]]:
        if not self.vectorizers.get(attribute):
            return [None], [None]
        sentences: list[Any] = []
        for tokens in all_tokens:
            if not tokens or attribute not in DENSE_FEATURIZABLE_ATTRIBUTES:
                sentences.append(None)
                continue
            vector = self.vectorizers[attribute].transform([" ".join(tokens)])
            vector.sort_indices()
            if self._config.get("binary"):
                vector.data[:] = 1
            if self._config.get("normalize") and vector.nnz:
                vector = vector.astype(np.float64)
                vector.data /= np.sqrt((vector.data**2).sum())
            sentences.append(vector.tocoo())
        return [None] * len(sentences), sentences
