"""What the HTML and Markdown reports share: number formats, table layouts, sources, methods.

Everything here formats what the scorecard holds; nothing computes a measure.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from typing import Any

import polars as pl

from accord import countries as _countries
from accord.assess.scorecard import Indicator, Scorecard

#: What each method reference computes, for the methods section: (name, formula).
METHOD_NOTES: dict[str, tuple[str, str]] = {
    "cohen1960": ("Cohen's κ", "κ = (p_o − p_e)/(1 − p_e), p_e = Σ_k r_k c_k / n²"),
    "cohen1968": (
        "Weighted κ (quadratic)",
        "κ_w = 1 − Σ w_kl C_kl / Σ w_kl r_k c_l / n, w_kl = (k − l)²",
    ),
    "hage2011": (
        "Chance-corrected similarity",
        "agreement corrected for the base rates of yes votes",
    ),
    "lijphart1963": ("Index of agreement", "abstention against yes or no counts half"),
    "voeten2000": ("Voeten agreement", "1 − Σ|x − y| / 2n with yes = 1, abstain = 2, no = 3"),
    "signorino1999": ("Signorino–Ritter S", "S = 1 − 2 Σ|x − y| / (n d_max), d_max = 2"),
    "scott1955": ("Scott's π", "π = (p_o − p_e)/(1 − p_e), p_e = Σ_k ((r_k + c_k)/2n)²"),
    "sen1968": ("Theil–Sen trend", "median of pairwise slopes; 95% interval; Kendall's τ"),
    "donges2016": (
        "Event coincidence analysis",
        "K_p ~ Binomial(N_A, 1 − (1 − ΔT/(T − τ))^N_B); surrogate p = (1 + #{K_s ≥ K})/(1 + n)",
    ),
    "finger1979": ("Export similarity", "FK = Σ_k min(s_ak, s_bk)"),
    "michaely1996": ("Trade complementarity", "TC = 100 (1 − Σ_k |m_jk − x_ik| / 2)"),
    "kojima1964": ("Trade intensity", "(x_ij / X_i) / (x_wj / X_w)"),
    "salton1988": (
        "Cosine similarity of TF-IDF vectors",
        "cos = x·y / (‖x‖‖y‖); tf-idf = n_ij (ln((1 + N)/(1 + df_j)) + 1), rows L2-normalised",
    ),
    "pedregosa2011": ("TF-IDF as scikit-learn computes it", "smooth idf ln((1 + N)/(1 + df)) + 1"),
    "jaccard1912": ("Jaccard similarity", "|A ∩ B| / |A ∪ B| of the words present"),
    "benoit2018quanteda": (
        "Tokens, features and keyness as quanteda computes them",
        "tf-idf (quanteda) = n_ij log10(N / df_j); signed χ² and G² of each word's 2×2 table",
    ),
    "monroe2008": (
        "Log-odds ratio with an informative Dirichlet prior",
        "δ_w = ln[(y_w^i+α_w)/(n^i+α_0−y_w^i−α_w)] − ln[(y_w^j+α_w)/(n^j+α_0−y_w^j−α_w)], "
        "z = δ_w / √(1/(y_w^i+α_w) + 1/(y_w^j+α_w))",
    ),
    "dunning1993": ("Likelihood-ratio keyness", "G² = 2 Σ O ln(O / E) over the 2×2 table"),
    "yates1934": ("Yates' continuity correction", "χ² = Σ (|O − E| − 0.5)² / E"),
    "broder1997": (
        "MinHash",
        "P[min h(A) = min h(B)] = J(A, B); h(x) = (a x + b) mod (2³¹ − 1), 200 permutations",
    ),
    "leskovec2020mmds": (
        "LSH banding",
        "candidates with probability 1 − (1 − s^r)^b; threshold (1/b)^(1/r) = 0.478 (b 40, r 5)",
    ),
    "smith1981": (
        "Local alignment (Smith–Waterman)",
        "H_ij = max(0, H_i−1,j−1 ± s, H_i−1,j − g, H_i,j−1 − g); match +2, mismatch −1, gap −1",
    ),
    "hirschman1945": ("Herfindahl–Hirschman index", "HHI = Σ s_i²"),
    "herfindahl1950": ("Herfindahl–Hirschman index", "HHI = Σ s_i²"),
}

DIRECTION_LABELS = {
    "toward": "toward alignment",
    "against": "against",
    "context": "context",
    "missing": "missing",
}

#: Tables shown in a report, in order: name -> (title, [(column, heading), ...] or None for all).
#: Headings may name A and B: ``{a}`` and ``{b}`` are replaced by the powers' codes.
TABLES: dict[str, tuple[str, list[tuple[str, str]] | None]] = {
    "members": (
        "Region members: closer to which power (latest session)",
        [
            ("iso3", "state"),
            ("closer", "closer to"),
            ("since_year", "since"),
            ("with_a", "agreement with {a}"),
            ("with_b", "agreement with {b}"),
            ("n_closer_a", "sessions closer to {a}"),
            ("n_closer_b", "sessions closer to {b}"),
        ],
    ),
    "reference_pairs": (
        "Reference pairs since the start year",
        [
            ("iso3_a", "state"),
            ("iso3_b", "and state"),
            ("mean", "mean"),
            ("median_pct", "median percentile"),
            ("latest", "latest session"),
            ("latest_pct", "latest percentile"),
            ("trend", "trend"),
        ],
    ),
    "launches": (
        "Launches of the region's dialogue formats",
        [
            ("partner", "power"),
            ("format", "format"),
            ("launch", "launch"),
            ("is_first", "first meeting of the format?"),
            ("basis", "basis"),
        ],
    ),
    "distinctive_terms": (
        "Distinctive terms, last five years (log-odds with an informative prior; counts shown)",
        [
            ("term", "term"),
            ("more_by", "said more by"),
            ("n_{a}", "times by {a}"),
            ("n_{b}", "times by {b}"),
            ("z", "z"),
        ],
    ),
    "documents": (
        "Documents compared",
        [
            ("doc_id", "document"),
            ("title", "title"),
            ("actors", "actors"),
            ("date", "date"),
            ("words", "words"),
        ],
    ),
    "doc_similarity": (
        "Similarity of each pair of documents (cosine of TF-IDF)",
        [
            ("doc_a", "document"),
            ("doc_b", "and document"),
            ("value", "cosine"),
            ("percentile", "percentile among the pairs"),
        ],
    ),
    "reused_passages": (
        "Reused passages (15 or more identical words; character offsets in each document)",
        [
            ("id_a", "document"),
            ("id_b", "and document"),
            ("words", "words"),
            ("start_a", "from"),
            ("end_a", "to"),
            ("start_b", "from (2nd)"),
            ("end_b", "to (2nd)"),
            ("passage_a", "passage"),
        ],
    ),
    "routes": (
        "Routes compared (the best through each border crossing; times modelled)",
        [
            ("route", "route"),
            ("distance_km", "km"),
            ("time_days", "days"),
            ("border_crossings", "borders"),
            ("transshipments", "transshipments"),
            ("gauge_breaks", "gauge breaks"),
            ("countries", "countries"),
            ("customs_unions", "customs unions"),
            ("planned_legs", "planned legs"),
            ("estimated_legs", "estimated legs"),
        ],
    ),
    "route_claims": (
        "The article's corridor figures checked against the network",
        [
            ("claim", "claim"),
            ("verdict", "verdict"),
            ("data_value", "the network says"),
            ("note", "note"),
        ],
    ),
    "memberships": ("Memberships (entry dates; – = not a member)", None),
    "remittance_ties": (
        "Remittances from the powers, 2021",
        [
            ("iso3", "recipient"),
            ("sender", "sender"),
            ("year", "year"),
            ("remittances_usd", "remittances (USD)"),
            ("pct_received", "% of all received"),
            ("pct_gdp", "% of GDP"),
        ],
    ),
    "migrants": (
        "People born in the region living in the powers, 2021",
        [
            ("origin", "born in"),
            ("destination", "living in"),
            ("year", "year"),
            ("migrants", "people"),
            ("pct_destination_population", "% of the population there"),
        ],
    ),
    "claims": (
        "The article's figures checked against the data",
        [
            ("claim", "claim"),
            ("verdict", "verdict"),
            ("data_value", "the data say"),
            ("data_kind", "kind"),
            ("note", "note"),
        ],
    ),
}

#: Columns of a membership table that are not a state's entry date.
_MEMBERSHIP_HEADINGS = {"org_id": None, "org_name": "organisation", "n_shared": "members here"}

#: Indicators shown as key figures in the summary, when present.
KEY_FIGURES = (
    "votes.ab.latest",
    "votes.ab.mean_since",
    "words.ab.mean_since",
    "statements.ab.mean_similarity",
    "meetings.launch_gap",
    "meetings.coincidence.precursor",
    "money.trade.export.{b}",
    "money.remittances.{a}",
)

_COUNT_UNITS = ("states", "days", "organisations", "claims", "members", "meetings")
_COUNT_UNITS += ("documents", "passages", "mentions", "routes")


def num(x: Any, digits: int = 2) -> str:
    """A value for a table cell: thousands separators, whole numbers without decimals."""
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "–"
    if isinstance(x, bool):
        return "yes" if x else "no"
    if isinstance(x, int):
        return f"{x:,}" if abs(x) >= 10_000 else str(x)
    if isinstance(x, float):
        if math.isinf(x):
            return "∞" if x > 0 else "−∞"
        if abs(x) >= 1000 and x.is_integer():
            return f"{x:,.0f}"
        if abs(x) >= 1e6:
            return f"{x:,.0f}"
        return f"{x:,.{digits}f}"
    if isinstance(x, dt.date):
        return x.isoformat()
    return str(x)


def value(ind: Indicator) -> str:
    """An indicator's value with its unit."""
    if ind.unit in _COUNT_UNITS:
        whole = ind.value is None or float(ind.value).is_integer()
        return num(ind.value, 0 if whole else 1)
    suffix = {"percent": "%", "bn USD": " bn USD", "million": " m"}.get(ind.unit, "")
    return num(ind.value, 1 if ind.unit == "percent" else 2) + suffix


