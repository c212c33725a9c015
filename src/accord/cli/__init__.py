"""The ``accord`` command line: typer commands that parse, call one API function, write."""
