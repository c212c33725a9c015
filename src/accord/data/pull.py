"""Fetch pullable datasets into the cache: checksummed, atomic, with progress and provenance.

Where a file comes from:

- ``ACCORD_MIRROR`` unset: the registry URL, downloaded with :func:`pooch.retrieve`;
- ``ACCORD_MIRROR`` a folder (or ``file://`` URL): ``<mirror>/<mirror_path>`` is copied;
- ``ACCORD_MIRROR`` an ``http(s)://`` URL: ``<mirror>/<mirror_path>`` is downloaded with
  pooch. The intended use is a local server (``http://127.0.0.1:PORT/``); any server works.

Every file is written to a temporary name in the cache folder, hashed, and moved into place
only when its SHA-256 matches the registry, so a failed or corrupt transfer leaves nothing
behind and never replaces a good cached file. Each fetch is recorded in
``<cache>/<id>/<version>/PROVENANCE.json``.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import shutil
import tempfile
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote

from accord._atomic import publish, write_atomic
from accord.data import registry
from accord.data.cache import (
    CHUNK_SIZE,
    PROVENANCE_FILE,
    check_file,
    dataset_dir,
    make_dataset_dir,
    mirror,
    read_provenance,
    remember_good,
)
from accord.data.registry import DataFile, Dataset
from accord.errors import ChecksumError, DataError, InputError

__all__ = ["pull", "fetch_file", "source_of"]

_TIMEOUT = 60


class RichProgress:
    """A rich progress bar on stderr that pooch can drive like a tqdm bar.

    pooch's HTTP downloader sets ``.total`` (bytes, 0 when unknown), calls ``.update(n)``
    per chunk, then ``.reset()``, ``.update(total)`` and ``.close()``. The bar starts on
    first use; ``enabled=False`` makes every call a no-op.
    """

    def __init__(self, description: str, *, enabled: bool = True) -> None:
        self.description = description
        self.enabled = enabled
        self.n = 0
        self._total: float | None = None
        self._progress: Any = None
        self._task: Any = None

    def _ensure(self) -> None:
        if self._progress is not None or not self.enabled:
            return
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            DownloadColumn,
            Progress,
            TextColumn,
            TimeRemainingColumn,
            TransferSpeedColumn,
        )

        self._progress = Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            DownloadColumn(),
            TransferSpeedColumn(),
            TimeRemainingColumn(),
            console=Console(stderr=True),
            redirect_stdout=False,
            redirect_stderr=False,
        )
        self._progress.start()
        self._task = self._progress.add_task(self.description, total=self._total)

    @property
    def total(self) -> float | None:
        return self._total

    @total.setter
    def total(self, value: float | None) -> None:
        self._total = value or None
        self._ensure()
        if self._progress is not None:
            self._progress.update(self._task, total=self._total)

    def update(self, n: float = 1) -> None:
        self.n += n
        self._ensure()
        if self._progress is not None:
            self._progress.advance(self._task, n)

    def reset(self) -> None:
        self.n = 0
        if self._progress is not None:
            self._progress.reset(self._task, total=self._total)

    def close(self) -> None:
        if self._progress is not None:
            self._progress.stop()
            self._progress = None


@contextlib.contextmanager
def _quiet_pooch() -> Iterator[None]:
    """Silence pooch's INFO log lines ("Downloading data from …"); we show our own."""
    import pooch

    logger = pooch.get_logger()
    level = logger.level
    logger.setLevel(logging.WARNING)
    try:
        yield
    finally:
        logger.setLevel(level)


def _mirror_kind(value: str) -> tuple[str, str]:
    """Classify ``ACCORD_MIRROR``: ("url", base) or ("folder", absolute path)."""
    lower = value.lower()
    if lower.startswith(("http://", "https://")):
        return "url", value.rstrip("/")
    if lower.startswith("file://"):
        value = value[len("file://") :]
    return "folder", str(Path(value).expanduser().absolute())


def source_of(ds: Dataset, f: DataFile) -> str:
    """Where *f* would be fetched from now: a URL or a path in the mirror folder."""
    m = mirror()
    if m is None:
        if f.url is None:
            raise DataError(
                f"file '{f.name}' of dataset '{ds.id}' has no download URL. "
                "Set ACCORD_MIRROR to a mirror folder that holds it."
            )
        return f.url
    if f.mirror_path is None:
        raise DataError(
            f"file '{f.name}' of dataset '{ds.id}' has no path in mirrors "
            f"(ACCORD_MIRROR='{m}'). Unset ACCORD_MIRROR to download it from its URL."
        )
    kind, base = _mirror_kind(m)
    if kind == "url":
        return f"{base}/{quote(f.mirror_path)}"
    return str(Path(base, *f.mirror_path.split("/")))


def _short(sha: str) -> str:
    return sha[:12] + "…"


