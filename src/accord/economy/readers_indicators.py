"""Readers for country-level indicators: World Bank WDI and AidData (Chinese finance).

:func:`read_wdi` reads the three layouts people download from the World Bank;
:func:`read_aiddata_finance` and :func:`read_aiddata_diplomacy` read AidData's Chinese
official finance and public diplomacy datasets. The bilateral remittance and migration
readers (:func:`read_knomad_remittances`, :func:`read_knomad_migrants`,
:func:`read_un_migrant_stock`) live in :mod:`accord.economy.readers_migration` and are
re-exported here.

Bad input follows the contract of :mod:`accord.economy._reading`: ``errors="raise"``
(default) names malformed rows by line, ``errors="skip"`` leaves them out, and
``report=True`` returns ``(table, ReadReport)``.
"""

from __future__ import annotations

import re
from pathlib import Path

import polars as pl

from accord.economy import _reading as rd
from accord.economy._reading import Errors, Log, ReadReport
from accord.economy.readers_migration import (
    read_knomad_migrants,
    read_knomad_remittances,
    read_un_migrant_stock,
)
from accord.errors import InputError

__all__ = [
    "read_wdi",
    "read_aiddata_finance",
    "read_aiddata_diplomacy",
    "read_knomad_remittances",
    "read_knomad_migrants",
    "read_un_migrant_stock",
    "ReadReport",
]

Result = pl.DataFrame | tuple[pl.DataFrame, ReadReport]

# ---------------------------------------------------------------------------- WDI

_WDI_EXPECT = (
    "a World Bank file: the bulk download API_<code>_DS2_en_csv_v2_*.csv (Country Name, "
    "Country Code, Indicator Name, Indicator Code, 1960, 1961, …), a DataBank export "
    "(Country Name, Country Code, Series Name, Series Code, 2000 [YR2000], …) or a long "
    "file (Country Name, Country Code, Year, Value; or country_name, iso3, indicator_code, "
    "indicator_name, year, value)"
)
_WDI_CODE = re.compile(r"(?<![A-Za-z0-9])([A-Z]{2,3}(?:\.[A-Z0-9]+){2,})(?![A-Za-z0-9])")
_WIDE_YEAR = re.compile(r"^(\d{4})(?:\s*\[YR\d{4}\])?$")


