"""End-to-end tests of ``accord countries`` as a user runs it."""

from __future__ import annotations

import io
import subprocess
import sys

import polars as pl
import pytest
from typer.testing import CliRunner

from accord.cli.main import app
from accord.errors import InputError

runner = CliRunner()


@pytest.fixture(autouse=True)
def _fresh_dir(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)


def _csv(text: str) -> pl.DataFrame:
    return pl.read_csv(io.StringIO(text))


def test_resolve_writes_a_table_to_stdout():
    result = runner.invoke(
        app, ["countries", "resolve", "Kyrgyz Republic", "365", "KG", "m49:643", "Korea, Rep."]
    )
    assert result.exit_code == 0, result.output
    df = _csv(result.stdout)
    assert df.columns == ["input", "iso3", "name", "iso2", "cow", "m49"]
    assert df["iso3"].to_list() == ["KGZ", "RUS", "KGZ", "RUS", "KOR"]
    assert df.row(1) == ("365", "RUS", "Russia", "RU", 365, 643)


def test_resolve_without_text_lists_everything():
    result = runner.invoke(app, ["countries", "resolve"])
    assert result.exit_code == 0, result.output
    df = _csv(result.stdout)
    assert df.height == 255
    assert {"iso3", "name", "aliases"} <= set(df.columns)


@pytest.mark.parametrize("suffix", [".csv", ".parquet", ".json"])
def test_resolve_out_file(tmp_path, suffix):
    out = tmp_path / f"codes{suffix}"
    result = runner.invoke(app, ["countries", "resolve", "Russia", "China", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    df = {".csv": pl.read_csv, ".parquet": pl.read_parquet, ".json": pl.read_json}[suffix](out)
    assert df["iso3"].to_list() == ["RUS", "CHN"]


def test_groups_table_and_members():
    result = runner.invoke(app, ["countries", "groups"])
    assert result.exit_code == 0, result.output
    df = _csv(result.stdout)
    assert "central-asia" in df["id"].to_list()
    assert df.columns == ["id", "title", "n_members", "members", "source", "as_of", "note"]

    result = runner.invoke(app, ["countries", "groups", "Central Asia"])
    assert result.exit_code == 0, result.output
    df = _csv(result.stdout)
    assert df.columns == ["iso3", "name"]
    assert df["iso3"].to_list() == ["KAZ", "KGZ", "TJK", "TKM", "UZB"]
    assert df["name"][1] == "Kyrgyzstan"


def test_errors_reach_main_as_input_error():
    # main() turns these into one line; the bare app lets them through.
    result = runner.invoke(app, ["countries", "resolve", "Kyrgystan"])
    assert isinstance(result.exception, InputError)
    assert str(result.exception) == "unknown country 'Kyrgystan'. Did you mean 'Kyrgyzstan' (KGZ)?"
    result = runner.invoke(app, ["countries", "groups", "centralasia"])
    assert isinstance(result.exception, InputError)
    assert str(result.exception) == "unknown region 'centralasia'. Did you mean 'central-asia'?"


def test_unknown_country_as_a_process(tmp_path):
    proc = subprocess.run(
        [sys.executable, "-m", "accord.cli.main", "countries", "resolve", "Russia", "Kyrgystan"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=120,
    )
    assert proc.returncode == 1
    lines = proc.stderr.strip().splitlines()
    assert lines == ["error: unknown country 'Kyrgystan'. Did you mean 'Kyrgyzstan' (KGZ)?"]
    assert "Traceback" not in proc.stderr
    assert proc.stdout == ""
