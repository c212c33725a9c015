"""The words section: what A and B say in the UN General Debate, against everyone else.

From the UN General Debate Corpus (cached with ``accord data pull ungdc``):

- **similarity** of A's and B's speeches each year (cosine of TF-IDF vectors over the
  speeches since the start year) and its percentile among all pairs of states that year,
  with the same for the reference pairs (each power with the United States), so that
  "high" has a comparison: long speeches of great powers share vocabulary with everyone;
- **distinctive terms** of A against B over the last five years (Monroe et al. log-odds
  with an informative Dirichlet prior, the counts shown);
- **value language** (accord's ``values`` dictionary) and **agenda** (``agenda``) of A, B
  and the reference power over the last five years, per 10,000 words;
- **mentions** of the region's states by A and by B, per year and per 10,000 words.

Without the corpus in the cache the section is "skipped" and says which command pulls it.
"""

from __future__ import annotations

import polars as pl

from accord import countries as _countries
from accord.assess.scorecard import Indicator, Section
from accord.errors import CoverageError, NotCachedError
from accord.stats import trend as theil_sen

__all__ = ["words_section", "REFERENCE", "RECENT_YEARS"]

#: The reference power the pairs are compared with (as in the votes section).
REFERENCE = "USA"
#: The window of the distinctive terms, value and agenda profiles and mentions.
RECENT_YEARS = 5
TITLE = "Words (UN General Debate speeches)"
_SOURCE = "UN General Debate Corpus (Jankin, Baturo & Dasandi)"
_VALUES_SHOWN = ("democracy", "human_rights", "sovereignty", "non_interference")
_VALUES_SHOWN += ("territorial_integrity", "multipolarity", "mutual_respect", "multilateralism")


def similarity_cached(corpus, since: int) -> pl.DataFrame:
    """:func:`accord.texts.similarity` of the corpus since *since*, kept in the cache.

    The all-pairs table of every year takes a few seconds to compute; it is stored under
    ``<cache>/derived/`` with its provenance, keyed by the corpus file's SHA-256, the start
    year and the accord version, so a second ``accord assess`` reads it instead. A file that
    cannot be read is computed again; a cache that cannot be written is not an error.
    """
    import json

    from accord import __version__, texts
    from accord._atomic import write_atomic
    from accord.data.cache import cache_dir
    from accord.provenance import Provenance, attach, provenance_of

    digest = "".join(sorted(d for src in corpus.sources for d in src.sha256.values()))
    if not digest:
        return texts.similarity(corpus)
    folder = cache_dir() / "derived"
    stem = f"ungdc-similarity-{digest[:16]}-since{since}-accord{__version__}"
    table, meta = folder / f"{stem}.parquet", folder / f"{stem}.json"
    if table.is_file() and meta.is_file():
        try:
            prov = Provenance.from_dict(json.loads(meta.read_text(encoding="utf-8")))
            return attach(pl.read_parquet(table), prov)
        except Exception:  # noqa: BLE001 - a damaged cache file: compute it again
            pass
    sim = texts.similarity(corpus)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        prov = provenance_of(sim)
        write_atomic(table, sim.write_parquet)
        write_atomic(meta, lambda f: f.write_text(json.dumps(prov.to_dict()), encoding="utf-8"))
    except OSError:  # a read-only cache: the result is still right, only not kept
        pass
    return sim


def _pairs(a: str, b: str) -> list[tuple[str, str]]:
    pairs = [(a, b)]
    for p in (a, b):
        if p != REFERENCE and {p, REFERENCE} != {a, b}:
            pairs.append((p, REFERENCE))
    return pairs


def _skipped(note: str) -> Section:
    return Section(id="words", title=TITLE, status="skipped", note=note)


