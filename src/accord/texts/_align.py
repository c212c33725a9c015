"""Local alignment of word sequences (pure numpy; no I/O).

:func:`smith_waterman` is the local alignment of Smith & Waterman (1981) with a linear gap
penalty, scored as R's ``textreuse::align_local`` scores it (match +2, mismatch -1,
gap -1 by default):

    H[i, j] = max(0, H[i-1, j-1] + s(a_i, b_j), H[i-1, j] + gap, H[i, j-1] + gap)

One row is computed at a time in numpy: the diagonal and vertical moves are elementwise,
and the horizontal moves are a running maximum, because with a linear penalty
``H[i, j] = max_{k <= j} (E[k] + gap (j - k))`` where ``E`` holds the other three terms.

:func:`seed_regions` finds where two documents share word n-grams (seeds), chains seeds
on nearby diagonals into regions, and is how :func:`accord.texts.reuse` decides where to
run the alignment.
"""

from __future__ import annotations

import numpy as np

__all__ = ["smith_waterman", "seed_regions"]


def smith_waterman(
    a: np.ndarray,
    b: np.ndarray,
    *,
    match: int = 2,
    mismatch: int = -1,
    gap: int = -1,
) -> tuple[int, tuple[int, int, int, int], int]:
    """Best local alignment of the integer sequences *a* and *b*.

    Returns
    -------
    score : int
        The highest cell of ``H`` (0 when nothing matches).
    span : (start_a, end_a, start_b, end_b)
        Word positions of the aligned stretch in *a* and *b* (end exclusive); the first
        highest cell in row-major order ends it, the traceback prefers the diagonal.
    matches : int
        Positions aligned to an identical word.
    """
    a = np.asarray(a)
    b = np.asarray(b)
    n, m = len(a), len(b)
    if n == 0 or m == 0:
        return 0, (0, 0, 0, 0), 0
    H = np.zeros((n + 1, m + 1), dtype=np.int32)
    steps = gap * np.arange(m + 1, dtype=np.int32)
    for i in range(1, n + 1):
        s = np.where(b == a[i - 1], match, mismatch).astype(np.int32)
        e = np.empty(m + 1, dtype=np.int32)
        e[0] = 0
        np.maximum(H[i - 1, :-1] + s, H[i - 1, 1:] + gap, out=e[1:])
        np.maximum(e, 0, out=e)
        # horizontal gaps: H[j] = max_{k<=j} (e[k] - gap k) + gap j
        H[i] = np.maximum.accumulate(e - steps) + steps
    flat = int(np.argmax(H))
    i, j = divmod(flat, m + 1)
    score = int(H[i, j])
    if score <= 0:
        return 0, (0, 0, 0, 0), 0
    end_a, end_b = i, j
    matches = 0
    while i > 0 and j > 0 and H[i, j] > 0:
        same = a[i - 1] == b[j - 1]
        if H[i, j] == H[i - 1, j - 1] + (match if same else mismatch):
            matches += bool(same)
            i, j = i - 1, j - 1
        elif H[i, j] == H[i - 1, j] + gap:
            i -= 1
        else:
            j -= 1
    return score, (i, end_a, j, end_b), matches


def seed_regions(
    sa: np.ndarray,
    sb: np.ndarray,
    *,
    n: int,
    max_gap: int = 5,
    max_repeat: int = 10,
) -> list[tuple[int, int, int, int, int]]:
    """Regions where two documents share n-grams, chained across small gaps.

    Parameters
    ----------
    sa, sb : arrays of shingle hashes
        ``sa[t]`` is the hash of the n-gram starting at word ``t`` of the first document.
    n : int
        Words per shingle.
    max_gap : int
        Seeds join a region when at most this many words between them are covered by no
        seed, in both documents, and their diagonals (``i - j``) differ by at most this
        much (an insertion or deletion of up to ``max_gap`` words).
    max_repeat : int
        Shingles that occur more often than this in either document are not used as
        seeds (set phrases repeated through a speech would pair every occurrence).

    Returns
    -------
    list of (start_a, end_a, start_b, end_b, n_seeds)
        Word ranges (end exclusive) covered by the chained seeds.
    """
    sa = np.asarray(sa)
    sb = np.asarray(sb)
    if not len(sa) or not len(sb):
        return []
    common = np.intersect1d(sa, sb)
    if not len(common):
        return []
    # positions of the common shingles in both documents, grouped by value
    ia = np.flatnonzero(np.isin(sa, common))
    ib = np.flatnonzero(np.isin(sb, common))
    va, vb = sa[ia], sb[ib]
    oa, ob = np.argsort(va, kind="stable"), np.argsort(vb, kind="stable")
    ia, va, ib, vb = ia[oa], va[oa], ib[ob], vb[ob]
    ua, ca = np.unique(va, return_counts=True)
    ub, cb = np.unique(vb, return_counts=True)  # ua == ub == common
    keep = (ca <= max_repeat) & (cb <= max_repeat)
    sa_start = np.cumsum(ca) - ca
    sb_start = np.cumsum(cb) - cb
    pi, pj = [], []
    for v in np.flatnonzero(keep):
        pos_a = ia[sa_start[v] : sa_start[v] + ca[v]]
        pos_b = ib[sb_start[v] : sb_start[v] + cb[v]]
        pi.append(np.repeat(pos_a, len(pos_b)))
        pj.append(np.tile(pos_b, len(pos_a)))
    if not pi:
        return []
    i = np.concatenate(pi)
    j = np.concatenate(pj)
    order = np.lexsort((j, i))
    i, j = i[order], j[order]
    # greedy chaining in order of position in a: a seed extends the open region whose end
    # it follows closely in both documents on a nearby diagonal
    regions: list[list[int]] = []  # [start_a, last_i, start_b, last_j, n_seeds]
    open_: list[int] = []
    reach = n + max_gap  # a seed covers n words: up to max_gap uncovered words between
    for x, y in zip(i.tolist(), j.tolist(), strict=True):
        best = -1
        for r in open_:
            reg = regions[r]
            di, dj = x - reg[1], y - reg[3]
            if 0 < di <= reach and 0 < dj <= reach and abs(di - dj) <= max_gap:
                best = r
                break
        if best >= 0:
            reg = regions[best]
            reg[1], reg[3], reg[4] = x, y, reg[4] + 1
        else:
            regions.append([x, x, y, y, 1])
            open_.append(len(regions) - 1)
        open_ = [r for r in open_ if x - regions[r][1] <= reach]
    return [(r[0], r[1] + n, r[2], r[3] + n, r[4]) for r in regions]
