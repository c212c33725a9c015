"""Grouping rows by an integer key: dense and sorted paths, runs, years."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from accord.economy import grouping as G

keys = st.lists(st.integers(0, 50), max_size=60).map(lambda x: np.array(x, dtype=np.intp))


@settings(max_examples=60)
@given(keys)
def test_dense_and_sorted_grouping_agree(key):
    w = np.arange(key.size, dtype=float)
    dense = G.Groups(key, 51)
    old = G.DENSE_LIMIT
    G.DENSE_LIMIT = 0  # force the sorted path
    try:
        sparse = G.Groups(key, 51)
    finally:
        G.DENSE_LIMIT = old
    for g in (dense, sparse):
        assert g.keys.tolist() == sorted(set(key.tolist()))
        assert g.count.tolist() == [int((key == k).sum()) for k in g.keys]
        assert g.sum(w).tolist() == [float(w[key == k].sum()) for k in g.keys]
        assert g.first().tolist() == [int(np.flatnonzero(key == k)[0]) for k in g.keys]
        assert (g.keys[g.inverse()] == key).all()


def test_years_split_into_slices_when_sorted():
    sorted_years = np.array([0, 0, 1, 1, 1, 3], dtype=np.int16)
    parts = G.by_year(sorted_years, 4)
    assert [(c, p) for c, p in parts] == [(0, slice(0, 2)), (1, slice(2, 5)), (3, slice(5, 6))]
    shuffled = np.array([1, 0, 3, 1, 0], dtype=np.int16)
    parts = G.by_year(shuffled, 4)
    assert [(c, p.tolist()) for c, p in parts] == [(0, [1, 4]), (1, [0, 3]), (3, [2])]


@settings(max_examples=60)
@given(st.lists(st.integers(0, 3), min_size=1, max_size=40), st.integers(1, 7))
def test_run_sums_by_blocks_equal_one_pass(runs, block):
    key = np.array(runs, dtype=np.intp)
    values = np.arange(key.size, dtype=float) + 0.5
    starts = G.run_starts(key)
    want = np.add.reduceat(values**2, starts)
    np.testing.assert_allclose(G.run_sums(values, starts, np.square, block=block), want)
