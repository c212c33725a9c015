"""The article's quantitative claims, checked against the data accord has.

The registry (``claims.toml`` next to this module) holds each claim paraphrased, with its
value, unit, year, place in the article and the tolerance within which data supports it.
:func:`check` gives each claim one verdict:

* **supported** — the data (or the arithmetic on data, e.g. a share of a population)
  is within the tolerance of the claimed value;
* **contradicted** — it is outside the tolerance, or a *lower bound* from partial data
  (the states accord has figures for) already exceeds a claimed total by more than the
  tolerance;
* **not checkable** — accord has no figure for that concept and year. The note says what
  the closest data is, but no claim is judged on data accord does not have.

Arithmetic checks (is 1.5 → 46.5 "30-fold"?) use only the claim's own numbers and say so.
"""

from __future__ import annotations

import functools
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from importlib import resources
from typing import Any

import polars as pl

from accord.economy import figures as _figures
from accord.provenance import Provenance, attach

__all__ = ["Claim", "claims", "check", "VERDICTS"]

VERDICTS = ("supported", "contradicted", "not checkable")
CENTRAL_ASIA = ("KAZ", "KGZ", "TJK", "TKM", "UZB")
_NAMES = {
    "KAZ": "Kazakhstan",
    "KGZ": "Kyrgyzstan",
    "TJK": "Tajikistan",
    "TKM": "Turkmenistan",
    "UZB": "Uzbekistan",
}


@dataclass(frozen=True)
class Claim:
    """One quantitative claim of the article."""

    id: str
    claim: str
    value: float
    unit: str
    year: int
    location: str
    tolerance: dict[str, float]
    note: str = ""

    def within(self, data_value: float) -> bool:
        """Is ``data_value`` within the claim's tolerance?"""
        if "rel" in self.tolerance:
            return abs(data_value - self.value) <= self.tolerance["rel"] * abs(self.value)
        return abs(data_value - self.value) <= self.tolerance["abs"]

    @property
    def tolerance_text(self) -> str:
        if "rel" in self.tolerance:
            return f"±{self.tolerance['rel']:.0%}"
        return f"±{self.tolerance['abs']:g} {self.unit}"


@functools.lru_cache(maxsize=1)
def _registry() -> tuple[Claim, ...]:
    raw = tomllib.loads(
        resources.files("accord.economy").joinpath("claims.toml").read_text("utf-8")
    )
    return tuple(Claim(**c) for c in raw["claim"])


def claims() -> pl.DataFrame:
    """The registry of the article's claims (id, claim, value, unit, year, location, tolerance)."""
    return pl.DataFrame(
        [
            {
                "id": c.id,
                "claim": c.claim,
                "value": c.value,
                "unit": c.unit,
                "year": c.year,
                "location": c.location,
                "tolerance": c.tolerance_text,
            }
            for c in _registry()
        ]
    )


@dataclass(frozen=True)
class _Result:
    verdict: str
    data_value: float | None = None
    data_used: str = ""
    note: str = ""
    kind: str = "value"  # "value", "lower bound" or "arithmetic"


def _bn(x: float) -> str:
    return f"{x / 1e9:.2f} bn USD"


def _trade_with(
    figs: pl.DataFrame, partner: str, year: int, flows: tuple[str, ...]
) -> tuple[float, list[str], bool]:
    """Sum of the Central Asian states' trade with ``partner`` in ``year`` (given flows).

    Returns (total over the states with every flow, states covered, any row mirrored).
    """
    rows = _figures.select("trade", iso3=CENTRAL_ASIA, partner=partner, year=year, figures=figs)
    rows = rows.filter(pl.col("flow").is_in(list(flows)))
    total, covered, mirrored = 0.0, [], False
    for m in CENTRAL_ASIA:
        r = rows.filter(pl.col("iso3") == m)
        if set(r["flow"]) >= set(flows):
            total += float(r["value"].sum())
            covered.append(m)
            mirrored = mirrored or bool(r["mirrored"].any())
    return total, covered, mirrored


