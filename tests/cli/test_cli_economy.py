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
