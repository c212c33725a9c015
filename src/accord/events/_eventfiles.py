"""Event files for :mod:`accord.events.eventdata`: schema, report, layouts, value checks.

Private. The public names (:data:`EVENT_SCHEMA`, :data:`CAMEO_COUNTRY_CODES`,
:class:`ReadReport`, :class:`Skipped`) are documented and re-exported by
:mod:`accord.events.eventdata`; this module also holds the GDELT and ICEWS layouts, the
checks of a raw value (a polars expression and its Python twin) and the finding and
opening of the files (globs, ``.zip`` archives, the first line).
"""

from __future__ import annotations

import datetime as dt
import glob
import io
import math
import re
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal, NamedTuple

import polars as pl

from accord.errors import InputError

Errors = Literal["raise", "skip"]
Version = Literal["1.0", "2.0"]

EVENT_SCHEMA: dict[str, pl.DataType] = {
    "event_id": pl.Int64(),
    "date": pl.Date(),
    "source_country": pl.String(),
    "target_country": pl.String(),
    "source_actor": pl.String(),
    "target_actor": pl.String(),
    "cameo": pl.String(),
    "root_code": pl.String(),
    "quad_class": pl.Int8(),
    "goldstein": pl.Float64(),
    "is_root": pl.Boolean(),
    "num_mentions": pl.Int64(),
    "source_url": pl.String(),
    "dataset": pl.String(),
}

#: CAMEO country codes that are not the ISO3 code of the same place (GDELT's lookup
#: http://gdeltproject.org/data/lookups/CAMEO.country.txt); other codes map to themselves
#: when they are ISO3 codes accord knows, and to null otherwise (regions such as EUR).
CAMEO_COUNTRY_CODES: dict[str, str] = {
    "ROM": "ROU",  # Romania
    "TMP": "TLS",  # East Timor
    "MTN": "MNE",  # Montenegro
    "WSB": "PSE",  # West Bank
    "GZS": "PSE",  # Gaza Strip
    "BAG": "IRQ",  # Baghdad
}
_ROOTS = [f"{i:02d}" for i in range(1, 21)]


# ---------------------------------------------------------------------------- report


class Skipped(NamedTuple):
    """A malformed row left out: its line (1-based, a header is line 1), why, and where."""

    line: int
    reason: str
    file: str


@dataclass(frozen=True)
class ReadReport:
    """What a reader did: layout, rows read and kept, malformed rows left out and why.

    Attributes
    ----------
    source : str
        The file name, or the names of several files.
    layout : str
        ``"gdelt-1.0-historical"`` (57 fields), ``"gdelt-1.0"`` (58), ``"gdelt-2.0"`` (61)
        or ``"icews"``; several are joined with ``+``.
    n_read : int
        Data lines read (a header is not counted; empty lines are, as malformed rows).
    n_kept : int
        Rows in the table (``n_read`` minus the skipped rows).
    skipped : tuple of Skipped
        Malformed rows left out with ``errors="skip"``: ``(line, reason, file)`` each,
        in file and line order.
    notes : tuple of str
        Decisions worth knowing (e.g. country names that did not resolve).
    """

    source: str
    layout: str
    n_read: int
    n_kept: int
    skipped: tuple[Skipped, ...] = ()
    notes: tuple[str, ...] = ()

    def table(self) -> pl.DataFrame:
        """The skipped rows as a table ``file, line, reason``."""
        return pl.DataFrame(
            {
                "file": [s.file for s in self.skipped],
                "line": [s.line for s in self.skipped],
                "reason": [s.reason for s in self.skipped],
            },
            schema={"file": pl.String, "line": pl.Int64, "reason": pl.String},
        )

    def summary(self) -> str:
        """A few lines for people: counts, the first skipped rows, the notes."""
        out = [f"{self.source} ({self.layout}): {self.n_read} rows read, {self.n_kept} kept"]
        if self.skipped:
            out.append(f"  {len(self.skipped)} malformed row(s) skipped:")
            out += [f"    {s.file} line {s.line}: {s.reason}" for s in self.skipped[:5]]
        out += [f"  note: {n}" for n in self.notes]
        return "\n".join(out)

    def __str__(self) -> str:
        return self.summary()


# Public classes, re-exported by accord.events.eventdata: named there (docs, pickles).
Skipped.__module__ = ReadReport.__module__ = "accord.events.eventdata"


