"""Synthesis rules, one by one: a scorecard that triggers each rule and one that does not."""

import pytest

from accord.assess import synthesis
from accord.assess.scorecard import Indicator, Section

A, B = "RUS", "CHN"


def section(*indicators, id="votes", status="ok"):
    return Section(id=id, title=id.title(), status=status, indicators=tuple(indicators))


def run(*indicators, sections=None):
    secs = sections or [section(*indicators)]
    return {f.rule: f for f in synthesis.findings(secs, A, B)}


def ind(id, value=0.0, **kw):
    return Indicator(id=id, label=id, value=value, **kw)


@pytest.mark.parametrize(
    ("rule", "fires", "quiet"),
    [
        (
            "votes_level",
            ind("votes.ab.latest", percentile=85, details={"year": 2019}),
            ind("votes.ab.latest", percentile=60),
        ),
        (
            "votes_period",
            ind("votes.ab.mean_since", percentile=80),
            ind("votes.ab.mean_since", percentile=50),
        ),
        (
            "votes_trend",
            ind("votes.ab.mean_since", percentile=50, direction="rising"),
            ind("votes.ab.mean_since", percentile=50, direction="no clear trend"),
        ),
        (
            "votes_region",
            ind("votes.region.closer_to_a", value=5, n=5),
            ind("votes.region.closer_to_a", value=3, n=5),
        ),
        (
            "launch_gap",
            ind("meetings.launch_gap", 91, p_value=0.02, details={"p_any_pair_uniform": 0.7}),
            None,
        ),
        (
            "meeting_timing",
            ind("meetings.coincidence.precursor", 0.8, p_value=0.01, details={"n_a": 8, "n_b": 9}),
            None,
        ),
        (
            "memberships",
            ind("meetings.memberships.shared", 1, details={"organisations": ["sco"]}),
            ind("meetings.memberships.shared", 0),
        ),
        ("export_similarity", ind("money.similarity", 0.7), ind("money.similarity", 0.35)),
        ("economic_lean", None, None),
        (
            "claims",
            ind(
                "money.claims",
                1,
                n=17,
                details={"supported": 4, "contradicted": 1, "not checkable": 12},
            ),
            ind("money.claims", 0, n=17),
        ),
    ],
)
def test_rule_fires_and_stays_quiet(rule, fires, quiet):
    if fires is not None:
        assert rule in run(fires)
    if quiet is not None:
        assert rule not in run(quiet)


def test_votes_directions():
    assert run(ind("votes.ab.latest", percentile=90))["votes_level"].direction == "toward"
    assert run(ind("votes.ab.latest", percentile=10))["votes_level"].direction == "against"
    f = run(ind("votes.ab.mean_since", percentile=50, direction="falling"))["votes_trend"]
    assert (f.direction, f.strength) == ("against", "weak")


def test_launch_gap_is_weak_when_some_pair_would_be_as_close():
    weak = run(ind("meetings.launch_gap", 91, p_value=0.02, details={"p_any_pair_uniform": 0.74}))
    assert (weak["launch_gap"].direction, weak["launch_gap"].strength) == ("toward", "weak")
    assert "weak evidence" in weak["launch_gap"].text
    clear = run(ind("meetings.launch_gap", 3, p_value=0.001, details={"p_any_pair_uniform": 0.01}))
    assert clear["launch_gap"].strength == "clear"
    far = run(ind("meetings.launch_gap", 2000, p_value=0.4, details={"p_any_pair_uniform": 1.0}))
    assert far["launch_gap"].direction == "context"


def test_meeting_timing_needs_enough_meetings():
    few = run(
        ind("meetings.coincidence.precursor", 1.0, p_value=0.01, details={"n_a": 2, "n_b": 2})
    )
    assert (
        few["meeting_timing"].direction == "missing"
        and "Too few meetings" in few["meeting_timing"].text
    )
    none = run(
        ind("meetings.coincidence.precursor", 0.2, p_value=0.8, details={"n_a": 8, "n_b": 9})
    )
    assert (none["meeting_timing"].direction, none["meeting_timing"].strength) == (
        "against",
        "weak",
    )


