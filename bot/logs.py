"""Logging: dotted event names, no message text at INFO, Rasa's debug chatter off."""

from __future__ import annotations

import logging
import os
import warnings


def configure_logging(level: str = "INFO") -> None:
    """Configure the standard library and Rasa's structlog at one level."""
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    numeric = getattr(logging, level.upper(), logging.INFO)
    logging.basicConfig(
        level=numeric,
        format="%(asctime)s %(levelname)s %(name)s %(message)s",
        force=True,
    )
    # Rasa logs the user's text and whole trackers at DEBUG; keep its loggers quieter
    # than ours so a debug run of complaintbot does not dump conversations.
    for noisy in (
        "rasa",
        "rasa_sdk",
        "absl",
        "tensorflow",
        "matplotlib",
        "apscheduler",
        "sanic",
    ):
        logging.getLogger(noisy).setLevel(max(numeric, logging.WARNING))
    warnings.filterwarnings("ignore", category=DeprecationWarning)
    warnings.filterwarnings("ignore", category=UserWarning, module="rasa")
    from rasa.utils.log_utils import configure_structlog

    configure_structlog(max(numeric, logging.WARNING))
