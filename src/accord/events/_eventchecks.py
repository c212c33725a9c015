"""Scanning and checking event files for :mod:`accord.events.eventdata`.

Private. A file is scanned as text (:func:`_scan`), every row gets a problem code
(:func:`_problem`) and becomes a row of the event schema (:func:`_events`); the few
malformed rows that are reported are explained from their raw text (:func:`_explain`).
:func:`_validate` checks whole files in one streaming pass, :func:`_finish` builds the
checked table and its report, and :class:`_Checked` checks a lazily read GDELT file batch
by batch. Lazily checked tables are remembered (:func:`_remember`) so that
:func:`accord.events.aggregate` can check their files in its own pass.
"""

from __future__ import annotations

import functools
import weakref
from collections.abc import Sequence

import polars as pl

from accord import countries
from accord.errors import InputError
from accord.events import cameo
from accord.events._eventfiles import (
    _EXPECT,
    CAMEO_COUNTRY_CODES,
    EVENT_SCHEMA,
    Errors,
    ReadReport,
    Skipped,
    _bad_text,
    _bad_value,
    _File,
    _Layout,
)

_SHOWN = 3  # malformed lines named in an error message


# ---------------------------------------------------------------------------- scanning


def _scan(f: _File, n_fields: int) -> pl.LazyFrame:
    """All fields as text (``c0`` …), one extra (``cx``, set only on too-long rows), row index."""
    names = [f"c{i}" for i in range(n_fields)] + ["cx"]
    icews = f.layout is not None and f.layout.dataset == "icews"
    return pl.scan_csv(
        f.source(),
        separator="\t",
        has_header=False,
        skip_rows=1 if f.layout is not None and f.layout.header else 0,
        schema=dict.fromkeys(names, pl.String),
        quote_char=None,
        truncate_ragged_lines=True,
        missing_columns="insert",
        encoding="utf8-lossy",
        row_index_name="_row",
        raise_if_empty=False,
        null_values=["NA"] if icews else None,  # ICEWS writes R's NA for missing values
    )


_BAD, _SUSPECT = 1, 3  # problem codes of a row


def _problem(layout: _Layout) -> pl.Expr:
    """UInt8 problem code of a row: 0 none, 1 malformed, 3 perhaps short (ICEWS only).

    Malformed: more fields than the layout (the extra column ``cx`` is set), fewer (GDELT:
    DATEADDED, which every row has, is missing), or a value failing its check. ICEWS rows
    whose last field is empty may be short or may have an empty last value;
    :func:`_explain` tells them apart from the raw line. The exact reason of a malformed
    row is also found there, for the few rows that are reported.
    """
    c = layout.columns
    bad = pl.col("cx").is_not_null()
    if layout.dataset != "icews":
        bad = bad | pl.col(f"c{c['added']}").is_null()
    for chk in layout.checks:
        bad = bad | _bad_value(chk.kind, pl.col(f"c{c[chk.role]}"), layout.stamp)
    expr = pl.when(bad).then(pl.lit(_BAD, pl.UInt8))
    if layout.dataset == "icews":
        last = pl.col(f"c{layout.n_fields - 1}")
        expr = expr.when(last.is_null()).then(pl.lit(_SUSPECT, pl.UInt8))
    return expr.otherwise(pl.lit(0, pl.UInt8)).alias("_problem")


@functools.lru_cache(maxsize=1)
def _cameo_country_map() -> pl.DataFrame:
    iso = countries.table()["iso3"].to_list()
    mapping = {code: code for code in iso} | CAMEO_COUNTRY_CODES
    return pl.DataFrame(
        {"code": list(mapping), "iso3": list(mapping.values())},
        schema={"code": pl.String, "iso3": pl.String},
    )


def _map_countries(lf: pl.LazyFrame, layout: _Layout, names: pl.DataFrame | None) -> pl.LazyFrame:
    """Join the ISO3 codes of the actor countries (``_src``, ``_tgt``) onto the scan."""
    table = _cameo_country_map() if names is None else names
    c = layout.columns
    for role, out in (("source_country", "_src"), ("target_country", "_tgt")):
        right = table.lazy().rename({"code": f"c{c[role]}", "iso3": out})
        lf = lf.join(right, on=f"c{c[role]}", how="left", maintain_order="left")
    return lf


