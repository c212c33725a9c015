"""KNOMAD remittance and migration matrices and UN DESA migrant stocks, on the shared files
in ``remittances_migration_bilateral/`` (reference values from its SOURCE.md)."""

from __future__ import annotations

import polars as pl
import pytest

from accord.economy.readers_migration import (
    read_knomad_migrants,
    read_knomad_remittances,
    read_un_migrant_stock,
)
from accord.errors import InputError

CA = ["KAZ", "KGZ", "TJK", "TKM", "UZB"]


@pytest.fixture(scope="module")
def folder(mirror):
    return mirror / "remittances_migration_bilateral"


@pytest.fixture(scope="module")
def remittances(folder):
    pytest.importorskip("openpyxl", reason="xlsx files need the excel extra (accord[excel])")
    return read_knomad_remittances(
        folder / "bilateral_remittance_matrix_2021.xlsx", errors="skip", report=True
    )


@pytest.fixture(scope="module")
def migrants(folder):
    pytest.importorskip("openpyxl", reason="xlsx files need the excel extra (accord[excel])")
    return read_knomad_migrants(folder / "bilateral_migration_matrix_2021_latest.xlsx", report=True)


@pytest.fixture(scope="module")
def un(folder):
    return read_un_migrant_stock(
        folder / "UN_MigrantStockByOriginAndDestination_2017_wide.csv", report=True
    )


def by_pair(df: pl.DataFrame, column: str, **where) -> dict[str, float]:
    hit = df.filter(*(pl.col(k) == v for k, v in where.items()))
    key = "destination" if "origin" in where else "origin"
    return dict(hit.select(key, column).iter_rows())


def test_remittances_from_russia_to_central_asia(remittances):
    df, rep = remittances
    assert df.columns == ["origin", "destination", "year", "value_usd", "source"]
    assert set(df["year"]) == {2021}  # read from the title
    from_russia = by_pair(df, "value_usd", origin="RUS")
    millions = {k: round(v / 1e6, 2) for k, v in from_russia.items() if k in CA}
    assert millions == {"UZB": 9197.53, "TJK": 2306.76, "KGZ": 2017.52, "KAZ": 184.2, "TKM": 1.15}
    assert sum(from_russia[k] for k in CA) == pytest.approx(13_707.15e6, abs=0.1e6)
    assert round(from_russia["WLD"] / 1e6, 1) == 29_991.7  # the WORLD column
    to_uzb = by_pair(df, "value_usd", destination="UZB")
    assert to_uzb["WLD"] == pytest.approx(to_uzb["RUS"])  # only the RU corridor is estimated
    assert "values in US$ millions multiplied by 1,000,000" in rep.notes


def test_remittance_matrix_stray_row_is_reported(folder, remittances):
    _, rep = remittances
    assert rep.skipped.row(0) == (218, "A", "", "the origin country is missing")
    with pytest.raises(InputError) as err:
        read_knomad_remittances(folder / "bilateral_remittance_matrix_2021.xlsx")
    assert str(err.value) == (
        "bilateral_remittance_matrix_2021.xlsx row 218, column 'A': the origin country is "
        'missing; fix it or pass errors="skip".'
    )
    assert "row 218, column 'A'" in rep.summary()


def test_long_remittances_equal_the_matrix(folder, remittances):
    matrix, _ = remittances
    long, rep = read_knomad_remittances(
        folder / "bilateral_remittances_2021_long.csv", errors="skip", report=True
    )
    assert rep.skipped["line"].to_list() == [5446]  # the same unlabelled Lebanon total
    keys = ["origin", "destination"]
    both = long.join(matrix, on=keys, how="full", suffix="_m")
    assert long.height == matrix.height == both.height == 10_614
    assert (both["value_usd"] - both["value_usd_m"]).abs().max() < 1e-3


