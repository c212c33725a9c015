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

__all__ = ["DENSE_LIMIT", "Groups", "run_starts", "run_sums", "by_year"]

#: Largest key space grouped with a dense ``np.bincount`` (8 M cells, 64 MB of float64);
#: larger key spaces are grouped by sorting the keys.
DENSE_LIMIT = 1 << 23


class Groups:
    """Rows grouped by one flat integer key in ``[0, size)``.

    ``keys`` are the distinct keys, sorted; :meth:`sum`, :meth:`any` and :meth:`first`
    give one value per key. A dense ``bincount`` is used when ``size`` is at most
    :data:`DENSE_LIMIT`, a sort otherwise.
    """

    def __init__(self, key: np.ndarray, size: int):
        self.n_rows = key.size
        if size <= DENSE_LIMIT:
            counts = np.bincount(key, minlength=size)
            self.keys = np.flatnonzero(counts)
            self.count = counts[self.keys]
            self._key, self._n, self._dense = key, size, True
            return
        if key.size < 2 or bool(np.all(key[1:] >= key[:-1])):
            order, ordered = None, key
        else:  # polars sorts integers several times faster than numpy
            order = pl.Series(key).arg_sort().to_numpy()
            ordered = key[order]
        new = np.ones(key.size, bool)
        np.not_equal(ordered[1:], ordered[:-1], out=new[1:])
        self.keys = ordered[new]
        self.count = np.diff(np.append(np.flatnonzero(new), key.size))
        group = np.cumsum(new) - 1
        if order is not None:
            inverse = np.empty(key.size, dtype=np.intp)
            inverse[order] = group
            group = inverse
        self._key, self._n, self._dense = group, self.keys.size, False

    def __len__(self) -> int:
        return self.keys.size

    def sum(self, weights: np.ndarray) -> np.ndarray:
        """Sum of ``weights`` (one per row) in each group."""
        s = np.bincount(self._key, weights=weights, minlength=self._n).astype(
            np.float64, copy=False
        )
        return s[self.keys] if self._dense else s

    def any(self, flags: np.ndarray) -> np.ndarray:
        """Whether any row of the group is flagged."""
        if not flags.any():
            return np.zeros(self.keys.size, bool)
        return self.sum(flags) > 0

    def inverse(self) -> np.ndarray:
        """For each row, the position of its group in :attr:`keys`."""
        if not self._dense:
            return self._key
        rank = np.zeros(self._n, dtype=np.intp)
        rank[self.keys] = np.arange(self.keys.size)
        return rank[self._key]

    def first(self) -> np.ndarray:
        """Position (among the rows grouped) of each group's first row."""
        first = np.full(self._n, self.n_rows, dtype=np.intp)
        np.minimum.at(first, self._key, np.arange(self.n_rows, dtype=np.intp))
        return first[self.keys] if self._dense else first


def run_starts(key: np.ndarray) -> np.ndarray:
    """Positions where a run of equal keys starts."""
    if key.size == 0:
        return np.zeros(0, np.intp)
    change = np.empty(key.size, bool)
    change[0] = True
    np.not_equal(key[1:], key[:-1], out=change[1:])
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
    ordered = year.size < 2 or bool(np.all(year[1:] >= year[:-1]))
    order = None if ordered else np.argsort(year, kind="stable")
    y = year if order is None else year[order]
    codes = np.flatnonzero(np.bincount(y, minlength=n_years))
    bounds = np.searchsorted(y, codes, side="left").tolist() + [y.size]
    out: list[tuple[int, np.ndarray | slice]] = []
    for i, c in enumerate(codes.tolist()):
        part = slice(bounds[i], bounds[i + 1])
        out.append((c, part if order is None else order[part]))
    return out
