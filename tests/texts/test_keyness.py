"""Keyness: quanteda.textstats' reference values, scipy parity and Monroe et al.'s equations."""

from __future__ import annotations

import math
import re
from collections import Counter

import numpy as np
import polars as pl
import pytest
from scipy import sparse
from scipy.stats import chi2_contingency

import accord
from accord.errors import InputError
from accord.provenance import provenance_of
from accord.texts.keyness import keyness, keyness_counts

WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")


def _dfm(texts: list[str]) -> tuple[np.ndarray, list[str]]:
    """Counts of whitespace tokens, features in alphabetical order (quanteda's old order)."""
    counts = [Counter(t.split()) for t in texts]
    vocab = sorted(set().union(*counts))
    return np.array([[c[w] for w in vocab] for c in counts]), vocab


# ------------------------------------------------------------- quanteda.textstats values

# quanteda.textstats tests/testthat/test-textstat_keyness.R: the 2×2 example
# d1 = "b b b b b b b a a a", d2 = "a a a a a a a b b", target d1. For feature "a"
# (the first feature in alphabetical order) textstat_keyness gives chi2 = -2.632438
# (= stats::chisq.test(correct = TRUE)) and G2 = -2.702844 with the default correction.
QTEXTS = ["b b b b b b b a a a", "a a a a a a a b b"]


def test_quanteda_reference_chi2_and_g2():
    X, vocab = _dfm(QTEXTS)
    assert vocab == ["a", "b"]
    chi = keyness(X, [0], vocabulary=vocab, measure="chi2", sort=False)
    g2 = keyness(X, [0], vocabulary=vocab, measure="lr", sort=False)
    assert chi["feature"].to_list() == ["a", "b"]
    assert chi["chi2"][0] == pytest.approx(-2.632438, abs=5e-7)
    assert g2["G2"][0] == pytest.approx(-2.702844, abs=5e-7)
    # the other feature has the same size, the other sign
    assert chi["chi2"][1] == pytest.approx(2.632438, abs=5e-7)
    # counts are shown
    row = chi.row(0, named=True)
    assert (row["n_target"], row["n_reference"], row["total_target"], row["total_reference"]) == (
        3,
        7,
        10,
        9,
    )
    # p as quanteda: 1 - pchisq(|stat|, 1)
    assert chi["p"][0] == pytest.approx(math.erfc(math.sqrt(2.632438 / 2)), abs=1e-6)


def test_quanteda_reference_hand_formula():
    # χ² with Yates: N(|ad − bc| − N/2)² / [(a+b)(c+d)(a+c)(b+d)], a=3, b=7, c=7, d=2
    a, b, c, d = 3, 7, 7, 2
    n = a + b + c + d
    hand = n * (abs(a * d - b * c) - n / 2) ** 2 / ((a + b) * (c + d) * (a + c) * (b + d))
    assert hand == pytest.approx(2.632438, abs=5e-7)
    X, vocab = _dfm(QTEXTS)
    assert keyness(X, [0], vocabulary=vocab, measure="chi2", sort=False)["chi2"][0] == (
        pytest.approx(-hand, rel=1e-12)
    )


def test_quanteda_uncorrected_and_williams_equal_textbook_values():
    X, vocab = _dfm(QTEXTS)
    table = np.array([[3, 7], [7, 2]])
    chi_none = keyness(X, [0], vocabulary=vocab, measure="chi2", correction="none", sort=False)
    ref = chi2_contingency(table, correction=False)
    assert chi_none["chi2"][0] == pytest.approx(-ref.statistic, rel=1e-12)
    g_none = keyness(X, [0], vocabulary=vocab, measure="lr", correction="none", sort=False)
    ref_g = chi2_contingency(table, correction=False, lambda_="log-likelihood")
    assert g_none["G2"][0] == pytest.approx(-ref_g.statistic, rel=1e-12)
    # Williams' q = 1 + (N/r1 + N/r2 − 1)(N/c1 + N/c2 − 1)/(6N) (the Deducer formula of the
    # quanteda test for a 2×2 table)
    n = 19
    q = 1 + (n / 10 + n / 9 - 1) * (n / 10 + n / 9 - 1) / (6 * n)
    g_w = keyness(X, [0], vocabulary=vocab, measure="lr", correction="williams", sort=False)
    assert g_w["G2"][0] == pytest.approx(-ref_g.statistic / q, rel=1e-12)


