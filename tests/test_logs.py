"""Logging: ours and Rasa's structlog in one shape, with their fields; named library warnings only."""

from __future__ import annotations

import io
import json
import logging
import warnings
from collections.abc import Iterator
from typing import Any

import pytest
import structlog

from bot.logs import configure_logging


@pytest.fixture(autouse=True)
def restore_logging() -> Iterator[None]:
    """configure_logging changes global state: put back what tests/conftest.py set up."""
    with warnings.catch_warnings():
        yield
    configure_logging("WARNING")


def _configured(level: str = "INFO", *, json_lines: bool = True) -> io.StringIO:
    stream = io.StringIO()
    configure_logging(level, stream=stream, json_lines=json_lines)
    return stream


def _records(stream: io.StringIO) -> list[dict[str, Any]]:
    return [json.loads(line) for line in stream.getvalue().splitlines()]


def test_stdlib_extra_fields_are_one_json_line() -> None:
    stream = _configured()
    logging.getLogger("complaint.test").info(
        "complaint.intake.saved", extra={"reference": "CMP-X", "priority": "high"}
    )
    [record] = _records(stream)
    assert set(record) == {"event", "level", "logger", "timestamp", "reference", "priority"}
    assert record["event"] == "complaint.intake.saved"
    assert record["level"] == "info"
    assert record["logger"] == "complaint.test"
    assert record["reference"] == "CMP-X" and record["priority"] == "high"
    assert record["timestamp"].endswith("Z")  # ISO 8601, UTC


def test_structlog_keyword_fields_are_the_same_shape() -> None:
    stream = _configured()
    structlog.get_logger("rasa.something").warning(
        "rasa.core.lock.stale", conversation="abc", seconds=12
    )
    [record] = _records(stream)
    assert set(record) == {"event", "level", "logger", "timestamp", "conversation", "seconds"}
    assert record["event"] == "rasa.core.lock.stale"
    assert record["level"] == "warning"
    assert record["logger"] == "rasa.something"
    assert record["conversation"] == "abc" and record["seconds"] == 12


def test_json_keeps_korean_text_readable() -> None:
    stream = _configured()
    logging.getLogger("complaint.test").warning("complaint.note", extra={"team": "고객지원"})
    assert "고객지원" in stream.getvalue()


def test_an_exception_is_inside_the_json_line() -> None:
    stream = _configured()
    try:
        raise RuntimeError("disk full")
    except RuntimeError:
        logging.getLogger("complaint.test").exception("complaint.outbox.failed")
    [record] = _records(stream)
    assert record["level"] == "error"
    assert "RuntimeError: disk full" in record["exception"]


def test_console_lines_show_the_event_and_fields() -> None:
    stream = _configured(json_lines=False)
    logging.getLogger("complaint.test").info(
        "complaint.intake.saved", extra={"reference": "CMP-X", "priority": "high"}
    )
    structlog.get_logger("rasa.something").warning("rasa.thing.happened", sender="s-1")
    first, second = stream.getvalue().splitlines()
    assert "complaint.intake.saved" in first
    assert "reference=CMP-X" in first and "priority=high" in first
    assert "rasa.thing.happened" in second and "sender=s-1" in second
    assert "\x1b[" not in stream.getvalue()  # no colours off a terminal
    with pytest.raises(json.JSONDecodeError):
        json.loads(first)


def test_rasa_is_held_at_warning_whatever_our_level() -> None:
    stream = _configured("DEBUG")
    logging.getLogger("complaint.test").debug("complaint.debug.kept")
    logging.getLogger("rasa.core.processor").info("rasa.stdlib.info.dropped")
    logging.getLogger("rasa.core.processor").debug("rasa.stdlib.debug.dropped")
    structlog.get_logger("rasa.core.processor").info("rasa.structlog.info.dropped", text="hi")
    structlog.get_logger("rasa.core.processor").debug("rasa.structlog.debug.dropped")
    logging.getLogger("rasa_sdk.executor").info("rasa_sdk.info.dropped")
    logging.getLogger("rasa.core.processor").warning("rasa.stdlib.warning.kept")
    structlog.get_logger("rasa.core.processor").warning("rasa.structlog.warning.kept")
    events = [r["event"] for r in _records(stream)]
    assert events == [
        "complaint.debug.kept",
        "rasa.stdlib.warning.kept",
        "rasa.structlog.warning.kept",
    ]


