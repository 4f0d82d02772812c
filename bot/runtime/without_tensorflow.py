"""Serve without importing TensorFlow: Rasa's modules import it, our pipeline never runs it.

`import tensorflow` alone took ~2.5 s of a ~5 s start and ~100 MB of every process.
Rasa imports it at module level only to name base classes (`tf.keras.layers.Layer`) and
types in annotations; our pipeline (count vectors, logistic regression, RulePolicy) calls
nothing of it, in training or in serving (`tests/test_startup.py` holds both to that). So
`install()` puts stand-ins for TensorFlow and Keras in front of the real packages: any
attribute is another stand-in, a class may subclass one, `isinstance` against one is False,
and calling one raises `TensorFlowLeftOut`, naming what was called and how to get the real
package back (`COMPLAINTBOT_TENSORFLOW=1`, needed by pipelines such as DIET or TED).
"""

from __future__ import annotations

import importlib.abc
import importlib.machinery
import sys
import types
from typing import Any

# the packages whose import pulls in TensorFlow, as Rasa imports them
PACKAGES = frozenset({"tensorflow", "keras", "tensorflow_hub", "tensorflow_text", "tensorflow_addons"})
SWITCH = "COMPLAINTBOT_TENSORFLOW"


class TensorFlowLeftOut(RuntimeError):
    """Something called TensorFlow in a process that serves without it."""


class _Placeholder:
    """What a class that names a TensorFlow base class inherits instead."""


class _StandIn:
    """Any name under a left-out package: `tf.keras.layers.Dense` and so on."""

    def __init__(self, name: str) -> None:
        self._name = name

    def __getattr__(self, attribute: str) -> _StandIn:
        if attribute.startswith("__"):
            raise AttributeError(attribute)
        return _StandIn(f"{self._name}.{attribute}")

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        raise TensorFlowLeftOut(
            f"{self._name} was called, but this process runs without TensorFlow (the "
            f"pipeline in nlu/config.yml does not need it); set {SWITCH}=1 for one that does"
        )

    def __mro_entries__(self, bases: tuple[Any, ...]) -> tuple[type, ...]:
        return (_Placeholder,)

    def __instancecheck__(self, instance: Any) -> bool:
        return False

    def __repr__(self) -> str:
        return f"<left out: {self._name}>"


class _Module(types.ModuleType):
    def __getattr__(self, attribute: str) -> _StandIn:
        if attribute.startswith("__"):
            raise AttributeError(attribute)
        return _StandIn(f"{self.__name__}.{attribute}")


class _Finder(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    """Answers every import of a left-out package, or of a module under it, with a stand-in."""

    def find_spec(self, name: str, path: Any = None, target: Any = None) -> Any:
        if name.partition(".")[0] in PACKAGES:
            return importlib.machinery.ModuleSpec(name, self, is_package=True)
        return None

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> types.ModuleType:
        return _Module(spec.name)

    def exec_module(self, module: types.ModuleType) -> None:
        module.__path__ = []


def install() -> bool:
    """Put the stand-ins in place, unless TensorFlow is already imported; True if put."""
    if any(name.partition(".")[0] in PACKAGES for name in sys.modules):
        return False
    if not any(isinstance(finder, _Finder) for finder in sys.meta_path):
        sys.meta_path.insert(0, _Finder())
    return True


def installed() -> bool:
    """Whether `tensorflow` in this process is the stand-in."""
    return any(isinstance(finder, _Finder) for finder in sys.meta_path)
