"""Pulling datasets: folder and loopback-URL mirrors, checksums, repairs, provenance."""

from __future__ import annotations

import dataclasses
import hashlib
import importlib
import json
import os
import re
import socket
from datetime import datetime

import pytest

import accord
from accord import data
from accord.data import registry
from accord.errors import ChecksumError, DataError, InputError, NotCachedError

pull_mod = importlib.import_module("accord.data.pull")

BSV = data.get("bsv-idealpoints")
BSV_FILE = BSV.files[0]
SHA = BSV_FILE.sha256


def bsv_dir(cache):
    return cache / "bsv-idealpoints" / "Jun2024"


def sha(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# -- folder mirror ------------------------------------------------------------------------


def test_pull_from_folder_mirror(shared_mirror, cache, leftovers):
    (p,) = data.pull("bsv-idealpoints", progress=False)
    assert p == bsv_dir(cache) / BSV_FILE.name
    assert sha(p) == SHA and p.stat().st_size == BSV_FILE.size
    assert data.path("bsv-idealpoints") == p
    assert data.verify("bsv-idealpoints") == {BSV_FILE.name: True}
    assert leftovers(bsv_dir(cache)) == [BSV_FILE.name, "PROVENANCE.json"]


def test_pull_relative_folder_mirror(shared_mirror, monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("ACCORD_MIRROR", os.path.relpath(shared_mirror, tmp_path))
    (p,) = data.pull("bsv-idealpoints", progress=False)
    assert sha(p) == SHA


def test_second_pull_is_a_no_op(shared_mirror, cache):
    (p,) = data.pull("bsv-idealpoints", progress=False)
    before = p.stat()
    record = (bsv_dir(cache) / "PROVENANCE.json").read_text()
    (q,) = data.pull("bsv-idealpoints", progress=False)
    after = q.stat()
    assert q == p
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)
    assert (bsv_dir(cache) / "PROVENANCE.json").read_text() == record


def test_force_pulls_again(shared_mirror, cache):
    (p,) = data.pull("bsv-idealpoints", progress=False)
    inode = p.stat().st_ino
    (q,) = data.pull("bsv-idealpoints", force=True, progress=False)
    assert q == p and sha(q) == SHA
    assert q.stat().st_ino != inode  # a new file was moved into place


@pytest.mark.parametrize("damage", ["truncate", "corrupt"])
def test_damaged_cached_file_is_fetched_again(shared_mirror, cache, damage, leftovers):
    (p,) = data.pull("bsv-idealpoints", progress=False)
    content = p.read_bytes()
    if damage == "truncate":
        p.write_bytes(content[: len(content) // 3])
    else:
        p.write_bytes(content[:1000] + b"X" + content[1001:])
    assert data.verify("bsv-idealpoints") == {BSV_FILE.name: False}
    assert data.path("bsv-idealpoints") == p  # repaired on access
    assert sha(p) == SHA
    # and by pull, without --force
    p.write_bytes(content[:-10])
    data.pull("bsv-idealpoints", progress=False)
    assert sha(p) == SHA
    assert leftovers(bsv_dir(cache)) == [BSV_FILE.name, "PROVENANCE.json"]


def test_damaged_cached_file_without_a_source(shared_mirror, cache, monkeypatch, tmp_path):
    (p,) = data.pull("bsv-idealpoints", progress=False)
    p.write_bytes(p.read_bytes()[:100])
    monkeypatch.setenv("ACCORD_MIRROR", str(tmp_path / "empty_mirror"))
    with pytest.raises(ChecksumError) as info:
        data.path("bsv-idealpoints")
    message = str(info.value)
    assert message.startswith(
        f"cached file '{p}' of dataset 'bsv-idealpoints' is damaged "
        f"(100 bytes, expected {BSV_FILE.size:,}) and could not be fetched again from "
    )
    assert "`accord data pull bsv-idealpoints --force`" in message
    assert "\n" not in message
    assert p.stat().st_size == 100  # left for the user to see, not deleted


def _bad_mirror(tmp_path, content: bytes):
    root = tmp_path / "bad_mirror"
    file = root / BSV_FILE.mirror_path
    file.parent.mkdir(parents=True)
    file.write_bytes(content)
    return root


def test_wrong_mirror_content_is_refused(bsv_bytes, cache, monkeypatch, tmp_path, leftovers):
    wrong = bsv_bytes.replace(b"Kazakhstan", b"Kazakhstab")
    got = hashlib.sha256(wrong).hexdigest()
    monkeypatch.setenv("ACCORD_MIRROR", str(_bad_mirror(tmp_path, wrong)))
    with pytest.raises(ChecksumError) as info:
        data.pull("bsv-idealpoints", progress=False)
    message = str(info.value)
    assert message.startswith(
        f"file '{BSV_FILE.name}' of dataset 'bsv-idealpoints' from "
        f"{tmp_path / 'bad_mirror' / 'unga_votes' / 'ideal_points' / BSV_FILE.name} "
        "does not match the registry: "
        f"sha256 expected {SHA[:12]}…, got {got[:12]}… "
        f"({len(wrong):,} bytes, expected {BSV_FILE.size:,}). The cache was left unchanged. "
    )
    assert "unset ACCORD_MIRROR" in message
    assert leftovers(bsv_dir(cache)) == []  # no partial or temporary file
    with pytest.raises(NotCachedError):
        data.path("bsv-idealpoints")


def test_wrong_mirror_content_keeps_a_good_cached_file(
    shared_mirror, bsv_bytes, cache, monkeypatch, tmp_path, leftovers
):
    (p,) = data.pull("bsv-idealpoints", progress=False)
    inode = p.stat().st_ino
    monkeypatch.setenv("ACCORD_MIRROR", str(_bad_mirror(tmp_path, bsv_bytes[:-1] + b"!")))
    with pytest.raises(ChecksumError, match=f"expected {SHA[:12]}…"):
        data.pull("bsv-idealpoints", force=True, progress=False)
    assert p.stat().st_ino == inode and sha(p) == SHA
    assert leftovers(bsv_dir(cache)) == [BSV_FILE.name, "PROVENANCE.json"]


def test_mirror_folder_without_the_file(cache, monkeypatch, tmp_path):
    (tmp_path / "m").mkdir()
    monkeypatch.setenv("ACCORD_MIRROR", str(tmp_path / "m"))
    with pytest.raises(
        DataError,
        match=re.escape(
            f"mirror folder '{tmp_path / 'm'}' has no file '{BSV_FILE.mirror_path}' "
            "(dataset 'bsv-idealpoints'). Put the file there, or unset ACCORD_MIRROR"
        ),
    ):
        data.pull("bsv-idealpoints", progress=False)


def test_mirror_that_does_not_exist(cache, monkeypatch, tmp_path):
    monkeypatch.setenv("ACCORD_MIRROR", str(tmp_path / "nowhere"))
    with pytest.raises(DataError, match=r"ACCORD_MIRROR='.*nowhere' is not a folder"):
        data.pull("bsv-idealpoints", progress=False)


# -- loopback URL mirror -------------------------------------------------------------------


def test_pull_from_loopback_url_mirror(http_server, bsv_bytes, cache, monkeypatch, leftovers):
    http_server.put(BSV_FILE.mirror_path, bsv_bytes)
    monkeypatch.setenv("ACCORD_MIRROR", http_server.url + "/")
    (p,) = data.pull("bsv-idealpoints", progress=False)
    assert sha(p) == SHA
    assert leftovers(bsv_dir(cache)) == [BSV_FILE.name, "PROVENANCE.json"]
    record = data.read_provenance("bsv-idealpoints")
    assert record["files"][0]["source"] == f"{http_server.url}/{BSV_FILE.mirror_path}"
    # second pull: nothing requested from the server
    http_server.root.joinpath(*BSV_FILE.mirror_path.split("/")).unlink()
    assert data.pull("bsv-idealpoints", progress=False) == [p]


def test_pull_with_progress_bar(http_server, bsv_bytes, cache, monkeypatch, capsys):
    http_server.put(BSV_FILE.mirror_path, bsv_bytes)
    monkeypatch.setenv("ACCORD_MIRROR", http_server.url)
    (p,) = data.pull("bsv-idealpoints")
    assert sha(p) == SHA
    captured = capsys.readouterr()
    assert captured.out == ""
    assert BSV_FILE.name in captured.err


def test_url_mirror_404(http_server, cache, monkeypatch, leftovers):
    monkeypatch.setenv("ACCORD_MIRROR", http_server.url)
    url = f"{http_server.url}/{BSV_FILE.mirror_path}"
    with pytest.raises(DataError) as info:
        data.pull("bsv-idealpoints", progress=False)
    assert str(info.value) == (
        f"could not download '{BSV_FILE.name}' of dataset 'bsv-idealpoints' from {url}: "
        "HTTP 404 File not found. Retry `accord data pull bsv-idealpoints`, or set "
        "ACCORD_MIRROR to a local mirror folder."
    )
    assert leftovers(bsv_dir(cache)) == []


def test_url_mirror_truncated_body(http_server, bsv_bytes, cache, monkeypatch, leftovers):
    http_server.put(BSV_FILE.mirror_path, bsv_bytes)
    http_server.truncate.add(BSV_FILE.mirror_path)
    monkeypatch.setenv("ACCORD_MIRROR", http_server.url)
    with pytest.raises(DataError, match=r"^could not download .*: the connection broke off"):
        data.pull("bsv-idealpoints", progress=False)
    assert leftovers(bsv_dir(cache)) == []


def test_url_mirror_wrong_content(
    http_server, shared_mirror, bsv_bytes, cache, monkeypatch, leftovers
):
    (p,) = data.pull("bsv-idealpoints", progress=False)  # a good copy first
    http_server.put(BSV_FILE.mirror_path, bsv_bytes.replace(b"China", b"Chine"))
    monkeypatch.setenv("ACCORD_MIRROR", http_server.url)
    with pytest.raises(ChecksumError, match=r"does not match the registry: sha256 expected"):
        data.pull("bsv-idealpoints", force=True, progress=False)
    assert sha(p) == SHA
    assert leftovers(bsv_dir(cache)) == [BSV_FILE.name, "PROVENANCE.json"]


# -- registry URL (no mirror) --------------------------------------------------------------


def test_pull_from_registry_url(toy, cache):
    (p,) = data.pull("toy-url", progress=False)
    assert p.read_bytes() == toy.a
    assert data.read_provenance("toy-url")["files"][0]["source"] == f"{toy.server.url}/files/a.csv"


def test_unreachable_url(toy, cache, monkeypatch, leftovers):
    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    ds = data.get("toy-url")
    moved = dataclasses.replace(
        ds, files=(dataclasses.replace(ds.files[0], url=f"http://127.0.0.1:{port}/a.csv"),)
    )
    others = tuple(d for d in registry.DATASETS if d.id != "toy-url")
    monkeypatch.setattr(registry, "DATASETS", (*others, moved))
    with pytest.raises(
        DataError, match=rf"from http://127\.0\.0\.1:{port}/a\.csv: could not connect\. Retry"
    ):
        data.pull("toy-url", progress=False)
    assert leftovers(cache / "toy-url" / "1.0") == []


# -- several files, embedded, provenance ---------------------------------------------------


def test_pull_fetches_only_what_is_missing(toy, cache, monkeypatch):
    monkeypatch.setenv("ACCORD_MIRROR", str(toy.mirror))
    a, b = data.pull("toy-pull", progress=False)
    b.unlink()
    inode_a = a.stat().st_ino
    a2, b2 = data.pull("toy-pull", progress=False)
    assert a2.stat().st_ino == inode_a
    assert b2.read_bytes() == toy.b
    record = data.read_provenance("toy-pull")
    assert [f["name"] for f in record["files"]] == ["a.csv", "b.csv"]


def test_pull_embedded_is_refused(toy):
    with pytest.raises(InputError, match="dataset 'toy-embedded' is embedded in the package"):
        data.pull("toy-embedded")


def test_provenance_round_trip(shared_mirror, cache):
    (p,) = data.pull("bsv-idealpoints", progress=False)
    file = bsv_dir(cache) / "PROVENANCE.json"
    record = json.loads(file.read_text(encoding="utf-8"))
    assert record == data.read_provenance("bsv-idealpoints")
    assert record["id"] == "bsv-idealpoints" and record["version"] == "Jun2024"
    assert record["accord_version"] == accord.__version__
    assert record["mirror"] == str(shared_mirror)
    assert record["files"] == [
        {
            "name": BSV_FILE.name,
            "sha256": SHA,
            "size": BSV_FILE.size,
            "source": str(shared_mirror / BSV_FILE.mirror_path),
            "retrieved_at": record["retrieved_at"],
        }
    ]
    assert record["retrieved_at"].endswith("Z")
    when = datetime.fromisoformat(record["retrieved_at"].replace("Z", "+00:00"))
    assert when.utcoffset().total_seconds() == 0
    # the record describes the file on disk
    assert {f["name"]: f["sha256"] for f in record["files"]} == data.source(
        "bsv-idealpoints"
    ).sha256
    assert sha(p) == record["files"][0]["sha256"]


def test_unreadable_provenance(shared_mirror, cache):
    data.pull("bsv-idealpoints", progress=False)
    (bsv_dir(cache) / "PROVENANCE.json").write_text("{not json")
    with pytest.raises(
        DataError, match=r"cannot be read .*accord data pull bsv-idealpoints --force"
    ):
        data.read_provenance("bsv-idealpoints")
    data.pull("bsv-idealpoints", force=True, progress=False)  # rewrites it
    assert data.read_provenance("bsv-idealpoints")["id"] == "bsv-idealpoints"


# -- progress adapter ----------------------------------------------------------------------


def test_progress_adapter_follows_pooch_protocol(capsys):
    bar = pull_mod.RichProgress("file.csv")
    bar.total = 3000  # what pooch's HTTPDownloader does
    for _ in range(3):
        bar.update(1024)
    bar.reset()
    assert bar.n == 0 and bar.total == 3000
    bar.update(3000)
    bar.close()
    bar.close()  # idempotent
    assert "file.csv" in capsys.readouterr().err


def test_progress_adapter_disabled(capsys):
    bar = pull_mod.RichProgress("file.csv", enabled=False)
    bar.total = 10
    bar.update(10)
    bar.reset()
    bar.close()
    assert capsys.readouterr() == ("", "")
