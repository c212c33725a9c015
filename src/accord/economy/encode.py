"""One integer encoding of a flows table, shared by the trade indices.

The trade indices group millions of flows by reporter, partner, year, flow and product.
:func:`encode` turns a flows table into numpy arrays once, so that every grouping is a
``np.bincount`` on one integer key combining the columns (no hash table, no strings; see
:mod:`accord.economy.grouping`):

- ``reporter``, ``partner``: codes ``0..n-1`` into :attr:`Encoded.countries` (ISO3 codes,
  sorted, ``"WLD"`` always among them), remapped from the physical codes of the
  categorical columns of :data:`~accord.economy.flows.FLOW_SCHEMA`;
- ``product``: codes ``0..n-1`` into :attr:`Encoded.products` (sorted); a row without a
  product (an all-products total) has code ``n_products``, so that it sorts last;
- ``year``: codes into :attr:`Encoded.years`; ``flow``: 0 export, 1 import;
- ``value``, ``mirrored`` and ``world`` (the partner is ``"WLD"``).

Codes follow the sorted order of the names, so results ordered by codes are ordered by
names. The per reporter x partner x year x flow sums over product rows, which totals,
shares, HHI and intensity all start from, are computed once too (:meth:`Encoded.pairs`).

A reader that finds the distinct countries, products and years while checking a file (as
:func:`~accord.economy.readers_trade.read_baci` does) records them with :func:`hint`; the
encoding then maps the codes without counting them first, and still checks every code.

The encoding is kept for each table object, like provenance (by ``id``, released with the
table), so that several indices on the same table encode it once. A fingerprint (shape,
dtypes, chunks and total of ``value_usd``) is checked on every use, so that a table
changed in place since (``df[0, "value_usd"] = 1.0``) is encoded again; an in-place change
that keeps all of these (swapping two reporters) is not noticed: pass a new table.
"""

from __future__ import annotations

import weakref
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import polars as pl

from accord.economy import _parallel, grouping
from accord.economy.flows import FLOWS, WORLD, validate_flows
from accord.economy.grouping import Groups, by_year, run_starts, run_sums
from accord.errors import InputError

__all__ = ["Encoded", "PairSums", "encode", "hint", "hinted"]

#: The columns of a flows table that hold codes (Categorical).
CODE_COLUMNS = ("reporter", "partner", "product")

#: The names of the columns a key can combine, see :meth:`Encoded.key`.
_SIZES = {"reporter": "n_countries", "partner": "n_countries", "year": "n_years"}


@dataclass(eq=False)
class PairSums:
    """Per reporter x partner x year x flow: sums over the product rows of a flows table.

    One entry per group with product rows, sorted by (reporter, partner, year, flow);
    ``first`` is the table row of the group's first product row. ``total_rows`` are the
    table rows without a product (all-products totals), ``total_keys`` their keys.
    """

    key: np.ndarray
    reporter: np.ndarray
    partner: np.ndarray
    year: np.ndarray
    flow: np.ndarray
    n_rows: np.ndarray
    value: np.ndarray
    value_sq: np.ndarray
    n_positive: np.ndarray
    mirrored: np.ndarray
    first: np.ndarray
    total_rows: np.ndarray
    total_keys: np.ndarray


