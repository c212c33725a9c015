"""The :class:`Corpus`: texts with their metadata, immutable; the UNGDC loader."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

import polars as pl

from accord.errors import CoverageError, InputError
from accord.provenance import SourceRef

__all__ = ["Corpus", "Document", "load_ungdc"]

DATASET_ID = "ungdc"

#: Metadata columns every corpus has, in this order (more may follow).
META = {
    "doc_id": pl.String,
    "actors": pl.List(pl.String),
    "date": pl.Date,
    "year": pl.Int64,
    "title": pl.String,
    "source": pl.String,
}


class Document(NamedTuple):
    """One document of a corpus: its text and metadata."""

    doc_id: str
    text: str
    actors: tuple[str, ...]
    year: int | None
    date: Any
    title: str | None
    source: str | None


def parse_years(value: Any) -> tuple[int, int] | frozenset[int] | None:
    """Accept ``2019``, ``(1992, 2019)``, ``range(...)``, ``"1992-2019"`` or an iterable."""
    if value is None:
        return None
    if isinstance(value, bool):
        raise InputError(
            f"years={value!r} is not a year or a range; use e.g. 2019 or (1992, 2019)."
        )
    if isinstance(value, int):
        return (value, value)
    if isinstance(value, str):
        m = re.fullmatch(r"\s*(\d{4})\s*(?:[-:–]\s*(\d{4}))?\s*", value)
        if not m:
            raise InputError(f"years={value!r} is not understood; use 2019 or 1992-2019.")
        value = (int(m[1]), int(m[2] or m[1]))
    if isinstance(value, range):
        if len(value) == 0:
            raise InputError(f"years={value!r} is empty.")
        return (value.start, value.stop - 1) if value.step == 1 else frozenset(value)
    if isinstance(value, tuple) and len(value) == 2 and all(isinstance(v, int) for v in value):
        if value[0] > value[1]:
            raise InputError(f"years={value!r} runs backwards; use ({value[1]}, {value[0]}).")
        return (int(value[0]), int(value[1]))
    try:
        items = frozenset(int(v) for v in value)
    except (TypeError, ValueError):
        raise InputError(
            f"years={value!r} is not understood; use a year, a (first, last) tuple or a range."
        ) from None
    if not items:
        raise InputError(f"years={value!r} is empty.")
    return items


def _year_expr(spec: tuple[int, int] | frozenset[int]) -> pl.Expr:
    if isinstance(spec, tuple):
        return pl.col("year").is_between(spec[0], spec[1])
    return pl.col("year").is_in(sorted(spec))


def _resolve_actors(actors: Any, known: Iterable[str]) -> list[str]:
    from accord import countries

    if isinstance(actors, str | int):
        actors = [actors]
    known = set(known)
    out = []
    for a in actors:
        if isinstance(a, str) and a.strip().upper() in known:
            out.append(a.strip().upper())
        else:
            out.append(countries.resolve(a, where="actors"))
    return out


@dataclass(frozen=True, eq=False)
class Corpus:
    """Texts and their metadata, immutable: every method returns a new corpus.

    Parameters
    ----------
    meta : polars.DataFrame
        One row per document with at least ``doc_id`` (unique), ``actors`` (list of ISO3
        codes: a joint statement has several), ``date``, ``year``, ``title``, ``source``;
        more columns are kept (``session`` for UN speeches).
    texts : tuple of str
        The documents' texts, in the order of *meta*.
    sources : tuple of SourceRef
        The datasets the texts come from (for provenance).
    issues : polars.DataFrame, optional
        Problems met while reading (``file``, ``problem``): files skipped, documents
        flagged as not English. Empty when there were none.

    Examples
    --------
    >>> c = Corpus.from_texts(["We the peoples", "Sovereignty and peace"],
    ...                       actors=["USA", "CHN"], years=[2019, 2019])
    >>> len(c), c.meta["doc_id"].to_list()
    (2, ['doc1', 'doc2'])
    """

    meta: pl.DataFrame
    texts: tuple[str, ...]
    sources: tuple[SourceRef, ...] = ()
    issues: pl.DataFrame | None = None

    def __post_init__(self) -> None:
        missing = [c for c in META if c not in self.meta.columns]
        if missing:
            raise InputError(f"corpus metadata lacks the column(s) {', '.join(missing)}.")
        if self.meta.height != len(self.texts):
            raise InputError(
                f"corpus has {self.meta.height} metadata rows but {len(self.texts)} texts."
            )
        dup = self.meta.filter(pl.col("doc_id").is_duplicated())["doc_id"].unique().to_list()
        if dup:
            raise InputError(f"doc_id values must be unique; repeated: {', '.join(dup[:5])}.")
        object.__setattr__(self, "texts", tuple(self.texts))
        if self.issues is None:
            empty = pl.DataFrame(schema={"file": pl.String, "problem": pl.String})
            object.__setattr__(self, "issues", empty)

    # -- constructors -------------------------------------------------------------------

    @classmethod
    def from_texts(
        cls,
        texts: Sequence[str],
        *,
        doc_ids: Sequence[str] | None = None,
        actors: Sequence[str | Sequence[str]] | None = None,
        years: Sequence[int | None] | None = None,
        titles: Sequence[str | None] | None = None,
        source: str | None = None,
    ) -> Corpus:
        """A corpus from texts in memory; actors are resolved to ISO3 codes."""
        n = len(texts)
        for name, seq in (("doc_ids", doc_ids), ("actors", actors), ("years", years)):
            if seq is not None and len(seq) != n:
                raise InputError(f"{name} has {len(seq)} values for {n} texts.")
        acts: list[list[str]] = []
        for a in actors or [[]] * n:
            acts.append(_resolve_actors(a, ()) if a else [])
        meta = pl.DataFrame(
            {
                "doc_id": list(doc_ids)
                if doc_ids is not None
                else [f"doc{i + 1}" for i in range(n)],
                "actors": acts,
                "date": [None] * n,
                "year": list(years) if years is not None else [None] * n,
                "title": list(titles) if titles is not None else [None] * n,
                "source": [source] * n,
            },
            schema=META,
        )
        return cls(meta=meta, texts=tuple(texts))

    # -- access -------------------------------------------------------------------------

    def __len__(self) -> int:
        return len(self.texts)

    def __iter__(self) -> Iterator[Document]:
        for i in range(len(self)):
            yield self[i]

    def __getitem__(self, key: int | str) -> Document:
        if isinstance(key, str):
            idx = self.meta["doc_id"].index_of(key)
            if idx is None:
                raise InputError(f"no document '{key}' in the corpus.")
            key = int(idx)
        row = self.meta.row(key, named=True)
        return Document(
            doc_id=row["doc_id"],
            text=self.texts[key],
            actors=tuple(row["actors"] or ()),
            year=row["year"],
            date=row["date"],
            title=row["title"],
            source=row["source"],
        )

    def __repr__(self) -> str:
        years = self.meta["year"].drop_nulls()
        span = f", years {years.min()}–{years.max()}" if len(years) else ""
        n_act = self.meta["actors"].explode().drop_nulls().n_unique()
        return f"Corpus({len(self)} documents, {n_act} actors{span})"

    @property
    def actors(self) -> pl.Series:
        """Each document's single actor (``None`` when it has none or several)."""
        return self.meta.select(
            pl.when(pl.col("actors").list.len() == 1)
            .then(pl.col("actors").list.first())
            .alias("actor")
        ).to_series()

    def take(self, indices: Sequence[int]) -> Corpus:
        """A new corpus of the documents at *indices* (in that order)."""
        idx = [int(i) for i in indices]
        return Corpus(
            meta=self.meta[idx] if idx else self.meta.clear(),
            texts=tuple(self.texts[i] for i in idx),
            sources=self.sources,
            issues=self.issues,
        )

    def filter(self, *, actors: Any = None, years: Any = None, docs: Any = None) -> Corpus:
        """Keep documents by actor (any of a document's actors), year or doc_id.

        Parameters
        ----------
        actors : str, int or iterable, optional
            Countries as people type them (``"RUS"``, ``"Russia"``, ``365``).
        years : int, (first, last), range or iterable, optional
        docs : str or iterable of str, optional
            doc_id values.

        Raises
        ------
        CoverageError
            When nothing is left.
        """
        mask = pl.lit(True)
        if actors is not None:
            codes = _resolve_actors(actors, self.meta["actors"].explode().drop_nulls().unique())
            mask &= pl.col("actors").list.eval(pl.element().is_in(codes)).list.any()
        if years is not None:
            mask &= _year_expr(parse_years(years))
        if docs is not None:
            ids = [docs] if isinstance(docs, str) else list(docs)
            mask &= pl.col("doc_id").is_in(ids)
        idx = self.meta.with_row_index("_i").filter(mask)["_i"].to_list()
        if not idx:
            raise CoverageError(
                f"no document in the corpus matches actors={actors!r}, years={years!r}"
                + (f", docs={docs!r}" if docs is not None else "")
                + f"; the corpus has {self!r}."
            )
        return self.take(idx)


