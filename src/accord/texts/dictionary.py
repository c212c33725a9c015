"""Dictionaries: categories of terms counted in texts, per document and per 10,000 words.

accord ships two dictionaries it writes itself — ``values`` (value language: democracy,
human rights, sovereignty, non-interference …) and ``agenda`` (policy areas: security,
terrorism, transport, trade, energy …) — and reads the same YAML format from a user's file.

The YAML format
---------------
::

    name: values                  # required: a short name
    description: Value language.  # required
    categories:                   # required: category -> description + terms
      democracy:
        description: Democracy and democratic government.
        terms:                    # one or more patterns
          - democra*              # * = any letters (here: democracy, democratic …)
          - free and fair elections   # a phrase: words matched in sequence
        exclude:                  # optional: phrases that are NOT this category
          - democratic republic of the congo

- A **pattern** is one or more words separated by spaces. Words are lowercased and
  compared with whole tokens of :func:`accord.texts.tokens.tokenize` (letters, with
  ``'`` and ``-`` inside a word: ``non-interference`` and ``people's`` are one token; the
  typographic apostrophe ’ is the same as '). ``*`` in a word matches any run of
  characters within one token (zero or more): ``secur*``, ``*terror*``. ``*`` alone
  stands for any one word, but only inside a phrase (``interference in * internal
  affairs``). Digits and punctuation never match (the tokenizer drops them).
- **Exclusions** are patterns matched like terms but counted as nothing: they stop the
  category's terms from counting inside them ("Democratic Republic of the Congo" is not
  democracy language, the "Security Council" is not security policy).
- Category names are letters, digits and ``_``; each needs a description and at least one
  term; a term appears once per category.

Counting rule
-------------
Within a category, matches are found left to right and never overlap: at each token the
longest pattern that matches (terms and exclusions alike) is taken and the search goes on
after it. So "rule of law" counts once, not also as "law"; listing both ``democracy`` and
``democra*`` still counts each token once. Categories are counted independently of each
other (quanteda's ``nested_scope = "key"``): one token may count in two categories.
``per_10k`` = 10,000 × count / words, where words are the document's tokens as
:func:`~accord.texts.tokens.tokenize` gives them by default (numbers and punctuation
dropped, stopwords kept).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl

from accord.errors import InputError
from accord.provenance import Provenance, attach, provenance_of

__all__ = ["Dictionary", "Category", "load_dictionary", "profile", "DICTIONARIES"]

#: The dictionaries accord ships (``load_dictionary(name)``).
DICTIONARIES: tuple[str, ...] = ("values", "agenda")

_CATEGORY_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_]*$")
_NORMALIZE = str.maketrans({"\u2019": "'", "\u2010": "-"})
# a pattern word: letters/marks with ' - inside, and * anywhere
_WORD_OK = re.compile(r"^[\w'\-*]+$")


# --------------------------------------------------------------------------- model


@dataclass(frozen=True)
class Category:
    """One category: its description, terms and exclusions (lowercased patterns)."""

    name: str
    description: str
    terms: tuple[str, ...]
    exclude: tuple[str, ...] = ()


@dataclass(frozen=True)
class Dictionary:
    """Categories of term patterns; build with :func:`load_dictionary`.

    Attributes
    ----------
    name, description : str
    categories : tuple of Category
    source : str
        The file it was read from (or ``"<dict>"``).
    """

    name: str
    description: str
    categories: tuple[Category, ...]
    source: str = "<dict>"
    version: str = ""
    _by_name: dict[str, Category] = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self) -> None:
        self._by_name.update({c.name: c for c in self.categories})

    def __getitem__(self, name: str) -> Category:
        try:
            return self._by_name[name]
        except KeyError:
            raise InputError(
                f"no category '{name}' in dictionary '{self.name}'; it has "
                f"{', '.join(self._by_name)}."
            ) from None

    def __len__(self) -> int:
        return len(self.categories)

    @property
    def names(self) -> list[str]:
        """Category names in file order."""
        return [c.name for c in self.categories]

    def to_frame(self) -> pl.DataFrame:
        """One row per pattern: ``category``, ``description``, ``pattern``, ``kind``."""
        rows = [
            (c.name, c.description, p, kind)
            for c in self.categories
            for kind, pats in (("term", c.terms), ("exclude", c.exclude))
            for p in pats
        ]
        return pl.DataFrame(
            rows, schema=["category", "description", "pattern", "kind"], orient="row"
        )


def _normalize_pattern(text: str) -> str:
    return " ".join(text.lower().translate(_NORMALIZE).split())


def _check_pattern(pattern: str, where: str) -> str:
    """Normalize a pattern and check it can match tokens; raise InputError otherwise."""
    if not isinstance(pattern, str):
        raise InputError(f"{where}: pattern {pattern!r} is not text; write it as a string.")
    norm = _normalize_pattern(pattern)
    if not norm:
        raise InputError(f"{where}: empty pattern; remove it or write a word.")
    from accord.texts.tokens import tokenize

    words = norm.split(" ")
    for i, word in enumerate(words):
        if word == "*" and 0 < i < len(words) - 1:
            continue  # any one word inside a phrase
        if word.strip("*") == "":
            raise InputError(
                f"{where}: pattern '{pattern}' has a word of only '*' at its start or end, "
                "which would match every word; write letters with it (e.g. 'secur*') or "
                "use '*' alone only inside a phrase ('interference in * affairs')."
            )
        if "**" in word:
            raise InputError(f"{where}: pattern '{pattern}' has '**'; one '*' is enough.")
        if not _WORD_OK.match(word) or any(ch.isdigit() or ch == "_" for ch in word):
            bad = next(ch for ch in word if not (ch.isalpha() or ch in "'-*" or _is_mark(ch)))
            raise InputError(
                f"{where}: pattern '{pattern}' has {bad!r}, which is never part of a word "
                "token (numbers and punctuation are dropped); use letters, ' and - only, "
                "and * as wildcard."
            )
        probe = word.replace("*", "x")
        if tokenize(probe) != [probe]:
            raise InputError(
                f"{where}: pattern word '{word}' is not one token (a word starts and ends "
                f"with a letter; the tokenizer reads it as {tokenize(probe)}); fix the word."
            )
    return norm


def _is_mark(ch: str) -> bool:
    import unicodedata

    return unicodedata.category(ch).startswith("M")


def _from_mapping(data: Any, source: str, lines: Mapping[Any, int] | None = None) -> Dictionary:
    """Build a Dictionary from parsed data; *lines* maps keys/items to YAML line numbers."""
    lines = lines or {}

    def at(key: Any, extra: str = "") -> str:
        line = lines.get(key)
        loc = f"{source} line {line}" if line else source
        return f"{loc}{extra}"

    if isinstance(data, Mapping) and "categories" not in data:
        # the short form {category: [terms]} (Python use)
        data = {"name": "custom", "description": "", "categories": dict(data)}
        short = True
    else:
        short = False
    if not isinstance(data, Mapping):
        raise InputError(
            f"{source}: expected a mapping with name, description and categories, got "
            f"{type(data).__name__}."
        )
    allowed = {"name", "description", "categories", "version", "language"}
    for key in data:
        if key not in allowed:
            raise InputError(
                f"{at(('key', key))}: unknown key '{key}'; the top level has "
                f"{', '.join(sorted(allowed))}."
            )
    for key in ("name", "description", "categories"):
        if key not in data and not short:
            raise InputError(f"{source}: missing '{key}' at the top level.")
    name = str(data.get("name", "custom"))
    cats_raw = data["categories"]
    if not isinstance(cats_raw, Mapping) or not cats_raw:
        raise InputError(
            f"{at(('key', 'categories'))}: 'categories' must map category names to their "
            "description and terms, and have at least one."
        )
    categories = []
    for cname, body in cats_raw.items():
        cwhere = at(("cat", cname), f", category '{cname}'")
        if not isinstance(cname, str) or not _CATEGORY_NAME.match(cname):
            raise InputError(
                f"{cwhere}: category name must be letters, digits and _ (starting with a letter)."
            )
        if short and isinstance(body, str | list | tuple):
            body = {"description": "", "terms": [body] if isinstance(body, str) else body}
        if not isinstance(body, Mapping):
            raise InputError(
                f"{cwhere}: expected 'description' and 'terms' under the category, got "
                f"{type(body).__name__}."
            )
        for key in body:
            if key not in ("description", "terms", "exclude"):
                raise InputError(
                    f"{cwhere}: unknown key '{key}'; a category has description, terms, exclude."
                )
        desc = body.get("description")
        if not short and (not isinstance(desc, str) or not desc.strip()):
            raise InputError(f"{cwhere}: the category needs a description.")
        pats: dict[str, list[str]] = {}
        for kind in ("terms", "exclude"):
            raw = body.get(kind) or []
            if isinstance(raw, str):
                raw = [raw]
            if not isinstance(raw, list | tuple):
                raise InputError(f"{cwhere}: '{kind}' must be a list of patterns.")
            seen: dict[str, str] = {}
            for i, p in enumerate(raw):
                pwhere = at(("item", cname, kind, i), f", category '{cname}'")
                norm = _check_pattern(p, pwhere)
                if norm in seen:
                    raise InputError(f"{pwhere}: '{p}' is listed twice in {kind}; remove one.")
                seen[norm] = p
            pats[kind] = list(seen)
        if not pats["terms"]:
            raise InputError(f"{cwhere}: the category is empty; give at least one term.")
        overlap = set(pats["terms"]) & set(pats["exclude"])
        if overlap:
            raise InputError(f"{cwhere}: '{sorted(overlap)[0]}' is both a term and an exclusion.")
        categories.append(
            Category(cname, (desc or "").strip(), tuple(pats["terms"]), tuple(pats["exclude"]))
        )
    return Dictionary(
        name=name,
        description=str(data.get("description", "")).strip(),
        categories=tuple(categories),
        source=source,
        version=str(data.get("version", "")),
    )


def _yaml_lines(node: Any) -> dict[Any, int]:
    """Line numbers (1-based) of top-level keys, categories and pattern items."""
    import yaml

    out: dict[Any, int] = {}
    if not isinstance(node, yaml.MappingNode):
        return out
    for k, v in node.value:
        out[("key", k.value)] = k.start_mark.line + 1
        if k.value == "categories" and isinstance(v, yaml.MappingNode):
            for ck, cv in v.value:
                out[("cat", ck.value)] = ck.start_mark.line + 1
                if isinstance(cv, yaml.MappingNode):
                    for kk, kv in cv.value:
                        if isinstance(kv, yaml.SequenceNode):
                            for i, item in enumerate(kv.value):
                                out[("item", ck.value, kk.value, i)] = item.start_mark.line + 1
    return out


def _read_yaml(path: Path, label: str) -> Dictionary:
    import yaml

    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError(f"dictionary file {label} not found; check the path.") from None
    except UnicodeDecodeError as e:
        raise InputError(f"{label} is not UTF-8 text ({e.reason}); save it as UTF-8.") from None
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        where = f"{label} line {mark.line + 1}" if mark is not None else label
        problem = getattr(e, "problem", None) or str(e).splitlines()[0]
        raise InputError(f"{where}: not valid YAML ({problem}); fix the syntax.") from None
    if data is None:
        raise InputError(f"{label} is empty; write name, description and categories.")
    if isinstance(data, Mapping) and "categories" not in data:
        raise InputError(
            f"{label}: missing 'categories' at the top level (the format: name, "
            "description, categories → description + terms)."
        )
    return _from_mapping(data, label, _yaml_lines(node))


def load_dictionary(source: str | Path | Mapping[str, Any] | Dictionary) -> Dictionary:
    """A dictionary: one accord ships, a YAML file, or a Python mapping.

    Parameters
    ----------
    source : str, Path, mapping or Dictionary
        ``"values"`` or ``"agenda"`` (shipped with accord); a path to a ``.yaml``/``.yml``
        file in the format of this module's docstring; a mapping in the same layout, or
        the short form ``{"category": ["term", ...]}``.

    Returns
    -------
    Dictionary

    Raises
    ------
    InputError
        Unknown name, unreadable file, invalid YAML (with the line), a category without
        description or terms, a pattern that can never match (with file, line, category).

    Examples
    --------
    >>> d = load_dictionary("values")
    >>> d["democracy"].description  # doctest: +ELLIPSIS
    'Democracy...'
    >>> load_dictionary({"trade": ["trade", "export*"]})["trade"].terms
    ('trade', 'export*')
    """
    if isinstance(source, Dictionary):
        return source
    if isinstance(source, Mapping):
        return _from_mapping(source, "<dict>")
    text = str(source)
    if text in DICTIONARIES:
        return _shipped(text)
    path = Path(text).expanduser()
    if path.suffix.lower() in (".yaml", ".yml") or path.exists():
        return _read_yaml(path, str(source))
    import difflib

    close = difflib.get_close_matches(text, DICTIONARIES, n=1, cutoff=0.5)
    hint = f" Did you mean '{close[0]}'?" if close else ""
    raise InputError(
        f"unknown dictionary '{text}'.{hint} Use {' or '.join(DICTIONARIES)}, or the path "
        "of a .yaml file."
    )


@cache
def _shipped(name: str) -> Dictionary:
    res = resources.files("accord.texts").joinpath("dictionaries", f"{name}.yaml")
    with resources.as_file(res) as path:
        return _read_yaml(Path(path), f"accord/texts/dictionaries/{name}.yaml")


# --------------------------------------------------------------------------- matching


def _glob_regex(word: str) -> str:
    return "^" + ".*".join(re.escape(part) for part in word.split("*")) + "$"


def _word_luts(words: Iterable[str], vocab: pl.Series) -> dict[str, np.ndarray]:
    """For each pattern word, a boolean array over *vocab*: which tokens it matches."""
    out: dict[str, np.ndarray] = {}
    index: dict[str, int] | None = None
    for w in words:
        if w in out:
            continue
        if "*" in w:
            out[w] = vocab.str.contains(_glob_regex(w)).to_numpy()
            continue
        if index is None:
            index = {t: i for i, t in enumerate(vocab.to_list())}
        lut = np.zeros(len(vocab), dtype=bool)
        if w in index:
            lut[index[w]] = True
        out[w] = lut
    return out


@dataclass
class _Stream:
    """Token ids of a chunk of documents, concatenated, with the chunk's vocabulary."""

    ids: np.ndarray  # int64 token ids into vocab
    doc: np.ndarray  # document (within chunk) of each position
    n_words: np.ndarray  # words per document
    vocab: pl.Series  # str


