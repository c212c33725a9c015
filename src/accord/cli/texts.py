"""``accord texts …``: speeches and statements as evidence.

Each command reads the UN General Debate Corpus from the cache (``--corpus ungdc``, the
default) or a folder of your documents (``--docs FOLDER``), calls one function of
:mod:`accord.texts` and writes a table to stdout (CSV) or ``--out FILE``.
"""

from __future__ import annotations

import re
import warnings
from pathlib import Path
from typing import Any

import polars as pl
import typer

from accord.cli._common import OUT_FORMATS, check_out, info, split_list, status, write_table
from accord.errors import InputError

app = typer.Typer(
    help="Speeches and statements: similarity, distinctive terms, value language, mentions "
    "of countries and reused passages. UN General Debate speeches (`accord data pull ungdc` "
    "first) or a folder of your documents (--docs).",
    no_args_is_help=True,
)

# ------------------------------------------------------------------ shared options

_CORPUS_HELP = "ungdc: the UN General Debate speeches 1946–2024 (the default without --docs)."
_DOCS_HELP = (
    "A folder of your documents (.txt, .md, .html; .pdf and .docx with the extras) instead "
    "of the corpus; doc_id is the file name without its extension."
)
_META_HELP = (
    "With --docs: a CSV with doc_id, date (YYYY-MM-DD), actors (ISO3 or names, ';'-separated),"
    " title, source."
)
_ACTORS_HELP = "Countries or groups, comma-separated, e.g. RUS,CHN,central-asia."
_YEARS_HELP = "A year or a range, e.g. 2019 or 2010-2019."
_OUT_HELP = "Write .csv, .parquet or .json instead of CSV to stdout."

CORPORA = ("ungdc",)


def _years(value: str | None) -> tuple[int, int] | None:
    """``"2019"`` or ``"2010-2019"`` as (first, last); one clear line otherwise."""
    if value is None:
        return None
    m = re.fullmatch(r"\s*(\d{4})\s*(?:[-:–]\s*(\d{4}))?\s*", value)
    if not m:
        raise InputError(
            f"--years '{value}' is not understood; give a year (2019) or a range (2010-2019)."
        )
    first, last = int(m[1]), int(m[2] or m[1])
    if first > last:
        raise InputError(f"--years '{value}' runs backwards; use {last}-{first}.")
    return first, last


def _codes(item: str, known: set[str] | None = None) -> list[str] | None:
    """ISO3 codes of one typed item (a corpus code, a group or a country), None if unknown."""
    from accord import countries

    text = item.strip()
    if known is not None and text.upper() in known:
        return [text.upper()]
    try:
        return list(countries.group(text))
    except InputError:
        pass
    try:
        return [countries.resolve(text)]
    except InputError:
        return None


def _expand(items: list[str] | None, where: str, known: set[str] | None = None) -> list[str]:
    """Countries and groups (``RUS,central-asia``) as ISO3 codes, in order, no repeats."""
    out: list[str] = []
    for item in items or []:
        codes = _codes(item, known)
        if codes is None:
            raise _unknown(item.strip(), where)
        out += [c for c in codes if c not in out]
    return out


def _unknown(text: str, where: str) -> InputError:
    """The country resolver's message, or the group resolver's when only it has a hint."""
    from accord import countries

    errors = []
    for resolve in (countries.resolve, countries.resolve_group):
        try:
            resolve(text, where=where)
        except InputError as exc:
            errors.append(exc)
    hinted = [e for e in errors if "Did you mean" in str(e)]
    return (hinted or errors)[0]


def _ungdc_codes() -> set[str]:
    """Country codes present in the cached corpus (``EU``, ``YUG`` … included)."""
    from accord import data

    file = data.path("ungdc")
    return set(pl.scan_parquet(file).select(pl.col("country_iso3").unique()).collect().to_series())


def _source(corpus: str | None, docs: Path | None) -> str:
    if docs is not None and corpus is not None:
        raise InputError("give --corpus or --docs, not both.")
    if docs is not None:
        return "docs"
    if corpus is not None and corpus.lower() not in CORPORA:
        raise InputError(f"--corpus '{corpus}' is not known; use one of {', '.join(CORPORA)}.")
    return "ungdc"


def _read_docs(docs: Path, metadata: Path | None) -> Any:
    from accord import texts

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        c = texts.read_documents(docs, metadata=metadata)
    for w in caught:
        info(f"warning: {w.message}")
    return c


