"""The embedded table of economic figures: trade, remittances, migration, finance.

One long table, one row per figure, each with its source. Built by
``tools/build_economy.py`` from the public datasets listed in the registry entry
``economy-figures`` (``accord data info economy-figures``).

Columns: ``indicator``, ``iso3`` (the country the figure is about), ``partner`` (the
counterpart, or null), ``year``, ``flow`` (for trade: "export" / "import" seen from
``iso3``; null otherwise), ``value``, ``unit``, ``source`` (dataset), ``mirrored`` (trade
reported by the partner, see :func:`accord.economy.flows.fill_mirror`).

Indicators (``INDICATORS``):

=============================  =======================================================
``trade``                      iso3's exports to / imports from partner (US$; partner
                               WLD = total); WITS trade summary: a partner appears only
                               in years when it was among iso3's top-5 partners
``population``                 persons (WDI SP.POP.TOTL)
``gdp``                        current US$ (WDI NY.GDP.MKTP.CD)
``remittances_pct_gdp``        personal remittances received, % of GDP (WDI)
``remittances_received``       personal remittances received, current US$ (WDI, 2021)
``fdi_inflows``                FDI net inflows, current US$ (WDI, 2021)
``remittances_bilateral``      remittances received by iso3 from partner, US$ (KNOMAD
                               2021 estimates); partner WLD = total received
``migrant_stock``              migrants born in partner living in iso3 (KNOMAD 2021)
``migrant_stock_un``           the same from UN DESA 2017 (1990–2017)
``china_finance``              Chinese official finance committed to iso3, current US$
                               (AidData GCOF v1.0, sum of projects, 2000–2014)
``china_finance_projects``     number of those projects
``china_elite_visits``         Chinese government and military visits (AidData public
                               diplomacy, 2000–2018)
=============================  =======================================================
"""

from __future__ import annotations

import functools
from typing import Any

import polars as pl

from accord.errors import InputError
from accord.provenance import SourceRef

__all__ = ["DATASET_ID", "INDICATORS", "load", "select", "source"]

DATASET_ID = "economy-figures"
FILE = "economy_figures.parquet"

INDICATORS = (
    "trade",
    "population",
    "gdp",
    "remittances_pct_gdp",
    "remittances_received",
    "fdi_inflows",
    "remittances_bilateral",
    "migrant_stock",
    "migrant_stock_un",
    "china_finance",
    "china_finance_projects",
    "china_elite_visits",
)


@functools.lru_cache(maxsize=1)
def _load() -> pl.DataFrame:
    from accord import data

    return pl.read_parquet(data.path(DATASET_ID, FILE))


def load() -> pl.DataFrame:
    """The embedded figures table (a polars DataFrame; see the module docstring)."""
    return _load()


def source() -> SourceRef:
    """The dataset reference to put in the provenance of results built on the figures."""
    from accord import data

    return data.source(DATASET_ID)


def select(
    indicator: str,
    *,
    iso3: Any = None,
    partner: Any = None,
    year: Any = None,
    flow: str | None = None,
    figures: pl.DataFrame | None = None,
) -> pl.DataFrame:
    """Rows of one indicator, filtered by country, partner, year and flow.

    ``iso3`` and ``partner`` accept one code or a list; ``year`` a year, a list or a
    (first, last) tuple.
    """
    if indicator not in INDICATORS:
        import difflib

        close = difflib.get_close_matches(indicator, INDICATORS, n=1)
        hint = f" Did you mean '{close[0]}'?" if close else ""
        raise InputError(
            f"unknown indicator '{indicator}'.{hint} Choose from {', '.join(INDICATORS)}."
        )
    df = (load() if figures is None else figures).filter(pl.col("indicator") == indicator)
    for col, val in (("iso3", iso3), ("partner", partner)):
        if val is not None:
            vals = [val] if isinstance(val, str) else list(val)
            df = df.filter(pl.col(col).is_in(vals))
    if year is not None:
        if isinstance(year, tuple):
            df = df.filter(pl.col("year").is_between(year[0], year[1]))
        else:
            years = [year] if isinstance(year, int) else list(year)
            df = df.filter(pl.col("year").is_in(years))
    if flow is not None:
        df = df.filter(pl.col("flow") == flow)
    return df
