"""The domain inside our own trained model is not schema-checked again at every load.

Rasa validates a domain's YAML against its schema each time it reads one (pykwalify, which
parses the YAML a second time): about 0.5 s of a 2 s start, to check a domain that was
checked when the model was trained from `nlu/domain.yml`. While a model loads, that one
check is skipped for the domain schema; every other file is still validated, and training
still validates `nlu/domain.yml`.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any

import rasa.shared.utils.validation as validation
from rasa.shared.constants import DOMAIN_SCHEMA_FILE


@contextlib.contextmanager
def loading_a_trained_model() -> Iterator[None]:
    """Within it, a domain read is not schema-checked again (it was, at training)."""
    check = validation.validate_yaml_schema

    def all_but_the_domain(content: str, schema_path: str, *args: Any, **kwargs: Any) -> None:
        if schema_path != DOMAIN_SCHEMA_FILE:
            check(content, schema_path, *args, **kwargs)

    validation.validate_yaml_schema = all_but_the_domain
    try:
        yield
    finally:
        validation.validate_yaml_schema = check
