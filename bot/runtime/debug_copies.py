"""No deep copies of values that Rasa hands to debug logging, which is dropped here.

`rasa.core.processor` and `rasa.core.actions.forms` use their `copy` module only for
`copy.deepcopy(...)` of values they pass to `structlogger.debug`, which renders them at once
or drops them (`bot/logs.py` drops Rasa's debug lines).
`tests/test_runtime.py` fails if a Rasa upgrade uses `copy` for anything else there.
"""

from __future__ import annotations

import copy
import types
from typing import Any

import rasa.core.actions.forms
import rasa.core.processor

MODULES = (rasa.core.processor, rasa.core.actions.forms)


def _as_they_are(value: Any, memo: Any = None) -> Any:
    return value


_LOGGING_COPY = types.SimpleNamespace(deepcopy=_as_they_are)


def install() -> None:
    """Give those modules a `copy` whose deepcopy returns its argument."""
    for module in MODULES:
        module.copy = _LOGGING_COPY


def uninstall() -> None:
    """Give them the standard `copy` back."""
    for module in MODULES:
        module.copy = copy
