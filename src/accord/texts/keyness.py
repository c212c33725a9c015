"""Distinctive terms of one group of texts against another: :func:`keyness`.

Three measures, each on the counts of every feature (word, n-gram) in a *target* group
and a *reference* group:

``"logodds"`` (default)
    Monroe, Colaresi & Quinn's (2008) log-odds ratio with an informative Dirichlet
    prior ("Fightin' Words"), with its variance and z-score.
``"chi2"``
    Pearson's χ² of the feature's 2×2 table, signed by direction, with Yates' correction
    as quanteda.textstats' ``textstat_keyness`` applies it.
``"lr"``
    The likelihood-ratio statistic G², signed, as ``textstat_keyness(measure = "lr")``
    computes it (Dunning 1993).

The result is a polars table with the counts shown next to each statistic: ``feature``,
``n_target``, ``n_reference`` (the feature's counts), ``total_target``,
``total_reference`` (all tokens of each group), the statistic columns and ``p``, sorted
by the statistic, largest (most typical of the target) first.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, Literal

import numpy as np
import polars as pl
from scipy import sparse, stats

from accord.errors import InputError
from accord.provenance import Provenance, attach, provenance_of

__all__ = ["keyness", "keyness_counts", "MEASURES", "Measure", "METHOD_REFERENCES"]

Measure = Literal["logodds", "chi2", "lr"]
Correction = Literal["default", "yates", "williams", "none"]
MEASURES: tuple[str, ...] = ("logodds", "chi2", "lr")
CORRECTIONS: tuple[str, ...] = ("default", "yates", "williams", "none")

#: Citation keys of the method behind each measure (see :func:`accord.cite`).
METHOD_REFERENCES: dict[str, tuple[str, ...]] = {
    "logodds": ("monroe2008",),
    "chi2": ("yates1934", "benoit2018quanteda"),
    "lr": ("dunning1993", "benoit2018quanteda"),
}


# --------------------------------------------------------------------------- kernels


def logodds_dirichlet(
    y_i: np.ndarray, y_j: np.ndarray, alpha: np.ndarray, alpha0: float | None = None
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Log-odds ratio with an informative Dirichlet prior (Monroe et al. 2008, sec. 3.5).

    Parameters
    ----------
    y_i, y_j : array of float
        Counts of each feature in groups *i* (target) and *j* (reference).
    alpha : array of float
        Prior pseudo-counts α_w (all > 0).
    alpha0 : float, optional
        α_0, the prior's total over the whole vocabulary; default Σ α_w. Give it when
        ``alpha`` covers only some features (those that occur in i or j).

    Returns
    -------
    delta, variance, z : arrays
        δ_w = log[(y_w^i + α_w) / (n^i + α_0 − y_w^i − α_w)]
        − log[(y_w^j + α_w) / (n^j + α_0 − y_w^j − α_w)];
        σ²(δ_w) ≈ 1/(y_w^i + α_w) + 1/(y_w^j + α_w);  z_w = δ_w / σ(δ_w).
    """
    y_i = np.asarray(y_i, dtype=np.float64)
    y_j = np.asarray(y_j, dtype=np.float64)
    alpha = np.asarray(alpha, dtype=np.float64)
    n_i, n_j = y_i.sum(), y_j.sum()
    a0 = alpha.sum() if alpha0 is None else float(alpha0)
    odds_i = (y_i + alpha) / (n_i + a0 - y_i - alpha)
    odds_j = (y_j + alpha) / (n_j + a0 - y_j - alpha)
    delta = np.log(odds_i) - np.log(odds_j)
    variance = 1.0 / (y_i + alpha) + 1.0 / (y_j + alpha)
    return delta, variance, delta / np.sqrt(variance)


def _tables(a: np.ndarray, b: np.ndarray, n_t: float, n_r: float):
    """Cells of each feature's 2×2 table [[a, b], [c, d]] (feature/other × target/ref)."""
    a = np.asarray(a, dtype=np.float64)
    b = np.asarray(b, dtype=np.float64)
    c = n_t - a
    d = n_r - b
    return a, b, c, d, a + b + c + d


