"""The article's corridor figures, checked against the network.

The article (a Valdai Club column, 2020) says of the corridor opened on 5 June 2020 —
rail Lanzhou → Kashgar, truck across Irkeshtam to Osh, rail into Uzbekistan — that the
trip took seven days, five days faster than through Kazakhstan, and 295 km shorter.
Its source (Podrobno.uz after Global Times, June 2020) names the destination, Tashkent,
and the comparison route, through Khorgos.

:func:`check` compares the named routes ``article_2020`` and ``via_khorgos`` (see
``accord/routes/data/routes.csv``) and gives each claim one verdict, as the economy
claims do:

* **supported** — the network's figure is within the tolerance of the claim;
* **contradicted** — it is outside the tolerance;
* **not checkable** — the figure depends on assumptions the network cannot settle.

Distances are sums of sourced legs (one leg, Andijan–Tashkent, is an estimate; the note
says whether it could change the verdict). Times are modelled: sourced transit times
where a source gives one, assumed speeds and dwell times elsewhere. A time claim is
judged only if the verdict is the same under every combination of low, central and high
assumptions (:data:`SCENARIOS`); otherwise it is *not checkable* and the range is given.
"""

from __future__ import annotations

import itertools
from dataclasses import replace
from typing import Any

import polars as pl

from accord.provenance import Provenance, attach
from accord.routes.network import Network, load, named_routes
from accord.routes.paths import Assumptions, route_from_nodes, summarize

__all__ = ["CLAIMS", "SCENARIOS", "check", "assumptions_text"]

SEED = "seed:000_cf1e8d2c18dc2170"
#: low / central / high values of each time assumption.
SCENARIOS: dict[str, tuple[float, float, float]] = {
    "rail_km_per_day": (1000.0, 800.0, 600.0),
    "road_kmh": (60.0, 40.0, 25.0),
    "border_h": (6.0, 24.0, 72.0),
    "transshipment_h": (4.0, 12.0, 24.0),
    "gauge_break_h": (4.0, 12.0, 24.0),
}

CLAIMS: tuple[dict[str, Any], ...] = (
    {
        "id": "corridor_295km_shorter",
        "claim": "The route through Kyrgyzstan is 295 km shorter than through Kazakhstan (Khorgos)",
        "value": 295.0,
        "unit": "km",
        "tolerance": 50.0,
        "quantity": "distance_gap",
    },
    {
        "id": "corridor_5_days_faster",
        "claim": "The route through Kyrgyzstan is five days faster than through Kazakhstan",
        "value": 5.0,
        "unit": "days",
        "tolerance": 1.0,
        "quantity": "time_gap",
    },
    {
        "id": "corridor_7_days",
        "claim": "The trip Lanzhou–Kashgar–Irkeshtam–Osh–Tashkent took seven days",
        "value": 7.0,
        "unit": "days",
        "tolerance": 1.0,
        "quantity": "time",
    },
)


def _routes(net: Network) -> tuple[Any, Any]:
    table = named_routes()

    def get(rid: str) -> Any:
        r = table.filter(pl.col("route_id") == rid).row(0, named=True)
        return route_from_nodes(net, r["nodes"].split(), label=rid)

    return get("article_2020"), get("via_khorgos")


def _quantity(q: str, kyr: dict[str, Any], kaz: dict[str, Any]) -> float:
    if q == "distance_gap":
        return kaz["distance_km"] - kyr["distance_km"]
    if q == "time_gap":
        return kaz["time_days"] - kyr["time_days"]
    return kyr["time_days"]


def assumptions_text() -> list[str]:
    """The assumptions behind the check, one sentence each."""
    lo = {k: v[0] for k, v in SCENARIOS.items()}
    hi = {k: v[2] for k, v in SCENARIOS.items()}
    return [
        "the article's corridor is the named route article_2020 (Lanzhou–Turpan–Kashgar by "
        "rail, Kashgar–Irkeshtam–Osh by truck, Osh–Andijan–Tashkent by rail) and 'through "
        "Kazakhstan' is via_khorgos (Lanzhou–Ürümqi–Jinghe–Khorgos–Altynkol–Tashkent by rail), "
        "as the article's source names Khorgos",
        "distances are the sums of the legs in accord/routes/data/legs.csv (sources per leg); "
        "Andijan–Tashkent (347 km) is an estimate",
        *Assumptions().as_text(),
        "time claims are judged only if every combination of low and high assumptions gives "
        f"the same verdict: {', '.join(f'{k} {lo[k]:g}–{hi[k]:g}' for k in SCENARIOS)}",
        "the network describes the corridors as sources give them in 2016–2025, not the "
        "conditions of June 2020 (COVID-19 border closures, queues at Khorgos)",
    ]


