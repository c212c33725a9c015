"""Country codes, names and named groups of states.

accord uses ISO 3166-1 alpha-3 (``RUS``) as its one canonical country code.
:func:`resolve` turns what people type into it: names and common variants ("Russia",
"Kyrgyz Republic", "Korea, Rep.", "Bosnia & Herzegovina"), ISO3, ISO2 (``"RU"``),
Correlates of War codes (``365``) and, when asked, UN M49 codes (``"m49:643"``).
:func:`group` expands named groups and regions (``"central-asia"``, ``"sco"``, ``"eu"``).

The table (``accord/countries_data/countries.csv``) is built by
``tools/build_countries.py`` from ISO 3166-1 (via pycountry), the Correlates of War
state list, the codes in Voeten's UN voting data and hand-written aliases; provenance in
``countries_data/SOURCE.md``.

Notes
-----
Historical UN seats follow the states that continued them (details in the ``note``
column): **USSR → RUS** — the Russian Federation continued the USSR's UN seat in 1991, so
"USSR", "Soviet Union", "Union of Soviet Socialist Republics" and COW 365 resolve to
``RUS`` and there is no Soviet row; **Federal Republic of Germany → DEU** ("West
Germany", COW 260; 255 is Germany's); **Yemen Arab Republic → YEM** ("North Yemen", COW
678; 679 is Yemen's). Own rows: German Democratic Republic ``DDR`` (COW 265), South
Yemen ``YMD`` (680), Czechoslovakia ``CSK`` (315), Zanzibar ``ZAN`` (511, not an ISO
code), Yugoslavia ``YUG`` (345 — a COW series continued after 1992 by FR Yugoslavia /
Serbia and Montenegro and, from 2006, Serbia ``SRB``), Kosovo ``XKX`` (347). Taiwan
``TWN`` (COW 713, "Republic of China") held the China seat until 25 October 1971.

Examples
--------
>>> from accord import countries
>>> countries.resolve("Kyrgyz Republic"), countries.resolve(365), countries.resolve("RU")
('KGZ', 'RUS', 'RUS')
>>> countries.group("central-asia")
('KAZ', 'KGZ', 'TJK', 'TKM', 'UZB')
"""

from __future__ import annotations

import difflib
import functools
import io
import math
import numbers
import re
import tomllib
import unicodedata
from collections.abc import Iterable
from importlib import resources
from typing import Any, Literal, NamedTuple

import polars as pl

from accord.errors import DataError, InputError

__all__ = ["resolve", "resolve_many", "lookup", "name", "sentence_name", "possessive"]
__all__ += ["convert", "table"]
__all__ += ["group", "groups", "resolve_group"]

System = Literal["auto", "iso3", "iso2", "cow", "m49", "name"]
Target = Literal["iso3", "iso2", "cow", "m49", "name"]

_DATA = "accord.countries_data"
_SYSTEMS = ("iso3", "iso2", "cow", "m49", "name")
_LABELS = {"iso3": "ISO3", "iso2": "ISO2", "cow": "COW", "m49": "M49", "name": "name"}
_PREFIX = re.compile(r"^\s*(iso3|iso2|cow|m49|name)\s*:\s*(.*)$", re.IGNORECASE | re.DOTALL)
_HOW = "Use a name, ISO3, ISO2 or COW code; `accord countries resolve` shows what is known."


