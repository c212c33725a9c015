"""Fixtures of the economy tests: the synthetic files and a writer for malformed ones."""

from __future__ import annotations

from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="session")
def fixtures() -> Path:
    """Folder of small synthetic files in the real layouts (BACI, Comtrade, DOTS, WDI)."""
    return FIXTURES


@pytest.fixture
def write(tmp_path):
    """Write a text file into a fresh folder and return its path: ``write("a.csv", text)``."""

    def _write(name: str, text: str, encoding: str = "utf-8") -> Path:
        path = tmp_path / name
        path.write_text(text, encoding=encoding)
        return path

    return _write
