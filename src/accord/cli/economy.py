"""``accord economy …``: trade, remittances, migration and the article's figures."""

from __future__ import annotations

from pathlib import Path

import typer

from accord.cli._common import info, split_list, write_table
from accord.errors import InputError

app = typer.Typer(
    help="Money: trade, remittances, migration, finance, and the article's figures.",
    no_args_is_help=True,
)

INDICES = ("shares", "region-shares", "growth", "hhi", "similarity", "complementarity", "intensity")


@app.command("profile")
def profile_cmd(
    region: str = typer.Option(..., "--region", "-r", help="Named group, e.g. central-asia."),
    partners: str = typer.Option("RUS,CHN", "--partners", "-p", help="Comma-separated powers."),
    since: int = typer.Option(
        2000, "--since", help="First year of the trade and remittance series."
    ),
    table: str = typer.Option(
        "trade_region",
        "--table",
        "-t",
        help="trade, trade_region, remittances, remittance_ties, migrants or finance.",
    ),
    out: Path | None = typer.Option(None, "--out", "-o", help="Write .csv, .parquet or .json."),
) -> None:
    """The region's economic ties with the partners (one table; notes on stderr)."""
    from accord.economy.profile import TABLES, profile

    if table.replace("-", "_") not in TABLES:
        raise InputError(f"unknown profile table '{table}'; choose from {', '.join(TABLES)}.")
    prof = profile(region, partners=split_list(partners) or [], since=since)
    for note in prof.notes:
        info(f"note: {note}")
    write_table(prof.table(table), out)


@app.command("indices")
def indices_cmd(
    trade: list[str] = typer.Option(
        ...,
        "--trade",
        help="A trade file (BACI, Comtrade, DOTS, WITS or flows); repeat it, or give a "
        "quoted pattern such as 'BACI_HS17_Y20*_V202501.csv', for several (BACI years).",
    ),
    index: str = typer.Option(..., "--index", "-i", help=", ".join(INDICES) + "."),
    a: str | None = typer.Option(None, "--a", help="similarity: first exporter."),
    b: str | None = typer.Option(None, "--b", help="similarity: second exporter."),
    market: str | None = typer.Option(
        None, "--market", help="similarity: a country or group; region-shares: the region."
    ),
    flow: str = typer.Option("export", "--flow", help="export or import (shares, hhi)."),
    over: str = typer.Option("partner", "--over", help="hhi: partner or product."),
    years: str | None = typer.Option(None, "--years", help="A year or a range, e.g. 2010-2019."),
    out: Path | None = typer.Option(None, "--out", "-o", help="Write .csv, .parquet or .json."),
) -> None:
    """Compute one index on a trade file (or several: BACI ships one file per year)."""
    from accord.economy import indices, read_trade

    if index not in INDICES:
        import difflib

        close = difflib.get_close_matches(index, INDICES, n=1)
        hint = f" Did you mean '{close[0]}'?" if close else ""
        raise InputError(f"unknown index '{index}'.{hint} Choose from {', '.join(INDICES)}.")
    flows = read_trade(trade[0] if len(trade) == 1 else trade)
    if index == "shares":
        df = indices.shares(flows, flow=flow, years=years)
    elif index == "region-shares":
        if market is None:
            raise InputError("region-shares needs --market REGION, e.g. --market central-asia.")
        df = indices.region_shares(flows, market, flow=flow, years=years)
    elif index == "growth":
        df = indices.growth(indices.totals(flows))
    elif index == "hhi":
        df = indices.hhi(flows, over=over, flow=flow, normalized=["wits", "unctad"], years=years)
    elif index == "similarity":
        if a is None:
            raise InputError(
                "similarity needs --a EXPORTER (and --b, --market), e.g. --a RUS --b CHN."
            )
        df = indices.export_similarity(flows, a=a, b=b, market=market, years=years)
    elif index == "complementarity":
        df = indices.complementarity(flows, years=years)
    else:
        df = indices.intensity(flows, years=years)
    write_table(df, out)


@app.command("claims")
def claims_cmd(
    out: Path | None = typer.Option(None, "--out", "-o", help="Write .csv, .parquet or .json."),
) -> None:
    """Check the article's quantitative claims against the data accord has."""
    from accord.economy import claims

    table = claims.check()
    counts = dict(table.group_by("verdict").len().iter_rows())
    info(", ".join(f"{counts.get(v, 0)} {v}" for v in claims.VERDICTS))
    write_table(table, out)


def register(root: typer.Typer) -> None:
    root.add_typer(app, name="economy")
