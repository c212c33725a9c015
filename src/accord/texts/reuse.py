"""Reused passages: shingles → MinHash → LSH candidates → local alignment.

:func:`reuse` finds the passages two texts share word for word (or nearly): a paragraph of
one joint statement copied into another, a speech quoting an earlier one. It works in four
steps, each of which can be used alone:

1. **Shingles.** Every text becomes its word n-grams (``n = 5`` by default) over the
   lowercased word tokens of :func:`accord.texts.tokenize`.
2. **MinHash** (:class:`MinHasher`). Each *window* of ``window`` consecutive shingles
   (windows overlap by half) gets a signature of ``num_perm`` minima of random
   permutations ``(a x + b) mod (2**31 - 1)``; two windows agree in one signature position
   with probability equal to their Jaccard similarity (Broder 1997). Windows, not whole
   texts, are hashed because a 60-word passage inside two 3,000-word speeches changes the
   speeches' Jaccard similarity by about 0.01 — invisible — while the windows holding it
   share most of their shingles.
3. **LSH banding** (:func:`lsh_candidates`). The signature is cut into ``bands`` bands of
   ``rows = num_perm / bands`` positions; two windows become candidates when they agree on
   every position of at least one band, which happens with probability

       P(s) = 1 - (1 - s**r)**b

   for Jaccard similarity ``s``. The curve is steepest near the threshold
   ``t ≈ (1/b)**(1/r)`` (:func:`lsh_threshold`; 200 hashes in 40 bands of 5 → t ≈ 0.478)
   (Leskovec, Rajaraman & Ullman, *Mining of Massive Datasets*, ch. 3).
4. **Local alignment.** For every pair of texts with a candidate window pair, the shingles
   both share are seeds; seeds on nearby diagonals with at most ``max_gap`` uncovered
   words between them are chained into regions (seed-and-extend), and each region (plus
   ``n`` words of margin) is aligned word by word with Smith & Waterman (1981), scored as
   R's ``textreuse::align_local`` scores (match +2, mismatch -1, gap -1). The alignment
   gives the score and the exact span in both texts.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import polars as pl

from accord.errors import InputError
from accord.provenance import Provenance, attach
from accord.texts import _align, _minhash
from accord.texts.tokens import token_pattern, tokenize_spans

__all__ = [
    "reuse",
    "MinHasher",
    "lsh_threshold",
    "candidate_probability",
    "lsh_candidates",
    "align_local",
    "METHOD_REFERENCES",
]

#: Citation keys of the methods (see :func:`accord.cite`).
METHOD_REFERENCES = ("broder1997", "leskovec2020mmds", "smith1981")

_COLUMNS = {
    "id_a": pl.String,
    "id_b": pl.String,
    "jaccard_est": pl.Float64,
    "score": pl.Int64,
    "words": pl.Int64,
    "start_a": pl.Int64,
    "end_a": pl.Int64,
    "start_b": pl.Int64,
    "end_b": pl.Int64,
    "passage_a": pl.String,
    "passage_b": pl.String,
}


def _threads() -> int:
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        cores = os.cpu_count() or 1
    return max(1, min(4, cores))


def lsh_threshold(bands: int, rows: int) -> float:
    """The Jaccard similarity where LSH banding turns from rarely to mostly a candidate.

    ``t ≈ (1/b)**(1/r)``: the approximate point of steepest rise of the candidate
    probability ``1 - (1 - s**r)**b`` (Leskovec, Rajaraman & Ullman, *Mining of Massive
    Datasets*, §3.4.2).

    Examples
    --------
    >>> round(lsh_threshold(40, 5), 3)
    0.478
    """
    if bands < 1 or rows < 1:
        raise InputError(f"bands and rows must be at least 1, got bands={bands}, rows={rows}.")
    return _minhash.lsh_threshold(bands, rows)


def candidate_probability(s, bands: int, rows: int):
    """Probability that two sets of Jaccard similarity *s* share at least one LSH band.

    ``P(s) = 1 - (1 - s**r)**b``: each band of ``r`` positions agrees with probability
    ``s**r``, and the ``b`` bands are independent.
    """
    return _minhash.candidate_probability(s, bands, rows)


def _check_int(name: str, value: Any, low: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int | np.integer) or value < low:
        raise InputError(f"{name} must be an integer of at least {low}, got {value!r}.")
    return int(value)


class MinHasher:
    """MinHash signatures of word n-gram shingles, usable alone.

    Parameters
    ----------
    num_perm : int, default 200
        Permutations (signature length). The standard error of a Jaccard estimate is
        ``sqrt(J (1 - J) / num_perm)``: 0.035 at ``J = 0.5`` with 200.
    n : int, default 5
        Words per shingle. Five words rarely repeat by chance in speeches yet survive
        light editing of a passage (one changed word breaks five shingles, not the rest).
    seed : int, default 0
        Seeds the permutations; signatures are comparable only with the same seed,
        ``num_perm`` and ``n``.

    Notes
    -----
    Words are the lowercased word tokens of :func:`accord.texts.tokenize` (numbers and
    punctuation dropped). Each word is hashed with BLAKE2b (8 bytes), a shingle is the
    64-bit mix of its words' hashes reduced modulo ``p = 2**31 - 1``, and permutation
    ``i`` maps it to ``(a_i x + b_i) mod p`` with ``a_i, b_i`` drawn from the seed — the
    universal family of Carter & Wegman computed exactly in 64-bit integers, so each
    permutation is a bijection of ``[0, p)``. Signature position ``i`` is the minimum over
    the shingles (Broder 1997). A text with fewer than ``n`` words has no shingles and
    the signature ``2**32 - 1`` everywhere.

    Examples
    --------
    >>> mh = MinHasher(num_perm=128)
    >>> sig = mh.signatures(["we the peoples of the united nations determined",
    ...                      "we the peoples of the united nations resolved"])
    >>> sig.shape
    (2, 128)
    >>> float(MinHasher.jaccard(sig[0], sig[1]))  # exact 3/5; standard error 0.043
    0.4921875
    """

    def __init__(self, num_perm: int = 200, *, n: int = 5, seed: int = 0) -> None:
        self.num_perm = _check_int("num_perm", num_perm, 1)
        self.n = _check_int("n", n, 1)
        self.seed = int(seed)
        self._a, self._b = _minhash.permutations(self.num_perm, self.seed)

    def __repr__(self) -> str:
        return f"MinHasher(num_perm={self.num_perm}, n={self.n}, seed={self.seed})"

    @property
    def permutations(self) -> tuple[np.ndarray, np.ndarray]:
        """The ``a`` and ``b`` of every permutation (uint64 arrays)."""
        return self._a.copy(), self._b.copy()

    def shingles(self, texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
        """Shingle values of every text: concatenated values and offsets (``n_docs + 1``)."""
        words, offsets = _word_hashes(_as_texts(texts))
        return _minhash.shingle_hashes(words, offsets, self.n)

    def signatures(self, texts: Sequence[str]) -> np.ndarray:
        """Signature of every whole text: uint32 array of shape ``(len(texts), num_perm)``."""
        x, off = self.shingles(texts)
        return _minhash.block_minima(x, off, self._a, self._b, threads=_threads())

    def signatures_of_sets(self, sets: Sequence[Sequence[int]]) -> np.ndarray:
        """Signatures of sets of integers (hashed to ``[0, p)``), e.g. to test the estimator."""
        vals = [np.asarray(list(s), dtype=np.uint64) for s in sets]
        lengths = np.array([len(v) for v in vals], dtype=np.int64)
        off = np.zeros(len(vals) + 1, dtype=np.int64)
        np.cumsum(lengths, out=off[1:])
        x = np.concatenate(vals) if vals else np.zeros(0, dtype=np.uint64)
        with np.errstate(over="ignore"):
            x = _minhash._fmix64(x * np.uint64(0x9E3779B97F4A7C15)) % np.uint64(_minhash.MERSENNE)
        return _minhash.block_minima(x, off, self._a, self._b, threads=_threads())

    def window_signatures(
        self, texts: Sequence[str], window: int
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Signatures of overlapping windows of ``window`` shingles (step ``window // 2``).

        Returns
        -------
        sig : uint32 array, shape (n_windows, num_perm)
        doc : int64 array
            The text each window belongs to.
        start : int64 array
            The window's first shingle (= first word) within its text.
        """
        x, off = self.shingles(texts)
        return _windows(x, off, window, self._a, self._b)

    @staticmethod
    def jaccard(sig_a: np.ndarray, sig_b: np.ndarray):
        """Estimated Jaccard similarity: the share of positions where the signatures agree.

        Works row by row on 2-d arrays. Two empty signatures estimate 0.
        """
        sig_a, sig_b = np.asarray(sig_a), np.asarray(sig_b)
        est = np.mean(sig_a == sig_b, axis=-1)
        empty = np.all(sig_a == _minhash.EMPTY, axis=-1)
        return np.where(empty, 0.0, est)


