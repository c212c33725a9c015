"""Event-data files — GDELT 1.0, GDELT 2.0 and ICEWS — read into one event schema.

:func:`read_gdelt` and :func:`read_icews` return a **lazy** polars table (files are often
larger than memory; ``.collect()`` it, or pass it to :func:`accord.events.aggregate`,
which streams it) with the columns of :data:`EVENT_SCHEMA`:

==================  ========  ==============================================================
column              type      GDELT / ICEWS source
==================  ========  ==============================================================
``event_id``        Int64     GLOBALEVENTID / Event ID
``date``            Date      SQLDATE (the day of the event) / Event Date
``source_country``  String    ISO3 of Actor1CountryCode / of Source Country (a name); or null
``target_country``  String    ISO3 of Actor2CountryCode / of Target Country; or null
``source_actor``    String    Actor1Name / Source Name
``target_actor``    String    Actor2Name / Target Name
``cameo``           String    EventCode / CAMEO Code (text: "042")
``root_code``       String    EventRootCode / the first two digits of the CAMEO code
``quad_class``      Int8      QuadClass / from the root code (:mod:`accord.events.cameo`)
``goldstein``       Float64   GoldsteinScale / Intensity
``is_root``         Boolean   IsRootEvent == 1 / always true
``num_mentions``    Int64     NumMentions / null
``source_url``      String    SOURCEURL (null in GDELT 1.0 before April 2013) / Story ID
``dataset``         String    ``"gdelt1"``, ``"gdelt2"`` or ``"icews"``
==================  ========  ==============================================================

**Malformed rows** — a wrong number of fields, an empty line, a value that is not what the
codebook says (a date that is no date, a Goldstein value that is not a number from −10 to
10, an IsRootEvent that is not 0 or 1 …) — are never dropped silently:

- ``errors="raise"`` (default): an :class:`~accord.errors.InputError` names the file, the
  line and what is wrong, e.g. ``events.csv line 17: SQLDATE '20161301' is not a date
  (YYYYMMDD)``. GDELT files are checked while the lazy table is read: when it is
  collected (the error names the first malformed lines of the batch being read) or by
  :func:`accord.events.aggregate`, in its own single pass (the error names the first
  malformed lines of the files). ICEWS files are checked when read.
- ``errors="skip"``: malformed rows are left out and listed, with their line numbers, in
  the :class:`ReadReport` (``report=True`` returns ``(table, report)``; it checks the whole
  file when called, in one streaming pass).

Notes
-----
**GDELT layouts** (GDELT Event Database Data Format Codebook V1.03, 2013-08-25, and GDELT
Event Codebook V2.0, 2015-02-19; tab-separated, no header, although GDELT names the files
``.CSV``). GDELT 1.0: 57 fields in the historical backfile (1979 – March 2013), 58 in the
daily files from 1 April 2013 (SOURCEURL added), DATEADDED as YYYYMMDD. GDELT 2.0: 61
fields — each of the three geography blocks gains an ``ADM2Code`` — and DATEADDED as
YYYYMMDDHHMMSS. The layout is recognised from the number of fields of a file's first line;
``.zip`` archives as GDELT distributes them (one file inside) are read in memory.

**Countries.** GDELT actor country codes are CAMEO country codes, three letters and mostly
ISO3. The exceptions of GDELT's lookup ``CAMEO.country.txt`` are mapped (``ROM`` → ROU,
``TMP`` → TLS, ``MTN`` → MNE, ``WSB`` West Bank and ``GZS`` Gaza Strip → PSE, ``BAG``
Baghdad → IRQ); CAMEO's region codes (``EUR``, ``AFR``, ``MEA``, ``WST``, ``CAS`` …) and
codes accord does not know become null. ICEWS gives country names; each distinct name is
resolved once with :func:`accord.countries.resolve` (plus "Occupied Palestinian
Territory" → PSE); names that do not resolve become null and are listed in the report.
ICEWS writes R's ``NA`` for a missing value (also for a missing country — not Namibia):
it is read as null.

**QuadClass and Goldstein.** GDELT rows keep GDELT's own QuadClass and GoldsteinScale.
ICEWS rows get the QuadClass of their root code by GDELT's convention and ICEWS's own
Intensity as Goldstein value: Intensity is the Goldstein value of the event's CAMEO code
(it equals :func:`accord.events.cameo.goldstein` on all 3,705 events of the ICEWS sample).

**Rows without SOURCEURL.** A row of a GDELT 1.0 daily or 2.0 file that lacks only its
last field (SOURCEURL) cannot be told from a row with an empty SOURCEURL; it is read with
a null ``source_url``. So historical 57-field rows in a 58-field file (the GDELT sample of
the shared data mixes them) are read correctly.

**Empty files** give an empty table. Empty lines are malformed rows.

References
----------
Leetaru, K. & Schrodt, P. A. (2013). GDELT: Global data on events, location and tone,
1979–2012. ISA Annual Convention. Codebooks: http://data.gdeltproject.org/documentation/.

Boschee, E. et al. (2015). ICEWS Coded Event Data. Harvard Dataverse,
doi:10.7910/DVN/28075.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from pathlib import Path

import polars as pl

from accord import countries
from accord.errors import InputError
from accord.events._eventchecks import _Checked, _events, _finish, _remember, _scan, _validate

# Used by accord.events.aggregate.
from accord.events._eventchecks import _malformed_error as _malformed_error
from accord.events._eventchecks import _pending_files as _pending_files
from accord.events._eventchecks import _skipped as _skipped
from accord.events._eventchecks import _with_helpers as _with_helpers
from accord.events._eventfiles import (
    _GDELT,
    _ICEWS_CHECKS,
    _ICEWS_REQUIRED,
    _VERSIONS,
    CAMEO_COUNTRY_CODES,
    EVENT_SCHEMA,
    Errors,
    ReadReport,
    Skipped,
    Version,
    _expand,
    _File,
    _first_line,
    _Layout,
    _load,
)

__all__ = ["EVENT_SCHEMA", "CAMEO_COUNTRY_CODES", "ReadReport", "Skipped"]
__all__ += ["read_gdelt", "read_icews"]

_ICEWS_NAMES = {"Occupied Palestinian Territory": "PSE"}


# ---------------------------------------------------------------------------- readers


def _check_errors(errors: object) -> None:
    if errors not in ("raise", "skip"):
        raise InputError(f"errors={errors!r} is not understood: use 'raise' or 'skip'.")


def _gdelt_file(path: Path, version: str | None) -> _File:
    name, data = _load(path)
    probe = _File(path, name, None, data)
    first = _first_line(probe)
    if first is None:
        return probe
    n = first.count("\t") + 1
    allowed = _VERSIONS[version] if version else tuple(_GDELT)
    if n not in allowed:
        if version:
            want = " or ".join(str(k) for k in allowed)
            msg = f"GDELT {version} event files have {want} fields"
        else:
            msg = "GDELT event files have 57 or 58 (GDELT 1.0) or 61 (GDELT 2.0)"
        raise InputError(
            f"{name}: the first line has {n} tab-separated field{'s' * (n != 1)}; {msg}. "
            "Is it a GDELT event file? (ICEWS files are read with read_icews; GDELT "
            "mentions and GKG files are not event files.)"
        )
    return _File(path, name, _GDELT[n], data)


def read_gdelt(
    source: str | Path | Iterable[str | Path],
    *,
    version: Version | None = None,
    errors: Errors = "raise",
    report: bool = False,
) -> pl.LazyFrame | tuple[pl.LazyFrame, ReadReport]:
    """Read GDELT 1.0 or 2.0 event files into the event schema, lazily.

    Parameters
    ----------
    source : str, Path or iterable of them
        An event file (``20150218230000.export.CSV``, ``20160728.export.CSV``, also
        ``.zip`` as GDELT distributes them), several files, or a glob
        (``"gdelt/2020*.export.CSV"``). Files of different layouts may be mixed.
    version : {"1.0", "2.0"}, optional
        The GDELT version the files must have. By default each file's layout is
        recognised from the number of fields of its first line (57, 58 or 61).
    errors : {"raise", "skip"}, default "raise"
        What malformed rows do: raise :class:`~accord.errors.InputError` naming the file,
        line and problem, or be left out and listed in the report.
    report : bool, default False
        Check the whole file now (one streaming pass) and return ``(table, report)``.

    Returns
    -------
    polars.LazyFrame or (polars.LazyFrame, ReadReport)
        The events, columns :data:`EVENT_SCHEMA`, in file order; ``dataset`` is
        ``"gdelt1"`` or ``"gdelt2"``.

    Raises
    ------
    InputError
        A file that is missing or is not a GDELT event file (one error naming the number
        of fields its first line has), or — with ``errors="raise"`` — holds malformed
        rows: raised now with ``report=True``, otherwise when the table is collected or
        aggregated.

    Notes
    -----
    Rows are read, not filtered: root and non-root events, events with or without actor
    countries. :func:`accord.events.aggregate` selects and de-duplicates. With the
    default ``errors="raise", report=False`` nothing is read until the table is used;
    a malformed row then raises when the batch holding it is read (the message names
    that batch's first malformed lines) or, in :func:`~accord.events.aggregate`, after
    the pass (naming the first malformed lines of the file).

    Examples
    --------
    >>> import accord.events.eventdata as ed
    >>> events = ed.read_gdelt("gdelt/*.export.CSV")                  # doctest: +SKIP
    >>> events.filter(pl.col("source_country") == "RUS").collect()    # doctest: +SKIP
    """
    _check_errors(errors)
    if version is not None and version not in _VERSIONS:
        raise InputError(f"version={version!r} is not a GDELT version: use '1.0' or '2.0'.")
    files = tuple(_gdelt_file(p, version) for p in _expand(source, "GDELT"))
    if errors == "raise" and not report:
        parts = [
            _events(f, helpers=True).map_batches(_Checked(f), streamable=True, schema=EVENT_SCHEMA)
            if f.layout is not None
            else _events(f, helpers=False)
            for f in files
        ]
        lf = pl.concat(parts, how="vertical") if len(parts) > 1 else parts[0]
        return _remember(lf, files)
    frames = [_events(f, helpers=True) for f in files]
    n_read, skipped, _ = _validate(files, frames, errors)
    lf, rep = _finish(files, frames, n_read, skipped)
    return (lf, rep) if report else lf


@functools.lru_cache(maxsize=4096)
def _icews_iso3(name: str) -> str | None:
    if name in _ICEWS_NAMES:
        return _ICEWS_NAMES[name]
    try:
        return countries.resolve(name, system="name")
    except InputError:
        return None


def _icews_file(path: Path) -> _File:
    name, data = _load(path)
    probe = _File(path, name, None, data)
    first = _first_line(probe)
    if first is None:
        return probe
    header = [h.strip() for h in first.split("\t")]
    missing = [col for col in _ICEWS_REQUIRED.values() if col not in header]
    if missing:
        shown = ", ".join(f"'{h}'" for h in header[:8]) + (" …" if len(header) > 8 else "")
        raise InputError(
            f"{name}: the header lacks the ICEWS column(s) "
            f"{', '.join(repr(m) for m in missing)}; found {shown}. Is it an ICEWS events "
            "file (tab-separated, doi:10.7910/DVN/28075)? GDELT files are read with "
            "read_gdelt."
        )
    columns = {role: header.index(col) for role, col in _ICEWS_REQUIRED.items()}
    layout = _Layout("icews", "ICEWS", "icews", len(header), columns, _ICEWS_CHECKS, header=True)
    return _File(path, name, layout, data)


def read_icews(
    source: str | Path | Iterable[str | Path],
    *,
    errors: Errors = "raise",
    report: bool = False,
) -> pl.LazyFrame | tuple[pl.LazyFrame, ReadReport]:
    """Read ICEWS coded-event files into the event schema, lazily.

    Parameters
    ----------
    source : str, Path or iterable of them
        ICEWS event files as the Harvard Dataverse distributes them (tab-separated with a
        header line: ``Event ID, Event Date, Source Name, … Story ID …``; ``.tab``, also
        zipped), several files, or a glob.
    errors : {"raise", "skip"}, default "raise"
        What malformed rows do: raise :class:`~accord.errors.InputError` naming the file,
        line and problem, or be left out and listed in the report.
    report : bool, default False
        Return ``(table, report)``.

    Returns
    -------
    polars.LazyFrame or (polars.LazyFrame, ReadReport)
        The events, columns :data:`EVENT_SCHEMA`: country names resolved to ISO3 (null
        when unknown; the report lists them), ``cameo`` as text, ``quad_class`` from the
        root code, ``goldstein`` = Intensity, ``is_root`` true, ``num_mentions`` null,
        ``source_url`` the Story ID, ``dataset`` ``"icews"``.

    Raises
    ------
    InputError
        A missing file, a header without the ICEWS columns, or (``errors="raise"``)
        malformed rows — named by file and line (the header is line 1).

    Notes
    -----
    Each file is checked when read, in one streaming pass that also collects its
    distinct country names; every distinct name is resolved once.

    Examples
    --------
    >>> import accord.events.eventdata as ed
    >>> events, rep = ed.read_icews("icews/events.2018.*.tab", report=True)  # doctest: +SKIP
    """
    _check_errors(errors)
    files = tuple(_icews_file(p) for p in _expand(source, "ICEWS"))
    scans = [_scan(f, f.layout.n_fields) for f in files if f.layout is not None]
    name_q = [
        pl.concat(
            [
                scan.select(name=pl.col(f"c{f.layout.columns[role]}"))
                for role in ("source_country", "target_country")
            ]
        )
        .drop_nulls()
        .group_by("name")
        .len()
        for f, scan in zip([f for f in files if f.layout is not None], scans, strict=True)
    ]
    probes = [
        _events(f, _icews_placeholder(), helpers=True) if f.layout is not None else None
        for f in files
    ]
    live = [i for i, p in enumerate(probes) if p is not None]
    n_live, skipped, name_dfs = _validate(
        [files[i] for i in live], [probes[i] for i in live], errors, extra=name_q
    )
    n_read = [0] * len(files)
    for i, n in zip(live, n_live, strict=True):
        n_read[i] = n
    counts = (
        pl.concat(name_dfs).group_by("name").agg(pl.col("len").sum())
        if name_dfs
        else pl.DataFrame(schema={"name": pl.String, "len": pl.UInt32})
    )
    mapping = {n: _icews_iso3(n) for n in counts["name"].to_list()}
    table = pl.DataFrame(
        {"code": list(mapping), "iso3": list(mapping.values())},
        schema={"code": pl.String, "iso3": pl.String},
    )
    unknown = counts.filter(pl.col("name").is_in([n for n, c in mapping.items() if c is None]))
    notes = []
    if unknown.height:
        listed = ", ".join(
            f"'{r['name']}' ({r['len']})"
            for r in unknown.sort("len", descending=True).head(10).iter_rows(named=True)
        )
        notes.append(
            f"{unknown.height} country name(s) did not resolve to an ISO3 code and are null "
            f"(actor mentions): {listed}"
        )
    frames = [_events(f, table, helpers=True) for f in files]
    lf, rep = _finish(files, frames, n_read, skipped, notes)
    return (lf, rep) if report else lf


def _icews_placeholder() -> pl.DataFrame:
    """An empty name table: the validation pass needs no countries."""
    return pl.DataFrame(schema={"code": pl.String, "iso3": pl.String})