def _streams(texts: Sequence[str], chunk: int = 500) -> Iterable[tuple[int, _Stream]]:
    """Tokenize texts in chunks with the tokenizer's pattern (polars, all cores)."""
    from accord.texts.tokens import token_pattern

    pattern = token_pattern(engine="rust")
    for start in range(0, len(texts), chunk):
        part = list(texts[start : start + chunk])
        n = len(part)
        df = pl.DataFrame({"text": pl.Series(part, dtype=pl.String)}).with_row_index("doc")
        tok = (
            pl.col("text")
            .str.extract_all(pattern)
            .list.eval(
                pl.element()
                .str.to_lowercase()
                .str.replace_all("\u2019", "'", literal=True)
                .str.replace_all("\u2010", "-", literal=True)
            )
        )
        long = df.select("doc", tok.alias("tok")).explode("tok").drop_nulls("tok")
        vocab = long["tok"].unique().sort()
        ids = (
            long.join(vocab.to_frame("tok").with_row_index("id"), on="tok", how="left")["id"]
            .to_numpy()
            .astype(np.int64)
        )
        doc = long["doc"].to_numpy().astype(np.int64)
        yield start, _Stream(ids, doc, np.bincount(doc, minlength=n), vocab)


def _token_lists(docs: Sequence[Sequence[str]]) -> _Stream:
    toks = [str(t).lower().translate(_NORMALIZE) for d in docs for t in d]
    lengths = np.array([len(d) for d in docs], dtype=np.int64)
    vocab_list = sorted(set(toks))
    index = {t: i for i, t in enumerate(vocab_list)}
    ids = np.fromiter((index[t] for t in toks), dtype=np.int64, count=len(toks))
    doc = np.repeat(np.arange(len(docs)), lengths)
    return _Stream(ids, doc, lengths, pl.Series(vocab_list, dtype=pl.String))