def test_migrants_in_russia(migrants, folder):
    df, rep = migrants
    assert df.schema["migrants"] == pl.Int64
    in_russia = by_pair(df, "migrants", destination="RUS")
    expected = {"KAZ": 2_558_907, "UZB": 1_146_175, "KGZ": 591_025, "TJK": 466_252, "TKM": 185_561}
    assert {k: in_russia[k] for k in CA} == expected
    assert in_russia["WLD"] == 11_636_911
    dropped = dict(zip(rep.dropped["value"], rep.dropped["n_rows"], strict=True))
    assert {"Other North", "Other South", "Channel Islands"} <= dropped.keys()
    long = read_knomad_migrants(folder / "bilateral_migrant_stocks_2021_long.csv")
    assert long.drop("source").equals(df.drop("source"))


def test_un_migrant_stock_2017(un):
    df, rep = un
    assert df.columns == ["origin", "destination", "year", "migrants", "source"]
    assert sorted(df["year"].unique()) == [1990, 1995, 2000, 2005, 2010, 2015, 2017]
    in_russia = by_pair(df, "migrants", destination="RUS", year=2017)
    millions = {k: round(in_russia[k] / 1e6, 2) for k in CA}
    assert millions == {"KAZ": 2.56, "UZB": 1.15, "KGZ": 0.59, "TJK": 0.47, "TKM": 0.19}
    assert in_russia["KAZ"] == 2_562_079
    assert in_russia["WLD"] == 11_651_509  # the Total column
    world = df.filter(
        pl.col("origin") == "WLD", pl.col("destination") == "WLD", pl.col("year") == 2017
    )
    assert world["migrants"].to_list() == [257_715_425]
    assert by_pair(df, "migrants", destination="RUS", year=1990)["KAZ"] == 2_349_697


def test_un_regions_are_dropped_and_counted(un):
    df, rep = un
    dropped = rep.dropped.group_by("reason").agg(pl.col("n_rows").sum())
    dropped = dict(dropped.iter_rows())
    assert dropped["destination is a region of the same name"] == 7  # Micronesia, each year
    assert dropped["note or blank row below the table"] == 27
    assert dropped["destination is not a country"] > 0
    regions = rep.dropped.filter(pl.col("reason") == "destination is not a country")["value"]
    assert {"WORLD", "Central Asia"} & set(regions) == {"Central Asia"}  # WORLD is WLD, kept
    fsm = df.filter(pl.col("destination") == "FSM", pl.col("origin") == "WLD")
    assert fsm.height == 7 and fsm["migrants"].max() < 10_000  # the country, not the region
    assert df.filter(pl.struct("origin", "destination", "year").is_duplicated()).height == 0


def test_malformed_matrix_cells_and_layouts(write, tmp_path):
    path = write(
        "un.csv",
        "Year,MajorArea,Total,Kazakhstan,Uzbekistan\n2017,Russian Federation,10,n/a,3\n"
        "2017,Atlantis,5,1,1\n2017,Central Asia,4,2,2\n",
    )
    with pytest.raises(InputError) as err:
        read_un_migrant_stock(path)
    assert str(err.value).startswith(
        "un.csv line 2, column 'Kazakhstan': 'n/a' is not a number; line 3, column "
        "'MajorArea': unknown country 'Atlantis'"
    )
    df = read_un_migrant_stock(path, errors="skip")
    assert df.select("origin", "destination", "migrants").rows() == [
        ("UZB", "RUS", 3),
        ("WLD", "RUS", 10),
    ]
    with pytest.raises(InputError, match=r"missing column\(s\) 'MajorArea'"):
        read_un_migrant_stock(write("v.csv", "Year,Area,Total\n2017,X,1\n"))
    with pytest.raises(InputError, match=r"missing column\(s\) 'sending_country'"):
        read_knomad_remittances(write("w.csv", "from,receiving_country,usd_millions_2021\n"))
    with pytest.raises(InputError, match="x.csv does not say which year it covers; pass year=2021"):
        read_knomad_migrants(
            write("x.csv", "origin_country,destination_country,migrant_stock\nA,B,1\n")
        )