@dataclass(eq=False)
class Encoded:
    """A flows table as integer codes (see the module notes); build it with :func:`encode`."""

    table: pl.DataFrame
    countries: pl.Series
    products: pl.Series
    years: np.ndarray
    reporter: np.ndarray
    partner: np.ndarray
    product: np.ndarray
    year: np.ndarray
    flow: np.ndarray
    value: np.ndarray
    mirrored: np.ndarray
    _cache: dict[Any, Any] = field(default_factory=dict, repr=False)

    # -- sizes and names ----------------------------------------------------------------
    @property
    def n_rows(self) -> int:
        return self.value.size

    @property
    def n_countries(self) -> int:
        return self.countries.len()

    @property
    def n_products(self) -> int:
        return self.products.len()

    @property
    def n_years(self) -> int:
        return self.years.size

    @property
    def wld(self) -> int:
        """The code of ``"WLD"`` (always among the countries)."""
        return self.code(WORLD)

    @property
    def any_world(self) -> bool:
        """Whether any row has the world (``"WLD"``) as partner."""
        if "any_world" not in self._cache:
            self._cache["any_world"] = bool(np.any(self.partner == self.wld))
        return self._cache["any_world"]

    @property
    def any_total(self) -> bool:
        """Whether any row is an all-products total (no product code)."""
        if "any_total" not in self._cache:
            self._cache["any_total"] = bool(np.any(self.product == self.n_products))
        return self._cache["any_total"]

    @property
    def world(self) -> np.ndarray:
        """One flag per row: the partner is the world (``"WLD"``)."""
        if "world" not in self._cache:
            self._cache["world"] = (
                self.partner == self.wld
                if self.any_world
                else np.broadcast_to(np.False_, (self.n_rows,))  # no memory
            )
        return self._cache["world"]

    @property
    def has_product(self) -> np.ndarray:
        """One flag per row: the row is for one product (not an all-products total)."""
        if "has_product" not in self._cache:
            self._cache["has_product"] = (
                self.product < self.n_products
                if self.any_total
                else np.broadcast_to(np.True_, (self.n_rows,))
            )
        return self._cache["has_product"]

    @property
    def all_positive(self) -> bool:
        """Whether every value is above zero (no row to leave out of a share)."""
        if "all_positive" not in self._cache:
            self._cache["all_positive"] = bool(self.n_rows == 0 or self.value.min() > 0)
        return self._cache["all_positive"]

    def flags(self, name: str, lookup: np.ndarray) -> np.ndarray:
        """``lookup[codes]`` for one column of codes: a flag per row.

        Flows tables usually come in long runs of one reporter and year (files are sorted),
        so the runs are found once and the flags repeated over them.
        """
        col = getattr(self, name)
        runs = self._cache.get(("runs", name))
        if runs is None:
            starts = grouping.run_starts(col)
            lengths = np.diff(np.append(starts, col.size))
            runs = self._cache["runs", name] = (col[starts], lengths)
        codes, lengths = runs
        if codes.size > col.size // 16:  # short runs: look every row up
            return lookup[col]
        return np.repeat(lookup[codes], lengths)

    def code(self, iso3: str) -> int:
        """The code of one ISO3 code, -1 if the table has no such country."""
        if "codes" not in self._cache:
            self._cache["codes"] = {c: i for i, c in enumerate(self.countries.to_list())}
        return self._cache["codes"].get(iso3, -1)

    def country_mask(self, codes: list[str] | None) -> np.ndarray:
        """Over the country codes: True for the given ISO3 codes (all if ``None``)."""
        if codes is None:
            return np.ones(self.n_countries, bool)
        return self.countries.is_in(codes).to_numpy()

    def names(self, codes: np.ndarray) -> pl.Series:
        """ISO3 codes of country codes (a String series)."""
        return self.countries.gather(np.asarray(codes, dtype=np.intp))

    def year_values(self, codes: np.ndarray) -> pl.Series:
        return pl.Series("year", self.years[np.asarray(codes, dtype=np.intp)], dtype=pl.Int16)

    def year_mask(self, wanted: Any) -> np.ndarray:
        """Over the year codes: True for the years a ``years=`` argument selects."""
        if wanted is None:
            return np.ones(self.n_years, bool)
        if isinstance(wanted, tuple):
            return (self.years >= wanted[0]) & (self.years <= wanted[1])
        return np.isin(self.years, np.asarray(wanted, dtype=np.int64))

    # -- keys -----------------------------------------------------------------------------
    def component(self, name: str) -> tuple[np.ndarray, int]:
        """One column of codes and the number of codes it can take."""
        if name == "flow":
            return self.flow, 2
        if name == "product":
            return self.product, self.n_products + 1
        return getattr(self, name), getattr(self, _SIZES[name])

    def key(
        self, *names: str, rows: np.ndarray | slice | None = None, small: bool = False
    ) -> tuple[np.ndarray, int]:
        """One integer per row combining the named columns (row-major), and its range.

        ``rows`` (flags, an index array or a slice) restricts the key to those rows;
        ``small`` makes it int32 when the range allows (half the memory; not an index).
        """
        size = int(np.prod([self.component(n)[1] for n in names], dtype=np.float64))
        dtype = np.int32 if small and size < 1 << 31 else np.intp
        key, size = None, 1
        for name in names:
            col, n = self.component(name)
            col = col if rows is None else col[rows]
            if key is None:
                key = col.astype(dtype)
            else:
                key *= n
                key += col
            size *= n
        assert key is not None
        return key, size

    def unravel(self, keys: np.ndarray, *names: str) -> list[np.ndarray]:
        """The codes of each named column in flat keys made by :meth:`key`."""
        dims = [self.component(n)[1] for n in names]
        if keys.size == 0:
            return [np.zeros(0, np.intp) for _ in names]
        return list(np.unravel_index(keys, dims))

    # -- sums shared by the indices -------------------------------------------------------
    def pairs(self) -> PairSums:
        """Sums over product rows per reporter x partner x year x flow (computed once).

        The rows are first cut into runs of one key: flows tables usually come sorted
        (BACI by year, exporter, importer and product), so that a few hundred thousand
        runs, summed with ``np.add.reduceat`` in one sequential pass, stand for ten million
        rows; the runs are then grouped.
        """
        if "pairs" in self._cache:
            return self._cache["pairs"]
        names = ("reporter", "partner", "year", "flow")
        if not self.any_total:  # runs of equal codes, without making a key for every row
            rows: np.ndarray | slice = slice(None)
            total_rows = np.zeros(0, np.intp)
            total_keys = np.zeros(0, np.int32)
            codes = [getattr(self, c) for c in names[: 4 if self.flow.any() else 3]]
            starts = run_starts(*codes)
            start_keys, size = self.key(*names, rows=starts, small=True)
            v = self.value
        else:
            key, size = self.key(*names, small=True)
            rows = np.flatnonzero(self.has_product)
            total_rows = np.flatnonzero(~self.has_product)
            total_keys = key[total_rows]
            key, v = key[rows], self.value[rows]
            starts = run_starts(key)
            start_keys = key[starts]
        g = Groups(start_keys, size)
        lengths = np.diff(np.append(starts, v.size))
        all_positive = self.all_positive or bool(v.size == 0 or v.min() > 0)
        mirrored = self.mirrored[rows]
        first = starts[g.first()] if len(g) else np.zeros(0, np.intp)
        if isinstance(rows, np.ndarray):
            first = rows[first]
        r, p, y, f = self.unravel(g.keys, "reporter", "partner", "year", "flow")
        if starts.size:
            value, value_sq = _parallel.run(
                lambda square: (
                    run_sums(v, starts, np.square) if square else np.add.reduceat(v, starts)
                ),
                (False, True),
            )
            n_positive = lengths if all_positive else np.add.reduceat(v > 0, starts)
            flagged = np.logical_or.reduceat(mirrored, starts) if mirrored.any() else None
        else:
            value = value_sq = n_positive = np.zeros(0)
            flagged = None
        out = PairSums(
            key=g.keys,
            reporter=r,
            partner=p,
            year=y,
            flow=f,
            n_rows=g.sum(lengths).astype(np.int64),
            value=g.sum(value),
            value_sq=g.sum(value_sq),
            n_positive=g.sum(n_positive).astype(np.int64),
            mirrored=np.zeros(len(g), bool) if flagged is None else g.any(flagged),
            first=first,
            total_rows=total_rows,
            total_keys=total_keys,
        )
        self._cache["pairs"] = out
        return out

    def year_rows(self, rows: np.ndarray | None = None) -> list[tuple[int, np.ndarray | slice]]:
        """``(year code, table rows of that year)`` per year, among ``rows`` (indices)."""
        if rows is None:
            if "year_rows" not in self._cache:
                self._cache["year_rows"] = by_year(self.year, self.n_years)
            return self._cache["year_rows"]
        return [(c, rows[part]) for c, part in by_year(self.year[rows], self.n_years)]


