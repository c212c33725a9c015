"""``accord texts …`` end to end, on the 391 focal speeches pulled into a fresh cache.

Every number is checked against the Python API (and, where helper B's README gives them,
against the published README figures); documents of the ``--docs`` tests are invented.
"""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import polars as pl
import pytest
from polars.testing import assert_frame_equal
from typer.testing import CliRunner

import accord.data.cache as cache_mod
from accord import data, texts
from accord.cli.main import app

from .._cli import run

runner = CliRunner()

PASSAGE = (
    "the parties reaffirm their commitment to the principles of sovereignty territorial "
    "integrity and non-interference in internal affairs and agree to deepen cooperation in "
    "trade transport energy and water management across the region"
)
# invented documents, never real statements
DOCS = {
    "alpha.txt": f"Joint statement of the first summit. {PASSAGE}. The leaders also discussed "
    "democracy and human rights.",
    "beta.txt": f"Declaration of the second meeting. Leaders noted that {PASSAGE}. They "
    "welcomed Kazakhstan and Uzbekistan as partners.",
    "gamma.md": "A strategy for the region that puts democracy, human rights and the rule of "
    "law first, with support for free media in Kyrgyzstan.",
}
META = (
    "doc_id,date,actors,title,source\n"
    "alpha,2023-05-18,CHN;KAZ,Alpha,invented\n"
    "beta,2022-10-14,RUS;KAZ,Beta,invented\n"
    "gamma,2019-02-05,USA,Gamma,invented\n"
)


@pytest.fixture(scope="module")
def focal_cache(tmp_path_factory, mirror) -> Path:
    """A cache holding the 391 focal speeches, pulled once from a temporary mirror."""
    src = mirror / "ungdc" / "ungdc_focal8_1946_2024.parquet"
    if not src.is_file():
        pytest.skip(f"{src} not found")
    root = tmp_path_factory.mktemp("texts_cli")
    m = root / "mirror" / "ungdc"
    m.mkdir(parents=True)
    shutil.copy(src, m / "ungdc_1946_2024.parquet")  # the name the puller expects
    cache = root / "cache"
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("ACCORD_CACHE", str(cache))
        mp.setenv("ACCORD_MIRROR", str(root / "mirror"))
        mp.setattr(cache_mod, "_verified", {})
        data.pull("ungdc", progress=False)
    return cache


@pytest.fixture
def env(focal_cache, tmp_path, monkeypatch) -> dict[str, str]:
    monkeypatch.setenv("ACCORD_CACHE", str(focal_cache))
    monkeypatch.delenv("ACCORD_MIRROR", raising=False)
    monkeypatch.setattr(cache_mod, "_verified", {})
    monkeypatch.chdir(tmp_path)
    return {"ACCORD_CACHE": str(focal_cache)}


@pytest.fixture
def folder(tmp_path) -> Path:
    d = tmp_path / "statements"
    d.mkdir()
    for name, text in DOCS.items():
        (d / name).write_text(text, encoding="utf-8")
    (tmp_path / "meta.csv").write_text(META, encoding="utf-8")
    return d


def invoke(*args: str):
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, (result.output, result.exception)
    return result


def csv(result) -> pl.DataFrame:
    return pl.read_csv(result.stdout.encode())


# ------------------------------------------------------------------ similarity


def test_similarity_percentile_among_all_pairs_of_the_year(env):
    res = invoke("texts", "similarity", "--actors", "RUS,CHN,central-asia", "--years", "2019")
    got = csv(res)
    whole = texts.similarity(texts.load_ungdc(years=2019))
    # UZB gave no speech in 2019 in the corpus: six actors, 15 pairs among them
    assert "warning: no speech of UZB in 2019" in res.stderr
    assert "reading 7 speeches (2019)" in res.stderr
    assert got.height == 15 and set(got["n_pairs"]) == {21}  # 7 speakers: 21 pairs
    want = whole.filter(~pl.col("iso3_a").is_in(["USA"]) & ~pl.col("iso3_b").is_in(["USA"]))
    assert_frame_equal(got, want.sort("year", "iso3_a", "iso3_b"), check_dtypes=False)
    # the percentile is the whole year's, not one recomputed among the actors asked for
    restricted = texts.similarity(
        texts.load_ungdc(years=2019, actors=["RUS", "CHN", "KAZ", "KGZ", "TJK", "TKM"])
    )
    assert not got["percentile"].equals(restricted.sort("iso3_a", "iso3_b")["percentile"])


