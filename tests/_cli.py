"""Running the command line as a user does: a fresh process, in a folder of the test's."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


def run(*args: str, cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """``python -m accord.cli.main *args`` in *cwd*, with the test's environment (plus *env*)."""
    return subprocess.run(
        [sys.executable, "-m", "accord.cli.main", *args],
        cwd=cwd,
        env={**os.environ, **(env or {})},
        capture_output=True,
        text=True,
        timeout=120,
    )
