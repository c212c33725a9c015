"""The scorecard of the main job: values equal the stream functions, JSON round trip, errors."""

import json

import polars as pl
import pytest

import accord
from accord import votes
from accord.assess import SCHEMA_VERSION, assess
from accord.errors import CoverageError, InputError
from accord.provenance import Provenance


@pytest.fixture(scope="module")
def card():
    return assess("RUS", "CHN", region="central-asia")


def test_votes_section_values_equal_the_votes_stream(card):
    sec = card.section("votes")
    assert sec.status == "ok"
    latest = {i.id: i for i in sec.indicators}["votes.ab.latest"]
    rc = votes.load()
    ref = votes.agreement(rc, pairs=[("RUS", "CHN")], sessions=74, measure="kappa", percentile=True)
    assert latest.value == pytest.approx(ref["kappa"][0])
    assert latest.percentile == pytest.approx(ref["kappa_pct"][0])
    assert latest.n == ref["n_votes"][0]
    mean = {i.id: i for i in sec.indicators}["votes.ab.mean_since"]
    recent = votes.agreement(rc, pairs=[("RUS", "CHN")], years=(1992, 2019), measure="kappa")
    assert mean.value == pytest.approx(recent["kappa"].mean())
    assert mean.n == recent["n_votes"].sum()


def test_reference_pairs_and_members(card):
    sec = card.section("votes")
    refs = sec.tables["reference_pairs"]
    assert set(zip(refs["iso3_a"], refs["iso3_b"], strict=True)) == {
        ("RUS", "CHN"),
        ("RUS", "USA"),
        ("CHN", "USA"),
    }
    members = sec.tables["members"]
    assert set(members["iso3"]) == {"KAZ", "KGZ", "TJK", "TKM", "UZB"}
    closer = {i.id: i for i in sec.indicators}["votes.region.closer_to_a"]
    assert closer.value == (members["closer"] == "RUS").sum()


def test_streams_without_their_data_are_skipped_with_a_note(card):
    status = {s.id: s.status for s in card.sections}
    # Words need the UN General Debate Corpus in the cache: "ok" when it is, else "skipped"
    # (tests/assess/test_words_section.py checks both); statements need --docs.
    assert status.pop("words") in ("ok", "skipped")
    assert status == {"votes": "ok", "statements": "skipped", "meetings": "ok", "money": "ok"}
    assert "--docs FOLDER" in card.section("statements").note


def test_json_round_trip_with_provenance(card):
    d = json.loads(card.to_json())
    assert d["schema"] == "accord.scorecard" and d["schema_version"] == SCHEMA_VERSION
    assert (d["a"], d["b"], d["region"]) == ("RUS", "CHN", "central-asia")
    assert d["members"] == ["KAZ", "KGZ", "TJK", "TKM", "UZB"]
    sec = d["sections"][0]
    assert sec["id"] == "votes"
    prov = [Provenance.from_dict(p) for p in sec["provenance"]]
    assert prov[0].sources[0].id == "unga-votes"
    assert Provenance.from_json(prov[0].to_json()) == prov[0]
    rows = sec["tables"]["ab_by_session"]
    assert rows[-1]["session"] == 74
    assert all(r["kappa"] is None or -1 <= r["kappa"] <= 1 for r in rows)


def test_cite_scorecard(card):
    bib = accord.cite(card)
    assert "voeten2009unvotes" in bib and "cohen1960" in bib and "sen1968" in bib


def test_powers_inside_the_region_are_left_out():
    card = assess("KAZ", "CHN", region="central-asia", since=2000)
    assert "KAZ" not in card.members
    members = card.section("votes").tables["members"]
    assert "KAZ" not in members["iso3"].to_list()


def test_other_case_reads():
    card = assess("USA", "GBR", region="eu")
    sec = card.section("votes")
    refs = sec.tables["reference_pairs"]
    # A is the reference power: the only pair is USA–GBR itself.
    assert list(zip(refs["iso3_a"], refs["iso3_b"], strict=True)) == [("USA", "GBR")]
    assert isinstance(sec.tables["members"], pl.DataFrame)


@pytest.mark.parametrize(
    ("args", "kwargs", "error", "message"),
    [
        (
            ("Rusia", "CHN"),
            {"region": "central-asia"},
            InputError,
            "unknown country 'Rusia' in powers. Did you mean 'Russia'",
        ),
        (("RUS", "CHN"), {"region": "central asai"}, InputError, "unknown region 'central asai'"),
        (("RUS", "RU"), {"region": "central-asia"}, InputError, "same state \\(RUS\\)"),
        (
            ("RUS", "CHN"),
            {"region": "central-asia", "since": 2030},
            CoverageError,
            "since=2030 is outside the UN votes",
        ),
        (
            ("RUS", "CHN"),
            {"region": "central-asia", "measure": "kappaa"},
            InputError,
            "unknown measure 'kappaa'",
        ),
    ],
)
def test_errors(args, kwargs, error, message):
    with pytest.raises(error, match=message):
        assess(*args, **kwargs)


def test_progress_is_told_each_step_in_order():
    seen = []
    assess("RUS", "CHN", region="central-asia", progress=seen.append)
    assert [s.split(":")[0] for s in seen] == [
        "votes",
        "words",
        "statements",
        "meetings",
        "money",
        "the reading",
    ]