def _load(
    corpus: str | None,
    docs: Path | None,
    metadata: Path | None,
    years: str | None,
    actors: list[str] | None,
) -> tuple[Any, str]:
    """The corpus to work on, and a word for its documents ("speeches" or "documents")."""
    from accord import texts

    kind = _source(corpus, docs)
    span = _years(years)
    if kind == "ungdc":
        codes = _expand(actors, "--actors", _ungdc_codes()) if actors else None
        c = texts.load_ungdc(years=span, actors=codes)
        _missing(codes, c, span)
        return c, "speeches"
    if metadata is not None and docs is None:
        raise InputError("--metadata goes with --docs FOLDER.")
    c = _read_docs(docs, metadata)  # type: ignore[arg-type]
    codes = _expand(actors, "--actors") if actors else None
    if codes or span:
        c = c.filter(actors=codes, years=span)
    return c, "documents"


def _missing(codes: list[str] | None, c: Any, span: tuple[int, int] | None) -> None:
    if not codes:
        return
    have = set(c.meta["actors"].explode().drop_nulls().to_list())
    lacking = [x for x in codes if x not in have]
    if lacking:
        when = "" if span is None else f" in {_span_text(span)}"
        info(f"warning: no speech of {', '.join(lacking)}{when} in the corpus.")


def _span_text(span: tuple[int, int]) -> str:
    return str(span[0]) if span[0] == span[1] else f"{span[0]}–{span[1]}"


def _check_out(out: Path | None) -> None:
    """Refuse an unusable --out before the work rather than after it."""
    if out is not None:
        check_out(out, OUT_FORMATS)


def _plural(n: int, word: str) -> str:
    return f"{n:,} {word}" + ("" if n == 1 else "s")


def _reading(c: Any, noun: str) -> None:
    years = c.meta["year"].drop_nulls()
    span = f" ({_span_text((years.min(), years.max()))})" if len(years) else ""
    info(f"reading {len(c):,} {noun}{span} …")


def _in_actors(codes: list[str]) -> pl.Expr:
    return pl.col("actors").list.eval(pl.element().is_in(codes)).list.any()


# ------------------------------------------------------------------ similarity


def _split_pair(text: str, side: Any) -> tuple[Any, Any]:
    """Split ``A-B`` at the hyphen where both sides are known (names may hold hyphens)."""
    parts = text.split("-")
    for i in range(1, len(parts)):
        a, b = "-".join(parts[:i]), "-".join(parts[i:])
        sa, sb = side(a), side(b)
        if sa is not None and sb is not None:
            return sa, sb
    raise InputError(
        f"--pairs '{text}' is not two known names joined by '-'; use e.g. RUS-CHN "
        "(or two doc_ids with --docs)."
    )


_SIM_MEASURES = ("cosine", "correlation", "jaccard")


