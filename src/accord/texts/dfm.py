"""The document-feature matrix: counts of features per document, grouped, trimmed, weighted.

A :class:`DFM` is a sparse matrix (``scipy.sparse.csr_matrix``, documents × features)
with its features (sorted strings), one metadata row per document and the name of its
weighting. Like quanteda's ``dfm``, every verb returns a new object:

>>> from accord.texts import Corpus, dfm
>>> c = Corpus.from_texts(["peace and peace", "peace and trade"], actors=["RUS", "CHN"],
...                       years=[2019, 2019])
>>> d = dfm(c)
>>> d.features.tolist(), d.matrix.toarray().tolist()
(['and', 'peace', 'trade'], [[1, 2, 0], [1, 1, 1]])
>>> d.weight("tfidf", variant="quanteda").matrix.toarray().round(4).tolist()
[[0.0, 0.0, 0.0], [0.0, 0.0, 0.301]]
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np
import polars as pl
import scipy.sparse as sp

from accord.errors import InputError
from accord.provenance import SourceRef
from accord.texts.corpus import Corpus
from accord.texts.tokens import _count_lists, count_matrix

__all__ = ["DFM", "dfm", "WEIGHTS", "TFIDF_VARIANTS"]

Weight = Literal["count", "prop", "tfidf"]
TfidfVariant = Literal["quanteda", "sklearn"]
WEIGHTS = ("count", "prop", "tfidf")
TFIDF_VARIANTS = ("quanteda", "sklearn")


@dataclass(frozen=True, eq=False)
class DFM:
    """A document-feature matrix.

    Parameters
    ----------
    matrix : scipy.sparse.csr_matrix
        Documents × features; integer counts until weighted.
    features : numpy.ndarray of str
        Column labels, sorted.
    docs : polars.DataFrame
        One row per document (the corpus metadata with an ``actor`` column, or the group
        keys with ``n_docs`` after :meth:`group`).
    weighting : str
        ``"count"``, ``"prop"``, ``"tfidf-quanteda"`` or ``"tfidf-sklearn"``.
    sources : tuple of SourceRef
        Datasets the texts come from.
    options : dict
        The tokenizer options the counts were made with.
    """

    matrix: sp.csr_matrix
    features: np.ndarray
    docs: pl.DataFrame
    weighting: str = "count"
    sources: tuple[SourceRef, ...] = ()
    options: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        n, f = self.matrix.shape
        if n != self.docs.height or f != len(self.features):
            raise InputError(
                f"DFM of shape {self.matrix.shape} with {self.docs.height} document rows and "
                f"{len(self.features)} features: the sizes must agree."
            )

    @property
    def shape(self) -> tuple[int, int]:
        return self.matrix.shape

    def __repr__(self) -> str:
        n, f = self.shape
        return f"DFM({n} documents × {f} features, {self.weighting}, nnz={self.matrix.nnz:,})"

    def _replace(self, **kw: Any) -> DFM:
        d = dict(
            matrix=self.matrix,
            features=self.features,
            docs=self.docs,
            weighting=self.weighting,
            sources=self.sources,
            options=self.options,
        )
        d.update(kw)
        return DFM(**d)

    def _need_counts(self, what: str) -> None:
        if self.weighting != "count":
            raise InputError(
                f"{what} needs counts, but this DFM is weighted '{self.weighting}'. "
                f"Call {what} first, then .weight(...)."
            )

    # -- verbs ---------------------------------------------------------------------------

    def group(self, by: str | Sequence[str]) -> DFM:
        """Sum the rows of documents sharing the values of *by* (e.g. ``["actor", "year"]``).

        Rows with a missing key are dropped (a document with several actors has no
        ``actor``: group it by another column or split it first). The result's ``docs``
        holds the keys and ``n_docs``, sorted by the keys.
        """
        self._need_counts("group")
        keys = [by] if isinstance(by, str) else list(by)
        bad = [k for k in keys if k not in self.docs.columns]
        if bad:
            raise InputError(
                f"cannot group by {', '.join(bad)}: the DFM's document columns are "
                f"{', '.join(self.docs.columns)}."
            )
        rows = self.docs.select(keys).with_row_index("_row").drop_nulls(keys)
        groups = rows.group_by(keys).agg(pl.col("_row"), pl.len().alias("n_docs")).sort(keys)
        gid = groups.with_row_index("_g").explode("_row")
        g = sp.csr_matrix(
            (
                np.ones(gid.height),
                (gid["_g"].to_numpy(), gid["_row"].to_numpy()),
            ),
            shape=(groups.height, self.shape[0]),
        )
        m = (g.astype(self.matrix.dtype) @ self.matrix).tocsr()
        m.sort_indices()
        return self._replace(matrix=m, docs=groups.drop("_row"))

    def trim(
        self,
        *,
        min_termfreq: int | None = None,
        max_termfreq: int | None = None,
        min_docfreq: int | float | None = None,
        max_docfreq: int | float | None = None,
    ) -> DFM:
        """Drop features by total count (term frequency) or number of documents.

        Parameters
        ----------
        min_termfreq, max_termfreq : int, optional
            Keep features whose total count is within these bounds (inclusive).
        min_docfreq, max_docfreq : int or float, optional
            Keep features found in this many documents (inclusive); a float in (0, 1] is a
            share of the documents (``max_docfreq=0.9``: in at most 90 % of them).

        Notes
        -----
        As quanteda's ``dfm_trim`` with ``termfreq_type = docfreq_type = "count"`` (or
        ``"prop"`` for a float document frequency).
        """
        self._need_counts("trim")
        m = self.matrix
        n = m.shape[0]
        tf = np.asarray(m.sum(axis=0)).ravel()
        df = np.bincount(m.indices, minlength=m.shape[1])
        keep = np.ones(m.shape[1], dtype=bool)

        def bound(v: int | float | None, name: str, total: int) -> float | None:
            if v is None:
                return None
            if isinstance(v, bool) or not isinstance(v, int | float | np.integer | np.floating):
                raise InputError(f"{name}={v!r} is not a number.")
            if isinstance(v, float | np.floating) and not float(v).is_integer():
                if not 0 < v <= 1 or total == 0:
                    raise InputError(f"{name}={v!r}: a share must be in (0, 1].")
                return float(v) * total
            if v < 0:
                raise InputError(f"{name}={v!r} is negative.")
            return float(v)

        for v, name, arr, op in (
            (min_termfreq, "min_termfreq", tf, np.greater_equal),
            (max_termfreq, "max_termfreq", tf, np.less_equal),
            (min_docfreq, "min_docfreq", df, np.greater_equal),
            (max_docfreq, "max_docfreq", df, np.less_equal),
        ):
            b = bound(v, name, n if "doc" in name else 0)
            if b is not None:
                keep &= op(arr, b - 1e-9 if op is np.greater_equal else b + 1e-9)
        cols = np.flatnonzero(keep)
        return self._replace(matrix=m[:, cols].tocsr(), features=self.features[cols])

    def weight(self, scheme: Weight = "count", *, variant: TfidfVariant = "quanteda") -> DFM:
        """Weight the counts.

        Parameters
        ----------
        scheme : {"count", "prop", "tfidf"}
            ``"count"``: as counted; ``"prop"``: each row divided by its total
            (``n_ij / Σ_j n_ij``); ``"tfidf"``: see *variant*.
        variant : {"quanteda", "sklearn"}, default "quanteda"
            ``"quanteda"``: ``n_ij · log10(N / df_j)``, as quanteda's ``dfm_tfidf()``
            defaults (raw counts, inverse document frequency in base 10, no
            normalisation; a feature in every document weighs 0).
            ``"sklearn"``: ``n_ij · (ln((1 + N) / (1 + df_j)) + 1)``, then each row divided
            by its Euclidean norm, as scikit-learn's ``TfidfVectorizer`` defaults
            (``smooth_idf=True, sublinear_tf=False, norm="l2"``).

        Returns
        -------
        DFM
            Float64 values; ``weighting`` names the scheme (``"tfidf-sklearn"`` …).

        Notes
        -----
        ``N`` is the number of rows of this DFM and ``df_j`` the number of rows where
        feature ``j`` occurs: weight after grouping to treat groups as documents. The
        default variant is quanteda's because it is the one the text-as-data literature
        in political science reports; cosine similarity is unchanged by the sklearn
        variant's row normalisation but not by its different idf.

        References
        ----------
        Salton, G. & Buckley, C. (1988). Term-weighting approaches in automatic text
        retrieval. Information Processing & Management 24(5). Benoit et al. (2018),
        quanteda, JOSS 3(30). Pedregosa et al. (2011), scikit-learn, JMLR 12.
        """
        if scheme not in WEIGHTS:
            raise InputError(f"weight scheme {scheme!r} is not known; use one of {WEIGHTS}.")
        if scheme == "count":
            if self.weighting != "count":
                raise InputError(f"this DFM is already weighted '{self.weighting}'.")
            return self
        self._need_counts(f"weight('{scheme}')")
        m = self.matrix.astype(np.float64)
        if scheme == "prop":
            tot = np.asarray(m.sum(axis=1)).ravel()
            with np.errstate(divide="ignore", invalid="ignore"):
                inv = np.where(tot > 0, 1.0 / tot, 0.0)
            return self._replace(matrix=_scale_rows(m, inv), weighting="prop")
        if variant not in TFIDF_VARIANTS:
            raise InputError(
                f"tfidf variant {variant!r} is not known; use one of {TFIDF_VARIANTS}."
            )
        n = m.shape[0]
        df = np.bincount(m.indices, minlength=m.shape[1]).astype(np.float64)
        # m is a fresh copy: weight it in place (each copy of a corpus-sized matrix costs)
        if variant == "quanteda":
            with np.errstate(divide="ignore"):
                idf = np.where(df > 0, np.log10(n / np.maximum(df, 1)), 0.0)
            m.data *= idf[m.indices]
        else:
            idf = np.log((1.0 + n) / (1.0 + df)) + 1.0
            m.data *= idf[m.indices]
            rows = np.repeat(np.arange(n), np.diff(m.indptr))
            # row sums of squares in storage order, as scikit-learn's normalize()
            norm = np.sqrt(np.bincount(rows, weights=m.data * m.data, minlength=n))
            with np.errstate(divide="ignore"):
                m.data *= np.where(norm > 0, 1.0 / norm, 0.0)[rows]
        return self._replace(matrix=m, weighting=f"tfidf-{variant}")

    def to_frame(self) -> pl.DataFrame:
        """The non-zero cells as a long table: the document columns, ``feature``, ``value``."""
        coo = self.matrix.tocoo()
        return (
            self.docs.with_row_index("_row")
            .join(
                pl.DataFrame(
                    {
                        "_row": coo.row.astype(np.uint32),
                        "feature": self.features[coo.col],
                        "value": coo.data,
                    }
                ),
                on="_row",
            )
            .drop("_row")
        )


def _scale_rows(m: sp.csr_matrix, s: np.ndarray) -> sp.csr_matrix:
    out = m.copy()
    out.data *= np.repeat(s, np.diff(out.indptr))
    return out


def dfm(
    x: Corpus | Sequence[str] | Sequence[Sequence[str]],
    *,
    lowercase: bool = True,
    punct: bool = False,
    numbers: bool = False,
    stopwords: None | str | Iterable[str] = None,
    stem: bool = False,
    ngrams: int | tuple[int, int] = 1,
) -> DFM:
    """Count the tokens of every document.

    Parameters
    ----------
    x : Corpus, list of str or list of token lists
        A corpus, raw texts, or documents already tokenized (then the tokenizer options
        are ignored).
    lowercase, punct, numbers, stopwords, stem, ngrams
        As :func:`accord.texts.tokenize`. No stopwords are removed by default (as
        quanteda's ``dfm``): pass ``stopwords="en"``.

    Returns
    -------
    DFM
        Integer counts; ``docs`` is the corpus metadata plus ``actor`` (the document's
        single actor, or null), or ``doc_id`` only for texts and token lists.
    """
    opts = dict(
        lowercase=lowercase,
        punct=punct,
        numbers=numbers,
        stopwords=stopwords,
        stem=stem,
        ngrams=ngrams,
    )
    sources: tuple[SourceRef, ...] = ()
    if isinstance(x, Corpus):
        m, feats = count_matrix(x.texts, **opts)
        docs = x.meta.with_columns(x.actors)
        sources = x.sources
    else:
        seq = list(x)
        if seq and all(isinstance(d, str) for d in seq):
            m, feats = count_matrix(seq, **opts)
        elif all(isinstance(d, list | tuple) for d in seq):
            m, feats = _count_lists(seq)
            opts = {"pretokenized": True}
        else:
            raise InputError(
                "dfm expects a Corpus, a list of texts or a list of token lists; got a list "
                "mixing types."
            )
        docs = pl.DataFrame({"doc_id": [f"doc{i + 1}" for i in range(len(seq))]})
    if isinstance(opts.get("stopwords"), frozenset | set | list | tuple):
        opts["stopwords"] = sorted(opts["stopwords"])
    return DFM(matrix=m, features=feats, docs=docs, sources=sources, options=opts)
