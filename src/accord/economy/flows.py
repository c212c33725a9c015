"""The one long schema of bilateral flows, its validation and mirror filling.

Every trade reader in :mod:`accord.economy.readers_trade` returns a polars DataFrame with these
columns, one row per reporter x partner x year x flow (x product):

=================  ========  ==========================================================
column             dtype     meaning
=================  ========  ==========================================================
``reporter``       String    ISO3 of the reporting state
``partner``        String    ISO3 of the partner; ``"WLD"`` for the world total
``year``           Int16     calendar year
``flow``           String    ``"export"`` or ``"import"`` (from the reporter's side)
``value_usd``      Float64   value in US dollars (not thousands, not millions)
``product``        String    product code (e.g. HS6 ``"010121"``); null for all products
``classification`` String    product classification (``"HS92"``, ``"HS6"``, ``"SITC3"``); null
                             for all products
``source``         String    dataset or file the row comes from
``mirrored``       Boolean   ``True`` when the row is the partner's report seen from the
                             other side (see :func:`fill_mirror`)
=================  ========  ==========================================================
"""

from __future__ import annotations

from collections.abc import Iterable

import polars as pl

from accord.errors import InputError

__all__ = ["FLOW_SCHEMA", "FLOWS", "WORLD", "empty_flows", "validate_flows", "fill_mirror"]

WORLD = "WLD"
FLOWS = ("export", "import")

FLOW_SCHEMA: dict[str, pl.DataType] = {
    "reporter": pl.String(),
    "partner": pl.String(),
    "year": pl.Int16(),
    "flow": pl.String(),
    "value_usd": pl.Float64(),
    "product": pl.String(),
    "classification": pl.String(),
    "source": pl.String(),
    "mirrored": pl.Boolean(),
}


def empty_flows() -> pl.DataFrame:
    """A flows table with no rows."""
    return pl.DataFrame(schema=FLOW_SCHEMA)


def validate_flows(df: pl.DataFrame, *, where: str = "flows") -> pl.DataFrame:
    """Check a table against :data:`FLOW_SCHEMA`; return it with the schema's dtypes and order.

    Missing optional columns (``product``, ``classification``, ``source``, ``mirrored``)
    are added as nulls / ``False``. Raises :class:`~accord.errors.InputError` naming the
    first problem: a missing column, a flow that is not "export" or "import", a negative
    or missing value.
    """
    if not isinstance(df, pl.DataFrame):
        try:
            df = pl.from_pandas(df)
        except Exception as exc:  # noqa: BLE001 - anything not a table
            raise InputError(
                f"{where}: expected a polars or pandas DataFrame, got {type(df).__name__}."
            ) from exc
    required = ("reporter", "partner", "year", "flow", "value_usd")
    missing = [c for c in required if c not in df.columns]
    if missing:
        raise InputError(
            f"{where}: missing column(s) {', '.join(missing)}; a flows table needs "
            f"{', '.join(required)} (see accord.economy.flows.FLOW_SCHEMA)."
        )
    defaults = {"product": None, "classification": None, "source": None, "mirrored": False}
    df = df.with_columns(
        pl.lit(v, dtype=FLOW_SCHEMA[c]).alias(c) for c, v in defaults.items() if c not in df.columns
    )
    try:
        df = df.select(pl.col(c).cast(t) for c, t in FLOW_SCHEMA.items())
    except pl.exceptions.PolarsError as exc:
        raise InputError(f"{where}: a column has the wrong type ({exc}).") from None
    bad_flow = df.filter(~pl.col("flow").is_in(FLOWS))
    if bad_flow.height:
        raise InputError(
            f"{where}: flow '{bad_flow['flow'][0]}' is neither 'export' nor 'import' "
            f"({bad_flow.height} row(s))."
        )
    bad_value = df.filter(pl.col("value_usd").is_null() | (pl.col("value_usd") < 0))
    if bad_value.height:
        r = bad_value.row(0, named=True)
        raise InputError(
            f"{where}: value_usd is missing or negative for {r['reporter']}→{r['partner']} "
            f"{r['year']} ({bad_value.height} row(s)); drop or fix those rows."
        )
    return df


def fill_mirror(flows: pl.DataFrame, *, reporters: Iterable[str] | None = None) -> pl.DataFrame:
    """Fill flows a reporter did not report with its partners' reports (mirror data).

    For each reporter ``r``, partner ``p``, year and product where ``r`` reports nothing in
    a direction, ``p``'s report of the opposite direction is used: ``r``'s imports from ``p``
    become ``p``'s exports to ``r`` and vice versa. Filled rows have ``mirrored=True``.
    World totals (``partner == "WLD"``) are never mirrored.

    Parameters
    ----------
    flows : polars.DataFrame
        A flows table (see :data:`FLOW_SCHEMA`).
    reporters : list of str, optional
        Only fill for these reporters (default: every state that appears as a partner).

    Notes
    -----
    Mirror values are not adjusted: imports are usually valued CIF and exports FOB, so a
    mirrored import is typically a few percent above the matching export (Gehlhar 1996).
    Rows are flagged so that reports can say which figures are mirrored.
    """
    flows = validate_flows(flows)
    keys = ["reporter", "partner", "year", "flow", "product"]
    bilateral = flows.filter(pl.col("partner") != WORLD)
    mirror = bilateral.filter(~pl.col("mirrored")).select(
        pl.col("partner").alias("reporter"),
        pl.col("reporter").alias("partner"),
        "year",
        pl.when(pl.col("flow") == "export")
        .then(pl.lit("import"))
        .otherwise(pl.lit("export"))
        .alias("flow"),
        "value_usd",
        "product",
        "classification",
        "source",
        pl.lit(True).alias("mirrored"),
    )
    if reporters is not None:
        mirror = mirror.filter(pl.col("reporter").is_in(list(reporters)))
    have = flows.select(keys).unique()
    fill = mirror.join(have, on=keys, how="anti", nulls_equal=True)
    return pl.concat([flows, fill.select(list(FLOW_SCHEMA))]).sort(keys, nulls_last=True)
