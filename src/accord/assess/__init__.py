"""Combine the evidence streams into a scorecard: :func:`assess`."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from accord import __version__
from accord import countries as _countries
from accord.assess.scorecard import SCHEMA_VERSION, Finding, Indicator, Scorecard, Section
from accord.errors import CoverageError, InputError

__all__ = [
    "assess",
    "Finding",
    "Scorecard",
    "Section",
    "Indicator",
    "SCHEMA_VERSION",
]


def assess(
    a: Any,
    b: Any,
    *,
    region: str,
    since: int = 1992,
    measure: str = "kappa",
    min_votes: int = 10,
    trade: str | Path | list[str | Path] | None = None,
    event_files: Any = None,
    docs: str | Path | None = None,
    progress: Callable[[str], None] | None = None,
) -> Scorecard:
    """Answer "do A and B act in concert towards region R?" from the evidence accord has.

    Parameters
    ----------
    a, b : country
        The two powers, in any form :func:`accord.countries.resolve` accepts.
    region : str
        A named group, e.g. ``"central-asia"`` (``accord countries groups`` lists them).
    since : int, default 1992
        First year of the recent period (trends, means). 1992 is the first UN session of
        the post-Soviet states.
    measure : str, default "kappa"
        The votes measure; Cohen's κ corrects for the chance agreement that inflates raw
        agreement when most votes are "yes" (Häge 2011).
    min_votes : int, default 10
        Minimum joint votes for a dyad-session to count.
    trade : path, glob or list, optional
        Product-level trade files (BACI, Comtrade …; :func:`accord.economy.read_trade`;
        several BACI years give a trend): adds the export similarity of A and B in the
        region to the money section.
    event_files : path, glob or list, optional
        GDELT or ICEWS event files (:func:`accord.events.read_events`): adds an events
        subsection (cooperation shares of A–B and towards the region) to the meetings section.
    docs : folder, optional
        The user's documents (joint statements, strategies: .txt, .md, .html, .pdf, .docx,
        with an optional ``metadata.csv`` naming each document's actors): the statements
        section (similarity, value and agenda language, reused passages).
    progress : callable, optional
        Called with a short description ("words: UN General Debate speeches") before each
        section is computed; the command line shows it as a status line.

    Returns
    -------
    Scorecard
        Sections in the order of the report (votes, words, statements, meetings, money);
        a stream without its data (the UN General Debate Corpus not in the cache, no
        ``docs``) has status "skipped" and a note naming what adds it.

    Examples
    --------
    >>> from accord.assess import assess
    >>> card = assess("Russia", "China", region="central-asia")
    >>> [s.id for s in card.sections]
    ['votes', 'words', 'statements', 'meetings', 'money']
    >>> print(card.section("votes").summary[0])  # doctest: +ELLIPSIS
    Russia and China agreed with Cohen's κ = 0.51 in session 74 (2019; 87 joint votes)...
    """
    from accord import votes
    from accord.assess.meetings_section import meetings_section
    from accord.assess.money_section import money_section
    from accord.assess.statements_section import statements_section
    from accord.assess.votes_section import votes_section
    from accord.assess.words_section import words_section
    from accord.votes.agreement import parse_measures

    ia = _countries.resolve(a, where="powers")
    ib = _countries.resolve(b, where="powers")
    if ia == ib:
        raise InputError(f"A and B are the same state ({ia}); give two different powers.")
    (measure,) = parse_measures([measure])
    region_id = _countries.resolve_group(region, where="region")
    members = [m for m in _countries.group(region_id) if m not in (ia, ib)]

    rc = votes.load()
    first_y, last_y = rc.coverage[2], rc.coverage[3]
    if not first_y <= since <= last_y:
        raise CoverageError(
            f"since={since} is outside the UN votes ({first_y}–{last_y}); use a year in that range."
        )
    step = progress or (lambda what: None)
    step("votes: UN General Assembly roll calls")
    sections = [
        votes_section(rc, ia, ib, members, since=since, measure=measure, min_votes=min_votes)
    ]
    step("words: UN General Debate speeches")
    sections.append(words_section(ia, ib, members, since=since))
    step("statements: your documents")
    sections.append(statements_section(ia, ib, None if docs is None else Path(docs)))
    step("meetings: formats, memberships, timing tests")
    sections.append(meetings_section(ia, ib, members, region_id, event_files=event_files))
    step("money: trade, remittances, migration, finance, routes")
    sections.append(
        money_section(
            ia,
            ib,
            members,
            region_id,
            since=since,
            trade_file=trade,
        )
    )
    step("the reading")
    from accord.assess import synthesis

    found = synthesis.findings(sections, ia, ib)
    return Scorecard(
        a=ia,
        b=ib,
        region=region_id,
        members=tuple(members),
        parameters={
            "since": since,
            "measure": measure,
            "min_votes": min_votes,
            "trade": None if trade is None else _paths(trade),
            "event_files": None if event_files is None else str(event_files),
            "docs": None if docs is None else str(docs),
        },
        sections=tuple(sections),
        accord_version=__version__,
        findings=found,
        reading=synthesis.reading(found, ia, ib),
        caveats=("Alignment is not proof of coordination.",),
    )


def _paths(value: str | Path | list[str | Path]) -> str:
    """A path, pattern or list of them as one text for the scorecard's parameters."""
    if isinstance(value, str | Path):
        return str(value)
    return ", ".join(str(v) for v in value)