def _candidates(
    stream: _Stream, first: np.ndarray, pattern: tuple[str, ...], luts: dict[str, np.ndarray]
) -> np.ndarray:
    """Start positions where *pattern* matches within one document.

    *first*: sorted positions whose token is the first word of some pattern (the only
    places a match can start).
    """
    ids, n = stream.ids, stream.ids.size
    starts = first[luts[pattern[0]][ids[first]]]
    for k in range(1, len(pattern)):
        starts = starts[starts + k < n]
        starts = starts[luts[pattern[k]][ids[starts + k]]]
    if len(pattern) > 1 and starts.size:
        starts = starts[stream.doc[starts] == stream.doc[starts + len(pattern) - 1]]
    return starts


def _resolve(multi: list[tuple[int, int, bool, int]]) -> tuple[np.ndarray, list]:
    """Leftmost-longest non-overlapping choice among multi-word candidates.

    *multi* holds (start, length, counts, group) of multi-word terms and of exclusions of
    any length (``counts`` False). Where several candidates start at the same token the
    longest wins; at equal length an exclusion wins over a term, and terms of different
    groups are all kept. Returns the sorted token positions covered by chosen candidates
    and the chosen counted (start, group) pairs. One-word terms never block anything, so
    they are resolved afterwards: they count where no chosen candidate covers them.
    """
    kept: list[tuple[int, int]] = []
    if not multi:
        return np.zeros(0, dtype=np.int64), kept
    multi.sort(key=lambda t: (t[0], -t[1], t[2], t[3]))
    spans: list[np.ndarray] = []
    end = -1
    last = (-1, -1)
    excluded_here = False
    for s, length, counts, group in multi:
        if s < end and (s, length) != last:
            continue
        if (s, length) == last and excluded_here:
            continue
        if (s, length) != last:
            excluded_here = not counts
            spans.append(np.arange(s, s + length))
        end = s + length
        last = (s, length)
        if counts and (not kept or kept[-1] != (s, group)):
            kept.append((s, group))  # two patterns of a group on one span count once
    return np.concatenate(spans), kept


