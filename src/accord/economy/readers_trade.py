"""Readers for bilateral trade files: CEPII BACI, UN Comtrade, IMF DOTS, WITS summaries.

:func:`read_baci` lives here; :func:`read_comtrade` (:mod:`~accord.economy.readers_comtrade`),
:func:`read_dots` (:mod:`~accord.economy.readers_dots`), :func:`read_wits_summary` and
:func:`read_wits_indicators` (:mod:`~accord.economy.readers_wits`) are re-exported. Each
trade reader returns a flows table (:data:`accord.economy.flows.FLOW_SCHEMA`: ``reporter,
partner, year, flow, value_usd, product, classification, source, mirrored``) with values
in US dollars, ready for :func:`~accord.economy.flows.fill_mirror`.

All readers share one contract for bad input (see :mod:`accord.economy._reading`):
``errors="raise"`` (default) raises :class:`~accord.errors.InputError` naming malformed
rows by line; ``errors="skip"`` leaves them out; ``report=True`` returns
``(table, ReadReport)``. Partners that are not countries ("Other Asia, nes", "Areas,
nes", regions) are dropped and counted in the report, never turned into a country.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

import numpy as np
import polars as pl

from accord.economy import _reading as rd
from accord.economy._reading import Errors, Log, ReadReport
from accord.economy.encode import hint as encode_hint
from accord.economy.flows import FLOW_SCHEMA, validate_flows
from accord.economy.readers_comtrade import read_comtrade
from accord.economy.readers_dots import read_dots
from accord.economy.readers_wits import read_wits_indicators, read_wits_summary
from accord.errors import InputError

__all__ = [
    "read_baci",
    "read_comtrade",
    "read_dots",
    "read_wits_summary",
    "read_wits_indicators",
    "ReadReport",
]

Result = pl.DataFrame | tuple[pl.DataFrame, ReadReport]
_FLOWS = pl.Schema(FLOW_SCHEMA)


# ---------------------------------------------------------------------------- BACI

_BACI_FILE = re.compile(r"BACI_(HS\d\d)_Y\d{4}_V(\d+)", re.IGNORECASE)
_BACI_LAYOUT = "CEPII BACI columns t, i, j, k, v, q (e.g. BACI_HS92_Y2019_V202401.csv)"


def read_baci(
    path: str | Path | Iterable[str | Path],
    *,
    country_codes: str | Path | None = None,
    reporters: Iterable[str] | None = None,
    partners: Iterable[str] | None = None,
    errors: Errors = "raise",
    report: bool = False,
) -> Result:
    """Read a CEPII BACI file (one year, HS6 products) into a flows table.

    Parameters
    ----------
    path : str, Path, glob or list of them
        A BACI CSV, e.g. ``BACI_HS92_Y2019_V202401.csv``: columns ``t`` (year), ``i``
        (exporter), ``j`` (importer) as CEPII numeric codes, ``k`` (HS6 product), ``v``
        (value, thousands of US$) and ``q`` (quantity, ignored). Several files (a list, or
        a pattern such as ``"BACI_HS17_Y20*_V202501.csv"``: BACI ships one file per year)
        are read one by one and stacked with :func:`~accord.economy.flows.concat_flows`,
        so the table names every file read; with ``report=True`` the reports come as a
        list, one per file.
    country_codes : str or Path, optional
        BACI's ``country_codes_V*.csv`` (columns ``country_code``, ``country_iso3``, …;
        older releases ``iso_3digit_alpha``). Default: the one next to *path* (the same
        version when there are several).
    reporters, partners : iterable of str, optional
        Keep only these exporters / importers (ISO3); filtered while scanning, so a
        10-million-row file is read in bounded memory.
    errors : {"raise", "skip"}, default "raise"
        What to do with malformed rows (see :mod:`accord.economy._reading`).
    report : bool, default False
        Return ``(flows, ReadReport)``.

    Returns
    -------
    polars.DataFrame
        Flows: ``reporter`` = exporter ``i``, ``partner`` = importer ``j``, ``flow =
        "export"``, ``value_usd = 1000 * v``, ``product`` = ``k`` padded to six digits,
        ``classification`` from the file name (``"HS92"``; ``"HS"`` if the name does not
        say), ``source`` the release (``"CEPII BACI HS92 V202401"``: the same for every
        year of a release, so stacked years share one value; the provenance names each
        file read, with its checksum).

    Raises
    ------
    InputError
        Missing columns or codes file; malformed rows with ``errors="raise"``.

    Notes
    -----
    BACI reconciles exporter and importer declarations into one value per flow (FOB), so
    each flow appears once, from the exporter's side; :func:`fill_mirror` adds the
    importer's view. Codes that BACI lists but that are not countries ("Other Asia,
    nes", "Belgium-Luxembourg") or whose ISO3 code accord does not know are dropped and
    counted in the report; a code missing from the codes file is a malformed row. Rows
    come in file order (BACI files are sorted by year, exporter, importer, product).

    References
    ----------
    Gaulier, G. and Zignago, S. (2010). BACI: International Trade Database at the Product-
    Level. The 1994-2007 Version. CEPII Working Paper 2010-23.
    """
    files = _many(path)
    once = (x if x is None or isinstance(x, str) else list(x) for x in (reporters, partners))
    reporters, partners = once  # an iterator is read once, for every file
    opts = {"country_codes": country_codes, "reporters": reporters, "partners": partners}
    if files is None:
        table, rep, held = _read_baci_file(path, **opts, errors=errors)
    else:
        from accord.economy import _parallel
        from accord.economy.flows import concat_flows

        # Two files at a time: while polars parses one (on every core), the other is checked
        # and coded, mostly on one core; five BACI years read in 0.68 s instead of 0.79 s.
        parts = _parallel.run(lambda f: _read_baci_file(f, **opts, errors=errors), files, workers=2)
        table = concat_flows([t for t, _, _ in parts], where="read_baci")
        rep = [r for _, r, _ in parts]
        found = [h for _, _, h in parts]
        held = None
        if all(h is not None for h in found):
            held = {c: set().union(*(h[c] for h in found)) for c in found[0]}
    if held is not None:  # the indices then need not look for them (encode.hint)
        encode_hint(table, **held)
    return (table, rep) if report else table


def _read_baci_file(
    path: str | Path,
    *,
    country_codes: str | Path | None,
    reporters: Iterable[str] | None,
    partners: Iterable[str] | None,
    errors: Errors,
) -> tuple[pl.DataFrame, ReadReport, dict[str, list[str]] | None]:
    """One BACI file: the flows, the report, and the countries, products and years the rows
    hold (``None`` when the general path read it)."""
    path = rd.existing(path)
    log = Log(path, errors, layout="cepii-baci")
    m = _BACI_FILE.search(path.name)
    classification = m.group(1).upper() if m else "HS"
    version = f"V{m.group(2)}" if m else ""
    codes_path = _baci_codes_path(path, country_codes, m.group(2) if m else None)
    codes = _baci_codes(codes_path)

    with open(path, "rb") as fh:
        first = rd.decode(fh.readline()).strip()
    if not first:
        raise InputError(f"{path.name} is empty: expected {_BACI_LAYOUT}.")
    header = [h.strip().strip('"') for h in first.split(",")]
    missing = [c for c in ("t", "i", "j", "k", "v") if c not in header]
    if missing:
        raise rd.missing_columns_error(path.name, "CEPII BACI", missing, header, _BACI_LAYOUT)

    keep_i = _codes_for(codes, reporters, "reporters")
    keep_j = _codes_for(codes, partners, "partners")
    typed = dict.fromkeys(("t", "i", "j", "k"), pl.Int32) | {"v": pl.Float64}
    try:
        df = _baci_scan(path, header, typed, keep_i, keep_j)
    except pl.exceptions.PolarsError:  # some cell does not parse: find it, line by line
        df = _baci_scan(path, header, dict.fromkeys(typed, pl.String), keep_i, keep_j)
    # Checksummed after parsing (which keeps every core busy), while the checks run on one.
    checksum = rd.sha256_soon(path)
    log.n_read = df.height
    log.notes.append("values in thousands of US$ (v) multiplied by 1,000")
    fast = _baci_fast(log, df, codes)
    cols, held = fast if fast is not None else (None, None)
    if cols is None:  # something to report or to leave out row by row
        cols = _baci_checked(log, df, codes, codes_path.name)
    out = pl.DataFrame(cols).select(
        "reporter",
        "partner",
        "year",
        pl.lit("export").alias("flow"),
        "value_usd",
        "product",
        pl.lit(classification).alias("classification"),
        pl.lit(" ".join(["CEPII BACI", classification, version]).strip()).alias("source"),
        pl.lit(False).alias("mirrored"),
    )
    if out.schema != _FLOWS:  # both paths build the schema and keep to its rules
        out = validate_flows(out, where=path.name)  # pragma: no cover - a safety net
    params = {"country_codes": str(codes_path), "errors": errors}
    params |= {"reporters": sorted(reporters or []), "partners": sorted(partners or [])}
    out, rep = rd.finish(
        out,
        log,
        function="accord.economy.read_baci",
        dataset="cepii-baci",
        version=version,
        parameters=params,
        report=True,
        checksum=checksum,
    )
    return out, rep, held


def _many(path: object) -> list[Path] | None:
    """The files of a list or a glob pattern, sorted; ``None`` for one plain path."""
    import glob

    if isinstance(path, str | Path):
        text = str(path)
        if not any(c in text for c in "*?["):
            return None
        found = sorted(Path(p) for p in glob.glob(text))
        if not found:
            raise InputError(f"no file matches '{text}'; check the folder and the pattern.")
        return found
    files = [Path(p) for p in path]  # type: ignore[union-attr]
    if not files:
        raise InputError("read_baci: an empty list of files; give at least one BACI CSV.")
    return files


def _baci_scan(path, header, dtypes, keep_i, keep_j) -> pl.DataFrame:
    """Columns t, i, j, k, v (typed, or text on the slow path) and, when rows are filtered
    or read as text, ``_line`` (otherwise the row number gives the line: :func:`_lines`)."""
    schema = {c: dtypes.get(c, pl.String) for c in header}
    text = dtypes["i"] == pl.String
    lines = text or keep_i is not None or keep_j is not None
    index = {"row_index_name": "_line", "row_index_offset": 2} if lines else {}
    lf = pl.scan_csv(path, schema=schema, encoding="utf8-lossy", **index)
    lf = lf.select(*(["_line"] if lines else []), "t", "i", "j", "k", "v")
    if text:  # slow path: keep the raw text to report it
        lf = lf.with_columns(pl.col(c).str.strip_chars() for c in ("t", "i", "j", "k", "v"))
    for col, keep in (("i", keep_i), ("j", keep_j)):
        if keep is not None:
            code = pl.col(col).cast(pl.Int64, strict=False) if text else pl.col(col)
            lf = lf.filter(code.is_in(keep))
    return lf.collect(engine="streaming")


def _baci_fast(
    log: Log, df: pl.DataFrame, codes: pl.DataFrame
) -> tuple[dict[str, pl.Series], dict[str, list[str]]] | None:
    """The output columns of a typed table in the usual case, checked in a few passes, and
    the countries, products and years its rows hold (for :func:`accord.economy.encode.hint`).

    The usual case: no cell missing, every rule kept (``v >= 0``, four-digit years, HS6
    codes), no key repeated, every code in the codes file. Rows of codes that are not
    countries are left out (and counted). ``None`` when anything else turns up: the
    general path (:func:`_baci_checked`) then finds the rows and names their lines.
    """
    cols = ("t", "i", "j", "k", "v")
    if df.height == 0 or any(df.schema[c] == pl.String for c in cols[:4]):
        return None
    if any(df.get_column(c).null_count() for c in cols):
        return None
    lo, hi = df.select(
        pl.struct(pl.col(cols).min()).alias("lo"), pl.struct(pl.col(cols).max()).alias("hi")
    ).row(0)
    if min(lo["i"], lo["j"], lo["k"]) < 0 or max(hi["i"], hi["j"]) >= 1000:
        return None  # not BACI's numeric codes: the general path copes
    if hi["k"] > 999_999 or lo["t"] < 1000 or hi["t"] > 9999 or lo["v"] < 0:
        return None
    one_year = lo["t"] == hi["t"]
    increasing, products, countries = _keys_and_products(df, hi["k"], one_year)
    if not increasing and _baci_repeats(df):
        return None
    # Codes index tables of text: ISO3 (null for codes that are not countries), HS6. Series
    # operations, one thread each: the other core parses the next file meanwhile.
    iso = dict(codes.filter(pl.col("kind") == "country").select("code", "iso3").iter_rows())
    by_code = pl.Series([iso.get(c) for c in range(1000)], dtype=pl.Categorical)
    t = df.get_column("t")
    year = pl.repeat(lo["t"], df.height, dtype=pl.Int16, eager=True) if one_year else t
    out = pl.DataFrame(
        [
            by_code.gather(df.get_column("i")).alias("reporter"),
            by_code.gather(df.get_column("j")).alias("partner"),
            year.cast(pl.Int16).alias("year"),
            (df.get_column("v") * 1000.0).alias("value_usd"),
        ]
    )
    position = np.zeros(hi["k"] + 1, dtype=np.uint32)  # HS6 codes: a table of text too
    position[products] = np.arange(products.size, dtype=np.uint32)
    text = [f"{c:06d}" for c in products.tolist()]
    by_product = pl.Series(text, dtype=pl.Categorical).gather(position)
    out = out.with_columns(by_product.gather(df.get_column("k")).alias("product"))

    def held(rows: pl.DataFrame, countries: np.ndarray, text: list[str]) -> dict[str, list]:
        """What the rows hold, by name (for encode.hint)."""
        years = [lo["t"]] if one_year else rows.get_column("t").unique().to_list()
        return {"countries": [iso[c] for c in countries], "products": text, "years": years}

    if not (out["reporter"].null_count() or out["partner"].null_count()):
        return out.to_dict(), held(df, countries, text)
    # Codes that are not countries: counted by code; one not in the codes file is an error.
    kind = dict(codes.select("code", "kind").iter_rows())
    names = dict(codes.select("code", "name").iter_rows())
    found = []
    for col, side, role in (("reporter", "i", "exporter"), ("partner", "j", "importer")):
        hit = df.filter(out[col].is_null())[side].value_counts().sort(side).rows()
        found += [(role, code, n) for code, n in hit]
    if any(code not in kind for _, code, _ in found):
        return None
    for role, code, n in found:
        what = "is not a country" if kind[code] == "aggregate" else "has no ISO3 code accord knows"
        log.count(f"{role} {what}", names.get(code, str(code)), n)
    kept = out["reporter"].is_not_null() & out["partner"].is_not_null()
    out, df = out.filter(kept), df.select("t", "i", "j", "k").filter(kept)
    if out.height == 0:
        return out.to_dict(), {"countries": [], "products": [], "years": []}
    _, products, countries = _keys_and_products(df, hi["k"], one_year, order=False)
    return out.to_dict(), held(df, countries, [f"{c:06d}" for c in products.tolist()])


def _keys_and_products(
    df: pl.DataFrame, k_max: int, one_year: bool, *, order: bool = True
) -> tuple[bool, np.ndarray, np.ndarray]:
    """Whether the (t, i, j, k) keys strictly increase (BACI's order), the distinct
    products ``k`` and the distinct country codes of ``i`` and ``j``, in one pass over the
    chunks polars parsed (each fits in the CPU cache; no copy of the columns). Codes are
    checked before: 0 <= i, j < 1000, 0 <= k <= k_max. With ``order=False`` only the
    distinct codes are found (the first value is then True)."""
    seen, seen_ij = np.zeros(k_max + 1, bool), np.zeros(1000, bool)
    names = ("i", "j", "k") if one_year else ("t", "i", "j", "k")
    chunked = [df.get_column(c).get_chunks() for c in names]
    if len({tuple(c.len() for c in chunks) for chunks in chunked}) > 1:  # not aligned
        chunked = [df.get_column(c).rechunk().get_chunks() for c in names]
    increasing, last = True, None
    for parts in zip(*chunked, strict=True):
        *tij, k = (p.to_numpy() for p in parts)
        seen[k.astype(np.intp)] = True  # twice as fast as indexing with int32
        i, j = tij[-2], tij[-1]
        seen_ij[i.astype(np.intp)] = True
        seen_ij[j.astype(np.intp)] = True
        if not order:
            continue
        key = i * 1000 + j  # int32: i, j < 1000
        if not one_year:
            key = tij[0].astype(np.int64) * 1_000_000 + key
        if not increasing or not key.size:
            continue
        if last is not None and (key[0], k[0]) <= last:
            increasing = False
        d_key, d_k = key[1:] - key[:-1], k[1:] - k[:-1]
        increasing &= bool(np.all((d_key > 0) | ((d_key == 0) & (d_k > 0))))
        last = (key[-1], k[-1])
    return increasing, np.flatnonzero(seen), np.flatnonzero(seen_ij)


def _baci_checked(
    log: Log, df: pl.DataFrame, codes: pl.DataFrame, codes_file: str
) -> dict[str, pl.Series]:
    """The output columns, every row checked by polars expressions (names the bad lines)."""
    df = _lines(df)
    stats = _baci_stats(df)
    df = _baci_values(log, df, stats)
    df = _baci_countries(log, df, codes, codes_file, stats)
    if not stats.get("increasing") and _baci_repeats(df):
        df = df.with_columns(pl.col("_line").min().over("t", "i", "j", "k").alias("_first"))
        why = pl.format("exporter, importer, year and product repeat line {}", "_first")
        log.bad(df, pl.col("_line") != pl.col("_first"), column=None, value=pl.lit(""), reason=why)
    df = log.settle(df)
    iso = dict(codes.filter(pl.col("kind") == "country").select("code", "iso3").iter_rows())
    if not stats or df.height != log.n_read:  # text read, or rows left out
        stats = _baci_stats(df.select("i", "j", "k"))
    return df.select(
        _categorical("i", stats["i"], iso).alias("reporter"),
        _categorical("j", stats["j"], iso).alias("partner"),
        pl.col("t").cast(pl.Int16).alias("year"),
        (pl.col("v") * 1000.0).alias("value_usd"),
        _categorical("k", stats["k"], None).alias("product"),
    ).to_dict()


def _lines(df: pl.DataFrame) -> pl.DataFrame:
    """The table with ``_line``, the line of each row in the file (the header is line 1)."""
    return df if "_line" in df.columns else df.with_row_index("_line", offset=2)


def _baci_stats(df: pl.DataFrame) -> dict:
    """One pass over a typed BACI table (polars runs the parts in parallel): the distinct
    codes of ``i``, ``j``, ``k``, whether the rules hold, whether keys increase (BACI files
    come sorted by exporter, importer and product, so that repeats need no hash table)."""
    if any(t == pl.String for c, t in df.schema.items() if c in ("t", "i", "j", "k")):
        return {}
    parts = [pl.col(c).unique().drop_nulls().sort().implode().alias(c) for c in ("i", "j", "k")]
    if "v" in df.columns:
        key = (pl.col("t").cast(pl.Int64) * 1000 + pl.col("i")) * 1000 + pl.col("j")
        small = (pl.col("i").max() < 1000) & (pl.col("j").max() < 1000)
        small &= (pl.col("k").max() < 10**6) & (pl.col("k").min() >= 0)
        parts += [
            pl.sum_horizontal(pl.col("t", "i", "j", "k", "v").null_count()).alias("nulls"),
            (pl.col("v") < 0).any().alias("v"),
            ((pl.col("t") < 1000) | (pl.col("t") > 9999)).any().alias("t"),
            ((pl.col("k") < 0) | (pl.col("k") > 999999)).any().alias("bad_k"),
            (small & ((key * 10**6 + pl.col("k")).diff() > 0).all()).alias("increasing"),
        ]
    row = df.select(parts).row(0, named=True)
    return row | {c: row[c] for c in ("i", "j", "k")}


def _baci_values(log: Log, df: pl.DataFrame, stats: dict) -> pl.DataFrame:
    """Record malformed t, i, j, k, v; return them as Int64 / Float64."""
    if stats and not (stats["nulls"] or stats["v"] or stats["t"] or stats["bad_k"]):
        return df  # typed, complete and within the rules (the usual case)
    if df.schema["t"] == pl.String:
        for c, what in (("t", "a year"), ("i", "a country code"), ("j", "a country code")):
            raw = pl.col(c)
            bad = raw.is_not_null() & raw.cast(pl.Int64, strict=False).is_null()
            why = pl.format(f"'{{}}' is not {what}", raw)
            log.bad(df, bad, column=c, value=raw, reason=why)
        k = pl.col("k")
        bad_k = k.is_not_null() & ~k.str.contains(r"^\d{1,6}$")
        why = pl.format("'{}' is not an HS6 product code", k)
        log.bad(df, bad_k, column="k", value=k, reason=why)
        v, bad_v = rd.number("v")
        log.bad(df, bad_v, column="v", value=pl.col("v"), reason=rd.not_number("v"))
        df = df.with_columns(pl.col("t", "i", "j", "k").cast(pl.Int64, strict=False), v.alias("v"))
    cols = {"t": "year", "i": "exporter", "j": "importer", "k": "product", "v": "value"}
    if sum(df[c].null_count() for c in cols):
        for c, what in cols.items():
            why = f"the {what} is missing"
            log.bad(df, pl.col(c).is_null(), column=c, value=pl.lit(""), reason=why)
    checks = [
        ("v", pl.col("v") < 0, "negative value {}"),
        ("t", (pl.col("t") < 1000) | (pl.col("t") > 9999), "'{}' is not a year"),
        ("k", (pl.col("k") < 0) | (pl.col("k") > 999999), "'{}' is not an HS6 product code"),
    ]
    # One pass over the table; the rows are looked up only when a check fails.
    failed = df.select(bad.any().alias(str(n)) for n, (_, bad, _) in enumerate(checks)).row(0)
    for (c, bad, why), hit in zip(checks, failed, strict=True):
        if hit:
            log.bad(df, bad, column=c, value=pl.col(c), reason=pl.format(why, c))
    return df


def _baci_repeats(df: pl.DataFrame) -> bool:
    """Whether a (t, i, j, k) key repeats; O(n) without a hash table for sorted files."""
    small = df.select(
        (pl.col("i").max() < 1000) & (pl.col("j").max() < 1000) & (pl.col("k").max() < 10**6)
    ).item()
    if not small:
        return df.select(pl.struct("t", "i", "j", "k").n_unique()).item() != df.height
    key = ((pl.col("t").cast(pl.Int64) * 1000 + pl.col("i")) * 1000 + pl.col("j")) * 10**6 + pl.col(
        "k"
    )
    if df.select((key.diff().drop_nulls() > 0).all()).item():  # BACI files come sorted
        return False
    return df.select(key.n_unique()).item() != df.height


def _baci_countries(
    log: Log, df: pl.DataFrame, codes: pl.DataFrame, codes_file: str, stats: dict
) -> pl.DataFrame:
    """Record codes missing from the codes file; drop (and count) non-country codes."""
    known = set(codes["code"].to_list())
    aggregate = codes.filter(pl.col("kind") != "country")
    names = dict(aggregate.select("code", "name").iter_rows())
    kinds = dict(aggregate.select("code", "kind").iter_rows())
    drop: pl.Expr | None = None
    for side, role in (("i", "exporter"), ("j", "importer")):
        col = pl.col(side)
        present = set(stats[side] if stats else df[side].unique().drop_nulls().to_list())
        unknown = sorted(present - known)
        if unknown:  # rows looked up only when there are some
            why = pl.format(f"{role} code {{}} is not in {codes_file}", col)
            log.bad(df, col.is_in(unknown), column=side, value=col, reason=why)
        if not present & names.keys():
            continue
        is_agg = col.is_in(aggregate["code"].implode())
        counts = df.filter(is_agg)[side].value_counts(name="n")
        for code, n in counts.iter_rows():
            what = (
                "is not a country"
                if kinds[code] == "aggregate"
                else "has no ISO3 code accord knows"
            )
            log.count(f"{role} {what}", names.get(code, str(code)), n)
        drop = is_agg if drop is None else drop | is_agg
    return df if drop is None else df.filter(~drop)


def _categorical(column: str, codes: list[int], names: dict[int, str] | None) -> pl.Expr:
    """Integer codes as a Categorical column: country codes through ``names``, HS products
    (``names=None``) zero-padded to six digits. Only the distinct ``codes`` are turned
    into text; each row then takes its code's text by position (10 million rows, a few
    thousand codes). Codes without a name (aggregates, left out before) give null."""
    text = [names.get(c) if names is not None else f"{c:06d}" for c in codes]
    cats = pl.Series(text, dtype=pl.Categorical)
    if not codes or codes[0] < 0 or codes[-1] >= 1 << 24:  # pragma: no cover - not HS or BACI
        return pl.col(column).replace_strict(codes, cats, default=None)
    position = np.zeros(codes[-1] + 1, dtype=np.uint32)
    position[codes] = np.arange(len(codes), dtype=np.uint32)
    return pl.lit(cats).gather(pl.lit(pl.Series(position)).gather(pl.col(column)))


def _baci_codes_path(path: Path, given: str | Path | None, version: str | None) -> Path:
    if given is not None:
        return rd.existing(given)
    found = sorted(path.parent.glob("country_codes_V*.csv"))
    if version:
        same = [p for p in found if p.stem.upper().endswith(f"V{version}")]
        found = same or found
    if not found:
        raise InputError(
            f"{path.name}: BACI's country codes file (country_codes_V*.csv) is not next to it "
            f"in {path.parent}; it comes in the same BACI zip: put it there or pass "
            "country_codes='path/to/country_codes_V202401.csv'."
        )
    return found[-1]


_CODES: dict[tuple, pl.DataFrame] = {}  # codes files read, by path, size and change time


def _baci_codes(path: Path) -> pl.DataFrame:
    """``code, iso3, kind, name`` from a BACI country codes file (any release); a file read
    before and not changed since (same size and modification time) is not read again."""
    st = path.stat()
    key = (str(path.resolve()), st.st_size, st.st_mtime_ns)
    if key not in _CODES:
        if len(_CODES) > 16:
            _CODES.clear()
        _CODES[key] = _read_baci_codes(path)
    return _CODES[key]


def _read_baci_codes(path: Path) -> pl.DataFrame:
    df = rd.read_text_table(path, expect="BACI country codes (country_code, country_iso3, …)")
    cols = {rd.norm_col(c): c for c in df.columns}
    code = cols.get("countrycode")
    iso = cols.get("countryiso3") or cols.get("iso3digitalpha")
    name = (
        cols.get("countryname")
        or cols.get("countrynameabbreviation")
        or cols.get("countrynamefull")
    )
    if not code or not (iso or name):
        raise rd.missing_columns_error(
            path.name,
            "BACI country codes",
            [c for c, ok in (("country_code", code), ("country_iso3", iso)) if not ok],
            [c for c in df.columns if not c.startswith("_")],
            "country_code, country_name, country_iso2, country_iso3",
        )
    rows = []
    for r in df.iter_rows(named=True):
        raw = (r[code] or "").strip()
        if not raw.isdigit():
            continue
        p = rd.place_code(r[iso] if iso else None, r[name] if name else None)
        kind = {"country": "country", "unknown": "unmapped"}.get(p.kind, "aggregate")
        label = (r[name] if name else None) or (r[iso] if iso else "") or raw
        rows.append((int(raw), p.iso3 if kind == "country" else None, kind, label))
    schema = {"code": pl.Int64, "iso3": pl.String, "kind": pl.String, "name": pl.String}
    return pl.DataFrame(rows, schema=schema, orient="row").unique("code", keep="first")


def _codes_for(codes: pl.DataFrame, wanted: Iterable[str] | None, what: str) -> list[int] | None:
    if wanted is None:
        return None
    wanted = [wanted] if isinstance(wanted, str) else list(wanted)
    iso = [rd.place_code(str(w)).iso3 or rd.place_name(str(w)).iso3 for w in wanted]
    unknown = [w for w, i in zip(wanted, iso, strict=True) if i is None]
    if unknown:
        raise InputError(f"{what}: unknown country {unknown[0]!r}; use ISO3 codes like 'KAZ'.")
    return codes.filter(pl.col("iso3").is_in(iso))["code"].to_list()
