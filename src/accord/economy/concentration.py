"""Concentration of a reporter's trade across partners or products: the
Herfindahl-Hirschman index, plain and normalised.

Over products, the sums of squares it needs per reporter, partner, year and flow are
computed once per flows table on its integer encoding
(:meth:`accord.economy.encode.Encoded.pairs`), so that any selection is a filter on them.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Literal

import numpy as np
import polars as pl

from accord.economy import _indexing as ix
from accord.economy import kernels
from accord.economy.encode import Encoded, encode
from accord.economy.flows import WORLD
from accord.economy.grouping import Groups
from accord.economy.trade_indices import totals_frame
from accord.errors import InputError

__all__ = ["hhi"]

Flow = ix.Flow
Normalization = ix.Normalization

_GROUP = ["reporter", "year", "flow"]
_KEYS = ["reporter", "partner", "year", "flow"]
_V = pl.col("value_usd")
_M = pl.col("mirrored")


def hhi(
    flows: Any,
    *,
    over: Literal["partner", "product"] = "partner",
    flow: Flow = "export",
    normalized: Normalization | Iterable[Normalization] | None = None,
    n_universe: int | None = None,
    reporter: Any = None,
    partner: Any = None,
    years: Any = None,
) -> pl.DataFrame:
    """Herfindahl-Hirschman index of the concentration of a reporter's trade.

    Parameters
    ----------
    flows : polars.DataFrame or pandas.DataFrame
        A flows table.
    over : {"partner", "product"}, default "partner"
        ``"partner"``: concentration of the reporter's exports (imports) across partners,
        one row per reporter and year. ``"product"``: across products, one row per
        reporter, partner and year (``partner="WLD"`` for its total trade).
    flow : {"export", "import"}, default "export"
    normalized : {"wits", "unctad"} or a list of them, optional
        Add ``hhi_wits`` and/or ``hhi_unctad``, the index rescaled to [0, 1].
    n_universe : int, optional
        ``N`` of the normalised forms: the number of partners or products that *could*
        have trade (e.g. 261 SITC Rev. 3 groups as UNCTAD uses). Default: the number with
        a positive value in the group.
    reporter, partner : country, list or group, optional
    years : optional

    Returns
    -------
    polars.DataFrame
        ``reporter, [partner,] year, flow, hhi, [hhi_wits, hhi_unctad,] n_partners |
        n_products, total_usd, [coverage,] mirrored``. ``coverage`` (over partners) is the
        sum of partner rows over the WLD row where the reporter has one.

    Notes
    -----
    ``HHI = Σ_i s_i²`` with ``s_i = x_i / Σ_i x_i``, computed as ``Σ x² / (Σ x)²``
    (Hirschman 1945; Herfindahl 1950). It lies in [1/N, 1]: 1/N when N partners or
    products have equal shares, 1 when one has everything. The denominator is the sum of
    the rows present, never the WLD row, so that shares sum to 1; WLD rows are ignored
    over partners. Normalised forms, in [0, 1]:

    - ``wits``: ``(HHI − 1/N) / (1 − 1/N)``, the form WITS reports for its "HH market
      concentration index" and product concentration index (both near 0 for a
      diversified and 1 for a single-market / single-product exporter; WITS "returns no
      value" for a country exporting one product, so N = 1 gives null here).
    - ``unctad``: ``(√HHI − √(1/N)) / (1 − √(1/N))``, UNCTADstat's concentration index
      (a normalised Hirschmann index; UNCTAD takes N = 261 SITC Rev. 3 groups: pass
      ``n_universe=261`` for SITC data).

    References
    ----------
    Hirschman, A. O. (1945). *National Power and the Structure of Foreign Trade*.
    Herfindahl, O. C. (1950). *Concentration in the U.S. Steel Industry*. PhD thesis.
    WITS, Trade indicators, "Hirschman Herfindahl Index" (sum of squared shares),
    http://wits.worldbank.org/WITS/WITS/TradeIndicatorsHelp/TradeIndicators.htm ;
    WITS "HH Market concentration index", https://tcdata360.worldbank.org/indicators/hh.mkt ;
    UNCTAD Handbook of Statistics, "Product concentration index of exports",
    https://hbs.unctad.org/calculation-methods/

    Examples
    --------
    >>> import polars as pl
    >>> flows = pl.DataFrame({"reporter": ["TJK"] * 2, "partner": ["CHN", "RUS"],
    ...     "year": [2019] * 2, "flow": ["export"] * 2, "value_usd": [1.0, 3.0]})
    >>> r = hhi(flows, normalized="wits").row(0, named=True)
    >>> r["hhi"], r["hhi_wits"], r["n_partners"]
    (0.625, 0.25, 2)
    """
    norms = (
        []
        if normalized is None
        else ([normalized] if isinstance(normalized, str) else list(normalized))
    )
    for m in norms:
        if m not in kernels.NORMALIZATIONS:
            raise InputError(f"normalized='{m}' is not known; use 'wits', 'unctad' or None.")
    if n_universe is not None and n_universe < 1:
        raise InputError(f"n_universe={n_universe} must be a positive number of items.")
    enc = encode(flows)
    reporters = ix.codes(reporter, "reporter")
    partners = ix.codes(partner, "partner")
    sel = ix.Selection(enc, flow=flow, years=years, reporters=reporters)
    if over == "partner":
        t = totals_frame(enc, sel)
        ix.require(t, "reporter", reporters, flow, "hhi")
        rows = t.filter(pl.col("partner") != WORLD)
        if partners:
            rows = rows.filter(pl.col("partner").is_in(partners))
        agg = (
            rows.lazy()
            .group_by(_GROUP)
            .agg(
                (_V * _V).sum().alias("_sq"),
                _V.sum().alias("total_usd"),
                (_V > 0).sum().cast(pl.Int64).alias("n_partners"),
                _M.any().alias("mirrored"),
            )
            .collect()
        )
        keys, count = _GROUP, "n_partners"
        coverage = t.filter(pl.col("partner") == WORLD).select(*_GROUP, _V.alias("_w"))
    elif over == "product":
        agg = _product_sums(enc, sel, reporters, partners, flow)
        keys, count, coverage = _KEYS, "n_products", None
    else:
        raise InputError(f"over='{over}' is not a breakdown; use over='partner' or over='product'.")
    h = kernels.hhi_from_sums(agg["_sq"].to_numpy(), agg["total_usd"].to_numpy())
    n = agg[count].to_numpy() if n_universe is None else np.full(agg.height, n_universe)
    if n_universe is not None and agg.height and int(agg[count].max()) > n_universe:
        raise InputError(
            f"n_universe={n_universe} is smaller than the {int(agg[count].max())} items a group "
            "has; give the size of the whole classification or leave it out."
        )
    agg = agg.with_columns(
        ix.series("hhi", h),
        *[ix.series(f"hhi_{m}", kernels.normalize_hhi(h, n, m)) for m in norms],
    )
    cols = [*keys, "hhi", *[f"hhi_{m}" for m in norms], count, "total_usd"]
    if coverage is not None:
        agg = agg.join(coverage, on=_GROUP, how="left").with_columns(
            pl.when(pl.col("_w") > 0).then(pl.col("total_usd") / pl.col("_w")).alias("coverage")
        )
        cols.append("coverage")
    out = ix.nonempty(agg.select(*cols, "mirrored").sort(keys), "hhi", f"{flow} rows")
    params = {
        "over": over,
        "flow": flow,
        "normalized": norms or None,
        "n_universe": n_universe,
        "reporter": reporters,
        "partner": partners,
        "years": years,
    }
    return ix.done(out, "hhi", params, ("hirschman1945", "herfindahl1950"), (flows,))


def _product_sums(
    enc: Encoded,
    sel: ix.Selection,
    reporters: list[str] | None,
    partners: list[str] | None,
    flow: str,
) -> pl.DataFrame:
    """``reporter, partner, year, flow, _sq, total_usd, n_products, mirrored`` over products."""
    if partners == [WORLD]:
        rows = sel.rows()
        sel.require(reporters, sel.present("reporter", rows), flow, "hhi")
        a = ix.world_rows(enc, ix.product_rows(enc, rows, "hhi(over='product')"))
        key, size = ix.pair_key(enc, a)
        g = Groups(key, size)
        v = a["value"]
        r, p, y, f = enc.unravel(g.keys, "reporter", "partner", "year", "flow")
        sums = (g.sum(v * v), g.sum(v), g.sum(v > 0).astype(np.int64), g.any(a["mirrored"]))
    else:
        ps = enc.pairs()
        use = sel.ok(ps.reporter, ps.year, ps.flow)
        tr = ps.total_rows
        t_use = sel.ok(enc.reporter[tr], enc.year[tr], enc.flow[tr])
        codes = np.unique(np.concatenate([ps.reporter[use], enc.reporter[tr[t_use]]]))
        present = set(enc.names(codes).to_list())
        sel.require(reporters, present, flow, "hhi")
        if t_use.any() and not use.any():
            raise ix.no_products("hhi(over='product')")
        if partners:
            use &= enc.country_mask(partners)[ps.partner]
        idx = np.flatnonzero(use)
        r, p, y, f = ps.reporter[idx], ps.partner[idx], ps.year[idx], ps.flow[idx]
        sums = (ps.value_sq[idx], ps.value[idx], ps.n_positive[idx], ps.mirrored[idx])
    return pl.DataFrame(
        {
            "reporter": enc.names(r),
            "partner": enc.names(p),
            "year": enc.year_values(y),
            "flow": ix.FLOW_NAMES.gather(np.asarray(f, dtype=np.intp)),
            "_sq": sums[0],
            "total_usd": sums[1],
            "n_products": np.asarray(sums[2], dtype=np.int64),
            "mirrored": sums[3],
        }
    )
