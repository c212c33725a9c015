"""`accord events …` end to end."""

import os

import polars as pl
import pytest
from typer.testing import CliRunner

from accord import events
from accord.cli.main import app

from .._cli import run


def test_formats_and_meetings(tmp_path):
    out = tmp_path / "f.csv"
    res = CliRunner().invoke(
        app, ["events", "formats", "--region", "central-asia", "--out", str(out)]
    )
    assert res.exit_code == 0, res.output
    assert pl.read_csv(out).height == events.formats(region="central-asia").height
    res = CliRunner().invoke(app, ["events", "meetings", "--partner", "CHN", "--level", "summit"])
    assert res.exit_code == 0, res.output
    df = pl.read_csv(res.stdout.encode())
    assert (
        set(df["level"]) == {"summit"} and "chn_ca_summit_2023-05-18" in df["meeting_id"].to_list()
    )


def test_memberships_at():
    res = CliRunner().invoke(app, ["events", "memberships", "--org", "csto", "--at", "2013-01-01"])
    assert res.exit_code == 0, res.output
    df = pl.read_csv(res.stdout.encode())
    assert "UZB" not in df["iso3"].to_list() and "RUS" in df["iso3"].to_list()


def test_coincidence_matches_the_api():
    res = CliRunner().invoke(app, ["events", "coincidence", "RUS", "CHN", "--surrogates", "500"])
    assert res.exit_code == 0, res.output
    row = pl.read_csv(res.stdout.encode()).row(0, named=True)
    m = events.meetings(region="central-asia")
    co = events.coincidence(
        m.filter(pl.col("partner") == "RUS")["date_start"].to_list(),
        m.filter(pl.col("partner") == "CHN")["date_start"].to_list(),
        window=92,
        n_surrogates=500,
        seed=0,
    )
    assert row["precursor_count"] == co.precursor_count
    assert row["precursor_p_surrogate"] == pytest.approx(co.precursor_p_surrogate)
    assert row["launch_gap_days"] == 91
    assert "assumption: independent series" in res.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["events", "meetings", "--level", "lunch"], "error: level 'lunch' is not one of"),
        (
            ["events", "meetings", "--extra", "mine.csv"],
            "error: registry file 'mine.csv' does not exist",
        ),
        (
            ["events", "memberships", "--org", "sko"],
            "error: unknown organisation 'sko'. Did you mean 'sco'?",
        ),
        (["events", "coincidence", "RUS", "BRA"], "error: no meetings of BRA with central-asia"),
        (
            ["events", "coincidence", "RUS", "CHN", "--window", "0"],
            "error: window=0.0 must be positive",
        ),
    ],
)
def test_errors(tmp_path, args, message):
    res = run(*args, cwd=tmp_path)
    assert res.returncode == 1, res.stderr
    assert res.stderr.strip().startswith(message), res.stderr
    assert "Traceback" not in res.stderr


def test_aggregate_icews_sample(tmp_path):
    from pathlib import Path

    icews = (
        Path(os.environ["ACCORD_TEST_MIRROR"]) / "event_data_samples/icews/events.2018.sample.tab"
    )
    if not icews.is_file():
        pytest.skip("shared event samples not found")
    out = tmp_path / "dyads.parquet"
    res = CliRunner().invoke(
        app, ["events", "aggregate", str(icews), "--actors", "RUS,CHN,USA", "--out", str(out)]
    )
    assert res.exit_code == 0, res.output
    got = pl.read_parquet(out)
    want = events.aggregate(events.read_icews(icews), actors=["RUS", "CHN", "USA"])
    assert got.equals(want)
    assert set(got["source_country"]) <= {"RUS", "CHN", "USA"}


def test_aggregate_missing_file(tmp_path):
    res = run("events", "aggregate", "nope.tsv", cwd=tmp_path)
    assert res.returncode == 1
    assert res.stderr.strip() == "error: event file 'nope.tsv' does not exist; check the path."


def test_aggregate_malformed_row_stops_or_is_skipped(tmp_path):
    from pathlib import Path

    sample = (
        Path(os.environ["ACCORD_TEST_MIRROR"])
        / "event_data_samples/gdelt1/gdelt1_events_sample_20160728_710rows.tsv"
    )
    if not sample.is_file():
        pytest.skip("shared event samples not found")
    lines = sample.read_text(encoding="utf-8").splitlines(keepends=True)
    bad = tmp_path / "bad.tsv"
    bad.write_text("".join(lines[:5]) + "garbage\tline\n" + "".join(lines[5:]), encoding="utf-8")

    res = run("events", "aggregate", str(bad), cwd=tmp_path)
    assert res.returncode == 1
    assert "Traceback" not in res.stderr
    assert "bad.tsv line 6" in res.stderr and "--skip-malformed" in res.stderr

    out = tmp_path / "dyads.csv"
    res = run("events", "aggregate", str(bad), "--skip-malformed", "--out", str(out), cwd=tmp_path)
    assert res.returncode == 0, res.stderr
    assert "skipped bad.tsv line 6" in res.stderr
    assert f"read {len(lines) + 1:,} rows, kept {len(lines):,}" in res.stderr
    # The skipped file aggregates to what the clean sample does.
    got = pl.read_csv(out, try_parse_dates=True)
    want = events.aggregate(events.read_gdelt(sample))
    assert got["n_events"].sum() == want["n_events"].sum()
    assert got.height == want.height
