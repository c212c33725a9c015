"""Remittances and migrants relative to the economy and population that receive them:
remittance dependence (% of GDP) and migrants as a share of the destination's population."""

from __future__ import annotations

from typing import Any, Literal

import polars as pl

from accord import countries as _countries
from accord.economy import _indexing as ix
from accord.economy import kernels
from accord.economy.flows import WORLD
from accord.errors import InputError

__all__ = ["remittance_dependence", "migrants_share"]


def _long(df: Any, columns: list[str], where: str) -> pl.DataFrame:
    if not isinstance(df, pl.DataFrame):
        try:
            df = pl.from_pandas(df)
        except Exception as exc:  # noqa: BLE001 - anything not a table
            raise InputError(
                f"{where}: expected a polars or pandas DataFrame, got {type(df).__name__}."
            ) from exc
    missing = [c for c in columns if c not in df.columns]
    if missing:
        raise InputError(
            f"{where}: missing column(s) {', '.join(missing)}; expected {', '.join(columns)} "
            f"(got {', '.join(df.columns)}). Rename the columns, e.g. df.rename({{...}})."
        )
    try:
        out = df.select(
            *[pl.col(c).cast(pl.String) for c in columns[:-2]],
            pl.col("year").cast(pl.Int64),
            pl.col("value").cast(pl.Float64),
        )
    except pl.exceptions.PolarsError as exc:
        raise InputError(
            f"{where}: 'year' must be whole numbers and 'value' numbers ({exc})."
        ) from None
    bad = out.filter(pl.col("value") < 0)
    if bad.height:
        raise InputError(
            f"{where}: {bad.height} negative value(s), e.g. {bad.row(0)}; fix or drop them."
        )
    dup = out.group_by(columns[:-1]).len().filter(pl.col("len") > 1)
    if dup.height:
        raise InputError(
            f"{where}: {dup.height} key(s) appear more than once, e.g. {dup.row(0)[:-1]}; one row "
            f"per {', '.join(columns[:-1])} is expected."
        )
    return out


def _iso3(df: pl.DataFrame, column: str, where: str, unknown: str) -> pl.DataFrame:
    """Resolve a country column (ISO3, names, ISO2 …) to ISO3; world totals become 'WLD'."""
    if unknown not in ("raise", "drop"):
        raise InputError(
            f"unknown='{unknown}' is not a rule; use unknown='raise' or unknown='drop'."
        )
    mapping: dict[str, str | None] = {}
    bad: list[str] = []
    for v in df.get_column(column).drop_nulls().unique().to_list():
        if v.strip().upper() in (WORLD, "WORLD"):
            mapping[v] = WORLD
            continue
        try:
            mapping[v] = _countries.resolve(v)
        except InputError:
            mapping[v] = None
            bad.append(v)
    if bad and unknown == "raise":
        shown = ", ".join(repr(b) for b in sorted(bad)[:5]) + (" …" if len(bad) > 5 else "")
        raise InputError(
            f"{where}: {len(bad)} value(s) in column '{column}' are not countries: {shown}; "
            "fix them or pass unknown='drop' to leave those rows out."
        )
    out = df.with_columns(
        pl.col(column).replace_strict(mapping, default=None, return_dtype=pl.String)
    )
    return out.filter(pl.col(column).is_not_null())