def read_wdi(
    path: str | Path,
    *,
    indicator: str | None = None,
    errors: Errors = "raise",
    report: bool = False,
) -> Result:
    """Read World Bank (WDI) indicator data in any of its common layouts, as a long table.

    Parameters
    ----------
    path : str or Path
        One of: the bulk download ``API_<code>_DS2_en_csv_v2_*.csv`` (four preamble
        lines, then ``Country Name, Country Code, Indicator Name, Indicator Code, 1960,
        …``); a DataBank export (``Country Name, Country Code, Series Name, Series Code,
        2000 [YR2000], …``, ``..`` for missing, notes below the table); a long file
        ``Country Name, Country Code, Year, Value`` (one indicator, as repackaged by
        datahub.io) or ``country_name, iso3, indicator_code, indicator_name, year,
        value`` (any column order).
    indicator : str, optional
        For files with several indicators: keep this one (code such as
        ``"BX.TRF.PWKR.DT.GD.ZS"`` or its name). For files without an indicator column:
        its code; by default it is taken from the file name (``…_NY.GDP.MKTP.CD_…``).
    errors : {"raise", "skip"}, default "raise"
        What to do with malformed rows.
    report : bool, default False
        Return ``(table, ReadReport)``.

    Returns
    -------
    polars.DataFrame
        ``iso3, indicator, year, value, indicator_name, source``, one row per country,
        indicator and year with a value. ``iso3`` is the World Bank code, so aggregates
        keep theirs (``WLD``, ``ECS``, ``LMC`` …) and Kosovo is ``XKX``; empty cells and
        ``..`` are missing data and left out. Values are as published (no unit change).

    Raises
    ------
    InputError
        Unknown layout, missing columns, no indicator to label a single-indicator file,
        an *indicator* the file does not have, malformed rows with ``errors="raise"``.
    """
    path = rd.existing(path)
    log = Log(path, errors)
    raw = path.read_bytes()
    if not raw.strip():
        raise InputError(f"{path.name} is empty: expected {_WDI_EXPECT}.")
    text = rd.decode(raw)
    header_line = 1
    for n, line in enumerate(text.splitlines()[:30], start=1):
        if re.match(r"^\W*(Country Name|country_name|Country Code|iso3)\b", line, re.I):
            header_line = n
            break
    df = rd.read_text_table(path, expect=_WDI_EXPECT, header_line=header_line, text=text)
    log.n_read = df.height
    cols = {rd.norm_col(c): c for c in df.columns if c != "_line"}
    code = cols.get("countrycode") or cols.get("iso3") or cols.get("iso3c")
    ind_code = cols.get("indicatorcode") or cols.get("seriescode")
    ind_name = cols.get("indicatorname") or cols.get("seriesname")
    years = [c for c in df.columns if _WIDE_YEAR.match(c)]
    if years:
        log.layout = "wdi-databank" if any("[YR" in c for c in years) else "wdi-bulk"
        missing = [n for n, c in (("Country Code", code), ("Indicator Code", ind_code)) if not c]
        if missing:
            raise rd.missing_columns_error(
                path.name, log.layout, missing, list(cols.values()), _WDI_EXPECT
            )
        index = [c for c in df.columns if c not in years]
        long = df.unpivot(index=index, on=years, variable_name="_col", value_name="_value")
        long = long.with_columns(pl.col("_col").str.slice(0, 4).cast(pl.Int16).alias("_year"))
    elif "year" in cols and "value" in cols:
        log.layout = "wdi-long"
        if not code:
            raise rd.missing_columns_error(
                path.name, log.layout, ["Country Code"], list(cols.values()), _WDI_EXPECT
            )
        y = log.years(df, cols["year"])
        long = df.with_columns(
            y.alias("_year"),
            pl.col(cols["value"]).alias("_value"),
            pl.lit(cols["value"]).alias("_col"),
        )
    else:
        raise rd.unknown_layout_error(path.name, list(cols.values()), _WDI_EXPECT)

    long = _wdi_indicator(long, path.name, indicator, ind_code, ind_name)
    v, v_bad = rd.number("_value", missing=("", ".."))
    has_value = v.is_not_null() | v_bad
    iso = pl.col(code).str.strip_chars()
    notes = long.filter(iso.is_null() | (iso == ""))
    # rows without a country code: notes below a DataBank table when they hold no value
    note_lines = notes.group_by("_line").agg(has_value.any().alias("_any"))
    log.drop("note or blank row", n=note_lines.filter(~pl.col("_any")).height)
    log.bad(
        long,
        (iso.is_null() | (iso == "")) & has_value,
        column=code,
        value=pl.lit(""),
        reason="the country code is missing",
    )
    log.bad(
        long,
        iso.is_not_null() & (iso != "") & ~iso.str.contains(r"^[A-Za-z0-9]{3}$"),
        column=code,
        value=iso,
        reason=pl.format("'{}' is not a 3-letter country code", iso),
    )
    log.bad(
        long,
        v_bad,
        column=pl.col("_col"),
        value=pl.col("_value"),
        reason=rd.not_number("_value"),
        scope="cell",
    )
    long = long.filter(has_value & iso.is_not_null() & (iso != "") | v_bad)
    long = log.settle(long)
    out = long.select(
        iso.str.to_uppercase().alias("iso3"),
        pl.col("_indicator").alias("indicator"),
        pl.col("_year").alias("year"),
        v.alias("value"),
        pl.col("_indicator_name").alias("indicator_name"),
        pl.lit(f"World Bank WDI {path.name}").alias("source"),
    ).sort("indicator", "iso3", "year")
    return rd.finish(
        out,
        log,
        function="accord.economy.read_wdi",
        dataset="wb-wdi",
        parameters={"indicator": indicator, "errors": errors},
        report=report,
    )


