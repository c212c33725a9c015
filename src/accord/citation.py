"""Citations: :func:`cite` returns BibTeX for a result, a scorecard or a dataset id."""

from __future__ import annotations

import difflib
import re
from typing import Any

from accord.errors import InputError
from accord.provenance import Provenance, provenance_of

__all__ = ["cite", "METHODS"]

#: BibTeX of the methods accord implements, by citation key.
METHODS: dict[str, str] = {
    "lijphart1963": """@article{lijphart1963,
  author  = {Lijphart, Arend},
  title   = {The Analysis of Bloc Voting in the General Assembly: A Critique and a Proposal},
  journal = {American Political Science Review},
  volume  = {57},
  number  = {4},
  pages   = {902--917},
  year    = {1963}
}""",
    "voeten2000": """@article{voeten2000,
  author  = {Voeten, Erik},
  title   = {Clashes in the Assembly},
  journal = {International Organization},
  volume  = {54},
  number  = {2},
  pages   = {185--215},
  year    = {2000}
}""",
    "signorino1999": """@article{signorino1999,
  author  = {Signorino, Curtis S. and Ritter, Jeffrey M.},
  title   = {Tau-b or Not Tau-b: Measuring the Similarity of Foreign Policy Positions},
  journal = {International Studies Quarterly},
  volume  = {43},
  number  = {1},
  pages   = {115--144},
  year    = {1999}
}""",
    "cohen1960": """@article{cohen1960,
  author  = {Cohen, Jacob},
  title   = {A Coefficient of Agreement for Nominal Scales},
  journal = {Educational and Psychological Measurement},
  volume  = {20},
  number  = {1},
  pages   = {37--46},
  year    = {1960}
}""",
    "cohen1968": """@article{cohen1968,
  author  = {Cohen, Jacob},
  title   = {Weighted Kappa: Nominal Scale Agreement with Provision for Scaled Disagreement or
             Partial Credit},
  journal = {Psychological Bulletin},
  volume  = {70},
  number  = {4},
  pages   = {213--220},
  year    = {1968}
}""",
    "scott1955": """@article{scott1955,
  author  = {Scott, William A.},
  title   = {Reliability of Content Analysis: The Case of Nominal Scale Coding},
  journal = {Public Opinion Quarterly},
  volume  = {19},
  number  = {3},
  pages   = {321--325},
  year    = {1955}
}""",
    "hage2011": """@article{hage2011,
  author  = {H{\\"a}ge, Frank M.},
  title   = {Choice or Circumstance? Adjusting Measures of Foreign Policy Similarity for
             Chance Agreement},
  journal = {Political Analysis},
  volume  = {19},
  number  = {3},
  pages   = {287--305},
  year    = {2011}
}""",
    "hirschman1945": """@book{hirschman1945,
  author    = {Hirschman, Albert O.},
  title     = {National Power and the Structure of Foreign Trade},
  publisher = {University of California Press},
  address   = {Berkeley},
  year      = {1945}
}""",
    "herfindahl1950": """@phdthesis{herfindahl1950,
  author = {Herfindahl, Orris C.},
  title  = {Concentration in the U.S. Steel Industry},
  school = {Columbia University},
  year   = {1950}
}""",
    "finger1979": """@article{finger1979,
  author  = {Finger, J. M. and Kreinin, M. E.},
  title   = {A Measure of `Export Similarity' and Its Possible Uses},
  journal = {The Economic Journal},
  volume  = {89},
  number  = {356},
  pages   = {905--912},
  year    = {1979}
}""",
    "michaely1996": """@techreport{michaely1996,
  author      = {Michaely, Michael},
  title       = {Trade Preferential Agreements in Latin America: An Ex-Ante Assessment},
  institution = {World Bank},
  type        = {Policy Research Working Paper},
  number      = {1583},
  year        = {1996}
}""",
    "kojima1964": """@article{kojima1964,
  author  = {Kojima, Kiyoshi},
  title   = {The Pattern of International Trade among Advanced Countries},
  journal = {Hitotsubashi Journal of Economics},
  volume  = {5},
  number  = {1},
  pages   = {16--36},
  year    = {1964}
}""",
    "donges2016": """@article{donges2016,
  author  = {Donges, Jonathan F. and Schleussner, Carl-Friedrich and Siegmund, Jonatan F. and Donner, Reik V.},
  title   = {Event Coincidence Analysis for Quantifying Statistical Interrelationships between Event Time Series},
  journal = {The European Physical Journal Special Topics},
  volume  = {225},
  number  = {3},
  pages   = {471--487},
  year    = {2016}
}""",
    "sen1968": """@article{sen1968,
  author  = {Sen, Pranab Kumar},
  title   = {Estimates of the Regression Coefficient Based on Kendall's Tau},
  journal = {Journal of the American Statistical Association},
  volume  = {63},
  number  = {324},
  pages   = {1379--1389},
  year    = {1968}
}""",
    "broder1997": """@inproceedings{broder1997,
  author    = {Broder, Andrei Z.},
  title     = {On the Resemblance and Containment of Documents},
  booktitle = {Proceedings of the Compression and Complexity of Sequences 1997},
  publisher = {IEEE},
  pages     = {21--29},
  year      = {1997},
  doi       = {10.1109/SEQUEN.1997.666900}
}""",
    "leskovec2020mmds": """@book{leskovec2020mmds,
  author    = {Leskovec, Jure and Rajaraman, Anand and Ullman, Jeffrey D.},
  title     = {Mining of Massive Datasets},
  edition   = {3},
  chapter   = {3},
  publisher = {Cambridge University Press},
  year      = {2020}
}""",
    "smith1981": """@article{smith1981,
  author  = {Smith, Temple F. and Waterman, Michael S.},
  title   = {Identification of Common Molecular Subsequences},
  journal = {Journal of Molecular Biology},
  volume  = {147},
  number  = {1},
  pages   = {195--197},
  year    = {1981},
  doi     = {10.1016/0022-2836(81)90087-5}
}""",
    "monroe2008": """@article{monroe2008,
  author  = {Monroe, Burt L. and Colaresi, Michael P. and Quinn, Kevin M.},
  title   = {Fightin' Words: Lexical Feature Selection and Evaluation for Identifying the Content of Political Conflict},
  journal = {Political Analysis},
  volume  = {16},
  number  = {4},
  pages   = {372--403},
  year    = {2008},
  doi     = {10.1093/pan/mpn018}
}""",
    "dunning1993": """@article{dunning1993,
  author  = {Dunning, Ted},
  title   = {Accurate Methods for the Statistics of Surprise and Coincidence},
  journal = {Computational Linguistics},
  volume  = {19},
  number  = {1},
  pages   = {61--74},
  year    = {1993}
}""",
    "yates1934": """@article{yates1934,
  author  = {Yates, Frank},
  title   = {Contingency Tables Involving Small Numbers and the $\\chi^2$ Test},
  journal = {Supplement to the Journal of the Royal Statistical Society},
  volume  = {1},
  number  = {2},
  pages   = {217--235},
  year    = {1934}
}""",
    "benoit2018quanteda": """@article{benoit2018quanteda,
  author  = {Benoit, Kenneth and Watanabe, Kohei and Wang, Haiyan and Nulty, Paul and Obeng, Adam and M{\\"u}ller, Stefan and Matsuo, Akitaka},
  title   = {quanteda: An {R} Package for the Quantitative Analysis of Textual Data},
  journal = {Journal of Open Source Software},
  volume  = {3},
  number  = {30},
  pages   = {774},
  year    = {2018},
  doi     = {10.21105/joss.00774}
}""",
    "salton1988": """@article{salton1988,
  author  = {Salton, Gerard and Buckley, Christopher},
  title   = {Term-Weighting Approaches in Automatic Text Retrieval},
  journal = {Information Processing \\& Management},
  volume  = {24},
  number  = {5},
  pages   = {513--523},
  year    = {1988},
  doi     = {10.1016/0306-4573(88)90021-0}
}""",
    "jaccard1912": """@article{jaccard1912,
  author  = {Jaccard, Paul},
  title   = {The Distribution of the Flora in the Alpine Zone},
  journal = {New Phytologist},
  volume  = {11},
  number  = {2},
  pages   = {37--50},
  year    = {1912}
}""",
    "pedregosa2011": """@article{pedregosa2011,
  author  = {Pedregosa, Fabian and Varoquaux, Ga{\\"e}l and Gramfort, Alexandre and Michel, Vincent and Thirion, Bertrand and Grisel, Olivier and Blondel, Mathieu and Prettenhofer, Peter and Weiss, Ron and Dubourg, Vincent and Vanderplas, Jake and Passos, Alexandre and Cournapeau, David and Brucher, Matthieu and Perrot, Matthieu and Duchesnay, {\\'E}douard},
  title   = {Scikit-learn: Machine Learning in {P}ython},
  journal = {Journal of Machine Learning Research},
  volume  = {12},
  pages   = {2825--2830},
  year    = {2011}
}""",
}


