"""CAMEO event codes: descriptions, QuadClass and Goldstein values.

CAMEO (Conflict and Mediation Event Observations; Schrodt 2012) codes an event as a
string of two to four digits: a **root code** ``01``–``20`` ("04" Consult), a base code
("042" Make a visit) and a leaf code ("0421"…). Codes are text — ``"010"`` (Make
statement) and ``"10"`` (Demand) are different codes — so the functions here take strings
(roots may also be given as the integers 1–20).

Three small tables ship with accord (``accord/events/cameo_data/``, built by
``tools/build_cameo.py``; provenance in its ``SOURCE.md``):

* **codes** — 317 codes with a description: GDELT's lookup ``CAMEO.eventcodes.txt`` (310
  codes), plus 106 and 1213 from ICEWS's Goldstein table and five codes found only in a
  machine-readable CAMEO codebook (155, 176, 1834, 1951, 1952);
* **QuadClass** by root code, as GDELT assigns it (read off 710 real GDELT events);
* **Goldstein** values (Goldstein 1992) by code, as ICEWS ships them (312 codes).

Notes
-----
**QuadClass.** GDELT groups root codes into four classes: 1 verbal cooperation (01–05),
2 material cooperation (06–09), 3 verbal conflict (10–14), 4 material conflict (15–20).
Other conventions exist and differ at the edges: Beger's ``icews`` R package uses
01–05 / 06–08 / 09–13 / 14–20, and some texts use 01–04 / 05–08 / 09–13 / 14–20. accord
uses GDELT's, the one in GDELT's own ``QuadClass`` column, so that GDELT and ICEWS
events read by :mod:`accord.events.eventdata` are classed alike.

**Goldstein.** The table is ICEWS's (its ``Intensity`` column equals it on every event
of the ICEWS sample). GDELT's ``GoldsteinScale`` column differs for two codes in the GDELT
sample — 016 (GDELT −2.0, table −5.0) and 164 (GDELT −7.0, table −6.5); GDELT files keep
their own values when read.

References
----------
Schrodt, P. A. (2012). *CAMEO Conflict and Mediation Event Observations Event and Actor
Codebook*, version 1.1b3. Pennsylvania State University.

Goldstein, J. S. (1992). A conflict-cooperation scale for WEIS events data. *Journal of
Conflict Resolution* 36(2), 369–385.

Leetaru, K. & Schrodt, P. A. (2013). GDELT: Global data on events, location and tone,
1979–2012. ISA Annual Convention.

Examples
--------
>>> from accord.events import cameo
>>> cameo.describe("042"), cameo.quad_class("04"), cameo.goldstein("042")
('Make a visit', 1, 1.9)
>>> cameo.quad_class("190"), cameo.quad_class(14)
(4, 3)
"""

from __future__ import annotations

import difflib
import functools
import io
from importlib import resources

import polars as pl

from accord.errors import InputError

__all__ = ["QUAD_LABELS", "codes", "describe", "goldstein", "quad_class", "quad_classes"]

_DATA = "accord.events.cameo_data"
QUAD_LABELS: dict[int, str] = {
    1: "verbal cooperation",
    2: "material cooperation",
    3: "verbal conflict",
    4: "material conflict",
}


def _read(name: str, schema: dict[str, pl.DataType]) -> pl.DataFrame:
    raw = resources.files(_DATA).joinpath(name).read_bytes()
    return pl.read_csv(io.BytesIO(raw), schema=schema)


@functools.lru_cache(maxsize=1)
def _codes() -> pl.DataFrame:
    base = _read(
        "cameo_codes.csv",
        {
            "code": pl.String,
            "root_code": pl.String,
            "level": pl.Int8,
            "description": pl.String,
            "source": pl.String,
        },
    )
    quad = _quad_table().select("root_code", "quad_class")
    gold = _read("goldstein.csv", {"code": pl.String, "goldstein": pl.Float64})
    return base.join(quad, on="root_code", how="left", maintain_order="left").join(
        gold, on="code", how="left", maintain_order="left"
    )


@functools.lru_cache(maxsize=1)
def _quad_table() -> pl.DataFrame:
    return _read(
        "quad_classes.csv",
        {
            "root_code": pl.String,
            "description": pl.String,
            "quad_class": pl.Int8,
            "quad_label": pl.String,
        },
    )


@functools.lru_cache(maxsize=1)
def _maps() -> tuple[dict[str, str], dict[str, float], dict[str, int]]:
    df = _codes()
    desc = dict(zip(df["code"], df["description"], strict=True))
    gold = {c: g for c, g in zip(df["code"], df["goldstein"], strict=True) if g is not None}
    quad = dict(zip(_quad_table()["root_code"], _quad_table()["quad_class"], strict=True))
    return desc, gold, quad


