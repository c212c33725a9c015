"""Routes through the network: their totals, the best route under constraints, comparisons.

A route is a sequence of legs. Its totals:

* ``distance_km`` — the sum of the legs' distances;
* ``moving_h`` — the legs' transit times; a leg without ``time_h`` takes
  ``distance / speed`` with the assumed speed of its mode (:class:`Assumptions`);
* ``dwell_h`` — each leg's ``dwell_h`` (a leg crossing a border without one gets the
  border assumption), plus the transshipment assumption at every change of mode and the
  gauge-break assumption at every node where two rail legs of different gauge meet (a
  change of gauge *within* a leg — a border crossing with transfer — is covered by that
  leg's dwell);
* ``time_days`` — (moving + dwell) / 24;
* ``border_crossings`` — legs whose two ends are in different countries;
* ``transshipments`` — changes of mode between consecutive legs (rail → road …);
* ``gauge_breaks`` — rail gauge changes, within legs and at nodes;
* ``countries`` (in order of passage) and ``customs_unions``: the EAEU
  (``accord.countries.group("eaeu")``) and the EU, with the states of each crossed.

The best route is found with Dijkstra's algorithm over states (node, mode and gauge of
arrival), so transshipment and gauge-break dwell are charged exactly.
"""

from __future__ import annotations

import heapq
import itertools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, Literal

import polars as pl

from accord import countries as _countries
from accord.errors import InputError
from accord.provenance import Provenance, attach
from accord.routes.network import MODES, Network, load, named_routes

__all__ = [
    "Assumptions",
    "Step",
    "Route",
    "best_route",
    "compare",
    "compare_named",
    "route_from_nodes",
    "route_legs",
    "summarize",
]

By = Literal["time", "distance"]
UNIONS = ("eaeu", "eu")


@dataclass(frozen=True)
class Assumptions:
    """What the network does not say, stated.

    Defaults: rail 800 km/day — Kazakhstan Railways' container service speed before the
    Dostyk–Moiynty second track (Kazinform); road 40 km/h — mountain roads with trucks
    (the Kashgar–Osh bus takes about 20 h for some 450 km including the border, Lonely
    Planet); sea 25 km/h; 24 h at a border crossing whose leg gives no dwell; 12 h per
    transshipment (change of mode) and per break of gauge at a node.
    """

    rail_km_per_day: float = 800.0
    road_kmh: float = 40.0
    sea_kmh: float = 25.0
    border_h: float = 24.0
    transshipment_h: float = 12.0
    gauge_break_h: float = 12.0

    def speed_kmh(self, mode: str) -> float:
        return {"rail": self.rail_km_per_day / 24, "road": self.road_kmh, "sea": self.sea_kmh}[mode]

    def as_text(self) -> list[str]:
        return [
            f"rail legs without a sourced time run at {self.rail_km_per_day:g} km/day, road at "
            f"{self.road_kmh:g} km/h, sea at {self.sea_kmh:g} km/h",
            f"{self.border_h:g} h at a border crossing whose leg gives no dwell time",
            f"{self.transshipment_h:g} h per transshipment (change of mode) and "
            f"{self.gauge_break_h:g} h per break of gauge between two rail legs",
        ]


@dataclass(frozen=True)
class Step:
    """One leg travelled in one direction."""

    leg: dict[str, Any]
    forward: bool

    @property
    def from_id(self) -> str:
        return self.leg["from_id"] if self.forward else self.leg["to_id"]

    @property
    def to_id(self) -> str:
        return self.leg["to_id"] if self.forward else self.leg["from_id"]

    @property
    def mode(self) -> str:
        return self.leg["mode"]

    @property
    def gauge_in(self) -> int | None:
        return self.leg["gauge_from"] if self.forward else self.leg["gauge_to"]

    @property
    def gauge_out(self) -> int | None:
        return self.leg["gauge_to"] if self.forward else self.leg["gauge_from"]


@dataclass(frozen=True)
class Route:
    """A route: its steps and a label."""

    steps: tuple[Step, ...]
    label: str = ""
    note: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def nodes(self) -> tuple[str, ...]:
        return (self.steps[0].from_id, *(s.to_id for s in self.steps))


def _adjacency(
    net: Network, modes: Sequence[str], avoid: set[str], planned: bool
) -> dict[str, list[Step]]:
    country = dict(zip(net.nodes["node_id"], net.nodes["iso3"], strict=True))
    adj: dict[str, list[Step]] = {}
    for leg in net.legs.iter_rows(named=True):
        if leg["mode"] not in modes or (leg["status"] == "planned" and not planned):
            continue
        if country[leg["from_id"]] in avoid or country[leg["to_id"]] in avoid:
            continue
        adj.setdefault(leg["from_id"], []).append(Step(leg, True))
        adj.setdefault(leg["to_id"], []).append(Step(leg, False))
    return adj


