"""Terminal rendering of a scorecard with rich (renders, never computes)."""

from __future__ import annotations

import math

from rich import box
from rich.columns import Columns
from rich.console import Console
from rich.table import Table
from rich.text import Text

from accord import countries as _countries
from accord.assess.scorecard import Scorecard, Section

__all__ = ["render_terminal"]


def _num(x: float | None, digits: int = 2) -> str:
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "–"
    return f"{x:.{digits}f}"


_UNIT_SUFFIX = {"percent": "%", "bn USD": " bn USD", "million": " m"}


def _value(x: float | None, unit: str) -> str:
    """A value with the unit readers need to see (measures like κ carry none)."""
    if unit in ("states", "days", "organisations"):
        return _num(x, 0)
    return _num(x, 1 if unit == "percent" else 2) + _UNIT_SUFFIX.get(unit, "")


def _claims(section: Section) -> Table | None:
    df = section.tables.get("claims")
    if df is None or df.height == 0:
        return None
    table = Table(
        title="The article's figures checked against the data",
        box=box.SIMPLE_HEAD,
        title_justify="left",
        expand=True,
        pad_edge=False,
    )
    table.add_column("claim", ratio=5, overflow="fold")
    table.add_column("verdict", ratio=2)
    table.add_column("data", ratio=4, overflow="fold")
    for r in df.iter_rows(named=True):
        table.add_row(r["claim"], r["verdict"], r["note"] or r["data_used"] or "")
    return table


def _timeline(section: Section, a: str, b: str) -> Table | None:
    df = section.tables.get("formats")
    if df is None or df.height == 0:
        return None
    table = Table(
        title=f"Dialogue formats with the region (▶ = {a} or {b})",
        box=box.SIMPLE_HEAD,
        title_justify="left",
        expand=True,
        pad_edge=False,
    )
    table.add_column("", width=1)
    table.add_column("partner")
    table.add_column("first meeting", justify="right")
    table.add_column("last meeting", justify="right")
    table.add_column("foreign ministers", justify="right")
    table.add_column("summits", justify="right")
    for r in df.iter_rows(named=True):
        mark = "▶" if r["highlight"] else ""
        style = "bold" if r["highlight"] else None
        table.add_row(
            mark,
            r["partner"],
            str(r["first_meeting"]),
            str(r["last_meeting"]),
            str(r["n_foreign_ministers"]),
            str(r["n_summits"]),
            style=style,
        )
    return table


def _indicators(section: Section) -> Table:
    table = Table(box=box.SIMPLE_HEAD, expand=True, pad_edge=False)
    table.add_column("indicator", ratio=5, overflow="fold")
    table.add_column("value", justify="right", min_width=12, no_wrap=True)
    table.add_column("observations", justify="right", ratio=3, min_width=14)
    table.add_column("pctile", justify="right", min_width=6, no_wrap=True)
    table.add_column("trend", ratio=2)
    for ind in section.indicators:
        n = "" if ind.n is None else f"{ind.n:,} {ind.n_label}".strip()
        table.add_row(
            ind.label,
            _value(ind.value, ind.unit),
            n,
            "" if ind.percentile is None else f"{ind.percentile:.0f}",
            ind.direction or "",
        )
    return table


def _members(section: Section, a: str, b: str) -> Table | None:
    df = section.tables.get("members")
    if df is None or df.height == 0:
        return None
    table = Table(
        title="Region members: closer to which power? (latest session)",
        box=box.SIMPLE_HEAD,
        title_justify="left",
        expand=True,
        pad_edge=False,
    )
    table.add_column("member", ratio=3)
    table.add_column(f"with {a}", justify="right", ratio=1)
    table.add_column(f"with {b}", justify="right", ratio=1)
    table.add_column("closer to", ratio=1)
    table.add_column("since", justify="right", ratio=1)
    table.add_column(f"sessions closer to {a}/{b}", justify="right", ratio=2)
    for r in df.iter_rows(named=True):
        table.add_row(
            f"{_countries.name(r['iso3'])} ({r['iso3']})",
            _num(r["with_a"]),
            _num(r["with_b"]),
            r["closer"],
            "" if r["closer"] == "tie" else str(r["since_year"]),
            f"{r['n_closer_a']} / {r['n_closer_b']}",
        )
    return table


def _section(console: Console, section: Section, card: Scorecard) -> None:
    console.rule(Text(section.title, style="bold"), align="left")
    for line in section.summary:
        console.print(Text(line))
    console.print(_indicators(section))
    series = section.tables.get("ab_by_session")
    unit = section.indicators[0].unit if section.indicators else None
    if series is not None and unit in series.columns:
        since = card.parameters.get("since", 0)
        recent = series.filter(series["year"] >= since)
        cells = [
            Text(f"{y} {_num(v):>5}", no_wrap=True)
            for y, v in zip(recent["year"], recent[unit], strict=True)
        ]
        console.print(Text(f"{card.a}–{card.b} {unit} by session since {since}:", style="bold"))
        console.print(Columns(cells, padding=(0, 3)))
        console.print()
    for extra in (
        _timeline(section, card.a, card.b),
        _members(section, card.a, card.b),
        _claims(section),
    ):
        if extra is not None:
            console.print(extra)
    for ind in section.indicators:
        if ind.caveat:
            console.print(Text(f"• {ind.label}: {ind.caveat}", style="dim"))
    if section.note:
        console.print(Text(section.note, style="dim"))


def render_terminal(card: Scorecard, console: Console | None = None) -> None:
    """Print the scorecard to ``console`` (stdout by default)."""
    console = console or Console()
    names = ", ".join(f"{_countries.name(m)} ({m})" for m in card.members)
    console.rule(Text(f"accord {card.accord_version} — scorecard", style="bold"), align="left")
    console.print(Text(card.question, style="bold"))
    console.print(
        f"Powers: {_countries.name(card.a)} ({card.a}) and {_countries.name(card.b)} ({card.b}). "
        f"Region {card.region_title} ({card.region}): {names}.",
        markup=False,
    )
    console.print()
    if card.reading:
        console.rule(Text("Reading", style="bold"), align="left")
        for line in card.reading:
            console.print(Text(line))
        console.print()
    missing = []
    for section in card.sections:
        if section.status == "ok":
            _section(console, section, card)
            console.print()
        else:
            missing.append(section)
    if missing:
        console.rule(Text("Not measured", style="bold"), align="left")
        for s in missing:
            console.print(Text(f"• {s.title}: {s.note or s.status}"))
        console.print()
    for c in card.caveats:
        console.print(Text(f"Note: {c}", style="italic"))
