"""``accord events …``: formats, meetings, memberships, timing tests, event data."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import typer

from accord.cli._common import info, split_list, status, write_table

app = typer.Typer(
    help="Meetings: dialogue formats, memberships, timing tests and event data.",
    no_args_is_help=True,
)

_EXTRA = "A CSV of your own rows with the same columns (validated)."


@app.command("formats")
def formats_cmd(
    region: str | None = typer.Option(None, "--region", "-r", help="e.g. central-asia."),
    extra: Path | None = typer.Option(None, "--extra", help=_EXTRA),
    out: Path | None = typer.Option(None, "--out", "-o", help="Write .csv, .parquet or .json."),
) -> None:
    """Dialogue formats between a region's states and outside powers, with sources."""
    from accord import events

    write_table(events.formats(region=region, extra=extra), out)


@app.command("meetings")
def meetings_cmd(
    region: str | None = typer.Option(None, "--region", "-r", help="e.g. central-asia."),
    partner: str | None = typer.Option(None, "--partner", "-p", help="e.g. CHN, RUS, EU."),
    level: str | None = typer.Option(
        None, "--level", help="foreign ministers, summit or senior officials."
    ),
    years: str | None = typer.Option(None, "--years", help="e.g. 2015-2025."),
    extra: Path | None = typer.Option(None, "--extra", help=_EXTRA),
    out: Path | None = typer.Option(None, "--out", "-o", help="Write .csv, .parquet or .json."),
) -> None:
    """Meetings of the formats: date, level, place, documents and source."""
    from accord import events
    from accord.votes.rollcalls import parse_range, range_bounds

    span = parse_range(years, "years")
    df = events.meetings(
        region=region,
        partner=None if partner is None else split_list(partner),
        level=level,
        years=None if span is None else range_bounds(span),
        extra=extra,
    )
    write_table(df.drop("date_start", "date_end_start", strict=False), out)


@app.command("memberships")
def memberships_cmd(
    org: str | None = typer.Option(
        None, "--org", help="e.g. sco, csto, eaeu, cis (comma-separated)."
    ),
    country: str | None = typer.Option(None, "--country", "-c", help="Countries, comma-separated."),
    at: str | None = typer.Option(None, "--at", help="In force on this date, e.g. 2020-10-15."),
    extra: Path | None = typer.Option(None, "--extra", help=_EXTRA),
    out: Path | None = typer.Option(None, "--out", "-o", help="Write .csv, .parquet or .json."),
) -> None:
    """Memberships of states in organisations, with entry and exit dates."""
    from accord import events

    df = events.memberships(org=split_list(org), iso3=split_list(country), at=at, extra=extra)
    write_table(df, out)


@app.command("coincidence")
def coincidence_cmd(
    a: str = typer.Argument(..., help="First power, e.g. RUS."),
    b: str = typer.Argument(..., help="Second power, e.g. CHN."),
    region: str = typer.Option("central-asia", "--region", "-r", help="Region of the formats."),
    window: float = typer.Option(92, "--window", help="Coincidence window in days."),
    lag: float = typer.Option(0, "--lag", help="B expected this many days before A."),
    level: str | None = typer.Option(None, "--level", help="Only meetings at this level."),
    surrogates: int = typer.Option(10_000, "--surrogates", help="Shuffled surrogates (0: none)."),
    seed: int = typer.Option(0, "--seed", help="Seed of the surrogates."),
    out: Path | None = typer.Option(None, "--out", "-o", help="Write .csv, .parquet or .json."),
) -> None:
    """Are A's and B's meetings with the region closer in time than chance?

    Event coincidence analysis of the two powers' meetings, and the launch-gap test of
    their formats.
    """
    from accord import countries as _countries
    from accord import events
    from accord.errors import InputError

    ia = _countries.resolve(a, where="powers")
    ib = _countries.resolve(b, where="powers")
    meets = events.meetings(region=region, level=level)
    ma = meets.filter(pl.col("partner") == ia)["date_start"].to_list()
    mb = meets.filter(pl.col("partner") == ib)["date_start"].to_list()
    for code, series in ((ia, ma), (ib, mb)):
        if not series:
            raise InputError(
                f"no meetings of {code} with {region} in the registry; add yours with "
                "`accord events meetings --extra FILE` or choose another power."
            )
    co = events.coincidence(ma, mb, window=window, lag=lag, n_surrogates=surrogates, seed=seed)
    row = {"a": ia, "b": ib, "region": region} | co.to_dict()
    launches = events.launches(region=region)
    dates = {r["partner"]: r["launch"] for r in launches.iter_rows(named=True)}
    if ia in dates and ib in dates:
        lg = events.launch_gap(dates, ia, ib).to_dict()
        row |= {f"launch_{k}": v for k, v in lg.items() if k not in ("a", "b")}
    for line in row.pop("assumptions") + row.pop("launch_assumptions", []):
        info(f"assumption: {line}")
    write_table(pl.DataFrame([row]), out)


@app.command("aggregate")
def aggregate_cmd(
    files: list[str] = typer.Argument(..., help="GDELT 1.0/2.0 or ICEWS files (paths or globs)."),
    actors: str | None = typer.Option(
        None, "--actors", help="Countries or groups, comma-separated, e.g. RUS,CHN,central-asia."
    ),
    mode: str = typer.Option("both", "--mode", help="both: dyads among the actors; either: any."),
    by: str = typer.Option("month", "--by", help="month or year."),
    all_events: bool = typer.Option(False, "--all-events", help="Count non-root events too."),
    keep_duplicates: bool = typer.Option(
        False, "--keep-duplicates", help="Keep repeated reports of the same event."
    ),
    skip_malformed: bool = typer.Option(
        False,
        "--skip-malformed",
        help="Leave malformed rows out (listed with their line numbers) instead of stopping.",
    ),
    out: Path | None = typer.Option(None, "--out", "-o", help="Write .csv, .parquet or .json."),
) -> None:
    """Directed dyad counts by month or year: QuadClass counts, Goldstein, cooperation share."""
    from accord import events

    source = files if len(files) > 1 else files[0]
    if skip_malformed:
        read, report = events.read_events(source, errors="skip", report=True)
        for s in report.skipped[:10]:
            info(f"skipped {s.file} line {s.line}: {s.reason}")
        if len(report.skipped) > 10:
            info(f"… and {len(report.skipped) - 10:,} more malformed rows skipped")
        info(f"read {report.n_read:,} rows, kept {report.n_kept:,}")
    else:
        read = events.read_events(source)
    with status(f"aggregating events by {by} (reading the files)"):
        table = events.aggregate(
            read,
            actors=split_list(actors),
            mode=mode,
            by=by,
            root_only=not all_events,
            dedupe=not keep_duplicates,
        )
    info(f"{table.height:,} dyad-{by}s, {int(table['n_events'].sum()):,} events")
    write_table(table, out)


def register(root: typer.Typer) -> None:
    root.add_typer(app, name="events")
