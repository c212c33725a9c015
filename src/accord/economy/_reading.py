"""Shared machinery of the economy readers: reports, malformed rows, CSV and xlsx input.

Every reader in :mod:`accord.economy.readers_trade`, :mod:`~accord.economy.readers_wits`,
:mod:`~accord.economy.readers_indicators` and :mod:`~accord.economy.readers_migration`
follows one contract:

- ``errors="raise"`` (default): malformed rows — a value that is not a number, an unknown
  country, a missing year — raise one :class:`~accord.errors.InputError` naming the first
  few by line (1-based, the header is line 1; xlsx files count worksheet rows)::

      trade.csv line 17, column 'value': 'n/a' is not a number; fix it or pass errors="skip".

- ``errors="skip"``: malformed rows are left out and listed in the :class:`ReadReport`.
- ``report=True``: the reader returns ``(table, ReadReport)`` instead of the table.

Rows that are left out *on purpose* — aggregates that are not countries ("Other Asia,
nes", "Sub-Saharan Africa"), re-exports, notes below a matrix — are never errors; they
are counted in :attr:`ReadReport.dropped`, never turned into a country (country names
are resolved by :mod:`accord.economy._places`).
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import polars as pl

from accord._checksum import sha256  # a large file's is remembered while it is unchanged
from accord.economy._places import (  # noqa: F401 - re-exported for the readers
    WORLD,
    Place,
    country_problems,
    place_code,
    place_name,
    resolve_column,
)
from accord.economy.flows import FLOW_SCHEMA, validate_flows
from accord.errors import InputError, MissingExtraError
from accord.provenance import Provenance, SourceRef, attach

__all__ = ["ReadReport", "Errors"]

Errors = Literal["raise", "skip"]
_SHOWN = 3  # malformed rows named in an error message

_BAD_SCHEMA = {"line": pl.Int64, "column": pl.String, "value": pl.String, "reason": pl.String}
_DROP_SCHEMA = {"reason": pl.String, "value": pl.String, "n_rows": pl.Int64}


@dataclass(frozen=True)
class ReadReport:
    """What a reader did with a file: layout, rows read and kept, rows left out and why.

    Attributes
    ----------
    source : str
        The file name.
    layout : str
        The layout recognised (e.g. ``"comtrade-plus"``, ``"wdi-bulk"``).
    n_read : int
        Data rows read (lines of a CSV, rows of a worksheet; headers and preambles not
        counted).
    n_kept : int
        Rows in the returned table (a wide row gives one row per year).
    skipped : polars.DataFrame
        Malformed rows left out with ``errors="skip"``: ``line, column, value, reason``.
    dropped : polars.DataFrame
        Rows left out on purpose: ``reason, value, n_rows`` (aggregates, re-exports,
        notes, empty cells are not counted).
    notes : tuple of str
        Unit conversions and other decisions the reader made.
    unit : str
        ``"line"`` (CSV lines, the header is line 1) or ``"row"`` (worksheet rows).
    """

    source: str
    layout: str
    n_read: int
    n_kept: int
    skipped: pl.DataFrame = field(default_factory=lambda: pl.DataFrame(schema=_BAD_SCHEMA))
    dropped: pl.DataFrame = field(default_factory=lambda: pl.DataFrame(schema=_DROP_SCHEMA))
    notes: tuple[str, ...] = ()
    unit: str = "line"

    def summary(self) -> str:
        """A few lines for people: counts, the first skipped rows, what was dropped."""
        out = [f"{self.source} ({self.layout}): {self.n_read} rows read, {self.n_kept} kept"]
        if self.skipped.height:
            out.append(f"  {self.skipped.height} malformed row(s) skipped:")
            for r in self.skipped.head(5).iter_rows(named=True):
                col = f", column '{r['column']}'" if r["column"] else ""
                out.append(f"    {self.unit} {r['line']}{col}: {r['reason']}")
        for r in self.dropped.iter_rows(named=True):
            value = f" '{r['value']}'" if r["value"] else ""
            out.append(f"  dropped {r['n_rows']} row(s): {r['reason']}{value}")
        out += [f"  note: {n}" for n in self.notes]
        return "\n".join(out)

    def __str__(self) -> str:
        return self.summary()


class Log:
    """Collects malformed rows and deliberate drops while a reader works (internal)."""

    def __init__(self, path: Path, errors: str, *, layout: str = "", unit: str = "line"):
        if errors not in ("raise", "skip"):
            raise InputError(f"errors={errors!r} is not understood: use 'raise' or 'skip'.")
        self.path, self.where, self.errors, self.unit = path, path.name, errors, unit
        self.layout, self.n_read = layout, 0
        self.notes: list[str] = []
        self._bad: list[pl.DataFrame] = []
        self._dropped: list[pl.DataFrame] = []

    # ------------------------------------------------------------------ recording
    def bad(
        self,
        df: pl.DataFrame,
        mask: pl.Expr,
        *,
        column: str | pl.Expr | None,
        value: pl.Expr,
        reason: pl.Expr | str,
        scope: Literal["row", "cell"] = "row",
    ) -> None:
        """Record the rows of *df* where *mask* holds as malformed."""
        hit = df.filter(mask)
        if not hit.height:
            return
        col = pl.lit(column) if isinstance(column, str) or column is None else column
        why = pl.lit(reason) if isinstance(reason, str) else reason
        cell = pl.col("_col") if scope == "cell" and "_col" in df.columns else pl.lit(None)
        self._bad.append(
            hit.select(
                pl.col("_line").cast(pl.Int64).alias("line"),
                col.cast(pl.String).alias("column"),
                value.cast(pl.String).alias("value"),
                why.cast(pl.String).alias("reason"),
                cell.cast(pl.String).alias("_cell"),
            )
        )

    def years(self, df: pl.DataFrame, col: str) -> pl.Expr:
        """The year of text column *col* (:func:`year`), recording the rows where it is
        missing or not a year as malformed."""
        y, missing, bad = year(col)
        self.bad(df, missing, column=col, value=pl.lit(""), reason="the year is missing")
        self.bad(
            df,
            bad,
            column=col,
            value=pl.col(col),
            reason=pl.format("'{}' is not a year", pl.col(col).str.strip_chars()),
        )
        return y

    def drop(
        self, reason: str, values: pl.Series | Sequence[Any] | None = None, n: int = 0
    ) -> None:
        """Count rows left out on purpose, by value (e.g. each aggregate name)."""
        if values is None:
            if n:
                self._dropped.append(
                    pl.DataFrame([(reason, None, n)], schema=_DROP_SCHEMA, orient="row")
                )
            return
        s = (
            pl.Series("value", values, dtype=pl.String)
            if not isinstance(values, pl.Series)
            else values
        )
        if not s.len():
            return
        counts = s.cast(pl.String).rename("value").value_counts(name="n_rows")
        self._dropped.append(
            counts.select(pl.lit(reason).alias("reason"), "value", pl.col("n_rows").cast(pl.Int64))
        )

    def count(self, reason: str, value: str | None, n: int) -> None:
        """Count *n* rows left out on purpose with one *value*."""
        if n:
            row = [(reason, value, int(n))]
            self._dropped.append(pl.DataFrame(row, schema=_DROP_SCHEMA, orient="row"))

    # ------------------------------------------------------------------ settling
    def _bad_frame(self) -> pl.DataFrame:
        if not self._bad:
            return pl.DataFrame(schema={**_BAD_SCHEMA, "_cell": pl.String})
        return pl.concat(self._bad).unique(maintain_order=True).sort("line", maintain_order=True)

    def settle(self, df: pl.DataFrame) -> pl.DataFrame:
        """Raise on malformed rows (``errors="raise"``) or leave them out of *df*."""
        bad = self._bad_frame()
        if not bad.height:
            return df
        if self.errors == "raise":
            raise InputError(self.message(bad))
        rows = bad.filter(pl.col("_cell").is_null())["line"].cast(df.schema["_line"])
        out = df.filter(~pl.col("_line").is_in(rows.implode()))
        cells = bad.filter(pl.col("_cell").is_not_null()).select(
            pl.col("line").alias("_line"), pl.col("_cell").alias("_col")
        )
        if cells.height and "_col" in out.columns:
            cells = cells.with_columns(pl.col("_line").cast(out.schema["_line"]))
            out = out.join(cells, on=["_line", "_col"], how="anti")
        return out

    def message(self, bad: pl.DataFrame) -> str:
        first = bad.unique(subset=["line"], keep="first", maintain_order=True)
        parts = []
        for r in first.head(_SHOWN).iter_rows(named=True):
            col = f", column '{r['column']}'" if r["column"] else ""
            parts.append(f"{self.unit} {r['line']}{col}: {r['reason'].rstrip('.')}")
        text = f"{self.where} " + "; ".join(parts)
        more = first.height - _SHOWN
        if more > 0:
            text += f" (and {more} more row{'s' if more > 1 else ''})"
        fix = "fix it" if first.height == 1 else "fix them"
        return f'{text}; {fix} or pass errors="skip".'

    def report(self, n_kept: int) -> ReadReport:
        bad = (
            self._bad_frame()
            .drop("_cell")
            .unique(subset=["line"], keep="first", maintain_order=True)
        )
        if self._dropped:
            dropped = (
                pl.concat(self._dropped)
                .group_by("reason", "value", maintain_order=True)
                .agg(pl.col("n_rows").sum())
            )
        else:
            dropped = pl.DataFrame(schema=_DROP_SCHEMA)
        return ReadReport(
            source=self.where,
            layout=self.layout,
            n_read=self.n_read,
            n_kept=n_kept,
            skipped=bad,
            dropped=dropped,
            notes=tuple(dict.fromkeys(self.notes)),
            unit=self.unit,
        )


def finish(
    df: pl.DataFrame,
    log: Log,
    *,
    function: str,
    dataset: str,
    version: str = "",
    parameters: dict[str, Any] | None = None,
    report: bool = False,
    checksum: Future[str] | None = None,
) -> pl.DataFrame | tuple[pl.DataFrame, ReadReport]:
    """Attach provenance (dataset id, version, file checksum, parameters); add the report.

    ``checksum``: the file's SHA-256 started earlier with :func:`sha256_soon`.
    """
    digest = checksum.result() if checksum is not None else sha256(log.path)
    prov = Provenance(
        function=function,
        sources=(SourceRef(dataset, version, {log.where: digest}),),
        parameters={"path": str(log.path), **(parameters or {})},
    )
    attach(df, prov)
    return (df, log.report(df.height)) if report else df


_hasher: ThreadPoolExecutor | None = None


def sha256_soon(path: Path) -> Future[str]:
    """Start :func:`sha256` of a file in a background thread and return its future.

    ``hashlib`` releases the GIL, so a large file (a 65 MB BACI year) is checksummed while
    polars parses it, instead of after; pass the future to :func:`finish`.
    """
    global _hasher
    if _hasher is None:
        _hasher = ThreadPoolExecutor(max_workers=1, thread_name_prefix="accord-sha256")
    return _hasher.submit(sha256, path)


# ---------------------------------------------------------------------------- reading


def existing(path: str | Path) -> Path:
    """The path as a :class:`~pathlib.Path`; a clear error when the file is not there."""
    p = Path(path).expanduser()
    if not p.is_file():
        what = "is a folder, not a file" if p.is_dir() else "does not exist"
        raise InputError(f"{p} {what}; pass the path of the downloaded file.")
    return p


def decode(raw: bytes) -> str:
    """UTF-8 (with or without BOM), else Windows-1252 (older Comtrade and WB files)."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace")


