"""Trade shares and intensity on flows tables: totals, partner and product shares, region
shares and the trade intensity index.

The all-products totals these start from are summed once per flows table on its integer
encoding (:meth:`accord.economy.encode.Encoded.pairs`); what follows runs on the totals,
one row per reporter, partner, year and flow. See :mod:`accord.economy.indices` for which
rows each measure uses.
"""

from __future__ import annotations

from typing import Any, Literal

import numpy as np
import polars as pl

from accord.economy import _indexing as ix
from accord.economy import kernels
from accord.economy.encode import Encoded, encode
from accord.economy.flows import WORLD
from accord.economy.grouping import Groups
from accord.errors import InputError

__all__ = ["totals", "shares", "region_shares", "intensity", "totals_frame"]

Flow = ix.Flow

_KEYS = ["reporter", "partner", "year", "flow"]
_GROUP = ["reporter", "year", "flow"]
_V = pl.col("value_usd")
_M = pl.col("mirrored")


def totals_frame(enc: Encoded, sel: ix.Selection) -> pl.DataFrame:
    """The all-products totals of the selected flows (String codes), sorted by key.

    A row without a product is kept as it is; where a reporter, partner, year and flow
    has only product rows, they are summed (``source`` of the first, ``mirrored`` if any).
    """
    ps = enc.pairs()
    tr, tk = ps.total_rows, ps.total_keys
    if tr.size:
        keep = sel.ok(enc.reporter[tr], enc.year[tr], enc.flow[tr])
        tr, tk = tr[keep], tk[keep]
    use = sel.ok(ps.reporter, ps.year, ps.flow)
    if tk.size:
        use &= ~np.isin(ps.key, tk)
    idx = np.flatnonzero(use)
    if not idx.size:  # only all-products rows (e.g. a table made by totals)
        kept = enc.table if tr.size == enc.n_rows else enc.table[tr]
        if tk.size > 1 and not bool(np.all(tk[1:] >= tk[:-1])):
            kept = kept[np.argsort(tk, kind="stable")]
        return ix.strings(kept)
    summed = pl.DataFrame(
        {
            "reporter": enc.names(ps.reporter[idx]),
            "partner": enc.names(ps.partner[idx]),
            "year": enc.year_values(ps.year[idx]),
            "flow": ix.FLOW_NAMES.gather(ps.flow[idx]),
            "value_usd": ps.value[idx],
            "product": pl.repeat(None, idx.size, dtype=pl.String, eager=True),
            "classification": pl.repeat(None, idx.size, dtype=pl.String, eager=True),
            # An expression: a constant column (a reader's literal) is not expanded first.
            "source": enc.table.select(pl.col("source").gather(ps.first[idx])).to_series(),
            "mirrored": ps.mirrored[idx],
        }
    )
    if not tr.size:
        return summed
    kept = ix.strings(enc.table[tr])
    order = np.argsort(np.concatenate([tk, ps.key[idx]]), kind="stable")
    return pl.concat([kept, summed])[order]


def totals(flows: Any) -> pl.DataFrame:
    """All-products totals: one row per reporter, partner, year and flow.

    Parameters
    ----------
    flows : polars.DataFrame or pandas.DataFrame
        A flows table (:data:`~accord.economy.flows.FLOW_SCHEMA`).

    Returns
    -------
    polars.DataFrame
        The flows schema with ``product`` and ``classification`` null, sorted by reporter,
        partner, year and flow; the code columns are String, as in every index result
        (flows tables have them Categorical). A row that was a total in the input is kept
        as it is; where the input has only product rows for a reporter, partner, year and
        flow, they are summed (``source`` of the first, ``mirrored`` if any was).

    Notes
    -----
    A total row wins over the sum of its product rows, because product tables often leave
    out confidential or unallocated trade and so sum to less than the total.
    """
    enc = encode(flows)
    sel = ix.Selection(enc, flow=None, years=None)
    return ix.done(totals_frame(enc, sel), "totals", {}, inputs=(flows,))


# -- shares --------------------------------------------------------------------------------


