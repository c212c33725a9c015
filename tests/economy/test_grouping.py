"""Grouping rows by an integer key: dense and sorted paths, runs, years."""

from __future__ import annotations

import numpy as np
import pytest
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


@settings(max_examples=60)
@given(keys)
def test_grouping_by_sorting_on_request_agrees_with_counting(key):
    # sort=True: few rows in a large key space (the export similarity of one year).
    w = np.arange(key.size, dtype=float) + 0.25
    dense, by_sort = G.Groups(key, 51), G.Groups(key, 51, sort=True)
    assert by_sort.keys.tolist() == dense.keys.tolist()
    assert by_sort.count.tolist() == dense.count.tolist()
    np.testing.assert_allclose(by_sort.sum(w), dense.sum(w), rtol=1e-12)
    assert by_sort.any(key % 2 == 1).tolist() == dense.any(key % 2 == 1).tolist()
    assert by_sort.first().tolist() == dense.first().tolist()
    assert (by_sort.inverse() == dense.inverse()).all()


@settings(max_examples=60)
@given(st.lists(st.tuples(st.integers(0, 2), st.integers(0, 2)), max_size=50))
def test_runs_of_several_columns_are_runs_of_their_combined_key(rows):
    a = np.array([r[0] for r in rows], dtype=np.int16)
    b = np.array([r[1] for r in rows], dtype=np.int16)
    want = G.run_starts(a.astype(np.intp) * 3 + b) if rows else np.zeros(0, np.intp)
    assert G.run_starts(a, b).tolist() == want.tolist()


def test_runs_of_a_long_table_are_found_in_blocks():
    # Blocks of rows (one per thread) must not miss a run starting at a block's edge.
    n = 3 << 20
    key = np.repeat(np.arange(n // 1000, dtype=np.int32), 1000)
    key[n // 2] = -1  # a run of one row in the middle
    want = np.flatnonzero(np.r_[True, key[1:] != key[:-1]])
    assert (G.run_starts(key) == want).all()


@settings(max_examples=60)
@given(st.lists(st.integers(1990, 2024), min_size=1, max_size=40), st.booleans())
def test_distinct_values_of_sorted_and_shuffled_years(years, ordered):
    a = np.array(sorted(years) if ordered else years, dtype=np.int16)
    assert G.distinct(a, int(a.min())).tolist() == sorted(set(years))


def test_threads_keep_the_order_and_run_nested_calls_in_place():
    from accord.economy import _parallel

    assert _parallel.run(lambda x: x * x, range(20)) == [x * x for x in range(20)]
    # A task that runs tasks itself gets a plain loop (no thread waits for a busy pool).
    nested = _parallel.run(lambda x: sum(_parallel.run(lambda y: y + x, range(3))), range(6))
    assert nested == [sum(y + x for y in range(3)) for x in range(6)]
    for n in (0, 1, 7, 1000):
        parts = _parallel.blocks(n, min_size=8)
        assert [i for s in parts for i in range(n)[s]] == list(range(n))


@pytest.mark.parametrize("workers", [1, 2])
def test_threads_can_be_capped(workers):
    import threading
    import time

    from accord.economy import _parallel

    lock, running, most = threading.Lock(), [0], [0]

    def task(x):
        with lock:
            running[0] += 1
            most[0] = max(most[0], running[0])
        time.sleep(0.01)
        with lock:
            running[0] -= 1
        return -x

    assert _parallel.run(task, range(8), workers=workers) == [-x for x in range(8)]
    assert 1 <= most[0] <= workers
