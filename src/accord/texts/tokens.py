"""Tokens: words, numbers and punctuation from text, with stopwords, stemming and n-grams.

A **word** is a run of Unicode letters (general categories L*, with combining marks M*
after the first letter), possibly joined by apostrophes or hyphens *inside* the word:
``"non-interference"`` and ``"people's"`` are one token each, ``"'tis"`` and ``"-led"``
start at the first letter. A **number** is a run of decimal digits (Unicode Nd) with
optional ``.``/``,`` groups (``"1,500.25"``). **Punctuation** is any single character of
categories P* or S* (``"%"``, ``"$"``, ``"—"``). Everything else (spaces, controls, the
underscore) separates tokens. Numbers and punctuation are dropped unless asked for.

Tokens are lowercased with :meth:`str.lower` (no case folding: ``"Straße"`` stays
``"straße"``); the typographic apostrophe ``’`` (U+2019) becomes ``'`` and the Unicode
hyphen ``‐`` (U+2010) becomes ``-``, so ``"people’s"`` and ``"people's"`` are the same
token. Then, in this order: stopwords are removed, words are stemmed, n-grams are formed
over what is left (as quanteda and scikit-learn do), joined with ``"_"``.

The same rules are written twice: for :mod:`re` (this module's functions, one text at a
time) and for the Rust regex engine of polars (:func:`count_matrix`, used for whole
corpora: the regex runs once per distinct space-separated piece, not once per token).
``tests/texts/test_tokens.py`` checks that both give the same tokens on real speeches and
on tricky strings.

The English stopword list (``stopwords="en"``) is the Snowball list (Porter; BSD) that
quanteda uses, less ``"us"`` (see ``stopwords_en.txt``). Stemming uses the Snowball
English ("Porter2") stemmer of the ``snowballstemmer`` package (extra ``stem``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import cache
from importlib import resources

import numpy as np

from accord.errors import InputError, MissingExtraError

__all__ = [
    "tokenize",
    "tokenize_spans",
    "tokenize_many",
    "stopwords",
    "token_pattern",
    "count_matrix",
]

_APOS = "'\u2019"
_HYPHENS = "\\-\u2010"
_JOIN = f"[{_APOS}{_HYPHENS}]"
#: Combining diacritical marks allowed inside a word after its first letter (decomposed
#: accents: "cafe" + U+0301). The same ranges in both regex engines.
_MARKS = "\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f"

#: Letters: Python's ``[^\W\d_]`` is "alphanumeric, not a decimal digit, not ``_``",
#: i.e. the categories L* plus the non-decimal numerals Nl and No (``"Ⅻ"``, ``"²"``);
#: the Rust class says the same in Unicode property terms.
_CLASSES = {
    "re": ("[^\\W\\d_]", f"[^\\W\\d_]|[{_MARKS}]", "[^\\w\\s]"),
    "rust": (
        "[\\p{L}\\p{Nl}\\p{No}]",
        f"[\\p{{L}}\\p{{Nl}}\\p{{No}}{_MARKS}]",
        "[^\\p{L}\\p{N}_\\s]",
    ),
}


def token_pattern(*, punct: bool = False, numbers: bool = False, engine: str = "re") -> str:
    """The regular expression that finds tokens (no capturing groups).

    Parameters
    ----------
    punct, numbers : bool, default False
        Also match punctuation/symbol characters, numbers.
    engine : {"re", "rust"}
        ``"re"`` for Python's :mod:`re` (and scikit-learn's ``token_pattern``), ``"rust"``
        for polars' ``str.extract_all``.

    Returns
    -------
    str

    Notes
    -----
    Word: a letter, then letters or combining marks, then any number of groups of one
    apostrophe or hyphen followed by a letter and letters or marks. Number: decimal digits
    with ``.``/``,``-separated groups. Punctuation: one character that is neither a
    letter, a number, ``_`` nor white space.
    """
    if engine not in _CLASSES:
        raise InputError(f"engine={engine!r} is not known; use 're' or 'rust'.")
    letter, cont, pun = _CLASSES[engine]
    if engine == "re":
        cont = f"(?:{cont})"
    word = f"{letter}{cont}*(?:{_JOIN}{letter}{cont}*)*"
    alts = [word]
    if numbers:
        alts.append(r"\d+(?:[.,]\d+)*")
    if punct:
        alts.append(pun)
    return "|".join(f"(?:{a})" for a in alts) if len(alts) > 1 else word


@cache
def _compiled(punct: bool, numbers: bool) -> re.Pattern[str]:
    return re.compile(token_pattern(punct=punct, numbers=numbers))


_NORMALIZE = str.maketrans({"\u2019": "'", "\u2010": "-"})


@cache
def _english() -> frozenset[str]:
    text = resources.files("accord.texts").joinpath("stopwords_en.txt").read_text("utf-8")
    return frozenset(w.strip() for w in text.splitlines() if w.strip() and not w.startswith("#"))


def stopwords(language: str = "en") -> frozenset[str]:
    """The stopword list accord ships for *language* (only ``"en"`` for now).

    Returns
    -------
    frozenset of str
        174 lowercase English words: the Snowball list without ``"us"``.
    """
    if language.lower() not in ("en", "english"):
        raise InputError(
            f"no stopword list for language {language!r}; accord ships English ('en') only. "
            "Pass your own list: stopwords=['word', ...]."
        )
    return _english()


def _stopset(value: None | str | Iterable[str]) -> frozenset[str]:
    if value is None:
        return frozenset()
    if isinstance(value, str):
        return stopwords(value)
    return frozenset(str(w).lower().translate(_NORMALIZE) for w in value)


@cache
def _stemmer():
    try:
        import snowballstemmer
    except ImportError:
        raise MissingExtraError(
            "stemming needs the snowballstemmer package. Install it with "
            "`pip install 'accord[stem]'` (or `pip install snowballstemmer`)."
        ) from None
    return snowballstemmer.stemmer("english")


def _ngram_range(ngrams: int | tuple[int, int]) -> tuple[int, int]:
    if isinstance(ngrams, bool):
        raise InputError(f"ngrams={ngrams!r} is not a number; use e.g. 1, 2 or (1, 2).")
    if isinstance(ngrams, int | np.integer):
        lo = hi = int(ngrams)
    elif isinstance(ngrams, tuple) and len(ngrams) == 2:
        lo, hi = int(ngrams[0]), int(ngrams[1])
    else:
        raise InputError(f"ngrams={ngrams!r} is not understood; use e.g. 1, 2 or (1, 2).")
    if lo < 1 or hi < lo:
        raise InputError(
            f"ngrams={ngrams!r} is not a valid size; use n >= 1 or (min, max) with min <= max."
        )
    return lo, hi


def _post(
    tokens: list[str], stop: frozenset[str], stem: bool, ngrams: tuple[int, int]
) -> list[str]:
    if stop:
        tokens = [t for t in tokens if t not in stop]
    if stem:
        tokens = _stemmer().stemWords(tokens)
    lo, hi = ngrams
    if (lo, hi) == (1, 1):
        return tokens
    out: list[str] = tokens[:] if lo == 1 else []
    for n in range(max(lo, 2), hi + 1):
        out.extend("_".join(tokens[i : i + n]) for i in range(len(tokens) - n + 1))
    return out


def tokenize(
    text: str,
    *,
    lowercase: bool = True,
    punct: bool = False,
    numbers: bool = False,
    stopwords: None | str | Iterable[str] = None,
    stem: bool = False,
    ngrams: int | tuple[int, int] = 1,
) -> list[str]:
    """Split *text* into tokens.

    Parameters
    ----------
    text : str
        One document.
    lowercase : bool, default True
        Lowercase tokens with :meth:`str.lower`.
    punct : bool, default False
        Keep punctuation and symbol characters as one-character tokens.
    numbers : bool, default False
        Keep numbers (``"2019"``, ``"1,500.25"``) as tokens.
    stopwords : None, "en" or iterable of str
        Remove these words (compared after lowercasing); ``"en"`` is accord's English list
        (:func:`stopwords`).
    stem : bool, default False
        Reduce words to their Snowball English stem (``"nations"`` → ``"nation"``); needs
        the ``stem`` extra.
    ngrams : int or (int, int), default 1
        ``n``: only n-grams of that size; ``(lo, hi)``: every size from lo to hi. N-grams
        are formed after stopword removal and joined with ``"_"``.

    Returns
    -------
    list of str

    Examples
    --------
    >>> tokenize("Non-interference in the people’s affairs, since 1945!")
    ['non-interference', 'in', 'the', "people's", 'affairs', 'since']
    >>> tokenize("The United Nations", stopwords="en", ngrams=(1, 2))
    ['united', 'nations', 'united_nations']
    """
    if not isinstance(text, str):
        raise InputError(f"tokenize expects a str, got {type(text).__name__}.")
    toks = _raw(text, lowercase, punct, numbers)
    return _post(toks, _stopset(stopwords), stem, _ngram_range(ngrams))


def tokenize_spans(
    text: str, *, lowercase: bool = True, punct: bool = False, numbers: bool = False
) -> tuple[list[str], np.ndarray, np.ndarray]:
    """Tokens with their character offsets in *text*: ``text[starts[i]:ends[i]]``.

    No stopword removal, stemming or n-grams (offsets would lose their meaning); the
    tokens are those of :func:`tokenize` with the same *lowercase*, *punct*, *numbers*.

    Returns
    -------
    tokens : list of str
    starts, ends : numpy.ndarray of int64
        Character (not byte) offsets, end exclusive.

    Examples
    --------
    >>> toks, s, e = tokenize_spans("We, the Peoples")
    >>> toks, s.tolist(), e.tolist()
    (['we', 'the', 'peoples'], [0, 4, 8], [2, 7, 15])
    """
    if not isinstance(text, str):
        raise InputError(f"tokenize_spans expects a str, got {type(text).__name__}.")
    toks: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    for m in _compiled(punct, numbers or punct).finditer(text):
        t = m.group()
        if punct and not numbers and t[0].isdecimal():
            continue
        toks.append((t.lower() if lowercase else t).translate(_NORMALIZE))
        starts.append(m.start())
        ends.append(m.end())
    return toks, np.asarray(starts, dtype=np.int64), np.asarray(ends, dtype=np.int64)


def tokenize_many(texts: Iterable[str], **options) -> list[list[str]]:
    """:func:`tokenize` every text of *texts* with the same options."""
    return [tokenize(t, **options) for t in texts]


def count_matrix(
    texts: Sequence[str],
    *,
    lowercase: bool = True,
    punct: bool = False,
    numbers: bool = False,
    stopwords: None | str | Iterable[str] = None,
    stem: bool = False,
    ngrams: int | tuple[int, int] = 1,
):
    """Count the tokens of every text: a sparse documents × features matrix.

    Same tokens as :func:`tokenize` with the same options. Unigrams without stemming are
    counted with polars and numpy, without a Python step per token (see
    :func:`_count_polars`); other options tokenize in Python.

    Returns
    -------
    counts : scipy.sparse.csr_matrix of int64, shape (len(texts), n_features)
    features : numpy.ndarray of str
        Features in sorted order (columns of *counts*).
    """
    rng = _ngram_range(ngrams)
    stop = _stopset(stopwords)
    if rng == (1, 1) and not stem:
        return _count_polars(texts, lowercase, punct, numbers, stop)
    docs = [_post(_raw(t, lowercase, punct, numbers), stop, stem, rng) for t in texts]
    return _count_lists(docs)


def _raw(text: str, lowercase: bool, punct: bool, numbers: bool) -> list[str]:
    # The pattern does not depend on case, and lowercasing a letter gives letters and
    # combining marks, so lowercasing the whole text first gives the same tokens as
    # lowercasing each token (and is faster).
    if lowercase:
        text = text.lower()
    toks = _compiled(punct, numbers or punct).findall(text.translate(_NORMALIZE))
    if punct and not numbers:  # numbers were matched so that their "." and "," are not
        toks = [t for t in toks if not t[0].isdecimal()]  # punctuation; now drop them
    return toks


def _count_lists(docs: Sequence[Sequence[str]]):
    """Sparse counts of token lists (features sorted)."""
    import scipy.sparse as sp

    vocab: dict[str, int] = {}
    indptr = [0]
    indices: list[int] = []
    data: list[int] = []
    from collections import Counter

    for doc in docs:
        c = Counter(doc)
        setdef = vocab.setdefault
        indices.extend(setdef(t, len(vocab)) for t in c)
        data.extend(c.values())
        indptr.append(len(indices))
    features = np.array(list(vocab), dtype=object)
    order = np.argsort(features.astype(str), kind="stable") if len(features) else np.arange(0)
    remap = np.empty(len(order), dtype=np.int64)
    remap[order] = np.arange(len(order))
    m = sp.csr_matrix(
        (
            np.asarray(data, dtype=np.int64),
            remap[np.asarray(indices, dtype=np.int64)],
            np.asarray(indptr, dtype=np.int64),
        ),
        shape=(len(docs), len(vocab)),
    )
    m.sort_indices()
    return m, features[order].astype(str)


def _categories(n: int, dtype):
    """The strings of the categorical codes ``0 .. n-1`` of *dtype* (a polars String series)."""
    import polars as pl

    s = pl.Series(np.arange(n, dtype=np.uint32)).cat.to(dtype).cast(pl.String)
    if s.null_count():  # every code below n was assigned; a gap means polars changed
        raise RuntimeError("polars categories have gaps; cannot map codes to strings.")
    return s


def _n_codes(codes: np.ndarray) -> int:
    return int(codes.max()) + 1 if len(codes) else 0


#: Documents and characters per block when counting a corpus (bound the memory of the
#: split pieces: ~1,000 UN speeches or ~20 M characters).
_BLOCK = 1000
_BLOCK_CHARS = 20_000_000


def _block_starts(texts: Sequence[str]) -> list[int]:
    """First document of each block: at most ``_BLOCK`` documents and, unless a single
    document is longer, ``_BLOCK_CHARS`` characters."""
    starts, size = [0], 0
    for i, t in enumerate(texts):
        k = len(t) if isinstance(t, str) else 0
        if i > starts[-1] and (i - starts[-1] >= _BLOCK or size + k > _BLOCK_CHARS):
            starts.append(i)
            size = 0
        size += k
    return starts if len(texts) else []


def _count_polars(
    texts: Sequence[str], lowercase: bool, punct: bool, numbers: bool, stop: frozenset[str]
):
    """Counts with polars, without a Python step per token.

    No token contains a space and the pattern has no look-around, so the tokens of a text
    are the tokens of its space-separated pieces, in order. So: split every text at
    spaces (polars, in blocks of documents, see :func:`_block_starts`) and give each
    distinct piece a code (a polars categorical: one hash per piece); run the Rust regex
    on the distinct pieces only (~750,000 for the 31 M tokens of the UN General Debates);
    lowercase and normalise the distinct tokens, drop stopwords, sort the features; then,
    per block, map pieces to feature columns with numpy and sum the counts (counting
    sorts in scipy: CSR → CSC → CSR leaves each row's columns sorted, duplicates
    adjacent).
    """
    import polars as pl
    import scipy.sparse as sp

    n = len(texts)
    cats = pl.Categories.random()
    dtype = pl.Categorical(cats)
    held = pl.Series(dtype=dtype)  # the categories live as long as a series uses them
    blocks: list[tuple[np.ndarray, np.ndarray]] = []
    starts = _block_starts(texts)
    for a, b in zip(starts, [*starts[1:], n][: len(starts)], strict=True):
        block = pl.Series(texts[a:b], dtype=pl.String).fill_null("")
        parts = block.str.split(" ")
        lens = parts.list.len().to_numpy().astype(np.int64)  # >= 1: split gives [""] for ""
        codes = parts.explode().cast(dtype).to_physical().to_numpy()
        blocks.append((lens, codes))
        del block, parts
    pieces = _categories(max((_n_codes(c) for _, c in blocks), default=0), dtype)  # index = code
    del held

    # tokens of the distinct pieces, then of the distinct raw tokens
    pattern = token_pattern(punct=punct, numbers=numbers or punct, engine="rust")
    found = pieces.str.extract_all(pattern)
    ntok = found.list.len().fill_null(0).to_numpy().astype(np.int64)
    flat = found.explode().drop_nulls()
    rtype = pl.Categorical(pl.Categories.random())
    held = flat.cast(rtype)
    rcode = held.to_physical().to_numpy()
    raw = _categories(_n_codes(rcode), rtype).to_list()
    del held
    # the same token text as tokenize(): lowercased whole-text first (equivalent, see _raw)
    if lowercase:
        norm = [w.lower().translate(_NORMALIZE) for w in raw]
    else:
        norm = [w.translate(_NORMALIZE) for w in raw]
    if punct and not numbers:
        stop = stop | {w for w in norm if w[0].isdecimal()}
    features = sorted(set(norm) - stop)
    index = {f: i for i, f in enumerate(features)}
    remap = np.fromiter((index.get(w, -1) for w in norm), dtype=np.int32, count=len(norm))

    # per piece: its kept feature columns (most pieces have exactly one)
    tokfeat = remap[rcode]
    kept = tokfeat >= 0
    n_pieces = len(pieces)
    nkeep = np.bincount(np.repeat(np.arange(n_pieces), ntok)[kept], minlength=n_pieces)
    kfeat = tokfeat[kept]
    koff = np.zeros(n_pieces + 1, dtype=np.int64)
    np.cumsum(nkeep, out=koff[1:])
    single = np.full(n_pieces, -1, dtype=np.int32)  # -1: no token kept, -2: several
    one = nkeep == 1
    single[one] = kfeat[koff[:-1][one]]
    single[nkeep > 1] = -2

    nf = len(features)
    out = []
    for lens, codes in blocks:
        m = len(lens)
        starts = np.zeros(m, dtype=np.int64)
        np.cumsum(lens[:-1], out=starts[1:])
        col = single[codes]
        sel = col >= 0
        indptr = np.zeros(m + 1, dtype=np.int64)
        np.cumsum(np.add.reduceat(sel, starts, dtype=np.int64), out=indptr[1:])
        b = sp.csr_matrix((np.ones(int(indptr[-1]), dtype=np.int64), col[sel], indptr), (m, nf))
        b = b.tocsc().tocsr()  # two linear passes: sorted column indices, duplicates adjacent
        b.sum_duplicates()
        multi = np.flatnonzero(col == -2)
        if len(multi):
            pc = codes[multi]
            reps = nkeep[pc]
            rows = np.repeat(np.searchsorted(starts, multi, side="right") - 1, reps)
            first = np.repeat(koff[pc] - (np.cumsum(reps) - reps), reps)
            cols = kfeat[first + np.arange(len(rows))]
            b = b + sp.csr_matrix((np.ones(len(rows), dtype=np.int64), (rows, cols)), (m, nf))
        out.append(b)
    if not out:
        return sp.csr_matrix((n, nf), dtype=np.int64), np.array(features, dtype=str)
    m = sp.vstack(out, format="csr", dtype=np.int64)
    m.sort_indices()
    return m, np.array(features, dtype=str)