def shares(
    flows: Any,
    *,
    of: Literal["partner", "product"] = "partner",
    flow: Flow = "export",
    reporter: Any = None,
    partner: Any = None,
    years: Any = None,
) -> pl.DataFrame:
    """Shares of a reporter's trade by partner (or by product).

    Parameters
    ----------
    flows : polars.DataFrame or pandas.DataFrame
        A flows table.
    of : {"partner", "product"}, default "partner"
        ``"partner"``: each partner's share of the reporter's trade in a year.
        ``"product"``: each product's share of the reporter's trade with a partner in a
        year (``partner="WLD"`` for the product structure of its total trade).
    flow : {"export", "import"}, default "export"
    reporter, partner : country, list or group, optional
        Keep these reporters / partners (default all). Denominators are computed before
        partners are selected, so the shares of a few partners are shares of the total.
    years : int, (first, last), range or "2000-2019", optional

    Returns
    -------
    polars.DataFrame
        ``reporter, partner, year, flow, [product,] value_usd, share, total_usd,
        denominator, n_partners | n_products, mirrored``. ``share`` is in [0, 1].

    Notes
    -----
    ``share = x_rp / X_r``. With ``of="partner"``, ``X_r`` is the reporter's WLD row for
    that year and flow (``denominator = "world total"``) or, where it has none, the sum of
    its partner rows (``"sum of rows"``). With ``of="product"``, ``X`` is the all-products
    row of the same reporter, partner, year and flow (``"all-products total"``) or the
    sum of the product rows (``"sum of rows"``). ``n_partners`` / ``n_products`` count the
    rows the sum runs over. ``mirrored`` is True if the row or its denominator is mirrored.

    References
    ----------
    World Bank WITS, Trade indicators: "Share of market in total exports", "Share of
    product in total exports",
    http://wits.worldbank.org/WITS/WITS/TradeIndicatorsHelp/TradeIndicators.htm

    Examples
    --------
    >>> import polars as pl
    >>> flows = pl.DataFrame({"reporter": ["KGZ", "KGZ"], "partner": ["CHN", "RUS"],
    ...     "year": [2019, 2019], "flow": ["export", "export"], "value_usd": [1.0, 3.0]})
    >>> shares(flows)["share"].to_list()
    [0.25, 0.75]
    """
    enc = encode(flows)
    reporters = ix.codes(reporter, "reporter")
    partners = ix.codes(partner, "partner")
    sel = ix.Selection(enc, flow=flow, years=years, reporters=reporters)
    if of == "partner":
        t = totals_frame(enc, sel)
        ix.require(t, "reporter", reporters, flow, "shares")
        world = t.filter(pl.col("partner") == WORLD).select(
            *_GROUP, _V.alias("_world"), _M.alias("_wm")
        )
        rows = t.filter(pl.col("partner") != WORLD)
        agg = rows.group_by(_GROUP).agg(
            _V.sum().alias("_sum"), pl.len().alias("n_partners"), _M.any().alias("_sm")
        )
        out = rows.join(agg, on=_GROUP, how="left").join(world, on=_GROUP, how="left")
        has_world = pl.col("_world").is_not_null()
        keys, count = _KEYS, "n_partners"
        label = pl.when(has_world).then(pl.lit("world total")).otherwise(pl.lit("sum of rows"))
        out = out.with_columns(
            pl.coalesce("_world", "_sum").alias("total_usd"),
            label.alias("denominator"),
            (_M | pl.when(has_world).then(pl.col("_wm")).otherwise(pl.col("_sm"))).alias(
                "mirrored"
            ),
        ).with_columns(
            pl.when(pl.col("total_usd") > 0).then(_V / pl.col("total_usd")).alias("share")
        )
        if partners and partners != [WORLD]:
            out = out.filter(pl.col("partner").is_in(partners))
        cols = [*keys, "value_usd", "share", "total_usd", "denominator", count, "mirrored"]
        out = out.select(cols).sort(keys, nulls_last=True)
    elif of == "product":
        out = _product_shares(enc, sel, reporters, partners, flow)
    else:
        raise InputError(f"of='{of}' is not a breakdown; use of='partner' or of='product'.")
    out = ix.nonempty(out, "shares", f"{flow} rows")
    params = {"of": of, "flow": flow, "reporter": reporters, "partner": partners, "years": years}
    return ix.done(out, "shares", params, inputs=(flows,))


