"""What the tests that start `complaintbot run` as a real process share."""

from __future__ import annotations

import os
import socket
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# the environment of ours a test process must not inherit from the one running the tests
OURS = ("COMPLAINTBOT_", "TELEGRAM_", "SLACK_", "SMTP_", "DATABASE_", "REDIS_")


def free_port() -> int:
    """A loopback port nobody listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def run_environment(database_url: str, port: int, **settings: str) -> dict[str, str]:
    """The environment for `complaintbot run` on this database and port: the project's
    config.yml, none of the runner's own settings, and the `settings` given."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(OURS)}
    env.update(
        COMPLAINTBOT_CONFIG=str(ROOT / "config.yml"),
        DATABASE_URL=database_url,
        COMPLAINTBOT_HTTP_PORT=str(port),
        **settings,
    )
    return env
