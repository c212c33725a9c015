"""The reading of the whole: explicit rules from indicators to findings to a few sentences.

Each rule reads indicators by id and returns a :class:`~accord.assess.scorecard.Finding`
(or nothing when it does not apply). The rules, in order:

====================  ==========================================================================
rule                  fires when → finding
====================  ==========================================================================
votes_level           A–B agreement percentile among all dyads in the latest session ≥ 75 →
                      *toward*; ≤ 25 → *against*
votes_period          the same for the median percentile over the sessions since the start year
votes_trend           A–B agreement trend since the start year rising → *toward*; falling →
                      *against* (weak: a trend is movement, not a level)
votes_region          all region members with votes closer to one power → *context*
words_similarity      A–B speech similarity, median percentile since the start year: ≥ 75 and
                      above every reference pair → *toward*; below every reference pair →
                      *against*; otherwise *context* (as alike as the reference pairs)
statements_similarity the user's documents: A's with B's more alike than with the others →
                      *toward*, less → *against* (weak: a handful of documents)
launch_gap            launch gap p < 0.05 under the uniform null → *toward*, but weak whenever
                      the chance of *some* pair of launches this close is ≥ 0.05 (one
                      coincidence noticed after the fact); otherwise *context*
meeting_timing        coincidence test with ≥ 5 meetings on each side: p < 0.05 → *toward*;
                      p ≥ 0.05 → *against* (weak: absence of clustering); fewer meetings →
                      *missing* (too few to test)
memberships           A and B share an organisation → *context*
export_similarity     Finger–Kreinin ≥ 0.5 → *context* (they compete for the same markets);
                      ≤ 0.2 → *context* (division of labour)
economic_lean         one power sends ≥ 2× the other's remittances to the region → *context*
claims                some of the article's figures are contradicted by the data → *context*
missing_streams       a stream is not in accord yet, or skipped (no data) → *missing*
====================  ==========================================================================

The reading (:func:`reading`) then says, in this order: what points toward alignment,
what against, the context, what is missing, and an overall line chosen by count — two or
more clear *toward* findings and none *against*: "aligned, which is consistent with but not
proof of coordination"; findings both ways: "mixed"; no *toward* finding: "the evidence
does not show alignment beyond chance". It always ends with the caveat that alignment is
not coordination.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from accord import countries as _countries
from accord.assess.scorecard import Finding, Indicator, Section

__all__ = ["RULES", "findings", "reading"]

Rule = Callable[[dict[str, Indicator], list[Section], str, str], Finding | None]


def _ind(idx: dict[str, Indicator], prefix: str) -> list[Indicator]:
    return [i for k, i in idx.items() if k.startswith(prefix)]


def votes_level(idx, sections, a, b) -> Finding | None:
    i = idx.get("votes.ab.latest")
    if i is None or i.percentile is None:
        return None
    na, nb = _countries.sentence_name(a), _countries.sentence_name(b)
    year = i.details.get("year", "")
    if i.percentile >= 75:
        return Finding(
            "votes_level",
            "toward",
            f"{na} and {nb} voted more alike than {i.percentile:.0f}% of all pairs of states in "
            f"the UN General Assembly ({year}).",
            evidence=(i.id,),
        )
    if i.percentile <= 25:
        return Finding(
            "votes_level",
            "against",
            f"{na} and {nb} voted less alike than most pairs of states ({i.percentile:.0f}th "
            f"percentile, {year}).",
            evidence=(i.id,),
        )
    return None


def votes_period(idx, sections, a, b) -> Finding | None:
    i = idx.get("votes.ab.mean_since")
    if i is None or i.percentile is None:
        return None
    na, nb = _countries.sentence_name(a), _countries.sentence_name(b)
    if i.percentile >= 75:
        return Finding(
            "votes_period",
            "toward",
            f"Over the period, {na} and {nb} typically voted more alike than {i.percentile:.0f}% "
            "of all pairs (median of the sessions).",
            evidence=(i.id,),
        )
    if i.percentile <= 25:
        return Finding(
            "votes_period",
            "against",
            f"Over the period, {na} and {nb} typically voted less alike than most pairs "
            f"({i.percentile:.0f}th percentile, median of the sessions).",
            evidence=(i.id,),
        )
    return None


def votes_trend(idx, sections, a, b) -> Finding | None:
    i = idx.get("votes.ab.mean_since")
    if i is None or i.direction not in ("rising", "falling"):
        return None
    na, nb = _countries.sentence_name(a), _countries.sentence_name(b)
    pa, pb = _countries.possessive(na), _countries.possessive(nb)
    if i.direction == "rising":
        return Finding(
            "votes_trend",
            "toward",
            f"{pa} and {pb} votes have converged over time.",
            "weak",
            (i.id,),
        )
    return Finding(
        "votes_trend",
        "against",
        f"{pa} and {pb} votes have diverged over time.",
        "weak",
        (i.id,),
    )


def votes_region(idx, sections, a, b) -> Finding | None:
    i = idx.get("votes.region.closer_to_a")
    if i is None or not i.n:
        return None
    if i.value in (0, i.n):
        lean = a if i.value == i.n else b
        return Finding(
            "votes_region",
            "context",
            f"All {i.n} of the region's states with votes are closer to "
            f"{_countries.sentence_name(lean)} in their latest session.",
            evidence=(i.id,),
        )
    return None


def words_similarity(idx, sections, a, b) -> Finding | None:
    i = idx.get("words.ab.mean_since")
    if i is None or i.percentile is None:
        return None
    na, nb = _countries.sentence_name(a), _countries.sentence_name(b)
    pa, pb = _countries.possessive(na), _countries.possessive(nb)
    refs = [x for k, x in idx.items() if k.startswith("words.ref.") and x.percentile is not None]
    ref_text = ", ".join(f"{r.id.split('.')[2].replace('-', '–')} {r.percentile:.0f}" for r in refs)
    pct = f"median percentile {i.percentile:.0f}"
    if refs and i.percentile >= 75 and i.percentile > max(r.percentile for r in refs):
        return Finding(
            "words_similarity",
            "toward",
            f"{pa} and {pb} General Debate speeches are more alike than most pairs of "
            f"states' and than the reference pairs' ({pct}; reference pairs {ref_text}).",
            evidence=(i.id, *(r.id for r in refs)),
        )
    if refs and i.percentile < min(r.percentile for r in refs):
        return Finding(
            "words_similarity",
            "against",
            f"{pa} and {pb} General Debate speeches are less alike than each of theirs "
            f"with the reference power ({pct}; reference pairs {ref_text}).",
            evidence=(i.id, *(r.id for r in refs)),
        )
    if not refs and i.percentile >= 75:
        return Finding(
            "words_similarity",
            "toward",
            f"{pa} and {pb} General Debate speeches are more alike than most pairs of "
            f"states' ({pct}); there is no reference pair to compare with.",
            "weak",
            (i.id,),
        )
    if not refs and i.percentile <= 25:
        return Finding(
            "words_similarity",
            "against",
            f"{pa} and {pb} General Debate speeches are less alike than most pairs of "
            f"states' ({pct}).",
            evidence=(i.id,),
        )
    return Finding(
        "words_similarity",
        "context",
        f"{pa} and {pb} General Debate speeches are about as alike as the reference pairs'"
        f" ({pct}; reference pairs {ref_text}): speech similarity does not set them apart.",
        evidence=(i.id, *(r.id for r in refs)),
    )


def statements_similarity(idx, sections, a, b) -> Finding | None:
    i = idx.get("statements.ab.mean_similarity")
    if i is None or i.value is None:
        return None
    others = i.details.get("mean_others")
    na, nb = _countries.sentence_name(a), _countries.sentence_name(b)
    pa, pb = _countries.possessive(na), _countries.possessive(nb)
    if others is None:
        return Finding(
            "statements_similarity",
            "context",
            f"{pa} and {pb} documents have a mean cosine similarity of {i.value:.2f}; "
            "there are no other documents to compare with.",
            "weak",
            (i.id,),
        )
    closer = i.value > others
    return Finding(
        "statements_similarity",
        "toward" if closer else "against",
        f"{pa} and {pb} documents are {'more' if closer else 'less'} alike with each other "
        f"(mean cosine {i.value:.2f}) than with the other documents given ({others:.2f}).",
        "weak",
        (i.id,),
    )


def launch_gap(idx, sections, a, b) -> Finding | None:
    i = idx.get("meetings.launch_gap")
    if i is None or i.p_value is None:
        return None
    p_any = i.details.get("p_any_pair_uniform", 1.0)
    if i.p_value < 0.05:
        weak = p_any >= 0.05
        text = (
            f"The two powers launched their formats with the region {i.value:.0f} days apart, "
            f"unusually close if launch dates were independent (p = {i.p_value:.3f})"
        )
        text += (
            f"; but some pair of the region's formats being this close has probability "
            f"{p_any:.2f}, so one such coincidence is weak evidence."
            if weak
            else "."
        )
        return Finding("launch_gap", "toward", text, "weak" if weak else "clear", (i.id,))
    return Finding(
        "launch_gap",
        "context",
        f"The two powers' formats with the region were launched {i.value:.0f} days apart, not "
        "unusually close.",
        evidence=(i.id,),
    )


def meeting_timing(idx, sections, a, b) -> Finding | None:
    i = idx.get("meetings.coincidence.precursor")
    if i is None or i.p_value is None:
        return None
    n_a, n_b = i.details.get("n_a", 0), i.details.get("n_b", 0)
    pa = _countries.possessive(_countries.sentence_name(a))
    pb = _countries.possessive(_countries.sentence_name(b))
    if min(n_a, n_b) < 5:
        return Finding(
            "meeting_timing",
            "missing",
            f"Too few meetings ({n_a} and {n_b}) to test whether they cluster in time.",
            evidence=(i.id,),
        )
    if i.p_value < 0.05:
        return Finding(
            "meeting_timing",
            "toward",
            f"{pa} meetings with the region follow "
            f"{pb} more often than chance would (p = {i.p_value:.3f}).",
            evidence=(i.id,),
        )
    return Finding(
        "meeting_timing",
        "against",
        f"{pa} and {pb} meetings with the "
        f"region are not closer in time than chance (p = {i.p_value:.2f}, {n_a} and {n_b} "
        "meetings).",
        "weak",
        (i.id,),
    )


def memberships(idx, sections, a, b) -> Finding | None:
    i = idx.get("meetings.memberships.shared")
    if i is None or not i.value:
        return None
    orgs = ", ".join(o.upper() for o in i.details.get("organisations", []))
    return Finding(
        "memberships",
        "context",
        f"Both are members of {orgs}: a standing forum in which positions can be coordinated.",
        evidence=(i.id,),
    )


def export_similarity(idx, sections, a, b) -> Finding | None:
    i = idx.get("money.similarity")
    if i is None or i.value is None:
        return None
    if i.value >= 0.5:
        text = "They sell largely the same products in the region: they compete there."
    elif i.value <= 0.2:
        text = "They sell different products in the region: a division of labour."
    else:
        return None
    return Finding("export_similarity", "context", text, evidence=(i.id,))


def economic_lean(idx, sections, a, b) -> Finding | None:
    ra, rb = idx.get(f"money.remittances.{a}"), idx.get(f"money.remittances.{b}")
    if ra is None or rb is None or not ra.value or not rb.value:
        if ra is not None and ra.value and rb is None:
            return Finding(
                "economic_lean",
                "context",
                f"Remittances tie the region to {_countries.sentence_name(a)}; none are "
                f"estimated from {_countries.sentence_name(b)}.",
                evidence=(ra.id,),
            )
        if rb is not None and rb.value and ra is None:
            return Finding(
                "economic_lean",
                "context",
                f"Remittances tie the region to {_countries.sentence_name(b)}; none are "
                f"estimated from {_countries.sentence_name(a)}.",
                evidence=(rb.id,),
            )
        return None
    big, small = (ra, rb) if ra.value >= rb.value else (rb, ra)
    if big.value >= 2 * small.value:
        who = a if big is ra else b
        return Finding(
            "economic_lean",
            "context",
            f"Remittances tie the region more to {_countries.sentence_name(who)} "
            f"({big.value:.1f} vs {small.value:.1f} bn USD in 2021).",
            evidence=(ra.id, rb.id),
        )
    return None


def claims(idx, sections, a, b) -> Finding | None:
    i = idx.get("money.claims")
    if i is None or not i.value:
        return None
    d = i.details
    return Finding(
        "claims",
        "context",
        f"Of the article's {i.n} figures, {d.get('supported', 0)} are supported by the data, "
        f"{d.get('contradicted', 0)} contradicted and {d.get('not checkable', 0)} cannot be "
        "checked with it.",
        evidence=(i.id,),
    )


def missing_streams(idx, sections, a, b) -> Finding | None:
    later = [s.title.split(" (")[0] for s in sections if s.status == "not yet available"]
    skipped = [s.title.split(" (")[0] for s in sections if s.status == "skipped"]
    if not later and not skipped:
        return None
    parts = []
    if later:
        parts.append(f"Not yet in accord: {', '.join(later)}.")
    if skipped:
        parts.append(
            f"Not measured here: {', '.join(skipped)} (its section says why and how to add it)."
        )
    return Finding(
        "missing_streams",
        "missing",
        " ".join(parts),
        evidence=tuple(s.id for s in sections if s.status != "ok"),
    )


RULES: tuple[Rule, ...] = (
    votes_level,
    votes_period,
    votes_trend,
    votes_region,
    words_similarity,
    statements_similarity,
    launch_gap,
    meeting_timing,
    memberships,
    export_similarity,
    economic_lean,
    claims,
    missing_streams,
)


def findings(sections: Iterable[Section], a: str, b: str) -> tuple[Finding, ...]:
    """Apply :data:`RULES` to the indicators of ``sections``."""
    sections = list(sections)
    idx = {i.id: i for s in sections for i in s.indicators}
    out = []
    for rule in RULES:
        f = rule(idx, sections, a, b)
        if f is not None:
            out.append(f)
    return tuple(out)


def reading(found: Iterable[Finding], a: str, b: str) -> tuple[str, ...]:
    """A few sentences from the findings (rules in the module docstring)."""
    found = list(found)
    by = {
        d: [f for f in found if f.direction == d]
        for d in ("toward", "against", "context", "missing")
    }
    lines = []
    labels = {
        "toward": "Toward alignment",
        "against": "Against",
        "context": "Context",
        "missing": "Missing",
    }
    for d in ("toward", "against", "context", "missing"):
        if by[d]:
            parts = [f.text + (" (weak)" if f.strength == "weak" else "") for f in by[d]]
            lines.append(f"{labels[d]}: " + " ".join(parts))
    clear_toward = [f for f in by["toward"] if f.strength == "clear"]
    na, nb = _countries.sentence_name(a), _countries.sentence_name(b)
    if len(clear_toward) >= 2 and not by["against"]:
        overall = (
            f"Overall, {na} and {nb} are aligned on the evidence accord has, which is consistent "
            "with, but not proof of, coordination."
        )
    elif by["toward"] and by["against"]:
        overall = (
            f"Overall, the evidence is mixed: {na} and {nb} are aligned in some respects and "
            "not in others; it does not establish coordination."
        )
    elif by["toward"]:
        overall = (
            f"Overall, there are signs of alignment between {na} and {nb}, but not enough clear "
            "evidence to say more."
        )
    else:
        overall = (
            f"Overall, the evidence does not show alignment between {na} and {nb} beyond chance."
        )
    lines.append(overall)
    lines.append(
        "Alignment is not proof of coordination: states with shared interests act alike "
        "without consulting each other."
    )
    return tuple(lines)
