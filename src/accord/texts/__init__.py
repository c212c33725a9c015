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
from accord.texts.similarity import pairwise, similarity
from accord.texts.tokens import stopwords, tokenize, tokenize_spans

__all__ = [
    "DFM",
    "Corpus",
    "Document",
    "dfm",
    "load_ungdc",
    "pairwise",
    "read_documents",
    "similarity",
    "stopwords",
    "tokenize",
    "tokenize_spans",
]
