"""Build ``src/accord/texts/mentions_data/country_terms.csv``: how texts name countries.

Sources (provenance also in ``src/accord/texts/mentions_data/SOURCE.md``):

* Names: accord's own country table ``src/accord/countries_data/countries.csv`` (short
  name, official name and aliases, themselves from ISO 3166 via pycountry, the COW and
  unvotes name lists and hand-written former names; see its SOURCE.md). Forms in database
  style ("Congo, Rep."), with "&", or with one-letter words ("U.S.A.") are left out.
* Adjectives and demonyms (``ADJECTIVES`` below): hand-written for accord from the
  standard English forms (as in the CIA World Factbook's "Nationality" field and common
  UN usage), including historical and alternative forms ("Kirghiz", "Byelorussian",
  "Soviet", "Zairian").
* Exclusions (``EXCLUDE`` below): phrases that contain a country word but do not name the
  country ("Latin America", "Indian Ocean", "Persian Gulf", "New Jersey").
* Possessives: every pattern also gets its form with "'s" on the last word ("Russia's"),
  because the tokenizer keeps "russia's" as one token.

Decisions (documented in ``accord.texts.mentions`` too):

* "Soviet", "Soviet Union", "USSR" → RUS, as accord codes the USSR (its UN seat passed to
  the Russian Federation).
* "America", "American(s)" → USA, except in "Latin/Central/South/North America(n)" and
  "the Americas"/"Inter-American" (different tokens or exclusions).
* Ambiguous adjectives are left out: "Korean" (KOR or PRK), "Congolese" (COG or COD),
  "Dominican" (DOM or DMA), "Persian" (IRN or the Gulf), "Arab", "English". Use the names.
* "Congo" alone is left out (ambiguous: in the 1960s UN speeches mostly mean
  Congo-Léopoldville); "Republic of the Congo", "Congo-Brazzaville" → COG; "Democratic
  Republic of the Congo", "DRC", "Zaire" → COD. "Pole(s)" is left out (the North Pole).
* "Republic of China" → TWN and "People's Republic of China" → CHN (the longest match
  wins). "Northern Ireland" → GBR.
* Hong Kong and Macao keep their own codes (HKG, MAC), not CHN.

Usage::

    python tools/build_country_terms.py
"""

from __future__ import annotations

from pathlib import Path

import polars as pl

from accord.texts.tokens import tokenize

ROOT = Path(__file__).resolve().parents[1]
COUNTRIES = ROOT / "src" / "accord" / "countries_data" / "countries.csv"
OUT = ROOT / "src" / "accord" / "texts" / "mentions_data" / "country_terms.csv"

