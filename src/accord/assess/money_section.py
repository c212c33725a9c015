"""The money section of the scorecard: the region's economic ties with A and with B."""

from __future__ import annotations

from pathlib import Path

import polars as pl

from accord import countries as _countries
from accord.assess.scorecard import Indicator, Section
from accord.economy import claims as _claims
from accord.economy import indices
from accord.economy.profile import profile
from accord.stats import trend

__all__ = ["money_section", "ARTICLE_CASE"]

#: The case of the article accord grew from: its claims are checked when it is assessed.
ARTICLE_CASE = (frozenset({"RUS", "CHN"}), "central-asia")


def _pct(x: float | None) -> str:
    return "n/a" if x is None else f"{x:.1f}%"


def _trade_indicators(prof, a: str, b: str, since: int) -> tuple[list[Indicator], list[str]]:
    out, lines = [], []
    tr = prof.trade_region
    if tr.height == 0:
        return out, ["No trade figures for the region's members."]
    for flow, verb in (("export", "exports going to"), ("import", "imports coming from")):
        parts = []
        for p in (a, b):
            rows = tr.filter((pl.col("partner") == p) & (pl.col("flow") == flow)).sort("year")
            if rows.height == 0:
                parts.append(f"{p}: no figures")
                continue
            last = rows.row(-1, named=True)
            t = trend(rows["year"].to_numpy(), rows["share"].to_numpy())
            mirrored = bool(rows["mirrored"].any()) if "mirrored" in rows.columns else False
            out.append(
                Indicator(
                    id=f"money.trade.{flow}.{p}",
                    label=(
                        f"share of the region's {verb} {_countries.sentence_name(p)}, "
                        f"{last['year']} "
                        f"({last['members'].replace(',', ', ')} reporting totals)"
                    ),
                    value=100 * last["share"],
                    unit="percent",
                    n=last["n_members"],
                    n_label="members with figures",
                    baseline=f"the members' total {flow}s ({last['denominator']})",
                    direction=None if t is None else t.direction,
                    details={
                        "partner": p,
                        "flow": flow,
                        "year": last["year"],
                        "first_share": 100 * rows["share"][0],
                        "first_year": rows["year"][0],
                    },
                    caveat=(
                        "WITS summaries list a partner only in years it was among a member's top "
                        "five; shares of a partner outside the top five are missing, not zero"
                        + ("; some rows mirrored from the partner's report" if mirrored else "")
                    ),
                )
            )
            parts.append(
                f"{_countries.sentence_name(p)} {100 * last['share']:.1f}% in {last['year']} "
                f"({last['members'].replace(',', ', ')})"
            )
        lines.append(
            f"Share of the region's {verb.split()[0]} (members with figures): "
            + "; ".join(parts)
            + "."
        )
    return out, lines


