"""``accord assess A B --region R``: the main job."""

from __future__ import annotations

from pathlib import Path

import typer

from accord.cli._common import info, out_console, write_text


def assess_cmd(
    a: str = typer.Argument(..., help="First power, e.g. RUS or Russia."),
    b: str = typer.Argument(..., help="Second power, e.g. CHN or China."),
    region: str = typer.Option(
        ...,
        "--region",
        "-r",
        help="Named group, e.g. central-asia (see `accord countries groups`).",
    ),
    since: int = typer.Option(
        1992, "--since", help="First year of the recent period for means and trends."
    ),
    measure: str = typer.Option(
        "kappa",
        "--measure",
        "-m",
        help="Votes measure: kappa, kappa_quad, pi, voeten, raw, s_score.",
    ),
    min_votes: int = typer.Option(
        10, "--min-votes", help="Minimum joint votes for a dyad-session."
    ),
    trade: Path | None = typer.Option(
        None, "--trade", help="Product-level trade file: adds A and B's export similarity."
    ),
    event_files: list[str] | None = typer.Option(
        None, "--events", help="GDELT or ICEWS event files (repeat for several): events subsection."
    ),
    json_out: Path | None = typer.Option(
        None, "--json", help="Also write the scorecard with provenance as JSON."
    ),
) -> None:
    """Do A and B act in concert towards a region? A scorecard from the evidence accord has."""
    from accord.assess import assess
    from accord.report import render_terminal

    info(f"assessing {a} and {b} towards {region} …")
    card = assess(
        a,
        b,
        region=region,
        since=since,
        measure=measure,
        min_votes=min_votes,
        trade=trade,
        event_files=event_files or None,
    )
    render_terminal(card, out_console)
    if json_out is not None:
        write_text(card.to_json() + "\n", json_out)


def register(root: typer.Typer) -> None:
    root.command("assess")(assess_cmd)
