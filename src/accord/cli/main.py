"""Entry point of the ``accord`` command."""

from __future__ import annotations

import sys

import typer

import accord
from accord.cli import _common
from accord.errors import AccordError

app = typer.Typer(
    name="accord",
    help="Measure whether states act in concert: votes, words, meetings and money.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"accord {accord.__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Show the version and exit."
    ),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No messages or progress bars."),
    debug: bool = typer.Option(False, "--debug", help="Show tracebacks of errors."),
) -> None:
    _common.set_state(quiet=quiet, debug=debug)


def _register() -> None:
    # Each command group lives in its own module and adds itself to the root app.
    from accord.cli import assess, countries, data, economy, events, routes, texts, votes

    for module in (assess, votes, texts, events, economy, routes, countries, data):
        module.register(app)


_register()


def main(argv: list[str] | None = None) -> None:
    """Run the CLI; accord errors become one line on stderr and exit code 1."""
    args = sys.argv[1:] if argv is None else argv
    try:
        app(args=args, prog_name="accord")
    except AccordError as exc:
        if "--debug" in args:
            raise
        _common.err_console.print(f"error: {exc}", markup=False, highlight=False)
        sys.exit(1)


if __name__ == "__main__":  # pragma: no cover
    main()
