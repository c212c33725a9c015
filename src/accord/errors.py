"""The accord error hierarchy.

Every error accord raises on purpose is an :class:`AccordError`. Messages follow one
template: the thing as the user typed it, what was expected, what was received, and one
fix, e.g.::

    InputError: unknown country 'Kyrgystan' in pairs. Did you mean 'Kyrgyzstan' (KGZ)?

The command-line interface prints such errors on one line (``error: …``) and exits 1;
``--debug`` shows the traceback.
"""

from __future__ import annotations

__all__ = [
    "AccordError",
    "InputError",
    "DataError",
    "NotCachedError",
    "ChecksumError",
    "CoverageError",
    "MissingExtraError",
]


class AccordError(Exception):
    """Base class of every error accord raises on purpose."""


class InputError(AccordError, ValueError):
    """The user's input cannot be used: unknown country, malformed file, wrong columns."""


class DataError(AccordError):
    """A dataset is missing, damaged or does not cover what was asked."""


class NotCachedError(DataError):
    """A pullable dataset is not in the cache; the message names the pull command."""


class ChecksumError(DataError):
    """A file's SHA-256 does not match the registry (corrupt or partial download)."""


class CoverageError(DataError):
    """The data does not cover the requested years, sessions or countries."""


class MissingExtraError(AccordError, ImportError):
    """An optional dependency is needed; the message names the extra to install."""
