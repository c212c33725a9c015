"""Region views: alignment with two powers, closer-since, cohesion — against direct computations."""

import polars as pl
import pytest

from accord import votes
from accord.errors import InputError


@pytest.fixture(scope="module")
def rc():
    return votes.load()


@pytest.fixture(scope="module")
def aligned(rc):
    return votes.alignment(rc, "RUS", "CHN", region="central-asia", measure="kappa")


def test_alignment_matches_pairwise_agreement(rc, aligned):
    assert set(aligned["iso3"]) == {"KAZ", "KGZ", "TJK", "TKM", "UZB"}
    row = aligned.filter((pl.col("iso3") == "KAZ") & (pl.col("session") == 74)).row(0, named=True)
    pair = votes.agreement(rc, pairs=[("KAZ", "RUS"), ("KAZ", "CHN")], sessions=74, measure="kappa")
    assert row["with_a"] == pytest.approx(pair["kappa"][0])
    assert row["with_b"] == pytest.approx(pair["kappa"][1])
    assert row["closer"] == ("RUS" if row["with_a"] > row["with_b"] else "CHN")
    assert (aligned["diff"] - (aligned["with_a"] - aligned["with_b"])).abs().max() < 1e-12


def test_closer_since_is_the_last_unbroken_run(aligned):
    cs = votes.closer_since(aligned)
    for r in cs.iter_rows(named=True):
        series = aligned.filter(pl.col("iso3") == r["iso3"]).sort("session")
        closer = series["closer"].to_list()
        sessions = series["session"].to_list()
        assert r["closer"] == closer[-1]
        k = sessions.index(r["since_session"])
        assert all(c == closer[-1] for c in closer[k:])
        assert k == 0 or closer[k - 1] != closer[-1]
        assert r["n_closer_a"] + r["n_closer_b"] <= r["n_groups"] == len(closer)


def test_cohesion_is_mean_of_member_dyads(rc):
    coh = votes.cohesion(rc, region="central-asia", measure="kappa")
    pairs = votes.agreement(
        rc, countries=["KAZ", "KGZ", "TJK", "TKM", "UZB"], sessions=74, measure="kappa"
    )
    row = coh.filter(pl.col("session") == 74).row(0, named=True)
    assert row["n_dyads"] == pairs.height == 10
    assert row["mean"] == pytest.approx(pairs["kappa"].mean())
    assert row["min"] == pytest.approx(pairs["kappa"].min())


def test_region_as_a_list_and_errors(rc):
    df = votes.alignment(rc, "USA", "GBR", region=["France", "DE"], years=(2010, 2019))
    assert set(df["iso3"]) == {"FRA", "DEU"}
    with pytest.raises(
        InputError, match="unknown region 'centralasia'. Did you mean 'central-asia'"
    ):
        votes.alignment(rc, "RUS", "CHN", region="centralasia")
    with pytest.raises(InputError, match="the two powers are the same state \\(RUS\\)"):
        votes.alignment(rc, "RUS", "Russia", region="central-asia")
