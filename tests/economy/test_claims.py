"""The article's claims: registry, verdict rules, and the checks against independent reads."""

import polars as pl
import pytest

from accord.economy import claims, figures, read_wdi, read_wits_summary
from accord.economy.claims import Claim


@pytest.fixture(scope="module")
def table():
    return claims.check()


def verdict(table, id):
    return table.filter(pl.col("id") == id).row(0, named=True)


def test_registry_is_complete_and_sourced(table):
    reg = claims.claims()
    assert reg["id"].n_unique() == reg.height == table.height == 17
    assert reg["location"].str.starts_with("paragraph ").all()
    assert set(table["verdict"]) <= set(claims.VERDICTS)


def test_thirty_fold_is_arithmetic(table):
    r = verdict(table, "china_ca_trade_fold")
    assert r["verdict"] == "supported"
    assert r["data_value"] == pytest.approx(46.5 / 1.5)
    assert r["data_kind"] == "arithmetic"


def test_migrants_share_uses_wdi_population(table, mirror):
    pop = read_wdi(mirror / "worldbank_wdi/population_SP.POP.TOTL_all_countries.csv")
    rus = pop.filter((pl.col("iso3") == "RUS") & (pl.col("year") == 2019))["value"][0]
    r = verdict(table, "ca_migrants_share_of_russia")
    assert r["data_value"] == pytest.approx(100 * 6e6 / rus)
    assert r["verdict"] == "supported"  # 4.13% is within 0.5 points of 4%


def test_remittance_shares_against_wdi(table, mirror):
    wdi = read_wdi(mirror / "worldbank_wdi/remittances_pct_gdp_BX.TRF.PWKR.DT.GD.ZS_focal.csv")
    for iso3, id in (("KGZ", "remittances_gdp_kgz"), ("TJK", "remittances_gdp_tjk")):
        want = wdi.filter((pl.col("iso3") == iso3) & (pl.col("year") == 2019))["value"][0]
        r = verdict(table, id)
        assert r["data_value"] == pytest.approx(want)
        assert r["verdict"] == ("supported" if abs(want - 30) <= 3 else "contradicted")


def test_russia_trade_lower_bound_contradicts(table, mirror):
    """KAZ's and KGZ's own reports of trade with Russia in 2018 already exceed 12.2 bn."""
    raw = mirror / "trade_wits_summary/raw"
    flows = pl.concat(
        [read_wits_summary(raw / f"en_{c}_AllYears_WITS_Trade_Summary.CSV") for c in ("KAZ", "KGZ")]
    )
    rus = flows.filter((pl.col("partner") == "RUS") & (pl.col("year") == 2018))
    total = rus["value_usd"].sum()
    r = verdict(table, "russia_ca_trade_2018")
    assert r["data_value"] == pytest.approx(total)
    assert total > 12.2e9 * 1.1
    assert (r["verdict"], r["data_kind"]) == ("contradicted", "lower bound")
    assert "KAZ, KGZ alone already reach" in r["note"]


def test_partial_data_is_not_judged(table):
    for id in ("china_ca_trade_2019", "ca_exports_to_china_rise", "ca_exports_china_share"):
        r = verdict(table, id)
        assert r["verdict"] == "not checkable"
        assert r["difference"] is None
    r = verdict(table, "ca_migrants_in_russia_2019")
    assert r["verdict"] == "not checkable" and "country of birth" in r["note"]
    r = verdict(table, "remittances_russia_to_ca_2019")
    assert "2021 only" in r["note"] and "13.71 bn USD" in r["data_used"]


def test_verdict_rules_on_synthetic_figures():
    """The same checks on a hand-made figures table: complete, partial and contradicting data."""
    base = figures.load().filter(pl.col("indicator") != "trade")
    rows = []
    for m, v in zip(("KAZ", "KGZ", "TJK", "TKM", "UZB"), (5e9, 3e9, 2e9, 1e9, 1.2e9), strict=True):
        for flow in ("export", "import"):
            rows.append(("trade", m, "RUS", 2018, flow, v / 2, "USD", "test", False))
    trade = pl.DataFrame(rows, schema=base.schema, orient="row")
    complete = claims.check(pl.concat([base, trade]))
    r = verdict(complete, "russia_ca_trade_2018")
    assert r["verdict"] == "supported"  # 12.2 bn exactly
    assert r["data_value"] == pytest.approx(12.2e9)
    partial = claims.check(pl.concat([base, trade.filter(pl.col("iso3") != "UZB")]))
    r = verdict(partial, "russia_ca_trade_2018")
    assert r["verdict"] == "not checkable" and "lower bound of 11.00 bn USD" in r["note"]
    big = trade.with_columns(pl.col("value") * 3)
    r = verdict(claims.check(pl.concat([base, big])), "russia_ca_trade_2018")
    assert r["verdict"] == "contradicted" and r["difference"] == pytest.approx(3 * 12.2e9 - 12.2e9)


def test_tolerances():
    c = Claim("x", "x", 30, "percent", 2019, "paragraph 1", {"abs": 3})
    assert c.within(27.0) and not c.within(26.9)
    c = Claim("y", "y", 100, "USD", 2019, "paragraph 1", {"rel": 0.1})
    assert c.within(110) and not c.within(111)
