"""Read a folder of the user's documents (.txt, .md, .html, .pdf, .docx) into a Corpus.

Every file that cannot be used (unreadable, empty, a PDF without a text layer, a text file
that is not UTF-8, a format whose extra is not installed) gets one line in
``corpus.issues`` and one warning; the rest of the folder still loads. Documents that do
not look English are kept and reported too (accord's tokens and dictionaries are English).
"""

from __future__ import annotations

import csv
import warnings
from datetime import date
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import polars as pl

from accord.errors import InputError
from accord.texts.corpus import META, Corpus

__all__ = ["read_documents", "english_share", "SUFFIXES", "DocumentWarning"]

SUFFIXES = (".txt", ".md", ".html", ".htm", ".pdf", ".docx")

#: Below this share of English stopwords among its words a document is reported as
#: probably not English (with at least ``_MIN_WORDS`` words).
ENGLISH_THRESHOLD = 0.15
_MIN_WORDS = 30


class DocumentWarning(UserWarning):
    """A document of a folder was skipped or flagged (see ``Corpus.issues``)."""


class _Skip(Exception):
    """A file cannot be used; the message says why and what to do."""


class _TextOfHTML(HTMLParser):
    _SKIP = {"script", "style", "noscript", "template", "head"}
    _BLOCK = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "section"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.title: list[str] = []
        self._skip = 0
        self._in_title = False

    def handle_starttag(self, tag: str, attrs: Any) -> None:
        if tag == "title":
            self._in_title = True
        elif tag in self._SKIP:
            self._skip += 1
        elif tag in self._BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False
        elif tag in self._SKIP and self._skip:
            self._skip -= 1
        elif tag in self._BLOCK:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title.append(data)
        elif not self._skip:
            self.parts.append(data)


def _decode(raw: bytes, name: str) -> str:
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return raw.decode("utf-16")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise _Skip(
            f"{name}: not UTF-8 text (byte {exc.start}: {raw[exc.start : exc.start + 1]!r}); "
            "re-save it as UTF-8."
        ) from None


def _read_pdf(path: Path) -> str:
    try:
        import pypdf
    except ImportError:
        raise _Skip(
            f"{path.name}: reading PDF needs the pdf extra; `pip install 'accord[pdf]'`."
        ) from None
    try:
        reader = pypdf.PdfReader(str(path))
        if reader.is_encrypted:
            try:
                reader.decrypt("")
            except Exception:
                raise _Skip(
                    f"{path.name}: the PDF is encrypted; save an unprotected copy."
                ) from None
        pages = [p.extract_text() or "" for p in reader.pages]
    except _Skip:
        raise
    except Exception as exc:
        raise _Skip(
            f"{path.name}: not a readable PDF ({type(exc).__name__}); open and re-save it."
        ) from None
    text = "\n".join(pages)
    if not text.strip():
        raise _Skip(
            f"{path.name}: the PDF has no text layer ({len(pages)} page(s), scanned images?); "
            "run OCR on it (e.g. ocrmypdf) and try again."
        )
    return text


def _read_docx(path: Path) -> str:
    try:
        import docx
    except ImportError:
        raise _Skip(
            f"{path.name}: reading .docx needs the docx extra; `pip install 'accord[docx]'`."
        ) from None
    try:
        d = docx.Document(str(path))
    except Exception as exc:
        raise _Skip(
            f"{path.name}: not a readable .docx ({type(exc).__name__}); open and re-save it."
        ) from None
    parts = [p.text for p in d.paragraphs]
    for table in d.tables:
        for row in table.rows:
            parts.append("\t".join(c.text for c in row.cells))
    return "\n".join(parts)


def _read(path: Path) -> tuple[str, str | None]:
    """(text, title or None) of one file; raises _Skip."""
    suffix = path.suffix.lower()
    if suffix == ".pdf":
        return _read_pdf(path), None
    if suffix == ".docx":
        return _read_docx(path), None
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise _Skip(f"{path.name}: cannot be read ({exc.strerror or exc}).") from None
    text = _decode(raw, path.name)
    if suffix in (".html", ".htm"):
        p = _TextOfHTML()
        p.feed(text)
        p.close()
        title = " ".join("".join(p.title).split()) or None
        return "".join(p.parts), title
    return text, None


def english_share(text: str) -> tuple[float, int]:
    """Share of English stopwords among a text's words, and its number of words.

    Running English prose has 35–55 % stopwords (the Snowball list); French, Russian or
    Spanish text has almost none of them. accord reports a document as probably not
    English when the share is below 0.15 with at least 30 words.
    """
    from accord.texts.tokens import stopwords, tokenize

    toks = tokenize(text)
    if not toks:
        return 0.0, 0
    sw = stopwords()
    return sum(t in sw for t in toks) / len(toks), len(toks)


