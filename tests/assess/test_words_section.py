"""The words section of the scorecard, on the real UN General Debate Corpus.

The corpus is pulled from the test mirror into a private cache (a copy of the ready
parquet, as `accord data pull ungdc` does from a mirror). The A–B similarity is checked
against scikit-learn computing the same thing independently, the mentions against a
plain regular-expression count.
"""

from __future__ import annotations

import os
import re

import numpy as np
import polars as pl
import pytest
from scipy.stats import rankdata

from accord import data
from accord.assess.words_section import words_section
from accord.errors import NotCachedError

CA = ["KAZ", "KGZ", "TJK", "TKM", "UZB"]


@pytest.fixture(scope="module")
def cache(tmp_path_factory, mirror):
    if not (mirror / "ungdc" / "ungdc_1946_2024.parquet").is_file():
        pytest.skip("the UN General Debate Corpus is not in the test mirror")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("ACCORD_CACHE", str(tmp_path_factory.mktemp("cache")))
        data.pull("ungdc", progress=False)
        yield


@pytest.fixture(scope="module")
def section(cache):
    return words_section("RUS", "CHN", CA, since=2010)


def test_skipped_without_the_corpus(tmp_path, monkeypatch):
    monkeypatch.setenv("ACCORD_CACHE", str(tmp_path))
    with pytest.raises(NotCachedError):
        from accord import texts

        texts.load_ungdc()
    sec = words_section("RUS", "CHN", CA, since=2010)
    assert sec.status == "skipped"
    assert "`accord data pull ungdc`" in sec.note