def plural(n: int | None, label: str) -> str:
    """``"1 member with figures"`` rather than ``"1 members with figures"``."""
    if n == 1:  # the first plural noun: "joint votes", "RUS meetings (9 CHN meetings)"
        label = _PLURAL.sub(lambda m: m[1] + {"s": ""}.get(m[2], m[2][:-2]), label, count=1)
    return f"{num(n)} {label}"


_PLURAL = re.compile(r"(?<![\w'])([a-z]+?)(ches|shes|xes|(?<!s)s)(?![\w'])")


def key_figures(card: Scorecard) -> list[Indicator]:
    """The summary's key figures: the indicators of :data:`KEY_FIGURES` the scorecard has."""
    by_id = {i.id: i for s in card.sections for i in s.indicators}
    ids = [k.format(a=card.a, b=card.b) for k in KEY_FIGURES]
    return [by_id[k] for k in ids if k in by_id]


def table(card: Scorecard, name: str, df: pl.DataFrame, limit: int = 40) -> dict[str, Any]:
    """A scorecard table as ``{title, columns (headings), rows (formatted cells), more}``."""
    title, spec = TABLES[name]
    if spec is None:  # memberships: one column per state, entry dates
        spec = [
            (c, _MEMBERSHIP_HEADINGS.get(c, c))
            for c in df.columns
            if _MEMBERSHIP_HEADINGS.get(c, c) is not None
        ]
    spec = [(c.format(a=card.a, b=card.b), h.format(a=card.a, b=card.b)) for c, h in spec]
    spec = [(c, h) for c, h in spec if c in df.columns]
    cols = [c for c, _ in spec]
    rows = [[num(v) for v in row] for row in df.select(cols).head(limit).iter_rows()]
    return {
        "title": title,
        "columns": [h for _, h in spec],
        "rows": rows,
        "more": max(0, df.height - limit),
    }