@app.command("similarity")
def similarity_cmd(
    corpus: str | None = typer.Option(None, "--corpus", help=_CORPUS_HELP),
    docs: Path | None = typer.Option(None, "--docs", help=_DOCS_HELP),
    metadata: Path | None = typer.Option(None, "--metadata", help=_META_HELP),
    actors: str | None = typer.Option(
        None, "--actors", help=_ACTORS_HELP + " Every pair among them."
    ),
    years: str | None = typer.Option(None, "--years", help=_YEARS_HELP),
    measure: str = typer.Option(
        "cosine", "--measure", "-m", help="cosine, correlation or jaccard."
    ),
    pairs: str | None = typer.Option(
        None,
        "--pairs",
        help="Only these pairs, comma-separated: RUS-CHN,RUS-USA (a side may be a group: "
        "RUS-central-asia). With --docs: doc_a-doc_b.",
    ),
    out: Path | None = typer.Option(None, "--out", "-o", help=_OUT_HELP),
) -> None:
    """Similarity of every pair of actors per year (corpus) or of documents (--docs).

    Speeches are counted without English stopwords, summed per actor-year and weighted by
    TF-IDF (smooth idf, L2 norm) over all the actor-years loaded. The percentile places a
    pair among ALL pairs of speakers of its year in the corpus (100 = the most similar pair
    of that year): --actors and --pairs only choose which rows are shown; the measure and
    its percentile are always computed on the whole year, so they do not change with the
    actors you ask for. With --docs the percentile is among all pairs of documents read.
    """
    from accord import texts

    _check_out(out)

    kind = _source(corpus, docs)
    if measure not in _SIM_MEASURES:
        raise InputError(
            f"--measure '{measure}' is not known; use one of {', '.join(_SIM_MEASURES)}."
        )
    wanted = split_list(actors)
    if wanted and pairs:
        raise InputError("give --actors (every pair among them) or --pairs, not both.")
    if kind == "ungdc":
        known = _ungdc_codes()
        span = _years(years)
        codes = _expand(wanted, "--actors", known) if wanted else None
        c = texts.load_ungdc(years=span)
        _missing(codes, c, span)
        pair_list = None
        if pairs:
            pair_list = []
            for p in split_list(pairs) or []:
                sa, sb = _split_pair(p, lambda s: _codes(s, known))
                pair_list += [(a, b) for a in sa for b in sb if a != b]
        _reading(c, "speeches")
        with status("tokens, TF-IDF and the similarity of every pair"):
            df = texts.similarity(c, measure=measure, by="year", pairs=pair_list)
        if codes:
            df = df.filter(pl.col("iso3_a").is_in(codes) & pl.col("iso3_b").is_in(codes))
        df = df if pair_list else df.sort("year", "iso3_a", "iso3_b")
    else:
        c, _ = _load(None, docs, metadata, years, None)
        ids = set(c.meta["doc_id"].to_list())
        pair_list = None
        if pairs:
            pair_list = [
                _split_pair(p, lambda s: s if s in ids else None) for p in split_list(pairs) or []
            ]
        _reading(c, "documents")
        with status("tokens, TF-IDF and the similarity of every pair"):
            df = texts.similarity(c, measure=measure, by=None, pairs=pair_list)
        if wanted:
            codes = _expand(wanted, "--actors")
            keep = c.meta.filter(_in_actors(codes))["doc_id"].to_list()
            if not keep:
                raise InputError(
                    f"no document has an actor among {', '.join(codes)}; give the actors in "
                    "the --metadata CSV."
                )
            df = df.filter(pl.col("doc_a").is_in(keep) & pl.col("doc_b").is_in(keep))
    write_table(df, out)


# ------------------------------------------------------------------ keyness


def _side(label: str, c: Any, kind: str, known: set[str] | None) -> tuple[pl.Expr, list[str]]:
    """The documents of one side of a comparison: doc_ids (with --docs) or actors."""
    items = split_list(label) or []
    if not items:
        raise InputError("give the two sides to compare, e.g. `accord texts keyness USA RUS`.")
    ids = set(c.meta["doc_id"].to_list()) if kind == "docs" else set()
    doc_ids = [i for i in items if i in ids]
    rest = [i for i in items if i not in ids]
    codes = _expand(rest, "keyness", known) if rest else []
    expr = pl.lit(False)
    if doc_ids:
        expr |= pl.col("doc_id").is_in(doc_ids)
    if codes:
        expr |= _in_actors(codes)
    return expr, codes


_KEYNESS_STAT = {"logodds": "z", "chi2": "chi2", "lr": "G2"}


def _no_overlap(ca: list[str], cb: list[str], a: str, b: str) -> None:
    both = [x for x in ca if x in cb]
    if both:
        raise InputError(
            f"{', '.join(both)} is on both sides ({a} vs {b}); the two sides must not overlap."
        )


