"""Writing a file so that it is either complete or not there (internal).

The content goes to a temporary file in the target's folder, which is moved over the
target only once written; on any failure the temporary file is removed and an existing
target is left as it was. The file gets the usual permissions (``0o666`` less the umask;
temporary files are created private).
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable
from pathlib import Path

__all__ = ["write_atomic", "publish"]


def publish(tmp: str | Path, target: Path) -> None:
    """Move a finished temporary file into place with the usual permissions (umask)."""
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(tmp, 0o666 & ~umask)
    os.replace(tmp, target)


def write_atomic(target: Path, write: Callable[[Path], object], *, suffix: str = ".tmp") -> None:
    """Call ``write(tmp)`` on a temporary path next to *target*, then move it into place."""
    target = Path(target)
    folder = target.parent if str(target.parent) else Path(".")
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=suffix, dir=folder)
    os.close(fd)
    try:
        write(Path(tmp))
        publish(tmp, target)
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
