"""Small statistics shared by the evidence streams: trends over time."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Literal

import numpy as np
from scipy import stats

__all__ = ["Trend", "trend"]


@dataclass(frozen=True)
class Trend:
    """A monotone trend of a series over time.

    ``slope`` is the Theil–Sen slope per ``per`` time units with its confidence interval;
    ``tau`` and ``p_value`` are Kendall's rank correlation of value and time (two-sided).
    ``direction`` is ``"rising"`` or ``"falling"`` when the interval excludes 0, else
    ``"no clear trend"``.
    """

    slope: float
    ci_low: float
    ci_high: float
    per: int
    tau: float
    p_value: float
    n: int
    first: int
    last: int
    direction: Literal["rising", "falling", "no clear trend"]

    def to_dict(self) -> dict:
        return asdict(self)


def trend(t: np.ndarray, y: np.ndarray, *, per: int = 10, confidence: float = 0.95) -> Trend | None:
    """Theil–Sen slope and Kendall's τ of ``y`` over ``t``; ``None`` with fewer than 4 points.

    Parameters
    ----------
    t, y : array-like
        Times (e.g. years) and values; pairs with a NaN value are dropped.
    per : int, default 10
        The slope is reported per ``per`` time units (per decade for years).
    confidence : float, default 0.95
        Level of the slope's confidence interval (Sen 1968).

    References
    ----------
    Sen, P. K. (1968). Estimates of the regression coefficient based on Kendall's tau.
    *JASA* 63(324). Theil, H. (1950). A rank-invariant method of linear and polynomial
    regression analysis.
    """
    t = np.asarray(t, dtype=float)
    y = np.asarray(y, dtype=float)
    ok = ~(np.isnan(t) | np.isnan(y))
    t, y = t[ok], y[ok]
    if t.size < 4 or np.unique(t).size < 2:
        return None
    slope, _, low, high = stats.theilslopes(y, t, alpha=confidence)
    tau, p = stats.kendalltau(t, y)
    if low > 0:
        direction = "rising"
    elif high < 0:
        direction = "falling"
    else:
        direction = "no clear trend"
    return Trend(
        slope=float(slope * per),
        ci_low=float(low * per),
        ci_high=float(high * per),
        per=per,
        tau=float(tau),
        p_value=float(p),
        n=int(t.size),
        first=int(t.min()),
        last=int(t.max()),
        direction=direction,
    )
