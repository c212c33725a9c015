"""`accord votes …` and `accord assess …` end to end, as a user runs them."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import polars as pl
import pytest
from typer.testing import CliRunner

import accord
from accord import votes
from accord.cli.main import app

from .._cli import run


def test_version():
    result = CliRunner().invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.stdout.strip() == f"accord {accord.__version__}"


def test_assess_main_job(tmp_path):
    res = run(
        "assess", "RUS", "CHN", "--region", "central-asia", "--json", "scorecard.json", cwd=tmp_path
    )
    assert res.returncode == 0, res.stderr
    out = res.stdout
    assert "Do Russia and China act in concert towards Central Asia?" in out
    assert "Votes (UN General Assembly)" in out
    assert "Kazakhstan (KAZ)" in out
    assert "Statements (joint statements, strategies): No documents given: pass --docs" in out
    card = json.loads((tmp_path / "scorecard.json").read_text())
    latest = next(i for i in card["sections"][0]["indicators"] if i["id"] == "votes.ab.latest")
    ref = votes.agreement(votes.load(), pairs=[("RUS", "CHN")], sessions=74, measure="kappa")
    assert latest["value"] == pytest.approx(ref["kappa"][0])
    assert f"{latest['value']:.2f}" in out


def test_assess_reads_several_trade_files(tmp_path):
    fixtures = Path(__file__).resolve().parents[1] / "economy" / "fixtures"
    shutil.copy(fixtures / "country_codes_V202401.csv", tmp_path)
    text = (fixtures / "BACI_HS92_Y2019_V202401.csv").read_text()
    for year in (2018, 2019):
        (tmp_path / f"BACI_HS92_Y{year}_V202401.csv").write_text(text.replace("2019,", f"{year},"))
    files = ["--trade", "BACI_HS92_Y2018_V202401.csv", "--trade", "BACI_HS92_Y2019_V202401.csv"]
    res = run("assess", "RUS", "CHN", "--region", "central-asia", *files, "--json", "c.json",
              cwd=tmp_path)  # fmt: skip
    assert res.returncode == 0, res.stderr
    card = json.loads((tmp_path / "c.json").read_text())
    assert card["parameters"]["trade"] == (
        "BACI_HS92_Y2018_V202401.csv, BACI_HS92_Y2019_V202401.csv"
    )
    money = next(s for s in card["sections"] if s["id"] == "money")
    assert any(i["id"] == "money.similarity" for i in money["indicators"])


def test_assess_typo_is_one_line_error(tmp_path):
    res = run("assess", "Rusia", "CHN", "--region", "central-asia", cwd=tmp_path)
    assert res.returncode == 1
    lines = res.stderr.strip().splitlines()
    assert lines[-1] == "error: unknown country 'Rusia' in powers. Did you mean 'Russia' (RUS)?"
    assert "Traceback" not in res.stderr
    res = run("assess", "RUS", "CHN", "--region", "centralasia", cwd=tmp_path)
    assert res.returncode == 1
    assert "error: unknown region 'centralasia'. Did you mean 'central-asia'?" in res.stderr
    debug = run("--debug", "assess", "Rusia", "CHN", "--region", "central-asia", cwd=tmp_path)
    assert debug.returncode == 1 and "Traceback" in debug.stderr


def test_votes_agreement_to_files(tmp_path):
    runner = CliRunner()
    for ext in ("csv", "parquet", "json"):
        out = tmp_path / f"agree.{ext}"
        result = runner.invoke(
            app,
            [
                "votes",
                "agreement",
                "Russia",
                "China",
                "--years",
                "1992-2019",
                "--measure",
                "kappa,voeten",
                "--out",
                str(out),
            ],
        )
        assert result.exit_code == 0, result.output
        df = {"csv": pl.read_csv, "parquet": pl.read_parquet, "json": pl.read_json}[ext](out)
        ref = votes.agreement(
            votes.load(), pairs=[("RUS", "CHN")], years=(1992, 2019), measure=["kappa", "voeten"]
        )
        assert df.height == ref.height == 28
        assert df["kappa"].to_list() == pytest.approx(ref["kappa"].to_list())


def test_votes_agreement_region_and_stdout():
    result = CliRunner().invoke(
        app,
        [
            "votes",
            "agreement",
            "RUS",
            "CHN",
            "--region",
            "central-asia",
            "--years",
            "2019",
            "--percentile",
        ],
    )
    assert result.exit_code == 0, result.output
    lines = result.stdout.strip().splitlines()
    assert lines[0] == "iso3_a,iso3_b,session,year,voeten,kappa,voeten_pct,kappa_pct,n_votes"
    pairs = {tuple(line.split(",")[:2]) for line in lines[1:]}
    assert ("RUS", "CHN") in pairs and ("KAZ", "RUS") in pairs and ("UZB", "CHN") in pairs
    assert len(pairs) == 11


def test_votes_matrix(tmp_path):
    out = tmp_path / "m.csv"
    result = CliRunner().invoke(
        app, ["votes", "matrix", "--session", "74", "--measure", "kappa", "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    m = pl.read_csv(out)
    assert m.height == m.width - 1 > 150


def test_bad_output_leaves_existing_file_intact(tmp_path):
    out = tmp_path / "agree.csv"
    out.write_text("precious\n")
    res = run("votes", "agreement", "RUS", "Kyrgystan", "--out", str(out), cwd=tmp_path)
    assert res.returncode == 1
    assert (
        res.stderr.strip()
        == "error: unknown country 'Kyrgystan' in countries. Did you mean 'Kyrgyzstan' (KGZ)?"
    )
    assert out.read_text() == "precious\n"
    res = run("votes", "agreement", "RUS", "CHN", "--out", "agree.xlsx", cwd=tmp_path)
    assert res.returncode == 1
    assert "unknown output format '.xlsx'; use one of .csv, .parquet, .json" in res.stderr
    assert not (tmp_path / "agree.xlsx").exists()
    assert [p.name for p in tmp_path.iterdir()] == ["agree.csv"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["votes", "agreement", "RUS", "CHN", "--years", "2023"],
            "error: UN votes cover sessions 1–74 (1946–2019); you asked for year 2023.",
        ),
        (
            ["votes", "agreement", "RUS", "CHN", "--measure", "kapa"],
            "error: unknown measure 'kapa'. Did you mean 'kappa'?",
        ),
        (["votes", "agreement", "RUS"], "error: give at least two different states"),
        (["votes", "matrix"], "error: give exactly one of session= or year="),
    ],
)
def test_votes_errors(tmp_path, args, message):
    res = run(*args, cwd=tmp_path)
    assert res.returncode == 1
    assert res.stderr.strip().startswith(message)
    assert len(res.stderr.strip().splitlines()) == 1


def test_usage_error_exits_2():
    result = CliRunner().invoke(app, ["votes", "agreement", "RUS", "CHN", "--by"])
    assert result.exit_code == 2


def test_assess_writes_html_markdown_and_json(tmp_path):
    res = run(
        "assess", "RUS", "CHN", "--region", "central-asia",
        "--html", "r.html", "--md", "r.md", "--json", "r.json",
        cwd=tmp_path,
    )  # fmt: skip
    assert res.returncode == 0, res.stderr
    html = (tmp_path / "r.html").read_text(encoding="utf-8")
    md = (tmp_path / "r.md").read_text(encoding="utf-8")
    doc = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    assert html.startswith("<!DOCTYPE html>") and "</html>" in html
    assert md.startswith("# Do Russia and China act in concert towards Central Asia?")
    # The three carry the same reading.
    for line in doc["reading"]:
        assert line.split(":")[0] in md and line.split(":")[0] in html
    for name in ("r.html", "r.md", "r.json"):
        assert f"wrote {name}" in res.stderr
    assert not list(tmp_path.glob(".*.tmp"))


def test_assess_report_into_missing_folder_writes_nothing(tmp_path):
    res = run(
        "assess", "RUS", "CHN", "--region", "central-asia",
        "--json", "ok.json", "--html", "nope/r.html",
        cwd=tmp_path,
    )  # fmt: skip
    assert res.returncode == 1
    assert "Traceback" not in res.stderr
    assert "error: cannot write 'nope/r.html': folder 'nope' does not exist" in res.stderr
    assert not (tmp_path / "ok.json").exists()


def test_assess_docs_folder(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "a.txt").write_text("Sovereignty and territorial integrity matter most. " * 5)
    (docs / "b.txt").write_text("Democracy and human rights matter most to us. " * 5)
    (docs / "empty.txt").write_text("")
    res = run("assess", "RUS", "CHN", "--region", "central-asia", "--docs", "docs",
              "--md", "r.md", cwd=tmp_path)  # fmt: skip
    assert res.returncode == 0, res.stderr
    md = (tmp_path / "r.md").read_text(encoding="utf-8")
    part = md[md.index("## Statements") : md.index("## Meetings")]
    assert "2 documents read from docs (no metadata.csv: no actors)." in part
    assert "Note: empty.txt: the document is empty." in part
    res = run("assess", "RUS", "CHN", "--region", "central-asia", "--docs", "nope", cwd=tmp_path)
    assert res.returncode == 1 and "Traceback" not in res.stderr
    assert res.stderr.strip().splitlines()[-1].startswith("error: documents folder 'nope'")