def remittance_dependence(
    remittances: Any,
    gdp: Any,
    *,
    sender: Any = None,
    receiver: Any = None,
    years: Any = None,
    unknown: Literal["raise", "drop"] = "raise",
) -> pl.DataFrame:
    """Remittances received as a percentage of the receiving country's GDP.

    Parameters
    ----------
    remittances : polars.DataFrame or pandas.DataFrame
        Either ``iso3, year, value`` (remittances received, US$) or, for the bilateral
        form, ``sender, receiver, year, value`` (remittances from sender to receiver).
        Countries as codes or names, resolved with :func:`accord.countries.resolve`.
    gdp : polars.DataFrame or pandas.DataFrame
        ``iso3, year, value``: GDP in current US$ (WDI NY.GDP.MKTP.CD).
    sender, receiver : country, list or group, optional
        Bilateral form only: keep these senders / receivers.
    years : optional
    unknown : {"raise", "drop"}, default "raise"
        What to do with values that are not countries (aggregates such as "Other North").

    Returns
    -------
    polars.DataFrame
        ``iso3, year, remittances_usd, gdp_usd, pct_gdp`` or ``sender, receiver, year,
        remittances_usd, gdp_usd, pct_gdp``. A year without GDP keeps its row with null
        ``gdp_usd`` and ``pct_gdp``.

    Notes
    -----
    ``pct_gdp = 100 · R_it / GDP_it`` with ``R_it`` the remittances ``i`` receives in year
    ``t`` (all senders, or one sender in the bilateral form) — WDI's
    BX.TRF.PWKR.DT.GD.ZS is ``BX.TRF.PWKR.CD.DT / NY.GDP.MKTP.CD × 100``. Both inputs must
    be in the same currency and prices (current US$).

    References
    ----------
    World Bank, World Development Indicators: "Personal remittances, received (% of GDP)".
    World Bank/KNOMAD (2022), Bilateral Remittance Matrix 2021.

    Examples
    --------
    >>> import polars as pl
    >>> rem = pl.DataFrame({"iso3": ["KGZ"], "year": [2021], "value": [3.0e9]})
    >>> gdp = pl.DataFrame({"iso3": ["KGZ"], "year": [2021], "value": [9.0e9]})
    >>> round(remittance_dependence(rem, gdp)["pct_gdp"][0], 2)
    33.33
    """
    cols = getattr(remittances, "columns", [])
    bilateral = "sender" in cols and "receiver" in cols
    keys = ["sender", "receiver"] if bilateral else ["iso3"]
    rem = _long(remittances, [*keys, "year", "value"], "remittances")
    g = _long(gdp, ["iso3", "year", "value"], "gdp")
    for k in keys:
        rem = _iso3(rem, k, "remittances", unknown)
    g = _iso3(g, "iso3", "gdp", unknown)
    yf = ix.year_filter(years)
    if yf is not None:
        rem = rem.filter(yf)
    if not bilateral and (sender is not None or receiver is not None):
        raise InputError(
            "remittance_dependence: sender=/receiver= need a bilateral table with columns "
            "sender, receiver, year, value."
        )
    for arg, col in ((sender, "sender"), (receiver, "receiver")):
        codes = ix.codes(arg, col)
        if codes:
            rem = rem.filter(pl.col(col).is_in(codes))
    target = "receiver" if bilateral else "iso3"
    out = rem.rename({"value": "remittances_usd"}).join(
        g.rename({"iso3": target, "value": "gdp_usd"}), on=[target, "year"], how="left"
    )
    out = out.with_columns(
        ix.series(
            "pct_gdp", kernels.percent(out["remittances_usd"].to_numpy(), out["gdp_usd"].to_numpy())
        )
    )
    out = ix.nonempty(out.sort([*keys, "year"]), "remittance_dependence", "remittance rows")
    if out["pct_gdp"].null_count() == out.height:
        raise InputError(
            "remittance_dependence: no remittance row has a GDP for the same country and year; "
            "check that both tables use the same years and country codes."
        )
    params = {"bilateral": bilateral, "sender": sender, "receiver": receiver, "years": years}
    return ix.done(
        out.select(*keys, "year", "remittances_usd", "gdp_usd", "pct_gdp"),
        "remittance_dependence",
        params,
        inputs=(remittances, gdp),
    )