def test_our_level_applies_to_our_loggers() -> None:
    stream = _configured("WARNING")
    logging.getLogger("complaint.test").info("complaint.info.dropped")
    structlog.get_logger("complaint.test").info("complaint.structlog.info.dropped")
    logging.getLogger("complaint.test").warning("complaint.warning.kept")
    assert [r["event"] for r in _records(stream)] == ["complaint.warning.kept"]


def test_our_lines_survive_a_library_lowering_the_root_logger() -> None:
    # numpy.distutils (imported under TensorFlow) sets the root logger to WARNING through
    # setuptools' distutils shim; a running server then logged no access line at all.
    stream = _configured("INFO")
    logging.getLogger().setLevel(logging.WARNING)
    logging.getLogger("bot.server.app").info("http.request", extra={"status": 200})
    assert [r["event"] for r in _records(stream)] == ["http.request"]


def test_an_unknown_level_means_info() -> None:
    stream = _configured("chatty")
    logging.getLogger("complaint.test").debug("complaint.debug.dropped")
    logging.getLogger("complaint.test").info("complaint.info.kept")
    assert [r["event"] for r in _records(stream)] == ["complaint.info.kept"]


def test_bound_context_is_on_lines_logged_inside_it() -> None:
    stream = _configured()
    with structlog.contextvars.bound_contextvars(turn="abc"):
        logging.getLogger("complaint.test").info("complaint.inside")
        structlog.get_logger("rasa.core").warning("rasa.inside")
    logging.getLogger("complaint.test").info("complaint.outside")
    inside, rasa_inside, outside = _records(stream)
    assert inside["turn"] == "abc" and rasa_inside["turn"] == "abc"
    assert "turn" not in outside


def test_reconfiguring_keeps_one_handler() -> None:
    _configured()
    stream = _configured()
    logging.getLogger("complaint.test").warning("complaint.once")
    assert len(logging.getLogger().handlers) == 1
    assert len(_records(stream)) == 1


# --- warnings: the named library ones are ignored, nothing broader ---


def _warn(module: str, category: type[Warning] = DeprecationWarning) -> None:
    warnings.warn_explicit(
        f"something from {module}", category, f"{module}.py", 1, module=module, registry={}
    )


def test_named_library_warnings_are_ignored_ours_are_not() -> None:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")  # first, so the named filters go in front of it
        configure_logging("WARNING", stream=io.StringIO())
        _warn("tensorflow.fake")
        _warn("tensorflow")
        _warn("rasa.core.fake")
        _warn("sqlalchemy.fake")
        _warn("rasa.fake", PendingDeprecationWarning)
        _warn("sklearn.fake", FutureWarning)
        _warn("handlers.fake")
        _warn("tensorflowish.fake")  # not tensorflow: a name that merely starts the same
        _warn("mytensorflow.fake")
        _warn("storage.fake", FutureWarning)
        _warn("bot.fake", UserWarning)
        _warn("pydantic.fake", RuntimeWarning)  # a category not on the list
    shown = [(w.category, str(w.message)) for w in caught]
    assert shown == [
        (DeprecationWarning, "something from handlers.fake"),
        (DeprecationWarning, "something from tensorflowish.fake"),
        (DeprecationWarning, "something from mytensorflow.fake"),
        (FutureWarning, "something from storage.fake"),
        (UserWarning, "something from bot.fake"),
        (RuntimeWarning, "something from pydantic.fake"),
    ]


def test_a_deprecation_in_our_code_still_fails_the_tests() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        configure_logging("WARNING", stream=io.StringIO())
        _warn("tensorflow.fake")  # ignored: no error
        with pytest.raises(DeprecationWarning, match=r"handlers\.fake"):
            _warn("handlers.fake")
