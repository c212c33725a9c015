"""SHA-256 of the user's files, remembered while a file stays the same."""

from __future__ import annotations

import hashlib
import json
import os

import pytest

from accord import _checksum as C


@pytest.fixture
def memo(tmp_path, monkeypatch):
    """Remember files of any size, in a fresh cache and a fresh memory."""
    monkeypatch.setenv("ACCORD_CACHE", str(tmp_path / "cache"))
    monkeypatch.setattr(C, "MIN_REMEMBERED", 0)
    monkeypatch.setattr(C, "_memory", {})
    return tmp_path / "cache" / "checksums"


def no_hashing(path):
    raise AssertionError(f"{path} was hashed again")


def test_a_file_is_hashed_once_and_again_when_it_changes(tmp_path, memo, monkeypatch):
    path = tmp_path / "BACI_HS17_Y2019_V202501.csv"
    path.write_bytes(b"t,i,j,k,v,q\n2019,4,8,10121,1.5,NA\n")
    want = hashlib.sha256(path.read_bytes()).hexdigest()
    assert C.sha256(path) == want
    (record,) = memo.iterdir()
    assert json.loads(record.read_text())["sha256"] == want
    hash_for_real = C._hash
    monkeypatch.setattr(C, "_hash", no_hashing)
    assert C.sha256(path) == want  # from memory
    monkeypatch.setattr(C, "_memory", {})
    assert C.sha256(path) == want  # from the record on disk (another session)
    # Same size, the old modification time put back: the change time still differs.
    st = path.stat()
    path.write_bytes(path.read_bytes().replace(b"1.5", b"2.5"))
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))
    monkeypatch.setattr(C, "_hash", hash_for_real)
    assert C.sha256(path) == hashlib.sha256(path.read_bytes()).hexdigest() != want


def test_a_damaged_or_unwritable_record_is_ignored(tmp_path, memo, monkeypatch):
    path = tmp_path / "data.csv"
    path.write_bytes(b"a,b\n1,2\n")
    want = hashlib.sha256(path.read_bytes()).hexdigest()
    C.sha256(path)
    (record,) = memo.iterdir()
    record.write_text('{"key": ')  # cut short
    monkeypatch.setattr(C, "_memory", {})
    assert C.sha256(path) == want
    assert json.loads(record.read_text())["sha256"] == want  # written whole again
    blocked = tmp_path / "blocked"
    blocked.write_text("a file where the cache folder should be")
    monkeypatch.setenv("ACCORD_CACHE", str(blocked))
    monkeypatch.setattr(C, "_memory", {})
    assert C.sha256(path) == want


def test_small_files_are_always_hashed(tmp_path, monkeypatch):
    monkeypatch.setenv("ACCORD_CACHE", str(tmp_path / "cache"))
    path = tmp_path / "small.csv"
    path.write_bytes(b"x\n")
    assert C.sha256(path) == hashlib.sha256(b"x\n").hexdigest()
    assert not (tmp_path / "cache").exists()