def _yates_delta(a, b, c, d, n) -> np.ndarray:
    """quanteda's rule: 0.5 when |ad − bc| ≥ N/2 and some expected count is below 5."""
    small = np.minimum.reduce(
        [(a + b) * (a + c) / n, (a + b) * (b + d) / n, (a + c) * (c + d) / n, (c + d) * (b + d) / n]
    )
    return np.where((np.abs(a * d - b * c) >= n / 2) & (small < 5), 0.5, 0.0)


def _williams_q(a, b, c, d, n) -> np.ndarray:
    """Williams' (1976) correction factor q for a 2×2 table (1 where a cell is zero)."""
    with np.errstate(divide="ignore", invalid="ignore"):
        q = 1.0 + (n / (a + b) + n / (c + d) - 1.0) * (n / (a + c) + n / (b + d) - 1.0) / (6.0 * n)
    return np.where(a * b * c * d == 0, 1.0, q)


def chi2_signed(a, b, n_t: float, n_r: float, correction: Correction = "default") -> np.ndarray:
    """Signed Pearson χ² of each feature's 2×2 table, as quanteda.textstats computes it.

    χ² = N (|ad − bc| − N·δ)² / [(a+b)(c+d)(a+c)(b+d)] · q, signed + when the target count
    *a* exceeds its expected value (a+b)(a+c)/N; δ = 0.5 under Yates' correction (only
    where quanteda applies it, see :func:`keyness`), q the Williams factor or 1.
    """
    a, b, c, d, n = _tables(a, b, n_t, n_r)
    delta = _yates_delta(a, b, c, d, n) if correction in ("default", "yates") else 0.0
    q = _williams_q(a, b, c, d, n) if correction == "williams" else 1.0
    expected = (a + b) * (a + c) / n
    sign = np.where(a > expected, 1.0, -1.0)
    with np.errstate(divide="ignore", invalid="ignore"):
        stat = (
            n * (np.abs(a * d - b * c) - n * delta) ** 2 / ((a + b) * (c + d) * (a + c) * (b + d))
        )
    return sign * stat / q


def g2_signed(a, b, n_t: float, n_r: float, correction: Correction = "default") -> np.ndarray:
    """Signed likelihood-ratio G² of each feature's 2×2 table, as quanteda.textstats.

    G² = 2 Σ O·ln(O/E) over the four cells (0·ln 0 = 0). With ``"default"`` or
    ``"yates"`` the cells are first moved 0.5 towards independence where quanteda's Yates
    rule applies (this is what quanteda's code does for ``"default"``, although its manual
    says Williams); ``"williams"`` divides by Williams' q.
    """
    a, b, c, d, n = _tables(a, b, n_t, n_r)
    expected = (a + b) * (a + c) / n
    sign = np.where(a > expected, 1.0, -1.0)
    aa, bb, cc, dd = a, b, c, d
    if correction in ("default", "yates"):
        delta = _yates_delta(a, b, c, d, n) * np.where(a * d - b * c > 0, 1.0, -1.0)
        aa, bb, cc, dd = a - delta, b + delta, c + delta, d - delta
    e_a = (aa + bb) * (aa + cc) / n
    e_b = (aa + bb) * (bb + dd) / n
    e_c = (aa + cc) * (cc + dd) / n
    e_d = (bb + dd) * (cc + dd) / n
    with np.errstate(divide="ignore", invalid="ignore"):
        g = 2.0 * sum(
            np.where(o > 0, o * np.log(o / e), 0.0)
            for o, e in ((aa, e_a), (bb, e_b), (cc, e_c), (dd, e_d))
        )
    if correction == "williams":
        g = g / _williams_q(a, b, c, d, n)
    return sign * g


# --------------------------------------------------------------------------- inputs


