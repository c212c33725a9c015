"""Readers for bilateral remittances and migrant stocks (World Bank/KNOMAD, UN DESA).

All three return long tables ``origin, destination, year, <value>, source`` with ISO3
codes; world totals (``WORLD``, ``World``, a ``Total`` column) become ``"WLD"``;
regions and residual groups ("Other North", "Sub-Saharan Africa") are dropped and
counted in the report. Bad input follows :mod:`accord.economy._reading`.

Direction: for **remittances** money goes from ``origin`` (the sending country, where the
migrant works) to ``destination`` (the receiving country, the migrant's home). For
**migrants**, ``origin`` is the country of birth or citizenship and ``destination`` the
host country. Remittances to Uzbekistan from Russia are therefore ``origin="RUS",
destination="UZB"``, and Uzbek migrants in Russia ``origin="UZB", destination="RUS"``.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Literal

import polars as pl

from accord.economy import _reading as rd
from accord.economy._reading import Errors, Log, ReadReport
from accord.errors import InputError

__all__ = ["read_knomad_remittances", "read_knomad_migrants", "read_un_migrant_stock"]

Result = pl.DataFrame | tuple[pl.DataFrame, ReadReport]
_MISSING = ("", "..", "…", "...")


def read_knomad_remittances(
    path: str | Path,
    *,
    year: int | None = None,
    sheet: str | None = None,
    errors: Errors = "raise",
    report: bool = False,
) -> Result:
    """Read the World Bank/KNOMAD Bilateral Remittance Matrix (xlsx or a long CSV).

    Parameters
    ----------
    path : str or Path
        The matrix ``bilateral_remittance_matrix_2021.xlsx`` (sheet ``FINAL BRM 2021``:
        rows = sending countries, columns = receiving countries, US$ millions, footnotes
        below; needs openpyxl: ``pip install "accord[excel]"``) or a long CSV
        ``sending_country, receiving_country, usd_millions_2021``.
    year : int, optional
        The year of the estimates; by default read from the title ("… for 2021 …") or
        the value column name (``usd_millions_2021``).
    sheet : str, optional
        Worksheet name (default: the one whose name contains "BRM", else the first).
    errors : {"raise", "skip"}, default "raise"
        What to do with malformed rows and cells.
    report : bool, default False
        Return ``(table, ReadReport)``.

    Returns
    -------
    polars.DataFrame
        ``origin`` (sending), ``destination`` (receiving), ``year``, ``value_usd`` (US$,
        i.e. the matrix's millions × 10⁶), ``source``. Empty cells are left out; zeros
        (corridors assumed closed) are kept.

    References
    ----------
    World Bank/KNOMAD (2022). Bilateral Remittance Estimates for 2021 using Migrant
    Stocks, Host Country Incomes, and Origin Country Incomes (December 2022 version).
    Ratha, D. and Shaw, W. (2007). South-South Migration and Remittances. World Bank.
    """
    return _knomad(path, "remittances", year=year, sheet=sheet, errors=errors, report=report)


def read_knomad_migrants(
    path: str | Path,
    *,
    year: int | None = None,
    sheet: str | None = None,
    errors: Errors = "raise",
    report: bool = False,
) -> Result:
    """Read the World Bank/KNOMAD Bilateral Migration Matrix (xlsx or a long CSV).

    Parameters
    ----------
    path : str or Path
        The matrix ``bilateral_migration_matrix_2021_latest.xlsx`` (sheet ``BRM 2021``:
        rows = origin (source) countries, columns = destination countries, persons;
        needs openpyxl) or a long CSV ``origin_country, destination_country,
        migrant_stock_2021``.
    year, sheet, errors, report
        As in :func:`read_knomad_remittances`.

    Returns
    -------
    polars.DataFrame
        ``origin, destination, year, migrants`` (persons, Int64), ``source``.

    References
    ----------
    World Bank/KNOMAD (2022). Bilateral Estimates of Migrant Stocks in 2021.
    """
    return _knomad(path, "migrants", year=year, sheet=sheet, errors=errors, report=report)


_LONG = {
    "remittances": ("sendingcountry", "receivingcountry", "usdmillions"),
    "migrants": ("origincountry", "destinationcountry", "migrantstock"),
}


def _knomad(
    path, what: Literal["remittances", "migrants"], *, year, sheet, errors, report
) -> Result:
    path = rd.existing(path)
    log = Log(path, errors)
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        cells, found_year = _knomad_matrix(log, path, what, sheet)
    else:
        cells, found_year = _knomad_long(log, path, what)
    year = year if year is not None else found_year
    if year is None:
        raise InputError(f"{path.name} does not say which year it covers; pass year=2021.")
    v, bad = rd.number("_value", missing=_MISSING)
    log.bad(
        cells,
        bad,
        column=pl.col("_col"),
        value=pl.col("_value"),
        reason=rd.not_number("_value"),
        scope="cell",
    )
    log.bad(
        cells,
        v < 0,
        column=pl.col("_col"),
        value=pl.col("_value"),
        reason=pl.format("negative value {}", pl.col("_value")),
        scope="cell",
    )
    cells = _pair_countries(log, cells.filter(v.is_not_null() | bad))
    cells = log.settle(cells)
    if what == "remittances":
        value = (v * 1e6).alias("value_usd")
        log.notes.append("values in US$ millions multiplied by 1,000,000")
    else:
        value = v.round(0).cast(pl.Int64).alias("migrants")
    out = cells.select(
        "origin",
        "destination",
        pl.lit(year, pl.Int16).alias("year"),
        value,
        pl.lit(f"World Bank/KNOMAD {path.name}").alias("source"),
    ).sort("origin", "destination")
    dup = out.filter(pl.struct("origin", "destination").is_duplicated())
    if dup.height:
        r = dup.row(0, named=True)
        raise InputError(
            f"{path.name}: {r['origin']}→{r['destination']} appears twice (two names for one "
            "country); fix the file."
        )
    return rd.finish(
        out,
        log,
        function=f"accord.economy.read_knomad_{what}",
        dataset=f"knomad-{what}",
        version=str(year),
        parameters={"year": year, "sheet": sheet, "errors": errors},
        report=report,
    )


def _knomad_matrix(log: Log, path: Path, what: str, sheet: str | None):
    """Matrix cells as ``_origin, _destination, _value, _line, _col`` (text)."""
    rows, chosen = rd.xlsx_rows(path, sheet, prefer="BRM")
    log.unit, log.layout = "row", f"knomad-{what}-matrix"
    header_at = next(
        (
            i
            for i, r in enumerate(rows)
            if sum(isinstance(c, str) and c.strip() != "" for c in r[1:]) >= 10
        ),
        None,
    )
    if header_at is None:
        raise InputError(
            f"{path.name} sheet '{chosen}' has no header row of country names; expected the "
            "KNOMAD matrix (countries down column A and across one row)."
        )
    title = " ".join(str(c) for r in rows[:header_at] for c in r if c is not None)
    found = re.search(r"\b(19|20)\d{2}\b", title) or re.search(r"(19|20)\d{2}", path.stem)
    header = rows[header_at]
    columns = [(j, str(h).strip()) for j, h in enumerate(header) if j > 0]
    recs: list[tuple] = []
    for i, row in enumerate(rows[header_at + 1 :], start=header_at + 2):
        label = (
            row[0].strip() if isinstance(row[0], str) else (None if row[0] is None else str(row[0]))
        )
        cells = [(j, h, row[j]) for j, h in columns if j < len(row) and _has(row[j])]
        if not cells:
            continue  # blank line, or a footnote in column A
        log.n_read += 1
        for j, h, value in cells:
            col = h if h and h != "None" else _letter(j)
            recs.append(
                (label or None, h if h and h != "None" else None, rd.cell_text(value), i, col)
            )
    schema = ["_origin", "_destination", "_value", "_line", "_col"]
    cells = pl.DataFrame(
        recs, schema=dict.fromkeys(schema, pl.String) | {"_line": pl.Int64}, orient="row"
    )
    return cells, int(found.group(0)) if found else None


def _has(value) -> bool:
    return value is not None and not (isinstance(value, str) and value.strip() in _MISSING)


def _letter(j: int) -> str:
    out = ""
    j += 1
    while j:
        j, r = divmod(j - 1, 26)
        out = chr(65 + r) + out
    return out


def _knomad_long(log: Log, path: Path, what: str):
    expect = {
        "remittances": "sending_country, receiving_country, usd_millions_2021",
        "migrants": "origin_country, destination_country, migrant_stock_2021",
    }[what]
    df = rd.read_text_table(path, expect=f"a KNOMAD long file ({expect})")
    log.n_read, log.layout = df.height, f"knomad-{what}-long"
    o, d, v = _LONG[what]
    cols = {rd.norm_col(c): c for c in df.columns if c != "_line"}
    value = next((c for k, c in cols.items() if k.startswith(v)), None)
    pick = {"origin": cols.get(o), "destination": cols.get(d), "value": value}
    missing = [n for n, c in zip(expect.split(", "), pick.values(), strict=True) if c is None]
    if missing:
        raise rd.missing_columns_error(
            path.name, f"KNOMAD {what}", missing, list(cols.values()), expect
        )
    found = re.search(r"(19|20)\d{2}", value)
    cells = df.select(
        pl.col(pick["origin"]).alias("_origin"),
        pl.col(pick["destination"]).alias("_destination"),
        pl.col(value).alias("_value"),
        "_line",
        pl.lit(value).alias("_col"),
        pl.lit(pick["origin"]).alias("_ocol"),
        pl.lit(pick["destination"]).alias("_dcol"),
    )
    empty = pl.col("_value").is_null() | (pl.col("_value").str.strip_chars() == "")
    log.bad(cells, empty, column=value, value=pl.lit(""), reason="the value is missing")
    return cells, int(found.group(0)) if found else None


def _pair_countries(log: Log, cells: pl.DataFrame) -> pl.DataFrame:
    """Resolve ``_origin``/``_destination``; drop aggregates (counted); record unknowns."""
    ocol = pl.col("_ocol") if "_ocol" in cells.columns else pl.lit("A")
    dcol = pl.col("_dcol") if "_dcol" in cells.columns else pl.col("_col")
    cells = rd.resolve_column(cells, "origin", name="_origin")
    cells = rd.resolve_column(cells, "destination", name="_destination")
    for side, col in (("origin", ocol), ("destination", dcol)):
        kind = pl.col(f"{side}_kind")
        log.bad(
            cells,
            kind == "unknown",
            column=col,
            value=pl.col(f"_{side}"),
            reason=pl.col(f"{side}_note"),
        )
        log.bad(
            cells,
            kind == "empty",
            column=col,
            value=pl.lit(""),
            reason=f"the {side} country is missing",
        )
        log.drop(f"{side} is not a country", cells.filter(kind == "aggregate")[f"_{side}"])
    keep = (pl.col("origin_kind") != "aggregate") & (pl.col("destination_kind") != "aggregate")
    return cells.filter(keep)


# ---------------------------------------------------------------------------- UN DESA

_UN_EXPECT = (
    "the UN DESA migrant stock by origin and destination table in wide form: Year, "
    "MajorArea (destination), Total, then one column per origin country"
)


def read_un_migrant_stock(
    path: str | Path, *, errors: Errors = "raise", report: bool = False
) -> Result:
    """Read UN DESA International Migrant Stock 2017 (origin × destination), wide CSV.

    Parameters
    ----------
    path : str or Path
        ``UN_MigrantStockByOriginAndDestination_2017_wide.csv``: ``Year`` (1990, 1995, …,
        2017), ``MajorArea`` (destination: countries, regions and groups), ``Total`` (all
        origins), then one column per origin country (``Other North``, ``Other South``
        and countries).
    errors : {"raise", "skip"}, default "raise"
        What to do with malformed rows and cells.
    report : bool, default False
        Return ``(table, ReadReport)``.

    Returns
    -------
    polars.DataFrame
        ``origin, destination, year, migrants`` (persons, Int64), ``source``. The
        ``Total`` column is ``origin = "WLD"`` and the ``WORLD`` row ``destination =
        "WLD"``. Empty and zero cells are left out (the table does not tell "no
        migrants" from "no estimate"); region rows and the ``Other North`` / ``Other
        South`` columns are dropped and counted.

    Notes
    -----
    "Micronesia" names both a UN region and the Federated States; in each year the row
    with the larger total is the region and is dropped. Rows with neither a year nor a
    destination (notes below the table) are dropped and counted.

    References
    ----------
    United Nations, Department of Economic and Social Affairs, Population Division
    (2017). Trends in International Migrant Stock: Migrants by Destination and Origin
    (UN/POP/MIG/Rev.2017).
    """
    path = rd.existing(path)
    log = Log(path, errors, layout="undesa-migrant-stock-wide")
    df = rd.read_text_table(path, expect=_UN_EXPECT)
    log.n_read = df.height
    cols = {rd.norm_col(c): c for c in df.columns if c != "_line"}
    year_c, dest_c = cols.get("year"), cols.get("majorarea") or cols.get("destination")
    missing = [n for n, c in (("Year", year_c), ("MajorArea", dest_c)) if c is None]
    if missing:
        raise rd.missing_columns_error(
            path.name, "UN DESA migrant stock", missing, list(cols.values()), _UN_EXPECT
        )
    origins = [c for c in df.columns if c not in (year_c, dest_c, "_line")]
    y, y_missing, y_bad = rd.year(year_c)
    dest = pl.col(dest_c).str.strip_chars()
    nothing = y_missing & (dest.is_null() | (dest == ""))
    log.drop("note or blank row below the table", n=df.filter(nothing).height)
    df = df.filter(~nothing)
    values = [rd.number(c, missing=_MISSING) for c in origins]
    empty_row = pl.all_horizontal([(v.is_null() & ~bad) | (v == 0) for v, bad in values])
    blank = (dest.is_null() | (dest == "")) & empty_row
    log.drop("row without destination and without values", n=df.filter(blank).height)
    df = df.filter(~blank)
    log.bad(df, y_missing, column=year_c, value=pl.lit(""), reason="the year is missing")
    log.bad(
        df,
        y_bad,
        column=year_c,
        value=pl.col(year_c),
        reason=pl.format("'{}' is not a year", pl.col(year_c)),
    )
    df = df.with_columns(y.alias("_year"), dest.alias("_destination"))
    df = _un_regions(log, df)
    long = df.unpivot(
        index=["_line", "_year", "_destination"],
        on=origins,
        variable_name="_col",
        value_name="_value",
    )
    v, bad = rd.number("_value", missing=_MISSING)
    log.bad(
        long,
        bad,
        column=pl.col("_col"),
        value=pl.col("_value"),
        reason=rd.not_number("_value"),
        scope="cell",
    )
    long = long.filter(bad | (v.is_not_null() & (v != 0)))
    long = long.with_columns(
        pl.when(pl.col("_col").str.strip_chars().str.to_lowercase() == "total")
        .then(pl.lit("World"))
        .otherwise(pl.col("_col"))
        .alias("_origin"),
        pl.lit(dest_c).alias("_dcol"),
        pl.col("_col").alias("_ocol"),
    )
    long = _pair_countries(log, long)
    long = log.settle(long)
    out = long.select(
        "origin",
        "destination",
        pl.col("_year").alias("year"),
        v.round(0).cast(pl.Int64).alias("migrants"),
        pl.lit(f"UN DESA {path.name}").alias("source"),
    ).sort("year", "destination", "origin")
    dup = out.filter(pl.struct("origin", "destination", "year").is_duplicated())
    if dup.height:
        r = dup.row(0, named=True)
        raise InputError(
            f"{path.name}: {r['origin']}→{r['destination']} {r['year']} appears twice (two "
            "names for one country); fix the file."
        )
    return rd.finish(
        out,
        log,
        function="accord.economy.read_un_migrant_stock",
        dataset="undesa-migrant-stock",
        version="2017",
        parameters={"errors": errors},
        report=report,
    )


def _un_regions(log: Log, df: pl.DataFrame) -> pl.DataFrame:
    """Drop a destination row that repeats a name within a year and has the larger total."""
    total = next((c for c in df.columns if rd.norm_col(c) == "total"), None)
    if total is None:
        return df
    t = rd.number(total, missing=_MISSING)[0]
    df = df.with_columns(t.alias("_total"))
    repeated = pl.len().over("_year", "_destination") > 1
    larger = pl.col("_total") == pl.col("_total").max().over("_year", "_destination")
    region = repeated & larger
    log.drop("destination is a region of the same name", df.filter(region)["_destination"])
    return df.filter(~region).drop("_total")