def _leg_costs(step: Step, net_country: dict[str, str], a: Assumptions) -> tuple[float, float]:
    """(moving hours, dwell hours) of one step, without node-level charges."""
    leg = step.leg
    moving = leg["time_h"]
    if moving is None:
        speed = a.speed_kmh(leg["mode"])
        moving = leg["distance_km"] / speed if speed > 0 else float("inf")
    dwell = leg["dwell_h"]
    if dwell is None:
        crosses = net_country[leg["from_id"]] != net_country[leg["to_id"]]
        dwell = a.border_h if crosses else 0.0
    return float(moving), float(dwell)


def _node_charge(prev: Step | None, step: Step, a: Assumptions) -> tuple[float, int, int]:
    """(dwell hours, transshipments, gauge breaks) between ``prev`` and ``step``."""
    if prev is None:
        return 0.0, 0, 0
    if prev.mode != step.mode:
        return a.transshipment_h, 1, 0
    if (
        step.mode == "rail"
        and prev.gauge_out is not None
        and step.gauge_in is not None
        and prev.gauge_out != step.gauge_in
    ):
        return a.gauge_break_h, 0, 1
    return 0.0, 0, 0


def summarize(route: Route, net: Network, assumptions: Assumptions | None = None) -> dict[str, Any]:
    """The totals of a route (see the module docstring) as a dict."""
    a = assumptions or Assumptions()
    country = dict(zip(net.nodes["node_id"], net.nodes["iso3"], strict=True))
    names = dict(zip(net.nodes["node_id"], net.nodes["name"], strict=True))
    distance = moving = dwell = 0.0
    crossings = trans = breaks = planned = 0
    prev: Step | None = None
    kinds: set[str] = set()
    for step in route.steps:
        m, d = _leg_costs(step, country, a)
        nd, nt, nb = _node_charge(prev, step, a)
        distance += step.leg["distance_km"]
        moving += m
        dwell += d + nd
        trans += nt
        breaks += nb
        if (
            step.mode == "rail"
            and step.gauge_in
            and step.gauge_out
            and step.gauge_in != step.gauge_out
        ):
            breaks += 1
        if country[step.from_id] != country[step.to_id]:
            crossings += 1
        planned += step.leg["status"] == "planned"
        kinds.add(step.leg["source_kind"])
        prev = step
    seen: list[str] = []
    for n in route.nodes:
        if country[n] not in seen:
            seen.append(country[n])
    unions = []
    for g in UNIONS:
        members = [c for c in seen if c in _countries.group(g)]
        if members:
            unions.append(f"{g.upper()} ({' '.join(members)})")
    return {
        "route": route.label,
        "path": " → ".join(names[n] for n in route.nodes),
        "distance_km": round(distance, 1),
        "time_days": round((moving + dwell) / 24, 2),
        "moving_h": round(moving, 1),
        "dwell_h": round(dwell, 1),
        "border_crossings": crossings,
        "transshipments": trans,
        "gauge_breaks": breaks,
        "countries": " ".join(seen),
        "customs_unions": "; ".join(unions),
        "n_legs": len(route.steps),
        "planned_legs": planned,
        "estimated_legs": sum(s.leg["source_kind"] == "estimate" for s in route.steps),
        "legs": " ".join(s.leg["leg_id"] for s in route.steps),
        "nodes": " ".join(route.nodes),
        "note": route.note,
    }


def _check_modes(modes: Iterable[str] | None) -> tuple[str, ...]:
    if modes is None:
        return MODES
    out = tuple(modes)
    for m in out:
        if m not in MODES:
            raise InputError(f"unknown mode '{m}' in modes; choose from {', '.join(MODES)}.")
    if not out:
        raise InputError(f"modes is empty; choose from {', '.join(MODES)}.")
    return out


def _check_avoid(avoid: Any) -> set[str]:
    if avoid is None:
        return set()
    items = [avoid] if isinstance(avoid, str | int) else list(avoid)
    return set(_countries.resolve_many(items, where="avoid"))


