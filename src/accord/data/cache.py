"""Where dataset files live and whether they are intact: cache folder, paths, checksums.

Embedded files are read from the package folder ``accord/data/files/``; pullable files
from ``<cache>/<id>/<version>/`` where ``<cache>`` is :func:`cache_dir`. Every file is
checked against the size and SHA-256 of its registry entry before its path is handed out;
the result of a check is remembered per (path, modification time, size), so asking again
costs one ``stat``.
"""

from __future__ import annotations

import hashlib
import json
import mmap
import os
from importlib import resources
from pathlib import Path
from typing import Any

import polars as pl

from accord.data import registry
from accord.data.registry import DataFile, Dataset
from accord.errors import ChecksumError, DataError, NotCachedError
from accord.provenance import SourceRef

__all__ = [
    "cache_dir",
    "mirror",
    "dataset_dir",
    "path",
    "verify",
    "datasets",
    "citation",
    "read_provenance",
    "source",
    "PROVENANCE_FILE",
]

#: Name of the provenance record written next to pulled files.
PROVENANCE_FILE = "PROVENANCE.json"

CHUNK_SIZE = 1 << 20  # bytes read per step when copying

# (path, mtime_ns, size, expected sha256) -> does the file match?
_verified: dict[tuple[str, int, int, str], bool] = {}


def cache_dir() -> Path:
    """Return the folder where pulled datasets are cached.

    The platform's user cache folder for ``accord`` (``~/.cache/accord`` on Linux), unless
    the environment variable ``ACCORD_CACHE`` names another folder. The folder is not
    created here.

    Returns
    -------
    pathlib.Path
        An absolute path.
    """
    env = os.environ.get("ACCORD_CACHE", "").strip()
    if env:
        return Path(env).expanduser().absolute()
    import platformdirs

    return Path(platformdirs.user_cache_dir("accord", appauthor=False)).absolute()


def mirror() -> str | None:
    """Return the mirror the puller uses instead of the registry URLs, or ``None``.

    Read from the environment variable ``ACCORD_MIRROR``: a local folder laid out like the
    registry's ``mirror_path`` entries (e.g. a copy of the shared data folder), or an HTTP
    base URL. The intended use is a local mirror (a folder, or ``http://127.0.0.1:PORT/``)
    for offline work and tests; any other HTTP server works too.

    Returns
    -------
    str or None
    """
    value = os.environ.get("ACCORD_MIRROR", "").strip()
    return value or None


def dataset_dir(ds: Dataset | str) -> Path:
    """Return the cache folder of a pullable dataset: ``<cache>/<id>/<version>/``."""
    if isinstance(ds, str):
        ds = registry.get(ds)
    return cache_dir() / ds.id / ds.version


def make_dataset_dir(ds: Dataset | str) -> Path:
    """The cache folder of a pullable dataset, created if it is not there yet.

    Raises :class:`DataError` naming the folder and the fix when it cannot be created.
    """
    folder = dataset_dir(ds)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise DataError(
            f"cannot create the cache folder '{folder}': {exc.strerror or exc}. "
            "Set ACCORD_CACHE to a writable folder."
        ) from exc
    return folder


def _embedded_dir() -> Path:
    root = resources.files("accord.data").joinpath("files")
    return Path(str(root))


def _location(ds: Dataset, f: DataFile) -> Path:
    if ds.kind == "embedded":
        return _embedded_dir() / f.name
    return dataset_dir(ds) / f.name


def sha256_of(file: Path) -> str:
    """Return the SHA-256 (hex) of *file*'s bytes, read through a memory map (no copy into
    Python buffers; ``hashlib`` releases the GIL meanwhile)."""
    with open(file, "rb") as fh:
        try:
            with mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ) as view:
                return hashlib.sha256(view).hexdigest()
        except (ValueError, OSError):  # empty files, pipes: read them
            fh.seek(0)
            return hashlib.file_digest(fh, "sha256").hexdigest()


def check_file(file: Path, f: DataFile, *, fresh: bool = False) -> tuple[bool, str]:
    """Is *file* intact? Returns (ok, reason); reason is empty when ok."""
    try:
        st = file.stat()
    except FileNotFoundError:
        return False, "missing"
    if st.st_size != f.size:
        return False, f"{st.st_size:,} bytes, expected {f.size:,}"
    key = (str(file), st.st_mtime_ns, st.st_size, f.sha256)
    if fresh or key not in _verified:
        _verified[key] = sha256_of(file) == f.sha256
    if _verified[key]:
        return True, ""
    return False, "SHA-256 differs from the registry"


def expected(ds: Dataset, f: DataFile) -> DataFile:
    """The size and SHA-256 a cached file must have.

    The registry's, except for a converted dataset (``ds.converted``), whose file is
    checked against what ``PROVENANCE.json`` recorded when it was written (the registry's
    values when there is no record: the file then counts as missing or damaged).
    """
    if not ds.converted:
        return f
    try:
        record = read_provenance(ds.id) or {}
    except DataError:
        return f
    for entry in record.get("files", []):
        if isinstance(entry, dict) and entry.get("name") == f.name:
            try:
                return DataFile(name=f.name, sha256=str(entry["sha256"]), size=int(entry["size"]))
            except (KeyError, TypeError, ValueError):
                return f
    return f


def remember_good(file: Path, f: DataFile) -> None:
    """Record that *file* was just written with the registry's checksum."""
    st = file.stat()
    _verified[(str(file), st.st_mtime_ns, st.st_size, f.sha256)] = True


