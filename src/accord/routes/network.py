"""The transport network: nodes and legs, shipped with sources or read from the user's CSV.

Two tables ship with accord (``accord/routes/data/``; provenance in its ``SOURCE.md``):

* **nodes** — ``node_id, name, iso3, kind`` (city, port, border, terminal), optional
  ``lat, lon`` (for the schematic), ``aliases`` (``;``-separated), ``source_url, note``;
* **legs** — ``leg_id, from_id, to_id, mode`` (rail, road, sea), ``distance_km``, optional
  ``time_h`` (transit time in hours; empty: from the distance and an assumed speed),
  ``dwell_h`` (waiting on the leg, e.g. border formalities; empty: the border assumption
  when the leg crosses a border, else 0), ``gauge_from, gauge_to`` (mm, rail only),
  ``status`` (operating or planned), ``source_kind, source_url, note``.

Legs are undirected: a leg can be travelled either way (its gauges swap). Every leg names
its source; ``source_kind`` says what kind it is — ``official``, ``news``,
``encyclopedia``, ``dataset``, ``article-only`` (``seed:…``), ``derived`` (arithmetic on
sourced figures, explained in the note) or ``estimate`` (no published figure; the note
gives the method).

Users add or replace nodes and legs from CSV files of the same columns
(:func:`load` with ``nodes=``/``legs=``); they are validated like the shipped files and
errors name the file, line and column.
"""

from __future__ import annotations

import difflib
import functools
import io
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import polars as pl

from accord import countries as _countries
from accord.errors import InputError

__all__ = [
    "KINDS",
    "MODES",
    "NODE_COLUMNS",
    "LEG_COLUMNS",
    "SOURCE_KINDS",
    "STATUSES",
    "Network",
    "load",
    "read_nodes_csv",
    "read_legs_csv",
    "named_routes",
]

KINDS = ("city", "port", "border", "terminal")
MODES = ("rail", "road", "sea")
STATUSES = ("operating", "planned")
SOURCE_KINDS = (
    "official",
    "news",
    "encyclopedia",
    "dataset",
    "article-only",
    "derived",
    "estimate",
)
#: column -> required (non-empty)
NODE_COLUMNS: dict[str, bool] = {
    "node_id": True,
    "name": True,
    "iso3": True,
    "kind": True,
    "lat": False,
    "lon": False,
    "aliases": False,
    "source_url": True,
    "note": False,
}
LEG_COLUMNS: dict[str, bool] = {
    "leg_id": True,
    "from_id": True,
    "to_id": True,
    "mode": True,
    "distance_km": True,
    "time_h": False,
    "dwell_h": False,
    "gauge_from": False,
    "gauge_to": False,
    "status": False,
    "source_kind": True,
    "source_url": True,
    "note": False,
}
_NUMBERS = {"lat", "lon", "distance_km", "time_h", "dwell_h", "gauge_from", "gauge_to"}


def _read_text(path: str | Path, text: str | None) -> tuple[str, str]:
    name = Path(path).name
    if text is not None:
        return name, text
    p = Path(path)
    if not p.is_file():
        raise InputError(f"routes file '{path}' does not exist; check the path.")
    try:
        return name, p.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise InputError(f"{name} is not UTF-8 text; save it as UTF-8 CSV.") from None


def _frame(name: str, text: str, schema: dict[str, bool], what: str) -> pl.DataFrame:
    if not text.strip():
        raise InputError(f"{name} is empty: expected a CSV with columns {', '.join(schema)}.")
    try:
        df = pl.read_csv(io.StringIO(text), infer_schema=False)
    except pl.exceptions.PolarsError as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise InputError(f"{name} is not a readable CSV ({first}); check quoting.") from None
    missing = [c for c, req in schema.items() if req and c not in df.columns]
    if missing:
        raise InputError(
            f"{name}: missing column(s) {', '.join(missing)}; a {what} file has the columns "
            f"{', '.join(schema)}."
        )
    for c in schema:
        if c not in df.columns:
            df = df.with_columns(pl.lit("").alias(c))
    return df.select(list(schema)).with_columns(pl.all().fill_null("").str.strip_chars())


def _raise(problems: list[str]) -> None:
    if problems:
        more = f" (and {len(problems) - 3} more)" if len(problems) > 3 else ""
        raise InputError("; ".join(problems[:3]) + more + ". Fix those cells and read it again.")


def _number_problems(
    row: dict[str, str], cols: tuple[str, ...], bad: Any, *, nonneg: tuple[str, ...] = ()
) -> None:
    for col in cols:
        value = row.get(col, "")
        if not value:
            continue
        try:
            x = float(value)
        except ValueError:
            bad(col, f"'{value}' is not a number")
            continue
        if x != x or x in (float("inf"), float("-inf")):
            bad(col, f"'{value}' is not a finite number")
        elif col in nonneg and x < 0:
            bad(col, f"{value} is negative; distances and times are 0 or more")