def _matrix_and_vocabulary(x: Any, vocabulary: Sequence[str] | None) -> tuple[Any, list[str]]:
    """A (documents × features) count matrix and its feature names from *x*."""
    matrix = x
    if not (sparse.issparse(x) or isinstance(x, np.ndarray)):
        for attr in ("matrix", "counts", "X"):
            if hasattr(x, attr):
                matrix = getattr(x, attr)
                break
        if vocabulary is None:
            for attr in ("features", "vocabulary", "feature_names"):
                if hasattr(x, attr):
                    vocabulary = list(getattr(x, attr))
                    break
    if sparse.issparse(matrix):
        matrix = sparse.csr_array(matrix)
    elif isinstance(matrix, np.ndarray | list):
        matrix = np.atleast_2d(np.asarray(matrix, dtype=np.float64))
    else:
        raise InputError(
            f"x is a {type(x).__name__}; expected a document-feature matrix (scipy sparse or "
            "numpy, documents × features) with vocabulary=, or a DFM."
        )
    if matrix.ndim != 2:
        raise InputError(f"x has {matrix.ndim} dimensions; expected documents × features.")
    if vocabulary is None:
        raise InputError(
            "vocabulary is missing: give the feature names of the matrix's columns, "
            "e.g. keyness(X, target=mask, vocabulary=features)."
        )
    vocabulary = [str(v) for v in vocabulary]
    if len(vocabulary) != matrix.shape[1]:
        raise InputError(
            f"vocabulary has {len(vocabulary)} features but the matrix has "
            f"{matrix.shape[1]} columns; give one name per column."
        )
    return matrix, vocabulary


def _row_mask(sel: Any, n_docs: int, name: str) -> np.ndarray:
    """Boolean row mask from a boolean mask or a sequence of row indices."""
    arr = np.asarray(sel)
    if arr.dtype == bool:
        if arr.shape != (n_docs,):
            raise InputError(
                f"{name} is a mask of length {arr.size}; the matrix has {n_docs} documents."
            )
        return arr
    arr = np.atleast_1d(arr)
    if arr.size and not np.issubdtype(arr.dtype, np.integer):
        raise InputError(
            f"{name} must be a boolean mask or row indices, got {arr.dtype} values "
            f"such as {arr.flat[0]!r}."
        )
    if arr.size and (arr.min() < -n_docs or arr.max() >= n_docs):
        raise InputError(
            f"{name} has row index {int(arr.max() if arr.max() >= n_docs else arr.min())} "
            f"outside the matrix's {n_docs} documents (0–{n_docs - 1})."
        )
    mask = np.zeros(n_docs, dtype=bool)
    mask[arr] = True
    return mask


def _column_sums(matrix: Any, mask: np.ndarray) -> np.ndarray:
    return np.asarray(matrix[np.flatnonzero(mask)].sum(axis=0), dtype=np.float64).ravel()


def _check_counts(v: np.ndarray, name: str, vocabulary: list[str]) -> None:
    bad = np.flatnonzero(~np.isfinite(v) | (v < 0))
    if bad.size:
        raise InputError(
            f"{name} count of '{vocabulary[bad[0]]}' is {v[bad[0]]}; counts must be "
            "finite and non-negative (use raw counts, not weighted values)."
        )


# --------------------------------------------------------------------------- API


