"""`complaintbot train`: train the Rasa model from `nlu/` (a no-op when up to date)."""

from __future__ import annotations

import argparse
from typing import Any

from bot.cli.common import say
from bot.settings import Settings


def register(commands: Any) -> None:
    """Add the command."""
    train = commands.add_parser("train", help="train the Rasa model (no-op when up to date)")
    train.add_argument("--force", action="store_true", help="train even if up to date")
    train.set_defaults(func=cmd_train)


def cmd_train(settings: Settings, args: argparse.Namespace) -> int:
    """Train the model unless it is up to date."""
    from bot.training import train

    path, trained = train(
        settings.model_project, settings.model_directory, force=args.force, say=say
    )
    print(f"{'trained' if trained else 'up to date'}: {path}")
    return 0
