"""The meetings section of the scorecard: formats, timing tests and memberships."""

from __future__ import annotations

import polars as pl

from accord import countries as _countries
from accord import events
from accord.assess.scorecard import Indicator, Section, region_in_sentence
from accord.provenance import Provenance

__all__ = ["meetings_section", "WINDOW_DAYS"]

#: Coincidence window of the meetings test: about one quarter, the span the article calls
#: "almost simultaneously" (three months).
WINDOW_DAYS = 92


def _p(p: float | None) -> str:
    if p is None:
        return "n/a"
    return "< 0.001" if p < 0.001 else f"{p:.3f}"


def _events_subsection(a: str, b: str, members: list[str], source) -> tuple[list, list, dict]:
    """Indicators, summary lines and tables from event files (GDELT / ICEWS)."""
    table = events.aggregate(events.read_events(source), actors=[a, b, *members], by="month")
    indicators, summary = [], []
    if table.height == 0:
        return [], ["The event files contain no events among A, B and the region's states."], {}

    def pair(src: list[str], tgt: list[str]) -> pl.DataFrame:
        return table.filter(
            pl.col("source_country").is_in(src) & pl.col("target_country").is_in(tgt)
        )

    for label, src, tgt in (
        (f"{a} ↔ {b}", [a, b], [a, b]),
        (f"{a} → region", [a], members),
        (f"{b} → region", [b], members),
    ):
        rows = pair(src, tgt).filter(pl.col("source_country") != pl.col("target_country"))
        n = int(rows["n_events"].sum())
        if n == 0:
            continue
        coop = float((rows["n_q1"].sum() + rows["n_q2"].sum()) / n)
        gold = float((rows["mean_goldstein"] * rows["n_events"]).sum() / n)
        indicators.append(
            Indicator(
                id=f"meetings.events.{label.replace(' ', '')}",
                label=f"share of cooperative events, {label} (event data)",
                value=coop,
                unit="share",
                n=n,
                n_label="events",
                baseline=f"mean Goldstein {gold:+.2f}",
                caveat=(
                    "news-coded event data: counts follow news volume; root events, "
                    "duplicates removed"
                ),
            )
        )
        summary.append(f"Event data, {label}: {n:,} events, {100 * coop:.0f}% cooperative.")
    return indicators, summary, {"event_dyads": table}


