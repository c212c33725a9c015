"""``accord data``: list, describe, pull and cite datasets."""

from __future__ import annotations

from pathlib import Path

import typer

from accord import data
from accord.cli import _common
from accord.data.cache import dataset_dir

data_app = typer.Typer(
    name="data",
    help="Datasets: list them, describe one, pull it into the cache, cite it.",
    no_args_is_help=True,
)


@data_app.command("list")
def list_(
    out: Path | None = typer.Option(
        None, "--out", "-o", help="Write to FILE (.csv, .parquet, .json) instead of stdout."
    ),
) -> None:
    """List every dataset with its kind, version, licence, coverage and cache status."""
    _common.write_table(data.datasets(), out)


@data_app.command("info")
def info(dataset_id: str = typer.Argument(..., metavar="ID", help="Dataset id.")) -> None:
    """Describe a dataset: title, version, licence, coverage, files, status, citation."""
    ds = data.get(dataset_id)
    status = data.datasets().filter(id=ds.id)["status"].item()
    lines = [
        f"{ds.id} — {ds.title}",
        f"version:   {ds.version}",
        f"kind:      {ds.kind}",
        f"licence:   {ds.licence}",
        f"coverage:  {ds.coverage}",
        f"homepage:  {ds.homepage}",
        f"status:    {status}" + (f" ({dataset_dir(ds)})" if ds.kind == "pullable" else ""),
    ]
    if ds.used_by:
        lines.append(f"used by:   {ds.used_by}")
    if ds.description:
        lines += ["", ds.description]
    lines += ["", "files:"]
    for f in ds.files:
        lines.append(f"  {f.name}  {f.size:,} bytes  sha256 {f.sha256}")
        if f.url:
            lines.append(f"    url:    {f.url}")
        if f.mirror_path:
            lines.append(f"    mirror: <ACCORD_MIRROR>/{f.mirror_path}")
    lines += ["", "citation:", ds.citation.rstrip()]
    typer.echo("\n".join(lines))


@data_app.command("pull")
def pull(
    dataset_id: str = typer.Argument(..., metavar="ID", help="Dataset id."),
    force: bool = typer.Option(False, "--force", help="Fetch again even if cached and intact."),
    source: Path | None = typer.Option(
        None,
        "--from",
        metavar="PATH",
        help="Read a downloaded archive (zip or folder) or a ready parquet instead of "
        "fetching; converted datasets only, e.g. `accord data pull ungdc --from UNGDC.zip`.",
    ),
) -> None:
    """Download a dataset into the cache, check its SHA-256 and record its provenance.

    Set ACCORD_MIRROR to a folder or a local http:// URL to pull from a mirror instead of
    the published URL; ACCORD_CACHE moves the cache. --from PATH converts a file you
    downloaded yourself (the UN General Debate Corpus archive from Harvard Dataverse).
    """
    paths = data.pull(dataset_id, force=force, progress=not _common.quiet(), source=source)
    ds = data.get(dataset_id)
    folder = paths[0].parent if paths else dataset_dir(ds)
    _common.info(f"pulled {ds.id} {ds.version} into {folder}")


@data_app.command("cite")
def cite(dataset_id: str = typer.Argument(..., metavar="ID", help="Dataset id.")) -> None:
    """Print the BibTeX entries to cite a dataset."""
    typer.echo(data.citation(dataset_id).rstrip())


def register(app: typer.Typer) -> None:
    """Add the ``data`` command group to the ``accord`` app."""
    app.add_typer(data_app, name="data")
