"""The dataset registry, the cache folder, paths, statuses and citations."""

from __future__ import annotations

import dataclasses
import hashlib
import re
from pathlib import Path

import platformdirs
import polars as pl
import pytest

from accord import data
from accord.data import registry
from accord.errors import ChecksumError, DataError, InputError, NotCachedError
from accord.provenance import SourceRef

HEX64 = re.compile(r"^[0-9a-f]{64}$")


# -- the registry itself -------------------------------------------------------------------


def test_registry_entries_are_well_formed():
    ids = [ds.id for ds in registry.DATASETS]
    assert len(ids) == len(set(ids))
    for ds in registry.DATASETS:
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", ds.id), ds.id
        assert ds.kind in ("embedded", "pullable")
        assert ds.title and ds.version and ds.licence and ds.coverage and ds.homepage
        assert ds.files
        assert ds.citation.lstrip().startswith("@")
        assert ds.citation.count("{") == ds.citation.count("}")
        names = [f.name for f in ds.files]
        assert len(names) == len(set(names))
        for f in ds.files:
            assert HEX64.match(f.sha256), (ds.id, f.name)
            assert f.size > 0
            if ds.kind == "pullable":
                assert f.url or f.mirror_path, (ds.id, f.name)
                assert "/" not in f.name


def test_dataset_is_frozen():
    ds = data.get("bsv-idealpoints")
    with pytest.raises(dataclasses.FrozenInstanceError):
        ds.version = "x"  # type: ignore[misc]


def test_bsv_entry_matches_the_published_file(bsv_bytes):
    ds = data.get("bsv-idealpoints")
    assert ds.kind == "pullable"
    assert ds.licence == "CC0 1.0"
    (f,) = ds.files
    assert f.name == "IdealpointestimatesAll_Jun2024.csv"
    assert f.size == len(bsv_bytes) == 1_921_465
    assert f.sha256 == hashlib.sha256(bsv_bytes).hexdigest()
    assert f.sha256 == "adaeca9a9d617afaf463f892a868fbfe17b33bbd6bdb613688d67f1b8dd6887d"
    assert f.mirror_path == "unga_votes/ideal_points/IdealpointestimatesAll_Jun2024.csv"
    assert f.url.startswith("https://raw.githubusercontent.com/tongyu03/")
    assert f.url.endswith("/98ab7b673cf2c6415f6e86ba2e63eee0b51f07ae/data/" + f.name)


def test_bsv_citation_names_article_and_dataset():
    bib = data.citation("bsv-idealpoints")
    assert bib.count("\n@") + bib.startswith("@") == 2
    assert "Bailey, Michael A. and Strezhnev, Anton and Voeten, Erik" in bib
    assert "Journal of Conflict Resolution" in bib
    assert "430--456" in bib and "{61}" in bib and "{2017}" in bib
    assert "United Nations General Assembly Voting Data" in bib
    assert "hdl:1902.1/12379" in bib


def test_unknown_id_suggests_the_closest():
    with pytest.raises(
        InputError,
        match=re.escape(
            "unknown dataset 'bsv-idealpoint'. Did you mean 'bsv-idealpoints'? "
            "`accord data list` shows all."
        ),
    ):
        data.get("bsv-idealpoint")


def test_unknown_id_without_a_close_match():
    with pytest.raises(InputError, match=r"^unknown dataset 'zzz'\. `accord data list`"):
        data.path("zzz")
    with pytest.raises(InputError, match="unknown dataset 'zzz'"):
        data.citation("zzz")


def test_file_name_must_exist(toy):
    with pytest.raises(InputError, match=r"dataset 'toy-pull' has 2 files \(a\.csv, b\.csv\)"):
        data.path("toy-pull")
    with pytest.raises(InputError, match=r"no file 'a\.cvs'\. Did you mean 'a\.csv'\?"):
        data.path("toy-pull", "a.cvs")


def test_source_ref():
    ref = data.source("bsv-idealpoints")
    assert isinstance(ref, SourceRef)
    assert ref.id == "bsv-idealpoints" and ref.version == "Jun2024"
    assert ref.sha256 == {
        "IdealpointestimatesAll_Jun2024.csv": data.get("bsv-idealpoints").files[0].sha256
    }


# -- cache folder and mirror settings ------------------------------------------------------


def test_cache_dir_from_env(cache):
    assert data.cache_dir() == cache
    assert not cache.exists()  # asking does not create it


