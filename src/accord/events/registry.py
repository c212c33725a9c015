"""The registry of dialogue formats, their meetings, and memberships — facts with sources.

Three tables ship with accord (``accord/events/registry_data/``; provenance in its
``SOURCE.md``):

* **formats** — dialogue formats between a region's states and an outside power
  (``format_id, name, partner, region, established, first_level, source_url,
  source_kind, note``);
* **meetings** — their meetings (``meeting_id, format_id, date, date_end, level,
  ordinal, place, place_iso3, documents, document_urls, source_url, source_kind, note``);
* **memberships** — states in organisations with entry and exit dates (``org_id,
  org_name, iso3, role, entry_date, exit_date, source_url, note``);

and a fourth, **conflicts**, records where sources disagree and which value the registry
uses. Every row has a source: a URL, a dataset, or ``seed:…`` for the article accord grew
from (``source_kind="article-only"``).

Dates are as precise as the sources: ``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY``. Loaded
tables have the text (``date``), the first day it can mean (``date_start``, a Date) and
the precision (``date_precision``: "day", "month" or "year").

Users add rows from CSV files of the same columns (``extra=`` on each function); they are
validated like the shipped files and errors name the file, line and column.
"""

from __future__ import annotations

import datetime as dt
import functools
import io
import re
from collections.abc import Iterable
from importlib import resources
from pathlib import Path
from typing import Any, Literal

import polars as pl

from accord import countries as _countries
from accord.errors import InputError

__all__ = [
    "KINDS",
    "LEVELS",
    "ROLES",
    "SCHEMAS",
    "conflicts",
    "formats",
    "launches",
    "meetings",
    "memberships",
    "read_registry_csv",
    "shared_memberships",
]

Kind = Literal["formats", "meetings", "memberships"]
KINDS: tuple[str, ...] = ("formats", "meetings", "memberships")
LEVELS = ("foreign ministers", "summit", "senior officials")
ROLES = ("member", "associate", "observer", "dialogue partner", "participant")
SOURCE_KINDS = ("official", "news", "encyclopedia", "dataset", "article-only")
#: Partners that are organisations rather than states.
PARTNER_GROUPS = {"EU": "eu", "GCC": "gcc"}

SCHEMAS: dict[str, dict[str, bool]] = {
    # column -> required (non-empty)
    "formats": {
        "format_id": True,
        "name": True,
        "partner": True,
        "region": True,
        "established": False,
        "first_level": False,
        "source_url": True,
        "source_kind": True,
        "note": False,
    },
    "meetings": {
        "meeting_id": True,
        "format_id": True,
        "date": True,
        "date_end": False,
        "level": True,
        "ordinal": False,
        "place": False,
        "place_iso3": False,
        "documents": False,
        "document_urls": False,
        "source_url": True,
        "source_kind": True,
        "note": False,
    },
    "memberships": {
        "org_id": True,
        "org_name": True,
        "iso3": True,
        "role": True,
        "entry_date": False,
        "exit_date": False,
        "source_url": True,
        "note": False,
    },
}
_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


def parse_date(text: str) -> tuple[dt.date, str]:
    """``"2020-10-15"`` → (date, "day"); ``"2019-12"`` → (2019-12-01, "month"); ``"2014"``
    → (2014-01-01, "year"). Raises ValueError for anything else."""
    m = _DATE.match(text.strip())
    if not m:
        raise ValueError(text)
    year, month, day = int(m[1]), int(m[2] or 1), int(m[3] or 1)
    precision = "day" if m[3] else "month" if m[2] else "year"
    return dt.date(year, month, day), precision


