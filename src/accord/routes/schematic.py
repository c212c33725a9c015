"""An inline SVG schematic of compared routes: no map tiles, no network access.

Nodes are placed by longitude and latitude with a simple equirectangular projection
(x ∝ longitude × cos(mean latitude), y ∝ −latitude); each route is a polyline in an
Okabe–Ito colour with its own dash pattern, so routes stay apart in grey-scale print and
for colour-blind readers. Every piece of text is escaped.
"""

from __future__ import annotations

import html
import math
from collections.abc import Sequence
from typing import Any

import polars as pl

from accord.routes.network import Network, load

__all__ = ["OKABE_ITO", "DASHES", "schematic_svg"]

#: Okabe & Ito (2008) colour-blind-safe palette, without black.
OKABE_ITO = ("#E69F00", "#56B4E9", "#009E73", "#0072B2", "#D55E00", "#CC79A7", "#F0E442")
DASHES = ("", "8 4", "2 3", "10 3 2 3", "4 4", "12 4 4 4", "1 2")


def _e(text: Any) -> str:
    return html.escape(str(text), quote=True)


def schematic_svg(
    routes: pl.DataFrame | Sequence[Sequence[str]],
    *,
    network: Network | None = None,
    labels: Sequence[str] | None = None,
    width: int = 720,
    height: int = 420,
    title: str = "Routes compared (schematic, not to scale)",
) -> str:
    """An inline ``<svg>`` of routes.

    Parameters
    ----------
    routes : polars.DataFrame or sequence of node-id sequences
        A table from :func:`accord.routes.compare` or :func:`~accord.routes.compare_named`
        (columns ``nodes`` — space-separated node ids — and ``route``), or lists of node ids.
    network : Network, optional
        Where the node coordinates and names come from (default: the shipped network).
    labels : sequence of str, optional
        Legend labels (default: the ``route`` column, or "route 1", "route 2" …).

    Nodes without coordinates are left out of the drawing (the legend says how many).
    """
    net = network or load()
    if isinstance(routes, pl.DataFrame):
        paths = [str(n).split() for n in routes["nodes"].to_list()]
        names = list(labels) if labels else [str(r) for r in routes["route"].to_list()]
    else:
        paths = [list(p) for p in routes]
        names = list(labels) if labels else [f"route {i + 1}" for i in range(len(paths))]
    coords: dict[str, tuple[float, float]] = {}
    node_name: dict[str, str] = {}
    for r in net.nodes.iter_rows(named=True):
        node_name[r["node_id"]] = r["name"]
        if r["lat"] is not None and r["lon"] is not None:
            coords[r["node_id"]] = (float(r["lat"]), float(r["lon"]))
    used = [n for p in paths for n in p if n in coords]
    missing = sorted({n for p in paths for n in p if n not in coords})
    legend_h = 18 * len(paths) + 24
    pad = 40
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height + legend_h}" '
        f'width="{width}" height="{height + legend_h}" role="img" aria-label="{_e(title)}" '
        'font-family="sans-serif" font-size="11">',
        f"<title>{_e(title)}</title>",
        f'<rect width="{width}" height="{height + legend_h}" fill="#ffffff"/>',
    ]
    if used:
        lats = [coords[n][0] for n in used]
        lons = [coords[n][1] for n in used]
        k = math.cos(math.radians((min(lats) + max(lats)) / 2))
        xs = [lon * k for lon in lons]
        span_x = max(max(xs) - min(xs), 1e-9)
        span_y = max(max(lats) - min(lats), 1e-9)
        scale = min((width - 2 * pad) / span_x, (height - 2 * pad) / span_y)
        x0 = pad + ((width - 2 * pad) - span_x * scale) / 2
        y0 = pad + ((height - 2 * pad) - span_y * scale) / 2

        def xy(node: str) -> tuple[float, float]:
            lat, lon = coords[node]
            return x0 + (lon * k - min(xs)) * scale, y0 + (max(lats) - lat) * scale

        for i, path in enumerate(paths):
            pts = [xy(n) for n in path if n in coords]
            if len(pts) < 2:
                continue
            colour, dash = OKABE_ITO[i % len(OKABE_ITO)], DASHES[i % len(DASHES)]
            offset = (i - (len(paths) - 1) / 2) * 2.5
            d = " ".join(f"{x + offset:.1f},{y + offset:.1f}" for x, y in pts)
            dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
            parts.append(
                f'<polyline points="{d}" fill="none" stroke="{colour}" stroke-width="3" '
                f'stroke-linejoin="round"{dash_attr}><title>{_e(names[i])}</title></polyline>'
            )
        for node in dict.fromkeys(used):
            x, y = xy(node)
            parts.append(
                f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3.5" fill="#000000"/>'
                f'<text x="{x + 5:.1f}" y="{y - 5:.1f}" fill="#222222">{_e(node_name[node])}</text>'
            )
    else:
        parts.append(f'<text x="{pad}" y="{pad}">{_e("no coordinates to draw")}</text>')
    y = height + 10
    for i, label in enumerate(names):
        colour, dash = OKABE_ITO[i % len(OKABE_ITO)], DASHES[i % len(DASHES)]
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        parts.append(
            f'<line x1="{pad}" y1="{y + 18 * i}" x2="{pad + 40}" y2="{y + 18 * i}" '
            f'stroke="{colour}" stroke-width="3"{dash_attr}/>'
            f'<text x="{pad + 48}" y="{y + 18 * i + 4}">{_e(label)}</text>'
        )
    if missing:
        parts.append(
            f'<text x="{pad}" y="{y + 18 * len(names) + 4}" fill="#555555">'
            f"{_e(f'{len(missing)} place(s) without coordinates not drawn: ' + ', '.join(missing))}"
            "</text>"
        )
    parts.append("</svg>")
    return "".join(parts)