def _count_stream(
    stream: _Stream,
    groups: Sequence[tuple[Sequence[str], Sequence[str]]],
    n_docs: int,
    scope: str = "category",
) -> np.ndarray:
    """Counts (documents × groups) of each group's (terms, exclusions) in *stream*.

    ``scope="category"``: each group is resolved on its own; ``"dictionary"``: one
    leftmost-longest resolution over all groups (a token counts for one group at most,
    unless two groups have the same longest match there).
    """
    split = [
        ([tuple(p.split(" ")) for p in terms], [tuple(p.split(" ")) for p in excl])
        for terms, excl in groups
    ]
    words = {w for terms, excl in split for p in (*terms, *excl) for w in p}
    luts = _word_luts(sorted(words), stream.vocab)
    any_first = np.zeros(len(stream.vocab), dtype=bool)
    for p in {p[0] for terms, excl in split for p in (*terms, *excl)}:
        any_first |= luts[p]
    first = np.flatnonzero(any_first[stream.ids])
    out = np.zeros((n_docs, len(groups)), dtype=np.int64)
    singles: list[np.ndarray] = []
    multis: list[list[tuple[int, int, bool, int]]] = []
    for g, (terms, excl) in enumerate(split):
        one = np.zeros(len(stream.vocab), dtype=bool)
        multi: list[tuple[int, int, bool, int]] = []
        for p in terms:
            if len(p) == 1:
                one |= luts[p[0]]
            else:
                multi.extend((int(s), len(p), True, g) for s in _candidates(stream, first, p, luts))
        for p in excl:
            multi.extend((int(s), len(p), False, g) for s in _candidates(stream, first, p, luts))
        singles.append(first[one[stream.ids[first]]])
        multis.append(multi)
    if scope == "dictionary":
        covered, kept = _resolve([c for m in multis for c in m])
        coverage = [covered] * len(groups)
        kept_by = [[s for s, g in kept if g == k] for k in range(len(groups))]
    else:
        coverage, kept_by = [], []
        for m in multis:
            covered, kept = _resolve(m)
            coverage.append(covered)
            kept_by.append([s for s, _ in kept])
    for g in range(len(groups)):
        pos = singles[g]
        if coverage[g].size and pos.size:
            pos = pos[~np.isin(pos, coverage[g])]
        if kept_by[g]:
            pos = np.concatenate([pos, np.asarray(kept_by[g], dtype=np.int64)])
        if pos.size:
            out[:, g] = np.bincount(stream.doc[pos], minlength=n_docs)
    return out


