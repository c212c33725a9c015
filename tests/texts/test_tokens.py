"""Tokens: the rules, stopwords, stemming, n-grams, and the two regex engines agreeing."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import polars as pl
import pytest

from accord.errors import InputError
from accord.texts import tokens as T
from accord.texts.tokens import count_matrix, stopwords, tokenize, tokenize_spans

TRICKY = [
    "Non-interference in the people’s affairs, since 1945!",
    "Straße İstanbul café (decomposed: cafe\u0301) l'ONU -led 'tis covid-19 G77",
    "1,500.25 dollars; 3.5% growth — 2019/2020 … «quoted» “curly” ‘single’",
    "x² Ⅻ snake_case tab\there\nnew line non\u2010interference",
    "ДОБРЫЙ день, Ελλάδα, 中华人民共和国, العربية",
    "",
    "   ",
    "!!!",
]


def test_words_hyphens_apostrophes():
    assert tokenize("Non-interference in the people’s affairs, since 1945!") == [
        "non-interference",
        "in",
        "the",
        "people's",
        "affairs",
        "since",
    ]
    assert tokenize("'tis -led self- made") == ["tis", "led", "self", "made"]
    assert tokenize("non\u2010interference") == ["non-interference"]


def test_numbers_and_punctuation_explicit():
    text = "In 2019, trade grew 3.5% to 1,500.25 bn!"
    assert tokenize(text) == ["in", "trade", "grew", "to", "bn"]
    assert tokenize(text, numbers=True) == [
        "in",
        "2019",
        "trade",
        "grew",
        "3.5",
        "to",
        "1,500.25",
        "bn",
    ]
    assert tokenize(text, punct=True) == ["in", ",", "trade", "grew", "%", "to", "bn", "!"]
    assert tokenize_spans(text, punct=True)[0] == tokenize(text, punct=True)


def test_unicode_letters_and_case():
    assert tokenize("ДОБРЫЙ день, Ελλάδα") == ["добрый", "день", "ελλάδα"]
    assert tokenize("Straße") == ["straße"]  # lower(), not casefold()
    assert tokenize("cafe\u0301") == ["cafe\u0301"]  # a combining accent stays in the word
    assert tokenize("USA", lowercase=False) == ["USA"]
    assert tokenize("snake_case") == ["snake", "case"]


def test_stopwords_list():
    sw = stopwords()
    assert len(sw) == 174
    assert {"the", "and", "of", "i'm", "cannot"} <= sw
    assert "us" not in sw  # kept: 'US' is a country once lowercased
    assert tokenize("The US and the people’s will", stopwords="en") == [
        "us",
        "people's",
        "will",
    ]
    assert tokenize("a b c", stopwords=["B"]) == ["a", "c"]
    with pytest.raises(InputError, match="no stopword list for language 'fr'"):
        stopwords("fr")


def test_stemming_snowball():
    pytest.importorskip("snowballstemmer")
    assert tokenize("The Nations united, cooperating", stem=True, stopwords="en") == [
        "nation",
        "unit",
        "cooper",
    ]


def test_ngrams_after_stopwords():
    assert tokenize("The United Nations", stopwords="en", ngrams=(1, 2)) == [
        "united",
        "nations",
        "united_nations",
    ]
    assert tokenize("a b c d", ngrams=3) == ["a_b_c", "b_c_d"]
    assert tokenize("a", ngrams=2) == []
    with pytest.raises(InputError, match="ngrams=0"):
        tokenize("a", ngrams=0)


def test_spans_point_at_the_text():
    for text in TRICKY:
        toks, s, e = tokenize_spans(text, numbers=True, punct=True)
        assert toks == tokenize(text, numbers=True, punct=True)
        norm = str.maketrans({"’": "'", "\u2010": "-"})
        spans = [text[a:b].lower().translate(norm) for a, b in zip(s, e, strict=True)]
        assert spans == toks
    toks, s, e = tokenize_spans("We, the Peoples")
    assert (toks, s.tolist(), e.tolist()) == (["we", "the", "peoples"], [0, 4, 8], [2, 7, 15])
    toks, s, e = tokenize_spans("İstanbul")  # lowercasing adds a combining dot
    assert toks == ["i\u0307stanbul"] and (s.tolist(), e.tolist()) == ([0], [8])


def test_sklearn_token_pattern_is_usable():
    pat = re.compile(T.token_pattern(numbers=True, punct=True))
    assert pat.groups == 0


@pytest.mark.parametrize(
    "opts", [{}, {"numbers": True, "punct": True}, {"punct": True}, {"stopwords": "en"}]
)
def test_engines_agree_on_tricky_strings(opts):
    m, feats = count_matrix(TRICKY, **opts)
    lists = [tokenize(t, **opts) for t in TRICKY]
    m2, feats2 = T._count_lists(lists)
    assert feats.tolist() == feats2.tolist()
    assert (m != m2).nnz == 0


def test_engines_agree_on_real_speeches(mirror: Path):
    df = pl.read_parquet(mirror / "ungdc" / "ungdc_focal8_1946_2024.parquet")
    texts = df["text"].to_list()
    m, feats = count_matrix(texts, stopwords="en")
    m2, feats2 = T._count_lists([tokenize(t, stopwords="en") for t in texts])
    assert feats.tolist() == feats2.tolist()
    assert (m != m2).nnz == 0
    assert m.shape == (391, 22212) and m.sum() == 704_940
    # the counts of one speech, checked against str.count on word boundaries
    j = int(np.searchsorted(feats, "law"))
    row = texts.index(df.filter(pl.col("filename") == "RUS_74_2019.txt")["text"][0])
    expect = len(re.findall(r"(?<![\w'-])law(?![\w]|['-]\w)", texts[row].lower()))
    assert m[row, j] == expect > 0


def test_bad_input():
    with pytest.raises(InputError, match="tokenize expects a str, got int"):
        tokenize(3)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "opts",
    [
        {},
        {"numbers": True, "punct": True},
        {"punct": True},
        {"stopwords": "en"},
        {"lowercase": False, "numbers": True},
    ],
)
def test_corpus_counter_blocks_and_pieces(monkeypatch, opts):
    # pieces between spaces holding several tokens ("peace/security", "end.\nThe"), pieces
    # holding none ("--", ""), one token spread over no space, and blocks of two documents
    monkeypatch.setattr(T, "_BLOCK", 2)
    texts = [
        *TRICKY,
        "peace/security end.\nThe PEACE -- peace, Peace.  The  end",
        "the the the",
        "",
        "word",
        "a/b/c a/b/c l'ONU—l’ONU 12/2019 3.5%",
    ]
    m, feats = count_matrix(texts, **opts)
    m2, feats2 = T._count_lists([tokenize(t, **opts) for t in texts])
    assert feats.tolist() == feats2.tolist()
    assert m.shape == (len(texts), len(feats)) and m.dtype == np.int64
    assert m.has_canonical_format
    assert (m != m2).nnz == 0


def test_corpus_counter_empty():
    m, feats = count_matrix([])
    assert m.shape == (0, 0) and len(feats) == 0
    m, feats = count_matrix(["", "  ", "!!"])
    assert m.shape == (3, 0) and m.nnz == 0
    m, feats = count_matrix(["peace and trade", None, "trade"])  # type: ignore[list-item]
    assert feats.tolist() == ["and", "peace", "trade"]
    assert m.toarray().tolist() == [[1, 1, 1], [0, 0, 0], [0, 0, 1]]


def test_corpus_counter_blocks_by_characters(monkeypatch):
    monkeypatch.setattr(T, "_BLOCK", 3)
    monkeypatch.setattr(T, "_BLOCK_CHARS", 10)
    texts = ["a" * 12, "b", "c c", "dd dd", "e", "f", "g", None, "h"]
    # a document longer than the limit is a block of its own; at most 3 documents a block
    assert T._block_starts(texts) == [0, 1, 4, 7]
    assert T._block_starts([]) == []
    m, feats = count_matrix(texts)
    m2, feats2 = T._count_lists([tokenize(t or "") for t in texts])
    assert feats.tolist() == feats2.tolist() and (m != m2).nnz == 0
