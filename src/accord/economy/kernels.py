"""Pure numpy kernels for the trade and migration indices (no I/O, no polars).

Two levels:

- **vector functions** take the values of one group (one exporter's exports by product,
  two exporters' exports to one market …) and return one number: :func:`hhi`,
  :func:`finger_kreinin`, :func:`complementarity`. They are the textbook formulas, used by
  the tests as the reference the table functions must reproduce;
- **array functions** take per-group aggregates (sums, counts) as arrays and return one
  value per group: :func:`hhi_from_sums`, :func:`normalize_hhi`, :func:`intensity`,
  :func:`growth`, :func:`cagr`, :func:`percent`, and :func:`pairwise_min_sum` for the
  all-pairs overlap of share vectors (and :func:`pairwise_overlap`, the same for share
  vectors, faster; :func:`pairwise_common` counts the items both have). The index modules
  of :mod:`accord.economy.indices` aggregate on the integer encoding of a flows table
  (:mod:`accord.economy.encode`) and call these.

Undefined values (a zero denominator, a single item for a normalised index) are NaN;
the table layer turns them into nulls.
"""

from __future__ import annotations

import numpy as np

from accord.economy import _parallel

__all__ = [
    "NORMALIZATIONS",
    "shares",
    "hhi",
    "hhi_from_sums",
    "normalize_hhi",
    "finger_kreinin",
    "complementarity",
    "pairwise_min_sum",
    "pairwise_overlap",
    "pairwise_overlaps",
    "pairwise_common",
    "intensity",
    "fold",
    "growth",
    "cagr",
    "percent",
]

#: Normalised forms of the Herfindahl-Hirschman index, see :func:`normalize_hhi`.
NORMALIZATIONS = ("wits", "unctad")

#: Largest temporary array :func:`pairwise_min_sum` builds, in bytes: small enough to stay
#: in the CPU cache (3x faster than 64 MB blocks for 150 x 150 countries x 4,000 products).
BLOCK_BYTES = 4 * 1024 * 1024


def _vector(values: np.ndarray, what: str) -> np.ndarray:
    v = np.asarray(values, dtype=np.float64)
    if v.ndim != 1:
        raise ValueError(f"{what} must be one-dimensional, got shape {v.shape}")
    if np.any(v < 0) or np.any(~np.isfinite(v)):
        raise ValueError(f"{what} must be finite and non-negative")
    return v


def shares(values: np.ndarray) -> np.ndarray:
    """Each value's share of the sum, ``s_i = v_i / Σ v``; all NaN when the sum is 0."""
    v = _vector(values, "values")
    total = v.sum()
    if total <= 0:
        return np.full(v.shape, np.nan)
    return v / total


def hhi(values: np.ndarray, *, normalized: str | None = None, n: int | None = None) -> float:
    """Herfindahl-Hirschman index of one vector of values (or shares).

    ``HHI = Σ s_i²`` with ``s_i = v_i / Σ v``; ``normalized`` applies
    :func:`normalize_hhi` with ``N = n`` (default: the number of positive values).
    NaN when every value is 0.
    """
    v = _vector(values, "values")
    total = v.sum()
    if total <= 0:
        return float("nan")
    h = float(np.sum((v / total) ** 2))
    if normalized is None:
        return h
    n_items = int(np.count_nonzero(v)) if n is None else int(n)
    return float(normalize_hhi(np.array([h]), np.array([n_items]), normalized)[0])


def hhi_from_sums(sum_sq: np.ndarray, total: np.ndarray) -> np.ndarray:
    """HHI of many groups from their sums: ``Σ v² / (Σ v)²`` (= ``Σ s²``); NaN if total is 0."""
    sum_sq = np.asarray(sum_sq, dtype=np.float64)
    total = np.asarray(total, dtype=np.float64)
    with np.errstate(divide="ignore", invalid="ignore"):
        h = np.where(total > 0, sum_sq / (total * total), np.nan)
    # Rounding can push a one-item group a hair above 1.
    return np.where(np.isnan(h), h, np.clip(h, 0.0, 1.0))