@app.command("keyness")
def keyness_cmd(
    a: str = typer.Argument(
        ..., help="Target: countries or groups (RUS, central-asia), or doc_ids with --docs."
    ),
    b: str = typer.Argument(..., help="Reference, the same way (comma-separated for several)."),
    corpus: str | None = typer.Option(None, "--corpus", help=_CORPUS_HELP),
    docs: Path | None = typer.Option(None, "--docs", help=_DOCS_HELP),
    metadata: Path | None = typer.Option(None, "--metadata", help=_META_HELP),
    years: str | None = typer.Option(None, "--years", help=_YEARS_HELP),
    measure: str = typer.Option(
        "logodds",
        "--measure",
        "-m",
        help="logodds (Monroe et al. 2008, z-scores), chi2 or lr (signed, as quanteda).",
    ),
    top: int = typer.Option(20, "--top", help="Terms shown for each side (0: all)."),
    out: Path | None = typer.Option(None, "--out", "-o", help=_OUT_HELP),
) -> None:
    """Distinctive terms of A against B, with the counts behind them.

    Counts without English stopwords, summed over A's documents and over B's. The rows are
    the --top terms most typical of A (largest statistic first), then the --top most
    typical of B (most negative first); the column distinctive_of says which.
    """
    from accord import texts

    _check_out(out)
    stat = _KEYNESS_STAT.get(measure)
    if stat is None:
        raise InputError(
            f"--measure '{measure}' is not known; use one of {', '.join(_KEYNESS_STAT)}."
        )
    if top < 0:
        raise InputError(f"--top {top} is negative; give 0 (all terms) or more.")
    kind = _source(corpus, docs)
    known = _ungdc_codes() if kind == "ungdc" else None
    if kind == "ungdc":
        ca = _expand(split_list(a), "keyness", known)
        cb = _expand(split_list(b), "keyness", known)
        _no_overlap(ca, cb, a, b)
        c, noun = _load(None, None, None, years, list(dict.fromkeys(ca + cb)))
    else:
        c, noun = _load(None, docs, metadata, years, None)
    ta, ca = _side(a, c, kind, known)
    tb, cb = _side(b, c, kind, known)
    _no_overlap(ca, cb, a, b)
    _reading(c, noun)
    d = texts.dfm(c, stopwords="en")
    df = texts.keyness(d, ta, reference=tb, measure=measure)
    df = df.with_columns(
        pl.when(pl.col(stat) >= 0).then(pl.lit(a)).otherwise(pl.lit(b)).alias("distinctive_of")
    ).select("distinctive_of", pl.exclude("distinctive_of"))
    if top:
        pos = df.filter(pl.col(stat) > 0).head(top)
        neg = df.filter(pl.col(stat) < 0).sort(stat, "feature").head(top)
        df = pl.concat([pos, neg])
    write_table(df, out)


# ------------------------------------------------------------------ profile, mentions


_BY_NAMES = {"actor": "actor_iso3", "actors": "actor_iso3", "doc": "doc_id"}
_ID_COLUMNS = ("doc_id", "actor_iso3", "year")


def _by(value: str | None) -> list[str] | None:
    items = split_list(value)
    return None if items is None else [_BY_NAMES.get(i.lower(), i.lower()) for i in items]


def _tidy(df: pl.DataFrame, by: list[str] | None) -> pl.DataFrame:
    """Per-document tables keep doc_id, actor_iso3 and year of the metadata columns."""
    if by is not None:
        return df
    drop = [c for c in ("date", "title", "source", "session") if c in df.columns]
    return df.drop(drop)


@app.command("profile")
def profile_cmd(
    dictionary: str = typer.Option(
        ..., "--dict", "-d", help="values, agenda, or a YAML dictionary of your own (PATH.yaml)."
    ),
    corpus: str | None = typer.Option(None, "--corpus", help=_CORPUS_HELP),
    docs: Path | None = typer.Option(None, "--docs", help=_DOCS_HELP),
    metadata: Path | None = typer.Option(None, "--metadata", help=_META_HELP),
    actors: str | None = typer.Option(None, "--actors", help=_ACTORS_HELP),
    years: str | None = typer.Option(None, "--years", help=_YEARS_HELP),
    by: str | None = typer.Option(
        None,
        "--by",
        help="Sum over documents sharing these, e.g. actor,year or actor (default: each document).",
    ),
    nonzero: bool = typer.Option(False, "--nonzero", help="Leave out rows with a zero count."),
    out: Path | None = typer.Option(None, "--out", "-o", help=_OUT_HELP),
) -> None:
    """Counts of a dictionary's categories and their rate per 10,000 words.

    `values`: democracy, human rights, sovereignty, non-interference, multipolarity …;
    `agenda`: security, terrorism, trade, energy, water, transport …. Within a category
    the leftmost-longest match counts once ("rule of law" is not also "law").
    """
    from accord import texts

    _check_out(out)

    c, noun = _load(corpus, docs, metadata, years, split_list(actors))
    groups = _by(by)
    _reading(c, noun)
    df = texts.profile(c, dictionary, by=groups)
    if nonzero:
        df = df.filter(pl.col("count") > 0)
    write_table(_tidy(df, groups), out)


