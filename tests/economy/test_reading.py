"""Shared reader machinery: agency country names, aggregates, reports, line numbers."""

from __future__ import annotations

import polars as pl
import pytest

from accord.economy import _reading as rd
from accord.economy._places import place_code, place_name
from accord.errors import InputError


@pytest.mark.parametrize(
    ("name", "iso3"),
    [
        ("Kazakhstan, Rep. of", "KAZ"),  # IMF
        ("China, P.R.: Mainland", "CHN"),
        ("China, P.R.: Hong Kong", "HKG"),
        ("Kyrgyz Rep.", "KGZ"),
        ("Lao People's Dem. Rep.", "LAO"),
        ("Iran, Islamic Rep. of", "IRN"),
        ("Venezuela, Rep. Bolivariana de", "VEN"),
        ("Netherlands, The", "NLD"),
        ("Congo, Dem. Rep. of the", "COD"),
        ("Congo, Rep. of", "COG"),
        ("Korea, Rep. of", "KOR"),
        ("Korea, Dem. People's Rep. of", "PRK"),
        ("Timor-Leste, Dem. Rep. of", "TLS"),
        ("Kyrgyz Republic", "KGZ"),  # World Bank
        ("Hong Kong SAR, China", "HKG"),
        ("Hong Kong, China", "HKG"),  # WITS
        ("Iran, Islamic Rep.", "IRN"),
        ("China Hong Kong SAR", "HKG"),  # UN DESA
        ("Rep. Dem. of the Congo", "COD"),
        ("TFYR Macedonia", "MKD"),
        ("Faeroe Islands", "FRO"),
        ("USA", "USA"),
        ("Russian Federation", "RUS"),
    ],
)
def test_agency_names(name, iso3):
    assert place_name(name) == (iso3, "country", "")


@pytest.mark.parametrize("name", ["World", "WORLD", "world ", "W00"])
def test_world(name):
    assert place_name(name).iso3 == "WLD"


@pytest.mark.parametrize(
    "name",
    [
        "Other Asia, nes",  # Comtrade's Taiwan: never guessed
        "Areas, nes",
        "Unspecified",
        "Special Categories",
        "Countries & Areas not specified",
        "Euro Area",
        "European Union",
        "Sub-Saharan Africa",
        "Central Asia",
        "LATIN AMERICA AND THE CARIBBEAN",
        "Upper-middle-income countries",
        "Other North",
        "Channel Islands",
        "Belgium-Luxembourg",
        "Africa, regional",
    ],
)
def test_aggregates_are_never_a_country(name):
    assert place_name(name) == (None, "aggregate", name)


def test_unknown_names_keep_the_suggestion():
    assert place_name("Atlantis") == (None, "unknown", "unknown country 'Atlantis'")
    assert place_name("Kyrgystan").note == (
        "unknown country 'Kyrgystan'. Did you mean 'Kyrgyzstan' (KGZ)?"
    )
    assert place_name("") == (None, "empty", "")


def test_codes_fall_back_on_names():
    assert place_code("KAZ") == ("KAZ", "country", "")
    assert place_code("W00", "World").iso3 == "WLD"
    assert place_code("S19", "Other Asia, nes").kind == "aggregate"
    assert place_code("_X", "Areas, nes").kind == "aggregate"
    assert place_code("QQQ").note == "unknown country code 'QQQ'"


def test_line_numbers_count_the_header_and_quoted_newlines(write):
    path = write("a.csv", 'x,y\n1,"two\nlines"\n\n3,4\n')
    df = rd.read_text_table(path, expect="x, y")
    assert df["_line"].to_list() == [2, 4, 5]


def test_latin1_files_are_read(write):
    path = write("b.csv", "name,v\nCôte d'Ivoire,1\n", encoding="cp1252")
    df = rd.read_text_table(path, expect="name, v")
    assert df["name"].to_list() == ["Côte d'Ivoire"]
    assert place_name(df["name"][0]).iso3 == "CIV"


def test_report_summary(write):
    log = rd.Log(write("c.csv", "x\n"), "skip", layout="test")
    df = pl.DataFrame({"_line": [2, 3], "v": ["1", "n/a"]})
    log.bad(df, pl.col("v") == "n/a", column="v", value=pl.col("v"), reason="'n/a' is not a number")
    log.drop("partner is not a country", ["Other Asia, nes", "Other Asia, nes"])
    log.notes.append("values in US$")
    kept = log.settle(df)
    assert kept["_line"].to_list() == [2]
    rep = log.report(kept.height)
    assert str(rep) == (
        "c.csv (test): 0 rows read, 1 kept\n"
        "  1 malformed row(s) skipped:\n"
        "    line 3, column 'v': 'n/a' is not a number\n"
        "  dropped 2 row(s): partner is not a country 'Other Asia, nes'\n"
        "  note: values in US$"
    )


def test_errors_argument(write):
    with pytest.raises(InputError, match="errors='warn' is not understood"):
        rd.Log(write("d.csv", "x\n"), "warn")


def test_sha256_of_files_empty_or_not(write):
    import hashlib

    for text in ("", "t,i,j\n2019,1,2\n" * 1000):
        path = write("f.csv", text)
        assert rd.sha256(path) == hashlib.sha256(text.encode()).hexdigest()
        assert rd.sha256_soon(path).result() == rd.sha256(path)