QTEXTS8 = ["a a a b b c c c c c c d e f g h h", "a a b c c d d d d e f h"]


@pytest.mark.parametrize(
    ("measure", "correction", "target", "expected"),
    [
        ("chi2", "default", 0, ["g", "c", "b", "h", "a", "e", "f", "d"]),
        ("chi2", "default", 1, ["d", "e", "f", "a", "b", "h", "c", "g"]),
        ("lr", "none", 0, ["c", "g", "b", "h", "a", "e", "f", "d"]),
        ("lr", "none", 1, ["d", "e", "f", "a", "b", "h", "g", "c"]),
    ],
)
def test_quanteda_feature_order(measure, correction, target, expected):
    # quanteda.textstats: "basic textstat_keyness works on two rows" and the lr variant
    X, vocab = _dfm(QTEXTS8)
    df = keyness(X, [target], vocabulary=vocab, measure=measure, correction=correction)
    assert df["feature"].to_list() == expected


def test_quanteda_multiple_targets_pool_rows():
    # quanteda.textstats: two documents as targets -> first row n_target 6, n_reference 1
    X, vocab = _dfm(["a a a a a b b b c c c c", "a b c d d d d e f g", "a b c d d e e e e f g"])
    df = keyness(X, [0, 1], vocabulary=vocab, measure="chi2")
    assert (df["n_target"][0], df["n_reference"][0]) == (6, 1)
    single = keyness(X, [0], vocabulary=vocab, measure="chi2")
    assert single["n_target"][0] == 5


# ------------------------------------------------------------- scipy parity


def _random_dfm(seed: int = 7, n_docs: int = 6, n_feats: int = 60):
    rng = np.random.default_rng(seed)
    X = rng.poisson(rng.gamma(0.6, 3.0, size=n_feats), size=(n_docs, n_feats))
    X[:, 0] = 0
    X[0, 0] = 2  # a feature only in the target
    return X, [f"w{i:02d}" for i in range(n_feats)]


def test_chi2_and_g2_match_scipy_on_every_table():
    X, vocab = _random_dfm()
    target = np.array([True, True, False, False, False, False])
    a_all, b_all = X[target].sum(0), X[~target].sum(0)
    n_t, n_r = a_all.sum(), b_all.sum()
    res = {
        (m, c): keyness(X, target, vocabulary=vocab, measure=m, correction=c, sort=False)
        for m in ("chi2", "lr")
        for c in ("default", "none")
    }
    kept = [i for i in range(len(vocab)) if a_all[i] + b_all[i] > 0]
    assert res["chi2", "none"]["feature"].to_list() == [vocab[i] for i in kept]
    n_yates = 0
    for k, i in enumerate(kept):
        a, b = a_all[i], b_all[i]
        table = np.array([[a, b], [n_t - a, n_r - b]])
        e = np.outer(table.sum(1), table.sum(0)) / table.sum()
        yates = abs(a * (n_r - b) - b * (n_t - a)) >= table.sum() / 2 and e.min() < 5
        n_yates += yates
        sign = 1 if a > e[0, 0] else -1
        for m, lam, col in (("chi2", None, "chi2"), ("lr", "log-likelihood", "G2")):
            plain = chi2_contingency(table, correction=False, lambda_=lam).statistic
            corr = chi2_contingency(table, correction=True, lambda_=lam).statistic
            assert res[m, "none"][col][k] == pytest.approx(sign * plain, rel=1e-9, abs=1e-12)
            want = corr if yates else plain
            assert res[m, "default"][col][k] == pytest.approx(sign * want, rel=1e-9, abs=1e-12)
    assert 0 < n_yates < len(kept)  # both branches of quanteda's rule are exercised


def test_sorted_descending_with_counts():
    X, vocab = _random_dfm()
    df = keyness(sparse.csr_matrix(X), [0, 1], vocabulary=vocab, measure="chi2")
    assert df.columns == [
        "feature",
        "n_target",
        "n_reference",
        "total_target",
        "total_reference",
        "chi2",
        "p",
    ]
    stats = df["chi2"].to_numpy()
    assert np.all(np.diff(stats) <= 0)
    assert df["total_target"].unique().to_list() == [int(X[:2].sum())]
    assert df["n_target"].sum() == X[:2].sum()


# ------------------------------------------------------------- Monroe et al. (2008)


