"""``accord assess A B --region R``: the main job."""

from __future__ import annotations

from pathlib import Path

import typer

from accord.cli._common import check_out, info, out_console, status, write_text


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
    trade: list[str] | None = typer.Option(
        None,
        "--trade",
        help="Product-level trade file(s): adds A and B's export similarity. Repeat it, or "
        "give a quoted pattern ('BACI_HS17_Y20*_V202501.csv'), for several years.",
    ),
    event_files: list[str] | None = typer.Option(
        None, "--events", help="GDELT or ICEWS event files (repeat for several): events subsection."
    ),
    docs: Path | None = typer.Option(
        None,
        "--docs",
        help="A folder of your documents (joint statements, strategies; .txt .md .html .pdf "
        ".docx, optional metadata.csv with doc_id,date,actors,title,source): statements section.",
    ),
    json_out: Path | None = typer.Option(
        None, "--json", help="Also write the scorecard with provenance as JSON."
    ),
    html_out: Path | None = typer.Option(
        None, "--html", help="Also write the report as one self-contained HTML page."
    ),
    md_out: Path | None = typer.Option(
        None, "--md", help="Also write the report as Markdown (for notes)."
    ),
) -> None:
    """Do A and B act in concert towards a region? A scorecard from the evidence accord has."""
    from accord.assess import assess
    from accord.report import render_terminal

    info(f"assessing {a} and {b} towards {region} …")
    with status("assessing") as show:
        card = assess(
            a,
            b,
            region=region,
            since=since,
            measure=measure,
            min_votes=min_votes,
            trade=None if not trade else trade[0] if len(trade) == 1 else trade,
            event_files=event_files or None,
            docs=docs,
            progress=show,
        )
    render_terminal(card, out_console)
    # Everything is rendered before anything is written: a failure leaves no file half-made.
    outputs = []
    if json_out is not None:
        outputs.append((card.to_json() + "\n", json_out))
    if html_out is not None:
        from accord.report.html import render_html

        outputs.append((render_html(card), html_out))
    if md_out is not None:
        from accord.report.markdown import render_markdown

        outputs.append((render_markdown(card), md_out))
    for _, path in outputs:  # every folder checked before the first file is written
        check_out(path)
    for text, path in outputs:
        write_text(text, path)


def register(root: typer.Typer) -> None:
    root.command("assess")(assess_cmd)
