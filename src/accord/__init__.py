"""accord: measure whether states act in concert.

Alignment and coordination between powers, and between a region's states and those
powers, from votes, words, meetings and money.

>>> import accord
>>> rc = accord.votes.load()
>>> agree = accord.votes.agreement(rc, pairs=[("RUS", "CHN")], measure=["voeten", "kappa"])
>>> print(accord.cite(agree))  # doctest: +SKIP
"""

from __future__ import annotations

__version__ = "0.1.0"

from accord import countries, data, votes  # noqa: E402
from accord.citation import cite  # noqa: E402

__all__ = ["__version__", "cite", "countries", "data", "votes"]