def _monroe_loop(y_i, y_j, prior):
    """Monroe et al. (2008), sec. 3.5, written out word by word with the math module."""
    n_i, n_j, a0 = sum(y_i), sum(y_j), sum(prior)
    out = []
    for yi, yj, aw in zip(y_i, y_j, prior, strict=True):
        if yi + yj == 0:
            out.append(None)
            continue
        d = math.log((yi + aw) / (n_i + a0 - yi - aw)) - math.log((yj + aw) / (n_j + a0 - yj - aw))
        v = 1 / (yi + aw) + 1 / (yj + aw)
        out.append((d, v, d / math.sqrt(v)))
    return out


def test_logodds_hand_case():
    # y_i = (3, 7), y_j = (7, 2); prior = pooled counts (10, 9), α_0 = 19
    df = keyness_counts([3, 7], [7, 2], vocabulary=["a", "b"], sort=False)
    d_a = math.log(13 / 16) - math.log(17 / 11)
    assert df["delta"][0] == pytest.approx(d_a, rel=1e-12)
    assert df["variance"][0] == pytest.approx(1 / 13 + 1 / 17, rel=1e-12)
    assert df["z"][0] == pytest.approx(d_a / math.sqrt(1 / 13 + 1 / 17), rel=1e-12)
    d_b = math.log(16 / 13) - math.log(11 / 17)
    assert df["delta"][1] == pytest.approx(d_b, rel=1e-12)
    assert df["p"][0] == pytest.approx(math.erfc(abs(df["z"][0]) / math.sqrt(2)), rel=1e-12)


@pytest.mark.parametrize("alpha0", [None, 0.5, 100.0, 1e6])
def test_logodds_matches_independent_loop(alpha0):
    X, vocab = _random_dfm(seed=3)
    target = [0, 1, 2]
    y_i, y_j = X[target].sum(0), X[3:].sum(0)
    background = X.sum(0) + np.arange(X.shape[1]) % 3  # a different background corpus
    df = keyness(X, target, vocabulary=vocab, alpha0=alpha0, background=background, sort=False)
    a0 = background.sum() if alpha0 is None else alpha0
    prior = a0 * background / background.sum()
    ref = _monroe_loop(y_i.tolist(), y_j.tolist(), prior.tolist())
    kept = [k for k in range(len(vocab)) if y_i[k] + y_j[k] > 0]
    assert df["feature"].to_list() == [vocab[k] for k in kept]
    got = df.select("delta", "variance", "z").rows()
    for (d, v, z), k in zip(got, kept, strict=True):
        assert (d, v, z) == pytest.approx(ref[k], rel=1e-10)


def test_logodds_antisymmetric_and_sorted():
    X, vocab = _random_dfm(seed=5)
    ab = keyness(X, [0, 1], reference=[2, 3, 4, 5], vocabulary=vocab, sort=False)
    ba = keyness(X, [2, 3, 4, 5], reference=[0, 1], vocabulary=vocab, sort=False)
    np.testing.assert_allclose(ab["delta"], -ba["delta"].to_numpy(), rtol=1e-12)
    np.testing.assert_allclose(ab["z"], -ba["z"].to_numpy(), rtol=1e-12)
    sorted_ = keyness(X, [0, 1], vocabulary=vocab)
    assert np.all(np.diff(sorted_["z"].to_numpy()) <= 0)
    prov = provenance_of(sorted_)
    assert prov.methods == ("monroe2008",)
    assert prov.parameters["alpha0"] == pytest.approx(float(X.sum()))
    assert prov.parameters["n_target_docs"] == 2
    assert "@article{monroe2008," in accord.cite(sorted_)


def test_logodds_prior_shrinks_rare_words():
    # a word seen once only in the target: its z is small; a frequent, skewed word's is big
    df = keyness_counts([1, 60, 40], [0, 20, 80], vocabulary=["rare", "skew", "other"])
    z = dict(zip(df["feature"], df["z"], strict=True))
    assert abs(z["rare"]) < 1 < z["skew"]


# ------------------------------------------------------------- errors


