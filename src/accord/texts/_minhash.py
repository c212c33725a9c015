"""MinHash and LSH banding kernels (pure numpy; no I/O, no polars).

Shingles are word n-grams. Each word gets a fixed 64-bit hash (BLAKE2b of its UTF-8
bytes), a shingle the 64-bit mix of its n word hashes; the shingle hash reduced modulo the
Mersenne prime ``p = 2**31 - 1`` is the value ``x`` the permutations act on:

    h_i(x) = (a_i x + b_i) mod p,    a_i in [1, p),  b_i in [0, p)  (seeded)

Because ``x, a_i < 2**31`` the product fits in 64 bits and the modulo is exact (one fold,
``y = (y & p) + (y >> 31)``, and one conditional subtraction): the family is the classic
2-universal one of Carter & Wegman and each ``h_i`` is a bijection of ``[0, p)``, so it adds
no collisions (datasketch's pre-2.0 "legacy" scheme used ``p = 2**61 - 1`` with
overflowing 64-bit products and a fold to 32 bits, which does — datasketch issue #212).
The signature of a set of shingles is ``min_x h_i(x)`` for every ``i``; two signatures
agree in one position with probability equal to the Jaccard similarity of the sets
(Broder 1997), so the share of agreeing positions estimates it with standard error
``sqrt(J (1 - J) / k)``.

An empty set has the signature ``EMPTY`` (``2**32 - 1``) in every position.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor

import numpy as np

__all__ = [
    "MERSENNE",
    "EMPTY",
    "word_hash",
    "shingle_hashes",
    "permutations",
    "block_minima",
    "strided_minima",
    "band_candidates",
    "lsh_threshold",
    "candidate_probability",
]

#: The Mersenne prime 2**31 - 1 the permutations work modulo.
MERSENNE = (1 << 31) - 1
#: Signature value of an empty shingle set.
EMPTY = np.uint32(0xFFFFFFFF)

_P = np.uint64(MERSENNE)
_S31 = np.uint64(31)
_MIX = np.uint64(0x9E3779B97F4A7C15)  # odd: 2**64 / golden ratio
_F1 = np.uint64(0xFF51AFD7ED558CCD)
_F2 = np.uint64(0xC4CEB9FE1A85EC53)
_S33 = np.uint64(33)
_CHUNK = 512  # shingles per block of work: (k, 512) uint64 buffers stay in L2


def word_hash(words: Iterable[str]) -> np.ndarray:
    """64-bit hash of every word: the first 8 bytes of BLAKE2b (little-endian) of its UTF-8.

    Fixed (unseeded) so that a text always has the same shingles; the seed acts on the
    permutations only.
    """
    return np.array(
        [
            int.from_bytes(hashlib.blake2b(w.encode("utf-8"), digest_size=8).digest(), "little")
            for w in words
        ],
        dtype=np.uint64,
    )


def _fmix64(h: np.ndarray) -> np.ndarray:
    """MurmurHash3's 64-bit finaliser (a bijection that spreads every input bit)."""
    h = h ^ (h >> _S33)
    h *= _F1
    h ^= h >> _S33
    h *= _F2
    h ^= h >> _S33
    return h


