"""Mentions: how often texts name each country, per document or actor-year.

A country is named by its short or official name, other names (former, colloquial,
abbreviations of three letters or more), adjectives and demonyms ("Kazakh",
"Kazakhstani", "Kazakhs") and possessives ("Russia's"). The patterns are in
``accord/texts/mentions_data/country_terms.csv`` (built by
``tools/build_country_terms.py`` from accord's country table and a hand-written list of
adjectives; provenance in ``mentions_data/SOURCE.md``).

Counting rule: tokens as :func:`accord.texts.tokens.tokenize` gives them, matched left to
right; at each token the **longest** pattern of any country wins and matches never
overlap, so "South Africa" is ZAF and not also Africa, "People's Republic of China" is
CHN and not also TWN ("Republic of China"), "Papua New Guinea" is PNG and not Guinea.
Some phrases are matched only to be ignored ("Latin America", "Indian Ocean", "New
Jersey"). Choices:

- "Soviet", "Soviet Union", "USSR" → RUS (accord codes the USSR as RUS, whose UN seat
  the Russian Federation continued).
- "America", "American(s)" → USA, except in "Latin/Central/South/North America(n)";
  "the Americas" and "Inter-American" are other tokens.
- Ambiguous words are not counted: "Korean" (KOR or PRK), "Congolese" and bare "Congo"
  (COG or COD), "Dominican" (DOM or DMA), "Persian", "Arab".
- Hong Kong (HKG) and Macao (MAC) are their own codes, not CHN.
- A name inside a hyphenated compound is not counted: the tokenizer keeps compounds as one
  word ("non-interference"), so "the Russian-Chinese draft treaty" does not name China.
  This undercounts slightly (in Russia's General Debate speeches of 2020–2024, 11 mentions
  of China against 13 for a plain regular expression, the two others in that phrase).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import cache
from importlib import resources
from typing import Any

import polars as pl

from accord import countries as _countries
from accord.provenance import Provenance, attach
from accord.texts.dictionary import _counts, _documents, _long_table, _sources

__all__ = ["mentions", "country_terms"]


@cache
def _terms() -> pl.DataFrame:
    res = resources.files("accord.texts").joinpath("mentions_data", "country_terms.csv")
    with resources.as_file(res) as path:
        return pl.read_csv(path, schema_overrides={"iso3": pl.String}).with_columns(
            pl.col("iso3").fill_null("")
        )


def country_terms(country: Any = None) -> pl.DataFrame:
    """The patterns that name countries: ``iso3``, ``pattern``, ``kind``, ``source``.

    Parameters
    ----------
    country : country, optional
        Only this country's patterns (any form :func:`accord.countries.resolve` accepts).
        Without it, all patterns, including the exclusions (``iso3`` empty).

    Examples
    --------
    >>> country_terms("Kyrgyzstan").filter(pl.col("kind") == "adjective")["pattern"].to_list()
    ['kirghiz', 'kirgiz', 'kyrgyz', 'kyrgyzstani']
    """
    t = _terms()
    if country is None:
        return t.clone()
    iso3 = _countries.resolve(country, where="country")
    return t.filter(pl.col("iso3") == iso3)


def mentions(
    docs: Any,
    *,
    countries: Iterable[Any] | str | None = None,
    by: str | Sequence[str] | None = None,
    text_column: str = "text",
    drop_zero: bool = False,
) -> pl.DataFrame:
    """How often each text names each country, per document or per group.

    Parameters
    ----------
    docs : Corpus, list of str, list of token lists or table
        As :func:`accord.texts.dictionary.profile`: a corpus's metadata (``actor_iso3``,
        ``year`` …) or a table's other columns identify the rows.
    countries : countries or a group name, optional
        Report only mentions of these countries (e.g. ``["KAZ", "KGZ", "TJK", "TKM",
        "UZB", "RUS", "CHN"]`` or ``"central-asia"``). All names are still matched, so
        the longest-match rule holds whatever is reported. Default: every country.
    by : str or list of str, optional
        Sum over documents sharing these id columns (e.g. ``["country_iso3", "year"]``);
        ``per_10k`` is then per 10,000 words of the group.
    text_column : str, default "text"
    drop_zero : bool, default False
        Leave out rows with a zero count (the table has one row per document and
        country otherwise).

    Returns
    -------
    polars.DataFrame
        Id columns (or ``by``), ``mentioned_iso3``, ``count``, ``n_words``, (``n_docs``),
        ``per_10k`` = 10,000 × count / words. A text's mentions of its own country are
        included.

    Raises
    ------
    InputError
        Unknown country or group, a missing text column or ``by`` column.

    Examples
    --------
    >>> df = mentions(["South Africa and Russia's partners: Kazakhs, Uzbekistan."])
    >>> df.filter(pl.col("count") > 0).select("mentioned_iso3", "count").rows()
    [('KAZ', 1), ('RUS', 1), ('UZB', 1), ('ZAF', 1)]
    """
    terms = _terms()
    codes = terms.filter(pl.col("iso3") != "")["iso3"].unique().sort().to_list()
    by_code = {
        code: tuple(group["pattern"].to_list())
        for (code,), group in terms.filter(pl.col("iso3") != "").group_by("iso3")
    }
    exclusions = tuple(terms.filter(pl.col("iso3") == "")["pattern"].to_list())
    groups = [(by_code[c], ()) for c in codes] + [((), exclusions)]
    ids, texts = _documents(docs, text_column)
    counts, n_words = _counts(texts, groups, scope="dictionary")
    counts = counts[:, : len(codes)]
    keep = None
    if countries is not None:
        if isinstance(countries, str) and not _looks_like_country(countries):
            keep = list(_countries.group(countries, where="countries"))
        else:
            keep = _countries.resolve_many(countries, where="countries")
        index = {c: i for i, c in enumerate(codes)}
        cols = [index[c] for c in keep if c in index]
        counts = counts[:, cols]
        labels = [codes[i] for i in cols]
    else:
        labels = codes
    out = _long_table(ids, counts, n_words, labels, "mentioned_iso3", by)
    if drop_zero:
        out = out.filter(pl.col("count") > 0)
    return attach(
        out,
        Provenance(
            function="accord.texts.mentions",
            sources=_sources(docs),
            parameters={"countries": keep, "by": by, "drop_zero": drop_zero},
        ),
    )


def _looks_like_country(text: str) -> bool:
    try:
        _countries.resolve(text)
    except Exception:
        return False
    return True