# -- building and caching --------------------------------------------------------------

_cache: dict[int, tuple[tuple, Encoded]] = {}
_hints: dict[int, tuple[tuple, dict[str, frozenset[str]]]] = {}


def hint(table: pl.DataFrame, *, countries: Any, products: Any, years: Any = ()) -> None:
    """Record which countries (reporters and partners), products and years a flows table
    holds.

    A reader that has the distinct codes at hand anyway (:func:`read_baci` finds them while
    checking the keys) records them here, so that :func:`encode` need not count every row's
    codes to find them. The hint is kept per table object, with the same fingerprint as
    the encodings; :func:`encode` checks every row's code against it and counts the codes
    after all when one is not in the hint.
    """
    key = id(table)
    if key not in _hints:
        weakref.finalize(table, _hints.pop, key, None)
    names = {"countries": frozenset(countries), "products": frozenset(products)}
    names["years"] = frozenset(int(y) for y in years)
    _hints[key] = (_fingerprint(table), names)


def hinted(
    table: pl.DataFrame, fingerprint: tuple | None = None
) -> dict[str, frozenset[str]] | None:
    """The hint recorded for this table (``countries``, ``products``, ``years``), if the
    table has not changed since (same fingerprint)."""
    found = _hints.get(id(table))
    if found is None or found[0] != (fingerprint or _fingerprint(table)):
        return None
    return found[1]