def test_similarity_matches_scikit_learn(section, mirror):
    """TF-IDF (smooth idf, L2) over the actor-year speeches since 2010, cosine of the pairs
    of 2019, percentile among them: computed here with scikit-learn from the raw texts."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    from accord.texts.tokens import stopwords, tokenize

    df = (
        pl.read_parquet(mirror / "ungdc" / "ungdc_1946_2024.parquet")
        .filter(pl.col("year") >= 2010)
        .group_by("country_iso3", "year")
        .agg(pl.col("text").str.join("\n"))
        .sort("country_iso3", "year")
    )
    stop = stopwords("en")
    vec = TfidfVectorizer(analyzer=lambda t: [w for w in tokenize(t) if w not in stop])
    x = vec.fit_transform(df["text"].to_list())
    year = df["year"].to_numpy()
    rows = np.flatnonzero(year == 2019)
    sims = (x[rows] @ x[rows].T).toarray()
    iso = df["country_iso3"].to_numpy()[rows]
    iu = np.triu_indices(len(rows), 1)
    values = sims[iu]
    ranks = rankdata(values)  # average ranks: ties counted half
    i, j = list(iso).index("CHN"), list(iso).index("RUS")
    k = np.flatnonzero((iu[0] == min(i, j)) & (iu[1] == max(i, j)))[0]
    want_value = values[k]
    want_pct = 100 * (ranks[k] - 1) / (len(values) - 1)

    ab = section.tables["ab_by_year"].filter(pl.col("year") == 2019).row(0, named=True)
    assert ab["value"] == pytest.approx(want_value, abs=1e-9)
    assert ab["percentile"] == pytest.approx(want_pct, abs=1e-9)
    assert ab["n_pairs"] == len(values)


def test_indicators_tables_and_figures(section):
    ids = {i.id for i in section.indicators}
    assert {"words.ab.latest", "words.ab.mean_since"} <= ids
    assert {"words.ref.RUS-USA.mean_since", "words.ref.CHN-USA.mean_since"} <= ids
    latest = next(i for i in section.indicators if i.id == "words.ab.latest")
    assert latest.details["year"] == 2024 and 0 <= latest.percentile <= 100
    assert "English" in latest.caveat
    terms = section.tables["distinctive_terms"]
    assert set(terms["more_by"]) == {"RUS", "CHN"} and terms.height == 20
    # The counts are shown and the side follows the sign of z.
    assert (terms.filter(pl.col("more_by") == "RUS")["z"] > 0).all()
    assert set(section.tables["values_by_actor"].columns) == {"category", "RUS", "CHN", "USA"}
    by_year = section.tables["values_by_year"]
    assert set(by_year["iso3"]) == {"RUS", "CHN", "USA"} and by_year["year"].min() == 2010
    # The window's rates are the per-year counts summed over the window.
    dem = by_year.filter(
        (pl.col("iso3") == "RUS") & (pl.col("category") == "democracy") & (pl.col("year") >= 2020)
    )
    window = section.tables["values_profile"].filter(
        (pl.col("iso3") == "RUS") & (pl.col("category") == "democracy")
    )
    assert dem["count"].sum() == window["count"][0]
    assert {"ab_by_year", "values_profile", "agenda_profile", "mentions_by_year"} <= set(
        section.figures
    )
    assert section.summary[-1].startswith("Similar words are alignment of discourse")


def test_mentions_match_a_regex_count(section, mirror):
    """Kazakhstan named in Russia's and China's speeches since 2010: accord's count against
    a plain regular expression over the raw texts (name, adjective and demonym forms)."""
    df = pl.read_parquet(mirror / "ungdc" / "ungdc_1946_2024.parquet").filter(
        pl.col("country_iso3").is_in(["RUS", "CHN"]) & (pl.col("year") >= 2010)
    )
    pattern = re.compile(r"\bKazakh(?:stan|stani|stanis|s)?\b(?:'s)?", re.IGNORECASE)
    want = sum(len(pattern.findall(t)) for t in df["text"].to_list())
    got = section.tables["mentions"].filter(pl.col("mentioned_iso3") == "KAZ")["count"].sum()
    assert got == want


def test_report_shows_the_words_charts(cache):
    from accord.assess import assess
    from accord.report.html import render_html
    from accord.report.markdown import render_markdown

    card = assess("RUS", "CHN", region="central-asia", since=2010)
    words = card.section("words")
    assert words.status == "ok"
    html = render_html(card)
    part = html[html.index('<section id="words">') : html.index('<section id="statements">')]
    assert part.count("<svg") == 4  # similarity percentile, values, agenda, mentions
    assert "percentile among all pairs" in part and "per 10,000 words" in part
    assert "words_similarity" in {f.rule for f in card.findings}
    md = render_markdown(card)
    assert "### Distinctive terms" in md
    assert os.environ.get("ACCORD_CACHE")  # the private cache, not the user's


def test_mentions_finding_names_the_power_that_mentions_more():
    from accord.assess.words_section import _mentions_finding

    per_year = pl.DataFrame({"iso3": ["USA", "GBR"], "year": [2020, 2020], "count": [43, 45]})
    text = _mentions_finding(per_year, "USA", "GBR", "the United States", "the United Kingdom")
    assert (
        text == "the United Kingdom named the region's states more often: 45 against 43 (2020–2020)"
    )


def test_similarity_is_kept_in_the_cache(section, monkeypatch):
    """The section fixture computed the all-pairs table once; a second run reads it (even
    with the computation broken), and a damaged cache file is computed again."""
    from accord import texts
    from accord.assess import words_section as ws
    from accord.data.cache import cache_dir
    from accord.provenance import provenance_of

    corpus = texts.load_ungdc(years=(2010, 9999))
    files = sorted((cache_dir() / "derived").glob("ungdc-similarity-*-since2010-*.parquet"))
    assert len(files) == 1
    fresh = texts.similarity(corpus)

    def broken(*args, **kwargs):
        raise AssertionError("computed again instead of read from the cache")

    monkeypatch.setattr(texts, "similarity", broken)
    cached = ws.similarity_cached(corpus, 2010)
    assert cached.equals(fresh)
    assert provenance_of(cached).sources == provenance_of(fresh).sources
    files[0].write_bytes(b"not parquet")  # damaged: computed again, and rewritten
    monkeypatch.undo()
    again = ws.similarity_cached(corpus, 2010)
    assert again.equals(fresh)
    assert pl.read_parquet(files[0]).equals(fresh)


def test_mentions_of_each_other(section, mirror):
    """How often Russia names China and China Russia in the last five years, against a
    regular expression over the raw texts (the compound "Russian-Chinese" is one word for
    accord's tokenizer, so the regex skips it too)."""
    df = pl.read_parquet(mirror / "ungdc" / "ungdc_1946_2024.parquet").filter(
        pl.col("country_iso3").is_in(["RUS", "CHN"]) & (pl.col("year") >= 2020)
    )
    patterns = {
        "RUS": re.compile(r"(?<![\w-])(?:China|Chinese|PRC)(?:'s)?(?![\w-])"),
        "CHN": re.compile(r"(?<![\w-])(?:Russia|Russian|Russians|Soviet)(?:'s)?(?![\w-])"),
    }
    ind = {i.id: i for i in section.indicators}
    for who, pattern in patterns.items():
        texts_ = df.filter(pl.col("country_iso3") == who)["text"].to_list()
        assert ind[f"words.mentions.other.{who}"].n == sum(len(pattern.findall(t)) for t in texts_)
    assert any(
        s.startswith("Mentions of each other in 2020–2024: Russia named China")
        for s in section.summary
    )
