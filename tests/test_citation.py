"""accord.cite: datasets and methods of a result, each BibTeX entry once; errors."""

import re

import polars as pl
import pytest

import accord
from accord.assess import assess
from accord.errors import InputError


def keys(bib: str) -> list[str]:
    return re.findall(r"^@\w+\{([^,]+),", bib, flags=re.M)


def test_result_cites_data_then_methods_once():
    rc = accord.votes.load()
    df = accord.votes.agreement(rc, pairs=[("RUS", "CHN")], measure=["voeten", "kappa", "pi"])
    k = keys(accord.cite(df))
    assert k[:2] == ["voeten2009unvotes", "robinson2021unvotes"]
    assert {"voeten2000", "lijphart1963", "cohen1960", "scott1955", "hage2011"} <= set(k)
    assert len(k) == len(set(k))


def test_scorecard_and_ids():
    k = keys(accord.cite(assess("RUS", "CHN", region="central-asia")))
    assert len(k) == len(set(k)) and "sen1968" in k
    assert keys(accord.cite("bsv-idealpoints")) == ["bailey2017estimating", "voeten2009unvotes"]
    assert keys(accord.cite("cohen1960")) == ["cohen1960"]


def test_errors():
    with pytest.raises(
        InputError, match="nothing to cite for 'unga-vote'. Did you mean 'unga-votes'"
    ):
        accord.cite("unga-vote")
    rc = accord.votes.load()
    derived = accord.votes.agreement(rc, pairs=[("RUS", "CHN")]).filter(pl.col("year") > 2000)
    with pytest.raises(InputError, match="no provenance recorded for this DataFrame"):
        accord.cite(derived)


def test_cite_results_of_datasets_read_from_user_files():
    """Readers tag their tables with the dataset they read (BACI, WDI …), which is not in
    accord's registry: cite gives the dataset's reference, or a @misc naming the files."""

    from accord.provenance import Provenance, SourceRef, attach

    table = attach(
        pl.DataFrame({"x": [1]}),
        Provenance(
            "accord.economy.indices.totals",
            (
                SourceRef("cepii-baci", "V202501", {"BACI_HS17_Y2019_V202501.csv": "ab" * 32}),
                SourceRef("wb-wdi", "2025-07"),
                SourceRef("my-survey", "3", {"survey.csv": "cd" * 32}),
            ),
            methods=("kojima1964",),
        ),
    )
    bib = accord.cite(table)
    assert "@techreport{gaulier2010baci," in bib and "number      = {2010-23}" in bib
    assert "@misc{worldbank_wdi," in bib
    assert "@misc{my_survey_3," in bib and "survey.csv (SHA-256 " + "cd" * 32 + ")" in bib
    assert "@article{kojima1964," in bib
