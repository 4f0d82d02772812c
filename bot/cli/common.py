"""What the commands share: how they talk to the person at the terminal."""

from __future__ import annotations

import sys


def say(text: str) -> None:
    """A progress line for the person at the terminal (stderr: stdout is the output)."""
    print(text, file=sys.stderr, flush=True)


def fail(text: str) -> int:
    """One line saying what went wrong; the exit status for it."""
    say(f"✗ {text}")
    return 2