def tables(card: Scorecard, section) -> list[dict[str, Any]]:
    """The section's tables a report shows, in :data:`TABLES` order, empty ones left out."""
    return [
        table(card, name, section.tables[name])
        for name in TABLES
        if name in section.tables and section.tables[name].height
    ]


def sources(card: Scorecard) -> list[dict[str, str]]:
    """Every dataset the scorecard's numbers come from: id, title, version, licence, citation."""
    from accord import data
    from accord.citation import _dataset_bibtex
    from accord.errors import InputError

    seen, out = set(), []
    for sec in card.sections:
        for prov in sec.provenance:
            for src in prov.sources:
                if src.id in seen:
                    continue
                seen.add(src.id)
                entry = {"id": src.id, "title": src.id, "version": src.version}
                entry |= {"licence": "", "coverage": ""}
                try:
                    ds = data.get(src.id)
                except InputError:  # a dataset read from the user's files: its reference
                    entry["citation"] = _dataset_bibtex(src)
                else:
                    entry |= {"title": ds.title, "version": ds.version, "licence": ds.licence}
                    entry |= {"coverage": ds.coverage, "citation": ds.citation.strip()}
                out.append(entry)
    return out


def short_citation(bibtex: str) -> str:
    """``"Cohen (1960)"``, ``"Donges et al. (2016)"`` from a BibTeX entry ('' if none)."""
    bibtex = _unlatex(bibtex)
    author = re.search(r"author\s*=\s*\{(.*?)\},?\s*\n", bibtex, re.S)
    year = re.search(r"year\s*=\s*\{?(\d{4})", bibtex)
    if not author or not year:
        return ""
    names = [a.strip() for a in re.split(r"\s+and\s+", author.group(1).replace("\n", " "))]
    last = [n.split(",")[0].strip("{} ") if "," in n else n.split()[-1].strip("{}") for n in names]
    if len(last) == 1:
        who = last[0]
    elif len(last) == 2:
        who = f"{last[0]} and {last[1]}"
    else:
        who = f"{last[0]} et al."
    return f"{who} ({year.group(1)})"