def test_cache_dir_relative_env_is_made_absolute(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("ACCORD_CACHE", "rel/cache")
    assert data.cache_dir() == tmp_path / "rel" / "cache"


def test_cache_dir_default_is_platform_user_cache(monkeypatch):
    monkeypatch.delenv("ACCORD_CACHE")
    assert data.cache_dir() == Path(platformdirs.user_cache_dir("accord", appauthor=False))


def test_mirror_from_env(monkeypatch):
    assert data.mirror() is None
    monkeypatch.setenv("ACCORD_MIRROR", "  ")
    assert data.mirror() is None
    monkeypatch.setenv("ACCORD_MIRROR", "http://127.0.0.1:8000/")
    assert data.mirror() == "http://127.0.0.1:8000/"


# -- datasets() ----------------------------------------------------------------------------


def test_datasets_table(toy):
    df = data.datasets()
    assert df.columns == ["id", "kind", "title", "version", "licence", "coverage", "status"]
    assert all(dtype == pl.String for dtype in df.dtypes)
    status = dict(zip(df["id"], df["status"], strict=True))
    assert status["bsv-idealpoints"] == "not cached"
    assert status["toy-embedded"] == "embedded"
    assert status["toy-pull"] == "not cached"


def test_datasets_status_follows_the_cache(toy, monkeypatch):
    monkeypatch.setenv("ACCORD_MIRROR", str(toy.mirror))
    (a, b) = data.pull("toy-pull", progress=False)

    def status() -> str:
        return data.datasets().filter(pl.col("id") == "toy-pull")["status"].item()

    assert status() == "cached"
    b.write_bytes(toy.b[:-3])
    assert status() == "damaged"
    b.unlink()
    assert status() == "not cached"


# -- path() and verify() -------------------------------------------------------------------


def test_path_not_cached_names_the_pull_command(cache):
    with pytest.raises(NotCachedError) as info:
        data.path("bsv-idealpoints")
    message = str(info.value)
    assert message == (
        f"dataset 'bsv-idealpoints' is not in the cache ({cache / 'bsv-idealpoints' / 'Jun2024'})."
        " Fetch it with `accord data pull bsv-idealpoints`."
    )
    assert not cache.exists()


def test_path_embedded(toy):
    p = data.path("toy-embedded")
    assert p == toy.embedded_dir / "formats.csv"
    assert p.read_bytes() == toy.embedded
    assert data.verify("toy-embedded") == {"formats.csv": True}
    assert data.read_provenance("toy-embedded") is None


def test_path_embedded_missing_or_damaged(toy):
    file = toy.embedded_dir / "formats.csv"
    file.write_bytes(toy.embedded.replace(b"2020", b"2021"))
    with pytest.raises(
        ChecksumError, match="embedded file 'formats.csv' of dataset 'toy-embedded'"
    ):
        data.path("toy-embedded")
    assert data.verify("toy-embedded") == {"formats.csv": False}
    file.unlink()
    with pytest.raises(DataError, match=r"is missing from the installation .*Reinstall accord\."):
        data.path("toy-embedded")


def test_path_of_cached_file_is_checked_once(toy, monkeypatch):
    import accord.data.cache as cache_mod

    monkeypatch.setenv("ACCORD_MIRROR", str(toy.mirror))
    data.pull("toy-pull", progress=False)
    calls = []
    real = cache_mod.sha256_of
    monkeypatch.setattr(cache_mod, "sha256_of", lambda p: calls.append(p) or real(p))
    cache_mod._verified.clear()
    for _ in range(3):
        assert data.path("toy-pull", "a.csv").read_bytes() == toy.a
    assert len(calls) == 1
    # verify() always hashes afresh
    assert data.verify("toy-pull") == {"a.csv": True, "b.csv": True}
    assert len(calls) == 3


def test_verify_reports_without_repairing(toy, monkeypatch):
    monkeypatch.setenv("ACCORD_MIRROR", str(toy.mirror))
    a, b = data.pull("toy-pull", progress=False)
    assert data.verify("toy-pull") == {"a.csv": True, "b.csv": True}
    a.write_bytes(toy.a.upper())  # same size, different bytes
    b.unlink()
    assert data.verify("toy-pull") == {"a.csv": False, "b.csv": False}
    assert a.read_bytes() == toy.a.upper() and not b.exists()