def _product_shares(
    enc: Encoded,
    sel: ix.Selection,
    reporters: list[str] | None,
    partners: list[str] | None,
    flow: str,
) -> pl.DataFrame:
    """``shares(of="product")``: each product row over its all-products total."""
    rows = sel.rows()
    sel.require(reporters, sel.present("reporter", rows), flow, "shares")
    rows = ix.product_rows(enc, rows, "shares(of='product')")
    a = ix.world_rows(enc, rows) if partners == [WORLD] else ix.rows_of(enc, rows)
    key, size = ix.pair_key(enc, a)
    g = Groups(key, size)
    inv = g.inverse()
    n_products = g.count[inv]
    s_sum, s_m = g.sum(a["value"])[inv], g.any(a["mirrored"])[inv]
    # The all-products rows of the same reporter, partner, year and flow, if any.
    ps = enc.pairs()
    tr, tk = ps.total_rows, ps.total_keys
    if tr.size:
        keep = sel.ok(enc.reporter[tr], enc.year[tr], enc.flow[tr])
        tr, tk = tr[keep], tk[keep]
    tg = Groups(tk, size)
    pos = np.searchsorted(tg.keys, key)
    pos = np.minimum(pos, max(len(tg) - 1, 0))
    has_world = (tg.keys[pos] == key) if len(tg) else np.zeros(key.size, bool)
    w_val = tg.sum(enc.value[tr])[pos] if len(tg) else np.zeros(key.size)
    w_m = tg.any(enc.mirrored[tr])[pos] if len(tg) else np.zeros(key.size, bool)
    total = np.where(has_world, w_val, s_sum)
    mirrored = a["mirrored"] | np.where(has_world, w_m, s_m)
    with np.errstate(divide="ignore", invalid="ignore"):
        share = np.where(total > 0, a["value"] / total, np.nan)
    full = key * (enc.n_products + 1) + a["product"]
    if partners and partners != [WORLD]:
        kept = np.flatnonzero(enc.country_mask(partners)[a["partner"]])
        order = kept[np.argsort(full[kept], kind="stable")]
    else:
        order = np.argsort(full, kind="stable")
    denominator = pl.Series(["sum of rows", "all-products total"]).gather(
        has_world[order].astype(np.intp)
    )
    return pl.DataFrame(
        {
            "reporter": enc.names(a["reporter"][order]),
            "partner": enc.names(a["partner"][order]),
            "year": enc.year_values(a["year"][order]),
            "flow": ix.FLOW_NAMES.gather(a["flow"][order]),
            "product": enc.products.gather(a["product"][order]),
            "value_usd": a["value"][order],
            "share": ix.series("share", share[order]),
            "total_usd": total[order],
            "denominator": denominator,
            "n_products": n_products[order].astype(np.uint32),
            "mirrored": mirrored[order],
        }
    )