_ACCENTS = {'"a': "ä", '"o': "ö", '"u': "ü", '"A': "Ä", '"O': "Ö", '"U': "Ü"}
_ACCENTS |= {"'e": "é", "'a": "á", "'o": "ó", "`e": "è", "`a": "à", "c{c}": "ç", "ss": "ß"}


def _unlatex(text: str) -> str:
    """BibTeX accents (``{\\"a}``, ``\\'e``) as Unicode letters, for display."""
    for k, v in _ACCENTS.items():
        text = text.replace("{\\" + k + "}", v).replace("\\" + k, v)
    return text


def methods(card: Scorecard) -> list[dict[str, str]]:
    """Every method reference of the scorecard: key, name, formula, short citation, BibTeX."""
    from accord.citation import METHODS

    seen, out = set(), []
    for sec in card.sections:
        for prov in sec.provenance:
            for key in prov.methods:
                if key in seen:
                    continue
                seen.add(key)
                name, formula = METHOD_NOTES.get(key, (key, ""))
                bib = METHODS.get(key, "")
                out.append(
                    {
                        "key": key,
                        "name": name,
                        "formula": formula,
                        "reference": short_citation(bib) or key,
                        "bibtex": bib,
                    }
                )
    return out


def streams(card: Scorecard) -> str:
    """The evidence streams the scorecard measured, for the report's kicker."""
    names = {"votes": "votes", "words": "words", "statements": "statements"}
    names |= {"meetings": "meetings", "money": "money"}
    done = [names[s.id] for s in card.sections if s.status == "ok" and s.id in names]
    if not done:
        return "no evidence measured"
    return done[0] if len(done) == 1 else ", ".join(done[:-1]) + " and " + done[-1]


def parameters(card: Scorecard) -> list[tuple[str, str]]:
    """The parameters the scorecard was made with, the unset ones left out."""
    return [(k, num(v)) for k, v in card.parameters.items() if v not in (None, [], ())]


def members(card: Scorecard) -> list[str]:
    """The region's members as ``"Kazakhstan (KAZ)"``."""
    return [f"{_countries.name(m)} ({m})" for m in card.members]
