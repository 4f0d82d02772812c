"""A trained model's domain loads without Rasa's schema check, and is the same domain."""

from __future__ import annotations

import tarfile

from bot.runtime.trusted_domain import loading_a_trained_model

import rasa.shared.utils.validation as validation
from rasa.shared.constants import DOMAIN_SCHEMA_FILE
from rasa.shared.core.domain import Domain


def _model_domain(model_path, tmp_path) -> str:
    with tarfile.open(model_path) as archive:
        member = next(m for m in archive.getmembers() if m.name.endswith("domain.yml"))
        return archive.extractfile(member).read().decode("utf-8")  # type: ignore[union-attr]


def test_the_trained_domain_loads_the_same_without_the_schema_check(
    model_path, tmp_path, monkeypatch
) -> None:
    yaml = _model_domain(model_path, tmp_path)
    checked: list[str] = []

    def spy(content, schema, *args, **kwargs):
        checked.append(schema)  # what reaches Rasa's check

    validated = Domain.from_yaml(yaml)
    monkeypatch.setattr(validation, "validate_yaml_schema", spy)
    with loading_a_trained_model():
        trusted = Domain.from_yaml(yaml)
        validation.validate_yaml_schema("version: '3.1'\nnlu: []\n", "shared/nlu/x.yml")
    assert trusted.as_dict() == validated.as_dict()
    assert DOMAIN_SCHEMA_FILE not in checked and checked == ["shared/nlu/x.yml"]
    assert validation.validate_yaml_schema is spy  # put back after