@app.command("mentions")
def mentions_cmd(
    corpus: str | None = typer.Option(None, "--corpus", help=_CORPUS_HELP),
    docs: Path | None = typer.Option(None, "--docs", help=_DOCS_HELP),
    metadata: Path | None = typer.Option(None, "--metadata", help=_META_HELP),
    actors: str | None = typer.Option(None, "--actors", help="Whose texts: " + _ACTORS_HELP),
    mentioned: str | None = typer.Option(
        None,
        "--mentioned",
        help="Which countries to count, e.g. central-asia,RUS,CHN (default: every country).",
    ),
    years: str | None = typer.Option(None, "--years", help=_YEARS_HELP),
    by: str | None = typer.Option(
        None,
        "--by",
        help="Sum over documents sharing these (default: actor,year for the corpus, each "
        "document for --docs).",
    ),
    nonzero: bool = typer.Option(False, "--nonzero", help="Leave out rows with a zero count."),
    out: Path | None = typer.Option(None, "--out", "-o", help=_OUT_HELP),
) -> None:
    """How often each actor's texts name each country, per year: counts and per 10,000 words.

    A country is named by its name, former or official names, adjective, demonym or
    possessive ("Kazakhstan", "Kazakh", "Kazakhstani", "Russia's"); the longest match
    wins, so "South Africa" is not Africa and "Latin America" not the United States.
    """
    from accord import texts

    _check_out(out)

    c, noun = _load(corpus, docs, metadata, years, split_list(actors))
    kind = _source(corpus, docs)
    groups = _by(by)
    if groups is None and kind == "ungdc":
        groups = ["actor_iso3", "year"]
    countries = _expand(split_list(mentioned), "--mentioned") if mentioned else None
    _reading(c, noun)
    df = texts.mentions(c, countries=countries, by=groups, drop_zero=nonzero)
    write_table(_tidy(df, groups), out)


# ------------------------------------------------------------------ reuse


def _clip(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


@app.command("reuse")
def reuse_cmd(
    folder: Path | None = typer.Argument(
        None, help="A folder of your documents (the same as --docs FOLDER)."
    ),
    corpus: str | None = typer.Option(None, "--corpus", help=_CORPUS_HELP),
    docs: Path | None = typer.Option(None, "--docs", help=_DOCS_HELP),
    metadata: Path | None = typer.Option(None, "--metadata", help=_META_HELP),
    actors: str | None = typer.Option(None, "--actors", help=_ACTORS_HELP),
    years: str | None = typer.Option(None, "--years", help=_YEARS_HELP),
    min_words: int = typer.Option(
        15, "--min-words", help="Shortest passage reported, in identical words."
    ),
    window: int = typer.Option(
        40, "--window", help="Words per MinHash window; lower finds shorter passages, slower."
    ),
    width: int = typer.Option(
        60, "--width", help="Characters of each passage shown on stdout (--out keeps all)."
    ),
    out: Path | None = typer.Option(None, "--out", "-o", help=_OUT_HELP),
) -> None:
    """Passages two texts share word for word (or nearly), with character offsets.

    Word 5-gram shingles, MinHash over windows, LSH candidates (200 hashes in 40 bands:
    windows sharing about half their shingles), then Smith–Waterman alignment. One row per
    passage: the two doc_ids, score, identical words, start/end offsets in both texts and
    the passages — cut to --width characters on stdout, whole in --out files.
    """
    from accord import texts

    _check_out(out)

    if folder is not None and docs is not None and folder != docs:
        raise InputError("give the folder once: as FOLDER or as --docs, not both.")
    docs = docs or folder
    if folder is None and docs is None and corpus is None:
        raise InputError(
            "give a folder of documents (accord texts reuse FOLDER) or --corpus ungdc with "
            "--actors/--years."
        )
    if width < 2:
        raise InputError(f"--width {width} is too small; give at least 2 characters.")
    c, noun = _load(corpus, docs, metadata, years, split_list(actors))
    _reading(c, noun)
    with status("shingles, MinHash, LSH candidates and alignments"):
        df = texts.reuse(
            dict(zip(c.meta["doc_id"].to_list(), c.texts, strict=True)),
            min_words=min_words,
            window=window,
        )
    n_pairs = df.select("id_a", "id_b").n_unique()
    info(f"{_plural(df.height, 'passage')} between {_plural(n_pairs, 'pair')} of {noun}")
    if out is None and df.height:
        df = df.with_columns(
            pl.col("passage_a", "passage_b").map_elements(
                lambda s: _clip(s, width), return_dtype=pl.String
            )
        )
        info(f"passages cut to {width} characters; --out FILE keeps them whole.")
    write_table(df, out)


def register(root: typer.Typer) -> None:
    root.add_typer(app, name="texts")