def _total_check(
    c: Claim, figs: pl.DataFrame, partner: str, flows: tuple[str, ...], what: str
) -> _Result:
    total, covered, mirrored = _trade_with(figs, partner, c.year, flows)
    used = (
        f"WITS trade summary (top-5 partners), {c.year}: {what} of "
        f"{', '.join(covered) if covered else 'no Central Asian state'}"
        + (" (some rows mirrored from the partner's report)" if mirrored else "")
    )
    if len(covered) == len(CENTRAL_ASIA):
        return _Result("supported" if c.within(total) else "contradicted", total, used)
    missing = [m for m in CENTRAL_ASIA if m not in covered]
    if covered and total > c.value and not c.within(total):
        return _Result(
            "contradicted",
            total,
            used,
            f"partial data: {', '.join(covered)} alone already reach {_bn(total)}, more than the "
            f"claimed total; {', '.join(missing)} would only add to it",
            kind="lower bound",
        )
    return _Result(
        "not checkable",
        None,
        used,
        f"no figures for {', '.join(missing)} in {c.year}"
        + (
            f"; the {len(covered)} covered state{'s give' if len(covered) > 1 else ' gives'} a "
            f"lower bound of {_bn(total)}"
            if covered
            else ""
        ),
    )


def _not_checkable(note: str) -> Callable[[Claim, pl.DataFrame], _Result]:
    return lambda c, figs: _Result("not checkable", None, "", note)


def _claimed(id: str) -> float:
    return next(c.value for c in _registry() if c.id == id)


def _fold(c: Claim, figs: pl.DataFrame) -> _Result:
    first, last = _claimed("china_ca_trade_2001"), _claimed("china_ca_trade_2019")
    fold = last / first
    verdict = "supported" if c.within(fold) else "contradicted"
    return _Result(
        verdict,
        fold,
        f"arithmetic on the article's own figures ({last / 1e9:g} / {first / 1e9:g} bn USD)",
        f"{last / 1e9:g} / {first / 1e9:g} = {fold:.1f}-fold; the trade figures themselves are "
        "checked separately",
        kind="arithmetic",
    )


def _remittances(iso3: str) -> Callable[[Claim, pl.DataFrame], _Result]:
    def run(c: Claim, figs: pl.DataFrame) -> _Result:
        rows = _figures.select("remittances_pct_gdp", iso3=iso3, year=c.year, figures=figs)
        if rows.height == 0:
            return _Result("not checkable", None, "", f"no WDI value for {iso3} in {c.year}")
        v = float(rows["value"][0])
        verdict = "supported" if c.within(v) else "contradicted"
        return _Result(verdict, v, f"World Bank WDI BX.TRF.PWKR.DT.GD.ZS, {_NAMES[iso3]}, {c.year}")

    return run


def _migrants_share(c: Claim, figs: pl.DataFrame) -> _Result:
    pop = _figures.select("population", iso3="RUS", year=c.year, figures=figs)
    if pop.height == 0:
        return _Result("not checkable", None, "", "no population figure for Russia in 2019")
    migrants = _claimed("ca_migrants_in_russia_2019")
    share = 100 * migrants / float(pop["value"][0])
    verdict = "supported" if c.within(share) else "contradicted"
    return _Result(
        verdict,
        share,
        f"{migrants / 1e6:g} million / Russia's population {c.year} (World Bank WDI SP.POP.TOTL: "
        f"{float(pop['value'][0]) / 1e6:.1f} million)",
        "arithmetic only: whether there were 6 million migrants is a separate claim",
        kind="arithmetic",
    )


def _migrants(c: Claim, figs: pl.DataFrame) -> _Result:
    knomad = _figures.select("migrant_stock", iso3="RUS", partner=CENTRAL_ASIA, figures=figs)
    un = _figures.select(
        "migrant_stock_un", iso3="RUS", partner=CENTRAL_ASIA, year=2017, figures=figs
    )
    parts = []
    if knomad.height:
        parts.append(
            f"{knomad['value'].sum() / 1e6:.2f} million born in Central Asia living in Russia "
            "in 2021 (KNOMAD)"
        )
    if un.height:
        parts.append(f"{un['value'].sum() / 1e6:.2f} million in 2017 (UN DESA)")
    return _Result(
        "not checkable",
        None,
        "; ".join(parts),
        "the data count migrant stocks by country of birth (including people who moved decades "
        "ago), not labour migrants present in a year, and not for 2019",
    )


