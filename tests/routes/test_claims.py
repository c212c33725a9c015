"""The article's corridor figures checked against the network."""

import doctest

import polars as pl

import accord.routes.claims as claims_mod
import accord.routes.paths as paths_mod
from accord.routes import claims


def test_verdicts():
    t = claims.check()
    v = dict(zip(t["id"], t["verdict"], strict=True))
    assert v == {
        "corridor_295km_shorter": "contradicted",
        "corridor_5_days_faster": "contradicted",
        "corridor_7_days": "not checkable",
    }
    row = t.filter(pl.col("id") == "corridor_295km_shorter").row(0, named=True)
    # via_khorgos 3,871.5 km by hand; article_2020 4,058 km by hand (see test_paths)
    assert row["data_value"] == 3871.5 - 4058.0
    assert row["difference"] == 3871.5 - 4058.0 - 295
    seven = t.filter(pl.col("id") == "corridor_7_days").row(0, named=True)
    assert seven["difference"] is None and seven["data_low"] < 7 < seven["data_high"]
    assert set(t["location"]) == {"seed:000_cf1e8d2c18dc2170, paragraph 35"}


def test_assumptions_are_stated():
    text = " ".join(claims.assumptions_text())
    for word in ("Khorgos", "800 km/day", "24 h at a border", "estimate", "June 2020"):
        assert word in text


def test_docstring_examples_run():
    for mod in (claims_mod, paths_mod):
        result = doctest.testmod(mod, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
        assert result.failed == 0


def test_results_can_be_cited():
    import accord
    from accord import routes

    assert isinstance(accord.cite(routes.compare("Lanzhou", "Tashkent")), str)
    assert isinstance(accord.cite(claims.check()), str)