def codes() -> pl.DataFrame:
    """All CAMEO codes accord knows, as a new table.

    Returns
    -------
    polars.DataFrame
        One row per code: ``code`` (text, e.g. ``"0421"``), ``root_code`` (``"04"``),
        ``level`` (1 root, 2 base, 3 leaf), ``description``, ``source`` (``"gdelt"``,
        ``"icews"`` or ``"tenthe"``: where the description comes from), ``quad_class``
        (1–4) and ``goldstein`` (null for the five codes ICEWS does not score).
    """
    return _codes().clone()


def quad_classes() -> pl.DataFrame:
    """QuadClass of each root code: ``root_code, description, quad_class, quad_label``.

    20 rows, one per root code 01–20; see the module Notes for the convention.
    """
    return _quad_table().clone()


def _code_text(code: object, what: str) -> str:
    if isinstance(code, bool) or not isinstance(code, str | int):
        raise InputError(
            f"CAMEO {what} {code!r} is a {type(code).__name__}: expected text such as '042'."
        )
    if isinstance(code, int):
        raise InputError(
            f"CAMEO code {code} is a number: codes are text with leading zeros ('010' Make "
            f"statement is not '10' Demand); pass it as a string, e.g. '{code:03d}'."
        )
    return code.strip()


def _unknown(code: str, known: dict[str, object], what: str) -> InputError:
    close = difflib.get_close_matches(code, list(known), n=3, cutoff=0.6)
    hint = f" Did you mean {', '.join(repr(c) for c in close)}?" if close else ""
    return InputError(
        f"unknown CAMEO {what} '{code}': expected 2–4 digits with the root code 01–20 first, "
        f"e.g. '042'.{hint} `accord.events.cameo.codes()` lists them."
    )


def describe(code: str) -> str:
    """Description of a CAMEO code ("042" → "Make a visit").

    Parameters
    ----------
    code : str
        A CAMEO code as text: root (``"04"``), base (``"042"``) or leaf (``"0421"``).

    Returns
    -------
    str
        GDELT's description where GDELT has one (roots are in capitals, as in CAMEO).

    Raises
    ------
    InputError
        If *code* is not text or not a known code.

    Examples
    --------
    >>> describe("04"), describe("0211")
    ('CONSULT', 'Appeal for economic cooperation')
    """
    text = _code_text(code, "code")
    desc = _maps()[0]
    if text not in desc:
        raise _unknown(text, desc, "code")
    return desc[text]


def goldstein(code: str) -> float:
    """Goldstein value of a CAMEO code, from −10 (most conflictual) to +10.

    Parameters
    ----------
    code : str
        A CAMEO code as text, e.g. ``"042"``.

    Returns
    -------
    float
        The value of ICEWS's table (equal to ICEWS's ``Intensity`` column).

    Raises
    ------
    InputError
        If *code* is unknown or has no Goldstein value (155, 176, 1834, 1951, 1952).

    Examples
    --------
    >>> goldstein("190"), goldstein("057")
    (-10.0, 8.0)
    """
    text = _code_text(code, "code")
    desc, gold, _ = _maps()
    if text in gold:
        return gold[text]
    if text in desc:
        raise InputError(
            f"CAMEO code '{text}' ({desc[text]}) has no Goldstein value in ICEWS's table; "
            f"use its base code '{text[:3]}' instead."
        )
    raise _unknown(text, desc, "code")


def quad_class(root_code: str | int) -> int:
    """QuadClass (1–4) of a CAMEO root code, or of any code through its root.

    Parameters
    ----------
    root_code : str or int
        A root code (``"04"``, or the integer ``4``) or a longer code (``"042"``), whose
        first two digits are its root.

    Returns
    -------
    int
        1 verbal cooperation, 2 material cooperation, 3 verbal conflict, 4 material
        conflict (GDELT's assignment; see the module Notes).

    Raises
    ------
    InputError
        If the root is not 01–20.

    Examples
    --------
    >>> [quad_class(r) for r in ("05", "06", "09", "10", "14", "15")]
    [1, 2, 2, 3, 3, 4]
    """
    if isinstance(root_code, int) and not isinstance(root_code, bool):
        text = f"{root_code:02d}"
    else:
        text = _code_text(root_code, "root code")
    quad = _maps()[2]
    root = text[:2]
    if not text.isdigit() or not 2 <= len(text) <= 4 or root not in quad:
        raise InputError(
            f"unknown CAMEO root code '{root_code}': expected 01–20 (or a longer code such "
            "as '042' whose first two digits are its root)."
        )
    return quad[root]
