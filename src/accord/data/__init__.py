"""Datasets: the registry, the user cache, checksummed pulls and citations.

accord reads two kinds of data. **Embedded** datasets ship inside the package (facts and
figures with their provenance); **pullable** ones are downloaded on demand into a user
cache with ``accord data pull ID`` (or :func:`pull`), checked against the SHA-256 in the
registry and recorded with their provenance. ``ACCORD_CACHE`` moves the cache;
``ACCORD_MIRROR`` points the puller at a local folder or a loopback URL (offline work, CI).

Examples
--------
>>> from accord import data
>>> data.get("bsv-idealpoints").kind
'pullable'
>>> print(data.citation("bsv-idealpoints").splitlines()[0])
@article{bailey2017estimating,
"""

from __future__ import annotations

from accord.data.cache import (
    cache_dir,
    citation,
    datasets,
    mirror,
    path,
    read_provenance,
    source,
    verify,
)
from accord.data.pull import pull
from accord.data.registry import DataFile, Dataset, get

__all__ = [
    "DataFile",
    "Dataset",
    "cache_dir",
    "citation",
    "datasets",
    "get",
    "mirror",
    "path",
    "pull",
    "read_provenance",
    "source",
    "verify",
]
