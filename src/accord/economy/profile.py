"""A region's economic ties with two (or more) powers: :func:`profile`."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import polars as pl

from accord import countries as _countries
from accord.economy import figures as _figures
from accord.economy import indices
from accord.economy.flows import validate_flows
from accord.errors import InputError
from accord.provenance import Provenance

__all__ = ["Profile", "profile", "TABLES"]

#: The tables of a profile, in the order reports show them.
TABLES = ("trade", "trade_region", "remittances", "remittance_ties", "migrants", "finance")


@dataclass(frozen=True)
class Profile:
    """Economic ties of a region's members with some powers (``partners``).

    Attributes are polars DataFrames (see :func:`profile` for their columns) and
    ``notes``: what the data does not cover.
    """

    region: str
    members: tuple[str, ...]
    partners: tuple[str, ...]
    trade: pl.DataFrame
    trade_region: pl.DataFrame
    remittances: pl.DataFrame
    remittance_ties: pl.DataFrame
    migrants: pl.DataFrame
    finance: pl.DataFrame
    notes: tuple[str, ...] = ()
    provenance: Provenance | None = field(default=None, compare=False)

    def table(self, name: str) -> pl.DataFrame:
        """One table by name (``trade``, ``trade_region``, ``remittances`` …)."""
        key = name.replace("-", "_")
        if key not in TABLES:
            raise InputError(f"unknown profile table '{name}'; choose from {', '.join(TABLES)}.")
        return getattr(self, key)


def _flows_from_figures(figs: pl.DataFrame) -> pl.DataFrame:
    trade = _figures.select("trade", figures=figs)
    return validate_flows(
        trade.select(
            pl.col("iso3").alias("reporter"),
            "partner",
            "year",
            "flow",
            pl.col("value").alias("value_usd"),
            pl.col("source"),
            pl.col("mirrored"),
        ),
        where="embedded trade figures",
    )


def profile(
    region: str | Iterable[Any],
    *,
    partners: Iterable[Any] = ("RUS", "CHN"),
    since: int = 2000,
    figures: pl.DataFrame | None = None,
) -> Profile:
    """The region's trade, remittance, migration and finance ties with the partners.

    Parameters
    ----------
    region : str or list of countries
        A named group (``"central-asia"``) or member states.
    partners : list of countries, default ("RUS", "CHN")
        The powers to compare.
    since : int, default 2000
        First year of the trade and remittance series.
    figures : polars.DataFrame, optional
        A figures table (default: the embedded one, :mod:`accord.economy.figures`).

    Returns
    -------
    Profile
        ``trade``: each member's exports to and imports from each partner, with the
        partner's share of the member's total (``share``; from the embedded WITS summaries,
        which list a partner only in years it was among the member's top five) and a
        ``mirrored`` flag. ``trade_region``: the members summed (:func:`indices.region_shares`)
        over the members with both a figure for the partner and their own total that year
        (``members``, ``n_members``): a partner missing from a member's top five is unknown,
        not zero. ``remittances``: remittances received, % of GDP.
        ``remittance_ties``: remittances from each partner in 2021 (KNOMAD), as a share of
        all remittances received and of GDP. ``migrants``: people born in each member living
        in each partner in 2021, as a share of the partner's and of the member's population.
        ``finance``: Chinese official finance 2000–2014 and elite visits 2000–2018 (AidData;
        there is no Russian equivalent).

    Examples
    --------
    >>> from accord.economy import profile
    >>> p = profile("central-asia", partners=["RUS", "CHN"])
    >>> uzb = p.remittance_ties.filter(p.remittance_ties["iso3"] == "UZB")
    >>> uzb["sender"].to_list()  # KNOMAD estimates only the Russian corridor for Uzbekistan
    ['RUS']
    >>> round(uzb["pct_received"][0])
    100
    """
    if isinstance(region, str):
        region_id = _countries.resolve_group(region, where="region")
        members = tuple(_countries.group(region_id))
    else:
        members = tuple(dict.fromkeys(_countries.resolve_many(region, where="region")))
        region_id = "+".join(members)
    parts = tuple(dict.fromkeys(_countries.resolve_many(partners, where="partners")))
    if not parts:
        raise InputError("partners is empty; give at least one, e.g. partners=['RUS', 'CHN'].")
    members = tuple(m for m in members if m not in parts)
    figs = _figures.load() if figures is None else figures
    notes: list[str] = []

    # Trade: member-level shares and the region summed.
    flows = _flows_from_figures(figs)
    flows = flows.filter(pl.col("year") >= since)
    trade_parts, region_parts = [], []
    for flow in ("export", "import"):
        present = flows.filter(pl.col("reporter").is_in(members) & (pl.col("flow") == flow))
        # Shares need the member's own total: members without a WLD row that year (their
        # rows are partners' mirror reports) are left out rather than divided by a partial sum.
        with_total = present.filter(pl.col("partner") == "WLD").select("reporter", "year").unique()
        present = present.join(with_total, on=["reporter", "year"], how="semi")
        reporting = sorted(present["reporter"].cast(pl.String).unique())
        with_partner = present.filter(pl.col("partner").is_in(parts))
        if not reporting or with_partner.height == 0:
            continue
        found = sorted(with_partner["partner"].cast(pl.String).unique())
        trade_parts.append(indices.shares(present, flow=flow, reporter=reporting, partner=found))
        for p in found:
            # A partner outside a member's top five is missing, not zero: the region's share
            # of each partner sums only the members with a figure for it and their totals.
            sub = present.filter(pl.col("partner").is_in([p, "WLD"]))
            both = (
                sub.group_by("reporter", "year")
                .agg(pl.col("partner").n_unique().alias("k"))
                .filter(pl.col("k") == 2)
                .drop("k")
            )
            sub = sub.join(both, on=["reporter", "year"], how="semi")
            if sub.height:
                names = sorted(sub["reporter"].cast(pl.String).unique())
                region_parts.append(indices.region_shares(sub, names, partner=[p], flow=flow))
    trade = pl.concat(trade_parts, how="diagonal_relaxed") if trade_parts else pl.DataFrame()
    trade_region = (
        pl.concat(region_parts, how="diagonal_relaxed") if region_parts else pl.DataFrame()
    )
    own = flows.filter(pl.col("reporter").is_in(members) & (pl.col("partner") == "WLD"))
    have = set(own["reporter"].cast(pl.String).unique())
    missing = [m for m in members if m not in have]
    if missing and not have:
        reporting = flows.filter((pl.col("partner") == "WLD") & ~pl.col("mirrored"))
        covered = sorted(set(reporting["reporter"].cast(pl.String).unique()))
        notes.append(
            "the embedded trade summaries have no reports from the region's members (only "
            f"from {', '.join(covered)}); read a trade file for this region "
            "(accord.economy.read_trade, or --trade on the command line)"
        )
    elif missing:
        notes.append(
            f"no total trade reported by {', '.join(missing)}: regional shares cover the other "
            "members only (their trade with the partners is known only from the partners' reports)"
        )
    notes.append(
        "trade comes from WITS summaries, which list a partner only in years it was among a "
        "reporter's top five partners; rows marked mirrored are the partner's report"
    )

    # Remittances received, % of GDP.
    remittances = (
        _figures.select("remittances_pct_gdp", iso3=members, year=(since, 9999), figures=figs)
        .select("iso3", "year", pl.col("value").alias("pct_gdp"))
        .sort("iso3", "year")
    )
    # Remittance ties 2021: from each partner, share of all received and % of GDP.
    bil = _figures.select("remittances_bilateral", iso3=members, figures=figs)
    ties = bil.filter(pl.col("partner").is_in(parts)).select(
        pl.col("partner").alias("sender"), pl.col("iso3").alias("receiver"), "year", "value"
    )
    gdp = _figures.select("gdp", iso3=members, figures=figs).select("iso3", "year", "value")
    if ties.height:
        dep = indices.remittance_dependence(ties, gdp)
        total = bil.filter(pl.col("partner") == "WLD").select(
            pl.col("iso3").alias("receiver"), "year", pl.col("value").alias("received_usd")
        )
        remittance_ties = (
            dep.join(total, on=["receiver", "year"], how="left")
            .with_columns(
                (100 * pl.col("remittances_usd") / pl.col("received_usd")).alias("pct_received")
            )
            .rename({"receiver": "iso3"})
            .select(
                "iso3",
                "sender",
                "year",
                "remittances_usd",
                "received_usd",
                "pct_received",
                "pct_gdp",
            )
            .sort("iso3", "sender")
        )
    else:
        remittance_ties = pl.DataFrame()

    # Migrants born in each member living in each partner (2021).
    stocks = _figures.select("migrant_stock", iso3=parts, partner=members, figures=figs)
    if stocks.height:
        mig = stocks.select(
            pl.col("partner").alias("origin"), pl.col("iso3").alias("destination"), "year", "value"
        )
        pop = _figures.select("population", iso3=parts + members, figures=figs).select(
            "iso3", "year", "value"
        )
        shares_dest = pl.concat(
            [indices.migrants_share(mig, pop, origin=m) for m in mig["origin"].unique().sort()]
        )
        origin_pop = pop.rename({"iso3": "origin", "value": "origin_population"})
        migrants = (
            shares_dest.rename({"pct_population": "pct_destination_population"})
            .join(origin_pop, on=["origin", "year"], how="left")
            .with_columns(
                (100 * pl.col("migrants") / pl.col("origin_population")).alias(
                    "pct_origin_population"
                )
            )
            .select(
                "origin",
                "destination",
                "year",
                "migrants",
                "pct_destination_population",
                "pct_origin_population",
            )
            .sort("origin", "destination")
        )
    else:
        migrants = pl.DataFrame()

    # Chinese official finance and elite visits (AidData).
    fin = _figures.select("china_finance", iso3=members, figures=figs)
    projects = _figures.select("china_finance_projects", iso3=members, figures=figs)
    visits = _figures.select("china_elite_visits", iso3=members, figures=figs)
    finance = (
        pl.DataFrame({"iso3": list(members)})
        .join(
            fin.group_by("iso3").agg(
                pl.col("value").sum().alias("china_finance_usd"),
                pl.col("year").min().alias("first_year"),
                pl.col("year").max().alias("last_year"),
            ),
            on="iso3",
            how="left",
        )
        .join(
            projects.group_by("iso3").agg(pl.col("value").sum().cast(pl.Int64).alias("projects")),
            on="iso3",
            how="left",
        )
        .join(
            visits.group_by("iso3").agg(
                pl.col("value").sum().cast(pl.Int64).alias("china_elite_visits")
            ),
            on="iso3",
            how="left",
        )
    )
    others = [p for p in parts if p != "CHN"]
    if others and "CHN" in parts:
        notes.append(
            "official finance and elite visits are China's only (AidData); there is no "
            f"equivalent for {', '.join(others)}"
        )

    prov = Provenance(
        "accord.economy.profile",
        (_figures.source(),),
        {"region": region_id, "partners": list(parts), "since": since},
    )
    return Profile(
        region=region_id,
        members=members,
        partners=parts,
        trade=trade,
        trade_region=trade_region,
        remittances=remittances,
        remittance_ties=remittance_ties,
        migrants=migrants,
        finance=finance,
        notes=tuple(notes),
        provenance=prov,
    )
