"""Similarity between documents or actors: cosine, correlation, Jaccard; all pairs at once.

For a year of UN General Debate speeches the matrix of all pairwise similarities is one
sparse product; each pair's percentile says where it stands among all pairs of that year.
"""

from __future__ import annotations

from typing import Any, Literal

import numpy as np
import polars as pl
import scipy.sparse as sp
from scipy.stats import rankdata

from accord.errors import InputError
from accord.provenance import Provenance, attach
from accord.texts.corpus import Corpus
from accord.texts.dfm import DFM, dfm

__all__ = ["similarity", "pairwise", "MEASURES"]

Measure = Literal["cosine", "correlation", "jaccard"]
MEASURES = ("cosine", "correlation", "jaccard")

_METHODS = {
    "cosine": ("salton1988", "benoit2018quanteda"),
    "correlation": ("benoit2018quanteda",),
    "jaccard": ("jaccard1912", "benoit2018quanteda"),
}


def pairwise(x: DFM | sp.spmatrix | np.ndarray, *, measure: Measure = "cosine") -> np.ndarray:
    """The similarity of every pair of rows, as a dense symmetric matrix.

    Parameters
    ----------
    x : DFM, sparse matrix or array
        Rows are documents (or groups), columns features, values counts or weights.
    measure : {"cosine", "correlation", "jaccard"}
        ``"cosine"``: ``x·y / (‖x‖ ‖y‖)``. ``"correlation"``: Pearson's r across all
        features (zeros included), ``(x·y − F x̄ ȳ) / √((‖x‖² − F x̄²)(‖y‖² − F ȳ²))``
        with ``F`` features and ``x̄`` the row mean. ``"jaccard"``: on presence,
        ``|A ∩ B| / |A ∪ B|`` with ``A`` the features a row has (value > 0).

    Returns
    -------
    numpy.ndarray
        ``n × n``; a row of zeros (or constant, for correlation) gives NaN with every row.

    Notes
    -----
    All pairs come from one sparse product ``X Xᵀ`` (``B Bᵀ`` on presence for Jaccard)
    with rank-one corrections; nothing is densified but the ``n × n`` result. Equal to
    quanteda's ``textstat_simil(method = "cosine" | "correlation" | "jaccard")``.
    """
    if measure not in MEASURES:
        raise InputError(f"similarity measure {measure!r} is not known; use one of {MEASURES}.")
    m = x.matrix if isinstance(x, DFM) else x
    m = sp.csr_matrix(m, dtype=np.float64)
    n, f = m.shape
    with np.errstate(divide="ignore", invalid="ignore"):
        if measure == "jaccard":
            b = m.copy()
            b.data = (b.data > 0).astype(np.float64)
            b.eliminate_zeros()
            inter = (b @ b.T).toarray()
            size = np.asarray(b.sum(axis=1)).ravel()
            union = size[:, None] + size[None, :] - inter
            return np.where(union > 0, inter / union, np.nan)
        gram = (m @ m.T).toarray()
        sq = np.diag(gram).copy()
        if measure == "cosine":
            norm = np.sqrt(sq)
            out = gram / np.outer(norm, norm)
        else:
            mean = np.asarray(m.sum(axis=1)).ravel() / f
            cov = gram - f * np.outer(mean, mean)
            var = np.maximum(sq - f * mean**2, 0.0)
            out = cov / np.sqrt(np.outer(var, var))
        bad = ~np.isfinite(out)
        out[bad] = np.nan
        return np.clip(out, -1.0, 1.0, out=out)


def _percentiles(values: np.ndarray) -> np.ndarray:
    """Share (in %) of the *other* pairs with a lower value, ties counted half.

    With ``M`` pairs and ``r`` a pair's average rank (1-based), this is
    ``100 (r − 1) / (M − 1)``: 0 for the lowest, 100 for the highest, 50 for the median.
    """
    out = np.full(values.shape, np.nan)
    ok = np.isfinite(values)
    k = int(ok.sum())
    if k == 1:
        out[ok] = 50.0
    elif k > 1:
        out[ok] = 100.0 * (rankdata(values[ok], method="average") - 1.0) / (k - 1.0)
    return out