def words_section(a: str, b: str, members: list[str], *, since: int = 1992) -> Section:
    """The words section of the scorecard (see the module docstring)."""
    from accord import texts

    try:
        corpus = texts.load_ungdc(years=(since, 9999))
    except NotCachedError:
        return _skipped(
            "The UN General Debate Corpus is not in the cache: `accord data pull ungdc` "
            "fetches it (about 70 MB; CC0), then run accord assess again."
        )
    actors = set(corpus.actors.drop_nulls().to_list())
    missing = [p for p in (a, b) if p not in actors]
    if missing:
        return _skipped(
            f"No UN General Debate speeches by {', '.join(missing)} since {since} in the corpus."
        )
    name_a, name_b = _countries.name(a), _countries.name(b)
    in_a, in_b = _countries.sentence_name(a), _countries.sentence_name(b)
    pos_a, pos_b = _countries.possessive(in_a), _countries.possessive(in_b)
    pairs = _pairs(a, b)

    # Similarity: every pair of states each year (percentiles among all of them).
    sim = similarity_cached(corpus, since)
    provenance = []
    from accord.provenance import provenance_of

    if (p := provenance_of(sim)) is not None:
        provenance.append(p)
    band = (
        sim.group_by("year")
        .agg(
            *(pl.col("value").quantile(q / 100).alias(f"p{q}") for q in (10, 25, 50, 75, 90)),
            pl.len().alias("n_pairs"),
        )
        .sort("year")
    )
    series = []
    for x, y in pairs:
        lo, hi = sorted((x, y))
        s = sim.filter((pl.col("iso3_a") == lo) & (pl.col("iso3_b") == hi)).with_columns(
            pl.lit(x).alias("iso3_a"), pl.lit(y).alias("iso3_b")
        )
        series.append(s.select("iso3_a", "iso3_b", "year", "value", "percentile", "n_pairs"))
    ab = series[0].sort("year")
    refs = pl.concat(series[1:]).sort("iso3_a", "iso3_b", "year") if len(series) > 1 else None
    if ab.height == 0:
        return _skipped(f"{in_a} and {in_b} never both spoke in the same year since {since}.")

    indicators, summary, tables, figures = [], [], {}, {}
    last = ab.row(ab.height - 1, named=True)
    caveat = (
        "speeches in their English versions; long speeches of great powers share vocabulary "
        "with everyone, so compare with the reference pairs"
    )
    indicators.append(
        Indicator(
            id="words.ab.latest",
            label=f"{a}–{b} speech similarity (cosine of TF-IDF), {last['year']}",
            value=last["value"],
            unit="cosine",
            n=last["n_pairs"],
            n_label="pairs of states that year",
            baseline=f"all pairs of states' speeches, {last['year']}",
            percentile=last["percentile"],
            caveat=caveat,
            details={"year": last["year"]},
        )
    )
    trend = theil_sen(ab["year"].to_numpy(), ab["value"].to_numpy())
    median_pct = float(ab["percentile"].median())
    span = f"{ab['year'].min()}–{ab['year'].max()}"
    indicators.append(
        Indicator(
            id="words.ab.mean_since",
            label=f"{a}–{b} mean speech similarity, {span}",
            value=float(ab["value"].mean()),
            unit="cosine",
            n=ab.height,
            n_label="years both spoke",
            baseline="median percentile among all pairs of each year",
            percentile=median_pct,
            direction=None if trend is None else trend.direction,
            caveat=None
            if trend is None
            else (
                f"Theil–Sen slope {trend.slope:+.3f} per decade "
                f"(95% CI {trend.ci_low:+.3f} to {trend.ci_high:+.3f})"
            ),
            details={"first_year": ab["year"].min(), "last_year": ab["year"].max()},
        )
    )
    ref_rows = []
    if refs is not None:
        for (x, y), g in refs.group_by(["iso3_a", "iso3_b"], maintain_order=True):
            pct = float(g["percentile"].median())
            ref_rows.append((x, y, float(g["value"].mean()), pct, g.height))
            indicators.append(
                Indicator(
                    id=f"words.ref.{x}-{y}.mean_since",
                    label=f"{x}–{y} mean speech similarity, {span} (reference pair)",
                    value=float(g["value"].mean()),
                    unit="cosine",
                    n=g.height,
                    n_label="years both spoke",
                    baseline="median percentile among all pairs of each year",
                    percentile=pct,
                )
            )
    summary.append(
        f"{pos_a} and {pos_b} General Debate speeches had a cosine similarity of "
        f"{last['value']:.2f} in {last['year']}: percentile {last['percentile']:.0f} among the "
        f"{last['n_pairs']:,} pairs of states that year. Since {ab['year'].min()}: median "
        f"percentile {median_pct:.0f}"
        + ("." if trend is None else f", {_trend_words(trend.direction)}.")
    )
    if ref_rows:
        refs_text = "; ".join(f"{x}–{y} {pct:.0f}" for x, y, _, pct, _ in ref_rows)
        summary.append(
            f"Reference pairs (median percentile over the same years): {refs_text}. Great "
            "powers' long speeches resemble everyone's, so the comparison is with these pairs."
        )
    tables["ab_by_year"] = ab
    if refs is not None:
        tables["reference_series"] = refs
        tables["reference_pairs"] = pl.DataFrame(
            ref_rows,
            schema=["iso3_a", "iso3_b", "mean", "median_pct", "n_years"],
            orient="row",
        )
    tables["all_pairs_band"] = band
    figures["ab_by_year"] = (
        f"{name_a}–{name_b} speech similarity was at percentile {last['percentile']:.0f} of all "
        f"pairs in {last['year']} (median {median_pct:.0f} since {ab['year'].min()})"
    )

    # The recent window: distinctive terms, value and agenda language, mentions.
    first_recent = max(since, int(corpus.meta["year"].max()) - RECENT_YEARS + 1)
    recent_years = (first_recent, int(corpus.meta["year"].max()))
    speakers = [a, b] + ([REFERENCE] if REFERENCE not in (a, b) else [])
    recent = corpus.filter(actors=speakers, years=recent_years)
    window = f"{recent_years[0]}–{recent_years[1]}"
    ab_docs = recent.filter(actors=[a, b])
    try:
        d = texts.dfm(ab_docs, stopwords="en")
        key = texts.keyness(d, pl.col("actor") == a, reference=pl.col("actor") == b)
    except (CoverageError, ValueError):
        key = None
    if key is not None and key.height:
        top = pl.concat(
            [
                key.filter(pl.col("z") > 0).sort("z", descending=True).head(10),
                key.filter(pl.col("z") < 0).sort("z").head(10),
            ]
        ).select(
            pl.col("feature").alias("term"),
            pl.when(pl.col("z") > 0).then(pl.lit(a)).otherwise(pl.lit(b)).alias("more_by"),
            pl.col("n_target").alias(f"n_{a}"),
            pl.col("n_reference").alias(f"n_{b}"),
            "z",
        )
        tables["distinctive_terms"] = top
        words_a = ", ".join(top.filter(pl.col("more_by") == a)["term"].head(6).to_list())
        words_b = ", ".join(top.filter(pl.col("more_by") == b)["term"].head(6).to_list())
        summary.append(
            f"Distinctive terms {window} (log-odds with an informative prior): {in_a} says "
            f"more often {words_a}; {in_b} {words_b}."
        )
    values = texts.profile(recent, "values", by=["actor_iso3"])
    agenda = texts.profile(recent, "agenda", by=["actor_iso3"])
    every_year = corpus.filter(actors=speakers)  # per actor and year, since the start year
    for name in ("values", "agenda"):
        tables[f"{name}_by_year"] = texts.profile(
            every_year, name, by=["actor_iso3", "year"]
        ).rename({"actor_iso3": "iso3"})
    for result in (key, values, agenda):
        if result is not None and (p := provenance_of(result)) is not None:
            provenance.append(p)
    tables["values_profile"] = values.rename({"actor_iso3": "iso3"})
    tables["agenda_profile"] = agenda.rename({"actor_iso3": "iso3"})
    tables["values_by_actor"] = wide_profile(values, columns=speakers)
    tables["agenda_by_actor"] = wide_profile(agenda, columns=speakers)
    figures["agenda_profile"] = _agenda_finding(agenda, a, b, window)
    figures["values_profile"] = _values_finding(values, a, b, window)
    for p in (a, b):
        row = values.filter(
            (pl.col("actor_iso3") == p) & pl.col("category").is_in(["democracy", "human_rights"])
        )
        if row.height:
            indicators.append(
                Indicator(
                    id=f"words.values.democracy_rights.{p}",
                    label=f"{p}: 'democracy' and 'human rights' language, {window}",
                    value=float(row["count"].sum() / row["n_words"][0] * 10_000),
                    unit="per 10,000 words",
                    n=int(row["n_words"][0]),
                    n_label="words spoken",
                    baseline="accord's values dictionary (categories democracy, human_rights)",
                )
            )
    # Mentions of the region's states and of the other power, per year.
    ment = texts.mentions(
        corpus.filter(actors=[a, b]),
        by=["actor_iso3", "year"],
        countries=list(dict.fromkeys([*members, a, b])),
    ).filter(pl.col("mentioned_iso3") != pl.col("actor_iso3"))  # a state naming itself
    if (p := provenance_of(ment)) is not None:
        provenance.append(p)
    tables["mentions"] = ment.rename({"actor_iso3": "iso3"})
    recent_ment = ment.filter(pl.col("year") >= recent_years[0])
    words_by = dict(
        recent_ment.group_by("actor_iso3", "year")
        .agg(pl.col("n_words").first())
        .group_by("actor_iso3")
        .agg(pl.col("n_words").sum())
        .iter_rows()
    )
    if members:
        per_year = (
            ment.filter(pl.col("mentioned_iso3").is_in(members))
            .group_by("actor_iso3", "year")
            .agg(pl.col("count").sum(), pl.col("n_words").first())
            .with_columns((pl.col("count") / pl.col("n_words") * 10_000).alias("per_10k"))
            .sort("actor_iso3", "year")
            .rename({"actor_iso3": "iso3"})
        )
        tables["mentions_by_year"] = per_year
        parts = []
        for p, who in ((a, in_a), (b, in_b)):
            ind = _mentions_indicator(
                recent_ment, words_by, p, pl.col("mentioned_iso3").is_in(members),
                id=f"words.mentions.region.{p}",
                label=f"{p}'s mentions of the region's states, {window}",
                baseline="names, adjectives and demonyms of each member",
            )  # fmt: skip
            indicators.append(ind)
            parts.append(f"{who} {ind.n} times ({_per10k(ind.value)})")
        summary.append(f"Mentions of the region's states in {window}: " + "; ".join(parts) + ".")
        figures["mentions_by_year"] = _mentions_finding(per_year, a, b, in_a, in_b)
    parts = []
    for p, other, who, whom in ((a, b, in_a, in_b), (b, a, in_b, in_a)):
        ind = _mentions_indicator(
            recent_ment, words_by, p, pl.col("mentioned_iso3") == other,
            id=f"words.mentions.other.{p}",
            label=f"{p}'s mentions of {other}, {window}",
            baseline="names, adjectives and demonyms",
        )  # fmt: skip
        indicators.append(ind)
        parts.append(f"{who} named {whom} {ind.n} times ({_per10k(ind.value)})")
    summary.append(f"Mentions of each other in {window}: " + "; ".join(parts) + ".")
    summary.append(
        "Similar words are alignment of discourse, not coordination: states that share "
        "positions speak alike without consulting each other."
    )
    return Section(
        id="words",
        title=TITLE,
        status="ok",
        summary=tuple(summary),
        indicators=tuple(indicators),
        tables=tables,
        provenance=tuple(provenance),
        note=f"{_SOURCE}, speeches {ab['year'].min()}–{ab['year'].max()}; TF-IDF over the "
        f"speeches since {since}.",
        figures=figures,
    )