def _validate(rows: list[dict[str, str]], kind: str, where: str, first_line: int) -> list[str]:
    """Problems of ``rows`` as 'where line N, column C: …' messages."""
    problems: list[str] = []
    schema = SCHEMAS[kind]
    for n, row in enumerate(rows):
        line = first_line + n

        def bad(col: str, what: str, line: int = line) -> None:
            problems.append(f"{where} line {line}, column '{col}': {what}")

        for col, required in schema.items():
            if required and not (row.get(col) or "").strip():
                bad(col, "is empty; every row needs it")
        for col in ("date", "date_end", "established", "entry_date", "exit_date"):
            value = (row.get(col) or "").strip()
            if col in schema and value:
                try:
                    parse_date(value)
                except ValueError:
                    bad(col, f"'{value}' is not a date (YYYY-MM-DD, YYYY-MM or YYYY)")
        level = (row.get("level") or row.get("first_level") or "").strip()
        if level and level not in LEVELS:
            col = "level" if "level" in schema else "first_level"
            bad(col, f"'{level}' is not one of {', '.join(LEVELS)}")
        kind_value = (row.get("source_kind") or "").strip()
        if kind_value and kind_value not in SOURCE_KINDS:
            bad("source_kind", f"'{kind_value}' is not one of {', '.join(SOURCE_KINDS)}")
        if kind_value == "article-only" and not row.get("source_url", "").startswith("seed:"):
            bad("source_url", "article-only rows cite the article as 'seed:<id>'")
        role = (row.get("role") or "").strip()
        if role and role not in ROLES:
            bad("role", f"'{role}' is not one of {', '.join(ROLES)}")
        for col in ("iso3", "place_iso3", "partner"):
            value = (row.get(col) or "").strip()
            if col not in schema or not value or value == "virtual" or value in PARTNER_GROUPS:
                continue
            try:
                if _countries.resolve(value, system="iso3") != value:
                    raise InputError(value)
            except InputError:
                bad(col, f"'{value}' is not an ISO3 country code")
        ordinal = (row.get("ordinal") or "").strip()
        if ordinal and not ordinal.isdigit():
            bad("ordinal", f"'{ordinal}' is not a whole number")
    return problems


def read_registry_csv(path: str | Path, kind: Kind, *, text: str | None = None) -> pl.DataFrame:
    """Read and validate a registry CSV (shipped or the user's own) of one ``kind``.

    Raises :class:`~accord.errors.InputError` naming the file, line and column of the
    first problems (wrong columns, empty required cells, dates, levels, codes, and —
    for meetings — duplicate ids).
    """
    if kind not in KINDS:
        raise InputError(f"unknown registry table '{kind}'; choose from {', '.join(KINDS)}.")
    name = Path(path).name
    if text is None:
        p = Path(path)
        if not p.is_file():
            raise InputError(f"registry file '{path}' does not exist; check the path.")
        try:
            text = p.read_text(encoding="utf-8-sig")
        except UnicodeDecodeError:
            raise InputError(f"{name} is not UTF-8 text; save it as UTF-8 CSV.") from None
    if not text.strip():
        raise InputError(
            f"{name} is empty: expected a CSV with columns {', '.join(SCHEMAS[kind])}."
        )
    df = pl.read_csv(io.StringIO(text), infer_schema=False)
    missing = [c for c, req in SCHEMAS[kind].items() if req and c not in df.columns]
    if missing:
        raise InputError(
            f"{name}: missing column(s) {', '.join(missing)}; a {kind} file has the columns "
            f"{', '.join(SCHEMAS[kind])}."
        )
    for c in SCHEMAS[kind]:
        if c not in df.columns:
            df = df.with_columns(pl.lit("").alias(c))
    df = df.select(list(SCHEMAS[kind])).with_columns(pl.all().fill_null("").str.strip_chars())
    problems = _validate(df.to_dicts(), kind, name, first_line=2)
    key = {"formats": "format_id", "meetings": "meeting_id"}.get(kind)
    if key:
        dup = df.with_row_index("_n").filter(pl.col(key).is_duplicated() & (pl.col(key) != ""))
        for r in dup.iter_rows(named=True):
            problems.append(f"{name} line {r['_n'] + 2}, column '{key}': '{r[key]}' appears twice")
    if problems:
        more = f" (and {len(problems) - 3} more)" if len(problems) > 3 else ""
        raise InputError("; ".join(problems[:3]) + more + ". Fix those cells and read it again.")
    return _typed(df, kind)


def _typed(df: pl.DataFrame, kind: str) -> pl.DataFrame:
    date_cols = {
        "formats": ("established",),
        "meetings": ("date", "date_end"),
        "memberships": ("entry_date", "exit_date"),
    }[kind]
    out = df.with_columns(pl.col(pl.String).replace("", None))
    for col in date_cols:
        parsed = [parse_date(v) if v else (None, None) for v in out[col].to_list()]
        out = out.with_columns(
            pl.Series(f"{col}_start", [p[0] for p in parsed], dtype=pl.Date),
            pl.Series(f"{col}_precision", [p[1] for p in parsed], dtype=pl.String),
        )
    if kind == "meetings":
        out = out.with_columns(pl.col("ordinal").cast(pl.Int32))
    return out


