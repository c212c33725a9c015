"""`accord routes …` end to end."""

import polars as pl
from typer.testing import CliRunner

from accord.cli.main import app

from .._cli import run


def test_compare_avoid_and_out(tmp_path):
    out = tmp_path / "r.csv"
    res = CliRunner().invoke(
        app, ["routes", "compare", "Lanzhou", "Tashkent", "--avoid", "KAZ", "--out", str(out)]
    )
    assert res.exit_code == 0, res.output
    df = pl.read_csv(out)
    assert "Osh" in df["path"][0] and "KAZ" not in df["countries"][0]


def test_compare_detail_and_by_distance():
    res = CliRunner().invoke(
        app, ["routes", "compare", "Lanzhou", "Tashkent", "--by", "distance", "--detail"]
    )
    assert res.exit_code == 0, res.output
    df = pl.read_csv(res.stdout.encode())
    assert df["distance_km"].sum() == 3871.5 and "source_url" in df.columns


def test_list_and_claims():
    for what, col in (("legs", "leg_id"), ("nodes", "node_id"), ("routes", "route")):
        res = CliRunner().invoke(app, ["routes", "list", what])
        assert res.exit_code == 0, res.output
        assert col in pl.read_csv(res.stdout.encode()).columns
    res = CliRunner().invoke(app, ["routes", "claims"])
    assert res.exit_code == 0, res.output
    df = pl.read_csv(res.stdout.encode())
    assert df["verdict"].to_list() == ["contradicted", "contradicted", "not checkable"]


def test_user_files_and_one_line_errors(tmp_path):
    legs = tmp_path / "legs.csv"
    legs.write_text(
        "leg_id,from_id,to_id,mode,distance_km,source_kind,source_url\n"
        "a,osh,bishkek,road,-600,news,https://x.org\n"
    )
    res = run("routes", "compare", "Osh", "Bishkek", "--legs", str(legs), cwd=tmp_path)
    assert res.returncode == 1
    assert res.stderr.startswith("error: legs.csv line 2, column 'distance_km': -600 is negative")
    assert res.stderr.count("\n") == 1 and "Traceback" not in res.stderr
    legs.write_text(
        "leg_id,from_id,to_id,mode,distance_km,source_kind,source_url\n"
        "a,osh,bishkek,road,600,news,https://x.org\n"
    )
    res = run(
        "routes", "compare", "Osh", "Bishkek", "--legs", str(legs), "--by", "distance", cwd=tmp_path
    )
    assert res.returncode == 0, res.stderr
    assert pl.read_csv(res.stdout.encode())["distance_km"][0] == 600
    res = run("routes", "compare", "Lanzhu", "Tashkent", cwd=tmp_path)
    assert (
        res.returncode == 1
        and "error: unknown origin 'Lanzhu'. Did you mean 'Lanzhou'" in res.stderr
    )
    res = run("routes", "list", "trains", cwd=tmp_path)
    assert res.returncode == 1 and "cannot list 'trains'" in res.stderr
    res = run("routes", "compare", "Lanzhou", cwd=tmp_path)
    assert res.returncode == 2
