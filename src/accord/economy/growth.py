"""Growth of any long table with a ``year`` column: fold, growth and CAGR between two years,
or year on year."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import numpy as np
import polars as pl

from accord.economy import _indexing as ix
from accord.economy import kernels
from accord.errors import InputError

__all__ = ["growth", "cagr"]

_M = pl.col("mirrored")


def growth(
    df: Any,
    *,
    t0: int | None = None,
    t1: int | None = None,
    value: str = "value_usd",
    by: Iterable[str] | None = None,
    step: int = 1,
) -> pl.DataFrame:
    """Growth of a value between two years, per group: fold, growth and CAGR.

    Parameters
    ----------
    df : polars.DataFrame or pandas.DataFrame
        Any long table with a ``year`` column and a numeric value column, e.g.
        :func:`totals` of a flows table.
    t0, t1 : int, optional
        First and last year. Without them: every year against the year ``step`` years
        before it (year-on-year growth for ``step=1``).
    value : str, default "value_usd"
    by : list of str, optional
        The group columns. Default: every column other than ``year``, ``value``,
        ``source``, ``classification`` and ``mirrored`` that is not floating-point.
    step : int, default 1
        The gap in years when ``t0`` and ``t1`` are not given.

    Returns
    -------
    polars.DataFrame
        ``*by, t0, t1, value_t0, value_t1, fold, growth, cagr`` (and ``mirrored`` when the
        input has it). A group missing in one of the years gets nulls.

    Raises
    ------
    InputError
        Missing columns; several rows for the same group and year (aggregate first, e.g.
        with :func:`totals`); ``t1 <= t0``.

    Notes
    -----
    ``fold = x1 / x0``, ``growth = x1 / x0 − 1``, ``cagr = (x1 / x0)^(1 / (t1 − t0)) − 1``
    (compound annual growth rate, e.g. UNCTAD Handbook of Statistics, "Calculation
    methods", https://hbs.unctad.org/calculation-methods/). All three are null when
    ``x0`` is 0 or missing. Values are nominal (current US dollars for trade).

    Examples
    --------
    >>> import polars as pl
    >>> df = pl.DataFrame({"iso3": ["CHN", "CHN"], "year": [2001, 2019], "value": [1.5, 46.5]})
    >>> r = growth(df, t0=2001, t1=2019, value="value").row(0, named=True)
    >>> round(r["fold"], 1), round(r["cagr"], 4)
    (31.0, 0.2102)
    """
    if not isinstance(df, pl.DataFrame):
        try:
            df = pl.from_pandas(df)
        except Exception as exc:  # noqa: BLE001 - anything not a table
            raise InputError(
                f"growth: expected a polars or pandas DataFrame, got {type(df).__name__}."
            ) from exc
    missing = [c for c in ("year", value) if c not in df.columns]
    if missing:
        raise InputError(
            f"growth: missing column(s) {', '.join(missing)}; the table needs 'year' and the "
            f"value column (value='{value}'). Columns are {', '.join(df.columns)}."
        )
    skip = {"year", value, "source", "classification", "mirrored"}
    if by is None:
        keys = [
            c
            for c, t in df.schema.items()
            if c not in skip and not t.is_float() and df[c].null_count() < df.height
        ]
    else:
        keys = [by] if isinstance(by, str) else list(by)
        absent = [c for c in keys if c not in df.columns]
        if absent:
            raise InputError(f"growth: by column(s) {', '.join(absent)} not in the table.")
    has_m = "mirrored" in df.columns
    base = ix.strings(
        df.select(
            *keys,
            pl.col("year").cast(pl.Int64),
            pl.col(value).cast(pl.Float64).alias("_v"),
            *([_M] if has_m else []),
        )
    )
    dup = base.group_by(*keys, "year").len().filter(pl.col("len") > 1)
    if dup.height:
        raise InputError(
            f"growth: {dup.height} group-year(s) have several rows (grouping by "
            f"{', '.join(keys) or 'nothing'}); aggregate first (e.g. accord.economy.indices."
            "totals for flows) or pass by=[...] naming the group columns."
        )
    if (t0 is None) != (t1 is None):
        raise InputError(
            "growth: give both t0 and t1 (e.g. t0=2001, t1=2019), or neither for year-on-year."
        )
    extra = [pl.col("_m0").fill_null(False) | pl.col("_m1").fill_null(False)] if has_m else []
    if t0 is not None:
        if t1 <= t0:
            raise InputError(f"growth: t1={t1} must be after t0={t0}.")
        a = base.filter(pl.col("year") == t0).drop("year")
        b = base.filter(pl.col("year") == t1).drop("year")
        if has_m:
            a, b = a.rename({"mirrored": "_m0"}), b.rename({"mirrored": "_m1"})
        a, b = a.rename({"_v": "value_t0"}), b.rename({"_v": "value_t1"})
        out = (
            a.join(b, on=keys, how="full", coalesce=True, nulls_equal=True)
            if keys
            else pl.concat([a, b], how="horizontal")
        )
        out = out.with_columns(pl.lit(t0).alias("t0"), pl.lit(t1).alias("t1"))
    else:
        if step < 1:
            raise InputError(f"growth: step={step} must be a positive number of years.")
        cur = base.rename(
            {"_v": "value_t1", "year": "t1", **({"mirrored": "_m1"} if has_m else {})}
        )
        prev = base.rename({"_v": "value_t0", **({"mirrored": "_m0"} if has_m else {})})
        prev = prev.with_columns((pl.col("year") + step).alias("t1")).drop("year")
        out = cur.join(prev, on=[*keys, "t1"], how="left", nulls_equal=True).with_columns(
            (pl.col("t1") - step).alias("t0")
        )
    x0 = out["value_t0"].to_numpy().astype(np.float64)
    x1 = out["value_t1"].to_numpy().astype(np.float64)
    yrs = (out["t1"] - out["t0"]).to_numpy().astype(np.float64)
    out = out.with_columns(
        ix.series("fold", kernels.fold(x0, x1)),
        ix.series("growth", kernels.growth(x0, x1)),
        ix.series("cagr", kernels.cagr(x0, x1, yrs)),
        *[e.alias("mirrored") for e in extra],
    )
    cols = [*keys, "t0", "t1", "value_t0", "value_t1", "fold", "growth", "cagr"]
    out = out.select(cols + (["mirrored"] if has_m else [])).sort([*keys, "t1"], nulls_last=True)
    out = ix.nonempty(out, "growth", "rows")
    params = {"t0": t0, "t1": t1, "value": value, "by": keys, "step": step}
    return ix.done(out, "growth", params, inputs=(df,))


def cagr(df: Any, **kwargs: Any) -> pl.DataFrame:
    """Compound annual growth rate ``(x1/x0)^(1/(t1−t0)) − 1``: the same table as :func:`growth`."""
    return growth(df, **kwargs)