@functools.cache
def _shipped(kind: str) -> pl.DataFrame:
    files = resources.files("accord.events.registry_data")
    name = f"{kind}.csv"
    return read_registry_csv(name, kind, text=files.joinpath(name).read_text("utf-8"))  # type: ignore[arg-type]


def _table(kind: str, extra: Any) -> pl.DataFrame:
    df = _shipped(kind)
    if extra is None:
        return df
    extras = [extra] if isinstance(extra, str | Path | pl.DataFrame) else list(extra)
    parts = [df]
    for e in extras:
        if isinstance(e, pl.DataFrame):
            buf = io.StringIO()
            e.select(pl.all().cast(pl.String)).write_csv(buf)
            parts.append(read_registry_csv("(table)", kind, text=buf.getvalue()))  # type: ignore[arg-type]
        else:
            parts.append(read_registry_csv(e, kind))  # type: ignore[arg-type]
    out = pl.concat(parts, how="diagonal_relaxed")
    key = {"formats": "format_id", "meetings": "meeting_id"}.get(kind)
    if key and out[key].is_duplicated().any():
        dup = out.filter(pl.col(key).is_duplicated())[key][0]
        raise InputError(
            f"your {kind} rows repeat the {key} '{dup}' of the registry; give your row another id."
        )
    return out


def formats(*, region: str | None = None, partner: Any = None, extra: Any = None) -> pl.DataFrame:
    """Dialogue formats (optionally of one region / partner), with the user's ``extra`` rows."""
    df = _table("formats", extra)
    if region is not None:
        df = df.filter(pl.col("region") == _countries.resolve_group(region, where="region"))
    if partner is not None:
        codes = _partner_codes(partner)
        df = df.filter(pl.col("partner").is_in(codes))
    return df.sort("established_start", nulls_last=True)


def _partner_codes(partner: Any) -> list[str]:
    items = [partner] if isinstance(partner, str | int) else list(partner)
    out = []
    for p in items:
        text = str(p).strip()
        out.append(
            text.upper()
            if text.upper() in PARTNER_GROUPS
            else _countries.resolve(p, where="partner")
        )
    return out


def meetings(
    *,
    region: str | None = None,
    format_id: str | Iterable[str] | None = None,
    partner: Any = None,
    level: str | Iterable[str] | None = None,
    years: tuple[int, int] | None = None,
    extra: Any = None,
    extra_formats: Any = None,
) -> pl.DataFrame:
    """Meetings of the formats, joined with their format's ``partner`` and ``name``.

    Filters: ``region``, ``format_id``, ``partner`` (ISO3 or "EU"/"GCC"), ``level`` (one
    of :data:`LEVELS`), ``years`` (first, last).
    """
    fm = formats(region=region, partner=partner, extra=extra_formats)
    df = _table("meetings", extra)
    unknown = sorted(set(df["format_id"]) - set(_table("formats", extra_formats)["format_id"]))
    if unknown:
        raise InputError(
            f"meetings refer to unknown format(s) {', '.join(unknown)}; add the format with "
            "extra_formats= or correct the format_id."
        )
    df = df.join(fm.select("format_id", "partner", pl.col("name").alias("format")), on="format_id")
    if format_id is not None:
        ids = [format_id] if isinstance(format_id, str) else list(format_id)
        df = df.filter(pl.col("format_id").is_in(ids))
    if level is not None:
        levels = [level] if isinstance(level, str) else list(level)
        for lv in levels:
            if lv not in LEVELS:
                raise InputError(f"level '{lv}' is not one of {', '.join(LEVELS)}.")
        df = df.filter(pl.col("level").is_in(levels))
    if years is not None:
        df = df.filter(pl.col("date_start").dt.year().is_between(years[0], years[1]))
    return df.sort("date_start")


