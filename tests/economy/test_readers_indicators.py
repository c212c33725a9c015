"""WDI and AidData readers: the shared files in ``worldbank_wdi/`` and
``aiddata_china_engagement/``, and synthetic files in the WDI bulk and DataBank layouts."""

from __future__ import annotations

import sys

import polars as pl
import pytest

from accord.economy.readers_indicators import (
    read_aiddata_diplomacy,
    read_aiddata_finance,
    read_wdi,
)
from accord.errors import InputError, MissingExtraError
from accord.provenance import provenance_of

CA = ["KAZ", "KGZ", "TJK", "TKM", "UZB"]
REMIT = "BX.TRF.PWKR.DT.GD.ZS"
BULK = f"API_{REMIT}_DS2_en_csv_v2_3686014.csv"


@pytest.fixture(scope="module")
def wdi(mirror):
    return mirror / "worldbank_wdi"


@pytest.fixture(scope="module")
def aiddata(mirror):
    return mirror / "aiddata_china_engagement"


@pytest.fixture(scope="module")
def finance(aiddata):
    pytest.importorskip("openpyxl", reason="xlsx files need the excel extra (accord[excel])")
    return read_aiddata_finance(
        aiddata / "GlobalChineseOfficialFinanceDataset_v1.0.xlsx", report=True
    )


def cell(df: pl.DataFrame, **where) -> float:
    hit = df.filter(*(pl.col(k) == v for k, v in where.items()))
    assert hit.height == 1, hit
    return hit["value"][0]


# ---------------------------------------------------------------------------- WDI


def test_wdi_remittances_reference_values(wdi):
    df, rep = read_wdi(wdi / f"remittances_pct_gdp_{REMIT}_focal.csv", report=True)
    assert rep.layout == "wdi-long" and df.height == 187
    assert df.columns == ["iso3", "indicator", "year", "value", "indicator_name", "source"]
    # SOURCE.md spot values for 2020
    spot = {"KGZ": 31.32, "TJK": 26.69, "UZB": 11.65, "KAZ": 0.22, "WLD": 0.79}
    for iso3, expected in spot.items():
        assert round(cell(df, iso3=iso3, year=2020), 2) == expected
    assert set(df["indicator"]) == {REMIT}
    assert df["indicator_name"][0] == "Personal remittances, received (% of GDP)"


def test_wdi_single_indicator_files_take_the_code_from_the_name(wdi):
    gdp = read_wdi(wdi / "gdp_current_usd_NY.GDP.MKTP.CD_all_countries.csv")
    assert gdp.height == 13_979 and set(gdp["indicator"]) == {"NY.GDP.MKTP.CD"}
    assert gdp.filter(pl.col("iso3") == "WLD")["year"].min() == 1960  # aggregates kept
    assert gdp.filter(pl.col("iso3") == "KGZ")["year"].min() == 1990
    pop = read_wdi(wdi / "population_SP.POP.TOTL_all_countries.csv", indicator="SP.POP.TOTL")
    assert pop.height == 17_195
    fdi = read_wdi(wdi / "fdi_net_bop_BN.KLT.DINV.CD_all_countries_1996_2018.csv")
    assert fdi["value"].min() < 0  # net FDI (BoP) is negative for net inflows
    assert fdi.filter(pl.col("iso3") == "TKM").height == 0  # TKM empty: missing, not zero


def test_wdi_choose_one_indicator(wdi):
    path = wdi / "wdi_2021_cross_section_focal9.csv"
    every = read_wdi(path)
    assert every["indicator"].n_unique() == 951
    remit = read_wdi(path, indicator=REMIT)
    assert set(remit["year"]) == {2021} and set(remit["iso3"]) <= {*CA, "RUS", "CHN", "USA", "WLD"}
    by_name = read_wdi(path, indicator="personal remittances, received (% of gdp)")
    assert by_name.equals(remit)
    with pytest.raises(
        InputError, match=r"wdi_2021_cross_section_focal9\.csv has no indicator 'XX\.YY'"
    ):
        read_wdi(path, indicator="XX.YY")


def test_wdi_bulk_and_databank_layouts(fixtures):
    bulk, rep = read_wdi(fixtures / BULK, report=True)
    assert rep.layout == "wdi-bulk" and rep.n_read == 5
    assert cell(bulk, iso3="KGZ", year=2020) == 31.3189
    assert cell(bulk, iso3="ECS", year=2020) == 0.9  # a WB region keeps its code
    assert bulk.filter(pl.col("iso3") == "TKM").height == 0
    bank, rep = read_wdi(fixtures / "wdi_databank_export.csv", report=True)
    assert rep.layout == "wdi-databank"
    assert rep.dropped.row(0) == ("note or blank row", None, 4)
    assert cell(bank, iso3="KGZ", year=2020, indicator="NY.GDP.MKTP.CD") == 7.736e9
    assert bank.filter(pl.col("iso3") == "TKM").height == 0  # ".." is missing
    assert read_wdi(fixtures / "wdi_databank_export.csv", indicator=REMIT).height == 4