def check(network: Network | None = None) -> pl.DataFrame:
    """Check the article's corridor figures against the network.

    Returns
    -------
    polars.DataFrame
        ``id, claim, claimed, unit, tolerance, verdict, data_value`` (the network's figure
        under the central assumptions), ``data_low, data_high`` (its range under the
        scenarios; equal for distances), ``difference`` (data − claim, for judged claims),
        ``data_used``, ``note``, ``location``.

    Examples
    --------
    >>> from accord.routes import claims
    >>> t = claims.check()
    >>> dict(zip(t["id"], t["verdict"]))["corridor_295km_shorter"]
    'contradicted'
    """
    net = network or load()
    kyr_route, kaz_route = _routes(net)
    central = Assumptions()
    kyr, kaz = summarize(kyr_route, net, central), summarize(kaz_route, net, central)
    combos = [
        replace(central, **dict(zip(SCENARIOS, values, strict=True)))
        for values in itertools.product(*SCENARIOS.values())
    ]
    rows = []
    for c in CLAIMS:
        value = _quantity(c["quantity"], kyr, kaz)
        if c["quantity"] == "distance_gap":
            low = high = value
        else:
            vals = [
                _quantity(c["quantity"], summarize(kyr_route, net, a), summarize(kaz_route, net, a))
                for a in combos
            ]
            low, high = min(vals), max(vals)
        within_all = (
            abs(low - c["value"]) <= c["tolerance"] and abs(high - c["value"]) <= c["tolerance"]
        )
        outside_all = high < c["value"] - c["tolerance"] or low > c["value"] + c["tolerance"]
        verdict = "supported" if within_all else "contradicted" if outside_all else "not checkable"
        used = (
            f"article_2020 {kyr['distance_km']:,.1f} km, {kyr['time_days']:.1f} days; "
            f"via_khorgos {kaz['distance_km']:,.1f} km, {kaz['time_days']:.1f} days "
            "(central assumptions)"
        )
        note = _note(c["quantity"], kyr, kaz, low, high)
        rows.append(
            {
                "id": c["id"],
                "claim": c["claim"],
                "claimed": c["value"],
                "unit": c["unit"],
                "tolerance": f"±{c['tolerance']:g} {c['unit']}",
                "verdict": verdict,
                "data_value": round(value, 2),
                "data_low": round(low, 2),
                "data_high": round(high, 2),
                "difference": None if verdict == "not checkable" else round(value - c["value"], 2),
                "data_used": used,
                "note": note,
                "location": f"{SEED}, paragraph 35",
            }
        )
    out = pl.DataFrame(rows, schema_overrides={"difference": pl.Float64})
    prov = Provenance(
        "accord.routes.claims.check",
        (),
        {"assumptions": assumptions_text(), "network": "accord/routes/data (sources per leg)"},
        (),
    )
    return attach(out, prov)


def _note(q: str, kyr: dict[str, Any], kaz: dict[str, Any], low: float, high: float) -> str:
    if q == "distance_gap":
        gap = kaz["distance_km"] - kyr["distance_km"]
        need = 347 - (295 - gap)
        est = (
            f"the estimated Andijan–Tashkent leg (347 km) would have to be {need:,.0f} km for "
            "the claim to hold"
            if need > 0
            else "no length of the one estimated leg (Andijan–Tashkent, 347 km) could make the "
            "Kyrgyz route 295 km shorter"
        )
        return (
            f"in the network the route through Kyrgyzstan is {abs(gap):,.1f} km "
            f"{'shorter' if gap > 0 else 'longer'}; {est}. Using the Second Turpan–Korla line "
            "(123 km shorter) would not change the verdict. The article's source gives 4,380 km "
            "for the corridor, which would put the Khorgos route at 4,675 km; the Khorgos legs "
            "here (Lanzhou–Ürümqi 1,904, Ürümqi–Khorgos 667.5, Altynkol–Tashkent 1,300 km) add "
            f"to {kaz['distance_km']:,.1f} km"
        )
    if q == "time_gap":
        return (
            f"modelled gap {low:+.1f} to {high:+.1f} days across the scenarios (positive: the "
            f"Kyrgyz route is faster); the Kyrgyz route has {kyr['transshipments']} "
            f"transshipments and {kyr['border_crossings']} border crossings, the Khorgos route "
            f"{kaz['transshipments']} and {kaz['border_crossings']}; KTZ reports 5 days "
            "Xi'an–Tashkent via Khorgos in 2024. The network does not model queues or the 2020 "
            "border closures"
        )
    return (
        f"modelled {low:.1f}–{high:.1f} days across the scenarios; the sources of June 2020 "
        "said 7–10 days (newsilkroaddiscovery.com; orasam.manas.edu.kg after Global Times)"
    )
