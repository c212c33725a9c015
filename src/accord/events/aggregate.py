"""Directed dyad counts of events by month or year: who did what to whom, and how often.

:func:`aggregate` turns an event table (:func:`accord.events.read_gdelt`,
:func:`accord.events.read_icews`, or any table with their columns) into one row per
(source country, target country, period): the number of events, their QuadClass counts,
the mean Goldstein value, the share of cooperation, and the events per 1,000 of all
events of the period. It reads the files in one streaming pass.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Literal

import polars as pl

from accord import countries
from accord.errors import InputError
from accord.events import eventdata
from accord.provenance import Provenance, attach

__all__ = ["aggregate", "AGGREGATE_COLUMNS"]

By = Literal["month", "year"]
Mode = Literal["both", "either"]

#: Columns of the table :func:`aggregate` returns (the last two with ``normalize=True``).
AGGREGATE_COLUMNS = (
    "source_country",
    "target_country",
    "period",
    "n_events",
    "n_q1",
    "n_q2",
    "n_q3",
    "n_q4",
    "mean_goldstein",
    "coop_share",
    "period_total",
    "per_1000",
)
_TRUNCATE = {"month": "1mo", "year": "1y"}
_KEY = ["source_country", "target_country", "period"]
_SEED = 0x5EED_0001  # of the 64-bit fingerprint of a duplicate key


def _actor_set(actors: str | Iterable[str | int] | None) -> frozenset[str] | None:
    """ISO3 codes of *actors*: countries as people type them, or group ids."""
    if actors is None:
        return None
    items = [actors] if isinstance(actors, str | int) else list(actors)
    if not items:
        raise InputError(
            "actors is empty: give ISO3 codes, names or a group, e.g. "
            "actors=['RUS', 'CHN', 'central-asia'], or actors=None for every dyad."
        )
    out: set[str] = set()
    for item in items:
        if isinstance(item, str):
            try:
                out |= set(countries.group(item, where="actors"))
                continue
            except InputError:
                pass
        out.add(countries.resolve(item, where="actors"))
    return frozenset(out)


def _as_lazy(events: Any) -> pl.LazyFrame:
    if isinstance(events, pl.LazyFrame):
        return events
    if isinstance(events, pl.DataFrame):
        return events.lazy()
    if type(events).__module__.startswith("pandas"):
        return pl.from_pandas(events).lazy()
    raise InputError(
        f"events is a {type(events).__name__}: expected the table read_gdelt or read_icews "
        "returns (a polars LazyFrame or DataFrame, or a pandas DataFrame)."
    )


def _check_columns(lf: pl.LazyFrame, needed: list[str]) -> None:
    schema = lf.collect_schema()
    missing = [c for c in needed if c not in schema]
    if missing:
        raise InputError(
            f"events lacks the column(s) {', '.join(repr(m) for m in missing)} of the event "
            f"schema ({', '.join(eventdata.EVENT_SCHEMA)}); read the files with "
            "accord.events.read_gdelt or read_icews."
        )
    want = {
        "date": (pl.Date, pl.Datetime),
        "source_country": (pl.String, pl.Categorical, pl.Enum),
        "target_country": (pl.String, pl.Categorical, pl.Enum),
        "cameo": (pl.String, pl.Categorical, pl.Enum),
        "is_root": (pl.Boolean,),
    }
    for name, types in want.items():
        if name in needed and not isinstance(schema[name], types):
            raise InputError(
                f"events column '{name}' is {schema[name]}: expected "
                f"{' or '.join(t.__name__ for t in types)}; read the files with "
                "accord.events.read_gdelt or read_icews."
            )


def aggregate(
    events: pl.LazyFrame | pl.DataFrame | Any,
    *,
    actors: str | Iterable[str | int] | None = None,
    mode: Mode = "both",
    by: By = "month",
    root_only: bool = True,
    dedupe: bool = True,
    normalize: bool = True,
) -> pl.DataFrame:
    """Count events per directed country dyad and month (or year).

    Parameters
    ----------
    events : polars.LazyFrame, polars.DataFrame or pandas.DataFrame
        Events in the event schema, as :func:`~accord.events.read_gdelt` and
        :func:`~accord.events.read_icews` return them (lazy tables are streamed). Only
        ``date, source_country, target_country, cameo, quad_class, goldstein`` and, as
        the options need them, ``is_root``, ``source_url``, ``event_id`` are used.
    actors : str or iterable, optional
        Keep only dyads among these: ISO3 codes, names ("Russia"), COW codes, or group
        ids (``"central-asia"``, ``"sco"``) that expand to their members; mixed freely.
        ``None`` (default): every dyad of two countries.
    mode : {"both", "either"}, default "both"
        With *actors*: keep a dyad when both sides are actors (``"both"``: relations
        among them) or when at least one is (``"either"``: all their relations).
    by : {"month", "year"}, default "month"
        The period: ``period`` is the first day of the month or of the year of the
        event's date.
    root_only : bool, default True
        Count only root events (GDELT ``IsRootEvent`` = 1; every ICEWS event). GDELT
        also codes events from secondary clauses of a sentence; the root event is the
        main one, and the usual choice for counts (Leetaru & Schrodt 2013).
    dedupe : bool, default True
        Count an event reported more than once once: rows with the same date, source
        country, target country and CAMEO code from the same source (GDELT SOURCEURL,
        ICEWS Story ID) are one event. Rows without a source are identified by their
        ``event_id`` and never merged.
    normalize : bool, default True
        Add ``period_total`` — the events of the period in the whole input, counted by
        the same ``root_only`` and ``dedupe`` rules, whatever their actors and before the
        *actors* filter — and ``per_1000`` = ``n_events / period_total * 1000``. GDELT's
        volume grows several-fold over the years; shares of the period's events are
        comparable across time, raw counts are not.

    Returns
    -------
    polars.DataFrame
        One row per (``source_country``, ``target_country``, ``period``) with events:
        ``n_events``, ``n_q1`` … ``n_q4`` (QuadClass 1 verbal cooperation, 2 material
        cooperation, 3 verbal conflict, 4 material conflict), ``mean_goldstein``,
        ``coop_share`` = ``(n_q1 + n_q2) / n_events`` and, with *normalize*,
        ``period_total`` and ``per_1000``. Sorted by dyad and period.

    Raises
    ------
    InputError
        Unknown *actors*, *by* or *mode*; a table without the event columns; events
        without a date; and malformed rows of files read by ``read_gdelt`` with the
        default ``errors="raise"`` (the first malformed lines are named).

    Notes
    -----
    Dyads are directed (source acts on target) and need a country on both sides: events
    whose actor has no country (null ``source_country`` or ``target_country``) count only
    in ``period_total``. Events of a country with itself (``RUS`` → ``RUS``) are dyads
    like any other. ``mean_goldstein`` averages over the dyad's events (an event counts
    once, with its own value).

    Duplicates are found with a 64-bit fingerprint (hash) of the key; the first row of
    each key in file order is kept. Two different events sharing a fingerprint would
    count once: the expected number of such events is n²/2⁶⁵ for n events — 3·10⁻⁶ for
    10 million, 0.03 for a billion. Memory grows with the number of (root) events when
    ``dedupe=True`` — about 30 bytes each — and stays flat otherwise.

    References
    ----------
    Leetaru, K. & Schrodt, P. A. (2013). GDELT: Global data on events, location and
    tone, 1979–2012. ISA Annual Convention.

    Goldstein, J. S. (1992). A conflict-cooperation scale for WEIS events data.
    *Journal of Conflict Resolution* 36(2), 369–385.

    Examples
    --------
    >>> import polars as pl, datetime as dt
    >>> from accord.events.aggregate import aggregate
    >>> ev = pl.DataFrame({
    ...     "event_id": [1, 2, 3], "date": [dt.date(2020, 7, 16)] * 3,
    ...     "source_country": ["CHN", "CHN", "USA"], "target_country": ["KAZ", "KAZ", None],
    ...     "cameo": ["040", "040", "190"], "quad_class": [1, 1, 4],
    ...     "goldstein": [1.0, 1.0, -10.0], "is_root": [True, True, True],
    ...     "source_url": ["a", "a", "b"]})
    >>> aggregate(ev).select("source_country", "target_country", "n_events", "period_total")
    shape: (1, 4)
    ┌────────────────┬────────────────┬──────────┬──────────────┐
    │ source_country ┆ target_country ┆ n_events ┆ period_total │
    │ ---            ┆ ---            ┆ ---      ┆ ---          │
    │ str            ┆ str            ┆ i64      ┆ i64          │
    ╞════════════════╪════════════════╪══════════╪══════════════╡
    │ CHN            ┆ KAZ            ┆ 1        ┆ 2            │
    └────────────────┴────────────────┴──────────┴──────────────┘
    """
    if by not in _TRUNCATE:
        raise InputError(f"by={by!r} is not understood: use 'month' or 'year'.")
    if mode not in ("both", "either"):
        raise InputError(f"mode={mode!r} is not understood: use 'both' or 'either'.")
    members = _actor_set(actors)
    files = eventdata._pending_files(events)
    checking = files is not None
    if checking:
        lf = eventdata._with_helpers(files)
    else:
        lf = _as_lazy(events)
        needed = ["date", "source_country", "target_country", "cameo", "quad_class", "goldstein"]
        needed += ["is_root"] if root_only else []
        needed += ["source_url", "event_id"] if dedupe else []
        _check_columns(lf, needed)

    bad = pl.col("_problem") > 0 if checking else pl.lit(False)
    if root_only:
        lf = lf.filter(pl.col("is_root").fill_null(False) | bad)
    lf = lf.with_columns(
        # categorical codes keep the rows held for de-duplication small
        pl.col("source_country", "target_country").cast(pl.String).cast(pl.Categorical),
        pl.col("cameo").cast(pl.String),
        period=pl.col("date").cast(pl.Date).dt.truncate(_TRUNCATE[by]),
    )
    payload = [*_KEY, pl.col("quad_class").cast(pl.Int8), pl.col("goldstein").cast(pl.Float64)]
    if checking:
        # a malformed row is tagged with its file and line, and never a duplicate
        tag = pl.col("_file").cast(pl.UInt64) * (1 << 32) + pl.col("_line").cast(pl.UInt64)
        payload.append(bad.alias("_is_bad"))
    if dedupe:
        source = pl.coalesce(
            pl.col("source_url"), pl.format("#{}", pl.col("event_id").cast(pl.String))
        )
        key = pl.struct("date", "source_country", "target_country", "cameo", source).hash(_SEED)
        if checking:
            key = pl.when(bad).then(tag).otherwise(key)
        lf = lf.select(*payload, _key=key).filter(pl.col("_key").is_first_distinct())
        if checking:
            lf = lf.with_columns(_bad=pl.when("_is_bad").then(pl.col("_key")))
    elif checking:
        lf = lf.select(*payload[:-1], _bad=pl.when(bad).then(tag))
    else:
        lf = lf.select(*payload)
    quad = pl.col("quad_class")
    groups = lf.group_by(*_KEY, *(["_bad"] if checking else [])).agg(
        n_events=pl.len().cast(pl.Int64),
        **{f"n_q{q}": (quad == q).sum().cast(pl.Int64) for q in (1, 2, 3, 4)},
        mean_goldstein=pl.col("goldstein").mean(),
    )
    out = groups.collect(engine="streaming").with_columns(
        pl.col("source_country", "target_country").cast(pl.String)
    )

    if checking:
        malformed = out.filter(pl.col("_bad").is_not_null())
        if malformed.height:
            _raise_malformed(files, malformed["_bad"])
        out = out.filter(pl.col("_bad").is_null()).drop("_bad")
    undated = out.filter(pl.col("period").is_null())["n_events"].sum()
    if undated:
        raise InputError(
            f"{undated:,} events have no date: every event needs one to be counted in a "
            "period; drop or fix them first, e.g. events.filter(pl.col('date').is_not_null())."
        )
    totals = out.group_by("period").agg(period_total=pl.col("n_events").sum())
    dyads = out.filter(
        pl.col("source_country").is_not_null() & pl.col("target_country").is_not_null()
    )
    if members is not None:
        src = pl.col("source_country").is_in(sorted(members))
        tgt = pl.col("target_country").is_in(sorted(members))
        dyads = dyads.filter(src & tgt if mode == "both" else src | tgt)
    dyads = dyads.with_columns(coop_share=(pl.col("n_q1") + pl.col("n_q2")) / pl.col("n_events"))
    columns = list(AGGREGATE_COLUMNS[:10])
    if normalize:
        dyads = dyads.join(totals, on="period", how="left").with_columns(
            per_1000=pl.col("n_events") / pl.col("period_total") * 1000.0
        )
        columns += ["period_total", "per_1000"]
    result = dyads.select(columns).sort(_KEY)
    params = {
        "actors": None if members is None else sorted(members),
        "mode": mode,
        "by": by,
        "root_only": root_only,
        "dedupe": dedupe,
        "normalize": normalize,
    }
    if files is not None:
        params["files"] = [f.name for f in files]
    return attach(result, Provenance(function="accord.events.aggregate", parameters=params))


def _raise_malformed(files: tuple, tags: pl.Series) -> None:
    """Raise the error naming the first malformed lines of the files (file order)."""
    bad = pl.DataFrame(
        {
            "_file": (tags // (1 << 32)).cast(pl.UInt32),
            "_line": (tags % (1 << 32)).cast(pl.Int64),
            "_problem": pl.Series([1] * len(tags), dtype=pl.UInt8),
        }
    )
    skipped, total = eventdata._skipped(files, bad, "raise")
    if skipped:
        raise eventdata._malformed_error(skipped, total)
