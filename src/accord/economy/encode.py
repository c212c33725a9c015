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

from accord.economy.flows import FLOWS, WORLD, validate_flows
from accord.economy.grouping import Groups, by_year, run_starts, run_sums
from accord.errors import InputError

__all__ = ["Encoded", "PairSums", "encode"]

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
    _cache: dict[str, Any] = field(default_factory=dict, repr=False)

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
        key, size = self.key("reporter", "partner", "year", "flow", small=True)
        if not self.any_total:
            rows: np.ndarray | slice = slice(None)
            total_rows = np.zeros(0, np.intp)
        else:
            rows = np.flatnonzero(self.has_product)
            total_rows = np.flatnonzero(~self.has_product)
        total_keys = key[total_rows]
        key, v = key[rows], self.value[rows]
        starts = run_starts(key)
        g = Groups(key[starts], size)
        lengths = np.diff(np.append(starts, key.size))
        all_positive = bool(v.size == 0 or v.min() > 0)
        mirrored = self.mirrored[rows]
        first = starts[g.first()] if len(g) else np.zeros(0, np.intp)
        if isinstance(rows, np.ndarray):
            first = rows[first]
        r, p, y, f = self.unravel(g.keys, "reporter", "partner", "year", "flow")
        if starts.size:
            value = np.add.reduceat(v, starts)
            value_sq = run_sums(v, starts, np.square)
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
        enc = _encode(validate_flows(flows, where=where), where)
        if hit is None:
            weakref.finalize(flows, _cache.pop, key, None)
        _cache[key] = (fp, enc)
        return enc
    return _encode(validate_flows(flows, where=where), where)


def _encode(df: pl.DataFrame, where: str) -> Encoded:
    for col in ("reporter", "partner", "year"):
        n = df.get_column(col).null_count()
        if n:
            raise InputError(f"{where}: {col} is missing on {n} row(s); drop or fix those rows.")
    n_rows = df.height
    # Aggregates first: a constant column (a literal, as readers make "flow" and "mirrored")
    # answers them without being expanded to one value per row.
    lf = df.lazy()  # eager selects would expand constant columns row by row
    imports, mirrored, years = (
        lf.select(
            (pl.col("flow") == FLOWS[1]).any(),
            pl.col("mirrored").any(),
            pl.col("year").unique().sort().cast(pl.Int64).implode(),
        )
        .collect()
        .row(0)
    )
    years = np.array(years, dtype=np.int64)
    totals = df.get_column("product").null_count() > 0
    cols = lf.select(
        pl.col("reporter", "partner", "product").to_physical(),
        *([pl.col("product").is_null().alias("no_product")] if totals else []),
        *([(pl.col("flow") == FLOWS[1]).cast(pl.Int8).alias("flow")] if imports else []),
        *([pl.col("mirrored").fill_null(False)] if mirrored else []),
        pl.col("year"),
        pl.col("value_usd"),
    ).collect()
    no_product = cols.get_column("no_product").to_numpy() if totals else None
    # Physical codes, chunk by chunk as polars holds them (no copy), counted then looked up.
    chunks = {c: _chunks(cols.get_column(c)) for c in CODE_COLUMNS}
    present = {c: _present(chunks[c]) for c in ("reporter", "partner")}
    present["product"] = _present(chunks["product"], int(no_product.sum()) if totals else 0)
    country_names = _names(
        df.schema["reporter"], np.union1d(present["reporter"], present["partner"]), WORLD
    )
    product_names = _names(df.schema["product"], present["product"])
    small = np.int16 if country_names.len() < 1 << 15 else np.int32
    reporter = _remap(chunks.pop("reporter"), country_names, df.schema["reporter"], small)
    partner = _remap(chunks.pop("partner"), country_names, df.schema["partner"], small)
    product = _remap(chunks.pop("product"), product_names, df.schema["product"], np.int32)
    if no_product is not None:
        product[no_product] = product_names.len()
    y = _numpy(cols.get_column("year"))
    y0 = int(years[0]) if years.size else 0
    if years.size == 0 or years[-1] - y0 + 1 == years.size:  # consecutive years
        y -= np.int16(y0)
        year = y.astype(np.int16, copy=False)
    else:
        lut = np.zeros(int(years[-1]) - y0 + 1, np.int16)
        lut[years - y0] = np.arange(years.size)
        year = lut[y - y0]
    return Encoded(
        table=df,
        countries=country_names,
        products=product_names,
        years=years,
        reporter=reporter,
        partner=partner,
        product=product,
        year=year,
        flow=cols.get_column("flow").to_numpy() if imports else np.zeros(n_rows, np.int8),
        value=_numpy(cols.get_column("value_usd")),
        mirrored=cols.get_column("mirrored").to_numpy() if mirrored else np.zeros(n_rows, bool),
    )


def _numpy(s: pl.Series, dtype: Any = None) -> np.ndarray:
    """A column as one numpy array, copied chunk by chunk into memory numpy allocates.

    ``Series.to_numpy`` joins chunks into a buffer polars allocates in 4 kB pages, which
    costs one page fault per 4 kB on first write (a third of the time, for 80 MB);
    numpy's own large arrays use huge pages. Casting to ``dtype`` happens in the copy.
    """
    chunks = s.get_chunks()
    if not chunks:
        return s.to_numpy() if dtype is None else s.to_numpy().astype(dtype)
    out = np.empty(s.len(), dtype=chunks[0].to_numpy().dtype if dtype is None else dtype)
    pos = 0
    for chunk in chunks:
        a = chunk.to_numpy()
        out[pos : pos + a.size] = a
        pos += a.size
    return out


def _chunks(physical: pl.Series) -> list[np.ndarray]:
    """Physical codes as numpy views of the column's chunks (nulls as 0: flagged apart)."""
    if physical.null_count():
        physical = physical.fill_null(0)
    return [c.to_numpy() for c in physical.get_chunks() if c.len()]


def _present(chunks: list[np.ndarray], n_null: int = 0) -> np.ndarray:
    """The distinct codes in chunks of codes (``n_null`` zeros stand for nulls)."""
    if not chunks:
        return np.zeros(0, np.intp)
    size = max(int(c.max()) for c in chunks) + 1
    counts = np.zeros(size, np.int64)
    for c in chunks:
        counts += np.bincount(c, minlength=size)
    counts[0] -= n_null
    return np.flatnonzero(counts)


def _names(dtype: pl.DataType, physical: np.ndarray, *extra: str) -> pl.Series:
    """The sorted names of physical category codes (and of ``extra`` names)."""
    cats = dtype.categories  # type: ignore[attr-defined]
    names = {cats[int(c)] for c in physical} | set(extra)
    return pl.Series(sorted(names), dtype=pl.String)


def _remap(chunks: list[np.ndarray], names: pl.Series, dtype: pl.DataType, out: type) -> np.ndarray:
    """Physical category codes (in chunks) → positions in the sorted ``names``."""
    n = sum(c.size for c in chunks)
    if n == 0:
        return np.zeros(0, out)
    cats = dtype.categories  # type: ignore[attr-defined]
    lut = np.zeros(max(int(c.max()) for c in chunks) + 1, out)
    for i, name in enumerate(names.to_list()):
        code = cats[name] if name in cats else lut.size  # noqa: SIM401 - no Categories.get
        if code < lut.size:
            lut[code] = i
    codes = np.empty(n, out)
    pos = 0
    for c in chunks:
        codes[pos : pos + c.size] = lut[c]
        pos += c.size
    return codes
