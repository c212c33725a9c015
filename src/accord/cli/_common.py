"""Shared pieces of the command line: consoles, output writing, option parsing."""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import polars as pl
from rich.console import Console

from accord._atomic import write_atomic
from accord.errors import InputError

#: Messages and progress go to stderr; data goes to stdout or ``--out``.
err_console = Console(stderr=True, highlight=False, soft_wrap=True)
out_console = Console(highlight=False)

_state = {"quiet": False, "debug": False}


def set_state(*, quiet: bool | None = None, debug: bool | None = None) -> None:
    if quiet is not None:
        _state["quiet"] = quiet
    if debug is not None:
        _state["debug"] = debug


def quiet() -> bool:
    return _state["quiet"]


def info(message: str) -> None:
    """Print a message to stderr unless ``--quiet``."""
    if not _state["quiet"]:
        err_console.print(message)


@contextlib.contextmanager
def status(first: str) -> Iterator[Callable[[str], None]]:
    """A status line on stderr while work runs (a spinner and what is being done), or
    nothing with ``--quiet`` or when stderr is not a terminal. Yields ``show(text)``."""
    if _state["quiet"] or not err_console.is_terminal:
        yield lambda text: None
        return
    with err_console.status(first + " …") as st:
        yield lambda text: st.update(text + " …")


OUT_FORMATS = (".csv", ".parquet", ".json")


def check_out(out: Path, formats: tuple[str, ...] | None = None) -> Path:
    """Refuse an output path that cannot be written (unknown format, missing folder) with
    one clear line, before any work or any other file; returns its folder."""
    if formats is not None and out.suffix.lower() not in formats:
        raise InputError(
            f"cannot write '{out}': unknown output format '{out.suffix or '(none)'}'; "
            f"use one of {', '.join(formats)}."
        )
    folder = out.parent if str(out.parent) else Path(".")
    if not folder.is_dir():
        raise InputError(
            f"cannot write '{out}': folder '{folder}' does not exist; create it first."
        )
    return folder


def write_table(df: pl.DataFrame, out: Path | None) -> None:
    """Write *df* to *out* (format from the extension) or to stdout as CSV.

    The file is written to a temporary file in the same folder and moved into place, so
    an existing file is never left half-written.
    """
    if out is None:
        sys.stdout.write(df.write_csv())
        sys.stdout.flush()
        return
    check_out(out, OUT_FORMATS)
    writers = {".csv": df.write_csv, ".parquet": df.write_parquet, ".json": df.write_json}
    write_atomic(out, writers[out.suffix.lower()])
    info(f"wrote {df.height:,} rows to {out}")


def write_text(text: str, out: Path) -> None:
    """Write *text* atomically to *out*."""
    check_out(out)
    write_atomic(out, lambda tmp: tmp.write_text(text, encoding="utf-8"))
    info(f"wrote {out}")


def split_list(value: str | None) -> list[str] | None:
    """Split a comma-separated option value (``kappa,voeten``) into a list."""
    if value is None:
        return None
    items = [v.strip() for v in value.split(",") if v.strip()]
    return items or None