def _remittances_from_russia(c: Claim, figs: pl.DataFrame) -> _Result:
    rows = _figures.select("remittances_bilateral", iso3=CENTRAL_ASIA, partner="RUS", figures=figs)
    used = ""
    if rows.height:
        total = _bn(float(rows["value"].sum()))
        used = f"{total} from Russia to the five states in 2021 (KNOMAD estimates)"
    return _Result(
        "not checkable",
        None,
        used,
        "bilateral remittance estimates exist for 2021 only, not 2019; 2021 figures are model "
        "estimates from migrant stocks and incomes, not recorded flows",
    )


_CHECKS: dict[str, Callable[[Claim, pl.DataFrame], _Result]] = {
    "china_ca_trade_2001": lambda c, f: _total_check(
        c, f, "CHN", ("export", "import"), "trade with China"
    ),
    "china_ca_trade_2019": lambda c, f: _total_check(
        c, f, "CHN", ("export", "import"), "trade with China"
    ),
    "china_ca_trade_fold": _fold,
    "ca_exports_to_china_rise": lambda c, f: _total_check(
        c, f, "CHN", ("export",), "exports to China"
    ),
    "ca_exports_china_share": _not_checkable(
        "needs every Central Asian state's exports to China and total exports; Tajikistan and "
        "Uzbekistan are not in the trade data"
    ),
    "ca_imports_from_china_fall": lambda c, f: _total_check(
        c, f, "CHN", ("import",), "imports from China"
    ),
    "ca_imports_china_share": _not_checkable(
        "needs every Central Asian state's imports from China and total imports; Tajikistan and "
        "Uzbekistan are not in the trade data"
    ),
    "russia_ca_trade_2018": lambda c, f: _total_check(
        c, f, "RUS", ("export", "import"), "trade with Russia"
    ),
    "russia_ca_trade_growth_2018": _not_checkable(
        "growth of the regional total needs every state's trade with Russia in 2017 and 2018"
    ),
    "remittances_gdp_kgz": _remittances("KGZ"),
    "remittances_gdp_tjk": _remittances("TJK"),
    "ca_migrants_in_russia_2019": _migrants,
    "ca_migrants_share_of_russia": _migrants_share,
    "remittances_russia_to_ca_2019": _remittances_from_russia,
    "china_fdi_2018": _not_checkable(
        "accord has no bilateral FDI data (MOFCOM's figures are not in a public dataset here); "
        "WDI FDI inflows are from all sources"
    ),
    "russia_assistance_2008_2019": _not_checkable("accord has no data on Russian assistance"),
    "ca_students_in_russia_2019": _not_checkable("accord has no data on students"),
}


def check(figures: pl.DataFrame | None = None) -> pl.DataFrame:
    """Check every claim of the article against the data accord has.

    Parameters
    ----------
    figures : polars.DataFrame, optional
        A figures table (default: the embedded one, :func:`accord.economy.figures.load`).

    Returns
    -------
    polars.DataFrame
        ``id, claim, claimed, unit, year, location, tolerance, verdict, data_value,
        data_kind`` ("value", "lower bound" from partial data, or "arithmetic" on the claim's
        own numbers), ``difference`` (data − claim, for judged claims),
        ``relative_difference``, ``data_used``, ``note``.

    Examples
    --------
    >>> from accord.economy import claims
    >>> table = claims.check()
    >>> table.filter(table["id"] == "china_ca_trade_fold")["verdict"][0]
    'supported'
    """
    figs = _figures.load() if figures is None else figures
    rows: list[dict[str, Any]] = []
    for c in _registry():
        r = _CHECKS[c.id](c, figs)
        judged = r.verdict != "not checkable" and r.data_value is not None
        diff = r.data_value - c.value if judged else None
        rows.append(
            {
                "id": c.id,
                "claim": c.claim,
                "claimed": c.value,
                "unit": c.unit,
                "year": c.year,
                "location": c.location,
                "tolerance": c.tolerance_text,
                "verdict": r.verdict,
                "data_value": r.data_value,
                "data_kind": r.kind if r.data_value is not None else None,
                "difference": diff,
                "relative_difference": None if diff is None else diff / c.value,
                "data_used": r.data_used,
                "note": "; ".join(x for x in (r.note, c.note) if x),
            }
        )
    out = pl.DataFrame(
        rows,
        schema_overrides={
            "data_value": pl.Float64,
            "difference": pl.Float64,
            "relative_difference": pl.Float64,
        },
    )
    return attach(out, Provenance("accord.economy.claims.check", (_figures.source(),), {}, ()))
