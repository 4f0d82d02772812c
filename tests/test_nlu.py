"""The Rasa project validates, has enough varied examples, and classifies held-out phrasing."""

from __future__ import annotations

import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
NLU = ROOT / "nlu"
UNUSED = re.compile(r"The utterance '(\w+)' is not used in any story or rule")


def _examples(path: Path) -> Counter:
    counts: Counter = Counter()
    for item in yaml.safe_load(path.read_text(encoding="utf-8"))["nlu"]:
        if "intent" in item:
            counts[item["intent"]] += sum(
                1 for line in item["examples"].splitlines() if line.startswith("- ")
            )
    return counts


def test_at_least_40_examples_per_intent_per_language() -> None:
    domain = yaml.safe_load((NLU / "domain.yml").read_text(encoding="utf-8"))
    hangul = re.compile("[가-힣]")
    for language in ("en", "ko"):
        counts = _examples(NLU / "data" / f"nlu_{language}.yml")
        # files of one topic in both languages (erasure.yml): each example by its script
        for path in sorted((NLU / "data").glob("*.yml")):
            if path.name.startswith("nlu_"):
                continue
            for item in yaml.safe_load(path.read_text(encoding="utf-8")).get("nlu") or []:
                if "intent" in item:
                    lines = [x for x in item["examples"].splitlines() if x.startswith("- ")]
                    counts[item["intent"]] += sum(
                        1 for x in lines if bool(hangul.search(x)) == (language == "ko")
                    )
        assert {i: counts[i] for i in domain["intents"] if counts[i] < 40} == {}, language


def test_every_response_has_an_english_and_a_korean_variation() -> None:
    domain = yaml.safe_load((NLU / "domain.yml").read_text(encoding="utf-8"))
    for name, variations in domain["responses"].items():
        plain = [v for v in variations if not v.get("condition")]
        korean = [
            v
            for v in variations
            if {"type": "slot", "name": "language", "value": "ko"} in v.get("condition", [])
        ]
        assert len(plain) == 1 and len(korean) == 1, name
        assert re.search(r"[\uac00-\ud7a3]", korean[0]["text"]), name


def test_rasa_data_validate_is_clean() -> None:
    """`rasa data validate`: no errors; the only warnings are responses our actions send."""
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "rasa",
            "data",
            "validate",
            "-d",
            "domain.yml",
            "-c",
            "config.yml",
            "--data",
            "data",
        ],
        cwd=NLU,
        capture_output=True,
        text=True,
        timeout=300,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output[-3000:]
    code = "\n".join(
        p.read_text(encoding="utf-8")
        for d in ("handlers", "bot", "nlu")
        for p in (ROOT / d).rglob("*.py")
    )
    domain = (NLU / "domain.yml").read_text(encoding="utf-8")
    warnings = [line for line in output.splitlines() if "UserWarning" in line]
    for line in warnings:
        match = UNUSED.search(line)
        assert match, line
        name = match.group(1)
        slot = name.removeprefix("utter_ask_")
        used = f'"{name}"' in code or (
            "utter_invalid_{slot}" in code and name.startswith("utter_invalid_")
        )
        asked = name.startswith("utter_ask_") and f"      - {slot}\n" in domain
        assert used or asked or name == "utter_ask_correction_field", (
            f"response {name} is never sent"
        )


def _tokens(text: str) -> list[tuple[str, str]]:
    from rasa.shared.nlu.training_data.message import Message

    from nlu.components.tokenizers import HangulWhitespaceTokenizer, ReferenceMasker

    message = Message(data={"text": text})
    HangulWhitespaceTokenizer(HangulWhitespaceTokenizer.get_default_config()).process([message])
    ReferenceMasker().process([message])
    return [(t.text, t.lemma) for t in message.get("text_tokens")]


def test_korean_words_are_tokens_and_references_one_placeholder() -> None:
    # Rasa's own WhitespaceTokenizer drops "취소" here (its emoji pattern covers Hangul).
    assert _tokens("CMP-4T9B-M2KJ 취소") == [("CMP-4T9B-M2KJ", "cmpreference"), ("취소", "취소")]
    assert [t for t, _ in _tokens("지난주에 주문한 노트북이 안 왔어요")] == [
        "지난주에",
        "주문한",
        "노트북이",
        "안",
        "왔어요",
    ]
    assert _tokens("😡😡 화나요") == [("화나요", "화나요")]
    assert ("CMP7K3F9QX2는", "cmpreference는") in _tokens("CMP7K3F9QX2는 어떻게 됐나요")


