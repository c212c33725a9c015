"""``accord countries``: resolve country names and codes, list groups and regions."""

from __future__ import annotations

from pathlib import Path

import typer

from accord import countries
from accord.cli import _common

countries_app = typer.Typer(
    name="countries",
    help="Countries: resolve names and codes to ISO3; list groups and regions.",
    no_args_is_help=True,
)

_OUT_HELP = "Write to FILE (.csv, .parquet, .json) instead of stdout."


@countries_app.command("resolve")
def resolve(
    text: list[str] | None = typer.Argument(
        None,
        metavar="TEXT...",
        help="Names or codes: 'Kyrgyz Republic', KGZ, KG, 703 (COW), m49:417, cow:703.",
    ),
    out: Path | None = typer.Option(None, "--out", "-o", help=_OUT_HELP),
) -> None:
    """Resolve countries to ISO3, with their name, ISO2, COW and M49 codes.

    Numbers are read as Correlates of War codes; write m49:643 for a UN M49 code. Without
    TEXT, list every known country with its aliases.
    """
    if not text:
        df = countries.table().select("iso3", "name", "iso2", "cow", "m49", "historical", "aliases")
    else:
        df = countries.lookup(text)
    _common.write_table(df, out)


@countries_app.command("groups")
def groups(
    group_id: str | None = typer.Argument(
        None, metavar="[ID]", help="A group or region, e.g. central-asia, sco, eu."
    ),
    out: Path | None = typer.Option(None, "--out", "-o", help=_OUT_HELP),
) -> None:
    """List groups and regions, or the members (iso3, name) of one of them."""
    if group_id is None:
        df = countries.groups()
    else:
        df = countries.lookup(countries.group(group_id)).select("iso3", "name")
    _common.write_table(df, out)


def register(app: typer.Typer) -> None:
    """Add the ``countries`` command group to *app*."""
    app.add_typer(countries_app, name="countries")