def meetings_section(
    a: str, b: str, members: list[str], region: str, *, event_files=None
) -> Section:
    """Build the meetings section for powers ``a``, ``b`` and a region (group id).

    ``event_files``: GDELT or ICEWS files (:func:`accord.events.read_events`) for an
    events subsection: cooperation shares of A–B and of A and B towards the region.
    """
    name_a, name_b = _countries.name(a), _countries.name(b)  # as adjectives: "Russia meetings"
    pos_name_a, pos_name_b = _countries.possessive(name_a), _countries.possessive(name_b)
    in_a, in_b = _countries.sentence_name(a), _countries.sentence_name(b)
    fm = events.formats(region=region)
    summary: list[str] = []
    indicators: list[Indicator] = []
    tables: dict[str, pl.DataFrame] = {}
    figures: dict[str, str] = {}

    shared = events.shared_memberships([a, b, *members])
    tables["memberships"] = shared
    both = shared.filter(pl.col(a).is_not_null() & pl.col(b).is_not_null())
    indicators.append(
        Indicator(
            id="meetings.memberships.shared",
            label=f"organisations both {a} and {b} belong to (current members)",
            value=float(both.height),
            unit="organisations",
            n=shared.height,
            n_label="organisations with a member among A, B and the region",
            caveat="membership registry: SCO, CSTO, CIS, EAEU and related bodies with dates",
            details={"organisations": both["org_id"].to_list()},
        )
    )
    if both.height:
        names = ", ".join(
            f"{r['org_id'].upper()} ({a} since {r[a]}, {b} since {r[b]})"
            for r in both.iter_rows(named=True)
        )
        summary.append(f"{in_a} and {in_b} are both members of {names}.")
    else:
        summary.append(
            f"{in_a} and {in_b} share none of the organisations in accord's membership "
            "registry (Eurasian bodies: SCO, CSTO, CIS, EAEU, Turkic States and predecessors)."
        )

    if fm.height == 0:
        summary.append(
            f"No dialogue formats with {region_in_sentence(region)} are in accord's registry (it "
            "covers Central Asia's formats); no timing test."
        )
        return Section(
            "meetings",
            "Meetings (dialogue formats, memberships, timing)",
            "ok",
            tuple(summary),
            tuple(indicators),
            tables,
            (Provenance("accord.events.registry", (), {"region": region}),),
            note="Registry of formats, meetings and memberships (accord.events).",
        )

    meets = events.meetings(region=region)
    timeline = (
        meets.group_by("format_id", "partner", "format")
        .agg(
            pl.col("date_start").min().alias("first_meeting"),
            pl.col("date_start").max().alias("last_meeting"),
            (pl.col("level") == "foreign ministers").sum().alias("n_foreign_ministers"),
            (pl.col("level") == "summit").sum().alias("n_summits"),
            pl.len().alias("n_meetings"),
        )
        .with_columns(pl.col("partner").is_in([a, b]).alias("highlight"))
        .sort("first_meeting")
    )
    tables["formats"] = timeline
    tables["meetings"] = meets.select(
        "meeting_id",
        "format_id",
        "partner",
        "date",
        "level",
        "ordinal",
        "place",
        "place_iso3",
        "source_url",
    )
    summary.append(
        f"{fm.height} dialogue formats with the region are recorded ({meets.height} meetings, "
        f"{timeline['first_meeting'].min()} to {timeline['last_meeting'].max()})."
    )

    launches = events.launches(region=region)
    tables["launches"] = launches
    dates = {r["partner"]: r["launch"] for r in launches.iter_rows(named=True)}
    if a in dates and b in dates:
        lg = events.launch_gap(dates, a, b)
        notes = [
            f"{_countries.name(r['partner'])}: {r['basis']}"
            for r in launches.filter(pl.col("partner").is_in([a, b])).iter_rows(named=True)
            if not r["is_first"]
        ]
        indicators.append(
            Indicator(
                id="meetings.launch_gap",
                label=f"days between {a}'s and {b}'s launches of a format with the region "
                f"({lg.date_a} and {lg.date_b})",
                value=float(lg.gap_days),
                unit="days",
                n=lg.n_launches,
                n_label="formats' launches",
                baseline=(
                    f"P(gap ≤ {lg.gap_days} d) = {_p(lg.p_uniform)} if launches were uniform in "
                    f"{lg.window_start.year}–{lg.window_end.year}; {lg.rank} of {lg.n_pairs} "
                    f"pairs of launches are this close; some pair this close: "
                    f"{_p(lg.p_any_pair_uniform)}"
                ),
                caveat="; ".join([*lg.assumptions, *notes]),
                p_value=lg.p_uniform,
                details={
                    "p_resampled": lg.p_resampled,
                    "p_any_pair_uniform": lg.p_any_pair_uniform,
                    "rank": lg.rank,
                    "n_pairs": lg.n_pairs,
                    "launch_is_first": not notes,
                },
            )
        )
        first, second = sorted([(lg.date_a, in_a), (lg.date_b, in_b)])
        figures["formats"] = (
            f"{second[1]} launched its format {lg.gap_days} days after {first[1]}; "
            f"{lg.n_launches - 2} other powers' formats since {lg.window_start.year}"
        )
        tables["launch_gap"] = pl.DataFrame([lg.to_dict()])
        summary.append(
            f"Launches: {in_a} {lg.date_a}, {in_b} {lg.date_b}, {lg.gap_days} days apart. Were "
            f"the two dates independent and uniform over {lg.window_start.year}–"
            f"{lg.window_end.year}, a gap this short would have probability "
            f"{_p(lg.p_uniform)}; but among {lg.n_launches} launches, some pair this close has "
            f"probability {_p(lg.p_any_pair_uniform)}: one coincidence, noticed after the fact, "
            "is weak evidence."
        )
        if notes:
            summary.append("Caveat: " + "; ".join(notes) + ".")

    ma = meets.filter(pl.col("partner") == a)["date_start"].to_list()
    mb = meets.filter(pl.col("partner") == b)["date_start"].to_list()
    if len(ma) >= 2 and len(mb) >= 2:
        co = events.coincidence(ma, mb, window=WINDOW_DAYS, n_surrogates=5000, seed=0)
        tables["coincidence"] = pl.DataFrame([co.to_dict()]).drop("assumptions")
        indicators.append(
            Indicator(
                id="meetings.coincidence.precursor",
                label=(
                    f"share of {a}'s meetings with the region that came within {WINDOW_DAYS} days "
                    f"after one of {b}'s"
                ),
                value=co.precursor_rate,
                unit="share",
                n=co.n_a,
                n_label=f"{a} meetings ({co.n_b} {b} meetings)",
                baseline=(
                    f"p = {_p(co.precursor_p_analytic)} (Poisson null), "
                    f"{_p(co.precursor_p_surrogate)} (shuffled, {co.n_surrogates} surrogates)"
                ),
                caveat="; ".join(co.assumptions),
                p_value=co.precursor_p_analytic,
                details={
                    "n_a": co.n_a,
                    "n_b": co.n_b,
                    "p_surrogate": co.precursor_p_surrogate,
                    "window_days": co.window,
                },
            )
        )
        indicators.append(
            Indicator(
                id="meetings.coincidence.trigger",
                label=(
                    f"share of {b}'s meetings with the region followed within {WINDOW_DAYS} "
                    f"days by one of {a}'s"
                ),
                value=co.trigger_rate,
                unit="share",
                n=co.n_b,
                n_label=f"{b} meetings",
                baseline=(
                    f"p = {_p(co.trigger_p_analytic)} (Poisson null), {_p(co.trigger_p_surrogate)} "
                    "(shuffled)"
                ),
                p_value=co.trigger_p_analytic,
                details={"n_a": co.n_a, "n_b": co.n_b, "p_surrogate": co.trigger_p_surrogate},
            )
        )
        summary.append(
            f"Event coincidence ({WINDOW_DAYS}-day window, all levels): {co.precursor_count} of "
            f"{co.n_a} {name_a} meetings followed one of {pos_name_b} "
            f"(p = {_p(co.precursor_p_analytic)} under independence); {co.trigger_count} of "
            f"{co.n_b} {name_b} meetings were followed by one of {pos_name_a} "
            f"(p = {_p(co.trigger_p_analytic)})."
        )
    if event_files is not None:
        ev_ind, ev_sum, ev_tab = _events_subsection(a, b, members, event_files)
        indicators.extend(ev_ind)
        summary.extend(ev_sum)
        tables.update(ev_tab)
    summary.append(
        "Meetings close in time are what coordination would produce, and also what a shared "
        "calendar (UN General Assembly weeks, anniversaries, a pandemic moving meetings online) "
        "produces: timing alone does not show coordination."
    )
    return Section(
        id="meetings",
        title="Meetings (dialogue formats, memberships, timing)",
        status="ok",
        summary=tuple(summary),
        indicators=tuple(indicators),
        tables=tables,
        provenance=(
            Provenance(
                "accord.events.timing",
                (),
                {"region": region, "window_days": WINDOW_DAYS, "seed": 0},
                ("donges2016",),
            ),
        ),
        note="Registry of formats, meetings and memberships with a source per row (accord.events).",
        figures=figures,
    )