def normalize_hhi(h: np.ndarray, n: np.ndarray, method: str) -> np.ndarray:
    """Normalise HHI values to [0, 1] for groups of ``n`` items.

    ``"wits"``: ``(HHI − 1/N) / (1 − 1/N)``; ``"unctad"``:
    ``(√HHI − √(1/N)) / (1 − √(1/N))``. Both are 0 when the ``N`` items have equal shares
    and 1 when one item has everything; NaN when ``N ≤ 1`` (no spread to measure).
    """
    if method not in NORMALIZATIONS:
        raise ValueError(f"unknown normalisation {method!r}; use one of {NORMALIZATIONS}")
    h = np.asarray(h, dtype=np.float64)
    n = np.asarray(n, dtype=np.float64)
    with np.errstate(divide="ignore", invalid="ignore"):
        inv = np.where(n > 1, 1.0 / n, np.nan)
        if method == "wits":
            out = (h - inv) / (1.0 - inv)
        else:
            root = np.sqrt(inv)
            out = (np.sqrt(h) - root) / (1.0 - root)
    return np.where(np.isnan(out), out, np.clip(out, 0.0, 1.0))


def finger_kreinin(values_a: np.ndarray, values_b: np.ndarray) -> float:
    """Finger-Kreinin export similarity of two aligned vectors: ``Σ_k min(s_ak, s_bk)``.

    Both vectors are turned into shares first; NaN if either sums to 0.
    """
    a = shares(values_a)
    b = shares(values_b)
    if a.shape != b.shape:
        raise ValueError(f"vectors differ in length: {a.shape} and {b.shape}")
    return float(np.minimum(a, b).sum())


def complementarity(imports: np.ndarray, exports: np.ndarray) -> float:
    """Trade complementarity of an importer's and an exporter's aligned product vectors.

    ``TC = 100 (1 − Σ_k |m_k − x_k| / 2)`` with ``m``, ``x`` the product shares of the
    importer's imports and of the exporter's exports; NaN if either sums to 0.
    """
    m = shares(imports)
    x = shares(exports)
    if m.shape != x.shape:
        raise ValueError(f"vectors differ in length: {m.shape} and {x.shape}")
    return float(100.0 * (1.0 - np.abs(m - x).sum() / 2.0))