def norm_col(name: str) -> str:
    """Column key: lower-case letters and digits (``Trade Value (US$)`` → ``tradevalueus``)."""
    return re.sub(r"[^0-9a-z]", "", name.casefold())


def read_text_table(
    path: Path, *, expect: str, header_line: int = 1, text: str | None = None
) -> pl.DataFrame:
    """Read a CSV as strings with a ``_line`` column (1-based physical line of each row).

    *header_line* is the 1-based line of the header (preamble lines above it are skipped).
    Column names are stripped; unnamed empty columns (trailing commas) are dropped.
    """
    if text is None:
        raw = path.read_bytes()
        if not raw.strip():
            raise InputError(f"{path.name} is empty: expected {expect}.")
        text = decode(raw)
    try:
        df = pl.read_csv(
            io.StringIO(text),
            infer_schema=False,
            skip_lines=header_line - 1,
            truncate_ragged_lines=False,
        )
    except pl.exceptions.PolarsError as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        first = first if len(first) <= 120 else first[:117] + "…"
        raise InputError(
            f"{path.name} is not a readable CSV file ({first}); expected {expect}."
        ) from None
    df = df.rename({c: c.strip() for c in df.columns})
    drop = [c for c in df.columns if not c or re.fullmatch(r"_duplicated_\d+", c)]
    df = df.drop([c for c in drop if df[c].null_count() == df.height])
    df = df.with_row_index("_i")
    first_data = header_line + 1
    strs = [c for c, t in df.schema.items() if t == pl.String]
    if '"' in text and strs:
        nl = pl.sum_horizontal([pl.col(c).str.count_matches("\n").fill_null(0) for c in strs])
        line = pl.col("_i").cast(pl.Int64) + first_data + nl.cum_sum() - nl
    else:
        line = pl.col("_i").cast(pl.Int64) + first_data
    return df.with_columns(line.cast(pl.Int64).alias("_line")).drop("_i")