def wide_profile(
    profile: pl.DataFrame, id_col: str = "actor_iso3", columns: list[str] | None = None
) -> pl.DataFrame:
    """A dictionary profile with categories as rows (in the dictionary's order) and one
    column of per-10,000-word rates per speaker or document (*columns*: which, in order)."""
    order = list(dict.fromkeys(profile["category"].to_list()))
    wide = profile.pivot(on=id_col, index="category", values="per_10k")
    cols = [c for c in (columns or wide.columns) if c in wide.columns and c != "category"]
    return (
        wide.with_columns(pl.col("category").replace_strict(order, range(len(order))).alias("_o"))
        .sort("_o")
        .select("category", *cols)
    )


def _agenda_finding(agenda: pl.DataFrame, a: str, b: str, window: str) -> str:
    def top(p: str) -> str:
        g = agenda.filter(pl.col("actor_iso3") == p).sort("per_10k", descending=True).head(3)
        return ", ".join(c.replace("_", " ") for c in g["category"].to_list())

    return f"Most-spoken agenda topics, {window}: {a} {top(a)}; {b} {top(b)}"


def _mentions_indicator(
    mentions: pl.DataFrame,
    words_by: dict[str, int],
    speaker: str,
    mentioned: pl.Expr,
    *,
    id: str,
    label: str,
    baseline: str,
) -> Indicator:
    """How often *speaker* names the countries *mentioned* selects: the count and the rate
    per 10,000 of the speaker's words (``None`` when it said nothing)."""
    total = int(mentions.filter((pl.col("actor_iso3") == speaker) & mentioned)["count"].sum())
    words = words_by.get(speaker, 0)
    return Indicator(
        id=id,
        label=label,
        value=total / words * 10_000 if words else None,
        unit="per 10,000 words",
        n=total,
        n_label="mentions",
        baseline=baseline,
    )


