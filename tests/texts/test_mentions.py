"""Mentions of countries: longest match, possessives, case, exclusions; real speeches."""

from __future__ import annotations

import re

import polars as pl
import pytest

from accord.errors import InputError
from accord.provenance import provenance_of
from accord.texts.mentions import country_terms, mentions


def _found(text: str) -> dict[str, int]:
    df = mentions([text], drop_zero=True)
    return dict(zip(df["mentioned_iso3"], df["count"], strict=True))


def test_longest_match_avoids_double_counting():
    assert _found("South Africa and Africa") == {"ZAF": 1}
    assert _found("the People's Republic of China") == {"CHN": 1}
    assert _found("the Republic of China") == {"TWN": 1}
    assert _found("Papua New Guinea, Equatorial Guinea, Guinea-Bissau and Guinea") == {
        "PNG": 1,
        "GNQ": 1,
        "GNB": 1,
        "GIN": 1,
    }
    assert _found("South Sudan and the Sudan; South Sudanese") == {"SSD": 2, "SDN": 1}
    assert _found("the Democratic People's Republic of Korea and the Republic of Korea") == {
        "PRK": 1,
        "KOR": 1,
    }
    assert _found("the Democratic Republic of the Congo") == {"COD": 1}
    assert _found("United States of America") == {"USA": 1}
    assert _found("Niger and Nigeria; Nigerien and Nigerian") == {"NER": 2, "NGA": 2}


def test_adjectives_demonyms_possessives_and_case():
    text = (
        "KAZAKHSTAN's Kazakh and Kazakhstani people; the Kazakhs. Uzbek, Uzbekistan’s; "
        "Kyrgyz, Kirghiz and Kirghizia; Tajik, Tadjikistan; Turkmen and Turkmenia. "
        "Russia's, the Russian Federation, Russians; the Soviet Union, Soviet; China's "
        "Chinese."
    )
    assert _found(text) == {"KAZ": 4, "UZB": 2, "KGZ": 3, "TJK": 2, "TKM": 2, "RUS": 5, "CHN": 2}


def test_exclusions_and_ambiguous_words():
    # regions, oceans and US states are not countries; ambiguous adjectives are not counted
    text = (
        "Latin America, Central American states, the Americas, inter-American bodies, the "
        "Indian Ocean, New Jersey, the Korean peninsula, Congolese and Dominican people"
    )
    assert _found(text) == {}
    assert _found("American and Indian diplomats in America") == {"USA": 2, "IND": 1}


def test_table_shape_by_group_and_countries_filter():
    table = pl.DataFrame(
        {
            "country_iso3": ["RUS", "RUS", "CHN"],
            "year": [2020, 2020, 2020],
            "text": ["Kazakhstan and China", "Kazakhstan, Kazakhstan", "Russia and Uzbekistan"],
        }
    )
    df = mentions(table, countries="central-asia", by=["country_iso3", "year"])
    assert df.columns == [
        "country_iso3",
        "year",
        "mentioned_iso3",
        "count",
        "n_words",
        "n_docs",
        "per_10k",
    ]
    assert set(df["mentioned_iso3"]) == {"KAZ", "KGZ", "TJK", "TKM", "UZB"}
    rus_kaz = df.filter((pl.col("country_iso3") == "RUS") & (pl.col("mentioned_iso3") == "KAZ"))
    assert rus_kaz.select("count", "n_words", "n_docs").row(0) == (3, 5, 2)
    assert rus_kaz["per_10k"][0] == pytest.approx(6000.0)
    only = mentions(table, countries=["Russia", "CN"])
    assert set(only["mentioned_iso3"]) == {"RUS", "CHN"}
    assert provenance_of(only).parameters["countries"] == ["RUS", "CHN"]


def test_terms_table_and_errors():
    kgz = country_terms("KGZ")["pattern"].to_list()
    assert {"kyrgyzstan", "kyrgyz", "kirghiz", "kyrgyzstan's"} <= set(kgz)
    all_terms = country_terms()
    named = all_terms.filter(pl.col("iso3") != "")
    assert (
        named.group_by("pattern")
        .agg(pl.col("iso3").n_unique())
        .filter(pl.col("iso3") > 1)
        .is_empty()
    )
    un_members = 193
    assert named["iso3"].n_unique() >= un_members
    with pytest.raises(InputError, match="unknown country 'Kyrgystan'"):
        mentions(["x"], countries=["Kyrgystan"])
    with pytest.raises(InputError, match="by='yr' is not a column"):
        mentions(pl.DataFrame({"year": [1], "text": ["x"]}), by="yr")


def test_real_speeches_equal_a_regex_count(mirror):
    df = pl.read_parquet(mirror / "ungdc" / "ungdc_focal8_1946_2024.parquet").filter(
        pl.col("year") >= 2015
    )
    got = mentions(df.select("filename", "text"), countries=["KAZ", "UZB", "TJK"])
    # independent counts: whole words, the possessive as one word, nothing else of these
    # countries' patterns can overlap a longer name
    pats = {
        "KAZ": r"kazakh(?:stan(?:is?|'s|’s)?|s)?|kazak(?:stan(?:'s|’s)?|s)?|kazakhstanis",
        "UZB": r"uzbek(?:istan(?:is?|'s|’s)?|s)?",
        "TJK": r"tajik(?:istan(?:is?|'s|’s)?|s)?|tadjik(?:istan(?:'s|’s)?|s)?"
        r"|tadzhik(?:istan(?:'s|’s)?|s)?|tajikstan(?:'s|’s)?",
    }
    total = 0
    for fname, text in zip(df["filename"], df["text"], strict=True):
        low = text.lower()
        row = got.filter(pl.col("filename") == fname)
        mine = dict(zip(row["mentioned_iso3"], row["count"], strict=True))
        for code, pat in pats.items():
            want = len(re.findall(rf"(?<![\w'’-])(?:{pat})(?![\w]|['’-]\w)", low))
            assert mine[code] == want, (fname, code)
            total += want
    assert total > 100  # the check is not vacuous (the states name themselves often)
