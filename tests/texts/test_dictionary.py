"""Dictionaries: the YAML format and its errors, the counting rule, real speeches."""

from __future__ import annotations

import fnmatch
import re
from pathlib import Path

import numpy as np
import polars as pl
import pytest

from accord.errors import InputError
from accord.provenance import provenance_of
from accord.texts.dictionary import DICTIONARIES, _counts, load_dictionary, profile

WORD = re.compile(r"[^\W\d_]+(?:['’‐-][^\W\d_]+)*")


def _tokens(text: str) -> list[str]:
    """An independent word tokenizer (letters with ' or - inside) for the checks."""
    return [t.lower().replace("’", "'").replace("‐", "-") for t in WORD.findall(text)]


def _naive(tokens: list[str], terms, exclude=()) -> int:
    """The counting rule written out token by token: leftmost-longest, no overlaps."""
    pats = [(p.split(), True) for p in terms] + [(p.split(), False) for p in exclude]
    pats = [([re.compile(fnmatch.translate(w)) for w in words], c) for words, c in pats]
    first: dict[str, list] = {}  # token -> patterns whose first word matches it
    i, n = 0, 0
    while i < len(tokens):
        tok = tokens[i]
        if tok not in first:
            first[tok] = [(ws, c) for ws, c in pats if ws[0].match(tok)]
        best = None
        for words, counts in first[tok]:
            k = len(words)
            # longest first; at equal length an exclusion wins
            better = best is None or k > best[0] or (k == best[0] and not counts)
            if (
                better
                and i + k <= len(tokens)
                and all(w.match(tokens[i + j]) for j, w in enumerate(words))
            ):
                best = (k, counts)
        if best is None:
            i += 1
        else:
            n += best[1]
            i += best[0]
    return n


def _counts_of(df: pl.DataFrame, doc: int = 0) -> dict[str, int]:
    return {
        r["category"]: r["count"] for r in df.filter(pl.col("doc") == doc).iter_rows(named=True)
    }


# ------------------------------------------------------------- hand cases


def test_wildcards_phrases_and_overlap():
    d = {
        "security": {"description": "s", "terms": ["secur*"], "exclude": ["security council"]},
        "law": {"description": "l", "terms": ["rule of law", "law", "rule of * law"]},
        "rights": {"description": "r", "terms": ["human rights", "human right*", "rights"]},
        "terror": {"description": "t", "terms": ["*terror*"]},
    }
    text = (
        "The Security Council discussed security and insecurity. Secure borders! "
        "The rule of law, the rule of international law, and law. "
        "Human rights; human rights-based approaches; rights. "
        "Counter-terrorism and terrorists."
    )
    df = profile([text], d)
    got = _counts_of(df)
    # security: "security" + "secure"; not the Security Council, not "insecurity"
    assert got["security"] == 2
    # law: "rule of law" (1, not also "law"), "rule of international law" (1), "law" (1)
    assert got["law"] == 3
    # rights: "human rights" (1), "human rights-based" (1: human right*), "rights" (1)
    assert got["rights"] == 3
    # terror: "counter-terrorism" and "terrorists" are single tokens matched by *terror*
    assert got["terror"] == 2
    n_words = len(_tokens(text))
    assert df["n_words"][0] == n_words
    per = df.filter(pl.col("category") == "law")["per_10k"][0]
    assert per == pytest.approx(3 * 10_000 / n_words)
    for name, cat in d.items():
        assert got[name] == _naive(_tokens(text), cat["terms"], cat.get("exclude", ()))


def test_same_token_counts_once_per_category():
    df = profile(["Democracy, democratic democracies."], {"d": ["democracy", "democra*"]})
    assert _counts_of(df)["d"] == 3


def test_overlapping_phrases_leftmost_wins():
    # tokens a b c d: "a b" (0-1) is taken, "b c" overlaps it and is skipped, "c d" (2-3)
    # counts: 2 matches; in b c d, "b c" is leftmost and "c d" overlaps it: 1
    d = {"x": ["a b", "b c", "c d"]}
    assert _counts_of(profile([["a", "b", "c", "d"]], d))["x"] == 2
    assert _counts_of(profile([["b", "c", "d"]], d))["x"] == 1


def test_phrases_do_not_cross_documents():
    df = profile([["human"], ["rights"]], {"hr": ["human rights"]})
    assert df["count"].to_list() == [0, 0]


def test_typographic_apostrophe_and_case():
    df = profile(["The People’s Republic; WOMEN'S RIGHTS"], {"w": ["women’s rights", "people's"]})
    assert _counts_of(df)["w"] == 2