def migrants_share(
    migrants: Any,
    population: Any,
    *,
    origin: Any = None,
    destination: Any = None,
    years: Any = None,
    unknown: Literal["raise", "drop"] = "raise",
) -> pl.DataFrame:
    """Migrants from an origin (or several) as a percentage of the destination's population.

    Parameters
    ----------
    migrants : polars.DataFrame or pandas.DataFrame
        ``origin, destination, year, value``: migrant stock (people born in ``origin``
        living in ``destination``), e.g. UN DESA or World Bank/KNOMAD bilateral estimates.
    population : polars.DataFrame or pandas.DataFrame
        ``iso3, year, value``: population (WDI SP.POP.TOTL).
    origin : country, list or group, optional
        A country: that origin. A list or group (``"central-asia"``): the origins summed
        into one row labelled with the group id (or ``A+B+C``). Default: every origin.
    destination : country, list or group, optional
    years : optional
    unknown : {"raise", "drop"}, default "raise"
        What to do with values that are not countries.

    Returns
    -------
    polars.DataFrame
        ``origin, destination, year, migrants, population, pct_population, n_origins``.

    Notes
    -----
    ``pct_population = 100 · Σ_{o∈O} M_od / P_d``: migrants from the origins ``O`` living
    in destination ``d`` over ``d``'s total population in the same year; ``n_origins`` is
    the number of origins with a figure. Null when ``d`` has no population that year.

    References
    ----------
    United Nations DESA, Population Division. International Migrant Stock.
    World Bank, World Development Indicators: "Population, total" (SP.POP.TOTL).

    Examples
    --------
    >>> import polars as pl
    >>> mig = pl.DataFrame({"origin": ["KAZ", "KGZ"], "destination": ["RUS", "RUS"],
    ...     "year": [2021, 2021], "value": [2.0e6, 1.0e6]})
    >>> pop = pl.DataFrame({"iso3": ["RUS"], "year": [2021], "value": [150.0e6]})
    >>> migrants_share(mig, pop, origin=["KAZ", "KGZ"])["pct_population"].to_list()
    [2.0]
    """
    mig = _long(migrants, ["origin", "destination", "year", "value"], "migrants")
    pop = _long(population, ["iso3", "year", "value"], "population")
    for k in ("origin", "destination"):
        mig = _iso3(mig, k, "migrants", unknown)
    pop = _iso3(pop, "iso3", "population", unknown)
    yf = ix.year_filter(years)
    if yf is not None:
        mig = mig.filter(yf)
    origins = ix.codes(origin, "origin")
    dests = ix.codes(destination, "destination")
    if dests:
        mig = mig.filter(pl.col("destination").is_in(dests))
    if origins:
        mig = mig.filter(pl.col("origin").is_in(origins))
        ix.require(
            mig, "origin", origins if len(origins) == 1 else None, "migrant", "migrants_share"
        )
        if len(origins) > 1:
            mig = (
                mig.group_by("destination", "year")
                .agg(pl.col("value").sum(), pl.len().alias("n_origins"))
                .with_columns(pl.lit(ix.label(origin, origins)).alias("origin"))
            )
    if "n_origins" not in mig.columns:
        mig = mig.with_columns(pl.lit(1).alias("n_origins"))
    out = mig.rename({"value": "migrants"}).join(
        pop.rename({"iso3": "destination", "value": "population"}),
        on=["destination", "year"],
        how="left",
    )
    out = out.with_columns(
        ix.series(
            "pct_population",
            kernels.percent(out["migrants"].to_numpy(), out["population"].to_numpy()),
        ),
        pl.col("n_origins").cast(pl.Int64),
    )
    cols = [
        "origin",
        "destination",
        "year",
        "migrants",
        "population",
        "pct_population",
        "n_origins",
    ]
    out = ix.nonempty(
        out.select(cols).sort("origin", "destination", "year"), "migrants_share", "migrant rows"
    )
    params = {"origin": origins, "destination": dests, "years": years}
    return ix.done(out, "migrants_share", params, inputs=(migrants, population))
