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

#: Every dataset accord knows. Append an entry to add a dataset.
DATASETS: tuple[Dataset, ...] = (UNGA_VOTES, BSV_IDEALPOINTS)


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
