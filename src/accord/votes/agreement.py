"""Agreement between states in UN General Assembly roll calls: :func:`agreement`, :func:`matrix`."""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence
from typing import Any, Literal

import numpy as np
import polars as pl

from accord import countries as _countries
from accord.errors import CoverageError, InputError
from accord.provenance import Provenance, attach
from accord.votes import kernels
from accord.votes.rollcalls import RollCalls, parse_range, require_within, session_year

__all__ = ["agreement", "matrix", "MEASURES", "Measure", "METHOD_REFERENCES"]

Measure = Literal["raw", "voeten", "s_score", "kappa", "kappa_quad", "pi"]
MEASURES: tuple[str, ...] = kernels.MEASURES

#: Citation keys of the method behind each measure (see :func:`accord.cite`).
METHOD_REFERENCES = {
    "raw": (),
    "voeten": ("lijphart1963", "voeten2000"),
    "s_score": ("signorino1999",),
    "kappa": ("cohen1960", "hage2011"),
    "kappa_quad": ("cohen1968", "hage2011"),
    "pi": ("scott1955", "hage2011"),
}

DEFAULT_MEASURES: tuple[str, ...] = ("voeten", "kappa")


def parse_measures(measure: str | Iterable[str] | None) -> list[str]:
    items = (
        list(DEFAULT_MEASURES)
        if measure is None
        else ([measure] if isinstance(measure, str) else list(measure))
    )
    items = [m.strip() for item in items for m in str(item).split(",") if m.strip()]
    if not items:
        raise InputError(f"measure is empty; choose from {', '.join(MEASURES)}.")
    for m in items:
        if m not in MEASURES:
            close = difflib.get_close_matches(m, MEASURES, n=1, cutoff=0.5)
            hint = f" Did you mean '{close[0]}'?" if close else ""
            raise InputError(f"unknown measure '{m}'.{hint} Choose from {', '.join(MEASURES)}.")
    return list(dict.fromkeys(items))


def _pairs(pairs: Any) -> list[tuple[str, str]]:
    if isinstance(pairs, tuple) and len(pairs) == 2 and not isinstance(pairs[0], tuple | list):
        pairs = [pairs]
    out = []
    for p in pairs:
        if isinstance(p, str) or len(p) != 2:
            raise InputError(
                f"pairs must be (country, country) tuples, got {p!r}; e.g. pairs=[('RUS', 'CHN')]."
            )
        a, b = (_countries.resolve(x, where="pairs") for x in p)
        out.append((a, b))
    return out


def _groups(rc: RollCalls, by: str) -> tuple[np.ndarray, np.ndarray]:
    """Group key of every roll call column (in rcid order) and the sorted unique keys."""
    if by not in ("session", "year"):
        raise InputError(f"by='{by}' is not a grouping; use by='session' or by='year'.")
    key = rc.rollcalls.sort("rcid")[by].to_numpy().astype(np.int64)
    return key, np.unique(key)


def _check_present(codes: Iterable[str], rc: RollCalls) -> None:
    known = set(rc.countries)
    for code in codes:
        if code not in known:
            first, last, y0, y1 = rc.coverage
            raise CoverageError(
                f"no UN votes for '{_countries.name(code)}' ({code}) in the selected roll calls "
                f"(sessions {first}–{last}, {y0}–{y1}); only UN members vote. "
                "Check the country or widen the selection."
            )


def _percentiles(values: np.ndarray, reference: np.ndarray) -> np.ndarray:
    """Mid-rank percentile (0–100) of each value among ``reference`` (NaNs ignored)."""
    ref = np.sort(reference[~np.isnan(reference)])
    if ref.size == 0:
        return np.full(values.shape, np.nan)
    lo = np.searchsorted(ref, values, side="left")
    hi = np.searchsorted(ref, values, side="right")
    pct = 100.0 * (lo + 0.5 * (hi - lo)) / ref.size
    return np.where(np.isnan(values), np.nan, pct)


