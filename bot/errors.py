"""The errors of ours that reach a boundary (the CLI prints one line and exits 2)."""

from __future__ import annotations


class ComplaintbotError(Exception):
    """Base of our errors: the message says what is wrong and what to do."""


class ConfigError(ComplaintbotError):
    """`config.yml` or the environment cannot be used; the message names the key and file."""


class StartupError(ComplaintbotError):
    """The service cannot start as configured (a model that will not train, say)."""
