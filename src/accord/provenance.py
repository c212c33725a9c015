"""Provenance: where a result's numbers come from.

Every table accord returns carries a :class:`Provenance` — the datasets it was computed
from (id, version, file checksums), the function and its resolved parameters, the method
references and the accord version. :func:`accord.cite` turns it into BibTeX; the report
and ``--json`` output write it next to every number.

Polars DataFrames have no metadata slot, so provenance is kept in a side table keyed by
the object and released when the table is garbage-collected. A table derived by the user
(``df.filter(...)``) is a new object and has no provenance: cite the dataset ids instead.
"""

from __future__ import annotations

import json
import weakref
from dataclasses import asdict, dataclass, field
from typing import Any

__all__ = ["SourceRef", "Provenance", "attach", "provenance_of"]


@dataclass(frozen=True)
class SourceRef:
    """One dataset a result was computed from."""

    id: str
    version: str
    sha256: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Provenance:
    """Sources, function, parameters, method references and package version of a result."""

    function: str
    sources: tuple[SourceRef, ...] = ()
    parameters: dict[str, Any] = field(default_factory=dict)
    methods: tuple[str, ...] = ()
    accord_version: str = ""

    def __post_init__(self) -> None:
        if not self.accord_version:
            from accord import __version__

            object.__setattr__(self, "accord_version", __version__)

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["sources"] = [asdict(s) for s in self.sources]
        d["methods"] = list(self.methods)
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Provenance:
        return cls(
            function=d["function"],
            sources=tuple(SourceRef(**s) for s in d.get("sources", ())),
            parameters=dict(d.get("parameters", {})),
            methods=tuple(d.get("methods", ())),
            accord_version=d.get("accord_version", ""),
        )

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), indent=2, sort_keys=True, default=str)

    @classmethod
    def from_json(cls, text: str) -> Provenance:
        return cls.from_dict(json.loads(text))


_registry: dict[int, Provenance] = {}


def attach(obj: Any, prov: Provenance) -> Any:
    """Record *prov* as the provenance of *obj* and return *obj* (not a copy)."""
    key = id(obj)
    if key not in _registry:
        weakref.finalize(obj, _registry.pop, key, None)
    _registry[key] = prov
    return obj


def provenance_of(obj: Any) -> Provenance | None:
    """The provenance recorded for *obj*, or ``None``."""
    prov = getattr(obj, "provenance", None)
    if isinstance(prov, Provenance):
        return prov
    return _registry.get(id(obj))
