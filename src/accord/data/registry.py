"""The registry of datasets accord knows: what they are, where they come from, how to cite.

Each entry is a :class:`Dataset` with its files (:class:`DataFile`: name, SHA-256, size,
remote URL, path under a mirror root). ``DATASETS`` is a plain tuple; a new dataset is one
more entry appended to it.

Two kinds of dataset:

- ``"embedded"`` — shipped inside the package in ``accord/data/files/`` (facts and
  figures only, with their provenance);
- ``"pullable"`` — downloaded on demand with ``accord data pull ID`` into the user cache,
  checked against the SHA-256 recorded here.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import Literal

from accord.errors import InputError

__all__ = ["DataFile", "Dataset", "DATASETS", "get"]


@dataclass(frozen=True)
class DataFile:
    """One file of a dataset.

    Parameters
    ----------
    name : str
        File name in the package folder ``accord/data/files/`` (embedded) or in the cache
        folder ``<cache>/<id>/<version>/`` (pullable).
    sha256 : str
        SHA-256 of the file's bytes, 64 lowercase hex digits.
    size : int
        Size in bytes.
    url : str or None
        Where the file is downloaded from; ``None`` for embedded files.
    mirror_path : str or None
        Path relative to a mirror root (``ACCORD_MIRROR``), with ``/`` separators, e.g.
        ``"unga_votes/ideal_points/IdealpointestimatesAll_Jun2024.csv"``.
    """

    name: str
    sha256: str
    size: int
    url: str | None = None
    mirror_path: str | None = None


@dataclass(frozen=True)
class Dataset:
    """A dataset accord can read: identity, licence, citation, coverage and files.

    Parameters
    ----------
    id : str
        Short identifier used everywhere (``accord data pull bsv-idealpoints``).
    title : str
        Human-readable title.
    version : str
        Version of the source release; pullable files are cached under this version.
    licence : str
        Licence of the data (e.g. ``"CC0 1.0"``).
    citation : str
        BibTeX, one or more entries.
    coverage : str
        Short text: what years, sessions and states are covered.
    homepage : str
        Where the data is published by its authors.
    kind : {"embedded", "pullable"}
        ``"embedded"`` files ship in the package; ``"pullable"`` files are downloaded into
        the cache with ``accord data pull``.
    files : tuple of DataFile
        The dataset's files.
    description : str
        What the data is, and anything a user should know about the copy we use.
    used_by : str
        Which parts of accord read it.
    converted : bool, default False
        The cached file is written by a converter (the module ``accord.data.<id>``, with
        ``-`` as ``_``) from the original archive or a ready file, not copied byte for byte:
        it is checked against the SHA-256 recorded in ``PROVENANCE.json`` when it was
        written. The registry's SHA-256 is that of the published ready file.
    """

    id: str
    title: str
    version: str
    licence: str
    citation: str
    coverage: str
    homepage: str
    kind: Literal["embedded", "pullable"]
    files: tuple[DataFile, ...]
    description: str = ""
    used_by: str = ""
    converted: bool = False

    def file(self, name: str | None = None) -> DataFile:
        """Return the file called *name*, or the only file when *name* is ``None``.

        Raises
        ------
        InputError
            If *name* is not one of the dataset's files, or is ``None`` and the dataset
            has several files.
        """
        names = [f.name for f in self.files]
        if name is None:
            if len(self.files) == 1:
                return self.files[0]
            raise InputError(
                f"dataset '{self.id}' has {len(self.files)} files ({', '.join(names)}); "
                f"name the one you want, e.g. path('{self.id}', '{names[0]}')."
            )
        for f in self.files:
            if f.name == name:
                return f
        raise InputError(
            f"dataset '{self.id}' has no file '{name}'{_suggest(name, names)} "
            f"Its files are: {', '.join(names)}."
        )


#: The Voeten–Strezhnev–Bailey dataverse entry, cited by every dataset built on it.
_VOETEN_DATA_CITATION = """\
@misc{voeten2009unvotes,
  author       = {Voeten, Erik and Strezhnev, Anton and Bailey, Michael},
  title        = {United Nations General Assembly Voting Data},
  publisher    = {Harvard Dataverse},
  year         = {2009},
  howpublished = {\\url{https://hdl.handle.net/1902.1/12379}},
  note         = {hdl:1902.1/12379}
}
"""

_BSV_CITATION = """\
@article{bailey2017estimating,
  author    = {Bailey, Michael A. and Strezhnev, Anton and Voeten, Erik},
  title     = {Estimating Dynamic State Preferences from United Nations Voting Data},
  journal   = {Journal of Conflict Resolution},
  volume    = {61},
  number    = {2},
  pages     = {430--456},
  year      = {2017},
  doi       = {10.1177/0022002715595700}
}

"""
_BSV_CITATION = _BSV_CITATION.rstrip() + "\n\n" + _VOETEN_DATA_CITATION

BSV_IDEALPOINTS = Dataset(
    id="bsv-idealpoints",
    title="Bailey–Strezhnev–Voeten UN General Assembly ideal points and agreement scores",
    version="Jun2024",
    licence="CC0 1.0",
    citation=_BSV_CITATION,
    coverage="sessions 1–78 (1946–2023), 197 states, 11,238 state-sessions",
    homepage="https://dataverse.harvard.edu/dataset.xhtml?persistentId=hdl:1902.1/12379",
    kind="pullable",
    files=(
        DataFile(
            name="IdealpointestimatesAll_Jun2024.csv",
            sha256="adaeca9a9d617afaf463f892a868fbfe17b33bbd6bdb613688d67f1b8dd6887d",
            size=1_921_465,
            url=(
                "https://raw.githubusercontent.com/tongyu03/"
                "DSE3101-Predictive-Modelling-of-Global-Trade-Flows/"
                "98ab7b673cf2c6415f6e86ba2e63eee0b51f07ae/data/IdealpointestimatesAll_Jun2024.csv"
            ),
            mirror_path="unga_votes/ideal_points/IdealpointestimatesAll_Jun2024.csv",
        ),
    ),
    description=(
        "One row per state and UN General Assembly session: the dynamic ideal point "
        "(IdealPointAll, with quantiles), the number of votes (NVotesAll) and the share of "
        "votes agreeing with the United States, Russia, Brazil, China, India and Israel "
        "(USAgree, RUSSAgree, BrazilAgree, ChinaAgree, IndiaAgree, IsraelAgree); states by "
        "COW code (ccode) and ISO3 (iso3c). The file is a third-party copy of the Dataverse "
        "file (GitHub tongyu03/DSE3101-Predictive-Modelling-of-Global-Trade-Flows, commit "
        "98ab7b6); the Dataverse original is quoted at 1,932,704 bytes against 1,921,465 "
        "here, likely a line-ending difference, content not verified against it."
    ),
    used_by="votes: reference values of the agreement measures (tests, README)",
)


_UNGA_CITATION = (
    _VOETEN_DATA_CITATION
    + """
@manual{robinson2021unvotes,
  author = {Robinson, David},
  title  = {unvotes: United Nations General Assembly Voting Data},
  year   = {2021},
  note   = {R package, https://github.com/dgrtwo/unvotes, commit 7eb7034}
}
"""
)

UNGA_VOTES = Dataset(
    id="unga-votes",
    title="UN General Assembly roll-call votes 1946–2019 (Voeten et al., via unvotes)",
    version="unvotes-2021-03-08",
    licence="CC0 1.0",
    citation=_UNGA_CITATION,
    coverage=(
        "sessions 1–74 (1946–2019; one vote in January 2020), 6,203 roll calls, "
        "199 states, 870,109 votes"
    ),
    homepage="https://dataverse.harvard.edu/dataset.xhtml?persistentId=hdl:1902.1/12379",
    kind="embedded",
    files=(
        DataFile(
            name="unga_votes.parquet",
            sha256="3b26e0c7f7490ba111687113809407e0c260281aa419ae29cb9b085bbd81db4b",
            size=172999,
        ),
        DataFile(
            name="unga_rollcalls.parquet",
            sha256="1ce016d013eed617b0ed02de118606cfdfcbc7f78d013bca130c2b0faf0087fe",
            size=57586,
        ),
    ),
    description=(
        "Votes (yes, abstain, no) of every state on every recorded General Assembly roll call, "
        "with session, date, resolution, amendment and paragraph flags, the State Department's "
        "important-vote flag and Voeten's issue tags (me, nu, di, hr, co, ec). Built by "
        "tools/build_votes.py from the CSV conversion of the unvotes R package data (commit "
        "7eb7034, 2021-03-08), which keeps yes/abstain/no only: absences and non-membership are "
        "not recorded. ISO2 codes converted to ISO3; the USSR's votes are Russia's (RUS), the "
        "China seat before October 1971 is TWN, Yugoslavia is YUG to session 54 and SRB from "
        "session 55. Input and output checksums: accord/data/files/unga_votes.provenance.json."
    ),
    used_by="votes: accord.votes.load(); assess: the votes section",
)

_ECONOMY_CITATION = """\
@misc{worldbank_wits,
  author       = {{World Bank}},
  title        = {World Integrated Trade Solution (WITS): Trade Summary, all countries, all years},
  howpublished = {\\url{https://wits.worldbank.org/}},
  note         = {underlying data: UN Comtrade; vintage with data to 2019}
}

@misc{worldbank_wdi,
  author       = {{World Bank}},
  title        = {World Development Indicators},
  howpublished = {\\url{https://databank.worldbank.org/source/world-development-indicators}},
  note         = {SP.POP.TOTL, NY.GDP.MKTP.CD, BX.TRF.PWKR.DT.GD.ZS, BX.TRF.PWKR.CD.DT, BX.KLT.DINV.CD.WD}
}

@misc{knomad2022,
  author       = {{World Bank/KNOMAD}},
  title        = {Bilateral Remittance Matrix 2021 and Bilateral Migration Matrix 2021},
  year         = {2022},
  howpublished = {\\url{https://www.knomad.org/data/remittances}},
  note         = {December 2022 version}
}

@misc{undesa2017,
  author       = {{United Nations, Department of Economic and Social Affairs, Population Division}},
  title        = {Trends in International Migrant Stock: Migrants by Destination and Origin},
  year         = {2017},
  note         = {UN/POP/MIG/Rev.2017}
}

@techreport{dreher2017aid,
  author      = {Dreher, Axel and Fuchs, Andreas and Parks, Bradley and Strange, Austin M. and Tierney, Michael J.},
  title       = {Aid, China, and Growth: Evidence from a New Global Development Finance Dataset},
  institution = {AidData at William \\& Mary},
  type        = {Working Paper},
  number      = {46},
  year        = {2017},
  note        = {Global Chinese Official Finance Dataset v1.0}
}

@techreport{custer2018ties,
  author      = {Custer, Samantha and Russell, Brooke and DiLorenzo, Matthew and Cheng, Mengfan and Ghose, Siddhartha and Sims, Jacob and Turner, Jennifer and Desai, Harsh},
  title       = {Ties That Bind: Quantifying China's Public Diplomacy and Its ``Good Neighbor'' Effect},
  institution = {AidData at William \\& Mary},
  year        = {2018},
  note        = {China Public Diplomacy Dashboard dataset v2.0}
}
"""

ECONOMY_FIGURES = Dataset(
    id="economy-figures",
    title="Economic figures: trade, remittances, migration, Chinese official finance (compact)",
    version="2026-11-30",
    licence="CC BY 4.0 (World Bank, AidData); UN terms of use (UN DESA); WITS terms",
    citation=_ECONOMY_CITATION,
    coverage=(
        "population and GDP of all countries 1960–2024; remittances % GDP of the Central Asian "
        "states, USA and world; KNOMAD 2021 corridors; UN 2017 migrant stocks of the former Soviet "
        "states; WITS top-5 partner trade of KAZ, KGZ, TKM, CHN, RUS, USA 1988–2019; AidData "
        "Chinese official finance 2000–2014"
    ),
    homepage="https://wits.worldbank.org/",
    kind="embedded",
    files=(
        DataFile(
            name="economy_figures.parquet",
            sha256="b23d70ea69e5834c525b32b1ae03217b5a0041b404b7712ecf0092aa2554d819",
            size=328435,
        ),
    ),
    description=(
        "One long table of figures (indicator, iso3, partner, year, flow, value, unit, source, "
        "mirrored), built by tools/build_economy.py from the public extracts described in each "
        "source's SOURCE.md; input and output checksums in "
        "accord/data/files/economy_figures.provenance.json. Trade comes from the WITS summaries, "
        "which list a partner only in years it was among the reporter's top five: partial by "
        "construction. Mirror rows (a partner's report seen from the other side) are flagged."
    ),
    used_by="economy: profile, claims check; assess: the money section",
)


_UNGDC_CITATION = """\
@article{jankin2025words,
  author  = {Jankin, Slava and Baturo, Alexander and Dasandi, Niheer},
  title   = {Words to Unite Nations: The Complete {UN} General Debate Corpus, 1946--Present},
  journal = {Journal of Peace Research},
  year    = {2025}
}

@article{baturo2017understanding,
  author  = {Baturo, Alexander and Dasandi, Niheer and Mikhaylov, Slava J.},
  title   = {Understanding State Preferences with Text as Data: Introducing the {UN} General Debate Corpus},
  journal = {Research \\& Politics},
  volume  = {4},
  number  = {2},
  year    = {2017},
  doi     = {10.1177/2053168017712821}
}

@misc{ungdc_dataverse,
  author       = {Jankin, Slava and Baturo, Alexander and Dasandi, Niheer},
  title        = {United Nations General Debate Corpus 1946--2024},
  version      = {V13},
  publisher    = {Harvard Dataverse},
  year         = {2017},
  doi          = {10.7910/DVN/0TJX8Y}
}
"""

UNGDC = Dataset(
    id="ungdc",
    title="UN General Debate Corpus (Jankin, Baturo, Dasandi), speeches 1946–2024",
    version="v13-1946-2024",
    licence="CC0 1.0",
    citation=_UNGDC_CITATION,
    coverage="sessions 1–79 (1946–2024), 10,952 speeches, 200 codes (incl. CSK, DDR, YUG, YMD, EU)",
    homepage="https://doi.org/10.7910/DVN/0TJX8Y",
    kind="pullable",
    converted=True,
    files=(
        DataFile(
            name="ungdc.parquet",
            sha256="ed4535402b42d1128d006423980d91bcb332fc590ef676eafaf92d4aab6aa1a9",
            size=70_640_955,
            url=None,
            mirror_path="ungdc/ungdc_1946_2024.parquet",
        ),
    ),
    description=(
        "One row per General Debate speech: country_iso3, session, year, filename, n_chars, "
        "text (UTF-8). `accord data pull ungdc` reads the original archive layout "
        "(`Session NN - YYYY/ISO_NN_YYYY.txt`, a zip or a folder; macOS `._*` and `.DS_Store` "
        "files are skipped) and converts it to parquet in the cache, or takes a ready parquet "
        "with these columns from a mirror (ACCORD_MIRROR: `ungdc/ungdc_1946_2024.parquet`, the "
        "SHA-256 above; `ungdc/UNGDC.zip` or `ungdc/TXT/`). Dataverse serves the archive "
        "behind a terms page, so there is no unattended URL: download it and run "
        "`accord.data.pull('ungdc', source=PATH)`. The cached file is checked against the "
        "SHA-256 recorded at conversion. Speech texts are never shipped with accord."
    ),
    used_by="texts: accord.texts.load_ungdc(); assess: the words section",
)


#: Every dataset accord knows. Append an entry to add a dataset.
DATASETS: tuple[Dataset, ...] = (UNGA_VOTES, ECONOMY_FIGURES, BSV_IDEALPOINTS, UNGDC)


def _suggest(typed: str, candidates: list[str]) -> str:
    close = difflib.get_close_matches(typed, candidates, n=1, cutoff=0.6)
    return f". Did you mean '{close[0]}'?" if close else "."


def get(id: str) -> Dataset:
    """Return the registry entry of dataset *id*.

    Parameters
    ----------
    id : str
        Dataset identifier, e.g. ``"bsv-idealpoints"``.

    Returns
    -------
    Dataset

    Raises
    ------
    InputError
        If *id* is not in the registry; the message suggests the closest identifier.

    Examples
    --------
    >>> from accord import data
    >>> data.get("bsv-idealpoints").licence
    'CC0 1.0'
    """
    for ds in DATASETS:
        if ds.id == id:
            return ds
    ids = [ds.id for ds in DATASETS]
    raise InputError(f"unknown dataset '{id}'{_suggest(id, ids)} `accord data list` shows all.")
