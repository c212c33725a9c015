"""The meetings section: values from the registry and timing functions; events subsection."""

import os
from pathlib import Path

import polars as pl
import pytest

from accord import events
from accord.assess import assess


@pytest.fixture(scope="module")
def card():
    return assess("RUS", "CHN", region="central-asia")


def indicator(section, id):
    return next(i for i in section.indicators if i.id == id)


def test_launch_gap_and_coincidence_equal_the_functions(card):
    sec = card.section("meetings")
    gap = indicator(sec, "meetings.launch_gap")
    assert gap.value == 91
    m = events.meetings(region="central-asia")
    co = events.coincidence(
        m.filter(pl.col("partner") == "RUS")["date_start"].to_list(),
        m.filter(pl.col("partner") == "CHN")["date_start"].to_list(),
        window=92,
        n_surrogates=5000,
        seed=0,
    )
    assert indicator(sec, "meetings.coincidence.precursor").value == pytest.approx(
        co.precursor_rate
    )
    assert any("number 3" in line for line in sec.summary)  # Russia's first meetings are undated


def test_shared_memberships(card):
    sec = card.section("meetings")
    assert indicator(sec, "meetings.memberships.shared").value >= 1  # the SCO at least
    assert "sco" in sec.tables["memberships"]["org_id"].to_list()


def test_region_without_formats():
    sec = assess("USA", "GBR", region="eu").section("meetings")
    assert sec.status == "ok"
    assert any("No dialogue formats with the European Union" in s for s in sec.summary)


def test_events_subsection_counts():
    icews = (
        Path(os.environ["ACCORD_TEST_MIRROR"]) / "event_data_samples/icews/events.2018.sample.tab"
    )
    if not icews.is_file():
        pytest.skip("shared event samples not found")
    sec = assess("RUS", "CHN", region="central-asia", event_files=icews).section("meetings")
    ind = indicator(sec, "meetings.events.RUS↔CHN")
    dyads = events.aggregate(events.read_icews(icews), actors=["RUS", "CHN"])
    pair = dyads.filter(pl.col("source_country") != pl.col("target_country"))
    assert ind.n == pair["n_events"].sum()
    assert ind.value == pytest.approx(
        (pair["n_q1"].sum() + pair["n_q2"].sum()) / pair["n_events"].sum()
    )