def shingle_hashes(words: np.ndarray, offsets: np.ndarray, n: int) -> tuple[np.ndarray, np.ndarray]:
    """Hashes of the word n-grams of every document (reduced modulo ``MERSENNE``).

    Parameters
    ----------
    words : uint64 array
        Word hashes of all documents, concatenated.
    offsets : int64 array, length ``n_docs + 1``
        Document ``d`` holds ``words[offsets[d]:offsets[d + 1]]``.
    n : int
        Words per shingle.

    Returns
    -------
    x : uint64 array
        Shingle values in ``[0, MERSENNE)``, concatenated in document order; shingle ``t``
        of document ``d`` starts at word ``t``.
    sh_offsets : int64 array, length ``n_docs + 1``
    """
    words = np.asarray(words, dtype=np.uint64)
    offsets = np.asarray(offsets, dtype=np.int64)
    total = len(words)
    m = max(total - n + 1, 0)
    s = words[:m].copy()
    with np.errstate(over="ignore"):
        for j in range(1, n):
            s *= _MIX
            s += words[j : j + m]
        s = _fmix64(s)
    lengths = np.maximum(np.diff(offsets) - n + 1, 0)
    sh_offsets = np.zeros(len(offsets), dtype=np.int64)
    np.cumsum(lengths, out=sh_offsets[1:])
    if m == 0 or sh_offsets[-1] == 0:
        return np.zeros(0, dtype=np.uint64), sh_offsets
    # keep the shingles that start and end inside one document
    starts = np.repeat(offsets[:-1], lengths)
    local = np.arange(sh_offsets[-1], dtype=np.int64) - np.repeat(sh_offsets[:-1], lengths)
    return s[starts + local] % _P, sh_offsets


