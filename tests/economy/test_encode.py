"""The integer encoding of flows tables: codes, grouping, the per-table cache."""

from __future__ import annotations

import gc

import numpy as np
import polars as pl
import pytest
from polars.testing import assert_frame_equal

from accord.economy import encode as E
from accord.economy import grouping, indices
from accord.economy.flows import validate_flows
from accord.errors import InputError


def table(**extra) -> pl.DataFrame:
    data = {
        "reporter": ["RUS", "KAZ", "RUS", "KAZ", "CHN"],
        "partner": ["KAZ", "WLD", "CHN", "RUS", "KAZ"],
        "year": [2019, 2019, 2018, 2019, 2021],
        "flow": ["export", "import", "export", "export", "import"],
        "value_usd": [1.0, 2.0, 3.0, 4.0, 5.0],
        "product": ["270900", None, "100199", "270900", "010121"],
    }
    return validate_flows(pl.DataFrame(data | extra))


def test_codes_follow_the_sorted_names():
    enc = E.encode(table())
    assert enc.countries.to_list() == ["CHN", "KAZ", "RUS", "WLD"]
    assert enc.products.to_list() == ["010121", "100199", "270900"]
    assert enc.years.tolist() == [2018, 2019, 2021]  # not consecutive: a lookup table
    assert enc.names(enc.reporter).to_list() == ["RUS", "KAZ", "RUS", "KAZ", "CHN"]
    assert enc.names(enc.partner).to_list() == ["KAZ", "WLD", "CHN", "RUS", "KAZ"]
    assert enc.years[enc.year].tolist() == [2019, 2019, 2018, 2019, 2021]
    assert enc.product.tolist() == [2, 3, 1, 2, 0]  # the all-products row sorts last
    assert enc.flow.tolist() == [0, 1, 0, 0, 1]
    assert enc.world.tolist() == [False, True, False, False, False]
    assert enc.has_product.tolist() == [True, False, True, True, True]
    assert enc.wld == 3 and enc.code("RUS") == 2 and enc.code("USA") == -1
    assert enc.all_positive and enc.any_total and enc.any_world  # known while encoding
    assert not E.encode(table(value_usd=[1.0, 0.0, 2.0, 3.0, 4.0])).all_positive
    assert not E.encode(table(value_usd=[1.0, 2.0, float("nan"), 3.0, 4.0])).all_positive


def test_world_is_always_a_code_and_mirrored_rows_are_flagged():
    df = table(partner=["KAZ", "CHN", "CHN", "RUS", "KAZ"], mirrored=[False] * 4 + [True])
    enc = E.encode(df)
    assert enc.countries.to_list() == ["CHN", "KAZ", "RUS", "WLD"]
    assert not enc.world.any()
    assert enc.mirrored.tolist() == [False] * 4 + [True]


def test_the_encoding_is_kept_per_table_and_released_with_it():
    df = table()
    enc = E.encode(df)
    assert E.encode(df) is enc  # indices on the same table encode it once
    assert E.encode(df.clone()) is not enc  # another object: encoded again
    key = id(df)
    del df, enc
    gc.collect()
    assert key not in E._cache


def test_a_table_changed_in_place_is_encoded_again():
    df = table()
    before = indices.totals(df)
    df[0, "value_usd"] = 10.0
    after = indices.totals(df)
    rus_kaz = (pl.col("reporter") == "RUS") & (pl.col("partner") == "KAZ")
    assert before.filter(rus_kaz)["value_usd"].to_list() == [1.0]
    assert after.filter(rus_kaz)["value_usd"].to_list() == [10.0]


def test_a_hint_that_misses_a_code_is_not_trusted():
    df, counted = table(), E._encode(table(), "test")
    E.hint(df, countries={"RUS", "KAZ"}, products={"270900", "100199", "010121"})  # no CHN
    enc = E.encode(df)
    assert enc.countries.to_list() == counted.countries.to_list() == ["CHN", "KAZ", "RUS", "WLD"]
    for name in ("reporter", "partner", "product"):
        assert np.array_equal(getattr(enc, name), getattr(counted, name))
    right = table()
    E.hint(right, countries={"RUS", "KAZ", "CHN", "WLD"}, products={"270900", "100199", "010121"})
    hinted = E.encode(right)  # the hint holds: used, the all-products row still sorts last
    for name in ("reporter", "partner", "product", "year"):
        assert np.array_equal(getattr(hinted, name), getattr(counted, name))
    assert E.hinted(right) is not None
    right[0, "value_usd"] = 10.0  # changed in place: the hint no longer holds
    assert E.hinted(right) is None


def test_hinted_years_are_used_only_when_they_cover_every_year_between():
    df = table()  # years 2018, 2019, 2021: not consecutive
    names = {"countries": {"RUS", "KAZ", "CHN", "WLD"}, "products": {"270900", "100199", "010121"}}
    for years in ({2018, 2019}, {2018, 2019, 2021}):  # a year missing; not consecutive
        enc = E._encode(df, "test", names | {"years": frozenset(years)})
        assert enc.years.tolist() == [2018, 2019, 2021]
        assert enc.years[enc.year].tolist() == [2019, 2019, 2018, 2019, 2021]
    consecutive = table(year=[2019, 2019, 2018, 2019, 2020])
    enc = E._encode(consecutive, "test", names | {"years": frozenset({2018, 2019, 2020})})
    assert enc.years.tolist() == [2018, 2019, 2020] and enc.year.tolist() == [1, 1, 0, 1, 2]


