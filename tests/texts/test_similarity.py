"""Similarity: against scikit-learn, numpy and hand counts; percentiles; UN speeches."""

from __future__ import annotations

import numpy as np
import polars as pl
import pytest
import scipy.sparse as sp

from accord.errors import InputError
from accord.provenance import provenance_of
from accord.texts import Corpus, dfm, pairwise, similarity
from accord.texts.similarity import _percentiles


def random_counts(seed: int = 1) -> sp.csr_matrix:
    rng = np.random.default_rng(seed)
    x = rng.poisson(0.4, size=(12, 40)).astype(float)
    return sp.csr_matrix(x)


def test_cosine_matches_sklearn():
    from sklearn.metrics.pairwise import cosine_similarity

    x = random_counts()
    np.testing.assert_allclose(pairwise(x), cosine_similarity(x), atol=1e-12)


def test_correlation_matches_numpy():
    x = random_counts(2)
    np.testing.assert_allclose(
        pairwise(x, measure="correlation"), np.corrcoef(x.toarray()), atol=1e-12
    )


def test_jaccard_hand_counts():
    x = random_counts(3).toarray() > 0
    got = pairwise(sp.csr_matrix(x.astype(float)), measure="jaccard")
    for i in range(len(x)):
        for j in range(len(x)):
            union = (x[i] | x[j]).sum()
            assert got[i, j] == pytest.approx((x[i] & x[j]).sum() / union)


def test_zero_rows_give_nan_and_bad_measure():
    x = sp.csr_matrix(np.array([[1.0, 0], [0, 0]]))
    assert np.isnan(pairwise(x)[0, 1])
    with pytest.raises(InputError, match="similarity measure 'euclid' is not known"):
        pairwise(x, measure="euclid")  # type: ignore[arg-type]


def test_percentile_definition():
    # share of the other pairs with a lower value, ties counted half
    v = np.array([0.1, 0.5, 0.5, 0.9, np.nan])
    np.testing.assert_allclose(_percentiles(v)[:4], [0.0, 50.0, 50.0, 100.0])
    assert np.isnan(_percentiles(v)[4])
    v = np.array([0.2, 0.3, 0.4, 0.5, 0.6])
    np.testing.assert_allclose(_percentiles(v), [0, 25, 50, 75, 100])


def three() -> Corpus:
    return Corpus.from_texts(
        ["peace security peace", "peace trade", "trade energy", "peace energy"],
        actors=["RUS", "CHN", "USA", "RUS"],
        years=[2020, 2020, 2020, 2021],
    )


def test_by_year_counts_hand_computed():
    out = similarity(three(), weight="count")
    assert out.columns == ["iso3_a", "iso3_b", "year", "measure", "value", "percentile", "n_pairs"]
    rows = {(r["iso3_a"], r["iso3_b"]): r for r in out.iter_rows(named=True)}
    # RUS (peace 2, security 1) vs CHN (peace 1, trade 1): 2 / (sqrt 5 sqrt 2)
    assert rows[("CHN", "RUS")]["value"] == pytest.approx(2 / np.sqrt(10))
    assert rows[("CHN", "USA")]["value"] == pytest.approx(0.5)
    assert rows[("RUS", "USA")]["value"] == 0.0
    assert [rows[k]["percentile"] for k in [("RUS", "USA"), ("CHN", "USA"), ("CHN", "RUS")]] == [
        0.0,
        50.0,
        100.0,
    ]
    assert out["n_pairs"].to_list() == [3, 3, 3]  # 2021 has one actor: no pair
    prov = provenance_of(out)
    assert prov is not None and prov.parameters["measure"] == "cosine"
    assert "salton1988" in prov.methods


def test_pairs_keep_order_and_percentile_among_all():
    out = similarity(three(), weight="count", pairs=[("Russia", "CHN")])
    assert out.select("iso3_a", "iso3_b", "percentile").rows() == [("RUS", "CHN", 100.0)]


def test_documents_by_none_and_errors():
    c = Corpus.from_texts(["peace law", "peace trade", "energy"], doc_ids=["x", "y", "z"])
    out = similarity(c, by=None, weight="count")
    assert out.select("doc_a", "doc_b").rows() == [("x", "y"), ("x", "z"), ("y", "z")]
    assert out["value"].to_list()[0] == pytest.approx(0.5)
    with pytest.raises(InputError, match="have no single actor"):
        similarity(c)
    with pytest.raises(InputError, match="several rows for actor RUS in 2020"):
        d = dfm(Corpus.from_texts(["a", "b"], actors=["RUS", "RUS"], years=[2020, 2020]))
        similarity(d)


def test_real_speeches_all_pairs_match_sklearn(mirror):
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.metrics.pairwise import cosine_similarity

    from accord.texts import tokenize

    df = pl.read_parquet(mirror / "ungdc" / "ungdc_focal8_1946_2024.parquet").sort(
        "year", "country_iso3"
    )
    meta = df.select("country_iso3", "year")
    c = Corpus.from_texts(
        df["text"].to_list(), actors=meta["country_iso3"].to_list(), years=meta["year"].to_list()
    )
    out = similarity(c)  # tf-idf (sklearn variant) over the actor-years, cosine
    assert out.height == sum(n * (n - 1) // 2 for n in meta.group_by("year").len()["len"])
    x = TfidfVectorizer(analyzer=lambda d: d).fit_transform(
        [tokenize(t, stopwords="en") for t in df["text"]]
    )
    years = meta["year"].to_numpy()
    iso = meta["country_iso3"].to_numpy()
    for year in (1992, 2019):
        rows = np.flatnonzero(years == year)
        ref = cosine_similarity(x[rows])
        got = out.filter(pl.col("year") == year)
        for r in got.iter_rows(named=True):
            i = rows[list(iso[rows]).index(r["iso3_a"])] - rows[0]
            j = rows[list(iso[rows]).index(r["iso3_b"])] - rows[0]
            assert r["value"] == pytest.approx(ref[i, j], abs=1e-12)
    rc = out.filter(
        (pl.col("year") == 2019) & (pl.col("iso3_a") == "CHN") & (pl.col("iso3_b") == "RUS")
    )
    assert rc.height == 1 and 0 < rc["value"][0] < 1