def _wdi_indicator(long: pl.DataFrame, where: str, indicator, code_col, name_col) -> pl.DataFrame:
    """Add ``_indicator`` / ``_indicator_name``; keep the asked *indicator*."""
    if code_col is None:
        label = indicator
        if label is None:
            found = _WDI_CODE.search(where)
            label = found.group(1) if found else None
        if label is None:
            raise InputError(
                f"{where} has no indicator column and its name does not give a WDI code; pass "
                "indicator='NY.GDP.MKTP.CD' (the code of the series the file holds)."
            )
        name = pl.col(name_col) if name_col else pl.lit(None, pl.String)
        return long.with_columns(pl.lit(label).alias("_indicator"), name.alias("_indicator_name"))
    code = pl.col(code_col).str.strip_chars()
    name = pl.col(name_col).str.strip_chars() if name_col else pl.lit(None, pl.String)
    long = long.with_columns(code.alias("_indicator"), name.alias("_indicator_name"))
    if indicator is None:
        return long
    asked = str(indicator).strip()
    keep = long.filter(
        (pl.col("_indicator").str.to_uppercase() == asked.upper())
        | (pl.col("_indicator_name").str.to_lowercase() == asked.lower())
    )
    if not keep.height:
        have = long["_indicator"].drop_nulls().unique().sort().to_list()
        shown = ", ".join(have[:8]) + (" …" if len(have) > 8 else "")
        raise InputError(f"{where} has no indicator '{indicator}'; it has {shown}.")
    return keep


# ---------------------------------------------------------------------------- AidData

_FINANCE_EXPECT = (
    "AidData's Global Chinese Official Finance Dataset v1.0 (.xlsx, or a CSV of the same "
    "columns: project_id, year, recipient_condensed, recipient_iso3, flow_class, intent, "
    "usd_current, usd_defl_2014, status, title, …)"
)
_FINANCE_TEXT = ["flow_class", "flow", "intent", "status", "title"]


