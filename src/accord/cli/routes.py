"""``accord routes …``: compare transport corridors, list the network, check the article."""

from __future__ import annotations

from pathlib import Path

import typer

from accord.cli._common import info, split_list, write_table

app = typer.Typer(
    help="Routes: compare multimodal transport corridors (rail, road, sea).",
    no_args_is_help=True,
)

_NODES = "A CSV of your own nodes (node_id,name,iso3,kind,lat,lon,...; validated)."
_LEGS = "A CSV of your own legs (leg_id,from_id,to_id,mode,distance_km,...; validated)."
_OUT = "Write .csv, .parquet or .json."


def _network(nodes: Path | None, legs: Path | None, replace: bool):
    from accord import routes

    return routes.load(nodes=nodes, legs=legs, replace=replace)


@app.command("compare")
def compare_cmd(
    origin: str = typer.Argument(..., help="From, e.g. Lanzhou."),
    destination: str = typer.Argument(..., help="To, e.g. Tashkent."),
    avoid: str | None = typer.Option(None, "--avoid", help="Countries to avoid, e.g. KAZ,RUS."),
    modes: str | None = typer.Option(None, "--modes", help="Modes allowed, e.g. rail,road."),
    by: str = typer.Option("time", "--by", help="time or distance."),
    planned: bool = typer.Option(False, "--planned", help="Use planned legs too (CKU railway)."),
    detail: bool = typer.Option(False, "--detail", help="One row per leg of the best route."),
    nodes: Path | None = typer.Option(None, "--nodes", help=_NODES),
    legs: Path | None = typer.Option(None, "--legs", help=_LEGS),
    replace: bool = typer.Option(False, "--replace", help="Use only your nodes and legs."),
    out: Path | None = typer.Option(None, "--out", "-o", help=_OUT),
) -> None:
    """The best route and the corridors through each border crossing, with totals."""
    from accord import routes
    from accord.errors import InputError

    if by not in ("time", "distance"):
        raise InputError(f"--by '{by}' is not one of time, distance.")
    net = _network(nodes, legs, replace)
    kw = dict(by=by, modes=split_list(modes), avoid=split_list(avoid), planned=planned)
    table = routes.compare(origin, destination, network=net, **kw)
    for line in routes.Assumptions().as_text():
        info(f"assumption: {line}")
    if detail:
        best = routes.best_route(net, origin, destination, **kw)
        write_table(routes.route_legs(best, net), out)
        return
    write_table(table, out)


@app.command("list")
def list_cmd(
    what: str = typer.Argument("legs", help="legs, nodes or routes (the named routes)."),
    nodes: Path | None = typer.Option(None, "--nodes", help=_NODES),
    legs: Path | None = typer.Option(None, "--legs", help=_LEGS),
    replace: bool = typer.Option(False, "--replace", help="Use only your nodes and legs."),
    out: Path | None = typer.Option(None, "--out", "-o", help=_OUT),
) -> None:
    """The network's legs (with sources), nodes, or the named routes with their totals."""
    from accord import routes
    from accord.errors import InputError

    net = _network(nodes, legs, replace)
    if what == "legs":
        write_table(net.legs, out)
    elif what == "nodes":
        write_table(net.nodes, out)
    elif what == "routes":
        write_table(routes.compare_named(network=net), out)
    else:
        raise InputError(f"cannot list '{what}'; choose legs, nodes or routes.")


@app.command("claims")
def claims_cmd(
    out: Path | None = typer.Option(None, "--out", "-o", help=_OUT),
) -> None:
    """The article's corridor figures (7 days, 5 days faster, 295 km shorter), checked."""
    from accord.routes import claims

    table = claims.check()
    for line in claims.assumptions_text():
        info(f"assumption: {line}")
    counts = {v: int((table["verdict"] == v).sum()) for v in ("supported", "contradicted")}
    info(
        f"{table.height} claims: {counts['supported']} supported, {counts['contradicted']} "
        f"contradicted, {table.height - sum(counts.values())} not checkable"
    )
    write_table(table, out)


def register(root: typer.Typer) -> None:
    root.add_typer(app, name="routes")