def region_shares(
    flows: Any,
    members: Any,
    *,
    partner: Any = None,
    flow: Flow = "export",
    years: Any = None,
) -> pl.DataFrame:
    """Partner shares of a region's trade: the members' flows summed, over their total.

    Parameters
    ----------
    flows : polars.DataFrame or pandas.DataFrame
        A flows table.
    members : str or list
        A group (``"central-asia"``) or a list of countries.
    partner : country, list or group, optional
        Keep these partners (default all, including the members themselves: intra-regional
        trade is a partner row like any other).
    flow : {"export", "import"}, default "export"
    years : optional
        As in :func:`shares`.

    Returns
    -------
    polars.DataFrame
        ``region, partner, year, flow, value_usd, share, total_usd, denominator,
        n_members, members, mirrored``; ``members`` lists the members with rows that year.

    Notes
    -----
    ``share_p = Σ_{r∈R} x_rp / Σ_{r∈R} X_r``. Each member's ``X_r`` is its WLD row, or
    the sum of its partner rows where it has none; ``denominator`` is ``"world total"``
    when every member reporting that year had a WLD row, ``"sum of rows"`` when none had,
    ``"mixed"`` otherwise. A member with no rows in a year is left out of that year: check
    ``n_members`` before comparing years.

    Examples
    --------
    >>> import polars as pl
    >>> flows = pl.DataFrame({"reporter": ["KAZ", "KGZ"], "partner": ["CHN", "CHN"],
    ...     "year": [2019, 2019], "flow": ["export", "export"], "value_usd": [3.0, 1.0]})
    >>> region_shares(flows, ["KAZ", "KGZ"]).select("partner", "value_usd", "share").rows()
    [('CHN', 4.0, 1.0)]
    """
    members_iso3 = ix.codes(members, "members")
    assert members_iso3 is not None
    region = ix.label(members, members_iso3)
    partners = ix.codes(partner, "partner")
    enc = encode(flows)
    sel = ix.Selection(enc, flow=flow, years=years, reporters=members_iso3)
    t = totals_frame(enc, sel)
    ix.nonempty(t, "region_shares", f"{flow} rows for the members {', '.join(members_iso3)}")
    world = t.filter(pl.col("partner") == WORLD).select(*_GROUP, _V.alias("_w"), _M.alias("_wm"))
    rows = t.filter(pl.col("partner") != WORLD)
    own = rows.group_by(_GROUP).agg(_V.sum().alias("_s"), _M.any().alias("_sm"))
    member_tot = (
        own.join(world, on=_GROUP, how="full", coalesce=True)
        .with_columns(
            pl.coalesce("_w", "_s").alias("_x"),
            pl.col("_w").is_not_null().alias("_has_w"),
            pl.when(pl.col("_w").is_not_null()).then("_wm").otherwise("_sm").alias("_xm"),
        )
        .group_by("year", "flow")
        .agg(
            pl.col("_x").sum().alias("total_usd"),
            pl.len().alias("n_members"),
            pl.col("reporter").sort().str.join(",").alias("members"),
            pl.col("_has_w").all().alias("_all_w"),
            pl.col("_has_w").any().alias("_any_w"),
            pl.col("_xm").any().alias("_tm"),
        )
    )
    out = (
        rows.group_by("partner", "year", "flow")
        .agg(_V.sum(), _M.any())
        .join(member_tot, on=["year", "flow"], how="left")
        .with_columns(
            pl.lit(region).alias("region"),
            pl.when(pl.col("total_usd") > 0).then(_V / pl.col("total_usd")).alias("share"),
            pl.when("_all_w")
            .then(pl.lit("world total"))
            .when("_any_w")
            .then(pl.lit("mixed"))
            .otherwise(pl.lit("sum of rows"))
            .alias("denominator"),
            (_M | pl.col("_tm")).alias("mirrored"),
        )
    )
    if partners:
        out = out.filter(pl.col("partner").is_in(partners))
    cols = ["region", "partner", "year", "flow", "value_usd", "share", "total_usd"]
    cols += ["denominator", "n_members", "members", "mirrored"]
    out = ix.nonempty(out.select(cols).sort("year", "flow", "partner"), "region_shares", "rows")
    params = {"members": members_iso3, "partner": partners, "flow": flow, "years": years}
    return ix.done(out, "region_shares", params, inputs=(flows,))


# -- intensity -----------------------------------------------------------------------------


