"""The `complaintbot` command line: one module per command group, as `rasa/cli/` has.

Every command gets its settings checked first: a mistake in `config.yml` or the
environment, or any other error of ours, is one line on stderr and exit status 2.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from bot.cli import (
    actions,
    audit,
    chase,
    chat,
    complaints,
    db,
    parse,
    report,
    retention,
    run,
    train,
)
from bot.cli.common import fail
from bot.errors import ComplaintbotError
from bot.logs import configure_logging
from bot.settings import load_settings

GROUPS = (run, chat, train, parse, db, complaints, chase, report, retention, audit, actions)


def parser() -> argparse.ArgumentParser:
    """The command-line grammar."""
    root = argparse.ArgumentParser(
        prog="complaintbot",
        description="An ISO 10002 complaint desk in chat, in English and Korean.",
    )
    root.add_argument(
        "--log-level",
        help="logging level (default: INFO for run and actions, WARNING for the others)",
    )
    commands = root.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for group in GROUPS:
        group.register(commands)
    return root


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of `complaintbot` and `python -m bot`."""
    args = parser().parse_args(argv)
    serving = args.command in {"run", "actions"}
    configure_logging(args.log_level or ("INFO" if serving else "WARNING"))
    try:
        settings = load_settings()
        return int(args.func(settings, args) or 0)
    except ComplaintbotError as exc:
        return fail(str(exc))
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # `complaintbot complaints list | head`: the reader left
        sys.stderr.close()
        return 0


if __name__ == "__main__":
    sys.exit(main())
