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
