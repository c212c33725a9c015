"""Readers for the World Bank WITS "AllYears Trade Summary" files.

WITS publishes one summary per reporter (``en_KAZ_AllYears_WITS_Trade_Summary.CSV``): a
wide table ``Reporter, Partner, Product categories, Indicator Type, Indicator, 2019, 2018,
…, 1988`` with the reporter's totals, its top-5 export and import partners each year, and
indicators (GDP, tariffs, concentration). Long copies of it (``Reporter, Partner, Product
categories, Indicator Type, Indicator, year, value``) are read too.

:func:`read_wits_summary` returns the trade flows in it; :func:`read_wits_indicators`
everything else, for reference values.
"""

from __future__ import annotations

import re
from pathlib import Path

import polars as pl

from accord.economy import _reading as rd
from accord.economy._reading import Errors, Log, ReadReport, countries_for_flows, flows_out

__all__ = ["read_wits_summary", "read_wits_indicators"]

Result = pl.DataFrame | tuple[pl.DataFrame, ReadReport]

_EXPECT = (
    "a WITS trade summary: Reporter, Partner, Product categories, Indicator Type, Indicator "
    "and one column per year (2019, 2018, …), or the same five columns with year, value"
)
_ROLES = {
    "reporter": "Reporter",
    "partner": "Partner",
    "productcategories": "Product categories",
    "indicatortype": "Indicator Type",
    "indicator": "Indicator",
}
# Indicator (normalised) -> (flow, partner is the world total)
_FLOW_ROWS = {
    "tradeusmiltop5exportpartner": ("export", False),
    "tradeusmiltop5importpartner": ("import", False),
    "exportsinusmil": ("export", True),
    "importsinusmil": ("import", True),
}
_NOTHING = ("", "...", "..")


def _read(path: Path, errors: str) -> tuple[Log, pl.DataFrame]:
    """Both layouts as one long frame of text: reporter, partner, …, _year, _value, _col."""
    log = Log(path, errors)
    df = rd.read_text_table(path, expect=_EXPECT)
    log.n_read = df.height
    cols = {rd.norm_col(c): c for c in df.columns if c != "_line"}
    years = [c for c in df.columns if re.fullmatch(r"\d{4}", c.strip())]
    if not (cols.keys() & _ROLES.keys()):
        raise rd.unknown_layout_error(path.name, list(cols.values()), _EXPECT)
    long_layout = "year" in cols and "value" in cols
    missing = [label for k, label in _ROLES.items() if k not in cols]
    if not long_layout and not years:
        missing.append("year columns (2019, 2018, …) or year, value")
    if missing:
        raise rd.missing_columns_error(
            path.name, "WITS trade summary", missing, list(cols.values()), _EXPECT
        )
    df = df.rename({cols[k]: f"w_{k}" for k in _ROLES})
    if long_layout:
        log.layout = "wits-long"
        y = log.years(df, cols["year"])
        long = df.with_columns(
            y.alias("_year"),
            pl.col(cols["value"]).alias("_value"),
            pl.lit(cols["value"]).alias("_col"),
        )
    else:
        log.layout = "wits-wide"
        index = [c for c in df.columns if c not in years]
        long = df.unpivot(index=index, on=years, variable_name="_col", value_name="_value")
        long = long.with_columns(pl.col("_col").str.strip_chars().cast(pl.Int16).alias("_year"))
    value = pl.col("_value").str.strip_chars()
    return log, long.filter(value.is_not_null() & ~value.is_in(list(_NOTHING)))


def _values(log: Log, long: pl.DataFrame, *, negative_ok: bool) -> tuple[pl.DataFrame, pl.Expr]:
    v, bad = rd.number("_value", missing=_NOTHING)
    log.bad(
        long,
        bad,
        column=pl.col("_col"),
        value=pl.col("_value"),
        reason=rd.not_number("_value"),
        scope="cell",
    )
    if not negative_ok:
        log.bad(
            long,
            v < 0,
            column=pl.col("_col"),
            value=pl.col("_value"),
            reason=pl.format("negative value {}", pl.col("_value").str.strip_chars()),
            scope="cell",
        )
    return long, v


