"""The HTML report: self-contained, in PRODUCT.md's order, every figure from the scorecard,
every piece of text escaped."""

from __future__ import annotations

import re
from html import escape as html_escape
from html.parser import HTMLParser

from accord.report._common import num, plural, short_citation
from accord.report.html import render_html

from .conftest import HOSTILE, HOSTILE_LINK


class Page(HTMLParser):
    """Every element (tag, attributes) and the page's text, as a browser's parser sees them."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))

    def handle_startendtag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)

    def tags(self, name: str) -> list[dict[str, str | None]]:
        return [a for t, a in self.elements if t == name]

    @property
    def all_text(self) -> str:
        return " ".join(" ".join(self.text).split())


def test_sections_in_product_order(card):
    page = Page(render_html(card))
    ids = [a["id"] for a in page.tags("section")]
    assert ids == ["summary", "votes", "words", "statements", "meetings", "money", "methods"]
    assert page.tags("h1") and card.question in page.all_text
    # The summary carries the reading and the key figures.
    for line in card.reading:
        assert " ".join(line.split()) in page.all_text
    assert len([a for a in page.tags("div") if a.get("class") == "keyfig"]) >= 4


def test_self_contained_no_script_no_external_resource(card):
    html = render_html(card)
    page = Page(html)
    assert not page.tags("script") and not page.tags("link") and not page.tags("iframe")
    assert not page.tags("img")  # charts are inline SVG
    for tag, attrs in page.elements:
        for name in ("src", "href", "xlink:href", "action", "srcset"):
            value = attrs.get(name)
            if value is not None:
                assert value.startswith("#"), f"<{tag} {name}={value!r}> leaves the page"
        assert not any(k.startswith("on") for k in attrs), f"event handler on <{tag}>"
    assert "url(" not in html and "@import" not in html
    csp = [a for a in page.tags("meta") if a.get("http-equiv") == "Content-Security-Policy"]
    assert csp and csp[0]["content"].startswith("default-src 'none'")
    assert len(page.tags("svg")) >= 4  # votes (2), meetings timeline, money


def test_charts_have_titles_axes_and_sources(card):
    html = render_html(card)
    figures = re.findall(r"<figure class=\"chart\".*?</figure>", html, re.S)
    assert len(figures) >= 4
    votes = card.section("votes")
    for title in votes.figures.values():
        assert any(html_escape(title) in f for f in figures), title
    for f in figures:
        assert "<figcaption>" in f and "Source:" in f
        assert "<title>" in f or "aria-label" in f  # a text alternative for screen readers
    routes = [f for f in figures if "Lanzhou to Tashkent" in f]
    assert len(routes) == 1 and "schematic, not to scale" in routes[0]
    line_chart = next(f for f in figures if "year the UN session opened" in f)
    assert "kappa" in line_chart  # the y axis names the measure


def test_every_key_figure_is_the_scorecards_number(card):
    page = Page(render_html(card)).all_text
    ab = next(i for i in card.section("votes").indicators if i.id == "votes.ab.latest")
    assert f"{ab.value:.2f}" in page and ab.label in page
    gap = next(i for i in card.section("meetings").indicators if i.id == "meetings.launch_gap")
    assert f"{gap.p_value:.3f}" in page


def test_methods_and_sources_are_listed(card):
    page = Page(render_html(card)).all_text
    assert "Cohen (1960)" in page and "Donges et al. (2016)" in page
    assert "κ = (p_o − p_e)/(1 − p_e)" in page
    assert "UN General Assembly roll-call votes" in page and "CC0 1.0" in page
    assert "@article{cohen1960" in page  # the BibTeX, for copying


def test_hostile_text_is_shown_as_text(hostile):
    html = render_html(hostile)
    page = Page(html)
    assert not page.tags("script") and not page.tags("style")[1:]  # only the report's style
    assert not page.tags("img")
    for tag, attrs in page.elements:
        assert not any(k.startswith("on") for k in attrs), f"event handler on <{tag}>"
        for name in ("src", "href"):
            assert (attrs.get(name) or "#").startswith("#"), f"<{tag} {name}> leaves the page"
    # The text is there, readable, in the summary, tables, captions, notes and findings.
    text = page.all_text
    assert text.count(HOSTILE) >= 6
    assert HOSTILE_LINK in text
    assert "&lt;script&gt;" in html and "<script>" not in html


def test_hostile_text_in_chart_titles_is_escaped_inside_svg(hostile):
    html = render_html(hostile)
    svgs = re.findall(r"<svg.*?</svg>", html, re.S)
    assert sum("&lt;script&gt;alert" in svg for svg in svgs) == 2  # the two votes charts
    for svg in svgs:
        inner = Page(svg)
        assert {t for t, _ in inner.elements} <= {
            "svg",
            "title",
            "desc",
            "g",
            "rect",
            "line",
            "polyline",
            "polygon",
            "circle",
            "text",
            "path",
            "tspan",
        }


def test_second_case_reads_sensibly(card_eu):
    """USA–GBR towards the EU: names read as English, and nothing from the Central Asian
    case leaks in (no Russian or Chinese notes, no invented formats)."""
    html = render_html(card_eu)
    page = Page(html).all_text
    q = "Do the United States and the United Kingdom act in concert towards the European Union?"
    assert card_eu.question == q and q in page
    assert "Overall, there are signs of alignment between the United States and the United " in page
    meetings = card_eu.section("meetings")
    assert meetings.title == "Meetings (dialogue formats, memberships, timing)"
    assert any("No dialogue formats with the European Union" in s for s in meetings.summary)
    money = " ".join(card_eu.section("money").summary)
    assert "no reports from the region's members" in money and "--trade" in money
    assert "Russian" not in money and "China" not in money
    assert "Central Asia" not in " ".join(card_eu.reading)
    # Every sentence starts with a capital letter, names inside it take "the".
    for sec in card_eu.sections:
        assert all(s[:1].isupper() for s in sec.summary), sec.id
    assert all(f.text[:1].isupper() for f in card_eu.findings)


def test_number_formats():
    assert num(591025.0) == "591,025"
    assert num(0.5123) == "0.51"
    assert num(12345) == "12,345" and num(2402) == "2402"
    assert num(None) == "–" and num(float("nan")) == "–"
    assert num(True) == "yes"
    assert plural(1, "members with figures") == "1 member with figures"
    assert plural(2, "members with figures") == "2 members with figures"
    assert plural(1, "joint votes") == "1 joint vote"
    assert plural(1, "RUS meetings (9 CHN meetings)") == "1 RUS meeting (9 CHN meetings)"


def test_short_citation():
    from accord.citation import METHODS

    assert short_citation(METHODS["cohen1960"]) == "Cohen (1960)"
    assert short_citation(METHODS["signorino1999"]) == "Signorino and Ritter (1999)"
    assert short_citation("no bibtex") == ""


def test_every_method_has_a_name_formula_and_short_reference():
    from accord.citation import METHODS
    from accord.report._common import METHOD_NOTES

    assert set(METHODS) <= set(METHOD_NOTES), set(METHODS) - set(METHOD_NOTES)
    for key, bib in METHODS.items():
        name, formula = METHOD_NOTES[key]
        assert name and formula, key
        assert re.fullmatch(r".+ \(\d{4}\)", short_citation(bib)), key
    assert short_citation(METHODS["hage2011"]) == "Häge (2011)"


def test_sources_of_datasets_read_from_the_users_files_are_cited(card):
    import dataclasses

    from accord.provenance import Provenance, SourceRef
    from accord.report._common import sources

    money = card.section("money")
    baci = Provenance("accord.economy.indices.export_similarity", (SourceRef("cepii-baci", "V1"),))
    extra = dataclasses.replace(money, provenance=(*money.provenance, baci))
    with_baci = dataclasses.replace(
        card, sections=tuple(extra if s.id == "money" else s for s in card.sections)
    )
    row = next(s for s in sources(with_baci) if s["id"] == "cepii-baci")
    assert row["version"] == "V1" and "@techreport{gaulier2010baci," in row["citation"]