def permutations(num_perm: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """The ``a`` (in ``[1, p)``) and ``b`` (in ``[0, p)``) of every permutation, uint64."""
    rng = np.random.default_rng(seed)
    a = rng.integers(1, MERSENNE, size=num_perm, dtype=np.uint64)
    b = rng.integers(0, MERSENNE, size=num_perm, dtype=np.uint64)
    return a, b


def _apply(seg, a_col, b_col, buf, tmp) -> None:
    """``buf[:, :m] = (a x + b) mod p`` for the m values of *seg* (exact, no overflow)."""
    m = len(seg)
    y, t = buf[:, :m], tmp[:, :m]
    np.multiply(a_col, seg, out=y)  # < 2**62
    np.add(y, b_col, out=y)
    np.right_shift(y, _S31, out=t)  # y = hi 2**31 + lo, and 2**31 = 1 (mod p)
    np.bitwise_and(y, _P, out=y)
    np.add(y, t, out=y)  # < 2p
    np.subtract(y, _P, out=t)  # wraps to a huge value when y < p
    np.minimum(y, t, out=y)


def _parallel(fn, tasks, threads: int) -> None:
    if threads <= 1 or len(tasks) <= 1:
        for t in tasks:
            fn(t)
        return
    with ThreadPoolExecutor(min(threads, len(tasks))) as pool:
        list(pool.map(fn, tasks))


def block_minima(
    x: np.ndarray, starts: np.ndarray, a: np.ndarray, b: np.ndarray, *, threads: int = 1
) -> np.ndarray:
    """MinHash of consecutive blocks of shingles of any sizes (e.g. whole documents).

    Parameters
    ----------
    x : uint64 array
        Shingle values in ``[0, MERSENNE)``.
    starts : int64 array, length ``n_blocks + 1``
        Block ``j`` is ``x[starts[j]:starts[j + 1]]`` (non-decreasing; empty blocks allowed).
    a, b : uint64 arrays
        Permutations from :func:`permutations`.
    threads : int
        Blocks are shared among this many threads (numpy releases the GIL).

    Returns
    -------
    numpy.ndarray of uint32, shape (n_blocks, num_perm)
        ``min_{x in block} (a_i x + b_i) mod p``; ``EMPTY`` for an empty block.
    """
    starts = np.asarray(starts, dtype=np.int64)
    nb = max(len(starts) - 1, 0)
    k = len(a)
    out = np.full((nb, k), EMPTY, dtype=np.uint32)
    a_col, b_col = a[:, None], b[:, None]

    def work(rng: tuple[int, int]) -> None:
        buf = np.empty((k, _CHUNK), dtype=np.uint64)
        tmp = np.empty((k, _CHUNK), dtype=np.uint64)
        for j in range(*rng):
            s0, s1 = starts[j], starts[j + 1]
            if s1 <= s0:
                continue
            col = np.full(k, EMPTY, dtype=np.uint64)
            for c0 in range(s0, s1, _CHUNK):
                seg = x[c0 : min(c0 + _CHUNK, s1)]
                _apply(seg, a_col, b_col, buf, tmp)
                np.minimum(col, buf[:, : len(seg)].min(axis=1), out=col)
            out[j] = col

    cuts = np.linspace(0, nb, max(1, min(threads, nb)) + 1).astype(int)
    _parallel(work, list(zip(cuts[:-1], cuts[1:], strict=True)), threads)
    return out


def strided_minima(
    x: np.ndarray,
    offsets: np.ndarray,
    stride: int,
    a: np.ndarray,
    b: np.ndarray,
    *,
    threads: int = 1,
) -> tuple[np.ndarray, np.ndarray]:
    """MinHash of every block of *stride* consecutive shingles of every document.

    Document ``d`` (``x[offsets[d]:offsets[d + 1]]``, ``S`` shingles) is cut into
    ``ceil(S / stride)`` blocks, the last one possibly shorter. The blocks are padded to
    *stride* with their own first shingle (a repeat does not change a minimum) and laid
    out so that one ``min`` over an axis reduces many blocks at once.

    Returns
    -------
    mins : uint32 array, shape (n_blocks, num_perm)
        Blocks in document order.
    per_doc : int64 array
        Blocks of every document.
    """
    offsets = np.asarray(offsets, dtype=np.int64)
    sizes = np.diff(offsets)
    per_doc = -(-sizes // stride)
    nb = int(per_doc.sum())
    k = len(a)
    out = np.empty((nb, k), dtype=np.uint32)
    if nb == 0:
        return out, per_doc
    # padded position of every shingle: block start (in blocks) * stride + offset in doc
    first_block = np.cumsum(per_doc) - per_doc
    doc_of = np.repeat(np.arange(len(sizes)), sizes)
    local = np.arange(len(x), dtype=np.int64) - offsets[:-1][doc_of]
    pos = first_block[doc_of] * stride + local
    # fill: every padded slot takes its block's first shingle, then real shingles overwrite
    block_first = (
        offsets[:-1][np.repeat(np.arange(len(sizes)), per_doc)]
        + (np.arange(nb) - np.repeat(first_block, per_doc)) * stride
    )
    xp = np.repeat(x[block_first], stride)
    xp[pos] = x
    per_chunk = max(1, _CHUNK // stride)
    n_chunks = -(-nb // per_chunk)
    tail = n_chunks * per_chunk - nb
    if tail:
        xp = np.concatenate([xp, np.repeat(xp[-stride:], tail)])
    # chunk-major, then shingle-in-block, then block: (n_chunks, stride, per_chunk)
    xp = np.ascontiguousarray(xp.reshape(n_chunks, per_chunk, stride).transpose(0, 2, 1))
    width = stride * per_chunk
    a_col, b_col = a[:, None], b[:, None]

    def work(rng: tuple[int, int]) -> None:
        buf = np.empty((k, width), dtype=np.uint64)
        tmp = np.empty((k, width), dtype=np.uint64)
        for c in range(*rng):
            _apply(xp[c].ravel(), a_col, b_col, buf, tmp)
            mins = buf.reshape(k, stride, per_chunk).min(axis=1)  # (k, per_chunk)
            lo = c * per_chunk
            hi = min(lo + per_chunk, nb)
            out[lo:hi] = mins[:, : hi - lo].T

    cuts = np.linspace(0, n_chunks, max(1, min(threads, n_chunks)) + 1).astype(int)
    _parallel(work, list(zip(cuts[:-1], cuts[1:], strict=True)), threads)
    return out, per_doc


def _mix_columns(sig: np.ndarray) -> np.ndarray:
    """One 64-bit hash per row of *sig* (uint32, shape (n, r))."""
    h = np.zeros(sig.shape[0], dtype=np.uint64)
    with np.errstate(over="ignore"):
        for c in range(sig.shape[1]):
            h *= _MIX
            h += sig[:, c].astype(np.uint64)
        return _fmix64(h)


def band_candidates(
    sig: np.ndarray, bands: int, rows: int, groups: np.ndarray | None = None
) -> np.ndarray:
    """Pairs of rows of *sig* that agree on every position of at least one band.

    Band ``q`` is positions ``q * rows .. (q + 1) * rows - 1``. Rows of one group (e.g.
    windows of one document) are never paired, nor rows whose signature is empty.

    Returns
    -------
    numpy.ndarray of int64, shape (n_pairs, 2)
        ``(i, j)`` with ``i < j``, sorted, each pair once.
    """
    n = sig.shape[0]
    if groups is None:
        groups = np.arange(n)
    live = np.flatnonzero(sig[:, 0] != EMPTY) if n else np.zeros(0, dtype=np.int64)
    found = []
    for q in range(bands):
        band = sig[live, q * rows : (q + 1) * rows]
        h = _mix_columns(band)
        order = np.argsort(h, kind="stable")
        hs = h[order]
        same = np.flatnonzero(hs[1:] == hs[:-1])
        if not len(same):
            continue
        # runs of equal band hashes: start index and length of each run
        brk = np.flatnonzero(np.diff(np.concatenate(([0], (hs[1:] == hs[:-1]).view(np.int8), [0]))))
        run_start, run_end = brk[0::2], brk[1::2] + 1
        sizes = run_end - run_start
        # every pair (u, v), u < v, inside each run
        pairs_per = sizes * (sizes - 1) // 2
        total = int(pairs_per.sum())
        run_of = np.repeat(np.arange(len(sizes)), pairs_per)
        k = np.arange(total, dtype=np.int64) - np.repeat(
            np.cumsum(pairs_per) - pairs_per, pairs_per
        )
        size = sizes[run_of]
        # unrank k into (u, v) with 0 <= u < v < size, row-major over u
        u = _unrank_u(k, size)
        v = k - (u * (2 * size - u - 1)) // 2 + u + 1
        i = live[order[run_start[run_of] + u]]
        j = live[order[run_start[run_of] + v]]
        ok = np.all(sig[i, q * rows : (q + 1) * rows] == sig[j, q * rows : (q + 1) * rows], axis=1)
        ok &= groups[i] != groups[j]
        i, j = i[ok], j[ok]
        found.append(np.stack([np.minimum(i, j), np.maximum(i, j)], axis=1))
    if not found:
        return np.zeros((0, 2), dtype=np.int64)
    allp = np.concatenate(found).astype(np.int64)
    code = np.unique(allp[:, 0] * n + allp[:, 1])
    return np.stack([code // n, code % n], axis=1)


def _unrank_u(k: np.ndarray, size: np.ndarray) -> np.ndarray:
    """Row ``u`` of the k-th pair (row-major) among pairs u < v < size."""
    # pairs before row u: f(u) = u (2 size - u - 1) / 2; find the largest u with f(u) <= k
    s = size.astype(np.float64)
    disc = (2 * s - 1) ** 2 - 8 * k.astype(np.float64)
    u = np.floor(((2 * s - 1) - np.sqrt(np.maximum(disc, 0.0))) / 2).astype(np.int64)
    u = np.clip(u, 0, size - 2)
    f = lambda uu: uu * (2 * size - uu - 1) // 2  # noqa: E731
    u = np.where(f(u) > k, u - 1, u)
    u = np.where(f(u + 1) <= k, u + 1, u)
    return u


def lsh_threshold(bands: int, rows: int) -> float:
    """Approximate Jaccard similarity at which the LSH S-curve is steepest: ``(1/b)**(1/r)``."""
    return float((1.0 / bands) ** (1.0 / rows))


def candidate_probability(s, bands: int, rows: int):
    """Probability that sets of Jaccard similarity *s* become candidates: ``1 - (1 - s**r)**b``."""
    s = np.asarray(s, dtype=np.float64)
    return 1.0 - (1.0 - s**rows) ** bands