def best_route(
    net: Network,
    origin: str,
    destination: str,
    *,
    by: By = "time",
    modes: Iterable[str] | None = None,
    avoid: Any = None,
    planned: bool = False,
    assumptions: Assumptions | None = None,
) -> Route | None:
    """The fastest (``by="time"``) or shortest (``by="distance"``) route, or None.

    Dijkstra's algorithm over states (node, mode and gauge of arrival); ties are broken
    by the other criterion. ``avoid`` countries are not entered (the origin and the
    destination may not be in them); ``modes`` limits the legs; planned legs are used
    only with ``planned=True``.
    """
    if by not in ("time", "distance"):
        raise InputError(f"by='{by}' is not one of time, distance.")
    a = assumptions or Assumptions()
    src, dst = net.resolve(origin, where="origin"), net.resolve(destination, where="destination")
    avoided = _check_avoid(avoid)
    country = dict(zip(net.nodes["node_id"], net.nodes["iso3"], strict=True))
    for label, node in (("origin", src), ("destination", dst)):
        if country[node] in avoided:
            raise InputError(
                f"the {label} {net.node(node)['name']} is in {country[node]}, which you asked to "
                "avoid; drop it from --avoid or choose another place."
            )
    adj = _adjacency(net, _check_modes(modes), avoided, planned)
    counter = itertools.count()
    start = (src, None, None)
    dist: dict[tuple, tuple[float, float]] = {start: (0.0, 0.0)}
    back: dict[tuple, tuple[tuple, Step]] = {}
    heap: list = [(0.0, 0.0, next(counter), start, None)]
    while heap:
        key, other, _, state, prev = heapq.heappop(heap)
        if dist.get(state, (float("inf"),))[:2] < (key, other):
            continue
        node = state[0]
        if node == dst:
            steps: list[Step] = []
            s = state
            while s in back:
                s, step = back[s]
                steps.append(step)
            return Route(tuple(reversed(steps)))
        for step in adj.get(node, ()):
            moving, dwell = _leg_costs(step, country, a)
            nd, _, _ = _node_charge(prev, step, a)
            hours = moving + dwell + nd
            km = step.leg["distance_km"]
            cost = (hours, km) if by == "time" else (km, hours)
            nxt = (step.to_id, step.mode, step.gauge_out)
            new = (key + cost[0], other + cost[1])
            if new < dist.get(nxt, (float("inf"), float("inf"))):
                dist[nxt] = new
                back[nxt] = (state, step)
                heapq.heappush(heap, (new[0], new[1], next(counter), nxt, step))
    return None


def route_from_nodes(
    net: Network, nodes: Sequence[str], *, label: str = "", note: str = ""
) -> Route:
    """A route through ``nodes`` in order (ids, names or aliases), each pair joined by a leg.

    Where two legs join the same pair, the first in the table is taken (rail before
    road before sea if both exist). Raises :class:`InputError` for a pair with no leg.
    """
    ids = [net.resolve(n) for n in nodes]
    if len(ids) < 2:
        raise InputError("a route needs at least two places.")
    order = {m: i for i, m in enumerate(MODES)}
    legs = sorted(net.legs.iter_rows(named=True), key=lambda r: order[r["mode"]])
    steps = []
    for a, b in itertools.pairwise(ids):
        found = next(
            (
                Step(leg, leg["from_id"] == a)
                for leg in legs
                if {leg["from_id"], leg["to_id"]} == {a, b}
            ),
            None,
        )
        if found is None:
            raise InputError(
                f"no leg joins {net.node(a)['name']} and {net.node(b)['name']} in the network; "
                "add one with --legs or insert the places in between."
            )
        steps.append(found)
    return Route(tuple(steps), label=label, note=note)


def _provenance(fn: str, params: dict[str, Any]) -> Provenance:
    # The shipped network is not a registered dataset; its sources are per leg (legs.csv).
    return Provenance(fn, (), {**params, "network": "accord/routes/data (sources per leg)"}, ())


def _table(rows: list[dict[str, Any]]) -> pl.DataFrame:
    return pl.DataFrame(rows, schema_overrides={"distance_km": pl.Float64, "time_days": pl.Float64})