def test_scope_dictionary_versus_category():
    groups = [(("africa",), ()), (("south africa",), ())]
    texts = ["South Africa and Africa."]
    by_cat, _ = _counts(texts, groups, "category")
    by_dict, _ = _counts(texts, groups, "dictionary")
    assert by_cat.tolist() == [[2, 1]]
    assert by_dict.tolist() == [[1, 1]]


def test_by_groups_and_ids_from_table():
    table = pl.DataFrame(
        {
            "country_iso3": ["RUS", "RUS", "USA"],
            "year": [2019, 2020, 2020],
            "text": ["sovereignty and sovereign rights", "", "freedom and democracy"],
        }
    )
    per_doc = profile(table, "values")
    assert per_doc.columns == ["country_iso3", "year", "category", "count", "n_words", "per_10k"]
    empty = per_doc.filter((pl.col("year") == 2019 + 1) & (pl.col("country_iso3") == "RUS"))
    assert empty["n_words"].unique().to_list() == [0] and empty["per_10k"].null_count() == 20
    grouped = profile(table, "values", by="country_iso3")
    rus = grouped.filter((pl.col("country_iso3") == "RUS") & (pl.col("category") == "sovereignty"))
    assert rus.select("count", "n_words", "n_docs").row(0) == (2, 4, 2)
    assert rus["per_10k"][0] == pytest.approx(5000.0)
    assert provenance_of(grouped).parameters["dictionary"] == "values"
    pytest.importorskip("pandas")
    assert profile(table.to_pandas(), "values").equals(per_doc)


# ------------------------------------------------------------- the YAML format


def test_shipped_dictionaries_are_valid_and_documented():
    for name in DICTIONARIES:
        d = load_dictionary(name)
        assert d.name == name and d.description and d.version
        assert all(c.description and c.terms for c in d.categories)
        frame = d.to_frame()
        assert frame.columns == ["category", "description", "pattern", "kind"]
    values = load_dictionary("values").names
    for cat in [
        "democracy",
        "human_rights",
        "rule_of_law",
        "freedom",
        "sovereignty",
        "non_interference",
        "territorial_integrity",
        "multipolarity",
        "mutual_respect",
    ]:
        assert cat in values
    agenda = load_dictionary("agenda").names
    for cat in [
        "security",
        "terrorism",
        "extremism",
        "narcotics",
        "arms",
        "cyber",
        "border",
        "transport",
        "trade",
        "investment",
        "energy",
        "water",
        "climate",
        "health",
        "migration",
        "education",
        "culture",
        "digital_economy",
        "finance",
        "high_technology",
        "pharmaceuticals",
        "agriculture",
    ]:
        assert cat in agenda


def test_documented_choices_hold():
    text = (
        "The Democratic Republic of the Congo and the Democratic People's Republic of Korea "
        "support the democratization of international relations and democracy."
    )
    got = _counts_of(profile([text], "values"))
    assert got["democracy"] == 1
    assert got["multipolarity"] == 1
    agenda = _counts_of(
        profile(
            [
                "Important imports; the Security Council; food security; extremely "
                "extremist; transitional transit; territorial waters and water."
            ],
            "agenda",
        )
    )
    assert agenda["trade"] == 1
    assert agenda["security"] == 1
    assert agenda["agriculture"] == 1
    assert agenda["extremism"] == 1
    assert agenda["transport"] == 1
    assert agenda["water"] == 1


def _write(tmp_path: Path, text: str) -> Path:
    p = tmp_path / "mine.yaml"
    p.write_text(text, encoding="utf-8")
    return p


GOOD = """name: mine
description: test
categories:
  trade:
    description: Trade.
    terms:
      - trade
      - export*
"""


