"""Timing tests: coincidence counts by hand and by brute force, analytic vs surrogate nulls."""

import datetime as dt

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

from accord.errors import InputError
from accord.events.timing import coincidence, coincidence_counts, launch_gap


def brute(a, b, window, lag):
    """Donges et al. (2016) eqs. 1–2 written as loops."""
    kp = sum(any(0 <= (t - lag) - s <= window for s in b) for t in a)
    kt = sum(any(0 <= (t - lag) - s <= window for t in a) for s in b)
    return kp, kt


def test_hand_computed_case():
    # A at 10, 50, 90; B at 5, 48, 70; window 5: A@10 has B@5, A@50 has B@48 -> K_p = 2;
    # B@5 is followed by A@10, B@48 by A@50 -> K_t = 2.
    r = coincidence([10, 50, 90], [5, 48, 70], window=5, start=0, end=100, n_surrogates=0)
    assert (r.precursor_count, r.trigger_count) == (2, 2)
    assert r.precursor_rate == pytest.approx(2 / 3)
    # p = 1 - (1 - 5/100)^3; P(K >= 2), K ~ Bin(3, p)
    p = 1 - 0.95**3
    assert r.precursor_p_analytic == pytest.approx(3 * p**2 * (1 - p) + p**3)


def test_lag_shifts_the_window():
    # B 30 days before A: coincident only with lag 30.
    assert coincidence_counts([100], [70], window=5, lag=0) == (0, 0)
    assert coincidence_counts([100], [70], window=5, lag=30) == (1, 1)
    assert coincidence_counts([100], [70], window=5, lag=26) == (1, 1)
    assert coincidence_counts([100], [70], window=5, lag=24) == (0, 0)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.integers(0, 200), min_size=1, max_size=30),
    st.lists(st.integers(0, 200), min_size=1, max_size=30),
    st.integers(0, 20),
    st.integers(0, 10),
)
def test_counts_equal_brute_force(a, b, window, lag):
    assert coincidence_counts(np.array(a), np.array(b), window=window, lag=lag) == brute(
        a, b, window, lag
    )


def test_analytic_null_matches_surrogates():
    """On independent Poisson series, the binomial null describes the shuffle distribution."""
    rng = np.random.default_rng(42)
    span, window = 1000.0, 10.0
    na, nb = 40, 30
    ks = np.array(
        [
            coincidence_counts(rng.uniform(0, span, na), rng.uniform(0, span, nb), window=window)[0]
            for _ in range(4000)
        ]
    )
    p = 1 - (1 - window / span) ** nb
    assert ks.mean() == pytest.approx(na * p, rel=0.05)
    # the tail probabilities agree: P(K >= k) for a few k
    for k in (8, 10, 12):
        assert (ks >= k).mean() == pytest.approx(stats.binom.sf(k - 1, na, p), abs=0.02)


def test_surrogate_p_value_is_reproducible_and_close_to_analytic():
    rng = np.random.default_rng(1)
    a = np.sort(rng.uniform(0, 500, 25))
    b = np.clip(a[:15] - rng.uniform(0, 4, 15), 0, 500)  # B precedes 15 of A's events
    r1 = coincidence(a, b, window=5, start=0, end=500, n_surrogates=3000, seed=7)
    r2 = coincidence(a, b, window=5, start=0, end=500, n_surrogates=3000, seed=7)
    assert r1 == r2
    assert r1.precursor_count >= 15
    assert r1.precursor_p_analytic < 1e-6
    assert r1.precursor_p_surrogate == pytest.approx(1 / 3001)


def test_dates():
    a = [dt.date(2020, 10, 15), dt.date(2021, 7, 16)]
    b = [dt.date(2020, 7, 16), dt.date(2021, 5, 12)]
    r = coincidence(a, b, window=92, n_surrogates=0)
    assert r.precursor_count == 2  # each Russian meeting came within 92 days after a Chinese one
    assert r.unit == "days"


def test_launch_gap_formulas():
    d = dt.date
    launches = {"X": d(2000, 1, 1), "A": d(2005, 1, 1), "B": d(2005, 4, 1), "Y": d(2010, 1, 1)}
    r = launch_gap(launches, "A", "B")
    w = (d(2010, 1, 1) - d(2000, 1, 1)).days
    assert r.gap_days == 90
    assert r.p_uniform == pytest.approx(1 - (1 - 90 / w) ** 2)
    assert (r.rank, r.n_pairs) == (1, 6)
    assert r.p_resampled == pytest.approx(1 / 6)
    assert r.p_uniform < r.p_any_pair_uniform < 1


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: coincidence([1], [2], window=0), "window=0 must be positive"),
        (lambda: coincidence([], [2], window=5), "both series need events: A has 0"),
        (lambda: coincidence([1, 5], [2], window=5, start=2, end=10), "outside \\[start, end\\]"),
        (lambda: launch_gap({"A": dt.date(2000, 1, 1)}, "A", "B"), "no launch date for B"),
    ],
)
def test_errors(call, message):
    with pytest.raises(InputError, match=message):
        call()