def money_section(
    a: str,
    b: str,
    members: list[str],
    region: str,
    *,
    since: int,
    trade_file: str | Path | list[str | Path] | None = None,
) -> Section:
    """Build the money section for powers ``a``, ``b`` and region ``members`` (ISO3)."""
    prof = profile(members, partners=[a, b], since=since)
    indicators, summary = _trade_indicators(prof, a, b, since)
    figures = {}
    shares = {
        (i.details["partner"], i.details["flow"]): i
        for i in indicators
        if i.id.startswith("money.trade.")
    }
    ex = [(p, shares[(p, "export")]) for p in (a, b) if (p, "export") in shares]
    if ex:
        figures["trade_region"] = "; ".join(
            f"{_countries.sentence_name(p)} took {i.value:.1f}% of the region's exports in "
            f"{i.details['year']} "
            f"({i.details['first_share']:.1f}% in {i.details['first_year']})"
            for p, i in ex
        )
    tables = {
        name: prof.table(name)
        for name in ("trade_region", "remittance_ties", "migrants", "finance")
    }

    ties = prof.remittance_ties
    if ties.height:
        for p in (a, b):
            rows = ties.filter(pl.col("sender") == p)
            if rows.height == 0:
                continue
            total = float(rows["remittances_usd"].sum())
            received = float(rows["received_usd"].sum())
            indicators.append(
                Indicator(
                    details={"received_share": total / received if received else None},
                    id=f"money.remittances.{p}",
                    label=f"remittances from {_countries.sentence_name(p)} to the members, 2021",
                    value=total / 1e9,
                    unit="bn USD",
                    n=rows.height,
                    n_label="members",
                    baseline=f"{100 * total / received:.0f}% of all the members received",
                    caveat="KNOMAD estimates from migrant stocks and incomes, not recorded flows",
                )
            )
        top = ties.sort("pct_gdp", descending=True, nulls_last=True).row(0, named=True)
        summary.append(
            f"Remittances 2021: the largest tie is {_countries.sentence_name(top['sender'])} → "
            f"{_countries.sentence_name(top['iso3'])}, {top['remittances_usd'] / 1e9:.2f} bn USD "
            f"({_pct(top['pct_gdp'])} of GDP)."
        )
    mig = prof.migrants
    if mig.height:
        for p in (a, b):
            rows = mig.filter(pl.col("destination") == p)
            if rows.height == 0:
                continue
            n = int(rows["migrants"].sum())
            indicators.append(
                Indicator(
                    id=f"money.migrants.{p}",
                    label=(
                        f"people born in the region living in {_countries.sentence_name(p)}, 2021"
                    ),
                    value=n / 1e6,
                    unit="million",
                    n=rows.height,
                    n_label="members",
                    baseline=f"{rows['pct_destination_population'].sum():.1f}% of {p}'s population",
                    caveat="migrant stock by country of birth (KNOMAD), not labour migrants",
                )
            )
    fin = prof.finance
    if "CHN" in (a, b) and fin["china_finance_usd"].drop_nulls().len():
        total = float(fin["china_finance_usd"].sum())
        indicators.append(
            Indicator(
                id="money.finance.CHN",
                label="Chinese official finance committed to the members, 2000–2014",
                value=total / 1e9,
                unit="bn USD",
                n=int(fin["projects"].sum()),
                n_label="projects",
                caveat="AidData GCOF v1.0, projects recommended for research; no Russian data",
            )
        )
    if trade_file is not None:
        from accord.economy import read_trade

        flows = read_trade(trade_file)
        fk = indices.export_similarity(flows, a=a, b=b, market=members)
        tables["export_similarity"] = fk
        if fk.height:
            fk = fk.sort("year")
            last = fk.row(-1, named=True)
            t = trend(fk["year"].to_numpy(), fk["fk"].to_numpy())
            indicators.append(
                Indicator(
                    id="money.similarity",
                    label=(
                        f"export similarity of {a} and {b} in the region (Finger–Kreinin), "
                        f"{last['year']}"
                    ),
                    value=last["fk"],
                    unit="index 0–1",
                    n=last.get("n_products"),
                    n_label="products",
                    baseline="0 = no common products (division of labour), 1 = same export mix",
                    direction=None if t is None else t.direction,
                )
            )
            summary.append(
                f"Export similarity of {a} and {b} in the region: {last['fk']:.2f} in "
                f"{last['year']} "
                "(1 = they sell the same products: competition; 0 = division of labour)."
            )
    if (frozenset({a, b}), region) == ARTICLE_CASE:
        checked = _claims.check()
        tables["claims"] = checked
        counts = dict(checked.group_by("verdict").len().iter_rows())
        indicators.append(
            Indicator(
                id="money.claims",
                label="the article's figures contradicted by the data",
                value=float(counts.get("contradicted", 0)),
                unit="claims",
                n=checked.height,
                n_label="claims",
                details={v: counts.get(v, 0) for v in _claims.VERDICTS},
            )
        )
        summary.append(
            "The article's figures: "
            + ", ".join(f"{counts.get(v, 0)} {v}" for v in _claims.VERDICTS)
            + " (see the claims table)."
        )
    conn = _connectivity(members, a, b, region)
    if conn is not None:
        c_summary, c_indicators, c_tables, c_figures = conn
        summary.extend(c_summary)
        indicators.extend(c_indicators)
        tables.update(c_tables)
        figures.update(c_figures)
    summary.extend(f"Note: {n}." for n in prof.notes)
    summary.append(
        "Economic ties are dependence and opportunity, not coordination: they show where A's and "
        "B's interests in the region meet, not whether A and B act together."
    )
    return Section(
        id="money",
        title="Money (trade, remittances, migration, finance)",
        status="ok",
        summary=tuple(summary),
        indicators=tuple(indicators),
        tables=tables,
        provenance=(prof.provenance,) if prof.provenance else (),
        note="Embedded economic figures (accord data info economy-figures).",
        figures=figures,
    )