def pairwise_min_sum(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """``out[i, j] = Σ_k min(a[i, k], b[j, k])`` for every row of ``a`` and of ``b``.

    For share vectors (rows summing to 1) this is the overlap of two distributions:
    ``Σ min(p, q) = 1 − Σ |p − q| / 2``, the Finger-Kreinin index and TC / 100. Rows of
    ``a`` are processed in blocks so that no temporary exceeds :data:`BLOCK_BYTES`.
    """
    a = np.ascontiguousarray(a, dtype=np.float64)
    b = np.ascontiguousarray(b, dtype=np.float64)
    if a.ndim != 2 or b.ndim != 2 or a.shape[1] != b.shape[1]:
        raise ValueError(f"need (n_a, K) and (n_b, K) arrays, got {a.shape} and {b.shape}")
    na, k = a.shape
    nb = b.shape[0]
    out = np.empty((na, nb))
    if na == 0 or nb == 0:
        return out
    step = max(1, BLOCK_BYTES // max(1, 8 * nb * k))
    for i0 in range(0, na, step):
        blk = a[i0 : i0 + step]
        out[i0 : i0 + step] = np.minimum(blk[:, None, :], b[None, :, :]).sum(axis=2)
    return out


def pairwise_overlap(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """``out[i, j] = 1 − Σ_k |a[i, k] − b[j, k]| / 2`` for every row of ``a`` and of ``b``.

    For share vectors (rows summing to 1) this equals :func:`pairwise_min_sum`, since
    ``Σ min(p, q) = (Σ p + Σ q − Σ |p − q|) / 2``; it is computed as a city-block distance
    (``scipy.spatial.distance.cdist``, compiled and vectorised), several times faster than
    the blocked minimum; blocks of rows run on all cores. Rows of zeros (no trade) give
    ``1 − Σ|b| / 2``: callers drop them.
    """
    return pairwise_overlaps([(a, b)])[0]


def pairwise_overlaps(pairs: list[tuple[np.ndarray, np.ndarray]]) -> list[np.ndarray]:
    """:func:`pairwise_overlap` of several ``(a, b)`` pairs (one a year, say): the blocks of
    rows of all of them are spread over the threads at once."""
    from scipy.spatial.distance import cdist

    jobs, outs = [], []
    for a, b in pairs:
        a = np.ascontiguousarray(a, dtype=np.float64)
        b = np.ascontiguousarray(b, dtype=np.float64)
        if a.ndim != 2 or b.ndim != 2 or a.shape[1] != b.shape[1]:
            raise ValueError(f"need (n_a, K) and (n_b, K) arrays, got {a.shape} and {b.shape}")
        out = np.empty((a.shape[0], b.shape[0]))
        outs.append(out)
        if b.shape[0]:
            jobs += [(a, b, out, rows) for rows in _parallel.blocks(a.shape[0], min_size=8)]

    def block(job: tuple) -> None:  # cdist releases the GIL: blocks of rows in threads
        a, b, out, rows = job
        cdist(a[rows], b, "cityblock", out=out[rows])
        out[rows] *= -0.5
        out[rows] += 1.0

    _parallel.run(block, jobs)
    return outs


def pairwise_common(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """``out[i, j]``: the number of columns ``k`` where ``a[i, k] > 0`` and ``b[j, k] > 0``.

    The products two countries both trade. The rows are packed into bits and the common
    bits counted (``np.bitwise_count``, numpy 2), as fast as a float matrix product without
    waking BLAS threads, which spin for a while afterwards and slow the threads of
    :func:`pairwise_overlap` down.
    """
    if a.ndim != 2 or b.ndim != 2 or a.shape[1] != b.shape[1]:
        raise ValueError(f"need (n_a, K) and (n_b, K) arrays, got {a.shape} and {b.shape}")
    if not hasattr(np, "bitwise_count"):  # pragma: no cover - numpy 1.x
        pa, pb = (a > 0).astype(np.float64), (b > 0).astype(np.float64)
        return np.rint(pa @ pb.T).astype(np.int64)
    pa, pb = _bits(a), _bits(b)
    out = np.empty((pa.shape[0], pb.shape[0]), np.int64)
    step = max(1, BLOCK_BYTES // max(1, 8 * pb.size))
    for i in range(0, pa.shape[0], step):
        common = pa[i : i + step, None, :] & pb[None, :, :]
        out[i : i + step] = np.bitwise_count(common).sum(axis=2, dtype=np.int64)
    return out


def _bits(a: np.ndarray) -> np.ndarray:
    """``a > 0`` packed into 64-bit words, row by row."""
    packed = np.packbits(a > 0, axis=1)
    pad = -packed.shape[1] % 8
    if pad:
        packed = np.pad(packed, ((0, 0), (0, pad)))
    return np.ascontiguousarray(packed).view(np.uint64)


def intensity(
    value: np.ndarray, total: np.ndarray, world_to: np.ndarray, world_total: np.ndarray
) -> np.ndarray:
    """Trade intensity ``(x_ij / X_i) / (x_wj / X_w)`` elementwise; NaN on a zero denominator."""
    x = np.asarray(value, dtype=np.float64)
    xi = np.asarray(total, dtype=np.float64)
    xwj = np.asarray(world_to, dtype=np.float64)
    xw = np.asarray(world_total, dtype=np.float64)
    with np.errstate(divide="ignore", invalid="ignore"):
        out = (x / xi) / (xwj / xw)
    return np.where((xi > 0) & (xwj > 0) & (xw > 0), out, np.nan)


def fold(x0: np.ndarray, x1: np.ndarray) -> np.ndarray:
    """``x1 / x0``; NaN where ``x0`` is 0 or missing."""
    x0 = np.asarray(x0, dtype=np.float64)
    x1 = np.asarray(x1, dtype=np.float64)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(x0 > 0, x1 / x0, np.nan)


def growth(x0: np.ndarray, x1: np.ndarray) -> np.ndarray:
    """Growth ``x1 / x0 − 1``; NaN where ``x0`` is 0."""
    return fold(x0, x1) - 1.0


def cagr(x0: np.ndarray, x1: np.ndarray, years: np.ndarray | float) -> np.ndarray:
    """Compound annual growth rate ``(x1 / x0)^(1 / years) − 1``; NaN where ``x0`` is 0."""
    f = fold(x0, x1)
    years = np.asarray(years, dtype=np.float64)
    with np.errstate(divide="ignore", invalid="ignore"):
        out = np.power(f, 1.0 / years) - 1.0
    return np.where(years > 0, out, np.nan)


def percent(numerator: np.ndarray, denominator: np.ndarray) -> np.ndarray:
    """``100 · numerator / denominator``; NaN where the denominator is not positive."""
    num = np.asarray(numerator, dtype=np.float64)
    den = np.asarray(denominator, dtype=np.float64)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(den > 0, 100.0 * num / den, np.nan)