def _rows(
    df: pl.DataFrame, name: str, columns: dict[str, bool], problems: list[str]
) -> Iterator[tuple[dict[str, Any], Callable[[str, str], None]]]:
    """Each row with a ``bad(column, what)`` that records a problem at its line (the header
    is line 1); empty required cells are recorded before the row is handed out."""
    for n, row in enumerate(df.to_dicts()):

        def bad(col: str, what: str, line: int = n + 2) -> None:
            problems.append(f"{name} line {line}, column '{col}': {what}")

        for col, required in columns.items():
            if required and not row[col]:
                bad(col, "is empty; every row needs it")
        yield row, bad


def _duplicates(df: pl.DataFrame, name: str, col: str) -> list[str]:
    """A problem line for each row whose id *col* appeared before."""
    dup = df.with_row_index("_n").filter(pl.col(col).is_duplicated() & (pl.col(col) != ""))
    return [
        f"{name} line {r['_n'] + 2}, column '{col}': '{r[col]}' appears twice"
        for r in dup.iter_rows(named=True)
    ]


def read_nodes_csv(path: str | Path, *, text: str | None = None) -> pl.DataFrame:
    """Read and validate a nodes CSV (shipped or the user's own).

    Raises :class:`~accord.errors.InputError` naming the file, line and column of the
    first problems: missing columns, empty required cells, a kind other than
    city/port/border/terminal, a code that is not ISO3, coordinates that are not numbers
    or out of range, duplicate ids.
    """
    name, text = _read_text(path, text)
    df = _frame(name, text, NODE_COLUMNS, "nodes")
    problems: list[str] = []
    for row, bad in _rows(df, name, NODE_COLUMNS, problems):
        if row["kind"] and row["kind"] not in KINDS:
            bad("kind", f"'{row['kind']}' is not one of {', '.join(KINDS)}")
        if row["iso3"]:
            try:
                ok = _countries.resolve(row["iso3"], system="iso3") == row["iso3"]
            except InputError:
                ok = False
            if not ok:
                bad("iso3", f"'{row['iso3']}' is not an ISO3 country code (e.g. KGZ)")
        _number_problems(row, ("lat", "lon"), bad)
        for col, limit in (("lat", 90), ("lon", 180)):
            try:
                if row[col] and abs(float(row[col])) > limit:
                    bad(col, f"{row[col]} is outside ±{limit} degrees")
            except ValueError:
                pass
    problems += _duplicates(df, name, "node_id")
    _raise(problems)
    return df.with_columns(
        pl.col("lat", "lon").replace("", None).cast(pl.Float64),
        pl.col("aliases", "note").replace("", None),
    )


def read_legs_csv(
    path: str | Path, *, nodes: pl.DataFrame | None = None, text: str | None = None
) -> pl.DataFrame:
    """Read and validate a legs CSV (shipped or the user's own).

    ``nodes`` (default: the shipped nodes) are the node ids a leg may refer to. Raises
    :class:`~accord.errors.InputError` naming the file, line and column of the first
    problems: missing columns, empty required cells, unknown nodes, a mode other than
    rail/road/sea, negative or non-numeric distances and times, gauges other than whole
    millimetres, gauges on a road or sea leg, unknown status or source kind, duplicate ids.
    """
    name, text = _read_text(path, text)
    df = _frame(name, text, LEG_COLUMNS, "legs")
    known = set((_shipped_nodes() if nodes is None else nodes)["node_id"])
    problems: list[str] = []
    for row, bad in _rows(df, name, LEG_COLUMNS, problems):
        for col in ("from_id", "to_id"):
            if row[col] and row[col] not in known:
                close = difflib.get_close_matches(row[col], sorted(known), n=1)
                hint = f" (did you mean '{close[0]}'?)" if close else ""
                bad(col, f"unknown node '{row[col]}'{hint}; add it to the nodes file")
        if row["from_id"] and row["from_id"] == row["to_id"]:
            bad("to_id", "a leg must join two different nodes")
        if row["mode"] and row["mode"] not in MODES:
            bad("mode", f"'{row['mode']}' is not one of {', '.join(MODES)}")
        _number_problems(
            row,
            ("distance_km", "time_h", "dwell_h"),
            bad,
            nonneg=("distance_km", "time_h", "dwell_h"),
        )
        for col in ("gauge_from", "gauge_to"):
            value = row[col]
            if value and (not value.isdigit() or int(value) == 0):
                bad(col, f"'{value}' is not a gauge in whole millimetres (e.g. 1435, 1520)")
            if value and row["mode"] in ("road", "sea"):
                bad(col, f"a {row['mode']} leg has no gauge; leave it empty")
        if row["status"] and row["status"] not in STATUSES:
            bad("status", f"'{row['status']}' is not one of {', '.join(STATUSES)}")
        kind = row["source_kind"]
        if kind and kind not in SOURCE_KINDS:
            bad("source_kind", f"'{kind}' is not one of {', '.join(SOURCE_KINDS)}")
        if kind == "article-only" and not row["source_url"].startswith("seed:"):
            bad("source_url", "article-only rows cite the article as 'seed:<id>'")
    problems += _duplicates(df, name, "leg_id")
    _raise(problems)
    return df.with_columns(
        pl.col("distance_km", "time_h", "dwell_h").replace("", None).cast(pl.Float64),
        pl.col("gauge_from", "gauge_to").replace("", None).cast(pl.Int32),
        pl.col("status").replace("", "operating"),
        pl.col("note").replace("", None),
    )