# --------------------------------------------------------------------------- inputs


def _documents(docs: Any, text_column: str) -> tuple[pl.DataFrame, Any]:
    """(id columns, texts or token lists) from the forms :func:`profile` accepts."""
    frame = None
    if hasattr(docs, "meta") and hasattr(docs, "texts"):  # accord.texts.Corpus
        meta = docs.meta
        if "actors" in meta.columns and meta.schema["actors"] == pl.List(pl.String):
            if meta.height and (meta["actors"].list.len() == 1).all():
                meta = meta.with_columns(pl.col("actors").list.first().alias("actor_iso3"))
            else:
                meta = meta.with_columns(pl.col("actors").list.join(";").alias("actor_iso3"))
            meta = meta.drop("actors")
        return meta, list(docs.texts)
    if hasattr(docs, "to_frame") and not isinstance(docs, pl.Series | pl.DataFrame):
        frame = docs.to_frame()
    elif isinstance(docs, pl.DataFrame):
        frame = docs
    elif type(docs).__module__.startswith("pandas") and hasattr(docs, "columns"):
        frame = pl.from_pandas(docs)
    if frame is not None:
        if text_column not in frame.columns:
            raise InputError(
                f"the table has no '{text_column}' column (columns: "
                f"{', '.join(frame.columns)}); pass text_column= naming the texts."
            )
        ids = frame.drop(text_column)
        if not ids.columns:
            ids = pl.DataFrame({"doc": np.arange(frame.height)})
        texts = frame[text_column]
        if texts.dtype != pl.String:
            raise InputError(f"column '{text_column}' holds {texts.dtype}, not text.")
        return ids, texts.fill_null("").to_list()
    if isinstance(docs, str):
        docs = [docs]
    if isinstance(docs, pl.Series):
        docs = docs.to_list()
    docs = list(docs)
    ids = pl.DataFrame({"doc": np.arange(len(docs), dtype=np.int64)})
    if all(isinstance(d, str) for d in docs):
        return ids, docs
    if all(isinstance(d, list | tuple) for d in docs):
        return ids, [list(d) for d in docs]
    bad = next(d for d in docs if not isinstance(d, str | list | tuple))
    raise InputError(
        f"documents must be texts (str) or token lists, got {type(bad).__name__}; pass a "
        "list of strings, a table with a text column, or a Corpus."
    )