def load_ungdc(*, years: Any = None, actors: Any = None) -> Corpus:
    """The UN General Debate speeches (1946–2024) from the cache.

    Parameters
    ----------
    years : int, (first, last), range or iterable, optional
    actors : countries, optional
        ISO3 codes or anything :func:`accord.countries.resolve` accepts; the corpus' own
        codes (``"EU"``, ``"YUG"``, ``"DDR"``) are accepted as they are.

    Returns
    -------
    Corpus
        One document per speech: ``doc_id`` like ``"RUS_74_2019"``, one actor, ``year``,
        ``session``; ``date`` is empty (the corpus gives none).

    Raises
    ------
    NotCachedError
        The corpus is not in the cache: ``accord data pull ungdc`` fetches it.
    CoverageError
        Nothing matches the filters.

    Notes
    -----
    Country codes are the corpus' own: the Soviet Union's speeches are RUS, the China
    seat is CHN throughout (Republic of China to 1970, PRC from 1971).

    References
    ----------
    Jankin, Baturo and Dasandi (2025), Journal of Peace Research; Baturo, Dasandi and
    Mikhaylov (2017), Research & Politics. Data: Harvard Dataverse doi:10.7910/DVN/0TJX8Y.

    Examples
    --------
    >>> c = load_ungdc(years=2019, actors=["RUS", "CHN"])  # doctest: +SKIP
    >>> c.meta["doc_id"].to_list()  # doctest: +SKIP
    ['CHN_74_2019', 'RUS_74_2019']
    """
    from accord import data
    from accord.data.cache import expected

    file = data.path(DATASET_ID)
    ds = data.get(DATASET_ID)
    f = expected(ds, ds.files[0])
    lf = pl.scan_parquet(file)
    if years is not None:
        lf = lf.filter(_year_expr(parse_years(years)))
    if actors is not None:
        known = pl.scan_parquet(file).select(pl.col("country_iso3").unique()).collect()
        codes = _resolve_actors(actors, known.to_series())
        lf = lf.filter(pl.col("country_iso3").is_in(codes))
    df = lf.sort("year", "country_iso3").collect()
    if df.height == 0:
        raise CoverageError(
            f"no UN General Debate speech matches years={years!r}, actors={actors!r}; the "
            "corpus covers 1946–2024 (sessions 1–79)."
        )
    meta = df.select(
        pl.col("filename").str.replace(r"\.txt$", "").alias("doc_id"),
        pl.concat_list(pl.col("country_iso3")).alias("actors"),
        pl.lit(None, dtype=pl.Date).alias("date"),
        pl.col("year").cast(pl.Int64),
        pl.format("UN General Debate, session {} ({})", "session", "year").alias("title"),
        pl.lit(DATASET_ID).alias("source"),
        pl.col("session").cast(pl.Int64),
    )
    src = SourceRef(id=ds.id, version=ds.version, sha256={f.name: f.sha256})
    return Corpus(meta=meta, texts=tuple(df["text"].to_list()), sources=(src,))
