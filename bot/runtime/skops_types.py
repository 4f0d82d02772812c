"""skops's trusted type names, worked out once per installed version instead of at every start.

Rasa loads the intent classifier through skops, and importing `skops.io` computes which
types a model file may contain: it imports every scikit-learn estimator module and, for
each of ~750 NumPy and SciPy ufuncs, scans every loaded module for the one holding it.
That was the largest part of a start once TensorFlow was left out (~1.5 s of ~3 s).
The names depend only on the installed packages, so they are kept in a small JSON file
named by those versions; a start that finds it gives skops the same lists without the
scan. `tests/test_startup.py` checks the lists against skops's own.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import sys
import tempfile
import types
from importlib.metadata import version
from pathlib import Path

MODULE = "skops.io._trusted_types"
NAMES = (
    "PRIMITIVE_TYPE_NAMES",
    "SKLEARN_ESTIMATOR_TYPE_NAMES",
    "SCIPY_UFUNC_TYPE_NAMES",
    "NUMPY_UFUNC_TYPE_NAMES",
    "NUMPY_DTYPE_TYPE_NAMES",
)
PACKAGES = ("skops", "scikit-learn", "scipy", "numpy")


def cache_file(directory: Path | None = None) -> Path:
    """Where the names of this interpreter and these package versions are kept."""
    if directory is None:
        base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
        directory = Path(base) / "complaintbot"
    versions = [sys.version.split()[0], *(f"{p}=={version(p)}" for p in PACKAGES)]
    key = hashlib.sha256(" ".join(versions).encode()).hexdigest()[:16]
    return directory / f"skops-trusted-types-{key}.json"


def load(directory: Path | None = None) -> bool:
    """Give skops its trusted type names from the cache (True), or let it compute them and
    keep them for the next start (False). Call before `skops.io` is imported."""
    if MODULE in sys.modules:
        return False
    path = cache_file(directory)
    try:
        names = json.loads(path.read_text())
        module = types.ModuleType(MODULE)
        module.PRIMITIVES_TYPES = [int, float, str, bool]  # type: ignore[attr-defined]
        for name in NAMES:
            setattr(module, name, list(names[name]))
        sys.modules[MODULE] = module
        return True
    except (OSError, ValueError, KeyError, TypeError):
        pass
    import skops.io._trusted_types as computed

    # a start that cannot write the cache (read-only home) still works, only slower
    with contextlib.suppress(OSError):
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile("w", dir=path.parent, delete=False) as out:
            json.dump({name: getattr(computed, name) for name in NAMES}, out)
        os.replace(out.name, path)
    return False