def similarity(
    x: Corpus | DFM,
    *,
    measure: Measure = "cosine",
    by: Literal["year"] | None = "year",
    pairs: list[tuple[Any, Any]] | None = None,
    weight: Literal["tfidf-sklearn", "tfidf-quanteda", "prop", "count"] = "tfidf-sklearn",
) -> pl.DataFrame:
    """Similarity of every pair of actors (per year) or documents, with its percentile.

    Parameters
    ----------
    x : Corpus or DFM
        A corpus is counted with :func:`accord.texts.dfm` (``stopwords="en"``), its
        documents summed per actor (and year), then weighted by *weight*. A DFM is used as
        it is (its rows must be one per actor and year when ``by="year"``).
    measure : {"cosine", "correlation", "jaccard"}
        See :func:`pairwise`. Cosine by default: the usual measure of text similarity,
        insensitive to document length (Salton & Buckley 1988).
    by : {"year"} or None
        ``"year"``: pairs of actors within each year, percentiles among that year's pairs.
        ``None``: every pair of rows (documents), labelled ``doc_a``/``doc_b``.
    pairs : list of (country, country), optional
        Keep only these pairs (``[("RUS", "CHN")]``); percentiles are still among all pairs.
    weight : str, default "tfidf-sklearn"
        For a corpus only: ``"tfidf-sklearn"`` (smooth idf over the actor-years, L2 norm),
        ``"tfidf-quanteda"``, ``"prop"`` or ``"count"``. TF-IDF by default so that words
        every speech uses ("united", "nations") do not make all pairs alike.

    Returns
    -------
    polars.DataFrame
        ``iso3_a, iso3_b, year, measure, value, percentile, n_pairs`` (``by="year"``) or
        ``doc_a, doc_b, measure, value, percentile, n_pairs`` (``by=None``); ``iso3_a <
        iso3_b`` unless *pairs* gives another order. With provenance.

    Notes
    -----
    Percentile: the share of the *other* pairs of the same year with a lower value, ties
    counted half, in percent: ``100 (r − 1) / (M − 1)`` with ``r`` the pair's average
    rank among the ``M`` pairs with a value.

    Examples
    --------
    >>> from accord.texts import Corpus, similarity
    >>> c = Corpus.from_texts(["peace security peace", "peace trade", "trade energy"],
    ...                       actors=["RUS", "CHN", "USA"], years=[2020] * 3)
    >>> similarity(c, weight="count").select("iso3_a", "iso3_b", "value").rows()
    [('CHN', 'RUS', 0.6324555320336759), ('CHN', 'USA', 0.4999999999999999), ('RUS', 'USA', 0.0)]
    """
    params: dict[str, Any] = {"measure": measure, "by": by, "pairs": pairs}
    if isinstance(x, Corpus):
        d = dfm(x, stopwords="en")
        if by == "year":
            if d.docs["actor"].null_count():
                bad = d.docs.filter(pl.col("actor").is_null())["doc_id"].head(3).to_list()
                raise InputError(
                    f"documents {', '.join(bad)} have no single actor; similarity by year "
                    "compares actors. Use by=None to compare documents."
                )
            d = d.group(["actor", "year"])
        d = _weighted(d, weight)
        params["weight"] = weight
    elif isinstance(x, DFM):
        d = x
        params["weight"] = d.weighting
    else:
        raise InputError(f"similarity expects a Corpus or a DFM, got {type(x).__name__}.")
    if measure not in MEASURES:
        raise InputError(f"similarity measure {measure!r} is not known; use one of {MEASURES}.")
    if by == "year":
        out = _by_year(d, measure)
    elif by is None:
        out = _all_docs(d, measure)
    else:
        raise InputError(f"by={by!r} is not known; use 'year' or None.")
    if pairs is not None:
        out = _keep_pairs(out, pairs, by)
    prov = Provenance(
        function="accord.texts.similarity",
        sources=d.sources,
        parameters=params | {"tokens": d.options},
        methods=_METHODS[measure],
    )
    return attach(out, prov)


def _weighted(d: DFM, weight: str) -> DFM:
    if weight == "count":
        return d
    if weight == "prop":
        return d.weight("prop")
    if weight in ("tfidf-sklearn", "tfidf-quanteda"):
        return d.weight("tfidf", variant=weight.split("-")[1])  # type: ignore[arg-type]
    raise InputError(
        f"weight={weight!r} is not known; use 'tfidf-sklearn', 'tfidf-quanteda', 'prop' or 'count'."
    )


