"""Logging: ours and Rasa's in one format, with their fields; JSON lines off a terminal.

Log calls name an event with dots (`complaint.intake.saved`) and pass fields with
`extra=` (stdlib) or as keywords (structlog, as Rasa does); both are printed. Lines carry
the turn's correlation id while a turn runs (`bot/dialogue.py`). Message text, names and
contacts are never logged at INFO or above; Rasa, which logs user text at DEBUG, is held
at WARNING whatever our level.

Library warnings: the named third-party ones that fire on every start (TensorFlow, Rasa,
pkg_resources users, SQLAlchemy 2.0 notices about Rasa's code) are filtered by module and
category, nothing broader, so a deprecation in our own code still shows (and fails the
tests, which apply the same list).
"""

from __future__ import annotations

import logging
import sys
import warnings
from typing import IO

import structlog

# (action, message regex, category, module regex): warnings.filterwarnings arguments.
LIBRARY_WARNINGS: tuple[tuple[str, str, type[Warning], str], ...] = (
    ("ignore", "", DeprecationWarning, r"(tensorflow|keras|jax|flatbuffers|tf_keras)(\.|$)"),
    (
        "ignore",
        "",
        DeprecationWarning,
        r"(pkg_resources|apscheduler|google|sanic|sanic_routing)(\.|$)",
    ),
    ("ignore", "", DeprecationWarning, r"(rasa|rasa_sdk|sqlalchemy|dask|pydantic)(\.|$)"),
    (
        "ignore",
        "",
        DeprecationWarning,
        r"(aiogram|matplotlib|networkx|ruamel|pykwalify|sklearn|scipy|numpy)(\.|$)",
    ),
    ("ignore", "", PendingDeprecationWarning, r"(tensorflow|rasa|sanic|pkg_resources)(\.|$)"),
    ("ignore", "", FutureWarning, r"(tensorflow|rasa|sklearn|numpy)(\.|$)"),
    ("ignore", "", UserWarning, r"(rasa|tensorflow|sklearn|sanic)(\.|$)"),
    ("ignore", ".*pkg_resources is deprecated.*", UserWarning, ""),
    ("ignore", ".*declare_namespace.*", DeprecationWarning, ""),
    # python-telegram-bot 22 announces that RetryAfter.retry_after becomes a timedelta; its
    # own constructor reads the attribute, so the notice comes with every 429 (we take both).
    ("ignore", r".*`retry_after` will be of type", DeprecationWarning, ""),
    # pykwalify (Rasa's YAML schema checker) loads its extensions with load_module().
    (
        "ignore",
        "the load_module.. method is deprecated",
        DeprecationWarning,
        r"importlib\._bootstrap",
    ),
)
OURS = ("bot", "handlers", "storage", "nlu", "bench")
_QUIET = (
    "rasa",
    "rasa_sdk",
    "absl",
    "tensorflow",
    "matplotlib",
    "apscheduler",
    "sanic",
    "dask",
    "alembic",  # "setup plugin …" lines on every start
)


def _without_message_copy(
    logger: object, name: str, event: structlog.typing.EventDict
) -> structlog.typing.EventDict:
    # ExtraAdder also picks up the `message` a stdlib formatter stores on the record.
    if event.get("message") == event.get("event"):
        event.pop("message", None)
    return event


def quiet_library_warnings() -> None:
    """Filter the named library warnings listed above, and nothing else."""
    for action, message, category, module in LIBRARY_WARNINGS:
        warnings.filterwarnings(action, message=message, category=category, module=module)  # type: ignore[arg-type]


def configure_logging(
    level: str = "INFO", *, stream: IO[str] | None = None, json_lines: bool | None = None
) -> None:
    """One handler for our loggers and Rasa's structlog, at one level."""
    stream = stream or sys.stderr
    numeric = logging.getLevelName(level.upper())
    if not isinstance(numeric, int):
        numeric = logging.INFO
    if json_lines is None:
        json_lines = not stream.isatty()
    shared: list[structlog.typing.Processor] = [
        structlog.contextvars.merge_contextvars,
        structlog.stdlib.add_log_level,
        structlog.stdlib.add_logger_name,
        structlog.processors.TimeStamper(fmt="iso", utc=True),
    ]
    renderer: structlog.typing.Processor = (
        structlog.processors.JSONRenderer(ensure_ascii=False)
        if json_lines
        else structlog.dev.ConsoleRenderer(colors=stream.isatty())
    )
    formatter = structlog.stdlib.ProcessorFormatter(
        foreign_pre_chain=[*shared, structlog.stdlib.ExtraAdder(), _without_message_copy],
        processors=[
            structlog.stdlib.ProcessorFormatter.remove_processors_meta,
            *([structlog.processors.format_exc_info] if json_lines else []),
            renderer,
        ],
    )
    handler = logging.StreamHandler(stream)
    handler.setFormatter(formatter)
    root = logging.getLogger()
    root.handlers = [handler]
    root.setLevel(numeric)
    # Our loggers carry the level themselves: a library may reset the root logger's level
    # (numpy.distutils, imported under TensorFlow, sets it to WARNING through setuptools'
    # distutils shim), which silenced every access line of a running server.
    for name in OURS:
        logging.getLogger(name).setLevel(numeric)
    for name in _QUIET:
        logging.getLogger(name).setLevel(max(numeric, logging.WARNING))
    # Only Rasa logs through structlog here, and Rasa is held at WARNING: a filtering
    # logger makes its many debug calls a turn return at once (a stdlib-bound logger
    # looked up the caller's frame and built an event for each: ~13 µs against ~2 µs).
    structlog.configure(
        processors=[
            *shared,
            structlog.stdlib.PositionalArgumentsFormatter(),
            structlog.processors.StackInfoRenderer(),
            structlog.stdlib.ProcessorFormatter.wrap_for_formatter,
        ],
        logger_factory=structlog.stdlib.LoggerFactory(),
        wrapper_class=structlog.make_filtering_bound_logger(max(numeric, logging.WARNING)),
        cache_logger_on_first_use=True,
    )
    logging.captureWarnings(True)
    quiet_library_warnings()