def compare(
    origin: str,
    destination: str,
    *,
    by: By = "time",
    modes: Iterable[str] | None = None,
    avoid: Any = None,
    planned: bool = False,
    network: Network | None = None,
    assumptions: Assumptions | None = None,
) -> pl.DataFrame:
    """Compare the corridors between two places.

    Returns one row for the best route (``by`` time or distance, under the constraints),
    then one for the best route through each border crossing out of the origin's country
    that reaches the destination (the corridors: Khorgos, Alashankou, Irkeshtam …), with
    the totals of :func:`summarize` and ``rank`` by ``by``.

    Examples
    --------
    >>> from accord import routes
    >>> t = routes.compare("Lanzhou", "Tashkent", by="distance")
    >>> t["route"][0], t["path"][0].split(" → ")[4]
    ('shortest', 'Khorgos (China)')
    >>> routes.compare("Lanzhou", "Tashkent", avoid="KAZ")["path"][0].split(" → ")[3]
    'Irkeshtam (China)'
    """
    net = network or load()
    a = assumptions or Assumptions()
    kw = dict(by=by, modes=modes, avoid=avoid, planned=planned, assumptions=a)
    best = best_route(net, origin, destination, **kw)
    if best is None:
        raise InputError(
            f"no route from {origin} to {destination} under these constraints; allow more "
            "modes, avoid fewer countries or include planned legs (--planned)."
        )
    rows = [summarize(replace(best, label="fastest" if by == "time" else "shortest"), net, a)]
    src = net.resolve(origin)
    dst = net.resolve(destination)
    country = dict(zip(net.nodes["node_id"], net.nodes["iso3"], strict=True))
    avoided = _check_avoid(avoid)
    seen = {rows[0]["legs"]}
    for leg in net.legs.iter_rows(named=True):
        ends = (leg["from_id"], leg["to_id"])
        if country[ends[0]] == country[ends[1]] or leg["mode"] not in _check_modes(modes):
            continue
        if leg["status"] == "planned" and not planned:
            continue
        for inside, outside in (ends, ends[::-1]):
            if country[inside] != country[src] or country[outside] in avoided:
                continue
            first = best_route(net, src, inside, **kw) if inside != src else Route(())
            rest = best_route(net, outside, dst, **kw) if outside != dst else Route(())
            if first is None or rest is None:
                continue
            step = Step(leg, leg["from_id"] == inside)
            route = Route((*first.steps, step, *rest.steps))
            if len(set(route.nodes)) < len(route.nodes):
                continue
            row = summarize(
                replace(route, label=f"via {net.node(inside)['name']}, {leg['mode']}"), net, a
            )
            if row["legs"] not in seen:
                seen.add(row["legs"])
                rows.append(row)
    key = "time_days" if by == "time" else "distance_km"
    out = _table(rows).with_columns(pl.col(key).rank("min").cast(pl.Int32).alias("rank"))
    params = {
        "origin": origin,
        "destination": destination,
        "by": by,
        "modes": list(_check_modes(modes)),
        "avoid": sorted(avoided),
        "planned": planned,
        "assumptions": a.as_text(),
    }
    return attach(out, _provenance("accord.routes.compare", params))


def compare_named(
    route_ids: Iterable[str] | None = None,
    *,
    network: Network | None = None,
    assumptions: Assumptions | None = None,
) -> pl.DataFrame:
    """The totals of named routes (default: all that ship with accord, ``routes.csv``)."""
    net = network or load()
    a = assumptions or Assumptions()
    table = named_routes()
    ids = list(table["route_id"]) if route_ids is None else list(route_ids)
    rows = []
    for rid in ids:
        match = table.filter(pl.col("route_id") == rid)
        if match.height == 0:
            raise InputError(
                f"unknown named route '{rid}'; choose from {', '.join(table['route_id'])}."
            )
        r = match.row(0, named=True)
        route = route_from_nodes(net, r["nodes"].split(), label=rid, note=r["name"])
        rows.append(summarize(route, net, a))
    out = _table(rows)
    return attach(out, _provenance("accord.routes.compare_named", {"routes": ids}))


def route_legs(route: Route, net: Network, assumptions: Assumptions | None = None) -> pl.DataFrame:
    """One row per leg of a route, in travel order, with its times and source."""
    a = assumptions or Assumptions()
    country = dict(zip(net.nodes["node_id"], net.nodes["iso3"], strict=True))
    names = dict(zip(net.nodes["node_id"], net.nodes["name"], strict=True))
    rows = []
    prev = None
    for s in route.steps:
        moving, dwell = _leg_costs(s, country, a)
        nd, _, _ = _node_charge(prev, s, a)
        rows.append(
            {
                "leg_id": s.leg["leg_id"],
                "from": names[s.from_id],
                "to": names[s.to_id],
                "mode": s.mode,
                "distance_km": s.leg["distance_km"],
                "moving_h": round(moving, 1),
                "time_basis": "sourced" if s.leg["time_h"] is not None else "assumed speed",
                "dwell_h": round(dwell + nd, 1),
                "gauge_in": s.gauge_in,
                "gauge_out": s.gauge_out,
                "status": s.leg["status"],
                "source_kind": s.leg["source_kind"],
                "source_url": s.leg["source_url"],
            }
        )
        prev = s
    return pl.DataFrame(rows)
