"""Routes: compare multimodal transport corridors between western China and Central Asia.

A small network of nodes (cities, ports, border crossings, terminals) and legs (rail,
road, sea) with distances, transit and dwell times, rail gauges and a source for every
leg (:mod:`accord.routes.network`); route totals, the fastest and shortest route under
constraints and corridor comparisons (:mod:`accord.routes.paths`); the article's corridor
figures checked against the network (:mod:`accord.routes.claims`); and an inline SVG
schematic (:mod:`accord.routes.schematic`).

>>> from accord import routes
>>> t = routes.compare("Lanzhou", "Tashkent")
>>> t.select("route", "distance_km", "border_crossings", "gauge_breaks").head(1)  # doctest: +SKIP
"""

from __future__ import annotations

from accord.routes import claims
from accord.routes.network import Network, load, named_routes, read_legs_csv, read_nodes_csv
from accord.routes.paths import (
    Assumptions,
    Route,
    best_route,
    compare,
    compare_named,
    route_from_nodes,
    route_legs,
    summarize,
)
from accord.routes.schematic import schematic_svg

__all__ = [
    "Assumptions",
    "Network",
    "Route",
    "best_route",
    "claims",
    "compare",
    "compare_named",
    "load",
    "named_routes",
    "read_legs_csv",
    "read_nodes_csv",
    "route_from_nodes",
    "route_legs",
    "schematic_svg",
    "summarize",
]
