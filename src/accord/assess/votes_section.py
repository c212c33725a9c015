"""The votes section of the scorecard: A–B alignment in UN General Assembly roll calls."""

from __future__ import annotations

import numpy as np
import polars as pl

from accord import countries as _countries
from accord import votes
from accord.assess.scorecard import Indicator, Section
from accord.provenance import Provenance, provenance_of
from accord.stats import trend
from accord.votes.rollcalls import RollCalls

__all__ = ["votes_section"]

LABELS = {
    "kappa": "Cohen's κ",
    "kappa_quad": "Cohen's κ (quadratic weights)",
    "pi": "Scott's π",
    "voeten": "Voeten agreement",
    "raw": "raw agreement",
    "s_score": "Signorino–Ritter S",
}
REFERENCE = "USA"


def _fmt(x: float | None, digits: int = 2) -> str:
    return "n/a" if x is None or (isinstance(x, float) and np.isnan(x)) else f"{x:.{digits}f}"


def _p(p: float) -> str:
    return "p < 0.001" if p < 0.001 else f"p = {p:.3f}"


def _band(rc: RollCalls, measure: str, min_votes: int) -> pl.DataFrame:
    """Quantiles of the measure over all dyads of each session (the chart's band)."""
    everyone = votes.agreement(rc, measure=[measure], min_votes=min_votes)
    q = pl.col(measure)
    return (
        everyone.group_by("session", "year")
        .agg(
            q.quantile(0.1).alias("p10"),
            q.quantile(0.25).alias("p25"),
            q.median().alias("p50"),
            q.quantile(0.75).alias("p75"),
            q.quantile(0.9).alias("p90"),
            pl.len().alias("n_dyads"),
        )
        .sort("session")
    )


def _ab_title(name_a: str, name_b: str, label: str, ab: pl.DataFrame, since: int) -> str:
    """The finding the A–B chart shows, in words."""
    recent = ab.filter(pl.col("year") >= since)
    if recent.height < 2:
        return f"{name_a}–{name_b} agreement in UN votes ({label})"
    first, last = recent.row(0, named=True), recent.row(-1, named=True)
    measure = next(c for c in ab.columns if c.endswith("_pct")).removesuffix("_pct")
    verb = "rose" if last[measure] > first[measure] else "fell"
    return (
        f"{name_a}–{name_b} agreement ({label}) {verb} from {_fmt(first[measure])} in "
        f"{first['year']} to {_fmt(last[measure])} in {last['year']}, above "
        f"{_fmt(last[f'{measure}_pct'], 0)}% of all pairs of states"
    )


def _reference_pairs(a: str, b: str) -> list[tuple[str, str]]:
    pairs = [(a, b)]
    for p in (a, b):
        if p != REFERENCE and {p, REFERENCE} != {a, b}:
            pairs.append((p, REFERENCE))
    return pairs