def _entries(bibtex: str) -> list[tuple[str, str]]:
    """Split BibTeX text into (key, entry) pairs."""
    chunks = re.split(r"\n(?=@)", bibtex.strip())
    return [(re.match(r"@\w+\{([^,]+),", c).group(1), c.strip()) for c in chunks if c.strip()]


#: Datasets users read from their own files with accord's readers (not in accord's data
#: registry): BibTeX by source id. The entries of the WITS, WDI, UN DESA and AidData
#: datasets are those of the embedded economic figures, which come from the same releases.
DATASETS_READ: dict[str, str] = {
    "cepii-baci": """@techreport{gaulier2010baci,
  author      = {Gaulier, Guillaume and Zignago, Soledad},
  title       = {{BACI}: International Trade Database at the Product-Level. The 1994-2007 Version},
  institution = {CEPII},
  type        = {Working Paper},
  number      = {2010-23},
  year        = {2010}
}""",
    "un-comtrade": """@misc{uncomtrade,
  author       = {{United Nations Statistics Division}},
  title        = {{UN Comtrade} Database},
  howpublished = {\\url{https://comtradeplus.un.org}}
}""",
    "imf-dots": """@misc{imfdots,
  author       = {{International Monetary Fund}},
  title        = {Direction of Trade Statistics ({DOTS})},
  howpublished = {\\url{https://data.imf.org}}
}""",
}
_FROM_ECONOMY_FIGURES = {
    "wits-trade-summary": "worldbank_wits",
    "wb-wdi": "worldbank_wdi",
    "undesa-migrant-stock": "undesa2017",
    "aiddata-gcof": "dreher2017aid",
    "aiddata-public-diplomacy": "custer2018ties",
}