def _mismatch(ds: Dataset, f: DataFile, src: str, got_sha: str, got_size: int) -> ChecksumError:
    if mirror() is not None:
        fix = (
            "Replace the mirror's copy with the published file, or unset ACCORD_MIRROR "
            "to download it from its URL."
        )
    else:
        fix = f"Retry `accord data pull {ds.id}`; if it fails again the published file changed."
    return ChecksumError(
        f"file '{f.name}' of dataset '{ds.id}' from {src} does not match the registry: "
        f"sha256 expected {_short(f.sha256)}, got {_short(got_sha)} "
        f"({got_size:,} bytes, expected {f.size:,}). The cache was left unchanged. {fix}"
    )


def _copy(ds: Dataset, f: DataFile, src: str, target: Path, progress: bool) -> None:
    """Copy a mirror folder's file to *target* through a checked temporary file."""
    source = Path(src)
    if not source.is_file():
        root = _mirror_kind(mirror() or "")[1]
        if not Path(root).is_dir():
            raise DataError(
                f"ACCORD_MIRROR='{mirror()}' is not a folder or an http(s) URL. Point it at "
                "a mirror folder (e.g. ../shared/data) or unset it to download from the URL."
            )
        raise DataError(
            f"mirror folder '{root}' has no file '{f.mirror_path}' (dataset '{ds.id}'). "
            "Put the file there, or unset ACCORD_MIRROR to download it from its URL."
        )
    fd, tmp = tempfile.mkstemp(prefix=f".{f.name}.", suffix=".part", dir=target.parent)
    bar = RichProgress(f.name, enabled=progress)
    h = hashlib.sha256()
    size = 0
    try:
        bar.total = source.stat().st_size
        with os.fdopen(fd, "wb") as out, open(source, "rb") as inp:
            while chunk := inp.read(CHUNK_SIZE):
                out.write(chunk)
                h.update(chunk)
                size += len(chunk)
                bar.update(len(chunk))
        if h.hexdigest() != f.sha256 or size != f.size:
            raise _mismatch(ds, f, src, h.hexdigest(), size)
        publish(tmp, target)
    except OSError as exc:
        raise DataError(
            f"could not copy '{src}' into the cache '{target.parent}': {exc.strerror or exc}. "
            "Check the mirror file and the free space of the cache folder (ACCORD_CACHE)."
        ) from exc
    finally:
        bar.close()
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)


def _network_reason(exc: Exception) -> str:
    import requests

    if isinstance(exc, requests.HTTPError) and exc.response is not None:
        return f"HTTP {exc.response.status_code} {exc.response.reason or ''}".strip()
    if isinstance(exc, requests.Timeout):
        return "the server did not answer in time"
    if isinstance(exc, requests.exceptions.ChunkedEncodingError):
        return "the connection broke off before the file was complete"
    if isinstance(exc, requests.ConnectionError):
        return "could not connect"
    return type(exc).__name__


class _HashingWriter:
    """A write-only file object that hashes and counts what passes through it."""

    def __init__(self, fh: Any) -> None:
        self.fh = fh
        self.hash = hashlib.sha256()
        self.size = 0

    def write(self, chunk: bytes) -> int:
        self.hash.update(chunk)
        self.size += len(chunk)
        return self.fh.write(chunk)

    def flush(self) -> None:
        self.fh.flush()


def _download(ds: Dataset, f: DataFile, url: str, target: Path, progress: bool) -> None:
    """Download *url* to *target* with pooch, through a staging folder next to it.

    pooch writes to a temporary file and moves it into place only when the hash matches;
    it does so inside a private staging folder, so an existing good *target* is replaced
    only by a verified file and a failure leaves nothing behind.
    """
    import pooch
    import requests

    staging = Path(tempfile.mkdtemp(prefix=f".{f.name}.", suffix=".part", dir=target.parent))
    bar = RichProgress(f.name, enabled=progress)
    http = pooch.HTTPDownloader(
        progressbar=bar if progress else False, chunk_size=1 << 16, timeout=_TIMEOUT
    )
    got: dict[str, Any] = {}

    def downloader(url: str, output_file: str, pooch_: Any) -> None:
        # hash while writing, so a mismatch can be reported with what was received
        with open(output_file, "wb") as fh:
            writer = _HashingWriter(fh)
            http(url, writer, pooch_)
        got["sha256"], got["size"] = writer.hash.hexdigest(), writer.size

    try:
        with _quiet_pooch():
            fetched = pooch.retrieve(
                url,
                known_hash=f"sha256:{f.sha256}",
                fname=f.name,
                path=staging,
                downloader=downloader,
            )
        publish(fetched, target)
    except requests.RequestException as exc:
        raise DataError(
            f"could not download '{f.name}' of dataset '{ds.id}' from {url}: "
            f"{_network_reason(exc)}. Retry `accord data pull {ds.id}`, or set ACCORD_MIRROR "
            "to a local mirror folder."
        ) from exc
    except ValueError as exc:
        if "sha256" in got and got["sha256"] != f.sha256:
            raise _mismatch(ds, f, url, got["sha256"], got["size"]) from exc
        raise DataError(
            f"could not download '{f.name}' of dataset '{ds.id}' from {url}: {exc}. "
            f"Retry `accord data pull {ds.id}`, or set ACCORD_MIRROR to a local mirror folder."
        ) from exc
    except OSError as exc:
        raise DataError(
            f"could not write '{f.name}' into the cache '{target.parent}': "
            f"{exc.strerror or exc}. Check the free space and permissions of the cache "
            "folder (ACCORD_CACHE)."
        ) from exc
    finally:
        bar.close()
        shutil.rmtree(staging, ignore_errors=True)


