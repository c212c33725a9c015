"""The words stream: speeches and statements as evidence.

corpus → tokens → document-feature matrix → similarity (and keyness, dictionaries,
mentions, reuse).

>>> from accord import texts
>>> c = texts.Corpus.from_texts(["peace security peace", "peace trade", "trade energy"],
...                             actors=["RUS", "CHN", "USA"], years=[2020] * 3)
>>> texts.similarity(c, weight="count").select("iso3_a", "iso3_b", "value").rows()[0]
('CHN', 'RUS', 0.6324555320336759)
"""

from accord.texts._documents import read_documents
from accord.texts.corpus import Corpus, Document, load_ungdc
from accord.texts.dfm import DFM, dfm
from accord.texts.dictionary import Dictionary, load_dictionary, profile
from accord.texts.keyness import keyness, keyness_counts
from accord.texts.mentions import country_terms, mentions
from accord.texts.reuse import MinHasher, align_local, lsh_threshold, reuse
from accord.texts.similarity import pairwise, similarity
from accord.texts.tokens import stopwords, tokenize, tokenize_spans

__all__ = [
    "DFM",
    "Corpus",
    "Dictionary",
    "Document",
    "MinHasher",
    "align_local",
    "country_terms",
    "dfm",
    "keyness",
    "keyness_counts",
    "load_dictionary",
    "load_ungdc",
    "lsh_threshold",
    "mentions",
    "pairwise",
    "profile",
    "read_documents",
    "reuse",
    "similarity",
    "stopwords",
    "tokenize",
    "tokenize_spans",
]
