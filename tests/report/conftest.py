"""Scorecards the report tests render: the embedded data, a second case, hostile text."""

from __future__ import annotations

import dataclasses

import polars as pl
import pytest

from accord.assess import assess
from accord.assess.scorecard import Finding

#: Text a document or a data file could contain; must show as text, never run or load.
HOSTILE = '<script>alert("x")</script><img src="https://evil.example/p.png" onerror="alert(1)">'
HOSTILE_LINK = '<a href="https://evil.example/">click</a> & <style>body{display:none}</style>'


@pytest.fixture(scope="session")
def card():
    return assess("RUS", "CHN", region="central-asia")


@pytest.fixture(scope="session")
def card_eu():
    """The second case: the United States and the United Kingdom towards the EU."""
    return assess("USA", "GBR", region="eu")


@pytest.fixture(scope="session")
def hostile(card):
    """The RUS–CHN scorecard with hostile text in every place a document's text can reach."""
    sections = []
    for sec in card.sections:
        if sec.id == "votes":
            members = sec.tables["members"].with_columns(
                pl.lit(HOSTILE).alias("closer"), pl.lit(HOSTILE_LINK).alias("iso3")
            )
            sec = dataclasses.replace(
                sec,
                summary=(*sec.summary, f"A statement said: {HOSTILE}"),
                figures={k: f"{v} {HOSTILE}" for k, v in sec.figures.items()},
                tables={**sec.tables, "members": members},
                indicators=tuple(
                    dataclasses.replace(i, label=f"{i.label} {HOSTILE_LINK}", caveat=HOSTILE)
                    for i in sec.indicators
                ),
            )
        elif sec.status != "ok":
            sec = dataclasses.replace(sec, note=f"{sec.note} {HOSTILE}")
        sections.append(sec)
    finding = Finding(rule="test", direction="context", text=f"Title of a document: {HOSTILE}")
    return dataclasses.replace(
        card,
        sections=tuple(sections),
        findings=(*card.findings, finding),
        reading=(*card.reading, HOSTILE_LINK),
        caveats=(*card.caveats, HOSTILE),
    )
