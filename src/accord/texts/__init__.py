"""The words stream: speeches and statements as evidence."""

from accord.texts.tokens import stopwords, tokenize, tokenize_spans

__all__ = ["stopwords", "tokenize", "tokenize_spans"]
