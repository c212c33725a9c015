"""The HTML report: one self-contained file (inline CSS, inline SVG, no scripts).

:func:`render_html` turns a :class:`~accord.assess.scorecard.Scorecard` into a page an
analyst can send: the summary first (question, reading, key figures, findings), then the
evidence streams in the order of PRODUCT.md, then data and methods. It renders, never
computes: every number and every chart title comes from the scorecard. All text from
data or documents is escaped (Jinja2 autoescaping; SVG text through ``html.escape``), and a
Content-Security-Policy forbids the page to load anything.
"""

from __future__ import annotations

import datetime as dt
from importlib import resources

import jinja2
import polars as pl

from accord import countries as _countries
from accord.assess.scorecard import Scorecard, Section
from accord.report import _common as common
from accord.report import svg

__all__ = ["render_html"]


def _votes_charts(sec: Section, card: Scorecard) -> list[str]:
    out = []
    ab = sec.tables.get("ab_by_session")
    band = sec.tables.get("all_dyads_band")
    measure = card.parameters.get("measure", "kappa")
    if ab is not None and band is not None and measure in ab.columns:
        since = card.parameters.get("since", 1992)
        ab = ab.filter(pl.col("year") >= since)
        band = band.filter(pl.col("year") >= since)
        refs = sec.tables.get("reference_series")
        series = []
        colors = [svg.PALETTE["sky"], svg.PALETTE["green"]]
        if refs is not None and measure in refs.columns:
            for k, ((ia, ib), g) in enumerate(
                refs.filter(pl.col("year") >= since).group_by(
                    ["iso3_a", "iso3_b"], maintain_order=True
                )
            ):
                series.append(
                    svg.Series(
                        f"{ia}–{ib}",
                        g["year"].to_list(),
                        g[measure].to_list(),
                        colors[k % 2],
                        "5 3",
                        1.6,
                    )
                )
        series.append(
            svg.Series(
                f"{card.a}–{card.b}",
                ab["year"].to_list(),
                ab[measure].to_list(),
                svg.PALETTE["vermillion"],
                "",
                2.6,
            )
        )
        out.append(
            svg.line_chart(
                series,
                bands=[
                    svg.Band(
                        "all pairs, 10–90%",
                        band["year"].to_list(),
                        band["p10"].to_list(),
                        band["p90"].to_list(),
                    ),
                    svg.Band(
                        "all pairs, 25–75%",
                        band["year"].to_list(),
                        band["p25"].to_list(),
                        band["p75"].to_list(),
                        "#bdbdbd",
                        0.6,
                    ),
                ],
                title=sec.figures.get("ab_by_session", "Agreement over time"),
                source="Source: UN General Assembly roll calls (Voeten et al., unvotes); accord.",
                x_label="year the UN session opened",
                y_label=measure,
            )
        )
    members = sec.tables.get("members_by_session")
    if members is not None and members.height:
        panels = []
        for (iso3,), g in members.sort("year").group_by("iso3", maintain_order=True):
            panels.append(
                (
                    _countries.name(iso3),
                    [
                        svg.Series(
                            f"with {card.a}",
                            g["year"].to_list(),
                            g["with_a"].to_list(),
                            svg.PALETTE["blue"],
                        ),
                        svg.Series(
                            f"with {card.b}",
                            g["year"].to_list(),
                            g["with_b"].to_list(),
                            svg.PALETTE["orange"],
                            "5 3",
                        ),
                    ],
                )
            )
        out.append(
            svg.small_multiples(
                panels,
                title=sec.figures.get("members_by_session", "Members' agreement with each power"),
                source="Source: UN General Assembly roll calls; accord.",
                y_label=f"agreement ({measure})",
                x_label="year the UN session opened",
            )
        )
    return out


_WORDS_SOURCE = "Source: UN General Debate Corpus (Jankin, Baturo & Dasandi; CC0); accord."


