"""Fixtures for the data tests: a private cache, mirrors (folder and loopback HTTP), a toy registry.

No test touches the network: pulls come from the shared data folder (``ACCORD_MIRROR``,
resolved in ``tests/conftest.py``) or from an HTTP server on 127.0.0.1.
"""

from __future__ import annotations

import functools
import hashlib
import http.server
import os
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

import accord.data.cache as cache_mod
from accord.data import registry
from accord.data.registry import DataFile, Dataset

REPO = Path(__file__).resolve().parents[2]
BSV = registry.get("bsv-idealpoints")
BSV_FILE = BSV.files[0]


def shared_mirror_root() -> Path:
    """The shared data folder used as a mirror, resolved like CI does."""
    return Path(os.environ["ACCORD_TEST_MIRROR"])


@pytest.fixture(autouse=True)
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh, empty cache per test; no mirror set; no remembered checksums."""
    folder = tmp_path / "cache"
    monkeypatch.setenv("ACCORD_CACHE", str(folder))
    monkeypatch.delenv("ACCORD_MIRROR", raising=False)
    monkeypatch.setattr(cache_mod, "_verified", {})
    return folder


@pytest.fixture
def shared_mirror(monkeypatch: pytest.MonkeyPatch) -> Path:
    """ACCORD_MIRROR set to the shared data folder (skips when it is not there)."""
    root = shared_mirror_root()
    if not (root / BSV_FILE.mirror_path).is_file():
        pytest.skip(f"shared data mirror not found at {root}")
    monkeypatch.setenv("ACCORD_MIRROR", str(root))
    return root


@pytest.fixture
def bsv_bytes() -> bytes:
    root = shared_mirror_root()
    file = root / BSV_FILE.mirror_path
    if not file.is_file():
        pytest.skip(f"shared data mirror not found at {root}")
    return file.read_bytes()


@dataclass
class Server:
    """A loopback HTTP server serving ``root``; paths in ``truncate`` are cut short."""

    root: Path
    url: str = ""
    truncate: set[str] = field(default_factory=set)

    def put(self, rel: str, content: bytes) -> Path:
        file = self.root.joinpath(*rel.split("/"))
        file.parent.mkdir(parents=True, exist_ok=True)
        file.write_bytes(content)
        return file


@pytest.fixture
def http_server(tmp_path: Path) -> Iterator[Server]:
    root = tmp_path / "www"
    root.mkdir()
    server = Server(root=root)

    class Handler(http.server.SimpleHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:  # silence
            pass

        def do_GET(self) -> None:
            rel = self.path.lstrip("/")
            if rel in server.truncate:
                body = server.root.joinpath(*rel.split("/")).read_bytes()
                self.send_response(200)
                self.send_header("Content-Type", "application/octet-stream")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body[: len(body) // 2])
                self.wfile.flush()
                self.close_connection = True
                return
            super().do_GET()

    httpd = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(Handler, directory=str(root))
    )
    server.url = f"http://127.0.0.1:{httpd.server_address[1]}"
    thread = threading.Thread(target=httpd.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield server
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=5)


def _file(name: str, content: bytes, url: str | None = None) -> DataFile:
    return DataFile(
        name=name,
        sha256=hashlib.sha256(content).hexdigest(),
        size=len(content),
        url=url,
        mirror_path=f"toy/{name}",
    )


TOY_A = b"iso3_a,iso3_b,session,agree\nRUS,CHN,74,0.9\n"
TOY_B = b"iso3,name\nKAZ,Kazakhstan\nKGZ,Kyrgyzstan\n"
TOY_EMBEDDED = b"format,first_meeting\nC5+China,2020-07-16\nC5+Russia,2020-10-15\n"


@dataclass
class Toy:
    """A toy registry: ``toy-pull`` (two files), ``toy-url`` (one file with a URL) and
    ``toy-embedded``; ``mirror`` holds correct copies of the pullable files."""

    mirror: Path
    embedded_dir: Path
    server: Server
    a: bytes = TOY_A
    b: bytes = TOY_B
    embedded: bytes = TOY_EMBEDDED


@pytest.fixture
def toy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, http_server: Server) -> Toy:
    mirror = tmp_path / "toy_mirror"
    (mirror / "toy").mkdir(parents=True)
    (mirror / "toy" / "a.csv").write_bytes(TOY_A)
    (mirror / "toy" / "b.csv").write_bytes(TOY_B)
    http_server.put("files/a.csv", TOY_A)
    embedded = tmp_path / "package_files"
    embedded.mkdir()
    (embedded / "formats.csv").write_bytes(TOY_EMBEDDED)
    common = dict(
        version="1.0",
        licence="CC0 1.0",
        citation="@misc{toy, title = {Toy}}\n",
        coverage="two rows",
        homepage="https://example.org",
    )
    datasets = (
        Dataset(
            id="toy-pull",
            title="Toy pullable",
            kind="pullable",
            files=(_file("a.csv", TOY_A), _file("b.csv", TOY_B)),
            **common,
        ),
        Dataset(
            id="toy-url",
            title="Toy pullable with a URL",
            kind="pullable",
            files=(_file("a.csv", TOY_A, url=f"{http_server.url}/files/a.csv"),),
            **common,
        ),
        Dataset(
            id="toy-embedded",
            title="Toy embedded",
            kind="embedded",
            files=(
                DataFile(
                    name="formats.csv",
                    sha256=hashlib.sha256(TOY_EMBEDDED).hexdigest(),
                    size=len(TOY_EMBEDDED),
                ),
            ),
            **common,
        ),
    )
    monkeypatch.setattr(registry, "DATASETS", (*registry.DATASETS, *datasets))
    monkeypatch.setattr(cache_mod, "_embedded_dir", lambda: embedded)
    return Toy(mirror=mirror, embedded_dir=embedded, server=http_server)


def _leftovers(folder: Path, keep: frozenset[str] | set[str] = frozenset()) -> list[str]:
    if not folder.exists():
        return []
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if p.name not in keep)


@pytest.fixture
def leftovers():
    """``leftovers(folder, keep)``: every entry under *folder* except the names in *keep*."""
    return _leftovers