def xlsx_rows(path: Path, sheet: str | None = None, *, prefer: str = "") -> tuple[list[tuple], str]:
    """All rows of one worksheet as tuples of cell values (needs openpyxl)."""
    try:
        import openpyxl
    except ImportError:  # pragma: no cover - exercised with a monkeypatched import
        raise MissingExtraError(
            f'reading {path.name} (an .xlsx file) needs openpyxl: pip install "accord[excel]".'
        ) from None
    try:
        wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 - zip, xml and openpyxl errors alike
        raise InputError(f"{path.name} is not a readable .xlsx file ({exc}).") from None
    try:
        names = wb.sheetnames
        if sheet is None:
            chosen = next(
                (n for n in names if prefer and prefer.casefold() in n.casefold()), names[0]
            )
        else:
            chosen = next((n for n in names if n.strip() == str(sheet).strip()), None)
            if chosen is None:
                raise InputError(
                    f"{path.name} has no sheet '{sheet}'; its sheets are "
                    f"{', '.join(repr(n) for n in names)}."
                )
        rows = list(wb[chosen].iter_rows(values_only=True))
    finally:
        wb.close()
    return rows, chosen


def cell_text(value: Any) -> str | None:
    """An xlsx cell as the text a CSV would hold (floats round-trip exactly)."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return repr(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def rows_table(rows: Sequence[tuple], *, header_row: int = 1) -> pl.DataFrame:
    """Worksheet rows (header at 1-based *header_row*) as a string table with ``_line``."""
    header = [str(h).strip() if h is not None else "" for h in rows[header_row - 1]]
    keep = [i for i, h in enumerate(header) if h]
    data = {header[i]: [] for i in keep}
    lines = []
    for n, row in enumerate(rows[header_row:], start=header_row + 1):
        if all(v is None or (isinstance(v, str) and not v.strip()) for v in row):
            continue
        lines.append(n)
        for i in keep:
            data[header[i]].append(cell_text(row[i]) if i < len(row) else None)
    df = pl.DataFrame(data, schema=dict.fromkeys(data, pl.String))
    return df.with_columns(pl.Series("_line", lines, dtype=pl.Int64))


# ---------------------------------------------------------------------------- values


def number(col: str | pl.Expr, missing: Iterable[str] = ("",)) -> tuple[pl.Expr, pl.Expr]:
    """``(value, is_bad)`` expressions for a text column of numbers.

    Surrounding spaces are ignored; the *missing* tokens and empty cells give null
    (``is_bad`` false); anything else that is not a finite number is bad.
    """
    s = (pl.col(col) if isinstance(col, str) else col).str.strip_chars()
    is_missing = s.is_null() | s.is_in(list(missing))
    v = s.cast(pl.Float64, strict=False)
    bad = ~is_missing & (v.is_null() | v.is_nan() | v.is_infinite())
    return pl.when(is_missing | bad).then(None).otherwise(v), bad


def year(col: str | pl.Expr) -> tuple[pl.Expr, pl.Expr, pl.Expr]:
    """``(year, is_missing, is_bad)`` for a text column of years (``2019`` or ``2019.0``)."""
    s = (pl.col(col) if isinstance(col, str) else col).str.strip_chars()
    ok = s.str.contains(r"^\d{4}(\.0+)?$")
    y = pl.when(ok).then(s.str.slice(0, 4).cast(pl.Int16, strict=False)).otherwise(None)
    missing = s.is_null() | (s == "")
    return y, missing, ~missing & ~ok.fill_null(False)


def not_number(col: str) -> pl.Expr:
    return pl.format("'{}' is not a number", pl.col(col).str.strip_chars())


def missing_columns_error(
    where: str, layout: str, missing: Sequence[str], found: Sequence[str], expected: str
) -> InputError:
    return InputError(
        f"{where}: missing column(s) {', '.join(repr(m) for m in missing)} for the {layout} "
        f"layout (found {', '.join(repr(f) for f in found[:12])}"
        f"{' …' if len(found) > 12 else ''}); expected {expected}."
    )


def unknown_layout_error(where: str, found: Sequence[str], expected: str) -> InputError:
    shown = ", ".join(repr(f) for f in found[:12]) + (" …" if len(found) > 12 else "")
    return InputError(f"{where}: unrecognised layout (columns {shown}); expected {expected}.")


# ---------------------------------------------------------------------------- flows

_KEYS = ["reporter", "partner", "year", "flow", "product", "classification"]


def flows_out(df: pl.DataFrame, log: Log, source: str) -> pl.DataFrame:
    """Check duplicates, settle malformed rows, validate and sort (shared by all trade readers).

    *df* has ``reporter, partner, year, flow, value_usd, product, classification, _line``.
    """
    df = df.with_columns(pl.col("_line").min().over(_KEYS).alias("_first"))
    log.bad(
        df,
        pl.col("_line") != pl.col("_first"),
        column=None,
        value=pl.lit(""),
        reason=pl.format(
            "{}→{} {} {} repeats line {} (same reporter, partner, year, flow and product)",
            "reporter",
            "partner",
            "year",
            "flow",
            "_first",
        ),
    )
    df = log.settle(df)
    df = df.with_columns(pl.lit(source).alias("source"), pl.lit(False).alias("mirrored"))
    out = validate_flows(df.select(list(FLOW_SCHEMA)), where=log.where)
    return out.sort(_KEYS, nulls_last=True)


def countries_for_flows(log: Log, df: pl.DataFrame, *, rep: dict, par: dict) -> pl.DataFrame:
    """Resolve reporter and partner columns; drop aggregates (counted); record unknowns.

    *rep* / *par* give ``name``/``code`` column names, ``raw`` (the text shown in messages,
    default the name) and ``column`` (the column named in messages).
    """
    df = resolve_column(df, "reporter", name=rep.get("name"), code=rep.get("code"))
    df = resolve_column(df, "partner", name=par.get("name"), code=par.get("code"))
    raw_r = rep.get("raw") or rep.get("name") or rep["code"]
    raw_p = par.get("raw") or par.get("name") or par["code"]
    country_problems(log, df, "reporter", column=rep["column"], raw=raw_r, role="reporter")
    country_problems(log, df, "partner", column=par["column"], raw=raw_p, role="partner")
    not_state = pl.col("reporter_kind").is_in(["aggregate", "world"])
    log.drop("reporter is not a country", df.filter(not_state)[raw_r])
    log.drop("partner is not a country", df.filter(pl.col("partner_kind") == "aggregate")[raw_p])
    return df.filter(~not_state & (pl.col("partner_kind") != "aggregate"))