def _key(text: str) -> str:
    """Normalise a country name for matching.

    Case, diacritics, punctuation and spaces are dropped, ``&`` reads as ``and``,
    ``St.`` as ``Saint``, and a leading or trailing ``the`` is ignored, so "St. Kitts &
    Nevis", "Saint Kitts and Nevis", "Gambia, The" and "Cote d Ivoire" match."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    text = re.sub(r"['’‘`´]", "", text.replace("&", " and "))
    tokens = ["saint" if t == "st" else t for t in re.sub(r"[^0-9a-z]+", " ", text).split()]
    if tokens and tokens[0] == "the":
        tokens = tokens[1:]
    if tokens and tokens[-1] == "the":
        tokens = tokens[:-1]
    return "".join(tokens)


@functools.lru_cache(maxsize=1)
def _table() -> pl.DataFrame:
    raw = resources.files(_DATA).joinpath("countries.csv").read_bytes()
    df = pl.read_csv(io.BytesIO(raw), infer_schema=False)
    return df.with_columns(pl.col("m49", "cow").cast(pl.Int64), pl.col("historical") == "true")


def table() -> pl.DataFrame:
    """The shipped country table, as a copy (changing it changes nothing here).

    Columns ``iso3, iso2, m49, cow, cow_also, name, official_name, aliases, historical,
    note``: ``cow`` is the main Correlates of War code, ``cow_also`` other COW codes of the
    same row and ``aliases`` other names (both ``|``-separated); ``historical`` marks
    states that no longer exist.
    """
    return _table().clone()


class _Index(NamedTuple):
    rows: dict[str, dict[str, Any]]
    iso2: dict[str, str]
    cow: dict[int, str]
    m49: dict[int, str]
    names: dict[str, str]  # normalised name -> iso3


@functools.lru_cache(maxsize=1)
def _index() -> _Index:
    idx = _Index({}, {}, {}, {}, {})
    for row in _table().iter_rows(named=True):
        iso3 = row["iso3"]
        idx.rows[iso3] = row
        if row["iso2"]:
            idx.iso2[row["iso2"]] = iso3
        if row["m49"] is not None:
            idx.m49[row["m49"]] = iso3
        cows = [row["cow"]] + [int(c) for c in (row["cow_also"] or "").split("|") if c]
        idx.cow.update((code, iso3) for code in cows if code is not None)
        texts = [row["name"], row["official_name"], *(row["aliases"] or "").split("|")]
        for text in filter(None, texts):
            key = _key(text)
            if idx.names.setdefault(key, iso3) != iso3:
                raise DataError(
                    f"countries.csv: the name '{text}' is given for both "
                    f"{idx.names[key]} and {iso3}; rebuild it with tools/build_countries.py."
                )
    return idx


def _in(where: str | None) -> str:
    return f" in {where}" if where else ""


def _suggest(text: str) -> list[tuple[str, str]]:
    """Countries whose names are closest to *text*: ``[(name, iso3), ...]``, at most 3."""
    key, idx = _key(text), _index()
    if not key:
        return []
    close = difflib.get_close_matches(key, idx.names, n=12, cutoff=0.7)
    scored = [(difflib.SequenceMatcher(None, key, c).ratio(), c) for c in close]
    best = scored[0][0] if scored else 0.0
    out: list[str] = []
    for score, cand in scored:
        iso3 = idx.names[cand]
        if score >= best - 0.12 and iso3 not in out and len(out) < 3:
            out.append(iso3)
    return [(idx.rows[iso3]["name"], iso3) for iso3 in out]


def _did_you_mean(options: list[str]) -> str:
    if len(options) == 1:
        return f"Did you mean {options[0]}?"
    return f"Did you mean {', '.join(options[:-1])} or {options[-1]}?"


def _unknown(value: object, system: str, text: str, where: str | None) -> InputError:
    head = f"unknown country '{value}'{_in(where)}"
    label = _LABELS.get(system, "")
    if system in ("cow", "m49") and not text.isdecimal():
        example = "365" if system == "cow" else "643"
        return InputError(f"{head}: a {label} code is a number, e.g. {example}.")
    if system in ("iso3", "iso2", "m49"):
        return InputError(f"{head}: no country has {label} code '{text}'. {_HOW}")
    if system == "cow" or (system == "auto" and text.isdecimal()):
        return InputError(
            f"{head}: no country has COW code {int(text)} (numbers are read as COW codes; "
            f"write 'm49:{text}' for a UN M49 code). `accord countries resolve` shows "
            "what is known."
        )
    options = [f"'{label}' ({iso3})" for label, iso3 in _suggest(text)]
    if options:
        return InputError(f"{head}. {_did_you_mean(options)}")
    return InputError(f"{head}. {_HOW}")


def _find(system: str, text: str) -> str | None:
    idx = _index()
    code = text.upper()
    if system == "auto":
        if text.isdecimal():
            return idx.cow.get(int(text))
        if len(text) == 3 and text.isalpha() and code in idx.rows:
            return code
        if len(text) == 2 and text.isalpha() and code in idx.iso2:
            return idx.iso2[code]
        return idx.names.get(_key(text))
    if system == "iso3":
        return code if code in idx.rows else None
    if system == "iso2":
        return idx.iso2.get(code)
    if system in ("cow", "m49"):
        return (
            (idx.cow if system == "cow" else idx.m49).get(int(text)) if text.isdecimal() else None
        )
    return idx.names.get(_key(text))


def resolve(value: str | int, *, system: System = "auto", where: str | None = None) -> str:
    """Resolve a country as people type it to its ISO3 code.

    Parameters
    ----------
    value : str or int
        A name or alias ("Russia", "Russian Federation", "USSR"), an ISO3 code
        ("RUS", any case), an ISO2 code ("RU"), a Correlates of War code (``365`` or
        ``"365"``), or a prefixed code: ``"cow:365"``, ``"m49:643"``, ``"iso2:RU"``,
        ``"iso3:RUS"``, ``"name:Russia"``.
    system : {"auto", "iso3", "iso2", "cow", "m49", "name"}, default "auto"
        How to read *value*. ``"auto"``: integers and digit-only strings are COW codes;
        three letters that are an ISO3 code are that code; two letters that are an ISO2
        code are that code; anything else is matched against names and aliases. M49 codes
        are read only with ``system="m49"`` or the ``"m49:"`` prefix, because they share
        their range with COW codes.
    where : str, optional
        Where the value came from (``"pairs"``, ``"--region"``), named in the error.

    Returns
    -------
    str
        The ISO3 code, e.g. ``"RUS"``.

    Raises
    ------
    InputError
        If *value* is empty or unknown; the message names the closest known names.

    Notes
    -----
    Names match ignoring case, diacritics, punctuation, spaces and a leading or trailing
    "the"; "&" reads as "and" and "St." as "Saint".

    Examples
    --------
    >>> resolve("Kyrgyzstan"), resolve("kgz"), resolve("KG"), resolve(703)
    ('KGZ', 'KGZ', 'KGZ', 'KGZ')
    >>> resolve("m49:643"), resolve("Soviet Union")
    ('RUS', 'RUS')
    """
    if system not in ("auto", *_SYSTEMS):
        raise InputError(
            f"unknown system '{system}'{_in(where)}: expected one of 'auto', "
            f"{', '.join(repr(s) for s in _SYSTEMS)}; e.g. system='cow'."
        )
    if _is_whole_number(value):
        text, chosen = str(int(value)), "cow" if system == "auto" else system
    elif not isinstance(value, str) or not value.strip():
        got = "empty" if value is None or isinstance(value, str) else f"a {type(value).__name__}"
        raise InputError(
            f"country{_in(where)} is {got} ({value!r}): expected a name, ISO3, ISO2 or COW "
            "code, e.g. 'Russia', 'RUS', 'RU' or 365."
        )
    else:
        text, chosen = value.strip(), system
        prefixed = _PREFIX.match(text)
        if prefixed:
            prefix = prefixed.group(1).lower()
            if system not in ("auto", prefix):
                raise InputError(
                    f"country '{value}'{_in(where)} says '{prefix}:' but system='{system}'; "
                    "drop the prefix or the system."
                )
            text, chosen = prefixed.group(2).strip(), prefix
    found = _find(chosen, text)
    if found is None:
        raise _unknown(value, chosen, text, where)
    return found


def _is_whole_number(value: object) -> bool:
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        return False
    return isinstance(value, numbers.Integral) or (math.isfinite(value) and value == int(value))


def resolve_many(values: Iterable[str | int] | str | int, *, where: str | None = None) -> list[str]:
    """Resolve several countries with :func:`resolve`; a single value counts as one.

    Returns ISO3 codes in input order (duplicates kept); raises :class:`InputError` at
    the first value that cannot be resolved, naming *where* it came from.
    """
    if isinstance(values, str | int) or values is None:
        values = [values]
    return [resolve(v, where=where) for v in values]


def lookup(values: Iterable[str | int], *, where: str | None = None) -> pl.DataFrame:
    """Resolve countries; a table ``input, iso3, name, iso2, cow, m49``, one row each."""
    values = list(values) if not isinstance(values, str | int) else [values]
    codes = resolve_many(values, where=where)
    asked = pl.DataFrame(
        {"input": [str(v) for v in values], "iso3": codes},
        schema=[("input", pl.String), ("iso3", pl.String)],
    )
    known = _table().select("iso3", "name", "iso2", "cow", "m49")
    return asked.join(known, on="iso3", how="left", maintain_order="left")


def name(iso3: str | int) -> str:
    """Short English name of a country ("Kyrgyzstan", "Russia", "United States").

    *iso3* may be anything :func:`resolve` accepts.
    """
    return _index().rows[resolve(iso3)]["name"]


#: Short names that take "the" in running text ("the United States voted …").
_WITH_ARTICLE = re.compile(
    r"^(United |Netherlands|Philippines|Bahamas|Gambia|Comoros|Maldives|Marshall Islands|"
    r"Solomon Islands|Czech Republic|Dominican Republic|Central African Republic|"
    r"Democratic Republic|Republic of |Holy See|Vatican|Soviet Union|European )"
)


def sentence_name(iso3: str | int) -> str:
    """The name as it reads inside a sentence: "the United States", "Russia".

    Names that take the definite article get it, in lower case (capitalise at the start of
    a sentence).
    """
    n = name(iso3)
    return f"the {n}" if _WITH_ARTICLE.match(n) else n


def possessive(name: str) -> str:
    """ "Russia's", "the United States'": the possessive of a name as written in a sentence."""
    return f"{name}'" if name.endswith("s") else f"{name}'s"


def convert(value: str | int, to: Target) -> str | int:
    """Convert a country to another code system.

    *value* is anything :func:`resolve` accepts; *to* is one of ``"iso3"``, ``"iso2"``,
    ``"cow"``, ``"m49"`` (these two give ``int``) or ``"name"``. Raises
    :class:`InputError` if the country has no such code (territories have no COW code).

    Examples
    --------
    >>> convert("Russia", "cow"), convert(365, "iso2"), convert("KGZ", "m49")
    (365, 'RU', 417)
    """
    if to not in _SYSTEMS:
        raise InputError(
            f"cannot convert to '{to}': expected one of {', '.join(map(repr, _SYSTEMS))}; "
            "e.g. to='iso2'."
        )
    row = _index().rows[resolve(value)]
    out = row[to]
    if out is None:
        raise InputError(
            f"{row['name']} ({row['iso3']}) has no {_LABELS[to]} code; use its ISO3 code "
            f"'{row['iso3']}' instead."
        )
    return out


# ---------------------------------------------------------------------------- groups


def _group_key(text: str) -> str:
    return re.sub(r"[-\s_]+", "-", text.strip().lower()).strip("-")


@functools.lru_cache(maxsize=1)
def _groups() -> tuple[dict[str, dict[str, Any]], dict[str, str]]:
    raw = tomllib.loads(resources.files(_DATA).joinpath("groups.toml").read_text("utf-8"))
    specs = {g["id"]: g for g in raw["group"]}
    known = _index().rows

    def expand(gid: str, seen: tuple[str, ...]) -> set[str]:
        if gid in seen:
            raise DataError(f"groups.toml: group '{gid}' includes itself via {seen}.")
        spec = specs[gid]
        members = set(spec.get("members", []))
        for sub in spec.get("includes", []):
            if sub not in specs:
                raise DataError(f"groups.toml: group '{gid}' includes unknown group '{sub}'.")
            members |= expand(sub, (*seen, gid))
        return members

    out, keys = {}, {}
    for gid, spec in specs.items():
        members = expand(gid, ())
        bad = sorted(m for m in members if m not in known)
        if bad:
            raise DataError(f"groups.toml: group '{gid}' has unknown ISO3 codes {bad}.")
        out[gid] = dict(spec, members_all=tuple(sorted(members)))
        for alias in (gid, spec["title"], *spec.get("aliases", [])):
            keys.setdefault(_group_key(alias), gid)
    return out, keys


def resolve_group(value: str, *, where: str | None = None) -> str:
    """Resolve a group or region name to its id ("Central Asia" → ``"central-asia"``).

    *value* is an id, title or alias in any case, with hyphens, underscores or spaces.
    Unknown values raise :class:`InputError` naming the closest id: "unknown region
    'centralasia'. Did you mean 'central-asia'?", with " in {where}" after the value unless
    *where* is None or ``"region"``.
    """
    specs, keys = _groups()
    key = _group_key(value) if isinstance(value, str) else ""
    if key in keys:
        return keys[key]
    head = f"unknown region '{value}'{_in(None if where == 'region' else where)}"
    close = difflib.get_close_matches(key, keys, n=3, cutoff=0.6)
    options = list(dict.fromkeys(f"'{keys[c]}'" for c in close))
    if options:
        raise InputError(f"{head}. {_did_you_mean(options)}")
    raise InputError(f"{head}. Known: {', '.join(specs)}; `accord countries groups` lists them.")


def group(name: str, *, where: str | None = None) -> tuple[str, ...]:
    """ISO3 members of a group or region, with included groups expanded, sorted.

    Examples
    --------
    >>> group("Central Asia")
    ('KAZ', 'KGZ', 'TJK', 'TKM', 'UZB')
    >>> len(group("five-plus-one-partners"))  # 6 partners and the 27 EU members
    33
    """
    specs, _ = _groups()
    return specs[resolve_group(name, where=where)]["members_all"]


def groups() -> pl.DataFrame:
    """The shipped groups and regions.

    Returns
    -------
    polars.DataFrame
        Columns ``id, title, n_members, members`` (comma-joined ISO3, included groups
        expanded), ``source`` (URL), ``as_of`` (date of the membership list), ``note``.
        Memberships are current ones; joining and leaving dates are not recorded yet.
    """
    rows = [
        (gid, s["title"], len(s["members_all"]), ",".join(s["members_all"]), s["source"])
        + (str(s["as_of"]), s.get("note", ""))
        for gid, s in _groups()[0].items()
    ]
    schema = {"id": pl.String, "title": pl.String, "n_members": pl.Int64}
    schema |= dict.fromkeys(("members", "source", "as_of", "note"), pl.String)
    return pl.DataFrame(rows, schema=schema, orient="row")
