"""The Rasa model: one trainer for `run`, `train`, the tests and the benchmark.

A model file is named by a fingerprint of everything it depends on (the Rasa version,
the `nlu/` project and the code of our components), so an up-to-date model is reused and
a changed project retrains.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import re
import sys
import time
from collections.abc import Callable
from importlib.metadata import version
from pathlib import Path

import yaml

from bot.errors import StartupError

log = logging.getLogger(__name__)
ROOT = Path(__file__).resolve().parent.parent
_OWN_IMPORT = re.compile(r"^from ((?:bot|handlers|nlu)(?:\.\w+)+) import", re.MULTILINE)
_OWN_PACKAGES = ("nlu.", "bot.", "handlers.")


def component_code(project: Path) -> list[Path]:
    """Our Python files a model depends on: the components its config names and the
    modules of ours they import (so a change to the language tagger retrains)."""
    config = yaml.safe_load((project / "config.yml").read_text(encoding="utf-8")) or {}
    names = [str(c.get("name", "")) for c in config.get("pipeline", []) or []]
    pending = [n.rsplit(".", 1)[0] for n in names if n.startswith(_OWN_PACKAGES)]
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


def model_path(project: Path, directory: Path, name: str = "complaintbot") -> Path:
    """Where the model for the project's current state lives."""
    return directory / f"{name}-{fingerprint(project)}.tar.gz"


def train(
    project: Path,
    directory: Path,
    *,
    force: bool = False,
    name: str = "complaintbot",
    nlu_only: bool = False,
    say: Callable[[str], None] | None = None,
) -> tuple[Path, bool]:
    """Train unless an up-to-date model exists; return its path and whether it trained.

    Older models of the same name are removed once the new one is in place.
    """
    target = model_path(project, directory, name)
    if target.exists() and not force:
        return target, False
    import bot.runtime  # noqa: F401  (before Rasa: see bot/runtime/preload.py)

    from rasa.model_training import train as rasa_train
    from rasa.model_training import train_nlu

    directory.mkdir(parents=True, exist_ok=True)
    if say:
        say(f"• model: training from {project.name}/ (about half a minute)…")
    log.info("model.training.started", extra={"model": target.name})
    started = time.perf_counter()
    # Rasa prints progress to stdout; stdout belongs to the command's own output
    # (`complaintbot parse` prints JSON lines there).
    with contextlib.redirect_stdout(sys.stderr):
        if nlu_only:
            result_path = train_nlu(
                str(project / "config.yml"),
                str(project / "data"),
                str(directory),
                fixed_model_name=target.name.removesuffix(".tar.gz"),
                domain=str(project / "domain.yml"),
            )
            ok = bool(result_path)
        else:
            result = rasa_train(
                domain=str(project / "domain.yml"),
                config=str(project / "config.yml"),
                training_files=[str(project / "data")],
                output=str(directory),
                fixed_model_name=target.name.removesuffix(".tar.gz"),
                force_training=True,
            )
            ok = result.code == 0 and bool(result.model)
    if not ok or not target.exists():
        raise StartupError(f"training the model from {project} failed (see the lines above)")
    stale = re.compile(rf"{re.escape(name)}-[0-9a-f]{{16}}\.tar\.gz")
    for old in directory.glob(f"{name}-*.tar.gz"):
        if old != target and stale.fullmatch(old.name):
            old.unlink()
    seconds = time.perf_counter() - started
    log.info("model.training.done", extra={"model": target.name, "seconds": round(seconds, 1)})
    return target, True