def intensity(
    flows: Any,
    *,
    exporter: Any = None,
    importer: Any = None,
    years: Any = None,
) -> pl.DataFrame:
    """Trade intensity: how much more an exporter sells to an importer than the world does.

    Parameters
    ----------
    flows : polars.DataFrame or pandas.DataFrame
        A flows table (export rows are used; complete them from partners' import reports
        with :func:`~accord.economy.flows.fill_mirror` first where reporters are missing).
    exporter, importer : country, list or group, optional
        Default: every exporter-importer pair with a row.
    years : optional

    Returns
    -------
    polars.DataFrame
        ``exporter, importer, year, intensity, export_share, world_share, value_usd,
        exporter_total_usd, world_to_importer_usd, world_total_usd, n_reporters,
        denominator, mirrored``.

    Notes
    -----
    ``T_ij = (x_ij / X_i) / (x_wj / X_w)``: the share of importer ``j`` in exporter ``i``'s
    exports over ``j``'s share in world exports (WITS; Kojima 1964). 1: ``j`` takes the
    same share of ``i``'s exports as of the world's; above 1, an "intense" relationship.

    "World" is the reporters in the table: ``x_wj`` sums every reporter's export rows to
    ``j``; ``X_i`` is ``i``'s WLD row, or the sum of its partner rows where it has none
    (``denominator`` says which); ``X_w`` sums ``X_i`` over the ``n_reporters`` reporters
    with partner rows that year. With a complete matrix (BACI, or Comtrade with mirror
    filling) this is world trade; with a few reporters it is their trade only, and the
    index says how ``i`` differs from *them*. ``mirrored`` is True when any figure behind
    the row, world totals included, is a mirror figure.

    References
    ----------
    Kojima, K. (1964). The pattern of international trade among advanced countries.
    *Hitotsubashi Journal of Economics* 5(1): 16–36.
    WITS, "Trade Intensity Index": i's exports to j relative to its total exports, over the
    world's exports to j relative to world exports,
    https://datacatalog.worldbank.org/search/dataset/0064714/trade-intensity-index-mirrored-export

    Examples
    --------
    >>> import polars as pl
    >>> flows = pl.DataFrame({"reporter": ["CHN", "CHN", "RUS", "RUS"],
    ...     "partner": ["KAZ", "USA", "KAZ", "USA"], "year": [2019] * 4,
    ...     "flow": ["export"] * 4, "value_usd": [1.0, 9.0, 3.0, 7.0]})
    >>> round(intensity(flows, exporter="RUS", importer="KAZ")["intensity"][0], 6)
    1.5
    """
    exporters = ix.codes(exporter, "exporter")
    importers = ix.codes(importer, "importer")
    enc = encode(flows)
    t = totals_frame(enc, ix.Selection(enc, flow="export", years=years))
    bil = t.filter(pl.col("partner") != WORLD)
    world = t.filter(pl.col("partner") == WORLD).select(
        "reporter", "year", _V.alias("_w"), _M.alias("_wm")
    )
    own = bil.group_by("reporter", "year").agg(_V.sum().alias("_s"), _M.any().alias("_sm"))
    tot = own.join(world, on=["reporter", "year"], how="left").with_columns(
        pl.coalesce("_w", "_s").alias("exporter_total_usd"),
        pl.when(pl.col("_w").is_not_null())
        .then(pl.lit("world total"))
        .otherwise(pl.lit("sum of rows"))
        .alias("denominator"),
        pl.when(pl.col("_w").is_not_null()).then("_wm").otherwise("_sm").alias("_tm"),
    )
    world_total = tot.group_by("year").agg(
        pl.col("exporter_total_usd").sum().alias("world_total_usd"),
        pl.len().alias("n_reporters"),
        pl.col("_tm").any().alias("_wtm"),
    )
    world_to = bil.group_by("partner", "year").agg(
        _V.sum().alias("world_to_importer_usd"), _M.any().alias("_wjm")
    )
    rows = bil
    if exporters:
        rows = rows.filter(pl.col("reporter").is_in(exporters))
    if importers:
        rows = rows.filter(pl.col("partner").is_in(importers))
    ix.require(rows, "reporter", exporters, "export", "intensity")
    ix.require(rows, "partner", importers, "export (as partner)", "intensity")
    out = (
        rows.join(
            tot.select("reporter", "year", "exporter_total_usd", "denominator", "_tm"),
            on=["reporter", "year"],
            how="left",
        )
        .join(world_to, on=["partner", "year"], how="left")
        .join(world_total, on="year", how="left")
    )
    x = out["value_usd"].to_numpy()
    xi = out["exporter_total_usd"].to_numpy()
    xwj = out["world_to_importer_usd"].to_numpy()
    xw = out["world_total_usd"].to_numpy()
    with np.errstate(divide="ignore", invalid="ignore"):
        share = np.where(xi > 0, x / xi, np.nan)
        wshare = np.where(xw > 0, xwj / xw, np.nan)
    out = out.with_columns(
        ix.series("intensity", kernels.intensity(x, xi, xwj, xw)),
        ix.series("export_share", share),
        ix.series("world_share", wshare),
        (_M | pl.col("_tm") | pl.col("_wjm") | pl.col("_wtm")).alias("mirrored"),
    ).rename({"reporter": "exporter", "partner": "importer"})
    cols = ["exporter", "importer", "year", "intensity", "export_share", "world_share", "value_usd"]
    cols += ["exporter_total_usd", "world_to_importer_usd", "world_total_usd", "n_reporters"]
    cols += ["denominator", "mirrored"]
    out = ix.nonempty(
        out.select(cols).sort("exporter", "importer", "year"), "intensity", "export rows"
    )
    params = {"exporter": exporters, "importer": importers, "years": years}
    return ix.done(out, "intensity", params, ("kojima1964",), (flows,))