def test_errors():
    X, vocab = _dfm(QTEXTS)
    with pytest.raises(InputError, match="unknown measure 'chi'"):
        keyness(X, [0], vocabulary=vocab, measure="chi")
    with pytest.raises(InputError, match="unknown correction 'yate'"):
        keyness(X, [0], vocabulary=vocab, measure="chi2", correction="yate")
    with pytest.raises(InputError, match="vocabulary has 3 features but the matrix has 2"):
        keyness(X, [0], vocabulary=["a", "b", "c"])
    with pytest.raises(InputError, match="vocabulary is missing"):
        keyness(X, [0])
    with pytest.raises(InputError, match="reference selects no documents"):
        keyness(X, [0, 1], vocabulary=vocab)
    with pytest.raises(InputError, match="row index 5 outside the matrix's 2 documents"):
        keyness(X, [5], vocabulary=vocab)
    with pytest.raises(InputError, match="document 0 is in both target and reference"):
        keyness(X, [0], reference=[0, 1], vocabulary=vocab)
    with pytest.raises(InputError, match="target count of 'b' is -1"):
        keyness_counts([1, -1], [1, 1], vocabulary=vocab)
    with pytest.raises(InputError, match="background has no count for 'b'"):
        keyness_counts([1, 1], [1, 1], vocabulary=vocab, background=[3, 0])
    with pytest.raises(InputError, match="alpha0 must be a positive number"):
        keyness_counts([1, 1], [1, 1], vocabulary=vocab, alpha0=0)
    with pytest.raises(InputError, match="the reference group has no tokens"):
        keyness_counts([1, 1], [0, 0], vocabulary=vocab)


# ------------------------------------------------------------- real speeches


def test_real_speeches_rus_vs_usa(mirror):
    df = pl.read_parquet(mirror / "ungdc" / "ungdc_focal8_1946_2024.parquet")
    df = df.filter(
        pl.col("year").is_between(2010, 2019) & pl.col("country_iso3").is_in(["RUS", "USA"])
    )
    counts = [Counter(WORD.findall(t.lower())) for t in df["text"]]
    vocab = sorted(set().union(*counts))
    index = {w: i for i, w in enumerate(vocab)}
    rows, cols, vals = [], [], []
    for r, c in enumerate(counts):
        for w, n in c.items():
            rows.append(r)
            cols.append(index[w])
            vals.append(n)
    X = sparse.csr_matrix((vals, (rows, cols)), shape=(len(counts), len(vocab)))
    usa = (df["country_iso3"] == "USA").to_numpy()
    res = keyness(X, usa, vocabulary=vocab)
    row = res.filter(pl.col("feature") == "democracy").row(0, named=True)
    # counts shown equal a plain regex count on the speeches
    # (the word on its own: not "democracy's", which is one token)
    pat = re.compile(r"(?<![\w'’-])democracy(?!\w|['’-]\w)")
    n_usa = sum(len(pat.findall(t.lower())) for t in df.filter(usa)["text"])
    n_rus = sum(len(pat.findall(t.lower())) for t in df.filter(~usa)["text"])
    assert (row["n_target"], row["n_reference"]) == (n_usa, n_rus)
    # the independent loop gives the same z on the real counts
    y_i, y_j = np.asarray(X[usa].sum(0)).ravel(), np.asarray(X[~usa].sum(0)).ravel()
    k = index["democracy"]
    ref = _monroe_loop(y_i.tolist(), y_j.tolist(), (y_i + y_j).tolist())[k]
    assert (row["delta"], row["variance"], row["z"]) == pytest.approx(ref, rel=1e-10)
    # and χ² equals scipy's on the same table (correction per quanteda's rule)
    chi = keyness(X, usa, vocabulary=vocab, measure="chi2", correction="none")
    crow = chi.filter(pl.col("feature") == "democracy").row(0, named=True)
    table = [[n_usa, n_rus], [y_i.sum() - n_usa, y_j.sum() - n_rus]]
    assert abs(crow["chi2"]) == pytest.approx(chi2_contingency(table, correction=False).statistic)


def test_dfm_with_expression_target_and_sources():
    from accord.texts import Corpus, dfm

    c = Corpus.from_texts(
        ["b b b b b b b a a a", "a a a a a a a b b"], actors=["RUS", "USA"], years=[2020, 2020]
    )
    d = dfm(c)
    res = keyness(d, pl.col("actors").list.contains("RUS"), measure="chi2", sort=False)
    row = res.filter(pl.col("feature") == "a").row(0, named=True)
    assert row["chi2"] == pytest.approx(-2.632438, abs=5e-7)
    with pytest.raises(InputError, match="keyness needs raw counts, but this DFM is weighted"):
        keyness(d.weight("prop"), [0])
    with pytest.raises(InputError, match="needs a DFM with document metadata"):
        keyness(np.eye(2), pl.col("year") > 0, vocabulary=["a", "b"])
