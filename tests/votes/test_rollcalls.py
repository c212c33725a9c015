"""RollCalls: the embedded data, selections, and their errors."""

import numpy as np
import polars as pl
import pytest

from accord import votes
from accord.errors import CoverageError, InputError


@pytest.fixture(scope="module")
def rc():
    return votes.load()


def test_embedded_data_matches_the_source(rc, mirror):
    src = pl.read_csv(
        mirror / "unga_votes" / "un_votes.csv.gz", schema_overrides={"country_code": pl.String}
    )
    assert rc.votes.height == src.height == 870_109
    assert rc.rollcalls.height == 6_203
    assert rc.coverage == (1, 74, 1946, 2019)
    counts = rc.votes["vote"].value_counts().sort("vote")["count"].to_list()
    want = src["vote"].value_counts()
    assert counts == [
        want.filter(pl.col("vote") == v)["count"][0] for v in ("yes", "abstain", "no")
    ]
    # Focal countries as documented in the data's SOURCE.md.
    n = dict(rc.votes.group_by("iso3").len().iter_rows())
    assert (n["RUS"], n["CHN"], n["KAZ"], n["USA"]) == (6145, 4532, 2394, 6156)


def test_historical_seats(rc):
    by = rc.votes.join(rc.rollcalls.select("rcid", "session"), on="rcid")
    span = by.group_by("iso3").agg(
        pl.col("session").min().alias("lo"), pl.col("session").max().alias("hi")
    )
    s = {r["iso3"]: (r["lo"], r["hi"]) for r in span.iter_rows(named=True)}
    assert s["RUS"] == (1, 74)  # the USSR's seat
    assert s["TWN"] == (1, 26) and s["CHN"] == (26, 74)
    assert s["YUG"][1] <= 54 and s["SRB"][0] == 55
    assert s["DDR"] == (28, 44)


def test_dense_matrix_is_read_only_and_consistent(rc):
    mat, codes, rcids = rc.matrix()
    assert mat.shape == (len(codes), rcids.size)
    assert (mat > 0).sum() == rc.votes.height
    with pytest.raises(ValueError):
        mat[0, 0] = 1
    i, j = codes.index("RUS"), int(np.searchsorted(rcids, 3))
    assert (
        mat[i, j] == rc.votes.filter((pl.col("rcid") == 3) & (pl.col("iso3") == "RUS"))["vote"][0]
    )


def test_filter_returns_new_objects(rc):
    before = rc.votes.height
    sub = rc.filter(years=(1992, 2019), issue=["hr", "nuclear weapons and nuclear material"])
    assert rc.votes.height == before
    assert sub is not rc
    assert sub.rollcalls["year"].min() >= 1992
    assert (sub.rollcalls["hr"] | sub.rollcalls["nu"]).all()
    assert sub.selection == {"years": [1992, 2019], "issue": ["hr", "nu"]}


def test_unanimous_amendment_paragraph_filters(rc):
    sub = rc.filter(sessions=(60, 74), unanimous=False, amendments=False, paragraphs=False)
    assert not sub.rollcalls["amend"].any() and not sub.rollcalls["para"].any()
    kinds = sub.votes.group_by("rcid").agg(pl.col("vote").n_unique().alias("k"))
    assert (kinds["k"] > 1).all()


def test_ideal_point_set(rc):
    sel = rc.ideal_point_set()
    late = sel.rollcalls.filter(pl.col("session") >= 46)
    assert not (late["amend"] | late["para"]).any()
    assert sel.rollcalls.filter(pl.col("session") < 46)["para"].any()
    assert sel.selection["preset"] == "bsv-ideal-points"


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        (
            {"years": 2023},
            CoverageError,
            "UN votes cover sessions 1–74 \\(1946–2019\\); you asked for year 2023",
        ),
        ({"sessions": (0, 3)}, CoverageError, "you asked for sessions 0–3"),
        ({"years": (2019, 1992)}, InputError, "runs backwards; use \\(1992, 2019\\)"),
        ({"issue": "trade"}, InputError, "unknown issue 'trade'. Choose from me"),
        ({"years": True}, InputError, "years=True is not a year or a range"),
    ],
)
def test_filter_errors(rc, kwargs, error, message):
    with pytest.raises(error, match=message):
        rc.filter(**kwargs)
