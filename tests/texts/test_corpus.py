"""Corpus: the UNGDC puller (original archive layout, ready parquet), loading, filtering."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import polars as pl
import pytest

import accord.data.cache as cache_mod
from accord import data
from accord.errors import CoverageError, DataError, InputError, NotCachedError
from accord.texts import Corpus, load_ungdc

# invented speeches, never real ones
SPEECHES = {
    "Session 74 - 2019/RUS_74_2019.txt": "We stand for sovereignty and multipolarity.\n",
    "Session 74 - 2019/CHN_74_2019.txt": "China supports multilateralism and mutual respect.",
    "Session 74 - 2019/USA_74_2019.txt": "Democracy and human rights are universal.",
    "Session 75 - 2020/RUS_75_2020.txt": "The pandemic demands cooperation, not sanctions.",
    "Session 75 - 2020/EU_75_2020.txt": "The European Union speaks for the rule of law.",
}
JUNK = {
    "__MACOSX/Session 74 - 2019/._RUS_74_2019.txt": b"\x00\x05\x16\x07junk",
    "Session 74 - 2019/._CHN_74_2019.txt": b"\x00\x05\x16\x07junk",
    "Session 74 - 2019/.DS_Store": b"\x00\x00\x00\x01Bud1",
    "Session 47 - 1992/.DS_Store-to-UTF-8.txt": b"junk",
    "README.txt": b"The corpus.",
}


@pytest.fixture(autouse=True)
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("ACCORD_CACHE", str(folder))
    monkeypatch.delenv("ACCORD_MIRROR", raising=False)
    monkeypatch.setattr(cache_mod, "_verified", {})
    return folder


def make_zip(path: Path, speeches=SPEECHES, junk=JUNK, prefix="TXT/") -> Path:
    with zipfile.ZipFile(path, "w") as zf:
        for name, text in speeches.items():
            zf.writestr(prefix + name, text.encode("utf-8") if isinstance(text, str) else text)
        for name, raw in junk.items():
            zf.writestr(name if name.startswith("__") else prefix + name, raw)
    return path


def test_not_cached_names_the_pull_command():
    with pytest.raises(NotCachedError, match="Fetch it with `accord data pull ungdc`"):
        load_ungdc()


def test_no_mirror_no_source_says_what_to_do():
    with pytest.raises(DataError, match=r"accord.data.pull\('ungdc', source="):
        data.pull("ungdc", progress=False)


def test_pull_zip_in_original_layout(tmp_path):
    z = make_zip(tmp_path / "UNGDC.zip")
    (p,) = data.pull("ungdc", source=z, progress=False)
    table = pl.read_parquet(p)
    assert table.columns == ["country_iso3", "session", "year", "filename", "n_chars", "text"]
    assert table.select("year", "country_iso3").rows() == [
        (2019, "CHN"),
        (2019, "RUS"),
        (2019, "USA"),
        (2020, "EU"),
        (2020, "RUS"),
    ]
    assert table["n_chars"].to_list() == table["text"].str.len_chars().to_list()
    prov = data.read_provenance("ungdc")
    entry = prov["files"][0]
    assert entry["rows"] == 5 and entry["converted"] and not entry["matches_published"]
    assert sorted(entry["ignored_files"]) == ["TXT/README.txt"]
    assert data.verify("ungdc") == {"ungdc.parquet": True}
    c = load_ungdc()
    assert len(c) == 5 and c.sources[0].sha256["ungdc.parquet"] == entry["sha256"]
    assert c["RUS_74_2019"].text == SPEECHES["Session 74 - 2019/RUS_74_2019.txt"]
    assert c["RUS_74_2019"].actors == ("RUS",) and c["RUS_74_2019"].year == 2019
    assert load_ungdc(years=2020, actors="EU").meta["doc_id"].to_list() == ["EU_75_2020"]
    assert load_ungdc(actors=["Russia"]).meta["doc_id"].to_list() == [
        "RUS_74_2019",
        "RUS_75_2020",
    ]
    with pytest.raises(CoverageError, match="no UN General Debate speech matches years=1950"):
        load_ungdc(years=1950)


def test_pull_folder_and_damage_detected(tmp_path):
    root = tmp_path / "unpacked"
    for name, text in SPEECHES.items():
        f = root / "TXT" / name
        f.parent.mkdir(parents=True, exist_ok=True)
        f.write_text(text, encoding="utf-8")
    (root / "TXT" / "Session 74 - 2019" / "._USA_74_2019.txt").write_bytes(b"\x00junk\xff")
    (p,) = data.pull("ungdc", source=root, progress=False)
    assert pl.read_parquet(p).height == 5
    p.write_bytes(p.read_bytes()[:-10] + b"0123456789")
    cache_mod._verified.clear()
    with pytest.raises(DataError, match="is damaged .* `accord data pull ungdc --force`"):
        load_ungdc()


@pytest.mark.parametrize(
    "speeches, message",
    [
        ({"Session 74 - 2019/RUS_75_2020.txt": "x"}, "sits in the folder of session 74"),
        ({"Session 74 - 2020/RUS_74_2020.txt": "x"}, "session N opens in year N \\+ 1945"),
        ({"Session 74 - 2019/RUS_74_2019.txt": b"caf\xe9"}, "is not UTF-8 \\(byte 3\\)"),
        ({"Other/RUS.txt": "x"}, "holds no speech file"),
    ],
)
def test_bad_archives(tmp_path, speeches, message):
    z = make_zip(tmp_path / "bad.zip", speeches=speeches, junk={})
    with pytest.raises(DataError, match=message):
        data.pull("ungdc", source=z, progress=False)
    assert not (Path(data.cache_dir()) / "ungdc" / "v13-1946-2024" / "ungdc.parquet").exists()


def test_not_a_zip(tmp_path):
    f = tmp_path / "UNGDC.zip"
    f.write_bytes(b"not a zip")
    with pytest.raises(DataError, match="is not a readable zip archive"):
        data.pull("ungdc", source=f, progress=False)


def test_mirror_ready_parquet_and_archive(tmp_path, monkeypatch, mirror):
    m = tmp_path / "mirror"
    (m / "ungdc").mkdir(parents=True)
    shutil.copy(
        mirror / "ungdc" / "ungdc_focal8_1946_2024.parquet", m / "ungdc" / "ungdc_1946_2024.parquet"
    )
    monkeypatch.setenv("ACCORD_MIRROR", str(m))
    (p,) = data.pull("ungdc", progress=False)
    assert data.read_provenance("ungdc")["files"][0]["rows"] == 391
    c = load_ungdc(years=(1992, 2024), actors=["KAZ", "KGZ", "TJK", "TKM", "UZB"])
    counts = dict(c.meta.explode("actors").group_by("actors").len().rows())
    # SOURCE.md: KAZ, KGZ, TJK 33 years each; TKM 29; UZB 28
    assert counts == {"KAZ": 33, "KGZ": 33, "TJK": 33, "TKM": 29, "UZB": 28}
    # a second pull is a no-op; --force re-reads the mirror
    before = p.stat().st_mtime_ns
    data.pull("ungdc", progress=False)
    assert p.stat().st_mtime_ns == before
    # a mirror with only the archive converts it
    (m / "ungdc" / "ungdc_1946_2024.parquet").unlink()
    make_zip(m / "ungdc" / "UNGDC.zip")
    data.pull("ungdc", force=True, progress=False)
    assert len(load_ungdc()) == 5


def test_mirror_wrong_parquet(tmp_path, monkeypatch):
    m = tmp_path / "mirror"
    (m / "ungdc").mkdir(parents=True)
    pl.DataFrame({"iso": ["RUS"], "text": ["x"]}).write_parquet(
        m / "ungdc" / "ungdc_1946_2024.parquet"
    )
    monkeypatch.setenv("ACCORD_MIRROR", str(m))
    with pytest.raises(DataError, match="lacks the UNGDC column\\(s\\) country_iso3, session"):
        data.pull("ungdc", progress=False)


def test_published_parquet_from_shared_mirror(monkeypatch, mirror):
    monkeypatch.setenv("ACCORD_MIRROR", str(mirror))
    data.pull("ungdc", progress=False)
    prov = data.read_provenance("ungdc")["files"][0]
    assert prov["matches_published"] and prov["rows"] == 10_952
    c = load_ungdc(years=2019, actors=["RUS", "CHN", "USA"])
    assert c.meta["doc_id"].to_list() == ["CHN_74_2019", "RUS_74_2019", "USA_74_2019"]


def test_corpus_is_immutable_and_filters():
    c = Corpus.from_texts(
        ["a", "b", "c"], actors=["RUS", ["RUS", "CHN"], "USA"], years=[2019, 2020, 2020]
    )
    assert repr(c) == "Corpus(3 documents, 3 actors, years 2019–2020)"
    with pytest.raises(AttributeError):
        c.texts = ("x",)  # type: ignore[misc]
    assert c.filter(actors="CHN").meta["doc_id"].to_list() == ["doc2"]
    assert c.filter(actors="RUS", years=2020).meta["doc_id"].to_list() == ["doc2"]
    assert c.filter(years=(2019, 2020)).texts == ("a", "b", "c")
    assert c.actors.to_list() == ["RUS", None, "USA"]
    assert [d.doc_id for d in c] == ["doc1", "doc2", "doc3"] and len(c) == 3
    with pytest.raises(CoverageError, match="no document in the corpus matches"):
        c.filter(years=1990)
    with pytest.raises(InputError, match="unknown country 'Rusia'"):
        c.filter(actors="Rusia")
    with pytest.raises(InputError, match="years='19x' is not understood"):
        c.filter(years="19x")
    with pytest.raises(InputError, match="doc_id values must be unique; repeated: d"):
        Corpus.from_texts(["a", "b"], doc_ids=["d", "d"])
