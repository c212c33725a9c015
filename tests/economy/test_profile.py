"""accord.economy.profile against the figures it is built from."""

import polars as pl
import pytest

from accord.economy import figures
from accord.economy.profile import profile
from accord.errors import InputError


@pytest.fixture(scope="module")
def prof():
    return profile("central-asia", partners=["RUS", "CHN"], since=2000)


def test_trade_shares_equal_figures(prof):
    row = prof.trade.filter(
        (pl.col("reporter") == "KAZ")
        & (pl.col("partner") == "CHN")
        & (pl.col("year") == 2019)
        & (pl.col("flow") == "export")
    ).row(0, named=True)
    f = figures.select("trade", iso3="KAZ", year=2019, flow="export")
    value = f.filter(pl.col("partner") == "CHN")["value"][0]
    total = f.filter(pl.col("partner") == "WLD")["value"][0]
    assert row["value_usd"] == pytest.approx(value)
    assert row["share"] == pytest.approx(value / total)


def test_region_trade_lists_members_covered(prof):
    tr = prof.trade_region.filter(
        (pl.col("partner") == "RUS") & (pl.col("flow") == "import") & (pl.col("year") == 2018)
    )
    r = tr.row(0, named=True)
    assert r["n_members"] >= 2
    assert any("TJK" in n for n in prof.notes)


def test_remittance_ties_and_migrants(prof):
    ties = prof.remittance_ties.filter((pl.col("iso3") == "UZB") & (pl.col("sender") == "RUS")).row(
        0, named=True
    )
    assert ties["remittances_usd"] == pytest.approx(9197.53e6, rel=1e-4)
    gdp = figures.select("gdp", iso3="UZB", year=2021)["value"][0]
    assert ties["pct_gdp"] == pytest.approx(100 * ties["remittances_usd"] / gdp)
    assert ties["pct_received"] == pytest.approx(
        100.0, rel=1e-3
    )  # all of UZB's estimated remittances
    mig = prof.migrants.filter((pl.col("origin") == "KAZ") & (pl.col("destination") == "RUS")).row(
        0, named=True
    )
    assert mig["migrants"] == 2_558_907
    pop = figures.select("population", iso3="RUS", year=2021)["value"][0]
    assert mig["pct_destination_population"] == pytest.approx(100 * 2_558_907 / pop)


def test_finance_is_chinese_only(prof):
    fin = prof.finance.filter(pl.col("iso3") == "UZB").row(0, named=True)
    assert fin["projects"] > 0 and fin["china_finance_usd"] > 0
    assert any("there is no equivalent for RUS" in n for n in prof.notes)


def test_errors():
    with pytest.raises(InputError, match="unknown region 'centrl-asia'"):
        profile("centrl-asia")
    with pytest.raises(InputError, match="unknown profile table 'tradez'"):
        profile("central-asia").table("tradez")
