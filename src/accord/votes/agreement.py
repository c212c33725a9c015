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
from accord.votes.rollcalls import RollCalls, parse_range, require_within

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
        plist = list(dict.fromkeys(_pairs(pairs)))
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

    res = _compute(mat, key, groups, ia, ib, measures, min_votes=min_votes, percentile=percentile)
    if pairs is not None:  # pair by pair, each over time
        order = np.lexsort((res["group"], res["dyad"]))
        res = {k: v[order] for k, v in res.items()}
    names = pl.Series(codes, dtype=pl.String)
    dyad = res["dyad"]
    cols_out: dict[str, Any] = {
        "iso3_a": names.gather(ia[dyad]),
        "iso3_b": names.gather(ib[dyad]),
    }
    group = res["group"].astype(np.int16)
    if by == "session":
        cols_out["session"] = group
        cols_out["year"] = (group + 1945).astype(np.int16)
    else:
        cols_out["year"] = group
    for m in measures:
        cols_out[m] = res[m]
    if percentile:
        for m in measures:
            cols_out[f"{m}_pct"] = res[f"{m}_pct"]
    cols_out["n_votes"] = res["n_votes"].astype(np.int32)
    out = pl.DataFrame(cols_out)
    # Undefined values (no variation in the votes) are nulls, so polars aggregations skip them.
    out = out.with_columns(
        pl.col([*measures, *(f"{m}_pct" for m in measures if percentile)]).fill_nan(None)
    )
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


def _compute(
    mat: np.ndarray,
    key: np.ndarray,
    groups: np.ndarray,
    ia: np.ndarray,
    ib: np.ndarray,
    measures: list[str],
    *,
    min_votes: int,
    percentile: bool,
) -> dict[str, np.ndarray]:
    """Measures of dyads (ia[k], ib[k]) in every group, as flat arrays.

    Returns ``dyad`` (k), ``group``, ``n_votes``, one array per measure and, with
    ``percentile``, ``<measure>_pct`` — only dyad-groups with ``n_votes >= min_votes``.
    """
    # Percentiles need every dyad of the group; otherwise only the states asked about.
    rows = np.arange(mat.shape[0]) if percentile else np.union1d(ia, ib)
    pa, pb = np.searchsorted(rows, ia), np.searchsorted(rows, ib)
    sub = mat[rows]
    parts: dict[str, list[np.ndarray]] = {"dyad": [], "group": [], "n_votes": []}
    for m in measures:
        parts[m] = []
        if percentile:
            parts[f"{m}_pct"] = []
    local = np.empty(rows.size, dtype=np.int64)
    for g in groups:
        block = sub[:, key == g]
        # Only states that voted in the group enter the products (early sessions had ~55).
        present = np.flatnonzero((block > 0).any(axis=1))
        local.fill(-1)
        local[present] = np.arange(present.size)
        la, lb = local[pa], local[pb]
        both = np.flatnonzero((la >= 0) & (lb >= 0))
        res = kernels.measures_from_counts(kernels.counts(block[present]), measures)
        n = res["n_votes"][la[both], lb[both]]
        ok = n >= min_votes
        keep, ka, kb = both[ok], la[both[ok]], lb[both[ok]]
        if keep.size == 0:
            continue
        parts["dyad"].append(keep)
        parts["group"].append(np.full(keep.size, g))
        parts["n_votes"].append(n[ok])
        if percentile:
            tri = np.triu_indices(present.size, k=1)
            enough = res["n_votes"][tri] >= min_votes
        for m in measures:
            values = res[m][ka, kb]
            parts[m].append(values)
            if percentile:
                parts[f"{m}_pct"].append(_percentiles(values, res[m][tri][enough]))
    return {
        k: np.concatenate(v)
        if v
        else np.empty(0, dtype=np.int64 if k in ("dyad", "group") else float)
        for k, v in parts.items()
    }


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
