"""Build ``src/accord/countries_data/countries.csv``, accord's country table.

Sources (provenance also in ``src/accord/countries_data/SOURCE.md``):

* ISO 3166-1 alpha-2, alpha-3, numeric codes and English names, from the PyPI package
  ``pycountry`` (build-time only; accord does not need it at run time). ISO numeric
  codes equal UN M49 codes for countries.
* Correlates of War (COW) state codes and names: ``unga_votes/ideal_points/
  COW_country_codes.csv`` from Erik Voeten's UN voting repository.
* COW code ↔ ISO3 pairs: ``unga_votes/ideal_points/IdealpointestimatesAll_Jun2024.csv``
  (Bailey, Strezhnev & Voeten ideal points; columns ``ccode``, ``iso3c``, ``Countryname``).
  Two pairs are corrected: COW 678 (Yemen Arab Republic) → YEM and COW 680 (Yemen
  People's Republic) → YMD; the file labels both ``YAR``, which is not an ISO code.
* Country names and ISO2 codes in ``unga_votes/un_votes.csv.gz`` (columns ``country``,
  ``country_code``), as released in the R package unvotes.
* Hand-written aliases, World Bank style names and historical rows (below).

Every name, official name and alias must point at one country after normalisation
(:func:`accord.countries._key`); the script stops if two countries share one.

Usage::

    python tools/build_countries.py [MIRROR]    # MIRROR defaults to $ACCORD_MIRROR or
                                                # /work/shared/data
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import polars as pl

from accord.countries import _key

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src" / "accord" / "countries_data" / "countries.csv"

# Short English names where ISO's is long or inverted ("Korea, Republic of").
NAMES = {
    "BRN": "Brunei",
    "COD": "DR Congo",
    "COG": "Republic of the Congo",
    "FLK": "Falkland Islands",
    "FSM": "Micronesia",
    "GBR": "United Kingdom",
    "MAF": "Saint Martin",
    "PSE": "Palestine",
    "RUS": "Russia",
    "SXM": "Sint Maarten",
    "VAT": "Holy See",
    "VGB": "British Virgin Islands",
    "VIR": "US Virgin Islands",
}
OFFICIAL = {
    "COD": "Democratic Republic of the Congo",
    "KOR": "Republic of Korea",
    "LAO": "Lao People's Democratic Republic",
    "RUS": "Russian Federation",
    "SYR": "Syrian Arab Republic",
    "TWN": "Republic of China",
    "VAT": "Vatican City State",
}

# Rows that ISO 3166-1 does not have: historical UN members and Kosovo.
EXTRA_ROWS = [
    {
        "iso3": "CSK",
        "iso2": "CS",
        "m49": 200,
        "cow": 315,
        "name": "Czechoslovakia",
        "official_name": "Czechoslovak Socialist Republic",
        "aliases": ["Czech and Slovak Federative Republic", "Czechoslovak Republic"],
        "historical": True,
        "note": "UN member 1945-1992; dissolved on 1 January 1993 into CZE and SVK. "
        "ISO 3166-3 code (ISO2 CS was later also used for Serbia and Montenegro).",
    },
    {
        "iso3": "DDR",
        "iso2": "DD",
        "m49": 278,
        "cow": 265,
        "name": "East Germany",
        "official_name": "German Democratic Republic",
        "aliases": ["GDR"],
        "historical": True,
        "note": "UN member 1973-1990; joined the Federal Republic of Germany (DEU) on "
        "3 October 1990. ISO 3166-3 code.",
    },
    {
        "iso3": "YMD",
        "iso2": "YD",
        "m49": 720,
        "cow": 680,
        "name": "South Yemen",
        "official_name": "People's Democratic Republic of Yemen",
        "aliases": ["Yemen People's Republic", "Democratic Yemen", "PDRY", "Yemen, Democratic"],
        "historical": True,
        "note": "UN member 1967-1990; united with the Yemen Arab Republic (YEM) on 22 May "
        "1990. ISO 3166-3 code. Voeten's ideal-point file labels COW 680 'YAR'.",
    },
    {
        "iso3": "YUG",
        "iso2": "YU",
        "m49": 890,
        "cow": 345,
        "name": "Yugoslavia",
        "official_name": "Socialist Federal Republic of Yugoslavia",
        "aliases": [
            "SFR Yugoslavia",
            "SFRY",
            "Federal Republic of Yugoslavia",
            "FR Yugoslavia",
            "Serbia and Montenegro",
        ],
        "historical": True,
        "note": "COW 345 is one series: SFR Yugoslavia (UN member 1945-1992), then FR "
        "Yugoslavia / Serbia and Montenegro (admitted 2000) and, from 2006, Serbia (SRB), "
        "which continues it after 1992. accord maps COW 345 to YUG, and Voeten's data "
        "keeps the whole series as Yugoslavia. M49 890 is SFR Yugoslavia (891 was "
        "Serbia and Montenegro).",
    },
    {
        "iso3": "ZAN",
        "iso2": None,
        "m49": None,
        "cow": 511,
        "name": "Zanzibar",
        "official_name": "People's Republic of Zanzibar",
        "aliases": [],
        "historical": True,
        "note": "Not an ISO code (accord's own). UN member from December 1963; united "
        "with Tanganyika in April 1964 as Tanzania (TZA).",
    },
    {
        "iso3": "XKX",
        "iso2": "XK",
        "m49": None,
        "cow": 347,
        "name": "Kosovo",
        "official_name": "Republic of Kosovo",
        "aliases": [],
        "historical": False,
        "note": "User-assigned code XK/XKX (as used by the EU, IMF and World Bank), not in "
        "ISO 3166-1 or UN M49; not a UN member.",
    },
]

# COW codes: ccode -> iso3 where the ideal-point file has no or a wrong pair.
COW_FIX = {678: "YEM", 680: "YMD", 347: "XKX", 511: "ZAN"}
# Main COW code of countries with several (the others go to cow_also).
COW_MAIN = {"DEU": 255, "YEM": 679}

NOTES = {
    "RUS": "The Russian Federation continued the USSR's UN seat in December 1991: 'USSR', "
    "'Soviet Union' and COW 365 resolve here; there is no separate Soviet row.",
    "DEU": "The Federal Republic of Germany (West Germany, COW 260, UN member 1973) "
    "continued as Germany after unification on 3 October 1990; COW 255 and 260 both "
    "resolve here. The German Democratic Republic is DDR.",
    "YEM": "The Yemen Arab Republic (North Yemen, COW 678, UN member 1947) united with "
    "South Yemen (YMD) on 22 May 1990 as the Republic of Yemen (COW 679), which kept "
    "the seat; COW 678 and 679 both resolve here.",
    "TWN": "As the Republic of China it held China's UN seat until 25 October 1971 (GA "
    "resolution 2758); Voeten's data codes those votes as Taiwan (COW 713). ISO 3166-1 "
    "name: 'Taiwan, Province of China'; UN M49 lists no separate code (158 is ISO's).",
    "CHN": "The People's Republic of China has held China's UN seat since 25 October 1971; "
    "earlier votes of that seat are coded Taiwan (TWN) in Voeten's data.",
    "SRB": "Holds the seat of FR Yugoslavia / Serbia and Montenegro (admitted 2000) since "
    "2006. No COW code here: COW 345 and Voeten's data keep the Yugoslavia-Serbia series "
    "as Yugoslavia (YUG).",
    "TZA": "Tanganyika (UN member 1961) united with Zanzibar (ZAN) in 1964.",
    "EGY": "'United Arab Republic' (Egypt and Syria 1958-1961; Egypt's name until 1971) "
    "resolves here.",
}

# Hand-written aliases: common, former and World Bank style names.
ALIASES = {
    "RUS": "USSR|U.S.S.R.|Soviet Union|Union of Soviet Socialist Republics|SU|SUN",
    "KGZ": "Kyrgyz Republic|Kirghizia|Kirgizia|Kyrgyzia",
    "KAZ": "Kazakstan",
    "TJK": "Tadzhikistan|Tadjikistan",
    "TKM": "Turkmenia",
    "CHN": "People's Republic of China|PRC|Mainland China|China, People's Republic of",
    "USA": "United States of America|America|U.S.|U.S.A.",
    "GBR": "UK|U.K.|Britain|Great Britain",
    "KOR": "Republic of Korea|Korea, Rep.|Korea (South)|ROK",
    "PRK": "DPRK|Korea, Dem. People's Rep.|Korea, DPR|Korea (North)",
    "IRN": "Iran, Islamic Rep.|Persia",
    "VNM": "Viet Nam",
    "LAO": "Lao PDR",
    "TUR": "Turkey|Turkiye",
    "CZE": "Czech Republic",
    "CIV": "Ivory Coast",
    "MMR": "Burma|Myanmar (Burma)",
    "SWZ": "Swaziland",
    "MKD": "Macedonia|FYROM|Former Yugoslav Republic of Macedonia|Macedonia, FYR",
    "CPV": "Cape Verde",
    "COD": "Congo - Kinshasa|Congo-Kinshasa|Congo (Kinshasa)|DR Congo|DRC|"
    "Democratic Republic of Congo|Congo, Dem. Rep.|Zaire",
    "COG": "Congo - Brazzaville|Congo-Brazzaville|Congo (Brazzaville)|Congo, Rep.|"
    "Republic of Congo",
    "EGY": "Egypt, Arab Rep.|United Arab Republic",
    "VEN": "Venezuela, RB",
    "YEM": "Yemen, Rep.|North Yemen|Yemen Arab Republic",
    "GMB": "Gambia, The|The Gambia",
    "BHS": "Bahamas, The|The Bahamas",
    "SVK": "Slovak Republic",
    "FSM": "Micronesia, Fed. Sts.|Micronesia (Federated States of)",
    "HKG": "Hong Kong SAR, China|Hong Kong SAR",
    "MAC": "Macao SAR, China|Macau",
    "DEU": "West Germany|German Federal Republic|FRG",
    "TWN": "ROC|Chinese Taipei",
    "TZA": "Tanganyika",
    "BLR": "Byelorussia|Belorussia|Byelorussian SSR",
    "UKR": "Ukrainian SSR",
    "KHM": "Kampuchea|Democratic Kampuchea|Khmer Republic",
    "LKA": "Ceylon",
    "THA": "Siam",
    "BEN": "Dahomey",
    "BFA": "Upper Volta",
    "MDG": "Malagasy Republic",
    "TLS": "East Timor",
    "WSM": "Western Samoa",
    "NLD": "Holland",
    "VAT": "Vatican|Vatican City",
    "PSE": (
        "State of Palestine|West Bank and Gaza|Palestinian Territories|"
        "Occupied Palestinian Territory"
    ),
    "ARE": "UAE",
    "BIH": "Bosnia|BiH",
    "LBY": "Libyan Arab Jamahiriya",
    "STP": "São Tomé and Príncipe",
    "VCT": "St. Vincent and the Grenadines",
    "LCA": "St. Lucia",
    "KNA": "St. Kitts and Nevis|Saint Christopher and Nevis",
    "VIR": "Virgin Islands (U.S.)",
    "CUW": "Curacao",
}

# Names in un_votes.csv.gz without an ISO2 code.
UN_VOTES_NO_CODE = {
    "Federal Republic of Germany": "DEU",
    "Yemen Arab Republic": "YEM",
    "Zanzibar": "ZAN",
}


def iso_rows() -> list[dict]:
    import pycountry  # build-time only

    rows = []
    for c in pycountry.countries:
        iso3 = c.alpha_3
        official = OFFICIAL.get(iso3, getattr(c, "official_name", None))
        if official and official.lower().startswith("the "):
            official = official[4:]
        if official and ", " in official and iso3 not in OFFICIAL:
            official = None  # ISO's inverted forms become aliases instead
        rows.append(
            {
                "iso3": iso3,
                "iso2": c.alpha_2,
                "m49": int(c.numeric),
                "cow": None,
                "name": NAMES.get(iso3, getattr(c, "common_name", None) or c.name),
                "official_name": official,
                "aliases": [c.name, getattr(c, "official_name", None) or ""],
                "historical": False,
                "note": "",
            }
        )
    return rows


def build(mirror: Path) -> pl.DataFrame:
    votes_dir = mirror / "unga_votes"
    rows = {r["iso3"]: r for r in iso_rows()}
    for extra in EXTRA_ROWS:
        rows[extra["iso3"]] = dict(extra, aliases=list(extra["aliases"]))
    iso2 = {r["iso2"]: k for k, r in rows.items() if r["iso2"]}

    # COW codes: pairs from the ideal-point file, fixed, then the COW state names.
    ideal = pl.read_csv(
        votes_dir / "ideal_points/IdealpointestimatesAll_Jun2024.csv",
        null_values="NA",
        columns=["ccode", "iso3c", "Countryname"],
    ).unique()
    cow_to_iso3: dict[int, str] = {}
    for ccode, iso3c, cname in ideal.iter_rows():
        iso3 = COW_FIX.get(ccode, iso3c)
        if iso3 not in rows:
            sys.exit(f"ideal points: COW {ccode} -> {iso3c}: not a known ISO3 code")
        cow_to_iso3[ccode] = iso3
        rows[iso3]["aliases"].append(cname)
    cow_to_iso3.update(COW_FIX)
    cow = pl.read_csv(votes_dir / "ideal_points/COW_country_codes.csv").unique()
    for _abb, ccode, cname in cow.iter_rows():
        if ccode in cow_to_iso3:
            rows[cow_to_iso3[ccode]]["aliases"].append(cname)
    by_iso3: dict[str, list[int]] = {}
    for ccode, iso3 in sorted(cow_to_iso3.items()):
        by_iso3.setdefault(iso3, []).append(ccode)
    for iso3, codes in by_iso3.items():
        main = COW_MAIN.get(iso3, codes[0])
        if len(codes) > 1 and iso3 not in COW_MAIN:
            sys.exit(f"{iso3} has COW codes {codes}: say which is the main one in COW_MAIN")
        rows[iso3]["cow"] = main
        rows[iso3]["cow_also"] = "|".join(str(c) for c in codes if c != main)

    # Names used in the UN votes.
    votes = pl.read_csv(votes_dir / "un_votes.csv.gz", columns=["country", "country_code"])
    for country, code in votes.unique().iter_rows():
        iso3 = iso2.get(code) if code else UN_VOTES_NO_CODE.get(country)
        if iso3 is None:
            sys.exit(f"un_votes: cannot place {country!r} ({code})")
        rows[iso3]["aliases"].append(country)

    for iso3, text in ALIASES.items():
        rows[iso3]["aliases"].extend(text.split("|"))
    for iso3, note in NOTES.items():
        rows[iso3]["note"] = note

    # Deduplicate aliases by normalised key; every key must name one country.
    owner: dict[str, str] = {}
    for iso3, row in sorted(rows.items()):
        seen = set()
        kept = []
        for text in [row["name"], row["official_name"], *row["aliases"]]:
            key = _key(text or "")
            if not key or key in seen:
                continue
            seen.add(key)
            if owner.setdefault(key, iso3) != iso3:
                sys.exit(f"name {text!r} is given for both {owner[key]} and {iso3}")
            if text not in (row["name"], row["official_name"]):
                kept.append(text)
        row["aliases"] = "|".join(sorted(kept, key=str.casefold))
        if any("|" in t for t in kept):
            sys.exit(f"{iso3}: an alias contains '|'")

    columns = ["iso3", "iso2", "m49", "cow", "cow_also", "name", "official_name", "aliases"]
    columns += ["historical", "note"]
    table = pl.DataFrame(
        [{c: r.get(c) for c in columns} for r in rows.values()],
        schema={"iso3": pl.String, "iso2": pl.String, "m49": pl.Int64, "cow": pl.Int64}
        | {c: pl.String for c in ("cow_also", "name", "official_name", "aliases")}
        | {"historical": pl.Boolean, "note": pl.String},
    ).sort("iso3")
    return table.with_columns(pl.col("cow_also", "aliases", "note").replace("", None))


def main(argv: list[str]) -> None:
    default = os.environ.get("ACCORD_MIRROR", "/work/shared/data")
    mirror = Path(argv[0] if argv else default)
    table = build(mirror)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    table.write_csv(OUT)
    print(f"wrote {table.height} countries ({table['historical'].sum()} historical) to {OUT}")


if __name__ == "__main__":
    main(sys.argv[1:])