@functools.cache
def _shipped_nodes() -> pl.DataFrame:
    files = resources.files("accord.routes.data")
    return read_nodes_csv("nodes.csv", text=files.joinpath("nodes.csv").read_text("utf-8"))


@functools.cache
def _shipped_legs() -> pl.DataFrame:
    files = resources.files("accord.routes.data")
    text = files.joinpath("legs.csv").read_text("utf-8")
    return read_legs_csv("legs.csv", nodes=_shipped_nodes(), text=text)


def named_routes() -> pl.DataFrame:
    """Named routes that ship with accord: ``route_id, name, nodes`` (space-separated node
    ids in order), ``source_url, note``."""
    files = resources.files("accord.routes.data")
    return pl.read_csv(
        io.StringIO(files.joinpath("routes.csv").read_text("utf-8")), infer_schema=False
    )


@dataclass(frozen=True)
class Network:
    """Nodes and legs (polars DataFrames, columns as in the module docstring)."""

    nodes: pl.DataFrame
    legs: pl.DataFrame

    def resolve(self, value: str, *, where: str = "node") -> str:
        """The node id for what a user typed: an id, a name or an alias (any case)."""
        text = str(value).strip()
        key = text.casefold()
        for r in self.nodes.iter_rows(named=True):
            names = [r["node_id"], r["name"]] + [
                a.strip() for a in (r["aliases"] or "").split(";") if a.strip()
            ]
            if key in {n.casefold() for n in names}:
                return r["node_id"]
        choices = {r["name"]: r["node_id"] for r in self.nodes.iter_rows(named=True)}
        close = difflib.get_close_matches(text, sorted(choices), n=1, cutoff=0.6)
        hint = f" Did you mean '{close[0]}' ({choices[close[0]]})?" if close else ""
        raise InputError(
            f"unknown {where} '{text}'.{hint} See `accord routes list nodes` for the places "
            "in the network, or add yours with --nodes."
        )

    def node(self, node_id: str) -> dict[str, Any]:
        return self.nodes.filter(pl.col("node_id") == node_id).row(0, named=True)


def _as_frame(obj: Any, reader: Any, **kw: Any) -> pl.DataFrame:
    if isinstance(obj, pl.DataFrame):
        buf = io.StringIO()
        obj.select(pl.all().cast(pl.String)).write_csv(buf)
        return reader("(table)", text=buf.getvalue(), **kw)
    return reader(obj, **kw)


def load(*, nodes: Any = None, legs: Any = None, replace: bool = False) -> Network:
    """The shipped network, with the user's own nodes and legs added.

    Parameters
    ----------
    nodes, legs : path or polars.DataFrame, optional
        CSV files (or tables) of the same columns as the shipped ones; validated with
        line-numbered errors. Legs may refer to shipped nodes and to the user's nodes.
    replace : bool
        Use only the user's nodes and legs, not the shipped network.

    Raises
    ------
    InputError
        For any problem in the files, and for a user id that repeats a shipped id.
    """
    base_nodes = _shipped_nodes().head(0) if replace else _shipped_nodes()
    base_legs = _shipped_legs().head(0) if replace else _shipped_legs()
    all_nodes = base_nodes
    if nodes is not None:
        extra = _as_frame(nodes, read_nodes_csv)
        clash = sorted(set(extra["node_id"]) & set(base_nodes["node_id"]))
        if clash:
            raise InputError(
                f"your nodes repeat the node_id '{clash[0]}' of the shipped network; give your "
                "node another id, or pass replace=True (--replace) to use only your network."
            )
        all_nodes = pl.concat([base_nodes, extra], how="diagonal_relaxed")
    all_legs = base_legs
    if legs is not None:
        extra_legs = _as_frame(legs, read_legs_csv, nodes=all_nodes)
        clash = sorted(set(extra_legs["leg_id"]) & set(base_legs["leg_id"]))
        if clash:
            raise InputError(
                f"your legs repeat the leg_id '{clash[0]}' of the shipped network; give your "
                "leg another id, or pass replace=True (--replace) to use only your network."
            )
        all_legs = pl.concat([base_legs, extra_legs], how="diagonal_relaxed")
    if all_legs.height == 0:
        raise InputError("the network has no legs; give a legs file with --legs.")
    return Network(nodes=all_nodes, legs=all_legs)