def _dataset_bibtex(src: Any) -> str:
    """BibTeX for a result's dataset: the registry's, a known external dataset's, or a
    @misc naming the source id, version and files (a dataset accord does not know)."""
    from accord import data

    try:
        return data.citation(src.id)
    except InputError:
        pass
    if src.id in DATASETS_READ:
        return DATASETS_READ[src.id]
    if src.id in _FROM_ECONOMY_FIGURES:
        entries = dict(_entries(data.citation("economy-figures")))
        return entries[_FROM_ECONOMY_FIGURES[src.id]]
    key = re.sub(r"[^A-Za-z0-9]+", "_", f"{src.id}_{src.version}").strip("_")
    files = "; ".join(f"{name} (SHA-256 {digest})" for name, digest in src.sha256.items())
    return (
        f"@misc{{{key},\n  title = {{{src.id}, version {src.version or 'unknown'}}},\n"
        f"  note  = {{Read with accord{': ' + files if files else ''}}}\n}}"
    )


def _from_provenance(provs: list[Provenance]) -> str:
    texts = [_dataset_bibtex(src) for prov in provs for src in prov.sources]
    texts += [METHODS[key] for prov in provs for key in prov.methods]
    unique = dict(entry for text in texts for entry in _entries(text))  # one per BibTeX key
    return "\n\n".join(unique.values()) + "\n"


def cite(obj: Any) -> str:
    """BibTeX for a result (data and methods), a scorecard, a dataset id or a method key.

    Parameters
    ----------
    obj : polars.DataFrame, Scorecard or str
        A table returned by accord (it carries its provenance), a scorecard from
        :func:`accord.assess.assess`, a dataset id such as ``"unga-votes"`` or a method key
        such as ``"cohen1960"``.

    Returns
    -------
    str
        BibTeX entries: datasets first, then methods; each once.

    Examples
    --------
    >>> import accord
    >>> print(accord.cite("unga-votes"))  # doctest: +ELLIPSIS
    @misc{voeten2009unvotes,...
    """
    from accord import data

    if isinstance(obj, str):
        ids = [d.id for d in data.registry.DATASETS]
        if obj in ids:
            return data.citation(obj).strip() + "\n"
        if obj in METHODS:
            return METHODS[obj] + "\n"
        close = difflib.get_close_matches(obj, ids + list(METHODS), n=1, cutoff=0.6)
        hint = f" Did you mean '{close[0]}'?" if close else ""
        raise InputError(
            f"nothing to cite for '{obj}'.{hint} Give a dataset id (`accord data list`), a "
            "method key or a result accord returned."
        )
    sections = getattr(obj, "sections", None)
    if sections is not None:
        provs = [p for s in sections for p in s.provenance]
        return _from_provenance(provs)
    prov = provenance_of(obj)
    if prov is None:
        raise InputError(
            f"no provenance recorded for this {type(obj).__name__}: derived tables (after "
            "filter, join …) lose it. Cite the original result or the dataset ids, e.g. "
            "accord.cite('unga-votes')."
        )
    return _from_provenance([prov])
