"""SHA-256 of the user's files, remembered while the file stays the same (internal).

Provenance names every file read by its SHA-256. Hashing runs at about 1.6 GB/s, so a
user who reads the same BACI years every session (326 MB) pays 0.2 s of CPU each time for
a number that has not changed. Like git's index and DVC's state database, accord keeps
the checksum of a large file together with what ``stat`` says about it (size, modification
and change times in nanoseconds, inode, device) and hashes again only when any of these
differ. The change time (``ctime``) cannot be set back by a program, so a file rewritten
with its old size and modification time restored is still hashed again.

Records live in memory and in ``<cache>/checksums/`` (one small JSON file per path,
written atomically). A record that cannot be read or written is ignored: the file is then
simply hashed.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from pathlib import Path

__all__ = ["sha256", "MIN_REMEMBERED"]

#: Files smaller than this are hashed every time (faster than reading a record).
MIN_REMEMBERED = 4 << 20

_memory: dict[tuple, str] = {}


def sha256(path: str | Path) -> str:
    """The SHA-256 (hex) of a file's bytes; remembered for large files (see module notes)."""
    path = Path(path).absolute()
    before = os.stat(path)
    if before.st_size < MIN_REMEMBERED:
        return _hash(path)
    key = _key(path, before)
    digest = _memory.get(key) or _recorded(path, key)
    if digest is None:
        digest = _hash(path)
        if _key(path, os.stat(path)) != key:  # changed while read: remember nothing
            return digest
        _record(path, key, digest)
    _memory[key] = digest
    return digest


def _key(path: Path, st: os.stat_result) -> tuple:
    return (str(path), st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino, st.st_dev)


def _hash(path: Path) -> str:
    from accord.data.cache import sha256_of

    return sha256_of(path)


def _store(path: Path) -> Path:
    from accord.data.cache import cache_dir

    name = hashlib.sha256(str(path).encode("utf-8", "surrogateescape")).hexdigest()[:32]
    return cache_dir() / "checksums" / f"{name}.json"


def _recorded(path: Path, key: tuple) -> str | None:
    """The digest recorded on disk for exactly this ``stat`` key, else ``None``."""
    try:
        record = json.loads(_store(path).read_text(encoding="utf-8"))
        if record.get("key") == list(key):
            digest = record.get("sha256")
            if isinstance(digest, str) and len(digest) == 64:
                return digest
    except (OSError, ValueError, AttributeError):
        pass
    return None


def _record(path: Path, key: tuple, digest: str) -> None:
    from accord._atomic import write_atomic

    text = json.dumps({"key": list(key), "sha256": digest})
    with contextlib.suppress(OSError):
        target = _store(path)
        target.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(target, lambda tmp: tmp.write_text(text, encoding="utf-8"))
