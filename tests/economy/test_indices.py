"""Trade and migration indices: hand-computed references, published values, invariants,
property tests of the kernels, pandas parity and error messages."""

from __future__ import annotations

import doctest
import itertools
import math

import numpy as np
import pandas as pd
import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from polars.testing import assert_frame_equal

from accord.economy import indices, kernels
from accord.errors import InputError
from accord.provenance import provenance_of


def flows(rows, **extra) -> pl.DataFrame:
    """A flows table from (reporter, partner, year, flow, value[, product[, mirrored]]) tuples."""
    full = [tuple(r) + (None, False)[len(r) - 5 :] for r in rows]
    return pl.DataFrame(
        full,
        schema=[
            ("reporter", pl.String),
            ("partner", pl.String),
            ("year", pl.Int64),
            ("flow", pl.String),
            ("value_usd", pl.Float64),
            ("product", pl.String),
            ("mirrored", pl.Boolean),
        ],
        orient="row",
    )


def test_docstring_examples_run():
    result = doctest.testmod(indices, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0 and result.attempted > 5


# -- shares -------------------------------------------------------------------------------


def test_shares_use_the_world_row_as_denominator():
    # KAZ exports 10 to CHN, 30 to RUS and 50 to the world: shares of the total, 0.2 and 0.6.
    df = flows(
        [
            ("KAZ", "CHN", 2019, "export", 10.0),
            ("KAZ", "RUS", 2019, "export", 30.0),
            ("KAZ", "WLD", 2019, "export", 50.0),
        ]
    )
    out = indices.shares(df)
    assert out["partner"].to_list() == ["CHN", "RUS"]
    assert out["share"].to_list() == pytest.approx([0.2, 0.6])
    assert out["total_usd"].to_list() == [50.0, 50.0]
    assert set(out["denominator"]) == {"world total"}
    assert out["n_partners"].to_list() == [2, 2]
    assert provenance_of(out).function == "accord.economy.indices.shares"


def test_shares_fall_back_to_the_sum_of_rows_and_keep_it_when_partners_are_selected():
    # No WLD row: 10 / (10 + 30) = 0.25; selecting CHN keeps the denominator 40.
    df = flows([("KAZ", "CHN", 2019, "export", 10.0), ("KAZ", "RUS", 2019, "export", 30.0)])
    out = indices.shares(df, partner="China")
    assert out.rows() == [("KAZ", "CHN", 2019, "export", 10.0, 0.25, 40.0, "sum of rows", 2, False)]


def test_product_totals_are_summed_but_a_total_row_wins():
    # KAZ->CHN has products 4 + 6 and no total row: 10. KAZ->RUS has products 1 + 1 and a
    # total row 5 (products do not cover everything): 5 is used.
    df = flows(
        [
            ("KAZ", "CHN", 2019, "export", 4.0, "010121"),
            ("KAZ", "CHN", 2019, "export", 6.0, "270900", True),
            ("KAZ", "RUS", 2019, "export", 1.0, "010121"),
            ("KAZ", "RUS", 2019, "export", 1.0, "270900"),
            ("KAZ", "RUS", 2019, "export", 5.0),
        ]
    )
    t = indices.totals(df).sort("partner")
    assert t["value_usd"].to_list() == [10.0, 5.0]
    assert t["mirrored"].to_list() == [True, False]
    assert t["product"].null_count() == 2
    s = indices.shares(df)
    assert s["share"].to_list() == pytest.approx([10 / 15, 5 / 15])
    assert s["mirrored"].to_list() == [True, True]  # the denominator includes a mirrored row


def test_product_shares():
    # RUS exports to KAZ: wheat 1, oil 3 (sum 4); to the world it has a total row of 8.
    df = flows(
        [
            ("RUS", "KAZ", 2019, "export", 1.0, "100199"),
            ("RUS", "KAZ", 2019, "export", 3.0, "270900"),
            ("RUS", "KAZ", 2019, "export", 8.0),
        ]
    )
    out = indices.shares(df, of="product")
    assert out["share"].to_list() == pytest.approx([1 / 8, 3 / 8])
    assert set(out["denominator"]) == {"all-products total"}
    # Product structure of total exports: summed over partners when there is no WLD row.
    out = indices.shares(df.filter(pl.col("product").is_not_null()), of="product", partner="WLD")
    assert out["partner"].unique().to_list() == ["WLD"]
    assert out["share"].to_list() == pytest.approx([0.25, 0.75])


def test_shares_match_the_partner_shares_wits_publishes(mirror):
    # WITS trade summaries publish, per reporter, "Trade (US$ Mil)-Top 5 Export Partner" and
    # "Partner share(%)" (2 decimals), and the reporter's exports to World.
    path = mirror / "trade_wits_summary" / "wits_bilateral_top5_partner_long.csv"
    raw = pl.read_csv(path)
    code = {
        "China": "CHN",
        "Russian Federation": "RUS",
        "United States": "USA",
        "Kazakhstan": "KAZ",
        "Kyrgyz Republic": "KGZ",
        "Uzbekistan": "UZB",
        "Tajikistan": "TJK",
        "Turkmenistan": "TKM",
        "World": "WLD",
    }
    rows = raw.filter(
        pl.col("Partner").is_in(list(code)) & (pl.col("Product categories") == "All Products")
    )
    value = rows.filter(pl.col("Indicator").str.starts_with("Trade (US$ Mil)"))
    share = rows.filter(pl.col("Indicator").str.starts_with("Partner share"))
    totals = pl.read_csv(mirror / "trade_wits_summary" / "wits_country_totals_long.csv").filter(
        pl.col("Indicator").is_in(["Exports (in US$ Mil)", "Imports (in US$ Mil)"])
    )
    fl = pl.concat(
        [
            value.select(
                pl.col("reporter_file").alias("reporter"),
                pl.col("Partner").replace_strict(code).alias("partner"),
                "year",
                pl.col("Indicator Type").str.to_lowercase().alias("flow"),
                (pl.col("value") * 1e6).alias("value_usd"),
            ),
            totals.select(
                pl.col("reporter_file").alias("reporter"),
                pl.lit("WLD").alias("partner"),
                "year",
                pl.col("Indicator Type").str.to_lowercase().alias("flow"),
                (pl.col("value") * 1e6).alias("value_usd"),
            ),
        ]
    ).unique(["reporter", "partner", "year", "flow"])
    ours = pl.concat([indices.shares(fl, flow=f) for f in ("export", "import")])
    pub = share.select(
        pl.col("reporter_file").alias("reporter"),
        pl.col("Partner").replace_strict(code).alias("partner"),
        "year",
        pl.col("Indicator Type").str.to_lowercase().alias("flow"),
        pl.col("value").alias("published"),
    )
    both = ours.join(pub, on=["reporter", "partner", "year", "flow"], how="inner")
    both = both.filter(pl.col("denominator") == "world total")
    assert both.height > 100
    diff = (both["share"] * 100 - both["published"]).abs().max()
    # Shares are published to 2 decimals and the values in US$ million to 2 decimals too.
    assert diff < 0.006


def test_region_shares_sum_members_and_say_when_denominators_mix():
    # KAZ: CHN 10 of a world total 50. KGZ: CHN 5 and RUS 15, no WLD row, total 20.
    # Central Asia's exports: CHN 15 of 70, RUS 15 of 70.
    df = flows(
        [
            ("KAZ", "CHN", 2019, "export", 10.0),
            ("KAZ", "WLD", 2019, "export", 50.0),
            ("KGZ", "CHN", 2019, "export", 5.0),
            ("KGZ", "RUS", 2019, "export", 15.0),
        ]
    )
    out = indices.region_shares(df, "Central Asia")
    assert out["region"].unique().to_list() == ["central-asia"]
    assert out["share"].to_list() == pytest.approx([15 / 70, 15 / 70])
    assert out["total_usd"].to_list() == [70.0, 70.0]
    assert set(out["denominator"]) == {"mixed"}
    assert out["members"].to_list() == ["KAZ,KGZ", "KAZ,KGZ"]
    assert out["n_members"].to_list() == [2, 2]


# -- growth -------------------------------------------------------------------------------


def test_growth_between_two_years():
    # China-Central Asia trade 1.5 -> 46.5 bn USD 2001-2019: 31-fold, growth 3000 %,
    # CAGR 31^(1/18) - 1 = 21.0 %.
    df = pl.DataFrame(
        {"partner": ["CHN", "CHN"], "year": [2001, 2019], "value_usd": [1.5e9, 46.5e9]}
    )
    r = indices.growth(df, t0=2001, t1=2019).row(0, named=True)
    assert r["fold"] == pytest.approx(31.0)
    assert r["growth"] == pytest.approx(30.0)
    assert r["cagr"] == pytest.approx(31 ** (1 / 18) - 1)
    assert indices.cagr(df, t0=2001, t1=2019)["cagr"][0] == pytest.approx(r["cagr"])


def test_growth_year_on_year_with_gaps_and_zeros():
    # 100 -> 110 -> 121: +10 % twice; the first year has no previous year; a zero base is null.
    df = flows(
        [
            ("KGZ", "CHN", 2017, "export", 100.0),
            ("KGZ", "CHN", 2018, "export", 110.0),
            ("KGZ", "CHN", 2019, "export", 121.0),
            ("KGZ", "RUS", 2018, "export", 0.0),
            ("KGZ", "RUS", 2019, "export", 5.0, None, True),
        ]
    )
    out = indices.growth(indices.totals(df))
    chn = out.filter(pl.col("partner") == "CHN")
    assert chn["growth"].to_list()[0] is None
    assert chn["growth"].to_list()[1:] == pytest.approx([0.1, 0.1])
    rus = out.filter((pl.col("partner") == "RUS") & (pl.col("t1") == 2019)).row(0, named=True)
    assert rus["growth"] is None and rus["value_t0"] == 0.0 and rus["mirrored"] is True


def test_growth_refuses_duplicate_group_years():
    df = flows(
        [("KGZ", "CHN", 2018, "export", 1.0, "01"), ("KGZ", "CHN", 2018, "export", 1.0, "02")]
    )
    with pytest.raises(InputError, match="several rows"):
        indices.growth(df.drop("product"))


# -- concentration ------------------------------------------------------------------------


def test_hhi_hand_computed():
    # TJK exports 1 to CHN and 3 to RUS: shares .25, .75, HHI = .0625 + .5625 = .625;
    # WITS (H - 1/2) / (1 - 1/2) = .25; UNCTAD (sqrt(.625) - sqrt(.5)) / (1 - sqrt(.5)).
    df = flows(
        [
            ("TJK", "CHN", 2019, "export", 1.0),
            ("TJK", "RUS", 2019, "export", 3.0),
            ("TJK", "WLD", 2019, "export", 8.0),
        ]
    )
    r = indices.hhi(df, normalized=["wits", "unctad"]).row(0, named=True)
    assert r["hhi"] == pytest.approx(0.625)
    assert r["hhi_wits"] == pytest.approx(0.25)
    assert r["hhi_unctad"] == pytest.approx(
        (math.sqrt(0.625) - math.sqrt(0.5)) / (1 - math.sqrt(0.5))
    )
    assert r["n_partners"] == 2 and r["total_usd"] == 4.0
    assert r["coverage"] == pytest.approx(0.5)  # the partner rows cover half of the WLD total


def test_hhi_over_products_per_partner_and_single_items():
    # To KAZ: 2 products 1 + 1 -> HHI .5, normalised 0. To CHN: one product -> HHI 1, no
    # normalised value (WITS gives none for a single product).
    df = flows(
        [
            ("RUS", "KAZ", 2019, "export", 1.0, "A"),
            ("RUS", "KAZ", 2019, "export", 1.0, "B"),
            ("RUS", "CHN", 2019, "export", 7.0, "A"),
        ]
    )
    out = indices.hhi(df, over="product", normalized="wits").sort("partner")
    assert out["hhi"].to_list() == pytest.approx([1.0, 0.5])
    assert out["hhi_wits"].to_list() == [None, 0.0]
    assert out["n_products"].to_list() == [1, 2]
    # With a fixed universe of 4 products: (.5 - .25) / .75 = 1/3.
    fixed = indices.hhi(df, over="product", normalized="wits", n_universe=4, partner="KAZ")
    assert fixed["hhi_wits"][0] == pytest.approx(1 / 3)
    # Total exports by product (summed over partners): A 8, B 1.
    world = indices.hhi(df, over="product", partner="WLD")
    assert world["hhi"][0] == pytest.approx((8 / 9) ** 2 + (1 / 9) ** 2)


# -- similarity and complementarity ------------------------------------------------------


def test_finger_kreinin_hand_computed():
    # To KAZ, RUS exports oil 3, wheat 1 (.75, .25); CHN oil 1, wheat 1 (.5, .5):
    # FK = min(.75, .5) + min(.25, .5) = .75.
    df = flows(
        [
            ("RUS", "KAZ", 2019, "export", 3.0, "270900"),
            ("RUS", "KAZ", 2019, "export", 1.0, "100199"),
            ("CHN", "KAZ", 2019, "export", 1.0, "270900"),
            ("CHN", "KAZ", 2019, "export", 1.0, "100199"),
            ("CHN", "UZB", 2019, "export", 5.0, "850440"),
            ("RUS", "UZB", 2019, "export", 2.0, "270900"),
        ]
    )
    out = indices.export_similarity(df, a=["RUS", "CHN"])
    assert out.select("iso3_a", "iso3_b", "market").rows() == [
        ("CHN", "RUS", "KAZ"),
        ("CHN", "RUS", "UZB"),
    ]
    assert out["fk"].to_list() == pytest.approx([0.75, 0.0])  # no product in common in UZB
    assert out["n_common"].to_list() == [2, 0]
    assert out["n_products"].to_list() == [2, 2]
    # Central Asia as one market: RUS oil 5, wheat 1; CHN oil 1, wheat 1, transformers 5:
    # min(5/6, 1/7) + min(1/6, 1/7) + min(0, 5/7) = 2/7.
    ca = indices.export_similarity(df, a="RUS", b="CHN", market="central-asia")
    assert ca.select("iso3_a", "iso3_b", "market").row(0) == ("RUS", "CHN", "central-asia")
    assert ca["fk"][0] == pytest.approx(2 / 7)


def test_complementarity_hand_computed_and_mirror_imports():
    # CHN exports (to anyone) 850440: 1, 610910: 1 -> x = (.5, .5). KGZ reports imports of
    # 850440 only -> m = (1, 0). TC = 100 (1 - (.5 + .5) / 2) = 50.
    # USA and UZB report no imports: their imports are CHN's exports to them (mirror):
    # USA 850440 only, UZB 610910 only -> TC 50 each, imports_from 'mirror', mirrored.
    df = flows(
        [
            ("CHN", "USA", 2019, "export", 1.0, "850440"),
            ("CHN", "UZB", 2019, "export", 1.0, "610910"),
            ("KGZ", "RUS", 2019, "import", 4.0, "850440"),
        ]
    )
    out = indices.complementarity(df, exporter="CHN")
    assert out.select("importer", "tc", "imports_from", "mirrored").rows() == [
        ("KGZ", 50.0, "reported", False),
        ("USA", 50.0, "mirror", True),
        ("UZB", 50.0, "mirror", True),
    ]
    assert out["n_products"].to_list() == [2, 2, 2]


def test_intensity_hand_computed_and_the_world_share_invariant():
    # CHN: KAZ 1, USA 9; RUS: KAZ 3, USA 7. KAZ takes 4/20 = .2 of world exports; .3 of
    # Russia's -> 1.5; .1 of China's -> .5.
    df = flows(
        [
            ("CHN", "KAZ", 2019, "export", 1.0),
            ("CHN", "USA", 2019, "export", 9.0),
            ("RUS", "KAZ", 2019, "export", 3.0),
            ("RUS", "USA", 2019, "export", 7.0),
        ]
    )
    out = indices.intensity(df, importer="KAZ")
    assert out["intensity"].to_list() == pytest.approx([0.5, 1.5])
    assert out["world_total_usd"].to_list() == [20.0, 20.0]
    assert out["n_reporters"].to_list() == [2, 2]
    # An exporter whose shares equal the world's has intensity 1 everywhere.
    same = flows(
        [
            ("CHN", "KAZ", 2019, "export", 2.0),
            ("CHN", "USA", 2019, "export", 8.0),
            ("RUS", "KAZ", 2019, "export", 1.0),
            ("RUS", "USA", 2019, "export", 4.0),
        ]
    )
    assert indices.intensity(same)["intensity"].to_list() == pytest.approx([1.0] * 4)


# -- remittances and migrants ----------------------------------------------------------------


def test_remittance_dependence_matches_the_wdi_ratio(mirror):
    # WDI BX.TRF.PWKR.DT.GD.ZS = BX.TRF.PWKR.CD.DT / NY.GDP.MKTP.CD x 100 (2021).
    wdi = pl.read_csv(mirror / "worldbank_wdi" / "wdi_2021_cross_section_focal9.csv")
    pick = lambda code: wdi.filter(pl.col("indicator_code") == code).select("iso3", "year", "value")  # noqa: E731
    rem, gdp, pub = pick("BX.TRF.PWKR.CD.DT"), pick("NY.GDP.MKTP.CD"), pick("BX.TRF.PWKR.DT.GD.ZS")
    out = indices.remittance_dependence(rem.filter(pl.col("iso3") != "WLD"), gdp)
    both = out.join(pub, on=["iso3", "year"])
    assert both.height >= 6
    np.testing.assert_allclose(both["pct_gdp"].to_numpy(), both["value"].to_numpy(), rtol=1e-9)
    assert both.filter(pl.col("iso3") == "KGZ")["pct_gdp"][0] == pytest.approx(32.5635, abs=1e-4)


def test_remittance_dependence_bilateral_with_names(mirror):
    # KNOMAD 2021: Russia -> Kyrgyz Republic 2,017.5 US$ m; KGZ GDP 2021 9,249.13 US$ m:
    # 21.8 % of GDP from Russia alone.
    knomad = pl.read_csv(
        mirror / "remittances_migration_bilateral" / "bilateral_remittances_2021_long.csv"
    )
    rem = knomad.select(
        pl.col("sending_country").alias("sender"),
        pl.col("receiving_country").alias("receiver"),
        pl.lit(2021).alias("year"),
        (pl.col("usd_millions_2021") * 1e6).alias("value"),
    )
    gdp = pl.DataFrame({"iso3": ["KGZ"], "year": [2021], "value": [9249133946.265314]})
    with pytest.raises(InputError, match="are not countries"):
        indices.remittance_dependence(rem, gdp)
    out = indices.remittance_dependence(rem, gdp, sender="Russia", receiver="KGZ", unknown="drop")
    r = out.row(0, named=True)
    assert (r["sender"], r["receiver"]) == ("RUS", "KGZ")
    assert r["remittances_usd"] == pytest.approx(2017.5e6, rel=1e-4)
    assert r["pct_gdp"] == pytest.approx(100 * r["remittances_usd"] / 9249133946.265314)


def test_migrants_share_hand_computed():
    # KNOMAD 2021 stocks in Russia: KAZ 2,558,907, KGZ 591,025; Russia 144,130,482 people.
    mig = pd.DataFrame(
        {
            "origin": ["Kazakhstan", "Kyrgyz Republic", "TJK"],
            "destination": ["RUS"] * 3,
            "year": [2021] * 3,
            "value": [2558907.0, 591025.0, 466252.0],
        }
    )
    pop = pd.DataFrame({"iso3": ["RUS"], "year": [2021], "value": [144130482.0]})
    before = mig.copy()
    one = indices.migrants_share(mig, pop, origin="KAZ")
    assert one["pct_population"][0] == pytest.approx(100 * 2558907 / 144130482)
    two = indices.migrants_share(mig, pop, origin=["KAZ", "KGZ"])
    assert two.row(0, named=True)["origin"] == "KAZ+KGZ"
    assert two["pct_population"][0] == pytest.approx(100 * (2558907 + 591025) / 144130482)
    assert two["n_origins"][0] == 2
    pd.testing.assert_frame_equal(mig, before)  # the input is not changed


# -- kernels: properties ---------------------------------------------------------------------

positive = arrays(np.float64, st.integers(1, 30), elements=st.floats(0.001, 1e9))


@given(positive)
def test_hhi_between_1_over_n_and_1_and_normalised_in_0_1(v):
    h = kernels.hhi(v)
    assert 1 / v.size - 1e-12 <= h <= 1 + 1e-12
    for m in kernels.NORMALIZATIONS:
        z = kernels.hhi(v, normalized=m)
        assert (math.isnan(z) and v.size == 1) or 0.0 <= z <= 1.0


@given(st.integers(2, 50))
def test_equal_shares_normalise_to_0(n):
    v = np.ones(n)
    assert kernels.hhi(v) == pytest.approx(1 / n)
    for m in kernels.NORMALIZATIONS:
        assert kernels.hhi(v, normalized=m) == pytest.approx(0.0, abs=1e-9)


pairs = (
    st.integers(1, 25)
    .flatmap(
        lambda n: st.tuples(*[arrays(np.float64, n, elements=st.floats(0, 1e6)) for _ in range(2)])
    )
    .filter(lambda p: p[0].sum() > 0 and p[1].sum() > 0)
)


@given(pairs)
def test_finger_kreinin_symmetric_bounded_identity(p):
    a, b = p
    fk = kernels.finger_kreinin(a, b)
    assert 0.0 - 1e-12 <= fk <= 1.0 + 1e-12
    assert fk == pytest.approx(kernels.finger_kreinin(b, a))
    assert kernels.finger_kreinin(a, a) == pytest.approx(1.0)
    assert kernels.finger_kreinin(a, a * 7.5) == pytest.approx(1.0)  # scale-free


@given(pairs)
def test_complementarity_bounded_and_equal_to_the_overlap(p):
    m, x = p
    tc = kernels.complementarity(m, x)
    assert -1e-9 <= tc <= 100 + 1e-9
    overlap = kernels.pairwise_min_sum(kernels.shares(m)[None, :], kernels.shares(x)[None, :])[0, 0]
    assert tc == pytest.approx(100 * overlap, abs=1e-9)
    assert kernels.complementarity(x, x) == pytest.approx(100.0)


@settings(max_examples=30)
@given(st.integers(0, 6), st.integers(0, 6), st.integers(1, 9), st.integers(0, 2**31))
def test_pairwise_min_sum_blocks_agree_with_a_loop(na, nb, k, seed):
    rng = np.random.default_rng(seed)
    a, b = rng.random((na, k)), rng.random((nb, k))
    old = kernels.BLOCK_BYTES
    kernels.BLOCK_BYTES = 8  # one row per block
    try:
        got = kernels.pairwise_min_sum(a, b)
    finally:
        kernels.BLOCK_BYTES = old
    want = np.array([[np.minimum(a[i], b[j]).sum() for j in range(nb)] for i in range(na)]).reshape(
        na, nb
    )
    np.testing.assert_allclose(got, want)


def test_growth_kernels():
    assert kernels.growth(np.array([0.0, 2.0]), np.array([1.0, 3.0])).tolist()[1] == 0.5
    assert math.isnan(kernels.growth(np.array([0.0]), np.array([1.0]))[0])
    assert kernels.cagr(np.array([1.0]), np.array([4.0]), 2)[0] == pytest.approx(1.0)


# -- pandas parity -----------------------------------------------------------------------------

CODES = ["CHN", "RUS", "KAZ", "KGZ", "UZB", "USA", "TUR"]


def random_flows(seed: int) -> pl.DataFrame:
    rng = np.random.default_rng(seed)
    rows = []
    for y, i, j, k in itertools.product((2018, 2019), CODES, CODES, ("01", "02", "03", "04", "05")):
        if i != j and rng.random() < 0.45:
            rows.append((i, j, y, "export", float(rng.lognormal(10, 2)), k))
    return flows(rows)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_pandas_parity(seed):
    fl = random_flows(seed)
    p = fl.to_pandas()
    # partner shares and intensity
    pair = p.groupby(["year", "reporter", "partner"], as_index=False)["value_usd"].sum()
    pair["xi"] = pair.groupby(["year", "reporter"])["value_usd"].transform("sum")
    pair["xwj"] = pair.groupby(["year", "partner"])["value_usd"].transform("sum")
    pair["xw"] = pair.groupby("year")["value_usd"].transform("sum")
    pair["share"] = pair["value_usd"] / pair["xi"]
    pair["intensity"] = pair["share"] / (pair["xwj"] / pair["xw"])
    pair = pair.sort_values(["reporter", "partner", "year"], ignore_index=True)
    sh = indices.shares(fl).sort("reporter", "partner", "year")
    np.testing.assert_allclose(sh["share"].to_numpy(), pair["share"].to_numpy(), rtol=1e-12)
    it = indices.intensity(fl).sort("exporter", "importer", "year")
    np.testing.assert_allclose(it["intensity"].to_numpy(), pair["intensity"].to_numpy(), rtol=1e-12)
    # HHI over products, per pair
    p["s"] = p["value_usd"] / p.groupby(["year", "reporter", "partner"])["value_usd"].transform(
        "sum"
    )
    g = (
        p.assign(s2=p["s"] ** 2)
        .groupby(["reporter", "partner", "year"], as_index=False)
        .agg(hhi=("s2", "sum"), n=("s", "size"))
    )
    g["wits"] = np.where(g["n"] > 1, (g["hhi"] - 1 / g["n"]) / (1 - 1 / g["n"]), np.nan)
    hh = indices.hhi(fl, over="product", normalized="wits").sort("reporter", "partner", "year")
    np.testing.assert_allclose(hh["hhi"].to_numpy(), g["hhi"].to_numpy(), rtol=1e-12)
    np.testing.assert_allclose(
        hh["hhi_wits"].to_numpy().astype(float), g["wits"].to_numpy(), rtol=1e-9
    )
    # growth 2018 -> 2019 of pair totals
    wide = pair.pivot_table(
        index=["reporter", "partner"], columns="year", values="value_usd"
    ).dropna()
    gr = indices.growth(indices.totals(fl), t0=2018, t1=2019).drop_nulls("growth")
    gr = gr.sort("reporter", "partner")
    np.testing.assert_allclose(
        gr["growth"].to_numpy(), (wide[2019] / wide[2018] - 1).to_numpy(), rtol=1e-12
    )
    # Finger-Kreinin with a merge of the two exporters' product shares, textbook |s_a - s_b| form
    a, b = "CHN", "RUS"
    sa = p[p.reporter == a][["year", "partner", "product", "s"]]
    sb = p[p.reporter == b][["year", "partner", "product", "s"]]
    m = sa.merge(sb, on=["year", "partner", "product"], how="outer", suffixes=("_a", "_b")).fillna(
        0.0
    )
    both_export = set(map(tuple, sa[["year", "partner"]].values)) & set(
        map(tuple, sb[["year", "partner"]].values)
    )
    m = m[[t in both_export for t in map(tuple, m[["year", "partner"]].values)]]
    m["d"] = (m["s_a"] - m["s_b"]).abs()
    fk = (1 - m.groupby(["partner", "year"])["d"].sum() / 2).sort_index()
    ours = indices.export_similarity(fl, a=a, b=b).sort("market", "year")
    np.testing.assert_allclose(ours["fk"].to_numpy(), fk.to_numpy(), atol=1e-12)
    # Complementarity: exporter shares of total exports vs importer (mirror) import shares
    x = p.groupby(["year", "reporter", "product"])["value_usd"].sum()
    x = x / x.groupby(level=[0, 1]).transform("sum")
    mm = p.groupby(["year", "partner", "product"])["value_usd"].sum()
    mm = mm / mm.groupby(level=[0, 1]).transform("sum")
    xr = x.rename("x").reset_index()
    mr = mm.rename("m").reset_index().rename(columns={"partner": "importer"})
    tcs = []
    for (y, i), xi in xr.groupby(["year", "reporter"]):
        for (_y2, j), mj in mr[mr.year == y].groupby(["year", "importer"]):
            if i == j:
                continue
            u = xi.merge(mj, on="product", how="outer").fillna({"x": 0.0, "m": 0.0})
            tcs.append((i, j, y, 100 * (1 - (u["m"] - u["x"]).abs().sum() / 2)))
    ref = pd.DataFrame(tcs, columns=["exporter", "importer", "year", "tc"]).sort_values(
        ["exporter", "importer", "year"], ignore_index=True
    )
    tc = indices.complementarity(fl).sort("exporter", "importer", "year")
    assert tc.height == len(ref)
    np.testing.assert_allclose(tc["tc"].to_numpy(), ref["tc"].to_numpy(), atol=1e-9)


def test_pandas_input_is_accepted_and_not_changed():
    fl = random_flows(4).to_pandas()
    before = fl.copy()
    out = indices.hhi(fl, over="partner")
    assert isinstance(out, pl.DataFrame) and out.height > 0
    pd.testing.assert_frame_equal(fl, before)


# -- errors ----------------------------------------------------------------------------------


def test_missing_columns_are_named():
    bad = pl.DataFrame(
        {"reporter": ["KAZ"], "partner": ["CHN"], "year": [2019], "value_usd": [1.0]}
    )
    with pytest.raises(InputError, match="missing column"):
        indices.shares(bad)
    with pytest.raises(InputError, match=r"gdp: missing column\(s\) value"):
        indices.remittance_dependence(
            pl.DataFrame({"iso3": ["KGZ"], "year": [2021], "value": [1.0]}),
            pl.DataFrame({"iso3": ["KGZ"], "year": [2021], "gdp": [1.0]}),
        )


def test_unknown_and_absent_countries():
    df = random_flows(5)
    with pytest.raises(InputError, match="unknown country 'Kyrgystan'"):
        indices.hhi(df, reporter="Kyrgystan")
    with pytest.raises(InputError, match=r"no export rows for 'TJK' \(Tajikistan\)"):
        indices.shares(df, reporter="TJK")
    with pytest.raises(InputError, match="no product export rows for 'TJK'"):
        indices.export_similarity(df, a="CHN", b="TJK")


def test_empty_selection_and_wrong_options():
    df = random_flows(6)
    with pytest.raises(InputError, match="shares: no import rows after the selection"):
        indices.shares(df, flow="import")
    with pytest.raises(InputError, match="normalized='herfindahl' is not known"):
        indices.hhi(df, normalized="herfindahl")
    with pytest.raises(InputError, match="needs product-level rows"):
        indices.hhi(indices.totals(df), over="product")
    with pytest.raises(InputError, match="years=.*runs backwards"):
        indices.shares(df, years=(2019, 2018))
    with pytest.raises(InputError, match="two different exporters"):
        indices.export_similarity(df, a="CHN")


# -- reference semantics on messy tables ---------------------------------------------------
# Random tables with what real ones have: WLD rows, all-products rows next to product rows,
# imports, zeros, mirrored rows, several sources, rows in no particular order. Each index is
# compared with a plain-Python statement of its rules.

PLACES = ["CHN", "RUS", "KAZ", "KGZ", "USA", "TUR", "WLD"]
PRODUCTS = ["010121", "100199", "270900", "850440"]


def messy_rows(seed: int) -> list[tuple]:
    rng = np.random.default_rng(seed)
    rows = []
    for y, r, f in itertools.product((2018, 2019), PLACES[:5], ("export", "import")):
        if rng.random() < 0.2:
            continue  # the reporter reports nothing that year in that direction
        for p in PLACES:
            if p == r or rng.random() < 0.35:
                continue
            kind = rng.random()
            if kind < 0.6:
                for k in PRODUCTS:
                    if rng.random() < 0.6:
                        v = 0.0 if rng.random() < 0.1 else float(rng.lognormal(3, 2))
                        rows.append((r, p, y, f, v, k, bool(rng.random() < 0.1), seed % 3))
            if kind > 0.4:
                v = float(rng.lognormal(5, 1))
                rows.append((r, p, y, f, v, None, bool(rng.random() < 0.1), 9))
    order = rng.permutation(len(rows))
    return [(*rows[i][:7], f"file{rows[i][7]}-{i % 3}") for i in order]


def messy(rows: list[tuple]) -> pl.DataFrame:
    return pl.DataFrame(
        rows,
        schema=[
            ("reporter", pl.String),
            ("partner", pl.String),
            ("year", pl.Int64),
            ("flow", pl.String),
            ("value_usd", pl.Float64),
            ("product", pl.String),
            ("mirrored", pl.Boolean),
            ("source", pl.String),
        ],
        orient="row",
    )


def assert_rows(got: list[tuple], want: list[tuple]) -> None:
    """Rows equal, floats to 1e-9 relative."""
    assert len(got) == len(want)
    for g, w in zip(got, want, strict=True):
        assert len(g) == len(w), (g, w)
        for a, b in zip(g, w, strict=True):
            if isinstance(b, float) and a is not None:
                assert a == pytest.approx(b, rel=1e-9, abs=1e-12), (g, w)
            else:
                assert a == b, (g, w)


def by(rows, key):
    out: dict = {}
    for row in rows:
        out.setdefault(key(row), []).append(row)
    return out


def ref_world(prod):
    """Per reporter, year, flow, product: WLD rows if the reporter has any, else partners."""
    has_wld = {(r, y, f) for r, p, y, f, *_ in prod if p == "WLD"}
    use = [x for x in prod if (x[1] == "WLD") == ((x[0], x[2], x[3]) in has_wld)]
    out = []
    for (r, y, f, k), xs in sorted(by(use, lambda x: (x[0], x[2], x[3], x[5])).items()):
        out.append((r, "WLD", y, f, sum(x[4] for x in xs), k, any(x[6] for x in xs), ""))
    return out


SEEDS = [11, 12, 13, 14]


@pytest.mark.parametrize("seed", SEEDS)
def test_totals_follow_their_rules_on_messy_tables(seed):
    rows = messy_rows(seed)
    want = []
    for key, xs in by(rows, lambda x: x[:4]).items():
        tot = [x for x in xs if x[5] is None]
        if tot:
            want += [(*key, x[4], x[6], x[7]) for x in tot]
        else:
            want.append((*key, sum(x[4] for x in xs), any(x[6] for x in xs), xs[0][7]))
    got = indices.totals(messy(rows))
    assert got.schema["reporter"] == pl.String and got["product"].null_count() == got.height
    got = got.select("reporter", "partner", "year", "flow", "value_usd", "mirrored", "source")
    assert_rows(sorted(got.rows()), sorted(want))


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("partner", [None, "WLD"])
def test_product_shares_follow_their_rules_on_messy_tables(seed, partner):
    rows = [x for x in messy_rows(seed) if x[3] == "import"]
    prod = [x for x in rows if x[5] is not None]
    if partner == "WLD":
        prod = ref_world(prod)
    totals = by([x for x in rows if x[5] is None], lambda x: x[:4])
    groups = by(prod, lambda x: x[:4])
    want = []
    for x in prod:
        g, t = groups[x[:4]], totals.get(x[:4])
        total = sum(y[4] for y in t) if t else sum(y[4] for y in g)
        m = x[6] or (any(y[6] for y in t) if t else any(y[6] for y in g))
        share = x[4] / total if total > 0 else None
        label = "all-products total" if t else "sum of rows"
        want.append((*x[:4], x[5], x[4], share, total, label, len(g), m))
    got = indices.shares(messy(rows), of="product", flow="import", partner=partner)
    assert_rows(got.rows(), sorted(want, key=lambda w: w[:5]))


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("partner", [None, "WLD", ["CHN", "WLD"]])
def test_hhi_over_products_follows_its_rules_on_messy_tables(seed, partner):
    rows = messy_rows(seed)
    prod = [x for x in rows if x[5] is not None and x[3] == "export"]
    if partner == "WLD":
        prod = ref_world(prod)
    elif partner:
        prod = [x for x in prod if x[1] in partner]
    want = []
    for key, xs in sorted(by(prod, lambda x: x[:4]).items()):
        s, sq = sum(x[4] for x in xs), sum(x[4] ** 2 for x in xs)
        hhi = min(sq / s**2, 1.0) if s > 0 else None
        n = sum(x[4] > 0 for x in xs)
        want.append((*key, hhi, n, s, any(x[6] for x in xs)))
    got = indices.hhi(messy(rows), over="product", partner=partner)
    assert_rows(got.rows(), want)


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("market", [None, "WLD", "central-asia"])
def test_export_similarity_follows_its_rules_on_messy_tables(seed, market):
    rows = messy_rows(seed)
    sel = [x for x in rows if x[3] == "export" and x[5] is not None and x[4] > 0]
    exporters = sorted({x[0] for x in sel} & {"CHN", "RUS", "USA", "KAZ"})
    sel = [x for x in sel if x[0] in exporters]
    if market is None:
        use = [(x[0], x[1], *x[2:]) for x in sel if x[1] != "WLD"]
    elif market == "WLD":
        use = ref_world(sel)
    else:
        use = [(x[0], "central-asia", *x[2:]) for x in sel if x[1] in ("KAZ", "KGZ")]
    cells = by(use, lambda x: (x[0], x[1], x[2]))  # exporter, market, year
    shares = {}
    for cell, xs in cells.items():
        total = sum(x[4] for x in xs)
        ks = by(xs, lambda x: x[5])
        shares[cell] = (
            {k: sum(x[4] for x in v) / total for k, v in ks.items()},
            total,
            any(x[6] for x in xs),
        )
    want = []
    for a, b in itertools.combinations(sorted(exporters), 2):
        for (e, mkt, y), (sa, ta, ma) in shares.items():
            if e != a or (b, mkt, y) not in shares:
                continue
            sb, tb, mb = shares[(b, mkt, y)]
            common = set(sa) & set(sb)
            fk = sum(min(sa[k], sb[k]) for k in common)
            n = len(set(sa) | set(sb))
            want.append((a, b, mkt, y, fk, len(common), n, ta, tb, ma or mb))
    if not want:
        with pytest.raises(InputError, match="no market where both pair members export"):
            indices.export_similarity(messy(rows), a=exporters, market=market)
        return
    got = indices.export_similarity(messy(rows), a=exporters, market=market)
    assert_rows(got.rows(), sorted(want, key=lambda w: w[:4]))


@pytest.mark.parametrize("seed", SEEDS)
def test_complementarity_follows_its_rules_on_messy_tables(seed):
    rows = [x for x in messy_rows(seed) if x[5] is not None]

    def by_product(xs):  # each reporter's world total by product: WLD rows, or partners
        has_wld = {x[0] for x in xs if x[1] == "WLD"}
        use = [x for x in xs if (x[1] == "WLD") == (x[0] in has_wld)]
        out = {r: {} for r in {x[0] for x in use}}
        for x in use:
            out[x[0]][x[5]] = out[x[0]].get(x[5], 0.0) + x[4]
        return out, {r: any(x[6] for x in use if x[0] == r) for r in out}

    want = []
    for y in (2018, 2019):
        yr = [x for x in rows if x[2] == y]
        x_, x_m = by_product([x for x in yr if x[3] == "export"])
        m_rep, m_rep_m = by_product([x for x in yr if x[3] == "import"])
        m_mir: dict = {}
        for x in yr:
            if x[3] == "export" and x[1] != "WLD":
                m_mir.setdefault(x[1], {})
                m_mir[x[1]][x[5]] = m_mir[x[1]].get(x[5], 0.0) + x[4]
        for i in sorted(set(x_) - {"WLD"}):
            xt = sum(x_[i].values())
            for j in sorted((set(m_rep) | set(m_mir)) - {"WLD", i}):
                reported = sum(m_rep.get(j, {}).values()) > 0
                m = m_rep[j] if reported else m_mir.get(j, {})
                mt = sum(m.values())
                if xt <= 0 or mt <= 0:
                    continue
                ks = set(x_[i]) | set(m)
                tc = 100 * sum(min(x_[i].get(k, 0) / xt, m.get(k, 0) / mt) for k in ks)
                n = sum(1 for k in ks if x_[i].get(k, 0) > 0 or m.get(k, 0) > 0)
                source = "reported" if reported else "mirror"
                mir = x_m[i] or (m_rep_m[j] if reported else True)
                want.append((i, j, y, tc, n, xt, mt, source, mir))
    got = indices.complementarity(messy(rows))
    assert_rows(got.rows(), sorted(want, key=lambda w: w[:3]))


@pytest.mark.parametrize("seed", SEEDS[:2])
def test_categorical_and_string_tables_give_the_same_results(seed):
    text = messy(messy_rows(seed))
    cat = text.with_columns(pl.col("reporter", "partner", "product").cast(pl.Categorical))
    for fn in (
        lambda t: indices.totals(t),
        lambda t: indices.shares(t),
        lambda t: indices.shares(t, of="product", partner="WLD"),
        lambda t: indices.hhi(t, over="product", normalized="wits"),
        lambda t: indices.intensity(t),
        lambda t: indices.region_shares(t, "central-asia"),
        lambda t: indices.export_similarity(t, a=["CHN", "RUS"], b="KAZ"),
        lambda t: indices.complementarity(t, exporter="CHN"),
        lambda t: indices.growth(indices.totals(t)),
    ):
        a, b = fn(text), fn(cat)
        assert_frame_equal(a, b, rel_tol=1e-12, abs_tol=0.0)
        # Results are small tables with String code columns; flows tables are Categorical.
        assert all(not isinstance(t, pl.Categorical) for t in a.schema.values())


@given(pairs)
def test_pairwise_overlap_equals_the_min_sum_of_shares(p):
    a, b = (kernels.shares(x)[None, :] for x in p)
    got = kernels.pairwise_overlap(np.vstack([a, b]), np.vstack([b, a]))
    want = kernels.pairwise_min_sum(np.vstack([a, b]), np.vstack([b, a]))
    np.testing.assert_allclose(got, want, atol=1e-12)


matrices = st.tuples(st.integers(0, 9), st.integers(0, 9), st.integers(1, 140)).flatmap(
    lambda s: st.tuples(
        arrays(np.float64, (s[0], s[2]), elements=st.sampled_from([0.0, 0.25, 1.0])),
        arrays(np.float64, (s[1], s[2]), elements=st.sampled_from([0.0, 0.5, 2.0])),
    )
)


@given(matrices)
def test_pairwise_common_counts_the_columns_both_rows_have(m):
    a, b = m
    want = [[int(np.sum((x > 0) & (y > 0))) for y in b] for x in a]
    assert kernels.pairwise_common(a, b).tolist() == want


def test_overlaps_of_several_pairs_at_once_equal_one_at_a_time():
    rng = np.random.default_rng(7)
    years = [(rng.random((n, 30)), rng.random((m, 30))) for n, m in ((40, 35), (1, 3), (0, 4))]
    for (a, b), got in zip(years, kernels.pairwise_overlaps(years), strict=True):
        want = 1.0 - np.abs(a[:, None, :] - b[None, :, :]).sum(axis=2) / 2.0
        assert got.shape == (a.shape[0], b.shape[0])
        np.testing.assert_allclose(got, want, rtol=1e-12)
    with pytest.raises(ValueError, match=r"need \(n_a, K\) and \(n_b, K\) arrays"):
        kernels.pairwise_overlaps([(np.ones((2, 3)), np.ones((2, 4)))])


def test_results_carry_the_sources_of_their_inputs():
    """An index computed from a table read from a dataset names that dataset (and its file
    checksums) in its provenance, so `accord.cite` and the report can list it."""
    from accord.provenance import Provenance, SourceRef, attach

    src = SourceRef("cepii-baci", "V202501", {"BACI_HS17_Y2019_V202501.csv": "ab" * 32})
    df = attach(
        flows(
            [
                ("KAZ", "CHN", 2019, "export", 10.0, "010121"),
                ("KAZ", "CHN", 2019, "export", 30.0, "020110"),
                ("RUS", "CHN", 2019, "export", 20.0, "010121"),
                ("KAZ", "RUS", 2019, "export", 5.0, "010121"),
            ]
        ).with_columns(
            pl.col("reporter").cast(pl.Categorical),
            pl.col("partner").cast(pl.Categorical),
            pl.col("product").cast(pl.Categorical),
        ),
        Provenance("accord.economy.read_baci", (src,)),
    )
    results = {
        "totals": indices.totals(df),
        "shares": indices.shares(df),
        "hhi": indices.hhi(df, over="product"),
        "export_similarity": indices.export_similarity(df, a="KAZ", b="RUS"),
    }
    for name, out in results.items():
        prov = provenance_of(out)
        assert prov.function == f"accord.economy.indices.{name}"
        assert prov.sources == (src,), name
    # Without provenance on the input, the result names no dataset (it cannot know one).
    assert provenance_of(indices.totals(flows([("KAZ", "CHN", 2019, "export", 1.0)]))).sources == ()
