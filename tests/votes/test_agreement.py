"""accord.votes.agreement against published values, scikit-learn and pandas."""

from __future__ import annotations

import numpy as np
import polars as pl
import pytest
from sklearn.metrics import cohen_kappa_score

import accord
from accord import votes
from accord.errors import CoverageError, InputError
from accord.provenance import provenance_of

REF_COLUMNS = {"USAgree": "USA", "RUSSAgree": "RUS", "ChinaAgree": "CHN"}


@pytest.fixture(scope="module")
def rc():
    return votes.load()


@pytest.fixture(scope="module")
def published(tmp_path_factory, mirror):
    """The BSV ideal-point file, pulled from the mirror into a private cache."""
    import os

    old = os.environ.get("ACCORD_CACHE")
    os.environ["ACCORD_CACHE"] = str(tmp_path_factory.mktemp("cache"))
    try:
        (path,) = accord.data.pull("bsv-idealpoints", progress=False)
        df = pl.read_csv(path, null_values="NA")
    finally:
        if old is None:
            del os.environ["ACCORD_CACHE"]
        else:
            os.environ["ACCORD_CACHE"] = old
    cow = df["ccode"].unique().to_list()
    iso = {c: accord.countries.resolve(int(c)) for c in cow}
    df = df.with_columns(pl.col("ccode").replace_strict(iso, return_dtype=pl.String).alias("iso3"))
    # COW 345 is one series (Yugoslavia → Serbia); the embedded votes code it SRB from session 55.
    df = df.with_columns(
        pl.when((pl.col("ccode") == 345) & (pl.col("session") >= 55))
        .then(pl.lit("SRB"))
        .otherwise(pl.col("iso3"))
        .alias("iso3")
    )
    long = df.filter(pl.col("session") <= 74).unpivot(
        index=["iso3", "session", "NVotesAll"], on=list(REF_COLUMNS), variable_name="column"
    )
    return long.filter(pl.col("value").is_not_null())


def _ours(rc_sel, measure):
    frames = []
    for column, ref in REF_COLUMNS.items():
        others = [c for c in rc_sel.countries if c != ref]
        df = votes.agreement(
            rc_sel, pairs=[(c, ref) for c in others] + [(ref, ref)], measure=measure, min_votes=1
        )
        frames.append(df.with_columns(pl.lit(column).alias("column")))
    return pl.concat(frames).rename({"iso3_a": "iso3"}).drop("iso3_b", "year")


def test_reproduces_published_agreement_columns(rc, published):
    """Published USAgree / RUSSAgree / ChinaAgree (Bailey, Strezhnev & Voeten, Jun 2024).

    The columns are the share of *identical* votes (an abstention against a yes counts as
    disagreement) on the roll calls used for the ideal points: non-unanimous votes, and
    from 1991 on no votes on amendments or paragraphs (``RollCalls.ideal_point_set``).
    On that selection accord's ``raw`` agreement reproduces every published value.
    """
    ours = _ours(rc.ideal_point_set(), ["raw", "voeten"])
    joined = published.join(ours, on=["iso3", "session", "column"], how="left")
    total = joined.height
    missing = joined.filter(pl.col("raw").is_null()).height
    match = joined.filter((pl.col("raw") - pl.col("value")).abs() < 1e-3).height
    exact_n = joined.filter(pl.col("n_votes") == pl.col("NVotesAll")).height
    print(
        f"\npublished agreement values: {total}; accord raw agreement within 1e-3: {match}; "
        f"not computed: {missing}"
    )
    assert total == 29312
    assert missing == 0
    assert match == total
    # The denominators agree too: a state's joint votes with itself = votes it cast.
    own = joined.filter(pl.col("iso3") == pl.col("column").replace_strict(REF_COLUMNS))
    assert (own["n_votes"] == own["NVotesAll"]).all()
    assert exact_n >= own.height


