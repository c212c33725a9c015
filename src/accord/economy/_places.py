"""Country names and codes as statistical agencies write them, resolved to ISO3.

:func:`place_name` and :func:`place_code` say what a name or code in a file stands for: a
country (its ISO3 code), the world (``"WLD"``), an aggregate that is not one country
("Other Asia, nes", "Sub-Saharan Africa", "Euro Area") or something unknown. Names go
through :func:`accord.countries.resolve` first, then the spellings of the IMF ("Kazakhstan,
Rep. of", "Kyrgyz Rep."), UN DESA and WITS that the country table does not carry.
Aggregates are never turned into a country.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from typing import TYPE_CHECKING, Literal, NamedTuple

import polars as pl

from accord import countries
from accord.errors import InputError

if TYPE_CHECKING:
    from accord.economy._reading import Log

WORLD = "WLD"


class Place(NamedTuple):
    """What a country name or code in a file stands for."""

    iso3: str | None
    kind: Literal["country", "world", "aggregate", "unknown", "empty"]
    note: str = ""  # the aggregate as written, or the unknown-country message


def _norm(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold().replace("&", " and ")
    return " ".join(re.sub(r"[^0-9a-z]+", " ", text.replace("'", "")).split())


_WORLD = {"world", "world total", "wld", "w00", "total world"}

# Statistical-agency spellings that the country table does not carry (normalised keys).
_ALIASES = {
    "china p r mainland": "CHN",
    "china mainland": "CHN",
    "china p r hong kong": "HKG",
    "china p r macao": "MAC",
    "china hong kong sar": "HKG",
    "china macao sar": "MAC",
    "hong kong china": "HKG",
    "macao china": "MAC",
    "macau china": "MAC",
    "korea rep of": "KOR",
    "rep of korea": "KOR",
    "korea dem rep": "PRK",
    "korea dem peoples rep of": "PRK",
    "dem peoples rep of korea": "PRK",
    "congo dem rep of the": "COD",
    "congo dem rep of": "COD",
    "dem rep of the congo": "COD",
    "rep dem of the congo": "COD",
    "congo rep of": "COG",
    "congo rep of the": "COG",
    "yemen peoples dem rep of": "YMD",
    "timor leste dem rep of": "TLS",
    "sao tome and principe dem rep of": "STP",
    "ethiopia the federal dem rep of": "ETH",
    "algeria peoples dem rep of": "DZA",
    "nepal federal dem rep of": "NPL",
    "sri lanka dem soc rep of": "LKA",
    "faeroe islands": "FRO",
    "caribbean netherlands": "BES",
    "tfyr macedonia": "MKD",
    "macedonia fyr": "MKD",
    "united states virgin islands": "VIR",
    "wallis and futuna islands": "WLF",
    "saint helena": "SHN",
}

# Names of groups that are never one country (normalised, exact).
_AGGREGATES = frozenset(
    n.strip()
    for n in re.split(
        r"[|\n]",
        """
    advanced economies | africa | america | americas | asean | asia | australia new zealand
    belgium luxembourg | bunkers | caribbean | central america | central asia
    channel islands | cis | commonwealth of independent states | east asia
    east asia and pacific | eastern africa | eastern asia | eastern europe
    emerging and developing asia | emerging and developing economies
    emerging and developing europe | emu | eu | euro area | europe | europe and central asia
    european union | export earnings fuel | export earnings nonfuel | free zones
    latin america | latin america and the caribbean | melanesia | middle africa
    middle east | middle east and central asia | middle east and north africa
    middle east north africa afghanistan and pakistan
    middle east north africa and pakistan | netherlands antilles | neutral zone
    north africa | north america | northern africa | northern america | northern europe
    oceania | polynesia | serbia and montenegro fmr | south america | south asia
    south eastern asia | southeast asia | southern africa | southern asia | southern europe
    special categories | sub saharan africa | western africa | western asia | western europe
    western hemisphere
