"""Writing files safely: a temporary file in the same folder, then a rename (no rdflib here)."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from kg.errors import KGError


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_atomic(path: Path, text: str) -> None:
    """Write `text` to `path` through a temporary file in the same folder and a rename, so a
    failure never leaves a half-written file."""
    path = Path(path)
    if path.is_dir():
        raise KGError("is a directory, expected a file name", where=str(path))
    if path.parent and not path.parent.is_dir():
        raise KGError("output folder does not exist", where=str(path.parent))
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
        # mkstemp makes the file private (0600); give it the mode the replaced file had, or
        # what a plain open() would have given under the user's umask.
        os.chmod(tmp, path.stat().st_mode & 0o777 if path.exists() else 0o666 & ~_umask())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
