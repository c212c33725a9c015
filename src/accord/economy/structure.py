"""The product structure of trade: export similarity (Finger-Kreinin) and trade
complementarity (Michaely).

Both compare product-share vectors, thousands of products long, for many pairs of
countries, on the integer encoding of the flows table (:func:`accord.economy.encode.encode`).

- Complementarity compares every exporter with every importer: per year, a dense
  countries x products matrix of exports (and one of imports) is summed from the rows
  (scipy's COO-to-dense conversion: no key array, mostly without the GIL), turned into
  shares, and all pairs are compared at once as a city-block
  distance (``Σ_k min(p_k, q_k) = 1 − Σ_k |p_k − q_k| / 2`` for shares,
  :func:`accord.economy.kernels.pairwise_overlap`). The matrices are about half full.
- Export similarity compares a few exporters market by market, where each sells a few
  per cent of the products: it sums ``min(s_ak, s_bk)`` over the products the two have
  in common only, found by sorting (see :func:`_similarity`).

Years are independent: both measures work on them in parallel threads
(:mod:`accord.economy._parallel`; numpy and scipy release the GIL).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import polars as pl

from accord.economy import _indexing as ix
from accord.economy import _parallel, kernels
from accord.economy.encode import Encoded, encode
from accord.economy.flows import WORLD
from accord.economy.grouping import Groups, by_year
from accord.errors import InputError

__all__ = ["export_similarity", "complementarity"]


def export_similarity(
    flows: Any,
    *,
    a: Any,
    b: Any = None,
    market: Any = None,
    years: Any = None,
) -> pl.DataFrame:
    """Finger-Kreinin similarity of two exporters' exports to a market, by product.

    Parameters
    ----------
    flows : polars.DataFrame or pandas.DataFrame
        A flows table with product rows.
    a : country, list or group
        First exporter(s).
    b : country, list or group, optional
        Second exporter(s): every pair of ``a`` × ``b``. Without it, every pair within
        ``a`` once (``iso3_a < iso3_b``).
    market : country, list, group or "WLD", optional
        Default: every importer separately (one row per importer). A country: that
        importer. A list or group (``"central-asia"``): the members' imports summed into
        one market. ``"WLD"``: the exporters' total exports.
    years : optional

    Returns
    -------
    polars.DataFrame
        ``iso3_a, iso3_b, market, year, fk, n_common, n_products, total_a_usd,
        total_b_usd, mirrored``: ``n_common`` products both export there, ``n_products``
        products either does, ``total_*_usd`` each one's exports to the market. Pairs in
        which one exporter sells nothing to the market that year have no row.

    Notes
    -----
    ``FK_ab = Σ_k min(s_ak, s_bk)``, ``s_ak = x_ak / Σ_k x_ak`` the share of product ``k``
    in ``a``'s exports to the market (Finger & Kreinin 1979). 1: identical export
    structures (the two compete product for product); 0: no product in common (a division
    of labour). Symmetric; equal to ``1 − Σ_k |s_ak − s_bk| / 2``. The value depends on the
    product detail: HS6 gives lower values than HS2.

    References
    ----------
    Finger, J. M. & Kreinin, M. E. (1979). A measure of 'export similarity' and its
    possible uses. *Economic Journal* 89(356): 905–912.

    Examples
    --------
    >>> import polars as pl
    >>> flows = pl.DataFrame({"reporter": ["RUS", "RUS", "CHN", "CHN"],
    ...     "partner": ["KAZ"] * 4, "year": [2019] * 4, "flow": ["export"] * 4,
    ...     "value_usd": [3.0, 1.0, 1.0, 1.0], "product": ["270900", "100199"] * 2})
    >>> export_similarity(flows, a="RUS", b="CHN")["fk"].to_list()
    [0.75]
    """
    codes_a = ix.codes(a, "a")
    assert codes_a is not None
    codes_b = ix.codes(b, "b") if b is not None else None
    exporters = list(dict.fromkeys(codes_a + (codes_b or [])))
    enc = encode(flows)
    sel = ix.Selection(enc, flow="export", years=years, reporters=exporters)
    rows = ix.product_rows(enc, sel.rows(), "export_similarity")
    rows = ix.and_rows(rows, None if enc.all_positive else enc.value > 0)
    present = sel.present("reporter", rows)
    sel.require(exporters, present, "product export", "export_similarity")
    if market is None:
        members, label = None, None
        if enc.any_world:
            rows = ix.and_rows(rows, ~enc.world)
        cols = ix.rows_of(enc, rows)
        market_code = cols["partner"]
    else:
        members = ix.codes(market, "market")
        assert members is not None
        if members == [WORLD]:
            label = WORLD
            cols = ix.world_rows(enc, rows)
        else:
            label = ix.label(market, members)
            cols = ix.rows_of(enc, ix.and_rows(rows, enc.country_mask(members)[enc.partner]))
        market_code = np.zeros(cols["value"].size, np.intp)
    if codes_b is None:
        pairs = [
            (x, y) if x < y else (y, x) for i, x in enumerate(codes_a) for y in codes_a[i + 1 :]
        ]
    else:
        pairs = [(x, y) for x in codes_a for y in codes_b if x != y]
    pairs = list(dict.fromkeys(pairs))
    if not pairs:
        raise InputError(
            "export_similarity needs two different exporters; e.g. a='RUS', b='CHN' or "
            "a=['RUS', 'CHN', 'USA']."
        )
    out = _similarity(enc, cols, market_code, exporters, pairs)
    if label is not None and out.height:
        out = out.with_columns(pl.lit(label).alias("market"))
    out = ix.nonempty(out, "export_similarity", "market where both pair members export")
    params = {"a": codes_a, "b": codes_b, "market": members, "years": years}
    return ix.done(out, "export_similarity", params, ("finger1979",), (flows,))


def _similarity(
    enc: Encoded,
    cols: dict[str, np.ndarray],
    market_code: np.ndarray,
    exporters: list[str],
    pairs: list[tuple[str, str]],
) -> pl.DataFrame:
    """FK of the pairs in every market and year, from code arrays of positive export rows.

    Sparse: each year's product shares of the exporters are sorted by (market, product,
    exporter); two exporters selling the same product in the same market are then
    neighbours, at most ``len(exporters) - 1`` places apart, so ``Σ_k min(s_ak, s_bk)``
    sums over the products they have in common only. Years run in parallel.
    """
    n_e = len(exporters)
    slot = np.full(enc.n_countries, -1, dtype=np.intp)
    for i, iso3 in enumerate(exporters):
        slot[enc.code(iso3)] = i
    markets = np.flatnonzero(np.bincount(market_code, minlength=1))
    m_lut = np.zeros(int(markets.max()) + 1 if markets.size else 1, dtype=np.intp)
    m_lut[markets] = np.arange(markets.size)
    pa = np.array([slot[enc.code(x)] for x, _ in pairs], dtype=np.intp)
    pb = np.array([slot[enc.code(y)] for _, y in pairs], dtype=np.intp)
    space = (markets.size, enc.n_products + 1, n_e)

    def year(item: tuple[int, np.ndarray | slice]) -> dict[str, np.ndarray]:
        y, part = item
        e, m = slot[cols["reporter"][part]], m_lut[market_code[part]]
        found = _fk(e, m, cols["product"][part], cols["value"][part], cols["mirrored"][part],
                    space, pa, pb)  # fmt: skip
        return found | {"year": np.full(found["market"].size, y)}

    found = _parallel.run(year, by_year(cols["year"], enc.n_years))
    if not found or not sum(f["pair"].size for f in found):
        return pl.DataFrame()
    res = {c: np.concatenate([f[c] for f in found]) for c in found[0]}
    pi, year_code, market = res["pair"], res["year"], markets[res["market"]]
    code_a = np.array([enc.code(x) for x, _ in pairs])[pi]
    code_b = np.array([enc.code(y) for _, y in pairs])[pi]
    order = np.lexsort((year_code, market, code_b, code_a))
    return pl.DataFrame(
        {
            "iso3_a": enc.names(code_a[order]),
            "iso3_b": enc.names(code_b[order]),
            "market": enc.names(market[order]),
            "year": enc.year_values(year_code[order]),
            "fk": np.clip(res["fk"][order], 0.0, 1.0),
            "n_common": res["n_common"][order].astype(np.int64),
            "n_products": res["n_products"][order].astype(np.int64),
            "total_a_usd": res["total_a"][order],
            "total_b_usd": res["total_b"][order],
            "mirrored": res["mirrored"][order],
        }
    )


def _fk(
    e: np.ndarray,
    m: np.ndarray,
    k: np.ndarray,
    v: np.ndarray,
    mirrored: np.ndarray,
    space: tuple[int, int, int],
    pa: np.ndarray,
    pb: np.ndarray,
) -> dict[str, np.ndarray]:
    """FK of the exporter pairs (slots ``pa``, ``pb``) in each market, for one year's rows:
    exporter slot ``e``, market ``m``, product ``k``, value ``v``; ``space`` is (markets,
    products + 1, exporters). One entry per market and pair where both export."""
    n_m, n_k1, n_e = space
    kt = np.int32 if n_m * n_k1 * n_e < 1 << 31 else np.int64
    key = m.astype(kt)
    key *= n_k1
    key += k
    key *= n_e
    key += e
    # One entry per market, product and exporter: its value and share.
    g = Groups(key, n_m * n_k1 * n_e, sort=True)  # a few rows in a large key space
    cell, ee = np.divmod(g.keys, n_e)
    cm = cell // n_k1
    value = g.sum(v)
    side = Groups(cm * n_e + ee, n_m * n_e)  # per market and exporter
    total = np.zeros(n_m * n_e)
    total[side.keys] = side.sum(value)
    n_prod = np.zeros(n_m * n_e, np.int64)
    n_prod[side.keys] = side.count
    flag = np.zeros(n_m * n_e, bool)
    flag[side.keys] = side.any(g.any(mirrored))
    share = value / total[cm * n_e + ee]
    # Neighbours in the same cell: (lower slot, higher slot) pairs and min(share).
    keys, mins = [], []
    for d in range(1, n_e):
        i = np.flatnonzero(cell[:-d] == cell[d:])
        if i.size == 0:
            break
        j = i + d
        keys.append((cm[i].astype(np.intp) * n_e + ee[i]) * n_e + ee[j])
        mins.append(np.minimum(share[i], share[j]))
    common = Groups(np.concatenate(keys) if keys else np.zeros(0, np.intp), n_m * n_e * n_e)
    overlap = common.sum(np.concatenate(mins) if mins else np.zeros(0))
    # Rows: each pair in each market where both export.
    sells = (total > 0).reshape(n_m, n_e)
    mk, pi = np.nonzero(sells[:, pa] & sells[:, pb])
    ia, ib = pa[pi], pb[pi]
    want = (mk * n_e + np.minimum(ia, ib)) * n_e + np.maximum(ia, ib)
    pos = np.minimum(np.searchsorted(common.keys, want), max(len(common) - 1, 0))
    hit = common.keys[pos] == want if len(common) else np.zeros(want.size, bool)
    n_common = np.where(hit, common.count[pos] if len(common) else 0, 0)
    sa, sb = mk * n_e + ia, mk * n_e + ib
    return {
        "market": mk,
        "pair": pi,
        "fk": np.where(hit, overlap[pos] if len(common) else 0.0, 0.0),
        "n_common": n_common,
        "n_products": n_prod[sa] + n_prod[sb] - n_common,
        "total_a": total[sa],
        "total_b": total[sb],
        "mirrored": flag[sa] | flag[sb],
    }


def complementarity(
    flows: Any,
    *,
    exporter: Any = None,
    importer: Any = None,
    years: Any = None,
) -> pl.DataFrame:
    """Michaely's trade complementarity of an exporter's exports with an importer's imports.

    Parameters
    ----------
    flows : polars.DataFrame or pandas.DataFrame
        A flows table with product rows.
    exporter, importer : country, list or group, optional
        Default: every exporter and every importer in the table (all pairs, each year;
        a country is never paired with itself).
    years : optional

    Returns
    -------
    polars.DataFrame
        ``exporter, importer, year, tc, n_products, exports_usd, imports_usd,
        imports_from, mirrored``: ``n_products`` products in either structure,
        ``exports_usd`` / ``imports_usd`` the totals the shares are taken of,
        ``imports_from`` ``"reported"`` or ``"mirror"``.

    Notes
    -----
    ``TC_ij = 100 (1 − Σ_k |m_ik − x_jk| / 2)``, with ``m_ik`` the share of product ``k``
    in importer ``i``'s total imports and ``x_jk`` its share in exporter ``j``'s total
    exports (Michaely 1996, in the form WITS uses, where the reporter is the exporter and
    the partner the importer). 0: nothing the one exports is imported by the other; 100:
    the shares match exactly. Computed as ``100 Σ_k min(m_ik, x_jk)``, which is equal.

    Total exports by product are the exporter's WLD product rows, or the sum over its
    partners; total imports are the importer's own import rows (``imports_from =
    "reported"``) or, when it reports none that year, every reporter's exports to it
    (``"mirror"``, which also sets ``mirrored``).

    References
    ----------
    Michaely, M. (1996). Trade preferential agreements in Latin America: an ex-ante
    assessment. World Bank Policy Research Working Paper 1583.
    WITS, Trade Outcomes, "Trade Complementarity Index",
    http://wits.worldbank.org/WITS/WITS/TradeIndicatorsHelp/TradeOutcomes_Help.htm

    Examples
    --------
    >>> import polars as pl
    >>> flows = pl.DataFrame({"reporter": ["CHN", "CHN", "KGZ"],
    ...     "partner": ["USA", "USA", "RUS"], "year": [2019] * 3,
    ...     "flow": ["export", "export", "import"], "value_usd": [1.0, 1.0, 4.0],
    ...     "product": ["850440", "610910", "850440"]})
    >>> complementarity(flows, exporter="CHN", importer="KGZ")["tc"].to_list()
    [50.0]
    """
    exporters = ix.codes(exporter, "exporter")
    importers = ix.codes(importer, "importer")
    enc = encode(flows)
    sel = ix.Selection(enc, flow=None, years=years)
    rows = ix.product_rows(enc, sel.rows(), "complementarity")
    n_c, n_k, wld = enc.n_countries, enc.n_products, enc.wld
    want_x, want_m = enc.country_mask(exporters), enc.country_mask(importers)
    want_x[wld] = want_m[wld] = False
    seen_x, seen_m = np.zeros(n_c, bool), np.zeros(n_c, bool)
    idx = None if rows is None else np.flatnonzero(rows)
    if idx is not None and idx.size == 0:
        ix.nonempty(pl.DataFrame(), "complementarity", "product rows")
    parts: list[dict[str, np.ndarray]] = []
    imports, world_rows = bool(enc.flow.any()), enc.any_world

    def shares(item: tuple[int, np.ndarray | slice]) -> tuple:
        """One year: each exporter's and importer's product shares (dense matrices)."""
        y, part = item
        r, p, k = enc.reporter[part], enc.partner[part], enc.product[part]
        v, mir = enc.value[part], enc.mirrored[part]
        exp = enc.flow[part] == 0 if imports else None  # None: every row
        world = p == wld if world_rows else None
        x, x_m = _by_product(r, k, v, mir, exp, world, n_c, n_k)
        m = _matrix(p, k, v, _and(exp, None if world is None else ~world), n_c, n_k)
        reported, m_m = np.zeros(n_c, bool), np.ones(n_c, bool)
        if exp is not None and not exp.all():
            m_rep, m_rep_m = _by_product(r, k, v, mir, ~exp, world, n_c, n_k)
            reported = m_rep.sum(axis=1) > 0
            if reported.any():
                m = np.where(reported[:, None], m_rep, m)
                m_m = np.where(reported, m_rep_m, True)
        xt, mt = x.sum(axis=1), m.sum(axis=1)
        ex = np.flatnonzero((xt > 0) & want_x)
        im = np.flatnonzero((mt > 0) & want_m)
        xs, ms = _shares(x, xt, ex), _shares(m, mt, im)
        both = kernels.pairwise_common(xs, ms)  # products in both structures
        n_x, n_m = np.count_nonzero(xs, axis=1), np.count_nonzero(ms, axis=1)
        return y, ex, im, xs, ms, xt, mt, x_m, m_m, reported, both, n_x, n_m

    # Years in parallel (numpy releases the GIL), then the pairs of all years (also).
    years = _parallel.run(shares, enc.year_rows(idx))
    overlaps = kernels.pairwise_overlaps([(year[3], year[4]) for year in years])
    for (y, ex, im, _, _, xt, mt, x_m, m_m, reported, both, nx, nm), overlap in zip(
        years, overlaps, strict=True
    ):
        seen_x[ex], seen_m[im] = True, True
        if ex.size == 0 or im.size == 0:
            continue
        ei = np.repeat(np.arange(ex.size), im.size)
        ii = np.tile(np.arange(im.size), ex.size)
        keep = ex[ei] != im[ii]
        ei, ii = ei[keep], ii[keep]
        parts.append(
            {
                "exporter": ex[ei],
                "importer": im[ii],
                "year": np.full(ei.size, y),
                "tc": np.clip(100.0 * overlap[ei, ii], 0.0, 100.0),
                "n_products": nx[ei] + nm[ii] - both[ei, ii],
                "exports_usd": xt[ex][ei],
                "imports_usd": mt[im][ii],
                "reported": reported[im][ii],
                "mirrored": x_m[ex][ei] | m_m[im][ii],
            }
        )
    checks = ((exporters, seen_x, "product export"), (importers, seen_m, "product import"))
    for wanted, seen, what in checks:
        for c in wanted or []:
            code = enc.code(c)
            if code < 0 or not seen[code]:
                ix.absent("complementarity", c, what)
    if not parts:
        ix.nonempty(
            pl.DataFrame(),
            "complementarity",
            "exporter-importer pairs with product trade in the same year",
        )
    res = {c: np.concatenate([q[c] for q in parts]) for c in parts[0]}
    order = np.lexsort((res["year"], res["importer"], res["exporter"]))
    source = pl.Series(["mirror", "reported"])
    out = pl.DataFrame(
        {
            "exporter": enc.names(res["exporter"][order]),
            "importer": enc.names(res["importer"][order]),
            "year": enc.year_values(res["year"][order]),
            "tc": res["tc"][order],
            "n_products": res["n_products"][order],
            "exports_usd": res["exports_usd"][order],
            "imports_usd": res["imports_usd"][order],
            "imports_from": source.gather(res["reported"][order].astype(np.intp)),
            "mirrored": res["mirrored"][order],
        }
    )
    params = {"exporter": exporters, "importer": importers, "years": years}
    return ix.done(out, "complementarity", params, ("michaely1996",), (flows,))


def _shares(values: np.ndarray, totals: np.ndarray, rows: np.ndarray) -> np.ndarray:
    """The given rows of a matrix divided by their totals (in place when all rows are)."""
    if rows.size == values.shape[0]:
        values /= totals[:, None]
        return values
    return values[rows] / totals[rows, None]


def _and(a: np.ndarray | None, b: np.ndarray | None) -> np.ndarray | None:
    """Both row flags (``None``: every row)."""
    if a is None or b is None:
        return b if a is None else a
    return a & b


def _matrix(
    a: np.ndarray,
    k: np.ndarray,
    v: np.ndarray,
    rows: np.ndarray | None,
    n_a: int,
    n_k: int,
) -> np.ndarray:
    """Values summed into a dense (n_a x n_k) matrix by row code ``a`` and product ``k``.

    scipy's COO-to-dense conversion adds repeated (a, k) cells in row order, as
    ``np.bincount`` on a combined key does (the same sums, bit for bit), without the key
    array, and mostly without the GIL, so that several years sum at once on several cores.
    """
    from scipy.sparse import coo_array

    if rows is not None:
        a, k, v = a[rows], k[rows], v[rows]
    return coo_array((v, (a, k)), shape=(n_a, n_k)).toarray()


def _by_product(
    r: np.ndarray,
    k: np.ndarray,
    v: np.ndarray,
    mir: np.ndarray,
    rows: np.ndarray | None,
    world: np.ndarray | None,
    n_c: int,
    n_k: int,
) -> tuple[np.ndarray, np.ndarray]:
    """Each reporter's world total by product (countries x products) and a mirrored flag.

    Uses the reporter's WLD rows where it has any among ``rows``, else sums its partners.
    """
    at_world = None if world is None else _and(rows, world)
    if at_world is None or not at_world.any():  # no WLD rows: sum over partners
        use = rows
    else:
        has_wld = np.zeros(n_c, bool)
        has_wld[r[at_world]] = True
        use = _and(rows, np.where(has_wld[r], world, ~world))
    total = _matrix(r, k, v, use, n_c, n_k)
    flagged = np.zeros(n_c, bool)
    if mir.any():
        ru, mu = (r, mir) if use is None else (r[use], mir[use])
        flagged = np.bincount(ru, weights=mu, minlength=n_c) > 0
    return total, flagged