# ISO3: adjective and demonym forms, comma-separated. Plurals of demonyms are generated
# (+s) unless the form ends in s, sh, ch, ese, i(sh) or z; irregular plurals are listed.
ADJECTIVES = """
AFG: Afghan, Afghani, Afghanistani
AGO: Angolan
ALB: Albanian
AND: Andorran
ARE: Emirati, Emirian
ARG: Argentine, Argentinian, Argentinean
ARM: Armenian
ATG: Antiguan, Barbudan
AUS: Australian
AUT: Austrian
AZE: Azerbaijani, Azeri
BDI: Burundian, Burundi
BEL: Belgian
BEN: Beninese, Dahomeyan
BFA: Burkinabe, Burkinabé, Voltaic
BGD: Bangladeshi
BGR: Bulgarian
BHR: Bahraini
BHS: Bahamian
BIH: Bosnian, Herzegovinian
BLR: Belarusian, Belarussian, Byelorussian, Belorussian
BLZ: Belizean
BOL: Bolivian
BRA: Brazilian
BRB: Barbadian, Bajan
BRN: Bruneian
BTN: Bhutanese
BWA: Botswanan, Motswana, Batswana
CAF: Central African
CAN: Canadian
CHE: Swiss
CHL: Chilean
CHN: Chinese
CIV: Ivorian
CMR: Cameroonian
COL: Colombian
COM: Comoran, Comorian
CPV: Cabo Verdean, Cape Verdean
CRI: Costa Rican
CUB: Cuban
CYP: Cypriot
CZE: Czech
CSK: Czechoslovak, Czechoslovakian
DDR: East German
DEU: German, West German
DJI: Djiboutian, Djibouti
DNK: Danish, Dane
DZA: Algerian
ECU: Ecuadorian, Ecuadorean
EGY: Egyptian
ERI: Eritrean
ESP: Spanish, Spaniard
EST: Estonian
ETH: Ethiopian
FIN: Finnish, Finn
FJI: Fijian
FRA: French, Frenchman, Frenchmen
FSM: Micronesian
GAB: Gabonese
GBR: British, Briton
GEO: Georgian
GHA: Ghanaian
GIN: Guinean
GMB: Gambian
GNB: Bissau-Guinean
GNQ: Equatorial Guinean, Equatoguinean
GRC: Greek, Hellenic
GRD: Grenadian
GTM: Guatemalan
GUY: Guyanese
HND: Honduran
HRV: Croatian, Croat
HTI: Haitian
HUN: Hungarian
IDN: Indonesian
IND: Indian
IRL: Irish, Irishman
IRN: Iranian
IRQ: Iraqi
ISL: Icelandic, Icelander
ISR: Israeli
ITA: Italian
JAM: Jamaican
JOR: Jordanian
JPN: Japanese
KAZ: Kazakh, Kazakhstani, Kazak
KEN: Kenyan
KGZ: Kyrgyz, Kirghiz, Kirgiz, Kyrgyzstani
KHM: Cambodian, Kampuchean
KIR: I-Kiribati, Kiribatian
KNA: Kittitian, Nevisian
KOR: South Korean
KWT: Kuwaiti
LAO: Laotian, Lao
LBN: Lebanese
LBR: Liberian
LBY: Libyan
LCA: Saint Lucian
LIE: Liechtensteiner
LKA: Sri Lankan, Ceylonese
LSO: Basotho, Mosotho
LTU: Lithuanian
LUX: Luxembourgish, Luxembourger
LVA: Latvian
MAR: Moroccan
MCO: Monegasque, Monacan
MDA: Moldovan, Moldavian
MDG: Malagasy, Madagascan
MDV: Maldivian
MEX: Mexican
MHL: Marshallese
MKD: Macedonian, North Macedonian
MLI: Malian
MLT: Maltese
MMR: Burmese
MNE: Montenegrin
MNG: Mongolian
MOZ: Mozambican
MRT: Mauritanian
MUS: Mauritian
MWI: Malawian
MYS: Malaysian
NAM: Namibian
NER: Nigerien
NGA: Nigerian
NIC: Nicaraguan
NLD: Dutch, Netherlander
NOR: Norwegian
NPL: Nepalese, Nepali
NRU: Nauruan
NZL: New Zealander
OMN: Omani
PAK: Pakistani
PAN: Panamanian
PER: Peruvian
PHL: Philippine, Filipino, Filipina
PLW: Palauan
PNG: Papua New Guinean
POL: Polish
PRK: North Korean
PRT: Portuguese
PRY: Paraguayan
PSE: Palestinian
QAT: Qatari
ROU: Romanian, Rumanian
RUS: Russian, Soviet
RWA: Rwandan, Rwandese
SAU: Saudi, Saudi Arabian
SDN: Sudanese
SEN: Senegalese
SGP: Singaporean
SLB: Solomon Islander
SLE: Sierra Leonean
SLV: Salvadoran, Salvadorean
SMR: Sammarinese
SOM: Somali, Somalian
SRB: Serbian, Serb
SSD: South Sudanese
STP: Santomean
SUR: Surinamese
SVK: Slovak, Slovakian
SVN: Slovenian, Slovene
SWE: Swedish, Swede
SWZ: Swazi, Emaswati
SYC: Seychellois
SYR: Syrian
TCD: Chadian
TGO: Togolese
THA: Thai, Siamese
TJK: Tajik, Tadjik, Tadzhik, Tajikistani
TKM: Turkmen, Turkmenistani, Turkoman
TLS: Timorese, East Timorese
TON: Tongan
TTO: Trinidadian, Tobagonian
TUN: Tunisian
TUR: Turkish, Turk
TUV: Tuvaluan
TWN: Taiwanese
TZA: Tanzanian, Tanganyikan, Zanzibari
UGA: Ugandan
UKR: Ukrainian
URY: Uruguayan
USA: American
UZB: Uzbek, Uzbekistani
VAT: Vatican
VCT: Vincentian
VEN: Venezuelan
VNM: Vietnamese
VUT: Ni-Vanuatu, Vanuatuan
WSM: Samoan
XKX: Kosovar, Kosovan
YEM: Yemeni, Yemenite
YMD: South Yemeni
YUG: Yugoslav, Yugoslavian
ZAF: South African
ZMB: Zambian
ZWE: Zimbabwean, Rhodesian
COD: Zairian, Zairean
"""

# Extra names (former, colloquial or UN forms) not in countries.csv.
EXTRA_NAMES = """
USA: United States, United States of America, USA
GBR: Northern Ireland, United Kingdom of Great Britain and Northern Ireland
RUS: Russian Federation, Soviet Union, USSR, Union of Soviet Socialist Republics
CHN: People's Republic of China, PRC, Mainland China
TWN: Republic of China, Chinese Taipei, Formosa
KAZ: Kazakstan, Republic of Kazakhstan
KGZ: Kyrgyz Republic, Kirghizia, Kirgizia, Kyrghyzstan, Kirghizstan
TJK: Tadjikistan, Tadzhikistan, Tajikstan
TKM: Turkmenia, Turkmenistan
UZB: Uzbekistan, Republic of Uzbekistan
VNM: Viet Nam
LAO: Lao People's Democratic Republic, Lao PDR
CZE: Czech Republic
MKD: Former Yugoslav Republic of Macedonia, the former Yugoslav Republic of Macedonia
KNA: St Kitts and Nevis, Saint Christopher and Nevis
LCA: St Lucia
VCT: St Vincent and the Grenadines
CIV: Cote d'Ivoire, Ivory Coast
STP: São Tomé and Príncipe, Sao Tome
TUR: Turkey, Türkiye, Turkiye
SWZ: Swaziland, Eswatini
ZWE: Southern Rhodesia, Rhodesia
ZMB: Northern Rhodesia
LKA: Ceylon
MMR: Burma
COD: Zaire, Democratic Republic of Congo, DRC
COG: Congo-Brazzaville
BLR: Byelorussia, Byelorussian Soviet Socialist Republic, Byelorussian SSR
UKR: Ukrainian Soviet Socialist Republic, Ukrainian SSR
MDA: Moldavia
PSE: State of Palestine
VAT: Holy See, Vatican
"""