def test_economic_lean():
    both = run(ind("money.remittances.RUS", 13.7), ind("money.remittances.CHN", 0.5))
    assert "more to Russia" in both["economic_lean"].text
    even = run(ind("money.remittances.RUS", 1.0), ind("money.remittances.CHN", 0.9))
    assert "economic_lean" not in even
    one = run(ind("money.remittances.RUS", 13.7))
    assert "none are estimated from China" in one["economic_lean"].text


def test_missing_streams():
    secs = [section(), section(id="statements", status="not yet available")]
    assert run(sections=secs)["missing_streams"].text == "Not yet in accord: Statements."
    secs = [section(), section(id="words", status="skipped")]
    text = run(sections=secs)["missing_streams"].text
    assert text == "Not measured here: Words (its section says why and how to add it)."
    assert "missing_streams" not in run(sections=[section()])


def test_words_similarity_against_the_reference_pairs():
    def words(ab, *refs):
        inds = [ind("words.ab.mean_since", 0.3, percentile=ab)]
        inds += [ind(f"words.ref.{p}.mean_since", 0.3, percentile=r) for p, r in refs]
        return run(sections=[section(*inds, id="words")])

    high = words(90, ("RUS-USA", 60), ("CHN-USA", 70))["words_similarity"]
    assert high.direction == "toward" and "RUS–USA 60, CHN–USA 70" in high.text
    low = words(40, ("RUS-USA", 60), ("CHN-USA", 70))["words_similarity"]
    assert low.direction == "against"
    # Great powers' speeches resemble everyone's: 93 next to reference pairs at 93–94 is
    # context, not a sign of alignment (the RUS–CHN case on the real corpus).
    same = words(93, ("RUS-USA", 94), ("CHN-USA", 92.5))["words_similarity"]
    assert same.direction == "context" and "does not set them apart" in same.text
    assert words(80)["words_similarity"].strength == "weak"  # no reference pair
    assert "words_similarity" not in run(ind("votes.ab.latest", percentile=90))


def test_reading_overall_lines():
    toward = synthesis.findings(
        [section(ind("votes.ab.latest", percentile=90), ind("votes.ab.mean_since", percentile=90))],
        A,
        B,
    )
    lines = synthesis.reading(toward, A, B)
    assert lines[-2].startswith("Overall, Russia and China are aligned")
    assert lines[-1].startswith("Alignment is not proof of coordination")
    mixed = synthesis.findings(
        [
            section(
                ind("votes.ab.latest", percentile=90),
                ind(
                    "meetings.coincidence.precursor", 0.1, p_value=0.9, details={"n_a": 9, "n_b": 9}
                ),
            )
        ],
        A,
        B,
    )
    assert synthesis.reading(mixed, A, B)[-2].startswith("Overall, the evidence is mixed")
    nothing = synthesis.findings([section(ind("votes.ab.latest", percentile=50))], A, B)
    assert synthesis.reading(nothing, A, B)[-2].startswith(
        "Overall, the evidence does not show alignment"
    )
    one = synthesis.findings([section(ind("votes.ab.latest", percentile=90))], A, B)
    assert synthesis.reading(one, A, B)[-2].startswith("Overall, there are signs of alignment")


def test_the_scorecard_carries_findings_and_reading():
    from accord.assess import assess

    card = assess("RUS", "CHN", region="central-asia")
    rules = {f.rule for f in card.findings}
    assert {
        "votes_level",
        "launch_gap",
        "meeting_timing",
        "memberships",
        "claims",
        "missing_streams",
    } <= rules
    assert card.reading[-1].startswith("Alignment is not proof")
    d = card.to_dict()
    assert d["schema_version"] == 2 and d["reading"] == list(card.reading)