# ---------------------------------------------------------------------------- layouts


@dataclass(frozen=True)
class _Check:
    """One value check: the codebook column, the kind of value, the role it fills."""

    role: str
    label: str
    kind: str


@dataclass(frozen=True)
class _Layout:
    name: str
    label: str  # for people: "GDELT 2.0", "ICEWS"
    dataset: str
    n_fields: int
    columns: dict[str, int]  # role -> field index
    checks: tuple[_Check, ...]
    header: bool = False
    stamp: int = 8  # digits of DATEADDED (GDELT)


_GDELT_COLUMNS = {
    "event_id": 0,
    "date": 1,
    "source_actor": 6,
    "source_country": 7,
    "target_actor": 16,
    "target_country": 17,
    "is_root": 25,
    "cameo": 26,
    "root_code": 28,
    "quad_class": 29,
    "goldstein": 30,
    "num_mentions": 31,
}
_GDELT_CHECKS = (
    _Check("event_id", "GLOBALEVENTID", "id"),
    _Check("date", "SQLDATE", "yyyymmdd"),
    _Check("is_root", "IsRootEvent", "flag"),
    _Check("cameo", "EventCode", "cameo"),
    _Check("root_code", "EventRootCode", "root"),
    _Check("quad_class", "QuadClass", "quad"),
    _Check("goldstein", "GoldsteinScale", "goldstein"),
    _Check("num_mentions", "NumMentions", "count"),
    _Check("added", "DATEADDED", "stamp"),
)
_GDELT = {
    57: _Layout(
        "gdelt-1.0-historical",
        "GDELT 1.0 historical",
        "gdelt1",
        57,
        _GDELT_COLUMNS | {"added": 56},
        _GDELT_CHECKS,
    ),
    58: _Layout(
        "gdelt-1.0",
        "GDELT 1.0",
        "gdelt1",
        58,
        _GDELT_COLUMNS | {"added": 56, "source_url": 57},
        _GDELT_CHECKS,
    ),
    61: _Layout(
        "gdelt-2.0",
        "GDELT 2.0",
        "gdelt2",
        61,
        _GDELT_COLUMNS | {"added": 59, "source_url": 60},
        _GDELT_CHECKS,
        stamp=14,
    ),
}
_VERSIONS = {"1.0": (57, 58), "2.0": (61,)}
_ICEWS_REQUIRED = {
    "event_id": "Event ID",
    "date": "Event Date",
    "source_actor": "Source Name",
    "source_country": "Source Country",
    "cameo": "CAMEO Code",
    "goldstein": "Intensity",
    "target_actor": "Target Name",
    "target_country": "Target Country",
    "source_url": "Story ID",
}
_ICEWS_CHECKS = (
    _Check("event_id", "Event ID", "id"),
    _Check("date", "Event Date", "iso-date"),
    _Check("cameo", "CAMEO Code", "cameo"),
    _Check("goldstein", "Intensity", "goldstein"),
)
_EXPECT = {
    "id": "is not a whole number",
    "yyyymmdd": "is not a date (YYYYMMDD)",
    "iso-date": "is not a date (YYYY-MM-DD)",
    "flag": "is not 0 or 1",
    "cameo": "is not a CAMEO code (2–4 digits, root 01–20 first)",
    "root": "is not a CAMEO root code (01–20)",
    "quad": "is not a QuadClass (1–4)",
    "goldstein": "is not a number from -10 to 10",
    "count": "is not a whole number of 0 or more",
}


def _bad_value(kind: str, col: pl.Expr, stamp: int = 8) -> pl.Expr:
    """True where the raw text in *col* is not a valid value of *kind* (nulls are bad)."""
    n = col.str.len_bytes()
    as_int = col.cast(pl.Int64, strict=False)
    if kind == "id":
        return as_int.is_null()
    if kind == "yyyymmdd":
        return (n != 8) | col.str.to_date("%Y%m%d", strict=False).is_null()
    if kind == "iso-date":
        return (n != 10) | col.str.to_date("%Y-%m-%d", strict=False).is_null()
    if kind == "flag":
        return ~((col == "0") | (col == "1")).fill_null(False)
    if kind == "cameo":
        root = col.str.slice(0, 2).cast(pl.Int8, strict=False)
        ok = (n >= 2) & (n <= 4) & as_int.is_not_null() & (as_int >= 0) & root.is_between(1, 20)
        return ~ok.fill_null(False)
    if kind == "root":
        return ~((n == 2) & as_int.is_between(1, 20)).fill_null(False)
    if kind == "quad":
        return ~as_int.is_between(1, 4).fill_null(False)
    if kind == "goldstein":
        g = col.cast(pl.Float64, strict=False)
        return ~(g.is_finite() & g.is_between(-10.0, 10.0)).fill_null(False)
    if kind == "count":
        return ~(as_int >= 0).fill_null(False)
    if kind == "stamp":
        return (n != stamp) | as_int.is_null() | (as_int < 0)
    raise AssertionError(kind)


