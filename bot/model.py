"""The Rasa model: a fingerprint of the `nlu/` project decides whether to train."""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import re
import sys
from importlib.metadata import version
from pathlib import Path

import yaml

log = logging.getLogger(__name__)
ROOT = Path(__file__).resolve().parent.parent
_OWN_IMPORT = re.compile(r"^from ((?:bot|handlers)(?:\.\w+)+) import", re.MULTILINE)


def component_code(project: Path) -> list[Path]:
    """Our Python files a model depends on: the components its config names, and the
    modules of ours they import (so a change to the language tagger retrains the models
    that use it, and only those)."""
    config = yaml.safe_load((project / "config.yml").read_text(encoding="utf-8")) or {}
    names = [str(c.get("name", "")) for c in config.get("pipeline", []) or []]
    pending = [n.rsplit(".", 1)[0] for n in names if n.startswith("bot.")]
    found: dict[str, Path] = {}
    while pending:
        module = pending.pop()
        path = ROOT.joinpath(*module.split(".")).with_suffix(".py")
        if module in found or not path.exists():
            continue
        found[module] = path
        pending.extend(_OWN_IMPORT.findall(path.read_text(encoding="utf-8")))
    return [found[m] for m in sorted(found)]


def project_files(project: Path) -> list[Path]:
    """The files of the Rasa project that go into a model."""
    files = [project / "config.yml", project / "domain.yml"]
    files += sorted((project / "data").rglob("*.yml"))
    return files


def fingerprint(project: Path) -> str:
    """A hash of everything a trained model depends on."""
    digest = hashlib.sha256()
    digest.update(f"rasa={version('rasa')}".encode())
    for path in [*project_files(project), *component_code(project)]:
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def model_path(project: Path, directory: Path) -> Path:
    """Where the model for the project's current state lives."""
    return directory / f"complaintbot-{fingerprint(project)}.tar.gz"


def train(project: Path, directory: Path, *, force: bool = False) -> tuple[Path, bool]:
    """Train unless an up-to-date model exists; return its path and whether it trained."""
    target = model_path(project, directory)
    if target.exists() and not force:
        return target, False
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    from rasa.model_training import train as rasa_train

    directory.mkdir(parents=True, exist_ok=True)
    log.info("model.training.started", extra={"target": str(target)})
    # Rasa prints progress to stdout; stdout belongs to the command's own output
    # (`complaintbot parse` prints JSON lines there).
    with contextlib.redirect_stdout(sys.stderr):
        result = rasa_train(
            domain=str(project / "domain.yml"),
            config=str(project / "config.yml"),
            training_files=[str(project / "data")],
            output=str(directory),
            fixed_model_name=target.name.removesuffix(".tar.gz"),
            force_training=True,
        )
    if result.code != 0 or not result.model:
        raise RuntimeError(f"training failed (exit code {result.code})")
    for old in directory.glob("complaintbot-*.tar.gz"):
        if old != target:
            old.unlink()
    return target, True
