"""``accord votes …``: agreement in UN General Assembly roll calls."""

from __future__ import annotations

from pathlib import Path

import typer

from accord.cli._common import split_list, write_table
from accord.errors import InputError

app = typer.Typer(help="UN General Assembly votes: agreement between states.", no_args_is_help=True)


@app.command("agreement")
def agreement_cmd(
    countries: list[str] = typer.Argument(
        ..., help="Two or more states (names, ISO3, ISO2 or COW codes)."
    ),
    region: str | None = typer.Option(
        None,
        "--region",
        "-r",
        help="Also each member of this group with each state, e.g. central-asia.",
    ),
    measure: str = typer.Option(
        "voeten,kappa",
        "--measure",
        "-m",
        help="Comma-separated: raw, voeten, s_score, kappa, kappa_quad, pi.",
    ),
    by: str = typer.Option(
        "session", "--by", help="session (as Voeten publishes) or year (calendar year of the vote)."
    ),
    years: str | None = typer.Option(None, "--years", help="A year or a range, e.g. 1992-2019."),
    issue: str | None = typer.Option(
        None, "--issue", help="Issue tags, comma-separated: me, nu, di, hr, co, ec."
    ),
    important: bool = typer.Option(
        False, "--important", help="Only votes the US State Department marked important."
    ),
    min_votes: int = typer.Option(
        10, "--min-votes", help="Drop dyad-sessions with fewer joint votes."
    ),
    percentile: bool = typer.Option(
        False, "--percentile", help="Add each dyad's percentile among all dyads of the session."
    ),
    out: Path | None = typer.Option(
        None, "--out", "-o", help="Write .csv, .parquet or .json instead of CSV to stdout."
    ),
) -> None:
    """Agreement of two or more states per session (or year).

    Two states give that dyad; more give every dyad among them; --region adds each member
    of the region with each of the states.
    """
    from accord import countries as _countries
    from accord import votes

    codes = _countries.resolve_many(countries, where="countries")
    if len(set(codes)) < 2 and region is None:
        raise InputError(
            "give at least two different states, e.g. `accord votes agreement RUS CHN`."
        )
    pairs = [(x, y) for i, x in enumerate(codes) for y in codes[i + 1 :] if x != y]
    if region is not None:
        members = [m for m in _countries.group(_countries.resolve_group(region)) if m not in codes]
        pairs += [(m, c) for m in members for c in codes]
    df = votes.agreement(
        votes.load(),
        pairs=pairs,
        by=by,
        measure=split_list(measure),
        min_votes=min_votes,
        years=years,
        issue=split_list(issue),
        important=True if important else None,
        percentile=percentile,
    )
    write_table(df, out)


@app.command("matrix")
def matrix_cmd(
    session: int | None = typer.Option(None, "--session", help="UN session, e.g. 74 (2019)."),
    year: int | None = typer.Option(None, "--year", help="Calendar year instead of a session."),
    measure: str = typer.Option(
        "kappa", "--measure", "-m", help="One of raw, voeten, s_score, kappa, kappa_quad, pi."
    ),
    min_votes: int = typer.Option(
        10, "--min-votes", help="Cells with fewer joint votes are empty."
    ),
    out: Path | None = typer.Option(
        None, "--out", "-o", help="Write .csv, .parquet or .json instead of CSV to stdout."
    ),
) -> None:
    """Square matrix of one measure between all states voting in one session or year."""
    from accord import votes

    write_table(
        votes.matrix(
            votes.load(), session=session, year=year, measure=measure, min_votes=min_votes
        ),
        out,
    )


def register(root: typer.Typer) -> None:
    root.add_typer(app, name="votes")