def agreement(
    rc: RollCalls,
    *,
    pairs: Sequence[tuple[Any, Any]] | tuple[Any, Any] | None = None,
    countries: Iterable[Any] | None = None,
    by: Literal["session", "year"] = "session",
    measure: Measure | Iterable[Measure] | None = None,
    min_votes: int = 10,
    years: Any = None,
    sessions: Any = None,
    issue: str | Iterable[str] | None = None,
    important: bool | None = None,
    percentile: bool = False,
) -> pl.DataFrame:
    """Agreement of dyads of states in UN General Assembly roll calls.

    Parameters
    ----------
    rc : RollCalls
        Roll calls, e.g. :func:`accord.votes.load`.
    pairs : list of (country, country), optional
        Directed as given (``iso3_a`` is the first). Countries in any form
        :func:`accord.countries.resolve` accepts ("Russia", "RU", 365 …).
    countries : list of countries, optional
        Without ``pairs``: every dyad among these states (default: all states), each dyad
        once with ``iso3_a < iso3_b``.
    by : {"session", "year"}, default "session"
        Group roll calls by UN session (as Voeten publishes; ``year`` is the year the
        session opened) or by the calendar year of the vote.
    measure : str or list of {"raw", "voeten", "s_score", "kappa", "kappa_quad", "pi"}
        Default ``("voeten", "kappa")``: Voeten's agreement for comparison with the
        literature, and Cohen's κ because raw agreement is inflated by base rates — most
        UN votes are "yes", so any two states agree often (Häge 2011).
    min_votes : int, default 10
        Dyad-groups with fewer joint votes are dropped.
    years, sessions : int, (first, last), range or "1992-2019", optional
        Which groups to return (sessions by their opening year when ``by="session"``).
    issue, important :
        Roll-call filters, see :meth:`RollCalls.filter`.
    percentile : bool, default False
        Add ``<measure>_pct``: the dyad's mid-rank percentile (0–100) among all dyads of
        the same group with at least ``min_votes`` joint votes.

    Returns
    -------
    polars.DataFrame
        ``iso3_a, iso3_b, session, year`` (or ``iso3_a, iso3_b, year``), one column per
        measure, ``n_votes`` (joint roll calls: both voted yes, no or abstain).

    Raises
    ------
    InputError
        Unknown country, measure, grouping or issue.
    CoverageError
        Years or sessions outside the data; a state with no votes in the selection.

    Notes
    -----
    Formulas are in :func:`accord.votes.kernels.measures_from_counts`. Only roll calls on
    which both states voted count; absences are not in the data (see :func:`load`). All
    dyads are computed at once as products of one-hot vote matrices.

    References
    ----------
    Voeten, E. (2000). Clashes in the Assembly. *International Organization* 54(2).
    Signorino, C. & Ritter, J. (1999). Tau-b or not tau-b. *ISQ* 43(1).
    Cohen, J. (1960). A coefficient of agreement for nominal scales. *EPM* 20(1).
    Scott, W. (1955). Reliability of content analysis. *POQ* 19(3).
    Häge, F. (2011). Choice or circumstance? Adjusting measures of foreign policy
    similarity for chance agreement. *Political Analysis* 19(3).

    Examples
    --------
    >>> import accord
    >>> rc = accord.votes.load()
    >>> df = accord.votes.agreement(rc, pairs=[("RUS", "CHN")], years=(1992, 2019))
    >>> df.columns
    ['iso3_a', 'iso3_b', 'session', 'year', 'voeten', 'kappa', 'n_votes']
    """
    measures = parse_measures(measure)
    if min_votes < 1:
        raise InputError(f"min_votes={min_votes} must be at least 1.")
    sub = (
        rc.filter(issue=issue, important=important)
        if (issue is not None or important is not None)
        else rc
    )
    key, groups = _groups(sub, by)
    groups = _select_groups(groups, by, years=years, sessions=sessions, rc=sub)

    mat, codes, _ = sub.matrix()
    index = {c: i for i, c in enumerate(codes)}
    if pairs is not None:
        plist = _pairs(pairs)
        _check_present({c for p in plist for c in p}, sub)
        ia = np.array([index[a] for a, _ in plist])
        ib = np.array([index[b] for _, b in plist])
    else:
        chosen = (
            sorted(set(_countries.resolve_many(countries, where="countries")))
            if countries is not None
            else list(codes)
        )
        _check_present(chosen, sub)
        idx = np.array([index[c] for c in chosen])
        iu, ju = np.triu_indices(len(idx), k=1)
        ia, ib = idx[iu], idx[ju]

    frames = []
    for g in groups:
        cols = np.flatnonzero(key == g)
        block = mat[:, cols]
        if percentile:
            present = np.flatnonzero((block > 0).any(axis=1))
            full = kernels.measures_from_counts(kernels.counts(block[present]), measures)
            local = {c: k for k, c in enumerate(present)}
            tri = np.triu_indices(present.size, k=1)
            enough = full["n_votes"][tri] >= min_votes
            la = np.array([local.get(i, -1) for i in ia])
            lb = np.array([local.get(i, -1) for i in ib])
            ok = (la >= 0) & (lb >= 0)
            res = {m: np.full(ia.size, np.nan) for m in [*measures, "n_votes"]}
            for m in [*measures, "n_votes"]:
                res[m][ok] = full[m][la[ok], lb[ok]]
            res["n_votes"] = np.nan_to_num(res["n_votes"])
            for m in measures:
                res[f"{m}_pct"] = _percentiles(res[m], full[m][tri][enough])
        else:
            used = np.union1d(ia, ib)
            pos = np.searchsorted(used, [ia, ib])
            sub_counts = kernels.counts(block[used])
            res = kernels.measures_from_counts(sub_counts[:, :, pos[0], pos[1]], measures)
        keep = res["n_votes"] >= min_votes
        if not keep.any():
            continue
        cols_out = {
            "iso3_a": np.asarray(codes)[ia[keep]],
            "iso3_b": np.asarray(codes)[ib[keep]],
        }
        if by == "session":
            cols_out["session"] = np.full(keep.sum(), g, dtype=np.int16)
            cols_out["year"] = np.full(keep.sum(), session_year(g), dtype=np.int16)
        else:
            cols_out["year"] = np.full(keep.sum(), g, dtype=np.int16)
        for m in measures:
            cols_out[m] = res[m][keep]
        if percentile:
            for m in measures:
                cols_out[f"{m}_pct"] = res[f"{m}_pct"][keep]
        cols_out["n_votes"] = res["n_votes"][keep].astype(np.int32)
        frames.append(pl.DataFrame(cols_out))
    if frames:
        out = pl.concat(frames)
    else:
        schema = {"iso3_a": pl.String, "iso3_b": pl.String}
        if by == "session":
            schema["session"] = pl.Int16
        schema["year"] = pl.Int16
        schema |= {m: pl.Float64 for m in measures}
        if percentile:
            schema |= {f"{m}_pct": pl.Float64 for m in measures}
        schema["n_votes"] = pl.Int32
        out = pl.DataFrame(schema=schema)
    # Undefined values (no variation in the votes) are nulls, so polars aggregations skip them.
    out = out.with_columns(
        pl.col([*measures, *(f"{m}_pct" for m in measures if percentile)]).fill_nan(None)
    )
    if pairs is not None:
        order = pl.DataFrame({"iso3_a": [a for a, _ in plist], "iso3_b": [b for _, b in plist]})
        order = order.unique(maintain_order=True).with_row_index("_pair")
        out = out.join(order, on=["iso3_a", "iso3_b"], how="left").sort("_pair", by).drop("_pair")
    params = {
        "by": by,
        "measure": measures,
        "min_votes": min_votes,
        "years": years,
        "sessions": sessions,
        "issue": issue,
        "important": important,
        "percentile": percentile,
        "selection": sub.selection,
        "pairs": None if pairs is None else [list(p) for p in plist],
    }
    methods = tuple(dict.fromkeys(r for m in measures for r in METHOD_REFERENCES[m]))
    return attach(out, Provenance("accord.votes.agreement", sub.sources, params, methods))


