"""Trade and migration indices on flows tables.

Trade measures take a flows table (:data:`accord.economy.flows.FLOW_SCHEMA`; pandas is
accepted and converted) and return a new polars DataFrame; the input is never changed.
Every row carries the denominators it was computed from and ``mirrored``, True when any
input row behind the number was a mirror figure (see :func:`~accord.economy.flows.fill_mirror`).
Results are small tables: their country and product columns are ``String`` (flows tables
keep them ``Categorical``).

The measures live in :mod:`~accord.economy.trade_indices` (:func:`totals`,
:func:`shares`, :func:`region_shares`, :func:`intensity`),
:mod:`~accord.economy.concentration` (:func:`hhi`), :mod:`~accord.economy.growth`
(:func:`growth`, :func:`cagr`), :mod:`~accord.economy.structure`
(:func:`export_similarity`, :func:`complementarity`) and :mod:`~accord.economy.people`
(:func:`remittance_dependence`, :func:`migrants_share`); this module gathers them. The
trade measures share one integer encoding of each flows table
(:func:`accord.economy.encode.encode`), made once per table, so calling several of them on
the same table reads it once.

Which rows are used
-------------------
**All-products totals.** Partner-level measures (:func:`shares` of partners,
:func:`intensity`, :func:`hhi` over partners, :func:`growth` after :func:`totals`) work on
one value per reporter, partner, year and flow: the row with a null ``product`` where the
table has one, otherwise the sum of its product rows.

**The world.** ``partner == "WLD"`` rows are a reporter's trade with the whole world. A
share of a reporter's trade uses the WLD row as denominator where there is one, so that a
few partners' shares are shares of *total* trade; otherwise the sum of the rows present —
the ``denominator`` column says which. Where a function asks for a product structure of
"total" exports or imports (``partner="WLD"``), it uses WLD product rows where the reporter
has them and sums its partner rows where it does not.

Product-level measures (:func:`shares` of products, :func:`hhi` over products,
:func:`export_similarity`, :func:`complementarity`) use rows with a product code.

Examples
--------
>>> import polars as pl
>>> from accord.economy import indices
>>> flows = pl.DataFrame({
...     "reporter": ["KAZ", "KAZ", "KAZ"], "partner": ["CHN", "RUS", "WLD"],
...     "year": [2019, 2019, 2019], "flow": ["export"] * 3,
...     "value_usd": [10.0, 30.0, 50.0]})
>>> indices.shares(flows).select("partner", "share", "denominator").rows()
[('CHN', 0.2, 'world total'), ('RUS', 0.6, 'world total')]
"""

from __future__ import annotations

import inspect

from accord.economy._indexing import REFERENCES, Flow, Normalization  # noqa: F401
from accord.economy.concentration import hhi
from accord.economy.growth import cagr, growth
from accord.economy.people import migrants_share, remittance_dependence
from accord.economy.structure import complementarity, export_similarity
from accord.economy.trade_indices import intensity, region_shares, shares, totals

__all__ = [
    "totals",
    "shares",
    "region_shares",
    "growth",
    "cagr",
    "hhi",
    "export_similarity",
    "complementarity",
    "intensity",
    "remittance_dependence",
    "migrants_share",
    "REFERENCES",
]

#: The examples of the gathered functions run with ``doctest.testmod`` on this module.
__test__ = {name: globals()[name] for name in __all__ if inspect.isfunction(globals()[name])}