def _upper_pairs(sim: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    i, j = np.triu_indices(sim.shape[0], k=1)
    return i, j, sim[i, j]


def _by_year(d: DFM, measure: str) -> pl.DataFrame:
    if "actor" not in d.docs.columns or "year" not in d.docs.columns:
        raise InputError(
            "similarity by year needs 'actor' and 'year' document columns; group the DFM "
            "with .group(['actor', 'year']) or use by=None."
        )
    docs = d.docs.select("actor", "year").with_row_index("_row")
    dup = docs.filter(pl.struct("actor", "year").is_duplicated())
    if dup.height:
        a, y = dup.row(0)[1:]
        raise InputError(
            f"the DFM has several rows for actor {a} in {y}; group it first with "
            ".group(['actor', 'year'])."
        )
    frames = []
    for (year,), g in docs.drop_nulls().sort("year", "actor").group_by("year", maintain_order=True):
        rows = g["_row"].to_numpy()
        if len(rows) < 2:
            continue
        sim = pairwise(d.matrix[rows], measure=measure)
        i, j, v = _upper_pairs(sim)
        actors = g["actor"].to_numpy()
        frames.append(
            pl.DataFrame(
                {
                    "iso3_a": actors[i],
                    "iso3_b": actors[j],
                    "year": np.full(len(i), year, dtype=np.int64),
                    "value": v,
                    "percentile": _percentiles(v),
                    "n_pairs": np.full(len(i), int(np.isfinite(v).sum()), dtype=np.int64),
                }
            )
        )
    schema = {
        "iso3_a": pl.String,
        "iso3_b": pl.String,
        "year": pl.Int64,
        "value": pl.Float64,
        "percentile": pl.Float64,
        "n_pairs": pl.Int64,
    }
    out = pl.concat(frames) if frames else pl.DataFrame(schema=schema)
    return out.with_columns(pl.lit(measure).alias("measure")).select(
        "iso3_a", "iso3_b", "year", "measure", "value", "percentile", "n_pairs"
    )


def _all_docs(d: DFM, measure: str) -> pl.DataFrame:
    ids = d.docs["doc_id"].to_numpy() if "doc_id" in d.docs.columns else None
    if ids is None:
        ids = np.array(
            ["/".join(str(v) for v in r) for r in d.docs.drop("n_docs", strict=False).rows()]
        )
    sim = pairwise(d.matrix, measure=measure)
    i, j, v = _upper_pairs(sim)
    return pl.DataFrame(
        {
            "doc_a": ids[i].astype(str),
            "doc_b": ids[j].astype(str),
            "measure": [measure] * len(i),
            "value": v,
            "percentile": _percentiles(v),
            "n_pairs": np.full(len(i), int(np.isfinite(v).sum()), dtype=np.int64),
        },
        schema={
            "doc_a": pl.String,
            "doc_b": pl.String,
            "measure": pl.String,
            "value": pl.Float64,
            "percentile": pl.Float64,
            "n_pairs": pl.Int64,
        },
    )


def _keep_pairs(out: pl.DataFrame, pairs: list[tuple[Any, Any]], by: str | None) -> pl.DataFrame:
    from accord import countries

    a_col, b_col = ("iso3_a", "iso3_b") if by == "year" else ("doc_a", "doc_b")
    known = set(out[a_col].to_list()) | set(out[b_col].to_list())
    frames = []
    for p in pairs:
        if len(p) != 2:
            raise InputError(f"pairs entry {p!r} is not a pair; use e.g. [('RUS', 'CHN')].")
        ab = []
        for v in p:
            if isinstance(v, str) and (v in known or v.upper() in known):
                ab.append(v if v in known else v.upper())
            elif by == "year":
                ab.append(countries.resolve(v, where="pairs"))
            else:
                raise InputError(f"no document '{v}' in pairs; documents: {sorted(known)[:5]} …")
        a, b = ab
        fwd = out.filter((pl.col(a_col) == a) & (pl.col(b_col) == b))
        rev = out.filter((pl.col(a_col) == b) & (pl.col(b_col) == a)).with_columns(
            pl.col(b_col).alias(a_col), pl.col(a_col).alias(b_col)
        )
        frames.append(pl.concat([fwd, rev]))
    res = pl.concat(frames) if frames else out.clear()
    return res.sort(*(["year"] if by == "year" else []), a_col, b_col)
