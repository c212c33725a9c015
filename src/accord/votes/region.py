"""Region views: members' alignment with two powers, and the region's own cohesion."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Literal

import polars as pl

from accord import countries as _countries
from accord.errors import InputError
from accord.provenance import Provenance, attach, provenance_of
from accord.votes.agreement import Measure, agreement
from accord.votes.rollcalls import RollCalls

__all__ = ["alignment", "closer_since", "cohesion", "members"]


def members(region: str | Iterable[Any], *, exclude: Iterable[str] = ()) -> list[str]:
    """ISO3 members of a named group (``"central-asia"``) or of a list of countries."""
    if isinstance(region, str):
        codes = list(_countries.group(_countries.resolve_group(region, where="region")))
    else:
        codes = _countries.resolve_many(region, where="region")
    drop = set(exclude)
    out = [c for c in dict.fromkeys(codes) if c not in drop]
    if not out:
        raise InputError(f"region {region!r} has no members besides {sorted(drop)}.")
    return out


def alignment(
    rc: RollCalls,
    a: Any,
    b: Any,
    *,
    region: str | Iterable[Any],
    measure: Measure = "kappa",
    by: Literal["session", "year"] = "session",
    min_votes: int = 10,
    years: Any = None,
) -> pl.DataFrame:
    """Each region member's agreement with power A and with power B, per session or year.

    Parameters
    ----------
    rc : RollCalls
    a, b : country
        The two powers (any form :func:`accord.countries.resolve` accepts).
    region : str or list of countries
        A named group (``"central-asia"``) or the member states; A and B are left out.
    measure, by, min_votes, years :
        As in :func:`accord.votes.agreement`.

    Returns
    -------
    polars.DataFrame
        ``iso3, session, year, iso3_a, iso3_b, with_a, with_b, diff`` (= with_a − with_b),
        ``closer`` (ISO3 of the power the member agrees with more, or ``"tie"``),
        ``n_votes_a, n_votes_b``. A member-session appears only when both dyads reach
        ``min_votes``.

    Examples
    --------
    >>> import accord
    >>> rc = accord.votes.load()
    >>> al = accord.votes.alignment(rc, "RUS", "CHN", region="central-asia")
    >>> al.filter(al["session"] == 74)["closer"].to_list()
    ['CHN', 'CHN', 'CHN', 'CHN', 'CHN']
    """
    ia = _countries.resolve(a, where="powers")
    ib = _countries.resolve(b, where="powers")
    if ia == ib:
        raise InputError(f"the two powers are the same state ({ia}); give two different states.")
    mem = members(region, exclude=(ia, ib))
    pairs = [(m, ia) for m in mem] + [(m, ib) for m in mem]
    long = agreement(rc, pairs=pairs, by=by, measure=[measure], min_votes=min_votes, years=years)
    keys = ["iso3", "session", "year"] if by == "session" else ["iso3", "year"]
    side = long.rename({"iso3_a": "iso3"})
    left = side.filter(pl.col("iso3_b") == ia).select(
        *keys, pl.col(measure).alias("with_a"), pl.col("n_votes").alias("n_votes_a")
    )
    right = side.filter(pl.col("iso3_b") == ib).select(
        *keys, pl.col(measure).alias("with_b"), pl.col("n_votes").alias("n_votes_b")
    )
    out = (
        left.join(right, on=keys, how="inner")
        .with_columns(
            pl.lit(ia).alias("iso3_a"),
            pl.lit(ib).alias("iso3_b"),
            (pl.col("with_a") - pl.col("with_b")).alias("diff"),
        )
        .with_columns(
            pl.when(pl.col("diff") > 0)
            .then(pl.lit(ia))
            .when(pl.col("diff") < 0)
            .then(pl.lit(ib))
            .otherwise(pl.lit("tie"))
            .alias("closer")
        )
        .select(
            *keys,
            "iso3_a",
            "iso3_b",
            "with_a",
            "with_b",
            "diff",
            "closer",
            "n_votes_a",
            "n_votes_b",
        )
        .sort(keys)
    )
    prov = provenance_of(long)
    params = dict(prov.parameters) | {
        "a": ia,
        "b": ib,
        "region": region if isinstance(region, str) else mem,
    }
    return attach(out, Provenance("accord.votes.alignment", prov.sources, params, prov.methods))


def closer_since(aligned: pl.DataFrame) -> pl.DataFrame:
    """For each member, which power it is closer to now and since when.

    Parameters
    ----------
    aligned : polars.DataFrame
        The output of :func:`alignment`.

    Returns
    -------
    polars.DataFrame
        ``iso3, closer`` (in the last session or year), ``since_session`` / ``since_year``
        (first of the unbroken run of sessions ending in the last one in which the member
        was closer to the same power; a tie breaks a run), ``n_groups``, ``n_closer_a``,
        ``n_closer_b`` (sessions or years closer to A, to B).
    """
    time = "session" if "session" in aligned.columns else "year"
    rows = []
    for (iso3,), g in aligned.sort(time).group_by("iso3", maintain_order=True):
        closer = g["closer"].to_list()
        last = closer[-1]
        k = len(closer) - 1
        while k > 0 and closer[k - 1] == last:
            k -= 1
        row = {
            "iso3": iso3,
            "closer": last,
            f"since_{time}": g[time][k],
        }
        if time == "session":
            row["since_year"] = g["year"][k]
        row |= {
            "n_groups": g.height,
            "n_closer_a": int((g["closer"] == g["iso3_a"]).sum()),
            "n_closer_b": int((g["closer"] == g["iso3_b"]).sum()),
        }
        rows.append(row)
    out = pl.DataFrame(rows)
    prov = provenance_of(aligned)
    if prov is not None:
        attach(
            out,
            Provenance("accord.votes.closer_since", prov.sources, prov.parameters, prov.methods),
        )
    return out


def cohesion(
    rc: RollCalls,
    *,
    region: str | Iterable[Any],
    measure: Measure = "kappa",
    by: Literal["session", "year"] = "session",
    min_votes: int = 10,
    years: Any = None,
) -> pl.DataFrame:
    """The region's internal cohesion: agreement among its members per session or year.

    Returns ``session, year`` (or ``year``), ``mean, min, max`` of the measure over all
    member dyads with at least ``min_votes`` joint votes, and ``n_dyads``.
    """
    mem = members(region)
    if len(mem) < 2:
        raise InputError(
            f"region {region!r} has one member ({mem[0]}); cohesion needs two or more."
        )
    pairs = agreement(rc, countries=mem, by=by, measure=[measure], min_votes=min_votes, years=years)
    keys = ["session", "year"] if by == "session" else ["year"]
    out = (
        pairs.group_by(keys)
        .agg(
            pl.col(measure).mean().alias("mean"),
            pl.col(measure).min().alias("min"),
            pl.col(measure).max().alias("max"),
            pl.len().cast(pl.Int32).alias("n_dyads"),
        )
        .sort(keys)
    )
    prov = provenance_of(pairs)
    params = dict(prov.parameters) | {"region": region if isinstance(region, str) else mem}
    return attach(out, Provenance("accord.votes.cohesion", prov.sources, params, prov.methods))