def _events(f: _File, names: pl.DataFrame | None = None, *, helpers: bool) -> pl.LazyFrame:
    """The event table of one file; with ``_line`` and ``_problem`` when *helpers*."""
    layout = f.layout
    if layout is None:
        empty = pl.LazyFrame(schema=EVENT_SCHEMA)
        if helpers:
            return empty.with_columns(_line=pl.lit(0, pl.Int64), _problem=pl.lit(0, pl.UInt8))
        return empty
    c = layout.columns
    lf = _map_countries(_scan(f, layout.n_fields), layout, names)

    def col(role: str) -> pl.Expr:
        return pl.col(f"c{c[role]}")

    if layout.dataset == "icews":
        quads = cameo.quad_classes().select(_root="root_code", _quad="quad_class").lazy()
        lf = lf.with_columns(_root=col("cameo").str.slice(0, 2))
        lf = lf.join(quads, on="_root", how="left", maintain_order="left")
        date = col("date").str.to_date("%Y-%m-%d", strict=False)
        root, quad = pl.col("_root"), pl.col("_quad")
        is_root, mentions, url = pl.lit(True), pl.lit(None, pl.Int64), col("source_url")
    else:
        date = col("date").str.to_date("%Y%m%d", strict=False)
        root, quad = col("root_code"), col("quad_class").cast(pl.Int8, strict=False)
        is_root = col("is_root") == "1"
        mentions = col("num_mentions").cast(pl.Int64, strict=False)
        url = col("source_url") if "source_url" in c else pl.lit(None, pl.String)
    first = 2 if layout.header else 1
    out = [
        col("event_id").cast(pl.Int64, strict=False).alias("event_id"),
        date.alias("date"),
        pl.col("_src").alias("source_country"),
        pl.col("_tgt").alias("target_country"),
        col("source_actor").alias("source_actor"),
        col("target_actor").alias("target_actor"),
        col("cameo").alias("cameo"),
        root.alias("root_code"),
        quad.alias("quad_class"),
        col("goldstein").cast(pl.Float64, strict=False).alias("goldstein"),
        is_root.alias("is_root"),
        mentions.alias("num_mentions"),
        url.alias("source_url"),
        pl.lit(layout.dataset).alias("dataset"),
    ]
    if helpers:
        line = (pl.col("_row").cast(pl.Int64) + first).alias("_line")
        out += [line, _problem(layout)]
    return lf.select(out).cast(EVENT_SCHEMA)


# ---------------------------------------------------------------------------- messages


def _reason(layout: _Layout, text: str) -> str | None:
    """Why one raw line is malformed, or None if it is not."""
    if not text.strip():
        return "is empty"
    fields = text.split("\t")
    if len(fields) != layout.n_fields:
        return (
            f"has {len(fields)} tab-separated field{'s' * (len(fields) != 1)}; "
            f"{layout.label} event rows have {layout.n_fields}"
        )
    for chk in layout.checks:
        value = fields[layout.columns[chk.role]]
        if chk.kind == "stamp":
            if _bad_text("stamp", value, layout.stamp):
                fmt = "YYYYMMDDHHMMSS" if layout.stamp == 14 else "YYYYMMDD"
                return f"{chk.label} '{value}' is not a time stamp ({fmt})"
        elif _bad_text(chk.kind, value):
            return f"{chk.label} '{value}' {_EXPECT[chk.kind]}"
    return None


def _explain(f: _File, bad: pl.DataFrame, stop_after: int | None = None) -> list[Skipped]:
    """Explain the flagged rows ``_line, _problem`` of one file from their raw text.

    Rows flagged only as perhaps short (ICEWS, code 3) that turn out well-formed are not
    malformed and are left out. Stops after *stop_after* malformed rows.
    """
    layout = f.layout
    assert layout is not None
    codes = dict(zip(bad["_line"].to_list(), bad["_problem"].to_list(), strict=True))
    out: list[Skipped] = []
    if not codes:
        return out
    last = max(codes)
    with f.open() as fh:
        for i, raw in enumerate(fh, start=1):
            if i in codes:
                reason = _reason(layout, raw.decode("utf-8", errors="replace").rstrip("\r\n"))
                if reason is None and codes[i] != _SUSPECT:
                    reason = "could not be read"  # flagged by the scan: never keep it
                if reason is not None:
                    out.append(Skipped(i, reason, f.name))
                    if stop_after is not None and len(out) >= stop_after:
                        break
            if i >= last:
                break
    if len(out) < len(codes) and stop_after is None:
        seen = {s.line for s in out} | {n for n, c in codes.items() if c == _SUSPECT}
        out += [Skipped(n, "is missing", f.name) for n in codes if n not in seen]
    return sorted(out, key=lambda s: s.line)


def _fix() -> str:
    return (
        'Fix the file, or leave malformed rows out: errors="skip" in Python (report=True '
        "lists them), --skip-malformed on the command line."
    )


def _malformed_error(found: list[Skipped], total: int | None) -> InputError:
    """One error naming the first malformed lines (*total*: their number, if known)."""
    first = found[0]
    msg = f"{first.file} line {first.line}: {first.reason}"
    more = found[1:_SHOWN]
    if more:
        msg += "; " + "; ".join(
            (f"line {s.line}: " if s.file == first.file else f"{s.file} line {s.line}: ") + s.reason
            for s in more
        )
    if total is None:
        msg += " (more lines may be malformed)"
    elif total > 1:
        msg += f" ({total:,} malformed rows in all)"
    return InputError(f"{msg}. {_fix()}")


