"""Pure numpy kernels for roll-call agreement (no I/O, no polars).

Votes are coded 1 = yes, 2 = abstain, 3 = no and 0 = did not vote (absent, not a
member, or not recorded). For two states the 3 x 3 table ``C[k, l]`` counts the roll
calls on which the first voted ``k + 1`` and the second ``l + 1``; every measure is a
function of that table, and only roll calls on which both voted enter it.

For many states at once the tables are matrix products of one-hot vote matrices: with
``O_a`` the stacked indicator matrix ``[vote == 1; vote == 2; vote == 3]`` of shape
``(3 n_a, R)``, ``O_a @ O_b.T`` holds every table of every pair — no pairwise loops or
joins. Counts are accumulated in float32, which is exact for integers below 2**24.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np

__all__ = ["MEASURES", "counts", "measures_from_counts"]

#: Measure names, in the order they are documented.
MEASURES = ("raw", "voeten", "s_score", "kappa", "kappa_quad", "pi")

_VALUES = np.array([1.0, 2.0, 3.0])
_ABS = np.abs(_VALUES[:, None] - _VALUES[None, :])  # |k - l|: 0, 1, 2
_SQ = _ABS**2  # (k - l)^2: 0, 1, 4


def _onehot(votes: np.ndarray) -> np.ndarray:
    """Stack the yes / abstain / no indicators of ``votes`` (n, R) into (3, n, R) float32."""
    v = np.asarray(votes)
    return np.stack([(v == k) for k in (1, 2, 3)]).astype(np.float32)


def counts(votes_a: np.ndarray, votes_b: np.ndarray | None = None) -> np.ndarray:
    """Joint vote tables of every pair of rows.

    Parameters
    ----------
    votes_a : ndarray of shape (n_a, R)
        Vote codes (0 = no vote, 1 yes, 2 abstain, 3 no) of ``n_a`` states on ``R``
        roll calls.
    votes_b : ndarray of shape (n_b, R), optional
        A second set of states on the same roll calls; ``votes_a`` when omitted.

    Returns
    -------
    ndarray of shape (3, 3, n_a, n_b), float64
        ``C[k, l, i, j]`` = number of roll calls on which state ``i`` voted ``k + 1`` and
        state ``j`` voted ``l + 1``.
    """
    oa = _onehot(votes_a)
    ob = oa if votes_b is None else _onehot(votes_b)
    na, r = oa.shape[1], oa.shape[2]
    nb = ob.shape[1]
    if r == 0:
        return np.zeros((3, 3, na, nb))
    g = oa.reshape(3 * na, r) @ ob.reshape(3 * nb, r).T  # (3 na, 3 nb)
    # C-contiguous (3, 3, n_a, n_b): the measures reduce over the first two axes.
    return np.ascontiguousarray(g.reshape(3, na, 3, nb).transpose(0, 2, 1, 3), dtype=np.float64)


def measures_from_counts(
    table: np.ndarray, measures: Iterable[str] = MEASURES
) -> dict[str, np.ndarray]:
    """Agreement measures from joint vote tables.

    Parameters
    ----------
    table : ndarray of shape (3, 3, ...)
        Joint counts as returned by :func:`counts` (any trailing shape).
    measures : iterable of str
        Any of ``raw``, ``voeten``, ``s_score``, ``kappa``, ``kappa_quad``, ``pi``.

    Returns
    -------
    dict
        ``n_votes`` (joint roll calls) and one array per measure, NaN where undefined
        (no joint votes; or, for the chance-corrected measures, when the expected
        agreement is 1, i.e. both states cast one and the same vote throughout).

    Notes
    -----
    With ``n = Σ C``, ``p_o = Σ_k C_kk / n``, row and column margins ``r_k``, ``c_k``:

    * ``raw`` = p_o, the share of identical votes;
    * ``voeten`` = 1 − Σ |k − l| C_kl / (2n): yes = 1, abstain = 2, no = 3, so an
      abstention against a yes or a no counts half (Voeten 2000);
    * ``s_score`` = 1 − 2 Σ |k − l| C_kl / (n d_max) with d_max = 2, Signorino & Ritter's
      (1999) S on the three-point scale; equal to 2 voeten − 1;
    * ``kappa`` = (p_o − p_e) / (1 − p_e), p_e = Σ_k r_k c_k / n² (Cohen 1960);
    * ``kappa_quad`` = 1 − Σ w_kl C_kl / Σ w_kl r_k c_l / n, w_kl = (k − l)², Cohen's
      weighted κ with quadratic weights (Cohen 1968);
    * ``pi`` = (p_o − p_e) / (1 − p_e), p_e = Σ_k ((r_k + c_k) / 2n)² (Scott 1955).
    """
    t = np.asarray(table, dtype=np.float64)
    n = t.sum(axis=(0, 1))
    out: dict[str, np.ndarray] = {"n_votes": n}
    with np.errstate(divide="ignore", invalid="ignore"):
        safe_n = np.where(n > 0, n, np.nan)
        diag = t[0, 0] + t[1, 1] + t[2, 2]
        po = diag / safe_n
        r = t.sum(axis=1)  # (3, ...): first state's margins
        c = t.sum(axis=0)  # (3, ...): second state's margins
        dist = np.tensordot(_ABS, t, axes=([0, 1], [0, 1]))
        for m in measures:
            if m == "raw":
                out[m] = po
            elif m == "voeten":
                out[m] = 1.0 - dist / (2.0 * safe_n)
            elif m == "s_score":
                out[m] = 1.0 - dist / safe_n
            elif m == "kappa":
                pe = (r * c).sum(axis=0) / safe_n**2
                out[m] = _chance_corrected(po, pe)
            elif m == "kappa_quad":
                observed = np.tensordot(_SQ, t, axes=([0, 1], [0, 1]))
                expected = np.einsum("kl,k...,l...->...", _SQ, r, c) / safe_n
                out[m] = np.where(
                    expected > 0, 1.0 - observed / np.where(expected > 0, expected, 1.0), np.nan
                )
            elif m == "pi":
                pe = (((r + c) / (2.0 * safe_n)) ** 2).sum(axis=0)
                out[m] = _chance_corrected(po, pe)
            else:
                raise ValueError(f"unknown measure {m!r}")
    return out


def _chance_corrected(po: np.ndarray, pe: np.ndarray) -> np.ndarray:
    denom = 1.0 - pe
    ok = denom > 1e-12
    return np.where(ok, (po - pe) / np.where(ok, denom, 1.0), np.nan)
