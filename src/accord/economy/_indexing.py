"""What the index modules share: arguments as users type them, checks, results.

Internal to :mod:`accord.economy.indices` (and the modules it gathers:
:mod:`~accord.economy.trade_indices`, :mod:`~accord.economy.concentration`,
:mod:`~accord.economy.structure`, :mod:`~accord.economy.people`).

Results of the indices are small tables, so their country and product columns are
``String`` (flows tables keep ``Categorical``; see :data:`~accord.economy.flows.FLOW_SCHEMA`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any, Literal

import numpy as np
import polars as pl

from accord import countries as _countries
from accord.economy.encode import Encoded
from accord.economy.flows import WORLD
from accord.economy.grouping import Groups
from accord.errors import InputError
from accord.provenance import Provenance, attach, provenance_of

Flow = Literal["export", "import"]
Normalization = Literal["wits", "unctad"]

#: Citation keys of the methods behind the indices (BibTeX in :data:`accord.citation.METHODS`).
REFERENCES = ("hirschman1945", "herfindahl1950", "finger1979", "michaely1996", "kojima1964")


# -- arguments -------------------------------------------------------------------------


def years_arg(years: Any) -> tuple[int, int] | list[int] | None:
    """``years`` as typed (2019, (2000, 2019), range(...), "2000-2019", a list) → a
    ``(first, last)`` tuple or a sorted list of years."""
    if years is None:
        return None
    bad = InputError(
        f"years={years!r} is not understood; use a year (2019), a (first, last) tuple, "
        "a range or '2000-2019'."
    )
    if isinstance(years, bool):
        raise bad
    if isinstance(years, int | np.integer):
        return [int(years)]
    if isinstance(years, str):
        m = re.fullmatch(r"\s*(\d{4})\s*(?:[-:–]\s*(\d{4}))?\s*", years)
        if not m:
            raise bad
        years = (int(m[1]), int(m[2] or m[1]))
    if isinstance(years, tuple) and len(years) == 2 and all(isinstance(y, int) for y in years):
        lo, hi = years
        if lo > hi:
            raise InputError(f"years={years!r} runs backwards; use ({hi}, {lo}).")
        return (lo, hi)
    try:
        items = sorted({int(y) for y in years})
    except (TypeError, ValueError):
        raise bad from None
    if not items:
        raise InputError(f"years={years!r} is empty; give at least one year.")
    return items


def year_filter(years: Any) -> pl.Expr | None:
    """``years`` as a polars filter on a ``year`` column (see :func:`years_arg`)."""
    spec = years_arg(years)
    if spec is None:
        return None
    if isinstance(spec, tuple):
        return pl.col("year").is_between(*spec)
    return pl.col("year").is_in(spec)


def flow_arg(flow: str | None) -> str | None:
    if flow is not None and flow not in ("export", "import"):
        raise InputError(f"flow='{flow}' is neither 'export' nor 'import'; e.g. flow='export'.")
    return flow


def codes(value: Any, where: str) -> list[str] | None:
    """Countries as typed (codes, names, a list, or a group such as 'central-asia') → ISO3."""
    if value is None:
        return None
    items = [value] if isinstance(value, str | int | np.integer) else list(value)
    if not items:
        raise InputError(
            f"{where} is empty; give a country, a list of countries or a group such as "
            "'central-asia'."
        )
    out: list[str] = []
    for v in items:
        if isinstance(v, str) and v.strip().upper() == WORLD:
            out.append(WORLD)
            continue
        try:
            out.append(_countries.resolve(v, where=where))
        except InputError as err:
            if not isinstance(v, str):
                raise
            try:
                out.extend(_countries.group(v, where=where))
            except InputError:
                raise err from None
    return list(dict.fromkeys(out))


def label(value: Any, iso3: list[str]) -> str:
    """A name for a summed set of countries: the group id if one was given, else A+B+C."""
    if isinstance(value, str) and len(iso3) > 1:
        try:
            return _countries.resolve_group(value)
        except InputError:
            pass
    return "+".join(iso3)


# -- selections on encoded flows --------------------------------------------------------


class Selection:
    """Which flows an index uses: a flow, years and reporters, as lookups over codes.

    ``ok(reporter=..., year=..., flow=...)`` says, for arrays of codes, whether they are
    selected; :meth:`rows` gives the selected rows of the table.
    """

    def __init__(
        self, enc: Encoded, *, flow: str | None, years: Any, reporters: list[str] | None = None
    ):
        self.enc = enc
        self.flow = flow_arg(flow)
        self.years = years_arg(years)
        self.reporters = reporters
        self.flow_ok = np.array([flow in (None, "export"), flow in (None, "import")])
        self.year_ok = enc.year_mask(self.years)
        self.reporter_ok = enc.country_mask(reporters)
        self.everything = (
            self.flow_ok.all() and self.year_ok.all() and self.reporter_ok.all()
        ) or enc.n_rows == 0

    def ok(self, reporter: np.ndarray, year: np.ndarray, flow: np.ndarray) -> np.ndarray:
        return self.reporter_ok[reporter] & self.year_ok[year] & self.flow_ok[flow]

    def rows(self) -> np.ndarray | None:
        """A flag per table row (``None``: every row)."""
        if self.everything:
            return None
        enc = self.enc
        out = None
        for lookup, col in (
            (self.year_ok, "year"),
            (self.flow_ok, "flow"),
            (self.reporter_ok, "reporter"),
        ):
            if not lookup.all():
                flags = enc.flags(col, lookup)
                out = flags if out is None else out & flags
        return out

    def present(self, column: Literal["reporter", "partner"], rows: np.ndarray | None) -> set:
        """ISO3 codes with at least one row among ``rows`` (flags over the table)."""
        enc = self.enc
        col = getattr(enc, column)
        col = col if rows is None else col[rows]
        return set(enc.names(np.flatnonzero(np.bincount(col, minlength=enc.n_countries))))

    def require(self, wanted: list[str] | None, present: set, what: str, fn: str) -> None:
        for code in wanted or []:
            if code not in present:
                absent(fn, code, what)


def and_rows(a: np.ndarray | None, b: np.ndarray | None) -> np.ndarray | None:
    if a is None:
        return b
    if b is None:
        return a
    return a & b


def product_rows(enc: Encoded, sel: np.ndarray | None, fn: str) -> np.ndarray | None:
    """Rows of ``sel`` with a product code; an error if ``sel`` has rows but none of them."""
    out = and_rows(sel, enc.has_product if enc.any_total else None)
    n_sel = enc.n_rows if sel is None else int(np.count_nonzero(sel))
    if n_sel and not (out is None or out.any()):
        raise no_products(fn)
    return out


def no_products(fn: str) -> InputError:
    return InputError(
        f"{fn} needs product-level rows (a 'product' code such as HS6 '010121'); the "
        "flows table has only all-products totals. Use product-level data (e.g. BACI)."
    )


# -- checks and results ----------------------------------------------------------------


def absent(fn: str, code: str, what: str) -> None:
    name = "the world" if code == WORLD else _countries.name(code)
    raise InputError(
        f"{fn}: no {what} rows for '{code}' ({name}) in flows after the selection. Check the "
        "country and the years, or fill the gaps from partners' reports with "
        "accord.economy.flows.fill_mirror."
    )


def require(df: pl.DataFrame, column: str, wanted: list[str] | None, what: str, fn: str) -> None:
    """Raise if a requested country has no rows in ``column`` of a (selected) table."""
    if not wanted:
        return
    present = set(df.get_column(column).unique().to_list())
    for code in wanted:
        if code not in present:
            absent(fn, code, what)


def nonempty(df: pl.DataFrame, fn: str, what: str) -> pl.DataFrame:
    if df.height == 0:
        raise InputError(
            f"{fn}: no {what} after the selection; check the flow, years and countries "
            "asked for against the table."
        )
    return df


def series(name: str, values: np.ndarray) -> pl.Series:
    """A float column with NaN (undefined) turned into null."""
    return pl.Series(name, np.asarray(values, dtype=np.float64)).fill_nan(None)


def strings(df: pl.DataFrame) -> pl.DataFrame:
    """Categorical code columns of a result as String (results have String columns)."""
    cast = [c for c, t in df.schema.items() if isinstance(t, pl.Categorical | pl.Enum)]
    return df.with_columns(pl.col(cast).cast(pl.String)) if cast else df


def done(
    out: pl.DataFrame,
    fn: str,
    params: dict[str, Any],
    methods: Iterable[str] = (),
    inputs: Iterable[Any] = (),
) -> pl.DataFrame:
    """Attach provenance to an index result: the function, its parameters, the method
    references and the datasets of the *inputs* (the tables it was computed from, when
    they carry provenance), each once."""
    keys = tuple(methods)
    params = {k: v for k, v in params.items() if v is not None}
    sources: list[Any] = []
    for table in inputs:
        prov = provenance_of(table)
        for src in prov.sources if prov is not None else ():
            if src not in sources:
                sources.append(src)
    return attach(
        out,
        Provenance(
            function=f"accord.economy.indices.{fn}",
            sources=tuple(sources),
            parameters=params,
            methods=keys,
        ),
    )


# -- row sets shared by several indices --------------------------------------------------

#: Flow names by flow code.
FLOW_NAMES = pl.Series("flow", ["export", "import"])


def rows_of(enc: Encoded, rows: np.ndarray | None) -> dict[str, np.ndarray]:
    """The code arrays of the selected table rows (flags, or ``None`` for all)."""
    names = ("reporter", "partner", "year", "flow", "product", "value", "mirrored")
    if rows is None:
        return {c: getattr(enc, c) for c in names}
    sub = np.flatnonzero(rows) if rows.dtype == bool else rows  # one pass over the flags
    return {c: np.take(getattr(enc, c), sub) for c in names}


def world_rows(enc: Encoded, rows: np.ndarray | None) -> dict[str, np.ndarray]:
    """Each reporter's trade with the world by year, flow and product, among product rows.

    Per reporter, year and flow: its WLD rows where it has any among ``rows``, else the
    sum of its partner rows. Returns code arrays (``partner`` is WLD), one entry per
    reporter, year, flow and product, sorted.
    """
    sub: Any = slice(None) if rows is None else rows
    world = enc.world[sub]
    use = None
    if enc.any_world and world.any():
        g3, size3 = enc.key("reporter", "year", "flow", rows=sub)
        has = np.zeros(size3, bool)
        has[g3[world]] = True
        use = np.where(has[g3], world, ~world)
    key, size = enc.key("reporter", "year", "flow", "product", rows=sub)
    v, m = enc.value[sub], enc.mirrored[sub]
    if use is not None:
        key, v, m = key[use], v[use], m[use]
    g = Groups(key, size)
    r, y, f, k = enc.unravel(g.keys, "reporter", "year", "flow", "product")
    return {
        "reporter": r,
        "partner": np.full(r.size, enc.wld),
        "year": y,
        "flow": f,
        "product": k,
        "value": g.sum(v),
        "mirrored": g.any(m),
    }


def pair_key(enc: Encoded, a: dict[str, np.ndarray]) -> tuple[np.ndarray, int]:
    """The (reporter, partner, year, flow) key of code arrays, as :meth:`Encoded.key`."""
    nc, ny = enc.n_countries, enc.n_years
    key = a["reporter"].astype(np.intp) * nc + a["partner"]
    key = (key * ny + a["year"]) * 2 + a["flow"]
    return key, nc * nc * ny * 2