def _windows(x, off, window, a, b):
    stride = max(1, window // 2)
    mins, nb = _minhash.strided_minima(x, off, stride, a, b, threads=_threads())
    # window k of a document = blocks k and k + 1 (one window when it has one block)
    nw = np.maximum(nb - 1, np.minimum(nb, 1))
    first_block = np.cumsum(nb) - nb
    w_doc = np.repeat(np.arange(len(nb)), nw)
    w_local = np.arange(int(nw.sum())) - np.repeat(np.cumsum(nw) - nw, nw)
    first = first_block[w_doc] + w_local
    second = np.where(nb[w_doc] > 1, first + 1, first)
    sig = np.minimum(mins[first], mins[second])
    return sig, w_doc.astype(np.int64), (w_local * stride).astype(np.int64)


def lsh_candidates(sig: np.ndarray, *, bands: int, groups: np.ndarray | None = None) -> np.ndarray:
    """Pairs of signatures that agree on all positions of at least one band.

    Parameters
    ----------
    sig : array of shape (n, num_perm)
        Signatures from :class:`MinHasher`; ``num_perm`` must be a multiple of *bands*.
    bands : int
        Number of bands ``b``; each has ``r = num_perm / b`` rows.
    groups : array of length n, optional
        Rows of the same group are never paired (e.g. windows of one text).

    Returns
    -------
    numpy.ndarray of int64, shape (n_pairs, 2)
        Row indices ``(i, j)``, ``i < j``, each pair once, sorted.
    """
    sig = np.asarray(sig)
    if sig.ndim != 2:
        raise InputError(f"sig must be a 2-d array of signatures, got shape {sig.shape}.")
    rows = _rows(sig.shape[1], bands)
    if groups is not None:
        groups = np.asarray(groups)
        if len(groups) != sig.shape[0]:
            raise InputError(
                f"groups has {len(groups)} entries for {sig.shape[0]} signatures; give one each."
            )
    return _minhash.band_candidates(sig, bands, rows, groups)


def _rows(num_perm: int, bands: int) -> int:
    bands = _check_int("bands", bands, 1)
    if num_perm % bands:
        raise InputError(
            f"num_perm={num_perm} is not a multiple of bands={bands}; choose bands that "
            f"divide num_perm, e.g. bands=40 with num_perm=200 (5 rows per band)."
        )
    return num_perm // bands


def align_local(
    a: str | Sequence[str],
    b: str | Sequence[str],
    *,
    match: int = 2,
    mismatch: int = -1,
    gap: int = -1,
) -> dict[str, Any]:
    """Smith–Waterman local alignment of two texts on their words.

    Parameters
    ----------
    a, b : str or sequence of str
        Texts (tokenized with :func:`accord.texts.tokenize_spans`) or token lists.
    match, mismatch, gap : int
        Scores of a matching word, a mismatching word and a gap (one word skipped in one
        text); the defaults are those of R's ``textreuse::align_local``.

    Returns
    -------
    dict
        ``score`` (highest alignment score), ``words`` (identical words aligned),
        ``start_a``, ``end_a``, ``start_b``, ``end_b`` (character offsets when texts were
        given, token positions for token lists; end exclusive) and ``passage_a``,
        ``passage_b`` (the aligned stretches).

    Notes
    -----
    ``H[i, j] = max(0, H[i-1, j-1] + s(a_i, b_j), H[i-1, j] + gap, H[i, j-1] + gap)``
    with ``s = match`` for identical words and ``mismatch`` otherwise; the alignment ends
    at the highest cell and is traced back to the first zero (Smith & Waterman 1981).
    Time and memory grow with ``len(a) × len(b)``: align passages, not whole corpora
    (:func:`reuse` aligns only the regions around shared shingles).

    Examples
    --------
    >>> r = align_local("the cat sat on the mat", "a cat sat on a mat")
    >>> r["score"], r["passage_a"], r["passage_b"]
    (7, 'cat sat on the mat', 'cat sat on a mat')
    """
    if match <= 0 or mismatch > 0 or gap >= 0:
        raise InputError(
            f"scores must reward matches and penalise the rest: match > 0, mismatch <= 0, "
            f"gap < 0; got match={match}, mismatch={mismatch}, gap={gap}."
        )
    ta, sa_, ea_ = _tokens_of(a, "a")
    tb, sb_, eb_ = _tokens_of(b, "b")
    vocab: dict[str, int] = {}
    ia = np.array([vocab.setdefault(t, len(vocab)) for t in ta], dtype=np.int64)
    ib = np.array([vocab.setdefault(t, len(vocab)) for t in tb], dtype=np.int64)
    score, (i0, i1, j0, j1), words = _align.smith_waterman(
        ia, ib, match=match, mismatch=mismatch, gap=gap
    )
    out: dict[str, Any] = {"score": score, "words": words}
    if score == 0:
        out |= {"start_a": 0, "end_a": 0, "start_b": 0, "end_b": 0}
        out |= {"passage_a": "", "passage_b": ""}
        return out
    if isinstance(a, str):
        out |= {"start_a": int(sa_[i0]), "end_a": int(ea_[i1 - 1])}
        out["passage_a"] = a[out["start_a"] : out["end_a"]]
    else:
        out |= {"start_a": i0, "end_a": i1, "passage_a": " ".join(ta[i0:i1])}
    if isinstance(b, str):
        out |= {"start_b": int(sb_[j0]), "end_b": int(eb_[j1 - 1])}
        out["passage_b"] = b[out["start_b"] : out["end_b"]]
    else:
        out |= {"start_b": j0, "end_b": j1, "passage_b": " ".join(tb[j0:j1])}
    return out


def _tokens_of(x, name):
    if isinstance(x, str):
        return tokenize_spans(x)
    if isinstance(x, Sequence) and all(isinstance(t, str) for t in x):
        return list(x), None, None
    raise InputError(f"{name} must be a text (str) or a list of tokens, got {type(x).__name__}.")


# -- whole corpora ----------------------------------------------------------------------


def _as_texts(texts: Any) -> list[str]:
    if isinstance(texts, str):
        raise InputError("texts is one string; give a list of texts, e.g. reuse([text_a, text_b]).")
    if isinstance(texts, pl.Series):
        texts = texts.to_list()
    try:
        texts = list(texts)
    except TypeError:
        raise InputError(f"texts must be a list of strings, got {type(texts).__name__}.") from None
    for i, t in enumerate(texts):
        if not isinstance(t, str):
            raise InputError(
                f"texts[{i}] is {type(t).__name__}, not str; give every text as a string."
            )
    return texts


def _word_hashes(texts: list[str], keep_tokens: bool = False):
    """Word hashes of all texts concatenated, and the offsets of each text (polars).

    With *keep_tokens*, also the tokens as matched (original case) in a polars list Series.
    """
    tok = pl.DataFrame({"text": pl.Series(texts, dtype=pl.String)}).select(
        pl.col("text").str.extract_all(token_pattern(engine="rust")).alias("tok")
    )["tok"]
    lengths = tok.list.len().fill_null(0).to_numpy().astype(np.int64)
    offsets = np.zeros(len(texts) + 1, dtype=np.int64)
    np.cumsum(lengths, out=offsets[1:])
    words = (
        tok.explode()
        .drop_nulls()
        .str.to_lowercase()
        .str.replace_all("\u2019", "'", literal=True)
        .str.replace_all("\u2010", "-", literal=True)
    )
    if words.len() == 0:
        wh = np.zeros(0, dtype=np.uint64)
    else:
        vocab = words.unique()
        hashes = pl.Series(_minhash.word_hash(vocab.to_list()), dtype=pl.UInt64)
        wh = words.replace_strict(vocab, hashes, return_dtype=pl.UInt64).to_numpy()
    return (wh, offsets, tok) if keep_tokens else (wh, offsets)


def _offsets(text: str, tokens: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """Character offsets of *tokens* (as matched, in order) in *text*.

    Between two matches of the token pattern there is no letter (every letter starts a
    match), so the next occurrence of a token at or after the previous end is its match.
    """
    starts = np.empty(len(tokens), dtype=np.int64)
    ends = np.empty(len(tokens), dtype=np.int64)
    pos = 0
    find = text.find
    for i, t in enumerate(tokens):
        p = find(t, pos)
        starts[i] = p
        pos = ends[i] = p + len(t)
    return starts, ends


def _prepare(texts: Any, ids: Any) -> tuple[list[str], list[str]]:
    if isinstance(texts, Mapping):
        if ids is not None:
            raise InputError("texts is a mapping of id -> text; do not also give ids.")
        ids = list(texts.keys())
        texts = list(texts.values())
    texts = _as_texts(texts)
    if len(texts) < 2:
        raise InputError(f"reuse needs at least 2 texts to compare, got {len(texts)}.")
    if ids is None:
        ids = [str(i) for i in range(len(texts))]
    else:
        if isinstance(ids, str):
            raise InputError("ids is one string; give one id per text, e.g. ids=['a', 'b'].")
        ids = [str(x) for x in ids]
        if len(ids) != len(texts):
            raise InputError(
                f"ids has {len(ids)} entries for {len(texts)} texts; give one id per text."
            )
        seen: dict[str, int] = {}
        for i, x in enumerate(ids):
            if x in seen:
                raise InputError(
                    f"ids are not unique: '{x}' is at positions {seen[x]} and {i}; "
                    "give every text its own id."
                )
            seen[x] = i
    for i, t in enumerate(texts):
        if not t.strip():
            raise InputError(
                f"text '{ids[i]}' (position {i}) is empty; remove it or give its content."
            )
    return texts, ids


def reuse(
    texts: Sequence[str] | Mapping[str, str],
    ids: Sequence[Any] | None = None,
    *,
    n: int = 5,
    num_perm: int = 200,
    bands: int = 40,
    window: int = 40,
    min_words: int = 15,
    max_gap: int = 5,
    seed: int = 0,
) -> pl.DataFrame:
    """Passages shared by pairs of texts, with their score and exact spans in both.

    Parameters
    ----------
    texts : sequence of str, or mapping id -> text
        The texts (speeches, statements). Pandas/polars Series are accepted.
    ids : sequence, optional
        One unique id per text (default: positions ``"0"``, ``"1"`` …), shown in ``id_a``
        and ``id_b``.
    n : int, default 5
        Words per shingle.
    num_perm : int, default 200
        MinHash permutations per window.
    bands : int, default 40
        LSH bands (``num_perm`` must be a multiple). With 200 permutations in 40 bands of
        5 rows, windows sharing about half their shingles (threshold
        ``(1/40)**(1/5) ≈ 0.478``) become candidates; at Jaccard 0.3 the chance is 9 %,
        at 0.6 it is 96 %.
    window : int, default 40
        Shingles per window; windows overlap by half. A shared passage of ``1.5 window``
        words fills a whole window in both texts and is found almost surely; shorter ones
        (down to about ``window / 2``) with falling probability — lower ``window`` to
        find shorter passages (more windows, more time).
    min_words : int, default 15
        Shortest passage reported, in identical words aligned. Speeches share set phrases
        ("the purposes and principles of the Charter of the United Nations", 10 words);
        15 keeps those out.
    max_gap : int, default 5
        Seeds are chained across up to this many changed, inserted or deleted words.
    seed : int, default 0
        Seeds the MinHash permutations (results are deterministic).

    Returns
    -------
    polars.DataFrame
        One row per passage: ``id_a``, ``id_b`` (``id_a`` is the earlier text in the
        input), ``jaccard_est`` (highest estimated Jaccard similarity of a candidate
        window pair of the two texts), ``score`` (Smith–Waterman score: +2 per matching
        word, -1 per mismatch or gap), ``words`` (identical words aligned),
        ``start_a``, ``end_a``, ``start_b``, ``end_b`` (character offsets, end exclusive)
        and ``passage_a``, ``passage_b`` (the text at those offsets). Sorted by the texts'
        order and ``start_a``.

    Raises
    ------
    InputError
        Fewer than two texts, a text that is not a string or is empty, ids not unique or
        not one per text, ``num_perm`` not a multiple of ``bands``, bad parameters.

    Notes
    -----
    See the module docstring for the four steps. Recall is probabilistic in step 3 only:
    a pair of windows with Jaccard similarity ``s`` is missed with probability
    ``(1 - s**r)**b``; steps 4 and the seeds are exact. The alignment is local: a passage
    reused twice is reported twice; a passage whose words were reordered is reported in
    pieces.

    References
    ----------
    Broder, A. Z. (1997). On the resemblance and containment of documents.
    Leskovec, J., Rajaraman, A., Ullman, J. D. (2020). Mining of Massive Datasets, ch. 3.
    Smith, T. F., Waterman, M. S. (1981). Identification of common molecular
    subsequences. Journal of Molecular Biology 147, 195–197.

    Examples
    --------
    >>> a = "Our peoples share a long history. " + " ".join(f"w{i}" for i in range(3))
    >>> passage = ("we call on all states to respect the sovereignty and territorial "
    ...            "integrity of every nation and to settle their disputes by peaceful means "
    ...            "in accordance with international law")
    >>> df = reuse({"A": "The minister spoke first. " + passage + ". Thank you.",
    ...             "B": "In closing, " + passage.capitalize() + " and nothing else."})
    >>> df.select("id_a", "id_b", "words", "score").row(0)
    ('A', 'B', 28, 56)
    """
    texts, ids = _prepare(texts, ids)
    n = _check_int("n", n, 1)
    num_perm = _check_int("num_perm", num_perm, 1)
    rows = _rows(num_perm, bands)
    window = _check_int("window", window, 2)
    min_words = _check_int("min_words", min_words, 1)
    max_gap = _check_int("max_gap", max_gap, 0)

    hasher = MinHasher(num_perm, n=n, seed=seed)
    words, offsets, tokens = _word_hashes(texts, keep_tokens=True)
    for i in np.flatnonzero(np.diff(offsets) == 0):
        raise InputError(
            f"text '{ids[i]}' (position {i}) has no words (only numbers, punctuation or "
            "spaces); remove it or give its content."
        )
    x, sh_off = _minhash.shingle_hashes(words, offsets, n)
    sig, w_doc, _ = _windows(x, sh_off, window, hasher._a, hasher._b)
    pairs = _minhash.band_candidates(sig, bands, rows, w_doc)
    est = MinHasher.jaccard(sig[pairs[:, 0]], sig[pairs[:, 1]]) if len(pairs) else np.zeros(0)
    da, db = w_doc[pairs[:, 0]], w_doc[pairs[:, 1]]
    lo, hi = np.minimum(da, db), np.maximum(da, db)
    doc_pairs = (
        pl.DataFrame({"a": lo, "b": hi, "est": est})
        .group_by("a", "b")
        .agg(pl.col("est").max())
        .sort("a", "b")
    )

    cache: dict[int, tuple] = {}

    def doc(i: int):
        if i not in cache:
            st, en = _offsets(texts[i], tokens[i].to_list())
            w = words[offsets[i] : offsets[i + 1]]
            cache[i] = (w, x[sh_off[i] : sh_off[i + 1]], st, en)
        return cache[i]

    out: list[dict[str, Any]] = []
    for a, b, e in doc_pairs.iter_rows():
        wa, sa, st_a, en_a = doc(a)
        wb, sb, st_b, en_b = doc(b)
        found = set()
        for ra0, ra1, rb0, rb1, _seeds in _align.seed_regions(sa, sb, n=n, max_gap=max_gap):
            if min(ra1 - ra0, rb1 - rb0) < min_words:
                continue
            # align the region with a margin of n words on each side
            a0, a1 = max(ra0 - n, 0), min(ra1 + n, len(wa))
            b0, b1 = max(rb0 - n, 0), min(rb1 + n, len(wb))
            score, (i0, i1, j0, j1), m = _align.smith_waterman(wa[a0:a1], wb[b0:b1])
            if m < min_words:
                continue
            span = (st_a[a0 + i0], en_a[a0 + i1 - 1], st_b[b0 + j0], en_b[b0 + j1 - 1])
            if span in found:
                continue
            found.add(span)
            s_a, e_a, s_b, e_b = (int(v) for v in span)
            out.append(
                {
                    "id_a": ids[a],
                    "id_b": ids[b],
                    "jaccard_est": float(e),
                    "score": int(score),
                    "words": int(m),
                    "start_a": s_a,
                    "end_a": e_a,
                    "start_b": s_b,
                    "end_b": e_b,
                    "passage_a": texts[a][s_a:e_a],
                    "passage_b": texts[b][s_b:e_b],
                }
            )
    df = pl.DataFrame(out, schema=_COLUMNS)
    params = {
        "n": n,
        "num_perm": num_perm,
        "bands": bands,
        "rows": rows,
        "threshold": lsh_threshold(bands, rows),
        "window": window,
        "min_words": min_words,
        "max_gap": max_gap,
        "seed": seed,
        "n_texts": len(texts),
        "candidate_text_pairs": doc_pairs.height,
        "alignment": "seed-and-extend on shared shingles, Smith-Waterman (2, -1, -1)",
    }
    return attach(df, Provenance("accord.texts.reuse", (), params, METHOD_REFERENCES))