def _trend_words(direction: str) -> str:
    return "no clear trend" if direction == "no clear trend" else f"similarity {direction}"


def _per10k(rate: float | None) -> str:
    return "no words" if rate is None else f"{rate:.1f} per 10,000 words"


def _values_finding(values: pl.DataFrame, a: str, b: str, window: str) -> str:
    def rate(p: str, cats: tuple[str, ...]) -> float:
        g = values.filter((pl.col("actor_iso3") == p) & pl.col("category").is_in(cats))
        return float(g["count"].sum() / g["n_words"][0] * 10_000) if g.height else 0.0

    liberal = ("democracy", "human_rights")
    sovereign = ("sovereignty", "non_interference", "territorial_integrity")
    la, lb = rate(a, liberal), rate(b, liberal)
    sa, sb = rate(a, sovereign), rate(b, sovereign)
    return (
        f"'Democracy' and 'human rights' per 10,000 words, {window}: {a} {la:.1f}, {b} "
        f"{lb:.1f}; sovereignty language: {a} {sa:.1f}, {b} {sb:.1f}"
    )


def _mentions_finding(per_year: pl.DataFrame, a: str, b: str, in_a: str, in_b: str) -> str:
    tot = {p: int(per_year.filter(pl.col("iso3") == p)["count"].sum()) for p in (a, b)}
    span = f"{per_year['year'].min()}–{per_year['year'].max()}" if per_year.height else ""
    if tot[a] == tot[b]:
        return f"{in_a} and {in_b} named the region's states equally often ({span})"
    (more, n_more), (_, n_less) = sorted(
        ((in_a, tot[a]), (in_b, tot[b])), key=lambda x: x[1], reverse=True
    )
    return f"{more} named the region's states more often: {n_more} against {n_less} ({span})"