def read_wits_summary(
    path: str | Path, *, errors: Errors = "raise", report: bool = False
) -> Result:
    """Read the trade flows of a WITS "AllYears Trade Summary" file (wide or long).

    Parameters
    ----------
    path : str or Path
        ``en_<ISO3>_AllYears_WITS_Trade_Summary.CSV`` as downloaded from WITS (values in
        US$ millions, padded with spaces, one column per year), or a long copy with
        ``year`` and ``value`` columns.
    errors : {"raise", "skip"}, default "raise"
        What to do with malformed rows.
    report : bool, default False
        Return ``(flows, ReadReport)``.

    Returns
    -------
    polars.DataFrame
        Flows in US dollars (US$ millions × 10⁶): rows ``Trade (US$ Mil)-Top 5 Export
        Partner`` / ``… Import Partner`` (reporter → named partner) and the reporter's
        totals ``Exports (in US$ Mil)`` / ``Imports (in US$ Mil)`` (partner ``"WLD"``).
        ``product`` and ``classification`` are null (all products).

    Notes
    -----
    Only the top five partners of each year are listed, so a partner appears only in the
    years it was among them: a missing year is not a zero. Partners that are not
    countries ("Unspecified", "Other Asia, nes", "Special Categories") are dropped and
    counted. Underlying data: UN Comtrade, as processed by WITS.
    """
    path = rd.existing(path)
    log, long = _read(path, errors)
    key = pl.col("w_indicator").map_elements(rd.norm_col, return_dtype=pl.String)
    long = long.with_columns(key.alias("_key"))
    long = long.filter(pl.col("_key").is_in(list(_FLOW_ROWS)))
    product = pl.col("w_productcategories").str.strip_chars()
    long = long.filter(product.is_null() | product.is_in(["All Products", *_NOTHING]))
    flow = pl.col("_key").replace_strict({k: v[0] for k, v in _FLOW_ROWS.items()}, default=None)
    total = pl.col("_key").replace_strict({k: v[1] for k, v in _FLOW_ROWS.items()}, default=None)
    partner = pl.when(total).then(pl.lit("World")).otherwise(pl.col("w_partner"))
    long = long.with_columns(flow.alias("flow"), partner.alias("_partner"))
    long = countries_for_flows(
        log,
        long,
        rep={"name": "w_reporter", "raw": "w_reporter", "column": "Reporter"},
        par={"name": "_partner", "raw": "_partner", "column": "Partner"},
    )
    long, v = _values(log, long, negative_ok=False)
    long = long.filter(v.is_not_null())
    log.notes.append("values in US$ millions multiplied by 1,000,000")
    out = long.select(
        "reporter",
        "partner",
        pl.col("_year").alias("year"),
        "flow",
        (v * 1e6).alias("value_usd"),
        pl.lit(None, pl.String).alias("product"),
        pl.lit(None, pl.String).alias("classification"),
        "_line",
        "_col",
    )
    out = flows_out(out, log, f"WITS {path.name}")
    return rd.finish(
        out,
        log,
        function="accord.economy.read_wits_summary",
        dataset="wits-trade-summary",
        parameters={"errors": errors},
        report=report,
    )


def read_wits_indicators(
    path: str | Path, *, errors: Errors = "raise", report: bool = False
) -> Result:
    """Read everything in a WITS trade summary that is not a flow, as a long table.

    Parameters
    ----------
    path : str or Path
        A WITS "AllYears Trade Summary" file, wide or long (see :func:`read_wits_summary`).
    errors : {"raise", "skip"}, default "raise"
        What to do with malformed rows.
    report : bool, default False
        Return ``(table, ReadReport)``.

    Returns
    -------
    polars.DataFrame
        ``reporter`` (ISO3), ``partner`` (ISO3, ``"WLD"`` for World, null where the file
        has "..."), ``product`` (WITS product group, e.g. ``"All Products"``, ``"Fuels"``;
        null for "..."), ``indicator_type``, ``indicator`` (as written, with its unit:
        ``"Partner share(%)-Top 5 Export Partner"``, ``"HH Market concentration index"``,
        ``"GDP (current US$ Mil)"`` …), ``year``, ``value`` (unconverted), ``source``.
    """
    path = rd.existing(path)
    log, long = _read(path, errors)
    key = pl.col("w_indicator").map_elements(rd.norm_col, return_dtype=pl.String)
    product = pl.col("w_productcategories").str.strip_chars()
    is_flow = key.is_in(list(_FLOW_ROWS)) & (
        product.is_null() | product.is_in(["All Products", *_NOTHING])
    )
    long = long.filter(~is_flow)
    long = rd.resolve_column(long, "_rep", name="w_reporter")
    rd.country_problems(log, long, "_rep", column="Reporter", raw="w_reporter", role="reporter")
    partner = pl.col("w_partner").str.strip_chars()
    no_partner = partner.is_null() | partner.is_in(list(_NOTHING))
    long = long.with_columns(
        pl.when(no_partner).then(None).otherwise(partner).alias("_partner_raw")
    )
    long = rd.resolve_column(long, "_par", name="_partner_raw")
    unknown = (pl.col("_par_kind") == "unknown") & ~no_partner
    log.bad(long, unknown, column="Partner", value=pl.col("w_partner"), reason=pl.col("_par_note"))
    log.drop(
        "partner is not a country", long.filter(pl.col("_par_kind") == "aggregate")["w_partner"]
    )
    log.drop(
        "reporter is not a country", long.filter(pl.col("_rep_kind") == "aggregate")["w_reporter"]
    )
    long = long.filter((pl.col("_par_kind") != "aggregate") & (pl.col("_rep_kind") != "aggregate"))
    long, v = _values(log, long, negative_ok=True)
    long = log.settle(long.with_columns(v.alias("value")))
    out = long.select(
        pl.col("_rep").alias("reporter"),
        pl.col("_par").alias("partner"),
        pl.when(product.is_in(list(_NOTHING))).then(None).otherwise(product).alias("product"),
        pl.col("w_indicatortype").str.strip_chars().alias("indicator_type"),
        pl.col("w_indicator").str.strip_chars().alias("indicator"),
        pl.col("_year").alias("year"),
        "value",
        pl.lit(f"WITS {path.name}").alias("source"),
    ).filter(pl.col("value").is_not_null())
    out = out.sort("reporter", "indicator", "partner", "product", "year", nulls_last=True)
    return rd.finish(
        out,
        log,
        function="accord.economy.read_wits_indicators",
        dataset="wits-trade-summary",
        parameters={"errors": errors},
        report=report,
    )