def _sources(docs: Any) -> tuple:
    """Dataset references of the documents (a result's provenance or a corpus's sources)."""
    prov = provenance_of(docs)
    if prov is not None:
        return prov.sources
    return tuple(getattr(docs, "sources", ()) or ())


def _counts(
    texts: Sequence[Any],
    groups: Sequence[tuple[Sequence[str], Sequence[str]]],
    scope: str = "category",
) -> tuple[np.ndarray, np.ndarray]:
    """(documents × groups counts, words per document)."""
    n_docs = len(texts)
    counts = np.zeros((n_docs, len(groups)), dtype=np.int64)
    n_words = np.zeros(n_docs, dtype=np.int64)
    if n_docs == 0:
        return counts, n_words
    if isinstance(texts[0], list):
        stream = _token_lists(texts)
        return _count_stream(stream, groups, n_docs, scope), stream.n_words
    for start, stream in _streams(texts):
        k = stream.n_words.size
        counts[start : start + k] = _count_stream(stream, groups, k, scope)
        n_words[start : start + k] = stream.n_words
    return counts, n_words


def _long_table(
    ids: pl.DataFrame,
    counts: np.ndarray,
    n_words: np.ndarray,
    labels: Sequence[str],
    label_col: str,
    by: str | Sequence[str] | None,
) -> pl.DataFrame:
    """Long table: id columns (or *by* groups), label, count, n_words, per_10k."""
    n_docs, n_lab = counts.shape
    wide = ids.with_columns(pl.Series("n_words", n_words, dtype=pl.Int64))
    keys = list(ids.columns)
    if by is not None:
        by = [by] if isinstance(by, str) else list(by)
        for b in by:
            if b not in ids.columns:
                raise InputError(
                    f"by='{b}' is not a column of the documents (have: {', '.join(keys)})."
                )
        keys = by
    long = pl.DataFrame(
        {
            "_row": np.repeat(np.arange(n_docs), n_lab),
            label_col: np.tile(np.asarray(labels, dtype=object), n_docs).astype(str),
            "count": counts.ravel(),
        }
    )
    out = wide.with_row_index("_row").join(
        long.with_columns(pl.col("_row").cast(pl.UInt32)), on="_row"
    )
    if by is not None:
        out = out.group_by([*keys, label_col], maintain_order=True).agg(
            pl.col("count").sum(), pl.col("n_words").sum(), pl.len().alias("n_docs")
        )
        out = out.sort(keys, maintain_order=True)
    out = out.select(
        *keys,
        label_col,
        "count",
        "n_words",
        *(["n_docs"] if by is not None else []),
        pl.when(pl.col("n_words") > 0)
        .then(pl.col("count") * 10_000 / pl.col("n_words"))
        .otherwise(None)
        .alias("per_10k"),
    )
    return out