def test_the_classifier_builds_the_matrix_rasa_builds() -> None:
    import numpy as np
    from rasa.engine.graph import ExecutionContext
    from rasa.engine.storage.local_model_storage import LocalModelStorage
    from rasa.engine.storage.resource import Resource
    from rasa.nlu.classifiers.logistic_regression_classifier import LogisticRegressionClassifier
    from rasa.shared.nlu.training_data.features import Features
    from rasa.shared.nlu.training_data.message import Message
    from scipy.sparse import coo_matrix

    from nlu.components.classifiers import SentenceLogisticRegressionClassifier

    def message(seed: int) -> Message:
        rng = np.random.default_rng(seed)
        m = Message(data={"text": "x"})
        for origin, width in (("words", 5), ("chars", 7)):
            tokens = coo_matrix(rng.integers(0, 3, size=(3, width)))
            sentence = coo_matrix(rng.integers(0, 3, size=(1, width)))
            m.add_features(Features(tokens, "sequence", "text", origin))
            m.add_features(Features(sentence, "sentence", "text", origin))
        m.add_features(Features(rng.random((1, 2)), "sentence", "text", "dense"))
        m.add_features(Features(coo_matrix(np.ones((1, 4))), "sentence", "intent", "other"))
        return m

    messages = [message(1), message(2), message(3)]
    classifier = SentenceLogisticRegressionClassifier.create(
        {}, LocalModelStorage(Path("/nonexistent")), Resource("x"), ExecutionContext({}, "x")
    )
    for batch in (messages[:1], messages):
        ours = classifier._create_X(batch)
        rasa = LogisticRegressionClassifier._create_X(classifier, batch)
        assert ours.shape == rasa.shape == (len(batch), 14)
        assert (ours != rasa).nnz == 0


def test_the_featurizer_makes_rasas_sentence_features_and_no_others(tmp_path) -> None:
    from rasa.engine.graph import ExecutionContext
    from rasa.engine.storage.local_model_storage import LocalModelStorage
    from rasa.engine.storage.resource import Resource
    from rasa.nlu.featurizers.sparse_featurizer.count_vectors_featurizer import (
        CountVectorsFeaturizer,
    )
    from rasa.shared.nlu.training_data.message import Message
    from rasa.shared.nlu.training_data.training_data import TrainingData

    from nlu.components.featurizers import SentenceCountVectorsFeaturizer
    from nlu.components.tokenizers import HangulWhitespaceTokenizer

    tokenizer = HangulWhitespaceTokenizer(HangulWhitespaceTokenizer.get_default_config())

    def messages(*texts: str) -> list[Message]:
        batch = [Message(data={"text": t, "intent": "x"}) for t in texts]
        tokenizer.process(batch)
        return batch

    config = {**CountVectorsFeaturizer.get_default_config(), "analyzer": "char_wb", "max_ngram": 4}
    storage = LocalModelStorage(tmp_path)
    rasa = CountVectorsFeaturizer.create(
        config, storage, Resource("cv"), ExecutionContext({}, "cv")
    )
    rasa.train(
        TrainingData(messages("my laptop never arrived", "노트북이 안 왔어요 환불해 주세요"))
    )
    ours = SentenceCountVectorsFeaturizer.create(
        config, storage, Resource("ours"), ExecutionContext({}, "ours")
    )
    ours.vectorizers = rasa.vectorizers
    compared = 0
    for text in ("laptop 노트북 never", "완전히 새로운 문장", "🙂"):
        [theirs] = rasa.process(messages(text))
        [mine] = ours.process(messages(text))
        assert [f.type for f in mine.features] == (["sentence"] if mine.features else [])
        expected = [f.features for f in theirs.features if f.type == "sentence"]
        got = [f.features for f in mine.features]
        assert len(got) == len(expected)
        for a, b in zip(got, expected, strict=True):
            assert a.shape == b.shape and (a.tocsr() != b.tocsr()).nnz == 0
            compared += 1
    assert compared == 3


def test_the_domains_actions_are_exactly_the_registered_ones(base_settings) -> None:
    from handlers.actions import ActionContext, build_actions

    domain = yaml.safe_load((NLU / "domain.yml").read_text(encoding="utf-8"))
    registered = {
        a.name() for a in build_actions(ActionContext(factory=None, policy=base_settings.policy))
    }
    assert set(domain["actions"]) == registered


def test_binary_and_normalize_count_each_ngram_once_at_unit_length(tmp_path) -> None:
    """A long message is not more extreme than a short one: each n-gram counts once and
    every message's vector has length 1 (with raw counts long reviews were complaints at
    full confidence)."""
    import numpy as np
    from rasa.engine.graph import ExecutionContext
    from rasa.engine.storage.local_model_storage import LocalModelStorage
    from rasa.engine.storage.resource import Resource
    from rasa.shared.nlu.training_data.message import Message
    from rasa.shared.nlu.training_data.training_data import TrainingData

    from nlu.components.featurizers import SentenceCountVectorsFeaturizer
    from nlu.components.tokenizers import HangulWhitespaceTokenizer

    tokenizer = HangulWhitespaceTokenizer(HangulWhitespaceTokenizer.get_default_config())

    def messages(*texts: str) -> list[Message]:
        batch = [Message(data={"text": t, "intent": "x"}) for t in texts]
        tokenizer.process(batch)
        return batch

    config = {
        **SentenceCountVectorsFeaturizer.get_default_config(),
        "analyzer": "char_wb",
        "max_ngram": 4,
        "binary": True,
        "normalize": True,
    }
    ours = SentenceCountVectorsFeaturizer.create(
        config, LocalModelStorage(tmp_path), Resource("cv"), ExecutionContext({}, "cv")
    )
    ours.train(TrainingData(messages("broken broken broken", "고장 났어요")))
    short, long = (
        m.features[0].features.tocsr()
        for m in ours.process(messages("broken", " ".join(["broken"] * 40)))
    )
    assert set(long.data) == {long.data[0]}  # every n-gram the same weight: counted once
    assert np.isclose(np.sqrt((long.data**2).sum()), 1.0)
    assert (abs(short - long) > 1e-9).nnz == 0  # forty times the same word says nothing more
