"""Grouping rows by one integer key, with numpy: the primitive of the encoded indices.

:class:`Groups` sums (counts, flags, first rows) per distinct key, with a dense
``np.bincount`` when the key range is small and by sorting the keys otherwise;
:func:`run_starts` and :func:`run_sums` handle tables already sorted by the key (runs of
one key summed in one sequential pass); :func:`by_year` splits rows by year. No polars
tables, no I/O (polars only sorts large integer arrays, faster than numpy).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import polars as pl

from accord.economy import _parallel

__all__ = ["DENSE_LIMIT", "Groups", "run_starts", "run_sums", "by_year", "is_sorted", "distinct"]

#: Largest key space grouped with a dense ``np.bincount`` (8 M cells, 64 MB of float64);
#: larger key spaces are grouped by sorting the keys.
DENSE_LIMIT = 1 << 23


class Groups:
    """Rows grouped by one flat integer key in ``[0, size)``.

    ``keys`` are the distinct keys, sorted; :meth:`sum`, :meth:`any` and :meth:`first`
    give one value per key. A dense ``bincount`` is used when ``size`` is at most
    :data:`DENSE_LIMIT`; otherwise (or with ``sort=True``: few rows in a large key space)
    the keys are sorted and the sums taken over runs of the sorted rows
    (``np.add.reduceat``, one sequential pass).
    """

    def __init__(self, key: np.ndarray, size: int, *, sort: bool = False):
        self.n_rows = key.size
        self._group: np.ndarray | None = None  # group of each row, made when needed
        if size <= DENSE_LIMIT and not sort:
            counts = np.bincount(key, minlength=size)
            self.keys = np.flatnonzero(counts)
            self.count = counts[self.keys]
            self._key, self._n, self._dense = key, size, True
            return
        if is_sorted(key):
            order, ordered = None, key
        else:  # polars sorts integers several times faster than numpy
            order = pl.Series(key).arg_sort().to_numpy()
            ordered = key[order]
        new = np.ones(key.size, bool)
        np.not_equal(ordered[1:], ordered[:-1], out=new[1:])
        self._starts = np.flatnonzero(new)
        self.keys = ordered[self._starts]
        self.count = np.diff(np.append(self._starts, key.size))
        self._order, self._new, self._n, self._dense = order, new, self.keys.size, False

    def __len__(self) -> int:
        return self.keys.size

    def sum(self, weights: np.ndarray) -> np.ndarray:
        """Sum of ``weights`` (one per row) in each group."""
        if self._dense:
            s = np.bincount(self._key, weights=weights, minlength=self._n)
            return s.astype(np.float64, copy=False)[self.keys]
        if not self._starts.size:
            return np.zeros(0)
        w = weights if self._order is None else weights[self._order]
        return np.add.reduceat(w, self._starts, dtype=np.float64)

    def any(self, flags: np.ndarray) -> np.ndarray:
        """Whether any row of the group is flagged."""
        if not flags.any():
            return np.zeros(self.keys.size, bool)
        return self.sum(flags) > 0

    def _groups(self) -> np.ndarray:
        """The group (position in :attr:`keys`) of each row, sorted path."""
        if self._group is None:
            group = np.cumsum(self._new) - 1
            if self._order is not None:
                inverse = np.empty(self.n_rows, dtype=np.intp)
                inverse[self._order] = group
                group = inverse
            self._group = group
        return self._group

    def inverse(self) -> np.ndarray:
        """For each row, the position of its group in :attr:`keys`."""
        if not self._dense:
            return self._groups()
        rank = np.zeros(self._n, dtype=np.intp)
        rank[self.keys] = np.arange(self.keys.size)
        return rank[self._key]

    def first(self) -> np.ndarray:
        """Position (among the rows grouped) of each group's first row."""
        first = np.full(self._n, self.n_rows, dtype=np.intp)
        group = self._key if self._dense else self._groups()
        np.minimum.at(first, group, np.arange(self.n_rows, dtype=np.intp))
        return first[self.keys] if self._dense else first


def run_starts(*columns: np.ndarray) -> np.ndarray:
    """Positions where a run of rows equal in every column (one key, or several codes)
    starts; blocks of rows are compared on all cores."""
    n = columns[0].size
    if n == 0:
        return np.zeros(0, np.intp)
    change = np.empty(n, bool)
    change[0] = True

    def compare(rows: slice) -> None:
        step = 1 << 18  # a small buffer, reused
        tmp = np.empty(min(step, n), bool)
        for a in range(max(rows.start, 1), rows.stop, step):
            b = min(a + step, rows.stop)
            out, t = change[a:b], tmp[: b - a]
            np.not_equal(columns[0][a:b], columns[0][a - 1 : b - 1], out=out)
            for c in columns[1:]:
                np.not_equal(c[a:b], c[a - 1 : b - 1], out=t)
                out |= t

    _parallel.run(compare, _parallel.blocks(n, min_size=1 << 20))
    return np.flatnonzero(change)


def run_sums(values: np.ndarray, starts: np.ndarray, fn: Any, block: int = 1 << 20) -> np.ndarray:
    """``np.add.reduceat(fn(values), starts)``, with ``fn`` applied a block of runs at a time
    (no temporary the size of the table)."""
    out = np.empty(starts.size)
    edges = np.searchsorted(starts, np.arange(0, values.size, block))
    edges = np.unique(np.append(edges, starts.size))
    for a, b in zip(edges[:-1], edges[1:], strict=True):
        lo = starts[a]
        hi = starts[b] if b < starts.size else values.size
        out[a:b] = np.add.reduceat(fn(values[lo:hi]), starts[a:b] - lo)
    return out


def by_year(year: np.ndarray, n_years: int) -> list[tuple[int, np.ndarray | slice]]:
    """``(year code, positions)`` for each year code in ``year``.

    Slices when ``year`` is sorted (flows read one file per year and concatenated), so that
    per-year arrays are views; index arrays otherwise.
    """
    if year.size == 0:
        return []
    if is_sorted(year):
        codes = np.arange(n_years, dtype=year.dtype)
        lo, hi = np.searchsorted(year, codes, "left"), np.searchsorted(year, codes, "right")
        return [(c, slice(a, b)) for c, a, b in zip(range(n_years), lo, hi, strict=True) if b > a]
    order = np.argsort(year, kind="stable")
    y = year[order]
    codes = np.flatnonzero(np.bincount(y, minlength=n_years))
    bounds = np.searchsorted(y, codes.astype(y.dtype), side="left").tolist() + [y.size]
    return [(c, order[bounds[i] : bounds[i + 1]]) for i, c in enumerate(codes.tolist())]


def is_sorted(a: np.ndarray) -> bool:
    """Whether ``a`` never decreases."""
    return a.size < 2 or bool(np.all(a[1:] >= a[:-1]))


def distinct(a: np.ndarray, low: int) -> np.ndarray:
    """The distinct values (int64, sorted) of integers ``a`` whose smallest is ``low``.

    Sorted arrays (years of files read one after the other) are searched, not counted.
    """
    if a.size == 0:
        return np.zeros(0, np.int64)
    if is_sorted(a):
        values = np.arange(low, int(a[-1]) + 1)
        lo = np.searchsorted(a, values.astype(a.dtype), "left")
        hi = np.searchsorted(a, values.astype(a.dtype), "right")
        return values[hi > lo]
    return np.flatnonzero(np.bincount(a.astype(np.int64) - low)) + low