def memberships(
    *, org: str | Iterable[str] | None = None, iso3: Any = None, at: Any = None, extra: Any = None
) -> pl.DataFrame:
    """Memberships, optionally of some organisations / states, or in force on date ``at``.

    A membership is in force on ``at`` when it began on or before it (by the first day the
    entry date can mean) and had not ended by then; rows whose entry date no source gives
    (a few observers) are left out of ``at`` queries.
    """
    df = _table("memberships", extra)
    if org is not None:
        orgs = [org] if isinstance(org, str) else list(org)
        known = set(df["org_id"])
        for o in orgs:
            if o not in known:
                import difflib

                close = difflib.get_close_matches(o, sorted(known), n=1)
                hint = f" Did you mean '{close[0]}'?" if close else ""
                raise InputError(
                    f"unknown organisation '{o}'.{hint} Known: {', '.join(sorted(known))}."
                )
        df = df.filter(pl.col("org_id").is_in(orgs))
    if iso3 is not None:
        codes = _countries.resolve_many(
            [iso3] if isinstance(iso3, str | int) else iso3, where="iso3"
        )
        df = df.filter(pl.col("iso3").is_in(codes))
    if at is not None:
        day = at if isinstance(at, dt.date) else parse_date(str(at))[0]
        df = df.filter(
            (pl.col("entry_date_start") <= day)
            & (pl.col("exit_date_start").is_null() | (pl.col("exit_date_start") > day))
        )
    return df.sort("org_id", "iso3", "entry_date_start")


def shared_memberships(
    countries: Iterable[Any], *, at: Any = None, role: str | None = "member"
) -> pl.DataFrame:
    """The organisations each of ``countries`` belongs to, with entry dates.

    Returns one row per organisation (in force on ``at``; default: current memberships)
    with a column per country holding its entry date as the sources give it (null when
    not a member) and ``n_shared``, the number of the countries that are members.
    """
    codes = _countries.resolve_many(list(countries), where="countries")
    df = memberships(iso3=codes, at=at)
    if role is not None:
        df = df.filter(pl.col("role") == role)
    if at is None:
        df = df.filter(pl.col("exit_date").is_null())
    out = df.select("org_id", "org_name").unique().sort("org_id")
    for c in codes:
        entry = df.filter(pl.col("iso3") == c).select("org_id", pl.col("entry_date").alias(c))
        entry = entry.group_by("org_id").agg(pl.col(c).min())
        out = out.join(entry, on="org_id", how="left")
    counted = pl.sum_horizontal(pl.col(c).is_not_null().cast(pl.Int32) for c in codes)
    return out.with_columns(counted.alias("n_shared")).sort(
        ["n_shared", "org_id"], descending=[True, False]
    )


def launches(
    *, region: str = "central-asia", extra: Any = None, extra_formats: Any = None
) -> pl.DataFrame:
    """The launch date of each dialogue format in a region.

    The launch is the format's ``established`` date (its first meeting) where sources
    give it; otherwise the earliest recorded foreign-ministers' meeting, flagged: the
    format started earlier than that.

    Returns
    -------
    polars.DataFrame
        ``format_id, partner, format, launch (Date), precision, is_first`` (the date is the
        format's first meeting) and ``basis`` (what the date is).
    """
    fm = formats(region=region, extra=extra_formats)
    m = meetings(region=region, level="foreign ministers", extra=extra, extra_formats=extra_formats)
    first = (
        m.sort("date_start")
        .group_by("format_id", maintain_order=True)
        .first()
        .select(
            "format_id",
            pl.col("date_start").alias("_fm"),
            pl.col("date_precision").alias("_fmp"),
            "ordinal",
        )
    )
    out = fm.join(first, on="format_id", how="left").with_columns(
        pl.col("established_start").is_not_null().alias("is_first")
    )
    out = out.with_columns(
        pl.coalesce("established_start", "_fm").alias("launch"),
        pl.coalesce("established_precision", "_fmp").alias("precision"),
        pl.when(pl.col("is_first"))
        .then(pl.lit("the format's first meeting"))
        .when(pl.col("ordinal").is_not_null())
        .then(
            pl.format(
                "earliest recorded foreign-ministers' meeting (number {}): earlier meetings "
                "are not dated, so the format started earlier",
                "ordinal",
            )
        )
        .otherwise(pl.lit("earliest recorded foreign-ministers' meeting"))
        .alias("basis"),
    )
    return (
        out.filter(pl.col("launch").is_not_null())
        .select(
            "format_id",
            "partner",
            pl.col("name").alias("format"),
            "launch",
            "precision",
            "is_first",
            "basis",
        )
        .sort("launch")
    )


def conflicts() -> pl.DataFrame:
    """Where sources disagree: both values with their sources, what the registry uses, why."""
    files = resources.files("accord.events.registry_data")
    return pl.read_csv(
        io.StringIO(files.joinpath("conflicts.csv").read_text("utf-8")), infer_schema=False
    )