def test_voeten_agreement_differs_by_half_the_abstention_splits(rc, published):
    """Voeten's agreement counts an abstention against a yes or a no as half agreement.

    So it is not the published column: it exceeds it by exactly half the share of joint
    votes on which one state abstained and the other did not. Only the country-sessions
    without such splits match (606 of 29,312).
    """
    sel = rc.ideal_point_set()
    ours = _ours(sel, ["voeten"])
    joined = published.join(ours, on=["iso3", "session", "column"], how="inner")
    # Independent count of abstention splits per dyad-session with numpy.
    mat, codes, rcids = sel.matrix()
    session = sel.rollcalls.sort("rcid")["session"].to_numpy()
    idx = {c: i for i, c in enumerate(codes)}
    rows = joined.select("iso3", "session", "column", "value", "voeten", "n_votes").to_dicts()
    half = np.empty(len(rows))
    for k, r in enumerate(rows):
        cols = session == r["session"]
        x = mat[idx[r["iso3"]], cols]
        y = mat[idx[REF_COLUMNS[r["column"]]], cols]
        both = (x > 0) & (y > 0)
        split = both & ((x == 2) != (y == 2))
        half[k] = 0.5 * split.sum() / both.sum()
    diff = joined["voeten"].to_numpy() - joined["value"].to_numpy()
    assert np.allclose(diff, half, atol=1e-6)
    same = int((np.abs(diff) < 1e-3).sum())
    print(f"\nVoeten agreement equal to the published column in {same} of {len(rows)} cases")
    assert same == int((half < 1e-3).sum())


def _pandas_reference(rc, a, b, session):
    """Voeten agreement and κ of one dyad-session by a straightforward pandas merge."""
    v = rc.votes.to_pandas().merge(rc.rollcalls.select("rcid", "session").to_pandas(), on="rcid")
    v = v[v.session == session]
    m = v[v.iso3 == a].merge(v[v.iso3 == b], on="rcid", suffixes=("_a", "_b"))
    x, y = m.vote_a.to_numpy(), m.vote_b.to_numpy()
    return {
        "voeten": 1 - np.abs(x - y).sum() / (2 * len(x)),
        "kappa": cohen_kappa_score(x, y),
        "kappa_quad": cohen_kappa_score(x, y, weights="quadratic"),
        "n_votes": len(x),
    }


@pytest.mark.parametrize(
    ("a", "b", "session"),
    [
        ("RUS", "CHN", 74),
        ("USA", "GBR", 60),
        ("KAZ", "UZB", 55),
        ("IND", "PAK", 30),
        ("RUS", "USA", 1),
    ],
)
def test_dyads_match_pandas_and_scikit_learn(rc, a, b, session):
    ours = votes.agreement(
        rc, pairs=[(a, b)], sessions=session, measure=["voeten", "kappa", "kappa_quad"]
    ).row(0, named=True)
    ref = _pandas_reference(rc, a, b, session)
    assert ours["n_votes"] == ref["n_votes"]
    for m in ("voeten", "kappa", "kappa_quad"):
        assert ours[m] == pytest.approx(ref[m], abs=1e-12), m


def test_all_dyads_table_is_symmetric_and_complete(rc):
    df = votes.agreement(rc, sessions=74, measure=["kappa"], min_votes=1)
    n_states = rc.votes.join(rc.rollcalls.filter(pl.col("session") == 74), on="rcid")[
        "iso3"
    ].n_unique()
    assert df.height == n_states * (n_states - 1) // 2
    assert (df["iso3_a"] < df["iso3_b"]).all()
    pair = votes.agreement(rc, pairs=[("CHN", "RUS")], sessions=74, measure=["kappa"], min_votes=1)
    row = df.filter((pl.col("iso3_a") == "CHN") & (pl.col("iso3_b") == "RUS"))
    assert row["kappa"][0] == pytest.approx(pair["kappa"][0])
    rev = votes.agreement(rc, pairs=[("RUS", "CHN")], sessions=74, measure=["kappa"], min_votes=1)
    assert rev["kappa"][0] == pytest.approx(pair["kappa"][0])
    assert (rev["iso3_a"][0], rev["iso3_b"][0]) == ("RUS", "CHN")


def test_percentile_is_rank_among_all_dyads(rc):
    pair = votes.agreement(
        rc, pairs=[("RUS", "CHN")], sessions=74, measure=["kappa"], percentile=True
    )
    everyone = votes.agreement(rc, sessions=74, measure=["kappa"])
    k = pair["kappa"][0]
    values = everyone["kappa"].drop_nulls().to_numpy()
    expected = 100 * ((values < k).sum() + 0.5 * (values == k).sum()) / values.size
    assert pair["kappa_pct"][0] == pytest.approx(expected)