def read_aiddata_finance(
    path: str | Path, *, errors: Errors = "raise", report: bool = False
) -> Result:
    """Read AidData's Global Chinese Official Finance Dataset (v1.0), one row per project.

    Parameters
    ----------
    path : str or Path
        ``GlobalChineseOfficialFinanceDataset_v1.0.xlsx`` (first sheet; needs openpyxl:
        ``pip install "accord[excel]"``) or a CSV with the same columns.
    errors : {"raise", "skip"}, default "raise"
        What to do with malformed rows.
    report : bool, default False
        Return ``(table, ReadReport)``.

    Returns
    -------
    polars.DataFrame
        ``project_id, year, recipient`` (ISO3; null for regional and multi-country
        projects), ``recipient_name`` (``recipient_condensed`` as written: "Kyrgyz
        Republic", "Africa, regional"), ``flow_class`` ("ODA-like", "OOF-like", "Vague
        (Official Finance)"), ``flow``, ``intent``, ``usd_current``, ``usd_defl_2014``
        (null where AidData has no amount), ``status``, ``title``,
        ``recommended_for_research``, ``umbrella``, ``source``.

    Notes
    -----
    AidData advises summing only projects with ``recommended_for_research`` true and not
    ``umbrella`` (an umbrella project's amount is also recorded in its parts); the
    reader keeps every row and leaves that choice to the user.

    References
    ----------
    Dreher, A., Fuchs, A., Parks, B., Strange, A. and Tierney, M. (2017). Aid, China, and
    Growth: Evidence from a New Global Development Finance Dataset. AidData WP 46.
    """
    path = rd.existing(path)
    log = Log(path, errors)
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        rows, _ = rd.xlsx_rows(path)
        if not rows:
            raise InputError(f"{path.name} is empty: expected {_FINANCE_EXPECT}.")
        df, log.unit = rd.rows_table(rows), "row"
        log.layout = "aiddata-gcof-xlsx"
    else:
        df = rd.read_text_table(path, expect=_FINANCE_EXPECT)
        log.layout = "aiddata-gcof-csv"
    log.n_read = df.height
    need = [
        "project_id",
        "year",
        "recipient_condensed",
        *_FINANCE_TEXT,
        "usd_current",
        "usd_defl_2014",
    ]
    missing = [c for c in need if c not in df.columns]
    if missing:
        raise rd.missing_columns_error(
            path.name,
            "AidData GCOF v1.0",
            missing,
            [c for c in df.columns if c != "_line"],
            _FINANCE_EXPECT,
        )
    pid = pl.col("project_id").str.strip_chars()
    pid_num = pid.cast(pl.Float64, strict=False)
    pid_bad = pid_num.is_null() | (pid_num != pid_num.round(0))
    log.bad(
        df,
        pid_bad,
        column="project_id",
        value=pid,
        reason=pl.format("'{}' is not a project id", pid),
    )
    y = log.years(df, "year")
    money = {}
    for col in ("usd_current", "usd_defl_2014"):
        money[col], bad = rd.number(col)
        log.bad(df, bad, column=col, value=pl.col(col), reason=rd.not_number(col))
    df = _aiddata_recipients(log, df)
    df = log.settle(df)
    flags = {}
    for col in ("recommended_for_research", "umbrella"):
        s = (
            pl.col(col).str.strip_chars().str.to_lowercase()
            if col in df.columns
            else pl.lit(None, pl.String)
        )
        flags[col] = s.replace_strict(
            {"true": True, "1": True, "false": False, "0": False}, default=None
        )
    out = df.select(
        pid_num.cast(pl.Int64).alias("project_id"),
        y.alias("year"),
        pl.col("_recipient").alias("recipient"),
        pl.col("recipient_condensed").str.strip_chars().alias("recipient_name"),
        *(pl.col(c).str.strip_chars().alias(c) for c in _FINANCE_TEXT if c != "title"),
        money["usd_current"].alias("usd_current"),
        money["usd_defl_2014"].alias("usd_defl_2014"),
        pl.col("title").str.strip_chars().alias("title"),
        flags["recommended_for_research"].cast(pl.Boolean).alias("recommended_for_research"),
        flags["umbrella"].cast(pl.Boolean).alias("umbrella"),
        pl.lit(f"AidData GCOF v1.0 {path.name}").alias("source"),
    ).sort("project_id")
    return rd.finish(
        out,
        log,
        function="accord.economy.read_aiddata_finance",
        dataset="aiddata-gcof",
        version="1.0",
        parameters={"errors": errors},
        report=report,
    )


def _aiddata_recipients(log: Log, df: pl.DataFrame) -> pl.DataFrame:
    """One ISO3 per project: the recipient_iso3 code, else the name; regional → null."""
    iso = (
        pl.col("recipient_iso3").str.strip_chars()
        if "recipient_iso3" in df.columns
        else pl.lit(None, pl.String)
    )
    name = pl.col("recipient_condensed").str.strip_chars()
    several = iso.str.contains(";").fill_null(False) | name.str.contains(
        r"(?i)\bregional\b"
    ).fill_null(False)
    df = df.with_columns(
        pl.when(several).then(None).otherwise(iso).alias("_iso"),
        pl.when(several).then(None).otherwise(name).alias("_name"),
        several.alias("_several"),
    )
    df = rd.resolve_column(df, "_recipient", name="_name", code="_iso")
    kind = pl.col("_recipient_kind")
    unknown = ~pl.col("_several") & kind.is_in(["unknown", "empty", "aggregate"])
    why = (
        pl.when(kind == "empty")
        .then(pl.lit("the recipient is missing"))
        .otherwise(pl.coalesce(pl.col("_recipient_note"), pl.lit("not a country")))
    )
    log.bad(df, unknown, column="recipient_condensed", value=name, reason=why)
    n = df.filter(pl.col("_several")).height
    if n:
        log.notes.append(f"{n} regional or multi-country projects kept with recipient null")
    return df


