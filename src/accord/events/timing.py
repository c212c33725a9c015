"""Timing tests: are two actors' moves closer in time than chance?

* :func:`coincidence` — event coincidence analysis (Donges et al. 2016): precursor and
  trigger coincidence rates between two event series, with the analytic (Poisson)
  p-value and a surrogate (shuffle) p-value;
* :func:`launch_gap` — for the launches of a region's dialogue formats, how unusual the
  gap between two named powers' launches is under two stated nulls.

Both state probabilities under assumptions; neither is a verdict on coordination. With
few events, they have little power: a single coincidence cannot be told from chance.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np
from scipy import stats

from accord.errors import InputError

__all__ = ["Coincidence", "LaunchGap", "coincidence", "coincidence_counts", "launch_gap"]


def _days(
    values: Iterable[Any], origin: dt.date | None = None
) -> tuple[np.ndarray, dt.date | None]:
    """Event times as floats (days since ``origin`` for dates), sorted."""
    vals = list(values)
    if vals and isinstance(vals[0], dt.date):
        origin = origin or min(vals)
        return np.sort(np.array([(v - origin).days for v in vals], dtype=float)), origin
    return np.sort(np.asarray(vals, dtype=float)), origin


def coincidence_counts(
    a: np.ndarray, b: np.ndarray, *, window: float, lag: float = 0.0
) -> tuple[int, int]:
    """(K_p, K_t): A events preceded by a B event, B events followed by an A event.

    An A event at ``t`` is a precursor coincidence when some B event lies in
    ``[t − lag − window, t − lag]``; a B event at ``s`` is a trigger coincidence when some
    A event lies in ``[s + lag, s + lag + window]`` (Donges et al. 2016, eqs. 1–2).
    Sorted inputs; O((N_A + N_B) log) with binary search.
    """
    a = np.sort(np.asarray(a, dtype=float))
    b = np.sort(np.asarray(b, dtype=float))
    if a.size == 0 or b.size == 0:
        return 0, 0
    lo = np.searchsorted(b, a - lag - window, side="left")
    hi = np.searchsorted(b, a - lag, side="right")
    k_p = int((hi > lo).sum())
    lo = np.searchsorted(a, b + lag, side="left")
    hi = np.searchsorted(a, b + lag + window, side="right")
    k_t = int((hi > lo).sum())
    return k_p, k_t


@dataclass(frozen=True)
class Coincidence:
    """Result of :func:`coincidence` (rates, counts, p-values and the assumptions)."""

    n_a: int
    n_b: int
    window: float
    lag: float
    span: float
    precursor_count: int
    trigger_count: int
    precursor_rate: float
    trigger_rate: float
    precursor_p_analytic: float
    trigger_p_analytic: float
    precursor_p_surrogate: float | None
    trigger_p_surrogate: float | None
    n_surrogates: int
    seed: int | None
    unit: str = "days"
    assumptions: tuple[str, ...] = field(default_factory=tuple)

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["assumptions"] = list(self.assumptions)
        return d


def _analytic(k: int, n: int, n_other: int, window: float, span: float, lag: float) -> float:
    """P(K ≥ k), K ~ Binomial(n, 1 − (1 − ΔT/(T − τ))^{n_other}) (Donges et al. 2016, eq. 7)."""
    eff = span - lag
    if eff <= 0:
        raise InputError(
            f"lag={lag} is not shorter than the observation span ({span}); use a smaller lag."
        )
    q = min(1.0, window / eff)
    p = 1.0 - (1.0 - q) ** n_other
    return float(stats.binom.sf(k - 1, n, p)) if k > 0 else 1.0


def coincidence(
    a: Sequence[Any],
    b: Sequence[Any],
    *,
    window: float,
    lag: float = 0.0,
    start: Any = None,
    end: Any = None,
    n_surrogates: int = 10_000,
    seed: int | None = 0,
) -> Coincidence:
    """Event coincidence analysis of two event series A and B.

    Parameters
    ----------
    a, b : sequences of dates or numbers
        Event times of A and of B (dates are counted in days).
    window : float
        ΔT, the coincidence window (days for dates).
    lag : float, default 0
        τ: B is expected ``lag`` before A.
    start, end : date or number, optional
        The observation period [start, end]; default: from the first to the last event of
        either series. Its length is T.
    n_surrogates : int, default 10000
        Surrogate pairs of series for the shuffle p-value (0 to skip).
    seed : int or None, default 0
        Seed of the surrogate draws (results are reproducible with the same seed).

    Returns
    -------
    Coincidence
        Rates ``r_p = K_p / N_A`` (share of A events preceded by a B event within ΔT after
        lag τ) and ``r_t = K_t / N_B`` (share of B events followed by an A event), counts,
        p-values ``P(K ≥ K_obs)`` — analytic and from surrogates — and the assumptions.

    Notes
    -----
    Analytic null (Donges et al. 2016, eq. 7): both series are independent Poisson
    processes on [start, end], so ``K_p ~ Binomial(N_A, 1 − (1 − ΔT/(T − τ))^{N_B})`` and
    ``K_t ~ Binomial(N_B, 1 − (1 − ΔT/(T − τ))^{N_A})``. Surrogate null: the same numbers of
    events placed uniformly at random in [start, end] (continuous time), independently for
    A and B; the p-value is ``(1 + #{K_s ≥ K_obs}) / (1 + n_surrogates)``. Events near the
    edges of the period have incomplete windows; both nulls treat them the same way, and
    the rates follow Donges et al.'s definition without edge correction (pyunicorn drops
    such events — results differ slightly for events near the edges).

    References
    ----------
    Donges, J. F., Schleussner, C.-F., Siegmund, J. F. & Donner, R. V. (2016). Event
    coincidence analysis for quantifying statistical interrelationships between event
    time series. *European Physical Journal Special Topics* 225: 471–487.

    Examples
    --------
    >>> r = coincidence([10, 50, 90], [5, 48, 70], window=5, start=0, end=100, n_surrogates=0)
    >>> r.precursor_count, r.trigger_count
    (2, 2)
    """
    if window <= 0:
        raise InputError(f"window={window} must be positive, e.g. window=90 (days).")
    if lag < 0:
        raise InputError(f"lag={lag} must be zero or positive (B is expected lag before A).")
    all_dates = [*a, *b] + [x for x in (start, end) if x is not None]
    origin = min(all_dates) if all_dates and isinstance(all_dates[0], dt.date) else None
    ta, _ = _days(a, origin)
    tb, _ = _days(b, origin)
    if ta.size == 0 or tb.size == 0:
        raise InputError(f"both series need events: A has {ta.size}, B has {tb.size}.")
    t0 = _days([start], origin)[0][0] if start is not None else min(ta[0], tb[0])
    t1 = _days([end], origin)[0][0] if end is not None else max(ta[-1], tb[-1])
    if (ta < t0).any() or (tb < t0).any() or (ta > t1).any() or (tb > t1).any():
        raise InputError("some events fall outside [start, end]; widen the period or drop them.")
    span = float(t1 - t0)
    if span <= 0:
        raise InputError("the observation period has no length; give start and end further apart.")
    k_p, k_t = coincidence_counts(ta, tb, window=window, lag=lag)
    p_p = _analytic(k_p, ta.size, tb.size, window, span, lag)
    p_t = _analytic(k_t, tb.size, ta.size, window, span, lag)
    sp = st = None
    if n_surrogates:
        rng = np.random.default_rng(seed)
        ks = np.empty((n_surrogates, 2), dtype=np.int64)
        for i in range(n_surrogates):
            sa = rng.uniform(t0, t1, ta.size)
            sb = rng.uniform(t0, t1, tb.size)
            ks[i] = coincidence_counts(sa, sb, window=window, lag=lag)
        sp = float((1 + (ks[:, 0] >= k_p).sum()) / (1 + n_surrogates))
        st = float((1 + (ks[:, 1] >= k_t).sum()) / (1 + n_surrogates))
    unit = "days" if origin is not None else "time units"
    return Coincidence(
        n_a=int(ta.size),
        n_b=int(tb.size),
        window=float(window),
        lag=float(lag),
        span=span,
        precursor_count=k_p,
        trigger_count=k_t,
        precursor_rate=k_p / ta.size,
        trigger_rate=k_t / tb.size,
        precursor_p_analytic=p_p,
        trigger_p_analytic=p_t,
        precursor_p_surrogate=sp,
        trigger_p_surrogate=st,
        n_surrogates=int(n_surrogates),
        seed=seed,
        unit=unit,
        assumptions=(
            f"independent series, events uniformly likely anywhere in the {span:g}-{unit} period",
            f"window {window:g} {unit}, lag {lag:g}",
            f"N_A = {ta.size}, N_B = {tb.size}: with few events the test has little power",
        ),
    )


@dataclass(frozen=True)
class LaunchGap:
    """Result of :func:`launch_gap`."""

    a: str
    b: str
    date_a: dt.date
    date_b: dt.date
    gap_days: int
    n_launches: int
    window_start: dt.date
    window_end: dt.date
    p_uniform: float
    p_resampled: float
    rank: int
    n_pairs: int
    p_any_pair_uniform: float
    assumptions: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        for k in ("date_a", "date_b", "window_start", "window_end"):
            d[k] = d[k].isoformat()
        d["assumptions"] = list(self.assumptions)
        return d


def launch_gap(
    launches: dict[str, dt.date],
    a: str,
    b: str,
    *,
    window: tuple[dt.date, dt.date] | None = None,
) -> LaunchGap:
    """How unusual is the gap between A's and B's launches among a region's formats?

    Parameters
    ----------
    launches : dict
        Launch date of each format, by its partner (e.g. ``{"JPN": date(2004, 8, 28), …}``).
    a, b : str
        The two partners compared (keys of ``launches``).
    window : (date, date), optional
        The period in which launches are assumed possible; default: from the first to the
        last launch in ``launches``.

    Returns
    -------
    LaunchGap
        ``gap_days`` = |date_a − date_b|; ``p_uniform`` = P(gap ≤ d) when the two launches
        are independent and uniform in the window, ``1 − (1 − d/W)²``; ``p_resampled`` = the
        share of the ``n_pairs`` pairs of observed launches with a gap ≤ d (``rank`` = how
        many pairs are that close, A–B included); ``p_any_pair_uniform`` = P(some pair among
        the n launches is within d) under the uniform null, by simulation — the chance of
        *a* coincidence this close somewhere, which is what one notices after the fact.

    Notes
    -----
    Probabilities under stated assumptions, not a verdict: launches are treated as
    independent, and the window is chosen after seeing the data.
    """
    if a not in launches or b not in launches:
        missing = [x for x in (a, b) if x not in launches]
        raise InputError(
            f"no launch date for {', '.join(missing)}; known: {', '.join(sorted(launches))}."
        )
    if a == b:
        raise InputError("a and b are the same; compare two different partners.")
    dates = sorted(launches.values())
    w0, w1 = window if window is not None else (dates[0], dates[-1])
    span = (w1 - w0).days
    if span <= 0:
        raise InputError("the launch window has no length; give a wider window.")
    d = abs((launches[a] - launches[b]).days)
    q = min(1.0, d / span)
    p_uniform = 1.0 - (1.0 - q) ** 2
    days = np.array([(x - w0).days for x in dates], dtype=float)
    gaps = np.abs(days[:, None] - days[None, :])[np.triu_indices(days.size, k=1)]
    rank = int((gaps <= d).sum())
    n_pairs = int(gaps.size)
    rng = np.random.default_rng(0)
    sims = np.sort(rng.uniform(0, span, size=(20_000, days.size)), axis=1)
    min_gap = np.diff(sims, axis=1).min(axis=1)
    p_any = float((min_gap <= d).mean())
    return LaunchGap(
        a=a,
        b=b,
        date_a=launches[a],
        date_b=launches[b],
        gap_days=d,
        n_launches=days.size,
        window_start=w0,
        window_end=w1,
        p_uniform=p_uniform,
        p_resampled=rank / n_pairs,
        rank=rank,
        n_pairs=n_pairs,
        p_any_pair_uniform=p_any,
        assumptions=(
            f"launch dates independent and equally likely anywhere in {w0}–{w1} ({span} days)",
            f"{days.size} launches; the window and the pair were chosen after the fact",
            "a format's launch is its first recorded meeting; where earlier meetings are "
            "undated, the launch is earlier than recorded",
        ),
    )