def keyness(
    x: Any,
    target: Any,
    *,
    reference: Any = None,
    vocabulary: Sequence[str] | None = None,
    measure: Measure = "logodds",
    alpha0: float | None = None,
    background: Iterable[float] | None = None,
    correction: Correction = "default",
    sort: bool = True,
) -> pl.DataFrame:
    """Distinctive features of a target group of documents against a reference group.

    Parameters
    ----------
    x : scipy sparse matrix, numpy array or DFM
        Raw counts, documents × features. A DFM (an object with ``matrix`` and
        ``features`` attributes) brings its own vocabulary.
    target : boolean mask, row indices or polars expression
        The documents of the target group; with a DFM also an expression on its document
        metadata, e.g. ``pl.col("actors").list.contains("USA")``.
    reference : boolean mask, row indices or polars expression, optional
        The documents of the reference group; default all documents not in ``target``.
    vocabulary : list of str, optional
        Feature names, one per column (not needed for a DFM).
    measure : {"logodds", "chi2", "lr"}, default "logodds"
        See :func:`keyness_counts`. Default ``"logodds"``: unlike χ² and G², whose size
        grows with the amount of text and which give rare words extreme values, Monroe et
        al.'s z-score shrinks rare words towards zero through the prior and accounts for
        the sampling variance of each word (Monroe et al. 2008, sec. 3).
    alpha0, background, correction, sort :
        See :func:`keyness_counts`.

    Returns
    -------
    polars.DataFrame
        As :func:`keyness_counts`; the provenance of ``x`` (its corpus) is carried over.

    Raises
    ------
    InputError
        Unknown measure, mismatched vocabulary, empty or overlapping groups, negative
        counts.

    Examples
    --------
    >>> import numpy as np
    >>> from accord.texts.keyness import keyness
    >>> X = np.array([[3, 7], [7, 2]])           # "b b b b b b b a a a", "a a a a a a a b b"
    >>> df = keyness(X, [0], vocabulary=["a", "b"], measure="chi2", sort=False)
    >>> [round(v, 6) for v in df["chi2"]]
    [-2.632438, 2.632438]
    """
    weighting = getattr(x, "weighting", "count")
    if weighting != "count":
        raise InputError(
            f"keyness needs raw counts, but this DFM is weighted '{weighting}'; pass the "
            "DFM before .weight(...)."
        )
    matrix, vocab = _matrix_and_vocabulary(x, vocabulary)
    n_docs = matrix.shape[0]
    docs = getattr(x, "docs", None)
    uses_expr = isinstance(target, pl.Expr) or isinstance(reference, pl.Expr)
    if uses_expr and not isinstance(docs, pl.DataFrame):
        raise InputError(
            "target/reference as a polars expression needs a DFM with document "
            "metadata; for a plain matrix give a boolean mask or row indices."
        )
    if isinstance(target, pl.Expr):
        target = docs.select(target.fill_null(False)).to_series().to_numpy().astype(bool)
    if isinstance(reference, pl.Expr):
        reference = docs.select(reference.fill_null(False)).to_series().to_numpy().astype(bool)
    t_mask = _row_mask(target, n_docs, "target")
    r_mask = ~t_mask if reference is None else _row_mask(reference, n_docs, "reference")
    if not t_mask.any():
        raise InputError("target selects no documents; give at least one row.")
    if not r_mask.any():
        raise InputError(
            "reference selects no documents (target is every document); "
            "leave at least one document out of target or give reference=."
        )
    if (t_mask & r_mask).any():
        first = int(np.flatnonzero(t_mask & r_mask)[0])
        raise InputError(
            f"document {first} is in both target and reference; the groups must not overlap."
        )
    out = keyness_counts(
        _column_sums(matrix, t_mask),
        _column_sums(matrix, r_mask),
        vocabulary=vocab,
        measure=measure,
        alpha0=alpha0,
        background=background,
        correction=correction,
        sort=sort,
    )
    prov = provenance_of(out)
    src = provenance_of(x)
    sources = src.sources if src is not None else tuple(getattr(x, "sources", ()) or ())
    params = dict(
        prov.parameters, n_target_docs=int(t_mask.sum()), n_reference_docs=int(r_mask.sum())
    )
    return attach(
        out,
        Provenance(
            function="accord.texts.keyness",
            sources=sources,
            parameters=params,
            methods=prov.methods,
        ),
    )