def test_user_yaml_loads(tmp_path):
    d = load_dictionary(_write(tmp_path, GOOD))
    assert d.names == ["trade"] and d["trade"].terms == ("trade", "export*")
    assert d.source.endswith("mine.yaml")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            GOOD.replace("      - trade\n", "      - [trade\n"),
            r"mine.yaml line \d+: not valid YAML",
        ),
        (
            GOOD.replace("      - export*\n", "      - covid-19\n"),
            r"mine.yaml line 8, category 'trade': pattern 'covid-19' has '1', which is never "
            r"part of a word token",
        ),
        (
            GOOD.replace("      - export*\n", "      - '* trade'\n"),
            r"line 8, category 'trade': pattern '\* trade' has a word of only '\*'",
        ),
        (
            GOOD.replace("      - export*\n", "      - trade\n"),
            r"line 8, category 'trade': 'trade' is listed twice in terms",
        ),
        (
            GOOD.replace("    terms:\n      - trade\n      - export*\n", "    terms: []\n"),
            r"mine.yaml line 4, category 'trade': the category is empty",
        ),
        (
            GOOD.replace("    description: Trade.\n", ""),
            r"line 4, category 'trade': the category needs a description",
        ),
        (GOOD.replace("    terms:", "    term:"), r"line 4, category 'trade': unknown key 'term'"),
        (GOOD.replace("name: mine\n", "nmae: mine\n"), r"mine.yaml line 1: unknown key 'nmae'"),
        ("", r"mine.yaml is empty"),
        (GOOD.replace("  trade:", "  trade policy:"), r"category name must be letters"),
        (
            GOOD.replace("      - export*\n", "      - -led\n"),
            r"pattern word '-led' is not one token",
        ),
    ],
)
def test_yaml_errors_name_file_line_and_category(tmp_path, text, message):
    with pytest.raises(InputError, match=message):
        load_dictionary(_write(tmp_path, text))


def test_other_errors(tmp_path):
    with pytest.raises(InputError, match="unknown dictionary 'value'. Did you mean 'values'"):
        load_dictionary("value")
    with pytest.raises(InputError, match="dictionary file .*nope.yaml not found"):
        load_dictionary(tmp_path / "nope.yaml")
    with pytest.raises(InputError, match="no category 'democrcy' in dictionary 'values'"):
        load_dictionary("values")["democrcy"]
    with pytest.raises(InputError, match="the table has no 'text' column"):
        profile(pl.DataFrame({"body": ["x"]}), "values")
    with pytest.raises(InputError, match="by='iso3' is not a column"):
        profile(pl.DataFrame({"country_iso3": ["RUS"], "text": ["x"]}), "values", by="iso3")
    with pytest.raises(InputError, match="documents must be texts"):
        profile([1, 2], "values")


# ------------------------------------------------------------- real speeches


@pytest.fixture(scope="module")
def focal8(mirror):
    return pl.read_parquet(mirror / "ungdc" / "ungdc_focal8_1946_2024.parquet")


def test_real_speeches_match_the_rule_written_out(focal8):
    sample = focal8.filter(pl.col("year").is_in([1965, 1993, 2008, 2020, 2024]))
    for name in DICTIONARIES:
        d = load_dictionary(name)
        got = profile(sample.select("filename", "text"), d)
        for row, text in zip(sample["filename"], sample["text"], strict=True):
            toks = _tokens(text)
            mine = got.filter(pl.col("filename") == row)
            assert mine["n_words"][0] == len(toks)
            counts = dict(zip(mine["category"], mine["count"], strict=True))
            for c in d.categories:
                assert counts[c.name] == _naive(toks, c.terms, c.exclude), (row, c.name)


def test_real_speeches_single_words_equal_a_regex_count(focal8):
    sample = focal8.filter(pl.col("country_iso3").is_in(["RUS", "USA"]) & (pl.col("year") >= 2015))
    d = {"sov": ["sovereign*"], "hr": ["human rights"], "terror": ["*terror*"]}
    got = profile(sample.select("filename", "text"), d)
    for fname, text in zip(sample["filename"], sample["text"], strict=True):
        low = text.lower()
        want = {
            "sov": len(re.findall(r"(?<![\w'’‐-])sovereign[\w'’‐-]*", low)),
            "hr": len(re.findall(r"(?<![\w'’‐-])human\W+rights(?![\w]|['’‐-]\w)", low)),
            "terror": len(re.findall(r"(?<![\w'’‐-])[\w'’‐-]*terror[\w'’‐-]*", low)),
        }
        mine = got.filter(pl.col("filename") == fname)
        assert dict(zip(mine["category"], mine["count"], strict=True)) == want, fname
    total = got.group_by("category").agg(pl.col("count").sum()).sort("category")
    assert np.all(total["count"].to_numpy() > 0)


def test_corpus_input_keeps_its_metadata():
    from accord.texts import Corpus

    c = Corpus.from_texts(
        ["Sovereignty and non-interference.", "Human rights."],
        actors=["CHN", "USA"],
        years=[2020, 2021],
    )
    df = profile(c, "values", by=["actor_iso3", "year"])
    got = {
        (r["actor_iso3"], r["category"]): r["count"]
        for r in df.filter(pl.col("count") > 0).iter_rows(named=True)
    }
    assert got == {
        ("CHN", "sovereignty"): 1,
        ("CHN", "non_interference"): 1,
        ("USA", "human_rights"): 1,
    }