def _now() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def _record(ds: Dataset, f: DataFile, src: str) -> None:
    """Add the fetch of *f* from *src* to the dataset's PROVENANCE.json (atomically)."""
    from accord import __version__

    folder = dataset_dir(ds)
    try:
        old = read_provenance(ds.id) or {}
    except DataError:
        old = {}
    files = {e["name"]: e for e in old.get("files", []) if isinstance(e, dict) and "name" in e}
    now = _now()
    files[f.name] = {
        "name": f.name,
        "sha256": f.sha256,
        "size": f.size,
        "source": src,
        "retrieved_at": now,
    }
    record = {
        "id": ds.id,
        "version": ds.version,
        "files": [files[x.name] for x in ds.files if x.name in files],
        "mirror": mirror(),
        "retrieved_at": now,
        "accord_version": __version__,
    }
    text = json.dumps(record, indent=2) + "\n"
    write_atomic(folder / PROVENANCE_FILE, lambda f: f.write_text(text, encoding="utf-8"))


def fetch_file(ds: Dataset, f: DataFile, *, progress: bool = True) -> Path:
    """Fetch one file of a pullable dataset into the cache, whatever is there now.

    Returns the cached path; raises :class:`DataError` (or :class:`ChecksumError`) and
    leaves the cache as it was when the transfer fails or the bytes do not match.
    """
    folder = make_dataset_dir(ds)
    target = folder / f.name
    src = source_of(ds, f)
    if src.lower().startswith(("http://", "https://")):
        _download(ds, f, src, target, progress)
    else:
        _copy(ds, f, src, target, progress)
    remember_good(target, f)
    _record(ds, f, src)
    return target


def pull(
    id: str, *, force: bool = False, progress: bool = True, source: str | Path | None = None
) -> list[Path]:
    """Download a pullable dataset into the cache and check it.

    Parameters
    ----------
    id : str
        Dataset identifier, e.g. ``"bsv-idealpoints"``.
    force : bool, default False
        Fetch every file again even if the cached copy is intact. Without it, files that
        are already cached with the registry's size and SHA-256 are left alone, so a second
        pull is a no-op.
    progress : bool, default True
        Show a progress bar on stderr.
    source : str or pathlib.Path, optional
        A local file or folder to read instead of the mirror or URL; only for converted
        datasets (``ungdc``: the original archive as a zip or folder, or a ready parquet).

    Returns
    -------
    list of pathlib.Path
        The cached files, in registry order.

    Raises
    ------
    InputError
        Unknown dataset, or an embedded one (nothing to pull).
    ChecksumError
        A fetched file does not match the registry; the cache is left unchanged.
    DataError
        The source cannot be reached (the message names the URL or mirror and the fix).

    Notes
    -----
    Sources are chosen by ``ACCORD_MIRROR`` (see :func:`accord.data.mirror`): unset, the
    registry URL; a folder, ``<folder>/<mirror_path>``; an HTTP URL, ``<url>/<mirror_path>``.
    Each fetched file is recorded in ``<cache>/<id>/<version>/PROVENANCE.json`` with its
    source, checksum, UTC time and the accord version.

    Examples
    --------
    >>> from accord import data
    >>> data.pull("bsv-idealpoints")  # doctest: +SKIP
    [PosixPath('/home/me/.cache/accord/bsv-idealpoints/Jun2024/IdealpointestimatesAll_Jun2024.csv')]
    """
    ds = registry.get(id)
    if ds.kind != "pullable":
        raise InputError(
            f"dataset '{ds.id}' is embedded in the package; there is nothing to pull. "
            f"Use accord.data.path('{ds.id}') to read it."
        )
    if ds.converted:
        import importlib

        module = importlib.import_module(f"accord.data.{ds.id.replace('-', '_')}")
        return module.pull(ds, force=force, progress=progress, source=source)
    if source is not None:
        raise InputError(
            f"dataset '{ds.id}' is fetched as published; source= is only for converted "
            "datasets such as 'ungdc'. Set ACCORD_MIRROR to pull from a local folder."
        )
    paths = []
    for f in ds.files:
        target = dataset_dir(ds) / f.name
        if force or not check_file(target, f)[0]:
            target = fetch_file(ds, f, progress=progress)
        paths.append(target)
    return paths