# Phrases containing a country word that do not name the country (matched, counted as
# nothing: they stop the country words inside them from counting).
EXCLUDE = """
latin america, latin american, latin americans, central america, central american,
central americans, south america, south american, south americans, north america,
north american, north americans, indian ocean, american indian, american indians,
persian gulf, new jersey, new guinea, new mexico, new england, west indies, west indian,
east indies, irish sea, jordan river, river jordan, guinea worm, niger river,
river niger, niger delta
"""


def _plural(form: str) -> list[str]:
    low = form.lower()
    if " " in form or low.endswith(("s", "sh", "ch", "ese", "z", "x", "ois", "'s")):
        return []
    if low.endswith(("man",)):
        return [form[:-3] + "men"]
    return [form + "s"]


def _pattern(form: str) -> str | None:
    """The token pattern of a form, or None when it cannot be used."""
    if "&" in form or "," in form or "(" in form:
        return None
    toks = tokenize(form)
    if not toks or any(len(t) < 2 for t in toks):
        return None
    return " ".join(toks)


def _possessive(pattern: str) -> str | None:
    """ "russia" -> "russia's"; none for words ending in s ("States'" tokenizes as "states")."""
    *head, last = pattern.split(" ")
    if last.endswith("s"):
        return None
    return " ".join([*head, last + "'s"])


def main() -> None:
    countries = pl.read_csv(COUNTRIES, infer_schema_length=0)
    rows: list[tuple[str, str, str, str]] = []  # iso3, pattern, kind, source

    def add(iso3: str, form: str, kind: str, source: str) -> None:
        pat = _pattern(form)
        if pat is None:
            return
        rows.append((iso3, pat, kind, source))
        if kind in ("name", "official_name", "alias", "extra_name"):
            pos = _possessive(pat)
            if pos:
                rows.append((iso3, pos, "possessive", source))

    for r in countries.iter_rows(named=True):
        add(r["iso3"], r["name"], "name", "countries.csv:name")
        if r["official_name"]:
            add(r["iso3"], r["official_name"], "official_name", "countries.csv:official_name")
        for alias in (r["aliases"] or "").split("|"):
            # left out: "SU", "SUN", "UK", "ROC", "ROK", "BiH" (short letter codes that are
            # also words or rare in text) and "Congo" (COG in countries.csv, but bare
            # "Congo" in UN speeches of the 1960s is mostly Congo-Léopoldville, COD)
            if alias and alias not in ("SU", "SUN", "UK", "ROC", "ROK", "BiH", "Congo"):
                add(r["iso3"], alias, "alias", "countries.csv:aliases")
    for line in EXTRA_NAMES.strip().splitlines():
        iso3, forms = line.split(":", 1)
        for form in forms.split(","):
            add(iso3.strip(), form.strip(), "extra_name", "hand")
    for line in ADJECTIVES.strip().splitlines():
        iso3, forms = line.split(":", 1)
        for form in (f.strip() for f in forms.split(",")):
            add(iso3.strip(), form, "adjective", "hand")
            for p in _plural(form):
                add(iso3.strip(), p, "demonym_plural", "hand")
    for form in EXCLUDE.replace("\n", " ").split(","):
        if form.strip():
            add("", form.strip(), "exclude", "hand")

    df = pl.DataFrame(rows, schema=["iso3", "pattern", "kind", "source"], orient="row")
    df = df.unique(subset=["iso3", "pattern"], keep="first", maintain_order=True)
    clash = (
        df.filter(pl.col("iso3") != "")
        .group_by("pattern")
        .agg(pl.col("iso3").unique().alias("codes"))
        .filter(pl.col("codes").list.len() > 1)
    )
    if clash.height:
        raise SystemExit(f"patterns naming two countries:\n{clash}")
    # the same pattern as a country and an exclusion: the exclusion is a mistake
    both = df.filter(pl.col("iso3") == "").join(
        df.filter(pl.col("iso3") != ""), on="pattern", how="inner"
    )
    if both.height:
        raise SystemExit(f"patterns both a country and an exclusion:\n{both}")
    OUT.parent.mkdir(parents=True, exist_ok=True)
    df.sort(["iso3", "kind", "pattern"]).write_csv(OUT)
    print(f"wrote {OUT} ({df.height} patterns, {df['iso3'].n_unique() - 1} countries)")


if __name__ == "__main__":
    main()