# --------------------------------------------------------------------------- API


def profile(
    docs: Any,
    dictionary: str | Path | Mapping[str, Any] | Dictionary = "values",
    *,
    by: str | Sequence[str] | None = None,
    text_column: str = "text",
) -> pl.DataFrame:
    """Count a dictionary's categories in documents, per document and per 10,000 words.

    Parameters
    ----------
    docs : Corpus, list of str, list of token lists or table
        An :class:`accord.texts.Corpus` (its metadata — ``doc_id``, ``actor_iso3``,
        ``year`` … — identify the rows of the result), texts (tokenized with
        :func:`accord.texts.tokens.tokenize`'s rules), token lists (taken as they are,
        lowercased) or a polars/pandas table with a ``text`` column (its other columns —
        e.g. ``country_iso3``, ``year`` — identify the rows).
    dictionary : str, path, mapping or Dictionary, default "values"
        ``"values"``, ``"agenda"``, a YAML file or a mapping: see :func:`load_dictionary`.
    by : str or list of str, optional
        Sum counts and words over documents sharing these id columns (e.g.
        ``["country_iso3", "year"]``); ``per_10k`` is then 10,000 × total count / total
        words of the group, and ``n_docs`` counts the documents.
    text_column : str, default "text"
        The text column of a table.

    Returns
    -------
    polars.DataFrame
        One row per document (or group) and category: the id columns (``doc`` = position
        for a plain list), ``category``, ``count``, ``n_words``, (``n_docs``) and
        ``per_10k``. Empty documents have ``per_10k`` null.

    Raises
    ------
    InputError
        A dictionary problem (see :func:`load_dictionary`), a missing text column, a
        ``by`` column that does not exist.

    Notes
    -----
    Matching follows the rule in this module's docstring: within a category,
    leftmost-longest, non-overlapping matches of its terms and exclusions; categories
    independent of each other. per_10k = 10⁴ · count / words.

    Examples
    --------
    >>> df = profile(
    ...     ["The rule of law and human rights.", "Sovereignty, sovereignty!"], "values"
    ... )
    >>> df.filter(pl.col("count") > 0).select("doc", "category", "count", "per_10k").rows()
    [(0, 'human_rights', 1, 1428.5714285714287), (0, 'rule_of_law', 1, 1428.5714285714287), \
(1, 'sovereignty', 2, 10000.0)]
    """
    d = load_dictionary(dictionary)
    ids, texts = _documents(docs, text_column)
    groups = [(c.terms, c.exclude) for c in d.categories]
    counts, n_words = _counts(texts, groups)
    out = _long_table(ids, counts, n_words, d.names, "category", by)
    return attach(
        out,
        Provenance(
            function="accord.texts.profile",
            sources=_sources(docs),
            parameters={
                "dictionary": d.name,
                "dictionary_source": d.source,
                "dictionary_version": d.version,
                "by": by,
            },
        ),
    )