def path(id: str, name: str | None = None) -> Path:
    """Return the path of a dataset file, checked against its registry checksum.

    Parameters
    ----------
    id : str
        Dataset identifier, e.g. ``"bsv-idealpoints"``.
    name : str, optional
        File name; may be omitted when the dataset has one file.

    Returns
    -------
    pathlib.Path
        The embedded file inside the package, or the cached file.

    Raises
    ------
    InputError
        Unknown dataset or file name.
    NotCachedError
        A pullable dataset that is not in the cache; the message gives the pull command.
    ChecksumError
        The file is damaged (wrong size or SHA-256) and could not be fetched again.
    DataError
        An embedded file is missing from the installation.

    Notes
    -----
    A cached file that is damaged (a partial copy, a disk error) is fetched again from the
    mirror or URL without asking; if that fails a :class:`ChecksumError` says how to fetch
    it by hand. The check is remembered per (path, modification time, size), so repeated
    calls do not hash the file again.

    Examples
    --------
    >>> from accord import data
    >>> data.path("bsv-idealpoints").name  # doctest: +SKIP
    'IdealpointestimatesAll_Jun2024.csv'
    """
    ds = registry.get(id)
    f = ds.file(name)
    file = _location(ds, f)
    ok, reason = check_file(file, expected(ds, f))
    if ok:
        return file
    if ds.kind == "embedded":
        if reason == "missing":
            raise DataError(
                f"embedded file '{f.name}' of dataset '{ds.id}' is missing from the "
                f"installation ({file}). Reinstall accord."
            )
        raise ChecksumError(
            f"embedded file '{f.name}' of dataset '{ds.id}' is damaged ({reason}). "
            "Reinstall accord."
        )
    if reason == "missing":
        raise NotCachedError(
            f"dataset '{ds.id}' is not in the cache ({dataset_dir(ds)}). "
            f"Fetch it with `accord data pull {ds.id}`."
        )
    if ds.converted:
        raise ChecksumError(
            f"cached file '{file}' of dataset '{ds.id}' is damaged ({reason}). "
            f"Run `accord data pull {ds.id} --force` to convert it again."
        )
    from accord.data.pull import fetch_file, source_of

    try:
        fetch_file(ds, f, progress=False)
    except DataError as exc:
        try:
            where = f" from {source_of(ds, f)}"
        except DataError:
            where = ""
        raise ChecksumError(
            f"cached file '{file}' of dataset '{ds.id}' is damaged ({reason}) and could not "
            f"be fetched again{where}. Run `accord data pull {ds.id} --force` once the "
            "source is reachable (or set ACCORD_MIRROR to a mirror that has it)."
        ) from exc
    return file


def verify(id: str) -> dict[str, bool]:
    """Check every file of a dataset against the registry, hashing it afresh.

    Parameters
    ----------
    id : str
        Dataset identifier.

    Returns
    -------
    dict of str to bool
        File name → whether it is present with the registry's size and SHA-256.
        Nothing is fetched or deleted.
    """
    ds = registry.get(id)
    return {f.name: check_file(_location(ds, f), expected(ds, f), fresh=True)[0] for f in ds.files}


def _status(ds: Dataset) -> str:
    if ds.kind == "embedded":
        return "embedded"
    sizes = []
    for f in ds.files:
        try:
            sizes.append(_location(ds, f).stat().st_size == expected(ds, f).size)
        except FileNotFoundError:
            return "not cached"
    return "cached" if all(sizes) else "damaged"


def datasets() -> pl.DataFrame:
    """List the datasets accord knows, with where each one is.

    Returns
    -------
    polars.DataFrame
        Columns ``id``, ``kind``, ``title``, ``version``, ``licence``, ``coverage``,
        ``status``: ``"embedded"`` (shipped in the package), ``"cached"`` (pulled, all
        files of the right size), ``"not cached"`` or ``"damaged"`` (a file of the wrong
        size; ``accord data pull ID --force`` repairs it).

    Examples
    --------
    >>> from accord import data
    >>> "bsv-idealpoints" in data.datasets()["id"].to_list()
    True
    """
    rows = [
        {
            "id": ds.id,
            "kind": ds.kind,
            "title": ds.title,
            "version": ds.version,
            "licence": ds.licence,
            "coverage": ds.coverage,
            "status": _status(ds),
        }
        for ds in registry.DATASETS
    ]
    schema = dict.fromkeys(("id", "kind", "title", "version", "licence", "coverage"), pl.String)
    schema["status"] = pl.String
    return pl.DataFrame(rows, schema=schema)


def citation(id: str) -> str:
    """Return the BibTeX entries to cite dataset *id*.

    Examples
    --------
    >>> from accord import data
    >>> data.citation("bsv-idealpoints").startswith("@article{bailey2017")
    True
    """
    return registry.get(id).citation


def read_provenance(id: str) -> dict[str, Any] | None:
    """Return the provenance record written by the last pull of *id*, or ``None``.

    The record (``<cache>/<id>/<version>/PROVENANCE.json``) holds ``id``, ``version``,
    ``files`` (name, sha256, size, source), ``source``, ``retrieved_at`` (UTC, ISO 8601)
    and ``accord_version``. Embedded datasets have none.
    """
    ds = registry.get(id)
    if ds.kind == "embedded":
        return None
    file = dataset_dir(ds) / PROVENANCE_FILE
    try:
        return json.loads(file.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as exc:
        raise DataError(
            f"provenance record '{file}' cannot be read ({exc}). "
            f"Run `accord data pull {ds.id} --force` to write it again."
        ) from exc


def source(id: str) -> SourceRef:
    """Return the :class:`~accord.provenance.SourceRef` of dataset *id* (for results)."""
    ds = registry.get(id)
    return SourceRef(id=ds.id, version=ds.version, sha256={f.name: f.sha256 for f in ds.files})