def _fingerprint(df: pl.DataFrame) -> tuple:
    """Cheap to take (no column is materialised): shape, dtypes, value chunks and total."""
    if "value_usd" not in df.columns or not df.schema["value_usd"].is_numeric():
        return (df.shape, tuple(df.schema.items()))
    value = df.get_column("value_usd")
    return (df.shape, tuple(df.schema.items()), value.n_chunks(), value.sum())


def encode(flows: Any, *, where: str = "flows") -> Encoded:
    """The :class:`Encoded` form of a flows table (validated; cached per table object).

    Raises :class:`~accord.errors.InputError` as
    :func:`~accord.economy.flows.validate_flows` does, and when a reporter, partner or
    year is missing.
    """
    if isinstance(flows, pl.DataFrame):
        key = id(flows)
        fp = _fingerprint(flows)
        hit = _cache.get(key)
        if hit is not None and hit[0] == fp:
            return hit[1]
        held = hinted(flows, fp)
        enc = _encode(validate_flows(flows, where=where), where, held)
        if hit is None:
            weakref.finalize(flows, _cache.pop, key, None)
        _cache[key] = (fp, enc)
        return enc
    return _encode(validate_flows(flows, where=where), where)


def _encode(df: pl.DataFrame, where: str, held: dict[str, frozenset[str]] | None = None) -> Encoded:
    for col in ("reporter", "partner", "year"):
        n = df.get_column(col).null_count()
        if n:
            raise InputError(f"{where}: {col} is missing on {n} row(s); drop or fix those rows.")
    n_rows = df.height
    # Aggregates first: a constant column (a literal, as readers make "flow" and "mirrored")
    # answers them without being expanded to one value per row.
    lf = df.lazy()  # eager selects would expand constant columns row by row
    imports, mirrored, y_min, y_max = (
        lf.select(
            (pl.col("flow") == FLOWS[1]).any(),
            pl.col("mirrored").any(),
            pl.col("year").min(),
            pl.col("year").max().alias("y_max"),
        )
        .collect()
        .row(0)
    )
    totals = df.get_column("product").null_count() > 0
    cols = lf.select(
        *([pl.col("product").is_null().alias("no_product")] if totals else []),
        *([(pl.col("flow") == FLOWS[1]).cast(pl.Int8).alias("flow")] if imports else []),
        *([pl.col("mirrored").fill_null(False)] if mirrored else []),
    ).collect()
    no_product = cols.get_column("no_product").to_numpy() if totals else None
    # Physical codes, chunk by chunk as polars holds them (no copy), counted then looked up;
    # the chunks (one per file read, typically) are spread over threads.
    chunks = {c: _chunks(df.get_column(c).to_physical()) for c in CODE_COLUMNS}
    y0 = 0 if y_min is None else int(y_min)
    y = np.empty(n_rows, np.int16)  # years from the first: the schema's Int16, minus y0
    value = np.empty(n_rows, np.float64)
    copies = []  # copied while the codes are counted (which holds the GIL; copying does not)
    for name, out, minus in (("year", y, y0), ("value_usd", value, 0)):
        numeric = [c.to_numpy() for c in df.get_column(name).get_chunks() if c.len()]
        copies += [(minus, part, out) for part in _parts(numeric)]
    if held is not None:  # the codes present are known: their physical codes, no count
        copied = _parallel.run(_copy, copies)
        countries = pl.Series("", sorted(held["countries"]), dtype=pl.String)
        products = pl.Series("", sorted(held["products"]), dtype=pl.String)
        text = {"reporter": countries, "partner": countries, "product": products}
        present = {c: _physical(df.schema[c], text[c]) for c in CODE_COLUMNS}
        if totals and present["product"].size:  # nulls as a product named (flagged apart)
            product = df.get_column("product").to_physical()
            chunks["product"] = _chunks(product, int(present["product"][0]))
    else:
        present, copied = _present(chunks, copies)
        if totals:
            present["product"][0] -= int(no_product.sum())  # nulls were counted as code 0
        present = {c: np.flatnonzero(n) for c, n in present.items()}
        text = {c: _text(df.schema[c], present[c]) for c in CODE_COLUMNS}  # codes present
    country_names = pl.concat([text["reporter"], text["partner"], pl.Series([WORLD])])
    country_names = country_names.unique().sort()
    product_names = text["product"].unique().sort()
    small = np.int16 if country_names.len() < 1 << 15 else np.int32
    lut = {
        "reporter": _lut(present["reporter"], text["reporter"], country_names, small),
        "partner": _lut(present["partner"], text["partner"], country_names, small),
        "product": _lut(
            present["product"],
            text["product"],
            product_names,
            np.int16 if product_names.len() < (1 << 15) - 1 else np.int32,  # n_products: none
        ),
    }
    codes = {c: np.empty(n_rows, lut[c].dtype) for c in CODE_COLUMNS}
    tasks = [(lut[c], part, codes[c]) for c in CODE_COLUMNS for part in _parts(chunks[c])]
    try:
        lowest = _parallel.run(_copy, tasks)
    except IndexError:  # a code beyond the hint's: only a hinted table can have one
        return _encode(df, where)
    if held is not None and min(lowest, default=0) < 0:
        return _encode(df, where)  # a code the hint does not name: count them after all
    reporter, partner, product = (codes[c] for c in CODE_COLUMNS)
    if no_product is not None:
        product[no_product] = product_names.len()
    held_years = sorted(held.get("years", ())) if held is not None and n_rows else []
    if held_years and held_years == list(range(int(y_min), int(y_max) + 1)):
        offsets = np.arange(len(held_years), dtype=np.int64)  # every year between: no look
    else:
        offsets = grouping.distinct(y, 0)  # years - y0
    years = offsets + y0
    year = y  # consecutive years: the offsets are the codes
    if offsets.size and offsets[-1] + 1 != offsets.size:
        lut_year = np.zeros(int(offsets[-1]) + 1, np.int16)
        lut_year[offsets] = np.arange(offsets.size)
        year = lut_year[y]
    enc = Encoded(
        table=df,
        countries=country_names,
        products=product_names,
        years=years,
        reporter=reporter,
        partner=partner,
        product=product,
        year=year,
        flow=cols.get_column("flow").to_numpy() if imports else np.zeros(n_rows, np.int8),
        value=value,
        mirrored=cols.get_column("mirrored").to_numpy() if mirrored else np.zeros(n_rows, bool),
    )
    # Known without looking at every row: a product code is n_products only for a null,
    # the world is a partner only if its name is among the partners' (or the hint's).
    enc._cache["any_total"] = totals
    values = [low for (_, _, out), low in zip(copies, copied, strict=True) if out is value]
    enc._cache["all_positive"] = bool(n_rows == 0 or np.min(values) > 0)  # False for a NaN
    if WORLD not in (held["countries"] if held is not None else text["partner"].to_list()):
        enc._cache["any_world"] = False
    return enc