def keyness_counts(
    target: Iterable[float],
    reference: Iterable[float],
    *,
    vocabulary: Sequence[str],
    measure: Measure = "logodds",
    alpha0: float | None = None,
    background: Iterable[float] | None = None,
    correction: Correction = "default",
    sort: bool = True,
) -> pl.DataFrame:
    """Keyness of each feature from the target's and the reference's count vectors.

    Parameters
    ----------
    target, reference : array of counts
        Count of each feature in the target and in the reference group.
    vocabulary : list of str
        Feature names, one per count.
    measure : {"logodds", "chi2", "lr"}, default "logodds"
        ``"logodds"``: Monroe et al.'s log-odds ratio with an informative Dirichlet prior
        (columns ``delta``, ``variance``, ``z``); ``"chi2"``: signed χ² (column ``chi2``);
        ``"lr"``: signed likelihood ratio (column ``G2``).
    alpha0 : float, optional
        ``"logodds"`` only: the prior's total weight α_0 in pseudo-tokens. The prior
        pseudo-counts are α_w = α_0 · m_w / M, where m_w are the ``background`` counts (M
        their total). Default: α_0 = M, i.e. the background counts themselves are the
        prior — with the default background, the pooled target + reference corpus, the
        prior carries as much weight as the data, as when Monroe et al. take the counts of
        the whole corpus of speeches as the prior. A smaller α_0 shrinks less.
    background : array of counts, optional
        ``"logodds"`` only: counts of a background corpus over the same vocabulary (e.g.
        all speeches of the period). Default: target + reference. Every feature that
        occurs in target or reference must occur in the background.
    correction : {"default", "yates", "williams", "none"}, default "default"
        ``"chi2"`` and ``"lr"`` only, as in quanteda.textstats: ``"default"`` and
        ``"yates"`` apply Yates' continuity correction (0.5) to a feature's table where
        |ad − bc| ≥ N/2 and some expected count is below 5 — for both χ² and G², which
        is what quanteda's code does; ``"williams"`` divides by Williams' q; ``"none"``.
    sort : bool, default True
        Sort by the statistic (``z``, ``chi2`` or ``G2``), largest first, ties by feature.

    Returns
    -------
    polars.DataFrame
        ``feature``, ``n_target``, ``n_reference``, ``total_target``,
        ``total_reference``, then ``delta``, ``variance``, ``z`` (logodds) or ``chi2`` or
        ``G2``, and ``p``: two-sided normal p of z, or P(χ²₁ ≥ |statistic|) as quanteda.
        Features with a zero count in both groups are left out (they carry no evidence).
        Positive values: more typical of the target.

    Raises
    ------
    InputError
        Unknown measure or correction, counts not matching the vocabulary, negative
        counts, an empty group, a background missing a feature, alpha0 ≤ 0.

    Notes
    -----
    **Log-odds with informative Dirichlet prior** (Monroe et al. 2008, sec. 3.5): with
    y_w^i, y_w^j the counts of feature w in target i and reference j, n^i, n^j their
    totals, and α_w the prior pseudo-counts (α_0 = Σ α_w)::

        δ_w = ln[(y_w^i + α_w) / (n^i + α_0 − y_w^i − α_w)]
              − ln[(y_w^j + α_w) / (n^j + α_0 − y_w^j − α_w)]
        σ²(δ_w) ≈ 1/(y_w^i + α_w) + 1/(y_w^j + α_w)
        z_w = δ_w / √σ²(δ_w)

    **χ² and G²** (quanteda.textstats ``textstat_keyness``): for each feature the table
    [[a, b], [c, d]] holds its count in target (a) and reference (b) and the other tokens
    of each (c, d); N = a + b + c + d. χ² = N (|ad − bc| − N·δ)² / [(a+b)(c+d)(a+c)(b+d)];
    G² = 2 Σ O ln(O/E). Both are signed + when a > E(a) = (a+b)(a+c)/N. quanteda adds
    10⁻⁹ inside G²'s logarithms; accord takes 0·ln 0 = 0 instead (differences < 10⁻⁷).

    References
    ----------
    Monroe, B. L., Colaresi, M. P. & Quinn, K. M. (2008). Fightin' Words: Lexical Feature
    Selection and Evaluation for Identifying the Content of Political Conflict.
    *Political Analysis* 16(4): 372–403.
    Dunning, T. (1993). Accurate Methods for the Statistics of Surprise and Coincidence.
    *Computational Linguistics* 19(1): 61–74.
    Benoit, K., Watanabe, K. et al. quanteda.textstats, ``textstat_keyness``.

    Examples
    --------
    >>> from accord.texts.keyness import keyness_counts
    >>> df = keyness_counts([3, 7], [7, 2], vocabulary=["a", "b"], measure="lr", sort=False)
    >>> round(df["G2"][0], 6)
    -2.702844
    """
    if measure not in MEASURES:
        raise InputError(f"unknown measure '{measure}'; choose from {', '.join(MEASURES)}.")
    if correction not in CORRECTIONS:
        raise InputError(
            f"unknown correction '{correction}'; choose from {', '.join(CORRECTIONS)}."
        )
    vocab = [str(v) for v in vocabulary]
    y_t = np.asarray(list(target) if not isinstance(target, np.ndarray) else target, float)
    y_r = np.asarray(list(reference) if not isinstance(reference, np.ndarray) else reference, float)
    for name, v in (("target", y_t), ("reference", y_r)):
        if v.ndim != 1 or v.size != len(vocab):
            raise InputError(
                f"{name} has {v.size} counts but vocabulary has {len(vocab)} features; "
                "give one count per feature."
            )
        _check_counts(v, name, vocab)
    keep = (y_t + y_r) > 0
    n_t, n_r = y_t.sum(), y_r.sum()
    if n_t == 0 or n_r == 0:
        raise InputError(
            f"the {'target' if n_t == 0 else 'reference'} group has no tokens; "
            "keyness needs text in both groups."
        )
    feats = np.asarray(vocab, dtype=object)[keep]
    a, b = y_t[keep], y_r[keep]
    params: dict[str, Any] = {"measure": measure}
    cols: dict[str, Any] = {}
    if measure == "logodds":
        if background is None:
            m = y_t + y_r
        else:
            m = np.asarray(
                list(background) if not isinstance(background, np.ndarray) else background, float
            )
            if m.ndim != 1 or m.size != len(vocab):
                raise InputError(
                    f"background has {m.size} counts but vocabulary has {len(vocab)} "
                    "features; give one count per feature."
                )
            _check_counts(m, "background", vocab)
            missing = np.flatnonzero(keep & (m <= 0))
            if missing.size:
                raise InputError(
                    f"background has no count for '{vocab[missing[0]]}' "
                    f"({missing.size} feature(s) in target or reference); the prior needs "
                    "every feature — use a background that includes target and reference."
                )
        big_m = float(m.sum())
        a0 = big_m if alpha0 is None else float(alpha0)
        if not np.isfinite(a0) or a0 <= 0:
            raise InputError(f"alpha0 must be a positive number, got {alpha0!r}.")
        alpha = a0 * m[keep] / big_m
        # n^i, n^j and α_0 run over the whole vocabulary (Monroe et al.'s multinomial),
        # including background features absent from both groups
        delta, variance, z = logodds_dirichlet(a, b, alpha, a0)
        cols = {"delta": delta, "variance": variance, "z": z, "p": 2.0 * stats.norm.sf(np.abs(z))}
        params.update(alpha0=a0, background="pooled" if background is None else "given")
        stat_col = "z"
    else:
        fn = chi2_signed if measure == "chi2" else g2_signed
        stat = fn(a, b, n_t, n_r, correction)
        stat_col = "chi2" if measure == "chi2" else "G2"
        cols = {stat_col: stat, "p": stats.chi2.sf(np.abs(stat), 1)}
        params["correction"] = correction
    out = pl.DataFrame(
        {
            "feature": pl.Series(list(feats), dtype=pl.String),
            "n_target": a.astype(np.int64) if np.all(a == np.round(a)) else a,
            "n_reference": b.astype(np.int64) if np.all(b == np.round(b)) else b,
            "total_target": np.full(a.size, n_t, dtype=np.float64),
            "total_reference": np.full(a.size, n_r, dtype=np.float64),
            **cols,
        }
    )
    if np.all(y_t == np.round(y_t)) and np.all(y_r == np.round(y_r)):
        out = out.with_columns(pl.col("total_target", "total_reference").cast(pl.Int64))
    if sort:
        out = out.sort([stat_col, "feature"], descending=[True, False])
    return attach(
        out,
        Provenance(
            function="accord.texts.keyness_counts",
            parameters=params,
            methods=METHOD_REFERENCES[measure],
        ),
    )