def votes_section(
    rc: RollCalls,
    a: str,
    b: str,
    members: list[str],
    *,
    since: int,
    measure: str,
    min_votes: int,
) -> Section:
    """Build the votes section for powers ``a``, ``b`` and region ``members`` (ISO3)."""
    last_session = rc.coverage[1]
    last_year = rc.coverage[3]
    name_a, name_b = _countries.name(a), _countries.name(b)  # in titles: "Russia–China"
    in_a, in_b = _countries.sentence_name(a), _countries.sentence_name(b)  # in sentences
    label = LABELS[measure]
    measures = list(dict.fromkeys([measure, "voeten"]))

    # A–B and reference pairs, every session, with percentiles among all dyads.
    pairs = _reference_pairs(a, b)
    series = votes.agreement(
        rc, pairs=pairs, measure=measures, min_votes=min_votes, percentile=True
    )
    recent = series.filter(pl.col("year") >= since)
    ab = series.filter((pl.col("iso3_a") == a) & (pl.col("iso3_b") == b))
    ab_recent = recent.filter((pl.col("iso3_a") == a) & (pl.col("iso3_b") == b))

    indicators: list[Indicator] = []
    summary: list[str] = []
    if ab.height == 0:
        summary.append(
            f"{in_a} and {in_b} never cast {min_votes} or more joint votes in a session; "
            "no votes evidence."
        )
        return Section("votes", "Votes (UN General Assembly)", "skipped", tuple(summary))

    latest = ab.row(-1, named=True)
    tr = trend(ab_recent["year"].to_numpy(), ab_recent[measure].to_numpy())
    indicators.append(
        Indicator(
            id="votes.ab.latest",
            label=f"{a}–{b} {label}, session {latest['session']} ({latest['year']})",
            value=latest[measure],
            unit=measure,
            n=latest["n_votes"],
            n_label="joint votes",
            baseline=f"all dyads of session {latest['session']}",
            percentile=latest[f"{measure}_pct"],
            caveat=None,
            details={"session": latest["session"], "year": latest["year"]},
        )
    )
    indicators.append(
        Indicator(
            id="votes.ab.voeten_latest",
            label=f"{a}–{b} Voeten agreement, session {latest['session']} ({latest['year']})",
            value=latest["voeten"],
            unit="voeten",
            n=latest["n_votes"],
            n_label="joint votes",
            baseline=f"all dyads of session {latest['session']}",
            percentile=latest["voeten_pct"],
            caveat="raw and Voeten agreement are inflated by base rates: most UN votes are 'yes'",
        )
    )
    if ab_recent.height:
        indicators.append(
            Indicator(
                id="votes.ab.mean_since",
                label=f"{a}–{b} mean {label}, {since}–{last_year}",
                value=float(ab_recent[measure].mean()),
                unit=measure,
                n=int(ab_recent["n_votes"].sum()),
                n_label="joint votes",
                baseline="median percentile among all dyads of each session",
                percentile=float(ab_recent[f"{measure}_pct"].median()),
                direction=None if tr is None else tr.direction,
                caveat=None
                if tr is None
                else (
                    f"Theil–Sen slope {tr.slope:+.3f} per decade "
                    f"(95% CI {tr.ci_low:+.3f} to {tr.ci_high:+.3f}), Kendall τ {tr.tau:+.2f}, "
                    f"{_p(tr.p_value)}, {tr.n} sessions"
                ),
            )
        )

    pct = latest[f"{measure}_pct"]
    summary.append(
        f"{in_a} and {in_b} agreed with {label} = {_fmt(latest[measure])} in session "
        f"{latest['session']} ({latest['year']}; {latest['n_votes']} joint votes): percentile "
        f"{_fmt(pct, 0)} among all pairs of states that session."
    )
    if tr is not None:
        summary.append(
            f"Since {since}: mean {_fmt(float(ab_recent[measure].mean()))}, "
            f"{'no clear trend' if tr.direction == 'no clear trend' else 'trend ' + tr.direction}"
            f" ({tr.slope:+.3f} per decade, 95% CI "
            f"{tr.ci_low:+.3f} to {tr.ci_high:+.3f})."
        )

    # Reference pairs.
    ref_rows = []
    for pa, pb in pairs:
        s = recent.filter((pl.col("iso3_a") == pa) & (pl.col("iso3_b") == pb))
        if s.height == 0:
            continue
        last = s.row(-1, named=True)
        t = trend(s["year"].to_numpy(), s[measure].to_numpy())
        ref_rows.append(
            {
                "iso3_a": pa,
                "iso3_b": pb,
                "mean": float(s[measure].mean()),
                "median_pct": float(s[f"{measure}_pct"].median()),
                "latest": last[measure],
                "latest_pct": last[f"{measure}_pct"],
                "latest_session": last["session"],
                "n_sessions": s.height,
                "n_votes": int(s["n_votes"].sum()),
                "trend": None if t is None else t.direction,
                "slope_per_decade": None if t is None else t.slope,
            }
        )
    references = pl.DataFrame(ref_rows)
    for r in ref_rows:
        if (r["iso3_a"], r["iso3_b"]) == (a, b):
            continue
        indicators.append(
            Indicator(
                id=f"votes.ref.{r['iso3_a']}-{r['iso3_b']}.mean_since",
                label=(
                    f"{r['iso3_a']}–{r['iso3_b']} mean {label}, {since}–{last_year} "
                    "(reference pair)"
                ),
                value=r["mean"],
                unit=measure,
                n=r["n_votes"],
                n_label="joint votes",
                baseline="median percentile among all dyads of each session",
                percentile=r["median_pct"],
                direction=r["trend"],
            )
        )

    # Region members: closer to A or to B, and since when.
    tables = {
        "ab_by_session": ab,
        "reference_pairs": references,
        "reference_series": series.filter(~((pl.col("iso3_a") == a) & (pl.col("iso3_b") == b))),
        "all_dyads_band": _band(rc, measure, min_votes),
    }
    figures = {"ab_by_session": _ab_title(name_a, name_b, label, ab, since)}
    provs = [
        provenance_of(series),
        Provenance("accord.stats.trend", (), {"per": 10, "confidence": 0.95}, ("sen1968",)),
    ]
    if members:
        aligned = votes.alignment(rc, a, b, region=members, measure=measure, min_votes=min_votes)
        provs.append(provenance_of(aligned))
        if aligned.height:
            cs = votes.closer_since(aligned)
            last_rows = aligned.filter(pl.col("session") == pl.col("session").max().over("iso3"))
            cs = cs.join(
                last_rows.select("iso3", "session", "with_a", "with_b"), on="iso3", how="left"
            ).rename({"session": "last_session"})
            tables["members"] = cs
            tables["members_by_session"] = aligned
            n_a = int((cs["closer"] == a).sum())
            n_b = int((cs["closer"] == b).sum())
            indicators.append(
                Indicator(
                    id="votes.region.closer_to_a",
                    label=f"region members closer to {a} than to {b} in their latest session",
                    value=float(n_a),
                    unit="states",
                    n=cs.height,
                    n_label="members with votes",
                )
            )
            last_year_region = int(aligned["year"].max())
            summary.append(
                f"Region: in their latest session ({last_year_region} for most), {n_a} of "
                f"{cs.height} members voted closer to {in_a} and {n_b} closer to {in_b}."
            )
            lean = in_a if n_a > n_b else in_b if n_b > n_a else None
            figures["members_by_session"] = (
                f"{max(n_a, n_b)} of {cs.height} members now vote closer to {lean} than to "
                f"{in_b if lean == in_a else in_a}"
                if lean
                else f"The members split between {in_a} and {in_b}"
            )
        if len(members) >= 2:
            coh = votes.cohesion(rc, region=members, measure=measure, min_votes=min_votes)
            provs.append(provenance_of(coh))
            tables["region_cohesion"] = coh
            coh_recent = coh.filter(pl.col("year") >= since)
            if coh_recent.height:
                t = trend(coh_recent["year"].to_numpy(), coh_recent["mean"].to_numpy())
                indicators.append(
                    Indicator(
                        id="votes.region.cohesion",
                        label=f"region cohesion: mean {label} among members, {since}–{last_year}",
                        value=float(coh_recent["mean"].mean()),
                        unit=measure,
                        n=int(coh_recent["n_dyads"].sum()),
                        n_label="member dyad-sessions",
                        direction=None if t is None else t.direction,
                    )
                )
    summary.append(
        "Voting alike is alignment, not proof of coordination: states with similar interests "
        "vote alike without consulting each other."
    )
    return Section(
        id="votes",
        title="Votes (UN General Assembly)",
        status="ok",
        summary=tuple(summary),
        indicators=tuple(indicators),
        tables=tables,
        provenance=tuple(p for p in provs if p is not None),
        figures=figures,
        note=f"UN General Assembly roll calls, sessions 1–{last_session}; {label} unless stated.",
    )
