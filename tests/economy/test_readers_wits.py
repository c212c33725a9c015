"""WITS trade summaries: flows and indicators, on the shared files (``trade_wits_summary/``)."""

from __future__ import annotations

import polars as pl
import pytest

from accord.economy.flows import validate_flows
from accord.economy.readers_wits import read_wits_indicators, read_wits_summary
from accord.errors import InputError

HEADER = "Reporter,Partner,Product categories,Indicator Type,Indicator,2019,2018\n"


@pytest.fixture(scope="module")
def wits(mirror):
    return mirror / "trade_wits_summary"


@pytest.fixture(scope="module")
def raw_flows(wits):
    return {p.name[3:6]: read_wits_summary(p) for p in sorted((wits / "raw").glob("*.CSV"))}


def value(df: pl.DataFrame, **where) -> float:
    hit = df.filter(*(pl.col(k) == v for k, v in where.items()))
    assert hit.height == 1, hit
    return hit["value_usd"][0]


def test_kaz_exports_to_china_in_dollars(raw_flows):
    kaz = raw_flows["KAZ"]
    assert validate_flows(kaz).equals(kaz)
    # SOURCE.md: 672.6 US$m in 2000, 10,122 in 2010, 7,823 in 2019
    exports = dict(zip(*kaz.filter(pl.col("partner") == "CHN", pl.col("flow") == "export")
                       .select("year", "value_usd"), strict=True))  # fmt: skip
    assert len(exports) == 25 and min(exports) == 1995
    assert exports[2019] == pytest.approx(7.82341e9)
    assert round(exports[2010] / 1e6) == 10_122
    assert round(exports[2000] / 1e5) == 6_726
    imports = kaz.filter(pl.col("partner") == "CHN", pl.col("flow") == "import")["year"]
    assert (imports.len(), imports.min(), imports.max()) == (18, 2002, 2019)


def test_world_totals_and_row_counts(raw_flows):
    kaz = raw_flows["KAZ"]
    assert kaz.height == 300
    assert value(kaz, partner="WLD", year=2019, flow="export") == pytest.approx(57_722.94e6)
    assert value(kaz, partner="WLD", year=2019, flow="import") == pytest.approx(38_356.66e6)
    assert kaz.filter(pl.col("partner") == "WLD").height == 50  # 1995-2019, both ways
    # TKM: Russia among the top five 1997-2000 only
    tkm_rus = raw_flows["TKM"].filter(pl.col("partner") == "RUS")["year"].unique().sort()
    assert tkm_rus.to_list() == [1997, 1998, 1999, 2000]


def test_aggregates_are_dropped_and_counted(wits):
    flows, rep = read_wits_summary(wits / "raw/en_CHN_AllYears_WITS_Trade_Summary.CSV", report=True)
    assert rep.layout == "wits-wide"
    dropped = dict(zip(rep.dropped["value"], rep.dropped["n_rows"], strict=True))
    assert dropped == {"Other Asia, nes": 28, "Unspecified": 2}
    assert "TWN" not in set(flows["partner"])  # "Other Asia, nes" is never turned into a country
    assert "values in US$ millions multiplied by 1,000,000" in rep.notes


def test_long_files_agree_with_the_raw_files(wits, raw_flows):
    raw = pl.concat(raw_flows.values())
    for name in ("wits_bilateral_top5_partner_long.csv", "wits_country_totals_long.csv"):
        flows, rep = read_wits_summary(wits / name, report=True)
        assert rep.layout == "wits-long"
        keys = ["reporter", "partner", "year", "flow"]
        both = flows.join(raw, on=keys, how="left", suffix="_raw")
        assert both["value_usd_raw"].null_count() == 0
        assert (both["value_usd"] - both["value_usd_raw"]).abs().max() < 1e-3
    assert read_wits_summary(wits / "wits_bilateral_top5_partner_long.csv").height == 465


def test_indicators(wits):
    ind, rep = read_wits_indicators(
        wits / "raw/en_KAZ_AllYears_WITS_Trade_Summary.CSV", report=True
    )
    assert ind.columns == [
        "reporter", "partner", "product", "indicator_type", "indicator", "year", "value", "source"
    ]  # fmt: skip
    y2019 = ind.filter(pl.col("year") == 2019)
    gdp = y2019.filter(pl.col("indicator") == "GDP (current US$ Mil)")
    assert gdp.select("partner", "product", "value").row(0) == (None, None, 181666.0)
    share = y2019.filter(pl.col("indicator") == "Partner share(%)-Top 5 Export Partner")
    assert dict(share.select("partner", "value").iter_rows())["CHN"] == 13.55
    hh = y2019.filter(pl.col("indicator") == "HH Market concentration index")["value"]
    assert hh.to_list() == [0.07]
    # the flows themselves are not indicators
    assert ind.filter(pl.col("indicator") == "Exports (in US$ Mil)").height == 0
    assert ind.filter(pl.col("indicator") == "Export(US$ Mil)", pl.col("product") == "Fuels").height
    assert rep.n_kept == ind.height


def test_malformed_values_and_wrong_columns(write):
    path = write(
        "en_KAZ.csv",
        HEADER
        + "Kazakhstan,China,All Products,Export,Trade (US$ Mil)-Top 5 Export Partner,"
        + "  7823.41,   n/a\n"
        + "Kazakhstan,Atlantis,All Products,Import,Trade (US$ Mil)-Top 5 Import Partner,1,\n",
    )
    with pytest.raises(InputError) as err:
        read_wits_summary(path)
    assert str(err.value).startswith(
        "en_KAZ.csv line 2, column '2018': 'n/a' is not a number; line 3, column 'Partner': "
        "unknown country 'Atlantis'"
    )
    flows = read_wits_summary(path, errors="skip")  # the good 2019 cell of line 2 is kept
    assert flows.select("partner", "year", "value_usd").rows() == [("CHN", 2019, 7.82341e9)]
    with pytest.raises(InputError, match=r"missing column\(s\) 'Indicator Type' for the WITS"):
        read_wits_summary(write("x.csv", HEADER.replace("Indicator Type,", "Type,")))
