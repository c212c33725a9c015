"""The statements section: the user's own documents (joint statements, strategies).

With ``accord assess … --docs FOLDER`` (and an optional ``metadata.csv`` in the folder with
``doc_id, date, actors, title, source``; a joint statement lists several actors):

- **similarity** of every pair of documents (cosine of TF-IDF over the folder) with its
  percentile among the folder's pairs, and the mean similarity of A's documents with B's
  against the mean of A's or B's documents with everyone else's;
- **value language** and **agenda** of each document (accord's dictionaries, per 10,000
  words) — "democracy" five times in one strategy, none in another;
- **reused passages** between documents (MinHash + LSH candidates, aligned word by word),
  with their offsets.

Without ``--docs`` the section is "skipped" and says how to add it.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl

from accord import countries as _countries
from accord.assess.scorecard import Indicator, Section
from accord.assess.words_section import wide_profile

__all__ = ["statements_section"]

TITLE = "Statements (joint statements, strategies)"
_METADATA_NAMES = ("metadata.csv", "meta.csv")


def statements_section(a: str, b: str, folder: Path | None) -> Section:
    """The statements section of the scorecard (see the module docstring)."""
    from accord import texts
    from accord.provenance import provenance_of

    if folder is None:
        return Section(
            id="statements",
            title=TITLE,
            status="skipped",
            note=(
                "No documents given: pass --docs FOLDER (joint statements, strategies as .txt, "
                ".md, .html, .pdf or .docx, with a metadata.csv naming each document's actors) "
                "to compare them."
            ),
        )
    folder = Path(folder)
    meta_file = next((folder / n for n in _METADATA_NAMES if (folder / n).is_file()), None)
    import warnings

    with warnings.catch_warnings():  # each problem is also in corpus.issues, shown below
        warnings.simplefilter("ignore")
        corpus = texts.read_documents(folder, metadata=meta_file)
    meta = corpus.meta
    ids = meta["doc_id"].to_list()
    actors = [list(x or []) for x in meta["actors"].to_list()]
    summary, indicators, tables, figures, provenance = [], [], {}, {}, []
    in_a, in_b = _countries.sentence_name(a), _countries.sentence_name(b)
    pos_a, pos_b = _countries.possessive(in_a), _countries.possessive(in_b)
    values = texts.profile(corpus, "values")  # also counts each document's words
    agenda = texts.profile(corpus, "agenda")
    id_col = "doc_id" if "doc_id" in values.columns else values.columns[0]
    words_of = dict(values.select(id_col, "n_words").unique(id_col).iter_rows())
    n_words = [int(words_of.get(d, 0)) for d in ids]
    tables["documents"] = pl.DataFrame(
        {
            "doc_id": ids,
            "title": meta["title"].to_list(),
            "actors": [", ".join(x) for x in actors],
            "date": [None if d is None else str(d) for d in meta["date"].to_list()],
            "words": n_words,
        }
    )
    summary.append(
        f"{len(ids)} document{'' if len(ids) == 1 else 's'} read from {folder.name}"
        + (f" (metadata from {meta_file.name})" if meta_file else " (no metadata.csv: no actors)")
        + "."
    )
    for _, problem in corpus.issues.iter_rows():
        summary.append(f"Note: {problem}")
    if len(ids) == 1:
        summary.append("One document: nothing to compare it with; give two or more.")
    indicators.append(
        Indicator(
            id="statements.documents",
            label="documents compared",
            value=float(len(ids)),
            unit="documents",
            n=int(sum(n_words)),
            n_label="words in all",
        )
    )
    if len(ids) >= 2:
        sim = texts.similarity(corpus, by=None)
        if (p := provenance_of(sim)) is not None:
            provenance.append(p)
        sim = sim.select("doc_a", "doc_b", "value", "percentile").sort("value", descending=True)
        tables["doc_similarity"] = sim
        top = sim.row(0, named=True)
        summary.append(
            f"Most alike: {top['doc_a']} and {top['doc_b']} (cosine {top['value']:.2f} of "
            f"TF-IDF over the {len(ids)} documents)."
        )
        by_doc = dict(zip(ids, actors, strict=True))
        ab, others = [], []
        for r in sim.iter_rows(named=True):
            xa, xb = set(by_doc[r["doc_a"]]), set(by_doc[r["doc_b"]])
            if (a in xa and b in xb and b not in xa) or (b in xa and a in xb and a not in xa):
                ab.append(r["value"])
            elif (xa & {a, b}) and not (xb & {a, b}) or (xb & {a, b}) and not (xa & {a, b}):
                others.append(r["value"])
        if ab:
            mean_ab = sum(ab) / len(ab)
            mean_other = sum(others) / len(others) if others else None
            indicators.append(
                Indicator(
                    id="statements.ab.mean_similarity",
                    label=f"mean similarity of {a}'s documents with {b}'s",
                    value=mean_ab,
                    unit="cosine",
                    n=len(ab),
                    n_label="pairs of documents",
                    baseline=None
                    if mean_other is None
                    else f"{a}'s or {b}'s documents with the others': mean {mean_other:.2f} "
                    f"({len(others)} pairs)",
                    caveat="a handful of documents: a description, not a test",
                    details={"mean_others": mean_other, "n_others": len(others)},
                )
            )
            summary.append(
                f"{pos_a} documents and {pos_b}: mean cosine {mean_ab:.2f} over {len(ab)} "
                + ("pair" if len(ab) == 1 else "pairs")
                + (
                    ""
                    if mean_other is None
                    else f"; each with the other documents: {mean_other:.2f} ({len(others)} pairs)"
                )
                + "."
            )
    for result in (values, agenda):
        if (p := provenance_of(result)) is not None:
            provenance.append(p)
    tables["values_by_doc"] = wide_profile(values, id_col)
    tables["agenda_by_doc"] = wide_profile(agenda, id_col)
    figures["values_by_doc"] = _values_finding(values, id_col)
    if len(ids) >= 2:
        passages = texts.reuse(list(corpus.texts), ids)
        if (p := provenance_of(passages)) is not None:
            provenance.append(p)
        tables["reused_passages"] = passages.select(
            "id_a", "id_b", "words", "start_a", "end_a", "start_b", "end_b", "passage_a"
        )
        indicators.append(
            Indicator(
                id="statements.reuse.passages",
                label="passages of 15 or more identical words shared by two documents",
                value=float(passages.height),
                unit="passages",
                n=len(ids) * (len(ids) - 1) // 2,
                n_label="pairs of documents",
                baseline="MinHash + LSH candidates, aligned word by word",
            )
        )
        if passages.height:
            longest = passages.sort("words", descending=True).row(0, named=True)
            summary.append(
                f"Reused passages: {passages.height}; the longest, {longest['words']} words, "
                f"in {longest['id_a']} and {longest['id_b']}."
            )
        else:
            summary.append("No passage of 15 or more words is shared by two documents.")
    summary.append(
        "Documents that read alike show a shared agenda or a shared drafter, not by themselves "
        "coordination between the powers."
    )
    return Section(
        id="statements",
        title=TITLE,
        status="ok",
        summary=tuple(summary),
        indicators=tuple(indicators),
        tables=tables,
        provenance=tuple(provenance),
        note=f"The user's documents in {folder}.",
        figures=figures,
    )


def _values_finding(values: pl.DataFrame, id_col: str) -> str:
    dem = values.filter(pl.col("category").is_in(["democracy", "human_rights"]))
    per_doc = dem.group_by(id_col).agg(pl.col("count").sum()).sort("count", descending=True)
    if per_doc.height == 0:
        return "Value language by document"
    most, least = per_doc.row(0), per_doc.row(per_doc.height - 1)
    times = "time" if most[1] == 1 else "times"
    if per_doc.height == 1:
        return f"'Democracy' and 'human rights': {most[1]} {times} in {most[0]}"
    return (
        f"'Democracy' and 'human rights': {most[1]} {times} in {most[0]}, {least[1]} in {least[0]}"
    )
