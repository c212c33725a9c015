"""The one long schema of bilateral flows, its validation and mirror filling.

Every trade reader in :mod:`accord.economy.readers_trade` returns a polars DataFrame with these
columns, one row per reporter x partner x year x flow (x product):

=================  ===========  =======================================================
column             dtype        meaning
=================  ===========  =======================================================
``reporter``       Categorical  ISO3 of the reporting state
``partner``        Categorical  ISO3 of the partner; ``"WLD"`` for the world total
``year``           Int16        calendar year
``flow``           String       ``"export"`` or ``"import"`` (from the reporter's side)
``value_usd``      Float64      value in US dollars (not thousands, not millions)
``product``        Categorical  product code (e.g. HS6 ``"010121"``); null for all products
``classification`` String       product classification (``"HS92"``, ``"HS6"``, ``"SITC3"``);
                                null for all products
``source``         String       dataset or file the row comes from
``mirrored``       Boolean      ``True`` when the row is the partner's report seen from the
                                other side (see :func:`fill_mirror`)
=================  ===========  =======================================================

The code columns are ``Categorical`` (polars' global categories): a BACI-sized table holds
a few hundred countries and a few thousand products ten million times, as 4-byte codes
rather than strings, and the indices group on the codes
(:mod:`accord.economy.encode`). Compare them with strings as usual
(``pl.col("reporter") == "KAZ"``); to join a flows table with a table of ``String`` codes,
cast one side (``.cast(pl.String)``). The results of :mod:`accord.economy.indices` are
small tables with ``String`` code columns.
"""

from __future__ import annotations

from collections.abc import Iterable

import polars as pl

from accord.errors import InputError

__all__ = ["FLOW_SCHEMA", "FLOWS", "WORLD", "empty_flows", "validate_flows", "fill_mirror"]
__all__ += ["concat_flows"]

WORLD = "WLD"
FLOWS = ("export", "import")

FLOW_SCHEMA: dict[str, pl.DataType] = {
    "reporter": pl.Categorical(),
    "partner": pl.Categorical(),
    "year": pl.Int16(),
    "flow": pl.String(),
    "value_usd": pl.Float64(),
    "product": pl.Categorical(),
    "classification": pl.String(),
    "source": pl.String(),
    "mirrored": pl.Boolean(),
}


def concat_flows(tables: Iterable[pl.DataFrame], *, where: str = "flows") -> pl.DataFrame:
    """Stack flows tables (one BACI or Comtrade file per year, say) into one, keeping the
    provenance of every part: the sources of all of them, each once.

    ``pl.concat`` gives a new table without provenance (it cannot know where the parts came
    from); this does the same stacking and names every file read, with its checksum.

    Raises
    ------
    InputError
        No table given, or a table that is not a flows table (the message names which).
    """
    from accord.provenance import Provenance, SourceRef, attach, provenance_of

    tables = list(tables)
    if not tables:
        raise InputError(f"{where}: no table to stack; pass the tables read, one per file.")
    provs = [provenance_of(t) for t in tables]  # before validation makes new objects
    for n, t in enumerate(tables):
        if not isinstance(t, pl.DataFrame) or t.schema != pl.Schema(FLOW_SCHEMA):
            tables[n] = validate_flows(t, where=f"{where} (table {n + 1})")
    out = pl.concat(tables, how="vertical")
    sources, functions, methods = [], [], []
    for prov in provs:
        if prov is None:
            continue
        sources += list(prov.sources)
        functions += [prov.function] if prov.function not in functions else []
        methods += [m for m in prov.methods if m not in methods]
    merged: dict[tuple[str, str], dict[str, str]] = {}  # one source per dataset version
    for src in sources:
        merged.setdefault((src.id, src.version), {}).update(src.sha256)
    return attach(
        out,
        Provenance(
            "accord.economy.concat_flows",
            tuple(SourceRef(i, v, files) for (i, v), files in merged.items()),
            {"parts": len(tables), "functions": functions},
            tuple(methods),
        ),
    )


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
    # Lazy: eager selects expand constant columns (a reader's pl.lit("export")) to one
    # value per row every time, seconds on a BACI-sized table; the lazy engine does not.
    lf = df.lazy().with_columns(
        pl.lit(v, dtype=FLOW_SCHEMA[c]).alias(c) for c, v in defaults.items() if c not in df.columns
    )
    try:
        df = lf.select(pl.col(c).cast(t) for c, t in FLOW_SCHEMA.items()).collect()
    except pl.exceptions.PolarsError as exc:
        raise InputError(f"{where}: a column has the wrong type ({exc}).") from None
    # Counts first (one pass, none for a constant column); rows only to name a problem.
    bad_flow = ~pl.col("flow").is_in(FLOWS) | pl.col("flow").is_null()
    bad_value = pl.col("value_usd").is_null() | (pl.col("value_usd") < 0)
    n_flow, n_value = df.lazy().select(bad_flow.sum(), bad_value.sum()).collect().row(0)
    if n_flow:
        flow = df.filter(bad_flow)["flow"][0]
        if flow is None:
            raise InputError(
                f"{where}: flow is missing on {n_flow} row(s); it must be 'export' or 'import'."
            )
        raise InputError(
            f"{where}: flow '{flow}' is neither 'export' nor 'import' ({n_flow} row(s))."
        )
    if n_value:
        r = df.filter(bad_value).row(0, named=True)
        raise InputError(
            f"{where}: value_usd is missing or negative for {r['reporter']}→{r['partner']} "
            f"{r['year']} ({n_value} row(s)); drop or fix those rows."
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
    reporters : str or list of str, optional
        Only fill for these reporters, as ISO3 codes (default: every state that appears as
        a partner).

    Returns
    -------
    polars.DataFrame
        A flows table (``reporter``, ``partner`` and ``product`` Categorical), sorted by
        reporter, partner, year, flow and product.

    Notes
    -----
    Mirror values are not adjusted: imports are usually valued CIF and exports FOB, so a
    mirrored import is typically a few percent above the matching export (Gehlhar 1996).
    Rows are flagged so that reports can say which figures are mirrored.
    """
    flows = validate_flows(flows)
    keys = ["reporter", "partner", "year", "flow", "product"]
    lf = flows.lazy()  # eager steps would expand constant columns row by row
    mirror = lf.filter((pl.col("partner") != WORLD) & ~pl.col("mirrored")).select(
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
        wanted = [reporters] if isinstance(reporters, str) else list(reporters)
        mirror = mirror.filter(pl.col("reporter").is_in(wanted))
    fill = mirror.join(lf.select(keys).unique(), on=keys, how="anti", nulls_equal=True)
    out = pl.concat([lf, fill.select(list(FLOW_SCHEMA))]).sort(keys, nulls_last=True)
    return out.collect()