def _words_charts(sec: Section, card: Scorecard) -> list[str]:
    out = []
    ab = sec.tables.get("ab_by_year")
    if ab is not None and ab.height:
        series = []
        refs = sec.tables.get("reference_series")
        colors = [svg.PALETTE["sky"], svg.PALETTE["green"]]
        if refs is not None:
            groups = refs.group_by(["iso3_a", "iso3_b"], maintain_order=True)
            for k, ((ia, ib), g) in enumerate(groups):
                series.append(
                    svg.Series(
                        f"{ia}–{ib}",
                        g["year"].to_list(),
                        g["percentile"].to_list(),
                        colors[k % 2],
                        "5 3",
                        1.6,
                    )  # fmt: skip
                )
        series.append(
            svg.Series(
                f"{card.a}–{card.b}",
                ab["year"].to_list(),
                ab["percentile"].to_list(),
                svg.PALETTE["vermillion"],
                "",
                2.6,
            )  # fmt: skip
        )
        out.append(
            svg.line_chart(
                series,
                title=sec.figures.get("ab_by_year", "Speech similarity over time"),
                source=_WORDS_SOURCE,
                x_label="year of the General Debate",
                y_label="percentile among all pairs",
                y_range=(0.0, 100.0),
                zero_line=False,
            )
        )
    palette = [svg.PALETTE["blue"], svg.PALETTE["orange"], svg.PALETTE["grey"]]
    for name, figure, label in (
        ("values_by_actor", "values_profile", "value language"),
        ("agenda_by_actor", "agenda_profile", "agenda topics"),
    ):
        wide = sec.tables.get(name)
        if wide is None or wide.height == 0:
            continue
        actors = [c for c in wide.columns if c != "category"]
        shown = (
            wide.with_columns(pl.max_horizontal(actors).alias("_m"))
            .sort("_m", descending=True)
            .head(14)
        )
        out.append(
            svg.dot_plot(
                [c.replace("_", " ") for c in shown["category"].to_list()],
                [(p, palette[k % 3], shown[p].to_list()) for k, p in enumerate(actors)],
                title=sec.figures.get(figure, label.capitalize()),
                source=_WORDS_SOURCE + " Dictionaries: accord's values and agenda (YAML).",
                x_label=f"{label}: matches per 10,000 words (the 14 most frequent categories)",
            )
        )
    ment = sec.tables.get("mentions_by_year")
    if ment is not None and ment.height:
        series = []
        for p, color, dash in (
            (card.a, svg.PALETTE["blue"], ""),
            (card.b, svg.PALETTE["orange"], "5 3"),
        ):
            g = ment.filter(pl.col("iso3") == p).sort("year")
            if g.height:
                series.append(
                    svg.Series(f"{p}", g["year"].to_list(), g["per_10k"].to_list(), color, dash)
                )
        out.append(
            svg.line_chart(
                series,
                title=sec.figures.get("mentions_by_year", "Mentions of the region's states"),
                source=_WORDS_SOURCE + " Names, adjectives and demonyms of each member.",
                x_label="year of the General Debate",
                y_label="mentions per 10,000 words",
                zero_line=False,
            )
        )
    return out


def _statements_charts(sec: Section, card: Scorecard) -> list[str]:
    wide = sec.tables.get("values_by_doc")
    if wide is None or wide.height == 0:
        return []
    docs = [c for c in wide.columns if c != "category"]
    shown = (
        wide.with_columns(pl.max_horizontal(docs).alias("_m"))
        .filter(pl.col("_m") > 0)
        .sort("_m", descending=True)
        .head(14)
    )
    colors = [svg.PALETTE[c] for c in ("blue", "orange", "grey", "green", "purple", "sky")]
    return [
        svg.dot_plot(
            [c.replace("_", " ") for c in shown["category"].to_list()],
            [(d, colors[k % len(colors)], shown[d].to_list()) for k, d in enumerate(docs)],
            title=sec.figures.get("values_by_doc", "Value language by document"),
            source="Source: the documents given with --docs; accord's values dictionary.",
            x_label="value language: matches per 10,000 words",
        )
    ]


def _meetings_charts(sec: Section, card: Scorecard) -> list[str]:
    meets = sec.tables.get("meetings")
    fm = sec.tables.get("formats")
    if meets is None or fm is None or meets.height == 0:
        return []
    lanes = []
    for r in fm.iter_rows(named=True):
        rows = meets.filter(pl.col("format_id") == r["format_id"])
        evs = []
        for m in rows.iter_rows(named=True):
            d = (
                dt.date.fromisoformat(m["date"] + "-01" * (2 - m["date"].count("-")))
                if m["date"]
                else None
            )
            if d is not None:
                evs.append((d.year + (d.timetuple().tm_yday - 1) / 365.25, m["level"]))
        lanes.append(svg.Lane(r["partner"], evs, bool(r["highlight"])))
    return [
        svg.timeline(
            lanes,
            title=sec.figures.get("formats", "Dialogue formats and their meetings"),
            source="Source: accord's registry of formats and meetings (a source URL per meeting).",
            x_label="year",
        )
    ]


