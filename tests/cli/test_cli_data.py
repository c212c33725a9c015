"""``accord data`` end to end: list, info, pull, cite; in-process and as a subprocess."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import polars as pl
import pytest
from typer.testing import CliRunner

import accord.data.cache as cache_mod
from accord.cli.main import app
from accord.errors import InputError

REPO = Path(__file__).resolve().parents[2]
FILE = "IdealpointestimatesAll_Jun2024.csv"
SHA = "adaeca9a9d617afaf463f892a868fbfe17b33bbd6bdb613688d67f1b8dd6887d"


def _mirror_root() -> Path:
    return Path(os.environ["ACCORD_TEST_MIRROR"])


@pytest.fixture
def env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """A fresh cache, the shared data folder as mirror, and a fresh working directory."""
    mirror = _mirror_root()
    if not (mirror / "unga_votes" / "ideal_points" / FILE).is_file():
        pytest.skip(f"shared data mirror not found at {mirror}")
    cache = tmp_path / "cache"
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.setenv("ACCORD_CACHE", str(cache))
    monkeypatch.setenv("ACCORD_MIRROR", str(mirror))
    monkeypatch.chdir(work)
    monkeypatch.setattr(cache_mod, "_verified", {})
    return {"ACCORD_CACHE": str(cache), "ACCORD_MIRROR": str(mirror)}


runner = CliRunner()


def test_list(env):
    result = runner.invoke(app, ["data", "list"])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == "id,kind,title,version,licence,coverage,status"
    (row,) = [line for line in lines if line.startswith("bsv-idealpoints,pullable,")]
    assert row.endswith(",not cached")


def test_list_to_file(env):
    result = runner.invoke(app, ["data", "list", "--out", "datasets.json"])
    assert result.exit_code == 0, result.output
    df = pl.read_json("datasets.json")
    assert "bsv-idealpoints" in df["id"].to_list()
    assert "wrote" in result.stderr and result.stdout == ""


def test_info(env):
    result = runner.invoke(app, ["data", "info", "bsv-idealpoints"])
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert out.startswith("bsv-idealpoints — Bailey–Strezhnev–Voeten")
    for text in (
        "version:   Jun2024",
        "licence:   CC0 1.0",
        "status:    not cached",
        SHA,
        "1,921,465 bytes",
        "@article{bailey2017estimating",
        "hdl:1902.1/12379",
    ):
        assert text in out


def test_pull_then_info_and_cite(env):
    cache = Path(env["ACCORD_CACHE"]) / "bsv-idealpoints" / "Jun2024"
    result = runner.invoke(app, ["data", "pull", "bsv-idealpoints"])
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert result.stderr.rstrip().splitlines()[-1] == f"pulled bsv-idealpoints Jun2024 into {cache}"
    assert (cache / FILE).is_file()
    assert json.loads((cache / "PROVENANCE.json").read_text())["files"][0]["sha256"] == SHA

    result = runner.invoke(app, ["data", "info", "bsv-idealpoints"])
    assert f"status:    cached ({cache})" in result.stdout

    result = runner.invoke(app, ["data", "cite", "bsv-idealpoints"])
    assert result.exit_code == 0
    assert result.stdout.startswith("@article{bailey2017estimating,")
    assert result.stdout.rstrip().endswith("}")


def test_pull_quiet_prints_nothing(env):
    result = runner.invoke(app, ["--quiet", "data", "pull", "bsv-idealpoints", "--force"])
    assert result.exit_code == 0, result.output
    assert result.stdout == "" and result.stderr == ""


def test_unknown_id_in_process(env):
    result = runner.invoke(app, ["data", "info", "bsv-idealpoint"])
    assert result.exit_code != 0
    assert isinstance(result.exception, InputError)
    assert "Did you mean 'bsv-idealpoints'?" in str(result.exception)


def _run(args: list[str], env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "accord.cli.main", *args],
        env={**os.environ, **env},
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_subprocess_pull(env, tmp_path):
    proc = _run(["data", "pull", "bsv-idealpoints"], env, tmp_path / "work")
    assert proc.returncode == 0, proc.stderr
    cache = Path(env["ACCORD_CACHE"]) / "bsv-idealpoints" / "Jun2024"
    assert proc.stderr.rstrip().splitlines()[-1] == f"pulled bsv-idealpoints Jun2024 into {cache}"
    assert (cache / FILE).stat().st_size == 1_921_465


def test_subprocess_unknown_id(env, tmp_path):
    proc = _run(["data", "pull", "bsv-idealpoint"], env, tmp_path / "work")
    assert proc.returncode == 1
    assert proc.stdout == ""
    assert proc.stderr == (
        "error: unknown dataset 'bsv-idealpoint'. Did you mean 'bsv-idealpoints'? "
        "`accord data list` shows all.\n"
    )
    assert "Traceback" not in proc.stderr


def test_subprocess_bad_mirror_is_one_line(env, tmp_path):
    bad = {**env, "ACCORD_MIRROR": str(tmp_path / "nowhere")}
    proc = _run(["data", "pull", "bsv-idealpoints"], bad, tmp_path / "work")
    assert proc.returncode == 1
    lines = proc.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ACCORD_MIRROR=")
