"""Kernels: every measure against scikit-learn or a direct formula; invariants as properties."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from sklearn.metrics import cohen_kappa_score

from accord.votes.kernels import MEASURES, counts, measures_from_counts


def direct(a: np.ndarray, b: np.ndarray) -> dict[str, float]:
    """Each measure computed from two vote vectors by its textbook formula."""
    both = (a > 0) & (b > 0)
    x, y = a[both].astype(float), b[both].astype(float)
    n = x.size
    po = np.mean(x == y)
    voeten = 1 - np.abs(x - y).sum() / (2 * n)
    s = 1 - 2 * (np.abs(x - y) / 2).sum() / n  # Signorino & Ritter, d_max = 2
    px = np.array([np.mean(x == k) for k in (1, 2, 3)])
    py = np.array([np.mean(y == k) for k in (1, 2, 3)])
    pe_pi = (((px + py) / 2) ** 2).sum()
    return {
        "n_votes": n,
        "raw": po,
        "voeten": voeten,
        "s_score": s,
        "pi": (po - pe_pi) / (1 - pe_pi) if pe_pi < 1 else np.nan,
    }


votes_pairs = arrays(
    np.int8, st.tuples(st.just(2), st.integers(12, 60)), elements=st.integers(0, 3)
)


def has_two_labels(a, b):
    both = (a > 0) & (b > 0)
    return np.unique(np.concatenate([a[both], b[both]])).size >= 2 and both.sum() >= 2


@settings(max_examples=200, deadline=None)
@given(votes_pairs)
def test_kappa_equals_scikit_learn(v):
    a, b = v[0], v[1]
    if not has_two_labels(a, b):
        return
    both = (a > 0) & (b > 0)
    got = measures_from_counts(counts(v[:1], v[1:]))
    assert got["kappa"][0, 0] == pytest.approx(cohen_kappa_score(a[both], b[both]), abs=1e-12)
    assert got["kappa_quad"][0, 0] == pytest.approx(
        cohen_kappa_score(a[both], b[both], weights="quadratic", labels=[1, 2, 3]), abs=1e-12
    )


@settings(max_examples=200, deadline=None)
@given(votes_pairs)
def test_measures_equal_direct_formulas(v):
    a, b = v[0], v[1]
    if ((a > 0) & (b > 0)).sum() == 0:
        return
    got = measures_from_counts(counts(v[:1], v[1:]))
    want = direct(a, b)
    for m, value in want.items():
        assert got[m][0, 0] == pytest.approx(value, abs=1e-12, nan_ok=True), m


@settings(max_examples=100, deadline=None)
@given(
    arrays(np.int8, st.tuples(st.integers(2, 8), st.integers(10, 50)), elements=st.integers(0, 3))
)
def test_symmetry_identity_bounds(v):
    m = measures_from_counts(counts(v))
    n = m["n_votes"]
    assert np.array_equal(n, n.T)
    for name in MEASURES:
        x = m[name]
        assert np.allclose(x, x.T, equal_nan=True), name
        lo = -1.0 if name in ("s_score", "kappa", "kappa_quad", "pi") else 0.0
        finite = x[np.isfinite(x)]
        assert (finite >= lo - 1e-12).all() and (finite <= 1 + 1e-12).all(), name
    voted = (v > 0).sum(axis=1) > 0
    diag = np.diag(m["raw"])[voted]
    assert np.allclose(diag, 1.0)
    assert np.allclose(np.diag(m["voeten"])[voted], 1.0)
    # kappa with itself is 1 unless the state cast one kind of vote only (then undefined)
    for i in np.flatnonzero(voted):
        kinds = np.unique(v[i][v[i] > 0]).size
        k = m["kappa"][i, i]
        assert np.isnan(k) if kinds == 1 else k == pytest.approx(1.0), (i, kinds, k)


def test_s_score_is_linear_in_voeten():
    rng = np.random.default_rng(1)
    v = rng.integers(0, 4, size=(6, 80))
    m = measures_from_counts(counts(v))
    assert np.allclose(m["s_score"], 2 * m["voeten"] - 1, equal_nan=True)


def test_hand_computed_table():
    # Five joint votes: yes/yes, yes/yes, no/no, abstain/yes, no/yes; one vote missing.
    a = np.array([[1, 1, 3, 2, 3, 1]])
    b = np.array([[1, 1, 3, 1, 1, 0]])
    m = measures_from_counts(counts(a, b))
    assert m["n_votes"][0, 0] == 5
    assert m["raw"][0, 0] == pytest.approx(3 / 5)
    assert m["voeten"][0, 0] == pytest.approx(1 - (0 + 0 + 0 + 1 + 2) / 10)
    # kappa: po = .6; margins a: yes 2, abst 1, no 2; b: yes 4, no 1 -> pe = (8 + 0 + 2) / 25
    assert m["kappa"][0, 0] == pytest.approx((0.6 - 0.4) / (1 - 0.4))


def test_undefined_when_no_joint_votes():
    m = measures_from_counts(counts(np.array([[1, 0]]), np.array([[0, 1]])))
    assert m["n_votes"][0, 0] == 0
    assert all(np.isnan(m[k][0, 0]) for k in MEASURES)