def test_similarity_pairs_to_parquet(env):
    invoke(
        "texts", "similarity", "--pairs", "RUS-CHN,RUS-USA", "--years", "2017-2019",
        "--measure", "jaccard", "--out", "sim.parquet",
    )  # fmt: skip
    got = pl.read_parquet("sim.parquet")
    want = texts.similarity(
        texts.load_ungdc(years=(2017, 2019)),
        measure="jaccard",
        pairs=[("RUS", "CHN"), ("RUS", "USA")],
    )
    assert_frame_equal(got, want)
    assert got.height == 6 and set(got["iso3_a"]) == {"RUS"}


def test_similarity_help_says_how_percentiles_are_computed(env):
    res = invoke("texts", "similarity", "--help")
    text = " ".join(res.stdout.split())
    assert "ALL pairs of speakers of its year" in text
    assert "--actors and --pairs only choose which rows are shown" in text


# ------------------------------------------------------------------ keyness


def test_keyness_matches_the_api_and_shows_counts(env):
    res = invoke("texts", "keyness", "USA", "RUS", "--years", "2015-2024", "--top", "5")
    got = csv(res)
    c = texts.load_ungdc(years=(2015, 2024), actors=["RUS", "USA"])
    full = texts.keyness(texts.dfm(c, stopwords="en"), pl.col("actors").list.contains("USA"))
    assert got.height == 10
    assert got["distinctive_of"].to_list() == ["USA"] * 5 + ["RUS"] * 5
    top = got.head(5).drop("distinctive_of")
    assert_frame_equal(top, full.head(5), check_dtypes=False)
    bottom = got.tail(5).drop("distinctive_of")
    assert_frame_equal(bottom, full.sort("z", "feature").head(5), check_dtypes=False)
    # README (helper B): people 239 vs 34 of 20,450 and 15,430 words; west 3 vs 46
    first = got.row(0, named=True)
    assert (first["feature"], first["n_target"], first["n_reference"]) == ("people", 239, 34)
    assert (first["total_target"], first["total_reference"]) == (20450, 15430)
    assert got.filter(pl.col("feature") == "west").select("n_target", "n_reference").row(0) == (
        3,
        46,
    )


def test_keyness_groups_and_chi2(env):
    res = invoke(
        "texts", "keyness", "central-asia", "RUS,CHN", "--years", "2015-2024",
        "--measure", "chi2", "--top", "0",
    )  # fmt: skip
    got = csv(res)
    c = texts.load_ungdc(
        years=(2015, 2024), actors=["KAZ", "KGZ", "TJK", "TKM", "UZB", "RUS", "CHN"]
    )
    ca = pl.col("actors").list.eval(pl.element().is_in(["KAZ", "KGZ", "TJK", "TKM", "UZB"]))
    want = texts.keyness(texts.dfm(c, stopwords="en"), ca.list.any(), measure="chi2")
    assert got.height == want.height
    merged = got.join(want, on="feature", suffix="_api")
    assert (merged["chi2"] - merged["chi2_api"]).abs().max() < 1e-9
    assert (merged["n_target"] == merged["n_target_api"]).all()


# ------------------------------------------------------------------ profile, mentions


