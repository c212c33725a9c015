"""Test-wide setup: where the shared public data (the mirror) is.

CI sets ``ACCORD_MIRROR=../shared/data`` relative to the repository; locally the same
folder is the default. The absolute path is put in ``ACCORD_TEST_MIRROR`` for tests that
read the data directly (fixtures may unset ``ACCORD_MIRROR`` to test the puller).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


def _mirror_root() -> Path:
    root = Path(os.environ.get("ACCORD_MIRROR", str(REPO.parent / "shared" / "data"))).expanduser()
    if not root.is_absolute():
        root = REPO / root
    return root.resolve()


MIRROR = _mirror_root()
os.environ["ACCORD_MIRROR"] = str(MIRROR)
os.environ["ACCORD_TEST_MIRROR"] = str(MIRROR)


@pytest.fixture(scope="session")
def mirror() -> Path:
    """The shared data folder; tests that need it are skipped when it is absent."""
    if not MIRROR.is_dir():
        pytest.skip(f"shared data mirror not found at {MIRROR} (set ACCORD_MIRROR)")
    return MIRROR
