"""Sentence-level features and the logistic-regression intent classifier that uses them.

Our pipeline classifies whole messages; nothing in it reads per-token (sequence)
features. Rasa's count-vector featurizer builds both, and its logistic regression digs
the sentence row out of a combined copy of both. These subclasses do the same work
without the per-token part; the features and the matrices are the ones Rasa's classes make.
"""

from __future__ import annotations

from typing import Any

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.nlu.classifiers.logistic_regression_classifier import LogisticRegressionClassifier
from rasa.nlu.constants import DENSE_FEATURIZABLE_ATTRIBUTES
from rasa.nlu.featurizers.sparse_featurizer.count_vectors_featurizer import (
    CountVectorsFeaturizer,
)
from rasa.shared.nlu.constants import FEATURE_TYPE_SENTENCE, TEXT
from rasa.shared.nlu.training_data.message import Message
from scipy.sparse import csr_matrix, hstack, vstack


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER, is_trainable=True)
class SentenceCountVectorsFeaturizer(CountVectorsFeaturizer):
    """Rasa's count-vector featurizer, making only the sentence features.

    Rasa's version vectorises each token for the sequence features and then the joined
    tokens for the sentence features; the first half was ~3 % of a turn and nothing here
    reads it. The sentence features are computed exactly as Rasa computes them.
    """

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
            sentences.append(vector.tocoo())
        return [None] * len(sentences), sentences


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=True)
class SentenceLogisticRegressionClassifier(LogisticRegressionClassifier):
    """The same classifier and the same features, gathered without the detours.

    Rasa's version asks each message for its combined sparse and dense features, which
    deep-copies and stacks the per-token sequence features too, only to use the sentence
    row; measured with a word- and a character-level featurizer, ~15 % of a turn. The sentence
    features are taken here in the same order (sparse ones, then dense ones, each in the order
    the featurizers added them), so the matrix is the one Rasa's version builds.
    """

    def _create_X(self, messages: list[Message]) -> csr_matrix:
        rows = []
        for message in messages:
            sentence = [
                f
                for f in message.features
                if f.attribute == TEXT and f.type == FEATURE_TYPE_SENTENCE
            ]
            parts = [f.features for f in sentence if f.is_sparse()]
            parts += [csr_matrix(f.features) for f in sentence if f.is_dense()]
            if not parts:
                return super()._create_X(messages)  # Rasa's own handling of a bare message
            rows.append(parts[0].tocsr() if len(parts) == 1 else hstack(parts, format="csr"))
        return rows[0] if len(rows) == 1 else vstack(rows, format="csr")
