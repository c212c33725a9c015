"""The Markdown report: the same scorecard as the HTML page, escaped, tables well formed."""

from __future__ import annotations

import re

from accord.report.markdown import escape_md, render_markdown

from .conftest import HOSTILE


def _headings(md: str, level: int) -> list[str]:
    return re.findall(rf"^{'#' * level} (.+)$", md, re.M)


def test_sections_in_product_order(card):
    md = render_markdown(card)
    assert _headings(md, 1) == [card.question]
    assert _headings(md, 2) == [
        "Summary",
        "Votes (UN General Assembly)",
        "Words (UN General Debate speeches)",
        "Statements (joint statements, strategies)",
        "Meetings (dialogue formats, memberships, timing)",
        "Money (trade, remittances, migration, finance)",
        "Data and methods",
    ]


def test_same_numbers_as_the_scorecard(card):
    md = render_markdown(card)
    for line in card.reading:
        assert escape_md(line) in md
    for f in card.findings:
        assert escape_md(f.text) in md
    for sec in card.sections:
        for ind in sec.indicators:
            assert escape_md(ind.label) in md
    # The chart findings are kept as sentences.
    for title in card.section("votes").figures.values():
        assert escape_md(title) in md
    assert "Cohen (1960)" in md


def test_tables_are_well_formed(card):
    md = render_markdown(card)
    blocks = re.findall(r"((?:^\|.*\|$\n?)+)", md, re.M)
    assert len(blocks) >= 8
    for block in blocks:
        rows = block.strip().split("\n")
        assert re.fullmatch(r"\|(?: -{3}:? \|)+", rows[1]), rows[1]
        # A cell's escaped pipes do not split it.
        widths = {len(re.findall(r"(?<!\\)\|", r)) for r in rows}
        assert len(widths) == 1, block[:200]


def test_hostile_text_is_text(hostile):
    md = render_markdown(hostile)
    assert "<script" not in md and "<img" not in md and "<a href" not in md
    assert md.count(escape_md(HOSTILE)) >= 5
    assert '&lt;script&gt;alert("x")&lt;/script&gt;' in md


def test_escape_md():
    assert escape_md("a|b") == "a\\|b"
    assert escape_md("**x** _y_ `z` [l](u)") == "\\*\\*x\\*\\* \\_y\\_ \\`z\\` \\[l\\](u)"
    assert escape_md("<b>&</b>") == "&lt;b&gt;&amp;&lt;/b&gt;"
    assert escape_md("1. first") == "1\\. first" and escape_md("0.51") == "0.51"
    assert escape_md("# not a heading") == "\\# not a heading"
    assert escape_md("- not an item") == "\\- not an item" and escape_md("-0.06") == "-0.06"
    assert escape_md("two\nlines") == "two lines"