def _skipped(files: Sequence[_File], bad: pl.DataFrame, errors: str) -> tuple[list[Skipped], int]:
    """Explain the flagged rows ``_file, _line, _problem``; also return how many are bad.

    With ``errors="raise"`` only the first few are explained when every flag is certain.
    """
    certain = bool(bad.height) and bool((bad["_problem"] != _SUSPECT).all())
    stop = _SHOWN if errors == "raise" and certain else None
    out: list[Skipped] = []
    for (idx,), part in bad.sort("_file", "_line").group_by("_file", maintain_order=True):
        if stop is not None and len(out) >= stop:
            break
        out += _explain(files[idx], part, None if stop is None else stop - len(out))
    return out, (bad.height if stop is not None else len(out))


class _Checked:
    """Batch check of a lazily read file: raise on the first batch with a malformed row."""

    def __init__(self, f: _File):
        self.file = f

    def __call__(self, df: pl.DataFrame) -> pl.DataFrame:
        bad = df.filter(pl.col("_problem") > 0).select("_line", "_problem")
        if bad.height:
            found = _explain(self.file, bad.sort("_line"), _SHOWN)
            if found:
                raise _malformed_error(found, None)
        return df.drop("_line", "_problem")


# Lazily checked tables: the files behind them, so that aggregate() can check them in its
# own pass (naming the first malformed lines) instead of batch by batch.
_PENDING: dict[int, tuple[_File, ...]] = {}


def _remember(lf: pl.LazyFrame, files: tuple[_File, ...]) -> pl.LazyFrame:
    key = id(lf)
    weakref.finalize(lf, _PENDING.pop, key, None)
    _PENDING[key] = files
    return lf


def _pending_files(lf: object) -> tuple[_File, ...] | None:
    return _PENDING.get(id(lf))


def _with_helpers(files: Sequence[_File]) -> pl.LazyFrame:
    """All files' events with ``_file`` (index), ``_line`` and ``_problem`` columns."""
    frames = [
        _events(f, helpers=True).with_columns(_file=pl.lit(i, pl.UInt32))
        for i, f in enumerate(files)
    ]
    return pl.concat(frames, how="vertical")


# ---------------------------------------------------------------------------- validation


def _validate(
    files: Sequence[_File],
    frames: Sequence[pl.LazyFrame],
    errors: Errors,
    extra: Sequence[pl.LazyFrame] = (),
) -> tuple[list[int], list[Skipped], list[pl.DataFrame]]:
    """One streaming pass per file: rows read and the malformed rows, explained.

    Raises with ``errors="raise"``; returns rows read per file, the malformed rows and
    the results of the *extra* queries (run in the same :func:`polars.collect_all`).
    """
    flagged = pl.col("_problem") > 0
    queries = [
        fr.select("_line", "_problem")
        .group_by("_problem")
        .agg(n=pl.len(), lines=pl.col("_line").filter(flagged))
        for fr in frames
    ]
    out = pl.collect_all([*queries, *extra], engine="streaming")
    if not frames:
        return [], [], list(out)
    n_read = [int(df["n"].sum()) for df in out[: len(frames)]]
    bad = pl.concat(
        [
            df.filter(pl.col("_problem") > 0)
            .explode("lines")
            .select(_file=pl.lit(i, pl.UInt32), _line=pl.col("lines"), _problem="_problem")
            for i, df in enumerate(out[: len(frames)])
        ]
    )
    skipped, total = _skipped(files, bad, errors) if bad.height else ([], 0)
    if skipped and errors == "raise":
        raise _malformed_error(skipped, total)
    return n_read, skipped, list(out[len(frames) :])


def _finish(
    files: Sequence[_File],
    frames: Sequence[pl.LazyFrame],
    n_read: list[int],
    skipped: list[Skipped],
    notes: Sequence[str] = (),
) -> tuple[pl.LazyFrame, ReadReport]:
    """The checked table (malformed rows left out) and its report."""
    parts = []
    for f, fr in zip(files, frames, strict=True):
        lines = [s.line for s in skipped if s.file == f.name]
        if lines:
            drop = pl.lit(pl.Series(lines, dtype=pl.Int64)).implode()
            fr = fr.filter(~pl.col("_line").is_in(drop))
        parts.append(fr.drop("_line", "_problem"))
    lf = pl.concat(parts, how="vertical") if len(parts) > 1 else parts[0]
    names = [f.name for f in files]
    report = ReadReport(
        source=names[0] if len(names) == 1 else f"{len(names)} files ({names[0]} …)",
        layout="+".join(dict.fromkeys(f.layout.name if f.layout else "empty" for f in files)),
        n_read=sum(n_read),
        n_kept=sum(n_read) - len(skipped),
        skipped=tuple(sorted(skipped, key=lambda s: (names.index(s.file), s.line))),
        notes=tuple(notes),
    )
    return lf, report