def test_by_year_and_filters(rc):
    by_year = votes.agreement(rc, pairs=[("RUS", "CHN")], by="year", years=(2010, 2019))
    assert by_year.columns == ["iso3_a", "iso3_b", "year", "voeten", "kappa", "n_votes"]
    assert by_year["year"].to_list() == list(range(2010, 2020))
    hr = votes.agreement(rc, pairs=[("RUS", "CHN")], years=2019, issue="hr", min_votes=1)
    n_hr = rc.filter(sessions=74, issue="hr").votes.filter(pl.col("iso3").is_in(["RUS", "CHN"]))
    both = n_hr.group_by("rcid").len().filter(pl.col("len") == 2).height
    assert hr["n_votes"][0] == both
    important = votes.agreement(rc, pairs=[("USA", "ISR")], years=2017, important=True, min_votes=1)
    n_important = rc.filter(sessions=72, important=True).rollcalls.height
    assert 0 < important["n_votes"][0] <= n_important
    with pytest.raises(CoverageError, match="UN votes with important=True cover sessions 38–72"):
        votes.agreement(rc, pairs=[("USA", "ISR")], years=2019, important=True)


def test_min_votes_drops_small_dyad_sessions(rc):
    df = votes.agreement(rc, pairs=[("RUS", "KAZ")], min_votes=10)
    assert df["n_votes"].min() >= 10
    assert df["session"].min() >= 47  # Kazakhstan joined in 1992


def test_accepts_the_forms_people_type(rc):
    a = votes.agreement(rc, pairs=[("Russia", "China")], sessions=74)
    b = votes.agreement(rc, pairs=[(365, "CN")], sessions=74)
    assert a.select("iso3_a", "iso3_b", "kappa").equals(b.select("iso3_a", "iso3_b", "kappa"))
    assert a["iso3_a"][0] == "RUS"


def test_provenance_and_citation(rc):
    df = votes.agreement(rc, pairs=[("RUS", "CHN")], measure=["kappa"], years=2019)
    prov = provenance_of(df)
    assert prov.function == "accord.votes.agreement"
    assert prov.sources[0].id == "unga-votes"
    assert prov.parameters["measure"] == ["kappa"]
    bib = accord.cite(df)
    assert "Cohen" in bib and "Voeten" in bib and "@article{cohen1960" in bib


def test_matrix(rc):
    m = votes.matrix(rc, session=74, measure="kappa")
    assert m.columns[0] == "iso3"
    assert m.height == m.width - 1
    rus = m.filter(pl.col("iso3") == "RUS")["CHN"][0]
    pair = votes.agreement(rc, pairs=[("RUS", "CHN")], sessions=74, measure=["kappa"])
    assert rus == pytest.approx(pair["kappa"][0])


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        (
            {"pairs": [("Kyrgystan", "CHN")]},
            "unknown country 'Kyrgystan' in pairs. Did you mean 'Kyrgyzstan' \\(KGZ\\)",
        ),
        (
            {"pairs": [("RUS", "CHN")], "measure": "kapa"},
            "unknown measure 'kapa'. Did you mean 'kappa'",
        ),
        (
            {"pairs": [("RUS", "CHN")], "years": 2023},
            "UN votes cover sessions 1–74 \\(1946–2019\\); you asked for year 2023",
        ),
        (
            {"pairs": [("RUS", "CHN")], "years": (1992, 2024)},
            "newer roll calls are not in accord yet",
        ),
        (
            {"pairs": [("RUS", "CHN")], "sessions": 80},
            "you asked for session 80. Ask for sessions within 1–74",
        ),
        (
            {"pairs": [("RUS", "CHN")], "issue": "humanrights"},
            "unknown issue 'humanrights'. Did you mean 'hr'",
        ),
        ({"pairs": [("RUS", "CHN")], "by": "decade"}, "by='decade' is not a grouping"),
        ({"pairs": [("RUS", "XKX")]}, "no UN votes for 'Kosovo' \\(XKX\\)"),
        ({"pairs": ["RUSCHN"]}, "pairs must be \\(country, country\\) tuples"),
        (
            {"pairs": [("RUS", "CHN")], "years": "1992 to 2019"},
            "years='1992 to 2019' is not understood",
        ),
    ],
)
def test_errors_name_what_and_the_fix(rc, kwargs, message):
    with pytest.raises((InputError, CoverageError), match=message):
        votes.agreement(rc, **kwargs)