""",
    )
    if n.strip()
)
_AGGREGATE_WORDS = re.compile(
    r"\b(nes|n e s|nie|n i e|nec|not specified|unspecified|not elsewhere|regional|regions?|"
    r"income|countries|economies|areas?|zones?|bunkers|other|others|total|aggregate|"
    r"developed|developing|union|group|hemisphere|world)\b"
)
_STRIPPABLE = re.compile(
    r"\b(rep|republic|kingdom|principality|state|states|union|the|of|de|fed|federal|"
    r"islamic|arab|united|bolivariana|plurinational|netherlands|dem|democratic|people|peoples)\b"
)
_ABBREV = [
    (r"\bRep\.", "Republic"),
    (r"\bDem\.", "Democratic"),
    (r"\bFed\.", "Federal"),
    (r"\bSts\.", "States"),
    (r"\bIs\.", "Islands"),
]


@functools.lru_cache(maxsize=1)
def _official() -> dict[str, str]:
    t = countries.table()
    return {r["iso3"]: f"{r['name']} {r['official_name'] or ''}" for r in t.iter_rows(named=True)}


def _try(text: str) -> str | None:
    try:
        return countries.resolve(text, system="name")
    except InputError:
        return None


@functools.lru_cache(maxsize=16384)
def place_name(name: str | None) -> Place:
    """Resolve a country name as statistical agencies write it."""
    text = (name or "").strip()
    if not text:
        return Place(None, "empty")
    key = _norm(text)
    if key in _WORLD:
        return Place(WORLD, "world")
    if key in _ALIASES:
        return Place(_ALIASES[key], "country")
    if key in _AGGREGATES:
        return Place(None, "aggregate", text)
    found = _try(text)
    if found:
        return Place(found, "country")
    expanded = text
    for pattern, repl in _ABBREV:
        expanded = re.sub(pattern, repl, expanded)
    if expanded != text and (found := _try(expanded)):
        return Place(found, "country")
    if "," in text:  # IMF style: "Kazakhstan, Rep. of", "Netherlands, The"
        head, tail = (p.strip() for p in text.rsplit(",", 1))
        tail_key = _norm(tail)
        if tail_key and not _STRIPPABLE.sub("", tail_key).strip() and (found := _try(head)):
            democratic = bool(re.search(r"\b(dem|democratic|people|peoples)\b", tail_key))
            if democratic == ("democratic" in _official().get(found, "").casefold()):
                return Place(found, "country")
    if _AGGREGATE_WORDS.search(key):
        return Place(None, "aggregate", text)
    try:
        countries.resolve(text, system="name")
    except InputError as exc:  # keep the suggestion, drop the advice meant for typed input
        hint = re.search(r"Did you mean .*\?", str(exc))
        return Place(
            None, "unknown", f"unknown country '{text}'" + (f". {hint[0]}" if hint else "")
        )
    return Place(None, "unknown", f"unknown country '{text}'")  # pragma: no cover


@functools.lru_cache(maxsize=16384)
def place_code(code: str | None, name: str | None = None) -> Place:
    """Resolve an ISO3-like code (``"KAZ"``, ``"W00"``), falling back on the name."""
    c = (code or "").strip()
    if c:
        if c.upper() in ("WLD", "W00"):
            return Place(WORLD, "world")
        if re.fullmatch(r"[A-Za-z]{3}", c):
            try:
                return Place(countries.resolve(c, system="iso3"), "country")
            except InputError:
                pass
    if name and name.strip():
        return place_name(name)
    if c:
        return Place(None, "unknown", f"unknown country code '{c}'")
    return Place(None, "empty")


def resolve_column(
    df: pl.DataFrame, out: str, *, name: str | None = None, code: str | None = None
) -> pl.DataFrame:
    """Add ``{out}`` (ISO3), ``{out}_kind`` and ``{out}_note`` from a name and/or code column."""
    cols = [c for c in (code, name) if c]
    assert out not in cols, "resolve_column: the output must not overwrite its input"
    keys = df.select(cols).unique()
    rows = []
    for r in keys.iter_rows(named=True):
        p = place_code(r[code], r[name] if name else None) if code else place_name(r[name])
        rows.append((*(r[c] for c in cols), p.iso3, p.kind, p.note))
    schema = {c: pl.String for c in cols} | {out: pl.String, f"{out}_kind": pl.String}
    table = pl.DataFrame(rows, schema=schema | {f"{out}_note": pl.String}, orient="row")
    return df.join(table, on=cols, how="left", nulls_equal=True)


def country_problems(
    log: Log, df: pl.DataFrame, out: str, *, column: str, raw: str, role: str, scope: str = "row"
) -> None:
    """Record unknown and empty countries of a resolved column as malformed rows."""
    kind = pl.col(f"{out}_kind")
    log.bad(df, kind == "unknown", column=column, value=pl.col(raw), reason=pl.col(f"{out}_note"))
    log.bad(
        df,
        kind == "empty",
        column=column,
        value=pl.lit(""),
        reason=f"the {role} is missing",
        scope=scope,  # type: ignore[arg-type]
    )
