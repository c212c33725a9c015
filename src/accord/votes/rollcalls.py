"""UN General Assembly roll calls: the :class:`RollCalls` container and :func:`load`."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import numpy as np
import polars as pl

from accord.errors import CoverageError, InputError
from accord.provenance import SourceRef

__all__ = ["RollCalls", "load", "ISSUES", "session_year"]

#: Voeten's issue tags (searches in the roll-call descriptions).
ISSUES = {
    "me": "Palestinian conflict",
    "nu": "Nuclear weapons and nuclear material",
    "di": "Arms control and disarmament",
    "hr": "Human rights",
    "co": "Colonialism",
    "ec": "Economic development",
}

DATASET_ID = "unga-votes"


def session_year(session: int) -> int:
    """Calendar year in which a regular session opened (session 1 = 1946, 74 = 2019)."""
    return int(session) + 1945


def parse_range(value: Any, what: str) -> tuple[int, int] | frozenset[int] | None:
    """Accept ``2019``, ``(1992, 2019)``, ``range(...)``, ``"1992-2019"`` or an iterable."""
    if value is None:
        return None
    if isinstance(value, bool):
        raise InputError(
            f"{what}={value!r} is not a {what[:-1]} or a range; use e.g. 2019 or (1992, 2019)."
        )
    if isinstance(value, int | np.integer):
        return (int(value), int(value))
    if isinstance(value, str):
        m = re.fullmatch(r"\s*(\d+)\s*(?:[-:–]\s*(\d+))?\s*", value)
        if not m:
            raise InputError(
                f"{what}={value!r} is not understood; use a number like 2019 or a range "
                "like 1992-2019."
            )
        value = (int(m[1]), int(m[2] or m[1]))
    if isinstance(value, range):
        if len(value) == 0:
            raise InputError(f"{what}={value!r} is empty.")
        if value.step == 1:
            return (value.start, value.stop - 1)
        return frozenset(value)
    if (
        isinstance(value, tuple)
        and len(value) == 2
        and all(isinstance(v, int | np.integer) for v in value)
    ):
        lo, hi = int(value[0]), int(value[1])
        if lo > hi:
            raise InputError(f"{what}={value!r} runs backwards; use ({hi}, {lo}).")
        return (lo, hi)
    try:
        items = frozenset(int(v) for v in value)
    except (TypeError, ValueError):
        raise InputError(
            f"{what}={value!r} is not understood; use a number, a (first, last) tuple or a range."
        ) from None
    if not items:
        raise InputError(f"{what}={value!r} is empty.")
    return items


def range_bounds(sel: tuple[int, int] | frozenset[int]) -> tuple[int, int]:
    return sel if isinstance(sel, tuple) else (min(sel), max(sel))


def require_within(
    sel: tuple[int, int] | frozenset[int], what: str, span: tuple[int, int], rc: RollCalls
) -> tuple[int, int]:
    """Bounds of ``sel``; :class:`CoverageError` when they leave ``span`` (first, last).

    ``what`` is "sessions" or "years"; ``rc`` gives the coverage named in the message.
    """
    lo, hi = range_bounds(sel)
    first, last = span
    if lo >= first and hi <= last:
        return lo, hi
    first_s, last_s, first_y, last_y = rc.coverage
    asked = f"{what[:-1]} {lo}" if lo == hi else f"{what} {lo}–{hi}"
    newer = "; newer roll calls are not in accord yet" if hi > last and not rc.selection else ""
    raise CoverageError(
        f"{rc.label} cover sessions {first_s}–{last_s} ({first_y}–{last_y}); you asked for "
        f"{asked}. Ask for {what} within {first}–{last}{newer}."
    )


def _expr_in(col: str, sel: tuple[int, int] | frozenset[int]) -> pl.Expr:
    if isinstance(sel, tuple):
        return pl.col(col).is_between(sel[0], sel[1])
    return pl.col(col).is_in(sorted(sel))


def _issue_codes(issue: str | Iterable[str]) -> list[str]:
    items = [issue] if isinstance(issue, str) else list(issue)
    names = {v.lower(): k for k, v in ISSUES.items()}
    out = []
    for item in items:
        key = str(item).strip().lower()
        if key in ISSUES:
            out.append(key)
        elif key in names:
            out.append(names[key])
        else:
            close = difflib.get_close_matches(key, list(ISSUES) + list(names), n=1, cutoff=0.6)
            hint = f" Did you mean '{names.get(close[0], close[0])}'?" if close else ""
            choices = ", ".join(f"{k} ({v.lower()})" for k, v in ISSUES.items())
            raise InputError(f"unknown issue '{item}'.{hint} Choose from {choices}.")
    return out


@dataclass(frozen=True, eq=False)
class RollCalls:
    """UN General Assembly roll calls and the votes cast on them.

    Attributes
    ----------
    votes : polars.DataFrame
        One row per roll call x state: ``rcid``, ``iso3``, ``vote`` (1 yes, 2 abstain,
        3 no). States that were absent or not members have no row.
    rollcalls : polars.DataFrame
        One row per roll call: ``rcid, session, date, year, unres, amend, para,
        important, me, nu, di, hr, co, ec, short``.
    sources : tuple of SourceRef
        The datasets the votes come from.
    selection : dict
        The filters applied so far (recorded in the provenance of every result).

    Use :func:`load` to get the embedded data and :meth:`filter` to select roll calls;
    both return new objects and never change an existing one.
    """

    votes: pl.DataFrame
    rollcalls: pl.DataFrame
    sources: tuple[SourceRef, ...] = ()
    selection: dict[str, Any] = field(default_factory=dict)

    def __repr__(self) -> str:
        s = self.rollcalls["session"]
        span = f"sessions {s.min()}–{s.max()}" if self.rollcalls.height else "no roll calls"
        sel = f", selection={self.selection}" if self.selection else ""
        return (
            f"RollCalls({self.rollcalls.height:,} roll calls, {self.votes.height:,} votes, "
            f"{len(self.countries)} states, {span}{sel})"
        )

    # -- views -------------------------------------------------------------------------
    @cached_property
    def countries(self) -> tuple[str, ...]:
        """ISO3 codes of every state with at least one vote, sorted."""
        return tuple(sorted(self.votes["iso3"].unique().to_list()))

    @cached_property
    def _dense(self) -> tuple[np.ndarray, np.ndarray, dict[str, int]]:
        """(matrix states x roll calls of int8 vote codes, rcids, state index)."""
        rcids = self.rollcalls["rcid"].to_numpy()
        index = {c: i for i, c in enumerate(self.countries)}
        mat = np.zeros((len(index), rcids.size), dtype=np.int8)
        col = np.searchsorted(rcids, self.votes["rcid"].to_numpy())
        row = self.votes["iso3"].replace_strict(index, return_dtype=pl.Int32).to_numpy()
        mat[row, col] = self.votes["vote"].to_numpy()
        mat.setflags(write=False)
        return mat, rcids, index

    def matrix(self) -> tuple[np.ndarray, tuple[str, ...], np.ndarray]:
        """Dense vote matrix: (codes of shape (n_states, n_rollcalls), iso3 codes, rcids).

        Codes are 1 yes, 2 abstain, 3 no, 0 no vote. The array is read-only.
        """
        mat, rcids, _ = self._dense
        return mat, self.countries, rcids

    @property
    def label(self) -> str:
        """ "UN votes", or "UN votes with <selection>" when filtered (for messages)."""
        if not self.selection:
            return "UN votes"
        return "UN votes with " + ", ".join(f"{k}={v}" for k, v in self.selection.items())

    @property
    def coverage(self) -> tuple[int, int, int, int]:
        """(first session, last session, first year, last year) of the roll calls."""
        rc = self.rollcalls
        return (
            int(rc["session"].min()),
            int(rc["session"].max()),
            session_year(rc["session"].min()),
            session_year(rc["session"].max()),
        )

    # -- selection ---------------------------------------------------------------------
    def filter(
        self,
        *,
        sessions: Any = None,
        years: Any = None,
        issue: str | Iterable[str] | None = None,
        important: bool | None = None,
        unanimous: bool = True,
        amendments: bool = True,
        paragraphs: bool = True,
    ) -> RollCalls:
        """Select roll calls; returns a new :class:`RollCalls`.

        Parameters
        ----------
        sessions, years : int, (first, last), range, "1992-2019" or iterable, optional
            Sessions, or calendar years of the vote dates. Outside the data's coverage
            raises :class:`~accord.errors.CoverageError`.
        issue : str or list of str, optional
            Voeten's issue tags ``me``, ``nu``, ``di``, ``hr``, ``co``, ``ec`` (or their
            names, e.g. "human rights"); a roll call is kept if it has any of them.
        important : bool, optional
            ``True`` keeps the votes the US State Department marked important (tagged
            from 1983 on), ``False`` the others.
        unanimous : bool, default True
            ``False`` drops roll calls on which every state that voted cast the same vote.
        amendments, paragraphs : bool, default True
            ``False`` drops votes on amendments / on separate paragraphs.

        Examples
        --------
        >>> import accord
        >>> rc = accord.votes.load().filter(years=(1992, 2019), issue="hr")
        """
        rc = self.rollcalls
        selection = dict(self.selection)
        sel_s = parse_range(sessions, "sessions")
        if sel_s is not None:
            span = (int(rc["session"].min()), int(rc["session"].max()))
            require_within(sel_s, "sessions", span, self)
            rc = rc.filter(_expr_in("session", sel_s))
            selection["sessions"] = list(sel_s) if isinstance(sel_s, tuple) else sorted(sel_s)
        sel_y = parse_range(years, "years")
        if sel_y is not None:
            span = (int(self.rollcalls["year"].min()), int(self.rollcalls["year"].max()))
            require_within(sel_y, "years", span, self)
            rc = rc.filter(_expr_in("year", sel_y))
            selection["years"] = list(sel_y) if isinstance(sel_y, tuple) else sorted(sel_y)
        if issue is not None:
            codes = _issue_codes(issue)
            rc = rc.filter(pl.any_horizontal(*[pl.col(c) for c in codes]))
            selection["issue"] = codes
        if important is not None:
            rc = rc.filter(pl.col("important") == important)
            selection["important"] = bool(important)
        if not amendments:
            rc = rc.filter(~pl.col("amend"))
            selection["amendments"] = False
        if not paragraphs:
            rc = rc.filter(~pl.col("para"))
            selection["paragraphs"] = False
        if not unanimous:
            split = (
                self.votes.filter(pl.col("rcid").is_in(rc["rcid"].implode()))
                .group_by("rcid")
                .agg(pl.col("vote").n_unique().alias("k"))
                .filter(pl.col("k") > 1)
            )
            rc = rc.filter(pl.col("rcid").is_in(split["rcid"].implode()))
            selection["unanimous"] = False
        if rc.height == 0:
            raise CoverageError(
                f"no roll calls match {selection}; widen the selection (fewer filters or more "
                "years)."
            )
        votes = self.votes.filter(pl.col("rcid").is_in(rc["rcid"].implode()))
        return RollCalls(votes=votes, rollcalls=rc, sources=self.sources, selection=selection)

    def ideal_point_set(self) -> RollCalls:
        """The roll calls Bailey, Strezhnev & Voeten use for their ideal points.

        Non-unanimous votes; from session 46 (1991) on, without votes on amendments and
        separate paragraphs (which Voeten's data adds only from 1991). On this selection
        the share of identical votes reproduces the agreement columns (``USAgree``,
        ``RUSSAgree``, ``ChinaAgree``) published with the ideal points exactly; see the
        README, "Reference values".
        """
        rc = self.rollcalls
        keep = (pl.col("session") < 46) | (~pl.col("amend") & ~pl.col("para"))
        sub = RollCalls(
            votes=self.votes.filter(pl.col("rcid").is_in(rc.filter(keep)["rcid"].implode())),
            rollcalls=rc.filter(keep),
            sources=self.sources,
            selection=self.selection,
        ).filter(unanimous=False)
        sel = {k: v for k, v in self.selection.items()} | {"preset": "bsv-ideal-points"}
        return RollCalls(
            votes=sub.votes, rollcalls=sub.rollcalls, sources=sub.sources, selection=sel
        )


def _read(votes_path: Any, rollcalls_path: Any, sources: tuple[SourceRef, ...]) -> RollCalls:
    votes = pl.read_parquet(votes_path)
    rollcalls = pl.read_parquet(rollcalls_path)
    return RollCalls(votes=votes, rollcalls=rollcalls, sources=sources)


def load() -> RollCalls:
    """The embedded UN General Assembly roll calls, 1946–2019 (sessions 1–74).

    870,109 votes of 199 states on 6,203 roll calls (Voeten, Strezhnev & Bailey's data as
    released in the R package unvotes). Absences and non-membership are not recorded:
    a state that did not vote has no row, and every measure uses only roll calls on
    which both states of a dyad voted yes, no or abstain.

    The USSR's votes are Russia's (RUS), as the UN seat was; the China seat before
    October 1971 is coded TWN (Republic of China), CHN from session 26.

    Returns
    -------
    RollCalls

    Examples
    --------
    >>> import accord
    >>> rc = accord.votes.load()
    >>> rc.coverage
    (1, 74, 1946, 2019)
    """
    from accord import data

    ds = data.get(DATASET_ID)
    source = SourceRef(id=ds.id, version=ds.version, sha256={f.name: f.sha256 for f in ds.files})
    return _read(
        data.path(DATASET_ID, "unga_votes.parquet"),
        data.path(DATASET_ID, "unga_rollcalls.parquet"),
        (source,),
    )