_DIPLOMACY_EXPECT = (
    "AidData's ChinesePublicDiplomacy.csv (receiving_country, year, confucius_institutes, "
    "government_visits, …)"
)


def read_aiddata_diplomacy(
    path: str | Path, *, errors: Errors = "raise", report: bool = False
) -> Result:
    """Read AidData's China Public Diplomacy country-year file (dashboard v2.0).

    Parameters
    ----------
    path : str or Path
        ``ChinesePublicDiplomacy.csv``: ``receiving_country, year`` and one column per
        indicator (``confucius_institutes, sister_cities_established,
        government_visits, military_visits, total_elite_visits, ambassador_op_eds,
        journalist_visits, media_partnerships, outbound_chinese_students,
        inbound_students_to_china``).
    errors : {"raise", "skip"}, default "raise"
        What to do with malformed rows.
    report : bool, default False
        Return ``(table, ReadReport)``.

    Returns
    -------
    polars.DataFrame
        ``iso3, year`` and the indicator columns as numbers (``N/A`` → null), ``source``.

    References
    ----------
    Custer, S. et al. (2018). Ties That Bind: Quantifying China's public diplomacy and its
    "good neighbor" effect. AidData at William & Mary.
    """
    path = rd.existing(path)
    log = Log(path, errors, layout="aiddata-public-diplomacy")
    df = rd.read_text_table(path, expect=_DIPLOMACY_EXPECT)
    log.n_read = df.height
    country = next(
        (c for c in df.columns if rd.norm_col(c) in ("receivingcountry", "country")), None
    )
    missing = [
        n for n, c in (("receiving_country", country), ("year", "year" in df.columns)) if not c
    ]
    if missing:
        raise rd.missing_columns_error(
            path.name,
            "AidData public diplomacy",
            missing,
            [c for c in df.columns if c != "_line"],
            _DIPLOMACY_EXPECT,
        )
    values = [c for c in df.columns if c not in (country, "year", "_line")]
    df = rd.resolve_column(df, "iso3", name=country)
    rd.country_problems(log, df, "iso3", column=country, raw=country, role="country")
    log.drop("not a country", df.filter(pl.col("iso3_kind").is_in(["aggregate", "world"]))[country])
    df = df.filter(~pl.col("iso3_kind").is_in(["aggregate", "world"]))
    y = log.years(df, "year")
    nums = {}
    for c in values:
        nums[c], bad = rd.number(c, missing=("", "N/A", "NA", ".."))
        log.bad(df, bad, column=c, value=pl.col(c), reason=rd.not_number(c))
    df = log.settle(df)
    out = df.select(
        "iso3",
        y.alias("year"),
        *(
            pl.when(nums[c] == nums[c].round(0))
            .then(nums[c])
            .otherwise(None)
            .cast(pl.Int64)
            .alias(c)
            if _all_whole(df, nums[c])
            else nums[c].alias(c)
            for c in values
        ),
        pl.lit(f"AidData public diplomacy {path.name}").alias("source"),
    ).sort("iso3", "year")
    return rd.finish(
        out,
        log,
        function="accord.economy.read_aiddata_diplomacy",
        dataset="aiddata-public-diplomacy",
        version="2.0",
        parameters={"errors": errors},
        report=report,
    )


def _all_whole(df: pl.DataFrame, expr: pl.Expr) -> bool:
    s = df.select(expr.alias("x"))["x"].drop_nulls()
    return bool(s.len() == 0 or (s == s.round(0)).all())