def test_wdi_errors(write):
    path = write("gdp.csv", "Country Name,Country Code,Year,Value\nKyrgyz Republic,KGZ,2020,1\n")
    with pytest.raises(InputError) as err:
        read_wdi(path)
    assert str(err.value) == (
        "gdp.csv has no indicator column and its name does not give a WDI code; pass "
        "indicator='NY.GDP.MKTP.CD' (the code of the series the file holds)."
    )
    bad = write(
        "x_NY.GDP.MKTP.CD.csv",
        "Country Name,Country Code,Year,Value\nA,KGZ,2020,n/a\nB,,2020,3\nC,KAZ,,4\nD,UZB,2020,5\n",
    )
    with pytest.raises(InputError) as err:
        read_wdi(bad)
    assert str(err.value) == (
        "x_NY.GDP.MKTP.CD.csv line 2, column 'Value': 'n/a' is not a number; line 3, column "
        "'Country Code': the country code is missing; line 4, column 'Year': the year is "
        'missing; fix them or pass errors="skip".'
    )
    ok, rep = read_wdi(bad, errors="skip", report=True)
    assert ok.select("iso3", "value").rows() == [("UZB", 5.0)]
    assert rep.skipped["line"].to_list() == [2, 3, 4]
    with pytest.raises(InputError, match=r"^y\.csv: unrecognised layout"):
        read_wdi(write("y.csv", "a,b\n1,2\n"))
    with pytest.raises(InputError, match=r"^z\.csv is empty"):
        read_wdi(write("z.csv", ""))


# ---------------------------------------------------------------------------- AidData


def test_aiddata_finance_central_asia(finance):
    df, rep = finance
    assert df.height == 5_466 and rep.unit == "row"
    counts = dict(df.filter(pl.col("recipient").is_in(CA)).group_by("recipient").len().iter_rows())
    assert counts == {"UZB": 51, "TJK": 40, "KAZ": 30, "TKM": 14, "KGZ": 53}
    # Kyrgyzstan is labelled "Kyrgyz Republic" in the file
    kgz = df.filter(pl.col("recipient") == "KGZ")["recipient_name"].unique().to_list()
    assert kgz == ["Kyrgyz Republic"]
    assert df["recipient"].null_count() == 85  # regional / multi-country projects
    assert "85 regional or multi-country projects kept with recipient null" in rep.notes
    assert provenance_of(df).sources[0].id == "aiddata-gcof"


def test_aiddata_finance_columns(finance):
    df, _ = finance
    assert df.columns[:11] == [
        "project_id", "year", "recipient", "recipient_name", "flow_class", "flow", "intent",
        "status", "usd_current", "usd_defl_2014", "title",
    ]  # fmt: skip
    port = df.filter(pl.col("project_id") == 3).row(0, named=True)
    assert (port["recipient"], port["year"], port["flow_class"]) == ("MRT", 2008, "ODA-like")
    assert port["usd_current"] == 287825485.7 and port["usd_defl_2014"] == 396886330.8
    assert df.filter(pl.col("project_id") == 1)["usd_current"].to_list() == [None]  # " " in file
    assert set(df["flow_class"]) == {"ODA-like", "OOF-like", "Vague (Official Finance)"}
    assert df["recommended_for_research"].sum() == 4_373


def test_aiddata_finance_csv_and_errors(write):
    header = (
        "project_id,year,recipient_condensed,recipient_iso3,flow_class,flow,intent,status,title,"
        "usd_current,usd_defl_2014\n"
    )
    path = write(
        "gcof.csv",
        header
        + "1,2010,Kyrgyz Republic,KGZ,ODA-like,Grant,Development,Completion,Road,100, \n"
        + "2,20x0,Tajikistan,TJK,ODA-like,Grant,Development,Completion,School,5,6\n"
        + "3,2011,Atlantis,,OOF-like,Loan,Commercial,Pipeline: Pledge,Port,7,8\n",
    )
    with pytest.raises(InputError) as err:
        read_aiddata_finance(path)
    assert str(err.value).startswith(
        "gcof.csv line 3, column 'year': '20x0' is not a year; line 4, column "
        "'recipient_condensed': unknown country 'Atlantis'"
    )
    ok = read_aiddata_finance(path, errors="skip")
    assert ok.select("project_id", "recipient", "usd_current", "usd_defl_2014").rows() == [
        (1, "KGZ", 100.0, None)
    ]
    with pytest.raises(InputError, match=r"missing column\(s\) 'usd_defl_2014' for the AidData"):
        read_aiddata_finance(write("b.csv", header.replace(",usd_defl_2014", "")))


def test_xlsx_needs_the_excel_extra(aiddata, monkeypatch):
    monkeypatch.setitem(sys.modules, "openpyxl", None)
    with pytest.raises(MissingExtraError, match=r'needs openpyxl: pip install "accord\[excel\]"'):
        read_aiddata_finance(aiddata / "GlobalChineseOfficialFinanceDataset_v1.0.xlsx")


def test_aiddata_diplomacy(aiddata):
    df, rep = read_aiddata_diplomacy(aiddata / "ChinesePublicDiplomacy.csv", report=True)
    assert df.height == 741 and rep.n_kept == 741
    assert df.columns[:3] == ["iso3", "year", "confucius_institutes"]
    visits = (
        df.filter(pl.col("iso3").is_in(CA)).group_by("iso3").agg(pl.col("government_visits").sum())
    )
    # SOURCE.md: total government visits 2000-18
    assert dict(visits.iter_rows()) == {"KAZ": 253, "UZB": 143, "KGZ": 123, "TJK": 113, "TKM": 90}
    assert df.schema["government_visits"] == pl.Int64
    afg = df.filter(pl.col("iso3") == "AFG", pl.col("year") == 2000).row(0, named=True)
    assert afg["military_visits"] is None  # "N/A"
    assert set(df.filter(pl.col("iso3").is_in(CA))["year"]) == set(range(2000, 2019))