def _chunks(physical: pl.Series, null: int = 0) -> list[np.ndarray]:
    """Physical codes as numpy views of the column's chunks (nulls as ``null``: flagged
    apart)."""
    if physical.null_count():
        physical = physical.fill_null(null)
    return [c.to_numpy() for c in physical.get_chunks() if c.len()]


def _parts(chunks: list[np.ndarray]) -> list[list[tuple[int, np.ndarray]]]:
    """Chunks as pieces of work for threads: ``(first row, array)`` pairs, short chunks
    grouped and long ones cut so that each piece holds about 1 to 4 million rows."""
    out: list[list[tuple[int, np.ndarray]]] = [[]]
    pos, size, step = 0, 0, 1 << 22
    for c in chunks:
        for a in range(0, c.size, step):
            if size >= 1 << 20:
                out.append([])
                size = 0
            out[-1].append((pos + a, c[a : a + step]))
            size += min(step, c.size - a)
        pos += c.size
    return [p for p in out if p]


def _present(
    chunks: dict[str, list[np.ndarray]], copies: list[tuple]
) -> tuple[dict[str, np.ndarray], list[float]]:
    """How many rows hold each physical code, per column (nulls, stored as 0, included),
    and what the ``copies`` returned.

    Counting holds the GIL (``np.bincount``), copying does not: the :func:`_copy` tasks
    ``copies`` are interleaved with the counts so that both threads keep busy.
    """
    counts = [(c, part) for c, parts in chunks.items() for part in _parts(parts)]
    tasks: list[tuple[str, tuple]] = [("count", t) for t in counts]
    for i, task in enumerate(copies):
        tasks.insert(2 * i + 1, ("copy", task))
    done = _parallel.run(lambda t: _count(t[1]) if t[0] == "count" else _copy(t[1]), tasks)
    out = {c: np.zeros(0, np.int64) for c in chunks}
    copied = iter(n for (kind, _), n in zip(tasks, done, strict=True) if kind == "copy")
    for (kind, task), n in zip(tasks, done, strict=True):
        if kind == "copy":
            continue
        c = task[0]
        if n.size > out[c].size:
            n = n.copy()
            n[: out[c].size] += out[c]
            out[c] = n
        else:
            out[c][: n.size] += n
    return out, list(copied)


