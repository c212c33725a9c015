"""Reader for IMF Direction of Trade Statistics (DOTS) CSV files → flows."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Literal

import polars as pl

from accord.economy import _reading as rd
from accord.economy._reading import Errors, Log, ReadReport, countries_for_flows, flows_out
from accord.errors import InputError

Result = pl.DataFrame | tuple[pl.DataFrame, ReadReport]

__all__ = ["read_dots"]

# ---------------------------------------------------------------------------- IMF DOTS

_DOTS_EXPECT = (
    "an IMF Direction of Trade Statistics CSV from the IMF data portal: the time-series "
    "layout (Country Name, Country Code, Indicator Name, Indicator Code, Counterpart "
    "Country Name, Counterpart Country Code, Attribute, 1948, 1949, …) or the panel layout "
    "(Country Name, Country Code, Counterpart Country Name, Counterpart Country Code, Time "
    "Period, Goods, Value of Exports, Free on board (FOB), US Dollars (TXG_FOB_USD), …)"
)
_DOTS_CODES = {"TXG_FOB_USD": "export", "TMG_CIF_USD": "import"}
_SCALES = {"units": 1.0, "thousands": 1e3, "millions": 1e6, "billions": 1e9}
Scale = Literal["auto", "units", "thousands", "millions", "billions"]


def read_dots(
    path: str | Path, *, scale: Scale = "auto", errors: Errors = "raise", report: bool = False
) -> Result:
    """Read an IMF Direction of Trade Statistics (DOTS) CSV into a flows table.

    Parameters
    ----------
    path : str or Path
        A DOTS bulk CSV from the IMF data portal, in its time-series layout (one row per
        country × indicator × counterpart × attribute, a column per period: ``1948``,
        ``1960Q1``, ``1960M1`` …; only the annual columns are read, only ``Attribute ==
        "Value"`` rows) or its panel layout (one row per country × counterpart × ``Time
        Period``, a column per indicator such as ``Goods, Value of Exports, Free on
        board (FOB), US Dollars (TXG_FOB_USD)``; only annual periods are read).
    scale : {"auto", "units", "thousands", "millions", "billions"}, default "auto"
        The unit of the values. ``"auto"`` reads it from a ``Scale`` / ``Unit
        Multiplier`` column or from indicator names that say "Millions"; when the file
        does not say, ``"auto"`` raises and asks for *scale*: IMF data-portal downloads
        and the DOTS yearbook tables differ (US$ vs US$ millions), so accord never
        guesses. A *scale* that contradicts the file raises too.
    errors : {"raise", "skip"}, default "raise"
        What to do with malformed rows.
    report : bool, default False
        Return ``(flows, ReadReport)``.

    Returns
    -------
    polars.DataFrame
        Flows: ``TXG_FOB_USD`` (exports, FOB) → ``"export"``, ``TMG_CIF_USD`` (imports,
        CIF) → ``"import"``; other indicators (imports FOB, trade balance) are dropped
        and counted. ``product`` and ``classification`` are null (all goods).

    Notes
    -----
    IMF country codes are IMF-specific numbers, so countries are matched by their names
    ("Kazakhstan, Rep. of", "China, P.R.: Mainland", "Kyrgyz Rep." …) with
    :func:`accord.countries.resolve` and the IMF suffix conventions; "World" becomes
    ``"WLD"``; areas (Euro Area, Sub-Saharan Africa, "Countries & Areas not specified")
    are dropped and counted. Empty cells are missing data, not errors.
    """
    path = rd.existing(path)
    log = Log(path, errors)
    df = rd.read_text_table(path, expect=_DOTS_EXPECT)
    log.n_read = df.height
    cols = {rd.norm_col(c): c for c in df.columns if c != "_line"}
    rep, par = cols.get("countryname"), cols.get("counterpartcountryname")
    years = [c for c in df.columns if re.fullmatch(r"\d{4}", c)]
    ind_cols = [c for c in df.columns if re.search(r"\((T[A-Z]{2}_[A-Z_]+)\)\s*$", c)]
    if "timeperiod" in cols or ind_cols:
        log.layout = "imf-dots-panel"
        need = {
            "Country Name": rep,
            "Counterpart Country Name": par,
            "Time Period": cols.get("timeperiod"),
        }
        need["an indicator column such as '… (TXG_FOB_USD)'"] = ind_cols[0] if ind_cols else None
    elif "indicatorcode" in cols or "indicatorname" in cols or years:
        log.layout = "imf-dots-timeseries"
        ind = cols.get("indicatorcode") or cols.get("indicatorname")
        need = {"Country Name": rep, "Counterpart Country Name": par, "Indicator Code": ind}
        need["annual columns (1948, 1949, …)"] = years[0] if years else None
    else:
        raise rd.unknown_layout_error(path.name, list(cols.values()), _DOTS_EXPECT)
    missing = [k for k, v in need.items() if v is None]
    if missing:
        raise rd.missing_columns_error(
            path.name, log.layout, missing, list(cols.values()), _DOTS_EXPECT
        )

    if log.layout == "imf-dots-panel":
        long = _dots_panel(log, df, cols, ind_cols)
    else:
        long = _dots_timeseries(log, df, cols, years)
    long = _dots_scale(log, long, cols, scale, path.name)
    long = countries_for_flows(
        log,
        long,
        rep={"name": rep, "column": rep},
        par={"name": par, "column": par},
    )
    v, v_bad = rd.number("_value")
    log.bad(
        long,
        v_bad,
        column=pl.col("_col"),
        value=pl.col("_value"),
        reason=rd.not_number("_value"),
        scope="cell",
    )
    log.bad(
        long,
        v < 0,
        column=pl.col("_col"),
        value=pl.col("_value"),
        reason=pl.format("negative value {}", pl.col("_value").str.strip_chars()),
        scope="cell",
    )
    long = long.filter(v.is_not_null() | v_bad)
    out = long.select(
        "reporter",
        "partner",
        pl.col("_year").alias("year"),
        pl.col("_flow").alias("flow"),
        (v * pl.col("_factor")).alias("value_usd"),
        pl.lit(None, pl.String).alias("product"),
        pl.lit(None, pl.String).alias("classification"),
        "_line",
        "_col",
    )
    out = flows_out(out, log, f"IMF DOTS {path.name}")
    return rd.finish(
        out,
        log,
        function="accord.economy.read_dots",
        dataset="imf-dots",
        parameters={"scale": scale, "errors": errors},
        report=report,
    )


def _dots_flow(code: pl.Expr, name: pl.Expr) -> pl.Expr:
    by_name = (
        pl.when(name.str.contains(r"(?i)value of exports"))
        .then(pl.lit("TXG_FOB_USD"))
        .when(name.str.contains(r"(?i)value of imports.*\bCIF\b|value of imports, cost"))
        .then(pl.lit("TMG_CIF_USD"))
        .otherwise(name)
    )
    c = pl.coalesce(code.str.strip_chars().str.to_uppercase(), by_name)
    return c


def _dots_timeseries(log: Log, df: pl.DataFrame, cols: dict, years: list[str]) -> pl.DataFrame:
    attr = cols.get("attribute")
    if attr:
        status = df.filter(pl.col(attr).str.strip_chars().str.to_lowercase() != "value")
        log.drop("attribute is not 'Value' (status flags)", status[attr])
        df = df.filter(pl.col(attr).str.strip_chars().str.to_lowercase() == "value")
    code = pl.col(cols["indicatorcode"]) if "indicatorcode" in cols else pl.lit(None, pl.String)
    name = pl.col(cols["indicatorname"]) if "indicatorname" in cols else pl.lit("", pl.String)
    df = df.with_columns(_dots_flow(code, name).alias("_indicator"), name.alias("_indicator_name"))
    if any(re.fullmatch(r"\d{4}(Q\d|M\d{1,2})", c) for c in df.columns):
        log.notes.append("quarterly and monthly columns ignored; annual columns read")
    keep = [c for c in df.columns if not re.fullmatch(r"\d{4}(Q\d|M\d{1,2})?", c)]
    long = df.unpivot(index=keep, on=years, variable_name="_col", value_name="_value")
    long = long.filter(pl.col("_value").is_not_null() & (pl.col("_value").str.strip_chars() != ""))
    long = long.with_columns(pl.col("_col").cast(pl.Int16).alias("_year"))
    return _dots_indicators(log, long)


def _dots_panel(log: Log, df: pl.DataFrame, cols: dict, ind_cols: list[str]) -> pl.DataFrame:
    period = cols["timeperiod"]
    y, y_missing, _ = rd.year(period)
    log.bad(df, y_missing, column=period, value=pl.lit(""), reason="the time period is missing")
    not_annual = df.filter(y.is_null() & ~y_missing)
    log.drop(
        "not an annual period",
        not_annual[period].str.slice(4, 1).replace({"Q": "quarter", "M": "month"}),
    )
    if not_annual.height:
        log.notes.append("quarterly and monthly periods ignored; annual periods read")
    df = df.filter(y.is_not_null() | y_missing).with_columns(y.alias("_year"))
    keep = [c for c in df.columns if c not in ind_cols]
    long = df.unpivot(index=keep, on=ind_cols, variable_name="_col", value_name="_value")
    long = long.filter(pl.col("_value").is_not_null() & (pl.col("_value").str.strip_chars() != ""))
    code = pl.col("_col").str.extract(r"\(([A-Z0-9_]+)\)\s*$")
    long = long.with_columns(
        _dots_flow(code, pl.col("_col")).alias("_indicator"),
        pl.col("_col").str.replace(r"\s*\([A-Z0-9_]+\)\s*$", "").alias("_indicator_name"),
    )
    return _dots_indicators(log, long)


def _dots_indicators(log: Log, long: pl.DataFrame) -> pl.DataFrame:
    flow = pl.col("_indicator").replace_strict(_DOTS_CODES, default=None)
    long = long.with_columns(flow.alias("_flow"))
    log.drop(
        "indicator is not exports FOB or imports CIF",
        long.filter(pl.col("_flow").is_null())["_indicator"],
    )
    return long.filter(pl.col("_flow").is_not_null())


def _dots_scale(log: Log, long: pl.DataFrame, cols: dict, scale: str, where: str) -> pl.DataFrame:
    if scale not in ("auto", *_SCALES):
        raise InputError(
            f"scale={scale!r} is not understood: use 'auto', 'units', 'thousands', 'millions' "
            "or 'billions'."
        )
    col = next(
        (cols[c] for c in ("scale", "unitmultiplier", "unitmult", "multiplier") if c in cols), None
    )
    words = {
        "units": 1.0,
        "unit": 1.0,
        "ones": 1.0,
        "0": 1.0,
        "thousands": 1e3,
        "3": 1e3,
        "millions": 1e6,
        "6": 1e6,
        "billions": 1e9,
        "9": 1e9,
    }
    if col:
        said = pl.col(col).str.strip_chars().str.to_lowercase().replace_strict(words, default=None)
    else:
        name = pl.col("_indicator_name").str.to_lowercase()
        said = (
            pl.when(name.str.contains(r"\bbillions?\b"))
            .then(1e9)
            .when(name.str.contains(r"\bmillions?\b"))
            .then(1e6)
            .when(name.str.contains(r"\bthousands?\b"))
            .then(1e3)
            .otherwise(None)
        )
    long = long.with_columns(said.cast(pl.Float64).alias("_said"))
    told = _SCALES.get(scale)
    if told is not None:
        clash = long.filter(pl.col("_said").is_not_null() & (pl.col("_said") != told))
        if clash.height:
            r = clash.row(0, named=True)
            raise InputError(
                f"{where} line {r['_line']} says its values are in units of {r['_said']:,.0f} US$, "
                f"but scale={scale!r}; drop the scale argument or fix it."
            )
        long = long.with_columns(pl.col("_said").fill_null(told).alias("_factor"))
    else:
        unsaid = long.filter(pl.col("_said").is_null())
        if unsaid.height:
            raise InputError(
                f"{where} does not say in what unit its values are (US$, thousands or millions; "
                f"line {unsaid['_line'][0]}); IMF data-portal downloads give US$, DOTS yearbook "
                'tables US$ millions: pass scale="units" or scale="millions".'
            )
        long = long.with_columns(pl.col("_said").alias("_factor"))
    for f in sorted(long["_factor"].unique().drop_nulls().to_list()):
        note = "values in US$" if f == 1 else f"values multiplied by {f:,.0f} to US$"
        log.notes.append(note)

    return long