def test_missing_reporters_are_refused():
    df = table().with_columns(pl.Series("reporter", ["RUS", None, "RUS", "KAZ", "CHN"]))
    with pytest.raises(InputError, match="flows: reporter is missing on 1 row"):
        E.encode(df)


def test_pair_sums_count_runs_of_rows_once():
    # The same reporter, partner, year and flow in two runs, a total row, a zero.
    df = validate_flows(
        pl.DataFrame(
            {
                "reporter": ["RUS", "RUS", "KAZ", "RUS", "RUS"],
                "partner": ["KAZ"] * 5,
                "year": [2019] * 5,
                "flow": ["export"] * 5,
                "value_usd": [1.0, 2.0, 7.0, 0.0, 9.0],
                "product": ["01", "02", "01", "03", None],
                "mirrored": [False, False, False, True, False],
            }
        )
    )
    ps = E.encode(df).pairs()
    enc = E.encode(df)
    assert enc.names(ps.reporter).to_list() == ["KAZ", "RUS"]
    assert ps.value.tolist() == [7.0, 3.0]
    assert ps.value_sq.tolist() == [49.0, 5.0]
    assert ps.n_rows.tolist() == [1, 3]
    assert ps.n_positive.tolist() == [1, 2]
    assert ps.mirrored.tolist() == [False, True]
    assert ps.first.tolist() == [2, 0]
    assert ps.total_rows.tolist() == [4]


def test_indices_agree_when_groups_are_sorted_instead_of_counted(monkeypatch):
    rng = np.random.default_rng(5)
    n = 400
    df = pl.DataFrame(
        {
            "reporter": rng.choice(["CHN", "RUS", "KAZ", "USA"], n),
            "partner": rng.choice(["KGZ", "UZB", "TJK", "WLD"], n),
            "year": rng.choice([2017, 2019], n),
            "flow": rng.choice(["export", "import"], n),
            "value_usd": rng.lognormal(2, 1, n),
            "product": rng.choice(["01", "02", "03", "04", "05"], n),
        }
    ).unique(["reporter", "partner", "year", "flow", "product"])
    calls = {
        "totals": lambda t: indices.totals(t),
        "shares": lambda t: indices.shares(t, of="product", partner="WLD"),
        "hhi": lambda t: indices.hhi(t, over="product", normalized="unctad"),
        "fk": lambda t: indices.export_similarity(t, a=["CHN", "RUS", "KAZ"], market="WLD"),
        "tc": lambda t: indices.complementarity(t),
    }
    dense = {k: f(df) for k, f in calls.items()}
    monkeypatch.setattr(grouping, "DENSE_LIMIT", 0)
    for k, f in calls.items():
        assert_frame_equal(f(df.clone()), dense[k], rel_tol=1e-12, abs_tol=1e-15)


def test_flags_over_runs_equal_a_lookup_per_row():
    rng = np.random.default_rng(2)
    runs = np.repeat(rng.integers(0, 5, 40), rng.integers(1, 90, 40))  # long runs
    scattered = rng.integers(0, 5, runs.size)  # a run per row or so
    lookup = np.array([True, False, True, True, False])
    for reporter in (runs, scattered):
        df = validate_flows(
            pl.DataFrame(
                {
                    "reporter": np.array(["CHN", "KAZ", "KGZ", "RUS", "USA"])[reporter],
                    "partner": "WLD",
                    "year": 2019,
                    "flow": "export",
                    "value_usd": 1.0,
                }
            )
        )
        enc = E.encode(df)
        assert (enc.flags("reporter", lookup) == lookup[enc.reporter]).all()


def test_a_table_in_chunks_shuffled_or_not_gives_the_same_indices():
    # Tables read file by file come in chunks, sorted; the encoding must not depend on it.
    rng = np.random.default_rng(11)
    n = 3000
    df = validate_flows(
        pl.DataFrame(
            {
                "reporter": rng.choice(["CHN", "RUS", "KAZ", "USA", "TUR"], n),
                "partner": rng.choice(["KGZ", "UZB", "TJK", "CHN", "RUS"], n),
                "year": rng.choice([2016, 2017, 2019], n),
                "flow": "export",
                "value_usd": rng.lognormal(2, 1, n),
                "product": rng.choice([f"{k:06d}" for k in range(0, 400000, 997)], n),
            }
        )
        .filter(pl.col("reporter") != pl.col("partner"))
        .unique(["reporter", "partner", "year", "product"], keep="first")
        .sort("year", "reporter", "partner", "product")
    )
    chunked = pl.concat([df.slice(0, 1000), df.slice(1000, 700), df.slice(1700)], rechunk=False)
    assert chunked["value_usd"].n_chunks() >= 3
    shuffled = df.sample(fraction=1.0, shuffle=True, seed=3)
    calls = {
        "totals": lambda t: indices.totals(t),
        "hhi": lambda t: indices.hhi(t, over="product", normalized="wits"),
        "tc": lambda t: indices.complementarity(t),
        "fk": lambda t: indices.export_similarity(t, a=["CHN", "RUS", "KAZ", "USA"]),
    }
    for fn in calls.values():
        want = fn(df)
        for other in (chunked, shuffled):
            assert_frame_equal(fn(other), want, rel_tol=1e-12, abs_tol=1e-15)