#: The corridor the connectivity subsection compares: the article's (5 June 2020).
CORRIDOR = ("lanzhou", "tashkent")


def _connectivity(members: list[str], a: str, b: str, region: str):
    """Routes from western China into the region (accord.routes), for regions the shipped
    network reaches: the fastest route through each border crossing, the customs unions
    crossed, and the article's corridor claims when the region is Central Asia.

    ``None`` when the network has no place in the region or no route reaches it.
    """
    from accord import routes
    from accord.errors import AccordError

    net = routes.load()
    nodes = net.nodes
    inside = nodes.filter(pl.col("iso3").is_in(members))
    if inside.height == 0:
        return None
    origin, dest = CORRIDOR
    if dest not in inside["node_id"].to_list():  # another region: its first city
        cities = inside.filter(pl.col("kind") == "city")
        if cities.height == 0:
            return None
        dest = cities["node_id"][0]
    try:
        table = routes.compare(origin, dest)
    except AccordError:
        return None
    if table.height == 0:
        return None
    names = dict(nodes.select("node_id", "name").iter_rows())
    kind = dict(nodes.select("node_id", "kind").iter_rows())
    fastest = table.row(0, named=True)
    crossing = next((n for n in fastest["nodes"].split() if kind.get(n) == "border"), None)
    label = f"via {names[crossing]}" if crossing else str(fastest["route"])
    summary, indicators, tables, figures = [], [], {}, {}
    shown = table.with_columns(  # the fastest named by its border crossing, as in the summary
        pl.when(pl.int_range(pl.len()) == 0)
        .then(pl.lit(f"fastest, {label}") if crossing else pl.col("route"))
        .otherwise(pl.col("route"))
        .alias("route")
    ).select(
        "route", "distance_km", "time_days", "border_crossings", "transshipments",
        "gauge_breaks", "countries", "customs_unions", "planned_legs", "estimated_legs", "nodes",
    )  # fmt: skip
    tables["routes"] = shown
    eaeu = [r for r in table.iter_rows(named=True) if "EAEU" in (r["customs_unions"] or "")]
    summary.append(
        f"Connectivity: from {names[origin]} to {names[dest]} the fastest route by the shipped "
        f"network is {label} ({fastest['distance_km']:,.0f} km, "
        f"{fastest['time_days']:.1f} days modelled, {fastest['gauge_breaks']} break(s) of "
        f"gauge); {len(eaeu)} of the {table.height} routes compared cross the Eurasian "
        "Economic Union."
    )
    indicators.append(
        Indicator(
            id="money.routes.fastest_days",
            label=f"fastest route {names[origin]} → {names[dest]} ({label})",
            value=float(fastest["time_days"]),
            unit="days",
            n=table.height,
            n_label="routes compared (best through each border crossing)",
            baseline="modelled from leg distances, speeds and dwell times (accord.routes)",
            caveat="times are modelled, not measured; every leg has a source",
            details={"distance_km": fastest["distance_km"], "route": label},
        )
    )
    indicators.append(
        Indicator(
            id="money.routes.through_eaeu",
            label="routes compared that cross the Eurasian Economic Union",
            value=float(len(eaeu)),
            unit="routes",
            n=table.height,
            n_label="routes compared",
        )
    )
    figures["routes"] = (
        f"{names[origin]} to {names[dest]}: {table.height} routes compared, fastest "
        f"{label} ({fastest['time_days']:.1f} days)"
    )
    if region == "central-asia":
        checked = routes.claims.check()
        tables["route_claims"] = checked
        counts = dict(checked.group_by("verdict").len().iter_rows())
        summary.append(
            "The article's corridor figures against the network: "
            + ", ".join(f"{n} {v}" for v, n in sorted(counts.items()))
            + " (see the route claims table; times are modelled under stated assumptions)."
        )
    return summary, indicators, tables, figures