def _text(dtype: pl.DataType, physical: np.ndarray) -> pl.Series:
    """The names (String) of physical category codes, in the same order."""
    codes = pl.Series("", physical.astype(np.uint32))
    try:
        return codes.cat.to(dtype).cast(pl.String)
    except AttributeError:  # pragma: no cover - polars without Series.cat.to
        cats = dtype.categories  # type: ignore[attr-defined]
        return pl.Series("", [cats[int(c)] for c in physical], dtype=pl.String)


def _physical(dtype: pl.DataType, names: pl.Series) -> np.ndarray:
    """The physical category codes of names (String) in a column of this dtype."""
    return names.cast(dtype).to_physical().to_numpy().astype(np.intp)


def _lut(physical: np.ndarray, text: pl.Series, names: pl.Series, out: type) -> np.ndarray:
    """Physical category code → position of its name (``text``) in the sorted ``names``
    (-1 for a code not among ``physical``)."""
    lut = np.full(int(physical.max()) + 1 if physical.size else 1, -1, out)
    if physical.size:
        lut[physical] = names.search_sorted(text).to_numpy()
    return lut


def _count(task: tuple[str, list[tuple[int, np.ndarray]]]) -> np.ndarray:
    """How many rows hold each code in one piece of work of :func:`_parts`."""
    counts = [np.bincount(a) for _, a in task[1]]
    out = np.zeros(max(c.size for c in counts), np.int64)
    for c in counts:
        out[: c.size] += c
    return out


def _copy(task: tuple[np.ndarray | int, list[tuple[int, np.ndarray]], np.ndarray]) -> float:
    """One piece of a column into its place in ``out``: looked up in ``lut``, or minus a
    number (``lut`` an int: 0 to copy as is). Returns the smallest value written (while
    it is in the cache): for a lookup, -1 means a code ``lut`` has no entry for."""
    lut, parts, out = task
    lowest = np.inf
    for pos, part in parts:
        piece = out[pos : pos + part.size]
        if isinstance(lut, np.ndarray):
            np.take(lut, part, out=piece)
        else:
            np.subtract(part, lut, out=piece, casting="unsafe")
        lowest = np.minimum(lowest, piece.min()) if piece.size else lowest  # NaN stays NaN
    return float(lowest)
