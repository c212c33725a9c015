"""Charts as inline SVG strings (no JavaScript, no external files).

Small, dependency-free chart builders for the HTML report. Every piece of text is
escaped. Colours are the Okabe–Ito palette, distinguishable with the common forms of
colour blindness; series are also told apart by line style and direct labels.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from html import escape

__all__ = ["PALETTE", "Series", "Band", "line_chart", "small_multiples", "timeline", "dot_plot"]

#: Okabe & Ito (2008) colour-blind-safe palette.
PALETTE = {
    "orange": "#E69F00",
    "sky": "#56B4E9",
    "green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "purple": "#CC79A7",
    "black": "#000000",
    "grey": "#999999",
}
FONT = "font-family:system-ui,-apple-system,'Segoe UI',Roboto,Arial,sans-serif"


@dataclass
class Series:
    """A line: points (x, y), a label, a colour, a dash pattern."""

    label: str
    x: Sequence[float]
    y: Sequence[float | None]
    color: str = PALETTE["blue"]
    dash: str = ""
    width: float = 2.0


@dataclass
class Band:
    """A shaded band between two lines (e.g. the 10th–90th percentile of all dyads)."""

    label: str
    x: Sequence[float]
    low: Sequence[float]
    high: Sequence[float]
    color: str = "#d9d9d9"
    opacity: float = 0.6


@dataclass
class _Scale:
    lo: float
    hi: float
    a: float
    b: float

    def __call__(self, v: float) -> float:
        if self.hi == self.lo:
            return (self.a + self.b) / 2
        return self.a + (v - self.lo) * (self.b - self.a) / (self.hi - self.lo)


def _nice_ticks(lo: float, hi: float, n: int = 5) -> list[float]:
    if hi <= lo:
        return [lo]
    raw = (hi - lo) / n
    mag = 10 ** math.floor(math.log10(raw))
    step = min((m * mag for m in (1, 2, 2.5, 5, 10) if m * mag >= raw), default=raw)
    start = math.ceil(lo / step) * step
    ticks, t = [], start
    while t <= hi + 1e-9:
        ticks.append(round(t, 10))
        t += step
    return ticks


def _fmt(v: float) -> str:
    if abs(v - round(v)) < 1e-9:
        return f"{int(round(v))}"
    return f"{v:.2f}".rstrip("0").rstrip(".")


def _frame(width: int, height: int, title: str, source: str, body: list[str], desc: str) -> str:
    return (
        f'<figure class="chart"><svg role="img" '
        f'viewBox="0 0 {width} {height}" width="100%" style="{FONT}">'
        f"<title>{escape(title)}</title><desc>{escape(desc)}</desc>" + "".join(body) + "</svg>"
        f'<figcaption><strong>{escape(title)}</strong><br><span class="source">{escape(source)}'
        "</span></figcaption></figure>"
    )


def line_chart(
    series: Sequence[Series],
    *,
    title: str,
    source: str,
    x_label: str,
    y_label: str,
    bands: Sequence[Band] = (),
    y_range: tuple[float, float] | None = None,
    width: int = 720,
    height: int = 340,
    zero_line: bool = True,
) -> str:
    """A line chart with optional shaded bands, axes, ticks and direct labels."""
    left, right, top, bottom = 56, 150, 16, 44
    xs = [x for s in series for x in s.x] + [x for b in bands for x in b.x]
    ys = [y for s in series for y in s.y if y is not None]
    ys += [v for b in bands for v in (*b.low, *b.high) if v is not None]
    if not xs or not ys:
        return _frame(width, 60, title, source, ['<text x="10" y="30">No data</text>'], title)
    x0, x1 = min(xs), max(xs)
    y0, y1 = y_range if y_range else (min(ys), max(ys))
    pad = (y1 - y0) * 0.05 or 0.1
    if not y_range:
        y0, y1 = y0 - pad, y1 + pad
    sx = _Scale(x0, x1, left, width - right)
    sy = _Scale(y0, y1, height - bottom, top)
    body = [f'<rect x="0" y="0" width="{width}" height="{height}" fill="#fff"/>']
    for t in _nice_ticks(y0, y1):
        y = sy(t)
        body.append(
            f'<line x1="{left}" x2="{width - right}" y1="{y:.1f}" y2="{y:.1f}" stroke="#eee"/>'
        )
        body.append(
            f'<text x="{left - 6}" y="{y + 4:.1f}" font-size="11" text-anchor="end" '
            f'fill="#555">{_fmt(t)}</text>'
        )
    if zero_line and y0 < 0 < y1:
        body.append(
            f'<line x1="{left}" x2="{width - right}" y1="{sy(0):.1f}" y2="{sy(0):.1f}" '
            f'stroke="#bbb"/>'
        )
    for t in _nice_ticks(x0, x1, 8):
        x = sx(t)
        body.append(
            f'<text x="{x:.1f}" y="{height - bottom + 16}" font-size="11" text-anchor="middle" '
            f'fill="#555">{_fmt(t)}</text>'
        )
    body.append(
        f'<line x1="{left}" x2="{width - right}" y1="{height - bottom}" y2="{height - bottom}" '
        f'stroke="#888"/>'
    )
    body.append(f'<line x1="{left}" x2="{left}" y1="{top}" y2="{height - bottom}" stroke="#888"/>')
    body.append(
        f'<text x="{(left + width - right) / 2:.0f}" y="{height - 6}" font-size="12" '
        f'text-anchor="middle" fill="#333">{escape(x_label)}</text>'
    )
    body.append(
        f'<text transform="translate(14,{(top + height - bottom) / 2:.0f}) rotate(-90)" '
        f'font-size="12" text-anchor="middle" fill="#333">{escape(y_label)}</text>'
    )
    labels: list[tuple[float, str, str]] = []
    for b in bands:
        pts = [(sx(x), sy(h)) for x, h in zip(b.x, b.high, strict=True) if h is not None]
        pts += [
            (sx(x), sy(lo))
            for x, lo in reversed(list(zip(b.x, b.low, strict=True)))
            if lo is not None
        ]
        if pts:
            path = " ".join(f"{x:.1f},{y:.1f}" for x, y in pts)
            body.append(f'<polygon points="{path}" fill="{b.color}" fill-opacity="{b.opacity}"/>')
            labels.append((sy(b.high[-1]), b.label, "#777"))
    for s in series:
        segs, cur = [], []
        for x, y in zip(s.x, s.y, strict=True):
            if y is None:
                if cur:
                    segs.append(cur)
                cur = []
            else:
                cur.append((sx(x), sy(y)))
        if cur:
            segs.append(cur)
        dash = f' stroke-dasharray="{s.dash}"' if s.dash else ""
        for seg in segs:
            pts = " ".join(f"{x:.1f},{y:.1f}" for x, y in seg)
            body.append(
                f'<polyline points="{pts}" fill="none" stroke="{s.color}" '
                f'stroke-width="{s.width}"{dash}/>'
            )
            if len(seg) == 1:
                x, y = seg[0]
                body.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3" fill="{s.color}"/>')
        last = next((y for y in reversed(s.y) if y is not None), None)
        if last is not None:
            labels.append((sy(last), s.label, s.color))
    # Direct labels at the right edge, pushed apart so they do not overlap.
    labels.sort()
    placed: list[float] = []
    for y, text, color in labels:
        y = max(y, placed[-1] + 13) if placed else y
        placed.append(y)
        body.append(
            f'<text x="{width - right + 6}" y="{y + 4:.1f}" font-size="11" fill="{color}">'
            f"{escape(text)}</text>"
        )
    desc = f"{y_label} by {x_label}: " + "; ".join(s.label for s in series)
    return _frame(width, height, title, source, body, desc)


def small_multiples(
    panels: Sequence[tuple[str, Sequence[Series]]],
    *,
    title: str,
    source: str,
    y_label: str,
    x_label: str = "year",
    columns: int = 3,
    y_range: tuple[float, float] | None = None,
    panel_width: int = 240,
    panel_height: int = 150,
) -> str:
    """One small panel per entity (e.g. each region member), shared axes and legend."""
    rows = math.ceil(len(panels) / columns) or 1
    width = panel_width * columns + 16
    legend_h = 24
    height = panel_height * rows + legend_h
    all_x = [x for _, ss in panels for s in ss for x in s.x]
    all_y = [y for _, ss in panels for s in ss for y in s.y if y is not None]
    if not all_x or not all_y:
        return _frame(width, 60, title, source, ['<text x="10" y="30">No data</text>'], title)
    x0, x1 = min(all_x), max(all_x)
    y0, y1 = y_range if y_range else (min(all_y), max(all_y))
    body = [f'<rect x="0" y="0" width="{width}" height="{height}" fill="#fff"/>']
    first = panels[0][1] if panels else []
    lx = 10
    for s in first:
        dash = f' stroke-dasharray="{s.dash}"' if s.dash else ""
        body.append(
            f'<line x1="{lx}" x2="{lx + 22}" y1="12" y2="12" stroke="{s.color}" '
            f'stroke-width="2.5"{dash}/>'
        )
        body.append(
            f'<text x="{lx + 26}" y="16" font-size="11" fill="#333">{escape(s.label)}</text>'
        )
        lx += 40 + 7 * len(s.label)
    body.append(  # the axes, named once for all panels
        f'<text x="{width - 10}" y="16" font-size="11" text-anchor="end" fill="#555">'
        f"y: {escape(y_label)}; x: {escape(x_label)}</text>"
    )
    for k, (name, ss) in enumerate(panels):
        col, row = k % columns, k // columns
        ox, oy = col * panel_width, legend_h + row * panel_height
        left, right, top, bottom = ox + 36, ox + panel_width - 8, oy + 18, oy + panel_height - 22
        sx = _Scale(x0, x1, left, right)
        sy = _Scale(y0, y1, bottom, top)
        body.append(
            f'<text x="{left}" y="{oy + 12}" font-size="12" font-weight="600">{escape(name)}</text>'
        )
        for t in _nice_ticks(y0, y1, 3):
            body.append(
                f'<line x1="{left}" x2="{right}" y1="{sy(t):.1f}" y2="{sy(t):.1f}" stroke="#eee"/>'
                f'<text x="{left - 4}" y="{sy(t) + 3:.1f}" font-size="9" text-anchor="end" '
                f'fill="#666">{_fmt(t)}</text>'
            )
        for t in (x0, x1):
            body.append(
                f'<text x="{sx(t):.1f}" y="{bottom + 13}" font-size="9" text-anchor="middle" '
                f'fill="#666">{_fmt(t)}</text>'
            )
        for s in ss:
            pts = [(sx(x), sy(y)) for x, y in zip(s.x, s.y, strict=True) if y is not None]
            if pts:
                dash = f' stroke-dasharray="{s.dash}"' if s.dash else ""
                path = " ".join(f"{x:.1f},{y:.1f}" for x, y in pts)
                body.append(
                    f'<polyline points="{path}" fill="none" stroke="{s.color}" '
                    f'stroke-width="1.8"{dash}/>'
                )
    desc = f"{y_label}, one panel per " + ", ".join(n for n, _ in panels)
    return _frame(width, height, title, source, body, desc)


@dataclass
class Lane:
    """One row of a timeline: events (x, kind) and whether to highlight it."""

    label: str
    events: Sequence[tuple[float, str]] = field(default_factory=list)
    highlight: bool = False


def timeline(
    lanes: Sequence[Lane], *, title: str, source: str, x_label: str, width: int = 720
) -> str:
    """Lanes of events on a shared time axis (circle = foreign ministers, diamond = summit)."""
    left, right, top = 70, 20, 28
    lane_h = 22
    height = top + lane_h * len(lanes) + 40
    xs = [x for ln in lanes for x, _ in ln.events]
    if not xs:
        return _frame(width, 60, title, source, ['<text x="10" y="30">No data</text>'], title)
    x0, x1 = math.floor(min(xs)), math.ceil(max(xs))
    sx = _Scale(x0, x1, left, width - right)
    body = [f'<rect x="0" y="0" width="{width}" height="{height}" fill="#fff"/>']
    body.append(
        f'<circle cx="{left}" cy="12" r="4" fill="#555"/><text x="{left + 8}" y="16" '
        f'font-size="11">'
        "foreign ministers</text>"
        f'<rect x="{left + 118}" y="8" width="8" height="8" transform="rotate(45 {left + 122} 12)" '
        f'fill="#555"/><text x="{left + 132}" y="16" font-size="11">summit</text>'
        f'<circle cx="{left + 190}" cy="12" r="4" fill="#fff" stroke="#555"/>'
        f'<text x="{left + 198}" y="16" font-size="11">other</text>'
    )
    step = 2 if x1 - x0 <= 24 else 5
    for t in [y for y in range(int(x0), int(x1) + 1) if y % step == 0]:
        x = sx(t)
        body.append(
            f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{top}" y2="{top + lane_h * len(lanes)}" '
            f'stroke="#eee"/>'
            f'<text x="{x:.1f}" y="{top + lane_h * len(lanes) + 14}" font-size="11" '
            f'text-anchor="middle" fill="#555">{_fmt(t)}</text>'
        )
    for k, ln in enumerate(lanes):
        y = top + lane_h * k + lane_h / 2
        color = PALETTE["vermillion"] if ln.highlight else PALETTE["blue"]
        weight = "700" if ln.highlight else "400"
        if ln.highlight:
            body.append(
                f'<rect x="0" y="{y - lane_h / 2:.1f}" width="{width}" height="{lane_h}" '
                f'fill="#fdf0e6"/>'
            )
        body.append(
            f'<text x="{left - 8}" y="{y + 4:.1f}" font-size="12" text-anchor="end" '
            f'font-weight="{weight}">{escape(ln.label)}</text>'
        )
        for x, kind in ln.events:
            cx = sx(x)
            if kind == "summit":
                body.append(
                    f'<rect x="{cx - 4:.1f}" y="{y - 4:.1f}" width="8" height="8" '
                    f'transform="rotate(45 {cx:.1f} {y:.1f})" fill="{color}"/>'
                )
            elif kind == "foreign ministers":
                body.append(f'<circle cx="{cx:.1f}" cy="{y:.1f}" r="4" fill="{color}"/>')
            else:
                body.append(
                    f'<circle cx="{cx:.1f}" cy="{y:.1f}" r="3.5" fill="#fff" stroke="{color}"/>'
                )
    body.append(
        f'<text x="{(left + width - right) / 2:.0f}" y="{height - 6}" font-size="12" '
        f'text-anchor="middle">{escape(x_label)}</text>'
    )
    return _frame(width, height, title, source, body, f"timeline of {len(lanes)} lanes")


def dot_plot(
    rows: Sequence[str],
    series: Sequence[tuple[str, str, Sequence[float | None]]],
    *,
    title: str,
    source: str,
    x_label: str,
    width: int = 720,
) -> str:
    """A Cleveland dot plot: one row per category, one marker per series (label, colour,
    values in row order); markers differ by shape as well as colour."""
    values = [v for _, _, vs in series for v in vs if v is not None]
    if not rows or not values:
        return _frame(width, 60, title, source, ['<text x="10" y="30">No data</text>'], title)
    row_h, top, left, right = 22, 34, 190, 24
    height = top + row_h * len(rows) + 40
    sx = _Scale(0.0, max(values) * 1.05 or 1.0, left, width - right)
    body = [f'<rect x="0" y="0" width="{width}" height="{height}" fill="#fff"/>']
    shapes = ("circle", "diamond", "square")
    lx = left
    for k, (label, color, _) in enumerate(series):
        body.append(_marker(shapes[k % 3], lx + 5, 14, color))
        body.append(f'<text x="{lx + 14}" y="18" font-size="11" fill="#333">{escape(label)}</text>')
        lx += 30 + 7 * len(label)
    for t in _nice_ticks(0.0, max(values) * 1.05 or 1.0, 6):
        x = sx(t)
        body.append(
            f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{top - 6}" y2="{top + row_h * len(rows)}" '
            f'stroke="#eee"/><text x="{x:.1f}" y="{top + row_h * len(rows) + 14}" '
            f'font-size="11" text-anchor="middle" fill="#555">{_fmt(t)}</text>'
        )
    for i, name in enumerate(rows):
        y = top + row_h * i + row_h / 2
        body.append(
            f'<line x1="{left}" x2="{width - right}" y1="{y:.1f}" y2="{y:.1f}" '
            f'stroke="#f3f3f3"/><text x="{left - 8}" y="{y + 4:.1f}" font-size="12" '
            f'text-anchor="end" fill="#333">{escape(name)}</text>'
        )
        for k, (_, color, vs) in enumerate(series):
            v = vs[i] if i < len(vs) else None
            if v is not None:
                body.append(_marker(shapes[k % 3], sx(v), y, color))
    body.append(
        f'<text x="{(left + width - right) / 2:.0f}" y="{height - 6}" font-size="12" '
        f'text-anchor="middle" fill="#333">{escape(x_label)}</text>'
    )
    desc = f"{x_label} for " + ", ".join(rows)
    return _frame(width, height, title, source, body, desc)


def _marker(shape: str, x: float, y: float, color: str) -> str:
    if shape == "diamond":
        return (
            f'<rect x="{x - 4:.1f}" y="{y - 4:.1f}" width="8" height="8" fill="{color}" '
            f'transform="rotate(45 {x:.1f} {y:.1f})"/>'
        )
    if shape == "square":
        return f'<rect x="{x - 4:.1f}" y="{y - 4:.1f}" width="8" height="8" fill="{color}"/>'
    return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4.5" fill="{color}"/>'
