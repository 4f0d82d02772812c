"""Packages Rasa imports and this desk never runs, left out of the process.

`import tensorflow` alone took ~2.5 s of a ~5 s start and ~350 MB of every process. Rasa
imports it at module level only to name base classes (`tf.keras.layers.Layer`) and types
in annotations; our pipeline (count vectors, logistic regression, RulePolicy) calls nothing
of it, in training or in serving. Rasa's `rasa.core.channels` and `rasa.core.tracker_store`
likewise import the SDKs of every connector and store they offer (aiogram, socketio, Webex,
Twilio, Messenger, MongoDB, DynamoDB…) and Rasa's HTTP server, Sanic, though ours are our own
channels on aiohttp and the SQL store.
`install()` puts stand-ins in front of those packages: any attribute is another stand-in,
a class may subclass one, `isinstance` against one is False, and calling one raises
`LeftOut` naming what was called. `tests/test_startup.py` plays whole conversations and
trains the model with them in place. A pipeline that does need TensorFlow (DIET, TED) runs
with `COMPLAINTBOT_TENSORFLOW=1`.
"""

from __future__ import annotations

import importlib.abc
import importlib.machinery
import sys
import types
from typing import Any

# the packages whose import pulls in TensorFlow, as Rasa imports them
TENSORFLOW = frozenset(
    {"tensorflow", "keras", "tensorflow_hub", "tensorflow_text", "tensorflow_addons"}
)
# the SDKs of Rasa's own connectors, brokers and stores, which the desk does not use
CONNECTORS = frozenset(
    {
        "aiogram",  # rasa.core.channels.telegram (ours is python-telegram-bot)
        "socketio",  # rasa.core.channels.socketio (and aio_pika through it)
        "questionary",  # rasa.core.channels.console, with prompt_toolkit
        "prompt_toolkit",
        "fbmessenger",
        "twilio",
        "webexteamssdk",
        "sanic",  # Rasa's own HTTP server (ours is aiohttp), with its plug-ins
        "sanic_routing",
        "sanic_cors",
        "sanic_jwt",
        "boto3",  # the DynamoDB tracker store
        "pymongo",  # the MongoDB tracker store
    }
)
SWITCH = "COMPLAINTBOT_TENSORFLOW"


class LeftOut(RuntimeError):
    """Something called a package this process runs without."""


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
        hint = (
            f"; set {SWITCH}=1 for a pipeline that needs it"
            if _root(self._name) in TENSORFLOW
            else ""
        )
        raise LeftOut(f"{self._name} was called, but this process runs without it{hint}")

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


def _root(name: str) -> str:
    return name.partition(".")[0]


class _Finder(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    """Answers every import of a left-out package, or of a module under it, with a stand-in."""

    def __init__(self, packages: frozenset[str]) -> None:
        self.packages = packages

    def find_spec(self, name: str, path: Any = None, target: Any = None) -> Any:
        if _root(name) in self.packages:
            return importlib.machinery.ModuleSpec(name, self, is_package=True)
        return None

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> types.ModuleType:
        return _Module(spec.name)

    def exec_module(self, module: types.ModuleType) -> None:
        module.__path__ = []


def install(packages: frozenset[str]) -> frozenset[str]:
    """Put stand-ins in place for those of `packages` not imported yet; those it put."""
    imported = {_root(name) for name in sys.modules}
    left = frozenset(packages - imported - left_out())
    if left:
        sys.meta_path.insert(0, _Finder(left))
    return left


def left_out() -> frozenset[str]:
    """The packages this process runs without."""
    return frozenset().union(*(f.packages for f in sys.meta_path if isinstance(f, _Finder)))