def _select_groups(
    groups: np.ndarray, by: str, *, years: Any, sessions: Any, rc: RollCalls
) -> np.ndarray:
    """The groups (sessions or years) asked for; CoverageError outside the data."""
    first_s, last_s, first_y, last_y = rc.coverage
    sel_s = parse_range(sessions, "sessions")
    if sel_s is not None:
        if by == "year":
            raise InputError("sessions= selects sessions; with by='year' use years= instead.")
        require_within(sel_s, "sessions", (first_s, last_s), rc)
        groups = groups[_member(groups, sel_s)]
    sel_y = parse_range(years, "years")
    if sel_y is not None:
        span = (first_y, last_y) if by == "session" else (int(groups.min()), int(groups.max()))
        require_within(sel_y, "years", span, rc)
        group_years = groups + 1945 if by == "session" else groups
        groups = groups[_member(group_years, sel_y)]
    return groups


def _member(values: np.ndarray, sel: tuple[int, int] | frozenset[int]) -> np.ndarray:
    if isinstance(sel, frozenset):
        return np.isin(values, sorted(sel))
    return (values >= sel[0]) & (values <= sel[1])


def matrix(
    rc: RollCalls,
    *,
    session: int | None = None,
    year: int | None = None,
    measure: Measure = "kappa",
    min_votes: int = 10,
) -> pl.DataFrame:
    """Square matrix of one measure between all states voting in one session or year.

    Returns a polars DataFrame with an ``iso3`` column and one column per state (ISO3);
    cells with fewer than ``min_votes`` joint votes are null, the diagonal is the state's
    agreement with itself (1 where defined).
    """
    if (session is None) == (year is None):
        raise InputError("give exactly one of session= or year=, e.g. session=74.")
    (m,) = parse_measures([measure])
    by = "session" if session is not None else "year"
    key, groups = _groups(rc, by)
    target = session if session is not None else year
    _select_groups(groups, by, years=year, sessions=session, rc=rc)
    cols = np.flatnonzero(key == target)
    mat, codes, _ = rc.matrix()
    block = mat[:, cols]
    present = np.flatnonzero((block > 0).any(axis=1))
    res = kernels.measures_from_counts(kernels.counts(block[present]), [m])
    vals = np.where(res["n_votes"] >= min_votes, res[m], np.nan)
    names = [codes[i] for i in present]
    out = pl.DataFrame({"iso3": names} | {c: vals[:, k] for k, c in enumerate(names)})
    out = out.with_columns(pl.col(names).fill_nan(None))
    params = {
        "session": session,
        "year": year,
        "measure": m,
        "min_votes": min_votes,
        "selection": rc.selection,
    }
    return attach(out, Provenance("accord.votes.matrix", rc.sources, params, METHOD_REFERENCES[m]))