def _money_charts(sec: Section, card: Scorecard) -> list[str]:
    return _trade_chart(sec, card) + _routes_chart(sec)


def _routes_chart(sec: Section) -> list[str]:
    """The routes compared, as a schematic (nodes by longitude and latitude, no map tiles)."""
    table = sec.tables.get("routes")
    if table is None or table.height == 0:
        return []
    from html import escape

    from accord.routes import schematic_svg

    title = sec.figures.get("routes", "Routes compared")
    drawing = schematic_svg(table, title=title)  # the legend is the table's route names
    return [
        f'<figure class="chart">{drawing}<figcaption><strong>{escape(title)}</strong><br>'
        '<span class="source">Source: accord.routes, the shipped network of corridors (a '
        "source per leg); schematic, not to scale.</span></figcaption></figure>"
    ]


def _trade_chart(sec: Section, card: Scorecard) -> list[str]:
    tr = sec.tables.get("trade_region")
    if tr is None or tr.height == 0:
        return []
    series = []
    styles = {
        (card.a, "export"): (svg.PALETTE["blue"], ""),
        (card.a, "import"): (svg.PALETTE["blue"], "5 3"),
        (card.b, "export"): (svg.PALETTE["orange"], ""),
        (card.b, "import"): (svg.PALETTE["orange"], "5 3"),
    }
    for (p, flow), (color, dash) in styles.items():
        g = tr.filter((pl.col("partner") == p) & (pl.col("flow") == flow)).sort("year")
        if g.height:
            series.append(
                svg.Series(
                    f"{p} share of {flow}s",
                    g["year"].to_list(),
                    [100 * v for v in g["share"].to_list()],
                    color,
                    dash,
                )
            )
    return [
        svg.line_chart(
            series,
            title=sec.figures.get("trade_region", "The region's trade with each power"),
            source=(
                "Source: World Bank WITS trade summaries (top-5 partners; members with figures "
                "each year); accord."
            ),
            x_label="year",
            y_label="share of the members' trade (%)",
            zero_line=False,
        )
    ]


def _environment() -> jinja2.Environment:
    def load(name: str) -> str:
        return resources.files("accord.report").joinpath("templates", name).read_text("utf-8")

    env = jinja2.Environment(
        loader=jinja2.FunctionLoader(load),
        autoescape=True,  # every piece of text from data or documents is escaped
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )
    env.filters["num"] = common.num
    env.filters["value"] = common.value
    env.globals["plural"] = common.plural
    return env


_CHARTS = {
    "votes": _votes_charts,
    "words": _words_charts,
    "statements": _statements_charts,
    "meetings": _meetings_charts,
    "money": _money_charts,
}


def render_html(card: Scorecard) -> str:
    """The scorecard as one self-contained HTML page (a string).

    Inline CSS and inline SVG charts, no scripts, no external resource of any kind (a
    Content-Security-Policy forbids loading one); prints on A4. All text is escaped.
    """
    sections = []
    for sec in card.sections:
        charts = _CHARTS.get(sec.id)
        sections.append(
            {
                "id": sec.id,
                "title": sec.title,
                "status": sec.status,
                "note": sec.note,
                "summary": list(sec.summary),
                "indicators": list(sec.indicators),
                "charts": charts(sec, card) if charts and sec.status == "ok" else [],
                "tables": common.tables(card, sec),
            }
        )
    has_meetings = any(s.id == "meetings" and s.status == "ok" for s in card.sections)
    return (
        _environment()
        .get_template("report.html.j2")
        .render(
            card=card,
            name_a=_countries.name(card.a),
            name_b=_countries.name(card.b),
            region_title=card.region_title,
            members=common.members(card),
            streams=common.streams(card),
            sections=sections,
            key=common.key_figures(card),
            findings=list(card.findings),
            direction_labels=common.DIRECTION_LABELS,
            sources=common.sources(card),
            registry=has_meetings,
            methods=common.methods(card),
            parameters=common.parameters(card),
        )
    )
