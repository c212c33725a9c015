"""Pull the UN General Debate Corpus: the original archive layout converted to parquet.

The corpus is published on Harvard Dataverse (doi:10.7910/DVN/0TJX8Y) as an archive of
text files, one per speech, in folders per session::

    TXT/Session 74 - 2019/RUS_74_2019.txt

This module reads that layout (a ``.zip`` or an unpacked folder; macOS ``__MACOSX/``,
``._*`` and ``.DS_Store`` entries and other hidden files are skipped) or a ready parquet
with the columns below, checks it, and writes ``<cache>/ungdc/<version>/ungdc.parquet``
with the columns ``country_iso3, session, year, filename, n_chars, text`` sorted by year
and country. The SHA-256 of what it wrote (and of what it read) is recorded in the
dataset's ``PROVENANCE.json``; :func:`accord.data.path` checks the file against it.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import tempfile
import zipfile
from collections.abc import Iterator
from pathlib import Path

import polars as pl

from accord._atomic import write_atomic
from accord.data.cache import (
    PROVENANCE_FILE,
    check_file,
    dataset_dir,
    expected,
    make_dataset_dir,
    mirror,
    remember_good,
    sha256_of,
)
from accord.data.registry import DataFile, Dataset
from accord.errors import DataError, InputError

__all__ = ["pull", "read_archive", "COLUMNS"]

#: Columns of the converted file (and of a ready parquet accepted from a mirror).
COLUMNS = {
    "country_iso3": pl.String,
    "session": pl.Int64,
    "year": pl.Int64,
    "filename": pl.String,
    "n_chars": pl.Int64,
    "text": pl.String,
}

_MEMBER = re.compile(r"(?:^|/)Session (\d{1,3}) - (\d{4})/([A-Za-z]{2,3})_(\d{1,3})_(\d{4})\.txt$")
#: Other names the puller looks for in a mirror folder, next to the ready parquet.
MIRROR_ARCHIVES = ("ungdc/UNGDC.zip", "ungdc/TXT")


def _junk(name: str) -> bool:
    parts = name.replace("\\", "/").split("/")
    return "__MACOSX" in parts or any(p.startswith(".") for p in parts if p)


def _members(source: Path) -> Iterator[tuple[str, bytes]]:
    """(relative name, bytes) of every non-junk ``.txt`` file in a zip or folder."""
    if source.is_dir():
        for root, dirs, files in os.walk(source):
            dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d != "__MACOSX")
            for name in sorted(files):
                rel = Path(root, name).relative_to(source).as_posix()
                if name.endswith(".txt") and not _junk(rel):
                    yield rel, Path(root, name).read_bytes()
        return
    try:
        with zipfile.ZipFile(source) as zf:
            for info in sorted(zf.infolist(), key=lambda i: i.filename):
                if info.is_dir() or not info.filename.endswith(".txt") or _junk(info.filename):
                    continue
                yield info.filename, zf.read(info)
    except zipfile.BadZipFile as exc:
        raise DataError(
            f"'{source}' is not a readable zip archive ({exc}). Download the UNGDC archive "
            "again, or give the unpacked folder (source= in Python, --from on the command line)."
        ) from exc


def read_archive(source: str | Path) -> tuple[pl.DataFrame, list[str]]:
    """Read the original UNGDC layout from a zip or folder.

    Parameters
    ----------
    source : str or pathlib.Path
        A ``.zip`` or a folder holding ``Session NN - YYYY/ISO_NN_YYYY.txt`` files at any
        depth.

    Returns
    -------
    table : polars.DataFrame
        Columns :data:`COLUMNS`, one row per speech, sorted by year and country code.
    ignored : list of str
        ``.txt`` files that are not speeches (names outside the layout), for the record.

    Raises
    ------
    DataError
        Not a zip or folder, no speech found, a file that is not UTF-8, a session folder
        and file name that disagree, or the same speech twice.
    """
    source = Path(source)
    if not source.exists():
        raise DataError(f"UNGDC archive '{source}' does not exist. Check the path.")
    rows: dict[str, list] = {k: [] for k in COLUMNS}
    ignored: list[str] = []
    seen: dict[tuple[str, int], str] = {}
    for name, raw in _members(source):
        m = _MEMBER.search(name)
        if m is None:
            ignored.append(name)
            continue
        folder_session, folder_year, iso, session, year = m.groups()
        session_i, year_i = int(session), int(year)
        if int(folder_session) != session_i or int(folder_year) != year_i:
            raise DataError(
                f"UNGDC archive '{source}': file '{name}' is for session {session_i} "
                f"({year_i}) but sits in the folder of session {folder_session} "
                f"({folder_year}). The archive is not in the published layout."
            )
        if year_i != session_i + 1945:
            raise DataError(
                f"UNGDC archive '{source}': file '{name}' says session {session_i} was in "
                f"{year_i}; General Assembly session N opens in year N + 1945."
            )
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise DataError(
                f"UNGDC archive '{source}': file '{name}' is not UTF-8 (byte {exc.start}). "
                "The published files are UTF-8; download the archive again."
            ) from None
        key = (iso.upper(), session_i)
        if key in seen:
            raise DataError(
                f"UNGDC archive '{source}': speech {iso.upper()} session {session_i} appears "
                f"twice ('{seen[key]}' and '{name}'). Remove one copy."
            )
        seen[key] = name
        rows["country_iso3"].append(iso.upper())
        rows["session"].append(session_i)
        rows["year"].append(year_i)
        rows["filename"].append(name.rsplit("/", 1)[-1])
        rows["n_chars"].append(len(text))
        rows["text"].append(text)
    if not rows["text"]:
        raise DataError(
            f"UNGDC archive '{source}' holds no speech file of the form "
            "'Session NN - YYYY/ISO_NN_YYYY.txt'. Give the corpus archive (source= in Python, "
            "--from on the command line)."
        )
    table = pl.DataFrame(rows, schema=COLUMNS).sort("year", "country_iso3")
    return table, ignored


def check_ready(file: Path) -> int:
    """Check that a ready parquet has the UNGDC columns; return its number of rows."""
    try:
        schema = pl.read_parquet_schema(file)
    except Exception as exc:  # polars raises several types for a damaged file
        raise DataError(
            f"'{file}' is not a readable parquet file ({type(exc).__name__}). Use the UNGDC "
            "parquet or the original archive."
        ) from exc
    missing = [c for c in COLUMNS if c not in schema]
    if missing:
        raise DataError(
            f"'{file}' lacks the UNGDC column(s) {', '.join(missing)}; expected "
            f"{', '.join(COLUMNS)}. Use the UNGDC parquet or the original archive."
        )
    wrong = [c for c, t in COLUMNS.items() if schema[c] != t]
    if wrong:
        got = ", ".join(f"{c} is {schema[c]}" for c in wrong)
        raise DataError(f"'{file}' has UNGDC columns of the wrong type ({got}).")
    return pl.scan_parquet(file).select(pl.len()).collect().item()


def _find_source(ds: Dataset, f: DataFile) -> tuple[str, Path | str]:
    """("parquet" | "archive" | "url", where) for the current mirror."""
    m = mirror()
    if m is None:
        raise DataError(
            "dataset 'ungdc' has no download accord can fetch unattended (Harvard Dataverse "
            "asks to accept its terms). Download the archive from "
            "https://doi.org/10.7910/DVN/0TJX8Y and run "
            "`accord data pull ungdc --from ARCHIVE.zip` (in Python: "
            "accord.data.pull('ungdc', source='PATH/TO/ARCHIVE.zip')), or set ACCORD_MIRROR "
            "to a mirror folder holding ungdc/ungdc_1946_2024.parquet."
        )
    lower = m.lower()
    if lower.startswith(("http://", "https://")):
        return "url", f"{m.rstrip('/')}/{f.mirror_path}"
    root = Path(m[len("file://") :] if lower.startswith("file://") else m).expanduser()
    ready = root.joinpath(*str(f.mirror_path).split("/"))
    if ready.is_file():
        return "parquet", ready
    for rel in MIRROR_ARCHIVES:
        cand = root.joinpath(*rel.split("/"))
        if cand.exists():
            return "archive", cand
    raise DataError(
        f"mirror folder '{root}' has neither '{f.mirror_path}' nor "
        f"{' nor '.join(repr(r) for r in MIRROR_ARCHIVES)} (dataset 'ungdc'). Put one there, "
        "or give the archive (--from on the command line, source= in Python)."
    )


def pull(
    ds: Dataset, *, force: bool = False, progress: bool = True, source: str | Path | None = None
) -> list[Path]:
    """Fetch or convert the corpus into the cache (called by :func:`accord.data.pull`)."""
    f = ds.files[0]
    folder = dataset_dir(ds)
    target = folder / f.name
    if not force and source is None and check_file(target, expected(ds, f))[0]:
        return [target]
    make_dataset_dir(ds)
    if source is not None:
        src = Path(source).expanduser()
        if not src.exists():
            raise InputError(f"'{source}' does not exist. Give the UNGDC zip or folder.")
        kind = "parquet" if src.suffix.lower() == ".parquet" else "archive"
        where: Path | str = src
    else:
        kind, where = _find_source(ds, f)
    if kind == "url":
        from accord.data.pull import _download

        _download(ds, f, str(where), target, progress)
        record = {"source": str(where), "source_sha256": f.sha256, "rows": check_ready(target)}
    elif kind == "parquet":
        rows = check_ready(Path(where))
        _copy_file(Path(where), target)
        record = {"source": str(where), "source_sha256": sha256_of(target), "rows": rows}
    else:
        table, ignored = read_archive(where)
        write_atomic(target, lambda t: table.write_parquet(t, compression="zstd"), suffix=".part")
        src_sha = sha256_of(Path(where)) if Path(where).is_file() else None
        record = {
            "source": str(where),
            "source_sha256": src_sha,
            "rows": table.height,
            "ignored_files": ignored,
        }
    written = DataFile(name=f.name, sha256=sha256_of(target), size=target.stat().st_size)
    remember_good(target, written)
    _record(ds, written, record)
    return [target]


def _copy_file(src: Path, target: Path) -> None:
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as out, open(src, "rb") as inp:
            while chunk := inp.read(1 << 20):
                out.write(chunk)
        os.replace(tmp, target)
    except OSError as exc:
        raise DataError(
            f"could not copy '{src}' into the cache '{target.parent}': {exc.strerror or exc}. "
            "Check the free space of the cache folder (ACCORD_CACHE)."
        ) from exc
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)


def _record(ds: Dataset, written: DataFile, extra: dict) -> None:
    from accord import __version__
    from accord.data.pull import _now

    now = _now()
    entry = {"name": written.name, "sha256": written.sha256, "size": written.size}
    entry |= extra | {"retrieved_at": now, "converted": extra.get("ignored_files") is not None}
    entry["matches_published"] = written.sha256 == ds.files[0].sha256
    record = {
        "id": ds.id,
        "version": ds.version,
        "files": [entry],
        "mirror": mirror(),
        "retrieved_at": now,
        "accord_version": __version__,
    }
    folder = dataset_dir(ds)
    text = json.dumps(record, indent=2) + "\n"
    write_atomic(folder / PROVENANCE_FILE, lambda f: f.write_text(text, encoding="utf-8"))