def _metadata(path: Path) -> dict[str, dict[str, Any]]:
    from accord import countries

    if not path.is_file():
        raise InputError(f"metadata file '{path}' does not exist. Check the path.")
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise InputError(
            f"metadata file '{path.name}' is not UTF-8; re-save it as UTF-8."
        ) from None
    rows = list(csv.DictReader(text.splitlines()))
    header = [h.strip().lower() for h in (rows[0].keys() if rows else [])]
    if "doc_id" not in header:
        raise InputError(
            f"metadata file '{path.name}' needs a 'doc_id' column (the file name, with or "
            f"without extension); its columns are: {', '.join(header) or 'none'}."
        )
    out: dict[str, dict[str, Any]] = {}
    for line, row in enumerate(rows, start=2):
        r = {k.strip().lower(): (v or "").strip() for k, v in row.items() if k}
        doc = r.get("doc_id", "")
        if not doc:
            raise InputError(f"{path.name} line {line}, column 'doc_id': empty.")
        rec: dict[str, Any] = {}
        if r.get("date"):
            try:
                rec["date"] = date.fromisoformat(r["date"])
            except ValueError:
                raise InputError(
                    f"{path.name} line {line}, column 'date': {r['date']!r} is not a date; "
                    "use YYYY-MM-DD."
                ) from None
        if r.get("actors"):
            names = [a.strip() for a in r["actors"].replace(";", "+").split("+") if a.strip()]
            rec["actors"] = [
                countries.resolve(a, where=f"{path.name} line {line}, column 'actors'")
                for a in names
            ]
        for k in ("title", "source"):
            if r.get(k):
                rec[k] = r[k]
        out[doc] = rec
    return out


def read_documents(folder: str | Path, metadata: str | Path | None = None) -> Corpus:
    """Read every .txt, .md, .html, .pdf and .docx file of *folder* into a Corpus.

    Parameters
    ----------
    folder : str or pathlib.Path
        The documents; sub-folders are not read. ``doc_id`` is the file name without
        its extension.
    metadata : str or pathlib.Path, optional
        A CSV with a ``doc_id`` column (file name with or without extension) and any of
        ``date`` (YYYY-MM-DD), ``actors`` (countries separated by ``;`` or ``+``: a joint
        statement has several), ``title``, ``source``. Without it, or for files it does
        not list, those are empty (the year is then unknown).

    Returns
    -------
    Corpus
        The documents that could be read, sorted by doc_id; ``corpus.issues`` lists each
        file skipped and each document flagged, one line each, also issued as a
        :class:`DocumentWarning`.

    Raises
    ------
    InputError
        The folder does not exist or holds no readable document; the metadata file is
        malformed (the message names the line and column).

    Notes
    -----
    Text files are read as UTF-8 (a BOM is honoured; UTF-16 with a BOM too): no encoding
    is guessed, a file in another encoding is reported. HTML is reduced to its text with
    the standard library's parser (scripts and styles dropped; ``<title>`` becomes the
    title). PDF needs the ``pdf`` extra (pypdf), .docx the ``docx`` extra
    (python-docx). A document is flagged "probably not English" when fewer than 15 % of
    its words (at least 30) are English stopwords: English prose has 35–55 %.
    """
    folder = Path(folder).expanduser()
    if not folder.is_dir():
        raise InputError(f"documents folder '{folder}' does not exist or is not a folder.")
    meta = _metadata(Path(metadata).expanduser()) if metadata is not None else {}
    issues: list[tuple[str, str]] = []
    rows: list[dict[str, Any]] = []
    texts: list[str] = []
    meta_file = Path(metadata).expanduser().resolve() if metadata is not None else None
    files = sorted(
        p
        for p in folder.iterdir()
        if p.is_file() and not p.name.startswith(".") and p.resolve() != meta_file
    )  # the metadata file may sit in the folder: it is not a document
    for p in files:
        if p.suffix.lower() not in SUFFIXES:
            issues.append(
                (p.name, f"{p.name}: not a supported document type ({', '.join(SUFFIXES)}).")
            )
            continue
        try:
            text, title = _read(p)
            if not text.strip():
                raise _Skip(f"{p.name}: the document is empty.")
        except _Skip as exc:
            issues.append((p.name, str(exc)))
            continue
        rec = meta.get(p.stem) or meta.get(p.name) or {}
        d = rec.get("date")
        rows.append(
            {
                "doc_id": p.stem,
                "actors": rec.get("actors", []),
                "date": d,
                "year": d.year if d else None,
                "title": rec.get("title", title),
                "source": rec.get("source", p.name),
            }
        )
        texts.append(text)
        share, n = english_share(text)
        if n >= _MIN_WORDS and share < ENGLISH_THRESHOLD:
            issues.append(
                (
                    p.name,
                    f"{p.name}: probably not English ({share:.0%} English stopwords among "
                    f"{n} words; English prose has 35–55 %); accord's measures are English "
                    "only for now: its results for this document mean little.",
                )
            )
    known = {r["doc_id"] for r in rows} | {p.name for p in files}
    for doc in meta:
        if doc not in known and Path(doc).stem not in {r["doc_id"] for r in rows}:
            issues.append((doc, f"{doc}: listed in the metadata but no such document was read."))
    stems = [r["doc_id"] for r in rows]
    dups = sorted({s for s in stems if stems.count(s) > 1})
    if dups:
        raise InputError(
            f"documents folder '{folder}' has several files named {dups[0]!r} with different "
            "extensions; rename one so each doc_id is unique."
        )
    for _, msg in issues:
        warnings.warn(msg, DocumentWarning, stacklevel=2)
    if not rows:
        raise InputError(
            f"documents folder '{folder}' holds no readable document"
            + (f": {'; '.join(m for _, m in issues)}" if issues else f" ({', '.join(SUFFIXES)}).")
        )
    table = pl.DataFrame(rows, schema=META)
    issues_df = pl.DataFrame(issues, schema={"file": pl.String, "problem": pl.String}, orient="row")
    return Corpus(meta=table, texts=tuple(texts), issues=issues_df)