def test_profile_values_by_actor(env):
    res = invoke(
        "texts", "profile", "--dict", "values", "--actors", "RUS,USA", "--years", "2015-2024",
        "--by", "actor", "--out", "values.csv",
    )  # fmt: skip
    got = pl.read_csv("values.csv")
    c = texts.load_ungdc(years=(2015, 2024), actors=["RUS", "USA"])
    want = texts.profile(c, "values", by="actor_iso3")
    assert_frame_equal(got, want, check_dtypes=False)
    assert "wrote 40 rows to values.csv" in res.stderr
    # README (helper B): RUS democracy 29 in 28,413 words (10.21 per 10k); USA 72
    rus = got.filter((pl.col("actor_iso3") == "RUS") & (pl.col("category") == "democracy"))
    assert rus.select("count", "n_words").row(0) == (29, 28413)
    assert round(rus["per_10k"].item(), 2) == 10.21
    usa = got.filter((pl.col("actor_iso3") == "USA") & (pl.col("category") == "democracy"))
    assert usa["count"].item() == 72


def test_profile_per_document_keeps_ids(env):
    got = csv(invoke("texts", "profile", "--dict", "agenda", "--actors", "KAZ", "--years", "2019"))
    assert got.columns[:3] == ["doc_id", "year", "actor_iso3"]
    want = texts.profile(texts.load_ungdc(years=2019, actors="KAZ"), "agenda")
    assert got["count"].to_list() == want["count"].to_list()
    assert set(got["doc_id"]) == {"KAZ_74_2019"}


def test_mentions_of_central_asia_by_russia_and_china(env):
    res = invoke(
        "texts", "mentions", "--actors", "RUS,CHN", "--mentioned", "central-asia,RUS,CHN",
        "--years", "1992-2024", "--by", "actor",
    )  # fmt: skip
    got = csv(res)
    c = texts.load_ungdc(years=(1992, 2024), actors=["RUS", "CHN"])
    codes = ["KAZ", "KGZ", "TJK", "TKM", "UZB", "RUS", "CHN"]
    want = texts.mentions(c, countries=codes, by="actor_iso3")
    assert_frame_equal(got, want, check_dtypes=False)
    # README (helper B): CHN 4 4 4 1 1 9 1074; RUS 6 1 12 0 1 473 32
    wide = dict(
        ((r["actor_iso3"], r["mentioned_iso3"]), r["count"]) for r in got.iter_rows(named=True)
    )
    assert [wide["CHN", k] for k in codes] == [4, 4, 4, 1, 1, 9, 1074]
    assert [wide["RUS", k] for k in codes] == [6, 1, 12, 0, 1, 473, 32]


def test_mentions_default_is_per_actor_year(env):
    got = csv(
        invoke("texts", "mentions", "--actors", "KAZ", "--mentioned", "UZB", "--years", "2019-2020")
    )
    assert got.columns == [
        "actor_iso3", "year", "mentioned_iso3", "count", "n_words", "n_docs", "per_10k",
    ]  # fmt: skip
    assert got.select("actor_iso3", "year").rows() == [("KAZ", 2019), ("KAZ", 2020)]


# ------------------------------------------------------------------ reuse


def test_reuse_on_the_corpus_truncates_on_stdout_only(env):
    args = ["texts", "reuse", "--corpus", "ungdc", "--actors", "CHN,USA", "--years", "1972-1975"]
    res = invoke(*args)
    shown = csv(res)
    invoke(*args, "--out", "reuse.json")
    full = pl.read_json("reuse.json")
    c = texts.load_ungdc(years=(1972, 1975), actors=["CHN", "USA"])
    want = texts.reuse(dict(zip(c.meta["doc_id"].to_list(), c.texts, strict=True)))
    assert_frame_equal(full, want, check_dtypes=False)
    # README (helper C): 25 passages, all between Chinese speeches, longest 103 words
    assert full.height == 25 and full["words"].max() == 103
    assert set(full["id_a"].str.slice(0, 3)) | set(full["id_b"].str.slice(0, 3)) == {"CHN"}
    assert_frame_equal(shown.drop("passage_a", "passage_b"), full.drop("passage_a", "passage_b"))
    assert shown["passage_a"].str.len_chars().max() <= 60
    assert (shown["passage_a"].str.ends_with("…")).all()
    assert full["passage_a"].str.len_chars().min() > 60
    assert "25 passages between 5 pairs of speeches" in res.stderr
    assert "--out FILE keeps them whole" in res.stderr


