"""The scorecard data model: what ``accord assess`` computes, before any rendering."""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from typing import Any, Literal

import polars as pl

from accord.provenance import Provenance

__all__ = ["Finding", "Indicator", "Section", "Scorecard", "SCHEMA_VERSION"]

#: Version of the JSON layout written by :meth:`Scorecard.to_json`.
SCHEMA_VERSION = 2

Status = Literal["ok", "not yet available", "skipped"]


def _clean(value: Any) -> Any:
    if isinstance(value, float) and (math.isnan(value) or math.isinf(value)):
        return None
    if isinstance(value, dict):
        return {k: _clean(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_clean(v) for v in value]
    return value


@dataclass(frozen=True)
class Indicator:
    """One number of the scorecard with what it takes to read it.

    ``value`` in ``unit``; ``n`` observations behind it (``n_label``: "votes", "sessions"
    …); the ``baseline`` it is compared with and the ``percentile`` it reaches there or the
    ``p_value`` of a test against it; ``direction`` over time; a ``caveat`` where one
    applies; ``details``: further numbers the synthesis rules read.
    """

    id: str
    label: str
    value: float | None
    unit: str = ""
    n: int | None = None
    n_label: str = ""
    baseline: str | None = None
    percentile: float | None = None
    direction: str | None = None
    caveat: str | None = None
    p_value: float | None = None
    details: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return _clean(dict(self.__dict__))


@dataclass(frozen=True)
class Section:
    """One evidence stream of the scorecard."""

    id: str
    title: str
    status: Status
    summary: tuple[str, ...] = ()
    indicators: tuple[Indicator, ...] = ()
    tables: dict[str, pl.DataFrame] = field(default_factory=dict)
    provenance: tuple[Provenance, ...] = ()
    note: str | None = None
    figures: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        # Sentences may start with a name in running-text form ("the United States …").
        object.__setattr__(self, "summary", tuple(_capital(s) for s in self.summary))
        object.__setattr__(self, "figures", {k: _capital(v) for k, v in self.figures.items()})

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "status": self.status,
            "note": self.note,
            "summary": list(self.summary),
            "indicators": [i.to_dict() for i in self.indicators],
            "figures": dict(self.figures),
            "tables": {k: _clean(v.to_dicts()) for k, v in self.tables.items()},
            "provenance": [_clean(p.to_dict()) for p in self.provenance],
        }


@dataclass(frozen=True)
class Finding:
    """One reading of the evidence by a synthesis rule (:mod:`accord.assess.synthesis`).

    ``direction``: "toward" (alignment or coordination), "against", "context" (relevant,
    neither way) or "missing" (no evidence); ``strength``: "weak" or "clear";
    ``evidence``: the indicator ids it reads.
    """

    rule: str
    direction: Literal["toward", "against", "context", "missing"]
    text: str
    strength: Literal["weak", "clear"] = "clear"
    evidence: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "text", _capital(self.text))

    def to_dict(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "direction": self.direction,
            "strength": self.strength,
            "text": self.text,
            "evidence": list(self.evidence),
        }


@dataclass(frozen=True)
class Scorecard:
    """The answer to "do A and B act in concert towards region R?", stream by stream."""

    a: str
    b: str
    region: str
    members: tuple[str, ...]
    parameters: dict[str, Any]
    sections: tuple[Section, ...]
    accord_version: str
    caveats: tuple[str, ...] = ()
    findings: tuple[Finding, ...] = ()
    reading: tuple[str, ...] = ()

    @property
    def region_title(self) -> str:
        """The region's name ("Central Asia"), or its id when it has no title."""
        return region_title(self.region)

    @property
    def question(self) -> str:
        from accord import countries

        return (
            f"Do {countries.sentence_name(self.a)} and {countries.sentence_name(self.b)} act in "
            f"concert towards {region_in_sentence(self.region)}?"
        )

    def section(self, id: str) -> Section:
        for s in self.sections:
            if s.id == id:
                return s
        raise KeyError(id)

    def to_dict(self) -> dict[str, Any]:
        return {
            "schema": "accord.scorecard",
            "schema_version": SCHEMA_VERSION,
            "accord_version": self.accord_version,
            "question": self.question,
            "a": self.a,
            "b": self.b,
            "region": self.region,
            "members": list(self.members),
            "parameters": _clean(self.parameters),
            "caveats": list(self.caveats),
            "reading": list(self.reading),
            "findings": [f.to_dict() for f in self.findings],
            "sections": [s.to_dict() for s in self.sections],
        }

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), indent=2, ensure_ascii=False, default=str)


def _capital(text: str) -> str:
    """The text with its first letter in upper case."""
    return text[:1].upper() + text[1:]


_ORGANISATION = ("Union", "Organization", "Organisation", "Council", "Commonwealth", "Group")
_ORGANISATION += ("Association", "Treaty", "members", "Partners", "Caucasus")


def region_title(region: str) -> str:
    """A group's name ("Central Asia" for ``central-asia``), or its id when it has none."""
    from accord import countries

    groups = countries.groups()
    row = groups.filter(groups["id"] == region)
    return row["title"][0] if row.height else region


def region_in_sentence(region: str) -> str:
    """The group as it reads in a sentence: "Central Asia", "the European Union"."""
    return _region_in_sentence(region_title(region))


def _region_in_sentence(title: str) -> str:
    """ "the European Union", "Central Asia": organisations and the like take "the"."""
    return f"the {title}" if any(w in title for w in _ORGANISATION) else title
