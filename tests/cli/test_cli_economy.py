"""`accord economy …` end to end."""

from pathlib import Path

import polars as pl
import pytest
from typer.testing import CliRunner

from accord.cli.main import app
from accord.economy import claims

from .._cli import run

FIXTURES = Path(__file__).resolve().parents[1] / "economy" / "fixtures"


def test_claims_to_csv(tmp_path):
    out = tmp_path / "claims.csv"
    res = CliRunner().invoke(app, ["economy", "claims", "--out", str(out)])
    assert res.exit_code == 0, res.output
    got = pl.read_csv(out)
    want = claims.check()
    assert got["verdict"].to_list() == want["verdict"].to_list()
    assert "4 supported, 1 contradicted, 12 not checkable" in res.stderr


def test_profile_table(tmp_path):
    res = CliRunner().invoke(
        app, ["economy", "profile", "--region", "central-asia", "--table", "remittance_ties"]
    )
    assert res.exit_code == 0, res.output
    lines = res.stdout.strip().splitlines()
    assert lines[0].startswith("iso3,sender,year,remittances_usd")
    assert any(line.startswith("UZB,RUS,2021,") for line in lines)


def test_indices_on_a_baci_file(tmp_path):
    baci = FIXTURES / "BACI_HS92_Y2019_V202401.csv"
    res = CliRunner().invoke(app, ["economy", "indices", "--trade", str(baci), "--index", "shares"])
    assert res.exit_code == 0, res.output
    df = pl.read_csv(res.stdout.encode())
    assert {"reporter", "partner", "share"} <= set(df.columns)
    assert (df["share"] <= 1).all()


def test_indices_on_several_files(tmp_path):
    # BACI ships one file per year: a quoted pattern (or --trade repeated) reads them all.
    import shutil

    shutil.copy(FIXTURES / "country_codes_V202401.csv", tmp_path)
    text = (FIXTURES / "BACI_HS92_Y2019_V202401.csv").read_text()
    for year in (2018, 2019):
        name = f"BACI_HS92_Y{year}_V202401.csv"
        (tmp_path / name).write_text(text.replace("2019,", f"{year},"))
    pattern = str(tmp_path / "BACI_HS92_Y*_V202401.csv")
    res = CliRunner().invoke(app, ["economy", "indices", "--trade", pattern, "--index", "growth"])
    assert res.exit_code == 0, res.output
    growth = pl.read_csv(res.stdout.encode())
    assert set(growth["t1"]) == {2018, 2019} and growth.filter(pl.col("t1") == 2019).height
    assert (growth.filter(pl.col("t1") == 2019)["growth"] == 0.0).all()  # the same values
    mixed = ["--trade", str(tmp_path / "BACI_HS92_Y2019_V202401.csv")]
    mixed += ["--trade", str(FIXTURES / "comtrade_plus.csv")]
    res = CliRunner().invoke(app, ["economy", "indices", *mixed, "--index", "shares"])
    assert res.exit_code == 0, res.output
    shares = pl.read_csv(res.stdout.encode())
    # Comtrade's world totals give KAZ's denominator; BACI's CHN and USA rows have none.
    assert set(shares["denominator"]) == {"world total", "sum of rows"}
    assert {"CHN", "USA", "KAZ"} <= set(shares["reporter"])


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["economy", "indices", "--trade", "nope.csv", "--index", "shares"],
            "error: trade file 'nope.csv' does not exist",
        ),
        (
            [
                "economy",
                "indices",
                "--trade",
                str(FIXTURES / "BACI_HS92_Y2019_V202401.csv"),
                "--index",
                "hhhi",
            ],
            "error: unknown index 'hhhi'. Did you mean 'hhi'?",
        ),
        (
            ["economy", "indices", "--trade", "nowhere/BACI_*.csv", "--index", "hhi"],
            "error: no file matches 'nowhere/BACI_*.csv'",
        ),
        (
            ["economy", "profile", "--region", "central-asia", "--table", "tradez"],
            "error: unknown profile table 'tradez'",
        ),
        (
            [
                "economy",
                "indices",
                "--trade",
                str(FIXTURES / "wdi_databank_export.csv"),
                "--index",
                "shares",
            ],
            "error: wdi_databank_export.csv: the layout is not recognised",
        ),
    ],
)
def test_errors(tmp_path, args, message):
    res = run(*args, cwd=tmp_path)
    assert res.returncode == 1, res.stderr
    assert res.stderr.strip().startswith(message)
    assert "Traceback" not in res.stderr