# ------------------------------------------------------------------ --docs


def test_docs_folder_all_commands(env, folder):
    meta = str(folder.parent / "meta.csv")
    res = invoke("texts", "reuse", str(folder), "--out", "r.csv")
    r = pl.read_csv("r.csv")
    assert r.select("id_a", "id_b").rows() == [("alpha", "beta")]
    row = r.row(0, named=True)
    a, b = DOCS["alpha.txt"], DOCS["beta.txt"]
    assert (row["start_a"], row["end_a"]) == (a.index(PASSAGE), a.index(PASSAGE) + len(PASSAGE))
    assert (row["start_b"], row["end_b"]) == (b.index(PASSAGE), b.index(PASSAGE) + len(PASSAGE))
    assert row["passage_a"] == PASSAGE and row["words"] == len(PASSAGE.split())
    assert "reading 3 documents" in res.stderr

    sim = csv(invoke("texts", "similarity", "--docs", str(folder)))
    want = texts.similarity(texts.read_documents(folder), by=None)
    assert_frame_equal(sim, want, check_dtypes=False)
    assert sim.select("doc_a", "doc_b").rows()[0] == ("alpha", "beta")
    # --actors keeps the pairs of documents whose actors include KAZ; percentile unchanged
    kaz = csv(
        invoke("texts", "similarity", "--docs", str(folder), "--metadata", meta, "--actors", "KAZ")
    )
    assert kaz.select("doc_a", "doc_b", "percentile").rows() == [("alpha", "beta", 100.0)]

    key = csv(
        invoke("texts", "keyness", "alpha,beta", "gamma", "--docs", str(folder), "--top", "0")
    )
    d = texts.dfm(texts.read_documents(folder), stopwords="en")
    want = texts.keyness(d, pl.col("doc_id").is_in(["alpha", "beta"]))
    assert sorted(key["feature"]) == sorted(want["feature"])
    assert key.filter(pl.col("feature") == "water")["n_target"].item() == 2

    prof = csv(
        invoke("texts", "profile", "--dict", "values", "--docs", str(folder), "--metadata", meta)
    )
    counts = {(r["doc_id"], r["category"]): r["count"] for r in prof.iter_rows(named=True)}
    assert counts["gamma", "rule_of_law"] == 1 and counts["alpha", "non_interference"] == 2
    assert prof.filter(pl.col("doc_id") == "gamma")["actor_iso3"].unique().to_list() == ["USA"]
    nz = csv(invoke("texts", "profile", "--dict", "values", "--docs", str(folder), "--nonzero"))
    assert nz.height == 11 and nz["count"].min() == 1
    assert nz.height == prof.filter(pl.col("count") > 0).height

    men = csv(invoke("texts", "mentions", "--docs", str(folder), "--metadata", meta, "--nonzero"))
    assert men.select("doc_id", "mentioned_iso3", "count").rows() == [
        ("beta", "KAZ", 1),
        ("beta", "UZB", 1),
        ("gamma", "KGZ", 1),
    ]
    # --years filters by the metadata dates
    men = csv(invoke(
        "texts", "mentions", "--docs", str(folder), "--metadata", meta, "--nonzero",
        "--years", "2022-2023",
    ))  # fmt: skip
    assert set(men["doc_id"]) == {"beta"}