def _bad_text(kind: str, text: str, stamp: int = 8) -> bool:
    """Python twin of :func:`_bad_value` for one raw value (used to explain a line)."""
    digits = text.isascii() and text.isdigit()
    if kind == "id":
        return re.fullmatch(r"[+-]?\d+", text) is None
    if kind in ("yyyymmdd", "iso-date"):
        fmt, n = ("%Y%m%d", 8) if kind == "yyyymmdd" else ("%Y-%m-%d", 10)
        try:
            dt.datetime.strptime(text, fmt)
        except ValueError:
            return True
        return len(text) != n
    if kind == "flag":
        return text not in ("0", "1")
    if kind == "cameo":
        return not (digits and 2 <= len(text) <= 4 and "01" <= text[:2] <= "20")
    if kind == "root":
        return text not in _ROOTS
    if kind == "quad":
        return text.strip().lstrip("+") not in ("1", "2", "3", "4")
    if kind == "goldstein":
        try:
            g = float(text)
        except ValueError:
            return True
        return not (math.isfinite(g) and -10.0 <= g <= 10.0)
    if kind == "count":
        return re.fullmatch(r"\+?\d+", text) is None
    if kind == "stamp":
        return not (digits and len(text) == stamp)
    raise AssertionError(kind)


# ---------------------------------------------------------------------------- sources


@dataclass(frozen=True)
class _File:
    """One event file: where it is, its display name, its layout."""

    path: Path
    name: str
    layout: _Layout | None  # None: the file is empty
    data: bytes | None = field(default=None, repr=False)  # a .zip member, in memory

    def open(self) -> io.BufferedIOBase:
        return io.BytesIO(self.data) if self.data is not None else self.path.open("rb")

    def source(self) -> Path | io.BytesIO:
        return io.BytesIO(self.data) if self.data is not None else self.path


def _expand(source: str | Path | Iterable[str | Path], what: str) -> list[Path]:
    items = [source] if isinstance(source, str | Path) else list(source)
    if not items:
        raise InputError(f"no {what} files given: pass a path, a list of paths or a glob.")
    paths: list[Path] = []
    for item in items:
        if not isinstance(item, str | Path):
            raise InputError(
                f"{what} file {item!r} is a {type(item).__name__}: expected a path or a glob."
            )
        text = str(item)
        if any(c in text for c in "*?["):
            found = sorted(glob.glob(text))
            if not found:
                raise InputError(f"no files match '{text}'; check the folder and the pattern.")
            paths += [Path(f) for f in found]
        else:
            paths.append(Path(item).expanduser())
    for p in paths:
        if not p.exists():
            raise InputError(f"{what} file not found: '{p}'. Check the path.")
        if p.is_dir():
            raise InputError(f"'{p}' is a folder: pass the files in it, e.g. '{p}/*.CSV'.")
    return paths


def _load(path: Path) -> tuple[str, bytes | None]:
    """Display name and, for a .zip archive, the bytes of the one file inside."""
    if path.suffix.lower() != ".zip":
        return path.name, None
    try:
        with zipfile.ZipFile(path) as zf:
            members = [m for m in zf.infolist() if not m.is_dir()]
            if len(members) != 1:
                raise InputError(
                    f"{path.name} holds {len(members)} files; expected the one event file "
                    "GDELT zips hold. Unzip it and pass the event file."
                )
            return f"{path.name}:{members[0].filename}", zf.read(members[0])
    except zipfile.BadZipFile as exc:
        raise InputError(
            f"{path.name} is not a readable zip archive ({exc}); download it again."
        ) from None


def _first_line(f: _File) -> str | None:
    with f.open() as fh:
        for raw in fh:
            line = raw.decode("utf-8", errors="replace").rstrip("\r\n")
            if line.strip():
                return line.lstrip("\ufeff")
    return None
