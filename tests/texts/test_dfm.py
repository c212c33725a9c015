"""Document-feature matrix: hand-computed cases, quanteda's formula, scikit-learn parity."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import polars as pl
import pytest

from accord.errors import InputError
from accord.texts import Corpus, dfm, tokenize

DOCS = ["peace and peace", "peace and trade", "trade energy energy energy"]


def small() -> Corpus:
    return Corpus.from_texts(DOCS, actors=["RUS", "CHN", "RUS"], years=[2019, 2019, 2019])


def test_counts_and_features():
    d = dfm(small())
    assert d.features.tolist() == ["and", "energy", "peace", "trade"]
    assert d.matrix.toarray().tolist() == [[1, 0, 2, 0], [1, 0, 1, 1], [0, 3, 0, 1]]
    assert d.docs["actor"].to_list() == ["RUS", "CHN", "RUS"]
    assert dfm(DOCS, stopwords="en").features.tolist() == ["energy", "peace", "trade"]
    pre = dfm([["a", "b", "a"], ["b"]])
    assert pre.matrix.toarray().tolist() == [[2, 1], [0, 1]]


def test_tfidf_quanteda_hand_computed():
    # N = 3; df: and 2, energy 1, peace 2, trade 2 -> idf log10(3/2), log10(3), ...
    w = dfm(small()).weight("tfidf", variant="quanteda").matrix.toarray()
    l32, l3 = math.log10(3 / 2), math.log10(3)
    expect = [[l32, 0, 2 * l32, 0], [l32, 0, l32, l32], [0, 3 * l3, 0, l32]]
    np.testing.assert_allclose(w, expect, rtol=1e-15)
    # a feature in every document weighs 0 (quanteda: log10(N/N) = 0)
    w2 = dfm(["a b", "a c"]).weight("tfidf").matrix.toarray()
    np.testing.assert_allclose(w2, [[0, math.log10(2), 0], [0, 0, math.log10(2)]])


def test_tfidf_sklearn_hand_computed():
    w = dfm(["a b", "a c"]).weight("tfidf", variant="sklearn").matrix.toarray()
    ia, ib = math.log(3 / 3) + 1, math.log(3 / 2) + 1
    row = np.array([ia, ib, 0]) / math.hypot(ia, ib)
    np.testing.assert_allclose(w[0], row, rtol=1e-15)


def test_prop():
    w = dfm(small()).weight("prop").matrix.toarray()
    np.testing.assert_allclose(w.sum(axis=1), 1.0)
    np.testing.assert_allclose(w[0], [1 / 3, 0, 2 / 3, 0])


def test_group_sums_rows():
    g = dfm(small()).group(["actor", "year"])
    assert g.docs.select("actor", "year", "n_docs").rows() == [("CHN", 2019, 1), ("RUS", 2019, 2)]
    assert g.matrix.toarray().tolist() == [[1, 0, 1, 1], [1, 3, 2, 1]]
    with pytest.raises(InputError, match="cannot group by country"):
        dfm(small()).group("country")
    with pytest.raises(InputError, match="group needs counts"):
        dfm(small()).weight("prop").group("actor")


def test_trim():
    d = dfm(small())
    assert d.trim(min_termfreq=3).features.tolist() == ["energy", "peace"]
    assert d.trim(max_termfreq=2).features.tolist() == ["and", "trade"]
    assert d.trim(min_docfreq=2).features.tolist() == ["and", "peace", "trade"]
    assert d.trim(max_docfreq=1).features.tolist() == ["energy"]
    assert d.trim(max_docfreq=0.5).features.tolist() == ["energy"]  # at most 1.5 of 3 docs
    with pytest.raises(InputError, match="a share must be in"):
        d.trim(min_docfreq=1.5)


def test_weight_errors():
    d = dfm(small())
    with pytest.raises(InputError, match="weight scheme 'bm25' is not known"):
        d.weight("bm25")  # type: ignore[arg-type]
    with pytest.raises(InputError, match="tfidf variant 'r' is not known"):
        d.weight("tfidf", variant="r")  # type: ignore[arg-type]
    with pytest.raises(InputError, match="needs counts"):
        d.weight("prop").weight("tfidf")


def test_sklearn_parity_on_real_speeches(mirror: Path):
    from sklearn.feature_extraction.text import TfidfVectorizer

    df = pl.read_parquet(mirror / "ungdc" / "ungdc_focal8_1946_2024.parquet")
    texts = df["text"].to_list()
    ours = dfm(texts, stopwords="en").weight("tfidf", variant="sklearn")
    # 1. the same token lists handed to scikit-learn
    vec = TfidfVectorizer(analyzer=lambda d: d)
    ref = vec.fit_transform([tokenize(t, stopwords="en") for t in texts])
    assert vec.get_feature_names_out().tolist() == ours.features.tolist()
    assert abs(ref - ours.matrix).max() < 1e-12
    # 2. scikit-learn's own tokenizing with accord's pattern and stopword list
    from accord.texts.tokens import stopwords, token_pattern

    vec2 = TfidfVectorizer(
        token_pattern=token_pattern(),
        preprocessor=lambda s: s.lower().replace("\u2019", "'").replace("\u2010", "-"),
        stop_words=sorted(stopwords()),
    )
    ref2 = vec2.fit_transform(texts)
    assert vec2.get_feature_names_out().tolist() == ours.features.tolist()
    assert abs(ref2 - ours.matrix).max() < 1e-12


def test_weight_leaves_counts_alone_and_empty_rows():
    # weighting works on a copy: the counts (int or float) are unchanged; an empty row
    # stays zero (no division by a zero norm)
    from accord.texts.dfm import DFM

    d = dfm(["a b b", "", "b c"])
    before = d.matrix.toarray().copy()
    for variant in ("quanteda", "sklearn"):
        w = d.weight("tfidf", variant=variant).matrix.toarray()
        assert (w[1] == 0).all() and np.isfinite(w).all()
    assert (d.matrix.toarray() == before).all()
    f = DFM(matrix=d.matrix.astype(np.float64), features=d.features, docs=d.docs)
    w = f.weight("tfidf", variant="sklearn").matrix
    np.testing.assert_allclose(np.sqrt(w.multiply(w).sum(axis=1)).A1, [1, 0, 1], rtol=1e-15)
    assert (f.matrix.toarray() == before).all()