def test_docs_issues_are_reported_and_the_rest_loads(env, folder):
    (folder / "empty.txt").write_text("  \n", encoding="utf-8")
    (folder / "latin1.txt").write_bytes("caf\xe9 cr\xe8me".encode("latin-1"))
    res = invoke("texts", "similarity", "--docs", str(folder))
    assert "warning: empty.txt: the document is empty." in res.stderr
    assert "warning: latin1.txt" in res.stderr
    assert csv(res).height == 3


# ------------------------------------------------------------------ data pull --from


def test_data_pull_from_an_archive_then_texts(tmp_path, monkeypatch):
    monkeypatch.setenv("ACCORD_CACHE", str(tmp_path / "cache"))
    monkeypatch.delenv("ACCORD_MIRROR", raising=False)
    monkeypatch.setattr(cache_mod, "_verified", {})
    speeches = {  # invented, in the published layout
        "TXT/Session 74 - 2019/RUS_74_2019.txt": "We stand for sovereignty and multipolarity.",
        "TXT/Session 74 - 2019/CHN_74_2019.txt": "China supports sovereignty and mutual respect.",
        "TXT/Session 74 - 2019/USA_74_2019.txt": "Democracy and human rights are universal.",
    }
    z = tmp_path / "UNGDC.zip"
    with zipfile.ZipFile(z, "w") as zf:
        for name, text in speeches.items():
            zf.writestr(name, text)
    res = invoke("data", "pull", "ungdc", "--from", str(z))
    assert "pulled ungdc v13-1946-2024 into" in res.stderr
    got = csv(invoke("texts", "similarity", "--years", "2019"))
    assert got.select("iso3_a", "iso3_b").rows() == [("CHN", "RUS"), ("CHN", "USA"), ("RUS", "USA")]
    assert_frame_equal(got, texts.similarity(texts.load_ungdc()), check_dtypes=False)


# ------------------------------------------------------------------ errors


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["texts", "similarity", "--actors", "Rusia,CHN"],
            "error: unknown country 'Rusia' in --actors. Did you mean 'Russia' (RUS)?",
        ),
        (
            ["texts", "mentions", "--mentioned", "centralasia"],
            "error: unknown region 'centralasia' in --mentioned. Did you mean 'central-asia'?",
        ),
        (
            ["texts", "profile", "--dict", "values", "--years", "20x"],
            "error: --years '20x' is not understood; give a year (2019) or a range (2010-2019).",
        ),
        (
            ["texts", "keyness", "RUS", "CHN", "--years", "2019-2010"],
            "error: --years '2019-2010' runs backwards; use 2010-2019.",
        ),
        (
            ["texts", "reuse", "empty"],
            "error: documents folder 'empty' holds no readable document",
        ),
        (
            ["texts", "keyness", "RUS", "central-asia,RUS"],
            "error: RUS is on both sides (RUS vs central-asia,RUS)",
        ),
        (
            ["texts", "similarity", "--years", "2019", "--out", "sim.txt"],
            "error: cannot write 'sim.txt': unknown output format '.txt'",
        ),
        (["texts", "similarity", "--measure", "euclid"], "error: --measure 'euclid' is not known"),
        (["texts", "reuse"], "error: give a folder of documents (accord texts reuse FOLDER)"),
    ],
)
def test_bad_input_one_line_exit_1(env, tmp_path, args, message):
    (tmp_path / "empty").mkdir()
    res = run(*args, env=env, cwd=tmp_path)
    assert res.returncode == 1, res.stderr
    assert res.stdout == ""
    lines = res.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(message), res.stderr
    assert "Traceback" not in res.stderr


def test_missing_corpus_names_the_pull_command(tmp_path):
    res = run(
        "texts", "similarity", "--years", "2019",
        env={"ACCORD_CACHE": str(tmp_path / "nocache"), "ACCORD_MIRROR": ""},
        cwd=tmp_path,
    )  # fmt: skip
    assert res.returncode == 1
    (line,) = res.stderr.strip().splitlines()
    assert line.startswith("error: dataset 'ungdc' is not in the cache")
    assert line.endswith("Fetch it with `accord data pull ungdc`.")
